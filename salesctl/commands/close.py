"""Month-end close and reopen: check, write reports/YYYY-MM/, commit, tag close/YYYY-MM; a quarter
or a year the same way (reports/2026Q3/, close/2026Q3), once it has ended.

The decision table, in order:
- `--reopen` or `--early` without a reason is a usage error; a period that has not ended in the
  business time zone (on `now`) is refused unless `--early --why` (and `--early` of an ended one);
- records with errors refuse (with --reopen, the frozen-month errors of that month are the point);
- a dry run returns the plan and writes nothing;
- the records must be in git, with no uncommitted change (the report names its commit) other than
  files of its own reports left by a close that did not finish (put back as committed, and redone);
- a close committed whose tag could not be made: the tag is made on that commit, nothing else;
- a closed month whose reports would come out the same: nothing changed, nothing done;
- a closed month whose reports would change needs --reopen; --reopen of an open month is refused;
- else the reports are committed and the commit tagged (on reopen, the tag is moved and its
  message keeps the reason and the previous close; an early close keeps its reason in the commit's
  and the tag's message). When the tag cannot be made, the month is committed but not tagged: exit 4,
  saying so and that the same command again finishes it.

A month close (not a dry run) also notes (stderr, always) the earlier months that have records and no close tag.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from salesctl.commands.common import Notes, Result, WriteOptions, committed, read, records_language, transaction
from salesctl.errors import Exit, UserError
from salesctl.i18n import _, ngettext


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
          early: bool = False, opts: WriteOptions = WriteOptions(), loaded=None, notes: Optional[Notes] = None,
          now=None) -> Result:
    """Close `month` — a month YYYY-MM, or a quarter YYYYQn or year YYYY (see the module doc for the
    decision table); Result.data is a Closed. `now`: the time the period must have ended by (in the
    business time zone; None: not asked), unless `early` (with `why`, kept in the messages).

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
    why = (why or "").strip()
    if reopen and not why:
        raise UserError(_("--reopen needs --why '…' (the reason is kept in the tag's message)"), Exit.USAGE)
    if opts.no_commit and not dry_run:
        raise UserError(_("close commits and tags its reports: --no-commit would leave the month neither closed nor open "
                          "(see what it would write with --dry-run)"), Exit.USAGE)
    if early and not why:
        raise UserError(_("--early needs --why '…' (the reason is kept in the close commit's and the tag's messages)"), Exit.USAGE)
    result = Result.start(notes)
    root = Path(root)
    if dry_run:
        loaded = read(root, loaded, opts.progress)
        _check_ended(period, loaded, now, early)
        refuse_on_errors(loaded, month, reopen, opts.progress)
        closed = _closed(root)
        plan = _plan(loaded, period, records_commit(root) or "(working tree)", policy_digest(loaded), False, closed)
        for path in plan.files:
            result.note(_("would write {path}").format(path=path), after=True)
        result.data = Closed("dry-run", plan)
        return result
    with transaction(root, "close", opts, result.notes) as tx:
        _check_ended(period, tx.loaded, now, early)
        result.data = _close(tx, root, period, reopen, why, early, opts, result, now)
    return result


def _check_ended(period, loaded, now, early: bool) -> None:
    """Refuse a period that has not ended on `now` (business time zone) unless early; and --early of one that has."""
    from salesctl import closing

    if now is not None:
        closing.check_ended(period, loaded.records.policy, now, early)


def rerun_command(period, reopen: bool, early: bool) -> str:
    """The command that closes `period` again the same way (what a message tells people to run)."""
    extra = " --reopen --why '…'" if reopen else " --early --why '…'" if early else ""
    return f"salesctl close --{period.kind} {period.label}{extra}"


def _note_open_months(result: Result, loaded, period, closed: dict) -> None:
    """A month close notes the earlier months that have records but no close tag (still open)."""
    from salesctl import closing

    if period.kind != "month":
        return
    earlier = [m for m in closing.months_with_records(loaded.source) if m < period.label and m not in closed]
    if earlier:
        result.note(_("earlier months are still open (they have records and no close tag): {months}; "
                      "close them too: salesctl close --month {first}").format(months=", ".join(earlier), first=earlier[0]),
                    always=True)


