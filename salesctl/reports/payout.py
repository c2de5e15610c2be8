"""The payout's tables and statement, built from the payout engine's MonthPayout (P1-P7 lines with reasons).

    line_rows(records, mp) -> [dict]          one row per line (LINE_COLUMNS)
    staff_rows(records, mp) -> [dict]         one row per person (STAFF_COLUMNS), the payroll file
    totals_rows(rows, sums) -> [dict]         their department and grand totals (table view, --totals FILE)
    statement(records, month, staff_id) -> str   one person's statement, markdown
"""
from __future__ import annotations

from decimal import Decimal

from salesctl.document import Bullets, Document, Heading, Paragraph, Table
from salesctl.engines.payout import payout_month
from salesctl.engines.payout.lines import MONEY_KINDS, MonthPayout, fmt_pct, sum_words
from salesctl.engines.payout.lines import days_words as _days
from salesctl.engines.payout.lines import num as _num
from salesctl.engines.score import GRADES_ZH, q2
from salesctl.i18n import _, column, ngettext
from salesctl.money import ZERO, fmt
from salesctl.records import Records
from salesctl.render import markdown


# ----------------------------------------------------------------------------- rows
LINE_COLUMNS = ["month", "staff", "name", "team", "department", "rule", "code", "kind", "what", "amount", "days",
                "arithmetic", "evidence"]
STAFF_COLUMNS = ["row", "staff", "name", "team", "department", "sales", "target", "attainment", "grade", "top3",
                 "dept_top", "streaks", "commission", "grade_bonus", "titles", "rewards", "deductions", "total", "absent_days", "flags"]
# the rule whose lines a column adds up: a column of a rule that no policy in force runs is left out
COLUMN_RULES = {"grade": "K6", "top3": "P1", "dept_top": "P2", "streaks": "P2", "commission": "P4", "grade_bonus": "P4",
                "titles": "P6", "rewards": ("P8", "P7"), "deductions": "P5", "absent_days": "P5"}
_STAFF_SUMS = {"top3": ("top3",), "dept_top": ("dept-top",), "streaks": ("team-streak", "dept-streak"),
               "commission": ("commission",), "grade_bonus": ("grade-bonus",), "titles": ("title",),
               "rewards": ("target-bonus", "training-subsidy", "referral", "fail-penalty"),   # P7, P8: less P8's penalty
               "deductions": ("late", "half-day", "full-day", "deduction-limit")}


def staff_columns(records: Records) -> list[str]:
    """STAFF_COLUMNS without those of rules that are off (rules.<id>: off) in every policy in force."""
    def on(c):
        rules = COLUMN_RULES[c]
        return any(records.any_on(r) for r in ((rules,) if isinstance(rules, str) else rules))
    return [c for c in STAFF_COLUMNS if c not in COLUMN_RULES or on(c)]


def _who(records: Records, sid: str) -> dict:
    s = records.staff.get(sid)
    return {"staff": sid, "name": s.name if s else "", "team": (s.team if s else None) or "",
            "department": (records.department_of(s) if s else None) or ""}


def line_rows(records: Records, mp) -> list[dict]:
    """One row per line (payroll and flags), in the payout's order (a MonthPayout, or a PeriodPayout:
    its column "period" in place of "month")."""
    key, label = ("month", mp.month) if isinstance(mp, MonthPayout) else ("period", mp.period.label)
    return [{key: label, **_who(records, x.staff), "rule": x.rule, "code": x.code, "kind": x.kind, "what": x.what,
             "amount": x.amount, "days": x.days, "arithmetic": x.arithmetic, "evidence": list(x.evidence)}
            for x in mp.lines]


# ----------------------------------------------------------------------------- a quarter or a year (K11, P4, P7)
PERIOD_LINE_COLUMNS = ["period", *LINE_COLUMNS[1:]]
PERIOD_STAFF_COLUMNS = ["row", "staff", "name", "team", "department", "sales", "target", "target_from", "attainment",
                        "composite", "grade", "quarter_bonus", "year_bonus", "titles", "total", "flags"]


def flag_counts(lines) -> list[str]:
    """The flags among a person's lines for the staff column, each rule and code once, in the order first
    met, with how many there are when more than one: ["L1 lead-minimum x4", "K9 missed-training"]."""
    counts: dict[str, int] = {}
    for x in lines:
        if x.kind == "flag":
            key = f"{x.rule} {x.code}"
            counts[key] = counts.get(key, 0) + 1
    return [f"{k} x{n}" if n > 1 else k for k, n in counts.items()]


