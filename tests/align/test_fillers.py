"""One-sentence fillers in translations ("(Applause)", a dateline): never a confident wrong
link. Each copy of a filler matches every other copy equally, so it is linked only where its
neighbours place it, or left unlinked."""

from __future__ import annotations

from audit.align import align_pair
from audit.embed import Encoder, embed_all
from audit.records import Document
from audit.segment import segment
from audit.settings import Settings

TALK = [
    ("Thank you all for coming tonight to talk about our oceans.",
     "Vielen Dank, dass Sie heute Abend gekommen sind, um über unsere Ozeane zu sprechen."),
    ("Last year we counted more plastic than fish in one bay near Lisbon.",
     "Letztes Jahr haben wir in einer Bucht bei Lissabon mehr Plastik als Fische gezählt."),
    ("Our divers brought up four tonnes of old fishing nets in a single week.",
     "Unsere Taucher haben in einer einzigen Woche vier Tonnen alter Fischernetze geborgen."),
    ("So tonight I ask every one of you to join the cleanup next spring.",
     "Deshalb bitte ich heute Abend jeden von Ihnen, im nächsten Frühjahr mitzuhelfen."),
]  # fmt: skip


def test_applause_is_never_linked_to_another_applause(use_encoder: Encoder) -> None:
    original = "".join(f"{en}\n(Applause)\n" for en, _ in TALK)
    order = [2, 0, 3, 1]
    translation = "".join(f"{TALK[k][1]}\n(Applaus)\n" for k in order)
    ref = segment(Document("talk.en.txt", original), language="en")
    der = segment(Document("talk.de.txt", translation), language="de")
    ref_v, der_v = embed_all(use_encoder, [ref, der])
    units = align_pair(ref, der, ref_v, der_v, Settings(), cross=True)
    speech = {2 * k: 2 * position for position, k in enumerate(order)}  # original -> translation
    for unit in units:
        for j in unit.ref:
            for i in unit.deriv:
                if j % 2 == 0:  # a spoken sentence: on its own translation
                    assert speech[j] == i
                else:  # an applause: only on the applause after its own sentence's translation
                    assert speech[j - 1] + 1 == i, (j, i)
    linked = {j for u in units if u.deriv for j in u.ref}
    assert {0, 2, 4, 6} <= linked
