"""Lead assignment (A1-A6, L5, L6): who gets each lead of the shared pool, and why.

    assign(records, as_of, team=None, state=None) -> Result
        every pool lead (no owner, open, created at or before as_of), in the order it
        entered the pool, gets a Decision: its team, its owner (or none: it stays in the
        pool), the rule id, the reason in words and the trace of the decision. Result.state
        is the walk-in rotation after the run (state/rotation.yaml).

    report(records, month) -> list of rows: the fairness report of a month.

Pure: no clock, no files, no randomness. The same records, state and as_of always give the
same decisions. The rules, in the order they are tried for one lead:

1. A3 designated customer: `lead.designated`, else a consultant voucher (`voucher.kind:
   consultant`, `voucher.staff`), goes to that consultant when they are available (status
   active, employed, not on a leave period; shifts do not matter: a booked customer is
   theirs) and under their caps. It does not use their rotation turn. When the designee
   cannot take it, the lead goes through the rules below and the reason says why.
2. A1 level one, for a lead without a team: the first policy route that matches its source
   (and company) names a channel; of the teams of that channel the lead goes to the one with
   the fewest open leads per unit of capacity (capacity: the sum of the weights of the
   members who can take this lead now); ties to the team id.
3. A2/A4/A5 walk-ins (policy assign.walk_in_sources) arriving (not ones returned to the pool,
   which go by rule 4): fair rotation (公平轮客) among the
   team's inside consultants. The queue of each team is kept in state/rotation.yaml; the
   lead goes to the first consultant in the queue who is on duty at the arrival time (status
   active, employed, not on leave, a shift covering the time and not on a break), under their
   caps and not busy with another walk-in (A5, policy busy_minutes); that consultant moves
   to the back of the queue. Whoever is skipped keeps their place: they are next when back.
4. A1 level two, other leads: the team member with the fewest open leads per unit of weight
   (the most spare capacity relative to ability), never above max_open_leads or the intake
   cap; ties to fewer leads received in the last intake_days days (the same on fresh records
   as "fewer this run", but independent of how a stream is split into runs), then staff id.
A lead nobody can take stays in the pool, with the reason.

Times: a lead enters the pool when it is created (a walk-in: when the customer arrived) or
when it was last returned to the pool (the last ownership-log entry); that moment decides
who is on duty and is the `when` of the ownership-log entry the assignment writes. Staff ids
and team ids are ordered naturally (S-2 before S-10).
"""
from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Annotated

import msgspec

from salesctl.domain import ownership
from salesctl.domain.calendar import WEEKDAYS, month_bounds, month_of, midnight
from salesctl.domain.duty import Duty
from salesctl.domain.staffing import away, cannot_take_leads, employed_between
from salesctl.records import OPEN_STATUSES, Records
from salesctl.schema import Lead, Staff

BY = ownership.AUTOMATIC  # `by` of automatic ownership-log entries
STATE_NAME = "rotation"  # records.state key
STATE_PATH = "state/rotation.yaml"
DESIGNATED, ROTATION, CAPACITY, POOL = "designated", "rotation", "capacity", "pool"


def natkey(s: str) -> tuple:
    """Natural order of ids: S-2 before S-10."""
    parts = re.split(r"(\d+)", s)
    return tuple((0, int(p), p) if i % 2 else (1, 0, p) for i, p in enumerate(parts))


# ----------------------------------------------------------------------------- the state file
Turns = Annotated[int, msgspec.Meta(ge=0)]


class TeamRotation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One team's walk-in rotation: who is next, and how many turns each consultant took."""

    queue: tuple[str, ...] = ()
    turns: dict[str, Turns] = {}


