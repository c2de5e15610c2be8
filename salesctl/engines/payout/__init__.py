"""The month's payout: rewards, penalties and flags (P1-P8, K5, K8, K9, K10, L1, L2, L7, L8, O4, O5, A8, T1-T6), each line with
its rule id, its arithmetic and its evidence.

    RULES: the rule functions `(Context) -> list[Line]`, in the order they run
    payout_month(records, month, rules=RULES) -> MonthPayout   every line of every person, in a fixed order

Each rule is one function named by its rule id in docs/domain.md (awards, streaks, attendance,
rewards, flags, plans, training, time_limits; P6's titles through titles.award); leaving a function out of `rules` switches that rule off and changes no other
line (except P5's deduction limit, which weighs the lines of the rules before it). The order of
the lines does not depend on the order of RULES: they are sorted by person (department, team,
staff id), then by the order of lines.CODES, then evidence and words.

Pure functions of (records, month): only records dated on or before the month's last day are
read, so adding later records never changes a month. Money is exact Decimal; shared bonuses are
split to the cent with salesctl.money.allocate (extra cents to the first in staff id order).
The tables and the statement are built from its results in salesctl/reports/payout.py.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from salesctl.i18n import language
from salesctl.engines.indicators import memo
from salesctl.engines.payout import attendance, awards, duties, events, flags, follow_through, plans, rewards, streaks, time_limits, training
from salesctl.engines.payout.context import Context, build_context
from salesctl.engines.payout.lines import ORDER, Line, MonthPayout
from salesctl.policy.rules import rule_of
from salesctl.records import Records

Rule = Callable[[Context], list[Line]]

RULES: tuple[Rule, ...] = (
    awards.p1_top_three,
    awards.p2_department_top,
    streaks.p2_team_streak,
    streaks.p2_department_streak,
    streaks.p2_raise,
    streaks.p3_demotion,
    awards.p4_commission,
    awards.p4_grade_bonus,
    awards.p6_titles,
    rewards.p8_target_bonus,
    rewards.p8_training_subsidy,
    rewards.p8_fail_grade,
    rewards.p8_promotion,
    rewards.p7_referral,
    attendance.p5_attendance,
    attendance.p5_absent_days,
    attendance.p5_warning,
    attendance.p5_dismissal,
    attendance.p5_club_rules,
    flags.k5_improvement_plan,
    flags.k5_satisfaction,
    plans.k10_plan_overdue,
    flags.l1_lead_minimum,
    flags.a8_short_supply,
    flags.l2_prospects,
    duties.l8_prospects_screened,
    events.l7_event_report,
    events.l7_event_over_budget,
    flags.k8_contacts,
    duties.k8_weekly_meetings,
    duties.k8_return_visits,
    duties.t5_visit_summary,
    duties.o5_leave_approval,
    duties.o5_leave_notice,
    duties.o4_unarranged,
    duties.o4_post_coverage,
    flags.k4_training,
    training.k9_no_training,
    training.k9_missed_training,
    flags.p7_yearly_target,
    time_limits.t1_quote_late,
    time_limits.t2_delivery_late,
    time_limits.t3_complaint_late,
    time_limits.t4_unreported_deal,
    follow_through.t3_complaint_unresolved,
    follow_through.t6_deal_preparation,
    attendance.p5_deduction_limit,   # last: it weighs the month's bonuses against its deductions
)


# The flags a week can raise on its own (payout --week, the weekly meeting): the weekly minimums (L1, A8),
# contacts per working day (K8), swaps and time off the post not arranged and the post left empty (O4) and the time limits that ran out in the week (T1-T4). Money, plans and
# everything judged on a month's whole (targets, grades, streaks, deductions) stay monthly.
WEEK_RULES: tuple[Rule, ...] = (
    flags.l1_lead_minimum,
    flags.a8_short_supply,
    flags.k8_contacts,
    duties.k8_weekly_meetings,
    duties.t5_visit_summary,
    duties.o4_unarranged,
    duties.o4_post_coverage,
    time_limits.t1_quote_late,
    time_limits.t2_delivery_late,
    time_limits.t3_complaint_late,
    time_limits.t4_unreported_deal,
    follow_through.t3_complaint_unresolved,
    follow_through.t6_deal_preparation,
)


def payout_week(records: Records, week, rules: Sequence[Rule] = WEEK_RULES) -> MonthPayout:
    """An ISO week's flags (calendar.Week): WEEK_RULES over the week's days and indicators
    (indicators.week_indicators); its `month` is the week's label. No money: pay is monthly."""
    from salesctl.engines.payout.context import week_context

    return _payout(records, "payout-week", week.label, rules, lambda view: week_context(view, week))


