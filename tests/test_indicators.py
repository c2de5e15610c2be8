"""The indicator registry (K4): its names against the policy's, and single indicator functions on
small records written inline.

S-3 of helpers.BASE is an outside consultant with no shifts, so they work score.workdays (Monday to
Friday): August 2026 has 21 weekdays, five in their week.
"""
from __future__ import annotations

import ast
import typing
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import BASE, run, write_records
from salesctl.engines.indicators import PersonMonth, month_indicators, person_month
from salesctl.engines.indicators import activity, attendance, customers, leads, reviews, service, training, visits
from salesctl.engines.indicators.context import Context
from salesctl.domain.staffing import presence
from salesctl.engines.indicators.registry import INDICATORS
from salesctl.loader import load
from salesctl.policy.score import Indicator, default_items
from salesctl.source import WorkTree

PKG = Path(__file__).resolve().parents[1] / "salesctl"


# ----------------------------------------------------------------------------- names
def test_the_policy_names_exactly_the_registered_indicators():
    names = typing.get_args(Indicator)
    assert len(names) == len(set(names))
    assert set(names) == set(INDICATORS)


def test_the_default_policy_scores_only_registered_indicators():
    used = {item.indicator for items in default_items().values() for item in items}
    assert used and used <= set(INDICATORS)


def names_read_by_the_engines() -> dict[str, set[str]]:
    """{indicator name: modules} for every `pm.get("x")`, `pm.evidence["x"]` and `.values["x"]` in the
    package (payout's rules, score's rows, PersonMonth's properties)."""
    found: dict[str, set[str]] = {}
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = None
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "pm"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                name = node.args[0].value
            elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                  and node.value.attr in ("evidence", "values") and isinstance(node.slice, ast.Constant)):
                name = node.slice.value
            if isinstance(name, str):
                found.setdefault(name, set()).add(str(path.relative_to(PKG.parent)))
    return found


def test_every_indicator_the_engines_read_is_registered():
    read = names_read_by_the_engines()
    assert {"sales", "target", "ratings", "satisfaction", "leads_submitted", "contacts_per_day"} <= set(read)
    assert {name: where for name, where in read.items() if name not in INDICATORS} == {}


def test_check_reports_an_unknown_indicator_with_its_line(tmp_path):
    root = write_records(tmp_path, {**BASE, "salesctl.yaml": """
        score:
          items:
            inside:
              - {indicator: attainment, weight: 50, target: 100}
              - {indicator: visits_per_week, weight: 10, target: 1}
    """})
    res = run("check", records=root)
    assert res.exit_code == 1
    assert "salesctl.yaml:5: error: score.items.inside" in res.stdout
    assert "'visits_per_week' is not one of sales, profit" in res.stdout


# ----------------------------------------------------------------------------- functions
ACTIVE = {
    **BASE,
    "leads/L-0002.yaml": """
        id: L-0002
        name: 李四
        source: event
        created: 2026-08-04T10:00:00+08:00
        submitted_by: S-3
    """,
    "leads/L-0003.yaml": """
        id: L-0003
        name: 王五
        source: event
        created: 2026-07-31T23:30:00+08:00
        submitted_by: S-3
    """,
    "visits/2026-08/S-3.yaml": """
        - {id: V-1, lead: L-0001, at: '2026-08-03T10:00:00+08:00', kind: call, rating: 5}
        - {id: V-2, lead: L-0001, at: '2026-08-04T10:00:00+08:00', kind: visit, summary: 看了场馆, rating: 3}
        - {id: V-3, lead: L-0001, at: '2026-08-05T10:00:00+08:00', kind: tour}
        - {id: V-4, lead: L-0001, at: '2026-08-06T10:00:00+08:00', kind: complaint, answered: '2026-08-07T16:00:00+08:00'}
        - {id: V-5, lead: L-0001, at: '2026-08-10T10:00:00+08:00', kind: complaint, answered: '2026-08-10T12:00:00+08:00'}
        - {id: V-6, lead: L-0001, at: '2026-08-11T10:00:00+08:00', kind: return-visit, rating: 4}
    """,
    "activity/2026-08/S-3.yaml": """
        - {date: 2026-08-03, calls: 100, effective: 3, intention: 1, orders: 0}
        - {date: 2026-08-04, calls: 50, effective: 0, intention: 0, orders: 1}
    """,
    "reviews/2026-08/S-3.yaml": """
        self_rating: 80
        leader_rating: 90
        peers:
          - {by: S-1, teamwork: 70, sharing: 80, helping: 90}
          - {by: S-2, teamwork: 100}
        training_attended: 2
        training_score: 85
    """,
}


