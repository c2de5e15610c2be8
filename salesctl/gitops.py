"""The one git module: finding the repository, its state, the writers' lock, commits, trees.

Plain functions over GitPython. salesctl commits only the files it wrote, refuses to commit
during a merge or rebase or on a detached HEAD (unless allowed), and never leaves a lock.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import time
from pathlib import Path
from typing import Callable

from salesctl.frozen import NOTHING_CLOSED, FrozenFile, FrozenInputs
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


def find_repo(path: Path):
    """The git repository holding path, or None."""
    import git

    try:
        return git.Repo(Path(path).resolve(), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def subdir(repo, root: Path) -> str:
    """root's path inside the repository's work tree (posix, '' for the top)."""
    rel = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve())
    return "" if str(rel) == "." else rel.as_posix()


def tree_source(root: Path, rev: str):
    """The records folder `root` as it was at `rev`, read from git's object database."""
    from salesctl.source import GitTree

    repo = find_repo(root)
    if repo is None:
        raise UserError(_("--at needs a git repository, and {root} is not in one").format(root=root), Exit.GIT)
    try:
        return GitTree(repo, rev, subdir(repo, root))
    except Exception as e:  # gitdb BadName, ValueError ...
        raise UserError(_("no such revision {rev!r} in {working_tree_dir} ({error})").format(rev=rev, working_tree_dir=repo.working_tree_dir, error=type(e).__name__), Exit.GIT) from None


def state_problem(repo, allow_detached: bool = False) -> str | None:
    """Why salesctl must not commit here now, or None."""
    gd = Path(repo.git_dir)
    if (gd / "MERGE_HEAD").exists():
        return "a merge is in progress (finish it or `git merge --abort` first)"
    if (gd / "rebase-merge").exists() or (gd / "rebase-apply").exists():
        return "a rebase is in progress (finish it or `git rebase --abort` first)"
    if (gd / "CHERRY_PICK_HEAD").exists() or (gd / "REVERT_HEAD").exists():
        return "a cherry-pick or revert is in progress"
    if repo.head.is_detached and not allow_detached:
        return "HEAD is detached (check out a branch, or pass --allow-detached)"
    return None


AUTHOR_RE = r"^\s*([^<>\n]*[^<>\s])\s*<([^<>\s]+)>\s*$"


def parse_author(text: str) -> tuple[str, str]:
    """(name, email) of 'Name <email>' (--author, SALESCTL_AUTHOR); ValueError when it is not that shape."""
    import re

    m = re.match(AUTHOR_RE, text or "")
    if not m:
        raise ValueError(text)
    return m.group(1), m.group(2)


def identity_env(author: str | None) -> dict[str, str]:
    """The environment that makes `author` ('Name <email>') both the author and the committer (and
    the tagger) of what a git child makes, so no git configuration is needed; {} for None."""
    if not author:
        return {}
    name, email = parse_author(author)
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def _git_detail(e) -> str:
    """git's own words from a failed command, on one line; its "who are you" in ours."""
    import re

    detail = (e.stderr or e.stdout or "").strip()
    detail = re.sub(r"^(stderr|stdout): '(.*)'$", r"\2", detail, flags=re.S).strip().splitlines()
    detail = " ".join(line.strip() for line in detail if line.strip())
    lock = re.search(r"Unable to create '([^']+\.lock)': File exists", detail)
    if lock:
        return _("git's lock file {path} is there (another git running, or left by one that crashed): "
                 "when no git is running, remove it").format(path=lock.group(1))
    if "user.email" in detail or "identity" in detail.lower():
        detail = _("git does not know who you are: set git config user.name and user.email, or pass "
                   "--author 'Name <email>' (or set SALESCTL_AUTHOR='Name <email>', e.g. in a crontab)")
    return detail


