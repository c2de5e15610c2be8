"""A1 level one: a team for a lead without one (by policy assign.routes, then the fewest open leads
per unit of capacity), and who of a team is on post when; a part of the run's Bookkeeping (rules.py)."""
from __future__ import annotations

import bisect
import datetime as dt

from salesctl.i18n import _
from salesctl.domain.staffing import cannot_take_leads
from salesctl.schema import Lead


class LevelOne:
    """The level-one methods of Bookkeeping (rules.py), which holds the state they read."""

    # -- level one: a team for a lead without one --------------------------------------
    def on_duty_at(self, team: str, lt: dt.datetime) -> tuple[tuple[str, ...], int]:
        """Rotation members of team on post at local time lt (by shift, break, leave, status),
        and the index of the stretch of the day with that same set (for caching)."""
        d = lt.date()
        key = (team, d)
        seg = self._segments.get(key)
        if seg is None:
            emp = [s for s in self.rotation_members(team) if cannot_take_leads(s, d) is None]
            clock = self.team_book(team).clock       # the shifts of the team's rule book
            points = sorted({0}.union(*(clock.boundaries(s, d) for s in emp)))
            seg = self._segments[key] = (points, [tuple(s.id for s in emp if clock.on_post(s, d, p) is None)
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
            busy = self.team_book(team).pa.busy_minutes
            total = None if busy else cache.get((d, i))
            if total is None:
                total = sum(self.W[sid] for sid in on
                            if self.capped(self.r.staff[sid], d) is None and self.a5_busy(sid, t) is None)
                if not busy:
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
            return None, _("no route in policy assign.routes takes source {source}").format(source=repr(lead.source))
        i, rt = found
        what = f"source {lead.source}" + (" with a company" if rt.company else "")
        teams = self.teams_by_channel.get(rt.channel, [])
        if not teams:
            trace.append(f"route {i + 1} ({what}) -> channel {rt.channel}: no team of that channel")
            return None, _("no team of channel {channel} (route {n} of policy assign.routes)").format(channel=rt.channel, n=i + 1)
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
            return teams[0], _("to team {team} by route {source} -> {channel}").format(team=teams[0], source=lead.source, channel=rt.channel)
        if best is None:
            if not walk_in:
                self.retry = min((x for tid in teams for s in self.capacity_members(tid)
                                  if (x := self.lapse(s, lead, t)) is not None), default=None)
            return None, _("no {channel} team can take it ({why})").format(channel=rt.channel, why="; ".join(parts))
        return best, _("to team {team} by route {source} -> {channel}").format(team=best, source=lead.source, channel=rt.channel)


def _num(x: float) -> str:
    return f"{x:g}"
