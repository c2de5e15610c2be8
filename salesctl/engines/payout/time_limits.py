"""Time limits T1-T4, flagged by record, not by person. A time limit's flag belongs to the month in
which the limit ran out (T1-T3), a major customer need's to the month it was signed (T4); only records
dated up to the month's end are read. Each rule is a function `(Context) -> list[Line]`."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.engines.indicators.context import where
from salesctl.domain.calendar import local_date, local_text, zone_of
from salesctl.engines.indicators.context import NOT_SALES
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line, num
from salesctl.i18n import _
from salesctl.money import fmt
from salesctl.records import Records


def responsible(records: Records, deal) -> list[str]:
    """Who answers for a deal's time limits: who took the payment, else the deposit, else everyone credited."""
    if deal.payment is not None:
        return [deal.payment.taken_by]
    if deal.deposit is not None:
        return [deal.deposit.taken_by]
    from salesctl.engines.split import split_deal
    return sorted({ln.staff for ln in split_deal(records, deal).lines})


def t1_quote_late(ctx: Context) -> list[Line]:
    """T1: a quote within limits.quote_days of the need being confirmed."""
    lim = ctx.policy.limits
    z = zone_of(ctx.records.policy)
    out = []
    for v in ctx.records.visits_by_kind.get("need-confirmed", ()):
        need_day = local_date(v.at, z)
        deadline = need_day + dt.timedelta(days=lim.quote_days)
        if not (ctx.start <= deadline <= ctx.end):
            continue
        quotes = [q for q in ctx.records.visits_by_lead.get(v.lead, ()) if q.kind == "quote" and q.at >= v.at
                  and local_date(q.at, z) <= deadline]
        if not quotes:
            out.append(Line(v.staff, "late-quote", _("no quote within {days} days of the need confirmed (lead {lead})").format(days=lim.quote_days, lead=v.lead),
                            arithmetic=_("need confirmed {day}, quote due by {deadline}, none logged by then").format(day=need_day, deadline=deadline),
                            evidence=(where(ctx.records, v),)))
    return out


def t2_delivery_late(ctx: Context) -> list[Line]:
    """T2: delivery confirmed within limits.delivery_days of signing, for the deal kinds that have a
    delivery (limits.delivery_kinds: a product, not a membership card)."""
    lim = ctx.policy.limits
    out = []
    for d in ctx.records.deals.values():
        if d.kind not in lim.delivery_kinds:
            continue
        deadline = d.signed + dt.timedelta(days=lim.delivery_days)
        if ctx.start <= deadline <= ctx.end and (d.delivered is None or d.delivered > deadline):
            how = _("not confirmed") if d.delivered is None else _("confirmed {day}").format(day=d.delivered)
            for sid in responsible(ctx.records, d):
                out.append(Line(sid, "late-delivery", _("delivery of deal {deal} not confirmed within {days} days of signing").format(deal=d.id, days=lim.delivery_days),
                                arithmetic=_("signed {signed}, due by {deadline}, {how}").format(signed=d.signed, deadline=deadline, how=how), evidence=(where(ctx.records, d),)))
    return out


def t3_complaint_late(ctx: Context) -> list[Line]:
    """T3: a complaint answered within limits.complaint_hours."""
    lim = ctx.policy.limits
    z = zone_of(ctx.records.policy)
    limit = dt.timedelta(hours=lim.complaint_hours)
    out = []
    for v in ctx.records.visits_by_kind.get("complaint", ()):
        due = v.at + limit
        if not (ctx.start <= local_date(due, z) <= ctx.end):
            continue
        if v.answered is None or v.answered - v.at > limit:
            how = (_("no answer recorded") if v.answered is None else _("answered after {hours} hours").format(
                hours=num(Decimal((v.answered - v.at).total_seconds()) / 3600)))
            out.append(Line(v.staff, "late-complaint", _("complaint (lead {lead}) not answered within {hours} hours").format(
                                lead=v.lead, hours=lim.complaint_hours),
                            arithmetic=_("received {received}, due by {due}, {how}").format(
                                received=local_text(v.at, z), due=local_text(due, z), how=how),
                            evidence=(where(ctx.records, v),)))
    return out


def major_need(records: Records, deal) -> list[str]:
    """T4: why a deal is a major customer need (重大客户需求), in words; empty when it is not. The seed:
    「金额超过规定阈值(如10万元)、决策周期长、影响力大的订单」: an amount *above* limits.report_threshold
    (超过: the threshold itself is not major), a decision cycle (first contact to signing) longer than
    limits.report_cycle_days, or a customer of a grade in limits.report_grades (影响力大)."""
    lim = records.policy.limits
    why = []
    if deal.amount > lim.report_threshold:
        why.append(f"{fmt(deal.amount)} > {fmt(lim.report_threshold)}")
    if lim.report_cycle_days is not None:
        first = first_contact(records, deal.lead, deal.signed)
        if first is not None and (deal.signed - first).days > lim.report_cycle_days:
            why.append(_("decision cycle {days} days (first contact {first}) > {limit}").format(
                days=(deal.signed - first).days, first=first, limit=lim.report_cycle_days))
    lead = records.leads.get(deal.lead)
    if lead is not None and lead.grade is not None and lead.grade in lim.report_grades:
        why.append(_("customer graded {grade}").format(grade=lead.grade))
    return why


def first_contact(records: Records, lead_id: str, by: dt.date) -> dt.date | None:
    """The day of the first contact with a customer: the lead's creation or its first visit up to `by`."""
    z = zone_of(records.policy)
    lead = records.leads.get(lead_id)
    days_ = [local_date(v.at, z) for v in records.visits_by_lead.get(lead_id, ()) if local_date(v.at, z) <= by]
    if lead is not None:
        days_.append(local_date(lead.created, z))
    return min(days_, default=None)


def t4_unreported_deal(ctx: Context) -> list[Line]:
    """T4: a major customer need (major_need), signed this month, reported to the team leader when it
    appeared: a `reported` entry dated on or before the signing day (签约前). A report dated after
    signing does not count. (Whom it names is checked by `salesctl check`, salesctl/checks/reports.py.)"""
    out = []
    for d in ctx.records.deals.values():
        if d.kind in NOT_SALES or not (ctx.start <= d.signed <= ctx.end):
            continue
        why = major_need(ctx.records, d)
        if not why:
            continue
        if d.reported is None:
            how, what = _("no report recorded"), _("not reported to the team leader")
        elif d.reported.at > d.signed:
            how = _("reported {reported}, after signing {signed} (a report comes before signing)").format(reported=d.reported.at, signed=d.signed)
            what = _("reported only after signing")
        else:
            continue
        for sid in responsible(ctx.records, d):
            out.append(Line(sid, "unreported-deal", _("deal {deal} of {amount}, a major customer need, {what}").format(deal=d.id, amount=fmt(d.amount), what=what),
                            arithmetic="; ".join(why) + f": {how}", evidence=(where(ctx.records, d),)))
    return out
