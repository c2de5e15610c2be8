"""ISO weeks in the business calendar (issue 13 item 4): parse_week, week_of, weeks_in."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from salesctl.domain.calendar import parse_week, week_of, weeks_in

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def test_week_43_of_2026():
    w = parse_week("2026-W43")
    assert (w.start, w.end) == (dt.date(2026, 10, 19), dt.date(2026, 10, 25))
    assert w.months == ("2026-10",)


def test_week_spanning_two_months_is_one_week():
    w = parse_week("2026-W44")
    assert (w.start, w.end) == (dt.date(2026, 10, 26), dt.date(2026, 11, 1))
    assert w.months == ("2026-10", "2026-11")


def test_week_53_exists_only_in_long_years():
    assert weeks_in(2026) == 53 and parse_week("2026-W53").end == dt.date(2027, 1, 3)
    with pytest.raises(ValueError):
        parse_week("2025-W53")


@pytest.mark.parametrize("bad", ["2026-W54", "2026-W00", "2026W43", "2026-W4", "", "2026-10"])
def test_bad_week_names_expected_form(bad):
    with pytest.raises(ValueError, match="YYYY-Www"):
        parse_week(bad)


@given(DATES)
def test_every_date_in_exactly_one_week(d):
    w = week_of(d)
    assert w.start <= d <= w.end and w.start.weekday() == 0 and (w.end - w.start).days == 6
    for other in (week_of(w.start - dt.timedelta(days=1)), week_of(w.end + dt.timedelta(days=1))):
        assert not (other.start <= d <= other.end)


@given(st.integers(2000, 2100))
def test_weeks_tile_the_year(y):
    weeks = [parse_week(f"{y}-W{n:02d}") for n in range(1, weeks_in(y) + 1)]
    for a, b in zip(weeks, weeks[1:]):
        assert b.start == a.end + dt.timedelta(days=1)
    assert weeks[0].start <= dt.date(y, 1, 4) <= weeks[0].end
    assert weeks[-1].start <= dt.date(y, 12, 28) <= weeks[-1].end


@given(DATES)
def test_week_label_round_trips(d):
    w = week_of(d)
    assert parse_week(w.label) == w
