"""salesctl policy show: the effective settings of the repository or of one department."""
from __future__ import annotations

from typing import Optional

from salesctl.commands.common import Notes, Result
from salesctl.errors import Exit, UserError
from salesctl.i18n import _


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
        raise UserError(_("no department {department!r} in the teams or the policy (departments: {value})").format(department=department, value=', '.join(known) or 'none'), Exit.USAGE)
    eff = policies.effective(department)
    book = _("rule book {preset}").format(preset=eff.preset) if eff.preset else _("no rule book (the defaults)")
    if department is None:
        result.note(_("the repository's policy: {book}").format(book=book))
        for d in known:
            own = policies.departments.get(d)
            result.note(_("  department {d}: ").format(d=d) + (_("its own settings, rule book {value}").format(value=own.preset or _('none (the defaults)'))
                                                  if own else _("the repository's policy")))
    else:
        result.note(_("department {department}: {book}").format(department=department, book=book) + ("" if department in policies.departments else _(" (the repository's policy)")))
    result.data = rows(eff)
    return result
