"""Reports written per partition and merged: a run's reports are never held whole in memory.

``ReportStream`` receives a run's results in report order: ``reference`` opens one reference's
group, ``add`` hands it one finished derivative audit, ``failed`` records a document that could
not be audited. Each audit is rendered at once into the part files of the current partition (at
most ``partition_size`` derivatives of one reference) and then forgotten: what stays in memory
is a few numbers per partition and one record per failed document. The parts go to a folder in
the system's temporary folder (``TMPDIR``; they take about as much room as the reports), removed
on every exit Python sees (an error, a full disk, Ctrl-C, SIGTERM), so that a killed run leaves
nothing in ``--out``. What a run killed outright left (its parts folder, named after its host
and pid, and hidden ``.*.part`` files in ``--out``) is removed when the next run starts.
``finish`` merges the partitions, in order, into the final files of every requested format (each
format module's ``merge``), which appear together (``all_or_nothing``).

Part files (``k`` a partition, ``g`` a reference's group):

- ``k.findings.jsonl``, ``k.alignment.jsonl``, ``k.summary.jsonl``: the table rows, one JSON list of
  values per row in column order (read by the CSV, XLSX and Parquet merges); ``k.fixes.jsonl``:
  the fix list's rows (``audit.report.fixes``), for the workbook's first sheet;
- ``k.json``: the JSON report's pieces of the partition's derivatives;
- ``k.html``: the HTML side-by-side sections, ``k.fix.html``: the HTML fix lists,
  ``k.digest.jsonl``: the HTML digests;
- ``g.reference.json``: the reference as the JSON report has it (its sentences for the HTML).

The same audits give the same bytes whichever engine computed them and however they are
partitioned for CSV, JSON and HTML; Parquet has one row group per partition.
"""

from __future__ import annotations

import importlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from audit.errors import OutputError
from audit.records import BatchResult, DocumentAudit, FailedDocument, Segmented
from audit.report.files import (
    all_or_nothing,
    ensure_dir,
    owner_tag,
    remove_dead_folders,
    remove_leftovers,
)
from audit.report.fixes import FIXES
from audit.report.frames import TABLES, Table, in_order
from audit.report.json import derivative_piece, segmented_json
from audit.report.parts import GroupParts, Parts
from audit.report.plain import to_jsonable

PARTITION_SIZE = 256
"""Derivatives per partition: what one merge step holds in memory at most."""
TABLE_FORMATS = ("csv", "xlsx", "parquet")
"""The formats made from the table rows."""
MERGES: dict[str, str] = {
    "csv": "audit.report.csv:merge_csv",
    "xlsx": "audit.report.workbook:merge_xlsx",
    "html": "audit.report.html:merge_html",
    "json": "audit.report.json:merge_json",
    "parquet": "audit.report.parquet:merge_parquet",
}
"""Format name -> ``module:function`` that merges a run's parts into its files."""
PARTS_PREFIX = "audit-parts-"
JSON_SEPARATOR = ",\n    "
"""Between two derivatives of the JSON report (``audit.report.json.DERIVATIVE_DEPTH`` deep)."""


@dataclass
class _Partition:
    """The partition being written: its number, open part files and derivatives so far."""

    number: int
    files: dict[str, IO[str]]
    count: int = 0


@dataclass
class _Group:
    """The reference's group being written (its name only: no reference is kept)."""

    number: int
    name: str
    signature: str
    errors: tuple[FailedDocument, ...]
    partitions: list[int] = field(default_factory=list)
    count: int = 0

    def parts(self) -> GroupParts:
        return GroupParts(
            self.number,
            self.name,
            self.signature,
            self.errors,
            tuple(self.partitions),
        )


