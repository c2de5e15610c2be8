"""Awards that are computed, not typed (issue 12 item 3): P6 titles and nominations, P8 rewards and
flags of the review's result, the P7 hire referral. Small organisations written inline, each under
the preset of the rule book whose words it works (quoted 「…」), run through the real CLI.

The organisation: department 部 with team T-1 (S-1 leader, S-2, S-3) and team T-2 (S-4), all joined
2025-01-01, inside (the channel each preset scores).
"""
from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from helpers import run, write_records


def org(tmp_path, preset: str, files: dict, policy: str = "", channel: str = "inside", targets: dict | None = None,
        staff: dict | None = None):
    out = {"salesctl.yaml": f"preset: {preset}\n{policy}",
           "teams/T-1.yaml": f"id: T-1\nname: 一组\nleader: S-1\ndepartment: 部\nchannel: {channel}\n",
           "teams/T-2.yaml": f"id: T-2\nname: 二组\nleader: S-4\ndepartment: 部\nchannel: {channel}\n",
           "leads/L-1.yaml": "id: L-1\nname: 张三\nsource: walk-in\ncreated: 2025-01-05T10:00:00+08:00\nowner: S-1\n"}
    for sid, team, role in (("S-1", "T-1", "leader"), ("S-2", "T-1", "member"), ("S-3", "T-1", "member"), ("S-4", "T-2", "leader")):
        t = (targets or {}).get(sid)
        out[f"staff/{sid}.yaml"] = (f"id: {sid}\nname: 员工{sid}\nteam: {team}\nrole: {role}\nchannel: {channel}\njoined: 2025-01-01\n"
                                    + (f"targets: {{{t}}}\n" if t else ""))
    for sid, text in (staff or {}).items():
        out[f"staff/{sid}.yaml"] = text
    out.update(files)
    return write_records(tmp_path / "records", out)


def deals(*rows) -> dict:
    """rows: (staff, amount, signed)."""
    return {f"deals/{signed[:7]}/D-{i}.yaml": f"id: D-{i}\nlead: L-1\namount: {amount}\nsigned: {signed}\n"
            f"payment: {{date: {signed}, taken_by: {sid}}}\ndelivered: {signed}\n"
            for i, (sid, amount, signed) in enumerate(rows, 1)}


def payout(root, month):
    got = run("payout", "--month", month, "--format", "json", records=root)
    assert got.exit_code == 0, got.stderr
    return json.loads(got.stdout)


def said(root, month, *rules):
    return [(x["staff"], x["code"], D(str(x["amount"])), x["what"], x["arithmetic"])
            for x in payout(root, month) if x["rule"] in rules]


# ----------------------------------------------------------------------------- P6 nominations (000)
TEAMWORK_1000 = """\
payout:
  titles:
    - {name: 團隊協作獎, nomination: teamwork, to: either, minimum: {teamwork: 80}, bonus: 1000}
    - {name: 創新獎, nomination: innovation, minimum: {composite: 60}, bonus: 500}
"""


def group_reviews(nomination: str) -> dict:
    return {"reviews/2026-06/S-1.yaml": "peers: [{by: S-2, teamwork: 90}]\n",
            "reviews/2026-06/S-2.yaml": "peers: [{by: S-1, teamwork: 85}]\n",
            "reviews/2026-06/S-3.yaml": "nominations: [innovation]\n",
            "reviews/2026-06/S-4.yaml": f"nominations:\n  - {nomination}\n"}


