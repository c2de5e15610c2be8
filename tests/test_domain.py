"""The domain helpers (salesctl/domain/): calendar, staffing, duty, ownership, tested directly."""
from __future__ import annotations

import datetime as dt

import pytest

from salesctl.domain import calendar as cal, ownership, staffing
from salesctl.domain.duty import Duty
from salesctl.policy import Policy
from salesctl.policy.general import General, ShiftDef
from salesctl.records import Records
from salesctl.schema import Attendance, Lead, Leave, OwnerChange, Staff

CST = dt.timezone(dt.timedelta(hours=8))
D = dt.date


def staff(**kw) -> Staff:
    return Staff(**{"id": "S-1", "name": "王芳", "channel": "inside", "joined": D(2026, 1, 1), **kw})


# ----------------------------------------------------------------------------- calendar
@pytest.mark.parametrize("month, n, want", [
    ("2026-08", 1, "2026-09"), ("2026-12", 1, "2027-01"), ("2026-01", -1, "2025-12"),
    ("2026-03", -15, "2024-12"), ("2026-08", 0, "2026-08"), ("2026-11", 14, "2028-01"),
])
def test_shift_month_crosses_years(month, n, want):
    assert cal.shift_month(month, n) == want


@pytest.mark.parametrize("month, first, last", [
    ("2026-02", D(2026, 2, 1), D(2026, 2, 28)), ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2026-12", D(2026, 12, 1), D(2026, 12, 31)), ("2026-04", D(2026, 4, 1), D(2026, 4, 30)),
])
def test_month_bounds(month, first, last):
    assert cal.month_bounds(month) == (first, last)


def test_periods():
    assert cal.parse_period("2026Q4").months == ("2026-10", "2026-11", "2026-12")
    assert cal.parse_period("2026").months[0] == "2026-01" and len(cal.parse_period("2026").months) == 12
    assert cal.parse_period(" 2026-08 ").kind == "month"
    with pytest.raises(ValueError):
        cal.parse_period("2026-13")
    assert cal.is_month("2026-09") and not cal.is_month("2026-9")


def test_month_and_day_of_a_time_are_read_in_the_business_zone():
    z = cal.zone("Asia/Shanghai")
    t = dt.datetime(2026, 8, 31, 17, 30, tzinfo=dt.timezone.utc)   # 01:30 on 1 Sep in Shanghai
    assert cal.local_date(t, z) == D(2026, 9, 1)
    assert cal.month_of(cal.local_date(t, z)) == "2026-09"
    assert cal.local_text(t, z) == "2026-09-01 01:30"
    assert cal.month_of(D(2026, 1, 5)) == "2026-01"


def test_working_days():
    # August 2026 starts on a Saturday
    got = cal.working_days(D(2026, 8, 1), D(2026, 8, 9), ("mon", "tue", "wed", "thu", "fri"))
    assert got == [D(2026, 8, d) for d in (3, 4, 5, 6, 7)]
    assert cal.is_workday(D(2026, 8, 1), ("sat",))


def test_an_unknown_zone_is_a_value_error_in_words():
    assert cal.zone_problem("Asia/Shanghai") is None
    assert cal.zone_problem("Mars/Olympus") == "unknown time zone 'Mars/Olympus' (an IANA name, e.g. Asia/Shanghai)"
    with pytest.raises(ValueError):
        cal.zone_of(Policy(general=General(timezone="Mars/Olympus")))


# ----------------------------------------------------------------------------- staffing
def test_away_in_order_and_each_rule_words_it():
    lv = Leave(start=D(2026, 8, 3), end=D(2026, 8, 5), why="年假")
    s = staff(joined=D(2026, 8, 2), leave=(lv,))
    assert staffing.cannot_take_leads(s, D(2026, 8, 1)) == "joins on 2026-08-02"
    assert staffing.cannot_take_leads(s, D(2026, 8, 4)) == "on leave 2026-08-03..2026-08-05 (年假)"
    assert staffing.cannot_take_leads(s, D(2026, 8, 6)) is None
    # L6: a short leave and not having joined yet do not take leads away
    assert staffing.loses_leads(s, D(2026, 8, 1), 7) is None
    assert staffing.loses_leads(s, D(2026, 8, 4), 7) is None
    assert staffing.loses_leads(s, D(2026, 8, 4), 3) == "is on leave 2026-08-03..2026-08-05 (3 days, long_leave_days 3)"
    gone = staff(status="left", left=D(2026, 8, 10))
    assert staffing.cannot_take_leads(gone, D(2026, 8, 11)) == "has left (2026-08-10)"
    assert staffing.loses_leads(gone, D(2026, 8, 11), 7) == "has left (2026-08-10)"
    assert staffing.loses_leads(staff(status="leave"), D(2026, 8, 11), 7) == "is on long leave (status leave)"
    assert staffing.cannot_take_leads(staff(status="leave"), D(2026, 8, 11)) == "on long leave (status leave)"


