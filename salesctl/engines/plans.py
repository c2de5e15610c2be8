"""Improvement plans (K5, K10): who owes one for a month, by when, and which are past due.

    owed_plans(records, month) -> {staff id: Owed}    derived from the month's figures, record or not
    due_of(policy, month) -> date                      the month's last day + limits.plan_due_days
    overdue_in(records, month) -> [Overdue]            plans due in the month, not submitted by their due date

What opens a plan is limits.plan_reasons, each reason counting while its rule is on (and for the
people its rule's scope covers): missed-target and low-satisfaction (K5, 004), fail-grade (K10,
000, 003). A plan record (plans/<YYYY-MM>/<staff>.yaml) may move its due date (an extension); a
plan owed with no record is due on the derived date. Pure: a month's figures read only records
dated on or before its last day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from salesctl.domain.calendar import month_bounds, shift_month
from salesctl.engines.indicators import PersonMonth, by_book, memo, month_indicators
from salesctl.engines.score import q2, score_month
from salesctl.i18n import _, language
from salesctl.money import fmt
from salesctl.records import Records
from salesctl.schema import Plan

REASON_RULE = {"missed-target": "K5", "low-satisfaction": "K5", "fail-grade": "K10"}


@dataclass(frozen=True)
class Owed:
    staff: str
    month: str                            # the month the plan answers
    due: dt.date
    reasons: tuple[tuple[str, str], ...]  # (rule id, why)


@dataclass(frozen=True)
class Overdue:
    staff: str
    month: str                            # the month the plan answers
    due: dt.date
    plan: Optional[Plan]                  # the record, when there is one
    reasons: tuple[tuple[str, str], ...]  # of the owed plan (empty for a plan record no figure asks for any more)


def missed_target(pm: PersonMonth) -> bool:
    """K5: there in the month (a month on leave is not a missed target) with a target, and below it."""
    return pm.has_target and pm.missed and pm.presence.present


def low_satisfaction(pm: PersonMonth, limits) -> bool:
    """K5: satisfaction below limits.satisfaction_min, with at least limits.satisfaction_min_ratings ratings."""
    return pm.get("ratings") >= limits.satisfaction_min_ratings and pm.get("satisfaction") < limits.satisfaction_min


def due_of(policy, month: str) -> dt.date:
    """When a plan answering `month` is due: its last day plus limits.plan_due_days."""
    return month_bounds(month)[1] + dt.timedelta(days=policy.limits.plan_due_days)


def owed_plans(records: Records, month: str) -> dict[str, Owed]:
    """{staff id: Owed} of everyone who owes a plan for the month, in staff id order (each rule book's
    people by its own policy)."""
    return memo(records, ("plans", month, language()), lambda: by_book(records, lambda r: _owed(r, month)))   # reasons in words


def _owed(records: Records, month: str) -> dict[str, Owed]:
    pol = records.policy
    grades = {ms.staff: ms.grade for ms in score_month(records, month)}
    out = {}
    for sid, pm in month_indicators(records, month).items():
        if pm.presence.employed == 0 or sid not in records.staff:
            continue
        reasons = []
        for reason in pol.limits.plan_reasons:
            rid = REASON_RULE[reason]
            if not (pol.on(rid) and pol.scope(rid).covers(pm.channel, pm.role, pm.team, pm.department)):
                continue
            why = _why(reason, pm, pol, grades.get(sid))
            if why and (rid, why) not in reasons:
                reasons.append((rid, why))
        if reasons:
            out[sid] = Owed(sid, month, due_of(pol, month), tuple(reasons))
    return out


def _why(reason: str, pm: PersonMonth, pol, grade: Optional[str]) -> str:
    if reason == "missed-target" and missed_target(pm):
        return _("missed target: credited {sales} < target {target}").format(sales=fmt(pm.sales), target=fmt(pm.target))
    if reason == "low-satisfaction" and low_satisfaction(pm, pol.limits):
        return _("satisfaction {satisfaction}% < {minimum}%").format(satisfaction=q2(pm.get('satisfaction')), minimum=q2(pol.limits.satisfaction_min))
    if reason == "fail-grade" and grade == "fail":
        return _("grade fail (不合格)")
    return ""


def plans_by_key(records: Records) -> dict[tuple[str, str], Plan]:
    return {(p.staff, p.month): p for p in records.plans}


def overdue_in(records: Records, month: str) -> list[Overdue]:
    """The plans due in `month` (the record's due date, else the derived one) that were not submitted
    by their due date, in staff and month order."""
    start, end = month_bounds(month)
    recorded = plans_by_key(records)
    found: dict[tuple[str, str], Overdue] = {}
    for (sid, m), p in recorded.items():
        if start <= p.due <= end:
            found[(sid, m)] = Overdue(sid, m, p.due, p, ())
    longest = max(p.limits.plan_due_days for p in records.in_force)   # each rule book's plans are due by its own days
    m = month
    while month_bounds(m)[1] + dt.timedelta(days=longest) >= start:
        for sid, o in owed_plans(records, m).items():
            p = recorded.get((sid, m))
            due = p.due if p is not None else o.due
            if start <= due <= end:
                found[(sid, m)] = Overdue(sid, m, due, p, o.reasons)
        m = shift_month(m, -1)
    late = [o for o in found.values() if o.plan is None or o.plan.submitted is None or o.plan.submitted > o.due]
    return sorted(late, key=lambda o: (o.staff, o.month))
