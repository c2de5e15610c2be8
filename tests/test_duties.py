"""Issue 14 item 1 and O5: duties checked per week, per month and per visit (K8, T5), and leave
applied for in advance (O5) — worked by hand from the rule books, each a flag naming what fell short,
each switched off by its setting and by its rule id."""
from __future__ import annotations

from helpers import load_records, write_records
from salesctl.engines.payout import duties, payout_month
from salesctl.engines.payout.context import build_context

TEAM = {
    "teams/T-1.yaml": "id: T-1\nname: 会籍一组\nleader: S-1\ndepartment: 会籍部\nchannel: inside\n",
    "staff/S-1.yaml": "id: S-1\nname: 王芳\nteam: T-1\nrole: leader\nchannel: inside\njoined: 2025-01-01\n",
    "staff/S-2.yaml": ("id: S-2\nname: 李雷\nteam: T-1\nchannel: inside\njoined: 2025-01-01\n"
                       "shifts: {mon: early, tue: early, wed: early, thu: early, fri: early}\n"),
    "leads/L-1.yaml": "id: L-1\nname: 张三\nsource: walk-in\ncreated: 2025-01-05T10:00:00+08:00\nowner: S-2\n",
}


def visit(i: int, at: str, kind: str = "visit", summary: str | None = "谈了年卡") -> str:
    return (f"- id: V-{i}\n  lead: L-1\n  at: {at}T10:00:00+08:00\n  kind: {kind}\n"
            + (f"  summary: {summary}\n" if summary is not None else ""))


def ctx(tmp_path, files: dict, policy: str, month: str = "2026-09"):
    root = write_records(tmp_path / "records", {**TEAM, **files, "salesctl.yaml": policy})
    return build_context(load_records(root), month)


# September 2026: Mon 1st is 2026-08-31, so the weeks ending in September end on Sep 6, 13, 20, 27.
SEPT_MEETINGS = "".join(visit(i, d) for i, d in enumerate(["2026-09-02", "2026-09-09", "2026-09-23"], 1))


def test_k8_one_meeting_a_week_names_the_week_without_one(tmp_path):
    # 002 「每周至少与客户进行一次面对面交流」: meetings in the weeks of Sep 6, 13 and 27's week? no: 2, 9 and 23
    c = ctx(tmp_path, {"visits/2026-09/S-2.yaml": SEPT_MEETINGS}, "limits:\n  meetings_per_week: 1\n")
    lines = duties.k8_weekly_meetings(c)
    assert [(x.staff, x.code, x.rule) for x in lines] == [("S-2", "meetings", "K8")]
    # weeks Aug 31-Sep 6 (Sep 2), Sep 7-13 (Sep 9), Sep 14-20 (none), Sep 21-27 (Sep 23)
    assert lines[0].arithmetic == "meetings (visit, tour) in the weeks short: 09-14..09-20 0 < 1"
    assert "in 1 week" in lines[0].what


def test_k8_a_week_partly_on_leave_is_prorated_and_a_week_all_on_leave_is_not_held(tmp_path):
    files = {"visits/2026-09/S-2.yaml": SEPT_MEETINGS,
             "staff/S-2.yaml": TEAM["staff/S-2.yaml"] + "leave:\n  - {start: 2026-09-14, end: 2026-09-18}\n"}
    c = ctx(tmp_path, files, "limits:\n  meetings_per_week: 1\n")
    assert duties.k8_weekly_meetings(c) == []   # the one week without a meeting was all leave


def test_k8_return_visit_a_month(tmp_path):
    c = ctx(tmp_path, {"visits/2026-09/S-2.yaml": SEPT_MEETINGS}, "limits:\n  return_visits_per_month: 1\n")
    [line] = duties.k8_return_visits(c)
    assert (line.staff, line.code, line.arithmetic) == ("S-2", "return-visits", "0 < 1")
    c = ctx(tmp_path / "b", {"visits/2026-09/S-2.yaml": SEPT_MEETINGS + visit(9, "2026-09-28", "return-visit")},
            "limits:\n  return_visits_per_month: 1\n")
    assert duties.k8_return_visits(c) == []


