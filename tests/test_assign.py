"""Worked examples of `salesctl assign`: small organisations, results worked out by hand from
A1-A6 and compared with `assign --dry-run --format json`, the way the maintainers check."""
import json

from helpers import run, write_records

TEAM1 = {
    "teams/T-1.yaml": """
        id: T-1
        name: 会籍一组
        leader: S-1
        channel: inside
    """,
    # early: 09:00-15:30, break 12:00-12:30; late: 14:30-22:00, break 18:00-18:30 (policy defaults)
    "staff/S-1.yaml": """
        id: S-1
        name: 王芳
        team: T-1
        role: leader
        channel: inside
        joined: 2025-01-01
        shifts: {mon: early, tue: early, wed: early, thu: early, fri: early}
    """,
    "staff/S-2.yaml": """
        id: S-2
        name: 李雷
        team: T-1
        channel: inside
        joined: 2025-01-01
        shifts: {mon: late, tue: late, wed: late, thu: late, fri: late}
    """,
    "staff/S-3.yaml": """
        id: S-3
        name: 张伟
        team: T-1
        channel: inside
        joined: 2025-01-01
        shifts: {mon: early, tue: early, wed: early, thu: early, fri: early}
        leave:
          - {start: 2026-08-04, end: 2026-08-04, why: 病假}
    """,
    "staff/S-4.yaml": """
        id: S-4
        name: 欧阳娜娜
        team: T-1
        channel: outside
        joined: 2025-01-01
    """,
}


def lead(lid: str, created: str, source: str = "walk-in", **extra) -> dict:
    body = f"id: {lid}\nname: 客户{lid[-2:]}\nsource: {source}\ncreated: {created}\n"
    body += "".join(f"{k}: {v}\n" for k, v in extra.items())
    return {f"leads/{lid}.yaml": body}


def leads(*items) -> dict:
    """(id, created[, source][, {extra fields}]) -> lead files."""
    out = {}
    for it in items:
        source = next((x for x in it[2:] if isinstance(x, str)), "walk-in")
        extra = next((x for x in it[2:] if isinstance(x, dict)), {})
        out.update(lead(it[0], it[1], source, **extra))
    return out


def assign_json(root, *args) -> list[dict]:
    r = run("assign", "--dry-run", "--format", "json", *args, records=root)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def owners(rows) -> dict:
    return {r["lead"]: r["owner"] for r in rows}


def test_rotation_with_shifts_breaks_leave_and_a_designated_customer(tmp_path):
    # Mon 2026-08-03 .. Wed 08-05. Queue starts in staff id order: S-1, S-2, S-3 (S-4 is outside: not in it).
    root = write_records(tmp_path, {**TEAM1, **leads(
        ("L-01", "2026-08-03T09:30:00+08:00"),   # S-1 S-3 on duty -> S-1; queue S-2 S-3 S-1
        ("L-02", "2026-08-03T10:00:00+08:00"),   # S-2 off shift (keeps place) -> S-3; queue S-2 S-1 S-3
        ("L-03", "2026-08-03T12:10:00+08:00"),   # S-2 off, S-1 and S-3 on a break -> pool
        ("L-04", "2026-08-03T14:45:00+08:00"),   # S-2 back, first -> S-2; queue S-1 S-3 S-2
        ("L-05", "2026-08-03T15:00:00+08:00"),   # -> S-1; queue S-3 S-2 S-1
        ("L-06", "2026-08-03T16:00:00+08:00"),   # S-3 off (early ends 15:30) -> S-2; queue S-3 S-1 S-2
        ("L-07", "2026-08-04T09:10:00+08:00"),   # S-3 on leave (keeps place) -> S-1; queue S-3 S-2 S-1
        ("L-08", "2026-08-04T09:20:00+08:00"),   # S-3 leave, S-2 off -> S-1; queue S-3 S-2 S-1
        ("L-09", "2026-08-05T09:05:00+08:00"),   # S-3 back and first -> S-3; queue S-2 S-1 S-3
        # A3: S-2 though off shift, as booked the evening before (A7: 与客户事先预约好除外); queue unchanged
        ("L-10", "2026-08-05T09:06:00+08:00", {"designated": "S-2", "booked": "2026-08-04T20:00:00+08:00"}),
        ("L-11", "2026-08-05T09:07:00+08:00"),   # S-2 off -> S-1; queue S-2 S-3 S-1
    )})
    rows = assign_json(root, "--as-of", "2026-08-05T23:00")
    assert [r["lead"] for r in rows] == [f"L-{i:02d}" for i in range(1, 12)]
    assert owners(rows) == {"L-01": "S-1", "L-02": "S-3", "L-03": None, "L-04": "S-2", "L-05": "S-1", "L-06": "S-2",
                            "L-07": "S-1", "L-08": "S-1", "L-09": "S-3", "L-10": "S-2", "L-11": "S-1"}
    by = {r["lead"]: r for r in rows}
    assert {r["rule"] for r in rows if r["lead"] != "L-10"} == {"A2"}
    assert by["L-10"]["rule"] == "A3" and "not a rotation turn" in by["L-10"]["reason"]
    assert by["L-03"]["team"] == "T-1"
    assert by["L-03"]["reason"].startswith("stays in the pool: nobody in the T-1 rotation can take it")
    assert "on a break 12:00-12:30" in by["L-03"]["reason"] and "off shift (late 14:30-22:00)" in by["L-03"]["reason"]
    assert "张伟 (S-3) on leave 2026-08-04..2026-08-04 (病假)" in by["L-07"]["reason"]
    assert list(rows[0]) == ["lead", "name", "source", "team", "owner", "rule", "reason"]


