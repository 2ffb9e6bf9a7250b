"""Reading: paths become Documents (text, Markdown, HTML, .docx, standard input) and manifests
become rows, or an InputError says what is wrong with the file and what to do."""

from __future__ import annotations

from audit.read.document import (
    STDIN,
    STDIN_NAME,
    check_document,
    check_items,
    read_document,
    to_document,
)
from audit.read.manifest import ManifestProblem, ManifestRow, read_manifest
from audit.read.names import distinct_names

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "ManifestProblem",
    "ManifestRow",
    "check_document",
    "check_items",
    "distinct_names",
    "read_document",
    "read_manifest",
    "to_document",
]
