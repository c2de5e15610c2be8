"""Properties of the pool engine over random leads, visits and grades: reclaim is monotone in time,
and `warn` lists exactly what reclaim would take within the window (for owners who stay)."""
import datetime as dt

from hypothesis import given, settings, strategies as st

from salesctl.engines.pool import reclaim, warn
from salesctl.policy import Policy
from salesctl.policy.assign import Reclaim
from salesctl.records import Records
from salesctl.schema import Lead, OwnerChange, Staff, Team, Visit

TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 7, 1, 9, tzinfo=TZ)
DAY = dt.datetime(2026, 8, 10, tzinfo=TZ)


@st.composite
def pool_org(draw):
    staff = [Staff(id=f"S-{i}", name=f"员工{i}", team="T-1", channel="telesales", joined=dt.date(2025, 1, 1)) for i in (1, 2, 3)]
    leads, visits = [], []
    for i in range(draw(st.integers(1, 15))):
        owner = draw(st.sampled_from(["S-1", "S-2", "S-3"]))
        got = START + dt.timedelta(days=draw(st.integers(0, 39)), hours=draw(st.integers(0, 10)))   # before DAY
        lid = f"L-{i}"
        leads.append(Lead(id=lid, name="客户", source="phone", created=START, team="T-1", owner=owner,
                          grade=draw(st.sampled_from([None, "important", "general", "potential"])),
                          status=draw(st.sampled_from(["new", "contacted", "won", "lost"])),
                          log=(OwnerChange(when=got, by="salesctl", to=owner, rule="A1"),)))
        for k in range(draw(st.integers(0, 3))):
            who = draw(st.sampled_from([owner, "S-1"]))
            at = min(got + dt.timedelta(days=draw(st.integers(-5, 30))), DAY)   # follow-ups up to DAY
            visits.append(Visit(id=f"V-{i}-{k}", lead=lid, at=at, kind="call", staff=who))
    pr = Reclaim(idle_days=draw(st.integers(1, 20)),
                 idle_days_by_grade=draw(st.dictionaries(st.sampled_from(["important", "general", "potential"]), st.integers(1, 40))))
    return Records(Policy(reclaim=pr), teams=[Team(id="T-1", name="组")], staff=staff, leads=leads, visits=visits)


@settings(max_examples=80, deadline=None)
@given(pool_org(), st.integers(0, 30), st.integers(0, 30))
def test_reclaim_is_monotone_and_warn_lists_what_reclaim_takes_next(records, k, extra):
    now = {r.lead for r in reclaim(records, DAY)}
    later = {r.lead for r in reclaim(records, DAY + dt.timedelta(days=k))}
    assert now <= later
    assert {w.lead for w in warn(records, DAY, k)} == later - now
    for r in reclaim(records, DAY + dt.timedelta(days=k + extra)):
        lead = records.leads[r.lead]
        assert lead.status in ("new", "contacted") and r.owner == lead.owner and r.rule == "L6"


def test_follow_ups_after_as_of_do_not_count():
    s = Staff(id="S-1", name="甲", team="T-1", channel="telesales", joined=dt.date(2025, 1, 1))
    lead = Lead(id="L-1", name="客户", source="phone", created=START, team="T-1", owner="S-1")
    v = Visit(id="V-1", lead="L-1", at=START + dt.timedelta(days=20), kind="call", staff="S-1")
    r = Records(Policy(), teams=[Team(id="T-1", name="组")], staff=[s], leads=[lead], visits=[v])
    got, = reclaim(r, START + dt.timedelta(days=16))        # as of 07-17 the call of 07-21 has not happened
    assert (got.idle_days, str(got.last_follow_up)) == (16, "2026-07-01")
    assert reclaim(r, START + dt.timedelta(days=21)) == []   # as of 07-22 it has
