"""Telesales activity indicators (K7, K4): the sums of the daily activity log and the funnel's rates.
The evidence of each is every activity entry of the month."""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.indicators.context import Context, Evidence, pct


def _total(ctx: Context, field: str) -> tuple[int, Evidence]:
    return sum(getattr(a, field) for a in ctx.activity), ctx.cite(ctx.activity)


def k7_calls(ctx: Context) -> tuple[int, Evidence]:
    """`calls` (K7): calls made, summed over the month's activity log."""
    return _total(ctx, "calls")


def k7_effective(ctx: Context) -> tuple[int, Evidence]:
    """`effective` (K7): effective contacts (有效沟通) over the month."""
    return _total(ctx, "effective")


def k7_intention(ctx: Context) -> tuple[int, Evidence]:
    """`intention` (K7): intention customers over the month."""
    return _total(ctx, "intention")


def k7_orders(ctx: Context) -> tuple[int, Evidence]:
    """`orders` (K7): orders closed over the month."""
    return _total(ctx, "orders")


def _rate(ctx: Context, part: str, whole: str) -> tuple[Decimal | None, Evidence]:
    (a, ev), (b, _) = _total(ctx, part), _total(ctx, whole)
    return pct(a, b), ev


def k7_effective_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`effective_rate` (K7, K4): effective / calls, percent."""
    return _rate(ctx, "effective", "calls")


def k7_intention_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`intention_rate` (K7, K4): intention / effective, percent."""
    return _rate(ctx, "intention", "effective")


def k7_order_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`order_rate` (K7, K4): orders / intention, percent."""
    return _rate(ctx, "orders", "intention")


def k7_call_conversion(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`call_conversion` (K7, K4): orders / calls, percent."""
    return _rate(ctx, "orders", "calls")
