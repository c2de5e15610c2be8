"""Lead indicators (L1, L2): the leads a person brought in."""
from __future__ import annotations

from salesctl.engines.indicators.context import Context, Evidence, leads_submitted


def l1_leads_submitted(ctx: Context) -> tuple[int, Evidence]:
    """`leads_submitted` (L1, L2): leads with `submitted_by` the person, created this month (business
    time zone); also the L2 prospects."""
    subm = leads_submitted(ctx.records, ctx.staff.id, ctx.start, ctx.end)
    return len(subm), ctx.cite(subm)
