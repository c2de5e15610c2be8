"""The demo package's parts, tested directly: its copy of the duty and assignment rules
(salesctl/demo/rules.py), its calendar, its words, and the one-draw-order state.

test_demo.py checks the generated organisation as a whole (and that records/ is its output).
"""
from __future__ import annotations

import datetime as dt
from random import Random

from salesctl.demo.organisation import Person, Team, inside_shifts
from salesctl.demo.rules import by_capacity, employed, on_leave, on_post, rotation, shift, works
from salesctl.demo.scales import AS_OF_DATE, SCALES, TZ, month_bounds, months
from salesctl.domain.calendar import month_of
from salesctl.demo.state import Demo
from salesctl.demo.vocabulary import club_name, contact_outcome, person_name

MONDAY = dt.date(2026, 9, 7)


def person(sid="S-0001", team=None, *, shifts=None, joined=dt.date(2025, 1, 1), **kw) -> Person:
    return Person(sid, sid, team, "member", "inside", "会籍部", joined,
                  shifts={"mon": "early", "tue": "late"} if shifts is None else shifts, **kw)


def moment(d, hhmm):
    h, m = map(int, hhmm.split(":"))
    return dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)


def test_on_post_follows_the_policy_shift_and_its_break():
    p = person()   # monday early 09:00-15:30, break 12:00-12:30 (policy defaults)
    assert shift(p, MONDAY).start == 9 * 60 and shift(p, MONDAY).end == 15 * 60 + 30
    assert on_post(p, moment(MONDAY, "09:00"))
    assert not on_post(p, moment(MONDAY, "08:59"))
    assert not on_post(p, moment(MONDAY, "12:10"))          # at the break
    assert on_post(p, moment(MONDAY, "12:30"))
    assert not on_post(p, moment(MONDAY, "15:30"))
    assert not on_post(p, moment(MONDAY + dt.timedelta(days=2), "10:00"))   # wednesday: day off


def test_employed_reads_the_dates_not_the_status():
    leaver = person(status="left", left=dt.date(2026, 9, 20))
    assert employed(leaver, dt.date(2026, 9, 20)) and not employed(leaver, dt.date(2026, 9, 21))
    joiner = person(joined=dt.date(2026, 9, 8))
    assert not employed(joiner, MONDAY) and employed(joiner, MONDAY + dt.timedelta(days=1))


def test_leave_and_days_off():
    p = person(leave=[(MONDAY, MONDAY, "年假")])
    assert on_leave(p, MONDAY) and not on_leave(p, MONDAY + dt.timedelta(days=7))
    assert works(p, MONDAY)                 # leave only keeps p off once it is a day off (p.off)
    p.off.add(MONDAY)
    assert not works(p, MONDAY) and not on_post(p, moment(MONDAY, "10:00"))


def test_by_capacity_fewest_recent_leads_per_weight_then_id():
    team = Team("T-01", "会籍一组", "inside", "会籍部")
    a, b, c = person("S-0001", team), person("S-0002", team, weight=2.0), person("S-0003", team)
    team.members += [a, b, c]
    a.intake = [MONDAY] * 2
    b.intake = [MONDAY] * 5                  # 2.5 per unit of weight
    c.intake = [MONDAY - dt.timedelta(days=40)] * 9 + [MONDAY] * 2   # only the last 30 days count
    assert by_capacity(team, MONDAY) is a    # a and c 2 each: ties go to the id
    assert by_capacity(team, MONDAY, exclude=a) is c
    b.intake = [MONDAY] * 3                  # 1.5 per unit of weight
    assert by_capacity(team, MONDAY) is b
    b.leave.append((MONDAY, MONDAY, "病假"))
    assert by_capacity(team, MONDAY) is a


def test_rotation_skips_who_is_not_on_post_and_keeps_their_place():
    t1, t2 = Team("T-01", "一组", "inside", "会籍部"), Team("T-02", "二组", "inside", "会籍部")
    early, late = person("S-0001", t1), person("S-0002", t1, shifts={"mon": "late"})
    t1.queue = [late, early]
    other = person("S-0003", t2)
    t2.queue, t2.walk_ins = [other], 1
    assert rotation([t2, t1], moment(MONDAY, "10:00")) is early    # t1 has fewer walk-ins
    assert t1.queue == [late, early] and t1.walk_ins == 1          # late, skipped, is still next
    assert rotation([t2, t1], moment(MONDAY, "14:40")) is late     # a tie on walk-ins: team id
    assert t1.queue == [early, late]
    assert rotation([t1, t2], moment(MONDAY, "10:00")) is other
    assert rotation([t1, t2], moment(MONDAY, "12:10")) is None     # everyone at the break or off shift


def test_inside_shifts_cover_every_day_early_and_late():
    team = [inside_shifts(i, 0) for i in range(4)]
    assert all(len(s) == 5 for s in team)
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        assert {"early", "late"} <= {s[day] for s in team if day in s}


def test_months_and_their_bounds():
    assert months("2025-11", 3) == ("2025-11", "2025-12", "2026-01")
    assert month_bounds("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month_bounds("2026-10")[1] == AS_OF_DATE
    assert month_of(dt.date(2026, 1, 31)) == "2026-01"


def test_words():
    taken: set = set()
    rng = Random(3)
    names = [person_name(rng, taken) for _ in range(200)]
    assert len(set(names)) == 200 and taken == set(names)
    assert club_name(0, 1) == "星河会所" and club_name(0, 25) == "静安店" and club_name(25, 30) == "静安2店"
    assert contact_outcome(Random(1), "quote", True) in ("发送企业团卡报价单", "报价：企业年卡按人数阶梯价")


def test_state_ids_and_cases(tmp_path):
    g = Demo(tmp_path, SCALES["small"], 1)
    assert (g.next_id("S"), g.next_id("S"), g.next_id("L")) == ("S-0001", "S-0002", "L-00001")
    assert g.start == dt.date(2026, 8, 1) and g.months == ("2026-08", "2026-09", "2026-10")

    class Club:
        index = 0
    g.club = Club()
    assert g.need("refund")
    g.got("refund")
    assert not g.need("refund") and g.need("refund", "2026-09")
