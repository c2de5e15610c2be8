"""Worked examples of indicators, composites, grades, ranks and periods (K1-K8), each worked out by hand
and asserted exactly through `salesctl score --format json`.

The organisation is test_payout's (`org`): department 会籍部, T-1 (S-1 leader, S-2, S-3) and T-2
(S-4 leader, S-5), inside consultants working Monday to Friday; August 2026 has 21 weekdays.
"""
from __future__ import annotations

import json
import pytest

from helpers import run
from test_payout import ATTAINMENT_ONLY, D, org, staff_yaml


def score(root, *args):
    res = run("score", *args, "--format", "json", records=root)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def by_staff(rows):
    return {r["staff"]: r for r in rows}


# ----------------------------------------------------------------------------- grades and ranks
def test_grades_and_ranks_with_ties(tmp_path):
    t = {"2026-08": 10000}
    root = org(tmp_path, policy=ATTAINMENT_ONLY, targets={s: t for s in ("S-1", "S-2", "S-3", "S-4", "S-5")},
               deals=[("S-1", 12000, "2026-08-03"), ("S-2", 8500, "2026-08-03"), ("S-3", 8500, "2026-08-03"),
                      ("S-4", 7000, "2026-08-03"), ("S-5", 5500, "2026-08-03")])
    rows = by_staff(score(root, "--month", "2026-08"))
    # composite = attainment, capped at 100%; grades at 90 / 80 / 60
    got = {k: (D(r["composite"]), r["grade"], r["team_rank"], r["dept_rank"]) for k, r in rows.items()}
    assert got == {
        "S-1": (D(100), "excellent", 1, 1),
        "S-2": (D(85), "good", 2, 2),
        "S-3": (D(85), "good", 2, 2),
        "S-4": (D(70), "pass", 1, 4),
        "S-5": (D(55), "fail", 2, 5),
    }
    assert [r["staff"] for r in score(root, "--month", "2026-08", "--team", "T-2")] == ["S-4", "S-5"]
    assert score(root, "--month", "2026-08", "--team", "T-2")[0]["dept_rank"] == 4  # ranks of the whole department


def test_grade_thresholds_come_from_policy(tmp_path):
    policy = ATTAINMENT_ONLY + "  grades: {excellent: 95, good: 85, pass: 70}\n"
    root = org(tmp_path, policy=policy, targets={"S-1": {"2026-08": 10000}, "S-2": {"2026-08": 10000}},
               deals=[("S-1", 9000, "2026-08-03"), ("S-2", 8400, "2026-08-03")])
    rows = by_staff(score(root, "--month", "2026-08"))
    assert (rows["S-1"]["grade"], rows["S-2"]["grade"]) == ("good", "pass")


# ----------------------------------------------------------------------------- every indicator of an inside consultant
INSIDE = {
    "leads/L-10.yaml": "id: L-10\nname: 周一\nsource: walk-in\ncreated: 2026-07-20T10:00:00+08:00\nowner: S-2\n",
    "leads/L-11.yaml": "id: L-11\nname: 吴二\nsource: walk-in\ncreated: 2025-08-01T10:00:00+08:00\nowner: S-2\n",
    "leads/L-12.yaml": "id: L-12\nname: 郑三\nsource: referral\ncreated: 2026-08-15T10:00:00+08:00\nreferred_by: L-11\n",
    "deals/2026-08/D-a.yaml": "id: D-a\nlead: L-10\namount: 20000\nprofit: 5000\nsigned: 2026-08-04\n"
                              "payment: {date: 2026-08-04, taken_by: S-2}\ndelivered: 2026-08-04\n",
    "deals/2026-08/D-b.yaml": "id: D-b\nlead: L-11\nkind: renewal\namount: 10000\nsigned: 2026-08-10\n"
                              "payment: {date: 2026-08-10, taken_by: S-2}\ndelivered: 2026-08-10\n",
    "deals/2025-08/D-0.yaml": "id: D-0\nlead: L-11\namount: 8000\nsigned: 2025-08-10\n"
                              "payment: {date: 2025-08-10, taken_by: S-2}\ndelivered: 2025-08-10\n",
    "visits/2026-07/S-2.yaml": "- {id: V-0, lead: L-10, at: '2026-07-25T10:00:00+08:00', kind: call}\n",
    "visits/2026-08/S-2.yaml": """
        - {id: V-1, lead: L-10, at: '2026-08-03T10:00:00+08:00', kind: visit, summary: 看了场馆, rating: 5}
        - {id: V-2, lead: L-10, at: '2026-08-05T10:00:00+08:00', kind: visit, rating: 3}
        - {id: V-3, lead: L-11, at: '2026-08-06T10:00:00+08:00', kind: call, rating: 4}
        - {id: V-4, lead: L-11, at: '2026-08-07T10:00:00+08:00', kind: return-visit}
        - {id: V-5, lead: L-11, at: '2026-08-10T10:00:00+08:00', kind: complaint, answered: '2026-08-10T14:00:00+08:00'}
        - {id: V-6, lead: L-12, at: '2026-08-11T10:00:00+08:00', kind: tour, summary: 带看}
    """,
    "reviews/2026-08/S-2.yaml": """
        self_rating: 80
        leader_rating: 90
        peers:
          - {by: S-1, teamwork: 70, sharing: 80, helping: 90}
          - {by: S-3, teamwork: 100}
        training_attended: 2
        training_score: 85
    """,
}


