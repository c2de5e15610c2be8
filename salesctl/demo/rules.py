"""The duty and assignment rules as the demo applies them while it writes its story.

The demo cannot call the engines on loaded records (it writes the records), so it carries its
own copy of the few rules it needs, here and nowhere else in the package. Once the domain helpers
(`salesctl.domain.duty`, `salesctl.domain.staffing`) exist, each function below is meant to be
replaced by the helper named with it; what the helper has to accept is said there. Every
function keeps the demo's bytes: changing what one of them answers changes the generated files.

Already the engine's code (no copy):

- `shift(p, d)` is `salesctl.engines.assign.Clock(policy).shifts[...]`, the policy's shift
  spans (start, end, breaks) as the engine parses them.
- `on_post(p, t)` asks `Clock.on_post(s, weekday, minute)` whether t falls in p's shift and
  outside its breaks. It needs only `s.shifts` (weekday -> shift name), which the demo's Person
  has; no overnight shift is in the policy defaults, so the engine's wrap-past-midnight case
  never comes up.

Still the demo's own copy (to swap for the domain helpers):

- `employed(p, d)` mirrors `Clock.employed` (staffing: employed between dates), but reads only
  `joined` and `left`: the demo's `status` is the state at the end of the period, so a leaver
  (status left) and a person on long leave (status leave) still work before their dates, where
  `Clock.employed` would refuse them on every day. The helper must answer "employed on day D"
  from the dates alone.
- `on_leave(p, d)` mirrors the leave-period part of `Clock.employed` (staffing: on leave); the
  demo's leave periods are (start, end, why) tuples, not `schema.Leave`.
- `works(p, d)` mirrors `Clock.duty` at the scale of a day (duty: has a shift that weekday, is
  employed, is not on a day off); the demo's days off (leave, sick, absent all day) come from
  its attendance plan, which the engine does not read.
- `by_capacity(team, d)` mirrors A1 level two (`Assigner.by_capacity`), approximately: the
  member with the fewest leads *received in the last 30 days* per unit of weight (the engine
  counts open leads, with caps and the intake window as tie-break), employed and not on leave
  (`Assigner.why_not_other`), ties to the staff id.
- `rotation(teams, t)` mirrors A2/A4 (`Assigner.rotate`): the first consultant of a team's queue
  who is on post at t takes the walk-in and goes to the back; those skipped keep their place.
  The team is the one with the fewest walk-ins so far (the engine's level one counts open
  leads per unit of capacity, `Assigner.pick_team`); no caps and no A5 busy minutes.
"""
from __future__ import annotations

import datetime as dt

from salesctl.engines.assign import WEEKDAYS, Clock, ShiftSpan
from salesctl.policy import DEFAULT as POLICY

CLOCK = Clock(POLICY)


def employed(p, d: dt.date) -> bool:
    """p has joined by day d and not left before it (status is not read: see above)."""
    return p.joined <= d and (p.left is None or d <= p.left)


def on_leave(p, d: dt.date) -> bool:
    return any(s <= d <= e for s, e, _ in p.leave)


def works(p, d: dt.date) -> bool:
    """p works on day d: a shift that weekday, employed, not a day off (p.off)."""
    return WEEKDAYS[d.weekday()] in p.shifts and employed(p, d) and d not in p.off


def shift(p, d: dt.date) -> ShiftSpan:
    """p's shift on day d (a day p has a shift), as the engine's Clock reads the policy."""
    return CLOCK.shifts[p.shifts[WEEKDAYS[d.weekday()]]]


def on_post(p, t: dt.datetime) -> bool:
    """p is on post at t: works that day, inside the shift and not at a break (A4)."""
    d = t.date()
    return works(p, d) and CLOCK.on_post(p, d.weekday(), t.hour * 60 + t.minute) is None


def by_capacity(team, d: dt.date, exclude=None):
    """A1: the member with the fewest leads in the last 30 days for their weight; stable ties."""
    best, best_key = None, None
    for m in team.members:
        if m is exclude or not employed(m, d) or on_leave(m, d):
            continue
        recent = sum(1 for x in m.intake[-200:] if (d - x).days < 30)
        key = (recent / m.weight, m.id)
        if best_key is None or key < best_key:
            best, best_key = m, key
    return best


def rotation(teams: list, t: dt.datetime):
    """A2/A4: the next inside consultant on post in the rotation of the team with fewest walk-ins."""
    for team in sorted(teams, key=lambda tm: (tm.walk_ins, tm.id)):
        for i, p in enumerate(team.queue):
            if on_post(p, t):
                team.queue.append(team.queue.pop(i))
                team.walk_ins += 1
                return p
    return None
