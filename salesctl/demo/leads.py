"""A lead's record as the stories build it: its creation, its ownership log, its contacts.

A lead is a plain dict in the order its file lists the fields; a contact (a visit entry) is
kept on the club as (staff id, time, entry) until the club is written.
"""
from __future__ import annotations

import datetime as dt

from salesctl.demo.vocabulary import NEXT_ACTIONS, SUMMARIES, contact_outcome, customer
from salesctl.demo.organisation import Person, clear_of_breaks
from salesctl.demo.rules import employed, shift
from salesctl.demo.scales import AS_OF, DAY, moment
from salesctl.demo.state import Demo


def new_lead(g: Demo, created: dt.datetime, source: str, *, company: bool = False, **fields) -> dict:
    """A new lead of the current club; `fields` may give submitted_by, team, owner, designated,
    voucher, referred_by and grade."""
    lead = {"id": g.next_id("L"), **customer(g.rng, company)}
    lead["source"] = source
    lead["created"] = created
    for k in ("submitted_by", "team", "owner", "designated", "voucher", "referred_by", "grade"):
        lead[k] = fields.get(k)
    lead["status"] = "new"
    lead["log"] = []
    g.club.leads.append(lead)
    g.club.lead_by_id[lead["id"]] = lead
    return lead


LANGUAGE = "zh"   # the demo policy's general.language: the language of the reasons written into its records


def rotation_why(p: Person, voucher: bool = False) -> str:
    """A2's reason in the ownership log, in the words the assign engine writes (and A6's for a voucher)."""
    from salesctl.engines.assign.results import A2_REASON
    from salesctl.i18n import _, using

    with using(LANGUAGE):
        parts = [_("campaign voucher: a new customer (A6)")] if voucher else []
        return "; ".join(parts + [A2_REASON(p.team.id, f"{p.name} ({p.id})")])


def give(lead: dict, p: Person | None, when: dt.datetime, rule: str, why: str, by: str = "salesctl") -> None:
    """Log the lead's move to p (None: to the shared pool) under `rule`, and make p its owner."""
    lead["log"].append({"when": when, "by": by, "from": lead.get("owner"), "to": p.id if p else None,
                        "rule": rule, "why": why})
    lead["owner"] = p.id if p else None
    if p is not None:
        lead["team"] = p.team.id if p.team else lead.get("team")
        p.intake.append(when.date())


def holder(g: Demo, lead: dict, owner: Person, day: dt.date) -> Person:
    """The owner on `day`: a consultant who has left hands their open leads over (O3)."""
    if owner.left is None or day <= owner.left:
        return owner
    club = g.club
    team = owner.team
    succ = [m for m in team.members if m is not owner and employed(m, owner.left + DAY) and m.status != "leave"]
    new = succ[club.handovers % len(succ)]
    club.handovers += 1
    by = team.leader.id if team.leader is not None and team.leader is not owner else club.manager.id
    give(lead, new, moment(owner.left + DAY, 9 * 60 + 30), "manual", f"{owner.name}离职，客户交接给{new.name}", by)
    return new


def contact(g: Demo, lead: dict, p: Person, day: dt.date, kind: str, *, not_before: dt.datetime | None = None,
            at: dt.datetime | None = None, outcome: str | None = None, next_days: int | None = None,
            rate: float = 0.0) -> dt.datetime | None:
    """Log a contact by p on the lead on their first working day from `day` (or `at`); None when
    none is left. A contact at a time before the records begin is not logged."""
    rng = g.rng
    if at is not None and at.date() < g.start:
        return at
    if day < g.start:                # a pipeline lead's first contact in the records
        day = g.start + DAY * rng.randint(0, 6)
        not_before = None
    if at is None:
        at = _contact_time(g, p, day, not_before)
        if at is None:
            return None
    if at > AS_OF:
        return None
    entry = {"lead": lead["id"], "at": at, "kind": kind,
             "outcome": outcome or contact_outcome(rng, kind, bool(lead.get("company"))),
             "summary": rng.choice(SUMMARIES[kind]) if rng.random() > 0.03 else None}
    if next_days:
        entry["next"] = {"date": at.date() + DAY * next_days, "action": rng.choice(NEXT_ACTIONS)}
    if rate and rng.random() < rate:
        entry["rating"] = rating(g, p)
    g.club.visits.append((p.id, at, entry))
    return at


def _contact_time(g: Demo, p: Person, day: dt.date, not_before: dt.datetime | None) -> dt.datetime | None:
    """A time in p's shift on their first working day from `day`, after `not_before`.

    When that day has no room left the contact moves to the next working day, at a minute of
    the first day's shift (not the new day's): kept so, it is what the files hold.
    """
    rng = g.rng
    d = p.next_workday(day)
    if d is None:
        return None
    span = shift(p, d)
    lo = span.start + 10
    if not_before is not None and d == not_before.date():
        lo = max(lo, not_before.hour * 60 + not_before.minute + 5)
    if lo > span.end - 20:
        d = p.next_workday(d + DAY)
        if d is None:
            return None
        lo = span.start + 10
    m = rng.randint(lo, span.end - 20)
    return moment(d, clear_of_breaks(rng, span, m))


def rating(g: Demo, p: Person) -> int:
    """A customer's rating of p: satisfied (4 or 5) with p's chance `sat`."""
    rng = g.rng
    if rng.random() < p.sat:
        return 5 if rng.random() < 0.55 else 4
    r = rng.random()
    return 3 if r < 0.5 else 2 if r < 0.8 else 1
