"""The aligner on hand-built unit vectors: exact control over every cosine."""

from __future__ import annotations

import numpy as np
import pytest

from audit.align import align
from audit.align.decode import decode
from audit.align.lexical import lexical_pairs
from audit.records import AlignedUnit, UnitStatus
from audit.settings import AlignConfig

DIM = 32


def basis(*parts: int | tuple[int, float]) -> np.ndarray:
    """A unit vector mixing basis directions: basis(1, 2) is (e1 + e2) / sqrt(2)."""
    vector = np.zeros(DIM, dtype=np.float32)
    for part in parts:
        index, weight = part if isinstance(part, tuple) else (part, 1.0)
        vector[index] += weight
    return vector / np.linalg.norm(vector)


def doc(*sentences: np.ndarray) -> np.ndarray:
    return np.stack(sentences) if sentences else np.zeros((0, DIM), dtype=np.float32)


def run(ref: np.ndarray, der: np.ndarray, **kwargs) -> tuple[AlignedUnit, ...]:
    return align(ref, der, [10] * len(ref), [10] * len(der), AlignConfig(), **kwargs)


def links(units: tuple[AlignedUnit, ...]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(reference run, derivative run) of the aligned units."""
    return {(u.ref, u.deriv) for u in units if u.status is UnitStatus.ALIGNED}


def noisy(index: int, noise: int) -> np.ndarray:
    """A sentence close to basis direction ``index`` (cosine about 0.89 with it)."""
    return basis(index, (noise, 0.5))


CASES = [
    pytest.param(
        doc(basis(0), basis(1), basis(2)),
        doc(noisy(0, 20), noisy(1, 21), noisy(2, 22)),
        {((0,), (0,)), ((1,), (1,)), ((2,), (2,))},
        id="one-to-one",
    ),
    pytest.param(
        doc(basis(0), basis(1, 2), basis(3)),
        doc(basis(0), basis(1), basis(2), basis(3)),
        {((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))},
        id="split: one reference sentence as two",
    ),
    pytest.param(
        doc(basis(0), basis(1), basis(2), basis(3)),
        doc(basis(0), basis(1, 2), basis(3)),
        {((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))},
        id="merge: two reference sentences as one",
    ),
    pytest.param(
        doc(basis(0), basis(1), basis(2)),
        doc(basis(0), basis(9), basis(1), basis(2)),
        {((0,), (0,)), ((1,), (2,)), ((2,), (3,))},
        id="addition in the middle",
    ),
    pytest.param(
        doc(basis(0), basis(1), basis(2), basis(3)),
        doc(basis(0), basis(1), basis(3)),
        {((0,), (0,)), ((1,), (1,)), ((3,), (2,))},
        id="omission in the middle",
    ),
    pytest.param(
        doc(*(basis(k) for k in range(6))),
        doc(*(noisy(k, 20 + k) for k in (3, 4, 5, 0, 1, 2))),
        {((3,), (0,)), ((4,), (1,)), ((5,), (2,)), ((0,), (3,)), ((1,), (4,)), ((2,), (5,))},
        id="paragraphs swapped",
    ),
]


@pytest.mark.parametrize(("ref", "der", "expected"), CASES)
def test_alignment_cases(ref, der, expected):
    assert links(run(ref, der)) == expected


FABLE = [
    "A crow sat on a branch with a piece of cheese in her beak.",
    "A fox walked by and smelled the cheese.",
    "He praised the beautiful voice of the bird.",
    "The vain crow opened her beak to sing.",
    "The cheese fell down and the fox snatched it.",
    "Never trust a flatterer, said the fox as he left.",
]


def test_fully_reversed_order_with_word_evidence():
    """Every transition is a backward jump; the sentences' own evidence carries every link."""
    der_texts = FABLE[::-1]
    ref, der = (
        doc(*(basis(k) for k in range(6))),
        doc(*(noisy(k, 20 + k) for k in range(5, -1, -1))),
    )
    units = run(ref, der, lexical=lexical_pairs(FABLE, der_texts))
    assert links(units) == {((5 - k,), (k,)) for k in range(6)}


def test_additions_and_omissions_are_their_own_units_in_reading_order():
    """An omission sits right after the unit of its reference predecessor."""
    units = run(doc(basis(0), basis(1), basis(2)), doc(basis(0), basis(9), basis(2)))
    assert [(u.ref, u.deriv, u.status) for u in units] == [
        ((0,), (0,), UnitStatus.ALIGNED),
        ((1,), (), UnitStatus.OMISSION),
        ((), (1,), UnitStatus.ADDITION),
        ((2,), (2,), UnitStatus.ALIGNED),
    ]


@pytest.mark.parametrize(
    ("n_ref", "n_der", "statuses"),
    [
        pytest.param(0, 0, [], id="both empty"),
        pytest.param(0, 2, [UnitStatus.ADDITION] * 2, id="empty reference"),
        pytest.param(3, 0, [UnitStatus.OMISSION] * 3, id="empty derivative"),
    ],
)
def test_empty_sides(n_ref, n_der, statuses):
    units = run(doc(*(basis(k) for k in range(n_ref))), doc(*(basis(k) for k in range(n_der))))
    assert [u.status for u in units] == statuses


def test_unrelated_documents_have_no_links():
    units = run(doc(basis(0), basis(1)), doc(basis(10), basis(11), basis(12)))
    assert not links(units)
    assert len(units) == 5


def test_similarity_is_the_cosine_of_the_merged_unit():
    units = run(doc(basis(0), basis(1, 2)), doc(basis(0), basis(1), basis(2)))
    split = next(u for u in units if u.deriv == (1, 2))
    assert split.similarity == pytest.approx(1.0, abs=1e-5)


def test_lexical_overlap_links_a_paraphrase_the_embedding_misses():
    ref_texts = ["The fox praised the crow.", "The cheese fell from the beak of the crow."]
    der_texts = ["The fox praised the crow.", "Down from her beak tumbled the cheese."]
    ref, der = doc(basis(0), basis(1)), doc(basis(0), basis(7))
    without = run(ref, der)
    with_words = run(ref, der, lexical=lexical_pairs(ref_texts, der_texts))
    assert ((1,), (1,)) not in links(without)
    assert ((1,), (1,)) in links(with_words)


def log_odds(rows: list[tuple[int | None, float]], n_ref: int = 6) -> np.ndarray:
    """A (D, R) log-odds matrix: -6 everywhere but one (reference, value) cell per row."""
    z = np.full((len(rows), n_ref), -6.0, dtype=np.float32)
    for i, (j, value) in enumerate(rows):
        if j is not None:
            z[i, j] = value
    return z


WEAK, STRONG = -1.0, 3.0


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [(0, WEAK), (1, STRONG), (4, STRONG), (5, STRONG)],
            [0, 1, 4, 5],
            id="weak first sentence, the next one supports it",
        ),
        pytest.param(
            [(4, STRONG), (5, STRONG), (0, WEAK), (1, STRONG)],
            [4, 5, 0, 1],
            id="same block moved after a stranger: still supported",
        ),
        pytest.param(
            [(4, STRONG), (5, STRONG), (0, WEAK), (None, 0.0)],
            [4, 5, -1, -1],
            id="weak and alone: no counterpart",
        ),
        pytest.param(
            [(0, -3.0), (1, STRONG), (2, STRONG), (3, STRONG)],
            [-1, 1, 2, 3],
            id="no evidence of its own: context does not link it",
        ),
    ],
)
def test_both_neighbours_support_a_match(rows, expected):
    choice, confidence = decode(log_odds(rows), AlignConfig())
    assert choice.tolist() == expected
    assert all(
        (p > AlignConfig().link_posterior) == (j >= 0)
        for j, p in zip(choice, confidence, strict=True)
    )


