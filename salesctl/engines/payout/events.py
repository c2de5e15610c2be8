"""L7 flags on the organisers of an event (001 「活動策劃與執行」): its summary report not handed in
within limits.event_report_days (「活動結束后…撰寫活動總結報告」), and its cost above its budget
(「制定活動預算」, limits.event_over_budget). Each a line per organiser employed in the month, citing
the event's file; the settings and the rule id L7 switch them off."""
from __future__ import annotations

import datetime as dt

from salesctl.engines.events import held_between
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line
from salesctl.i18n import _
from salesctl.money import fmt


def _organisers(ctx: Context, ev):
    here = {pm.staff for pm, _s in ctx.employed()}
    return [sid for sid in ev.organisers if sid in here]


def l7_event_report(ctx: Context) -> list[Line]:
    """L7: an event whose report is due (its day plus limits.event_report_days) on a day of the period
    and was not handed in by then — no `report`, or `reported` after the day due — is flagged on each
    of its organisers in that period."""
    days = ctx.policy.limits.event_report_days
    if not days:
        return []
    lag = dt.timedelta(days=days)
    out = []
    for ev in held_between(ctx.records, ctx.start - lag, ctx.end - lag):
        due = ev.date + lag
        if (ev.report or "").strip() and (ev.reported is None or ev.reported <= due):
            continue
        late = (_("no report") if not (ev.report or "").strip()
                else _("report handed in {reported}").format(reported=ev.reported))
        for sid in _organisers(ctx, ev):
            out.append(Line(sid, "event-report", _("event {id} ({name}) of {date}: summary report not handed in within {n} days").format(
                id=ev.id, name=ev.name, date=ev.date, n=days),
                arithmetic=_("held {date}, report due {due}; {late}").format(date=ev.date, due=due, late=late),
                evidence=("{}:{}".format(*ctx.records.where(ev)),)))
    return out


def l7_event_over_budget(ctx: Context) -> list[Line]:
    """L7: with limits.event_over_budget, an event held in the period whose cost is above its budget is
    flagged on each of its organisers (an event without a budget or a cost is not judged)."""
    if not ctx.policy.limits.event_over_budget:
        return []
    out = []
    for ev in held_between(ctx.records, ctx.start, ctx.end):
        if ev.budget is None or ev.cost is None or ev.cost <= ev.budget:
            continue
        for sid in _organisers(ctx, ev):
            out.append(Line(sid, "event-over-budget", _("event {id} ({name}) of {date} cost more than its budget").format(
                id=ev.id, name=ev.name, date=ev.date),
                arithmetic=_("cost {cost} > budget {budget} (over by {over})").format(
                    cost=fmt(ev.cost), budget=fmt(ev.budget), over=fmt(ev.cost - ev.budget)),
                evidence=("{}:{}".format(*ctx.records.where(ev)),)))
    return out
