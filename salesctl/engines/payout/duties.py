"""Daily and weekly duties checked per week, per month and per visit, not as averages (issue 14):
K8 one face-to-face meeting with customers a week and one return visit a month (002
「每周至少与客户进行一次面对面交流」「每月至少进行一次客户回访」), T5 a written summary after every
visit (000 「每次銷售拜訪結束后…及時撰寫拜訪總結」, 003), O5 leave over N days applied for N days
ahead (001 「請假天數超過[具體天數]的,需提前[具體天數]提交書面請假申請」), L8 the prospects screened in a
month (004 「每月筛选30-50个潜在客户」).

Each is a flag naming the weeks, the month or the visits that fell short; each number is a
setting of `limits` and empty (or 0) turns the check off, and the rule id switches it off too.
K8's contacts on each working day are flags.k8_contacts."""
from __future__ import annotations

from decimal import Decimal

from salesctl.domain.calendar import local_date, zone_of
from salesctl.engines.indicators import compress
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.flags import _on_minimum, quota_weeks
from salesctl.engines.payout.lines import Line, num
from salesctl.i18n import _, ngettext


def _visits(ctx: Context, sid: str, kinds) -> list:
    """The person's visits of these kinds on the context's days, with the day each fell on."""
    tz = zone_of(ctx.policy)
    return [(local_date(v.at, tz), v) for v in ctx.records.visits_by_staff.get(sid, ())
            if v.kind in kinds and ctx.start <= local_date(v.at, tz) <= ctx.end]


def k8_weekly_meetings(ctx: Context) -> list[Line]:
    """K8: at least limits.meetings_per_week face-to-face meetings (visits of limits.meeting_kinds)
    in every week (Monday to Sunday) ending in the period that the person was employed throughout
    and worked some day of, prorated by the week's working days not on leave; the weeks short, one line."""
    lim = ctx.policy.limits
    if not lim.meetings_per_week:
        return []
    out = []
    for pm, s in _on_minimum(ctx):
        met = _visits(ctx, s.id, lim.meeting_kinds)
        short = []
        for monday, sunday, need, prorated in quota_weeks(ctx.records, s, ctx.start, ctx.end, lim.meetings_per_week):
            got = [v for d, v in met if monday <= d <= sunday]
            if len(got) < need:
                short.append(f"{monday:%m-%d}..{sunday:%m-%d} {len(got)} < {num(need)}{prorated}")
        if short:
            out.append(Line(s.id, "meetings", ngettext(
                "fewer than {n} face-to-face meeting(s) with customers in {weeks} week",
                "fewer than {n} face-to-face meeting(s) with customers in {weeks} weeks", len(short)).format(
                    n=lim.meetings_per_week, weeks=len(short)),
                arithmetic=_("meetings ({kinds}) in the weeks short: {weeks}").format(
                    kinds=", ".join(lim.meeting_kinds), weeks="; ".join(short))))
    return out


def k8_return_visits(ctx: Context) -> list[Line]:
    """K8: at least limits.return_visits_per_month return visits (kind return-visit) in a month the
    person was there; a week (payout --week) is not held to it."""
    lim = ctx.policy.limits
    if not lim.return_visits_per_month or ctx.is_week:
        return []
    out = []
    for pm, s in _on_minimum(ctx):
        got = _visits(ctx, s.id, ("return-visit",))
        if len(got) < lim.return_visits_per_month:
            out.append(Line(s.id, "return-visits", _("fewer than {n} return visit(s) to customers this month").format(
                n=lim.return_visits_per_month),
                arithmetic=f"{len(got)} < {lim.return_visits_per_month}",
                evidence=tuple("{}:{}".format(*ctx.records.where(v)) for _d, v in got)))
    return out


