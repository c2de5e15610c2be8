"""Property tests of the split engine over random organisations, deals and rule lists (S1-S5)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesctl.domain.deals import pending
from salesctl.engines.split import credited_by_staff, match_rule, split_month
from salesctl.policy import Policy
from salesctl.policy.split import ROLES, Rule, RuleShare, Split, When, default_rules
from salesctl.records import Records
from salesctl.schema import Credit, Deal, Deposit, Lead, Payment, Share, Staff, Visit, Voucher

TZ = dt.timezone(dt.timedelta(hours=8))
CHANNELS = ("inside", "outside", "telesales", "outreach")
KINDS = ("new", "renewal", "transfer", "upgrade", "product", "adjustment")
SOURCES = ("walk-in", "referral", "phone")
VISIT_KINDS = ("call", "visit", "message", "complaint")
AUG = dt.date(2026, 8, 1)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ----------------------------------------------------------------------------- strategies
def percents(n: int):
    """n exact percents (hundredths) adding up to 100; often round tens, which make ties of cents."""
    cut = st.one_of(st.integers(0, 10).map(lambda x: x * 1000), st.integers(0, 10000))
    return st.lists(cut, min_size=n - 1, max_size=n - 1).map(
        lambda cuts: [Decimal(b - a) / 100 for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 10000])])


@st.composite
def rules(draw, staff_ids):
    who = st.sampled_from(ROLES + tuple(staff_ids))
    out = []
    for i in range(draw(st.integers(0, 4))):
        n = draw(st.integers(1, 3))
        pcts = draw(percents(n))
        shares = tuple(RuleShare(to=draw(st.one_of(who, st.lists(who, min_size=1, max_size=2).map(tuple))), share=p)
                       for p in pcts)
        if sum(pcts) != 100:
            continue
        # most conditions absent, so that random rules match now and then
        opt_bool = st.sampled_from([None, None, None, None, True, False])
        some = lambda xs: st.sampled_from([(), (), (), (), (), (), *[(x,) for x in xs], tuple(xs[:2])])
        when = When(
            kinds=draw(some(KINDS)),
            sources=draw(some(SOURCES)),
            voucher=draw(some(("none", "campaign", "consultant"))),
            designated=draw(opt_bool),
            deposit=draw(opt_bool),
            referred=draw(opt_bool),
            referrer_owner_channels=draw(some(CHANNELS)),
            owner_channels=draw(some(CHANNELS)) if draw(st.booleans()) else (),
            payment_taker_channels=draw(some(CHANNELS)),
            follow_up_channels=draw(some(CHANNELS)),
        )
        out.append(Rule(name=f"r{i}", rule=draw(st.sampled_from(["S1", "S2", "S3", "S4", "X"])), when=when, shares=shares))
    if draw(st.booleans()):
        out += [Rule(name=f"d-{r.name}", rule=r.rule, when=r.when, shares=r.shares) for r in default_rules()]
    return tuple(out)


def when_in(draw, first: dt.date, days: int) -> dt.datetime:
    d = first + dt.timedelta(days=draw(st.integers(0, days - 1)))
    return dt.datetime(d.year, d.month, d.day, draw(st.integers(0, 23)), draw(st.sampled_from([0, 30])), tzinfo=TZ)


@st.composite
def organisations(draw):
    """(records of July-August, extra records dated September or later)."""
    n_staff = draw(st.integers(2, 6))
    staff = []
    for i in range(1, n_staff + 1):
        left = draw(st.dates(dt.date(2026, 7, 1), dt.date(2026, 9, 30))) if draw(st.integers(0, 3)) == 0 else None
        staff.append(Staff(id=f"S-{i}", name=f"员工{i}", channel=draw(st.sampled_from(CHANNELS)),
                           joined=dt.date(2025, 1, 1), left=left, status="left" if left else "active"))
    sids = [s.id for s in staff]
    person = st.sampled_from(sids)
    leads = []
    n_leads = draw(st.integers(1, 5))
    for i in range(1, n_leads + 1):
        voucher = draw(st.sampled_from([None, "campaign", "consultant"]))
        leads.append(Lead(
            id=f"L-{i}", name=f"客户{i}", source=draw(st.sampled_from(SOURCES)),
            created=when_in(draw, dt.date(2026, 7, 1), 62),
            owner=draw(st.one_of(st.none(), person)),
            designated=draw(st.one_of(st.none(), person)),
            voucher=Voucher(kind=voucher, staff=draw(person) if voucher == "consultant" else None) if voucher else None,
            referred_by=draw(st.one_of(st.none(), st.sampled_from([f"L-{j}" for j in range(1, n_leads + 1) if j != i] or [None]))),
        ))
    lead_ids = [x.id for x in leads]
    visits = [Visit(id=f"V-{i}", lead=draw(st.sampled_from(lead_ids)), staff=draw(person),
                    at=when_in(draw, dt.date(2026, 7, 1), 62), kind=draw(st.sampled_from(VISIT_KINDS)))
              for i in range(draw(st.integers(0, 8)))]
    deals = []
    for i in range(1, draw(st.integers(1, 6)) + 1):
        kind = draw(st.sampled_from(KINDS))
        cents = draw(st.one_of(st.integers(0, 100), st.integers(-10**7 if kind == "adjustment" else 0, 10**7)))
        signed = AUG + dt.timedelta(days=draw(st.integers(0, 30)))
        credit = None
        if draw(st.integers(0, 5)) == 0:
            n = draw(st.integers(1, 3))
            credit = Credit(by=sids[0], why="test", shares=tuple(
                Share(staff=draw(person), share=p) for p in draw(percents(n))))
        deals.append(Deal(
            id=f"D-{i}", lead=draw(st.sampled_from(lead_ids)), kind=kind, amount=Decimal(cents) / 100, signed=signed,
            deposit=Deposit(amount=Decimal(1), date=signed, taken_by=draw(person)) if draw(st.booleans()) else None,
            payment=Payment(date=signed, taken_by=draw(person)) if draw(st.integers(0, 4)) else None,
            credit=credit,
        ))
    policy = Policy(split=Split(follow_up_days=draw(st.integers(0, 40)), rules=draw(rules(sids)),
                                credit_when_paid=draw(st.booleans())))
    base = dict(policy=policy, staff=staff, leads=leads, deals=deals, visits=visits)

    # later: refunds (September: whole, or in two parts), deals, visits, leads, staff
    later_deals = []
    for d in deals:
        if d.kind != "adjustment" and d.amount > 0 and draw(st.booleans()):
            part = Decimal(draw(st.integers(0, int(d.amount * 100)))) / 100 if draw(st.booleans()) else d.amount
            for j, amt in enumerate([part, d.amount - part] if part != d.amount else [part]):
                later_deals.append(Deal(id=f"R-{d.id}-{j}", lead=d.lead, kind="refund", refund_of=d.id, amount=amt,
                                        signed=dt.date(2026, 9, 1 + j * 10)))
    for i in range(draw(st.integers(0, 3))):
        later_deals.append(Deal(id=f"D-9{i}", lead=draw(st.sampled_from(lead_ids)), amount=Decimal(draw(st.integers(0, 10**6))) / 100,
                                signed=dt.date(2026, 9, draw(st.integers(1, 30))), payment=Payment(date=dt.date(2026, 9, 1), taken_by=draw(person))))
    later_visits = [Visit(id=f"V-9{i}", lead=draw(st.sampled_from(lead_ids)), staff=draw(person),
                          at=when_in(draw, dt.date(2026, 9, 1), 30), kind="call") for i in range(draw(st.integers(0, 4)))]
    later_leads = [Lead(id=f"L-9{i}", name="新客", source="walk-in", created=when_in(draw, dt.date(2026, 9, 1), 30),
                        owner=draw(person), referred_by=draw(st.sampled_from(lead_ids))) for i in range(draw(st.integers(0, 2)))]
    later_staff = [Staff(id="S-99", name="新人", channel="outside", joined=dt.date(2026, 9, 1))] if draw(st.booleans()) else []
    later = dict(staff=later_staff, leads=later_leads, deals=later_deals, visits=later_visits)
    return base, later


def build(base, later=None):
    later = later or {}
    return Records(base["policy"], staff=[*base["staff"], *later.get("staff", ())], leads=[*base["leads"], *later.get("leads", ())],
                   deals=[*base["deals"], *later.get("deals", ())], visits=[*base["visits"], *later.get("visits", ())])


def all_splits(records):
    return [ds for m in sorted(records.deals_by_month) for ds in split_month(records, m)]


# ----------------------------------------------------------------------------- properties
@SETTINGS
@given(organisations())
def test_parts_add_up_to_the_deal_and_shares_are_percents(org):
    base, later = org
    r = build(base, later)
    for ds in all_splits(r):
        if not ds.lines:
            # a problem, or a deposit not yet paid (split.credit_when_paid) and its refunds: nothing credited
            assert ds.problem or (ds.amount == 0 and r.policy.split.credit_when_paid), ds
            continue
        assert sum(ln.amount for ln in ds.lines) == ds.amount
        assert ds.amount == (-ds.deal.amount if ds.deal.kind == "refund" else ds.deal.amount)
        assert all(Decimal(0) <= ln.share <= 100 for ln in ds.lines)
        assert sum(ln.share for ln in ds.lines) == 100
        assert all(ln.amount == ln.amount.quantize(Decimal("0.01")) for ln in ds.lines)
        assert len({ln.staff for ln in ds.lines}) == len(ds.lines)  # one line per person
        assert all(ln.month == ds.deal.signed.strftime("%Y-%m") for ln in ds.lines)
    for month in r.deals_by_month:
        by = defaultdict(Decimal)
        for ds in split_month(r, month):
            for ln in ds.lines:
                by[ln.staff] += ln.amount
        assert credited_by_staff(r, month) == {k: by[k] for k in sorted(by)}


@SETTINGS
@given(organisations())
def test_a_deal_and_its_refunds_net_to_zero_per_person(org):
    base, later = org
    r = build(base, later)
    net = defaultdict(lambda: defaultdict(Decimal))
    splits = {ds.deal.id: ds for ds in all_splits(r)}
    for ds in splits.values():
        orig = ds.refund_of or ds.deal.id
        for ln in ds.lines:
            net[orig][ln.staff] += ln.amount
    for d in r.deals.values():
        refunds = [x for x in r.deals.values() if x.refund_of == d.id]
        if not refunds or splits[d.id].problem or pending(d, r.policy.split.credit_when_paid):
            continue
        assert sum(x.amount for x in refunds) == d.amount  # the strategy refunds every refunded deal fully
        assert all(splits[x.id].lines for x in refunds)
        assert all(v == 0 for v in net[d.id].values()), (d.id, dict(net[d.id]))


@SETTINGS
@given(organisations())
def test_records_dated_after_a_month_never_change_it(org):
    base, later = org

    def key(records, month):
        return [(ds.deal.id, ds.lines, ds.rule, ds.rule_name, ds.trace, ds.problem) for ds in split_month(records, month)]

    before, after = build(base), build(base, later)
    for month in ("2026-07", "2026-08"):
        assert key(before, month) == key(after, month)
        assert credited_by_staff(before, month) == credited_by_staff(after, month)


@SETTINGS
@given(organisations())
def test_rule_order_is_respected(org):
    base, later = org
    r = build(base, later)
    rules = r.policy.split.rules
    for ds in all_splits(r):
        d = ds.deal
        if d.credit is not None or d.kind == "refund" or pending(d, r.policy.split.credit_when_paid):
            continue
        if ds.matched is None:
            assert ds.problem and not ds.lines
            assert not any(match_rule(r, d, rule).ok for rule in rules)
            continue
        k = ds.matched
        assert match_rule(r, d, rules[k]).ok
        assert not any(match_rule(r, d, rules[j]).ok for j in range(k))
        assert ds.rule == rules[k].rule and ds.rule_name == rules[k].name
        assert len(ds.trace) == k + 1


@SETTINGS
@given(cents=st.integers(0, 10**5), n=st.integers(1, 4), data=st.data())
def test_refunds_in_any_number_of_parts_net_to_zero(cents, n, data):
    """A deal split over up to four people, refunded in up to four parts: each person nets to zero."""
    pcts = data.draw(percents(n))
    rule = Rule(name="named", rule="X", shares=tuple(RuleShare(to=f"S-{i + 1}", share=p) for i, p in enumerate(pcts)))
    staff = [Staff(id=f"S-{i + 1}", name="x", channel="inside", joined=dt.date(2025, 1, 1)) for i in range(n)]
    amount = Decimal(cents) / 100
    cuts = sorted(data.draw(st.lists(st.integers(0, cents), max_size=3)))
    parts = [Decimal(b - a) / 100 for a, b in zip([0, *cuts], [*cuts, cents])]
    lead = Lead(id="L-1", name="x", source="walk-in", created=dt.datetime(2026, 8, 1, tzinfo=TZ))
    deals = [Deal(id="D-1", lead="L-1", amount=amount, signed=AUG)]
    deals += [Deal(id=f"R-{i}", lead="L-1", kind="refund", refund_of="D-1", amount=p, signed=dt.date(2026, 9, 1 + i))
              for i, p in enumerate(parts)]
    r = Records(Policy(split=Split(rules=(rule,))), staff=staff, leads=[lead], deals=deals)
    net = defaultdict(Decimal)
    for month in ("2026-08", "2026-09"):
        for ds in split_month(r, month):
            assert sum(ln.amount for ln in ds.lines) == ds.amount
            for ln in ds.lines:
                net[ln.staff] += ln.amount
    assert set(net.values()) <= {Decimal(0)}
