"""What a run prints when it ends, gathered while its audits stream into the reports.

Each audit's summary line and gate reasons go to a temporary file as the audit passes (a run of
10⁶ derivatives keeps none of them in memory); the documents that could not be audited are
kept (one message each). ``conclude`` writes the reports, prints, and says how the run exits.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

import typer

from audit.cli.app import EXIT_GATE, EXIT_INPUT, one_line
from audit.cli.gates import audit_gate_reasons, parse_severity
from audit.records import DocumentAudit, DocumentSummary, FailedDocument, Severity
from audit.report.verdict import verdict_of

if TYPE_CHECKING:
    from audit.cli.options import RunOptions
    from audit.pipeline import ResultStream
    from audit.report.stream import ReportStream


def summary_line(s: DocumentSummary) -> str:
    """A derivative's verdict and figures, as summary.csv has them (coverage a share, 0-1)."""
    return (
        f"{verdict_of(s).value}; fidelity {s.fidelity:.1f}, coverage {s.coverage:.2f}, "
        f"{s.critical} critical, {s.major} major, {s.minor} minor"
    )


class Printout:
    """The run's closing lines, gathered as the audits pass (a context manager: temp files)."""

    def __init__(self, fail_under: float | None, fail_on: Severity | None):
        self.fail_under = fail_under
        self.fail_on = fail_on
        self.errors: list[FailedDocument] = []
        """Documents never audited (bad rows, unreadable references), in report order."""
        self.unread: list[FailedDocument] = []
        """Derivatives that could not be read, reference by reference."""
        self._lines: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._reasons: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.gated = 0

    def __enter__(self) -> Printout:
        return self

    def __exit__(self, *exc: object) -> None:
        self._lines.close()
        self._reasons.close()

    def add(self, audit: DocumentAudit) -> None:
        """One audited derivative: its summary line, and why it fails a gate (if it does)."""
        name = one_line(audit.derivative.document.name)
        self._lines.write(f"{name}: {summary_line(audit.summary)}\n")
        for reason in audit_gate_reasons(audit, self.fail_under, self.fail_on):
            self._reasons.write(reason + "\n")
            self.gated += 1

    @property
    def failures(self) -> list[FailedDocument]:
        return self.errors + self.unread

    @staticmethod
    def _replay(handle: IO[str], prefix: str = "", err: bool = False) -> None:
        handle.seek(0)
        for line in handle:
            typer.echo(prefix + line.rstrip("\n"), err=err)

    def conclude(self, reports: ReportStream) -> None:
        """Write the reports, print the summary; exit 2 if a document failed, 1 if a gate
        failed. A run that audited no derivative writes no report (earlier ones stay)."""
        for failed in self.failures:
            typer.echo(f"Error: {one_line(failed.message)}", err=True)
        if not reports.audited:
            typer.echo(
                "No derivative could be audited: no report was written to "
                f"{one_line(str(reports.out))}",
                err=True,
            )
            raise typer.Exit(EXIT_INPUT)
        written = reports.finish()
        self._replay(self._lines)
        typer.echo(f"Reports: {one_line(', '.join(str(p) for p in written))}")
        if self.failures:
            raise typer.Exit(EXIT_INPUT)
        if self.gated:
            self._replay(self._reasons, "Failed: ", err=True)
            raise typer.Exit(EXIT_GATE)


def printout_for(run: RunOptions) -> Printout:
    """The printout of a run with its gates (``--fail-under``, ``--fail-on``)."""
    return Printout(run.fail_under, parse_severity(run.fail_on))


def stream_into(
    items: Iterable[ResultStream | FailedDocument], reports: ReportStream, printout: Printout
) -> None:
    """Take every result of a run, in report order, into the reports and the printout."""
    for item in items:
        if isinstance(item, FailedDocument):
            reports.failed(item)
            printout.errors.append(item)
            continue
        reports.reference(item.reference, item.signature, item.errors)
        printout.unread += item.errors
        for audit in item.audits:
            reports.add(audit)
            printout.add(audit)
