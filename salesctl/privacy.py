"""Personal data in what salesctl prints and writes: the one home of `--redact` and of the text
that must never carry contact data (commit messages, reports, ownership-log reasons).

A lead's (or a person's) phone, email and WeChat id are personal data (002: 「尊重客户隐私,不得泄露
客户个人信息」). Two tools, both pure:

- `redact(data)`: a copy of rows, mappings, lists, record changes (salesctl.changes.Change) or text
  with every contact field masked — by its name (a key `phone`, `email` or `wechat`; a row whose
  `field` names one, as history, diff and `show` print them: its `value`, `old` and `new`) — and,
  in every other text, what looks like contact data (`scrub`). The renderer applies it to the data
  of every command run with `--redact` (salesctl.render), and `scrub` to the text printed.
- `scrub(text)`: text with every phone-looking run (11 or more digits, or 3-4-4 digits apart by a
  space or a dash), every email address and every `phone|email|wechat: VALUE` masked. Reports
  written by `close` and the ownership log's reasons go through it always.

Masks: a phone keeps its last 4 digits, one `*` for each other digit (18997972484 ->
*******2484); an email keeps the first character of its name and the domain's last label
(hr12@abcdef.com.cn -> h***@***.cn); a WeChat id keeps its first 2 characters (wxk3pq8z ->
wx***).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from salesctl.escapes import visible

CONTACT_FIELDS = ("phone", "email", "wechat")
VALUE_COLUMNS = ("value", "old", "new")          # the value columns of a field/value row

# a run of 11 or more digits, not inside a hexadecimal word (a git commit id such as 6d81…e429875424162a… is no phone)
_PHONE_RUN = re.compile(r"(?<![\da-fA-F.])\d{11,}(?![\da-fA-F]|\.\d)|(?<!\d)1\d{2}[- ]\d{4}[- ]\d{4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_VALUE = r"['\"]?[^\s,;}\]'\"]+['\"]?"
_END = r"(?=[\s,;}\]]|$)"
# `phone: VALUE` (YAML, notes), `phone=VALUE`, optionally `-> VALUE`; `phone OLD -> NEW` (commit messages before 0.x)
_LABELLED = re.compile(rf"\b(phone|email|wechat)(\s*[:=]\s*)({_VALUE}){_END}(?:(\s*->\s*)({_VALUE}){_END})?"
                       rf"|\b(phone|email|wechat)( +)({_VALUE})( +-> +)({_VALUE}){_END}")
KEPT = ("(none)", "(empty)", "changed", "set", "removed")    # words said of a contact field, not one


def mask(field: str, value: Any) -> Any:
    """The value of the contact field `field` masked (None, empty and the words of KEPT stay as they
    are). Masking a masked value changes nothing."""
    if value is None or value == "":
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(mask(field, v) for v in value)
    text = str(value)
    if text in KEPT:
        return text
    if field == "phone":
        return mask_phone(text)
    if field == "email":
        return mask_email(text)
    return mask_wechat(text)


def mask_phone(text: str) -> str:
    """Only the last 4 digits, one `*` for each other digit: 18997972484 -> *******2484 (a masked
    phone stays as it is)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) <= 4 and "*" in text:
        return text
    if len(digits) <= 4:
        return "*" * len(digits) or "***"
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_email(text: str) -> str:
    """The first character of the name and the domain's last label: hr12@abcdef.com.cn ->
    h***@***.cn; text without an @ as a WeChat id."""
    name, at, domain = text.rpartition("@")
    if not at:
        return mask_wechat(text)
    return f"{name[:1]}***@***.{domain.rsplit('.', 1)[-1]}"


def mask_wechat(text: str) -> str:
    """The first 2 characters and ***: wxk3pq8z -> wx***."""
    return text[:2] + "***"


def _phones(m: re.Match) -> str:
    return mask_phone(m.group(0))


def _labelled(m: re.Match) -> str:
    if m.group(1):
        field, sep, v1, arrow, v2 = m.group(1, 2, 3, 4, 5)
    else:
        field, sep, v1, arrow, v2 = m.group(6, 7, 8, 9, 10)
    text = f"{field}{sep}{_quoted(field, v1)}"
    if arrow is not None:
        text += arrow + _quoted(field, v2)
    return text


def _quoted(field: str, value: str) -> str:
    """A value as written in text, perhaps quoted, masked inside its quotes."""
    q = value[0] if value[:1] in ("'", '"') and value[-1:] == value[0] and len(value) > 1 else ""
    inner = value[len(q):len(value) - len(q)]
    return f"{q}{mask(field, inner)}{q}"


def scrub(text: str) -> str:
    """Text with what looks like contact data masked (see the module's words)."""
    if not text or not isinstance(text, str):
        return text
    text = _LABELLED.sub(_labelled, text)
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    return _PHONE_RUN.sub(_phones, text)


def change_words(field: str, old: Any, new: Any, describe=str) -> str:
    """A changed field as a commit message says it: `status new -> contacted`; a contact field
    without its values, `phone: changed` (`phone: set` from none, `phone: removed` to none), and what
    looks like contact data in other values masked (a note quoting a phone)."""
    if names_contact(field):
        empty = (None, "", (), [], {})
        word = "set" if old in empty else "removed" if new in empty else "changed"
        return f"{field}: {word}"
    return scrub(f"{field} {visible(describe(old))} -> {visible(describe(new))}")


def commit_message(message: str) -> str:
    """A commit message as salesctl writes it, whoever built it: no contact data (scrub), and no
    control character but the newlines between its lines (`git log` prints it raw on a terminal)."""
    return visible(scrub(message), keep="\n")


def names_contact(path: Any) -> str | None:
    """The contact field a field path names (`phone`, `contacts[1].wechat`), or None."""
    if not isinstance(path, str):
        return None
    last = re.split(r"[.\[\]]+", path.strip("]"))[-1] if path else ""
    return last if last in CONTACT_FIELDS else None


def redact(data: Any) -> Any:
    """A copy of `data` with contact data masked (see the module's words)."""
    if isinstance(data, str):
        return scrub(data)
    if isinstance(data, dict):
        field = names_contact(data.get("field"))
        out = {}
        for k, v in data.items():
            name = k if k in CONTACT_FIELDS else field if k in VALUE_COLUMNS else None
            out[k] = mask(name, v) if name and not isinstance(v, dict) else redact(v)
        return out
    if isinstance(data, tuple) and len(data) == 3 and names_contact(data[0]):   # a Change's (field, old, new)
        field = names_contact(data[0])
        return (data[0], mask(field, data[1]), mask(field, data[2]))
    if isinstance(data, list):
        return [redact(v) for v in data]
    if isinstance(data, tuple):
        return type(data)(redact(v) for v in data)
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return dataclasses.replace(data, **{f.name: redact(getattr(data, f.name)) for f in dataclasses.fields(data)
                                            if f.init})
    return data
