"""salesctl policy show: the effective settings of the repository or of one department."""
from __future__ import annotations

from typing import Optional

from salesctl.commands.common import Notes, Result
from salesctl.errors import Exit, UserError


def show(loaded, department: Optional[str] = None, notes: Optional[Notes] = None) -> Result:
    """Result.data: rows of reports.policy (setting, value, source, file, line) for the policy the
    department runs (the repository's without one). A department no team and no policy names: usage."""
    from salesctl.reports.policy import rows

    result = Result.start(notes)
    records = loaded.records
    policies = records.policies
    known = sorted(set(policies.departments) | {t.department for t in records.teams.values() if t.department}
                   | {s.department for s in records.staff.values() if s.department})
    if department is not None and department not in known:
        raise UserError(f"no department {department!r} in the teams or the policy (departments: {', '.join(known) or 'none'})", Exit.USAGE)
    eff = policies.effective(department)
    book = f"rule book {eff.preset}" if eff.preset else "no rule book (the defaults)"
    if department is None:
        result.note(f"the repository's policy: {book}")
        for d in known:
            own = policies.departments.get(d)
            result.note(f"  department {d}: " + (f"its own settings, rule book {own.preset or 'none (the defaults)'}"
                                                  if own else "the repository's policy"))
    else:
        result.note(f"department {department}: {book}" + ("" if department in policies.departments else " (the repository's policy)"))
    result.data = rows(eff)
    return result
