"""The month's payout: rewards, penalties and flags (P1-P7, K5, K8, L1, L2, T1-T4), each line with
its rule id, its arithmetic and its evidence.

    payout_month(records, month) -> MonthPayout        every line of every person, in a fixed order
    statement(records, month, staff_id) -> str          one person's statement, markdown

Pure functions of (records, month): only records dated on or before the month's last day are
read, so adding later records never changes a month. Money is exact Decimal; shared bonuses are
split to the cent with salesctl.money.allocate (extra cents to the first in staff id order).

Streaks (P2, P3) read earlier months from the records. A month counts toward a streak only if
the person was there that month (employed, not on leave for all their working days) and had a
target for it; a month without that breaks the streak.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional

from salesctl.domain.calendar import (
    days, is_workday, local_date, local_text, month_bounds, month_of, parse_period, shift_month, working_days, year_of,
    zone_of,
)
from salesctl.domain.staffing import employed_between, leave_days, workdays_of
from salesctl.engines.indicators import (
    NOT_SALES, PersonMonth, compress, leads_submitted, memo, month_basics, month_indicators, where,
)
from salesctl.engines.score import GRADES_ZH, q2, score_month
from salesctl.money import ZERO, allocate, fmt, round_cent
from salesctl.records import Records

HUNDRED = Decimal(100)

# code -> (rule id, kind); the order of this table is the order of a person's lines.
CODES: dict[str, tuple[str, str]] = {
    "top3": ("P1", "bonus"),
    "dept-top": ("P2", "bonus"),
    "team-streak": ("P2", "bonus"),
    "dept-streak": ("P2", "bonus"),
    "commission": ("P4", "bonus"),
    "grade-bonus": ("P4", "bonus"),
    "sales-star": ("P6", "title"),
    "service-model": ("P6", "title"),
    "late": ("P5", "deduction"),
    "half-day": ("P5", "deduction"),
    "full-day": ("P5", "deduction"),
    "deduction-limit": ("P5", "adjustment"),
    "absent-days": ("P5", "report"),
    "warning": ("P5", "flag"),
    "dismissal": ("P5", "flag"),
    "raise": ("P2", "flag"),
    "demotion": ("P3", "flag"),
    "improvement-plan": ("K5", "flag"),
    "satisfaction": ("K5", "flag"),
    "lead-minimum": ("L1", "flag"),
    "prospects": ("L2", "flag"),
    "contacts": ("K8", "flag"),
    "late-quote": ("T1", "flag"),
    "late-delivery": ("T2", "flag"),
    "late-complaint": ("T3", "flag"),
    "unreported-deal": ("T4", "flag"),
    "training": ("K4", "flag"),
    "yearly-target": ("P7", "flag"),
}
ORDER = {c: i for i, c in enumerate(CODES)}
MONEY_KINDS = ("bonus", "title", "deduction", "adjustment")


@dataclass(frozen=True)
class Line:
    staff: str
    code: str
    what: str                       # in words
    amount: Decimal = ZERO          # + bonus, - deduction, 0 for flags and reports
    arithmetic: str = ""            # how the amount (or the flag) was made
    evidence: tuple[str, ...] = ()  # records and facts it came from
    days: Optional[Decimal] = None  # absent days (report line)

    @property
    def rule(self) -> str:
        return CODES[self.code][0]

    @property
    def kind(self) -> str:
        return CODES[self.code][1]


@dataclass(frozen=True)
class MonthPayout:
    month: str
    lines: tuple[Line, ...]
    people: dict                    # staff id -> PersonMonth (everyone employed or credited in the month)
    scores: dict                    # staff id -> MonthScore

    def lines_of(self, staff_id: str) -> list[Line]:
        return [x for x in self.lines if x.staff == staff_id]

    def total_of(self, staff_id: str) -> Decimal:
        return sum((x.amount for x in self.lines if x.staff == staff_id), ZERO)


# ----------------------------------------------------------------------------- pure helpers
def top_places(sales: dict[str, Decimal], amounts) -> dict[str, tuple[Decimal, tuple[int, ...], str]]:
    """P1: {staff: credited sales} -> {staff: (bonus, places occupied, arithmetic)}.

    Only sales above zero place. People with equal sales occupy consecutive places together and
    share the bonuses of those places equally, to the cent (extra cents to the first in staff id
    order), so whenever at least len(amounts) people have sales the bonuses add up to sum(amounts).
    """
    amounts = [Decimal(a) for a in amounts]
    ranked = sorted(((v, k) for k, v in sales.items() if v > 0), key=lambda x: (-x[0], x[1]))
    out = {}
    i = 0
    while i < len(ranked) and i < len(amounts):
        v = ranked[i][0]
        group = [k for vv, k in ranked if vv == v]
        places = tuple(range(i + 1, i + 1 + len(group)))
        pool_parts = [amounts[p - 1] for p in places if p <= len(amounts)]
        pool = sum(pool_parts, ZERO)
        if len(group) == 1:
            arith = f"place {places[0]}: {fmt(pool)}"
            out[group[0]] = (pool, places, arith)
        else:
            parts = allocate(pool, [(k, Decimal(1)) for k in sorted(group)])
            summed = " + ".join(fmt(a) for a in pool_parts)
            for k, amt in parts:
                arith = (f"{len(group)} tied at {fmt(v)} for places {places[0]}-{places[-1]}: "
                         f"({summed}) / {len(group)} = {fmt(amt)}")
                if amt * len(group) != pool:
                    arith += " (cents shared out in staff id order)"
                out[k] = (amt, places, arith)
        i += len(group)
    return out


def commission(sales: Decimal, target: Decimal, tiers, mode: str) -> tuple[Decimal, list[str]]:
    """P4: commission on credited sales above target by tiers (from: percent of target, rate: percent).

    marginal: each tier's rate on the slice between its start and the next tier's start (each slice
    rounded to the cent); flat: the rate of the highest tier reached (attainment at or above its
    start) on everything above the first tier's start. Returns (amount, arithmetic steps).
    """
    tiers = sorted(tiers, key=lambda t: t.from_)
    if not tiers or target is None or target <= 0:
        return ZERO, []
    starts = [target * t.from_ / HUNDRED for t in tiers]
    steps = []
    if mode == "flat":
        reached = [i for i, s in enumerate(starts) if sales >= s]
        if not reached or sales <= starts[0]:
            return ZERO, []
        t = tiers[reached[-1]]
        base = sales - starts[0]
        amt = round_cent(base * t.rate / HUNDRED)
        steps.append(f"flat: attainment reached the {fmt_pct(t.from_)} tier: {fmt_pct(t.rate)} x ({fmt(sales)} - {fmt(starts[0])}) = {fmt(amt)}")
        return amt, steps
    total = ZERO
    for i, t in enumerate(tiers):
        lo = starts[i]
        hi = starts[i + 1] if i + 1 < len(tiers) else None
        top = sales if hi is None else min(sales, hi)
        if top <= lo:
            continue
        part = round_cent((top - lo) * t.rate / HUNDRED)
        total += part
        where_ = (f"{fmt_pct(t.from_)} to {fmt_pct(tiers[i + 1].from_)} of target" if hi is not None
                  else f"above {fmt_pct(t.from_)} of target")
        steps.append(f"{fmt_pct(t.rate)} x ({fmt(top)} - {fmt(lo)}) = {fmt(part)} [{where_}]")
    return total, steps


def fmt_pct(x: Decimal) -> str:
    x = Decimal(x)
    s = f"{x.normalize():f}" if x == x.to_integral_value() else f"{x.quantize(Decimal('0.01'))}"
    return s + "%"


def attendance_events(entries, late_limit: int):
    """P5 per day: [(date, code, minutes or None, absent days, entry)] for late/early within the limit,
    half days (absent half, or late/early beyond the limit) and full days. A day counts at most one day absent."""
    out = []
    for a in sorted(entries, key=lambda a: a.date):
        if a.absent == "full":
            out.append((a.date, "full-day", None, Decimal(1), a))
            continue
        day = []
        if a.absent == "half":
            day.append((a.date, "half-day", None, Decimal("0.5"), a))
        for label, m in (("late", a.late_minutes), ("early", a.early_minutes)):
            if m and m <= late_limit:
                day.append((a.date, "late", (label, m), Decimal(0), a))
            elif m and m > late_limit:
                day.append((a.date, "half-day", (label, m), Decimal("0.5"), a))
        left = Decimal(1)
        for d, code, m, n, e in day:
            take = min(n, left)
            left -= take
            out.append((d, code, m, take, e))
    return out


def run_back(month: str, ok: Callable[[str], bool], floor: str) -> list[str]:
    """The months of the run of `ok` months ending at `month`, oldest first (empty if `month` is not ok)."""
    out = []
    m = month
    while m >= floor and ok(m):
        out.append(m)
        m = shift_month(m, -1)
    return out[::-1]


# ----------------------------------------------------------------------------- standings
@dataclass(frozen=True)
class Standing:
    """Who was top of each team and department in a month, by credited sales (P2)."""
    team_top: dict        # team -> set of staff ids
    dept_top: dict        # department -> set of staff ids


def standing(records: Records, month: str) -> Standing:
    def build():
        people = month_basics(records, month)
        teams, depts = defaultdict(dict), defaultdict(dict)
        for pm in people.values():
            if pm.role not in records.policy.payout.roles:
                continue
            if pm.team:
                teams[pm.team][pm.staff] = pm.sales
            if pm.department:
                depts[pm.department][pm.staff] = pm.sales
        return Standing({t: _tops(v) for t, v in teams.items()}, {d: _tops(v) for d, v in depts.items()})
    return memo(records, ("standing", month), build)


def _tops(sales: dict) -> set:
    best = max(sales.values(), default=ZERO)
    return {k for k, v in sales.items() if v == best} if best > 0 else set()


def floor_month(records: Records) -> str:
    def build():
        joined = [s.joined for s in records.staff.values()]
        return month_of(min(joined)) if joined else "9999-12"
    return memo(records, "floor", build)


def _counts(records: Records, sid: str, m: str):
    pm = month_basics(records, m).get(sid)
    return pm if pm is not None and pm.counts else None


def team_run(records: Records, sid: str, month: str) -> list[str]:
    team = records.staff[sid].team

    def ok(m):
        return bool(team) and _counts(records, sid, m) is not None and sid in standing(records, m).team_top.get(team, ())
    return run_back(month, ok, floor_month(records))


def dept_run(records: Records, sid: str, month: str) -> list[str]:
    dept = records.department_of(records.staff[sid])

    def ok(m):
        return bool(dept) and _counts(records, sid, m) is not None and sid in standing(records, m).dept_top.get(dept, ())
    return run_back(month, ok, floor_month(records))


def missed_run(records: Records, sid: str, month: str) -> list[str]:
    def ok(m):
        pm = _counts(records, sid, m)
        return pm is not None and pm.missed
    return run_back(month, ok, floor_month(records))


# ----------------------------------------------------------------------------- the month
def payout_month(records: Records, month: str) -> MonthPayout:
    return memo(records, ("payout", month), lambda: _payout_month(records, month))


def _payout_month(records: Records, month: str) -> MonthPayout:
    pol = records.policy
    po = pol.payout
    people = month_indicators(records, month)
    scores = {ms.staff: ms for ms in score_month(records, month)}
    lines: list[Line] = []
    add = lines.append

    def scope_groups(pred):
        groups = defaultdict(dict)
        for pm in people.values():
            if pm.role in po.roles and pred(pm):
                key = "" if po.scope == "company" else (pm.department or "")
                groups[key][pm.staff] = pm
        return [groups[k] for k in sorted(groups)]

    # P1 top three by credited sales
    for group in scope_groups(lambda pm: pm.sales > 0):
        for sid, (amt, places, arith) in top_places({k: pm.sales for k, pm in group.items()}, po.top3).items():
            add(Line(sid, "top3", f"top three by credited sales: place {_places(places)}", amt, arith,
                     (f"credited sales {fmt(group[sid].sales)}",)))

    # P2 department top, streaks, raise
    st = standing(records, month)
    for dept, tops in sorted(st.dept_top.items()):
        for sid in sorted(tops):
            pm = people[sid]
            if pm.counts and pm.sales >= pm.target:
                add(Line(sid, "dept-top", f"top of {dept} by credited sales and reached own target", Decimal(po.dept_top_bonus),
                         f"{fmt(pm.sales)} is the most in {dept}; target {fmt(pm.target)} reached: {fmt(po.dept_top_bonus)}",
                         (f"credited sales {fmt(pm.sales)}", f"target {fmt(pm.target)}")))
    for sid in sorted(people):
        if sid not in records.staff:
            continue
        run = team_run(records, sid, month)
        if run and len(run) % po.team_streak_months == 0:
            add(Line(sid, "team-streak", f"top of team {people[sid].team} {len(run)} months running", Decimal(po.team_streak_bonus),
                     f"{len(run)} months ({run[0]} to {run[-1]}), a multiple of {po.team_streak_months}: {fmt(po.team_streak_bonus)}", tuple(run)))
        drun = dept_run(records, sid, month)
        if drun and len(drun) % po.dept_streak_months == 0:
            add(Line(sid, "dept-streak", f"top of {people[sid].department} {len(drun)} months running", Decimal(po.dept_streak_bonus),
                     f"{len(drun)} months ({drun[0]} to {drun[-1]}), a multiple of {po.dept_streak_months}: {fmt(po.dept_streak_bonus)}", tuple(drun)))
        if len(drun) >= po.raise_streak_months:
            add(Line(sid, "raise", f"top of {people[sid].department} {len(drun)} months running: consider a raise",
                     arithmetic=f"{len(drun)} >= {po.raise_streak_months} months", evidence=tuple(drun)))
        mrun = missed_run(records, sid, month)
        if len(mrun) >= po.missed_months:
            add(Line(sid, "demotion", f"missed target {len(mrun)} months running: demotion or dismissal",
                     arithmetic=f"{len(mrun)} >= {po.missed_months} months", evidence=tuple(mrun)))

    # P4 commission and grade bonus
    for sid, pm in people.items():
        if pm.has_target:
            amt, steps = commission(pm.sales, pm.target, po.commission_tiers, po.commission_mode)
            if amt > 0:
                add(Line(sid, "commission", f"commission on credited sales above target ({po.commission_mode})", amt,
                         "; ".join(steps) + (f"; total {fmt(amt)}" if len(steps) > 1 else ""),
                         (f"credited sales {fmt(pm.sales)}", f"target {fmt(pm.target)}")))
        ms = scores.get(sid)
        if ms is not None and ms.grade is not None:
            bonus = Decimal(po.grade_bonus.get(ms.grade, ZERO))
            if bonus != 0:
                add(Line(sid, "grade-bonus", f"performance bonus for grade {ms.grade} ({GRADES_ZH[ms.grade]})", bonus,
                         f"composite {ms.composite} -> {ms.grade}: {fmt(bonus)}", (f"composite {ms.composite}",)))

    # P6 titles
    for group in scope_groups(lambda pm: pm.sales > 0):
        best = max(pm.sales for pm in group.values())
        for sid in sorted(k for k, pm in group.items() if pm.sales == best):
            add(Line(sid, "sales-star", "title: sales star (销售之星), most credited sales", Decimal(po.sales_star_bonus),
                     f"{fmt(best)} is the most credited sales: {fmt(po.sales_star_bonus)}", (f"credited sales {fmt(best)}",)))
    for group in scope_groups(lambda pm: pm.get("ratings") >= po.service_min_ratings):
        best = max((pm.get("satisfaction"), pm.get("satisfaction_mean")) for pm in group.values())
        for sid in sorted(k for k, pm in group.items() if (pm.get("satisfaction"), pm.get("satisfaction_mean")) == best):
            pm = group[sid]
            add(Line(sid, "service-model", "title: customer service model (客户服务标兵), best satisfaction",
                     Decimal(po.service_model_bonus),
                     f"{q2(best[0])}% satisfied, mean rating {q2(best[1])} over {pm.get('ratings')} ratings (at least {po.service_min_ratings}): "
                     f"{fmt(po.service_model_bonus)}", compress(pm.evidence["ratings"]).split("; ")))

    # P5 attendance
    for sid in sorted(people):
        lines.extend(_attendance(records, sid, month))

    # flags K5, L1, L2, K8, training, P7
    for sid, pm in people.items():
        lines.extend(_person_flags(records, pm, month))
    # flags T1-T4 (by record, not by person)
    lines.extend(_time_limits(records, month))

    # P5: deductions at most the month's bonuses, when the policy says so
    if po.deductions_limited_to_bonus:
        extra = []
        for sid in sorted({x.staff for x in lines}):
            gain = sum((x.amount for x in lines if x.staff == sid and x.amount > 0), ZERO)
            loss = -sum((x.amount for x in lines if x.staff == sid and x.code in ("late", "half-day", "full-day")), ZERO)
            if loss > gain:
                extra.append(Line(sid, "deduction-limit", "deductions above the month's bonuses are not taken", loss - gain,
                                  f"deductions {fmt(loss)} - bonuses {fmt(gain)} = {fmt(loss - gain)} given back"))
        lines.extend(extra)

    def person_key(sid):
        s = records.staff.get(sid)
        return ((records.department_of(s) if s else "") or "", (s.team if s else "") or "", sid)
    lines.sort(key=lambda x: (person_key(x.staff), ORDER[x.code], x.evidence, x.what))
    return MonthPayout(month, tuple(lines), people, scores)


def _places(places) -> str:
    return str(places[0]) if len(places) == 1 else f"{places[0]}-{places[-1]} (tied)"


def _attendance(records: Records, sid: str, month: str) -> list[Line]:
    po = records.policy.payout
    s = records.staff.get(sid)
    start, end = month_bounds(month)
    entries = [a for a in records.attendance_by_staff.get(sid, ()) if start <= a.date <= end]
    events = attendance_events(entries, po.late_minutes)
    out = []

    def ev(d, m, e):
        loc = where(records, e)
        if m is None:
            return f"{d} absent {'full day' if e.absent == 'full' else 'half day'} ({loc})"
        return f"{d} {m[0]} {m[1]} min ({loc})"

    for code, rate, words in (("late", po.late_deduction, f"late or early by {po.late_minutes} minutes or less"),
                              ("half-day", po.half_day_deduction, f"half day absent (or late/early by more than {po.late_minutes} minutes)"),
                              ("full-day", po.full_day_deduction, "full day absent")):
        xs = [x for x in events if x[1] == code]
        if xs:
            amt = -Decimal(rate) * len(xs)
            out.append(Line(sid, code, words, amt, f"{len(xs)} x {fmt(Decimal(rate))} = {fmt(-amt)} deducted",
                            tuple(ev(d, m, e) for d, _, m, _, e in xs)))
    absent = sum((x[3] for x in events), Decimal(0))
    if absent > 0:
        out.append(Line(sid, "absent-days", f"days absent, for payroll (that day's pay): {_days(absent)}", ZERO,
                        " + ".join(f"{_days(x[3])} ({x[0]})" for x in events if x[3] > 0) + f" = {_days(absent)}",
                        tuple(ev(d, m, e) for d, _, m, n, e in events if n > 0), days=absent))
    for d, _, m, _, e in events:
        if m is None and e.absent == "full":
            out.append(Line(sid, "warning", f"warning: absent the full day of {d}", evidence=(ev(d, m, e),)))
    if s is None:
        return out
    # dismissal: full days absent in a row (working days), or days absent in the calendar year
    wd = workdays_of(records, s)
    year_start = dt.date(start.year, 1, 1)
    hist = [a for a in records.attendance_by_staff.get(sid, ()) if a.date <= end]
    fulls = sorted(a.date for a in hist if a.absent == "full")
    lv = leave_days(records, s, min(fulls, default=start), end)
    run: list[dt.date] = []
    for d in fulls:
        if run and all(not is_workday(x, wd) or x in lv for x in days(run[-1] + dt.timedelta(days=1), d - dt.timedelta(days=1))):
            run.append(d)
        else:
            run = [d]
        if len(run) == po.absent_run_days and start <= d <= end:
            out.append(Line(sid, "dismissal", f"absent {len(run)} working days in a row: dismissal",
                            arithmetic=f"{len(run)} >= {po.absent_run_days} days in a row", evidence=tuple(str(x) for x in run)))
    year_events = attendance_events([a for a in hist if a.date >= year_start], po.late_minutes)
    total = Decimal(0)
    for d, _, _, n, _ in year_events:
        before = total
        total += n
        if before < po.absent_year_days <= total and start <= d <= end:
            out.append(Line(sid, "dismissal", f"absent {_days(total)} days in {start.year}: dismissal",
                            arithmetic=f"{_days(total)} >= {_days(Decimal(po.absent_year_days))} days this year",
                            evidence=tuple(f"{x[0]} {_days(x[3])}" for x in year_events if x[3] > 0 and x[0] <= d)))
    return out


def sum_words(amounts) -> str:
    """[100, -20, 5] -> '100.00 - 20.00 + 5.00'."""
    out = ""
    for i, a in enumerate(amounts):
        if i == 0:
            out = fmt(a)
        else:
            out += f" - {fmt(-a)}" if a < 0 else f" + {fmt(a)}"
    return out


def _days(x: Decimal) -> str:
    return f"{x.normalize():f}"


def _person_flags(records: Records, pm: PersonMonth, month: str) -> list[Line]:
    pol = records.policy
    lim = pol.limits
    out = []
    sid = pm.staff
    s = records.staff.get(sid)
    if s is None or pm.presence.employed == 0:
        return out
    start, end = month_bounds(month)
    if pm.has_target and pm.missed and pm.presence.present:   # a month on leave is not a missed target
        out.append(Line(sid, "improvement-plan", "missed target: improvement plan due",
                        arithmetic=f"credited {fmt(pm.sales)} < target {fmt(pm.target)} ({q2(pm.get('attainment'))}%)",
                        evidence=(f"credited sales {fmt(pm.sales)}", f"target {fmt(pm.target)}")))
    n = pm.get("ratings")
    if n >= lim.satisfaction_min_ratings and pm.get("satisfaction") < lim.satisfaction_min:
        out.append(Line(sid, "satisfaction", f"satisfaction below {fmt_pct(lim.satisfaction_min)}: improvement needed",
                        arithmetic=f"{q2(pm.get('satisfaction'))}% of {n} ratings at {pol.score.satisfied_rating} or more < {fmt_pct(lim.satisfaction_min)}",
                        evidence=tuple(compress(pm.evidence["ratings"]).split("; "))))
    if s.role in lim.minimum_roles and pm.presence.present:
        out.extend(_lead_weeks(records, s, month))
        need = Decimal(pol.leads.monthly_prospects)
        if pol.score.prorate_targets:
            need = need * pm.presence.fraction
        got = pm.get("leads_submitted")
        if got < need:
            out.append(Line(sid, "prospects", f"fewer than {pol.leads.monthly_prospects} prospects this month",
                            arithmetic=f"{got} leads submitted < {_num(need)}"
                            + (f" ({pol.leads.monthly_prospects} x {pm.presence.employed}/{pm.presence.days_in_month} days)" if need != pol.leads.monthly_prospects else ""),
                            evidence=tuple(compress(pm.evidence["leads_submitted"]).split("; ")) if got else ()))
        cpd = pm.get("contacts_per_day")
        if cpd is not None and cpd < lim.contacts_per_day:
            out.append(Line(sid, "contacts", f"fewer than {_num(lim.contacts_per_day)} contacts per working day",
                            arithmetic=f"{pm.get('contacts')} contacts / {pm.presence.working} working days = {q2(cpd)} < {_num(lim.contacts_per_day)}",
                            evidence=tuple(compress(pm.evidence["contacts"]).split("; ")) if pm.get("contacts") else ()))
    ts = pm.get("training_score")
    if ts is not None and ts < lim.training_pass:
        out.append(Line(sid, "training", f"training test score below {_num(lim.training_pass)}",
                        arithmetic=f"{_num(ts)} < {_num(lim.training_pass)}", evidence=pm.evidence["training_score"]))
    if pol.payout.yearly_target_flag and month.endswith("-12"):
        y = year_of(month)
        sales, target = ZERO, ZERO
        for m in parse_period(y).months:
            p = month_basics(records, m).get(sid)
            if p is not None:
                sales += p.sales
                if p.target is not None:
                    target += p.target
        if target > 0 and sales >= target:
            out.append(Line(sid, "yearly-target", f"reached the {y} target: team trip or training",
                            arithmetic=f"credited {fmt(sales)} >= targets {fmt(target)} in {y}"))
    return out


def _num(x) -> str:
    """A number as people write it: 11, 2.5, 66.67 (two decimals at most)."""
    x = q2(Decimal(x))
    return f"{x.normalize():f}" if x == x.to_integral_value() else f"{x.normalize():f}"


def _lead_weeks(records: Records, s, month: str) -> list[Line]:
    """L1: every week (Monday to Sunday) ending in the month that the person was employed throughout,
    leads submitted at least leads.weekly_minimum, prorated by the week's working days not on leave."""
    pol = records.policy
    start, end = month_bounds(month)
    wd = workdays_of(records, s)
    out = []
    sunday = start + dt.timedelta(days=(6 - start.weekday()))
    while sunday <= end:
        monday = sunday - dt.timedelta(days=6)
        span = employed_between(s, monday, sunday)
        if span == (monday, sunday):
            sched = working_days(monday, sunday, wd)
            lv = leave_days(records, s, monday, sunday)
            working = [d for d in sched if d not in lv]
            if working:
                need = Decimal(pol.leads.weekly_minimum) * len(working) / len(sched)
                got = leads_submitted(records, s.id, monday, sunday)
                if len(got) < need:
                    prorated = f" ({pol.leads.weekly_minimum} x {len(working)}/{len(sched)} working days)" if len(working) < len(sched) else ""
                    out.append(Line(s.id, "lead-minimum", f"fewer than {pol.leads.weekly_minimum} leads submitted in the week {monday} to {sunday}",
                                    arithmetic=f"{len(got)} < {_num(need)}{prorated}",
                                    evidence=(f"week {monday}..{sunday}",) + tuple(where(records, x) for x in got)))
        sunday += dt.timedelta(days=7)
    return out


