"""salesctl payout: a month's rewards, penalties and flags (P1-P7), or a quarter's or year's bonuses (P4, P7)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, check_format, ctx, encode, load_for, out, period_or_week, write_output, redacting
from salesctl.render import render
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def payout(
    month: Annotated[Optional[str], typer.Option("--month", "-m", help="A month, YYYY-MM.", metavar="YYYY-MM")] = None,
    week: Annotated[Optional[str], typer.Option("--week", "-w", help="An ISO week, e.g. 2026-W43: the flags the week raised (L1, A8, K8, T1-T4); pay itself is monthly.", metavar="YYYY-Www")] = None,
    quarter: Annotated[Optional[str], typer.Option("--quarter", help="A quarter, e.g. 2026Q3: its quarterly bonus (P4).", metavar="YYYYQn")] = None,
    year: Annotated[Optional[str], typer.Option("--year", help="A year, e.g. 2026: its yearly bonus (P4) and target flag (P7).", metavar="YYYY")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="line: one row per payout line or flag; staff: one row per person, the payroll file (the table view adds the totals per department; -f csv|json|tsv leave them to --totals FILE). Default: staff for -f csv and tsv (the file payroll imports), line otherwise.", metavar="line|staff")] = None,
    statement: Annotated[Optional[str], typer.Option("--statement", help="One person's statement (staff id): every step and its arithmetic, markdown.", metavar="PERSON")] = None,
    fmt: Fmt = "table",
    totals: Annotated[Optional[Path], typer.Option("--totals", help="With --by staff: write the department and grand totals rows to FILE, in the same format (the payroll file itself has one row per person; the table view shows both).", metavar="FILE")] = None,
):
    """Payout for a month: top three, department top and streaks, commission and grade bonus,
    attendance deductions, titles, and every flag with its evidence. For a quarter or a year: the
    bonuses paid on the period's review (P4) and the yearly target (P7); the months' own lines stay
    in each month's payout. For a week: the flags the week raised, for the weekly meeting.

    Amounts are exact to the cent and the same whenever asked: a period reads only records dated
    on or before its last day.

    Example: salesctl payout --month 2026-08 --format csv --encoding gbk -o /tmp/payroll-2026-08.csv --totals /tmp/payroll-totals-2026-08.csv
    Example: salesctl payout --month 2026-08 --statement S-0001
    Example: salesctl payout --quarter 2026Q3 --by staff
    """
    from salesctl import reports
    from salesctl.reports import payout as engine

    period = period_or_week(month, week, quarter, year)
    if week is not None:
        if by == "staff" or statement or totals is not None:
            raise UserError(_("--week shows the week's flags (one row per flag): pay, statements and totals are by month"), Exit.USAGE)
        by = "line"
    if by is None:
        by = "staff" if fmt in ("csv", "tsv") else "line"
    if by not in ("line", "staff"):
        raise UserError(_("--by {by!r}: use line or staff").format(by=by), Exit.USAGE)
    if totals is not None and (by != "staff" or statement):
        raise UserError(_("--totals FILE goes with --by staff (the lines have no totals rows)"), Exit.USAGE)
    loaded = load_for(period)
    r = loaded.records
    if statement:
        if statement not in r.staff:
            raise UserError(_("no staff {staff}").format(staff=statement), Exit.NOT_FOUND)
        if fmt not in ("table", "markdown"):
            raise UserError(_("--statement is markdown only (leave out --format)"), Exit.USAGE)
        text = (engine.statement(r, period.label, statement) if period.kind == "month"
                else engine.period_statement(r, period, statement))
        out(text.rstrip())
        return
    check_format(fmt)
    if week is not None:
        table = reports.payout_week_lines(r, period, fmt)
    elif period.kind == "month":
        table = reports.payout_lines(r, period.label, fmt) if by == "line" else reports.payout_staff(r, period.label)
    else:
        table = reports.period_payout_lines(r, period, fmt) if by == "line" else reports.period_payout_staff(r, period)
    text = render(table.for_format(fmt), table.columns, fmt, redact=redacting())
    if totals is not None:
        encode(text, ctx().encoding, str(ctx().output or "<stdout>"))   # no totals file when the payroll file cannot be written
        write_output(totals, table.totals_text(fmt))
    out(text)


def register(app: typer.Typer) -> None:
    app.command("payout")(payout)
