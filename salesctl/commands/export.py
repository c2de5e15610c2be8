"""salesctl export: the records and every month's figures as Parquet, for a head office's warehouse.

A chain of clubs keeps one records repository per club. `export` writes, for one or several clubs,
one Parquet file per table into a folder; each row carries its `club`. Head office loads the files
into DuckDB, Spark or any warehouse: the distributed part is the engine it already uses.

Tables (docs/scale.md lists every column and its type):
- one per record kind (`lead.parquet`, `deal.parquet`, `visit.parquet`, …): the record's fields as
  the schema defines them (salesctl/schema.py); money is decimal(18,2), dates are dates, date-times
  are UTC timestamps, nested fields (a lead's ownership log, a deal's shares) are JSON text;
- `split.parquet`, `score.parquet`, `payout.parquet` (the payroll file), `payout_lines.parquet`:
  every month's rows exactly as `split --format csv`, `score --format csv`, `payout --by staff
  --format csv` and `payout --by line --format csv` give them, with `club` and `month` columns.
  A closed month's figures are computed from the records at its close tag, as those commands do.

Pure up to the files: tables are built in memory from loaded records, then each file is written
whole (temporary file and rename) or not at all.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Optional

from salesctl.commands.common import Notes, Result
from salesctl.errors import Exit, UserError
from salesctl.i18n import _

MONEY = "money"      # decimal(18,2)
NUMBER = "number"    # a figure's number (rates, percents, counts): decimal(18,2), as its csv prints it;
                     # a record's plain Decimal field (a share's percent): decimal(18,4)
CENT = Decimal("0.01")
TEXT = "text"
DATE = "date"

# The figures' tables: the columns whose type is not NUMBER (any other column of a figure is a number
# as the command prints it, e.g. a score's indicators; empty cells are nulls).
FIGURE_TYPES = {
    "split": {"deal": TEXT, "date": DATE, "customer": TEXT, "amount": MONEY, "staff": TEXT, "share": NUMBER,
              "credited": MONEY, "rule": TEXT},
    "score": {"staff": TEXT, "name": TEXT, "team": TEXT, "department": TEXT, "channel": TEXT, "sales": MONEY,
              "target": MONEY, "grade": TEXT},
    "payout": {"row": TEXT, "staff": TEXT, "name": TEXT, "team": TEXT, "department": TEXT, "target": MONEY,
               "grade": TEXT, "flags": TEXT, "sales": MONEY, "top3": MONEY, "dept_top": MONEY, "streaks": MONEY,
               "commission": MONEY, "grade_bonus": MONEY, "titles": MONEY, "rewards": MONEY, "deductions": MONEY,
               "total": MONEY},
    "payout_lines": {"staff": TEXT, "name": TEXT, "team": TEXT, "department": TEXT, "rule": TEXT, "code": TEXT,
                     "kind": TEXT, "what": TEXT, "amount": MONEY, "arithmetic": TEXT, "evidence": TEXT},
}
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def export(clubs: list[tuple[str, Path]], out_dir: Path, months: Optional[list[str]] = None,
           notes: Optional[Notes] = None, progress=None) -> Result:
    """Write every table for `clubs` ((name, records folder) pairs) into out_dir.
    Result.data: [(file name, rows)] in the order written."""
    pa, pq = _arrow()
    result = Result.start(notes)
    names = [c for c, _unused in clubs]
    if len(set(names)) != len(names):
        raise UserError(_("export: two clubs have the same name ({names}): give each --records its own --club").format(names=", ".join(names)), Exit.USAGE)
    for m in months or ():
        if not MONTH_RE.match(m):
            raise UserError(_("--month {month!r} is not YYYY-MM").format(month=m), Exit.USAGE)
    tables: dict[str, list] = {}
    for club, root in clubs:
        for name, table in club_tables(pa, club, root, months, progress):
            tables.setdefault(name, []).append(table)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, parts in tables.items():
        table = pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]
        _write(pa, pq, table, out_dir / f"{name}.parquet")
        written.append((f"{name}.parquet", table.num_rows))
    result.data = written
    result.note(_("{n} file(s) written to {dir} for {clubs}").format(n=len(written), dir=out_dir, clubs=", ".join(names)), after=True)
    return result


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UserError(_("export --format parquet needs pyarrow: pip install 'salesctl[export]'"), Exit.USAGE) from None
    return pa, pq


def club_tables(pa, club: str, root: Path, months: Optional[list[str]], progress=None) -> Iterable[tuple[str, Any]]:
    """(table name, pyarrow Table) of one club: its records, then its months' figures."""
    from salesctl.commands.common import refuse_unusable
    from salesctl.kinds import KINDS
    from salesctl.loader import load
    from salesctl.source import WorkTree

    if not Path(root).is_dir():
        raise UserError(_("no records folder at {root}").format(root=root), Exit.USAGE)
    loaded = load(WorkTree(Path(root)), progress=progress)
    refuse_unusable(loaded)
    bad = [p for p in loaded.problems if p.level == "error"]
    if bad:
        raise UserError(_("{root}: the records have errors; nothing was exported (run salesctl check)").format(root=root), Exit.RECORDS, problems=bad[:20])
    for name, kind in KINDS.items():
        held = loaded.records.of(name)
        recs = list(held.values()) if isinstance(held, dict) else list(held)
        yield name, record_table(pa, club, kind.type, recs)
    for name, rows, columns in figures(loaded, root, months or months_of(loaded)):
        yield name, figure_table(pa, club, name, rows, columns)


