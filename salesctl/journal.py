"""The write journal: what a multi-file write is about to replace, so that a write killed half-way
(SIGKILL, the OOM killer, a reboot) is undone, or finished, by the next salesctl run.

Before the first file is replaced, the writer (salesctl.writer, the only user) writes the journal
durably (temporary file, fsync, rename, fsync of its folder): for every path about to change its
original bytes (or "absent") and mode, the git blob id of its new bytes, the HEAD before the write
and the commit message. The journal lives in the repository's git directory (`salesctl-journal`),
or in the records folder (`.salesctl-journal`) when not in git. Lines are appended (and synced) as
the write moves on: `committing` before `git add`. It is removed once the commit (or, with
--no-commit, the files) is done.

`recover` (called once per run, before the records are read, and by the writer under its lock)
finds a journal left behind and, holding the writer lock:

- rolls **forward** when the write is complete: its commit landed (a commit on top of the journal's
  HEAD with its message or its blobs), or, with nothing to commit, every file holds its new bytes;
- rolls **back** otherwise: each file gets its original bytes back, the paths are unstaged, folders
  the write made and left empty are removed;

and in both cases removes salesctl's own temporary files beside those paths (`.NAME.xxxxxxxx.tmp`)
and, when the journal says git was committing and no git process is still at work in the
repository, the `index.lock` (and `next-index-PID.lock`) the killed `git commit` left. Recovery is
itself crash-safe: the journal is removed last, so a recovery killed half-way is done again.
"""
from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import re
import socket
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from salesctl.errors import Exit, UserError
from salesctl.i18n import _, ngettext

NAME = "salesctl-journal"          # in the git directory
LOCAL_NAME = ".salesctl-journal"   # in the records folder, when it is not in git
FORMAT = 1


class NoSpace(Exception):
    """The journal (or a new file) could not be written for want of space: nothing was changed."""


def git_dir(root: Path) -> Path | None:
    """The git directory of the repository holding root, found without git (a `.git` folder, or a
    `.git` file naming it as a worktree's or a submodule's does), or None."""
    p = Path(root).resolve()
    for d in (p, *p.parents):
        dot = d / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                line = dot.read_text(encoding="utf-8").strip()
                if line.startswith("gitdir:"):
                    g = Path(line[len("gitdir:"):].strip())
                    return g if g.is_absolute() else (d / g).resolve()
            return None
    return None


def path_of(root: Path) -> Path:
    """Where the journal of writes to the records folder root lives."""
    gd = git_dir(root)
    return gd / NAME if gd is not None else Path(root) / LOCAL_NAME


def blob_id(data: bytes) -> str:
    """git's object id of a blob holding data (sha1 repositories)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def git_processes(top: Path) -> list[int]:
    """Live git processes writing in the repository whose work tree is top (Linux /proc: a process
    named git running add, commit, reset or rm whose current folder is top), other than this
    process's own children."""
    out = []
    me = os.getpid()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    top = Path(top).resolve()
    for e in entries:
        if not e.isdigit():
            continue
        try:
            if Path(f"/proc/{e}/comm").read_text().strip() != "git":
                continue
            if Path(os.readlink(f"/proc/{e}/cwd")) != top:
                continue
            args = Path(f"/proc/{e}/cmdline").read_bytes().split(b"\0")
            if not {b"add", b"commit", b"reset", b"rm"} & set(args[1:]):
                continue   # a reader (GitPython's `git cat-file --batch`), not the killed write's commit
            stat = Path(f"/proc/{e}/stat").read_text()
            rest = stat[stat.rindex(")") + 2:].split()
            if rest[0] == "Z" or int(rest[1]) == me:
                continue
        except (OSError, ValueError, IndexError):
            continue
        out.append(int(e))
    return out


# ----------------------------------------------------------------------------------- writing
@dataclass
class Change:
    rel: str                  # relative to the records folder
    old: bytes | None         # the file's bytes before the write (None: absent)
    new: bytes | None         # what the write puts there (None: removes it)
    mode: int | None = None   # the file's permission bits before the write


