"""Parsed YAML data -> the schema's frozen structs, with every problem in words a person reads.

    convert(raw, typ) -> (record or None, [(field path, message)])

msgspec stops at the first error; `convert` collects them all (each field tried on its own), says
what was expected ("a date (YYYY-MM-DD)", "one of new, renewal …"), and suggests a known key for a
misspelt one. Pure: data in, structs and messages out; the loader adds paths and lines.
"""
from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Any

import msgspec

from salesctl.i18n import N_, _
from salesctl.schema import ID_MAX, ID_PATTERN, dec_hook

_PATH_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_MSGSPEC_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$", re.S)


def convert(raw: dict, typ: type) -> tuple[Any, list[tuple[tuple, str]]]:
    """Convert a parsed mapping into `typ`, collecting every problem (path, message).

    The fast path converts in one call. msgspec stops at the first problem, so when that
    fails each field is converted on its own to report them all.
    """
    try:
        return msgspec.convert(raw, typ, strict=False, dec_hook=dec_hook), []
    except msgspec.ValidationError as e:
        fixed = _dates_as_text(raw, typ)
        if fixed is not raw:
            try:
                return msgspec.convert(fixed, typ, strict=False, dec_hook=dec_hook), []
            except msgspec.ValidationError:
                raw = fixed
        errs = _all_errors(raw, typ, ())
        if not errs:  # should not happen; report what msgspec said
            sub, msg, key = _parse_validation_error(str(e))
            # a check in __post_init__ (every field was right on its own): at the field the struct names
            at = getattr(typ, "post_init_field", None)
            errs = [(sub or ((at,) if at else ()), msg)]
        return None, errs


def _dates_as_text(raw, typ):
    """raw with text fields that yaml-rs read as a date or datetime given back as text.

    yaml-rs takes any scalar that looks like a timestamp for one, quoted or not, so
    `notes: "2026-10-01"` arrives as a date. Returns raw itself when nothing changed.
    """
    st = _strip(typ)
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat() if st is str else raw
    if isinstance(raw, dict):
        hints = _hints(st)
        if hints:
            out = {k: _dates_as_text(v, hints[k]) if k in hints else v for k, v in raw.items()}
        elif typing.get_origin(st) is dict:
            vt = typing.get_args(st)[1]
            out = {k: _dates_as_text(v, vt) for k, v in raw.items()}
        else:
            return raw
        return out if any(out[k] is not raw[k] for k in raw) else raw
    if isinstance(raw, list) and typing.get_origin(st) is tuple:
        it = typing.get_args(st)[0]
        out = [_dates_as_text(v, it) for v in raw]
        return out if any(a is not b for a, b in zip(out, raw)) else raw
    return raw


