"""salesctl assign: give every pool lead an owner (A1-A6), or show the month's fairness report."""

import datetime as dt
import re
from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, check_format, committed, emit, load, note, out, transaction, writes
from salesctl.domain.calendar import is_month, zone_of
from salesctl.errors import Exit, UserError

SCRIPT_FORMATS = ("csv", "json", "tsv")


def moment(text: Optional[str], zone: dt.tzinfo, end_of_day: bool, option: str = "--as-of") -> dt.datetime:
    """A command-line time: ISO date or date-time; no zone takes the policy's; none is now.

    A bare date means the end of that day (end_of_day) or its start.
    """
    if text is None:
        return dt.datetime.now(zone)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            d = dt.date.fromisoformat(text)
            t = dt.datetime.combine(d, dt.time.max if end_of_day else dt.time(), zone)
            return t
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text!r} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[+08:00])", Exit.USAGE)
    return t if t.tzinfo else t.replace(tzinfo=zone)


def trace_rows(rows: list[dict], fmt: str) -> list[dict]:
    if fmt != "json":
        return [{**r, "trace": " | ".join(r["trace"])} for r in rows]
    return rows


@writes
def assign(
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Assign the leads created up to this time (a date: the end of that day; no zone: the policy's). Default: now.", metavar="DATETIME")] = None,
    team: Annotated[Optional[str], typer.Option("--team", help="Only the leads of this team (those already in it, and those the rules send to it).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be assigned; write nothing.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add the decision trace: who was eligible, who was skipped and why, whose turn it was.")] = False,
    report: Annotated[bool, typer.Option("--report", help="Instead of assigning: the fairness report of --month.")] = False,
    month: Annotated[Optional[str], typer.Option("--month", "-m", help="The month of --report, YYYY-MM.", metavar="YYYY-MM")] = None,
    fmt: Fmt = "table",
):
    """Give every lead in the shared pool an owner, in the order the leads arrived, and say why.

    Designated customers (A3) go to their consultant without using a rotation turn; walk-ins go
    by fair rotation among the team's inside consultants on duty (A2, A4, A5; the queue is kept
    in state/rotation.yaml); other leads go to a team by policy routes and capacity, then to the
    member with the most spare capacity for their weight (A1), within max_open_leads and the
    intake cap. Leads nobody can take stay in the pool, with the reason. One git commit for the
    run. --report --month M shows, per person, leads received by rule and how fair that was.

    Example: salesctl assign --as-of 2026-08-03 --dry-run --explain
    """
    from salesctl.engines import assign as engine

    check_format(fmt)
    if report or month:
        if not (report and month):
            raise UserError("--report needs --month YYYY-MM (and --month is only for --report)", Exit.USAGE)
        if not is_month(month):
            raise UserError(f"--month {month!r} is not YYYY-MM", Exit.USAGE)
        emit(engine.report(load().records, month), engine.REPORT_COLUMNS, fmt)
        return

    def decide(loaded):
        recs = loaded.records
        if team is not None and team not in recs.teams:
            raise UserError(f"no team {team}", Exit.NOT_FOUND)
        state, errs = engine.parse_state(recs.state.get(engine.STATE_NAME))
        if errs:
            raise UserError(f"{engine.STATE_PATH}: " + "; ".join(m for _, m in errs) + " (run salesctl check)", Exit.RECORDS)
        when = moment(as_of, zone_of(recs.policy), end_of_day=True)
        return engine.assign(recs, when, team=team, state=state)

    if dry_run:
        loaded = load()
        result = decide(loaded)
    else:
        with transaction("assign") as tx:
            loaded = tx.loaded
            result = decide(loaded)
            for d in result.assigned:
                lead = tx.records.leads[d.lead]
                tx.update(lead, d.changes())
                tx.append(lead, "log", d.log_entry(result.as_of))
            if result.assigned and result.state_changed:
                tx.put(engine.STATE_PATH, engine.state_text(result.state))
            message = result.message()
            done = tx.commit(message) if result.assigned else None
        if done is not None:
            committed(done, message)
        else:
            note("nothing to assign")
    rows = [d.row(explain and fmt in SCRIPT_FORMATS) for d in result.decisions]
    cols = engine.COLUMNS + (["trace"] if explain and fmt in SCRIPT_FORMATS else [])
    emit(trace_rows(rows, fmt) if explain and fmt in SCRIPT_FORMATS else rows, cols, fmt)
    if explain and fmt not in SCRIPT_FORMATS and result.decisions:
        out("\n" + "\n\n".join(f"{d.lead} {d.name} -> {d.owner or '(pool)'} ({d.rule})\n" + "\n".join("  " + x for x in d.trace)
                               for d in result.decisions))
    if dry_run:
        c = result.counts()
        note(f"dry run: {len(result.assigned)} would be assigned ({c['rotation']} rotation, {c['designated']} designated, "
             f"{c['capacity']} capacity), {c['pool']} {'stays' if c['pool'] == 1 else 'stay'} in the pool; nothing written")
    if any(p.level == "error" for p in loaded.problems):
        note("the records have errors (some records were left out): run salesctl check")


def register(app: typer.Typer) -> None:
    app.command("assign")(assign)
