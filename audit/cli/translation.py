"""The ``audit bench`` commands for translations: cross-lingual alignment, planted changes and
the expert error spans of the shared MQM files (docs/crosslingual.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from audit.cli.app import bench_app, reporting_errors
from audit.cli.commands import _config
from audit.cli.options import CommandOptions, ConfigOption

if TYPE_CHECKING:
    from audit.bench.parallel import ParallelDoc
    from audit.settings import Settings

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
    from audit.embed.multilingual import create_cross_encoder

    with reporting_errors():
        settings, docs = _inputs(tsv, original, translation, half, system, config)
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
    from audit.bench.planted import run_planted

    with reporting_errors():
        settings, docs = _inputs(tsv, original, translation, half, system, config)
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

    with reporting_errors():
        settings, docs = _inputs(tsv, original, translation, half, system, config)
        typer.echo(json.dumps(run_experts(docs, settings).as_dict()))


def _inputs(
    tsv: Path,
    original: str,
    translation: str,
    half: str,
    system: str | None,
    config: Path | None,
) -> tuple[Settings, list[ParallelDoc]]:
    """The settings of a bench command and the assembled documents of one system (or all)."""
    from audit.bench.parallel import read_parallel

    settings = _config(CommandOptions(config=config, quiet=True)).settings
    docs = read_parallel(tsv, original, translation, half)
    return settings, [d for d in docs if system is None or d.system == system]
