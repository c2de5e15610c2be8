"""The preset membership-consultant (seed 002 销售管理制度(会籍顾问SOP)) used as a new admin would:
`salesctl init DIR --preset membership-consultant`, the example records deleted as the README says,
one month (August 2026) of a small gym's records entered with the record commands, `assign`, `close`,
then `split`, `score` and `payout` compared with tables worked out by hand from the rule book.

The club: department 会籍部, team T-0001 会籍一组 (inside 内销: 王芳 S-0001 leader on the day shift,
李雷 S-0002 on the late shift 晚班, 张伟 S-0003 on the early shift 早班) and team T-0002 外销组 (outside
外销: 欧阳娜娜 S-0004). Every record is made by a command (no hand-written YAML): team/staff/lead/visit/
deal/attendance/review add, team set, assign. The hand tables quote the seed 「…」 and show the arithmetic.
"""
from __future__ import annotations

import json
import shlex
from decimal import Decimal

import pytest

from helpers import add, cli, git, run, payroll

MONTH = "2026-08"   # Mon 08-03 ... Mon 08-31: 21 working days Monday to Friday


# ----------------------------------------------------------------------------- commands
def as_json(root, *args: str):
    """A command's --format json, money read exact (Decimal)."""
    return json.loads(cli(root, *args, "--format", "json"), parse_float=Decimal)


WEEK = "{mon: %s, tue: %s, wed: %s, thu: %s, fri: %s}"


def at(day: int, hhmm: str) -> str:
    return f"2026-08-{day:02d}T{hhmm}"


def organisation(root) -> None:
    assert add(root, "team", name="会籍一组", department="会籍部", channel="inside") == "T-0001"
    assert add(root, "team", name="外销组", department="会籍部", channel="outside") == "T-0002"
    people = [  # O2 「值早班会籍」「值晚班会籍」: the preset's early/late shifts; the leader (主管) on its day shift
        dict(name="王芳", team="T-0001", role="leader", channel="inside", shifts=WEEK % (("day",) * 5), targets="{2026-08: 16000}"),
        dict(name="李雷", team="T-0001", channel="inside", shifts=WEEK % (("late",) * 5),
             targets="{2026-06: 10000, 2026-07: 10000, 2026-08: 10000}"),
        dict(name="张伟", team="T-0001", channel="inside", shifts=WEEK % (("early",) * 5), targets="{2026-08: 9000}"),
        dict(name="欧阳娜娜", team="T-0002", channel="outside", targets="{2026-08: 12000}",
             leave="[{start: 2026-08-06, end: 2026-08-31, why: 婚假}]"),
    ]
    for i, p in enumerate(people, 1):
        assert add(root, "staff", joined="2025-01-01", **p) == f"S-{i:04d}"
    cli(root, "team", "set", "T-0001", "leader=S-0001")


def leads(root) -> None:
    """The walk-ins of Monday 08-03 wait in the shared pool (公海) for `assign`; members and the
    outside consultant's customers have their owner already."""
    walk_ins = [  # (id, name, arrival, extra fields)
        ("L-0001", "客户甲一", at(3, "10:00"), {}),
        ("L-0002", "客户乙二", at(3, "10:30"), {}),
        ("L-0003", "客户丙三", at(3, "12:40"), {}),
        ("L-0004", "客户丁四", at(3, "14:35"), {}),
        ("L-0005", "客户戊五", at(3, "14:40"), {"designated": "S-0001"}),                    # 叫出销售顾问的名字
        ("L-0006", "客户己六", at(3, "14:50"), {}),
        ("L-0007", "客户庚七", at(3, "16:00"), {"voucher": "{kind: campaign, code: GIFT-88}"}),  # 公司派送礼品券
        ("L-0008", "客户辛八", at(3, "19:00"), {"voucher": "{kind: consultant, staff: S-0002, code: TRY-02}"}),  # 试用券
        ("L-0009", "客户壬九", at(3, "20:10"), {"voucher": "{kind: consultant, staff: S-0003, code: TRY-03}"}),
    ]
    for lid, name, when, extra in walk_ins:
        assert add(root, "lead", name=name, source="walk-in", created=when, **extra) == lid
    owned = [  # (id, fields)
        ("L-0010", dict(name="老会员周", source="walk-in", created="2026-02-10T10:00", team="T-0001", owner="S-0002")),
        ("L-0011", dict(name="外销客户甲", source="flyer", created="2026-07-20T10:00", team="T-0002", owner="S-0004")),
        ("L-0012", dict(name="甲的朋友乙", source="walk-in", created=at(20, "20:00"), referred_by="L-0011")),
        ("L-0013", dict(name="外销客户丙", source="flyer", created=at(3, "09:00"), team="T-0002", owner="S-0004")),
        ("L-0014", dict(name="会员吴", source="walk-in", created="2026-06-05T10:00", team="T-0001", owner="S-0002")),
    ]
    for lid, fields in owned:
        assert add(root, "lead", **fields) == lid


