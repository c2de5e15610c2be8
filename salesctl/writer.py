"""The one writer: every change to record files goes through a Transaction.

    with transaction(root, "lead set") as tx:
        tx.update(lead, {"status": "contacted"})
        tx.commit("lead set: L-0042 status new -> contacted")

A transaction holds the writers' lock for its whole life, so two salesctl processes never
interleave. Edits are ruamel.yaml round-trip on the touched files only (comments, key order and
quoting survive). `commit()` validates the records as they would be (the loader and every check
pass over an overlay of the pending files, re-parsing only those), refuses a change that adds
errors, writes each file atomically (temporary file, fsync, rename), and makes one git commit of
exactly those files. If anything fails after the first file is replaced, the files are put back
as they were: no half-written file, no half-made commit, no stray lock.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesctl.domain.calendar import month_of
from salesctl import gitops, journal
from salesctl.errors import Exit, Problem, UserError
from salesctl.kinds import KINDS, Kind
from salesctl.i18n import _
from salesctl.privacy import commit_message


@dataclass
class CommitResult:
    paths: list[str]                  # files written, relative to the records folder
    sha: str | None = None            # the commit made, if any
    warnings: list[str] = field(default_factory=list)


class Transaction:
    def __init__(self, root: Path, command: str, *, no_commit: bool = False, author: str | None = None,
                 allow_detached: bool = False, repo=None, loaded=None, progress=None):
        self.root = Path(root)
        self.command = command
        self.no_commit = no_commit
        self.author = author
        self.allow_detached = allow_detached
        self.repo = repo
        self._loaded = loaded
        self.progress = progress                # the loader's and the checks' callback (salesctl.loader.Progress)
        self._docs: dict[str, Any] = {}        # path -> round-trip document being edited
        self._texts: dict[str, str | None] = {}  # path -> new text (None: delete)
        self.committed: CommitResult | None = None
        self._issued: dict[str, list[str]] = {}  # ids handed out by next_id, not yet on disk

    # -- reading ------------------------------------------------------------------
    @property
    def loaded(self):
        if self._loaded is None:
            from salesctl.loader import load
            from salesctl.source import WorkTree

            self._loaded = load(WorkTree(self.root), progress=self.progress)
        return self._loaded

    @property
    def records(self):
        return self.loaded.records

    def _current_text(self, rel: str) -> str | None:
        if rel in self._texts:
            return self._texts[rel]
        return _as_text(self._disk_bytes(rel))

    def _doc(self, rel: str, empty):
        from salesctl.yamlio import load_rt

        if rel not in self._docs:
            text = self._current_text(rel)
            doc = load_rt(text) if text and text.strip() else None
            self._docs[rel] = doc if doc is not None else empty()
        return self._docs[rel]

    # -- changing -------------------------------------------------------------------
    def update(self, rec, fields: dict[str, Any]) -> None:
        """Set fields (YAML names) of a record; a value of None removes the field."""
        from salesctl.yamlio import rt_value

        path, index = self.records.origin(rec)
        if not path:
            raise UserError(_("cannot find the file of {rec!r}").format(rec=rec), Exit.INTERNAL)
        node = self._doc(path, dict)
        if index >= 0:
            node = node[index]
        for key, value in fields.items():
            if value is None or value == {} or value == ():
                node.pop(key, None)
            else:
                node[key] = rt_value(value)

    def append(self, rec, key: str, value: Any) -> None:
        """Append an item to a list field of a record (e.g. a lead's ownership log)."""
        from ruamel.yaml.comments import CommentedSeq

        from salesctl.yamlio import rt_value

        path, index = self.records.origin(rec)
        node = self._doc(path, dict)
        if index >= 0:
            node = node[index]
        seq = node.get(key)
        if not isinstance(seq, list) or not seq:  # absent, or an empty flow list `[]`
            seq = CommentedSeq()
            node[key] = seq
        seq.append(rt_value(value))

    def add(self, kind: str, data: dict[str, Any]) -> str:
        """A new record of a one-record kind (team, staff, lead, deal, review); returns its id
        (for a kind named by its path, e.g. a review, the path's values: "S-0003 2026-10")."""
        k = KINDS[kind]
        data = dict(data)
        if k.is_log:
            raise ValueError(_("use add_entry for log kinds"))
        if k.named_by != "id":  # the path gives these fields: not written in the file
            rel = path_for(k, data[k.named_by], data)
            rid = " ".join(str(data.pop(f)) for f in k.path_fields)
        else:
            rid = _file_part(data.get("id") or self.next_id(kind), f"{kind} id")
            data = {"id": rid, **{key: v for key, v in data.items() if key != "id"}}
            rel = path_for(k, rid, data)
        if self._current_text(rel) is not None:
            raise UserError(_("{rel} already exists").format(rel=rel), Exit.USAGE)
        self._put_plain(rel, data)
        return rid

    def add_entry(self, kind: str, staff: str, data: dict[str, Any]) -> str:
        """Append an entry to a person's monthly log (visit, activity, attendance); returns its id or date."""
        from ruamel.yaml.comments import CommentedSeq

        from salesctl.yamlio import rt_value

        k = KINDS[kind]
        data = dict(data)
        if k.prefix:  # entries with a generated id (visits)
            data = {"id": data.get("id") or self.next_id(kind), **{key: v for key, v in data.items() if key != "id"}}
        rel = path_for(k, staff, data)
        seq = self._doc(rel, CommentedSeq)
        seq.append(rt_value(data))
        return str(data.get(k.id_field))

    def discard_all(self) -> None:
        """Forget every pending change (and the ids handed out for it)."""
        self._docs.clear()
        self._texts.clear()
        self._issued.clear()

    def put(self, rel: str, text: str) -> None:
        """Any file under the records folder, as text (state files, reports)."""
        self._docs.pop(rel, None)
        self._texts[rel] = text

    def _put_plain(self, rel: str, data: dict) -> None:
        from salesctl.yamlio import dumps

        self.put(rel, dumps(data))

    def next_id(self, kind: str) -> str:
        """The next free id of a kind: its prefix and one more than the highest number in use."""
        k = KINDS[kind]
        recs = self.records
        held = recs.of(kind)
        ids = list(held) if isinstance(held, dict) else [r.id for r in held]
        pending = self._issued.setdefault(kind, [])
        ids += pending
        pat = re.compile(re.escape(k.prefix) + r"(\d+)$")
        nums = [(int(m.group(1)), len(m.group(1))) for m in map(pat.match, ids) if m]
        width = max(w for _unused, w in nums) if nums else 4  # keep the organisation's style: S-3 -> S-4
        rid = f"{k.prefix}{(max(n for n, _unused in nums) + 1) if nums else 1:0{width}d}"
        pending.append(rid)
        return rid

    # -- landing ----------------------------------------------------------------------
    def pending(self) -> dict[str, str | None]:
        from salesctl.yamlio import dumps_rt

        out = dict(self._texts)
        for rel, doc in self._docs.items():
            text = dumps_rt(doc)
            if isinstance(doc, list):  # ruamel indents a top-level list: keep it at column 0
                text = "\n".join(line[2:] if line.startswith("  ") else line for line in text.split("\n"))
            out[rel] = text
        return out

    def validate(self, texts: dict[str, str | None]) -> list[Problem]:
        """Errors the pending change would add to the records (empty: it may land)."""
        from salesctl import checks
        from salesctl.loader import load
        from salesctl.source import Overlay

        before = Counter((p.path, p.message) for p in checks.run_cached(self.loaded, self.progress) if p.level == "error")
        data = {rel: (t.encode("utf-8") if t is not None else None) for rel, t in texts.items()}
        after_loaded = load(Overlay(self.loaded.source, data), reuse=self.loaded, progress=self.progress)
        after = checks.run_cached(after_loaded, self.progress)
        new = []
        seen = Counter()
        for p in after:
            if p.level != "error":
                continue
            key = (p.path, p.message)
            seen[key] += 1
            if seen[key] > before.get(key, 0):
                new.append(p)
        return new

    def commit(self, message: str) -> CommitResult:
        pending = self.pending()
        on_disk = {rel: self._disk_bytes(rel) for rel in pending}   # each file read once, under the lock
        texts = {rel: t for rel, t in pending.items()
                 if t != (on_disk[rel].decode("utf-8-sig").replace("\r\n", "\n") if on_disk[rel] is not None else None)}
        result = CommitResult(paths=sorted(texts))
        if not texts:
            self.committed = result
            return result
        new_errors = self.validate(texts)
        if new_errors:
            raise UserError(_("{command}: refused, the change would add {n_new_errors} error(s) to the records; nothing was written").format(command=self.command, n_new_errors=len(new_errors)),
                            Exit.RECORDS, problems=new_errors)
        originals = {rel: on_disk[rel] for rel in texts}
        new = {rel: _encoded(_line_ends_of(originals[rel], text)) for rel, text in texts.items()}
        modes = {rel: _mode(self.root / rel) for rel in texts}
        will_commit = self.repo is not None and not self.no_commit
        message = commit_message(message)   # no contact data, no control characters (salesctl.privacy)
        with _signals_held():
            try:   # the journal first: if it cannot be written, nothing was changed
                log = journal.begin(self.root, self.command, [
                    journal.Change(rel, originals[rel], new[rel], modes[rel]) for rel in sorted(texts)],
                    repo=self.repo, commit=will_commit, message=message)
            except journal.NoSpace:
                raise UserError(_("{command}: no space left on device: nothing was changed").format(command=self.command), Exit.RECORDS) from None
            written: list[str] = []
            temps: dict[str, Path] = {}
            try:
                batch = len(texts) > SYNC_ONE_BY_ONE
                for rel in sorted(texts):   # every new file beside its original first, then the renames
                    if new[rel] is not None:
                        temps[rel] = _write_temp(self.root / rel, new[rel], originals[rel] is not None, sync=not batch)
                if batch and temps:
                    os.sync()   # every new file on disk before any rename: one flush, not one a file
                for rel in sorted(texts):
                    _replace(self.root / rel, temps.pop(rel, None))
                    written.append(rel)
                for folder in sorted({(self.root / rel).parent for rel in written}):
                    journal.fsync_dir(folder)
                if will_commit:
                    log.mark("committing")
                    result.sha = gitops.commit_paths(self.repo, [self.root / r for r in written], message, self.author)
            except BaseException as e:
                if not _roll_back(self.root, originals, modes, temps, log):
                    raise UserError(_("{command}: the write failed ({error}) and the files could not all be put back yet; "
                                      "the next salesctl run puts them back").format(command=self.command, error=e), Exit.RECORDS) from e
                if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT) or (
                        isinstance(e, UserError) and "No space left on device" in e.message):
                    raise UserError(_("{command}: no space left on device: nothing was changed").format(command=self.command),
                                    e.status if isinstance(e, UserError) else Exit.RECORDS) from None
                raise
            log.finish()
        self.committed = result
        return result

    def _disk_bytes(self, rel: str) -> bytes | None:
        """A file's bytes as they are now (None: no file), read as the loader reads (salesctl.source):
        never through a symbolic link, never from a pipe or a device (which would hang or never end),
        never over the size limit. Such a file in the way is refused: nothing is written."""
        return read_in_records(self.root, rel, self.command)


