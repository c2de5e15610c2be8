"""Presence indicators (O3): the days a person was there in the month. The evidence is the staff
record (joined, left, leave) and its attendance."""
from __future__ import annotations

from salesctl.engines.indicators.context import Context, Evidence, where


def o3_days(ctx: Context) -> tuple[int, Evidence]:
    """`days` (O3): calendar days employed in the month (joined .. left)."""
    return ctx.presence.employed, (where(ctx.records, ctx.staff),)


def o3_working_days(ctx: Context) -> tuple[int, Evidence]:
    """`working_days` (O3, O2): their working days in the month, leave left out."""
    return ctx.presence.working, (where(ctx.records, ctx.staff),)
