"""Segmentation robustness: lines without punctuation, huge lines, exact offsets."""

from __future__ import annotations

import pytest

from audit.records import Document
from audit.segment import _pysbd_spans, segment, split_line

NEWS = (
    "Mr. Park met Jens Stoltenberg in Seoul on Monday. They discussed Ukraine, the U.S. and "
    "Japan. \u201cWe must act,\u201d he said. Costs rose by 3.5 per cent! Was it enough? "
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Headline without a stop\nAnother line\n",
            ["Headline without a stop", "Another line"],
            id="lines",
        ),
        pytest.param(
            "# Title\n- item one\n> quoted line",
            ["Title", "item one", "quoted line"],
            id="markdown",
        ),
        pytest.param("One. Two.\r\nThree.\r\n", ["One.", "Two.", "Three."], id="crlf"),
        pytest.param("  \n\t\n", [], id="blank"),
    ],
)
def test_units(text: str, expected: list[str]):
    sentences = segment(Document("d", text)).sentences
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_windowed_segmentation_equals_whole_line_pysbd_on_ordinary_text():
    line = NEWS * 60  # about 9,000 characters: several windows
    assert split_line(line, 2_000) == _pysbd_spans(line)


def test_line_without_sentence_ends_is_cut_at_spaces_into_bounded_pieces():
    line = "and the talks went on " * 5_000  # 110,000 characters, no sentence end
    spans = split_line(line, 2_000)
    assert all(0 < end - start <= 2_000 for start, end in spans)
    assert all(line[start - 1] == " " for start, _ in spans[1:])
    assert "".join(line[s:e] for s, e in spans).replace(" ", "") == line.replace(" ", "")


def test_unbroken_run_is_cut_at_the_limit():
    spans = split_line("x" * 4_500, 2_000)
    assert spans == [(0, 2_000), (2_000, 4_000), (4_000, 4_500)]


def test_sentence_longer_than_a_window_keeps_following_sentences():
    line = "word " * 700 + "end. Next sentence here. And one more."
    texts = [line[s:e] for s, e in split_line(line, 2_000)]
    assert texts[-2:] == ["Next sentence here.", "And one more."]
    assert all(len(t) <= 2_000 for t in texts)
