"""The duty and assignment rules as the demo applies them while it writes its story.

The demo cannot call the engines on loaded records (it writes the records), so what it needs of
the rules comes from the domain helpers where their answer is the demo's, and the rest is the
demo's own simplification, here and nowhere else in the package. Every function keeps the demo's
bytes: changing what one of them answers changes the generated files.

From the domain helpers (no copy):

- `shift(p, d)` is `salesctl.domain.duty.Duty(policy).shifts[...]`, the policy's shift spans.
- `on_post(p, t)` asks `Duty.on_post(s, day, minute)` whether t falls in p's shift and
  outside its breaks (A4). No overnight shift is in the policy defaults.
- `employed(p, d)` is `salesctl.domain.staffing.employed_between` for the one day: the dates
  alone (O3). The demo's `status` is the state at the end of the period, so a leaver and a person
  on long leave still work before their dates; `staffing.cannot_take_leads` would refuse them on
  every day, which is why the demo does not ask it.

The demo's own simplifications (a story generator, not the engine: `salesctl assign` runs the
real A1/A2 on the records the demo writes):

- `on_leave(p, d)`: the demo's leave periods are (start, end, why) tuples, not `schema.Leave`.
- `works(p, d)`: a shift that weekday, employed, not a day off of the demo's attendance plan.
- `by_capacity(team, d)`: A1 level two, approximately: fewest leads *received in the last 30
  days* per unit of weight (the engine counts open leads, with caps and the intake window).
- `rotation(teams, t)`: A2/A4: the first of a team's queue on post at t takes the walk-in and
  goes to the back, the skipped keep their place; the team with the fewest walk-ins so far.
"""
from __future__ import annotations

import datetime as dt

from salesctl.domain.calendar import WEEKDAYS
from salesctl.domain.duty import Duty, ShiftSpan
from salesctl.domain.staffing import employed_between
from salesctl.policy import DEFAULT as POLICY

CLOCK = Duty(POLICY)


def employed(p, d: dt.date) -> bool:
    """p has joined by day d and not left before it (status is not read: see above)."""
    return employed_between(p, d, d) is not None


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
    return works(p, d) and CLOCK.on_post(p, d, t.hour * 60 + t.minute) is None


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
