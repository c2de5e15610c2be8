"""The cache of parsed record files: a warm run parses only the files that changed (issue 16).

Parsing is a pure function of a file's path and bytes (loader.parse_file), so its result can be kept
between runs. The cache is one binary file outside the tracked tree — in the repository's git
directory (`salesctl-cache/`), or under `$XDG_CACHE_HOME/salesctl/` (else `~/.cache/salesctl/`) when
the records are not in git — holding, for every record file, what parse_file made of it (records,
lines, problems) and the file's stat key, as git's index does: size, mtime, ctime, inode. A run stats
every file; a file whose key is unchanged is taken from the cache, any other is read and parsed (or
taken from the cache after all when its bytes hash to the same digest: a checkout that touched it).

It never serves stale data:
- the key holds ctime, which nothing but the kernel sets: an edit that keeps a file's size and puts
  its mtime back (`touch -d`) still changes it;
- a file changed within a second before the run that wrote the cache began (the racy-timestamp case:
  a second edit in the same clock tick as the first would leave the key alone) is not trusted on its
  key; its bytes are hashed and compared every run until a later cache write finds it settled;
- the cache names the salesctl version, the language of its messages (problems are stored as text)
  and a digest of salesctl's own code and catalogues: any of them changed, the cache is rebuilt (with
  a notice when the version changed; quietly when only the language or the code of this version did).

It is only an optimisation: deleting it changes no output. A cache that cannot be decoded (cut
short, corrupt) or was written by another version is ignored with a one-line notice on stderr and written
anew. It is written to a temporary file and renamed, so two processes writing it at once leave one
whole cache or the other, never a mix. SALESCTL_CACHE=off turns it off (a cold run, for benchmarks).

A git revision's files (`--at REV`, a closed month read at its close tag) are cached the same way in a
second file per records folder (tree-*.json), keyed by blob id instead of stat: a blob never changes.

Not cached: salesctl.yaml (the policy: one file, its result is not plain data) and salesctl's state
files (their data is free-form YAML that JSON would not give back as it was); both are parsed every run.
The format is msgspec's JSON, decoded into the schema's own types: it gives back dates, datetimes with
their UTC offset (msgpack would turn every time into UTC) and money as Decimal, exactly.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any, Generic, Optional, TypeVar

import msgspec

from salesctl import __version__
from salesctl.errors import Problem
from salesctl.files import atomic_write
from salesctl.i18n import _

ENV = "SALESCTL_CACHE"           # "off": no cache (read and parse every file)
FOLDER = "salesctl-cache"        # in the git directory
RACY_NS = 1_000_000_000          # a file changed this close to the cache's writing is checked by its bytes
NOT_CACHED = ("policy", "state")
FORMAT = 1                       # of the cache file itself

T = TypeVar("T")


class Entry(msgspec.Struct, Generic[T], array_like=True):
    """One file: its stat key, then loader.FileResult's fields."""
    path: str
    key: tuple[int, int, int, int]   # size, mtime_ns, ctime_ns, inode
    digest: bytes
    kind: Optional[str]
    records: tuple[T, ...] = ()
    lines: tuple[int, ...] = ()
    indexes: tuple[int, ...] = ()
    problems: tuple[Problem, ...] = ()
    misnamed: tuple[tuple[str, int], ...] = ()
    blob: str = ""                    # a git revision's file: its blob id (then key is unused)


class Header(msgspec.Struct):
    format: int
    version: str
    code: str          # digest of salesctl's code and catalogues
    language: str
    root: str          # the records folder it was made for
    written_ns: int    # when the run that wrote it began (the racy-timestamp rule)


_types: dict = {}


def _body_type():
    """The cache file's type: a header, then the entries of each record kind typed by its schema."""
    from salesctl.kinds import KINDS

    names = tuple((name, kind.type) for name, kind in KINDS.items())   # a kind registered later (tests/test_kinds.py) too
    if _types.get("kinds") != names:
        fields = [("header", Header)] + [(name, list[Entry[typ]], []) for name, typ in names]
        fields.append(("other", list[Entry[Any]], []))   # files of no kind: only their problems
        _types["body"], _types["kinds"] = msgspec.defstruct("CacheFile", fields, kw_only=True), names
    return _types["body"]


def _enc_hook(obj):
    from decimal import Decimal

    if isinstance(obj, Decimal):   # Money and its kinds: as text, every digit kept
        return str(obj)
    raise NotImplementedError(f"cannot cache {type(obj).__name__}")


