"""P5 attendance: deductions for late/early and days absent, the days absent for payroll, the
warning and the dismissal flags, and the limit of deductions to the month's bonuses. Each rule is a
function `(Context) -> list[Line]`.

payout.lateness_mode picks the rule book's form: minutes (003: late within 15 minutes, half and full
days absent, each with that day's pay; warning; dismissal) or count (001: each late or early up to N
times a month; beyond N, or M days absent, the club's rules: p5_club_rules). The days absent are
reported for payroll in both."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.engines.indicators.context import where
from salesctl.domain.calendar import days, is_workday
from salesctl.domain.staffing import leave_days, workdays_of
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line, days_words
from salesctl.i18n import _, ngettext
from salesctl.money import ZERO, fmt

DEDUCTIONS = ("late", "half-day", "full-day")
DAYS = {"half": Decimal("0.5"), "full": Decimal(1)}


def unarranged(policy, a) -> list[tuple[str, str]]:
    """O4: what of attendance entry a was done without the supervisor's arrangement (a swap or an
    off_post stretch with no approved_by), as [(words, half|full)], the absence it counts as
    (limits.swap_absence, limits.off_post_absence); [] when O4 is off or all was arranged.
    「如有各种事由需要换班及离开的,必须通知其主管,由主管做出安排后,方可执行,否则,按旷工处理」."""
    if not policy.on("O4"):
        return []
    lim = policy.limits
    out = []
    if a.swap is not None and not a.swap.approved_by and lim.swap_absence:
        with_ = f", with {a.swap.with_}" if a.swap.with_ else ""
        out.append((f"shift swap ({a.swap.shift}{with_}) not arranged by the supervisor", lim.swap_absence))
    loose = [op for op in a.off_post if not op.approved_by]
    if loose and lim.off_post_absence:
        out.append(("off post " + ", ".join(f"{op.from_}-{op.to}" for op in loose) + " not arranged by the supervisor",
                    lim.off_post_absence))
    return out


def o4_absence(policy, a) -> tuple[Decimal, str] | None:
    """O4's absence of entry a for P5: (days, words), the larger of the swap's and the off-post stretches', or None."""
    xs = unarranged(policy, a)
    if not xs:
        return None
    words, much = max(xs, key=lambda x: DAYS[x[1]])
    return DAYS[much], "; ".join(w for w, _m in xs)


def attendance_events(entries, late_limit: int, policy=None):
    """P5 per day: [(date, code, minutes or None, absent days, entry)] for late/early within the limit,
    half days (absent half, or late/early beyond the limit) and full days. A day counts at most one day absent.
    With a policy whose O4 is on, a swap or time off the post not arranged by the supervisor counts as
    absence too (o4_absence: its `minutes` part is ("O4", words)); a full day of it is the day's only event."""
    out = []
    for a in sorted(entries, key=lambda a: a.date):
        if a.absent == "full":
            out.append((a.date, "full-day", None, Decimal(1), a))
            continue
        o4 = o4_absence(policy, a) if policy is not None else None
        if o4 is not None and o4[0] == 1:
            out.append((a.date, "full-day", ("O4", o4[1]), Decimal(1), a))
            continue
        day = []
        if a.absent == "half":
            day.append((a.date, "half-day", None, Decimal("0.5"), a))
        if o4 is not None:
            day.append((a.date, "half-day", ("O4", o4[1]), Decimal("0.5"), a))
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
    """attendance_events of the month; in the count form (001) a late arrival is never half a day."""
    po = ctx.policy.payout
    return attendance_events(_month_entries(ctx, sid), po.late_minutes if po.lateness_mode == "minutes" else float("inf"),
                             ctx.policy)


def _month_entries(ctx: Context, sid: str):
    return [a for a in ctx.records.attendance_by_staff.get(sid, ()) if ctx.start <= a.date <= ctx.end]


