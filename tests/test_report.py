"""`salesctl report` without --html: the short summary a manager reads (K11), its figures those of
`score` and `payout`; and the policy settings it follows (report.top, report.trend_months)."""
from __future__ import annotations

import json
from decimal import Decimal as D

from tests.helpers import CHECKOUT, run

DEMO = CHECKOUT / "records"


def scores(*args):
    res = run("score", *args, "--format", "json", records=DEMO)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout, parse_float=D)


def test_the_summary_names_the_top_three_and_everyone_who_missed_target():
    res = run("--lang", "en", "report", "--month", "2026-10", records=DEMO)
    assert res.exit_code == 0, res.stderr
    text = res.stdout
    people = scores("--month", "2026-10")
    top = sorted(people, key=lambda r: (-r["sales"], r["staff"]))[:3]
    for i, r in enumerate(top, 1):
        assert f"{i}. {r['name']} ({r['staff']}, {r['team']}): {r['sales']:.2f}" in text
    missed = [r for r in people if r["target"] is not None and r["sales"] < r["target"]]
    assert missed
    for r in missed:
        assert f"{r['name']} ({r['staff']}, {r['team']}): {r['sales']:.2f} of {r['target']:.2f}" in text
    section = text.split("## Missed target", 1)[1].split("##", 1)[0]
    assert section.count("\n- ") == len(missed)


def test_the_summary_counts_the_flags_by_kind_as_payout_lists_them():
    text = run("report", "--month", "2026-10", records=DEMO).stdout
    lines = json.loads(run("payout", "--month", "2026-10", "--format", "json", records=DEMO).stdout)
    counts: dict = {}
    for x in lines:
        if x["kind"] == "flag":
            counts[(x["rule"], x["code"])] = counts.get((x["rule"], x["code"]), 0) + 1
    table = text.split("## Flags by kind", 1)[1]
    for (rule, code), n in counts.items():
        assert f"| {rule} | {code} | {n} |" in table


def test_the_team_totals_add_up_the_peoples_figures():
    text = run("report", "--month", "2026-10", "--team", "T-04", records=DEMO).stdout
    people = [r for r in scores("--month", "2026-10") if r["team"] == "T-04"]
    sales = sum(r["sales"] for r in people)
    target = sum(r["target"] for r in people if r["target"] is not None)
    assert f"| T-04 | 电销组 | {len(people)} | {sales:.2f} | {target:.2f} | {sales * 100 / target:.2f} |" in text


def test_report_top_follows_the_policy(tmp_path):
    import shutil

    root = tmp_path / "r"
    shutil.copytree(DEMO, root)
    pol = root / "salesctl.yaml"
    text = pol.read_text(encoding="utf-8")
    assert "  trend_months: 6\n" in text and "  top: 3\n" in text
    pol.write_text(text.replace("  trend_months: 6\n", "  trend_months: 2\n").replace("  top: 3\n", "  top: 1\n"), encoding="utf-8")
    text = run("--lang", "en", "report", "--month", "2026-10", records=root).stdout
    assert "## Top 1 by credited sales" in text and "\n2. " not in text.split("## Top 1", 1)[1].split("##")[0]
    html = tmp_path / "r.html"
    assert run("report", "--month", "2026-10", "--html", str(html), records=root).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "2026-09" in page and "2026-08</text>" not in page   # the trend's two months


def test_report_errors(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    for args, code, words in ((["report", "--month", "2026-10", "--team", "T-99"], 5, "no team T-99"),
                              (["report"], 2, "exactly one"),
                              (["report", "--month", "2026-13"], 2, "2026-13"),
                              (["report", "--month", "2026-10", "--html", str(tmp_path / "a-file" / "r.html")], 2, "cannot write")):
        res = run(*args, records=DEMO)
        assert res.exit_code == code, (args, res.output)
        assert words in res.stderr, (args, res.stderr)
    assert (tmp_path / "a-file").read_text() == "not a folder"
