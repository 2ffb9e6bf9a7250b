"""Caches are checked before use: an embedding cache's rows (size, finite, unit length), a cache
that cannot be opened, the model cache's weight-hash memos (hexadecimal of the right length,
never a path of their own) and a model cache that cannot take the ONNX export. Each is said once
on stderr (``Warning: ...``) and changes no figure."""

from __future__ import annotations

import math
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.cli import app
from audit.embed import CachingEncoder, SentenceTransformerEncoder, create_encoder
from audit.embed.cache import DiskCachedEncoder, text_key
from audit.embed.models import _hash_memo, model_hash
from audit.embed.store import export_dir
from audit.errors import AuditWarning, ModelError
from audit.testing import FakeEncoder
from tests.conftest import DERIVATIVES, REFERENCE
from tests.faults import articles, snapshot

TEXTS = ["one", "two", "three", "four", "five"]
POISON = [
    pytest.param(struct.pack("<f", 1.0), id="4-byte-vector"),
    pytest.param(np.full(8, np.nan, dtype=np.float32).tobytes(), id="nan"),
    pytest.param(np.full(8, np.inf, dtype=np.float32).tobytes(), id="infinite"),
    pytest.param(np.ones(8, dtype=np.float32).tobytes(), id="not-unit-length"),
    pytest.param(np.eye(16, dtype=np.float32)[0].tobytes(), id="wrong-dimension"),
    pytest.param(b"abc", id="not-float32"),
    pytest.param("text", id="not-bytes"),
]


def _poison(database: Path, value: object, texts: list[str]) -> None:
    with sqlite3.connect(database) as db:
        db.executemany(
            "UPDATE vectors SET vec = ? WHERE key = ?", [(value, text_key(t)) for t in texts]
        )


@pytest.mark.parametrize("value", POISON)
def test_bad_cached_rows_are_computed_again_and_replaced(value: object, tmp_path: Path):
    clean = FakeEncoder().encode(TEXTS)
    DiskCachedEncoder(FakeEncoder(), tmp_path, "m").encode(TEXTS)
    _poison(tmp_path / "embeddings-m.sqlite", value, TEXTS[1:3])
    inner = FakeEncoder()
    cache = DiskCachedEncoder(inner, tmp_path, "m")
    with pytest.warns(AuditWarning) as caught:
        vectors = cache.encode(TEXTS)
    np.testing.assert_array_equal(vectors, clean)
    assert inner.calls == [TEXTS[1:3]]
    assert [str(w.message) for w in caught] == [
        f"{tmp_path}/embeddings-m.sqlite: 2 cached vector(s) had the wrong size or values that "
        "are not finite or not unit length; they were computed again and replaced"
    ]
    healed = DiskCachedEncoder(FakeEncoder(), tmp_path, "m")
    np.testing.assert_array_equal(healed.encode(TEXTS), clean)  # no warning: rows replaced
    assert healed.repaired == 0


def test_a_cache_from_before_the_dimension_was_kept_is_checked_against_a_probe(tmp_path: Path):
    DiskCachedEncoder(FakeEncoder(), tmp_path, "m").encode(TEXTS)
    database = tmp_path / "embeddings-m.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("DROP TABLE meta")
    _poison(database, np.eye(4, dtype=np.float32)[0].tobytes(), TEXTS)  # unit length, 4 wide
    inner = FakeEncoder()
    with pytest.warns(AuditWarning, match="5 cached vector"):
        vectors = DiskCachedEncoder(inner, tmp_path, "m").encode(TEXTS)
    assert inner.calls[0] == ["The dimension of this model."]
    np.testing.assert_array_equal(vectors, FakeEncoder().encode(TEXTS))


