"""Issue 11's readings of the seeds for payouts, flags and checks, each worked by hand from the rule
book's own words (quoted in the test): T2 only for deal kinds with a delivery (004), T4 major customer
needs reported before signing to the team leader (004), the customer-service title's minimum
satisfaction (003/000, P6), half and full days absent with that day's pay (003, P5) and the
count-based lateness of 001 (P5)."""
from __future__ import annotations

from decimal import Decimal

from helpers import load_records, write_records
from salesctl.checks.context import Context as CheckContext
from salesctl.checks.reports import t4_reported_to
from salesctl.engines.payout import attendance, awards, flags, payout_month, time_limits
from salesctl.engines.payout.context import build_context
from salesctl.frozen import NOTHING_CLOSED
from salesctl.loader import load
from salesctl.source import WorkTree

# 会籍部: manager S-9, team T-1 (leader S-1: S-2, S-3), team T-2 (leader S-4: S-5); 外联部: team T-5 (leader S-6)
ORG = {
    "teams/T-1.yaml": "id: T-1\nname: 会籍一组\nleader: S-1\ndepartment: 会籍部\nchannel: inside\n",
    "teams/T-2.yaml": "id: T-2\nname: 会籍二组\nleader: S-4\ndepartment: 会籍部\nchannel: inside\n",
    "teams/T-5.yaml": "id: T-5\nname: 外联组\nleader: S-6\ndepartment: 外联部\nchannel: outreach\n",
    "staff/S-9.yaml": "id: S-9\nname: 经理\ndepartment: 会籍部\nrole: manager\nchannel: inside\njoined: 2025-01-01\n",
    "leads/L-1.yaml": "id: L-1\nname: 张三\nsource: walk-in\ncreated: 2026-08-01T10:00:00+08:00\nteam: T-1\nowner: S-2\n",
}
for _sid, _team, _role in (("S-1", "T-1", "leader"), ("S-2", "T-1", "member"), ("S-3", "T-1", "member"),
                           ("S-4", "T-2", "leader"), ("S-5", "T-2", "member"), ("S-6", "T-5", "leader")):
    ORG[f"staff/{_sid}.yaml"] = (f"id: {_sid}\nname: 员工{_sid}\nteam: {_team}\nrole: {_role}\n"
                                 f"channel: {'outreach' if _team == 'T-5' else 'inside'}\njoined: 2025-01-01\n")


def deal(i: int, sid: str, amount, signed: str, extra: str = "", lead: str = "L-1") -> dict:
    return {f"deals/{signed[:7]}/D-{i}.yaml": f"id: D-{i}\nlead: {lead}\namount: {amount}\nsigned: {signed}\n"
            f"payment: {{date: {signed}, taken_by: {sid}}}\n{extra}"}


def records(tmp_path, files: dict, policy: str = ""):
    all_files = {**ORG, **files, **({"salesctl.yaml": policy} if policy else {})}
    return write_records(tmp_path / "records", all_files)


def context(tmp_path, files: dict, policy: str = "", month: str = "2026-08"):
    return build_context(load_records(records(tmp_path, files, policy)), month)


def said(lines) -> list[tuple]:
    return [(x.staff, x.code, x.amount, x.arithmetic) for x in lines]


# ----------------------------------------------------------------------------- T2 (004)
def test_t2_only_a_deal_kind_with_a_delivery(tmp_path):
    # 004: 「签约后3日内完成客户交付确认」. A product (S-2) is handed over: confirmed on the 9th, due the 8th.
    # A card (new, renewal, transfer, upgrade: S-3) is in force when signed: no delivery, no flag.
    files = {**deal(1, "S-2", 800, "2026-08-05", "kind: product\ndelivered: 2026-08-09\n"),
             **deal(2, "S-3", 3680, "2026-08-05", "kind: new\n"),
             **deal(3, "S-3", 3680, "2026-08-05", "kind: renewal\n")}
    got = time_limits.t2_delivery_late(context(tmp_path, files))
    assert said(got) == [("S-2", "late-delivery", 0, "signed 2026-08-05, due by 2026-08-08, confirmed 2026-08-09")]


def test_t2_delivery_kinds_is_a_setting(tmp_path):
    files = {**deal(2, "S-3", 3680, "2026-08-05", "kind: new\n")}
    got = time_limits.t2_delivery_late(context(tmp_path, files, "limits:\n  delivery_kinds: [new, product]\n"))
    assert said(got) == [("S-3", "late-delivery", 0, "signed 2026-08-05, due by 2026-08-08, not confirmed")]


