"""Sales indicators (K4, K5): credited sales and profit, the target and its attainment, and the
outreach channel's company customers. Credited sales come only from the split engine (S1-S5)."""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.indicators.context import Context, Evidence, where
from salesctl.engines.indicators.context import HUNDRED
from salesctl.money import ZERO, allocate


def credited_sales(ctx: Context) -> tuple[Decimal, Evidence]:
    """`sales` (K4; S1-S5): the person's parts of the month's credited deals, refunds subtracted."""
    return sum((line.amount for _, line in ctx.credit), ZERO), ctx.cite(ds.deal for ds, _ in ctx.credit)


def credited_profit(ctx: Context) -> tuple[Decimal, Evidence]:
    """`profit` (K4): each credited deal's profit, split in the proportions of its credit lines
    (a refund's own profit subtracts)."""
    profit = ZERO
    deals = []
    for ds, line in ctx.credit:
        weights = [(i, ln.share) for i, ln in enumerate(ds.lines)]
        if ds.deal.profit is None or sum(w for _, w in weights) <= 0:
            continue
        sign = -1 if ds.deal.kind == "refund" else 1
        parts = dict(allocate(Decimal(ds.deal.profit) * sign, weights))
        profit += parts[ds.lines.index(line)]
        deals.append(ds.deal)
    return profit, ctx.cite(deals)


def k5_target(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`target` (K5, O3): the month's sales target of the staff record, prorated by the days employed
    (score.prorate_targets); None when none is set."""
    full, target = ctx.targets
    return target, ((where(ctx.records, ctx.staff),) if full is not None else ())


def k5_attainment(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`attainment` (K4, K5): credited sales / target, percent; None without a target."""
    sales, sales_ev = credited_sales(ctx)
    target, target_ev = k5_target(ctx)
    if not target:
        return None, ()
    return sales * HUNDRED / target, sales_ev + target_ev


def _company_credit(ctx: Context) -> list:
    """The credit lines on deals of company customers (a lead with `company`)."""
    leads = ctx.records.leads
    return [(ds, line) for ds, line in ctx.credit if getattr(leads.get(ds.deal.lead), "company", None)]


def companies(ctx: Context) -> tuple[int, Evidence]:
    """`companies` (K4, seed 001): company customers with a `new` deal credited this month."""
    first = {}
    for ds, line in _company_credit(ctx):
        if line.amount > 0 and ds.deal.kind == "new":
            first.setdefault(ds.deal.lead, ds.deal)
    return len(first), ctx.cite(first.values())


def cooperation(ctx: Context) -> tuple[Decimal, Evidence]:
    """`cooperation` (K4, seed 001): credited sales on company customers."""
    credit = _company_credit(ctx)
    return sum((line.amount for _, line in credit), ZERO), ctx.cite(ds.deal for ds, _ in credit)
