"""AuditConfig: every threshold and default in one place, optionally read from a TOML file."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class AlignConfig:
    """Thresholds of the aligner (tuned on the dev split of the alignment gold)."""

    threshold: float = 0.25
    """A link earns cosine minus this; an addition earns 0 (the "no counterpart" decision)."""
    advance_bonus: float = 0.15
    """Bonus when neighbouring derivative sentences link to consecutive reference sentences."""
    skip_bonus: float = 0.05
    """Bonus when they link to reference sentences two apart (one omitted in between)."""
    split_bonus: float = 0.05
    """Bonus when neighbouring derivative sentences link to the same reference sentence."""
    paragraph_split_bonus: float = 0.15
    """Extra split bonus inside one derivative paragraph where the reference sentence is also
    the sentence's own best match (a translation splits a sentence within its paragraph)."""
    gap_memory: bool = True
    """Whether local order survives an addition in between (j, none, j+1 still advances)."""
    merge_gain: float = 0.1
    """A unit takes in an adjacent unlinked reference sentence if its cosine gains this much."""
    max_span: int = 3
    """Largest number of sentences on one side of a unit."""
    lexical_weight: float = 0.5
    """Share of the TF-IDF word-overlap cosine in the similarity that decides links."""


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds of the checks (see README "Checks" and "Severity policy")."""

    close_similarity: float = 0.6
    """Word-level checks (name, number, quote, mistranslation, clause omissions/additions) only
    compare units at least this similar (cosine): below it a unit is a loose rewrite."""
    close_overlap: float = 0.3
    """... and whose derivative content words are at least this share found in the reference."""
    clause_words: int = 4
    """A dropped or added run inside an aligned unit is reported from this many content words
    on (content words the other document has nowhere)."""
    major_omission_words: int = 15
    """An omitted reference sentence from this many words on is major (fewer: minor)."""
    major_addition_words: int = 12
    """An added derivative sentence from this many words on is major (fewer: minor)."""
    major_clause_words: int = 8
    """A dropped/added clause from this many words is major (a dropped one carrying a name or a
    number too)."""
    duplicate_ratio: float = 85.0
    """Two paragraphs at least this similar (rapidfuzz ratio, 0-100) are duplicates."""
    duplicate_words: int = 5
    """Paragraphs shorter than this are never reported as duplicates."""
    sourced_share: float = 1 / 3
    """An unaligned sentence is an addition only when at least this share of its content words
    is found nowhere in the reference (else it restates reference content aligned elsewhere)."""
    name_ratio: float = 50.0
    """rapidfuzz ratio from which two capitalised words in the same slot name the same entity
    (a moved name needs this + 15)."""
    quote_exact: float = 0.8
    """A quote with no changed content word is the reference's when this share of its words is
    found in order in a reference quote (or they share three words in a row)."""
    quote_related: float = 0.35
    """Below this share (and no three words in a row) a quote has no counterpart quote."""
    max_flip_words: int = 5
    """Diff operations longer than this are rewrites, not negation flips."""
    passage_chars: int = 12
    """An untranslated run of this many letters or more is a passage (critical)."""


@dataclass(frozen=True)
class AuditConfig:
    """Options of one audit run; the CLI, the TOML file and the API all build one of these."""

    model: str = DEFAULT_MODEL
    backend: str = "auto"
    device: str = "cpu"
    batch_size: int = 64
    encoding: str | None = None
    max_chars: int = 5_000_000
    """Longest document accepted (characters); larger files are refused (``--max-chars``)."""
    max_sentence_chars: int = 2_000
    """Longest sentence piece: longer runs without a sentence end are cut at a space (this also
    bounds the segmenter's time on a huge single line)."""
    align: AlignConfig = field(default_factory=AlignConfig)
    checks: CheckConfig = field(default_factory=CheckConfig)
    severity_overrides: dict[str, str] = field(default_factory=dict)
    disabled_checks: tuple[str, ...] = ()
    ter_max_words: int = 80
    """TER only for units of at most this many words on both sides (see audit/ter.py)."""
    cache_dir: str | None = None
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Reference terms and their accepted variants (``--terms``): those spellings are no finding."""
    ignore: tuple[str, ...] = ()
    """Ids of findings accepted in review (``--ignore``): left out of reports and gates."""
    out: str = "reports"
    """Folder for the reports (``--out``)."""
    format: str = "csv"
    """Comma-separated report formats (``--format``): csv, xlsx, html, json."""
    quiet: bool = False
    """No progress bar on stderr (``--quiet``)."""
    fail_under: float | None = None
    """Exit 1 when a derivative's fidelity is under this (``--fail-under``)."""
    fail_on: str | None = None
    """Exit 1 when a derivative has a finding this severe or worse (``--fail-on``)."""

    def replace(self, **changes: Any) -> AuditConfig:
        """A copy with some fields changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_config(path: Path | None, base: AuditConfig | None = None) -> AuditConfig:
    """Read a TOML file of options (top-level keys and an ``[align]`` table) over ``base``."""
    config = base or AuditConfig()
    if path is None:
        return config
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; check the --config path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file") from None
    return _apply(config, data, path)


def _apply(config: AuditConfig, data: dict[str, Any], path: Path) -> AuditConfig:
    known = {f.name for f in dataclasses.fields(AuditConfig)}
    align_data = data.pop("align", {})
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{path}: unknown option(s) {', '.join(sorted(unknown))}; see README")
    align_known = {f.name for f in dataclasses.fields(AlignConfig)}
    bad_align = set(align_data) - align_known
    if bad_align:
        raise ConfigError(f"{path}: unknown [align] option(s) {', '.join(sorted(bad_align))}")
    checks_data = data.pop("checks", {})
    bad_checks = set(checks_data) - {f.name for f in dataclasses.fields(CheckConfig)}
    if bad_checks:
        raise ConfigError(f"{path}: unknown [checks] option(s) {', '.join(sorted(bad_checks))}")
    if checks_data:
        data["checks"] = dataclasses.replace(config.checks, **checks_data)
    if "disabled_checks" in data:
        data["disabled_checks"] = tuple(data["disabled_checks"])
    _read_files(data, path)
    align = dataclasses.replace(config.align, **align_data)
    return dataclasses.replace(config, align=align, **data)


def _read_files(data: dict[str, Any], path: Path) -> None:
    """File options of the TOML file, relative to its folder: ``terms`` and ``ignore`` are read,
    ``out`` is resolved; ``format`` may be a list."""
    from audit.ignore import load_ignore
    from audit.terms import load_terms

    folder = path.parent
    if "terms" in data:
        data["terms"] = load_terms(folder / str(data["terms"]))
    if "ignore" in data:
        data["ignore"] = load_ignore(folder / str(data["ignore"]))
    if "out" in data:
        data["out"] = str(folder / str(data["out"]))
    if isinstance(data.get("format"), list):
        data["format"] = ",".join(str(f) for f in data["format"])
    if "fail_under" in data:
        data["fail_under"] = float(data["fail_under"])
