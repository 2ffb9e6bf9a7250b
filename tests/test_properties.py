"""Property tests (hypothesis): offsets, alignment coverage, CSV round trips, for any text."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.align import align
from audit.pipeline import audit_documents
from audit.records import BatchResult, Document
from audit.report import write_reports
from audit.report.csv import neutralise
from audit.report.frames import FINDINGS
from audit.segment import _MARKDOWN_PREFIX, segment
from audit.settings import AuditConfig
from audit.testing import FakeEncoder

# Text with the characters that trouble segmenters: sentence ends, quotes, abbreviations,
# Markdown furniture, carriage returns, odd spaces and letters from other scripts.
PIECES = st.sampled_from(
    [
        "Mr.",
        "Dr. Smith",
        "U.S.",
        "e.g.",
        "1.5",
        "...",
        "?!",
        "\u201cQuote.\u201d",
        "# ",
        "- ",
        "1) ",
        "> ",
        "\r\n",
        "\n",
        "\n\n",
        "  ",
        "\t",
        "\u00a0",
        "\u2028",
        "\u3002",
        "\u0964",
        "Word",
        "word",
        "a",
        "Z",
        "42",
        ".",
        "!",
        "?",
        "(",
        ")",
        "'",
        '"',
        "\u00e9t\u00e9",
        "\u4e2d\u6587",
        "\u0627\u0644",
        "\U0001f600",
        "\x0b",
        "\x1c",
        "\u0301",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=80).map("".join))


def _check_offsets(text: str, max_chars: int) -> None:
    sentences = segment(Document("d", text), max_chars).sentences
    cursor = 0
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= cursor
        assert len(sentence.text) <= max_chars
        cursor = sentence.end
    _check_nothing_left_out(text, sentences)


def _check_nothing_left_out(text: str, sentences) -> None:
    """Every character outside all sentences is whitespace or a line's Markdown prefix."""
    covered = [False] * len(text)
    for sentence in sentences:
        covered[sentence.start : sentence.end] = [True] * (sentence.end - sentence.start)
    line_start = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        prefix = _MARKDOWN_PREFIX.match(stripped)
        furniture = len(line) - len(stripped) + (prefix.end() if prefix else 0)
        for k, ch in enumerate(line):
            if not covered[line_start + k] and not ch.isspace():
                assert k < furniture, (text, line_start + k)
        line_start += len(line) + 1


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_sentence_offsets_are_exact_ordered_and_disjoint(text: str) -> None:
    _check_offsets(text, 2_000)


@given(TEXTS, st.integers(min_value=2, max_value=40))
@settings(max_examples=200, deadline=None)
def test_small_windows_keep_offsets_exact(text: str, max_chars: int) -> None:
    _check_offsets(text, max_chars)


@given(
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.floats(min_value=-0.2, max_value=1.0),
)
@settings(max_examples=200, deadline=None)
def test_every_sentence_is_in_exactly_one_unit(n_ref: int, n_der: int, seed: int, shared: float):
    rng = np.random.default_rng(seed)
    ref = rng.normal(size=(n_ref, 8)).astype(np.float32)
    der = rng.normal(size=(n_der, 8)).astype(np.float32)
    if n_ref and n_der:  # some derivative sentences are noisy copies of reference ones
        picks = rng.integers(0, n_ref, size=n_der)
        der = der * (1 - shared) + ref[picks] * shared
    ref /= np.linalg.norm(ref, axis=1, keepdims=True) + 1e-9
    der /= np.linalg.norm(der, axis=1, keepdims=True) + 1e-9
    units = align(ref, der, [1.0] * n_ref, [2.0] * n_der)
    assert sorted(j for u in units for j in u.ref) == list(range(n_ref))
    assert sorted(i for u in units for i in u.deriv) == list(range(n_der))
    assert [u.index for u in units] == list(range(len(units)))
    for unit in units:
        assert unit.ref or unit.deriv
        assert list(unit.ref) == sorted(unit.ref) and list(unit.deriv) == sorted(unit.deriv)


SENTENCES = st.lists(
    st.sampled_from(
        [
            "The minister resigned on Monday.",
            '=HYPERLINK("http://x")',
            "+1 said the aide.",
            "-5 degrees were measured.",
            "@everyone read this.",
            'She left; "quoted" text.',
            "Costs rose by 3.5 per cent.",
            "Mr. Park met Jens Stoltenberg.",
            "purpose.",
            "\u4e2d\u6587\u53e5\u5b50\u3002",
            "Line,with,commas.",
            "Tab\there.",
        ]
    ),
    min_size=1,
    max_size=10,
)


@given(SENTENCES, SENTENCES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_csv_findings_read_back_equal_the_findings(ref: list[str], der: list[str]) -> None:
    reference = Document("ref.txt", "\n".join(ref))
    derivative = Document("der.txt", "\n\n".join(der))
    result = audit_documents(reference, [derivative], AuditConfig(), encoder=FakeEncoder())
    batch = BatchResult(results=(result,))
    with tempfile.TemporaryDirectory() as folder:
        write_reports(batch, Path(folder), ["csv"])
        with (Path(folder) / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
            read = list(csv.DictReader(handle))
    expected = [
        {c: "" if row[c] is None else str(neutralise(row[c])) for c in FINDINGS.names}
        for row in FINDINGS.batch_rows(batch)
    ]
    assert read == expected
