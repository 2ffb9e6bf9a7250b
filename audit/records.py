"""The data model: frozen records that flow one way through the pipeline.

Offsets are always character offsets into ``Document.text`` (the decoded text of the file
as read), so ``document.text[start:end]`` is exactly the reported span.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import ClassVar


class Severity(StrEnum):
    """How much a finding matters; ordered critical > major > minor."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        """3 for critical, 2 for major, 1 for minor: larger is worse."""
        return {"critical": 3, "major": 2, "minor": 1}[self.value]


class Category(StrEnum):
    """The finding categories; the CSV contract lists exactly these."""

    GARBLED = "garbled"
    NAME = "name"
    NUMBER = "number"
    QUOTE = "quote"
    MISTRANSLATION = "mistranslation"
    OMISSION = "omission"
    ADDITION = "addition"
    DUPLICATE = "duplicate"
    UNTRANSLATED = "untranslated"
    BOILERPLATE = "boilerplate"
    MEANING = "meaning"


class UnitStatus(StrEnum):
    """Whether a unit pairs sentences from both sides or only one."""

    ALIGNED = "aligned"
    ADDITION = "addition"
    OMISSION = "omission"


@dataclass(frozen=True)
class Document:
    """A text as read from disk (or given through the API)."""

    name: str
    text: str
    path: str = ""

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset (bisection: a long text has many)."""
        return bisect_left(self._newlines, offset) + 1

    @cached_property
    def _newlines(self) -> tuple[int, ...]:
        """Offsets of every newline of the text, made once per document."""
        return tuple(k for k, ch in enumerate(self.text) if ch == "\n")


