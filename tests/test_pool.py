"""The shared pool (L6): `salesctl reclaim`, `reclaim --warn`, `salesctl lead claim`, worked by hand."""
import json

import yaml_rs

from helpers import git, make_repo, run, write_records

ORG = {
    "salesctl.yaml": """
        reclaim:
          idle_days: 15
          idle_days_by_grade: {important: 30}
          long_leave_days: 14
          daily_claim_limit: 1
    """,
    "teams/T-2.yaml": "id: T-2\nname: 电销一组\nchannel: telesales\n",
    "staff/S-5.yaml": "id: S-5\nname: 刘洋\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n",
    "staff/S-6.yaml": "id: S-6\nname: 周敏\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n",
    "staff/S-7.yaml": "id: S-7\nname: 吴磊\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nmax_open_leads: 1\n"
                      "leave:\n  - {start: 2026-08-15, end: 2026-08-17}\n",
    "staff/S-8.yaml": "id: S-8\nname: 郑爽\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nstatus: left\nleft: 2026-08-01\n",
    "staff/S-9.yaml": "id: S-9\nname: 孙丽\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nstatus: leave\n",
    "staff/S-10.yaml": "id: S-10\nname: 马超\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n"
                       "leave:\n  - {start: 2026-08-10, end: 2026-08-31, why: 产假}\n",
    "visits/2026-08/S-5.yaml": """
        - {id: V-1, lead: L-01, at: 2026-08-01T10:00:00+08:00, kind: call}
        - {id: V-2, lead: L-02, at: 2026-08-01T11:00:00+08:00, kind: call}
        - {id: V-3, lead: L-04, at: 2026-08-10T11:00:00+08:00, kind: call}
    """,
}


def owned(lid, owner, received, **extra):
    body = (f"id: {lid}\nname: 客户{lid[-2:]}\nsource: phone\ncreated: 2026-07-01T09:00:00+08:00\nteam: T-2\nowner: {owner}\n"
            + "".join(f"{k}: {v}\n" for k, v in extra.items())
            + f"log:\n  - {{when: {received}, by: salesctl, to: {owner}, rule: A1, why: capacity}}\n")
    return {f"leads/{lid}.yaml": body}


LEADS = {
    **owned("L-01", "S-5", "2026-07-20T10:00:00+08:00"),                    # last follow-up 08-01 -> back 08-16
    **owned("L-02", "S-5", "2026-07-20T10:00:00+08:00", grade="important"),  # 08-01 + 30 -> back 08-31
    **owned("L-03", "S-6", "2026-08-10T10:00:00+08:00"),                    # received 08-10, no visit -> back 08-25
    **owned("L-04", "S-6", "2026-07-25T10:00:00+08:00"),                    # S-5's call does not count: back 08-09
    **owned("L-05", "S-8", "2026-07-25T10:00:00+08:00"),                    # owner left
    **owned("L-06", "S-9", "2026-08-14T10:00:00+08:00"),                    # owner on long leave (status)
    **owned("L-07", "S-10", "2026-08-14T10:00:00+08:00"),                   # leave 08-10..08-31, 22 days >= 14
    **owned("L-08", "S-7", "2026-08-10T10:00:00+08:00"),                    # a 3-day leave is not long: back 08-25
    **owned("L-09", "S-5", "2026-07-01T10:00:00+08:00", status="won"),      # closed: stays
    "leads/L-20.yaml": "id: L-20\nname: 公海客户\nsource: web\ncreated: 2026-08-12T09:00:00+08:00\nteam: T-2\n",
    "leads/L-21.yaml": "id: L-21\nname: 已流失\nsource: web\ncreated: 2026-08-12T09:00:00+08:00\nstatus: lost\n",
}


