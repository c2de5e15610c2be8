"""A payout line and the month's payout: what every rule function returns, and how numbers are written.

    CODES: code -> (rule id, kind), in the order of a person's lines
    Line(staff, code, what, amount, arithmetic, evidence, days)   .rule, .kind from CODES
    MonthPayout(month, lines, people, scores)
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from salesctl.engines.score import q2
from salesctl.i18n import _
from salesctl.money import ZERO, fmt

HUNDRED = Decimal(100)

# code -> (rule id, kind); the order of this table is the order of a person's lines.
CODES: dict[str, tuple[str, str]] = {
    "top3": ("P1", "bonus"),
    "dept-top": ("P2", "bonus"),
    "team-streak": ("P2", "bonus"),
    "dept-streak": ("P2", "bonus"),
    "commission": ("P4", "bonus"),
    "grade-bonus": ("P4", "bonus"),
    "quarter-bonus": ("P4", "bonus"),      # a quarter's payout (engines/payout/period.py)
    "quarter-bonus-waits": ("P4", "flag"),
    "year-bonus": ("P4", "bonus"),         # a year's payout
    "title": ("P6", "title"),
    "target-bonus": ("P8", "bonus"),
    "training-subsidy": ("P8", "bonus"),
    "referral": ("P7", "bonus"),
    "late": ("P5", "deduction"),
    "half-day": ("P5", "deduction"),
    "full-day": ("P5", "deduction"),
    "fail-penalty": ("P8", "deduction"),
    "deduction-limit": ("P5", "adjustment"),
    "absent-days": ("P5", "report"),
    "warning": ("P5", "flag"),
    "dismissal": ("P5", "flag"),
    "club-rules": ("P5", "flag"),
    "raise": ("P2", "flag"),
    "demotion": ("P3", "flag"),
    "improvement-plan": ("K5", "flag"),
    "satisfaction": ("K5", "flag"),
    "plan-overdue": ("K10", "flag"),
    "lead-minimum": ("L1", "flag"),
    "short-supply": ("A8", "flag"),
    "prospects": ("L2", "flag"),
    "screening": ("L8", "flag"),
    "event-report": ("L7", "flag"),
    "event-over-budget": ("L7", "flag"),
    "contacts": ("K8", "flag"),
    "meetings": ("K8", "flag"),
    "return-visits": ("K8", "flag"),
    "visit-summary": ("T5", "flag"),
    "leave-unapproved": ("O5", "flag"),
    "leave-notice": ("O5", "flag"),
    "unarranged": ("O4", "flag"),
    "post-uncovered": ("O4", "flag"),
    "late-quote": ("T1", "flag"),
    "late-delivery": ("T2", "flag"),
    "late-complaint": ("T3", "flag"),
    "unresolved-complaint": ("T3", "flag"),
    "unreported-deal": ("T4", "flag"),
    "unprepared-deal": ("T6", "flag"),
    "training": ("K4", "flag"),
    "no-training": ("K9", "flag"),
    "missed-training": ("K9", "flag"),
    "yearly-target": ("P7", "flag"),
    "fail-grade": ("P8", "flag"),
    "promotion": ("P8", "flag"),
    "title-withheld": ("P6", "report"),
}
ORDER = {c: i for i, c in enumerate(CODES)}
MONEY_KINDS = ("bonus", "title", "deduction", "adjustment")


@dataclass(frozen=True)
class Line:
    staff: str
    code: str
    what: str                       # in words
    amount: Decimal = ZERO          # + bonus, - deduction, 0 for flags and reports
    arithmetic: str = ""            # how the amount (or the flag) was made
    evidence: tuple[str, ...] = ()  # records and facts it came from
    days: Optional[Decimal] = None  # absent days (report line)

    @property
    def rule(self) -> str:
        return CODES[self.code][0]

    @property
    def kind(self) -> str:
        return CODES[self.code][1]


class _Lines:
    """A person's lines and total, of a month's or a period's payout."""
    lines: tuple[Line, ...]

    def lines_of(self, staff_id: str) -> list[Line]:
        return [x for x in self.lines if x.staff == staff_id]

    def total_of(self, staff_id: str) -> Decimal:
        return sum((x.amount for x in self.lines if x.staff == staff_id), ZERO)


@dataclass(frozen=True)
class MonthPayout(_Lines):
    month: str
    lines: tuple[Line, ...]
    people: dict                    # staff id -> PersonMonth (everyone employed or credited in the month)
    scores: dict                    # staff id -> MonthScore


@dataclass(frozen=True)
class PeriodPayout(_Lines):
    period: object                  # calendar.Period (a quarter or a year)
    lines: tuple[Line, ...]
    people: dict                    # staff id -> period.PeriodFigure (everyone scored in the period)


# ----------------------------------------------------------------------------- numbers in words
def fmt_pct(x: Decimal) -> str:
    x = Decimal(x)
    s = f"{x.normalize():f}" if x == x.to_integral_value() else f"{x.quantize(Decimal('0.01'))}"
    return s + "%"


def sum_words(amounts) -> str:
    """[100, -20, 5] -> '100.00 - 20.00 + 5.00'."""
    out = ""
    for i, a in enumerate(amounts):
        if i == 0:
            out = fmt(a)
        else:
            out += f" - {fmt(-a)}" if a < 0 else f" + {fmt(a)}"
    return out


def days_words(x: Decimal) -> str:
    """Days as people write them: 1, 0.5, 2.5."""
    return f"{x.normalize():f}"


def credited_words(amount) -> str:
    """Evidence: 'credited sales 37237.62', in the language in effect."""
    return _("credited sales {amount}").format(amount=fmt(amount))


def target_words(amount) -> str:
    """Evidence: 'target 23000.00'."""
    return _("target {amount}").format(amount=fmt(amount))


def composite_words(composite) -> str:
    """Evidence: 'composite 97.35'."""
    return _("composite {composite}").format(composite=composite)


def num(x) -> str:
    """A number as people write it: 11, 2.5, 66.67 (two decimals at most)."""
    x = q2(Decimal(x))
    return f"{x.normalize():f}" if x == x.to_integral_value() else f"{x.normalize():f}"
