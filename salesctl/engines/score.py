"""Composite scores, grades and ranks (K1-K6) for a month, a quarter or a year.

    score_month(records, month) -> list[MonthScore]      one per person employed in the month
    score_period(records, period) -> list[PeriodScore]    quarter/year: the weighted mean of the months

Pure functions of (records, period). Every number comes from the policy (`score` section):
an item's points are weight x min(value / target, cap); items whose indicator has no value are
left out and the others' weights count in their place; the composite is
100 x sum(points) / sum(weights of the items counted), at most 100, to two decimals. Grades
by thresholds (K6); ranks within team and department, ties sharing a rank (1, 2, 2, 4).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Optional

from salesctl.domain.calendar import Period, is_week, parse_period, parse_week, quarter_of
from salesctl.domain.staffing import staff_period_target
from salesctl.i18n import N_, _
from salesctl.engines.indicators import PersonMonth, month_indicators, memo
from salesctl.policy.score import Grades, Item
from salesctl.records import Records

HUNDRED = Decimal(100)
POINT = Decimal("0.01")
GRADES_ZH = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}


def q2(x: Decimal) -> Decimal:
    return x.quantize(POINT, rounding=ROUND_HALF_UP)


def dec(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


@dataclass(frozen=True)
class ItemScore:
    indicator: str
    value: Optional[Decimal]      # None: no value this month, the item is left out
    target: Decimal               # after proration
    ratio: Optional[Decimal]      # value/target (or target/value), between 0 and cap
    cap: Decimal
    weight: Decimal
    points: Optional[Decimal]     # weight x ratio; None when left out
    lower_is_better: bool = False


def item_score(item: Item, value, fraction: Decimal = Decimal(1), prorate_targets: bool = True) -> ItemScore:
    """One item of the composite: the ratio to target, capped, times the weight."""
    target = dec(item.target)
    if item.prorate and prorate_targets:
        target = target * fraction
    cap, weight = dec(item.cap), dec(item.weight)
    if value is None or target <= 0:
        return ItemScore(item.indicator, None if value is None else dec(value), target, None, cap, weight, None, item.lower_is_better)
    v = dec(value)
    if item.lower_is_better:
        ratio = cap if v <= 0 else target / v
    else:
        ratio = v / target
    ratio = min(max(ratio, Decimal(0)), cap)
    return ItemScore(item.indicator, v, target, ratio, cap, weight, weight * ratio, item.lower_is_better)


def composite_parts(items: Iterable[ItemScore], scale: str = "best") -> tuple[Decimal, Decimal]:
    """(points, full marks) of the items counted. Full marks are the weights at their caps
    (scale "best": 100 means every item at its cap) or the weights (scale "target": 100 means
    every item at target, and points above target make up for items below it)."""
    counted = [i for i in items if i.points is not None]
    pts = sum((i.points for i in counted), Decimal(0))
    full = sum(((i.weight * i.cap) if scale == "best" else i.weight for i in counted), Decimal(0))
    return pts, full


def composite(items: Iterable[ItemScore], scale: str = "best") -> Optional[Decimal]:
    """100 x points / full marks of the items counted, between 0 and 100, to two decimals; None when no item counts."""
    items = list(items)
    pts, full = composite_parts(items, scale)
    if not any(i.points is not None for i in items):
        return None
    if full <= 0:  # every item counted has weight or cap 0: nothing to earn
        return q2(Decimal(0))
    return q2(min(max(HUNDRED * pts / full, Decimal(0)), HUNDRED))


def composite_words(items: Iterable[ItemScore], value, scale: str = "best") -> str:
    """How the composite was made, for --explain and statements."""
    pts, full = composite_parts(items, scale)
    what = _("the weights at their caps") if scale == "best" else _("the weights; at most 100")
    return _("100 x {points} / {full} = {value} ({what}; score.scale {scale})").format(
        points=q2(pts), full=f"{full.normalize():f}", value=value, what=what, scale=scale)


def k6_grade(value: Optional[Decimal], grades: Grades) -> Optional[str]:
    """K6: the review grade of a composite (excellent, good, pass, fail: 优秀/良好/合格/不合格) by score.grades."""
    if value is None:
        return None
    if value >= dec(grades.excellent):
        return "excellent"
    if value >= dec(grades.good):
        return "good"
    if value >= dec(grades.pass_):
        return "pass"
    return "fail"


def competition_ranks(values: dict) -> dict:
    """{key: value} -> {key: rank}, highest first, ties sharing the best rank (1, 2, 2, 4); None values get no rank."""
    vals = sorted((v for v in values.values() if v is not None), reverse=True)
    first = {}
    for i, v in enumerate(vals):
        first.setdefault(v, i + 1)
    return {k: (first[v] if v is not None else None) for k, v in values.items()}


def ranks_within(keyed: dict, group_of) -> dict:
    """Ranks within groups: keyed {key: value}, group_of(key) -> group (None: no rank)."""
    groups: dict = {}
    for k, v in keyed.items():
        g = group_of(k)
        if g is not None:
            groups.setdefault(g, {})[k] = v
    out = {k: None for k in keyed}
    for members in groups.values():
        out.update(competition_ranks(members))
    return out


# ----------------------------------------------------------------------------- month
@dataclass(frozen=True)
class MonthScore:
    person: PersonMonth
    items: tuple[ItemScore, ...]
    composite: Optional[Decimal]
    grade: Optional[str]
    team_rank: Optional[int]
    dept_rank: Optional[int]
    scale: str = "best"            # score.scale the composite was made with
    not_reviewed: Optional[str] = None   # why there is no composite (k1_not_reviewed), or None

    @property
    def staff(self) -> str:
        return self.person.staff


def person_items(records: Records, pm: PersonMonth) -> tuple[ItemScore, ...]:
    sc = records.policy.score
    return tuple(item_score(it, pm.get(it.indicator), pm.presence.fraction, sc.prorate_targets)
                 for it in sc.items.get(pm.channel, ()))


def score_month(records: Records, month: str, via: Optional[str] = None) -> list[MonthScore]:
    """Everyone employed in the month whose role is scored (score.roles), in (department, team, staff id)
    order; `via`: the quarter or year being scored (see month_indicators)."""
    return memo(records, ("score", month, via), lambda: sorted(
        (m for view in records.books for m in _score_month(view, month, via)),
        key=lambda m: (m.person.department or "", m.person.team or "", m.staff)))


NOT_THERE = N_("not reviewed: not there this month (on leave for all of their working days)")   # translated where shown


def k1_not_reviewed(records: Records, pm: PersonMonth) -> Optional[str]:
    """Why the person's month gets no composite, grade or rank (and quarters and years leave it out), or None.

    Not there (O3, O2): on approved leave for every working day of the month, e.g. a month of
    maternity leave, is not a failed month. No sales target, when score.needs_target (K1, K5)."""
    if not pm.presence.present:
        return NOT_THERE
    if records.policy.score.needs_target and not pm.has_target and not _period_target(records, pm):
        return N_("not reviewed: no sales target this month, its quarter or its year (score.needs_target)")
    return None


def _period_target(records: Records, pm: PersonMonth) -> bool:
    """Whether the person has a target for the month's quarter or year (K11: targets set by quarter
    only): the month is reviewed, its attainment item left out (no month target)."""
    s = records.staff.get(pm.staff)
    months = parse_week(pm.month).months if is_week(pm.month) else (pm.month,)   # a week: its one or two months
    return s is not None and any((s.targets.get(k) or 0) > 0 for m in months for k in (quarter_of(m), m[:4]))


def score_week(records: Records, week) -> list[MonthScore]:
    """An ISO week's scorecards (calendar.Week; 004's weekly meeting, K11): the month's scoring over the
    week's indicators (indicators.week_indicators): targets of prorated items are the month's by the
    week's share of it (Presence.share), items without a value in a week (a review's rating) are left
    out and the others count in their place; ranks within team and department as for a month."""
    from salesctl.engines.indicators import week_indicators

    return memo(records, ("score-week", week.label), lambda: sorted(
        (m for view in records.books for m in _score_people(view, week_indicators(view, week))),
        key=lambda m: (m.person.department or "", m.person.team or "", m.staff)))


def _score_month(records: Records, month: str, via: Optional[str] = None) -> list[MonthScore]:
    return _score_people(records, month_indicators(records, month, via))


def _score_people(records: Records, indicators: dict) -> list[MonthScore]:
    roles = records.policy.score.roles
    people = [pm for pm in indicators.values() if pm.presence.employed > 0 and pm.role in roles]
    scored = {}
    for pm in people:
        items = person_items(records, pm)
        why = k1_not_reviewed(records, pm)
        scored[pm.staff] = (pm, items, None if why else composite(items, records.policy.score.scale), why)
    comp = {k: v[2] for k, v in scored.items()}
    team = ranks_within(comp, lambda k: scored[k][0].team)
    dept = ranks_within(comp, lambda k: scored[k][0].department)
    grades = records.policy.score.grades
    grading = records.policy.on("K6")
    out = [MonthScore(pm, items, c, k6_grade(c, grades) if grading else None, team[k], dept[k], records.policy.score.scale, why)
           for k, (pm, items, c, why) in scored.items()]
    out.sort(key=lambda m: (m.person.department or "", m.person.team or "", m.staff))
    return out


def month_score_of(records: Records, month: str, staff_id: str) -> Optional[MonthScore]:
    for m in score_month(records, month):
        if m.staff == staff_id:
            return m
    return None


# ----------------------------------------------------------------------------- quarter, year
@dataclass(frozen=True)
class PeriodScore:
    staff: str
    name: str
    channel: str
    team: Optional[str]
    department: Optional[str]
    months: tuple[tuple[str, Optional[Decimal], Decimal], ...]   # (month, composite or None, weight)
    sales: Decimal
    target: Optional[Decimal]
    composite: Optional[Decimal]
    grade: Optional[str]
    team_rank: Optional[int]
    dept_rank: Optional[int]
    target_how: str = ""          # K11: "the 2026Q3 target" or "sum of the month targets: …"

    @property
    def attainment(self) -> Optional[Decimal]:
        return self.sales * HUNDRED / self.target if self.target else None


def period_weights(records: Records, period: Period) -> list[Decimal]:
    sc = records.policy.score
    if period.kind == "quarter":
        return [dec(w) for w in sc.quarter_weights]
    if period.kind == "year":
        return [dec(w) for w in sc.year_weights]
    return [Decimal(1)]


def weighted_mean(pairs) -> Optional[Decimal]:
    """[(composite or None, weight)] -> the weighted mean of the composites there (K1, K3), two decimals."""
    got = [(c, w) for c, w in pairs if c is not None and w > 0]
    tw = sum((w for _, w in got), Decimal(0))
    if not got or tw <= 0:
        return None
    return q2(sum((c * w for c, w in got), Decimal(0)) / tw)


def score_period(records: Records, period: Period | str) -> list[PeriodScore]:
    """A quarter's or year's composite: the weighted mean of the person's monthly composites
    (months they were not employed are left out), its grade, and ranks on it."""
    if isinstance(period, str):
        period = parse_period(period)
    if records.split_books:   # each rule book's people by its weights and grades
        return sorted((ps for view in records.books for ps in score_period(view, period)),
                      key=lambda p: (p.department or "", p.team or "", p.staff))
    weights = period_weights(records, period)
    by_staff: dict[str, dict] = {}
    for month, w in zip(period.months, weights):
        for ms in score_month(records, month, via=period.label):
            pm = ms.person
            e = by_staff.setdefault(pm.staff, {"pm": pm, "months": [], "sales": Decimal(0)})
            e["pm"] = pm
            e["months"].append((month, ms.composite, w))
            e["sales"] += pm.sales
    comp = {k: weighted_mean((c, w) for _, c, w in e["months"]) for k, e in by_staff.items()}
    team = ranks_within(comp, lambda k: by_staff[k]["pm"].team)
    dept = ranks_within(comp, lambda k: by_staff[k]["pm"].department)
    grades = records.policy.score.grades
    out = []
    for k, e in by_staff.items():
        pm = e["pm"]
        target = staff_period_target(records, records.staff[k], period)   # K11: its key, or the months'
        out.append(PeriodScore(pm.staff, pm.name, pm.channel, pm.team, pm.department, tuple(e["months"]),
                               e["sales"], target.amount, comp[k], k6_grade(comp[k], grades), team[k], dept[k], target.how))
    out.sort(key=lambda p: (p.department or "", p.team or "", p.staff))
    return out