def _encode(obj) -> bytes:
    """Any cache file's bytes: msgspec JSON, money as text with every digit."""
    return msgspec.json.Encoder(enc_hook=_enc_hook, decimal_format="string").encode(obj)


def _entry(rel: str, key: tuple, fr, blob: str = "") -> Entry:
    """What the cache keeps of a loader.FileResult."""
    return Entry(rel, key, fr.digest, fr.kind, fr.records, fr.lines, fr.indexes, fr.problems, fr.misnamed, blob)


def code_digest() -> str:
    """A digest of salesctl's own files (code and message catalogues) by name, size and mtime: a
    cache made by other code is not used."""
    if "code" not in _types:
        h = hashlib.blake2b(digest_size=12)
        pkg = Path(__file__).parent
        for dirpath, dirnames, filenames in os.walk(pkg):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for f in sorted(filenames):
                if f.endswith((".py", ".mo")):
                    st = os.stat(os.path.join(dirpath, f))
                    h.update(f"{os.path.relpath(os.path.join(dirpath, f), pkg)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        h.update(f"{sys.version_info[:2]} msgspec {msgspec.__version__}".encode())
        _types["code"] = h.hexdigest()
    return _types["code"]


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "no", "false")


def location(root: Path, tree: str | None = None) -> Path:
    """The cache file of the records folder root (tree: of its git revisions' files, FileCache)."""
    from salesctl.journal import git_dir

    real = tree or os.path.realpath(root)
    name = ("tree-" if tree else "worktree-") + hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest() + ".json"
    gd = git_dir(Path(root))
    if gd is not None:
        return gd / FOLDER / name
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "salesctl" / name


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class FileCache:
    """The cache of one records folder, as the loader uses it: `lookup` before reading a file,
    `store` after parsing it, `save` at the end of the load."""

    def __init__(self, root: Path, notify=None, tree: str | None = None):
        """tree: the cache of git revisions' files of the records folder (`--at`, a closed month's
        tag), keyed by blob id: tree is the git directory and the folder within the repository."""
        self.root = Path(root)
        self.tree = tree
        self.by_blob = tree is not None
        self.path = location(self.root, tree)
        self.notify = notify or (lambda message: print(f"salesctl: {message}", file=sys.stderr))
        self.entries: dict[str, Entry] = {}
        self.written_ns = 0
        self.dirty = False
        self.used: set[str] = set()
        self.hits = 0
        self.started_ns = time.time_ns()   # before any file is looked at: the racy-timestamp rule's clock
        self._read()

    def _header(self) -> Header:
        from salesctl.i18n import language

        return Header(FORMAT, __version__, code_digest(), language(), self.tree or os.path.realpath(self.root), 0)

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as e:
            self.notify(_("the cache {path} cannot be read ({error}); reading every file").format(path=self.path, error=e.strerror or e))
            return
        try:
            body = msgspec.json.decode(data, type=_body_type(), dec_hook=_dec_hook())
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
            self.notify(_("the cache {path} is damaged; ignored, and made again").format(path=self.path))
            self.dirty = True
            return
        want, got = self._header(), body.header
        if (got.format, got.version, got.code, got.language, got.root) != (want.format, want.version, want.code, want.language, want.root):
            if (got.format, got.version) == (want.format, want.version):
                pass   # made in the other language, or by this version's code as it was before an edit: rebuilt quietly
            else:
                self.notify(_("the cache {path} was made by another version of salesctl; ignored, and made again").format(path=self.path))
            self.dirty = True
            return
        self.written_ns = got.written_ns
        for name in body.__struct_fields__[1:]:
            for e in getattr(body, name):
                self.entries[e.path] = e

    def lookup(self, rel: str, st: os.stat_result):
        """The entry of a file whose stat key is unchanged and not racy, else None."""
        e = self.entries.get(rel)
        if e is None or not stat.S_ISREG(st.st_mode):
            return None
        key = stat_key(st)
        if e.key != key or max(st.st_mtime_ns, st.st_ctime_ns) >= self.written_ns - RACY_NS:
            return None
        self.used.add(rel)
        self.hits += 1
        return e

    def by_digest(self, rel: str, digest: bytes, st: os.stat_result):
        """The entry of a file read after all whose bytes are what the cache holds (a racy file
        that did not change, a checkout that rewrote it as it was): its key is brought up to date."""
        e = self.entries.get(rel)
        if e is None or e.digest != digest:
            return None
        key = stat_key(st)
        if e.key != key or max(st.st_mtime_ns, st.st_ctime_ns) >= self.written_ns - RACY_NS:
            self.entries[rel] = msgspec.structs.replace(e, key=key)
            self.dirty = True
        self.used.add(rel)
        return e

    def lookup_blob(self, rel: str, blob: str):
        """The entry of a git revision's file with this blob id, else None (a blob never changes)."""
        e = self.entries.get(rel)
        if e is None or e.blob != blob:
            return None
        self.used.add(rel)
        self.hits += 1
        return e

    def store_blob(self, rel: str, blob: str, fr) -> None:
        if fr.kind in NOT_CACHED or not fr.digest:
            return
        self.entries[rel] = _entry(rel, (0, 0, 0, 0), fr, blob)
        self.used.add(rel)
        self.dirty = True

    def store(self, rel: str, st: os.stat_result, fr) -> None:
        if fr.kind in NOT_CACHED or not fr.digest:
            return
        self.entries[rel] = _entry(rel, stat_key(st), fr)
        self.used.add(rel)
        self.dirty = True

    def save(self) -> None:
        """Write the cache when it changed: the entries of the files this load used (a file gone
        from the folder leaves the cache), to a temporary file renamed over the old one."""
        keep = set(self.used)
        if self.by_blob:   # revisions share most blobs: keep other paths' too, up to as many again
            others = sorted(set(self.entries) - keep)
            keep |= set(others[:max(len(keep), 1)])
        if set(self.entries) != keep:
            self.dirty = True
        if not self.dirty:
            return
        from salesctl.kinds import KINDS

        header = self._header()
        header.written_ns = self.started_ns
        groups: dict[str, list] = {name: [] for name in KINDS}
        groups["other"] = []
        for rel in sorted(keep):
            e = self.entries[rel]
            groups[e.kind if e.kind in KINDS else "other"].append(e)
        try:
            body = _body_type()(header=header, **groups)
            data = _encode(body)
            atomic_write(self.path, data, sync=False)
        except (OSError, NotImplementedError, TypeError, ValueError):
            return   # a full disk, a read-only git directory, a value JSON cannot hold: the cache is only an optimisation
        self.dirty = False


