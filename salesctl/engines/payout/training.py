"""K9 flags: a team with fewer training sessions than limits.trainings_per_month (on its leader), and a
person expected at a required session who did not come and was not away (salesctl/engines/training.py)."""
from __future__ import annotations

from salesctl.engines.indicators.context import where
from salesctl.engines.payout.context import Context
from salesctl.engines.payout.lines import Line
from salesctl.engines.training import heads, sessions_in
from salesctl.i18n import _, ngettext


def k9_no_training(ctx: Context) -> list[Line]:
    """K9: a team short of training (004 「每月至少开展一次产品知识或销售技巧培训」): a team of the rule book with fewer than
    limits.trainings_per_month sessions for it in the month (its own, or its department's from a
    manager), flagged on its leader (the deputy when the leader was not employed that month; with
    neither, the manager of its department, who holds its training: heads). A team with nobody to flag
    is a `check` warning (salesctl/checks/training.py)."""
    need = ctx.policy.limits.trainings_per_month
    if not need:
        return []
    sessions = sessions_in(ctx.records, ctx.month)
    out = []
    for tid, team in sorted(ctx.records.teams.items()):
        if not ctx.records.in_book(team.department):
            continue
        held = [x for x in sessions if tid in x.teams]
        if len(held) >= need:
            continue
        head = next((sid for sid in heads(ctx.records, team)
                     if sid in ctx.people and ctx.people[sid].presence.employed > 0), None)
        if head is None:
            continue
        out.append(Line(head, "no-training", ngettext("team {team} ({name}) held fewer than {need} training session(s) in {month}",
                                 "team {team} ({name}) held fewer than {need} training session(s) in {month}", need).format(
                            team=tid, name=team.name, need=need, month=ctx.month),
                        arithmetic=ngettext("{n} session(s) < {need} (limits.trainings_per_month)",
                                            "{n} session(s) < {need} (limits.trainings_per_month)", len(held)).format(n=len(held), need=need),
                        evidence=tuple(where(ctx.records, x.training) for x in held)))
    return out


def k9_missed_training(ctx: Context) -> list[Line]:
    """K9: a required session missed (004 「按时参加所有安排的培训活动,不得无故缺席」): expected at a required session (invited, or a
    member of its team that day), not among its attendees, and not on leave or otherwise away that day."""
    if not ctx.policy.limits.training_missed_flag:
        return []
    out = []
    for x in sessions_in(ctx.records, ctx.month):
        t = x.training
        for sid in x.missed():
            if sid in ctx.people:
                out.append(Line(sid, "missed-training", _("missed the required training {training} on {day} ({topic})").format(training=t.id, day=t.date, topic=t.topic),
                                arithmetic=ngettext("expected, not among the {n} attendee(s), not on leave on {day}",
                                                    "expected, not among the {n} attendee(s), not on leave on {day}",
                                                    len(t.attendees)).format(n=len(t.attendees), day=t.date),
                                evidence=(where(ctx.records, t),)))
    return out