def test_a_teamwork_award_to_a_whole_group_is_split_to_the_cent(tmp_path):
    # 000 「設立團隊協作獎,對于在團隊協作方面表現突出的小組或個人,給予一定的物質獎勵」: S-4's review nominates
    # the group T-1. Its teamwork is the mean of its members' (the peers' ratings): (90 + 85) / 2 = 87.5 >= 80
    # (S-3 has none: left out). The bonus, 1000 here (the seed gives no amount), split among T-1's three
    # members there in June: 1000 / 3 = 333.33 and a cent over, to the first in staff id order.
    root = org(tmp_path, "membership-group", group_reviews("{award: teamwork, team: T-1, by: S-4, why: 帶新人}"), TEAMWORK_1000)
    got = [x for x in said(root, "2026-06", "P6") if "團隊協作獎" in x[3]]
    assert [(s, code, amt) for s, code, amt, *_ in got] == [
        ("S-1", "title", D("333.34")), ("S-2", "title", D("333.33")), ("S-3", "title", D("333.33"))]
    assert sum(x[2] for x in got) == D(1000)
    assert got[0][3] == "title: 團隊協作獎 to team T-1, nominated (teamwork)"
    assert got[0][4] == ("nominated by S-4: 帶新人; minimum teamwork 87.5 >= 80; 1000.00 shared by the 3 members of T-1: "
                         "333.34 (cents shared out in staff id order)")
    rows = {r["staff"]: r for r in json.loads(run("payout", "--month", "2026-06", "--by", "staff", "--format", "json",
                                                  records=root).stdout) if r["row"] == "staff"}
    assert D(str(rows["S-1"]["titles"])) == D("333.34")      # payroll's titles column sums the title lines


def test_innovation_is_withheld_from_a_nominee_below_the_minimum(tmp_path):
    # 000 「設立創新獎,對于提出創新性建議或方法,并對小組工作有顯著推動作用的員工,給予獎勵」, minimum composite 60
    # (the preset's: not graded fail). S-3 sold nothing, has no target and no rating: no composite, below 60.
    root = org(tmp_path, "membership-group", group_reviews("teamwork"), TEAMWORK_1000)
    got = {(x[0], x[1]): x for x in said(root, "2026-06", "P6")}
    assert got[("S-3", "title-withheld")][2:] == (
        D(0), "title 創新獎 withheld: the nominee (S-3) missed its minimum standard", "composite none < 60")
    # S-4 nominated for teamwork as a person: no peer rated S-4 (teamwork none): withheld too, not paid
    assert got[("S-4", "title-withheld")][4] == "teamwork none < 80"
    assert not [x for x in got if x[1] == "title"]


# ----------------------------------------------------------------------------- P6 minimum standard, P8 subsidy (003)
def test_the_sales_star_is_withheld_below_its_minimum_standard(tmp_path):
    # 003 「每月評選"銷售之星"」: the preset's minimum, attainment at least 100 (表現優秀, ours). S-1 sold the
    # most, 9000 of 10000 (90%); S-2 5000 of 10000 (50%): nobody met it, the title is withheld and the line
    # says who was best and what they missed
    files = deals(("S-1", 9000, "2026-11-05"), ("S-2", 5000, "2026-11-06"))
    targets = {"S-1": "2026-11: 10000", "S-2": "2026-11: 10000"}
    root = org(tmp_path / "a", "telesales", files, channel="telesales", targets=targets)
    star = [x for x in said(root, "2026-11", "P6") if "銷售之星" in x[3]]
    assert star == [("S-1", "title-withheld", D(0),
                     "title 銷售之星 withheld: nobody met its minimum standard (the best by sales, S-1 with 9000, missed it)",
                     "attainment 90 < 100")]
    # S-2's target 4000: 5000 is 125%. The title goes to S-2, the best of those who met the minimum, not to
    # S-1, who sold more
    root = org(tmp_path / "b", "telesales", files, channel="telesales", targets={**targets, "S-2": "2026-11: 4000"})
    star = [x for x in said(root, "2026-11", "P6") if "銷售之星" in x[3]]
    assert star == [("S-2", "title", D(0), "title: 銷售之星, highest sales", "sales 5000; minimum attainment 125 >= 100: 0.00")]


def test_the_training_subsidy_goes_to_those_who_trained_well(tmp_path):
    # 003 「對于積極參加培訓且培訓效果良好的員工,給予一定的培訓補貼或獎勵」: at least 1 session with a score of at
    # least 80 (the preset's); the amount, 150 here, the seed does not give (the preset's 0)
    files = {"reviews/2026-11/S-2.yaml": "training_attended: 2\ntraining_score: 85\n",
             "reviews/2026-11/S-3.yaml": "training_attended: 1\ntraining_score: 79\n",     # trained, not well
             "reviews/2026-11/S-4.yaml": "training_score: 95\n"}                           # attended none
    root = org(tmp_path, "telesales", files, "payout: {training_subsidy: 150}\n", channel="telesales")
    assert [(s, c, a, ar) for s, c, a, _, ar in said(root, "2026-11", "P8") if c == "training-subsidy"] == [
        ("S-2", "training-subsidy", D(150), "attended 2 >= 1, score 85 >= 80: 150.00")]


