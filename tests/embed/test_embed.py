"""Encoders: model resolution, per-run and disk caches, the ONNX path and its equivalence."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.embed import (
    CachingEncoder,
    SentenceTransformerEncoder,
    create_encoder,
    embed_all,
    prepare_onnx,
    resolve_model,
)
from audit.embed.cache import DiskCachedEncoder
from audit.embed.models import read_spec
from audit.embed.onnx import OnnxEncoder, normalise, pool, tokenise
from audit.errors import ConfigError, ModelError
from audit.read import read_document
from audit.records import Document
from audit.segment import segment
from audit.testing import FakeEncoder
from tests.conftest import ROOT, SEEDS


@pytest.fixture(scope="session")
def seed_sentences() -> list[str]:
    """Every distinct sentence of the five seed files."""
    texts = [
        s.text for p in sorted(SEEDS.glob("0*.txt")) for s in segment(read_document(p)).sentences
    ]
    return list(dict.fromkeys(texts))


@pytest.fixture(scope="session")
def onnx_export() -> Path:
    """The ONNX export of the default model (made once in the model cache if missing)."""
    return prepare_onnx()


def test_unknown_model_is_a_one_line_model_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(ModelError) as info:
        resolve_model("no-such-model")
    assert str(info.value) == (
        "no-such-model: no local copy of this model; pass a folder with --model "
        "or copy the model into models/ (nothing is downloaded)"
    )


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="backend 'tf': unknown; use one of auto, onnx, torch"):
        create_encoder(backend="tf")


def test_caching_encoder_encodes_each_distinct_text_once():
    fake = FakeEncoder()
    cached = CachingEncoder(fake)
    first = cached.encode(["a", "b", "a"])
    second = cached.encode(["b", "c"])
    assert fake.calls == [["a", "b"], ["c"]]
    assert cached.encoded == 3
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(first[1], second[0])


def test_disk_cache_misses_then_hits_across_instances(tmp_path):
    fake = FakeEncoder()
    cold = DiskCachedEncoder(fake, tmp_path, "abc123")
    vectors = cold.encode(["one", "two", "one"])
    assert (cold.hits, cold.misses) == (0, 2)
    assert fake.calls == [["one", "two"]]
    warm_fake = FakeEncoder()
    warm = DiskCachedEncoder(warm_fake, tmp_path, "abc123")
    again = warm.encode(["two", "one", "three"])
    assert (warm.hits, warm.misses) == (2, 1)
    assert warm_fake.calls == [["three"]]
    np.testing.assert_array_equal(again[:2], vectors[[1, 0]])
    assert (tmp_path / "embeddings-abc123.sqlite").is_file()


def test_disk_cache_is_keyed_by_model_hash(tmp_path):
    DiskCachedEncoder(FakeEncoder(), tmp_path, "model1").encode(["x"])
    other = DiskCachedEncoder(FakeEncoder(), tmp_path, "model2")
    other.encode(["x"])
    assert (other.hits, other.misses) == (0, 1)


@pytest.mark.parametrize(
    ("modes", "expected"),
    [
        pytest.param(("mean",), [[2.0, 3.0]], id="mean-ignores-padding"),
        pytest.param(("cls",), [[1.0, 2.0]], id="cls"),
        pytest.param(("max",), [[3.0, 4.0]], id="max-ignores-padding"),
        pytest.param(("mean_sqrt_len",), [[4.0 / 2**0.5, 6.0 / 2**0.5]], id="mean-sqrt-len"),
        pytest.param(("cls", "mean"), [[1.0, 2.0, 2.0, 3.0]], id="concatenated"),
    ],
)
def test_pooling_follows_sentence_transformers(modes, expected):
    hidden = np.array([[[1.0, 2.0], [3.0, 4.0], [50.0, 60.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    np.testing.assert_allclose(pool(hidden, mask, modes), expected, rtol=1e-6)


def test_normalise_gives_unit_rows_and_keeps_zero_rows():
    out = normalise(np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def _model_folder(tmp_path: Path, modules: list[dict], pooling: dict | None = None) -> Path:
    folder = tmp_path / "model"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps(pooling or {"pooling_mode_mean_tokens": True})
    )
    (folder / "sentence_bert_config.json").write_text('{"max_seq_length": 128}')
    return folder


TRANSFORMER = {"path": "", "type": "sentence_transformers.models.Transformer"}
POOLING = {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}
DENSE = {"path": "2_Dense", "type": "sentence_transformers.models.Dense"}


def test_spec_reads_the_model_config(tmp_path):
    spec = read_spec(_model_folder(tmp_path, [TRANSFORMER, POOLING]))
    assert (spec.max_seq_length, spec.do_lower_case, spec.pooling) == (128, False, ("mean",))


def test_spec_of_the_default_model_matches_its_sentence_transformers_config(onnx_export):
    spec = read_spec(onnx_export)
    assert (spec.max_seq_length, spec.pooling) == (256, ("mean",))


def test_unsupported_module_is_refused_by_onnx_and_auto_falls_back_to_torch(tmp_path):
    folder = _model_folder(tmp_path, [TRANSFORMER, POOLING, DENSE])
    with pytest.raises(ModelError, match="not supported by the ONNX path; use --backend torch"):
        create_encoder(str(folder), backend="onnx")
    encoder = create_encoder(str(folder), backend="auto")
    assert isinstance(encoder, CachingEncoder)
    assert isinstance(encoder.inner, SentenceTransformerEncoder)


def test_unsupported_pooling_is_named(tmp_path):
    folder = _model_folder(tmp_path, [TRANSFORMER, POOLING], {"pooling_mode_lasttoken": True})
    with pytest.raises(ModelError, match="pooling pooling_mode_lasttoken not supported"):
        read_spec(folder)


@pytest.mark.slow
def test_onnx_vectors_match_torch_on_the_seeds(onnx_export, seed_sentences):
    texts = [*seed_sentences, "", "word " * 400]  # empty, and one past max_seq_length
    fast = OnnxEncoder(onnx_export, "all-MiniLM-L6-v2").encode(texts)
    slow = SentenceTransformerEncoder().encode(texts)
    cosines = (fast * slow).sum(axis=1)
    assert fast.shape == slow.shape == (len(texts), 384)
    assert cosines.min() >= 0.999
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, rtol=1e-5)


def test_auto_uses_the_onnx_export_when_it_exists(onnx_export):
    encoder = create_encoder(backend="auto")
    assert isinstance(encoder, CachingEncoder)
    assert isinstance(encoder.inner, OnnxEncoder)
    assert encoder.inner.export == onnx_export


@pytest.mark.slow
def test_fast_path_never_imports_torch(onnx_export):
    code = (
        "import sys\n"
        "from audit.pipeline import audit_documents\n"
        "audit_documents('seeds/000_f9f4761fe1795f31.txt', ['seeds/001_bab7ab19f59dc562.txt'])\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'sentence_transformers')"
        " if m in sys.modules)\n"
        "print('heavy:', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "heavy: []"


def test_models_prepare_reports_the_export_folder(onnx_export):
    result = CliRunner().invoke(app, ["models", "prepare"])
    assert result.exit_code == 0
    encoder, judge = result.output.splitlines()
    assert encoder == f"ONNX export: {onnx_export}"
    assert judge.startswith(f"Meaning judge: {onnx_export.parent / 'judge-'}")


def test_models_prepare_with_unknown_model_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    result = CliRunner().invoke(app, ["models", "prepare", "--model", "no-such-model"])
    assert result.exit_code == 2
    assert "Error: no-such-model: no local copy of this model" in result.output


REF = str(SEEDS / "000_f9f4761fe1795f31.txt")
DERIV = str(SEEDS / "001_bab7ab19f59dc562.txt")


def test_run_with_unknown_backend_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(app, ["run", REF, DERIV, "--out", str(tmp_path), "--backend", "tf"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: backend (--backend) = 'tf' is not valid; give one of auto, onnx, torch"
    ]


@pytest.mark.slow
def test_run_with_cache_fills_it_and_reuses_it(tmp_path, onnx_export):
    cache = tmp_path / "cache"
    args = ["run", REF, DERIV, "--out", str(tmp_path / "out"), "--cache", str(cache)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    (database,) = cache.glob("embeddings-*.sqlite")
    rows = _cached_rows(database)
    assert rows >= 40  # every distinct sentence of the two files
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0
    assert second.output == first.output
    assert _cached_rows(database) == rows


def _cached_rows(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])


def test_caching_encoder_returns_new_distinct_texts_without_a_copy_and_read_only():
    cached = CachingEncoder(FakeEncoder())
    first = cached.encode(["a", "b"])
    assert not first.flags.writeable
    np.testing.assert_array_equal(cached.encode(["b", "a"]), first[::-1])


def test_embed_all_gives_views_for_runs_and_copies_for_shared_sentences():
    fake = FakeEncoder()
    ref = segment(Document("r", "One fox ran. Two owls sat."))
    der = segment(Document("d", "Two owls sat. A hare hid."))
    ref_vectors, der_vectors = embed_all(CachingEncoder(fake), [ref, der])
    assert ref_vectors.base is not None  # a view of the one call's rows
    assert fake.calls == [["One fox ran.", "Two owls sat.", "A hare hid."]]
    np.testing.assert_array_equal(der_vectors[0], ref_vectors[1])
    np.testing.assert_array_equal(der_vectors, fake.encode(["Two owls sat.", "A hare hid."]))


def test_tokenising_in_chunks_keeps_every_sentence_whole(onnx_export):
    tokenizer = OnnxEncoder(onnx_export, "all-MiniLM-L6-v2")._load_tokenizer()
    texts = ["A fox.", "", "Two owls sat on a branch.", "word " * 400, "Hi"]
    whole = tokenise(tokenizer, texts, lower=True)
    parts = tokenise(tokenizer, texts, lower=True, chunk=2)
    np.testing.assert_array_equal(whole.starts, parts.starts)
    np.testing.assert_array_equal(whole.ids, parts.ids)
    np.testing.assert_array_equal(whole.types, parts.types)
    expected = tokenizer.encode_batch([t.lower() for t in texts])
    assert [whole.length(k) for k in range(len(texts))] == [len(e.ids) for e in expected]
    ids, mask, types = whole.batch([2, 0])
    assert ids.shape == (2, len(expected[2].ids)) and ids.dtype == np.int64
    assert list(ids[1, : len(expected[0].ids)]) == expected[0].ids
    assert mask[1].sum() == len(expected[0].ids) and not types.any()


def test_onnx_vectors_do_not_depend_on_the_tokenising_chunk(onnx_export, seed_sentences):
    encoder = OnnxEncoder(onnx_export, "all-MiniLM-L6-v2")
    session, tokenizer = encoder._load()
    texts = seed_sentences[:70]
    order = sorted(range(len(texts)), key=lambda k: len(tokenizer.encode(texts[k].lower()).ids))
    once = encoder.encode(texts)
    for chunk in (1, 7):
        tokens = tokenise(tokenizer, texts, True, chunk)
        for start in range(0, len(order), encoder.batch_size):
            chosen = order[start : start + encoder.batch_size]
            np.testing.assert_array_equal(encoder._run(session, tokens.batch(chosen)), once[chosen])


def test_batches_keep_padded_tokens_within_the_budget_and_cover_every_sentence():
    from audit.embed.onnx import batches

    lengths = sorted([3, 5, 5, 8, 12, 30, 31, 64, 120, 256, 256] * 7)
    plan = batches(lengths, most=16, budget=128)
    assert plan[0][0] == 0 and plan[-1][1] == len(lengths)
    assert all(a[1] == b[0] for a, b in zip(plan, plan[1:], strict=False))
    for start, end in plan:
        count, width = end - start, lengths[end - 1]
        assert count <= 16
        assert count * width <= 128 or count == 1  # a sentence longer than the budget: alone
    assert batches([], most=16, budget=128) == []
    assert batches([7] * 40, most=64, budget=64 * 8) == [(0, 40)]  # short ones: one batch


def test_onnx_vectors_do_not_depend_on_the_batching(onnx_export, seed_sentences):
    encoder = OnnxEncoder(onnx_export, "all-MiniLM-L6-v2")
    session, tokenizer = encoder._load()
    texts = seed_sentences[:40]
    tokens = tokenise(tokenizer, texts, True)
    alone = np.stack([encoder._run(session, tokens.batch([k]))[0] for k in range(len(texts))])
    np.testing.assert_allclose(encoder.encode(texts), alone, atol=1e-6)


@pytest.mark.slow
def test_a_first_run_says_once_on_stderr_that_the_model_is_prepared_and_how_long_it_took(
    tmp_path, monkeypatch, onnx_export
):
    import shutil

    import audit.embed.export as export
    import audit.judge.model as judged
    from audit.judge import Judge

    real_judge = Judge().prepare()
    monkeypatch.setenv("AUDIT_MODEL_CACHE", str(tmp_path / "models"))  # a machine's first run
    made = []

    def copy_judge(weights: Path, base: Path, dest: Path) -> None:  # its export, without its wait
        made.append(dest)
        shutil.copytree(real_judge, dest)

    monkeypatch.setattr(judged, "_export", copy_judge)

    def copy_export(source: Path, dest: Path) -> Path:  # the real export, without its 40 s
        if not export.export_ready(dest):
            made.append(dest)
            shutil.copytree(onnx_export, dest)
        return dest

    monkeypatch.setattr(export, "export_model", copy_export)
    args = ["run", REF, DERIV, "--out", str(tmp_path / "out"), "--quiet"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    assert lines[0] == (
        "Preparing the embedding model all-MiniLM-L6-v2 for first use (ONNX export into the "
        "model cache, once per model; `audit models prepare` does it ahead)..."
    )
    assert lines[1].startswith("Model prepared in ") and lines[1].endswith(" s.")
    assert lines[2] == (
        "Preparing the meaning judge for first use (ONNX export into the model cache, once; "
        "`audit models prepare` does it ahead)..."
    )
    assert lines[3].startswith("Meaning judge prepared in ") and lines[3].endswith(" s.")
    assert len(made) == 2
    second = CliRunner().invoke(app, args)
    assert "Prepar" not in second.stderr
    assert second.stdout == first.stdout
