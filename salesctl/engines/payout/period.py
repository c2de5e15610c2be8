"""A quarter's or a year's payout (K11, P4, P7): the bonuses paid on a period's review, not a month's.

    PERIOD_RULES: the rule functions `(PeriodContext) -> list[Line]`, in the order they run
    payout_period(records, period, rules=PERIOD_RULES) -> PeriodPayout

Like the month's payout (salesctl.engines.payout): each rule is one function named by its rule id
(rule_of), run through run_lines, which keeps only the people the rule's scope covers; each rule
book's people run under its own policy (Records.books), with the rules that policy has on. A rule
reads ctx.people, the period figure of each person scored in the period (credited sales, the
period's target — its key or the sum of its months, K11 —, attainment, composite and grade from
score_period), and ctx.month_payouts() when it needs the months' lines.

To add a period rule: write `def <id>_<name>(ctx: PeriodContext) -> list[Line]` here (or in the
module of its subject) with a docstring starting "<ID>: ", give its line codes a row in lines.CODES,
and list it in PERIOD_RULES. It returns [] for the kind of period it is not about (ctx.period.kind).

Pure functions of (records, period): the months' records only (the period ends on its last month's
last day). Streak rules (P2, P3) stay monthly.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable, Optional, Sequence

from salesctl.domain import reviews
from salesctl.domain.calendar import Period, parse_period
from salesctl.engines.indicators import memo
from salesctl.engines.payout import each_book, merged_lines, payout_month, run_lines
from salesctl.engines.payout.flags import yearly_target_line
from salesctl.engines.payout.titles import award, nominations_of
from salesctl.engines.payout.lines import HUNDRED, Line, MonthPayout, PeriodPayout, fmt_pct, num
from salesctl.engines.score import GRADES_ZH, score_period
from salesctl.i18n import _, language
from salesctl.money import ZERO, fmt, round_cent
from salesctl.policy import Policy
from salesctl.policy.payout import PERIOD_FACTS
from salesctl.records import Records


@dataclass(frozen=True)
class PeriodFigure:
    """What a period rule reads of one person: score_period's figures and the staff record's role."""
    staff: str
    name: str
    channel: str
    role: str
    team: Optional[str]
    department: Optional[str]
    sales: Decimal                    # credited sales of the period's months
    target: Optional[Decimal]         # K11: the period's key, or the sum of its months
    target_how: str                   # which of the two, in words
    composite: Optional[Decimal]      # weighted mean of the months' composites (score.quarter_weights / year_weights)
    grade: Optional[str]
    months: tuple                     # (month, composite or None, weight)

    @property
    def attainment(self) -> Optional[Decimal]:
        return self.sales * HUNDRED / self.target if self.target else None

    def get(self, name: str):
        """A figure by name, as a title reads it (payout.titles of a quarter or year: PERIOD_FACTS)."""
        return getattr(self, name) if name in PERIOD_FACTS else None

    def composite_words(self) -> str:
        got = [f"{m} {c}" for m, c, _w in self.months if c is not None]
        return _("composite {composite} (weighted mean of {months})").format(composite=self.composite, months=', '.join(got) or _('no month'))


@dataclass(frozen=True)
class PeriodContext:
    """The input of a period rule. `earlier`: the lines of the rules run before it."""
    records: Records
    period: Period
    months: tuple[str, ...]
    policy: Policy
    people: dict                      # staff id -> PeriodFigure
    earlier: tuple[Line, ...] = ()
    rule: str = ""

    def for_rule(self, rule: str) -> "PeriodContext":
        """Only the people the rule's scope covers (rules.<id>)."""
        scope = self.policy.scope(rule)
        return replace(self, rule=rule, people={k: f for k, f in self.people.items()
                                                if scope.covers(f.channel, f.role, f.team, f.department)})

    def month_payouts(self) -> dict[str, MonthPayout]:
        """month -> that month's payout (memoised per month)."""
        return {m: payout_month(self.records, m) for m in self.months}


PeriodRule = Callable[[PeriodContext], list[Line]]


def figures(records: Records, period: Period) -> dict[str, PeriodFigure]:
    out = {}
    for ps in score_period(records, period):
        s = records.staff.get(ps.staff)
        out[ps.staff] = PeriodFigure(ps.staff, ps.name, ps.channel, s.role if s else "member", ps.team, ps.department,
                                     ps.sales, ps.target, ps.target_how, ps.composite, ps.grade, ps.months)
    return out


def build_period_context(records: Records, period: Period) -> PeriodContext:
    return PeriodContext(records, period, period.months, records.policy, figures(records, period))


