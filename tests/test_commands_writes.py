"""The write command functions called directly: assign, reclaim, claim, record add/set, lead import."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml_rs

from helpers import BASE, git, make_repo
from salesctl.reports.assign import decision_row
from salesctl.reports.pool import claim_row, due_row, reclaimed_row
from salesctl.commands import assign as assign_cmd
from salesctl.commands import pool
from salesctl.commands import records as rec_cmd
from salesctl.commands.common import Notes, WriteOptions
from salesctl.errors import Exit, UserError
from test_assign_cli import STREAM
from test_pool import LEADS, ORG
from test_records_cli import CSV_TEXT, NEW_BASE

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 8, 20, 9, 30, 15, 123456, tzinfo=SHANGHAI)


def commits(root) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def lead_file(root, name):
    return yaml_rs.loads((root / "leads" / name).read_text(encoding="utf-8"), parse_datetime=True)


# ----------------------------------------------------------------------------- assign
def test_assign_dry_run_decides_what_the_write_lands(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    dry = assign_cmd.assign(root, now=NOW, as_of="2026-08-05", dry_run=True)
    assert git(root, "status", "--porcelain") == "" and commits(root) == 1
    assert dry.data.done is None
    assert dry.notes.texts() == ["dry run: 12 would be assigned (9 rotation, 1 designated, 2 capacity), 1 stays in the pool; nothing written"]
    real = assign_cmd.assign(root, now=NOW, as_of="2026-08-05")
    assert [decision_row(d) for d in real.data.decision.decisions] == [decision_row(d) for d in dry.data.decision.decisions]
    assert real.data.done.sha and commits(root) == 2
    assert real.notes.texts() == [f"assign: 12 leads (9 rotation, 1 designated, 2 capacity) [{real.data.done.sha[:8]}]"]
    again = assign_cmd.assign(root, now=NOW, as_of="2026-08-05")
    assert again.notes.texts() == ["nothing to assign"] and commits(root) == 2


def test_assign_without_as_of_uses_the_clock_it_is_given(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    before = assign_cmd.assign(root, now=dt.datetime(2026, 8, 3, 9, 0, tzinfo=SHANGHAI), dry_run=True)
    assert list(before.data.decision.decisions) == []
    later = assign_cmd.assign(root, now=dt.datetime(2026, 8, 3, 1, 45, tzinfo=dt.timezone.utc), dry_run=True)  # 09:45 in Shanghai
    assert [d.lead for d in later.data.decision.decisions] == ["L-01"]


def test_assign_to_an_unknown_team_is_not_found(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    with pytest.raises(UserError) as e:
        assign_cmd.assign(root, now=NOW, team="T-9", dry_run=True)
    assert e.value.status == Exit.NOT_FOUND


# ----------------------------------------------------------------------------- the pool
def test_reclaim_dry_run_then_one_commit_then_claim(tmp_path):
    root = make_repo(tmp_path / "r", {**ORG, **LEADS})
    dry = pool.reclaim(root, now=NOW, as_of="2026-08-16", dry_run=True)
    assert dry.notes.texts() == ["dry run: 5 lead(s) would return to the pool; nothing written"] and commits(root) == 1
    real = pool.reclaim(root, now=NOW, as_of="2026-08-16")
    assert [reclaimed_row(r) for r in real.data] == [reclaimed_row(r) for r in dry.data]
    assert git(root, "log", "-1", "--format=%s").strip() == \
        "reclaim: 5 leads back to the pool (2 idle, 1 owner left, 2 owner on long leave)"
    assert pool.reclaim(root, now=NOW, as_of="2026-08-16").notes.texts() == ["nothing to reclaim"]
    with pytest.raises(UserError) as e:
        pool.claim(root, "L-01", "S-5", now=NOW, as_of="2026-08-17T10:00")
    assert e.value.status == Exit.RECORDS and "L6 cooldown" in e.value.message
    with pytest.raises(UserError) as e:
        pool.claim(root, "L-99", "S-6", now=NOW)
    assert e.value.status == Exit.NOT_FOUND
    c = pool.claim(root, "L-01", "S-6", now=NOW, as_of="2026-08-17T10:00")
    assert claim_row(c.data)["owner"] == "S-6"
    assert git(root, "log", "-1", "--format=%s").strip() == "lead claim: L-01 -> S-6 (from the pool)"


def test_due_lists_the_leads_returning_soon_and_writes_nothing(tmp_path):
    root = make_repo(tmp_path / "r", {**ORG, **LEADS})
    soon = pool.due(root, 9, now=NOW, as_of="2026-08-16")
    assert [due_row(d)["lead"] for d in soon.data] == ["L-03", "L-08"]
    assert git(root, "status", "--porcelain") == ""


# ----------------------------------------------------------------------------- record add / set
ADD = {
    "team": ["id=T-9", "name=外销组", "channel=outside"],
    "staff": ["name=孙七", "team=T-1", "channel=inside"],
    "lead": ["name=吴十", "source=web", "owner=S-2"],
    "deal": ["lead=L-0001", "kind=new", "product=年卡", "amount=3680", "signed=2026-08-10",
             "payment.date=2026-08-10", "payment.taken_by=S-1"],
    "visit": ["staff=S-1", "lead=L-0001", "kind=call"],
    "activity": ["staff=S-2", "date=2026-08-04", "calls=80"],
    "attendance": ["staff=S-2", "date=2026-08-03", "late_minutes=10"],
    "review": ["staff=S-2", "month=2026-08", "self_rating=85"],
}


@pytest.mark.parametrize("kind", list(ADD))
def test_add_every_kind_in_one_commit(tmp_path, kind):
    root = make_repo(tmp_path / "r", NEW_BASE)
    r = rec_cmd.add(root, kind, ADD[kind], now=NOW)
    assert r.data
    assert len(r.notes) == 1 and r.notes.texts()[0].startswith(f"{kind} add: ")
    assert commits(root) == 2 and git(root, "status", "--porcelain") == ""


def test_add_fills_dates_from_now_and_gives_an_owned_lead_its_first_log_entry(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    assert rec_cmd.add(root, "lead", ADD["lead"], now=NOW).data == "L-0002"
    data = lead_file(root, "2026/L-0002.yaml")
    assert str(data["created"]) == "2026-08-20 09:30:15+08:00"  # the policy's zone, to the second
    assert [(e["by"], e["to"], e["rule"]) for e in data["log"]] == [("admin", "S-2", "manual")]
    rec_cmd.add(root, "visit", ADD["visit"], now=NOW.astimezone(dt.timezone.utc))
    visits = yaml_rs.loads((root / "visits/2026-08/S-1.yaml").read_text(encoding="utf-8"), parse_datetime=True)
    assert str(visits[-1]["at"]) == "2026-08-20 09:30:15+08:00"


def test_add_refusals(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    with pytest.raises(UserError) as e:
        rec_cmd.add(root, "visit", ["lead=L-0001", "kind=call"], now=NOW)
    assert e.value.status == Exit.USAGE and "names its person" in e.value.message
    with pytest.raises(UserError) as e:
        rec_cmd.add(root, "lead", ["name=李四", "source=tv"], now=NOW)
    assert e.value.status == Exit.RECORDS and e.value.problems
    assert commits(root) == 1


def test_set_a_field_and_a_new_owner_is_logged_at_now(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    r = rec_cmd.set_fields(root, "lead", "L-0001", ["status=contacted"], now=NOW)
    assert r.data == "lead set: L-0001 status new -> contacted"
    assert rec_cmd.set_fields(root, "lead", "L-0001", ["status=contacted"], now=NOW).notes.texts() == ["nothing to change"]
    rec_cmd.set_fields(root, "lead", "L-0001", ["owner=S-2"], now=NOW, by="S-1", why="换人跟进")
    e = lead_file(root, "L-0001.yaml")["log"][-1]
    assert (str(e["when"]), e["by"], e["from"], e["to"], e["rule"], e["why"]) == \
        ("2026-08-20 09:30:15+08:00", "S-1", "S-1", "S-2", "manual", "换人跟进")
    with pytest.raises(UserError) as err:
        rec_cmd.set_fields(root, "lead", "L-0001", ["name=x"], now=NOW)
    assert err.value.status == Exit.USAGE and "cannot be set here" in err.value.message
    with pytest.raises(UserError) as err:
        rec_cmd.set_fields(root, "staff", "S-99", ["status=leave"], now=NOW)
    assert err.value.status == Exit.NOT_FOUND


def test_no_commit_writes_and_says_so(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    r = rec_cmd.set_fields(root, "lead", "L-0001", ["status=contacted"], now=NOW, opts=WriteOptions(no_commit=True))
    assert r.notes.texts() == ["lead set: L-0001 status new -> contacted (written, not committed: 1 file(s))"]
    assert commits(root) == 1 and git(root, "status", "--porcelain").strip() == "M leads/L-0001.yaml"


def test_outside_git_the_writer_warning_is_a_note_kept_when_the_write_is_refused(tmp_path):
    from helpers import write_records

    root = write_records(tmp_path / "plain", NEW_BASE)
    notes = Notes()
    with pytest.raises(UserError):
        rec_cmd.set_fields(root, "lead", "L-0001", ["name=x"], now=NOW, notes=notes)
    assert notes.texts() == [f"warning: {root} is not in a git repository; changes are written but not committed"]


# ----------------------------------------------------------------------------- lead import
def test_import_with_a_bad_row_imports_nothing_and_returns_every_bad_row(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    path = tmp_path / "leads.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    with pytest.raises(UserError) as e:
        rec_cmd.import_leads(root, path, now=NOW)
    assert e.value.status == Exit.RECORDS
    assert [p.line for p in e.value.problems] == [3, 5, 6]
    assert commits(root) == 1 and git(root, "status", "--porcelain") == ""


def test_import_skip_bad_lands_the_good_rows_with_the_bad_ones_as_loud_notes(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    path = tmp_path / "leads.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    r = rec_cmd.import_leads(root, path, now=NOW, skip_bad=True)
    assert r.data == [(2, "L-0002"), (7, "L-0003")]
    skipped = [n for n in r.notes if n.always]
    assert [n.text.split(": ")[0] for n in skipped] == [f"{path}:3", f"{path}:5", f"{path}:6"]
    assert all(": skipped: " in n.text for n in skipped)
    assert r.notes[-1].text.startswith("lead import: 2 leads from leads.csv [") and not r.notes[-1].always


def test_import_a_row_without_created_was_created_now(tmp_path):
    root = make_repo(tmp_path / "r", NEW_BASE)
    path = tmp_path / "walk-ins.csv"
    path.write_text("name,source\n冯十一,walk-in\n", encoding="utf-8")
    assert rec_cmd.import_leads(root, path, now=NOW.astimezone(dt.timezone.utc)).data == [(2, "L-0002")]
    assert str(lead_file(root, "2026/L-0002.yaml")["created"]) == "2026-08-20 09:30:15+08:00"  # the policy's zone
