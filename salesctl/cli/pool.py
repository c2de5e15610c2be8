"""salesctl reclaim (leads back to the shared pool) and salesctl lead claim (take one by hand), L6."""

from collections import Counter
from typing import Annotated, Optional

import typer

from salesctl.cli.assign import moment
from salesctl.cli.common import Fmt, check_format, committed, emit, load, note, transaction, writes
from salesctl.domain.calendar import zone_of
from salesctl.errors import Exit, UserError


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
    from salesctl.engines import pool as engine

    check_format(fmt)
    if warn is not None:
        loaded = load()
        when = moment(as_of, zone_of(loaded.policy), end_of_day=False)
        emit([d.row() for d in engine.warn(loaded.records, when, warn)], engine.WARN_COLUMNS, fmt)
        return
    if dry_run:
        loaded = load()
        when = moment(as_of, zone_of(loaded.policy), end_of_day=False)
        result = engine.reclaim(loaded.records, when)
        note(f"dry run: {len(result)} lead(s) would return to the pool; nothing written")
    else:
        with transaction("reclaim") as tx:
            when = moment(as_of, zone_of(tx.records.policy), end_of_day=False)
            result = engine.reclaim(tx.records, when)
            for r in result:
                lead = tx.records.leads[r.lead]
                tx.update(lead, r.changes())
                tx.append(lead, "log", r.log_entry())
            c = Counter(r.kind for r in result)
            message = (f"reclaim: {len(result)} lead{'s' if len(result) != 1 else ''} back to the pool "
                       f"({c['idle']} idle, {c['left']} owner left, {c['leave']} owner on long leave)")
            done = tx.commit(message) if result else None
        if done is not None:
            committed(done, message)
        else:
            note("nothing to reclaim")
    emit([r.row() for r in result], engine.RECLAIM_COLUMNS, fmt)


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

    Example: salesctl lead claim L-0042 --by S-0003
    """
    from salesctl.engines import pool as engine

    check_format(fmt)
    with transaction("lead claim") as tx:
        when = moment(as_of, zone_of(tx.records.policy), end_of_day=False)
        c = engine.claim(tx.records, lead, by, when)
        if c.missing:
            raise UserError(c.reason, Exit.NOT_FOUND)
        if not c.ok:
            raise UserError(c.reason, Exit.RECORDS)
        rec = tx.records.leads[lead]
        tx.update(rec, c.changes())
        tx.append(rec, "log", c.log_entry())
        message = f"lead claim: {lead} -> {by} (from the pool)"
        done = tx.commit(message)
    committed(done, message)
    emit([c.row()], ["lead", "owner", "team", "rule", "reason"], fmt)


def register(app: typer.Typer) -> None:
    from salesctl.cli.records import lead_app

    app.command("reclaim")(reclaim)
    lead_app().command("claim")(claim)
