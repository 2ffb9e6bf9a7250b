"""Read the WordNet 3.0 database files (``data.noun``, ``data.verb``, ``data.adj``,
``data.adv``; Debian's ``wordnet-base`` puts them in ``/usr/share/wordnet``).

Only what the project derives from WordNet is read: the direct antonyms of each word (the
``!`` pointers) and each noun's hypernyms (``@``), with the words of every synset. The format
is a line per synset: ``offset lex_filenum ss_type w_cnt word lex_id ... p_cnt ptr... | gloss``
(w_cnt in hexadecimal; a pointer is ``symbol offset pos source/target``). Used when building
the shipped opposites table and the judge's synthetic training data, never during an audit.
Hand-written because the format is a dozen lines to parse and the only maintained readers
(``nltk``, ``wn``) would add a dependency and, for ``wn``, a download.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from audit.errors import BenchError

POS_FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}


@dataclass(frozen=True)
class Synset:
    """One synset: its part of speech ("n", "v", "a", "s", "r"), words (lower case, spaces
    for underscores) and pointers ``(symbol, offset, pos, source word, target word)``."""

    pos: str
    words: tuple[str, ...]
    pointers: tuple[tuple[str, int, str, int, int], ...]
    raw: tuple[str, ...] = ()
    """The words as the database writes them (case kept: "Naples")."""


@dataclass(frozen=True)
class WordNet:
    """The synsets of the four parts of speech, keyed by ``(pos letter, offset)``."""

    synsets: dict[tuple[str, int], Synset]
    senses: dict[tuple[str, str], tuple[int, ...]]
    """The synset offsets of each ``(pos, word)``, commonest sense first (the index files)."""
    tagged: dict[tuple[str, str], int]
    """How often each ``(pos, word)`` was seen in the sense-tagged corpus (``cntlist.rev``):
    its frequency, 0 for a word never seen there."""

    def antonyms(self, first_sense: bool = False) -> set[tuple[str, str, str]]:
        """Antonym pairs ``(pos, word, antonym)`` of single words, both orders: the words of
        two synsets joined by an antonym pointer ("decrease"/"lessen" face "increase"), and
        the words of a synset that inherits its parent's antonym (a verb's hypernym: "reduce"
        is a way to "decrease"; a satellite adjective's head: "powerful" is "strong"); with
        ``first_sense``, only words for which their synset is one of their two commonest
        senses."""
        out: set[tuple[str, str, str]] = set()
        for (pos, offset), synset in self.synsets.items():
            for parent in [(pos, offset), *self._parents(synset.pos, synset)]:
                for symbol, target, target_pos, _, _ in self.synsets[parent].pointers:
                    other = self.synsets.get((_file_pos(target_pos), target))
                    if symbol == "!" and other is not None:
                        self._pairs(out, (pos, offset), (target_pos, target), first_sense)
        return out

    def _parents(self, pos: str, synset: Synset) -> list[tuple[str, int]]:
        """The synsets whose antonyms ``synset`` inherits (see ``antonyms``)."""
        symbol = {"v": "@", "s": "&"}.get(pos)
        return [
            (_file_pos(p), target)
            for s, target, p, _, _ in synset.pointers
            if s == symbol and (_file_pos(p), target) in self.synsets
        ]

    def _pairs(
        self,
        out: set[tuple[str, str, str]],
        one: tuple[str, int],
        two: tuple[str, int],
        first_sense: bool,
    ) -> None:
        first, second = (
            self.synsets[(_file_pos(one[0]), one[1])],
            self.synsets[(_file_pos(two[0]), two[1])],
        )
        for a in first.words:
            for b in second.words:
                if " " in a or " " in b or a == b:
                    continue
                if first_sense and not (
                    self._commonest(one[0], a, one[1]) and self._commonest(two[0], b, two[1])
                ):
                    continue
                out.add((_file_pos(one[0]), a, b))
                out.add((_file_pos(one[0]), b, a))

    def _commonest(self, pos: str, word: str, offset: int) -> bool:
        """Whether the synset at ``offset`` is one of ``word``'s two commonest senses."""
        senses = self.senses.get((_file_pos(pos), word), ())
        return offset in senses[:2]

    def hypernyms(self) -> dict[str, list[str]]:
        """Each single noun's hypernym words from its first listed synset (the commonest
        sense), nearest first."""
        out: dict[str, list[str]] = defaultdict(list)
        for (pos, word), offsets in self.senses.items():
            if pos != "n" or " " in word:
                continue
            synset = self.synsets[("n", offsets[0])]
            for symbol, offset, target_pos, _, _ in synset.pointers:
                if symbol == "@" and target_pos == "n":
                    parent = self.synsets.get(("n", offset))
                    if parent is not None:
                        out[word].extend(w for w in parent.words if w != word)
        return dict(out)

    def entities(self) -> list[set[str]]:
        """Names of one entity: the capitalised words of each noun synset of proper names
        ("Naples", "Napoli"), with the adjectives pertaining to it ("Portuguese" for
        "Portugal"); only groups of two names or more."""
        groups: dict[int, set[str]] = {}
        for (pos, offset), synset in self.synsets.items():
            if pos == "n":
                names = {
                    w for w, raw in zip(synset.words, synset.raw, strict=True) if raw[:1].isupper()
                }
                if names:
                    groups[offset] = names
        for (pos, _), synset in self.synsets.items():
            if pos != "a":
                continue
            for symbol, target, target_pos, _, _ in synset.pointers:
                if symbol in {"\\", "+"} and target_pos == "n" and target in groups:
                    groups[target] |= {
                        w
                        for w, raw in zip(synset.words, synset.raw, strict=True)
                        if raw[:1].isupper()
                    }
        return [g for g in groups.values() if len(g) > 1]

    def synonyms(self, pos: str) -> dict[str, list[str]]:
        """Words sharing a synset with each word (all senses), for one part of speech."""
        out: dict[str, list[str]] = defaultdict(list)
        for (p, _), synset in self.synsets.items():
            if p == pos:
                for word in synset.words:
                    out[word].extend(w for w in synset.words if w != word)
        return dict(out)


