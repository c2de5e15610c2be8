"""Record commands (team|staff|lead|visit|… list/show/add/set, lead import) on real git repositories."""
from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest

from helpers import BASE, git, make_repo, run, write_records
from salesctl.loader import load_policy_text
from salesctl.policy import Policy

LEAD = textwrap.dedent(BASE["leads/L-0001.yaml"]).lstrip("\n")
# BASE with its lead still new, so `lead set L-0001 status=contacted` changes it.
NEW_BASE = {**BASE, "leads/L-0001.yaml": LEAD.replace("status: contacted", "status: new")}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root but .git, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def changed_in_head(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def status(root: Path) -> str:
    return git(root, "status", "--porcelain")


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "records", NEW_BASE)


# ----------------------------------------------------------------------------- set
def test_lead_set_keeps_comment_key_order_and_quoting_in_one_commit(repo):
    before = (repo / "leads/L-0001.yaml").read_text(encoding="utf-8")
    n = commits(repo)
    result = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert result.exit_code == 0, result.stderr
    after = (repo / "leads/L-0001.yaml").read_text(encoding="utf-8")
    # only the one line changed: the comment, key order, quoting and `from: null` are as written
    assert after == before.replace("status: new", "status: contacted")
    assert after.startswith("# 老客户介绍\nid: L-0001\n")
    assert commits(repo) == n + 1
    message = git(repo, "log", "-1", "--format=%s")
    assert message.startswith("lead set:")
    assert message.strip() == "lead set: L-0001 status new -> contacted"
    assert changed_in_head(repo) == ["leads/L-0001.yaml"]
    assert status(repo) == ""
    assert "lead set: L-0001 status new -> contacted [" in result.stderr
    assert run("check", records=repo).exit_code == 0


def test_a_file_with_windows_line_ends_keeps_them(repo):
    path = repo / "leads/L-0001.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(repo, "commit", "-qam", "saved on Windows")
    before = path.read_bytes()
    assert run("lead", "set", "L-0001", "status=new", records=repo).stderr.startswith("nothing to change")
    result = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == before.replace(b"status: new\r\n", b"status: contacted\r\n")
    assert git(repo, "show", "--numstat", "--format=", "HEAD").split() == ["1", "1", "leads/L-0001.yaml"]


def test_set_to_the_same_value_changes_nothing(repo):
    n = commits(repo)
    result = run("lead", "set", "L-0001", "status=new", records=repo)
    assert result.exit_code == 0
    assert "nothing to change" in result.stderr
    assert commits(repo) == n
    assert status(repo) == ""


def test_hand_changes_are_not_swept_into_the_commit(repo):
    (repo / "staff/S-2.yaml").write_text((repo / "staff/S-2.yaml").read_text(encoding="utf-8") + "phone: '13700000000'\n",
                                         encoding="utf-8")
    (repo / "staff/S-3.yaml").write_text((repo / "staff/S-3.yaml").read_text(encoding="utf-8") + "notes: 新人\n",
                                         encoding="utf-8")
    git(repo, "add", "staff/S-3.yaml")
    (repo / "notes.txt").write_text("not a record\n")
    before = status(repo)
    assert before == " M staff/S-2.yaml\nM  staff/S-3.yaml\n?? notes.txt\n"
    result = run("lead", "set", "L-0001", "status=contacted", records=repo)
    assert result.exit_code == 0, result.stderr
    assert changed_in_head(repo) == ["leads/L-0001.yaml"]
    assert status(repo) == before  # the hand edit is still unstaged, the staged one still staged
    assert "notes: 新人" in git(repo, "diff", "--cached")
    assert "13700000000" in git(repo, "diff")


def test_no_commit_writes_but_does_not_commit(repo):
    sha = head(repo)
    result = run("lead", "set", "L-0001", "status=contacted", "--no-commit", records=repo)
    assert result.exit_code == 0, result.stderr
    assert head(repo) == sha
    assert status(repo) == " M leads/L-0001.yaml\n"
    assert "status: contacted" in (repo / "leads/L-0001.yaml").read_text(encoding="utf-8")
    assert "written, not committed: 1 file(s)" in result.stderr


