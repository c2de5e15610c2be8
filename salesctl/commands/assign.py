"""Assign the shared pool's leads (A1-A6): decide on the records, then one commit (or a dry run)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from salesctl.domain.calendar import zone_of
from salesctl.commands.common import (Applied, Notes, Result, WriteOptions, decide_and_write, moment, records_language,
                                      records_errors_note)
from salesctl.errors import Exit, UserError
from salesctl.i18n import _, using


def assign(root: Path, *, now: dt.datetime, as_of: Optional[str] = None, team: Optional[str] = None,
           dry_run: bool = False, opts: WriteOptions = WriteOptions(), loaded=None,
           notes: Optional[Notes] = None) -> Result:
    """Give every lead in the pool created up to `as_of` (text as typed; None: `now`) an owner.

    Result.data is the Applied whose decision is the engine's assign Result. `loaded`: the records
    a dry run reads, or a function that loads them (default: the working tree of root).
    """
    from salesctl.engines import assign as engine

    result = Result.start(notes)

    def decide(loaded):
        recs = loaded.records
        if team is not None and team not in recs.teams:
            raise UserError(_("no team {team}").format(team=team), Exit.NOT_FOUND)
        state, errs = engine.parse_state(recs.state.get(engine.STATE_NAME))
        if errs:
            raise UserError(f"{engine.STATE_PATH}: " + "; ".join(m for _unused, m in errs) + _(" (run salesctl check)"), Exit.RECORDS)
        when = moment(as_of, zone_of(recs.policy), end_of_day=True, now=now)
        with using(recs.policy.general.language):   # its reasons go into the ownership log
            return engine.assign(recs, when, team=team, state=state)

    def write(tx, decided):
        for d in decided.assigned:
            lead = tx.records.leads[d.lead]
            tx.update(lead, d.changes())
            tx.append(lead, "log", d.log_entry(decided.as_of))
        if decided.assigned and decided.state_changed:
            tx.put(engine.STATE_PATH, engine.state_text(decided.state))
        with records_language(tx.records):
            return decided.message() if decided.assigned else None

    applied: Applied = decide_and_write(root, "assign", decide, write, dry_run=dry_run, opts=opts,
                                        notes=result.notes, loaded=loaded)
    decided = applied.decision
    if dry_run:
        c = decided.counts()
        result.note((_("dry run: {assigned} would be assigned ({rotation} rotation, {designated} designated, {capacity} capacity), {pool} stays in the pool; nothing written")
                     if c["pool"] == 1 else
                     _("dry run: {assigned} would be assigned ({rotation} rotation, {designated} designated, {capacity} capacity), {pool} stay in the pool; nothing written")
                     ).format(assigned=len(decided.assigned), rotation=c["rotation"], designated=c["designated"], capacity=c["capacity"], pool=c["pool"]),
                    after=True)
    elif applied.done is None:
        result.note(_("nothing to assign"))
    errors = records_errors_note(applied.loaded)
    if errors:
        result.note(errors, after=True)
    result.data = applied
    return result
