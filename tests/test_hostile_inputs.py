"""Hostile and careless command-line input (issue 15): what the corpus (tests/bad/cmd-*, import-*) cannot say
in one expected output: a policy that turns an import's duplicates into warnings, --skip-bad over a batch."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from helpers import BASE, git, make_repo, run  # noqa: E402


def _repo(tmp_path, extra=None):
    return make_repo(tmp_path / "records", {**BASE, **(extra or {})})


def test_import_duplicate_of_a_lead_is_a_warning_when_the_policy_says_so(tmp_path):
    repo = _repo(tmp_path, {"salesctl.yaml": "leads:\n  import_duplicates: warn\n"})
    csv = tmp_path / "a.csv"
    csv.write_text("name,phone,source\n甲,138-0000-0001,web\n", encoding="utf-8")
    r = run("lead", "import", str(csv), records=repo)
    assert r.exit_code == 0, r.stderr
    assert f"{csv}:2: warning: phone 138-0000-0001 belongs to lead L-0001 (张三, owner S-1)" in r.stderr
    assert "lead import: 1 leads from a.csv" in git(repo, "log", "-1", "--format=%s")


def test_skip_bad_imports_the_rest_and_names_the_bad_row(tmp_path):
    repo = _repo(tmp_path)
    csv = tmp_path / "a.csv"
    rows = ["name,phone,source"] + [f"客户{i},139{i:08d},web" for i in range(200)]
    rows[101] = "坏,139,web"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = run("lead", "import", str(csv), "--skip-bad", "-f", "csv", records=repo)
    assert r.exit_code == 0, r.stderr
    assert f"{csv}:102: skipped: phone '139' is not a phone number" in r.stderr
    assert len(r.stdout.strip().splitlines()) == 1 + 199
    assert git(repo, "status", "--porcelain") == ""


def test_a_phone_pattern_that_is_not_a_regular_expression_is_refused(tmp_path):
    repo = _repo(tmp_path, {"salesctl.yaml": "leads:\n  phone_pattern: '1[3-9'\n"})
    csv = tmp_path / "a.csv"
    csv.write_text("name,phone,source\n甲,13900000011,web\n", encoding="utf-8")
    r = run("lead", "import", str(csv), records=repo)
    assert r.exit_code == 1 and "leads.phone_pattern '1[3-9' is not a regular expression" in r.stderr


def test_money_typed_strictly_and_stored_as_typed(tmp_path):
    from salesctl.money import parse_typed

    assert str(parse_typed("3000.10")) == "3000.10" and str(parse_typed("-3000")) == "-3000"
    for bad in ("3,68", "0x10", "0o17", "1e3", "NaN", "３０００", "1.234", "", "10000000000000"):
        try:
            parse_typed(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted as money")


# A write reads the file it is about to change the way the loader reads (salesctl.source): never through a link,
# never from a pipe or a device. Before, `visit add` into a FIFO hung for ever and into a link to /dev/zero was
# killed for memory.

VISIT = ("visit", "add", "staff=S-1", "at=2026-08-04T10:00+08:00", "lead=L-0001", "kind=call", "summary=x")


def _write_env(monkeypatch):
    monkeypatch.setenv("SALESCTL_AUTHOR", "t <t@x>")
    monkeypatch.setenv("SALESCTL_NOW", "2026-08-10T10:00+08:00")


def _visits_file(repo):
    return repo / "visits" / "2026-08" / "S-1.yaml"


def test_visit_add_into_a_fifo_month_file_is_refused_not_a_hang(tmp_path, monkeypatch):
    import os

    _write_env(monkeypatch)
    repo = _repo(tmp_path)
    target = _visits_file(repo)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    head = git(repo, "rev-parse", "HEAD")
    r = run(*VISIT, records=repo)
    assert r.exit_code == 1, (r.exit_code, r.stderr)
    assert "visits/2026-08/S-1.yaml" in r.stderr and "a record file must be a regular file" in r.stderr
    assert "nothing was written" in r.stderr
    assert git(repo, "rev-parse", "HEAD") == head


def test_visit_add_into_a_link_to_dev_zero_is_refused(tmp_path, monkeypatch):
    _write_env(monkeypatch)
    repo = _repo(tmp_path)
    target = _visits_file(repo)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to("/dev/zero")
    r = run(*VISIT, records=repo)
    assert r.exit_code == 1, (r.exit_code, r.stderr)
    assert "visits/2026-08/S-1.yaml" in r.stderr and "nothing was written" in r.stderr
    assert target.is_symlink()


def test_lead_add_under_a_linked_leads_folder_is_refused(tmp_path, monkeypatch):
    import shutil

    _write_env(monkeypatch)
    repo = _repo(tmp_path)
    outside = tmp_path / "outside"
    shutil.copytree(repo / "leads", outside)
    shutil.rmtree(repo / "leads")
    (repo / "leads").symlink_to(outside)
    before = sorted(p.name for p in outside.iterdir())
    r = run("lead", "add", "name=李四", "phone=139-0000-0009", "source=web", records=repo)
    assert r.exit_code == 1, (r.exit_code, r.stderr)
    assert "is a symbolic link" in r.stderr and "nothing was written" in r.stderr
    assert sorted(p.name for p in outside.iterdir()) == before


def test_diff_skips_a_fifo_in_the_working_tree(tmp_path):
    import os

    repo = _repo(tmp_path)
    lead = next((repo / "leads").glob("*.yaml"))
    lead.unlink()
    os.mkfifo(lead)
    r = run("diff", records=repo)
    assert r.exit_code in (0, 1), (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr
