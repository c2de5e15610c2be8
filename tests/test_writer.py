"""The writer: git state checks, the writers' lock, atomic writes, and nothing left behind on failure."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from helpers import BASE, checkout_env, git, make_repo, run
from salesctl import gitops
from salesctl.errors import Exit, UserError
from salesctl.writer import transaction

NEW_BASE = {**BASE, "leads/L-0001.yaml": textwrap.dedent(BASE["leads/L-0001.yaml"]).replace("status: contacted", "status: new")}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def leftovers(root: Path) -> list[str]:
    """Lock files and temporary files anywhere under root (the git directory included)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.name.endswith(".tmp") or p.name in ("salesctl.lock", ".salesctl.lock"))


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "records", NEW_BASE)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    p.write_text(p.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# ----------------------------------------------------------------------------- git state
def _conflict(root: Path, how: str) -> None:
    """A real conflicted merge, rebase or cherry-pick on staff/S-3.yaml."""
    git(root, "checkout", "-q", "-b", "other")
    edit(root, "staff/S-3.yaml", "欧阳娜娜", "欧阳")
    git(root, "commit", "-qam", "other name")
    git(root, "checkout", "-q", "main")
    edit(root, "staff/S-3.yaml", "欧阳娜娜", "娜娜")
    git(root, "commit", "-qam", "main name")
    if how == "rebase":
        git(root, "checkout", "-q", "other")
    args = {"merge": ["merge", "other"], "rebase": ["rebase", "main"], "cherry-pick": ["cherry-pick", "other"]}[how]
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    assert done.returncode != 0 and "CONFLICT" in done.stdout + done.stderr


@pytest.mark.parametrize(("how", "message"), [
    ("merge", "a merge is in progress (finish it or `git merge --abort` first)"),
    ("rebase", "a rebase is in progress (finish it or `git rebase --abort` first)"),
    ("cherry-pick", "a cherry-pick or revert is in progress"),
])
def test_refuses_during_a_merge_rebase_or_cherry_pick(repo, how, message):
    _conflict(repo, how)
    before, status = tree(repo), git(repo, "status", "--porcelain")
    result = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert result.exit_code == Exit.GIT == 4
    assert result.stderr == f"salesctl: error: lead set: refusing to commit: {message}\n"
    assert tree(repo) == before
    assert git(repo, "status", "--porcelain") == status
    assert leftovers(repo) == []


def test_detached_head_needs_allow_detached(repo):
    git(repo, "checkout", "-q", "--detach")
    sha = head(repo)
    refused = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert refused.exit_code == 4
    assert refused.stderr == ("salesctl: error: lead set: refusing to commit: "
                              "HEAD is detached (check out a branch, or pass --allow-detached)\n")
    assert git(repo, "status", "--porcelain") == ""
    allowed = run("lead", "set", "L-0001", "status=contacted", "--allow-detached", records=repo)
    assert allowed.exit_code == 0, allowed.stderr
    assert git(repo, "rev-parse", "HEAD~1").strip() == sha
    assert git(repo, "rev-parse", "main").strip() == sha  # the branch did not move
    assert leftovers(repo) == []


def test_no_commit_is_allowed_on_a_detached_head(repo):
    git(repo, "checkout", "-q", "--detach")
    result = run("lead", "set", "L-0001", "status=contacted", "--no-commit", records=repo)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "status", "--porcelain") == " M leads/L-0001.yaml\n"


def test_a_failed_commit_puts_every_file_back(repo, tmp_path, monkeypatch):
    """git refuses to commit (no identity): the files written are restored, nothing is left."""
    csv = tmp_path / "two.csv"
    csv.write_text("name,source,created\n甲,web,2026-08-05T09:00:00+08:00\n乙,web,2026-08-05T09:05:00+08:00\n",
                   encoding="utf-8")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    git(repo, "config", "user.useConfigOnly", "true")
    before, sha = tree(repo), head(repo)
    for args in (["lead", "set", "L-0001", "status=contacted"], ["lead", "import", str(csv)]):
        result = run(*args, records=repo)
        assert result.exit_code == 4, result.stderr
        assert result.stderr.startswith("salesctl: error: git commit failed: git does not know who you are")
        assert tree(repo) == before
        assert head(repo) == sha
        assert git(repo, "status", "--porcelain") == ""
        assert leftovers(repo) == []
    # --author is enough: it is the committer too (issue 15)
    ok = run("lead", "set", "L-0001", "status=contacted", "--author", "王芳 <wangfang@example.com>", records=repo)
    assert ok.exit_code == 0, ok.stderr
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == "王芳 <wangfang@example.com>|王芳 <wangfang@example.com>"


