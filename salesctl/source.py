"""Where record files are read from: the working tree, a git revision, or either with
pending changes laid over it (a write is validated on the overlay before it lands).

A source lists record files by path relative to the records folder (posix separators)
and gives their bytes. The loader reads only through a source, never the file system.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping, Protocol

SKIP_DIRS = {"reports", ".git", ".github"}
SKIP_FILES = {".pre-commit-config.yaml", ".pre-commit-hooks.yaml"}


def is_record_path(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0] in SKIP_DIRS or any(p.startswith(".") for p in parts):
        return False
    return rel.endswith((".yaml", ".yml")) and parts[-1] not in SKIP_FILES


class Source(Protocol):
    label: str  # for messages: a folder, or "REV:folder"

    def files(self) -> list[str]: ...

    def read(self, rel: str) -> bytes: ...


class WorkTree:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.label = str(root)

    def files(self) -> list[str]:
        out = []
        root = str(self.root)
        for dirpath, dirnames, filenames in os.walk(root):
            rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir + "/"
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and not (rel_dir == "" and d in SKIP_DIRS)]
            out.extend(rel_dir + f for f in filenames if is_record_path(rel_dir + f))
        return sorted(out)

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()


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
        if tree is not None:
            n = len(self.subdir) + 1 if self.subdir else 0
            for item in tree.traverse():
                if item.type == "blob":
                    rel = item.path[n:]
                    if is_record_path(rel):
                        self._blobs[rel] = item

    def files(self) -> list[str]:
        return sorted(self._blobs)

    def read(self, rel: str) -> bytes:
        return self._blobs[rel].data_stream.read()


class Overlay:
    """A source with some files replaced (bytes) or removed (None)."""

    def __init__(self, base: Source, changes: Mapping[str, bytes | None]):
        self.base = base
        self.changes = dict(changes)
        self.label = base.label

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
