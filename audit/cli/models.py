"""The ``audit models`` commands: local model files (the ONNX export of the fast encoder)."""

from __future__ import annotations

import typer

from audit.cli.app import models_app, reporting_errors
from audit.cli.options import ModelOption
from audit.settings import AuditConfig


@models_app.command("prepare")
def models_prepare(model: ModelOption = None) -> None:
    """Export the embedding model to ONNX under models/onnx/<model-hash>/ (needs torch once).

    Example:

      audit models prepare
    """
    from audit.embed import prepare_onnx

    with reporting_errors():
        folder = prepare_onnx(model or AuditConfig().model)
        typer.echo(f"ONNX export: {folder}")
