"""The record-kind registry (salesctl/kinds.py): what each kind declares, and that a new kind is
one registry entry plus its schema struct — loaded, listed, shown, added and diffed with no
other edit."""
import datetime as dt
import json
from typing import Optional

import pytest

from helpers import BASE, git, make_repo, run, write_records
from salesctl import kinds
from salesctl.changes import compare_file, summary
from salesctl.cli.app import app
from salesctl.kinds import KINDS, Kind
from salesctl.loader import load
from salesctl.recordops import all_of, find, row_of
from salesctl.records import Records
from salesctl.schema import Base
from salesctl.source import WorkTree
from salesctl.writer import path_for


# ----------------------------------------------------------------------------- the registry itself
def test_every_kind_in_the_order_of_the_commands():
    assert list(KINDS) == ["team", "department", "staff", "lead", "deal", "visit", "activity", "attendance", "review", "plan", "training", "event"]
    assert kinds.month_folders() == ("deals", "visits", "activity", "attendance", "reviews", "trainings", "events")   # not plans
    assert sorted(kinds.by_folder()) == ["activity", "attendance", "deals", "departments", "events", "leads", "plans", "reviews", "staff",
                                         "teams", "trainings", "visits"]


@pytest.mark.parametrize("kind, stem, data, path", [
    ("team", "T-9", {}, "teams/T-9.yaml"),
    ("lead", "L-9", {"created": dt.datetime(2026, 10, 1, 9)}, "leads/2026/L-9.yaml"),
    ("deal", "D-9", {"signed": dt.date(2026, 10, 8)}, "deals/2026-10/D-9.yaml"),
    ("deal", "D-9", {"signed": "2026-10-08"}, "deals/2026-10/D-9.yaml"),
    ("visit", "S-1", {"at": dt.datetime(2026, 9, 30, 23)}, "visits/2026-09/S-1.yaml"),
    ("attendance", "S-1", {"date": dt.date(2026, 8, 3)}, "attendance/2026-08/S-1.yaml"),
    ("review", "S-1", {"month": "2026-10"}, "reviews/2026-10/S-1.yaml"),
    ("event", "EV-9", {"date": dt.date(2026, 10, 17)}, "events/2026-10/EV-9.yaml"),
])
def test_the_path_of_a_new_record(kind, stem, data, path):
    assert path_for(KINDS[kind], stem, data) == path


def test_keys_months_and_path_fields():
    from salesctl.schema import Activity, Review, Visit

    a = Activity(date=dt.date(2026, 10, 8), staff="S-1")
    assert KINDS["activity"].key_of(a) == "S-1:2026-10-08" and KINDS["activity"].month_of(a) == "2026-10"
    r = Review(staff="S-1", month="2026-09")
    assert KINDS["review"].key_of(r) == "S-1:2026-09" and KINDS["review"].month_of(r) == "2026-09"
    assert KINDS["review"].path_fields == ("staff", "month") and KINDS["visit"].path_fields == ("staff",)
    assert KINDS["team"].path_fields == () and KINDS["team"].month_of(object()) == ""
    v = Visit(id="V-1", lead="L-1", at=dt.datetime(2026, 8, 1, 10, tzinfo=dt.timezone.utc), kind="call")
    assert KINDS["visit"].key_of(v) == "V-1"
    now = dt.datetime(2026, 10, 8, 9, 30)
    assert KINDS["visit"].defaults_at(now) == {"at": now}
    assert KINDS["staff"].defaults_at(now) == {"joined": dt.date(2026, 10, 8)}
    assert KINDS["deal"].defaults_at(now) == {}


def test_records_hold_each_kind_under_its_attribute():
    records = Records(None, visits=[], teams=[])
    assert records.of("team") == {} and records.of("visit") == ()
    with pytest.raises(TypeError, match="unknown kind"):
        Records(None, gadgets=[])


# ----------------------------------------------------------------------------- a new kind
class Goal(Base, kw_only=True):
    text: str
    done: bool = False
    staff: str = ""
    month: str = ""


class Call(Base, kw_only=True):
    date: dt.date
    minutes: int = 0
    note: Optional[str] = None
    staff: str = ""


GOAL = Kind("goal", "goals", Goal, "goals", help="Monthly goals.", example="salesctl goal add staff=S-1 month=2026-10 text=十单",
            columns=("month", "staff", "text", "done"), key=("staff", "month"), key_hint=" (write STAFF:YYYY-MM)",
            order=("month", "staff"), month_field="month", by_month=True, named_by="staff", takes_month=True,
            id_field="", mutable=("text", "done"))
