"""Deals and what follows a sale: new deals (T4 reports, deposits), deliveries (T2), refunds,
renewals, transfers, upgrades and product sales by deposit (S1), return visits (K8, K5) and
complaints (T3).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.demo.leads import contact, holder
from salesctl.demo.organisation import Person
from salesctl.demo.rules import works
from salesctl.demo.scales import (AS_OF, AS_OF_DATE, COMPLAINT_HOURS, DAY, DELIVERY_DAYS, REPORT_THRESHOLD,
                                  month_bounds)
from salesctl.domain.calendar import month_of
from salesctl.demo.state import Demo
from salesctl.demo.vocabulary import CARD_WEIGHTS, CARDS, DISCOUNTS, PRODUCTS, RENEWALS, UPGRADES
from salesctl.money import CENT


def new_deal(g: Demo, lead: dict, seller: Person, at: dt.datetime, style: str, deposit_at: dt.datetime | None = None) -> dict:
    """The sale of the lead by `seller` at `at`: the lead is won; delivery and a refund may follow."""
    rng = g.rng
    signed = at.date()
    reported = None
    if style == "outreach":
        product, amount, margin, reported = _company_sale(g, lead, seller, signed)
    else:
        product, amount, margin = _card_sale(g, seller, style)
    deposit = None
    if style != "tele" and amount >= 3000 and deposit_at is not None and rng.random() < 0.25 and deposit_at.date() < signed:
        deposit = {"amount": Decimal(rng.choice((500, 1000, 2000))), "date": deposit_at.date(), "taken_by": seller.id}
    deal = {"id": g.next_id("D"), "lead": lead["id"], "kind": "new", "product": product, "amount": amount,
            "signed": signed, "deposit": deposit, "payment": {"date": signed, "taken_by": seller.id},
            "profit": (amount * Decimal(str(round(margin, 2)))).quantize(CENT)}
    deliver(g, deal, signed)
    deal["reported"] = reported
    if style == "outreach":   # T6: the negotiation reported to the team head and the contract reviewed before signing
        head = seller.team.leader if seller.team.leader is not seller else g.club.manager
        deal["negotiation_reported"] = {"to": head.id, "at": signed - DAY * 3}
        deal["contract_reviewed"] = {"by": head.id, "at": signed - DAY}
    g.club.deals.append(deal)
    lead["status"] = "won"
    lead["grade"] = lead.get("grade") or rng.choices(("important", "general", "potential"), weights=(2, 5, 2))[0]
    g.club.won_by[seller.id].append(lead["id"])
    maybe_refund(g, deal)
    return deal


def _company_sale(g: Demo, lead: dict, seller: Person, signed: dt.date) -> tuple:
    """A company card (企业团卡): (product, amount, margin, report to a leader or None) (T4)."""
    rng = g.rng
    reported = None
    big = g.need("T4-reported") or g.need("T4-unreported") or rng.random() < 0.08
    heads = rng.randint(46, 70) if big else rng.randint(8, 42)
    amount = Decimal(heads) * Decimal(rng.choice((1980, 2180, 2280, 2380)))
    if rng.random() < 0.3:
        amount = (amount * rng.choice(DISCOUNTS)).quantize(CENT)
    margin = rng.uniform(0.45, 0.6)
    lead["notes"] = f"企业团卡 {heads} 人"
    if amount >= REPORT_THRESHOLD:
        if (g.need("T4-unreported") and not g.need("T4-reported")) or rng.random() < 0.15:
            g.got("T4-unreported")
        else:
            to = seller.team.leader if seller.team.leader is not seller else g.club.manager
            reported = {"to": to.id, "at": signed + DAY * rng.randint(0, 1)}
            g.got("T4-reported")
    return "企业团卡", amount, margin, reported


def _card_sale(g: Demo, seller: Person, style: str) -> tuple:
    """A card or course: (product, amount, margin), the mix by the seller's kind."""
    rng = g.rng
    mix = "tele" if style == "tele" else "star" if seller.tag == "star" else "low" if seller.tag == "laggard" else "normal"
    product, price, margin = rng.choices(CARDS, weights=CARD_WEIGHTS[mix])[0]
    amount = Decimal(price)
    if rng.random() < 0.3:
        amount = (amount * rng.choice(DISCOUNTS)).quantize(CENT)
    return product, amount, margin


def deliver(g: Demo, deal: dict, signed: dt.date) -> None:
    """The delivery date, late now and then (T2); none when it is after the demo's today."""
    rng = g.rng
    late = g.need("T2-late", month_of(signed)) or rng.random() < 0.08
    days = rng.randint(DELIVERY_DAYS + 1, DELIVERY_DAYS + 9) if late else rng.randint(0, DELIVERY_DAYS - 1)
    delivered = signed + DAY * days
    if delivered <= AS_OF_DATE:
        deal["delivered"] = delivered
        if late:
            g.got("T2-late", month_of(signed))


def maybe_refund(g: Demo, deal: dict) -> None:
    """Now and then (and once in every club) a full or partial refund in a later month."""
    rng = g.rng
    signed = deal["signed"]
    first_next = month_bounds(month_of(signed))[1] + DAY
    day = max(first_next, signed + DAY * 6) + DAY * rng.randint(0, 9)
    if day > AS_OF_DATE or not (g.need("refund") or rng.random() < 0.012):
        return
    full = rng.random() < 0.4
    amount = deal["amount"] if full else (deal["amount"] * Decimal(str(rng.choice((0.3, 0.5, 0.6, 0.75))))).quantize(CENT)
    g.club.deals.append({
        "id": g.next_id("D"), "lead": deal["lead"], "kind": "refund", "product": deal["product"], "amount": amount,
        "signed": day, "refund_of": deal["id"],
        "notes": rng.choice(("客户搬家，全额退款", "未开卡，全额退款", "体验不满意，经理批准全额退款") if full else
                            ("客户搬家，按剩余期限退款", "身体原因无法继续训练，按剩余期限退款", "工作调动，协商部分退款")),
    })
    g.got("refund")


