"""The loader: records and problems together, lines of records, reuse of unchanged files, sources."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec
import pytest

from helpers import BASE, git, make_repo, write_records
from salesctl import checks
from salesctl.frozen import NOTHING_CLOSED
from salesctl.convert import convert
from salesctl.loader import load, load_policy_text
from salesctl.locations import Locator
from salesctl.policy import Policy
from salesctl.schema import Lead, Money, Staff
from salesctl.source import GitTree, Overlay, WorkTree

CST = dt.timezone(dt.timedelta(hours=8))

ORG = {
    **BASE,
    "leads/2026/L-0002.yaml": """
        id: L-0002
        name: 李四
        source: referral
        referred_by: L-0001
        created: 2026-08-05T09:00:00+08:00
        owner: S-3
        notes: "2026-10-01"
    """,
    "visits/2026-08/S-3.yaml": """
        # 欧阳娜娜 八月
        - id: V-0001
          lead: L-0002
          at: 2026-08-06T10:00:00+08:00
          kind: call
          next: {date: 2026-08-08, action: 约参观}

        - id: V-0002
          lead: L-0001
          at: 2026-08-04T15:00:00+08:00
          kind: visit
          rating: 4
    """,
    "visits/2026-08/S-1.yaml": """
        - id: V-0003
          lead: L-0001
          at: 2026-08-04T11:00:00+08:00
          kind: tour
    """,
    "deals/2026-08/D-0001.yaml": """
        id: D-0001
        lead: L-0001
        product: 年卡
        amount: 3680.10
        signed: 2026-08-10
        payment: {date: 2026-08-10, taken_by: S-1}
    """,
    "attendance/2026-08/S-2.yaml": """
        - date: 2026-08-04
          late_minutes: 10
        - date: 2026-08-03
          absent: half
    """,
    "reviews/2026-08/S-2.yaml": """
        self_rating: 85
        leader_rating: 80
        peers:
          - {by: S-1, teamwork: 90}
    """,
}


@pytest.fixture
def loaded(tmp_path):
    return load(WorkTree(write_records(tmp_path / "records", ORG)))


def test_loads_every_kind_into_immutable_records(loaded):
    r = loaded.records
    assert loaded.problems == []
    assert checks.run(loaded, NOTHING_CLOSED) == []
    assert sorted(r.teams) == ["T-1"] and sorted(r.staff) == ["S-1", "S-2", "S-3"]
    assert sorted(r.leads) == ["L-0001", "L-0002"]
    assert r.leads["L-0001"].created == dt.datetime(2026, 8, 3, 10, 15, tzinfo=CST)
    assert r.leads["L-0001"].log[0].from_ is None and r.leads["L-0001"].log[0].to == "S-1"
    deal = r.deals["D-0001"]
    assert deal.amount == Decimal("3680.10") and isinstance(deal.amount, Money)
    assert str(deal.amount) == "3680.10"  # exact, not 3680.0999…
    assert [v.id for v in r.visits] == ["V-0003", "V-0001", "V-0002"]  # file order, files by path
    assert {v.staff for v in r.visits} == {"S-1", "S-3"}  # from the file name
    assert r.reviews[0].staff == "S-2" and r.reviews[0].month == "2026-08"
    assert r.policy == Policy()
    with pytest.raises(AttributeError):
        r.leads["L-0001"].owner = "S-2"


def test_text_that_looks_like_a_date_is_text(loaded):
    """yaml-rs reads `"2026-10-01"` (quoted) as a date; a text field takes it back as text."""
    assert loaded.records.leads["L-0002"].notes == "2026-10-01"


def test_where_gives_path_and_line_of_every_record(loaded):
    r = loaded.records
    assert r.where(r.leads["L-0002"]) == ("leads/2026/L-0002.yaml", 1)
    v1, v2 = (v for v in r.visits if v.staff == "S-3")
    assert r.where(v1) == ("visits/2026-08/S-3.yaml", 2)
    assert r.where(v2) == ("visits/2026-08/S-3.yaml", 8)
    assert r.origin(v2) == ("visits/2026-08/S-3.yaml", 1)
    assert r.where(r.deals["D-0001"]) == ("deals/2026-08/D-0001.yaml", 1)
    assert r.where(Staff(id="x", name="x", channel="inside", joined=dt.date(2026, 1, 1))) == ("", 0)


def test_indexes(loaded):
    r = loaded.records
    assert [v.id for v in r.visits_by_lead["L-0001"]] == ["V-0003", "V-0002"]  # by time
    assert [v.id for v in r.visits_by_staff["S-3"]] == ["V-0002", "V-0001"]
    assert sorted(lead.id for lead in r.leads_by_owner["S-3"]) == ["L-0002"]
    assert [d.id for d in r.deals_by_month["2026-08"]] == ["D-0001"]
    assert [s.id for s in r.members["T-1"]] == ["S-1", "S-2", "S-3"]
    assert [a.date for a in r.attendance_by_staff["S-2"]] == [dt.date(2026, 8, 3), dt.date(2026, 8, 4)]
    assert r.reviews_by_key[("S-2", "2026-08")].self_rating == 85
    assert [lead.id for lead in r.open_leads("S-1")] == ["L-0001"]
    assert r.department_of(r.staff["S-2"]) == "会籍部"


def test_a_bad_file_is_left_out_and_the_rest_load(tmp_path):
    root = write_records(tmp_path / "records", {**ORG, "staff/S-2.yaml": "id: S-2\nname: [\n"})
    loaded = load(WorkTree(root))
    assert "S-2" not in loaded.records.staff
    assert sorted(loaded.records.staff) == ["S-1", "S-3"]
    assert len(loaded.records.visits) == 3
    assert [p.path for p in loaded.problems] == ["staff/S-2.yaml"]
    # check fails on S-2's own file; the records that name S-2 are not each reported again as
    # naming nobody (they would bury the one error that matters) ...
    problems = checks.run(loaded, NOTHING_CLOSED)
    assert [p.path for p in problems if p.level == "error"] == ["staff/S-2.yaml"]
    # ... but a person with no file at all is missing, and is reported where named
    (root / "staff/S-2.yaml").unlink()
    assert any("no staff S-2" in p.message for p in checks.run(load(WorkTree(root)), NOTHING_CLOSED))


def test_a_byte_order_mark_is_fine(tmp_path):
    root = write_records(tmp_path / "records", BASE)
    (root / "staff/S-2.yaml").write_bytes(b"\xef\xbb\xbf" + (root / "staff/S-2.yaml").read_bytes())
    loaded = load(WorkTree(root))
    assert loaded.problems == [] and loaded.records.staff["S-2"].name == "李雷"


def test_reuse_parses_only_changed_files(tmp_path):
    root = write_records(tmp_path / "records", ORG)
    first = load(WorkTree(root))
    (root / "staff/S-2.yaml").write_text((root / "staff/S-2.yaml").read_text(encoding="utf-8").replace("李雷", "李蕾"),
                                         encoding="utf-8")
    second = load(WorkTree(root), reuse=first)
    assert second.records.staff["S-2"].name == "李蕾"
    assert second.files["staff/S-1.yaml"] is first.files["staff/S-1.yaml"]
    assert second.files["staff/S-2.yaml"] is not first.files["staff/S-2.yaml"]
    assert second.records.where(second.records.staff["S-1"]) == ("staff/S-1.yaml", 1)


def test_overlay_validates_pending_files_without_writing(tmp_path):
    root = write_records(tmp_path / "records", BASE)
    base = load(WorkTree(root))
    over = load(Overlay(base.source, {"staff/S-9.yaml": b"id: S-9\nname: x\nchannel: inside\njoined: 2026-01-01\nteam: T-7\n",
                                      "staff/S-3.yaml": None}), reuse=base)
    assert sorted(over.records.staff) == ["S-1", "S-2", "S-9"]
    assert [str(p) for p in checks.run(over, NOTHING_CLOSED)] == ["staff/S-9.yaml:5: error: team T-7: no such team"]
    assert not (root / "staff/S-9.yaml").exists() and (root / "staff/S-3.yaml").exists()


def test_git_tree_reads_a_revision(tmp_path):
    root = make_repo(tmp_path / "repo", {f"records/{k}": v for k, v in BASE.items()})
    first = git(root, "rev-parse", "HEAD").strip()
    (root / "records/staff/S-2.yaml").unlink()
    git(root, "commit", "-qam", "S-2 left the files")
    import git as gitpython

    then = load(GitTree(gitpython.Repo(root), first, "records"))
    assert sorted(then.records.staff) == ["S-1", "S-2", "S-3"]
    assert then.records.where(then.records.staff["S-2"]) == ("staff/S-2.yaml", 1)
    now = load(WorkTree(root / "records"))
    assert sorted(now.records.staff) == ["S-1", "S-3"]


def test_convert_reports_every_problem_of_a_record():
    value, errors = convert({"id": "L-1", "name": 5, "source": "web", "created": "2026-08-03T10:15:00",
                             "status": "maybe", "colour": "red", "log": [{"when": "x"}]}, Lead)
    assert value is None
    assert errors == [
        (("colour",), "unknown field colour"),
        (("name",), "name: expected text, got a whole number"),
        (("created",), "created: expected a date and time with a timezone, e.g. 2026-08-01T10:00:00+08:00"),
        (("status",), "status: 'maybe' is not one of new, contacted, visited, negotiating, won, lost"),
        (("log", 0, "when"), "log[1].when: not a date and time (write 2026-08-01T10:00:00+08:00)"),
        (("log", 0), "missing required field log[1].by"),
    ]


def test_convert_fast_path():
    value, errors = convert({"id": "L-1", "name": "甲", "source": "web",
                             "created": dt.datetime(2026, 8, 3, tzinfo=CST)}, Lead)
    assert errors == [] and value.status == "new" and value.log == ()
    assert msgspec.structs.asdict(value)["owner"] is None


def test_locator_lines():
    text = "# c\nid: D-1\ncredit:\n  by: S-1\n  shares:\n    - staff: S-1\n      share: 60\n    - {staff: S-2, share: 40}\n"
    loc = Locator(text)
    assert loc.line(("id",)) == 2
    assert loc.line(("credit", "shares", 1, "share")) == 8
    assert loc.line(("credit", "shares", 0, "share")) == 7
    assert loc.line(("credit", "missing")) == 3  # the nearest parent
    assert Locator("---\n- a: 1\n\n- a: 2\n").item_lines(2) == [2, 4]  # `---` is not an item


def test_load_policy_text():
    policy, problems = load_policy_text("reclaim:\n  idle_days: 20\n")
    assert problems == [] and policy.reclaim.idle_days == 20 and policy.general == Policy().general
    policy, problems = load_policy_text("reclaim:\n  idle_dayz: 20\n")
    assert policy is None
    assert problems == [(2, "unknown field reclaim.idle_dayz (did you mean idle_days?)")]


def test_files_outside_the_record_folders(tmp_path):
    root = write_records(tmp_path / "records", {**BASE, "README.md": "# x\n", ".github/workflows/ci.yaml": "on: push\n",
                                                ".pre-commit-hooks.yaml": "- id: x\n", "reports/2026-08.yaml": "x: 1\n"})
    loaded = load(WorkTree(root))
    assert loaded.problems == []
    assert "README.md" not in loaded.files and "reports/2026-08.yaml" not in loaded.files


def test_problems_inside_a_map_of_parts_name_the_key():
    """A map whose values are structures (policy shifts) reports each part's problems by its key."""
    from salesctl.loader import load_policy_text

    _, problems = load_policy_text("shifts:\n  early:\n    start: '09:00'\n    ends: '15:00'\n")
    assert (4, "unknown field shifts.early.ends (did you mean end?)") in problems
    assert (2, "missing required field shifts.early.end") in problems
