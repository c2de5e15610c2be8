"""When a deal counts (S1-S5): the one home of a deal's credit month.

A deal is credited on the day its payment is taken: usually the day it is signed; a deal signed
with a deposit only (定金) waits, credited nothing, until its payment is recorded, and then counts
in the payment's month. A refund and an adjustment count in the month they are dated (`signed`).
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from salesctl.domain.calendar import month_of
from salesctl.schema import Deal

DATED = ("refund", "adjustment")   # kinds that count on their own date, without a payment


def pending(deal: Deal, when_paid: bool = True) -> bool:
    """A deal with a deposit and no payment yet: not credited until paid (one with neither is an
    error of check: no split rule can credit it). `when_paid`: the policy's split.credit_when_paid."""
    return when_paid and deal.kind not in DATED and deal.deposit is not None and deal.payment is None and deal.credit is None


def credit_day(deal: Deal) -> dt.date:
    """The day the deal counts: its payment's day when later than signing, else the day signed (a
    pending deal: the day signed, where it is listed as waiting)."""
    if deal.kind not in DATED and deal.payment is not None and deal.payment.date > deal.signed:
        return deal.payment.date
    return deal.signed


def credit_month(deal: Deal) -> str:
    """YYYY-MM of credit_day."""
    return month_of(credit_day(deal))


def paid_after(deal: Deal) -> Optional[str]:
    """The month a deal paid after the month it was signed is credited in, else None."""
    m = credit_month(deal)
    return m if m != month_of(deal.signed) else None
