"""Report fixtures: the seed batch and a small batch of hostile text (formulas, markup)."""

from __future__ import annotations

import pytest

from audit.embed import Encoder
from audit.pipeline import audit_documents
from audit.records import AuditResult, BatchResult, Document
from audit.settings import AuditConfig

HOSTILE_REFERENCE = (
    '=HYPERLINK("http://example.invalid","click me") The minister met the press on Monday.\n\n'
    "+1 for the plan, said the mayor of Springfield.\n\n"
    "The council approved the budget of 5 million euros."
)
HOSTILE_DERIVATIVE = (
    '=HYPERLINK("http://example.invalid","click me") The minister met reporters on Monday.\n\n'
    "+1 for the plan, said the mayor of Springfeld.\n\n"
    '<script>document.title="pwned"</script> The council approved the budget of 6 million euros.'
)


@pytest.fixture(scope="session")
def seed_batch(seed_result: AuditResult) -> BatchResult:
    """The seed audit as a batch (what the CLI hands to the writers)."""
    return BatchResult(results=(seed_result,))


@pytest.fixture(scope="session")
def hostile_batch(encoder: Encoder) -> BatchResult:
    """A derivative whose text starts with a formula, a plus sign, and holds a script tag."""
    result = audit_documents(
        Document("=ref.txt", HOSTILE_REFERENCE),
        [Document("+deriv<b>.txt", HOSTILE_DERIVATIVE)],
        AuditConfig(),
        encoder=encoder,
    )
    return BatchResult(results=(result,))
