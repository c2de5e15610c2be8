"""Validation passes over loaded records: an explicit, ordered list of pure functions.

A pass takes a `Context` (the records, their files and locations, and the git facts the
frozen-month pass needs, gathered beforehand) and yields problems. `run(loaded, frozen)` returns
the loader's problems and every pass's, sorted. To add a pass, write it in a module here and
list it in PASSES; to switch one off, leave it out.
"""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.checks.frozen import frozen
from salesctl.checks.references import attendance, references
from salesctl.checks.reports import t4_reported_to
from salesctl.checks.rotation import rotation_state
from salesctl.checks.split import split_policy, splits
from salesctl.errors import Problem
from salesctl.frozen import FrozenInputs
from salesctl.loader import Loaded

PASSES = [references, attendance, splits, split_policy, t4_reported_to, rotation_state, frozen]


def run(loaded: Loaded, frozen_inputs: FrozenInputs) -> list[Problem]:
    """Every problem of the records: the loader's and each pass's, sorted by path and line.
    `frozen_inputs` is what the frozen-month pass needs from git (salesctl.closing.frozen_inputs)."""
    c = Context.of(loaded, frozen_inputs)
    problems = list(loaded.problems)
    for check in PASSES:
        problems.extend(check(c))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.level, p.message))
