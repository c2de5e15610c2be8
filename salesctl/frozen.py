"""The inputs of the frozen-month check (closed months and the files that differ from their tags):
plain data, gathered from git by salesctl.gitops.frozen_inputs before the pure checks run."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FrozenFile:
    """A file of a closed month that differs from the month's close tag."""

    month: str
    tag: str
    path: str              # relative to the records folder
    old: bytes | None      # at the tag (None: not there)
    new: bytes | None      # in the source being checked (None: removed)


@dataclass(frozen=True)
class FrozenInputs:
    """What the frozen-month check needs from git, gathered before the checks run."""

    closed: dict[str, str] = field(default_factory=dict)   # month -> close tag
    files: tuple[FrozenFile, ...] = ()                      # by month, then path
    untagged: dict[str, str] = field(default_factory=dict)  # period -> its close commit, committed but not tagged


NOTHING_CLOSED = FrozenInputs()
