"""A club's organisation: its teams, its staff and their shifts, and the scripted people.

Each club has a department manager (部门经理), inside teams (会籍一组, 会籍二组 …: leader, deputy,
members, on early and late shifts 早班/晚班), an outside team (外销组), a telesales team (电销组)
and an outreach team (外联组, in its own department 外联部). The scripted people of every club
carry the cases of domain.md named beside them in `script_people`.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from random import Random

from salesctl.demo.vocabulary import NUMERALS, club_name, person_name, phone_number
from salesctl.demo.rules import shift
from salesctl.demo.scales import DAY, month_bounds, moment
from salesctl.demo.state import Demo
from salesctl.domain.calendar import WEEKDAYS
from salesctl.domain.duty import ShiftSpan


@dataclass(eq=False)
class Team:
    id: str
    name: str
    channel: str
    dept: str
    leader: "Person | None" = None
    deputy: "Person | None" = None
    members: list = field(default_factory=list)
    queue: list = field(default_factory=list)     # walk-in rotation (A2): next first
    walk_ins: int = 0


@dataclass(eq=False)
class Person:
    id: str
    name: str
    team: Team | None
    role: str
    channel: str
    dept: str
    joined: dt.date
    left: dt.date | None = None
    status: str = "active"
    shifts: dict = field(default_factory=dict)
    leave: list = field(default_factory=list)       # (start, end, why)
    weight: float = 1.0
    max_open: int | None = None
    perf: float = 1.0        # conversion and ticket size
    sat: float = 0.92        # chance a rating is satisfied (>= policy score.satisfied_rating)
    tag: str = ""            # star, laggard, unhappy, leaver, joiner, ...
    phone: str | None = None
    off: set = field(default_factory=set)           # dates not working: leave, sick, absent all day
    workdays: list = field(default_factory=list)    # sorted working dates in the period
    attendance: dict = field(default_factory=dict)  # date -> entry
    targets: dict = field(default_factory=dict)
    intake: list = field(default_factory=list)      # dates leads were given (capacity, A1)

    def next_workday(self, d: dt.date, limit: int = 21) -> dt.date | None:
        """The first working day from d on, within `limit` days."""
        i = bisect_left(self.workdays, d)
        if i < len(self.workdays) and (self.workdays[i] - d).days <= limit:
            return self.workdays[i]
        return None


@dataclass(eq=False)
class Club:
    index: int
    name: str            # e.g. 星河会所
    prefix: str          # team name prefix ("" when the organisation is one club)
    dept: str            # 会籍部
    dept_out: str        # 外联部
    dept_tele: str       # 电销部
    manager: Person | None = None
    teams: list = field(default_factory=list)
    inside_teams: list = field(default_factory=list)
    outside_team: Team | None = None
    tele_team: Team | None = None
    outreach_team: Team | None = None
    tele_manager: Person | None = None   # 电销部's department manager (003 「銷售組長和部門經理」): see add_tele_manager
    staff: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    lead_by_id: dict = field(default_factory=dict)
    owner_channel: dict = field(default_factory=dict)   # lead id -> final owner's channel
    visits: list = field(default_factory=list)          # (staff id, at, entry)
    deals: list = field(default_factory=list)
    won_by: dict = field(default_factory=lambda: defaultdict(list))   # staff id -> won lead ids
    outside_owned: list = field(default_factory=list)   # lead ids owned by outside consultants
    handovers: int = 0
    credit: dict = field(default_factory=dict)          # (staff id, month) -> estimated credit (targets.credit)


def new_club(index: int, name: str, one: bool) -> Club:
    """Club `name`; in an organisation of one club its departments and teams carry no prefix."""
    return Club(index, name, "" if one else name, *(d if one else f"{name}{d}" for d in DEPARTMENTS))


# The club's departments and the rule book each runs (templates/presets/): membership sales by seed 002,
# outreach by 001, telesales by 003 (salesctl demo writes them into the policy's `departments:`).
DEPARTMENTS = {"会籍部": "membership-consultant", "外联部": "club-outreach", "电销部": "telesales"}


def rule_books(clubs: int) -> dict[str, str]:
    """{department: preset} of every department of an organisation of `clubs` clubs."""
    return {(d if clubs == 1 else f"{club_name(i, clubs)}{d}"): book for i in range(clubs) for d, book in DEPARTMENTS.items()}


def new_team(g: Demo, club: Club, name: str, channel: str, dept: str) -> Team:
    t = Team(g.next_id("T"), f"{club.prefix}{name}", channel, dept)
    club.teams.append(t)
    return t


def new_person(g: Demo, club: Club, team: Team | None, role: str, channel: str, shifts: dict, **kw) -> Person:
    rng = g.rng
    joined = kw.pop("joined", None) or g.start - DAY * rng.randint(60, 1500)
    p = Person(g.next_id("S"), person_name(rng, g.names), team, role, channel,
               team.dept if team else club.dept, joined, shifts=shifts, **kw)
    p.perf = round(rng.uniform(0.8, 1.2), 2)
    p.sat = round(rng.uniform(0.86, 0.98), 2)
    if rng.random() < 0.5:
        p.phone = phone_number(rng)
    club.staff.append(p)
    if team is not None:
        team.members.append(p)
        if channel == "inside":
            team.queue.append(p)
        if role == "leader":
            team.leader = p
        elif role == "deputy":
            team.deputy = p
    return p


def make_people(g: Demo, club: Club) -> None:
    """The club's manager and teams, then the scripted people among them."""
    lay = g.scale.layout
    office = {d: "day" for d in WEEKDAYS[:5]}
    club.manager = new_person(g, club, None, "manager", "inside", dict(office))
    club.manager.joined = g.start - DAY * g.rng.randint(700, 2000)
    for ti in range(lay.inside_teams):
        team = new_team(g, club, f"会籍{NUMERALS[ti]}组", "inside", club.dept)
        club.inside_teams.append(team)
        for i in range(lay.inside_size):
            role = "leader" if i == 0 else "deputy" if i == 1 else "member"
            new_person(g, club, team, role, "inside", inside_shifts(i, ti))
    club.outside_team = new_team(g, club, "外销组", "outside", club.dept)
    for i in range(lay.outside):
        new_person(g, club, club.outside_team, "leader" if i == 0 else "member", "outside", dict(office))
    club.tele_team = new_team(g, club, "电销组", "telesales", club.dept_tele)
    for i in range(lay.telesales):
        days = [d for j, d in enumerate(WEEKDAYS) if j != (i % 6) and d != "sun"]
        new_person(g, club, club.tele_team, "leader" if i == 0 else "member", "telesales", {d: "day" for d in days})
    club.outreach_team = new_team(g, club, "外联组", "outreach", club.dept_out)
    for i in range(lay.outreach):
        role = "leader" if i == 0 else "deputy" if i == 1 and lay.outreach > 2 else "member"
        new_person(g, club, club.outreach_team, role, "outreach", dict(office))
    script_people(g, club)


