"""salesctl plan open (write the improvement plans a month owes) and plan overdue (K5, K10)."""

from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, call, check_format, clock, ctx, emit, load, writes, write_opts

COLUMNS = ["staff", "month", "due", "submitted", "reasons"]


def _row(month, staff, due, submitted, reasons) -> dict:
    return {"staff": staff, "month": month, "due": str(due), "submitted": str(submitted or ""),
            "reasons": "; ".join(f"{r}: {w}" for r, w in reasons)}


@writes
def open_(month: Annotated[str, typer.Option("--month", "-m", help="The month the plans answer, YYYY-MM.", metavar="YYYY-MM")],
          as_of: Annotated[Optional[str], typer.Option("--as-of", help="The day the plans are opened (default: today).", metavar="DATE")] = None,
          dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the plans that would be opened; write nothing.")] = False,
          fmt: Fmt = "table"):
    """Open the improvement plans owed for a month (limits.plan_reasons: a missed target or low
    satisfaction, K5; a fail grade, K10): one plans/YYYY-MM/STAFF.yaml each, with its reasons and a due
    date limits.plan_due_days after the month; one commit. Plans already there are kept.

    Example: salesctl plan open --month 2026-10 --as-of 2026-11-02 --dry-run
    """
    from salesctl.commands import plans as command

    check_format(fmt)
    call(command.open_plans, ctx().records, month, now=clock(), as_of=as_of, dry_run=dry_run, opts=write_opts(), loaded=load,
         render=lambda r: emit([_row(o.month, o.staff, o.due, None, o.reasons) for o in r.data], COLUMNS, fmt))


def overdue(as_of: Annotated[Optional[str], typer.Option("--as-of", help="The day to look from (default: today).", metavar="DATE")] = None,
            check: Annotated[bool, typer.Option("--check", help="Exit status 1 when some plan is overdue (for cron).")] = False,
            fmt: Fmt = "table"):
    """List the improvement plans past their due date and not submitted by it (K10), for a cron
    reminder: those due in the as-of month and the eleven months before it.
    Exit status 0, or with --check 1 when some plan is overdue.

    Example: salesctl plan overdue --as-of 2026-11-20 --check
    """
    from salesctl.commands import plans as command

    check_format(fmt)
    result = call(command.overdue, ctx().records, now=clock(), as_of=as_of, check=check, loaded=load,
                  render=lambda r: emit([_row(o.month, o.staff, o.due, o.plan.submitted if o.plan else None, o.reasons)
                                         for o in r.data], COLUMNS, fmt))
    raise typer.Exit(result.status)


def register(app: typer.Typer) -> None:
    from salesctl.cli.records import kind_app

    kind_app("plan").command("open")(open_)
    kind_app("plan").command("overdue")(overdue)
