"""Month-end close: the month's reports, committed and tagged `close/YYYY-MM`; closed months frozen.

- `close_month` computes the month's tables with the same functions the read commands print
  (salesctl.reports), writes reports/YYYY-MM/*.csv and summary.md, commits them and tags the
  commit (annotated, totals in the message). Closing again with the same inputs changes nothing.
- A closed month is frozen: `frozen` (a check pass) reports every record of the month that
  differs from the tag. Corrections go into an open month, or `--reopen --why`.
- A read command asked about a closed month computes from the records at its tag
  (`source_for_month`), so `payout --month M` after close prints exactly the closed report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from salesctl.checks import Checker, check_pass
from salesctl.errors import Exit, UserError, error
from salesctl.kinds import month_folders

TAG_PREFIX = "close/"
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def tag_name(month: str) -> str:
    return f"{TAG_PREFIX}{month}"


def closed_months(repo) -> dict[str, str]:
    """month -> tag name, for every close tag in the repository."""
    out = {}
    for t in repo.tags:
        name = t.name
        if name.startswith(TAG_PREFIX) and MONTH_RE.match(name[len(TAG_PREFIX):]):
            out[name[len(TAG_PREFIX):]] = name
    return dict(sorted(out.items()))


# ----------------------------------------------------------------------------- frozen months
@check_pass("frozen")
def frozen(c: Checker):
    """Records of a closed month that differ from the month's close tag."""
    from salesctl import gitops
    from salesctl.changes import compare_file
    from salesctl.source import GitTree, Overlay, WorkTree

    src = base = c.loaded.source
    pending: set[str] = set()  # a write being validated: its files are not on disk yet
    while isinstance(base, Overlay):
        pending |= set(base.changes)
        base = base.base
    if isinstance(base, WorkTree):
        repo = gitops.find_repo(base.root)
        if repo is None:
            return
        sub, against = gitops.subdir(repo, base.root), None
    elif isinstance(base, GitTree):
        repo, sub, against = base.repo, base.subdir, base.commit.hexsha
    else:
        return
    present = None
    for month, tag in closed_months(repo).items():
        prefixes = tuple(f"{f}/{month}/" for f in month_folders())
        changed = sorted({p for p in [*gitops.changed_paths(repo, sub, tag, against), *pending]
                          if p.startswith(prefixes) or p.startswith("staff/")})
        for rel in changed:
            full = f"{sub}/{rel}" if sub else rel
            old = gitops.file_at(repo, tag, full)
            if present is None:
                present = set(src.files())
            new = src.read(rel) if rel in present else None
            for ch in compare_file(rel, old, new):
                if rel.startswith("staff/"):
                    # a person's file belongs to a closed month only through that month's target
                    if not any(f == f"targets.{month}" or f == "targets" for f, _, _ in ch.fields):
                        continue
                    what = f"the {month} target of staff {ch.key}"
                else:
                    what = f"{ch.kind} {ch.key}"
                verb = {"added": "was added to", "removed": "was removed from"}.get(ch.status, "was changed in")
                yield error(rel, _line_of(new, ch), f"{what} {verb} closed month {month} (tag {tag}); correct it in an open month "
                                    f"(an adjustment or refund deal), or reopen: salesctl close --month {month} --reopen --why '…'",
                            "close", code="frozen", subject=month)


def _line_of(data: bytes | None, ch) -> int:
    """The line of the first changed field of a record in the file's new text (0 when it is gone)."""
    if data is None:
        return 0
    import yaml_rs

    from salesctl.loader import Locator

    text = data.decode("utf-8", "replace")
    first = re.split(r"[.\[]", ch.fields[0][0])[0] if ch.fields else None
    path: tuple = ()
    try:
        raw = yaml_rs.loads(text)
    except Exception:
        return 1
    if isinstance(raw, list):  # a log file: find the entry
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                continue
            if str(item.get("id")) == ch.key or ch.key.endswith(f":{item.get('date')}"):
                path = (i,)
                break
    if first:
        path += (first,)
    return Locator(text).line(path) if path else 1


# ----------------------------------------------------------------------------- reading a closed month
def source_for_month(root: Path, month: str):
    """The git tree at close/MONTH when that month is closed, else None."""
    from salesctl import gitops
    from salesctl.source import GitTree

    repo = gitops.find_repo(root)
    if repo is None:
        return None
    tag = closed_months(repo).get(month)
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


def plan(loaded, month: str, records_commit: str, policy_digest: str, already_closed: bool) -> ClosePlan:
    """The report files and tag message for a month (pure: records in, text out)."""
    from salesctl import reports

    tables = reports.month_tables(loaded.records, month)
    files = {f"reports/{month}/{t.name}.csv": t.csv() + "\n" for t in tables}
    totals = reports.month_totals(loaded.records, month)
    header = [
        f"# Month-end close {month}",
        "",
        f"- records: commit `{records_commit}`",
        f"- policy: {policy_digest}",
        f"- computed by salesctl {reports.version()}; `salesctl --at {tag_name(month)} payout --month {month}` prints these figures again",
        "",
        "| total | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in totals.items()],
        "",
    ]
    body = []
    for t in tables:
        body += [f"## {t.title}", "", t.markdown(), ""]
    files[f"reports/{month}/summary.md"] = "\n".join(header + body).rstrip() + "\n"
    return ClosePlan(month, files, totals, records_commit, tag_name(month), already_closed=already_closed)


def tag_message(p: ClosePlan, reopen_why: str | None, who: str) -> str:
    lines = [f"close: {p.month}", "", f"records: {p.records_commit}"]
    lines += [f"{k}: {v}" for k, v in p.totals.items()]
    if reopen_why:
        lines += ["", f"reopened by {who}: {reopen_why}"]
    return "\n".join(lines) + "\n"


def check_month(month: str) -> None:
    if not MONTH_RE.match(month or ""):
        raise UserError(f"--month {month!r} is not YYYY-MM", Exit.USAGE)