def encode_parsed(results) -> bytes:
    """loader.FileResults (no policy or state file) in the cache's encoding, for salesctl.workers."""
    from salesctl.kinds import KINDS

    groups: dict[str, list] = {name: [] for name in KINDS}
    groups["other"] = []
    for fr in results:
        groups[fr.kind if fr.kind in KINDS else "other"].append(
            _entry(fr.path, (0, 0, 0, 0), fr))
    header = Header(FORMAT, __version__, "", "", "", 0)
    return _encode(_body_type()(header=header, **groups))


def decode_parsed(data: bytes) -> list[Entry]:
    body = msgspec.json.decode(data, type=_body_type(), dec_hook=_dec_hook())
    return [e for name in body.__struct_fields__[1:] for e in getattr(body, name)]


def _dec_hook():
    from salesctl.schema import dec_hook

    return dec_hook


def for_source(source, notify=None) -> FileCache | None:
    """The cache of a source when it has one (the cache on): a working tree's, or a git revision's
    (keyed by blob id, one cache for every revision of the folder)."""
    from salesctl.source import GitTree, WorkTree

    if not enabled():
        return None
    if type(source) is WorkTree:
        return FileCache(source.root, notify)
    if type(source) is GitTree and source.repo.working_tree_dir:
        top = Path(source.repo.working_tree_dir)
        return FileCache(top / source.subdir if source.subdir else top, notify,
                         tree=f"{os.path.realpath(source.repo.git_dir)}:{source.subdir}")
    return None


def info(root: Path) -> dict:
    """What `salesctl cache info` shows."""
    path = location(root)
    out: dict[str, Any] = {"path": str(path), "exists": path.is_file(), "enabled": enabled()}
    if path.is_file():
        st = path.stat()
        out["bytes"] = st.st_size
        fc = FileCache(root, notify=lambda m: out.setdefault("problem", m))
        out["files"] = len(fc.entries)
        out["records"] = sum(len(e.records) for e in fc.entries.values())
        out["written"] = fc.written_ns
    out["derived"] = [p.name.split(".")[-2] for p in _files_of(root) if p != path and p.name.startswith(path.stem + ".")]
    out["revisions"] = sum(p.stat().st_size for p in _files_of(root) if p.name.startswith("tree-"))
    return out


def _files_of(root: Path) -> list[Path]:
    """The cache files of root: in git, every file of the repository's cache folder (the working
    tree's, its derived results name.KIND.json, the revisions' tree-*.json); else root's own."""
    from salesctl.journal import git_dir

    path = location(root)
    if not path.parent.is_dir():
        return []
    if git_dir(Path(root)) is not None:
        return sorted(p for p in path.parent.iterdir() if p.suffix == ".json")
    stem = path.name[:-len(".json")]
    return sorted(p for p in path.parent.iterdir() if p.name == path.name or (p.name.startswith(stem + ".") and p.name.endswith(".json")))