# ----------------------------------------------------------------------------- the lock
def test_locked_by_another_writer_exits_3_naming_the_holder(repo):
    before = tree(repo)
    with gitops.writer_lock(repo, "lead import (test holder)") as path:
        assert path == repo / ".git" / "salesctl.lock"
        result = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert result.exit_code == Exit.LOCKED == 3
    assert result.stderr.startswith("salesctl: error: another salesctl is writing to these records "
                                    f"(pid {os.getpid()} on ")
    assert ": salesctl lead import (test holder), since " in result.stderr
    assert result.stderr.rstrip().endswith("try again, or pass --wait SECONDS")
    assert tree(repo) == before
    assert leftovers(repo) == []


def test_locked_by_another_process(repo):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from salesctl import gitops
            with gitops.writer_lock({str(repo)!r}, "staff set"):
                print("held", flush=True)
                sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=checkout_env())
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run("lead", "set", "L-0001", "status=contacted", records=repo)
        assert result.exit_code == 3
        assert f"(pid {holder.pid} on " in result.stderr and "salesctl staff set, since" in result.stderr
    finally:
        holder.communicate("\n", timeout=10)
    assert leftovers(repo) == []
    assert run("lead", "set", "L-0001", "status=contacted", records=repo).exit_code == 0


def test_a_killed_holder_leaves_no_lock(repo):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import time\nfrom salesctl import gitops\n"
                               f"with gitops.writer_lock({str(repo)!r}, 'x'):\n    print('held', flush=True)\n    time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True, env=checkout_env())
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=10)
    result = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert result.exit_code == 0, result.stderr
    assert leftovers(repo) == []


def _hold_in_thread(root: Path, release: threading.Event) -> threading.Thread:
    """Hold the writers' lock in a thread until `release` is set."""
    held = threading.Event()

    def hold():
        with gitops.writer_lock(root, "holder"):
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    assert held.wait(5)
    return t


def test_wait_succeeds_when_the_holder_releases_in_time(repo):
    release = threading.Event()
    t = _hold_in_thread(repo, release)
    threading.Timer(0.5, release.set).start()
    start = time.monotonic()
    result = run("lead", "set", "L-0001", "status=contacted", "--wait", "10", records=repo)
    waited = time.monotonic() - start
    t.join()
    assert result.exit_code == 0, result.stderr
    assert waited >= 0.4
    assert git(repo, "log", "-1", "--format=%s").startswith("lead set: L-0001")
    assert leftovers(repo) == []


def test_wait_gives_up_after_its_time(repo):
    release = threading.Event()
    t = _hold_in_thread(repo, release)
    try:
        start = time.monotonic()
        result = run("lead", "set", "L-0001", "status=contacted", "--wait", "0.3", records=repo)
        waited = time.monotonic() - start
    finally:
        release.set()
        t.join()
    assert result.exit_code == 3
    assert "another salesctl is writing to these records" in result.stderr
    assert waited >= 0.3
    assert leftovers(repo) == []


def test_lock_outside_git_is_in_the_records_folder(tmp_path):
    from helpers import write_records

    root = write_records(tmp_path / "records", NEW_BASE)
    with gitops.writer_lock(root, "holder") as path:
        assert path == root / ".salesctl.lock"
        assert run("lead", "set", "L-0001", "status=contacted", records=root).exit_code == 3
    assert leftovers(root) == []


# ----------------------------------------------------------------------------- transactions
def test_refused_write_leaves_no_lock_and_no_temp_file(repo):
    before = tree(repo)
    result = run("lead", "set", "L-0001", "owner=S-99", records=repo)
    assert result.exit_code == 1
    assert tree(repo) == before and leftovers(repo) == []


def test_atomic_writes_leave_no_temp_files_and_keep_the_mode(repo):
    (repo / "leads/L-0001.yaml").chmod(0o600)
    for args in (["lead", "set", "L-0001", "status=contacted"], ["lead", "add", "name=李四", "source=web"],
                 ["visit", "add", "staff=S-1", "lead=L-0001", "kind=call", "at=2026-08-05T10:00:00+08:00"]):
        assert run(*args, records=repo).exit_code == 0
    assert leftovers(repo) == []
    assert (repo / "leads/L-0001.yaml").stat().st_mode & 0o777 == 0o600
    assert git(repo, "status", "--porcelain") == ""


