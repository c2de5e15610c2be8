"""The readings of seed 002's 争单管理制度 and 纪律制度 in the assignment, each worked by hand from
the seed's words and compared with `assign --dry-run --format json`:

- A3 「新客户出示试用券或销售名片或叫出销售顾问的名字,此类客人视为该销售的当日指定客」: a *new*
  customer, designated *for that day* (assign.designated_same_day);
- A7 「已下班顾问不得在公司接单,与客户事先预约好除外」 (rules.A7, lead.booked);
- A4 「内销顾问不在岗,则不予轮客」: keeping one's place is our reading; the other is a setting
  (assign.skipped_keeps_place);
- A5 「跟完现有的客人送出俱乐部,方可再跟其它客人」 (assign.busy_minutes, as the 002 preset sets it).

Team T-1 is tests/test_assign.py's: 王芳 S-1 (leader) and 张伟 S-3 on the early shift
09:00-15:30 (break 12:00-12:30), 李雷 S-2 on the late shift 14:30-22:00, Monday to Friday;
S-3 on leave on Tuesday 2026-08-04; 欧阳娜娜 S-4 an outside consultant (no shifts).
"""
from test_assign import TEAM1, assign_json, leads, owners

from helpers import write_records


def policy(**assign) -> dict:
    return {"salesctl.yaml": "assign:\n" + "".join(f"  {k}: {v}\n" for k, v in assign.items())}


def by_lead(rows) -> dict:
    return {r["lead"]: r for r in rows}


# ----------------------------------------------------------------------------- A7
A7_LEADS = leads(
    # Wed 2026-08-05; the queue starts S-1, S-2, S-3.
    ("L-01", "2026-08-05T09:05:00+08:00", {"designated": "S-2"}),
    ("L-02", "2026-08-05T09:10:00+08:00", {"designated": "S-2", "booked": "2026-08-04T19:00:00+08:00"}),
    ("L-03", "2026-08-05T09:20:00+08:00", {"designated": "S-2", "booked": "2026-08-05T09:20:00+08:00"}),
    ("L-04", "2026-08-05T12:10:00+08:00", {"designated": "S-1"}),
    ("L-05", "2026-08-05T16:00:00+08:00", {"designated": "S-1"}),
    ("L-06", "2026-08-05T16:10:00+08:00", {"voucher": "{kind: consultant, staff: S-4}"}),
)


def test_a7_an_off_duty_consultant_takes_only_customers_booked_in_advance(tmp_path):
    rows = assign_json(write_records(tmp_path, {**TEAM1, **A7_LEADS}), "--as-of", "2026-08-05T23:00")
    # L-01 asks for 李雷, whose late shift starts at 14:30: 已下班 -> the rotation; 李雷 is skipped
    #      (off shift, keeps his place), 王芳 takes it. Queue S-2, S-3, S-1.
    # L-02 booked with 李雷 the evening before (事先预约好): his designated customer though off duty,
    #      not a rotation turn. Queue unchanged.
    # L-03 "booked" at the moment of arrival is not in advance -> the rotation: 张伟. Queue S-2, S-1, S-3.
    # L-04 asks for 王芳, on her meal break: on duty (only 不在岗 for the rotation) -> hers.
    # L-05 asks for 王芳 at 16:00, her early shift over at 15:30 -> the rotation: 李雷 now on duty.
    # L-06 shows the outside consultant 欧阳娜娜's voucher: she works no shifts, so is never off duty.
    assert owners(rows) == {"L-01": "S-1", "L-02": "S-2", "L-03": "S-3", "L-04": "S-1", "L-05": "S-2", "L-06": "S-4"}
    assert [r["rule"] for r in rows] == ["A2", "A3", "A2", "A3", "A2", "A3"]
    got = by_lead(rows)
    assert got["L-01"]["reason"].startswith(
        "designee 李雷 (S-2) is off duty, off shift (late 14:30-22:00), and the customer was not booked in advance "
        "(A7: 已下班顾问不得在公司接单,与客户事先预约好除外), so by the normal rules; ")
    assert got["L-02"]["reason"] == ("designated customer of 李雷 (S-2) (booked); off duty (off shift (late 14:30-22:00)) "
                                     "but booked in advance at 2026-08-04 19:00 (A7: 与客户事先预约好除外); not a rotation turn")
    assert "booked only at 2026-08-05 09:20, not in advance" in got["L-03"]["reason"]
    assert "designee 王芳 (S-1) is off duty, off shift (early 09:00-15:30)" in got["L-05"]["reason"]


