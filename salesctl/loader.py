"""The one loader: record files -> (Records, problems).

Every file is parsed with yaml-rs (fast, safe, YAML 1.2, refuses duplicate keys) and
converted into the schema's frozen structs. Problems are collected, never raised: a bad
file or record is reported with its path and line and left out, the rest load. ruamel.yaml
is used only to find the line of a problem in a file that has one (salesctl.locations);
`Loaded.locations` answers where any record and any of its fields are.

Per-file results are kept with a digest of the file's bytes, so a later load can reuse
every file whose content did not change (`load(source, reuse=previous)`): a write is
validated by reloading only the files it touches.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import msgspec
import yaml_rs

from salesctl import cache, workers
from salesctl.convert import convert
from salesctl.errors import Problem, error, warning
from salesctl.domain.calendar import month_of, parse_period
from salesctl.kinds import KINDS, Kind, by_folder
from salesctl.locations import Locations, Locator
from salesctl.policy import Policy
from salesctl.policy.effective import Policies
from salesctl.records import Records
from salesctl.source import NotRegular, Source, TooBig
from salesctl.i18n import _

POLICY_FILE = "salesctl.yaml"
STATE_FOLDER = "state"
Progress = Callable[[str, int, int], None]   # progress(stage, done, total): see load(); salesctl.cli.term shows it
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
YEAR_RE = re.compile(r"^\d{4}$")


class FileResult(msgspec.Struct, frozen=True):
    """What one file is: parse_file's result (kept by the cache of parsed files, salesctl.cache)."""
    path: str
    digest: bytes
    kind: str | None                 # a KINDS name, "policy", "state" or None (ignored)
    records: tuple = ()              # typed records, in file order
    lines: tuple[int, ...] = ()      # first line of each record
    indexes: tuple[int, ...] = ()    # log files: position of each record in the file's list
    problems: tuple[Problem, ...] = ()
    raw: Any = None                  # state files only: the parsed data
    misnamed: tuple = ()             # (id, line) of a record left out: its file name is another id


@dataclass
class Loaded:
    source: Source
    files: dict[str, FileResult]
    records: Records
    problems: list[Problem] = field(default_factory=list)  # file problems; checks add the rest

    @property
    def policy(self) -> Policy:
        return self.records.policy

    @cached_property
    def locations(self) -> Locations:
        return Locations(self.source, self.files, self.records)

    def not_loaded(self, kinds=None, until: str | None = None, since: str | None = None) -> list[Problem]:
        """The loader's errors a result may depend on: each is a record, an entry or a whole file that
        did not load, or an id given twice. `kinds`: the record kinds the result reads (None: every
        kind, and salesctl's state files); `until`: the result's last month (YYYY-MM) — a by-month file
        of a later period cannot change it (a period reads only records dated on or before its end);
        `since`: the first month, for a result about some months only (`deal list --month`)."""
        folders = by_folder()
        out = []
        for p in self.problems:
            if p.level != "error":
                continue
            parts = p.path.split("/")
            kind = folders.get(parts[0]) if len(parts) > 1 else None
            if kind is None:
                if kinds is None and p.path != POLICY_FILE and parts[0] == STATE_FOLDER:
                    out.append(p)
                continue
            if kinds is not None and kind.name not in kinds:
                continue
            if (until or since) and kind.by_month and len(parts) == 3:
                try:
                    months = parse_period(parts[1]).months
                except ValueError:   # a misplaced file: its month is unknown, so it may count
                    months = None
                if months and ((until and months[0] > until) or (since and months[-1] < since)):
                    continue
            out.append(p)
        return out