def t5_visit_summary(ctx: Context) -> list[Line]:
    """T5: a written summary after every visit of limits.summary_kinds (empty: not checked): the
    visits with no summary, one line a person, each visit cited by file and line."""
    kinds = ctx.policy.limits.summary_kinds
    if not kinds:
        return []
    out = []
    for pm, s in ctx.employed():
        missing = [(d, v) for d, v in _visits(ctx, s.id, kinds) if not (v.summary or "").strip()]
        if missing:
            out.append(Line(s.id, "visit-summary", ngettext(
                "{n} visit without a written summary", "{n} visits without a written summary", len(missing)).format(n=len(missing)),
                arithmetic=", ".join(f"{v.id} {d:%m-%d} {v.kind} ({v.lead})" for d, v in missing),
                evidence=tuple("{}:{}".format(*ctx.records.where(v)) for _d, v in missing)))
    return out


def o5_leave_approval(ctx: Context) -> list[Line]:
    """O5: with limits.leave_approval, a leave starting in the period is applied for before its first
    day and approved (approved_by); one without an approver or applied for on or after its first day
    is flagged."""
    if not ctx.policy.limits.leave_approval:
        return []
    out = []
    for pm, s in ctx.employed():
        for lv in s.leave:
            if not (ctx.start <= lv.start <= ctx.end):
                continue
            wrong = []
            if not lv.approved_by:
                wrong.append(_("no approver"))
            if lv.applied is None or lv.applied >= lv.start:
                wrong.append(_("not applied for before it started") if lv.applied is not None else _("no application date"))
            if wrong:
                out.append(Line(s.id, "leave-unapproved", _("leave from {start} to {end} not applied for and approved in advance").format(
                    start=lv.start, end=lv.end), arithmetic="; ".join(wrong),
                    evidence=("{}:{}".format(*ctx.records.where(s)),)))
    return out


def o5_leave_notice(ctx: Context) -> list[Line]:
    """O5: a leave of more than limits.leave_notice_days days (its calendar days, start to end) is
    applied for in writing at least that many days before it starts; a leave starting in the period
    applied later, or with no application date, is flagged (0 or empty: not checked)."""
    n = ctx.policy.limits.leave_notice_days
    if not n:
        return []
    out = []
    for pm, s in ctx.employed():
        for lv in s.leave:
            days = (lv.end - lv.start).days + 1
            if not (ctx.start <= lv.start <= ctx.end) or days <= n:
                continue
            ahead = (lv.start - lv.applied).days if lv.applied is not None else None
            if ahead is None or ahead < n:
                applied = _("no application date") if ahead is None else _("applied {applied}, {ahead} day(s) ahead").format(
                    applied=lv.applied, ahead=ahead)
                out.append(Line(s.id, "leave-notice", _("leave of {days} days from {start} not applied for {n} days ahead").format(
                    days=days, start=lv.start, n=n),
                    arithmetic=_("{start} to {end} ({days} days > {n}); {applied}").format(
                        start=lv.start, end=lv.end, days=days, n=n, applied=applied),
                    evidence=("{}:{}".format(*ctx.records.where(s)),)))
    return out


def l8_prospects_screened(ctx: Context) -> list[Line]:
    """L8: at least leads.monthly_screened prospects screened (the `prospects_screened` indicator: leads
    the person submitted, created in the month) in a month the person was there, prorated by the days
    employed when score.prorate_targets, as L2; a week is not held to it; 0: not checked."""
    pol = ctx.policy
    minimum = pol.leads.monthly_screened
    if not minimum or ctx.is_week:
        return []
    out = []
    for pm, _s in _on_minimum(ctx):
        need = Decimal(minimum) * (pm.presence.fraction if pol.score.prorate_targets else 1)
        got = pm.get("prospects_screened")
        if got < need:
            prorated = (f" ({minimum} x {pm.presence.employed}/{pm.presence.days_in_month})" if need != minimum else "")
            out.append(Line(pm.staff, "screening", _("fewer than {n} prospects screened this month").format(n=minimum),
                            arithmetic=_("{got} prospects screened (leads submitted) < {need}").format(got=got, need=num(need)) + prorated,
                            evidence=tuple(compress(pm.evidence["prospects_screened"]).split("; ")) if got else ()))
    return out