def test_every_indicator_of_an_inside_consultant(tmp_path):
    root = org(tmp_path, targets={"S-2": {"2026-08": 40000}}, files=INSIDE)
    res = run("score", "--month", "2026-08", "--explain", "S-2", "-f", "json", records=root)
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    v = {r["indicator"]: r["value"] for r in data["indicators"]}
    expected = {
        "sales": 30000, "profit": 5000, "target": 40000, "attainment": 75,
        "new_customers": 1, "customers": 2,
        "repeat_rate": 50,          # L-11 bought before (D-0, 2025)
        "referral_rate": 50,        # L-11 brought L-12 on 15 August
        "sales_cycle_days": 15,     # L-10: created 20 July, signed 4 August
        "follow_ups": 6, "contacts": 5,                       # the complaint is not a contact
        "contacts_per_day": D("0.24"),                        # 5 / 21
        "meetings": 3, "meetings_per_week": D("0.71"),        # 3 x 5 / 21
        "summary_rate": D("66.67"),                           # V-2 has no written summary (T5)
        "return_visits": 1, "ratings": 3, "satisfaction_mean": 4, "satisfaction": D("66.67"),
        "complaints": 1, "complaints_on_time": 100, "complaint_hours": 4,
        "calls": 0, "effective_rate": None,
        "self_rating": 80, "leader_rating": 90,
        "teamwork": 85, "sharing": 80, "helping": 90,
        "peer_rating": 90,          # rater S-1: (70 + 80 + 90) / 3 = 80; rater S-3: 100
        "rating": 88,               # 0.2 x 80 + 0.5 x 90 + 0.3 x 90
        "training_attended": 2, "training_score": 85,
        "days": 31, "working_days": 21, "leads_submitted": 0,
    }
    assert {k: (None if v[k] is None else D(v[k])) for k in expected} == {k: (None if x is None else D(x)) for k, x in expected.items()}
    # points: 50 x 0.75 + 10 x 1/8 + 15 x 2/3 + 20 x 0.88 + 5 x 0.85 = 37.5 + 1.25 + 10 + 17.6 + 4.25 = 70.6
    # full marks (score.scale best): the weights at their caps, 50 x 1.5 + 10 + 15 + 20 + 5 = 125
    # composite 100 x 70.6 / 125 = 56.48: below the pass mark of 60
    assert (D(data["composite"]), data["grade"]) == (D("56.48"), "fail (不合格)")
    items = {r["indicator"]: r for r in data["indicators"] if r["weight"] is not None}
    assert {k: D(r["points"]) for k, r in items.items()} == {
        "attainment": D("37.5"), "new_customers": D("1.25"), "satisfaction": D(10), "rating": D("17.6"), "training_score": D("4.25")}
    assert items["attainment"]["evidence"] == "deals/2026-08/D-a.yaml:1; deals/2026-08/D-b.yaml:1; staff/S-2.yaml:1"
    assert items["rating"]["evidence"] == "reviews/2026-08/S-2.yaml:1"
    # the table form shows the same, with the arithmetic of the composite
    table = run("score", "--month", "2026-08", "--explain", "S-2", records=root).stdout
    assert "100 x 70.60 / 125 = 56.48 (the weights at their caps; score.scale best)" in table


