"""Bonuses and titles of the month: P1 top three, P2 department top, P4 commission and grade bonus,
P6 titles. Each rule is a function `(Context) -> list[Line]`."""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import HUNDRED, Line, composite_words, credited_words, fmt_pct, target_words
from salesctl.engines.payout.titles import Figures, award, nominations_of
from salesctl.engines.score import GRADES_ZH
from salesctl.i18n import _
from salesctl.money import ZERO, allocate, fmt, round_cent


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
            arith = _("place {place}: {amount}").format(place=places[0], amount=fmt(pool))
            out[group[0]] = (pool, places, arith)
        else:
            parts = allocate(pool, [(k, Decimal(1)) for k in sorted(group)])
            summed = " + ".join(fmt(a) for a in pool_parts)
            for k, amt in parts:
                arith = _("{n} tied at {sales} for places {first}-{last}: ({summed}) / {n} = {amount}").format(
                    n=len(group), sales=fmt(v), first=places[0], last=places[-1], summed=summed, amount=fmt(amt))
                if amt * len(group) != pool:
                    arith += _(" (cents shared out in staff id order)")
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
        steps.append(_("flat: attainment reached the {tier} tier: {rate} x ({sales} - {start}) = {amount}").format(
            tier=fmt_pct(t.from_), rate=fmt_pct(t.rate), sales=fmt(sales), start=fmt(starts[0]), amount=fmt(amt)))
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
        where_ = (_("{low} to {high} of target").format(low=fmt_pct(t.from_), high=fmt_pct(tiers[i + 1].from_)) if hi is not None
                  else _("above {low} of target").format(low=fmt_pct(t.from_)))
        steps.append(f"{fmt_pct(t.rate)} x ({fmt(top)} - {fmt(lo)}) = {fmt(part)} [{where_}]")
    return total, steps


def _places(places) -> str:
    return str(places[0]) if len(places) == 1 else _("{first}-{last} (tied)").format(first=places[0], last=places[-1])


# ----------------------------------------------------------------------------- rules
def p1_top_three(ctx: Context) -> list[Line]:
    """P1: the top three by credited sales get payout.top3, among the people rules.P1 covers, ranked
    within rules.P1.within (the department by default)."""
    out = []
    for group in ctx.scope_groups(lambda pm: pm.sales > 0):
        for sid, (amt, places, arith) in top_places({k: pm.sales for k, pm in group.items()}, ctx.policy.payout.top3).items():
            out.append(Line(sid, "top3", _("top three by credited sales: place {place}").format(place=_places(places)), amt, arith,
                            (credited_words(group[sid].sales),)))
    return out


def p2_department_top(ctx: Context) -> list[Line]:
    """P2: the department's top seller of the month, if they reached their own target, gets payout.dept_top_bonus."""
    po = ctx.policy.payout
    out = []
    for dept, tops in sorted(ctx.standing.dept_top.items()):
        for sid in sorted(tops):
            pm = ctx.people[sid]
            if pm.counts and pm.sales >= pm.target:
                out.append(Line(sid, "dept-top", _("top of {department} by credited sales and reached own target").format(department=dept),
                                Decimal(po.dept_top_bonus),
                                _("{sales} is the most in {department}; target {target} reached: {bonus}").format(
                                    sales=fmt(pm.sales), department=dept, target=fmt(pm.target), bonus=fmt(po.dept_top_bonus)),
                                (credited_words(pm.sales), target_words(pm.target))))
    return out


def p4_commission(ctx: Context) -> list[Line]:
    """P4: commission on credited sales above target, by payout.commission_tiers and commission_mode."""
    po = ctx.policy.payout
    out = []
    for sid, pm in ctx.people.items():
        if pm.has_target:
            amt, steps = commission(pm.sales, pm.target, po.commission_tiers, po.commission_mode)
            if amt > 0:
                out.append(Line(sid, "commission", _("commission on credited sales above target ({mode})").format(mode=po.commission_mode), amt,
                                "; ".join(steps) + (_("; total {amount}").format(amount=fmt(amt)) if len(steps) > 1 else ""),
                                (credited_words(pm.sales), target_words(pm.target))))
    return out


def p4_grade_bonus(ctx: Context) -> list[Line]:
    """P4: the performance bonus of the month's review grade (payout.grade_bonus)."""
    out = []
    for sid in ctx.people:
        ms = ctx.scores.get(sid)
        if ms is not None and ms.grade is not None:
            bonus = Decimal(ctx.policy.payout.grade_bonus.get(ms.grade, ZERO))
            if bonus != 0:
                out.append(Line(sid, "grade-bonus", _("performance bonus for grade {grade} ({grade_zh})").format(
                                    grade=ms.grade, grade_zh=GRADES_ZH[ms.grade]), bonus,
                                _("composite {composite} -> {grade}: {amount}").format(composite=ms.composite, grade=ms.grade, amount=fmt(bonus)),
                                (composite_words(ms.composite),)))
    return out


def p6_titles(ctx: Context) -> list[Line]:
    """P6: the month's titles of payout.titles (period: month), each by titles.award over the month's
    figures (indicators and the review's composite) and the month's nominations, within the title's
    `within` or rules.P6.within."""
    facts = {sid: Figures(pm, ctx.scores[sid].composite if sid in ctx.scores else None) for sid, pm in ctx.people.items()}
    noms = nominations_of(ctx.records, (ctx.month,))
    within = ctx.policy.scope(ctx.rule).within or "company"
    return [x for t in ctx.policy.payout.titles if t.period == "month" for x in award(t, facts, noms, within=within)]
