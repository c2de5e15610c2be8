"""What a demo is made to: its scales, its fixed period, and the policy limits its cases straddle.

The period of every scale ends on 2026-10-31, the demo's "today" (AS_OF); a scale says when it
begins (first month) and how many months it has. Dates are in the business zone of the policy
defaults (UTC+8, written as a fixed offset so the files carry +08:00).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from salesctl.domain import calendar
from salesctl.policy import DEFAULT as POLICY

TZ = dt.timezone(dt.timedelta(hours=8))
DAY = dt.timedelta(days=1)
AS_OF = dt.datetime(2026, 10, 31, 22, 0, tzinfo=TZ)  # the demo's "now": the end of its last month
AS_OF_DATE = AS_OF.date()

# The policy defaults the cases straddle (domain.md ids in brackets).
IDLE_DAYS = POLICY.reclaim.idle_days                 # L6: 15
FOLLOW_UP_DAYS = POLICY.split.follow_up_days         # S3: 30
QUOTE_DAYS = POLICY.limits.quote_days                # T1: 2
DELIVERY_DAYS = POLICY.limits.delivery_days          # T2: 3
COMPLAINT_HOURS = POLICY.limits.complaint_hours      # T3: 24
REPORT_THRESHOLD = Decimal(POLICY.limits.report_threshold)  # T4: 100000


@dataclass(frozen=True)
class Layout:
    """The people of one club (one joiner is added to the last inside team)."""

    inside_teams: int   # 会籍组, each: leader, deputy, members (the last team's last member leaves)
    inside_size: int
    outside: int        # 外销组: leader and consultants
    telesales: int      # 电销组: leader and agents
    outreach: int       # 外联组: leader and specialists (its own department, 外联部)

    @property
    def size(self) -> int:
        return 1 + self.inside_teams * self.inside_size + self.outside + self.telesales + self.outreach + 1


@dataclass(frozen=True)
class Scale:
    first_month: str
    months: int
    clubs: int
    layout: Layout
    leads: int              # leads in all, members from before the period included
    members: float          # share of a club's leads that are members from before the period
    widths: tuple           # id digits: team, staff, lead, deal, visit


CLUB40 = Layout(inside_teams=4, inside_size=6, outside=5, telesales=6, outreach=3)
SCALES: dict[str, Scale] = {
    "small": Scale("2026-08", 3, 1, Layout(2, 4, 2, 3, 1), 1300, 0.035, (2, 4, 5, 5, 6)),
    "medium": Scale("2025-11", 12, 1, CLUB40, 20_000, 0.04, (2, 4, 5, 5, 6)),
    "large": Scale("2025-11", 12, 25, CLUB40, 200_000, 0.04, (3, 4, 6, 6, 7)),
}


def months(first: str, n: int) -> tuple[str, ...]:
    """n month keys from `first` ("2026-08") on."""
    return tuple(calendar.shift_month(first, i) for i in range(n))


def month_bounds(mk: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a month, the last no later than the demo's today."""
    first, last = calendar.month_bounds(mk)
    return first, min(last, AS_OF_DATE)


def moment(d: dt.date, minute: int) -> dt.datetime:
    """The moment `minute` minutes after midnight of day d, in the demo's zone."""
    return dt.datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=TZ)
