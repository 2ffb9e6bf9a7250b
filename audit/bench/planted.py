"""Planted changes in translations: does the audit find each kind of error where it was made?

Each translation of ``audit.bench.parallel`` (the human ``refA`` German translations of the
shared en-de file, say) is audited as it is (the *baseline*, which also measures the false
alarms: how many unchanged translations get a major or critical finding) and as copies with one
change each, made where the baseline aligned a sentence with its original:

- ``delete``: a sentence removed (found: an omission on the original's sentence);
- ``insert``: a sentence of another document's translation inserted (an addition on it);
- ``figure``: a figure the original shares changed by one digit, or a month named otherwise
  (a number finding on it);
- ``name``: a name the original shares misspelt (one letter dropped, doubled or swapped), or
  replaced by another name of the same story, in turn (a name finding on it);
- ``untranslated``: a sentence replaced by its original (an untranslated finding on it);
- ``truncate``: a sentence cut after half its words, end mark dropped (a garbled finding on it).

A change is found when a finding of its category overlaps its span (the original's span for a
deletion). ``copies`` copies of each kind are made per document, each with its own random
choice (seeded by the document's name and the copy's number).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from audit.bench.parallel import ParallelDoc
from audit.checks.entities import fold
from audit.checks.figures import figures
from audit.pipeline import audit_documents
from audit.records import Category, Document, DocumentAudit, Finding, Severity
from audit.settings import Settings

KINDS = ("delete", "insert", "figure", "name", "untranslated", "truncate")
EXPECTED = {
    "delete": Category.OMISSION,
    "insert": Category.ADDITION,
    "figure": Category.NUMBER,
    "name": Category.NAME,
    "untranslated": Category.UNTRANSLATED,
    "truncate": Category.GARBLED,
}
_MONTHS_DE = ("Januar Februar März April Mai Juni Juli August September Oktober November "
              "Dezember").split()  # fmt: skip


@dataclass(frozen=True)
class Plant:
    """One planted change: the changed translation and the span the finding must overlap
    (in the translation, or in the original for a deletion)."""

    kind: str
    text: str
    start: int
    end: int
    on_original: bool = False
    old: str = ""
    """The word changed (names)."""


@dataclass
class Tally:
    """Per kind: copies made, found with the right category on the span, found as major."""

    made: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    major: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    missed: list[str] = field(default_factory=list)
    rare_names: list[int] = field(default_factory=lambda: [0, 0])
    """Name changes made to a name that is no word of English, and how many were found."""
    baseline: int = 0
    baseline_clean: int = 0
    """Unchanged translations with no major or critical finding."""
    false_alarms: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        rates = {k: round(self.found[k] / self.made[k], 3) if self.made[k] else None for k in KINDS}
        return {
            "translations": self.baseline,
            "without_major": self.baseline_clean,
            "without_major_share": round(self.baseline_clean / self.baseline, 3)
            if self.baseline else None,
            "made": self.made,
            "found": self.found,
            "found_major": self.major,
            "found_share": rates,
            "rare_names_made": self.rare_names[0],
            "rare_names_found": self.rare_names[1],
        }  # fmt: skip


def _rare(word: str) -> bool:
    """A name that is no whole word of the packaged model's English vocabulary."""
    from audit.checks.entities import english_vocabulary

    return word.lower() not in english_vocabulary()


def _serious(finding: Finding) -> bool:
    return finding.severity in (Severity.MAJOR, Severity.CRITICAL)


