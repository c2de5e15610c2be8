"""Customer indicators (K4): new customers, customers, loyalty (repeat and referral rates) and the
sales cycle, all over the purchases credited to the person this month."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.domain.calendar import local_date
from salesctl.engines.indicators.context import Context, Evidence, median, pct
from salesctl.engines.indicators.context import NOT_SALES


def _bought(ctx: Context) -> list:
    """Credit lines with positive credit on a purchase (not a refund or adjustment)."""
    return [(ds, line) for ds, line in ctx.credit if line.amount > 0 and ds.deal.kind not in NOT_SALES]


def _new_deals(ctx: Context) -> dict:
    """{lead: its first credited deal of kind `new`}, in credit order."""
    new = {}
    for ds, _ in _bought(ctx):
        if ds.deal.kind == "new":
            new.setdefault(ds.deal.lead, ds.deal)
    return new


def _first_purchases(ctx: Context) -> dict:
    """{lead: its earliest signed purchase credited this month}, leads in credit order."""
    first: dict[str, dt.date] = {}
    deal = {}
    for ds, _ in _bought(ctx):
        if ds.deal.lead not in first or ds.deal.signed < first[ds.deal.lead]:
            first[ds.deal.lead] = ds.deal.signed
            deal[ds.deal.lead] = ds.deal
    return deal


def new_customers(ctx: Context) -> tuple[int, Evidence]:
    """`new_customers` (K4, K5): customers with a `new` deal credited to the person this month."""
    new = _new_deals(ctx)
    return len(new), ctx.cite(new.values())


def customers(ctx: Context) -> tuple[int, Evidence]:
    """`customers` (K4): customers with a purchase credited to the person this month."""
    first = _first_purchases(ctx)
    return len(first), ctx.cite(first.values())


def repeat_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`repeat_rate` (K4): share of the month's customers who had bought before (a purchase signed
    earlier); the evidence is each one's earliest earlier purchase."""
    first = _first_purchases(ctx)
    repeat = []
    for lead_id, deal in first.items():
        earlier = [d for d in ctx.records.deals_by_lead.get(lead_id, ())
                   if d.signed < deal.signed and d.kind not in NOT_SALES]
        if earlier:
            repeat.append(earlier[0])
    return pct(len(repeat), len(first)), ctx.cite(repeat)


def referral_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`referral_rate` (K4): share of the month's customers who have brought another customer (a lead
    `referred_by` them, created by the month's end); the evidence is each one's first referral."""
    first = _first_purchases(ctx)
    z, end = ctx.zone, ctx.end
    referrers = []
    for lead_id in first:
        refs = [x for x in ctx.records.referrals.get(lead_id, ()) if local_date(x.created, z) <= end]
        if refs:
            referrers.append(min(refs, key=lambda x: (x.created, x.id)))
    return pct(len(referrers), len(first)), ctx.cite(referrers)


def sales_cycle_days(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`sales_cycle_days` (K4): median days from a new customer's first contact (lead created, or first
    visit, whichever is first) to signing; the evidence is the new customers'."""
    z = ctx.zone
    cycles = []
    for lead_id, d in _new_deals(ctx).items():
        lead = ctx.records.leads.get(lead_id)
        first = local_date(lead.created, z) if lead else d.signed
        vs = [local_date(v.at, z) for v in ctx.records.visits_by_lead.get(lead_id, ())
              if local_date(v.at, z) <= d.signed]
        if vs:
            first = min(first, vs[0])
        cycles.append(max(0, (d.signed - first).days))
    return median(cycles), new_customers(ctx)[1]