def payout_month(records: Records, month: str, rules: Sequence[Rule] = RULES) -> MonthPayout:
    """Each rule book's people under its policy (records.books), with the rules that policy has on."""
    return _payout(records, "payout", month, rules, lambda view: build_context(view, month))


def _payout(records: Records, kind: str, label: str, rules: Sequence[Rule], context) -> MonthPayout:
    """The rules over each rule book's view (`context(view)`), merged into one MonthPayout, kept per
    records state, period and language (its words are in the language in effect)."""
    rules = tuple(rules)

    def build():
        parts = each_book(records, rules, lambda view, on: run_rules(context(view), on))
        if len(parts) == 1:
            return parts[0]
        people = dict(sorted((k, v) for p in parts for k, v in p.people.items()))
        scores = dict(sorted((k, v) for p in parts for k, v in p.scores.items()))
        return MonthPayout(label, merged_lines(records, parts), people, scores)
    return memo(records, (kind, label, rules, language()), build)


def each_book(records: Records, rules: Sequence, run) -> list:
    """run(view, the rules its policy has on) for each rule book's view of the records (records.books)."""
    return [run(view, [r for r in rules if view.policy.on(rule_of(r))]) for view in records.books]


def run_rules(ctx: Context, rules: Sequence[Rule]) -> MonthPayout:
    """Run each rule on the people its scope covers (with the lines of the rules before it as
    ctx.earlier) and put the lines in the payout's order."""
    return MonthPayout(ctx.month, run_lines(ctx, rules), ctx.people, ctx.scores)


def run_lines(ctx, rules: Sequence) -> tuple[Line, ...]:
    """The lines of the rules run in ctx (a month's Context or a period's PeriodContext: records, policy,
    for_rule(id), earlier), each kept only for people its rule's scope covers, in the payout's order."""
    lines: list[Line] = []
    for rule in rules:
        rid = rule_of(rule)
        ours = _covered(ctx.records, ctx.policy.scope(rid))
        lines.extend(x for x in rule(replace(ctx.for_rule(rid), earlier=tuple(lines))) if ours(x.staff))
    _sort(ctx.records, lines)
    return tuple(lines)


def _covered(records: Records, scope):
    """Whether a line of this staff id belongs here: the person is of this rule book (records.in_book)
    and in the rule's scope. Rules that read deals and visits rather than ctx.people (T1-T4) are held
    to it too."""
    def ours(sid: str) -> bool:
        s = records.staff.get(sid)
        if s is None:
            return records.book in (None, "")
        dept = records.department_of(s)
        return records.in_book(dept) and scope.covers(s.channel, s.role, s.team, dept)
    return ours


def merged_lines(records: Records, parts) -> tuple[Line, ...]:
    """The lines of several rule books' payouts (each with .lines) as one, in the payout's order."""
    lines = [x for p in parts for x in p.lines]
    _sort(records, lines)
    return tuple(lines)


def _sort(records: Records, lines: list[Line]) -> None:
    def person_key(sid):
        s = records.staff.get(sid)
        return ((records.department_of(s) if s else "") or "", (s.team if s else "") or "", sid)
    lines.sort(key=lambda x: (person_key(x.staff), ORDER[x.code], x.evidence, x.what))
