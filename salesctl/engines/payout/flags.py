"""Flags on a person's month: K5 improvement plan and satisfaction, L1 weekly leads, A8 weekly
supply of new leads, L2 monthly prospects, K8 contacts per working day, K4 training score, P7
yearly target. Each rule is a
function `(Context) -> list[Line]` over everyone on the staff employed in the month."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from salesctl.engines.indicators import compress, month_basics
from salesctl.engines.indicators.context import leads_submitted, where
from salesctl.domain.calendar import local_date, parse_period, working_days, year_of, zone_of
from salesctl.domain.staffing import employed_between, leave_days, staff_period_target, workdays_of, working_dates
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line, credited_words, fmt_pct, num, target_words
from salesctl.engines.plans import due_of, low_satisfaction, missed_target
from salesctl.engines.score import q2
from salesctl.i18n import _, ngettext
from salesctl.money import ZERO, fmt
from salesctl.records import Records


def _on_minimum(ctx: Context):
    """(PersonMonth, Staff) of those in limits.minimum_roles who were there in the month (L1, L2, K8)."""
    for pm, s in ctx.employed():
        if s.role in ctx.policy.limits.minimum_roles and pm.presence.present:
            yield pm, s


def k5_improvement_plan(ctx: Context) -> list[Line]:
    """K5: whoever missed target (and was there: a month on leave is not a missed target) owes an
    improvement plan, due limits.plan_due_days after the month (salesctl/engines/plans.py)."""
    out = []
    due = due_of(ctx.policy, ctx.month)
    for pm, _s in ctx.employed():
        if missed_target(pm):
            out.append(Line(pm.staff, "improvement-plan", _("missed target: improvement plan due {due}").format(due=due),
                            arithmetic=_("credited {sales} < target {target} ({attainment}%)").format(
                                sales=fmt(pm.sales), target=fmt(pm.target), attainment=q2(pm.get('attainment'))),
                            evidence=(credited_words(pm.sales), target_words(pm.target))))
    return out


def k5_satisfaction(ctx: Context) -> list[Line]:
    """K5: satisfaction below limits.satisfaction_min (with at least limits.satisfaction_min_ratings ratings)."""
    lim = ctx.policy.limits
    out = []
    for pm, _s in ctx.employed():
        if low_satisfaction(pm, lim):
            n = pm.get("ratings")
            out.append(Line(pm.staff, "satisfaction", _("satisfaction below {minimum}: improvement needed").format(minimum=fmt_pct(lim.satisfaction_min)),
                            arithmetic=_("{satisfaction}% of {n} ratings at {rating} or more < {minimum}").format(
                                satisfaction=q2(pm.get('satisfaction')), n=n, rating=ctx.policy.score.satisfied_rating,
                                minimum=fmt_pct(lim.satisfaction_min)),
                            evidence=tuple(compress(pm.evidence["ratings"]).split("; "))))
    return out


def l1_lead_minimum(ctx: Context) -> list[Line]:
    """L1: at least leads.weekly_minimum leads submitted every week (see lead_weeks)."""
    out = []
    for _pm, s in _on_minimum(ctx):
        out.extend(lead_weeks(ctx.records, s, ctx.start, ctx.end))
    return out


def lead_weeks(records: Records, s, start: dt.date, end: dt.date) -> list[Line]:
    """L1: every week (Monday to Sunday) ending in the month that the person was employed throughout,
    leads submitted at least leads.weekly_minimum, prorated by the week's working days not on leave."""
    minimum = records.policy.leads.weekly_minimum
    out = []
    for monday, sunday, need, prorated in quota_weeks(records, s, start, end, minimum):
        got = leads_submitted(records, s.id, monday, sunday)
        if len(got) < need:
            out.append(Line(s.id, "lead-minimum", _("fewer than {minimum} leads submitted in the week {monday} to {sunday}").format(minimum=minimum, monday=monday, sunday=sunday),
                            arithmetic=f"{len(got)} < {num(need)}{prorated}",
                            evidence=(_("week {monday}..{sunday}").format(monday=monday, sunday=sunday),) + tuple(where(records, x) for x in got)))
    return out