@contextmanager
def _writing(folder: Path) -> Iterator[None]:
    """A failed write of a part (full disk, read-only) is one OutputError naming the folder."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"{folder}: cannot write the report parts ({reason}); set TMPDIR to a folder with "
            "room (earlier reports are unchanged)"
        ) from None


def merger(name: str) -> Callable[[Parts, Path], list[Path]]:
    """The merge function of a format (its module imported now)."""
    module, function = MERGES[name].split(":")
    found: Callable[[Parts, Path], list[Path]] = getattr(importlib.import_module(module), function)
    return found


class ReportStream:
    """Writes a run's reports from its audits as they come (see the module's text).

    Use as a context manager: the parts folder is removed on leaving, whether ``finish`` ran or
    not (an interrupted run leaves the earlier reports as they were).
    """

    def __init__(self, out: Path, formats: Sequence[str], partition_size: int = PARTITION_SIZE):
        self.out = out
        self.formats = tuple(formats)
        self.partition_size = max(1, partition_size)
        self.folder: Path | None = None
        self.audited = 0
        self._groups: list[_Group] = []
        self._errors: list[FailedDocument] = []
        self._partition: _Partition | None = None
        self._partitions = 0
        self._counts = {t.name: 0 for t in (*TABLES, FIXES)}
        self._html: Any = None
        self._digest: Any = None

    def __enter__(self) -> ReportStream:
        temp = Path(tempfile.gettempdir())
        remove_dead_folders(temp, PARTS_PREFIX)
        remove_leftovers(self.out)
        with _writing(temp):
            self.folder = Path(tempfile.mkdtemp(prefix=f"{PARTS_PREFIX}{owner_tag()}-"))
        if "html" in self.formats:  # jinja2 is imported only for an HTML report
            from audit.report.html import HtmlPage, digest

            self._html, self._digest = HtmlPage(), digest
        return self

    @property
    def _where(self) -> Path:
        """The folder a failed write of the parts names: TMPDIR (the parts' own goes away)."""
        return self.folder.parent if self.folder else Path(tempfile.gettempdir())

    def __exit__(self, *exc: object) -> None:
        try:
            self._close_partition()  # (closing flushes: on a full disk it fails too)
        finally:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def reference(
        self, reference: Segmented, signature: str, errors: Sequence[FailedDocument] = ()
    ) -> None:
        """Open the group of one reference; ``errors``: its derivatives that could not be read."""
        self._close_partition()
        group = _Group(len(self._groups), reference.document.name, signature, tuple(errors))
        self._groups.append(group)
        if {"json", "html"} & set(self.formats):
            text = json.dumps(segmented_json(reference), ensure_ascii=False)
            with _writing(self._where):
                self._write_part(f"g{group.number}.reference.json", text)

    def failed(self, failure: FailedDocument) -> None:
        """A document that could not be audited at all (a manifest row, a reference)."""
        self._errors.append(failure)

    def add(self, audit: DocumentAudit) -> None:
        """One finished derivative of the open reference, rendered into the parts now."""
        with _writing(self._where):
            self._add(audit)

    def _add(self, audit: DocumentAudit) -> None:
        group = self._groups[-1]
        part = self._partition_for(group)
        if set(TABLE_FORMATS) & set(self.formats):
            self._add_rows(part, audit, group.signature)
        if "json" in self.formats:
            separator = JSON_SEPARATOR if part.count else ""
            part.files["json"].write(separator + derivative_piece(audit))
        if "html" in self.formats:
            part.files["html"].write(self._html.derivative(group.number, group.count, audit))
            part.files["fix.html"].write(self._html.fix_list(group.number, group.count, audit))
            record = to_jsonable(self._digest(audit, group.count))
            part.files["digest.jsonl"].write(json.dumps(record, ensure_ascii=True) + "\n")
        part.count += 1
        group.count += 1
        self.audited += 1

    def _tables(self) -> tuple[Table, ...]:
        """The tables whose rows the requested formats need (the fix list: the workbook's)."""
        return (*TABLES, FIXES) if "xlsx" in self.formats else TABLES

    def _add_rows(self, part: _Partition, audit: DocumentAudit, signature: str) -> None:
        for table in self._tables():
            handle = part.files[f"{table.name}.jsonl"]
            for row in table.of_audit(audit, signature):
                values = list(in_order(table, row).values())
                handle.write(json.dumps(values, ensure_ascii=True) + "\n")
                self._counts[table.name] += 1

    def _partition_for(self, group: _Group) -> _Partition:
        part = self._partition
        if part is not None and part.count < self.partition_size:
            return part
        self._close_partition()
        number = self._partitions
        self._partitions += 1
        group.partitions.append(number)
        files = {s: self._open(f"{number}.{s}") for s in self._suffixes()}
        self._partition = _Partition(number, files)
        return self._partition

    def _suffixes(self) -> list[str]:
        """The part files a partition has for the requested formats."""
        suffixes = []
        if set(TABLE_FORMATS) & set(self.formats):
            suffixes += [f"{t.name}.jsonl" for t in self._tables()]
        if "json" in self.formats:
            suffixes.append("json")
        if "html" in self.formats:
            suffixes += ["html", "fix.html", "digest.jsonl"]
        return suffixes

    def _open(self, name: str) -> IO[str]:
        assert self.folder is not None, "ReportStream is used as a context manager"
        return (self.folder / name).open("w", encoding="utf-8", newline="")

    def _write_part(self, name: str, text: str) -> None:
        with self._open(name) as handle:
            handle.write(text)

    def _close_partition(self) -> None:
        part, self._partition = self._partition, None
        if part is not None:
            with _writing(self._where):
                for handle in part.files.values():
                    handle.close()

    def parts(self) -> Parts:
        """The parts written so far, for the merges."""
        assert self.folder is not None, "ReportStream is used as a context manager"
        self._close_partition()
        counts = dict(self._counts)
        groups = tuple(g.parts() for g in self._groups)
        failures = len(self._errors) + sum(len(g.errors) for g in groups)
        for table in (*TABLES, FIXES):  # the failures' rows, in the tables that have them
            counts[table.name] += failures if table.of_failure else 0
        temp = self.folder / "temp"
        temp.mkdir(exist_ok=True)
        return Parts(self.folder, groups, tuple(self._errors), counts, temp)

    def finish(self) -> list[Path]:
        """Merge the parts into every requested format's files (all appear together)."""
        written: list[Path] = []
        with _writing(self._where):
            parts = self.parts()
        ensure_dir(self.out)
        with all_or_nothing():
            for name in self.formats:
                written += merger(name)(parts, self.out)
        return written


def write_batch(
    batch: BatchResult, out: Path, formats: Sequence[str], partition_size: int = PARTITION_SIZE
) -> list[Path]:
    """The reports of a batch held in memory, through the same parts as a streamed run."""
    with ReportStream(out, formats, partition_size) as stream:
        for failure in batch.errors:
            stream.failed(failure)
        for result in batch.results:
            stream.reference(result.reference, result.signature, result.errors)
            for audit in result.audits:
                stream.add(audit)
        return stream.finish()