class Journal:
    """A journal being kept by a write in progress (see begin)."""

    def __init__(self, path: Path):
        self.path = path

    def mark(self, phase: str) -> None:
        """Append a phase (e.g. "committing") and sync it."""
        with open(self.path, "ab") as f:
            f.write(json.dumps({"phase": phase}).encode() + b"\n")
            f.flush()
            os.fsync(f.fileno())

    def finish(self) -> None:
        """The write is done (or fully undone): remove the journal."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        fsync_dir(self.path.parent)


def begin(root: Path, command: str, changes: list[Change], *, repo=None, commit: bool, message: str = "") -> Journal:
    """Write the journal of a write about to make `changes` to the records folder root, durably,
    before any file is touched. Raises NoSpace when it cannot be written for want of space (nothing
    was changed: the partial journal is removed)."""
    root = Path(root).resolve()
    path = path_of(root)
    head = None
    top = None
    if repo is not None:
        top = str(Path(repo.working_tree_dir).resolve())
        with contextlib.suppress(Exception):
            head = repo.head.commit.hexsha if repo.head.is_valid() else None
    header = {"salesctl_journal": FORMAT, "id": uuid.uuid4().hex, "command": command, "pid": os.getpid(),
              "host": socket.gethostname(), "started": time.strftime("%Y-%m-%d %H:%M"), "records": str(root),
              "top": top, "head": head, "commit": bool(commit and repo is not None),
              "message": hashlib.sha1(message.strip().encode()).hexdigest(), "files": len(changes)}
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(json.dumps(header).encode() + b"\n")
            for c in changes:
                entry = {"path": c.rel, "old": base64.b64encode(c.old).decode() if c.old is not None else None,
                         "mode": c.mode, "new": blob_id(c.new) if c.new is not None else None,
                         "dirs": _missing_dirs(root, c.rel)}
                f.write(json.dumps(entry).encode() + b"\n")
            f.write(b'{"end": true}\n')
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoSpace(str(path)) from None
        raise
    return Journal(path)


def _missing_dirs(root: Path, rel: str) -> list[str]:
    """The folders of rel that do not exist yet (deepest first): a roll back removes them when empty."""
    out = []
    parent = Path(rel).parent
    while str(parent) not in ("", "."):
        if (root / parent).is_dir():
            break
        out.append(parent.as_posix())
        parent = parent.parent
    return out


# ----------------------------------------------------------------------------------- recovery
@dataclass
class Left:
    """A journal left behind, as read back."""

    path: Path
    header: dict
    entries: list[dict]
    complete: bool
    phases: list[str]


def read(path: Path) -> Left | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    header, entries, complete, phases = {}, [], False, []
    for n, line in enumerate(data.split(b"\n")):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:   # a phase line cut short by the kill: not written, so not reached
            continue
        if n == 0:
            header = item
        elif "path" in item and not complete:
            entries.append(item)
        elif item.get("end"):
            complete = True
        elif "phase" in item:
            phases.append(item["phase"])
    if header.get("salesctl_journal") != FORMAT:
        complete = False
    return Left(path, header, entries, complete, phases)


def recover(root: Path, notify: Callable[[str], None], *, locked: bool = False) -> bool:
    """Undo or finish a write to the records folder root that was interrupted, saying so with
    `notify` (one line). Without `locked`, the writer lock is taken first; when another salesctl
    holds it (a live write), nothing is done and the records are read as they are. Returns whether
    a journal was dealt with."""
    from salesctl import gitops

    root = Path(root)
    if not root.is_dir():
        return False
    path = path_of(root)
    stray = path.with_name(path.name + ".tmp")
    if not path.exists() and not stray.exists():
        return False
    if locked:
        return _recover(root, path, notify)
    try:
        with gitops.writer_lock(root, "recovery", 0.0, on_notice=notify):
            return _recover(root, path, notify)
    except UserError as e:
        if e.status == Exit.LOCKED:  # a write is live: read the records as they are
            return False
        raise


def _recover(root: Path, path: Path, notify: Callable[[str], None]) -> bool:
    stray = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):  # killed while writing the journal: nothing was touched
        os.unlink(stray)
    left = read(path)
    if left is None:
        return False
    h = left.header
    records = Path(h.get("records") or root)
    if not records.is_dir():
        records = Path(root).resolve()
    what = _("an interrupted `{command}` (pid {pid}, {started})").format(
        command=h.get("command", "?"), pid=h.get("pid", "?"), started=h.get("started", "?"))
    if not left.complete:   # cut short before its end: no file was replaced yet
        _remove(path)
        notify("salesctl: " + _("{what} had not changed any file: its journal was removed").format(what=what))
        return True
    repo = None
    extra: list[str] = []
    committing = "committing" in left.phases
    if h.get("top"):
        top = Path(h["top"])
        if committing:
            _wait_for_git(top)
        from salesctl import gitops

        repo = gitops.find_repo(records)
        if repo is not None and committing:
            extra += _git_locks(Path(repo.git_dir), top)
    landed = _landed(repo, left, records) if repo is not None and h.get("commit") else None
    if h.get("commit"):
        forward = landed is not None
    else:
        forward = all(_holds(records / e["path"], e["new"]) for e in left.entries)
    temps = sum(_remove_temps(records / e["path"]) for e in left.entries)
    if temps:
        extra.append(ngettext("{n} temporary file removed", "{n} temporary files removed", temps).format(n=temps))
    rels = [e["path"] for e in left.entries]
    if forward:
        if repo is not None and committing:
            _unstage(repo, records, rels)   # the index as the commit left it: the paths at HEAD
        _remove(path)
        if landed:
            done = _("{what} had committed ({sha}): finished it").format(what=what, sha=landed[:8])
        else:
            done = _("{what} had written all {n} file(s): finished it").format(what=what, n=len(rels))
        notify("salesctl: " + done + "".join("; " + x for x in extra))
        return True
    restored = 0
    for e in left.entries:
        old = base64.b64decode(e["old"]) if e["old"] is not None else None
        if restore(records / e["path"], old, e.get("mode")):
            restored += 1
        if old is None:
            for d in e.get("dirs") or []:
                with contextlib.suppress(OSError):
                    (records / d).rmdir()
    if repo is not None and committing:
        _unstage(repo, records, rels)
    _remove(path)
    notify("salesctl: " + _("{what} was rolled back: {n} file(s) restored").format(what=what, n=restored)
           + "".join("; " + x for x in extra))
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    fsync_dir(path.parent)


def _holds(path: Path, blob: str | None) -> bool:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return blob is None
    except OSError:
        return False
    return blob is not None and blob_id(data) == blob


def _landed(repo, left: Left, records: Path) -> str | None:
    """The sha of the write's commit when it landed: a commit whose parent is the journal's HEAD,
    on the first-parent line of HEAD, with the write's message or its blobs."""
    from salesctl import gitops

    h = left.header
    try:
        if not repo.head.is_valid():
            return None
        c = repo.head.commit
    except Exception:
        return None
    if c.hexsha == h.get("head"):
        return None
    for _unused in range(100):
        parent = c.parents[0].hexsha if c.parents else None
        if parent == h.get("head"):
            break
        if parent is None:
            return None
        c = c.parents[0]
    else:
        return None
    if hashlib.sha1(c.message.strip().encode()).hexdigest() == h.get("message"):
        return c.hexsha
    sub = gitops.subdir(repo, records)
    for e in left.entries:
        rel = f"{sub}/{e['path']}" if sub else e["path"]
        try:
            got = (c.tree / rel).hexsha
        except KeyError:
            got = None
        if got != e["new"]:
            return None
    return c.hexsha


