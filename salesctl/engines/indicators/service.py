"""Complaint indicators (T3): complaints logged, answered in time, hours to answer."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.engines.indicators.context import Context, Evidence, mean, pct


def _complaints(ctx: Context) -> list:
    return [v for v in ctx.visits if v.kind == "complaint"]


def t3_complaints(ctx: Context) -> tuple[int, Evidence]:
    """`complaints` (T3): visit-log entries of kind `complaint`."""
    comp = _complaints(ctx)
    return len(comp), ctx.cite(comp)


def t3_complaints_on_time(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`complaints_on_time` (T3: answered within a set time): share of complaints answered within
    `limits.complaint_hours`."""
    comp = _complaints(ctx)
    limit = dt.timedelta(hours=ctx.policy.limits.complaint_hours)
    on_time = [v for v in comp if v.answered is not None and v.answered - v.at <= limit]
    return pct(len(on_time), len(comp)), ctx.cite(comp)


def t3_complaint_hours(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`complaint_hours` (T3): mean hours from complaint to answer, over the answered ones."""
    comp = _complaints(ctx)
    answered = [Decimal((v.answered - v.at).total_seconds()) / 3600 for v in comp if v.answered is not None]
    return mean(answered), ctx.cite(comp)