def commit_paths(repo, paths: list[Path], message: str, author: str | None = None) -> str:
    """Commit exactly `paths` (absolute) with `message`; other staged or changed files stay as they are.
    `author` ('Name <email>') is the commit's author and committer both (else git's own identity).

    Returns the new commit's sha. Raises UserError(Exit.GIT) when git refuses.
    """
    import git

    top = Path(repo.working_tree_dir).resolve()
    rels = [Path(p).resolve().relative_to(top).as_posix() for p in paths]
    try:
        with repo.git.custom_environment(**identity_env(author)):
            repo.git.add("--", *rels)
            repo.git.commit("--only", "--no-verify", "-q", "-m", message, "--", *rels)
    except BaseException as e:
        try:  # leave the index as it was: nothing of ours staged
            if repo.head.is_valid():
                repo.git.reset("-q", "--", *rels)
            else:
                repo.git.rm("-q", "--cached", "--ignore-unmatch", "--", *rels)
        except git.GitCommandError:
            pass
        if not isinstance(e, git.GitCommandError):
            raise
        raise UserError(_("git commit failed: {detail}").format(detail=_git_detail(e)), Exit.GIT) from None
    return repo.head.commit.hexsha


def init_repo(root: Path, message: str, author: str | None = None) -> str:
    """git init root (branch main) and commit everything in it (`author`: as commit_paths)."""
    import git

    repo = git.Repo.init(root, initial_branch="main")
    try:
        with repo.git.custom_environment(**identity_env(author)):
            repo.git.add("-A")
            repo.git.commit("--no-verify", "-q", "-m", message)
    except git.GitCommandError as e:
        raise UserError(_("git commit failed: {detail}").format(detail=_git_detail(e)), Exit.GIT) from None
    return repo.head.commit.hexsha


def lock_path(root: Path) -> Path:
    repo = find_repo(root)
    if repo is not None:
        return Path(repo.git_dir) / "salesctl.lock"
    return Path(root) / ".salesctl.lock"


@contextlib.contextmanager
def writer_lock(root: Path, command: str, wait: float = 0.0, on_notice: Callable[[str], None] | None = None):
    """Hold the records' writer lock; wait up to `wait` seconds, else UserError(Exit.LOCKED).

    An flock on a file in the git directory: the kernel releases it if the process dies, so
    no stray lock survives a crash; the file itself is removed on release. A lock file left by a
    process that is gone (killed: the pid written in it no longer runs on this host) is taken
    over, with a notice to `on_notice`.
    """
    path = lock_path(root)
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            holder = _read_holder(fd)
            for _unused in range(25):  # the holder writes who it is just after taking the lock
                if holder != "holder unknown":
                    break
                time.sleep(0.02)
                holder = _read_holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise UserError(_("another salesctl is writing to these records ({holder}); try again, or pass --wait SECONDS").format(holder=holder),
                                Exit.LOCKED) from None
            time.sleep(0.05)
            continue
        try:  # the file we locked may have been removed by the previous holder: lock the live one
            if os.fstat(fd).st_ino != os.stat(path).st_ino:
                os.close(fd)
                continue
        except FileNotFoundError:
            os.close(fd)
            continue
        break
    stale = _stale_holder(fd)
    if stale and on_notice is not None:
        on_notice("salesctl: " + _("took over a stale salesctl lock of pid {pid} ({holder}): that process is gone").format(pid=stale[0], holder=stale[1]))
    try:
        with contextlib.suppress(OSError):  # a full disk: the lock is held all the same, its holder unnamed
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}: salesctl {command}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def alive(pid: int) -> bool:
    """Whether process pid exists on this host (a zombie counts as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2:][:1] != "Z"
    except (OSError, ValueError):
        return True


def _stale_holder(fd: int) -> tuple[int, str] | None:
    """(pid, what it was doing) of the process named in a lock file we just took, when that
    process no longer exists on this host: it was killed while holding the lock."""
    import re

    text = _read_holder(fd)
    m = re.match(r"pid (\d+) on (\S+): (.*)$", text)
    if not m or m.group(2) != socket.gethostname() or int(m.group(1)) == os.getpid():
        return None
    pid = int(m.group(1))
    return None if alive(pid) else (pid, m.group(3))


def index_lock_problem(repo) -> str | None:
    """A message when git's index.lock is there (a git command at work, or one killed half-way):
    salesctl's own killed commit is cleared by recovery (salesctl.journal), any other is the user's."""
    lock = Path(repo.git_dir) / "index.lock"
    if not lock.exists():
        return None
    return _("{path} exists: another git command is running in this repository, or one was killed before it finished. "
             "If no git command is running, remove it (rm {path}) and run again; nothing was written").format(path=lock)


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, 0)
        text = os.read(fd, 300).decode("utf-8", "replace").strip()
        return text or "holder unknown"
    except OSError:
        return "holder unknown"


def resolve(repo, rev: str):
    """The commit named by rev (UserError(Exit.GIT) when there is none)."""
    try:
        return repo.commit(rev)
    except Exception:
        raise UserError(_("no such revision {rev!r}").format(rev=rev), Exit.GIT) from None


def file_at(repo, rev: str, path: str) -> bytes | None:
    """A file's bytes at a revision (path inside the repository), or None when absent."""
    commit = resolve(repo, rev)
    try:
        return (commit.tree / path).data_stream.read()
    except KeyError:
        return None


