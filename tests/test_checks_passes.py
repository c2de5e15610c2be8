"""The validation passes one by one, on small inline records: each a pure function of a Context
(the loaded records, their locations, and the git facts the frozen-month pass needs, built here)."""
from __future__ import annotations

from helpers import BASE, DEAL, git, make_repo, write_records
from salesctl import checks, closing
from salesctl.checks.context import Context
from salesctl.checks.frozen import frozen
from salesctl.checks.references import attendance, references
from salesctl.checks.rotation import rotation_state
from salesctl.checks.split import split_policy, splits
from salesctl.frozen import NOTHING_CLOSED, FrozenFile, FrozenInputs
from salesctl.gitops import frozen_inputs
from salesctl.loader import load
from salesctl.source import WorkTree



def context(tmp_path, files: dict[str, str], inputs: FrozenInputs = NOTHING_CLOSED) -> Context:
    root = write_records(tmp_path, {**BASE, **files})
    return Context.of(load(WorkTree(root)), inputs)


def shown(problems) -> list[str]:
    return sorted(str(p) for p in problems)


def test_passes_are_an_explicit_ordered_list_with_unique_names():
    assert isinstance(checks.PASSES, list)
    names = [p.__name__ for p in checks.PASSES]
    assert names == ["references", "attendance", "departments", "own_department", "splits", "split_policy", "t4_reported_to",
                     "k11_breakdown", "k9_nobody_to_flag", "k3_signers", "k2_filing", "k1_stages", "rotation_state", "frozen", "untagged"]
    assert len(set(names)) == len(names)


def test_references_points_at_a_nested_field(tmp_path):
    c = context(tmp_path, {"deals/2026-08/D-0001.yaml": DEAL.replace("taken_by: S-1", "taken_by: S-9")})
    assert shown(references(c)) == ["deals/2026-08/D-0001.yaml:6: error: payment.taken_by S-9: no such staff"]


def test_references_points_at_a_field_of_a_log_entry(tmp_path):
    lead = BASE["leads/L-0001.yaml"].replace("to: S-1", "to: S-7")
    c = context(tmp_path, {"leads/L-0001.yaml": lead})
    assert shown(references(c)) == [
        "leads/L-0001.yaml:14: error: log entry 1: to S-7: no such staff",
        "leads/L-0001.yaml:8: warning: owner S-1 differs from the last ownership log entry (S-7)",
    ]


def test_attendance_absent_and_on_leave(tmp_path):
    c = context(tmp_path, {"attendance/2026-08/S-1.yaml": "- date: 2026-08-03\n  late_minutes: 5\n"
                                                             "- date: 2026-08-04\n  absent: full\n  leave: annual\n"})
    assert shown(attendance(c)) == ["attendance/2026-08/S-1.yaml:4: error: a day cannot be both absent and on leave"]


def test_splits_a_deal_no_rule_can_credit(tmp_path):
    c = context(tmp_path, {"deals/2026-08/D-0001.yaml": DEAL.replace("payment: {date: 2026-08-10, taken_by: S-1}\n", "")})
    got = shown(splits(c))
    assert len(got) == 1 and got[0].startswith("deals/2026-08/D-0001.yaml:1: error: no split rule can credit deal D-0001")


def test_split_policy_names_the_rule_line(tmp_path):
    policy = "split:\n  rules:\n    - rule: S1\n      name: own\n      shares: [{to: nobody, share: 100}]\n"
    c = context(tmp_path, {"salesctl.yaml": policy})
    problems = list(split_policy(c))
    assert [(p.path, p.line, p.rule) for p in problems] == [("salesctl.yaml", 3, "S5")]
    assert "share to 'nobody'" in problems[0].message


def test_rotation_state_unknown_team_and_staff(tmp_path):
    state = "teams:\n  T-1:\n    queue: [S-1, S-8]\n  T-5:\n    queue: []\n"
    c = context(tmp_path, {"state/rotation.yaml": state})
    assert shown(rotation_state(c)) == [
        "state/rotation.yaml:3: warning: teams.T-1.queue: no staff S-8 (dropped at the next assign)",
        "state/rotation.yaml:4: warning: teams.T-5: no such team",
    ]


