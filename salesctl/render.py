"""The one output layer: every list or report is rows of columns, rendered here.

`--format table` (default; tabulate, wide Chinese characters aligned), `csv`, `json` (a list
of objects keyed by column; money as exact numbers), and any other tabulate format
(`github`, `plain`, `simple`, `pipe` …). Headers of tables and csv are in the language in effect
(salesctl.i18n.column); json keys stay the English column ids.

Output safety, here and nowhere else (docs/security.md):
- text shown in a table (every tabulate format) has its control characters escaped (`visible`):
  ESC, the other C0 and C1 controls, DEL, newlines and tabs inside a cell, and the bidirectional
  overrides, as `\x1b`, `\n`, `\u202e` — a name cannot retitle or repaint a terminal. A cell of
  several lines by design (a lead's ownership log in `show`) is a `Lines`, each line escaped. In
  `github` and `pipe` tables a `|` in a cell is `\\|`. Wide (Chinese) characters stay aligned.
- csv cells a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
  return) get a leading `'` (OWASP's CSV-injection advice); a cell that is a number (a money
  amount -3000.00, a count, a phone +8613900000000) stays as it is. Control characters other than
  newline and tab are escaped as in tables.
- json is exact (its own escapes); C1 controls and bidi overrides are written as \\u00XX escapes.
- `redact=True` (--redact): the data goes through salesctl.privacy.redact first.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any, Iterable, Sequence

from salesctl.escapes import visible
from salesctl.i18n import _, column

FORMATS = ("table", "csv", "json", "github", "plain", "simple", "pipe", "grid", "rst", "tsv", "html")


class Lines(tuple):
    """A cell of several lines by design (a lead's ownership log in `show`): each line is escaped
    on its own and the lines are kept apart by newlines."""



def cell(value: Any) -> str:
    """A value as text for tables and csv: money to two decimals, dates ISO, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Lines):
        return "\n".join(cell(v) for v in value)
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return str(value)


def table_cell(value: Any, fmt: str = "table") -> str:
    """A value as a table shows it: cell(), control characters escaped (a Lines line by line), and
    in github and pipe tables a `|` as `\\|`."""
    if isinstance(value, Lines):
        text = "\n".join(visible(cell(v)) for v in value)
    else:
        text = visible(cell(value))
    return text.replace("|", "\\|") if fmt in PIPE_TABLES else text


PIPE_TABLES = ("github", "pipe")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def csv_cell(value: Any) -> str:
    """A value as a csv cell: cell(), control characters other than newline and tab escaped, and a
    leading `'` when a spreadsheet would run it as a formula (= + - @ tab CR) — unless it is a
    number (-3000.00 stays -3000.00)."""
    raw = cell(value)
    text = visible(raw, keep="\n\t")
    if raw.startswith(FORMULA_START) and not _NUMBER.fullmatch(raw):
        return "'" + text
    return text


_JSON_SHOWN = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _json_value(value: Any):
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def to_json(data: Any, redact: bool = False) -> str:
    """`data` as json (exact: C1 controls and bidi overrides as \\u escapes, as json writes C0 ones)."""
    import msgspec

    if redact:
        from salesctl.privacy import redact as masked

        data = masked(data)
    enc = msgspec.json.Encoder(decimal_format="number", enc_hook=_enc_hook)
    text = msgspec.json.format(enc.encode(_json_value(data)).decode(), indent=2)
    return _JSON_SHOWN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _enc_hook(obj):
    import msgspec

    if isinstance(obj, msgspec.Struct):
        from salesctl.yamlio import to_plain

        return _json_value(to_plain(obj))
    if isinstance(obj, Decimal):
        return obj
    if isinstance(obj, str):   # a str type of the schema's (ClockTime)
        return str(obj)
    raise NotImplementedError(type(obj))


def render(rows: Sequence[dict], columns: Sequence[str] | None = None, fmt: str = "table",
           headers: dict[str, str] | None = None, redact: bool = False) -> str:
    """Rows (dicts) as text in `fmt`. Columns default to the keys of the first row. `redact`:
    contact data masked (salesctl.privacy)."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    if redact:
        from salesctl.privacy import redact as masked

        rows = masked(rows)
    if fmt == "json":
        return to_json([{c: r.get(c) for c in columns} for r in rows])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([csv_cell((headers or {}).get(c) or column(c)) for c in columns])
        for r in rows:
            w.writerow([csv_cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    from tabulate import tabulate

    tfmt = "simple" if fmt == "table" else fmt
    heads = [table_cell((headers or {}).get(c) or column(c), fmt) for c in columns]
    body = [[table_cell(r.get(c), fmt) for c in columns] for r in rows]
    aligns = ["right" if rows and all(isinstance(r.get(c), (int, float, Decimal)) and not isinstance(r.get(c), bool)
                                      for r in rows if r.get(c) is not None) and any(r.get(c) is not None for r in rows)
              else "left" for c in columns]
    if not rows:
        return tabulate([], headers=heads, tablefmt=tfmt)
    return tabulate(body, headers=heads, tablefmt=tfmt, colalign=aligns, disable_numparse=True)


def render_mapping(pairs: Iterable[tuple[str, Any]], fmt: str = "table", redact: bool = False) -> str:
    """One record as field/value rows (json: one object)."""
    pairs = list(pairs)
    if fmt == "json":
        return to_json({k: v for k, v in pairs}, redact)
    return render([{"field": k, "value": v if isinstance(v, Lines) else cell(v)} for k, v in pairs],
                  ["field", "value"], fmt, redact=redact)


# ----------------------------------------------------------------------------- documents
def markdown(doc) -> str:
    """A salesctl.document.Document as markdown: blocks apart by one blank line, one newline at the end."""
    return "\n\n".join(_markdown_block(b) for b in doc.blocks).rstrip() + "\n"


def _md_cell(text: str) -> str:
    """A markdown table cell: control characters escaped, `|` as `\\|`."""
    return visible(text).replace("|", "\\|")


def _markdown_block(b) -> str:
    from salesctl import document as d

    if isinstance(b, d.Heading):
        return f"{'#' * b.level} {b.text}"
    if isinstance(b, d.Paragraph):
        return "\n".join(b.lines)
    if isinstance(b, d.Bullets):
        return "\n".join(f"- {x}" for x in b.items)
    if isinstance(b, d.Table):
        align = b.align or ("l",) * len(b.header)
        rule = "|" + "|".join("--:" if a == "r" else "---" for a in align) + "|"
        return "\n".join(["| " + " | ".join(map(_md_cell, b.header)) + " |", rule,
                          *("| " + " | ".join(map(_md_cell, r)) + " |" for r in b.rows)])
    if isinstance(b, d.Rendered):
        return b.text
    raise TypeError(f"not a document block: {b!r}")
