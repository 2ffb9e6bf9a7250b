"""Translations assembled from an MQM TSV: whole original documents and their translations.

The shared MQM files hold, for each ``doc_id``, its paragraphs (``seg_id`` order) in the original
language and in translation: ``mqm_ende_news23.tsv`` the English original in ``reference`` and
each system's German ``target`` (``refA`` the human one); the zh-en files the Chinese original in
``source`` and its English human translation in ``reference``. ``read_parallel`` assembles, per
document (and per system when the translation is ``target``), the original's paragraphs one a
line and the translation's one a line, with the raters' error spans of each paragraph. A
paragraph on line k of one side is a translation of line k of the other, which makes
segment-identity gold for the aligner (``audit.bench.crossalign``). Rows whose ``seg_id`` is
not a number are left out (the WMT21 file has 1,011 rows of six documents whose ids were cut
in the release, so their order is unknown).
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.errors import BenchError

COLUMNS = ("reference", "target", "source")


@dataclass(frozen=True)
class ExpertError:
    """One rater's error span: MQM category and severity, side (``target`` is the translation,
    ``source`` the original) and character offsets into that side's paragraph."""

    category: str
    severity: str
    side: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Paragraph:
    """One segment: the original paragraph, its translation and the raters' errors."""

    original: str
    translation: str
    errors: tuple[ExpertError, ...] = ()

    @property
    def error_free(self) -> bool:
        """No rater marked any error in it (what "error-free" means in the figures)."""
        return not self.errors


@dataclass(frozen=True)
class ParallelDoc:
    """A document and one translation of it, paragraph by paragraph."""

    doc_id: str
    system: str
    human: bool
    paragraphs: tuple[Paragraph, ...]

    @property
    def name(self) -> str:
        return f"{self.doc_id}:{self.system}"

    def original(self) -> str:
        """The original, one paragraph a line."""
        return "".join(f"{p.original}\n" for p in self.paragraphs)

    def translation(self, order: Sequence[int] | None = None) -> str:
        """The translation, one paragraph a line, in ``order`` (default: as published)."""
        order = range(len(self.paragraphs)) if order is None else order
        return "".join(f"{self.paragraphs[k].translation}\n" for k in order)

    def shuffled(self, seed: int) -> list[int]:
        """A permutation of the paragraphs, the same for the same document and seed."""
        order = list(range(len(self.paragraphs)))
        random.Random(f"{seed}:{self.name}").shuffle(order)
        return order


def _flat(text: str) -> str:
    """A paragraph on one line (the few with line breaks inside are joined with spaces)."""
    return " ".join(text.split("\n")).strip()


def _errors(raw: str) -> tuple[ExpertError, ...]:
    try:
        spans = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(
        ExpertError(
            str(e.get("category", "")), str(e.get("severity", "")), str(e.get("side", "")),
            e.get("start"), e.get("end"),
        )
        for e in spans
    )  # fmt: skip


def read_parallel(
    path: Path, original: str = "reference", translation: str = "target", half: str = "all"
) -> list[ParallelDoc]:
    """Every document of the TSV with its translations (``half``: fit, the first half of the
    sorted ``doc_id`` values; eval, the others; all)."""
    if original not in COLUMNS or translation not in COLUMNS or original == translation:
        raise BenchError(f"--original {original} --translation {translation}: give two of "
                         f"{', '.join(COLUMNS)}")  # fmt: skip
    rows = _rows(path, original, translation)
    per_system = translation == "target"
    groups: dict[tuple[str, str], dict[int, tuple[Paragraph, bool]]] = {}
    for row in rows:
        if not row["seg_id"].isdigit():
            continue
        system = row["system"] if per_system else "human"
        human = row.get("is_human") == "1" or not per_system
        errors = _errors(row.get("error_spans", "")) if per_system else ()
        paragraph = Paragraph(_flat(row[original]), _flat(row[translation]), errors)
        groups.setdefault((row["doc_id"], system), {})[int(row["seg_id"])] = (paragraph, human)
    docs = [
        ParallelDoc(doc, system, next(iter(segs.values()))[1],
                    tuple(segs[k][0] for k in sorted(segs)))
        for (doc, system), segs in sorted(groups.items())
    ]  # fmt: skip
    return select_half(docs, half)


def _rows(path: Path, original: str, translation: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            need = {"doc_id", "seg_id", "system", original, translation}
            missing = sorted(need - set(reader.fieldnames or []))
            if missing:
                raise BenchError(f"{path}: missing column(s) {', '.join(missing)}; give an MQM TSV")
            return list(reader)
    except OSError as exc:
        raise BenchError(f"{path}: cannot read ({exc.strerror}); check the path") from None


def select_half(docs: list[ParallelDoc], half: str) -> list[ParallelDoc]:
    """The documents of one half of the sorted ``doc_id`` values (fit: first; eval: second)."""
    if half not in ("fit", "eval", "all"):
        raise BenchError(f"--half {half}: give fit, eval or all")
    if half == "all":
        return docs
    ids = sorted({d.doc_id for d in docs})
    first = set(ids[: len(ids) // 2])
    return [d for d in docs if (d.doc_id in first) == (half == "fit")]
