"""The payout's rule functions, called directly: each `(Context) -> lines` on a few records written
inline, and the RULES registry (leaving a function out switches its rule off, nothing else)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import load_records, write_records
from salesctl.engines.payout import RULES, attendance, awards, duties, events, flags, follow_through, payout_month, plans, rewards, streaks, time_limits, training
from salesctl.policy.rules import rule_of
from salesctl.engines.payout.context import build_context
from salesctl.engines.payout.lines import CODES, Line
from salesctl.engines.payout.period import PERIOD_RULES, p4_quarter_bonus, p4_year_bonus, p6_period_titles
from salesctl.engines.payout.period import p7_yearly_target as p7_year

DEMO = Path(__file__).resolve().parents[1] / "records"

# the codes each rule function makes; every code of CODES is made by exactly one function
RULE_CODES = {
    awards.p1_top_three: {"top3"}, awards.p2_department_top: {"dept-top"},
    streaks.p2_team_streak: {"team-streak"}, streaks.p2_department_streak: {"dept-streak"},
    streaks.p2_raise: {"raise"}, streaks.p3_demotion: {"demotion"},
    awards.p4_commission: {"commission"}, awards.p4_grade_bonus: {"grade-bonus"},
    awards.p6_titles: {"title", "title-withheld"},
    rewards.p8_fail_grade: {"fail-grade", "fail-penalty"}, rewards.p8_target_bonus: {"target-bonus"},
    rewards.p8_promotion: {"promotion"}, rewards.p8_training_subsidy: {"training-subsidy"}, rewards.p7_referral: {"referral"},
    attendance.p5_attendance: {"late", "half-day", "full-day"}, attendance.p5_absent_days: {"absent-days"},
    attendance.p5_warning: {"warning"}, attendance.p5_dismissal: {"dismissal"}, attendance.p5_club_rules: {"club-rules"},
    attendance.p5_deduction_limit: {"deduction-limit"},
    flags.k5_improvement_plan: {"improvement-plan"}, flags.k5_satisfaction: {"satisfaction"},
    flags.l1_lead_minimum: {"lead-minimum"}, flags.a8_short_supply: {"short-supply"}, flags.l2_prospects: {"prospects"}, flags.k8_contacts: {"contacts"},
    flags.k4_training: {"training"}, flags.p7_yearly_target: {"yearly-target"},
    plans.k10_plan_overdue: {"plan-overdue"}, training.k9_no_training: {"no-training"},
    training.k9_missed_training: {"missed-training"},
    time_limits.t1_quote_late: {"late-quote"}, time_limits.t2_delivery_late: {"late-delivery"},
    time_limits.t3_complaint_late: {"late-complaint"}, time_limits.t4_unreported_deal: {"unreported-deal"},
    duties.k8_weekly_meetings: {"meetings"}, duties.k8_return_visits: {"return-visits"},
    duties.t5_visit_summary: {"visit-summary"}, duties.o5_leave_approval: {"leave-unapproved"},
    duties.o5_leave_notice: {"leave-notice"}, duties.l8_prospects_screened: {"screening"},
    events.l7_event_report: {"event-report"}, events.l7_event_over_budget: {"event-over-budget"},
    duties.o4_unarranged: {"unarranged"},
    duties.o4_post_coverage: {"post-uncovered"},
    follow_through.t3_complaint_unresolved: {"unresolved-complaint"}, follow_through.t6_deal_preparation: {"unprepared-deal"},
}

TEAM = {
    "teams/T-1.yaml": "id: T-1\nname: 会籍一组\nleader: S-1\ndepartment: 会籍部\nchannel: inside\n",
    "leads/L-1.yaml": "id: L-1\nname: 张三\nsource: walk-in\ncreated: 2025-01-05T10:00:00+08:00\nowner: S-1\n",
}


def person(sid: str, role: str = "member", targets: str = "") -> str:
    return (f"id: {sid}\nname: 员工{sid}\nteam: T-1\nrole: {role}\nchannel: inside\njoined: 2025-01-01\n"
            + (f"targets: {{{targets}}}\n" if targets else ""))


def deal(i: int, sid: str, amount: int, signed: str, extra: str = "") -> dict:
    return {f"deals/{signed[:7]}/D-{i}.yaml": f"id: D-{i}\nlead: L-1\namount: {amount}\nsigned: {signed}\n"
            f"payment: {{date: {signed}, taken_by: {sid}}}\ndelivered: {signed}\n{extra}"}


def context(tmp_path, files: dict, month: str = "2026-08"):
    return build_context(load_records(write_records(tmp_path / "records", {**TEAM, **files})), month)


# the codes of the period rules (a quarter's or year's payout); P7's flag is the December month's too
PERIOD_CODES = {p4_quarter_bonus: {"quarter-bonus", "quarter-bonus-waits"}, p4_year_bonus: {"year-bonus"}, p6_period_titles: {"title", "title-withheld"}, p7_year: {"yearly-target"}}


def test_every_code_is_made_by_one_registered_rule():
    assert set(RULE_CODES) == set(RULES) and len(RULES) == len(set(RULES))
    assert set(PERIOD_CODES) == set(PERIOD_RULES) and len(PERIOD_RULES) == len(set(PERIOD_RULES))
    made = [c for codes in RULE_CODES.values() for c in codes]
    period_only = {c for codes in PERIOD_CODES.values() for c in codes} - set(made)
    assert sorted([*made, *period_only]) == sorted(CODES) and len(made) == len(set(made))
    assert RULES[-1] is attendance.p5_deduction_limit   # it reads the lines of the rules before it


def test_each_rule_function_is_named_by_its_rule_id():
    for rule, codes in (*RULE_CODES.items(), *PERIOD_CODES.items()):
        ids = {CODES[c][0] for c in codes}
        assert ids == {rule_of(rule)}, rule.__name__
        assert rule.__doc__.startswith(f"{rule_of(rule)}:"), rule.__name__


def test_p1_top_three_alone_on_inline_records(tmp_path):
    ctx = context(tmp_path, {"staff/S-1.yaml": person("S-1", "leader"), "staff/S-2.yaml": person("S-2"),
                             **deal(1, "S-1", 9000, "2026-08-05"), **deal(2, "S-2", 4000, "2026-08-06")})
    got = awards.p1_top_three(ctx)
    assert [(x.staff, x.rule, x.amount, x.arithmetic) for x in got] == [
        ("S-1", "P1", Decimal(2000), "place 1: 2000.00"), ("S-2", "P1", Decimal(1000), "place 2: 1000.00")]


def test_p4_commission_alone_on_inline_records(tmp_path):
    ctx = context(tmp_path, {"staff/S-1.yaml": person("S-1", "leader", "2026-08: 10000"),
                             **deal(1, "S-1", 12000, "2026-08-05")})
    got = awards.p4_commission(ctx)
    assert [(x.staff, x.code, x.rule) for x in got] == [("S-1", "commission", "P4")]
    assert got[0].amount > 0 and got[0].evidence == ("credited sales 12000.00", "target 10000.00")


def test_k5_improvement_plan_alone_on_inline_records(tmp_path):
    ctx = context(tmp_path, {"staff/S-1.yaml": person("S-1", "leader", "2026-08: 10000"),
                             "staff/S-2.yaml": person("S-2", targets="2026-08: 10000"),
                             **deal(1, "S-1", 4000, "2026-08-05"), **deal(2, "S-2", 10000, "2026-08-06")})
    got = flags.k5_improvement_plan(ctx)
    assert [(x.staff, x.rule, x.kind, x.arithmetic) for x in got] == [
        ("S-1", "K5", "flag", "credited 4000.00 < target 10000.00 (40.00%)")]


def test_p5_attendance_and_warning_alone_on_inline_records(tmp_path):
    ctx = context(tmp_path, {"staff/S-1.yaml": person("S-1", "leader"),
                             "attendance/2026-08/S-1.yaml": "- {date: 2026-08-03, late_minutes: 10}\n"
                                                            "- {date: 2026-08-04, absent: full}\n"})
    got = attendance.p5_attendance(ctx)
    assert [(x.code, x.amount, x.evidence) for x in got] == [
        ("late", Decimal(-50), ("2026-08-03 late 10 min (attendance/2026-08/S-1.yaml:1)",)),
        ("full-day", Decimal(-200), ("2026-08-04 absent full day (attendance/2026-08/S-1.yaml:2)",))]
    assert [(x.staff, x.rule, x.what) for x in attendance.p5_warning(ctx)] == [
        ("S-1", "P5", "warning: absent the full day of 2026-08-04")]


def test_p5_deduction_limit_reads_the_earlier_lines(tmp_path):
    ctx = context(tmp_path, {"staff/S-1.yaml": person("S-1", "leader"),
                             "salesctl.yaml": "payout:\n  deductions_limited_to_bonus: true\n"})
    earlier = (Line("S-1", "top3", "bonus", Decimal(500)), Line("S-1", "full-day", "absent", Decimal(-700)))
    got = attendance.p5_deduction_limit(replace(ctx, earlier=earlier))
    assert [(x.staff, x.amount, x.arithmetic) for x in got] == [
        ("S-1", Decimal(200), "deductions 700.00 - bonuses 500.00 = 200.00 given back")]
    assert attendance.p5_deduction_limit(ctx) == []


def test_t1_quote_late_alone_on_inline_records(tmp_path):
    visits = ("- {id: V-1, lead: L-1, at: '2026-08-10T10:00:00+08:00', kind: need-confirmed}\n"
              "- {id: V-2, lead: L-1, at: '2026-08-13T09:00:00+08:00', kind: quote}\n")
    ctx = context(tmp_path, {"staff/S-1.yaml": person("S-1", "leader"), "visits/2026-08/S-1.yaml": visits})
    got = time_limits.t1_quote_late(ctx)
    assert [(x.staff, x.rule, x.arithmetic, x.evidence) for x in got] == [
        ("S-1", "T1", "need confirmed 2026-08-10, quote due by 2026-08-12, none logged by then", ("visits/2026-08/S-1.yaml:1",))]


def test_leaving_a_rule_out_on_inline_records_drops_its_lines_only(tmp_path):
    root = write_records(tmp_path / "records", {
        **TEAM, "staff/S-1.yaml": person("S-1", "leader", "2026-08: 10000"), "staff/S-2.yaml": person("S-2"),
        **deal(1, "S-1", 12000, "2026-08-05"), **deal(2, "S-2", 4000, "2026-08-06"),
        "attendance/2026-08/S-2.yaml": "- {date: 2026-08-03, late_minutes: 10}\n"})
    records = load_records(root)
    full = payout_month(records, "2026-08").lines
    without = payout_month(records, "2026-08", [r for r in RULES if r is not awards.p1_top_three]).lines
    assert {x.code for x in full} >= {"top3", "commission", "late"}
    assert without == tuple(x for x in full if x.code != "top3")


@pytest.fixture(scope="module")
def demo():
    return load_records(DEMO)


@pytest.mark.parametrize("month", ["2026-09", "2026-10"])
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_leaving_a_rule_out_on_the_demo_drops_its_lines_only(demo, rule, month):
    full = payout_month(demo, month).lines
    without = payout_month(demo, month, [r for r in RULES if r is not rule]).lines
    assert without == tuple(x for x in full if x.code not in RULE_CODES[rule])
