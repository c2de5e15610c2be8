"""After all leads of a club: a tie for a top-three place (P1) and the monthly targets.

Both need each seller's credit per month before any engine can run, so `credit` estimates it
by the default split rules: an approximate copy of engines/split.py (S5 override shares, S1
follow-on deals to the deposit taker, S3 an outside consultant's follow-up within the window
takes 70%, S4 a friend of an outside consultant's customer halves, S2 the payer), used for
nothing else. Only totals exact to the cent are trusted for the tie.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from salesctl.demo.organisation import Club
from salesctl.demo.rules import employed
from salesctl.demo.sales import deliver
from salesctl.demo.scales import FOLLOW_UP_DAYS, month_bounds
from salesctl.domain.calendar import month_of
from salesctl.demo.state import Demo
from salesctl.money import CENT


def credit(club: Club) -> tuple[dict, dict]:
    """Approximate credit per (staff, month) by the default rules, and per (staff, month)
    whether every line is exact to the cent (so no rounding can move the total)."""
    vis_by_lead = defaultdict(list)
    channel = {p.id: p.channel for p in club.staff}
    for sid, at, e in sorted(club.visits, key=lambda v: (v[1], v[0])):
        vis_by_lead[e["lead"]].append((at, sid))
    by_id = {d["id"]: d for d in club.deals}
    totals: dict = defaultdict(Decimal)
    clean: dict = defaultdict(lambda: True)
    for deal in club.deals:
        mk = month_of(deal["signed"])
        if deal["kind"] == "refund":
            orig = by_id[deal["refund_of"]]
            ls = [(s, -a * deal["amount"] / orig["amount"]) for s, a in _lines(club, vis_by_lead, channel, orig)]
        else:
            ls = _lines(club, vis_by_lead, channel, deal)
        for s, a in ls:
            totals[(s, mk)] += a
            clean[(s, mk)] = clean[(s, mk)] and a == a.quantize(CENT)
    return totals, clean


def _lines(club: Club, vis_by_lead: dict, channel: dict, deal: dict) -> list[tuple[str, Decimal]]:
    """A deal's credit as (staff id, amount) lines."""
    lead = club.lead_by_id[deal["lead"]]
    amount = deal["amount"]
    if deal.get("credit"):
        return [(s["staff"], amount * Decimal(s["share"]) / 100) for s in deal["credit"]["shares"]]
    payer = deal["payment"]["taken_by"]
    dep = (deal.get("deposit") or {}).get("taken_by")
    if deal["kind"] in ("renewal", "transfer", "upgrade", "product"):
        return [(dep or payer, amount)]
    outs = [(at, sid) for at, sid in vis_by_lead[lead["id"]] if channel[sid] == "outside" and at.date() <= deal["signed"]]
    if channel[payer] == "inside" and not lead.get("voucher") and not lead.get("designated"):
        valid = [sid for at, sid in outs if (deal["signed"] - at.date()).days <= FOLLOW_UP_DAYS]
        if valid:
            return [(valid[-1], amount * Decimal("0.7")), (payer, amount * Decimal("0.3"))]
    ref = lead.get("referred_by")
    if ref and club.owner_channel.get(ref) == "outside" and club.lead_by_id[ref].get("owner"):
        return [(club.lead_by_id[ref]["owner"], amount / 2), (payer, amount / 2)]
    return [(payer, amount)]


def make_tie(g: Demo, club: Club) -> None:
    """A tie for a top-three place in the department (P1): from the second month on, the first
    month where second and third (or third and fourth) are close enough that a top-up sale by
    the lower closes the gap. Only totals exact to the cent qualify, so no rounding of a split
    can undo the tie."""
    rng = g.rng
    totals, exact = credit(club)
    people = [p for p in club.staff if p.dept == club.dept and p.role != "manager"]
    for mk in g.months[1:]:
        first, last = month_bounds(mk)
        ranked = sorted(people, key=lambda p: (-totals.get((p.id, mk), 0), p.id))
        for hi, lo in ((1, 2), (2, 3)):
            a, b = ranked[hi], ranked[lo]
            gap = totals[(a.id, mk)] - totals[(b.id, mk)]
            days = [d for d in b.workdays if first <= d <= last]
            customers = [lid for lid in club.won_by.get(b.id, []) if club.lead_by_id[lid]["created"].date() < first]
            if not (0 < gap <= 20000 and days and customers and exact[(a.id, mk)] and exact[(b.id, mk)]):
                continue
            day = rng.choice(days)
            deal = {"id": g.next_id("D"), "lead": rng.choice(customers), "kind": "product",
                    "product": "私教课套餐（加购）", "amount": gap, "signed": day,
                    "payment": {"date": day, "taken_by": b.id}, "profit": (gap * Decimal("0.5")).quantize(CENT)}
            deliver(g, deal, day)
            club.deals.append(deal)
            g.ties.append((mk, a.id, b.id))
            return


def set_targets(g: Demo, club: Club) -> None:
    """A monthly target per seller near what their channel sells: most sellers reach it, the
    star far above, the laggard far below (K5, P2, P3)."""
    rng = g.rng
    totals, _ = credit(club)
    sellers = [p for p in club.staff if p.role != "manager"]
    for ch in ("inside", "outside", "telesales", "outreach"):
        medians = []
        for mk in g.months:
            first, last = month_bounds(mk)
            xs = sorted(totals.get((p.id, mk), Decimal(0)) for p in sellers
                        if p.channel == ch and p.tag not in ("star", "laggard", "joiner", "leaver", "long-leave")
                        and employed(p, first) and employed(p, last))
            if xs:
                medians.append(xs[len(xs) // 2])
        base = sum(medians, Decimal(0)) / len(medians) if medians else Decimal(20000)
        for p in sellers:
            if p.channel != ch:
                continue
            f = rng.uniform(0.75, 1.0) * (1.05 if p.role == "leader" else 0.8 if p.tag == "joiner" else 1.0)
            target = max(Decimal(5000), (base * Decimal(str(round(f, 3))) / 1000).quantize(Decimal(1)) * 1000)
            for mk in g.months:
                first, last = month_bounds(mk)
                if p.joined <= last and (p.left is None or p.left >= first):
                    p.targets[mk] = target
