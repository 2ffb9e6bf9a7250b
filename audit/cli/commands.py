"""The audit commands run, batch, checks and version: options -> config -> pipeline -> reports."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from audit._version import __version__
from audit.cli.app import Tally, app, reporting_errors, say
from audit.cli.options import (
    AddressOption,
    CommandOptions,
    EngineOption,
    Invocation,
    ResumeOption,
    RootOption,
    RunOptions,
    build_config,
    with_shared_options,
)
from audit.cli.outcome import Printout, printout_for, stream_into
from audit.cli.progress import progress_bar
from audit.engine.state import STATE_DIR
from audit.errors import ConfigError
from audit.read.document import STDIN

if TYPE_CHECKING:
    from audit.embed import Encoder
    from audit.engine import Engine
    from audit.engine.state import StateStore
    from audit.read import ManifestProblem, ManifestRow
    from audit.report.stream import ReportStream


def _config(options: CommandOptions, resume: bool = False) -> Invocation:
    """The run's options; with ``quiet``, the model's loading bars are silenced too."""
    invocation = build_config(options, resume)
    if invocation.run.quiet:
        os.environ.setdefault("TQDM_DISABLE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    return invocation


def _encoder(invocation: Invocation) -> Encoder:
    """The run's encoder: the settings' model, backend and device; the run's batch and cache."""
    from audit.pipeline import encoder_for, prepare_judge

    run = invocation.run
    encoder = encoder_for(invocation.settings, run.batch_size, run.cache_dir, notice=say)
    prepare_judge(invocation.settings, notice=say)
    return encoder


def _check_out(run: RunOptions, inputs: Sequence[Path]) -> None:
    """Before any audit: ``--out`` can take the reports, and none of them replaces an input."""
    from audit.report import parse_formats, report_files
    from audit.report.files import check_out

    files = [p for p in inputs if str(p) != STDIN]
    check_out(run.out, files, report_files(parse_formats(run.format)))


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

      audit run tests/data/translation/harbour.en.txt tests/data/translation/harbour.de.txt
    """
    tally = Tally(len(derivatives))
    with reporting_errors(tally):
        from audit.pipeline import stream_documents

        invocation = _config(options)
        if [reference, *derivatives].count(Path(STDIN)) > 1:
            raise ConfigError(f"{STDIN} (standard input) can be given only once")
        _check_out(invocation.run, [reference, *derivatives])
        encoder = _encoder(invocation)
        with _reports(invocation.run) as (reports, printout):
            with progress_bar(len(derivatives), invocation.run.quiet) as bar:
                stream = stream_documents(
                    reference,
                    derivatives,
                    invocation.settings,
                    encoder,
                    progress=tally.counting(bar),
                    read=invocation.read,
                )
                stream_into([stream], reports, printout)
            printout.conclude(reports)


@app.command()
@with_shared_options
def batch(
    manifest: Annotated[Path, typer.Argument(help="CSV with columns reference,derivative.")],
    options: CommandOptions,
    resume: ResumeOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
    root: RootOption = None,
) -> None:
    """Audit every reference,derivative row of a manifest (paths relative to the manifest).

    Each finished derivative is saved under OUT/.audit-state/ as it completes; after an
    interrupted batch, --resume audits only what is left. A manifest reads only files under its
    own folder (or --root): a row naming another file is an error row.

    Examples:

      audit batch seeds/manifest.csv --out reports

      audit batch seeds/manifest.csv --format csv,html --quiet --fail-under 15

      audit batch seeds/manifest.csv --out reports --resume

      audit batch seeds/manifest.csv --engine ray --address 127.0.0.1:6379

      audit batch lists/today.csv --root ~/corpus --out reports
    """
    tally = Tally()
    with reporting_errors(tally):
        from audit.engine.state import StateStore
        from audit.read import read_manifest

        invocation = _config(options, resume)
        run, read = invocation.run, invocation.read
        state = StateStore(run.out / STATE_DIR, resume=resume)
        rows, problems = read_manifest(manifest, read.encoding, read.max_chars, root)
        _check_out(run, [manifest, *(p for r in rows for p in (r.reference, r.derivative))])
        tally.total, tally.state_folder = len(rows), state.folder
        job = _ManifestJob(manifest.name, tuple(rows), tuple(problems), state)
        with _reports(run) as (reports, printout):
            _audit_on(invocation, job, open_engine_for(engine, address), tally, (reports, printout))
            if resume:
                typer.echo(
                    f"Resumed {state.reused} finished derivative(s) from {state.folder}", err=True
                )
            printout.conclude(reports)


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
    invocation: Invocation,
    job: _ManifestJob,
    runner: Engine,
    tally: Tally,
    sinks: tuple[ReportStream, Printout],
) -> None:
    """Audit a manifest's rows on an engine (closed afterwards) into the reports, counting
    progress."""
    from audit.pipeline import stream_manifest_rows

    try:
        encoder = runner.encoder(functools.partial(_encoder, invocation))
        with progress_bar(len(job.rows), invocation.run.quiet) as bar:
            items = stream_manifest_rows(
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
            stream_into(items, *sinks)
    finally:
        runner.close()


@contextmanager
def _reports(run: RunOptions) -> Iterator[tuple[ReportStream, Printout]]:
    """The run's report stream (its parts in ``--out``) and its printout, closed on leaving."""
    from audit.report import parse_formats
    from audit.report.stream import ReportStream

    with ReportStream(run.out, parse_formats(run.format)) as reports, printout_for(run) as out:
        yield reports, out


CHECK_COLUMNS = ("check", "category", "severity", "pairs", "finds")


@app.command()
def checks(
    format: Annotated[
        str, typer.Option("--format", "-f", help="table (for people) or json (for programs).")
    ] = "table",
) -> None:
    """List every check: its name, the category of its findings, their default severity (the
    severity policy may raise or lower it per finding), the pairs it reads (any: translations
    too; same language; English) and what it finds.

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
            (name, c.category.value, c.default_severity.value, c.scope.name.lower(), c.description)
            for name, c in CHECKS.items()
        ]
        if format == "json":
            typer.echo(json.dumps([dict(zip(CHECK_COLUMNS, row, strict=True)) for row in rows]))
            return
        widths = [max(len(r[k]) for r in [CHECK_COLUMNS, *rows]) for k in range(4)]
        for row in [CHECK_COLUMNS, *rows]:
            typer.echo(
                "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=False))
                + "  "
                + row[4]
            )


@app.command()
def version() -> None:
    """Print the version.

    Example:

      audit version
    """
    typer.echo(__version__)
