"""Record commands' core: find a record, turn `key=value` words into fields, describe changes.

Pure helpers used by salesctl/cli/records.py; the writing itself is salesctl.writer's.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from decimal import Decimal
from typing import Any

from salesctl.domain import ownership
from salesctl.errors import Exit, UserError
from salesctl.kinds import KINDS
from salesctl.convert import _hints, _strip
from salesctl.records import Records
from salesctl.yamlio import to_plain
from salesctl.i18n import _


def all_of(records: Records, kind: str) -> list:
    """Every record of a kind, in its list order."""
    k = KINDS[kind]
    held = records.of(kind)
    return sorted(held.values() if isinstance(held, dict) else held, key=k.sort_key)


def find(records: Records, kind: str, key: str):
    """The record of a kind that `key` names (its id, or e.g. STAFF:DATE); NOT_FOUND if none."""
    k = KINDS[kind]
    held = records.of(kind)
    if isinstance(held, dict):
        rec = held.get(key)
    else:
        rec = next((r for r in all_of(records, kind) if k.key_of(r) == key), None)
    if rec is None:
        raise UserError(_("no {kind} {key}{key_hint}").format(kind=kind, key=key, key_hint=_(k.key_hint) if k.key_hint else ""), Exit.NOT_FOUND)
    return rec


def not_loaded_for(loaded, kind: str, key: str) -> list:
    """The loader's errors in the file that would hold the record of `kind` that `key` names (its id;
    for a record named by a person, e.g. STAFF:DATE, that person's files): why it is not there."""
    stem = key.split(":", 1)[0]
    return [p for p in loaded.not_loaded(kinds={kind}) if p.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] == stem]


