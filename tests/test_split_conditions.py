"""The split rules' conditions and roles are registries (engines/split_conditions.py), one function each."""
import msgspec

from salesctl.engines.split_conditions import CONDITIONS, ROLE_FILLERS, given, needs_lead
from salesctl.policy.split import ROLES, When


def test_every_when_field_has_one_condition_function():
    fields = [f.name for f in msgspec.structs.fields(When)]
    assert sorted(c.field for c in CONDITIONS) == sorted(fields)
    assert len({c.field for c in CONDITIONS}) == len(CONDITIONS)


def test_every_role_the_policy_accepts_has_one_filler():
    assert tuple(ROLE_FILLERS) == ROLES


def test_kind_is_asked_first_so_a_missing_lead_is_said_right_after_it():
    assert CONDITIONS[0].field == "kinds" and not CONDITIONS[0].needs_lead


def test_an_unset_condition_is_not_given():
    assert not given(()) and not given(None)
    assert given(False) and given(("inside",))


def test_needs_lead_only_for_conditions_about_the_lead():
    assert not needs_lead(When(kinds=("new",), deposit=True))
    assert needs_lead(When(follow_up_channels=("outside",)))
    assert needs_lead(When(designated=False))
