"""How long the split engine takes over a large month (measured, never asserted).

    python benchmarks/bench_split.py [deals_per_month]

Builds Records in memory (no files: this measures the engine, not the loader): 1,000 staff,
200,000 leads, 400,000 visits over two months, and N deals in August (default 20,000) with a
tenth refunded in September, under the default policy. Prints the time of split_month and
credited_by_staff for August and September.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal

from salesctl.engines.split import credited_by_staff, split_month
from salesctl.policy import Policy
from salesctl.records import Records
from salesctl.schema import Deal, Deposit, Lead, Payment, Staff, Visit, Voucher

TZ = dt.timezone(dt.timedelta(hours=8))


def build(n_deals: int, seed: int = 1) -> Records:
    rnd = random.Random(seed)
    staff = [Staff(id=f"S-{i}", name=f"员工{i}", channel=rnd.choice(["inside", "inside", "outside", "telesales"]),
                   joined=dt.date(2025, 1, 1)) for i in range(1000)]
    sids = [s.id for s in staff]
    leads = []
    for i in range(200_000):
        day = dt.date(2026, 7, 1) + dt.timedelta(days=rnd.randrange(62))
        leads.append(Lead(id=f"L-{i}", name=f"客户{i}", source=rnd.choice(["walk-in", "referral", "phone"]),
                          created=dt.datetime(day.year, day.month, day.day, rnd.randrange(9, 21), tzinfo=TZ),
                          owner=rnd.choice(sids), referred_by=f"L-{rnd.randrange(i)}" if i and rnd.random() < 0.1 else None,
                          voucher=Voucher(kind="campaign") if rnd.random() < 0.1 else None))
    visits = []
    for i in range(400_000):
        day = dt.date(2026, 7, 1) + dt.timedelta(days=rnd.randrange(62))
        visits.append(Visit(id=f"V-{i}", lead=f"L-{rnd.randrange(len(leads))}", staff=rnd.choice(sids), kind="call",
                            at=dt.datetime(day.year, day.month, day.day, rnd.randrange(9, 21), tzinfo=TZ)))
    deals = []
    for i in range(n_deals):
        signed = dt.date(2026, 8, 1) + dt.timedelta(days=rnd.randrange(31))
        kind = rnd.choice(["new", "new", "new", "renewal", "product"])
        taker = rnd.choice(sids)
        deals.append(Deal(id=f"D-{i}", lead=f"L-{rnd.randrange(len(leads))}", kind=kind, signed=signed,
                          amount=Decimal(rnd.randrange(1, 10**6)) / 100, payment=Payment(date=signed, taken_by=taker),
                          deposit=Deposit(amount=Decimal(100), date=signed, taken_by=rnd.choice(sids)) if kind != "new" else None))
    for d in deals[: n_deals // 10]:
        deals.append(Deal(id=f"R-{d.id}", lead=d.lead, kind="refund", refund_of=d.id, amount=d.amount, signed=dt.date(2026, 9, 5)))
    return Records(Policy(), staff=staff, leads=leads, deals=deals, visits=visits)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    t0 = time.perf_counter()
    r = build(n)
    t1 = time.perf_counter()
    print(f"built {len(r.deals):,} deals, {len(r.leads):,} leads, {len(r.visits):,} visits in {t1 - t0:.1f}s")
    for month in ("2026-08", "2026-09"):
        t = time.perf_counter()
        splits = split_month(r, month)
        t2 = time.perf_counter()
        by = credited_by_staff(r, month)
        t3 = time.perf_counter()
        rules = {}
        for ds in splits:
            rules[ds.rule] = rules.get(ds.rule, 0) + 1
        print(f"{month}: split_month {len(splits):,} deals in {t2 - t:.2f}s ({dict(sorted(rules.items()))}); "
              f"credited_by_staff again (memoised) {t3 - t2:.3f}s for {len(by):,} people")


if __name__ == "__main__":
    main()