def test_left_before_keeps_the_last_day():
    s = staff(left=D(2026, 8, 10))
    assert not staffing.left_before(s, D(2026, 8, 10))
    assert staffing.left_before(s, D(2026, 8, 11))


def test_presence_of_a_month_with_joining_and_leave():
    s = staff(joined=D(2026, 8, 10), shifts={"mon": "early", "tue": "early"},
              leave=(Leave(start=D(2026, 8, 17), end=D(2026, 8, 17)),), targets={"2026-08": 31000})
    r = Records(Policy(), staff=[s], attendance=[Attendance(date=D(2026, 8, 25), staff="S-1", leave=True)])
    p = staffing.presence(r, s, "2026-08")
    # employed 10..31 Aug: Mondays 10, 17, 24, 31 and Tuesdays 11, 18, 25
    assert (p.days_in_month, p.employed, p.scheduled, p.working) == (31, 22, 7, 5)
    assert p.leave == (D(2026, 8, 17), D(2026, 8, 25)) and p.present
    assert p.words() == "employed 22/31 days, 5 working days, 2 on leave"
    assert staffing.presence(r, s, "2026-07").employed == 0 and not staffing.presence(r, s, "2026-07").present
    assert staffing.employed_between(s, D(2026, 8, 1), D(2026, 8, 9)) is None


# ----------------------------------------------------------------------------- duty
def test_duty_intervals_across_midnight_stop_at_a_day_of_leave():
    pol = Policy(shifts={"night": ShiftDef(start="22:00", end="06:00", breaks=("02:00-02:30",))})
    s = staff(shifts={"mon": "night"}, leave=(Leave(start=D(2026, 8, 11), end=D(2026, 8, 11)),))
    duty = Duty(pol)
    z = duty.tz
    at = lambda d, h, m=0: dt.datetime(2026, 8, d, h, m, tzinfo=z)
    # Monday 10 Aug 22:00 .. Tuesday 06:00, less the break; Tuesday is a day of leave
    assert duty.intervals(s, D(2026, 8, 10), D(2026, 8, 10)) == [(at(10, 22), at(11, 0))]
    s2 = staff(shifts={"mon": "night"})
    assert duty.intervals(s2, D(2026, 8, 10), D(2026, 8, 11)) == [
        (at(10, 22), at(11, 2)), (at(11, 2, 30), at(11, 6))]
    assert duty.why_off(s2, at(11, 1)) is None
    assert duty.why_off(s2, at(11, 2, 10)) == "on a break 02:00-02:30 (night)"
    assert duty.why_off(s2, at(11, 7)) == "day off (no shift on tue)"
    assert duty.why_off(s2, at(10, 12)) == "off shift (night 22:00-06:00)"
    assert duty.why_off(s, at(11, 1)) == "on leave 2026-08-11..2026-08-11"


# ----------------------------------------------------------------------------- ownership
def test_owner_at_a_moment_and_the_log_entry():
    z = cal.zone("Asia/Shanghai")
    t = lambda d, h: dt.datetime(2026, 8, d, h, tzinfo=CST)
    e1 = ownership.entry(t(1, 10), ownership.AUTOMATIC, None, "S-1", "A2", "rotation")
    e2 = ownership.entry(t(5, 23), "S-9", "S-1", "S-2", ownership.MANUAL, "moved", logged=t(6, 9))
    assert list(e1) == ["when", "by", "from", "to", "rule", "why"] and e2["logged"] == t(6, 9)
    lead = Lead(id="L-1", name="张三", source="web", created=t(1, 9), owner="S-2",
                log=(ownership.as_change(e1), ownership.as_change(e2)))
    assert ownership.owner_on(lead, D(2026, 7, 31), z) is None
    assert ownership.owner_on(lead, D(2026, 8, 5), z) == "S-1"     # the move counts from when it was logged
    assert ownership.owner_on(lead, D(2026, 8, 6), z) == "S-2"
    assert ownership.received(lead, "S-2", t(6, 8)) == t(6, 8)
    assert ownership.received(lead, "S-2", t(7, 8)) == t(6, 9)
    assert ownership.entered_pool(lead) == t(5, 23) and ownership.ever_owned(lead)
    claim = OwnerChange(when=t(2, 9), by="S-3", to="S-3", rule="L6")
    assert ownership.is_claim(claim) and not ownership.is_claim(lead.log[0])
    r = Records(Policy(), leads=[lead])
    assert [e for _, e in ownership.changes(r)] == list(lead.log)
    assert ownership.owner_on(Lead(id="L-2", name="李四", source="web", created=t(1, 9), owner="S-5"), D(2026, 8, 1), z) == "S-5"
