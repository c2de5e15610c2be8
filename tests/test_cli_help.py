"""Every command has help with an example, and appears in the docs; `python -m salesctl` works."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from helpers import command_tree, run
from typer.testing import CliRunner
from salesctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


TREE = typer.main.get_command(app)
COMMANDS = [path for path, _ in command_tree(TREE)]
TOP = sorted(TREE.commands)


def test_the_tree_has_the_foundation_commands():
    paths = {" ".join(p) for p in COMMANDS}
    assert {"check", "init", "demo", "schema", "lead import", "lead set", "staff add", "review list"} <= paths


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_help_exits_0_and_has_an_example(path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Usage:" in result.stdout
    assert "Example" in result.stdout, f"`salesctl {' '.join(path)} --help` shows no example"


def test_root_help():
    result = run("--help")
    assert result.exit_code == 0
    for name in TOP:
        assert re.search(rf"^\s+{re.escape(name)}\b", result.stdout, re.M), name
    assert "Exit status" in result.stdout


def _docs_text() -> str:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file())


def _undocumented() -> list[str]:
    docs = _docs_text()
    return [name for name in TOP if not re.search(rf"salesctl(?: [-\w=./]+)* {re.escape(name)}\b", docs)]


def test_every_top_level_command_is_in_the_docs():
    missing = _undocumented()
    assert not missing, f"commands not shown in README.md or docs/*.md as `salesctl … NAME`: {', '.join(missing)}"


def test_python_m_salesctl_help():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p)}
    done = subprocess.run([sys.executable, "-m", "salesctl", "--help"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ")
    assert "check" in done.stdout and "lead" in done.stdout
    version = subprocess.run([sys.executable, "-m", "salesctl", "--version"], capture_output=True, text=True,
                             env=env, cwd=ROOT, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("salesctl ")


def test_unknown_command_is_a_usage_error():
    result = run("frobnicate")
    assert result.exit_code == 2


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--lang", "zh", "--help"], ["--quiet", "--help"]])
def test_the_root_help_built_shallow_is_the_full_one(argv):
    """`salesctl --help` is built without reading every command's signature (cli.app.shallow, for speed):
    it must print exactly what the full command tree prints."""
    from salesctl.cli.app import app, shallow, top_level_help

    assert top_level_help(argv)
    full = CliRunner().invoke(app, argv, prog_name="salesctl")
    fast = CliRunner().invoke(shallow(app), argv, prog_name="salesctl")
    assert fast.exit_code == full.exit_code == 0
    assert fast.output == full.output


def test_only_the_root_help_is_built_shallow():
    from salesctl.cli.app import top_level_help

    assert not top_level_help(["split", "--help"])
    assert not top_level_help(["--records", "x", "lead", "--help"])
    assert top_level_help(["--records", "x", "--help"]) and top_level_help([])


def test_version_is_answered_before_the_cli_is_imported():
    import subprocess
    import sys

    from helpers import checkout_env
    from salesctl import __version__

    code = "import sys, runpy; sys.argv = ['salesctl', '--version']; runpy.run_module('salesctl', run_name='__main__'); print('typer' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=checkout_env())
    assert done.stdout == f"salesctl {__version__}\nFalse\n"