def visits(root) -> None:
    v = lambda staff, lead, kind, when, **kw: add(root, "visit", staff=staff, lead=lead, kind=kind, at=when, **kw)
    # 欧阳娜娜 (outside): follow-ups before three walk-ins (the weekend before), then her three working days
    # before her leave: three contacts on Monday and Tuesday (one face to face), one on Wednesday (a return visit)
    v("S-0004", "L-0002", "call", at(1, "11:00"), summary="约周一来参观")
    v("S-0004", "L-0007", "call", at(2, "11:00"))
    v("S-0004", "L-0008", "call", at(2, "15:00"))
    for day in (3, 4):
        v("S-0004", "L-0013", "visit" if day == 3 else "call", at(day, "10:00"), **({"rating": 4} if day == 3 else {}))
        v("S-0004", "L-0011", "call", at(day, "16:00"))
        v("S-0004", "L-0011", "call", at(day, "17:00"))
    v("S-0004", "L-0011", "return-visit", at(5, "16:00"), rating=5)
    # 王芳 (leader): five rated contacts, and a complaint answered the same day
    for lead, kind, when, rating in [("L-0001", "tour", at(3, "10:20"), 5), ("L-0005", "tour", at(3, "14:45"), 5),
                                     ("L-0007", "tour", at(3, "16:10"), 4), ("L-0001", "return-visit", at(12, "10:00"), 4),
                                     ("L-0005", "call", at(17, "10:00"), 5)]:
        v("S-0001", lead, kind, when, rating=rating)
    v("S-0001", "L-0001", "complaint", at(11, "10:00"), answered=at(11, "15:00"), resolved=at(12, "11:00"))
    # 李雷: a tour, and a complaint answered 30 hours later (T3 late) and resolved three days after that, within
    # limits.complaint_resolve_days (7)
    v("S-0002", "L-0004", "tour", at(3, "14:40"))
    v("S-0002", "L-0004", "complaint", at(20, "10:00"), answered=at(21, "16:00"), resolved=at(24, "12:00"),
      rating=2)
    # 张伟: the tour of 客户丙三 (who later pays 王芳), a need confirmed and never quoted
    v("S-0003", "L-0002", "tour", at(3, "10:40"), rating=4)
    v("S-0003", "L-0003", "tour", at(3, "12:50"), rating=3)
    v("S-0003", "L-0006", "need-confirmed", at(5, "11:00"))
    v("S-0003", "L-0006", "call", at(6, "10:00"), rating=2)
    v("S-0003", "L-0010", "visit", at(12, "10:00"), rating=5, summary="收续卡定金")


