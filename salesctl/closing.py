"""Month-end close: the month's reports, committed and tagged `close/YYYY-MM`; closed months frozen.

- `close_month` computes the month's tables with the same functions the read commands print
  (salesctl.reports), writes reports/YYYY-MM/*.csv and summary.md, commits them and tags the
  commit (annotated, totals in the message). Closing again with the same inputs changes nothing.
- A closed month is frozen: the `frozen` check (salesctl.checks.frozen) reports every record of
  the month that differs from the tag, from the files `frozen_inputs` gathers. Corrections go
  into an open month, or `--reopen --why`.
- A read command asked about a closed month computes from the records at its tag
  (`source_for_month`), so `payout --month M` after close prints exactly the closed report.
- A quarter or a year closes the same way (`close --quarter 2026Q3`, `--year 2026`: reports/2026Q3/,
  tag close/2026Q3) once it has ended; its months need not be closed first (the summary names those
  that are not, whose records may still change). Closing a period freezes nothing of its own: the
  months' tags do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from salesctl.errors import Exit, UserError
from salesctl.kinds import month_folders
from salesctl.i18n import _

TAG_PREFIX = "close/"
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def tag_name(month: str) -> str:
    return f"{TAG_PREFIX}{month}"


def closed_periods(repo) -> dict[str, str]:
    """period label (2026-08, 2026Q3, 2026) -> tag name, for every close tag in the repository."""
    from salesctl.domain.calendar import parse_period

    out = {}
    for t in repo.tags:
        name = t.name
        if name.startswith(TAG_PREFIX):
            try:
                label = parse_period(name[len(TAG_PREFIX):]).label
            except ValueError:
                continue
            if label == name[len(TAG_PREFIX):]:
                out[label] = name
    return dict(sorted(out.items()))


# ----------------------------------------------------------------------------- frozen months
def frozen_paths(period: str) -> tuple[str, ...]:
    """Path prefixes of the files a closed period freezes: a month's by-month records, a quarter's or
    a year's reviews (reviews/2026Q3/: the kinds whose folder may name a period), and staff files (a
    person's file belongs to the period through that period's target)."""
    from salesctl.kinds import KINDS

    folders = month_folders() if MONTH_RE.match(period) else tuple(k.folder for k in KINDS.values() if k.periods and k.frozen)
    return (*(f"{f}/{period}/" for f in folders), "staff/")


def frozen_inputs(source):
    """What the `frozen` check needs from git for `source` (salesctl.gitops.FrozenInputs): every closed
    month, quarter and year."""
    from salesctl import gitops

    return gitops.frozen_inputs(source, closed_periods, frozen_paths, untagged_closes)


def close_subject(label: str) -> str:
    """The subject line of a period's close commit (a reopen or an early close adds to it)."""
    return f"close: {label}"


def untagged_close(repo, sub: str, label: str, rev: str = "HEAD") -> str | None:
    """The commit of a close of `label` that was committed but whose tag was not made (or not moved,
    on a reopen): the last commit up to `rev` that changed reports/<label>/, when it is a close commit
    (`close: <label>` …) and the close tag does not point at it; else None."""
    from salesctl import gitops

    last = gitops.last_change(repo, rev, f"{sub}/reports/{label}" if sub else f"reports/{label}")
    return _untagged(repo, label, last)


def _untagged(repo, label: str, last: tuple[str, str] | None) -> str | None:
    from salesctl import gitops

    if last is None:
        return None
    sha, subject = last
    head = close_subject(label)
    rest = subject[len(head):] if subject.startswith(head) else None
    if rest is None or (rest and (rest[0].isalnum() or rest[0] == "-")):   # not close: 2026Q3 for the year 2026
        return None
    info = gitops.tag_info(repo, tag_name(label))
    return None if info is not None and info[0] == sha else sha


def untagged_closes(repo, sub: str, rev: str, closed: dict) -> dict[str, str]:
    """period -> close commit, for every period with a close commit up to `rev` and no tag on it
    (frozen_inputs' `untagged`; the `untagged` check reports them). One `git log` of reports/."""
    from salesctl import gitops
    from salesctl.domain.calendar import parse_period

    out = {}
    for name, last in sorted(gitops.last_changes(repo, rev, f"{sub}/reports" if sub else "reports").items()):
        try:
            if parse_period(name).label != name:
                continue
        except ValueError:
            continue
        sha = _untagged(repo, name, last)
        if sha is not None:
            out[name] = sha
    return out


# ----------------------------------------------------------------------------- reading a closed month
def source_for_month(root: Path, month: str):
    """The git tree at close/MONTH when that month (or quarter, or year: its label) is closed, else None."""
    from salesctl import gitops
    from salesctl.source import GitTree

    repo = gitops.find_repo(root)
    if repo is None:
        return None
    tag = closed_periods(repo).get(month)
    if tag is None:
        return None
    return GitTree(repo, tag, gitops.subdir(repo, root))


# ----------------------------------------------------------------------------- closing
@dataclass
class ClosePlan:
    month: str
    files: dict[str, str]                     # reports/M/<name> -> text
    totals: dict[str, str]
    records_commit: str
    tag: str
    message: str = ""
    changed: list[str] = field(default_factory=list)
    already_closed: bool = False


def without_contacts(files: dict[str, str]) -> dict[str, str]:
    """The report files with no contact data at all (docs/security.md): the tables hold none (ids,
    names, money), and what looks like a phone or an email in any text (a name typed as a phone) is
    masked (salesctl.privacy.scrub), as it is in git history for good once the reports are committed."""
    from salesctl.privacy import scrub

    return {path: scrub(text) for path, text in files.items()}