# ----------------------------------------------------------------------------- T4 (004)
def test_t4_threshold_is_exclusive_and_the_report_comes_before_signing(tmp_path):
    # 004: 「重大客户需求指:金额超过规定阈值(如10万元)」 — above 100,000; 「遇到重大客户需求时,及时向团队负责人汇报」:
    # when the need appears, so before signing (a report dated the signing day counts, the day after does not).
    files = {**deal(1, "S-2", 100000, "2026-08-05"),                                              # at the threshold: not major
             **deal(2, "S-2", "100000.01", "2026-08-05"),                                         # major, never reported
             **deal(3, "S-3", 120000, "2026-08-10", "reported: {to: S-1, at: 2026-08-10}\n"),     # reported on time
             **deal(4, "S-3", 130000, "2026-08-10", "reported: {to: S-1, at: 2026-08-11}\n")}     # reported after signing
    got = time_limits.t4_unreported_deal(context(tmp_path, files))
    assert said(got) == [
        ("S-2", "unreported-deal", 0, "100000.01 > 100000.00: no report recorded"),
        ("S-3", "unreported-deal", 0, "130000.00 > 100000.00: reported 2026-08-11, after signing 2026-08-10 (a report comes before signing)"),
    ]
    assert got[1].what == "deal D-4 of 130000.00, a major customer need, reported only after signing"


def test_t4_long_decision_cycle_and_high_influence_are_major_when_set(tmp_path):
    # 「决策周期长、影响力大的订单」: a 30,000 deal is major when the cycle from first contact (lead created
    # 1 August) to signing (20 August: 19 days) is longer than report_cycle_days (14), or when the
    # customer's grade is in report_grades (L-2 is important, 重要客户).
    files = {"leads/L-2.yaml": "id: L-2\nname: 李四\nsource: walk-in\ncreated: 2026-08-18T10:00:00+08:00\nteam: T-1\nowner: S-3\ngrade: important\n",
             **deal(1, "S-2", 30000, "2026-08-20"), **deal(2, "S-3", 30000, "2026-08-20", lead="L-2")}
    assert time_limits.t4_unreported_deal(context(tmp_path / "off", files)) == []     # by default: the amount only
    pol = "limits:\n  report_cycle_days: 14\n  report_grades: [important]\n"
    got = time_limits.t4_unreported_deal(context(tmp_path / "on", files, pol))
    assert said(got) == [
        ("S-2", "unreported-deal", 0, "decision cycle 19 days (first contact 2026-08-01) > 14: no report recorded"),
        ("S-3", "unreported-deal", 0, "customer graded important: no report recorded"),
    ]


def check(tmp_path, files: dict) -> list[str]:
    c = CheckContext.of(load(WorkTree(records(tmp_path, files))), NOTHING_CLOSED)
    return sorted(str(p) for p in t4_reported_to(c))


def test_t4_check_warns_when_the_report_names_someone_else(tmp_path):
    # 「及时向团队负责人汇报」: S-2 (team T-1) reports to their leader S-1 or to 会籍部's manager S-9: fine.
    # To S-3 (a colleague), S-4 (another team's leader) or S-6 (another department's): a warning at reported.to.
    # The leader S-1 selling it reports to the manager, not to themselves.
    rep = lambda to: f"reported:\n  to: {to}\n  at: 2026-08-05\n"
    files = {**deal(1, "S-2", 150000, "2026-08-05", rep("S-1")), **deal(2, "S-2", 150000, "2026-08-05", rep("S-9")),
             **deal(3, "S-2", 150000, "2026-08-05", rep("S-3")), **deal(4, "S-2", 150000, "2026-08-05", rep("S-4")),
             **deal(5, "S-2", 150000, "2026-08-05", rep("S-6")), **deal(6, "S-1", 150000, "2026-08-05", rep("S-1"))}
    got = check(tmp_path, files)
    assert got == [
        f"deals/2026-08/D-{i}.yaml:7: warning: reported.to {to} (员工{to}) is not the team leader or department manager "
        f"of this deal (T4: reported to the team leader, 团队负责人, or the department manager: {ok})"
        for i, to, ok in ((3, "S-3", "S-1, S-9"), (4, "S-4", "S-1, S-9"), (5, "S-6", "S-1, S-9"), (6, "S-1", "S-9"))]


def test_t4_check_a_department_without_a_manager_reports_to_a_manager(tmp_path):
    # 外联部 has no manager: its leader S-6, selling, reports to the club's manager S-9 (the demo does so)
    files = {**deal(1, "S-6", 150000, "2026-08-05", "reported: {to: S-9, at: 2026-08-05}\n", lead="L-5"),
             "leads/L-5.yaml": "id: L-5\nname: 某公司\nsource: walk-in\ncreated: 2026-08-01T10:00:00+08:00\nteam: T-5\nowner: S-6\n"}
    assert check(tmp_path, files) == []