def _responsible(records: Records, deal) -> list[str]:
    if deal.payment is not None:
        return [deal.payment.taken_by]
    if deal.deposit is not None:
        return [deal.deposit.taken_by]
    from salesctl.engines.split import split_deal
    return sorted({ln.staff for ln in split_deal(records, deal).lines})


def _time_limits(records: Records, month: str) -> list[Line]:
    """T1-T4. A time limit's flag belongs to the month in which the limit ran out (T1-T3), a large
    deal's to the month it was signed (T4); only records dated up to the month's end are read."""
    lim = records.policy.limits
    z = zone_of(records.policy)
    start, end = month_bounds(month)
    out = []
    # T1 quote within quote_days of the need being confirmed
    for v in records.visits:
        if v.kind != "need-confirmed":
            continue
        need_day = local_date(v.at, z)
        deadline = need_day + dt.timedelta(days=lim.quote_days)
        if not (start <= deadline <= end):
            continue
        quotes = [q for q in records.visits_by_lead.get(v.lead, ()) if q.kind == "quote" and q.at >= v.at
                  and local_date(q.at, z) <= deadline]
        if not quotes:
            out.append(Line(v.staff, "late-quote", f"no quote within {lim.quote_days} days of the need confirmed (lead {v.lead})",
                            arithmetic=f"need confirmed {need_day}, quote due by {deadline}, none logged by then",
                            evidence=(where(records, v),)))
    # T2 delivery confirmed within delivery_days of signing; T4 large deals reported
    for d in records.deals.values():
        if d.kind in NOT_SALES:
            continue
        deadline = d.signed + dt.timedelta(days=lim.delivery_days)
        if start <= deadline <= end and (d.delivered is None or d.delivered > deadline):
            how = "not confirmed" if d.delivered is None else f"confirmed {d.delivered}"
            for sid in _responsible(records, d):
                out.append(Line(sid, "late-delivery", f"delivery of deal {d.id} not confirmed within {lim.delivery_days} days of signing",
                                arithmetic=f"signed {d.signed}, due by {deadline}, {how}", evidence=(where(records, d),)))
        if start <= d.signed <= end and d.amount >= lim.report_threshold and d.reported is None:
            for sid in _responsible(records, d):
                out.append(Line(sid, "unreported-deal", f"deal {d.id} of {fmt(d.amount)} not reported to the team leader",
                                arithmetic=f"{fmt(d.amount)} >= {fmt(lim.report_threshold)}, no report recorded", evidence=(where(records, d),)))
    # T3 complaints answered within complaint_hours
    limit = dt.timedelta(hours=lim.complaint_hours)
    for v in records.visits:
        if v.kind != "complaint":
            continue
        due = v.at + limit
        if not (start <= local_date(due, z) <= end):
            continue
        if v.answered is None or v.answered - v.at > limit:
            how = "no answer recorded" if v.answered is None else f"answered after {_num(Decimal((v.answered - v.at).total_seconds()) / 3600)} hours"
            out.append(Line(v.staff, "late-complaint", f"complaint (lead {v.lead}) not answered within {lim.complaint_hours} hours",
                            arithmetic=f"received {local_text(v.at, z)}, due by {local_text(due, z)}, {how}",
                            evidence=(where(records, v),)))
    return out


