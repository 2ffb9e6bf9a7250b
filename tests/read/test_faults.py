"""Bad input, family by family, through the command line: the exact one-line error, exit 2, and
earlier reports left as they were (nothing was audited, so nothing is written).

Real special files: devices, a FIFO made with ``os.mkfifo``, symbolic links. The fake encoder
keeps this fast: what is tested is reading, not the model.
"""

from __future__ import annotations

import csv
import os
import threading
from pathlib import Path

import pytest

import audit.pipeline
import audit.read.source
from audit.testing import FakeEncoder
from tests.faults import (
    DERIVATIVE_TEXT,
    REFERENCE_TEXT,
    Maker,
    articles,
    cli,
    previous_reports,
    snapshot,
    writes,
)


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: FakeEncoder())
    monkeypatch.setattr(audit.read.source, "PIPE_WAIT_SECONDS", 0.3)


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _link_loop(folder: Path) -> Path:
    path = folder / "loop.txt"
    path.symlink_to(path)
    return path


def _dangling(folder: Path) -> Path:
    path = folder / "link.txt"
    path.symlink_to(folder / "gone.txt")
    return path


LINES = [f"Line {n} says \u201cyes\u201d to the plan." for n in range(1, 10)]
NEARLY_UTF8 = "\n".join(LINES).encode() + b"\nLine 10 has one \x93bad quote.\n"
NEARLY = (
    "{p}: is UTF-8 but for 1 byte: the first, byte 0x93 at line 10, column 17 (\u201c in "
    "cp1252); retype that character or save the file again as UTF-8 (--encoding would garble "
    "the UTF-8 characters)"
)
BINARY = "{p}: is a binary file, not text; give the article as .txt, .md, .html or .docx"

FAULTS = [
    pytest.param(lambda d: Path("/dev/zero"), [], "{p}: is a device, not a regular file; "
                 "give a text file", id="dev-zero"),
    pytest.param(lambda d: Path("/dev/urandom"), [], "{p}: is a device, not a regular file; "
                 "give a text file", id="dev-urandom"),
    pytest.param(_fifo, [], "{p}: is a named pipe and nothing was written to it for 0.3 s; "
                 "start the program that writes it first, or give a regular file", id="fifo"),
    pytest.param(_link_loop, [], "{p}: is a symbolic link loop; fix the link or give the file "
                 "itself", id="symlink-loop"),
    pytest.param(_dangling, [], "{p}: is a symbolic link to a missing file ({p.parent}/gone.txt); "
                 "fix the link", id="dangling-symlink"),
    pytest.param(lambda d: d, [], "{p}: is a directory; give a text file", id="directory"),
    pytest.param(writes("nearly.txt", NEARLY_UTF8), [], NEARLY, id="utf-8-but-one-byte"),
    pytest.param(writes("nearly.txt", NEARLY_UTF8), ["--encoding", "latin-1"], NEARLY,
                 id="utf-8-but-one-byte-latin-1"),
    pytest.param(writes("nearly.txt", NEARLY_UTF8), ["--encoding", "cp1252"], NEARLY,
                 id="utf-8-but-one-byte-cp1252"),
    pytest.param(writes("late-nul.txt", DERIVATIVE_TEXT.encode() * 200 + b"\x00\x01"), [],
                 BINARY, id="nul-after-8-KB"),
    pytest.param(writes("long.txt", DERIVATIVE_TEXT.encode() * 5), ["--max-chars", "200"],
                 "{p}: 890 bytes is over the limit of 200 characters; raise it with --max-chars",
                 id="over-max-chars"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "options", "message"), FAULTS)
def test_bad_input_is_one_line_exit_2_and_reports_unchanged(
    make: Maker, options: list[str], message: str, tmp_path: Path
):
    reference, _ = articles(tmp_path / "in")
    path = make(tmp_path / "in")
    out = tmp_path / "out"
    before = previous_reports(out)
    result = cli("run", reference, path, "--out", out, *options)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "Error: " + message.format(p=path),
        f"No derivative could be audited: no report was written to {out}",
    ]
    assert snapshot(out) == before


