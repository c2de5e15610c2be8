"""salesctl policy show: the effective settings and where each value comes from."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, call, emit, load

policy_app = typer.Typer(help="The policy in force: settings, rule books, where each value comes from.\n\n"
                              "Example: salesctl policy show --department 电销部", no_args_is_help=True)


@policy_app.command("show")
def show(department: Annotated[Optional[str], typer.Option("--department", "-d", help="The policy this department runs (default: the repository's).")] = None,
         fmt: Fmt = "table"):
    """Print every effective setting, its value and where it comes from: default, the preset
    (templates/presets/NAME.yaml:line) or salesctl.yaml:line (a department's overrides too).

    Example: salesctl policy show --department 外联部 --format json
    """
    from salesctl.commands.policy import show as command
    from salesctl.reports.policy import COLUMNS

    def render(result):
        rows = result.data
        if fmt in ("table", "github"):   # a long list (split.rules, score.items) in full in csv and json only
            rows = [{**r, "value": r["value"] if len(r["value"]) <= WIDE else r["value"][:WIDE - 1] + "…"} for r in rows]
        emit(rows, COLUMNS, fmt)

    call(command, load(), department, render=render)


WIDE = 100


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