class RotationState(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """state/rotation.yaml: the fair rotation (A2) of every team."""

    teams: dict[str, TeamRotation] = {}


def parse_state(raw) -> tuple[RotationState, list[tuple[tuple, str]]]:
    """Raw data of state/rotation.yaml -> (state, problems as (key path, message))."""
    from salesctl.loader import convert

    if raw is None:
        return RotationState(), []
    shape = "the rotation state is a mapping with one key, teams: {TEAM: {queue: [STAFF ...], turns: {STAFF: N}}}"
    if not isinstance(raw, dict):
        return RotationState(), [((), shape)]
    errs: list[tuple[tuple, str]] = [((k,), f"unknown field {k} ({shape})") for k in raw if k != "teams"]
    teams_raw = raw.get("teams") or {}
    if not isinstance(teams_raw, dict):
        return RotationState(), errs + [(("teams",), f"teams: expected a mapping of team id to queue and turns ({shape})")]
    teams = {}
    for tid, value in teams_raw.items():
        if value is None:
            value = {}
        if not isinstance(value, dict):
            errs.append((("teams", tid), f"teams.{tid}: expected a mapping with queue and turns"))
            continue
        turns = value.get("turns")
        if isinstance(turns, dict):
            bad = [(sid, n) for sid, n in turns.items() if isinstance(n, bool) or not isinstance(n, int) or n < 0]
            if bad:
                errs += [(("teams", tid, "turns", sid), f"teams.{tid}.turns.{sid}: {n!r} is not a whole number >= 0") for sid, n in bad]
                continue
        tr, terrs = convert(value, TeamRotation)
        errs += [(("teams", tid) + path, f"teams.{tid}.{msg}" if not msg.startswith("unknown field") and not msg.startswith("missing")
                  else msg.replace(" field ", f" field teams.{tid}.", 1)) for path, msg in terrs]
        if tr is None:
            continue
        seen = set()
        for i, sid in enumerate(tr.queue):
            if sid in seen:
                errs.append((("teams", tid, "queue", i), f"teams.{tid}.queue: {sid} is in the queue twice"))
            seen.add(sid)
        teams[str(tid)] = tr
    return (RotationState() if errs else RotationState(teams=teams)), errs


def state_text(state: RotationState) -> str:
    """The state file's text (written by `salesctl assign`)."""
    from salesctl.yamlio import dumps

    data = {"teams": {t: {"queue": list(tr.queue), "turns": dict(sorted(tr.turns.items(), key=lambda kv: natkey(kv[0])))}
                      for t, tr in sorted(state.teams.items(), key=lambda kv: natkey(kv[0]))}}
    return ("# Walk-in rotation (公平轮客, A2), written by `salesctl assign`: per team, the queue\n"
            "# (first = next) and the turns each consultant has taken. Edit only to reset a queue.\n"
            + dumps(data))


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Decision:
    lead: str
    name: str
    source: str
    team: str | None         # the lead's team after the decision (for a pool lead: its team, if any)
    owner: str | None        # None: stays in the pool
    rule: str                # A1, A2, A3
    reason: str
    trace: tuple[str, ...]
    kind: str                # designated, rotation, capacity, pool
    when: dt.datetime        # when the lead entered the pool: the time the rules were applied at
    at_desk: bool = False    # a walk-in decided at its arrival: the consultant served them then

    def changes(self) -> dict:
        """Fields the decision sets on the lead (empty for a lead that stays in the pool)."""
        return {"team": self.team, "owner": self.owner} if self.owner else {}

    def log_entry(self, as_of: dt.datetime | None = None) -> dict:
        """The ownership-log entry (L5) of the decision. `when` is the moment the rules were applied
        at; a lead that waited in the pool is only really given when the run writes it, so its entry
        also says `logged: as_of`, and ownership counts from then (reclaim's idle clock, the owner at
        signing). A walk-in decided at its arrival was served then: no `logged`."""
        late = as_of is not None and not self.at_desk and as_of > self.when
        return ownership.entry(self.when, BY, None, self.owner, self.rule, self.reason, as_of if late else None)


@dataclass(frozen=True)
class Result:
    decisions: tuple[Decision, ...]
    state: RotationState            # the rotation after the run
    state_changed: bool             # whether state differs from the one given
    as_of: dt.datetime | None = None  # the run's moment (what a waiting lead's log entry is logged at)

    @property
    def assigned(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.owner)

    def counts(self) -> Counter:
        return Counter(d.kind for d in self.decisions)

    def message(self) -> str:
        c = self.counts()
        n = len(self.assigned)
        return (f"assign: {n} lead{'s' if n != 1 else ''} ({c[ROTATION]} rotation, "
                f"{c[DESIGNATED]} designated, {c[CAPACITY]} capacity)")


# ----------------------------------------------------------------------------- the engine
def assign(records: Records, as_of: dt.datetime, team: str | None = None,
           state: RotationState | dict | None = None) -> Result:
    """Decide every pool lead created at or before as_of (see the module docstring).

    `team` limits the result to leads that end up in (or already belong to) that team; the
    other leads are still decided first (so the numbers the rules compare are those of a
    full run) but left out, and only that team's rotation advances. `state` defaults to
    records.state["rotation"]; raw data is validated (ValueError when invalid).
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a timezone")
    if state is None or isinstance(state, dict):
        state, errs = parse_state(state if state is not None else records.state.get(STATE_NAME))
        if errs:
            raise ValueError(f"{STATE_PATH}: " + "; ".join(m for _, m in errs))
    run = Bookkeeping(records, state)
    pool = [lead for lead in records.leads.values()
            if lead.owner is None and lead.status in OPEN_STATUSES
            and lead.created <= as_of and ownership.entered_pool(lead) <= as_of]
    queue = [(ownership.entered_pool(lead), natkey(lead.id), lead) for lead in pool]
    heapq.heapify(queue)
    decisions, waited = [], {}
    while queue:
        t, key, lead = heapq.heappop(queue)
        d, retry = run.decide(lead, t, waited.get(lead.id, ()))
        if d.owner is None and retry is not None and retry <= as_of:
            # nobody could take it at t: it waits in the pool until someone could
            waited[lead.id] = waited.get(lead.id, ()) + (
                f"{run.clock.local(t):%Y-%m-%d %H:%M}: {d.reason.removeprefix('stays in the pool: ')}; "
                f"waits until {run.clock.local(retry):%Y-%m-%d %H:%M}",)
            heapq.heappush(queue, (retry, key, lead))
            continue
        decisions.append(d)
    if team is not None:
        decisions = [d for d in decisions if d.team == team or records.leads[d.lead].team == team]
    teams = dict(state.teams)
    for tid, (q, turns) in run.rotations.items():
        if team is None or tid == team:
            teams[tid] = TeamRotation(queue=tuple(q), turns={k: v for k, v in turns.items() if v})
    new = RotationState(teams=teams)
    return Result(tuple(decisions), new, new != state, as_of)


def a3_designee(lead: Lead) -> tuple[str | None, str]:
    """A3: the consultant a customer is designated to (asked for by name or booked, or showed
    that consultant's own trial voucher), and how; (None, "") for a customer nobody asked for."""
    if lead.designated:
        return lead.designated, "asked for by name or booked"
    v = lead.voucher
    if v and v.kind == "consultant" and v.staff:
        return v.staff, "showed their consultant voucher" + (f" {v.code}" if v.code else "")
    return None, ""


def a6_campaign_voucher(lead: Lead) -> bool:
    """A6: a holder of a voucher or free card the company handed out is a new customer, not designated."""
    return bool(lead.voucher and lead.voucher.kind == "campaign")


class Bookkeeping:
    """The mutable bookkeeping of one run of the rules (open leads, intake, queues, who can take
    a lead when); used by assign() and by the pool's claim. Not shared between runs."""

    def __init__(self, records: Records, state: RotationState):
        self.r = records
        pol = records.policy
        self.pa = pol.assign
        self.clock = Duty(pol)
        self.cooldown = dt.timedelta(days=pol.reclaim.cooldown_days)
        self.walk_ins = set(self.pa.walk_in_sources)
        self.state = state
        # weights as integers (exact ties, fast comparisons)
        fr = {sid: Fraction(str(s.weight)) for sid, s in records.staff.items()}
        scale = 1
        for f in fr.values():
            scale = lcm(scale, f.denominator)
        self.scale = scale
        self.W = {sid: int(f * scale) for sid, f in fr.items()}
        self.members: dict[str, list[Staff]] = {
            t: sorted(ms, key=lambda s: natkey(s.id)) for t, ms in records.members.items()}
        self.teams_by_channel: dict[str, list[str]] = defaultdict(list)
        for t in sorted(records.teams.values(), key=lambda t: natkey(t.id)):
            if t.channel:
                self.teams_by_channel[t.channel].append(t.id)
        self.open: Counter = Counter()
        self.team_load: Counter = Counter()
        self.walk_in_times: dict[str, list[dt.datetime]] = defaultdict(list)
        self.received: dict[str, list[dt.date]] = defaultdict(list)
        self.returned: dict[str, dict[str, dt.datetime]] = {}   # lead -> staff -> last return to the pool
        for lead in records.leads.values():
            is_open = lead.status in OPEN_STATUSES
            if is_open and lead.owner:
                self.open[lead.owner] += 1
            if is_open and lead.team:
                self.team_load[lead.team] += 1
            if lead.owner and lead.source in self.walk_ins:
                self.walk_in_times[lead.owner].append(lead.created)
            for e in lead.log:
                if e.to:
                    self.received[e.to].append(self.clock.day(e.when))
                elif e.from_:
                    self.returned.setdefault(lead.id, {})[e.from_] = e.when
        for xs in self.received.values():
            xs.sort()
        for xs in self.walk_in_times.values():
            xs.sort()
        self.rotations: dict[str, tuple[list[str], dict[str, int]]] = {}
        self._cap_cache: dict[str, dict[dt.date, tuple[int, bool]]] = {}
        self._capped: dict[str, dict[dt.date, str | None]] = {}
        self._segments: dict[tuple[str, dt.date], tuple[list[int], list[tuple[str, ...]]]] = {}
        self._walk_cap: dict[str, dict[tuple[dt.date, int], int]] = {}

    # -- who can take a lead -------------------------------------------------------
    def name(self, sid: str) -> str:
        s = self.r.staff.get(sid)
        return f"{s.name} ({sid})" if s else sid

    def max_open(self, s: Staff) -> int:
        return s.max_open_leads if s.max_open_leads is not None else self.pa.max_open_leads

    def intake(self, sid: str, d: dt.date) -> int:
        xs = self.received.get(sid, ())
        lo = d - dt.timedelta(days=self.pa.intake_days)
        return bisect.bisect_right(xs, d) - bisect.bisect_right(xs, lo)

    def capped(self, s: Staff, d: dt.date) -> str | None:
        """Why s is at a cap on day d (max_open_leads, intake cap), or None; cached until s gets a lead."""
        per = self._capped.setdefault(s.id, {})
        if d not in per:
            per[d] = self._capped_now(s, d)
        return per[d]

    def _capped_now(self, s: Staff, d: dt.date) -> str | None:
        mx = self.max_open(s)
        if self.open[s.id] >= mx:
            return f"at cap: {self.open[s.id]} open leads (max_open_leads {mx})"
        cap = self.pa.intake_cap
        if cap is not None:
            n = self.intake(s.id, d)
            if n >= cap:
                return f"at intake cap: {n} leads received in {self.pa.intake_days} days (intake_cap {cap})"
        return None

    def cooling(self, sid: str, lead: Lead, t: dt.datetime) -> str | None:
        back = self.returned.get(lead.id, {}).get(sid)
        if back is not None and t < back + self.cooldown:
            return f"lead returned to the pool from them on {self.clock.day(back)}; not back before {self.clock.day(back + self.cooldown)} (L6 cooldown)"
        return None

    def a5_busy(self, sid: str, t: dt.datetime) -> str | None:
        """A5: a consultant finishes the current walk-in first: busy for assign.busy_minutes after taking one."""
        n = self.pa.busy_minutes
        if not n:
            return None
        xs = self.walk_in_times.get(sid, ())
        i = bisect.bisect_right(xs, t)
        if i and xs[i - 1] > t - dt.timedelta(minutes=n):
            return f"busy with a walk-in since {self.clock.local(xs[i - 1]):%H:%M} (A5, busy_minutes {n})"
        return None

    def rotation_members(self, team: str) -> list[Staff]:
        roles = self.pa.rotation_roles
        return [s for s in self.members.get(team, ()) if s.channel == "inside" and s.role in roles]

    def capacity_members(self, team: str) -> list[Staff]:
        roles = self.pa.capacity_roles
        return [s for s in self.members.get(team, ()) if s.role in roles]

    def a4_why_skipped(self, s: Staff, lead: Lead, t: dt.datetime) -> str | None:
        """A4: why the rotation skips s for a walk-in at t (not on post, capped, busy, cooling down), or None."""
        return (self.clock.why_off(s, t) or self.capped(s, self.clock.day(t)) or self.a5_busy(s.id, t)
                or self.cooling(s.id, lead, t))

    def why_not_other(self, s: Staff, lead: Lead, t: dt.datetime) -> str | None:
        d = self.clock.day(t)
        return cannot_take_leads(s, d) or self.capped(s, d) or self.cooling(s.id, lead, t)

    def lapse(self, s: Staff, lead: Lead, t: dt.datetime) -> dt.datetime | None:
        """The first time after t at which what keeps s from taking this lead (other than a
        walk-in's shift) could be over; None when it will not be over by itself."""
        d = self.clock.day(t)

        tz = self.clock.tz
        gone = away(s, d)
        if gone is not None:   # left or on long leave: not over by itself
            if gone.kind == "not-joined":
                return midnight(s.joined, tz)
            return midnight(gone.leave.end + dt.timedelta(days=1), tz) if gone.kind == "leave" else None
        if self.open[s.id] >= self.max_open(s):
            return None
        cap = self.pa.intake_cap
        if cap is not None and self.intake(s.id, d) >= cap:
            xs = self.received.get(s.id, [])
            lo = bisect.bisect_right(xs, d - dt.timedelta(days=self.pa.intake_days))
            hi = bisect.bisect_right(xs, d)
            # the day the (n - cap + 1)-th oldest receipt in the window leaves it
            return midnight(xs[lo + (hi - lo) - cap] + dt.timedelta(days=self.pa.intake_days), tz)
        back = self.returned.get(lead.id, {}).get(s.id)
        if back is not None and t < back + self.cooldown:
            return back + self.cooldown
        return None

    # -- rotation queue ----------------------------------------------------------------
    def queue(self, team: str) -> tuple[list[str], dict[str, int]]:
        if team not in self.rotations:
            tr = self.state.teams.get(team, TeamRotation())
            members = self.rotation_members(team)
            ids = {s.id for s in members if s.status != "left"}
            q = [sid for sid in tr.queue if sid in ids]
            q += [s.id for s in members if s.id in ids and s.id not in q]
            turns = {sid: tr.turns.get(sid, 0) for sid in q}
            self.rotations[team] = (q, turns)
        return self.rotations[team]

    # -- level one: a team for a lead without one --------------------------------------
    def on_duty_at(self, team: str, lt: dt.datetime) -> tuple[tuple[str, ...], int]:
        """Rotation members of team on post at local time lt (by shift, break, leave, status),
        and the index of the stretch of the day with that same set (for caching)."""
        d = lt.date()
        key = (team, d)
        seg = self._segments.get(key)
        if seg is None:
            emp = [s for s in self.rotation_members(team) if cannot_take_leads(s, d) is None]
            wd = d.weekday()
            points = sorted({0}.union(*(self.clock.boundaries(s, wd) for s in emp)))
            seg = self._segments[key] = (points, [tuple(s.id for s in emp if self.clock.on_post(s, wd, p) is None)
                                                  for p in points])
        i = bisect.bisect_right(seg[0], lt.hour * 60 + lt.minute) - 1
        return seg[1][i], i

    def team_capacity(self, team: str, lead: Lead, t: dt.datetime, walk_in: bool) -> tuple[int, str]:
        """(sum of scaled weights of members who can take the lead now, why none when 0)."""
        if walk_in:
            lt = self.clock.local(t)
            d = lt.date()
            on, i = self.on_duty_at(team, lt)
            cache = self._walk_cap.setdefault(team, {})
            total = None if self.pa.busy_minutes else cache.get((d, i))
            if total is None:
                total = sum(self.W[sid] for sid in on
                            if self.capped(self.r.staff[sid], d) is None and self.a5_busy(sid, t) is None)
                if not self.pa.busy_minutes:
                    cache[(d, i)] = total
            if total:
                return total, ""
            if not self.rotation_members(team):
                return 0, "no inside consultant"
            return 0, "nobody on duty and under their caps" if on else "nobody on duty"
        d = self.clock.day(t)
        cache = self._cap_cache.setdefault(team, {})
        hit = cache.get(d)
        if hit is None:
            total = 0
            members = self.capacity_members(team)
            for s in members:
                if cannot_take_leads(s, d) is None and self.capped(s, d) is None:
                    total += self.W[s.id]
            hit = cache[d] = (total, bool(members))
        return hit[0], ("" if hit[0] else ("nobody available or under their caps" if hit[1] else "no members"))

    def route(self, lead: Lead) -> tuple[int, object] | None:
        for i, rt in enumerate(self.pa.routes):
            if rt.sources and lead.source not in rt.sources:
                continue
            if rt.company is not None and bool(lead.company) != rt.company:
                continue
            return i, rt
        return None

    def pick_team(self, lead: Lead, t: dt.datetime, walk_in: bool, trace: list[str]) -> tuple[str | None, str]:
        found = self.route(lead)
        if found is None:
            trace.append(f"no route in policy assign.routes takes source {lead.source!r}")
            return None, f"no route in policy assign.routes takes source {lead.source!r}"
        i, rt = found
        what = f"source {lead.source}" + (" with a company" if rt.company else "")
        teams = self.teams_by_channel.get(rt.channel, [])
        if not teams:
            trace.append(f"route {i + 1} ({what}) -> channel {rt.channel}: no team of that channel")
            return None, f"no team of channel {rt.channel} (route {i + 1} of policy assign.routes)"
        best, best_load, best_cap, parts = None, 0, 0, []
        for tid in teams:
            cap, why = self.team_capacity(tid, lead, t, walk_in)
            load = self.team_load[tid]
            if not cap:
                parts.append(f"{tid}: {why}")
                continue
            parts.append(f"{tid}: {load} open / capacity {_num(cap / self.scale)} = {load * self.scale / cap:.2f}")
            if best is None or load * best_cap < best_load * cap:
                best, best_load, best_cap = tid, load, cap
        trace.append(f"level 1, route {i + 1} ({what}) -> channel {rt.channel}: " + "; ".join(parts)
                     + (f" -> {best} (fewest open leads per unit of capacity)" if best else " -> no team can take it"))
        if best is None and len(teams) == 1:   # the only team: let its members' reasons show
            return teams[0], f"to team {teams[0]} by route {lead.source} -> {rt.channel}"
        if best is None:
            if not walk_in:
                self.retry = min((x for tid in teams for s in self.capacity_members(tid)
                                  if (x := self.lapse(s, lead, t)) is not None), default=None)
            return None, f"no {rt.channel} team can take it ({'; '.join(parts)})"
        return best, f"to team {best} by route {lead.source} -> {rt.channel}"

    def a3_why_not(self, s: Staff | None, lead: Lead, t: dt.datetime, d: dt.date) -> str | None:
        """A3: why the designee cannot take their designated customer now (gone, on leave, capped, cooling down), or None."""
        if s is None:
            return "is not in the staff records"
        return (cannot_take_leads(s, d)
                or (self.capped(s, d) if self.pa.designated_within_caps else None)
                or self.cooling(s.id, lead, t))

    # -- one lead -------------------------------------------------------------------
    def decide(self, lead: Lead, t: dt.datetime, waited: tuple[str, ...] = ()) -> tuple[Decision, dt.datetime | None]:
        """The decision for a lead at time t, and (when nobody could take it) the first later
        time someone might: a leave ends, a cooldown runs out, the intake window moves on."""
        entry = ownership.entered_pool(lead)
        lt = self.clock.local(t)
        returned = ownership.ever_owned(lead)    # owned before: no customer is at the desk now
        walk_in = lead.source in self.walk_ins and not returned
        el = self.clock.local(entry)
        trace = [f"{'arrived' if walk_in else 'in the pool since'} {el:%Y-%m-%d %H:%M} {WEEKDAYS[el.weekday()]}"
                 + (f" (returned to the pool; created {self.clock.local(lead.created):%Y-%m-%d %H:%M})" if returned else "")]
        trace += [f"waited: {w}" for w in waited]
        if returned and lead.source in self.walk_ins:
            trace.append("a walk-in returned to the pool is shared by capacity (A1), not by the rotation of arrivals (A2)")
        prefix, routed = [], []
        if waited:
            prefix.append(f"waited in the pool from {el:%Y-%m-%d %H:%M} to {lt:%Y-%m-%d %H:%M}")
            trace.append(f"tried again {lt:%Y-%m-%d %H:%M} {WEEKDAYS[lt.weekday()]}")
        self.retry = designee_back = None

        def done(team, owner, rule, kind, reason) -> tuple[Decision, dt.datetime | None]:
            reason = "; ".join(prefix + (routed if owner else []) + [reason])
            if owner:
                self._took(lead, team, owner, t, walk_in)
            return Decision(lead.id, lead.name, lead.source, team, owner, rule, reason, tuple(trace), kind, t,
                            at_desk=walk_in and not waited), \
                (None if owner or walk_in else min((x for x in (self.retry, designee_back) if x is not None), default=None))

        designee, how = a3_designee(lead)
        if designee:
            s = self.r.staff.get(designee)
            why = self.a3_why_not(s, lead, t, lt.date())
            if not why:
                team = s.team or lead.team
                trace.append(f"A3 designated: {self.name(designee)} ({how}) can take it; not a rotation turn")
                note = f" (the lead was in team {lead.team})" if lead.team and lead.team != team else ""
                return done(team, designee, "A3",  DESIGNATED,
                            f"designated customer of {self.name(designee)} ({how}); not a rotation turn{note}")
            trace.append(f"A3 designated: {self.name(designee)} ({how}) {why}: normal rules apply")
            if s is not None:
                designee_back = self.lapse(s, lead, t)
            prefix.append(f"designee {self.name(designee)} {why}, so by the normal rules")
        elif a6_campaign_voucher(lead):
            trace.append("A6 campaign voucher: a new customer, not designated")
            prefix.append("campaign voucher: a new customer (A6)")

        rule = "A2" if walk_in else "A1"
        team = lead.team
        if team is None:
            team, why = self.pick_team(lead, t, walk_in, trace)
            if team is None:
                return done(None, None, rule, POOL, f"stays in the pool: {why}")
            routed.append(why)
        else:
            trace.append(f"team {team} (set on the lead)")
        if walk_in:
            return self.a2_rotation(lead, team, t, trace, done)
        return self.a1_capacity(lead, team, t, trace, done)

    def a2_rotation(self, lead: Lead, team: str, t: dt.datetime, trace: list[str], done) -> Decision:
        """A2: a walk-in goes to the next consultant of the team's queue who is on post; A4: those skipped keep their place."""
        q, turns = self.queue(team)
        if not q:
            trace.append(f"A2 rotation of {team}: no inside consultant in the team")
            return done(team, None, "A2", POOL, f"stays in the pool: team {team} has no inside consultant for the rotation")
        trace.append(f"A2 rotation of {team}, queue: " + ", ".join(q))
        skipped = []
        for sid in q:
            s = self.r.staff[sid]
            why = self.a4_why_skipped(s, lead, t)
            if why:
                trace.append(f"{self.name(sid)}: skipped, {why}; keeps their place (A4)")
                skipped.append(f"{self.name(sid)} {why}")
                continue
            q.remove(sid)
            q.append(sid)
            turns[sid] = turns.get(sid, 0) + 1
            trace.append(f"{self.name(sid)}: on duty, their turn -> {sid}; queue now " + ", ".join(q))
            reason = f"fair rotation in {team}: {self.name(sid)}'s turn"
            if skipped:
                reason += "; skipped, keeping their place: " + "; ".join(skipped)
            return done(team, sid, "A2", ROTATION, reason)
        return done(team, None, "A2", POOL, f"stays in the pool: nobody in the {team} rotation can take it ("
                    + "; ".join(skipped) + ")")

    def a1_capacity(self, lead: Lead, team: str, t: dt.datetime, trace: list[str], done) -> Decision:
        """A1 level 2: the member with the fewest open leads per unit of weight (ties: fewer received, then id)."""
        d = self.clock.day(t)
        days = self.pa.intake_days
        members = self.capacity_members(team)
        eligible, lines, skipped = [], [], []
        for s in members:
            why = self.why_not_other(s, lead, t)
            if why:
                lines.append(f"{s.id} skipped, {why}")
                skipped.append(f"{self.name(s.id)} {why}")
                continue
            o, w = self.open[s.id], self.W[s.id]
            eligible.append((s, o, w))
            lines.append(f"{s.id} {o} open / weight {_num(s.weight)} = {o * self.scale / w:.2f}")
        trace.append(f"A1 level 2 in {team}: " + ("; ".join(lines) if lines else "no members"))
        if not eligible:
            self.retry = min((x for x in (self.lapse(s, lead, t) for s in members) if x is not None), default=None)
            return done(team, None, "A1", POOL, f"stays in the pool: nobody in team {team} can take it"
                        + (" (" + "; ".join(skipped) + ")" if skipped else " (no members)"))
        best = eligible[0]
        for cand in eligible[1:]:   # in staff id order: a later one wins only when strictly lower
            if cand[1] * best[2] < best[1] * cand[2]:
                best = cand
        s, o, w = best
        tied = [c for c in eligible if c[1] * w == o * c[2]]
        tie = ""
        if len(tied) > 1:           # fewer leads received in the intake window, then staff id
            got = {c[0].id: self.intake(c[0].id, d) for c in tied}
            s, o, w = min(tied, key=lambda c: got[c[0].id])   # min keeps the first (lowest id) of equals
            fewest = got[s.id]
            tie = (" (tie: staff id)" if all(n == fewest for n in got.values())
                   else f" (tie: fewer leads received in {days} days)")
            trace.append(f"tie at {o * self.scale / w:.2f}: " + ", ".join(f"{k} {n} received in {days} days" for k, n in got.items()))
        trace.append(f"-> {s.id}: fewest open leads per unit of weight{tie}")
        return done(team, s.id, "A1", CAPACITY,
                    f"capacity in {team}: {self.name(s.id)} has the most spare capacity "
                    f"({o} open / weight {_num(s.weight)}){tie}")

    def _took(self, lead: Lead, team: str | None, sid: str, t: dt.datetime, walk_in: bool) -> None:
        d = self.clock.day(t)
        self.open[sid] += 1
        bisect.insort(self.received[sid], d)
        if walk_in:
            bisect.insort(self.walk_in_times[sid], t)
        if team != lead.team:
            if lead.team:
                self.team_load[lead.team] -= 1
            if team:
                self.team_load[team] += 1
        self._capped.pop(sid, None)
        s = self.r.staff.get(sid)
        if s is not None and s.team:
            self._cap_cache.pop(s.team, None)
            self._walk_cap.pop(s.team, None)


def _num(x: float) -> str:
    return f"{x:g}"


# ----------------------------------------------------------------------------- apply in memory
def applied(records: Records, result: Result) -> Records:
    """The records as a real run would leave them (tests and benchmarks; the CLI writes files)."""
    leads = dict(records.leads)
    for d in result.assigned:
        lead = leads[d.lead]
        e = d.log_entry(result.as_of)
        leads[d.lead] = msgspec.structs.replace(
            lead, team=d.team, owner=d.owner,
            log=lead.log + (ownership.as_change(e),))
    state = dict(records.state)
    state[STATE_NAME] = msgspec.to_builtins(result.state)
    return records.replace(state=state, leads=leads.values())


# ----------------------------------------------------------------------------- fairness report
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

    clock = Duty(records.policy)
    pa = records.policy.assign
    first, last = month_bounds(month)
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
