"""The README and docs/ name no absolute path of the machine they were written on.

A path such as a developer's checkout, home folder or temporary folder means nothing to a reader
and leaks how one machine is laid out: documents name files relative to the project (``seeds/``,
``docs/``) or by a placeholder for what the reader brings (``MQM_TSV``). The test reads every
Markdown file of the project (README.md, CHANGELOG.md, docs/, seeds/, benchmarks/) and looks for
the paths of the machine it runs on (the checkout, the folder holding it, the home and temporary
folders) and for the forms such paths take on any machine.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERIC = re.compile(
    r"(?<![\w.~-])(?:/home/[\w.-]+|/Users/[\w.-]+|/root|/tmp|/var/tmp|/var/folders|/private/var"
    r"|/mnt/[\w.-]+|/work)(?=/|\b)|\b[A-Z]:\\(?:Users|Temp|Windows)\b",
    re.IGNORECASE,
)
"""Home, temporary and working folders in the forms they take on Linux, macOS and Windows."""


def documents() -> list[Path]:
    """The project's Markdown files (not those of an installed environment or a build)."""
    skip = {".venv", ".git", "build", "node_modules", "reports"}
    return sorted(p for p in ROOT.rglob("*.md") if not skip & set(p.relative_to(ROOT).parts[:-1]))


def this_machine() -> list[str]:
    """The absolute folders of the machine running the test that a document could name."""
    folders = {ROOT, ROOT.parent, Path.home(), Path(tempfile.gettempdir())}
    return sorted({str(f) for f in folders if len(f.parts) > 1}, key=len, reverse=True)


def machine_paths(text: str, folders: list[str]) -> list[str]:
    """Each absolute machine path in ``text``: one of ``folders`` (followed by a separator or
    the end of the path) or a generic home, temporary or working folder."""
    found = [m.group(0) for m in GENERIC.finditer(text)]
    taken: set[int] = set()  # where a longer folder matched: its parent is not counted again
    for folder in sorted(folders, key=len, reverse=True):
        pattern = re.escape(folder) + r"(?=[/\\\s`'\")\]]|$)"
        for m in re.finditer(pattern, text):
            if m.start() not in taken:
                found.append(m.group(0))
                taken.add(m.start())
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("run benchmarks/x.py /work/shared/bench/mqm.tsv", ["/work"], id="work"),
        pytest.param("see /home/ana/audit/docs", ["/home/ana"], id="home"),
        pytest.param("parts go to /tmp/audit-parts-x", ["/tmp"], id="tmp"),
        pytest.param(r"C:\Users\ana\audit", [r"C:\Users"], id="windows"),
        pytest.param("/srv/build/audit/seeds", ["/srv/build/audit"], id="checkout"),
        pytest.param("/srv/build/other-checkout/x", ["/srv/build"], id="beside-checkout"),
        pytest.param("audit seeds/ reports/ docs/scale.md ../shared/x.tsv", [], id="relative"),
        pytest.param("a device (/dev/zero, /dev/urandom) is refused", [], id="devices"),
        pytest.param("TMPDIR, $XDG_CACHE_HOME/audit, ~/.cache/audit", [], id="variables"),
    ],
)
def test_machine_paths_are_found(text: str, expected: list[str]) -> None:
    folders = ["/srv/build/audit", "/srv/build"]
    assert sorted(set(machine_paths(text, folders))) == sorted(expected)


def test_the_documents_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in documents()}
    assert {"README.md", "CHANGELOG.md", "docs/reports.md"} <= names


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_document_names_a_machine_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = machine_paths(text, this_machine())
    assert found == [], f"{path.name} names a path of one machine: {found}; make it relative"
