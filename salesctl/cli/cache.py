"""salesctl cache info|clear."""
from __future__ import annotations

import typer

from salesctl.cli.common import Fmt, call, ctx, emit

cache_app = typer.Typer(help="The cache of parsed record files: only an optimisation; deleting it changes no output.\n\n"
                             "Example: salesctl cache info", no_args_is_help=True)


@cache_app.command("info")
def info(fmt: Fmt = "table"):
    """Where the cache of the records folder is, how big, how many files and records it holds.

    Example: salesctl cache info --format json
    """
    from salesctl.commands.cache import info as command

    call(command, ctx().records, render=lambda result: emit(result.data, ["what", "value"], fmt))


@cache_app.command("clear")
def clear():
    """Remove the cache: the next command reads and parses every file again (a cold run).

    Example: salesctl cache clear
    """
    from salesctl.commands.cache import clear as command

    call(command, ctx().records)


def register(app: typer.Typer) -> None:
    app.add_typer(cache_app, name="cache")
