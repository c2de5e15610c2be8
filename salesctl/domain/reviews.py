"""The review cycle (K1, K2, K3): which stages of a review are done, who owes the others and by
when, and whether the review's ratings count. The one home of these rules: the rating indicator,
`review set`, `review status` and the checks import them. Pure: records, policy and a date in,
answers out (`on` is the day the cycle is judged at; nothing here reads a clock).

A stage is done when:
- self, leader, manager: the review holds that rating (`<stage>_rating`; `signed.<stage>` says who
  gave it and when, and alone does not do the stage);
- interview: the review holds its interview, or `signed.interview`;
- posted (公示, K2): `signed.posted`, the objection window (`review.objection_days`) has passed by
  `on`, and no objection is open on `on`;
- filed (HR 审核备案): `signed.filed`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from salesctl.domain.calendar import Period, local_date, month_bounds, parse_period, zone_of
from salesctl.domain.staffing import away, employed_between
from salesctl.schema import RATING_STAGES, Review, Staff
from salesctl.i18n import _

CYCLE_RULES = ("K1", "K2", "K3")
FOREVER = dt.date.max        # `on` for scores: every posted window has passed; open objections still hold
STAGE_RULE = {"self": "K2", "leader": "K1", "manager": "K3", "interview": "K3", "posted": "K2", "filed": "K2"}


def policy_of(records, s: Staff):
    """The policy a person's reviews run under (their department's rule book)."""
    return records.policies.of(records.department_of(s))


def cycle_rule(records, s: Staff) -> str:
    """The first review-cycle rule (K1, K2, K3) on for this person under their rule book, or ''."""
    pol = policy_of(records, s)
    dept = records.department_of(s)
    return next((r for r in CYCLE_RULES if pol.scope(r).enabled and pol.scope(r).covers(s.channel, s.role, s.team, dept)), "")


def cycle_on(records, s: Staff) -> bool:
    """Whether some review-cycle rule (K1, K2, K3) is on for this person under their rule book."""
    return bool(cycle_rule(records, s))


def review_of(records, staff: str, period: str) -> Optional[Review]:
    """The review of a person (staff id) for a period label (2026-10, 2026Q3, 2026), or None."""
    return records.reviews_by_key.get((staff, period))


def period_stages(records, s: Staff, period: str) -> tuple[str, ...]:
    """The stages of the cycle for this person's period (review.stages, or review.by_period)."""
    return policy_of(records, s).review.stages_of(parse_period(period).kind)


def period_end(period: str) -> dt.date:
    """The last day of a period."""
    return month_bounds(parse_period(period).months[-1])[1]


def signed_on(records, review: Review, stage: str) -> Optional[dt.date]:
    """The day (business zone) a stage was signed, or None."""
    got = review.signed.get(stage)
    return local_date(got.at, zone_of(records.policy)) if got is not None else None


def open_objections(review: Review, on: dt.date) -> list:
    """Objections raised by `on` and not resolved by then."""
    return [o for o in review.objections if o.at <= on and (o.resolved is None or o.resolved > on)]


def window_end(records, s: Staff, review: Review) -> Optional[dt.date]:
    """The last day of the objection window of the posted result (K2), or None when not posted."""
    posted = signed_on(records, review, "posted")
    return None if posted is None else posted + dt.timedelta(days=policy_of(records, s).review.objection_days)


def stage_done(records, review: Review, stage: str, on: dt.date) -> bool:
    """Whether one stage of a review is done on day `on` (see the module doc)."""
    if stage in RATING_STAGES:      # a signature without the rating does not do a rating stage
        return getattr(review, f"{stage}_rating") is not None
    if stage == "interview":
        return review.interview is not None or stage in review.signed
    if stage == "posted":
        s = records.staff.get(review.staff)
        end = window_end(records, s, review) if s is not None else None
        return end is not None and end <= on and not open_objections(review, on)
    return stage in review.signed


def stages_done(records, review: Review, on: dt.date) -> tuple[str, ...]:
    """The stages of the review's period that are done on `on`, in cycle order."""
    s = records.staff.get(review.staff)
    if s is None:
        return ()
    return tuple(st for st in period_stages(records, s, review.month) if stage_done(records, review, st, on))


