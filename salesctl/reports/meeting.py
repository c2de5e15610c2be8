"""The meeting report (K11: 周例会 with bar and line charts) and the month-end summary, as plain data.

    meeting(records, period, team=None) -> Meeting

A Meeting holds the figures the page and the summary show, each taken from the engines the read
commands print from, so the page's numbers are `score` and `payout` figures to the cent:

- leaderboard: everyone scored, best first by composite, then credited sales (K4, K6);
- teams: each team's credited sales against its target (the team's own, else its people's), bars;
- trend: each person's credited sales over the last `report.trend_months` months (S1-S5), lines;
- funnel: the telesales funnel calls -> effective -> intention -> orders (K7), per person and all;
- flags: the period's flags (payout lines of kind flag), by person;
- payout: the payroll rows (`payout --by staff`), a month only: pay is monthly;
- complaints: the period's complaints by category (T3, 003 「對客戶投訴進行分析總結」): received,
  answered within limits.complaint_hours, resolved, still open.

Pure: records in, data out; rendering is salesctl/reports/html.py (the page) and
closing.summary_document (summary.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from salesctl.domain.calendar import shift_month
from salesctl.money import ZERO
from salesctl.records import Records

HUNDRED = Decimal(100)
FUNNEL = ("calls", "effective", "intention", "orders")   # K7, in the funnel's order


@dataclass(frozen=True)
class Standing:
    """One row of the leaderboard."""
    rank: int
    staff: str
    name: str
    team: str
    department: str
    sales: Decimal
    target: Optional[Decimal]
    attainment: Optional[Decimal]
    composite: Optional[Decimal]
    grade: Optional[str]


@dataclass(frozen=True)
class TeamFigure:
    team: str
    name: str
    department: str
    sales: Decimal
    target: Optional[Decimal]

    @property
    def attainment(self) -> Optional[Decimal]:
        return (self.sales * HUNDRED / self.target).quantize(Decimal("0.01")) if self.target else None


@dataclass(frozen=True)
class Flag:
    staff: str
    name: str
    rule: str
    code: str
    what: str


@dataclass(frozen=True)
class Meeting:
    period: str                                   # 2026-10, 2026-W43
    kind: str                                     # month, week
    team: Optional[str]
    leaderboard: tuple[Standing, ...]
    teams: tuple[TeamFigure, ...]
    months: tuple[str, ...]                       # the trend's months, oldest first
    trend: tuple[tuple[str, str, str, tuple[Decimal, ...]], ...]   # (staff, name, team, sales per month)
    funnel: tuple[tuple[str, str, tuple[int, ...]], ...]          # (staff, name, FUNNEL counts); telesales only
    flags: tuple[Flag, ...]
    payout_columns: tuple[str, ...] = ()
    payout: tuple[dict, ...] = ()
    missed: tuple[Standing, ...] = field(default=())    # with a target, below it
    complaints: tuple[tuple[str, int, int, int, int], ...] = ()   # (category, received, answered on time, resolved, open)

    @property
    def funnel_total(self) -> tuple[int, ...]:
        return tuple(sum(c[i] for _, _, c in self.funnel) for i in range(len(FUNNEL)))

    def flags_by_kind(self) -> dict[tuple[str, str], int]:
        """(rule, code) -> how many, in the order first met."""
        out: dict = {}
        for f in self.flags:
            out[(f.rule, f.code)] = out.get((f.rule, f.code), 0) + 1
        return out


def meeting(records: Records, period, team: Optional[str] = None) -> Meeting:
    """The figures of `period` (a calendar Period of kind month, or a calendar Week) for the whole
    repository or one team's people."""
    from salesctl.reports import payout_staff

    week = not hasattr(period, "kind")
    label = period.label
    scores, lines = _scores_and_flags(records, period)
    ours = [m for m in scores if not team or m.person.team == team]
    board = _leaderboard(records, ours)
    last = period.months[-1]
    months = tuple(shift_month(last, -i) for i in reversed(range(records.policy.report.trend_months)))
    people = {m.staff for m in ours}
    flags = tuple(Flag(x.staff, _name(records, x.staff), x.rule, x.code, x.what)
                  for x in lines if x.kind == "flag" and (not team or _team(records, x.staff) == team))
    cols, pay = (), ()
    if not week:
        t = payout_staff(records, label)
        cols, pay = tuple(t.columns), tuple(r for r in t.rows if not team or r["team"] == team)
    return Meeting(
        period=label, kind="week" if week else "month", team=team, leaderboard=board,
        teams=_teams(records, ours, label, team), months=months, trend=_trend(records, months, people),
        funnel=tuple((m.staff, m.person.name, tuple(int(m.person.get(k) or 0) for k in FUNNEL))
                     for m in ours if m.person.channel == "telesales"),
        flags=flags, payout_columns=cols, payout=pay,
        missed=tuple(s for s in board if s.target is not None and s.sales < s.target),
        complaints=_complaints(records, period, team))