def test_a_write_that_would_fail_check_is_refused_and_changes_nothing(repo):
    before, st, sha = tree(repo), status(repo), head(repo)
    result = run("lead", "set", "L-0001", "owner=S-99", records=repo)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "leads/L-0001.yaml:8: error: owner S-99: no such staff",
        "leads/L-0001.yaml:20: error: log entry 2: to S-99: no such staff",
        "salesctl: error: lead set: refused, the change would add 2 error(s) to the records; nothing was written",
    ]
    assert tree(repo) == before
    assert status(repo) == st
    assert head(repo) == sha
    assert not list((repo / ".git").glob("salesctl.lock"))


def test_refusal_counts_only_new_errors(tmp_path):
    """Records that already have an error can still be edited elsewhere; the old error does not block."""
    root = make_repo(tmp_path / "records", {**NEW_BASE, "staff/S-3.yaml": BASE["staff/S-3.yaml"] + "        team2: x\n"})
    assert run("check", records=root).exit_code == 1
    result = run("lead", "set", "L-0001", "status=contacted", records=root)
    assert result.exit_code == 0, result.stderr
    assert changed_in_head(root) == ["leads/L-0001.yaml"]


def test_field_that_cannot_be_set(repo):
    result = run("lead", "set", "L-0001", "name=李四", records=repo)
    assert result.exit_code == 2
    assert "lead field(s) name cannot be set here" in result.stderr
    assert status(repo) == ""


def test_set_on_a_missing_record(repo):
    result = run("lead", "set", "L-0404", "status=lost", records=repo)
    assert result.exit_code == 5
    assert "salesctl: error: no lead L-0404" in result.stderr


def test_owner_change_appends_an_ownership_log_entry(repo):
    result = run("lead", "set", "L-0001", "owner=S-2", "--by", "S-1", "--why", "客户要求换人", records=repo)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%s").strip() == "lead set: L-0001 owner S-1 -> S-2"
    text = (repo / "leads/L-0001.yaml").read_text(encoding="utf-8")
    assert "owner: S-2\n" in text
    log = text.split("log:\n", 1)[1]
    entries = log.split("  - when: ")[1:]
    assert len(entries) == 2
    new = entries[1]
    when, rest = new.split("\n", 1)
    assert when.endswith("+08:00")  # policy time zone Asia/Shanghai
    assert rest == "    by: S-1\n    from: S-1\n    to: S-2\n    rule: manual\n    why: 客户要求换人\n"
    # the loaded lead agrees, and check passes (no "differs from the last log entry" warning)
    shown = json.loads(run("lead", "show", "L-0001", "-f", "json", records=repo).stdout)
    assert shown["log"][-1]["to"] == "S-2" and shown["log"][-1]["from"] == "S-1"
    assert run("check", records=repo).stdout == ""


def test_staff_set_status_left(repo):
    result = run("staff", "set", "S-3", "status=left", "left=2026-08-31", records=repo)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%s").strip() == "staff set: S-3 status active -> left, left (none) -> 2026-08-31"
    assert (repo / "staff/S-3.yaml").read_text(encoding="utf-8").endswith("status: left\nleft: 2026-08-31\n")


def test_set_a_map_and_text_that_looks_like_a_date(repo):
    result = run("staff", "set", "S-1", "targets={2026-08: 50000, 2026-09: 60000.5}", records=repo)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%s").strip() == (
        "staff set: S-1 targets {2026-08: 50000.00} -> {2026-08: 50000, 2026-09: 60000.5}")
    assert json.loads(run("staff", "show", "S-1", "-f", "json", records=repo).stdout)["targets"] == {
        "2026-08": 50000.0, "2026-09": 60000.5}
    result = run("lead", "set", "L-0001", "notes=2026-10-01", records=repo)
    assert result.exit_code == 0, result.stderr
    assert json.loads(run("lead", "show", "L-0001", "-f", "json", records=repo).stdout)["notes"] == "2026-10-01"
    assert run("check", records=repo).stdout == ""


# ----------------------------------------------------------------------------- add
def test_add_generates_ids_and_commits(repo):
    r1 = run("lead", "add", "name=李四", "phone=013800000002", "source=web", "created=2026-08-05T09:00:00+08:00",
             records=repo)
    assert r1.exit_code == 0, r1.stderr
    assert r1.stdout == "L-0002\n"
    assert (repo / "leads/2026/L-0002.yaml").read_text(encoding="utf-8") == (
        'id: L-0002\nname: 李四\nphone: "013800000002"\nsource: web\ncreated: 2026-08-05T09:00:00+08:00\n')
    assert git(repo, "log", "-1", "--format=%s").strip() == "lead add: L-0002 李四"
    assert changed_in_head(repo) == ["leads/2026/L-0002.yaml"]
    r2 = run("lead", "add", "name=王五", "source=flyer", "created=2026-08-06 10:00", records=repo)
    assert r2.stdout == "L-0003\n"
    assert "created: 2026-08-06T10:00:00+08:00\n" in (repo / "leads/2026/L-0003.yaml").read_text(encoding="utf-8")
    assert status(repo) == ""
    assert run("check", records=repo).exit_code == 0