def test_a7_off_goes_back_to_the_designee_on_shift_or_not(tmp_path):
    rows = assign_json(write_records(tmp_path, {**TEAM1, **A7_LEADS, "salesctl.yaml": "rules:\n  A7: off\n"}),
                       "--as-of", "2026-08-05T23:00")
    assert owners(rows) == {"L-01": "S-2", "L-02": "S-2", "L-03": "S-2", "L-04": "S-1", "L-05": "S-1", "L-06": "S-4"}
    assert {r["rule"] for r in rows} == {"A3"}


# ----------------------------------------------------------------------------- A3
TEAM2 = {   # one capacity member, 马超 S-5, on leave Monday and Tuesday
    "teams/T-2.yaml": "id: T-2\nname: 外销组\nchannel: outside\n",
    "staff/S-5.yaml": ("id: S-5\nname: 马超\nteam: T-2\nchannel: outside\njoined: 2025-01-01\n"
                       "leave:\n  - {start: 2026-08-03, end: 2026-08-04, why: 事假}\n"),
}
A3_LEADS = {
    **leads(
        # a referral asking for 马超 on Monday, while he is on leave: nobody in T-2 can take it, so it
        # waits for him to be back on Wednesday 00:00 — no longer the day he was asked for
        ("L-11", "2026-08-03T10:00:00+08:00", "referral", {"team": "T-2", "designated": "S-5"}),
        ("L-12", "2026-08-03T10:30:00+08:00", {"designated": "S-1"}),   # a walk-in, same day: 王芳's
    ),
    # a walk-in who asked for 李雷 and was 王芳's customer until she returned it to the pool on Monday
    "leads/L-13.yaml": """
        id: L-13
        name: 客户13
        source: walk-in
        created: 2026-07-20T15:00:00+08:00
        designated: S-2
        team: T-1
        log:
          - {when: 2026-07-20T15:00:00+08:00, by: salesctl, from: null, to: S-1, rule: A2, why: rotation}
          - {when: 2026-08-03T15:00:00+08:00, by: S-1, from: S-1, to: null, rule: manual, why: 客户改约李雷}
    """,
}


def test_a3_a_designated_customer_is_new_and_designated_for_that_day(tmp_path):
    rows = assign_json(write_records(tmp_path, {**TEAM1, **TEAM2, **A3_LEADS}), "--as-of", "2026-08-05T23:00")
    got = by_lead(rows)
    # L-12: a new customer asking for 王芳 on the day she is on shift: 当日指定客, hers.
    assert (got["L-12"]["owner"], got["L-12"]["rule"]) == ("S-1", "A3")
    # L-11: on Monday the designation counts but 马超 is on leave, so the normal rules: nobody in T-2,
    # it waits; on Wednesday it is no longer that day's designation, so capacity gives it — to 马超,
    # the only member, as A1 and not as his designated customer.
    assert (got["L-11"]["owner"], got["L-11"]["rule"]) == ("S-5", "A1")
    assert got["L-11"]["reason"].startswith("waited in the pool from 2026-08-03 10:00 to 2026-08-05 00:00; designee 马超 (S-5) "
                                            "does not hold the designation: designated for 2026-08-03 only (当日指定客), decided on 2026-08-05")
    # L-13: owned before, so not a new customer: the designation does not count, capacity in T-1
    # (a walk-in returned to the pool is not at the desk: A1). At 15:00 Monday 王芳 holds L-12 and
    # is cooling down from L-13 (L6); 李雷, 张伟 and 欧阳娜娜 hold none and received none: the tie goes
    # to the staff id, S-2 — 李雷 again, but by capacity, not as his designated customer.
    assert (got["L-13"]["owner"], got["L-13"]["rule"]) == ("S-2", "A1")
    assert got["L-13"]["reason"].startswith("designee 李雷 (S-2) does not hold the designation: not a new customer (owned by S-1 before)")


def test_a3_the_old_reading_designated_forever_is_a_setting(tmp_path):
    rows = assign_json(write_records(tmp_path, {**TEAM1, **TEAM2, **A3_LEADS, **policy(designated_same_day="false")}),
                       "--as-of", "2026-08-05T23:00")
    got = by_lead(rows)
    assert (got["L-11"]["owner"], got["L-11"]["rule"]) == ("S-5", "A3")
    assert (got["L-13"]["owner"], got["L-13"]["rule"]) == ("S-2", "A3")