def months_of(loaded) -> list[str]:
    """Every month some monthly record falls in (the month folders of the records)."""
    from salesctl.kinds import KINDS

    folders = {k.folder for k in KINDS.values() if k.by_month}
    out = set()
    for path in loaded.files:
        parts = path.split("/")
        if len(parts) > 2 and parts[0] in folders and MONTH_RE.match(parts[1]):
            out.add(parts[1])
    return sorted(out)


def figures(loaded, root: Path, months: list[str]) -> Iterable[tuple[str, list[dict], list[str]]]:
    """(table, rows, columns) of each month's split, score and payout, as the read commands give them
    (a closed month from its close tag)."""
    from salesctl import reports
    from salesctl.closing import source_for_month
    from salesctl.loader import load

    collected: dict[str, tuple[list, list]] = {}
    for month in months:
        src = source_for_month(root, month)
        records = load(src).records if src is not None else loaded.records
        for name, table in (("split", reports.split_by_deal(records, month, script=True)),
                            ("score", reports.score_month(records, month)),
                            ("payout", reports.payout_staff(records, month)),
                            ("payout_lines", reports.payout_lines(records, month, "csv"))):
            rows, columns = collected.setdefault(name, ([], []))
            for c in table.columns:
                if c not in columns and c != "month":
                    columns.append(c)
            rows.extend({**r, "month": month} for r in table.rows)
    for name, (rows, columns) in collected.items():
        yield name, rows, ["month", *columns]


# ----------------------------------------------------------------------------- arrow tables
def record_table(pa, club: str, struct: type, recs: list):
    import msgspec

    fields = msgspec.structs.fields(struct)
    hints = typing.get_type_hints(struct, include_extras=False)
    schema = [pa.field("club", pa.string(), nullable=False)]
    columns = [[club] * len(recs)]
    for f in fields:
        kind, arrow = arrow_type(pa, hints[f.name])
        schema.append(pa.field(f.name, arrow))
        columns.append([cell(kind, getattr(r, f.name)) for r in recs])
    return pa.Table.from_arrays([pa.array(col, type=fld.type) for col, fld in zip(columns, schema)], schema=pa.schema(schema))


def arrow_type(pa, tp) -> tuple[str, Any]:
    """(how to convert a value, the Arrow type) of a schema annotation."""
    from salesctl.schema import Money

    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, getattr(types, "UnionType", typing.Union)) and len(args) == 1:
        tp = args[0]
    if typing.get_origin(tp) is typing.Literal:
        return TEXT, pa.string()
    if tp is bool:
        return "bool", pa.bool_()
    if tp is int:
        return "int", pa.int64()
    if tp is float:
        return "float", pa.float64()
    if isinstance(tp, type) and issubclass(tp, Money):
        return MONEY, pa.decimal128(18, 2)
    if isinstance(tp, type) and issubclass(tp, Decimal):
        return NUMBER, pa.decimal128(18, 4)
    if tp is dt.datetime:
        return "datetime", pa.timestamp("us", tz="UTC")
    if tp is dt.date:
        return DATE, pa.date32()
    if isinstance(tp, type) and issubclass(tp, str):
        return TEXT, pa.string()
    return "json", pa.string()


def cell(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "json":
        from salesctl.yamlio import to_plain

        plain = to_plain(value)
        if plain in ((), [], {}, None):
            return None
        return json.dumps(plain, ensure_ascii=False, default=str, sort_keys=False)
    if kind in (MONEY, NUMBER):
        return Decimal(value)
    if kind == TEXT:
        return str(value)
    return value


def figure_table(pa, club: str, name: str, rows: list[dict], columns: list[str]):
    types = FIGURE_TYPES[name]
    arrow = {MONEY: pa.decimal128(18, 2), NUMBER: pa.decimal128(18, 2), TEXT: pa.string(), DATE: pa.date32()}
    schema = [pa.field("club", pa.string(), nullable=False), pa.field("month", pa.string(), nullable=False)]
    arrays = [pa.array([club] * len(rows), pa.string()), pa.array([r["month"] for r in rows], pa.string())]
    for c in columns[1:]:
        kind = types.get(c, NUMBER)
        schema.append(pa.field(c, arrow[kind]))
        arrays.append(pa.array([_figure_cell(kind, r.get(c)) for r in rows], arrow[kind]))
    return pa.Table.from_arrays(arrays, schema=pa.schema(schema))


def _figure_cell(kind: str, value: Any) -> Any:
    """A figure's cell as its csv shows it (salesctl.render.cell: numbers to two decimals), typed."""
    from salesctl.render import cell as shown

    if isinstance(value, (list, tuple)):
        value = "; ".join(map(shown, value))
    if value is None or value == "":
        return None
    if kind in (MONEY, NUMBER):
        return (value if isinstance(value, Decimal) else Decimal(shown(value))).quantize(CENT)
    if kind == DATE:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return shown(value)


def _write(pa, pq, table, path: Path) -> None:
    """One Parquet file, whole or not at all: built in memory, then salesctl.files.atomic_write."""
    from salesctl.files import atomic_write

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write(path, sink.getvalue().to_pybytes())
