"""Property tests of payouts: the top three's bonuses always add up to the policy's total however
people tie; commission is monotone; records dated after a month never change it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesctl.engines.payout import payout_month
from salesctl.engines.payout.awards import commission, top_places
from salesctl.engines.score import score_month
from salesctl.policy import Policy
from salesctl.policy.rules import RuleScope
from salesctl.policy.payout import Payout, Tier
from salesctl.records import Records
from salesctl.schema import (Activity, Attendance, Deal, Lead, Leave, Payment, PeerRating, Review, Staff, Team,
                             Visit)

TZ = dt.timezone(dt.timedelta(hours=8))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CENT = Decimal("0.01")

money = st.integers(0, 10**7).map(lambda c: Decimal(c) / 100)


# ----------------------------------------------------------------------------- top three
@st.composite
def sales_with_ties(draw):
    """{staff: credited sales}, drawn from few distinct values so that ties are common."""
    levels = draw(st.lists(st.integers(-3, 6).map(lambda x: Decimal(x * 1000)), min_size=1, max_size=4))
    n = draw(st.integers(0, 9))
    return {f"S-{i}": draw(st.sampled_from(levels)) for i in range(n)}


amounts_st = st.lists(st.integers(0, 500000).map(lambda c: Decimal(c) / 100), min_size=1, max_size=5)


@SETTINGS
@given(sales_with_ties(), amounts_st)
def test_top_places_add_up_to_the_places_filled(sales, amounts):
    got = top_places(sales, amounts)
    sellers = [k for k, v in sales.items() if v > 0]
    total = sum(a for a, _, _ in got.values())
    # every place 1..n is filled when there are n sellers or more: the whole policy total
    assert total == sum(amounts[:min(len(sellers), len(amounts))], Decimal(0))
    if len(sellers) >= len(amounts):
        assert total == sum(amounts)
    assert set(got) <= set(sellers)
    for k, (a, places, _) in got.items():
        assert a >= 0 and a == a.quantize(CENT)
        # same sales, same places, bonuses within a cent of each other
        for k2, (a2, places2, _) in got.items():
            if sales[k] == sales[k2]:
                assert places == places2 and abs(a - a2) <= CENT
    # nobody outside the places has more than someone inside
    if got:
        lowest_in = min(sales[k] for k in got)
        assert all(sales[k] < lowest_in or k in got for k in sellers)


@SETTINGS
@given(sales_with_ties())
def test_top_three_default_amounts_are_monotone(sales):
    got = top_places(sales, [Decimal(2000), Decimal(1000), Decimal(500)])
    for a in got:
        for b in got:
            if sales[a] > sales[b]:
                assert got[a][0] >= got[b][0]


@SETTINGS
@given(money, money.filter(lambda t: t > 0), st.sampled_from(["marginal", "flat"]))
def test_commission_is_never_negative_and_grows_with_sales(sales, target, mode):
    tiers = (Tier(from_=Decimal(100), rate=Decimal(3)), Tier(from_=Decimal(120), rate=Decimal(5)))
    c, _ = commission(sales, target, tiers, mode)
    c2, _ = commission(sales + Decimal("100.00"), target, tiers, mode)
    assert c >= 0 and c == c.quantize(CENT)
    assert c2 >= c
    if sales <= target:
        assert c == 0
    if mode == "marginal":  # marginal never pays more than the top rate on the excess
        assert c <= (max(sales - target, Decimal(0)) * Decimal("0.05")).quantize(CENT) + CENT


# ----------------------------------------------------------------------------- random organisations
def at(draw, first: dt.date, ndays: int) -> dt.datetime:
    d = first + dt.timedelta(days=draw(st.integers(0, ndays - 1)))
    return dt.datetime(d.year, d.month, d.day, draw(st.integers(8, 21)), draw(st.sampled_from([0, 15, 30, 45])), tzinfo=TZ)


def day(draw, first: dt.date, ndays: int) -> dt.date:
    return first + dt.timedelta(days=draw(st.integers(0, ndays - 1)))


JUL = dt.date(2026, 7, 1)
SEP = dt.date(2026, 9, 1)


@st.composite
def organisations(draw):
    """(records of July and August, records dated September or later)."""
    teams = [Team(id="T-1", name="一组", department="会籍部", leader="S-1"),
             Team(id="T-2", name="二组", department="会籍部"), Team(id="T-3", name="电销", department="电销部")]
    n = draw(st.integers(2, 7))
    staff = []
    for i in range(1, n + 1):
        joined = draw(st.sampled_from([dt.date(2025, 1, 1), dt.date(2026, 7, 15), dt.date(2026, 8, 10)]))
        left = draw(st.sampled_from([None, None, dt.date(2026, 8, 20)]))
        targets = {m: draw(st.sampled_from([Decimal(10000), Decimal(20000), Decimal("33333.33")]))
                   for m in ("2026-06", "2026-07", "2026-08", "2026-09") if draw(st.booleans())}
        leave = (Leave(start=dt.date(2026, 8, 3), end=dt.date(2026, 8, 31)),) if draw(st.integers(0, 5)) == 0 else ()
        staff.append(Staff(id=f"S-{i}", name=f"员工{i}", team=draw(st.sampled_from(["T-1", "T-2", "T-3"])),
                           role=draw(st.sampled_from(["member", "member", "leader"])),
                           channel=draw(st.sampled_from(["inside", "outside", "telesales", "outreach"])),
                           joined=joined, left=left, status="left" if left else "active", targets=targets, leave=leave))
    sids = [s.id for s in staff]
    person = st.sampled_from(sids)
    leads = [Lead(id=f"L-{i}", name=f"客户{i}", source=draw(st.sampled_from(["walk-in", "phone", "referral"])),
                  created=at(draw, JUL, 62), submitted_by=draw(st.one_of(st.none(), person)),
                  company=draw(st.sampled_from([None, "某公司"])),
                  referred_by=f"L-{i - 1}" if i > 1 and draw(st.booleans()) else None)
             for i in range(1, draw(st.integers(1, 6)) + 1)]
    lead_ids = [x.id for x in leads]
    kinds = ["call", "visit", "tour", "return-visit", "need-confirmed", "quote", "complaint"]

    def visit(i, first, ndays):
        when = at(draw, first, ndays)
        kind = draw(st.sampled_from(kinds))
        answered = when + dt.timedelta(hours=draw(st.integers(1, 60))) if kind == "complaint" and draw(st.booleans()) else None
        return Visit(id=f"V-{first.month}-{i}", lead=draw(st.sampled_from(lead_ids)), staff=draw(person), at=when, kind=kind,
                     rating=draw(st.one_of(st.none(), st.integers(1, 5))), answered=answered,
                     summary=draw(st.sampled_from([None, "总结"])))

    visits = [visit(i, JUL, 62) for i in range(draw(st.integers(0, 12)))]

    def deal(i, first, ndays):
        signed = day(draw, first, ndays)
        return Deal(id=f"D-{first.month}-{i}", lead=draw(st.sampled_from(lead_ids)),
                    kind=draw(st.sampled_from(["new", "new", "renewal", "product"])), amount=draw(money), signed=signed,
                    payment=Payment(date=signed, taken_by=draw(person)),
                    delivered=draw(st.one_of(st.none(), st.just(signed + dt.timedelta(days=draw(st.integers(0, 6)))))),
                    profit=draw(st.one_of(st.none(), money)))

    deals = [deal(i, JUL, 62) for i in range(draw(st.integers(0, 8)))]

    def attendance(first, ndays):
        out = {}
        for _ in range(draw(st.integers(0, 6))):
            d = day(draw, first, ndays)
            sid = draw(person)
            out[(sid, d)] = Attendance(date=d, staff=sid, late_minutes=draw(st.sampled_from([0, 5, 15, 16, 40])),
                                       early_minutes=draw(st.sampled_from([0, 0, 10, 20])),
                                       absent=draw(st.sampled_from([None, None, "half", "full"])))
        return list(out.values())

    att = attendance(JUL, 62)
    acts = {}
    for _ in range(draw(st.integers(0, 4))):
        d, sid = day(draw, JUL, 62), draw(person)
        acts[(sid, d)] = Activity(date=d, staff=sid, calls=draw(st.integers(0, 200)), effective=draw(st.integers(0, 80)),
                                  intention=draw(st.integers(0, 20)), orders=draw(st.integers(0, 5)))
    reviews = {}
    for _ in range(draw(st.integers(0, 4))):
        sid, month = draw(person), draw(st.sampled_from(["2026-07", "2026-08"]))
        score = st.one_of(st.none(), st.floats(0, 100))
        reviews[(sid, month)] = Review(staff=sid, month=month, self_rating=draw(score), leader_rating=draw(score),
                                       training_score=draw(score),
                                       peers=tuple(PeerRating(by=draw(person), teamwork=draw(score), sharing=draw(score))
                                                   for _ in range(draw(st.integers(0, 2)))))
    top3 = tuple(draw(st.lists(st.integers(0, 300000).map(lambda c: Decimal(c) / 100), min_size=1, max_size=4)))
    within = draw(st.sampled_from(["company", "department"]))
    policy = Policy(rules={"P1": RuleScope(roles=("leader", "deputy", "member"), within=within)}, payout=Payout(top3=top3, team_streak_months=draw(st.integers(1, 3)),
                                  dept_streak_months=draw(st.integers(1, 3)), missed_months=draw(st.integers(1, 3)),
                                  deductions_limited_to_bonus=draw(st.booleans())))
    base = dict(policy=policy, teams=teams, staff=staff, leads=leads, deals=deals, visits=visits, attendance=att,
                activity=list(acts.values()), reviews=list(reviews.values()))

    # later: deals (and a refund of an earlier one), visits, leads, attendance, activity, reviews dated September
    later_deals = [deal(i, SEP, 30) for i in range(draw(st.integers(0, 3)))]
    if deals and draw(st.booleans()):
        d = draw(st.sampled_from(deals))
        later_deals.append(Deal(id="R-1", lead=d.lead, kind="refund", refund_of=d.id, amount=d.amount, signed=SEP,
                                payment=Payment(date=SEP, taken_by=draw(person))))
    later = dict(
        deals=later_deals,
        visits=[visit(i, SEP, 30) for i in range(draw(st.integers(0, 5)))],
        leads=[Lead(id=f"L-9{i}", name="新客", source="walk-in", created=at(draw, SEP, 30), submitted_by=draw(person),
                    referred_by=draw(st.sampled_from(lead_ids))) for i in range(draw(st.integers(0, 3)))],
        attendance=[a for a in attendance(SEP, 30)],
        activity=[Activity(date=SEP, staff=draw(person), calls=50, effective=10)] if draw(st.booleans()) else [],
        reviews=[Review(staff=draw(person), month="2026-09", self_rating=10.0)] if draw(st.booleans()) else [],
    )
    return base, later


def build(base, later=None):
    later = later or {}
    kw = {k: [*base.get(k, ()), *later.get(k, ())] for k in ("teams", "staff", "leads", "deals", "visits", "attendance",
                                                             "activity", "reviews")}
    return Records(base["policy"], **kw)


@SETTINGS
@given(organisations())
def test_records_dated_after_a_month_never_change_it(org):
    base, later = org
    before, after = build(base), build(base, later)
    for month in ("2026-07", "2026-08"):
        a, b = payout_month(before, month), payout_month(after, month)
        assert a.lines == b.lines
        assert [(m.staff, m.items, m.composite, m.grade, m.team_rank, m.dept_rank) for m in score_month(before, month)] == \
               [(m.staff, m.items, m.composite, m.grade, m.team_rank, m.dept_rank) for m in score_month(after, month)]


@SETTINGS
@given(organisations())
def test_top_three_pays_the_policy_total_and_lines_are_exact(org):
    base, _ = org
    r = build(base)
    for month in ("2026-07", "2026-08"):
        mp = payout_month(r, month)
        top = [x for x in mp.lines if x.code == "top3"]
        sellers = [pm for pm in mp.people.values() if pm.sales > 0]
        amounts = list(r.policy.payout.top3)
        if r.policy.scope("P1").within == "company":
            assert sum(x.amount for x in top) == sum(amounts[:min(len(sellers), len(amounts))], Decimal(0))
        for x in mp.lines:
            assert x.amount == x.amount.quantize(CENT)
            assert x.kind in ("bonus", "title", "deduction", "adjustment", "report", "flag")
            if x.kind in ("flag", "report"):
                assert x.amount == 0
            if x.kind == "deduction":
                assert x.amount <= 0
        # the same question, the same answer (a fresh Records: no cache shared)
        assert payout_month(build(base), month).lines == mp.lines