def clear(root: Path) -> int:
    """Remove the cache of root and its derived results; how many files there were."""
    n = 0
    for p in _files_of(root):
        try:
            p.unlink()
            n += 1
        except FileNotFoundError:
            pass
    return n


# ----------------------------------------------------------------------------- derived results
class Derived(msgspec.Struct, Generic[T]):
    key: str
    value: T


def state_key(loaded, *inputs) -> str:
    """A digest of a records state: every file's path and content digest, what the source skipped,
    salesctl's code and language, and `inputs` (plain data: their repr)."""
    from salesctl.i18n import language

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{code_digest()}\0{language()}\0".encode())
    for path in sorted(loaded.files):
        h.update(path.encode("utf-8", "surrogateescape") + b"\0" + loaded.files[path].digest)
    h.update(repr([str(p) for p in loaded.problems]).encode("utf-8", "surrogateescape"))
    for x in inputs:
        h.update(b"\0" + repr(x).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _worktree_root(source) -> Path | None:
    """The records folder of a working tree, or of a write's pending changes over one (salesctl.writer:
    the state it checks is the state the next run reads once the write lands)."""
    from salesctl.source import Overlay, WorkTree

    if type(source) is Overlay:
        source = source.base
    return source.root if type(source) is WorkTree else None


_NONE = object()


def _kept_for(path: Path, typ, key: str):
    """The value of the derived-results file at path when it was written for `key`, else _NONE (none
    yet, another state's, or not decodable: computed and written again)."""
    try:
        got = msgspec.json.decode(path.read_bytes(), type=Derived[typ], dec_hook=_dec_hook())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
        return _NONE
    return got.value if got.key == key else _NONE


def derived(loaded, name: str, typ, compute, *inputs):
    """compute(), or what it gave the last time for the same records state (state_key): kept beside
    the cache of parsed files, one state per name. For a working tree (or a write's pending changes
    over one) with the cache on; else compute(). compute must be a pure function of the state and
    `inputs`: the key holds nothing else."""
    root = _worktree_root(loaded.source)
    if not enabled() or root is None:
        return compute()
    key = state_key(loaded, *inputs)
    path = location(root).with_suffix(f".{name}.json")
    got = _kept_for(path, typ, key)
    if got is not _NONE:
        return got
    value = compute()
    try:
        atomic_write(path, _encode(Derived(key, value)))
    except (OSError, NotImplementedError, TypeError):
        pass
    return value



# ----------------------------------------------------------------------------- kept results
_pending: list["Kept"] = []


class Kept:
    """records.kept of records read through the cache (salesctl.records.Kept): what engines keep of
    this records state (engines.indicators.kept: month summaries) is read, on first use, from beside
    the cache of parsed files when it was kept for the same state (state_key), and what this run added
    is written back at the end of the command (flush). One state is kept: another state's values are
    dropped when this one's are written."""

    def __init__(self, loaded):
        self._loaded = loaded
        self._key: str | None = None
        self.values: dict | None = None
        self.added = False

    def _path(self) -> Path | None:
        root = _worktree_root(self._loaded.source)
        return None if root is None else location(root).with_suffix(".kept.json")

    def _read(self) -> dict:
        self.values = {}
        path = self._path()
        if path is None:
            return self.values
        self._key = state_key(self._loaded)
        got = _kept_for(path, dict[str, Any], self._key)
        if got is not _NONE:
            self.values = got
        return self.values

    def get(self, key: str):
        return (self._read() if self.values is None else self.values).get(key)

    def put(self, key: str, value) -> None:
        if self.values is None:
            self._read()
        self.values[key] = value
        if not self.added:
            self.added = True
            _pending.append(self)

    def save(self) -> None:
        path = self._path()
        if not self.added or path is None or self._key is None:
            return
        got = _kept_for(path, dict[str, Any], self._key)   # another run may have kept more of this state meanwhile
        if got is not _NONE:
            self.values = {**got, **self.values}
        try:
            atomic_write(path, _encode(Derived(self._key, dict(sorted(self.values.items())))), sync=False)
        except (OSError, TypeError):
            pass   # the cache is only an optimisation
        self.added = False


def flush() -> None:
    """Write what engines kept in this run (Kept.save); called once, when the command ends."""
    while _pending:
        _pending.pop().save()
