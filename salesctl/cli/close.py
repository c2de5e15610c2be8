"""salesctl close --month YYYY-MM | --quarter YYYYQn | --year YYYY: reports, committed and tagged close/<period>."""
from typing import Annotated, Optional

import typer

from salesctl.cli.common import call, clock, ctx, load, out, period_of, writes, write_opts


@writes
def close(month: Annotated[Optional[str], typer.Option("--month", "-m", help="The month to close, YYYY-MM.", metavar="YYYY-MM")] = None,
          quarter: Annotated[Optional[str], typer.Option("--quarter", help="A quarter to close, e.g. 2026Q3 (after its last day).", metavar="YYYYQn")] = None,
          year: Annotated[Optional[str], typer.Option("--year", help="A year to close, e.g. 2026 (after its last day).", metavar="YYYY")] = None,
          dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the summary that would be written; change nothing.")] = False,
          reopen: Annotated[bool, typer.Option("--reopen", help="Close an already closed period again with corrected records (needs --why).")] = False,
          why: Annotated[Optional[str], typer.Option("--why", help="Why the period is reopened, or closed early (kept in the commit's and the tag's messages).")] = None,
          early: Annotated[bool, typer.Option("--early", help="Close a period before it has ended in the business time zone (needs --why).")] = False):
    """Month-end: check, then split, score and payout for the month, written to reports/YYYY-MM/ and
    committed; the commit is tagged close/YYYY-MM. Closing again with the same records does nothing.
    A quarter or a year (once ended): its score and its payout (P4 quarterly or yearly bonus, P7)
    in reports/2026Q3/, tagged close/2026Q3.

    A period that has not ended in the business time zone (general.timezone) is refused (exit 2)
    unless --early --why '…'; earlier months still open are named on stderr. A close whose tag could
    not be made (exit 4) is finished by the same command again: it tags the commit already made.
    --author (or SALESCTL_AUTHOR) 'Name <email>' is the author, committer and tagger: no git
    configuration needed (cron).

    Example: salesctl close --month 2026-10 --dry-run
    Example: salesctl close --quarter 2026Q3
    """
    from salesctl.commands import close as command

    period = period_of(month, quarter, year)

    def render(result):
        done = result.data
        if done.action == "dry-run":
            out(done.summary.rstrip())
        elif done.action in ("closed", "reopened", "tagged"):
            for k, v in done.plan.totals.items():
                out(f"{k}: {v}")

    call(command.close, ctx().records, period.label, dry_run=dry_run, reopen=reopen, why=why, early=early,
         opts=write_opts(), loaded=load, render=render, now=clock())


def register(app: typer.Typer) -> None:
    app.command("close")(close)
