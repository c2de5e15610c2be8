"""salesctl check: load everything, report every problem."""
from __future__ import annotations

import typer

from salesctl.cli.common import Fmt, check_format, load, note, out


def check(fmt: Fmt = "text",
          warnings: bool = typer.Option(True, "--warnings/--no-warnings", help="Show warnings too.")):
    """Check every record and the policy; print each problem as path:line: level: message.

    Exit status 1 if there is any error, else 0.

    Example: salesctl check --format json
    """
    from salesctl import checks, closing

    loaded = load(usable=False)
    problems = checks.run(loaded, closing.frozen_inputs(loaded.source))
    shown = [p for p in problems if warnings or p.level == "error"]
    errors = sum(p.level == "error" for p in problems)
    if fmt == "text":
        for p in shown:
            out(str(p))
    else:
        check_format(fmt)
        from salesctl.cli.common import emit

        emit([p.as_dict() for p in shown], ["path", "line", "level", "message"], fmt)
    n = len(load(usable=False).files)
    note(f"{n} files checked: {errors} error(s), {len(problems) - errors} warning(s)")
    raise typer.Exit(1 if errors else 0)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