def test_real_run_writes_the_queue_and_the_next_run_continues(tmp_path):
    from helpers import make_repo

    root = make_repo(tmp_path / "r", {**TEAM1, **leads(
        ("L-01", "2026-08-03T09:30:00+08:00"),   # -> S-1
        ("L-02", "2026-08-03T10:00:00+08:00"),   # -> S-3
        ("L-03", "2026-08-03T15:00:00+08:00"),   # S-2 on duty, first -> S-2
        ("L-04", "2026-08-03T15:10:00+08:00"),   # S-1
    )})
    r = run("assign", "--as-of", "2026-08-03T15:05", records=root)
    assert r.exit_code == 0, r.output
    import yaml_rs

    state = yaml_rs.loads((root / "state/rotation.yaml").read_text())
    assert state == {"teams": {"T-1": {"queue": ["S-1", "S-3", "S-2"], "turns": {"S-1": 1, "S-2": 1, "S-3": 1}}}}
    rows = assign_json(root, "--as-of", "2026-08-03T23:00")
    assert owners(rows) == {"L-04": "S-1"}


def test_state_file_order_is_respected(tmp_path):
    root = write_records(tmp_path, {**TEAM1, **leads(("L-01", "2026-08-03T15:00:00+08:00"), ("L-02", "2026-08-03T15:01:00+08:00")),
                                    "state/rotation.yaml": "teams:\n  T-1:\n    queue: [S-3, S-2, S-1]\n    turns: {S-1: 4, S-2: 4, S-3: 3}\n"})
    assert owners(assign_json(root, "--as-of", "2026-08-03")) == {"L-01": "S-3", "L-02": "S-2"}


def test_designee_who_left_goes_by_rotation_and_the_reason_says_so(tmp_path):
    files = {**TEAM1, "staff/S-9.yaml": """
        id: S-9
        name: 陈静
        team: T-1
        channel: inside
        status: left
        joined: 2025-01-01
        left: 2026-07-31
    """}
    files.update(leads(("L-01", "2026-08-03T10:00:00+08:00", {"voucher": "{kind: consultant, staff: S-9, code: TV-88}"}),
                       ("L-02", "2026-08-03T10:05:00+08:00", {"designated": "S-3"})))
    rows = assign_json(tmp_path and write_records(tmp_path, files), "--as-of", "2026-08-03")
    by = {r["lead"]: r for r in rows}
    assert by["L-01"]["owner"] == "S-1" and by["L-01"]["rule"] == "A2"   # S-9 left: the queue (S-1 first)
    assert by["L-01"]["reason"].startswith("designee 陈静 (S-9) has left (2026-07-31), so by the normal rules")
    assert by["L-02"]["owner"] == "S-3" and by["L-02"]["rule"] == "A3"
    assert "voucher" not in by["L-02"]["reason"]


def test_consultant_voucher_is_designated_campaign_voucher_is_a_new_customer(tmp_path):
    files = {**TEAM1, **leads(
        ("L-01", "2026-08-03T10:00:00+08:00", {"voucher": "{kind: campaign, code: GIFT-1}"}),   # A6: rotation -> S-1
        ("L-02", "2026-08-03T10:05:00+08:00", {"voucher": "{kind: consultant, staff: S-1}"}),   # A3 -> S-1, no turn
        ("L-03", "2026-08-03T10:10:00+08:00"),                                                  # queue S-2 S-3 S-1 -> S-3
    )}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03")
    assert owners(rows) == {"L-01": "S-1", "L-02": "S-1", "L-03": "S-3"}
    assert [r["rule"] for r in rows] == ["A2", "A3", "A2"]
    assert "campaign voucher: a new customer (A6)" in rows[0]["reason"]
    assert "consultant voucher" in rows[1]["reason"]