def test_t5_a_visit_without_a_summary(tmp_path):
    log = visit(1, "2026-09-02") + visit(2, "2026-09-09", summary=None) + visit(3, "2026-09-10", "call", summary=None)
    c = ctx(tmp_path, {"visits/2026-09/S-2.yaml": log}, "limits:\n  summary_kinds: [visit]\n")
    [line] = duties.t5_visit_summary(c)
    assert (line.staff, line.rule, line.what) == ("S-2", "T5", "1 visit without a written summary")
    assert line.arithmetic == "V-2 09-09 visit (L-1)"      # the call (not in summary_kinds) is not held to it
    assert line.evidence == ("visits/2026-09/S-2.yaml:6",)   # V-1 takes lines 1-5
    # switched off by the rule id: no line in the month's payout
    off = ctx(tmp_path / "off", {"visits/2026-09/S-2.yaml": log}, "rules:\n  T5: off\n")
    assert not [x for x in payout_month(off.records, "2026-09").lines if x.rule == "T5"]


def test_o5_leave_over_n_days_applied_n_days_ahead(tmp_path):
    # 001 「請假天數超過[具體天數]的,需提前[具體天數]提交書面請假申請」, with N = 3
    leave = ("leave:\n"
             "  - {start: 2026-09-07, end: 2026-09-11, applied: 2026-09-05, approved_by: S-1}\n"   # 5 days, 2 ahead: late
             "  - {start: 2026-09-21, end: 2026-09-25, applied: 2026-09-18, approved_by: S-1}\n"   # 5 days, 3 ahead: in time
             "  - {start: 2026-09-28, end: 2026-09-30, applied: 2026-09-27, approved_by: S-1}\n")  # 3 days: not over N
    c = ctx(tmp_path, {"staff/S-2.yaml": TEAM["staff/S-2.yaml"] + leave}, "limits:\n  leave_notice_days: 3\n")
    [line] = duties.o5_leave_notice(c)
    assert (line.staff, line.code, line.rule) == ("S-2", "leave-notice", "O5")
    assert line.what == "leave of 5 days from 2026-09-07 not applied for 3 days ahead"
    assert line.arithmetic == "2026-09-07 to 2026-09-11 (5 days > 3); applied 2026-09-05, 2 day(s) ahead"


def test_o5_leave_applied_for_and_approved_before_it_is_taken(tmp_path):
    leave = ("leave:\n"
             "  - {start: 2026-09-07, end: 2026-09-08, applied: 2026-09-01, approved_by: S-1}\n"
             "  - {start: 2026-09-14, end: 2026-09-14, applied: 2026-09-14, approved_by: S-1}\n"
             "  - {start: 2026-09-21, end: 2026-09-22}\n")
    c = ctx(tmp_path, {"staff/S-2.yaml": TEAM["staff/S-2.yaml"] + leave}, "limits:\n  leave_approval: true\n")
    got = [(x.what, x.arithmetic) for x in duties.o5_leave_approval(c)]
    assert got == [("leave from 2026-09-14 to 2026-09-14 not applied for and approved in advance", "not applied for before it started"),
                   ("leave from 2026-09-21 to 2026-09-22 not applied for and approved in advance", "no approver; no application date")]
    assert duties.o5_leave_approval(ctx(tmp_path / "d", {"staff/S-2.yaml": TEAM["staff/S-2.yaml"] + leave}, "")) == []


# ----------------------------------------------------------------------------- T3 and T6
from salesctl.engines.payout import follow_through   # noqa: E402


def complaint(i: int, at: str, answered: str | None, resolved: str | None, responsible: str | None = "S-1") -> str:
    return (f"- id: V-{i}\n  lead: L-1\n  at: {at}+08:00\n  kind: complaint\n  category: 设施\n"
            + (f"  answered: {answered}+08:00\n" if answered else "") + (f"  resolved: {resolved}+08:00\n" if resolved else "")
            + (f"  responsible: {responsible}\n" if responsible else ""))


