"""Quarters and years (K11, P4, P7): targets by period, the breakdown check, a year's bonus by the
rule book telesales (seed 003), bad period input, and the engine's invariants.

The year is 2025 (a year that has ended: close --year refuses one that has not). Its months are light:
a target of 10000 a month for each of three 電銷專員, a deal or two a month and one day's call log
(K7 「電話撥打數量」「有效溝通客戶數量」) of 1000 calls and 300 effective, so every month's composite
can be worked by hand from the preset's items (K4): attainment w30 target 100 cap 1.5, new_customers
w10 target 8, satisfaction w10 (no ratings: left out), calls w10 target 1000, effective w10 target 300,
sales_cycle_days w5 target 30 (lower is better), rating w25 (no review: left out); full marks are the
counted weights at their caps, 45 + 10 + 10 + 10 + 5 = 80; grades 90 / 80 / 60 (K6).
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import add, admin_env, cli, git, load_records, make_repo, preset_repo, run, write_records
from salesctl.domain.calendar import parse_period
from salesctl.domain.staffing import period_target
from salesctl.engines.payout.period import PeriodContext, PeriodFigure, p4_quarter_bonus

YEAR = "2025"


def as_json(root, *args):
    return json.loads(cli(root, *args, "--format", "json"), parse_float=Decimal)


def money(x) -> str:
    return f"{Decimal(x):.2f}"


def build_year(root) -> dict:
    preset_repo(root, "telesales")
    team = add(root, "team", name="電銷一組", department="電銷部", channel="telesales")
    targets = [f"targets.{YEAR}-{m:02d}=10000" for m in range(1, 13)]
    ids = {name: add(root, "staff", f"name={name}", f"team={team}", "role=member", "channel=telesales",
                     f"joined={YEAR}-01-01", *targets) for name in ("張一", "陳二", "林三")}
    a, b, c = ids["張一"], ids["陳二"], ids["林三"]
    n = 0
    for m in range(1, 13):
        month = f"{YEAR}-{m:02d}"
        sales = {a: [15000 if m <= 6 else 12000], b: [5000], c: [7500, 7500]}
        for sid, amounts in sales.items():
            for amount in amounts:
                n += 1
                lead = add(root, "lead", name=f"客戶{n}", phone=f"139{n:08d}", source="phone",
                           created=f"{month}-02T10:00", team=team, owner=sid, status="won")
                add(root, "deal", lead=lead, kind="new", product="年度服務", amount=amount, signed=f"{month}-12",
                    payment__date=f"{month}-12", payment__taken_by=sid)
            add(root, "activity", staff=sid, date=f"{month}-05", calls=1000, effective=300, intention=30, orders=1)
    return ids


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        admin_env(mp, tmp_path_factory.mktemp("home"))
        mp.delenv("SALESCTL_RECORDS", raising=False)
        mp.delenv("SALESCTL_AUTHOR", raising=False)
        root = tmp_path_factory.mktemp("tele") / "records"
        build_year(root)
        cli(root, "close", "--year", YEAR)
        yield root


# Each month by hand (calls 1000/1000 -> 10, effective 300/300 -> 10, cycle 10 days <= 30 -> 5):
#   張一 Jan-Jun: 15000/10000 = 150% -> 30 x 1.5 = 45; 1 new customer /8 -> 1.25; 45 + 1.25 + 25 = 71.25;
#                 100 x 71.25 / 80 = 89.06 (good)
#   張一 Jul-Dec: 12000/10000 = 120% -> 36; 36 + 1.25 + 25 = 62.25 -> 77.81 (pass)
#   陳二 every month: 5000/10000 = 50% -> 15; 15 + 1.25 + 25 = 41.25 -> 51.56 (fail)
#   林三 every month: 7500 + 7500 = 15000 -> 45; 2 new customers -> 2.5; 72.5 -> 90.63 (excellent)
MONTHS = {"S-0001": ["89.06"] * 6 + ["77.81"] * 6, "S-0002": ["51.56"] * 12, "S-0003": ["90.63"] * 12}
# The year (003 「年度考核結果為全年月度考核結果的綜合」, year_weights all 1: the mean of the twelve):
#   張一 (6 x 89.06 + 6 x 77.81) / 12 = 83.435 -> 83.44 good; 陳二 51.56 fail; 林三 90.63 excellent
YEAR_SCORE = [("S-0001", "83.44", "good"), ("S-0002", "51.56", "fail"), ("S-0003", "90.63", "excellent")]
# P4 「績效獎金與員工月度和年度績效考核成績掛鉤」: payout.year_grade_bonus {excellent 2000, good 1000} (ours)
YEAR_BONUS = [("S-0001", "P4", "year-bonus", "1000.00"), ("S-0003", "P4", "year-bonus", "2000.00")]


def test_each_month_is_the_hand_worked_composite(year):
    for m in range(1, 13):
        month = f"{YEAR}-{m:02d}"
        got = {r["staff"]: money(r["composite"]) for r in as_json(year, "score", "--month", month)}
        assert got == {k: v[m - 1] for k, v in MONTHS.items()}, month


def test_the_year_is_the_mean_of_its_months(year):
    rows = as_json(year, "score", "--year", YEAR)
    assert [(r["staff"], money(r["composite"]), r["grade"]) for r in rows] == YEAR_SCORE
    # K11: no 2025 key: the year's target is the sum of its quarters', each the sum of its months: 120000
    assert {money(r["target"]) for r in rows} == {"120000.00"}


def test_the_year_pays_its_bonus_by_the_grade(year):
    got = [(x["staff"], x["rule"], x["code"], money(x["amount"])) for x in as_json(year, "payout", "--year", YEAR)]
    assert got == YEAR_BONUS
    line = as_json(year, "payout", "--year", YEAR)[0]
    assert line["arithmetic"].startswith("year composite 83.44 (weighted mean of 2025-01 89.06,")
    assert line["arithmetic"].endswith("-> good: 1000.00")
    # no quarterly bonus in 003 (payout.quarter_bonus_rate null: 「績效考核分為月度考核和年度考核」)
    assert as_json(year, "payout", "--quarter", "2025Q2") == []


def test_the_year_is_closed_and_tagged(year):
    assert git(year, "tag", "--list", "close/*").split() == [f"close/{YEAR}"]
    payroll = (year / "reports" / YEAR / "payout.csv").read_text(encoding="utf-8")
    # the preset's reports are Chinese (general.language: zh), their csv headers too; json keys stay English
    assert payroll.splitlines()[0] == "行,员工,姓名,小组,部门,业绩,目标,目标来源,完成率%,综合分,等级,年度奖,合计,提示"
    # sales 張一 6 x 15000 + 6 x 12000 = 162000, 陳二 60000, 林三 180000: 402000; targets 3 x 120000; bonuses 1000 + 2000
    assert [x.split(",")[0] for x in payroll.splitlines()[1:]] == ["staff"] * 3   # the payroll file: people only
    totals = (year / "reports" / YEAR / "payout-totals.csv").read_text(encoding="utf-8")
    assert totals.splitlines()[-1] == "total,,total,,,402000.00,360000.00,,,,,3000.00,3000.00,"
    assert git(year, "status", "--porcelain") == ""


# ----------------------------------------------------------------------------- bad input changes nothing
@pytest.mark.parametrize("args, message", [
    (["payout", "--quarter", "2026Q5"], "'2026Q5' is not a month (2026-08), quarter (2026Q3) or year (2026)"),
    (["payout", "--month", "2026-07", "--quarter", "2026Q3"], "give exactly one of --month, --quarter, --year"),
    (["payout", "--quarter", "2026"], "--quarter '2026' is not a quarter"),
    (["close", "--quarter", "2026Q5"], "is not a month (2026-08), quarter (2026Q3) or year (2026)"),
    (["close", "--month", "2026-07", "--quarter", "2026Q3"], "give exactly one of --month, --quarter, --year"),
    (["close", "--quarter", "2099Q1"], "and its last day is 2099-03-31; close it after that day, or close it early: salesctl close --quarter 2099Q1 --early --why '…'"),
    (["close", "--year", "2099", "--dry-run"], "2099 has not ended"),
])
def test_bad_period_input_is_refused_and_changes_nothing(year, args, message):
    head = git(year, "rev-parse", "HEAD")
    res = run(*args, records=year)
    assert res.exit_code == 2 and message in res.stderr
    assert git(year, "rev-parse", "HEAD") == head and git(year, "status", "--porcelain") == ""


# ----------------------------------------------------------------------------- targets by period (K11)
TEAM = "id: T-1\nname: 会籍一组\ndepartment: 会籍部\nchannel: inside\n"


def staff(sid: str, targets: str) -> str:
    return f"id: {sid}\nname: 员工{sid}\nteam: T-1\nchannel: inside\njoined: 2025-01-01\ntargets: {{{targets}}}\n"


def test_the_period_key_wins_over_the_months_and_says_so(tmp_path):
    root = write_records(tmp_path / "r", {"teams/T-1.yaml": TEAM,
                                          "staff/S-1.yaml": staff("S-1", "2026-07: 10000, 2026-08: 10000, 2026Q3: 45000"),
                                          "staff/S-2.yaml": staff("S-2", "2026-07: 10000, 2026-09: 20000")})
    rows = {r["staff"]: r for r in as_json(root, "score", "--quarter", "2026Q3")}
    assert money(rows["S-1"]["target"]) == "45000.00"
    assert money(rows["S-2"]["target"]) == "30000.00"    # 10000 + 20000, no 2026Q3 key
    text = cli(root, "score", "--quarter", "2026Q3", "--explain", "S-1")
    assert "the 2026Q3 target" in text
    assert "sum of the month targets: 2026-07 10000.00 + 2026-09 20000.00" in cli(root, "score", "--quarter", "2026Q3", "--explain", "S-2")


def test_check_warns_when_the_breakdown_does_not_add_up(tmp_path):
    # 004 「将总体目标分解为部门和个人目标」: the team's 2026Q3 target 100000 against its members' 45000 + 30000
    root = write_records(tmp_path / "r", {
        "salesctl.yaml": "rules:\n  K11: on\n",
        "teams/T-1.yaml": TEAM + "targets: {2026Q3: 100000}\n",
        "staff/S-1.yaml": staff("S-1", "2026-07: 10000, 2026-08: 10000, 2026Q3: 45000"),
        "staff/S-2.yaml": staff("S-2", "2026-07: 10000, 2026-09: 20000")})
    res = run("check", records=root)
    assert ("teams/T-1.yaml:5: warning: targets.2026Q3: the team's target is 100000.00 but its members' add up to "
            "75000.00 (S-1 45000.00 + S-2 30000.00)") in res.stdout + res.stderr
    assert ("staff/S-1.yaml:6: warning: targets.2026Q3: 45000.00, but the month targets in it add up to 20000.00 "
            "(2026-07 10000.00 + 2026-08 10000.00)") in res.stdout + res.stderr
    # switched off (K11 off, as in four of the presets), the warnings are not shown
    (root / "salesctl.yaml").write_text("rules:\n  K11: off\n", encoding="utf-8")
    res = run("check", records=root)
    assert "targets.2026Q3" not in res.stdout + res.stderr


def test_a_department_target_is_broken_down_to_its_teams(tmp_path, monkeypatch):
    """004 「将总体目标分解为部门和个人目标」: the department record's 2026Q3 target 300000 against its teams'
    100000 + 150000 = 250000 (the team of another department is not counted); made equal, no warning."""
    admin_env(monkeypatch, tmp_path / "home")
    root = preset_repo(tmp_path / "records", "sales-team")
    add(root, "department", "name=销售部", "targets.2026Q3=300000")
    add(root, "team", name="销售一组", department="销售部", channel="outside", **{"targets.2026Q3": 100000})
    add(root, "team", name="销售二组", department="销售部", channel="outside", **{"targets.2026Q3": 150000})
    add(root, "team", name="市场组", department="市场部", channel="outside", **{"targets.2026Q3": 50000})
    out = run("check", records=root).stdout
    assert ("departments/DP-0001.yaml:4: warning: targets.2026Q3: the department's target is 300000.00 but its teams' "
            "add up to 250000.00 (T-0001 100000.00 + T-0002 150000.00)") in out
    cli(root, "team", "set", "T-0002", "targets.2026Q3=200000")
    assert "the department's target" not in run("check", records=root).stdout
    # a manager who is nobody, and a second record of the same department, are refused
    bad = run("department", "set", "DP-0001", "manager=S-0099", records=root)
    assert bad.exit_code == 1 and "manager S-0099: no such staff" in bad.stderr + bad.stdout
    twice = run("department", "add", "name=销售部", records=root)
    assert twice.exit_code == 1 and "department 销售部 is also DP-0001" in twice.stderr + twice.stdout


def test_a_bad_target_key_is_an_error_with_its_line(tmp_path):
    # a key in words, not the schema's regex: there is no fifth quarter
    root = write_records(tmp_path / "r", {"teams/T-1.yaml": TEAM, "staff/S-1.yaml": staff("S-1", "2026Q5: 1000")})
    res = run("check", records=root)
    assert res.exit_code == 1 and [x for x in res.stdout.splitlines() if "error" in x] == [
        "staff/S-1.yaml:6: error: targets.2026Q5: 2026Q5 is not a month (YYYY-MM), quarter (YYYYQ1-4) or year (YYYY)"]
    assert "regex" not in res.stdout + res.stderr


def test_a_target_of_zero_or_less_is_an_error_not_ignored(tmp_path):
    # targets are above zero: -5 was accepted and then silently not counted (target_of, period_target skip <= 0)
    root = write_records(tmp_path / "r", {"teams/T-1.yaml": TEAM + "targets: {2026Q4: 0}\n",
                                          "staff/S-1.yaml": staff("S-1", "2026-10: 1000, 2026Q4: -5")})
    res = run("check", records=root)
    assert res.exit_code == 1 and [x for x in res.stdout.splitlines() if "error" in x] == [
        "staff/S-1.yaml:6: error: targets.2026Q4: expected an amount above zero, got -5.00",
        "teams/T-1.yaml:5: error: targets.2026Q4: expected an amount above zero, got 0.00"]
    # the record commands refuse it and write nothing, the key in words too
    root = make_repo(tmp_path / "r2", {"teams/T-1.yaml": TEAM, "staff/S-1.yaml": staff("S-1", "2026-10: 1000")})
    head = git(root, "rev-parse", "HEAD")
    for word, message in (("targets.2026Q4=-5", "targets.2026Q4: expected an amount above zero, got -5.00"),
                          ("targets.2026Q5=5", "targets.2026Q5: 2026Q5 is not a month (YYYY-MM), quarter (YYYYQ1-4) or year (YYYY)")):
        bad = run("staff", "set", "S-1", word, records=root)
        assert bad.exit_code == 1 and message in bad.stderr
    assert git(root, "rev-parse", "HEAD") == head


# ----------------------------------------------------------------------------- invariants
months_q3 = st.dictionaries(st.sampled_from(["2026-07", "2026-08", "2026-09"]),
                            st.decimals(min_value=1, max_value=10**6, places=2), max_size=3)


@settings(max_examples=200, deadline=None)
@given(months_q3)
def test_a_period_without_its_key_has_the_sum_of_its_months(targets):
    got = period_target(targets, parse_period("2026Q3")).amount
    assert got == (sum(targets.values()) if targets else None)
    year = period_target(targets, parse_period("2026")).amount
    assert year == got


@pytest.fixture(scope="module")
def club_policy(tmp_path_factory):
    root = tmp_path_factory.mktemp("p") / "r"
    preset_repo(root, "club-outreach")
    return load_records(root)


def figure(sales, grade) -> PeriodFigure:
    return PeriodFigure("S-1", "王芳", "outreach", "member", "T-1", "外联部", sales, None, "", Decimal(80), grade, ())


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2), st.decimals(min_value=0, max_value=10**9, places=2),
       st.sampled_from(["excellent", "good", "pass", "fail"]))
def test_the_quarter_bonus_grows_with_sales_and_has_no_cap(club_policy, a, b, grade):
    r = club_policy
    q = parse_period("2026Q3")

    def bonus(sales):
        ctx = PeriodContext(r, q, q.months, r.policy, {"S-1": figure(sales, grade)}, rule="P4")
        return sum((x.amount for x in p4_quarter_bonus(ctx)), Decimal(0))
    lo, hi = sorted((a, b))
    assert bonus(lo) <= bonus(hi)
    factor = {"excellent": Decimal("1.5"), "good": Decimal("1.2"), "pass": Decimal(1), "fail": Decimal(0)}[grade]
    assert abs(bonus(hi) - hi * Decimal("0.02") * factor) <= Decimal("0.005")   # 2% x factor, however large: no cap


def test_setting_one_target_keeps_the_others(tmp_path):
    # 004 「制定季度及月度销售目标」: a quarter's target set by command beside the months' (one key at a time)
    root = preset_repo(tmp_path / "r", "sales-team")
    team = add(root, "team", name="会籍一组", department="会籍部", channel="inside")
    sid = add(root, "staff", "name=王芳", f"team={team}", "channel=inside", "joined=2026-01-01", "targets.2026-07=10000")
    cli(root, "staff", "set", sid, "targets.2026Q3=30000")
    cli(root, "staff", "set", sid, "targets.2026-08=10000")
    got = {k: money(v) for k, v in load_records(root).staff[sid].targets.items()}
    assert got == {"2026-07": "10000.00", "2026Q3": "30000.00", "2026-08": "10000.00"}
    cli(root, "staff", "set", sid, "targets.2026-08=")          # an empty value removes that key alone
    assert sorted(load_records(root).staff[sid].targets) == ["2026-07", "2026Q3"]


def one_seller(tmp_path, *targets):
    """A sales-team repository with one consultant (these targets) and one customer: (root, staff id, lead id)."""
    root = preset_repo(tmp_path / "r", "sales-team")
    team = add(root, "team", name="会籍一组", department="会籍部", channel="inside")
    sid = add(root, "staff", "name=王芳", f"team={team}", "channel=inside", "joined=2025-01-01", *targets)
    lead = add(root, "lead", name="张三", phone="13900000001", source="walk-in", created="2025-01-02T10:00", team=team, owner=sid)
    return root, sid, lead


def test_a_closed_quarter_whose_report_would_change_needs_reopen(tmp_path):
    root, sid, lead = one_seller(tmp_path, "targets.2025-10=10000", "targets.2025-11=10000", "targets.2025-12=10000")
    add(root, "deal", lead=lead, product="年卡", amount=12000, signed="2025-10-05", payment__date="2025-10-05", payment__taken_by=sid)
    cli(root, "close", "--quarter", "2025Q4")
    assert "12000.00" in (root / "reports" / "2025Q4" / "score.csv").read_text(encoding="utf-8")
    add(root, "deal", lead=lead, product="年卡", amount=3000, signed="2025-12-05", payment__date="2025-12-05", payment__taken_by=sid)
    head = git(root, "rev-parse", "HEAD")
    res = run("close", "--quarter", "2025Q4", records=root)
    assert res.exit_code == 1 and "2025Q4 is already closed (close/2025Q4) and its report would change; to close it " \
        "again: salesctl close --quarter 2025Q4 --reopen --why '…'" in res.stderr
    assert git(root, "rev-parse", "HEAD") == head
    # read at its tag until reopened: the closed 12000, not the 15000 recorded since
    assert [money(r["sales"]) for r in as_json(root, "score", "--quarter", "2025Q4")] == ["12000.00"]
    cli(root, "close", "--quarter", "2025Q4", "--reopen", "--why", "a December deal entered late")
    assert [money(r["sales"]) for r in as_json(root, "score", "--quarter", "2025Q4")] == ["15000.00"]
    assert "重新打开" in git(root, "tag", "-n20", "close/2025Q4")   # the tag is written in the preset's language (general.language zh): "reopened by"


def test_the_yearly_target_is_flagged_in_the_year_and_in_december(tmp_path):
    # P7 (004 「年度累计业绩达标者可参与团队旅游或高端培训」): a 2025 key of 20000 against 12000 + 9000 credited
    root, sid, lead = one_seller(tmp_path, "targets.2025-03=5000", "targets.2025-12=5000", "targets.2025=20000")
    for amount, signed in ((12000, "2025-03-05"), (9000, "2025-12-05")):
        add(root, "deal", lead=lead, product="年卡", amount=amount, signed=signed, payment__date=signed, payment__taken_by=sid)
    want = "credited 21000.00 >= target 20000.00 in 2025 (the 2025 target)"   # 12000 + 9000 >= 20000
    year = [x for x in as_json(root, "payout", "--year", "2025") if x["code"] == "yearly-target"]
    december = [x for x in as_json(root, "payout", "--month", "2025-12") if x["code"] == "yearly-target"]
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in year] == [(sid, "P7", want)]
    assert [(x["staff"], x["rule"], x["arithmetic"]) for x in december] == [(sid, "P7", want)]


# ----------------------------------------------------------------------------- P6: a year's title (000)
def test_the_years_sales_award_goes_to_the_best_who_reached_the_years_target(tmp_path, monkeypatch):
    """000 「設立銷售業績獎,根據員工月度和年度銷售業績完成情況,給予相應的獎金獎勵」: the membership-group preset's
    yearly 銷售業績獎 (rank_by sales, minimum attainment 100) is a line of `payout --year`.
    張一 sells 90000 against a year target of 100000 (90%: below the standard); 陳二 60000 against 50000
    (120%): 陳二 gets it although 張一 sold more. With 陳二's target raised to 70000 (85.71%) nobody meets
    the standard: withheld, naming 張一, the best by sales."""
    admin_env(monkeypatch, tmp_path / "home")
    root = preset_repo(tmp_path / "records", "membership-group")
    team = add(root, "team", name="會籍一組", department="會籍部", channel="inside")
    a = add(root, "staff", "name=張一", f"team={team}", "role=member", "channel=inside", f"joined={YEAR}-01-01",
            f"targets.{YEAR}=100000")
    b = add(root, "staff", "name=陳二", f"team={team}", "role=member", "channel=inside", f"joined={YEAR}-01-01",
            f"targets.{YEAR}=50000")
    for i, (sid, amount, month) in enumerate([(a, 50000, "03"), (a, 40000, "09"), (b, 60000, "06")]):
        lead = add(root, "lead", name=f"客戶{i}", phone=f"1390000000{i}", source="walk-in",
                   created=f"{YEAR}-{month}-02T10:00", team=team, owner=sid, status="won")
        add(root, "deal", lead=lead, kind="new", product="年卡", amount=amount, signed=f"{YEAR}-{month}-12",
            payment__date=f"{YEAR}-{month}-12", payment__taken_by=sid)

    def titles():
        return [(x["staff"], x["code"], x["what"], money(x["amount"])) for x in as_json(root, "payout", "--year", YEAR)
                if x["rule"] == "P6"]
    got = titles()
    assert [(s, c) for s, c, _, _ in got] == [(b, "title")] and "銷售業績獎" in got[0][2]
    cli(root, "staff", "set", b, f"targets.{YEAR}=70000")
    got = titles()
    assert [(s, c) for s, c, _, _ in got] == [(a, "title-withheld")]
    assert "銷售業績獎" in got[0][2]


def test_a_years_title_may_go_only_by_the_years_figures(tmp_path, monkeypatch):
    """A year's title ranks by sales, target, attainment or composite: a month's indicator there (ratings,
    satisfaction …) is a policy error, not a title nobody can win."""
    admin_env(monkeypatch, tmp_path / "home")
    root = preset_repo(tmp_path / "records", "membership-group")
    policy = root / "salesctl.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\npayout:\n  titles:\n"
                      "    - {name: 年度服務獎, period: year, rank_by: satisfaction}\n", encoding="utf-8")
    got = run("check", records=root)
    assert got.exit_code != 0 and "年度服務獎" in got.stdout + got.stderr and "satisfaction" in got.stdout + got.stderr


def test_a_quarter_target_alone_reviews_the_quarters_months(tmp_path, monkeypatch):
    """K11 「制定季度及月度销售目标」: a team that sets only the quarter's target (targets.2025Q3) is still
    reviewed (score.needs_target): each month of the quarter has a composite without its attainment item
    (no month target), and the quarter has a grade; its attainment is the quarter's, 36000 / 30000 = 120%."""
    admin_env(monkeypatch, tmp_path / "home")
    root = preset_repo(tmp_path / "records", "telesales")
    team = add(root, "team", name="電銷一組", department="電銷部", channel="telesales")
    sid = add(root, "staff", "name=張一", f"team={team}", "role=member", "channel=telesales", "joined=2025-01-01",
              "targets.2025Q3=30000")
    for i, month in enumerate(("07", "08", "09")):
        lead = add(root, "lead", name=f"客戶{i}", phone=f"1390000000{i}", source="phone",
                   created=f"2025-{month}-02T10:00", team=team, owner=sid, status="won")
        add(root, "deal", lead=lead, kind="new", product="年度服務", amount=12000, signed=f"2025-{month}-12",
            payment__date=f"2025-{month}-12", payment__taken_by=sid)
        add(root, "activity", staff=sid, date=f"2025-{month}-05", calls=1000, effective=300, intention=30, orders=1)
    month = as_json(root, "score", "--month", "2025-08")[0]
    assert month["composite"] is not None and month["attainment"] is None
    quarter = as_json(root, "score", "--quarter", "2025Q3")[0]
    assert quarter["grade"] is not None and money(quarter["attainment"]) == "120.00"