def quota_weeks(records: Records, s, start: dt.date, end: dt.date, minimum: int):
    """The weeks (Monday to Sunday) ending in [start, end] that s was employed throughout and worked
    some day of, each as (monday, sunday, the weekly minimum prorated by the working days not on
    leave, the proration in words or "") — the weeks L1 and A8 hold a person to."""
    wd = workdays_of(records, s)
    sunday = start + dt.timedelta(days=(6 - start.weekday()))
    while sunday <= end:
        monday = sunday - dt.timedelta(days=6)
        if employed_between(s, monday, sunday) == (monday, sunday):
            sched = working_days(monday, sunday, wd)
            lv = leave_days(records, s, monday, sunday)
            working = [d for d in sched if d not in lv]
            if working:
                need = Decimal(minimum) * len(working) / len(sched)
                prorated = (_(" ({minimum} x {working}/{scheduled} working days)").format(
                    minimum=minimum, working=len(working), scheduled=len(sched)) if len(working) < len(sched) else "")
                yield monday, sunday, need, prorated
        sunday += dt.timedelta(days=7)


def a8_short_supply(ctx: Context) -> list[Line]:
    """A8: every agent (roles limits.minimum_roles) receives at least assign.weekly_supply_minimum new
    leads a week (「确保每位成员都有足够的客户进行沟通」), prorated like L1; a week short is flagged
    for the leader who divides the leads. 0: no flag."""
    minimum = ctx.policy.assign.weekly_supply_minimum
    if not minimum:
        return []
    out = []
    for _pm, s in _on_minimum(ctx):
        got_by_day = leads_received(ctx.records).get(s.id, ())
        for monday, sunday, need, prorated in quota_weeks(ctx.records, s, ctx.start, ctx.end, minimum):
            got = [(d, x) for d, x in got_by_day if monday <= d <= sunday]
            if len(got) < need:
                out.append(Line(s.id, "short-supply", _("fewer than {minimum} new leads received in the week {monday} to {sunday}").format(
                                    minimum=minimum, monday=monday, sunday=sunday),
                                arithmetic=_("{n} received < {need}").format(n=len(got), need=num(need)) + prorated,
                                evidence=(_("week {monday}..{sunday}").format(monday=monday, sunday=sunday),) + tuple(f"{x.id} {d}" for d, x in got)))
    return out


def leads_received(records: Records) -> dict[str, list]:
    """Staff id -> [(day, lead)] of every lead they received, in day order (A8): each ownership-log
    entry giving them the lead, on the day it took effect (business time zone); a lead with an
    owner and no log was theirs from its creation. Memoised on the records."""
    memo = records.memo("a8")
    if "received" not in memo:
        z = zone_of(records.policy)
        out: dict[str, list] = {}
        for lead in records.leads.values():
            if not lead.log and lead.owner:
                out.setdefault(lead.owner, []).append((local_date(lead.created, z), lead))
            for e in lead.log:
                if e.to:
                    out.setdefault(e.to, []).append((local_date(e.effective, z), lead))
        for xs in out.values():
            xs.sort(key=lambda p: (p[0], p[1].id))
        memo["received"] = out
    return memo["received"]


def l2_prospects(ctx: Context) -> list[Line]:
    """L2: at least leads.monthly_prospects prospects (leads submitted) a month, prorated when score.prorate_targets."""
    pol = ctx.policy
    out = []
    for pm, _s in _on_minimum(ctx):
        need = Decimal(pol.leads.monthly_prospects)
        if pol.score.prorate_targets:
            need = need * pm.presence.fraction
        got = pm.get("leads_submitted")
        if got < need:
            out.append(Line(pm.staff, "prospects", _("fewer than {minimum} prospects this month").format(minimum=pol.leads.monthly_prospects),
                            arithmetic=_("{n} leads submitted < {need}").format(n=got, need=num(need))
                            + (_(" ({minimum} x {employed}/{days} days)").format(
                                minimum=pol.leads.monthly_prospects, employed=pm.presence.employed, days=pm.presence.days_in_month)
                               if need != pol.leads.monthly_prospects else ""),
                            evidence=tuple(compress(pm.evidence["leads_submitted"]).split("; ")) if got else ()))
    return out


