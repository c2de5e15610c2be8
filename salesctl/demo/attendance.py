"""The staff's months: attendance and days off (P5), telesales activity, the reviews' draws.

`plan_attendance` runs before any lead, because the days people work decide who takes and
follows up leads; `activity` and `review` run when the club is written.
"""
from __future__ import annotations

from collections import defaultdict

from salesctl.demo.organisation import Club, Person
from salesctl.demo.rules import employed, works
from salesctl.demo.scales import AS_OF_DATE, DAY, month_bounds
from salesctl.domain.calendar import month_of
from salesctl.demo.state import Demo
from salesctl.domain.calendar import WEEKDAYS


def plan_attendance(g: Demo, club: Club) -> None:
    """Leave days, the three-day absence, chance late arrivals and absences, a case of each kind
    in every month; then every person's days off and working days."""
    days = [g.start + DAY * k for k in range((AS_OF_DATE - g.start).days + 1)]
    for p in club.staff:
        _leave_days(g, p)
    for p in club.staff:
        if p.tag == "absent3":
            _absent_three(g, p, days)
    for p in club.staff:
        _chance_days(g, p, days)
    _every_case(g, club)
    for p in club.staff:
        p.leave.sort()
        for d, a in p.attendance.items():
            if a.get("leave") or a.get("absent") == "full":
                p.off.add(d)
        p.workdays = [d for d in days if works(p, d)]


def _leave_days(g: Demo, p: Person) -> None:
    for s, e, why in p.leave:
        d = s
        while d <= min(e, AS_OF_DATE):
            if WEEKDAYS[d.weekday()] in p.shifts and employed(p, d) and d >= g.start:
                p.attendance[d] = {"date": d, "leave": why}
            d += DAY


def _absent_three(g: Demo, p: Person, days: list) -> None:
    """P5: three working days absent in a row (and, in a year, five in all)."""
    rng = g.rng
    mk = g.months[-1] if len(g.months) < 6 else g.months[-3]
    first, last = month_bounds(mk)
    cands = [d for d in days if first + DAY * 5 <= d <= last - DAY * 5 and
             all(works(p, d + DAY * k) and (d + DAY * k) not in p.attendance for k in range(3)) and
             all(WEEKDAYS[(d + DAY * k).weekday()] in p.shifts for k in range(3))]
    if cands:
        d0 = rng.choice(cands)
        for k in range(3):
            p.attendance[d0 + DAY * k] = {"date": d0 + DAY * k, "absent": "full"}
    if len(g.months) >= 6:
        others = [d for d in days if works(p, d) and d not in p.attendance and month_of(d) != mk]
        for d in rng.sample(others, 2):
            p.attendance[d] = {"date": d, "absent": "full"}


def _chance_days(g: Demo, p: Person, days: list) -> None:
    rng = g.rng
    for d in days:
        if not works(p, d) or d in p.attendance:
            continue
        r = rng.random()
        if r < 0.03:
            p.attendance[d] = {"date": d, "late_minutes": rng.randint(2, 15)}
        elif r < 0.04:
            p.attendance[d] = {"date": d, "late_minutes": rng.randint(16, 50)}
        elif r < 0.05:
            p.attendance[d] = {"date": d, "early_minutes": rng.randint(5, 40)}
        elif r < 0.0525:
            p.attendance[d] = {"date": d, "absent": "half"}
        elif r < 0.0545:
            p.attendance[d] = {"date": d, "absent": "full"}
        elif r < 0.058:
            p.attendance[d] = {"date": d, "leave": "病假"}
            p.leave.append((d, d, "病假"))


def _every_case(g: Demo, club: Club) -> None:
    """Every month of every club has a late arrival on each side of 15 minutes and an early
    leave; every club has a half-day and a full-day absence."""
    rng = g.rng
    for mk in g.months:
        first, last = month_bounds(mk)
        month = [a for p in club.staff for d, a in p.attendance.items() if first <= d <= last]
        if not any(0 < a.get("late_minutes", 0) <= 15 for a in month):
            force_attendance(g, club, first, last, {"late_minutes": rng.randint(3, 14)})
        if not any(a.get("late_minutes", 0) > 15 for a in month):
            force_attendance(g, club, first, last, {"late_minutes": rng.randint(20, 45)})
        if not any(a.get("early_minutes") for a in month):
            force_attendance(g, club, first, last, {"early_minutes": rng.randint(10, 30)})
    for kind in ("half", "full"):
        if not any(a.get("absent") == kind for p in club.staff if p.tag != "absent3" for a in p.attendance.values()):
            force_attendance(g, club, g.start, AS_OF_DATE, {"absent": kind})


