"""salesctl split: who was credited with each sale of a month, and by which rule (S1-S5)."""
from __future__ import annotations

import re
from typing import Annotated

import typer

from salesctl.cli.common import Fmt, check_format, emit, load, note, out
from salesctl.errors import Exit, UserError

TEXT_ONLY = ("csv", "json")  # formats for scripts: no totals row, --explain as a column


def split(
    month: Annotated[str, typer.Option("--month", "-m", help="The month, YYYY-MM.", metavar="YYYY-MM")],
    by: Annotated[str, typer.Option("--by", help="deal: one row per person per deal; staff: one row per person.", metavar="deal|staff")] = "deal",
    explain: Annotated[bool, typer.Option("--explain", help="Show, per deal, each rule tried in order and why it did or did not match.")] = False,
    fmt: Fmt = "table",
):
    """Credit for the month's sales: each deal split to the cent by the first policy rule that matches.

    Refunds count in their own month and reverse the refunded deal's split. Table formats end with
    a totals row; csv and json (for scripts) have none. Deals no rule can credit are named on stderr.

    Example: salesctl split --month 2026-08 --by staff
    """
    from salesctl.engines import split as engine

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise UserError(f"--month {month!r} is not YYYY-MM", Exit.USAGE)
    if by not in ("deal", "staff"):
        raise UserError(f"--by {by!r}: use deal or staff", Exit.USAGE)
    check_format(fmt)
    loaded = load()
    r = loaded.records
    splits = engine.split_month(r, month)
    script = fmt in TEXT_ONLY
    if by == "deal":
        cols = ["deal", "date", "customer", "amount", "staff", "share", "credited", "rule"]
        rows = []
        for ds in splits:
            lead = r.leads.get(ds.deal.lead)
            base = {"deal": ds.deal.id, "date": ds.deal.signed, "customer": lead.name if lead else ds.deal.lead, "amount": ds.amount}
            extra = {"explain": [x.strip() for x in engine.explain(r, ds)[1:]]} if explain and script else {}
            rows += [{**base, "staff": ln.staff, "share": ln.share, "credited": ln.amount, "rule": ln.rule, **extra} for ln in ds.lines]
            if not ds.lines:
                rows.append({**base, "staff": None, "share": None, "credited": None, "rule": None, **extra})
        if not script:
            rows.append({"deal": "total", "amount": sum((ds.amount for ds in splits), engine.ZERO),
                         "credited": sum((ln.amount for ds in splits for ln in ds.lines), engine.ZERO)})
        if explain and script:
            cols.append("explain")
            if fmt == "csv":
                rows = [{**x, "explain": " | ".join(x["explain"])} for x in rows]
    else:
        ids = engine.rule_ids(r)
        cols = ["person", "name", "team", "deals", "credited", *ids, "refunds"]
        rows = []
        for t in engine.staff_totals(r, month):
            s = r.staff.get(t.staff)
            rows.append({"person": t.staff, "name": s.name if s else None, "team": s.team if s else None,
                         "deals": t.deals, "credited": t.credited, **t.by_rule, "refunds": t.refunds})
        if not script:
            rows.append({"person": "total", "deals": len({ln.deal for ds in splits if ds.deal.kind != "refund" for ln in ds.lines}),
                         **{c: sum((x[c] for x in rows), engine.ZERO) for c in ("credited", *ids, "refunds")}})
    emit(rows, cols, fmt)
    if explain and not script and splits:
        out("\n" + "\n\n".join("\n".join(engine.explain(r, ds)) for ds in splits))
    bad = [ds for ds in splits if ds.problem]
    for ds in bad:
        note(f"not credited: {ds.problem}")
    if any(p.level == "error" for p in loaded.problems):
        note("the records have errors (some records were left out): run salesctl check")


def register(app: typer.Typer) -> None:
    app.command("split")(split)
