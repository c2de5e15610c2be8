"""O4 (002): a shift swap or leaving the post needs the supervisor's arrangement, otherwise it counts as
absence (「必须通知其主管,由主管做出安排后,方可执行,否则,按旷工处理」, fed to P5); the post is never left empty
during opening hours (「在营业时间内绝不能缺岗」). Worked by hand on a small club: S-1 works the early shift
(09:00-15:30) and S-2 the late one (14:30-22:00) Monday to Friday; S-5 manages 会籍部."""
from __future__ import annotations

from decimal import Decimal

from helpers import cli, git, load_records, make_repo, run, write_records
from salesctl.engines.payout import duties, payout_month
from salesctl.engines.payout.context import build_context
from salesctl.domain.duty import Duty

WEEK = "{mon: %s, tue: %s, wed: %s, thu: %s, fri: %s}"
CLUB = {
    "teams/T-1.yaml": "id: T-1\nname: 会籍一组\nleader: S-1\ndepartment: 会籍部\nchannel: inside\n",
    "staff/S-1.yaml": f"id: S-1\nname: 王芳\nteam: T-1\nrole: leader\nchannel: inside\njoined: 2025-01-01\nshifts: {WEEK % (('early',) * 5)}\n",
    "staff/S-2.yaml": f"id: S-2\nname: 李雷\nteam: T-1\nchannel: inside\njoined: 2025-01-01\nshifts: {WEEK % (('late',) * 5)}\n",
    "staff/S-5.yaml": "id: S-5\nname: 赵敏\ndepartment: 会籍部\nrole: manager\nchannel: inside\njoined: 2024-01-01\n",
}
# opening hours Monday to Friday only: the two shifts cover 09:00-22:00 between them (14:30-15:30 both)
POLICY = "limits:\n  opening_hours: {sat: closed, sun: null}\n"

# Tue 8 Sep: S-2 swaps to the early shift with S-1, unarranged (S-1 keeps early: 15:30-22:00 nobody on post);
# Thu 10 Sep: S-1 leaves the post 10:00-11:00 unarranged (nobody else before 14:30);
# Tue 15 Sep: S-1 and S-2 swap shifts, arranged by the manager S-5: covered, not absence.
ATTENDANCE = {
    "attendance/2026-09/S-2.yaml": ("- date: 2026-09-08\n  swap: {with: S-1, shift: early}\n"
                                    "- date: 2026-09-15\n  swap: {with: S-1, shift: early, approved_by: S-5}\n"),
    "attendance/2026-09/S-1.yaml": ("- date: 2026-09-10\n  off_post:\n    - {from: \"10:00\", to: \"11:00\", why: 取快递}\n"
                                    "- date: 2026-09-15\n  swap: {with: S-2, shift: late, approved_by: S-5}\n"),
}


def ctx(tmp_path, files=None, policy=POLICY, month="2026-09"):
    root = write_records(tmp_path / "records", {**CLUB, **ATTENDANCE, **(files or {}), "salesctl.yaml": policy})
    return build_context(load_records(root), month)


def test_duty_knows_the_swapped_shift_and_the_time_off_post(tmp_path):
    c = ctx(tmp_path)
    clock = Duty(c.policy, c.records.attendance_by_staff)
    s1, s2 = c.records.staff["S-1"], c.records.staff["S-2"]
    import datetime as dt
    tue8, thu10, tue15 = dt.date(2026, 9, 8), dt.date(2026, 9, 10), dt.date(2026, 9, 15)
    assert clock.shift_name(s2, tue8) == "early" and clock.shift_name(s1, tue8) == "early"
    assert clock.on_post(s2, tue8, 10 * 60) is None                       # working the early shift
    assert clock.on_post(s2, tue8, 20 * 60) == "off shift (early 09:00-15:30)"
    assert clock.on_post(s1, thu10, 10 * 60 + 30) == "off post 10:00-11:00"
    assert (clock.shift_name(s1, tue15), clock.shift_name(s2, tue15)) == ("late", "early")
    assert Duty(c.policy).on_post(s2, tue8, 20 * 60) is None              # without the attendance: the staff record's late