def force_attendance(g: Demo, club: Club, first, last, entry: dict) -> None:
    """Put `entry` on a working day between first and last of someone (up to 200 tries)."""
    rng = g.rng
    people = [p for p in club.staff if p.tag not in ("absent3", "long-leave")]
    for _ in range(200):
        p = rng.choice(people)
        d = first + DAY * rng.randint(0, (last - first).days)
        if works(p, d) and d not in p.attendance:
            p.attendance[d] = {"date": d, **entry}
            return


def activity(g: Demo, club: Club, p: Person) -> dict[str, list]:
    """A telesales agent's daily calls, effective calls, intentions and orders, by month.

    The calls logged as visits are counted from club.visits, which is already emptied when the
    club is written (writing.write_club): so only the drawn numbers count. Kept so, since
    counting them would change the files.
    """
    rng = g.rng
    calls_logged = defaultdict(int)
    orders = defaultdict(int)
    for sid, when, e in club.visits:
        if sid == p.id and e["kind"] in ("call", "message"):
            calls_logged[when.date()] += 1
    for deal in club.deals:
        if deal["kind"] != "refund" and deal["payment"]["taken_by"] == p.id:
            orders[deal["signed"]] += 1
    out = defaultdict(list)
    for d in p.workdays:
        if d > AS_OF_DATE:
            break
        half = p.attendance.get(d, {}).get("absent") == "half"
        calls = max(calls_logged[d], int(rng.randint(80, 150) * p.perf * (0.5 if half else 1)))
        effective = max(min(calls, calls_logged[d]), round(calls * rng.uniform(0.2, 0.35)))
        intention = max(orders[d], round(effective * rng.uniform(0.08, 0.2)))
        out[month_of(d)].append({"date": d, "calls": calls, "effective": effective, "intention": intention,
                                 "orders": orders[d]})
    return out


def review(g: Demo, club: Club, p: Person, mk: str, low_score: bool) -> dict:
    """p's review of month mk as drawn: self, leader and peer ratings, training, nominations (fields
    without a value are None, for the writer to leave out); salesctl.demo.cycle makes each
    department's reviews of these draws (its periods, stages, signatures; nominations its titles read)."""
    rng = g.rng
    first, last = month_bounds(mk)
    team = [m for m in (p.team.members if p.team else []) if m is not p and m.joined <= last and (m.left is None or m.left >= first)]
    if len(team) < 2:
        team += [m for m in club.staff if m is not p and m not in team and m.role != "manager" and employed(m, first)][:2]
    peers = []
    for m in rng.sample(team, min(len(team), 3 if len(team) > 3 else 2)):
        peers.append({"by": m.id, "teamwork": rng.randint(65, 100), "sharing": rng.randint(60, 100),
                      "helping": rng.randint(60, 100)})
    rater_bonus = min(p.perf, 1.6) / 1.6
    noms = []
    if p.tag == "star":
        noms.append("sales")
    for kind, chance in (("teamwork", 0.1), ("innovation", 0.05), ("service", 0.06)):
        if rng.random() < chance:
            noms.append(kind)
    score = rng.randint(60, 79) if low_score else rng.randint(78 if rng.random() < 0.1 else 80, 100)
    return {
        "self_rating": rng.randint(72, 96),
        "leader_rating": int(60 + 30 * rater_bonus + rng.randint(-4, 6)),
        "peers": peers,
        "training_attended": rng.randint(0, 4),
        "training_held": rng.randint(1, 2) if p.role in ("leader", "deputy") else (1 if rng.random() < 0.1 else 0),
        "training_score": score,
        "nominations": noms,
        "notes": rng.choice(("本月新入职，培训中", "试用期")) if p.tag == "joiner" and mk == month_of(p.joined) else None,
    }
