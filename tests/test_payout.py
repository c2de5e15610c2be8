"""Worked examples of every payout line and flag (P1-P7, K5, K8, L1, L2, T1-T4), each worked out by
hand from domain.md and asserted exactly through `salesctl payout --format json`.

The organisation (built by `org`): department 会籍部 with team T-1 会籍一组 (S-1 王芳 leader, S-2 李雷,
S-3 欧阳娜娜) and team T-2 会籍二组 (S-4 张伟 leader, S-5 陈静), all inside consultants working Monday
to Friday, joined 2025-01-01. Every deal is a new walk-in sale paid to the person named, so the
default split (S2) credits that person 100%. Default policy unless a test says otherwise.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from helpers import run, write_records

PEOPLE = {
    "S-1": ("王芳", "T-1", "leader"),
    "S-2": ("李雷", "T-1", "member"),
    "S-3": ("欧阳娜娜", "T-1", "member"),
    "S-4": ("张伟", "T-2", "leader"),
    "S-5": ("陈静", "T-2", "member"),
}


def staff_yaml(sid, targets=None, joined="2025-01-01", leave=(), channel="inside", team=None, left=None, role=None):
    name, t, r = PEOPLE.get(sid, (sid, "T-1", "member"))
    text = (f"id: {sid}\nname: {name}\nteam: {team or t}\nrole: {role or r}\nchannel: {channel}\n"
            f"joined: {joined}\n")
    if left:
        text += f"left: {left}\nstatus: left\n"
    if targets:
        text += "targets: {" + ", ".join(f"{m}: {v}" for m, v in targets.items()) + "}\n"
    if leave:
        text += "leave:\n" + "".join(f"  - {{start: {a}, end: {b}}}\n" for a, b in leave)
    return text


def org(tmp_path, targets=None, deals=(), files=None, policy=None, staff=None):
    """targets: {sid: {month: amount}}; deals: [(sid, amount, signed, extra yaml or '')]."""
    out = {
        "teams/T-1.yaml": "id: T-1\nname: 会籍一组\nleader: S-1\ndepartment: 会籍部\nchannel: inside\n",
        "teams/T-2.yaml": "id: T-2\nname: 会籍二组\nleader: S-4\ndepartment: 会籍部\nchannel: inside\n",
        "leads/L-1.yaml": "id: L-1\nname: 张三\nsource: walk-in\ncreated: 2025-01-05T10:00:00+08:00\nowner: S-1\n",
    }
    for sid in PEOPLE:
        out[f"staff/{sid}.yaml"] = staff_yaml(sid, (targets or {}).get(sid))
    for sid, text in (staff or {}).items():
        out[f"staff/{sid}.yaml"] = text
    for i, d in enumerate(deals, 1):
        sid, amount, signed = d[:3]
        extra = d[3] if len(d) > 3 else ""
        out[f"deals/{signed[:7]}/D-{i}.yaml"] = (
            f"id: D-{i}\nlead: L-1\namount: {amount}\nsigned: {signed}\n"
            f"payment: {{date: {signed}, taken_by: {sid}}}\n"
            + ("" if "delivered:" in extra else f"delivered: {signed}\n") + extra)
    if policy:
        out["salesctl.yaml"] = policy
    out.update(files or {})
    return write_records(tmp_path / "records", out)


def payout(root, month, *more):
    res = run("payout", "--month", month, "--format", "json", *more, records=root)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def lines(root, month, code=None, rule=None):
    return [x for x in payout(root, month) if (code is None or x["code"] == code) and (rule is None or x["rule"] == rule)]


def amounts(root, month, code):
    """{staff: amount} of the lines of one code (one line per person per code unless said)."""
    out = {}
    for x in lines(root, month, code):
        assert x["staff"] not in out, f"two {code} lines for {x['staff']}"
        out[x["staff"]] = Decimal(str(x["amount"]))
    return out


def D(x) -> Decimal:
    return Decimal(str(x))


# ----------------------------------------------------------------------------- P1 top three
def test_p1_two_tied_for_first_share_first_and_second_place(tmp_path):
    root = org(tmp_path, deals=[("S-1", 60000, "2026-08-05"), ("S-2", 60000, "2026-08-06"),
                                ("S-3", 40000, "2026-08-07"), ("S-4", 10000, "2026-08-08")])
    got = amounts(root, "2026-08", "top3")
    # places 1-2 tied: (2000 + 1000) / 2 = 1500 each; S-3 third: 500; S-4 fourth: nothing
    assert got == {"S-1": D(1500), "S-2": D(1500), "S-3": D(500)}
    assert sum(got.values()) == 3500
    line = lines(root, "2026-08", "top3")[0]
    assert line["rule"] == "P1" and line["kind"] == "bonus"
    assert line["arithmetic"] == "2 tied at 60000.00 for places 1-2: (2000.00 + 1000.00) / 2 = 1500.00"


def test_p1_three_tied_for_second_share_second_and_third(tmp_path):
    root = org(tmp_path, deals=[("S-1", 60000, "2026-08-05"), ("S-2", 30000, "2026-08-06"),
                                ("S-3", 30000, "2026-08-07"), ("S-4", 30000, "2026-08-08"), ("S-5", 1000, "2026-08-08")])
    # places 2-4 tied: (1000 + 500) / 3 = 500 each (place 4 has no bonus)
    assert amounts(root, "2026-08", "top3") == {"S-1": D(2000), "S-2": D(500), "S-3": D(500), "S-4": D(500)}


def test_p1_three_tied_for_first_split_to_the_cent(tmp_path):
    root = org(tmp_path, deals=[("S-1", 5000, "2026-08-05"), ("S-2", 5000, "2026-08-06"), ("S-3", 5000, "2026-08-07")])
    # 3500.00 / 3 = 1166.666…: 1166.67, 1166.67, 1166.66, the extra cents to the first in staff id order
    assert amounts(root, "2026-08", "top3") == {"S-1": D("1166.67"), "S-2": D("1166.67"), "S-3": D("1166.66")}


def test_p1_amounts_come_from_policy_and_refunds_count_in_their_month(tmp_path):
    refund = "kind: refund\nrefund_of: D-1\n"
    root = org(tmp_path, policy="payout:\n  top3: [800, 300]\n",
               deals=[("S-1", 50000, "2026-07-05"), ("S-2", 30000, "2026-08-06"), ("S-3", 20000, "2026-08-07"),
                      ("S-1", 45000, "2026-08-10", refund)])
    # August: S-1 is credited -45000 (the refund of July's deal): S-2 first, S-3 second
    assert amounts(root, "2026-08", "top3") == {"S-2": D(800), "S-3": D(300)}
    assert amounts(root, "2026-07", "top3") == {"S-1": D(800)}


# ----------------------------------------------------------------------------- P2
MONTHS = ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]


def streak_org(tmp_path, leave=(), s1_targets=None, s1_months=MONTHS):
    """S-1 sells 30000 in each of s1_months; S-2 10000 and S-4 5000 every month; targets 20000 each."""
    targets = {sid: {m: 20000 for m in MONTHS} for sid in PEOPLE}
    if s1_targets is not None:
        targets["S-1"] = s1_targets
    deals = []
    for m in MONTHS:
        if m in s1_months:
            deals.append(("S-1", 30000, f"{m}-10"))
        deals += [("S-2", 10000, f"{m}-11"), ("S-4", 5000, f"{m}-12")]
    staff = {"S-1": staff_yaml("S-1", targets["S-1"], leave=leave)} if leave else None
    return org(tmp_path, targets=targets, deals=deals, staff=staff)


def test_p2_department_top_who_reached_target_gets_200(tmp_path):
    root = streak_org(tmp_path)
    got = lines(root, "2026-03", "dept-top")
    assert [(x["staff"], D(x["amount"]), x["rule"]) for x in got] == [("S-1", D(200), "P2")]


def test_p2_department_top_who_missed_target_gets_nothing(tmp_path):
    targets = {"S-1": {"2026-08": 50000}}
    root = org(tmp_path, targets=targets, deals=[("S-1", 40000, "2026-08-05"), ("S-2", 10000, "2026-08-05")])
    assert lines(root, "2026-08", "dept-top") == []


def test_p2_six_months_top_of_team_pays_300_and_three_months_flags_a_raise(tmp_path):
    root = streak_org(tmp_path)
    assert amounts(root, "2026-08", "team-streak")["S-1"] == D(300)
    x = lines(root, "2026-08", "team-streak")[0]
    assert x["evidence"] == MONTHS and x["rule"] == "P2"
    # five months running in July: nothing yet
    assert lines(root, "2026-07", "team-streak") == []
    # raise: top of the department 3 months running; flagged each month the run is 3 or more
    assert [x["staff"] for x in lines(root, "2026-05", "raise")] == ["S-1"]
    assert lines(root, "2026-04", "raise") == []
    assert lines(root, "2026-08", "raise")[0]["evidence"] == MONTHS


def test_p2_team_leader_of_other_team_has_own_streak(tmp_path):
    root = streak_org(tmp_path)
    # S-4 is the top of T-2 every month (5000 against S-5's nothing)
    assert amounts(root, "2026-08", "team-streak") == {"S-1": D(300), "S-4": D(300)}
    # ... but never the top of the department, so no raise
    assert {x["staff"] for x in lines(root, "2026-08", "raise")} == {"S-1"}


def test_p2_six_month_streak_broken_by_a_month_of_leave(tmp_path):
    # S-1 on leave all of May, sells nothing then: S-2 is top of T-1 in May; S-1's run in August is June-August
    root = streak_org(tmp_path, leave=[("2026-05-01", "2026-05-31")],
                      s1_months=[m for m in MONTHS if m != "2026-05"])
    assert [x["staff"] for x in lines(root, "2026-08", "team-streak")] == ["S-4"]
    raise_ = lines(root, "2026-08", "raise")
    assert [(x["staff"], x["evidence"]) for x in raise_] == [("S-1", ["2026-06", "2026-07", "2026-08"])]


def test_p2_leave_for_a_whole_month_breaks_the_streak_even_when_still_top(tmp_path):
    # S-1 is on leave all of May yet credited with a deal signed on 10 May: still the most in the team, but
    # absent from the month, so the run restarts in June
    root = streak_org(tmp_path, leave=[("2026-05-01", "2026-05-31")])
    assert [x["staff"] for x in lines(root, "2026-08", "team-streak")] == ["S-4"]
    assert lines(root, "2026-05", "dept-top") == []  # the most in the department, but absent that month
    assert lines(root, "2026-08", "raise")[0]["evidence"] == ["2026-06", "2026-07", "2026-08"]


def test_p2_a_month_without_target_breaks_the_streak(tmp_path):
    root = streak_org(tmp_path, s1_targets={m: 20000 for m in MONTHS if m != "2026-04"})
    assert [x["staff"] for x in lines(root, "2026-08", "team-streak")] == ["S-4"]
    assert lines(root, "2026-08", "raise")[0]["evidence"] == ["2026-05", "2026-06", "2026-07", "2026-08"]


def test_p2_twelve_months_top_of_department_pays_500(tmp_path):
    months = [f"2025-{m:02d}" for m in range(9, 13)] + [f"2026-{m:02d}" for m in range(1, 9)]
    deals = [("S-1", 30000, f"{m}-10") for m in months] + [("S-2", 10000, f"{m}-11") for m in months]
    root = org(tmp_path, targets={"S-1": {m: 20000 for m in months}, "S-2": {m: 20000 for m in months}}, deals=deals)
    assert amounts(root, "2026-08", "dept-streak") == {"S-1": D(500)}
    assert lines(root, "2026-08", "dept-streak")[0]["evidence"] == months
    assert lines(root, "2026-07", "dept-streak") == []
    # six months (2026-02) and twelve (2026-08) top of the team: 300 each time
    assert amounts(root, "2026-02", "team-streak") == {"S-1": D(300)}
    assert amounts(root, "2026-08", "team-streak") == {"S-1": D(300)}
    assert lines(root, "2026-05", "team-streak") == []


# ----------------------------------------------------------------------------- P3, K5
def test_p3_three_missed_targets_flag_demotion_naming_the_months(tmp_path):
    months = ["2026-06", "2026-07", "2026-08"]
    root = org(tmp_path, targets={"S-2": {m: 50000 for m in months}},
               deals=[("S-2", 10000, f"{m}-10") for m in months])
    assert lines(root, "2026-07", "demotion") == []
    got = lines(root, "2026-08", "demotion")
    assert [(x["staff"], x["rule"], x["kind"], x["evidence"]) for x in got] == [("S-2", "P3", "flag", months)]
    plans = lines(root, "2026-08", "improvement-plan")
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in plans] == [
        ("S-2", "K5", "credited 10000.00 < target 50000.00 (20.00%)")]


def test_p3_a_reached_target_breaks_the_run(tmp_path):
    months = ["2026-05", "2026-06", "2026-07", "2026-08"]
    root = org(tmp_path, targets={"S-2": {m: 50000 for m in months}},
               deals=[("S-2", 10000, "2026-05-10"), ("S-2", 10000, "2026-06-10"), ("S-2", 50000, "2026-07-10"),
                      ("S-2", 10000, "2026-08-10")])
    assert lines(root, "2026-08", "demotion") == []
    assert lines(root, "2026-07", "improvement-plan") == []


# ----------------------------------------------------------------------------- P4
def test_p4_commission_marginal_tiers(tmp_path):
    root = org(tmp_path, targets={"S-1": {"2026-08": 50000}, "S-2": {"2026-08": 50000}, "S-3": {"2026-08": 50000}},
               deals=[("S-1", 70000, "2026-08-05"), ("S-2", 55000, "2026-08-05"), ("S-3", 50000, "2026-08-05")])
    # S-1: 3% x (60000 - 50000) + 5% x (70000 - 60000) = 300 + 500 = 800; S-2: 3% x 5000 = 150; S-3 at target: none
    assert amounts(root, "2026-08", "commission") == {"S-1": D(800), "S-2": D(150)}
    x = lines(root, "2026-08", "commission")[0]
    assert x["rule"] == "P4"
    assert "3% x (60000.00 - 50000.00) = 300.00" in x["arithmetic"] and "5% x (70000.00 - 60000.00) = 500.00" in x["arithmetic"]


def test_p4_commission_flat_tiers(tmp_path):
    root = org(tmp_path, policy="payout:\n  commission_mode: flat\n",
               targets={"S-1": {"2026-08": 50000}, "S-2": {"2026-08": 50000}, "S-3": {"2026-08": 50000}},
               deals=[("S-1", 70000, "2026-08-05"), ("S-2", 55000, "2026-08-05"), ("S-3", 60000, "2026-08-05")])
    # flat: the highest tier reached, on everything above target: S-1 5% x 20000 = 1000; S-2 3% x 5000 = 150;
    # S-3 exactly at 120% reaches the 5% tier: 5% x 10000 = 500
    assert amounts(root, "2026-08", "commission") == {"S-1": D(1000), "S-2": D(150), "S-3": D(500)}


def test_p4_commission_rounds_each_slice_to_the_cent(tmp_path):
    root = org(tmp_path, targets={"S-1": {"2026-08": "33333.33"}}, deals=[("S-1", "41111.11", "2026-08-05")])
    # 120% of 33333.33 = 39999.996; 3% x (39999.996 - 33333.33) = 199.99998 -> 200.00;
    # 5% x (41111.11 - 39999.996) = 55.5557 -> 55.56; total 255.56
    assert amounts(root, "2026-08", "commission") == {"S-1": D("255.56")}


ATTAINMENT_ONLY = """
score:
  items:
    inside:
      - {indicator: attainment, weight: 100, target: 100}
