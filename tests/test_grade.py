"""L4 customer grading (`salesctl lead grade`) and L3 cooperation history (`lead show`), worked by hand
from the thresholds of leads.grading; real git repositories, the real CLI."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import BASE, CHECKOUT, cli, git, make_repo, run

DEMO = CHECKOUT / "records"

# 星辰科技: a company customer of S-1's, graded general by hand. Its deals for a grading of 2026-10
# (window 2025-11-01 .. 2026-10-31 with the default 12 months): 30000 in March, 25000 in September, so
# spend 55000.00 >= important_spend 50000 -> important; the 2025-10 deal of 40000 is outside the window.
COMPANY = {
    "leads/L-0002.yaml": """
        id: L-0002
        name: 周经理
        company: 星辰科技
        industry: 互联网
        size: 50-200
        source: outreach
        created: 2025-09-01T10:00:00+08:00
        team: T-1
        owner: S-1
        status: won
        grade: general
        log:
          - {when: 2025-09-01T10:00:00+08:00, by: admin, to: S-1, rule: manual, why: 自行开发}
    """,
    "deals/2025-10/D-0001.yaml": """
        id: D-0001
        lead: L-0002
        product: 企业团卡
        amount: 40000
        signed: 2025-10-20
        payment: {date: 2025-10-20, taken_by: S-1}
    """,
    "deals/2026-03/D-0002.yaml": """
        id: D-0002
        lead: L-0002
        product: 企业团卡
        amount: 30000
        signed: 2026-03-02
        payment: {date: 2026-03-02, taken_by: S-1}
        term: {start: 2026-03-02, end: 2027-03-01, months: 12}
    """,
    "deals/2026-09/D-0003.yaml": """
        id: D-0003
        lead: L-0002
        product: 团建课程
        amount: 25000
        signed: 2026-09-15
        payment: {date: 2026-09-15, taken_by: S-1}
    """,
    "visits/2026-09/S-1.yaml": """
        - id: V-0001
          lead: L-0002
          at: 2026-09-20T15:00:00+08:00
          kind: complaint
          outcome: 投诉：团建场地太小
          category: 设施
          answered: 2026-09-20T18:00:00+08:00
    """,
}


def _head(root):
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture()
def repo(tmp_path):
    return make_repo(tmp_path / "r", {**BASE, **COMPANY})


def _grade(root, *args):
    return json.loads(cli(root, "lead", "grade", "--month", "2026-10", *args, "--format", "json"))


def test_a_company_customer_is_regraded_and_the_dry_run_writes_nothing(repo):
    before, text = _head(repo), (repo / "leads/L-0002.yaml").read_text(encoding="utf-8")
    rows = {r["lead"]: r for r in _grade(repo, "--dry-run")}
    # L-0002: 30000 + 25000 in the window; L-0001 (no grade, no deal) is classified too (000: new customers promptly)
    assert rows["L-0002"] == {"lead": "L-0002", "name": "周经理", "company": "星辰科技", "old": "general", "new": "important",
                              "spend": 55000.0, "deals": 2, "potential": "low", "rule": "L4",
                              "reason": "important: spend 55000.00 >= 50000.00"}
    assert rows["L-0001"]["old"] is None and rows["L-0001"]["new"] == "potential"
    assert _head(repo) == before and git(repo, "status", "--porcelain") == ""
    assert (repo / "leads/L-0002.yaml").read_text(encoding="utf-8") == text

    r = run("lead", "grade", "--month", "2026-10", records=repo)
    assert r.exit_code == 0, r.stderr
    assert "L-0002" in r.stdout and "general" in r.stdout and "important" in r.stdout
    assert git(repo, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert "lead grade: 2 customer(s) re-graded for 2026-10 (L4)" in git(repo, "log", "-1", "--format=%B")
    diff = cli(repo, "diff", "HEAD~1")
    assert "`L-0002` 周经理: changed" in diff and "grade: general -> important" in diff
    assert "grade: (none) -> potential" in diff
    # the comments and the other fields of the file are kept; a second run has nothing to do
    assert "grade: important" in (repo / "leads/L-0002.yaml").read_text(encoding="utf-8")
    again = run("lead", "grade", "--month", "2026-10", records=repo)
    assert again.exit_code == 0 and "no grade changes for 2026-10" in again.stderr and _head(repo) != before


@pytest.mark.parametrize("policy, month, new, reason", [
    # important_spend raised above the 55000: 2 deals < 3, size 50 < 200 -> general
    ("leads:\n  grading:\n    important_spend: 60000\n", "2026-10", "general",
     "general: spend 55000.00 >= 1000.00; below important (60000.00 or 3 deals)"),
    # a company of 200 or more (potential_size lowered to 50): general level lifted to important
    ("leads:\n  grading:\n    important_spend: 60000\n    potential_size: 50\n", "2026-10", "important",
     "important: general level (spend 55000.00 >= 1000.00) and high potential (potential_lifts)"),
    # frequency: 2 deals in the window against important_deals 2
    ("leads:\n  grading:\n    important_spend: 60000\n    important_deals: 2\n", "2026-10", "important",
     "important: 2 deals >= 2"),
    # a window of 1 month (2026-10): no deal in it -> potential
    ("leads:\n  grading:\n    window_months: 1\n", "2026-10", "potential",
     "potential: spend 0.00 < 1000.00 and 0 deal(s) < 1"),
    # 2026-03 with 6 months (2025-10 .. 2026-03): 40000 + 30000 = 70000 -> important
    ("leads:\n  grading:\n    window_months: 6\n", "2026-03", "important", "important: spend 70000.00 >= 50000.00"),
])
def test_thresholds_decide_by_hand(tmp_path, policy, month, new, reason):
    recorded = "general" if new == "potential" else "potential"   # so that the grade changes and is listed
    files = {**BASE, **COMPANY, "salesctl.yaml": policy}
    files["leads/L-0002.yaml"] = files["leads/L-0002.yaml"].replace("grade: general", f"grade: {recorded}")
    root = make_repo(tmp_path / "r", files)
    rows = json.loads(cli(root, "lead", "grade", "L-0002", "--month", month, "--dry-run", "--format", "json"))
    assert [(r["old"], r["new"], r["reason"]) for r in rows] == [(recorded, new, reason)]


def test_a_refund_lowers_spend_and_a_full_refund_is_not_a_deal(tmp_path):
    refund = """
        id: D-0004
        lead: L-0002
        kind: refund
        refund_of: D-0003
        amount: 25000
        signed: 2026-10-05
        payment: {date: 2026-10-05, taken_by: S-1}
    """
    files = {**BASE, **COMPANY, "deals/2026-10/D-0004.yaml": refund}
    files["leads/L-0002.yaml"] = files["leads/L-0002.yaml"].replace("grade: general", "grade: important")
    root = make_repo(tmp_path / "r", files)
    # 30000 + 25000 - 25000 = 30000, one deal left (D-0003 refunded in full): general
    rows = json.loads(cli(root, "lead", "grade", "L-0002", "--month", "2026-10", "--dry-run", "--format", "json"))
    assert [(r["new"], r["spend"], r["deals"]) for r in rows] == [("general", 30000.0, 1)]


def test_explain_cites_l4_step_by_step(repo):
    out = cli(repo, "lead", "grade", "L-0002", "--month", "2026-10", "--dry-run", "--explain")
    assert "L-0002 周经理 (星辰科技): general -> important" in out
    assert "  1. L4 spend 55000.00 from the deals signed 2025-11-01 to 2026-10-31 (12 months, refunds taken off)" in out
    assert "  2. L4 frequency 2 deal(s) of kinds new, renewal, upgrade, product" in out
    assert "  3. L4 potential low: company size 50-200 < 200" in out
    assert "  4. L4 important: spend 55000.00 >= 50000.00" in out
    zh = cli(repo, "--lang", "zh", "lead", "grade", "L-0002", "--month", "2026-10", "--dry-run", "--explain")
    assert "重要客户：消费金额 55000.00 >= 50000.00" in zh and "消费金额" in zh.splitlines()[0]
    csv = cli(repo, "lead", "grade", "--month", "2026-10", "--dry-run", "--format", "csv", "--explain")
    assert csv.splitlines()[0] == "lead,name,company,old,new,spend,deals,potential,rule,reason,explain"


def test_l4_off_grades_nothing(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE, **COMPANY, "salesctl.yaml": "rules:\n  L4: off\n"})
    r = run("lead", "grade", "--month", "2026-10", records=root)
    assert r.exit_code == 0 and "no grade changes" in r.stderr and git(root, "rev-list", "--count", "HEAD").strip() == "1"


@pytest.mark.parametrize("policy, says", [
    ("leads:\n  grading:\n    important_spend: 500\n", "leads.grading: important_spend 500.00 is below general_spend 1000.00"),
    ("leads:\n  grading:\n    important_deals: 1\n    general_deals: 2\n", "leads.grading: important_deals 1 is below general_deals 2"),
    ("leads:\n  grading:\n    general_spend: 0\n", "important_spend and general_spend must be above zero"),
    ("leads:\n  grading:\n    window_months: 0\n", "leads.grading.window_months: expected a whole number >= 1"),
    ("leads:\n  grading:\n    potential_statuses: [hot]\n", "leads.grading.potential_statuses"),
    ("leads:\n  grading:\n    spend_floor: 3\n", "spend_floor"),
])
def test_bad_thresholds_are_policy_errors(tmp_path, policy, says):
    root = make_repo(tmp_path / "r", {**BASE, **COMPANY, "salesctl.yaml": policy})
    r = run("check", records=root)
    assert r.exit_code == 1 and says in r.stdout + r.stderr
    before = _head(root)
    r = run("lead", "grade", "--month", "2026-10", records=root)
    assert r.exit_code == 1 and "salesctl.yaml has errors" in r.stderr
    assert _head(root) == before and git(root, "status", "--porcelain") == ""


def test_bad_arguments(repo):
    r = run("lead", "grade", "--month", "2026-13", "--dry-run", records=repo)
    assert r.exit_code == 2 and "--month '2026-13' is not YYYY-MM" in r.stderr
    r = run("lead", "grade", "L-9999", "--month", "2026-10", "--dry-run", records=repo)
    assert r.exit_code == 5 and "no lead L-9999" in r.stderr


def test_lead_show_lists_a_company_customers_cooperation(repo):
    out = cli(repo, "lead", "show", "L-0002")
    assert "cooperation  2025-10-20  deal  D-0001  企业团卡  40000.00  new" in out
    assert "2026-03-02  deal  D-0002  企业团卡  30000.00  term 2026-03-02 ~ 2027-03-01 (12 months)  new" in out
    assert "2026-09-20  complaint  V-0001  [设施] 投诉：团建场地太小  answered, not resolved" in out
    data = json.loads(cli(repo, "lead", "show", "L-0002", "--format", "json"))
    assert [c["id"] for c in data["cooperation"]] == ["D-0001", "D-0002", "D-0003", "V-0001"]
    assert "cooperation" not in json.loads(cli(repo, "lead", "show", "L-0001", "--format", "json"))   # no company
    # the contract term is a deal field set by command, validated
    cli(repo, "deal", "set", "D-0003", "term.start=2026-09-15", "term.months=6")
    assert "term: (none) -> {start: 2026-09-15, months: 6}" in cli(repo, "diff", "HEAD~1")
    before = _head(repo)
    r = run("deal", "set", "D-0003", "term.start=2026-09-15", "term.end=2026-09-01", records=repo)
    assert r.exit_code == 1 and "term ends 2026-09-01 before it starts 2026-09-15" in r.stdout + r.stderr
    assert _head(repo) == before


def test_l3_off_shows_no_history(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE, **COMPANY, "salesctl.yaml": "rules:\n  L3: off\n"})
    assert "cooperation" not in cli(root, "lead", "show", "L-0002")


def test_the_demo_regrades_a_company_customer_of_the_outreach_book(tmp_path):
    """On a copy of the demo: 外联部 runs club-outreach (001, L4 on); L-00952 (上海东方教育科技, 200-500 people)
    signed 71280.00 in the year to 2026-10 and was recorded potential: important. 电销部 (telesales, L4 off)
    is left alone."""
    root = tmp_path / "club"
    shutil.copytree(DEMO, root)
    make_repo(root)
    before = _head(root)
    rows = {r["lead"]: r for r in json.loads(cli(root, "lead", "grade", "--month", "2026-10", "--dry-run", "--format", "json"))}
    assert rows["L-00952"]["old"] == "potential" and rows["L-00952"]["new"] == "important"
    assert rows["L-00952"]["reason"] == "important: spend 71280.00 >= 50000.00"
    assert _head(root) == before and git(root, "status", "--porcelain") == ""
    from helpers import load_records

    recs = load_records(root)
    tele = {lid for lid, lead in recs.leads.items() if lead.owner and recs.department_of(recs.staff[lead.owner]) == "电销部"}
    assert tele and not tele & set(rows)
    cli(root, "lead", "grade", "L-00952", "--month", "2026-10")
    diff = cli(root, "diff", "HEAD~1")
    assert "`L-00952` 董淑: changed" in diff and "grade: potential -> important" in diff
    assert "重新评定 1 位客户的等级" in git(root, "log", "-1", "--format=%s")   # the demo writes Chinese
    assert Path(root / "leads/2026/L-00952.yaml").read_text(encoding="utf-8").count("grade: important") == 1
