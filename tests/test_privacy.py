"""Private data (issue 15 part 5, docs/security.md): `--redact` masks phone, email and WeChat id in
every read command's output, `close` reports and salesctl's commit messages carry no contact data,
and reasons written into the ownership log neither. On the real demo and real git repositories."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BASE, git, load_records, make_repo, run
from salesctl.privacy import mask_email, mask_phone, mask_wechat, redact, scrub

PHONE_RUN = re.compile(r"(?<!\d)1\d{10}(?!\d)")    # any 11-digit run starting with 1: a mobile number
ANY_RUN = re.compile(r"\d{11}")                     # any 11 digits in a row, anywhere (a naive scanner)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy") / "club"
    r = run("demo", str(root))
    assert r.exit_code == 0, r.stderr
    # two changes of contact data, for history and diff to show
    with_wechat = next(k for k, v in load_records(root).leads.items() if v.wechat and v.email)
    ok("lead", "set", "L-00011", "phone=13912345678", records=root)
    ok("lead", "set", with_wechat, "wechat=wxnewid99", "email=boss@corp.example.cn", records=root)
    return root


def contacts(root: Path) -> set[str]:
    """Every phone, email and WeChat id the records hold."""
    recs = load_records(root)
    values = set()
    for group in (recs.leads, recs.staff):
        for rec in group.values():
            values |= {v for v in (getattr(rec, "phone", None), getattr(rec, "email", None), getattr(rec, "wechat", None)) if v}
    return values


def ok(*args, records):
    r = run(*args, records=records)
    assert r.exit_code == 0, f"{args}\n{r.stdout}\n{r.stderr}"
    return r


READS = [
    ("lead", "list"), ("lead", "list", "-f", "csv"), ("lead", "list", "-f", "json"), ("lead", "list", "-f", "github"),
    ("staff", "list", "-f", "json"), ("deal", "list", "-f", "csv"), ("visit", "list", "-f", "json"),
    ("history", "L-00011"), ("history", "L-00011", "-f", "json"), ("diff", "HEAD~2", "HEAD"), ("diff", "HEAD~2", "HEAD", "-f", "json"),
    ("diff", "HEAD~2", "HEAD", "-f", "csv"),
    ("check",), ("check", "-f", "json"), ("report", "--month", "2026-10"),
    ("payout", "--month", "2026-10"), ("payout", "--month", "2026-10", "-f", "csv"), ("split", "--month", "2026-10", "--by", "deal"),
    ("score", "--month", "2026-10", "-f", "json"), ("assign", "--dry-run", "--as-of", "2026-10-31T21:00", "-f", "json"),
]


def test_redact_leaves_no_contact_data_in_any_read_command(demo):
    held = contacts(demo)
    assert len(held) > 1000 and any("@" in v for v in held) and any(v.startswith("wx") for v in held)
    # leads and staff shown one by one, in each format: ten that hold an email or a WeChat id, and ten more
    # (each run loads the demo: 20 leads x 3 formats keeps the suite inside CI's 15 minutes)
    recs = load_records(demo)
    shown = [("lead", "show", k, *f) for k in list(recs.leads)[:10] + [k for k, v in recs.leads.items() if v.email or v.wechat][:10]
             for f in ((), ("-f", "json"), ("-f", "yaml"))]
    shown += [("staff", "show", k, "-f", f) for k in list(recs.staff)[:5] for f in ("table", "json")]
    for args in READS + shown:
        r = run("--redact", *args, records=demo)
        assert r.exit_code in (0, 1), (args, r.stderr)
        text = r.stdout + r.stderr
        assert not PHONE_RUN.search(text), (args, PHONE_RUN.search(text).group(0))
        leaked = [v for v in held if v in text]
        assert not leaked, (args, leaked[:3])


def test_redact_masks_a_phone_to_its_last_four_digits_in_every_format(demo):
    table = ok("--redact", "lead", "show", "L-00011", records=demo).stdout
    phone = load_records(demo).leads["L-00011"].phone
    masked = "*" * (len(phone) - 4) + phone[-4:]
    assert re.search(rf"phone\s+{re.escape(masked)}\n", table)
    assert json.loads(ok("lead", "show", "L-00011", "-f", "json", "--redact", records=demo).stdout)["phone"] == masked
    assert f'phone: "{masked}"' in ok("lead", "show", "L-00011", "-f", "yaml", "--redact", records=demo).stdout
    # without --redact the record is shown as it is
    assert json.loads(ok("lead", "show", "L-00011", "-f", "json", records=demo).stdout)["phone"] == phone


def test_close_reports_hold_no_contact_data(demo, tmp_path):
    root = tmp_path / "club"
    shutil.copytree(demo, root, symlinks=True)
    ok("close", "--month", "2026-10", records=root)
    files = [p for p in (root / "reports").rglob("*") if p.is_file()]
    assert len(files) > 10 and any(p.suffix == ".html" for p in files)
    held = contacts(root)
    for p in files:
        text = p.read_text(encoding="utf-8")
        assert not ANY_RUN.search(text), (p, ANY_RUN.search(text).group(0))   # not even a chart coordinate
        assert not [v for v in held if v in text], p
        assert not re.search(r"[\w.]+@[\w-]+\.\w", text), p


def test_a_report_masks_a_phone_typed_where_a_name_belongs(tmp_path):
    """A customer whose name is their phone (a careless import): the statements name the deal's
    customer, and the report masks it."""
    root = tmp_path / "club"
    assert run("demo", str(root)).exit_code == 0
    recs = load_records(root)
    deal = next(d for d in recs.deals.values() if d.signed.strftime("%Y-%m") == "2026-10")
    path = root / recs.where(recs.leads[deal.lead])[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"name: {recs.leads[deal.lead].name}", "name: 客户13912345678", 1), encoding="utf-8")
    git(root, "commit", "-qam", "a name typed as a phone")
    ok("close", "--month", "2026-10", records=root)
    texts = "".join(p.read_text(encoding="utf-8") for p in (root / "reports").rglob("*") if p.is_file())
    assert "13912345678" not in texts and "客户*******5678" in texts


def test_commit_messages_never_carry_contact_data(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE})
    ok("lead", "set", "L-0001", "phone=13912345678", records=root)
    assert git(root, "log", "-1", "--format=%B").strip() == "lead set: L-0001 phone: changed"
    ok("lead", "set", "L-0001", "email=zhang@example.cn", "wechat=wxzhang88", records=root)
    assert git(root, "log", "-1", "--format=%B").strip() == "lead set: L-0001 email: set, wechat: set"
    ok("lead", "set", "L-0001", "notes=客户换号 13700000002，微信同号", records=root)
    message = git(root, "log", "-1", "--format=%B")
    assert "13700000002" not in message and "*******0002" in message
    log = git(root, "log", "--format=%B")
    assert not PHONE_RUN.search(log) and "zhang@" not in log and "wxzhang88" not in log
    # the file keeps the phone in full: the records are the one place it lives
    assert "13912345678" in (root / "leads/L-0001.yaml").read_text(encoding="utf-8")


def test_a_lead_added_under_a_phone_for_a_name_is_committed_masked(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE})
    lid = ok("lead", "add", "name=13800000003", "source=walk-in", records=root).stdout.strip()
    assert git(root, "log", "-1", "--format=%s").strip() == f"lead add: {lid} *******0003"


def test_a_reason_written_into_the_ownership_log_holds_no_phone(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE})
    ok("lead", "set", "L-0001", "owner=S-2", "--why", "客户来电 13800000009 要求换人", records=root)
    lead = (root / "leads/L-0001.yaml").read_text(encoding="utf-8")
    assert "13800000009" not in lead and "客户来电 *******0009 要求换人" in lead


def test_history_redacts_old_commit_messages_that_quoted_phones(tmp_path):
    """Git history made before this change keeps `phone 138… -> 139…` for good; --redact hides it."""
    root = make_repo(tmp_path / "r", {**BASE})
    path = root / "leads/L-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("13800000001", "13912345678"), encoding="utf-8")
    git(root, "commit", "-qam", "lead set: L-0001 phone 13800000001 -> 13912345678")
    for fmt in ("table", "json", "csv"):
        out = ok("history", "L-0001", "-f", fmt, "--redact", records=root).stdout
        assert not PHONE_RUN.search(out) and "*******5678" in out, out
    out = ok("history", "L-0001", records=root).stdout
    assert "13912345678" in out   # without --redact history shows what git holds


def test_redact_is_a_global_option_anywhere_on_the_line(demo):
    a = ok("--redact", "lead", "show", "L-00011", records=demo).stdout
    b = ok("lead", "show", "L-00011", "--redact", records=demo).stdout
    assert a == b


def test_masks():
    assert mask_phone("18997972484") == "*******2484"
    assert mask_phone("+86 139-1234-5678") == "*********5678"
    assert mask_phone("*******2484") == "*******2484"
    assert mask_email("hr12@abcdef.com.cn") == "h***@***.cn"
    assert mask_wechat("wxk3pq8z") == "wx***"
    assert scrub("call 139-1234-5678 or 13800000001.") == "call *******5678 or *******0001."
    assert scrub("paid 12345678901.00, chart x=247.71153846153845") == "paid 12345678901.00, chart x=247.71153846153845"
    assert redact([{"field": "wechat", "old": "wxa1b2c3", "new": None}]) == [{"field": "wechat", "old": "wx***", "new": None}]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -+.,:;abc电话\n", max_size=60), st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
def test_scrub_leaves_no_mobile_number_in_any_text(before, phone):
    text = scrub(f"{before} {phone} {before}")
    assert phone not in text or phone[-4:] * 3 == phone[:12]   # the number itself is gone
    assert scrub(text) == text                                  # and scrubbing again changes nothing


def test_a_git_commit_id_is_not_taken_for_a_phone_number():
    """A close report names its records commit; a sha with a run of 11+ digits inside it
    (6d8128492b54e429875424162a…) stays whole, while a phone next to Chinese text is still masked."""
    from salesctl.privacy import redact

    sha = "6d8128492b54e429875424162a670233a76d416a"
    assert redact(f"- records: commit `{sha}`") == f"- records: commit `{sha}`"
    assert redact("电话13912345678，") == "电话*******5678，"