def test_an_exception_inside_a_transaction_writes_nothing(repo):
    before, sha = tree(repo), head(repo)
    with pytest.raises(RuntimeError):
        with transaction(repo, "test") as tx:
            tx.update(tx.records.leads["L-0001"], {"status": "lost"})
            raise RuntimeError("changed my mind")
    assert tree(repo) == before and head(repo) == sha and leftovers(repo) == []


def test_one_transaction_many_files_one_commit(repo):
    with transaction(repo, "test") as tx:
        tx.update(tx.records.leads["L-0001"], {"status": "visited", "grade": "important"})
        tx.update(tx.records.staff["S-2"], {"weight": 2})
        new = tx.add("lead", {"name": "新客户", "source": "web", "created": tx.records.leads["L-0001"].created})
        result = tx.commit("test: three files")
    assert new == "L-0002"
    assert result.paths == ["leads/2026/L-0002.yaml", "leads/L-0001.yaml", "staff/S-2.yaml"]
    assert git(repo, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "test:", "three", "files", "leads/2026/L-0002.yaml", "leads/L-0001.yaml", "staff/S-2.yaml"]
    assert "grade: important\n" in (repo / "leads/L-0001.yaml").read_text(encoding="utf-8")
    assert (repo / "staff/S-2.yaml").read_text(encoding="utf-8").endswith("weight: 2\n")
    assert leftovers(repo) == []


def test_transaction_refusal_is_a_user_error_with_the_problems(repo):
    with pytest.raises(UserError) as e:
        with transaction(repo, "test") as tx:
            tx.update(tx.records.leads["L-0001"], {"team": "T-9"})
            tx.commit("test")
    assert e.value.status == Exit.RECORDS
    assert [str(p) for p in e.value.problems] == ["leads/L-0001.yaml:7: error: team T-9: no such team"]
    assert leftovers(repo) == []


def test_no_records_folder(tmp_path):
    with pytest.raises(UserError) as e:
        with transaction(tmp_path / "missing", "test"):
            pass
    assert e.value.status == Exit.USAGE


def test_sigterm_during_the_commit_leaves_the_write_and_its_commit_whole(repo, tmp_path):
    """cron's or systemd's SIGTERM while `git commit` runs: the writer used to put the file back
    while git (which did not get the signal) went on and committed it, so the working tree no
    longer matched HEAD. The write and its commit now finish as one, then the process ends."""
    started = tmp_path / "hook-started"
    hook = repo / ".git" / "hooks" / "post-commit"
    hook.write_text(f"#!/bin/sh\ntouch '{started}'\nsleep 2\n", encoding="utf-8")
    hook.chmod(0o755)
    before = head(repo)
    proc = subprocess.Popen([sys.executable, "-m", "salesctl", "--records", str(repo), "lead", "set", "L-0001",
                             "status=contacted"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=checkout_env())
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert started.exists(), proc.communicate()
    proc.terminate()
    proc.communicate(timeout=30)
    assert proc.returncode == 128 + 15
    assert git(repo, "status", "--porcelain") == ""
    assert head(repo) != before
    assert git(repo, "log", "-1", "--format=%s").startswith("lead set: L-0001 status new -> contacted")
    assert "status: contacted" in (repo / "leads/L-0001.yaml").read_text(encoding="utf-8")
    assert leftovers(repo) == []


@pytest.mark.parametrize("args", [
    ["lead", "add", "id=../../evil", "name=x", "source=web", "created=2026-10-01T10:00"],
    ["lead", "add", "id=L-9/../../x", "name=x", "source=web", "created=2026-10-01T10:00"],
    ["lead", "add", "id=../../../outside", "name=x", "source=web", "created=2026-10-01T10:00"],
    ["lead", "add", "id=.hidden", "name=x", "source=web", "created=2026-10-01T10:00"],
    ["visit", "add", "staff=../../x", "lead=L-0001", "kind=call", "at=2026-10-31T10:00"],
])
def test_an_id_cannot_name_another_place(repo, args):
    """`lead add id=../../evil` wrote and committed evil.yaml at the top of the records (where
    check ignores it), and `visit add staff=../../x` x.yaml; one more ../ went outside the
    repository and ended in an internal error. An id, staff id or month names a file: refused."""
    before, files = head(repo), tree(repo)
    result = run(*args, records=repo)
    assert result.exit_code == 2, result.output
    assert "cannot name a file" in result.stderr
    assert head(repo) == before and tree(repo) == files and leftovers(repo) == []
    assert not (repo.parent / "outside.yaml").exists()
