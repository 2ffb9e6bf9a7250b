"""Every setting and option is checked in one place (``audit.settings.rules``), whatever its
source: the TOML file, the command line or the Python API. A bad value is one ``Error:`` line
naming the file and the option, exit 2, before anything is read or audited."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import audit.pipeline
from audit import Document, audit_documents
from audit.cli.options import RUN_RULES, RunOptions
from audit.errors import ConfigError, InputError
from audit.settings import AlignConfig, CheckConfig, ReadOptions, Settings, rules
from audit.testing import FakeEncoder
from tests.faults import articles, cli

TOML = [
    ('fail_under = "abc"', "fail_under (--fail-under) = 'abc' is not valid; give a number from 0 "
     "to 100"),
    ("fail_under = 101", "fail_under (--fail-under) = 101.0 is not valid; give a number from 0 "
     "to 100"),
    ("format = 5", "format (--format) = 5 is not valid; give a comma-separated list of csv, xlsx, "
     "html, json, parquet"),
    ('format = "pdf"', "unknown report format 'pdf'; use csv, xlsx, html, json, parquet"),
    ("batch_size = 0", "batch_size = 0 is not valid; give a whole number of at least 1"),
    ('quiet = "yes"', "quiet (--quiet) = 'yes' is not valid; give true or false"),
    ('fail_on = "high"', "fail_on (--fail-on) = 'high' is not valid; give one of critical, major, "
     "minor"),
    ("max_chars = -1", "max_chars (--max-chars) = -1 is not valid; give a whole number of at "
     "least 1"),
    ('encoding = "klingon"', "encoding (--encoding) = 'klingon' is not valid; give a Python codec "
     "name such as cp1252"),
    ("max_sentence_chars = 0", "max_sentence_chars = 0 is not valid; give a whole number of at "
     "least 20"),
    ("ter_max_words = -1", "ter_max_words (--ter-max-words) = -1 is not valid; give a whole number "
     "of at least 0"),
    ('disabled_checks = ["nmae"]', "disabled_checks = ('nmae',) is not valid; give a list of check "
     "names (see `audit checks`)"),
    ('disabled_checks = "name"', "disabled_checks = 'name' is not valid; give a list of check "
     "names (see `audit checks`)"),
    ('backend = "gpu"', "backend (--backend) = 'gpu' is not valid; give one of auto, onnx, torch"),
    ('device = "gpu"', "device (--device) = 'gpu' is not valid; give cpu, cuda, cuda:N or mps"),
    ("severity_overrides = { nam = \"minor\" }", "severity override for unknown check 'nam'; see "
     "`audit checks`"),
    ("align = 5", "align = 5 is not valid; give an [align] table"),
    ('[align]\nlink_posterior = "x"', "[align] link_posterior = 'x' is not valid; give a number "
     "from 0 to 1"),
    ("[align]\nmatch_weights = [1, 2]", "[align] match_weights = (1.0, 2.0) is not valid; give a "
     "list of 3 numbers"),
    ("[align]\nstay = -0.5", "[align] stay = -0.5 is not valid; give a number of at least 0"),
    ("[align]\njump = nan", "[align] jump = nan is not valid; give a number of at least 0"),
    ("[align]\nmax_span = 1.5", "[align] max_span = 1.5 is not valid; give a whole number of at "
     "least 1"),
    ("[checks]\nclose_overlap = -3", "[checks] close_overlap = -3.0 is not valid; give a "
     "number from 0 to 1"),
    ("[checks]\nduplicate_ratio = 900", "[checks] duplicate_ratio = 900.0 is not valid; give a "
     "number from 0 to 100"),
]  # fmt: skip


@pytest.fixture
def encoder_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    fake = FakeEncoder()
    monkeypatch.setattr(audit.pipeline, "create_encoder", lambda *a, **k: fake)
    return fake.calls


@pytest.mark.parametrize(("line", "message"), TOML, ids=[t[0] for t in TOML])
def test_bad_config_value_is_one_line_before_any_work(
    line: str, message: str, tmp_path: Path, encoder_calls
):
    reference, derivative = articles(tmp_path / "in")
    config = tmp_path / "audit.toml"
    config.write_text(line + "\n", encoding="utf-8")
    result = cli("run", reference, derivative, "--config", config, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {config}: {message}\n"
    assert encoder_calls == []
    assert not (tmp_path / "out").exists()


def _dir(tmp_path: Path) -> Path:
    return tmp_path


FILES = [
    pytest.param("--config", _dir, "{p}: is a directory; give a text file", id="config-dir"),
    pytest.param("--terms", _dir, "{p}: is a directory; give a text file", id="terms-dir"),
    pytest.param("--ignore", _dir, "{p}: is a directory; give a text file", id="ignore-dir"),
    pytest.param(
        "--ignore",
        lambda d: Path("/dev/zero"),
        "{p}: is a device, not a regular file; give a text file",
        id="ignore-dev-zero",
    ),
    pytest.param(
        "--config",
        lambda d: Path("/dev/zero"),
        "{p}: is a device, not a regular file; give a text file",
        id="config-dev-zero",
    ),
    pytest.param(
        "--terms",
        lambda d: d / "none.csv",
        "{p}: terms file not found; check the --terms path",
        id="terms-missing",
    ),
]


@pytest.mark.parametrize(("option", "make", "message"), FILES)
def test_bad_option_file_is_one_line_before_any_work(
    option: str, make, message: str, tmp_path: Path, encoder_calls
):
    reference, derivative = articles(tmp_path / "in")
    path = make(tmp_path)
    result = cli("run", reference, derivative, option, path, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {message.format(p=path)}\n"
    assert encoder_calls == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda: Settings(max_sentence_chars=0),
            "max_sentence_chars = 0 is not valid; give a whole number of at least 20",
            id="settings",
        ),
        pytest.param(
            lambda: AlignConfig(link_posterior=2),
            "[align] link_posterior = 2.0 is not valid; give a number from 0 to 1",
            id="align",
        ),
        pytest.param(
            lambda: Settings().replace(ignore=("not-an-id",)),
            "ignore = ('not-an-id',) is not valid; give a list of finding ids, 12 hex digits "
            "each, or wrong links, link:<12 hex>:<12 hex> (--ignore)",
            id="replace",
        ),
        pytest.param(
            lambda: ReadOptions(max_chars=0),
            "max_chars (--max-chars) = 0 is not valid; give a whole number of at least 1",
            id="read",
        ),
        pytest.param(
            lambda: RunOptions(batch_size=-4),
            "batch_size = -4 is not valid; give a whole number of at least 1",
            id="run",
        ),
    ],
)
def test_the_python_api_is_checked_the_same_way(make, message: str):
    with pytest.raises(ConfigError) as caught:
        make()
    assert str(caught.value) == message


def test_numbers_are_normalised_so_equal_settings_are_equal():
    assert AlignConfig(link_posterior=1, match_weights=[3, 4, 5]) == AlignConfig(
        link_posterior=1.0, match_weights=(3.0, 4.0, 5.0)
    )


@pytest.mark.parametrize(
    ("kind", "table"),
    [
        (Settings, rules.SETTINGS),
        (AlignConfig, rules.ALIGN),
        (CheckConfig, rules.CHECKS),
        (ReadOptions, rules.READ),
        (RunOptions, RUN_RULES),
    ],
)
def test_every_field_has_a_rule_and_every_default_passes(kind, table):
    assert {f.name for f in dataclasses.fields(kind)} == set(table)
    kind()


@pytest.mark.parametrize("config", [{"model": "x"}, 5, b"toml", "audit.toml"])
def test_audit_documents_refuses_a_config_that_is_not_settings(config, tmp_path: Path):
    reference, derivative = articles(tmp_path)
    with pytest.raises(ConfigError) as caught:
        audit_documents(reference, [derivative], config, encoder=FakeEncoder())
    assert str(caught.value) == (
        f"config is a {type(config).__name__}, not audit.Settings; "
        "build one with audit.Settings(...) or load_config(path)"
    )


def test_audit_documents_refuses_one_path_given_as_the_list(tmp_path: Path):
    reference, derivative = articles(tmp_path)
    with pytest.raises(InputError) as caught:
        audit_documents(reference, str(derivative), encoder=FakeEncoder())
    assert str(caught.value) == (
        "derivatives must be a list of paths or Documents, not a str; "
        f"write [{str(derivative)!r:.40}] for one"
    )


@pytest.mark.parametrize("item", [None, 5, b"bytes", {"text": "x"}])
def test_a_derivative_that_is_not_a_path_is_an_error_row(item, tmp_path: Path):
    reference, derivative = articles(tmp_path)
    result = audit_documents(reference, [derivative, item], encoder=FakeEncoder())
    assert len(result.audits) == 1
    [error] = result.errors
    assert error.message.endswith(
        f": is a {type(item).__name__}, not a path or a Document; "
        "give a file path (str or Path) or audit.Document(name, text)"
    )


def test_an_empty_document_is_not_audited(tmp_path: Path):
    reference, derivative = articles(tmp_path)
    result = audit_documents(
        reference, [derivative, Document("blank.txt", "")], encoder=FakeEncoder()
    )
    assert [e.message for e in result.errors] == [
        "blank.txt: the file is empty; give a file with the article text"
    ]
    with pytest.raises(InputError, match="only whitespace"):
        audit_documents(Document("ref.txt", " \n"), [derivative], encoder=FakeEncoder())
