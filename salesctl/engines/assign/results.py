"""What the assign engine returns: a Decision per lead, with its rule, reason and trace (A1-A6)."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from salesctl.domain import ownership
from salesctl.i18n import _
from salesctl.engines.assign.state import RotationState

BY = ownership.AUTOMATIC  # `by` of automatic ownership-log entries
DESIGNATED, ROTATION, CAPACITY, POOL = "designated", "rotation", "capacity", "pool"


# ----------------------------------------------------------------------------- reasons
# The words of the reasons written into the ownership log (L5), in the language in effect; the demo
# generator writes its log entries with the same words.
def A1_REASON(team: str, name: str, open_leads, weight) -> str:
    return _("capacity in {team}: {name} has the most spare capacity ({open} open / weight {weight})").format(
        team=team, name=name, open=open_leads, weight=weight)


def A2_REASON(team: str, name: str) -> str:
    return _("fair rotation in {team}: {name}'s turn").format(team=team, name=name)


def A3_REASON(name: str, how: str, booked: str = "", note: str = "") -> str:
    return _("designated customer of {name} ({how}){booked}; not a rotation turn{note}").format(
        name=name, how=how, booked=booked, note=note)


def stays(why: str) -> str:
    """The reason of a lead that stays in the pool."""
    return _("stays in the pool: {why}").format(why=why)


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Decision:
    lead: str
    name: str
    source: str
    team: str | None         # the lead's team after the decision (for a pool lead: its team, if any)
    owner: str | None        # None: stays in the pool
    rule: str                # A1, A2, A3
    reason: str
    trace: tuple[str, ...]
    kind: str                # designated, rotation, capacity, pool
    when: dt.datetime        # when the lead entered the pool: the time the rules were applied at
    at_desk: bool = False    # a walk-in decided at its arrival: the consultant served them then

    def changes(self) -> dict:
        """Fields the decision sets on the lead (empty for a lead that stays in the pool)."""
        return {"team": self.team, "owner": self.owner} if self.owner else {}

    def log_entry(self, as_of: dt.datetime | None = None) -> dict:
        """The ownership-log entry (L5) of the decision. `when` is the moment the rules were applied
        at; a lead that waited in the pool is only really given when the run writes it, so its entry
        also says `logged: as_of`, and ownership counts from then (reclaim's idle clock, the owner at
        signing). A walk-in decided at its arrival was served then: no `logged`."""
        late = as_of is not None and not self.at_desk and as_of > self.when
        return ownership.entry(self.when, BY, None, self.owner, self.rule, self.reason, as_of if late else None)


@dataclass(frozen=True)
class Result:
    decisions: tuple[Decision, ...]
    state: RotationState            # the rotation after the run
    state_changed: bool             # whether state differs from the one given
    as_of: dt.datetime | None = None  # the run's moment (what a waiting lead's log entry is logged at)

    @property
    def assigned(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.owner)

    def counts(self) -> Counter:
        return Counter(d.kind for d in self.decisions)

    def message(self) -> str:
        c = self.counts()
        n = len(self.assigned)
        return (f"assign: {n} lead{'s' if n != 1 else ''} ({c[ROTATION]} rotation, "
                f"{c[DESIGNATED]} designated, {c[CAPACITY]} capacity)")