# ----------------------------------------------------------------------------- A4
A4_LEADS = leads(   # Monday 2026-08-03; the queue starts S-1, S-2, S-3
    ("L-21", "2026-08-03T10:00:00+08:00"),
    ("L-22", "2026-08-03T10:05:00+08:00"),
    ("L-23", "2026-08-03T14:45:00+08:00"),
    ("L-24", "2026-08-03T15:00:00+08:00"),
)


def test_a4_skipped_keeps_place_by_default(tmp_path):
    rows = assign_json(write_records(tmp_path, {**TEAM1, **A4_LEADS}), "--as-of", "2026-08-03T23:00")
    # L-21 王芳 (S-2 S-3 S-1); L-22 李雷 off shift keeps his place, 张伟 (S-2 S-1 S-3);
    # L-23 李雷 on at 14:30 and first (S-1 S-3 S-2); L-24 王芳 (S-3 S-2 S-1).
    assert owners(rows) == {"L-21": "S-1", "L-22": "S-3", "L-23": "S-2", "L-24": "S-1"}
    assert "skipped, keeping their place: 李雷 (S-2) off shift (late 14:30-22:00)" in by_lead(rows)["L-22"]["reason"]


def test_a4_skipped_loses_the_turn_when_the_policy_says_so(tmp_path):
    rows = assign_json(write_records(tmp_path, {**TEAM1, **A4_LEADS, **policy(skipped_keeps_place="false")}),
                       "--as-of", "2026-08-03T23:00")
    # L-21 王芳 (S-2 S-3 S-1); L-22 李雷 off shift loses the turn and goes to the back, then 张伟 takes
    # it and goes behind him (S-1 S-2 S-3); L-23 王芳, still on until 15:30, is first (S-2 S-3 S-1);
    # L-24 李雷 (S-3 S-1 S-2).
    assert owners(rows) == {"L-21": "S-1", "L-22": "S-3", "L-23": "S-1", "L-24": "S-2"}
    assert "skipped, losing the turn: 李雷 (S-2) off shift (late 14:30-22:00)" in by_lead(rows)["L-22"]["reason"]


# ----------------------------------------------------------------------------- A5
def test_a5_finish_the_current_customer_first_with_busy_minutes_60(tmp_path):
    files = {**TEAM1, **policy(busy_minutes=60), **leads(   # Monday 2026-08-03: 王芳 and 张伟 from 09:00
        ("L-31", "2026-08-03T09:00:00+08:00"),   # 王芳 (S-2 S-3 S-1)
        ("L-32", "2026-08-03T09:20:00+08:00"),   # 李雷 off shift; 张伟 (S-2 S-1 S-3)
        ("L-33", "2026-08-03T09:40:00+08:00"),   # 王芳 busy since 09:00, 张伟 since 09:20: nobody, the pool
        ("L-34", "2026-08-03T10:00:00+08:00"),   # 王芳's hour is over (busy means less than 60 minutes): hers (S-2 S-3 S-1)
        ("L-35", "2026-08-03T10:10:00+08:00"),   # 张伟 busy until 10:20, 王芳 since 10:00: the pool
        ("L-36", "2026-08-03T10:20:00+08:00"),   # 张伟 free: his (S-2 S-1 S-3)
    )}
    rows = assign_json(write_records(tmp_path, files), "--as-of", "2026-08-03T23:00")
    assert owners(rows) == {"L-31": "S-1", "L-32": "S-3", "L-33": None, "L-34": "S-1", "L-35": None, "L-36": "S-3"}
    got = by_lead(rows)
    assert "王芳 (S-1) busy with a walk-in since 09:00 (A5, busy_minutes 60)" in got["L-33"]["reason"]
    assert "张伟 (S-3) busy with a walk-in since 09:20 (A5, busy_minutes 60)" in got["L-35"]["reason"]


# ----------------------------------------------------------------------------- A8 (seed 003)
def _received(lid: str, to: str, when: str, logged: str = "") -> dict:
    entry = f"{{when: {when}, by: salesctl, from: null, to: {to}, rule: A1, why: capacity" + (f", logged: {logged}" if logged else "") + "}"
    return {f"leads/{lid}.yaml": f"id: {lid}\nname: 客户{lid}\nsource: phone\ncreated: {when}\nteam: T-3\nowner: {to}\nlog:\n  - {entry}\n"}


