"""Habits of a good command-line tool (issue 13 item 5): completion, global options anywhere,
--where that refuses what it cannot match, --since/--until/--limit on list commands."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from helpers import BASE, run, write_records
from salesctl.cli.app import app

LEADS = {
    **BASE,
    "leads/L-0002.yaml": """
        id: L-0002
        name: 王小明
        phone: "13800000002"
        source: phone
        created: 2026-08-20T09:00:00+08:00
        team: T-1
        owner: S-2
        status: contacted
    """,
    "leads/L-0003.yaml": """
        id: L-0003
        name: 李四
        phone: "13800000003"
        source: web
        created: 2026-09-01T00:30:00+08:00
        team: T-1
        status: new
    """,
}


def ids(res) -> list[str]:
    assert res.exit_code == 0, res.stderr
    return [r["id"] for r in json.loads(res.stdout)]


def test_bash_completion_script_and_a_completion():
    shown = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="salesctl")
    assert shown.exit_code == 0 and "_salesctl_completion()" in shown.stdout and "complete " in shown.stdout
    done = CliRunner().invoke(app, [], prog_name="salesctl",
                              env={"_SALESCTL_COMPLETE": "complete_bash", "COMP_WORDS": "salesctl sp", "COMP_CWORD": "1"})
    assert done.stdout.split() == ["split"]


def test_global_options_after_the_command(tmp_path):
    root = write_records(tmp_path / "r", LEADS)
    before = CliRunner().invoke(app, ["--records", str(root), "--quiet", "lead", "list", "-f", "json"])
    after = CliRunner().invoke(app, ["lead", "list", "-f", "json", "--records", str(root), "--quiet"])
    assert after.exit_code == 0 and after.stdout == before.stdout
    zh = CliRunner().invoke(app, ["lead", "list", f"--records={root}", "--lang", "zh"])
    assert zh.stdout.splitlines()[0].split()[:2] == ["编号", "姓名"]
    # nothing after `--` moves
    assert CliRunner().invoke(app, ["lead", "show", "--records", str(root), "--", "--quiet"]).exit_code != 0


def test_where_operators(tmp_path):
    root = write_records(tmp_path / "r", LEADS)
    assert ids(run("lead", "list", "--where", "status=contacted", "-f", "json", records=root)) == ["L-0001", "L-0002"]
    assert ids(run("lead", "list", "--where", "status!=contacted", "-f", "json", records=root)) == ["L-0003"]
    assert ids(run("lead", "list", "--where", "name~王", "-f", "json", records=root)) == ["L-0002"]
    assert ids(run("lead", "list", "--where", "created>=2026-08-20", "-f", "json", records=root)) == ["L-0002", "L-0003"]
    assert ids(run("staff", "list", "--where", "targets.2026-08>=50000", "-f", "json", records=root)) == ["S-1"]


@pytest.mark.parametrize("cond, says", [
    ("bogus=1", "lead has no field 'bogus'"),
    ("status==won", "write FIELD<op>VALUE"),
    ("status", "write FIELD<op>VALUE"),
    ("owner.name=x", "has no fields below it"),
    ("=won", "write FIELD<op>VALUE"),
])
def test_where_refuses_what_it_cannot_match(tmp_path, cond, says):
    root = write_records(tmp_path / "r", LEADS)
    res = run("lead", "list", "--where", cond, records=root)
    assert res.exit_code == 2 and says in res.stderr and res.stdout == ""


def test_since_until_limit(tmp_path):
    root = write_records(tmp_path / "r", LEADS)
    # the dates are the business time zone's: 2026-09-01T00:30+08:00 is 1 September, not 31 August
    assert ids(run("lead", "list", "--since", "2026-08-04", "--until", "2026-08-31", "-f", "json", records=root)) == ["L-0002"]
    assert ids(run("lead", "list", "--since", "2026-09-01", "-f", "json", records=root)) == ["L-0003"]
    assert ids(run("lead", "list", "--limit", "2", "-f", "json", records=root)) == ["L-0001", "L-0002"]
    assert ids(run("lead", "list", "-n", "0", "-f", "json", records=root)) == []


@pytest.mark.parametrize("args, says", [
    (["lead", "list", "--since", "2026-13-01"], "a date, YYYY-MM-DD"),
    (["lead", "list", "--until", "yesterday"], "a date, YYYY-MM-DD"),
    (["team", "list", "--since", "2026-01-01"], "team records have no date"),
    (["lead", "list", "--limit", "-1"], ""),
])
def test_bad_ranges_are_usage_errors(tmp_path, args, says):
    root = write_records(tmp_path / "r", LEADS)
    res = run(*args, records=root)
    assert res.exit_code == 2 and says in res.stderr
