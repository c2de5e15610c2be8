"""The policy: every number of domain.md, as a setting with its default.

`salesctl.yaml` at the top of the records folder holds the company's settings; a missing
setting takes its default, an unknown one is an error. Each engine owns its section, in a
module of its own beside this one. Every field has a description and the rule ids it
serves, so `salesctl init` writes a commented policy file and docs/policy.md is generated.
"""
import msgspec
from typing import Annotated

from salesctl.schema import meta
from salesctl.policy.base import Section
from salesctl.policy.general import General, Leads, ShiftDef, default_shifts
from salesctl.policy.assign import Assign, Reclaim
from salesctl.policy.split import Split
from salesctl.policy.score import Score
from salesctl.policy.review import Review
from salesctl.policy.payout import Payout, Limits
from salesctl.policy.report import Report
from salesctl.policy.rules import RuleId, RuleScope, Switch, as_scope, default_scopes


class Policy(Section, kw_only=True):
    rules: Annotated[dict[RuleId, Switch], meta(
        "Which rules run, by id of docs/domain.md: on, off, or a scope (who the rule applies to: channels, roles, "
        "teams, departments; and for a ranking, within: company, department, team or channel). A rule not named is on.",
        "all")] = msgspec.field(default_factory=default_scopes)
    general: Annotated[General, meta("Time zone, currency.")] = msgspec.field(default_factory=General)
    shifts: Annotated[dict[str, ShiftDef], meta("Shifts (班次) by name: the hours each covers.", "O2, A2, A4")] = msgspec.field(default_factory=default_shifts)
    leads: Annotated[Leads, meta("Lead sources, minimums and customer grading.", "L1, L2, L4")] = msgspec.field(default_factory=Leads)
    assign: Annotated[Assign, meta("Lead assignment.", "A1-A6")] = msgspec.field(default_factory=Assign)
    reclaim: Annotated[Reclaim, meta("The shared pool (公海).", "L6")] = msgspec.field(default_factory=Reclaim)
    split: Annotated[Split, meta("Credit for a sale.", "S1-S5")] = msgspec.field(default_factory=Split)
    score: Annotated[Score, meta("Performance scores.", "K1-K8")] = msgspec.field(default_factory=Score)
    review: Annotated[Review, meta("The review cycle: stages, which count, objection window, due days, HR.", "K1-K3")] = msgspec.field(default_factory=Review)
    payout: Annotated[Payout, meta("Rewards and penalties.", "P1-P7")] = msgspec.field(default_factory=Payout)
    limits: Annotated[Limits, meta("Time limits and minimums that raise flags.", "T1-T5, K5, K8, L1, L2")] = msgspec.field(default_factory=Limits)
    report: Annotated[Report, meta("The meeting report and the month-end summary.", "K11")] = msgspec.field(default_factory=Report)

    def on(self, rule: str) -> bool:
        """Whether the rule of this id runs."""
        return self.scope(rule).enabled

    def scope(self, rule: str) -> RuleScope:
        """Who the rule applies to (and, for a ranking, within what)."""
        value = self.rules.get(rule)
        return RuleScope() if value is None else as_scope(value)


DEFAULT = Policy()


ZONE = "timezone"   # Problem.code of an unknown business time zone: no command can run with it


def policy_problems(policy: Policy) -> list[tuple[tuple, str, str]]:
    """What a policy that converted cleanly still gets wrong, as (field path, message, code):
    the business time zone must be a known IANA zone (it is validated here, once, when the
    policy loads, so no engine meets a bad one)."""
    from salesctl.domain.calendar import zone_problem

    why = zone_problem(policy.general.timezone)
    return [(("general", "timezone"), "general.timezone: " + why, ZONE)] if why else []