def test_a_cache_that_is_not_a_database_is_left_aside_with_one_warning(tmp_path: Path):
    (tmp_path / "embeddings-m.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.warns(AuditWarning) as caught:
        cache = DiskCachedEncoder(FakeEncoder(), tmp_path, "m")
    assert not cache.usable
    assert [str(w.message) for w in caught] == [
        f"{tmp_path}/embeddings-m.sqlite: the embedding cache cannot be used (file is not a "
        "database); this run goes on without it (same figures, slower); check --cache"
    ]
    np.testing.assert_array_equal(cache.encode(TEXTS), FakeEncoder().encode(TEXTS))


# create_encoder's signature (``notice`` hears about a first use's model preparation)
def _cached_fake(model, device, batch_size, backend, cache_dir, notice=None):
    inner = FakeEncoder()
    return CachingEncoder(DiskCachedEncoder(inner, Path(cache_dir), "fake") if cache_dir else inner)


def test_a_poisoned_cache_changes_no_figure_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The run with a poisoned cache: exit 0, one Warning line, reports byte for byte those of
    a run without a cache (before, NaN rows made a derivative "unreliable, fidelity 0.0")."""
    monkeypatch.setattr(audit.pipeline, "create_encoder", _cached_fake)
    reference, derivative = articles(tmp_path / "in")
    runner = CliRunner()
    plain = runner.invoke(app, ["run", str(reference), str(derivative), "-o", str(tmp_path / "a")])
    cache = tmp_path / "cache"
    args = ["run", str(reference), str(derivative), "--cache", str(cache)]
    assert runner.invoke(app, [*args, "-o", str(tmp_path / "b")]).exit_code == 0
    with sqlite3.connect(cache / "embeddings-fake.sqlite") as db:
        db.execute("UPDATE vectors SET vec = ?", (struct.pack("<f", math.nan),))
    poisoned = runner.invoke(app, [*args, "-o", str(tmp_path / "c")])
    assert poisoned.exit_code == 0, poisoned.output
    (warning,) = poisoned.stderr.splitlines()
    assert warning.startswith(f"Warning: {cache}/embeddings-fake.sqlite: ")
    assert warning.endswith("cached vector(s) had the wrong size or values that are not finite or "
                            "not unit length; they were computed again and replaced")  # fmt: skip
    assert poisoned.stdout.splitlines()[0] == plain.stdout.splitlines()[0]
    assert snapshot(tmp_path / "c") == snapshot(tmp_path / "a")


def _model_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights" * 1000)
    return folder


@pytest.mark.parametrize(
    "memo",
    [
        pytest.param("zzzz", id="not-hex"),
        pytest.param("../../../escaped", id="a-path"),
        pytest.param("abc", id="too-short"),
        pytest.param("ABCDEF012345", id="upper-case"),
        pytest.param("0123456789ab\n0123", id="two-lines"),
        pytest.param("\xff\xfe", id="not-ascii"),
    ],
)
def test_a_weight_hash_memo_is_believed_only_when_it_is_a_hash(
    memo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("AUDIT_MODEL_CACHE", str(tmp_path / "cache"))
    folder = _model_folder(tmp_path)
    true = model_hash(folder)
    path = _hash_memo(sorted(folder.glob("*.safetensors")))
    assert path is not None and path.read_text() == true
    path.write_bytes(memo.encode("latin-1"))
    assert model_hash(folder) == true
    assert path.read_text() == true  # rewritten
    assert export_dir(model_hash(folder)) == tmp_path / "cache" / "onnx" / true


def test_export_dir_never_takes_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AUDIT_MODEL_CACHE", str(tmp_path / "cache"))
    with pytest.raises(ModelError) as caught:
        export_dir("../../../escaped")
    assert str(caught.value) == (
        f"'../../../escaped' is not a weight hash (12 hex digits); the model cache at "
        f"{tmp_path / 'cache'} may be damaged: remove its hashes/ folder"
    )


def test_a_model_cache_that_cannot_take_the_export_says_so_and_uses_torch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``AUDIT_MODEL_CACHE`` is a file: no export can be made; auto falls back to torch with one
    warning (before: silently, 3.5x slower)."""
    cache = tmp_path / "cache"
    cache.write_text("a file, not a folder")
    monkeypatch.setenv("AUDIT_MODEL_CACHE", str(cache))
    with pytest.warns(AuditWarning) as caught:
        encoder = create_encoder(backend="auto")
    assert isinstance(encoder, CachingEncoder)
    assert isinstance(encoder.inner, SentenceTransformerEncoder)
    assert [str(w.message) for w in caught] == [
        f"{cache}/onnx: the model cache cannot take the ONNX export (Not a directory); set "
        "AUDIT_MODEL_CACHE to a folder you can write; this run uses the torch backend instead "
        "(slower)"
    ]


@pytest.mark.slow
def test_seed_001_with_a_nan_cache_keeps_its_verdict(tmp_path: Path):
    """The real model: every cached row NaN, 001 is still "major issues, fidelity 25.3" (it
    was "unreliable, fidelity 0.0"), with one warning."""
    cache = tmp_path / "cache"
    args = ["run", str(REFERENCE), str(DERIVATIVES[0]), "--cache", str(cache), "-q"]
    first = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    (database,) = cache.glob("embeddings-*.sqlite")
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        db.execute("UPDATE vectors SET vec = ?", (np.full(384, np.nan, np.float32).tobytes(),))
    again = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "b")])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0].startswith("001_bab7ab19f59dc562.txt: major issues; ")
    assert again.stdout.splitlines()[0] == first.stdout.splitlines()[0]
    assert again.stderr.splitlines() == [
        f"Warning: {database}: {rows} cached vector(s) had the wrong size or values that are "
        "not finite or not unit length; they were computed again and replaced"
    ]
