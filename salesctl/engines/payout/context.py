"""What every payout rule reads, computed once per month: the records, the month, its bounds, the
policy, the people's indicators, their scores and the month's standing (P2).

    build_context(records, month) -> Context
    standing(records, month) -> Standing        who was top of each team and department (memoised)
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from salesctl.engines.indicators import PersonMonth, memo, month_basics, month_indicators
from salesctl.domain.calendar import month_bounds
from salesctl.engines.payout.lines import Line
from salesctl.engines.score import score_month
from salesctl.money import ZERO
from salesctl.policy import Policy
from salesctl.records import Records


@dataclass(frozen=True)
class Standing:
    """Who was top of each team and department in a month, by credited sales (P2)."""
    team_top: dict        # team -> set of staff ids
    dept_top: dict        # department -> set of staff ids


def standing(records: Records, month: str) -> Standing:
    def build():
        people = month_basics(records, month)
        teams, depts = defaultdict(dict), defaultdict(dict)
        for pm in people.values():
            if pm.role not in records.policy.payout.roles:
                continue
            if pm.team:
                teams[pm.team][pm.staff] = pm.sales
            if pm.department:
                depts[pm.department][pm.staff] = pm.sales
        return Standing({t: _tops(v) for t, v in teams.items()}, {d: _tops(v) for d, v in depts.items()})
    return memo(records, ("standing", month), build)


def _tops(sales: dict) -> set:
    best = max(sales.values(), default=ZERO)
    return {k for k, v in sales.items() if v == best} if best > 0 else set()


@dataclass(frozen=True)
class Context:
    """The input of a rule function `(context) -> list[Line]`. `earlier` holds the lines of the
    rules run before it (P5's deduction limit weighs the month's bonuses against its deductions)."""
    records: Records
    month: str
    start: dt.date
    end: dt.date
    policy: Policy
    people: dict                  # staff id -> PersonMonth (month_indicators)
    scores: dict                  # staff id -> MonthScore
    standing: Standing
    earlier: tuple[Line, ...] = ()

    def scope_groups(self, pred) -> list[dict[str, PersonMonth]]:
        """The people in payout.roles for whom pred holds, by payout.scope (the company, or each
        department), in department order: [{staff id: PersonMonth}]."""
        po = self.policy.payout
        groups = defaultdict(dict)
        for pm in self.people.values():
            if pm.role in po.roles and pred(pm):
                key = "" if po.scope == "company" else (pm.department or "")
                groups[key][pm.staff] = pm
        return [groups[k] for k in sorted(groups)]

    def employed(self):
        """(PersonMonth, Staff) of everyone on the staff employed some day of the month (the people flags read)."""
        for pm in self.people.values():
            s = self.records.staff.get(pm.staff)
            if s is not None and pm.presence.employed > 0:
                yield pm, s


def build_context(records: Records, month: str) -> Context:
    start, end = month_bounds(month)
    return Context(records, month, start, end, records.policy, month_indicators(records, month),
                   {ms.staff: ms for ms in score_month(records, month)}, standing(records, month))