def script_people(g: Demo, club: Club) -> None:
    """The scripted people of every club (the cases of domain.md they carry in brackets)."""
    rng = g.rng
    first_mid, _ = month_bounds(g.months[len(g.months) // 2])
    t0, tl = club.inside_teams[0], club.inside_teams[-1]
    star = t0.members[2]
    star.tag, star.perf, star.weight = "star", 2.8, 1.5                       # P2: clear top seller
    if len(t0.members) > 3:
        unhappy = t0.members[3]
        unhappy.tag, unhappy.perf = "unhappy", 0.9                           # K5: satisfaction < 80%
        unhappy.sat = 0.45
    laggard = tl.members[2]
    laggard.tag, laggard.perf = "laggard", 0.3                               # P3: misses every target
    leaver = tl.members[-1]
    leaver.tag, leaver.status = "leaver", "left"                             # O3
    leaver.left = first_mid + DAY * (19 + rng.randint(-3, 3))
    joiner = new_person(g, club, tl, "member", "inside", dict(leaver.shifts),
                        joined=first_mid + DAY * (13 + rng.randint(-3, 3)))
    joiner.tag, joiner.perf, joiner.weight, joiner.max_open = "joiner", 0.8, 0.7, 40
    for team in club.teams:
        if team.leader is not None:
            team.leader.weight = 1.2
    deputy = t0.deputy                                                       # A4: annual leave
    s = first_mid + DAY * (5 + rng.randint(0, 4))
    deputy.leave.append((s, s + DAY * 4, "年假"))
    deputy.tag = "annual-leave"
    tele = club.tele_team.members
    long_leave = tele[1]                                                     # L6: long leave
    ls = month_bounds(g.months[-1])[0] + DAY * (17 + rng.randint(0, 3))
    long_leave.leave.append((ls, ls + DAY * 90, "产假"))
    long_leave.status, long_leave.tag = "leave", "long-leave"
    tele[2 % len(tele)].tag = tele[2 % len(tele)].tag or "absent3"           # P5: three days in a row
    for p in club.staff:
        if p.channel == "inside" and p.role != "manager" and not p.tag and rng.random() < 0.2:
            p.sat = round(rng.uniform(0.7, 0.85), 2)                         # some below 80% by chance


def add_tele_manager(g: Demo, club: Club) -> Person:
    """电销部's department manager, who rates and interviews its people (003 K3): added after the club's
    stories, with an id and no draws, so that everything drawn before stays as it was; named by
    `name_late_person` once the reviews are drawn. No team, no leads: the manager sells nothing."""
    office = {d: "day" for d in WEEKDAYS[:5]}
    p = Person(g.next_id("S"), "", None, "manager", "telesales", club.dept_tele, g.start, shifts=office)
    club.staff.append(p)
    club.tele_manager = p
    return p


def name_late_person(g: Demo, p: Person) -> None:
    """The draws of a person added after the stories (add_tele_manager): name, start date, phone."""
    rng = g.rng
    p.name = person_name(rng, g.names)
    p.joined = g.start - DAY * rng.randint(700, 2000)
    if rng.random() < 0.5:
        p.phone = phone_number(rng)


def inside_shifts(i: int, ti: int) -> dict:
    """Each consultant works five days; every day has both early (早班) and late (晚班) on duty."""
    off = {(i + ti) % 7, (i + ti + 3) % 7}
    out = {}
    for j, d in enumerate(WEEKDAYS):
        if j in off:
            continue
        out[d] = "early" if (i + j) % 2 == 0 else "late"
    return out


def clear_of_breaks(rng: Random, span: ShiftSpan, m: int) -> int:
    """Minute m moved just past any break of the shift it falls in."""
    for b0, b1, _ in span.breaks:
        if b0 <= m < b1:
            m = b1 + rng.randint(1, 15)
    return m


def time_on_post(g: Demo, p: Person, day: dt.date) -> dt.datetime:
    """A time on `day` when p is on post: inside the shift, not at a break."""
    span = shift(p, day)
    m = g.rng.randint(span.start + 10, span.end - 30)
    return moment(day, clear_of_breaks(g.rng, span, m))
