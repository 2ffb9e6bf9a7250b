"""Every bad input through the command line: the exact first line of the error and the exit code.

The bad file is given as the derivative of the seed reference (the batch case: the run goes on
and writes reports, the bad file is an error row); a few are also given as the reference, where
nothing can be audited. Inputs that are odd but auditable must exit 0.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.cli import app
from tests.conftest import DERIVATIVES, REFERENCE
from tests.faults import Maker, writes

ARTICLE = (
    "The minister resigned on Monday after a row over the budget.\n\n"
    "She said the plan was unfair to families.\n\n"
    "Officials said a successor would be named within a week.\n"
)


@pytest.fixture(autouse=True)
def real_model(monkeypatch: pytest.MonkeyPatch, encoder) -> None:
    """Every CLI run here uses the session's real model (loaded once, before any run)."""
    encoder.encode(["warm up"])
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
    return buffer.getvalue()


def _directory(folder: Path) -> Path:
    path = folder / "articles"
    path.mkdir()
    return path


def _huge(folder: Path) -> Path:
    """A 50 MB text file (sparse: written as one seek)."""
    path = folder / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Words. ")
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b".")
    return path


CP1252 = "He said \u201cno\u201d \u2013 twice.\nShe left.\n".encode("cp1252")
CP1251 = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440.\n".encode("cp1251")

BAD_FILES = [
    pytest.param(lambda d: d / "missing.txt", "{p}: no such file; check the path", id="missing"),
    pytest.param(_directory, "{p}: is a directory; give a text file", id="directory"),
    pytest.param(
        writes("empty.txt", b""),
        "{p}: the file is empty; give a file with the article text",
        id="empty",
    ),
    pytest.param(
        writes("blank.txt", b"  \n\t\n \r\n"),
        "{p}: the file has only whitespace; give a file with the article text",
        id="whitespace-only",
    ),
    pytest.param(
        writes("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        "{p}: is a PDF file, not text; export its text (e.g. pdftotext) and give the .txt file",
        id="pdf",
    ),
    pytest.param(
        writes("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "{p}: is a PNG image, not text; give the article as a text file",
        id="png",
    ),
    pytest.param(
        writes("bundle.txt", _zip_bytes()),
        "{p}: is a ZIP archive, not text; unpack it, or name a Word file .docx",
        id="zip",
    ),
    pytest.param(
        writes("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        "{p}: is an old Office (.doc/.xls) file, not text; save it as .docx or .txt",
        id="old-word",
    ),
    pytest.param(
        writes("blob.txt", b"abc\x00\x01\x02\x03def\x00"),
        "{p}: is a binary file, not text; give the article as .txt, .md, .html or .docx",
        id="binary-nul",
    ),
    pytest.param(
        writes("windows.txt", CP1252),
        "{p}: is not UTF-8 (byte 0x93 at line 1, column 9); it looks like Windows cp1252 text: "
        "pass --encoding cp1252 or convert the file to UTF-8",
        id="cp1252-curly-quotes",
    ),
    pytest.param(
        writes("cyrillic.txt", CP1251),
        "{p}: is not UTF-8 (byte 0xcf at line 1, column 1); pass its encoding with --encoding "
        "(e.g. cp1252, latin-1, cp1251) or convert the file to UTF-8",
        id="cp1251",
    ),
    pytest.param(
        _huge,
        "{p}: 52,428,800 bytes is over the limit of 5,000,000 characters; "
        "raise it with --max-chars",
        id="50MB",
    ),
    pytest.param(
        writes(
            "page.html", b"<html><body><script>var x = 1;</script><img src=a.png></body></html>"
        ),
        "{p}: no article text found in the HTML page; save the article text as .txt",
        id="html-without-article",
    ),
    pytest.param(
        writes("broken.docx", b"PK\x03\x04 not really a zip"),
        "{p}: is not a valid .docx file (File is not a zip file); "
        "save it again from Word or as .txt",
        id="docx-corrupt",
    ),
]


def _run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


@pytest.mark.parametrize(("make", "message"), BAD_FILES)
def test_bad_derivative_is_one_error_line_and_exit_2(make: Maker, message: str, tmp_path: Path):
    """Beside a good derivative: the good one is audited, the bad one is an error row."""
    path = make(tmp_path)
    result = _run("run", REFERENCE, DERIVATIVES[0], path, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == "Error: " + message.format(p=path)
    assert "Traceback" not in result.output
    rows = _summary(tmp_path / "out")
    assert [(r["status"], r["message"]) for r in rows] == [
        ("ok", ""),
        ("error", message.format(p=path)),
    ]


@pytest.mark.parametrize(("make", "message"), BAD_FILES[:6])
def test_bad_reference_is_one_error_line_and_exit_2(make: Maker, message: str, tmp_path: Path):
    path = make(tmp_path)
    result = _run("run", path, DERIVATIVES[0], "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == "Error: " + message.format(p=path) + "\n"
    assert not (tmp_path / "out").exists()


def test_run_where_nothing_was_audited_writes_no_report(tmp_path: Path):
    result = _run("run", REFERENCE, tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path}/missing.txt: no such file; check the path",
        f"No derivative could be audited: no report was written to {tmp_path}/out",
    ]
    assert not (tmp_path / "out").exists()


def test_unreadable_file_mocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """chmod 000 does not stop root (the tests may run as root), so the refusal is simulated."""
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    real = Path.open

    def open_(self: Path, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    result = _run("run", REFERENCE, path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}: cannot be read (Permission denied); check its permissions"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file; see the mocked test")
def test_unreadable_file_chmod(tmp_path: Path):
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    result = _run("run", REFERENCE, path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}: cannot be read (Permission denied); check its permissions"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--max-chars", "4000", "--encoding", "cp1252"],
            "{p}: {n:,} characters is over the limit of 4,000; raise it with --max-chars",
            id="over-max-chars",
        ),
        pytest.param(
            ["--encoding", "ascii"],
            "{p}: is not valid ascii (byte 0x93 at line 1, column 9); pass the right --encoding",
            id="wrong-encoding",
        ),
    ],
)
def test_option_errors(args: list[str], message: str, tmp_path: Path):
    path = tmp_path / "article.txt"
    text = (REFERENCE_TEXT + ARTICLE * 3).encode("ascii", "replace")
    path.write_bytes(CP1252 + text[len(CP1252) :])
    result = _run("run", REFERENCE, path, "--out", tmp_path / "out", *args)
    assert result.exit_code == 2
    expected = message.format(p=path, n=len(path.read_bytes()))
    assert result.stderr.splitlines()[0] == "Error: " + expected


