"""The planted-change battery: one change per copy of a faithful translation, audited.

A battery item is a reference sentence, a *clean* derivative of it (a faithful translation or
rewording) and a *changed* copy of the clean one with one planted change of a class
(``audit.judge.perturb``: the changes that reverse or falsify a statement, the other meaning
changes, and faithful rewordings). Each changed copy is audited against the reference:

- a meaning change is *found* when a major or critical finding covers the changed words (for a
  dropped word: a finding beside the drop point, or one whose reference span covers the lost
  words);
- a rewording (and each clean derivative itself) is a *false alarm* when it gets any major or
  critical finding;
- ``fidelity`` ranks the clean copy above the changed one (sentence chrF in the same run is
  the yardstick).

``benchmarks/battery.py`` plants and measures it on sentences of a shared file;
``tests/judge/test_battery.py`` on the project's own fixture.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from audit.embed import Encoder, embed_all
from audit.judge.perturb import EDITS, KEEPS, REVERSES, Lexicon
from audit.pipeline import audit_pair, judge_for
from audit.records import Document, DocumentAudit, Finding, Segmented
from audit.score import UnitScorer
from audit.segment import segment
from audit.settings import AuditConfig

Spans = tuple[tuple[int, int], ...]
NEAR = 20
"""Characters around a drop point within which a finding counts as on it."""


@dataclass(frozen=True)
class Item:
    kind: str
    reference: str
    clean: str
    changed: str
    spans: Spans
    """Changed characters of ``changed`` (zero-width at a drop point)."""
    lost: Spans = ()
    """Reference characters of a dropped word, when known."""


def plant(pairs: Sequence[tuple[str, str]], lexicon: Lexicon, seed: int) -> list[Item]:
    """Every class planted once in each (reference, clean) pair where it applies."""
    rng = random.Random(seed)
    items = []
    for reference, clean in pairs:
        for kind, edit in EDITS.items():
            change = edit(clean, lexicon, rng)
            if change is not None and change.text != clean:
                lost = _lost_in(reference, clean, change.lost)
                items.append(Item(kind, reference, clean, change.text, change.spans, lost))
    return items


def write_items(path: Path, items: Sequence[Item]) -> None:
    """Planted items as JSON lines (the test fixture)."""
    lines = [json.dumps(dataclasses.asdict(i), ensure_ascii=False) for i in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_items(path: Path) -> list[Item]:
    """The items of a ``write_items`` file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            row = json.loads(line)
            spans = tuple(tuple(s) for s in row.pop("spans"))
            lost = tuple(tuple(s) for s in row.pop("lost"))
            out.append(Item(spans=spans, lost=lost, **row))  # type: ignore[arg-type]
    return out


def _lost_in(reference: str, clean: str, lost: Spans) -> Spans:
    out = []
    for start, end in lost:
        word = clean[start:end].strip()
        at = reference.find(word) if word else -1
        if at >= 0:
            out.append((at, at + len(word)))
    return tuple(out)


@dataclass(frozen=True)
class Scored:
    item: Item
    found: bool
    """The change found (a meaning change), or a false alarm (a rewording)."""
    fidelity: tuple[float, float]
    """Fidelity of the clean and of the changed copy."""
    chrf: tuple[float | None, float | None]


@dataclass(frozen=True)
class Battery:
    scored: tuple[Scored, ...]
    clean_alarms: tuple[bool, ...]
    """Whether each distinct clean copy got a major or critical finding."""


def run_battery(items: Sequence[Item], config: AuditConfig, encoder: Encoder) -> Battery:
    """Audit every changed copy and every distinct clean copy against its reference."""
    cleans = list(dict.fromkeys((i.reference, i.clean) for i in items))
    pairs = cleans + [(i.reference, i.changed) for i in items]
    audits = _audit(pairs, config, encoder)
    clean_audit = dict(zip(cleans, audits[: len(cleans)], strict=True))
    out = []
    for item, audit in zip(items, audits[len(cleans) :], strict=True):
        base = clean_audit[(item.reference, item.clean)]
        out.append(
            Scored(
                item,
                _serious(audit) if item.kind in KEEPS else found(item, audit.findings),
                (base.summary.fidelity, audit.summary.fidelity),
                (base.summary.chrf, audit.summary.chrf),
            )
        )
    return Battery(tuple(out), tuple(_serious(a) for a in audits[: len(cleans)]))


def _audit(
    pairs: Sequence[tuple[str, str]], config: AuditConfig, encoder: Encoder
) -> list[DocumentAudit]:
    docs: list[Segmented] = []
    for k, (reference, derivative) in enumerate(pairs):
        docs.append(segment(Document(f"ref{k}", reference)))
        docs.append(segment(Document(f"item{k}", derivative)))
    vectors = embed_all(encoder, docs)
    judge = judge_for(config)
    with UnitScorer() as scorer:
        return [
            audit_pair(
                docs[2 * k],
                docs[2 * k + 1],
                vectors[2 * k],
                vectors[2 * k + 1],
                config,
                scorer,
                judge=judge,
            )
            for k in range(len(pairs))
        ]


def _serious(audit: DocumentAudit) -> bool:
    return any(f.severity.rank >= 2 for f in audit.findings)


def found(item: Item, findings: Sequence[Finding]) -> bool:
    """A major or critical finding on the changed words (see the module)."""
    for f in findings:
        if f.severity.rank < 2:
            continue
        if f.start is not None and f.end is not None:
            for a, b in item.spans:
                if (a < b and f.start < b and f.end > a) or (
                    a == b and f.start - NEAR <= a <= f.end + NEAR
                ):
                    return True
        if f.ref_start is not None and f.ref_end is not None and f.start is None:
            if any(f.ref_start < b and f.ref_end > a for a, b in item.lost):
                return True
    return False


def summary(battery: Battery) -> dict[str, object]:
    """Per class: items and the share found (false alarms for rewordings); the clean copies'
    false alarms; how often fidelity and chrF rank the clean copy above the changed one."""
    scored = battery.scored
    out: dict[str, object] = {"clean_false_alarms": _share(list(battery.clean_alarms))}
    for kind in EDITS:
        mine = [s.found for s in scored if s.item.kind == kind]
        out[kind] = {"items": len(mine), "share": round(sum(mine) / len(mine), 3) if mine else None}
    changes = [s for s in scored if s.item.kind not in KEEPS]
    out["reverses_found"] = _share([s.found for s in changes if s.item.kind in REVERSES])
    out["shifts_found"] = _share([s.found for s in changes if s.item.kind not in REVERSES])
    out["fidelity_ranks_clean_first"] = _share([s.fidelity[0] > s.fidelity[1] for s in changes])
    out["chrf_ranks_clean_first"] = _share(
        [(s.chrf[0] or 0.0) > (s.chrf[1] or 0.0) for s in changes]
    )
    return out


def _share(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None
