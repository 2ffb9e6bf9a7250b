"""The audit commands run, batch, checks and version: options -> config -> pipeline -> reports."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from audit._version import __version__
from audit.cli.app import EXIT_GATE, EXIT_INPUT, app, one_line, reporting_errors
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
from audit.records import BatchResult

if TYPE_CHECKING:
    from audit.embed import Encoder


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


def _finish(batch: BatchResult, run: RunOptions) -> None:
    """Write the reports, print the summary; exit 2 if a document failed, 1 if a gate failed."""
    from audit.report import parse_formats, write_reports

    written = write_reports(batch, run.out, parse_formats(run.format))
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
    with reporting_errors():
        from audit.pipeline import audit_documents

        invocation = _config(options)
        if [reference, *derivatives].count(Path(STDIN)) > 1:
            raise ConfigError(f"{STDIN} (standard input) can be given only once")
        encoder = _encoder(invocation)
        with progress_bar(len(derivatives), invocation.run.quiet) as progress:
            result = audit_documents(
                reference,
                derivatives,
                invocation.settings,
                encoder,
                progress=progress,
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
    with reporting_errors():
        from audit.engine import open_engine
        from audit.engine.state import StateStore
        from audit.pipeline import audit_manifest_rows
        from audit.read import read_manifest

        invocation = _config(options, resume)
        run, read = invocation.run, invocation.read
        state = StateStore(run.out / STATE_DIR, resume=resume)
        rows, problems = read_manifest(manifest, read.encoding, read.max_chars)
        runner = open_engine(engine, address)
        try:
            encoder = runner.encoder(functools.partial(_encoder, invocation))
            with progress_bar(len(rows), run.quiet) as progress:
                result = audit_manifest_rows(
                    manifest.name,
                    rows,
                    problems,
                    invocation.settings,
                    encoder,
                    progress,
                    state,
                    read,
                    runner,
                )
        finally:
            runner.close()
        if resume:
            typer.echo(
                f"Resumed {state.reused} finished derivative(s) from {state.folder}", err=True
            )
        _finish(result, run)


@app.command()
def checks() -> None:
    """List every check with a one-line description.

    Example:

      audit checks
    """
    from audit.checks import CHECKS

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
