"""Members from before the period: customers who bought in the year before the records begin.

In the period they renew, transfer, upgrade and buy products, credited by the deposit (S1);
the first four of every club do one of each, with deposit and payment taken by different
people. Their owners visit them now and then.
"""
from __future__ import annotations

from salesctl.demo.leads import contact, give, new_lead, rotation_why
from salesctl.demo.organisation import Club, Person, time_on_post
from salesctl.demo.rules import employed
from salesctl.demo.sales import follow_on
from salesctl.demo.scales import AS_OF_DATE, DAY, month_bounds
from salesctl.demo.state import Demo
from salesctl.domain.calendar import WEEKDAYS

FORCED = ("renewal", "transfer", "upgrade", "product")
CHANCES = (("renewal", 0.22), ("product", 0.18), ("upgrade", 0.05), ("transfer", 0.04))


def make_members(g: Demo, club: Club, n: int) -> None:
    rng = g.rng
    inside = [p for t in club.inside_teams for p in t.members if p.tag != "joiner"]
    outside = club.outside_team.members
    for i in range(n):
        owner = rng.choice(outside) if rng.random() < 0.2 else rng.choice(inside)
        lead = _member(g, club, owner)
        if i < len(FORCED):
            day = g.start + DAY * rng.randint(3, 24)
            follow_on(g, lead, owner, FORCED[i], day, split_takers=True)
        for kind, p in CHANCES:
            if rng.random() < p:
                follow_on(g, lead, owner, kind, g.start + DAY * rng.randint(0, (AS_OF_DATE - g.start).days))
        for mk in g.months:   # return visits by the owner now and then
            if rng.random() < 0.3:
                first, last = month_bounds(mk)
                d = first + DAY * rng.randint(0, (last - first).days)
                if employed(owner, d):
                    contact(g, lead, owner, d, "return-visit", rate=0.5, next_days=rng.randint(25, 35))


def _member(g: Demo, club: Club, owner: Person) -> dict:
    """The member's lead, won by `owner` on a working day of the year before the period."""
    rng = g.rng
    lo = max(owner.joined, g.start - DAY * 365)
    day = lo + DAY * rng.randint(0, max(0, (g.start - DAY * 10 - lo).days))
    while WEEKDAYS[day.weekday()] not in owner.shifts:
        day += DAY
    created = time_on_post(g, owner, day)
    source = "walk-in" if owner.channel == "inside" else rng.choice(("flyer", "event"))
    lead = new_lead(g, created, source)
    if owner.channel == "inside":
        give(lead, owner, created, "A2", rotation_why(owner))
    else:
        lead["submitted_by"] = owner.id
        give(lead, owner, created, "manual", "自行开发客户", by=owner.id)
    lead["status"] = "won"
    lead["grade"] = rng.choices(("important", "general", "potential"), weights=(3, 5, 2))[0]
    lead["notes"] = rng.choice(("老会员", "老会员，年卡", "老会员，季卡", "老会员，私教课"))
    club.won_by[owner.id].append(lead["id"])
    club.owner_channel[lead["id"]] = owner.channel
    if owner.channel == "outside":
        club.outside_owned.append(lead["id"])
    return lead
