"""Record add and set for every kind, and lead import: each one write, one commit."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
from typing import Optional

from salesctl.domain import ownership
from salesctl.domain.calendar import zone_of
from salesctl.commands.common import Notes, Result, WriteOptions, committed, records_language, transaction
from salesctl.errors import Exit, UserError
from salesctl.i18n import _
from salesctl.privacy import change_words
from salesctl.yamlio import to_plain


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
            _log_file_usable(tx, kind, staff, data)
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
               why: Optional[str] = None, when: Optional[str] = None, opts: WriteOptions = WriteOptions(),
               notes: Optional[Notes] = None) -> Result:
    """Change settable fields of the record `key` of `kind` from FIELD=VALUE words.

    A lead given another owner gets an ownership-log entry (L5) at `when` (a correction dated in
    the past: YYYY-MM-DD or a time; default `now`), by `by` (default admin) for `why`. A past
    change must not be before the lead was created nor before the last entry of its log (the log
    is in time order), nor in the future. Result.data is the commit message (each field as old -> new).
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
        at = now.astimezone(tz).replace(microsecond=0)
        if when is not None:
            if kind != "lead" or "owner" not in data:
                raise UserError(_("--when dates an owner change: salesctl lead set LEAD owner=S-… --when YYYY-MM-DD"), Exit.USAGE)
            at = _past_owner_change(rec, ro.parse_moment(when, "--when", tz), at)
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
            old = to_plain(old) if isinstance(old, msgspec.Struct) else old   # voucher.code=…: a part of a nested record
            if isinstance(old, dict) and isinstance(data[f], dict):
                data[f] = {k: v for k, v in {**old, **data[f]}.items() if v is not None}
        for f, v in data.items():
            old = ro.get_path(rec, f)
            changes.append(change_words(f, old, v, ro.describe))   # phone: changed (no contact data in git history)
        tx.update(rec, data)
        if kind == "lead" and "owner" in data and data["owner"] != rec.owner:
            with records_language(tx.records):
                why = why or _("set by hand")
            tx.append(rec, "log", ownership.entry(at, by or "admin", rec.owner, data["owner"], ownership.MANUAL, why))
        message = f"{kind} set: {key} {', '.join(changes)}"
        done = tx.commit(message)
    for text in signed:
        result.note(text, always=True)
    result.note(committed(done, message))
    result.data = message
    return result


def append_item(root: Path, kind: str, key: str, field: str, fields: list[str], *, opts: WriteOptions = WriteOptions(),
                notes: Optional[Notes] = None) -> Result:
    """Add one item to a list field of the record `key` (a leave period to a person: field "leave")
    from FIELD=VALUE words of the item; validated with the whole records like every write, one commit.
    Result.data is the commit message."""
    from salesctl import recordops as ro

    result = Result.start(notes)
    with transaction(root, f"{kind} {field}", opts, result.notes) as tx:
        rec = ro.find(tx.records, kind, key)
        data = ro.build_fields(kind, [(f"{field}.{k}", v) for k, v in ro.pairs_of(fields)], zone_of(tx.records.policy))
        item = {k: v for k, v in data.get(field, {}).items() if v is not None}
        tx.append(rec, field, item)
        message = f"{kind} {field}: {key} + {ro.describe(item)}"
        done = tx.commit(message)
    result.note(committed(done, message))
    result.data = message
    return result


def add_off_post(root: Path, key: str, fields: list[str], *, opts: WriteOptions = WriteOptions(),
                 notes: Optional[Notes] = None) -> Result:
    """O4: add a stretch off the post (from, to, why, approved_by) to the attendance day `key`
    (STAFF:YYYY-MM-DD), writing the day's entry when it has none; validated like every write (an
    unknown person, from not before to, a time not HH:MM are refused), one commit. Result.data is the
    commit message."""
    from salesctl import recordops as ro

    result = Result.start(notes)
    staff, _sep, day = key.partition(":")
    with transaction(root, "attendance off-post", opts, result.notes) as tx:
        data = ro.build_fields("attendance", [(f"off_post.{k}", v) for k, v in ro.pairs_of(fields)], zone_of(tx.records.policy))
        item = {k: v for k, v in data.get("off_post", {}).items() if v is not None}
        try:
            rec = ro.find(tx.records, "attendance", key)
        except UserError:
            when = ro.parse_day(day, "STAFF:YYYY-MM-DD") if staff and day else None
            if when is None:
                raise
            _log_file_usable(tx, "attendance", staff, {"date": when})
            tx.add_entry("attendance", staff, {"date": when, "off_post": [item]})
        else:
            tx.append(rec, "off_post", item)
        message = f"attendance off-post: {key} + {ro.describe(item)}"
        done = tx.commit(message)
    result.note(committed(done, message))
    result.data = message
    return result


