"""Shifts and time on post (O2, O4, A4): who is on duty when, with the reason when not.

`Duty(policy, attendance)` reads the policy's shifts (班次) once, in the business time zone, and
the attendance entries (records.attendance_by_staff) that change a day: a shift swap (the shift
worked replaces the weekday's), a day absent in full or on leave, minutes late or early, and
stretches off the post (O4). A shift that ends before it starts runs past midnight; breaks (meals)
are not on post. Used by the assignment rules (A2 rotation, A4 skipping), the pool's claim (L6)
and O4's coverage of the opening hours.
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
    """Time zone and shifts of a policy, and the attendance entries that change a day: who is on
    duty when, with the reason when not (A4, O4)."""

    def __init__(self, policy, attendance=None):
        self.tz = zone_of(policy)
        self.shifts: dict[str, ShiftSpan] = spans(policy)
        self.entries: dict[tuple[str, dt.date], object] = {}   # (staff id, day) -> Attendance that changes the day
        for sid, xs in (attendance or {}).items():
            for a in xs:
                if a.swap or a.off_post or a.absent == "full" or a.leave or a.late_minutes or a.early_minutes:
                    self.entries[(sid, a.date)] = a

    def shift_name(self, s: Staff, d: dt.date) -> str | None:
        """The shift s works on day d: a swap's (None for off), else the weekday's of the staff record."""
        a = self.entries.get((s.id, d))
        if a is not None and a.swap is not None:
            return None if a.swap.shift == "off" else a.swap.shift
        return s.shifts.get(WEEKDAYS[d.weekday()])

    def _no_shift(self, s: Staff, d: dt.date) -> str:
        a = self.entries.get((s.id, d))
        if a is not None and a.swap is not None and a.swap.shift == "off":
            return _("shift swapped away (with {staff})").format(staff=a.swap.with_ or "?")
        return _("day off (no shift on {weekday})").format(weekday=WEEKDAYS[d.weekday()])

    def local(self, t: dt.datetime) -> dt.datetime:
        return local(t, self.tz)

    def day(self, t: dt.datetime) -> dt.date:
        return local_date(t, self.tz)

    def shift_at(self, s: Staff, d: dt.date, m: int) -> tuple[ShiftSpan | None, str]:
        """The shift of s covering minute m of day d (today's, or yesterday's past midnight), or (None, why not)."""
        today = self.shift_name(s, d)
        yday = self.shift_name(s, d - dt.timedelta(days=1))
        span = self.shifts.get(today) if today else None
        if span is not None and (m >= span.start and (span.overnight or m < span.end)):
            return span, ""
        yspan = self.shifts.get(yday) if yday else None
        if yspan is not None and yspan.overnight and m < yspan.end:
            return yspan, ""
        if today is None:
            return None, self._no_shift(s, d)
        if span is None:
            return None, _("shift {shift} is not in the policy").format(shift=repr(today))
        return None, _("off shift ({shift})").format(shift=span.text)

    def on_post(self, s: Staff, d: dt.date, m: int) -> str | None:
        """Why s is not on post at minute m of day d (shift, break, and the day's attendance: absent,
        leave, late, early, off post), or None."""
        span, why = self.shift_at(s, d, m)
        if span is None:
            return why
        started = d if (m >= span.start and span.name == self.shift_name(s, d)) else d - dt.timedelta(days=1)
        a = self.entries.get((s.id, started))
        if a is not None and (a.absent == "full" or a.leave):   # the whole day: before its breaks
            return self._attendance_off(s, started, span, d, m)
        for a, b, text in span.breaks:
            if within(m, a, b):
                return _("on a break {time} ({shift})").format(time=text, shift=span.name)
        return self._attendance_off(s, started, span, d, m)

    def _attendance_off(self, s: Staff, started: dt.date, span: ShiftSpan, d: dt.date, m: int) -> str | None:
        """Why the attendance entries take s off post at minute m of day d, in the shift started on `started`."""
        a = self.entries.get((s.id, started))
        if a is not None:
            if a.absent == "full":
                return _("absent on {day} (attendance)").format(day=started)
            if a.leave:
                return _("on leave on {day} ({why})").format(day=started, why=a.leave)
            at = (m + (DAY if d != started else 0))   # minutes after the shift day's midnight
            end = span.end + (DAY if span.overnight else 0)
            if a.late_minutes and span.start <= at < span.start + a.late_minutes:
                return _("late {n} min (on post from {time})").format(n=a.late_minutes, time=hhmm(span.start + a.late_minutes))
            if a.early_minutes and end - a.early_minutes <= at < end:
                return _("left {n} min early (off post from {time})").format(n=a.early_minutes, time=hhmm(end - a.early_minutes))
        b = self.entries.get((s.id, d))
        for op in (b.off_post if b is not None else ()):
            if minutes(op.from_) <= m < minutes(op.to):
                return _("off post {start}-{end}").format(start=op.from_, end=op.to)
        return None

    def why_off(self, s: Staff, t: dt.datetime) -> str | None:
        """Why s is not on post at t (A4: status, leave, shift, break, the day's attendance), or None when on duty."""
        lt = self.local(t)
        return cannot_take_leads(s, lt.date()) or self.on_post(s, lt.date(), lt.hour * 60 + lt.minute)

    def boundaries(self, s: Staff, d: dt.date) -> set[int]:
        """Minutes of day d at which s may come on or go off post."""
        out = set()
        for day in (d, d - dt.timedelta(days=1)):
            span = self.shifts.get(self.shift_name(s, day) or "")
            if span is not None:
                out.update((span.start, span.end))
                for a, b, _unused in span.breaks:
                    out.update((a, b))
                a = self.entries.get((s.id, day))
                if a is not None:
                    end = span.end + (DAY if span.overnight else 0)
                    out.update((span.start + a.late_minutes, end - a.early_minutes))
        a = self.entries.get((s.id, d))
        for op in (a.off_post if a is not None else ()):
            out.update((minutes(op.from_), minutes(op.to)))
        return {x % DAY for x in out}

    def intervals(self, s: Staff, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """Stretches of time s is on duty between two days (inclusive), merged, in order. A shift
        past midnight is split at midnight, so each part is checked against its own day's leave."""
        out: list[tuple[dt.datetime, dt.datetime]] = []
        d = first - dt.timedelta(days=1)  # an overnight shift of the day before
        while d <= last:
            for pa, pb in self.day_pieces(s, d):
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

    def day_pieces(self, s: Staff, d: dt.date, breaks: bool = True) -> list[tuple[dt.datetime, dt.datetime]]:
        """The stretches s is on post in the shift started on day d (its swap's, else the weekday's),
        less its breaks (unless breaks=False), less the day's attendance (absent, leave, late, early,
        off post), cut at midnight. Status and leave periods are the caller's (cannot_take_leads)."""
        span = self.shifts.get(self.shift_name(s, d) or "")
        a = self.entries.get((s.id, d))
        if span is None or (a is not None and (a.absent == "full" or a.leave)):
            return []
        base = midnight(d, self.tz)
        start = base + dt.timedelta(minutes=span.start + (a.late_minutes if a is not None else 0))
        end = base + dt.timedelta(minutes=span.end + (DAY if span.overnight else 0) - (a.early_minutes if a is not None else 0))
        pieces = [(start, end)] if start < end else []
        for a0, b0, _unused in (span.breaks if breaks else ()):
            for off in (0, DAY):
                ba = base + dt.timedelta(minutes=a0 + off)
                bb = base + dt.timedelta(minutes=b0 + off + (DAY if b0 <= a0 else 0))
                pieces = [p for piece in pieces for p in cut(piece, ba, bb)]
        for op in (a.off_post if a is not None else ()):
            pieces = [p for piece in pieces for p in cut(piece, base + dt.timedelta(minutes=minutes(op.from_)),
                                                         base + dt.timedelta(minutes=minutes(op.to)))]
        out = []
        for a, b in pieces:
            mid = midnight(a.date() + dt.timedelta(days=1), self.tz)
            out += [(a, b)] if b <= mid else [(a, mid), (mid, b)]
        return out


def hhmm(m: int) -> str:
    """Minutes after midnight as HH:MM (a day's 24:00 as 24:00)."""
    return f"{m // 60:02d}:{m % 60:02d}" if m == DAY else f"{(m % DAY) // 60:02d}:{m % 60:02d}"


def cut(piece, a, b):
    """piece (start, end) less [a, b): zero, one or two pieces."""
    s, e = piece
    if b <= s or a >= e:
        return [piece]
    return [p for p in ((s, a), (b, e)) if p[0] < p[1]]
