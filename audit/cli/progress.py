"""The batch progress bar of the command line: rich, on stderr only (stdout stays for results).

rich honours ``NO_COLOR`` (no colours). When stderr is not a terminal (a CI log, a pipe) no bar
is drawn at all, so logs hold only the summary and error lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Advance = Callable[[str], None]


@contextmanager
def progress_bar(total: int, quiet: bool) -> Iterator[Advance | None]:
    """A callback to call once per audited derivative (None when ``quiet``)."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("Auditing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("audit", total=total, name="")
        yield lambda name: bar.update(task, advance=1, name=name)
