"""The HTML report in a real headless Chromium: renders, no console message; the fix list at the
top equals the CSV's critical and major rows, on the seeds and on a batch of 12 derivatives; a
reviewer ticks two findings "accepted" and one unit's link "wrong", saves the file, and a rerun
with ``--ignore`` drops exactly those findings and leaves those sentences unlinked.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make browser`` installs them; Selenium
drives Chromium over WebDriver/DevTools, nothing is downloaded). Without them these tests are
skipped, unless ``AUDIT_REQUIRE_BROWSER=1`` (as ``make test`` and CI set), where they fail.
``AUDIT_SCREENSHOTS=docs`` also saves the screenshots of the fix list and the coverage map there
(``report-seeds-*.png``, ``report-12-*.png``: the ones README and docs/reports.md show).
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
from tests.conftest import DERIVATIVES, REFERENCE, unavailable

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
    headers = re.findall(r'<th class="name" title="([^"]+)">', coverage.group(0))
    assert headers == [p.name for p in DERIVATIVES]
    row = row_with(dom, "Speaking at the Choi Institute")
    assert re.search(r'<span class="f sev-major"[^>]*>Choi</span>', row)
    assert re.search(r'<span class="f sev-major"[^>]*>Chey</span>', row)
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


def csv_rows(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def audit_ids(out: Path) -> list[str]:
    return [row["id"] for row in csv_rows(out, "findings.csv")]


def folded(text: str | None) -> str:
    return " ".join((text or "").split())


def fix_lists(driver: Any) -> dict[str, dict[str, list[tuple[str, ...]]]]:
    """Per derivative, the rows of the fix list at the top of the page (serious, then the
    folded minor ones): (id, severity, category, line, derivative words)."""
    from selenium.webdriver.common.by import By

    lists = {}
    for block in driver.find_elements(By.CSS_SELECTOR, "details.fix"):
        kinds: dict[str, list[tuple[str, ...]]] = {"serious": [], "minor": []}
        for kind in kinds:
            for row in block.find_elements(By.CSS_SELECTOR, f"table.fixes.{kind} tr.fix-item"):
                cells = row.find_elements(By.TAG_NAME, "td")
                kinds[kind].append(
                    (
                        row.get_attribute("data-id"),
                        row.get_attribute("data-severity"),
                        folded(cells[3].get_attribute("textContent")),
                        folded(cells[2].get_attribute("textContent")),
                        folded(cells[4].get_attribute("textContent")),
                    )
                )
        lists[block.get_attribute("data-document")] = kinds
    return lists


RANK = {"critical": 3, "major": 2, "minor": 1}


def assert_fix_lists_equal_the_csv(driver: Any, out: Path) -> int:
    """Each derivative's fix list holds exactly its critical and major rows of findings.csv,
    most severe first, and its minor rows folded; returns the rows compared."""
    rows = csv_rows(out, "findings.csv")
    documents = [r["document"] for r in csv_rows(out, "summary.csv") if r["status"] == "ok"]
    lists = fix_lists(driver)
    assert list(lists) == documents
    compared = 0
    for document, shown in lists.items():
        for kind, wanted in (("serious", {"critical", "major"}), ("minor", {"minor"})):
            expected = [
                (r["id"], r["severity"], r["category"], r["line"], folded(r["span"]))
                for r in rows
                if r["document"] == document and r["severity"] in wanted
            ]
            listed = [
                (i, sev, cat, line, "(nothing)" if span == "(nothing)" else span)
                for i, sev, cat, line, span in shown[kind]
            ]
            assert sorted(x[:4] for x in listed) == sorted(x[:4] for x in expected), document
            by_id = {x[0]: x for x in expected}
            for i, _, _, _, words in listed:
                span = by_id[i][4]
                if by_id[i][3]:  # a derivative span: its words, cut with … when long
                    assert span.startswith(words.rstrip("…").rstrip()), (document, i)
                else:
                    assert words == "(nothing)", (document, i)
            ranks = [RANK[x[1]] for x in listed]
            assert ranks == sorted(ranks, reverse=True), document
            compared += len(listed)
    return compared


def save_shots(driver: Any, prefix: str, tmp_path: Path, open_first: bool = False) -> list[Path]:
    """Screenshots of the fix list (the top of the first reference) and of the coverage map
    with its key, in ``AUDIT_SCREENSHOTS`` when set (else ``tmp_path``)."""
    from selenium.webdriver.common.by import By

    folder = Path(os.environ.get("AUDIT_SCREENSHOTS") or tmp_path)
    driver.set_window_size(1400, 1500)
    if open_first:
        driver.execute_script("document.querySelector('details.fix').open = true;")
    shots = []
    for name, selector in (("top", "#r0"), ("map", "div.map")):
        element = driver.find_element(By.CSS_SELECTOR, selector)
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
        shot = folder / f"report-{prefix}-{name}.png"
        if name == "map":
            assert element.screenshot(str(shot))
        else:
            assert driver.save_screenshot(str(shot))
        assert shot.read_bytes().startswith(PNG_MAGIC)
        shots.append(shot)
    return shots


def test_the_seed_fix_lists_equal_the_csv_and_are_screenshotted(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder: Any
) -> None:
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)
    out = tmp_path / "out"
    run = ["run", str(REFERENCE), *map(str, DERIVATIVES), "-q", "-f", "csv,html", "-o", str(out)]
    done = CliRunner().invoke(app, run)
    assert done.exit_code in (0, 1), done.output
    driver.get((out / "audit.html").as_uri())
    assert assert_fix_lists_equal_the_csv(driver, out) == len(audit_ids(out))
    save_shots(driver, "seeds", tmp_path)
    assert driver.get_log("browser") == []


TWELVE = (
    "reuters-wire.txt",
    "straits-times-rewrite-2023-01-30.txt",
    "vn-news-translation.txt",
    "korea-herald.txt",
    "ap-pickup.txt",
    "blog-summary-of-the-visit.txt",
    "mt-de-en-back-translation.txt",
    "yonhap-english.txt",
    "aggregator-copy-3.txt",
    "nato-press-digest.txt",
    "regional-daily-print-edition.txt",
    "newsletter.txt",
)
EDITS = (("Stoltenberg", "Stoltenburg"), ("Monday", "Tuesday"), ("2022", "2021"), ("Nato", "NATO"))


def twelve_derivatives(folder: Path) -> Path:
    """A manifest of 12 derivatives of the seed reference: the four seeds as they are, with
    every third paragraph dropped, and with names, days and years changed. The reference is
    copied beside them (a manifest reads only files under its folder)."""
    folder.mkdir()
    (folder / REFERENCE.name).write_bytes(REFERENCE.read_bytes())
    seeds = [p.read_text(encoding="utf-8") for p in DERIVATIVES]
    rows = ["reference,derivative"]
    for k, name in enumerate(TWELVE):
        text = seeds[k % len(seeds)]
        if k // len(seeds) == 1:
            text = "\n\n".join(p for j, p in enumerate(text.split("\n\n")) if j % 3 != 2)
        elif k // len(seeds) == 2:
            for old, new in EDITS:
                text = text.replace(old, new)
        (folder / name).write_text(text, encoding="utf-8")
        rows.append(f"{REFERENCE.name},{name}")
    manifest = folder / "manifest.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


@pytest.mark.slow
def test_a_batch_of_twelve_reads_at_a_glance_and_its_fix_lists_equal_the_csv(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder: Any
) -> None:
    from selenium.webdriver.common.by import By

    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)
    manifest = twelve_derivatives(tmp_path / "twelve")
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["batch", str(manifest), "-q", "-f", "csv,html", "-o", str(out)])
    assert done.exit_code in (0, 1), done.output
    driver.get((out / "audit.html").as_uri())
    blocks = driver.find_elements(By.CSS_SELECTOR, "details.fix")
    assert len(blocks) == 12 and not any(b.get_attribute("open") for b in blocks)  # folded
    assert assert_fix_lists_equal_the_csv(driver, out) == len(audit_ids(out))
    headers = driver.find_elements(By.CSS_SELECTOR, "table.coverage th.name")
    assert [h.get_attribute("title") for h in headers] == list(TWELVE)
    widths = [h.size["width"] for h in headers]
    assert max(widths) < 40  # twelve narrow columns: names turned upright, full on hover
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.coverage tbody tr")) >= 24
    save_shots(driver, "12", tmp_path, open_first=True)
    assert driver.get_log("browser") == []


def test_reviewer_accepts_two_findings_marks_a_wrong_link_and_the_rerun_applies_them(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder: Any
) -> None:
    from selenium.webdriver.common.by import By

    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: encoder)
    first = tmp_path / "first"
    run = ["run", str(REFERENCE), *map(str, DERIVATIVES), "-q", "-f", "csv,html"]
    done = CliRunner().invoke(app, [*run, "-o", str(first)])
    assert done.exit_code in (0, 1), done.output
    before = csv_rows(first, "findings.csv")

    driver.get((first / "audit.html").as_uri())
    boxes = driver.find_elements(By.CSS_SELECTOR, "input.accept")
    assert len(boxes) == len(before)
    chosen = [boxes[1], boxes[-1]]  # 001 and 004, far apart on the page
    wrong = driver.find_element(  # 003 shows the "I urge ..." quotation beside a tweet
        By.XPATH,
        "//table[@id='side-0-2']//tr[td[@class='ref' and starts-with(normalize-space(.), "
        "'“I urge')]]//input[@class='unlink']",
    )
    for box in [*chosen, wrong]:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
        box.click()
    assert driver.find_element(By.ID, "accepted-count").text == "2"
    assert driver.find_element(By.ID, "unlink-count").text == "1"
    driver.find_element(By.ID, "save-accepted").click()
    saved = wait_for(tmp_path / "downloads" / "accepted.txt")
    accepted = load_ignore(saved)
    links = wrong.get_attribute("value").split()
    assert sorted(accepted) == sorted([*(box.get_attribute("value") for box in chosen), *links])
    assert driver.get_log("browser") == []

    second = tmp_path / "second"
    done = CliRunner().invoke(app, [*run, "-o", str(second), "--ignore", str(saved)])
    assert done.exit_code in (0, 1), done.output
    kept = [r["id"] for r in before if r["document"][:3] != "003" and r["id"] not in accepted]
    assert [r["id"] for r in csv_rows(second, "findings.csv") if r["document"][:3] != "003"] == kept
    for rows, paired in (
        (csv_rows(first, "alignment.csv"), True),
        (csv_rows(second, "alignment.csv"), False),
    ):
        together = [
            r
            for r in rows
            if r["document"][:3] == "003"
            and r["reference_text"].startswith("“I urge")
            and r["derivative_text"].startswith("#NATO")
        ]
        assert bool(together) is paired
