"""Improvement plans (K5, K10): open the plans a month owes, and list the plans past due."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from salesctl.commands.common import Notes, Result, WriteOptions, decide_and_write, moment, read, records_language
from salesctl.domain.calendar import is_month, month_of, shift_month, zone_of
from salesctl.errors import Exit, UserError
from salesctl.i18n import _

OVERDUE_MONTHS = 12   # `plan overdue` looks at the plans due in the as-of month and the eleven before it


def _month(month: str) -> str:
    if not is_month(month):
        raise UserError(_("--month {month!r} is not a month (YYYY-MM)").format(month=month), Exit.USAGE)
    return month


def open_plans(root: Path, month: str, *, now: dt.datetime, as_of: Optional[str] = None, dry_run: bool = False,
               opts: WriteOptions = WriteOptions(), loaded=None, notes: Optional[Notes] = None) -> Result:
    """Write the improvement plans owed for `month` that have no record yet (engines.plans.owed_plans:
    reasons and due date), opened on `as_of` (default: today); one commit, none when none is owed.
    Plans already written are kept as they are. Result.data is the list of Owed written (or, dry
    run, that would be)."""
    from salesctl.engines.plans import owed_plans, plans_by_key

    _month(month)
    result = Result.start(notes)

    def decide(loaded):
        have = plans_by_key(loaded.records)
        with records_language(loaded.records):   # their reasons are written into the plan records
            return [o for o in owed_plans(loaded.records, month).values() if (o.staff, month) not in have]

    def write(tx, new):
        today = moment(as_of, zone_of(tx.records.policy), end_of_day=False, now=now).date()
        for o in new:
            tx.add("plan", {"staff": o.staff, "month": month, "reasons": [{"rule": r, "why": w} for r, w in o.reasons],
                            "opened": today, "due": o.due})
        if not new:
            return None
        with records_language(tx.records):
            return "plan open: " + _("{n} improvement plan(s) for {month} ({staff})").format(
                n=len(new), month=month, staff=", ".join(o.staff for o in new))

    applied = decide_and_write(root, "plan open", decide, write, dry_run=dry_run, opts=opts,
                               notes=result.notes, loaded=loaded)
    if dry_run:
        result.note(_("dry run: {n_decision} improvement plan(s) would be opened for {month}; nothing written").format(n_decision=len(applied.decision), month=month))
    elif applied.done is None:
        result.note(_("no improvement plan to open for {month}").format(month=month))
    result.data = applied.decision
    return result


def overdue(root: Path, *, now: dt.datetime, as_of: Optional[str] = None, check: bool = False, loaded=None,
            notes: Optional[Notes] = None) -> Result:
    """The plans due before `as_of` (default: today) and not submitted by their due date, among those
    due in the as-of month and the eleven before it; writes nothing. Result.data: [Overdue]. With
    `check`, exit status 1 when some plan is overdue (for cron)."""
    from salesctl.engines.plans import overdue_in

    result = Result.start(notes)
    loaded = read(root, loaded)
    day = moment(as_of, zone_of(loaded.records.policy), end_of_day=False, now=now).date()
    got = []
    for i in range(OVERDUE_MONTHS - 1, -1, -1):
        got += [o for o in overdue_in(loaded.records, shift_month(month_of(day), -i)) if o.due < day]
    result.data = got
    result.status = Exit.RECORDS if check and got else Exit.OK
    return result