def test_add_keeps_the_organisations_id_style(repo):
    """BASE numbers staff S-1, S-2, S-3: the next is S-4 (not S-0004, which sorts before S-1)."""
    result = run("staff", "add", "name=孙七", "team=T-1", "channel=inside", "joined=2026-08-01", records=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "S-4\n"
    assert (repo / "staff/S-4.yaml").is_file()


def test_add_with_a_given_id_and_a_taken_one(repo):
    assert run("team", "add", "id=T-9", "name=外销组", "channel=outside", records=repo).stdout == "T-9\n"
    again = run("team", "add", "id=T-9", "name=外销组", records=repo)
    assert again.exit_code == 2
    assert "teams/T-9.yaml already exists" in again.stderr


def test_add_refused_when_invalid(repo):
    before, sha = tree(repo), head(repo)
    result = run("lead", "add", "name=李四", "source=tv", "created=2026-08-05T09:00:00+08:00", records=repo)
    assert result.exit_code == 1
    assert "leads/2026/L-0002.yaml:3: error: source 'tv' is not one of policy leads.sources" in result.stderr
    assert tree(repo) == before and head(repo) == sha


def test_visit_and_attendance_entries_append_to_the_persons_month(repo):
    for words in (["lead=L-0001", "kind=call", "at=2026-08-05T10:00:00+08:00", "summary=约了周六参观"],
                  ["lead=L-0001", "kind=visit", "at=2026-08-08 15:00", "rating=5"]):
        result = run("visit", "add", "staff=S-1", *words, records=repo)
        assert result.exit_code == 0, result.stderr
    assert (repo / "visits/2026-08/S-1.yaml").read_text(encoding="utf-8") == (
        "- id: V-0001\n  lead: L-0001\n  kind: call\n  at: 2026-08-05T10:00:00+08:00\n  summary: 约了周六参观\n"
        "- id: V-0002\n  lead: L-0001\n  kind: visit\n  at: 2026-08-08T15:00:00+08:00\n  rating: 5\n")
    assert git(repo, "log", "-2", "--format=%s").split("\n")[:2] == ["visit add: S-1 V-0002", "visit add: S-1 V-0001"]
    result = run("attendance", "add", "staff=S-2", "date=2026-08-03", "late_minutes=10", records=repo)
    assert result.exit_code == 0, result.stderr
    assert (repo / "attendance/2026-08/S-2.yaml").read_text(encoding="utf-8") == "- date: 2026-08-03\n  late_minutes: 10\n"
    shown = run("attendance", "show", "S-2:2026-08-03", "-f", "json", records=repo)
    assert json.loads(shown.stdout) == {"date": "2026-08-03", "late_minutes": 10, "staff": "S-2"}
    assert run("check", records=repo).stdout == ""


def test_log_entry_needs_its_person(repo):
    result = run("visit", "add", "lead=L-0001", "kind=call", records=repo)
    assert result.exit_code == 2
    assert "a visit entry names its person: staff=S-…" in result.stderr


# ----------------------------------------------------------------------------- show, list
def test_show(repo):
    result = run("lead", "show", "L-0001", records=repo)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["field", "value"]
    assert lines[2].split() == ["id", "L-0001"]
    assert lines[3].split() == ["name", "张三"]
    assert lines[-1].split() == ["file", "leads/L-0001.yaml:1"]
    data = json.loads(run("lead", "show", "L-0001", "--format", "json", records=repo).stdout)
    assert data["id"] == "L-0001" and data["phone"] == "13800000001" and "status" not in data  # the default is left out
    assert data["created"] == "2026-08-03T10:15:00+08:00"
    assert data["log"] == [{"when": "2026-08-03T10:15:00+08:00", "by": "salesctl", "to": "S-1", "rule": "A2",
                            "why": "walk-in rotation"}]
    missing = run("staff", "show", "S-404", records=repo)
    assert missing.exit_code == 5
    assert "no staff S-404" in missing.stderr


def test_list_formats_and_where(repo):
    table = run("staff", "list", records=repo)
    assert table.exit_code == 0
    assert [line.split()[0] for line in table.stdout.splitlines()[2:]] == ["S-1", "S-2", "S-3"]
    rows = json.loads(run("staff", "list", "--format", "json", records=repo).stdout)
    assert rows == [
        {"id": "S-1", "name": "王芳", "team": "T-1", "role": "leader", "channel": "inside", "status": "active",
         "joined": "2025-01-01", "left": None, "weight": 1.0},
        {"id": "S-2", "name": "李雷", "team": "T-1", "role": "member", "channel": "inside", "status": "active",
         "joined": "2025-03-01", "left": None, "weight": 1.0},
        {"id": "S-3", "name": "欧阳娜娜", "team": "T-1", "role": "member", "channel": "outside", "status": "active",
         "joined": "2025-06-01", "left": None, "weight": 1.0},
    ]
    out = run("staff", "list", "-f", "csv", "--where", "channel=inside", records=repo).stdout
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "name", "team", "role", "channel", "status", "joined", "left", "weight"],
        ["S-1", "王芳", "T-1", "leader", "inside", "active", "2025-01-01", "", "1"],
        ["S-2", "李雷", "T-1", "member", "inside", "active", "2025-03-01", "", "1"],
    ]
    both = run("staff", "list", "-f", "csv", "-w", "channel=inside", "-w", "role=leader", records=repo).stdout
    assert [r[0] for r in csv.reader(io.StringIO(both))] == ["id", "S-1"]
    assert run("staff", "list", "-f", "json", "-w", "team=T-9", records=repo).stdout.strip() == "[]"
    bad = run("staff", "list", "--where", "channel", records=repo)
    assert bad.exit_code == 2 and "write FIELD<op>VALUE" in bad.stderr
    unknown_format = run("staff", "list", "-f", "xml", records=repo)
    assert unknown_format.exit_code == 2 and "unknown format 'xml'" in unknown_format.stderr


