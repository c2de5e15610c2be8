"""Training sessions (K9, K4): who a session is for, who was expected, who was excused.

    sessions_in(records, month) -> [Session]     the month's sessions, each with its audience worked out
    heads(records, team) -> (staff id, …)          who holds a team's training and carries its K9 flag

A session is for `team`; without one, for the team of whoever held it, or (a department manager has
no team) for every team of their department. Expected (`invited`): the record's `invited`, else the
members of those teams employed that day (joined .. left), the holder left out. Anyone expected who
was away that day (leave, not yet joined, left: salesctl.domain.staffing) is excused, not expected.
Who was there is judged by the dates, never the current status: a person who leaves later keeps
their sessions, flags and rates (O3). Pure: a month's sessions are those dated in it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesctl.domain.calendar import month_bounds
from salesctl.domain.staffing import away, employed_between, leave_days
from salesctl.records import Records
from salesctl.schema import Training


@dataclass(frozen=True)
class Session:
    training: Training
    teams: tuple[str, ...]          # the teams it is for
    expected: tuple[str, ...]       # staff ids expected to attend (invited, not excused)
    excused: tuple[str, ...]        # invited but away that day (leave, not joined yet, left)

    @property
    def id(self) -> str:
        return self.training.id

    def involves(self, staff_id: str) -> bool:
        """Whether the session is one of the person's: expected, excused or attending."""
        t = self.training
        return staff_id in self.expected or staff_id in self.excused or staff_id in t.attendees

    def missed(self) -> tuple[str, ...]:
        """Expected at a required session and not among the attendees (K9)."""
        t = self.training
        return tuple(sid for sid in self.expected if sid not in t.attendees) if t.required else ()


def teams_of(records: Records, t: Training) -> tuple[str, ...]:
    """The teams a session is for: its team; else the holder's team; else every team of the holder's department."""
    if t.team:
        return (t.team,)
    holder = records.staff.get(t.held_by)
    if holder is None:
        return ()
    if holder.team:
        return (holder.team,)
    dept = records.department_of(holder)
    return tuple(sorted(k for k, team in records.teams.items() if dept and team.department == dept))


def heads(records: Records, team) -> tuple[str, ...]:
    """Who holds a team's training and carries its K9 `no-training` flag, first choice first: its
    leader, its deputy, then the managers (role manager) of its department in id order — the manager
    holds training for a team without a head of its own (teams_of)."""
    dept = team.department
    managers = sorted(s.id for s in records.staff.values() if s.role == "manager" and dept
                      and records.department_of(s) == dept)
    return tuple(sid for sid in (team.leader, team.deputy) if sid) + tuple(managers)


def is_away(records: Records, staff_id: str, d: dt.date) -> bool:
    """Away on day d: not employed that day (joined, left), on leave (the staff record's or an attendance
    entry's). By the dates, not the current status: a leaver keeps their history (O3)."""
    s = records.staff.get(staff_id)
    return s is None or away(s, d, status=False) is not None or bool(leave_days(records, s, d, d))


def session(records: Records, t: Training) -> Session:
    teams = teams_of(records, t)
    if t.invited:
        invited = tuple(t.invited)
    else:
        members = records.members
        invited = tuple(s.id for team in teams for s in members.get(team, ()) if s.id != t.held_by
                        and employed_between(s, t.date, t.date))
    excused = tuple(sid for sid in invited if is_away(records, sid, t.date))
    return Session(t, teams, tuple(sid for sid in invited if sid not in excused), excused)


def sessions_in(records: Records, month: str) -> list[Session]:
    """The sessions dated in the month, in date and id order (memoised on the records)."""
    memo = records.memo("training")
    if month not in memo:
        start, end = month_bounds(month)
        ts = sorted((t for t in records.trainings.values() if start <= t.date <= end), key=lambda t: (t.date, t.id))
        memo[month] = [session(records, t) for t in ts]
    return memo[month]