@dataclass(frozen=True)
class Sentence:
    """One segment: ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Segmented:
    """A document and its sentences, in reading order."""

    document: Document
    sentences: tuple[Sentence, ...]

    def span(self, indices: tuple[int, ...]) -> tuple[int, int]:
        """Start and end offsets covering a contiguous run of sentences (0, 0 if none)."""
        if not indices:
            return (0, 0)
        return (self.sentences[indices[0]].start, self.sentences[indices[-1]].end)

    def text_of(self, indices: tuple[int, ...]) -> str:
        """The document text covering a run of sentences, exactly as in the file."""
        start, end = self.span(indices)
        return self.document.text[start:end]


@dataclass(frozen=True)
class AlignedUnit:
    """A contiguous run of reference sentences matched to a contiguous run of derivative ones.

    One side empty: an omission (no derivative sentences) or an addition (no reference ones).
    """

    index: int
    ref: tuple[int, ...]
    deriv: tuple[int, ...]
    similarity: float | None = None

    @property
    def status(self) -> UnitStatus:
        if not self.deriv:
            return UnitStatus.OMISSION
        if not self.ref:
            return UnitStatus.ADDITION
        return UnitStatus.ALIGNED


class LinkKind(StrEnum):
    """Why a derivative word is taken to render a reference word (see ``audit.align.words``)."""

    EXACT = "exact"
    STEM = "stem"
    SPELLING = "spelling"
    TRANSLITERATION = "transliteration"
    NUMBER = "number"


@dataclass(frozen=True)
class WordLink:
    """A derivative word (``deriv_start:deriv_end``) rendering a reference word."""

    kind: LinkKind
    deriv_start: int
    deriv_end: int
    ref_start: int
    ref_end: int


@dataclass(frozen=True)
class UnitWords:
    """The word alignment of one unit: its links and the words of either side left unmatched.

    Offsets are into the derivative's and the reference's text respectively.
    """

    unit: int
    links: tuple[WordLink, ...] = ()
    unmatched_deriv: tuple[tuple[int, int], ...] = ()
    unmatched_ref: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class UnitScores:
    """Scores of one aligned unit; ``None`` where a score does not apply."""

    similarity: float | None = None
    chrf: float | None = None
    bleu: float | None = None
    ter: float | None = None


@dataclass(frozen=True)
class UnitJudgement:
    """What the meaning judge (``audit.judge``) read in one aligned unit."""

    unit: int
    major: float
    """Calibrated probability that the unit carries a Major meaning error (0-1)."""
    opposite: float
    """Score (0-1, decided at 0.5) that the derivative states the opposite of the reference."""
    words: tuple[tuple[int, int, float], ...] = ()
    """Derivative words (offsets into the derivative text), each with the probability that it
    is in error."""
    lost: tuple[tuple[int, int, float], ...] = ()
    """Reference words (offsets into the reference text), each with the probability that the
    derivative lost its meaning."""
    doubt: float = 0.0
    """How far ``major`` lies above the judge's accept level, scaled to 0-1 (0 for a unit it
    accepts as faithful): the term unit fidelity counts (docs/fidelity.md)."""

    MARK: ClassVar[float] = 0.5
    """Probability from which the judge marks a word (in error, or lost)."""

    @property
    def opposes(self) -> bool:
        """Whether the judge reads the derivative as stating the opposite (``opposite`` at 0.5)."""
        return self.opposite >= 0.5


@dataclass(frozen=True)
class JudgeLevels:
    """The judge's calibrated probability levels of a unit's Major error (``audit.judge``)."""

    accept: float = 0.0
    """Under this the judge accepts the unit as faithful (the median of error-free units)."""
    minor: float = 1.0
    """From this a unit gets a minor ``meaning`` finding."""
    major: float = 1.0
    """From this a major (or critical) one."""


@dataclass(frozen=True)
class Finding:
    """One thing a derivative did to the reference, with its exact span and evidence."""

    document: str
    unit: int
    category: Category
    severity: Severity
    check: str
    start: int | None
    end: int | None
    span: str
    line: int | None
    explanation: str
    derivative_text: str = ""
    reference_text: str = ""
    ref_start: int | None = None
    ref_end: int | None = None
    evidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        """A stable id: same document, category, span text and reference passage -> same id.

        Offsets are left out on purpose so that edits elsewhere in a file keep ids stable.
        """
        key = "\x1f".join(
            [self.document, self.category.value, self.check, self.span, self.reference_text]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class DocumentSummary:
    """Per-derivative figures (see README for the fidelity formula)."""

    sentences: int
    aligned: int
    additions: int
    omissions: int
    coverage: float
    addition_share: float
    fidelity: float
    chrf: float | None
    """Corpus chrF of the aligned units; None for a translation (no words in common to count)."""
    bleu: float | None
    ter: float | None
    similarity: float
    critical: int
    major: int
    minor: int


@dataclass(frozen=True)
class PairLanguages:
    """The languages of a reference and a derivative (ISO 639-1 codes, "" when unknown) and, for
    a translation (a cross-lingual pair), the encoder that aligned it ("name#weights")."""

    reference: str = "en"
    derivative: str = "en"
    encoder: str = ""

    @property
    def cross(self) -> bool:
        """Whether the two documents are in different (known) languages: a translation."""
        return bool(self.reference and self.derivative) and self.reference != self.derivative

    @property
    def label(self) -> str:
        """ "en" for a pair in one language, "en>de" for a translation ("?" for unknown)."""
        ref, der = self.reference or "?", self.derivative or "?"
        return ref if ref == der else f"{ref}>{der}"


@dataclass(frozen=True)
class CheckStatus:
    """Whether a check ran on a derivative, and why not when it did not."""

    check: str
    ran: bool
    reason: str = ""


@dataclass(frozen=True)
class DocumentAudit:
    """Everything the audit found about one derivative."""

    reference: Segmented
    derivative: Segmented
    units: tuple[AlignedUnit, ...]
    scores: tuple[UnitScores, ...]
    findings: tuple[Finding, ...]
    summary: DocumentSummary
    words: tuple[UnitWords, ...] = ()
    """The word alignment of each aligned unit (units with one side only have none)."""
    languages: PairLanguages = field(default_factory=PairLanguages)
    checks: tuple[CheckStatus, ...] = ()
    """Every registered check, in registry order: ran, or why not (disabled, another language)."""
    judgements: tuple[UnitJudgement, ...] = ()
    """The meaning judge's reading of each aligned unit it read."""

    @cached_property
    def judged(self) -> dict[int, UnitJudgement]:
        """The judgements by unit index (made once)."""
        return {j.unit: j for j in self.judgements}


@dataclass(frozen=True)
class FailedDocument:
    """A derivative that could not be audited, kept so a batch loses no other result."""

    reference: str
    document: str
    message: str


@dataclass(frozen=True)
class AuditResult:
    """The result of auditing one reference against its derivatives."""

    reference: Segmented
    audits: tuple[DocumentAudit, ...]
    signature: str
    errors: tuple[FailedDocument, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    """Several audits (one per reference) and the rows that could not be audited at all."""

    results: tuple[AuditResult, ...]
    errors: tuple[FailedDocument, ...] = ()

    @property
    def failures(self) -> tuple[FailedDocument, ...]:
        """Every document that could not be audited, whatever the reason."""
        return self.errors + tuple(e for r in self.results for e in r.errors)
