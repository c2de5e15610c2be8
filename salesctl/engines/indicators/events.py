"""Event indicators (L7, 001 「活動策劃與執行效果」) of the events a person organised in the month
(salesctl/engines/events.py: each organiser is credited with the whole event), and the prospects
screened (L8)."""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.events import leads_gained, organised_by
from salesctl.engines.indicators.context import Context, Evidence, dec, mean
from salesctl.money import ZERO


def _mine(ctx: Context):
    return organised_by(ctx.records, ctx.staff.id, ctx.start, ctx.end)


def _leads(ctx: Context) -> list:
    return [x for e in _mine(ctx) for x in leads_gained(ctx.records, e, ctx.end)]


def l7_events_held(ctx: Context) -> tuple[int, Evidence]:
    """`events_held` (L7): events held this month that the person organised (one of `organisers`)."""
    mine = _mine(ctx)
    return len(mine), ctx.cite(mine)


def l7_event_head_count(ctx: Context) -> tuple[int, Evidence]:
    """`event_head_count` (L7 「確認參與人數」): the guests who came to those events (head_count), added up."""
    counted = [e for e in _mine(ctx) if e.head_count is not None]
    return sum(e.head_count for e in counted), ctx.cite(counted)


def l7_event_satisfaction(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`event_satisfaction` (L7 「了解他們對活動的滿意度」): the mean satisfaction (0-100) of those events that
    record one; None when none does."""
    rated = [e for e in _mine(ctx) if e.satisfaction is not None]
    return mean(dec(e.satisfaction) for e in rated), ctx.cite(rated)


def l7_event_leads(ctx: Context) -> tuple[int, Evidence]:
    """`event_leads` (L7): leads naming one of those events (lead `event`), created by the month's end."""
    got = _leads(ctx)
    return len(got), ctx.cite(got)


def l7_event_cost_per_lead(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`event_cost_per_lead` (L7): the cost of those events (those with a `cost`) over the leads gained at
    them; None without a cost or a lead."""
    costed = [e for e in _mine(ctx) if e.cost is not None]
    gained = [x for e in costed for x in leads_gained(ctx.records, e, ctx.end)]
    if not gained:
        return None, ctx.cite(costed)
    return sum((e.cost for e in costed), ZERO) / len(gained), ctx.cite(costed) + ctx.cite(gained)

