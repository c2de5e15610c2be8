"""Property tests of the assignment engine (issue 4, item 4), over random teams, shifts, leave,
caps and lead streams. Records are built in memory; the CLI's dry-run/real-run agreement is in
test_assign_cli.py. Eligibility is re-checked here with a small independent duty checker."""
import datetime as dt
from collections import Counter, defaultdict

import msgspec
from hypothesis import given, settings, strategies as st

from salesctl.engines.assign import applied, assign
from salesctl.engines.assign.results import BY
from salesctl.policy import Policy
from salesctl.policy.assign import Assign
from salesctl.records import Records
from salesctl.schema import Lead, Leave, OwnerChange, Staff, Team

TZ = dt.timezone(dt.timedelta(hours=8))
DAYS = [dt.date(2026, 8, d) for d in range(3, 10)]           # Mon 08-03 .. Sun 08-09
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHIFTS = {"early": (9 * 60, 15 * 60 + 30, (12 * 60, 12 * 60 + 30)),   # the policy's default shifts
          "late": (14 * 60 + 30, 22 * 60, (18 * 60, 18 * 60 + 30)),
          "day": (9 * 60, 18 * 60, (12 * 60, 13 * 60))}
PROPS = settings(max_examples=60, deadline=None)


@st.composite
def consultant(draw, sid: str, team: str, channel: str):
    shifts = {wd: s for wd in WEEKDAYS if (s := draw(st.sampled_from([None, "early", "late", "day", "early", "late"])))}
    leave = ()
    if draw(st.booleans()):
        start = draw(st.sampled_from(DAYS))
        leave = (Leave(start=start, end=start + dt.timedelta(days=draw(st.integers(0, 2)))),)
    status = draw(st.sampled_from(["active"] * 8 + ["leave", "left"]))
    return Staff(id=sid, name=f"员工{sid}", team=team, channel=channel, joined=dt.date(2025, 1, 1),
                 status=status, left=dt.date(2026, 7, 31) if status == "left" else None,
                 weight=draw(st.sampled_from([1.0, 1.0, 2.0, 0.5])),
                 max_open_leads=draw(st.one_of(st.none(), st.integers(0, 6))),
                 shifts=shifts, leave=leave)


@st.composite
def organisation(draw, caps: bool = True, busy: bool = True, designated: bool = True, phones: bool = True):
    n_in = draw(st.integers(2, 5))
    n_tel = draw(st.integers(1, 3)) if phones else 0
    staff = [draw(consultant(f"S-{i}", "T-1", "inside")) for i in range(1, n_in + 1)]
    staff += [draw(consultant(f"S-{i}", "T-2", "telesales")) for i in range(n_in + 1, n_in + n_tel + 1)]
    if not caps:
        staff = [msgspec.structs.replace(s, max_open_leads=None) for s in staff]
    teams = [Team(id="T-1", name="会籍组", channel="inside"), Team(id="T-2", name="电销组", channel="telesales")]
    ids = [s.id for s in staff]
    leads = []
    # leads already held (open), so caps bite from the start
    for s in staff:
        for k in range(draw(st.integers(0, 2)) if caps else 0):
            lid = f"L-0{s.id[2:]}{k}"
            leads.append(Lead(id=lid, name="老客户", source="phone", created=dt.datetime(2026, 7, 1, 10, tzinfo=TZ),
                              team=s.team, owner=s.id, status="contacted"))
    n = draw(st.integers(1, 30))
    for i in range(n):
        day = draw(st.sampled_from(DAYS))
        minute = draw(st.integers(8 * 60, 22 * 60 + 59))
        created = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), TZ)
        source = draw(st.sampled_from(["walk-in"] * 3 + (["phone", "web"] if phones else [])))
        des = draw(st.sampled_from([None] * 4 + ids)) if designated else None
        leads.append(Lead(id=f"L-{i + 1:03d}", name=f"客户{i}", source=source, created=created, designated=des))
    pa = Assign(intake_cap=draw(st.one_of(st.none(), st.integers(1, 6))) if caps else None,
                intake_days=draw(st.integers(1, 7)),
                busy_minutes=draw(st.sampled_from([0, 15, 30])) if busy else 0)
    return Records(Policy(assign=pa), teams=teams, staff=staff, leads=leads)


