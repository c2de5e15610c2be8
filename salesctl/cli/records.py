"""salesctl team|staff|lead|visit|activity|deal|attendance|review  list|show|add|set, and lead import."""

import datetime as dt
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from salesctl.cli.common import Fmt, committed, emit, note, out, records, transaction, writes
from salesctl.domain import ownership
from salesctl.domain.calendar import month_of, zone_of
from salesctl.errors import Exit, UserError
from salesctl.schema import KINDS

_APPS: dict[str, typer.Typer] = {}

HELP = {
    "team": "Teams (小组): leader, deputy, department.",
    "staff": "Staff: role, channel, status, targets, shifts and leave.",
    "lead": "Leads and customers (客户资源): owner, team, status, ownership log.",
    "visit": "Visits and calls, one log per person per month (跟进记录).",
    "activity": "Telesales daily counts: calls, effective contacts, intention, orders.",
    "deal": "Deals: amount, deposit, payment, refunds, credit overrides.",
    "attendance": "Attendance: late, early, absent, leave.",
    "review": "Monthly reviews: self, leader and peer ratings, training.",
}

EXAMPLES = {
    "team": "salesctl team add name=会籍三组 department=会籍部 channel=inside",
    "staff": "salesctl staff set S-0003 status=leave",
    "lead": "salesctl lead set L-0042 status=contacted",
    "visit": "salesctl visit add staff=S-0003 lead=L-0042 kind=call summary=约了周六参观",
    "activity": "salesctl activity add staff=S-0011 date=2026-10-08 calls=80 effective=25 intention=4 orders=1",
    "deal": "salesctl deal add lead=L-0042 kind=new product=年卡 amount=3680 signed=2026-10-08 payment.date=2026-10-08 payment.taken_by=S-0003",
    "attendance": "salesctl attendance add staff=S-0003 date=2026-10-08 late_minutes=10",
    "review": "salesctl review add staff=S-0003 month=2026-10 self_rating=85 leader_rating=80",
}


def lead_app() -> typer.Typer:
    """The `salesctl lead` group, for modules that add lead commands (claim)."""
    return _APPS["lead"]


def _make(kind: str) -> typer.Typer:
    sub = typer.Typer(help=f"{HELP[kind]}\n\nExample: {EXAMPLES[kind]}", no_args_is_help=True)
    k = KINDS[kind]

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
            recs = [r for r in recs if _month_of(kind, r) == month]
        emit([ro.row_of(kind, r) for r in recs], ro.LIST_COLUMNS[kind], fmt)

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
                if kind == "visit":
                    data.setdefault("at", now)
                else:
                    data.setdefault("date", now.date())
                rid = tx.add_entry(kind, staff, data)
                label = f"{staff} {rid}"
            else:
                if kind == "lead":
                    data.setdefault("created", now)
                    ro.with_owner_log(data, "admin", "owner given when the lead was added")
                if kind == "staff":
                    data.setdefault("joined", now.date())
                if kind == "review" and not (data.get("staff") and data.get("month")):
                    raise UserError("a review names its person and month: staff=S-… month=YYYY-MM", Exit.USAGE)
                rid = tx.add(kind, data)
                label = f"{rid} {data.get('name', '')}".strip()
            result = tx.commit(f"{kind} add: {label}")
        committed(result, f"{kind} add: {label}")
        out(rid)

    add.__doc__ = f"Add a {kind} record; its id is generated when not given.\n\nExample: {EXAMPLES[kind] if 'add' in EXAMPLES[kind] else f'salesctl {kind} add …'}"

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

        set_.__doc__ = f"Change fields of a {kind} record ({', '.join(k.mutable)}).\n\nExample: {EXAMPLES[kind] if ' set ' in EXAMPLES[kind] else f'salesctl {kind} set ID FIELD=VALUE'}"
    return sub


def _month_of(kind: str, rec) -> str:
    when = getattr(rec, "signed", None) or getattr(rec, "at", None) or getattr(rec, "date", None) or getattr(rec, "created", None)
    if kind == "review":
        return rec.month
    return month_of(when) if when else ""


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
