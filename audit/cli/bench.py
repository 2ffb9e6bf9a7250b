"""The ``audit bench`` commands: benchmarks against public gold data, and speed figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from audit.cli.app import bench_app, reporting_errors
from audit.cli.commands import _config, _encoder
from audit.cli.options import CommandOptions, ConfigOption, ModelOption
from audit.settings import AuditConfig


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
    from audit.bench.align import bench_align

    with reporting_errors():
        invocation = _config(CommandOptions(model=model, config=config, quiet=True))
        encoder = _encoder(invocation)
        result = bench_align(file, encoder, invocation.settings, split, shuffle_blocks)
        typer.echo(json.dumps(result.as_dict()))


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


@bench_app.command("mqm")
def bench_mqm(
    tsv: Annotated[Path, typer.Argument(help="MQM TSV file (reference, target, mqm_score, ...).")],
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N rows.")] = None,
    half: Annotated[
        str,
        typer.Option(
            "--half",
            help="fit: rows of the first half of the sorted doc_ids; eval: the others; all.",
        ),
    ] = "all",
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

      audit bench mqm ../shared/bench/mqm/mqm_zhen_news23.tsv --half eval
    """
    from audit.bench.mqm import run_mqm

    with reporting_errors():
        invocation = _config(CommandOptions(model=model, config=config, quiet=True))
        settings = invocation.settings.replace(ter_max_words=ter_max_words)
        typer.echo(json.dumps(run_mqm(tsv, settings, _encoder(invocation), limit, half)))
