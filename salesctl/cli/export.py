"""salesctl export: records and figures of one or several clubs as Parquet files (a head office's warehouse)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from salesctl.cli.common import call, ctx, emit, progress
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def export(
    directory: Annotated[Path, typer.Argument(help="The folder to write the Parquet files into (made when missing; files of the same name are replaced).", metavar="DIR")],
    to: Annotated[str, typer.Option("--format", help="The file format: parquet.", metavar="parquet")] = "parquet",
    records: Annotated[Optional[list[Path]], typer.Option("--records", "-R", help="A club's records folder; give it once per club (default: the global --records).", metavar="DIR")] = None,
    club: Annotated[Optional[list[str]], typer.Option("--club", help="The club's name in the `club` column, once per --records in the same order (default: the folder's name).", metavar="NAME")] = None,
    month: Annotated[Optional[list[str]], typer.Option("--month", "-m", help="Only these months' figures (repeat it); default: every month with records.", metavar="YYYY-MM")] = None,
):
    """Every record kind, and every month's split, score and payout lines, as Parquet files with a
    `club` column, for DuckDB, Spark or any warehouse (docs/scale.md has the schema and a query).

    Example: salesctl export --format parquet /tmp/export
    Example: salesctl demo /tmp/south --seed 2 && salesctl export --format parquet /tmp/chain --records . --club 北店 --records /tmp/south --club 南店
    """
    from salesctl.commands import export as command

    if to != "parquet":
        raise UserError(_("--format {fmt!r}: export writes parquet").format(fmt=to), Exit.USAGE)
    if ctx().at:
        raise UserError(_("export reads the working tree (and each closed month at its close tag): leave out --at"), Exit.USAGE)
    roots = list(records or [ctx().records])
    names = list(club or [])
    if len(names) > len(roots):
        raise UserError(_("--club given {n} time(s) for {m} --records folder(s)").format(n=len(names), m=len(roots)), Exit.USAGE)
    names += [_name_of(r) for r in roots[len(names):]]
    call(command.export, list(zip(names, roots)), directory, month, progress=progress(),
         render=lambda r: emit([{"file": f, "rows": n} for f, n in r.data], ["file", "rows"], "table"))


def _name_of(root: Path) -> str:
    """A club's default name: its records folder's name (the repository's when the folder is `records`)."""
    p = Path(root).resolve()
    return p.parent.name if p.name == "records" and p.parent.name else p.name


def register(app: typer.Typer) -> None:
    app.command("export")(export)
