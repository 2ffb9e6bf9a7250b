"""Segmentation of other scripts: sentence ends of Chinese, Japanese, Korean, Arabic, Thai and
German, with exact offsets."""

from __future__ import annotations

import pytest

from audit.records import Document
from audit.segment import segment
from tests.conftest import REFERENCE

JAPANESE = ["東京で会議が開かれた。", "首相は「経済を立て直す。」と述べた。", "次は大阪です？"]
GERMAN = "Am 3. Februar wurde sie gefunden. Sie sagte: „Es war gefährlich.“ Dann ging sie."


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        pytest.param("zh", "会议于2023年1月29日举行！你来吗？他说：“我们走吧。”然后离开了。",
                     ["会议于2023年1月29日举行！", "你来吗？", "他说：“我们走吧。”然后离开了。"],
                     id="chinese"),
        pytest.param("ja", "".join(JAPANESE), JAPANESE,
                     id="japanese-quotation-stays-whole"),
        pytest.param("ko", "오늘 서울에서 회의가 열렸다. 참가자는 약 1.5만 명이었다!",
                     ["오늘 서울에서 회의가 열렸다.", "참가자는 약 1.5만 명이었다!"], id="korean"),
        pytest.param("ar", "اعتقلت الشرطة 15 شخصا. وقال المتحدث إن الوضع هادئ الآن؟ نعم، هادئ.",
                     ["اعتقلت الشرطة 15 شخصا.", "وقال المتحدث إن الوضع هادئ الآن؟", "نعم، هادئ."],
                     id="arabic-question-mark"),
        pytest.param("th", "วันนี้มีการประชุมที่กรุงเทพฯ นายกรัฐมนตรีกล่าวว่าจะฟื้นฟูเศรษฐกิจ",
                     ["วันนี้มีการประชุมที่กรุงเทพฯ", "นายกรัฐมนตรีกล่าวว่าจะฟื้นฟูเศรษฐกิจ"],
                     id="thai-space"),
        pytest.param("de", GERMAN, ["Am 3. Februar wurde sie gefunden.",
                                    "Sie sagte: „Es war gefährlich.“", "Dann ging sie."],
                     id="german-ordinal-and-quotation"),
        pytest.param("nl", "Hij zei: „We gaan.” Kom je?", ["Hij zei: „We gaan.”", "Kom je?"],
                     id="closing-mark-goes-back"),
    ],
)  # fmt: skip
def test_sentences_of_other_scripts(language: str, text: str, expected: list[str]) -> None:
    doc = Document("x.txt", text + "\n")
    sentences = segment(doc, language=language).sentences
    assert [s.text for s in sentences] == expected
    assert all(doc.text[s.start : s.end] == s.text for s in sentences)


def test_english_is_segmented_as_before_languages() -> None:
    doc = Document("ref.txt", REFERENCE.read_text(encoding="utf-8"))
    assert segment(doc) == segment(doc, language="en") == segment(doc, language="")
