"""The shared pool (公海, L6): reclaim idle leads, warn before they go, claim by hand.

    reclaim(records, as_of) -> list[Reclaimed]      open leads that return to the pool now
    warn(records, as_of, days) -> list[Due]         leads that will return within `days`
    claim(records, lead_id, staff_id, when) -> Claim   take a pool lead by hand, or why not

Pure: no clock, no files. Rules (policy section `reclaim`):
- An open lead (not won or lost) returns to the pool when its owner has left, is on long
  leave (status leave, or a leave period of long_leave_days or more covering the day), or
  has not followed it up for idle_days (idle_days_by_grade[grade] for a graded customer).
  Followed up: a visit on the lead by the owner (any kind). The idle clock starts at the
  owner's last follow-up, or when they received the lead (their last ownership-log entry,
  else the lead's created time) when that is later. It returns on the day
  last + idle_days, counted in days of the policy time zone.
- A lead returned to the pool from someone cannot go back to them, by assign or by claim,
  within cooldown_days of its return.
- A claim is refused when the lead is not in the pool or not open, the person cannot take
  leads (left, on leave), is at max_open_leads or the intake cap, has claimed
  daily_claim_limit leads that day, or the lead is cooling down from them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesctl.domain import ownership
from salesctl.domain.duty import Duty
from salesctl.domain.staffing import away, cannot_take_leads, loses_leads
from salesctl.i18n import _
from salesctl.engines.assign.rules import Bookkeeping
from salesctl.engines.assign.state import RotationState, natkey
from salesctl.records import OPEN_STATUSES, Records
from salesctl.schema import Lead

RULE = "L6"


@dataclass(frozen=True)
class Reclaimed:
    lead: str
    name: str
    owner: str
    owner_name: str
    team: str | None            # the lead's team after the reclaim
    grade: str | None
    last_follow_up: dt.date     # the owner's last follow-up (or the day they received the lead)
    idle_days: int              # days since then
    reason: str
    when: dt.datetime
    kind: str                   # idle, left, leave
    rule: str = RULE

    def changes(self) -> dict:
        return {"owner": None, "team": self.team}

    def log_entry(self) -> dict:
        return ownership.entry(self.when, ownership.AUTOMATIC, self.owner, None, self.rule, self.reason)


@dataclass(frozen=True)
class Due:
    owner: str
    owner_name: str
    lead: str
    name: str
    grade: str | None
    last_follow_up: dt.date
    returns_on: dt.date
    days_left: int


def follow_up(records: Records, lead: Lead, clock: Duty, as_of: dt.datetime) -> tuple[dt.date, str]:
    """(day the idle clock starts, what happened that day) for the lead's current owner, from
    the records up to as_of."""
    owner = lead.owner
    last, what = ownership.received(lead, owner, as_of), _("received the lead")
    for v in records.visits_by_lead.get(lead.id, ()):
        if v.staff == owner and last <= v.at <= as_of:
            last, what = v.at, f"{v.kind} {v.id}"
    return clock.day(last), what


def l6_returns_on(records: Records, lead: Lead, clock: Duty, as_of: dt.datetime) -> tuple[dt.date, dt.date, int, str]:
    """(last follow-up day, day the lead returns to the pool, idle days allowed, what happened)."""
    pr = records.policy.reclaim
    last, what = follow_up(records, lead, clock, as_of)
    days = pr.idle_days_by_grade.get(lead.grade, pr.idle_days) if lead.grade else pr.idle_days
    return last, last + dt.timedelta(days=days), days, what


def _owned_open(records: Records):
    """Open leads with an owner on the staff, of the rule book of these records (records.books)."""
    for lead in records.leads.values():
        if lead.owner and lead.status in OPEN_STATUSES and lead.owner in records.staff \
                and records.in_book(records.department_of(records.staff[lead.owner])):
            yield lead


def reclaim(records: Records, as_of: dt.datetime) -> list[Reclaimed]:
    """Open leads that return to the pool at as_of, in (owner, lead) order: each owner's under the
    rule book of their department, none where L6 is off (rules.L6: off)."""
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a timezone")
    out = [x for view in records.books if view.policy.on("L6") for x in _reclaim(view, as_of)]
    out.sort(key=lambda r: (natkey(r.owner), natkey(r.lead)))
    return out


def _reclaim(records: Records, as_of: dt.datetime) -> list[Reclaimed]:
    clock = Duty(records.policy)
    keep = records.policy.reclaim.keep_team
    d = clock.day(as_of)
    out = []
    for lead in _owned_open(records):
        s = records.staff[lead.owner]
        last, due, days, what = l6_returns_on(records, lead, clock, as_of)
        idle = (d - last).days
        why = loses_leads(s, d, records.policy.reclaim.long_leave_days)
        if why:
            reason = _("owner {name} ({id}) {why}").format(name=s.name, id=s.id, why=why)
            kind = "left" if away(s, d, joining=False).kind == "left" else "leave"
        elif d >= due:
            kind = "idle"
            basis = f"idle_days_by_grade[{lead.grade}]" if lead.grade and lead.grade in records.policy.reclaim.idle_days_by_grade else "idle_days"
            reason = _("not followed up by {name} ({id}) for {idle} days (last: {what} on {last}; {basis} {days})").format(
                name=s.name, id=s.id, idle=idle, what=what, last=last, basis=basis, days=days)
        else:
            continue
        out.append(Reclaimed(lead.id, lead.name, s.id, s.name, lead.team if keep else None, lead.grade,
                             last, idle, reason, as_of, kind))
    return out


def warn(records: Records, as_of: dt.datetime, days: int) -> list[Due]:
    """Open leads that will return to the pool for lack of follow-up within `days` days after
    as_of (not those returning now), per owner, soonest first; none where L6 is off."""
    out = [x for view in records.books if view.policy.on("L6") for x in _warn(view, as_of, days)]
    out.sort(key=_due_order)
    return out


def _warn(records: Records, as_of: dt.datetime, days: int) -> list[Due]:
    clock = Duty(records.policy)
    d = clock.day(as_of)
    out = []
    for lead in _owned_open(records):
        s = records.staff[lead.owner]
        if loses_leads(s, d, records.policy.reclaim.long_leave_days):
            continue
        last, due, _days, _what = l6_returns_on(records, lead, clock, as_of)
        if d < due <= d + dt.timedelta(days=days):
            out.append(Due(s.id, s.name, lead.id, lead.name, lead.grade, last, due, (due - d).days))
    return out


def _due_order(x: Due):
    return natkey(x.owner), x.returns_on, natkey(x.lead)


@dataclass(frozen=True)
class Claim:
    ok: bool
    lead: str
    staff: str
    reason: str                  # why it was refused, or what was done
    missing: str = ""            # "lead" or "staff" when the id does not exist
    team: str | None = None
    when: dt.datetime | None = None

    def changes(self) -> dict:
        return {"owner": self.staff, "team": self.team}

    def log_entry(self) -> dict:
        return ownership.entry(self.when, self.staff, None, self.staff, RULE, self.reason)


def claims_on(records: Records, staff_id: str, d: dt.date, clock: Duty) -> int:
    """Pool leads staff_id took by hand on day d (log entries by and to them, from the pool)."""
    return sum(1 for _, e in ownership.changes(records)
               if e.to == staff_id and ownership.is_claim(e) and clock.day(e.when) == d)


def claim(records: Records, lead_id: str, staff_id: str, when: dt.datetime) -> Claim:
    """Staff `staff_id` takes pool lead `lead_id` by hand at `when`, or the reason it is refused."""
    if when.tzinfo is None:
        raise ValueError("when needs a timezone")
    lead = records.leads.get(lead_id)
    s = records.staff.get(staff_id)
    if lead is None:
        return Claim(False, lead_id, staff_id, _("no lead {lead}").format(lead=lead_id), missing="lead")
    if s is None:
        return Claim(False, lead_id, staff_id, _("no staff {staff}").format(staff=staff_id), missing="staff")

    def no(why: str) -> Claim:
        return Claim(False, lead_id, staff_id, _("{name} ({id}) cannot claim {lead}: {why}").format(name=s.name, id=s.id, lead=lead_id, why=why))

    if lead.owner:
        other = records.staff.get(lead.owner)
        owner = f"{other.name} ({lead.owner})" if other else lead.owner
        return no(_("it is owned by {owner}, not in the pool").format(owner=owner))
    if lead.status not in OPEN_STATUSES:
        return no(_("it is {status}, not open").format(status=lead.status))
    run = Bookkeeping(records, RotationState())
    d = run.clock.day(when)
    why = cannot_take_leads(s, d) or run.capped(s, d) or run.cooling(s.id, lead, when)
    if why:
        return no(why)
    limit = records.policy.reclaim.daily_claim_limit
    n = claims_on(records, s.id, d, run.clock)
    if n >= limit:
        return no(_("they have claimed {n} pool leads on {day} (daily_claim_limit {limit})").format(n=n, day=d, limit=limit))
    team = s.team or lead.team
    if lead.team and team != lead.team:
        reason = _("claimed from the pool by {name} ({id}) (it was in team {team})").format(name=s.name, id=s.id, team=lead.team)
    else:
        reason = _("claimed from the pool by {name} ({id})").format(name=s.name, id=s.id)
    return Claim(True, lead_id, staff_id, reason, team=team, when=when)
