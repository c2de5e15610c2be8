"""Assignment tables for people and scripts, from the assign engine's decisions (A1-A6)."""
from __future__ import annotations

COLUMNS = ["lead", "name", "source", "team", "owner", "rule", "reason"]


def decision_row(d, explain: bool = False) -> dict:
    """One decision as a row (COLUMNS), and its trace with `explain` (json and csv)."""
    r = {"lead": d.lead, "name": d.name, "source": d.source, "team": d.team, "owner": d.owner, "rule": d.rule, "reason": d.reason}
    if explain:
        r["trace"] = list(d.trace)
    return r
