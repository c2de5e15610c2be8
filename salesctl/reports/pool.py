"""Pool tables (L6): reclaimed leads, leads soon due back, a claim; from the pool engine's results."""
from __future__ import annotations

from salesctl.engines.pool import RULE

RECLAIM_COLUMNS = ["lead", "name", "owner", "owner_name", "team", "grade", "last_follow_up", "idle_days", "rule", "reason"]
WARN_COLUMNS = ["owner", "owner_name", "lead", "name", "grade", "last_follow_up", "returns_on", "days_left"]
CLAIM_COLUMNS = ["lead", "owner", "team", "rule", "reason"]


def reclaimed_row(x) -> dict:
    return {c: getattr(x, c) for c in RECLAIM_COLUMNS}


def due_row(x) -> dict:
    return {c: getattr(x, c) for c in WARN_COLUMNS}


def claim_row(c) -> dict:
    return {"lead": c.lead, "owner": c.staff if c.ok else None, "team": c.team, "rule": RULE, "reason": c.reason}
