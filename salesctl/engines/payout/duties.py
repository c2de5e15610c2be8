"""Daily and weekly duties checked per week, per month and per visit, not as averages (issue 14):
K8 one face-to-face meeting with customers a week and one return visit a month (002
「每周至少与客户进行一次面对面交流」「每月至少进行一次客户回访」), T5 a written summary after every
visit (000 「每次銷售拜訪結束后…及時撰寫拜訪總結」, 003), O5 leave over N days applied for N days
ahead (001 「請假天數超過[具體天數]的,需提前[具體天數]提交書面請假申請」), L8 the prospects screened in a
month (004 「每月筛选30-50个潜在客户」), O4 a shift swap or time off the post arranged by the
supervisor, and the post never empty during opening hours (002
「必须通知其主管,由主管做出安排后,方可执行,否则,按旷工处理」「在营业时间内绝不能缺岗」).

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


def o4_unarranged(ctx: Context) -> list[Line]:
    """O4: a shift swap or time off the post without the supervisor's arrangement (an attendance
    entry's swap or off_post with no approved_by) counts as absence, 按旷工处理: one flag a person
    naming the days and how much absence each counts as (limits.swap_absence, limits.off_post_absence);
    P5, when on, deducts it as it does a day absent (attendance.o4_absence)."""
    from salesctl.engines.payout.attendance import o4_absence, unarranged

    out = []
    for pm, s in ctx.employed():
        days = []
        for a in sorted(ctx.records.attendance_by_staff.get(s.id, ()), key=lambda a: a.date):
            if not (ctx.start <= a.date <= ctx.end) or not unarranged(ctx.policy, a):
                continue
            n, words = o4_absence(ctx.policy, a)
            days.append((a, _("{day} {words}: absent {n} day").format(day=a.date, words=words, n=num(n))))
        if days:
            out.append(Line(s.id, "unarranged", ngettext(
                "{n} day with a shift swap or time off the post not arranged by the supervisor: counted as absence (按旷工处理)",
                "{n} days with a shift swap or time off the post not arranged by the supervisor: counted as absence (按旷工处理)",
                len(days)).format(n=len(days)),
                arithmetic="; ".join(w for _a, w in days),
                evidence=tuple("{}:{}".format(*ctx.records.where(a)) for a, _w in days)))
    return out


def o4_post_coverage(ctx: Context) -> list[Line]:
    """O4: the post is never left empty during opening hours (002 「在营业时间内绝不能缺岗」): for each
    day open (limits.opening_hours by weekday), the stretches with no inside consultant (channel
    inside, a role of assign.rotation_roles) of a department on post, by their shifts (a swap's),
    leave, attendance (absent, late, early, off post) and, with limits.coverage_breaks, the shifts'
    breaks. One flag a department on its manager (the department record's, else a staff member of
    role manager, else an inside team's leader): who arranges the shifts (「服从销售经理∕主管安排的排班和休假」)."""
    import datetime as dt

    from salesctl.domain.calendar import WEEKDAYS, days, midnight
    from salesctl.domain.duty import Duty
    from salesctl.domain.staffing import away, employed_between
    from salesctl.policy.payout import clock_span

    lim, r = ctx.policy.limits, ctx.records
    if not any(clock_span(x or "") for x in lim.opening_hours.values()):
        return []
    clock = Duty(ctx.policy, r.attendance_by_staff)
    roles = ctx.policy.assign.rotation_roles
    by_dept: dict = {}
    for s in r.staff.values():
        if s.channel == "inside" and s.role in roles:
            by_dept.setdefault(r.department_of(s) or "", []).append(s)
    out = []
    for dept in sorted(by_dept):
        people = sorted(by_dept[dept], key=lambda s: s.id)
        head = _coverage_head(r, dept)
        if head is None:
            continue
        short = []
        for d in days(ctx.start, ctx.end):
            span = clock_span(lim.opening_hours.get(WEEKDAYS[d.weekday()]) or "")
            if span is None or not any(employed_between(s, d, d) for s in people):
                continue
            base = midnight(d, clock.tz)
            a, b = base + dt.timedelta(minutes=span[0]), base + dt.timedelta(minutes=span[1])
            on = []
            for s in people:
                for day in (d - dt.timedelta(days=1), d):
                    on += [p for p in clock.day_pieces(s, day, breaks=lim.coverage_breaks)
                           if away(s, p[0].date(), status=False) is None]
            for ga, gb in _gaps(a, b, on):
                m = ga.hour * 60 + ga.minute
                why = [f"{s.id} {away_words(s, d) or clock.on_post(s, d, m)}" for s in people
                       if clock.shift_name(s, d) and (away_words(s, d) or clock.on_post(s, d, m))]
                short.append((d, ga, gb, why))
        if short:
            total = sum(int((gb - ga).total_seconds()) // 60 for _d, ga, gb, _w in short)
            ndays = len({x[0] for x in short})
            out.append(Line(head, "post-uncovered", ngettext(
                "the post was left empty during opening hours on {n} day ({department}): no inside consultant on post",
                "the post was left empty during opening hours on {n} days ({department}): no inside consultant on post",
                ndays).format(n=ndays, department=dept or "-"),
                arithmetic=_("{n} stretch(es), {minutes} min in all").format(n=len(short), minutes=total),
                evidence=tuple(f"{d} {ga:%H:%M}-{_end(gb, d)}" + (f" ({'; '.join(w)})" if w else "")
                               for d, ga, gb, w in short)))
    return out


def away_words(s, d):
    """Why s is away on day d by the dates (left, not joined, leave), or None."""
    from salesctl.domain.staffing import away, cannot_take_leads

    return cannot_take_leads(s, d) if away(s, d, status=False) is not None else None


def _end(t, d) -> str:
    return "24:00" if t.date() != d else f"{t:%H:%M}"


def _gaps(a, b, pieces):
    """[a, b) less the union of pieces, as [(start, end)] in order."""
    out, at = [], a
    for pa, pb in sorted(pieces):
        if pb <= at or pa >= b:
            continue
        if pa > at:
            out.append((at, min(pa, b)))
        at = max(at, pb)
        if at >= b:
            break
    if at < b:
        out.append((at, b))
    return out


def _coverage_head(records, dept: str):
    """Who carries a department's coverage flag: its department record's manager, else its staff of role
    manager (lowest id), else the leader of its first inside team; None when it has none."""
    for rec in sorted(records.departments.values(), key=lambda x: x.id):
        if rec.name == dept and rec.manager:
            return rec.manager
    managers = sorted(s.id for s in records.staff.values() if s.role == "manager" and (records.department_of(s) or "") == dept)
    if managers:
        return managers[0]
    leaders = sorted(t.leader for t in records.teams.values() if t.leader and t.channel == "inside" and (t.department or "") == dept)
    return leaders[0] if leaders else None