def test_an_unarranged_swap_counts_as_a_full_day_absent_in_p5_an_arranged_one_not(tmp_path):
    c = ctx(tmp_path)
    lines = payout_month(c.records, "2026-09").lines
    p5 = [(x.staff, x.code, x.amount) for x in lines if x.rule == "P5" and x.kind == "deduction"]
    # payout.full_day_deduction 200 (limits.swap_absence full), half_day_deduction 100 (limits.off_post_absence half)
    assert p5 == [("S-1", "half-day", Decimal("-100.00")), ("S-2", "full-day", Decimal("-200.00"))]
    [full] = [x for x in lines if x.staff == "S-2" and x.code == "full-day"]
    assert full.arithmetic == ("1 x 200.00 = 200.00 deducted, plus that day's pay for 1 day (2026-09-08), computed by payroll")
    assert full.evidence == ("2026-09-08 shift swap (early, with S-1) not arranged by the supervisor: O4, counted as a full "
                             "day absent, 按旷工处理 (attendance/2026-09/S-2.yaml:1)",)
    [days] = [x for x in lines if x.staff == "S-2" and x.code == "absent-days"]
    assert days.days == 1
    assert [x.staff for x in lines if x.code == "warning"] == ["S-2"]       # a full day absent earns a warning (003's P5)
    # the arranged swap of the 15th is nowhere
    assert not [x for x in lines if "2026-09-15" in " ".join(x.evidence) + x.arithmetic]


def test_o4_flags_the_unarranged_days_even_where_p5_is_off(tmp_path):
    c = ctx(tmp_path, policy=POLICY + "rules:\n  P5: off\n")
    lines = payout_month(c.records, "2026-09").lines
    assert not [x for x in lines if x.rule == "P5"]
    got = {x.staff: (x.what, x.arithmetic, x.evidence) for x in lines if x.code == "unarranged"}
    assert got == {
        "S-1": ("1 day with a shift swap or time off the post not arranged by the supervisor: counted as absence (按旷工处理)",
                "2026-09-10 off post 10:00-11:00 not arranged by the supervisor: absent 0.5 day",
                ("attendance/2026-09/S-1.yaml:1",)),
        "S-2": ("1 day with a shift swap or time off the post not arranged by the supervisor: counted as absence (按旷工处理)",
                "2026-09-08 shift swap (early, with S-1) not arranged by the supervisor: absent 1 day",
                ("attendance/2026-09/S-2.yaml:1",)),
    }


def test_the_stretches_with_nobody_inside_on_post_are_flagged_on_the_manager(tmp_path):
    c = ctx(tmp_path).for_rule("O4")
    [line] = duties.o4_post_coverage(c)
    assert (line.staff, line.code, line.rule) == ("S-5", "post-uncovered", "O4")
    assert line.what == "the post was left empty during opening hours on 2 days (会籍部): no inside consultant on post"
    assert line.evidence == (
        "2026-09-08 15:30-22:00 (S-1 off shift (early 09:00-15:30); S-2 off shift (early 09:00-15:30))",
        "2026-09-10 10:00-11:00 (S-1 off post 10:00-11:00; S-2 off shift (late 14:30-22:00))",
    )
    assert line.arithmetic == "2 stretch(es), 450 min in all"     # 6 h 30 + 1 h


