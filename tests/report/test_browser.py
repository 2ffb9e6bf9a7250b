"""The HTML report in a real headless Chromium: renders, screenshots, no console message.

Needs Debian's ``chromium`` (``make browser`` installs it). Without it these tests are skipped,
unless ``AUDIT_REQUIRE_BROWSER=1`` (as ``make test`` and CI set), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from audit.records import BatchResult
from audit.report.html import write_html

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
    message = "headless Chromium not found; install it with `make browser`"
    if os.environ.get("AUDIT_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


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
    (path,) = write_html(seed_batch, tmp_path_factory.mktemp("html"))
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
    for state in ("changed", "omitted"):
        assert f"cov-{state}" in coverage.group(0)
    row = row_with(dom, "Speaking at the Choi Institute")
    assert re.search(r'<span class="chg-der[^"]*"[^>]*>Choi</span>', row)
    assert re.search(r'<span class="chg-ref[^"]*"[^>]*>Chey</span>', row)
    assert '<svg class="chart" id="chart-0"' in dom


def test_script_in_a_derivative_stays_inert(
    chromium: str, hostile_batch: BatchResult, tmp_path: Path
) -> None:
    (page,) = write_html(hostile_batch, tmp_path)
    done = browse(chromium, page, "--dump-dom")
    assert "<title>Audit report</title>" in done.stdout
    assert "pwned" not in re.search(r"<title>.*?</title>", done.stdout).group(0)
    text = re.sub(r"<[^>]+>", "", re.sub(r'<sup class="fn">.*?</sup>', "", done.stdout))
    assert '&lt;script&gt;document.title="pwned"&lt;/script&gt;' in text
    assert console_messages(done.stderr) == []
