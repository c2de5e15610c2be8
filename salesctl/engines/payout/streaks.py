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
    out = []
    for sid in _staff(ctx):
        run = team_run(ctx.records, sid, ctx.month)
        if run and len(run) % po.team_streak_months == 0:
            out.append(Line(sid, "team-streak", f"top of team {ctx.people[sid].team} {len(run)} months running", Decimal(po.team_streak_bonus),
                            f"{len(run)} months ({run[0]} to {run[-1]}), a multiple of {po.team_streak_months}: {fmt(po.team_streak_bonus)}", tuple(run)))
    return out


def p2_department_streak(ctx: Context) -> list[Line]:
    """P2: top of the department a multiple of payout.dept_streak_months running: payout.dept_streak_bonus."""
    po = ctx.policy.payout
    out = []
    for sid in _staff(ctx):
        drun = dept_run(ctx.records, sid, ctx.month)
        if drun and len(drun) % po.dept_streak_months == 0:
            out.append(Line(sid, "dept-streak", f"top of {ctx.people[sid].department} {len(drun)} months running", Decimal(po.dept_streak_bonus),
                            f"{len(drun)} months ({drun[0]} to {drun[-1]}), a multiple of {po.dept_streak_months}: {fmt(po.dept_streak_bonus)}", tuple(drun)))
    return out


def p2_raise(ctx: Context) -> list[Line]:
    """P2: top of the department payout.raise_streak_months running or more: flagged for a raise."""
    po = ctx.policy.payout
    out = []
    for sid in _staff(ctx):
        drun = dept_run(ctx.records, sid, ctx.month)
        if len(drun) >= po.raise_streak_months:
            out.append(Line(sid, "raise", f"top of {ctx.people[sid].department} {len(drun)} months running: consider a raise",
                            arithmetic=f"{len(drun)} >= {po.raise_streak_months} months", evidence=tuple(drun)))
    return out


def p3_demotion(ctx: Context) -> list[Line]:
    """P3: missed target payout.missed_months running or more: flagged for demotion or dismissal."""
    po = ctx.policy.payout
    out = []
    for sid in _staff(ctx):
        mrun = missed_run(ctx.records, sid, ctx.month)
        if len(mrun) >= po.missed_months:
            out.append(Line(sid, "demotion", f"missed target {len(mrun)} months running: demotion or dismissal",
                            arithmetic=f"{len(mrun)} >= {po.missed_months} months", evidence=tuple(mrun)))
    return out