def _complaints(records: Records, period, team: Optional[str]) -> tuple:
    """T3 complaint analysis: the complaints received in the period (by the business zone's date),
    of one team's people when `team`, counted by category (uncategorised last, as "-"): received,
    answered within limits.complaint_hours, resolved (by now), still open."""
    import datetime as dt

    from salesctl.domain.calendar import local_date, month_of, zone_of

    z = zone_of(records.policy)
    limit = dt.timedelta(hours=records.policy.limits.complaint_hours)
    week = not hasattr(period, "kind")
    out: dict[str, list[int]] = {}
    for v in records.visits_by_kind.get("complaint", ()):
        d = local_date(v.at, z)
        if not ((period.start <= d <= period.end) if week else month_of(d) in period.months):
            continue
        if team and _team(records, v.staff) != team:
            continue
        c = out.setdefault(v.category or "-", [0, 0, 0, 0])
        c[0] += 1
        c[1] += v.answered is not None and v.answered - v.at <= limit
        c[2] += v.resolved is not None
        c[3] += v.resolved is None
    return tuple((k, *out[k]) for k in sorted(out, key=lambda k: (k == "-", -out[k][0], k)))


def _scores_and_flags(records: Records, period):
    """The period's scorecards (score_month, or score_week for a week) and payout lines."""
    from salesctl.engines import payout, score

    if not hasattr(period, "kind"):
        return score.score_week(records, period), payout.payout_week(records, period).lines
    return score.score_month(records, period.label), payout.payout_month(records, period.label).lines


def _leaderboard(records: Records, scores) -> tuple[Standing, ...]:
    def key(m):
        return (m.composite is None, -(m.composite or 0), -m.person.sales, m.staff)
    out = []
    for i, m in enumerate(sorted(scores, key=key), 1):
        pm = m.person
        att = pm.get("attainment")
        out.append(Standing(i, pm.staff, pm.name, pm.team or "", pm.department or "", pm.sales, pm.target,
                            None if att is None else Decimal(att).quantize(Decimal("0.01")), m.composite, m.grade))
    return tuple(out)


def _teams(records: Records, scores, label: str, only: Optional[str]) -> tuple[TeamFigure, ...]:
    """Each team with people scored: credited sales, and the team's target for the period when the
    team record sets one (K11), else the sum of its people's targets."""
    acc: dict[str, list] = {}
    for m in scores:
        if m.person.team:
            acc.setdefault(m.person.team, []).append(m.person)
    out = []
    for tid in sorted(acc):
        t = records.teams.get(tid)
        own = t.targets.get(label) if t else None
        given = [pm.target for pm in acc[tid] if pm.target is not None]
        target = Decimal(own) if own else (sum(given, ZERO) if given else None)
        out.append(TeamFigure(tid, t.name if t else tid, (t.department if t else None) or "",
                              sum((pm.sales for pm in acc[tid]), ZERO), target))
    return tuple(out)


def _trend(records: Records, months, people) -> tuple:
    from salesctl.engines.indicators import month_basics

    by_month = [month_basics(records, m) for m in months]
    out = []
    for sid in sorted(people, key=lambda s: ((records.staff[s].team or ""), s)):
        s = records.staff[sid]
        out.append((sid, s.name, s.team or "", tuple(b[sid].sales if sid in b else ZERO for b in by_month)))
    return tuple(out)


