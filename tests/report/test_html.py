"""The HTML report as text: self-contained, escaped, with coverage map and side-by-side view."""

from __future__ import annotations

import re

import pytest

from audit.align.unlink import unit_link_ids
from audit.records import BatchResult
from audit.report import write_reports
from audit.report.coverage import coverage_column, grade, unlinked_share
from audit.report.html import render_html, short_names
from audit.report.marks import unit_changes
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


def test_seed_001_marks_choi_and_chey_in_the_name_finding_colour(seed_batch: BatchResult) -> None:
    html = render_html(seed_batch)
    assert re.search(r'<span class="f sev-major"[^>]*>Choi</span>', html)
    assert re.search(r'<span class="f sev-major"[^>]*>Chey</span>', html)


def test_words_linked_as_equal_or_equivalent_are_never_marked_changed(seed_audits) -> None:
    for audit in seed_audits.values():
        words = {w.unit: w for w in audit.words}
        for unit in audit.units:
            if unit.index not in words:
                continue
            ref_changes, der_changes = unit_changes(audit, unit, words[unit.index])
            for link in words[unit.index].links:  # exact, stem, spelling, number, romanisation
                assert not any(s < link.deriv_end and link.deriv_start < e for s, e in der_changes)
                assert not any(s < link.ref_end and link.ref_start < e for s, e in ref_changes)


def test_a_changed_unit_without_a_finding_says_so(seed_batch: BatchResult, seed_audits) -> None:
    said = 0
    for audit in seed_audits.values():
        for view in unit_views(audit):
            marked = any(p.changed for p in (*view.reference, *view.derivative))
            if view.notes:
                assert view.unflagged == ""
            elif view.unit.status.value == "aligned":
                assert view.unflagged == ("changed, no finding" if marked else "")
                assert view.quiet is not marked
            else:
                assert view.unflagged in ("omitted, no finding", "added, no finding")
            said += bool(view.unflagged)
    html = render_html(seed_batch)
    assert said > 0
    assert len(re.findall(r'<p class="nofinding">\w+, no finding</p>', html)) == said


def test_every_aligned_unit_has_a_wrong_link_box_naming_its_sentence_pairs(seed_batch) -> None:
    html = render_html(seed_batch)
    boxes = re.findall(r'<input type="checkbox" class="unlink" value="([^"]+)"', html)
    expected = [
        " ".join(unit_link_ids(a.reference, a.derivative, u))
        for a in seed_batch.results[0].audits
        for u in a.units
        if u.status.value == "aligned"
    ]
    assert boxes == expected
    assert all(re.fullmatch(r"link:[0-9a-f]{12}:[0-9a-f]{12}", i) for b in boxes for i in b.split())


@pytest.mark.parametrize(
    ("names", "short"),
    [
        pytest.param(["a.txt", "b.txt"], ["a", "b"], id="shared-extension"),
        pytest.param(["a.txt", "b.md"], ["a.txt", "b.md"], id="mixed-extensions"),
        pytest.param(["001_bab7ab19f59dc562.txt"], ["001_bab…9dc562"], id="long-cut-in-the-middle"),
        pytest.param([".txt"], [".txt"], id="extension-only"),
    ],
)
def test_coverage_map_headers_are_short_names(names: list[str], short: list[str]) -> None:
    assert short_names(names) == short
    assert all(len(s) <= 14 for s in short_names(names))


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
    assert 'id="legend"' in html and "f sev-critical" in html and 'class="chg"' in html
    assert 'id="key-0"' in html and "cov-verbatim" in html  # the map's key, beside it


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