def _sentences(audit: DocumentAudit) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, original span) of each translation sentence aligned alone in its unit."""
    out = []
    for unit in audit.units:
        if len(unit.deriv) == 1 and unit.ref:
            sentence = audit.derivative.sentences[unit.deriv[0]]
            out.append((sentence.start, sentence.end, audit.reference.span(unit.ref)))
    return out


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def plant_delete(audit: DocumentAudit, rng: random.Random, pool: Sequence[str]) -> Plant | None:
    choices = [
        c
        for c in _sentences(audit)
        if len(audit.derivative.document.text[c[0] : c[1]].split()) >= 6
    ]  # noqa: E501
    if not choices:
        return None
    start, end, original = rng.choice(choices)
    text = audit.derivative.document.text
    tail = end + 1 if text[end : end + 1] == " " else end
    head = start - 1 if tail == end and start > 0 and text[start - 1] == " " else start
    return Plant("delete", _replace(text, head, tail, ""), original[0], original[1], True)


def plant_insert(audit: DocumentAudit, rng: random.Random, pool: Sequence[str]) -> Plant | None:
    long = [p for p in pool if len(p.split()) >= 8]
    choices = _sentences(audit)
    if not long or not choices:
        return None
    sentence = rng.choice(long)
    _, end, _ = rng.choice(choices)
    text = audit.derivative.document.text
    return Plant(
        "insert", _replace(text, end, end, " " + sentence), end + 1, end + 1 + len(sentence)
    )


def plant_figure(audit: DocumentAudit, rng: random.Random, pool: Sequence[str]) -> Plant | None:
    text = audit.derivative.document.text
    language = audit.languages.derivative
    options = []
    for start, end, original in _sentences(audit):
        shared = {v for f in figures(audit.reference.document.text[original[0]:original[1]],
                                     audit.languages.reference) for v in f.values}  # fmt: skip
        for f in figures(text[start:end], language):
            if f.values & shared:
                options.append((start + f.start, start + f.end, f.kind))
    if not options:
        return None
    start, end, kind = rng.choice(options)
    old = text[start:end]
    if kind == "month" and old in _MONTHS_DE:
        new = _MONTHS_DE[(_MONTHS_DE.index(old) + 3) % 12]
    elif kind == "month" or not old[-1].isdigit():
        return None
    else:
        new = old[:-1] + str((int(old[-1]) + rng.randint(1, 8)) % 10)
    return Plant("figure", _replace(text, start, end, new), start, start + len(new))


_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _mid_sentence_names(text: str) -> set[str]:
    """Capitalised words of four letters or more that do not open a sentence."""
    return {
        m.group()
        for m in _NAME.finditer(text)
        if m.start() > 1 and text[m.start() - 2] not in ".!?\n"
    }  # noqa: E501


def plant_name(audit: DocumentAudit, rng: random.Random, pool: Sequence[str]) -> Plant | None:
    text = audit.derivative.document.text
    names = _mid_sentence_names(audit.reference.document.text)
    options = [
        (start + m.start(), m.group())
        for start, end, _ in _sentences(audit)
        for m in _NAME.finditer(text[start:end])
        if m.start() > 0 and m.group() in names
    ]
    if not options:
        return None
    start, old = rng.choice(options)
    others = sorted(n for n in names if fold(n) != fold(old) and re.search(rf"\b{n}\b", text))
    if rng.random() < 0.5 or not others:
        k = rng.randrange(1, len(old) - 1)
        typos = (old[:k] + old[k + 1 :], old[:k] + old[k] + old[k:],
                 old[:k] + old[k + 1] + old[k] + old[k + 2 :])  # fmt: skip
        new = rng.choice([t for t in typos if t != old] or [old + "s"])
    else:
        new = rng.choice(others)
    new_text = _replace(text, start, start + len(old), new)
    return Plant("name", new_text, start, start + len(new), old=old)


def plant_untranslated(
    audit: DocumentAudit, rng: random.Random, pool: Sequence[str]
) -> Plant | None:  # noqa: E501
    choices = [
        c for c in _sentences(audit) if "\n" not in audit.reference.document.text[c[2][0] : c[2][1]]
    ]  # noqa: E501
    if not choices:
        return None
    start, end, original = rng.choice(choices)
    english = audit.reference.document.text[original[0] : original[1]]
    text = audit.derivative.document.text
    return Plant("untranslated", _replace(text, start, end, english), start, start + len(english))


def plant_truncate(audit: DocumentAudit, rng: random.Random, pool: Sequence[str]) -> Plant | None:
    text = audit.derivative.document.text
    choices = [c for c in _sentences(audit) if len(text[c[0] : c[1]].split()) >= 10]
    if not choices:
        return None
    start, end, _ = rng.choice(choices)
    words = text[start:end].split(" ")
    kept = " ".join(words[: max(3, len(words) // 2)]).rstrip(",;:")
    return Plant("truncate", _replace(text, start, end, kept), start, start + len(kept))


PLANTERS: dict[str, Callable[[DocumentAudit, random.Random, Sequence[str]], Plant | None]] = {
    "delete": plant_delete,
    "insert": plant_insert,
    "figure": plant_figure,
    "name": plant_name,
    "untranslated": plant_untranslated,
    "truncate": plant_truncate,
}


def found(plant: Plant, audit: DocumentAudit) -> tuple[bool, bool]:
    """(a finding of the expected category overlaps the span, one of them is major)."""
    hits = []
    for f in audit.findings:
        if f.category is not EXPECTED[plant.kind]:
            continue
        start, end = (f.ref_start, f.ref_end) if plant.on_original else (f.start, f.end)
        if start is not None and end is not None and start < plant.end and end > plant.start:
            hits.append(f)
    return bool(hits), any(_serious(f) for f in hits)


def _pools(docs: Sequence[ParallelDoc]) -> dict[str, tuple[list[str], list[str]]]:
    """Per document, what other documents offer: their translations' sentences (to insert) and
    the names their originals and translations share (to replace a name with)."""
    sentences: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for doc in docs:
        translation = doc.translation()
        sentences[doc.doc_id] = [s for s in re.split(r"(?<=[.!?])\s+", translation) if s.strip()]
        found = set(re.findall(r"\b[A-Z][a-z]{3,}\b", doc.original()))
        names[doc.doc_id] = sorted(n for n in found if re.search(rf"\b{n}\b", translation))
    return {
        doc.doc_id: (
            [s for k, v in sentences.items() if k != doc.doc_id for s in v],
            [n for k, v in names.items() if k != doc.doc_id for n in v],
        )
        for doc in docs
    }


def run_planted(docs: Sequence[ParallelDoc], config: Settings, copies: int = 2) -> Tally:
    """Audit each translation as it is and ``copies`` changed copies per kind; count what is
    found (see the module doc)."""
    tally = Tally()
    pools = _pools(docs)
    for doc in docs:
        original = Document(f"{doc.name}.original.txt", doc.original())
        translation = Document(f"{doc.name}.txt", doc.translation())
        baseline = audit_documents(original, [translation], config).audits[0]
        _count_baseline(tally, doc, baseline)
        plants = []
        for kind in KINDS:
            for copy in range(copies):
                rng = random.Random(f"{doc.name}:{kind}:{copy}")
                pool = pools[doc.doc_id][1 if kind == "name" else 0]
                plant = PLANTERS[kind](baseline, rng, pool)
                if plant is not None:
                    plants.append(plant)
        copies_ = [Document(f"{doc.name}.{k}.{p.kind}.txt", p.text) for k, p in enumerate(plants)]
        result = audit_documents(original, copies_, config)
        for plant, audit in zip(plants, result.audits, strict=True):
            hit, major = found(plant, audit)
            tally.made[plant.kind] += 1
            tally.found[plant.kind] += hit
            tally.major[plant.kind] += major
            if plant.kind == "name" and _rare(plant.old):
                tally.rare_names[0] += 1
                tally.rare_names[1] += hit
            if not hit:
                text = plant.text[max(0, plant.start - 40) : plant.end + 40]
                tally.missed.append(f"{doc.name} {plant.kind}: …{' '.join(text.split())}…")
    return tally


def _count_baseline(tally: Tally, doc: ParallelDoc, audit: DocumentAudit) -> None:
    serious = [f for f in audit.findings if _serious(f)]
    tally.baseline += 1
    tally.baseline_clean += not serious
    tally.false_alarms += [f"{doc.name} {f.check} {f.severity.value}: {f.explanation}"
                           for f in serious]  # fmt: skip