def _unstage(repo, records: Path, rels: list[str]) -> None:
    """The paths back to HEAD in the index (nothing of the write left staged)."""
    import git

    from salesctl import gitops

    sub = gitops.subdir(repo, records)
    paths = [f"{sub}/{r}" if sub else r for r in rels]
    try:
        for i in range(0, len(paths), 500):
            if repo.head.is_valid():
                repo.git.reset("-q", "--", *paths[i:i + 500])
            else:
                repo.git.rm("-q", "--cached", "--ignore-unmatch", "--", *paths[i:i + 500])
    except git.GitCommandError as e:
        raise UserError(_("recovering an interrupted write: git could not unstage its files: {detail}").format(
            detail=(e.stderr or "").strip()), Exit.GIT) from None


def _wait_for_git(top: Path, seconds: float = 30.0) -> None:
    """A `git commit` started by the killed salesctl may still be running (SIGKILL does not reach
    it): let it finish before deciding."""
    deadline = time.monotonic() + seconds
    while git_processes(top):
        if time.monotonic() >= deadline:
            raise UserError(_("a git process is still running in {top} (pid {pids}): run again when it has ended").format(
                top=top, pids=", ".join(map(str, git_processes(top)))), Exit.GIT)
        time.sleep(0.05)


def _git_locks(gd: Path, top: Path) -> list[str]:
    """Remove the index.lock (and next-index-PID.lock) the killed `git commit` left; what was done."""
    from salesctl import gitops

    out = []
    if git_processes(top):
        return out
    lock = gd / "index.lock"
    if lock.exists():
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
        out.append(_("removed {path} left by its killed git commit").format(path=lock))
    for p in gd.glob("next-index-*.lock"):
        m = re.fullmatch(r"next-index-(\d+)\.lock", p.name)
        if m and not gitops.alive(int(m.group(1))):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
    return out


_TEMP = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")


def temp_name(path: Path, name: str) -> bool:
    """Whether name is one of salesctl's temporary files for path (`.NAME.xxxxxxxx.tmp`)."""
    m = _TEMP.fullmatch(name)
    return bool(m) and m.group("name") == path.name


def _remove_temps(path: Path) -> int:
    n = 0
    try:
        names = os.listdir(path.parent)
    except OSError:
        return 0
    for name in names:
        if name.startswith(f".{path.name}.") and temp_name(path, name):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path.parent / name)
                n += 1
    return n


def restore(path: Path, data: bytes | None, mode: int | None = None) -> bool:
    """Put data back at path (None: remove it); whether anything changed. On a full disk, where a
    temporary copy cannot be made, the file is rewritten in place (truncated first, which frees its
    blocks): not atomic, but the journal that holds the bytes stays until the restore is done."""
    if data is None:
        try:
            os.unlink(path)
            return True
        except FileNotFoundError:
            return False
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    bits = mode if mode is not None else 0o644
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, bits)
        os.replace(tmp, path)
    except OSError as e:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if e.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        with open(path, "r+b" if path.exists() else "wb") as f:
            f.truncate(0)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(path, bits)
    return True
