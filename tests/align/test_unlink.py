"""Links a reviewer marked wrong: the ids the HTML report saves, and an aligner that leaves
those sentences apart (decoding, growing a unit, filling a gap), on hand-built vectors and on the
seeds with the real model."""

from __future__ import annotations

import pytest

from audit.align.unlink import link_id, sentence_digest, unit_link_ids, unlinked_pairs
from audit.bench.align import as_segmented
from audit.pipeline import audit_documents
from audit.records import UnitStatus
from audit.settings import AuditConfig
from tests.align.test_align import basis, doc, links, run
from tests.conftest import REFERENCE, SEEDS


def test_a_sentence_digest_folds_whitespace_and_nothing_else() -> None:
    assert sentence_digest("The cat  sat.\n") == sentence_digest("The cat sat.")
    assert sentence_digest("The cat sat.") != sentence_digest("The cat sat!")
    assert link_id("a b", "c") == f"link:{sentence_digest('a b')}:{sentence_digest('c')}"


def test_the_pairs_named_by_link_ids_finding_ids_aside() -> None:
    ref = as_segmented("r", ["One.", "Two.", "Two."])
    der = as_segmented("d", ["Uno.", "Dos."])
    ids = ["43cb258bff0e", link_id("Two.", "Dos."), link_id("Three.", "Uno.")]
    assert unlinked_pairs(ref, der, ids) == {(1, 1), (2, 1)}  # a repeated sentence: both
    assert unlinked_pairs(ref, der, ["43cb258bff0e"]) == frozenset()


CASES = [
    pytest.param(
        doc(basis(0), basis(1), basis(2)),
        doc(basis(0), basis(1), basis(2)),
        {(1, 1)},
        {((0,), (0,)), ((2,), (2,))},
        id="a link the gap filling would restore",
    ),
    pytest.param(
        doc(basis(0), basis(1), basis(2), basis(3)),
        doc(basis(0), basis(1, 2), basis(3)),
        {(2, 1)},
        {((0,), (0,)), ((1,), (1,)), ((3,), (2,))},
        id="a merge the unit would grow into",
    ),
    pytest.param(
        doc(basis(0), basis(1), basis(2)),
        doc(basis(0), basis(2), basis(1)),
        {(0, 0), (2, 1)},
        {((1,), (2,))},
        id="two links at once",
    ),
]


@pytest.mark.parametrize(("ref", "der", "unlinked", "expected"), CASES)
def test_unlinked_pairs_never_share_a_unit(ref, der, unlinked, expected) -> None:
    before = run(ref, der)
    assert all(any(j in u.ref and i in u.deriv for u in before) for j, i in unlinked)
    after = run(ref, der, unlinked=frozenset(unlinked))
    assert links(after) == expected
    for u in after:
        assert not {(j, i) for j in u.ref for i in u.deriv} & unlinked


@pytest.mark.slow
def test_the_reviewer_s_wrong_link_in_003_unlinks_the_quotation_and_the_tweet(encoder) -> None:
    """003 shows Stoltenberg's "I urge ..." quotation beside his tweet; marked wrong, the next
    run leaves them apart and keeps every other unit."""
    derivative = SEEDS / "003_df8342d17f835c09.txt"
    first = audit_documents(REFERENCE, [derivative], encoder=encoder).audits[0]
    (wrong,) = [
        u
        for u in first.units
        if u.ref and first.reference.sentences[u.ref[0]].text.startswith("“I urge")
    ]
    ids = unit_link_ids(first.reference, first.derivative, wrong)
    config = AuditConfig(ignore=tuple(ids))
    second = audit_documents(REFERENCE, [derivative], config, encoder=encoder).audits[0]
    pairs = {(j, i) for j in wrong.ref for i in wrong.deriv}
    for u in second.units:
        assert not {(j, i) for j in u.ref for i in u.deriv} & pairs
    kept = {(u.ref, u.deriv) for u in first.units if u is not wrong and u.deriv and u.ref}
    now = {(u.ref, u.deriv) for u in second.units if u.status is UnitStatus.ALIGNED}
    assert kept <= now
    assert all(u.status is not UnitStatus.ALIGNED for u in second.units if u.deriv == wrong.deriv)
