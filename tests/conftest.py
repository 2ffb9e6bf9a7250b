"""Shared fixtures: the real embedding model (loaded once per test session) and the seeds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

from audit.embed import Encoder, create_encoder
from audit.pipeline import audit_documents
from audit.records import AuditResult
from audit.settings import AuditConfig

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REFERENCE = SEEDS / "000_f9f4761fe1795f31.txt"
DERIVATIVES = sorted(p for p in SEEDS.glob("00[1-9]_*.txt"))


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real default model (all-MiniLM-L6-v2 from its PyPI package), shared by all tests."""
    return create_encoder()


@pytest.fixture(scope="session")
def seed_result(encoder: Encoder) -> AuditResult:
    """The audit of the four seed derivatives against the seed reference, with the real model."""
    return audit_documents(REFERENCE, DERIVATIVES, AuditConfig(), encoder=encoder)


@pytest.fixture(scope="session")
def seed_audits(seed_result: AuditResult) -> dict[str, object]:
    """Seed audits by the three-digit prefix of the file name ("001" ... "004")."""
    return {a.derivative.document.name[:3]: a for a in seed_result.audits}


def unavailable(message: str, require_variable: str) -> NoReturn:
    """A real part the test needs is missing: fail where ``make test`` requires it (the
    variable is set), else skip with the message."""
    if os.environ.get(require_variable):
        pytest.fail(message)
    pytest.skip(message)


TRANSLATIONS = ROOT / "tests" / "data" / "translation"
"""Small originals and their translations written for the tests (en -> de, zh -> en)."""


@pytest.fixture(scope="session")
def use_encoder() -> Encoder:
    """The multilingual encoder of translations (the ``multilingual`` extra): skipped when it
    is missing, failed where ``make test`` requires it (``AUDIT_REQUIRE_MULTILINGUAL=1``)."""
    from audit.embed.multilingual import create_cross_encoder, use_available

    if not use_available():
        unavailable(
            "the multilingual extra is not installed; run pip install -e '.[multilingual]'",
            "AUDIT_REQUIRE_MULTILINGUAL",
        )
    return create_cross_encoder(AuditConfig())
