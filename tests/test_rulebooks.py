"""Several rule books in one repository (issue 11): 会籍部 runs membership-consultant (002), 外联部
club-outreach (001), 电销部 telesales (003). Each department's people are computed under its own
book's policy, so no award, penalty or flag crosses a department; `policy show` names where every
value comes from; a rule switched off prints no line, no column and no statement step anywhere.

Worked by hand (August 2026; targets 10000 each, except 外联部's head and 电销部's leader, who have none):

  会籍部   S-1 inside leader 12000, S-2 inside 8000, S-3 outside 15000
  外联部   S-4 outreach head 5000, S-5 outreach 90000 (the most in the repository)
  电销部   S-6 telesales leader 3000, S-7 20000, S-8 15000

- P1 (switched on in each department; 2000 / 1000 / 500 within each department: the top of the file's
  9 / 9 / 9 is the repository's own and no department here runs it): 会籍部 S-3 2000, S-1 1000, S-2 500; 外联部 S-5 2000, S-4 1000; 电销部 S-7 2000, S-8 1000,
  S-6 500. With one company-wide ranking S-5 would have taken the 2000 from everyone.
- P2 (002 only: 「内销顾问完成目标任务后」 the department's top seller among inside consultants, 200):
  S-1 (12000 >= 10000); S-3 sold more but is 外销.
- P6 titles, one per department: 外联部 overrides its titles (最佳外聯專員, most sales, 300): S-5; 电销部
  銷售之星 (most sales, at least 100% of target): S-7 (200%); 会籍部 优秀员工 (best composite, at least 90): withheld,
  the best is S-1 with 80.
- P8 (002 only): target bonus 200 to S-1 (12000 >= 10000) and S-3 (15000); S-2's fail grade flagged.
- P4 commission (001 and 003; 3% of 100-120% of target, 5% above; 002 runs no P4):
  S-5 3% x 2000 + 5% x 78000 = 60 + 3900 = 3960; S-7 60 + 5% x 8000 = 460; S-8 60 + 5% x 3000 = 210;
  S-1 (002): none.
- P5: a 10-minute late arrival costs 50 in 电销部 (003) and 50 in 外联部 (001, counted once), nothing in 会籍部.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from helpers import run, write_records

POLICY = """\
general: {timezone: Asia/Shanghai}
payout: {top3: [9, 9, 9]}   # the repository's own: not for a department with a rule book of its own
departments:
  会籍部: {preset: membership-consultant, rules: {P1: on}}
  外联部:
    preset: club-outreach
    rules: {P1: on}
    payout: {titles: [{name: 最佳外聯專員, rank_by: sales, bonus: 300}]}
  电销部: {preset: telesales, rules: {P1: on}}
