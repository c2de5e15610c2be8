"""The golden outputs of a refactor: commands on the committed demo (records/) whose output must not change.

`python tests/golden/cases.py --bless` writes them again (only when a change of behaviour is meant,
and say so in the commit); tests/test_golden.py runs the same commands and compares byte for byte.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]

CASES: dict[str, list[str]] = {"check": ["check"]}
for _m in ("2026-08", "2026-09", "2026-10"):
    CASES[f"split-{_m}.json"] = ["split", "--month", _m, "--format", "json"]
    CASES[f"score-{_m}.json"] = ["score", "--month", _m, "--format", "json"]
    CASES[f"payout-{_m}.json"] = ["payout", "--month", _m, "--format", "json"]
    CASES[f"close-{_m}.dry-run"] = ["close", "--month", _m, "--dry-run"]
CASES["assign.json"] = ["assign", "--dry-run", "--as-of", "2026-10-31T21:00", "--format", "json"]
# the renderings that move between layers in a refactor: tables, statements, explanations
CASES["assign-explain"] = ["assign", "--dry-run", "--as-of", "2026-10-31T21:00", "--team", "T-01", "--explain"]
CASES["assign-report-2026-10"] = ["assign", "--report", "--month", "2026-10"]
CASES["split-2026-10-explain"] = ["split", "--month", "2026-10", "--explain"]
CASES["split-2026-10-staff"] = ["split", "--month", "2026-10", "--by", "staff"]
CASES["score-2026-10"] = ["score", "--month", "2026-10"]
CASES["score-2026Q3.json"] = ["score", "--quarter", "2026Q3", "--format", "json"]
CASES["score-2026-10-explain-S-0004"] = ["score", "--month", "2026-10", "--explain", "S-0004"]
CASES["payout-2026-10-staff.csv"] = ["payout", "--month", "2026-10", "--by", "staff", "--format", "csv"]
CASES["payout-2026-10"] = ["payout", "--month", "2026-10"]
for _s in ("S-0004", "S-0001", "S-0010"):
    CASES[f"payout-2026-10-statement-{_s}"] = ["payout", "--month", "2026-10", "--statement", _s]
CASES["lead-list"] = ["lead", "list"]
CASES["lead-show-L-00049"] = ["lead", "show", "L-00049"]
CASES["staff-list"] = ["staff", "list"]
CASES["history-L-00049"] = ["history", "L-00049"]


def run(args: list[str]) -> bytes:
    """stdout, stderr and exit status of `python -m salesctl ARGS` in the checkout, as one blob."""
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "LANG": "C.UTF-8"}
    env.pop("SALESCTL_RECORDS", None)
    p = subprocess.run([sys.executable, "-m", "salesctl", *args], cwd=CHECKOUT, env=env, capture_output=True)
    return p.stdout + b"\n--- stderr ---\n" + p.stderr + f"\n--- exit {p.returncode} ---\n".encode()


def bless() -> None:
    for name, args in CASES.items():
        (HERE / name).write_bytes(run(args))
        print("wrote", name)


if __name__ == "__main__":
    if sys.argv[1:] != ["--bless"]:
        sys.exit("usage: python tests/golden/cases.py --bless")
    bless()
