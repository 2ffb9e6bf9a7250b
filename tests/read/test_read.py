"""Reading documents and manifests: formats, encodings, offsets and row problems."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from audit.errors import InputError
from audit.read import ManifestProblem, read_document, read_manifest
from audit.read.text import decode

TEXT = "He said \u201cno\u201d \u2013 twice.\nShe left.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(TEXT.encode("utf-8"), None, id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), None, id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), None, id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None, id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-32"), None, id="utf-32-bom"),
        pytest.param("Plain ASCII.\nTwo lines.\n".encode("utf-16-le"), None, id="utf-16-le"),
        pytest.param("Plain ASCII.\nTwo lines.\n".encode("utf-16-be"), None, id="utf-16-be"),
        pytest.param(TEXT.encode("cp1252"), "cp1252", id="cp1252-option"),
        pytest.param(TEXT.encode("utf-8"), "cp1252", id="utf-8-despite-option"),
    ],
)
def test_decoding(data: bytes, encoding: str | None):
    text = decode(Path("x.txt"), data, encoding)
    assert text in (TEXT, "Plain ASCII.\nTwo lines.\n")


def test_offsets_refer_to_the_decoded_text_without_bom(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Title\r\n\r\nFirst one. Second one.\r\n")
    document = read_document(path)
    assert document.text == "Title\r\n\r\nFirst one. Second one.\r\n"
    assert (document.name, document.path) == ("a.txt", str(path))


def test_html_keeps_the_article_and_drops_menus_footers_scripts(tmp_path: Path):
    path = tmp_path / "page.HTML"
    path.write_text(
        "<html><head><title>News</title><style>p{color:red}</style></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>"
        "<article><h1>Minister resigns</h1><p>The minister resigned on Monday after a row "
        "over the budget.</p><p>Officials said a successor would be named within a week, "
        "and the opposition welcomed it.</p><script>alert('x')</script></article>"
        "<footer>Copyright 2024 News Corp. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    text = read_document(path).text
    assert "The minister resigned on Monday after a row over the budget." in text
    assert "Officials said a successor" in text
    for furniture in ("Home", "Copyright", "alert", "color:red"):
        assert furniture not in text


def test_html_declared_charset_is_honoured(tmp_path: Path):
    path = tmp_path / "page.htm"
    body = "<p>Le ministre a d\u00e9missionn\u00e9 lundi apr\u00e8s une dispute sur le budget.</p>"
    page = f"<html><head><meta charset='iso-8859-1'></head><body><article>{body}</article>"
    path.write_bytes((page + "</body></html>").encode("latin-1"))
    assert "d\u00e9missionn\u00e9 lundi apr\u00e8s" in read_document(path).text


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_heading("Minister resigns", level=1)
    document.add_paragraph("The minister resigned on Monday.")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Budget"
    table.cell(0, 1).text = "3.5 per cent"
    document.add_paragraph("Officials said a successor would be named.")
    path = tmp_path / "a.docx"
    document.save(str(path))
    assert read_document(path).text == (
        "Minister resigns\nThe minister resigned on Monday.\nBudget\n3.5 per cent\n"
        "Officials said a successor would be named."
    )


def test_stdin_is_read_once_under_the_name_stdin():
    document = read_document("-", stdin=io.BytesIO(TEXT.encode("utf-16")))
    assert (document.name, document.path, document.text) == ("stdin", "stdin", TEXT)


def test_large_file_refused_before_reading(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 401)
    with pytest.raises(InputError, match="401 bytes is over the limit of 100 characters"):
        read_document(path, max_chars=100)


def _manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_rows_resolve_relative_to_its_folder(tmp_path: Path):
    path = _manifest(
        tmp_path,
        "\ufeffDerivative, Reference ,note\nd.txt,r.txt,x\n/abs/d.txt,r.txt,\n\n,,\n",
    )
    rows, problems = read_manifest(path, root=Path("/"))  # /abs/d.txt: outside its folder
    assert [(r.line, r.reference, r.derivative) for r in rows] == [
        (2, tmp_path / "r.txt", tmp_path / "d.txt"),
        (3, tmp_path / "r.txt", Path("/abs/d.txt")),
    ]
    assert problems == []


def test_manifest_row_problems(tmp_path: Path):
    path = _manifest(tmp_path, "reference,derivative\nr.txt,d.txt\nr.txt,\n,d.txt\n./r.txt,d.txt\n")
    rows, problems = read_manifest(path)
    assert [r.line for r in rows] == [2]
    assert problems == [
        ManifestProblem(
            3, f"{path}:3: the derivative column is empty; give both a reference and a derivative"
        ),
        ManifestProblem(
            4, f"{path}:4: the reference column is empty; give both a reference and a derivative"
        ),
        ManifestProblem(5, f"{path}:5: repeats line 2; the pair is audited once, remove this row"),
    ]
