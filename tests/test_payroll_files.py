"""Files payroll can import (issue 13 item 2): the payroll csv is one row per person, its totals in a
separate --totals file; --encoding for spreadsheets; -o FILE written whole or not at all; json money
with two decimals."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from helpers import run
from test_payout import ATTAINMENT_ONLY, PEOPLE, org

T = {"2026-08": 50000}


def _org(tmp_path, **kw):
    return org(tmp_path, policy=ATTAINMENT_ONLY, targets={"S-1": T, "S-2": T, "S-4": T},
               deals=[("S-1", 70000, "2026-08-05"), ("S-2", "1799.10", "2026-08-05"), ("S-4", 45000, "2026-08-05")], **kw)


def ok(*args, records):
    r = run(*args, records=records)
    assert r.exit_code == 0, r.output + r.stderr
    return r


def test_the_payroll_csv_is_one_row_per_person_and_the_totals_a_file_apart(tmp_path):
    root = _org(tmp_path)
    totals = tmp_path / "totals.csv"
    res = ok("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", "--totals", str(totals), records=root)
    people = list(csv.DictReader(io.StringIO(res.stdout)))
    # the five of PEOPLE, each once, and nothing else
    assert sorted(r["staff"] for r in people) == sorted(PEOPLE) and {r["row"] for r in people} == {"staff"}
    rows = list(csv.DictReader(io.StringIO(totals.read_text(encoding="utf-8"))))
    assert [(r["row"], r["department"]) for r in rows] == [("department", "会籍部"), ("total", "")]
    assert Decimal(rows[-1]["total"]) == sum(Decimal(r["total"]) for r in people)
    # tsv is for scripts too: people only; the table view shows the totals as well
    tsv = ok("payout", "--month", "2026-08", "--by", "staff", "-f", "tsv", records=root).stdout
    assert len(tsv.strip().splitlines()) == 1 + len(PEOPLE)
    table = ok("payout", "--month", "2026-08", "--by", "staff", records=root).stdout
    assert "total 会籍部" in table


def test_csv_and_tsv_are_the_payroll_file_unless_asked_for_lines(tmp_path):
    """`payout --format csv` is one row per person (csv and tsv default to --by staff); the table and json default to lines."""
    root = _org(tmp_path)
    assert ok("payout", "--month", "2026-08", "-f", "csv", records=root).stdout == \
        ok("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", records=root).stdout
    people = list(csv.DictReader(io.StringIO(ok("payout", "--month", "2026-08", "-f", "csv", records=root).stdout)))
    assert sorted(r["staff"] for r in people) == sorted(PEOPLE)
    lines = list(csv.DictReader(io.StringIO(ok("payout", "--month", "2026-08", "--by", "line", "-f", "csv", records=root).stdout)))
    assert "rule" in lines[0] and len(lines) > len(PEOPLE)
    assert "rule" in json.loads(ok("payout", "--month", "2026-08", "-f", "json", records=root).stdout)[0]


def test_totals_go_with_by_staff_only(tmp_path):
    root = _org(tmp_path)
    r = run("payout", "--month", "2026-08", "--totals", str(tmp_path / "t.csv"), records=root)
    assert r.exit_code == 2 and "--totals FILE goes with --by staff" in r.stderr
    assert not (tmp_path / "t.csv").exists()


def test_gbk_and_a_bom_for_spreadsheets(tmp_path):
    root = _org(tmp_path)
    out = tmp_path / "payroll.csv"
    ok("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", "--encoding", "gbk", "-o", str(out), records=root)
    data = out.read_bytes()
    text = data.decode("gbk")
    assert "王芳" in text and "欧阳娜娜" in text and "会籍部" in text
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(PEOPLE)
    try:
        data.decode("utf-8")
        raise AssertionError("not GBK: it decodes as utf-8")
    except UnicodeDecodeError:
        pass
    # on stdout too; utf-8-sig begins with the BOM Excel looks for
    res = ok("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", "--encoding", "gbk", records=root)
    assert "李雷" in res.stdout_bytes.decode("gbk")
    res = ok("score", "--month", "2026-08", "-f", "csv", "--encoding", "utf-8-sig", records=root)
    assert res.stdout_bytes.startswith(b"\xef\xbb\xbf") and "张伟" in res.stdout_bytes.decode("utf-8-sig")


def test_output_file_on_a_report_command(tmp_path):
    root = _org(tmp_path)
    out = tmp_path / "split.json"
    res = ok("split", "--month", "2026-08", "-f", "json", "--output", str(out), records=root)
    assert res.stdout == ""
    assert [r["staff"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["S-1", "S-2", "S-4"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []   # no temporary file left


def test_output_file_of_a_command_that_ends_with_its_exit_status(tmp_path):
    """check ends with its exit status (typer.Exit): a status of 0 is a success, and -o FILE is written;
    1 (the records have errors) writes nothing."""
    root = _org(tmp_path)
    out = tmp_path / "check.json"
    res = ok("check", "-f", "json", "-o", str(out), records=root)
    assert res.stdout == "" and json.loads(out.read_text(encoding="utf-8")) == []
    (root / "staff" / "S-9.yaml").write_text("id: S-9\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    assert run("check", "-f", "json", "-o", str(bad), records=root).exit_code == 1 and not bad.exists()


def test_a_character_gbk_cannot_write_is_an_error_and_nothing_is_written(tmp_path):
    # 𠮷 (U+20BB7) is not in GBK
    root = _org(tmp_path, files={"leads/L-1.yaml": "id: L-1\nname: 𠮷野家\nsource: walk-in\ncreated: 2025-01-05T10:00:00+08:00\nowner: S-1\n"})
    out = tmp_path / "leads.csv"
    r = run("lead", "list", "-f", "csv", "--encoding", "gbk", "-o", str(out), records=root)
    assert r.exit_code == 2, r.output
    assert "cannot encode '𠮷' (U+20BB7)" in r.stderr and "nothing was written" in r.stderr and "Traceback" not in r.output
    assert not out.exists() and list(tmp_path.glob(".leads.csv.*")) == []
    # a file already there is left as it was
    out.write_text("before\n", encoding="utf-8")
    assert run("lead", "list", "-f", "csv", "--encoding", "gbk", "-o", str(out), records=root).exit_code == 2
    assert out.read_text(encoding="utf-8") == "before\n"
    # on stdout: nothing printed either
    r = run("lead", "list", "-f", "csv", "--encoding", "gbk", records=root)
    assert r.exit_code == 2 and r.stdout == ""
    # the same with utf-8-sig is written
    ok("lead", "list", "-f", "csv", "--encoding", "utf-8-sig", "-o", str(out), records=root)
    assert "𠮷野家" in out.read_text(encoding="utf-8-sig")


def test_an_unknown_encoding_is_a_usage_error(tmp_path):
    root = _org(tmp_path)
    r = run("score", "--month", "2026-08", "-f", "csv", "--encoding", "latin-1", "-o", str(tmp_path / "s.csv"), records=root)
    assert r.exit_code == 2 and "--encoding 'latin-1': use one of utf-8, utf-8-sig, gbk" in r.stderr
    assert not (tmp_path / "s.csv").exists()


def test_json_money_has_two_decimals_and_stays_a_number(tmp_path):
    root = _org(tmp_path)
    text = ok("split", "--month", "2026-08", "-f", "json", records=root).stdout
    assert '"amount": 1799.10' in text and '"amount": 70000.00' in text
    amounts = [r["amount"] for r in json.loads(text, parse_float=Decimal)]
    assert Decimal("1799.10") in amounts and all(isinstance(a, Decimal) for a in amounts)   # numbers, not strings


def test_money_typed_on_the_command_line_is_stored_as_typed(tmp_path):
    from helpers import BASE, make_repo

    root = make_repo(tmp_path / "club", BASE)
    ok("deal", "add", "lead=L-0001", "kind=new", "product=年卡", "amount=3000.10", "signed=2026-08-10",
       "payment.date=2026-08-10", "payment.taken_by=S-1", records=root)
    (path,) = (root / "deals").rglob("*.yaml")
    assert "amount: 3000.10\n" in path.read_text(encoding="utf-8")
    ok("deal", "set", path.stem, "profit=1200.50", records=root)
    assert "profit: 1200.50\n" in path.read_text(encoding="utf-8")
    # a staff's monthly target (a map of money) keeps its digits too
    ok("staff", "set", "S-1", "targets.2026-08=50000.00", records=root)
    assert "2026-08: 50000.00" in (root / "staff" / "S-1.yaml").read_text(encoding="utf-8")
    # not a number: refused, nothing written
    r = run("deal", "set", path.stem, "profit=12x.5", records=root)
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert "profit: 1200.50\n" in path.read_text(encoding="utf-8")


def test_a_whole_amount_typed_is_a_plain_number(tmp_path):
    from helpers import BASE, make_repo

    root = make_repo(tmp_path / "club", BASE)
    ok("staff", "set", "S-1", "targets.2026-08=50000", records=root)   # no `!!float` tag: records refuse tags
    assert "2026-08: 50000\n" in (root / "staff" / "S-1.yaml").read_text(encoding="utf-8")
    ok("check", records=root)
