"""salesctl payout: the month's rewards, penalties and flags, each line with its rule id (P1-P7)."""
from __future__ import annotations

import re
from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, check_format, emit, load_for, note, out
from salesctl.errors import Exit, UserError


def payout(
    month: Annotated[str, typer.Option("--month", "-m", help="The month, YYYY-MM.", metavar="YYYY-MM")],
    by: Annotated[str, typer.Option("--by", help="line: one row per payout line or flag; staff: one row per person with totals per department (the payroll file with -f csv).", metavar="line|staff")] = "line",
    statement: Annotated[Optional[str], typer.Option("--statement", help="One person's statement (staff id): every step and its arithmetic, markdown.", metavar="PERSON")] = None,
    fmt: Fmt = "table",
):
    """Payout for a month: top three, department top and streaks, commission and grade bonus,
    attendance deductions, titles, and every flag with its evidence.

    Amounts are exact to the cent and the same whenever asked: a month reads only records dated
    on or before its last day.

    Example: salesctl payout --month 2026-08 --by staff --format csv > payroll-2026-08.csv
    Example: salesctl payout --month 2026-08 --statement S-1
    """
    from salesctl import reports
    from salesctl.reports import payout as engine

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise UserError(f"--month {month!r} is not YYYY-MM", Exit.USAGE)
    if by not in ("line", "staff"):
        raise UserError(f"--by {by!r}: use line or staff", Exit.USAGE)
    loaded = load_for(month)
    r = loaded.records
    if statement:
        if statement not in r.staff:
            raise UserError(f"no staff {statement}", Exit.NOT_FOUND)
        if fmt not in ("table", "markdown"):
            raise UserError("--statement is markdown only (leave out --format)", Exit.USAGE)
        out(engine.statement(r, month, statement).rstrip())
        return
    check_format(fmt)
    table = reports.payout_lines(r, month, fmt) if by == "line" else reports.payout_staff(r, month)
    emit(table.for_format(fmt), table.columns, fmt)
    if any(p.level == "error" for p in loaded.problems):
        note("the records have errors (some records were left out): run salesctl check")


def register(app: typer.Typer) -> None:
    app.command("payout")(payout)
