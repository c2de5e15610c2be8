"""The review cycle (K1, K2, K3): who signed each stage, and the order of posting and filing.

- a stage signed by someone other than the one who owes it (salesctl.domain.reviews.owed_by on the
  day it was signed) is a warning at signed.<stage>.by;
- filed (HR 审核备案) before the result was posted, inside the objection window, or with an objection
  open is a warning (K2 「考核評價結果經公示無異議后,報會所人力資源部門審核備案」);
- a stage signed that the period's cycle does not have (review.stages, review.by_period) is a warning.
Who is named (signed.by, interview.by, objections.by) must exist: salesctl.checks.references.
Only reviews of people under a rule book with K1, K2 or K3 on are checked."""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.domain import reviews
from salesctl.i18n import _


def _cycled(c: Context):
    """(review, person, rule id) of each review whose person runs the cycle."""
    r = c.records
    for rv in r.reviews:
        s = r.staff.get(rv.staff)
        rule = reviews.cycle_rule(r, s) if s is not None else ""
        if rule:
            yield rv, s, rule


def k3_signers(c: Context):
    """K1-K3: each stage is signed by the one who owes it (the person, their leader or the deputy, the
    department manager, HR)."""
    r = c.records
    for rv, s, rule in _cycled(c):
        for stage, got in rv.signed.items():
            want = reviews.owed_by(r, s, stage, reviews.signed_on(r, rv, stage))
            if want and got.by != want:
                yield c.warning(rv, ("signed", stage, "by"),
                                _("{stage} stage signed by {by}, but {want} owes it ({value})").format(stage=stage, by=got.by, want=want, value=reviews.STAGE_RULE[stage]), rule)


def k2_filing(c: Context):
    """K2: filed only after the result was posted, its objection window over and no objection open."""
    r = c.records
    for rv, s, rule in _cycled(c):
        filed = reviews.signed_on(r, rv, "filed")
        if filed is None or "posted" not in reviews.period_stages(r, s, rv.month):
            continue
        posted, end = reviews.signed_on(r, rv, "posted"), reviews.window_end(r, s, rv)
        if posted is None or filed < posted:
            yield c.warning(rv, ("signed", "filed"), _("filed on {filed} before the result was posted (K2 公示 first)").format(filed=filed), "K2")
        elif filed < end:
            yield c.warning(rv, ("signed", "filed"), _("filed on {filed}, inside the objection window (posted {posted}, open for objections until {end}: review.objection_days)").format(filed=filed, posted=posted, end=end), "K2")
        if reviews.open_objections(rv, filed):
            yield c.warning(rv, ("signed", "filed"), _("filed on {filed} with an objection open (K2 「公示無異議后」)").format(filed=filed), "K2")


def k1_stages(c: Context):
    """K1-K3: a stage signed that the period's cycle does not have (review.stages, review.by_period)."""
    for rv, s, rule in _cycled(c):
        own = reviews.period_stages(c.records, s, rv.month)
        for stage in rv.signed:
            if stage not in own:
                yield c.warning(rv, ("signed", stage), _("stage {stage} is not in this review's cycle (review.stages: {value})").format(stage=stage, value=', '.join(own) or 'none'), rule)


PASSES = [k3_signers, k2_filing, k1_stages]
