"""Write the two tables the checks read from WordNet 3.0 (Debian's ``wordnet-base``):

- ``audit/checks/data/opposites.tsv``: direct antonyms of frequent words in one of their two
  commonest senses, every inflected form (``lemminflect``), one ``word<TAB>opposite`` a line;
- ``audit/checks/data/entities.tsv``: names of one entity (a synset of proper names and the
  adjectives pertaining to it: "Naples", "Napoli", "Neapolitan"), tab-separated, a line each.

    .venv/bin/python benchmarks/build_wordnet_tables.py /usr/share/wordnet

The output is sorted, so the same WordNet gives the same files. Needs ``.[train]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from audit.judge.lexicon import FREQUENT, inflected
from audit.judge.wordnet import read_wordnet

DATA = Path(__file__).resolve().parent.parent / "audit" / "checks" / "data"
LICENCE = (
    "# From WordNet 3.0 (c) 2006 Princeton University, under the WordNet licence: "
    "https://wordnet.princeton.edu/license-and-commercial-use\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wordnet", type=Path, help="folder of data.noun, index.noun, ...")
    args = parser.parse_args()
    wordnet = read_wordnet(args.wordnet)
    pairs = [
        (pos, a, b)
        for pos, a, b in wordnet.antonyms(first_sense=True)
        if min(wordnet.tagged.get((pos, a), 0), wordnet.tagged.get((pos, b), 0)) >= FREQUENT
    ]
    lines = sorted({f"{a}\t{b}" for a, others in inflected(pairs).items() for b in others})
    lines += sorted(f"{a}\t{b}" for pos, a, b in pairs if pos == "r")
    (DATA / "opposites.tsv").write_text(LICENCE + "\n".join(lines) + "\n", encoding="utf-8")
    groups = sorted("\t".join(sorted(g)) for g in wordnet.entities())
    (DATA / "entities.tsv").write_text(LICENCE + "\n".join(groups) + "\n", encoding="utf-8")
    print(f"{len(lines)} opposites, {len(groups)} entities written to {DATA}")


if __name__ == "__main__":
    main()