def _as_text(data: bytes | None) -> str | None:
    """A file's bytes as open() in text mode would give them: universal newlines (None: no file)."""
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n") if data is not None else None


def read_in_records(root: Path, rel: str, command: str) -> bytes | None:
    """The bytes of the file a write is about to change (None: there is none), read through the working
    tree source. A symlink, a FIFO, a device, a folder or a file over the size limit where a record file
    goes is a problem a user can cause: a message naming the path (exit 1), never a hang or a traceback."""
    from salesctl.source import NotRegular, TooBig, WorkTree

    folder, parts = os.fspath(root), rel.split("/")
    for i, part in enumerate(parts[:-1]):   # a folder on the way that is a link would take the write elsewhere
        folder = folder + os.sep + part
        if os.path.islink(folder):
            raise UserError(_("{command}: {rel}: the folder {folder} is a symbolic link; salesctl writes only inside the records folder: "
                              "nothing was written").format(command=command, rel=rel, folder="/".join(parts[:i + 1])), Exit.RECORDS)
    try:
        return WorkTree(root).read(rel)
    except FileNotFoundError:
        return None
    except NotRegular as e:
        raise UserError(_("{command}: {rel}: {why}; a record file must be a regular file: nothing was written").format(
            command=command, rel=rel, why=e.why), Exit.RECORDS) from None
    except TooBig as e:
        raise UserError(_("{command}: {rel}: {why}; nothing was written").format(command=command, rel=rel, why=e.message()),
                        Exit.RECORDS) from None
    except OSError as e:
        raise UserError(_("{command}: {rel}: cannot read the file ({error}); nothing was written").format(
            command=command, rel=rel, error=e.strerror or e), Exit.RECORDS) from None


