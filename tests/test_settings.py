"""AuditConfig and its TOML file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.errors import ConfigError
from audit.settings import AuditConfig, load_config


def test_defaults_without_a_file() -> None:
    assert load_config(None) == AuditConfig()


def test_toml_sets_top_level_and_align_options(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text('model = "my-model"\nter_max_words = 50\n[align]\nlink_posterior = 0.6\n')
    config = load_config(path)
    assert config.model == "my-model"
    assert config.ter_max_words == 50
    assert config.align.link_posterior == 0.6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("nonsense = 1\n", "unknown option(s) nonsense", id="unknown-key"),
        pytest.param("[align]\nbogus = 1\n", "unknown [align] option(s) bogus", id="unknown-align"),
        pytest.param("model = \n", "not valid TOML", id="bad-toml"),
    ],
)
def test_bad_files_raise_one_line_config_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        load_config(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_replace_ignores_none() -> None:
    assert AuditConfig().replace(model=None).model == AuditConfig().model
    assert AuditConfig().replace(model="x").model == "x"