def _random_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A derivative made from a reference: noise, drops, additions and moved blocks."""
    n_ref = int(rng.integers(0, 25))
    ref = rng.normal(size=(n_ref, DIM)).astype(np.float32)
    rows = [ref[j] + rng.normal(scale=0.6, size=DIM) for j in range(n_ref) if rng.random() > 0.2]
    rows += [rng.normal(size=DIM) for _ in range(int(rng.integers(0, 5)))]
    order = rng.permutation(len(rows))
    der = np.asarray([rows[k] for k in order], dtype=np.float32).reshape(len(rows), DIM)
    unit = lambda m: m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)  # noqa: E731
    return unit(ref), unit(der)


@pytest.mark.parametrize("seed", range(20))
def test_every_sentence_in_exactly_one_contiguous_unit(seed):
    ref, der = _random_case(np.random.default_rng(seed))
    units = run(ref, der)
    assert sorted(i for u in units for i in u.deriv) == list(range(len(der)))
    assert sorted(j for u in units for j in u.ref) == list(range(len(ref)))
    for unit in units:
        for side in (unit.ref, unit.deriv):
            assert list(side) == list(range(side[0], side[0] + len(side))) if side else True
        assert 0 < len(unit.ref) + len(unit.deriv)
        assert max(len(unit.ref), len(unit.deriv)) <= AlignConfig().max_span
    assert [u.index for u in units] == list(range(len(units)))


def test_a_sure_match_is_linked_whatever_its_context():
    """An isolated moved sentence in a long document: a jump's prior is spread over 2,000
    reference sentences, so context alone would leave it out; its own log-odds link it."""
    z = np.full((3, 2000), -6.0, dtype=np.float32)
    z[0, 1500], z[1, 100], z[2, 1501] = STRONG, 1.5, STRONG
    choice, _ = decode(z.copy(), AlignConfig())  # decode turns its input into emissions
    assert choice.tolist() == [1500, 100, 1501]
    z[1, 100] = 0.5  # below sure_log_odds: this one needs context it does not have
    assert decode(z, AlignConfig())[0].tolist() == [1500, -1, 1501]


def _path_weight(path, z: np.ndarray, c: AlignConfig) -> float:
    """Weight of one state path: ('L', j) link, ('G', e) addition after e, ('N', -1) addition."""
    n_ref = z.shape[1]

    def emit(i: int, state) -> float:
        return float(np.exp(c.emission_scale * (z[i, state[1]] - c.emission_offset)))

    def move(a, b) -> float:
        (ka, ja), (kb, jb) = a, b
        if kb == "L":
            jump = (c.gap_jump if ka == "G" else c.jump) / n_ref
            if ka == "L":
                return (
                    jump
                    + c.stay * (jb == ja)
                    + c.advance * (jb == ja + 1)
                    + c.skip * (jb == ja + 2)
                )
            if ka == "G":
                return jump + c.gap_advance * (jb == ja + 1) + c.gap_skip * (jb == ja + 2)
            return jump
        if kb == "N":
            return c.leave if ka == "N" else 0.0
        return (c.leave if ka == "L" else c.gap_stay if ka == "G" else 0.0) * (ja == jb)

    first = path[0]
    weight = {"L": 1 / n_ref, "N": 1.0, "G": 0.0}[first[0]]
    weight *= emit(0, first) if first[0] == "L" else 1.0
    for i in range(1, len(path)):
        weight *= move(path[i - 1], path[i]) * (emit(i, path[i]) if path[i][0] == "L" else 1.0)
    return weight


def test_confidence_is_the_posterior_of_the_hidden_markov_model():
    """Brute force over every state path of a 3 x 2 case: the decoder's forward-backward agrees."""
    import itertools

    c = AlignConfig()
    z = np.asarray([[1.0, -1.0], [-0.5, 0.8], [0.2, 2.0]], dtype=np.float32)
    states = [("L", 0), ("L", 1), ("N", -1), ("G", 0), ("G", 1)]
    marginal, total = np.zeros((3, 2)), 0.0
    for path in itertools.product(states, repeat=3):
        weight = _path_weight(path, z, c)
        total += weight
        for i, (kind, j) in enumerate(path):
            if kind == "L":
                marginal[i, j] += weight
    posterior = marginal / total
    choice, confidence = decode(z.copy(), c)
    for i, j in enumerate(choice):
        if j >= 0:
            assert confidence[i] == pytest.approx(posterior[i, j], rel=1e-4)
            assert j == posterior[i].argmax()
    assert (choice >= 0).any()


def _unit_vectors(*rows: list[float]) -> np.ndarray:
    array = np.asarray(rows, dtype=np.float32)
    return array / np.linalg.norm(array, axis=1, keepdims=True)


@pytest.mark.parametrize(
    ("first", "joined"),
    [
        pytest.param([1.0, 0.0, 0.0], [0, 1], id="other-half-of-a-split-joins"),
        pytest.param([0.0, 0.0, 1.0], [1], id="unrelated-neighbour-stays-out"),
    ],
)
def test_an_adjacent_unlinked_derivative_sentence_joins_a_split_unit(
    first: list[float], joined: list[int]
) -> None:
    from audit.align.units import _grow, _Merger, _Unit

    ref = _unit_vectors([1.0, 1.0, 0.0])  # one reference sentence carrying two facts
    der = _unit_vectors(first, [0.0, 1.0, 0.0])  # sentence 1 is linked, sentence 0 is not
    units = [_Unit([0], [1], 1.0)]
    _grow(units, _Merger(ref, der, [1.0], [1.0, 1.0]), AlignConfig(), 2, "deriv")
    assert units[0].deriv == joined
