"""Lead indicators (L1, L2, L8): the leads a person brought in."""
from __future__ import annotations

from salesctl.engines.indicators.context import Context, Evidence, leads_submitted


def l1_leads_submitted(ctx: Context) -> tuple[int, Evidence]:
    """`leads_submitted` (L1, L2): leads with `submitted_by` the person, created this month (business
    time zone); also the L2 prospects."""
    subm = leads_submitted(ctx.records, ctx.staff.id, ctx.start, ctx.end)
    return len(subm), ctx.cite(subm)


def l8_prospects_screened(ctx: Context) -> tuple[int, Evidence]:
    """`prospects_screened` (L8, 004 「根据客户画像,每月筛选30-50个潜在客户」): leads with `submitted_by` the
    person created this month, whatever their status: the lead file is the record of the screening (its
    company, industry, size are the profile screened against), and a prospect screened out stays a lost lead.
    The same leads as `leads_submitted`: the 5 developed (L2) are among the 30 screened."""
    subm = leads_submitted(ctx.records, ctx.staff.id, ctx.start, ctx.end)
    return len(subm), ctx.cite(subm)