AS_OF = dt.datetime(2026, 8, 10, tzinfo=TZ)


# -- an independent, simple duty checker (default shifts only, none runs past midnight) ----------
def on_duty(s: Staff, t: dt.datetime) -> bool:
    lt = t.astimezone(TZ)
    if s.status != "active" or any(lv.start <= lt.date() <= lv.end for lv in s.leave):
        return False
    shift = s.shifts.get(WEEKDAYS[lt.weekday()])
    if shift is None:
        return False
    start, end, (bs, be) = SHIFTS[shift]
    m = lt.hour * 60 + lt.minute
    return start <= m < end and not (bs <= m < be)


def available(s: Staff, t: dt.datetime) -> bool:
    d = t.astimezone(TZ).date()
    return s.status == "active" and not any(lv.start <= d <= lv.end for lv in s.leave)


@PROPS
@given(organisation())
def test_each_pool_lead_at_most_once_and_only_to_someone_eligible(records):
    res = assign(records, AS_OF)
    pool_ids = {lead.id for lead in records.leads.values() if lead.owner is None}
    decided = [d.lead for d in res.decisions]
    assert len(decided) == len(set(decided)) and set(decided) == pool_ids
    for d in res.assigned:
        s = records.staff[d.owner]
        lead = records.leads[d.lead]
        if d.rule == "A2":   # a walk-in: at its arrival
            assert d.when == lead.created
            assert lead.source == "walk-in" and s.channel == "inside" and s.team == d.team and on_duty(s, d.when), d
        elif d.rule == "A3":
            assert d.owner in (lead.designated,) and available(s, d.when), d
        else:                # at arrival, or later when nobody could take it then (a leave ended ...)
            assert d.rule == "A1" and lead.source != "walk-in" and s.team == d.team and available(s, d.when), d
        assert lead.created <= d.when <= AS_OF


@PROPS
@given(organisation())
def test_nobody_goes_above_a_cap(records):
    pol = records.policy.assign
    res = assign(records, AS_OF)
    held = Counter(lead.owner for lead in records.leads.values() if lead.owner)
    got = Counter(d.owner for d in res.assigned)
    for sid, n in got.items():
        s = records.staff[sid]
        cap = s.max_open_leads if s.max_open_leads is not None else pol.max_open_leads
        assert held[sid] + n <= max(cap, held[sid]), (sid, held[sid], n, cap)
    if pol.intake_cap is not None:
        days = defaultdict(list)
        for d in res.assigned:
            days[d.owner].append(d.when.astimezone(TZ).date())
        for sid, ds in days.items():
            for x in ds:
                window = [y for y in ds if x - dt.timedelta(days=pol.intake_days) < y <= x]
                assert len(window) <= pol.intake_cap, (sid, x, window)


@PROPS
@given(organisation(caps=False, busy=False, phones=False))
def test_designated_leads_never_move_the_rotation(records):
    res = assign(records, AS_OF)
    without = Records(records.policy, teams=records.teams.values(), staff=records.staff.values(),
                      leads=[lead for lead in records.leads.values()
                             if lead.id not in {d.lead for d in res.decisions if d.rule == "A3"}])
    res2 = assign(without, AS_OF)
    rot = {d.lead: d.owner for d in res.decisions if d.rule != "A3"}
    assert rot == {d.lead: d.owner for d in res2.decisions}
    assert res.state == res2.state
    turns = Counter(d.owner for d in res.decisions if d.rule == "A2" and d.owner)
    assert dict(res.state.teams["T-1"].turns) == dict(turns) if turns else True