def as_json(r):
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_reclaim_worked_example(tmp_path):
    root = write_records(tmp_path, {**ORG, **LEADS})
    rows = as_json(run("reclaim", "--as-of", "2026-08-16", "--dry-run", "-f", "json", records=root))
    assert [(r["lead"], r["owner"], r["idle_days"], str(r["last_follow_up"])) for r in rows] == [
        ("L-01", "S-5", 15, "2026-08-01"), ("L-04", "S-6", 22, "2026-07-25"), ("L-05", "S-8", 22, "2026-07-25"),
        ("L-06", "S-9", 2, "2026-08-14"), ("L-07", "S-10", 2, "2026-08-14")]
    why = {r["lead"]: r["reason"] for r in rows}
    assert why["L-01"] == "not followed up by 刘洋 (S-5) for 15 days (last: call V-1 on 2026-08-01; idle_days 15)"
    assert why["L-04"] == "not followed up by 周敏 (S-6) for 22 days (last: received the lead on 2026-07-25; idle_days 15)"
    assert why["L-05"] == "owner 郑爽 (S-8) has left (2026-08-01)"
    assert why["L-06"] == "owner 孙丽 (S-9) is on long leave (status leave)"
    assert why["L-07"] == "owner 马超 (S-10) is on leave 2026-08-10..2026-08-31 (22 days, long_leave_days 14)"
    assert {r["rule"] for r in rows} == {"L6"} and {r["team"] for r in rows} == {"T-2"}
    # a day earlier L-01 is not yet due; an important customer waits 30 days
    rows = as_json(run("reclaim", "--as-of", "2026-08-15", "--dry-run", "-f", "json", records=root))
    assert "L-01" not in {r["lead"] for r in rows}
    rows = as_json(run("reclaim", "--as-of", "2026-08-31", "--dry-run", "-f", "json", records=root))
    assert "L-02" in {r["lead"] for r in rows}


def test_warn_lists_per_owner_what_returns_within_days(tmp_path):
    root = write_records(tmp_path, {**ORG, **LEADS})
    rows = as_json(run("reclaim", "--as-of", "2026-08-16", "--warn", "15", "-f", "json", records=root))
    assert [(r["owner"], r["lead"], r["returns_on"], r["days_left"]) for r in rows] == [
        ("S-5", "L-02", "2026-08-31", 15), ("S-6", "L-03", "2026-08-25", 9), ("S-7", "L-08", "2026-08-25", 9)]
    rows = as_json(run("reclaim", "--as-of", "2026-08-16", "--warn", "9", "-f", "json", records=root))
    assert [r["lead"] for r in rows] == ["L-03", "L-08"]


