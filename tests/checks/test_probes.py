"""Probe battery: copies of the seed reference with one planted change each, and faithful
rewordings, audited end to end with the real model.

Each planted change must be reported with its category, severity and span (the words that
differ), and must be the copy's only major or critical finding; a faithful rewording must get
no finding at all. docs/detection.md states the battery's recall and false alarms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from audit.embed import Encoder
from audit.pipeline import audit_documents
from audit.records import Document, DocumentAudit, Finding
from audit.settings import AuditConfig

REFERENCE = Path(__file__).resolve().parents[2] / "seeds" / "000_f9f4761fe1795f31.txt"
TEXT = REFERENCE.read_text(encoding="utf-8")
EXTRA = (
    "\n\nMany voters in Seoul dislike the plan, a survey found on Monday."
    "\n\nTemperatures fell to minus 15 degrees Celsius in the capital overnight.\n"
)
"""Two sentences added to a second copy of the reference, for rewordings it lacks."""


@dataclass(frozen=True)
class Probe:
    """One planted change: ``old`` (in the reference) becomes ``new``."""

    id: str
    old: str
    new: str
    category: str = ""
    severity: str = ""
    span: str = ""
    extra: bool = False


PLANTED = (
    Probe(
        "surname", "Mr Stoltenberg noted", "Mr Stoltenburg noted", "name", "major", "Stoltenburg"
    ),
    Probe("first-name", "Lloyd Austin", "Lloyd Austen", "name", "major", "Austen"),
    Probe(
        "country",
        "Germany, Sweden and Norway",
        "Germany, Finland and Norway",
        "name",
        "major",
        "Finland",
    ),
    Probe("romanisation", "Yoon Suk-yeol", "Yoon Seok-yeol", "name", "minor", "Seok"),
    Probe("dozens", "hundreds of tanks", "dozens of tanks", "number", "major", "dozens"),
    Probe("thousands", "hundreds of tanks", "thousands of tanks", "number", "major", "thousands"),
    Probe(
        "weekday",
        "Seoul on Monday for talks",
        "Seoul on Tuesday for talks",
        "number",
        "major",
        "Tuesday",
    ),
    Probe("date", "on Jan 29, 2023", "on Jan 28, 2023", "number", "major", "Jan 28"),
    Probe("year", "In 2022, South Korea", "In 2021, South Korea", "number", "major", "2021"),
    Probe(
        "quote-inserted",
        "(the Ukrainians) need weapons",
        "(the Ukrainians) need more weapons",
        "quote",
        "major",
        "more",
    ),
    Probe(
        "quote-replaced",
        "China poses a challenge",
        "China poses a threat",
        "quote",
        "major",
        "threat",
    ),
    Probe(
        "quote-dropped",
        "to our values, to our interests and to our security",
        "to our values and to our security",
        "quote",
        "major",
        "values",
    ),
    Probe(
        "quote-speaker",
        "that’s the reality,” he said.",
        "that’s the reality,” Ms Mao said.",
        "quote",
        "critical",
        "Mao",
    ),
    Probe(
        "negation-dropped",
        "that Russia does not win this war",
        "that Russia wins this war",
        "mistranslation",
        "critical",
        "wins",
    ),
    Probe(
        "negation-added",
        "the alliance wants to help manage",
        "the alliance does not want to help manage",
        "mistranslation",
        "critical",
        "not",
    ),
    Probe(
        "antonym",
        "Monday to increase military",
        "Monday to reduce military",
        "mistranslation",
        "critical",
        "reduce",
    ),
    Probe(
        "modality",
        "the alliance wants to help manage",
        "the alliance must help manage",
        "mistranslation",
        "major",
        "must",
    ),
    Probe(
        "invented-sentence",
        "Mr Stoltenberg noted that",
        "South Korean officials are expected to announce a decision on ammunition exports by "
        "the end of February.\n\nMr Stoltenberg noted that",
        "addition",
        "major",
        "South Korean officials are expected to announce a decision on ammunition exports by "
        "the end of February.",
    ),
)

MORE_PLANTED = (
    Probe("institute", "Chey Institute", "Chay Institute", "name", "major", "Chay"),
    Probe(
        "spokesperson", "spokesperson Mao Ning", "spokesperson Mao Ming", "name", "major", "Ming"
    ),
    Probe(
        "ordinal",
        "its first diplomatic mission",
        "its second diplomatic mission",
        "number",
        "major",
        "second",
    ),
    Probe(
        "weekday-2",
        "carried by state media on Monday",
        "carried by state media on Sunday",
        "number",
        "major",
        "Sunday",
    ),
    Probe(
        "not-adversary",
        "China is not Nato’s adversary",
        "China is Nato’s adversary",
        "mistranslation",
        "critical",
        "is",
    ),
    Probe(
        "antonym-rising",
        "rising competition with China",
        "falling competition with China",
        "mistranslation",
        "critical",
        "falling",
    ),
    Probe(
        "person",
        "for its non-lethal aid",
        "for our non-lethal aid",
        "mistranslation",
        "major",
        "our",
    ),
    Probe(
        "quote-several",
        "that several Nato allies",
        "that many Nato allies",
        "quote",
        "major",
        "many",
    ),
)

FAITHFUL = (
    Probe("called-on", "urged South Korea on Monday", "called on South Korea on Monday"),
    Probe("us-defense", "US Defence Secretary", "U.S. Defense Secretary"),
    Probe(
        "nato-case",
        "Nato Secretary-General Jens Stoltenberg urged",
        "NATO Secretary-General Jens Stoltenberg urged",
    ),
    Probe("mr-dropped", "Mr Stoltenberg noted", "Stoltenberg noted"),
    Probe(
        "clauses-reordered",
        "Mr Stoltenberg noted that countries such as Germany, Sweden and Norway had similar "
        "policies but have changed them.",
        "Countries such as Germany, Sweden and Norway had similar policies but have changed "
        "them, Mr Stoltenberg noted.",
    ),
    Probe("month-spelt-out", "on Jan 29, 2023", "on January 29, 2023"),
    Probe("can-for-will", "a trip that will include Japan", "a trip that can include Japan"),
    Probe("dislike", "dislike the plan", "don't like the plan", extra=True),
    Probe("centigrade", "degrees Celsius", "degrees Centigrade", extra=True),
    Probe("argued", "Mr Stoltenberg argued that", "Mr Stoltenberg maintained that"),
    Probe(
        "step-up", "on Monday to increase military support", "on Monday to step up military support"
    ),
    Probe("last-year", "In 2022, South Korea opened", "Last year, South Korea opened"),
    Probe("gloss", "then (the Ukrainians) need weapons", "then they need weapons"),
    Probe("would", "a trip that will include Japan", "a trip that would include Japan"),
)


def _copy(probe: Probe) -> Document:
    base = TEXT + EXTRA if probe.extra else TEXT
    assert base.count(probe.old) >= 1, probe.id
    return Document(f"{probe.id}.txt", base.replace(probe.old, probe.new, 1))


@pytest.fixture(scope="module")
def probe_audits(encoder: Encoder) -> dict[str, DocumentAudit]:
    """Every probe audited: the plain copies against the reference, the others against the
    reference with ``EXTRA``."""
    out = {}
    for extra in (False, True):
        reference = Document("reference.txt", TEXT + EXTRA if extra else TEXT)
        probes = [p for p in PLANTED + MORE_PLANTED + FAITHFUL if p.extra is extra]
        result = audit_documents(reference, [_copy(p) for p in probes], AuditConfig(), encoder)
        out.update({a.derivative.document.name[:-4]: a for a in result.audits})
    return out


def _serious(audit: DocumentAudit) -> list[Finding]:
    return [f for f in audit.findings if f.severity.value in ("major", "critical")]


@pytest.mark.parametrize(
    "probe", PLANTED + MORE_PLANTED, ids=[p.id for p in PLANTED + MORE_PLANTED]
)
def test_planted_change_is_reported(probe_audits, probe):
    audit = probe_audits[probe.id]
    found = [(f.category.value, f.severity.value, f.span) for f in audit.findings]
    assert (probe.category, probe.severity, probe.span) in found
    others = [f for f in _serious(audit) if f.span != probe.span]
    assert not others, [(f.category.value, f.span) for f in others]


@pytest.mark.parametrize("probe", FAITHFUL, ids=[p.id for p in FAITHFUL])
def test_faithful_rewording_is_no_finding(probe_audits, probe):
    found = probe_audits[probe.id].findings
    assert not found, [(f.category.value, f.severity.value, f.span) for f in found]