# ----------------------------------------------------------------------------- P8 (002)
def consultants(months: list[str], s1_sales: int = 15000) -> dict:
    """S-1 sells 150% of a 10000 target each month, rated 100 by self and leader: 002's items give
    attainment 50 x 1.5 = 75 and rating 30 x 1 = 30, satisfaction left out (no ratings): 105 / 105 =
    100, excellent. S-2 sells 1000 of 10000 (10%: 5 points), leader rating 50 (15): 20 / 105 = 19.05, fail."""
    out = {}
    rows = []
    for m in months:
        rows += [("S-1", s1_sales, f"{m}-10"), ("S-2", 1000, f"{m}-11")]
        out[f"reviews/{m}/S-1.yaml"] = "self_rating: 100\nleader_rating: 100\n"
        out[f"reviews/{m}/S-2.yaml"] = "leader_rating: 50\n"
    return {**out, **deals(*rows)}


MONTHS = ["2026-06", "2026-07", "2026-08"]
TARGETS = {"S-1": ", ".join(f"{m}: 10000" for m in MONTHS), "S-2": ", ".join(f"{m}: 10000" for m in MONTHS)}


def test_fail_grade_target_bonus_and_promotion_after_three_months(tmp_path):
    root = org(tmp_path, "membership-consultant", consultants(MONTHS), targets=TARGETS)
    got = {m: [(s, c, a, ar) for s, c, a, _, ar in said(root, m, "P8")] for m in MONTHS}
    # 002 第十二条「销售顾问完成月度销售任务,公司将给予一定的奖金奖励」: 200 (the preset's, ours) each month to S-1;
    # 「不合格员工将受到相应的处罚」: S-2's fail flagged (payout.fail_penalty 0: the flag only)
    for m in MONTHS[:2]:
        assert got[m] == [("S-1", "target-bonus", D(200), "credited 15000.00 >= target 10000.00: 200.00"),
                          ("S-2", "fail-grade", D(0), "composite 19.05 -> fail")]
    # 「根据个人平时工作表现、业务能力、考核成绩等多方面比较优秀者,给予晋升主管的机会」: excellent 3 months running
    # (the preset's 3): flagged in August, not before
    assert got["2026-08"][1] == ("S-1", "promotion", D(0), "excellent or better 3 months running (2026-06 to 2026-08) >= 3")


def test_the_fail_penalty_is_a_deduction_when_set(tmp_path):
    root = org(tmp_path, "membership-consultant", consultants(["2026-06"]), "payout: {fail_penalty: 100}\n", targets=TARGETS)
    assert [(s, c, a) for s, c, a, *_ in said(root, "2026-06", "P8") if s == "S-2"] == [
        ("S-2", "fail-penalty", D(-100)), ("S-2", "fail-grade", D(0))]


def test_a_month_short_of_the_target_earns_no_target_bonus(tmp_path):
    root = org(tmp_path, "membership-consultant", consultants(["2026-06"], s1_sales=9999), targets=TARGETS)
    assert not [x for x in said(root, "2026-06", "P8") if x[1] == "target-bonus"]


# ----------------------------------------------------------------------------- P7 referral (004)
def recruit(sid: str, by: str, joined: str, left: str = "") -> str:
    return (f"id: {sid}\nname: 新人{sid}\nteam: T-1\nchannel: inside\njoined: {joined}\nreferred_by: {by}\n"
            + (f"status: left\nleft: {left}\n" if left else ""))


def test_the_referral_reward_is_paid_in_the_month_the_recruit_passes_probation(tmp_path):
    # 004 「建立內部推薦機制,成功推薦新成員者給予額外獎勵」: 500 (the preset's, ours) when the recruit passes
    # probation, 90 days after joining (ours): S-5 joined 2026-06-01 + 90 days = 2026-08-30, in August.
    # S-6 joined the same day, recommended by S-2, and left on 2026-08-15, before passing: nothing.
    root = org(tmp_path, "sales-team", {}, staff={"S-5": recruit("S-5", "S-1", "2026-06-01"),
                                                  "S-6": recruit("S-6", "S-2", "2026-06-01", left="2026-08-15")})
    assert said(root, "2026-07", "P7") == [] and said(root, "2026-09", "P7") == []
    got = [x for x in payout(root, "2026-08") if x["code"] == "referral"]
    assert [(x["staff"], D(str(x["amount"])), x["what"], x["arithmetic"]) for x in got] == [
        ("S-1", D(500), "recommended S-5 (新人S-5), who passed probation", "joined 2026-06-01 + 90 days = 2026-08-30: 500.00")]
    assert got[0]["evidence"] == ["staff/S-5.yaml:1"]


