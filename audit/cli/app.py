"""The typer application and the one place where an AuditError becomes an exit code.

``reporting_errors`` turns an AuditError into ``Error: ...`` (one line) on stderr and exit code 2,
and an interrupt (Ctrl-C, SIGTERM) into ``Interrupted: ...`` (how many derivatives were audited
and saved, and how to continue) and exit code 130 or 143; gate failures exit 1
(``audit.cli.gates``). An ``AuditWarning`` the library raises becomes one ``Warning: ...`` line
on stderr, each message once; the exit code stays what it would be.
"""

from __future__ import annotations

import signal
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from audit.errors import AuditError, AuditWarning

# Plain click help (rich_markup_mode=None): flags read as flags ("-q, --quiet"), not "<bool>".
app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    help=(
        "Audit machine translations and rewrites against a reference article.\n\n"
        "Examples:\n\n"
        "  audit run seeds/000_f9f4761fe1795f31.txt seeds/001_bab7ab19f59dc562.txt -o reports\n\n"
        "  audit batch seeds/manifest.csv --out reports --format csv,xlsx,html,json\n\n"
        "  audit batch seeds/manifest.csv --quiet --fail-on major --fail-under 15\n\n"
        "  audit checks"
    ),
)

bench_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Benchmarks against public gold data and speed measurements (data paths are arguments).",
)
app.add_typer(bench_app, name="bench")

models_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="The ONNX exports of the fast encoder in the per-user model cache: prepare, list, remove.",
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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised by the handler ``main`` installs: the run ends as for Ctrl-C."""


class Tally:
    """How far a command got, for the message of an interrupt (owned by one command)."""

    def __init__(self, total: int = 0, state_folder: Path | None = None):
        self.total = total
        self.done = 0
        self.state_folder = state_folder

    def counting(self, advance: Callable[[str], None] | None) -> Callable[[str], None]:
        """A progress callback that counts each audited derivative, then calls ``advance``."""

        def progress(name: str) -> None:
            self.done += 1
            if advance is not None:
                advance(name)

        return progress

    def interrupted(self) -> str:
        """``Interrupted: ...``: what was audited, what was saved, how to continue."""
        counted = f"{self.done} of {self.total} derivative(s) audited"
        if self.state_folder is None:
            return f"Interrupted: {counted}; no report was written; run the command again"
        return (
            f"Interrupted: {counted} and saved in {self.state_folder}; no report was written; "
            "run the same command with --resume to continue"
        )


def say(message: str) -> None:
    """A line for the person waiting (a first run's model preparation), on stderr."""
    typer.echo(one_line(message), err=True)


@contextmanager
def reporting_errors(tally: Tally | None = None) -> Iterator[None]:
    """Turn AuditError into a one-line message on stderr and exit code 2, and an interrupt
    into ``Interrupted: ...`` and exit code 130 (SIGINT) or 143 (SIGTERM); AuditWarnings are
    ``Warning: ...`` lines."""
    try:
        with _warning_lines():
            yield
    except AuditError as exc:
        typer.echo(f"Error: {one_line(str(exc))}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except KeyboardInterrupt as exc:
        signum = signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT
        typer.echo(one_line((tally or Tally()).interrupted()), err=True)
        raise typer.Exit(128 + signum) from None


@contextmanager
def _warning_lines() -> Iterator[None]:
    """Show each distinct AuditWarning once as ``Warning: <message>`` on stderr (other
    warnings as Python shows them)."""
    shown: set[str] = set()
    show_other = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
        if not issubclass(category, AuditWarning):
            show_other(message, category, filename, lineno, file, line)
            return
        text = one_line(str(message))
        if text not in shown:
            shown.add(text)
            typer.echo(f"Warning: {text}", err=True)

    with warnings.catch_warnings():
        warnings.simplefilter("always", AuditWarning)
        warnings.showwarning = show
        yield
