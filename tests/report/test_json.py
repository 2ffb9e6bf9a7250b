"""The JSON report: the whole result, offsets that cut the spans out again, stable ids."""

from __future__ import annotations

import json

from audit.records import BatchResult
from audit.report import write_reports
from audit.report.verdict import verdict_of
from audit.words import normal


def test_json_holds_documents_units_findings_summary_and_signature(seed_batch, tmp_path) -> None:
    (path,) = write_reports(seed_batch, tmp_path, ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    result = seed_batch.results[0]
    assert data["signature"] == result.signature
    (entry,) = data["results"]
    assert entry["reference"]["name"] == result.reference.document.name
    assert len(entry["derivatives"]) == len(result.audits)
    for audit, derivative in zip(result.audits, entry["derivatives"], strict=True):
        assert derivative["summary"]["fidelity"] == audit.summary.fidelity
        assert derivative["summary"]["verdict"] == verdict_of(audit.summary).value
        assert [u["status"] for u in derivative["units"]] == [u.status.value for u in audit.units]
        assert [f["id"] for f in derivative["findings"]] == [f.id for f in audit.findings]
        text = derivative["document"]["text"]
        for finding in derivative["findings"]:
            if finding["start"] is not None:
                assert text[finding["start"] : finding["end"]] == finding["span"]


def test_json_keeps_hostile_text_as_data(hostile_batch: BatchResult, tmp_path) -> None:
    (path,) = write_reports(hostile_batch, tmp_path, ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    derivative = data["results"][0]["derivatives"][0]
    assert derivative["document"]["name"] == "+deriv<b>.txt"
    assert "<script>" in derivative["document"]["text"]


def test_json_units_carry_their_word_alignment(seed_batch, tmp_path) -> None:
    """Each aligned unit lists its word links (kind and both offsets) and unmatched words."""
    (path,) = write_reports(seed_batch, tmp_path, ["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = data["results"]
    reference = entry["reference"]["text"]
    kinds = set()
    for derivative in entry["derivatives"]:
        text = derivative["document"]["text"]
        for unit in derivative["units"]:
            if unit["status"] != "aligned":
                assert unit["word_links"] == [] and unit["unmatched_deriv"] == []
                continue
            for link in unit["word_links"]:
                kinds.add(link["kind"])
                word, source = (
                    text[link["deriv_start"] : link["deriv_end"]],
                    reference[link["ref_start"] : link["ref_end"]],
                )
                assert word and source
                if link["kind"] == "exact":
                    assert normal(word) == normal(source)
    assert {"exact", "stem", "transliteration"} <= kinds  # 001's "Seok" for "Suk"