def test_reclaim_writes_one_commit_and_the_lead_cools_down(tmp_path):
    root = make_repo(tmp_path / "r", {**ORG, **LEADS})
    dry = as_json(run("reclaim", "--as-of", "2026-08-16", "--dry-run", "-f", "json", records=root))
    r = run("reclaim", "--as-of", "2026-08-16", "-f", "json", records=root)
    assert as_json(r) == dry
    msg = "reclaim: 5 leads back to the pool (2 idle, 1 owner left, 2 owner on long leave)"
    assert msg in r.stderr and git(root, "log", "-1", "--format=%s").strip() == msg
    assert set(git(root, "show", "--name-only", "--format=", "HEAD").split()) == {f"leads/L-0{i}.yaml" for i in (1, 4, 5, 6, 7)}
    data = yaml_rs.loads((root / "leads/L-01.yaml").read_text(), parse_datetime=True)
    assert "owner" not in data and data["team"] == "T-2"
    e = data["log"][-1]
    assert (str(e["when"]), e["by"], e["from"], e["to"], e["rule"]) == ("2026-08-16 00:00:00+08:00", "salesctl", "S-5", None, "L6")
    # the left owner's lead is no longer an error; 电销一组 (no leader, deputy or department) has K9's warning
    assert [p["message"] for p in as_json(run("check", "-f", "json", records=root))] == [
        "team T-2 (电销一组) has no leader, deputy or manager of its department (none): K9 no-training has nobody to flag"]

    # back in the pool, in order of entry: L-20 (08-12), then L-01, L-04, L-05, L-06, L-07 (08-16 00:00).
    # Open: S-5 1, S-6 1, S-7 1 = max_open_leads 1; S-8 left, S-9 status leave, S-10 on leave.
    rows = as_json(run("assign", "--as-of", "2026-08-16", "--dry-run", "-f", "json", records=root))
    assert [(x["lead"], x["owner"]) for x in rows] == [
        ("L-20", "S-5"),   # S-5 1 = S-6 1: staff id
        ("L-01", "S-6"),   # S-5 cools down (reclaimed from them)
        ("L-04", "S-5"),   # S-6 cools down
        ("L-05", "S-6"),   # S-5 3 > S-6 2
        ("L-06", "S-5"),   # 3 = 3 open, 4 = 4 received in 30 days: staff id
        ("L-07", "S-6"),   # S-5 4 > S-6 3
    ]

    # claim: S-5 cannot take L-01 back; S-6 can, once a day
    r = run("lead", "claim", "L-01", "--by", "S-5", "--as-of", "2026-08-17T10:00", records=root)
    assert r.exit_code == 1 and "not back before 2026-09-15 (L6 cooldown)" in r.stderr
    r = run("lead", "claim", "L-01", "--by", "S-6", "--as-of", "2026-08-17T10:00", "-f", "json", records=root)
    assert as_json(r) == [{"lead": "L-01", "owner": "S-6", "team": "T-2", "rule": "L6", "reason": "claimed from the pool by 周敏 (S-6)"}]
    assert git(root, "log", "-1", "--format=%s").strip() == "lead claim: L-01 -> S-6 (from the pool)"
    e = yaml_rs.loads((root / "leads/L-01.yaml").read_text(), parse_datetime=True)["log"][-1]
    assert (e["by"], e["from"], e["to"], e["rule"]) == ("S-6", None, "S-6", "L6")
    r = run("lead", "claim", "L-05", "--by", "S-6", "--as-of", "2026-08-17T11:00", records=root)
    assert r.exit_code == 1 and "claimed 1 pool leads on 2026-08-17 (daily_claim_limit 1)" in r.stderr
    r = run("lead", "claim", "L-04", "--by", "S-6", "--as-of", "2026-08-18T09:00", records=root)
    assert r.exit_code == 1 and "lead returned to the pool from them on 2026-08-16" in r.stderr
    assert run("lead", "claim", "L-05", "--by", "S-6", "--as-of", "2026-08-18T09:00", records=root).exit_code == 0
    assert git(root, "rev-list", "--count", "HEAD") == "4\n"


def test_claim_refusals(tmp_path):
    root = make_repo(tmp_path / "r", {**ORG, **LEADS})
    cases = [
        (("L-20", "S-7"), 1, "吴磊 (S-7) cannot claim L-20: at cap: 1 open leads (max_open_leads 1)"),
        (("L-01", "S-6"), 1, "cannot claim L-01: it is owned by 刘洋 (S-5), not in the pool"),
        (("L-21", "S-6"), 1, "cannot claim L-21: it is lost, not open"),
        (("L-20", "S-8"), 1, "郑爽 (S-8) cannot claim L-20: has left (2026-08-01)"),
        (("L-20", "S-10"), 1, "马超 (S-10) cannot claim L-20: on leave 2026-08-10..2026-08-31 (产假)"),
        (("L-99", "S-6"), 5, "no lead L-99"),
        (("L-20", "S-99"), 5, "no staff S-99"),
    ]
    for (lid, sid), code, msg in cases:
        r = run("lead", "claim", lid, "--by", sid, "--as-of", "2026-08-18T10:00", records=root)
        assert (r.exit_code, msg in r.stderr) == (code, True), (lid, sid, r.stderr)
    assert git(root, "rev-list", "--count", "HEAD") == "1\n"
