"""Events (活动, L7): the events of a stretch of days, whose they are, and the leads gained at them.

    held_between(records, start, end) -> [Event]        the events held on those days, by (date, id)
    organised_by(records, staff, start, end) -> [Event] those of them the person organised
    leads_gained(records, event, until) -> [Lead]       leads naming the event, created on or before `until`

Every organiser is credited with the whole event (its head count, satisfaction, leads and cost): the
rule book (001 「協助組織各類外聯活動…做好活動策劃、執行和後續跟進工作」) names no shares.
"""
from __future__ import annotations

import datetime as dt

from salesctl.domain.calendar import local_date, zone_of
from salesctl.records import Records
from salesctl.schema import Event, Lead


def held_between(records: Records, start: dt.date, end: dt.date) -> list[Event]:
    memo = records.memo("events")
    key = ("held", start, end)
    if key not in memo:
        memo[key] = sorted((e for e in records.events.values() if start <= e.date <= end), key=lambda e: (e.date, e.id))
    return memo[key]


def organised_by(records: Records, staff_id: str, start: dt.date, end: dt.date) -> list[Event]:
    return [e for e in held_between(records, start, end) if staff_id in e.organisers]


def leads_gained(records: Records, event: Event, until: dt.date) -> list[Lead]:
    """The leads whose `event` is this one, created on or before `until` (business time zone), oldest first."""
    z = zone_of(records.policy)
    return [x for x in records.leads_by_event.get(event.id, ()) if local_date(x.created, z) <= until]
