"""The `review` policy section: the review cycle (K1, K2, K3) — its stages, which must be done
before a review's ratings count, whose ratings count, the objection window of the posted result,
when each stage is owed, who files, and which periods are reviewed.

    review:
      stages: [self, leader, posted, filed]      # 001: 自评表, 评价表, 公示, 人力资源部门审核备案
      required: [self, leader, posted, filed]    # the bonus only after filing (K2)
      objection_days: 3
      due_days: {self: 5, leader: 10, posted: 15, filed: 20}
      hr: 人力资源部
      periods: [quarter, year]

A review's stages are done when `signed.<stage>` names who gave them (a rating stage also by its
rating; the interview by the review's interview); see salesctl/domain/reviews.py and docs/reviews.md.
"""
import typing
from typing import Annotated, Literal

from salesctl.policy.base import Section
from salesctl.schema import RATING_STAGES, Stage, meta
from salesctl.i18n import _

PeriodKind = Literal["month", "quarter", "year"]
STAGES: tuple[str, ...] = typing.get_args(Stage)   # self, leader, manager, interview, posted, filed: cycle order


class Review(Section, kw_only=True):
    stages: Annotated[tuple[Stage, ...], meta(
        "The stages of the review cycle, in order, from self (自评), leader (组长), manager (部门经理), interview "
        "(绩效面谈), posted (公示) and filed (HR 审核备案). `review status` reports those missing.", "K1, K2, K3")] = ("self", "leader")
    by_period: Annotated[dict[PeriodKind, tuple[Stage, ...]], meta(
        "The stages of one kind of period when they differ from `stages`, e.g. 000: months by the leader, the year "
        "with HR: {year: [leader, filed]}. `required` counts only the stages the period has.", "K1")] = {}
    required: Annotated[tuple[Stage, ...], meta(
        "Stages that must be done before a review's ratings count in scores (empty: every review counts as it is). "
        "A review missing one contributes no rating, and `score --explain` says which stage is missing.", "K2, K3")] = ()
    counted: Annotated[tuple[Literal[RATING_STAGES], ...], meta(  # type: ignore[valid-type]
        "Rating stages whose ratings feed the rating indicator (self, leader, manager). With leader and manager both "
        "counted, score.ratings.leader_weight applies to their mean (003 上級評價).", "K3")] = RATING_STAGES
    objection_days: Annotated[int, meta(
        "Days the posted result (公示) stays open for objections: posted completes only when they have passed with no "
        "open objection; filing before then, or with an objection open, is a check warning.", "K2", ge=0, le=36500)] = 3
    due_days: Annotated[dict[Stage, int], meta(
        "Days after the end of the period by which each stage is owed (003 「次月上旬」: 10), for `review status` "
        "reminders; a stage not listed is owed by the period's end.", "K1, K2, K3")] = {}
    hr: Annotated[str, meta("Who files reviews (审核备案): a staff id, or a name such as 人力资源部.", "K1, K2, K3")] = "人力资源部"
    periods: Annotated[tuple[PeriodKind, ...], meta(
        "Which periods are reviewed: month, quarter, year (`review status` lists people only for these).", "K1, K2, K3")] = ("month",)

    def stages_of(self, kind: str) -> tuple[str, ...]:
        """The stages of a period of this kind (month, quarter, year), in cycle order."""
        return tuple(self.by_period.get(kind, self.stages))

    def __post_init__(self):
        every = set(self.stages).union(*self.by_period.values())
        extra = [s for s in self.required if s not in every]
        if extra:
            raise ValueError(_("review.required names stage(s) not in review.stages: {value}").format(value=', '.join(extra)))
        for kind, stages in self.by_period.items():
            if len(set(stages)) != len(stages):
                raise ValueError(_("review.by_period.{kind} names a stage twice").format(kind=kind))
        if len(set(self.stages)) != len(self.stages):
            raise ValueError(_("review.stages names a stage twice"))
        if any(d < 0 for d in self.due_days.values()):
            raise ValueError(_("review.due_days must be zero or more"))
