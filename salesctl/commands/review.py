"""`review set` (the signing of a stage) and `review status` (who owes what, K1-K3).

`review set` is the generic record `set` (salesctl.commands.records.set_fields) with one addition,
`sign`: a rating set without its stage's signature is signed now by the person who owes it, and
a stage signature typed in part (signed.posted.by=…) is merged with the stages already signed.
`review status` lists, per person reviewed in a period, the stages not done, who owes each and by
when (salesctl.domain.reviews), for a cron reminder.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from salesctl.domain import reviews
from salesctl.domain.calendar import midnight, parse_period, zone_of
from salesctl.commands.common import Notes, Result, moment
from salesctl.errors import Exit, UserError
from salesctl.policy.review import STAGES
from salesctl.schema import RATING_STAGES
from salesctl.i18n import _

STATUS_COLUMNS = ["staff", "name", "team", "department", "done", "missing", "owed_by", "owed_by_name", "due", "overdue"]


def sign(records, staff: str, before: dict, data: dict, now: dt.datetime, tz) -> list[str]:
    """Complete `data` (the fields `review set` was given for the review of `staff`, whose
    stages signed so far are `before`) in place: `signed` merged with those stages, a date typed for a stage's `at` read as its midnight, and each rating
    given without its stage's signature signed at `now` by the one who owes it. Returns notes."""
    given = data.get("signed")
    if given is not None and not isinstance(given, dict):
        raise UserError(_("signed takes stages: signed.leader.by=S-… signed.leader.at=2026-10-05"), Exit.USAGE)
    given = dict(given or {})
    bad = [st for st in given if st not in STAGES]
    if bad:
        raise UserError(_("unknown review stage(s) {value} (stages: {value2})").format(value=', '.join(map(str, bad)), value2=', '.join(STAGES)), Exit.USAGE)
    s = records.staff.get(staff)
    notes = []
    for st in RATING_STAGES:
        if data.get(f"{st}_rating") is not None and st not in given and s is not None:
            who = reviews.owed_by(records, s, st, now.date())
            if who:
                given[st] = {"by": who, "at": now}
                notes.append(_("signed.{stage} by {who} at {at} (the one who owes the {stage} stage)").format(stage=st, who=who, at=now.isoformat()))
    if not given:
        return notes
    merged = {st: {"by": v.by, "at": v.at} for st, v in before.items()}
    for st, v in given.items():
        part = {**merged.get(st, {}), **(v if isinstance(v, dict) else {})}
        if "by" not in part and s is not None:
            part["by"] = reviews.owed_by(records, s, st, now.date())
            notes.append(_("signed.{stage} by {who} (the one who owes the {stage} stage)").format(stage=st, who=part["by"]))
        part.setdefault("at", now)
        merged[st] = _at_midnight(part, tz)
    data["signed"] = {st: merged[st] for st in STAGES if st in merged}
    return notes


def _at_midnight(stage: dict, tz) -> dict:
    """A stage's signature with a date typed for `at` read as that day's midnight in the business zone."""
    at = stage.get("at")
    return {**stage, "at": midnight(at, tz)} if isinstance(at, dt.date) and not isinstance(at, dt.datetime) else stage


def prepare_add(data: dict, tz) -> dict:
    """The fields of `review add`: the period as salesctl writes it (2026q3 -> 2026Q3) and the dates typed
    for a stage's `at` read as midnight (a bad period is the writer's usage error)."""
    try:
        data["month"] = parse_period(str(data["month"])).label
    except ValueError:
        pass
    signed = data.get("signed")
    if isinstance(signed, dict):
        data["signed"] = {st: _at_midnight(v, tz) if isinstance(v, dict) else v for st, v in signed.items()}
    return data


def status(records, period: str, *, now: dt.datetime, as_of: Optional[str] = None, check: bool = False,
           notes: Optional[Notes] = None) -> Result:
    """`review status`: Result.data is one row per missing stage of each person reviewed in the period
    (reviews.reviewed), judged on the day `as_of` (default: the day of `now` in the business zone):
    staff, name, team, department, the stages done, the stage missing, who owes it (id and name), due
    date, overdue. With `check`, exit status 1 when a row is there."""
    result = Result.start(notes)
    try:
        p = parse_period(period)
    except ValueError as e:
        raise UserError(str(e), Exit.USAGE) from None
    on = moment(as_of, zone_of(records.policy), end_of_day=False, now=now).date()
    rows = []
    for s in sorted(records.staff.values(), key=lambda x: x.id):
        if not reviews.reviewed(records, s, p):
            continue
        rev = reviews.review_of(records, s.id, p.label)
        done = reviews.stages_done(records, rev, on) if rev is not None else ()
        team = records.teams.get(s.team or "")
        base = {"staff": s.id, "name": s.name, "team": team.name if team else "",
                "department": records.department_of(s) or "", "done": ", ".join(done)}
        for stage, who, due in reviews.missing(records, s.id, p.label, on):
            person = records.staff.get(who)
            rows.append({**base, "missing": stage, "owed_by": who, "owed_by_name": person.name if person else "",
                         "due": due, "overdue": "yes" if on > due else "no"})
    owing = len({r["staff"] for r in rows})
    result.note(_("review status {label} as of {value}: {n_rows} stage(s) missing for {owing} person(s)").format(label=p.label, value=on.isoformat(), n_rows=len(rows), owing=owing),
                after=True)
    result.data = rows
    result.status = Exit.RECORDS if check and rows else Exit.OK
    return result
