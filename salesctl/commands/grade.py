"""salesctl lead grade: customers re-graded by value (L4), every change in one commit."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional, Sequence

from salesctl.commands.common import Notes, Result, WriteOptions, decide_and_write, records_language
from salesctl.domain.calendar import is_month, month_of, zone_of
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def grade(root: Path, *, now: dt.datetime, month: Optional[str] = None, leads: Sequence[str] = (), dry_run: bool = False,
          opts: WriteOptions = WriteOptions(), loaded=None, notes: Optional[Notes] = None) -> Result:
    """Grade every customer for `month` (None: this month, in the business zone) and write the
    grades that change (only the leads `leads` when given). Result.data is the engine's Grading of
    each lead whose grade changes."""
    from salesctl.engines import grade as engine

    if month is not None and not is_month(month):
        raise UserError(_("--month {month!r} is not YYYY-MM").format(month=month), Exit.USAGE)
    result = Result.start(notes)
    chosen: list[str] = []

    def decide(loaded):
        records = loaded.records
        for lid in leads:
            if lid not in records.leads:
                raise UserError(_("no lead {key}").format(key=lid), Exit.NOT_FOUND)
        m = month or month_of(now.astimezone(zone_of(records.policy)))
        chosen.append(m)
        return [g for g in engine.regrade(records, m, leads) if g.changed]

    def write(tx, changed):
        if not changed:
            return None
        for g in changed:
            tx.update(tx.records.leads[g.lead], g.changes())
        with records_language(tx.records):
            head = _("{n} customer(s) re-graded for {month} (L4)").format(n=len(changed), month=chosen[0])
        return f"lead grade: {head}\n\n" + "\n".join(f"{g.lead} {g.name}: {g.old or '(none)'} -> {g.new}" for g in changed)

    applied = decide_and_write(root, "lead grade", decide, write, dry_run=dry_run, opts=opts,
                               notes=result.notes, loaded=loaded)
    n = len(applied.decision)
    if dry_run:
        result.note(_("dry run: {n} customer(s) would be re-graded for {month}; nothing written").format(n=n, month=chosen[0]), after=True)
    elif applied.done is None:
        result.note(_("no grade changes for {month}").format(month=chosen[0]), after=True)
    result.data = applied.decision
    return result