def test_frozen_with_inputs_built_in_the_test(tmp_path):
    changed = DEAL.replace("3680", "3000")
    c0 = context(tmp_path, {"deals/2026-08/D-0001.yaml": changed})
    inputs = FrozenInputs({"2026-08": "close/2026-08"}, (
        FrozenFile("2026-08", "close/2026-08", "deals/2026-08/D-0001.yaml", DEAL.encode(), changed.encode()),
        FrozenFile("2026-08", "close/2026-08", "deals/2026-08/D-0002.yaml", DEAL.replace("D-0001", "D-0002").encode(), None),
    ))
    c = Context(c0.records, c0.files, c0.locations, inputs)
    problems = sorted(frozen(c))
    assert [(p.path, p.line, p.code, p.subject) for p in problems] == [
        ("deals/2026-08/D-0001.yaml", 4, "frozen", "2026-08"), ("deals/2026-08/D-0002.yaml", 0, "frozen", "2026-08")]
    assert "deal D-0001 was changed in closed month 2026-08 (tag close/2026-08)" in problems[0].message
    assert "deal D-0002 was removed from closed month 2026-08" in problems[1].message


def test_frozen_a_staff_file_counts_only_through_the_months_target(tmp_path):
    c0 = context(tmp_path, {})
    now = (tmp_path / "staff/S-1.yaml").read_bytes()

    def problems(old: bytes):
        inputs = FrozenInputs({"2026-08": "close/2026-08"}, (FrozenFile("2026-08", "close/2026-08", "staff/S-1.yaml", old, now),))
        return list(frozen(Context(c0.records, c0.files, c0.locations, inputs)))

    assert problems(now.replace("王芳".encode(), "王方".encode())) == []  # the name is no month's
    got = problems(now.replace(b"50000", b"40000"))
    assert [(p.path, p.line, p.subject) for p in got] == [("staff/S-1.yaml", 7, "2026-08")]
    assert got[0].message.startswith("the 2026-08 target of staff S-1 was changed in closed month 2026-08")


def test_nothing_closed_nothing_frozen(tmp_path):
    assert list(frozen(context(tmp_path, {}))) == []


def test_frozen_inputs_from_a_real_repository(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE, "deals/2026-08/D-0001.yaml": DEAL})
    git(root, "tag", "-a", "-m", "close", "close/2026-08")
    (root / "deals/2026-08/D-0001.yaml").write_text(DEAL.replace("3680", "3000"), encoding="utf-8")
    (root / "staff/S-3.yaml").write_bytes((root / "staff/S-3.yaml").read_bytes())  # touched, not changed
    got = closing.frozen_inputs(WorkTree(root))
    assert got.closed == {"2026-08": "close/2026-08"}
    assert [(f.month, f.tag, f.path) for f in got.files] == [("2026-08", "close/2026-08", "deals/2026-08/D-0001.yaml")]
    assert got.files[0].old == DEAL.encode() and b"3000" in got.files[0].new
    problems = checks.run(load(WorkTree(root)), got)
    assert [(p.path, p.line, p.code) for p in problems] == [("deals/2026-08/D-0001.yaml", 4, "frozen")]


def test_frozen_inputs_outside_git_is_nothing(tmp_path):
    root = write_records(tmp_path, BASE)
    assert frozen_inputs(WorkTree(root), closing.closed_periods, closing.frozen_paths) == NOTHING_CLOSED


def test_locations_field_map_of_a_record_and_of_a_log_entry(tmp_path):
    c = context(tmp_path, {"deals/2026-08/D-0001.yaml": DEAL,
                           "visits/2026-08/S-1.yaml": "- id: V-1\n  lead: L-0001\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n"
                                                      "- id: V-2\n  lead: L-0001\n  at: 2026-08-05T10:00:00+08:00\n  kind: call\n"})
    loc = c.locations
    deal = c.records.deals["D-0001"]
    assert loc.of(deal) == ("deals/2026-08/D-0001.yaml", 1, -1)
    assert loc.fields(deal)[("payment", "taken_by")] == 6
    assert loc.line(deal, "payment", "nothing") == ("deals/2026-08/D-0001.yaml", 6)  # nearest parent
    v2 = c.records.visits[1]
    assert loc.of(v2) == ("visits/2026-08/S-1.yaml", 5, 1)
    assert loc.fields(v2)[("kind",)] == 8
    lead = c.records.leads["L-0001"]
    assert loc.fields(lead)[("log", 0, "to")] == 14
    assert loc.line(lead) == ("leads/L-0001.yaml", 1)