CALL = Kind("call", "calls", Call, "calls", help="Call minutes, a log per person per month.", example="salesctl call list",
            columns=("date", "staff", "minutes"), key=("staff", "date"), order=("date", "staff"), month_field="date",
            by_month=True, is_log=True, named_by="staff", id_field="date", defaults=(("date", "today"),))


@pytest.fixture
def scratch_kinds(monkeypatch):
    """GOAL and CALL registered (and the record commands made for them), for this test only."""
    from salesctl.cli.records import _make

    monkeypatch.setitem(KINDS, "goal", GOAL)
    monkeypatch.setitem(KINDS, "call", CALL)
    monkeypatch.setattr(app, "registered_groups", list(app.registered_groups))
    for kind in ("goal", "call"):
        app.add_typer(_make(kind), name=kind)


FILES = {
    **BASE,
    "goals/2026-10/S-1.yaml": "text: 十单\n",
    "goals/2026-10/S-2.yaml": "text: 五单\ndone: true\n",
    "calls/2026-10/S-1.yaml": "- date: 2026-10-08\n  minutes: 80\n- date: 2026-10-09\n  minutes: 45\n",
    "calls/2026-10/S-2.yaml": "- date: 2026-09-30\n  minutes: 5\n",
}


def test_a_new_kind_loads_with_its_path_fields_and_problems(tmp_path, scratch_kinds):
    loaded = load(WorkTree(write_records(tmp_path, FILES)))
    records = loaded.records
    assert [(g.staff, g.month, g.text, g.done) for g in records.goals] == [("S-1", "2026-10", "十单", False),
                                                                        ("S-2", "2026-10", "五单", True)]
    assert [(c.staff, c.date, c.minutes) for c in all_of(records, "call")][:2] == [("S-2", dt.date(2026, 9, 30), 5),
                                                                                   ("S-1", dt.date(2026, 10, 8), 80)]
    assert records.where(find(records, "call", "S-1:2026-10-09")) == ("calls/2026-10/S-1.yaml", 3)
    assert row_of("goal", find(records, "goal", "S-2:2026-10")) == {"month": "2026-10", "staff": "S-2", "text": "五单", "done": True}
    messages = [(p.path, p.message) for p in loaded.problems if p.level == "error"]
    assert messages == [("calls/2026-10/S-2.yaml", "call of 2026-09-30 is not in the file's month 2026-10")]


def test_a_new_kind_is_listed_shown_added_and_diffed(tmp_path, scratch_kinds):
    files = {k: v for k, v in FILES.items() if k != "calls/2026-10/S-2.yaml"}
    repo = make_repo(tmp_path / "records", files)
    listed = run("goal", "list", "--format", "json", records=repo)
    assert listed.exit_code == 0, listed.output
    assert [g["text"] for g in json.loads(listed.stdout)] == ["十单", "五单"]
    assert "minutes" in run("call", "list", "--month", "2026-10", records=repo).stdout
    shown = run("goal", "show", "S-1:2026-10", records=repo)
    assert "goals/2026-10/S-1.yaml:1" in shown.stdout
    assert "write STAFF:YYYY-MM" in run("goal", "show", "S-9", records=repo).stderr

    added = run("goal", "add", "staff=S-3", "month=2026-10", "text=三单", records=repo)
    assert added.exit_code == 0, added.output
    assert (repo / "goals/2026-10/S-3.yaml").read_text(encoding="utf-8") == "text: 三单\n"
    logged = run("call", "add", "staff=S-3", "date=2026-10-10", "minutes=30", records=repo)
    assert logged.exit_code == 0, logged.output
    assert (repo / "calls/2026-10/S-3.yaml").read_text(encoding="utf-8") == "- date: 2026-10-10\n  minutes: 30\n"
    changed = run("goal", "set", "S-1:2026-10", "text=十二单", records=repo)
    assert changed.exit_code == 0, changed.output
    assert git(repo, "log", "-1", "--format=%s").strip() == "goal set: S-1:2026-10 text 十单 -> 十二单"

    changes = compare_file("goals/2026-10/S-1.yaml", b"text: \xe5\x8d\x81\xe5\x8d\x95\n", (repo / "goals/2026-10/S-1.yaml").read_bytes())
    assert [(c.kind, c.key, c.fields) for c in changes] == [("goal", "S-1:2026-10", [("text", "十单", "十二单")])]
    assert summary(changes) == "1 goal changed"
