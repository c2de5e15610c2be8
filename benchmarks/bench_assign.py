"""Benchmark: assign 10,000 pool leads among 1,000 staff (target: under 2 s after loading).

Builds the organisation in memory (deterministic, seed 4): 50 teams of 20 (20 inside teams with
early/late shifts and some leave, 20 telesales, 5 outside, 5 outreach), 20,000 leads already
owned, and 10,000 pool leads over August 2026 (40% walk-ins, 40% phone/web, 10% referrals, 10%
companies), a fifth of the walk-ins designated. Intake cap on. Measures the engine only, then
reclaim over the same records. Prints times; asserts nothing.

    python benchmarks/bench_assign.py
"""
import datetime as dt
import random
import time
from collections import Counter

from salesctl.engines.assign import assign
from salesctl.engines.pool import reclaim
from salesctl.policy import Policy
from salesctl.policy.assign import Assign
from salesctl.records import Records
from salesctl.schema import Lead, Leave, OwnerChange, Staff, Team, Visit

TZ = dt.timezone(dt.timedelta(hours=8))
CHANNELS = ["inside"] * 20 + ["telesales"] * 20 + ["outside"] * 5 + ["outreach"] * 5
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def build(seed: int = 4, n_staff: int = 1000, n_pool: int = 10_000, n_owned: int = 20_000) -> Records:
    rnd = random.Random(seed)
    teams = [Team(id=f"T-{i + 1}", name=f"组{i + 1}", channel=ch) for i, ch in enumerate(CHANNELS)]
    staff = []
    for i in range(n_staff):
        t = teams[i % len(teams)]
        shift = "early" if i % 2 else "late"
        shifts = {d: shift for d in DAYS if rnd.random() < 0.8} if t.channel == "inside" else {d: "day" for d in DAYS[:5]}
        leave = ()
        if rnd.random() < 0.1:
            start = dt.date(2026, 8, rnd.randint(1, 28))
            leave = (Leave(start=start, end=start + dt.timedelta(days=rnd.randint(0, 5))),)
        staff.append(Staff(id=f"S-{i + 1}", name=f"员工{i + 1}", team=t.id, channel=t.channel, joined=dt.date(2025, 1, 1),
                           weight=rnd.choice([1.0, 1.0, 1.5, 2.0]), max_open_leads=rnd.choice([None, 60, 80]),
                           shifts=shifts, leave=leave))
    leads, visits = [], []
    for i in range(n_owned):
        s = staff[rnd.randrange(n_staff)]
        when = dt.datetime(2026, 7, 1, 9, tzinfo=TZ) + dt.timedelta(minutes=rnd.randrange(40 * 24 * 60))
        lid = f"L-{i + 1}"
        leads.append(Lead(id=lid, name="老客户", source="phone", created=when, team=s.team, owner=s.id,
                          status=rnd.choice(["new", "contacted", "visited", "won", "lost"]),
                          log=(OwnerChange(when=when, by="salesctl", to=s.id, rule="A1"),)))
        if rnd.random() < 0.5:
            visits.append(Visit(id=f"V-{i}", lead=lid, at=when + dt.timedelta(days=rnd.randint(0, 20)), kind="call", staff=s.id))
    inside = [s.id for s in staff if s.channel == "inside"]
    for i in range(n_pool):
        when = dt.datetime(2026, 8, 1, 8, tzinfo=TZ) + dt.timedelta(minutes=rnd.randrange(30 * 24 * 60))
        r = rnd.random()
        source, company, designated = ("walk-in", None, None)
        if r < 0.4:
            designated = rnd.choice(inside) if rnd.random() < 0.2 else None
        elif r < 0.8:
            source = rnd.choice(["phone", "web"])
        elif r < 0.9:
            source = "referral"
        else:
            source, company = "outreach", "某公司"
        leads.append(Lead(id=f"L-{n_owned + i + 1}", name=f"客户{i}", source=source, created=when, company=company,
                          designated=designated))
    return Records(Policy(assign=Assign(intake_cap=150)), teams=teams, staff=staff, leads=leads, visits=visits)


def main() -> None:
    t0 = time.perf_counter()
    records = build()
    t1 = time.perf_counter()
    as_of = dt.datetime(2026, 9, 1, tzinfo=TZ)
    res = assign(records, as_of)
    t2 = time.perf_counter()
    back = reclaim(records, as_of)
    t3 = time.perf_counter()
    c = Counter(d.kind for d in res.decisions)
    print(f"built {len(records.staff)} staff, {len(records.teams)} teams, {len(records.leads)} leads in {t1 - t0:.2f} s")
    print(f"assign: {len(res.decisions)} pool leads decided in {t2 - t1:.2f} s "
          f"({len(res.decisions) / (t2 - t1):,.0f} leads/s): "
          + ", ".join(f"{k} {c[k]}" for k in ("rotation", "designated", "capacity", "pool")))
    print(f"reclaim: {len(back)} of {sum(1 for x in records.leads.values() if x.owner)} owned leads back to the pool in {t3 - t2:.2f} s")


if __name__ == "__main__":
    main()
