"""The assignment rules, one function each (A1 a1_capacity, A2 a2_rotation, A3 a3_why_not and
a3_designation, A4 a4_why_skipped and a4_pass_over, A5 a5_busy), over the bookkeeping of one run;
the designation rules themselves (A3 a3_designee, a3_lapsed; A6 a6_campaign_voucher; A7
a7_off_duty) are in designation.py."""
from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from fractions import Fraction
from dataclasses import dataclass
from math import lcm
from typing import Callable


from salesctl.domain import ownership
from salesctl.domain.calendar import WEEKDAYS, midnight
from salesctl.domain.duty import Duty
from salesctl.domain.staffing import away, cannot_take_leads
from salesctl.policy.assign import Assign
from salesctl.records import OPEN_STATUSES, Records
from salesctl.schema import Lead, Staff

from salesctl.engines.assign.designation import a3_designee, a3_lapsed, a6_campaign_voucher, a7_booked_note, a7_off_duty
from salesctl.engines.assign.results import (A1_REASON, A2_REASON, A3_REASON, CAPACITY, DESIGNATED, POOL, ROTATION,
                                             Decision, stays)
from salesctl.engines.assign.state import RotationState, TeamRotation, natkey
from salesctl.engines.assign.teams import LevelOne, _num
from salesctl.i18n import _


@dataclass(frozen=True)
class Book:
    """What assignment reads of one rule book: its assign settings, its rule switches, its shifts."""
    pa: Assign
    on: Callable[[str], bool]
    clock: Duty


