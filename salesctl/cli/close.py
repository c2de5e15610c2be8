"""salesctl close --month YYYY-MM: month-end reports, committed and tagged close/YYYY-MM."""
from typing import Annotated, Optional

import typer

from salesctl.cli.common import call, ctx, load, out, writes, write_opts


@writes
def close(month: Annotated[str, typer.Option("--month", "-m", help="The month to close, YYYY-MM.", metavar="YYYY-MM")],
          dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the summary that would be written; change nothing.")] = False,
          reopen: Annotated[bool, typer.Option("--reopen", help="Close an already closed month again with corrected records (needs --why).")] = False,
          why: Annotated[Optional[str], typer.Option("--why", help="Why the month is reopened (kept in the tag's message).")] = None):
    """Month-end: check, then split, score and payout for the month, written to reports/YYYY-MM/ and
    committed; the commit is tagged close/YYYY-MM. Closing again with the same records does nothing.

    Example: salesctl close --month 2026-10 --dry-run
    """
    from salesctl.commands import close as command

    def render(result):
        done = result.data
        if done.action == "dry-run":
            out(done.summary.rstrip())
        elif done.action in ("closed", "reopened"):
            for k, v in done.plan.totals.items():
                out(f"{k}: {v}")

    call(command.close, ctx().records, month, dry_run=dry_run, reopen=reopen, why=why,
         opts=write_opts(), loaded=load, render=render)


def register(app: typer.Typer) -> None:
    app.command("close")(close)
