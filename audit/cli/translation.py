"""The ``audit bench`` commands for translations: cross-lingual alignment, planted changes and
the expert error spans of the shared MQM files (docs/crosslingual.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from audit.cli.app import bench_app, reporting_errors
from audit.cli.commands import _config
from audit.cli.options import CommandOptions, ConfigOption

OriginalOption = Annotated[
    str, typer.Option("--original", help="Column of the original: reference or source.")
]
TranslationOption = Annotated[
    str, typer.Option("--translation", help="Column of the translation: target or reference.")
]
HalfOption = Annotated[
    str, typer.Option("--half", help="fit: the first half of the sorted doc_ids; eval; all.")
]
SystemOption = Annotated[
    str | None, typer.Option("--system", help="Only this system's translations (e.g. refA).")
]


@bench_app.command("crossalign")
def bench_crossalign_command(
    tsv: Annotated[Path, typer.Argument(help="MQM TSV with the original and its translation.")],
    original: OriginalOption = "reference",
    translation: TranslationOption = "target",
    half: HalfOption = "all",
    system: SystemOption = None,
    shuffle: Annotated[
        int | None, typer.Option("--shuffle", help="Seed: shuffle the translation's paragraphs.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Align translations with their originals; segment-identity F1 as one JSON object.

    Examples:

      audit bench crossalign ../shared/bench/mqm/mqm_ende_news23.tsv --shuffle 1

      audit bench crossalign ../shared/bench/mqm/mqm_zhen_news23.tsv --original source
      --translation reference
    """
    from audit.bench.crossalign import bench_crossalign
    from audit.bench.parallel import read_parallel
    from audit.embed.multilingual import create_cross_encoder

    with reporting_errors():
        settings = _config(CommandOptions(config=config, quiet=True)).settings
        docs = read_parallel(tsv, original, translation, half)
        docs = [d for d in docs if system is None or d.system == system]
        encoder = create_cross_encoder(settings)
        result = bench_crossalign(docs, encoder, settings, shuffle)
        typer.echo(json.dumps(result.as_dict()))


@bench_app.command("planted")
def bench_planted_command(
    tsv: Annotated[Path, typer.Argument(help="MQM TSV with the original and its translation.")],
    original: OriginalOption = "reference",
    translation: TranslationOption = "target",
    system: SystemOption = "refA",
    half: HalfOption = "all",
    copies: Annotated[int, typer.Option("--copies", help="Copies of each kind per document.")] = 2,
    show: Annotated[bool, typer.Option("--show", help="List misses and false alarms.")] = False,
    config: ConfigOption = None,
) -> None:
    """Plant one change per copy of each translation; share found per kind, false alarms.

    Example:

      audit bench planted ../shared/bench/mqm/mqm_ende_news23.tsv --system refA --copies 2
    """
    from audit.bench.parallel import read_parallel
    from audit.bench.planted import run_planted

    with reporting_errors():
        settings = _config(CommandOptions(config=config, quiet=True)).settings
        docs = [d for d in read_parallel(tsv, original, translation, half)
                if system is None or d.system == system]  # fmt: skip
        tally = run_planted(docs, settings, copies)
        if show:
            for line in [*tally.missed, *tally.false_alarms]:
                typer.echo(line, err=True)
        typer.echo(json.dumps(tally.as_dict()))


@bench_app.command("experts")
def bench_experts_command(
    tsv: Annotated[Path, typer.Argument(help="MQM TSV with expert error spans per paragraph.")],
    original: OriginalOption = "reference",
    translation: TranslationOption = "target",
    system: SystemOption = None,
    half: HalfOption = "all",
    config: ConfigOption = None,
) -> None:
    """Findings against the raters' error spans, per paragraph of whole translations (JSON).

    Example:

      audit bench experts ../shared/bench/mqm/mqm_ende_news23.tsv
    """
    from audit.bench.experts import run_experts
    from audit.bench.parallel import read_parallel

    with reporting_errors():
        settings = _config(CommandOptions(config=config, quiet=True)).settings
        docs = [d for d in read_parallel(tsv, original, translation, half)
                if system is None or d.system == system]  # fmt: skip
        typer.echo(json.dumps(run_experts(docs, settings).as_dict()))
