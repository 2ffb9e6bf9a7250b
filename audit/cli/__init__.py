"""The command line: thin typer commands (options -> config -> pipeline -> reports).

``app``: the typer application and the one error funnel (``reporting_errors``); ``commands``:
run, batch, checks, version; ``bench``: the benchmark commands; ``models``: model files;
``options``: command-line options -> config; ``gates``: --fail-under / --fail-on;
``progress``: the progress bar on stderr.
"""

from __future__ import annotations

import signal

from audit.cli import bench, commands, models, translation  # noqa: F401 - registers commands
from audit.cli.app import EXIT_GATE, EXIT_INPUT, Terminated, app, one_line, reporting_errors

__all__ = ["EXIT_GATE", "EXIT_INPUT", "app", "main", "one_line", "reporting_errors"]


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM ends the run like Ctrl-C: temporary files are removed, finished state is kept,
    and the funnel says how far the run got (exit 143)."""
    raise Terminated


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    app()
