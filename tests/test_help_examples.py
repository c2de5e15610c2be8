"""The examples in the help run on the demo (issue 13 item 5): every `Example:` line of every
command's --help is run as written, by bash, with `salesctl` the real CLI of this checkout, in a
fresh git copy of `salesctl demo`; no placeholders, one example per line, every command has one.

Examples that only read run on shared git copies (one per worker, two at a time), and must leave
the copy as they found it; an example that writes (a write command without --dry-run, or output
into the folder it runs in) runs in its own `git clone`. An output path under /tmp/ goes to the
example's tmp folder instead, ~ is a home folder of the test's, and an input file an example
names (INPUTS) is written next to the records before it runs.
"""
from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import GIT_ENV, checkout_env, command_tree, git, run

COMMANDS = list(command_tree())
PLACEHOLDERS = ("…", "...", "FIELD=VALUE", " ID ", "<", "YYYY")
# Files an example names as the user's own input: written next to the records before it runs.
INPUTS = {
    "十月活动.csv": "name,phone,source,created\n"
                   "韩梅梅,13900000101,campaign,2026-10-20T10:00:00+08:00\n"
                   "李磊,13900000102,campaign,2026-10-21T11:30:00+08:00\n",
}


def example_lines(text: str) -> list[str]:
    return [line.strip()[len("Example:"):].strip() for line in text.splitlines() if line.strip().startswith("Example:")]


def raw_help(cmd) -> str:
    return cmd.help or ""


def shown_help(path) -> str:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.stderr
    return result.stdout


# Each example once (a group's help shows one of its commands' examples), with the command it belongs to.
EXAMPLES: dict[str, object] = {}
for _path, _cmd in COMMANDS:
    for _ex in example_lines(raw_help(_cmd)):
        EXAMPLES.setdefault(_ex, _cmd)


def leaf(example: str):
    """The command an example runs: its command path in the tree, after `salesctl` and root options."""
    from typer.main import get_command

    from salesctl.cli.app import app

    cmd = get_command(app)
    words = example.split()
    i = 1
    while i < len(words):
        w = words[i]
        if w in ("--records", "-R", "--at", "--lang"):
            i += 2
            continue
        sub = getattr(cmd, "commands", {}).get(w)
        if w.startswith("-") or sub is None:
            break
        cmd, i = sub, i + 1
    return cmd


def first_command(example: str) -> str:
    """The first command line of a chain (`a && b`): the one whose kind decides where it runs."""
    return re.split(r"&&|\|\||;|\|", example)[0]


def writes(example: str) -> bool:
    """An example that changes the records, or writes a file where it runs (`> FILE`, `--write DIR`):
    a write command (it has --no-commit) without --dry-run, or shell output into the records folder."""
    cmd = leaf(first_command(example))
    writer = any("--no-commit" in getattr(p, "opts", ()) for p in cmd.params) and "--dry-run" not in example
    return writer or ">" in example or "--write" in example


def allowed_statuses(example: str) -> set[int]:
    """0; and a --check example also the status its command's help documents for "with --check N"
    (plan overdue, review status: 1 when something is overdue or missing, by design, for cron)."""
    statuses = {0}
    if "--check" in example.split():
        documented = re.search(r"with --check (\d+)", raw_help(leaf(example)))
        if documented:
            statuses.add(int(documented.group(1)))
    return statuses


# ----------------------------------------------------------------------------- the help itself
@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_an_example(path, cmd):
    assert example_lines(raw_help(cmd)), f"`salesctl {' '.join(path)} --help` has no `Example:` line"


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_each_example_is_one_line_of_the_help_shown(path, cmd):
    """In the source an example is one line (the line after it is another example or the end of the
    paragraph), and --help shows it as that one line, unwrapped, one example per line."""
    for para in raw_help(cmd).split("\n\n"):
        lines = [line.strip() for line in para.strip().splitlines()]
        for line, after in zip(lines, lines[1:]):
            if line.startswith("Example:"):
                assert after.startswith("Example:"), f"{' '.join(path)}: the example {line!r} goes on: {after!r}"
    shown = [line.strip() for line in shown_help(path).splitlines()]
    for ex in example_lines(raw_help(cmd)):
        assert f"Example: {ex}" in shown, f"`salesctl {' '.join(path)} --help` does not show {ex!r} on one line"


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_the_chinese_help_shows_the_same_examples(path, cmd):
    """The translation keeps each example as written (a command line is not translated), one a line."""
    result = run("--lang", "zh", *path, "--help")
    shown = [line.strip() for line in result.stdout.splitlines()]
    for ex in example_lines(raw_help(cmd)):
        assert f"示例: {ex}" in shown, f"`salesctl --lang zh {' '.join(path)} --help` does not show {ex!r} on one line"


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_no_placeholders(example):
    assert example.startswith("salesctl ")
    for p in PLACEHOLDERS:
        assert p not in f" {example} ", f"{example!r}: placeholder {p!r}; write a command that runs on the demo"


