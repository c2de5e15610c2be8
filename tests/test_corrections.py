"""Issue 14 item 4: a command for every correction an admin makes, each validated, committed, visible
in `salesctl diff`, and refused with a message (nothing written) on bad input. Real git repositories,
the real CLI."""
from __future__ import annotations

import json

import pytest

from helpers import BASE, cli, git, make_repo, run


def _head(root):
    return git(root, "rev-parse", "HEAD").strip()


def _refused(root, *args, says: str, status: int = 1):
    """The command fails with `status`, says `says` on stderr, and leaves the repository as it was."""
    before, tree = _head(root), git(root, "status", "--porcelain")
    r = run(*args, records=root)
    assert r.exit_code == status, (r.stdout, r.stderr)
    assert says in r.stderr, r.stderr
    assert _head(root) == before and git(root, "status", "--porcelain") == tree


@pytest.fixture()
def repo(tmp_path):
    files = dict(BASE)
    files["attendance/2026-08/S-2.yaml"] = "- date: 2026-08-04\n  late_minutes: 20\n"
    files["activity/2026-08/S-2.yaml"] = "- date: 2026-08-04\n  calls: 30\n  effective: 8\n"
    return make_repo(tmp_path / "r", files)


def test_attendance_and_activity_days_are_set_by_key(repo):
    cli(repo, "attendance", "set", "S-2:2026-08-04", "late_minutes=5")
    cli(repo, "activity", "set", "S-2:2026-08-04", "calls=35", "orders=1")
    shown = json.loads(cli(repo, "attendance", "show", "S-2:2026-08-04", "--format", "json"))
    assert shown["late_minutes"] == 5
    diff = cli(repo, "diff", "HEAD~2")
    assert "late_minutes: 20 -> 5" in diff and "calls: 30 -> 35" in diff
    _refused(repo, "activity", "set", "S-2:2026-08-04", "calls=-3", says="calls: expected a whole number >= 0")
    _refused(repo, "attendance", "set", "S-2:2026-08-04", "absent=full", "leave=病假", says="both absent and on leave")
    _refused(repo, "attendance", "set", "S-2:2026-08-05", "late_minutes=5", says="no attendance S-2:2026-08-05", status=5)
    _refused(repo, "attendance", "set", "S-2:2026-08-04", "date=2026-08-05", says="cannot be set here", status=2)


def test_company_fields_voucher_and_referrer_of_a_lead(repo):
    cli(repo, "lead", "add", "id=L-0002", "name=赵六", "source=walk-in", "created=2026-08-05T10:00")
    cli(repo, "lead", "set", "L-0001", "company=星辰科技", "industry=互联网", "size=50-200",
        "voucher.kind=campaign", "voucher.code=A123", "referred_by=L-0002")
    cli(repo, "lead", "set", "L-0001", "voucher.code=B9")   # one part of the voucher; its kind stays
    lead = json.loads(cli(repo, "lead", "show", "L-0001", "--format", "json"))
    assert lead["company"] == "星辰科技" and lead["voucher"] == {"kind": "campaign", "code": "B9"} and lead["referred_by"] == "L-0002"
    assert "voucher.code: A123 -> B9" in cli(repo, "diff", "HEAD~1")
    _refused(repo, "lead", "set", "L-0001", "voucher.kind=gift", says="'gift' is not one of campaign, consultant")
    _refused(repo, "lead", "set", "L-0001", "referred_by=L-9999", says="referred_by L-9999: no such lead")
    _refused(repo, "lead", "set", "L-0001", "referred_by=L-0001", says="a lead cannot refer itself")


def test_an_owner_change_dated_in_the_past(repo):
    cli(repo, "lead", "set", "L-0001", "owner=S-2", "--when", "2026-08-10T09:30", "--by", "S-1", "--why", "客户要求换顾问")
    lead = json.loads(cli(repo, "lead", "show", "L-0001", "--format", "json"))
    assert lead["log"][-1] == {"when": "2026-08-10T09:30:00+08:00", "by": "S-1", "from": "S-1", "to": "S-2",
                               "rule": "manual", "why": "客户要求换顾问"}
    # the ownership log as lines people read, not Python reprs
    shown = cli(repo, "lead", "show", "L-0001")
    assert "2026-08-10 09:30  S-1 -> S-2  manual by S-1: 客户要求换顾问" in shown and "datetime" not in shown
    assert "owner: S-1 -> S-2" in cli(repo, "diff", "HEAD~1")
    _refused(repo, "lead", "set", "L-0001", "owner=S-1", "--when", "2026-08-09", says="before the last change", status=2)
    _refused(repo, "lead", "set", "L-0001", "owner=S-1", "--when", "2026-08-01", says="before lead L-0001 was created", status=2)
    _refused(repo, "lead", "set", "L-0001", "owner=S-1", "--when", "2099-01-01", says="in the future", status=2)
    _refused(repo, "lead", "set", "L-0001", "owner=S-1", "--when", "10th August", says="a date or a time", status=2)
    _refused(repo, "lead", "set", "L-0001", "status=won", "--when", "2026-08-11", says="--when dates an owner change", status=2)