def _closed(root: Path) -> dict[str, str]:
    """The closed periods of root's repository (none outside git)."""
    from salesctl import closing, gitops

    repo = gitops.find_repo(root)
    return closing.closed_periods(repo) if repo is not None else {}


def _plan(loaded, period, commit: str, digest: str, already: bool, closed: dict):
    """A month's plan (closing.plan), or a quarter's or year's (closing.plan_period); the reports in
    the records' language (general.language: they are text of the repository)."""
    from salesctl import closing

    with records_language(loaded.records):
        if period.kind == "month":
            return closing.plan(loaded, period.label, commit, digest, already)
        return closing.plan_period(loaded, period, commit, digest, already, [m for m in period.months if m not in closed])


def _close(tx, root: Path, period, reopen: bool, why: str, early: bool, opts: WriteOptions, result: Result, now) -> Closed:
    from salesctl import closing, gitops

    repo = tx.repo
    if repo is None:
        raise UserError(_("close commits and tags its reports: the records must be in a git repository"), Exit.GIT)
    month = period.label
    sub = gitops.subdir(repo, root)
    own = _put_back_unfinished(repo, sub, month, result)
    dirty = [p for p in gitops.dirty_paths(repo, sub) if p not in own]
    if dirty:
        message = _("the records have {n} uncommitted change(s) (git status): {files}; commit them, or move "
                    "files that are not records out of the records folder, first, so the report names the "
                    "commit it was computed from").format(n=len(dirty), files=_named(dirty))
        if own:
            message += _(" (the {n} uncommitted file(s) in reports/{month}/ are left by a close that did not finish: "
                         "do not commit them, close writes them again)").format(n=len(own), month=month)
        raise UserError(message, Exit.GIT)
    loaded = tx.loaded
    refuse_on_errors(loaded, month, reopen, opts.progress)
    closed = closing.closed_periods(repo)
    _note_open_months(result, loaded, period, closed)
    plan = _plan(loaded, period, records_commit(root), policy_digest(loaded), month in closed, closed)
    for path, text in plan.files.items():
        tx.put(path, text)
    tag = plan.tag
    unchanged = bool(tx.pending()) and all(_same(root, p, t) for p, t in tx.pending().items())
    pending_sha = closing.untagged_close(repo, sub, month) if unchanged else None
    if pending_sha is not None:   # committed, then the tag could not be made: make it now, nothing else
        if month in closed and not reopen:
            raise UserError(_("{month} was reopened and committed ({value}) but its tag {tag} was not moved; finish it: {command}").format(
                month=month, value=pending_sha[:8], tag=tag, command=rerun_command(period, True, False)), Exit.USAGE)
        tx.discard_all()
        _subject, message = _messages(repo, loaded, plan, period, reopen, why, early, opts, now)
        _tag(repo, period, tag, pending_sha, message, opts, force=reopen, reopen=reopen, early=early)
        result.note(_("{month} was committed ({value}) but not tagged: tagged {tag} at {value}, no new commit").format(
            month=month, tag=tag, value=pending_sha[:8]))
        return Closed("tagged", plan, pending_sha)
    if month in closed and not reopen:
        if unchanged:
            result.note(_("{month} is closed ({tag}) and nothing changed").format(month=month, tag=tag))
            return Closed("unchanged", plan)
        raise UserError(_("{month} is already closed ({tag}) and its report would change; to close it again: salesctl close --{kind} {month} --reopen --why '…'").format(month=month, tag=tag, kind=period.kind), Exit.RECORDS)
    if reopen and month not in closed:
        raise UserError(_("{month} is not closed: nothing to reopen (close it without --reopen)").format(month=month), Exit.USAGE)
    subject, message = _messages(repo, loaded, plan, period, reopen, why, early, opts, now)
    done = tx.commit(subject + ("\n\n" + message.split("\n", 1)[1].lstrip("\n") if early else ""))
    result.note(committed(done, subject))
    sha = done.sha or repo.head.commit.hexsha
    _tag(repo, period, tag, sha, message, opts, force=reopen, reopen=reopen, early=early)
    result.note(_("tagged {tag} at {value}").format(tag=tag, value=sha[:8]))
    return Closed("reopened" if reopen else "closed", plan, sha)


