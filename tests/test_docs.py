"""The README documents every CLI command and every setting, and keeps the two-command quick start."""

from __future__ import annotations

import re

import pytest

import api.settings  # noqa: F401  (declares the API's settings)
from api.cli import cli
from ingest.settings import SETTINGS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_cli_command_is_documented(command: str):
    assert re.search(rf"saksgraf(\s+--[\w-]+\s+\S+)*\s+{command}\b", README), f"README lacks `saksgraf {command}`"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented(name: str):
    setting = SETTINGS[name]
    assert setting.env in README, f"README lacks {setting.env}"
    assert setting.option in README, f"README lacks {setting.option}"


def test_quick_start_is_two_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quick, flags=re.M)
    assert commands == ["make run", "make test"]


def test_makefile_targets_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("install", "run", "test", "bench"):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
