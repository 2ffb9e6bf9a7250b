"""Pairs: whether a derivative is in its reference's language or a translation of it, and which
encoder embeds each kind (the pipeline's helper for translations).

Each document's language is identified as it is read (``audit.languages``). A derivative in its
reference's language is embedded with the run's encoder, as always; a translation (both
languages known and different) with the run's *cross-lingual* encoder (``Settings.cross_model``,
by default the multilingual USE of ``audit.embed.multilingual``), built on first need, so an
audit of English texts never loads it. A translation that cannot be audited (the multilingual
extra is missing, or a language the encoder was not trained on) is one error row naming the fix;
the other derivatives are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np

from audit.embed import Encoder, embed_all
from audit.embed.multilingual import cross_model, cross_ready, supported
from audit.errors import AuditError
from audit.languages import language_name
from audit.records import Document, FailedDocument, PairLanguages, Segmented
from audit.settings import AlignConfig, Settings, cross_align


class CrossEncoder:
    """The run's encoder of translations, built by ``make`` on first use (never when no pair
    is a translation)."""

    def __init__(self, make: Callable[[], Encoder]):
        self._make = make

    @cached_property
    def encoder(self) -> Encoder:
        return self._make()


@dataclass(frozen=True)
class Pairs:
    """What the pipeline needs to audit translations: the settings and the cross encoder."""

    config: Settings
    cross: CrossEncoder

    def languages(self, reference: str, derivative: str) -> PairLanguages:
        """The pair's languages; a translation also names its encoder and aligner settings
        (the part of the signature that reproduces it). AuditError when it cannot be audited."""
        pair = PairLanguages(reference, derivative)
        if not pair.cross:
            return pair
        name = cross_model(self.config)
        for code in (reference, derivative):
            if not supported(name, code):
                raise AuditError(
                    f"{language_name(code)} is not one of the languages of the multilingual "
                    f"encoder {name}; give --cross-model a sentence-transformers model that "
                    "reads it (see docs/crosslingual.md)"
                )
        cross_ready(name)
        encoder = self.cross.encoder
        part = f"cross_model:{encoder.name}#{encoder.weights}|cross_align:{_changed(self.config)}"
        return PairLanguages(reference, derivative, part)

    def sort(
        self, reference: str, docs: Sequence[Document], languages: Sequence[str], ref_name: str
    ) -> tuple[list[Document], list[PairLanguages], list[FailedDocument]]:
        """The derivatives that can be audited with their pair's languages, and those that
        cannot, as failures (the message says why and what to do)."""
        kept, pairs, failed = [], [], []
        for doc, language in zip(docs, languages, strict=True):
            try:
                pairs.append(self.languages(reference, language))
            except AuditError as exc:
                what = f"in {language_name(language)}, the reference in {language_name(reference)}"
                failed.append(FailedDocument(ref_name, doc.name, f"{doc.name}: {what}; {exc}"))
                continue
            kept.append(doc)
        return kept, pairs, failed

    def embed(
        self,
        encoder: Encoder,
        groups: Sequence[tuple[Segmented, Sequence[Segmented]]],
        languages: Sequence[Sequence[PairLanguages]],
    ) -> list[tuple[dict[bool, np.ndarray], list[np.ndarray]]]:
        """Vectors of each group (a reference and its derivatives): the reference's for each
        kind of pair it has (key ``cross``) and each derivative's, by the encoder of its kind.
        Without translations this is exactly ``embed_all(encoder, [ref, *derivatives, ...])``."""
        plans = {False: _Plan(), True: _Plan()}
        for (ref, docs), langs in zip(groups, languages, strict=True):
            for cross in (False, True):
                mine = [d for d, p in zip(docs, langs, strict=True) if p.cross is cross]
                if mine:
                    plans[cross].add(ref, mine)
        vectors = {
            cross: plan.vectors(self.cross.encoder if cross else encoder)
            for cross, plan in plans.items()
            if plan.documents
        }
        out = []
        for (ref, docs), langs in zip(groups, languages, strict=True):
            refs = {c: vectors[c][id(ref)] for c in vectors if id(ref) in plans[c].first}
            out.append((refs, [vectors[p.cross][id(d)] for d, p in zip(docs, langs, strict=True)]))
        return out


class _Plan:
    """The documents one encoder embeds in one pass, in order (a reference before its
    derivatives), and their vectors by document (``id``)."""

    def __init__(self) -> None:
        self.documents: list[Segmented] = []
        self.first: set[int] = set()

    def add(self, ref: Segmented, docs: Sequence[Segmented]) -> None:
        self.first.add(id(ref))
        self.documents += [ref, *docs]

    def vectors(self, encoder: Encoder) -> dict[int, np.ndarray]:
        arrays = embed_all(encoder, self.documents)
        return {id(doc): v for doc, v in zip(self.documents, arrays, strict=True)}


def _changed(config: Settings) -> str:
    """The ``[cross_align]`` settings that differ from their defaults ("default" if none)."""
    default = cross_align()
    changed = [
        f"{f.name}={getattr(config.cross_align, f.name)}"
        for f in fields(AlignConfig)
        if getattr(config.cross_align, f.name) != getattr(default, f.name)
    ]
    return ",".join(changed) or "default"
