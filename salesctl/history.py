"""`salesctl history ID` and `salesctl diff A B`: record-level changes read from git."""
from __future__ import annotations

from pathlib import Path

from salesctl import gitops
from salesctl.changes import Change, compare_file
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def _repo(root: Path):
    repo = gitops.find_repo(root)
    if repo is None:
        raise UserError(_("{root} is not in a git repository: there is no history").format(root=root), Exit.GIT)
    return repo, gitops.subdir(repo, root)


def record_history(root: Path, records, key: str) -> list[dict]:
    """Every commit that changed the record `key`, oldest first, with its field changes."""
    from salesctl import recordops as ro
    from salesctl.kinds import KINDS

    repo, sub = _repo(root)
    path = None
    for kind in KINDS:
        try:
            rec = ro.find(records, kind, key)
        except UserError:
            continue
        path = records.where(rec)[0]
        break
    if path is None:  # deleted since, or never parsed: look for a file named after it
        hits = [p for p in repo.git.log("--all", "--name-only", "--format=", "--", sub or ".").splitlines()
                if p.rsplit("/", 1)[-1] in (f"{key}.yaml", f"{key}.yml")]
        if not hits:
            raise UserError(_("no record {key} now or in the history").format(key=key), Exit.NOT_FOUND)
        full = hits[0]
    else:
        full = f"{sub}/{path}" if sub else path
    out = []
    for entry in reversed(gitops.log_of(repo, full)):
        commit = repo.commit(entry["sha"])
        parent = commit.parents[0].hexsha if commit.parents else None
        file_path = entry["path"]
        new = gitops.file_at(repo, entry["sha"], file_path)
        old = gitops.file_at(repo, parent, file_path) if parent else None
        if old is None and parent:  # renamed in this commit: compare with the previous name
            prev = next((e for e in gitops.log_of(repo, full) if e["sha"] != entry["sha"]), None)
            old = None if prev is None else gitops.file_at(repo, parent, prev["path"])
        rel = file_path[len(sub) + 1:] if sub else file_path
        mine = [c for c in compare_file(rel, old, new) if c.key == key or c.status == "broken"]
        if not mine:
            continue
        for c in mine:
            out.append({"commit": entry["sha"][:8], "date": entry["date"], "author": entry["author"],
                        "message": entry["subject"], "status": c.status, "changes": c})
    return out


def diff(root: Path, a: str = "HEAD", b: str | None = None) -> list[Change]:
    """Records added, removed and changed between revisions a and b (None: the working tree)."""
    from salesctl.source import NotRegular, TooBig, WorkTree

    repo, sub = _repo(root)
    worktree = WorkTree(Path(root))
    out: list[Change] = []
    for rel in gitops.changed_paths(repo, sub, a, b):
        full = f"{sub}/{rel}" if sub else rel
        old = gitops.file_at(repo, a, full)
        if b is None:
            try:
                new = worktree.read(rel)
            except FileNotFoundError:
                new = None
            except (NotRegular, TooBig, OSError):   # a link, a pipe, a huge file: never read (check names it)
                continue
        else:
            new = gitops.file_at(repo, b, full)
        if not rel.endswith((".yaml", ".yml")):
            continue
        out.extend(compare_file(rel, old, new))
    return out
