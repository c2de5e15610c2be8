"""The policy file: `salesctl schema --policy-file` holds every setting with its default and comment,
loads back to exactly the defaults, and templates/salesctl.yaml is its committed copy."""
from __future__ import annotations

import typing
from pathlib import Path

import msgspec
import yaml_rs

from helpers import run
from salesctl.loader import load_policy_text
from salesctl.policy import Policy
from salesctl.schemadoc import field_meta

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "salesctl.yaml"
REGENERATE = "salesctl schema --policy-file > templates/salesctl.yaml"


def policy_text() -> str:
    result = run("schema", "--policy-file")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def settings(struct=Policy(), prefix: tuple = ()) -> list[tuple[tuple, str, str]]:
    """Every setting (a field reached through sections), with its description and rule ids."""
    out = []
    for f in msgspec.structs.fields(type(struct)):
        path = prefix + (f.encode_name,)
        desc, rules = field_meta(type(struct), f.name)
        out.append((path, desc, rules))
        value = getattr(struct, f.name)
        if isinstance(value, msgspec.Struct):
            out.extend(settings(value, path))
    return out


def test_policy_file_loads_back_to_exactly_the_defaults():
    policy, problems = load_policy_text(policy_text())
    assert problems == []
    assert policy == Policy()


def test_every_setting_is_in_the_policy_file_with_its_comment():
    text = policy_text()
    data = yaml_rs.loads(text, parse_datetime=True)
    lines = text.splitlines()
    all_settings = settings()
    assert len(all_settings) > 20
    for path, desc, rules in all_settings:
        node = data
        for key in path:
            assert isinstance(node, dict) and key in node, f"setting {'.'.join(path)} is missing from the policy file"
            node = node[key]
        # the line of the setting, at its depth, comes right after its comment
        indent = "  " * (len(path) - 1)
        comment = f"{indent}# {desc}{f' [{rules}]' if rules else ''}"
        assert desc, f"setting {'.'.join(path)} has no description (meta(...) in salesctl/policy/)"
        assert comment in lines, f"no comment for {'.'.join(path)}: {comment!r}"
        at = lines.index(comment)
        assert lines[at + 1].startswith(f"{indent}{path[-1]}:"), (path, lines[at + 1])


def test_every_section_and_top_level_setting_is_commented_and_known():
    text = policy_text()
    data = yaml_rs.loads(text, parse_datetime=True)
    assert list(data) == [f.encode_name for f in msgspec.structs.fields(Policy)]


def test_template_is_the_committed_policy_file():
    assert TEMPLATE.is_file(), f"templates/salesctl.yaml is missing; create it with: {REGENERATE}"
    current = policy_text()
    committed = TEMPLATE.read_text(encoding="utf-8")
    assert committed == current, (
        "templates/salesctl.yaml is stale: the policy settings changed. Regenerate it with:\n"
        f"    {REGENERATE}\nand commit it.")


def test_template_loads_to_the_defaults():
    policy, problems = load_policy_text(TEMPLATE.read_text(encoding="utf-8"))
    assert problems == [] and policy == Policy()


def test_settings_helper_sees_nested_sections():
    names = {".".join(p) for p, _, _ in settings()}
    assert {"general.timezone", "reclaim.idle_days", "split.rules", "payout.top3"} <= names
    assert all(isinstance(d, str) for _, d, _ in settings())
    assert typing.get_type_hints(Policy)  # the policy's annotations resolve


def test_one_unknown_setting_is_the_only_error_of_the_policy_file():
    """The per-field pass that reports every problem once took score.items (a map of lists of
    items) for a map of items, and reported four `expected a mapping, got a list` errors
    whenever anything else in the policy was wrong."""
    text = TEMPLATE.read_text(encoding="utf-8")
    _, problems = load_policy_text(text.replace("  late_minutes: 15\n", "  late_minutes: 15\n  tardy_fee: 3\n"))
    line = text.splitlines().index("  late_minutes: 15") + 2
    assert problems == [(line, "unknown field payout.tardy_fee")]


def test_bad_items_of_a_map_of_lists_are_each_named():
    text = TEMPLATE.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("    inside:")
    assert lines[at + 2] == "        weight: 50"
    lines[at + 2] = "        weight: x"
    bad = "\n".join(lines) + "\n"
    _, problems = load_policy_text(bad.replace("    outside:\n", "    outsde:\n", 1) + "bonusx: 1\n")
    assert sorted(m for _, m in problems) == [
        "score.items.inside[1].weight: expected a number, got text",
        "score.items: 'outsde' is not one of inside, outside, telesales, outreach",
        "unknown field bonusx",
    ]
    assert (at + 3, "score.items.inside[1].weight: expected a number, got text") in problems
