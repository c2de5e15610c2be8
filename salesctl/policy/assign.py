"""Policy of lead assignment (A1-A8) and of the shared pool (L6).

Every number the engines salesctl/engines/assign.py and salesctl/engines/pool.py use is a
setting here, with its default and the domain.md rules it serves.
"""
from typing import Annotated, Optional

import msgspec

from salesctl.policy.base import Section
from salesctl.schema import Channel, Count, Grade, Role, meta


class Route(Section, kw_only=True):
    sources: Annotated[tuple[str, ...], meta("Lead sources this route takes (empty: any source).", "A1")] = ()
    company: Annotated[Optional[bool], meta("true: only leads with a company; false: only without; empty: either.", "A1")] = None
    channel: Annotated[Channel, meta("Teams of this channel get these leads.", "A1")]


def default_routes() -> tuple:
    return (
        Route(sources=("walk-in",), channel="inside"),
        Route(company=True, channel="outreach"),
        Route(sources=("outreach",), channel="outreach"),
        Route(sources=("phone", "web"), channel="telesales"),
        Route(sources=("referral", "event", "flyer"), channel="outside"),
    )


class Assign(Section, kw_only=True):
    walk_in_sources: Annotated[tuple[str, ...], meta("Sources that are walk-ins, shared by fair rotation among the inside consultants on duty.", "A2")] = ("walk-in",)
    busy_minutes: Annotated[int, meta("A consultant who took a walk-in less than this many minutes ago is busy with that customer and skipped, keeping their place (0: off).", "A5", ge=0, le=1440)] = 0
    max_open_leads: Annotated[int, meta("Open leads one person may hold, unless their staff record says otherwise (max_open_leads).", "L6, A1", ge=0)] = 200
    intake_cap: Annotated[Optional[Count], meta("At most this many leads received per person in intake_days days (empty: no cap).", "A1")] = None
    intake_days: Annotated[int, meta("Window of the intake cap, in days: the day of the lead and the days before it.", "A1", ge=1, le=36500)] = 30
    routes: Annotated[tuple[Route, ...], meta("How a lead without a team finds one: the first route that matches names the channel; the lead goes to the team of that channel with the fewest open leads per unit of capacity (sum of member weights).", "A1")] = msgspec.field(default_factory=default_routes)
    rotation_roles: Annotated[tuple[Role, ...], meta("Roles of inside consultants who take part in the walk-in rotation.", "A2")] = ("member", "leader", "deputy")
    capacity_roles: Annotated[tuple[Role, ...], meta("Roles of team members who receive other leads by capacity.", "A1")] = ("member", "leader", "deputy")
    designated_within_caps: Annotated[bool, meta("true: a designated customer goes to the designee only while they are under their caps (else by the normal rules, and the reason says so); false: always to the designee.", "A3, L6")] = True
    designated_same_day: Annotated[bool, meta("true: a designation (designated, a consultant voucher) counts only for a new customer (never owned, no deal signed before) and only on the day they came, the lead's created day (当日指定客); later, or for a customer owned before, the normal rules decide. false: it counts whenever the lead is decided.", "A3")] = True
    skipped_keeps_place: Annotated[bool, meta("true: a consultant the rotation skips (not on post, capped, busy) keeps their place and is next when back; false: the skipped turn is lost, they go to the back of the queue as if they had had it.", "A4")] = True
    weekly_supply_minimum: Annotated[int, meta("New leads each agent (roles limits.minimum_roles) should receive a week (Monday to Sunday), prorated by the week's working days not on leave; fewer is flagged in the month's payout (确保每位成员都有足够的客户进行沟通). 0: no flag.", "A8", ge=0)] = 0


class Reclaim(Section, kw_only=True):
    idle_days: Annotated[int, meta("An open lead not followed up by its owner (no visit by the owner) for this many days returns to the pool.", "L6", ge=1, le=36500)] = 15
    idle_days_by_grade: Annotated[dict[Grade, Annotated[int, msgspec.Meta(ge=1, le=36500)]], meta("Idle days by customer grade, e.g. {important: 30}; other grades take idle_days.", "L4, L6")] = {}
    long_leave_days: Annotated[int, meta("An owner on a leave period of this many days or more (or with status leave) loses their open leads to the pool.", "L6", ge=1, le=36500)] = 14
    cooldown_days: Annotated[int, meta("A lead reclaimed from someone cannot go back to them (by assign or claim) within this many days.", "L6", ge=0, le=36500)] = 30
    daily_claim_limit: Annotated[int, meta("Pool leads one person may claim by hand a day.", "L6", ge=0)] = 10
    keep_team: Annotated[bool, meta("true: a reclaimed lead stays in its team's pool (the team's members get it next); false: it leaves the team too.", "L6, A1")] = True
