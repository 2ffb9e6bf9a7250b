"""Damaged and hostile Word files: each is its own error row with one exact line, exit 2, the
other documents audited and reported (``audit run`` and ``audit batch``, saved for --resume),
inputs byte for byte unchanged, earlier reports unchanged when nothing could be audited.

The files are made by ``tests/read/hostile_files.py``; the fake encoder keeps this fast (what is
tested is reading). Time and memory of the 2 GB bomb: ``benchmarks/hostile_inputs.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

import audit.pipeline
import audit.read.word
from audit.testing import FakeEncoder
from tests.faults import articles, child, cli, previous_reports, snapshot
from tests.read.hostile_files import cut_short, deep_nesting, entity_loop, zip_bomb

FIX = "save it again from Word or as .txt"
LINES = ["The minister resigned on Monday.", "She said the plan was unfair to 52 families."]
HOSTILE: list = [
    pytest.param(
        lambda d: cut_short(d / "cut.docx", LINES),
        "{p}: is not a valid .docx file (Premature end of data in tag t line 2, line 2, "
        f"column 175); {FIX}",
        id="cut-short",
    ),
    pytest.param(
        lambda d: entity_loop(d / "laughs.docx"),
        "{p}: is not a valid .docx file (Maximum entity amplification factor exceeded, see "
        f"xmlCtxtSetMaxAmplification., line 1, column 5); {FIX}",
        id="entity-expansion",
    ),
    pytest.param(
        lambda d: deep_nesting(d / "deep.docx", 5000),
        "{p}: is not a valid .docx file (Excessive depth in document: 256, use XML_PARSE_HUGE "
        f"option, line 2, column 2765); {FIX}",
        id="5000-deep",
    ),
    pytest.param(
        lambda d: zip_bomb(d / "bomb.docx", 2_000_000_000),
        "{p}: its parts unpack to 2,000,824,612 bytes (word/document.xml 2,000,000,000), over "
        "the limit of 5,000,000 characters; raise it with --max-chars",
        id="2GB-zip-bomb",
    ),
]


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: FakeEncoder())


def _summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("make", "message"), HOSTILE)
def test_hostile_docx_alone_is_one_line_and_earlier_reports_stay(
    make: Callable[[Path], Path], message: str, tmp_path: Path
) -> None:
    reference, _ = articles(tmp_path / "in")
    path = make(tmp_path / "in")
    inputs = snapshot(tmp_path / "in")
    out = tmp_path / "out"
    before = previous_reports(out)
    result = cli("run", reference, path, "--out", out)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "Error: " + message.format(p=path),
        f"No derivative could be audited: no report was written to {out}",
    ]
    assert snapshot(out) == before
    assert snapshot(tmp_path / "in") == inputs


@pytest.mark.parametrize(("make", "message"), HOSTILE)
def test_hostile_docx_beside_a_good_derivative_costs_only_itself(
    make: Callable[[Path], Path], message: str, tmp_path: Path
) -> None:
    reference, derivative = articles(tmp_path / "in")
    path = make(tmp_path / "in")
    inputs = snapshot(tmp_path / "in")
    result = cli("run", reference, derivative, path, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == ["Error: " + message.format(p=path)]
    assert result.stdout.startswith("derivative.txt: major issues; fidelity ")
    rows = [(r["document"], r["status"], r["message"]) for r in _summary(tmp_path / "out")]
    assert rows == [
        ("derivative.txt", "ok", ""),
        (str(path), "error", message.format(p=path)),
    ]
    assert snapshot(tmp_path / "in") == inputs


def test_running_out_of_memory_in_a_docx_is_its_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference, derivative = articles(tmp_path / "in")
    path = cut_short(tmp_path / "in" / "huge.docx", LINES)

    def exhausted(data: bytes) -> str:
        raise MemoryError

    monkeypatch.setattr(audit.read.word, "_paragraphs", exhausted)
    result = cli("run", reference, derivative, path, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"Error: {path}: ran out of memory while reading the .docx; {FIX}"
    ]
    assert [r["status"] for r in _summary(tmp_path / "out")] == ["ok", "error"]


def test_a_bomb_within_a_raised_limit_is_unpacked_as_declared(tmp_path: Path) -> None:
    """The bound is --max-chars: raised, the same archive is unpacked (to no article text)."""
    path = zip_bomb(tmp_path / "small-bomb.docx", 3_000_000)
    with pytest.raises(audit.read.word.InputError, match="the file is empty"):
        audit.read.read_document(path, max_chars=1_000_000)
    with pytest.raises(audit.read.word.InputError, match="over the limit of 700,000 characters"):
        audit.read.read_document(path, max_chars=700_000)


def test_a_batch_with_a_damaged_docx_reports_and_saves_the_others(tmp_path: Path) -> None:
    """``audit batch`` (a child process): the damaged row is an error row, the two good rows
    are reported and saved for --resume, which then reuses them."""
    folder = tmp_path / "in"
    reference, derivative = articles(folder)
    second = folder / "second.txt"
    second.write_text(derivative.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    bad = cut_short(folder / "cut.docx", LINES)
    manifest = folder / "manifest.csv"
    rows = [derivative.name, bad.name, second.name]
    manifest.write_text(
        "reference,derivative\n" + "".join(f"{reference.name},{r}\n" for r in rows),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = child(["batch", manifest, "--out", out, "--quiet"])
    assert done.returncode == 2, done.stderr
    message = HOSTILE[0].values[1].format(p=bad)
    assert done.stderr.splitlines() == [f"Error: {message}"]
    assert [(r["document"], r["status"]) for r in _summary(out)] == [
        ("derivative.txt", "ok"),
        ("second.txt", "ok"),
        (str(bad), "error"),
    ]
    assert len(list((out / ".audit-state").glob("*.json"))) == 2
    again = child(["batch", manifest, "--out", out, "--quiet", "--resume"])
    assert again.returncode == 2
    assert "Resumed 2 finished derivative(s)" in again.stderr


@pytest.mark.parametrize(("make", "message"), HOSTILE[:2])
def test_a_hostile_docx_as_the_reference_is_one_line(
    make: Callable[[Path], Path], message: str, tmp_path: Path
) -> None:
    _, derivative = articles(tmp_path / "in")
    path = make(tmp_path / "in")
    result = cli("run", path, derivative, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == "Error: " + message.format(p=path) + "\n"
    assert not (tmp_path / "out").exists()
