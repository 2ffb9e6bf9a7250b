"""HTML pages to plain text (Word documents: ``audit.read.word``).

The audit's offsets refer to the text extracted here (one paragraph per line), not to the
bytes of the ``.html`` or ``.docx`` file: reports quote that text, so a span can always be
found in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from audit.errors import InputError
from audit.read.text import decode

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})
_REASON_CHARS = 200
_LXML_WHERE = re.compile(r" \(<string>, line \d+\)$")  # lxml's name for a parsed string


def html_text(path: Path, data: bytes, encoding: str | None) -> str:
    """The main article text of an HTML page (trafilatura: no menus, footers or scripts).

    Without ``--encoding`` the bytes go to trafilatura, which honours the page's declared
    charset; with it, the page is decoded first. A reader that cannot be imported (an install
    without lxml_html_clean) or fails on the page is this page's InputError, not the run's end.
    """
    try:
        import trafilatura  # imported here: only HTML input pays for it
    except ImportError as exc:
        raise InputError(
            f"{path}: HTML cannot be read on this install ({reason(exc)}); reinstall audit "
            "with its dependencies (pip install audit) or save the article text as .txt"
        ) from None
    source: str | bytes = decode(path, data, encoding) if encoding else data
    try:
        text = _extract(trafilatura, source)
    except MemoryError:
        raise InputError(f"{path}: ran out of memory while reading the HTML page") from None
    except Exception as exc:  # noqa: BLE001 - any failure on this page is this page's error
        raise InputError(
            f"{path}: the HTML page cannot be read ({reason(exc)}); save the article text as .txt"
        ) from None
    if not text or not text.strip():
        raise InputError(
            f"{path}: no article text found in the HTML page; save the article text as .txt"
        )
    return text


def _extract(trafilatura: Any, source: str | bytes) -> str | None:
    """The article text (a second, recall-oriented pass when the first finds none)."""
    text: str | None = trafilatura.extract(source, output_format="txt", include_comments=False)
    if not text or not text.strip():
        text = trafilatura.extract(
            source, output_format="txt", include_comments=False, favor_recall=True
        )
    return text


def reason(exc: BaseException) -> str:
    """A library exception's own words, on one line and not too long (its kind when it has
    none; lxml's " (<string>, line N)" left out)."""
    text = _LXML_WHERE.sub("", " ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "…"