def period_staff_rows(records: Records, pp) -> list[dict]:
    """A PeriodPayout's rows: one per person scored in the period or with a line (column row: staff);
    their totals are totals_rows(rows, PERIOD_MONEY)."""
    sids = set(pp.people) | {x.staff for x in pp.lines}
    rows = []
    for sid in sids:
        f = pp.people.get(sid)
        mine = pp.lines_of(sid)
        rows.append({"row": "staff", **_who(records, sid), "sales": f.sales if f else ZERO, "target": f.target if f else None,
                     "target_from": f.target_how if f else "", "attainment": f.attainment if f else None,
                     "composite": f.composite if f else None, "grade": f.grade if f else None,
                     "quarter_bonus": sum((x.amount for x in mine if x.code == "quarter-bonus"), ZERO),
                     "year_bonus": sum((x.amount for x in mine if x.code == "year-bonus"), ZERO),
                     "titles": sum((x.amount for x in mine if x.code == "title"), ZERO),
                     "total": sum((x.amount for x in mine), ZERO), "flags": flag_counts(mine)})
    rows.sort(key=lambda r: (r["department"], r["team"], r["staff"]))
    return rows


PERIOD_MONEY = ("sales", "quarter_bonus", "year_bonus", "titles", "total")
STAFF_MONEY = ("sales", "top3", "dept_top", "streaks", "commission", "grade_bonus", "titles", "rewards", "deductions", "total")


def totals_rows(rows: list[dict], sums: tuple[str, ...], days: bool = False) -> list[dict]:
    """The totals of people's rows (staff_rows, period_staff_rows): one per department (column row:
    department) and a grand total (row: total); money columns `sums` added up, the target the sum of
    the targets set, absent days added up when `days`. Shown in the table view and written by
    `payout --totals FILE`; never in the payroll file itself."""
    def total(label_row: str, dept: str, rs: list[dict]) -> dict:
        targets = [r["target"] for r in rs if r["target"] is not None]
        t = {"row": label_row, "staff": "", "name": "total" if label_row == "total" else f"total {dept or '(no department)'}",
             "team": "", "department": dept, "target": sum(targets, ZERO) if targets else None, "target_from": "",
             "attainment": None, "composite": None, "grade": None, "flags": [],
             **{c: sum((r[c] for r in rs), ZERO) for c in sums}}
        if days:
            t["absent_days"] = sum((r["absent_days"] for r in rs), Decimal(0))
        return t
    out = [total("department", dept, [r for r in rows if r["department"] == dept])
           for dept in sorted({r["department"] for r in rows})]
    return out + [total("total", "", rows)]


def period_statement(records: Records, period, staff_id: str) -> str:
    """One person's statement for a quarter or a year, markdown: sales and target (K11), the period's
    grade from its months (K1, K3, K6), and the period's lines."""
    from salesctl.engines.payout.period import payout_period

    pp = payout_period(records, period)
    s = records.staff[staff_id]
    f = pp.people.get(staff_id)
    doc = Document([Heading(_("Payout statement: {name} ({staff}), {period}").format(name=s.name, staff=s.id, period=period.label))])
    if f is None:
        doc.add(Paragraph.of(_("Not scored in {period} (not employed, or a role not in score.roles): no period lines.").format(period=period.label)))
        return markdown(doc)
    attain = f"{q2(f.attainment)}%" if f.attainment is not None else "-"
    doc.add(Heading(_("1. Sales and target (K11)"), 2),
            Paragraph.of(_("Credited sales, {first} to {last}: **{sales}**.").format(first=period.months[0], last=period.months[-1], sales=fmt(f.sales)),
                         _("Target: {target} ({how}); attainment {attainment}.").format(
                             target=fmt(f.target) if f.target is not None else _('none'), how=f.target_how, attainment=attain)))
    rows = tuple((m, str(c) if c is not None else _("not reviewed"), _num(w)) for m, c, w in f.months)
    doc.add(Heading(_("2. The period's review (K1, K3, K6)"), 2),
            Table((_("month"), _("composite"), _("weight")), rows, ("l", "r", "r")),
            Paragraph.of(_("Composite: weighted mean of the months reviewed = **{composite}**").format(
                composite=f.composite if f.composite is not None else '-') + _grade_words(f.grade) + "."))
    doc.add(Heading(_("3. Payout lines"), 2), *_money(pp, staff_id, pp.lines_of(staff_id), period.label))
    flags = [x for x in pp.lines_of(staff_id) if x.kind == "flag"]
    doc.add(Heading(_("4. Flags"), 2), Bullets(tuple(f"**{x.rule}** {x.what} ({x.arithmetic})" for x in flags)) if flags else Paragraph.of(_("None.")))
    return markdown(doc)