def _messages(repo, loaded, plan, period, reopen: bool, why: str, early: bool, opts: WriteOptions, now) -> tuple[str, str]:
    """The close commit's subject and the tag's message (in the records' language): the totals; a
    reopen's reason and the previous close; an early close's reason, who and on what day."""
    from salesctl import closing, gitops
    from salesctl.domain.calendar import local_date, zone_of

    month = period.label
    who = opts.author or gitops.user(repo)
    with records_language(loaded.records):   # the commit's and the tag's messages are text of the records
        subject = closing.close_subject(month) + (_(" (reopened: {why})").format(why=why) if reopen else "") \
            + (_(" (early: {why})").format(why=why) if early else "")
        message = closing.tag_message(plan, why if reopen else None, who)
        if early:
            today = local_date(now, zone_of(loaded.records.policy)) if now is not None else "?"
            message += "\n" + _("closed early by {who} on {today}, before the end of {label}: {why}").format(
                who=who.split(" <", 1)[0], today=today, label=month, why=why) + "\n"   # the name: the email is the commit's own field, and no contact data goes into a message
        if reopen:
            prev_sha, prev_msg = gitops.tag_info(repo, plan.tag)
            message += "\n" + _("previous close: {sha}").format(sha=prev_sha) + "\n"
            message += "".join(f"  {ln}\n" for ln in prev_msg.splitlines())
    return subject, message


def _tag(repo, period, tag: str, sha: str, message: str, opts: WriteOptions, *, force: bool, reopen: bool, early: bool) -> None:
    """Tag the close commit; when git cannot, say the period is committed but not tagged, and how to finish it."""
    from salesctl import gitops

    try:
        gitops.tag(repo, tag, sha, message, opts.author, force=force)
    except UserError as e:
        raise UserError(_("{label} is committed ({value}) but not tagged {tag}, so it is neither closed nor open: {message}. "
                          "Fix that, then run `{command}` again: it makes the tag on that commit, with no second commit").format(
                            label=period.label, value=sha[:8], tag=tag, message=e.message, command=rerun_command(period, reopen, early)),
                        Exit.GIT) from None


def _put_back_unfinished(repo, sub: str, month: str, result: Result) -> list[str]:
    """Files of reports/<month>/ left uncommitted by a close that did not finish (killed between
    writing and committing) are put back as committed: the close writes them again, whole. When
    other files have uncommitted changes too, nothing is touched (the close is refused): the files
    are returned either way."""
    from salesctl import gitops

    prefix = f"{sub}/reports/{month}/" if sub else f"reports/{month}/"
    dirty = gitops.dirty_paths(repo, sub)
    own = [p for p in dirty if p.startswith(prefix)]
    if not own or len(own) < len(dirty):
        return own
    gitops.restore_paths(repo, own)
    result.note(ngettext("{n} file of an unfinished close of {month} was put back as committed ({files}); closing again",
                         "{n} files of an unfinished close of {month} were put back as committed ({files}); closing again",
                         len(own)).format(n=len(own), month=month, files=_named(own)))
    return own


def _named(paths: list[str]) -> str:
    """The first 10 paths, and how many more."""
    return ", ".join(paths[:10]) + (_(" … and {n} more").format(n=len(paths) - 10) if len(paths) > 10 else "")


def refuse_on_errors(loaded, month: str, reopen: bool, progress=None) -> None:
    """Refuse to close records with errors; a reopen is for the frozen-month errors of its month, and
    closing a month committed but not tagged is what ends its `untagged` error (`progress`: the checks' callback)."""
    from salesctl import checks

    problems = checks.run_cached(loaded, progress)
    errors = [p for p in problems if p.level == "error"
              and not (reopen and p.code == "frozen" and p.subject == month)
              and not (p.code == "untagged" and p.subject == month)]   # this close is what finishes it
    if errors:
        raise UserError(_("close: the records have {n_errors} error(s); nothing was done").format(n_errors=len(errors)), Exit.RECORDS, problems=errors)


def _same(root: Path, rel: str, text) -> bool:
    from salesctl.writer import read_in_records

    data = read_in_records(root, rel, "close")
    return data is not None and data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n") == text


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
