"""The per-user model cache: where it is, what `audit models` lists and removes, and that a run
from any folder writes nothing there and reuses the cached ONNX export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.embed.store import CACHE_ENV, export_dir, exports, model_cache, write_source

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "seeds" / "000_f9f4761fe1795f31.txt"
DERIVATIVE = ROOT / "seeds" / "001_bab7ab19f59dc562.txt"


def test_cache_location_follows_the_variable_then_xdg_then_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert model_cache() == tmp_path / "home" / ".cache" / "audit"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec says absolute only
    assert model_cache() == tmp_path / "home" / ".cache" / "audit"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert model_cache() == tmp_path / "xdg" / "audit"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert model_cache() == tmp_path / "mine"
    assert export_dir("53aa51172d14") == tmp_path / "mine" / "onnx" / "53aa51172d14"


def fake_export(weights: str, model: str) -> Path:
    folder = export_dir(weights)
    folder.mkdir(parents=True)
    (folder / "model.onnx").write_bytes(b"x" * 1000)
    write_source(folder, Path(model))
    return folder


def test_models_list_and_remove(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "elsewhere"))
    runner = CliRunner()
    cache = ["--model-cache", str(tmp_path / "cache")]
    empty = runner.invoke(app, ["models", "list", *cache])
    assert empty.exit_code == 0 and "no exports yet" in empty.stdout
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    first = fake_export("aaaa00000001", "/models/one")
    fake_export("bbbb00000002", "/models/two")
    listed = runner.invoke(app, ["models", "list", *cache])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[1].split() == ["weights", "MB", "model"]
    assert "aaaa00000001" in listed.stdout and "/models/two" in listed.stdout
    removed = runner.invoke(app, ["models", "remove", "aaaa", *cache])
    assert removed.exit_code == 0, removed.output
    assert not first.exists() and [e.weights for e in exports()] == ["bbbb00000002"]
    unknown = runner.invoke(app, ["models", "remove", "cccc", *cache])
    assert unknown.exit_code == 2
    assert "'cccc' is no export" in unknown.stderr and "bbbb00000002" in unknown.stderr
    everything = runner.invoke(app, ["models", "remove", "--all", *cache])
    assert everything.exit_code == 0 and exports() == []


def run_from(folder: Path, env: dict[str, str]) -> None:
    folder.mkdir()
    command = [sys.executable, "-m", "audit", "run", str(REFERENCE), str(DERIVATIVE), "-q"]
    done = subprocess.run(
        [*command, "-o", str(folder.parent / f"{folder.name}-reports")],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert list(folder.iterdir()) == [], "the run wrote into the folder it was started from"


@pytest.mark.slow
def test_a_run_from_an_empty_folder_writes_nothing_there_and_reuses_the_export(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != CACHE_ENV}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    run_from(tmp_path / "first", env)
    exports = sorted((tmp_path / "xdg" / "audit" / "onnx").iterdir())
    (onnx,) = [e for e in exports if not e.name.startswith("judge-")]  # and the meaning judge's
    made = (onnx / "model.onnx").stat()
    memos = sorted((tmp_path / "xdg" / "audit" / "hashes").iterdir())
    assert memos, "the weight hash is remembered in the cache"
    run_from(tmp_path / "second", env)
    assert sorted((tmp_path / "xdg" / "audit" / "onnx").iterdir()) == exports
    again = (onnx / "model.onnx").stat()
    assert (again.st_ino, again.st_mtime_ns) == (made.st_ino, made.st_mtime_ns)  # not re-exported
    assert sorted((tmp_path / "xdg" / "audit" / "hashes").iterdir()) == memos
