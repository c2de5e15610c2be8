"""Worked examples of credit splits (S1-S5, A6), each worked out by hand and asserted exactly.

The organisation: BASE (S-1 王芳 inside leader, S-2 李雷 inside, S-3 欧阳娜娜 outside) plus S-4
周杰 outside and S-5 陈晨 outside, who left on 2026-07-31. Default policy unless a test says otherwise.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from helpers import BASE, run, write_records

EXTRA = {
    "staff/S-4.yaml": """
        id: S-4
        name: 周杰
        team: T-1
        channel: outside
        joined: 2025-01-01
    """,
    "staff/S-5.yaml": """
        id: S-5
        name: 陈晨
        team: T-1
        channel: outside
        status: left
        joined: 2025-01-01
        left: 2026-07-31
    """,
    # an outside consultant's customer, who brings friends (S4)
    "leads/L-0020.yaml": """
        id: L-0020
        name: 赵敏
        source: referral
        created: 2026-05-01T10:00:00+08:00
        owner: S-3
        status: won
    """,
}


def lead(id, name="客户", source="walk-in", created="2026-08-10T15:00:00+08:00", **more):
    extra = "".join(f"\n{k}: {v}" for k, v in more.items())
    return f"id: {id}\nname: {name}\nsource: {source}\ncreated: {created}\nowner: S-1{extra}\n"


def deal(id, lead, amount, signed, payment=None, kind="new", **more):
    text = f"id: {id}\nlead: {lead}\nkind: {kind}\namount: {amount}\nsigned: {signed}\n"
    if payment:
        text += f"payment: {{date: {signed}, taken_by: {payment}}}\n"
    return text + "".join(f"{k}: {v}\n" for k, v in more.items())


def visit(id, lead, at, kind="call"):
    return f"- id: {id}\n  lead: {lead}\n  at: {at}\n  kind: {kind}\n"


def org(tmp_path, files):
    return write_records(tmp_path / "r", {**BASE, **EXTRA, **files})


def split_json(root, month, *more):
    res = run("split", "--month", month, "--format", "json", *more, records=root)
    assert res.exit_code == 0, res.output + res.stderr
    return json.loads(res.stdout)


def credits(root, month):
    """{deal: [(staff, share, credited, rule), ...]} from `split --format json`."""
    out = {}
    for row in split_json(root, month):
        out.setdefault(row["deal"], []).append(
            (row["staff"], _d(row["share"]), _d(row["credited"]), row["rule"]))
    return out


def _d(x):
    return None if x is None else Decimal(str(x))


def D(x):
    return Decimal(x)


# ----------------------------------------------------------------------------- S2, A6, A3
def test_walk_in_with_campaign_voucher_is_a_new_customer(tmp_path):
    # An outside consultant called the customer 5 days before; the customer walked in with a gift
    # voucher of the company's campaign (A6: a new customer) and paid S-1: no S3, S2 gives S-1 all.
    root = org(tmp_path, {
        "leads/L-0010.yaml": lead("L-0010", voucher="{kind: campaign, code: GIFT-01}"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0010", "2026-08-05T10:00:00+08:00"),
        "deals/2026-08/D-10.yaml": deal("D-10", "L-0010", 3000, "2026-08-10", payment="S-1"),
    })
    assert credits(root, "2026-08") == {"D-10": [("S-1", D(100), D("3000.00"), "S2")]}


def test_walk_in_with_consultants_voucher_is_designated_not_s3(tmp_path):
    # A consultant's trial voucher makes the customer designated (A3): S3 needs "no voucher or card".
    root = org(tmp_path, {
        "leads/L-0010.yaml": lead("L-0010", voucher="{kind: consultant, staff: S-2}"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0010", "2026-08-05T10:00:00+08:00"),
        "deals/2026-08/D-10.yaml": deal("D-10", "L-0010", 3000, "2026-08-10", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-10": [("S-2", D(100), D("3000.00"), "S2")]}


def test_designated_customer_is_not_s3(tmp_path):
    root = org(tmp_path, {
        "leads/L-0010.yaml": lead("L-0010", designated="S-2"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0010", "2026-08-05T10:00:00+08:00"),
        "deals/2026-08/D-10.yaml": deal("D-10", "L-0010", 800, "2026-08-10", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-10": [("S-2", D(100), D("800.00"), "S2")]}


def test_plain_walk_in_goes_to_the_payment_taker(tmp_path):
    root = org(tmp_path, {
        "leads/L-0010.yaml": lead("L-0010"),
        "deals/2026-08/D-10.yaml": deal("D-10", "L-0010", 1999, "2026-08-10", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-10": [("S-2", D(100), D("1999.00"), "S2")]}


# ----------------------------------------------------------------------------- S3
def test_outside_follow_up_then_inside_sale_is_70_30(tmp_path):
    # S-3 (outside) visited the customer 23 days before; no voucher, not designated; S-2 (inside) signed.
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011", created="2026-08-12T14:00:00+08:00"),
        "visits/2026-07/S-3.yaml": visit("V-1", "L-0011", "2026-07-20T11:00:00+08:00", "visit"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", 5000, "2026-08-12", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-11": [
        ("S-3", D(70), D("3500.00"), "S3"),
        ("S-2", D(30), D("1500.00"), "S3"),
    ]}


def test_odd_cents_100_01_split_70_30(tmp_path):
    # 10001 cents: 7000.7 and 3000.3; the larger remainder (.7) takes the last cent: 70.01 + 30.00.
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T09:00:00+08:00"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", "100.01", "2026-08-10", payment="S-1"),
        "leads/L-0012.yaml": lead("L-0012"),
        "visits/2026-08/S-4.yaml": visit("V-2", "L-0012", "2026-08-01T09:00:00+08:00"),
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0012", "0.01", "2026-08-10", payment="S-1"),
        "leads/L-0013.yaml": lead("L-0013"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0013", "33.33", "2026-08-10", payment="S-1"),
    })
    got = credits(root, "2026-08")
    assert got["D-11"] == [("S-3", D(70), D("70.01"), "S3"), ("S-1", D(30), D("30.00"), "S3")]
    # one cent: 0.7 vs 0.3, the cent goes to the 70% share
    assert got["D-12"] == [("S-4", D(70), D("0.01"), "S3"), ("S-1", D(30), D("0.00"), "S3")]
    assert got["D-13"] == [("S-1", D(100), D("33.33"), "S2")]


def test_stale_follow_up_outside_the_window_does_not_count(tmp_path):
    # 36 days before signing (more than 30): S2; exactly 30 days before: still valid, S3.
    root = org(tmp_path, {
        "leads/L-0012.yaml": lead("L-0012", created="2026-08-15T10:00:00+08:00"),
        "leads/L-0013.yaml": lead("L-0013", created="2026-08-15T10:00:00+08:00"),
        "visits/2026-07/S-3.yaml": visit("V-1", "L-0012", "2026-07-10T10:00:00+08:00")
                                   + visit("V-2", "L-0013", "2026-07-16T10:00:00+08:00"),
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0012", 2000, "2026-08-15", payment="S-1"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0013", 2000, "2026-08-15", payment="S-1"),
    })
    got = credits(root, "2026-08")
    assert got["D-12"] == [("S-1", D(100), D("2000.00"), "S2")]
    assert got["D-13"] == [("S-3", D(70), D("1400.00"), "S3"), ("S-1", D(30), D("600.00"), "S3")]
    res = run("split", "--month", "2026-08", "--explain", records=root)
    assert "V-1 by S-3 on 2026-07-10: 36 days before signing, more than follow_up_days 30 (stale)" in res.stdout



def test_follow_up_window_counts_days_in_the_business_time_zone(tmp_path):
    # A call logged as 2026-07-20 17:00 UTC is 2026-07-21 01:00 in Shanghai: 30 days before the 08-20
    # signing (valid, S3), though the UTC date would make it 31 (stale).
    root = org(tmp_path, {
        "leads/L-0012.yaml": lead("L-0012", created="2026-08-20T10:00:00+08:00"),
        "visits/2026-07/S-3.yaml": visit("V-1", "L-0012", "2026-07-20T17:00:00+00:00"),
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0012", "100.01", "2026-08-20", payment="S-1"),
    })
    assert credits(root, "2026-08") == {"D-12": [("S-3", D(70), D("70.01"), "S3"), ("S-1", D(30), D("30.00"), "S3")]}

def test_follow_up_days_is_a_policy_setting(tmp_path):
    root = org(tmp_path, {
        "salesctl.yaml": "split:\n  follow_up_days: 40\n",
        "leads/L-0012.yaml": lead("L-0012", created="2026-08-15T10:00:00+08:00"),
        "visits/2026-07/S-3.yaml": visit("V-1", "L-0012", "2026-07-10T10:00:00+08:00"),
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0012", 2000, "2026-08-15", payment="S-1"),
    })
    assert credits(root, "2026-08") == {"D-12": [("S-3", D(70), D("1400.00"), "S3"), ("S-1", D(30), D("600.00"), "S3")]}


def test_follow_up_after_the_customer_walked_in_does_not_count(tmp_path):
    # The walk-in arrived at 10:00; the outside consultant's call at 11:00 the same day is after it.
    root = org(tmp_path, {
        "leads/L-0013.yaml": lead("L-0013", created="2026-08-20T10:00:00+08:00"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0013", "2026-08-20T11:00:00+08:00"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0013", 900, "2026-08-20", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-13": [("S-2", D(100), D("900.00"), "S2")]}


def test_follow_up_of_someone_who_left_or_an_inside_consultant_does_not_count(tmp_path):
    root = org(tmp_path, {
        "leads/L-0013.yaml": lead("L-0013"),
        "visits/2026-07/S-5.yaml": visit("V-1", "L-0013", "2026-07-25T11:00:00+08:00"),  # S-5 left 07-31
        "visits/2026-08/S-1.yaml": visit("V-2", "L-0013", "2026-08-01T11:00:00+08:00"),  # inside
        "visits/2026-08/S-3.yaml": visit("V-3", "L-0013", "2026-08-02T11:00:00+08:00", "complaint"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0013", 900, "2026-08-10", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-13": [("S-2", D(100), D("900.00"), "S2")]}


def test_latest_valid_outside_follow_up_gets_the_70(tmp_path):
    root = org(tmp_path, {
        "leads/L-0013.yaml": lead("L-0013"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0013", "2026-08-01T11:00:00+08:00"),
        "visits/2026-08/S-4.yaml": visit("V-2", "L-0013", "2026-08-03T11:00:00+08:00"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0013", 1000, "2026-08-10", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-13": [("S-4", D(70), D("700.00"), "S3"), ("S-2", D(30), D("300.00"), "S3")]}


def test_outside_consultant_taking_the_payment_is_s2(tmp_path):
    # S3 is about a sale signed with an inside consultant.
    root = org(tmp_path, {
        "leads/L-0013.yaml": lead("L-0013"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0013", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0013", 1000, "2026-08-10", payment="S-4"),
    })
    assert credits(root, "2026-08") == {"D-13": [("S-4", D(100), D("1000.00"), "S2")]}


# ----------------------------------------------------------------------------- S1
def test_renewal_goes_to_the_deposit_taker(tmp_path):
    root = org(tmp_path, {
        "deals/2026-08/D-20.yaml": deal("D-20", "L-0001", 6800, "2026-08-05", kind="renewal", payment="S-1",
                                        deposit="{amount: 500, date: 2026-08-01, taken_by: S-2}"),
        # a product bought without a deposit: the payment taker
        "deals/2026-08/D-21.yaml": deal("D-21", "L-0001", "199.90", "2026-08-06", kind="product", payment="S-1"),
        # a transfer whose deposit taker left before signing: falls back to the payment taker
        "deals/2026-08/D-22.yaml": deal("D-22", "L-0001", 300, "2026-08-07", kind="transfer", payment="S-2",
                                        deposit="{amount: 100, date: 2026-07-20, taken_by: S-5}"),
    })
    assert credits(root, "2026-08") == {
        "D-20": [("S-2", D(100), D("6800.00"), "S1")],
        "D-21": [("S-1", D(100), D("199.90"), "S1")],
        "D-22": [("S-2", D(100), D("300.00"), "S1")],
    }


def test_renewal_beats_an_outside_follow_up(tmp_path):
    # S1 comes first: a renewal with an outside follow-up is still the deposit taker's.
    root = org(tmp_path, {
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0001", "2026-08-02T11:00:00+08:00"),
        "deals/2026-08/D-20.yaml": deal("D-20", "L-0001", 1000, "2026-08-05", kind="upgrade", payment="S-1",
                                        deposit="{amount: 500, date: 2026-08-01, taken_by: S-1}"),
    })
    assert credits(root, "2026-08") == {"D-20": [("S-1", D(100), D("1000.00"), "S1")]}


# ----------------------------------------------------------------------------- S4
def test_referred_friend_splits_half_with_the_referrers_outside_owner(tmp_path):
    # 1999.99 = 199999 cents: 99999.5 each; the tie goes to the first share of the rule (referrer_owner).
    root = org(tmp_path, {
        "leads/L-0014.yaml": lead("L-0014", source="referral", referred_by="L-0020"),
        "deals/2026-08/D-14.yaml": deal("D-14", "L-0014", "1999.99", "2026-08-14", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-14": [("S-3", D(50), D("1000.00"), "S4"), ("S-2", D(50), D("999.99"), "S4")]}


def test_referred_friend_uses_the_referrers_owner_at_signing(tmp_path):
    # L-0021 moved from S-3 (outside) to S-1 (inside) after the deal: S-3 owned it at signing.
    root = org(tmp_path, {
        "leads/L-0021.yaml": """
            id: L-0021
            name: 钱多多
            source: referral
            created: 2026-05-01T10:00:00+08:00
            owner: S-1
            status: won
            log:
              - {when: 2026-05-01T10:00:00+08:00, by: S-3, to: S-3}
              - {when: 2026-09-01T10:00:00+08:00, by: S-1, from: S-3, to: S-1, rule: manual, why: 交接}
        """,
        "leads/L-0014.yaml": lead("L-0014", source="referral", referred_by="L-0021"),
        "leads/L-0015.yaml": lead("L-0015", source="referral", referred_by="L-0001"),  # referrer owned by inside S-1
        "deals/2026-08/D-14.yaml": deal("D-14", "L-0014", 1000, "2026-08-14", payment="S-2"),
        "deals/2026-09/D-15.yaml": deal("D-15", "L-0014", 1000, "2026-09-14", payment="S-2"),
        "deals/2026-08/D-16.yaml": deal("D-16", "L-0015", 1000, "2026-08-14", payment="S-2"),
    })
    assert credits(root, "2026-08") == {
        "D-14": [("S-3", D(50), D("500.00"), "S4"), ("S-2", D(50), D("500.00"), "S4")],
        "D-16": [("S-2", D(100), D("1000.00"), "S2")],
    }
    assert credits(root, "2026-09") == {"D-15": [("S-2", D(100), D("1000.00"), "S2")]}


def test_referred_friend_when_the_owner_takes_the_payment_gets_all(tmp_path):
    root = org(tmp_path, {
        "leads/L-0014.yaml": lead("L-0014", source="referral", referred_by="L-0020"),
        "deals/2026-08/D-14.yaml": deal("D-14", "L-0014", 1000, "2026-08-14", payment="S-3"),
    })
    assert credits(root, "2026-08") == {"D-14": [("S-3", D(100), D("1000.00"), "S4")]}


def test_s3_comes_before_s4(tmp_path):
    root = org(tmp_path, {
        "leads/L-0014.yaml": lead("L-0014", source="referral", referred_by="L-0020"),
        "visits/2026-08/S-4.yaml": visit("V-1", "L-0014", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-14.yaml": deal("D-14", "L-0014", 1000, "2026-08-14", payment="S-2"),
    })
    assert credits(root, "2026-08") == {"D-14": [("S-4", D(70), D("700.00"), "S3"), ("S-2", D(30), D("300.00"), "S3")]}


# ----------------------------------------------------------------------------- S5
def test_override_replaces_all_rules(tmp_path):
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", "1000.01", "2026-08-12", payment="S-2") + """\
credit:
  by: S-1
  why: 经理裁定:两人共同接待
  shares:
    - {staff: S-2, share: 60}
    - {staff: S-1, share: 40}
