"""Who is employed, away or on leave on a day, and the days a person was there in a month.

One home for "why can't this person work / take leads / keep leads / be credited on day D"
(O3: staff join and leave; O2: shifts and leave; A4: not on post; L6: long leave loses leads).
`away(s, d)` works out the fact once, as an `Away`; each rule words it in its own way:
`cannot_take_leads` (A1-A4, claims), `loses_leads` (L6 reclaim), `left_before` (S1-S5 credit,
O3). `presence` counts a month's employed, working and leave days (K4, O3).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from salesctl.domain.calendar import days, is_workday, month_bounds, parts_of
from salesctl.i18n import _
from salesctl.money import fmt, round_cent
from salesctl.schema import Leave, Staff


# ----------------------------------------------------------------------------- one day
@dataclass(frozen=True)
class Away:
    """Why a person is not at work on a day."""

    kind: str                  # left, status-leave, not-joined, leave
    staff: Staff
    leave: Leave | None = None

    @property
    def leave_days(self) -> int:
        """Length of the leave period, days (kind leave)."""
        return (self.leave.end - self.leave.start).days + 1 if self.leave else 0


def left_before(s: Staff, d: dt.date) -> bool:
    """s left before day d (the day they leave is still theirs, O3)."""
    return s.left is not None and s.left < d


def away(s: Staff, d: dt.date, *, joining: bool = True, min_leave_days: int = 1,
         status: bool = True) -> Away | None:
    """Why s is not at work on day d, or None (O3, O2): has left (status left, or a `left` date
    before d), on long leave (status leave), not joined yet (when `joining`), or on a leave period
    covering d of at least `min_leave_days` days. The first that applies, in that order.
    `status=False` judges a past day by the dates alone (joined, left, leave periods), not the current
    status, so that what happened that day does not change when the person later leaves (O3: a leaver
    keeps their history)."""
    if (status and s.status == "left") or left_before(s, d):
        return Away("left", s)
    if status and s.status == "leave":
        return Away("status-leave", s)
    if joining and s.joined > d:
        return Away("not-joined", s)
    for lv in s.leave:
        if lv.start <= d <= lv.end and (lv.end - lv.start).days + 1 >= min_leave_days:
            return Away("leave", s, lv)
    return None


def _has_left(s: Staff) -> str:
    return _("has left ({day})").format(day=s.left) if s.left else _("has left")


def cannot_take_leads(s: Staff, d: dt.date) -> str | None:
    """Why s cannot take leads on day d (A1-A4, L6 claims: status, joined, left, leave), or None."""
    a = away(s, d)
    if a is None:
        return None
    if a.kind == "left":
        return _has_left(s)
    if a.kind == "status-leave":
        return _("on long leave (status leave)")
    if a.kind == "not-joined":
        return _("joins on {day}").format(day=s.joined)
    lv = a.leave
    if lv.why:
        return _("on leave {start}..{end} ({why})").format(start=lv.start, end=lv.end, why=lv.why)
    return _("on leave {start}..{end}").format(start=lv.start, end=lv.end)


def loses_leads(s: Staff, d: dt.date, long_leave_days: int) -> str | None:
    """Why the owner s loses their open leads on day d (L6: left, long leave), or None. Not yet
    joined and short leave periods do not take leads away."""
    a = away(s, d, joining=False, min_leave_days=long_leave_days)
    if a is None:
        return None
    if a.kind == "left":
        return _has_left(s)
    if a.kind == "status-leave":
        return _("is on long leave (status leave)")
    lv = a.leave
    return _("is on leave {start}..{end} ({days} days, long_leave_days {limit})").format(
        start=lv.start, end=lv.end, days=a.leave_days, limit=long_leave_days)


# ----------------------------------------------------------------------------- a stretch of days
def employed_between(s: Staff, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The part of [start, end] s was employed (joined .. left, both included), or None (O3)."""
    a = max(start, s.joined)
    b = min(end, s.left) if s.left else end
    return (a, b) if a <= b else None


