"""Every problem of the records: the loader's and every check pass's."""
from __future__ import annotations

from typing import Optional

from salesctl.commands.common import Notes, Result
from salesctl.errors import Exit
from salesctl.i18n import _


def check(loaded, *, warnings: bool = True, notes: Optional[Notes] = None, progress=None) -> Result:
    """Result.data: the problems to show (errors, and warnings unless warnings=False); exit
    status 1 when there is any error. The count is a note, after the output. `progress`: the
    checks' progress callback (salesctl.checks.run)."""
    from salesctl import checks

    result = Result.start(notes)
    problems = checks.run_cached(loaded, progress)
    result.data = [p for p in problems if warnings or p.level == "error"]
    errors = sum(p.level == "error" for p in problems)
    result.note(_("{n_files} files checked: {errors} error(s), {value} warning(s)").format(n_files=len(loaded.files), errors=errors, value=len(problems) - errors), after=True)
    result.status = Exit.RECORDS if errors else Exit.OK
    return result