def not_done(records, review: Review, on: dt.date) -> tuple[str, ...]:
    """The `required` stages of the review's period that are not done on `on`."""
    s = records.staff.get(review.staff)
    if s is None:
        return ()
    pol = policy_of(records, s).review
    own = period_stages(records, s, review.month)
    return tuple(st for st in own if st in pol.required and not stage_done(records, review, st, on))


def counts(records, review: Review, on: dt.date = FOREVER) -> bool:
    """Whether the review's ratings count in scores: every `required` stage of its period is done
    (always, for a person none of K1-K3 is on for: the cycle is not run there)."""
    s = records.staff.get(review.staff)
    return s is None or not cycle_on(records, s) or not not_done(records, review, on)


def why_not_counted(records, review: Review, on: dt.date = FOREVER) -> str:
    """'review incomplete: manager stage missing (K3)', for --explain; '' when the review counts."""
    if counts(records, review, on):
        return ""
    gone = not_done(records, review, on)
    rules = sorted({STAGE_RULE[st] for st in gone})
    return (_("review incomplete: {stages} stages missing ({rules})") if len(gone) > 1 else
            _("review incomplete: {stages} stage missing ({rules})")).format(stages=", ".join(gone), rules=", ".join(rules))


def owed_by(records, s: Staff, stage: str, on: dt.date) -> str:
    """Who owes a stage of this person's review (a staff id, or review.hr's name; '' when no one is found):
    self the person; leader and posted their team leader, or the deputy when the leader is away or
    has left on `on` (O1); manager the department's manager; filed review.hr; interview the manager
    when the cycle has a manager stage (003), else the leader (000)."""
    pol = policy_of(records, s).review
    if stage == "self":
        return s.id
    if stage == "filed":
        return pol.hr
    if stage == "interview":
        stage = "manager" if "manager" in pol.stages_of("month") + pol.stages_of("year") + pol.stages else "leader"
    if stage == "manager":
        return _manager(records, s, on)
    team = records.teams.get(s.team or "")
    if team is None:
        return _manager(records, s, on)
    for who in (team.leader, team.deputy):
        person = records.staff.get(who or "")
        if person is not None and person.id != s.id and away(person, on, joining=False) is None:
            return person.id
    return _manager(records, s, on)


def _manager(records, s: Staff, on: dt.date) -> str:
    dept = records.department_of(s)
    found = sorted(m.id for m in records.staff.values()
                   if m.role == "manager" and m.id != s.id and records.department_of(m) == dept
                   and away(m, on, joining=False) is None)
    return found[0] if found else ""


def due(records, s: Staff, period: str, stage: str) -> dt.date:
    """The day a stage is owed by: the period's end plus review.due_days of the stage."""
    return period_end(period) + dt.timedelta(days=policy_of(records, s).review.due_days.get(stage, 0))


def missing(records, staff: str, period: str, on: dt.date) -> list[tuple[str, str, dt.date]]:
    """The stages of a person's review of the period not done on `on`, in cycle order, each as
    (stage, owed by: staff id or HR's name, due date). Without a review every stage is missing."""
    s = records.staff[staff]
    rev = review_of(records, staff, period)
    done = stages_done(records, rev, on) if rev is not None else ()
    return [(st, owed_by(records, s, st, on), due(records, s, period, st))
            for st in period_stages(records, s, period) if st not in done]


def reviewed(records, s: Staff, period: Period) -> bool:
    """Whether this person is reviewed for the period: the cycle is on for them, the period's kind is
    one of review.periods, their role is in score.roles, and they were employed in the period."""
    pol = policy_of(records, s)
    if not cycle_on(records, s) or period.kind not in pol.review.periods or s.role not in pol.score.roles:
        return False
    start, end = month_bounds(period.months[0])[0], month_bounds(period.months[-1])[1]
    return employed_between(s, start, end) is not None


def rating_parts(review: Review, counted: tuple[str, ...]) -> tuple[Optional[Decimal], Optional[Decimal]]:
    """(self rating, superior rating) of the counted stages: the superior rating is the mean of the
    leader's and the manager's where both are counted and given (003 上級評價: 組長 and 部門經理)."""
    own = Decimal(str(review.self_rating)) if "self" in counted and review.self_rating is not None else None
    sup = [Decimal(str(x)) for st in ("leader", "manager") if st in counted
           and (x := getattr(review, f"{st}_rating")) is not None]
    return own, (sum(sup, Decimal(0)) / len(sup) if sup else None)
