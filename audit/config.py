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
