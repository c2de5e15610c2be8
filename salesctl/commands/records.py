"""Record add and set for every kind, and lead import: each one write, one commit."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from salesctl.domain import ownership
from salesctl.domain.calendar import zone_of
from salesctl.commands.common import Notes, Result, WriteOptions, committed, records_language, transaction
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def add(root: Path, kind: str, fields: list[str], *, now: dt.datetime, opts: WriteOptions = WriteOptions(),
        notes: Optional[Notes] = None) -> Result:
    """Add a record of `kind` from FIELD=VALUE words; its id is generated when not given.

    `now` (in the policy's zone, to the second) fills the date a record of the kind needs when it
    is not given: a visit's `at`, a log entry's `date`, a lead's `created`, a person's `joined`.
    A lead added with an owner gets its first ownership-log entry (L5). Result.data is the new id.
    """
    from salesctl import recordops as ro
    from salesctl.kinds import KINDS

    k = KINDS[kind]
    result = Result.start(notes)
    with transaction(root, f"{kind} add", opts, result.notes) as tx:
        tz = zone_of(tx.records.policy)
        data = ro.parse_assignments(kind, fields, tz)
        now = now.astimezone(tz).replace(microsecond=0)
        if k.is_log:
            staff = data.pop("staff", None)
            if not staff:
                raise UserError(_("a {kind} entry names its person: staff=S-…").format(kind=kind), Exit.USAGE)
            for f, v in k.defaults_at(now).items():
                data.setdefault(f, v)
            rid = tx.add_entry(kind, staff, data)
            label = f"{staff} {rid}"
        else:
            for f, v in k.defaults_at(now).items():
                data.setdefault(f, v)
            if kind == "lead":
                with records_language(tx.records):
                    ro.with_owner_log(data, "admin", _("owner given when the lead was added"))
            if k.path_fields == ("staff", "month") and not (data.get("staff") and data.get("month")):
                what = _("period: staff=S-… month=YYYY-MM (or 2026Q3, 2026)") if k.periods else _("month: staff=S-… month=YYYY-MM")
                raise UserError(_("a {kind} names its person and {what}").format(kind=kind, what=what), Exit.USAGE)
            if kind == "review":
                from salesctl.commands.review import prepare_add

                prepare_add(data, tz)
            rid = tx.add(kind, data)
            label = f"{rid} {data.get('name', '')}".strip()
        done = tx.commit(f"{kind} add: {label}")
    result.note(committed(done, f"{kind} add: {label}"))
    result.data = rid
    return result


def set_fields(root: Path, kind: str, key: str, fields: list[str], *, now: dt.datetime, by: Optional[str] = None,
               why: Optional[str] = None, opts: WriteOptions = WriteOptions(), notes: Optional[Notes] = None) -> Result:
    """Change settable fields of the record `key` of `kind` from FIELD=VALUE words.

    A lead given another owner gets an ownership-log entry at `now` (L5), by `by` (default admin)
    for `why`. Result.data is the commit message (each field as old -> new).
    """
    from salesctl import recordops as ro
    from salesctl.kinds import KINDS

    k = KINDS[kind]
    result = Result.start(notes)
    signed: list[str] = []      # review: the stages signed for the one who owes them, said once written
    with transaction(root, f"{kind} set", opts, result.notes) as tx:
        tz = zone_of(tx.records.policy)
        rec = ro.find(tx.records, kind, key)
        data = ro.parse_assignments(kind, fields, tz)
        bad = [f for f in data if f not in k.mutable]
        if bad:
            raise UserError(_("{kind} field(s) {value} cannot be set here (settable: {value2}); edit the file").format(kind=kind, value=', '.join(bad), value2=', '.join(k.mutable)), Exit.USAGE)
        if kind == "review":
            from salesctl.commands.review import sign

            signed = sign(tx.records, rec.staff, rec.signed, data, now.astimezone(tz).replace(microsecond=0), tz)
        changes = []
        dotted = {w.split("=", 1)[0].split(".", 1)[0] for w in fields if "." in w.split("=", 1)[0]}
        for f in dotted & set(data):   # targets.2026Q3=… sets one key of a mapping, keeping the others
            old = ro.get_path(rec, f)
            if isinstance(old, dict) and isinstance(data[f], dict):
                data[f] = {k: v for k, v in {**old, **data[f]}.items() if v is not None}
        for f, v in data.items():
            old = ro.get_path(rec, f)
            changes.append(f"{f} {ro.describe(old)} -> {ro.describe(v)}")
        tx.update(rec, data)
        if kind == "lead" and "owner" in data and data["owner"] != rec.owner:
            with records_language(tx.records):   # the log entry's why is text of the records
                default_why = _("set by hand")
            tx.append(rec, "log", ownership.entry(now.astimezone(tz).replace(microsecond=0), by or "admin",
                                                  rec.owner, data["owner"], ownership.MANUAL, why or default_why))
        message = f"{kind} set: {key} {', '.join(changes)}"
        done = tx.commit(message)
    for text in signed:
        result.note(text, always=True)
    result.note(committed(done, message))
    result.data = message
    return result


def import_leads(root: Path, file: Path, *, now: dt.datetime, skip_bad: bool = False,
                 opts: WriteOptions = WriteOptions(), notes: Optional[Notes] = None) -> Result:
    """Import leads from a CSV file (salesctl.leadimport): any bad row refuses the import, with
    every bad row as a problem; with skip_bad the good rows land and each bad one is a note.

    Result.data is [(csv line, new lead id)]."""
    from salesctl import leadimport

    file = Path(file)
    result = Result.start(notes)
    with transaction(root, "lead import", opts, result.notes) as tx:
        report = leadimport.run(tx, file, now)
        if report.bad and not skip_bad:
            raise UserError(_("{n_bad} bad row(s) in {file}; nothing imported (fix them, or pass --skip-bad)").format(n_bad=len(report.bad), file=file),
                            Exit.RECORDS, problems=report.bad)
        for p in report.bad:
            result.note(str(p).replace(": error:", ": skipped:"), always=True)
        with records_language(tx.records):
            message = "lead import: " + _("{n} leads from {file}").format(n=len(report.ids), file=file.name)
        done = tx.commit(message)
    result.note(committed(done, message))
    result.data = report.ids
    return result
