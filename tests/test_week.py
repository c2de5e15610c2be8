"""A weekly period for the 004 meeting (K11): score --week, payout --week (its flags), report --week.

Worked by hand from the rule book: 004 breaks the month's target down to the week, so a week's target is
each of its days' share of its own month's target — the week across two months counts each day in
its own month.
"""
from __future__ import annotations

import json
from decimal import Decimal as D

from tests.helpers import BASE, CHECKOUT, run, write_records


def org(tmp_path, files=None):
    base = dict(BASE)
    base["staff/S-1.yaml"] = base["staff/S-1.yaml"].replace("targets: {2026-08: 50000}", "targets: {2026-10: 31000, 2026-11: 30000}")
    return write_records(tmp_path / "r", {**base, **(files or {})})


def score_json(root, *args):
    res = run("score", *args, "--format", "json", records=root)
    assert res.exit_code == 0, res.output + res.stderr
    return {r["staff"]: r for r in json.loads(res.stdout, parse_float=D)}


def test_a_week_across_two_months_takes_each_days_share_of_its_months_target(tmp_path):
    # 2026-W44 is Monday 26 October to Sunday 1 November: six October days of a 31,000 target
    # (1,000 a day) and one November day of a 30,000 target (1,000 a day): 7,000.00.
    root = org(tmp_path, {
        "leads/L-0002.yaml": "id: L-0002\nname: 客户\nsource: walk-in\ncreated: 2026-10-20T10:00:00+08:00\nowner: S-1\n",
        "deals/2026-10/D-1.yaml": "id: D-1\nlead: L-0002\nkind: new\namount: 3500\nsigned: 2026-10-27\n"
                                  "payment: {date: 2026-10-27, taken_by: S-1}\n",
        "deals/2026-10/D-2.yaml": "id: D-2\nlead: L-0002\nkind: new\namount: 900\nsigned: 2026-10-25\n"
                                  "payment: {date: 2026-10-25, taken_by: S-1}\n",   # the Sunday before: week 43
    })
    week = score_json(root, "--week", "2026-W44")
    assert week["S-1"]["target"] == D("7000.00")
    assert week["S-1"]["sales"] == D("3500.00")          # D-2 was signed in week 43
    assert week["S-1"]["attainment"] == D("50.00")
    assert week["S-1"]["days"] == 7
    w43 = score_json(root, "--week", "2026-W43")
    assert w43["S-1"]["sales"] == D("900.00")
    assert w43["S-1"]["target"] == D("7000.00")          # 19-25 October: seven days of 1,000
    # the month itself is unchanged by weeks: both deals, the whole target
    month = score_json(root, "--month", "2026-10")
    assert month["S-1"]["sales"] == D("4400.00") and month["S-1"]["target"] == D("31000.00")


def test_a_week_joined_midway_counts_only_the_days_employed(tmp_path):
    root = org(tmp_path)
    p = root / "staff/S-1.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("joined: 2025-01-01", "joined: 2026-10-29"), encoding="utf-8")
    week = score_json(root, "--week", "2026-W44")
    assert week["S-1"]["days"] == 4                       # Thursday 29 October to Sunday 1 November
    assert week["S-1"]["target"] == D("4000.00")          # three October days and one November day


def test_week_flags_are_the_weekly_rules_only(tmp_path):
    # The demo's flags for 2026-W42: the time limits that ran out in the week (T3) and contacts on
    # each working day (K8, 002 「每个工作日」) — nothing monthly (K5 improvement plans, P5 warnings).
    res = run("payout", "--week", "2026-W42", "--format", "json", records=CHECKOUT / "records")
    assert res.exit_code == 0, res.stderr
    lines = json.loads(res.stdout)
    assert lines and {x["rule"] for x in lines} <= {"L1", "A8", "K8", "T1", "T2", "T3", "T4", "T5"}
    assert {x["week"] for x in lines} == {"2026-W42"}
    assert all(x["kind"] == "flag" for x in lines)
    month = json.loads(run("payout", "--month", "2026-10", "--format", "json", records=CHECKOUT / "records").stdout)
    t_month = {(x["staff"], x["what"]) for x in month if x["rule"] in ("T1", "T2", "T3", "T4")}
    assert {(x["staff"], x["what"]) for x in lines if x["rule"] in ("T1", "T2", "T3", "T4")} <= t_month


def test_week_usage_errors(tmp_path):
    root = org(tmp_path)
    for args, words in ((["score", "--week", "2026-W54"], "not an ISO week"),
                        (["score", "--week", "2026W43"], "not an ISO week"),
                        (["score", "--week", "2026-W43", "--month", "2026-10"], "exactly one"),
                        (["payout", "--week", "2026-W43", "--by", "staff"], "by month"),
                        (["payout", "--week", "2026-W43", "--statement", "S-1"], "by month"),
                        (["report", "--week", "2026-W43", "--month", "2026-10"], "exactly one")):
        res = run(*args, records=root)
        assert res.exit_code == 2, (args, res.output)
        assert words in res.stderr, (args, res.stderr)
