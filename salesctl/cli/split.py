"""salesctl split: who was credited with each sale of a month, and by which rule (S1-S5)."""
from __future__ import annotations

from typing import Annotated

import typer

from salesctl.cli.common import Fmt, check_format, emit, load_for, note, out
from salesctl.errors import Exit, UserError
from salesctl.i18n import _

TEXT_ONLY = ("csv", "json")  # formats for scripts: no totals row, --explain as a column


def split(
    month: Annotated[str, typer.Option("--month", "-m", help="The month, YYYY-MM.", metavar="YYYY-MM")],
    by: Annotated[str, typer.Option("--by", help="deal: one row per person per deal; staff: one row per person.", metavar="deal|staff")] = "deal",
    explain: Annotated[bool, typer.Option("--explain", help="Show, per deal, each rule tried in order and why it did or did not match.")] = False,
    fmt: Fmt = "table",
):
    """Credit for the month's sales: each deal split to the cent by the first policy rule that matches.

    Refunds count in their own month and reverse the refunded deal's split. Table formats end with
    a totals row; csv and json (for scripts) have none. Deals no rule can credit are named on stderr.

    Example: salesctl split --month 2026-08 --by staff
    """
    from salesctl import reports

    from salesctl.cli.common import period_of

    period_of(month, None, None)   # one home for months typed on the command line (a year 1900-2999)
    if by not in ("deal", "staff"):
        raise UserError(_("--by {by!r}: use deal or staff").format(by=by), Exit.USAGE)
    check_format(fmt)
    loaded = load_for(month)
    r = loaded.records
    script = fmt in TEXT_ONLY
    table = reports.split_by_deal(r, month, explain, script) if by == "deal" else reports.split_by_staff(r, month)
    rows = table.for_format(fmt)
    if explain and fmt == "csv":
        rows = [{**x, "explain": " | ".join(x.get("explain") or [])} for x in rows]
    emit(rows, table.columns, fmt)
    if explain and not script:
        text = reports.split_explain(r, month)
        if text:
            out("\n" + text)
    for n in table.notes:
        note(n)


def register(app: typer.Typer) -> None:
    app.command("split")(split)
