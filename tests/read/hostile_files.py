"""Hostile Word files, made here (no fixture files): a ZIP bomb, XML cut short, an entity loop,
nesting deeper than libxml2 allows. Used by the tests and by ``benchmarks/hostile_inputs.py``."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}">'


def paragraphs_xml(lines: list[str]) -> str:
    """A document.xml body of one paragraph per line."""
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    return f"{HEAD}<w:body>{body}</w:body></w:document>"


def _template() -> dict[str, bytes]:
    """The parts of an empty python-docx document."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_with(path: Path, document_xml: str | bytes) -> Path:
    """A .docx whose word/document.xml is ``document_xml`` (the other parts python-docx's)."""
    parts = _template()
    parts[DOCUMENT] = document_xml.encode() if isinstance(document_xml, str) else document_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def cut_short(path: Path, lines: list[str]) -> Path:
    """A Word file from an interrupted save: document.xml ends in the middle of a paragraph."""
    xml = paragraphs_xml(lines)
    return docx_with(path, xml[: xml.rindex("<w:t>") + 8])


def entity_loop(path: Path, depth: int = 10) -> Path:
    """A billion-laughs document.xml: each entity is ten of the one before."""
    entities = '<!ENTITY e0 "laugh">' + "".join(
        f'<!ENTITY e{k} "{f"&e{k - 1};" * 10}">' for k in range(1, depth)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&e{depth - 1};</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx_with(path, xml)


def deep_nesting(path: Path, depth: int = 5000) -> Path:
    """A document.xml whose paragraph sits ``depth`` elements deep."""
    inner = "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    xml = f"{HEAD}<w:body>{'<w:sdt><w:sdtContent>' * depth}{inner}"
    xml += f"{'</w:sdtContent></w:sdt>' * depth}</w:body></w:document>"
    return docx_with(path, xml)


def zip_bomb(path: Path, unpacked: int = 2_000_000_000, chunk: int = 1 << 20) -> Path:
    """A .docx whose document.xml unpacks to ``unpacked`` bytes of well-formed XML (about a
    thousandth of that on disk). The deflate stream is one compressed chunk repeated: after a
    full flush the compressor starts afresh, so each copy is the same bytes."""
    head = f"{HEAD}<w:body>".encode()
    tail = b"</w:body></w:document>"
    filler = b"<w:p/>" * (chunk // 6)
    copies = (unpacked - len(head) - len(tail)) // len(filler)
    tail = b" " * (unpacked - len(head) - len(tail) - copies * len(filler)) + tail
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(filler) + squeeze.flush(zlib.Z_FULL_FLUSH)
    last = squeeze.compress(tail) + squeeze.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    docx_with(path, paragraphs_xml(["placeholder"]))
    return _swap_document(path, first + block * copies + last, unpacked, crc)


def _swap_document(path: Path, deflated: bytes, size: int, crc: int) -> Path:
    """Rewrite ``path`` with document.xml's entry replaced by raw deflate data."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    entries = []
    with path.open("wb") as handle:
        for name, data in parts.items():
            raw, length, check = (
                (deflated, size, crc)
                if name == DOCUMENT
                else (_deflate(data), len(data), zlib.crc32(data))
            )
            entries.append((name, handle.tell(), len(raw), length, check))
            encoded = name.encode()
            handle.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, check,
                                     len(raw), length, len(encoded), 0))  # fmt: skip
            handle.write(encoded + raw)
        start = handle.tell()
        for name, offset, packed, length, check in entries:
            encoded = name.encode()
            fields = (
                20,
                20,
                0,
                8,
                0,
                0,
                check,
                packed,
                length,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            handle.write(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", *fields))
            handle.write(encoded)
        end = handle.tell()
        handle.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                                 end - start, start, 0))  # fmt: skip
    return path


def _deflate(data: bytes) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush()
