"""Visit-log indicators (K8, T5, K4): follow-ups, contacts, meetings and their summaries, return
visits, and the customers' ratings (satisfaction)."""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.indicators.context import Context, Evidence, mean, pct


def k8_follow_ups(ctx: Context) -> tuple[int, Evidence]:
    """`follow_ups` (K8): the person's visit-log entries this month, every kind."""
    return len(ctx.visits), ctx.cite(ctx.visits)


def k8_contacts(ctx: Context) -> tuple[int, Evidence]:
    """`contacts` (K8): entries of a `score.contact_kinds` kind plus the activity log's `effective`
    contacts (telesales)."""
    contacts = [v for v in ctx.visits if v.kind in ctx.policy.score.contact_kinds]
    effective = sum(a.effective for a in ctx.activity)
    return len(contacts) + effective, ctx.cite(contacts) + ctx.cite(a for a in ctx.activity if a.effective)


def k8_contacts_per_day(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`contacts_per_day` (K8: at least two contacts on each working day): contacts / working days."""
    n, ev = k8_contacts(ctx)
    working = ctx.presence.working
    return (Decimal(n) / working if working else None), ev


def _meetings(ctx: Context) -> list:
    return [v for v in ctx.visits if v.kind in ctx.policy.score.meeting_kinds]


def k8_meetings(ctx: Context) -> tuple[int, Evidence]:
    """`meetings` (K8): face-to-face entries (`score.meeting_kinds`)."""
    meets = _meetings(ctx)
    return len(meets), ctx.cite(meets)


def k8_meetings_per_week(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`meetings_per_week` (K8: one face-to-face meeting a week): meetings x working days in their week
    / working days."""
    meets = _meetings(ctx)
    pres = ctx.presence
    value = (Decimal(len(meets)) * pres.workdays_per_week / pres.working) if pres.working else None
    return value, ctx.cite(meets)


def t5_summary_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`summary_rate` (T5: a written summary after every visit): share of meetings with a `summary`;
    the evidence is the meetings without one."""
    meets = _meetings(ctx)
    with_summary = [v for v in meets if (v.summary or "").strip()]
    return pct(len(with_summary), len(meets)), ctx.cite(v for v in meets if v not in with_summary)


def k8_return_visits(ctx: Context) -> tuple[int, Evidence]:
    """`return_visits` (K8: one return visit a month): entries of kind `return-visit`."""
    rv = [v for v in ctx.visits if v.kind == "return-visit"]
    return len(rv), ctx.cite(rv)


def _rated(ctx: Context) -> list:
    return [v for v in ctx.visits if v.rating is not None]


def ratings(ctx: Context) -> tuple[int, Evidence]:
    """`ratings` (K4): entries with a customer rating (1-5)."""
    rated = _rated(ctx)
    return len(rated), ctx.cite(rated)


def satisfaction_mean(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`satisfaction_mean` (K4): the mean customer rating."""
    rated = _rated(ctx)
    return mean(Decimal(v.rating) for v in rated), ctx.cite(rated)


def satisfaction(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`satisfaction` (K4, K5): share of ratings at or above `score.satisfied_rating`."""
    rated = _rated(ctx)
    least = ctx.policy.score.satisfied_rating
    return pct(sum(v.rating >= least for v in rated), len(rated)), ctx.cite(rated)
