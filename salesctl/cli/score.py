"""salesctl score: indicators, composite, grade and ranks for a month, a quarter or a year (K1-K6)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, check_format, emit, load_for, out, period_or_week, redacting
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def score(
    month: Annotated[Optional[str], typer.Option("--month", "-m", help="A month, YYYY-MM.", metavar="YYYY-MM")] = None,
    week: Annotated[Optional[str], typer.Option("--week", "-w", help="An ISO week in the business time zone, e.g. 2026-W43: the week's indicators, targets broken down by day (K11).", metavar="YYYY-Www")] = None,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="A quarter, e.g. 2026Q3.", metavar="YYYYQn")] = None,
    year: Annotated[Optional[str], typer.Option("--year", help="A year, e.g. 2026.", metavar="YYYY")] = None,
    team: Annotated[Optional[str], typer.Option("--team", "-t", help="Only this team's people (ranks stay those of the whole team and department).")] = None,
    explain: Annotated[Optional[str], typer.Option("--explain", help="One person (staff id): each indicator's value, target, points, weight and the records it came from.", metavar="PERSON")] = None,
    fmt: Fmt = "table",
):
    """Scorecards: every person's indicators, composite (0-100), grade and ranks.

    A month scores the indicators of each person's channel by the policy's weights, targets and
    caps; a quarter or year is the weighted mean (by default the mean) of its months; a week (for the
    weekly meeting) scores the week's indicators against the month's targets broken down by day.

    Example: salesctl score --month 2026-08 --team T-01
    Example: salesctl score --quarter 2026Q3 --explain S-0004
    """
    from salesctl import reports
    from salesctl.engines import score as engine
    from salesctl.reports import score as tables

    period = period_or_week(month, week, quarter, year)
    check_format(fmt)
    loaded = load_for(period)   # a closed month, quarter or year: at its tag
    r = loaded.records
    if team and team not in r.teams:
        raise UserError(_("no team {team}").format(team=team), Exit.NOT_FOUND)
    if explain and explain not in r.staff:
        raise UserError(_("no staff {staff}").format(staff=explain), Exit.NOT_FOUND)
    is_week = not hasattr(period, "kind")
    kind = "week" if is_week else period.kind
    scores = (engine.score_week(r, period) if is_week else engine.score_month(r, period.label) if kind == "month"
              else engine.score_period(r, period))
    if explain:
        one = next((m for m in scores if m.staff == explain), None)
        if one is None:
            raise UserError(_("{staff} has no scorecard for {period} (not employed then, or a role "
                              "not in score.roles)").format(staff=explain, period=period.label), Exit.NOT_FOUND)
        if kind in ("month", "week"):
            summary, rows = tables.explain_summary(one), tables.explain_rows(one, full=fmt in ('json', 'csv'))
            _explained(summary, "indicators", rows, tables.EXPLAIN_COLUMNS, fmt)
        else:
            summary, rows = tables.period_explain(one, period)
            _explained(summary, "months", rows, tables.PERIOD_EXPLAIN_COLUMNS, fmt)
        return
    if kind in ("month", "week"):
        table = reports.score_week(r, period, team) if is_week else reports.score_month(r, period.label, team)
        rows, cols = table.rows, table.columns
    else:
        rows, cols = tables.period_rows([p for p in scores if not team or p.team == team], period)
    emit(rows, cols, fmt)


def _explained(summary, key: str, rows, columns, fmt: str) -> None:
    """One person's explanation: the summary then its rows (json: one object)."""
    from salesctl.render import render_mapping, to_json

    if fmt == "json":
        out(to_json({**dict(summary), key: rows}, redacting()))
        return
    if fmt != "csv":
        out(render_mapping(summary, fmt, redacting()) + "\n")
    emit(rows, columns, fmt)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