def deals(root) -> None:
    d = lambda lead, amount, signed, payer, kind="new", **kw: add(
        root, "deal", lead=lead, kind=kind, product="会员卡", amount=amount, signed=signed,
        payment__date=signed, payment__taken_by=payer, **kw)
    d("L-0001", "5000.00", "2026-08-03", "S-0001")
    d("L-0002", "3333.33", "2026-08-04", "S-0003")
    d("L-0003", "2680.00", "2026-08-10", "S-0001")
    d("L-0004", "3680.00", "2026-08-03", "S-0002")
    d("L-0005", "6800.00", "2026-08-03", "S-0001")
    d("L-0006", "1999.99", "2026-08-07", "S-0003")
    d("L-0007", "3000.00", "2026-08-03", "S-0001")
    d("L-0008", "4500.00", "2026-08-03", "S-0002")
    d("L-0010", "6800.00", "2026-08-15", "S-0001", kind="renewal",
      deposit__amount="1000", deposit__date="2026-08-12", deposit__taken_by="S-0003")
    d("L-0014", "800.00", "2026-08-18", "S-0002", kind="transfer")
    d("L-0012", "1999.99", "2026-08-20", "S-0002")
    d("L-0013", "15000.00", "2026-08-05", "S-0004")
    d("L-0014", "6000.00", "2026-06-10", "S-0002")                   # 李雷 below target in June …
    d("L-0014", "7000.00", "2026-07-15", "S-0002", kind="product")   # … and July (P3)


def reviews_and_attendance(root) -> None:
    add(root, "review", staff="S-0001", month=MONTH, self_rating=90, leader_rating=90)
    add(root, "review", staff="S-0002", month=MONTH, self_rating=80, leader_rating=50,
        peers="[{by: S-0001, teamwork: 60, sharing: 60, helping: 60}]")
    add(root, "review", staff="S-0003", month=MONTH, self_rating=85, leader_rating=80, training_score=50,
        peers="[{by: S-0002, teamwork: 70, sharing: 80, helping: 90}, {by: S-0004, teamwork: 100}]")
    add(root, "review", staff="S-0004", month=MONTH, self_rating=90, leader_rating=90)
    add(root, "attendance", staff="S-0003", date="2026-08-06", late_minutes=10)
    add(root, "attendance", staff="S-0002", date="2026-08-07", absent="full")