def path_for(k: Kind, stem: Any, data: dict) -> str:
    """Where a new record of kind k goes (see salesctl.kinds.Kind): stem names the file (an id,
    or for a kind named by its path the person); data gives the month or year folder."""
    if k.by_month:
        when = data.get(k.month_field)
        _required(k, when, k.month_field, "<YYYY-MM>")
        month = str(when) if k.takes_month else month_of(when) if hasattr(when, "year") else str(when)[:7]
        if k.takes_month:
            month = _folder_period(k, month)
        month_part = _file_part(month, "month" if k.is_log else k.month_field)
        return f"{k.folder}/{month_part}/{_file_part(stem, k.named_by)}.yaml"
    if k.year_folder:
        when = data.get(k.year_folder)
        _required(k, when, k.year_folder, "<YYYY>")
        year = f"{when:%Y}" if hasattr(when, "strftime") else str(when)[:4]
        return f"{k.folder}/{_file_part(year, k.year_folder)}/{stem}.yaml"
    return f"{k.folder}/{stem}.yaml"


def _required(k: Kind, when: Any, field: str, folder: str) -> None:
    """The field that puts a record in its month (or year) folder must be there: a usage error naming
    it, before any path is made of a missing value (trainings/None/…)."""
    if when is None or when == "":
        raise UserError(_("{field} is required (give {field}=…): a {name}'s file goes under {folder}/{folder2}/ by it").format(field=field, name=k.name, folder=k.folder, folder2=folder),
                        Exit.USAGE)


