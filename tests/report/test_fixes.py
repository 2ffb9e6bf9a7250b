"""What to fix first: each derivative's findings, most severe first, with the changed words on
both sides (the same list at the top of the HTML report and on the workbook's first sheet)."""

from __future__ import annotations

import dataclasses

import pytest

from audit.records import Severity
from audit.report.fixes import fix_list, fix_rows_of
from audit.report.marks import merge, side_words


def test_every_critical_and_major_finding_is_listed_most_severe_first(seed_audits) -> None:
    for audit in seed_audits.values():
        fixes = fix_list(audit)
        serious = [f for f in audit.findings if f.severity.rank >= Severity.MAJOR.rank]
        assert sorted(i.id for i in fixes.serious) == sorted(f.id for f in serious)
        assert sorted(i.id for i in fixes.minor) == sorted(
            f.id for f in audit.findings if f.severity is Severity.MINOR
        )
        numbers = [i.number for i in fixes.serious]
        assert numbers == sorted(numbers)  # one severity: reading order


def test_a_critical_finding_comes_before_the_major_ones(seed_audits) -> None:
    audit = seed_audits["001"]
    last = max(audit.findings, key=lambda f: (f.severity.rank, f.start or 0))
    raised = dataclasses.replace(last, severity=Severity.CRITICAL)
    findings = tuple(raised if f is last else f for f in audit.findings)
    fixes = fix_list(dataclasses.replace(audit, findings=findings))
    assert [i.severity for i in fixes.serious][:2] == ["critical", "major"]
    assert fixes.serious[0].id == raised.id


@pytest.mark.parametrize(
    ("span", "derivative", "reference"),
    [
        pytest.param("Choi", "Choi", "Chey", id="name: the reference's spelling"),
        pytest.param("strengthen", "strengthen", "to step up on", id="quote: the words replaced"),
        pytest.param("purpose.", "purpose.", "", id="garbled: nothing in the reference"),
        pytest.param("you", "you", "they", id="mistranslation: the pronoun replaced"),
    ],
)
def test_the_changed_words_of_a_finding_on_both_sides(
    seed_audits, span: str, derivative: str, reference: str
) -> None:
    audit = seed_audits["001"]
    words = {w.unit: w for w in audit.words}
    units = {u.index: u for u in audit.units}
    (finding,) = [f for f in audit.findings if f.span == span]
    unit = units[finding.unit]
    assert side_words(audit, finding, unit, words.get(finding.unit)) == (derivative, reference)


def test_an_omission_has_reference_words_only(seed_audits) -> None:
    audit = seed_audits["002"]
    omitted = [f for f in audit.findings if f.start is None]
    assert omitted
    for f in omitted:
        assert side_words(audit, f, None, None) == (
            "",
            audit.reference.document.text[f.ref_start : f.ref_end],
        )


def test_the_sheet_rows_head_each_derivative_and_fold_its_minor_findings(seed_audits) -> None:
    audit = seed_audits["003"]
    rows = fix_rows_of(audit)
    fixes = fix_list(audit)
    assert [r["kind"] for r in rows] == [
        "derivative",
        *["finding"] * len(fixes.serious),
        "minor",
        *["folded"] * len(fixes.minor),
    ]
    assert rows[0]["verdict"] == "unreliable"
    assert rows[0]["explanation"].endswith("0 critical, 22 major, 16 minor")


def test_merge_joins_words_separated_by_spaces_or_punctuation_only() -> None:
    text = "one two, three four"
    assert merge(text, [(8, 13), (0, 3), (4, 7)]) == ((0, 13),)
    assert merge(text, [(0, 3), (14, 18)]) == ((0, 3), (14, 18))
