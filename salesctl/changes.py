"""Record-level changes between two versions of the records: `history` and `diff`.

Pure functions over file contents (bytes) — the git module supplies the versions. A file is
read with the one loader (`parse_file`); when a version does not convert to records, its raw
YAML is compared instead, and when it is not even YAML the change is shown as a line diff.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import msgspec

from salesctl.loader import parse_file
from salesctl.kinds import KINDS, by_folder
from salesctl.i18n import _


def _noise() -> set[str]:
    """Fields taken from the path, not written in the file (left out of every comparison)."""
    return {f for k in KINDS.values() for f in k.path_fields}


@dataclass
class Version:
    """What one file holds in one version: records by key, or why it cannot be read."""

    kind: str | None
    items: dict[str, dict] = field(default_factory=dict)   # key -> plain fields
    names: dict[str, str] = field(default_factory=dict)    # key -> display name
    broken: str | None = None                               # why it does not parse
    text: str = ""


@dataclass
class Change:
    kind: str
    key: str
    name: str
    path: str
    status: str                       # added, removed, changed, broken
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    note: str = ""                    # e.g. "reassigned", or a parse problem
    lines: list[str] = field(default_factory=list)  # line diff when a version does not parse

    def as_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "name": self.name, "path": self.path, "status": self.status,
                "note": self.note,
                "fields": [{"field": f, "old": _plain(o), "new": _plain(n)} for f, o, n in self.fields],
                "line_diff": self.lines}


def read_version(path: str, data: bytes | None) -> Version:
    if data is None:
        return Version(kind=_kind_of(path))
    text = data.decode("utf-8", "replace")
    fr = parse_file(path, data)
    kind = fr.kind if fr.kind in KINDS else None
    if fr.kind == "policy":
        return Version(kind="policy", items={"salesctl.yaml": _raw_or_none(text) or {}}, names={"salesctl.yaml": "policy"}, text=text)
    v = Version(kind=kind or _kind_of(path), text=text)
    if kind is None and fr.kind != "state":
        v.broken = "; ".join(p.message for p in fr.problems) or None
        return v
    errors = [p for p in fr.problems if p.level == "error"]
    if fr.records and not errors:
        for rec in fr.records:
            key = KINDS[kind].key_of(rec)
            v.items[key] = _plain(_with_defaults(rec))
            v.names[key] = getattr(rec, "name", "") or ""
        return v
    raw = _raw_or_none(text)
    if raw is None:
        v.broken = "; ".join(_("line {line}: {message}").format(line=p.line, message=p.message) for p in errors) or _("does not parse")
        return v
    # YAML but not valid records: compare the raw data, say it does not validate
    v.broken = None
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            key = str(item.get("id") or item.get("date") or i) if isinstance(item, dict) else str(i)
            v.items[key] = _plain(item)
    elif isinstance(raw, dict):
        key = str(raw.get("id") or path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        v.items[key] = _plain(raw)
        v.names[key] = str(raw.get("name", ""))
    v.names.setdefault("__invalid__", "; ".join(_("line {line}: {message}").format(line=p.line, message=p.message) for p in errors))
    return v


def _with_defaults(x: Any) -> Any:
    """A record as plain data with the defaults it takes (status new, weight 1 …), so a field set
    to its default reads `contacted -> new`, not `contacted -> (none)`; empty fields left out."""
    if isinstance(x, msgspec.Struct):
        out = {}
        for f in msgspec.structs.fields(x):
            value = getattr(x, f.name)
            if value is not None and not (isinstance(value, (tuple, list, dict)) and not value):
                out[f.encode_name] = _with_defaults(value)
        return out
    if isinstance(x, dict):
        return {k: _with_defaults(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_with_defaults(v) for v in x]
    return x


def _raw_or_none(text: str):
    import yaml_rs

    try:
        return yaml_rs.loads(text)
    except Exception:
        return None


def _kind_of(path: str) -> str | None:
    if path == "salesctl.yaml":
        return "policy"
    if path.startswith("state/"):
        return "state"
    k = by_folder().get(path.split("/", 1)[0])
    return k.name if k else None


def _plain(x: Any, noise: set[str] | None = None) -> Any:
    noise = _noise() if noise is None else noise
    if isinstance(x, dict):
        return {k: _plain(v, noise) for k, v in x.items() if k not in noise}
    if isinstance(x, (list, tuple)):
        return [_plain(v, noise) for v in x]
    if isinstance(x, (dt.datetime, dt.date)):
        return x.isoformat()
    if isinstance(x, float) and x == int(x):
        return int(x)
    if isinstance(x, Decimal):
        return format(x, "f")
    return x


def field_changes(old: Any, new: Any, prefix: str = "") -> list[tuple[str, Any, Any]]:
    """Changed fields as (path, old, new): nested fields by dotted path, list items by position
    counted from 1, as check counts (log[2].to); an item or field present on one side only is one change with the whole value."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in dict.fromkeys([*new, *old]):  # in the new file's order, then what was removed
            sub = f"{prefix}.{k}" if prefix else str(k)
            if k not in old:
                out.append((sub, None, new[k]))
            elif k not in new:
                out.append((sub, old[k], None))
            else:
                out.extend(field_changes(old[k], new[k], sub))
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            sub = f"{prefix}[{i + 1}]"  # counted from 1, as check counts
            if i >= len(old):
                out.append((sub, None, new[i]))
            elif i >= len(new):
                out.append((sub, old[i], None))
            else:
                out.extend(field_changes(old[i], new[i], sub))
        return out
    return [] if old == new else [(prefix, old, new)]


