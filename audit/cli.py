"""The command line: thin typer commands (options -> config -> pipeline -> reports).

``reporting_errors`` is the one place where an AuditError becomes ``Error: ...`` on stderr and
exit code 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from audit import __version__
from audit.checks import CHECKS
from audit.config import AuditConfig, load_config
from audit.errors import AuditError
from audit.pipeline import audit_documents, audit_manifest
from audit.records import BatchResult
from audit.report import parse_formats, write_reports

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


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn AuditError into a one-line message on stderr and exit code 2."""
    try:
        yield
    except AuditError as exc:
        typer.echo(f"Error: {exc}", err=True)
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


def _config(config_file: Path | None, model: str | None) -> AuditConfig:
    return load_config(config_file).replace(model=model)


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
        typer.echo(f"Error: {failed.message}", err=True)
    if batch.failures:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def run(
    reference: Annotated[Path, typer.Argument(help="The reference article.")],
    derivatives: Annotated[list[Path], typer.Argument(help="One or more derivatives.")],
    out: OutOption = Path("reports"),
    model: ModelOption = None,
    format: FormatOption = "csv",
    config: ConfigOption = None,
) -> None:
    """Audit derivatives against one reference.

    Example:

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --out reports
    """
    with reporting_errors():
        formats = parse_formats(format)
        cfg = _config(config, model)
        result = audit_documents(reference, derivatives, cfg)
        _finish(BatchResult(results=(result,)), out, formats)


@app.command()
def batch(
    manifest: Annotated[Path, typer.Argument(help="CSV with columns reference,derivative.")],
    out: OutOption = Path("reports"),
    model: ModelOption = None,
    format: FormatOption = "csv",
    config: ConfigOption = None,
) -> None:
    """Audit every reference,derivative row of a manifest (paths relative to the manifest).

    Example:

      audit batch seeds/manifest.csv --out reports
    """
    with reporting_errors():
        formats = parse_formats(format)
        cfg = _config(config, model)
        _finish(audit_manifest(manifest, cfg), out, formats)


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


@bench_app.command("mqm")
def bench_mqm(
    tsv: Annotated[Path, typer.Argument(help="MQM TSV file (reference, target, mqm_score, ...).")],
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N rows.")] = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    ter_max_words: Annotated[
        int, typer.Option("--ter-max-words", help="TER only for units up to N words (0: none).")
    ] = 0,
) -> None:
    """Audit each row's target against its reference; print one JSON object of figures.

    Example:

      audit bench mqm ../shared/bench/mqm/mqm_zhen_news23.tsv --limit 200
    """
    import json

    from audit.bench.mqm import run_mqm
    from audit.config import load_config
    from audit.embed import create_encoder

    with reporting_errors():
        cfg = load_config(config).replace(model=model, ter_max_words=ter_max_words)
        encoder = create_encoder(cfg.model, cfg.device, cfg.batch_size)
        typer.echo(json.dumps(run_mqm(tsv, cfg, encoder, limit)))


def main() -> None:
    """Console-script entry point."""
    app()