def test_a_leave_period_added_to_a_person(repo):
    cli(repo, "staff", "leave", "S-2", "start=2026-09-07", "end=2026-09-11", "why=年假", "applied=2026-08-20",
        "approved_by=S-1", "handover=客户交给王芳")
    person = json.loads(cli(repo, "staff", "show", "S-2", "--format", "json"))
    assert person["leave"] == [{"start": "2026-09-07", "end": "2026-09-11", "why": "年假", "applied": "2026-08-20",
                                "approved_by": "S-1", "handover": "客户交给王芳"}]
    assert "leave" in cli(repo, "diff", "HEAD~1")
    _refused(repo, "staff", "leave", "S-2", "start=2026-09-10", "end=2026-09-12", says="overlaps leave 2026-09-07 to 2026-09-11")
    _refused(repo, "staff", "leave", "S-2", "start=2026-10-10", "end=2026-10-08", says="leave ends 2026-10-08 before it starts 2026-10-10")
    _refused(repo, "staff", "leave", "S-2", "start=2026-10-10", "end=2026-10-12", "approved_by=S-9", says="leave[2].approved_by S-9: no such staff")
    _refused(repo, "staff", "leave", "S-2", "start=soon", "end=2026-10-12", says="leave.start='soon' is not a date: YYYY-MM-DD", status=2)
    _refused(repo, "staff", "leave", "S-2", "begin=2026-10-10", says="unknown field leave.begin", status=2)
    _refused(repo, "staff", "leave", "S-9", "start=2026-10-10", "end=2026-10-12", says="no staff S-9", status=5)


def test_a_deal_with_a_deposit_only_is_credited_when_paid(repo):
    # split.credit_when_paid is true by default (issue 14: 「the payment comes later; it is credited when paid」)
    cli(repo, "deal", "add", "id=D-1", "lead=L-0001", "amount=3680", "signed=2026-08-20", "deposit.amount=500",
        "deposit.date=2026-08-20", "deposit.taken_by=S-1")
    aug = json.loads(cli(repo, "split", "--month", "2026-08", "--format", "json"))
    assert [r["credited"] for r in aug if r.get("deal") == "D-1"] in ([], [None], ["0.00"], [0])
    assert "deposit only" in cli(repo, "split", "--month", "2026-08", "--explain")
    cli(repo, "close", "--month", "2026-08")
    # paid in September, after August closed: the closed month is untouched, the credit counts in September
    _refused(repo, "deal", "set", "D-1", "payment.date=2026-08-31", "payment.taken_by=S-1", says="was changed in closed month 2026-08")
    cli(repo, "deal", "set", "D-1", "payment.date=2026-09-02", "payment.taken_by=S-1")
    sep = json.loads(cli(repo, "split", "--month", "2026-09", "--format", "json"))
    assert [(r["deal"], r["staff"], r["credited"]) for r in sep if r.get("deal")] == [("D-1", "S-1", 3680.0)] or \
        [(r["deal"], r["staff"], str(r["credited"])) for r in sep if r.get("deal")] == [("D-1", "S-1", "3680.00")]
    assert "payment: (none) -> {date: 2026-09-02, taken_by: S-1}" in cli(repo, "diff", "HEAD~1")
    assert run("check", records=repo).exit_code == 0
    # the payment belongs to September, still open: its day may be corrected there, not moved into August
    cli(repo, "deal", "set", "D-1", "payment.date=2026-09-03")
    _refused(repo, "deal", "set", "D-1", "payment.date=2026-08-30", says="was changed in closed month 2026-08")
    _refused(repo, "deal", "set", "D-1", "amount=3000", says="cannot be set here", status=2)


def test_a_refund_of_a_deposit_never_credited_takes_nothing_back(repo):
    cli(repo, "deal", "add", "id=D-1", "lead=L-0001", "amount=3680", "signed=2026-08-20", "deposit.amount=500",
        "deposit.date=2026-08-20", "deposit.taken_by=S-1")
    cli(repo, "deal", "add", "id=D-2", "lead=L-0001", "kind=refund", "refund_of=D-1", "amount=3680", "signed=2026-08-25")
    rows = [r for r in json.loads(cli(repo, "split", "--month", "2026-08", "--format", "json")) if r.get("deal") in ("D-1", "D-2")]
    assert all(not r.get("credited") or str(r["credited"]) in ("0", "0.00", "0.0") for r in rows), rows
    assert "nothing to take back" in cli(repo, "split", "--month", "2026-08", "--explain")
    assert run("check", records=repo).exit_code == 0
