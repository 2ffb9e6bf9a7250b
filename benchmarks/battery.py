"""The planted-change battery (``audit.bench.battery``) on sentences nobody here wrote.

Bases: the aligned units of the error-free rows (``mqm_score`` 0) of one half of an MQM file,
the human reference against the machine translation (a faithful translation), or the
(reference, rewording) rows of a TSV such as ``tests/judge/pairs.tsv``. Every class of
``audit.judge.perturb`` is planted once in each base where it applies (lexicon from WordNet),
each copy audited with the shipped settings; prints the figures as JSON.

    .venv/bin/python benchmarks/battery.py --mqm ../shared/bench/mqm/mqm_zhen_news23.tsv --half eval
    .venv/bin/python benchmarks/battery.py --pairs tests/judge/pairs.tsv \\
        --write tests/judge/battery.jsonl      # the test fixture

Needs ``.[train]`` (lemminflect) and WordNet (``--wordnet``, Debian's ``wordnet-base``).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from audit.bench.battery import plant, run_battery, summary, write_items
from audit.bench.mqm import read_mqm, select_half
from audit.judge.data import mqm_examples
from audit.judge.lexicon import build_lexicon
from audit.judge.wordnet import read_wordnet
from audit.pipeline import encoder_for
from audit.settings import AuditConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mqm", type=Path, help="an MQM TSV: its error-free rows are the bases")
    parser.add_argument("--half", default="eval", choices=("fit", "eval", "all"))
    parser.add_argument("--pairs", type=Path, help="TSV with reference and rewording columns")
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=0, help="bases (0: all)")
    parser.add_argument("--write", type=Path, help="write the planted items (JSON lines)")
    args = parser.parse_args()
    config = AuditConfig()
    encoder = encoder_for(config)
    pairs = _bases(args, config, encoder)[: args.limit or None]
    corpus = [text for pair in pairs for text in pair]
    items = plant(pairs, build_lexicon(read_wordnet(args.wordnet), corpus), args.seed)
    if args.write:
        write_items(args.write, items)
    result = summary(run_battery(items, config, encoder))
    print(json.dumps({"bases": len(pairs), "items": len(items), **result}, indent=1))


def _bases(args: argparse.Namespace, config: AuditConfig, encoder) -> list[tuple[str, str]]:
    if args.pairs:
        with args.pairs.open(encoding="utf-8", newline="") as handle:
            return [
                (r["reference"], r["rewording"]) for r in csv.DictReader(handle, delimiter="\t")
            ]
    rows = [r for r in select_half(read_mqm(args.mqm), args.half) if r.mqm_score == 0]
    units = mqm_examples(rows, "bases", encoder, config)
    return list(dict.fromkeys((u.reference, u.derivative) for u in units if not u.penalty))


if __name__ == "__main__":
    main()