def test_coverage_breaks_leave_and_absence(tmp_path):
    # S-2 on leave Mon 21 Sep (a leave period) and absent Wed 23 Sep: the early shift alone, 09:00-15:30. S-2's
    # file no longer has the swap of the 15th, S-1's still does: both on the late shift that day, 09:00-14:30 empty
    files = {"staff/S-2.yaml": CLUB["staff/S-2.yaml"] + "leave:\n  - {start: 2026-09-21, end: 2026-09-21, approved_by: S-5}\n",
             "attendance/2026-09/S-2.yaml": "- date: 2026-09-23\n  absent: full\n"}
    [line] = duties.o4_post_coverage(ctx(tmp_path, files).for_rule("O4"))
    assert [e.split(" (")[0] for e in line.evidence] == ["2026-09-10 10:00-11:00", "2026-09-15 09:00-14:30",
                                                          "2026-09-21 15:30-22:00", "2026-09-23 15:30-22:00"]
    assert line.evidence[1] == "2026-09-15 09:00-14:30 (S-1 off shift (late 14:30-22:00); S-2 off shift (late 14:30-22:00))"
    assert line.evidence[2] == "2026-09-21 15:30-22:00 (S-1 off shift (early 09:00-15:30); S-2 on leave 2026-09-21..2026-09-21)"
    assert "S-2 absent on 2026-09-23 (attendance)" in line.evidence[3]
    # limits.coverage_breaks: the early shift's 12:00-12:30 has nobody else on post every open day
    c = ctx(tmp_path / "b", files, POLICY + "  coverage_breaks: true\n").for_rule("O4")
    [line] = duties.o4_post_coverage(c)
    assert sum("12:00-12:30" in e for e in line.evidence) == 21   # 22 weekdays of September, less the 15th (09:00-14:30 empty)
    # closed every day, or the rule off: nothing
    closed = "limits:\n  opening_hours: " + (WEEK % (("closed",) * 5))[:-1] + ", sat: closed, sun: closed}\n"
    assert duties.o4_post_coverage(ctx(tmp_path / "c", files, closed).for_rule("O4")) == []
    off = ctx(tmp_path / "d", files, POLICY + "rules:\n  O4: off\n")
    assert not [x for x in payout_month(off.records, "2026-09").lines if x.rule == "O4"]


def test_the_rotation_skips_who_swapped_away_and_takes_who_swapped_in(tmp_path):
    # A walk-in at 20:00 on Tue 8 Sep: S-2 swapped to the early shift and S-1 works early: nobody on duty
    import datetime as dt
    from salesctl.engines.assign import assign as run_assign
    c = ctx(tmp_path)
    clock = Duty(c.policy, c.records.attendance_by_staff)
    z = clock.tz
    assert clock.why_off(c.records.staff["S-2"], dt.datetime(2026, 9, 8, 20, tzinfo=z)) == "off shift (early 09:00-15:30)"
    assert clock.why_off(c.records.staff["S-2"], dt.datetime(2026, 9, 8, 10, tzinfo=z)) is None
    assert callable(run_assign)


# ----------------------------------------------------------------------------- the commands
def repo(tmp_path):
    return make_repo(tmp_path / "records", {**CLUB, "salesctl.yaml": POLICY})


def test_attendance_add_and_set_a_swap_and_time_off_post(tmp_path):
    root = repo(tmp_path)
    cli(root, "attendance", "add", "staff=S-2", "date=2026-09-08", "swap.with=S-1", "swap.shift=early")
    cli(root, "attendance", "set", "S-2:2026-09-08", "swap.approved_by=S-5")
    assert "approved_by: S-5" in (root / "attendance/2026-09/S-2.yaml").read_text()
    cli(root, "attendance", "add", "staff=S-1", "date=2026-09-10", 'off_post=[{from: "10:00", to: "11:00", approved_by: S-5}]')
    text = (root / "attendance/2026-09/S-1.yaml").read_text()
    assert "off_post:" in text and "10:00" in text
    assert "attendance set" in git(root, "log", "--format=%s", "-n", "3")
    lines = payout_month(load_records(root), "2026-09").lines
    assert not [x for x in lines if x.rule in ("O4", "P5") and x.code != "post-uncovered"]


def _refused(root, *args):
    before = git(root, "rev-parse", "HEAD")
    r = run(*args, records=root)
    assert r.exit_code != 0, r.stdout
    assert git(root, "rev-parse", "HEAD") == before and not git(root, "status", "--porcelain")
    return r.stderr