def _name(records: Records, sid: str) -> str:
    s = records.staff.get(sid)
    return s.name if s else ""


def _team(records: Records, sid: str) -> str:
    s = records.staff.get(sid)
    return (s.team if s else None) or ""


# ----------------------------------------------------------------------------- the summary a manager reads
def summary_document(records: Records, m: Meeting, heading: str, notes=(), departments: Optional[dict] = None):
    """summary.md of a close (and `report` without --html): totals by department (`departments`:
    reports.department_totals) and by team, the top `report.top` by credited sales, who missed
    target, the flags counted by kind, and where the full tables are. A Document (salesctl.document)."""
    from salesctl.document import Bullets, Document, Heading, Paragraph
    from salesctl.document import Table as DocTable
    from salesctl.i18n import _, column
    from salesctl.render import cell

    doc = Document([Heading(heading)])
    if notes:
        doc.add(Bullets(tuple(notes)))
    if departments:
        doc.add(Heading(_("Totals by department"), 2),
                DocTable(("", *(_(d) if d == "all" else d for d in departments)), tuple((_(k), *(t[k] for t in departments.values()))
                                                         for k in departments["all"]),
                         ("l", *("r" for _k in departments))))
    if m.teams:
        paid: dict[str, Decimal] = {}
        for r in m.payout:
            paid[r["team"]] = paid.get(r["team"], ZERO) + (r.get("total") or ZERO)
        flags: dict[str, int] = {}
        for f in m.flags:
            flags[_team(records, f.staff)] = flags.get(_team(records, f.staff), 0) + 1
        people: dict[str, int] = {}
        for s in m.leaderboard:
            people[s.team] = people.get(s.team, 0) + 1
        cols = ("team", "team_name", "people", "sales", "target", "attainment", *(("payout",) if m.payout else ()), "flags")
        rows = []
        for t in m.teams:
            row = {"team": t.team, "team_name": t.name, "people": people.get(t.team, 0), "sales": t.sales, "target": t.target,
                   "attainment": t.attainment, "payout": paid.get(t.team, ZERO), "flags": flags.get(t.team, 0)}
            rows.append(tuple(cell(row[c]) for c in cols))
        doc.add(Heading(_("Totals by team"), 2),
                DocTable(tuple(column(c) for c in cols), tuple(rows), ("l", "l", "r", "r", "r", "r", *(("r",) if m.payout else ()), "r")))
    n = records.policy.report.top
    top = sorted((s for s in m.leaderboard if s.sales > 0), key=lambda s: (-s.sales, s.staff))[:n]
    if n:
        doc.add(Heading(_("Top {n} by credited sales").format(n=n), 2))
        doc.add(Paragraph(tuple(_("{place}. {name} ({staff}, {team}): {sales}").format(
                place=i, name=s.name, staff=s.staff, team=s.team or "-", sales=cell(s.sales)) for i, s in enumerate(top, 1)))
                if top else Paragraph.of(_("Nobody was credited a sale.")))
    doc.add(Heading(_("Missed target"), 2))
    doc.add(Bullets(tuple(_("{name} ({staff}, {team}): {sales} of {target} ({attainment}%)").format(
        name=s.name, staff=s.staff, team=s.team or "-", sales=cell(s.sales), target=cell(s.target), attainment=cell(s.attainment))
        for s in m.missed)) if m.missed else Paragraph.of(_("Everyone with a target reached it.")))
    doc.add(Heading(_("Flags by kind"), 2))
    kinds = m.flags_by_kind()
    doc.add(DocTable((column("rule"), column("code"), column("count")),
                     tuple((rule, code, str(k)) for (rule, code), k in kinds.items()), ("l", "l", "r"))
            if kinds else Paragraph.of(_("No flags.")))
    if m.complaints:
        doc.add(Heading(_("Complaints by category"), 2),
                DocTable((column("category"), column("complaints"), column("answered_on_time"), column("resolved"), column("open")),
                         tuple((c, *(str(x) for x in n)) for c, *n in m.complaints), ("l", "r", "r", "r", "r")))
    return doc