# ----------------------------------------------------------------------------- switches
@pytest.mark.parametrize("rule", ["P6", "P7", "P8"])
def test_a_rule_switched_off_changes_no_other_line(tmp_path, rule):
    files = {**consultants(MONTHS), **group_reviews("{award: teamwork, team: T-1}")}
    staff = {"S-5": recruit("S-5", "S-1", "2026-05-31")}               # passes probation on 2026-08-29
    policy = "payout: {referral_reward: 300, training_subsidy: 50, fail_penalty: 10}\n"
    rules = {"P7": "on", rule: "off"}                                   # P7 is off in 002: on here
    on = org(tmp_path / "on", "membership-consultant", files, policy + "rules: {P7: on}\n", targets=TARGETS, staff=staff)
    off = org(tmp_path / "off", "membership-consultant", files,
              policy + "rules: {" + ", ".join(f"{k}: {v}" for k, v in rules.items()) + "}\n", targets=TARGETS, staff=staff)
    with_rule = payout(on, "2026-08")
    assert [x for x in with_rule if x["rule"] == rule]                  # the rule makes lines here ...
    assert payout(off, "2026-08") == [x for x in with_rule if x["rule"] != rule]   # ... and nothing else moves


# ----------------------------------------------------------------------------- bad input
def check(root):
    got = run("check", records=root)
    return got.exit_code, got.stdout


def test_a_nomination_of_an_unknown_team_or_award_and_a_bad_referral(tmp_path):
    files = {"reviews/2026-06/S-1.yaml": "nominations: [{award: teamwork, team: T-9}]\n",
             "reviews/2026-06/S-2.yaml": "nominations: [teamwrk]\n"}
    staff = {"S-5": recruit("S-5", "S-9", "2026-06-01"), "S-6": recruit("S-6", "S-6", "2026-06-01")}
    code, out = check(org(tmp_path, "membership-group", files, staff=staff))
    assert code == 1
    said_ = out.splitlines()
    for problem in ("reviews/2026-06/S-1.yaml:1: error: nominations[1].team T-9: no such team",
                    "reviews/2026-06/S-2.yaml:1: warning: nomination teamwrk: no title of the policy is given for it "
                    "(payout.titles' nominations: innovation, suggestion, teamwork)",
                    "staff/S-5.yaml:6: error: referred_by S-9: no such staff",
                    "staff/S-6.yaml:6: error: referred_by S-6: a person cannot recommend themselves"):
        assert problem in said_, problem


def test_a_team_nomination_of_a_person_only_title_is_an_error(tmp_path):
    # 創新獎 goes to a person (「…的員工」): a group cannot be nominated for it
    files = {"reviews/2026-06/S-1.yaml": "nominations: [{award: innovation, team: T-1}]\n"}
    code, out = check(org(tmp_path, "membership-group", files))
    assert code == 1 and "nomination innovation: the title 創新獎 goes to a person, not a team (to: person)" in out


def test_a_bad_referral_is_refused_and_changes_nothing(tmp_path):
    from helpers import make_repo
    root = org(tmp_path, "sales-team", {}, staff={"S-5": recruit("S-5", "S-1", "2026-06-01")})
    make_repo(root)
    before = (root / "staff/S-5.yaml").read_text()
    got = run("staff", "set", "S-5", "referred_by=S-9", records=root)
    assert got.exit_code != 0 and "referred_by S-9: no such staff" in got.stdout + got.stderr
    assert (root / "staff/S-5.yaml").read_text() == before


def test_a_title_needs_rank_by_or_nomination(tmp_path):
    root = org(tmp_path, "membership-group", {}, "payout:\n  titles: [{name: 獎}]\n")
    code, out = check(root)
    assert code != 0
    assert "title 獎: give either rank_by or nomination" in out + run("check", records=root).stderr