def changed_paths(repo, sub: str, a: str, b: str | None) -> list[str]:
    """Paths (relative to the records folder `sub`) that differ between revisions a and b;
    b None means the working tree (untracked files included)."""
    resolve(repo, a)
    spec = sub or "."
    if b is None:
        out = repo.git.diff("--name-only", "--no-renames", a, "--", spec).splitlines()
        out += repo.git.ls_files("--others", "--exclude-standard", "--", spec).splitlines()
    else:
        resolve(repo, b)
        out = repo.git.diff("--name-only", "--no-renames", a, b, "--", spec).splitlines()
    n = len(sub) + 1 if sub else 0
    return sorted({p[n:] for p in out if p})


def log_of(repo, path: str) -> list[dict]:
    """Commits that changed a file (path inside the repository), newest first, following renames."""
    fmt = "%H%x00%an <%ae>%x00%aI%x00%s"
    try:
        text = repo.git.log("--follow", "--name-only", f"--format=%x01{fmt}", "--", path)
    except Exception:
        return []
    out = []
    for block in text.split("\x01")[1:]:
        head, _unused, names = block.partition("\n")
        sha, author, date, subject = head.split("\x00")
        name = next((n for n in names.splitlines() if n.strip()), path)
        out.append({"sha": sha, "author": author, "date": date, "subject": subject, "path": name})
    return out


def dirty_paths(repo, sub: str) -> list[str]:
    """Uncommitted changes (staged, unstaged, untracked) under the records folder."""
    text = repo.git.status("--porcelain", "--untracked-files=all", "--", sub or ".")
    return [line[3:] for line in text.splitlines() if line.strip()]


def restore_paths(repo, rels: list[str]) -> None:
    """Put files (paths inside the repository) back as HEAD has them: unstaged, their committed text
    restored, and removed when HEAD has none."""
    import git

    top = Path(repo.working_tree_dir)
    with contextlib.suppress(git.GitCommandError):
        repo.git.reset("-q", "--", *rels)
    at_head = [r for r in rels if file_at(repo, "HEAD", r) is not None] if repo.head.is_valid() else []
    if at_head:
        repo.git.checkout("HEAD", "--", *at_head)
    for r in rels:
        if r not in at_head:
            with contextlib.suppress(FileNotFoundError):
                (top / r).unlink()


def last_commit_of(repo, sub: str, exclude: tuple[str, ...] = ()) -> str:
    """The last commit that changed the records folder, leaving out the given sub-folders."""
    prefix = f"{sub}/" if sub else ""
    specs = [sub or "."] + [f":(exclude){prefix}{e}" for e in exclude]
    return repo.git.log("-1", "--format=%H", "--", *specs).strip()


def last_change(repo, rev: str, path: str) -> tuple[str, str] | None:
    """(sha, subject) of the last commit up to `rev` that changed `path` (inside the repository), or None."""
    try:
        text = repo.git.log("-1", "--format=%H%x00%s", rev, "--", path).strip()
    except Exception:
        return None
    if not text:
        return None
    sha, _unused, subject = text.partition("\x00")
    return sha, subject


