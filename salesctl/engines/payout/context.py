"""What every payout rule reads, computed once per month: the records, the month, its bounds, the
policy, the people's indicators, their scores and the month's standing (P2).

    build_context(records, month) -> Context
    standing(records, month) -> Standing        who was top of each team and department (memoised)
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

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
    """Among the people P2 applies to (rules.P2: inside consultants in 002, 「内销顾问」)."""
    def build():
        people = month_basics(records, month)
        teams, depts = defaultdict(dict), defaultdict(dict)
        scope = records.policy.scope("P2")
        for pm in people.values():
            if not scope.covers(pm.channel, pm.role, pm.team, pm.department):
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
    rule: str = ""                # the id of the rule running (its scope chose `people`)

    def scope_groups(self, pred) -> list[dict[str, PersonMonth]]:
        """The people for whom pred holds, grouped by who competes with whom (the running rule's
        `within`: company, department, team or channel), in group order: [{staff id: PersonMonth}]."""
        within = self.policy.scope(self.rule).within or "company"
        groups = defaultdict(dict)
        for pm in self.people.values():
            if pred(pm):
                key = "" if within == "company" else (getattr(pm, within) or "")
                groups[key][pm.staff] = pm
        return [groups[k] for k in sorted(groups)]

    def for_rule(self, rule: str) -> "Context":
        """The context a rule runs in: only the people its scope covers (rules.<id> in the policy)."""
        scope = self.policy.scope(rule)
        people = {k: pm for k, pm in self.people.items() if scope.covers(pm.channel, pm.role, pm.team, pm.department)}
        return replace(self, rule=rule, people=people)

    @property
    def is_week(self) -> bool:
        """A week's context (payout --week): month is a week's label, 2026-W43."""
        return "-W" in self.month

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


def week_context(records: Records, week) -> Context:
    """The context of a week's flags (payout_week): the week's days, indicators and scores; no standing
    (P2 is monthly)."""
    from salesctl.engines.indicators import week_indicators
    from salesctl.engines.score import score_week

    return Context(records, week.label, week.start, week.end, records.policy, week_indicators(records, week),
                   {ms.staff: ms for ms in score_week(records, week)}, Standing({}, {}))
