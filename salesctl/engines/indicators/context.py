"""What every indicator function reads: one person's month and the records (K4).

An indicator is a pure function `(Context) -> (value, evidence)`: the value (a Decimal, an int, or
None when there is nothing to measure) and the "path:line" of each record it came from (empty
strings are dropped when the month is put together). The context holds the person, the month,
their presence and credited deals, and what several indicators share (the month's visits,
activity and review), computed once.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Callable, Optional

from salesctl.domain.calendar import local_date, midnight, month_bounds, parse_period, zone_of
from salesctl.domain.staffing import Presence, span_target, target_of
from salesctl.engines.split import CreditLine, DealSplit
from salesctl.records import Records
from salesctl.schema import Review, Staff

Evidence = tuple[str, ...]


def where(records: Records, rec) -> str:
    path, line = records.where(rec)
    return f"{path}:{line}" if path else ""


def leads_submitted(records: Records, staff_id: str, start: dt.date, end: dt.date) -> list:
    """Leads a person submitted (L1, L2) with their creation day in [start, end], business time zone."""
    z = zone_of(records.policy)
    return [x for x in records.leads_by_submitter.get(staff_id, ())
            if start <= local_date(x.created, z) <= end]


def visits_in(records: Records, staff_id: str, start: dt.date, end: dt.date) -> list:
    """A person's visits with their day (business time zone) in [start, end], in time order."""
    z = zone_of(records.policy)
    vs = records.visits_by_staff.get(staff_id, ())
    lo = midnight(start, z)
    hi = midnight(end + dt.timedelta(days=1), z)
    return vs[bisect.bisect_left(vs, lo, key=lambda v: v.at):bisect.bisect_left(vs, hi, key=lambda v: v.at)]


def mean(xs) -> Decimal | None:
    xs = list(xs)
    return sum(xs, Decimal(0)) / len(xs) if xs else None


def pct(a, b) -> Decimal | None:
    """a as a percent of b; None when b is 0."""
    return Decimal(a) * HUNDRED / Decimal(b) if b else None


def median(xs) -> Decimal | None:
    xs = sorted(xs)
    if not xs:
        return None
    k = len(xs) // 2
    return Decimal(xs[k]) if len(xs) % 2 else (Decimal(xs[k - 1]) + Decimal(xs[k])) / 2


def dec(x) -> Decimal | None:
    """A float of a record as the Decimal it reads as (0.1 -> Decimal('0.1')); None stays None."""
    return None if x is None else Decimal(str(x))


HUNDRED = Decimal(100)
NOT_SALES = ("refund", "adjustment")   # deal kinds that are not a purchase


@dataclass(frozen=True)
class Context:
    """One person in one month: the input of every indicator function."""

    records: Records
    staff: Staff
    month: str
    presence: Presence
    credit: tuple[tuple[DealSplit, CreditLine], ...]   # the deals credited to them (split engine, S1-S5)
    via: Optional[str] = None      # the quarter or year being scored, whose review a month without its own reads
    window: Optional[tuple[dt.date, dt.date]] = None   # a week (score --week): its first and last day; `month` is its label

    @property
    def policy(self):
        return self.records.policy

    @cached_property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return self.window or month_bounds(self.month)

    @property
    def months(self) -> tuple[str, ...]:
        """The months the context's days fall in: its month, or the one or two of a week."""
        if self.window is None:
            return (self.month,)
        return tuple(dict.fromkeys(f"{d:%Y-%m}" for d in (self.start, self.end)))

    @property
    def start(self) -> dt.date:
        return self.bounds[0]

    @property
    def end(self) -> dt.date:
        return self.bounds[1]

    @cached_property
    def zone(self):
        return zone_of(self.records.policy)

    @cached_property
    def targets(self) -> tuple[Decimal | None, Decimal | None]:
        """(the staff record's target, the target that counts), see periods.target_of (K5, O3); of a
        week, (None, the months' targets broken down by day: staffing.span_target, K11)."""
        if self.window is not None:
            return None, span_target(self.records, self.staff, *self.window)
        return target_of(self.records, self.staff, self.month, self.presence)

    @cached_property
    def visits(self) -> list:
        """Their visit-log entries of the month, in time order."""
        return visits_in(self.records, self.staff.id, self.start, self.end)

    @cached_property
    def activity(self) -> list:
        """Their daily activity-log entries of the month (K7)."""
        return [a for a in self.records.activity_by_staff.get(self.staff.id, ()) if self.start <= a.date <= self.end]

    @cached_property
    def review(self) -> Optional[Review]:
        """Their review of the month; without one, when a quarter or year is being scored (`via`) and
        review.periods reviews that kind of period, that period's review (001 reviews quarterly: the
        quarter's months read the quarter's review) (K1-K3). A month scored for itself reads its own;
        a week has none (reviews are by month, quarter or year), so its review items are left out."""
        if self.window is not None:
            return None
        got = self.records.reviews_by_key.get((self.staff.id, self.month))
        if got is None and self.via is not None and parse_period(self.via).kind in self.policy.review.periods:
            got = self.records.reviews_by_key.get((self.staff.id, self.via))
        return got

    def cite(self, recs) -> Evidence:
        """The "path:line" of each record, in order."""
        return tuple(where(self.records, r) for r in recs)


Indicator = Callable[[Context], tuple[object, Evidence]]