def test_unknown_encoding_is_refused_before_reading():
    result = _run("run", REFERENCE, DERIVATIVES[0], "--encoding", "klingon")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: encoding (--encoding) = 'klingon' is not valid; "
        "give a Python codec name such as cp1252\n"
    )


def _summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    for paragraph in REFERENCE.read_text(encoding="utf-8").split("\n\n"):
        document.add_paragraph(paragraph.strip())
    path = folder / "article.docx"
    document.save(str(path))
    return path


def _html(folder: Path) -> Path:
    paragraphs = "".join(
        f"<p>{p.strip()}</p>" for p in REFERENCE.read_text(encoding="utf-8").split("\n\n")
    )
    page = (
        "<html><head><meta charset='utf-8'><title>News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        f"<article>{paragraphs}<script>alert(1)</script></article>"
        "<footer>Copyright 2023. All rights reserved. Subscribe now.</footer></body></html>"
    )
    path = folder / "article.html"
    path.write_text(page, encoding="utf-8")
    return path


def _text(name: str, text: str, encoding: str = "utf-8") -> Maker:
    return writes(name, text.encode(encoding))


REFERENCE_TEXT = REFERENCE.read_text(encoding="utf-8")
NO_PUNCTUATION = "\n".join(
    line.replace(".", "").replace(",", "") for line in REFERENCE_TEXT.splitlines()
)
LONG_LINE = " ".join(REFERENCE_TEXT.split()) + " " + "and the talks went on " * 4_600

AUDITABLE = [
    pytest.param(_text("u16.txt", REFERENCE_TEXT, "utf-16"), [], id="utf-16-bom"),
    pytest.param(_text("u16le.txt", REFERENCE_TEXT, "utf-16-le"), [], id="utf-16-no-bom"),
    pytest.param(writes("bom.txt", codecs.BOM_UTF8 + REFERENCE_TEXT.encode()), [], id="utf-8-bom"),
    pytest.param(
        _text("win.txt", REFERENCE_TEXT, "cp1252"), ["--encoding", "cp1252"], id="cp1252-option"
    ),
    pytest.param(_text("flat.txt", NO_PUNCTUATION), [], id="no-punctuation"),
    pytest.param(_text("line.txt", LONG_LINE), [], id="100k-single-line"),
    pytest.param(_html, [], id="html"),
    pytest.param(_docx, [], id="docx"),
]


