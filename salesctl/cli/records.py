"""salesctl team|staff|lead|visit|activity|deal|attendance|review|plan|training  list|show|add|set, and lead import."""

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from salesctl.cli.common import Fmt, call, clock, ctx, emit, load, out, records, redacting, require_loaded, writes, write_opts
from salesctl.kinds import KINDS
from salesctl.errors import Exit, UserError
from salesctl.i18n import _

_APPS: dict[str, typer.Typer] = {}

def kind_app(kind: str) -> typer.Typer:
    """The `salesctl KIND` group, for modules that add commands to it (lead claim, plan open)."""
    return _APPS[kind]


def lead_app() -> typer.Typer:
    """The `salesctl lead` group, for modules that add lead commands (claim)."""
    return kind_app("lead")


def _make(kind: str) -> typer.Typer:
    """The `salesctl KIND` group: list, show, add and set, each a nested typer command over the kind's
    registry entry (longer than most functions: it is the four command definitions, nothing else)."""
    k = KINDS[kind]
    sub = typer.Typer(help=f"{k.help}\n\nExample: {k.example}", no_args_is_help=True)

    @sub.command("list")
    def list_(fmt: Fmt = "table",
              where: Annotated[Optional[List[str]], typer.Option("--where", "-w", help="Only records whose FIELD matches: FIELD=VALUE, FIELD!=VALUE, FIELD>=VALUE (also >, <, <=; numbers as numbers, dates as text), FIELD~TEXT (contains); repeatable; dotted paths. An unknown field is a usage error.")] = None,
              month: Annotated[Optional[str], typer.Option("--month", help="Only this month (YYYY-MM).")] = None,
              since: Annotated[Optional[str], typer.Option("--since", help="Only records dated on or after this day (YYYY-MM-DD, business time zone).", metavar="YYYY-MM-DD")] = None,
              until: Annotated[Optional[str], typer.Option("--until", help="Only records dated on or before this day (YYYY-MM-DD).", metavar="YYYY-MM-DD")] = None,
              limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="At most N records (the first in list order).", min=0, metavar="N")] = None):
        from salesctl import recordops as ro
        from salesctl.domain.calendar import zone_of

        require_loaded(load(), kinds={kind}, until=month, since=month)
        recs = ro.all_of(records(), kind)
        if month:
            recs = [r for r in recs if k.month_of(r) == month]
        recs = ro.select(kind, recs, where or (), since and ro.parse_day(since, "--since"),
                         until and ro.parse_day(until, "--until"), limit, zone_of(records().policy))
        emit([ro.row_of(kind, r) for r in recs], list(k.columns), fmt)

    list_.__doc__ = f"List {kind} records.\n\nExample: salesctl {kind} list --format csv"

    @sub.command("show")
    def show(key: Annotated[str, typer.Argument(help="The id (for activity/attendance STAFF:YYYY-MM-DD, for a review STAFF:YYYY-MM).")],
             fmt: Fmt = "table"):
        from salesctl import recordops as ro
        from salesctl.privacy import redact
        from salesctl.render import render_mapping, to_json
        from salesctl.yamlio import dumps

        from salesctl.domain.calendar import zone_of

        try:
            rec = ro.find(records(), kind, key)
        except UserError as e:   # no such record: say so, unless its file is there and does not load
            bad = ro.not_loaded_for(load(), kind, key) if e.status == Exit.NOT_FOUND else []
            if not bad:
                raise
            raise UserError(_("{kind} {key}: its file does not load (listed above): run salesctl check").format(kind=kind, key=key),
                            Exit.RECORDS, problems=bad) from None
        pairs = ro.fields_of(rec)
        path, line = records().where(rec)
        history = None
        if kind == "lead":   # a company customer's cooperation history (L3)
            from salesctl.engines.grade import l3_history
            from salesctl.reports.grade import history_row, history_text

            history = l3_history(records(), rec, zone_of(records().policy))
        if fmt == "json":
            extra = [("cooperation", [history_row(c) for c in history])] if history is not None else []
            out(to_json(dict(pairs + extra), redacting()))
        elif fmt == "yaml":
            out(dumps(redact(dict(pairs)) if redacting() else dict(pairs)).rstrip())
        else:
            shown = ro.shown_fields(kind, rec, zone_of(records().policy))
            extra = [("cooperation", history_text(history) or "-")] if history is not None else []
            out(render_mapping(shown + extra + [("file", f"{path}:{line}")], fmt, redacting()))

    show.__doc__ = f"Show one {kind} record (--format yaml|json|table).\n\nExample: {_on_sample(k, 'show')}"

    @sub.command("add")
    @writes
    def add(fields: Annotated[List[str], typer.Argument(help="FIELD=VALUE pairs; nested fields with dots (payment.taken_by=S-0003).")]):
        from salesctl.commands import records as command

        call(command.add, ctx().records, kind, fields, now=clock(), opts=write_opts(), render=lambda r: out(r.data))

    add.__doc__ = f"Add {'an' if kind[0] in 'aeiou' else 'a'} {kind} record; its id is generated when not given.\n\nExample: {_add_example(k)}"

    if k.mutable:
        @sub.command("set")
        @writes
        def set_(key: Annotated[str, typer.Argument(help="The id.")],
                 fields: Annotated[List[str], typer.Argument(help=f"FIELD=VALUE pairs. Settable: {', '.join(k.mutable)}.")],
                 by: Annotated[Optional[str], typer.Option("--by", help="Who makes the change (for a lead's ownership log).")] = None,
                 why: Annotated[Optional[str], typer.Option("--why", help="Why (for a lead's ownership log).")] = None,
                 when: Annotated[Optional[str], typer.Option("--when", help="When a lead's owner changed, for a correction dated in the past (YYYY-MM-DD or YYYY-MM-DDTHH:MM, business time zone); default now.", metavar="TIME", hidden=kind != "lead")] = None):
            from salesctl.commands import records as command

            call(command.set_fields, ctx().records, kind, key, fields, now=clock(), by=by, why=why, when=when, opts=write_opts())

        set_.__doc__ = f"Change fields of {'an' if kind[0] in 'aeiou' else 'a'} {kind} record ({', '.join(k.mutable)}).\n\nExample: {_on_sample(k, 'set', k.change or 'FIELD=VALUE')}"
    return sub


