"""The `score` policy section: indicators, composite, ratings, grades and periods (K1-K8).

The composite (0-100) of a person's month is made of the items of their channel: each names
an indicator computed from the records, a weight, the target that earns the full weight and a
cap on how far above target it counts. In salesctl.yaml:

    score:
      items:
        inside:
          - {indicator: attainment, weight: 50, target: 100, cap: 1.5}
          - {indicator: new_customers, weight: 10, target: 4, cap: 1.5, prorate: true}
          ...
      grades: {excellent: 90, good: 80, pass: 60}

An item's points are weight x min(value / target, cap) (target / value when lower_is_better);
an item whose indicator has no value this month (no ratings asked, no target set) is left out
and the remaining weights count in its place; the composite is 100 x points / full marks, where
full marks are the weights at their caps (score.scale: best, the default) or the weights, the
composite then cut at 100 (score.scale: target). See docs/scoring.md.
"""
from typing import Annotated, Literal

import msgspec

from salesctl.policy.base import Section
from salesctl.schema import Channel, VisitKind, Weekday, meta
from salesctl.i18n import _

# Every indicator the engine computes (salesctl/engines/indicators/registry.py INDICATORS, the same names in
# the same order: tests/test_indicators.py); an item names one, and a name not listed is a policy error.
Indicator = Literal[
    "sales", "profit", "target", "attainment", "new_customers", "customers", "repeat_rate", "referral_rate",
    "sales_cycle_days", "leads_submitted", "prospects_screened", "follow_ups", "contacts", "contacts_per_day", "meetings",
    "meetings_per_week", "summary_rate", "return_visits", "ratings", "satisfaction_mean", "satisfaction",
    "calls", "effective", "intention", "orders", "effective_rate", "intention_rate", "order_rate",
    "call_conversion", "complaints", "complaints_on_time", "complaint_hours", "training_attended",
    "training_rate", "training_score", "training_notes", "events_held", "event_head_count", "event_satisfaction",
    "event_leads", "event_cost_per_lead", "teamwork", "sharing", "helping", "self_rating", "leader_rating", "peer_rating",
    "rating", "companies", "cooperation", "days", "working_days",
]


class Item(Section, kw_only=True):
    indicator: Annotated[Indicator, meta("The indicator scored (see docs/scoring.md for each).", "K4")]
    weight: Annotated[float, meta("Points the indicator earns at target.", "K4, K5", gt=0)]
    target: Annotated[float, meta("Value that earns the full weight (attainment and rates are percents: 100 is 100%).", "K4", gt=0)]
    cap: Annotated[float, meta("The ratio value/target counts up to this (1.5: up to 150% of the weight).", "K4", ge=0)] = 1.0
    lower_is_better: Annotated[bool, meta("Smaller is better (sales cycle, hours to answer): the ratio is target/value.", "K4")] = False
    prorate: Annotated[bool, meta("The target is for a whole month and shrinks with the days the person was there (counts such as calls).", "K4, O3")] = False


def _i(indicator, weight, target, cap=1.0, prorate=False, lower_is_better=False) -> Item:
    return Item(indicator=indicator, weight=weight, target=target, cap=cap, prorate=prorate, lower_is_better=lower_is_better)


def default_items() -> dict:
    return {
        "inside": (
            _i("attainment", 50, 100, 1.5),
            _i("new_customers", 10, 8, prorate=True),
            _i("satisfaction", 15, 100),
            _i("rating", 20, 100),
            _i("training_score", 5, 100),
        ),
        "outside": (
            _i("attainment", 40, 100, 1.5),
            _i("new_customers", 15, 6, prorate=True),
            _i("contacts_per_day", 10, 2),
            _i("meetings_per_week", 5, 1),
            _i("satisfaction", 10, 100),
            _i("rating", 20, 100),
        ),
        "telesales": (
            _i("attainment", 40, 100, 1.5),
            _i("calls", 10, 1000, prorate=True),
            _i("effective", 10, 300, prorate=True),
            _i("orders", 10, 15, prorate=True),
            _i("satisfaction", 10, 100),
            _i("rating", 20, 100),
        ),
        "outreach": (
            _i("attainment", 40, 100, 1.5),
            _i("companies", 15, 2, prorate=True),
            _i("satisfaction", 10, 100),
            _i("complaints_on_time", 10, 100),
            _i("rating", 20, 100),
            _i("training_score", 5, 100),
        ),
    }


