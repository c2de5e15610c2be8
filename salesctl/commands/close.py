"""Month-end close and reopen: check, write reports/YYYY-MM/, commit, tag close/YYYY-MM; a quarter
or a year the same way (reports/2026Q3/, close/2026Q3), once it has ended.

The decision table, in order:
- `--reopen` without a reason is a usage error; a quarter or year that has not ended is refused;
- records with errors refuse (with --reopen, the frozen-month errors of that month are the point);
- a dry run returns the plan and writes nothing;
- the records must be in git, with no uncommitted change (the report names its commit);
- a closed month whose reports would come out the same: nothing changed, nothing done;
- a closed month whose reports would change needs --reopen; --reopen of an open month is refused;
- else the reports are committed and the commit tagged (on reopen, the tag is moved and its
  message keeps the reason and the previous close).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from salesctl.commands.common import Notes, Result, WriteOptions, committed, read, records_language, transaction
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


@dataclass
class Closed:
    """What close did: action is "dry-run", "unchanged", "closed" or "reopened"."""

    action: str
    plan: object           # closing.ClosePlan
    sha: str = ""          # the commit tagged (closed, reopened)

    @property
    def summary(self) -> str:
        return self.plan.files[f"reports/{self.plan.month}/summary.md"]


def close(root: Path, month: str, *, dry_run: bool = False, reopen: bool = False, why: Optional[str] = None,
          opts: WriteOptions = WriteOptions(), loaded=None, notes: Optional[Notes] = None, now=None) -> Result:
    """Close `month` — a month YYYY-MM, or a quarter YYYYQn or year YYYY (see the module doc for the
    decision table); Result.data is a Closed. `now`: the time a quarter or year must have ended by.

    `loaded`: the records a dry run reads, or a function that loads them (default: the working
    tree of root).
    """
    from salesctl import closing
    from salesctl.domain.calendar import parse_period

    try:
        period = parse_period(month)
    except ValueError:
        period = None
    if period is None or period.kind == "month":
        closing.check_month(month)
    if reopen and not (why or "").strip():
        raise UserError(_("--reopen needs --why '…' (the reason is kept in the tag's message)"), Exit.USAGE)
    result = Result.start(notes)
    root = Path(root)
    if dry_run:
        loaded = read(root, loaded, opts.progress)
        refuse_on_errors(loaded, month, reopen, opts.progress)
        plan = _plan(loaded, period, records_commit(root) or "(working tree)", policy_digest(loaded), False, now,
                     _closed(root))
        for path in plan.files:
            result.note(_("would write {path}").format(path=path), after=True)
        result.data = Closed("dry-run", plan)
        return result
    with transaction(root, "close", opts, result.notes) as tx:
        result.data = _close(tx, root, period, reopen, (why or "").strip(), opts, result, now)
    return result


def _closed(root: Path) -> dict[str, str]:
    """The closed periods of root's repository (none outside git)."""
    from salesctl import closing, gitops

    repo = gitops.find_repo(root)
    return closing.closed_periods(repo) if repo is not None else {}


def _plan(loaded, period, commit: str, digest: str, already: bool, now, closed: dict):
    """A month's plan (closing.plan), or a quarter's or year's once it has ended (closing.plan_period);
    the reports in the records' language (general.language: they are text of the repository)."""
    from salesctl import closing

    if period.kind != "month":
        closing.check_ended(period, loaded.records.policy, now)
    with records_language(loaded.records):
        if period.kind == "month":
            return closing.plan(loaded, period.label, commit, digest, already)
        return closing.plan_period(loaded, period, commit, digest, already, [m for m in period.months if m not in closed])


