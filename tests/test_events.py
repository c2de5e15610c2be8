"""Issue 14, L7 and L8: events (活动) as records whose results count in the outreach indicators (001),
and the prospects each member screens a month (004) — worked by hand from the rule books on new
repositories of each preset, entered with the record commands, read back with the real CLI.

001 「制定活動預算」「確認參與人數」「了解他們對活動的滿意度和意見建議」「撰寫活動總結報告」; 004
「根据客户画像,每月筛选30-50个潜在客户」.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from helpers import add, cli, git, make_repo, payroll, preset_repo, run

MONTH = "2026-10"


def outreach(root):
    """A 001 repository: a team head 周敏 (S-0001) and two specialists 王芳 (S-0002), 李雷 (S-0003)."""
    preset_repo(root, "club-outreach")
    add(root, "team", "name=外联一组", "department=外联部", "channel=outreach")
    for name, role in (("周敏", "leader"), ("王芳", "member"), ("李雷", "member")):
        add(root, "staff", f"name={name}", "team=T-0001", f"role={role}", "channel=outreach", "joined=2026-01-01",
            "targets.2026-10=50000")
    cli(root, "team", "set", "T-0001", "leader=S-0001")
    return root


def event_lead(root, name, created, event="EV-0001", by="S-0002"):
    return add(root, "lead", f"name={name}", f"company={name}公司", "source=event", f"event={event}",
               f"created={created}", f"submitted_by={by}", f"owner={by}", "team=T-0001")


def explain(root, month, staff) -> dict:
    """`score --month M --explain STAFF -f json`: indicator -> (value, evidence)."""
    got = json.loads(cli(root, "score", "--month", month, "--explain", staff, "--format", "json"), parse_float=Decimal)
    return {r["indicator"]: r for r in got["indicators"]}


def flags(root, month, staff, rule):
    text = cli(root, "payout", "--month", month, "--statement", staff)
    return [line for line in text.splitlines() if line.startswith(f"- **{rule}**")]


# ----------------------------------------------------------------------------- L7 indicators
def test_an_event_counts_in_its_organisers_indicators_with_its_evidence(tmp_path):
    # 品鉴会 on 10-17, organised by 王芳 and 李雷: budget 8000, spent 8600, 40 guests, 85% satisfied.
    # Leads gained: 3 in October, 1 more in November (not October's: a month reads only its own days).
    root = outreach(tmp_path / "r")
    assert add(root, "event", "name=秋季品鉴会", "date=2026-10-17", "organisers=[S-0002,S-0003]", "budget=8000",
               "cost=8600", "head_count=40", "satisfaction=85", "report=到场40人,3家有合作意向") == "EV-0001"
    for i, day in enumerate(("2026-10-17T15:00", "2026-10-17T16:00", "2026-10-20T10:00", "2026-11-02T10:00")):
        event_lead(root, f"客户{i}", day)
    rows = explain(root, MONTH, "S-0003")
    got = {k: rows[k]["value"] for k in ("events_held", "event_head_count", "event_satisfaction", "event_leads",
                                         "event_cost_per_lead")}
    # cost per lead: 8600.00 / 3 leads = 2866.67; each organiser is credited with the whole event
    assert got == {"events_held": 1, "event_head_count": 40, "event_satisfaction": Decimal("85"), "event_leads": 3,
                   "event_cost_per_lead": Decimal("2866.67")}
    assert "events/2026-10/EV-0001.yaml:1" in rows["event_satisfaction"]["evidence"]
    # 001's composite scores the satisfaction (weight 10 at target 100: 85/100 x 10 = 8.50 points)
    assert (rows["event_satisfaction"]["weight"], rows["event_satisfaction"]["points"]) == (10, Decimal("8.5"))
    # the table a person reads says the same, with the event's file
    text = cli(root, "score", "--month", MONTH, "--explain", "S-0002")
    [line] = [x for x in text.splitlines() if x.startswith("event_satisfaction")]
    assert "85.00" in line and "8.50" in line and "events/2026-10/EV-0001.yaml:1" in line
    # 周敏 organised none: no event indicators, the satisfaction item left out of her composite
    lead = explain(root, MONTH, "S-0001")
    assert (lead["events_held"]["value"], lead["event_satisfaction"]["value"], lead["event_satisfaction"]["points"]) == (0, None, None)
    # November: the event was October's
    assert explain(root, "2026-11", "S-0002")["events_held"]["value"] == 0


# ----------------------------------------------------------------------------- L7 flags
def test_a_missing_or_late_report_and_a_cost_over_budget_are_flagged_on_the_organisers(tmp_path):
    root = outreach(tmp_path / "r")
    add(root, "event", "name=品鉴会", "date=2026-10-10", "organisers=[S-0002]", "budget=5000", "cost=5000")   # no report: due 10-17
    add(root, "event", "name=论坛", "date=2026-10-12", "organisers=[S-0002]", "budget=5000", "cost=5200.50",
        "report=总结", "reported=2026-10-25")                                                                 # late: due 10-19
    add(root, "event", "name=晚会", "date=2026-10-14", "organisers=[S-0003]", "report=总结", "reported=2026-10-16")  # in time
    add(root, "event", "name=酒会", "date=2026-10-28", "organisers=[S-0003]")                              # due 11-04
    got = flags(root, MONTH, "S-0002", "L7")
    assert got == [
        "- **L7** event EV-0001 (品鉴会) of 2026-10-10: summary report not handed in within 7 days (held 2026-10-10, "
        "report due 2026-10-17; no report); evidence: events/2026-10/EV-0001.yaml:1",
        "- **L7** event EV-0002 (论坛) of 2026-10-12: summary report not handed in within 7 days (held 2026-10-12, "
        "report due 2026-10-19; report handed in 2026-10-25); evidence: events/2026-10/EV-0002.yaml:1",
        "- **L7** event EV-0002 (论坛) of 2026-10-12 cost more than its budget (cost 5200.50 > budget 5000.00 "
        "(over by 200.50)); evidence: events/2026-10/EV-0002.yaml:1",
    ]
    assert flags(root, MONTH, "S-0003", "L7") == []              # 晚会 in time; 酒会's report is due in November
    [nov] = flags(root, "2026-11", "S-0003", "L7")
    assert "EV-0004" in nov and "report due 2026-11-04" in nov
    # handing the report in (a correction by command) clears it
    cli(root, "event", "set", "EV-0004", "report=到场25人", "reported=2026-11-01")
    assert flags(root, "2026-11", "S-0003", "L7") == []


@pytest.mark.parametrize("setting", ["limits:\n  event_report_days: 0\n  event_over_budget: false\n", "rules:\n  L7: off\n"])
def test_the_l7_flags_switch_off_by_their_settings_and_by_the_rule_id(tmp_path, setting):
    root = outreach(tmp_path / "r")
    add(root, "event", "name=论坛", "date=2026-10-12", "organisers=[S-0002]", "budget=5000", "cost=6000")
    assert len(flags(root, MONTH, "S-0002", "L7")) == 2
    with open(root / "salesctl.yaml", "a", encoding="utf-8") as f:
        f.write("\n" + setting)
    git(root, "commit", "-qam", "switch off")
    assert flags(root, MONTH, "S-0002", "L7") == []


# ----------------------------------------------------------------------------- L8
def sales_team(root):
    preset_repo(root, "sales-team")
    add(root, "team", "name=销售一组", "department=销售部", "channel=outside")
    add(root, "staff", "name=王芳", "team=T-0001", "role=leader", "channel=outside", "joined=2026-01-01")
    for name in ("李雷", "韩梅"):
        add(root, "staff", f"name={name}", "team=T-0001", "channel=outside", "joined=2026-01-01", "targets.2026-10=50000")
    cli(root, "team", "set", "T-0001", "leader=S-0001")
    return root


def prospects(root, staff, n, start=0):
    """n leads submitted by staff in October (one import: a CSV of the screened prospects)."""
    rows = ["name,company,source,created,submitted_by,owner,status"]
    rows += [f"客户{staff}{i},公司{i},outreach,2026-10-{1 + i % 28:02d}T10:00,{staff},{staff},{'lost' if i % 3 else 'new'}"
             for i in range(start, start + n)]
    path = root.parent / f"{staff}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cli(root, "lead", "import", str(path))


def test_l8_a_member_with_29_prospects_screened_is_flagged_and_30_is_not(tmp_path):
    # 004 「每月筛选30-50个潜在客户」: 李雷 screened 29 in October, 韩梅 30 (two in three screened out: lost)
    root = sales_team(tmp_path / "r")
    prospects(root, "S-0002", 29)
    prospects(root, "S-0003", 30)
    [line] = flags(root, MONTH, "S-0002", "L8")
    assert line.startswith("- **L8** fewer than 30 prospects screened this month (29 prospects screened (leads submitted) < 30)")
    assert flags(root, MONTH, "S-0003", "L8") == []
    rows = explain(root, MONTH, "S-0002")
    assert rows["prospects_screened"]["value"] == 29
    # the payroll's flags column names it
    people = {r["staff"]: r for r in payroll(root, "--month", MONTH)}
    assert "L8 screening" in people["S-0002"]["flags"] and "L8" not in people["S-0003"]["flags"]


def test_l8_is_a_setting_and_a_rule_of_the_004_preset_only(tmp_path):
    root = sales_team(tmp_path / "r")
    prospects(root, "S-0002", 29)
    with open(root / "salesctl.yaml", "a", encoding="utf-8") as f:
        f.write("\nleads:\n  monthly_screened: 25\n")
    git(root, "commit", "-qam", "25 a month")
    assert flags(root, MONTH, "S-0002", "L8") == []
    # 001's rule book does not state it (L8 off in club-outreach)
    other = outreach(tmp_path / "o")
    assert flags(other, MONTH, "S-0002", "L8") == []


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("fields, message", [
    (("budget=-5",), "events/2026-10/EV-0001.yaml:6: error: budget: expected an amount of 0 or more, got -5.00"),
    (("cost=-0.01",), "events/2026-10/EV-0001.yaml:6: error: cost: expected an amount of 0 or more, got -0.01"),
    (("organisers=[S-0009]",), "events/2026-10/EV-0001.yaml:5: error: organisers[1] S-0009: no such staff"),
    (("organisers=[S-0002,S-0002]",), "events/2026-10/EV-0001.yaml:6: error: organiser S-0002 is named twice"),
    (("satisfaction=101",), "events/2026-10/EV-0001.yaml:6: error: satisfaction: expected a number <= 100.0"),
    (("head_count=-1",), "events/2026-10/EV-0001.yaml:6: error: head_count: expected a whole number >= 0"),
    (("reported=2026-10-01",), "events/2026-10/EV-0001.yaml:6: error: report handed in 2026-10-01, before the event (2026-10-17)"),
])
def test_bad_input_is_refused_with_its_line_and_nothing_is_written(tmp_path, fields, message):
    root = outreach(tmp_path / "r")
    before = git(root, "rev-parse", "HEAD")
    args = dict(x.split("=", 1) for x in ("name=品鉴会", "date=2026-10-17", "organisers=[S-0002]") + fields)
    result = run("event", "add", *(f"{k}={v}" for k, v in args.items()), records=root)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert git(root, "rev-parse", "HEAD") == before and not list((root / "events").glob("*/*.yaml"))


def test_a_bad_date_and_an_unknown_event_of_a_lead_are_refused(tmp_path):
    root = outreach(tmp_path / "r")
    result = run("event", "add", "name=品鉴会", "date=2026-10-32", "organisers=[S-0002]", records=root)
    assert result.exit_code != 0 and "date" in result.stderr and not list((root / "events").glob("*/*.yaml"))
    result = run("lead", "add", "name=张三", "source=event", "event=EV-0009", "created=2026-10-17T10:00", records=root)
    assert result.exit_code == 1 and "leads/2026/L-0001.yaml:4: error: event EV-0009: no such event" in result.stderr


def test_check_reports_a_hand_written_event_by_path_and_line(tmp_path):
    files = {
        "teams/T-1.yaml": "id: T-1\nname: 外联一组\nchannel: outreach\n",
        "staff/S-1.yaml": "id: S-1\nname: 王芳\nteam: T-1\nchannel: outreach\njoined: 2025-01-01\n",
        "events/2026-10/EV-1.yaml": "id: EV-1\nname: 品鉴会\ndate: 2026-10-17\norganisers: [S-1, S-7]\nbudget: -100\n",
        "events/2026-10/EV-2.yaml": "id: EV-2\nname: 论坛\ndate: 2026-11-02\norganisers: [S-1]\n",
        "events/2026-10/EV-3.yaml": "id: EV-3\nname: 晚会\ndate: 2026-10-20\norganisers: []\n",
    }
    root = make_repo(tmp_path / "r", files)
    result = run("check", records=root)
    assert result.exit_code == 1
    err = result.stdout + result.stderr
    assert "events/2026-10/EV-1.yaml:5: error: budget: expected an amount of 0 or more, got -100.00" in err
    assert "events/2026-10/EV-2.yaml:" in err and "2026-11-02" in err      # not in its month folder
    assert "events/2026-10/EV-3.yaml:4: error: organisers" in err           # at least one organiser


def test_events_on_records_without_any_change_nothing_else(tmp_path):
    """The money of a month is unchanged by an event: events only flag and score (L7)."""
    root = outreach(tmp_path / "r")
    before = {r["staff"]: r["total"] for r in payroll(root, "--month", MONTH)}
    add(root, "event", "name=品鉴会", "date=2026-10-17", "organisers=[S-0002]", "budget=100", "cost=200")
    after = {r["staff"]: r["total"] for r in payroll(root, "--month", MONTH)}
    assert before == after and Decimal(after["S-0002"]) == Decimal(0)


def test_a_report_handed_in_after_the_month_closed_is_allowed_and_other_changes_are_not(tmp_path):
    # 「活動結束后…撰寫活動總結報告」: an event of 10-28 is reported in November, after October was closed
    root = outreach(tmp_path / "r")
    add(root, "event", "name=酒会", "date=2026-10-28", "organisers=[S-0003]", "budget=3000", "cost=2800")
    cli(root, "close", "--month", MONTH)
    cli(root, "event", "set", "EV-0001", "report=到场25人", "reported=2026-11-02")
    assert flags(root, "2026-11", "S-0003", "L7") == []
    result = run("event", "set", "EV-0001", "cost=3500", records=root)
    assert result.exit_code == 1 and "closed month 2026-10" in result.stderr