class Ratings(Section, kw_only=True):
    self_weight: Annotated[float, meta("Weight of the self-assessment in the combined rating.", "K2, K3", ge=0)] = 0.2
    leader_weight: Annotated[float, meta("Weight of the leader's (supervisor's) rating.", "K2, K3", ge=0)] = 0.5
    peers_weight: Annotated[float, meta("Weight of the peers' ratings (mean of teamwork, sharing, helping over the raters).", "K3, K4", ge=0)] = 0.3


class Grades(Section, kw_only=True):
    excellent: Annotated[float, meta("Composite at or above this: excellent (优秀).", "K6", ge=0, le=100)] = 90
    good: Annotated[float, meta("At or above this: good (良好).", "K6", ge=0, le=100)] = 80
    pass_: Annotated[float, meta("At or above this: pass (合格); below: fail (不合格).", "K6", ge=0, le=100)] = msgspec.field(default=60, name="pass")

    def __post_init__(self):
        if not (self.excellent >= self.good >= self.pass_):
            raise ValueError(_("grades must satisfy excellent >= good >= pass"))


class Score(Section, kw_only=True):
    satisfied_rating: Annotated[int, meta("A rating at or above this (1-5) counts as satisfied.", "K4, K5", ge=1, le=5)] = 4
    items: Annotated[dict[Channel, tuple[Item, ...]], meta(
        "The composite's items for each channel (inside, outside, telesales, outreach). A channel not listed has no composite.",
        "K4, K5")] = msgspec.field(default_factory=default_items)
    scale: Annotated[Literal["best", "target"], meta(
        "How points become the 0-100 composite. best: 100 x points / the weights at their caps, so 100 means every "
        "item at its cap (150% attainment counts for more than 100%); target: 100 x points / the weights, at most 100, "
        "so 100 means every item at target and points above target make up for items below.", "K4, K6")] = "best"
    roles: Annotated[tuple[Literal["manager", "leader", "deputy", "member"], ...], meta(
        "Roles that get a composite, grade and rank (the department manager is reviewed apart).", "K1-K3, O1")] = ("leader", "deputy", "member")
    ratings: Annotated[Ratings, meta("How self, leader and peer ratings combine into the rating indicator.", "K2, K3")] = msgspec.field(default_factory=Ratings)
    grades: Annotated[Grades, meta("Grade thresholds on the composite.", "K6")] = msgspec.field(default_factory=Grades)
    needs_target: Annotated[bool, meta(
        "Only a month with a sales target for the person is reviewed (composite, grade, rank); quarters and years "
        "leave the other months out.", "K1, K5")] = True
    prorate_targets: Annotated[bool, meta("A person who joined or left during the month has their sales target prorated by the calendar days they were employed.", "K5, O3")] = True
    quarter_weights: Annotated[tuple[float, float, float], meta(
        "Weights of the first, second and third month in a quarter's composite (equal: the mean).", "K2")] = (1.0, 1.0, 1.0)
    year_weights: Annotated[tuple[float, ...], meta(
        "Weights of January ... December in the year's composite (twelve numbers; equal: the mean).", "K1, K3")] = (1.0,) * 12
    workdays: Annotated[tuple[Weekday, ...], meta("Working days of someone whose staff record lists no shifts.", "K8")] = ("mon", "tue", "wed", "thu", "fri")
    contact_kinds: Annotated[tuple[VisitKind, ...], meta("Kinds of logged visit that count as a contact with a customer.", "K8")] = (
        "call", "visit", "tour", "message", "return-visit", "need-confirmed", "quote")
    meeting_kinds: Annotated[tuple[VisitKind, ...], meta("Kinds that are face-to-face meetings (and need a written summary).", "K8, T5")] = ("visit", "tour")

    def __post_init__(self):
        if len(self.year_weights) != 12:
            raise ValueError(_("year_weights needs twelve numbers, got {n_year_weights}").format(n_year_weights=len(self.year_weights)))
        if any(w < 0 for w in self.year_weights) or not any(self.year_weights):
            raise ValueError(_("year_weights must be zero or more, and not all zero"))
        if any(w < 0 for w in self.quarter_weights) or not any(self.quarter_weights):
            raise ValueError(_("quarter_weights must be zero or more, and not all zero"))
        r = self.ratings
        if r.self_weight + r.leader_weight + r.peers_weight <= 0:
            raise ValueError(_("ratings weights must not be all zero"))