def staff_rows(records: Records, mp: MonthPayout) -> list[dict]:
    """One row per person (everyone employed in the month or with a line; column row: staff), the
    payroll file; their totals are totals_rows(rows, STAFF_MONEY, days=True)."""
    sids = {sid for sid, pm in mp.people.items() if pm.presence.employed > 0} | {x.staff for x in mp.lines}
    rows = []
    for sid in sids:
        pm = mp.people.get(sid)
        ms = mp.scores.get(sid)
        mine = mp.lines_of(sid)
        row = {"row": "staff", **_who(records, sid),
               "sales": pm.sales if pm else ZERO, "target": pm.target if pm else None,
               "attainment": pm.get("attainment") if pm else None, "grade": ms.grade if ms else None}
        for col, codes in _STAFF_SUMS.items():
            row[col] = sum((x.amount for x in mine if x.code in codes), ZERO)
        row["total"] = sum((x.amount for x in mine), ZERO)
        row["absent_days"] = sum((x.days for x in mine if x.days is not None), Decimal(0))
        row["flags"] = flag_counts(mine)
        rows.append(row)
    rows.sort(key=lambda r: (r["department"], r["team"], r["staff"]))
    return rows


# ----------------------------------------------------------------------------- statement
DEDUCTION_CODES = ("late", "half-day", "full-day")


def statement(records: Records, month: str, staff_id: str) -> str:
    """One person's payout statement for the month, markdown: every step with its rule and arithmetic."""
    return markdown(statement_document(records, month, staff_id))


def statement_document(records: Records, month: str, staff_id: str) -> Document:
    """The statement as a Document: who, credited sales (S1-S5), target (K5), score (K4, K6),
    payout lines, days absent (P5) and flags."""
    from salesctl.engines.score import month_score_of

    mp = payout_month(records, month)
    s = records.staff[staff_id]
    pm = mp.people.get(staff_id)
    ms = month_score_of(records, month, staff_id)
    team = records.teams.get(s.team or "")
    who = [_("team {name} ({team})").format(name=team.name, team=team.id) if team else _("no team"),
           _("department {department}").format(department=records.department_of(s) or '-'),
           _("channel {channel}").format(channel=s.channel), _("role {role}").format(role=s.role)]
    if pm is not None:
        who.append(pm.presence.words())
    policy = records.policies.of(records.department_of(s))
    mine = mp.lines_of(staff_id)
    reports = [x for x in mine if x.kind == "report" and x.days is not None]   # P5's absent days
    flags = [x for x in mine if x.kind == "flag" or (x.kind == "report" and x.days is None)]   # and P6's title withheld
    steps = [
        (_("Sales credited to you") + _ids(policy, SPLIT_IDS, _('split rules ')), _credited(records, pm), None),
        (_("Target and attainment") + _ids(policy, ('K5',)), [_target(pm)], None),
        (_("Score") + _ids(policy, ('K4', 'K6')), _score(records, pm, ms), None),
        (_("Payout lines"), _money(mp, staff_id, mine), None),
        (_("Days of pay to deduct, for payroll (P5)"),
         [Paragraph(tuple(ngettext("{days} day(s) of pay: {how}. Deducted by payroll.", "{days} day(s) of pay: {how}. Deducted by payroll.",
                                   2 if x.days != 1 else 1).format(days=_days(x.days), how=x.arithmetic) for x in reports) or (_("None."),))], "P5"),
        (_("Flags"), [Bullets(tuple(f"**{x.rule}** {x.what}" + (f" ({x.arithmetic})" if x.arithmetic else "")
                                    + ((_("; evidence: ") + ", ".join(x.evidence)) if x.evidence else "")
                                    for x in flags)) if flags else Paragraph.of(_("None."))], None),
    ]
    doc = Document([Heading(_("Payout statement: {name} ({staff}), {period}").format(name=s.name, staff=s.id, period=month)),
                    Paragraph.of(", ".join(who) + ".")])
    for n, (title, blocks, rule) in enumerate(((t, b, r) for t, b, r in steps if r is None or policy.on(r)), 1):
        doc.add(Heading(f"{n}. {title}", 2), *blocks)   # a step of a rule that is off is left out
    return doc


SPLIT_IDS = ("S1", "S2", "S3", "S4", "S5")


def _ids(policy, ids, words: str = "") -> str:
    """' (S2, S5)': the rule ids of a step that the person's rule book runs ('' when none)."""
    on = [r for r in ids if policy.on(r)]
    return f" ({words}{', '.join(on)})" if on else ""


