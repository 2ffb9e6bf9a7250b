"""Settings: everything that can change a number in a report, in one place.

Three kinds of option exist, and only the first is part of a report's signature and of the
resume key (``audit batch --resume`` reuses an audit only when its settings are the same):

- ``Settings`` (public alias ``AuditConfig``): model, backend, device, segmentation, aligner and
  check thresholds, severity overrides, disabled checks, the TER cap, accepted terms and ids.
- ``ReadOptions``: what text is read (``encoding``, ``max_chars``); the key already holds the text.
- run options (``audit.cli.options.RunOptions``): where reports go and how the run behaves.

One TOML file (``--config``) may set all three kinds: ``read_config`` sorts them.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.errors import ConfigError
from audit.settings import rules

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_CONFIG_CHARS = 1_000_000  # a config file larger than this (or /dev/zero) is refused


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
    relink_margin: float = 1.5
    """A decoded link moves to a reference sentence no other sentence claims when that sentence's
    log-odds are this much higher (a caption or headline never takes the lede's place); 0: never."""
    merge_gain: float = 0.1
    """A unit takes in an adjacent unlinked reference sentence if its cosine gains this much."""
    split_gain: float = 0.0
    """A unit takes in an adjacent unlinked derivative sentence (a split) if its cosine gains
    more than this ..."""
    split_min_cosine: float = 0.6
    """... and that sentence's own cosine with the unit's reference side is at least this."""
    cover_share: float = 0.4
    """A unit also takes in an adjacent unlinked sentence (either side) when its other side has
    this share of that sentence's content words, some of them not on its own side ... (0: never)"""
    cover_drop: float = 0.05
    """... and the unit's cosine falls by at most this when the sentence joins."""
    length_cover: float = 0.0
    """A unit whose length ratio (derivative over reference weights) is this many times the
    document's typical one (or that many times under it) also takes in an adjacent unlinked
    sentence of the short side that brings the ratio closer, its cosine falling by at most
    ``cover_drop`` (translations; 0: never)."""
    gap_min_cosine: float = 0.6
    """Unlinked sentences that sit in the same place on both sides (between the same two units,
    equally many) are linked one to one when their cosine is at least this (``audit.align.gaps``;
    above 1: never)."""
    max_span: int = 3
    """Largest number of sentences on one side of a unit."""
    keep_paragraphs: bool = False
    """No unit grows across a paragraph break of either side (translations keep paragraphs;
    rewrites join and cut them)."""

    def __post_init__(self) -> None:
        rules.check(self, rules.ALIGN, "align")


def cross_align() -> AlignConfig:
    """The aligner's settings for a translation (a cross-lingual pair): the match log-odds over
    the multilingual cosine and the anchors both sides share (figures, Latin-script names;
    ``audit.align.anchors``), refitted by ``benchmarks/fit_cross_align.py`` on the shared WMT
    documents (docs/crosslingual.md); clauses never join on shared words (``cover_share`` 0);
    multilingual cosines are lower, so units take in another original sentence on a smaller gain
    (``merge_gain``, chosen on the fitting halves); units keep within paragraphs."""
    return AlignConfig(
        match_weights=(16.57, 3.047, -1.572),
        log_odds_weights=(-6.225, 1.425, 2.03, 0.33, 0.542, 5.26, 2.621, 1.331),
        merge_gain=0.05,
        cover_share=0.0,
        length_cover=1.2,
        keep_paragraphs=True,
    )


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
    """A clause plainly dropped or added (nothing said in its place) from this many words is
    major (one carrying a name or a number too); reworded clauses are the clause scorer's."""
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

    def __post_init__(self) -> None:
        rules.check(self, rules.CHECKS, "checks")


@dataclass(frozen=True)
class Settings:
    """What changes a number in a report; the CLI, the TOML file and the API all build one."""

    model: str = DEFAULT_MODEL
    cross_model: str = "auto"
    """Encoder of translations (a reference and a derivative in different languages): ``auto``
    is the multilingual USE (the ``multilingual`` extra) unless ``model`` names another model,
    which then serves every pair; or a name as for ``model`` (``use-multilingual-v3``)."""
    backend: str = "auto"
    """Encoder: auto (ONNX when it can be exported, else torch), onnx or torch."""
    device: str = "cpu"
    max_sentence_chars: int = 2_000
    """Longest sentence piece: longer runs without a sentence end are cut at a space (this also
    bounds the segmenter's time on a huge single line)."""
    align: AlignConfig = field(default_factory=AlignConfig)
    cross_align: AlignConfig = field(default_factory=cross_align)
    """The aligner's settings for translations (TOML table ``[cross_align]``)."""
    checks: CheckConfig = field(default_factory=CheckConfig)
    severity_overrides: dict[str, str] = field(default_factory=dict)
    disabled_checks: tuple[str, ...] = ()
    ter_max_words: int = 80
    """TER only for units of at most this many words on both sides (see audit/score/ter.py)."""
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Reference terms and their accepted variants (``--terms``): those spellings are no finding."""
    ignore: tuple[str, ...] = ()
    """Ids of findings accepted in review (``--ignore``): left out of reports and gates."""

    def __post_init__(self) -> None:
        rules.check(self, rules.SETTINGS)

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


AuditConfig = Settings
"""The public name of the settings (kept from the first release)."""


@dataclass(frozen=True)
class ReadOptions:
    """What text is read from a path: its encoding and the largest document accepted."""

    encoding: str | None = None
    """Encoding of the input files when not UTF-8 (``--encoding``); UTF-16 is detected."""
    max_chars: int = 5_000_000
    """Longest document accepted (characters); larger files are refused (``--max-chars``)."""

    def __post_init__(self) -> None:
        rules.check(self, rules.READ)

    def replace(self, **changes: Any) -> ReadOptions:
        """A copy with some fields changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


RUN_KEYS = ("out", "format", "quiet", "fail_under", "fail_on", "batch_size", "cache_dir")
"""Run options a TOML file may set (read by ``audit.cli.options``, never part of a signature)."""
READ_KEYS = tuple(f.name for f in dataclasses.fields(ReadOptions))
SETTING_KEYS = tuple(f.name for f in dataclasses.fields(Settings))


@dataclass(frozen=True)
class ConfigFile:
    """A TOML file's options, sorted by kind; ``run`` holds raw values keyed as in RUN_KEYS."""

    settings: Settings = field(default_factory=Settings)
    read: ReadOptions = field(default_factory=ReadOptions)
    run: dict[str, Any] = field(default_factory=dict)


def load_config(path: Path | None) -> Settings:
    """The settings of a TOML file (defaults for what it does not set, or without a file)."""
    return read_config(path).settings


def read_config(path: Path | None) -> ConfigFile:
    """Read a TOML file of options: top-level keys of all three kinds, ``[align]``, ``[checks]``."""
    if path is None:
        return ConfigFile()
    from audit.read.source import read_path

    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"{path}: config file not found; check the --config path")
    try:
        data = tomllib.loads(read_path(path, _CONFIG_CHARS).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file") from None
    return _sorted(data, path)


def _sorted(data: dict[str, Any], path: Path) -> ConfigFile:
    align_data = _table(path, data, "align")
    cross_data = {**_fields(cross_align()), **_table(path, data, "cross_align")}
    checks_data = _table(path, data, "checks")
    unknown = set(data) - {*SETTING_KEYS, *READ_KEYS, *RUN_KEYS}
    if unknown:
        raise ConfigError(f"{path}: unknown option(s) {', '.join(sorted(unknown))}; see README")
    _check_table(path, "align", align_data, AlignConfig)
    _check_table(path, "cross_align", cross_data, AlignConfig)
    _check_table(path, "checks", checks_data, CheckConfig)
    _read_files(data, path)
    settings = {k: v for k, v in data.items() if k in SETTING_KEYS}
    try:  # every value is checked as the options are built (audit.settings.rules)
        return ConfigFile(
            settings=Settings(
                align=AlignConfig(**align_data),
                cross_align=_cross_table(cross_data),
                checks=CheckConfig(**checks_data),
                **settings,
            ),
            read=ReadOptions(**{k: v for k, v in data.items() if k in READ_KEYS}),
            run={k: v for k, v in data.items() if k in RUN_KEYS},
        )
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _table(path: Path, data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.pop(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {name} = {table!r:.40} is not valid; give an [{name}] table")
    return table


def _cross_table(values: dict[str, Any]) -> AlignConfig:
    """The ``[cross_align]`` table (its messages name it, not ``[align]``)."""
    try:
        return AlignConfig(**values)
    except ConfigError as exc:
        raise ConfigError(str(exc).replace("[align]", "[cross_align]", 1)) from None


def _fields(options: object) -> dict[str, Any]:
    return {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}  # type: ignore[arg-type]


def _check_table(path: Path, name: str, table: dict[str, Any], kind: type) -> None:
    bad = set(table) - {f.name for f in dataclasses.fields(kind)}
    if bad:
        raise ConfigError(f"{path}: unknown [{name}] option(s) {', '.join(sorted(bad))}")


def _read_files(data: dict[str, Any], path: Path) -> None:
    """File options of the TOML file, relative to its folder: ``terms`` and ``ignore`` are read,
    ``out`` and ``cache_dir`` are resolved; ``format`` may be a list."""
    from audit.checks.accept import load_ignore, load_terms

    folder = path.parent
    if "terms" in data:
        data["terms"] = load_terms(folder / str(data["terms"]))
    if "ignore" in data:
        data["ignore"] = load_ignore(folder / str(data["ignore"]))
    for key in ("out", "cache_dir"):
        if key in data:
            data[key] = str(folder / str(data[key]))
    if isinstance(data.get("format"), list):
        data["format"] = ",".join(str(f) for f in data["format"])
