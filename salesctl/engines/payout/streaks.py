"""Runs of months: P2 team and department streaks and the raise flag, P3 the missed-target run.

A month counts toward a streak only if the person was there that month (employed, not on leave for
all their working days) and had a target for it; a month without that breaks the streak. Earlier
months are read from the records (only those dated up to each month's end).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from salesctl.engines.indicators import memo, month_basics
from salesctl.domain.calendar import month_of, shift_month
from salesctl.engines.payout.context import Context, standing
from salesctl.engines.payout.lines import Line
from salesctl.i18n import _
from salesctl.money import fmt
from salesctl.records import Records


def run_back(month: str, ok: Callable[[str], bool], floor: str) -> list[str]:
    """The months of the run of `ok` months ending at `month`, oldest first (empty if `month` is not ok)."""
    out = []
    m = month
    while m >= floor and ok(m):
        out.append(m)
        m = shift_month(m, -1)
    return out[::-1]


def floor_month(records: Records) -> str:
    def build():
        joined = [s.joined for s in records.staff.values()]
        return month_of(min(joined)) if joined else "9999-12"
    return memo(records, "floor", build)


def _counts(records: Records, sid: str, m: str):
    pm = month_basics(records, m).get(sid)
    return pm if pm is not None and pm.counts else None


def team_run(records: Records, sid: str, month: str) -> list[str]:
    team = records.staff[sid].team

    def ok(m):
        return bool(team) and _counts(records, sid, m) is not None and sid in standing(records, m).team_top.get(team, ())
    return run_back(month, ok, floor_month(records))


def dept_run(records: Records, sid: str, month: str) -> list[str]:
    dept = records.department_of(records.staff[sid])

    def ok(m):
        return bool(dept) and _counts(records, sid, m) is not None and sid in standing(records, m).dept_top.get(dept, ())
    return memo(records, ("dept-run", sid, month), lambda: run_back(month, ok, floor_month(records)))


def missed_run(records: Records, sid: str, month: str) -> list[str]:
    def ok(m):
        pm = _counts(records, sid, m)
        return pm is not None and pm.missed
    return run_back(month, ok, floor_month(records))


def _staff(ctx: Context) -> list[str]:
    return [sid for sid in sorted(ctx.people) if sid in ctx.records.staff]


# ----------------------------------------------------------------------------- rules
def p2_team_streak(ctx: Context) -> list[Line]:
    """P2: top of the team a multiple of payout.team_streak_months running: payout.team_streak_bonus."""
    po = ctx.policy.payout
    return _streak_bonus(ctx, team_run, "team-streak", lambda pm: _("team {team}").format(team=pm.team), po.team_streak_months, po.team_streak_bonus)


def p2_department_streak(ctx: Context) -> list[Line]:
    """P2: top of the department a multiple of payout.dept_streak_months running: payout.dept_streak_bonus."""
    po = ctx.policy.payout
    return _streak_bonus(ctx, dept_run, "dept-streak", lambda pm: pm.department, po.dept_streak_months, po.dept_streak_bonus)


def _streak_bonus(ctx: Context, run_of, code: str, where, months: int, bonus) -> list[Line]:
    """The bonus of a run of months on top (run_of: team_run or dept_run), paid each time the run
    reaches a multiple of `months`."""
    out = []
    for sid in _staff(ctx):
        run = run_of(ctx.records, sid, ctx.month)
        if run and len(run) % months == 0:
            out.append(Line(sid, code, _("top of {where} {n} months running").format(where=where(ctx.people[sid]), n=len(run)), Decimal(bonus),
                            _("{n} months ({first} to {last}), a multiple of {months}: {bonus}").format(
                                n=len(run), first=run[0], last=run[-1], months=months, bonus=fmt(bonus)), tuple(run)))
    return out


def p2_raise(ctx: Context) -> list[Line]:
    """P2: top of the department payout.raise_streak_months running or more: flagged for a raise."""
    return _run_flag(ctx, dept_run, "raise", ctx.policy.payout.raise_streak_months,
                     lambda pm, n: _("top of {department} {n} months running: consider a raise").format(department=pm.department, n=n))


def p3_demotion(ctx: Context) -> list[Line]:
    """P3: missed target payout.missed_months running or more: flagged for demotion or dismissal."""
    return _run_flag(ctx, missed_run, "demotion", ctx.policy.payout.missed_months,
                     lambda pm, n: _("missed target {n} months running: demotion or dismissal").format(n=n))


def _run_flag(ctx: Context, run_of, code: str, months: int, what) -> list[Line]:
    """A flag for every month a run (run_of: dept_run or missed_run) is at least `months` long."""
    out = []
    for sid in _staff(ctx):
        run = run_of(ctx.records, sid, ctx.month)
        if len(run) >= months:
            out.append(Line(sid, code, what(ctx.people[sid], len(run)), arithmetic=_("{n} >= {months} months").format(n=len(run), months=months),
                            evidence=tuple(run)))
    return out