def test_t3_a_complaint_answered_but_not_resolved_is_flagged_on_its_responsible_person(tmp_path):
    # 001 「跟踪处理结果,直至客户满意」: answered within 24 hours, but still open 7 days later
    log = (complaint(1, "2026-09-03T10:00:00", "2026-09-03T15:00:00", None)              # open: flagged on 10 Sep
           + complaint(2, "2026-09-04T10:00:00", "2026-09-04T12:00:00", "2026-09-08T09:00:00")   # resolved in time
           + complaint(3, "2026-09-05T10:00:00", "2026-09-05T12:00:00", "2026-09-20T09:00:00", None))  # resolved late
    c = ctx(tmp_path, {"visits/2026-09/S-2.yaml": log}, "limits:\n  complaint_resolve_days: 7\n")
    got = [(x.staff, x.rule, x.what, x.arithmetic) for x in follow_through.t3_complaint_unresolved(c)]
    assert got == [
        ("S-1", "T3", "complaint (lead L-1, 设施) not resolved within 7 days",
         "received 2026-09-03 10:00, due by 2026-09-10 10:00; answered 2026-09-03 15:00; still open"),
        ("S-2", "T3", "complaint (lead L-1, 设施) not resolved within 7 days",
         "received 2026-09-05 10:00, due by 2026-09-12 10:00; answered 2026-09-05 12:00; resolved 2026-09-20 09:00"),
    ]
    assert follow_through.t3_complaint_unresolved(ctx(tmp_path / "off", {"visits/2026-09/S-2.yaml": log},
                                                       "limits:\n  complaint_resolve_days: 0\n")) == []


def test_t6_a_deal_signed_without_its_contract_reviewed(tmp_path):
    # 004 「签约前完成合同条款审核」: D-1 reviewed the day before, D-2 never, D-3 only after signing
    def deal(i, extra=""):
        return {f"deals/2026-09/D-{i}.yaml": f"id: D-{i}\nlead: L-1\namount: 5000\nsigned: 2026-09-10\n"
                f"payment: {{date: 2026-09-10, taken_by: S-2}}\n{extra}"}
    files = {**deal(1, "contract_reviewed: {by: S-1, at: 2026-09-09}\n"), **deal(2),
             **deal(3, "contract_reviewed: {by: S-1, at: 2026-09-12}\n")}
    c = ctx(tmp_path, files, "limits:\n  contract_review: true\n")
    got = [(x.staff, x.rule, x.what) for x in follow_through.t6_deal_preparation(c)]
    assert got == [("S-2", "T6", "deal D-2 signed 2026-09-10: contract terms not reviewed"),
                   ("S-2", "T6", "deal D-3 signed 2026-09-10: contract reviewed 2026-09-12, after signing")]
    assert follow_through.t6_deal_preparation(ctx(tmp_path / "d", files, "")) == []   # not asked by default


def test_t3_complaints_analysed_by_category_in_the_meeting_summary(tmp_path):
    # 003 「對客戶投訴進行分析總結」: the month's complaints by category — received, answered within
    # limits.complaint_hours (24), resolved, still open; the most complained-of category first
    from salesctl.domain.calendar import parse_period
    from salesctl.reports.meeting import meeting

    log = (complaint(1, "2026-09-03T10:00:00", "2026-09-03T15:00:00", None)                          # 设施: on time, open
           + complaint(2, "2026-09-04T10:00:00", "2026-09-06T12:00:00", "2026-09-08T09:00:00")       # 设施: late, resolved
           + complaint(3, "2026-09-05T10:00:00", "2026-09-05T12:00:00", "2026-09-07T09:00:00").replace("设施", "价格"))
    august = complaint(4, "2026-08-28T10:00:00", None, None)                                       # not September's
    root = write_records(tmp_path / "records", {**TEAM, "visits/2026-09/S-2.yaml": log, "visits/2026-08/S-2.yaml": august,
                                                "salesctl.yaml": ""})
    m = meeting(load_records(root), parse_period("2026-09"))
    assert m.complaints == (("设施", 2, 1, 1, 1), ("价格", 1, 1, 1, 0))