@pytest.mark.parametrize(("make", "args"), AUDITABLE)
def test_odd_but_auditable_inputs_exit_0(make: Maker, args: list[str], tmp_path: Path):
    path = make(tmp_path)
    result = _run("run", REFERENCE, path, "--out", tmp_path / "out", *args)
    assert result.exit_code == 0, result.output
    [row] = _summary(tmp_path / "out")
    assert row["status"] == "ok"
    assert int(row["sentences"]) > 0


def test_max_chars_limit_can_be_raised(tmp_path: Path):
    path = _text("long.txt", REFERENCE_TEXT + ARTICLE * 3)(tmp_path)
    size = len(path.read_text(encoding="utf-8"))
    limit = ["--max-chars", str(size - 1)]
    refused = _run("run", REFERENCE, path, "--out", tmp_path / "a", *limit)
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[0] == (
        f"Error: {path}: {size:,} characters is over the limit of {size - 1:,}; "
        "raise it with --max-chars"
    )
    accepted = _run("run", REFERENCE, path, "--out", tmp_path / "b", "--max-chars", str(size))
    assert accepted.exit_code == 0, accepted.output


def test_error_about_a_hostile_file_name_stays_one_line(tmp_path: Path):
    path = tmp_path / "bad\nname\x1b[31m.txt"
    result = _run("run", path, DERIVATIVES[0])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {tmp_path}/bad\\nname\\x1b[31m.txt: no such file; check the path\n"
    )


def test_standard_input_given_twice(tmp_path: Path):
    result = _run("run", REFERENCE, "-", "-", "--out", tmp_path / "out", stdin=b"Text.\n")
    assert result.exit_code == 2
    assert result.stderr == "Error: - (standard input) can be given only once\n"


def test_long_single_line_is_cut_into_bounded_pieces(tmp_path: Path):
    assert len(LONG_LINE) > 100_000
    path = _text("line.txt", LONG_LINE)(tmp_path)
    _run("run", REFERENCE, path, "--out", tmp_path / "out")
    [row] = _summary(tmp_path / "out")
    assert int(row["sentences"]) >= len(LONG_LINE) // 2_000


@pytest.mark.parametrize(
    "copy", [_text("same.txt", REFERENCE_TEXT), _html, _docx], ids=["text", "html", "docx"]
)
def test_reference_as_its_own_derivative_is_perfect(copy: Maker, tmp_path: Path):
    path = copy(tmp_path) if copy in (_html, _docx) else REFERENCE
    result = _run("run", REFERENCE, path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    [row] = _summary(tmp_path / "out")
    assert (row["fidelity"], row["coverage"], row["additions"], row["omissions"]) == (
        "100.0",
        "1.0",
        "0",
        "0",
    )
    assert (row["critical"], row["major"], row["minor"]) == ("0", "0", "0")


GERMAN = (
    "Der Nato-Chef fordert Südkorea auf, die militärische Unterstützung der Ukraine zu erhöhen.\n\n"
    "Nato-Generalsekretär Jens Stoltenberg traf am Montag in Seoul den Außenminister.\n\n"
    "Er sagte, andere Länder hätten ihre Politik nach dem Einmarsch Russlands geändert.\n"
)


def test_derivative_in_another_language_completes(tmp_path: Path, use_encoder):
    """Audited as a translation of the reference (it renders three of its sentences), never a
    crash; the translation's own checks run and the report says which did not."""
    path = _text("de.txt", GERMAN)(tmp_path)
    result = _run("run", REFERENCE, path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    [row] = _summary(tmp_path / "out")
    assert row["status"] == "ok" and row["languages"] == "en>de"
    assert row["checks"].startswith("8 of 11 ran; not run: quote")
    assert float(row["fidelity"]) < 50 and float(row["coverage"]) < 0.5
    assert int(row["aligned"]) >= 2


def test_derivative_from_standard_input(tmp_path: Path):
    result = _run("run", REFERENCE, "-", "--out", tmp_path / "out", stdin=REFERENCE_TEXT.encode())
    assert result.exit_code == 0, result.output
    [row] = _summary(tmp_path / "out")
    assert (row["document"], row["fidelity"]) == ("stdin", "100.0")


def test_empty_standard_input(tmp_path: Path):
    result = _run("run", REFERENCE, "-", "--out", tmp_path / "out", stdin=b"")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "Error: stdin: the file is empty; give a file with the article text"
    )
