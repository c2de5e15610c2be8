"""Complaints tracked until resolved (T3) and deals prepared before signing (T6), flagged by record
like the time limits (salesctl/engines/payout/time_limits.py): a complaint's flag belongs to the
month its resolution fell due; a deal's to the month it was signed."""
from __future__ import annotations

import datetime as dt

from salesctl.domain.calendar import local_date, local_text, zone_of
from salesctl.engines.indicators.context import NOT_SALES, where
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line
from salesctl.engines.payout.time_limits import responsible
from salesctl.i18n import N_, _


def t3_complaint_unresolved(ctx: Context) -> list[Line]:
    """T3: a complaint resolved (`resolved`) within limits.complaint_resolve_days of being received,
    not only answered; still open or resolved later when that time ran out is flagged on its
    `responsible` person (责任人), else on who logged it."""
    days = ctx.policy.limits.complaint_resolve_days
    if not days:
        return []
    z = zone_of(ctx.records.policy)
    limit = dt.timedelta(days=days)
    out = []
    for v in ctx.records.visits_by_kind.get("complaint", ()):
        due = v.at + limit
        if not (ctx.start <= local_date(due, z) <= ctx.end):
            continue
        if v.resolved is not None and v.resolved <= due:
            continue
        how = _("still open") if v.resolved is None else _("resolved {resolved}").format(resolved=local_text(v.resolved, z))
        answered = _("answered {answered}").format(answered=local_text(v.answered, z)) if v.answered else _("not answered")
        out.append(Line(v.responsible or v.staff, "unresolved-complaint", _(
            "complaint (lead {lead}{category}) not resolved within {days} days").format(
                lead=v.lead, category=f", {v.category}" if v.category else "", days=days),
            arithmetic=_("received {at}, due by {due}; {answered}; {how}").format(
                at=local_text(v.at, z), due=local_text(due, z), answered=answered, how=how),
            evidence=(where(ctx.records, v),)))
    return out


def t6_deal_preparation(ctx: Context) -> list[Line]:
    """T6: a sale signed this month whose negotiation was reported to the team head
    (limits.negotiation_report) and whose contract terms were reviewed (limits.contract_review) on or
    before the signing day; what is missing is flagged on who took the payment (or the deposit)."""
    lim = ctx.policy.limits
    if not (lim.negotiation_report or lim.contract_review):
        return []
    out = []
    for d in ctx.records.deals.values():
        if d.kind in NOT_SALES or not (ctx.start <= d.signed <= ctx.end):
            continue
        missing = []
        for asked, step, absent, late in (
                (lim.negotiation_report, d.negotiation_reported, N_("negotiation progress not reported to the team head"),
                 N_("negotiation reported {at}, after signing")),
                (lim.contract_review, d.contract_reviewed, N_("contract terms not reviewed"),
                 N_("contract reviewed {at}, after signing"))):
            if asked and step is None:
                missing.append(_(absent))
            elif asked and step.at > d.signed:
                missing.append(_(late).format(at=step.at))
        if missing:
            for sid in responsible(ctx.records, d):
                out.append(Line(sid, "unprepared-deal", _("deal {deal} signed {signed}: {missing}").format(
                    deal=d.id, signed=d.signed, missing=missing[0] if len(missing) == 1 else _("not prepared before signing")),
                    arithmetic="; ".join(missing), evidence=(where(ctx.records, d),)))
    return out