# ----------------------------------------------------------------------------- rows
LINE_COLUMNS = ["month", "staff", "name", "team", "department", "rule", "code", "kind", "what", "amount", "days",
                "arithmetic", "evidence"]
STAFF_COLUMNS = ["row", "staff", "name", "team", "department", "sales", "target", "attainment", "grade", "top3",
                 "dept_top", "streaks", "commission", "grade_bonus", "titles", "deductions", "total", "absent_days", "flags"]
_STAFF_SUMS = {"top3": ("top3",), "dept_top": ("dept-top",), "streaks": ("team-streak", "dept-streak"),
               "commission": ("commission",), "grade_bonus": ("grade-bonus",), "titles": ("sales-star", "service-model"),
               "deductions": ("late", "half-day", "full-day", "deduction-limit")}


def _who(records: Records, sid: str) -> dict:
    s = records.staff.get(sid)
    return {"staff": sid, "name": s.name if s else "", "team": (s.team if s else None) or "",
            "department": (records.department_of(s) if s else None) or ""}


def line_rows(records: Records, mp: MonthPayout) -> list[dict]:
    """One row per line (payroll and flags), in the payout's order."""
    return [{"month": mp.month, **_who(records, x.staff), "rule": x.rule, "code": x.code, "kind": x.kind, "what": x.what,
             "amount": x.amount, "days": x.days, "arithmetic": x.arithmetic, "evidence": list(x.evidence)}
            for x in mp.lines]


