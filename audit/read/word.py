"""Word ``.docx`` documents to plain text, in bounded time and memory.

A ``.docx`` is a ZIP archive of XML parts; python-docx unpacks every part it knows into memory
and parses it. Two guards come first:

- **Unpacked size.** The sizes that the archive's directory declares for its parts are added up
  before anything is unpacked; more than ``byte_limit(max_chars)`` bytes (4 bytes per allowed
  character, as for a text file) is refused, naming the largest part. Python's ``zipfile`` never
  unpacks more than a part's declared size (a part that lies about it fails its CRC check), so
  a ZIP bomb costs a directory read, never its 2 GB.
- **Parser failures.** Whatever python-docx, lxml or zipfile raise on a damaged or hostile file
  (XML cut short by an interrupted save, entity loops, nesting deeper than libxml2 allows, an
  encrypted or unknown compression method, running out of memory) is this document's
  ``InputError``: one error row, the other documents are audited.

Extraction: body paragraphs and table cells, one per line, in document order (python-docx).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from audit.errors import InputError
from audit.read.formats import reason
from audit.read.source import byte_limit

_BROKEN_FIX = "save it again from Word or as .txt"


def docx_text(path: Path, data: bytes, max_chars: int = 5_000_000) -> str:
    """The paragraphs (and table cells) of a Word .docx document, one per line, in order."""
    check_unpacked_size(path, data, max_chars)
    try:
        return _paragraphs(data)
    except MemoryError:
        raise InputError(
            f"{path}: ran out of memory while reading the .docx; {_BROKEN_FIX}"
        ) from None
    except Exception as exc:  # noqa: BLE001 - any failure to parse this file is its own error
        raise _broken(path, exc) from None


def check_unpacked_size(path: Path, data: bytes, max_chars: int) -> None:
    """Refuse an archive whose parts unpack to more than the limit (from its directory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(
            f"{path}: is not a valid .docx file ({reason(exc)}); {_BROKEN_FIX}"
        ) from None
    total = sum(part.file_size for part in parts)
    if total > byte_limit(max_chars):
        largest = max(parts, key=lambda part: part.file_size)
        raise InputError(
            f"{path}: its parts unpack to {total:,} bytes ({largest.filename} "
            f"{largest.file_size:,}), over the limit of {max_chars:,} characters; "
            "raise it with --max-chars"
        )


def _paragraphs(data: bytes) -> str:
    import docx  # python-docx; imported here: only .docx input pays for it

    document = docx.Document(io.BytesIO(data))
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


def _broken(path: Path, exc: BaseException) -> InputError:
    return InputError(f"{path}: is not a valid .docx file ({reason(exc)}); {_BROKEN_FIX}")
