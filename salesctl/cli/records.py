"""salesctl team|staff|lead|visit|activity|deal|attendance|review  list|show|add|set, and lead import."""

import datetime as dt
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from salesctl.cli.common import Fmt, committed, emit, note, out, records, transaction, writes
from salesctl.domain import ownership
from salesctl.domain.calendar import zone_of
from salesctl.errors import Exit, UserError
from salesctl.kinds import KINDS

_APPS: dict[str, typer.Typer] = {}

def lead_app() -> typer.Typer:
    """The `salesctl lead` group, for modules that add lead commands (claim)."""
    return _APPS["lead"]


def _make(kind: str) -> typer.Typer:
    k = KINDS[kind]
    sub = typer.Typer(help=f"{k.help}\n\nExample: {k.example}", no_args_is_help=True)

    @sub.command("list")
    def list_(fmt: Fmt = "table",
              where: Annotated[Optional[List[str]], typer.Option("--where", "-w", help="Only records whose FIELD equals VALUE (FIELD=VALUE; repeatable; dotted paths).")] = None,
              month: Annotated[Optional[str], typer.Option("--month", help="Only this month (YYYY-MM).")] = None):
        from salesctl import recordops as ro

        recs = ro.all_of(records(), kind)
        for cond in where or []:
            if "=" not in cond:
                raise UserError(f"--where takes FIELD=VALUE, got {cond!r}", Exit.USAGE)
            f, v = cond.split("=", 1)
            recs = [r for r in recs if ro.describe(ro.get_path(r, f)).replace("(none)", "") == v]
        if month:
            recs = [r for r in recs if k.month_of(r) == month]
        emit([ro.row_of(kind, r) for r in recs], list(k.columns), fmt)

    list_.__doc__ = f"List {kind} records.\n\nExample: salesctl {kind} list --format csv"

    @sub.command("show")
    def show(key: Annotated[str, typer.Argument(help="The id (for activity/attendance STAFF:YYYY-MM-DD, for a review STAFF:YYYY-MM).")],
             fmt: Fmt = "table"):
        from salesctl import recordops as ro
        from salesctl.render import render_mapping, to_json
        from salesctl.yamlio import dumps

        rec = ro.find(records(), kind, key)
        pairs = ro.fields_of(rec)
        path, line = records().where(rec)
        if fmt == "json":
            out(to_json(dict(pairs)))
        elif fmt == "yaml":
            out(dumps(dict(pairs)).rstrip())
        else:
            shown = [(f, dumps(v).rstrip() if isinstance(v, (dict, list)) else v) for f, v in pairs]
            out(render_mapping(shown + [("file", f"{path}:{line}")], fmt))

    show.__doc__ = f"Show one {kind} record (--format yaml|json|table).\n\nExample: salesctl {kind} show ID"

    @sub.command("add")
    @writes
    def add(fields: Annotated[List[str], typer.Argument(help="FIELD=VALUE pairs; nested fields with dots (payment.taken_by=S-0003).")]):
        from salesctl import recordops as ro

        with transaction(f"{kind} add") as tx:
            tz = zone_of(tx.records.policy)
            data = ro.parse_assignments(kind, fields, tz)
            now = dt.datetime.now(tz).replace(microsecond=0)
            if k.is_log:
                staff = data.pop("staff", None)
                if not staff:
                    raise UserError(f"a {kind} entry names its person: staff=S-…", Exit.USAGE)
                for f, v in k.defaults_at(now).items():
                    data.setdefault(f, v)
                rid = tx.add_entry(kind, staff, data)
                label = f"{staff} {rid}"
            else:
                for f, v in k.defaults_at(now).items():
                    data.setdefault(f, v)
                if kind == "lead":
                    ro.with_owner_log(data, "admin", "owner given when the lead was added")
                if kind == "review" and not (data.get("staff") and data.get("month")):
                    raise UserError("a review names its person and month: staff=S-… month=YYYY-MM", Exit.USAGE)
                rid = tx.add(kind, data)
                label = f"{rid} {data.get('name', '')}".strip()
            result = tx.commit(f"{kind} add: {label}")
        committed(result, f"{kind} add: {label}")
        out(rid)

    add.__doc__ = f"Add a {kind} record; its id is generated when not given.\n\nExample: {k.example if 'add' in k.example else f'salesctl {kind} add …'}"

    if k.mutable:
        @sub.command("set")
        @writes
        def set_(key: Annotated[str, typer.Argument(help="The id.")],
                 fields: Annotated[List[str], typer.Argument(help=f"FIELD=VALUE pairs. Settable: {', '.join(k.mutable)}.")],
                 by: Annotated[Optional[str], typer.Option("--by", help="Who makes the change (for a lead's ownership log).")] = None,
                 why: Annotated[Optional[str], typer.Option("--why", help="Why (for a lead's ownership log).")] = None):
            from salesctl import recordops as ro

            with transaction(f"{kind} set") as tx:
                tz = zone_of(tx.records.policy)
                rec = ro.find(tx.records, kind, key)
                data = ro.parse_assignments(kind, fields, tz)
                bad = [f for f in data if f not in k.mutable]
                if bad:
                    raise UserError(f"{kind} field(s) {', '.join(bad)} cannot be set here (settable: {', '.join(k.mutable)}); edit the file", Exit.USAGE)
                changes = []
                for f, v in data.items():
                    old = ro.get_path(rec, f)
                    changes.append(f"{f} {ro.describe(old)} -> {ro.describe(v)}")
                tx.update(rec, data)
                if kind == "lead" and "owner" in data and data["owner"] != rec.owner:
                    tx.append(rec, "log", ownership.entry(dt.datetime.now(tz).replace(microsecond=0), by or "admin",
                                                          rec.owner, data["owner"], ownership.MANUAL, why or "set by hand"))
                message = f"{kind} set: {key} {', '.join(changes)}"
                result = tx.commit(message)
            committed(result, message)

        set_.__doc__ = f"Change fields of a {kind} record ({', '.join(k.mutable)}).\n\nExample: {k.example if ' set ' in k.example else f'salesctl {kind} set ID FIELD=VALUE'}"
    return sub


def lead_import(file: Annotated[Path, typer.Argument(help="CSV with a header row of lead fields (name, phone, source, created, …); UTF-8 or GBK.")],
                skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Import the good rows and report the bad ones (default: import nothing if any row is bad).")] = False,
                fmt: Fmt = "table"):
    """Import leads from a CSV file (marketing lists): every bad row is reported by line number.

    Example: salesctl lead import 十月活动.csv --skip-bad
    """
    from salesctl import leadimport

    with transaction("lead import") as tx:
        report = leadimport.run(tx, file)
        if report.bad and not skip_bad:
            for p in report.bad:
                typer.echo(str(p), err=True)
            raise UserError(f"{len(report.bad)} bad row(s) in {file}; nothing imported (fix them, or pass --skip-bad)", Exit.RECORDS)
        for p in report.bad:
            typer.echo(str(p).replace(": error:", ": skipped:"), err=True)
        message = f"lead import: {len(report.ids)} leads from {file.name}"
        result = tx.commit(message)
    committed(result, message)
    emit([{"line": line, "lead": lid} for line, lid in report.ids], ["line", "lead"], fmt)


def register(app: typer.Typer) -> None:
    for kind in KINDS:
        _APPS[kind] = _make(kind)
        app.add_typer(_APPS[kind], name=kind)
    _APPS["lead"].command("import")(writes(lead_import))
