from decimal import Decimal
from typing import Annotated

from salesctl.policy.base import Section
from salesctl.schema import Money, meta


class Payout(Section, kw_only=True):
    top3: Annotated[tuple[Money, ...], meta("Bonus for the month's top sellers by credited sales, first place first.", "P1")] = (
        Money("2000"), Money("1000"), Money("500"))


class Limits(Section, kw_only=True):
    quote_days: Annotated[int, meta("A quote within this many days of the need being confirmed.", "T1", ge=0)] = 2
    delivery_days: Annotated[int, meta("Delivery confirmed within this many days of signing.", "T2", ge=0)] = 3
    complaint_hours: Annotated[int, meta("A complaint answered within this many hours.", "T3", ge=0)] = 24
    report_threshold: Annotated[Money, meta("A deal of this amount or more is reported to the team leader.", "T4")] = Money("100000")
