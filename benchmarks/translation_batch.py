"""Translations in batch: ``audit batch`` of every translation of an MQM file against its
original, next to plain sentence-transformers loading all-MiniLM-L6-v2 and embedding the same
texts, in paired runs.

From the TSV given by its path (``mqm_ende_news23.tsv``: the English originals in ``reference``,
each system's German translation in ``target``), each document's original and each system's
translation are written one paragraph a line to a temporary folder with a manifest (nothing is
copied into the project). Each run measures, in fresh child processes and one after the other
(so that the load of a shared machine falls on both):

- ``audit batch MANIFEST`` (language identification, multilingual embedding, alignment, checks,
  CSV reports): wall seconds and peak resident memory;
- the yardstick: plain sentence-transformers loading the packaged model and embedding the
  distinct sentences of the same documents (the audit's segmenter, in each document's language).

Run:  .venv/bin/python benchmarks/translation_batch.py /path/to/mqm_ende_news23.tsv [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_length import _PLAIN, child  # noqa: E402

from audit.bench.parallel import read_parallel  # noqa: E402
from audit.languages import detect_language  # noqa: E402
from audit.records import Document  # noqa: E402
from audit.segment import segment  # noqa: E402


def write_batch(tsv: Path, folder: Path) -> tuple[Path, int]:
    """Originals, translations and the manifest; returns the manifest and the translations."""
    rows, written = [], set()
    docs = read_parallel(tsv)
    for number, doc in enumerate(docs):
        original = folder / f"{''.join(c for c in doc.doc_id if c.isalnum())[:40]}.txt"
        if original not in written:
            original.write_text(doc.original(), encoding="utf-8")
            written.add(original)
        translation = folder / f"{number:03d}_{''.join(c for c in doc.system if c.isalnum())}.txt"
        translation.write_text(doc.translation(), encoding="utf-8")
        rows.append(f"{original.name},{translation.name}")
    manifest = folder / "manifest.csv"
    manifest.write_text("reference,derivative\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return manifest, len(docs)


def distinct_sentences(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        document = Document(name=path.name, text=text)
        texts += [s.text for s in segment(document, language=detect_language(text)).sentences]
    return list(dict.fromkeys(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-translations-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        manifest, translations = write_batch(args.tsv, folder)
        sentences = distinct_sentences(folder)
        lines = Path(tmp) / "sentences.txt"
        lines.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        audit = ["-m", "audit", "batch", str(manifest), "--out", str(Path(tmp) / "out"), "-q"]
        audits, plains = [], []
        for _ in range(args.runs):
            audits.append(child(audit))
            plains.append(child(["-c", _PLAIN, str(lines)]))
    wall = statistics.median(a[0] for a in audits)
    plain = statistics.median(p[0] for p in plains)
    ratios = [a[0] / p[0] for a, p in zip(audits, plains, strict=True)]
    print(json.dumps({
        "translations": translations,
        "distinct_sentences": len(sentences),
        "runs": args.runs,
        "audit_s": round(wall, 2),
        "audit_peak_mib": round(statistics.median(a[1] for a in audits)),
        "plain_load_embed_s": round(plain, 2),
        "ratio_of_medians": round(wall / plain, 3),
        "paired_ratios": [round(r, 3) for r in ratios],
    }))  # fmt: skip


if __name__ == "__main__":
    main()