def k8_contacts(ctx: Context) -> list[Line]:
    """K8: at least limits.contacts_per_day contacts with customers per working day: on average over
    the month, or on each working day (limits.contacts_each_day)."""
    lim = ctx.policy.limits
    out = []
    if lim.contacts_each_day:
        return [line for pm, s in _on_minimum(ctx) for line in _contacts_each_day(ctx, pm, s)]
    for pm, _s in _on_minimum(ctx):
        cpd = pm.get("contacts_per_day")
        if cpd is not None and cpd < lim.contacts_per_day:
            out.append(Line(pm.staff, "contacts", _("fewer than {minimum} contacts per working day").format(minimum=num(lim.contacts_per_day)),
                            arithmetic=_("{contacts} contacts / {working} working days = {per_day} < {minimum}").format(
                                contacts=pm.get('contacts'), working=pm.presence.working, per_day=q2(cpd), minimum=num(lim.contacts_per_day)),
                            evidence=tuple(compress(pm.evidence["contacts"]).split("; ")) if pm.get("contacts") else ()))
    return out


def _contacts_each_day(ctx: Context, pm, s) -> list[Line]:
    """K8 each working day: the days with fewer than limits.contacts_per_day contacts, one line."""
    lim, tz = ctx.policy.limits, zone_of(ctx.policy)
    kinds = ctx.policy.score.contact_kinds
    count: dict = defaultdict(int)
    cited: dict = defaultdict(list)
    for v in ctx.records.visits_by_staff.get(s.id, ()):
        if v.kind in kinds:
            d = local_date(v.at, tz)
            count[d] += 1
            cited[d].append(v)
    for a in ctx.records.activity_by_staff.get(s.id, ()):
        count[a.date] += a.effective
    there = working_dates(ctx.records, s, ctx.month, (ctx.start, ctx.end))
    short = [d for d in there if count.get(d, 0) < lim.contacts_per_day]
    if not short:
        return []
    days_text = _("{n} of {working} working days: ").format(n=len(short), working=len(there)) + ", ".join(f"{d:%m-%d} {count.get(d, 0)}" for d in short)
    where = [f"{p}:{ln}" for d in short for p, ln in (ctx.records.where(v) for v in cited[d])]
    return [Line(pm.staff, "contacts", ngettext("fewer than {minimum} contacts on {n} working day(s)", "fewer than {minimum} contacts on {n} working day(s)",
                          len(short)).format(minimum=num(lim.contacts_per_day), n=len(short)),
                 arithmetic=_("contacts on the days short: {days} (each < {minimum})").format(days=days_text, minimum=num(lim.contacts_per_day)),
                 evidence=tuple(where))]


def k4_training(ctx: Context) -> list[Line]:
    """K4: a training test score below limits.training_pass."""
    lim = ctx.policy.limits
    out = []
    for pm, _s in ctx.employed():
        ts = pm.get("training_score")
        if ts is not None and ts < lim.training_pass:
            out.append(Line(pm.staff, "training", _("training test score below {minimum}").format(minimum=num(lim.training_pass)),
                            arithmetic=f"{num(ts)} < {num(lim.training_pass)}", evidence=pm.evidence["training_score"]))
    return out


def p7_yearly_target(ctx: Context) -> list[Line]:
    """P7: in December, whoever reached the year's target (its key, else the sum of the months: K11) earns a
    team trip or training (when payout.yearly_target_flag). The year's payout carries the same line."""
    if not (ctx.policy.payout.yearly_target_flag and ctx.month.endswith("-12")):
        return []
    year = parse_period(year_of(ctx.month))
    out = []
    for pm, s in ctx.employed():
        sales = ZERO
        for m in year.months:
            p = month_basics(ctx.records, m).get(pm.staff)
            if p is not None:
                sales += p.sales
        target = staff_period_target(ctx.records, s, year)
        line = yearly_target_line(pm.staff, year.label, sales, target.amount, target.how)
        if line is not None:
            out.append(line)
    return out


def yearly_target_line(sid: str, year: str, sales, target, how: str) -> Line | None:
    """P7's flag for one person, or None: credited sales of the year at least its target."""
    if target is None or target <= 0 or sales < target:
        return None
    return Line(sid, "yearly-target", _("reached the {year} target: team trip or training").format(year=year),
                arithmetic=_("credited {sales} >= target {target} in {year} ({how})").format(
                    sales=fmt(sales), target=fmt(target), year=year, how=how))