def _folder_period(k: Kind, text: str) -> str:
    """The folder of a kind whose folder gives its month (a review): a month, or with `periods` a
    quarter or year too, as salesctl writes it (2026q3 -> 2026Q3); a usage error otherwise."""
    from salesctl.domain.calendar import is_month, parse_period

    try:
        period = parse_period(text)
    except ValueError:
        period = None
    if period is not None and (k.periods or is_month(period.label)):
        return period.label
    want = "a month (2026-10), quarter (2026Q3) or year (2026)" if k.periods else "a month (YYYY-MM)"
    raise UserError(_("{name} {month_field} {text!r} is not {want}").format(name=k.name, month_field=k.month_field, text=text, want=want), Exit.USAGE)


NAME_BYTES = 200   # a file name part's UTF-8 bytes: under every file system's NAME_MAX (255), with room for ".yaml" and a temporary file's affixes
_SLASHES = "\u2215\u2044\uff0f\u29f8\uff3c\u29f5\u29f9\ufe68"   # ∕ ⁄ ／ ⧸ ＼ ⧵ ⧹ ﹨: look like / and \\


def _file_part(value: Any, what: str) -> str:
    """A value that names a file or folder (an id, a staff id, a month), refused when it would
    name another place (`lead add id=../../x` wrote x.yaml at the top of the records), when it is
    longer than a file name may be (300 characters ended in OSError "File name too long"), or when
    it holds characters that only look like others (a fullwidth ／ or Ｌ, a zero-width space,
    a right-to-left mark): an id is typed, compared and shown, and must be what it looks like."""
    import unicodedata

    text = str(value)
    if not text or text.startswith(".") or any(ch in text for ch in '/\\\0\n\r\t'):
        raise UserError(_("{what} {text!r} cannot name a file: no '/', '\\', leading '.' or control characters").format(what=what, text=text), Exit.USAGE)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > NAME_BYTES:
        raise UserError(_("{what} {text:.40}… cannot name a file: {size} bytes, at most {limit} (UTF-8)").format(what=what, text=text, size=size, limit=NAME_BYTES), Exit.USAGE)
    odd = next((ch for ch in text if ch in _SLASHES or unicodedata.category(ch)[0] in "CZ" and ch != " "
                or unicodedata.normalize("NFKC", ch) != ch), None)
    if odd is not None:
        raise UserError(_("{what} {text!r} cannot name a file: {char!r} (U+{code}) looks like another character or is invisible; type plain characters").format(
            what=what, text=text, char=odd, code=f"{ord(odd):04X}"), Exit.USAGE)
    return text