@PROPS
@given(organisation(caps=False, busy=False, phones=False))
def test_rotation_counts_of_consultants_on_duty_together_differ_by_at_most_one(records):
    res = assign(records, AS_OF)
    walk_ins = [d for d in res.decisions if d.rule != "A3"]   # in arrival order; designated ones do not count
    inside = [s for s in records.staff.values() if s.channel == "inside"]
    for i, a in enumerate(inside):
        for b in inside[i + 1:]:
            na = nb = 0
            for d in walk_ins:
                t = records.leads[d.lead].created
                if not (on_duty(a, t) and on_duty(b, t)):
                    na = nb = 0          # the stretch both were on duty ends here
                    continue
                na += d.owner == a.id
                nb += d.owner == b.id
                assert abs(na - nb) <= 1, (a.id, b.id, d.lead)


@PROPS
@given(organisation())
def test_running_twice_gives_nothing_new(records):
    res = assign(records, AS_OF)
    again = assign(applied(records, res), AS_OF)
    assert again.assigned == ()
    assert {d.lead for d in again.decisions} == {d.lead for d in res.decisions if not d.owner}
    assert again.state == res.state


@PROPS
@given(organisation(), st.integers(0, 6 * 24))
def test_splitting_the_stream_into_two_runs_gives_the_same_owners(records, hours):
    cut = dt.datetime(2026, 8, 3, 8, tzinfo=TZ) + dt.timedelta(hours=hours)
    one = assign(records, AS_OF)
    first = assign(records, cut)
    second = assign(applied(records, first), AS_OF)
    two = {d.lead: d.owner for d in first.assigned}
    for d in second.decisions:
        assert d.lead not in two
        two[d.lead] = d.owner
    assert {d.lead: d.owner for d in one.decisions} == {lead: two.get(lead) for lead in (d.lead for d in one.decisions)}
    assert second.state == one.state


@PROPS
@given(organisation())
def test_the_log_entry_and_changes_say_what_the_row_says(records):
    res = assign(records, AS_OF)
    for d in res.assigned:
        e = d.log_entry()
        assert (e["by"], e["from"], e["to"], e["rule"], e["why"], e["when"]) == (BY, None, d.owner, d.rule, d.reason, d.when)
        assert d.changes() == {"team": d.team, "owner": d.owner}
    for d in res.decisions:
        if not d.owner:
            assert d.reason.startswith("stays in the pool") or "stays in the pool" in d.reason


def test_reclaimed_lead_enters_the_pool_when_returned_and_cools_down():
    staff = [Staff(id="S-1", name="甲", team="T-2", channel="telesales", joined=dt.date(2025, 1, 1)),
             Staff(id="S-2", name="乙", team="T-2", channel="telesales", joined=dt.date(2025, 1, 1))]
    back = dt.datetime(2026, 8, 20, 9, tzinfo=TZ)
    lead = Lead(id="L-1", name="客户", source="phone", created=dt.datetime(2026, 7, 1, 10, tzinfo=TZ), team="T-2",
                log=(OwnerChange(when=dt.datetime(2026, 7, 1, 10, tzinfo=TZ), by="salesctl", to="S-1", rule="A1"),
                     OwnerChange(when=back, by="salesctl", from_="S-1", to=None, rule="L6")))
    held = Lead(id="L-2", name="老客户", source="phone", created=dt.datetime(2026, 7, 1, tzinfo=TZ), team="T-2", owner="S-2")
    r = Records(Policy(), teams=[Team(id="T-2", name="电销", channel="telesales")], staff=staff, leads=[lead, held])
    assert assign(r, back - dt.timedelta(minutes=1)).decisions == ()          # not in the pool yet at that time
    d, = assign(r, back).decisions
    assert d.owner == "S-2" and d.when == back                                  # S-1 has fewer open leads but cools down
    assert "S-1 skipped, lead returned to the pool from them on 2026-08-20; not back before 2026-09-19 (L6 cooldown)" in d.trace[-2]
