"""The HTML report as text: self-contained, escaped, with coverage map and side-by-side view."""

from __future__ import annotations

import re

import pytest

from audit.records import BatchResult
from audit.report import write_reports
from audit.report.coverage import coverage_column, grade, unlinked_share
from audit.report.html import render_html
from audit.report.view import reading_order, unit_views


def test_html_is_self_contained(seed_batch: BatchResult) -> None:
    html = render_html(seed_batch)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert "@import" not in html
    assert seed_batch.results[0].signature in html


def test_every_text_is_escaped(hostile_batch: BatchResult, tmp_path) -> None:
    (path,) = write_reports(hostile_batch, tmp_path, ["html"])
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


def test_coverage_grades_follow_the_alignment(seed_audits) -> None:
    audit = seed_audits["001"]
    column = coverage_column(audit)
    assert len(column) == len(audit.reference.sentences)
    aligned = {i for u in audit.units if u.status.value == "aligned" for i in u.ref}
    assert {i for i, c in enumerate(column) if c.grade != "omitted"} == aligned
    assert {c.grade for c in column} <= {"verbatim", "light", "heavy", "omitted"}


def test_near_verbatim_units_are_light_edits_and_loose_pairs_heavy(seed_audits) -> None:
    """004 carries "Mr Stoltenberg is in Seoul, the first stop ..." with only "Mr" dropped."""
    audit = seed_audits["004"]
    column = coverage_column(audit)
    sentences = audit.reference.sentences
    first_stop = next(i for i, s in enumerate(sentences) if "the first stop" in s.text)
    assert column[first_stop].grade == "light"
    assert {c.grade for c in column} >= {"light", "heavy", "omitted"}


def test_unlinked_share_and_grades() -> None:
    assert unlinked_share(None, "The cat sat.", "The cat sat.") == 0
    assert grade(unlinked_share(None, "The cat sat.", "The cat sat.")) == "verbatim"
    assert unlinked_share(
        None, "Mr Smith sat down today.", "Smith sat down today."
    ) == pytest.approx(0.2)
    assert grade(0.2) == "light"
    assert unlinked_share(None, "One two three four.", "Five six seven eight.") == 1.0
    assert grade(1.0) == "heavy"


def test_unlinked_share_reads_the_word_links(seed_audits) -> None:
    audit = seed_audits["004"]
    words = {w.unit: w for w in audit.words}
    for unit in audit.units:
        if unit.index in words:
            ref, der = audit.reference.text_of(unit.ref), audit.derivative.text_of(unit.deriv)
            share = unlinked_share(words[unit.index], ref, der)
            assert 0 <= share <= 1
            if ref == der:
                assert share == 0


def test_worst_severity_marks_the_cell(seed_audits) -> None:
    audit = seed_audits["001"]
    worst = {}
    for f in audit.findings:
        if worst.get(f.unit) is None or f.severity.rank > worst[f.unit].rank:
            worst[f.unit] = f.severity
    for cell in coverage_column(audit):
        if cell.unit is not None:
            expected = worst.get(cell.unit)
            assert cell.severity == (expected.value if expected else "")


def test_notes_are_numbered_in_reading_order(seed_audits) -> None:
    for audit in seed_audits.values():
        views = unit_views(audit)
        numbers = [note.number for view in views for note in view.notes]
        assert numbers == sorted(numbers) == list(range(1, len(audit.findings) + 1))
        assert sorted(map(id, reading_order(audit))) == sorted(map(id, audit.findings))


def test_signature_is_folded_at_the_bottom_and_there_is_a_legend(seed_batch) -> None:
    html = render_html(seed_batch)
    signature = seed_batch.results[0].signature
    assert html.count(signature) == 1
    assert html.index(signature) > html.index("<footer>")
    assert '<details class="signature"' in html
    assert 'id="legend"' in html and "cov-verbatim" in html and "f sev-critical" in html


def test_every_finding_has_an_accept_box_and_there_is_one_save_button(seed_batch) -> None:
    html = render_html(seed_batch)
    ids = [f.id for a in seed_batch.results[0].audits for f in a.findings]
    boxes = re.findall(r'<input type="checkbox" class="accept" value="([0-9a-f]{12})"', html)
    assert sorted(boxes) == sorted(ids)
    assert html.count('id="save-accepted"') == 1


def test_findings_are_marked_at_their_spans(seed_audits) -> None:
    audit = seed_audits["001"]
    views = unit_views(audit)
    for number, finding in enumerate(reading_order(audit), start=1):
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
