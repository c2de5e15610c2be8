"""salesctl reclaim (leads back to the shared pool) and salesctl lead claim (take one by hand), L6."""

from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, call, check_format, clock, ctx, emit, load, writes, write_opts


@writes
def reclaim(
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The day (or date-time) to reclaim as of; no zone takes the policy's. Default: now.", metavar="DATE")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would return to the pool; write nothing.")] = False,
    warn: Annotated[Optional[int], typer.Option("--warn", help="Only list, per owner, the leads that will return to the pool within DAYS days, and when (writes nothing).", metavar="DAYS", min=0)] = None,
    fmt: Fmt = "table",
):
    """Return to the shared pool (公海) every open lead whose owner has not followed it up for
    reclaim.idle_days (by grade: reclaim.idle_days_by_grade), or whose owner has left or is on
    long leave (L6). Each lead's ownership log says why; one git commit for the run.

    Example: salesctl reclaim --as-of 2026-09-01 --dry-run
    """
    from salesctl.commands import pool as command
    from salesctl.reports import pool as tables

    check_format(fmt)
    if warn is not None:
        call(command.due, ctx().records, warn, now=clock(), as_of=as_of, loaded=load,
             render=lambda r: emit([tables.due_row(d) for d in r.data], tables.WARN_COLUMNS, fmt))
        return
    call(command.reclaim, ctx().records, now=clock(), as_of=as_of, dry_run=dry_run, opts=write_opts(), loaded=load,
         render=lambda r: emit([tables.reclaimed_row(x) for x in r.data], tables.RECLAIM_COLUMNS, fmt))


@writes
def claim(
    lead: Annotated[str, typer.Argument(help="The pool lead's id.")],
    by: Annotated[str, typer.Option("--by", help="Staff id of who takes it.")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="When it is claimed (counts toward that day's claim limit). Default: now.", metavar="DATETIME")] = None,
    fmt: Fmt = "table",
):
    """Take a lead from the shared pool by hand (L6). Refused above the person's caps
    (max_open_leads, intake cap), above reclaim.daily_claim_limit claims a day, or within the
    cooldown after the lead was reclaimed from them.

    Example: salesctl lead claim L-00049 --by S-0003
    """
    from salesctl.commands import pool as command
    from salesctl.reports import pool as tables

    check_format(fmt)
    call(command.claim, ctx().records, lead, by, now=clock(), as_of=as_of, opts=write_opts(),
         render=lambda r: emit([tables.claim_row(r.data)], tables.CLAIM_COLUMNS, fmt))


def register(app: typer.Typer) -> None:
    from salesctl.cli.records import lead_app

    app.command("reclaim")(reclaim)
    lead_app().command("claim")(claim)
