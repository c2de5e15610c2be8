"""Review indicators (K2, K3, K4): the peers' teamwork ratings, the self, leader and peer
ratings and their weighted combination. The evidence of each is the month's review record."""
from __future__ import annotations

from decimal import Decimal

from salesctl.engines.indicators.context import Context, Evidence, dec, mean, where

PEER_ASPECTS = ("teamwork", "sharing", "helping")


def _review_ev(ctx: Context) -> Evidence:
    rev = ctx.review
    return (where(ctx.records, rev),) if rev else ()


def _peers(ctx: Context) -> tuple:
    return ctx.review.peers if ctx.review else ()


def _peer_aspect(ctx: Context, aspect: str) -> tuple[Decimal | None, Evidence]:
    """The mean over the raters of one aspect of the peers' ratings."""
    got = [Decimal(str(getattr(p, aspect))) for p in _peers(ctx) if getattr(p, aspect) is not None]
    return mean(got), _review_ev(ctx)


def teamwork(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`teamwork` (K4): the peers' mean rating of cooperation."""
    return _peer_aspect(ctx, "teamwork")


def sharing(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`sharing` (K4): the peers' mean rating of information sharing."""
    return _peer_aspect(ctx, "sharing")


def helping(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`helping` (K4): the peers' mean rating of helping colleagues."""
    return _peer_aspect(ctx, "helping")


def k3_peer_rating(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`peer_rating` (K3, K4): the mean over the raters of each rater's mean of teamwork, sharing and
    helping."""
    per_rater = [mean(Decimal(str(getattr(p, k))) for k in PEER_ASPECTS if getattr(p, k) is not None)
                 for p in _peers(ctx)]
    return mean(x for x in per_rater if x is not None), _review_ev(ctx)


def k2_self_rating(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`self_rating` (K2, K3): the person's self-assessment in the month's review."""
    rev = ctx.review
    return (dec(rev.self_rating) if rev else None), _review_ev(ctx)


def k2_leader_rating(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`leader_rating` (K2, K3): the leader's rating in the month's review."""
    rev = ctx.review
    return (dec(rev.leader_rating) if rev else None), _review_ev(ctx)


def k2_rating(ctx: Context) -> tuple[Decimal | None, Evidence]:
    """`rating` (K2, K3): self, leader and peer ratings combined by the `score.ratings` weights; the
    ones missing are left out and the other weights count in their place."""
    w = ctx.policy.score.ratings
    parts = [(k2_self_rating(ctx)[0], dec(w.self_weight)), (k2_leader_rating(ctx)[0], dec(w.leader_weight)),
             (k3_peer_rating(ctx)[0], dec(w.peers_weight))]
    parts = [(v, wt) for v, wt in parts if v is not None and wt > 0]
    tw = sum((wt for _, wt in parts), Decimal(0))
    return (sum((v * wt for v, wt in parts), Decimal(0)) / tw if parts else None), _review_ev(ctx)
