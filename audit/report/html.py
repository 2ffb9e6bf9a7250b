"""The HTML report: one self-contained file (inline CSS, JS and SVG; nothing fetched).

Rendered with Jinja2 with autoescaping on, so every document text, name and explanation is
escaped: a derivative that contains ``<script>`` shows it as text.

The page is made of pieces, each its own template, so that a run's report can be written as its
audits finish and never held whole (``audit.report.stream``): the page head; for each reference
its head (summary table, fidelity chart, coverage map), made from one small ``Digest`` per
derivative; one side-by-side section per derivative; the end of the reference; the page tail
(documents not audited, signature, script). ``render_html`` joins the same pieces in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from audit._version import __version__
from audit.records import BatchResult, DocumentAudit, DocumentSummary, FailedDocument
from audit.report.bidi import visible
from audit.report.coverage import GRADES, LIGHT_EDIT, MARKS, CoverageCell, coverage_column
from audit.report.files import write_atomic
from audit.report.fixes import fix_list
from audit.report.rows import checks_text
from audit.report.verdict import RULES, Verdict, read_summary
from audit.report.view import pair_view, unit_views

if TYPE_CHECKING:
    from audit.report.parts import Parts

CHART_WIDTH = 640
CHART_LABEL = 220
BAR_HEIGHT = 22
BAR_GAP = 8
SHORT_NAME = 14
"""Characters of a derivative's name in a coverage-map header."""
OPEN_UP_TO = 4
"""A reference with at most this many derivatives shows each one's fix list unfolded; with more,
the list starts as one line per derivative (verdict, figures, counts), each opened by a click."""
REFERENCE_END = "</section>\n"
FIX_TAG = '<details class="fix"'
"""How each fix list starts (``fix_list.html.j2``)."""
"""What closes one reference's section."""


FIDELITY_MARKS = ((7.5, "major error"), (30.8, "minor errors"), (55.8, "error-free"))
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


@dataclass(frozen=True)
class Digest:
    """What the head of a reference's section needs of one of its derivatives."""

    number: int
    """The derivative's place among the reference's derivatives (0 first)."""
    name: str
    summary: DocumentSummary
    column: tuple[CoverageCell, ...]
    """Its coverage-map cells, one per reference sentence."""


def digest(audit: DocumentAudit, number: int) -> Digest:
    """The digest of the ``number``-th derivative of a reference."""
    name = audit.derivative.document.name
    return Digest(number, name, audit.summary, tuple(coverage_column(audit)))


def short_names(names: Sequence[str], most: int = SHORT_NAME) -> list[str]:
    """Column headers of the coverage map: the names without an extension they all share, each
    cut to ``most`` characters by an ellipsis in the middle (the full name is on hover)."""
    suffixes = {Path(n).suffix for n in names}
    common = suffixes.pop() if len(suffixes) == 1 else ""
    out = []
    for name in names:
        stem = name[: len(name) - len(common)] if common and name != common else name
        if len(stem) > most:
            head = (most - 1) // 2 + (most - 1) % 2
            stem = stem[:head] + "…" + stem[len(stem) - (most - 1 - head) :]
        out.append(stem)
    return out


def band(summary: DocumentSummary) -> str:
    """The CSS key of a derivative's verdict."""
    return VERDICT_KEYS[read_summary(summary).verdict]


def chart_bars(digests: Sequence[Digest]) -> list[Bar]:
    """The fidelity chart of one reference's derivatives (0-100 scale), coloured by verdict."""
    span = CHART_WIDTH - CHART_LABEL - 60
    return [
        Bar(
            d.name,
            d.summary.fidelity,
            30 + k * (BAR_HEIGHT + BAR_GAP),
            max(0.0, min(100.0, d.summary.fidelity)) / 100 * span,
            band(d.summary),
        )
        for k, d in enumerate(digests)
    ]


def reference_context(name: str, sentences: Sequence[Any], digests: Sequence[Digest]) -> Any:
    """Everything the head of one reference's section needs. ``sentences`` have ``index`` and
    ``text`` (records, or their JSON objects)."""
    bars = chart_bars(digests)
    return {
        "name": name,
        "digests": digests,
        "short": short_names([d.name for d in digests]),
        "bars": bars,
        "chart_height": 50 + len(bars) * (BAR_HEIGHT + BAR_GAP),
        "readings": [read_summary(d.summary) for d in digests],
        "coverage": [
            (sentence, [d.column[i] for d in digests]) for i, sentence in enumerate(sentences)
        ],
    }


def _shown(value: Any) -> Any:
    """Every text the page prints, with bidirectional controls shown (``audit.report.bidi``)."""
    return visible(value) if isinstance(value, str) else value


