"""A manifest's references grouped into passes: consecutive small references are embedded in one
pass and their pair audits run together (up to ``Run.chunk`` derivatives), and no more than a
pass's documents are read ahead."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from audit.errors import InputError
from audit.records import FailedDocument
from audit.score import UnitScorer
from audit.settings import ReadOptions
from audit.stream import Opened, ResultStream, Run

Entry = Opened | tuple[FailedDocument, ...]
"""A reference opened, or the failures of its derivatives when it cannot be read."""


def batches(run: Run, groups: dict[Path, list[Path]], read: ReadOptions) -> Iterator[list[Entry]]:
    """The references opened in order, in batches of at most ``run.chunk`` references whose
    derivatives to audit number at most ``run.chunk`` (a reference with more: a batch of its
    own, embedded ``chunk`` at a time), so that many small references are embedded in one pass
    and no more than a pass's documents are read ahead (also when resuming, with nothing to
    audit)."""
    batch: list[Entry] = []
    size = 0
    for reference, derivatives in groups.items():
        try:
            entry: Entry = run.open(reference, derivatives, read)
        except InputError as exc:
            entry = tuple(FailedDocument(str(reference), str(d), str(exc)) for d in derivatives)
        count = len(entry.todo) if isinstance(entry, Opened) else 0
        if batch and (size + count > run.chunk or len(batch) >= run.chunk):
            yield batch
            batch, size = [], 0
        batch.append(entry)
        size += count
    if batch:
        yield batch


def batch_streams(
    run: Run, batch: list[Entry], scorer: UnitScorer
) -> Iterator[ResultStream | FailedDocument]:
    """The batch's failures and streams in order; the fresh audits of all its references come
    from one pass (unless one reference fills the batch alone, audited in chunks)."""
    opened = [e for e in batch if isinstance(e, Opened)]
    together = sum(len(o.todo) for o in opened) <= run.chunk
    fresh = run.fresh([(o, o.todo) for o in opened if o.todo], scorer) if together else None
    for entry in batch:
        if isinstance(entry, Opened):
            own = itertools.islice(fresh, len(entry.todo)) if fresh is not None else None
            yield entry.stream(run.audits(entry, own, scorer))
            for _ in own or ():  # a stream left unfinished: the rest of its share is still
                pass  # taken (and saved), so that the next reference gets its own audits
        else:
            yield from entry
