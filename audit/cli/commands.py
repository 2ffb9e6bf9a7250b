"""The audit commands run, batch, checks and version: options -> config -> pipeline -> reports."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from audit._version import __version__
from audit.checks import CHECKS
from audit.cli.app import EXIT_GATE, EXIT_INPUT, app, one_line, reporting_errors
from audit.cli.gates import gate_failures, parse_severity
from audit.cli.options import (
    AddressOption,
    BackendOption,
    CacheOption,
    CommandOptions,
    ConfigOption,
    DeviceOption,
    EncodingOption,
    EngineOption,
    FailOnOption,
    FailUnderOption,
    FormatOption,
    IgnoreOption,
    MaxCharsOption,
    ModelOption,
    OutOption,
    QuietOption,
    TermsOption,
    build_config,
    command_options,
)
from audit.cli.progress import progress_bar
from audit.engine import open_engine
from audit.engine.state import STATE_DIR, StateStore
from audit.errors import ConfigError
from audit.pipeline import audit_documents, audit_manifest
from audit.read import STDIN, read_manifest
from audit.records import BatchResult
from audit.report import parse_formats, write_reports
from audit.settings import AuditConfig


def _config(options: CommandOptions) -> AuditConfig:
    """The run's config; with ``quiet``, the model's loading bars are silenced too."""
    cfg = build_config(options)
    if cfg.quiet:
        os.environ.setdefault("TQDM_DISABLE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    return cfg


def _finish(batch: BatchResult, cfg: AuditConfig) -> None:
    """Write the reports, print the summary; exit 2 if a document failed, 1 if a gate failed."""
    written = write_reports(batch, Path(cfg.out), parse_formats(cfg.format))
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
    reasons = gate_failures(batch, cfg.fail_under, parse_severity(cfg.fail_on))
    for reason in reasons:
        typer.echo(f"Failed: {reason}", err=True)
    if reasons:
        raise typer.Exit(EXIT_GATE)


@app.command()
def run(
    reference: Annotated[Path, typer.Argument(help="The reference article.")],
    derivatives: Annotated[
        list[Path], typer.Argument(help="One or more derivatives; - reads one from stdin.")
    ],
    out: OutOption = None,
    model: ModelOption = None,
    format: FormatOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
    fail_under: FailUnderOption = None,
    fail_on: FailOnOption = None,
    terms: TermsOption = None,
    ignore: IgnoreOption = None,
    encoding: EncodingOption = None,
    max_chars: MaxCharsOption = None,
    backend: BackendOption = None,
    device: DeviceOption = None,
    cache: CacheOption = None,
) -> None:
    """Audit derivatives against one reference (.txt, .md, .html, .docx; - for stdin).

    Examples:

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --out reports

      audit run seeds/000_f9f4761fe1795f31.txt seeds/00[1-4]_*.txt -f xlsx,html,json

      audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt --fail-on major

      cat translated.txt | audit run seeds/000_f9f4761fe1795f31.txt - --out reports
    """
    with reporting_errors():
        cfg = _config(command_options(locals()))
        if [reference, *derivatives].count(Path(STDIN)) > 1:
            raise ConfigError(f"{STDIN} (standard input) can be given only once")
        with progress_bar(len(derivatives), cfg.quiet) as progress:
            result = audit_documents(reference, derivatives, cfg, progress=progress)
        _finish(BatchResult(results=(result,)), cfg)


@app.command()
def batch(
    manifest: Annotated[Path, typer.Argument(help="CSV with columns reference,derivative.")],
    out: OutOption = None,
    model: ModelOption = None,
    format: FormatOption = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
    fail_under: FailUnderOption = None,
    fail_on: FailOnOption = None,
    terms: TermsOption = None,
    ignore: IgnoreOption = None,
    encoding: EncodingOption = None,
    max_chars: MaxCharsOption = None,
    backend: BackendOption = None,
    device: DeviceOption = None,
    cache: CacheOption = None,
    engine: EngineOption = "local",
    address: AddressOption = None,
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

    Examples:

      audit batch seeds/manifest.csv --out reports

      audit batch seeds/manifest.csv --format csv,html --quiet --fail-under 15

      audit batch seeds/manifest.csv --out reports --resume

      audit batch seeds/manifest.csv --engine ray --address 127.0.0.1:6379
    """
    with reporting_errors():
        cfg = _config(command_options(locals()))
        state = StateStore(Path(cfg.out) / STATE_DIR, resume=resume)
        total = len(read_manifest(manifest)[0])
        runner = open_engine(engine, address)
        try:
            with progress_bar(total, cfg.quiet) as progress:
                result = audit_manifest(manifest, cfg, None, progress, state, runner)
        finally:
            runner.close()
        if resume:
            typer.echo(
                f"Resumed {state.reused} finished derivative(s) from {state.folder}", err=True
            )
        _finish(result, cfg)


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