def compare_file(path: str, old: bytes | None, new: bytes | None) -> list[Change]:
    va, vb = read_version(path, old), read_version(path, new)
    kind = vb.kind or va.kind or "file"
    if va.broken or vb.broken:
        lines = list(difflib.unified_diff((va.text or "").splitlines(), (vb.text or "").splitlines(),
                                          f"a/{path}", f"b/{path}", lineterm="", n=1))
        return [Change(kind, path, "", path, "broken", note=(_("the new version does not parse: {error}") if vb.broken else _("the old version does not parse: {error}")).format(error=vb.broken or va.broken), lines=lines)]
    out = []
    for key in dict.fromkeys([*va.items, *vb.items]):
        a, b = va.items.get(key), vb.items.get(key)
        name = vb.names.get(key) or va.names.get(key) or ""
        if a is None:
            out.append(Change(kind, key, name, path, "added"))
        elif b is None:
            out.append(Change(kind, key, name, path, "removed"))
        else:
            fields = field_changes(a, b)
            if fields:
                note = _note(kind, fields)
                out.append(Change(kind, key, name, path, "changed", fields, note))
    invalid = vb.names.get("__invalid__")
    if invalid:
        for c in out:
            c.note = (c.note + "; " if c.note else "") + _("does not validate: {problems}").format(problems=invalid)
    return out


def _note(kind: str, fields: list) -> str:
    """What a change of these fields is called (a lead's owner changed: reassigned), or ""."""
    notes = KINDS[kind].change_notes if kind in KINDS else ()
    return next((note for name, note in notes if any(f == name for f, _unused, _unused in fields)), "")


def summary(changes: list[Change]) -> str:
    """One line: `3 leads reassigned, 1 deal added, 2 visits added`."""
    counts: Counter = Counter()
    for c in changes:
        verb = "reassigned" if c.note.startswith("reassigned") else c.status
        counts[(c.kind, verb)] += 1
    if not counts:
        return _("no record changes")
    parts = []
    for (kind, verb), n in sorted(counts.items(), key=lambda kv: (kind_rank(kv[0][0]), kv[0][1])):
        noun = {"state": "state file"}.get(kind, kind) if n == 1 else _plural(kind)
        parts.append(f"{n} {noun} {verb}")
    return ", ".join(parts)


def kind_rank(kind: str) -> int:
    order = [*KINDS, "policy", "state", "file"]
    return order.index(kind) if kind in order else len(order)


def _plural(kind: str) -> str:
    if kind in KINDS:
        return KINDS[kind].words
    return {"policy": "policy", "state": "state files"}.get(kind, kind + "s")


def show(value: Any) -> str:
    if value is None:
        return "(none)"
    if value == {} or value == []:
        return "(empty)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)
