"""Where things are in record files: the line of any key path in a YAML text (`Locator`), and
where every loaded record and each of its fields is (`Locations`, kept by the loader).

ruamel.yaml composes a file only when a line in it is asked for; a file's key -> line map is
built once and cached.
"""
from __future__ import annotations

import hashlib
import typing

from salesctl.records import Records
from salesctl.source import Source


class Location(typing.NamedTuple):
    path: str        # relative to the records folder ("" for a record the loader did not make)
    line: int        # first line of the record
    index: int       # position in a log file's list, -1 for a one-record file


class Locations:
    """Where every loaded record is: its file, line and entry index, and the line of any of its
    fields (nested too: ("payment", "taken_by"), ("log", 2, "to")).

    Path, line and index are kept by the loader for every record. The field -> line map of a
    file is built the first time a line in it is asked for (so one for each file a problem is
    reported in, not 1.3M kept on the large demo): from the file's text as the loader read it
    (read again from the same source, and used only if its digest is the one loaded), then cached.
    """

    def __init__(self, source: Source, files: typing.Mapping[str, typing.Any], records: Records):
        self._source, self._files, self._records = source, files, records   # files: path -> loader.FileResult
        self._locators: dict[str, Locator | None] = {}

    def of(self, record) -> Location:
        path, line = self._records.where(record)
        return Location(path, line, self._records.origin(record)[1])

    def fields(self, record) -> dict[tuple, int]:
        """Field path (inside the record) -> line, for every key the record's text has."""
        path, _, index = self.of(record)
        loc = self._locator(path)
        if loc is None:
            return {}
        if index < 0:
            return loc.key_lines()
        return {k[1:]: v for k, v in loc.key_lines().items() if k[:1] == (index,)}

    def line(self, record, *field: str | int) -> tuple[str, int]:
        """(path, line of the field); the record's first line when no field is named."""
        path, line, index = self.of(record)
        if not field or not path:
            return path, line
        return path, self.line_in(path, ((index,) if index >= 0 else ()) + tuple(field))

    def line_in(self, path: str, keys: tuple) -> int:
        """Line of a key path in a loaded file (its nearest parent when missing; 1 without the file)."""
        loc = self._locator(path)
        return loc.line(keys) if loc is not None else 1

    def line_of_key(self, path: str, key: str, field: str | None) -> int:
        """Line of a record named by its key (a changes key: an id, or staff:date in a log file)
        and one of its top-level fields, in a loaded file: 1 when neither is found."""
        loc = self._locator(path)
        if loc is None:
            return 1
        index = loc.entry(key)
        keys = ((index,) if index is not None else ()) + ((field,) if field else ())
        return loc.line(keys) if keys else 1

    def _locator(self, path: str) -> Locator | None:
        if path not in self._locators:
            fr = self._files.get(path)
            try:
                data = self._source.read(path) if fr is not None else None
            except (OSError, KeyError):
                data = None
            if data is not None and hashlib.blake2b(data, digest_size=16).digest() != fr.digest:
                data = None  # changed since it was loaded: no line rather than a wrong one
            self._locators[path] = Locator(data.decode("utf-8-sig", "replace")) if data is not None else None
        return self._locators[path]


class Locator:
    """Finds the line of a key path in a YAML text, with ruamel.yaml, only when asked."""

    def __init__(self, text: str):
        self.text = text
        self._tree = None
        self._tried = False
        self._lines: dict[tuple, int] | None = None

    def _compose(self):
        if not self._tried:
            self._tried = True
            from ruamel.yaml import YAML

            try:
                self._tree = YAML(typ="rt").compose(self.text)
            except Exception:
                self._tree = None
        return self._tree

    def line(self, path: tuple) -> int:
        """1-based line of the key (or list item) at path; its nearest parent when missing."""
        lines = self.key_lines()
        for n in range(len(path), 0, -1):
            got = lines.get(tuple(path[:n]))
            if got is not None:
                return got
        return lines.get((), 1)

    def key_lines(self) -> dict[tuple, int]:
        """Every key path in the text -> its line: () is the document, ("payment", "taken_by") a
        nested key, (2, "to") a field of a list's third item. Built once, on the first question."""
        if self._lines is None:
            self._lines = {}
            node = self._compose()
            if node is not None:
                _walk(node, (), node.start_mark.line + 1, self._lines)
        return self._lines

    def entry(self, key: str) -> int | None:
        """Index of the top-level list item whose id is key, or whose date ends key (an activity
        or attendance entry is keyed `staff:date`); None when the text is not a list or has none."""
        node = self._compose()
        if node is None or node.id != "sequence":
            return None
        for i, item in enumerate(node.value):
            if item.id != "mapping":
                continue
            fields = {k.value: v.value for k, v in item.value if k.id == "scalar" and v.id == "scalar"}
            if fields.get("id") == key or ("date" in fields and key.endswith(f":{fields['date']}")):
                return i
        return None

    def item_lines(self, n: int) -> list[int]:
        """First line of each top-level list item: a fast scan, ruamel when unsure."""
        starts = [i + 1 for i, ln in enumerate(self.text.splitlines()) if ln.startswith("-")]
        if len(starts) == n:
            return starts
        return [self.line((i,)) for i in range(n)]

    def tag_line(self) -> int:
        from ruamel.yaml import YAML
        from ruamel.yaml.tokens import TagToken

        try:
            for tok in YAML(typ="rt").scan(self.text):
                if isinstance(tok, TagToken):
                    return tok.start_mark.line + 1
        except Exception:
            return 0
        return 0

    def quote_start(self, default: int) -> int:
        """Line where the quoted scalar ruamel.yaml finds unterminated begins (default when none)."""
        from ruamel.yaml import YAML

        try:
            YAML(typ="rt").load(self.text)
        except Exception as e:
            mark = getattr(e, "context_mark", None)
            if mark is not None and "quoted scalar" in (getattr(e, "context", "") or ""):
                return mark.line + 1
        return default

    def flow_start(self) -> tuple[int, str]:
        """(line, '[' or '{') of a flow collection ruamel.yaml finds not closed, or (0, '')."""
        from ruamel.yaml import YAML

        try:
            YAML(typ="rt").load(self.text)
        except Exception as e:
            mark, context = getattr(e, "context_mark", None), getattr(e, "context", "") or ""
            if mark is not None and "while parsing a flow" in context and "expected ','" in (getattr(e, "problem", "") or ""):
                return mark.line + 1, "[" if "sequence" in context else "{"
        return 0, ""

    def yaml_error(self) -> tuple[int, str]:
        from ruamel.yaml import YAML

        try:
            YAML(typ="rt").load(self.text)
        except Exception as e:
            mark = getattr(e, "problem_mark", None)
            return (mark.line + 1 if mark else 1), getattr(e, "problem", "") or ""
        return 1, ""


def _walk(node, path: tuple, line: int, out: dict) -> None:
    """Record path -> line for node and everything under it (the first of duplicate keys wins)."""
    out.setdefault(path, line)
    if node.id == "sequence":
        for i, child in enumerate(node.value):
            _walk(child, path + (i,), child.start_mark.line + 1, out)
    elif node.id == "mapping":
        for k, v in node.value:
            if k.id == "scalar" and path + (k.value,) not in out:
                _walk(v, path + (k.value,), k.start_mark.line + 1, out)
