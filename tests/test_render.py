"""The one output layer: tables aligned with Chinese (wide) characters, csv, json with exact money."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from wcwidth import wcswidth

from helpers import BASE, run, write_records
from salesctl.render import cell, render, render_mapping

ROWS = [
    {"id": "S-1", "name": "王芳", "team": "会籍一组", "amount": Decimal("3680"), "n": 3, "day": dt.date(2026, 8, 1), "note": None},
    {"id": "S-10", "name": "欧阳娜娜", "team": "T-2", "amount": Decimal("12.5"), "n": 12, "day": None, "note": "末位"},
    {"id": "S-2", "name": "Li Lei", "team": "", "amount": None, "n": None, "day": dt.date(2026, 8, 2), "note": "，。！"},
    {"id": "S-3", "name": "张三·丰", "team": "外销组", "amount": Decimal("-0.5"), "n": 0, "day": None, "note": "ok"},
]
COLUMNS = ["id", "name", "team", "amount", "n", "day", "note"]


def display_cells(line: str) -> list[str]:
    """A line as display columns: a wide character takes two (itself and a filler)."""
    out = []
    for ch in line:
        w = wcswidth(ch)
        out.append(ch)
        if w == 2:
            out.append("")
    return out


def spans(rule_line: str) -> list[tuple[int, int]]:
    """Display spans of the columns from a `----  ----` rule line."""
    result, start = [], None
    for i, ch in enumerate(display_cells(rule_line) + [" "]):
        if ch == "-" and start is None:
            start = i
        elif ch != "-" and start is not None:
            result.append((start, i))
            start = None
    return result


@pytest.mark.parametrize("fmt", ["github", "grid", "pipe"])
def test_boxed_formats_have_lines_of_one_display_width(fmt):
    text = render(ROWS, COLUMNS, fmt)
    widths = {wcswidth(line) for line in text.splitlines()}
    assert len(widths) == 1, text
    assert "欧阳娜娜" in text and "3680.00" in text


def test_table_aligns_wide_characters():
    """`table` is tabulate's simple format, which drops the blanks at the end of a line, so lines
    are not of one width; every cell starts and ends in the same display column instead."""
    text = render(ROWS, COLUMNS, "table")
    lines = text.splitlines()
    assert len(lines) == 2 + len(ROWS)
    cols = spans(lines[1])
    assert len(cols) == len(COLUMNS)
    for line in [lines[0], *lines[2:]]:
        assert wcswidth(line) >= 0  # nothing unprintable
        cells = display_cells(line)
        cells += [" "] * (cols[-1][1] - len(cells))
        assert len(cells) == cols[-1][1], line
        for (a, b), (c, _) in zip(cols, cols[1:]):
            assert all(x == " " for x in cells[b:c]), f"gap not blank: {line!r}"
    # each row's text, cut at the column spans, is exactly the cell's text
    for row, line in zip(ROWS, lines[2:]):
        cells = display_cells(line) + [" "] * cols[-1][1]
        got = ["".join(cells[a:b]).strip() for a, b in cols]
        assert got == [cell(row[c]) for c in COLUMNS], line
    # numbers are right-aligned, text left-aligned
    amount = COLUMNS.index("amount")
    a, b = cols[amount]
    assert "".join((display_cells(lines[2]) + [" "] * 80)[a:b]).endswith("3680.00")
    name = COLUMNS.index("name")
    a, b = cols[name]
    assert "".join(display_cells(lines[3])[a:b]).startswith("欧阳娜娜")


def test_table_through_the_cli_aligns_chinese_names(tmp_path):
    root = write_records(tmp_path / "records", BASE)
    result = run("staff", "list", records=root)
    lines = result.stdout.splitlines()
    cols = spans(lines[1])
    name = cols[1]
    for line, expected in zip(lines[2:], ["王芳", "李雷", "欧阳娜娜"]):
        cells = display_cells(line)
        assert "".join(cells[name[0]:name[1]]).strip() == expected
        assert cells[cols[2][0]:cols[2][0] + 3] == list("T-1")
    github = run("staff", "list", "-f", "github", records=root).stdout.splitlines()
    assert len({wcswidth(line) for line in github}) == 1


def test_csv():
    text = render(ROWS, COLUMNS, "csv")
    assert text == (
        "id,name,team,amount,n,day,note\n"
        "S-1,王芳,会籍一组,3680.00,3,2026-08-01,\n"
        "S-10,欧阳娜娜,T-2,12.50,12,,末位\n"
        "S-2,Li Lei,,,,2026-08-02,，。！\n"
        "S-3,张三·丰,外销组,-0.50,0,,ok"
    )
    assert list(csv.reader(io.StringIO('"a, b"\n'))) == [["a, b"]]
    quoted = render([{"a": 'say "hi", 你好', "b": "x\ny"}], ["a", "b"], "csv")
    assert list(csv.reader(io.StringIO(quoted))) == [["a", "b"], ['say "hi", 你好', "x\ny"]]


def test_json_money_is_an_exact_number_with_two_decimals():
    text = render(ROWS, COLUMNS, "json")
    assert '"amount": 3680.00,' in text
    assert '"amount": 12.50,' in text
    assert '"amount": -0.50,' in text
    data = json.loads(text, parse_float=Decimal)
    assert [r["amount"] for r in data] == [Decimal("3680.00"), Decimal("12.50"), None, Decimal("-0.50")]
    assert data[0] == {"id": "S-1", "name": "王芳", "team": "会籍一组", "amount": Decimal("3680.00"), "n": 3,
                       "day": "2026-08-01", "note": None}
    assert list(data[0]) == COLUMNS  # keys in column order
    # a big amount stays exact (no float on the way)
    big = render([{"amount": Decimal("1234567890123.45")}], ["amount"], "json")
    assert json.loads(big, parse_float=Decimal) == [{"amount": Decimal("1234567890123.45")}]
    assert "1234567890123.45" in big


def test_json_datetimes_keep_their_timezone():
    when = dt.datetime(2026, 8, 3, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert json.loads(render([{"at": when}], ["at"], "json")) == [{"at": "2026-08-03T10:15:00+08:00"}]


def test_money_shows_two_decimals_and_values_as_text():
    assert cell(Decimal("5")) == "5.00"
    assert cell(Decimal("1234.5")) == "1234.50"
    assert cell(None) == ""
    assert cell(True) == "yes" and cell(False) == "no"
    assert cell(1.0) == "1" and cell(2.5) == "2.5" and cell(1 / 3) == "0.33"
    assert cell(dt.date(2026, 8, 1)) == "2026-08-01"
    assert cell(["S-1", "S-2"]) == "S-1, S-2"
    assert "5.00" in render([{"m": Decimal("5")}], ["m"], "table")


def test_order_is_deterministic():
    assert render(ROWS, COLUMNS, "table") == render(list(ROWS), list(COLUMNS), "table")
    assert [line.split()[0] for line in render(ROWS, COLUMNS, "plain").splitlines()[1:]] == ["S-1", "S-10", "S-2", "S-3"]
    # columns: as given, else the first row's keys in order
    assert render(ROWS, None, "csv").splitlines()[0] == ",".join(COLUMNS)
    assert render(ROWS, ["note", "id"], "csv").splitlines()[0] == "note,id"


def test_list_commands_sort_by_id_whatever_the_file_order(tmp_path):
    files = dict(BASE)
    for i in (12, 3, 7):
        files[f"leads/2026/L-{i:04d}.yaml"] = f"""
            id: L-{i:04d}
            name: 客户{i}
            source: web
            created: 2026-08-0{i % 9 + 1}T09:00:00+08:00
        """
    root = write_records(tmp_path / "records", files)
    once = run("lead", "list", "-f", "csv", records=root).stdout
    assert [line.split(",")[0] for line in once.splitlines()[1:]] == ["L-0001", "L-0003", "L-0007", "L-0012"]
    assert run("lead", "list", "-f", "csv", records=root).stdout == once


def test_empty_rows():
    assert render([], ["a", "b"], "json") == "[]"
    assert render([], ["a", "b"], "csv") == "a,b"
    assert render([], ["a", "b"], "table").splitlines()[0].split() == ["a", "b"]


def test_render_mapping():
    pairs = [("id", "L-0001"), ("name", "张三"), ("amount", Decimal("3680"))]
    assert json.loads(render_mapping(pairs, "json"), parse_float=Decimal) == {"id": "L-0001", "name": "张三",
                                                                             "amount": Decimal("3680.00")}
    lines = render_mapping(pairs, "github").splitlines()
    assert len({wcswidth(line) for line in lines}) == 1
    assert "3680.00" in lines[-1]


@pytest.mark.parametrize("fmt", ["plain", "simple", "rst", "tsv", "html"])
def test_other_tabulate_formats(fmt):
    text = render(ROWS, COLUMNS, fmt)
    assert "欧阳娜娜" in text and "3680.00" in text
