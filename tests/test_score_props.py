"""Property tests of scores: the composite is always within 0-100, ranks agree with scores."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesctl.engines.score import competition_ranks, composite, item_score, ranks_within, score_month
from salesctl.policy.score import Item
from test_payout_props import build, organisations

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

values = st.one_of(st.none(), st.decimals(-1000, 10**6, places=2, allow_nan=False, allow_infinity=False),
                   st.integers(-5, 5000))
items = st.builds(Item, indicator=st.sampled_from(["attainment", "calls", "rating", "satisfaction", "sales_cycle_days"]),
                  weight=st.floats(0.01, 100), target=st.floats(0.01, 10**5), cap=st.floats(0, 3),
                  lower_is_better=st.booleans(), prorate=st.booleans())


@SETTINGS
@given(st.lists(st.tuples(items, values), min_size=0, max_size=8), st.fractions(0, 1), st.sampled_from(["best", "target"]))
def test_composite_is_within_0_and_100(pairs, fraction, scale):
    scored = [item_score(it, v, Decimal(fraction.numerator) / Decimal(fraction.denominator)) for it, v in pairs]
    c = composite(scored, scale)
    if all(s.points is None for s in scored):
        assert c is None
    else:
        assert Decimal(0) <= c <= Decimal(100)
        assert c == c.quantize(Decimal("0.01"))
    for s in scored:
        if s.points is not None:
            assert Decimal(0) <= s.ratio <= s.cap
            assert s.points == s.weight * s.ratio


@SETTINGS
@given(st.dictionaries(st.text("ABCDE", min_size=1, max_size=2), st.one_of(st.none(), st.integers(0, 5).map(Decimal)), max_size=12))
def test_ranks_are_one_plus_the_number_strictly_ahead(scores):
    ranks = competition_ranks(scores)
    for k, v in scores.items():
        if v is None:
            assert ranks[k] is None
        else:
            assert ranks[k] == 1 + sum(1 for w in scores.values() if w is not None and w > v)
    for a, va in scores.items():
        for b, vb in scores.items():
            if va is not None and vb is not None:
                assert (va > vb) == (ranks[a] < ranks[b])
                assert (va == vb) == (ranks[a] == ranks[b])


@SETTINGS
@given(organisations())
def test_month_scores_within_range_and_ranks_consistent(org):
    base, _ = org
    r = build(base)
    for month in ("2026-07", "2026-08"):
        scores = score_month(r, month)
        for ms in scores:
            assert ms.composite is None or Decimal(0) <= ms.composite <= Decimal(100)
            assert (ms.grade is None) == (ms.composite is None)
        for group in ("team", "department"):
            key = (lambda m: m.person.team) if group == "team" else (lambda m: m.person.department)
            rank = (lambda m: m.team_rank) if group == "team" else (lambda m: m.dept_rank)
            for a in scores:
                for b in scores:
                    if key(a) and key(a) == key(b) and a.composite is not None and b.composite is not None:
                        assert (a.composite > b.composite) == (rank(a) < rank(b))
                        assert (a.composite == b.composite) == (rank(a) == rank(b))
        expected = ranks_within({m.staff: m.composite for m in scores}, lambda k: next(m.person.team for m in scores if m.staff == k))
        assert {m.staff: m.team_rank for m in scores} == expected
