"""salesctl check: load everything, report every problem."""
from __future__ import annotations

import typer

from salesctl.cli import term
from salesctl.cli.common import Fmt, call, check_format, colour, emit, load, out, progress, shown


def check(fmt: Fmt = "text",
          warnings: bool = typer.Option(True, "--warnings/--no-warnings", help="Show warnings too.")):
    """Check every record and the policy; print each problem as path:line: level: message.

    Exit status 1 if there is any error, else 0.

    Example: salesctl check --format json
    """
    from salesctl.commands.check import check as command

    def render(result):
        if fmt == "text":
            coloured = colour()
            for p in result.data:
                out(term.levels(shown(str(p)), coloured), shown_already=True)
        else:
            check_format(fmt)
            emit([p.as_dict() for p in result.data], ["path", "line", "level", "message"], fmt)

    result = call(command, load(usable=False), warnings=warnings, render=render, progress=progress())
    raise typer.Exit(result.status)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