def _evidence(records, d, m, e, n=None) -> str:
    loc = where(records, e)
    if m is not None and m[0] == "O4":
        return f"{d} {m[1]}: O4, counted as {'a full day' if n == 1 else 'half a day'} absent, 按旷工处理 ({loc})"
    if m is None:
        return (_("{day} absent full day ({where})") if e.absent == 'full' else _("{day} absent half day ({where})")).format(day=d, where=loc)
    return (_("{day} late {minutes} min ({where})") if m[0] == "late" else _("{day} early {minutes} min ({where})")).format(
        day=d, minutes=m[1], where=loc)


# ----------------------------------------------------------------------------- rules
def p5_attendance(ctx: Context) -> list[Line]:
    """P5: the month's attendance deductions, in the form payout.lateness_mode names. minutes (003):
    late or early within payout.late_minutes, half days and full days absent, each at its rate
    (late_deduction, half_day_deduction, full_day_deduction) plus that day's pay, computed by payroll.
    count (001): late or early up to payout.late_count_limit times, late_deduction each (see count_lines)."""
    count = ctx.policy.payout.lateness_mode == "count"
    out = []
    for sid in sorted(ctx.people):
        out += count_lines(ctx, sid) if count else minutes_lines(ctx, sid)
    return out


def minutes_lines(ctx: Context, sid: str) -> list[Line]:
    """P5 (003): 「遲到或早退15分鐘以內,每次扣除當月績效獎金[X]元;…超過15分鐘,按曠工半天處理,扣除當天工資及
    當月績效獎金[X]元」; 「曠工一天,扣除當天工資及當月績效獎金[X]元,並給予警告處分」. That day's pay is
    payroll's: the half-day and full-day lines name the days and how many, for payroll."""
    po = ctx.policy.payout
    events = _month_events(ctx, sid)
    out = []
    for code, rate, words in (("late", po.late_deduction, _("late or early by {minutes} minutes or less").format(minutes=po.late_minutes)),
                              ("half-day", po.half_day_deduction,
                               _("half day absent (or late/early by more than {minutes} minutes)").format(minutes=po.late_minutes)),
                              ("full-day", po.full_day_deduction, _("full day absent"))):
        xs = [x for x in events if x[1] == code]
        if not xs:
            continue
        amt = -Decimal(rate) * len(xs)
        arith = _("{n} x {rate} = {amount} deducted").format(n=len(xs), rate=fmt(Decimal(rate)), amount=fmt(-amt))
        if code != "late":
            dates = ', '.join(str(x[0]) for x in xs)
            words += _(", plus that day's pay (当天工资)")
            arith += (ngettext(", plus that day's pay for {n} half day ({dates}), computed by payroll",
                               ", plus that day's pay for {n} half days ({dates}), computed by payroll", len(xs)) if code == "half-day"
                      else ngettext(", plus that day's pay for {n} day ({dates}), computed by payroll",
                                    ", plus that day's pay for {n} days ({dates}), computed by payroll", len(xs))).format(n=len(xs), dates=dates)
        out.append(Line(sid, code, words, amt, arith, tuple(_evidence(ctx.records, d, m, e, n) for d, _c, m, n, e in xs)))
    return out


def lateness_count(entries, policy=None) -> tuple[list, Decimal]:
    """P5 (001): ([(date, (late|early, minutes), entry)] every late arrival and early leave, days absent;
    with a policy whose O4 is on, a swap or time off post not arranged counts as absence too, a day at most one)."""
    times, absent = [], Decimal(0)
    for a in sorted(entries, key=lambda a: a.date):
        for label, m in (("late", a.late_minutes), ("early", a.early_minutes)):
            if m:
                times.append((a.date, (label, m), a))
        o4 = o4_absence(policy, a) if policy is not None else None
        absent += min(Decimal(1), DAYS.get(a.absent or "", Decimal(0)) + (o4[0] if o4 else Decimal(0)))
    return times, absent