def test_ratings_weights_renormalise_over_the_ratings_given(tmp_path):
    policy = "score:\n  items:\n    inside:\n      - {indicator: rating, weight: 100, target: 100}\n"
    files = {"reviews/2026-08/S-2.yaml": "leader_rating: 90\npeers: [{by: S-1, teamwork: 90}]\n",
             "reviews/2026-08/S-3.yaml": "self_rating: 100\nleader_rating: 60\n"}
    root = org(tmp_path, policy=policy, files=files, targets={s: {"2026-08": 1000} for s in ("S-1", "S-2", "S-3")})
    rows = by_staff(score(root, "--month", "2026-08"))
    # S-2: no self-assessment: (0.5 x 90 + 0.3 x 90) / 0.8 = 90; S-3: (0.2 x 100 + 0.5 x 60) / 0.7 = 71.43
    assert (D(rows["S-2"]["composite"]), D(rows["S-3"]["composite"])) == (D(90), D("71.43"))
    assert rows["S-1"]["composite"] is None and rows["S-1"]["grade"] is None  # no review: no composite
    assert rows["S-4"]["composite"] is None  # no target this month: not reviewed (score.needs_target)


def test_telesales_funnel(tmp_path):
    files = {
        "teams/T-3.yaml": "id: T-3\nname: 电销一组\nleader: S-6\ndepartment: 电销部\nchannel: telesales\n",
        "leads/L-20.yaml": "id: L-20\nname: 钱五\nsource: phone\ncreated: 2026-08-01T09:00:00+08:00\n",
        "deals/2026-08/D-t.yaml": "id: D-t\nlead: L-20\namount: 20000\nsigned: 2026-08-20\n"
                                  "payment: {date: 2026-08-20, taken_by: S-6}\ndelivered: 2026-08-20\n",
        "activity/2026-08/S-6.yaml": """
            - {date: 2026-08-03, calls: 100, effective: 60, intention: 20, orders: 5}
            - {date: 2026-08-04, calls: 120, effective: 50, intention: 13, orders: 6}
        """,
    }
    staff = {"S-6": staff_yaml("S-6", {"2026-08": 20000}, channel="telesales", team="T-3", role="leader")}
    root = org(tmp_path, files=files, staff=staff)
    row = by_staff(score(root, "--month", "2026-08"))["S-6"]
    funnel = {k: D(row[k]) for k in ("calls", "effective", "intention", "orders", "effective_rate", "intention_rate",
                                     "order_rate", "call_conversion")}
    assert funnel == {"calls": 220, "effective": 110, "intention": 33, "orders": 11,
                      "effective_rate": D(50),          # 110 / 220
                      "intention_rate": D(30),          # 33 / 110
                      "order_rate": D("33.33"),         # 11 / 33
                      "call_conversion": D(5)}          # 11 / 220
    # attainment 100% x 40 + calls 220/1000 x 10 + effective 110/300 x 10 + orders 11/15 x 10 = 53.2 points
    # over the full marks of the items with a value (no ratings, no review), the weights at their caps:
    # 40 x 1.5 + 10 + 10 + 10 = 90, so 100 x 53.2 / 90 = 59.11, just below the pass mark
    assert (D(row["composite"]), row["grade"], row["team_rank"], row["dept_rank"]) == (D("59.11"), "fail", 1, 1)


# ----------------------------------------------------------------------------- joined and left
def test_a_joiner_is_scored_on_the_days_there(tmp_path):
    staff = {"S-5": staff_yaml("S-5", {"2026-08": 31000}, joined="2026-08-16"),
             "S-3": staff_yaml("S-3", {"2026-08": 31000, "2026-09": 31000}, left="2026-08-10")}
    root = org(tmp_path, policy=ATTAINMENT_ONLY, staff=staff,
               deals=[("S-5", 16000, "2026-08-20"), ("S-3", 5000, "2026-08-03")])
    rows = by_staff(score(root, "--month", "2026-08"))
    # S-5: 16 of 31 days: target 31000 x 16/31 = 16000, reached: 100; S-3: 10 days: 10000, 5000 is 50%
    assert (rows["S-5"]["days"], D(rows["S-5"]["target"]), D(rows["S-5"]["composite"])) == (16, D(16000), D(100))
    assert (rows["S-3"]["days"], D(rows["S-3"]["target"]), D(rows["S-3"]["attainment"])) == (10, D(10000), D(50))
    assert "S-3" not in by_staff(score(root, "--month", "2026-09"))
    assert "S-5" not in by_staff(score(root, "--month", "2026-07"))
    statement = run("payout", "--month", "2026-08", "--statement", "S-5", records=root).stdout
    assert "Target 31000.00, prorated for 16 of 31 days: 31000.00 x 16/31 = 16000.00." in statement


def test_prorating_can_be_turned_off(tmp_path):
    staff = {"S-5": staff_yaml("S-5", {"2026-08": 31000}, joined="2026-08-16")}
    root = org(tmp_path, policy=ATTAINMENT_ONLY + "  prorate_targets: false\n", staff=staff,
               deals=[("S-5", 15500, "2026-08-20")])
    assert D(by_staff(score(root, "--month", "2026-08"))["S-5"]["attainment"]) == D(50)