def test_bad_swaps_and_off_post_stretches_are_refused_with_their_line(tmp_path):
    root = repo(tmp_path)
    cli(root, "attendance", "add", "staff=S-2", "date=2026-09-08", "late_minutes=5")
    err = _refused(root, "attendance", "set", "S-2:2026-09-08", "swap.with=S-9", "swap.shift=early")
    assert "attendance/2026-09/S-2.yaml:" in err and "error:" in err and "swap.with S-9: no such staff" in err
    err = _refused(root, "attendance", "set", "S-2:2026-09-08", "swap.with=S-1", "swap.shift=night")
    assert "swap shift 'night' is not defined in the policy (defined: early, late, day, or off)" in err
    err = _refused(root, "attendance", "set", "S-2:2026-09-08", 'off_post=[{from: "15:00", to: "14:00"}]')
    assert "attendance/2026-09/S-2.yaml:" in err and "off_post from 15:00 is not before to 14:00" in err
    err = _refused(root, "attendance", "set", "S-2:2026-09-08", 'off_post=[{from: "9:00", to: "10:00"}]')
    assert "error:" in err and "off_post" in err
    err = _refused(root, "attendance", "set", "S-2:2026-09-08", 'off_post=[{from: "10:00", to: "11:00", approved_by: S-7}]')
    assert "off_post[1].approved_by S-7: no such staff" in err
    err = _refused(root, "attendance", "set", "S-2:2026-09-08", "swap.with=S-2", "swap.shift=early")
    assert "a person cannot swap with themselves" in err


def test_check_warns_of_an_approver_who_does_not_arrange_their_shifts(tmp_path):
    root = repo(tmp_path)
    write_records(root, {"staff/S-3.yaml": "id: S-3\nname: 孙丽\nteam: T-1\nchannel: inside\njoined: 2025-01-01\n",
                         "attendance/2026-09/S-2.yaml": "- date: 2026-09-08\n  swap: {with: S-1, shift: early, approved_by: S-3}\n"})
    r = run("check", records=root)
    assert "attendance/2026-09/S-2.yaml:2: warning: approved_by S-3: not the leader, deputy or manager of S-2" in r.stdout + r.stderr


def test_attendance_off_post_adds_a_stretch_and_refuses_bad_ones(tmp_path):
    root = repo(tmp_path)
    cli(root, "attendance", "off-post", "S-1:2026-09-10", "from=10:00", "to=11:00", "why=取快递")   # writes the day
    cli(root, "attendance", "off-post", "S-1:2026-09-10", "from=16:00", "to=16:30", "approved_by=S-5")
    a = [x for x in load_records(root).attendance if x.staff == "S-1"]
    assert [(o.from_, o.to, o.approved_by) for o in a[0].off_post] == [("10:00", "11:00", None), ("16:00", "16:30", "S-5")]
    assert git(root, "log", "-1", "--format=%s").startswith("attendance off-post: S-1:2026-09-10 + {from: 16:00")
    err = _refused(root, "attendance", "off-post", "S-1:2026-09-10", "from=9:00", "to=10:00")
    assert "attendance/2026-09/S-1.yaml:" in err and "expected a time of day HH:MM (24-hour clock, e.g. 09:30), got '9:00'" in err
    err = _refused(root, "attendance", "off-post", "S-1:2026-09-10", "from=12:00", "to=12:00")
    assert "off_post from 12:00 is not before to 12:00" in err
    err = _refused(root, "attendance", "off-post", "S-1:2026-09-10", "from=10:30", "to=10:45")
    assert "off_post 10:30-10:45 overlaps off_post[1]" in err
    err = _refused(root, "attendance", "off-post", "S-9:2026-09-10", "from=10:00", "to=11:00")
    assert "attendance/2026-09/S-9.yaml:1: error: no staff S-9" in err