@pytest.fixture
def ctx(tmp_path) -> Context:
    loaded = load(WorkTree(write_records(tmp_path, ACTIVE)))
    assert not loaded.problems, loaded.problems
    records = loaded.records
    s = records.staff["S-3"]
    return Context(records, s, "2026-08", presence(records, s, "2026-08"), ())


V = "visits/2026-08/S-3.yaml"
A = "activity/2026-08/S-3.yaml"


def test_k8_contacts_count_contact_kinds_and_effective_calls(ctx):
    # call, visit, tour, return-visit are contact kinds, complaints are not; plus 3 effective calls
    assert visits.k8_contacts(ctx) == (4 + 3, (f"{V}:1", f"{V}:2", f"{V}:3", f"{V}:6", f"{A}:1"))
    value, evidence = visits.k8_contacts_per_day(ctx)
    assert value == Decimal(7) / 21 and evidence == visits.k8_contacts(ctx)[1]


def test_k8_meetings_per_week_and_t5_summaries(ctx):
    assert visits.k8_meetings(ctx) == (2, (f"{V}:2", f"{V}:3"))
    assert visits.k8_meetings_per_week(ctx)[0] == Decimal(2) * 5 / 21
    assert visits.t5_summary_rate(ctx) == (Decimal(50), (f"{V}:3",))   # the evidence: the tour without one
    assert visits.k8_return_visits(ctx) == (1, (f"{V}:6",))
    assert visits.k8_follow_ups(ctx)[0] == 6


def test_satisfaction_of_the_rated_visits(ctx):
    rated = (f"{V}:1", f"{V}:2", f"{V}:6")
    assert visits.ratings(ctx) == (3, rated)
    assert visits.satisfaction_mean(ctx) == (Decimal(4), rated)
    assert visits.satisfaction(ctx)[0] == Decimal(200) / 3   # 5 and 4 are at or above 4, 3 is not


def test_t3_complaints_answered_in_time(ctx):
    # V-4 answered after 30 hours (limits.complaint_hours: 24), V-5 after 2
    assert service.t3_complaints(ctx) == (2, (f"{V}:4", f"{V}:5"))
    assert service.t3_complaints_on_time(ctx)[0] == Decimal(50)
    assert service.t3_complaint_hours(ctx)[0] == Decimal(16)


def test_k7_activity_sums_and_rates(ctx):
    both = (f"{A}:1", f"{A}:2")
    assert activity.k7_calls(ctx) == (150, both)
    assert activity.k7_orders(ctx) == (1, both)
    assert activity.k7_effective_rate(ctx) == (Decimal(2), both)        # 3 / 150
    assert activity.k7_order_rate(ctx)[0] == Decimal(100)              # 1 / 1
    assert activity.k7_call_conversion(ctx)[0] == Decimal(100) / 150


def test_k2_rating_combines_self_leader_and_peers(ctx):
    review = ("reviews/2026-08/S-3.yaml:1",)
    assert reviews.teamwork(ctx) == (Decimal(85), review)              # (70 + 100) / 2
    assert reviews.k3_peer_rating(ctx) == (Decimal(90), review)        # raters' means 80 and 100
    # 0.2 x 80 + 0.5 x 90 + 0.3 x 90
    assert reviews.k2_rating(ctx) == (Decimal(88), review)
    assert training.training_score(ctx) == (Decimal(85), review)


def test_l1_leads_submitted_this_month_in_business_time(ctx):
    # L-0003 was created on 31 July in Shanghai: not August's
    assert leads.l1_leads_submitted(ctx) == (1, ("leads/L-0002.yaml:1",))


def test_without_credit_or_records_the_indicators_are_empty(ctx):
    quiet = Context(ctx.records, ctx.records.staff["S-2"], "2026-08", presence(ctx.records, ctx.records.staff["S-2"], "2026-08"), ())
    assert customers.repeat_rate(quiet) == (None, ())
    assert visits.satisfaction(quiet) == (None, ())
    assert reviews.k2_rating(quiet) == (None, ())
    assert training.training_attended(quiet) == (0, ())
    assert attendance.o3_working_days(quiet) == (21, ("staff/S-2.yaml:1",))


def test_a_person_month_lists_every_registered_indicator_in_order(ctx):
    pm = month_indicators(ctx.records, "2026-08")["S-3"]
    assert isinstance(pm, PersonMonth)
    assert list(pm.values) == list(pm.evidence) == list(INDICATORS)
    again = person_month(ctx.records, ctx.staff, "2026-08", ctx.presence, ())
    assert again.values == pm.values and again.evidence == pm.evidence
    assert pm.get("contacts") == visits.k8_contacts(ctx)[0]