def _add_example(k) -> str:
    return f"salesctl {k.name} add {k.add or 'FIELD=VALUE'}"


def _on_sample(k, verb: str, args: str = "") -> str:
    """`salesctl KIND VERB SAMPLE ARGS` on a record of the demo; after the add example when that is
    what makes the sample (the demo has no department)."""
    line = " ".join(w for w in ("salesctl", k.name, verb, k.sample or "ID", args) if w)
    return f"{_add_example(k)} && {line}" if k.sample and f"id={k.sample}" in k.add.split() else line


def lead_import(file: Annotated[Path, typer.Argument(help="CSV with a header row of lead fields (name, phone, source, created, …); UTF-8 or GBK.")],
                skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Import the good rows and report the bad ones (default: import nothing if any row is bad).")] = False,
                fmt: Fmt = "table"):
    """Import leads from a CSV file (marketing lists): every bad row is reported by line number.

    Example: salesctl lead import 十月活动.csv --skip-bad
    """
    from salesctl.commands import records as command

    call(command.import_leads, ctx().records, file, now=clock(), skip_bad=skip_bad, opts=write_opts(),
         render=lambda r: emit([{"line": line, "lead": lid} for line, lid in r.data], ["line", "lead"], fmt))


def staff_leave(key: Annotated[str, typer.Argument(help="The staff id.")],
                fields: Annotated[List[str], typer.Argument(help="FIELD=VALUE pairs of the leave: start, end, why, applied, approved_by, handover.")]):
    """Add a leave period to a person (O5, A4): the days off, when it was applied for and who approved it.

    Example: salesctl staff leave S-0003 start=2026-12-21 end=2026-12-25 why=年假 applied=2026-12-01 approved_by=S-0001
    """
    from salesctl.commands import records as command

    call(command.append_item, ctx().records, "staff", key, "leave", fields, opts=write_opts())


def lead_grade(leads: Annotated[Optional[List[str]], typer.Argument(help="Only these leads (default: every lead of a graded status).")] = None,
               month: Annotated[Optional[str], typer.Option("--month", "-m", help="The month graded: spend and frequency count the deals of leads.grading.window_months months ending with it (default: this month).", metavar="YYYY-MM")] = None,
               dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the grades that would change and why; write nothing.")] = False,
               explain: Annotated[bool, typer.Option("--explain", help="Show, per lead, each step of L4: spend, frequency, potential, the threshold that decided.")] = False,
               fmt: Fmt = "table"):
    """Grade customers by value (客户价值评估, L4): important, general or potential (重要/一般/潜在) from
    their spend and deal count over leads.grading.window_months months and their potential (company
    size, status), by the thresholds of leads.grading. Lists each lead whose grade changes (old ->
    new, and why) and writes them all in one commit (--dry-run: nothing written).

    Example: salesctl lead grade --month 2026-10 --dry-run --explain
    """
    from salesctl.cli.common import check_format
    from salesctl.commands import grade as command
    from salesctl.reports import grade as tables

    check_format(fmt)
    script = fmt in ("csv", "json", "tsv")

    def render(r):
        rows = [tables.grading_row(g, explain and script) for g in r.data]
        if explain and script and fmt != "json":
            rows = [{**x, "explain": " | ".join(x["explain"])} for x in rows]
        emit(rows, tables.COLUMNS + (["explain"] if explain and script else []), fmt)
        if explain and not script and r.data:
            out("\n" + tables.grading_explain(r.data))

    call(command.grade, ctx().records, now=clock(), month=month, leads=leads or (), dry_run=dry_run,
         opts=write_opts(), loaded=load, render=render)


def attendance_off_post(key: Annotated[str, typer.Argument(help="The day: STAFF:YYYY-MM-DD.")],
                        fields: Annotated[List[str], typer.Argument(help="FIELD=VALUE pairs of the stretch: from, to (HH:MM), why, approved_by.")]):
    """Record time away from the post (O4): from, to, why, and the supervisor who arranged it (without
    approved_by it counts as absence, 按旷工处理). Writes the day's attendance entry when it has none.

    Example: salesctl attendance off-post S-0008:2026-11-04 from=15:00 to=16:30 why=看牙 approved_by=S-0006
    """
    from salesctl.commands import records as command

    call(command.add_off_post, ctx().records, key, fields, opts=write_opts())


def register(app: typer.Typer) -> None:
    for kind in KINDS:
        _APPS[kind] = _make(kind)
        app.add_typer(_APPS[kind], name=kind)
    _APPS["lead"].command("import")(writes(lead_import))
    _APPS["staff"].command("leave")(writes(staff_leave))
    _APPS["lead"].command("grade")(writes(lead_grade))
    _APPS["attendance"].command("off-post")(writes(attendance_off_post))