def _file_pos(pos: str) -> str:
    """Satellite adjectives ("s") live in data.adj with the head adjectives ("a")."""
    return "a" if pos == "s" else pos


def read_wordnet(folder: Path) -> WordNet:
    """Every synset of the four data files in ``folder``; BenchError if one is missing."""
    synsets: dict[tuple[str, int], Synset] = {}
    senses: dict[tuple[str, str], tuple[int, ...]] = {}
    tagged: dict[tuple[str, str], int] = {}
    for pos, name in POS_FILES.items():
        for line in _lines(folder / name):
            offset, synset = _parse(line)
            synsets[(pos, offset)] = synset
        for line in _lines(folder / name.replace("data", "index")):
            fields = line.split()
            count = int(fields[2])
            word = _word(fields[0])
            senses[(pos, word)] = tuple(int(f) for f in fields[-count:])
            tagged[(pos, word)] = 0
    for line in _lines(folder / "cntlist.rev"):
        key, _, uses = line.split()
        lemma, kind = key.split("%", 1)
        pos = "nvar"[min(int(kind[0]), 5) - 1] if kind[0] != "5" else "a"
        word = _word(lemma)
        tagged[(pos, word)] = tagged.get((pos, word), 0) + int(uses)
    return WordNet(synsets, senses, tagged)


def _lines(path: Path) -> list[str]:
    """The records of a database file (its licence header lines start with a space)."""
    try:
        lines = path.read_text(encoding="latin-1").splitlines()
    except OSError as exc:
        raise BenchError(
            f"{path}: cannot read the WordNet database ({exc.strerror}); "
            "install Debian's wordnet-base or give its folder"
        ) from None
    return [line for line in lines if line and not line.startswith(" ")]


def _parse(line: str) -> tuple[int, Synset]:
    fields = line.split(" | ", 1)[0].split()
    offset, pos, count = int(fields[0]), fields[2], int(fields[3], 16)
    raw = tuple(fields[4 + 2 * k].split("(", 1)[0].replace("_", " ") for k in range(count))
    words = tuple(w.lower() for w in raw)
    at = 4 + 2 * count
    pointers = []
    for k in range(int(fields[at])):
        symbol, target, target_pos, st = fields[at + 1 + 4 * k : at + 5 + 4 * k]
        pointers.append((symbol, int(target), target_pos, int(st[:2], 16), int(st[2:], 16)))
    return offset, Synset(pos, words, tuple(pointers), raw)


def _word(raw: str) -> str:
    """A lemma as written in running text: lower case, spaces, no adjective marker ("(a)")."""
    return raw.split("(", 1)[0].replace("_", " ").lower()
