"""``import audit`` and the command line stay light: heavy libraries load when first used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = (
    "jinja2",
    "numpy",
    "onnxruntime",
    "pandas",
    "pyarrow",
    "rapidfuzz",
    "ray",
    "sacrebleu",
    "scipy",
    "sentence_transformers",
    "torch",
    "xlsxwriter",
)


def _loaded_after(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return eval(done.stdout)  # noqa: S307 - our own print of a list of names


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("import audit", id="package"),
        pytest.param("import audit.cli", id="command-line"),
        pytest.param("from audit import AuditConfig, Document, Finding", id="records"),
    ],
)
def test_no_heavy_library_is_imported(statement: str) -> None:
    assert _loaded_after(statement) == []


def test_the_pipeline_entry_points_load_on_first_use() -> None:
    assert "sacrebleu" in _loaded_after("from audit import audit_documents")
