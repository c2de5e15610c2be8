"""A record's history and the diff of two revisions, read from git (salesctl.history)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from salesctl.commands.common import Notes, Result


def history(root: Path, records, key: str, *, notes: Optional[Notes] = None) -> Result:
    """Every commit that changed the record `key` (found in the loaded `records`), oldest first.

    Result.data is a list of {commit, date, author, message, status, changes: changes.Change}."""
    from salesctl.history import record_history

    result = Result.start(notes)
    result.data = record_history(Path(root), records, key)
    return result


def diff(root: Path, a: str = "HEAD", b: Optional[str] = None, *, notes: Optional[Notes] = None) -> Result:
    """Records added, removed and changed from revision a to b (None: the working tree).

    Result.data is a list of changes.Change."""
    from salesctl.history import diff as run_diff

    result = Result.start(notes)
    result.data = run_diff(Path(root), a, b)
    return result
