"""The command line: thin typer commands (options -> config -> pipeline -> reports).

``reporting_errors`` is the one place where an AuditError becomes ``Error: ...`` on stderr and
exit code 2.
"""

from __future__ import annotations

import signal
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from audit import __version__
from audit.checks import CHECKS
from audit.config import AuditConfig, load_config
from audit.errors import AuditError, ConfigError
from audit.pipeline import audit_documents, audit_manifest
from audit.read import STDIN
from audit.read.text import check_encoding
from audit.records import BatchResult
from audit.report import parse_formats, write_reports
from audit.state import STATE_DIR, StateStore

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "Audit machine translations and rewrites against a reference article.\n\n"
        "Example:\n\n"
        "  audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --out reports\n\n"
        "  audit batch seeds/manifest.csv --out reports"
    ),
)

bench_app = typer.Typer(
    no_args_is_help=True,
    help="Benchmarks against public gold data and speed measurements (data paths are arguments).",
)
app.add_typer(bench_app, name="bench")

EXIT_INPUT = 2


def one_line(message: str) -> str:
    """A message with control characters (a newline in a file name) escaped: one line always."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch)[0] == "C" else ch
        for ch in message
    )


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn AuditError into a one-line message on stderr and exit code 2."""
    try:
        yield
    except AuditError as exc:
        typer.echo(f"Error: {one_line(str(exc))}", err=True)
        raise typer.Exit(EXIT_INPUT) from None


OutOption = Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports.")]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="sentence-transformers model name or local folder."),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Comma-separated report formats: csv.")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML file of options (see README).")
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


def _config(
    config_file: Path | None,
    model: str | None,
    encoding: str | None = None,
    max_chars: int | None = None,
) -> AuditConfig:
    config = load_config(config_file).replace(
        model=model, encoding=encoding, max_chars=max_chars
    )
    check_encoding(config.encoding)
    return config


def _finish(batch: BatchResult, out: Path, formats: list[str]) -> None:
    """Write the reports, print the summary, and exit 2 if any document failed."""
    written = write_reports(batch, out, formats)
    for result in batch.results:
        for audit in result.audits:
            s = audit.summary
            typer.echo(
                f"{audit.derivative.document.name}: fidelity {s.fidelity:.1f}, "
                f"coverage {s.coverage:.0%}, {s.critical} critical, {s.major} major, "
                f"{s.minor} minor"
            )
    typer.echo(f"Reports: {', '.join(str(p) for p in written)}")
    for failed in batch.failures:
        typer.echo(f"Error: {one_line(failed.message)}", err=True)
    if batch.failures:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def run(
    reference: Annotated[Path, typer.Argument(help="The reference article.")],
    derivatives: Annotated[
        list[Path], typer.Argument(help="One or more derivatives; - reads one from stdin.")
    ],
    out: OutOption = Path("reports"),
    model: ModelOption = None,
    format: FormatOption = "csv",
    config: ConfigOption = None,
    encoding: EncodingOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Audit derivatives against one reference (.txt, .md, .html, .docx; - for stdin).

    Example:

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --out reports

      cat translated.txt | audit run seeds/000_f9f4761fe1795f31.txt - --out reports
    """
    with reporting_errors():
        formats = parse_formats(format)
        cfg = _config(config, model, encoding, max_chars)
        if [reference, *derivatives].count(Path(STDIN)) > 1:
            raise ConfigError(f"{STDIN} (standard input) can be given only once")
        result = audit_documents(reference, derivatives, cfg)
        _finish(BatchResult(results=(result,)), out, formats)


@app.command()
def batch(
    manifest: Annotated[Path, typer.Argument(help="CSV with columns reference,derivative.")],
    out: OutOption = Path("reports"),
    model: ModelOption = None,
    format: FormatOption = "csv",
    config: ConfigOption = None,
    encoding: EncodingOption = None,
    max_chars: MaxCharsOption = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help=f"Skip derivatives already audited with the same settings ({STATE_DIR}/).",
        ),
    ] = False,
) -> None:
    """Audit every reference,derivative row of a manifest (paths relative to the manifest).

    Each finished derivative is saved under OUT/.audit-state/ as it completes; after an
    interrupted batch, --resume audits only what is left.

    Example:

      audit batch seeds/manifest.csv --out reports

      audit batch seeds/manifest.csv --out reports --resume
    """
    with reporting_errors():
        formats = parse_formats(format)
        cfg = _config(config, model, encoding, max_chars)
        state = StateStore(out / STATE_DIR, resume=resume)
        result = audit_manifest(manifest, cfg, state=state)
        if resume:
            typer.echo(f"Resumed {state.reused} finished derivative(s) from {state.folder}",
                       err=True)
        _finish(result, out, formats)


@app.command()
def checks() -> None:
    """List every check with a one-line description.

    Example:

      audit checks
    """
    for name, check in CHECKS.items():
        typer.echo(
            f"{name:<15} {check.category.value:<15} {check.default_severity.value:<9} "
            f"{check.description}"
        )


@app.command()
def version() -> None:
    """Print the version.

    Example:

      audit version
    """
    typer.echo(__version__)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: temporary files are removed, finished state is kept."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    app()
