"""Periods, presence and targets of the indicators engine (O2, O3, K5): the lines that stood at the
top of the old engines/indicators.py, kept here verbatim until they get their domain home
(salesctl/domain/calendar.py and staffing.py)."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from salesctl.money import round_cent
from salesctl.records import Records
from salesctl.schema import Staff

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HUNDRED = Decimal(100)
NOT_SALES = ("refund", "adjustment")   # deal kinds that are not a purchase


# ----------------------------------------------------------------------------- periods
@dataclass(frozen=True)
class Period:
    kind: str                 # month, quarter, year
    label: str                # 2026-08, 2026Q3, 2026
    months: tuple[str, ...]   # YYYY-MM, in order


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_period(text: str) -> Period:
    """'2026-08', '2026Q3' or '2026'; ValueError otherwise."""
    text = text.strip()
    if m := _MONTH.match(text):
        return Period("month", text, (text,))
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        return Period("quarter", f"{y}Q{q}", tuple(f"{y}-{3 * (q - 1) + i:02d}" for i in (1, 2, 3)))
    if m := _YEAR.match(text):
        y = int(m[1])
        return Period("year", str(y), tuple(f"{y}-{i:02d}" for i in range(1, 13)))
    raise ValueError(f"{text!r} is not a month (2026-08), quarter (2026Q3) or year (2026)")


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    y, m = int(month[:4]), int(month[5:7])
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def month_of(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def shift_month(month: str, n: int) -> str:
    y, m = int(month[:4]), int(month[5:7])
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def days(start: dt.date, end: dt.date):
    d = start
    while d <= end:
        yield d
        d += dt.timedelta(days=1)


@functools.lru_cache(maxsize=16)
def zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def tz(records: Records):
    return zone(records.policy.general.timezone)


# ----------------------------------------------------------------------------- presence
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

    @property
    def fraction(self) -> Decimal:
        """Share of the month employed (targets are prorated by it)."""
        return Decimal(self.employed) / Decimal(self.days_in_month)

    @property
    def present(self) -> bool:
        """Employed at least one day and not on leave for all of their working days."""
        return self.employed > 0 and (self.scheduled == 0 or self.working > 0)

    def words(self) -> str:
        parts = [f"employed {self.employed}/{self.days_in_month} days"]
        parts.append(f"{self.working} working days")
        if self.leave:
            parts.append(f"{len(self.leave)} on leave")
        return ", ".join(parts)


def workdays_of(records: Records, s: Staff) -> tuple[str, ...]:
    return tuple(s.shifts) if s.shifts else tuple(records.policy.score.workdays)


def employed_between(s: Staff, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    a = max(start, s.joined)
    b = min(end, s.left) if s.left else end
    return (a, b) if a <= b else None


def leave_days(records: Records, s: Staff, start: dt.date, end: dt.date) -> set[dt.date]:
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


def is_workday(d: dt.date, workdays: tuple[str, ...]) -> bool:
    return WEEKDAYS[d.weekday()] in workdays


def presence(records: Records, s: Staff, month: str) -> Presence:
    start, end = month_bounds(month)
    n = (end - start).days + 1
    wd = workdays_of(records, s)
    span = employed_between(s, start, end)
    if span is None:
        return Presence(month, n, 0, 0, 0, len(wd), ())
    a, b = span
    sched = [d for d in days(a, b) if is_workday(d, wd)]
    lv = leave_days(records, s, a, b)
    on_leave = tuple(d for d in sched if d in lv)
    return Presence(month, n, (b - a).days + 1, len(sched), len(sched) - len(on_leave), len(wd), on_leave)


def target_of(records: Records, s: Staff, month: str, pres: Presence | None = None) -> tuple[Decimal | None, Decimal | None]:
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
