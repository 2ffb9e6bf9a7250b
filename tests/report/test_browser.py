"""The HTML report in a real headless Chromium: renders, screenshots, no console message, and
a reviewer ticks two findings "accepted", saves the ids and a rerun with ``--ignore`` drops them.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make browser`` installs them; Selenium
drives Chromium over WebDriver/DevTools, nothing is downloaded). Without them these tests are
skipped, unless ``AUDIT_REQUIRE_BROWSER=1`` (as ``make test`` and CI set), where they fail.
``AUDIT_SCREENSHOT=docs/report.png`` also saves the reviewer test's screenshot there (the README's).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.checks.accept import load_ignore
from audit.cli import app
from audit.records import BatchResult
from audit.report import write_reports
from tests.conftest import unavailable

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    unavailable(
        "headless Chromium not found; install it with `make browser`", "AUDIT_REQUIRE_BROWSER"
    )


def browse(chromium: str, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in a fresh profile; stdout holds a --dump-dom, stderr the browser log."""
    profile = page.parent / f"profile-{len(args)}-{page.stem}"
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def console_messages(log: str) -> list[str]:
    """Lines where the page wrote to the console (errors included)."""
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def row_with(dom: str, needle: str) -> str:
    """The side-by-side table row whose text contains ``needle``."""
    for row in re.findall(r'<tr id="d\d+-\d+-u\d+".*?</tr>', dom, flags=re.DOTALL):
        text = re.sub(r'<sup class="fn">.*?</sup>', "", row)  # finding numbers, not text
        if needle in re.sub(r"<[^>]+>", "", text):
            return row
    raise AssertionError(f"no row contains {needle!r}")


@pytest.fixture(scope="module")
def seed_page(seed_batch: BatchResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    (path,) = write_reports(seed_batch, tmp_path_factory.mktemp("html"), ["html"])
    return path


def test_console_check_catches_a_broken_page(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>undefinedFunction();</script></body></html>")
    log = browse(chromium, page, "--dump-dom").stderr
    assert any("undefinedFunction is not defined" in m for m in console_messages(log))


def test_seed_report_screenshot_without_console_messages(chromium: str, seed_page: Path) -> None:
    shot = seed_page.with_suffix(".png")
    done = browse(chromium, seed_page, "--window-size=1400,2400", f"--screenshot={shot}")
    assert console_messages(done.stderr) == []
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 50_000  # a rendered page, not a blank one
    print(f"screenshot: {shot}")


def test_seed_report_dom_has_coverage_map_and_choi_against_chey(
    chromium: str, seed_page: Path
) -> None:
    done = browse(chromium, seed_page, "--dump-dom")
    dom = done.stdout
    assert console_messages(done.stderr) == []
    coverage = re.search(r'<table class="coverage" id="coverage-0">.*?</table>', dom, re.DOTALL)
    assert coverage is not None
    for grade in ("light", "heavy", "omitted"):
        assert f"cov-{grade}" in coverage.group(0)
    row = row_with(dom, "Speaking at the Choi Institute")
    assert re.search(r'<span class="chg-der[^"]*"[^>]*>Choi</span>', row)
    assert re.search(r'<span class="chg-ref[^"]*"[^>]*>Chey</span>', row)
    assert '<svg class="chart" id="chart-0"' in dom


def test_script_in_a_derivative_stays_inert(
    chromium: str, hostile_batch: BatchResult, tmp_path: Path
) -> None:
    (page,) = write_reports(hostile_batch, tmp_path, ["html"])
    done = browse(chromium, page, "--dump-dom")
    assert "<title>Audit report</title>" in done.stdout
    assert "pwned" not in re.search(r"<title>.*?</title>", done.stdout).group(0)
    text = re.sub(r"<[^>]+>", "", re.sub(r'<sup class="fn">.*?</sup>', "", done.stdout))
    assert '&lt;script&gt;document.title="pwned"&lt;/script&gt;' in text
    assert console_messages(done.stderr) == []


DRIVER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1400,1000",
]


@pytest.fixture
def driver(chromium: str, tmp_path: Path) -> Iterator[Any]:
    """Chromium driven by Debian's chromedriver, in a fresh profile, downloading to tmp_path."""
    chromedriver = shutil.which("chromedriver")
    if chromedriver is None:
        unavailable(
            "chromedriver not found; install it with `make browser`", "AUDIT_REQUIRE_BROWSER"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*DRIVER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    prefs = {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    options.add_experimental_option("prefs", prefs)
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    try:
        yield browser
    finally:
        browser.quit()


def wait_for(path: Path, seconds: float = 20.0) -> Path:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert path.exists(), f"{path} was not saved"
    return path


def audit_ids(out: Path) -> list[str]:
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def test_reviewer_accepts_two_findings_and_the_rerun_drops_exactly_those(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder: Any
) -> None:
    from selenium.webdriver.common.by import By

    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    reference, *derivatives = sorted(seeds.glob("00[0-9]_*.txt"))
    first = tmp_path / "first"
    run = ["run", str(reference), *map(str, derivatives), "-q", "-f", "csv,html"]
    done = CliRunner().invoke(app, [*run, "-o", str(first)])
    assert done.exit_code in (0, 1), done.output
    before = audit_ids(first)

    driver.get((first / "audit.html").as_uri())
    shot = tmp_path / "report.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(PNG_MAGIC)
    if os.environ.get("AUDIT_SCREENSHOT"):
        shutil.copy(shot, os.environ["AUDIT_SCREENSHOT"])
    boxes = driver.find_elements(By.CSS_SELECTOR, "input.accept")
    assert len(boxes) == len(before)
    chosen = [boxes[1], boxes[-1]]  # two derivatives, far apart on the page
    for box in chosen:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
        box.click()
    assert driver.find_element(By.ID, "accepted-count").text == "2"
    driver.find_element(By.ID, "save-accepted").click()
    accepted = load_ignore(wait_for(tmp_path / "downloads" / "accepted.txt"))
    assert sorted(accepted) == sorted(box.get_attribute("value") for box in chosen)
    assert driver.get_log("browser") == []

    second = tmp_path / "second"
    saved = tmp_path / "downloads" / "accepted.txt"
    done = CliRunner().invoke(app, [*run, "-o", str(second), "--ignore", str(saved)])
    assert done.exit_code in (0, 1), done.output
    assert audit_ids(second) == [i for i in before if i not in accepted]
    assert len(audit_ids(second)) == len(before) - 2
