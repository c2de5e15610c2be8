"""Who owned a lead when (L5), and the one constructor of an ownership-log entry.

A lead is owned by one person at a time; every change is an entry of its `log`
(when, by, from, to, rule, why, and `logged` when it was written later than `when`). A change
counts from its `effective` time (the later of the two). Empty `to`: back to the shared pool.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from salesctl.domain.calendar import local_date
from salesctl.schema import Lead, OwnerChange
from salesctl.privacy import scrub

AUTOMATIC = "salesctl"   # `by` of entries made by the rules (A1-A3, L6 reclaim)
MANUAL = "manual"        # `rule` of an owner given by hand


def entry(when: dt.datetime, by: str, from_: Optional[str], to: Optional[str], rule: str, why: str,
          logged: Optional[dt.datetime] = None) -> dict:
    """An ownership-log entry (L5), as the data a lead file's `log` holds. `logged`: when it is
    written, when later than `when` (left out otherwise)."""
    e = {"when": when, "by": by, "from": from_, "to": to, "rule": rule, "why": scrub(why)}   # no contact data in a reason
    if logged is not None:
        e["logged"] = logged
    return e


def as_change(e: dict) -> OwnerChange:
    """An entry made by `entry` as the record the loader would read from the file."""
    return OwnerChange(when=e["when"], by=e["by"], from_=e["from"], to=e["to"], rule=e["rule"], why=e["why"],
                       logged=e.get("logged"))


def owner_on(lead: Lead, day: dt.date, z: dt.tzinfo) -> Optional[str]:
    """The lead's owner on `day` (business zone z), from its ownership log: the last change
    effective on or before that day; before the first, its `from`. Without a log: the current owner."""
    if not lead.log:
        return lead.owner
    owner = lead.log[0].from_
    for ch in lead.log:
        if local_date(ch.effective, z) <= day:
            owner = ch.to
        else:
            break
    return owner


def received(lead: Lead, owner: Optional[str], as_of: dt.datetime) -> dt.datetime:
    """When `owner` last received the lead, as of `as_of` (the lead's creation when no entry says,
    L6's idle clock): their last entry up to as_of, counted from its effective time (at most as_of)."""
    got = lead.created
    for e in lead.log:
        if e.to == owner and e.when <= as_of:
            got = min(e.effective, as_of)
    return got


def entered_pool(lead: Lead) -> dt.datetime:
    """When the lead (last) entered the pool: created, or its last ownership change."""
    t = lead.created
    for e in lead.log:
        if e.when > t:
            t = e.when
    return t


def ever_owned(lead: Lead) -> bool:
    """Whether anyone has owned the lead (some log entry gives it to someone)."""
    return any(e.to for e in lead.log)


def is_claim(e: OwnerChange) -> bool:
    """A lead taken from the pool by hand (L6): by and to the same person, from nobody."""
    return e.by == e.to and e.from_ is None


def changes(records) -> list[tuple[Lead, OwnerChange]]:
    """Every ownership-log entry of the records with its lead, in lead order (memoised)."""
    memo = records.memo("ownership")
    if "changes" not in memo:
        memo["changes"] = [(lead, e) for lead in records.leads.values() for e in lead.log]
    return memo["changes"]


def words(e: OwnerChange, z: dt.tzinfo) -> str:
    """One ownership-log entry as a line people read (`lead show`): when (business zone), from -> to,
    the rule and who, why; `logged` when the change was written later."""
    from salesctl.domain.calendar import local_text
    from salesctl.i18n import _

    pool = _("pool")
    text = f"{local_text(e.when, z)}  {e.from_ or pool} -> {e.to or pool}  {e.rule or ''} {_('by')} {e.by}".rstrip()
    if e.why:
        text += f": {e.why}"
    if e.logged is not None and e.logged > e.when:
        text += " " + _("(written {logged})").format(logged=local_text(e.logged, z))
    return text
