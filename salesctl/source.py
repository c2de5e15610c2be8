"""Where record files are read from: the working tree, a git revision, or either with
pending changes laid over it (a write is validated on the overlay before it lands).

A source lists record files by path relative to the records folder (posix separators)
and gives their bytes. The loader reads only through a source, never the file system.

Only regular files are read. What is listed but not read is in `skipped` as (path, why) — the
loader warns about each: a symbolic link (wherever it points: outside the records, to a device,
to nothing, or to another record file, which would then hold two records), a named pipe, a
socket, a device; in a git revision a symlink blob (mode 120000) or a submodule (gitlink,
160000). The working tree is listed with lstat (os.scandir entry types) and opened with
O_NOFOLLOW | O_NONBLOCK, then checked with fstat, so nothing but a regular file is ever read,
even if one is swapped in between. A file over `max_file_bytes()` (SALESCTL_MAX_FILE_BYTES,
default 8 MiB) is not read either: `read` raises TooBig.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, Mapping, Protocol

from salesctl.i18n import N_, _

SKIP_DIRS = {"reports", ".git", ".github"}
SKIP_FILES = {".pre-commit-config.yaml", ".pre-commit-hooks.yaml"}
MAX_FILE_BYTES = 8 << 20       # the default of SALESCTL_MAX_FILE_BYTES
MAX_FILE_ENV = "SALESCTL_MAX_FILE_BYTES"


def max_file_bytes() -> int:
    """The largest record file read: $SALESCTL_MAX_FILE_BYTES, else 8 MiB (a demo's largest is under 1 MiB)."""
    from salesctl.errors import Exit, UserError

    text = os.environ.get(MAX_FILE_ENV, "").strip()
    if not text:
        return MAX_FILE_BYTES
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise UserError(_("{env}={value!r}: give the largest record file to read, in bytes (default {default})").format(
            env=MAX_FILE_ENV, value=text, default=MAX_FILE_BYTES), Exit.USAGE)
    return int(text)


class TooBig(Exception):
    """A record file over the size limit: not read."""

    def __init__(self, size: int, limit: int):
        super().__init__(size, limit)
        self.size, self.limit = size, limit

    def message(self) -> str:
        return _("the file is {size:,} bytes, over the limit of {limit:,} ({env}); not read").format(
            size=self.size, limit=self.limit, env=MAX_FILE_ENV)


class NotRegular(Exception):
    """A listed path that is not (or no longer) a regular file: not read."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def is_record_path(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0] in SKIP_DIRS or any(p.startswith(".") for p in parts):
        return False
    return rel.endswith((".yaml", ".yml")) and parts[-1] not in SKIP_FILES


class Source(Protocol):
    label: str  # for messages: a folder, or "REV:folder"
    skipped: list[tuple[str, str]]   # (path, why) of what files() met and will not read; filled by files()

    def files(self) -> list[str]: ...

    def read(self, rel: str) -> bytes: ...


_KIND_WORDS = {stat.S_IFIFO: N_("a named pipe (FIFO)"), stat.S_IFSOCK: N_("a socket"), stat.S_IFCHR: N_("a device"),
               stat.S_IFBLK: N_("a device"), stat.S_IFDIR: N_("a folder")}


def _kind_words(mode: int) -> str:
    return _(_KIND_WORDS.get(stat.S_IFMT(mode), N_("something else")))


class WorkTree:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.label = str(root)
        self.limit = max_file_bytes()
        self.skipped: list[tuple[str, str]] = []

    def files(self) -> list[str]:
        """Every regular record file under the root; symlinks (files and folders) and other
        non-regular entries are put in `skipped`, never followed or opened."""
        out: list[str] = []
        self.skipped = []
        self._walk("", out)
        return sorted(out)

    def _walk(self, rel_dir: str, out: list[str]) -> None:
        try:
            with os.scandir(self.root / rel_dir if rel_dir else self.root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            if rel_dir:
                self.skipped.append((rel_dir.rstrip("/"), _("cannot read the folder ({error}); skipped").format(error=e.strerror or e)))
            return
        for entry in entries:
            name, rel = entry.name, rel_dir + entry.name
            if name.startswith(".") or (not rel_dir and name in SKIP_DIRS):
                continue
            try:
                if entry.is_symlink():
                    if is_record_path(rel) or self._is_dir(entry):
                        self.skipped.append((rel, self._link_words(entry)))
                elif entry.is_dir(follow_symlinks=False):
                    self._walk(rel + "/", out)
                elif is_record_path(rel):
                    if entry.is_file(follow_symlinks=False):
                        out.append(rel)
                    else:
                        self.skipped.append((rel, _("{what}, not a regular file; skipped, never opened").format(
                            what=_kind_words(entry.stat(follow_symlinks=False).st_mode))))
            except OSError as e:
                self.skipped.append((rel, _("cannot read it ({error}); skipped").format(error=e.strerror or e)))

    @staticmethod
    def _is_dir(entry) -> bool:
        try:
            return entry.is_dir(follow_symlinks=True)
        except OSError:
            return False

    def _link_words(self, entry) -> str:
        """Why a symlink is skipped, naming where it points."""
        target = os.readlink(entry.path)
        try:
            st = os.stat(entry.path)
        except OSError:
            return _("a symbolic link to {target}, which does not exist; skipped").format(target=target)
        real = os.path.realpath(entry.path)
        inside = os.path.commonpath([real, os.path.realpath(self.root)]) == os.path.realpath(self.root)
        if stat.S_ISDIR(st.st_mode):
            return _("a symbolic link to the folder {target}; not followed").format(target=target)
        if not stat.S_ISREG(st.st_mode):
            return _("a symbolic link to {what} ({target}); skipped, never read").format(what=_kind_words(st.st_mode), target=target)
        if not inside:
            return _("a symbolic link to {target}, outside the records folder; skipped, never read").format(target=target)
        return _("a symbolic link to {target}; skipped: a record lives in a regular file (copy the file, do not link it)").format(target=target)

    def read(self, rel: str) -> bytes:
        """The bytes of a regular file: opened without following a symlink or waiting on a pipe;
        TooBig over the limit, NotRegular when it is not a regular file."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.root / rel, flags)
        except OSError:
            if os.path.islink(self.root / rel):
                raise NotRegular(_("a symbolic link; skipped, never read")) from None
            raise
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise NotRegular(_("{what}, not a regular file; skipped, never opened").format(what=_kind_words(st.st_mode)))
            if st.st_size > self.limit:
                raise TooBig(st.st_size, self.limit)
            chunks, size = [], 0
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > self.limit:   # grew while being read
                    raise TooBig(size, self.limit)
            return b"".join(chunks)
        finally:
            os.close(fd)


class GitTree:
    """The records folder as it is in a git revision, read from the object database."""

    def __init__(self, repo, rev: str, subdir: str = ""):
        self.repo = repo
        self.rev = rev
        self.commit = repo.commit(rev)
        self.subdir = subdir.strip("/")
        self.label = f"{rev}:{self.subdir}" if self.subdir else f"{rev}:"
        tree = self.commit.tree
        if self.subdir:
            try:
                tree = tree / self.subdir
            except KeyError:
                tree = None
        self._blobs = {}
        self.skipped: list[tuple[str, str]] = []
        self.limit = max_file_bytes()
        if tree is not None:
            n = len(self.subdir) + 1 if self.subdir else 0
            for item in tree.traverse(prune=lambda i, d: i.type == "tree" and _pruned(i.path[n:])):
                rel = item.path[n:]
                if item.type == "blob" and stat.S_ISLNK(item.mode):
                    if is_record_path(rel):
                        target = item.data_stream.read(4096).decode("utf-8", "replace")
                        self.skipped.append((rel, _("a symbolic link to {target} (committed as a link); skipped, never read").format(target=target)))
                elif item.type == "blob":
                    if is_record_path(rel):
                        self._blobs[rel] = item
                elif item.type != "tree" and is_record_path(rel):   # a gitlink (submodule, 160000)
                    self.skipped.append((rel, _("a git submodule (gitlink), not a file; skipped")))

    def files(self) -> list[str]:
        return sorted(self._blobs)

    def blob_id(self, rel: str) -> str:
        """git's object id of the file: its content's name (the cache of parsed files keys by it)."""
        return self._blobs[rel].hexsha

    def size(self, rel: str) -> int:
        return self._blobs[rel].size

    def read(self, rel: str) -> bytes:
        blob = self._blobs[rel]
        if blob.size > self.limit:
            raise TooBig(blob.size, self.limit)
        return blob.data_stream.read()


def _pruned(rel: str) -> bool:
    """A folder of a git tree not looked into (as WorkTree: hidden ones, reports/ and .git* at the top)."""
    parts = rel.split("/")
    return any(p.startswith(".") for p in parts) or parts[0] in SKIP_DIRS


class Overlay:
    """A source with some files replaced (bytes) or removed (None)."""

    def __init__(self, base: Source, changes: Mapping[str, bytes | None]):
        self.base = base
        self.changes = dict(changes)
        self.label = base.label

    @property
    def skipped(self) -> list[tuple[str, str]]:
        return [(rel, why) for rel, why in getattr(self.base, "skipped", ()) if rel not in self.changes]

    def files(self) -> list[str]:
        names = set(self.base.files())
        for rel, data in self.changes.items():
            if data is None:
                names.discard(rel)
            elif is_record_path(rel):
                names.add(rel)
        return sorted(names)

    def read(self, rel: str) -> bytes:
        if rel in self.changes:
            data = self.changes[rel]
            if data is None:
                raise FileNotFoundError(rel)
            return data
        return self.base.read(rel)


def paths(source: Source, prefix: str) -> Iterable[str]:
    return (p for p in source.files() if p.startswith(prefix))
