"""P5 attendance: deductions for late/early and days absent, the days absent for payroll, the
warning and the dismissal flags, and the limit of deductions to the month's bonuses. Each rule is a
function `(Context) -> list[Line]`."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.engines.indicators.context import where
from salesctl.domain.calendar import days, is_workday
from salesctl.domain.staffing import leave_days, workdays_of
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line, days_words
from salesctl.money import ZERO, fmt

DEDUCTIONS = ("late", "half-day", "full-day")


def attendance_events(entries, late_limit: int):
    """P5 per day: [(date, code, minutes or None, absent days, entry)] for late/early within the limit,
    half days (absent half, or late/early beyond the limit) and full days. A day counts at most one day absent."""
    out = []
    for a in sorted(entries, key=lambda a: a.date):
        if a.absent == "full":
            out.append((a.date, "full-day", None, Decimal(1), a))
            continue
        day = []
        if a.absent == "half":
            day.append((a.date, "half-day", None, Decimal("0.5"), a))
        for label, m in (("late", a.late_minutes), ("early", a.early_minutes)):
            if m and m <= late_limit:
                day.append((a.date, "late", (label, m), Decimal(0), a))
            elif m and m > late_limit:
                day.append((a.date, "half-day", (label, m), Decimal("0.5"), a))
        left = Decimal(1)
        for d, code, m, n, e in day:
            take = min(n, left)
            left -= take
            out.append((d, code, m, take, e))
    return out


def _month_events(ctx: Context, sid: str):
    entries = [a for a in ctx.records.attendance_by_staff.get(sid, ()) if ctx.start <= a.date <= ctx.end]
    return attendance_events(entries, ctx.policy.payout.late_minutes)


def _evidence(records, d, m, e) -> str:
    loc = where(records, e)
    if m is None:
        return f"{d} absent {'full day' if e.absent == 'full' else 'half day'} ({loc})"
    return f"{d} {m[0]} {m[1]} min ({loc})"


# ----------------------------------------------------------------------------- rules
def p5_attendance(ctx: Context) -> list[Line]:
    """P5: late or early within payout.late_minutes, half days and full days absent, each deducted
    at its rate (late_deduction, half_day_deduction, full_day_deduction)."""
    po = ctx.policy.payout
    out = []
    for sid in sorted(ctx.people):
        events = _month_events(ctx, sid)
        for code, rate, words in (("late", po.late_deduction, f"late or early by {po.late_minutes} minutes or less"),
                                  ("half-day", po.half_day_deduction, f"half day absent (or late/early by more than {po.late_minutes} minutes)"),
                                  ("full-day", po.full_day_deduction, "full day absent")):
            xs = [x for x in events if x[1] == code]
            if xs:
                amt = -Decimal(rate) * len(xs)
                out.append(Line(sid, code, words, amt, f"{len(xs)} x {fmt(Decimal(rate))} = {fmt(-amt)} deducted",
                                tuple(_evidence(ctx.records, d, m, e) for d, _, m, _, e in xs)))
    return out


def p5_absent_days(ctx: Context) -> list[Line]:
    """P5: the days absent, reported for payroll (that day's pay is deducted by payroll)."""
    out = []
    for sid in sorted(ctx.people):
        events = _month_events(ctx, sid)
        absent = sum((x[3] for x in events), Decimal(0))
        if absent > 0:
            out.append(Line(sid, "absent-days", f"days absent, for payroll (that day's pay): {days_words(absent)}", ZERO,
                            " + ".join(f"{days_words(x[3])} ({x[0]})" for x in events if x[3] > 0) + f" = {days_words(absent)}",
                            tuple(_evidence(ctx.records, d, m, e) for d, _, m, n, e in events if n > 0), days=absent))
    return out


def p5_warning(ctx: Context) -> list[Line]:
    """P5: a full day absent earns a warning."""
    out = []
    for sid in sorted(ctx.people):
        for d, _, m, _, e in _month_events(ctx, sid):
            if m is None and e.absent == "full":
                out.append(Line(sid, "warning", f"warning: absent the full day of {d}", evidence=(_evidence(ctx.records, d, m, e),)))
    return out


def p5_dismissal(ctx: Context) -> list[Line]:
    """P5: payout.absent_run_days full days absent in a row (working days), or payout.absent_year_days
    days absent in the calendar year, reached this month: flagged for dismissal."""
    out = []
    for sid in sorted(ctx.people):
        s = ctx.records.staff.get(sid)
        if s is not None:
            out += _absent_in_a_row(ctx, s) + _absent_in_the_year(ctx, s)
    return out


def _absent_in_a_row(ctx: Context, s) -> list[Line]:
    po = ctx.policy.payout
    wd = workdays_of(ctx.records, s)
    fulls = sorted(a.date for a in ctx.records.attendance_by_staff.get(s.id, ()) if a.date <= ctx.end and a.absent == "full")
    lv = leave_days(ctx.records, s, min(fulls, default=ctx.start), ctx.end)
    out = []
    run: list[dt.date] = []
    for d in fulls:
        if run and all(not is_workday(x, wd) or x in lv for x in days(run[-1] + dt.timedelta(days=1), d - dt.timedelta(days=1))):
            run.append(d)
        else:
            run = [d]
        if len(run) == po.absent_run_days and ctx.start <= d <= ctx.end:
            out.append(Line(s.id, "dismissal", f"absent {len(run)} working days in a row: dismissal",
                            arithmetic=f"{len(run)} >= {po.absent_run_days} days in a row", evidence=tuple(str(x) for x in run)))
    return out


def _absent_in_the_year(ctx: Context, s) -> list[Line]:
    po = ctx.policy.payout
    year_start = dt.date(ctx.start.year, 1, 1)
    hist = [a for a in ctx.records.attendance_by_staff.get(s.id, ()) if year_start <= a.date <= ctx.end]
    year_events = attendance_events(hist, po.late_minutes)
    out = []
    total = Decimal(0)
    for d, _, _, n, _ in year_events:
        before = total
        total += n
        if before < po.absent_year_days <= total and ctx.start <= d <= ctx.end:
            out.append(Line(s.id, "dismissal", f"absent {days_words(total)} days in {ctx.start.year}: dismissal",
                            arithmetic=f"{days_words(total)} >= {days_words(Decimal(po.absent_year_days))} days this year",
                            evidence=tuple(f"{x[0]} {days_words(x[3])}" for x in year_events if x[3] > 0 and x[0] <= d)))
    return out


def p5_deduction_limit(ctx: Context) -> list[Line]:
    """P5: when payout.deductions_limited_to_bonus, deductions above the month's bonuses are given
    back. Reads the lines of the rules run before it (ctx.earlier), so it runs last."""
    if not ctx.policy.payout.deductions_limited_to_bonus:
        return []
    lines = ctx.earlier
    out = []
    for sid in sorted({x.staff for x in lines}):
        gain = sum((x.amount for x in lines if x.staff == sid and x.amount > 0), ZERO)
        loss = -sum((x.amount for x in lines if x.staff == sid and x.code in DEDUCTIONS), ZERO)
        if loss > gain:
            out.append(Line(sid, "deduction-limit", "deductions above the month's bonuses are not taken", loss - gain,
                            f"deductions {fmt(loss)} - bonuses {fmt(gain)} = {fmt(loss - gain)} given back"))
    return out
