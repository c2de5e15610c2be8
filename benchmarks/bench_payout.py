"""How long scores and payouts take on a generated organisation (measured, never asserted).

    salesctl demo /tmp/medium --scale medium --no-git
    python benchmarks/bench_payout.py /tmp/medium [YYYY-MM]

Loads the records once (the loader's time is printed apart), then times, each on fresh records
(no cache shared): score_month, score_period for the month's year, payout_month (which reads the
earlier months its streaks need) and one statement.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from salesctl.engines.payout import payout_month
from salesctl.reports.payout import statement
from salesctl.engines.score import score_month, score_period
from salesctl.loader import load
from salesctl.source import WorkTree


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("records")
    t0 = time.perf_counter()
    loaded = load(WorkTree(root))
    t1 = time.perf_counter()
    r = loaded.records
    month = sys.argv[2] if len(sys.argv) > 2 else max(r.deals_by_month)
    print(f"load: {t1 - t0:.2f} s ({len(r.staff)} staff, {len(r.leads)} leads, {len(r.visits)} visits, "
          f"{len(r.deals)} deals, {len(r.attendance)} attendance entries)")

    def timed(label, fn):
        fresh = load(WorkTree(root)).records  # a new Records: nothing cached
        t = time.perf_counter()
        out = fn(fresh)
        print(f"{label}: {time.perf_counter() - t:.2f} s")
        return out

    timed(f"score_month {month}", lambda rr: score_month(rr, month))
    timed(f"score_period {month[:4]}", lambda rr: score_period(rr, month[:4]))
    mp = timed(f"payout_month {month}", lambda rr: payout_month(rr, month))
    sid = next(iter(sorted(mp.people)))
    timed(f"statement {sid}", lambda rr: statement(rr, month, sid))


if __name__ == "__main__":
    main()
