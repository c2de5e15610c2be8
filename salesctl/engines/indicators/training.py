"""Training indicators (K4, K9) from the month's training sessions (salesctl/engines/training.py).

A person's sessions are those of the month they were expected at, excused from or attended. The
review's typed `training_attended` and `training_score` are the fallback, read only for a month in
which no session record is the person's (records kept before training sessions were records).
"""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.indicators.context import Context, Evidence, dec, mean, pct, where
from salesctl.engines.training import Session, sessions_in


def _mine(ctx: Context) -> list[Session]:
    return [x for m in ctx.months for x in sessions_in(ctx.records, m)
            if ctx.start <= x.training.date <= ctx.end and x.involves(ctx.staff.id)]


def _cite(ctx: Context, sessions) -> Evidence:
    return tuple(where(ctx.records, x.training) for x in sessions)


def _review(ctx: Context) -> Evidence:
    return (where(ctx.records, ctx.review),) if ctx.review else ()


def training_attended(ctx: Context) -> tuple[int, Evidence]:
    """`training_attended` (K4, K9): the month's sessions the person attended; with no session of theirs
    in the month, the review's typed training_attended (0 without a review)."""
    mine = _mine(ctx)
    if not mine:
        return (ctx.review.training_attended if ctx.review else 0), _review(ctx)
    came = [x for x in mine if ctx.staff.id in x.training.attendees]
    return len(came), _cite(ctx, came)


def training_rate(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`training_rate` (K9, 000 「出勤率」): percent of the required sessions they were expected at that
    they attended; None when they were expected at none."""
    due = [x for x in _mine(ctx) if x.training.required and ctx.staff.id in x.expected]
    came = sum(1 for x in due if ctx.staff.id in x.training.attendees)
    return pct(came, len(due)), _cite(ctx, due)


def training_score(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`training_score` (K4, K9; pass at limits.training_pass, 004 「成绩需达到80分以上」): the mean test
    score of the month's sessions; with no session of theirs in the month, the review's typed score."""
    mine = _mine(ctx)
    if not mine:
        return (dec(ctx.review.training_score) if ctx.review else None), _review(ctx)
    scored = [x for x in mine if ctx.staff.id in x.training.scores]
    return mean(dec(x.training.scores[ctx.staff.id]) for x in scored), _cite(ctx, scored)


def training_notes(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`training_notes` (K9, 000 「每次培訓結束后,應要求員工撰寫培訓心得」): percent of the sessions they
    attended that they handed notes in for; None when they attended none."""
    came = [x for x in _mine(ctx) if ctx.staff.id in x.training.attendees]
    handed = sum(1 for x in came if ctx.staff.id in x.training.notes_from)
    return pct(handed, len(came)), _cite(ctx, came)
