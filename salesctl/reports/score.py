"""Score tables for people and scripts, built from the score engine's MonthScore and PeriodScore (K1-K6).

    month_rows(records, scores) -> (rows, columns)      one row per person, the channel's indicators
    period_rows(scores, period) -> (rows, columns)      a quarter or a year
    explain_rows(ms, full) / explain_summary(ms)        `score --explain PERSON`
"""
from __future__ import annotations

from salesctl.domain.calendar import Period
from salesctl.engines.score import GRADES_ZH, MonthScore, PeriodScore, composite_words, dec, q2
from salesctl.i18n import _
from salesctl.records import Records


# ----------------------------------------------------------------------------- rows
BASE_COLUMNS = ["staff", "name", "team", "department", "channel", "days", "sales", "target", "attainment"]
RANK_COLUMNS = ["composite", "grade", "team_rank", "dept_rank"]


# Indicators shown for each channel in `salesctl score`, besides the channel's composite items.
CHANNEL_COLUMNS = {
    "inside": ("new_customers", "customers", "leads_submitted", "contacts_per_day", "return_visits", "satisfaction"),
    "outside": ("new_customers", "leads_submitted", "contacts_per_day", "meetings_per_week", "return_visits", "satisfaction"),
    "telesales": ("calls", "effective", "intention", "orders", "effective_rate", "intention_rate", "order_rate",
                  "call_conversion", "satisfaction"),
    "outreach": ("companies", "cooperation", "complaints", "complaints_on_time", "satisfaction"),
}
COMMON_COLUMNS = ("rating", "training_score")


def month_rows(records: Records, scores: list[MonthScore]) -> tuple[list[dict], list[str]]:
    """One row per person: base columns, the indicators of their channel's items, composite, grade, ranks.
    Columns are the union over the channels present, in policy order."""
    cols = list(BASE_COLUMNS)

    def shown(ms):
        return [*CHANNEL_COLUMNS.get(ms.person.channel, ()), *(it.indicator for it in ms.items), *COMMON_COLUMNS]
    for ms in scores:
        for name in shown(ms):
            if name not in cols:
                cols.append(name)
    cols += [c for c in RANK_COLUMNS if c != "grade" or records.any_on("K6")]
    rows = []
    for ms in scores:
        pm = ms.person
        row = {"staff": pm.staff, "name": pm.name, "team": pm.team or "", "department": pm.department or "",
               "channel": pm.channel, "days": pm.presence.employed, "sales": pm.sales, "target": pm.target,
               "attainment": pm.get("attainment")}
        for name in shown(ms):
            row[name] = pm.get(name)
        row.update(composite=ms.composite, grade=ms.grade, team_rank=ms.team_rank, dept_rank=ms.dept_rank)
        rows.append(row)
    return rows, cols


def period_rows(scores: list[PeriodScore], period: Period) -> tuple[list[dict], list[str]]:
    cols = ["staff", "name", "team", "department", "channel", "sales", "target", "attainment", *period.months, *RANK_COLUMNS]
    rows = []
    for ps in scores:
        row = {"staff": ps.staff, "name": ps.name, "team": ps.team or "", "department": ps.department or "",
               "channel": ps.channel, "sales": ps.sales, "target": ps.target, "attainment": ps.attainment}
        for m, c, _w in ps.months:
            row[m] = c
        row.update(composite=ps.composite, grade=ps.grade, team_rank=ps.team_rank, dept_rank=ps.dept_rank)
        rows.append(row)
    return rows, cols


EXPLAIN_COLUMNS = ["indicator", "value", "target", "ratio", "cap", "weight", "points", "evidence"]


def explain_rows(ms: MonthScore, full: bool = True) -> list[dict]:
    """Every indicator of the person's month: the composite's items first (value, target after
    proration, capped ratio, weight, points), then the others, each with the records it came from."""
    from salesctl.engines.indicators import compress
    from salesctl.policy.score import Indicator
    import typing

    pm = ms.person

    def evidence(name):
        ev = pm.evidence.get(name, ())
        if full or len(ev) <= 4:
            return compress(ev)
        return compress(ev[:3]) + _(" ... and {n} more").format(n=len(ev) - 3)

    rows = []
    seen = set()
    for it in ms.items:
        seen.add(it.indicator)
        rows.append({"indicator": it.indicator, "value": pm.get(it.indicator), "target": it.target,
                     "ratio": it.ratio, "cap": dec(it.cap), "weight": it.weight,
                     "points": None if it.points is None else q2(it.points),   # as the statement rounds them
                     "evidence": evidence(it.indicator)})
    for name in typing.get_args(Indicator):
        if name in seen:
            continue
        rows.append({"indicator": name, "value": pm.get(name), "target": None, "ratio": None, "cap": None,
                     "weight": None, "points": None, "evidence": evidence(name)})
    return rows


def explain_summary(ms: MonthScore) -> list[tuple[str, object]]:
    pm = ms.person
    counted = [it for it in ms.items if it.points is not None]
    if ms.not_reviewed:
        how = _(ms.not_reviewed)   # an English message id (engines/score.py), in the language in effect
    else:
        how = composite_words(ms.items, ms.composite, ms.scale) if counted else _("no item has a value")
    return [("staff", pm.staff), ("name", pm.name), ("month", pm.month), ("channel", pm.channel),
            ("presence", pm.presence.words()), ("composite", ms.composite), ("how", how),
            ("grade", f"{ms.grade} ({GRADES_ZH[ms.grade]})" if ms.grade else None),
            ("team_rank", ms.team_rank), ("dept_rank", ms.dept_rank)]


PERIOD_EXPLAIN_COLUMNS = ["month", "composite", "weight"]


def period_explain(ps: PeriodScore, period: Period) -> tuple[list[tuple[str, object]], list[dict]]:
    """`score --quarter/--year --explain PERSON`: the summary and each month's composite and weight (K1, K3)."""
    rows = [{"month": m, "composite": c, "weight": w} for m, c, w in ps.months]
    summary = [("staff", ps.staff), ("name", ps.name), ("period", period.label),
               ("how", _("weighted mean of the months' composites (months without one left out)")),
               ("sales", ps.sales), ("target", ps.target), ("target_from", ps.target_how), ("attainment", ps.attainment),
               ("composite", ps.composite), ("grade", ps.grade), ("team_rank", ps.team_rank), ("dept_rank", ps.dept_rank)]
    return summary, rows
