"""Reading: paths become Documents (text, Markdown, HTML, .docx, standard input) and manifests
become rows, or an InputError says what is wrong with the file and what to do."""

from __future__ import annotations

from audit.read.document import STDIN, STDIN_NAME, read_bytes, read_document
from audit.read.manifest import ManifestProblem, ManifestRow, read_manifest

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "ManifestProblem",
    "ManifestRow",
    "read_bytes",
    "read_document",
    "read_manifest",
]