def load(source: Source, reuse: Loaded | None = None, progress: Progress | None = None) -> Loaded:
    """Every record file of `source`, parsed (or reused from `reuse` when its bytes are the same, or
    from the cache of parsed files when its stat key is: salesctl.cache). Many files to parse in a
    working tree are shared with worker processes (salesctl.workers).
    `progress(stage, done, total)`, when given, is called as files are read: ("read", i, n), and
    ("read", n, n) once at the end."""
    got: dict[str, FileResult] = {}
    old = reuse.files if reuse else {}
    paths = source.files()
    # what the source listed but will not read (a symlink, a FIFO, a submodule...): a warning each
    skipped = [warning(rel, 1, why) for rel, why in getattr(source, "skipped", ())]
    fc = cache.for_source(source) if reuse is None else None
    by_blob = fc is not None and fc.by_blob
    root = os.fspath(source.root) if fc is not None and not by_blob else ""
    todo: list[tuple[str, Any, Any]] = []     # (path, stat, blob id) of each file to read
    for path in paths:
        st = blob = None
        if by_blob:   # a git revision: a file is its blob id
            blob = source.blob_id(path)
            if (hit := fc.lookup_blob(path, blob)) is not None and source.size(path) <= source.limit:
                got[path] = _cached(hit)
                continue
        elif fc is not None:
            try:
                st = os.lstat(root + os.sep + path)
            except OSError:
                st = None
            if st is not None and st.st_size <= source.limit and (hit := fc.lookup(path, st)) is not None:
                got[path] = _cached(hit)
                continue
        todo.append((path, st, blob))
    names = [t[0] for t in todo]
    shares = workers.share(source, names, parse_file) if reuse is None else workers.Shares(names)   # a write's reload: few to parse
    of = {t[0]: t for t in todo}
    done = len(paths) - len(todo)
    for i, path in enumerate(shares.mine):
        if progress is not None:
            progress("read", done + i * len(todo) // len(shares.mine), len(paths))   # the workers keep pace
        _read_one(source, *of[path], None, got, old, fc, skipped)
    if shares.theirs:
        theirs = shares.results()
        for path in shares.theirs:
            e = theirs.get(path)
            _read_one(source, *of[path], None if e is None else _cached(e), got, old, fc, skipped)
    if progress is not None:
        progress("read", len(paths), len(paths))
    if fc is not None:
        fc.save()
    files = {path: got[path] for path in paths if path in got}   # in the source's order, as read
    loaded = assemble(source, files, skipped)
    if fc is not None and not by_blob:
        loaded.records.kept = cache.Kept(loaded)
    return loaded


def _read_one(source: Source, path: str, st, blob, fr: FileResult | None, got: dict, old: dict, fc, skipped: list) -> None:
    """One file load() did not find in the cache by its key: read and parsed (fr: parsed already, in
    a worker), or reused by its bytes' digest; put in `got` (a file that cannot be read: its problem)."""
    if fr is None:
        try:
            data = source.read(path)
        except TooBig as e:
            got[path] = FileResult(path, b"", None, problems=(error(path, 1, e.message()),))
            return
        except NotRegular as e:   # swapped for a pipe or a link since it was listed
            skipped.append(warning(path, 1, e.why))
            return
        except OSError as e:      # unreadable (permissions), or gone since it was listed
            got[path] = FileResult(path, b"", None, problems=(error(path, 1, _("cannot read the file: {error}").format(error=e.strerror or e)),))
            return
        digest = hashlib.blake2b(data, digest_size=16).digest()
    else:
        data, digest = None, fr.digest
    prev = old.get(path)
    if prev is not None and prev.digest == digest:
        got[path] = prev
    elif st is not None and (hit := fc.by_digest(path, digest, st)) is not None:
        got[path] = _cached(hit)
    else:
        got[path] = fr if fr is not None else parse_file(path, data)
        if st is not None:
            fc.store(path, st, got[path])
        elif blob is not None:
            fc.store_blob(path, blob, got[path])


def _cached(e: cache.Entry) -> FileResult:
    return FileResult(e.path, e.digest, e.kind, e.records, e.lines, e.indexes, e.problems, None, e.misnamed)


def assemble(source: Source, files: dict[str, FileResult], skipped: list[Problem] = ()) -> Loaded:
    groups: dict[str, list] = {name: [] for name in KINDS}
    where: dict[int, tuple[str, int]] = {}
    problems: list[Problem] = list(skipped)
    policies = Policies.single(Policy())
    state = {}
    misnamed: list[tuple[str, str, str, int]] = []
    for path, fr in files.items():
        problems.extend(fr.problems)
        misnamed.extend((fr.kind, rid, path, line) for rid, line in fr.misnamed)
        if fr.kind == "policy":
            if fr.records:
                policies = fr.records[0]
        elif fr.kind == "state":
            state[path[len(STATE_FOLDER) + 1:].rsplit(".", 1)[0]] = fr.raw
        elif fr.kind in groups:
            groups[fr.kind].extend(fr.records)
            is_log = KINDS[fr.kind].is_log
            for i, (rec, line) in enumerate(zip(fr.records, fr.lines)):
                where[id(rec)] = (path, line, fr.indexes[i] if is_log else -1)
    records = Records(policies.base.policy, state=state, where=where, policies=policies, **{KINDS[name].attr: recs for name, recs in groups.items()})
    problems.extend(_duplicate_ids(records, groups, where, misnamed))
    return Loaded(source, files, records, problems)


def _duplicate_ids(records: Records, groups: dict, where: dict, misnamed=()) -> list[Problem]:
    out = []
    for name, kind in KINDS.items():
        if not kind.id_field:
            continue
        seen: dict[Any, tuple[str, int]] = {}
        for rec in groups[name]:
            key = getattr(rec, kind.id_field)
            if kind.is_log and kind.id_field != "id":
                key = (getattr(rec, kind.named_by), key)  # activity/attendance: one entry a day a person
            path, line, _unused = where[id(rec)]
            if key in seen:
                first = seen[key]
                shown = key[1] if isinstance(key, tuple) else key
                out.append(error(path, line, _("duplicate {name} {id_field} {shown} (first at {value}:{value2})").format(name=name, id_field=kind.id_field, shown=shown, value=first[0], value2=first[1])))
            else:
                seen[key] = (path, line)
        # a copy of a file with its id unchanged, or an id typed over another's: the file name
        # does not match (reported by the file); say whose id it is too
        for kname, rid, path, line in misnamed:
            if kname != name:
                continue
            if rid in seen:
                first = seen[rid]
                out.append(error(path, line, _("duplicate {name} {id_field} {rid} (first at {value}:{value2})").format(name=name, id_field=kind.id_field, rid=rid, value=first[0], value2=first[1])))
            else:
                seen[rid] = (path, line)
    return out


# ----------------------------------------------------------------------------- one file
def parse_file(path: str, data: bytes) -> FileResult:
    """One file's bytes -> its records and problems: which kind (by folder), UTF-8, YAML, then the
    policy, a log file or a one-record file."""
    digest = hashlib.blake2b(data, digest_size=16).digest()
    parts = path.split("/")
    problems: list[Problem] = []

    def result(kind, records=(), lines=(), raw=None, indexes=(), misnamed=()):
        return FileResult(path, digest, kind, tuple(records), tuple(lines), tuple(indexes), tuple(problems), raw,
                          tuple(misnamed))

    if path == POLICY_FILE:
        kind_name = "policy"
    elif parts[0] == STATE_FOLDER:
        kind_name = "state"
    elif parts[0] in (folders := by_folder()):
        kind_name = folders[parts[0]].name
    else:
        problems.append(warning(path, 1, _("not a records file (known folders: {value}); ignored").format(value=', '.join(sorted(folders)))))
        return result(None)

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            problems.append(error(path, 1, _("UTF-16 text; save the file as UTF-8")))
        else:
            problems.append(error(path, data.count(b"\n", 0, e.start) + 1, _("not UTF-8 text (byte {start}); save the file as UTF-8").format(start=e.start)))
        return result(kind_name)
    text_problem = _text_problem(path, text)
    if text_problem:
        problems.extend(text_problem)
        return result(kind_name)
    loc = Locator(text)
    raw, problem = _parse_yaml(path, text, loc)
    if problem:
        problems.append(problem)
        return result(kind_name)

    if kind_name == "state":
        return result("state", raw=raw)
    if kind_name == "policy":
        return _policy_file(path, raw, loc, problems, result)
    kind = KINDS[kind_name]
    month = _check_path(path, parts, kind, problems)
    if month is False:
        return result(kind_name)
    if kind.is_log:
        return _log_file(path, raw, loc, kind, month, problems, result)
    return _record_file(path, raw, loc, kind, month, problems, result)


def _policy_file(path, raw, loc, problems, result) -> FileResult:
    """salesctl.yaml: the Policies (the repository's, each department's; salesctl/policy/layers.py),
    or its problems (each at its line, in salesctl.yaml or the preset it names)."""
    from salesctl.policy.layers import resolve

    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(error(path, 1, _("the policy must be a mapping of settings")))
        return result("policy")
    policies, errs = resolve(raw, loc, path)
    problems.extend(error(p, line, m, code=code) for p, line, m, code in errs)
    return result("policy", [policies] if policies is not None else [], [1])


def _log_file(path, raw, loc, kind: Kind, month, problems, result) -> FileResult:
    """A list of entries of one person and month (visits, attendance, activity)."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        problems.append(error(path, 1, _("a {name} file is a list of entries, each starting with '- '").format(name=kind.name)))
        return result(kind.name)
    records, lines, indexes = [], [], []
    item_lines = loc.item_lines(len(raw))
    for i, item in enumerate(raw):
        line = item_lines[i]
        if not isinstance(item, dict):
            problems.append(error(path, line, _("entry {value}: expected a mapping of fields").format(value=i + 1)))
            continue
        by = kind.named_by
        if item.get(by, stem) != stem:
            problems.append(error(path, loc.line((i, by)), _("entry says {by} {value} but the file belongs to {stem}").format(by=by, value=item[by], stem=stem)))
            continue
        item[by] = stem
        rec, errs = convert(item, kind.type)
        problems.extend(error(path, loc.line((i,) + p), m) for p, m in errs)
        if rec is None or errs:
            continue
        if kind.month_of(rec) != month:
            when = getattr(rec, kind.month_field)
            problems.append(error(path, line, _("{name} of {value} is not in the file's month {month}").format(name=kind.name, value=when.isoformat(), month=month)))
        records.append(rec)
        lines.append(line)
        indexes.append(i)
    return result(kind.name, records, lines, indexes=indexes)


def _record_file(path, raw, loc, kind: Kind, month, problems, result) -> FileResult:
    """One record in its own file (team, staff, lead, deal, review): named, and in the right folder."""
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    if raw is None or not isinstance(raw, dict):
        problems.append(error(path, 1, _("a {name} file is a mapping of fields (key: value lines)").format(name=kind.name)))
        return result(kind.name)
    given = kind.path_values(stem, month)
    for key, want in given.items():  # e.g. a review: staff from the file name, month from the folder
        if raw.get(key, want) != want:
            problems.append(error(path, loc.line((key,)), _("{name} says {key} {value} but the file is for {want}").format(name=kind.name, key=key, value=raw[key], want=want)))
            return result(kind.name)
    raw.update(given)
    rec, errs = convert(raw, kind.type)
    problems.extend(error(path, loc.line(p), m) for p, m in errs)
    if rec is None or errs:
        return result(kind.name)
    if kind.named_by == "id" and rec.id != stem:
        line = loc.line(("id",))
        problems.append(error(path, line, _("file name {name} does not match id {id}").format(name=name, id=rec.id)))
        return result(kind.name, misnamed=[(rec.id, line)])
    if kind.by_month and not kind.takes_month and kind.month_of(rec) != month:
        when, folder = getattr(rec, kind.month_field), kind.folder
        problems.append(error(path, loc.line((kind.month_field,)),
                              _("{name} {month_field} {value} belongs in {folder}/{month_of}/, not {folder}/{month}/").format(name=kind.name, month_field=kind.month_field, value=when.isoformat(), folder=folder, month_of=month_of(when), month=month)))
        return result(kind.name)
    return result(kind.name, [rec], [1])


def _check_path(path: str, parts: list[str], kind: Kind, problems: list) -> str | None | bool:
    """The month of a by-month file, None for others; False (with a problem) when misplaced."""
    if kind.by_month:
        if len(parts) != 3 or not (MONTH_RE.match(parts[1]) or (kind.periods and _is_period(parts[1]))):
            stem = "id" if kind.named_by == "id" else f"{kind.named_by}-id"
            folder = "<YYYY-MM>, <YYYYQn> or <YYYY>" if kind.periods else "<YYYY-MM>"
            problems.append(error(path, 1, _("{name} files live in {folder}/{folder2}/<{stem}>.yaml").format(name=kind.name, folder=kind.folder, folder2=folder, stem=stem)))
            return False
        return parts[1]
    if len(parts) == 2 or (kind.year_folder and len(parts) == 3 and YEAR_RE.match(parts[1])):
        return None
    where = f"{kind.folder}/<id>.yaml or {kind.folder}/<YYYY>/<id>.yaml" if kind.year_folder else f"{kind.folder}/<id>.yaml"
    problems.append(error(path, 1, _("{name} files live in {where}").format(name=kind.name, where=where)))
    return False


def _is_period(text: str) -> bool:
    """Whether a folder name is a period written as salesctl writes it (2026-10, 2026Q3, 2026)."""
    try:
        return parse_period(text).label == text
    except ValueError:
        return False


def _parse_yaml(path: str, text: str, loc: "Locator") -> tuple[Any, Problem | None]:
    if "!" in text:
        tag_line = loc.tag_line()
        if tag_line:
            return None, error(path, tag_line, _("YAML tags (!...) are not allowed in records"))
    try:
        data = yaml_rs.loads(text, parse_datetime=True)
        if isinstance(data, list) and "---" in text:  # yaml-rs gives a file of several documents as a list of them
            second = _second_document_line(text)
            if second:
                return None, error(path, second, _("a second YAML document starts here ('---'); a records file holds one"))
        return data, None
    except yaml_rs.YAMLDecodeError as e:
        msg = str(e)
        m = re.search(r"at line (\d+), column (\d+)", msg)
        if m:
            last = msg.strip().splitlines()[-1].strip()
            line = int(m.group(1))
            if "simple key expect ':'" in last:
                # found on the line after the key without its ':' (past the end for the last line)
                line = _previous_content_line(text, line)
            elif "quoted scalar" in last:  # an unclosed quote: found where the text runs on, not where it opened
                line = loc.quote_start(line)
            elif "found a tab" in last:  # reported where the scalar before the tab starts
                lines = text.splitlines()
                line = next((i + 1 for i in range(line - 1, len(lines)) if "\t" in lines[i]), line)
            else:  # a '[' or '{' left open: found lines later, where the text runs on
                opened, bracket = loc.flow_start()
                if opened and opened < line:
                    line, last = opened, _("unclosed bracket '{bracket}'").format(bracket=bracket)
            return None, error(path, line, _("YAML syntax error: {last}").format(last=last))
        line, detail = loc.yaml_error()
        if "alias replay limit" in msg:   # a billion laughs: refused by yaml-rs before it grows
            line = next((i + 1 for i, ln in enumerate(text.splitlines()) if re.search(r"(^|[\s\[{,])\*\w", ln)), 1)
            return None, error(path, line, _("too many aliases (*name): expanded they would make over a million values; refused"))
        if "duplicate" in msg:
            key = re.search(r"key: (.*)$", msg)
            return None, error(path, line, _("duplicate key {key}").format(key=key.group(1) if key else "").rstrip())
        return None, error(path, line, _("YAML error: {value}").format(value=detail or msg))
    except (ValueError, OverflowError) as e:  # e.g. an impossible date such as 2026-02-30
        line, detail = loc.yaml_error()
        return None, error(path, line, _("bad value: {e}").format(e=e))


# characters YAML does not allow raw in a file (outside c-printable): C0 controls but tab, LF and CR; DEL; C1 but NEL
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONFLICT = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.M)


def _text_problem(path: str, text: str) -> list[Problem]:
    """What makes a file's text no YAML at all, found before parsing: git's conflict markers
    (one problem for each conflict, naming both sides' lines) or a raw control character."""
    out = []
    if "<<<<<<<" in text or ">>>>>>>" in text:
        out.extend(error(path, start, msg) for start, msg in _conflicts(text))
    if not out:
        bad = _NOT_PRINTABLE.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            ch = bad.group()
            what = _("a NUL byte: the file is binary or damaged") if ch == "\x00" else _("the control character U+{code:04X}").format(code=ord(ch))
            out.append(error(path, line, _("{what} (column {column}); YAML text cannot hold it raw").format(
                what=what, column=bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1)))
    return out


def _conflicts(text: str) -> list[tuple[int, str]]:
    """(first line, message) of each block of git conflict markers left in a text."""
    out = []
    start = base = middle = None
    for m in _CONFLICT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        mark = m.group(1)[0]
        if mark == "<":
            start, base, middle = line, None, None
        elif mark == "|" and start is not None:
            base = line
        elif mark == "=" and start is not None:
            middle = line
        elif mark == ">" and start is not None and middle is not None:
            ours_end = (base or middle) - 1
            out.append((start, _("unresolved merge conflict (lines {start}-{end}): ours at {ours}, theirs at {theirs}; "
                                 "edit the file and keep one side").format(
                start=start, end=line, ours=_span(start + 1, ours_end), theirs=_span(middle + 1, line - 1))))
            start = base = middle = None
    if start is not None or (not out and _CONFLICT.search(text)):
        first = start or text.count("\n", 0, _CONFLICT.search(text).start()) + 1
        out.append((first, _("a git conflict marker (<<<<<<<, ======= or >>>>>>>) left from a merge; edit the file and keep one side")))
    return out


def _span(first: int, last: int) -> str:
    if last < first:
        return _("(nothing)")
    return str(first) if first == last else f"{first}-{last}"


def _second_document_line(text: str) -> int:
    """Line of a `---` that follows content (a second document), or 0."""
    content = False
    for i, ln in enumerate(text.splitlines()):
        if ln.startswith("---") and ln[3:4] in ("", " ", "\t"):
            if content:
                return i + 1
        elif ln.strip() and not ln.lstrip().startswith("#"):
            content = True
    return 0


def _previous_content_line(text: str, line: int) -> int:
    """The last line before `line` (1-based) that is not blank or a comment; `line` if none."""
    lines = text.splitlines()
    for i in range(min(line - 1, len(lines)) - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i + 1
    return line


def load_policy_text(text: str) -> tuple[Policy | None, list[tuple[int, str]]]:
    """Parse a policy given as text (for tests and `policy check`)."""
    fr = parse_file(POLICY_FILE, text.encode())
    return (fr.records[0].base.policy if fr.records else None), [(p.line, p.message) for p in fr.problems]