def test_list_where_empty_means_none_and_month(tmp_path):
    root = make_repo(tmp_path / "records", {**BASE, "leads/2026/L-0002.yaml": """
        id: L-0002
        name: 公海客户
        source: web
        created: 2026-09-01T09:00:00+08:00
    """})
    pool = run("lead", "list", "-f", "json", "--where", "owner=", records=root)
    assert [r["id"] for r in json.loads(pool.stdout)] == ["L-0002"]
    sept = run("lead", "list", "-f", "json", "--month", "2026-09", records=root)
    assert [r["id"] for r in json.loads(sept.stdout)] == ["L-0002"]


# ----------------------------------------------------------------------------- import
CSV_TEXT = (
    "name,phone,source,created,team\n"
    "王五,13900000001,web,2026-08-05T09:00:00+08:00,T-1\n"
    "赵六,13900000002,tv,2026-08-05T09:00:00+08:00,T-1\n"
    "\n"
    "钱七,13900000003,web,2026-08-32,T-1\n"
    "孙八,13900000004,flyer,2026-08-06T10:00:00+08:00,T-9\n"
    "周九,013900000005,event,2026-08-06 10:00,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_import_with_a_bad_row_imports_nothing(repo, tmp_path, encoding):
    path = tmp_path / "十月活动.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    before, sha = tree(repo), head(repo)
    result = run("lead", "import", str(path), records=repo)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: error: source 'tv' is not one of policy leads.sources (event, flyer, other, outreach, phone, referral, walk-in, web)",
        f"{path}:5: error: created='2026-08-32' is not a date or a time: YYYY-MM-DD or YYYY-MM-DDTHH:MM (hours 00-23, minutes 00-59), optionally with a zone (+08:00)",
        f"{path}:6: error: team T-9: no such team",
        f"salesctl: error: 3 bad row(s) in {path}; nothing imported (fix them, or pass --skip-bad)",
    ]
    assert tree(repo) == before and head(repo) == sha and status(repo) == ""


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_import_skip_bad_imports_the_good_rows_in_one_commit(repo, tmp_path, encoding):
    path = tmp_path / "leads.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    n = commits(repo)
    result = run("lead", "import", str(path), "--skip-bad", "-f", "json", records=repo)
    assert result.exit_code == 0, result.stderr
    imported = json.loads(result.stdout)
    assert [row["line"] for row in imported] == [2, 7]
    assert [row["lead"] for row in imported] == ["L-0002", "L-0003"]  # no gaps where bad rows were
    assert f"{path}:3: skipped: source 'tv'" in result.stderr
    assert commits(repo) == n + 1
    assert git(repo, "log", "-1", "--format=%s").strip() == "lead import: 2 leads from leads.csv"
    files = sorted(changed_in_head(repo))
    assert files == sorted(f"leads/2026/{row['lead']}.yaml" for row in imported)
    texts = [(repo / f).read_text(encoding="utf-8") for f in files]
    assert "name: 王五\n" in texts[0] and "team: T-1\n" in texts[0]
    assert 'phone: "013900000005"\n' in texts[1] and "created: 2026-08-06T10:00:00+08:00\n" in texts[1]
    assert status(repo) == ""
    assert run("check", records=repo).exit_code == 0