def _close(tx, root: Path, period, reopen: bool, why: str, opts: WriteOptions, result: Result, now) -> Closed:
    from salesctl import closing, gitops

    repo = tx.repo
    if repo is None:
        raise UserError(_("close commits and tags its reports: the records must be in a git repository"), Exit.GIT)
    dirty = gitops.dirty_paths(repo, gitops.subdir(repo, root))
    if dirty:
        named = ", ".join(dirty[:5]) + (_(" and {n} more").format(n=len(dirty) - 5) if len(dirty) > 5 else "")
        raise UserError(_("the records have {n} uncommitted change(s) (git status): {files}; commit them, or move "
                          "files that are not records out of the records folder, first, so the report names the "
                          "commit it was computed from").format(n=len(dirty), files=named), Exit.GIT)
    month = period.label
    loaded = tx.loaded
    refuse_on_errors(loaded, month, reopen, opts.progress)
    closed = closing.closed_periods(repo)
    plan = _plan(loaded, period, records_commit(root), policy_digest(loaded), month in closed, now, closed)
    for path, text in plan.files.items():
        tx.put(path, text)
    tag = plan.tag
    if month in closed and not reopen:
        if tx.pending() and all(_same(root, p, t) for p, t in tx.pending().items()):
            result.note(_("{month} is closed ({tag}) and nothing changed").format(month=month, tag=tag))
            return Closed("unchanged", plan)
        raise UserError(_("{month} is already closed ({tag}) and its report would change; to close it again: salesctl close --{kind} {month} --reopen --why '…'").format(month=month, tag=tag, kind=period.kind), Exit.RECORDS)
    if reopen and month not in closed:
        raise UserError(_("{month} is not closed: nothing to reopen (close it without --reopen)").format(month=month), Exit.USAGE)
    with records_language(loaded.records):   # the commit's and the tag's messages are text of the records
        subject = f"close: {month}" + (_(" (reopened: {why})").format(why=why) if reopen else "")
        message = closing.tag_message(plan, why if reopen else None, opts.author or gitops.user(repo))
    if reopen:
        prev_sha, prev_msg = gitops.tag_info(repo, tag)
        with records_language(loaded.records):
            message += "\n" + _("previous close: {sha}").format(sha=prev_sha) + "\n"
        message += "".join(f"  {ln}\n" for ln in prev_msg.splitlines())
    done = tx.commit(subject)
    result.note(committed(done, f"close: {month}"))
    sha = done.sha or repo.head.commit.hexsha
    try:
        gitops.tag(repo, tag, sha, message, opts.author, force=reopen)
    except UserError as e:
        raise UserError(_("the reports are committed ({value}) but tagging failed: {message}; run close again to tag").format(value=sha[:8], message=e.message), Exit.GIT) from None
    result.note(_("tagged {tag} at {value}").format(tag=tag, value=sha[:8]))
    return Closed("reopened" if reopen else "closed", plan, sha)


def refuse_on_errors(loaded, month: str, reopen: bool, progress=None) -> None:
    """Refuse to close records with errors; a reopen is for the frozen-month errors of its month
    (`progress`: the checks' callback)."""
    from salesctl import checks, closing

    problems = checks.run(loaded, closing.frozen_inputs(loaded.source), progress)
    errors = [p for p in problems if p.level == "error"
              and not (reopen and p.code == "frozen" and p.subject == month)]
    if errors:
        raise UserError(_("close: the records have {n_errors} error(s); nothing was done").format(n_errors=len(errors)), Exit.RECORDS, problems=errors)


def _same(root: Path, rel: str, text) -> bool:
    p = root / rel
    return p.exists() and p.read_text(encoding="utf-8") == text


def records_commit(root: Path) -> str:
    """The last commit that changed the records (reports left out), so closing again names the same one."""
    from salesctl import gitops

    repo = gitops.find_repo(root)
    return gitops.last_commit_of(repo, gitops.subdir(repo, root), ("reports",)) if repo is not None else ""


def policy_digest(loaded) -> str:
    """The policy a report was computed with, as the summary names it."""
    try:
        data = loaded.source.read("salesctl.yaml")
    except (FileNotFoundError, KeyError):
        return _("the defaults (no salesctl.yaml)")
    return f"`salesctl.yaml` (blake2b {hashlib.blake2b(data, digest_size=8).hexdigest()})"
