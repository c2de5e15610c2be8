"""Tables of customer grading (L4) and of a company customer's cooperation history (L3), from the
grade engine's results."""
from __future__ import annotations

from salesctl.i18n import _

COLUMNS = ["lead", "name", "company", "old", "new", "spend", "deals", "potential", "rule", "reason"]
HISTORY_COLUMNS = ["date", "what", "id", "item", "amount", "term", "status"]


def grading_row(g, explain: bool = False) -> dict:
    """One re-graded lead: old -> new and why (the deciding reason; with explain every step)."""
    row = {"lead": g.lead, "name": g.name, "company": g.company, "old": g.old, "new": g.new, "spend": g.spend,
           "deals": g.deals, "potential": g.potential, "rule": g.rule, "reason": g.reasons[-1]}
    if explain:
        row["explain"] = list(g.reasons)
    return row


def grading_explain(gradings) -> str:
    """Each re-graded lead and the steps of L4, numbered."""
    blocks = []
    for g in gradings:
        who = f"{g.lead} {g.name}" + (f" ({g.company})" if g.company else "")
        steps = "\n".join(f"  {i}. {g.rule} {r}" for i, r in enumerate(g.reasons, 1))
        blocks.append(f"{who}: {g.old or '(none)'} -> {g.new}\n{steps}")
    return "\n\n".join(blocks)


def history_row(c) -> dict:
    return {"date": c.date, "what": c.what, "id": c.id, "item": c.item, "amount": c.amount, "term": c.term,
            "status": c.status}


def history_text(history) -> str:
    """The cooperation history as lines for `lead show` (one per deal or complaint)."""
    from salesctl.render import cell

    lines = []
    for c in history:
        parts = [cell(c.date), _(c.what), c.id, c.item, cell(c.amount) if c.amount is not None else "",
                 (_("term") + " " + c.term) if c.term else "", c.status]
        lines.append("  ".join(p for p in parts if p))
    return "\n".join(lines)