class Bookkeeping(LevelOne):
    """The mutable bookkeeping of one run of the rules (open leads, intake, queues, who can take
    a lead when); used by assign() and by the pool's claim. Not shared between runs."""

    def __init__(self, records: Records, state: RotationState):
        self.r = records
        pol = records.policy
        self.pa = pol.assign      # the repository's: routes, walk-in sources (a team's own book: book_of)
        self.on = pol.on          # rules.<id>: a rule that is off is not run (A3, A5, A6, A7)
        self.clock = Duty(pol, records.attendance_by_staff)
        self._books: dict = {}
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

    # -- the rule book of a person or a team (several in one repository) ------------------
    def book(self, department: str | None) -> Book:
        """The assignment settings, rule switches and duty clock of a department's rule book."""
        if department not in self._books:
            pol = self.r.policies.of(department)
            self._books[department] = Book(pol.assign, pol.on, Duty(pol, self.r.attendance_by_staff) if pol is not self.r.policy else self.clock)
        return self._books[department]

    def book_of(self, s: Staff | None) -> Book:
        return self.book(self.r.department_of(s) if s is not None else None)

    def team_book(self, team: str | None) -> Book:
        t = self.r.teams.get(team or "")
        return self.book(t.department if t else None)

    # -- who can take a lead -------------------------------------------------------
    def name(self, sid: str) -> str:
        s = self.r.staff.get(sid)
        return f"{s.name} ({sid})" if s else sid

    def max_open(self, s: Staff) -> int:
        return s.max_open_leads if s.max_open_leads is not None else self.book_of(s).pa.max_open_leads

    def intake(self, sid: str, d: dt.date) -> int:
        xs = self.received.get(sid, ())
        lo = d - dt.timedelta(days=self.book_of(self.r.staff.get(sid)).pa.intake_days)
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
            return _("at cap: {n} open leads (max_open_leads {limit})").format(n=self.open[s.id], limit=mx)
        pa = self.book_of(s).pa
        cap = pa.intake_cap
        if cap is not None:
            n = self.intake(s.id, d)
            if n >= cap:
                return _("at intake cap: {n} leads received in {days} days (intake_cap {cap})").format(n=n, days=pa.intake_days, cap=cap)
        return None

    def cooling(self, sid: str, lead: Lead, t: dt.datetime) -> str | None:
        back = self.returned.get(lead.id, {}).get(sid)
        if back is not None and t < back + self.cooldown:
            return _("lead returned to the pool from them on {day}; not back before {until} (L6 cooldown)").format(
                day=self.clock.day(back), until=self.clock.day(back + self.cooldown))
        return None

    def a5_busy(self, sid: str, t: dt.datetime) -> str | None:
        """A5: a consultant finishes the current walk-in first: busy for assign.busy_minutes after taking one."""
        b = self.book_of(self.r.staff.get(sid))
        n = b.pa.busy_minutes
        if not n or not b.on("A5"):
            return None
        xs = self.walk_in_times.get(sid, ())
        i = bisect.bisect_right(xs, t)
        if i and xs[i - 1] > t - dt.timedelta(minutes=n):
            return _("busy with a walk-in since {time} (A5, busy_minutes {n})").format(time=f"{self.clock.local(xs[i - 1]):%H:%M}", n=n)
        return None

    def rotation_members(self, team: str) -> list[Staff]:
        roles = self.team_book(team).pa.rotation_roles
        return [s for s in self.members.get(team, ()) if s.channel == "inside" and s.role in roles]

    def capacity_members(self, team: str) -> list[Staff]:
        roles = self.team_book(team).pa.capacity_roles
        return [s for s in self.members.get(team, ()) if s.role in roles]

    def a4_why_skipped(self, s: Staff, lead: Lead, t: dt.datetime) -> str | None:
        """A4: why the rotation skips s for a walk-in at t (not on post, capped, busy, cooling down), or None."""
        return (self.book_of(s).clock.why_off(s, t) or self.capped(s, self.clock.day(t)) or self.a5_busy(s.id, t)
                or self.cooling(s.id, lead, t))

    def a4_pass_over(self, team: str, q: list[str], passed: list[str]) -> None:
        """A4 when policy assign.skipped_keeps_place is false: those skipped before the consultant who
        takes the walk-in lose that turn and go to the back of the queue, in their order (they get no
        lead and no turn count). When it is true (our reading) they keep their place: nothing moves."""
        if self.team_book(team).pa.skipped_keeps_place:
            return
        for sid in passed:
            q.remove(sid)
            q.append(sid)

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
        pa = self.book_of(s).pa
        cap = pa.intake_cap
        if cap is not None and self.intake(s.id, d) >= cap:
            xs = self.received.get(s.id, [])
            lo = bisect.bisect_right(xs, d - dt.timedelta(days=pa.intake_days))
            hi = bisect.bisect_right(xs, d)
            # the day the (n - cap + 1)-th oldest receipt in the window leaves it
            return midnight(xs[lo + (hi - lo) - cap] + dt.timedelta(days=pa.intake_days), tz)
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

    def a3_why_not(self, s: Staff | None, lead: Lead, t: dt.datetime, d: dt.date) -> str | None:
        """A3: why the designee cannot take their designated customer now (gone, on leave, capped, cooling down), or None."""
        if s is None:
            return _("is not in the staff records")
        return (cannot_take_leads(s, d)
                or (self.capped(s, d) if self.book_of(s).pa.designated_within_caps else None)
                or self.cooling(s.id, lead, t))

    def a3_designation(self, s: Staff | None, lead: Lead, t: dt.datetime, walk_in: bool) -> str | None:
        """A3 (with A7 for a walk-in at the desk): why the designation does not give the lead to the
        designee at t — it does not count (not a new customer, not that day), the designee cannot
        take leads, or is off duty and the customer did not book — or None."""
        b = self.book_of(s)
        if b.pa.designated_same_day:
            lapsed = a3_lapsed(lead, t, b.clock, self.r.deals_by_lead.get(lead.id, ()))
            if lapsed:
                return _("does not hold the designation: {why}").format(why=lapsed)
        why = self.a3_why_not(s, lead, t, self.clock.day(t))
        if why is None and walk_in and b.on("A7"):
            why = a7_off_duty(s, lead, t, b.clock)
        return why

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
        if designee and not self.book_of(self.r.staff.get(designee)).on("A3"):
            designee = None           # the designee's rule book does not run A3 (rules.A3: off)
        if designee:
            s = self.r.staff.get(designee)
            b = self.book_of(s)
            why = self.a3_designation(s, lead, t, walk_in)
            if not why:
                team = s.team or lead.team
                booked = a7_booked_note(s, lead, t, b.clock) if walk_in and b.on("A7") else ""
                trace.append(f"A3 designated: {self.name(designee)} ({how}) can take it{booked}; not a rotation turn")
                note = _(" (the lead was in team {team})").format(team=lead.team) if lead.team and lead.team != team else ""
                return done(team, designee, "A3",  DESIGNATED, A3_REASON(self.name(designee), how, booked, note))
            trace.append(f"A3 designated: {self.name(designee)} ({how}) {why}: normal rules apply")
            if s is not None and not b.pa.designated_same_day:
                designee_back = self.lapse(s, lead, t)
            prefix.append(_("designee {name} {why}, so by the normal rules").format(name=self.name(designee), why=why))
        elif self.team_book(lead.team).on("A6") and a6_campaign_voucher(lead):
            trace.append("A6 campaign voucher: a new customer, not designated")
            prefix.append(_("campaign voucher: a new customer (A6)"))

        rule = "A2" if walk_in else "A1"
        team = lead.team
        if team is None:
            team, why = self.pick_team(lead, t, walk_in, trace)
            if team is None:
                return done(None, None, rule, POOL, stays(why))
            routed.append(why)
        else:
            trace.append(f"team {team} (set on the lead)")
        if walk_in:
            return self.a2_rotation(lead, team, t, trace, done)
        return self.a1_capacity(lead, team, t, trace, done)

    def a2_rotation(self, lead: Lead, team: str, t: dt.datetime, trace: list[str], done) -> Decision:
        """A2: a walk-in goes to the next consultant of the team's queue who is on post; A4: those
        skipped keep their place (or lose their turn: a4_pass_over)."""
        q, turns = self.queue(team)
        if not q:
            trace.append(f"A2 rotation of {team}: no inside consultant in the team")
            return done(team, None, "A2", POOL, stays(_("team {team} has no inside consultant for the rotation").format(team=team)))
        trace.append(f"A2 rotation of {team}, queue: " + ", ".join(q))
        keeps = self.team_book(team).pa.skipped_keeps_place
        skipped, passed = [], []
        for sid in q:
            s = self.r.staff[sid]
            why = self.a4_why_skipped(s, lead, t)
            if why:
                trace.append(f"{self.name(sid)}: skipped, {why}; " + ("keeps their place (A4)" if keeps else "loses the turn (A4)"))
                skipped.append(f"{self.name(sid)} {why}")
                passed.append(sid)
                continue
            self.a4_pass_over(team, q, passed)
            q.remove(sid)
            q.append(sid)
            turns[sid] = turns.get(sid, 0) + 1
            trace.append(f"{self.name(sid)}: on duty, their turn -> {sid}; queue now " + ", ".join(q))
            reason = A2_REASON(team, self.name(sid))
            if skipped:
                reason += (_("; skipped, keeping their place: ") if keeps else _("; skipped, losing the turn: ")) + "; ".join(skipped)
            return done(team, sid, "A2", ROTATION, reason)
        return done(team, None, "A2", POOL, stays(_("nobody in the {team} rotation can take it ({why})").format(
            team=team, why="; ".join(skipped))))

    def a1_capacity(self, lead: Lead, team: str, t: dt.datetime, trace: list[str], done) -> Decision:
        """A1 level 2: the member with the fewest open leads per unit of weight (ties: fewer received, then id)."""
        d = self.clock.day(t)
        days = self.team_book(team).pa.intake_days
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
            return done(team, None, "A1", POOL, stays(
                _("nobody in team {team} can take it ({why})").format(team=team, why="; ".join(skipped)) if skipped
                else _("nobody in team {team} can take it (no members)").format(team=team)))
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
            tie = (_(" (tie: staff id)") if all(n == fewest for n in got.values())
                   else _(" (tie: fewer leads received in {days} days)").format(days=days))
            trace.append(f"tie at {o * self.scale / w:.2f}: " + ", ".join(f"{k} {n} received in {days} days" for k, n in got.items()))
        trace.append(f"-> {s.id}: fewest open leads per unit of weight{tie}")
        return done(team, s.id, "A1", CAPACITY, A1_REASON(team, self.name(s.id), o, _num(s.weight)) + tie)

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
