"""The `rules` policy section: which rules of docs/domain.md run, and for whom (issue 11).

    rules:
      T2: off                         # not run: no line, no flag, no column
      P2: {channels: [inside]}        # on, for inside consultants only (002: 「内销顾问完成目标任务后」)
      P1: {within: department}        # ranking awards: who competes with whom

Every rule id of docs/domain.md may be named; an id not named is on, with its default scope
(DEFAULT_SCOPES). A rule function is named by its id (`p2_department_top` is P2), and every
engine runs only the functions whose rule is on (`rule_of`, `Policy.on`).
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from salesctl.policy.base import Section
from salesctl.schema import Channel, Role, meta

# Every rule id of docs/domain.md, in its order (tests/test_rule_ids.py holds them equal).
RULE_IDS = (
    "O1", "O2", "O3", "O4", "O5",
    "L1", "L2", "L3", "L4", "L7", "L8", "L5", "L6",
    "A1", "A2", "A3", "A7", "A8", "A4", "A5", "A6",
    "S1", "S2", "S3", "S4", "S5",
    "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10", "K11",
    "P1", "P2", "P3", "P4", "P5", "P6", "P8", "P7",
    "T1", "T2", "T3", "T4", "T6", "T5",
)
RuleId = Literal[RULE_IDS]  # type: ignore[valid-type]
Within = Literal["company", "department", "team", "channel"]


class RuleScope(Section, kw_only=True):
    enabled: Annotated[bool, meta("false: the rule is not run (the same as writing `off`).")] = True
    channels: Annotated[tuple[Channel, ...], meta("Only people of these channels (empty: every channel).")] = ()
    roles: Annotated[tuple[Role, ...], meta("Only people in these roles (empty: every role).")] = ()
    teams: Annotated[tuple[str, ...], meta("Only members of these teams, by team id (empty: every team).")] = ()
    departments: Annotated[tuple[str, ...], meta("Only people of these departments (empty: every department).")] = ()
    within: Annotated[Optional[Within], meta(
        "For a ranking (top three, department top, titles): who competes with whom, company, department, team "
        "or channel (empty: the rule's default).")] = None

    def covers(self, channel: Optional[str], role: Optional[str], team: Optional[str], department: Optional[str]) -> bool:
        """Whether a person of this channel, role, team and department is one the rule applies to."""
        return ((not self.channels or channel in self.channels) and (not self.roles or role in self.roles)
                and (not self.teams or team in self.teams) and (not self.departments or department in self.departments))

    def words(self) -> str:
        """The scope in words, for an --explain line ('' when it covers everyone)."""
        parts = [f"{name} {', '.join(v)}" for name, v in (("channels", self.channels), ("roles", self.roles),
                                                           ("teams", self.teams), ("departments", self.departments)) if v]
        return "; ".join(parts)


Switch = Union[bool, Literal["on", "off"], RuleScope]

# Competing roles of the ranking awards: the department manager, who divides the leads, does not
# compete with their own people (O1, A1); companies switch this per rule.
_RANKED = ("leader", "deputy", "member")


def default_scopes() -> dict:
    return {
        "P1": RuleScope(roles=_RANKED, within="department"),
        "P2": RuleScope(roles=_RANKED),
        "P6": RuleScope(roles=_RANKED, within="department"),
    }


def as_scope(value: Switch) -> RuleScope:
    """A rules entry (true/false, on/off or a mapping) as a RuleScope."""
    if isinstance(value, RuleScope):
        return value
    return RuleScope(enabled=value in (True, "on"))


def rule_of(fn) -> str:
    """The rule id a rule function implements, from its name: p5_attendance -> P5, k10_plan -> K10."""
    head = fn.__name__.split("_", 1)[0].upper()
    if head not in RULE_IDS:
        raise ValueError(f"rule function {fn.__name__} is not named by a rule id of docs/domain.md")
    return head