def get_path(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if obj is None:
            return None
        if isinstance(obj, dict):
            obj = obj.get(part)
        else:
            obj = getattr(obj, part if part != "from" else "from_", None)
    return obj


def row_of(kind: str, rec) -> dict:
    return {c: get_path(rec, c) for c in KINDS[kind].columns}


def fields_of(rec) -> list[tuple[str, Any]]:
    """A record as (field, value) pairs in schema order, empty fields left out."""
    plain = to_plain(rec)
    return list(plain.items())


def shown_fields(kind: str, rec, zone) -> list[tuple[str, Any]]:
    """A record as `show` prints it in a table: (field, text) in schema order; a lead's ownership
    log one readable line per change (L5), other lists and mappings as YAML."""
    from salesctl.render import Lines
    from salesctl.yamlio import dumps

    out = []
    for f, v in fields_of(rec):
        if kind == "lead" and f == "log":
            v = Lines(ownership.words(e, zone) for e in rec.log)
        elif isinstance(v, (dict, list, tuple)):
            v = Lines(dumps(to_plain(v)).rstrip().split("\n"))
        out.append((f, v))
    return out


def parse_assignments(kind: str, words: list[str], tz: dt.tzinfo) -> dict[str, Any]:
    """`key=value` words as a (nested) dict of typed values for a record of `kind`.

    Values are read as YAML (numbers, dates, [lists], {maps}); a field that is text keeps the
    text exactly as typed (a phone number stays "0138…"). `a.b=1` sets a nested field.
    Datetimes typed without a timezone take the policy's. Money keeps the digits typed (3000.10).
    """
    return build_fields(kind, pairs_of(words), tz)


def pairs_of(words: list[str]) -> list[tuple[str, str]]:
    """`key=value` words as (key, raw text) pairs; a word without = is a usage error."""
    pairs = []
    for w in words:
        if "=" not in w:
            raise UserError(_("expected key=value, got {w!r}").format(w=w), Exit.USAGE)
        key, raw = w.split("=", 1)
        pairs.append((key.strip(), raw))
    return pairs


def build_fields(kind: str, pairs: list[tuple[str, str]], tz: dt.tzinfo) -> dict[str, Any]:
    """(dotted key, text) pairs as a nested dict of typed values (see parse_assignments).

    The one place command-line values become typed values, strictly: a value is one line of plain
    text (a newline or a tab was read as YAML and the rest silently dropped, or ended in exit 70);
    money is digits with at most two decimals (money.parse_typed: "3,68" and "0x10" are refused);
    a date or a time is ISO 8601 (at=2026-10-05T25:00 is refused, not stored as text); a value
    YAML would read as something else than typed (`grade=general #note`) is refused."""
    import yaml_rs

    typ = KINDS[kind].type
    out: dict[str, Any] = {}
    for key, raw in pairs:
        if not key:
            raise UserError(_("a field name is empty"), Exit.USAGE)
        parts = key.split(".")
        ftype = _field_type(typ, tuple(parts))
        _one_line(key, raw)
        if raw == "":
            value: Any = None
        elif _is_text(ftype):
            value = raw
        elif _is_money(ftype):
            value = _money(key, raw)   # money as typed: amount=3000.10 is written 3000.10, not the float 3000.1
        elif (when := _moment(key, ftype, raw, tz)) is not None:
            value = when
        else:
            try:
                value = yaml_rs.loads(f"v: {raw}")["v"]
            except Exception:
                value = raw
            if isinstance(value, str) and value != raw.strip() and raw.strip()[:1] not in ("'", '"'):
                raise UserError(_("{key}={raw!r} would be read as {value!r}: quote the value, or leave out what follows").format(
                    key=key, raw=raw, value=value), Exit.USAGE)
            value = _with_tz(value, tz)
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
            if not isinstance(node, dict):
                raise UserError(_("{key}: {p} is not a mapping").format(key=key, p=p), Exit.USAGE)
        node[parts[-1]] = value
    return out


def _one_line(key: str, raw: str) -> None:
    """A value typed on the command line is one line of plain text: no control character (newline,
    tab, escape …) nor line separator; text on several lines is written in the file itself."""
    import unicodedata

    bad = next((ch for ch in raw if unicodedata.category(ch) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise UserError(_("{key}: the value holds the control character {char!r} (U+{code}); a value typed on the command line "
                          "is one line of plain text (edit the file for text on several lines)").format(
                            key=key, char=bad, code=f"{ord(bad):04X}"), Exit.USAGE)


@functools.lru_cache(maxsize=512)   # a lead import asks it for each cell of 10,000 rows: the schema's hints once
def _field_type(typ, parts: tuple[str, ...]):
    t = typ
    for p in parts:
        st = _strip(t)
        if typing.get_origin(st) is tuple and typing.get_args(st):   # leave.start: a field of a list's items
            t = typing.get_args(st)[0]
        hints = _hints(_strip(t))
        if p not in hints:
            st = _strip(t)
            if typing.get_origin(st) is dict:
                t = typing.get_args(st)[1]
                continue
            known = ", ".join(hints) if hints else "none"
            raise UserError(_("unknown field {value} (fields: {known})").format(value='.'.join(parts), known=known), Exit.USAGE)
        t = hints[p]
    return t


def _is_text(t) -> bool:
    t = _strip(t)
    return t is str


def _is_money(t) -> bool:
    import decimal

    st = _strip(t)
    return isinstance(st, type) and issubclass(st, decimal.Decimal)


def _money(key: str, raw: str) -> Decimal:
    from salesctl.money import parse_typed

    try:
        return parse_typed(raw)
    except ValueError:
        raise UserError(_("{key}={raw!r} is not an amount of money: digits with at most two decimals, e.g. 3000 or 3000.50 "
                          "(no comma, no 0x, at most 13 digits before the point)").format(key=key, raw=raw), Exit.USAGE) from None


def _moment(key: str, t, raw: str, tz: dt.tzinfo):
    """raw as the date or date-time a field of type t holds (ISO 8601; a time without a zone takes the
    business zone's); None when the field is neither; a usage error naming the form when raw is not one."""
    from salesctl.domain.calendar import MAX_YEAR, MIN_YEAR

    st = _strip(t)
    if st is dt.datetime:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):   # a day where a time belongs is stored as typed
                value = dt.date.fromisoformat(raw.strip())
            else:
                value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            raise UserError(_("{key}={raw!r} is not a date or a time: YYYY-MM-DD or YYYY-MM-DDTHH:MM (hours 00-23, minutes 00-59), "
                              "optionally with a zone (+08:00)").format(key=key, raw=raw), Exit.USAGE) from None
        if isinstance(value, dt.datetime) and not value.tzinfo:
            value = value.replace(tzinfo=tz)
    elif st is dt.date:
        try:
            value = dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise UserError(_("{key}={raw!r} is not a date: YYYY-MM-DD").format(key=key, raw=raw), Exit.USAGE) from None
    else:
        return None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise UserError(_("{key}={raw!r}: the year must be from {low} to {high}").format(key=key, raw=raw, low=MIN_YEAR, high=MAX_YEAR), Exit.USAGE)
    return value


def _with_tz(value, tz):
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    if isinstance(value, dict):
        return {k: _with_tz(v, tz) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_tz(v, tz) for v in value]
    return value


def describe(value: Any) -> str:
    if value is None or value == {} or value == () or value == []:
        return "(none)"
    return _flow(to_plain(value))


def _flow(value: Any) -> str:
    """A value as short YAML-like text for commit messages: {2026-09: 60000.00}, [a, b]
    (str() showed Python's {'2026-09': Decimal('60000.00')})."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return "null"
    return str(value)




def with_owner_log(data: dict, by: str, why: str) -> dict:
    """A new lead given an owner gets its first ownership-log entry (L5): every owner is recorded."""
    if data.get("owner") and not data.get("log"):
        data["log"] = [ownership.entry(data["created"], by, None, data["owner"], ownership.MANUAL, why)]
    return data


# ----------------------------------------------------------------------------- list filters
OPERATORS = ("=", "!=", ">=", "<=", ">", "<", "~")
_WHERE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*)(!=|>=|<=|=|>|<|~)(.*)$", re.S)


def parse_where(kind: str, cond: str) -> tuple[str, str, str]:
    """`FIELD<op>VALUE` -> (field, op, value); an unknown field of the kind or a bad operator is a usage error."""
    m = _WHERE.match(cond)
    if not m or m.group(3)[:1] in ("=", "<", ">", "!", "~"):
        raise UserError(_("--where {cond!r}: write FIELD<op>VALUE with op one of {ops} (e.g. status=contacted, "
                          "amount>=3000, name~王)").format(cond=cond, ops=" ".join(OPERATORS)), Exit.USAGE)
    field, op, value = m.groups()
    _known_path(kind, field)
    return field, op, value


def _known_path(kind: str, dotted: str) -> None:
    """A dotted field path of the kind's records must name fields the schema has (a mapping's keys are free)."""
    import msgspec

    t = KINDS[kind].type
    for part in dotted.split("."):
        t = _strip(t)
        if typing.get_origin(t) in (tuple, list) and typing.get_args(t):
            t = _strip(typing.get_args(t)[0])
        if typing.get_origin(t) is dict or t is dict:
            return
        if not (isinstance(t, type) and issubclass(t, msgspec.Struct)):
            break
        fields = {f.encode_name: f.name for f in msgspec.structs.fields(t)}
        if part not in fields:
            raise UserError(_("--where: {kind} has no field {field!r} (fields: {known})").format(
                kind=kind, field=dotted, known=", ".join(fields)), Exit.USAGE)
        t = _hints(t)[fields[part]]
    else:
        return
    raise UserError(_("--where: {field!r}: {part!r} has no fields below it").format(field=dotted, part=part), Exit.USAGE)


def _matches(rec, field: str, op: str, value: str) -> bool:
    have = describe(get_path(rec, field)).replace("(none)", "")
    if op == "=":
        return have == value
    if op == "!=":
        return have != value
    if op == "~":
        return value in have
    try:
        a, b = Decimal(have), Decimal(value)
    except Exception:
        a, b = have, value   # text: dates and times in ISO order compare as text
    if have == "":
        return False
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]


def parse_day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(_("{option} {text!r}: a date, YYYY-MM-DD").format(option=option, text=text), Exit.USAGE)


def parse_moment(text: str, option: str, tz: dt.tzinfo) -> dt.datetime:
    """A moment typed on the command line: YYYY-MM-DD (its first second) or YYYY-MM-DDTHH:MM[:SS][+08:00];
    without a zone, the business zone's."""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(_("{option} {text!r}: a date or a time, YYYY-MM-DD or YYYY-MM-DDTHH:MM").format(option=option, text=text), Exit.USAGE)
    return (when if when.tzinfo else when.replace(tzinfo=tz)).replace(microsecond=0)


def day_span(kind: str, rec, zone) -> tuple[dt.date, dt.date] | None:
    """The days a record covers by its kind's date field (a month's record: the whole month), in the business zone."""
    k = KINDS[kind]
    when = getattr(rec, k.month_field, None) if k.month_field else None
    if isinstance(when, dt.datetime):
        d = when.astimezone(zone).date() if when.tzinfo else when.date()
        return d, d
    if isinstance(when, dt.date):
        return when, when
    if isinstance(when, str) and re.fullmatch(r"\d{4}-\d{2}", when):
        first = dt.date.fromisoformat(when + "-01")
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    return None


def select(kind: str, recs: list, where=(), since: dt.date | None = None, until: dt.date | None = None,
           limit: int | None = None, zone=None) -> list:
    """The records of a list command: every --where condition holds, the date field within --since/--until
    (inclusive; a record without a date is left out when a range is given), at most `limit`."""
    conds = [parse_where(kind, c) for c in where or ()]
    if (since or until) and not KINDS[kind].month_field:
        raise UserError(_("--since/--until: {kind} records have no date").format(kind=kind), Exit.USAGE)
    out = []
    for r in recs:
        if limit is not None and len(out) >= limit:
            break
        if not all(_matches(r, f, op, v) for f, op, v in conds):
            continue
        if since or until:
            span = day_span(kind, r, zone)
            if span is None or (since and span[1] < since) or (until and span[0] > until):
                continue
        out.append(r)
    return out
