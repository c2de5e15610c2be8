"""The fairness report of a month (A1, A2, L6): leads received per person by rule, shares, turn gaps."""
from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict


from salesctl.domain import ownership
from salesctl.domain.calendar import month_bounds, month_of
from salesctl.domain.duty import Duty
from salesctl.domain.staffing import employed_between
from salesctl.records import Records
from salesctl.schema import Staff

from salesctl.engines.assign.results import BY
from salesctl.engines.assign.state import natkey


REPORT_COLUMNS = ["team", "staff", "name", "weight", "received", "rotation", "designated", "capacity", "claimed",
                  "other", "team_share", "weight_share", "turn_gap"]


def report(records: Records, month: str) -> list[dict]:
    """Per person, the leads received in `month` (YYYY-MM) by rule, and how fair that was.

    received: ownership-log entries to the person dated in the month; rotation (A2),
    designated (A3), capacity (A1), claimed (taken from the pool by hand, L6), other
    (manual). team_share: their part of the team's leads received, percent; weight_share:
    their part of the team's weight, percent. turn_gap (A2): the largest difference in
    rotation turns between them and another consultant of the team over any stretch of time
    both were on duty (empty for people outside the rotation).
    """
    from decimal import Decimal

    clock = Duty(records.policy, records.attendance_by_staff)
    pa = records.policy.assign
    first, last = month_bounds(month)
    counts, turns = _received(records, month, clock)
    roles = set(pa.capacity_roles) | set(pa.rotation_roles)
    people = [s for s in records.staff.values()
              if (s.team and s.role in roles and employed_between(s, first, last) is not None)
              or counts.get(s.id)]
    by_team: dict[str, list[Staff]] = defaultdict(list)
    for s in people:
        by_team[s.team or ""].append(s)
    rows = []
    hundred = Decimal(100)
    for tid in sorted(by_team, key=natkey):
        ms = sorted(by_team[tid], key=lambda s: natkey(s.id))
        team_total = sum(counts[s.id]["received"] for s in ms)
        team_weight = sum((Decimal(str(s.weight)) for s in ms), Decimal(0))
        rot = [s for s in ms if s.channel == "inside" and s.role in pa.rotation_roles and tid]
        intervals = {s.id: clock.intervals(s, first, last) for s in rot}
        gaps = {s.id: 0 for s in rot}
        for i, a in enumerate(rot):
            for b in rot[i + 1:]:
                g = _turn_gap(intervals[a.id], intervals[b.id], sorted(turns[a.id]), sorted(turns[b.id]))
                gaps[a.id] = max(gaps[a.id], g)
                gaps[b.id] = max(gaps[b.id], g)
        for s in ms:
            c = counts[s.id]
            rows.append({
                "team": tid or None, "staff": s.id, "name": s.name, "weight": s.weight,
                "received": c["received"], "rotation": c["rotation"], "designated": c["designated"],
                "capacity": c["capacity"], "claimed": c["claimed"], "other": c["other"],
                "team_share": (hundred * c["received"] / team_total).quantize(Decimal("0.01")) if team_total else None,
                "weight_share": (hundred * Decimal(str(s.weight)) / team_weight).quantize(Decimal("0.01")) if team_weight else None,
                "turn_gap": gaps.get(s.id),
            })
    return rows


def _turn_gap(ia, ib, ta, tb) -> int:
    """Largest |turns of a - turns of b| over the stretches both were on duty."""
    gap = 0
    i = j = 0
    while i < len(ia) and j < len(ib):
        s = max(ia[i][0], ib[j][0])
        e = min(ia[i][1], ib[j][1])
        if s < e:
            na = bisect.bisect_left(ta, e) - bisect.bisect_left(ta, s)
            nb = bisect.bisect_left(tb, e) - bisect.bisect_left(tb, s)
            gap = max(gap, abs(na - nb))
        if ia[i][1] < ib[j][1]:
            i += 1
        else:
            j += 1
    return gap



def _received(records: Records, month: str, clock: Duty) -> tuple[dict[str, Counter], dict[str, list[dt.datetime]]]:
    """Per person, the ownership-log entries to them dated in the month, by rule (A1 capacity, A2
    rotation, A3 designated, L6 claimed, other), and the times of their rotation turns."""
    counts: dict[str, Counter] = defaultdict(Counter)
    turns: dict[str, list[dt.datetime]] = defaultdict(list)
    for lead in records.leads.values():
        for e in lead.log:
            if not e.to or month_of(clock.day(e.when)) != month:
                continue
            if e.rule == "A2" and e.by == BY:
                kind = "rotation"
                turns[e.to].append(e.when)
            elif e.rule == "A3" and e.by == BY:
                kind = "designated"
            elif e.rule == "A1" and e.by == BY:
                kind = "capacity"
            elif ownership.is_claim(e):
                kind = "claimed"
            else:
                kind = "other"
            counts[e.to][kind] += 1
            counts[e.to]["received"] += 1
    return counts, turns