def workdays_of(records, s: Staff) -> tuple[str, ...]:
    """The weekdays s works: their shift days, else the policy's score.workdays (O2)."""
    return tuple(s.shifts) if s.shifts else tuple(records.policy.score.workdays)


def leave_days(records, s: Staff, start: dt.date, end: dt.date) -> set[dt.date]:
    """Days of approved leave: the staff record's leave periods and attendance entries with leave."""
    out: set[dt.date] = set()
    for lv in s.leave:
        a, b = max(start, lv.start), min(end, lv.end)
        if a <= b:
            out.update(days(a, b))
    for a in records.attendance_by_staff.get(s.id, ()):
        if a.leave and start <= a.date <= end:
            out.add(a.date)
    return out


@dataclass(frozen=True)
class Presence:
    """The days a person was there in a month (O3, O2)."""

    month: str
    days_in_month: int
    employed: int            # calendar days employed (joined .. left)
    scheduled: int           # employed days that are their working days (shifts, else score.workdays)
    working: int             # scheduled days not on leave
    workdays_per_week: int   # working days in their week
    leave: tuple[dt.date, ...]   # scheduled days on approved leave
    share: Optional[Decimal] = None   # a week: the share of a month its days employed make (see presence_between)

    @property
    def fraction(self) -> Decimal:
        """Share of the month employed (targets are prorated by it); of a week, `share`."""
        if self.share is not None:
            return self.share
        return Decimal(self.employed) / Decimal(self.days_in_month)

    @property
    def present(self) -> bool:
        """Employed at least one day and not on leave for all of their working days."""
        return self.employed > 0 and (self.scheduled == 0 or self.working > 0)

    def words(self) -> str:
        parts = [_("employed {employed}/{days} days").format(employed=self.employed, days=self.days_in_month)]
        parts.append(_("{n} working days").format(n=self.working))
        if self.leave:
            parts.append(_("{n} on leave").format(n=len(self.leave)))
        return ", ".join(parts)


def presence(records, s: Staff, month: str) -> Presence:
    """The days s was employed, scheduled, working and on leave in `month` (K4, O2, O3)."""
    start, end = month_bounds(month)
    n = (end - start).days + 1
    wd = workdays_of(records, s)
    got = _schedule(records, s, month)
    if got is None:
        return Presence(month, n, 0, 0, 0, len(wd), ())
    (a, b), sched, on_leave = got
    return Presence(month, n, (b - a).days + 1, len(sched), len(sched) - len(on_leave), len(wd), on_leave)


def presence_between(records, s: Staff, start: dt.date, end: dt.date, label: str) -> Presence:
    """The days s was employed, scheduled, working and on leave from start to end (a week, `label`
    2026-W43): days_in_month is then the days of the span, and `share` the part of a month the days
    employed make — each day counts 1/(the days of its month), so a week's targets are the months'
    targets prorated day by day, also for a week across two months (K4, K11, O3)."""
    n = (end - start).days + 1
    wd = workdays_of(records, s)
    got = _schedule_between(records, s, start, end)
    if got is None:
        return Presence(label, n, 0, 0, 0, len(wd), (), Decimal(0))
    (a, b), sched, on_leave = got
    return Presence(label, n, (b - a).days + 1, len(sched), len(sched) - len(on_leave), len(wd), on_leave,
                    sum((Decimal(1) / _month_days(d) for d in days(a, b)), Decimal(0)))


def _month_days(d: dt.date) -> int:
    a, b = month_bounds(f"{d:%Y-%m}")
    return (b - a).days + 1


def span_target(records, s: Staff, start: dt.date, end: dt.date) -> Decimal | None:
    """A week's (any span's) sales target: each day employed in it counts its month's target / the days
    of that month (K11: the month's target broken down to the week), to the cent; None when none of
    its months has a positive target."""
    span = employed_between(s, start, end)
    if span is None:
        return None
    parts = [Decimal(t) / _month_days(d) for d in days(*span)
             if (t := s.targets.get(f"{d:%Y-%m}")) is not None and t > 0]
    return round_cent(sum(parts, Decimal(0))) if parts else None