# ----------------------------------------------------------------------------- quarter and year
def quarter_org(tmp_path, policy=ATTAINMENT_ONLY):
    t = {"2026-07": 10000, "2026-08": 10000, "2026-09": 10000}
    return org(tmp_path, policy=policy, targets={"S-1": t, "S-2": t},
               deals=[("S-1", 6000, "2026-07-03"), ("S-1", 9000, "2026-08-03"), ("S-1", 12000, "2026-09-03"),
                      ("S-2", 10000, "2026-07-03"), ("S-2", 10000, "2026-08-03"), ("S-2", 5000, "2026-09-03")])


def test_quarter_is_the_mean_of_its_months(tmp_path):
    root = quarter_org(tmp_path)
    rows = by_staff(score(root, "--quarter", "2026Q3"))
    # S-1: (60 + 90 + 100) / 3 = 83.33; S-2: (100 + 100 + 50) / 3 = 83.33: tied, sharing first place
    assert {k: (D(r["composite"]), r["grade"], r["team_rank"]) for k, r in rows.items() if k in ("S-1", "S-2")} == {
        "S-1": (D("83.33"), "good", 1), "S-2": (D("83.33"), "good", 1)}
    assert [D(rows["S-1"][m]) for m in ("2026-07", "2026-08", "2026-09")] == [D(60), D(90), D(100)]
    assert (D(rows["S-1"]["sales"]), D(rows["S-1"]["target"]), D(rows["S-1"]["attainment"])) == (D(27000), D(30000), D(90))


def test_quarter_weights_from_policy(tmp_path):
    root = quarter_org(tmp_path, policy=ATTAINMENT_ONLY + "  quarter_weights: [1, 1, 2]\n")
    rows = by_staff(score(root, "--quarter", "2026q3"))
    # S-1: (60 + 90 + 2 x 100) / 4 = 87.5; S-2: (100 + 100 + 2 x 50) / 4 = 75
    assert (D(rows["S-1"]["composite"]), D(rows["S-2"]["composite"])) == (D("87.5"), D(75))
    assert (rows["S-1"]["team_rank"], rows["S-2"]["team_rank"]) == (1, 2)
    explained = json.loads(run("score", "--quarter", "2026Q3", "--explain", "S-1", "-f", "json", records=root).stdout)
    assert [(m["month"], D(m["composite"]), D(m["weight"])) for m in explained["months"]] == [
        ("2026-07", D(60), D(1)), ("2026-08", D(90), D(1)), ("2026-09", D(100), D(2))]


def test_year_combines_the_months_there(tmp_path):
    months = [f"2026-{m:02d}" for m in range(6, 13)]
    staff = {"S-5": staff_yaml("S-5", {m: 10000 for m in months}, joined="2026-06-01")}
    deals = [("S-5", 10000, f"{m}-15") for m in months[:-1]]   # December: nothing sold
    root = org(tmp_path, policy=ATTAINMENT_ONLY, staff=staff, deals=deals)
    row = by_staff(score(root, "--year", "2026"))["S-5"]
    # employed June to December: (6 x 100 + 0) / 7 = 85.71; January to May: not employed, left out
    assert (D(row["composite"]), row["grade"]) == (D("85.71"), "good")
    assert row["2026-01"] is None and D(row["2026-12"]) == 0


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize("args, status, words", [
    (["score"], 2, "exactly one of --month, --quarter, --year"),
    (["score", "--month", "2026-08", "--year", "2026"], 2, "exactly one"),
    (["score", "--quarter", "2026Q5"], 2, "is not a month"),
    (["score", "--month", "2026"], 2, "--month '2026' is not a month"),
    (["score", "--month", "2026-08", "--team", "T-9"], 5, "no team T-9"),
    (["score", "--month", "2026-08", "--explain", "S-9"], 5, "no staff S-9"),
    (["score", "--month", "2024-08", "--explain", "S-1"], 5, "S-1 has no scorecard for 2024-08"),
])
def test_user_errors(tmp_path, args, status, words):
    root = org(tmp_path)
    res = run(*args, records=root)
    assert res.exit_code == status, res.stdout
    assert words in res.stderr


