"""The `payout` and `limits` policy sections: rewards, titles, penalties and flags (P1-P8, T1-T4, K5, K8).

Every amount, streak length and threshold of the rule books is a setting here. In salesctl.yaml:

    payout:
      top3: [2000, 1000, 500]
      commission_mode: marginal          # or flat
      commission_tiers:
        - {from: 100, rate: 3}           # 3% of the part from 100% to 120% of target
        - {from: 120, rate: 5}           # 5% of the part above 120%
      grade_bonus: {excellent: 500, good: 200, pass: 0, fail: 0}
    limits:
      complaint_hours: 24

See docs/scoring.md for each line and its arithmetic.
"""
from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

import msgspec

from salesctl.policy.base import Section
from salesctl.policy.score import Indicator
from salesctl.schema import Count, Grade, Money, VisitKind, Weekday, meta
from salesctl.i18n import _

PosInt = Annotated[int, msgspec.Meta(ge=1)]
GradeName = Literal["excellent", "good", "pass", "fail"]


class Tier(Section, kw_only=True):
    from_: Annotated[Decimal, meta("Attainment (percent of target) where this tier starts, e.g. 100.", "P4")] = msgspec.field(name="from")
    rate: Annotated[Decimal, meta("Commission rate in percent, e.g. 3.", "P4")]

    def __post_init__(self):
        if not self.from_.is_finite() or self.from_ < 0:
            raise ValueError(_("tier from {from_} must be a percent, 0 or more").format(from_=self.from_))
        if not self.rate.is_finite() or self.rate < 0 or self.rate > 100:
            raise ValueError(_("tier rate {rate} must be between 0 and 100").format(rate=self.rate))


def default_tiers() -> tuple:
    return (Tier(from_=Decimal(100), rate=Decimal(3)), Tier(from_=Decimal(120), rate=Decimal(5)))


def default_quarter_factors() -> dict:
    return {"excellent": Decimal("1.5"), "good": Decimal("1.2"), "pass": Decimal(1), "fail": Decimal(0)}


def default_grade_bonus() -> dict:
    return {"excellent": Money("500"), "good": Money("200"), "pass": Money("0"), "fail": Money("0")}


# What a title ranks by or asks at least of: an indicator (docs/scoring.md) or the review's composite (K6).
Fact = Literal[Indicator.__args__ + ("composite",)]  # type: ignore[valid-type]


# what a quarter's or a year's title may go by (the period's figures, engines/payout/period.py PeriodFigure)
PERIOD_FACTS = ("sales", "target", "attainment", "composite")


class Title(Section, kw_only=True):
    name: Annotated[str, meta("The title's name, e.g. 销售之星, 客户服务标兵, 团队协作奖.", "P6")]
    period: Annotated[Literal["month", "quarter", "year"], meta("The period it is given for.", "P6")] = "month"
    rank_by: Annotated[Union[Fact, tuple[Fact, ...], None], meta(
        "The indicator it goes by: highest wins, ties share (a list: the next breaks ties); none or zero never wins.", "P6")] = None
    nomination: Annotated[Optional[str], meta(
        "Instead of rank_by: the award name the reviews' nominations use (e.g. teamwork); every nominee meeting the "
        "minimum gets it, unranked.", "P6")] = None
    to: Annotated[Literal["person", "team", "either"], meta(
        "Who gets it: a person, a team (its bonus split to the cent among the team's members there), or either (a "
        "nomination names a person or a team).", "P6")] = "person"
    places: Annotated[int, meta("How many places a ranked title gives (1: the best only).", "P6", ge=1)] = 1
    minimum: Annotated[dict[Fact, Decimal], meta(
        "The minimum standard: {indicator: at least this}; a team's figure is the mean of its members'. Nobody meeting "
        "it: the title is withheld (a title-withheld line names the best and what they missed).", "P6")] = {}
    bonus: Annotated[Money, meta("Paid with the title (a team's is split among its members).", "P6")] = Money("0")
    within: Annotated[Optional[Literal["company", "department", "team", "channel"]], meta(
        "Who competes with whom; empty: rules.P6.within.", "P6")] = None

    def __post_init__(self):
        if (self.rank_by is None) == (self.nomination is None):
            raise ValueError(_("title {name}: give either rank_by or nomination").format(name=self.name))
        if self.rank_by is not None and not self.ranking:
            raise ValueError(_("title {name}: rank_by names no indicator").format(name=self.name))
        if self.rank_by is not None and self.to == "either":
            raise ValueError(_("title {name}: a ranked title goes to a person or a team, not either").format(name=self.name))
        if self.period != "month":
            other = [f for f in (*self.ranking, *self.minimum) if f not in PERIOD_FACTS]
            if other:
                raise ValueError(_("title {name}: a {period}'s title goes by {value}, not {value2} (those are a month's)").format(name=self.name, period=self.period, value=', '.join(PERIOD_FACTS), value2=', '.join(other)))

    @property
    def ranking(self) -> tuple[str, ...]:
        """rank_by as a tuple of indicators."""
        return () if self.rank_by is None else (self.rank_by,) if isinstance(self.rank_by, str) else tuple(self.rank_by)


