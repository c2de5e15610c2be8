"""K11: targets broken down from department to team to person, and a quarter's or year's target
against its parts.

004 「制定季度及月度销售目标」「将总体目标分解为部门和个人目标」: a department record's target against its
teams' (the teams whose `department` is its name), a team's against its members'.
"""
from __future__ import annotations

from decimal import Decimal

from salesctl.checks.context import Context
from salesctl.domain.calendar import parse_period
from salesctl.domain.staffing import parts_words, period_target, target_parts
from salesctl.money import fmt
from salesctl.i18n import _


def k11_breakdown(c: Context):
    """A team target whose members' targets for the period do not add up to it; a person's (or team's)
    quarter or year target that is not the sum of the month (quarter) targets set in it."""
    records = c.records
    for dept in records.departments.values():
        teams = sorted((t for t in records.teams.values() if t.department == dept.name), key=lambda t: t.id)
        for key, amount in sorted(dept.targets.items()):
            period = parse_period(key)
            got = [(t.id, v) for t in teams if (v := period_target(t.targets, period).amount) is not None]
            total = sum((v for _unused, v in got), Decimal(0))
            if total != amount:
                yield c.warning(dept, ("targets", key),
                                _("targets.{key}: the department's target is {fmt} but its teams' add up to {fmt2} ({value})").format(key=key, fmt=fmt(amount), fmt2=fmt(total), value=parts_words(got) or 'none set'), "K11")
    for team in records.teams.values():
        members = sorted((s for s in records.staff.values() if s.team == team.id), key=lambda s: s.id)
        for key, amount in sorted(team.targets.items()):
            period = parse_period(key)
            got = [(s.id, period_target(s.targets, period).amount) for s in members]
            got = [(k, v) for k, v in got if v is not None]
            total = sum((v for _unused, v in got), Decimal(0))
            if total != amount:
                yield c.warning(team, ("targets", key),
                                _("targets.{key}: the team's target is {fmt} but its members' add up to {fmt2} ({value})").format(key=key, fmt=fmt(amount), fmt2=fmt(total), value=parts_words(got) or 'none set'), "K11")
    for rec in (*records.departments.values(), *records.teams.values(), *records.staff.values()):
        for key, amount in sorted(rec.targets.items()):
            period = parse_period(key)
            got = target_parts(rec.targets, period)
            total = sum((v for _unused, v in got), Decimal(0))
            if got and total != amount:
                what = "quarter" if period.kind == "year" else "month"
                yield c.warning(rec, ("targets", key),
                                _("targets.{key}: {fmt}, but the {what} targets in it add up to {fmt2} ({parts_words})").format(key=key, fmt=fmt(amount), what=what, fmt2=fmt(total), parts_words=parts_words(got)), "K11")
