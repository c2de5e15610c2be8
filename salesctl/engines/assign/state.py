"""The walk-in rotation state (A2, A4): state/rotation.yaml, its schema, parsing and text."""
from __future__ import annotations

import re
from typing import Annotated

import msgspec

STATE_NAME = "rotation"  # records.state key
STATE_PATH = "state/rotation.yaml"


def natkey(s: str) -> tuple:
    """Natural order of ids: S-2 before S-10."""
    parts = re.split(r"(\d+)", s)
    return tuple((0, int(p), p) if i % 2 else (1, 0, p) for i, p in enumerate(parts))



# ----------------------------------------------------------------------------- the state file
Turns = Annotated[int, msgspec.Meta(ge=0)]


class TeamRotation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One team's walk-in rotation: who is next, and how many turns each consultant took."""

    queue: tuple[str, ...] = ()
    turns: dict[str, Turns] = {}


class RotationState(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """state/rotation.yaml: the fair rotation (A2) of every team."""

    teams: dict[str, TeamRotation] = {}


def parse_state(raw) -> tuple[RotationState, list[tuple[tuple, str]]]:
    """Raw data of state/rotation.yaml -> (state, problems as (key path, message))."""
    from salesctl.convert import convert

    if raw is None:
        return RotationState(), []
    shape = "the rotation state is a mapping with one key, teams: {TEAM: {queue: [STAFF ...], turns: {STAFF: N}}}"
    if not isinstance(raw, dict):
        return RotationState(), [((), shape)]
    errs: list[tuple[tuple, str]] = [((k,), f"unknown field {k} ({shape})") for k in raw if k != "teams"]
    teams_raw = raw.get("teams") or {}
    if not isinstance(teams_raw, dict):
        return RotationState(), errs + [(("teams",), f"teams: expected a mapping of team id to queue and turns ({shape})")]
    teams = {}
    for tid, value in teams_raw.items():
        if value is None:
            value = {}
        if not isinstance(value, dict):
            errs.append((("teams", tid), f"teams.{tid}: expected a mapping with queue and turns"))
            continue
        turns = value.get("turns")
        if isinstance(turns, dict):
            bad = [(sid, n) for sid, n in turns.items() if isinstance(n, bool) or not isinstance(n, int) or n < 0]
            if bad:
                errs += [(("teams", tid, "turns", sid), f"teams.{tid}.turns.{sid}: {n!r} is not a whole number >= 0") for sid, n in bad]
                continue
        tr, terrs = convert(value, TeamRotation)
        errs += [(("teams", tid) + path, f"teams.{tid}.{msg}" if not msg.startswith("unknown field") and not msg.startswith("missing")
                  else msg.replace(" field ", f" field teams.{tid}.", 1)) for path, msg in terrs]
        if tr is None:
            continue
        seen = set()
        for i, sid in enumerate(tr.queue):
            if sid in seen:
                errs.append((("teams", tid, "queue", i), f"teams.{tid}.queue: {sid} is in the queue twice"))
            seen.add(sid)
        teams[str(tid)] = tr
    return (RotationState() if errs else RotationState(teams=teams)), errs


def state_text(state: RotationState) -> str:
    """The state file's text (written by `salesctl assign`)."""
    from salesctl.yamlio import dumps

    data = {"teams": {t: {"queue": list(tr.queue), "turns": dict(sorted(tr.turns.items(), key=lambda kv: natkey(kv[0])))}
                      for t, tr in sorted(state.teams.items(), key=lambda kv: natkey(kv[0]))}}
    return ("# Walk-in rotation (公平轮客, A2), written by `salesctl assign`: per team, the queue\n"
            "# (first = next) and the turns each consultant has taken. Edit only to reset a queue.\n"
            + dumps(data))


