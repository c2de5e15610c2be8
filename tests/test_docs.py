"""The docs that are generated from the schema stay in step with it."""
from pathlib import Path

from salesctl.schemadoc import refresh_fields

ROOT = Path(__file__).resolve().parents[1]


def test_records_md_field_tables_are_current():
    text = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    assert refresh_fields(text) == text, "docs/records.md is stale: run  python -m salesctl.schemadoc docs/records.md"


def test_policy_md_settings_table_is_current():
    text = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    assert refresh_fields(text) == text, "docs/policy.md is stale: run  python -m salesctl.schemadoc docs/policy.md"


def test_domain_md_is_the_shared_one():
    shared = ROOT.parent / "shared" / "domain.md"
    if shared.exists():  # beside the checkout in CI and on developer machines
        assert (ROOT / "docs" / "domain.md").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")