# ----------------------------------------------------------------------------- P6 (003, 000)
def ratings(sid: str, stars: list[int]) -> dict:
    return {f"visits/2026-08/{sid}.yaml": "".join(
        f"- {{id: V-{sid}-{i}, lead: L-1, at: '2026-08-{3 + i:02d}T10:00:00+08:00', kind: return-visit, rating: {r}}}\n"
        for i, r in enumerate(stars))}


def test_p6_no_customer_service_title_while_k5_says_satisfaction_is_too_low(tmp_path):
    # 003: 「每月評選"銷售之星""客戶服務標兵"等榮譽稱號」, 000: an award for those 「表現突出」; 004 (K5):
    # 「满意度低于80%需重点改进」. S-2 has 5 ratings, 2 of them satisfied (4 or more): 2/5 = 40% < 80%.
    # K5 flags it, and the title goes to nobody (S-2 is the only one with the 5 ratings the title needs):
    # withheld, saying which standard the best missed.
    ctx = context(tmp_path, ratings("S-2", [5, 4, 2, 1, 2]))
    k5 = flags.k5_satisfaction(ctx)
    assert [(x.staff, x.arithmetic) for x in k5] == [("S-2", "40.00% of 5 ratings at 4 or more < 80%")]
    assert said(awards.p6_titles(ctx)) == [("S-2", "title-withheld", 0, "satisfaction 40 < 80")]


def test_p6_the_minimum_is_met_at_80_and_is_a_setting(tmp_path):
    # 4 of 5 satisfied: 80%, not below 80%: no K5 flag, and the title (0.00 by default)
    files = ratings("S-2", [5, 4, 4, 4, 2])
    ctx = context(tmp_path / "a", files)
    assert flags.k5_satisfaction(ctx) == []
    assert said(awards.p6_titles(ctx)) == [
        ("S-2", "title", 0, "satisfaction 80; minimum ratings 5 >= 5, satisfaction 80 >= 80: 0.00")]
    # the title's minimum satisfaction 90 asks more of the title than K5 asks of everyone
    ctx = context(tmp_path / "b", files, "payout:\n  titles: [{name: 客户服务标兵, rank_by: satisfaction, "
                                         "minimum: {ratings: 5, satisfaction: 90}}]\n")
    assert said(awards.p6_titles(ctx)) == [("S-2", "title-withheld", 0, "satisfaction 80 < 90")]


# ----------------------------------------------------------------------------- P5 (003, minutes form)
def days_of(sid: str, text: str) -> dict:
    return {f"attendance/2026-08/{sid}.yaml": text}


ATTENDANCE_003 = """
- {date: 2026-08-03, late_minutes: 10}
- {date: 2026-08-04, late_minutes: 20}
- {date: 2026-08-05, absent: half}
- {date: 2026-08-06, absent: full}
"""


def test_p5_half_and_full_days_deduct_that_days_pay_for_payroll(tmp_path):
    # 003: 「遲到或早退15分鐘以內,每次扣除當月績效獎金[X]元」: the 3rd, 10 minutes: 50.
    # 「遲到或早退超過15分鐘,按曠工半天處理」 and 「曠工半天,扣除當天工資及當月績效獎金[X]元」: the 4th (20 minutes)
    # and the 5th: 2 x 100 = 200, plus those days' pay, which payroll computes from the days named.
    # 「曠工一天,扣除當天工資及當月績效獎金[X]元,並給予警告處分」: the 6th: 200, plus that day's pay, and a warning.
    ctx = context(tmp_path, days_of("S-2", ATTENDANCE_003))
    got = attendance.p5_attendance(ctx)
    assert said(got) == [
        ("S-2", "late", Decimal(-50), "1 x 50.00 = 50.00 deducted"),
        ("S-2", "half-day", Decimal(-200), "2 x 100.00 = 200.00 deducted, plus that day's pay for 2 half days "
                                           "(2026-08-04, 2026-08-05), computed by payroll"),
        ("S-2", "full-day", Decimal(-200), "1 x 200.00 = 200.00 deducted, plus that day's pay for 1 day (2026-08-06), computed by payroll"),
    ]
    assert [x.what for x in got[1:]] == [
        "half day absent (or late/early by more than 15 minutes), plus that day's pay (当天工资)",
        "full day absent, plus that day's pay (当天工资)"]
    assert [x.what for x in attendance.p5_warning(ctx)] == ["warning: absent the full day of 2026-08-06"]
    report = attendance.p5_absent_days(ctx)
    assert [(x.what, x.arithmetic, x.days) for x in report] == [
        ("days of pay to deduct, for payroll (that day's pay): 3",
         "0.5 absent (2026-08-04): that day's pay, 1 + 0.5 absent (2026-08-05): that day's pay, 1 + 1 absent (2026-08-06) = 3",
         Decimal(3))]
    assert attendance.p5_club_rules(ctx) == []       # 001's form is off in the minutes form


