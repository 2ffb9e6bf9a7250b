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
from audit.embed import prepare_onnx
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

models_app = typer.Typer(
    no_args_is_help=True,
    help="Prepare local model files (ONNX export for the fast encoder).",
)
app.add_typer(models_app, name="models")

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


def _config(
    config_file: Path | None,
    model: str | None,
    backend: str | None = None,
    device: str | None = None,
    cache: Path | None = None,
) -> AuditConfig:
    return load_config(config_file).replace(
        model=model, backend=backend, device=device, cache_dir=str(cache) if cache else None
    )


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
    backend: BackendOption = None,
    device: DeviceOption = None,
    cache: CacheOption = None,
) -> None:
    """Audit derivatives against one reference.

    Example:

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --out reports
    """
    with reporting_errors():
        formats = parse_formats(format)
        cfg = _config(config, model, backend, device, cache)
        result = audit_documents(reference, derivatives, cfg)
        _finish(BatchResult(results=(result,)), out, formats)


@app.command()
def batch(
    manifest: Annotated[Path, typer.Argument(help="CSV with columns reference,derivative.")],
    out: OutOption = Path("reports"),
    model: ModelOption = None,
    format: FormatOption = "csv",
    config: ConfigOption = None,
    backend: BackendOption = None,
    device: DeviceOption = None,
    cache: CacheOption = None,
) -> None:
    """Audit every reference,derivative row of a manifest (paths relative to the manifest).

    Example:

      audit batch seeds/manifest.csv --out reports
    """
    with reporting_errors():
        formats = parse_formats(format)
        cfg = _config(config, model, backend, device, cache)
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


@models_app.command("prepare")
def models_prepare(model: ModelOption = None) -> None:
    """Export the embedding model to ONNX under models/onnx/<model-hash>/ (needs torch once).

    Example:

      audit models prepare
    """
    with reporting_errors():
        folder = prepare_onnx(model or AuditConfig().model)
        typer.echo(f"ONNX export: {folder}")


@bench_app.command("speed")
def bench_speed(
    seeds: Annotated[Path, typer.Option(help="Folder with 000_*.txt and 00N_*.txt.")] = Path(
        "seeds"
    ),
    runs: Annotated[int, typer.Option(help="Repetitions; medians are reported.")] = 3,
    derivatives: Annotated[int, typer.Option(help="Perturbed derivatives in the batch.")] = 200,
    align_sentences: Annotated[int, typer.Option(help="Sentences per aligned document.")] = 10_000,
    raw_sample: Annotated[int, typer.Option(help="Sentences encoded by plain ST.")] = 500,
    mqm: Annotated[Path | None, typer.Option(help="MQM TSV for `audit bench mqm`.")] = None,
    only: Annotated[str, typer.Option(help="Comma-separated: cold,batch,align,mqm.")] = (
        "cold,batch,align,mqm"
    ),
    backend: Annotated[str, typer.Option(help="--backend of the cold runs.")] = "auto",
) -> None:
    """Speed figures (medians): cold seed run, batch throughput vs plain ST, align, bench mqm.

    Example:

      audit bench speed --runs 5 --mqm mqm_zhen_news23.tsv
    """
    from audit.bench.speed import SpeedOptions, run_speed

    with reporting_errors():
        sections = tuple(only.split(","))
        options = SpeedOptions(
            seeds, runs, derivatives, align_sentences, raw_sample, mqm, sections, backend
        )
        for f in run_speed(options, lambda line: typer.echo(line, err=True)):
            typer.echo(f"{f.name:<30} {f.value:>10.2f} {f.unit:<12} {f.detail}")


@bench_app.command("equivalence")
def bench_equivalence(
    file: Annotated[Path, typer.Argument(help="CSV/TSV file whose columns hold texts.")],
    column: Annotated[
        list[str] | None, typer.Option(help="Column(s) to read (default reference, target).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Read only the first N rows.")] = None,
    model: ModelOption = None,
) -> None:
    """Cosine between ONNX and torch vectors of every distinct text (must be >= 0.999).

    Example:

      audit bench equivalence mqm_zhen_news23.tsv --column reference --column target
    """
    from audit.bench.equivalence import THRESHOLD, compare, read_columns

    with reporting_errors():
        texts = read_columns(file, column or ["reference", "target"], limit)
        e = compare(texts, model or AuditConfig().model)
        typer.echo(
            f"{e.texts} texts: cosine min {e.minimum:.6f}, 1st percentile {e.p01:.6f}, "
            f"mean {e.mean:.6f}, {e.below} below {THRESHOLD}; "
            f"onnx {e.onnx_seconds:.1f} s, torch {e.torch_seconds:.1f} s"
        )
        if e.below:
            raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the version.

    Example:

      audit version
    """
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
