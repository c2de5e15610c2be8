"""The close command function, called directly on real git repositories: the decision table."""
from __future__ import annotations

import pytest

from helpers import BASE, git, make_repo
from salesctl.commands.close import close, policy_digest, records_commit
from salesctl.commands.common import Notes, WriteOptions
from salesctl.errors import Exit, UserError
from salesctl.loader import load
from salesctl.source import WorkTree
from test_month_end import DEALS


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "club", {**BASE, **DEALS})


def test_close_commits_the_reports_and_tags_them(repo):
    r = close(repo, "2026-09")
    assert r.status == Exit.OK
    assert r.data.action == "closed"
    assert r.data.plan.totals["credited sales"] == "4880.50"
    assert git(repo, "rev-parse", "close/2026-09^{commit}").strip() == r.data.sha
    assert git(repo, "log", "-1", "--format=%s").strip() == "close: 2026-09"
    assert r.notes.texts() == [f"close: 2026-09 [{r.data.sha[:8]}]", f"tagged close/2026-09 at {r.data.sha[:8]}"]
    assert (repo / "reports/2026-09/summary.md").read_text(encoding="utf-8") == r.data.summary


def test_a_second_close_with_the_same_records_does_nothing(repo):
    first = close(repo, "2026-09")
    head = git(repo, "rev-parse", "HEAD")
    again = close(repo, "2026-09")
    assert again.data.action == "unchanged"
    assert again.notes.texts() == ["2026-09 is closed (close/2026-09) and nothing changed"]
    assert git(repo, "rev-parse", "HEAD") == head
    assert again.data.summary == first.data.summary


def test_a_closed_month_whose_report_would_change_needs_reopen_with_why(repo):
    close(repo, "2026-09")
    p = repo / "deals/2026-09/D-0002.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("1200.50", "1250.50"), encoding="utf-8")
    git(repo, "commit", "-qam", "fix amount")
    with pytest.raises(UserError) as e:
        close(repo, "2026-09")
    assert e.value.status == Exit.RECORDS
    # the frozen-month error is recognised by its code, so --reopen gets past it
    assert [p.code for p in e.value.problems] == ["frozen"]
    with pytest.raises(UserError) as e:
        close(repo, "2026-09", reopen=True, why="  ")
    assert e.value.status == Exit.USAGE and "--reopen needs --why" in e.value.message
    r = close(repo, "2026-09", reopen=True, why="金额录错", opts=WriteOptions(author="Boss <boss@example.com>"))
    assert r.data.action == "reopened"
    message = git(repo, "tag", "-l", "-n99", "close/2026-09")
    assert "reopened by Boss <boss@example.com>: 金额录错" in message and "previous close:" in message


def test_reopen_of_an_open_month_is_refused(repo):
    with pytest.raises(UserError) as e:
        close(repo, "2026-09", reopen=True, why="why not")
    assert e.value.status == Exit.USAGE and "is not closed" in e.value.message
    assert git(repo, "tag") == ""


def test_close_refuses_records_with_errors_and_does_nothing(repo):
    (repo / "staff/S-3.yaml").write_text("id: S-3\nname: x\n")
    git(repo, "commit", "-qam", "break")
    head = git(repo, "rev-parse", "HEAD")
    for dry_run in (True, False):
        with pytest.raises(UserError) as e:
            close(repo, "2026-09", dry_run=dry_run)
        assert e.value.status == Exit.RECORDS
        assert any(p.path == "staff/S-3.yaml" for p in e.value.problems)
    assert git(repo, "tag") == "" and git(repo, "rev-parse", "HEAD") == head


def test_close_refuses_uncommitted_changes_and_a_bad_month(repo):
    (repo / "staff/S-3.yaml").write_text((repo / "staff/S-3.yaml").read_text() + "notes: 新同事\n")
    with pytest.raises(UserError) as e:
        close(repo, "2026-09")
    assert e.value.status == Exit.GIT and "staff/S-3.yaml" in e.value.message
    with pytest.raises(UserError) as e:
        close(repo, "2026-13")
    assert e.value.status == Exit.USAGE


def test_close_names_an_untracked_file_that_is_not_a_record(repo):
    """The README's old walkthrough wrote payroll.csv into the records folder; close must say which file stops it."""
    (repo / "payroll-2026-09.csv").write_text("staff,total\n")
    with pytest.raises(UserError) as e:
        close(repo, "2026-09")
    assert e.value.status == Exit.GIT
    assert "payroll-2026-09.csv" in e.value.message and "out of the records folder" in e.value.message
    assert git(repo, "tag", "--list").strip() == ""


def test_dry_run_plans_and_writes_nothing_naming_the_records_commit(repo):
    notes = Notes()
    r = close(repo, "2026-09", dry_run=True, notes=notes)
    assert r.notes is notes
    assert r.data.action == "dry-run"
    assert f"- records: commit `{records_commit(repo)}`" in r.data.summary
    assert notes.texts() == [f"would write {path}" for path in r.data.plan.files]
    assert all(n.after for n in notes)
    assert not (repo / "reports").exists() and git(repo, "tag") == ""


def test_dry_run_reads_the_records_it_is_given(repo):
    calls = []

    def loader():
        calls.append(1)
        return load(WorkTree(repo))

    close(repo, "2026-09", dry_run=True, loaded=loader)
    assert calls == [1]
    close(repo, "2026-09", loaded=loader)  # a real close reads under the writers' lock, not these
    assert calls == [1]


def test_policy_digest_names_the_defaults_or_the_file(repo):
    assert policy_digest(load(WorkTree(repo))) == "the defaults (no salesctl.yaml)"
    (repo / "salesctl.yaml").write_text("general: {timezone: Asia/Shanghai}\n")
    assert policy_digest(load(WorkTree(repo))).startswith("`salesctl.yaml` (blake2b ")
