"""history, diff and check as command functions, on real git repositories."""
from __future__ import annotations

import datetime as dt

import pytest

from helpers import BASE, git, make_repo
from salesctl.commands.check import check
from salesctl.commands.history import diff, history
from salesctl.commands.records import set_fields
from salesctl.errors import Exit, UserError
from salesctl.loader import load
from salesctl.source import WorkTree

NOW = dt.datetime(2026, 8, 20, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "club", BASE)


def records(root):
    return load(WorkTree(root)).records


def test_history_of_a_reassigned_lead_field_by_field(repo):
    set_fields(repo, "lead", "L-0001", ["owner=S-2"], now=NOW, why="换人跟进")
    entries = history(repo, records(repo), "L-0001").data
    assert [e["status"] for e in entries] == ["added", "changed"]
    last = entries[-1]
    assert last["message"] == "lead set: L-0001 owner S-1 -> S-2"
    assert ("owner", "S-1", "S-2") in last["changes"].fields


def test_history_of_an_unknown_record_and_outside_git(repo, tmp_path):
    with pytest.raises(UserError) as e:
        history(repo, records(repo), "L-9999")
    assert e.value.status == Exit.NOT_FOUND
    from helpers import write_records

    plain = write_records(tmp_path / "plain", BASE)
    with pytest.raises(UserError) as e:
        diff(plain)
    assert e.value.status == Exit.GIT


def test_diff_of_two_revisions_and_of_the_working_tree(repo):
    set_fields(repo, "lead", "L-0001", ["owner=S-2"], now=NOW)
    changes = diff(repo, "HEAD~1", "HEAD").data
    assert [(c.kind, c.key, c.status) for c in changes] == [("lead", "L-0001", "changed")]
    assert ("owner", "S-1", "S-2") in changes[0].fields
    assert diff(repo).data == []
    p = repo / "staff/S-3.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("name: 欧阳娜娜", "name: 欧阳娜"), encoding="utf-8")
    working = diff(repo).data
    assert [(c.key, c.fields) for c in working] == [("S-3", [("name", "欧阳娜娜", "欧阳娜")])]


def test_check_returns_the_problems_and_exit_status(repo):
    ok = check(load(WorkTree(repo)))
    assert ok.status == Exit.OK and [p for p in ok.data if p.level == "error"] == []
    assert ok.notes[-1].after and ok.notes.texts()[-1].endswith("0 error(s), 0 warning(s)")
    (repo / "staff/S-3.yaml").write_text("id: S-3\nname: x\n")
    bad = check(load(WorkTree(repo)), warnings=False)
    assert bad.status == Exit.RECORDS
    assert bad.data and all(p.level == "error" for p in bad.data)
    assert any(p.path == "staff/S-3.yaml" for p in bad.data)