# ----------------------------------------------------------------------------- running them
@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A bin folder with `salesctl` (this checkout's CLI), a home, and a git copy of the demo records."""
    top = tmp_path_factory.mktemp("examples")
    bin_ = top / "bin"
    bin_.mkdir()
    wrapper = bin_ / "salesctl"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m salesctl "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    home = top / "home"
    home.mkdir()
    env = {**checkout_env(), **GIT_ENV, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "SALESCTL_LANG": "en",
           "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "200"}
    for var in ("SALESCTL_RECORDS", "SALESCTL_AUTHOR", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(var, None)
    shared = top / "demo"
    done = subprocess.run(["salesctl", "demo", str(shared)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    git(shared, "config", "user.name", GIT_ENV["GIT_AUTHOR_NAME"])
    git(shared, "config", "user.email", GIT_ENV["GIT_AUTHOR_EMAIL"])
    return top, env, shared


READS = [ex for ex in EXAMPLES if not writes(ex)]
WRITES = [ex for ex in EXAMPLES if writes(ex)]


def run_example(example: str, cwd: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    line = example.replace("/tmp/", f"{out}/")
    for name, text in INPUTS.items():
        if name in line.split():
            (cwd / name).write_text(text, encoding="utf-8")
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def read_only(example: str, copies: queue.Queue, out: Path, env: dict) -> tuple[subprocess.CompletedProcess, str]:
    """Run on one of the shared copies, then put it back as it was; also say what the example changed there."""
    copy = copies.get()
    try:
        head = git(copy, "rev-parse", "HEAD").strip()
        done = run_example(example, copy, out, env)
        changed = git(copy, "status", "--porcelain") + ("new commit" if git(copy, "rev-parse", "HEAD").strip() != head else "")
        git(copy, "reset", "-q", "--hard", head)   # the next example reads the demo as it was, whatever this one did
        git(copy, "clean", "-q", "-fdx")
        return done, changed
    finally:
        copies.put(copy)


def on_its_own_copy(example: str, shared: Path, out: Path, env: dict) -> tuple[subprocess.CompletedProcess, str]:
    copy = out / "records"
    git(out, "clone", "-q", str(shared), str(copy))
    return run_example(example, copy, out, env), ""


@pytest.fixture(scope="module")
def ran(bench, request, tmp_path_factory):
    """Every example the session selected, run once, two at a time (one shared copy each for the read-only ones)."""
    top, env, shared = bench
    runs = ("test_a_read_only_example_runs_on_the_demo", "test_a_write_example_runs_on_its_own_copy")
    wanted = {item.callspec.params["example"] for item in request.session.items if getattr(item, "originalname", None) in runs}
    workers = max(1, min(4, os.cpu_count() or 1))
    copies: queue.Queue = queue.Queue()
    for i in range(workers):
        copy = top / f"shared-{i}"
        git(top, "clone", "-q", str(shared), str(copy))
        copies.put(copy)
    with ThreadPoolExecutor(workers) as pool:
        futures = {ex: pool.submit(read_only if ex in READS else on_its_own_copy, ex,
                                   copies if ex in READS else shared, tmp_path_factory.mktemp("example"), env)
                   for ex in EXAMPLES if ex in wanted}
        return {ex: f.result() for ex, f in futures.items()}


def _ran_well(example: str, done: subprocess.CompletedProcess) -> None:
    assert done.returncode in allowed_statuses(example), \
        f"{example}\nexit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr}"


@pytest.mark.parametrize("example", READS)
def test_a_read_only_example_runs_on_the_demo(example, ran):
    done, changed = ran[example]
    _ran_well(example, done)
    assert not changed, f"{example}: changed the records folder ({changed.strip()}); it is a write example"


@pytest.mark.parametrize("example", WRITES)
def test_a_write_example_runs_on_its_own_copy(example, ran):
    _ran_well(example, ran[example][0])