def _credited(records: Records, pm) -> list:
    credit = pm.credit if pm else ()
    if not credit:
        return [Paragraph.of(_("No deal credited this month: credited sales 0.00."))]
    rows = []
    for ds, line in credit:
        d = ds.deal
        lead = records.leads.get(d.lead)
        kind = d.kind + (_(" of {deal}").format(deal=d.refund_of) if d.refund_of else "")
        rows.append((d.id, str(d.signed), lead.name if lead else d.lead, kind, fmt(d.amount),
                     fmt_pct(line.share), fmt(line.amount), f"{line.rule} {line.rule_name}"))
    table = Table((_("deal"), _("signed"), _("customer"), _("kind"), _("deal amount"), _("your share"), _("credited"), _("rule")), tuple(rows),
                  ("l", "l", "l", "l", "r", "r", "r", "l"))
    return [table, Paragraph.of(_("Credited sales: ") + sum_words(line.amount for _ds, line in credit) + f" = **{fmt(pm.sales)}**")]


def _target(pm) -> Paragraph:
    if pm is None or not pm.has_target:
        return Paragraph.of(_("No target set for this month: no commission, no department-top bonus, and the month does not count toward streaks."))
    if pm.target != pm.target_full:
        first = _("Target {full}, prorated for {employed} of {days} days: {full} x {employed}/{days} = {target}.").format(
            full=fmt(pm.target_full), employed=pm.presence.employed, days=pm.presence.days_in_month, target=fmt(pm.target))
    else:
        first = _("Target {target}.").format(target=fmt(pm.target))
    return Paragraph.of(first, _("Attainment: {sales} / {target} = {attainment}%").format(
        sales=fmt(pm.sales), target=fmt(pm.target), attainment=q2(pm.get('attainment')))
                        + (_(" (target missed).") if pm.missed else _(" (target reached).")))


def _score(records: Records, pm, ms) -> list:
    if ms is not None and ms.composite is None and pm is not None and not pm.presence.present:
        return [Paragraph.of(_("Not reviewed this month: not there (on leave for all of your working days)."))]
    if ms is not None and ms.composite is None and pm is not None and not pm.has_target \
            and records.policies.of(pm.department).score.needs_target:   # the person's own rule book
        return [Paragraph.of(_("Not reviewed this month: no sales target (score.needs_target)."))]
    if ms is None or not ms.items:
        return [Paragraph.of(_("No composite this month."))]
    rows = []
    for it in ms.items:
        if it.points is None:
            rows.append((column(it.indicator), "-", _num(it.target), _("left out (no value)"), _num(it.weight), "-"))
        else:
            rows.append((column(it.indicator), _num(it.value), _num(it.target), _("{ratio} (cap {cap})").format(ratio=q2(it.ratio), cap=_num(it.cap)),
                         _num(it.weight), str(q2(it.points))))
    out = [Table((_("indicator"), _("value"), _("target"), _("ratio (capped)"), _("weight"), _("points")), tuple(rows),
                 ("l", "r", "r", "r", "r", "r"))]
    if any(it.points is not None for it in ms.items) and ms.composite is not None:
        from salesctl.engines.score import composite_words

        grade = _grade_words(ms.grade)   # none when K6 is off
        out.append(Paragraph.of(_("Composite: {composite}").format(composite=composite_words(ms.items, f'**{ms.composite}**', ms.scale))
                                + grade + _("; rank {team_rank} in team, {dept_rank} in department.").format(
                                    team_rank=ms.team_rank or '-', dept_rank=ms.dept_rank or '-')))
    return out


def _grade_words(grade) -> str:
    """' -> grade **excellent** (优秀)' ('' without a grade)."""
    return _(" -> grade **{grade}** ({grade_zh})").format(grade=grade, grade_zh=GRADES_ZH[grade]) if grade else ""


def _money(mp, staff_id: str, mine, when: str | None = None) -> list:
    money = [x for x in mine if x.kind in MONEY_KINDS]
    if not money:
        return [Paragraph.of(_("No bonus or deduction this month: total **0.00**.") if when is None
                             else _("No bonus or deduction in {period}: total **0.00**.").format(period=when))]
    out = [Table((_("rule"), _("line"), _("arithmetic"), _("amount")), tuple((x.rule, x.what, x.arithmetic, fmt(x.amount)) for x in money),
                 ("l", "l", "l", "r")),
           Paragraph.of(_("Total: ") + (sum_words(x.amount for x in money if x.amount != 0) or "0.00")
                        + f" = **{fmt(mp.total_of(staff_id))}**")]
    evidence = tuple(f"{x.rule} {x.what}: " + "; ".join(x.evidence) for x in money
                     if len(x.evidence) > 0 and x.code in DEDUCTION_CODES)
    if evidence:
        out.append(Bullets(evidence))
    return out
