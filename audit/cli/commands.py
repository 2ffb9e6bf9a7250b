"""The audit commands run, batch, checks and version: options -> config -> pipeline -> reports."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from audit._version import __version__
from audit.cli.app import EXIT_GATE, EXIT_INPUT, Tally, app, one_line, reporting_errors
from audit.cli.gates import gate_failures, parse_severity
from audit.cli.options import (
    AddressOption,
    CommandOptions,
    EngineOption,
    Invocation,
    ResumeOption,
    RunOptions,
    build_config,
    with_shared_options,
)
from audit.cli.progress import progress_bar
from audit.engine.state import STATE_DIR
from audit.errors import ConfigError
from audit.read.document import STDIN
from audit.records import BatchResult, DocumentSummary
from audit.report.verdict import verdict_of

if TYPE_CHECKING:
    from audit.embed import Encoder
    from audit.engine import Engine
    from audit.engine.state import StateStore
    from audit.read import ManifestProblem, ManifestRow


def _config(options: CommandOptions, resume: bool = False) -> Invocation:
    """The run's options; with ``quiet``, the model's loading bars are silenced too."""
    invocation = build_config(options, resume)
    if invocation.run.quiet:
        os.environ.setdefault("TQDM_DISABLE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    return invocation


def _encoder(invocation: Invocation) -> Encoder:
    """The run's encoder: the settings' model, backend and device; the run's batch and cache."""
    from audit.pipeline import encoder_for

    run = invocation.run
    return encoder_for(invocation.settings, run.batch_size, run.cache_dir)


def _check_out(run: RunOptions, inputs: Sequence[Path]) -> None:
    """Before any audit: ``--out`` can take the reports, and none of them replaces an input."""
    from audit.report import parse_formats, write_reports
    from audit.report.files import check_out

    formats = parse_formats(run.format)
    files = [p for p in inputs if str(p) != STDIN]
    check_out(run.out, files, lambda: write_reports(BatchResult(results=()), run.out, formats))


def summary_line(s: DocumentSummary) -> str:
    """A derivative's verdict and figures, as summary.csv has them (coverage a share, 0-1)."""
    return (
        f"{verdict_of(s).value}; fidelity {s.fidelity:.1f}, coverage {s.coverage:.2f}, "
        f"{s.critical} critical, {s.major} major, {s.minor} minor"
    )


def _finish(batch: BatchResult, run: RunOptions) -> None:
    """Write the reports, print the summary; exit 2 if a document failed, 1 if a gate failed.

    A run that audited no derivative writes no report (earlier ones stay as they were).
    """
    from audit.report import parse_formats, write_reports

    for failed in batch.failures:
        typer.echo(f"Error: {one_line(failed.message)}", err=True)
    if not any(result.audits for result in batch.results):
        typer.echo(
            f"No derivative could be audited: no report was written to {one_line(str(run.out))}",
            err=True,
        )
        raise typer.Exit(EXIT_INPUT)
    written = write_reports(batch, run.out, parse_formats(run.format))
    for result in batch.results:
        for audit in result.audits:
            name = one_line(audit.derivative.document.name)
            typer.echo(f"{name}: {summary_line(audit.summary)}")
    typer.echo(f"Reports: {one_line(', '.join(str(p) for p in written))}")
    if batch.failures:
        raise typer.Exit(EXIT_INPUT)
    reasons = gate_failures(batch, run.fail_under, parse_severity(run.fail_on))
    for reason in reasons:
        typer.echo(f"Failed: {reason}", err=True)
    if reasons:
        raise typer.Exit(EXIT_GATE)


@app.command()
@with_shared_options
def run(
    reference: Annotated[Path, typer.Argument(help="The reference article.")],
    derivatives: Annotated[
        list[Path], typer.Argument(help="One or more derivatives; - reads one from stdin.")
    ],
    options: CommandOptions,
) -> None:
    """Audit derivatives against one reference (.txt, .md, .html, .docx; - for stdin).

    Examples:

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --out reports

      audit run seeds/000_f9f4761fe1795f31.txt seeds/00[1-4]_*.txt -f xlsx,html,json

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --fail-on major

      cat translated.txt | audit run seeds/000_f9f4761fe1795f31.txt - --out reports
    """
    tally = Tally(len(derivatives))
    with reporting_errors(tally):
        from audit.pipeline import audit_documents

        invocation = _config(options)
        if [reference, *derivatives].count(Path(STDIN)) > 1:
            raise ConfigError(f"{STDIN} (standard input) can be given only once")
        _check_out(invocation.run, [reference, *derivatives])
        encoder = _encoder(invocation)
        with progress_bar(len(derivatives), invocation.run.quiet) as bar:
            result = audit_documents(
                reference,
                derivatives,
                invocation.settings,
                encoder,
                progress=tally.counting(bar),
                read=invocation.read,
            )
        _finish(BatchResult(results=(result,)), invocation.run)