def _all_errors(raw, typ, path: tuple) -> list[tuple[tuple, str]]:
    st = _inner(typ)
    if not (isinstance(st, type) and issubclass(st, msgspec.Struct) and isinstance(raw, dict)):
        try:
            msgspec.convert(raw, typ, strict=False, dec_hook=dec_hook)
            return []
        except msgspec.ValidationError as e:
            sub, msg, key = _parse_validation_error(str(e))
            full = path + sub + ((key,) if key else ())
            if key:
                return [(full, _("unknown field {field}").format(field=_dotted(full)))]
            if msg.startswith("missing required field"):
                return [(full, _("missing required field {field}").format(field=_dotted(full + (msg.split()[-1],))))]
            if ID_PATTERN in msg or f"length <= {ID_MAX}" in msg:
                return [(full, f"{_dotted(full)}: {_id_words(raw)}" if full else _id_words(raw))]
            if msg.startswith("invalid value"):
                allowed = _literal_values(typ)
                if allowed:
                    msg = _("{value} is not one of {allowed}").format(value=msg.split(maxsplit=2)[2], allowed=", ".join(map(str, allowed)))
            return [(full, f"{_dotted(full)}: {msg}" if full else msg)]
    hints = _hints(st)
    errs = []
    for key in raw:
        if not isinstance(key, str):   # a number, null, a date or a [list] as a key (yaml-rs gives a tuple)
            errs.append((path, _("{key} is not a field name (a key is a word such as name or owner)").format(
                key=_key_text(key))))
        elif key not in hints:
            errs.append((path + (key,), _("unknown field {field}").format(field=_dotted(path + (key,))) + _did_you_mean(str(key), list(hints))))
    for f in msgspec.structs.fields(st):
        name = f.encode_name
        if name not in raw:
            if f.required:
                errs.append((path, _("missing required field {field}").format(field=_dotted(path + (name,)))))
            continue
        value, ftype = raw[name], hints[name]
        if value is not None and isinstance(_inner(ftype), type) and issubclass(_inner(ftype), msgspec.Struct):
            if isinstance(value, list) and typing.get_origin(_strip(ftype)) is tuple:
                for i, item in enumerate(value):
                    errs.extend(_all_errors(item, _inner(ftype), path + (name, i)))
                continue
            if isinstance(value, dict) and typing.get_origin(_strip(ftype)) is dict:  # map of parts, e.g. shifts
                kt, vt = typing.get_args(_strip(ftype))
                for k, item in value.items():
                    bad = _bad_key(k, kt, path + (name,))
                    if bad:
                        errs.append(bad)
                        continue
                    if isinstance(item, list) and typing.get_origin(_strip(vt)) is tuple:  # map of lists, e.g. score.items
                        for i, sub in enumerate(item):
                            errs.extend(_all_errors(sub, _inner(vt), path + (name, k, i)))
                    else:
                        errs.extend(_all_errors(item, _inner(ftype), path + (name, k)))
                continue
        if isinstance(value, dict) and typing.get_origin(_strip(ftype)) is dict:   # a map of values, e.g. targets
            kt, vt = typing.get_args(_strip(ftype))
            for k, item in value.items():
                bad = _bad_key(k, kt, path + (name,))
                errs.extend([bad] if bad else _all_errors(item, vt, path + (name, k)))
            continue
        errs.extend(_all_errors(value, ftype, path + (name,)))
    return errs


def _key_text(key) -> str:
    if key is None:
        return "null"
    if isinstance(key, tuple):
        return "[" + ", ".join(map(_key_text, key)) + "]"
    return str(key)


def _id_words(value) -> str:
    """Why a value is not an id, in words: its length, or the first character an id cannot hold
    (named, so a look-alike such as Cyrillic С or a full-width ９ is seen for what it is)."""
    import unicodedata

    if not isinstance(value, str):
        return _("not an id")
    if len(value) > ID_MAX:
        return _("an id of {n} characters; at most {max}").format(n=len(value), max=ID_MAX)
    allowed = re.compile(r"[A-Za-z0-9_.-]")
    for i, ch in enumerate(value):
        if not allowed.match(ch) or (i == 0 and ch in "_.-"):
            name = unicodedata.name(ch, "")
            shown = f"U+{ord(ch):04X} {name}".strip() if not ch.isprintable() or not ch.isascii() else repr(ch)
            return _("{value!r} is not an id: {char} at position {pos}; an id has ASCII letters, digits, '-', '_' and '.', and starts with a letter or digit").format(
                value=value, char=shown, pos=i + 1)
    return _("{value!r} is not an id").format(value=value)


def _bad_key(k, kt, path: tuple) -> tuple[tuple, str] | None:
    """(path, message) when k is not a key of type kt: the allowed values, or what the key type's
    description says it is ("2026Q5 is not a month (YYYY-MM), quarter (YYYYQ1-4) or year (YYYY)")."""
    try:
        msgspec.convert(k, kt, strict=False)
        return None
    except msgspec.ValidationError:
        pass
    allowed = _literal_values(kt)
    if allowed:
        return path + (k,), _("{field}: {key!r} is not one of {allowed}").format(field=_dotted(path), key=k, allowed=", ".join(map(str, allowed)))
    words = next((m.description for m in typing.get_args(kt)[1:] if isinstance(m, msgspec.Meta) and m.description), None)
    return path + (k,), (_("{field}: {key} is not {words}").format(field=_dotted(path + (k,)), key=k, words=words) if words
                         else _("{field}: bad key {key!r}").format(field=_dotted(path), key=k))


