"""Validation passes over loaded records: an explicit, ordered list of pure functions.

A pass takes a `Context` (the records, their files and locations, and the git facts the
frozen-month pass needs, gathered beforehand) and yields problems. `run(loaded, frozen)` returns
the loader's problems and every pass's, sorted. To add a pass, write it in a module here and
list it in PASSES; to switch one off, leave it out.
"""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.checks.frozen import frozen, untagged
from salesctl.checks.references import attendance, references
from salesctl.checks.reports import t4_reported_to
from salesctl.checks.reviews import PASSES as REVIEW_PASSES
from salesctl.checks.rotation import rotation_state
from salesctl.checks.rulebooks import departments, own_department
from salesctl.checks.split import split_policy, splits
from salesctl.checks.targets import k11_breakdown
from salesctl.checks.training import k9_nobody_to_flag
from salesctl.errors import Problem
from salesctl.frozen import FrozenInputs
from salesctl.loader import Loaded, Progress
from salesctl.policy.rules import RULE_IDS

PASSES = [references, attendance, departments, own_department, splits, split_policy, t4_reported_to, k11_breakdown,
          k9_nobody_to_flag,          *REVIEW_PASSES, rotation_state, frozen, untagged]


def _switched_off(c: Context, p: Problem) -> bool:
    """A warning about a rule that no rule book in force runs (rules.<id>: off) is not shown."""
    return p.level == "warning" and p.rule in RULE_IDS and not c.records.any_on(p.rule)


def run(loaded: Loaded, frozen_inputs: FrozenInputs, progress: Progress | None = None) -> list[Problem]:
    """Every problem of the records: the loader's and each pass's, sorted by path and line.
    `frozen_inputs` is what the frozen-month pass needs from git (salesctl.closing.frozen_inputs).
    `progress(stage, done, total)`, when given, is called before each pass ("check", i, n) and at the end."""
    c = Context.of(loaded, frozen_inputs)
    problems = list(loaded.problems)
    for i, check in enumerate(PASSES):
        if progress is not None:
            progress("check", i, len(PASSES))
        problems.extend(p for p in check(c) if not _switched_off(c, p))
    if progress is not None:
        progress("check", len(PASSES), len(PASSES))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.level, p.message))


def run_cached(loaded: Loaded, progress: Progress | None = None) -> list[Problem]:
    """run() with the frozen-month inputs gathered from git, or its result of an earlier run for the
    same records state and the same closed months (salesctl.cache.derived: run is pure in them)."""
    from salesctl import cache, closing

    frozen_inputs = closing.frozen_inputs(loaded.source)
    return cache.derived(loaded, "check", list[Problem], lambda: run(loaded, frozen_inputs, progress), frozen_inputs)
