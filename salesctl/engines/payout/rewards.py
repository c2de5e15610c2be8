"""Rewards and penalties of the review's result (P8) and the hire referral (P7). Each rule is a
function `(Context) -> list[Line]`, switched on by its setting (payout.fail_grade_flag,
target_bonus, promotion_months / promotion_rank, training_subsidy, referral_reward)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line, composite_words, credited_words, num, target_words
from salesctl.engines.payout.streaks import floor_month, run_back
from salesctl.engines.score import GRADES_ZH, score_month
from salesctl.i18n import _
from salesctl.engines.indicators import kept, memo
from salesctl.engines.indicators.context import where
from salesctl.money import fmt
from salesctl.records import Records

_BEST_FIRST = tuple(GRADES_ZH)          # excellent, good, pass, fail


def at_least(grade, least: str) -> bool:
    """Whether a grade is `least` or better (none is not)."""
    return grade is not None and _BEST_FIRST.index(grade) <= _BEST_FIRST.index(least)


def _grades(records: Records, month: str) -> dict:
    return memo(records, ("grades", month), lambda: kept(
        records, "grades", month, lambda: {ms.staff: ms.grade for ms in score_month(records, month)},
        lambda grades: [[sid, g] for sid, g in grades.items()], lambda rows: {sid: g for sid, g in rows}))


def p8_fail_grade(ctx: Context) -> list[Line]:
    """P8: (002 「不合格员工将受到相应的处罚」): the month's fail grade is flagged (payout.fail_grade_flag),
    with payout.fail_penalty deducted when it is above 0."""
    po = ctx.policy.payout
    if not po.fail_grade_flag:
        return []
    out = []
    for sid in ctx.people:
        ms = ctx.scores.get(sid)
        if ms is None or ms.grade != "fail":
            continue
        arith = _("composite {composite} -> fail").format(composite=ms.composite)
        out.append(Line(sid, "fail-grade", _("graded fail (不合格): penalty as the rule book says"), arithmetic=arith,
                        evidence=(composite_words(ms.composite),)))
        if po.fail_penalty > 0:
            out.append(Line(sid, "fail-penalty", _("penalty for the fail grade (不合格)"), -Decimal(po.fail_penalty),
                            f"{arith}: -{fmt(po.fail_penalty)}", (composite_words(ms.composite),)))
    return out


def p8_target_bonus(ctx: Context) -> list[Line]:
    """P8: (002 第十二条 「销售顾问完成月度销售任务,公司将给予一定的奖金奖励」): payout.target_bonus to whoever
    reached their month's target."""
    bonus = ctx.policy.payout.target_bonus
    if bonus is None:
        return []
    return [Line(sid, "target-bonus", _("reached the month's target"), Decimal(bonus),
                 _("credited {sales} >= target {target}: {bonus}").format(sales=fmt(pm.sales), target=fmt(pm.target), bonus=fmt(bonus)),
                 (credited_words(pm.sales), target_words(pm.target)))
            for sid, pm in ctx.people.items() if pm.has_target and pm.target > 0 and pm.sales >= pm.target]


def p8_promotion(ctx: Context) -> list[Line]:
    """P8: flagged for promotion: graded at least payout.promotion_grade payout.promotion_months months
    running (002 晋升主管), and/or ranked payout.promotion_rank or better in the department with that
    grade (003 「優先考慮績效考核成績排名靠前的員工」); each test that is set must hold."""
    po = ctx.policy.payout
    if po.promotion_months is None and po.promotion_rank is None:
        return []
    out = []
    for sid in sorted(ctx.people):
        ms = ctx.scores.get(sid)
        if ms is None or not at_least(ms.grade, po.promotion_grade):
            continue
        why = []
        if po.promotion_months is not None:
            run = run_back(ctx.month, lambda m: at_least(_grades(ctx.records, m).get(sid), po.promotion_grade),
                           floor_month(ctx.records))
            if len(run) < po.promotion_months:
                continue
            why.append(_("{grade} or better {n} months running ({first} to {last}) >= {months}").format(
                grade=po.promotion_grade, n=len(run), first=run[0], last=run[-1], months=po.promotion_months))
        if po.promotion_rank is not None:
            if ms.dept_rank is None or ms.dept_rank > po.promotion_rank:
                continue
            why.append(_("rank {rank} in {department} <= {limit}, graded {grade}").format(
                rank=ms.dept_rank, department=ms.person.department, limit=po.promotion_rank, grade=ms.grade))
        out.append(Line(sid, "promotion", _("consider for promotion"), arithmetic="; ".join(why),
                        evidence=(composite_words(ms.composite),)))
    return out


def p8_training_subsidy(ctx: Context) -> list[Line]:
    """P8: (003 「對于積極參加培訓且培訓效果良好的員工,給予一定的培訓補貼」): payout.training_subsidy to
    whoever attended at least training_subsidy_attended sessions with a score of at least
    training_subsidy_score in the month."""
    po = ctx.policy.payout
    if po.training_subsidy is None:
        return []
    out = []
    for sid, pm in ctx.people.items():
        went, score = pm.get("training_attended") or 0, pm.get("training_score")
        if went >= po.training_subsidy_attended and score is not None and score >= po.training_subsidy_score:
            out.append(Line(sid, "training-subsidy", _("training subsidy: trained, and trained well"), Decimal(po.training_subsidy),
                            _("attended {n} >= {least}, score {score} >= {pass_score}: {amount}").format(
                                n=went, least=po.training_subsidy_attended, score=num(score),
                                pass_score=num(po.training_subsidy_score), amount=fmt(po.training_subsidy)),
                            tuple(dict.fromkeys(pm.evidence.get("training_attended", ()) + pm.evidence.get("training_score", ())))))
    return out


def passes_probation(staff, days: int) -> dt.date:
    """The day a recruit passes probation: joined + days."""
    return staff.joined + dt.timedelta(days=days)


def p7_referral(ctx: Context) -> list[Line]:
    """P7: (004 「建立內部推薦機制,成功推薦新成員者給予額外獎勵」): payout.referral_reward to the staff
    who recommended a recruit (referred_by), in the month the recruit passes probation (joined +
    payout.probation_days), unless the recruit left before that day."""
    po = ctx.policy.payout
    if po.referral_reward is None:
        return []
    out = []
    for s in sorted(ctx.records.staff.values(), key=lambda s: s.id):
        if not s.referred_by or s.referred_by not in ctx.people:
            continue
        day = passes_probation(s, po.probation_days)
        if ctx.start <= day <= ctx.end and (s.left is None or s.left >= day):
            out.append(Line(s.referred_by, "referral", _("recommended {staff} ({name}), who passed probation").format(staff=s.id, name=s.name), Decimal(po.referral_reward),
                            _("joined {joined} + {days} days = {day}: {amount}").format(
                                joined=s.joined, days=po.probation_days, day=day, amount=fmt(po.referral_reward)),
                            (where(ctx.records, s),)))
    return out