def _log_file_usable(tx, kind: str, staff: str, data: dict) -> None:
    """The month's file an entry is appended to must be a readable list of entries: a file with a YAML
    syntax error, bytes that are not UTF-8, or a mapping where the list belongs is refused with the
    loader's `path:line` problems (exit 1, nothing written) instead of ending in exit 70."""
    from salesctl.kinds import KINDS
    from salesctl.writer import path_for, read_in_records
    from salesctl.yamlio import load_rt

    rel = path_for(KINDS[kind], staff, data)
    data = read_in_records(tx.root, rel, tx.command)
    if data is None:
        return
    try:
        text = data.decode("utf-8-sig")
        doc = load_rt(text) if text.strip() else None
        usable = doc is None or isinstance(doc, list)
    except Exception:   # ruamel's error types, UnicodeDecodeError: the loader's problems say what is wrong
        usable = False
    if not usable:
        problems = [p for p in tx.loaded.problems if p.path == rel and p.level == "error"]
        raise UserError(_("{command}: {rel} cannot be read as a list of entries; nothing was written (fix the file, then add again)").format(
            command=tx.command, rel=rel), Exit.RECORDS, problems=problems)


def _past_owner_change(lead, when: dt.datetime, now: dt.datetime) -> dt.datetime:
    """`when` of an owner change typed with --when, once it fits the lead's log (L5)."""
    if when > now:
        raise UserError(_("--when {when}: in the future (now {now})").format(when=when.isoformat(), now=now.isoformat()), Exit.USAGE)
    if when < lead.created:
        raise UserError(_("--when {when}: before lead {lead} was created ({created})").format(
            when=when.isoformat(), lead=lead.id, created=lead.created.isoformat()), Exit.USAGE)
    last = max((e.when for e in lead.log), default=None)
    if last is not None and when < last:
        raise UserError(_("--when {when}: before the last change of lead {lead}'s ownership log ({last}); the log is "
                          "in time order — correct that entry in the file").format(when=when.isoformat(), lead=lead.id, last=last.isoformat()), Exit.USAGE)
    return when


def import_leads(root: Path, file: Path, *, now: dt.datetime, skip_bad: bool = False,
                 opts: WriteOptions = WriteOptions(), notes: Optional[Notes] = None) -> Result:
    """Import leads from a CSV file (salesctl.leadimport): any bad row refuses the import, with
    every bad row as a problem (named by the CSV's path:line); with skip_bad the good rows land and
    each bad one is a note. The new files are validated once, as a batch, by the commit (the rows a
    check refuses are named by their line; with skip_bad the rest are added again and land).

    Result.data is [(csv line, new lead id)]."""
    from salesctl import leadimport

    file = Path(file)
    result = Result.start(notes)
    with transaction(root, "lead import", opts, result.notes) as tx:
        report = leadimport.run(tx, file, now)
        for p in report.warnings:
            result.note(str(p), always=True)

        def refuse(bad):
            raise UserError(_("{n_bad} bad row(s) in {file}; nothing imported (fix them, or pass --skip-bad)").format(n_bad=len({p.line for p in bad}), file=file),
                            Exit.RECORDS, problems=bad)

        def message():
            with records_language(tx.records):
                return "lead import: " + _("{n} leads from {file}").format(n=len(report.rows), file=file.name)

        by_path = leadimport.add(tx, report)
        if report.bad and not skip_bad:   # refused already: the batch's check only adds what it finds to the list
            refuse(sorted(report.bad + (leadimport.rows_refused(report, tx.validate(tx.pending()), by_path) or []), key=lambda p: p.line))
        try:
            done = tx.commit(message())
        except UserError as e:
            bad = leadimport.rows_refused(report, e.problems, by_path) if e.problems else None
            if bad is None:
                raise
            if not skip_bad:
                refuse(sorted(report.bad + bad, key=lambda p: p.line))
            report.bad = sorted(report.bad + bad, key=lambda p: p.line)
            lines = {p.line for p in bad}
            report.rows = [(line, d) for line, d in report.rows if line not in lines]
            tx.discard_all()
            leadimport.add(tx, report)
            done = tx.commit(message())
        for p in report.bad:
            result.note(str(p).replace(": error:", ": skipped:"), always=True)
    result.note(committed(done, message()))
    result.data = report.ids
    return result
