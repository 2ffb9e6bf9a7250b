"""HTML pages and Word documents to plain text.

The audit's offsets refer to the text extracted here (one paragraph per line), not to the
bytes of the ``.html`` or ``.docx`` file: reports quote that text, so a span can always be
found in it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from audit.errors import InputError
from audit.read.text import decode

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})


def html_text(path: Path, data: bytes, encoding: str | None) -> str:
    """The main article text of an HTML page (trafilatura: no menus, footers or scripts).

    Without ``--encoding`` the bytes go to trafilatura, which honours the page's declared
    charset; with it, the page is decoded first.
    """
    import trafilatura  # imported here: only HTML input pays for it

    source: str | bytes = decode(path, data, encoding) if encoding else data
    text = trafilatura.extract(source, output_format="txt", include_comments=False)
    if not text or not text.strip():
        text = trafilatura.extract(
            source, output_format="txt", include_comments=False, favor_recall=True
        )
    if not text or not text.strip():
        raise InputError(
            f"{path}: no article text found in the HTML page; save the article text as .txt"
        )
    return text


def docx_text(path: Path, data: bytes) -> str:
    """The paragraphs (and table cells) of a Word .docx document, one per line, in order."""
    import docx  # python-docx; imported here: only .docx input pays for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{path}: is not a valid .docx file ({exc}); save it again from Word or as .txt"
        ) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):  # a table: each cell's paragraphs, row by row
            seen: set[int] = set()  # a merged cell is listed once per grid column it spans
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        lines += [p.text for p in cell.paragraphs]
        else:
            lines.append(block.text)
    return "\n".join(line for line in lines if line.strip())
