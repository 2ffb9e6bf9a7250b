"""benchmarks/mqm_documents.py on a tiny handmade MQM file, with the real model."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys

from audit.settings import AuditConfig
from tests.conftest import ROOT


def _load():
    """The benchmark script as a module (a dependency ships a top-level ``benchmarks``)."""
    spec = importlib.util.spec_from_file_location(
        "mqm_documents", ROOT / "benchmarks" / "mqm_documents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mqm_documents"] = module
    spec.loader.exec_module(module)
    return module


BENCH = _load()
read_documents, run = BENCH.read_documents, BENCH.run

COLUMNS = ["doc_id", "seg_id", "system", "reference", "target", "mqm_score", "error_spans"]
SEGMENTS = [
    (
        "(Reporter Zhang Min) Last night the Shenzhen exchange announced rules for margin "
        "trading, approved by the securities regulator.",
        "News from our paper (reporter Zhang Min): last night the Shenzhen exchange announced "
        "margin trading rules approved by the securities regulator.",
    ),
    (
        "Brokers will accept orders from February 13. The rules cover 200 listed firms.",
        "Brokers will take orders from February 13. The rules cover 200 listed companies.",
    ),
    ("The regulator said more products would follow.", "More products will follow, it said."),
]


def _write(path):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow([*COLUMNS, "n_major"])
        for doc in ("news-b", "news-a"):
            for seg, (ref, tgt) in enumerate(SEGMENTS, start=1):
                writer.writerow([doc, seg, "sys", ref, tgt, 0.0, json.dumps([]), 0])
    return path


def test_documents_are_assembled_one_segment_a_line(tmp_path):
    docs = read_documents(_write(tmp_path / "mqm.tsv"))
    assert [d.name for d in docs] == ["news-a:sys", "news-b:sys"]
    assert docs[0].derivative.document.text.split("\n")[1] == SEGMENTS[1][1]
    assert len(read_documents(tmp_path / "mqm.tsv", "fit")) == 1


def test_figures_count_what_the_aligner_left_out(tmp_path, encoder):
    docs = read_documents(_write(tmp_path / "mqm.tsv"))
    figures = run(docs, AuditConfig(), encoder)
    assert figures["documents"] == 2
    assert figures["reference_sentences"] == 2 * 5
    assert figures["omitted_beside_aligned"] == 0
    assert figures["linked_same_segment"] == 1.0
    before = run(docs, _without_the_word_rule(), encoder)
    assert before["omitted_beside_aligned"] == 2


def _without_the_word_rule() -> AuditConfig:
    config = AuditConfig()
    return config.replace(align=type(config.align)(cover_share=0))
