"""Indicators (K4) of each person over a month, computed from the records, never typed in.

`month_indicators(records, month)` -> {staff id: PersonMonth}: every indicator of docs/scoring.md
with the records it came from. Pure: only records dated on or before the month's last day are
read (visits, leads, deals, activity, attendance, reviews), so adding later records changes
nothing in a month. Credited sales come only from the split engine (S1-S5).

The package: `registry.INDICATORS` names every indicator and its function, one small pure
function of a person's month (`context.Context`) each, grouped by area: sales.py, customers.py,
leads.py (L1, L2), events.py (L7, L8), visits.py (K8, T5), service.py (T3), activity.py (K7), training.py (K4, K9), reviews.py (K2-K4),
attendance.py (O3). periods.py holds periods, presence and targets (`parse_period`: a month is
"YYYY-MM", a quarter "YYYYQn", a year "YYYY").
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from salesctl.engines.indicators.context import Context
from salesctl.domain.staffing import Presence, presence, target_of
from salesctl.engines.indicators.registry import INDICATORS
from salesctl.engines.split import CreditLine, DealSplit, split_month
from salesctl.money import ZERO
from salesctl.records import Records
from salesctl.schema import Staff


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class PersonMonth:
    """Every indicator of one person in one month, with the records each came from."""

    staff: str
    name: str
    month: str
    channel: str
    role: str
    team: Optional[str]
    department: Optional[str]
    presence: Presence
    target_full: Optional[Decimal]          # the staff record's target
    values: dict                            # indicator -> Decimal | int | None
    evidence: dict                          # indicator -> tuple of "path:line"
    credit: tuple[tuple[DealSplit, CreditLine], ...] = ()   # the deals credited, with their split

    def get(self, name: str):
        return self.values.get(name)

    @property
    def sales(self) -> Decimal:
        return self.values["sales"]

    @property
    def target(self) -> Optional[Decimal]:
        return self.values["target"]

    @property
    def has_target(self) -> bool:
        return self.values["target"] is not None

    @property
    def missed(self) -> bool:
        return self.has_target and self.sales < self.target

    @property
    def counts(self) -> bool:
        """Counts for streaks and the department's and team's top (P2, P3): there that month with a target."""
        return self.presence.present and self.has_target


# ----------------------------------------------------------------------------- caches
def cache(records: Records) -> dict:
    return records.memo("indicators")


def memo(records: Records, key, fn):
    c = cache(records)
    if key not in c:
        c[key] = fn()
    return c[key]


def kept(records: Records, name: str, month: str, fn, encode, decode):
    """fn(), or what it gave for the same month of the same records state in an earlier run
    (records.kept: the cache keeps it, salesctl.cache.Kept). encode(value) must be plain data that
    decode gives back equal, every Decimal exactly; a kept value decode cannot read is computed again."""
    key = f"{name}:{'*' if records.book is None else records.book}:{month}"   # the whole, or one book's view ("": the rest)
    got = records.kept.get(key)
    if got is not None:
        try:
            return decode(got)
        except (TypeError, ValueError, KeyError, ArithmeticError):
            pass
    value = fn()
    records.kept.put(key, encode(value))
    return value


def by_book(records: Records, fn):
    """fn(records) -> {staff id: …}, computed for each rule book's people under that book's policy
    (records.books) and put together, in staff id order; fn(records) itself when one policy runs."""
    if not records.split_books:
        return fn(records)
    merged = {}
    for view in records.books:
        merged.update(fn(view))
    return dict(sorted(merged.items()))


# ----------------------------------------------------------------------------- the month
@dataclass(frozen=True)
class Basics:
    """What streaks need of a person's month (P2, P3): credited sales, there or not, target."""

    staff: str
    team: Optional[str]
    department: Optional[str]
    sales: Decimal
    target: Optional[Decimal]
    present: bool
    role: str = "member"
    channel: Optional[str] = None

    @property
    def counts(self) -> bool:
        return self.present and self.target is not None

    @property
    def missed(self) -> bool:
        return self.target is not None and self.sales < self.target


def month_basics(records: Records, month: str) -> dict[str, Basics]:
    """{staff id: Basics} for everyone employed or credited in the month: the light version of
    month_indicators that streaks read for earlier months."""
    return memo(records, ("basics", month), lambda: kept(
        records, "basics", month, lambda: by_book(records, lambda r: _month_basics(r, month)), _basics_rows, _basics_of))


def _basics_rows(basics: dict[str, Basics]) -> list:
    return [[b.staff, b.team, b.department, str(b.sales), None if b.target is None else str(b.target), b.present, b.role, b.channel]
            for b in basics.values()]


def _basics_of(rows: list) -> dict[str, Basics]:
    return {r[0]: Basics(r[0], r[1], r[2], Decimal(r[3]), None if r[4] is None else Decimal(r[4]), bool(r[5]), r[6], r[7])
            for r in rows}