class HtmlPage:
    """Renders the pieces of the page (one Jinja environment for all of them)."""

    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("audit.report", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_shown,
        )

    def _render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(**values)

    def head(self) -> str:
        """From the doctype to the end of the page's header (legend, review bar)."""
        return self._render(
            "page_head.html.j2",
            version=__version__,
            rules=RULES,
        )

    def reference_top(self, number: int, name: str, count: int) -> str:
        """The start of the ``number``-th reference's section, up to its fix lists (``count``
        derivatives: at most ``OPEN_UP_TO`` are shown open)."""
        return self._render("reference_top.html.j2", n=number, name=name, open=opened(count))

    def fix_list(self, number: int, k: int, audit: DocumentAudit) -> str:
        """The fix list of the ``k``-th derivative of the ``number``-th reference, folded (the
        page opens it with ``open_fix_lists`` when the reference has few derivatives)."""
        return self._render(
            "fix_list.html.j2",
            n=number,
            k=k,
            name=audit.derivative.document.name,
            s=audit.summary,
            reading=read_summary(audit.summary),
            band=band(audit.summary),
            fixes=fix_list(audit),
            pair=pair_view(audit),
        )

    def reference(
        self, number: int, name: str, sentences: Sequence[Any], digests: Sequence[Digest]
    ) -> str:
        """The figures of the ``number``-th reference's section: summary, chart, map."""
        return self._render(
            "reference.html.j2",
            n=number,
            ctx=reference_context(name, sentences, digests),
            chart={"width": CHART_WIDTH, "label": CHART_LABEL, "bar": BAR_HEIGHT},
            marks=FIDELITY_MARKS,
            grades=GRADES,
            light_edit=LIGHT_EDIT,
            severity_marks=MARKS,
        )

    def derivative(self, number: int, k: int, audit: DocumentAudit) -> str:
        """The side-by-side section of the ``k``-th derivative of the ``number``-th reference."""
        return self._render(
            "derivative.html.j2",
            n=number,
            k=k,
            audit=audit,
            views=unit_views(audit),
            pair=pair_view(audit),
            checks=checks_text(audit.checks),
            band=band(audit.summary),
            reading=read_summary(audit.summary),
        )

    def tail(self, failures: Sequence[FailedDocument], signature: str) -> str:
        """The documents not audited, the signature and the page's script."""
        return self._render("page_tail.html.j2", failures=failures, signature=signature)


def opened(count: int) -> bool:
    """Whether a reference's fix lists are shown open: it has at most ``OPEN_UP_TO``
    derivatives."""
    return count <= OPEN_UP_TO


def open_fix_lists(html: str) -> str:
    """Fix lists (``HtmlPage.fix_list``) shown open. Every text of the page is escaped, so the
    opening tag can come from the template only."""
    return html.replace(FIX_TAG, FIX_TAG + " open")


def render_html(batch: BatchResult) -> str:
    """The report of a batch held in memory, as one HTML string."""
    page = HtmlPage()
    pieces = [page.head()]
    for n, result in enumerate(batch.results):
        digests = [digest(a, k) for k, a in enumerate(result.audits)]
        ref = result.reference
        pieces.append(page.reference_top(n, ref.document.name, len(digests)))
        fixes = "".join(page.fix_list(n, k, a) for k, a in enumerate(result.audits))
        pieces.append(open_fix_lists(fixes) if opened(len(digests)) else fixes)
        pieces.append(page.reference(n, ref.document.name, ref.sentences, digests))
        pieces += [page.derivative(n, k, a) for k, a in enumerate(result.audits)]
        pieces.append(REFERENCE_END)
    signature = batch.results[0].signature if batch.results else ""
    pieces.append(page.tail(batch.failures, signature))
    return "".join(pieces)


def merge_html(parts: Parts, out: Path) -> list[Path]:
    """``audit.html`` in ``out``, from a run's parts: one reference's digests in memory at a
    time, its derivatives' sections copied from the parts."""
    page = HtmlPage()

    def write(handle: IO[bytes]) -> None:
        handle.write(page.head().encode("utf-8"))
        for group in parts.groups:
            sentences = parts.reference(group)["sentences"]
            digests = list(parts.records(group, "digest.jsonl", Digest))
            handle.write(page.reference_top(group.number, group.name, len(digests)).encode())
            for fixes in parts.pieces(group, "fix.html"):
                fixes = open_fix_lists(fixes) if opened(len(digests)) else fixes
                handle.write(fixes.encode("utf-8"))
            handle.write(page.reference(group.number, group.name, sentences, digests).encode())
            for section in parts.pieces(group, "html"):
                handle.write(section.encode("utf-8"))
            handle.write(REFERENCE_END.encode("utf-8"))
        handle.write(page.tail(parts.failures, parts.signature).encode("utf-8"))

    return [write_atomic(out / "audit.html", write)]
