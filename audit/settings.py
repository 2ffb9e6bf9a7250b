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

    match_weights: tuple[float, float, float] = (3.443, 4.249, 4.837)
    """Weights of the embedding cosine, the word (stem) TF-IDF cosine and the character n-gram
    TF-IDF cosine in the first-stage match score, whose row and column ranks feed the second."""
    log_odds_weights: tuple[float, ...] = (1.199, 1.525, 2.278, 0.844, 0.373, 0.513, 0.764, -2.209)
    """Logistic weights of the match log-odds (fitted on dev gold pairs): cosine, word cosine,
    character cosine, first-stage score minus its row maximum, minus its column maximum, best in
    its row, best in its column; then the intercept."""
    emission_scale: float = 0.835
    """Emission weight of a link state: exp(emission_scale * (log-odds - emission_offset))."""
    emission_offset: float = -1.871
    """Log-odds at which a link emits as much as "no counterpart"."""
    stay: float = 0.224
    """Transition weight: the next derivative sentence on the same reference sentence (a split)."""
    advance: float = 1.313
    """Transition weight: the next derivative sentence on the next reference sentence."""
    skip: float = 0.443
    """Transition weight: on the reference sentence after next (one omitted in between)."""
    jump: float = 0.450
    """Transition weight to any reference sentence, spread evenly over all of them (moves)."""
    leave: float = 0.579
    """Transition weight from a sentence (linked or not) to a sentence with no counterpart."""
    gap_stay: float = 0.797
    """Transition weight: another sentence with no counterpart after one."""
    gap_advance: float = 0.355
    """After an addition: the next reference sentence after the last linked one."""
    gap_skip: float = 0.139
    """After an addition: the reference sentence two after the last linked one."""
    gap_jump: float = 0.627
    """After an addition: any reference sentence, spread evenly."""
    link_posterior: float = 0.4
    """A derivative sentence is linked to its most probable reference sentence when that
    posterior probability exceeds this (else it has no counterpart)."""
    min_log_odds: float = -2.2
    """A link also needs this much evidence of its own: context promotes a weak match, it never
    links a sentence that matches nothing."""
    sure_log_odds: float = 1.0
    """A sentence whose best pair has these log-odds is linked to it whatever its context (an
    isolated moved sentence in a long document, where a jump's prior is spread thin)."""
    merge_gain: float = 0.1
    """A unit takes in an adjacent unlinked reference sentence if its cosine gains this much."""
    split_gain: float = 0.0
    """A unit takes in an adjacent unlinked derivative sentence (a split) if its cosine gains
    more than this ..."""
    split_min_cosine: float = 0.6
    """... and that sentence's own cosine with the unit's reference side is at least this."""
    max_span: int = 3
    """Largest number of sentences on one side of a unit."""


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds of the checks (see README "Checks" and "Severity policy")."""

    close_overlap: float = 0.3
    """Clause omissions and additions only compare aligned units whose derivative content words
    are at least this share found in the reference passage (below it, a loose rewrite)."""
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
    language_confidence: float = 0.8
    """A sentence of an English reference's derivative is in another language when the language
    identifier says so with at least this confidence."""


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
    from audit.checks.accept import load_ignore, load_terms

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
