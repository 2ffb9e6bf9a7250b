"""Command-line options -> settings, read options and run options: the config file first, then
what the command line gives.

Kept out of the commands so the commands stay thin; every value is checked here, before any
document is read, so a bad option costs no audit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from audit.errors import ConfigError
from audit.records import Severity
from audit.report import parse_formats
from audit.settings import ReadOptions, Settings, read_config, rules


@dataclass(frozen=True)
class CommandOptions:
    """The options shared by ``audit run`` and ``audit batch``; None means "not given"."""

    out: Path | None = None
    model: str | None = None
    cross_model: str | None = None
    format: str | None = None
    config: Path | None = None
    quiet: bool = False
    fail_under: float | None = None
    fail_on: str | None = None
    terms: Path | None = None
    ignore: Path | None = None
    encoding: str | None = None
    max_chars: int | None = None
    backend: str | None = None
    device: str | None = None
    cache: Path | None = None


@dataclass(frozen=True)
class RunOptions:
    """Where the reports go and how the run behaves: nothing here changes a number in a report,
    so none of it is in the signature or the resume key."""

    out: Path = Path("reports")
    format: str = "csv"
    """Comma-separated report formats (``--format``)."""
    quiet: bool = False
    fail_under: float | None = None
    fail_on: str | None = None
    batch_size: int = 64
    """Sentences per encoder call."""
    cache_dir: Path | None = None
    """Folder of the on-disk embedding cache (``--cache``)."""
    resume: bool = False

    def __post_init__(self) -> None:
        rules.check(self, RUN_RULES)


def _formats(value: object) -> bool:
    return isinstance(value, str) and bool(parse_formats(value))  # its own message if unknown


def _severity(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


RUN_RULES = {
    "out": rules.FOLDER,
    "format": rules.Rule("a comma-separated list of csv, xlsx, html, json, parquet", _formats),
    "quiet": rules.FLAG,
    "fail_under": rules.optional(rules.number(0, 100)),
    "fail_on": rules.optional(
        rules.Rule("one of critical, major, minor", rules.choice(*Severity).ok, _severity)
    ),
    "batch_size": rules.whole(1),
    "cache_dir": rules.optional(rules.FOLDER),
    "resume": rules.FLAG,
}


@dataclass(frozen=True)
class Invocation:
    """One command's options, sorted by kind (see ``audit.settings``)."""

    settings: Settings
    read: ReadOptions
    run: RunOptions


def build_config(options: CommandOptions, resume: bool = False) -> Invocation:
    """The config file's options, overridden by those given on the command line, validated."""
    from audit.checks.accept import load_ignore, load_terms

    file = read_config(options.config)
    settings = file.settings.replace(
        model=options.model,
        cross_model=options.cross_model,
        terms=load_terms(options.terms) if options.terms else None,
        ignore=load_ignore(options.ignore) if options.ignore else None,
        backend=options.backend,
        device=options.device,
    )
    read = file.read.replace(encoding=options.encoding, max_chars=options.max_chars)
    try:  # the file's run options alone first, so that a bad one is reported with the file
        RunOptions(**file.run)
    except ConfigError as exc:
        raise ConfigError(f"{options.config}: {exc}") from None
    return Invocation(settings, read, _run_options(file.run, options, resume))


def _run_options(from_file: dict[str, Any], options: CommandOptions, resume: bool) -> RunOptions:
    """Run options: the command line's over the config file's over the defaults."""
    given = {
        "out": options.out,
        "format": options.format,
        "quiet": options.quiet or None,
        "fail_under": options.fail_under,
        "fail_on": options.fail_on,
        "cache_dir": options.cache,
    }
    values = {**from_file, **{k: v for k, v in given.items() if v is not None}}
    return RunOptions(**values, resume=resume)


OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Folder for the reports.", show_default="reports"),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="sentence-transformers model name or local folder."),
]
CrossModelOption = Annotated[
    str | None,
    typer.Option(
        "--cross-model",
        help="Encoder of translations (a derivative in another language): auto (USE "
        "Multilingual, the multilingual extra), use, or a sentence-transformers model.",
        show_default="auto",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="Comma-separated report formats: csv, xlsx, html, json, parquet.",
        show_default="csv",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML file of options (see README).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]
FailUnderOption = Annotated[
    float | None,
    typer.Option("--fail-under", help="Exit 1 if any derivative's fidelity is under this (0-100)."),
]
FailOnOption = Annotated[
    str | None,
    typer.Option(
        "--fail-on", help="Exit 1 if any finding is this severe or worse: critical, major or minor."
    ),
]
TermsOption = Annotated[
    Path | None,
    typer.Option(
        "--terms",
        help="CSV of reference term, accepted variants...: those spellings are no finding.",
    ),
]
IgnoreOption = Annotated[
    Path | None,
    typer.Option(
        "--ignore",
        help="File of accepted finding ids (one a line, or a CSV with an "
        "id column): left out of reports.",
    ),
]

EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Encoding of the input files when not UTF-8 (e.g. cp1252); UTF-16 is detected.",
    ),
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option("--max-chars", min=1, help="Largest document accepted, in characters."),
]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend", help="Encoder: auto (ONNX, exported on first use; else torch), onnx, torch."
    ),
]
DeviceOption = Annotated[
    str | None, typer.Option("--device", help="cpu or cuda (GPU when available).")
]
CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", help="Folder of an on-disk embedding cache shared by runs."),
]


ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Skip derivatives already audited with the same settings (OUT/.audit-state/).",
    ),
]


EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where the audits run: local (this machine) or ray (a running Ray cluster; "
        "the ray extra). Reports are the same.",
    ),
]
RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Folder the manifest's files must lie under (default: the manifest's own folder); "
        "/proc, /sys and /dev are never read.",
    ),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="Ray cluster HOST:PORT for --engine ray (default: RAY_ADDRESS or the local one).",
    ),
]


SHARED_OPTIONS: dict[str, tuple[Any, Any]] = {
    "out": (OutOption, None),
    "model": (ModelOption, None),
    "cross_model": (CrossModelOption, None),
    "format": (FormatOption, None),
    "config": (ConfigOption, None),
    "quiet": (QuietOption, False),
    "fail_under": (FailUnderOption, None),
    "fail_on": (FailOnOption, None),
    "terms": (TermsOption, None),
    "ignore": (IgnoreOption, None),
    "encoding": (EncodingOption, None),
    "max_chars": (MaxCharsOption, None),
    "backend": (BackendOption, None),
    "device": (DeviceOption, None),
    "cache": (CacheOption, None),
}
"""The options ``audit run`` and ``audit batch`` share: annotation (help, flags) and default,
by the name of their ``CommandOptions`` field."""


def with_shared_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared options, declared once: the command takes ``options:
    CommandOptions`` and typer sees each shared option as its own parameter."""
    own = inspect.signature(command, eval_str=True).parameters.values()
    positional = [p for p in own if p.name != "options" and p.default is p.empty]
    keyword = [p for p in own if p.name != "options" and p.default is not p.empty]
    shared = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=d, annotation=a)
        for name, (a, d) in SHARED_OPTIONS.items()
    ]
    parameters = [*positional, *shared, *keyword]

    def wrapper(**values: Any) -> None:
        options = CommandOptions(**{name: values.pop(name) for name in SHARED_OPTIONS})
        command(options=options, **values)

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper
