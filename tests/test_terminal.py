"""Habits of a good command-line tool at a terminal (issue 13 item 5): progress on stderr while many
files are read and checked, colour for `error:` and `warning:` — only on a real terminal (a
pseudo-terminal here), never in a pipe, a file, with NO_COLOR or TERM=dumb."""
from __future__ import annotations

import pytest

from helpers import BASE, DEAL, make_repo, run_on_terminal, write_records

ESC = "\x1b["
RED, YELLOW = "\x1b[31m", "\x1b[33m"

# many small files, so the loader has something to count
MANY = {**BASE, **{f"leads/L-{n:04d}.yaml": f"""
        id: L-{n:04d}
        name: 客户{n}
        phone: "1380000{n:04d}"
        source: phone
        created: 2026-08-03T10:15:00+08:00
        team: T-1
        status: new
    """ for n in range(2, 40)}}

# one error and one warning
BAD = {
    **BASE,
    "staff/S-9.yaml": """
        id: S-9
        name: 无名
    """,
    "notes/todo.yaml": "a: 1\n",
}


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return make_repo(tmp_path_factory.mktemp("many") / "r", {**MANY, "deals/2026-08/D-0001.yaml": DEAL})


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return write_records(tmp_path_factory.mktemp("bad") / "r", BAD)


NOW = {"SALESCTL_PROGRESS_DELAY": "0"}


def test_check_shows_progress_on_the_terminal_and_clears_it(many):
    t = run_on_terminal("-R", str(many), "check", env=NOW)
    assert t.status == 0
    assert "\rreading records… 0/44" in t.tty and "\rchecking records… 0/" in t.tty
    # the line is cleared (spaces, then back to the start) before the summary is printed
    before, summary = t.tty.rsplit("\r", 1)
    assert summary == "44 files checked: 0 error(s), 0 warning(s)\n"
    assert before.endswith("\r" + " " * len("checking records… 0/14"))
    assert t.stdout == ""


def test_progress_waits_a_second_by_default(many):
    t = run_on_terminal("-R", str(many), "check")
    assert "records…" not in t.tty and "\r" not in t.tty


def test_progress_is_in_the_language_of_the_command(many):
    t = run_on_terminal("-R", str(many), "--lang", "zh", "check", env=NOW)
    assert "\r读取记录… 0/44" in t.tty and "\r检查记录… 0/" in t.tty


def test_no_progress_and_no_escape_codes_in_a_pipe(bad, tmp_path):
    import subprocess
    import sys

    from helpers import CHECKOUT, checkout_env

    env = {**checkout_env(), "SALESCTL_PROGRESS_DELAY": "0", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    p = subprocess.run([sys.executable, "-m", "salesctl", "-R", str(bad), "check"], capture_output=True, text=True, env=env, cwd=CHECKOUT)
    assert p.returncode == 1
    assert "staff/S-9.yaml:1: error: missing required field channel" in p.stdout
    assert "notes/todo.yaml:1: warning: not a records file" in p.stdout
    for text in (p.stdout, p.stderr):
        assert ESC not in text and "\r" not in text and "records…" not in text


def test_no_progress_with_quiet(many):
    t = run_on_terminal("-R", str(many), "--quiet", "check", env=NOW)
    assert t.status == 0 and t.tty == ""


def test_errors_and_warnings_in_colour_on_the_terminal(bad):
    t = run_on_terminal("-R", str(bad), "check", stdout_tty=True)
    assert t.status == 1
    assert f"staff/S-9.yaml:1: {RED}" in t.tty and f"notes/todo.yaml:1: {YELLOW}" in t.tty
    assert "2 error(s), 1 warning(s)" in t.tty


def test_a_command_s_error_on_stderr_is_red(many):
    t = run_on_terminal("-R", str(many), "lead", "show", "L-9999")
    assert t.status == 5 and t.tty.startswith(f"salesctl: {RED}")


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR=1", "TERM=dumb"])
def test_no_colour_with_no_color_or_a_dumb_terminal(bad, env):
    t = run_on_terminal("-R", str(bad), "check", stdout_tty=True, env=env)
    assert t.status == 1 and ESC not in t.tty
    assert "staff/S-9.yaml:1: error: missing required field channel" in t.tty
    shown = run_on_terminal("-R", str(bad), "lead", "show", "L-9999", env=env)
    assert shown.tty.startswith("salesctl: error:") and ESC not in shown.tty


def test_an_empty_no_color_is_not_set(bad):
    t = run_on_terminal("-R", str(bad), "check", stdout_tty=True, env={"NO_COLOR": ""})
    assert RED in t.tty


def test_a_result_file_never_gets_colour(tmp_path):
    root = write_records(tmp_path / "r", {**BASE, "notes/todo.yaml": "a: 1\n"})
    out = tmp_path / "check.txt"
    t = run_on_terminal("-R", str(root), "check", "-o", str(out), stdout_tty=True)
    assert t.status == 0 and t.tty == "6 files checked: 0 error(s), 1 warning(s)\n"
    assert out.read_text() == ("notes/todo.yaml:1: warning: not a records file (known folders: activity, attendance, deals, "
                               "departments, events, leads, plans, reviews, staff, teams, trainings, visits); ignored\n")


def test_a_write_shows_progress_then_its_line_on_a_clean_terminal(tmp_path):
    root = make_repo(tmp_path / "r", MANY)
    t = run_on_terminal("-R", str(root), "lead", "set", "L-0002", "status=contacted", env=NOW)
    assert t.status == 0, t.tty
    assert "\rreading records… 0/" in t.tty and "\rchecking records… 0/" in t.tty
    assert t.tty.rsplit("\r", 1)[1].startswith("lead set: L-0002 status new -> contacted [")


def test_close_dry_run_shows_progress(many):
    # without the cache: an earlier test's check of the same records would be reused, and nothing checked
    t = run_on_terminal("-R", str(many), "close", "--month", "2026-08", "--dry-run", env={**NOW, "SALESCTL_CACHE": "off"})
    assert t.status == 0, t.tty
    assert "\rreading records… 0/" in t.tty and "\rchecking records… 0/" in t.tty
    assert "# " in t.stdout and ESC not in t.stdout
