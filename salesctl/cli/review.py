"""salesctl review status: who owes which stage of the review cycle (K1, K2, K3)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, call, check_format, clock, emit, load, period_of, require_loaded


def status(
    month: Annotated[Optional[str], typer.Option("--month", "-m", help="A month, YYYY-MM.", metavar="YYYY-MM")] = None,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="A quarter, e.g. 2026Q3.", metavar="YYYYQn")] = None,
    year: Annotated[Optional[str], typer.Option("--year", help="A year, e.g. 2026.", metavar="YYYY")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Judge the cycle on this day, YYYY-MM-DD (default: today in the business time zone).", metavar="DATE")] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit status 1 when some stage is missing (for cron).")] = False,
    fmt: Fmt = "table",
):
    """Who owes what in a period's reviews: one row per missing stage of each person reviewed.

    People reviewed: employed in the period, their role in score.roles, under a rule book with K1, K2
    or K3 on and the period's kind in review.periods. Each row: the stages done, the stage missing,
    who owes it (review status names the deputy when the leader is away, O1; HR by review.hr), the
    due date (the period's end + review.due_days) and whether it is overdue on --as-of.
    Exit status 0, or with --check 1 when some stage is missing.

    Example: salesctl review status --month 2026-10 --as-of 2026-11-12 --check
    """
    from salesctl.commands.review import STATUS_COLUMNS, status as command

    period = period_of(month, quarter, year)
    check_format(fmt)
    require_loaded(load(), until=period.months[-1])
    result = call(command, load().records, period.label, now=clock(), as_of=as_of, check=check,
                  render=lambda res: emit(res.data, STATUS_COLUMNS, fmt))
    raise typer.Exit(result.status)


def register(app: typer.Typer) -> None:
    from salesctl.cli.records import kind_app

    kind_app("review").command("status")(status)
