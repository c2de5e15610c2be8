"""Writing a club's record files: YAML text by `salesctl.yamlio.dumps`, one file per record or
per (month, person) for visits, activity, attendance and reviews, fields without a value left out.

Visit ids are given here, in the order of the visits' times. The telesales activity and the
reviews are drawn while the club is written, after its visits: that order is part of the bytes.
"""
from __future__ import annotations

import os
from collections import defaultdict

from salesctl.demo import cycle
from salesctl.demo.attendance import activity, review
from salesctl.demo.organisation import Club, name_late_person
from salesctl.demo.scales import month_bounds
from salesctl.domain.calendar import month_of
from salesctl.demo.state import Demo
from salesctl.domain.calendar import WEEKDAYS
from salesctl.yamlio import dumps


def clean(d: dict) -> dict:
    """d without the fields that have no value (None, empty list, empty mapping)."""
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}


def write(g: Demo, rel: str, data) -> None:
    """Write data as YAML to `rel` under the demo's root (folders made as needed)."""
    path = os.path.join(g.root, rel)
    folder = os.path.dirname(path)
    if folder not in g.dirs:
        os.makedirs(folder, exist_ok=True)
        g.dirs.add(folder)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(data))
    g.files += 1


def write_club(g: Demo, club: Club) -> None:
    """The club's files; the organisation last, once the person added after the stories is named."""
    write_leads_and_deals(g, club)
    write_visits(g, club)
    write_activity(g, club)
    write_attendance(g, club)
    write_cycle(g, club)
    write_organisation(g, club)


def write_organisation(g: Demo, club: Club) -> None:
    """teams/ and staff/."""
    for t in club.teams:
        write(g, f"teams/{t.id}.yaml", clean({
            "id": t.id, "name": t.name, "leader": t.leader.id if t.leader else None,
            "deputy": t.deputy.id if t.deputy else None, "department": t.dept, "channel": t.channel}))
        g.counts["team"] += 1
    for p in club.staff:
        write(g, f"staff/{p.id}.yaml", clean({
            "id": p.id, "name": p.name, "team": p.team.id if p.team else None,
            "department": p.dept if p.team is None else None, "role": p.role, "channel": p.channel,
            "status": p.status, "joined": p.joined, "left": p.left,
            "weight": p.weight if p.weight != 1.0 else None, "max_open_leads": p.max_open,
            "targets": {mk: v for mk, v in p.targets.items()},
            "shifts": {d: p.shifts[d] for d in WEEKDAYS if d in p.shifts},
            "leave": [clean({"start": s, "end": e, "why": why}) for s, e, why in p.leave],
            "phone": p.phone}))
        g.counts["staff"] += 1


def write_leads_and_deals(g: Demo, club: Club) -> None:
    """leads/YEAR/ and deals/MONTH/."""
    for lead in club.leads:
        write(g, f"leads/{lead['created'].year}/{lead['id']}.yaml", clean({**lead, "log": [dict(x) for x in lead["log"]]}))
        g.counts["lead"] += 1
    for deal in club.deals:
        write(g, f"deals/{month_of(deal['signed'])}/{deal['id']}.yaml", clean(deal))
        g.counts["deal"] += 1


def write_visits(g: Demo, club: Club) -> None:
    """visits/MONTH/STAFF.yaml, ids in the order of time; then the club's visits are let go."""
    files = defaultdict(list)
    for sid, at, entry in sorted(club.visits, key=lambda v: (v[1], v[0])):
        entry = {"id": g.next_id("V"), **entry}
        files[(month_of(at.date()), sid)].append(clean(entry))
    for (mk, sid), entries in sorted(files.items()):
        write(g, f"visits/{mk}/{sid}.yaml", entries)
        g.counts["visit"] += len(entries)
    club.visits = []


def write_activity(g: Demo, club: Club) -> None:
    """activity/MONTH/STAFF.yaml of every telesales agent."""
    for p in club.staff:
        if p.channel == "telesales":
            for mk, entries in sorted(activity(g, club, p).items()):
                write(g, f"activity/{mk}/{p.id}.yaml", entries)
                g.counts["activity"] += len(entries)


def write_attendance(g: Demo, club: Club) -> None:
    """attendance/MONTH/STAFF.yaml of everyone with an entry."""
    for p in club.staff:
        by_month = defaultdict(list)
        for d in sorted(p.attendance):
            by_month[month_of(d)].append(p.attendance[d])
        for mk, entries in sorted(by_month.items()):
            write(g, f"attendance/{mk}/{p.id}.yaml", entries)
            g.counts["attendance"] += len(entries)


REVIEW_FIELDS = ("self_rating", "leader_rating", "manager_rating", "signed", "interview", "objections", "peers",
                 "training_attended", "training_held", "training_score", "nominations", "notes")


def draw_reviews(g: Demo, club: Club) -> dict:
    """{(staff, month): review} of every seller employed in the month, as attendance.review draws it;
    every month someone fails the training test (< 80), and so does a joiner in their first month."""
    drawn = {}
    for mk in g.months:
        first, last = month_bounds(mk)
        people = [p for p in club.staff if p.role != "manager" and p.joined <= last and (p.left is None or p.left >= first)]
        low = g.rng.choice(people)
        for p in people:
            low_score = p is low or (p.tag == "joiner" and mk == month_of(p.joined))
            drawn[(p.id, mk)] = review(g, club, p, mk, low_score)
    return drawn


def write_cycle(g: Demo, club: Club) -> None:
    """The monthly draws, then trainings/MONTH/TR-….yaml, plans/MONTH/STAFF.yaml and reviews/PERIOD/STAFF.yaml
    by each department's cycle (salesctl.demo.cycle)."""
    drawn = draw_reviews(g, club)
    sessions = cycle.sessions(g, club, drawn)
    plans = cycle.plans(g, club, club.credit)
    name_late_person(g, club.tele_manager)
    for s in sessions:
        tr = {"id": g.next_id("TR"), **s}
        write(g, f"trainings/{month_of(s['date'])}/{tr['id']}.yaml", clean(tr))
        g.counts["training"] += 1
    for mk, p, plan in plans:
        write(g, f"plans/{mk}/{p.id}.yaml", clean(plan))
        g.counts["plan"] += 1
    keys = {(p.id, mk) for mk, p, _ in plans}
    for label, p, rv in cycle.period_reviews(g, club, drawn, cycle.trained(club, sessions), keys):
        rv = {k: clean(rv[k]) if isinstance(rv.get(k), dict) and k == "interview" else rv.get(k) for k in REVIEW_FIELDS}
        write(g, f"reviews/{label}/{p.id}.yaml", clean(rv))
        g.counts["review"] += 1
