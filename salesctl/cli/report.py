"""salesctl report --month M | --week W [--team T] [--html FILE]: the meeting report (K11)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from salesctl.cli.common import ctx, load_for, note, out, outputs, period_or_week, shown, write_output
from salesctl.errors import Exit, UserError


@outputs
def report(
    month: Annotated[Optional[str], typer.Option("--month", "-m", help="A month, YYYY-MM.", metavar="YYYY-MM")] = None,
    week: Annotated[Optional[str], typer.Option("--week", "-w", help="An ISO week in the business time zone, e.g. 2026-W43 (for the weekly meeting).", metavar="YYYY-Www")] = None,
    team: Annotated[Optional[str], typer.Option("--team", "-t", help="Only this team's people.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write the report as one self-contained HTML page with charts to FILE (opens without network).", metavar="FILE")] = None,
):
    """The meeting report: leaderboard, each team's sales against target, each person's trend over
    the last months (report.trend_months), the telesales funnel, the flags and the payout (K11).

    Without --html: the short summary, markdown, as close writes it to summary.md. With --html FILE:
    one HTML page with bar and line charts drawn inline, for the weekly or monthly meeting.

    Example: salesctl report --month 2026-10
    Example: salesctl report --month 2026-10 --html /tmp/report-2026-10.html
    Example: salesctl report --week 2026-W43 --team T-01 --html /tmp/report-2026-W43.html
    """
    from salesctl import reports
    from salesctl.i18n import _
    from salesctl.reports import html as pages
    from salesctl.reports import meeting
    from salesctl.render import markdown

    period = period_or_week(month, week)
    loaded = load_for(period)
    r = loaded.records
    if team and team not in r.teams:
        raise UserError(_("no team {team}").format(team=team), Exit.NOT_FOUND)
    m = meeting.meeting(r, period, team)
    if html is not None:
        write_output(html, shown(pages.page(m, _("computed by salesctl {version} from {records}").format(
            version=reports.version(), records=ctx().at or str(ctx().records)))), "utf-8")
        note(_("wrote {path}").format(path=html))
    else:
        heading = (_("Team meeting, week {period}") if m.kind == "week" else _("Team meeting, {period}")).format(period=m.period)
        depts = reports.department_totals(r, period.label) if m.kind == "month" and not team else None
        out(markdown(meeting.summary_document(r, m, heading, (), depts)).rstrip())


def register(app: typer.Typer) -> None:
    app.command("report")(report)
