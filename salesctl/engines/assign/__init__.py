"""Lead assignment (A1-A7, L5, L6): who gets each lead of the shared pool, and why.

    assign(records, as_of, team=None, state=None) -> Result
        every pool lead (no owner, open, created at or before as_of), in the order it
        entered the pool, gets a Decision: its team, its owner (or none: it stays in the
        pool), the rule id, the reason in words and the trace of the decision. Result.state
        is the walk-in rotation after the run (state/rotation.yaml).

    report(records, month) -> list of rows: the fairness report of a month.

Pure: no clock, no files, no randomness. The same records, state and as_of always give the
same decisions. The rules, in the order they are tried for one lead:

1. A3 designated customer: `lead.designated`, else a consultant voucher (`voucher.kind:
   consultant`, `voucher.staff`), of a new customer on the day they came (policy
   designated_same_day), goes to that consultant when they are available (status active,
   employed, not on a leave period), under their caps and, for a walk-in, not off duty unless
   booked in advance (A7, rules.A7). It does not use their rotation turn.
   When the designation does not count or the designee cannot take it, the lead goes through
   the rules below and the reason says why.
2. A1 level one, for a lead without a team: the first policy route that matches its source
   (and company) names a channel; of the teams of that channel the lead goes to the one with
   the fewest open leads per unit of capacity (capacity: the sum of the weights of the
   members who can take this lead now); ties to the team id.
3. A2/A4/A5 walk-ins (policy assign.walk_in_sources) arriving (not ones returned to the pool,
   which go by rule 4): fair rotation (公平轮客) among the
   team's inside consultants. The queue of each team is kept in state/rotation.yaml; the
   lead goes to the first consultant in the queue who is on duty at the arrival time (status
   active, employed, not on leave, a shift covering the time and not on a break), under their
   caps and not busy with another walk-in (A5, policy busy_minutes); that consultant moves
   to the back of the queue. Whoever is skipped keeps their place: they are next when back
   (policy skipped_keeps_place; false: the skipped turn is lost).
4. A1 level two, other leads: the team member with the fewest open leads per unit of weight
   (the most spare capacity relative to ability), never above max_open_leads or the intake
   cap; ties to fewer leads received in the last intake_days days (the same on fresh records
   as "fewer this run", but independent of how a stream is split into runs), then staff id.
A lead nobody can take stays in the pool, with the reason.

Times: a lead enters the pool when it is created (a walk-in: when the customer arrived) or
when it was last returned to the pool (the last ownership-log entry); that moment decides
who is on duty and is the `when` of the ownership-log entry the assignment writes. Staff ids
and team ids are ordered naturally (S-2 before S-10).
"""
from __future__ import annotations

import datetime as dt
import heapq

import msgspec

from salesctl.domain import ownership
from salesctl.records import OPEN_STATUSES, Records
from salesctl.engines.assign.report import REPORT_COLUMNS, report
from salesctl.engines.assign.results import Decision, Result, stays
from salesctl.engines.assign.rules import Bookkeeping
from salesctl.engines.assign.state import STATE_NAME, STATE_PATH, RotationState, TeamRotation, natkey, parse_state, state_text

# the package's interface: run (assign), apply in memory (applied), the fairness report, the state file
__all__ = ["assign", "applied", "report", "REPORT_COLUMNS", "Decision", "Result",
           "STATE_NAME", "STATE_PATH", "RotationState", "parse_state", "state_text"]


# ----------------------------------------------------------------------------- the engine
def assign(records: Records, as_of: dt.datetime, team: str | None = None,
           state: RotationState | dict | None = None) -> Result:
    """Decide every pool lead created at or before as_of (see the module docstring).

    `team` limits the result to leads that end up in (or already belong to) that team; the
    other leads are still decided first (so the numbers the rules compare are those of a
    full run) but left out, and only that team's rotation advances. `state` defaults to
    records.state["rotation"]; raw data is validated (ValueError when invalid).
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a timezone")
    if state is None or isinstance(state, dict):
        state, errs = parse_state(state if state is not None else records.state.get(STATE_NAME))
        if errs:
            raise ValueError(f"{STATE_PATH}: " + "; ".join(m for _, m in errs))
    run = Bookkeeping(records, state)
    pool = [lead for lead in records.leads.values()
            if lead.owner is None and lead.status in OPEN_STATUSES
            and lead.created <= as_of and ownership.entered_pool(lead) <= as_of]
    queue = [(ownership.entered_pool(lead), natkey(lead.id), lead) for lead in pool]
    heapq.heapify(queue)
    decisions, waited = [], {}
    while queue:
        t, key, lead = heapq.heappop(queue)
        d, retry = run.decide(lead, t, waited.get(lead.id, ()))
        if d.owner is None and retry is not None and retry <= as_of:
            # nobody could take it at t: it waits in the pool until someone could
            waited[lead.id] = waited.get(lead.id, ()) + (
                f"{run.clock.local(t):%Y-%m-%d %H:%M}: {d.reason.removeprefix(stays(''))}; "
                f"waits until {run.clock.local(retry):%Y-%m-%d %H:%M}",)
            heapq.heappush(queue, (retry, key, lead))
            continue
        decisions.append(d)
    if team is not None:
        decisions = [d for d in decisions if d.team == team or records.leads[d.lead].team == team]
    teams = dict(state.teams)
    for tid, (q, turns) in run.rotations.items():
        if team is None or tid == team:
            teams[tid] = TeamRotation(queue=tuple(q), turns={k: v for k, v in turns.items() if v})
    new = RotationState(teams=teams)
    return Result(tuple(decisions), new, new != state, as_of)




# ----------------------------------------------------------------------------- apply in memory
def applied(records: Records, result: Result) -> Records:
    """The records as a real run would leave them (tests and benchmarks; the CLI writes files)."""
    leads = dict(records.leads)
    for d in result.assigned:
        lead = leads[d.lead]
        e = d.log_entry(result.as_of)
        leads[d.lead] = msgspec.structs.replace(
            lead, team=d.team, owner=d.owner,
            log=lead.log + (ownership.as_change(e),))
    state = dict(records.state)
    state[STATE_NAME] = msgspec.to_builtins(result.state)
    return records.replace(state=state, leads=leads.values())


