"""End to end on the seeds with the real model."""

from __future__ import annotations

from rapidfuzz import fuzz

from audit.records import Category, Severity


def _deriv_sentence_units(audit, needle):
    for unit in audit.units:
        for i in unit.deriv:
            if needle in audit.derivative.sentences[i].text:
                return unit
    raise AssertionError(f"no derivative sentence contains {needle!r}")


def test_every_seed_derivative_is_audited(seed_result):
    assert [a.derivative.document.name[:3] for a in seed_result.audits] == [
        "001",
        "002",
        "003",
        "004",
    ]
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
        f
        for f in audit.findings
        if f.unit == unit.index and f.severity in (Severity.MAJOR, Severity.CRITICAL)
    ]


def test_every_near_verbatim_sentence_of_004_aligns_to_its_reference_sentence(seed_audits):
    audit = seed_audits["004"]
    ref = audit.reference.sentences
    unit_of = {i: u for u in audit.units for i in u.deriv}
    pairs = [
        (i, j)
        for i, s in enumerate(audit.derivative.sentences)
        for j, r in enumerate(ref)
        if fuzz.ratio(s.text.lower(), r.text.lower()) >= 90
    ]
    assert len(pairs) >= 3
    assert [(i, j) for i, j in pairs if j not in unit_of[i].ref] == []


def test_false_message_sentence_of_001_joins_the_extremely_important_unit(seed_audits):
    audit = seed_audits["001"]
    nato = _deriv_sentence_units(audit, "NATO’s director general said it was “extremely important”")
    false = _deriv_sentence_units(audit, "This is also to avoid sending the false message")
    assert nato is false or (nato.ref and set(nato.ref) == set(false.ref))
    assert "“extremely important” that Russia does not win" in audit.reference.text_of(nato.ref)


def test_seed_units_partition_both_documents_into_contiguous_runs(seed_result):
    for audit in seed_result.audits:
        n_ref, n_der = len(audit.reference.sentences), len(audit.derivative.sentences)
        assert sorted(i for u in audit.units for i in u.deriv) == list(range(n_der))
        assert sorted(j for u in audit.units for j in u.ref) == list(range(n_ref))
        for unit in audit.units:
            for side in (unit.ref, unit.deriv):
                assert list(side) == list(range(side[0], side[0] + len(side))) if side else True
