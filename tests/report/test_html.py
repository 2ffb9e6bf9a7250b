"""The HTML report as text: self-contained, escaped, with coverage map and side-by-side view."""

from __future__ import annotations

import re

from audit.records import BatchResult
from audit.report.html import render_html, write_html
from audit.report.view import coverage_column, unit_views


def test_html_is_self_contained(seed_batch: BatchResult) -> None:
    html = render_html(seed_batch)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert "@import" not in html
    assert seed_batch.results[0].signature in html


def test_every_text_is_escaped(hostile_batch: BatchResult, tmp_path) -> None:
    (path,) = write_html(hostile_batch, tmp_path)
    html = path.read_text(encoding="utf-8")
    assert "<script>document.title" not in html
    text = re.sub(r"<[^>]+>", "", re.sub(r'<sup class="fn">.*?</sup>', "", html))
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in text
    assert "+deriv&lt;b&gt;.txt" in html
    assert html.count("<script>") == 1  # only the report's own script


def test_seed_001_shows_choi_highlighted_against_chey(seed_batch: BatchResult) -> None:
    html = render_html(seed_batch)
    assert re.search(r'<span class="chg-der[^"]*"[^>]*>Choi</span>', html)
    assert re.search(r'<span class="chg-ref[^"]*"[^>]*>Chey</span>', html)


def test_coverage_states_follow_the_alignment(seed_audits) -> None:
    audit = seed_audits["001"]
    column = coverage_column(audit)
    assert len(column) == len(audit.reference.sentences)
    omitted = {i for u in audit.units if u.status.value == "omission" for i in u.ref}
    assert {i for i, c in enumerate(column) if c.state == "omitted"} == omitted
    assert {c.state for c in column} <= {"carried", "changed", "omitted"}


def test_findings_are_marked_at_their_spans(seed_audits) -> None:
    audit = seed_audits["001"]
    views = unit_views(audit)
    for number, finding in enumerate(audit.findings, start=1):
        if finding.start is None:
            continue
        marked = "".join(
            piece.text for view in views for piece in view.derivative if number in piece.marks
        )
        gaps = audit.derivative.document.text[finding.start : finding.end]
        assert marked.replace(" ", "") == gaps.replace(" ", "").replace("\n", ""), finding
    texts = [p.text for view in views for p in view.derivative if p.marks]
    assert "purpose." in texts
    numbers = [n.number for view in views for n in view.notes]
    assert sorted(numbers) == list(range(1, len(audit.findings) + 1))


def test_pieces_rebuild_each_unit_text(seed_audits) -> None:
    for audit in seed_audits.values():
        for view in unit_views(audit):
            der = "".join(p.text for p in view.derivative)
            ref = "".join(p.text for p in view.reference)
            assert der == audit.derivative.text_of(view.unit.deriv)
            assert ref == audit.reference.text_of(view.unit.ref)