def test_the_department_manager_is_not_scored_unless_policy_says_so(tmp_path):
    manager = "id: S-9\nname: 刘经理\nrole: manager\ndepartment: 会籍部\nchannel: inside\njoined: 2025-01-01\n"
    root = org(tmp_path, staff={"S-9": manager})
    assert "S-9" not in by_staff(score(root, "--month", "2026-08"))
    root2 = org(tmp_path / "b", staff={"S-9": manager}, policy="score:\n  roles: [manager, leader, member]\n")
    row = by_staff(score(root2, "--month", "2026-08"))["S-9"]
    assert (row["team"], row["team_rank"]) == ("", None)


def test_a_month_without_target_is_not_reviewed_and_the_quarter_leaves_it_out(tmp_path):
    t = {"2026-08": 10000, "2026-09": 10000}     # no July target
    root = org(tmp_path, policy=ATTAINMENT_ONLY, targets={"S-1": t}, deals=[("S-1", 9000, "2026-08-03"), ("S-1", 7000, "2026-09-03")])
    row = by_staff(score(root, "--quarter", "2026Q3"))["S-1"]
    # July: employed but no target, not reviewed; the quarter is (90 + 70) / 2 = 80
    assert (row["2026-07"], D(row["2026-08"]), D(row["2026-09"]), D(row["composite"]), row["grade"]) == (None, D(90), D(70), D(80), "good")
    off = org(tmp_path / "b", policy="score:\n  needs_target: false\n  items:\n    inside:\n"
              "      - {indicator: attainment, weight: 50, target: 100}\n      - {indicator: new_customers, weight: 50, target: 1}\n",
              targets={"S-1": t}, deals=[("S-1", 9000, "2026-08-03"), ("S-1", 7000, "2026-09-03")])
    row = by_staff(score(off, "--quarter", "2026Q3"))["S-1"]
    # needs_target off: July is reviewed on new customers alone (none): 0; August 100 x (45 + 50) / 100 = 95; September 85
    assert (D(row["2026-07"]), D(row["2026-08"]), D(row["2026-09"]), D(row["composite"])) == (D(0), D(95), D(85), D(60))


def test_a_month_on_leave_is_not_reviewed_and_the_quarter_leaves_it_out(tmp_path):
    # S-2 is on maternity leave all of August (every working day): not there, so not a failed month.
    # July 9000 / 10000 = 90; September 7000 / 10000 = 70; the quarter is (90 + 70) / 2 = 80 (good),
    # not (90 + 0 + 70) / 3 = 53.33 (fail).
    t = {"2026-07": 10000, "2026-08": 10000, "2026-09": 10000}
    staff = {"S-2": staff_yaml("S-2", t, leave=[("2026-08-01", "2026-08-31")])}
    root = org(tmp_path, policy=ATTAINMENT_ONLY, targets={"S-1": t}, staff=staff,
               deals=[("S-2", 9000, "2026-07-03"), ("S-2", 7000, "2026-09-03"), ("S-1", 5000, "2026-08-03")])
    aug = by_staff(score(root, "--month", "2026-08"))
    assert (aug["S-2"]["composite"], aug["S-2"]["grade"], aug["S-2"]["team_rank"], aug["S-2"]["dept_rank"]) == (None, None, None, None)
    assert (D(aug["S-1"]["composite"]), aug["S-1"]["team_rank"]) == (D(50), 1)      # ranked without S-2
    how = json.loads(run("score", "--month", "2026-08", "--explain", "S-2", "-f", "json", records=root).stdout)["how"]
    assert how == "not reviewed: not there this month (on leave for all of their working days)"
    q = by_staff(score(root, "--quarter", "2026Q3"))["S-2"]
    assert (D(q["2026-07"]), q["2026-08"], D(q["2026-09"]), D(q["composite"]), q["grade"]) == (D(90), None, D(70), D(80), "good")


def test_score_scale_target_counts_points_above_target_up_to_100(tmp_path):
    """score.scale: target — 100 x points / the weights, at most 100 (the inside consultant above: 70.6 / 100)."""
    from salesctl.engines.score import ItemScore, composite

    items = [ItemScore("attainment", D(75), D(100), D("0.75"), D("1.5"), D(50), D("37.5")),
             ItemScore("rating", D(88), D(100), D("0.88"), D(1), D(20), D("17.6"))]
    assert composite(items, "target") == D("78.71")          # 100 x 55.1 / 70
    assert composite(items, "best") == D("58.00")            # 100 x 55.1 / (75 + 20)
    top = [ItemScore("attainment", D(200), D(100), D("1.5"), D("1.5"), D(50), D(75)),
           ItemScore("rating", D(90), D(100), D("0.9"), D(1), D(20), D(18))]
    assert composite(top, "target") == D(100)               # 93 / 70, cut at 100
    assert composite(top, "best") == D("97.89")              # 93 / 95: still room above