"""


def test_p4_grade_bonus_by_grade(tmp_path):
    t = {"2026-08": 50000}
    root = org(tmp_path, policy=ATTAINMENT_ONLY, targets={s: t for s in PEOPLE},
               deals=[("S-1", 70000, "2026-08-05"), ("S-2", 42500, "2026-08-05"), ("S-3", 35000, "2026-08-05"),
                      ("S-4", 25000, "2026-08-05")])
    # composite = attainment capped at 100%: S-1 100 excellent 500; S-2 85 good 200; S-3 70 pass 0; S-4 50 fail 0
    assert amounts(root, "2026-08", "grade-bonus") == {"S-1": D(500), "S-2": D(200)}
    assert lines(root, "2026-08", "grade-bonus")[1]["arithmetic"] == "composite 85.00 -> good: 200.00"


# ----------------------------------------------------------------------------- P5
def test_p5_late_and_absent_across_the_15_minute_line(tmp_path):
    att = """
        - {date: 2026-08-03, late_minutes: 15}
        - {date: 2026-08-04, late_minutes: 16}
        - {date: 2026-08-05, late_minutes: 3, early_minutes: 5}
        - {date: 2026-08-06, absent: half}
        - {date: 2026-08-07, absent: full}
        - {date: 2026-08-10, leave: 病假}
    """
    root = org(tmp_path, files={"attendance/2026-08/S-2.yaml": att})
    # 15 min: late, 50; 16 min: half a day absent, 100; late 3 and early 5 the same day: 2 x 50;
    # absent half: 100; absent full: 200 and a warning; leave is not an absence
    assert amounts(root, "2026-08", "late") == {"S-2": D(-150)}
    assert amounts(root, "2026-08", "half-day") == {"S-2": D(-200)}
    assert amounts(root, "2026-08", "full-day") == {"S-2": D(-200)}
    report = lines(root, "2026-08", "absent-days")
    assert [(x["staff"], D(x["days"]), D(x["amount"]), x["kind"]) for x in report] == [("S-2", D(3), D(0), "report")]   # two half days cost a day's pay each
    warn = lines(root, "2026-08", "warning")
    assert [(x["staff"], x["rule"], x["kind"]) for x in warn] == [("S-2", "P5", "flag")]
    assert lines(root, "2026-08", "dismissal") == []
    late = lines(root, "2026-08", "late")[0]
    assert late["arithmetic"] == "3 x 50.00 = 150.00 deducted"
    assert late["evidence"][0] == "2026-08-03 late 15 min (attendance/2026-08/S-2.yaml:1)"
    by_staff = run("payout", "--month", "2026-08", "--by", "staff", "-f", "json", records=root)
    row = next(x for x in json.loads(by_staff.stdout) if x["staff"] == "S-2")
    assert D(row["deductions"]) == -550 and D(row["total"]) == -550 and D(row["absent_days"]) == 3


def test_p5_three_working_days_absent_in_a_row_flag_dismissal(tmp_path):
    # Thursday, Friday, then Monday: the weekend between is not a working day
    att = "- {date: 2026-08-13, absent: full}\n- {date: 2026-08-14, absent: full}\n- {date: 2026-08-17, absent: full}\n"
    root = org(tmp_path, files={"attendance/2026-08/S-3.yaml": att})
    got = lines(root, "2026-08", "dismissal")
    assert [(x["staff"], x["rule"], x["evidence"]) for x in got] == [("S-3", "P5", ["2026-08-13", "2026-08-14", "2026-08-17"])]
    assert amounts(root, "2026-08", "full-day") == {"S-3": D(-600)}
    assert len(lines(root, "2026-08", "warning")) == 3


def test_p5_absences_with_a_working_day_between_are_not_in_a_row(tmp_path):
    att = "- {date: 2026-08-13, absent: full}\n- {date: 2026-08-14, absent: full}\n- {date: 2026-08-18, absent: full}\n"
    root = org(tmp_path, files={"attendance/2026-08/S-3.yaml": att})
    assert lines(root, "2026-08", "dismissal") == []


def test_p5_five_days_absent_in_the_year_flag_dismissal_in_the_month_reached(tmp_path):
    files = {
        "attendance/2026-03/S-3.yaml": "- {date: 2026-03-02, absent: full}\n",
        "attendance/2026-04/S-3.yaml": "- {date: 2026-04-06, absent: full}\n",
        "attendance/2026-05/S-3.yaml": "- {date: 2026-05-04, absent: full}\n",
        "attendance/2026-06/S-3.yaml": "- {date: 2026-06-01, absent: full}\n",
        # 4.5 days after the half day; late by 20 minutes counts as another half day: 5
        "attendance/2026-08/S-3.yaml": "- {date: 2026-08-03, absent: half}\n- {date: 2026-08-04, late_minutes: 20}\n",
        "attendance/2025-12/S-3.yaml": "- {date: 2025-12-01, absent: full}\n",  # last year: does not count
    }
    root = org(tmp_path, files=files)
    got = lines(root, "2026-08", "dismissal")
    assert [(x["staff"], x["arithmetic"]) for x in got] == [("S-3", "5 >= 5 days this year")]
    assert lines(root, "2026-06", "dismissal") == []


# ----------------------------------------------------------------------------- P6
def rated_visits(staff_id, ratings, day=10):
    return "".join(f"- {{id: V-{staff_id}-{i}, lead: L-1, at: '2026-08-{day:02d}T10:{i:02d}:00+08:00', kind: return-visit, rating: {r}}}\n"
                   for i, r in enumerate(ratings))


STAR_300 = ("payout:\n  titles:\n    - {name: 销售之星, rank_by: sales, bonus: 300}\n"
            "    - {name: 客户服务标兵, rank_by: [satisfaction, satisfaction_mean], minimum: {ratings: 5, satisfaction: 80}}\n")


def test_p6_sales_star_and_customer_service_model(tmp_path):
    files = {
        "visits/2026-08/S-2.yaml": rated_visits("S-2", [5, 5, 5, 5, 5]),
        "visits/2026-08/S-3.yaml": rated_visits("S-3", [4, 4, 4, 4, 4, 4]),   # all satisfied too, but mean 4
        "visits/2026-08/S-4.yaml": rated_visits("S-4", [5, 5]),               # too few ratings (5 needed)
    }
    root = org(tmp_path, policy=STAR_300, files=files,
               deals=[("S-1", 30000, "2026-08-05"), ("S-2", 20000, "2026-08-05")])
    got = [(x["staff"], x["rule"], x["kind"], D(x["amount"]), x["what"]) for x in lines(root, "2026-08", "title")]
    assert got == [("S-1", "P6", "title", D(300), "title: 销售之星, highest sales"),
                   ("S-2", "P6", "title", D(0), "title: 客户服务标兵, highest satisfaction")]


# ----------------------------------------------------------------------------- flags
def test_k5_satisfaction_below_80_percent(tmp_path):
    files = {"visits/2026-08/S-3.yaml": rated_visits("S-3", [5, 3, 2, 4, 3]),
             "visits/2026-08/S-2.yaml": rated_visits("S-2", [5, 4, 4, 4, 3])}
    root = org(tmp_path, files=files)
    # S-3: 2 of 5 ratings at 4 or more = 40% < 80%; S-2: 4 of 5 = 80%, not below
    got = lines(root, "2026-08", "satisfaction")
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in got] == [
        ("S-3", "K5", "40.00% of 5 ratings at 4 or more < 80%")]
    assert got[0]["evidence"] == ["visits/2026-08/S-3.yaml:1,2,3,4,5"]


def leads_yaml(sid, days_):
    return {f"leads/L-{sid}-{i}.yaml": f"id: L-{sid}-{i}\nname: 客户{i}\nsource: flyer\ncreated: {d}T10:00:00+08:00\nsubmitted_by: {sid}\n"
            for i, d in enumerate(days_)}


def test_l1_weekly_leads_and_l2_monthly_prospects(tmp_path):
    # S-2 (a member) submits 4 leads in the week of 3-9 August and 5 in the week of 10-16 August
    files = leads_yaml("S-2", ["2026-08-03"] * 4 + ["2026-08-11"] * 5)
    # S-3 submits nothing, but is on leave 17-21 August (the whole working week): that week is not required
    staff = {"S-3": staff_yaml("S-3", leave=[("2026-08-17", "2026-08-21")])}
    root = org(tmp_path, files=files, staff=staff)
    weeks = lambda sid: [x["evidence"][0] for x in lines(root, "2026-08", "lead-minimum") if x["staff"] == sid]
    # weeks ending (Sunday) in August: 27 Jul-2 Aug, 3-9, 10-16, 17-23, 24-30
    assert weeks("S-2") == ["week 2026-07-27..2026-08-02", "week 2026-08-03..2026-08-09",
                            "week 2026-08-17..2026-08-23", "week 2026-08-24..2026-08-30"]
    assert weeks("S-3") == ["week 2026-07-27..2026-08-02", "week 2026-08-03..2026-08-09",
                            "week 2026-08-10..2026-08-16", "week 2026-08-24..2026-08-30"]
    assert weeks("S-1") == []  # leaders are not held to it (limits.minimum_roles: member)
    assert lines(root, "2026-08", "lead-minimum")[1]["arithmetic"] == "4 < 5"
    # L2: S-2 has 9 prospects this month, S-3 none
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in lines(root, "2026-08", "prospects")] == [
        ("S-3", "L2", "0 leads submitted < 5"), ("S-5", "L2", "0 leads submitted < 5")]


def test_l2_prospects_prorated_for_a_new_joiner(tmp_path):
    # S-5 joins on 16 August: 16 of 31 days, needs 5 x 16/31 = 2.58 prospects: 3 is enough, 2 is not
    staff = {"S-5": staff_yaml("S-5", joined="2026-08-16")}
    root = org(tmp_path, staff=staff, files=leads_yaml("S-5", ["2026-08-17", "2026-08-18"]))
    got = [x for x in lines(root, "2026-08", "prospects") if x["staff"] == "S-5"]
    assert got[0]["arithmetic"] == "2 leads submitted < 2.58 (5 x 16/31 days)"
    root2 = org(tmp_path / "b", staff=staff, files=leads_yaml("S-5", ["2026-08-17", "2026-08-18", "2026-08-19"]))
    assert [x for x in lines(root2, "2026-08", "prospects") if x["staff"] == "S-5"] == []


def test_k8_contacts_per_working_day(tmp_path):
    # August 2026 has 21 weekdays; S-2 logs 41 contacts (< 42), S-3 logs 42
    calls = lambda sid, n: "".join(f"- {{id: V-{sid}-{i}, lead: L-1, at: '2026-08-{3 + i % 20:02d}T10:{i % 60:02d}:00+08:00', kind: call}}\n"
                                   for i in range(n))
    root = org(tmp_path, files={"visits/2026-08/S-2.yaml": calls("S-2", 41), "visits/2026-08/S-3.yaml": calls("S-3", 42)})
    got = [x for x in lines(root, "2026-08", "contacts") if x["staff"] in ("S-2", "S-3")]
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in got] == [
        ("S-2", "K8", "41 contacts / 21 working days = 1.95 < 2")]


def test_t1_quote_later_than_two_days_after_need_confirmed(tmp_path):
    visits = """
        - {id: V-1, lead: L-1, at: '2026-08-10T10:00:00+08:00', kind: need-confirmed}
        - {id: V-2, lead: L-1, at: '2026-08-13T09:00:00+08:00', kind: quote}
        - {id: V-3, lead: L-2, at: '2026-08-20T10:00:00+08:00', kind: need-confirmed}
        - {id: V-4, lead: L-2, at: '2026-08-22T18:00:00+08:00', kind: quote}
        - {id: V-5, lead: L-3, at: '2026-08-30T10:00:00+08:00', kind: need-confirmed}
    """
    leads = {f"leads/L-{i}.yaml": f"id: L-{i}\nname: 客户\nsource: walk-in\ncreated: 2026-08-01T10:00:00+08:00\n" for i in (2, 3)}
    root = org(tmp_path, files={"visits/2026-08/S-2.yaml": visits, **leads})
    # L-1: due 12 August, quoted the 13th: late. L-2: quoted on day 2: fine. L-3: due 1 September: September's
    got = lines(root, "2026-08", "late-quote")
    assert [(x["staff"], x["rule"], x["arithmetic"], x["evidence"]) for x in got] == [
        ("S-2", "T1", "need confirmed 2026-08-10, quote due by 2026-08-12, none logged by then", ["visits/2026-08/S-2.yaml:1"])]
    sept = lines(root, "2026-09", "late-quote")
    assert [x["evidence"] for x in sept] == [["visits/2026-08/S-2.yaml:5"]]


def test_t2_delivery_not_confirmed_within_three_days(tmp_path):
    # 「签约后3日内完成客户交付确认」: only a deal kind with a delivery (limits.delivery_kinds: product);
    # a membership card (new, renewal, ...) has none, so S-2's late-looking card raises nothing
    root = org(tmp_path, deals=[
        ("S-1", 1000, "2026-08-05", "kind: product\ndelivered: 2026-08-09\n"),   # due the 8th: late
        ("S-2", 1000, "2026-08-05", "kind: new\ndelivered: 2026-08-09\n"),       # a card: no delivery
        ("S-2", 1000, "2026-08-10", "kind: product\ndelivered: 2026-08-13\n"),   # on the last day: fine
        ("S-3", 1000, "2026-08-30", "kind: product\ndelivered: null\n"),          # due 2 September: September's flag
    ])
    got = lines(root, "2026-08", "late-delivery")
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in got] == [
        ("S-1", "T2", "signed 2026-08-05, due by 2026-08-08, confirmed 2026-08-09")]
    assert [(x["staff"], x["arithmetic"]) for x in lines(root, "2026-09", "late-delivery")] == [
        ("S-3", "signed 2026-08-30, due by 2026-09-02, not confirmed")]


def test_t3_complaint_not_answered_within_24_hours(tmp_path):
    visits = """
        - {id: V-1, lead: L-1, at: '2026-08-10T10:00:00+08:00', kind: complaint, answered: '2026-08-11T11:00:00+08:00'}
        - {id: V-2, lead: L-1, at: '2026-08-12T10:00:00+08:00', kind: complaint, answered: '2026-08-13T09:00:00+08:00'}
        - {id: V-3, lead: L-1, at: '2026-08-14T10:00:00+08:00', kind: complaint}
    """
    root = org(tmp_path, files={"visits/2026-08/S-3.yaml": visits})
    got = lines(root, "2026-08", "late-complaint")
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in got] == [
        ("S-3", "T3", "received 2026-08-10 10:00, due by 2026-08-11 10:00, answered after 25 hours"),
        ("S-3", "T3", "received 2026-08-14 10:00, due by 2026-08-15 10:00, no answer recorded"),
    ]


def test_t4_large_deal_not_reported(tmp_path):
    # 「金额超过规定阈值(如10万元)」: above 100,000, not at it; the report comes before signing (签约前)
    root = org(tmp_path, deals=[("S-2", "100000.01", "2026-08-05"),                                   # not reported
                                ("S-3", "100000.01", "2026-08-05", "reported: {to: S-1, at: 2026-08-05}\n"),  # the day it is signed
                                ("S-3", 150000, "2026-08-05", "reported: {to: S-1, at: 2026-08-06}\n"),       # a day late
                                ("S-1", 100000, "2026-08-05")])                                       # at the threshold
    got = lines(root, "2026-08", "unreported-deal")
    assert [(x["staff"], x["rule"], x["arithmetic"], x["evidence"]) for x in got] == [
        ("S-2", "T4", "100000.01 > 100000.00: no report recorded", ["deals/2026-08/D-1.yaml:1"]),
        ("S-3", "T4", "150000.00 > 100000.00: reported 2026-08-06, after signing 2026-08-05 (a report comes before signing)",
         ["deals/2026-08/D-3.yaml:1"])]


def test_training_score_below_80(tmp_path):
    files = {"reviews/2026-08/S-2.yaml": "training_attended: 2\ntraining_score: 79\n",
             "reviews/2026-08/S-3.yaml": "training_score: 80\n"}
    root = org(tmp_path, files=files)
    got = lines(root, "2026-08", "training")
    assert [(x["staff"], x["rule"], x["arithmetic"], x["evidence"]) for x in got] == [
        ("S-2", "K4", "79 < 80", ["reviews/2026-08/S-2.yaml:1"])]


def test_p7_yearly_target_reached_flag_in_december(tmp_path):
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    root = org(tmp_path, targets={"S-1": {m: 10000 for m in months}, "S-2": {m: 10000 for m in months}},
               deals=[("S-1", 120000, "2026-12-01"), ("S-2", 119999, "2026-12-01")])
    got = lines(root, "2026-12", "yearly-target")
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in got] == [
        ("S-1", "P7", "credited 120000.00 >= target 120000.00 in 2026 (sum of the quarter targets: 2026Q1 30000.00 + "
                      "2026Q2 30000.00 + 2026Q3 30000.00 + 2026Q4 30000.00)")]
    assert lines(root, "2026-11", "yearly-target") == []


# ----------------------------------------------------------------------------- totals, formats, history
def test_by_staff_totals_per_person_department_and_all(tmp_path):
    t = {"2026-08": 50000}
    root = org(tmp_path, policy=ATTAINMENT_ONLY, targets={"S-1": t, "S-2": t, "S-4": t},
               deals=[("S-1", 70000, "2026-08-05"), ("S-2", 30000, "2026-08-05"), ("S-4", 45000, "2026-08-05")],
               files={"attendance/2026-08/S-2.yaml": "- {date: 2026-08-03, late_minutes: 5}\n"})
    res = run("payout", "--month", "2026-08", "--by", "staff", "-f", "json", "--totals", str(tmp_path / "totals.json"), records=root)
    people = json.loads(res.stdout)
    assert {r["row"] for r in people} == {"staff"}   # the payroll file: people only, totals in their own file
    rows = {(r["row"], r["staff"] or r["department"]): r for r in [*people, *json.loads((tmp_path / "totals.json").read_text())]}
    s1 = rows[("staff", "S-1")]
    # S-1: P1 2000 + P2 200 + P4 commission 300 + 500 + grade bonus excellent 500 = 3500
    assert (D(s1["top3"]), D(s1["dept_top"]), D(s1["commission"]), D(s1["grade_bonus"]), D(s1["total"])) == (
        D(2000), D(200), D(800), D(500), D(3500))
    s2 = rows[("staff", "S-2")]   # P1 third 500, pass (60%): no bonus, late 5 minutes -50
    assert (D(s2["top3"]), D(s2["deductions"]), D(s2["total"]), s2["grade"]) == (D(500), D(-50), D(450), "pass")
    s4 = rows[("staff", "S-4")]   # P1 second 1000, 90%: excellent 500
    assert D(s4["total"]) == D(1500)
    dept = rows[("department", "会籍部")]
    assert D(dept["total"]) == D(3500 + 450 + 1500) and D(dept["sales"]) == D(145000)
    assert D(rows[("total", "")]["total"]) == D(5450)
    csv = run("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", records=root).stdout
    assert csv.splitlines()[0] == ("row,staff,name,team,department,sales,target,attainment,grade,top3,dept_top,streaks,"
                                   "commission,grade_bonus,titles,rewards,deductions,total,absent_days,flags")
    assert len(csv.splitlines()) == 1 + len(people)   # the header, then one line a person
    table = run("payout", "--month", "2026-08", "--by", "staff", records=root).stdout   # the table view: totals too
    assert table.splitlines()[-1].startswith("total")
    run("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", "--totals", str(tmp_path / "t.csv"), records=root)
    assert (tmp_path / "t.csv").read_text().splitlines()[-1].startswith("total,,total,,,145000.00,150000.00,,,3500.00,200.00,0.00,800.00,1000.00,0.00,0.00,-50.00,5450.00,0.00")


def test_statement_shows_every_step(tmp_path):
    refund = "kind: refund\nrefund_of: D-1\n"
    t = {"2026-07": 50000, "2026-08": 50000}
    root = org(tmp_path, policy=ATTAINMENT_ONLY, targets={"S-1": t},
               deals=[("S-1", 40000, "2026-07-05"), ("S-1", 80000, "2026-08-05"), ("S-1", 10000, "2026-08-20", refund)],
               files={"attendance/2026-08/S-1.yaml": "- {date: 2026-08-03, late_minutes: 20}\n"})
    res = run("payout", "--month", "2026-08", "--statement", "S-1", records=root)
    assert res.exit_code == 0, res.stderr
    text = res.stdout
    assert text.startswith("# Payout statement: 王芳 (S-1), 2026-08")
    assert "| D-2 | 2026-08-05 | 张三 | new | 80000.00 | 100% | 80000.00 | S2 payment |" in text
    assert "| D-3 | 2026-08-20 | 张三 | refund of D-1 | 10000.00 | 100% | -10000.00 |" in text
    assert "Credited sales: 80000.00 - 10000.00 = **70000.00**" in text
    assert "Attainment: 70000.00 / 50000.00 = 140.00% (target reached)." in text
    assert "| P4 | commission on credited sales above target (marginal) | 3% x (60000.00 - 50000.00) = 300.00" in text
    assert ("| P5 | half day absent (or late/early by more than 15 minutes), plus that day's pay (当天工资) | 1 x 100.00 = 100.00 deducted, "
            "plus that day's pay for 1 half day (2026-08-03), computed by payroll | -100.00 |") in text
    # 2000 (P1) + 200 (P2) + 800 (P4) + 500 (excellent) - 100 (P5) = 3400
    assert "Total: 2000.00 + 200.00 + 800.00 + 500.00 - 100.00 = **3400.00**" in text
    assert "1 day(s) of pay: 0.5 absent (2026-08-03): that day's pay, 1 = 1. Deducted by payroll." in text


def test_adding_records_after_the_month_changes_nothing(tmp_path):
    t = {"2026-08": 50000, "2026-09": 50000}
    base = dict(targets={"S-1": t, "S-2": t},
                deals=[("S-1", 60000, "2026-08-05"), ("S-2", 20000, "2026-08-06")],
                files={"attendance/2026-08/S-2.yaml": "- {date: 2026-08-31, absent: full}\n"})
    before = org(tmp_path / "a", **base)
    later = dict(base)
    later["deals"] = base["deals"] + [("S-2", 90000, "2026-09-01"), ("S-1", 60000, "2026-09-02", "kind: refund\nrefund_of: D-1\n")]
    later["files"] = {**base["files"],
                      "attendance/2026-09/S-2.yaml": "- {date: 2026-09-01, absent: full}\n- {date: 2026-09-02, absent: full}\n",
                      "visits/2026-09/S-1.yaml": rated_visits("S-1", [1, 1, 1], day=1).replace("2026-08", "2026-09"),
                      "reviews/2026-09/S-1.yaml": "self_rating: 10\n",
                      **leads_yaml("S-2", ["2026-09-01"] * 6)}
    after = org(tmp_path / "b", **later)
    for cmd in (["payout", "--month", "2026-08", "-f", "json"], ["payout", "--month", "2026-08", "--by", "staff", "-f", "json"],
                ["score", "--month", "2026-08", "-f", "json"], ["payout", "--month", "2026-08", "--statement", "S-2"]):
        assert run(*cmd, records=before).stdout == run(*cmd, records=after).stdout
    # ... while September sees the run of absences (31 Aug, 1 and 2 Sep) and the refund
    assert [x["staff"] for x in lines(after, "2026-09", "dismissal")] == ["S-2"]


def test_same_output_every_time(tmp_path):
    root = org(tmp_path, deals=[("S-1", 5000, "2026-08-05"), ("S-2", 5000, "2026-08-06"), ("S-3", 5000, "2026-08-07")])
    first = run("payout", "--month", "2026-08", "-f", "json", records=root).stdout
    assert all(run("payout", "--month", "2026-08", "-f", "json", records=root).stdout == first for _ in range(3))


@pytest.mark.parametrize("args, status, words", [
    (["payout", "--month", "2026-13"], 2, "is not a month"),
    (["payout", "--month", "2026-08", "--by", "deal"], 2, "use line or staff"),
    (["payout", "--month", "2026-08", "--statement", "S-9"], 5, "no staff S-9"),
    (["payout", "--month", "2026-08", "--format", "xml"], 2, "unknown format"),
])
def test_user_errors(tmp_path, args, status, words):
    root = org(tmp_path)
    res = run(*args, records=root)
    assert res.exit_code == status
    assert words in res.stderr


def test_p5_deductions_limited_to_the_months_bonuses_by_policy(tmp_path):
    files = {"attendance/2026-08/S-2.yaml": "- {date: 2026-08-03, late_minutes: 5}\n- {date: 2026-08-04, absent: full}\n",
             "attendance/2026-08/S-1.yaml": "- {date: 2026-08-04, absent: full}\n"}
    root = org(tmp_path, policy="payout:\n  deductions_limited_to_bonus: true\n", files=files,
               deals=[("S-1", 1000, "2026-08-05")])
    # S-2 has no bonus: 250 deducted, 250 given back; S-1 has 2000 (P1): the 200 is taken
    assert amounts(root, "2026-08", "deduction-limit") == {"S-2": D(250)}
    rows = {r["staff"]: r for r in json.loads(run("payout", "--month", "2026-08", "--by", "staff", "-f", "json", records=root).stdout)}
    assert (D(rows["S-2"]["total"]), D(rows["S-1"]["total"])) == (D(0), D(1800))
    assert D(rows["S-2"]["absent_days"]) == 1   # the day's pay is still payroll's to deduct


def test_p1_by_department_when_the_policy_says_so(tmp_path):
    files = {"teams/T-3.yaml": "id: T-3\nname: 电销一组\ndepartment: 电销部\nchannel: telesales\n"}
    staff = {"S-5": staff_yaml("S-5", team="T-3")}
    deals = [("S-1", 9000, "2026-08-05"), ("S-2", 8000, "2026-08-05"), ("S-3", 7000, "2026-08-05"),
             ("S-4", 6000, "2026-08-05"), ("S-5", 100, "2026-08-05")]
    company = org(tmp_path / "a", files=files, staff=staff, deals=deals,
                  policy="rules:\n  P1: {within: company}\n  P6: {within: company}\n")
    assert amounts(company, "2026-08", "top3") == {"S-1": D(2000), "S-2": D(1000), "S-3": D(500)}
    by_dept = org(tmp_path / "b", files=files, staff=staff, deals=deals)   # the default: rules.P1.within department
    assert amounts(by_dept, "2026-08", "top3") == {"S-1": D(2000), "S-2": D(1000), "S-3": D(500), "S-5": D(2000)}
    assert {x["staff"] for x in lines(by_dept, "2026-08", "title") if "销售之星" in x["what"]} == {"S-1", "S-5"}


def test_k5_no_improvement_plan_or_grade_for_a_month_on_leave(tmp_path):
    # S-2 has a 10000 target for August but is on leave for all of it: no missed target (K5), no grade (P4),
    # and the statement says why; S-3, there and short of target, gets the flag.
    t = {"2026-08": 10000}
    staff = {"S-2": staff_yaml("S-2", t, leave=[("2026-08-01", "2026-08-31")])}
    root = org(tmp_path, targets={"S-3": t}, staff=staff, deals=[("S-3", 5000, "2026-08-03")])
    assert [x["staff"] for x in lines(root, "2026-08", "improvement-plan")] == ["S-3"]
    assert [x for x in payout(root, "2026-08") if x["staff"] == "S-2" and x["code"] == "grade-bonus"] == []
    text = run("payout", "--month", "2026-08", "--statement", "S-2", records=root).stdout
    assert "Not reviewed this month: not there (on leave for all of your working days)." in text


def test_the_manager_does_not_compete_with_their_own_people_unless_the_policy_says_so(tmp_path):
    """P1, P2, P6 go to the roles of their scope (rules.P1.roles …: leader, deputy, member by default)."""
    manager = ("id: S-9\nname: 吴经理\ndepartment: 会籍部\nrole: manager\nchannel: inside\njoined: 2025-01-01\n"
               "targets: {2026-08: 1000}\n")
    deals = [("S-9", 90000, "2026-08-05"), ("S-1", 30000, "2026-08-06"), ("S-2", 20000, "2026-08-07"),
             ("S-3", 10000, "2026-08-08")]
    targets = {"S-1": {"2026-08": 20000}}
    root = org(tmp_path, targets=targets, deals=deals, staff={"S-9": manager})
    assert amounts(root, "2026-08", "top3") == {"S-1": Decimal(2000), "S-2": Decimal(1000), "S-3": Decimal(500)}
    assert amounts(root, "2026-08", "dept-top") == {"S-1": Decimal(200)}
    assert [x["staff"] for x in lines(root, "2026-08", "title") if "销售之星" in x["what"]] == ["S-1"]
    root2 = org(tmp_path / "with", targets=targets, deals=deals, staff={"S-9": manager},
                policy="rules:\n" + "".join(f"  {r}: {{roles: [manager, leader, deputy, member]}}\n" for r in ("P1", "P2", "P6")))
    assert amounts(root2, "2026-08", "top3") == {"S-9": Decimal(2000), "S-1": Decimal(1000), "S-2": Decimal(500)}
    assert amounts(root2, "2026-08", "dept-top") == {"S-9": Decimal(200)}
