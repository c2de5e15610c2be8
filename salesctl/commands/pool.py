"""The shared pool (公海), L6: reclaim leads to it, and claim one from it by hand."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Optional

from salesctl.domain.calendar import zone_of
from salesctl.commands.common import (Notes, Result, WriteOptions, committed, decide_and_write, moment, read, records_language,
                                      transaction)
from salesctl.errors import Exit, UserError
from salesctl.i18n import _, using


def reclaim(root: Path, *, now: dt.datetime, as_of: Optional[str] = None, dry_run: bool = False,
            opts: WriteOptions = WriteOptions(), loaded=None, notes: Optional[Notes] = None) -> Result:
    """Return to the pool every lead due back as of `as_of` (None: `now`); one commit for the run.

    Result.data is the list of the engine's Reclaimed. `loaded`: as for assign.
    """
    from salesctl.engines import pool as engine

    result = Result.start(notes)

    def decide(loaded):
        when = moment(as_of, zone_of(loaded.records.policy), end_of_day=False, now=now)
        with using(loaded.records.policy.general.language):   # its reasons go into the ownership log
            return engine.reclaim(loaded.records, when)

    def write(tx, reclaimed):
        for r in reclaimed:
            lead = tx.records.leads[r.lead]
            tx.update(lead, r.changes())
            tx.append(lead, "log", r.log_entry())
        c = Counter(r.kind for r in reclaimed)
        if not reclaimed:
            return None
        with records_language(tx.records):
            back = (_("{n} lead back to the pool") if len(reclaimed) == 1 else _("{n} leads back to the pool")).format(n=len(reclaimed))
            return "reclaim: " + back + _(" ({idle} idle, {left} owner left, {leave} owner on long leave)").format(
                idle=c["idle"], left=c["left"], leave=c["leave"])

    applied = decide_and_write(root, "reclaim", decide, write, dry_run=dry_run, opts=opts,
                               notes=result.notes, loaded=loaded)
    if dry_run:
        result.note(_("dry run: {n_decision} lead(s) would return to the pool; nothing written").format(n_decision=len(applied.decision)))
    elif applied.done is None:
        result.note(_("nothing to reclaim"))
    result.data = applied.decision
    return result


def due(root: Path, days: int, *, now: dt.datetime, as_of: Optional[str] = None, loaded=None,
        notes: Optional[Notes] = None) -> Result:
    """The leads that will return to the pool within `days` days of `as_of`; writes nothing.

    Result.data is the list of the engine's Due."""
    from salesctl.engines import pool as engine

    result = Result.start(notes)
    loaded = read(root, loaded)
    when = moment(as_of, zone_of(loaded.policy), end_of_day=False, now=now)
    result.data = engine.warn(loaded.records, when, days)
    return result


def claim(root: Path, lead: str, by: str, *, now: dt.datetime, as_of: Optional[str] = None,
          opts: WriteOptions = WriteOptions(), notes: Optional[Notes] = None) -> Result:
    """`by` takes the pool lead `lead` at `as_of` (None: `now`), within the L6 limits; one commit.

    Result.data is the engine's Claim."""
    from salesctl.engines import pool as engine

    result = Result.start(notes)
    with transaction(root, "lead claim", opts, result.notes) as tx:
        when = moment(as_of, zone_of(tx.records.policy), end_of_day=False, now=now)
        c = engine.claim(tx.records, lead, by, when)
        if c.missing:
            raise UserError(c.reason, Exit.NOT_FOUND)
        if not c.ok:
            raise UserError(c.reason, Exit.RECORDS)
        rec = tx.records.leads[lead]
        tx.update(rec, c.changes())
        with using(tx.records.policy.general.language):   # the log entry's why: the policy's language
            logged = engine.claim(tx.records, lead, by, when)
        tx.append(rec, "log", logged.log_entry())
        with records_language(tx.records):
            message = f"lead claim: {lead} -> {by}" + _(" (from the pool)")
        done = tx.commit(message)
    result.note(committed(done, message))
    result.data = c
    return result
