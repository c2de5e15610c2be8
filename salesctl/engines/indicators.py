"""Indicators (K4) of each person over a month, computed from the records, never typed in.

`month_indicators(records, month)` -> {staff id: PersonMonth}: every indicator of docs/scoring.md
with the records it came from. Pure: only records dated on or before the month's last day are
read (visits, leads, deals, activity, attendance, reviews), so adding later records changes
nothing in a month. Credited sales come only from the split engine (S1-S5).

Periods: a month is "YYYY-MM", a quarter "YYYYQn", a year "YYYY" (salesctl.domain.calendar.parse_period).
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from salesctl.domain.calendar import local_date, midnight, month_bounds, zone_of
from salesctl.domain.staffing import Presence, presence, target_of
from salesctl.engines.split import CreditLine, DealSplit, split_month
from salesctl.money import ZERO, allocate
from salesctl.records import Records
from salesctl.schema import Staff

HUNDRED = Decimal(100)
NOT_SALES = ("refund", "adjustment")   # deal kinds that are not a purchase


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


def where(records: Records, rec) -> str:
    path, line = records.where(rec)
    return f"{path}:{line}" if path else ""


def leads_submitted(records: Records, staff_id: str, start: dt.date, end: dt.date) -> list:
    """Leads a person submitted (L1, L2) with their creation day in [start, end], business time zone."""
    z = zone_of(records.policy)
    return [x for x in records.leads_by_submitter.get(staff_id, ())
            if start <= local_date(x.created, z) <= end]


def visits_in(records: Records, staff_id: str, start: dt.date, end: dt.date) -> list:
    """A person's visits with their day (business time zone) in [start, end], in time order."""
    z = zone_of(records.policy)
    vs = records.visits_by_staff.get(staff_id, ())
    lo = midnight(start, z)
    hi = midnight(end + dt.timedelta(days=1), z)
    return vs[bisect.bisect_left(vs, lo, key=lambda v: v.at):bisect.bisect_left(vs, hi, key=lambda v: v.at)]


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

    @property
    def counts(self) -> bool:
        return self.present and self.target is not None

    @property
    def missed(self) -> bool:
        return self.target is not None and self.sales < self.target


def month_basics(records: Records, month: str) -> dict[str, Basics]:
    """{staff id: Basics} for everyone employed or credited in the month: the light version of
    month_indicators that streaks read for earlier months."""
    def build():
        from salesctl.engines.split import credited_by_staff

        credited = credited_by_staff(records, month)
        out = {}
        for sid in sorted(records.staff):
            s = records.staff[sid]
            pres = presence(records, s, month)
            if pres.employed == 0 and sid not in credited:
                continue
            _, target = target_of(records, s, month, pres)
            out[sid] = Basics(sid, s.team, records.department_of(s), credited.get(sid, ZERO), target, pres.present, s.role)
        return out
    return memo(records, ("basics", month), build)


def month_indicators(records: Records, month: str) -> dict[str, PersonMonth]:
    """{staff id: PersonMonth} for everyone employed in the month or credited in it, in staff id order."""
    return memo(records, ("month", month), lambda: _month_indicators(records, month))


def _month_indicators(records: Records, month: str) -> dict[str, PersonMonth]:
    splits = split_month(records, month)
    by_staff: dict[str, list] = defaultdict(list)
    for ds in splits:
        for line in ds.lines:
            by_staff[line.staff].append((ds, line))
    start, end = month_bounds(month)
    out = {}
    for sid in sorted(records.staff):
        s = records.staff[sid]
        pres = presence(records, s, month)
        if pres.employed == 0 and sid not in by_staff:
            continue
        out[sid] = person_month(records, s, month, pres, tuple(by_staff.get(sid, ())))
    return out


def _mean(xs) -> Decimal | None:
    xs = list(xs)
    return sum(xs, Decimal(0)) / len(xs) if xs else None


def _pct(a, b) -> Decimal | None:
    return Decimal(a) * HUNDRED / Decimal(b) if b else None


def _median(xs) -> Decimal | None:
    xs = sorted(xs)
    if not xs:
        return None
    k = len(xs) // 2
    return Decimal(xs[k]) if len(xs) % 2 else (Decimal(xs[k - 1]) + Decimal(xs[k])) / 2


