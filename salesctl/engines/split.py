"""Credit for a sale (S1-S5, A6): an ordered, named policy of rules; splits to the cent.

INTERFACE (fixed; score and payout build on it):

    split_month(records, month) -> list[DealSplit]     every deal counted in `month`, in (signed, id) order
    credited_by_staff(records, month) -> dict[str, Decimal]   net credited sales per staff id

A refund counts in its own month and reverses the original's credit in the same proportions.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from salesctl.records import Records
from salesctl.schema import Deal


@dataclass(frozen=True)
class CreditLine:
    deal: str            # deal id
    month: str           # YYYY-MM the credit counts in (a refund: the refund's month)
    staff: str           # staff id
    share: Decimal       # percent of the deal, 0-100
    amount: Decimal      # credited amount to the cent; negative for a refund
    rule: str            # domain.md rule id: S1, S2, S3, S4, S5 ...
    rule_name: str       # name of the policy rule that decided it


@dataclass(frozen=True)
class DealSplit:
    deal: Deal
    lines: tuple[CreditLine, ...]      # empty when no rule could credit the deal
    rule: str                          # rule id that decided it ("" when none)
    rule_name: str
    trace: tuple[str, ...]             # each rule tried in order, and why it matched or not
    problem: str | None = None         # why no rule could credit it


def split_month(records: Records, month: str) -> list[DealSplit]:
    raise NotImplementedError("issue 5")


def credited_by_staff(records: Records, month: str) -> dict[str, Decimal]:
    raise NotImplementedError("issue 5")
