"""Small helpers that build real records folders and real git repositories for tests.

A test writes its input inline, a few lines of YAML per file, so the case reads on the page:

    root = write_records(tmp_path, {
        "staff/S-1.yaml": '''
            id: S-1
            name: 王芳
            channel: inside
            joined: 2026-01-01
        ''',
    })
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from salesctl.cli.app import app
from salesctl.loader import load
from salesctl.source import WorkTree

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Admin", "GIT_AUTHOR_EMAIL": "admin@example.com",
    "GIT_COMMITTER_NAME": "Test Admin", "GIT_COMMITTER_EMAIL": "admin@example.com",
}


CHECKOUT = Path(__file__).resolve().parents[1]


def checkout_env() -> dict:
    """The environment for a child `python -m salesctl`: this checkout's package, not whatever is installed."""
    paths = [str(CHECKOUT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def write_records(root: Path, files: dict[str, str]) -> Path:
    """Write files (path -> YAML text, dedented) under root; returns root."""
    root = Path(root)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def load_records(root: Path):
    """The Records of a records folder, as every command loads them (problems left aside)."""
    return load(WorkTree(Path(root))).records


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def make_repo(root: Path, files: dict[str, str] | None = None, message: str = "records") -> Path:
    """A real git repository at root holding files, committed."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", GIT_ENV["GIT_AUTHOR_NAME"])
    git(root, "config", "user.email", GIT_ENV["GIT_AUTHOR_EMAIL"])
    if files:
        write_records(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return root


def command_tree(cmd=None, path: tuple[str, ...] = ()):
    """(path, command) of every visible command below cmd (default: the root of the live tree), sorted, depth first."""
    import typer

    cmd = typer.main.get_command(app) if cmd is None else cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        if getattr(sub, "hidden", False):
            continue
        yield path + (name,), sub
        yield from command_tree(sub, path + (name,))


def run(*args: str, records: Path | None = None, input: str | None = None):
    """The real CLI through typer's CliRunner; stdout and stderr apart."""
    argv = (["--records", str(records)] if records is not None else []) + list(args)
    return CliRunner().invoke(app, argv, input=input, catch_exceptions=False)


# A minimal organisation that passes check: one inside team of three.
BASE = {
    "teams/T-1.yaml": """
        id: T-1
        name: 会籍一组
        leader: S-1
        department: 会籍部
        channel: inside
    """,
    "staff/S-1.yaml": """
        id: S-1
        name: 王芳
        team: T-1
        role: leader
        channel: inside
        joined: 2025-01-01
        targets: {2026-08: 50000}
        shifts: {mon: early, tue: early, wed: early, thu: early, fri: early}
    """,
    "staff/S-2.yaml": """
        id: S-2
        name: 李雷
        team: T-1
        channel: inside
        joined: 2025-03-01
        shifts: {mon: late, tue: late, wed: late, thu: late, fri: late}
    """,
    "staff/S-3.yaml": """
        id: S-3
        name: 欧阳娜娜
        team: T-1
        channel: outside
        joined: 2025-06-01
    """,
    "leads/L-0001.yaml": """
        # 老客户介绍
        id: L-0001
        name: 张三
        phone: "13800000001"
        source: walk-in
        created: 2026-08-03T10:15:00+08:00
        team: T-1
        owner: S-1
        status: contacted
        log:
          - when: 2026-08-03T10:15:00+08:00
            by: salesctl
            from: null
            to: S-1
            rule: A2
            why: walk-in rotation
    """,
}


@dataclass
class Terminal:
    """What a child `python -m salesctl` wrote: `tty` (its stderr, and its stdout with stdout_tty,
    from a real pseudo-terminal, line ends as the program wrote them), `stdout` (a pipe otherwise)."""

    status: int
    tty: str
    stdout: str


def run_on_terminal(*args: str, env: dict | None = None, stdout_tty: bool = False, timeout: float = 60) -> Terminal:
    """The real CLI in a child process with its stderr (and, with stdout_tty, its stdout) on a
    pseudo-terminal, as a person at a terminal runs it. The environment is this checkout's, with
    TERM=xterm and no NO_COLOR or SALESCTL_PROGRESS_DELAY unless `env` gives them (None: unset)."""
    import os
    import select

    base = {k: v for k, v in checkout_env().items() if k not in ("NO_COLOR", "SALESCTL_PROGRESS_DELAY")}
    base["TERM"] = "xterm"
    for k, v in (env or {}).items():
        if v is None:
            base.pop(k, None)
        else:
            base[k] = v
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "salesctl", *args], stdin=subprocess.DEVNULL,
                                stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave, env=base, cwd=CHECKOUT)
    finally:
        os.close(slave)
    got = b""
    while True:   # read the terminal until the child has closed it (EIO on Linux, or end of file)
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            raise AssertionError(f"salesctl {' '.join(args)}: no end after {timeout}s; so far {got!r}")
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    out = proc.stdout.read().decode() if proc.stdout else ""
    if proc.stdout:
        proc.stdout.close()
    status = proc.wait(timeout)
    return Terminal(status, got.decode().replace("\r\n", "\n"), out)


def cli(root: Path | None, *args: str) -> str:
    """Run the real CLI on records at root; it must succeed; its stdout, stripped."""
    result = run(*args, records=root)
    assert result.exit_code == 0, f"salesctl {' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout.strip()


def payroll(root: Path, *args: str) -> list[dict]:
    """`payout ARGS --by staff -f json --totals FILE`: the payroll file's people, then the department
    and grand totals rows of the totals file (money exact: Decimal)."""
    totals = root.parent / "payroll-totals.json"
    people = json.loads(cli(root, "payout", *args, "--by", "staff", "--format", "json", "--totals", str(totals)), parse_float=Decimal)
    assert {r["row"] for r in people} <= {"staff"}
    return people + json.loads(totals.read_text(), parse_float=Decimal)


def add(root: Path, kind: str, /, *fields: str, **named) -> str:
    """`salesctl KIND add field=value …` (a keyword's `__` is a dot: payment__taken_by); the new id."""
    return cli(root, kind, "add", *fields, *(f"{k.replace('__', '.')}={v}" for k, v in named.items()))


def preset_repo(root: Path, preset: str) -> Path:
    """`salesctl init ROOT --preset NAME`, then its example records deleted as its README says
    (「录入真实记录之前删除它们」): a new admin's empty repository for that rule book."""
    cli(None, "init", str(root), "--preset", preset)
    examples = [p for p in git(root, "ls-files").split() if "EXAMPLE" in p]
    assert len(examples) == 5
    git(root, "rm", "-q", *examples)
    git(root, "commit", "-q", "-m", "remove the example records")
    return root


def admin_env(mp, home: Path) -> None:
    """An admin's shell for the in-process CLI: a HOME of their own and the tests' git identity."""
    mp.setenv("HOME", str(home))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for k, v in GIT_ENV.items():
        mp.setenv(k, v)


# A deal that passes check: a payment taken by an inside consultant (S2 credits it).
DEAL = """\
id: D-0001
lead: L-0001
product: 年卡
amount: 3680
signed: 2026-08-10
payment: {date: 2026-08-10, taken_by: S-1}
"""
