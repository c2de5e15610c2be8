"""What every validation pass reads: the loaded records, their files and locations, and the
git facts gathered before the passes run (the closed months and their changed files)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

from salesctl.errors import Problem, error, warning
from salesctl.frozen import FrozenInputs
from salesctl.loader import FileResult, Loaded, Locations
from salesctl.policy import Policy
from salesctl.records import Records
from salesctl.kinds import KINDS


@dataclass(frozen=True)
class Context:
    records: Records
    files: Mapping[str, FileResult]
    locations: Locations
    frozen: FrozenInputs

    @classmethod
    def of(cls, loaded: Loaded, frozen: FrozenInputs) -> "Context":
        return cls(loaded.records, loaded.files, loaded.locations, frozen)

    @property
    def policy(self) -> Policy:
        return self.records.policy

    @cached_property
    def unloaded(self) -> dict[str, set[str]]:
        """Ids (file names) of teams, staff, leads and deals whose file is there but did not load,
        by kind. The file's own errors say why; a reference to one of them is not reported again
        as missing (one bad staff file would otherwise bring hundreds of 'no such staff')."""
        out: dict[str, set[str]] = {name: set() for name in KINDS}
        for path, fr in self.files.items():
            kind = KINDS.get(fr.kind or "")
            if kind is None or kind.named_by != "id" or fr.records:
                continue
            if any(p.level == "error" for p in fr.problems):
                out[kind.name].add(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        return out

    def error(self, rec, field, message: str, rule: str = "") -> Problem:
        """An error at a field of a record (field: a name, a path tuple, or None for the record)."""
        return error(*self.locations.line(rec, *_keys(field)), message, rule)

    def warning(self, rec, field, message: str, rule: str = "") -> Problem:
        return warning(*self.locations.line(rec, *_keys(field)), message, rule)


def _keys(field) -> tuple:
    return (field,) if isinstance(field, (str, int)) else tuple(field or ())
