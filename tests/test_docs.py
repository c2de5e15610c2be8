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


READINGS = "## Readings salesctl implements (issue 11)"


def test_domain_md_is_the_shared_one_then_our_readings():
    """docs/domain.md starts with ../shared/domain.md byte for byte; what follows is one section of our
    own, the readings of the seeds salesctl implements (issue 11), and nothing else."""
    ours = (ROOT / "docs" / "domain.md").read_bytes()
    shared = ROOT.parent / "shared" / "domain.md"
    if shared.exists():  # beside the checkout in CI and on developer machines
        head = shared.read_bytes()
        assert ours.startswith(head), "docs/domain.md must start with ../shared/domain.md, byte for byte"
        rest = ours[len(head):].decode("utf-8")
    else:
        text = ours.decode("utf-8")
        rest = text[text.index("\n" + READINGS):]
    assert rest.startswith("\n" + READINGS + "\n"), f"after the shared text: a blank line and {READINGS!r}"
    assert [line for line in rest.splitlines() if line.startswith("#")] == [READINGS], "one section, no other heading"
