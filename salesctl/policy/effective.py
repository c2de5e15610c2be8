"""The policies in force, as loaded: the repository's and each department's, and where each
setting's value came from (built by salesctl/policy/layers.py; plain data the engines read)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from salesctl.policy import Policy


@dataclass(frozen=True)
class Source:
    """Where a setting's value comes from: default, a preset's file or salesctl.yaml, with the line
    (found only when asked for: composing a file to find its lines costs more than loading it)."""
    layer: str          # "default", "preset <name>", "salesctl.yaml", "department <name>"
    path: str = ""      # file, "" for a default
    keys: tuple = ()    # the key path in that file
    locate: Optional[Callable[[tuple], int]] = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return self.locate(self.keys) if self.locate is not None else 0

    def __str__(self) -> str:
        return self.layer if not self.path else f"{self.layer} ({self.path}:{self.line})"


DEFAULT = Source("default")


def nearest(sources: dict, keys: tuple) -> Source:
    """The source of a key path, or of its nearest parent that has one; DEFAULT when none has."""
    for n in range(len(keys), 0, -1):
        got = sources.get(tuple(keys[:n]))
        if got is not None:
            return got
    return DEFAULT


@dataclass(frozen=True)
class Effective:
    """One department's (or the repository's) policy and where each of its values came from."""
    policy: Policy
    preset: Optional[str]
    sources: dict = field(default_factory=dict)     # key path (tuple) -> Source

    def source(self, keys: tuple) -> Source:
        """Where the value at a key path came from (the nearest layer that set it or a parent)."""
        return nearest(self.sources, keys)

    def source_under(self, keys: tuple) -> Source:
        """Where the value at a key path, or the last of its parts to be set, came from."""
        under = [v for k, v in self.sources.items() if k[:len(keys)] == keys]
        return under[-1] if under else self.source(keys)


@dataclass(frozen=True)
class Policies:
    """The repository's policy and that of each department with a rule book of its own."""
    base: Effective
    departments: dict = field(default_factory=dict)     # department name -> Effective

    @classmethod
    def single(cls, policy: Policy) -> "Policies":
        return cls(Effective(policy, None))

    def of(self, department: Optional[str]) -> Policy:
        """The policy a department runs (the repository's when it has none of its own)."""
        return self.effective(department).policy

    def effective(self, department: Optional[str] = None) -> Effective:
        return self.departments.get(department, self.base) if department else self.base

