"""K9: a team whose missing training nobody would be flagged for."""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.engines.training import heads
from salesctl.i18n import _


def k9_nobody_to_flag(c: Context):
    """A team under a rule book with a monthly training minimum (limits.trainings_per_month) that has no
    leader, no deputy and no department manager still employed (heads): K9 `no-training` has nobody to
    put its flag on, so a month without training would pass unseen."""
    r = c.records
    for tid, team in sorted(r.teams.items()):
        policy = r.policies.of(team.department or None)
        if not policy.on("K9") or not policy.limits.trainings_per_month:
            continue
        # an id that names no staff is the references pass's error already
        if not any(sid not in r.staff or r.staff[sid].status != "left" for sid in heads(r, team)):
            yield c.warning(team, None, _("team {tid} ({name}) has no leader, deputy or manager of its department ({value}): K9 no-training has nobody to flag").format(tid=tid, name=team.name, value=team.department or 'none'), "K9")
