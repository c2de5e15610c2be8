"""Improvement plans (K5, K10) and training sessions (K9, K4), worked by hand on small repositories built
with the record commands (issue 12 items 4 and 5). The policy is salesctl's defaults unless a test says
otherwise: limits.trainings_per_month 1, training_pass 80, plan_due_days 15, plan_reasons all three.

The organisation: 销售部, team T-1 销售一组 (leader S-1 王芳, members S-2 李雷, S-3 韩梅) and team T-2
销售二组 (leader S-4 刘洋, member S-5 张伟). August 2026 has 31 days; its plans are due 2026-09-15.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import add, cli, git, make_repo, run
from salesctl.engines.indicators import month_indicators
from salesctl.engines.payout import payout_month
from salesctl.policy import Policy
from salesctl.records import Records
from salesctl.schema import Leave, Staff, Team, Training

MONTH = "2026-08"


def person(sid, name, team, role="member", target=None, extra=""):
    return (f"id: {sid}\nname: {name}\nteam: {team}\nrole: {role}\nchannel: outside\njoined: 2025-01-01\n"
            + (f"targets: {{{MONTH}: {target}}}\n" if target else "") + extra)


ORG = {
    "teams/T-1.yaml": "id: T-1\nname: 销售一组\nleader: S-1\ndepartment: 销售部\nchannel: outside\n",
    "teams/T-2.yaml": "id: T-2\nname: 销售二组\nleader: S-4\ndepartment: 销售部\nchannel: outside\n",
    "staff/S-1.yaml": person("S-1", "王芳", "T-1", "leader"),
    "staff/S-2.yaml": person("S-2", "李雷", "T-1", target=10000),
    "staff/S-3.yaml": person("S-3", "韩梅", "T-1", extra="leave: [{start: 2026-08-12, end: 2026-08-14, why: 病假}]\n"),
    "staff/S-4.yaml": person("S-4", "刘洋", "T-2", "leader"),
    "staff/S-5.yaml": person("S-5", "张伟", "T-2", target=10000),
    "leads/L-1.yaml": "id: L-1\nname: 张三\nsource: phone\ncreated: 2026-08-01T10:00:00+08:00\nowner: S-2\n",
    "salesctl.yaml": "rules:\n  K6: off   # no grades unless a test says so: only K5's reasons open plans\n",
    "deals/2026-08/D-1.yaml": "id: D-1\nlead: L-1\namount: 12000\nsigned: 2026-08-05\npayment: {date: 2026-08-05, taken_by: S-5}\n",
}
# 李雷 (S-2): target 10000, credited 0 -> misses target (K5). 张伟 (S-5): 12000 >= 10000, no plan.


def repo(tmp_path, files=None):
    return make_repo(tmp_path / "r", {**ORG, **(files or {})})


def flags(root, month, *rules):
    got = json.loads(cli(root, "payout", "--month", month, "--format", "json"))
    return [(r["staff"], r["rule"], r["code"], r["what"]) for r in got if r["rule"] in rules]


# ----------------------------------------------------------------------------- training (K9, K4)
def test_a_team_with_no_training_is_flagged_on_its_leader(tmp_path):
    root = repo(tmp_path)
    # 王芳 holds one session for 销售一组 on 08-12 (韩梅 on sick leave 08-12..14: excused); 销售二组 holds none
    assert add(root, "training", "date=2026-08-12", "topic=竞品分析", "held_by=S-1", "attendees=[S-2]",
               "scores.S-2=90") == "TR-0001"
    # K9 「每月至少开展一次产品知识或销售技巧培训」: T-2 0 sessions < 1, on its leader 刘洋; T-1 has 1
    assert flags(root, MONTH, "K9") == [
        ("S-4", "K9", "no-training", "team T-2 (销售二组) held fewer than 1 training session(s) in 2026-08")]


def test_a_score_below_80_is_flagged_and_a_missed_session_without_leave_is_flagged(tmp_path):
    root = repo(tmp_path)
    for tid in ("T-1", "T-2"):
        add(root, "training", "date=2026-08-20", "topic=销售话术演练", "held_by=" + ("S-1" if tid == "T-1" else "S-4"),
            "attendees=[S-2]" if tid == "T-1" else "attendees=[S-5]", "scores.S-2=79" if tid == "T-1" else "scores.S-5=80")
    # K4 「成绩需达到80分以上」: 李雷 79 < 80; 张伟's 80 passes. K9 「不得无故缺席」: 韩梅 (T-1) was not on
    # leave on 08-20 (her leave is 08-12..14) and did not come
    assert flags(root, MONTH, "K4", "K9") == [
        ("S-2", "K4", "training", "training test score below 80"),
        ("S-3", "K9", "missed-training", "missed the required training TR-0001 on 2026-08-20 (销售话术演练)"),
    ]
    score = {r["staff"]: r for r in json.loads(cli(root, "score", "--month", MONTH, "--format", "json"))}
    assert Decimal(str(score["S-2"]["training_score"])) == Decimal(79)


def test_leave_excuses_a_missed_session_and_optional_sessions_flag_nobody(tmp_path):
    root = repo(tmp_path)
    add(root, "training", "date=2026-08-13", "topic=客户异议处理", "held_by=S-1", "attendees=[S-2]")   # 韩梅 on leave
    add(root, "training", "date=2026-08-21", "topic=竞品分析", "held_by=S-1", "attendees=[S-2]", "required=false")
    add(root, "training", "date=2026-08-21", "topic=新产品", "held_by=S-4", "attendees=[S-5]")
    assert flags(root, MONTH, "K9") == []
    people = {k: v.values for k, v in month_indicators(_records(root), MONTH).items()}
    # 韩梅: expected at no required session (excused 08-13; 08-21 optional) -> no rate; 李雷: 1 of 1 required
    assert people["S-3"]["training_rate"] is None and people["S-3"]["training_attended"] == 0
    assert people["S-2"]["training_rate"] == Decimal(100) and people["S-2"]["training_attended"] == 2
    assert people["S-2"]["training_notes"] == Decimal(0)      # attended 2, handed notes in for none


def test_a_leaver_keeps_their_training_history(tmp_path):
    # O3 「离职人员保留历史」: 韩梅 (S-3) left on 2026-08-31 (status left). In June she was employed and not on
    # leave (her leave is 08-12..14), was expected at 王芳's required session of 06-10 and did not come: her
    # June K9 flag and her June training_rate (0 of 1 = 0%) stay as they were before she left
    root = repo(tmp_path)
    add(root, "training", "date=2026-06-10", "topic=竞品分析", "held_by=S-1", "attendees=[S-2]")
    june = flags(root, "2026-06", "K9")
    rate = month_indicators(_records(root), "2026-06")["S-3"].values["training_rate"]
    assert ("S-3", "K9", "missed-training", "missed the required training TR-0001 on 2026-06-10 (竞品分析)") in june
    assert rate == Decimal(0)
    cli(root, "staff", "set", "S-3", "status=left", "left=2026-08-31")
    assert flags(root, "2026-06", "K9") == june
    assert month_indicators(_records(root), "2026-06")["S-3"].values["training_rate"] == rate
    # after her last day she is expected nowhere: a session of 09-02 does not flag her
    add(root, "training", "date=2026-09-02", "topic=新产品", "held_by=S-1", "attendees=[S-2]")
    assert [f for f in flags(root, "2026-09", "K9") if f[0] == "S-3"] == []


def test_a_team_without_a_head_is_flagged_on_its_department_manager_and_else_warned(tmp_path):
    # 销售三组 (T-3) has no leader or deputy; 赵敏 (S-6) is 销售部's manager (no team): she holds training
    # for the teams without a head, so August's K9 「每月至少开展一次…培训」 (0 sessions < 1) is hers for T-3
    team3 = "id: T-3\nname: 销售三组\ndepartment: 销售部\nchannel: outside\n"
    manager = ("id: S-6\nname: 赵敏\nrole: manager\ndepartment: 销售部\nchannel: outside\n"
               "joined: 2025-01-01\n")
    root = repo(tmp_path, {"teams/T-3.yaml": team3, "staff/S-6.yaml": manager})
    assert sorted((f[0], f[3]) for f in flags(root, MONTH, "K9")) == [
        ("S-1", "team T-1 (销售一组) held fewer than 1 training session(s) in 2026-08"),
        ("S-4", "team T-2 (销售二组) held fewer than 1 training session(s) in 2026-08"),
        ("S-6", "team T-3 (销售三组) held fewer than 1 training session(s) in 2026-08")]
    assert run("check", records=root).stdout == ""
    # no manager either: nobody to flag; `check` says so on the team, and the other teams are still flagged
    root = make_repo(tmp_path / "r2", {**ORG, "teams/T-3.yaml": team3})
    assert sorted(f[0] for f in flags(root, MONTH, "K9")) == ["S-1", "S-4"]
    checked = run("check", records=root)
    assert checked.exit_code == 0 and checked.stdout.splitlines() == [
        "teams/T-3.yaml:1: warning: team T-3 (销售三组) has no leader, deputy or manager of its department (销售部): "
        "K9 no-training has nobody to flag"]
    # with K9 off, or no monthly minimum, there is nothing to warn about
    for policy in ("rules:\n  K6: off\n  K9: off\n", "rules:\n  K6: off\nlimits:\n  trainings_per_month: 0\n"):
        (root / "salesctl.yaml").write_text(policy, encoding="utf-8")
        assert run("check", records=root).stdout == ""


def test_payout_by_staff_shows_each_flag_once_with_its_count(tmp_path):
    # 韩梅 (S-3) misses both of 王芳's required sessions (08-20, 08-27; her leave is 08-12..14): two K9
    # missed-training lines, one entry in the staff row's flags column, "K9 missed-training x2"
    root = repo(tmp_path)
    for day in ("20", "27"):
        add(root, "training", f"date=2026-08-{day}", "topic=销售话术演练", "held_by=S-1", "attendees=[S-2]")
    assert [f[0] for f in flags(root, MONTH, "K9") if f[2] == "missed-training"] == ["S-3", "S-3"]
    rows = {r["staff"]: r for r in json.loads(cli(root, "payout", "--month", MONTH, "--by", "staff", "--format", "json"))}
    assert [f for f in rows["S-3"]["flags"] if f.startswith("K9")] == ["K9 missed-training x2"]
    assert [f for f in rows["S-4"]["flags"] if f.startswith("K9")] == ["K9 no-training"]    # once: no count


def _records(root):
    from helpers import load_records

    return load_records(root)


def test_training_add_refuses_an_unknown_attendee_and_a_score_out_of_range(tmp_path):
    root = repo(tmp_path)
    head = git(root, "rev-parse", "HEAD")
    bad = run("training", "add", "date=2026-08-12", "topic=竞品分析", "held_by=S-1", "attendees=[S-2, S-9]", records=root)
    assert bad.exit_code == 1 and "attendees[2] S-9: no such staff" in bad.stderr
    bad = run("training", "add", "date=2026-08-12", "topic=竞品分析", "held_by=S-1", "attendees=[S-2]",
              "scores.S-2=101", records=root)
    assert bad.exit_code == 1 and "scores.S-2: expected a number <= 100.0" in bad.stderr
    bad = run("training", "add", "date=2026-08-12", "topic=竞品分析", "held_by=S-1", "team=T-9", records=root)
    assert bad.exit_code == 1 and "team T-9: no such team" in bad.stderr
    assert git(root, "rev-parse", "HEAD") == head and not (root / "trainings" / "2026-08").exists()
    # a score for someone who did not attend is a warning: written, and `check` says so
    add(root, "training", "date=2026-08-12", "topic=竞品分析", "held_by=S-1", "attendees=[S-2]", "scores.S-3=88")
    checked = run("check", records=root)
    assert checked.exit_code == 0 and checked.stdout.splitlines() == [
        "trainings/2026-08/TR-0001.yaml:8: warning: a test score for S-3, who is not among the attendees"]


def test_a_record_filed_by_month_without_its_date_is_refused_naming_the_date(tmp_path):
    # trainings/<YYYY-MM>/, deals/<YYYY-MM>/ and visits/<YYYY-MM>/ take their month from date, signed, at:
    # without it the message says so (it was "trainings/None/TR-0001.yaml:1: error: training files live in …")
    root = repo(tmp_path)
    head = git(root, "rev-parse", "HEAD")
    for args, field, folder in ((("training", "add", "topic=竞品分析", "held_by=S-1"), "date", "trainings"),
                                (("deal", "add", "lead=L-1", "amount=100"), "signed", "deals"),
                                (("visit", "add", "staff=S-2", "at="), "at", "visits")):
        bad = run(*args, records=root)
        assert bad.exit_code == 2 and "None" not in bad.stderr
        assert f"error: {field} is required (give {field}=…): a {args[0]}'s file goes under {folder}/<YYYY-MM>/ by it" \
            in bad.stderr
    assert git(root, "rev-parse", "HEAD") == head and not (root / "trainings").exists()


def test_the_reviews_typed_training_is_the_fallback_for_a_month_without_sessions(tmp_path):
    root = repo(tmp_path, {f"reviews/{MONTH}/S-2.yaml": "training_attended: 3\ntraining_score: 70\n"})
    pm = month_indicators(_records(root), MONTH)["S-2"]
    assert (pm.get("training_attended"), pm.get("training_score")) == (3, Decimal(70))
    add(root, "training", "date=2026-08-20", "topic=竞品分析", "held_by=S-1", "attendees=[S-2]", "scores.S-2=90")
    pm = month_indicators(_records(root), MONTH)["S-2"]
    assert (pm.get("training_attended"), pm.get("training_score")) == (1, Decimal(90))   # the session wins


# ----------------------------------------------------------------------------- improvement plans (K5, K10)
def test_plan_open_writes_the_owed_plans_in_one_commit_and_is_idempotent(tmp_path):
    root = repo(tmp_path)
    before = int(git(root, "rev-list", "--count", "HEAD"))
    out = json.loads(cli(root, "plan", "open", "--month", MONTH, "--as-of", "2026-09-02", "--format", "json"))
    # K5 「未达标者需提交改进计划」: 李雷 0.00 < 10000.00; due 2026-08-31 + 15 days
    assert [(r["staff"], r["due"], r["reasons"]) for r in out] == [
        ("S-2", "2026-09-15", "K5: missed target: credited 0.00 < target 10000.00")]
    assert int(git(root, "rev-list", "--count", "HEAD")) == before + 1
    assert (root / f"plans/{MONTH}/S-2.yaml").read_text(encoding="utf-8") == (
        'reasons:\n  - rule: K5\n    why: "missed target: credited 0.00 < target 10000.00"\n'
        "opened: 2026-09-02\ndue: 2026-09-15\n")
    again = run("plan", "open", "--month", MONTH, records=root)
    assert again.exit_code == 0 and "no improvement plan to open for 2026-08" in again.stderr
    assert int(git(root, "rev-list", "--count", "HEAD")) == before + 1


def test_plan_open_and_plan_set_refuse_bad_input(tmp_path):
    root = repo(tmp_path)
    head = git(root, "rev-parse", "HEAD")
    bad = run("plan", "open", "--month", "2026-13", records=root)
    assert bad.exit_code == 2 and "--month '2026-13' is not a month (YYYY-MM)" in bad.stderr
    cli(root, "plan", "open", "--month", MONTH, "--as-of", "2026-09-02")
    head = git(root, "rev-parse", "HEAD")
    bad = run("plan", "set", f"S-2:{MONTH}", "reviewed_by=S-9", records=root)
    assert bad.exit_code == 1 and "reviewed_by S-9: no such staff" in bad.stderr
    bad = run("plan", "add", "staff=S-9", f"month={MONTH}", "due=2026-09-15", records=root)
    assert bad.exit_code == 1 and "no staff S-9" in bad.stderr
    bad = run("plan", "set", f"S-2:{MONTH}", "submitted=2026-09-01", records=root)   # before it was opened
    assert bad.exit_code == 1 and "submitted 2026-09-01 is before the plan was opened (2026-09-02)" in bad.stderr
    assert git(root, "rev-parse", "HEAD") == head


def test_a_plan_past_due_is_flagged_in_the_due_month_naming_the_date(tmp_path):
    root = repo(tmp_path)
    # 李雷 owes a plan for August (K5), due 09-15; no record at all: flagged in September's payout, not August's
    assert flags(root, MONTH, "K10") == []
    assert flags(root, "2026-09", "K10") == [
        ("S-2", "K10", "plan-overdue", "improvement plan for 2026-08 due 2026-09-15 not submitted by then")]
    # the K5 flag of August says a plan is owed, and by when
    assert ("S-2", "K5", "improvement-plan", "missed target: improvement plan due 2026-09-15") in flags(root, MONTH, "K5")
    cli(root, "plan", "open", "--month", MONTH, "--as-of", "2026-09-02")
    cli(root, "plan", "set", f"S-2:{MONTH}", "submitted=2026-09-16", "content=每天多打20个电话")   # a day late
    assert [x[0] for x in flags(root, "2026-09", "K10")] == ["S-2"]
    listed = json.loads(cli(root, "plan", "overdue", "--as-of", "2026-09-20", "--format", "json"))
    assert [(r["staff"], r["due"], r["submitted"]) for r in listed] == [("S-2", "2026-09-15", "2026-09-16")]


def test_plan_overdue_check_exits_1_when_some_plan_is_overdue(tmp_path):
    # for cron, as `review status --check`: 李雷's August plan is due 2026-09-15 (2026-08-31 + 15 days)
    root = repo(tmp_path)
    cli(root, "plan", "open", "--month", MONTH, "--as-of", "2026-09-02")
    on_time = run("plan", "overdue", "--as-of", "2026-09-15", "--check", records=root)   # due that day: not yet late
    assert on_time.exit_code == 0
    late = run("plan", "overdue", "--as-of", "2026-09-16", "--check", "--format", "json", records=root)
    assert late.exit_code == 1 and [r["staff"] for r in json.loads(late.stdout)] == ["S-2"]
    # without --check the list is the same and the exit status 0
    assert run("plan", "overdue", "--as-of", "2026-09-16", records=root).exit_code == 0
    cli(root, "plan", "set", f"S-2:{MONTH}", "submitted=2026-09-14", "content=每天多打20个电话")
    assert run("plan", "overdue", "--as-of", "2026-09-16", "--check", records=root).exit_code == 0


def test_a_plan_submitted_on_time_is_not_flagged_and_an_extension_moves_the_month(tmp_path):
    root = repo(tmp_path)
    cli(root, "plan", "open", "--month", MONTH, "--as-of", "2026-09-02")
    cli(root, "plan", "set", f"S-2:{MONTH}", "submitted=2026-09-15")   # on the due day
    assert flags(root, "2026-09", "K10") == []
    cli(root, "plan", "set", f"S-2:{MONTH}", "submitted=", "due=2026-10-05")   # not handed in; extended
    assert flags(root, "2026-09", "K10") == []
    assert flags(root, "2026-10", "K10") == [
        ("S-2", "K10", "plan-overdue", "improvement plan for 2026-08 due 2026-10-05 not submitted by then")]


def test_the_reasons_follow_the_policy(tmp_path):
    # limits.plan_reasons [low-satisfaction]: a missed target alone opens no plan (李雷 has no ratings)
    root = repo(tmp_path, {"salesctl.yaml": "rules:\n  K6: off\nlimits:\n  plan_reasons: [low-satisfaction]\n"})
    assert json.loads(cli(root, "plan", "open", "--month", MONTH, "--dry-run", "--format", "json")) == []
    # K5 off switches its reasons off with it
    root = make_repo(tmp_path / "r2", {**ORG, "salesctl.yaml": "rules:\n  K5: off\n  K6: off\n"})
    assert json.loads(cli(root, "plan", "open", "--month", MONTH, "--dry-run", "--format", "json")) == []


def test_a_fail_grade_opens_a_k10_plan(tmp_path):
    # K10 (000 「對于考核結果不達標…制定改進措施」) with K6's grades on: 李雷's composite is 0 (attainment 0, no
    # new customers, contacts or meetings; satisfaction and rating have no value and are left out): fail, below
    # the pass mark 50 set here. 张伟: attainment 120% -> 40 x 1.2 = 48 points at least, of the counted weights
    # at their caps 60 + 15 + 10 + 5 = 90: 53.33 or more >= 50, pass; and he reached his target: no plan
    root = repo(tmp_path, {"salesctl.yaml": "score:\n  grades: {excellent: 90, good: 80, pass: 50}\n"})
    out = json.loads(cli(root, "plan", "open", "--month", MONTH, "--dry-run", "--format", "json"))
    assert [(r["staff"], r["reasons"]) for r in out] == [
        ("S-2", "K5: missed target: credited 0.00 < target 10000.00; K10: grade fail (不合格)")]


# ----------------------------------------------------------------------------- properties
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IDS = [f"S-{i}" for i in range(1, 6)]


@st.composite
def sessions(draw):
    """Up to four sessions in August of team T-1 (S-1 leads; S-2..S-5 members, some on leave)."""
    out = []
    for i in range(draw(st.integers(0, 4))):
        day = draw(st.integers(1, 31))
        invited = draw(st.lists(st.sampled_from(IDS[1:]), unique=True, max_size=4))
        came = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=5))
        out.append(Training(id=f"TR-{i}", date=dt.date(2026, 8, day), topic="t", held_by="S-1", team="T-1",
                            required=draw(st.booleans()), invited=tuple(invited), attendees=tuple(came)))
    return out


@SETTINGS
@given(sessions(), st.lists(st.integers(1, 31), max_size=3))
def test_training_rate_is_a_percent_and_only_expected_absentees_are_flagged(ts, leave_days):
    leave = tuple(Leave(start=dt.date(2026, 8, d), end=dt.date(2026, 8, d)) for d in leave_days)
    staff = [Staff(id=sid, name=sid, team="T-1", role="leader" if sid == "S-1" else "member", channel="outside",
                   joined=dt.date(2025, 1, 1), leave=leave if sid == "S-3" else ()) for sid in IDS]
    records = Records(Policy(), staff=staff, teams=[Team(id="T-1", name="一组", leader="S-1", department="销售部")],
                      trainings=ts)
    for pm in month_indicators(records, MONTH).values():
        rate = pm.get("training_rate")
        assert rate is None or Decimal(0) <= rate <= Decimal(100)
    got = {(x.staff, re.search(r"TR-\d+", x.what).group()) for x in payout_month(records, MONTH).lines
           if x.code == "missed-training"}
    # invited (or, none named, the team's members but the holder), required, absent, and not on leave that day
    expected = {(sid, t.id) for t in ts for sid in (t.invited or IDS[1:])
                if t.required and sid not in t.attendees and not (sid == "S-3" and t.date.day in leave_days)}
    assert got == expected


def test_plans_are_opened_and_handed_in_after_their_month_is_closed(tmp_path):
    # a plan answers a month and is written after it: closing August does not freeze plans/2026-08/
    root = repo(tmp_path)
    cli(root, "close", "--month", MONTH)
    cli(root, "plan", "open", "--month", MONTH, "--as-of", "2026-09-02")
    cli(root, "plan", "set", f"S-2:{MONTH}", "submitted=2026-09-10")
    assert run("check", records=root).exit_code == 0
    assert flags(root, "2026-09", "K10") == []
