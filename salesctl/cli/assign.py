"""salesctl assign: give every pool lead an owner (A1-A6), or show the month's fairness report."""

from typing import Annotated, Optional

import typer

from salesctl.domain.calendar import is_month
from salesctl.cli.common import Fmt, call, check_format, clock, ctx, emit, load, out, require_loaded, writes, write_opts
from salesctl.errors import Exit, UserError
from salesctl.i18n import _

SCRIPT_FORMATS = ("csv", "json", "tsv")


def trace_rows(rows: list[dict], fmt: str) -> list[dict]:
    if fmt != "json":
        return [{**r, "trace": " | ".join(r["trace"])} for r in rows]
    return rows


@writes
def assign(
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Assign the leads created up to this time (a date: the end of that day; no zone: the policy's). Default: now.", metavar="DATETIME")] = None,
    team: Annotated[Optional[str], typer.Option("--team", help="Only the leads of this team (those already in it, and those the rules send to it).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be assigned; write nothing.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add the decision trace: who was eligible, who was skipped and why, whose turn it was.")] = False,
    report: Annotated[bool, typer.Option("--report", help="Instead of assigning: the fairness report of --month.")] = False,
    month: Annotated[Optional[str], typer.Option("--month", "-m", help="The month of --report, YYYY-MM.", metavar="YYYY-MM")] = None,
    fmt: Fmt = "table",
):
    """Give every lead in the shared pool an owner, in the order the leads arrived, and say why.

    Designated customers (A3) go to their consultant without using a rotation turn; walk-ins go
    by fair rotation among the team's inside consultants on duty (A2, A4, A5; the queue is kept
    in state/rotation.yaml); other leads go to a team by policy routes and capacity, then to the
    member with the most spare capacity for their weight (A1), within max_open_leads and the
    intake cap. Leads nobody can take stay in the pool, with the reason. One git commit for the
    run. --report --month M shows, per person, leads received by rule and how fair that was.

    Example: salesctl assign --as-of 2026-08-03 --dry-run --explain
    """
    from salesctl.commands import assign as command
    from salesctl.engines import assign as engine
    from salesctl.reports import assign as tables

    check_format(fmt)
    if report or month:
        if not (report and month):
            raise UserError(_("--report needs --month YYYY-MM (and --month is only for --report)"), Exit.USAGE)
        if not is_month(month):
            raise UserError(_("--month {month!r} is not YYYY-MM").format(month=month), Exit.USAGE)
        require_loaded(load(), until=month)
        emit(engine.report(load().records, month), engine.REPORT_COLUMNS, fmt)
        return

    def render(done):
        result = done.data.decision
        rows = [tables.decision_row(d, explain and fmt in SCRIPT_FORMATS) for d in result.decisions]
        cols = tables.COLUMNS + (["trace"] if explain and fmt in SCRIPT_FORMATS else [])
        emit(trace_rows(rows, fmt) if explain and fmt in SCRIPT_FORMATS else rows, cols, fmt)
        if explain and fmt not in SCRIPT_FORMATS and result.decisions:
            out("\n" + "\n\n".join(f"{d.lead} {d.name} -> {d.owner or '(pool)'} ({d.rule})\n" + "\n".join("  " + x for x in d.trace)
                                   for d in result.decisions))

    if dry_run:   # a read: what it shows would miss a lead that does not load
        require_loaded(load())
    call(command.assign, ctx().records, now=clock(), as_of=as_of, team=team, dry_run=dry_run,
         opts=write_opts(), loaded=load, render=render)


def register(app: typer.Typer) -> None:
    app.command("assign")(assign)
