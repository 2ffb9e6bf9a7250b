"""The ``audit models`` commands: the ONNX exports in the per-user model cache.

``--model-cache DIR`` (or ``AUDIT_MODEL_CACHE``) moves the cache; see ``audit.embed.store``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from audit.cli.app import models_app, reporting_errors, say
from audit.cli.options import ModelOption
from audit.errors import ConfigError
from audit.settings import AuditConfig

ModelCacheOption = Annotated[
    Path | None,
    typer.Option(
        "--model-cache",
        help="Per-user model cache (default $AUDIT_MODEL_CACHE, else $XDG_CACHE_HOME/audit, "
        "else ~/.cache/audit).",
    ),
]


def _use_cache(folder: Path | None) -> None:
    """Point this command at another model cache folder (audit.embed loads numpy: imported here,
    not at the top, so that ``audit --help`` stays light)."""
    from audit.embed.store import CACHE_ENV

    if folder is not None:
        os.environ[CACHE_ENV] = str(folder.expanduser().resolve())


@models_app.command("prepare")
def models_prepare(model: ModelOption = None, model_cache_dir: ModelCacheOption = None) -> None:
    """Export the embedding model and the meaning judge to ONNX in the model cache (needs
    torch, once per model).

    Example:

      audit models prepare
    """
    from audit.embed import prepare_onnx
    from audit.judge.model import shipped

    with reporting_errors():
        _use_cache(model_cache_dir)
        folder = prepare_onnx(model or AuditConfig().model, notice=say)
        typer.echo(f"ONNX export: {folder}")
        typer.echo(f"Meaning judge: {shipped().prepare(notice=say)}")


@models_app.command("list")
def models_list(model_cache_dir: ModelCacheOption = None) -> None:
    """List the ONNX exports in the model cache: weight hash, size, model it came from.

    Example:

      audit models list
    """
    from audit.embed.store import exports, model_cache

    with reporting_errors():
        _use_cache(model_cache_dir)
        found = exports()
        typer.echo(f"Model cache: {model_cache()}")
        typer.echo(f"{'weights':<12}  {'MB':>6}  model")
        for export in found:
            typer.echo(f"{export.weights:<12}  {export.size / 1e6:>6.1f}  {export.model or '?'}")
        if not found:
            typer.echo("(no exports yet: `audit run` or `audit models prepare` makes one)")


@models_app.command("remove")
def models_remove(
    weights: Annotated[
        list[str] | None, typer.Argument(help="Weight hashes (or unique prefixes) to remove.")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Remove every export.")] = False,
    model_cache_dir: ModelCacheOption = None,
) -> None:
    """Remove ONNX exports from the model cache (the next run exports the model again).

    Examples:

      audit models remove 53aa51172d14

      audit models remove --all
    """
    from audit.embed.store import exports, remove_export

    with reporting_errors():
        _use_cache(model_cache_dir)
        chosen = [e.weights for e in exports()] if every else list(weights or [])
        if not chosen and not every:
            raise ConfigError(
                "audit models remove: give a weight hash from `audit models list`, or --all"
            )
        for digest in chosen:
            typer.echo(f"Removed {remove_export(digest)}")
