"""Check of the rotation state assign keeps (A2): state/rotation.yaml has the shape assign reads,
and its teams and staff exist."""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.engines.assign.state import STATE_NAME, parse_state
from salesctl.errors import error, warning
from salesctl.i18n import _


def rotation_state(c: Context):
    paths = [p for p, fr in c.files.items() if fr.kind == "state" and p.rsplit(".", 1)[0] == "state/" + STATE_NAME]
    if not paths or STATE_NAME not in c.records.state:
        return
    path = paths[0]

    def line(keys) -> int:
        return c.locations.line_in(path, tuple(keys))

    st, errs = parse_state(c.records.state[STATE_NAME])
    for key, msg in errs:
        yield error(path, line(key), msg, "A2")
    for tid, tr in st.teams.items():
        if tid not in c.records.teams:
            yield warning(path, line(("teams", tid)), _("teams.{tid}: no such team").format(tid=tid), "A2")
        for i, sid in enumerate(tr.queue):
            if sid not in c.records.staff:
                yield warning(path, line(("teams", tid, "queue", i)), _("teams.{tid}.queue: no staff {sid} (dropped at the next assign)").format(tid=tid, sid=sid), "A2")