def count_lines(ctx: Context, sid: str) -> list[Line]:
    """P5 (001): 「遲到、早退[具體次數]以內的,每次扣除[具體金額]」: each late arrival or early leave of the month
    (whatever its minutes) deducts payout.late_deduction, up to payout.late_count_limit times; the times
    beyond go to the club's rules (p5_club_rules), not deducted here."""
    po = ctx.policy.payout
    times, _absent = lateness_count(_month_entries(ctx, sid))
    if not times:
        return []
    n = min(len(times), po.late_count_limit)
    amt = -Decimal(po.late_deduction) * n
    arith = _("{n} x {rate} = {amount} deducted").format(n=n, rate=fmt(Decimal(po.late_deduction)), amount=fmt(-amt))
    if len(times) > n:
        arith = (_("{n} times, the first {limit}: ").format(n=len(times), limit=po.late_count_limit) + arith
                 + _("; more than {limit}: the club's rules").format(limit=po.late_count_limit))
    return [Line(sid, "late", _("late or early, up to {limit} times a month").format(limit=po.late_count_limit), amt, arith,
                 tuple(_evidence(ctx.records, d, m, e) for d, m, e in times))]


def p5_club_rules(ctx: Context) -> list[Line]:
    """P5: with payout.lateness_mode count (001: 「遲到、早退累計超過[具體次數]或曠工[具體天數]的,按照會所相關規定
    進行處理」), more than payout.late_count_limit late arrivals and early leaves in the month, or
    payout.late_count_absent_days days absent or more (half days count half), flagged for the club's rules."""
    po = ctx.policy.payout
    if po.lateness_mode != "count":
        return []
    out = []
    for sid in sorted(ctx.people):
        times, absent = lateness_count(_month_entries(ctx, sid), ctx.policy)
        why = []
        if len(times) > po.late_count_limit:
            why.append(_("late or early {n} times > {limit}").format(n=len(times), limit=po.late_count_limit))
        if absent > 0 and absent >= po.late_count_absent_days:
            why.append(_("absent {days} days >= {limit}").format(days=days_words(absent), limit=days_words(Decimal(po.late_count_absent_days))))
        if why:
            out.append(Line(sid, "club-rules", _("attendance beyond the limits: to be handled by the club's rules (按照會所相關規定進行處理)"),
                            arithmetic="; ".join(why),
                            evidence=tuple(f"{a.date} {_what(a, ctx.policy)} ({where(ctx.records, a)})" for a in _month_entries(ctx, sid)
                                           if _what(a, ctx.policy))))
    return out


def _what(a, policy=None) -> str:
    o4 = o4_absence(policy, a) if policy is not None else None
    parts = [_("late {minutes} min").format(minutes=a.late_minutes) if a.late_minutes else "",
             _("early {minutes} min").format(minutes=a.early_minutes) if a.early_minutes else "",
             (_("absent full day") if a.absent == "full" else _("absent half day")) if a.absent else "",
             _("{words} (O4: absent {n} day)").format(words=o4[1], n=days_words(o4[0])) if o4 else ""]
    return ", ".join(p for p in parts if p)


def p5_absent_days(ctx: Context) -> list[Line]:
    """P5: the days absent, reported for payroll (in the minutes form, 003, that day's pay is deducted by payroll)."""
    minutes = ctx.policy.payout.lateness_mode == "minutes"
    half = ctx.policy.payout.half_day_pay_days

    def pay_days(n: Decimal) -> Decimal:   # that day's pay: a half day absent costs payout.half_day_pay_days
        return half if minutes and 0 < n < 1 else n

    out = []
    for sid in sorted(ctx.people):
        events = [x for x in _month_events(ctx, sid) if x[3] > 0]
        days = sum((pay_days(x[3]) for x in events), Decimal(0))
        if days > 0:
            steps = [_("{days} absent ({day})").format(days=days_words(x[3]), day=x[0])
                     + (_(": that day's pay, {days}").format(days=days_words(pay_days(x[3]))) if pay_days(x[3]) != x[3] else "")
                     for x in events]
            what = (_("days of pay to deduct, for payroll (that day's pay): {days}") if minutes
                    else _("days of pay to deduct, for payroll: {days}")).format(days=days_words(days))
            out.append(Line(sid, "absent-days", what, ZERO, " + ".join(steps) + f" = {days_words(days)}",
                            tuple(_evidence(ctx.records, d, m, e, n) for d, _c, m, n, e in events), days=days))
    return out


