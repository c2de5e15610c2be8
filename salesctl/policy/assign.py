from typing import Annotated, Optional

import msgspec

from salesctl.policy.base import Section
from salesctl.schema import Channel, Count, meta


class Route(Section, kw_only=True):
    sources: Annotated[tuple[str, ...], meta("Lead sources this route takes.", "A1")] = ()
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
    walk_in_sources: Annotated[tuple[str, ...], meta("Sources that are walk-ins, shared by fair rotation.", "A2")] = ("walk-in",)
    busy_minutes: Annotated[int, meta("A consultant who took a walk-in less than this many minutes ago is busy with that customer (0: off).", "A5", ge=0)] = 0
    max_open_leads: Annotated[int, meta("Open leads one person may hold, unless their staff record says otherwise.", "L6, A1", ge=0)] = 200
    intake_cap: Annotated[Optional[Count], meta("At most this many new leads per person in intake_days (empty: no cap).", "A1")] = None
    intake_days: Annotated[int, meta("Window of the intake cap, in days.", "A1", ge=1)] = 30
    routes: Annotated[tuple[Route, ...], meta("How a lead without a team finds one: the first route that matches names the channel.", "A1")] = msgspec.field(default_factory=default_routes)


class Reclaim(Section, kw_only=True):
    idle_days: Annotated[int, meta("An open lead not followed up by its owner for this many days returns to the pool.", "L6", ge=1)] = 15
    idle_days_by_grade: Annotated[dict[str, int], meta("Idle days by customer grade, e.g. {important: 30}.", "L4, L6")] = {}
    long_leave_days: Annotated[int, meta("An owner on leave for this many days or more loses their open leads to the pool.", "L6", ge=1)] = 14
    cooldown_days: Annotated[int, meta("A lead reclaimed from someone cannot go back to them within this many days.", "L6", ge=0)] = 30
    daily_claim_limit: Annotated[int, meta("Pool leads one person may claim by hand a day.", "L6", ge=0)] = 10