def working_dates(records, s: Staff, month: str, bounds: tuple[dt.date, dt.date] | None = None) -> list[dt.date]:
    """The days of `month` (or of `bounds`: a week) s was there to work: employed, scheduled and not
    on leave (K8 each day)."""
    got = _schedule_between(records, s, *(bounds or month_bounds(month)))
    return [] if got is None else [d for d in got[1] if d not in got[2]]


def _schedule(records, s: Staff, month: str):
    return _schedule_between(records, s, *month_bounds(month))


def _schedule_between(records, s: Staff, start: dt.date, end: dt.date):
    """((first, last day employed), the scheduled days, those of them on leave), or None when not employed."""
    span = employed_between(s, start, end)
    if span is None:
        return None
    a, b = span
    wd = workdays_of(records, s)
    sched = [d for d in days(a, b) if is_workday(d, wd)]
    lv = leave_days(records, s, a, b)
    return span, sched, tuple(d for d in sched if d in lv)


def target_of(records, s: Staff, month: str, pres: Presence | None = None) -> tuple[Decimal | None, Decimal | None]:
    """(the staff record's target for the month, the target that counts: prorated by the days employed
    when score.prorate_targets). None when no positive target is set."""
    full = s.targets.get(month)
    if full is None or full <= 0:
        return None, None
    full = Decimal(full)
    pres = pres or presence(records, s, month)
    if records.policy.score.prorate_targets and pres.employed < pres.days_in_month:
        return full, round_cent(full * pres.fraction)
    return full, full


# ----------------------------------------------------------------------------- quarters and years (K11)
@dataclass(frozen=True)
class PeriodTarget:
    """A target for a quarter or a year (K11): its amount (None: none set) and where it came from."""

    amount: Decimal | None
    how: str                  # "the 2026Q3 target", "sum of the month targets: 2026-07 50000.00 + …"


def period_target(targets: dict, period, month_target=None) -> PeriodTarget:
    """K11: a period's target from a targets mapping (a staff or team record's): the period's own key
    (YYYY-MM, YYYYQn, YYYY) when set above zero; else a quarter's is the sum of its months' targets and a
    year's the sum of its quarters' (each its key or its months). `month_target(m)`: the target that counts
    for month m (a person's prorated one, target_of), by default the month's key."""
    own = month_target(period.label) if month_target and period.kind == "month" else targets.get(period.label)
    if own is not None and own > 0:
        return PeriodTarget(Decimal(own), _("the {period} target").format(period=period.label))
    if period.kind == "month":
        return PeriodTarget(None, _("no target for {period}").format(period=period.label))
    got = target_parts(targets, period, month_target)
    if not got:
        return PeriodTarget(None, (_("no target for {period} or its quarters") if period.kind == "year" else
                                   _("no target for {period} or its months")).format(period=period.label))
    return PeriodTarget(sum((v for _unused, v in got), Decimal(0)),
                        (_("sum of the quarter targets: {parts}") if period.kind == "year" else
                         _("sum of the month targets: {parts}")).format(parts=parts_words(got)))


def target_parts(targets: dict, period, month_target=None) -> list[tuple[str, Decimal]]:
    """[(label, target)] of the parts of a period (parts_of) that have a target."""
    got = [(p.label, period_target(targets, p, month_target).amount) for p in parts_of(period)]
    return [(k, v) for k, v in got if v is not None]


def parts_words(parts) -> str:
    """[(label, amount)] -> '2026-07 50000.00 + 2026-08 50000.00'."""
    return " + ".join(f"{k} {fmt(v)}" for k, v in parts)


def staff_period_target(records, s: Staff, period) -> PeriodTarget:
    """A person's target for a period (K11): its key, else the sum of their month targets as the months
    count them (prorated by the days employed, target_of)."""
    return period_target(s.targets, period, lambda m: target_of(records, s, m)[1])