"""

TEAMS = {"T-1": ("会籍一组", "会籍部", "inside", "S-1"), "T-2": ("外销组", "会籍部", "outside", "S-3"),
         "T-3": ("外联一组", "外联部", "outreach", "S-4"), "T-4": ("电销一组", "电销部", "telesales", "S-6")}
STAFF = {  # id: (name, team, channel, role, target, August sales)
    "S-1": ("王芳", "T-1", "inside", "leader", 10000, 12000), "S-2": ("李雷", "T-1", "inside", "member", 10000, 8000),
    "S-3": ("欧阳娜娜", "T-2", "outside", "leader", 10000, 15000),
    "S-4": ("周敏", "T-3", "outreach", "leader", None, 5000), "S-5": ("陈静", "T-3", "outreach", "member", 10000, 90000),
    "S-6": ("林组长", "T-4", "telesales", "leader", None, 3000), "S-7": ("陈二", "T-4", "telesales", "member", 10000, 20000),
    "S-8": ("张三", "T-4", "telesales", "member", 10000, 15000),
}
DEPT = {sid: TEAMS[t][1] for sid, (_, t, *_rest) in STAFF.items()}


def files(policy: str = POLICY) -> dict:
    out = {"salesctl.yaml": policy,
           "leads/L-1.yaml": "id: L-1\nname: 客户甲\nsource: phone\ncreated: 2026-07-01T10:00:00+08:00\nowner: S-1\n"}
    for tid, (name, dept, channel, leader) in TEAMS.items():
        out[f"teams/{tid}.yaml"] = f"id: {tid}\nname: {name}\nleader: {leader}\ndepartment: {dept}\nchannel: {channel}\n"
    for i, (sid, (name, team, channel, role, target, sales)) in enumerate(STAFF.items(), 1):
        out[f"staff/{sid}.yaml"] = (f"id: {sid}\nname: {name}\nteam: {team}\nrole: {role}\nchannel: {channel}\njoined: 2025-01-01\n"
                                    + (f"targets: {{2026-08: {target}}}\n" if target else ""))
        out[f"deals/2026-08/D-{i}.yaml"] = (f"id: D-{i}\nlead: L-1\namount: {sales}\nsigned: 2026-08-1{i % 9}\n"
                                            f"payment: {{date: 2026-08-1{i % 9}, taken_by: {sid}}}\n")
    for sid in ("S-2", "S-5", "S-7"):
        out[f"attendance/2026-08/{sid}.yaml"] = "- {date: 2026-08-04, late_minutes: 10}\n"
    return out


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return write_records(tmp_path_factory.mktemp("three") / "records", files())


def payout(root, *more):
    got = run("payout", "--month", "2026-08", "--format", "json", *more, records=root)
    assert got.exit_code == 0, got.stderr
    return json.loads(got.stdout)


def by_code(lines, code) -> dict:
    return {x["staff"]: Decimal(str(x["amount"])) for x in lines if x["code"] == code}


def test_the_records_check_clean(repo):
    got = run("check", records=repo)
    assert got.exit_code == 0 and "0 error(s), 0 warning(s)" in got.stderr, got.stdout + got.stderr


def test_no_award_crosses_a_department(repo):
    lines = payout(repo)
    assert by_code(lines, "top3") == {"S-3": 2000, "S-1": 1000, "S-2": 500, "S-5": 2000, "S-4": 1000,
                                      "S-7": 2000, "S-8": 1000, "S-6": 500}
    assert by_code(lines, "dept-top") == {"S-1": 200}
    assert by_code(lines, "title") == {"S-5": 300, "S-7": 0}
    assert by_code(lines, "title-withheld") == {"S-1": 0}
    assert by_code(lines, "target-bonus") == {"S-1": 200, "S-3": 200}
    # 外联部 (001) pays its performance bonus by the quarter (payout --quarter), no monthly commission
    assert by_code(lines, "commission") == {"S-7": Decimal("460.00"), "S-8": Decimal("210.00")}
    assert by_code(lines, "late") == {"S-5": -50, "S-7": -50}
    for x in lines:   # each line under the rule book of the person's own department
        assert x["department"] == DEPT[x["staff"]]


def test_each_department_runs_only_its_books_rules(repo):
    rules = {}
    for x in payout(repo):
        rules.setdefault(x["department"], set()).add(x["rule"])
    assert "P4" not in rules["会籍部"] and "P5" not in rules["会籍部"]        # 002 has neither
    assert "P2" not in rules["外联部"] | rules["电销部"]                      # 002's alone


def test_close_totals_per_department_and_for_the_repository(repo, tmp_path):
    got = run("close", "--month", "2026-08", "--dry-run", records=repo)
    assert got.exit_code == 0, got.stderr
    assert "|  | 会籍部 | 外联部 | 电销部 | all |" in got.stdout
    assert "| credited sales | 35000.00 | 95000.00 | 38000.00 | 168000.00 |" in got.stdout


def test_policy_show_names_where_each_value_comes_from(repo):
    def show(*more):
        got = run("policy", "show", *more, "--format", "json", records=repo)
        assert got.exit_code == 0, got.stderr
        return {r["setting"]: r for r in json.loads(got.stdout)}

    out = show("--department", "外联部")
    assert (out["payout.titles"]["source"], out["payout.titles"]["file"], out["payout.titles"]["line"]) == (
        "department 外联部", "salesctl.yaml", 8)
    assert "300" in out["payout.titles"]["value"]
    assert (out["rules.P1"]["value"], out["rules.P1"]["source"], out["rules.P1"]["line"]) == (
        "on; roles leader, deputy, member; within department", "department 外联部", 7)
    assert (out["payout.top3"]["value"], out["payout.top3"]["source"]) == ("[2000.00, 1000.00, 500.00]", "default")
    assert (out["general.timezone"]["source"], out["general.timezone"]["line"]) == ("salesctl.yaml", 1)
    assert (out["rules.P2"]["value"], out["rules.P2"]["source"], out["rules.P2"]["file"]) == (
        "off", "preset club-outreach", "templates/presets/club-outreach.yaml")
    mine = show("--department", "会籍部")
    assert mine["rules.P2"]["value"] == "on; channels inside; roles leader, deputy, member"
    assert mine["payout.titles"]["source"] == "preset membership-consultant"
    bad = run("policy", "show", "--department", "财务部", records=repo)
    assert bad.exit_code == 2 and "no department '财务部'" in bad.stderr


def test_a_rule_switched_off_prints_no_line_column_or_step_anywhere(tmp_path):
    off = POLICY.replace("rules: {P1: on}", "rules: {P1: on, P5: off, P6: off, K6: off}")   # off in every department
    root = write_records(tmp_path / "records", files(off))
    lines = payout(root)
    assert not [x for x in lines if x["rule"] in ("P5", "P6")]
    staff = payout(root, "--by", "staff")
    assert not {"deductions", "absent_days", "titles"} & set(staff[0])
    statement = run("payout", "--month", "2026-08", "--statement", "S-7", records=root).stdout
    assert statement.startswith("# Payout statement")
    assert "P5" not in statement and "Days of pay" not in statement and "grade" not in statement
    summary = run("close", "--month", "2026-08", "--dry-run", records=root).stdout
    assert "P6" not in summary and "| P5 |" not in summary and "absent_days" not in summary


@pytest.mark.parametrize("policy, line, words", [
    ("rules:\n  T2: off\n  P9: on\n", 3, "rules.P9: unknown rule id 'P9'"),
    ("departments:\n  外联部: {preset: club-outrech}\n", 2, "'club-outrech' is not a rule book salesctl knows"),
    ("departments:\n  外联部:\n    general: {timezone: UTC}\n", 3, "general is the same for the whole repository"),
    ("departments:\n  外联部:\n    payout: {top_three: [1]}\n", 3, "unknown field"),
    ("preset: telesales\nrules: {P1: maybe}\n", 2, "rules.P1: 'maybe' is not on, off or a mapping"),
    ("departments:\n  外联部:\n    rules: {Q1: off}\n", 3, "departments.外联部: rules.Q1: unknown rule id"),
    ("departments:\n  外联部: {preset: nope}\n", 2, "departments.外联部.preset: 'nope' is not a rule book"),
])
def test_a_bad_rule_id_preset_or_department_setting_is_an_error_at_its_line(tmp_path, policy, line, words):
    root = write_records(tmp_path / "records", files(policy))
    got = run("check", records=root)
    assert got.exit_code == 1
    assert any(x.startswith(f"salesctl.yaml:{line}: error:") and words in x for x in got.stdout.splitlines()), got.stdout


def test_a_department_no_one_is_in_is_a_warning_at_its_line(tmp_path):
    root = write_records(tmp_path / "records", files(POLICY + "  电销二部: {preset: telesales}\n"))
    got = run("check", records=root)
    assert got.exit_code == 0
    assert ("salesctl.yaml:10: warning: departments.电销二部: no team or staff is in department '电销二部' "
            "(departments of the teams: 会籍部, 外联部, 电销部); its rule book applies to nobody") in got.stdout


def test_shifts_are_checked_against_the_persons_own_rule_book(tmp_path):
    # the repository's own settings add a night shift: S-9 (in no department) may work it; S-2 of 会籍部
    # runs 002's book, which has only early, late and day
    policy = POLICY.replace("payout: {top3: [9, 9, 9]}", "shifts: {night: {start: '22:00', end: '06:00'}}")
    out = files(policy)
    out["staff/S-2.yaml"] += "shifts: {mon: night}\n"
    out["staff/S-9.yaml"] = "id: S-9\nname: 无部门\nrole: member\nchannel: inside\njoined: 2025-01-01\nshifts: {mon: night}\n"
    got = run("check", records=write_records(tmp_path / "records", out))
    errors = [x for x in got.stdout.splitlines() if ": error: " in x]
    assert errors == ["staff/S-2.yaml:8: error: shift 'night' is not defined in the policy of 会籍部 (defined: early, late, day)"]


def test_a_check_warning_of_a_rule_that_is_off_is_not_shown(tmp_path):
    # T4's reported-to warning (004): on by default, off in every book here
    out = files(POLICY.replace("payout: {top3: [9, 9, 9]}", "rules: {T4: on}"))
    out["deals/2026-08/D-9.yaml"] = ("id: D-9\nlead: L-1\namount: 200000\nsigned: 2026-08-20\n"
                                     "payment: {date: 2026-08-20, taken_by: S-7}\nreported: {at: 2026-08-10, to: S-8}\n")
    root = write_records(tmp_path / "records", out)
    assert "reported.to" not in run("check", records=root).stdout
    out["salesctl.yaml"] = out["salesctl.yaml"].replace("电销部: {preset: telesales, rules: {P1: on}}",
                                                        "电销部: {preset: telesales, rules: {P1: on, T4: on}}")
    root = write_records(tmp_path / "on", out)
    assert "reported.to S-8" in run("check", records=root).stdout


def test_leads_return_to_the_pool_only_where_l6_is_on(tmp_path):
    # L-1 (owner S-1, 会籍部, 002 runs L6) and L-2 (owner S-7, 电销部: 003 states no pool rule)
    out = files()
    out["leads/L-2.yaml"] = "id: L-2\nname: 客户乙\nsource: phone\ncreated: 2026-07-01T10:00:00+08:00\nowner: S-7\n"
    root = write_records(tmp_path / "records", out)
    got = run("reclaim", "--as-of", "2026-09-30T12:00", "--dry-run", "--format", "json", records=root)
    assert got.exit_code == 0, got.stderr
    assert [r["lead"] for r in json.loads(got.stdout)] == ["L-1"]


def test_leads_are_given_out_by_the_rule_book_of_their_team(tmp_path):
    # 003 (电销部): 「銷售組長將分配到本小組的客戶資源…進一步分配給每位電銷專員」: the group leader hands leads out
    # and takes none (assign.capacity_roles [member]); 001 (外联部) keeps the default: the head takes leads too.
    out = files()
    for i in range(1, 5):
        out[f"leads/L-T{i}.yaml"] = f"id: L-T{i}\nname: 电话客户{i}\nsource: phone\ncreated: 2026-09-0{i}T10:00:00+08:00\nteam: T-4\n"
        out[f"leads/L-W{i}.yaml"] = f"id: L-W{i}\nname: 外联客户{i}\nsource: outreach\ncreated: 2026-09-0{i}T10:00:00+08:00\nteam: T-3\n"
    root = write_records(tmp_path / "records", out)
    got = run("assign", "--as-of", "2026-09-10T12:00", "--dry-run", "--format", "json", records=root)
    assert got.exit_code == 0, got.stderr
    owners = {r["lead"]: r["owner"] for r in json.loads(got.stdout)}
    assert {owners[f"L-T{i}"] for i in range(1, 5)} == {"S-7", "S-8"}          # never S-6, the leader
    assert "S-4" in {owners[f"L-W{i}"] for i in range(1, 5)}                      # 外联部's head takes some


def test_credit_never_crosses_a_department(tmp_path):
    # S3 (002) 「外销人员有此客人的有效跟踪记录,则外销得业绩70%」: S-9, of channel outside but in 电销部's team,
    # called 会籍部's customer; the sale is split by 会籍部's book, whose outside consultant is S-3 alone:
    # S-9's call is no follow-up there, so S2 gives it all to S-2, who took the payment
    out = files()
    out["staff/S-9.yaml"] = "id: S-9\nname: 外调\nteam: T-4\nrole: member\nchannel: outside\njoined: 2025-01-01\n"
    out["leads/L-9.yaml"] = "id: L-9\nname: 客户九\nsource: walk-in\ncreated: 2026-08-20T10:00:00+08:00\nowner: S-2\nteam: T-1\n"
    out["visits/2026-08/S-9.yaml"] = "- {id: V-1, lead: L-9, kind: call, at: 2026-08-18T10:00:00+08:00}\n"
    out["deals/2026-08/D-9.yaml"] = ("id: D-9\nlead: L-9\namount: 50000\nsigned: 2026-08-21\n"
                                     "payment: {date: 2026-08-21, taken_by: S-2}\n")
    root = write_records(tmp_path / "records", out)
    got = run("split", "--month", "2026-08", "--format", "json", records=root)
    assert got.exit_code == 0, got.stderr
    d9 = [r for r in json.loads(got.stdout) if r["deal"] == "D-9"]
    assert [(r["staff"], r["rule"]) for r in d9] == [("S-2", "S2")]
    explain = run("split", "--month", "2026-08", "--explain", records=root).stdout
    assert "S-9 works in 电销部, not 会籍部 whose rule book splits this deal" in explain


def test_no_figure_is_computed_when_the_policy_has_errors(tmp_path):
    # a misspelt rule book would otherwise leave the policy out: every rule of every book on its defaults
    root = write_records(tmp_path / "records", files(POLICY.replace("preset: telesales", "preset: telesale")))
    for command in (("payout", "--month", "2026-08"), ("score", "--month", "2026-08"), ("policy", "show")):
        got = run(*command, records=root)
        assert got.exit_code == 1 and got.stdout == ""
        assert "salesctl.yaml:9: error: departments.电销部.preset: 'telesale' is not a rule book" in got.stderr
        assert "salesctl.yaml has errors: no figure is computed with the default policy in its place" in got.stderr


def test_a_scope_switches_on_a_rule_its_book_has_off(tmp_path):
    # 003 runs no top three; `P1: {within: company}` is P1 on, ranked across the whole of 电销部's book
    root = write_records(tmp_path / "records", files(POLICY.replace(
        "电销部: {preset: telesales, rules: {P1: on}}", "电销部: {preset: telesales, rules: {P1: {within: company}}}")))
    assert by_code(payout(root), "top3")["S-7"] == 2000
    shown = json.loads(run("policy", "show", "-d", "电销部", "-f", "json", records=root).stdout)
    p1 = next(r for r in shown if r["setting"] == "rules.P1")
    assert (p1["value"], p1["source"]) == ("on; roles leader, deputy, member; within company", "department 电销部")


def test_a_person_whose_own_department_is_not_their_teams_is_a_warning(tmp_path):
    out = files()
    out["staff/S-8.yaml"] += "department: 会籍部\n"
    got = run("check", records=write_records(tmp_path / "records", out))
    assert ("staff/S-8.yaml:8: warning: department 会籍部 is not that of team T-4 (电销部); S-8 is counted in 会籍部 "
            "(department is for a manager without a team)") in got.stdout