def default_titles() -> tuple:
    """003's two monthly titles (the defaults before issue 12): the most credited sales, and the best
    satisfaction among those with 5 ratings and 80% satisfied."""
    return (Title(name="销售之星", rank_by="sales"),
            Title(name="客户服务标兵", rank_by=("satisfaction", "satisfaction_mean"),
                  minimum={"ratings": Decimal(5), "satisfaction": Decimal(80)}))


class Payout(Section, kw_only=True):
    top3: Annotated[tuple[Money, ...], meta("Bonus for the month's top sellers by credited sales, first place first; people tied share the bonuses of the places they occupy.", "P1")] = (
        Money("2000"), Money("1000"), Money("500"))
    dept_top_bonus: Annotated[Money, meta("The department's top seller of the month, if they reached their own target.", "P2")] = Money("200")
    team_streak_months: Annotated[int, meta("Top of their team this many months running ...", "P2", ge=1, le=1200)] = 6
    team_streak_bonus: Annotated[Money, meta("... earns this more (paid each time the run reaches a multiple of team_streak_months).", "P2")] = Money("300")
    dept_streak_months: Annotated[int, meta("Top of the department this many months running ...", "P2", ge=1, le=1200)] = 12
    dept_streak_bonus: Annotated[Money, meta("... earns this more (paid each time the run reaches a multiple of dept_streak_months).", "P2")] = Money("500")
    raise_streak_months: Annotated[int, meta("Top of the department this many months running: flagged for a raise (every month the run is at least this long).", "P2", ge=1, le=1200)] = 3
    missed_months: Annotated[int, meta("Missing target this many months running: flagged for demotion or dismissal.", "P3", ge=1, le=1200)] = 3
    commission_tiers: Annotated[tuple[Tier, ...], meta("Commission tiers on credited sales above target, lowest first.", "P4")] = msgspec.field(default_factory=default_tiers)
    commission_mode: Annotated[Literal["marginal", "flat"], meta(
        "marginal: each tier's rate on the slice of sales between its start and the next tier's start; "
        "flat: the rate of the highest tier reached on all sales above the first tier's start.", "P4")] = "marginal"
    grade_bonus: Annotated[dict[GradeName, Money], meta("Performance bonus by the month's grade (a grade not listed gets none).", "P4, K6")] = msgspec.field(default_factory=default_grade_bonus)
    quarter_bonus_rate: Annotated[Optional[Decimal], meta(
        "The quarterly performance bonus (`payout --quarter`, 001 「核算團隊成員的績效獎金」「上不封頂」): this percent "
        "of the quarter's credited sales, times the factor of the quarter's grade (quarter_bonus_grades), with no cap; "
        "empty: no quarterly bonus. The seed gives no rate: the presets' number is ours.", "P4, K6")] = None
    quarter_bonus_grades: Annotated[dict[GradeName, Decimal], meta(
        "Factor of the quarterly bonus by the quarter's grade (the weighted mean of its months' composites, "
        "score.quarter_weights); a grade not listed gets none. The seed gives none: ours.", "P4, K6")] = msgspec.field(default_factory=default_quarter_factors)
    year_grade_bonus: Annotated[dict[GradeName, Money], meta(
        "The yearly performance bonus (`payout --year`) by the year's grade (003 「績效獎金與員工月度和年度績效考核成績掛鉤」: "
        "the weighted mean of the months' composites, score.year_weights); empty or a grade not listed: none.", "P4, K6")] = {}
    lateness_mode: Annotated[Literal["minutes", "count"], meta(
        "The form of the attendance rule. minutes (003): late or early by up to late_minutes deducts late_deduction, "
        "more counts as half a day absent; half and full days absent deduct their rate plus that day's pay, a full day "
        "earns a warning, long absence flags dismissal. count (001): each late arrival or early leave deducts "
        "late_deduction, up to late_count_limit times a month; more times, or late_count_absent_days days absent, "
        "are flagged for the club's rules.", "P5")] = "minutes"
    late_minutes: Annotated[int, meta("Late or early by up to this many minutes: a late deduction; more: half a day absent (minutes form).", "P5", ge=0, le=1440)] = 15
    late_deduction: Annotated[Money, meta("Deducted from the month's bonus for each late arrival or early leave within late_minutes (count form: each of the first late_count_limit).", "P5")] = Money("50")
    half_day_deduction: Annotated[Money, meta("Deducted for half a day absent (also for late or early beyond late_minutes), plus that day's pay (payroll's).", "P5")] = Money("100")
    half_day_pay_days: Annotated[Decimal, meta(
        "Days of pay payroll deducts for half a day absent: 1, that day's pay (003 「曠工半天,扣除當天工資」), or 0.5. "
        "The absent-days line and the payroll's absent_days column give these days; the dismissal count (absent_year_days) "
        "counts half a day as half.", "P5")] = Decimal(1)
    full_day_deduction: Annotated[Money, meta("Deducted for a full day absent, plus that day's pay (payroll's) and a warning.", "P5")] = Money("200")
    late_count_limit: Annotated[int, meta(
        "Count form (001, 「遲到、早退[具體次數]以內的,每次扣除[具體金額]」): late arrivals and early leaves a month that "
        "each deduct late_deduction; more are flagged for the club's rules.", "P5", ge=0)] = 3
    late_count_absent_days: Annotated[Decimal, meta(
        "Count form (001, 「曠工[具體天數]的,按照會所相關規定進行處理」): days absent in a month (half days count half) "
        "flagged for the club's rules.", "P5")] = Decimal(3)
    absent_run_days: Annotated[int, meta("Full days absent in a row (working days) that flag for dismissal.", "P5", ge=1, le=36500)] = 3
    absent_year_days: Annotated[Decimal, meta("Days absent in a calendar year (half days count half) that flag for dismissal.", "P5")] = Decimal(5)
    deductions_limited_to_bonus: Annotated[bool, meta(
        "true: a month's deductions take at most the month's bonuses (never below zero); false: reported in full.", "P5")] = False
    titles: Annotated[tuple[Title, ...], meta(
        "The titles and awards (称号, 奖), each with its minimum standard: ranked by an indicator (highest wins, ties "
        "share) or given to every nominee of the reviews' nominations who meets the minimum. The month's payout gives "
        "the period: month ones; quarter and year ones are the quarter's and year's.", "P6")] = msgspec.field(default_factory=default_titles)
    fail_grade_flag: Annotated[bool, meta("Flag everyone graded fail (不合格) in the month's review.", "P8, K6")] = False
    fail_penalty: Annotated[Money, meta("Deducted with the fail-grade flag (0: the flag only).", "P8")] = Money("0")
    target_bonus: Annotated[Optional[Money], meta(
        "Paid to whoever reached their monthly target (credited sales at least the target); empty: no such bonus.", "P8")] = None
    promotion_months: Annotated[Optional[PosInt], meta(
        "Graded at least promotion_grade this many months running: flagged for promotion; empty: not this test.", "P8")] = None
    promotion_rank: Annotated[Optional[PosInt], meta(
        "Ranked this high or higher in the department by composite (1 is first) and graded at least promotion_grade: "
        "flagged for promotion; empty: not this test. With promotion_months too, both must hold.", "P8")] = None
    promotion_grade: Annotated[GradeName, meta("The grade the promotion flag asks for (or better).", "P8, K6")] = "excellent"
    training_subsidy: Annotated[Optional[Money], meta(
        "Paid to whoever attended at least training_subsidy_attended training sessions in the month with a test score "
        "of at least training_subsidy_score; empty: no such subsidy.", "P8, K4")] = None
    training_subsidy_attended: Annotated[int, meta("Training sessions the subsidy asks for in the month.", "P8", ge=1)] = 1
    training_subsidy_score: Annotated[Decimal, meta("Training test score the subsidy asks for.", "P8")] = Decimal(80)
    referral_reward: Annotated[Optional[Money], meta(
        "Paid to the referrer (staff referred_by) in the month a recruit they recommended passes probation; empty: none.", "P7")] = None
    probation_days: Annotated[int, meta("Days after joining a recruit passes probation (joined + this many days), if still there.", "P7", ge=0, le=36500)] = 90
    yearly_target_flag: Annotated[bool, meta(
        "Flag who reached their yearly target (team trip or training), in December's payout and the year's "
        "(`payout --year`); the year's target is its key or the sum of the months (K11).", "P7, K11")] = True

    def __post_init__(self):
        if self.quarter_bonus_rate is not None and (not self.quarter_bonus_rate.is_finite() or self.quarter_bonus_rate < 0):
            raise ValueError(_("quarter_bonus_rate {quarter_bonus_rate} must be a percent, 0 or more").format(quarter_bonus_rate=self.quarter_bonus_rate))
        if any(not f.is_finite() or f < 0 for f in self.quarter_bonus_grades.values()):
            raise ValueError(_("quarter_bonus_grades factors must be 0 or more"))
        froms = [t.from_ for t in self.commission_tiers]
        if froms != sorted(froms) or len(set(froms)) != len(froms):
            raise ValueError(_("commission_tiers must be in increasing order of from, each once"))
        if not self.late_count_absent_days.is_finite() or self.late_count_absent_days <= 0:
            raise ValueError(_("late_count_absent_days {late_count_absent_days} must be a number of days above 0").format(late_count_absent_days=self.late_count_absent_days))