def plan(loaded, month: str, records_commit: str, policy_digest: str, already_closed: bool) -> ClosePlan:
    """The report files and tag message for a month (pure: records in, text out): the full tables as
    csv (what the read commands print with --format csv), the meeting report (report.html, K11), a
    short summary.md, and one payout statement per person (statements/<staff>.md)."""
    from salesctl import reports
    from salesctl.domain.calendar import parse_period
    from salesctl.reports import html, meeting
    from salesctl.reports.payout import statement
    from salesctl.render import markdown

    r = loaded.records
    tables = reports.month_tables(r, month)
    base = f"reports/{month}"
    files = {f"{base}/{t.name}.csv": t.csv() + "\n" for t in tables}
    files |= {f"{base}/{t.totals_name}.csv": t.totals_text("csv") + "\n" for t in tables if t.totals_name}
    by_dept = reports.department_totals(r, month)
    m = meeting.meeting(r, parse_period(month))
    notes = (_("records: commit `{commit}`").format(commit=records_commit), _("policy: {policy}").format(policy=policy_digest),
             _("computed by salesctl {version}; `salesctl --at {tag} payout --month {month}` prints these figures again").format(
                 version=reports.version(), tag=tag_name(month), month=month),
             _("the charts: report.html; each person's payout statement: statements/; the full tables: {files}").format(
                 files=", ".join(f"{t.name}.csv" for t in tables)))
    files[f"{base}/summary.md"] = markdown(meeting.summary_document(r, m, _("Month-end close {month}").format(month=month), notes, by_dept))
    files[f"{base}/report.html"] = html.page(m, " · ".join(notes[:2]))
    for row in m.payout:
        files[f"{base}/statements/{row['staff']}.md"] = statement(r, month, row["staff"])
    return ClosePlan(month, without_contacts(files), by_dept["all"], records_commit, tag_name(month), already_closed=already_closed)


def plan_period(loaded, period, records_commit: str, policy_digest: str, already_closed: bool, open_months=()) -> ClosePlan:
    """A quarter's or year's report files and totals (pure: records in, text out): score, payout by
    staff and by line of the period (K11, P4, P7), and summary.md."""
    from salesctl import reports
    from salesctl.document import Bullets, Document, Heading, Rendered
    from salesctl.document import Table as DocTable
    from salesctl.render import markdown

    label = period.label
    tables = reports.period_tables(loaded.records, period)
    files = {f"reports/{label}/{t.name}.csv": t.csv() + "\n" for t in tables}
    files |= {f"reports/{label}/{t.totals_name}.csv": t.totals_text("csv") + "\n" for t in tables if t.totals_name}
    by_dept = reports.period_totals(loaded.records, period)
    notes = [_("records: commit `{commit}`").format(commit=records_commit), _("policy: {policy}").format(policy=policy_digest),
             _("computed by salesctl {version}; `salesctl --at {tag} payout --{kind} {period}` prints these figures again").format(
                 version=reports.version(), tag=tag_name(label), kind=period.kind, period=label),
             _("the months' own lines (commission, grade bonus, deductions …) are in each month's close")]
    if open_months:
        notes.append(_("not closed yet: {months} (their records may still change)").format(months=", ".join(open_months)))
    doc = Document([Heading((_("Quarter close {period}") if period.kind == "quarter" else _("Year close {period}")).format(period=label)), Bullets(tuple(notes)),
                    DocTable(("total", *by_dept), tuple((k, *(t[k] for t in by_dept.values())) for k in by_dept["all"]))])
    for t in tables:
        doc.add(Heading(t.title, 2), Rendered(t.markdown()))
    files[f"reports/{label}/summary.md"] = markdown(doc)
    return ClosePlan(label, without_contacts(files), by_dept["all"], records_commit, tag_name(label), already_closed=already_closed)


def tag_message(p: ClosePlan, reopen_why: str | None, who: str) -> str:
    lines = [f"close: {p.month}", "", f"records: {p.records_commit}"]
    lines += [f"{k}: {v}" for k, v in p.totals.items()]
    if reopen_why:
        lines += ["", _("reopened by {who}: {why}").format(who=who, why=reopen_why)]
    return "\n".join(lines) + "\n"


def check_month(month: str) -> None:
    if not MONTH_RE.match(month or ""):
        raise UserError(_("--month {month!r} is not YYYY-MM").format(month=month), Exit.USAGE)


def check_ended(period, policy, now, early: bool = False) -> None:
    """Refuse to close a period before its last day is over in the business time zone (on `now`),
    naming today there, unless `early`; and refuse `early` for a period that has ended."""
    from salesctl.domain.calendar import local_date, month_bounds, zone_of

    last = month_bounds(period.months[-1])[1]
    today = local_date(now, zone_of(policy))
    if today <= last and not early:
        raise UserError(_("{label} has not ended: today is {today} ({zone}) and its last day is {last}; close it after "
                          "that day, or close it early: salesctl close --{kind} {label} --early --why '…'").format(
                            label=period.label, today=today, zone=policy.general.timezone, last=last, kind=period.kind), Exit.USAGE)
    if today > last and early:
        raise UserError(_("{label} has ended (its last day was {last}): close it without --early").format(label=period.label, last=last), Exit.USAGE)


def months_with_records(source) -> list[str]:
    """The months that have records in `source` (a file under a by-month folder: deals/2026-08/ …), in order."""
    from salesctl.domain.calendar import is_month

    folders = set(month_folders())
    out = set()
    for rel in source.files():
        parts = rel.split("/")
        if len(parts) > 2 and parts[0] in folders and is_month(parts[1]):
            out.add(parts[1])
    return sorted(out)
