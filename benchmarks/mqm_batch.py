"""Distinct-text batch: the whole ``audit batch`` next to plain sentence-transformers, one run.

From the MQM TSV given by its path (columns doc_id, seg_id, system, reference, target), each
system's segments of one document become one derivative (one segment per line, in seg_id
order) and the human reference segments of that document its reference. The files are written
to a temporary folder (nothing is copied into the project), then measured in fresh child
processes, in the same run:

- ``audit batch MANIFEST`` (model load, embedding, alignment, scores, checks, CSV reports):
  wall seconds and peak resident memory;
- the yardstick: plain sentence-transformers loading the packaged model and embedding the
  distinct sentences the audit embeds (the same segmenter's output), wall seconds.

Run:  .venv/bin/python benchmarks/mqm_batch.py /path/to/mqm_zhen_news23.tsv [--docs N] [--runs 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_length import _PLAIN, child  # noqa: E402

from audit.records import Document  # noqa: E402
from audit.segment import segment  # noqa: E402


def read_documents(tsv: Path, docs: int | None) -> dict[str, dict[str, dict[int, str]]]:
    """doc_id -> {"reference" or system -> {seg_id: text}}, the first ``docs`` documents."""
    csv.field_size_limit(sys.maxsize)
    out: dict[str, dict[str, dict[int, str]]] = {}
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["doc_id"] not in out and docs is not None and len(out) >= docs:
                continue
            parts = out.setdefault(row["doc_id"], {})
            seg = int(row["seg_id"])
            parts.setdefault("reference", {})[seg] = " ".join(row["reference"].split())
            parts.setdefault(row["system"], {})[seg] = " ".join(row["target"].split())
    return out


def write_batch(documents: dict[str, dict[str, dict[int, str]]], folder: Path) -> Path:
    """Reference and derivative files plus the manifest; returns the manifest's path."""
    rows = []
    for number, parts in enumerate(documents.values()):
        for name, segments in parts.items():
            path = folder / f"{number:03d}_{''.join(c for c in name if c.isalnum())[:40]}.txt"
            text = "\n".join(segments[k] for k in sorted(segments) if segments[k]) + "\n"
            path.write_text(text, encoding="utf-8")
            if name == "reference":
                reference = path
            else:
                rows.append(f"{reference.name},{path.name}")
    manifest = folder / "manifest.csv"
    manifest.write_text("reference,derivative\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def distinct_sentences(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        document = Document(name=path.name, text=path.read_text(encoding="utf-8"))
        texts += [s.text for s in segment(document).sentences]
    return list(dict.fromkeys(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--docs", type=int, default=None, help="Only the first N documents.")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-mqm-batch-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        manifest = write_batch(read_documents(args.tsv, args.docs), folder)
        sentences = distinct_sentences(folder)
        derivatives = len(manifest.read_text(encoding="utf-8").splitlines()) - 1
        lines = Path(tmp) / "sentences.txt"
        lines.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        audit = ["-m", "audit", "batch", str(manifest), "--out", str(Path(tmp) / "out"), "-q"]
        audits, plains = [], []
        for _ in range(args.runs):  # pair by pair, so that the machine's load falls on both
            audits.append(child(audit))
            plains.append(child(["-c", _PLAIN, str(lines)]))
    wall = statistics.median(a[0] for a in audits)
    plain = statistics.median(p[0] for p in plains)
    result = {
        "derivatives": derivatives,
        "distinct_sentences": len(sentences),
        "audit_s": round(wall, 2),
        "audit_peak_mib": round(statistics.median(a[1] for a in audits)),
        "plain_load_embed_s": round(plain, 2),
        "plain_embed_s": round(statistics.median(json.loads(p[2])["encode"] for p in plains), 2),
        "ratio": round(wall / plain, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