def test_busy_with_a_walk_in_is_skipped_and_keeps_place(tmp_path):
    files = {**TEAM1, "salesctl.yaml": "assign:\n  busy_minutes: 30\n", **leads(
        ("L-01", "2026-08-05T10:00:00+08:00"),   # S-1; queue S-2 S-3 S-1
        ("L-02", "2026-08-05T10:10:00+08:00"),   # S-2 off -> S-3; queue S-2 S-1 S-3
        ("L-03", "2026-08-05T10:20:00+08:00"),   # S-1 busy since 10:00, S-3 busy since 10:10 -> pool
        ("L-04", "2026-08-05T10:35:00+08:00"),   # S-1 free again (10:00 + 30) -> S-1
        ("L-05", "2026-08-05T10:36:00+08:00", {"designated": "S-3"}),   # A3 -> S-3 (designated ignores busy)
        ("L-06", "2026-08-05T10:50:00+08:00"),   # queue S-2 S-3 S-1: S-3 busy since 10:36 -> S-1 busy since 10:35 -> pool
        ("L-07", "2026-08-05T11:10:00+08:00"),   # S-3 free (10:36 + 30 = 11:06) -> S-3
    )}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-05")
    assert owners(rows) == {"L-01": "S-1", "L-02": "S-3", "L-03": None, "L-04": "S-1", "L-05": "S-3", "L-06": None, "L-07": "S-3"}
    assert "busy with a walk-in since 10:00 (A5, busy_minutes 30)" in rows[2]["reason"]


TELE = {
    "teams/T-2.yaml": "id: T-2\nname: 电销一组\nchannel: telesales\n",
    "staff/S-5.yaml": "id: S-5\nname: 刘洋\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nweight: 2\n",
    "staff/S-6.yaml": "id: S-6\nname: 周敏\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n",
    "staff/S-7.yaml": "id: S-7\nname: 吴磊\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nmax_open_leads: 1\n",
}


def test_capacity_by_weight_with_caps_and_stable_ties(tmp_path):
    files = {**TELE, "salesctl.yaml": "assign:\n  intake_cap: 3\n  intake_days: 30\n",
             **leads(*[(f"L-{i:02d}", f"2026-08-03T1{i}:00:00+08:00", "phone") for i in range(1, 9)])}
    # open/weight: P1 all 0 -> S-5 (id); P2 S-5 .5, S-6 0, S-7 0 -> S-6 (id); P3 -> S-7 (now at max_open_leads 1);
    # P4 S-5 .5 < S-6 1 -> S-5; P5 S-5 1 = S-6 1, S-6 fewer received in 30 days (1 < 2) -> S-6; P6 S-5 1 < S-6 2 -> S-5 (intake 3: capped);
    # P7 -> S-6 (intake 3: capped); P8 nobody -> pool.
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03")
    assert [r["owner"] for r in rows] == ["S-5", "S-6", "S-7", "S-5", "S-6", "S-5", "S-6", None]
    assert {r["team"] for r in rows} == {"T-2"} and {r["rule"] for r in rows} == {"A1"}
    assert rows[4]["reason"].endswith("(tie: fewer leads received in 30 days)")
    assert rows[0]["reason"].endswith("(tie: staff id)")
    assert "刘洋 (S-5) at intake cap: 3 leads received in 30 days (intake_cap 3)" in rows[7]["reason"]
    assert "吴磊 (S-7) at cap: 1 open leads (max_open_leads 1)" in rows[7]["reason"]