def test_import_all_good(repo, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text("name,phone,source,created\n甲,13900000011,web,2026-08-05T09:00:00+08:00\n乙,13900000012,web,2026-08-05T09:05:00+08:00\n",
                    encoding="utf-8")
    result = run("lead", "import", str(path), records=repo)
    assert result.exit_code == 0, result.stderr
    assert sorted(changed_in_head(repo)) == ["leads/2026/L-0002.yaml", "leads/2026/L-0003.yaml"]


def test_import_unknown_column(repo, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,mobile,source\n甲,1,web\n", encoding="utf-8")
    result = run("lead", "import", str(path), records=repo)
    assert result.exit_code == 2
    assert f"{path}:1: unknown column(s) mobile" in result.stderr


# ----------------------------------------------------------------------------- outside git, init
def test_records_outside_git_are_written_with_a_warning(tmp_path):
    root = write_records(tmp_path / "records", NEW_BASE)
    result = run("lead", "set", "L-0001", "status=contacted", records=root)
    assert result.exit_code == 0, result.stderr
    assert f"warning: {root} is not in a git repository; changes are written but not committed" in result.stderr
    assert "status: contacted" in (root / "leads/L-0001.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in root.iterdir()) == ["leads", "staff", "teams"]  # no lock, no temp file
    assert run("lead", "add", "name=李四", "source=web", records=root).stdout == "L-0002\n"


def test_records_in_a_sub_folder_of_a_repository(tmp_path):
    top = make_repo(tmp_path / "company", {"README.md": "company\n", **{f"sales/{k}": v for k, v in NEW_BASE.items()}})
    result = run("lead", "set", "L-0001", "status=contacted", records=top / "sales")
    assert result.exit_code == 0, result.stderr
    assert changed_in_head(top) == ["sales/leads/L-0001.yaml"]


def test_init_makes_a_repository_with_one_commit_and_the_default_policy(tmp_path):
    root = tmp_path / "new-records"
    result = run("init", str(root))
    assert result.exit_code == 0, result.stderr
    assert commits(root) == 1
    assert status(root) == ""
    policy, problems = load_policy_text((root / "salesctl.yaml").read_text(encoding="utf-8"))
    assert problems == []
    assert policy == Policy()
    for folder in ("teams", "staff", "leads", "deals", "visits", "activity", "attendance", "reviews"):
        assert (root / folder).is_dir()
    assert git(root, "ls-files").split() == sorted(git(root, "ls-files").split())
    assert "salesctl.yaml" in git(root, "ls-files").split()
    check = run("check", records=root)
    assert check.exit_code == 0 and check.stdout == ""
    # and it is ready for the first write
    assert run("team", "add", "name=会籍一组", "channel=inside", records=root).stdout == "T-0001\n"
    assert commits(root) == 2


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("x")
    result = run("init", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "exists and is not empty" in result.stderr


def test_a_lead_added_or_imported_with_an_owner_gets_its_first_log_entry(repo, tmp_path):
    result = run("lead", "add", "name=吴十", "source=web", "created=2026-08-07T09:00", "owner=S-2", records=repo)
    assert result.exit_code == 0, result.stderr
    text = (repo / "leads" / "2026" / "L-0002.yaml").read_text(encoding="utf-8")
    assert "log:\n  - when: 2026-08-07T09:00:00+08:00\n    by: admin\n    from: null\n    to: S-2\n" in text
    path = tmp_path / "owned.csv"
    path.write_text("name,source,created,owner\n郑一,web,2026-08-08T09:00:00+08:00,S-1\n", encoding="utf-8")
    assert run("lead", "import", str(path), records=repo).exit_code == 0
    text = (repo / "leads" / "2026" / "L-0003.yaml").read_text(encoding="utf-8")
    assert "by: lead import" in text and "to: S-1" in text
