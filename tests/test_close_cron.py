"""Cron-safe month-end (issue 15, part 4), on real git repositories and the real CLI:

- `close` refuses a period that has not ended in the business time zone (exit 2, naming today
  there and the period's last day) unless `--early --why`, whose reason the commit and the tag keep;
- it warns when earlier months are still open;
- `--author` / SALESCTL_AUTHOR is the author, committer and tagger, so a write works under `env -i`
  with an empty HOME (a real child process);
- the uncommitted-changes message names the files;
- a close whose tag could not be made (a real stale ref lock) stops with exit 4 saying so, `check`
  reports the month, and the next `close` makes the tag on the commit already made;
- a close interrupted between writing its reports and committing them is redone by the next one.

"Now" is SALESCTL_NOW (cli.common.clock, the one place a command reads the clock).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BASE, CHECKOUT, checkout_env, git, make_repo, run
from test_month_end import DEALS

AUGUST = {
    "deals/2026-08/D-0003.yaml": """
        id: D-0003
        lead: L-0001
        kind: new
        product: 月卡
        amount: 300
        signed: 2026-08-20
        payment: {date: 2026-08-20, taken_by: S-1}
    """,
}
OCTOBER = "2026-10-02T06:00+08:00"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESCTL_NOW", OCTOBER)
    return make_repo(tmp_path / "club", {**BASE, **DEALS})


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def tags(root: Path) -> list[str]:
    return git(root, "tag", "--list").split()


def reports(root: Path, month: str) -> dict[str, bytes]:
    base = root / "reports" / month
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


# ----------------------------------------------------------------------------- a month that has not ended
@pytest.mark.parametrize("now, month, today, last", [
    ("2026-09-30T23:59+08:00", "2026-09", "2026-09-30", "2026-09-30"),   # the last minute of September in Shanghai
    ("2026-09-30T15:59Z", "2026-09", "2026-09-30", "2026-09-30"),        # 23:59 in Shanghai
    (OCTOBER, "2027-03", "2026-10-02", "2027-03-31"),                     # a month that has not begun
])
def test_a_month_that_has_not_ended_in_the_business_zone_is_refused(repo, monkeypatch, now, month, today, last):
    monkeypatch.setenv("SALESCTL_NOW", now)
    before = head(repo)
    for extra in ([], ["--dry-run"]):
        r = run("close", "--month", month, *extra, records=repo)
        assert r.exit_code == 2
        assert r.stderr == (f"salesctl: error: {month} has not ended: today is {today} (Asia/Shanghai) and its last day is "
                            f"{last}; close it after that day, or close it early: salesctl close --month {month} --early --why '…'\n")
    assert head(repo) == before and tags(repo) == [] and not (repo / "reports").exists()


def test_a_month_ends_at_midnight_in_the_business_zone_not_in_utc(repo, monkeypatch):
    monkeypatch.setenv("SALESCTL_NOW", "2026-09-30T16:00Z")   # 2026-10-01 00:00 in Shanghai, still September in UTC
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 0, r.stderr
    assert tags(repo) == ["close/2026-09"]


def test_an_early_close_needs_why_and_keeps_it_in_the_commit_and_the_tag(repo, monkeypatch):
    monkeypatch.setenv("SALESCTL_NOW", "2026-09-28T18:00+08:00")
    r = run("close", "--month", "2026-09", "--early", records=repo)
    assert r.exit_code == 2
    assert r.stderr == "salesctl: error: --early needs --why '…' (the reason is kept in the close commit's and the tag's messages)\n"
    r = run("close", "--month", "2026-09", "--early", "--why", "  ", records=repo)
    assert r.exit_code == 2 and "--early needs --why" in r.stderr
    assert tags(repo) == []
    r = run("close", "--month", "2026-09", "--early", "--why", "国庆前发薪", records=repo)
    assert r.exit_code == 0, r.stderr
    sha = head(repo)
    assert r.stderr == f"close: 2026-09 (early: 国庆前发薪) [{sha[:8]}]\ntagged close/2026-09 at {sha[:8]}\n"
    line = "closed early by Test Admin on 2026-09-28, before the end of 2026-09: 国庆前发薪"
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("close: 2026-09 (early: 国庆前发薪)\n\nrecords: ") and line in message
    assert line in git(repo, "tag", "-l", "-n99", "close/2026-09")


def test_early_for_a_month_that_has_ended_is_refused(repo):
    r = run("close", "--month", "2026-09", "--early", "--why", "habit", records=repo)
    assert r.exit_code == 2
    assert r.stderr == "salesctl: error: 2026-09 has ended (its last day was 2026-09-30): close it without --early\n"
    assert tags(repo) == []


def test_a_quarter_that_has_not_ended_is_refused_and_may_close_early(repo, monkeypatch):
    r = run("close", "--quarter", "2026Q4", records=repo)
    assert r.exit_code == 2
    assert r.stderr == ("salesctl: error: 2026Q4 has not ended: today is 2026-10-02 (Asia/Shanghai) and its last day is 2026-12-31; "
                        "close it after that day, or close it early: salesctl close --quarter 2026Q4 --early --why '…'\n")


@pytest.mark.parametrize("value", ["yesterday", "2026-10-02T06:00", "2026-13-01T00:00+08:00"])
def test_a_malformed_now_is_a_usage_error(repo, monkeypatch, value):
    monkeypatch.setenv("SALESCTL_NOW", value)
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 2
    assert r.stderr == f"salesctl: error: SALESCTL_NOW {value!r} is not a date-time with its zone (e.g. 2026-11-01T06:00+08:00)\n"


def test_close_without_a_commit_is_refused(repo):
    r = run("close", "--month", "2026-09", "--no-commit", records=repo)
    assert r.exit_code == 2
    assert r.stderr == ("salesctl: error: close commits and tags its reports: --no-commit would leave the month neither closed "
                        "nor open (see what it would write with --dry-run)\n")
    assert not (repo / "reports").exists()


# ----------------------------------------------------------------------------- earlier months still open
def test_close_warns_about_earlier_months_still_open(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESCTL_NOW", OCTOBER)
    root = make_repo(tmp_path / "club", {**BASE, **DEALS, **AUGUST})
    r = run("--quiet", "close", "--month", "2026-09", records=root)   # said even with --quiet: cron mails it
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ("earlier months are still open (they have records and no close tag): 2026-08; "
                        "close them too: salesctl close --month 2026-08\n")
    git(root, "tag", "-d", "close/2026-09")
    git(root, "reset", "-q", "--hard", "HEAD~1")
    r = run("close", "--month", "2026-08", records=root)
    assert r.exit_code == 0 and "still open" not in r.stderr
    r = run("close", "--month", "2026-09", records=root)
    assert r.exit_code == 0 and "still open" not in r.stderr


# ----------------------------------------------------------------------------- who commits
@pytest.mark.parametrize("how, where", [("env", "SALESCTL_AUTHOR"), ("option", "--author")])
@pytest.mark.parametrize("value", ["cron", "cron@club", "<cron@club>", "cron <>", "cron <a b@club>"])
def test_a_malformed_author_is_a_usage_error_naming_where_it_came_from(repo, monkeypatch, how, where, value):
    if how == "env":
        monkeypatch.setenv("SALESCTL_AUTHOR", value)
        args = ()
    else:
        args = ("--author", value)
    before = head(repo)
    for cmd in (("close", "--month", "2026-09"), ("lead", "set", "L-0001", "status=won")):
        r = run(*cmd, *args, records=repo)
        assert r.exit_code == 2
        assert r.stderr == f"salesctl: error: {where} {value!r} is not 'Name <email>' (e.g. 'cron <cron@club.example>')\n"
    assert head(repo) == before


def test_author_is_the_committer_and_the_tagger_too(repo):
    r = run("close", "--month", "2026-09", "--author", "李管理 <admin@club.example>", records=repo)
    assert r.exit_code == 0, r.stderr
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == "李管理 <admin@club.example>|李管理 <admin@club.example>"
    assert git(repo, "for-each-ref", "--format=%(taggername) %(taggeremail)", "refs/tags/close/2026-09").strip() == \
        "李管理 <admin@club.example>"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`salesctl demo`, built once for the module; tests copy it (copy_demo)."""
    root = tmp_path_factory.mktemp("demo") / "club"
    subprocess.run([sys.executable, "-m", "salesctl", "demo", str(root)], env=checkout_env(), cwd=CHECKOUT,
                   check=True, capture_output=True)
    return root