def test_level_one_in_proportion_to_team_capacity(tmp_path):
    files = {
        "teams/T-A.yaml": "id: T-A\nname: 电销A组\nchannel: telesales\n",
        "teams/T-B.yaml": "id: T-B\nname: 电销B组\nchannel: telesales\n",
        "teams/T-C.yaml": "id: T-C\nname: 外联组\nchannel: outreach\n",
        "staff/S-1.yaml": "id: S-1\nname: 甲\nteam: T-A\nchannel: telesales\njoined: 2025-01-01\nweight: 2\n",
        "staff/S-2.yaml": "id: S-2\nname: 乙\nteam: T-B\nchannel: telesales\njoined: 2025-01-01\n",
        "staff/S-3.yaml": "id: S-3\nname: 丙\nteam: T-C\nchannel: outreach\njoined: 2025-01-01\n",
        **leads(("L-01", "2026-08-03T10:00:00+08:00", "phone"),   # T-A 0/2 = T-B 0/1: team id -> T-A
                ("L-02", "2026-08-03T10:01:00+08:00", "web"),     # T-A 1/2 > T-B 0 -> T-B
                ("L-03", "2026-08-03T10:02:00+08:00", "phone"),   # T-A .5 < T-B 1 -> T-A
                ("L-04", "2026-08-03T10:03:00+08:00", "phone"),   # T-A 2/2 = T-B 1/1: team id -> T-A
                ("L-05", "2026-08-03T10:04:00+08:00", "phone", {"company": "华为"}),  # company route -> outreach T-C
                ("L-06", "2026-08-03T10:05:00+08:00", "other")),  # no route -> pool
    }
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03")
    assert [(r["team"], r["owner"]) for r in rows] == [("T-A", "S-1"), ("T-B", "S-2"), ("T-A", "S-1"), ("T-A", "S-1"),
                                                       ("T-C", "S-3"), (None, None)]
    assert rows[5]["reason"] == "stays in the pool: no route in policy assign.routes takes source 'other'"


def test_leave_and_left_members_get_no_capacity_leads(tmp_path):
    files = {**TELE,
             "staff/S-6.yaml": "id: S-6\nname: 周敏\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n"
                               "leave:\n  - {start: 2026-08-01, end: 2026-08-10}\n",
             "staff/S-7.yaml": "id: S-7\nname: 吴磊\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nstatus: left\nleft: 2026-07-01\n",
             **leads(("L-01", "2026-08-03T10:00:00+08:00", "phone"), ("L-02", "2026-08-11T10:00:00+08:00", "phone"))}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-11")
    assert owners(rows) == {"L-01": "S-5", "L-02": "S-6"}   # 08-11: S-6 back, 0 open < S-5 1/2


def test_designated_at_cap_goes_by_the_normal_rules_unless_policy_says_otherwise(tmp_path):
    files = {**TELE, **leads(("L-01", "2026-08-03T10:00:00+08:00", "phone", {"designated": "S-7", "team": "T-2"}),
                             ("L-02", "2026-08-03T10:01:00+08:00", "phone", {"designated": "S-7", "team": "T-2"}))}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03")
    assert [(r["owner"], r["rule"]) for r in rows] == [("S-7", "A3"), ("S-5", "A1")]
    assert rows[1]["reason"].startswith("designee 吴磊 (S-7) at cap: 1 open leads (max_open_leads 1), so by the normal rules")
    files["salesctl.yaml"] = "assign:\n  designated_within_caps: false\n"
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03")
    assert [(r["owner"], r["rule"]) for r in rows] == [("S-7", "A3"), ("S-7", "A3")]


def test_leads_after_as_of_and_owned_or_closed_leads_are_left_alone(tmp_path):
    files = {**TELE, **leads(("L-01", "2026-08-03T10:00:00+08:00", "phone"),
                             ("L-02", "2026-08-04T10:00:00+08:00", "phone"),
                             ("L-03", "2026-08-03T10:00:00+08:00", "phone", {"status": "lost"}),
                             ("L-04", "2026-08-03T10:00:00+08:00", "phone", {"owner": "S-6", "team": "T-2"}))}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03T23:59")
    assert owners(rows) == {"L-01": "S-5"}


def test_team_option_limits_the_run(tmp_path):
    files = {**TEAM1, **TELE, **leads(("L-01", "2026-08-03T10:00:00+08:00"), ("L-02", "2026-08-03T10:00:00+08:00", "phone"))}
    root = write_records(tmp_path, files)
    assert owners(assign_json(root, "--as-of", "2026-08-03", "--team", "T-2")) == {"L-02": "S-5"}
    assert owners(assign_json(root, "--as-of", "2026-08-03", "--team", "T-1")) == {"L-01": "S-1"}
    r = run("assign", "--dry-run", "--team", "T-9", records=root)
    assert r.exit_code == 5 and "no team T-9" in r.stderr


