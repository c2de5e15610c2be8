"""`salesctl assign` writing through git: one commit, ownership log, state file; the dry run shows
exactly what the real run writes; the fairness report of the month."""
import json

import yaml_rs

from helpers import git, make_repo, run
from test_assign import TEAM1, TELE, leads

STREAM = {**TEAM1, **TELE, **leads(
    ("L-01", "2026-08-03T09:30:00+08:00"), ("L-02", "2026-08-03T10:00:00+08:00"), ("L-03", "2026-08-03T12:10:00+08:00"),
    ("L-04", "2026-08-03T14:45:00+08:00"), ("L-05", "2026-08-03T15:00:00+08:00"), ("L-06", "2026-08-03T16:00:00+08:00"),
    ("L-07", "2026-08-04T09:10:00+08:00"), ("L-08", "2026-08-04T09:20:00+08:00"), ("L-09", "2026-08-05T09:05:00+08:00"),
    ("L-10", "2026-08-05T09:06:00+08:00", {"designated": "S-2", "booked": "2026-08-04T20:00:00+08:00"}), ("L-11", "2026-08-05T09:07:00+08:00"),
    ("L-12", "2026-08-05T10:00:00+08:00", "phone"), ("L-13", "2026-08-05T10:01:00+08:00", "web"),
    ("L-14", "2026-08-06T10:00:00+08:00", "phone"),      # after --as-of: untouched
)}


def test_dry_run_equals_what_the_real_run_writes(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    # a hand-written comment in a lead file survives the write
    (root / "leads/L-12.yaml").write_text("# 官网表单\n" + (root / "leads/L-12.yaml").read_text())
    git(root, "commit", "-qam", "comment")
    dry = run("assign", "--as-of", "2026-08-05", "--dry-run", "-f", "json", records=root)
    assert dry.exit_code == 0, dry.output
    assert git(root, "status", "--porcelain") == ""
    real = run("assign", "--as-of", "2026-08-05", "-f", "json", records=root)
    assert real.exit_code == 0, real.output
    assert json.loads(real.stdout) == json.loads(dry.stdout)
    rows = json.loads(dry.stdout)
    assert len(rows) == 13
    assert "assign: 12 leads (9 rotation, 1 designated, 2 capacity)" in real.stderr
    assert git(root, "log", "--format=%s").splitlines()[0] == "assign: 12 leads (9 rotation, 1 designated, 2 capacity)"
    assert git(root, "rev-list", "--count", "HEAD") == "3\n"
    changed = set(git(root, "show", "--name-only", "--format=", "HEAD").split())
    assert changed == {f"leads/L-{i:02d}.yaml" for i in range(1, 14) if i != 3} | {"state/rotation.yaml"}
    for r in rows:
        data = yaml_rs.loads((root / f"leads/{r['lead']}.yaml").read_text(), parse_datetime=True)
        if r["owner"] is None:
            assert "owner" not in data and "log" not in data
            continue
        assert (data["owner"], data["team"]) == (r["owner"], r["team"])
        entry = data["log"][-1]
        assert (entry["by"], entry["from"], entry["to"], entry["rule"], entry["why"]) == ("salesctl", None, r["owner"], r["rule"], r["reason"])
    assert (root / "leads/L-12.yaml").read_text().startswith("# 官网表单\n")
    # 电销一组 has no leader, deputy or department: the one warning is K9's nobody-to-flag
    assert [p["message"] for p in json.loads(run("check", "-f", "json", records=root).stdout)] == [
        "team T-2 (电销一组) has no leader, deputy or manager of its department (none): K9 no-training has nobody to flag"]
    state = yaml_rs.loads((root / "state/rotation.yaml").read_text())
    assert state == {"teams": {"T-1": {"queue": ["S-2", "S-3", "S-1"], "turns": {"S-1": 5, "S-2": 2, "S-3": 2}}}}

    again = run("assign", "--as-of", "2026-08-05", records=root)
    assert again.exit_code == 0 and "nothing to assign" in again.stderr
    assert git(root, "rev-list", "--count", "HEAD") == "3\n"


def test_no_commit_writes_without_committing(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    r = run("assign", "--as-of", "2026-08-03", "--no-commit", records=root)
    assert r.exit_code == 0, r.output
    assert git(root, "rev-list", "--count", "HEAD") == "1\n"
    assert "state/rotation.yaml" in git(root, "status", "--porcelain", "--untracked-files=all")


def test_fairness_report_of_the_month(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    assert run("assign", "--as-of", "2026-08-05", records=root).exit_code == 0
    r = run("assign", "--report", "--month", "2026-08", "-f", "json", records=root)
    assert r.exit_code == 0, r.output
    rows = {x["staff"]: x for x in json.loads(r.stdout)}
    # T-1: S-1 5 rotation; S-2 2 rotation + 1 designated; S-3 2 rotation; S-4 (outside) none: 10 leads, weights 1 each.
    assert {k: (v["received"], v["rotation"], v["designated"], v["capacity"], v["team_share"], v["weight_share"], v["turn_gap"])
            for k, v in rows.items() if v["team"] == "T-1"} == {
        "S-1": (5, 5, 0, 0, 50, 25, 1),   # Mon 12:30-15:30 with S-3: S-1 took L-05, S-3 none
        "S-2": (3, 2, 1, 0, 30, 25, 1),   # Mon 14:30-15:30 with S-3: S-2 took L-04, S-3 none
        "S-3": (2, 2, 0, 0, 20, 25, 1),
        "S-4": (0, 0, 0, 0, 0, 25, None),
    }
    # T-2: L-12 -> S-5 (0/2, id), L-13 -> S-6 (0/1 < 1/2)
    assert {k: (v["received"], v["capacity"], v["team_share"], v["weight_share"]) for k, v in rows.items() if v["team"] == "T-2"} == {
        "S-5": (1, 1, 50, 50), "S-6": (1, 1, 50, 25), "S-7": (0, 0, 0, 25)}
    table = run("assign", "--report", "--month", "2026-08", records=root)
    assert table.exit_code == 0 and "turn_gap" in table.stdout.splitlines()[0]


def test_claim_by_hand_shows_in_the_report(tmp_path):
    root = make_repo(tmp_path / "r", {**TELE, **leads(("L-01", "2026-08-03T10:00:00+08:00", "phone"))})
    r = run("lead", "claim", "L-01", "--by", "S-6", "--as-of", "2026-08-03T11:00", records=root)
    assert r.exit_code == 0, r.output
    rows = {x["staff"]: x for x in json.loads(run("assign", "--report", "--month", "2026-08", "-f", "json", records=root).stdout)}
    assert (rows["S-6"]["received"], rows["S-6"]["claimed"]) == (1, 1)
