"""Money is Decimal, to the cent; splits add up exactly (S5)."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence, TypeVar

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_MONEY = Decimal(10) ** 13  # yaml floats are exact through repr() below this

K = TypeVar("K")


def to_money(value) -> Decimal:
    """A YAML scalar (int, float, str, Decimal) as an exact Decimal; ValueError when it is not money."""
    if isinstance(value, bool):
        raise ValueError(f"expected an amount of money, got {value!r}")
    if isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        d = Decimal(value)
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip().replace(",", ""))
        except Exception:
            raise ValueError(f"expected an amount of money, got {value!r}") from None
    else:
        raise ValueError(f"expected an amount of money, got {type(value).__name__}")
    if not d.is_finite():
        raise ValueError(f"expected an amount of money, got {value!r}")
    if abs(d) >= MAX_MONEY:
        raise ValueError(f"{value} is too large (at most 13 digits before the point)")
    if d.as_tuple().exponent < -2 and d != d.quantize(CENT):
        raise ValueError(f"{value} has more than two decimal places")
    return d.quantize(CENT)


_TYPED = re.compile(r"[+-]?[0-9]+(\.[0-9]{1,2})?")


def parse_typed(text: str) -> Decimal:
    """An amount typed on the command line, strictly: digits with at most two decimals and an optional
    sign (3000, 3000.10, -3000). ValueError for anything else: "3,68" (a decimal comma, or a
    thousands separator?), "0x10", "0o17", "1e3", "NaN", "３０００" — money is never guessed."""
    t = text.strip()
    if not _TYPED.fullmatch(t) or not t.isascii():
        raise ValueError(text)
    d = Decimal(t)
    if abs(d) >= MAX_MONEY:
        raise ValueError(text)
    return d


def fmt(d: Decimal) -> str:
    return f"{d.quantize(CENT):,.2f}".replace(",", "")


def cents(d: Decimal) -> int:
    return int((d.quantize(CENT) * 100).to_integral_value())


def round_cent(d: Decimal) -> Decimal:
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(amount: Decimal, weights: Sequence[tuple[K, Decimal]]) -> list[tuple[K, Decimal]]:
    """Split `amount` over keys in proportion to `weights`, to the cent, by largest remainder.

    The parts always add up to `amount` exactly. Ties in remainder go to the key that
    comes first in `weights` (callers pass a stable order). Negative amounts (refunds)
    are split as the negative of the positive split, so a deal and its refund net to zero.
    """
    if not weights:
        raise ValueError("nothing to allocate to")
    total_w = sum((w for _, w in weights), Decimal(0))
    if total_w <= 0:
        raise ValueError("weights must add up to more than zero")
    if amount < 0:
        return [(k, -v) for k, v in allocate(-amount, weights)]
    total = cents(amount)
    exact = [(Decimal(total) * w / total_w) for _, w in weights]
    floors = [int(x) for x in exact]  # x >= 0, so int() floors
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(weights[i][0], (Decimal(floors[i]) / 100).quantize(CENT)) for i in range(len(weights))]


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