SUPPLY = {
    "teams/T-3.yaml": "id: T-3\nname: 电销一组\nleader: S-6\nchannel: telesales\n",
    "staff/S-6.yaml": "id: S-6\nname: 组长\nteam: T-3\nrole: leader\nchannel: telesales\njoined: 2025-01-01\n",
    "staff/S-7.yaml": ("id: S-7\nname: 专员甲\nteam: T-3\nchannel: telesales\njoined: 2025-01-01\n"
                       "leave:\n  - {start: 2026-08-20, end: 2026-08-21, why: 年假}\n"),
    "staff/S-8.yaml": "id: S-8\nname: 专员乙\nteam: T-3\nchannel: telesales\njoined: 2026-08-05\n",
    # S-7: week 07-27..08-02 three, 08-03..09 three, 08-10..16 one, 08-17..23 two (one given on 08-14
    # but written by the run on 08-17: it counts from then), 08-24..30 none
    **_received("L-41", "S-7", "2026-07-28T10:00:00+08:00"), **_received("L-42", "S-7", "2026-07-29T10:00:00+08:00"),
    **_received("L-43", "S-7", "2026-07-30T10:00:00+08:00"),
    **_received("L-44", "S-7", "2026-08-03T10:00:00+08:00"), **_received("L-45", "S-7", "2026-08-04T10:00:00+08:00"),
    **_received("L-46", "S-7", "2026-08-07T10:00:00+08:00"),
    **_received("L-47", "S-7", "2026-08-11T10:00:00+08:00"),
    **_received("L-48", "S-7", "2026-08-14T10:00:00+08:00", logged="2026-08-17T09:00:00+08:00"),
    **_received("L-49", "S-7", "2026-08-18T10:00:00+08:00"),
    # S-8 joined Wednesday 08-05: held from the week 08-10..16 on; three leads given when they were
    # added (an owner and no log), three with log entries, then two
    **{f"leads/L-5{i}.yaml": f"id: L-5{i}\nname: 客户5{i}\nsource: phone\ncreated: 2026-08-1{i}T10:00:00+08:00\nteam: T-3\nowner: S-8\n"
       for i in (1, 2, 3)},
    **_received("L-54", "S-8", "2026-08-17T10:00:00+08:00"), **_received("L-55", "S-8", "2026-08-18T10:00:00+08:00"),
    **_received("L-56", "S-8", "2026-08-19T10:00:00+08:00"),
    **_received("L-57", "S-8", "2026-08-24T10:00:00+08:00"), **_received("L-58", "S-8", "2026-08-25T10:00:00+08:00"),
}


def test_a8_a_week_short_of_new_leads_is_flagged(tmp_path):
    from helpers import load_records
    from salesctl.engines.payout import payout_month

    # 「确保每位成员都有足够的客户进行沟通」 with assign.weekly_supply_minimum 3, the weeks (Monday to
    # Sunday) ending in August 2026, for members (limits.minimum_roles; the leader S-6 is not held):
    #   S-7 07-27..08-02 3 ok; 08-03..09 3 ok; 08-10..16 1 < 3 flagged;
    #       08-17..23 on leave Thu and Fri: 3 x 3/5 = 1.8 needed, 2 received ok; 08-24..30 0 < 3 flagged.
    #   S-8 joined 08-05, so from 08-10..16: 3 ok (given when added); 08-17..23 3 ok; 08-24..30 2 < 3 flagged.
    records = load_records(write_records(tmp_path, {**SUPPLY, **policy(weekly_supply_minimum=3)}))
    got = [(x.staff, x.rule, x.kind, x.evidence[0], x.arithmetic)
           for x in payout_month(records, "2026-08").lines if x.code == "short-supply"]
    assert got == [
        ("S-7", "A8", "flag", "week 2026-08-10..2026-08-16", "1 received < 3"),
        ("S-7", "A8", "flag", "week 2026-08-24..2026-08-30", "0 received < 3"),
        ("S-8", "A8", "flag", "week 2026-08-24..2026-08-30", "2 received < 3"),
    ]
    line = next(x for x in payout_month(records, "2026-08").lines if x.code == "short-supply")
    assert line.what == "fewer than 3 new leads received in the week 2026-08-10 to 2026-08-16"
    assert line.evidence == ("week 2026-08-10..2026-08-16", "L-47 2026-08-11")


def test_a8_no_minimum_by_default_no_flag(tmp_path):
    from helpers import load_records
    from salesctl.engines.payout import payout_month

    records = load_records(write_records(tmp_path, SUPPLY))
    assert [x for x in payout_month(records, "2026-08").lines if x.code == "short-supply"] == []