@pytest.fixture(scope="module")
def club(tmp_path_factory):
    """What assign printed, and split, score and payout (json) of the closed month."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(tmp_path_factory.mktemp("home")))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        for k in ("SALESCTL_RECORDS", "SALESCTL_AUTHOR"):
            mp.delenv(k, raising=False)
        for k, v in {"GIT_AUTHOR_NAME": "Test Admin", "GIT_AUTHOR_EMAIL": "admin@example.com",
                     "GIT_COMMITTER_NAME": "Test Admin", "GIT_COMMITTER_EMAIL": "admin@example.com"}.items():
            mp.setenv(k, v)
        root = tmp_path_factory.mktemp("gym") / "records"
        result = run("init", str(root), "--preset", "membership-consultant")
        assert result.exit_code == 0, result.stderr
        for line in (root / "README.md").read_text(encoding="utf-8").splitlines():
            if line.startswith("$ git "):   # the README's first step: delete the example records
                git(root, *shlex.split(line[2:])[1:])
            if line.startswith("$ git commit"):
                break
        assert "EXAMPLE" not in git(root, "ls-files")
        # the preset writes its reasons in Chinese (general.language zh); this test reads them in English
        # (tests/test_reasons_language.py checks the policy's language decides)
        policy = root / "salesctl.yaml"
        assert "general:" not in policy.read_text(encoding="utf-8")
        policy.write_text(policy.read_text(encoding="utf-8") + "general:\n  language: en\n", encoding="utf-8")
        git(root, "commit", "-qam", "reasons in English")
        organisation(root)
        leads(root)
        assigned = as_json(root, "assign", "--as-of", "2026-08-31")
        visits(root)
        deals(root)
        reviews_and_attendance(root)
        cli(root, "close", "--month", MONTH)
        out = {"assign": assigned}
        for name, args in {"split": ("split", "--month", MONTH), "split_staff": ("split", "--month", MONTH, "--by", "staff"),
                           "score": ("score", "--month", MONTH), "payout": ("payout", "--month", MONTH),
                           "payout_staff": ("payout", "--month", MONTH, "--by", "staff")}.items():
            out[name] = as_json(root, *args)
        out["payout_staff"] = payroll(root, "--month", MONTH)
        yield out


# ----------------------------------------------------------------------------- A: who serves a walk-in
# Monday 08-03. Shifts (the preset's hours): 王芳 day 09:00-18:00 (meal 12:00-13:00), 李雷 late 14:30-22:00
# (meal 18:00-18:30), 张伟 early 09:00-15:30 (meal 12:00-12:30). The queue starts in staff-id order
# S-0001, S-0002, S-0003; assign.busy_minutes 60 (A5, the preset's number).
ASSIGNED = [
    # A2 「内销顾问之间采用公平轮客制度」: 王芳 first in the queue -> queue S-0002, S-0003, S-0001
    ("L-0001", "S-0001", "A2", "fair rotation in T-0001: 王芳 (S-0001)'s turn"),
    # A4 「内销顾问不在岗,则不予轮客」: 李雷's shift starts 14:30, he keeps his place; 张伟 -> S-0002, S-0001, S-0003
    ("L-0002", "S-0003", "A2", "张伟 (S-0003)'s turn; skipped, keeping their place: 李雷 (S-0002) off shift (late 14:30-22:00)"),
    # A4 「(如:就餐)」: 12:40, 王芳 at her meal 12:00-13:00, 张伟 back from his (12:30) -> S-0002, S-0001, S-0003
    ("L-0003", "S-0003", "A2", "李雷 (S-0002) off shift (late 14:30-22:00); 王芳 (S-0001) on a break 12:00-13:00 (day)"),
    # 14:35: 李雷 on post, first in the queue -> S-0001, S-0003, S-0002
    ("L-0004", "S-0002", "A2", "fair rotation in T-0001: 李雷 (S-0002)'s turn"),
    # A3 「叫出销售顾问的名字,此类客人视为该销售的当日指定客」「指定客不算轮客」: queue unchanged
    ("L-0005", "S-0001", "A3", "designated customer of 王芳 (S-0001) (asked for by name or booked); not a rotation turn"),
    # A5 「跟完现有的客人送出俱乐部,方可再跟其它客人」: 王芳 took 客户戊五 at 14:40, 10 minutes ago -> 张伟
    ("L-0006", "S-0003", "A2", "skipped, keeping their place: 王芳 (S-0001) busy with a walk-in since 14:40 (A5, busy_minutes 60)"),
    # A6 「持有公司派送礼品券或赠送卡类的客人视为新客」: a new customer, by the rotation (王芳 free again at 15:40)
    ("L-0007", "S-0001", "A2", "campaign voucher: a new customer (A6); to team T-0001 by route walk-in -> inside; fair rotation in T-0001: 王芳 (S-0001)'s turn"),
    # A3 「新客户出示试用券…视为该销售的当日指定客」: 李雷's trial voucher, on his shift
    ("L-0008", "S-0002", "A3", "designated customer of 李雷 (S-0002) (showed their consultant voucher TRY-02); not a rotation turn"),
    # 08-20 20:00 (Thursday): only 李雷 is on post
    ("L-0012", "S-0002", "A2", "fair rotation in T-0001: 李雷 (S-0002)'s turn"),
]


def test_assign_walk_in_rotation_designated_meal_busy_and_gift_voucher(club):
    rows = {r["lead"]: r for r in club["assign"]}
    assert [r["lead"] for r in club["assign"]] == [f"L-000{i}" for i in range(1, 10)] + ["L-0012"]  # the pool, by arrival
    for lead, owner, rule, words in ASSIGNED:
        assert (rows[lead]["team"], rows[lead]["owner"], rows[lead]["rule"]) == ("T-0001", owner, rule), lead
        assert words in rows[lead]["reason"], (lead, rows[lead]["reason"])


def test_a7_an_off_duty_consultant_takes_no_walk_in_that_was_not_booked(club):
    # A7 「已下班顾问不得在公司接单,与客户事先预约好除外」: 客户壬九 shows 张伟's trial voucher at 20:10;
    # 张伟's early shift ended at 15:30 and a voucher is no booking, so the rotation serves: queue S-0002,
    # S-0003, S-0001; 李雷 on post and free (his 19:00 customer is 70 minutes ago) -> 李雷
    row = next(r for r in club["assign"] if r["lead"] == "L-0009")
    assert (row["owner"], row["rule"]) == ("S-0002", "A2")


# ----------------------------------------------------------------------------- S: who is credited
SPLIT = [  # (deal, date, customer, amount, staff, share, credited, rule), in date then deal order
    # S2 「内销顾问跟散客以付款为准」: 王芳 took the payment
    ("D-0001", "2026-08-03", "客户甲一", "5000.00", "S-0001", "100.00", "5000.00", "S2"),
    ("D-0004", "2026-08-03", "客户丁四", "3680.00", "S-0002", "100.00", "3680.00", "S2"),
    # a designated customer (A3) is no S3 case; the payment decides
    ("D-0005", "2026-08-03", "客户戊五", "6800.00", "S-0001", "100.00", "6800.00", "S2"),
    # A6 「持有公司派送礼品券…视为新客」: 欧阳娜娜's call of 08-02 gives her nothing
    ("D-0007", "2026-08-03", "客户庚七", "3000.00", "S-0001", "100.00", "3000.00", "S2"),
    # S3 「客人未拿试用券或名片」: this one showed 李雷's trial voucher, so 欧阳娜娜's call of 08-02 gives nothing
    ("D-0008", "2026-08-03", "客户辛八", "4500.00", "S-0002", "100.00", "4500.00", "S2"),
    # S3 「如外销人员有此客人的有效跟踪记录,则外销得业绩70%,内销得业绩30%」: 欧阳娜娜 called on 08-01, before
    # the walk-in, 3 days before signing (split.follow_up_days 30): 70% x 3333.33 = 2333.331 -> 2333.33,
    # 30% = 999.999 -> 999.99, the cent left to the larger remainder (0.009): 1000.00; 2333.33 + 1000.00 = 3333.33
    ("D-0002", "2026-08-04", "客户乙二", "3333.33", "S-0004", "70.00", "2333.33", "S3"),
    ("D-0002", "2026-08-04", "客户乙二", "3333.33", "S-0003", "30.00", "1000.00", "S3"),
    ("D-0012", "2026-08-05", "外销客户丙", "15000.00", "S-0004", "100.00", "15000.00", "S2"),
    ("D-0006", "2026-08-07", "客户己六", "1999.99", "S-0003", "100.00", "1999.99", "S2"),
    # S2 「“跟踪客人记录”只作为内销顾问个人对客户管理的一种方法,不完全作为判定业绩的凭据」: 张伟 owns 客户丙三 and
    # toured him; 王芳 took the payment
    ("D-0003", "2026-08-10", "客户丙三", "2680.00", "S-0001", "100.00", "2680.00", "S2"),
    # S1 「会员转卡、再开卡、购买产品等以交付定金为准」: renewal, 张伟 took the deposit (08-12), 王芳 the payment,
    # 李雷 owns the member: all to 张伟
    ("D-0009", "2026-08-15", "老会员周", "6800.00", "S-0003", "100.00", "6800.00", "S1"),
    # S1 转卡 without a deposit: the payment taker (the preset's [deposit_taker, payment_taker])
    ("D-0010", "2026-08-18", "会员吴", "800.00", "S-0002", "100.00", "800.00", "S1"),
    # S4 「外销的跟踪客人甲带其朋友客人乙到俱乐部,由其他销售接待,如甲开卡按…」 (cut off; the preset's 50/50):
    # 1999.99 / 2 = 999.995 each, the tied cent to the rule's first share: 1000.00 + 999.99
    ("D-0011", "2026-08-20", "甲的朋友乙", "1999.99", "S-0004", "50.00", "1000.00", "S4"),
    ("D-0011", "2026-08-20", "甲的朋友乙", "1999.99", "S-0002", "50.00", "999.99", "S4"),
]
KEYS = ("deal", "date", "customer", "amount", "staff", "share", "credited", "rule")


def test_split_of_the_month_by_the_rule_book(club):
    assert [tuple(str(r[k]) if k in ("deal", "date", "customer", "staff", "rule") else f"{r[k]:.2f}" for k in KEYS)
            for r in club["split"]] == SPLIT


def test_split_by_staff_adds_up_to_every_deal_to_the_cent(club):
    # S5: every sale credited in full. 王芳 5000 + 6800 + 3000 + 2680 = 17480.00; 李雷 3680 + 4500 + 800 + 999.99
    # = 9979.99; 张伟 1000.00 + 1999.99 + 6800 = 9799.99; 欧阳娜娜 2333.33 + 15000 + 1000.00 = 18333.33
    got = {r["person"]: (r["credited"], r["S1"], r["S2"], r["S3"], r["S4"]) for r in club["split_staff"]}
    assert got == {
        "S-0001": (Decimal("17480.00"), 0, Decimal("17480.00"), 0, 0),
        "S-0002": (Decimal("9979.99"), Decimal("800.00"), Decimal("8180.00"), 0, Decimal("999.99")),
        "S-0003": (Decimal("9799.99"), Decimal("6800.00"), Decimal("1999.99"), Decimal("1000.00"), 0),
        "S-0004": (Decimal("18333.33"), 0, Decimal("15000.00"), Decimal("2333.33"), Decimal("1000.00")),
    }
    assert sum(got[s][0] for s in got) == Decimal("55593.31")   # the twelve August deals


# ----------------------------------------------------------------------------- K: scores and grades
# K4 「月度考核主要考核销售顾问的销售业绩、客户满意度、团队协作等方面」; the preset's items: inside attainment 50
# (cap 1.5), satisfaction 20, rating 30: full marks 75 + 20 + 30 = 125; outside attainment 40 (cap 1.5),
# contacts_per_day 10 (target 2), meetings_per_week 10 (1), return_visits 5 (1), satisfaction 15, rating 20:
# full marks 60 + 10 + 10 + 5 + 15 + 20 = 120. rating = 0.2 self + 0.5 leader + 0.3 peers (over those given).
# K6 「考核结果分为优秀、良好、合格、不合格四个等级」: 90 / 80 / 60.
SCORES = {  # staff: (attainment, satisfaction, rating, composite, grade, team_rank, dept_rank)
    # 17480 / 16000 = 109.25% -> 50 x 1.0925 = 54.625; 5 of 5 ratings >= 4: 100% -> 20; (0.2 x 90 + 0.5 x 90)
    # / 0.7 = 90 -> 27; 100 x 101.625 / 125 = 81.30: good
    "S-0001": ("109.25", "100.00", "90.00", "81.30", "good", 1, 2),
    # 9979.99 / 10000 = 99.7999% -> 49.89995; 0 of 1 rating satisfied -> 0; 0.2 x 80 + 0.5 x 50 + 0.3 x 60 = 59
    # -> 17.7; 100 x 67.59995 / 125 = 54.08: fail
    "S-0002": ("99.80", "0.00", "59.00", "54.08", "fail", 3, 4),
    # 9799.99 / 9000 = 108.88878% -> 54.44439; 2 of 4 ratings >= 4: 50% -> 10; peers ((70 + 80 + 90) / 3 + 100)
    # / 2 = 90, 0.2 x 85 + 0.5 x 80 + 0.3 x 90 = 84 -> 25.2; 100 x 89.64439 / 125 = 71.72: pass
    "S-0003": ("108.89", "50.00", "84.00", "71.72", "pass", 2, 3),
    # 18333.33 / 12000 = 152.78% -> capped 1.5 -> 60; 10 contacts / 3 working days (on leave from 08-06)
    # = 3.33 -> 10; 1 meeting x 5 / 3 = 1.67 a week -> 10; 1 return visit -> 5; 2 of 2 satisfied -> 15; 90 -> 18;
    # 100 x 118 / 120 = 98.33: excellent
    "S-0004": ("152.78", "100.00", "90.00", "98.33", "excellent", 1, 1),
}


def test_scores_and_the_four_grades(club):
    got = {r["staff"]: tuple(f"{r[k]:.2f}" for k in ("attainment", "satisfaction", "rating", "composite"))
           + (r["grade"], r["team_rank"], r["dept_rank"]) for r in club["score"]}
    assert got == SCORES
    outside = next(r for r in club["score"] if r["staff"] == "S-0004")
    assert (f"{outside['contacts_per_day']:.2f}", f"{outside['meetings_per_week']:.2f}", outside["return_visits"]) == ("3.33", "1.67", 1)


# ----------------------------------------------------------------------------- P, K8, T3: the payout
PAYOUT = [  # (staff, rule, code, amount, arithmetic), K8 apart (below)
    # P2 「内销顾问完成目标任务后…本人在部门当月业绩最高者给予‘部门最高业绩奖’奖金200元整」: among the inside
    # consultants (rules.P2 channels [inside]) 王芳 17480.00 is the most and >= her 16000.00: 200.
    # 欧阳娜娜 (18333.33, target reached) is outside: no P2
    ("S-0001", "P2", "dept-top", "200.00", "17480.00 is the most in 会籍部; target 16000.00 reached: 200.00"),
    # P8 第十二条「销售顾问完成月度销售任务,公司将给予一定的奖金奖励」 (payout.target_bonus 200, ours): 17480 >= 16000
    ("S-0001", "P8", "target-bonus", "200.00", "credited 17480.00 >= target 16000.00: 200.00"),
    # O4 「在营业时间内绝不能缺岗」 (limits.opening_hours 09:00-22:00 every day, the preset's, ours): the club works
    # Monday to Friday, so its ten weekend days of August are empty, 10 x 13 h = 7800 min; Friday 08-07 李雷 was
    # absent, 18:00-22:00 (王芳's day shift ends 18:00, 张伟's early one 15:30): 240 min. No manager: on the leader
    ("S-0001", "O4", "post-uncovered", "0.00", "11 stretch(es), 8040 min in all"),
    # P3 「连续三个月不能完成公司下达的业绩任务者,予以降职或辞退」: June 6000 < 10000, July 7000 < 10000,
    # August 9979.99 < 10000
    ("S-0002", "P3", "demotion", "0.00", "3 >= 3 months"),
    # T3 「顾问必须积极处理客人投诉」 (limits.complaint_hours 24, the default): 08-20 10:00 -> 08-21 16:00 = 30 h;
    # 王芳's complaint of 08-11 was answered in 5 hours
    ("S-0002", "T3", "late-complaint", "0.00", "received 2026-08-20 10:00, due by 2026-08-21 10:00, answered after 30 hours"),
    # P8 「不合格员工将受到相应的处罚」: 54.08 < 60, fail; the seed gives no amount (payout.fail_penalty 0): the flag
    ("S-0002", "P8", "fail-grade", "0.00", "composite 54.08 -> fail"),
    # P8 target bonus: 9799.99 >= 9000
    ("S-0003", "P8", "target-bonus", "200.00", "credited 9799.99 >= target 9000.00: 200.00"),
    # P6 「优秀员工将获得相应的奖励」「优秀员工称号」 within 会籍部: 欧阳娜娜's composite 98.33 is the best, and
    # at least 90 (优秀); the seed gives no amount: 0
    ("S-0004", "P6", "title", "0.00", "composite 98.33; minimum composite 98.33 >= 90: 0.00"),
    # P8 target bonus: 18333.33 >= 12000. (P8 promotion asks for 3 months running excellent: one month only)
    ("S-0004", "P8", "target-bonus", "200.00", "credited 18333.33 >= target 12000.00: 200.00"),
]


def lines(club, *, k8: bool):
    return [(r["staff"], r["rule"], r["code"], f"{r['amount']:.2f}", r["arithmetic"])
            for r in club["payout"] if (r["code"] == "contacts" if k8 else r["rule"] != "K8")]


def test_payout_lines_by_the_rule_book(club):
    assert lines(club, k8=False) == PAYOUT
    empty = next(r for r in club["payout"] if r["code"] == "post-uncovered")
    assert empty["evidence"][1:3] == ["2026-08-02 09:00-22:00", "2026-08-07 18:00-22:00 (S-0001 off shift (day 09:00-18:00); "
                                       "S-0002 absent on 2026-08-07 (attendance); S-0003 off shift (early 09:00-15:30))"]
    demotion = next(r for r in club["payout"] if r["code"] == "demotion")
    assert demotion["evidence"] == ["2026-06", "2026-07", "2026-08"]


def test_k8_two_contacts_a_day_for_the_consultants_not_the_leader(club):
    # K8 「每日与客户保持至少两次沟通」 (limits.contacts_per_day 2, limits.minimum_roles [member]): 王芳 is the
    # leader (5 contacts, none flagged). 李雷: one tour (a complaint is no contact) / 21 working days;
    # 张伟: 2 tours, a need confirmed, a call, a visit = 5 / 21
    # on EACH working day (limits.contacts_each_day): every one of their 21 working days is short
    flagged = {r["staff"]: r for r in club["payout"] if r["code"] == "contacts"}   # (K8's weekly and monthly duties: tests/test_duties.py)
    # (one of 张伟's working days has two contacts)
    for sid, short in (("S-0002", 21), ("S-0003", 20)):
        assert flagged[sid]["what"] == f"fewer than 2 contacts on {short} working day(s)"
        assert flagged[sid]["arithmetic"].startswith(f"contacts on the days short: {short} of 21 working days: ")
    assert flagged["S-0002"]["arithmetic"].startswith("contacts on the days short: 21 of 21 working days: 08-03 1, 08-04 0,")
    assert "S-0001" not in flagged


def test_k8_counts_each_working_day(club):
    # K8 「每日与客户保持至少两次沟通」 on each working day: 欧阳娜娜 made 3, 3 and 1 contacts on her working days
    # 08-03, 08-04, 08-05 (10 in the month with the weekend's 3: 10 / 3 = 3.33 on average); Wednesday's 1 < 2
    assert sorted(x[0] for x in lines(club, k8=True)) == ["S-0002", "S-0003", "S-0004"]


def test_the_outside_consultant_gets_no_department_top_bonus(club):
    rows = {r["staff"]: r for r in club["payout_staff"] if r["row"] == "staff"}
    # 「内销顾问完成目标任务后」: 欧阳娜娜 sold the most of 会籍部 and reached her target, yet she is 外销
    assert not [r for r in club["payout"] if r["staff"] == "S-0004" and r["rule"] == "P2"]
    # (the P8 target bonus, 200, to each who reached their target: 王芳, 张伟, 欧阳娜娜)
    assert {s: (f"{r['dept_top']:.2f}", f"{r['total']:.2f}") for s, r in rows.items()} == {
        "S-0001": ("200.00", "400.00"), "S-0002": ("0.00", "0.00"), "S-0003": ("0.00", "200.00"), "S-0004": ("0.00", "200.00")}
    total = next(r for r in club["payout_staff"] if r["row"] == "total")
    assert f"{total['total']:.2f}" == "800.00"


def test_rules_the_book_does_not_state_give_no_line(club):
    """The preset switches off what seed 002 does not say: P1 top three, P4 commission and grade bonus
    (王芳 above target, 欧阳娜娜 excellent), P5 (张伟 10 minutes late, 李雷 a day absent), K5 (李雷 below
    target, 0% satisfied), L1/L2 lead minimums, T1 (张伟's need never quoted), T2 (no deal has a delivery
    date), T4, P7; K4's training flag never fires (limits.training_pass 0: 张伟 scored 50). P2's streaks
    need 6/12/3 months on top: none in one month (李雷 was top of June and July alone, not of August)."""
    codes = {r["code"] for r in club["payout"]}
    assert codes == {"dept-top", "title", "target-bonus", "fail-grade", "demotion", "contacts", "meetings", "return-visits", "late-complaint",
                     "post-uncovered"}
    rules = {r["rule"] for r in club["payout"]}
    assert not rules & {"P1", "P4", "P5", "K5", "L1", "L2", "T1", "T2", "T4", "P7", "K4"}
    assert not codes & {"team-streak", "dept-streak", "raise"}
