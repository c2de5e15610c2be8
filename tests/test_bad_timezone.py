"""Issue 10, item 7: an unknown general.timezone is a policy error at its line, and every command
refuses with it (exit 1), never an internal error (exit 70) and never the default zone in silence."""
from __future__ import annotations

import pytest

from helpers import BASE, make_repo, run, write_records
from salesctl.loader import load_policy_text

POLICY = "# the business\ngeneral:\n  currency: CNY\n  timezone: Mars/Olympus\n"
MESSAGE = "salesctl.yaml:4: error: general.timezone: unknown time zone 'Mars/Olympus' (an IANA name, e.g. Asia/Shanghai)"


@pytest.fixture
def records(tmp_path):
    return make_repo(tmp_path / "records", {**BASE, "salesctl.yaml": POLICY})


def test_the_policy_loader_reports_the_line_of_timezone():
    pol, problems = load_policy_text(POLICY)
    assert pol is None
    assert problems == [(4, MESSAGE.split(": error: ", 1)[1])]


def test_a_known_zone_passes():
    pol, problems = load_policy_text("general:\n  timezone: Europe/Paris\n")
    assert problems == [] and pol.general.timezone == "Europe/Paris"


def test_check_prints_the_error_at_its_line(records):
    r = run("check", records=records)
    assert r.exit_code == 1
    assert MESSAGE in r.stdout.splitlines()


@pytest.mark.parametrize("args", [
    ["split", "--month", "2026-08"],
    ["score", "--month", "2026-08"],
    ["score", "--quarter", "2026Q3"],
    ["payout", "--month", "2026-08"],
    ["assign", "--dry-run", "--as-of", "2026-08-03T10:00"],
    ["assign", "--as-of", "2026-08-03T10:00"],
    ["assign", "--report", "--month", "2026-08"],
    ["reclaim", "--dry-run", "--as-of", "2026-08-03"],
    ["close", "--month", "2026-08", "--dry-run"],
    ["lead", "list"],
    ["lead", "add", "name=张三", "source=web"],
], ids=lambda a: " ".join(a))
def test_every_command_refuses_with_the_same_message(records, args):
    r = run(*args, records=records)
    assert r.exit_code == 1, r.output
    assert MESSAGE in r.stderr.splitlines()
    assert "internal error" not in r.stderr


def test_a_refused_write_leaves_the_files_alone(records):
    before = sorted(p.relative_to(records) for p in records.rglob("*") if ".git" not in p.parts)
    assert run("lead", "add", "name=张三", "source=web", records=records).exit_code == 1
    assert sorted(p.relative_to(records) for p in records.rglob("*") if ".git" not in p.parts) == before
