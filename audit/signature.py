"""The signature of a run: one line from which every number of a report can be reproduced
(like sacrebleu's metric signatures), in every report and in the resume key."""

from __future__ import annotations

import dataclasses
import hashlib

from audit._version import __version__
from audit.embed import Encoder
from audit.judge import Judge
from audit.score import metric_signatures
from audit.segment import SEGMENTER_NAME
from audit.settings import AuditConfig


def signature(config: AuditConfig, encoder: Encoder, judge: Judge | None = None) -> str:
    """Version, model and weights, segmenter, aligner settings, TER cap, metric signatures, the
    meaning judge's weights (when it runs) and the accepted terms and ids (when any)."""
    align_part = ",".join(
        f"{f.name}={getattr(config.align, f.name)}" for f in dataclasses.fields(config.align)
    )
    return (
        f"audit:{__version__}|model:{encoder.name}#{encoder.weights}|segmenter:{SEGMENTER_NAME}"
        f"|align:{align_part}|ter_max_words:{config.ter_max_words}|{metric_signatures()}"
        f"{f'|judge:{judge.digest}' if judge is not None else ''}{_accepted_part(config)}"
    )


def _accepted_part(config: AuditConfig) -> str:
    """Hashes of the accepted terms and finding ids, when any (they change the figures)."""
    parts = []
    if config.terms:
        parts.append(f"|terms:{len(config.terms)}#{_digest(repr(config.terms))}")
    if config.ignore:
        parts.append(f"|ignore:{len(config.ignore)}#{_digest(repr(sorted(config.ignore)))}")
    return "".join(parts)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
