"""A manifest someone else wrote reads only files under its own folder (or ``--root``), and never
``/proc``, ``/sys`` or ``/dev``: each such row is an error row naming ``--root``, the other rows
are audited, and no byte of the refused file reaches a report."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

import audit.pipeline
from audit.read import ManifestProblem, read_manifest
from audit.read.source import system_folder
from audit.testing import FakeEncoder
from tests.faults import articles, cli, snapshot

FIX = "move it there, or pass --root FOLDER with a folder that holds every file the manifest names"
NEVER = (
    "a manifest never reads /proc, /sys or /dev, whatever --root says: give the path of a document"
)


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: FakeEncoder())


def _folder(tmp_path: Path) -> Path:
    """``tmp/in/batch``: a reference and a derivative, a link leading out, a secret beside."""
    folder = tmp_path / "in" / "batch"
    articles(folder)
    (tmp_path / "in" / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "link.txt").symlink_to(tmp_path / "in" / "secret.txt")
    return folder


def _manifest(folder: Path, derivatives: list[str]) -> Path:
    path = folder / "manifest.csv"
    rows = "".join(f"reference.txt,{d}\n" for d in derivatives)
    path.write_text("reference,derivative\n" + rows, encoding="utf-8")
    return path


def _outside(folder: Path, line: int, cell: str, shown: str, link: str = "") -> str:
    leads = f" (a link to {link})" if link else ""
    return f"{folder}/manifest.csv:{line}: the derivative {cell}{leads} is outside {shown}; {FIX}"


HOSTILE_ROWS = [
    pytest.param("/etc/passwd", "outside", id="absolute"),
    pytest.param("../../../../../../etc/passwd", "outside", id="dot-dot"),
    pytest.param("../secret.txt", "outside", id="parent-folder"),
    pytest.param("link.txt", "link", id="symlink-out"),
    pytest.param("/proc/self/maps", "/proc", id="proc"),
    pytest.param("/proc/self/environ", "/proc", id="proc-environ"),
    pytest.param("/sys/kernel/mm/transparent_hugepage/enabled", "/sys", id="sys"),
    pytest.param("/dev/zero", "/dev", id="dev"),
    pytest.param("/dev/stdin", "system", id="dev-stdin"),  # a link to whatever fd 0 is
]


def _expected(folder: Path, cell: str, kind: str) -> str:
    real = os.path.realpath(folder)
    if kind == "outside":
        return _outside(folder, 3, cell, f"the manifest's folder ({real})")
    if kind == "link":
        link = os.path.realpath(folder / cell)
        return _outside(folder, 3, cell, f"the manifest's folder ({real})", link)
    top = system_folder(Path(cell)) if kind == "system" else kind
    return f"{folder}/manifest.csv:3: the derivative {cell} lies in {top}; {NEVER}"


@pytest.mark.parametrize(("cell", "kind"), HOSTILE_ROWS)
def test_a_row_outside_the_manifest_folder_is_an_error_row(cell: str, kind: str, tmp_path: Path):
    folder = _folder(tmp_path)
    manifest = _manifest(folder, ["derivative.txt", cell])
    inputs = snapshot(tmp_path / "in")
    out = tmp_path / "out"
    result = cli("batch", manifest, "--out", out, "--format", "csv,json,html")
    assert result.exit_code == 2, result.output
    message = _expected(folder, cell, kind)
    assert result.stderr.splitlines() == [f"Error: {message}"]
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [(r["document"], r["status"], r["message"]) for r in csv.DictReader(handle)]
    assert rows == [("derivative.txt", "ok", ""), ("manifest.csv:3", "error", message)]
    for report in (p for p in out.rglob("*") if p.is_file()):  # reports and saved audits
        text = report.read_text(encoding="utf-8", errors="replace")
        assert "root:x:0:0" not in text and "/bin/bash" not in text, report.name
    assert snapshot(tmp_path / "in") == inputs


def test_root_allows_a_folder_above_and_still_refuses_proc(tmp_path: Path):
    folder = _folder(tmp_path)
    (tmp_path / "in" / "other.txt").write_text("Another article.\n")
    manifest = _manifest(folder, ["../other.txt", "link.txt", "/proc/self/maps"])
    rows, problems = read_manifest(manifest, root=tmp_path / "in")
    assert [r.derivative.name for r in rows] == ["other.txt", "link.txt"]
    assert problems == [
        ManifestProblem(4, f"{manifest}:4: the derivative /proc/self/maps lies in /proc; {NEVER}")
    ]
    _, problems = read_manifest(manifest, root=Path("/"))
    assert [p.line for p in problems] == [4]  # --root / reads anything but /proc, /sys, /dev


def test_root_option_names_itself_in_the_message(tmp_path: Path):
    folder = _folder(tmp_path)
    manifest = _manifest(folder, ["derivative.txt", "/etc/hostname"])
    result = cli("batch", manifest, "--out", tmp_path / "out", "--root", folder)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: " + _outside(folder, 3, "/etc/hostname", f"--root {folder}")
    ]


def test_a_reference_outside_is_refused_on_its_rows(tmp_path: Path):
    folder = _folder(tmp_path)
    manifest = folder / "manifest.csv"
    manifest.write_text("reference,derivative\n../secret.txt,derivative.txt\n", encoding="utf-8")
    result = cli("batch", manifest, "--out", tmp_path / "out")
    assert result.exit_code == 2
    real = os.path.realpath(folder)
    assert result.stderr.splitlines() == [
        f"Error: {manifest}:2: the reference ../secret.txt is outside the manifest's folder "
        f"({real}); {FIX}",
        f"No derivative could be audited: no report was written to {tmp_path / 'out'}",
    ]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/proc/self/maps", id="proc"),
        pytest.param("/proc/self/status", id="proc-status"),
        pytest.param("/sys/kernel/mm/transparent_hugepage/enabled", id="sys"),
    ],
)
def test_run_never_reads_a_system_file(path: str, tmp_path: Path):
    """``audit run`` reads what the user names, but not the kernel's files."""
    reference, _ = articles(tmp_path / "in")
    top = "/" + path.split("/")[1]
    result = cli("run", reference, path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}: is a system file ({top}), not a document; give a text file"
    )