def _month_basics(records: Records, month: str) -> dict[str, Basics]:
    from salesctl.engines.split import credited_by_staff

    credited = credited_by_staff(records, month)
    out = {}
    for sid, pres in month_presence(records, month).items():
        s = records.staff[sid]
        if pres.employed == 0 and sid not in credited:
            continue
        _, target = target_of(records, s, month, pres)
        out[sid] = Basics(sid, s.team, records.department_of(s), credited.get(sid, ZERO), target, pres.present, s.role, s.channel)
    return out


def month_presence(records: Records, month: str) -> dict[str, Presence]:
    """{staff id: Presence} of everyone in the month (of a rule book's view: its people), in staff id
    order: worked out once per month for month_basics (streaks read earlier months) and
    month_indicators alike (O2, O3)."""
    return memo(records, ("presence", month), lambda: by_book(records, lambda r: {
        sid: presence(r, s, month) for sid, s in sorted(r.staff.items()) if r.in_book(r.department_of(s))}))


def month_indicators(records: Records, month: str, via: Optional[str] = None) -> dict[str, PersonMonth]:
    """{staff id: PersonMonth} for everyone employed in the month or credited in it, in staff id order.

    `via`: a quarter or year (its label) being scored; a month without a review of its own then reads
    that period's review (001 reviews quarterly). Without it a month reads its own records only, so a
    quarter's review written after the month closed never changes the month."""
    return memo(records, ("month", month, via), lambda: by_book(records, lambda r: _month_indicators(r, month, via)))


def _month_indicators(records: Records, month: str, via: Optional[str] = None) -> dict[str, PersonMonth]:
    splits = split_month(records, month)
    by_staff: dict[str, list] = defaultdict(list)
    for ds in splits:
        for line in ds.lines:
            by_staff[line.staff].append((ds, line))
    out = {}
    for sid, pres in month_presence(records, month).items():
        s = records.staff[sid]
        if pres.employed == 0 and sid not in by_staff:
            continue
        out[sid] = person_month(records, s, month, pres, tuple(by_staff.get(sid, ())), via)
    return out


def week_indicators(records: Records, week) -> dict[str, PersonMonth]:
    """{staff id: PersonMonth} of an ISO week (calendar.Week, score --week): everyone employed some day
    of it or credited in it, each indicator over the week's days (the week's visits, activity, leads,
    sessions), the deals credited those signed in the week (the split of their month, S1-S5), the
    target the months' targets broken down by day (staffing.span_target); a week has no review. Its
    `month` is the week's label."""
    return memo(records, ("week", week.label), lambda: by_book(records, lambda r: _week_indicators(r, week)))


def _week_indicators(records: Records, week) -> dict[str, PersonMonth]:
    from salesctl.domain.staffing import presence_between

    by_staff: dict[str, list] = defaultdict(list)
    for month in week.months:
        for ds in split_month(records, month):
            if week.start <= ds.deal.signed <= week.end:
                for line in ds.lines:
                    by_staff[line.staff].append((ds, line))
    out = {}
    for sid, s in sorted(records.staff.items()):
        if not records.in_book(records.department_of(s)):
            continue
        pres = presence_between(records, s, week.start, week.end, week.label)
        if pres.employed == 0 and sid not in by_staff:
            continue
        out[sid] = person_month(records, s, week.label, pres, tuple(by_staff.get(sid, ())), window=(week.start, week.end))
    return out


def person_month(records: Records, s: Staff, month: str, pres: Presence, credit, via: Optional[str] = None,
                 window=None) -> PersonMonth:
    """Every indicator of INDICATORS for one person's month (or week: `window`, its first and last day),
    in the registry's order, each with its evidence (empty places dropped); `via` as for month_indicators."""
    ctx = Context(records, s, month, pres, credit, via, window)
    vals: dict = {}
    ev: dict = {}
    for name, indicator in INDICATORS.items():
        vals[name], ev[name] = indicator(ctx)
    full, _ = ctx.targets
    return PersonMonth(
        staff=s.id, name=s.name, month=month, channel=s.channel, role=s.role, team=s.team,
        department=records.department_of(s), presence=pres, target_full=full,
        values=vals, evidence={k: tuple(x for x in v if x) for k, v in ev.items()}, credit=credit,
    )


def compress(evidence) -> str:
    """'a.yaml:3', 'a.yaml:9', 'b.yaml:1' -> 'a.yaml:3,9; b.yaml:1' (order kept)."""
    groups: dict[str, list[str]] = {}
    for e in evidence:
        path, _, line = e.rpartition(":")
        groups.setdefault(path, [])
        if line not in groups[path]:
            groups[path].append(line)
    return "; ".join(f"{p}:{','.join(ls)}" for p, ls in groups.items())
