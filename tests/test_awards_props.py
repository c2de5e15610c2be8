"""Property tests of the title chooser (salesctl/engines/payout/titles.py award): a team award's
shares add up exactly to its bonus; a title never goes to someone below its minimum standard; a
ranked title goes to the best of those who meet it."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesctl.engines.payout.titles import Nominee, award
from salesctl.policy.payout import Title

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Fact:
    """A person's figures of some period, as the chooser reads them."""
    values: dict
    team: str
    department: str = "部"
    channel: str = "inside"

    def get(self, name):
        return self.values.get(name)


value = st.one_of(st.none(), st.integers(0, 6).map(lambda x: Decimal(x * 25)))   # few values: ties are common


@st.composite
def people(draw):
    n = draw(st.integers(1, 8))
    return {f"S-{i}": Fact({"sales": draw(value), "attainment": draw(value), "teamwork": draw(value)},
                           draw(st.sampled_from(["T-1", "T-2", "T-3"])))
            for i in range(n)}


bonus = st.integers(0, 10**6).map(lambda c: Decimal(c) / 100)
least = st.integers(0, 150).map(Decimal)


@SETTINGS
@given(people(), bonus, least, st.sampled_from(["person", "team"]), st.integers(1, 3))
def test_a_ranked_title_never_goes_below_its_minimum_and_a_teams_shares_add_up(facts, money, at_least, to, places):
    t = Title(name="獎", rank_by="sales", minimum={"attainment": at_least}, bonus=money, to=to, places=places)
    lines = award(t, facts)
    given_to = [x for x in lines if x.code == "title"]
    for x in given_to:
        if to == "person":
            assert facts[x.staff].get("attainment") >= at_least
            assert x.amount == money
    if to == "team":
        teams = {x.what.split(" to team ")[1].split(",")[0] for x in given_to}
        for team in teams:
            members = [f for f in facts.values() if f.team == team]
            mean = [f.get("attainment") for f in members if f.get("attainment") is not None]
            assert sum(mean) / len(mean) >= at_least
            shares = [x.amount for x in given_to if f" to team {team}," in x.what]
            assert sum(shares) == money and len(shares) == len(members)
            assert max(shares) - min(shares) <= Decimal("0.01")
    # the best of those who met the minimum wins (a person title): nobody qualified sold more
    if to == "person" and given_to:
        qualified = [f.get("sales") for f in facts.values() if f.get("sales") and f.get("attainment") is not None
                     and f.get("attainment") >= at_least]
        assert places > 1 or all(facts[x.staff].get("sales") == max(qualified) for x in given_to)
    # withheld: only when some had sales but nobody qualified
    if any(x.code == "title-withheld" for x in lines):
        assert not given_to


@SETTINGS
@given(people(), bonus, least, st.lists(st.tuples(st.sampled_from(["S-0", "S-1", "S-2", "S-9"]),
                                                   st.sampled_from([None, "T-1", "T-2", "T-9"])), max_size=6))
def test_a_nomination_title_goes_only_to_nominees_meeting_the_minimum(facts, money, at_least, noms):
    t = Title(name="團隊協作獎", nomination="teamwork", to="either", minimum={"teamwork": at_least}, bonus=money)
    nominees = [Nominee("teamwork", None if team else sid, team, "reviews/x.yaml:1") for sid, team in noms]
    lines = award(t, facts, nominees)
    for x in lines:
        if x.code == "title" and " to team " not in x.what:
            assert facts[x.staff].get("teamwork") >= at_least
            assert (x.staff, None) in noms
    for team in {t_ for _, t_ in noms if t_}:
        shares = [x.amount for x in lines if f" to team {team}," in x.what]
        if shares:
            assert sum(shares) == money
