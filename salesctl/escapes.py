"""Control characters made visible: the one function every output uses so that text from the
records (a name, a note, a commit message) can never drive a terminal (docs/security.md)."""
from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def visible(text: str, keep: str = "") -> str:
    """`text` with its control characters escaped (ESC as \\x1b, a newline as \\n, U+202E as
    \\u202e), except those in `keep`; text without any comes back as it is."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)