""",
    })
    assert credits(root, "2026-08") == {"D-11": [("S-2", D(60), D("600.01"), "S5"), ("S-1", D(40), D("400.00"), "S5")]}
    res = run("split", "--month", "2026-08", "--explain", records=root)
    assert "S5 override set by S-1 (王芳, inside): 经理裁定:两人共同接待 (replaces all rules)" in res.stdout


def test_override_naming_someone_who_had_left_is_a_check_error(tmp_path):
    root = org(tmp_path, {
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0001", 100, "2026-08-12", payment="S-2") + """\
credit: {by: S-1, why: test, shares: [{staff: S-5, share: 100}]}
""",
    })
    res = run("check", records=root)
    assert res.exit_code == 1
    assert "credit override names S-5 (陈晨), who left on 2026-07-31, before the deal was signed on 2026-08-12" in res.stdout



def test_unknown_people_on_a_deal_are_named_by_their_field_path(tmp_path):
    # the messages name the field as it is written in the file, not as a Python tuple
    root = org(tmp_path, {
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0001", 100, "2026-08-12", payment="S-77") + """\
credit: {by: S-99, why: test, shares: [{staff: S-98, share: 100}]}
""",
    })
    res = run("check", records=root)
    assert res.exit_code == 1
    for text in ("payment.taken_by S-77: no such staff", "credit.by S-99: no such staff",
                 "credit.shares[1].staff S-98: no such staff"):
        assert text in res.stdout
    assert "('" not in res.stdout


# ----------------------------------------------------------------------------- refunds
def test_refund_next_month_reverses_the_split_and_leaves_the_month_alone(tmp_path):
    files = {
        "leads/L-0011.yaml": lead("L-0011"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", "100.01", "2026-08-10", payment="S-1"),
    }
    before = split_json(org(tmp_path / "a", files), "2026-08")
    root = org(tmp_path / "b", {**files,
                                "deals/2026-09/D-30.yaml": deal("D-30", "L-0011", "100.01", "2026-09-03", kind="refund", refund_of="D-11")})
    assert split_json(root, "2026-08") == before
    assert credits(root, "2026-09") == {"D-30": [("S-3", D(70), D("-70.01"), "S3"), ("S-1", D(30), D("-30.00"), "S3")]}
    rows = split_json(root, "2026-09")
    assert {r["amount"] for r in rows} == {-100.01}
    staff = {r["person"]: r for r in split_json(root, "2026-09", "--by", "staff")}
    assert staff["S-3"]["credited"] == -70.01 and staff["S-3"]["refunds"] == -70.01 and staff["S-3"]["deals"] == 0


def test_partial_refunds_add_up_and_net_to_zero(tmp_path):
    # 100.01 split 70.01 / 30.00; refunds 50.00 then 50.01: the second takes what keeps the running
    # total in proportion, so the two together reverse exactly 70.01 / 30.00.
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", "100.01", "2026-08-10", payment="S-1"),
        "deals/2026-09/D-30.yaml": deal("D-30", "L-0011", "50.00", "2026-09-03", kind="refund", refund_of="D-11"),
        "deals/2026-10/D-31.yaml": deal("D-31", "L-0011", "50.01", "2026-10-03", kind="refund", refund_of="D-11"),
    })
    assert credits(root, "2026-09") == {"D-30": [("S-3", D(70), D("-35.00"), "S3"), ("S-1", D(30), D("-15.00"), "S3")]}
    assert credits(root, "2026-10") == {"D-31": [("S-3", D(70), D("-35.01"), "S3"), ("S-1", D(30), D("-15.00"), "S3")]}


def test_two_half_refunds_of_ten_cents_net_to_zero(tmp_path):
    # 0.10 split 70/30: 0.07 / 0.03. Each refund of 0.05 alone would be 3.5 / 1.5 cents, a tie given to
    # the first share: 0.04 / 0.01 twice = 0.08 / 0.02, not 0.07 / 0.03. Allocated cumulatively, the
    # second refund is allocate(0.10) - allocate(0.05) = 0.03 / 0.02, and the two net to zero.
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", "0.10", "2026-08-10", payment="S-1"),
        "deals/2026-09/D-30.yaml": deal("D-30", "L-0011", "0.05", "2026-09-03", kind="refund", refund_of="D-11"),
        "deals/2026-09/D-31.yaml": deal("D-31", "L-0011", "0.05", "2026-09-04", kind="refund", refund_of="D-11"),
    })
    assert credits(root, "2026-08") == {"D-11": [("S-3", D(70), D("0.07"), "S3"), ("S-1", D(30), D("0.03"), "S3")]}
    assert credits(root, "2026-09") == {
        "D-30": [("S-3", D(70), D("-0.04"), "S3"), ("S-1", D(30), D("-0.01"), "S3")],
        "D-31": [("S-3", D(70), D("-0.03"), "S3"), ("S-1", D(30), D("-0.02"), "S3")],
    }


def test_refund_of_an_override_follows_the_override(tmp_path):
    root = org(tmp_path, {
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0001", "10.00", "2026-08-12", payment="S-2")
        + "credit: {by: S-1, why: 分单, shares: [{staff: S-2, share: 33.34}, {staff: S-1, share: 33.33}, {staff: S-3, share: 33.33}]}\n",
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0001", "10.00", "2026-08-20", kind="refund", refund_of="D-11"),
    })
    # 1000 cents: 333.4, 333.3, 333.3 -> 333, 333, 333 + 1 cent to the largest remainder (.4): S-2
    assert credits(root, "2026-08") == {
        "D-11": [("S-2", D("33.34"), D("3.34"), "S5"), ("S-1", D("33.33"), D("3.33"), "S5"), ("S-3", D("33.33"), D("3.33"), "S5")],
        "D-12": [("S-2", D("33.34"), D("-3.34"), "S5"), ("S-1", D("33.33"), D("-3.33"), "S5"), ("S-3", D("33.33"), D("-3.33"), "S5")],
    }


def test_negative_adjustment_follows_the_rules(tmp_path):
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-40.yaml": deal("D-40", "L-0011", "-100.01", "2026-08-10", kind="adjustment", payment="S-1"),
    })
    assert credits(root, "2026-08") == {"D-40": [("S-3", D(70), D("-70.01"), "S3"), ("S-1", D(30), D("-30.00"), "S3")]}


# ----------------------------------------------------------------------------- policy
def test_custom_rules_in_the_policy(tmp_path):
    # A company that reads the cut-off S4 as 60/40 and credits every walk-in to a named manager's pool.
    root = org(tmp_path, {
        "salesctl.yaml": """
            split:
              rules:
                - name: friend
                  rule: S4
                  when: {referred: true, referrer_owner_channels: [outside]}
                  shares:
                    - {to: referrer_owner, share: 60}
                    - {to: payment_taker, share: 40}
                - name: walk-in-pool
                  rule: X1
                  when: {sources: [walk-in]}
                  shares:
                    - {to: S-1, share: 50}
                    - {to: [deposit_taker, payment_taker], share: 50}
        """,
        "leads/L-0014.yaml": lead("L-0014", source="referral", referred_by="L-0020"),
        "deals/2026-08/D-14.yaml": deal("D-14", "L-0014", 1000, "2026-08-14", payment="S-2"),
        "deals/2026-08/D-15.yaml": deal("D-15", "L-0001", 1000, "2026-08-15", payment="S-2"),
    })
    assert credits(root, "2026-08") == {
        "D-14": [("S-3", D(60), D("600.00"), "S4"), ("S-2", D(40), D("400.00"), "S4")],
        "D-15": [("S-1", D(50), D("500.00"), "X1"), ("S-2", D(50), D("500.00"), "X1")],
    }
    staff = split_json(root, "2026-08", "--by", "staff")
    assert list(staff[0]) == ["person", "name", "team", "deals", "credited", "S4", "X1", "S5", "refunds"]


def test_a_rule_whose_shares_do_not_add_up_is_a_policy_error(tmp_path):
    root = org(tmp_path, {
        "salesctl.yaml": """
            split:
              rules:
                - name: half
                  rule: S2
                  shares: [{to: payment_taker, share: 50}]
        """,
    })
    res = run("check", records=root)
    assert res.exit_code == 1
    assert "rule half: shares add up to 50%, not 100%" in res.stdout


def test_a_share_to_nobody_known_is_a_check_error(tmp_path):
    root = org(tmp_path, {
        "salesctl.yaml": """
            split:
              rules:
                - name: all
                  rule: S2
                  shares: [{to: payment_taker, share: 50}, {to: S-99, share: 50}]
        """,
    })
    res = run("check", records=root)
    assert res.exit_code == 1
    assert "split.rules[0] (S2 all): share to 'S-99': not a role" in res.stdout
    assert "salesctl.yaml:3: error: split.rules[0] (S2 all): share to 'S-99'" in res.stdout  # the rule's line


# ----------------------------------------------------------------------------- no rule can credit
def test_deal_no_rule_can_credit_is_a_check_error_and_shown_uncredited(tmp_path):
    root = org(tmp_path, {
        "deals/2026-08/D-50.yaml": deal("D-50", "L-0001", 500, "2026-08-11"),  # no payment taker
    })
    res = run("check", records=root)
    assert res.exit_code == 1
    line = next(x for x in res.stdout.splitlines() if "D-50" in x)
    assert line.startswith("deals/2026-08/D-50.yaml:1: error: no split rule can credit deal D-50; rules tried: ")
    for tried in ("1. S1 deposit: no: kind new is not one of transfer, renewal, upgrade, product",
                  "2. S3 outside-follow-up: no: no payment taker recorded",
                  "4. S2 payment: no: payment_taker: no payment taker recorded"):
        assert tried in line
    res = run("split", "--month", "2026-08", "--format", "json", records=root)
    assert res.exit_code == 0
    assert json.loads(res.stdout) == [{"deal": "D-50", "date": "2026-08-11", "customer": "张三", "amount": 500.0,
                                       "staff": None, "share": None, "credited": None, "rule": None}]
    assert "not credited: no split rule can credit deal D-50" in res.stderr


def test_good_records_pass_check(tmp_path):
    root = org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", 100, "2026-08-10", payment="S-1"),
        "deals/2026-09/D-30.yaml": deal("D-30", "L-0011", 100, "2026-09-03", kind="refund", refund_of="D-11"),
    })
    res = run("check", records=root)
    assert res.exit_code == 0, res.stdout


# ----------------------------------------------------------------------------- the command
@pytest.fixture
def month(tmp_path):
    return org(tmp_path, {
        "leads/L-0011.yaml": lead("L-0011", name="李四"),
        "visits/2026-08/S-3.yaml": visit("V-1", "L-0011", "2026-08-01T11:00:00+08:00"),
        "deals/2026-08/D-11.yaml": deal("D-11", "L-0011", "100.01", "2026-08-10", payment="S-1"),
        "deals/2026-08/D-12.yaml": deal("D-12", "L-0001", 200, "2026-08-11", payment="S-1"),
        "deals/2026-08/D-13.yaml": deal("D-13", "L-0001", 50, "2026-08-12", kind="refund", refund_of="D-12"),
    })


def test_json_by_deal_columns_and_order(month):
    rows = split_json(month, "2026-08")
    assert rows == [
        {"deal": "D-11", "date": "2026-08-10", "customer": "李四", "amount": 100.01, "staff": "S-3", "share": 70.0, "credited": 70.01, "rule": "S3"},
        {"deal": "D-11", "date": "2026-08-10", "customer": "李四", "amount": 100.01, "staff": "S-1", "share": 30.0, "credited": 30.0, "rule": "S3"},
        {"deal": "D-12", "date": "2026-08-11", "customer": "张三", "amount": 200.0, "staff": "S-1", "share": 100.0, "credited": 200.0, "rule": "S2"},
        {"deal": "D-13", "date": "2026-08-12", "customer": "张三", "amount": -50.0, "staff": "S-1", "share": 100.0, "credited": -50.0, "rule": "S2"},
    ]


def test_json_by_staff(month):
    rows = split_json(month, "2026-08", "--by", "staff")
    assert rows == [
        {"person": "S-1", "name": "王芳", "team": "T-1", "deals": 2, "credited": 180.0,
         "S1": 0.0, "S3": 30.0, "S4": 0.0, "S2": 200.0, "S5": 0.0, "refunds": -50.0},
        {"person": "S-3", "name": "欧阳娜娜", "team": "T-1", "deals": 1, "credited": 70.01,
         "S1": 0.0, "S3": 70.01, "S4": 0.0, "S2": 0.0, "S5": 0.0, "refunds": 0.0},
    ]


def test_table_has_a_totals_row_and_csv_has_none(month):
    res = run("split", "--month", "2026-08", records=month)
    last = res.stdout.strip().splitlines()[-1].split()
    assert last[0] == "total" and last[1:] == ["250.01", "250.01"]
    res = run("split", "--month", "2026-08", "--by", "staff", records=month)
    assert res.stdout.strip().splitlines()[-1].split() == ["total", "2", "250.01", "0.00", "100.01", "0.00", "200.00", "0.00", "-50.00"]
    csv = run("split", "--month", "2026-08", "-f", "csv", records=month).stdout.splitlines()
    assert csv[0] == "deal,date,customer,amount,staff,share,credited,rule"
    assert len(csv) == 5 and not any(x.startswith("total") for x in csv)


def test_explain_shows_every_rule_tried(month):
    res = run("split", "--month", "2026-08", "--explain", records=month)
    out = res.stdout
    assert "D-11 2026-08-10 李四 new 100.01: S3 outside-follow-up" in out
    assert "  1. S1 deposit: no: kind new is not one of transfer, renewal, upgrade, product" in out
    assert ("  2. S3 outside-follow-up: yes: valid follow-up: call V-1 by S-3 (欧阳娜娜, outside) on 2026-08-01, "
            "9 days before signing (within 30)") in out
    assert "  -> S-3 欧阳娜娜 70% = 70.01" in out
    assert "D-13 2026-08-12 张三 refund -50.00: S2 payment" in out
    assert "refund of D-12 (signed 2026-08-11, 200.00): reverses its split" in out
    rows = split_json(month, "2026-08", "--explain")
    assert rows[2]["explain"][-1] == "-> S-1 王芳 100% = 200.00"
    assert rows[2]["explain"][1] == "2. S3 outside-follow-up: no: no valid follow-up by outside staff within 30 days before signing"


def test_empty_month(month):
    assert split_json(month, "2027-01") == []
    assert split_json(month, "2027-01", "--by", "staff") == []


@pytest.mark.parametrize("args", [("--month", "2026-8"), ("--month", "2026-13"), ("--month", "2026-08", "--by", "team"),
                                  ("--month", "2026-08", "-f", "xml")])
def test_usage_errors(month, args):
    res = run("split", *args, records=month)
    assert res.exit_code == 2
    assert "salesctl: error:" in res.stderr
