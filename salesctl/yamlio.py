"""YAML text out: a fast emitter for new files, ruamel.yaml round-trip for edits.

`dumps(data)` writes plain data (dicts, lists, str, int, Decimal, float, bool, None, date,
datetime) as block YAML that yaml-rs reads back to the same values. It is what new files
(demo records, `add`, reports) are written with: ruamel's emitter is too slow for a demo
of a million visits. Strings are written plain when that is unambiguous, else double-quoted.

Edits of existing files go through `load_rt` / `dumps_rt` (ruamel round-trip) so comments,
key order and quoting an admin wrote survive.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

import msgspec

# Characters YAML does not allow raw (outside c-printable), or that older readers take for a line break.
# A tab is quoted too: ruamel's round-trip reader (the writer's) refuses it inside a plain scalar.
_UNPRINTABLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
_PLAIN_OK = re.compile(rf"^[^\s\-?:,\[\]{{}}#&*!|>'\"%@`0-9+.~{_UNPRINTABLE}][^:#\t\r\n{_UNPRINTABLE}]*$")
_ESCAPE = re.compile(f"[{_UNPRINTABLE}]")
_RESERVED = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~"
    r"|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)$"
)


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value)
    if s and _PLAIN_OK.match(s) and not _RESERVED.match(s) and s == s.strip():
        return s
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(s, ensure_ascii=False))


def _key(k: Any) -> str:
    return scalar(k)


def _emit(data: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(data, dict):
        if not data:
            out.append(pad + "{}")
            return
        for k, v in data.items():
            if isinstance(v, dict) and v:
                out.append(f"{pad}{_key(k)}:")
                _emit(v, indent + 2, out)
            elif isinstance(v, (list, tuple)) and v:
                out.append(f"{pad}{_key(k)}:")
                _emit(list(v), indent + 2, out)
            else:
                out.append(f"{pad}{_key(k)}: {_inline(v)}")
    elif isinstance(data, (list, tuple)):
        if not data:
            out.append(pad + "[]")
            return
        for item in data:
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _emit(item, indent + 2, sub)
                first = sub[0]
                out.append(f"{pad}- {first[indent + 2:]}")
                out.extend(sub[1:])
            elif isinstance(item, (list, tuple)) and item:
                sub = []
                _emit(list(item), indent + 2, sub)
                out.append(f"{pad}- {sub[0][indent + 2:]}")
                out.extend(sub[1:])
            else:
                out.append(f"{pad}- {_inline(item)}")
    else:
        out.append(pad + scalar(data))


def _inline(v: Any) -> str:
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, (list, tuple)):
        return "[]"
    return scalar(v)


def dumps(data: Any) -> str:
    """Plain data (or a msgspec Struct) as block YAML text ending in a newline."""
    data = to_plain(data)
    out: list[str] = []
    _emit(data, 0, out)
    return "\n".join(out) + "\n"


def to_plain(obj: Any) -> Any:
    """A Struct (or data holding Structs) as plain dicts and lists, defaults left out."""
    if isinstance(obj, msgspec.Struct):
        return msgspec.to_builtins(obj, builtin_types=(dt.datetime, dt.date, Decimal), enc_hook=_enc)
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def _enc(obj):
    if isinstance(obj, Decimal):
        return Decimal(obj)
    if isinstance(obj, str):   # a str type of the schema's (ClockTime)
        return str(obj)
    raise NotImplementedError(type(obj))


# ----------------------------------------------------------------------------- round trip
def _rt():
    from ruamel.yaml import YAML

    ensure_setup()
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_unicode = True
    return y


def load_rt(text: str):
    """A file's text as ruamel round-trip data (CommentedMap / CommentedSeq)."""
    return _rt().load(text)


def dumps_rt(data) -> str:
    buf = io.StringIO()
    _rt().dump(data, buf)
    return buf.getvalue()


def rt_value(value: Any):
    """A plain value ready to put into round-trip data (money as a plain number)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = to_plain(value)
    if isinstance(value, Decimal):
        return _DecimalScalar(value)
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = rt_value(v)
        return m
    if isinstance(value, (list, tuple)):
        return CommentedSeq([rt_value(v) for v in value])
    return value


class _DecimalScalar(Decimal):
    """Marker so ruamel writes a Decimal as a plain number."""


def _register_decimal(representer_cls):
    def represent(rep, data):
        text = format(data, "f")   # the digits as they are: 3000.10 stays 3000.10; a whole number is an int
        return rep.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)

    representer_cls.add_representer(_DecimalScalar, represent)


def _setup():
    from ruamel.yaml.representer import RoundTripRepresenter

    _register_decimal(RoundTripRepresenter)
    # null as `null`, as dumps() writes it: ruamel's default (an empty value) rewrote every
    # `from: null` of a file salesctl had written when any other line of it was edited
    RoundTripRepresenter.add_representer(
        type(None), lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    RoundTripRepresenter.add_representer(
        dt.datetime, lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:timestamp", data.isoformat()))


_setup_done = False


def ensure_setup():
    global _setup_done
    if not _setup_done:
        _setup()
        _setup_done = True
