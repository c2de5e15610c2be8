"""From a rule id in docs/domain.md to the one function that implements it, in one grep.

Every id of docs/domain.md has a function named for it (`def p4_commission`, `def s3_follow_up…`)
in the package, except the rules later issues build, listed here with the issue that builds them.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LATER = {  # rule id -> the issue that implements it (see `issues show N`)
}


# Rules that are the shape of the records, not a computation: their home is the schema's fields,
# whose descriptions cite them (salesctl schema KIND, docs/records.md).
DATA = {"O2": "Staff.channel, Staff.shifts, Staff.leave", "L3": "Lead.company (name, contact, industry, size)"}


def domain_ids() -> list[str]:
    text = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    return re.findall(r"^- ([A-Z][0-9]+) ", text, re.M)


def defined() -> set[str]:
    """Rule ids that start the name of a function anywhere in salesctl/."""
    out = set()
    for p in (ROOT / "salesctl").rglob("*.py"):
        out |= {m.upper() for m in re.findall(r"^\s*def ([a-z][0-9]+)_", p.read_text(encoding="utf-8"), re.M)}
    return out


def test_every_rule_id_lands_on_a_function_named_for_it():
    missing = [i for i in domain_ids() if i not in defined() and i not in LATER and i not in DATA]
    assert missing == [], f"no `def {missing[0].lower()}_…` in salesctl/" if missing else ""


def test_the_later_list_names_only_rules_not_built_yet():
    built = sorted(i for i in LATER if i in defined())
    assert built == [], f"{built} have functions now: take them off LATER"
    assert set(LATER) <= set(domain_ids())


def test_rules_that_are_data_are_cited_by_the_schema():
    schema = (ROOT / "salesctl" / "schema.py").read_text(encoding="utf-8")
    for rid in DATA:
        assert re.search(r"\b" + rid + r"\b", schema), f"{rid}: no field of salesctl/schema.py cites it"
