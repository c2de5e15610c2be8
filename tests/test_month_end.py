"""Month-end close, closed months frozen, --at, history and diff (issue 7), on real git repositories."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BASE, checkout_env, git, make_repo, run, write_records

DEALS = {
    "leads/L-0002.yaml": """
        id: L-0002
        name: 李四
        source: walk-in
        created: 2026-09-05T11:00:00+08:00
        team: T-1
        owner: S-2
        status: won
    """,
    "deals/2026-09/D-0001.yaml": """
        id: D-0001
        lead: L-0001
        kind: new
        product: 年卡
        amount: 3680
        signed: 2026-09-03
        payment: {date: 2026-09-03, taken_by: S-1}
    """,
    "deals/2026-09/D-0002.yaml": """
        id: D-0002
        lead: L-0002
        kind: new
        product: 季卡
        amount: 1200.50
        signed: 2026-09-06
        payment: {date: 2026-09-06, taken_by: S-2}
    """,
}


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "club", {**BASE, **DEALS})


def commits(root):
    return git(root, "rev-list", "--count", "HEAD").strip()


def test_close_writes_reports_commits_and_tags(repo):
    before = int(commits(repo))
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 0, r.output
    assert int(commits(repo)) == before + 1
    files = sorted(p.name for p in (repo / "reports" / "2026-09").iterdir())
    assert "summary.md" in files and "split-deals.csv" in files and "split-staff.csv" in files
    assert git(repo, "log", "-1", "--format=%s").startswith("close: 2026-09")
    # only the reports were committed
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert all(p.startswith("reports/2026-09/") for p in changed)
    tag = git(repo, "tag", "-l", "-n99", "close/2026-09")
    assert "credited sales: 4880.50" in tag
    assert git(repo, "cat-file", "-t", "close/2026-09").strip() == "tag"  # annotated
    summary = (repo / "reports" / "2026-09" / "summary.md").read_text(encoding="utf-8")
    records_commit = git(repo, "rev-parse", "HEAD~1").strip()
    assert records_commit in summary and "salesctl.yaml" in summary


def test_close_writes_the_meeting_page_a_short_summary_and_a_statement_per_person(repo):
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    out = repo / "reports" / "2026-09"
    assert sorted(p.name for p in (out / "statements").iterdir()) == ["S-1.md", "S-2.md", "S-3.md"]
    assert (out / "statements" / "S-1.md").read_text(encoding="utf-8") == run(
        "payout", "--month", "2026-09", "--statement", "S-1", records=repo).stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "王芳" in page
    summary = (out / "summary.md").read_text(encoding="utf-8")
    # a manager reads it in a minute: totals by department and team, the top, who missed target, flags
    assert len(summary.splitlines()) < 60 and max(map(len, summary.splitlines())) < 200
    for heading in ("## Totals by department", "## Totals by team", "## Top 3 by credited sales", "## Missed target", "## Flags by kind"):
        assert heading in summary
    assert "1. 王芳 (S-1, T-1): 3680.00" in summary and "2. 李雷 (S-2, T-1): 1200.50" in summary


def test_close_again_with_no_change_makes_no_commit(repo):
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    head = git(repo, "rev-parse", "HEAD")
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 0, r.output
    assert git(repo, "rev-parse", "HEAD") == head
    assert "nothing changed" in r.stderr


def test_dry_run_prints_the_summary_and_changes_nothing(repo):
    head = git(repo, "rev-parse", "HEAD")
    r = run("close", "--month", "2026-09", "--dry-run", records=repo)
    assert r.exit_code == 0, r.output
    assert "# Month-end close 2026-09" in r.stdout and "王芳 (S-1, T-1): 3680.00" in r.stdout   # the top list
    assert git(repo, "rev-parse", "HEAD") == head
    assert not (repo / "reports").exists()
    assert git(repo, "tag") == ""


def test_changing_a_closed_month_fails_check_naming_the_tag_and_reopen_records_why(repo):
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    p = repo / "deals" / "2026-09" / "D-0002.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("1200.50", "1250.50"), encoding="utf-8")
    git(repo, "commit", "-qam", "fix amount")
    r = run("check", records=repo)
    assert r.exit_code == 1
    assert "deals/2026-09/D-0002.yaml:5: error: deal D-0002 was changed in closed month 2026-09 (tag close/2026-09)" in r.stdout
    # closing again without --reopen is refused
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 1
    old_tag_commit = git(repo, "rev-list", "-n1", "close/2026-09").strip()
    r = run("close", "--month", "2026-09", "--reopen", "--why", "会员卡金额录错", records=repo)
    assert r.exit_code == 0, r.output
    new_tag_commit = git(repo, "rev-list", "-n1", "close/2026-09").strip()
    assert new_tag_commit != old_tag_commit
    message = git(repo, "tag", "-l", "-n99", "close/2026-09")
    assert "reopened by" in message and "会员卡金额录错" in message and old_tag_commit in message
    assert "credited sales: 4930.50" in message
    assert "reopened by Test Admin <admin@example.com>: 会员卡金额录错" in message
    assert run("check", records=repo).exit_code == 0


def test_a_write_into_a_closed_month_is_refused_and_one_into_an_open_month_lands(repo):
    """`deal add … signed=<closed month>` (or `visit add`, `deal set`) was committed, and check
    failed only afterwards: the frozen-month pass did not see the write it was validating."""
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    before = git(repo, "rev-parse", "HEAD")
    r = run("deal", "add", "lead=L-0001", "kind=adjustment", "product=年卡", "amount=10", "signed=2026-09-30",
            "payment.date=2026-09-30", "payment.taken_by=S-1", records=repo)
    assert r.exit_code == 1
    assert "deals/2026-09/D-0003.yaml:1: error: deal D-0003 was added to closed month 2026-09 (tag close/2026-09)" in r.stderr
    r = run("deal", "set", "D-0002", "product=年卡", records=repo)
    assert r.exit_code == 1 and "deal D-0002 was changed in closed month 2026-09" in r.stderr
    r = run("visit", "add", "staff=S-1", "lead=L-0001", "kind=call", "at=2026-09-20T10:00", records=repo)
    assert r.exit_code == 1 and "was added to closed month 2026-09" in r.stderr
    assert git(repo, "rev-parse", "HEAD") == before and git(repo, "status", "--porcelain") == ""
    r = run("deal", "add", "lead=L-0001", "kind=adjustment", "product=年卡", "amount=10", "signed=2026-10-02",
            "payment.date=2026-10-02", "payment.taken_by=S-1", records=repo)
    assert r.exit_code == 0, r.stderr
    assert run("check", records=repo).exit_code == 0


def test_reopen_needs_why(repo):
    r = run("close", "--month", "2026-09", "--reopen", records=repo)
    assert r.exit_code == 2


def test_close_refuses_uncommitted_changes(repo):
    (repo / "staff" / "S-3.yaml").write_text((repo / "staff" / "S-3.yaml").read_text() + "notes: 新同事\n")
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 4
    assert "uncommitted" in r.stderr


def test_close_refuses_records_with_errors(repo):
    (repo / "staff" / "S-3.yaml").write_text("id: S-3\nname: x\n")
    git(repo, "commit", "-qam", "break")
    r = run("close", "--month", "2026-09", records=repo)
    assert r.exit_code == 1
    assert "staff/S-3.yaml" in r.stderr and "missing required field channel" in r.stderr
    assert git(repo, "tag") == ""


def test_at_close_tag_reproduces_the_closed_csv_byte_for_byte_after_later_changes(repo):
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    closed = (repo / "reports" / "2026-09" / "split-deals.csv").read_text(encoding="utf-8")
    # later: the policy changes so that payments are split differently, and a new deal arrives
    write_records(repo, {"salesctl.yaml": """
        split:
          rules:
            - name: half
              rule: S2
              shares:
                - {to: payment_taker, share: 50}
                - {to: S-3, share: 50}
    """, "deals/2026-10/D-0003.yaml": """
        id: D-0003
        lead: L-0001
        kind: renewal
        amount: 999
        signed: 2026-10-02
        payment: {date: 2026-10-02, taken_by: S-1}
    """})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "new policy")
    at = run("--at", "close/2026-09", "split", "--month", "2026-09", "--format", "csv", records=repo)
    assert at.exit_code == 0, at.output
    assert at.stdout == closed
    # and without --at: a closed month is read at its tag, so it prints the closed report too
    now = run("split", "--month", "2026-09", "--format", "csv", records=repo)
    assert now.stdout == closed
    # the working tree was not touched by --at
    assert git(repo, "status", "--porcelain") == ""


def test_at_reads_without_checkout_and_refuses_writes(repo):
    (repo / "staff" / "S-3.yaml").unlink()  # a working-tree change --at must not see
    r = run("--at", "HEAD", "staff", "list", "--format", "csv", records=repo)
    assert r.exit_code == 0 and "S-3," in r.stdout
    assert not (repo / "staff" / "S-3.yaml").exists()
    r = run("--at", "HEAD", "lead", "set", "L-0001", "status=visited", records=repo)
    assert r.exit_code == 2
    r = run("--at", "no-such-rev", "lead", "list", records=repo)
    assert r.exit_code == 4 and "no such revision" in r.stderr


def test_history_and_diff_show_a_reassigned_lead_field_by_field(repo):
    assert run("lead", "set", "L-0001", "owner=S-2", "--why", "换人跟进", records=repo).exit_code == 0
    h = run("history", "L-0001", "--format", "json", records=repo)
    assert h.exit_code == 0, h.output
    import json

    entries = json.loads(h.stdout)
    assert entries[0]["status"] == "added"
    last = entries[-1]
    assert last["message"].startswith("lead set: L-0001 owner S-1 -> S-2")
    assert {"field": "owner", "old": "S-1", "new": "S-2"} in last["changes"]
    assert any(c["field"] == "log[2]" and c["new"]["why"] == "换人跟进" for c in last["changes"])
    d = run("diff", "HEAD~1", "HEAD", records=repo)
    assert d.exit_code == 0
    assert d.stdout.startswith("**1 lead reassigned**")
    assert "  - owner: S-1 -> S-2" in d.stdout
    dj = run("diff", "HEAD~1", "HEAD", "--format", "json", records=repo)
    assert json.loads(dj.stdout)["summary"] == "1 lead reassigned"


def test_history_and_diff_name_a_field_set_back_to_its_default(repo):
    """`lead set L status=new` writes `status: new`; history said `status: contacted -> (none)`
    because new is the default and defaults were left out of the comparison."""
    assert run("lead", "set", "L-0001", "status=new", records=repo).exit_code == 0
    h = run("history", "L-0001", "--format", "json", records=repo)
    import json

    assert json.loads(h.stdout)[-1]["changes"] == [{"field": "status", "old": "contacted", "new": "new"}]
    d = run("diff", "HEAD~1", "HEAD", records=repo)
    assert "  - status: contacted -> new" in d.stdout
    assert run("staff", "set", "S-2", "status=leave", records=repo).exit_code == 0
    assert run("staff", "set", "S-2", "status=active", records=repo).exit_code == 0
    assert "  - status: leave -> active" in run("diff", "HEAD~1", "HEAD", records=repo).stdout


def test_diff_of_the_working_tree_and_a_file_that_no_longer_parses(repo):
    (repo / "staff" / "S-3.yaml").write_text("id: S-3\nname: [broken\n", encoding="utf-8")
    write_records(repo, {"visits/2026-09/S-1.yaml": """
        - id: V-1
          lead: L-0001
          at: 2026-09-02T10:00:00+08:00
          kind: call
    """})
    d = run("diff", records=repo)
    assert d.exit_code == 0, d.output
    assert "1 visit added" in d.stdout.splitlines()[0] and "1 staff broken" in d.stdout.splitlines()[0]
    assert "does not parse" in d.stdout and "+name: [broken" in d.stdout


def _salesctl(*args, cwd):
    return subprocess.run([sys.executable, "-m", "salesctl", *args], cwd=cwd, capture_output=True, text=True,
                          env=checkout_env())


def test_two_concurrent_writers_never_interleave_and_the_loser_exits_3(repo):
    """Many pairs of real processes writing at once: each one either lands whole or exits 3."""
    outcomes = []
    for i in range(4):
        procs = [subprocess.Popen([sys.executable, "-m", "salesctl", "--records", str(repo), "lead", "set", "L-0001",
                                   f"status={'visited' if (i + j) % 2 else 'negotiating'}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=checkout_env()) for j in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=60)
            outcomes.append((p.returncode, err))
    codes = {c for c, _ in outcomes}
    assert codes <= {0, 3}, outcomes
    for code, err in outcomes:
        if code == 3:
            assert "another salesctl is writing" in err and "pid" in err
    assert run("check", records=repo).exit_code == 0
    git(repo, "fsck", "--no-progress")
    assert git(repo, "status", "--porcelain") == ""
    assert not (Path(repo) / ".git" / "salesctl.lock").exists()
    assert not list(Path(repo).rglob("*.tmp"))


def test_a_held_lock_names_its_holder_and_wait_gets_through(repo):
    import threading
    import time

    from salesctl import gitops

    held = threading.Event()
    release = threading.Event()

    def holder():
        with gitops.writer_lock(repo, "assign"):
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(5)
    p = _salesctl("--records", str(repo), "lead", "set", "L-0001", "status=visited", cwd=repo)
    assert p.returncode == 3
    assert "salesctl assign" in p.stderr
    threading.Timer(0.5, release.set).start()
    p = _salesctl("--records", str(repo), "lead", "set", "L-0001", "status=visited", "--wait", "10", cwd=repo)
    t.join()
    assert p.returncode == 0, p.stderr
    assert not (Path(repo) / ".git" / "salesctl.lock").exists()


def test_payout_and_score_after_close_print_exactly_the_closed_report(repo):
    assert run("close", "--month", "2026-09", records=repo).exit_code == 0
    reports = repo / "reports" / "2026-09"
    # later the policy pays more for first place: the closed month must not move
    write_records(repo, {"salesctl.yaml": """
        payout:
          top3: [5000, 1000, 500]
    """})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "policy: bigger bonus")
    for args, name in ((["payout", "--by", "staff"], "payout.csv"), (["payout", "--by", "line"], "payout-lines.csv"),
                       (["score"], "score.csv"), (["split", "--by", "staff"], "split-staff.csv")):
        r = run(*args, "--month", "2026-09", "--format", "csv", records=repo)
        assert r.exit_code == 0, r.output
        assert r.stdout == (reports / name).read_text(encoding="utf-8"), name
        assert "2026-09 is closed" in r.stderr
    # an open month uses the new policy
    r = run("--at", "HEAD", "payout", "--month", "2026-09", "--by", "staff", "--format", "csv", records=repo)
    assert "5000.00" in r.stdout
