"""Names that tell documents apart in reports: two ``story.txt`` from different folders become
``a/story.txt`` and ``b/story.txt`` (the shortest end of their paths that differs)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from audit.records import Document


def distinct_names(documents: Sequence[Document]) -> list[Document]:
    """The documents, those sharing a name renamed by the end of their paths (or ``#2``...)."""
    counts = Counter(d.name for d in documents)
    if all(n == 1 for n in counts.values()):
        return list(documents)
    renamed = [
        dataclasses.replace(d, name=_path_name(d, documents)) if counts[d.name] > 1 else d
        for d in documents
    ]
    return _numbered(renamed)


def _path_name(document: Document, documents: Sequence[Document]) -> str:
    """The shortest end of the document's path that no other document of its name shares."""
    parts = PurePath(document.path).parts if document.path else ()
    others = [
        PurePath(d.path).parts for d in documents if d.name == document.name and d is not document
    ]
    for k in range(2, len(parts) + 1):
        if all(other[-k:] != parts[-k:] for other in others):
            return str(PurePath(*parts[-k:]))
    return document.name


def _numbered(documents: Sequence[Document]) -> list[Document]:
    """Names still shared (the same path twice, or Documents without a path) get ``#2``..."""
    seen: Counter[str] = Counter()
    out = []
    for document in documents:
        seen[document.name] += 1
        count = seen[document.name]
        name = document.name if count == 1 else f"{document.name}#{count}"
        out.append(dataclasses.replace(document, name=name))
    return out
