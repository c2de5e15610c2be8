"""Shifts and time on post (O2, A4): who is on duty when, with the reason when not.

`Duty(policy)` reads the policy's shifts (班次) once, in the business time zone. A shift that
ends before it starts runs past midnight; breaks (meals) are not on post. Used by the
assignment rules (A2 rotation, A4 skipping) and by the pool's claim (L6).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesctl.i18n import _
from salesctl.domain.calendar import WEEKDAYS, local, local_date, midnight, zone_of
from salesctl.domain.staffing import cannot_take_leads
from salesctl.schema import Staff

DAY = 1440  # minutes


def minutes(hhmm: str) -> int:
    """'HH:MM' as minutes after midnight."""
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@dataclass(frozen=True)
class ShiftSpan:
    name: str
    start: int                      # minutes after midnight
    end: int                        # end <= start: runs past midnight
    breaks: tuple[tuple[int, int, str], ...]
    text: str                       # "early 09:00-15:30"

    @property
    def overnight(self) -> bool:
        return self.end <= self.start


def within(m: int, a: int, b: int) -> bool:
    """m in [a, b) on a 24-hour clock (wrapping past midnight when b <= a)."""
    return a <= m < b if a < b else (m >= a or m < b)


def spans(policy) -> dict[str, ShiftSpan]:
    """The policy's shifts by name; a break that is not HH:MM-HH:MM is left out (check says so)."""
    out: dict[str, ShiftSpan] = {}
    for name, sd in policy.shifts.items():
        brs = []
        for b in sd.breaks:
            a, _unused, z = b.partition("-")
            try:
                brs.append((minutes(a.strip()), minutes(z.strip()), b))
            except ValueError:
                continue
        out[name] = ShiftSpan(name, minutes(sd.start), minutes(sd.end), tuple(brs), f"{name} {sd.start}-{sd.end}")
    return out


class Duty:
    """Time zone and shifts of a policy: who is on duty when, with the reason when not (A4)."""

    def __init__(self, policy):
        self.tz = zone_of(policy)
        self.shifts: dict[str, ShiftSpan] = spans(policy)

    def local(self, t: dt.datetime) -> dt.datetime:
        return local(t, self.tz)

    def day(self, t: dt.datetime) -> dt.date:
        return local_date(t, self.tz)

    def shift_at(self, s: Staff, wd: int, m: int) -> tuple[ShiftSpan | None, str]:
        """The shift of s covering minute m of a day of weekday wd (0 = Monday), or (None, why not)."""
        today = s.shifts.get(WEEKDAYS[wd])
        yday = s.shifts.get(WEEKDAYS[(wd - 1) % 7])
        span = self.shifts.get(today) if today else None
        if span is not None and (m >= span.start and (span.overnight or m < span.end)):
            return span, ""
        yspan = self.shifts.get(yday) if yday else None
        if yspan is not None and yspan.overnight and m < yspan.end:
            return yspan, ""
        if today is None:
            return None, _("day off (no shift on {weekday})").format(weekday=WEEKDAYS[wd])
        if span is None:
            return None, _("shift {shift} is not in the policy").format(shift=repr(today))
        return None, _("off shift ({shift})").format(shift=span.text)

    def on_post(self, s: Staff, wd: int, m: int) -> str | None:
        """Why s is not on post at minute m of a day of weekday wd (shift, break), or None."""
        span, why = self.shift_at(s, wd, m)
        if span is None:
            return why
        for a, b, text in span.breaks:
            if within(m, a, b):
                return _("on a break {time} ({shift})").format(time=text, shift=span.name)
        return None

    def why_off(self, s: Staff, t: dt.datetime) -> str | None:
        """Why s is not on post at t (A4: status, leave, shift, break), or None when on duty."""
        lt = self.local(t)
        return cannot_take_leads(s, lt.date()) or self.on_post(s, lt.weekday(), lt.hour * 60 + lt.minute)

    def boundaries(self, s: Staff, wd: int) -> set[int]:
        """Minutes of a day of weekday wd at which s may come on or go off post."""
        out = set()
        for day in (wd, (wd - 1) % 7):
            span = self.shifts.get(s.shifts.get(WEEKDAYS[day]) or "")
            if span is not None:
                out.update((span.start, span.end))
                for a, b, _unused in span.breaks:
                    out.update((a, b))
        return {x % DAY for x in out}

    def intervals(self, s: Staff, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """Stretches of time s is on duty between two days (inclusive), merged, in order. A shift
        past midnight is split at midnight, so each part is checked against its own day's leave."""
        out: list[tuple[dt.datetime, dt.datetime]] = []
        d = first - dt.timedelta(days=1)  # an overnight shift of the day before
        while d <= last:
            name = s.shifts.get(WEEKDAYS[d.weekday()])
            span = self.shifts.get(name) if name else None
            if span is not None:
                for pa, pb in self._day_pieces(d, span):
                    if first <= pa.date() <= last and cannot_take_leads(s, pa.date()) is None:
                        out.append((pa, pb))
            d += dt.timedelta(days=1)
        out.sort()
        merged: list[tuple[dt.datetime, dt.datetime]] = []
        for a, b in out:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def _day_pieces(self, d: dt.date, span: ShiftSpan) -> list[tuple[dt.datetime, dt.datetime]]:
        """The shift started on day d, less its breaks, cut at midnight."""
        base = midnight(d, self.tz)
        start = base + dt.timedelta(minutes=span.start)
        end = base + dt.timedelta(minutes=span.end + (DAY if span.overnight else 0))
        pieces = [(start, end)]
        for a, b, _unused in span.breaks:
            for off in (0, DAY):
                ba = base + dt.timedelta(minutes=a + off)
                bb = base + dt.timedelta(minutes=b + off + (DAY if b <= a else 0))
                pieces = [p for piece in pieces for p in cut(piece, ba, bb)]
        out = []
        for a, b in pieces:
            mid = midnight(a.date() + dt.timedelta(days=1), self.tz)
            out += [(a, b)] if b <= mid else [(a, mid), (mid, b)]
        return out


def cut(piece, a, b):
    """piece (start, end) less [a, b): zero, one or two pieces."""
    s, e = piece
    if b <= s or a >= e:
        return [piece]
    return [p for p in ((s, a), (b, e)) if p[0] < p[1]]