def _d(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def person_month(records: Records, s: Staff, month: str, pres: Presence, credit) -> PersonMonth:
    pol = records.policy
    z = zone_of(records.policy)
    start, end = month_bounds(month)
    vals: dict = {}
    ev: dict = {}

    # -- sales (split engine: S1-S5) -------------------------------------------------------
    sales = sum((line.amount for _, line in credit), ZERO)
    vals["sales"] = sales
    ev["sales"] = tuple(where(records, ds.deal) for ds, _ in credit)
    profit = ZERO
    profit_ev = []
    for ds, line in credit:
        weights = [(i, ln.share) for i, ln in enumerate(ds.lines)]
        if ds.deal.profit is None or sum(w for _, w in weights) <= 0:
            continue
        sign = -1 if ds.deal.kind == "refund" else 1
        parts = dict(allocate(Decimal(ds.deal.profit) * sign, weights))
        profit += parts[ds.lines.index(line)]
        profit_ev.append(where(records, ds.deal))
    vals["profit"] = profit
    ev["profit"] = tuple(profit_ev)

    full, target = target_of(records, s, month, pres)
    vals["target"] = target
    ev["target"] = (where(records, s),) if full is not None else ()
    vals["attainment"] = sales * HUNDRED / target if target else None
    ev["attainment"] = ev["sales"] + ev["target"] if target else ()

    # customers credited this month (positive credit on a purchase)
    bought = [(ds, line) for ds, line in credit if line.amount > 0 and ds.deal.kind not in NOT_SALES]
    new = {}
    for ds, line in bought:
        if ds.deal.kind == "new":
            new.setdefault(ds.deal.lead, ds.deal)
    vals["new_customers"] = len(new)
    ev["new_customers"] = tuple(where(records, d) for d in new.values())
    customers: dict[str, dt.date] = {}
    cust_deal = {}
    for ds, _ in bought:
        if ds.deal.lead not in customers or ds.deal.signed < customers[ds.deal.lead]:
            customers[ds.deal.lead] = ds.deal.signed
            cust_deal[ds.deal.lead] = ds.deal
    vals["customers"] = len(customers)
    ev["customers"] = tuple(where(records, d) for d in cust_deal.values())
    repeat = []
    for lead_id, first in customers.items():
        earlier = [d for d in records.deals_by_lead.get(lead_id, ()) if d.signed < first and d.kind not in NOT_SALES]
        if earlier:
            repeat.append(earlier[0])
    vals["repeat_rate"] = _pct(len(repeat), len(customers))
    ev["repeat_rate"] = tuple(where(records, d) for d in repeat)
    referrers = []
    for lead_id in customers:
        refs = [x for x in records.referrals.get(lead_id, ()) if local_date(x.created, z) <= end]
        if refs:
            referrers.append(min(refs, key=lambda x: (x.created, x.id)))
    vals["referral_rate"] = _pct(len(referrers), len(customers))
    ev["referral_rate"] = tuple(where(records, x) for x in referrers)
    cycles = []
    for lead_id, d in new.items():
        lead = records.leads.get(lead_id)
        first = local_date(lead.created, z) if lead else d.signed
        vs = [local_date(v.at, z) for v in records.visits_by_lead.get(lead_id, ()) if local_date(v.at, z) <= d.signed]
        if vs:
            first = min(first, vs[0])
        cycles.append(max(0, (d.signed - first).days))
    vals["sales_cycle_days"] = _median(cycles)
    ev["sales_cycle_days"] = ev["new_customers"]

    company = [(ds, line) for ds, line in credit if getattr(records.leads.get(ds.deal.lead), "company", None)]
    companies = {}
    for ds, line in company:
        if line.amount > 0 and ds.deal.kind == "new":
            companies.setdefault(ds.deal.lead, ds.deal)
    vals["companies"] = len(companies)
    ev["companies"] = tuple(where(records, d) for d in companies.values())
    vals["cooperation"] = sum((line.amount for _, line in company), ZERO)
    ev["cooperation"] = tuple(where(records, ds.deal) for ds, _ in company)

    # -- leads (L1, L2) --------------------------------------------------------------------
    subm = leads_submitted(records, s.id, start, end)
    vals["leads_submitted"] = len(subm)
    ev["leads_submitted"] = tuple(where(records, x) for x in subm)

    # -- visits: follow-ups, contacts, meetings, return visits, satisfaction (K8, T5, K5) ----------
    sc = pol.score
    vis = visits_in(records, s.id, start, end)
    acts = [a for a in records.activity_by_staff.get(s.id, ()) if start <= a.date <= end]
    vals["follow_ups"] = len(vis)
    ev["follow_ups"] = tuple(where(records, v) for v in vis)
    contacts = [v for v in vis if v.kind in sc.contact_kinds]
    effective = sum(a.effective for a in acts)
    vals["contacts"] = len(contacts) + effective
    ev["contacts"] = tuple(where(records, v) for v in contacts) + tuple(where(records, a) for a in acts if a.effective)
    vals["contacts_per_day"] = Decimal(vals["contacts"]) / pres.working if pres.working else None
    ev["contacts_per_day"] = ev["contacts"]
    meets = [v for v in vis if v.kind in sc.meeting_kinds]
    vals["meetings"] = len(meets)
    ev["meetings"] = tuple(where(records, v) for v in meets)
    vals["meetings_per_week"] = (Decimal(len(meets)) * pres.workdays_per_week / pres.working) if pres.working else None
    ev["meetings_per_week"] = ev["meetings"]
    with_summary = [v for v in meets if (v.summary or "").strip()]
    vals["summary_rate"] = _pct(len(with_summary), len(meets))
    ev["summary_rate"] = tuple(where(records, v) for v in meets if v not in with_summary)  # the ones without
    rv = [v for v in vis if v.kind == "return-visit"]
    vals["return_visits"] = len(rv)
    ev["return_visits"] = tuple(where(records, v) for v in rv)
    rated = [v for v in vis if v.rating is not None]
    vals["ratings"] = len(rated)
    ev["ratings"] = tuple(where(records, v) for v in rated)
    vals["satisfaction_mean"] = _mean(Decimal(v.rating) for v in rated)
    ev["satisfaction_mean"] = ev["ratings"]
    vals["satisfaction"] = _pct(sum(v.rating >= sc.satisfied_rating for v in rated), len(rated))
    ev["satisfaction"] = ev["ratings"]

    # -- complaints (T3) -------------------------------------------------------------------
    hours = pol.limits.complaint_hours
    comp = [v for v in vis if v.kind == "complaint"]
    on_time = [v for v in comp if v.answered is not None and v.answered - v.at <= dt.timedelta(hours=hours)]
    vals["complaints"] = len(comp)
    ev["complaints"] = tuple(where(records, v) for v in comp)
    vals["complaints_on_time"] = _pct(len(on_time), len(comp))
    ev["complaints_on_time"] = ev["complaints"]
    answered = [Decimal((v.answered - v.at).total_seconds()) / 3600 for v in comp if v.answered is not None]
    vals["complaint_hours"] = _mean(answered)
    ev["complaint_hours"] = ev["complaints"]

    # -- telesales activity (K7) -----------------------------------------------------------------
    act_ev = tuple(where(records, a) for a in acts)
    for k in ("calls", "effective", "intention", "orders"):
        vals[k] = sum(getattr(a, k) for a in acts)
        ev[k] = act_ev
    vals["effective_rate"] = _pct(vals["effective"], vals["calls"])
    vals["intention_rate"] = _pct(vals["intention"], vals["effective"])
    vals["order_rate"] = _pct(vals["orders"], vals["intention"])
    vals["call_conversion"] = _pct(vals["orders"], vals["calls"])
    for k in ("effective_rate", "intention_rate", "order_rate", "call_conversion"):
        ev[k] = act_ev

    # -- review: ratings, teamwork, training (K2, K3, K4) -----------------------------------------
    rev = records.reviews_by_key.get((s.id, month))
    rev_ev = (where(records, rev),) if rev else ()
    vals["training_attended"] = rev.training_attended if rev else 0
    vals["training_score"] = _d(rev.training_score) if rev else None
    peers = rev.peers if rev else ()
    for k in ("teamwork", "sharing", "helping"):
        vals[k] = _mean(Decimal(str(getattr(p, k))) for p in peers if getattr(p, k) is not None)
    per_rater = [_mean(Decimal(str(getattr(p, k))) for k in ("teamwork", "sharing", "helping") if getattr(p, k) is not None)
                 for p in peers]
    vals["peer_rating"] = _mean(x for x in per_rater if x is not None)
    vals["self_rating"] = _d(rev.self_rating) if rev else None
    vals["leader_rating"] = _d(rev.leader_rating) if rev else None
    w = pol.score.ratings
    parts = [(vals["self_rating"], _d(w.self_weight)), (vals["leader_rating"], _d(w.leader_weight)),
             (vals["peer_rating"], _d(w.peers_weight))]
    parts = [(v, wt) for v, wt in parts if v is not None and wt > 0]
    tw = sum((wt for _, wt in parts), Decimal(0))
    vals["rating"] = sum((v * wt for v, wt in parts), Decimal(0)) / tw if parts else None
    for k in ("training_attended", "training_score", "teamwork", "sharing", "helping", "peer_rating",
              "self_rating", "leader_rating", "rating"):
        ev[k] = rev_ev

    vals["days"] = pres.employed
    vals["working_days"] = pres.working
    ev["days"] = ev["working_days"] = (where(records, s),)

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