def test_standard_input_is_read_up_to_the_limit(tmp_path: Path):
    reference, _ = articles(tmp_path / "in")
    out = tmp_path / "out"
    before = previous_reports(out)
    result = cli("run", reference, "-", "--out", out, "--max-chars", "200", stdin=b"x" * 100_000)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "Error: stdin: more than 800 bytes is over the limit of 200 characters; "
        "raise it with --max-chars"
    )
    assert snapshot(out) == before


def test_a_fifo_with_a_writer_is_audited(tmp_path: Path):
    reference, _ = articles(tmp_path / "in")
    path = _fifo(tmp_path / "in")

    def write() -> None:
        with path.open("wb") as handle:
            handle.write(DERIVATIVE_TEXT.encode())

    writer = threading.Thread(target=write)
    writer.start()
    result = cli("run", reference, path, "--out", tmp_path / "out")
    writer.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("pipe.txt: major issues; fidelity ")


def test_lone_carriage_returns_are_line_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An old Mac file: each paragraph its own line, a finding on its own line number."""
    said = "She said the plan was unfair to {} families in the north."
    vectors = {said.format(25): [1.0] + [0.0] * 7, said.format(52): [1.0] + [0.0] * 7}
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: FakeEncoder(vectors))
    reference, _ = articles(tmp_path / "in")
    path = tmp_path / "in" / "mac.txt"
    path.write_bytes(DERIVATIVE_TEXT.replace("\n\n", "\r").encode())
    document = audit.read.read_document(path)
    assert document.text == DERIVATIVE_TEXT.replace("\n\n", "\n")
    assert document.line_of(document.text.index("52")) == 2
    result = cli("run", reference, path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["span"], r["line"]) for r in rows if r["category"] == "number"] == [("52", "2")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "reference,derivative,derivative\nr.txt,a.txt,b.txt\n",
            "{p}: the manifest has derivative twice (header: reference,derivative,derivative); "
            "give one reference and one derivative column, one row per pair",
            id="column-twice",
        ),
        pytest.param(
            'reference,derivative\nr.txt,a.txt\nr.txt,"b.txt\nr.txt,c.txt\n',
            "{p}:3: a quote opened on this line is never closed; close it (a path with a comma "
            'is written "a,b.txt") or remove it',
            id="unclosed-quote",
        ),
        pytest.param(
            "%PDF-1.7\n%\xe2\xe3\n",
            "{p}: is a PDF file, not text; give the manifest as a CSV file of "
            "reference,derivative rows",
            id="pdf",
        ),
        pytest.param(
            "reference,derivative\x00\x01\x02\n",
            "{p}: is a binary file, not text; give the manifest as a CSV file of "
            "reference,derivative rows",
            id="binary",
        ),
    ],
)
def test_bad_manifest_is_one_line_and_nothing_is_audited(text: str, message: str, tmp_path: Path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(text, encoding="utf-8")
    result = cli("batch", manifest, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message.format(p=manifest)}\n"
    assert not (tmp_path / "out").exists()


def test_same_file_names_in_two_folders_are_told_apart(tmp_path: Path):
    reference, _ = articles(tmp_path / "in")
    for folder in ("wire", "web"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(DERIVATIVE_TEXT, encoding="utf-8")
    result = cli(
        "run", reference, tmp_path / "wire/story.txt", tmp_path / "web/story.txt",
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = [line.split(": ")[0] for line in result.stdout.splitlines()[:2]]
    assert names == ["wire/story.txt", "web/story.txt"]


def test_a_newline_in_a_file_name_stays_one_summary_line(tmp_path: Path):
    reference, _ = articles(tmp_path / "in")
    path = tmp_path / "in" / "two\nlines.txt"
    path.write_text(DERIVATIVE_TEXT, encoding="utf-8")
    result = cli("run", reference, path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("two\\nlines.txt: ")
    assert "; fidelity " in result.stdout.splitlines()[0]


def test_reference_text_is_unchanged_by_the_reader(tmp_path: Path):
    reference, _ = articles(tmp_path / "in")
    assert audit.read.read_document(reference).text == REFERENCE_TEXT