@app.command()
@with_shared_options
def batch(
    manifest: Annotated[Path, typer.Argument(help="CSV with columns reference,derivative.")],
    options: CommandOptions,
    resume: ResumeOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
) -> None:
    """Audit every reference,derivative row of a manifest (paths relative to the manifest).

    Each finished derivative is saved under OUT/.audit-state/ as it completes; after an
    interrupted batch, --resume audits only what is left.

    Examples:

      audit batch seeds/manifest.csv --out reports

      audit batch seeds/manifest.csv --format csv,html --quiet --fail-under 15

      audit batch seeds/manifest.csv --out reports --resume

      audit batch seeds/manifest.csv --engine ray --address 127.0.0.1:6379
    """
    tally = Tally()
    with reporting_errors(tally):
        from audit.engine.state import StateStore
        from audit.read import read_manifest

        invocation = _config(options, resume)
        run, read = invocation.run, invocation.read
        state = StateStore(run.out / STATE_DIR, resume=resume)
        rows, problems = read_manifest(manifest, read.encoding, read.max_chars)
        _check_out(run, [manifest, *(p for r in rows for p in (r.reference, r.derivative))])
        tally.total, tally.state_folder = len(rows), state.folder
        job = _ManifestJob(manifest.name, tuple(rows), tuple(problems), state)
        result = _audit_on(invocation, job, open_engine_for(engine, address), tally)
        if resume:
            typer.echo(
                f"Resumed {state.reused} finished derivative(s) from {state.folder}", err=True
            )
        _finish(result, run)


@dataclass(frozen=True)
class _ManifestJob:
    """A manifest already read, and the store its finished audits go to."""

    name: str
    rows: tuple[ManifestRow, ...]
    problems: tuple[ManifestProblem, ...]
    state: StateStore


def open_engine_for(engine: str, address: str | None) -> Engine:
    """The engine named on the command line (``--engine``, ``--address``)."""
    from audit.engine import open_engine

    return open_engine(engine, address)


def _audit_on(
    invocation: Invocation, job: _ManifestJob, runner: Engine, tally: Tally
) -> BatchResult:
    """Audit a manifest's rows on an engine (closed afterwards), counting progress."""
    from audit.pipeline import audit_manifest_rows

    try:
        encoder = runner.encoder(functools.partial(_encoder, invocation))
        with progress_bar(len(job.rows), invocation.run.quiet) as bar:
            return audit_manifest_rows(
                job.name,
                job.rows,
                job.problems,
                invocation.settings,
                encoder,
                tally.counting(bar),
                job.state,
                invocation.read,
                runner,
            )
    finally:
        runner.close()


CHECK_COLUMNS = ("check", "category", "severity", "finds")


@app.command()
def checks(
    format: Annotated[
        str, typer.Option("--format", "-f", help="table (for people) or json (for programs).")
    ] = "table",
) -> None:
    """List every check: its name, the category of its findings, their default severity (the
    severity policy may raise or lower it per finding) and what it finds.

    Examples:

      audit checks

      audit checks --format json
    """
    import json

    from audit.checks import CHECKS

    with reporting_errors():
        if format not in ("table", "json"):
            raise ConfigError(f"--format {format!r}: audit checks prints table or json")
        rows = [
            (name, c.category.value, c.default_severity.value, c.description)
            for name, c in CHECKS.items()
        ]
        if format == "json":
            typer.echo(json.dumps([dict(zip(CHECK_COLUMNS, row, strict=True)) for row in rows]))
            return
        widths = [max(len(r[k]) for r in [CHECK_COLUMNS, *rows]) for k in range(3)]
        for row in [CHECK_COLUMNS, *rows]:
            typer.echo(
                "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=False))
                + "  "
                + row[3]
            )


@app.command()
def version() -> None:
    """Print the version.

    Example:

      audit version
    """
    typer.echo(__version__)