def _parse_validation_error(text: str) -> tuple[tuple, str, str | None]:
    """msgspec's message -> (path, message in our words, unknown key or None)."""
    m = _MSGSPEC_AT.match(text)
    msg, where = m.group(1), (m.group(2) or "").replace("[...]", "")   # a mapping's value: msgspec names no key
    path: tuple = tuple(int(i) if i else k for k, i in _PATH_TOKEN.findall(where))
    unknown = re.match(r"Object contains unknown field `(.+)`", msg)
    if unknown:
        return path, msg, unknown.group(1)
    missing = re.match(r"Object missing required field `(.+)`", msg)
    if missing:
        return path, f"missing required field {missing.group(1)}", None
    if msg.startswith("Invalid enum value"):
        return path, "invalid value " + msg.split("value", 1)[1].strip(), None
    msg = msg.replace("Expected `datetime` with a timezone component", _("expected a date and time with a timezone, e.g. 2026-08-01T10:00:00+08:00"))
    msg = re.sub(r"Expected `([\w |]+)`, got `(\w+)`", lambda mm: _("expected {type}, got {got}").format(type=_type_words(mm.group(1)), got=_type_word(mm.group(2))), msg)
    # a constraint (`int` >= 1, `str` matching regex ...): the type in words too
    msg = re.sub(r"^Expected `(\w+)`", lambda mm: _("expected {type}").format(type=_type_word(mm.group(1))), msg)
    # datetime before date: "date" is a prefix of "datetime"
    msg = msg.replace("Invalid RFC3339 encoded datetime", _("not a date and time (write 2026-08-01T10:00:00+08:00)"))
    msg = msg.replace("Invalid RFC3339 encoded date", _("not a date (write YYYY-MM-DD)"))
    return path, msg[0].lower() + msg[1:], None


def _strip(t):
    """Strip Annotated and Optional."""
    for _unused in range(6):
        origin = typing.get_origin(t)
        if origin is typing.Annotated:
            t = typing.get_args(t)[0]
        elif origin is typing.Union:
            args = [a for a in typing.get_args(t) if a is not type(None)]
            if len(args) != 1:
                return t
            t = args[0]
        else:
            return t
    return t


def _literal_values(t) -> tuple:
    t = _strip(t)
    if typing.get_origin(t) is tuple:
        t = _strip(typing.get_args(t)[0])
    return typing.get_args(t) if typing.get_origin(t) is typing.Literal else ()


_TYPE_WORDS = {"str": N_("text"), "int": N_("a whole number"), "float": N_("a number"), "date": N_("a date (YYYY-MM-DD)"),
               "datetime": N_("a date and time"), "array": N_("a list"), "object": N_("a mapping"), "null": N_("nothing"),
               "bool": N_("true/false"), "decimal": N_("a number")}


def _type_word(t: str) -> str:
    return _(_TYPE_WORDS[t]) if t in _TYPE_WORDS else t


def _type_words(types: str) -> str:
    """msgspec's `str | null` in words: text or nothing."""
    return _(" or ").join(_type_word(t.strip()) for t in types.split("|"))


def _dotted(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _delete(raw, path: tuple) -> bool:
    node = raw
    for p in path[:-1]:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del node[path[-1]]
        return True
    except (KeyError, IndexError, TypeError):
        return False


def _struct_at(typ, path: tuple):
    """The struct type that holds the last element of path (or None)."""
    t = typ
    for p in path[:-1]:
        t = _inner(t)
        if isinstance(p, int):
            continue
        hints = _hints(t)
        if p not in hints:
            return None
        t = hints[p]
    return _inner(t)


def _inner(t):
    """Strip Annotated, Optional, tuple[...] and dict[...] down to a struct type."""
    for _unused in range(6):
        origin = typing.get_origin(t)
        if origin is typing.Annotated:
            t = typing.get_args(t)[0]
        elif origin in (typing.Union, tuple, list, dict):
            args = [a for a in typing.get_args(t) if a is not type(None) and a is not Ellipsis]
            t = args[-1] if args else t
        else:
            break
    return t


def _hints(t) -> dict:
    if isinstance(t, type) and issubclass(t, msgspec.Struct):
        hints = typing.get_type_hints(t, include_extras=True)
        for f in msgspec.structs.fields(t):  # renamed fields (from_ -> from)
            if f.encode_name != f.name:
                hints[f.encode_name] = hints.pop(f.name)
        return hints
    return {}


def _did_you_mean(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    return _(" (did you mean {name}?)").format(name=close[0]) if close else ""