def default_opening_hours() -> dict:
    return {d: "09:00-22:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def clock_span(text: str) -> tuple[int, int] | None:
    """'HH:MM-HH:MM' as (start, end) minutes after midnight with start < end, or None."""
    import re

    m = re.fullmatch(r"\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*", text or "")   # closed, None: no match
    if not m:
        return None
    a, b = int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])
    return (a, b) if a < b <= 1440 else None


Absence = Literal["half", "full"]


class Limits(Section, kw_only=True):
    quote_days: Annotated[int, meta("A quote within this many days of the need being confirmed.", "T1", ge=0, le=36500)] = 2
    delivery_days: Annotated[int, meta("Delivery confirmed within this many days of signing.", "T2", ge=0, le=36500)] = 3
    delivery_kinds: Annotated[tuple[Literal["new", "renewal", "transfer", "upgrade", "product"], ...], meta(
        "Deal kinds that have a delivery to confirm (签约后3日内完成客户交付确认): a product is handed over; a membership "
        "card (new, renewal, transfer, upgrade) starts when it is signed and has no delivery.", "T2")] = ("product",)
    complaint_hours: Annotated[int, meta("A complaint answered within this many hours.", "T3", ge=0, le=8760)] = 24
    complaint_resolve_days: Annotated[Optional[Count], meta(
        "A complaint is resolved (its `resolved` time) within this many days of being received, tracked until the customer "
        "is satisfied (001 「跟踪处理结果,直至客户满意」, 002); later or still open by then is flagged on its responsible "
        "person. No rule book gives a number: 7 is ours. Empty or 0: not checked.", "T3")] = 7
    negotiation_report: Annotated[bool, meta(
        "A deal's negotiation progress is reported to the team head before signing (001 「及時向團隊負責人匯報洽談進展情況」): "
        "a sale signed without negotiation_reported dated on or before signing is flagged.", "T6")] = False
    contract_review: Annotated[bool, meta(
        "The agreement or contract terms are reviewed before signing (004 「签约前完成合同条款审核」, 001 「起草合作協議,提交審核」): "
        "a sale signed without contract_reviewed dated on or before signing is flagged.", "T6")] = False
    report_threshold: Annotated[Money, meta(
        "A deal of an amount above this (金额超过规定阈值(如10万元): the threshold itself is not above it) is a major "
        "customer need, reported to the team leader before signing.", "T4")] = Money("100000")
    report_cycle_days: Annotated[Optional[Count], meta(
        "A deal whose decision cycle (first contact to signing) is longer than this many days is a major customer need "
        "too (决策周期长); empty: the cycle does not make a need major.", "T4")] = None
    report_grades: Annotated[tuple[Grade, ...], meta(
        "Customer grades whose deals are major customer needs too (影响力大: e.g. [important], 重要客户); empty: none.", "T4")] = ()
    satisfaction_min: Annotated[Decimal, meta("Share of satisfied ratings (percent) below which satisfaction is flagged for improvement.", "K5")] = Decimal(80)
    satisfaction_min_ratings: Annotated[int, meta("Ratings needed in the month before satisfaction can be flagged.", "K5", ge=1)] = 1
    contacts_per_day: Annotated[Decimal, meta("Contacts with customers per working day at least (flagged below).", "K8")] = Decimal(2)
    contacts_each_day: Annotated[bool, meta(
        "true: at least contacts_per_day on EACH working day the person was there, the days short flagged (002 "
        "「每日与客户保持至少两次沟通」); false: the month's contacts per working day on average.", "K8")] = False
    meetings_per_week: Annotated[Optional[Count], meta(
        "Face-to-face meetings with customers a week at least (002 「每周至少与客户进行一次面对面交流」), prorated by the "
        "week's working days; the weeks short are flagged. Empty or 0: not checked.", "K8")] = None
    meeting_kinds: Annotated[tuple[VisitKind, ...], meta("Visit kinds that are face-to-face meetings.", "K8")] = ("visit", "tour")
    return_visits_per_month: Annotated[Optional[Count], meta(
        "Return visits (kind return-visit) a month at least (002 「每月至少进行一次客户回访」); fewer is flagged. Empty or "
        "0: not checked.", "K8")] = None
    summary_kinds: Annotated[tuple[VisitKind, ...], meta(
        "Visit kinds after which a written summary is due (000 「每次銷售拜訪結束后…撰寫拜訪總結」, 003): a visit of these "
        "kinds with no summary is flagged. Empty: not checked.", "T5")] = ("visit",)
    leave_approval: Annotated[bool, meta(
        "Leave is applied for and approved before it is taken (000 「請假應提前…申請,經批準后方可休假」, 001, 003): a leave "
        "starting in the month with no approver (approved_by), or applied for on or after its first day, is flagged.", "O5")] = False
    leave_notice_days: Annotated[Optional[Count], meta(
        "Leave longer than this many days is applied for in writing this many days ahead (001 「請假天數超過[具體天數]的,"
        "需提前[具體天數]提交書面請假申請」: the seed leaves the number blank); a leave applied later, or with no `applied` "
        "date, is flagged. Empty or 0: not checked.", "O5")] = None
    event_report_days: Annotated[Optional[Count], meta(
        "An event's summary report (活動總結報告, 001 「活動結束后…撰寫活動總結報告」) is handed in within this many days "
        "of the event; one still missing, or handed in later, is flagged on its organisers in the month the days run "
        "out. The seed gives no number: 7 is ours. Empty or 0: not checked.", "L7")] = 7
    event_over_budget: Annotated[bool, meta(
        "Flag an event whose cost is above its budget (001 「制定活動預算」), on its organisers in the month it was "
        "held.", "L7")] = True
    swap_absence: Annotated[Optional[Absence], meta(
        "A shift swap (an attendance entry's swap) without the supervisor's arrangement (no approved_by) counts as this "
        "much absence (旷工) in P5 and is flagged (002 「如有各种事由需要换班及离开的,必须通知其主管,由主管做出安排后,方可执行,"
        "否则,按旷工处理」): half or full day. The seed says absence, not how much: a whole shift, full, is ours. Empty: "
        "neither counted nor flagged.", "O4, P5")] = "full"
    off_post_absence: Annotated[Optional[Absence], meta(
        "Leaving the post (an attendance entry's off_post stretch) without the supervisor's arrangement counts as this "
        "much absence (旷工) in P5 and is flagged (002, as swap_absence); several such stretches in a day count once. "
        "half is ours (as late or early by more than payout.late_minutes). Empty: neither counted nor flagged.", "O4, P5")] = "half"
    opening_hours: Annotated[dict[Weekday, Optional[str]], meta(
        "The opening hours (营业时间) by weekday, HH:MM-HH:MM, or closed (null: closed too). During them the post is "
        "never left empty (002 「在营业时间内绝不能缺岗」): each stretch with no inside consultant on post (rotation "
        "roles, assign.rotation_roles; by shift, swap, leave, absence, late, early and off_post) is flagged on the "
        "department's manager. The seed gives no hours: 09:00-22:00, from the default early shift's start to the late "
        "shift's end, is ours, every day; a policy names the days it changes (e.g. {sun: closed}).", "O4")] = msgspec.field(default_factory=default_opening_hours)
    coverage_breaks: Annotated[bool, meta(
        "true: a shift's breaks (meals) empty the post in the coverage check. false: a break alone never does (002 "
        "「在接班顾问没到时,当班顾问不能离岗」: a consultant takes the meal only when relieved, so the policy's fixed break "
        "times are not the moments the post was left).", "O4")] = False
    training_pass: Annotated[Decimal, meta("Training test score needed to pass (flagged below).", "K4, K9")] = Decimal(80)
    trainings_per_month: Annotated[int, meta(
        "Training sessions a team must have in a month (004 「每月至少开展一次产品知识或销售技巧培训」); fewer is flagged "
        "on the team leader; 0: no flag.", "K9", ge=0)] = 1
    training_missed_flag: Annotated[bool, meta(
        "Flag a person invited to a required session who did not attend and was not on leave that day "
        "(004 「按时参加所有安排的培训活动,不得无故缺席」).", "K9")] = True
    plan_due_days: Annotated[int, meta(
        "An improvement plan is due this many days after the end of the month it answers (no rule book gives a "
        "number: 15 is ours, room for 003's review 「次月上旬」 and the interview after it).", "K5, K10", ge=0, le=36500)] = 15
    plan_reasons: Annotated[tuple[Literal["missed-target", "low-satisfaction", "fail-grade"], ...], meta(
        "What opens an improvement plan for a month: missed-target (K5, 004 「未达标者需提交改进计划」), "
        "low-satisfaction (K5, satisfaction below satisfaction_min, 004 「满意度低于80%需重点改进」), fail-grade "
        "(K10, the month's grade is fail, 000 「對于考核結果不達標…制定改進措施」, 003 「共同制定改進計劃」). A "
        "reason counts only while its rule is on.", "K5, K10")] = ("missed-target", "low-satisfaction", "fail-grade")
    minimum_roles: Annotated[tuple[Literal["manager", "leader", "deputy", "member"], ...], meta(
        "Roles held to the lead and prospect minimums (leads.weekly_minimum, leads.monthly_prospects) and the contacts "
        "minimum: the seeds ask them of team members (组员, 团队成员, 销售顾问).", "L1, L2, K8")] = ("member",)

    def __post_init__(self):
        for day, text in self.opening_hours.items():
            if text not in (None, "closed") and clock_span(text) is None:
                raise ValueError(_("opening_hours.{day} {text!r}: expected HH:MM-HH:MM, the start before the end, or closed").format(day=day, text=text))