def p5_warning(ctx: Context) -> list[Line]:
    """P5: a full day absent earns a warning (payout.lateness_mode minutes: 003's 「並給予警告處分」)."""
    if ctx.policy.payout.lateness_mode != "minutes":
        return []
    out = []
    for sid in sorted(ctx.people):
        for d, code, m, n, e in _month_events(ctx, sid):
            if code == "full-day":   # absent the full day, or O4's unarranged swap counted as one
                out.append(Line(sid, "warning", _("warning: absent the full day of {day}").format(day=d), evidence=(_evidence(ctx.records, d, m, e, n),)))
    return out


def p5_dismissal(ctx: Context) -> list[Line]:
    """P5: payout.absent_run_days full days absent in a row (working days), or payout.absent_year_days
    days absent in the calendar year, reached this month: flagged for dismissal (payout.lateness_mode
    minutes: 003's 「連續曠工三天以上(含三天)或累計曠工五天以上(含五天),公司將予以辭退」)."""
    if ctx.policy.payout.lateness_mode != "minutes":
        return []
    out = []
    for sid in sorted(ctx.people):
        s = ctx.records.staff.get(sid)
        if s is not None:
            out += _absent_in_a_row(ctx, s) + _absent_in_the_year(ctx, s)
    return out


def _absent_in_a_row(ctx: Context, s) -> list[Line]:
    po = ctx.policy.payout
    wd = workdays_of(ctx.records, s)
    fulls = sorted(d for d, code, _m, _n, _e in attendance_events(
        [a for a in ctx.records.attendance_by_staff.get(s.id, ()) if a.date <= ctx.end], po.late_minutes, ctx.policy) if code == "full-day")
    lv = leave_days(ctx.records, s, min(fulls, default=ctx.start), ctx.end)
    out = []
    run: list[dt.date] = []
    for d in fulls:
        if run and all(not is_workday(x, wd) or x in lv for x in days(run[-1] + dt.timedelta(days=1), d - dt.timedelta(days=1))):
            run.append(d)
        else:
            run = [d]
        if len(run) == po.absent_run_days and ctx.start <= d <= ctx.end:
            out.append(Line(s.id, "dismissal", _("absent {n} working days in a row: dismissal").format(n=len(run)),
                            arithmetic=_("{n} >= {limit} days in a row").format(n=len(run), limit=po.absent_run_days), evidence=tuple(str(x) for x in run)))
    return out


def _absent_in_the_year(ctx: Context, s) -> list[Line]:
    po = ctx.policy.payout
    year_start = dt.date(ctx.start.year, 1, 1)
    hist = [a for a in ctx.records.attendance_by_staff.get(s.id, ()) if year_start <= a.date <= ctx.end]
    year_events = attendance_events(hist, po.late_minutes, ctx.policy)
    out = []
    total = Decimal(0)
    for d, _c, _m, n, _e in year_events:
        before = total
        total += n
        if before < po.absent_year_days <= total and ctx.start <= d <= ctx.end:
            out.append(Line(s.id, "dismissal", _("absent {days} days in {year}: dismissal").format(days=days_words(total), year=ctx.start.year),
                            arithmetic=_("{days} >= {limit} days this year").format(days=days_words(total), limit=days_words(Decimal(po.absent_year_days))),
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
            out.append(Line(sid, "deduction-limit", _("deductions above the month's bonuses are not taken"), loss - gain,
                            _("deductions {loss} - bonuses {gain} = {back} given back").format(loss=fmt(loss), gain=fmt(gain), back=fmt(loss - gain))))
    return out