@contextlib.contextmanager
def _signals_held():
    """Hold SIGTERM and SIGINT while files are replaced and committed, and act on them after.

    A signal in the middle used to unwind the writer while `git commit` (a child process that
    never got the signal) went on: the files were put back, the commit landed anyway, and the
    working tree no longer matched HEAD. Now the write and its commit finish (or fail and are
    rolled back) as one, and then the signal ends the process as it would have.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])


def _line_ends_of(original: bytes | None, text: str | None) -> str | None:
    """text with the file's own line ends: a file saved with CRLF (Windows) keeps them, so an
    edit of one line is a one-line change, not the whole file."""
    if text is not None and original and b"\r\n" in original:
        return text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def _encoded(text: str | None) -> bytes | None:
    return text.encode("utf-8") if text is not None else None


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return None


# A write of more files than this flushes them with one os.sync() after writing them all, instead of an
# fsync each (as git's core.fsyncMethod=batch): 10,000 imported leads cost 10,000 waits on the disk otherwise.
SYNC_ONE_BY_ONE = 32


def _write_temp(path: Path, data: bytes, exists: bool, sync: bool = True) -> Path:
    """data in a temporary file beside path (`.NAME.xxxxxxxx.tmp`), with path's mode; synced to disk
    unless `sync` is False (the caller flushes a batch at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if sync:
                os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if exists else 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _replace(path: Path, tmp: Path | None) -> None:
    """The temporary file over path (None: remove path)."""
    if tmp is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        os.replace(tmp, path)


def _roll_back(root: Path, originals: dict[str, bytes | None], modes: dict[str, int | None], temps: dict[str, Path], log) -> bool:
    """Put every file back as it was, in this process; the journal is removed only when that is done
    (else the next run finishes the roll back from it). Created files go first: on a full disk that
    frees the space the others need (journal.restore rewrites in place when no copy fits)."""
    for tmp in temps.values():
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    order = sorted(originals, key=lambda rel: (originals[rel] is not None, rel))
    try:
        for rel in order:
            journal.restore(root / rel, originals[rel], modes[rel])
    except OSError:
        return False   # the journal stays: the next salesctl run restores the rest
    log.finish()
    return True


@contextlib.contextmanager
def transaction(root: Path, command: str, *, no_commit: bool = False, author: str | None = None,
                wait: float = 0.0, allow_detached: bool = False, on_warning=None, progress=None):
    """Open a write transaction on the records folder `root` (see the module doc); `progress`: the
    loader's and the checks' callback (salesctl.loader.Progress), for the records it reads and checks."""
    root = Path(root)
    if not root.is_dir():
        raise UserError(_("no records folder at {root}").format(root=root), Exit.USAGE)
    repo = gitops.find_repo(root)
    if repo is None:
        if on_warning and not no_commit:
            on_warning("warning: " + _("{root} is not in a git repository; changes are written but not committed").format(root=root))
    elif not no_commit:
        problem = gitops.state_problem(repo, allow_detached)
        if problem:
            raise UserError(_("{command}: refusing to commit: {problem}").format(command=command, problem=problem), Exit.GIT)
    with gitops.writer_lock(root, command, wait, on_notice=on_warning):
        recover(root, on_warning or (lambda text: None), locked=True)
        if repo is not None and not no_commit:
            problem = gitops.index_lock_problem(repo)
            if problem:
                raise UserError(_("{command}: refusing to write: {problem}").format(command=command, problem=problem), Exit.GIT)
        yield Transaction(root, command, no_commit=no_commit, author=author, allow_detached=allow_detached,
                          repo=repo, progress=progress)


def recover(root: Path, notify, *, locked: bool = False) -> bool:
    """Roll back (or finish) a write to the records folder root that was interrupted (killed): see
    salesctl.journal. Every run calls it once before reading the records (the root command), and a
    write again once it holds the lock; a read while another salesctl writes leaves things alone."""
    return journal.recover(root, notify, locked=locked)
