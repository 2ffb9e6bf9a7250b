"""Units that match what the writer did: merges and splits on shared words, moved links.

The real model on handmade sentences and on the seeds (with an ``.html`` copy of 001 that brings
its headline along); the relinking decision itself on hand-built emission weights.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pytest

from audit.align import align_pair
from audit.align.decode import _relink
from audit.bench.align import as_segmented
from audit.embed import embed_all
from audit.pipeline import audit_documents
from audit.records import AlignedUnit, Category, UnitStatus
from audit.settings import AlignConfig, AuditConfig
from tests.conftest import REFERENCE, SEEDS


def _align(encoder, reference: list[str], derivative: list[str], **align):
    ref, der = as_segmented("ref", reference), as_segmented("der", derivative)
    ref_vectors, der_vectors = embed_all(encoder, [ref, der])
    config = AuditConfig()
    config = config.replace(align=AlignConfig(**align)) if align else config
    return align_pair(ref, der, ref_vectors, der_vectors, config)


def _aligned(units: tuple[AlignedUnit, ...]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(u.ref, u.deriv) for u in units if u.status is UnitStatus.ALIGNED}


MERGED = (
    [
        "(Reporter Zhang Min)",
        "Last night the Shenzhen exchange announced rules for margin trading, approved by the "
        "securities regulator.",
        "Brokers will accept orders from February 13.",
    ],
    [
        "News from our paper (reporter Zhang Min): last night the Shenzhen exchange announced "
        "margin trading rules approved by the securities regulator.",
        "Brokers will take orders from February 13.",
    ],
)

SPLIT = (
    [
        "After the strategy was set, Shanshan looked for partners, and at that time the carbon "
        "institute of Anshan was running a national project that lacked research funds.",
        "The two sides signed an agreement in 2003.",
    ],
    [
        "After the strategic direction was set, Shanshan began to look for partners.",
        "At that time, the Anshan carbon institute was running a national project.",
        "Its research funds were not enough.",
        "The two sides signed an agreement in 2003.",
    ],
)


def test_a_short_reference_sentence_the_derivative_carries_is_merged(encoder):
    units = _align(encoder, *MERGED)
    assert ((0, 1), (0,)) in _aligned(units)
    assert not [u for u in units if u.status is UnitStatus.OMISSION]


def test_pieces_of_one_reference_sentence_are_one_unit(encoder):
    units = _align(encoder, *SPLIT)
    assert _aligned(units) == {((0,), (0, 1, 2)), ((1,), (3,))}


def test_without_the_word_rule_the_short_sentence_is_omitted(encoder):
    """The rule is what makes the difference: the cosine alone does not merge it."""
    assert ((0, 1), (0,)) not in _aligned(_align(encoder, *MERGED, cover_share=0))


def test_a_stray_quotation_mark_of_the_reference_joins_its_sentence(encoder):
    reference = [
        "In its reply, the chatbot said the telescope took the first photo of a planet outside "
        "our solar system.",
        "\u201d",
    ]
    derivative = ["In his reply, the chatbot said the telescope took the first planet photo."]
    assert _aligned(_align(encoder, reference, derivative)) == {((0, 1), (0,))}


def test_names_the_whole_story_repeats_do_not_merge_a_neighbour(encoder):
    reference = [
        "A Fox fell into a well and could not get out.",
        "A thirsty Goat came by and asked the Fox if the water was good.",
        '"My friend," answered the Fox.',
    ]
    derivative = [
        "A Fox once fell into a deep well.",
        "Then a Goat, very thirsty, came and asked the Fox whether the water tasted good.",
    ]
    units = _align(encoder, reference, derivative)
    assert ((1,), (1,)) in _aligned(units)
    assert ((1, 2), (1,)) not in _aligned(units)


def _emission(rows: list[list[float]]) -> np.ndarray:
    """Emission weights from log-odds, as ``decode`` turns them."""
    config = AlignConfig()
    z = np.asarray(rows, dtype=np.float32)
    return np.exp(config.emission_scale * (z - config.emission_offset)).astype(np.float32)


@pytest.mark.parametrize(
    ("log_odds", "choice", "expected"),
    [
        pytest.param([[0.0, 0.5, 3.0]], [1], [2], id="moves-to-a-far-better-free-sentence"),
        pytest.param([[0.0, 2.0, 3.0]], [1], [1], id="stays-within-the-margin"),
        pytest.param([[0.0, -1.0, 0.9]], [1], [1], id="stays-when-the-better-one-is-not-sure"),
        pytest.param([[0.0, 0.5, 3.0], [0.0, 0.0, 4.0]], [1, 2], [1, 2], id="claimed-stays"),
        pytest.param(
            [[3.0, 0.5, 0.0], [3.0, 0.5, 0.0], [3.0, 0.5, 0.0]],
            [1, 1, 1],
            [1, 1, 1],
            id="a-split-stays-whole",
        ),
        pytest.param(
            [[0.0, 0.5, 3.0], [-3.0, 0.0, -3.0]],
            [1, -1],
            [2, 1],
            id="the-freed-sentence-goes-to-an-unlinked-one",
        ),
        pytest.param(
            [[0.0, 0.5, 3.0], [-3.0, -2.5, -3.0]],
            [1, -1],
            [2, -1],
            id="but-only-if-it-matches-enough",
        ),
    ],
)
def test_relink(log_odds, choice, expected):
    picked = np.asarray(choice, dtype=np.int64)
    _relink(_emission(log_odds), picked, AlignConfig())
    assert picked.tolist() == expected


def test_relink_margin_zero_never_moves():
    picked = np.asarray([1], dtype=np.int64)
    _relink(_emission([[0.0, 0.5, 3.0]]), picked, AlignConfig(relink_margin=0))
    assert picked.tolist() == [1]


def _unit_of(audit, needle: str) -> AlignedUnit:
    (index,) = [s.index for s in audit.derivative.sentences if needle in s.text]
    return next(u for u in audit.units if index in u.deriv)


def test_004_reported_speech_aligns_to_its_quotation(seed_audits):
    audit = seed_audits["004"]
    unit = _unit_of(audit, "urged South Korea to continue and to step up")
    assert audit.reference.text_of(unit.ref).startswith("\u201cI urge the Republic of Korea")
    assert not [
        f
        for f in audit.findings
        if f.category is Category.OMISSION and "I urge the Republic" in f.explanation
    ]


@pytest.fixture(scope="module")
def headline_audit(encoder, tmp_path_factory):
    """An ``.html`` copy of seed 001 with a headline of its own above the story."""
    lines = [line for line in (SEEDS / "001_bab7ab19f59dc562.txt").read_text("utf-8").splitlines()]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    page = (
        "<!DOCTYPE html><html><head><title>NATO chief</title></head><body><article>\n"
        "<h1>NATO chief urges South Korea to step up military aid to Ukraine</h1>\n"
        f"{body}\n</article></body></html>\n"
    )
    path = Path(tmp_path_factory.mktemp("html")) / "001_headline.html"
    path.write_text(page, encoding="utf-8")
    return audit_documents(REFERENCE, [path], AuditConfig(), encoder=encoder).audits[0]


def test_a_headline_and_caption_never_take_the_ledes_place(headline_audit):
    audit = headline_audit
    headline = _unit_of(audit, "NATO chief urges South Korea to step up military aid")
    assert audit.reference.text_of(headline.ref).startswith("Nato's chief urges South Korea")
    lede = _unit_of(audit, "SEOUL, Jan 30 (Reuters)")
    assert audit.reference.text_of(lede.ref).startswith("SEOUL \u2013 Nato Secretary-General")
    assert not [
        f for f in audit.findings if f.category is Category.OMISSION and "SEOUL" in f.explanation
    ]