def copy_demo(demo: Path, tmp_path: Path) -> Path:
    root = tmp_path / "club"
    shutil.copytree(demo, root, symlinks=True)
    return root


def bare(args, root: Path, home: Path, **env):
    """`env -i PATH=… HOME=<empty> [env] python -m salesctl ARGS` in root: no git identity anywhere
    (PYTHONPATH only to run this checkout's salesctl)."""
    clean = {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(CHECKOUT), **env}
    return subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in clean.items()), sys.executable, "-m", "salesctl", *args],
                          cwd=root, capture_output=True, text=True, timeout=300)


def test_writes_work_under_env_i_with_salesctl_author_only(demo, tmp_path):
    root = copy_demo(demo, tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    assert "user." not in (root / ".git" / "config").read_text()
    r = bare(["close", "--month", "2026-09"], root, home)
    assert r.returncode == 4
    assert r.stderr == ("earlier months are still open (they have records and no close tag): 2026-08; close them too: "
                        "salesctl close --month 2026-08\n"
                        "salesctl: error: git commit failed: git does not know who you are: set git config user.name and "
                        "user.email, or pass --author 'Name <email>' (or set SALESCTL_AUTHOR='Name <email>', e.g. in a crontab)\n")
    assert tags(root) == [] and git(root, "status", "--porcelain") == ""
    cron = {"SALESCTL_AUTHOR": "cron <cron@club>", "SALESCTL_NOW": OCTOBER}
    r = bare(["close", "--month", "2026-09"], root, home, **cron)
    assert r.returncode == 0, r.stderr
    assert git(root, "log", "-1", "--format=%s|%an <%ae>|%cn <%ce>").strip() == "close: 2026-09|cron <cron@club>|cron <cron@club>"
    assert git(root, "for-each-ref", "--format=%(taggername) %(taggeremail)", "refs/tags/close/2026-09").strip() == "cron <cron@club>"
    r = bare(["lead", "set", "L-00001", "grade=important"], root, home, **cron)
    assert r.returncode == 0, r.stderr
    assert git(root, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == "cron <cron@club>|cron <cron@club>"
    r = bare(["lead", "set", "L-00001", "grade=general"], root, home, SALESCTL_AUTHOR="cron")
    assert r.returncode == 2
    assert r.stderr == "salesctl: error: SALESCTL_AUTHOR 'cron' is not 'Name <email>' (e.g. 'cron <cron@club.example>')\n"
    assert list(home.iterdir()) == []


# ----------------------------------------------------------------------------- uncommitted changes
def test_uncommitted_changes_are_named_the_first_ten_and_how_many_more(repo):
    for i in range(12):
        (repo / "leads" / f"L-9{i:03d}.yaml").write_text(f"id: L-9{i:03d}\n", encoding="utf-8")
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 4
    named = ", ".join(f"leads/L-9{i:03d}.yaml" for i in range(10))
    assert r.stderr == (f"salesctl: error: the records have 12 uncommitted change(s) (git status): {named} … and 2 more; "
                        "commit them, or move files that are not records out of the records folder, first, so the report "
                        "names the commit it was computed from\n")
    assert tags(repo) == []


# ----------------------------------------------------------------------------- the tag that could not be made
def test_a_close_whose_tag_could_not_be_made_is_finished_by_the_next_close(repo):
    lock = repo / ".git" / "refs" / "tags" / "close" / "2026-09.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("")                      # a stale ref lock, left by a git that crashed
    before = head(repo)
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 4
    sha = head(repo)
    assert sha != before and git(repo, "log", "-1", "--format=%s").strip() == "close: 2026-09" and tags(repo) == []
    stop = (f"salesctl: error: 2026-09 is committed ({sha[:8]}) but not tagged close/2026-09, so it is neither closed nor open: "
            f"git tag failed: git's lock file {lock} is there (another git running, or left by one that crashed): when no git "
            "is running, remove it. Fix that, then run `salesctl close --month 2026-09` again: it makes the tag on that commit, "
            "with no second commit\n")
    assert r.stderr == f"close: 2026-09 [{sha[:8]}]\n" + stop
    closed = reports(repo, "2026-09")

    r = run("check", records=repo)
    assert r.exit_code == 1
    assert r.stdout == (f"reports/2026-09/summary.md: error: 2026-09 is committed ({sha[:8]}) but not tagged close/2026-09: "
                        "it is neither closed nor open (its records are not frozen); finish it: salesctl close --month 2026-09\n")
    assert r.stderr == f"{len(BASE) + len(DEALS)} files checked: 1 error(s), 0 warning(s)\n"

    r = run("close", "--month", "2026-09", records=repo)   # the lock still there: the same words, nothing new
    assert r.exit_code == 4 and r.stderr == stop and head(repo) == sha

    lock.unlink()
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"2026-09 was committed ({sha[:8]}) but not tagged: tagged close/2026-09 at {sha[:8]}, no new commit\n"
    assert r.stdout.startswith("deals: 2\n")
    assert head(repo) == sha and reports(repo, "2026-09") == closed
    assert git(repo, "rev-parse", "close/2026-09^{commit}").strip() == sha
    assert "credited sales: 4880.50" in git(repo, "tag", "-l", "-n99", "close/2026-09")
    assert run("check", records=repo).exit_code == 0
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 0 and r.stderr == "2026-09 is closed (close/2026-09) and nothing changed\n"


def test_a_reopen_whose_tag_could_not_be_moved_is_finished_by_the_next_reopen(repo):
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    first = head(repo)
    p = repo / "deals/2026-09/D-0002.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("1200.50", "1250.50"), encoding="utf-8")
    git(repo, "commit", "-qam", "fix amount")
    lock = repo / ".git" / "refs" / "tags" / "close" / "2026-09.lock"
    lock.write_text("")
    r = run("close", "--month", "2026-09", "--reopen", "--why", "金额录错", records=repo)
    assert r.exit_code == 4
    sha = head(repo)
    assert "run `salesctl close --month 2026-09 --reopen --why '…'` again" in r.stderr
    lock.unlink()
    r = run("close", "--month", "2026-09", records=repo)   # the tag still names the first close: the change is a frozen error
    assert r.exit_code == 1
    assert "deal D-0002 was changed in closed month 2026-09 (tag close/2026-09); correct it in an open month (an adjustment " \
        "or refund deal), or reopen: salesctl close --month 2026-09 --reopen --why '…'" in r.stdout + r.stderr
    r = run("close", "--month", "2026-09", "--reopen", "--why", "金额录错", records=repo)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"2026-09 was committed ({sha[:8]}) but not tagged: tagged close/2026-09 at {sha[:8]}, no new commit\n"
    assert head(repo) == sha and git(repo, "rev-parse", "close/2026-09^{commit}").strip() == sha
    message = git(repo, "tag", "-l", "-n99", "close/2026-09")
    assert "reopened by Test Admin <admin@example.com>: 金额录错" in message and f"previous close: {first}" in message


# ----------------------------------------------------------------------------- a close interrupted before its commit
def interrupted(root: Path) -> dict[str, bytes]:
    """The state a close killed between writing its reports and committing them leaves: some report
    files written, one missing, a stray temporary file; the reports a whole close writes are returned."""
    assert run("close", "--month", "2026-09", records=root).exit_code == 0
    whole = reports(root, "2026-09")
    git(root, "tag", "-d", "close/2026-09")
    git(root, "reset", "-q", "HEAD~1")
    (root / "reports/2026-09/statements/S-2.md").unlink()
    (root / "reports/2026-09/.payout.csv.tmp1234").write_text("half", encoding="utf-8")
    (root / "reports/2026-09/summary.md").write_text("# half", encoding="utf-8")
    return whole


def test_a_close_interrupted_before_its_commit_is_redone_by_the_next_close(repo):
    whole = interrupted(repo)
    before = head(repo)
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 0, r.stderr
    sha = head(repo)
    assert git(repo, "rev-parse", "HEAD~1").strip() == before and tags(repo) == ["close/2026-09"]
    files = sorted(f"reports/2026-09/{name}" for name in [*whole, ".payout.csv.tmp1234"] if name != "statements/S-2.md")
    assert r.stderr == (f"{len(files)} files of an unfinished close of 2026-09 were put back as committed ({', '.join(files[:10])} "
                        f"… and {len(files) - 10} more); closing again\nclose: 2026-09 [{sha[:8]}]\ntagged close/2026-09 at {sha[:8]}\n")
    assert reports(repo, "2026-09") == whole and git(repo, "status", "--porcelain") == ""


def test_an_interrupted_close_with_other_changes_says_which_files_to_commit(repo):
    whole = interrupted(repo)
    (repo / "staff/S-3.yaml").write_text((repo / "staff/S-3.yaml").read_text() + "notes: 新同事\n")
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 4
    assert r.stderr == ("salesctl: error: the records have 1 uncommitted change(s) (git status): staff/S-3.yaml; commit them, or "
                        "move files that are not records out of the records folder, first, so the report names the commit it "
                        f"was computed from (the {len(whole)} uncommitted file(s) in reports/2026-09/ are left by a close that "
                        "did not finish: do not commit them, close writes them again)\n")
    assert (repo / "reports/2026-09/summary.md").read_text(encoding="utf-8") == "# half"   # refused: nothing touched
