"""The `saksgraf` CLI: subcommands exist, the data directory setting is honoured, exit codes mean something."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from api.cli import cli
from tests.conftest import SAMPLE

SUBCOMMANDS = {"ingest", "export", "search", "ask", "sparql", "serve", "stats"}


def test_all_subcommands_exist():
    assert SUBCOMMANDS <= set(cli.commands)


def test_ingest_then_stats_json(tmp_path: Path):
    runner = CliRunner()
    data = tmp_path / "d"
    result = runner.invoke(cli, ["--data-dir", str(data), "ingest", "--quiet", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--data-dir", str(data), "stats", "--json"])
    figures = json.loads(result.output)
    assert figures["sources"] == 5
    assert figures["pages"] >= 5


def test_data_dir_from_environment(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SAKSGRAF_DATA_DIR", str(tmp_path / "env-dir"))
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", "--quiet", str(SAMPLE / "000_824d8ef9d1ff4430.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-dir" / "documents.sqlite").exists()


def test_failed_file_gives_nonzero_exit_but_keeps_others(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    runner = CliRunner()
    data = tmp_path / "d"
    result = runner.invoke(
        cli,
        ["--data-dir", str(data), "ingest", "--json", str(empty), str(SAMPLE / "003_cc85d8bd5f71d5f5.txt")],
    )
    assert result.exit_code == 1
    summary = json.loads(result.output)
    by_name = {f["name"]: f for f in summary["files"]}
    assert by_name["empty.txt"]["status"] == "error"
    assert "empty" in by_name["empty.txt"]["error"]
    assert by_name["003_cc85d8bd5f71d5f5.txt"]["status"] == "added"


def test_later_subcommands_say_not_yet_available():
    result = CliRunner().invoke(cli, ["search", "barnehage"])
    assert result.exit_code != 0


def test_installed_script_runs():
    exe = Path(sys.executable).parent / "saksgraf"
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, env=os.environ)
    assert out.returncode == 0
    for name in SUBCOMMANDS:
        assert name in out.stdout
