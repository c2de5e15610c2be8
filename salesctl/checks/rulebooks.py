"""Checks of the rule books a repository runs (salesctl.yaml `departments:`, issue 11)."""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.errors import warning
from salesctl.policy.layers import POLICY_FILE


def departments(c: Context):
    """A department given a rule book of its own in salesctl.yaml that no team or staff record is in:
    most often a misspelt name, whose people then run the repository's policy instead."""
    records = c.records
    used = {t.department for t in records.teams.values() if t.department} | {
        s.department for s in records.staff.values() if s.department}
    for name in records.policies.departments:
        if name not in used:
            known = ", ".join(sorted(used)) or "none"
            yield warning(POLICY_FILE, c.locations.line_in(POLICY_FILE, ("departments", name)),
                          f"departments.{name}: no team or staff is in department {name!r} (departments of the teams: {known}); "
                          "its rule book applies to nobody")
