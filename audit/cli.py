"""The command line: thin typer commands (options -> config -> pipeline -> reports).

``reporting_errors`` is the one place where an AuditError becomes ``Error: ...`` on stderr and
exit code 2.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from audit import __version__
from audit.bench.align import bench_align
from audit.checks import CHECKS
from audit.config import AuditConfig
from audit.embed import prepare_onnx
from audit.errors import AuditError, ConfigError
from audit.gate import gate_failures, parse_severity
from audit.options import CommandOptions, build_config
from audit.pipeline import audit_documents, audit_manifest, encoder_for
from audit.progress import progress_bar
from audit.read import STDIN, read_manifest
from audit.records import BatchResult
from audit.report import parse_formats, write_reports
from audit.state import STATE_DIR, StateStore

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "Audit machine translations and rewrites against a reference article.\n\n"
        "Examples:\n\n"
        "  audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt -o reports\n\n"
        "  audit batch seeds/manifest.csv --out reports --format csv,xlsx,html,json\n\n"
        "  audit batch seeds/manifest.csv --quiet --fail-on critical --fail-under 15\n\n"
        "  audit checks"
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
EXIT_GATE = 1


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


OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Folder for the reports.", show_default="reports"),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="sentence-transformers model name or local folder."),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="Comma-separated report formats: csv, xlsx, html, json.",
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


def _options(parameters: dict[str, Any]) -> CommandOptions:
    """The shared options of a command, taken from its parameters by name (``locals()``)."""
    return CommandOptions(
        **{f.name: parameters[f.name] for f in dataclasses.fields(CommandOptions)}
    )


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
        cfg = _config(_options(locals()))
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
    """
    with reporting_errors():
        cfg = _config(_options(locals()))
        state = StateStore(Path(cfg.out) / STATE_DIR, resume=resume)
        total = len(read_manifest(manifest)[0])
        with progress_bar(total, cfg.quiet) as progress:
            result = audit_manifest(manifest, cfg, progress=progress, state=state)
        if resume:
            typer.echo(
                f"Resumed {state.reused} finished derivative(s) from {state.folder}", err=True
            )
        _finish(result, cfg)


@bench_app.command("align")
def bench_align_command(
    file: Annotated[Path, typer.Argument(help="JSONL of aligned sentence lists (see README).")],
    split: Annotated[str, typer.Option("--split", help="dev, test or all.")] = "test",
    shuffle_blocks: Annotated[
        int | None,
        typer.Option("--shuffle-blocks", help="Seed: shuffle each derivative in blocks of 2-4."),
    ] = None,
    model: ModelOption = None,
    config: ConfigOption = None,
) -> None:
    """Score the aligner against sentence-alignment gold; prints one JSON object.

    Example:

      audit bench align ../shared/bench/align/aesop_gnat.jsonl --split dev --shuffle-blocks 1
    """
    with reporting_errors():
        cfg = _config(CommandOptions(model=model, config=config, quiet=True))
        encoder = encoder_for(cfg)
        result = bench_align(file, encoder, cfg, split, shuffle_blocks)
        typer.echo(json.dumps(result.as_dict()))


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


@bench_app.command("mqm")
def bench_mqm(
    tsv: Annotated[Path, typer.Argument(help="MQM TSV file (reference, target, mqm_score, ...).")],
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N rows.")] = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    ter_max_words: Annotated[
        int | None,
        typer.Option(
            "--ter-max-words",
            help="TER only for units up to N words (0: none; default: as audit run).",
        ),
    ] = None,
) -> None:
    """Audit each row's target against its reference; print one JSON object of figures.

    Example:

      audit bench mqm ../shared/bench/mqm/mqm_zhen_news23.tsv --limit 200
    """
    from audit.bench.mqm import run_mqm

    with reporting_errors():
        cfg = _config(CommandOptions(model=model, config=config, quiet=True))
        if ter_max_words is not None:
            cfg = cfg.replace(ter_max_words=ter_max_words)
        typer.echo(json.dumps(run_mqm(tsv, cfg, encoder_for(cfg), limit)))


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: temporary files are removed, finished state is kept."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    app()
