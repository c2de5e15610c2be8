"""The review cycle (K1, K2, K3): stages, who owes them, when a review counts, `review set` and
`review status`, worked by hand from seeds 003 (電銷部) and 001 (會所外聯團隊).

003 「員工自評…上級評價:銷售組長和部門經理…綜合評定:人力資源部門匯總…部門經理與員工進行績效面談」,
「月度考核于次月上旬進行」: the preset's stages self, leader, manager, filed, interview; self, leader and
manager required; due the 10th of the next month (self at the month's end).
001 「填寫績效考核自評表…填寫績效考核評價表…考核評價結果經公示無異議后,報會所人力資源部門審核備案」: stages
self, leader, posted, filed, all required; quarters and years; 3 days of objections (the preset's default).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal as D

from hypothesis import given, settings, strategies as st

from helpers import add, cli, git, load_records, preset_repo, run
from salesctl.engines.indicators import month_indicators
from salesctl.domain import reviews
from salesctl.policy import Policy
from salesctl.policy.review import Review as ReviewPolicy
from salesctl.records import Records
from salesctl.schema import Review, Signed, Staff, Team

TZ = dt.timezone(dt.timedelta(hours=8))


def rows(root, *args) -> list[dict]:
    return json.loads(cli(root, *args, "--format", "json"))


def explained(root, month, staff) -> dict:
    got = json.loads(cli(root, "score", "--month", month, "--explain", staff, "--format", "json"))
    return {r["indicator"]: r for r in got["indicators"]}


def status(root, *args) -> list[tuple]:
    return [(r["staff"], r["missing"], r["owed_by"], r["due"], r["overdue"])
            for r in rows(root, "review", "status", *args)]


# ----------------------------------------------------------------------------- 003: the manager's stage
def telesales(tmp_path):
    root = preset_repo(tmp_path / "r", "telesales")
    team = add(root, "team", name="電銷一組", department="電銷部", channel="telesales")
    mgr = add(root, "staff", name="周經理", role="manager", department="電銷部", channel="telesales", joined="2025-01-01")
    leader = add(root, "staff", name="王組長", team=team, role="leader", channel="telesales", joined="2025-01-01",
                 **{"targets.2026-11": 30000})
    agent = add(root, "staff", name="陳二", team=team, channel="telesales", joined="2025-01-01",
                **{"targets.2026-11": 50000})
    cli(root, "team", "set", team, f"leader={leader}")
    return root, mgr, leader, agent


def test_a_003_review_without_the_managers_stage_is_not_counted_and_the_manager_owes_it(tmp_path):
    root, mgr, leader, agent = telesales(tmp_path)
    add(root, "review", staff=agent, month="2026-11", self_rating=70, leader_rating=80)
    # not counted: the rating item is left out, and --explain says why
    explain = explained(root, "2026-11", agent)
    assert explain["rating"]["value"] is None and explain["rating"]["points"] is None
    assert "review incomplete: manager stage missing (K3)" in explain["rating"]["evidence"]
    # on 11-12 (「次月上旬」 over: due 12-10) the manager owes the agent's manager stage; the filing (HR) and the
    # interview (the manager) are owed too; the leader's own review is not there: every stage owed
    got = status(root, "--month", "2026-11", "--as-of", "2026-12-12")
    assert (agent, "manager", mgr, "2026-12-10", "yes") in got
    assert [g for g in got if g[0] == agent] == [
        (agent, "manager", mgr, "2026-12-10", "yes"),
        (agent, "filed", "人力資源部門", "2026-12-10", "yes"),
        (agent, "interview", mgr, "2026-12-10", "yes"),
    ]
    # the leader's own review: self by themselves (due the month's end), leader and manager by the manager
    assert [g[1:3] for g in got if g[0] == leader][:3] == [("self", leader), ("leader", mgr), ("manager", mgr)]
    # the manager rates 60: signed by the manager (the one who owes it), counted; 上級評價 (80 + 60) / 2 = 70,
    # rating (0.2 x 70 + 0.5 x 70) / 0.7 = 70
    r = run("review", "set", f"{agent}:2026-11", "manager_rating=60", records=root)
    assert r.exit_code == 0, r.stderr
    assert f"signed.manager by {mgr}" in r.stderr
    assert cli(root, "review", "show", f"{agent}:2026-11", "--format", "json").count(mgr) == 1
    got = {x["staff"]: x["rating"] for x in rows(root, "score", "--month", "2026-11")}
    assert D(got[agent]) == D("70.00")
    assert [g[1] for g in status(root, "--month", "2026-11", "--as-of", "2026-12-12") if g[0] == agent] == ["filed", "interview"]


def test_the_deputy_owes_the_leaders_stage_when_the_leader_has_left(tmp_path):
    """O1 「副組長…在組長不在時履行組長職責」."""
    root, mgr, leader, agent = telesales(tmp_path)
    deputy = add(root, "staff", name="林副組長", team="T-0001", role="deputy", channel="telesales", joined="2025-01-01")
    cli(root, "team", "set", "T-0001", f"deputy={deputy}")
    cli(root, "staff", "set", leader, "status=left", "left=2026-11-20")
    add(root, "review", staff=agent, month="2026-11", self_rating=70)
    got = status(root, "--month", "2026-11", "--as-of", "2026-12-01")
    assert (agent, "leader", deputy, "2026-12-10", "no") in got


def test_a_rating_signed_by_someone_else_is_a_warning(tmp_path):
    root, mgr, leader, agent = telesales(tmp_path)
    add(root, "review", staff=agent, month="2026-11", self_rating=70, leader_rating=80,
        **{"signed.leader.by": agent, "signed.leader.at": "2026-12-02T10:00"})
    out = run("check", records=root)
    assert f"leader stage signed by {agent}, but {leader} owes it (K1)" in out.stdout


# ----------------------------------------------------------------------------- 001: posted, objections, filed
def outreach(tmp_path):
    root = preset_repo(tmp_path / "r", "club-outreach")
    team = add(root, "team", name="外聯團隊", department="外聯部", channel="outreach")
    head = add(root, "staff", name="周敏", team=team, role="leader", channel="outreach", joined="2026-01-01",
               **{"targets.2026-09": 60000})
    spec = add(root, "staff", name="王芳", team=team, channel="outreach", joined="2026-01-01",
               **{"targets.2026-09": 50000})
    cli(root, "team", "set", team, f"leader={head}")
    return root, head, spec


def quarter_rating(root, spec):
    """(rating, evidence) of September as the quarter 2026Q3 scores it (month_indicators via the quarter)."""
    pm = month_indicators(load_records(root), "2026-09", via="2026Q3")[spec]
    return pm.get("rating"), pm.evidence["rating"]


def test_a_001_quarter_review_is_posted_waits_out_its_objections_then_is_filed(tmp_path):
    root, head, spec = outreach(tmp_path)
    # the quarter's review lives in reviews/2026Q3/; self and leader rated, posted on 10-02
    add(root, "review", staff=spec, month="2026Q3", self_rating=80, leader_rating=90)
    assert (root / "reviews/2026Q3" / f"{spec}.yaml").exists()
    cli(root, "review", "set", f"{spec}:2026Q3", f"signed.posted.by={head}", "signed.posted.at=2026-10-02")
    # 10-04: inside the 3 days (open until 10-05): posted is not done yet; the quarter is due 09-30 (no due_days)
    assert [g[1] for g in status(root, "--quarter", "2026Q3", "--as-of", "2026-10-04") if g[0] == spec] == ["posted", "filed"]
    # an objection on 10-03, open on 10-06: still not posted
    cli(root, "review", "set", f"{spec}:2026Q3", f"objections=[{{by: {spec}, at: 2026-10-03, text: 客户数算少了}}]")
    assert [g[1] for g in status(root, "--quarter", "2026Q3", "--as-of", "2026-10-06") if g[0] == spec] == ["posted", "filed"]
    # not counted in the quarter's score (its months read the quarter's review: 001 reviews quarterly)
    value, evidence = quarter_rating(root, spec)
    assert value is None
    assert "review incomplete: posted, filed stages missing (K2)" in evidence
    # filed on 10-04 with the objection open: a warning
    cli(root, "review", "set", f"{spec}:2026Q3", "signed.filed.by=人力資源部門", "signed.filed.at=2026-10-04")
    out = run("check", records=root).stdout
    assert "filed on 2026-10-04, inside the objection window (posted 2026-10-02, open for objections until 2026-10-05" in out
    assert "filed on 2026-10-04 with an objection open" in out
    # the objection settled on 10-06: on 10-07 every stage is done, and September's rating counts:
    # (0.2 x 80 + 0.5 x 90) / 0.7 = 61 / 0.7 = 87.142857…
    cli(root, "review", "set", f"{spec}:2026Q3",
        f"objections=[{{by: {spec}, at: 2026-10-03, text: 客户数算少了, resolved: 2026-10-06}}]")
    assert [g for g in status(root, "--quarter", "2026Q3", "--as-of", "2026-10-07") if g[0] == spec] == []
    value, _ = quarter_rating(root, spec)
    assert value.quantize(D("0.01")) == D("87.14")
    # September scored for itself reads no quarter review (it would change after the month closed)
    assert explained(root, "2026-09", spec)["rating"]["value"] is None
    # no monthly cycle in 001: --month lists no one
    assert status(root, "--month", "2026-09", "--as-of", "2026-10-07") == []


def test_a_month_close_does_not_freeze_the_quarters_reviews(tmp_path):
    root, head, spec = outreach(tmp_path)
    cli(root, "close", "--month", "2026-09")
    add(root, "review", staff=spec, month="2026Q3", self_rating=80)
    assert "error" not in run("check", records=root).stdout


def test_review_status_check_exits_1_when_something_is_owed(tmp_path):
    root, head, spec = outreach(tmp_path)
    assert run("review", "status", "--quarter", "2026Q3", "--as-of", "2026-10-01", "--check", records=root).exit_code == 1
    assert run("review", "status", "--quarter", "2026Q3", "--as-of", "2026-10-01", records=root).exit_code == 0
    text = cli(root, "review", "status", "--quarter", "2026Q3", "--as-of", "2026-10-01", "--format", "csv")
    got = list(csv.DictReader(io.StringIO(text)))
    assert {r["missing"] for r in got} == {"self", "leader", "posted", "filed"}


# ----------------------------------------------------------------------------- bad input
def test_bad_input_to_review_set_and_status_changes_nothing(tmp_path):
    root, head, spec = outreach(tmp_path)
    add(root, "review", staff=spec, month="2026Q3", self_rating=80)
    before = git(root, "rev-parse", "HEAD")
    cases = [
        (("review", "set", f"{spec}:2026Q3", "signed.bogus.by=S-0001"), 2, "unknown review stage(s) bogus"),
        (("review", "set", f"{spec}:2026Q3", "signed.posted.by=S-9999"), 1, "signed.posted.by S-9999: no such staff"),
        (("review", "set", f"{spec}:2026Q3", "interview={date: 2026-10-09, by: S-9999}"), 1, "interview.by S-9999: no such staff"),
        (("review", "set", f"{spec}:2026Q5", "self_rating=1"), 5, "no review"),
        (("review", "set", "S-9999:2026Q3", "self_rating=1"), 5, "no review"),
        (("review", "set", f"{spec}:2026Q3", "staff=S-0001"), 2, "cannot be set here"),
        (("review", "add", f"staff={spec}", "month=2026-13", "self_rating=1"), 2, "is not a month (2026-10), quarter"),
        (("review", "add", f"staff={spec}", "month=2026Q3", "self_rating=1"), 2, "already exists"),
        (("review", "status", "--month", "2026Q3"), 2, "is not a month"),
        (("review", "status", "--quarter", "2026Q9"), 2, "is not a month"),
        (("review", "status", "--year", "2026", "--as-of", "10/01"), 2, "--as-of '10/01' is not a date"),
        (("review", "status"), 2, "give exactly one of --month, --quarter, --year"),
    ]
    for args, code, words in cases:
        r = run(*args, records=root)
        assert r.exit_code == code, (args, r.stdout, r.stderr)
        assert words in r.stderr + r.stdout, (args, r.stderr)
    assert git(root, "rev-parse", "HEAD") == before and git(root, "status", "--porcelain") == ""


def test_a_misplaced_review_folder_is_an_error(tmp_path):
    root, head, spec = outreach(tmp_path)
    (root / "reviews/2026q3").mkdir(parents=True)
    (root / "reviews/2026q3" / f"{spec}.yaml").write_text("self_rating: 80\n")
    out = run("check", records=root).stdout
    assert "review files live in reviews/<YYYY-MM>, <YYYYQn> or <YYYY>/<staff-id>.yaml" in out


# ----------------------------------------------------------------------------- properties
STAGE_LIST = ("self", "leader", "manager", "interview", "posted", "filed")
AT = dt.datetime(2026, 11, 3, 10, tzinfo=TZ)


def _records(review: Review, stages, required) -> Records:
    pol = Policy(review=ReviewPolicy(stages=tuple(stages), required=tuple(required), objection_days=2))
    team = Team(id="T-1", name="一组", leader="S-1", department="部")
    people = [Staff(id="S-1", name="组长", team="T-1", role="leader", channel="telesales", joined=dt.date(2025, 1, 1)),
              Staff(id="S-2", name="组员", team="T-1", channel="telesales", joined=dt.date(2025, 1, 1)),
              Staff(id="S-3", name="经理", department="部", role="manager", channel="telesales", joined=dt.date(2025, 1, 1))]
    return Records(pol, teams=[team], staff=people, reviews=[review])


def _review(signed: set, ratings: set) -> Review:
    r = {f"{s}_rating": 75.0 for s in ratings}
    return Review(staff="S-2", month="2026-10", signed={s: Signed(by="S-1", at=AT) for s in signed}, **r)


stage_sets = st.sets(st.sampled_from(STAGE_LIST))


@settings(max_examples=150, deadline=None)
@given(stages=st.permutations(STAGE_LIST).flatmap(lambda p: st.integers(0, 6).map(lambda n: p[:n])),
       signed=stage_sets, ratings=st.sets(st.sampled_from(("self", "leader", "manager"))), extra=st.sampled_from(STAGE_LIST),
       on=st.dates(dt.date(2026, 10, 1), dt.date(2026, 12, 31)), data=st.data())
def test_signing_a_stage_never_uncounts_a_review_and_missing_is_stages_less_done(stages, signed, ratings, extra, on, data):
    required = data.draw(st.sets(st.sampled_from(stages)) if stages else st.just(set()))
    before = _records(_review(signed, ratings), stages, required)
    after = _records(_review(signed | {extra}, ratings), stages, required)
    if reviews.counts(before, before.reviews[0], on):
        assert reviews.counts(after, after.reviews[0], on)
    for recs in (before, after):
        done = reviews.stages_done(recs, recs.reviews[0], on)
        assert [m[0] for m in reviews.missing(recs, "S-2", "2026-10", on)] == [s for s in stages if s not in done]
        assert reviews.counts(recs, recs.reviews[0], on) == set(required).issubset(done)


def test_review_add_writes_the_period_as_salesctl_does_and_a_signed_date_as_its_midnight(tmp_path):
    root, head, spec = outreach(tmp_path)
    assert add(root, "review", staff=spec, month="2026q3", self_rating=80,
               **{"signed.self.by": spec, "signed.self.at": "2026-10-01"}) == f"{spec} 2026Q3"
    got = json.loads(cli(root, "review", "show", f"{spec}:2026Q3", "--format", "json"))
    assert got["signed"] == {"self": {"by": spec, "at": "2026-10-01T00:00:00+08:00"}}