# ----------------------------------------------------------------------------- P5 (001, count form)
COUNT = "payout:\n  lateness_mode: count\n  late_count_limit: 3\n  late_deduction: 50\n  late_count_absent_days: 2\n"


def test_p5_count_form_of_001(tmp_path):
    # 001: 「遲到、早退[具體次數]以內的,每次扣除[具體金額];遲到、早退累計超過[具體次數]或曠工[具體天數]的,按照會所相關規定
    # 進行處理」, with 3 times, 50 each and 2 days. S-2 is late or early 5 times (minutes do not matter: 40 minutes
    # is one time, not half a day; late and early the same day are two): the first 3 deduct 3 x 50 = 150, and
    # 5 > 3 goes to the club's rules. S-3: late once (50) and absent 1 + 0.5 + 1 = 2.5 days >= 2: the club's
    # rules; 001 names no deduction for a day absent, and 003's warning and dismissal are not 001's.
    files = {**days_of("S-2", "- {date: 2026-08-03, late_minutes: 5}\n- {date: 2026-08-04, late_minutes: 40}\n"
                              "- {date: 2026-08-05, early_minutes: 10}\n- {date: 2026-08-06, late_minutes: 3, early_minutes: 2}\n"),
             **days_of("S-3", "- {date: 2026-08-03, late_minutes: 1}\n- {date: 2026-08-10, absent: full}\n"
                              "- {date: 2026-08-11, absent: half}\n- {date: 2026-08-12, absent: full}\n")}
    ctx = context(tmp_path, files, COUNT)
    assert said(attendance.p5_attendance(ctx)) == [
        ("S-2", "late", Decimal(-150), "5 times, the first 3: 3 x 50.00 = 150.00 deducted; more than 3: the club's rules"),
        ("S-3", "late", Decimal(-50), "1 x 50.00 = 50.00 deducted"),
    ]
    club = attendance.p5_club_rules(ctx)
    assert [(x.staff, x.rule, x.kind, x.arithmetic) for x in club] == [
        ("S-2", "P5", "flag", "late or early 5 times > 3"), ("S-3", "P5", "flag", "absent 2.5 days >= 2")]
    assert club[0].evidence[1] == "2026-08-04 late 40 min (attendance/2026-08/S-2.yaml:2)"
    assert attendance.p5_warning(ctx) == [] and attendance.p5_dismissal(ctx) == []
    assert [(x.staff, x.what, x.days) for x in attendance.p5_absent_days(ctx)] == [
        ("S-3", "days of pay to deduct, for payroll: 2.5", Decimal("2.5"))]


def test_p5_count_form_within_the_limits_is_not_flagged(tmp_path):
    # 3 times (not more than 3) and 1.5 days absent (fewer than 2): 3 x 50, no flag
    files = days_of("S-2", "- {date: 2026-08-03, late_minutes: 5}\n- {date: 2026-08-04, early_minutes: 40}\n"
                           "- {date: 2026-08-05, late_minutes: 1}\n- {date: 2026-08-06, absent: full}\n- {date: 2026-08-07, absent: half}\n")
    ctx = context(tmp_path, files, COUNT)
    assert said(attendance.p5_attendance(ctx)) == [("S-2", "late", Decimal(-150), "3 x 50.00 = 150.00 deducted")]
    assert attendance.p5_club_rules(ctx) == []


def test_p5_count_form_in_the_month_payout_and_its_deduction_limit(tmp_path):
    # the whole month through payout_month: S-2's 5 times are -150 (the first 3) and one club-rules flag;
    # with deductions_limited_to_bonus (no bonus this month) the 150 is given back
    files = days_of("S-2", "".join(f"- {{date: 2026-08-{d:02d}, late_minutes: 5}}\n" for d in (3, 4, 5, 6, 7)))
    root = records(tmp_path, files, COUNT + "  deductions_limited_to_bonus: true\n")
    mp = payout_month(load_records(root), "2026-08")
    assert [(x.code, x.amount) for x in mp.lines_of("S-2") if x.rule == "P5"] == [
        ("late", Decimal(-150)), ("deduction-limit", Decimal(150)), ("club-rules", 0)]
    assert mp.total_of("S-2") == 0
