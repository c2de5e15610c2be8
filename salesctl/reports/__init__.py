"""The tables the read commands print and month-end close writes: one builder per table.

A builder turns an engine's result into a Table (columns and rows of plain values). The CLI
prints a Table through the renderer; `close` writes the same Table as csv and markdown, so a
figure printed today and the closed report are the same figure, to the cent.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from salesctl.i18n import N_, _
from salesctl.money import ZERO
from salesctl.records import Records
from salesctl.render import render

SCRIPT_FORMATS = ("csv", "json", "tsv")  # formats for scripts: no totals rows (those go to totals_text)


@dataclass
class Table:
    name: str                        # file name in reports/YYYY-MM/ (without .csv)
    title: str                       # heading in summary.md
    columns: list[str]
    rows: list[dict]
    totals: list[dict] = field(default_factory=list)  # totals rows for people (tables), left out for scripts
    notes: list[str] = field(default_factory=list)  # messages for stderr
    totals_name: str | None = None   # close writes the totals rows to reports/YYYY-MM/<totals_name>.csv

    def for_format(self, fmt: str) -> list[dict]:
        if fmt not in SCRIPT_FORMATS:
            return [*self.rows, *self.totals]
        return list(self.rows)

    def totals_text(self, fmt: str) -> str:
        """The totals rows alone, in `fmt` (`payout --totals FILE`, close's payout-totals.csv)."""
        return render(self.totals, self.columns, fmt)

    def text(self, fmt: str) -> str:
        return render(self.for_format(fmt), self.columns, fmt)

    def csv(self) -> str:
        return self.text("csv")

    def markdown(self) -> str:
        return self.text("github")


def version() -> str:
    from salesctl import __version__

    return __version__


# ----------------------------------------------------------------------------- split (S1-S5)
def split_by_deal(records: Records, month: str, explain: bool = False, script: bool = False) -> Table:
    from salesctl.engines import split as engine

    splits = engine.split_month(records, month)
    cols = ["deal", "date", "customer", "amount", "staff", "share", "credited", "rule"]
    rows = []
    for ds in splits:
        lead = records.leads.get(ds.deal.lead)
        base = {"deal": ds.deal.id, "date": ds.deal.signed, "customer": lead.name if lead else ds.deal.lead, "amount": ds.amount}
        extra = {"explain": [x.strip() for x in engine.explain(records, ds)[1:]]} if explain and script else {}
        rows += [{**base, "staff": ln.staff, "share": ln.share, "credited": ln.amount, "rule": ln.rule, **extra} for ln in ds.lines]
        if not ds.lines:
            rows.append({**base, "staff": None, "share": None, "credited": None, "rule": None, **extra})
    if explain and script:
        cols.append("explain")
    total = {"deal": "total", "amount": sum((ds.amount for ds in splits), engine.ZERO),
             "credited": sum((ln.amount for ds in splits for ln in ds.lines), engine.ZERO)}
    notes = [_("not credited: {problem}").format(problem=ds.problem) for ds in splits if ds.problem]
    return Table("split-deals", _("Credit by deal, {period}").format(period=month) + on_ids(records, 'S1 S2 S3 S4 S5'), cols, rows, [total], notes)


def split_by_staff(records: Records, month: str) -> Table:
    from salesctl.engines import split as engine

    splits = engine.split_month(records, month)
    ids = engine.rule_ids(records)
    cols = ["person", "name", "team", "deals", "credited", *ids, "refunds"]
    rows = []
    for t in engine.staff_totals(records, month):
        s = records.staff.get(t.staff)
        rows.append({"person": t.staff, "name": s.name if s else None, "team": s.team if s else None,
                     "deals": t.deals, "credited": t.credited, **t.by_rule, "refunds": t.refunds})
    total = {"person": "total", "deals": len({ln.deal for ds in splits if ds.deal.kind != "refund" for ln in ds.lines}),
             **{c: sum((x.get(c) or engine.ZERO for x in rows), engine.ZERO) for c in ("credited", *ids, "refunds")}}
    notes = [_("not credited: {problem}").format(problem=ds.problem) for ds in splits if ds.problem]
    return Table("split-staff", _("Credit by person, {period}").format(period=month), cols, rows, [total], notes)


def split_explain(records: Records, month: str) -> str:
    from salesctl.engines import split as engine

    splits = engine.split_month(records, month)
    return "\n\n".join("\n".join(engine.explain(records, ds)) for ds in splits)


# ----------------------------------------------------------------------------- score (K1-K6)
def score_month(records: Records, month: str, team: str | None = None) -> Table:
    from salesctl.engines import score as engine
    from salesctl.reports import score as tables

    scores = engine.score_month(records, month)
    rows, cols = tables.month_rows(records, [m for m in scores if not team or m.person.team == team])
    return Table("score", _("Scores, {period}").format(period=month) + on_ids(records, 'K1 K2 K3 K4 K5 K6'), cols, rows)


def score_week(records: Records, week, team: str | None = None) -> Table:
    """An ISO week's scorecards (score --week, K11), in the month's columns."""
    from salesctl.engines import score as engine
    from salesctl.reports import score as tables

    rows, cols = tables.month_rows(records, [m for m in engine.score_week(records, week) if not team or m.person.team == team])
    return Table("score", _("Scores, {period}").format(period=week.label) + on_ids(records, 'K1 K3 K4 K6 K11'), cols, rows)


# ----------------------------------------------------------------------------- payout (P1-P7)
def payout_lines(records: Records, month: str, fmt: str = "csv") -> Table:
    from salesctl.engines import payout as engine
    from salesctl.reports import payout as presentation

    mp = engine.payout_month(records, month)
    rows, cols = presentation.line_rows(records, mp), list(presentation.LINE_COLUMNS)
    if fmt not in SCRIPT_FORMATS:  # for people: the short form, evidence on one line
        cols = [c for c in cols if c not in ("month", "team", "department", "code", "arithmetic")]
        rows = [{**x, "evidence": "; ".join(x["evidence"])} for x in rows]
    return Table("payout-lines", _("Payout lines and flags, {period}").format(period=month) + on_ids(records, 'P1 P2 P3 P4 P5 P6 P7 A8 K4 K5 K8 L1 L2 T1 T2 T3 T4'), cols, rows)


def payout_week_lines(records: Records, week, fmt: str = "csv") -> Table:
    """An ISO week's flags (payout --week): the rules a week can raise on its own (engines.payout.WEEK_RULES)."""
    from salesctl.engines import payout as engine
    from salesctl.reports import payout as presentation

    mp = engine.payout_week(records, week)
    rows, cols = presentation.line_rows(records, mp), ["week", *presentation.LINE_COLUMNS[1:]]
    rows = [{"week": x.pop("month"), **x} for x in rows]
    if fmt not in SCRIPT_FORMATS:
        cols = [c for c in cols if c not in ("week", "team", "department", "code", "amount", "days", "arithmetic")]
        rows = [{**x, "evidence": "; ".join(x["evidence"])} for x in rows]
    return Table("payout-lines", _("Flags, {period}").format(period=week.label) + on_ids(records, 'L1 A8 K8 T1 T2 T3 T4'), cols, rows)


def payout_staff(records: Records, month: str) -> Table:
    from salesctl.engines import payout as engine
    from salesctl.reports import payout as presentation

    mp = engine.payout_month(records, month)
    rows = presentation.staff_rows(records, mp)
    return Table("payout", _("Payout by person, {period} (the payroll file)").format(period=month), presentation.staff_columns(records), rows,
                 presentation.totals_rows(rows, presentation.STAFF_MONEY, days=True), totals_name="payout-totals")


# ----------------------------------------------------------------------------- a quarter or a year (K11, P4, P7)
def period_payout_lines(records: Records, period, fmt: str = "csv") -> Table:
    from salesctl.engines.payout.period import payout_period
    from salesctl.reports import payout as presentation

    rows, cols = presentation.line_rows(records, payout_period(records, period)), list(presentation.PERIOD_LINE_COLUMNS)
    if fmt not in SCRIPT_FORMATS:
        cols = [c for c in cols if c not in ("period", "team", "department", "code", "days", "evidence")]
    return Table("payout-lines", _("Payout lines and flags, {period}").format(period=period.label) + on_ids(records, 'P4 P6 P7'), cols, rows)


def period_payout_staff(records: Records, period) -> Table:
    from salesctl.engines.payout.period import payout_period
    from salesctl.reports import payout as presentation

    titled = any(p.on("P6") and t.period == period.kind for p in records.in_force for t in p.payout.titles)
    cols = [c for c in presentation.PERIOD_STAFF_COLUMNS
            if not (c == "quarter_bonus" and period.kind != "quarter") and not (c == "year_bonus" and period.kind != "year")
            and not (c == "titles" and not titled)]
    rows = presentation.period_staff_rows(records, payout_period(records, period))
    return Table("payout", _("Payout by person, {period} (the payroll file)").format(period=period.label), cols, rows,
                 presentation.totals_rows(rows, presentation.PERIOD_MONEY), totals_name="payout-totals")


def period_score(records: Records, period) -> Table:
    from salesctl.engines import score as engine
    from salesctl.reports import score as tables

    rows, cols = tables.period_rows(engine.score_period(records, period), period)
    return Table("score", _("Scores, {period}").format(period=period.label) + on_ids(records, 'K1 K3 K6'), cols, rows)


def period_tables(records: Records, period) -> list[Table]:
    """Every table of a quarter's or year's close: score --quarter, payout --quarter --by staff|line."""
    return [period_score(records, period), period_payout_staff(records, period), period_payout_lines(records, period)]


def period_totals(records: Records, period) -> dict[str, dict[str, str]]:
    """A quarter's or year's totals per department (the person's), then "all"."""
    from salesctl.engines.payout.period import payout_period

    pp = payout_period(records, period)
    acc: dict[str, dict] = {}

    def at(sid: str | None) -> list[dict]:
        s = records.staff.get(sid or "")
        name = (records.department_of(s) if s else None) or "(none)"
        return [acc.setdefault(n, {"people": 0, "credited": ZERO, "paid": ZERO, "flags": 0}) for n in (name, "all")]
    for sid, f in pp.people.items():
        for a in at(sid):
            a["people"] += 1
            a["credited"] += f.sales
    for x in pp.lines:
        for a in at(x.staff):
            a["paid"] += x.amount
            a["flags"] += x.kind == "flag"
    acc.setdefault("all", {"people": 0, "credited": ZERO, "paid": ZERO, "flags": 0})
    order = sorted(k for k in acc if k != "all") + ["all"]
    return {k: {"people scored": str(acc[k]["people"]), "credited sales": f"{acc[k]['credited']:.2f}",
                "payouts": f"{acc[k]['paid']:.2f}", "flags": str(acc[k]["flags"])} for k in order}


# ----------------------------------------------------------------------------- month-end
def month_tables(records: Records, month: str) -> list[Table]:
    """Every table of a month's close, in the order of summary.md; each is what the read
    command prints with --format csv (split --by deal|staff, score --month, payout --by staff|line)."""
    return [split_by_deal(records, month, script=True), split_by_staff(records, month),
            score_month(records, month), payout_staff(records, month), payout_lines(records, month)]


def on_ids(records: Records, ids: str) -> str:
    """' (P1, P5, T3)': those of the rule ids (space-separated) that some rule book in force runs."""
    on = [r for r in ids.split() if records.any_on(r)]
    return f" ({', '.join(on)})" if on else ""


def month_totals(records: Records, month: str) -> dict[str, str]:
    """The month's totals for the whole repository (the close tag's message)."""
    return department_totals(records, month)["all"]


# the rows of department_totals, as summary.md shows them in the records' language
TOTALS_ROWS = (N_("deals"), N_("refunds"), N_("credited sales"), N_("payouts"), N_("deductions"), N_("net payout"), N_("flags"))


def department_totals(records: Records, month: str) -> dict[str, dict[str, str]]:
    """The month's totals per department (by the department of the person credited or paid, and, for
    a deal, the department whose rule book split it: split_facts.deal_department), then "all" for the repository.
    A person in no department counts under "(none)"."""
    from salesctl.engines import payout as engine
    from salesctl.engines import split as split_engine
    from salesctl.engines.split_facts import deal_department

    def dept(sid: str | None) -> str:
        s = records.staff.get(sid or "")
        return (records.department_of(s) if s else None) or "(none)"

    acc: dict[str, dict] = {}

    def at(name: str) -> dict:
        return acc.setdefault(name, {"deals": 0, "refunds": 0, "credited": ZERO, "paid": ZERO, "deducted": ZERO, "flags": 0})

    for ds in split_engine.split_month(records, month):
        for name in (deal_department(records, ds.deal) or "(none)", "all"):   # the department that split it
            at(name)["refunds" if ds.deal.kind == "refund" else "deals"] += 1
        for ln in ds.lines:
            for name in (dept(ln.staff), "all"):
                at(name)["credited"] += ln.amount
    for x in engine.payout_month(records, month).lines:
        for name in (dept(x.staff), "all"):
            a = at(name)
            if x.amount is not None and x.amount > 0:
                a["paid"] += x.amount
            elif x.amount is not None and x.amount < 0:
                a["deducted"] += x.amount
            a["flags"] += x.kind == "flag"
    at("all")
    order = sorted(k for k in acc if k != "all") + ["all"]
    return {k: {"deals": str(acc[k]["deals"]), "refunds": str(acc[k]["refunds"]), "credited sales": f"{acc[k]['credited']:.2f}",
                "payouts": f"{acc[k]['paid']:.2f}", "deductions": f"{acc[k]['deducted']:.2f}",
                "net payout": f"{acc[k]['paid'] + acc[k]['deducted']:.2f}", "flags": str(acc[k]["flags"])} for k in order}
