"""The one output layer: every list or report is rows of columns, rendered here.

`--format table` (default; tabulate, wide Chinese characters aligned), `csv`, `json` (a list
of objects keyed by column; money as exact numbers), and any other tabulate format
(`github`, `plain`, `simple`, `pipe` …). Headers of tables and csv are in the language in effect
(salesctl.i18n.column); json keys stay the English column ids.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any, Iterable, Sequence

from salesctl.i18n import _, column

FORMATS = ("table", "csv", "json", "github", "plain", "simple", "pipe", "grid", "rst", "tsv", "html")


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
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return str(value)


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


def to_json(data: Any) -> str:
    import msgspec

    enc = msgspec.json.Encoder(decimal_format="number", enc_hook=_enc_hook)
    return msgspec.json.format(enc.encode(_json_value(data)).decode(), indent=2)


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
           headers: dict[str, str] | None = None) -> str:
    """Rows (dicts) as text in `fmt`. Columns default to the keys of the first row."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    if fmt == "json":
        return to_json([{c: r.get(c) for c in columns} for r in rows])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([(headers or {}).get(c) or column(c) for c in columns])
        for r in rows:
            w.writerow([cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    from tabulate import tabulate

    tfmt = "simple" if fmt == "table" else fmt
    heads = [(headers or {}).get(c) or column(c) for c in columns]
    body = [[cell(r.get(c)) for c in columns] for r in rows]
    aligns = ["right" if rows and all(isinstance(r.get(c), (int, float, Decimal)) and not isinstance(r.get(c), bool)
                                      for r in rows if r.get(c) is not None) and any(r.get(c) is not None for r in rows)
              else "left" for c in columns]
    if not rows:
        return tabulate([], headers=heads, tablefmt=tfmt)
    return tabulate(body, headers=heads, tablefmt=tfmt, colalign=aligns, disable_numparse=True)


def render_mapping(pairs: Iterable[tuple[str, Any]], fmt: str = "table") -> str:
    """One record as field/value rows (json: one object)."""
    pairs = list(pairs)
    if fmt == "json":
        return to_json({k: v for k, v in pairs})
    return render([{"field": k, "value": cell(v)} for k, v in pairs], ["field", "value"], fmt)


# ----------------------------------------------------------------------------- documents
def markdown(doc) -> str:
    """A salesctl.document.Document as markdown: blocks apart by one blank line, one newline at the end."""
    return "\n\n".join(_markdown_block(b) for b in doc.blocks).rstrip() + "\n"


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
        return "\n".join(["| " + " | ".join(b.header) + " |", rule, *("| " + " | ".join(r) + " |" for r in b.rows)])
    if isinstance(b, d.Rendered):
        return b.text
    raise TypeError(f"not a document block: {b!r}")
