"""Seed 004 改善销售团队管理的规定 as a new admin runs it (issue 11 item 6).

`salesctl init DIR --preset sales-team`, the example records deleted as the README says, one month
(2026-06) of a small sales team entered with the record commands, the month closed, and `split`,
`score` and `payout` compared with tables worked out by hand from the seed. Every number below is
the seed's (quoted 「…」) or the preset's (templates/presets/sales-team.yaml), never salesctl's code.

The organisation (the seed's 「团队负责人」 and 「团队成员」; no channel is named, the preset records
them as outside): 销售部, one team 销售一组, its leader 王芳 (S-0001) and four members.
June 2026 has 30 days and 22 working days (Monday to Friday; no shifts in this book).
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from helpers import add, admin_env, cli, git, preset_repo, run, payroll

MONTH = "2026-06"
PRESET_RULES = {"P1", "K5", "L2", "L8", "K8", "K4", "K9", "K10", "T1", "T2", "T4", "T6", "P7"}   # the payout rules the preset runs


# ----------------------------------------------------------------------------- the admin's commands
def read(root, command, *args):
    return json.loads(cli(root, command, "--month", MONTH, *args, "--format", "json"), parse_float=Decimal)


def s(x) -> str | None:
    return None if x is None else str(x)


LEADS = [   # (submitted by, created day): L2 「每月至少拓展5个潜在客户,并形成客户档案」
    *[("S-0001", d) for d in (1, 2)],              # L-0001..L-0002 王芳 (a leader: L2 holds members)
    *[("S-0002", d) for d in (1, 2, 3, 4, 5)],     # L-0003..L-0007 李雷: 5
    *[("S-0003", d) for d in (1, 2, 3, 4)],        # L-0008..L-0011 韩梅: 4, one short
    *[("S-0004", d) for d in (1, 2, 3, 4, 5)],     # L-0012..L-0016 张伟: 5
    *[("S-0005", d) for d in (1, 2, 3, 4, 5, 8)],  # L-0017..L-0022 刘洋: 6
]


def enter_the_month(root, csv_path):
    assert add(root, "team", "name=销售一组", "department=销售部", "channel=outside") == "T-0001"
    for sid, name, role, target in [("S-0001", "王芳", "leader", 80000), ("S-0002", "李雷", "member", 100000),
                                    ("S-0003", "韩梅", "member", 100000), ("S-0004", "张伟", "member", 120000),
                                    ("S-0005", "刘洋", "member", 120000)]:
        # K5 「制定季度及月度销售目标」「销售额达成率:按月统计」: a target for June
        assert add(root, "staff", f"name={name}", "team=T-0001", f"role={role}", "channel=outside",
                   "joined=2025-01-02", f"targets.{MONTH}={target}") == sid
    cli(root, "team", "set", "T-0001", "leader=S-0001")
    rows = ["name,phone,source,created,submitted_by,owner,intent"]
    rows += [f"客户{i + 1},1390000{i + 1:04d},phone,{MONTH}-{d:02d}T10:00,{sid},{sid},设备采购"
             for i, (sid, d) in enumerate(LEADS)]
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cli(root, "lead", "import", str(csv_path))

    def deal(lead, amount, signed, taker, *more, reviewed=True):
        # T6 「签约前完成合同条款审核,确保无遗漏」: the leader reviews the terms the day before signing
        review = ["contract_reviewed.by=S-0001", f"contract_reviewed.at={MONTH}-{signed - 1:02d}"] if reviewed else []
        return add(root, "deal", f"lead={lead}", "kind=new", f"amount={amount}", f"signed={MONTH}-{signed:02d}",
                   f"payment.date={MONTH}-{signed:02d}", f"payment.taken_by={taker}", *more, *review)
    assert deal("L-0003", 150000, 8, "S-0002", f"delivered={MONTH}-10") == "D-0001"     # above 100,000, not reported
    assert deal("L-0008", 120000, 15, "S-0003", f"delivered={MONTH}-17",               # reported to the leader first
                "reported.to=S-0001", f"reported.at={MONTH}-12") == "D-0002"
    assert deal("L-0001", 70000, 5, "S-0001", f"delivered={MONTH}-08") == "D-0003"      # delivered on day 3
    assert deal("L-0002", 50000, 22, "S-0001", f"delivered={MONTH}-26") == "D-0004"     # delivered on day 4
    assert deal("L-0012", 101000, 18, "S-0004", f"delivered={MONTH}-19",               # reported, to a member
                "reported.to=S-0005", f"reported.at={MONTH}-17") == "D-0005"
    assert deal("L-0017", 100000, 10, "S-0005", f"delivered={MONTH}-10") == "D-0006"    # exactly 100,000
    assert deal("L-0018", 6000, 29, "S-0005", reviewed=False) == "D-0007"               # due 07-02: July's; no review

    def visit(staff, lead, kind, day, hour="10:00", *more):
        add(root, "visit", f"staff={staff}", f"lead={lead}", f"kind={kind}", f"at={MONTH}-{day:02d}T{hour}",
            "outcome=客户有意向", f"next.date={MONTH}-{min(day + 3, 30):02d}", "next.action=再次跟进", *more)
    # 「每日提交客户跟进记录」「每日记录需包含:客户名称、跟进内容、客户反馈、下一步计划」
    for lead, day, rating in [("L-0003", 12, 5), ("L-0004", 16, 4), ("L-0005", 17, 3), ("L-0006", 19, 2)]:
        visit("S-0002", lead, "return-visit", day, "10:00", f"rating={rating}")     # 「通过回访问卷评估」
    visit("S-0002", "L-0007", "need-confirmed", 15)
    visit("S-0002", "L-0007", "quote", 18)                                           # due by 06-17
    for lead, day, rating in [("L-0008", 18, 5), ("L-0009", 19, 4), ("L-0010", 22, 4), ("L-0011", 23, 4), ("L-0008", 24, 3)]:
        visit("S-0003", lead, "return-visit", day, "10:00", f"rating={rating}")
    visit("S-0003", "L-0009", "need-confirmed", 10)
    visit("S-0003", "L-0009", "quote", 12, "16:00")                                  # on the last day allowed
    for day in (1, 2, 3, 4, 5, 8, 9, 11, 15, 16, 17, 25, 26, 29, 30):
        visit("S-0003", "L-0010", "call", day)
    visit("S-0004", "L-0012", "complaint", 22, "09:00", f"answered={MONTH}-23T15:00")  # 30 hours
    visit("S-0004", "L-0013", "call", 3)
    visit("S-0004", "L-0014", "call", 4)
    # K9 「每月至少开展一次产品知识或销售技巧培训」: 王芳 holds one for her team; 「培训后认真完成考核问卷或实践
    # 操作任务,成绩需达到80分以上」; 刘洋, a member of the team that day, does not come (「不得无故缺席」)
    assert add(root, "training", f"date={MONTH}-12", "topic=竞品分析", "held_by=S-0001",
               "attendees=[S-0002, S-0003, S-0004]", "scores.S-0002=79", "scores.S-0003=80", "scores.S-0004=85") == "TR-0001"
    # 王芳's own test (a session she did not hold): the review's typed score, read for a month with no session of hers
    add(root, "review", "staff=S-0001", f"month={MONTH}", "training_score=95")
    add(root, "attendance", "staff=S-0004", f"date={MONTH}-03", "late_minutes=10")   # no P5 in this book


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    base = tmp_path_factory.mktemp("sales-team")
    with pytest.MonkeyPatch.context() as mp:
        admin_env(mp, base)
        root = preset_repo(base / "records", "sales-team")
        enter_the_month(root, base / "june-prospects.csv")
        cli(root, "close", "--month", MONTH)
        assert git(root, "tag", "--list", "close/*").split() == [f"close/{MONTH}"]
        yield {"root": root, "split": read(root, "split"), "by_staff": read(root, "split", "--by", "staff"),
               "score": read(root, "score"), "payout": read(root, "payout"),
               "payroll": payroll(root, "--month", MONTH)}


# ----------------------------------------------------------------------------- split
def test_split_every_sale_to_whoever_took_the_payment(month):
    # S5 (the preset's seller rule; no 争单 rules in 004): 100% of each deal to payment.taken_by
    assert [(r["deal"], r["staff"], s(r["share"]), s(r["credited"]), r["rule"]) for r in month["split"]] == [
        ("D-0003", "S-0001", "100.00", "70000.00", "S5"),     # in the order signed: 06-05
        ("D-0001", "S-0002", "100.00", "150000.00", "S5"),    # 06-08
        ("D-0006", "S-0005", "100.00", "100000.00", "S5"),    # 06-10
        ("D-0002", "S-0003", "100.00", "120000.00", "S5"),    # 06-15
        ("D-0005", "S-0004", "100.00", "101000.00", "S5"),    # 06-18
        ("D-0004", "S-0001", "100.00", "50000.00", "S5"),     # 06-22
        ("D-0007", "S-0005", "100.00", "6000.00", "S5"),      # 06-29
    ]
    assert [(r["person"], r["deals"], s(r["credited"])) for r in month["by_staff"]] == [
        ("S-0002", 1, "150000.00"),   # most credited first
        ("S-0001", 2, "120000.00"),   # 70000 + 50000
        ("S-0003", 1, "120000.00"),
        ("S-0005", 2, "106000.00"),   # 100000 + 6000
        ("S-0004", 1, "101000.00"),
    ]


# ----------------------------------------------------------------------------- score
def test_score_the_books_indicators_by_the_presets_weights(month):
    # K5 「销售额达成率:按月统计」 attainment (weight 60, target 100%, cap 1.5); 「新客户开发数量:每月统计,
    # 按比例计入综合评分」 new customers (15, target 6); K4 「客户满意度:通过回访问卷评估」 satisfaction
    # (15, share of ratings 4-5); 「成绩需达到80分以上」 training score (10). An item without a value is left
    # out; composite = 100 x points / the counted weights at their caps. No grades in this book (K6 off).
    rows = [(r["staff"], s(r["sales"]), s(r["target"]), s(r["attainment"]), r["new_customers"], r["leads_submitted"],
             s(r["contacts_per_day"]), s(r["satisfaction"]), s(r["training_score"]), s(r["composite"]), r["team_rank"])
            for r in month["score"]]
    assert rows == [
        # 王芳: 60 x 1.5 + 15 x 2/6 + 10 x 0.95 = 104.5; 100 x 104.5 / (90 + 15 + 10) = 90.87
        ("S-0001", "120000.00", "80000.00", "150.00", 2, 2, "0.00", None, "95.00", "90.87", 1),
        # 李雷: 60 x 1.5 + 15 x 1/6 + 15 x 0.5 + 10 x 0.79 = 107.9; / 130 = 83.00
        ("S-0002", "150000.00", "100000.00", "150.00", 1, 5, "0.27", "50.00", "79.00", "83.00", 2),
        # 韩梅: 60 x 1.2 + 2.5 + 15 x 0.8 + 10 x 0.8 = 94.5; / 130 = 72.69
        ("S-0003", "120000.00", "100000.00", "120.00", 1, 4, "1.00", "80.00", "80.00", "72.69", 3),
        # 张伟: 60 x 101000/120000 (50.5) + 2.5 + 10 x 0.85 = 61.5; / 115 = 53.48
        ("S-0004", "101000.00", "120000.00", "84.17", 1, 5, "0.09", None, "85.00", "53.48", 5),
        # 刘洋: 60 x 106000/120000 (53) + 15 x 2/6 = 58; / 105 = 55.24
        ("S-0005", "106000.00", "120000.00", "88.33", 2, 6, "0.00", None, None, "55.24", 4),
    ]
    assert all("grade" not in r for r in month["score"])   # K6 off: 本规定未规定等级


# ----------------------------------------------------------------------------- payout
def lines(month, rule=None):
    return [(r["staff"], r["rule"], r["code"], s(r["amount"])) for r in month["payout"] if rule in (None, r["rule"])]


def test_payout_lines_worked_by_hand(month):
    assert [x for x in lines(month) if x[1] != "T4"] == [
        # P1 「月度业绩前三名可获得额外奖金(金额范围:500-2000元)」, top3 2000 / 1000 / 500: 王芳 and 韩梅
        # tie at 120000 for places 2-3: (1000 + 500) / 2 = 750 each
        ("S-0001", "P1", "top3", "750.00"),
        # T2 「签约后3日内完成客户交付确认」: D-0004 signed 06-22, due 06-25, confirmed 06-26
        ("S-0001", "T2", "late-delivery", "0.00"),
        # P1: 李雷 150000, place 1: 2000
        ("S-0002", "P1", "top3", "2000.00"),
        # K5 「满意度低于80%需重点改进」: ratings 5, 4, 3, 2: 2 of 4 at 4 or more = 50% < 80%
        ("S-0002", "K5", "satisfaction", "0.00"),
        # L8 「每月筛选30-50个潜在客户」: 5 leads submitted in June < 30 (leads.monthly_screened); so for everyone below
        ("S-0002", "L8", "screening", "0.00"),
        # K8 「每日提交客户跟进记录」 (limits.contacts_per_day 1): 6 contacts / 22 working days = 0.27 < 1
        ("S-0002", "K8", "contacts", "0.00"),
        # T1 「客户确认需求后,2日内提交正式报价单」: need confirmed 06-15, quote due by 06-17, logged 06-18
        ("S-0002", "T1", "late-quote", "0.00"),
        # K4 「成绩需达到80分以上」: 79 < 80
        ("S-0002", "K4", "training", "0.00"),
        # P1: 韩梅, the other of the tie: 750
        ("S-0003", "P1", "top3", "750.00"),
        # L2 「每月至少拓展5个潜在客户」: 4 < 5 (4 of 韩梅's 5 ratings at 4 or more is 80%: not below 80%;
        # her 22 contacts / 22 working days = 1: not below 1; her quote on 06-12 is within 2 days of 06-10)
        ("S-0003", "L2", "prospects", "0.00"),
        ("S-0003", "L8", "screening", "0.00"),        # 4 < 30
        # K5 「销售额达成率:按月统计,未达标者需提交改进计划」: 101000 < 120000
        ("S-0004", "K5", "improvement-plan", "0.00"),
        ("S-0004", "L8", "screening", "0.00"),        # 5 < 30
        # K8: 2 calls / 22 = 0.09 < 1 (the complaint is not a contact)
        ("S-0004", "K8", "contacts", "0.00"),
        # K5: 106000 < 120000
        ("S-0005", "K5", "improvement-plan", "0.00"),
        ("S-0005", "L8", "screening", "0.00"),        # 6 < 30
        # K8: 0 contacts / 22 = 0 < 1
        ("S-0005", "K8", "contacts", "0.00"),
        # T6 「签约前完成合同条款审核,确保无遗漏」: D-0007 signed on the 29th with no contract review
        ("S-0005", "T6", "unprepared-deal", "0.00"),
        # K9 「按时参加所有安排的培训活动,不得无故缺席」: TR-0001 was for 销售一组, 刘洋 was not on leave
        ("S-0005", "K9", "missed-training", "0.00"),
    ]
    arithmetic = {(r["staff"], r["code"]): r["arithmetic"] for r in month["payout"]}
    assert arithmetic[("S-0001", "top3")] == "2 tied at 120000.00 for places 2-3: (1000.00 + 500.00) / 2 = 750.00"
    assert arithmetic[("S-0002", "contacts")] == "6 contacts / 22 working days = 0.27 < 1"
    assert "due by 2026-06-17" in arithmetic[("S-0002", "late-quote")]
    assert "due by 2026-06-25, confirmed 2026-06-26" in arithmetic[("S-0001", "late-delivery")]


def test_the_payroll_adds_the_bonuses(month):
    staff = [(r["staff"], s(r["top3"]), s(r["total"])) for r in month["payroll"] if r["row"] == "staff"]
    assert staff == [("S-0001", "750.00", "750.00"), ("S-0002", "2000.00", "2000.00"), ("S-0003", "750.00", "750.00"),
                     ("S-0004", "0.00", "0.00"), ("S-0005", "0.00", "0.00")]
    (total,) = [r for r in month["payroll"] if r["row"] == "total"]
    assert s(total["total"]) == "3500.00"   # 2000 + 1000 + 500: the three places paid in full


def test_rules_the_book_does_not_state_make_no_line(month):
    # T3 off: 本规定未规定投诉时限 (004 names no complaint time limit): 张伟's complaint answered after
    # 30 hours raises nothing. P5 off: 张伟's 10 minutes late deducts nothing. L1 (000's weekly leads),
    # P2-P4, P6 are not in this book. P7 「年度累计业绩达标者」 is a December flag: nothing in June.
    assert {r["rule"] for r in month["payout"]} <= PRESET_RULES - {"P7"}
    assert not [r for r in month["payout"] if r["rule"] in {"T3", "P5", "L1", "P2", "P3", "P4", "P6", "P7"}]


# ----------------------------------------------------------------------------- T4
def t4_deals(month) -> set[tuple[str, str]]:
    return {(r["staff"], re.search(r"deal (D-\d+)", r["what"]).group(1)) for r in month["payout"] if r["rule"] == "T4"}


def test_t4_a_deal_above_the_threshold_not_reported_is_flagged(month):
    # T4 「遇到重大客户需求时,及时向团队负责人汇报」「金额超过规定阈值(如10万元)」: D-0001 150000 > 100000,
    # no report: flagged. D-0002 120000 reported to the leader S-0001 on 06-12, before signing: no flag.
    assert ("S-0002", "D-0001") in t4_deals(month)
    assert not {d for _, d in t4_deals(month)} & {"D-0002", "D-0003", "D-0004", "D-0007"}


def test_t4_exactly_100000_is_not_above_the_threshold(month):
    # D-0006 刘洋 100000.00: not 「超过」 100000, no report needed
    assert ("S-0005", "D-0006") not in t4_deals(month)


def test_t4_a_report_to_someone_other_than_the_team_leader_is_a_check_warning(month):
    # D-0005 张伟 101000 > 100000, reported to S-0005 (a member), not to the team leader S-0001:
    # 「及时向团队负责人汇报」 — a report was made, so no payout flag, but `salesctl check` warns at reported.to
    assert ("S-0004", "D-0005") not in t4_deals(month)
    text = run("check", records=month["root"]).stdout
    warned = [x for x in text.splitlines() if "reported.to S-0005" in x]
    assert len(warned) == 1 and ": warning: " in warned[0] and warned[0].startswith("deals/")
    assert "is not the team leader or department manager of this deal" in warned[0]