def follow_on(g: Demo, lead: dict, owner: Person, kind: str, day: dt.date, split_takers: bool = False) -> dict | None:
    """A renewal, transfer, upgrade or product sale credited by the deposit (S1). The payment is
    taken by a consultant on post on the day; the deposit earlier by the owner or another (by
    another than the payer when `split_takers`)."""
    club = g.club
    product, amount = _follow_on_product(g, kind)
    inside = [p for t in club.inside_teams for p in t.members if p.tag != "laggard" or p is owner]
    paid = _payment(g, inside, owner, day)
    if paid is None:
        return None
    pay_day, payer = paid
    deposit = _deposit(g, inside, owner, payer, pay_day, amount, split_takers)
    if split_takers and deposit is None:
        return None
    deal = {"id": g.next_id("D"), "lead": lead["id"], "kind": kind, "product": product, "amount": amount,
            "signed": pay_day, "deposit": deposit, "payment": {"date": pay_day, "taken_by": payer.id},
            "profit": (amount * Decimal("0.6")).quantize(CENT)}
    deliver(g, deal, pay_day)
    club.deals.append(deal)
    return deal


def _follow_on_product(g: Demo, kind: str) -> tuple[str, Decimal]:
    rng = g.rng
    if kind == "renewal":
        product, price, f = rng.choice(RENEWALS)
        return product, (Decimal(price) * Decimal(f)).quantize(CENT)
    if kind == "upgrade":
        product, price = rng.choice(UPGRADES)
        return product, Decimal(price)
    if kind == "transfer":
        return "转卡（含补差价）", Decimal(rng.choice((800, 1200, 1500)))
    product, price = rng.choice(PRODUCTS)
    return product, Decimal(price)


def _payment(g: Demo, inside: list, owner: Person, day: dt.date) -> tuple[dt.date, Person] | None:
    """The first day within ten from `day` with a consultant at work, and who takes the payment."""
    rng = g.rng
    for k in range(10):
        d = day + DAY * k
        if d > AS_OF_DATE:
            return None
        on = [p for p in inside if works(p, d)]
        if on:
            return d, owner if owner in on and rng.random() < 0.5 else rng.choice(on)
    return None


def _deposit(g: Demo, inside: list, owner: Person, payer: Person, pay_day: dt.date, amount: Decimal,
             split_takers: bool) -> dict | None:
    rng = g.rng
    if not (split_takers or rng.random() < 0.7):
        return None
    dep_day = pay_day - DAY * rng.randint(1, 7)
    cands = [p for p in inside if works(p, dep_day) and (not split_takers or p is not payer)]
    if owner in cands and owner.channel == "inside" and rng.random() < 0.6:
        taker = owner
    elif cands:
        taker = rng.choice(cands)
    else:
        taker = None
    if taker is not None and dep_day >= g.start:
        return {"amount": min(amount, Decimal(rng.choice((200, 500, 1000)))), "date": dep_day, "taken_by": taker.id}
    return None


def aftercare(g: Demo, lead: dict, p: Person, signed: dt.date) -> None:
    """Return visits after a sale (K8), satisfaction (K5), now and then a complaint (T3)."""
    rng = g.rng
    d = signed + DAY * rng.randint(5, 18)
    while d <= AS_OF_DATE:
        p = holder(g, lead, p, d)
        at = contact(g, lead, p, d, "return-visit", rate=0.6, next_days=rng.randint(25, 35))
        if at is None:
            break
        if rng.random() < 0.05 or (g.need("complaint", month_of(at.date())) and rng.random() < 0.3):
            complaint(g, lead, p, at.date() + DAY * rng.randint(1, 6))
        if rng.random() > 0.5:
            break
        d = at.date() + DAY * rng.randint(24, 40)


COMPLAINT_CATEGORIES = ("服务", "设施", "价格", "课程")   # T3 the complaint analysis of 003 (对客户投诉进行分析总结)


def complaint(g: Demo, lead: dict, p: Person, day: dt.date) -> None:
    """A complaint, answered within the limit or late (T3)."""
    rng = g.rng
    at = contact(g, lead, p, day, "complaint", rate=0.5)
    if at is None:
        return
    entry = g.club.visits[-1][2]
    late = g.need("T3-late") or rng.random() < 0.15
    hours = rng.randint(COMPLAINT_HOURS + 2, COMPLAINT_HOURS * 2 + 12) if late else rng.randint(1, COMPLAINT_HOURS - 4)
    answered = at + dt.timedelta(hours=hours, minutes=rng.randint(0, 50))
    if answered <= AS_OF:
        entry["answered"] = answered
        if late:
            g.got("T3-late")
    entry["responsible"] = p.id
    entry["category"] = COMPLAINT_CATEGORIES[int(at.timestamp()) // 60 % len(COMPLAINT_CATEGORIES)]
    resolved = answered + dt.timedelta(days=2)   # no new random draw: the rest of the demo stays as it was
    if not late and resolved <= AS_OF:
        entry["resolved"] = resolved   # an answered-late complaint stays open: T3's unresolved flag
    g.got("complaint", month_of(at.date()))
