"""Translations audited against their originals, end to end with the real encoders: the
unchanged translations are clean, and each kind of planted change is found with its category on
its span (tests/data/translation: an English story and its German translation, a Chinese story
and its English translation, written for these tests)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from audit.embed import Encoder
from audit.pipeline import audit_documents
from audit.records import AuditResult, Category, Document, DocumentAudit, Severity
from audit.report.fixes import fix_list
from audit.settings import AuditConfig
from tests.conftest import TRANSLATIONS

GERMAN = (TRANSLATIONS / "harbour.de.txt").read_text(encoding="utf-8")
ENGLISH = (TRANSLATIONS / "harbour.en.txt").read_text(encoding="utf-8")
CHINESE = (TRANSLATIONS / "library.zh.txt").read_text(encoding="utf-8")
FROM_CHINESE = (TRANSLATIONS / "library.en.txt").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Change:
    old: str
    new: str
    category: Category
    span: str
    """The text the finding must overlap: in the translation, or in the original (deletion)."""
    on_original: bool = False


CHANGES = {
    "sentence-deleted": Change(
        "Die Feuerwehr der Stadt rückte in der Nacht zu 640 Einsätzen aus, meist wegen "
        "umgestürzter Bäume und überfluteter Keller.\n", "", Category.OMISSION, "fire brigade", True
    ),
    "sentence-inserted": Change(
        "in Sicherheit seien.", "in Sicherheit seien. Der Bürgermeister kündigte zudem eine "
        "Sondersitzung des Senats für Freitag an, um über Hilfen zu beraten.",
        Category.ADDITION, "Der Bürgermeister",
    ),
    "figure-changed": Change("37 Containerschiffe", "47 Containerschiffe", Category.NUMBER, "47"),
    "date-changed": Change("4. März", "4. Mai", Category.NUMBER, "Mai"),
    "currency-changed": Change("Millionen Euro", "Millionen Dollar", Category.NUMBER, "12,5"),
    "name-misspelt": Change("Katrin Oldenburg", "Katrin Oldenbrug", Category.NAME, "Oldenbrug"),
    "handle-changed": Change("@HHLA_Hamburg", "@HHLA_Bremen", Category.NAME, "@HHLA_Bremen"),
    "left-in-english": Change(
        "Die Meteorologen des Deutschen Wetterdienstes erwarten, dass der Wind bis "
        "Donnerstagmorgen nachlässt.",
        "Forecasters at the German Weather Service expect the wind to ease by Thursday morning.",
        Category.UNTRANSLATED, "Forecasters",
    ),
    "cut-off": Change(
        "rund 12,5 Millionen Euro für jeden Tag, an dem die Terminals geschlossen bleiben.",
        "rund 12,5 Millionen", Category.GARBLED, "Die Hafenbehörde",
    ),
    "runs-into-the-next": Change(
        "Die Reederei Hapag-Lloyd teilte mit, dass 9 ihrer Schiffe vor Cuxhaven warteten und die "
        "Besatzungen in Sicherheit seien.\nDie Feuerwehr",
        "Die Reederei Hapag-Lloyd teilte mit, dass 9 ihrer Schiffe vor Cuxhaven warteten Die "
        "Feuerwehr",
        Category.GARBLED, "Die Reederei",
    ),
    "quotation-left-open": Change("geschlossen“, sagte", "geschlossen, sagte", Category.GARBLED, "„Wir"),  # noqa: E501
}  # fmt: skip


@pytest.fixture(scope="module")
def translations(encoder: Encoder, use_encoder: Encoder) -> AuditResult:
    """The unchanged German translation and one copy per planted change, audited together."""
    for change in CHANGES.values():
        assert GERMAN.count(change.old) == 1, change.old
    copies = [Document("harbour.de.txt", GERMAN)] + [
        Document(f"{name}.de.txt", GERMAN.replace(c.old, c.new)) for name, c in CHANGES.items()
    ]
    return audit_documents(Document("harbour.en.txt", ENGLISH), copies, AuditConfig(), encoder)


def _audit(result: AuditResult, name: str) -> DocumentAudit:
    return next(a for a in result.audits if a.derivative.document.name == name)


def test_the_translation_as_published_is_clean(translations: AuditResult) -> None:
    audit = _audit(translations, "harbour.de.txt")
    assert audit.findings == ()
    assert audit.languages.label == "en>de" and audit.languages.cross
    assert audit.summary.coverage == 1.0 and audit.summary.fidelity == 100.0
    assert audit.summary.chrf is None and audit.summary.bleu is None
    assert all(u.deriv and u.ref for u in audit.units)
    skipped = {s.check: s.reason for s in audit.checks if not s.ran}
    assert set(skipped) == {"quote", "mistranslation", "meaning"}
    assert (
        skipped["quote"] == "compares the words of one language, and this is a translation (en>de)"
    )
    assert skipped["mistranslation"] == "reads English only, and this pair is en>de"
    assert skipped["meaning"] == skipped["mistranslation"]


@pytest.mark.parametrize("name", list(CHANGES))
def test_each_planted_change_is_found_on_its_span(translations: AuditResult, name: str) -> None:
    change = CHANGES[name]
    audit = _audit(translations, f"{name}.de.txt")
    text = (audit.reference if change.on_original else audit.derivative).document.text
    start = text.index(change.span)
    end = start + len(change.span)
    hits = [
        f for f in audit.findings
        if f.category is change.category
        and ((f.ref_start, f.ref_end) if change.on_original else (f.start, f.end)) != (None, None)
        and (f.ref_start if change.on_original else f.start) < end  # type: ignore[operator]
        and (f.ref_end if change.on_original else f.end) > start  # type: ignore[operator]
    ]  # fmt: skip
    assert hits, [(f.category.value, f.span, f.explanation) for f in audit.findings]


def test_the_fix_list_gives_the_original_passage_of_a_translation_finding(
    translations: AuditResult,
) -> None:
    """*Reference says* is the original's passage (no word links narrow it in a translation),
    never "(nothing)", which means an addition."""
    audit = _audit(translations, "left-in-english.de.txt")
    (item,) = [i for i in fix_list(audit).serious if i.category == "untranslated"]
    assert item.derivative.startswith("Forecasters at the German Weather Service")
    assert item.reference.startswith("Forecasters at the German Weather Service expect")
    cut = _audit(translations, "cut-off.de.txt")
    (item,) = [i for i in fix_list(cut).serious if i.category == "garbled"]
    assert item.derivative.startswith("Die Hafenbehörde")
    assert item.reference.startswith("The port authority expects to lose")


def test_the_english_translation_of_a_chinese_story(encoder: Encoder, use_encoder: Encoder) -> None:
    changed = FROM_CHINESE.replace("8,600 visits", "6,800 visits").replace(
        "The library opens at 9 a.m. every day and closes at 9 p.m.", "图书馆每天上午9点开放。"
    )
    result = audit_documents(
        Document("library.zh.txt", CHINESE),
        [Document("library.en.txt", FROM_CHINESE), Document("changed.en.txt", changed)],
        AuditConfig(),
        encoder,
    )
    clean, planted = result.audits
    assert clean.languages.label == "zh>en" and clean.findings == ()
    found = {(f.category, f.span) for f in planted.findings}
    assert (Category.NUMBER, "6,800") in found
    assert (Category.UNTRANSLATED, "图书馆每天上午9点开放") in found
    assert all(f.severity is not Severity.MINOR or f.category is not Category.NUMBER
               for f in planted.findings if f.span == "6,800")  # fmt: skip