def last_changes(repo, rev: str, path: str) -> dict[str, tuple[str, str]]:
    """For each folder right under `path` (inside the repository) at `rev`: (sha, subject) of the last
    commit that changed it; one `git log` for all of them."""
    try:
        text = repo.git.log("--format=%x01%H%x00%s", "--name-only", "--no-renames", rev, "--", path)
    except Exception:
        return {}
    prefix = f"{path}/"
    out: dict[str, tuple[str, str]] = {}
    for block in text.split("\x01")[1:]:
        head, _unused, names = block.partition("\n")
        sha, _unused, subject = head.partition("\x00")
        for name in names.splitlines():
            if name.startswith(prefix) and "/" in name[len(prefix):]:
                out.setdefault(name[len(prefix):].split("/", 1)[0], (sha, subject))
    return out


def user(repo) -> str:
    """'Name <email>' of whoever git would name as the author of a commit now (config and environment)."""
    try:
        ident = repo.git.var("GIT_AUTHOR_IDENT")
        return ident.rsplit(" ", 2)[0]
    except Exception:
        return os.environ.get("GIT_AUTHOR_NAME", "unknown")


def tag(repo, name: str, sha: str, message: str, author: str | None = None, force: bool = False) -> None:
    """An annotated tag; the tagger is `author` ('Name <email>') when given, else the git user."""
    import git

    args = (["-f"] if force else []) + ["-a", "-m", message, name, sha]
    try:
        with repo.git.custom_environment(**identity_env(author)):
            repo.git.tag(*args)
    except git.GitCommandError as e:
        raise UserError(_("git tag failed: {value}").format(value=_git_detail(e)), Exit.GIT) from None


def tag_info(repo, name: str) -> tuple[str, str] | None:
    """(commit sha, message) of a tag, or None."""
    try:
        t = repo.tags[name]
    except (IndexError, KeyError):
        return None
    return t.commit.hexsha, (t.tag.message.strip() if t.tag is not None else "")




def frozen_inputs(source, closed_months: Callable[[object], dict[str, str]],
                  watched: Callable[[str], tuple[str, ...]],
                  untagged: Callable[[object, str, str, dict], dict[str, str]] | None = None) -> FrozenInputs:
    """The closed months of the repository holding `source` and, for each, the watched files
    (path prefixes `watched(month)`) that differ from its tag: committed since, changed in the
    work tree, or pending in an overlay (a write being validated); and the periods committed but
    not tagged, `untagged(repo, subdir, rev, closed)` (rev: the source's commit, HEAD for the work
    tree). Nothing when not in git."""
    from salesctl.source import GitTree, Overlay, WorkTree

    base = source
    pending: set[str] = set()
    while isinstance(base, Overlay):
        pending |= set(base.changes)
        base = base.base
    if isinstance(base, WorkTree):
        repo = find_repo(base.root)
        if repo is None:
            return NOTHING_CLOSED
        sub, against = subdir(repo, base.root), None
    elif isinstance(base, GitTree):
        repo, sub, against = base.repo, base.subdir, base.commit.hexsha
    else:
        return NOTHING_CLOSED
    closed = closed_months(repo)
    present: set[str] | None = None
    files = []
    for month, tag in closed.items():
        prefixes = watched(month)
        changed = sorted({p for p in [*changed_paths(repo, sub, tag, against), *pending] if p.startswith(prefixes)})
        for rel in changed:
            old = file_at(repo, tag, f"{sub}/{rel}" if sub else rel)
            if present is None:
                present = set(source.files())
            new = source.read(rel) if rel in present else None
            files.append(FrozenFile(month, tag, rel, old, new))
    pending_tags = {}
    if untagged is not None and (against is not None or repo.head.is_valid()):
        pending_tags = untagged(repo, sub, against or "HEAD", closed)
    return FrozenInputs(dict(closed), tuple(files), pending_tags)