def staff_rows(records: Records, mp: MonthPayout) -> list[dict]:
    """One row per person (everyone employed in the month or with a line), then a total per department
    and a grand total (column row: staff, department, total)."""
    sids = {sid for sid, pm in mp.people.items() if pm.presence.employed > 0} | {x.staff for x in mp.lines}
    rows = []
    for sid in sids:
        pm = mp.people.get(sid)
        ms = mp.scores.get(sid)
        mine = mp.lines_of(sid)
        row = {"row": "staff", **_who(records, sid),
               "sales": pm.sales if pm else ZERO, "target": pm.target if pm else None,
               "attainment": pm.get("attainment") if pm else None, "grade": ms.grade if ms else None}
        for col, codes in _STAFF_SUMS.items():
            row[col] = sum((x.amount for x in mine if x.code in codes), ZERO)
        row["total"] = sum((x.amount for x in mine), ZERO)
        row["absent_days"] = sum((x.days for x in mine if x.days is not None), Decimal(0))
        row["flags"] = [f"{x.rule} {x.code}" for x in mine if x.kind == "flag"]
        rows.append(row)
    rows.sort(key=lambda r: (r["department"], r["team"], r["staff"]))
    out = []
    money = ["sales", "top3", "dept_top", "streaks", "commission", "grade_bonus", "titles", "deductions", "total"]

    def total(label_row: str, dept: str, rs: list[dict]) -> dict:
        t = {"row": label_row, "staff": "", "name": "", "team": "", "department": dept, "target": None,
             "attainment": None, "grade": None, "flags": []}
        targets = [r["target"] for r in rs if r["target"] is not None]
        t["target"] = sum(targets, ZERO) if targets else None
        for c in money:
            t[c] = sum((r[c] for r in rs), ZERO)
        t["absent_days"] = sum((r["absent_days"] for r in rs), Decimal(0))
        t["name"] = "total" if label_row == "total" else f"total {dept or '(no department)'}"
        return t

    for dept in sorted({r["department"] for r in rows}):
        rs = [r for r in rows if r["department"] == dept]
        out.extend(rs)
        out.append(total("department", dept, rs))
    out.append(total("total", "", rows))
    return out


