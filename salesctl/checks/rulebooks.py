"""Checks of the rule books a repository runs (salesctl.yaml `departments:`, issue 11)."""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.errors import warning
from salesctl.policy.layers import POLICY_FILE
from salesctl.i18n import _


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
                          _("departments.{name}: no team or staff is in department {name!r} (departments of the teams: {known}); its rule book applies to nobody").format(name=name, known=known))


def own_department(c: Context):
    """A staff record whose own `department` is not its team's: department_of takes the person's, so
    they would run another rule book than their team (the field is for a manager without a team)."""
    for s in c.records.staff.values():
        team = c.records.teams.get(s.team or "")
        if s.department and team is not None and team.department and s.department != team.department:
            yield c.warning(s, "department", _("department {department} is not that of team {id} ({department2}); {id2} is counted in {department} (department is for a manager without a team)").format(department=s.department, id=team.id, department2=team.department, id2=s.id), "O1")
