"""salesctl close --month YYYY-MM: month-end reports, committed and tagged close/YYYY-MM."""
import hashlib
from typing import Annotated, Optional

import typer

from salesctl.cli.common import committed, ctx, load, note, out, transaction, writes, write_options
from salesctl.errors import Exit, UserError


@writes
def close(month: Annotated[str, typer.Option("--month", "-m", help="The month to close, YYYY-MM.", metavar="YYYY-MM")],
          dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the summary that would be written; change nothing.")] = False,
          reopen: Annotated[bool, typer.Option("--reopen", help="Close an already closed month again with corrected records (needs --why).")] = False,
          why: Annotated[Optional[str], typer.Option("--why", help="Why the month is reopened (kept in the tag's message).")] = None):
    """Month-end: check, then split, score and payout for the month, written to reports/YYYY-MM/ and
    committed; the commit is tagged close/YYYY-MM. Closing again with the same records does nothing.

    Example: salesctl close --month 2026-10 --dry-run
    """
    from salesctl import checks, closing, gitops

    closing.check_month(month)
    if reopen and not (why or "").strip():
        raise UserError("--reopen needs --why '…' (the reason is kept in the tag's message)", Exit.USAGE)
    root = ctx().records
    if dry_run:
        loaded = load()
        _refuse_on_errors(checks.run(loaded, closing.frozen_inputs(loaded.source)), month, reopen)
        plan = closing.plan(loaded, month, _records_commit(root) or "(working tree)", _policy_digest(loaded), False)
        out(plan.files[f"reports/{month}/summary.md"].rstrip())
        for path in plan.files:
            note(f"would write {path}")
        return
    with transaction("close") as tx:
        repo = tx.repo
        if repo is None:
            raise UserError("close commits and tags its reports: the records must be in a git repository", Exit.GIT)
        sub = gitops.subdir(repo, root)
        dirty = gitops.dirty_paths(repo, sub)
        if dirty:
            n = len(dirty)
            raise UserError(f"the records have {n} uncommitted change(s) (git status): commit them first, "
                            "so the report names the commit it was computed from", Exit.GIT)
        loaded = tx.loaded
        _refuse_on_errors(checks.run(loaded, closing.frozen_inputs(loaded.source)), month, reopen)
        closed = closing.closed_months(repo)
        plan = closing.plan(loaded, month, _records_commit(root), _policy_digest(loaded), month in closed)
        for path, text in plan.files.items():
            tx.put(path, text)
        tag = plan.tag
        if month in closed and not reopen:
            if tx.pending() and all(_same(root, p, t) for p, t in tx.pending().items()):
                note(f"{month} is closed ({tag}) and nothing changed")
                return
            raise UserError(f"{month} is already closed ({tag}) and its report would change; "
                            f"to close it again: salesctl close --month {month} --reopen --why '…'", Exit.RECORDS)
        if reopen and month not in closed:
            raise UserError(f"{month} is not closed: nothing to reopen (close it without --reopen)", Exit.USAGE)
        result = tx.commit(f"close: {month}" + (f" (reopened: {why.strip()})" if reopen else ""))
        committed(result, f"close: {month}")
        sha = result.sha or repo.head.commit.hexsha
        who = write_options().get("author") or gitops.user(repo)
        message = closing.tag_message(plan, why.strip() if reopen else None, who)
        if reopen:
            prev_sha, prev_msg = gitops.tag_info(repo, tag)
            message += f"\nprevious close: {prev_sha}\n" + "".join(f"  {ln}\n" for ln in prev_msg.splitlines())
        try:
            gitops.tag(repo, tag, sha, message, write_options().get("author"), force=reopen)
        except UserError as e:
            raise UserError(f"the reports are committed ({sha[:8]}) but tagging failed: {e.message}; run close again to tag", Exit.GIT) from None
        note(f"tagged {tag} at {sha[:8]}")
    for k, v in plan.totals.items():
        out(f"{k}: {v}")


def _refuse_on_errors(problems, month: str, reopen: bool) -> None:
    errors = [p for p in problems if p.level == "error"
              and not (reopen and p.code == "frozen" and p.subject == month)]
    if errors:
        raise UserError(f"close: the records have {len(errors)} error(s); nothing was done", Exit.RECORDS, problems=errors)


def _same(root, rel, text) -> bool:
    p = root / rel
    return p.exists() and p.read_text(encoding="utf-8") == text


def _records_commit(root) -> str:
    """The last commit that changed the records (reports left out), so closing again names the same one."""
    from salesctl import gitops

    repo = gitops.find_repo(root)
    return gitops.last_commit_of(repo, gitops.subdir(repo, root), ("reports",)) if repo is not None else ""


def _policy_digest(loaded) -> str:
    try:
        data = loaded.source.read("salesctl.yaml")
    except (FileNotFoundError, KeyError):
        return "the defaults (no salesctl.yaml)"
    return f"`salesctl.yaml` (blake2b {hashlib.blake2b(data, digest_size=8).hexdigest()})"


def register(app: typer.Typer) -> None:
    app.command("close")(close)