# ----------------------------------------------------------------------------- rules
def p4_quarter_bonus(ctx: PeriodContext) -> list[Line]:
    """P4: the quarterly performance bonus (001 「人力資源部門根據績效考核結果,核算團隊成員的績效獎金」
    「績效獎金與個人業績表現掛鉤,上不封頂」): payout.quarter_bonus_rate percent of the quarter's credited
    sales times the factor of the quarter's grade (payout.quarter_bonus_grades), no cap."""
    po = ctx.policy.payout
    if ctx.period.kind != "quarter" or po.quarter_bonus_rate is None:
        return []
    rate = Decimal(po.quarter_bonus_rate)
    out = []
    for sid, f in ctx.people.items():
        if f.grade is None or f.sales <= 0:
            continue
        factor = Decimal(po.quarter_bonus_grades.get(f.grade, ZERO))
        amount = round_cent(f.sales * rate / HUNDRED * factor)
        if amount == 0:
            continue
        waits = _review_waits(ctx, sid)
        if waits:
            out.append(Line(sid, "quarter-bonus-waits", _("quarterly performance bonus, {period}, waits for the review: {why}").format(period=ctx.period.label, why=waits),
                            arithmetic=_("credited {sales} x {rate} x {factor} (grade {grade}) = {amount} "
                                         "once the review counts (K2: 公示無異議後,報人力資源部門審核備案)").format(
                                sales=fmt(f.sales), rate=fmt_pct(rate), factor=num(factor), grade=f.grade, amount=fmt(amount)),
                            evidence=(f.composite_words(),)))
            continue
        out.append(Line(sid, "quarter-bonus", _("quarterly performance bonus, {period}, grade {grade} ({grade_zh})").format(
                            period=ctx.period.label, grade=f.grade, grade_zh=GRADES_ZH[f.grade]),
                        amount, _("credited {sales} x {rate} x {factor} (grade {grade}) = {amount}; no cap").format(
                            sales=fmt(f.sales), rate=fmt_pct(rate), factor=num(factor), grade=f.grade, amount=fmt(amount)),
                        (f.composite_words(),)))
    return out


def _review_waits(ctx: PeriodContext, sid: str) -> str:
    """Why the person's review of the period does not count yet ('' when it does, or when the period is
    not one their rule book reviews): the bonus is computed on the filed review (K2)."""
    s = ctx.records.staff.get(sid)
    if s is None or not reviews.reviewed(ctx.records, s, ctx.period):
        return ""
    rev = reviews.review_of(ctx.records, sid, ctx.period.label)
    if rev is None:
        return _("no review of {period}").format(period=ctx.period.label)
    return reviews.why_not_counted(ctx.records, rev)


def p4_year_bonus(ctx: PeriodContext) -> list[Line]:
    """P4: the yearly performance bonus by the year's grade (003 「績效獎金與員工月度和年度績效考核成績掛鉤」,
    「年度考核結果為全年月度考核結果的綜合」): payout.year_grade_bonus."""
    if ctx.period.kind != "year":
        return []
    out = []
    for sid, f in ctx.people.items():
        bonus = Decimal(ctx.policy.payout.year_grade_bonus.get(f.grade, ZERO)) if f.grade else ZERO
        if bonus != 0:
            out.append(Line(sid, "year-bonus", _("yearly performance bonus, {period}, grade {grade} ({grade_zh})").format(
                                period=ctx.period.label, grade=f.grade, grade_zh=GRADES_ZH[f.grade]),
                            bonus, _("year {composite} -> {grade}: {amount}").format(composite=f.composite_words(), grade=f.grade, amount=fmt(bonus)),
                            (f.composite_words(),)))
    return out


def p6_period_titles(ctx: PeriodContext) -> list[Line]:
    """P6: the titles of payout.titles given for a quarter or a year (000 「根據員工月度和年度銷售業績完成情況,
    給予相應的獎金獎勵」: its 销售业绩奖 of the year), each by titles.award over the period's figures (sales,
    target, attainment, composite) and the nominations of the period's own review (reviews/2026/ for the
    year: a month's nominations are the month's titles')."""
    noms = nominations_of(ctx.records, (ctx.period.label,))
    within = ctx.policy.scope(ctx.rule).within or "company"
    return [x for t in ctx.policy.payout.titles if t.period == ctx.period.kind for x in award(t, ctx.people, noms, within=within)]


def p7_yearly_target(ctx: PeriodContext) -> list[Line]:
    """P7: who reached the year's target (004 「年度累计业绩达标者可参与团队旅游或高端培训」), in the year's
    payout (the December month keeps its flag too), when payout.yearly_target_flag."""
    if ctx.period.kind != "year" or not ctx.policy.payout.yearly_target_flag:
        return []
    lines = (yearly_target_line(sid, ctx.period.label, f.sales, f.target, f.target_how) for sid, f in ctx.people.items())
    return [x for x in lines if x is not None]


PERIOD_RULES: tuple[PeriodRule, ...] = (p4_quarter_bonus, p4_year_bonus, p6_period_titles, p7_yearly_target)


def payout_period(records: Records, period: Period | str, rules: Sequence[PeriodRule] = PERIOD_RULES) -> PeriodPayout:
    """A quarter's or year's payout: each rule book's people under its policy, with the rules it has on."""
    period = parse_period(period) if isinstance(period, str) else period
    if period.kind == "month":
        raise ValueError(f"{period.label} is a month: payout_month")
    rules = tuple(rules)

    def build():
        parts = each_book(records, rules, lambda view, on: PeriodPayout(
            period, run_lines(build_period_context(view, period), on), figures(view, period)))
        if len(parts) == 1:
            return parts[0]
        return PeriodPayout(period, merged_lines(records, parts),
                            dict(sorted((k, v) for p in parts for k, v in p.people.items())))
    return memo(records, ("payout-period", period.label, rules, language()), build)   # its words are in the language in effect
