"""K10: an improvement plan past its due date without being submitted (salesctl/engines/plans.py)."""
from __future__ import annotations

from salesctl.domain.calendar import month_bounds
from salesctl.engines.indicators.context import where
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line
from salesctl.engines.plans import overdue_in
from salesctl.i18n import _


def k10_plan_overdue(ctx: Context) -> list[Line]:
    """K10: an improvement plan past due (「制定改進措施」「共同制定改進計劃」; the plan is a record with a
    due date): in the payout of
    the month its due date falls in, a plan owed (limits.plan_reasons) and not submitted by that date."""
    out = []
    for o in overdue_in(ctx.records, ctx.month):
        if o.staff not in ctx.people:
            continue
        p = o.plan
        state = (_("no plan record") if p is None else _("not submitted") if p.submitted is None
                 else _("submitted {day}, after it").format(day=p.submitted))
        out.append(Line(o.staff, "plan-overdue", _("improvement plan for {month} due {due} not submitted by then").format(month=o.month, due=o.due),
                        arithmetic=_("due {due} ({month_end} + {days} days); {state}").format(
                            due=o.due, month_end=month_bounds(o.month)[1], days=(o.due - month_bounds(o.month)[1]).days, state=state),
                        evidence=((where(ctx.records, p),) if p is not None else ()) + tuple(why for _r, why in o.reasons)))
    return out
