"""The resume store checks a state file before reusing it: its digest, that it is whole, that it
can be parsed at all. Anything else is audited again (and said once), never a traceback, and the
reports are those of a fresh run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import audit.pipeline
from audit.cli import app
from audit.engine.state import STATE_DIR, StateStore
from audit.errors import AuditWarning
from audit.pipeline import audit_documents
from audit.records import Document, DocumentAudit
from audit.testing import FakeEncoder
from tests.faults import DERIVATIVE_TEXT, REFERENCE_TEXT, articles, snapshot

DAMAGED = (
    "a saved audit was damaged (it does not match its digest or cannot be read) and was "
    "audited again"
)


@pytest.fixture
def saved(tmp_path: Path) -> tuple[StateStore, str, DocumentAudit]:
    reference, derivative = Document("r.txt", REFERENCE_TEXT), Document("d.txt", DERIVATIVE_TEXT)
    result = audit_documents(reference, [derivative], encoder=FakeEncoder())
    store = StateStore(tmp_path / STATE_DIR)
    key = StateStore.key("settings", reference, derivative)
    store.save(key, result.audits[0])
    assert result.audits[0].findings  # the fixture has findings to remove
    return store, key, result.audits[0]


def _rewrite(path: Path, change: Callable[[dict], dict], digest: bool) -> None:
    """Change the stored audit; with ``digest``, write a digest that matches the change."""
    head, _, body = path.read_bytes().partition(b"\n")
    new = json.dumps(change(json.loads(body)), ensure_ascii=False).encode()
    header = json.loads(head)
    if digest:
        header["sha256"] = hashlib.sha256(new).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + new)


def _no_findings(audit: dict) -> dict:
    return {**audit, "findings": []}


DAMAGE: list = [
    pytest.param(lambda p: _rewrite(p, _no_findings, digest=False), id="findings-removed"),
    pytest.param(
        lambda p: _rewrite(p, _no_findings, digest=True), id="findings-removed-redigested"
    ),
    pytest.param(lambda p: p.write_bytes(p.read_bytes()[:-40]), id="cut-short"),
    pytest.param(lambda p: p.write_bytes(b"[" * 200_000 + b"]" * 200_000), id="200000-deep"),
    pytest.param(
        lambda p: p.write_bytes(p.read_bytes().split(b"\n")[0] + b"\n" + b"[" * 200_000),
        id="deep-body",
    ),
    pytest.param(lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), id="binary"),
    pytest.param(lambda p: p.write_bytes(b'{"format": 2, "sha256": 5}\n{}'), id="bad-header"),
    pytest.param(lambda p: p.write_bytes(b'"format"\n{}'), id="header-not-an-object"),
]


def test_a_saved_audit_is_reused_as_it_was(saved) -> None:
    store, key, audit = saved
    again = StateStore(store.folder, resume=True)
    assert again.load(key) == audit


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_state_file_is_audited_again_with_one_warning(damage, saved) -> None:
    store, key, _ = saved
    damage(store.folder / f"{key}.json")
    again = StateStore(store.folder, resume=True)
    with pytest.warns(AuditWarning) as caught:
        assert again.load(key) is None
    assert [str(w.message) for w in caught] == [f"{store.folder}: {DAMAGED}"]
    assert again.reused == 0


def test_an_older_release_state_file_is_audited_again_without_a_warning(saved, recwarn) -> None:
    store, key, _ = saved
    (store.folder / f"{key}.json").write_text('{"format": 1, "audit": {}}', encoding="utf-8")
    assert StateStore(store.folder, resume=True).load(key) is None
    assert [w for w in recwarn if issubclass(w.category, AuditWarning)] == []


def test_resume_with_a_tampered_state_file_gives_the_reports_of_a_fresh_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI: findings removed from one saved audit (its digest left alone, as an editor
    would), ``--resume`` audits it again: exit 0, one warning, the same reports as the first
    run (before: findings.csv lost them while summary.csv still counted them)."""
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: FakeEncoder())
    folder = tmp_path / "in"
    reference, derivative = articles(folder)
    (folder / "other.txt").write_text(DERIVATIVE_TEXT.replace("Monday", "Tuesday"))
    manifest = folder / "manifest.csv"
    manifest.write_text(
        f"reference,derivative\n{reference.name},{derivative.name}\n{reference.name},other.txt\n"
    )
    out = tmp_path / "out"
    args = ["batch", str(manifest), "--out", str(out), "--format", "csv,json"]
    assert CliRunner().invoke(app, args).exit_code == 0
    first = {k: v for k, v in snapshot(out).items() if not k.startswith(STATE_DIR)}
    for path in (out / STATE_DIR).glob("*.json"):
        _rewrite(path, _no_findings, digest=False)
        break
    resumed = CliRunner().invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stderr.splitlines() == [
        f"Warning: {out / STATE_DIR}: {DAMAGED}",
        f"Resumed 1 finished derivative(s) from {out / STATE_DIR}",
    ]
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(STATE_DIR)} == first
