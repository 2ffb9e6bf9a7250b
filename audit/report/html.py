"""The HTML report: one self-contained file (inline CSS, JS and SVG; nothing fetched).

Rendered with Jinja2 with autoescaping on, so every document text, name and explanation is
escaped: a derivative that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from audit._version import __version__
from audit.records import AuditResult, BatchResult
from audit.report.coverage import GRADES, LIGHT_EDIT, coverage_column
from audit.report.files import write_atomic
from audit.report.verdict import RULES, Verdict, read_summary
from audit.report.view import unit_views

CHART_WIDTH = 640
CHART_LABEL = 220
BAR_HEIGHT = 22
BAR_GAP = 8


FIDELITY_MARKS = ((15.6, "major error"), (34.6, "minor errors"), (56.3, "error-free"))
"""The scale under the fidelity chart: the median fidelity of the shared MQM segments that expert
raters found with a major error, with minor errors only, and error-free (docs/fidelity.md)."""
VERDICT_KEYS = {v: v.name.lower() for v in Verdict}
"""Verdict -> CSS key: faithful, minor, major, unreliable."""


@dataclass(frozen=True)
class Bar:
    """One bar of the fidelity chart, in SVG user units."""

    label: str
    value: float
    y: int
    width: float
    band: str
    """The CSS key of the derivative's verdict."""


def chart_bars(result: AuditResult) -> list[Bar]:
    """The fidelity chart of one reference's derivatives (0-100 scale), coloured by verdict."""
    span = CHART_WIDTH - CHART_LABEL - 60
    return [
        Bar(
            a.derivative.document.name,
            a.summary.fidelity,
            30 + k * (BAR_HEIGHT + BAR_GAP),
            max(0.0, min(100.0, a.summary.fidelity)) / 100 * span,
            VERDICT_KEYS[read_summary(a.summary).verdict],
        )
        for k, a in enumerate(result.audits)
    ]


def result_context(result: AuditResult, number: int) -> dict[str, Any]:
    """Everything the template needs about one reference and its derivatives."""
    columns = [coverage_column(a) for a in result.audits]
    rows = [
        (sentence, [column[i] for column in columns])
        for i, sentence in enumerate(result.reference.sentences)
    ]
    bars = chart_bars(result)
    return {
        "number": number,
        "result": result,
        "bars": bars,
        "chart_height": 50 + len(bars) * (BAR_HEIGHT + BAR_GAP),
        "readings": [read_summary(a.summary) for a in result.audits],
        "coverage": rows,
        "derivatives": [(k, a, unit_views(a)) for k, a in enumerate(result.audits)],
    }


def render_html(batch: BatchResult) -> str:
    """The report as one HTML string."""
    env = Environment(
        loader=PackageLoader("audit.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    return template.render(
        version=__version__,
        signature=batch.results[0].signature if batch.results else "",
        results=[result_context(r, k) for k, r in enumerate(batch.results)],
        failures=batch.failures,
        chart={"width": CHART_WIDTH, "label": CHART_LABEL, "bar": BAR_HEIGHT},
        marks=FIDELITY_MARKS,
        grades=GRADES,
        light_edit=LIGHT_EDIT,
        rules=RULES,
        verdict_keys=VERDICT_KEYS,
    )


def write_html(batch: BatchResult, out: Path) -> list[Path]:
    """``audit.html`` in ``out``."""

    def write(handle: IO[bytes]) -> None:
        handle.write(render_html(batch).encode("utf-8"))

    return [write_atomic(out / "audit.html", write)]
