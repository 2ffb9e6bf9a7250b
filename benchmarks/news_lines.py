"""Distinct news-like sentences for the scale benchmarks, made from a small grammar.

Each line is one sentence of a wire story: who (a named official of an institution of a
country), what they did (said, warned, announced...), a fact with a number, a date and a place.
Every line is distinct (a running number and the combination of parts), and consecutive lines
share no fixed template order, so the embedding, the TF-IDF and the checks see text shaped like
real news rather than copies. Deterministic for a seed.
"""

from __future__ import annotations

import random

FIRST = (
    "Anna Maria Chen Daniel Eva Farid Grace Hiro Ines Jonas Kofi Lena Mateo Nadia Omar Priya "
    "Quentin Rosa Samir Tara Umar Vera Wen Yusuf Zofia Ahmed Bianca Carlos Dmitri Elif"
).split()
LAST = (
    "Okafor Lindqvist Moreau Tanaka Haddad Kowalski Silva Novak Ibrahim Schmidt Rossi Park "
    "Fernandez Dubois Nakamura Mensah Petrov Costa Yilmaz Andersen Gupta Chey Alvarez Brennan"
).split()
ROLE = (
    "finance minister|central bank governor|health official|union leader|police spokesman|"
    "mayor|trade envoy|energy regulator|chief executive|foreign minister|court spokeswoman"
).split("|")
BODY = (
    "the national railway|the port authority|the state utility|the largest carmaker|"
    "the ruling party|the opposition bloc|the farmers' union|the statistics office|"
    "the water board|the teachers' federation|the housing agency|the coast guard"
).split("|")
PLACE = (
    "Lagos Oslo Lyon Osaka Beirut Gdansk Recife Brno Mombasa Hamburg Turin Busan Seville "
    "Ghent Kyoto Accra Porto Izmir Aarhus Pune Quito Tartu Cork Leeds"
).split()
VERB = "said|warned|announced|confirmed|denied|estimated|reported|insisted".split("|")
FACT = (
    "{n} workers would lose their jobs by {month}|prices rose {p} percent in {month}|"
    "{n} homes were still without power|the budget would grow by {p} percent next year|"
    "{n} people had been evacuated from the flooded districts|exports fell {p} percent|"
    "talks on the {n} million dollar deal had stalled|{n} new buses would run from {month}|"
    "the strike had cost {n} million euros so far|{n} schools would reopen in {month}|"
    "inflation had eased to {p} percent|a further {n} soldiers would be sent to the border"
).split("|")
MONTH = "January February March April May June July August September October November".split()
TAIL = (
    "|, according to a statement|, without giving details| on Monday| late on Thursday|"
    ", citing internal figures| in an interview| after a closed meeting"
).split("|")


def news_line(k: int, rng: random.Random) -> str:
    """Sentence ``k``: distinct from every other ``k`` (a running figure is part of it)."""
    who = f"{rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(ROLE)} of {rng.choice(BODY)}"
    fact = rng.choice(FACT).format(
        n=f"{k + 1:,}", p=f"{rng.randint(1, 19)}.{k % 10}", month=rng.choice(MONTH)
    )
    place = rng.choice(PLACE)
    if rng.random() < 0.5:
        return f"{who}, {rng.choice(VERB)} in {place} that {fact}{rng.choice(TAIL)}."
    return f"In {place}, {fact}, {who}, {rng.choice(VERB)}{rng.choice(TAIL)}."


def news_lines(count: int, seed: int = 0) -> list[str]:
    """``count`` distinct news-like sentences, one per line."""
    rng = random.Random(seed)
    lines = [news_line(k, rng) for k in range(count)]
    assert len(set(lines)) == count
    return lines