# ----------------------------------------------------------------------------- statement
def statement(records: Records, month: str, staff_id: str) -> str:
    """One person's payout statement for the month, markdown: every step with its rule and arithmetic."""
    from salesctl.engines.score import month_score_of

    mp = payout_month(records, month)
    s = records.staff[staff_id]
    pm = mp.people.get(staff_id)
    ms = month_score_of(records, month, staff_id)
    team = records.teams.get(s.team or "")
    L = [f"# Payout statement: {s.name} ({s.id}), {month}", ""]
    who = [f"team {team.name} ({team.id})" if team else "no team", f"department {records.department_of(s) or '-'}",
           f"channel {s.channel}", f"role {s.role}"]
    if pm is not None:
        who.append(pm.presence.words())
    L += [", ".join(who) + ".", ""]

    L += ["## 1. Sales credited to you (split rules S1-S5)", ""]
    credit = pm.credit if pm else ()
    if credit:
        L += ["| deal | signed | customer | kind | deal amount | your share | credited | rule |",
              "|---|---|---|---|--:|--:|--:|---|"]
        for ds, line in credit:
            d = ds.deal
            lead = records.leads.get(d.lead)
            kind = d.kind + (f" of {d.refund_of}" if d.refund_of else "")
            L.append(f"| {d.id} | {d.signed} | {lead.name if lead else d.lead} | {kind} | {fmt(d.amount)} | "
                     f"{fmt_pct(line.share)} | {fmt(line.amount)} | {line.rule} {line.rule_name} |")
        L += ["", "Credited sales: " + sum_words(line.amount for _, line in credit) + f" = **{fmt(pm.sales)}**", ""]
    else:
        L += ["No deal credited this month: credited sales 0.00.", ""]

    L += ["## 2. Target and attainment (K5)", ""]
    if pm is not None and pm.has_target:
        if pm.target != pm.target_full:
            L.append(f"Target {fmt(pm.target_full)}, prorated for {pm.presence.employed} of {pm.presence.days_in_month} days: "
                     f"{fmt(pm.target_full)} x {pm.presence.employed}/{pm.presence.days_in_month} = {fmt(pm.target)}.")
        else:
            L.append(f"Target {fmt(pm.target)}.")
        L.append(f"Attainment: {fmt(pm.sales)} / {fmt(pm.target)} = {q2(pm.get('attainment'))}%"
                 + (" (target missed)." if pm.missed else " (target reached)."))
    else:
        L.append("No target set for this month: no commission, no department-top bonus, and the month does not count toward streaks.")
    L.append("")

    L += ["## 3. Score (K4, K6)", ""]
    if ms is not None and ms.composite is None and pm is not None and not pm.presence.present:
        L.append("Not reviewed this month: not there (on leave for all of your working days).")
    elif ms is not None and ms.composite is None and pm is not None and not pm.has_target and records.policy.score.needs_target:
        L.append("Not reviewed this month: no sales target (score.needs_target).")
    elif ms is not None and ms.items:
        L += ["| indicator | value | target | ratio (capped) | weight | points |", "|---|--:|--:|--:|--:|--:|"]
        for it in ms.items:
            if it.points is None:
                L.append(f"| {it.indicator} | - | {_num(it.target)} | left out (no value) | {_num(it.weight)} | - |")
            else:
                L.append(f"| {it.indicator} | {_num(it.value)} | {_num(it.target)} | {q2(it.ratio)} (cap {_num(it.cap)}) | {_num(it.weight)} | {q2(it.points)} |")
        counted = [it for it in ms.items if it.points is not None]
        if counted and ms.composite is not None:
            from salesctl.engines.score import composite_words

            L += ["", f"Composite: {composite_words(ms.items, f'**{ms.composite}**', ms.scale)} -> grade **{ms.grade}** "
                  f"({GRADES_ZH[ms.grade]}); rank {ms.team_rank or '-'} in team, {ms.dept_rank or '-'} in department."]
    else:
        L.append("No composite this month.")
    L.append("")

    L += ["## 4. Payout lines", ""]
    mine = mp.lines_of(staff_id)
    money = [x for x in mine if x.kind in MONEY_KINDS]
    if money:
        L += ["| rule | line | arithmetic | amount |", "|---|---|---|--:|"]
        for x in money:
            L.append(f"| {x.rule} | {x.what} | {x.arithmetic} | {fmt(x.amount)} |")
        L += ["", "Total: " + (sum_words(x.amount for x in money if x.amount != 0) or "0.00")
              + f" = **{fmt(mp.total_of(staff_id))}**", ""]
    else:
        L += ["No bonus or deduction this month: total **0.00**.", ""]
    for x in money:
        if len(x.evidence) > 0 and x.code in ("late", "half-day", "full-day"):
            L.append(f"- {x.rule} {x.what}: " + "; ".join(x.evidence))
    if any(x.code in ("late", "half-day", "full-day") for x in money):
        L.append("")

    reports = [x for x in mine if x.kind == "report"]
    L += ["## 5. Days absent, for payroll (P5)", ""]
    if reports:
        for x in reports:
            L.append(f"{_days(x.days)} day(s) absent: {x.arithmetic}. That day's pay is deducted by payroll.")
    else:
        L.append("None.")
    L.append("")

    flags = [x for x in mine if x.kind == "flag"]
    L += ["## 6. Flags", ""]
    if flags:
        for x in flags:
            ev = ("; evidence: " + ", ".join(x.evidence)) if x.evidence else ""
            L.append(f"- **{x.rule}** {x.what} ({x.arithmetic}){ev}")
    else:
        L.append("None.")
    return "\n".join(L).rstrip() + "\n"
