"""A finished run's report parts, read back partition by partition by the format merges.

``audit.report.stream.ReportStream`` writes the parts (its module text lists the files); this
module is what the merges (``merge_csv``, ``merge_json``, ...) read: the groups (one per
reference) with their partitions, the documents not audited, the rows of each table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.records import FailedDocument
from audit.report.frames import Table, in_order
from audit.report.plain import from_jsonable
from audit.report.rows import Row


@dataclass(frozen=True)
class GroupParts:
    """One reference's share of the parts."""

    number: int
    name: str
    signature: str
    errors: tuple[FailedDocument, ...]
    partitions: tuple[int, ...]


@dataclass(frozen=True)
class Parts:
    """A finished run's parts, read partition by partition by the format merges."""

    folder: Path
    groups: tuple[GroupParts, ...]
    errors: tuple[FailedDocument, ...]
    """Documents never audited (bad manifest rows, unreadable references)."""
    counts: dict[str, int]
    """Rows of each table, by table name (the failures' summary rows included)."""
    temp: Path
    """A folder for a merge's own temporary files (removed with the parts)."""

    @property
    def signature(self) -> str:
        return self.groups[0].signature if self.groups else ""

    @property
    def failures(self) -> tuple[FailedDocument, ...]:
        """Every document not audited, in the order ``BatchResult.failures`` has them."""
        return self.errors + tuple(e for g in self.groups for e in g.errors)

    def rows(self, table: Table) -> Iterator[list[Row]]:
        """The table's rows, one partition at a time (the failures' rows last, in the summary)."""
        for group in self.groups:
            for k in group.partitions:
                with (self.folder / f"{k}.{table.name}.jsonl").open(encoding="utf-8") as lines:
                    yield [dict(zip(table.names, json.loads(line), strict=True)) for line in lines]
        failed = table.failure_rows(self.failures, self.signature)
        if failed:
            yield [in_order(table, row) for row in failed]

    def text(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def reference(self, group: GroupParts) -> dict[str, Any]:
        """The group's reference as the JSON report has it."""
        found: dict[str, Any] = json.loads(self.text(f"g{group.number}.reference.json"))
        return found

    def pieces(self, group: GroupParts, suffix: str) -> Iterator[str]:
        """The text of each partition's ``k.<suffix>`` file, in order."""
        for k in group.partitions:
            yield self.text(f"{k}.{suffix}")

    def records(self, group: GroupParts, suffix: str, kind: type) -> Iterator[Any]:
        """The records stored one per line in each partition's ``k.<suffix>`` file."""
        for k in group.partitions:
            with (self.folder / f"{k}.{suffix}").open(encoding="utf-8") as lines:
                yield from (from_jsonable(kind, json.loads(line)) for line in lines)
