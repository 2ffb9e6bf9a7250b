"""Every input format on the install a user gets: a fresh virtual environment made with the pip
that Python ships (never upgraded), ``torch==2.13.0`` first as the README says, then the
project from ``pyproject.toml`` without extras. One copy of seed 001 in every supported format
(``.txt``, ``.md``, ``.html``, ``.docx``, standard input) is audited end to end with the real
model, and each gives the same findings as the ``.txt``, at offsets into its own extracted text.

This is what a ``make`` install cannot show: it upgrades pip and installs the dev extras, and a
reader's dependency that only they pull in (lxml_html_clean for HTML) would go unnoticed. It
takes about four minutes (the packages come from pip's cache or the configured index), and
fails, never skips, when this Python cannot make a virtual environment with pip
(``-m "not slow"`` leaves it out while working).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DERIVATIVES, REFERENCE, ROOT

pytestmark = pytest.mark.slow

FORMATS = (".txt", ".md", ".html", ".docx")
FORMULA_STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
SOURCES = ("pyproject.toml", "README.md", "audit")
FINDING = ("category", "severity", "span", "check", "line", "explanation")
EXTRACT = """
import json, sys
from audit.read import read_document
print(json.dumps({p: read_document(p).text for p in sys.argv[1:]}))
"""


def _base_python() -> str:
    """The interpreter this test's virtual environment was made from (not the venv's own)."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=1500, **kwargs)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project installed as a user would (its bin folder)."""
    folder = tmp_path_factory.mktemp("fresh")
    source = folder / "src"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name)
    for cache in source.rglob("__pycache__"):
        shutil.rmtree(cache)
    made = _run([_base_python(), "-m", "venv", str(folder / "venv")])
    assert made.returncode == 0, f"cannot make a venv with pip: {made.stderr[-500:]}"
    pip = [str(folder / "venv" / "bin" / "python"), "-m", "pip"]
    for step in (["install", "torch==2.13.0"], ["install", str(source)]):
        done = _run([*pip, "--disable-pip-version-check", *step])
        assert done.returncode == 0, done.stderr[-3000:]
    return folder / "venv" / "bin"


def test_fresh_install_uses_the_pip_python_ships(fresh: Path) -> None:
    import ensurepip

    shown = _run([str(fresh / "python"), "-m", "pip", "--version"]).stdout
    assert shown.startswith(f"pip {ensurepip.version()} "), shown


def _copies(folder: Path) -> list[Path]:
    """Seed 001 as .txt, .md, .html (one <p> a line) and .docx (one paragraph a line)."""
    import docx

    text = DERIVATIVES[0].read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    paths = [folder / f"d{suffix}" for suffix in FORMATS]
    paths[0].write_text(text, encoding="utf-8")
    paths[1].write_text(text, encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in lines)
    page = f"<html><head><meta charset='utf-8'></head><body><article>{body}</article></body></html>"
    paths[2].write_text(page, encoding="utf-8")
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(paths[3]))
    return paths


def _unguarded(cell: str) -> str:
    """A CSV cell without the apostrophe that keeps a formula-like text from running."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell


def test_every_format_is_audited_on_a_fresh_install(fresh: Path, tmp_path: Path) -> None:
    paths = _copies(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "AUDIT_MODEL_CACHE": str(tmp_path / "model-cache")}
    args = [str(fresh / "audit"), "run", str(REFERENCE), *map(str, paths), "-"]
    done = _run([*args, "--out", str(out), "--quiet"], cwd=tmp_path, env=env,
                input=DERIVATIVES[0].read_text(encoding="utf-8"))  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines()[:5]] == [
        "d.txt", "d.md", "d.html", "d.docx", "stdin",
    ]  # fmt: skip
    extracted = json.loads(
        _run([str(fresh / "python"), "-c", EXTRACT, *map(str, paths)], cwd=tmp_path).stdout
    )
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, list[tuple[str, ...]]] = {}
    for row in rows:
        found.setdefault(row["document"], []).append(tuple(row[k] for k in FINDING))
        path = str(tmp_path / row["document"])
        if path in extracted and row["start"]:  # the span is the extracted text there
            span = extracted[path][int(row["start"]) : int(row["end"])]
            assert span == _unguarded(row["span"]), row
    assert found["d.txt"]  # seed 001 has findings: the comparison below is not empty
    for name in ("d.md", "d.html", "d.docx", "stdin"):
        assert found[name] == found["d.txt"], name
