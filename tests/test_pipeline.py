"""End to end on the seeds with the real model."""

from __future__ import annotations

from audit.records import Category, Severity


def _deriv_sentence_units(audit, needle):
    for unit in audit.units:
        for i in unit.deriv:
            if needle in audit.derivative.sentences[i].text:
                return unit
    raise AssertionError(f"no derivative sentence contains {needle!r}")


def test_every_seed_derivative_is_audited(seed_result):
    assert [a.derivative.document.name[:3] for a in seed_result.audits] == ["001", "002", "003", "004"]
    assert not seed_result.errors


def test_choi_institute_aligned_to_chey_institute(seed_audits):
    audit = seed_audits["001"]
    unit = _deriv_sentence_units(audit, "Speaking at the Choi Institute")
    assert "Speaking at the Chey Institute" in audit.reference.text_of(unit.ref)


def test_stray_fragments_of_001_are_garbled_with_exact_spans(seed_audits):
    audit = seed_audits["001"]
    text = audit.derivative.document.text
    garbled = {text[f.start : f.end] for f in audit.findings if f.category is Category.GARBLED}
    assert {"purpose.", "bottom.", ".quotes", "He said he would like to help manage the"} <= garbled


def test_identical_sentences_of_004_align_to_their_reference_sentence(seed_audits):
    audit = seed_audits["004"]
    unit = _deriv_sentence_units(audit, "Stoltenberg is in Seoul, the first stop")
    assert "Mr Stoltenberg is in Seoul, the first stop" in audit.reference.text_of(unit.ref)
    assert not [
        f for f in audit.findings
        if f.unit == unit.index and f.severity in (Severity.MAJOR, Severity.CRITICAL)
    ]