def test_explain_adds_the_trace(tmp_path):
    root = write_records(tmp_path, {**TEAM1, **leads(("L-01", "2026-08-03T10:00:00+08:00"), ("L-02", "2026-08-03T10:01:00+08:00"))})
    rows = assign_json(root, "--as-of", "2026-08-03", "--explain")
    assert list(rows[1]) == ["lead", "name", "source", "team", "owner", "rule", "reason", "trace"]
    assert rows[1]["trace"] == [
        "arrived 2026-08-03 10:01 mon",
        "level 1, route 1 (source walk-in) -> channel inside: T-1: 1 open / capacity 2 = 0.50 -> T-1 (fewest open leads per unit of capacity)",
        "A2 rotation of T-1, queue: S-2, S-3, S-1",
        "李雷 (S-2): skipped, off shift (late 14:30-22:00); keeps their place (A4)",
        "张伟 (S-3): on duty, their turn -> S-3; queue now S-2, S-1, S-3",
    ]
    table = run("assign", "--dry-run", "--as-of", "2026-08-03", "--explain", records=root)
    assert "L-02 客户02 -> S-3 (A2)\n  arrived 2026-08-03 10:01 mon" in table.stdout


def test_as_of_and_month_are_checked(tmp_path):
    root = write_records(tmp_path, TEAM1)
    r = run("assign", "--dry-run", "--as-of", "yesterday", records=root)
    assert r.exit_code == 2 and "--as-of 'yesterday' is not a date" in r.stderr
    assert run("assign", "--report", records=root).exit_code == 2
    assert run("assign", "--report", "--month", "2026-13", records=root).exit_code == 2


def test_bad_state_file_is_refused(tmp_path):
    root = write_records(tmp_path, {**TEAM1, "state/rotation.yaml": "teams:\n  T-1:\n    queue: S-1\n"})
    r = run("assign", "--dry-run", records=root)
    assert r.exit_code == 1 and "state/rotation.yaml" in r.stderr
    c = run("check", records=root)
    assert c.exit_code == 1 and "state/rotation.yaml:3: error: teams.T-1.queue: expected a list" in c.stdout


def test_a_walk_in_returned_to_the_pool_goes_by_capacity_not_rotation(tmp_path):
    # returned at 23:00, when nobody is on shift: no customer is at the desk, so A1 shares it
    files = {**TEAM1, "leads/L-01.yaml": """
        id: L-01
        name: 回流客户
        source: walk-in
        created: 2026-07-01T10:00:00+08:00
        team: T-1
        log:
          - {when: 2026-07-01T10:00:00+08:00, by: salesctl, to: S-1, rule: A2, why: rotation}
          - {when: 2026-08-03T23:00:00+08:00, by: salesctl, from: S-1, rule: L6, why: idle}
    """}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03T23:30", "--explain")
    assert [(r["owner"], r["rule"]) for r in rows] == [("S-2", "A1")]   # S-1 cools down; S-2 0/1 before S-3 (id)
    assert "a walk-in returned to the pool is shared by capacity (A1), not by the rotation of arrivals (A2)" in rows[0]["trace"]


def test_a_lead_nobody_can_take_waits_until_someone_can(tmp_path):
    # S-6 on leave 08-01..08-10, S-7 at max_open_leads, S-5 left: the phone lead of 08-03 waits for S-6
    files = {**TELE,
             "staff/S-5.yaml": "id: S-5\nname: 刘洋\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\nstatus: left\nleft: 2026-07-31\n",
             "staff/S-6.yaml": "id: S-6\nname: 周敏\nteam: T-2\nchannel: telesales\njoined: 2025-01-01\n"
                               "leave:\n  - {start: 2026-08-01, end: 2026-08-10}\n",
             **leads(("L-01", "2026-08-03T10:00:00+08:00", "phone"),
                     ("L-02", "2026-07-01T10:00:00+08:00", "phone", {"owner": "S-7", "team": "T-2"}))}
    root = write_records(tmp_path, files)
    rows = assign_json(root, "--as-of", "2026-08-10T23:00")
    assert [(r["owner"], r["reason"]) for r in rows] == [(None, (
        "stays in the pool: nobody in team T-2 can take it (刘洋 (S-5) has left (2026-07-31); "
        "周敏 (S-6) on leave 2026-08-01..2026-08-10; 吴磊 (S-7) at cap: 1 open leads (max_open_leads 1))"))]
    rows = assign_json(root, "--as-of", "2026-08-11T09:00", "--explain")
    assert [(r["owner"], r["rule"]) for r in rows] == [("S-6", "A1")]
    assert rows[0]["reason"].startswith("waited in the pool from 2026-08-03 10:00 to 2026-08-11 00:00; to team T-2 by route phone")
    assert rows[0]["trace"][1].startswith("waited: 2026-08-03 10:00: nobody in team T-2 can take it")
    assert rows[0]["trace"][1].endswith("waits until 2026-08-11 00:00")
