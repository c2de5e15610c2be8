"""Benchmark of the read path (issue 3, item 8): generate an organisation, then time, each in a
fresh process, `salesctl --help`, the load alone, and `salesctl check`.

    python benchmarks/bench_load.py                     # medium, seed 1, in a temporary folder
    python benchmarks/bench_load.py --scale large       # 1,000 staff, 200,000 leads, ~1M visits
    python benchmarks/bench_load.py --dir /tmp/medium   # reuse (or generate into) a folder

Targets on a 2-core machine, whole process, no cache of any kind: --help under 0.3 s; check on
medium under 10 s; on large under 120 s and 2 GiB. Speed is measured here, never asserted in a
unit test. Peak memory is the child's own maximum resident set (os.wait4). The files were just
written (or read), so they are in the operating system's page cache: these are warm timings.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"medium": {"check": 10.0}, "large": {"check": 120.0, "rss": 2 * 1024 ** 3}, "small": {}}
HELP_TARGET = 0.3

LOAD_ONLY = r"""
import json, sys, time
t0 = time.perf_counter()
from salesctl.loader import load
from salesctl.source import WorkTree
t1 = time.perf_counter()
loaded = load(WorkTree(sys.argv[1]))
t2 = time.perf_counter()
r = loaded.records
n = len(r.teams) + len(r.staff) + len(r.leads) + len(r.deals) + len(r.visits) + len(r.activity) + len(r.attendance) + len(r.reviews)
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "files": len(loaded.files), "records": n, "problems": len(loaded.problems)}))
"""

GENERATE = r"""
import json, sys, time
from pathlib import Path
from salesctl.demo import generate
t = time.perf_counter()
counts = generate(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - t, "counts": counts}))
"""


def measure(argv: list[str]) -> tuple[float, int, int, str, str]:
    """Run argv in a fresh process: (wall seconds, peak RSS in bytes, exit status, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        return wall, rss, proc.returncode, out.read().decode(), err.read().decode()


def salesctl_argv() -> list[str]:
    exe = shutil.which("salesctl")
    return [exe] if exe else [sys.executable, "-m", "salesctl"]


def gib(n: int) -> str:
    return f"{n / 1024 ** 3:.2f} GiB" if n >= 1024 ** 3 else f"{n / 1024 ** 2:.0f} MiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", type=Path, help="records folder: generated there when it holds no staff/ yet")
    ap.add_argument("--runs", type=int, default=3, help="runs of the load and of check (the best and the median are shown)")
    args = ap.parse_args()

    tmp = None
    root = args.dir
    if root is None:
        tmp = tempfile.mkdtemp(prefix=f"salesctl-bench-{args.scale}-")
        root = Path(tmp) / "records"
    rows: list[tuple[str, str, str, str]] = []
    try:
        gen = None
        if not (root / "staff").is_dir():
            wall, rss, code, out, err = measure([sys.executable, "-c", GENERATE, str(root), args.scale, str(args.seed)])
            if code != 0:
                print(err, file=sys.stderr)
                return 1
            gen = json.loads(out)
            rows.append((f"generate {args.scale} (seed {args.seed})", f"{wall:.1f} s", gib(rss), ", ".join(
                f"{v:,} {k}" for k, v in gen["counts"].items())))

        helps = [measure(salesctl_argv() + ["--help"]) for _ in range(5)]
        walls = sorted(h[0] for h in helps)
        rows.append(("salesctl --help", f"{walls[0]:.3f} s (median {statistics.median(walls):.3f})", gib(max(h[1] for h in helps)),
                     f"target < {HELP_TARGET} s: {'ok' if statistics.median(walls) < HELP_TARGET else 'MISSED'}"))

        loads = []
        for _ in range(args.runs):
            wall, rss, code, out, err = measure([sys.executable, "-c", LOAD_ONLY, str(root)])
            if code != 0:
                print(err, file=sys.stderr)
                return 1
            loads.append((wall, rss, json.loads(out)))
        best = min(loads, key=lambda x: x[2]["load"])
        info = best[2]
        rows.append(("load alone (in process)", f"{info['load']:.2f} s (median {statistics.median(x[2]['load'] for x in loads):.2f})",
                     gib(max(x[1] for x in loads)),
                     f"{info['files']:,} files, {info['records']:,} records: {info['files'] / info['load']:,.0f} files/s, "
                     f"{info['records'] / info['load']:,.0f} records/s; {info['problems']} problems"))
        rows.append(("load alone (whole process)", f"{best[0]:.2f} s", gib(best[1]), f"imports {info['import']:.2f} s"))

        checks = [measure(salesctl_argv() + ["--records", str(root), "check"]) for _ in range(args.runs)]
        walls = sorted(c[0] for c in checks)
        peak = max(c[1] for c in checks)
        codes = {c[2] for c in checks}
        target = TARGETS[args.scale]
        verdict = []
        if "check" in target:
            verdict.append(f"target < {target['check']:.0f} s: {'ok' if walls[0] < target['check'] else 'MISSED'}")
        if "rss" in target:
            verdict.append(f"< {gib(target['rss'])}: {'ok' if peak < target['rss'] else 'MISSED'}")
        summary = checks[0][4].strip().splitlines()[-1] if checks[0][4].strip() else ""
        rows.append(("salesctl check", f"{walls[0]:.2f} s (median {statistics.median(walls):.2f})", gib(peak),
                     f"exit {','.join(map(str, sorted(codes)))}; {summary}; " + "; ".join(verdict)))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"salesctl read-path benchmark: scale {args.scale}, seed {args.seed}, {time.strftime('%Y-%m-%d')}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print()
    widths = [max(len(r[i]) for r in rows + [("step", "time", "peak RSS", "notes")]) for i in range(3)]
    header = ("step", "time", "peak RSS", "notes")
    print(" | ".join(h.ljust(w) for h, w in zip(header[:3], widths)) + " | " + header[3])
    print("-|-".join("-" * w for w in widths) + "-|-" + "-" * 5)
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + " | " + r[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
