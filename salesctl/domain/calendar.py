"""The business calendar: the time zone of the policy, months, quarters, years, working days.

A month is "YYYY-MM", a quarter "YYYYQn", a year "YYYY" (`parse_period`); an ISO week "YYYY-Www"
(`parse_week`, Monday to Sunday, one week even across a month's end) is kept apart from
`parse_period` so that target and freeze keys stay months, quarters and years. Times in the records
carry their own zone; the day or month a time falls in is read in the business zone
(`general.timezone`), which the loader validates once when the policy loads (`zone_problem`),
so every command refuses a policy with an unknown zone instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo
from salesctl.i18n import _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# ----------------------------------------------------------------------------- the business zone
def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable IANA time zone (for `general.timezone`), or None."""
    try:
        zone(name)
    except ValueError as e:
        return str(e)
    return None


@functools.lru_cache(maxsize=16)
def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`; ValueError (in words) when there is none of that name."""
    try:
        return ZoneInfo(name)
    except Exception:
        raise ValueError(_("unknown time zone {name!r} (an IANA name, e.g. Asia/Shanghai)").format(name=name)) from None


def zone_of(policy) -> ZoneInfo:
    """The business time zone of a policy (general.timezone)."""
    return zone(policy.general.timezone)


def local(t: dt.datetime, z: dt.tzinfo) -> dt.datetime:
    """t as a wall-clock time in zone z."""
    return t.astimezone(z)


def local_date(t: dt.datetime, z: dt.tzinfo) -> dt.date:
    """The day t falls on in zone z."""
    return t.astimezone(z).date()


def local_text(t: dt.datetime, z: dt.tzinfo) -> str:
    """t in zone z as 'YYYY-MM-DD HH:MM'."""
    return f"{t.astimezone(z):%Y-%m-%d %H:%M}"


def midnight(d: dt.date, z: dt.tzinfo) -> dt.datetime:
    """The start of day d in zone z."""
    return dt.datetime.combine(d, dt.time(), z)


# ----------------------------------------------------------------------------- periods
@dataclass(frozen=True)
class Period:
    kind: str                 # month, quarter, year
    label: str                # 2026-08, 2026Q3, 2026
    months: tuple[str, ...]   # YYYY-MM, in order


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# The years a period typed on the command line may fall in: every computation on a month looks at
# the months around it (the month after, windows of months before) and at times in the business zone,
# which Python's dates cannot do near year 1 or 9999 (`score --month 9999-12` was exit 70).
MIN_YEAR, MAX_YEAR = 1900, 2999
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def is_month(text: str) -> bool:
    """Whether text is a month, YYYY-MM, of a year from MIN_YEAR to MAX_YEAR."""
    m = _MONTH.match(text or "")
    return bool(m) and MIN_YEAR <= int(m[1]) <= MAX_YEAR


def _year_in_range(text: str, y: int) -> None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(_("{text!r}: the year must be from {low} to {high}").format(text=text, low=MIN_YEAR, high=MAX_YEAR))


def parse_period(text: str) -> Period:
    """'2026-08', '2026Q3' or '2026'; ValueError otherwise."""
    text = text.strip()
    if m := _MONTH.match(text):
        _year_in_range(text, int(m[1]))
        return Period("month", text, (text,))
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        _year_in_range(text, y)
        return Period("quarter", f"{y}Q{q}", tuple(f"{y}-{3 * (q - 1) + i:02d}" for i in (1, 2, 3)))
    if m := _YEAR.match(text):
        y = int(m[1])
        _year_in_range(text, y)
        return Period("year", str(y), tuple(f"{y}-{i:02d}" for i in range(1, 13)))
    raise ValueError(_("{text!r} is not a month (2026-08), quarter (2026Q3) or year (2026)").format(text=text))


def parts_of(period: Period) -> list[Period]:
    """What a period is made of: a year its four quarters, a quarter its three months, a month nothing."""
    if period.kind == "year":
        return [parse_period(f"{period.label}Q{q}") for q in range(1, 5)]
    if period.kind == "quarter":
        return [parse_period(m) for m in period.months]
    return []


def month_of(d: dt.date | dt.datetime) -> str:
    """The month ("YYYY-MM") of a date (a datetime: of its own wall-clock date)."""
    return f"{d.year:04d}-{d.month:02d}"


def year_of(month: str) -> str:
    """The year ("YYYY") of a month."""
    return month[:4]


def quarter_of(month: str) -> str:
    """The quarter ("YYYYQn") of a month."""
    return f"{month[:4]}Q{(int(month[5:7]) - 1) // 3 + 1}"


def _ym(month: str) -> tuple[int, int]:
    return int(month[:4]), int(month[5:7])


def shift_month(month: str, n: int) -> str:
    """The month n months after `month` (n < 0: before), across years."""
    y, m = _ym(month)
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a month."""
    y, m = _ym(month)
    ny, nm = _ym(shift_month(month, 1))
    return dt.date(y, m, 1), dt.date(ny, nm, 1) - dt.timedelta(days=1)


def days(start: dt.date, end: dt.date):
    """Every day from start to end, both included."""
    d = start
    while d <= end:
        yield d
        d += dt.timedelta(days=1)


def weekday_name(d: dt.date) -> str:
    """'mon' … 'sun'."""
    return WEEKDAYS[d.weekday()]


def is_workday(d: dt.date, workdays: tuple[str, ...]) -> bool:
    """Whether d is one of `workdays` (weekday names, 'mon' … 'sun')."""
    return weekday_name(d) in workdays


def working_days(start: dt.date, end: dt.date, workdays: tuple[str, ...]) -> list[dt.date]:
    """The days from start to end (both included) that are `workdays`."""
    return [d for d in days(start, end) if is_workday(d, workdays)]


# ----------------------------------------------------------------------------- ISO weeks
@dataclass(frozen=True)
class Week:
    """An ISO week, Monday to Sunday, read in the business zone; one week even when it spans two months."""
    label: str                # 2026-W43
    start: dt.date            # the Monday
    end: dt.date              # the Sunday (inclusive)

    @property
    def months(self) -> tuple[str, ...]:
        """The months the week's days fall in, in order (one or two)."""
        return tuple(dict.fromkeys(month_of(d) for d in days(self.start, self.end)))


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def is_week(text: str) -> bool:
    """Whether text has the form of an ISO week, YYYY-Www (not whether the week exists)."""
    return bool(_WEEK.match((text or "").strip()))


def weeks_in(year: int) -> int:
    """52 or 53: the ISO week of 28 December is the year's last."""
    return dt.date(year, 12, 28).isocalendar()[1]


def parse_week(text: str) -> Week:
    """'2026-W43'; ValueError naming the expected form otherwise (2026-W00, 2026-W54, 2026W43)."""
    from salesctl.i18n import _
    t = (text or "").strip()
    m = _WEEK.match(t)
    if m:
        _year_in_range(t, int(m[1]))
    if m and 1 <= int(m[2]) <= weeks_in(int(m[1])):
        y, w = int(m[1]), int(m[2])
        start = dt.date.fromisocalendar(y, w, 1)
        return Week(f"{y}-W{w:02d}", start, start + dt.timedelta(days=6))
    raise ValueError(_("{text!r} is not an ISO week: expected YYYY-Www, e.g. 2026-W43 (weeks 01 to 52 or 53)")
                     .format(text=t))


def week_of(d: dt.date | dt.datetime) -> Week:
    """The ISO week a date falls in (a datetime: of its own wall-clock date; use local_date first)."""
    if isinstance(d, dt.datetime):
        d = d.date()
    y, w, _wd = d.isocalendar()
    return parse_week(f"{y}-W{w:02d}")
