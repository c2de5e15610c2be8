"""salesctl cache info|clear: the cache of parsed record files (salesctl.cache)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from salesctl.commands.common import Notes, Result
from salesctl.i18n import _


def info(root: Path, *, notes: Optional[Notes] = None) -> Result:
    """Result.data: rows of (what, value): where the cache is, whether it is on, its size, the files
    and records it holds, when the run that wrote it began."""
    from salesctl import cache

    result = Result.start(notes)
    got = cache.info(Path(root))
    rows = [{"what": "path", "value": got["path"]},
            {"what": "enabled", "value": _("yes") if got["enabled"] else _("no ({env}=off)").format(env=cache.ENV)}]
    if not got["exists"]:
        rows.append({"what": "state", "value": _("none yet: the next command that reads the records makes it")})
    else:
        rows += [{"what": "bytes", "value": f"{got['bytes']:,}"}]
        if "problem" in got:
            rows.append({"what": "state", "value": got["problem"]})
        else:
            rows += [{"what": "files", "value": f"{got['files']:,}"}, {"what": "records", "value": f"{got['records']:,}"},
                     {"what": "written", "value": dt.datetime.fromtimestamp(got["written"] / 1e9).astimezone().isoformat(timespec="seconds")}]
        rows.append({"what": "derived", "value": ", ".join(got["derived"]) or "-"})
    if got.get("revisions"):
        rows.append({"what": "revisions", "value": _("{n:,} bytes (files of git revisions: --at, closed months)").format(n=got["revisions"])})
    result.data = rows
    return result


def clear(root: Path, *, notes: Optional[Notes] = None) -> Result:
    """Remove the cache (parsed files and derived results); the next run reads every file again."""
    from salesctl import cache

    result = Result.start(notes)
    removed = cache.clear(Path(root))
    result.note(_("removed {n} cache file(s) of {root}").format(n=removed, root=root) if removed
                else _("no cache for {root}").format(root=root))
    return result
