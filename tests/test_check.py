"""`salesctl check`: a failing fixture for every kind of problem of issue 3 item 4.

Each case is BASE (a small organisation that passes check) plus one or two files written
inline, and the exact lines `check` prints: `path:line: level: message`, the path relative to
the records folder. A problem about a whole file (its place, its encoding) names line 1, or the line
of the first byte that is not UTF-8.
"""
from __future__ import annotations

import json
import textwrap

import pytest

from helpers import BASE, DEAL, run, write_records


LEFT = """\
id: S-4
name: 赵六
team: T-1
channel: inside
joined: 2025-01-01
status: left
left: 2026-07-31
"""


def lead(lid: str, extra: str = "") -> str:
    return f"id: {lid}\nname: 客户\nsource: web\ncreated: 2026-08-03T10:15:00+08:00\n{extra}"


def staff(extra: str = "", sid: str = "S-4") -> str:
    return f"id: {sid}\nname: 赵六\nteam: T-1\nchannel: inside\njoined: 2025-01-01\n{extra}"


def check(tmp_path, files: dict[str, str], *args: str, base: bool = True):
    root = write_records(tmp_path / "records", {**(BASE if base else {}), **files})
    result = run("check", *args, records=root)
    return result


CASES = [
    # -- YAML itself ------------------------------------------------------------------
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: 赵六\nchannel: inside\njoined: 2025-01-01\n  team: T-1\n"},
        ["staff/S-4.yaml:5: error: YAML syntax error: mapping values are not allowed in this context"],
        id="yaml-syntax-error"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname 赵六\nteam: T-1\nchannel: inside\njoined: 2025-01-01\n"},
        ["staff/S-4.yaml:2: error: YAML syntax error: simple key expect ':'"],
        id="yaml-missing-colon"),
    pytest.param(
        {"staff/S-4.yaml": staff("weight 2\n\n# 结束\n")},
        ["staff/S-4.yaml:6: error: YAML syntax error: simple key expect ':'"],
        id="yaml-missing-colon-on-the-last-line"),
    pytest.param(
        {"staff/S-4.yaml": 'id: S-4\nname: "赵六\nteam: T-1\nchannel: inside\njoined: 2025-01-01\n'},
        ["staff/S-4.yaml:2: error: YAML syntax error: invalid indentation in multiline quoted scalar"],
        id="yaml-unclosed-quote"),
    pytest.param(
        {"staff/S-4.yaml": staff("notes: '还没写完\n")},
        ["staff/S-4.yaml:6: error: YAML syntax error: invalid indentation in multiline quoted scalar"],
        id="yaml-unclosed-quote-on-the-last-line"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: 赵六\n\tteam: T-1\nchannel: inside\njoined: 2025-01-01\n"},
        ["staff/S-4.yaml:3: error: YAML syntax error: while scanning a plain scalar, found a tab"],
        id="yaml-tab-indent"),
    pytest.param(
        {"staff/S-4.yaml": staff("shifts: {mon: early\n\nnotes: 老员工\nweight: 1\n")},
        ["staff/S-4.yaml:6: error: YAML syntax error: unclosed bracket '{'"],
        id="yaml-unclosed-brace"),
    pytest.param(
        {"staff/S-4.yaml": staff("shifts: {mon: early}}\n")},
        ["staff/S-4.yaml:6: error: YAML syntax error: misplaced bracket"],
        id="yaml-extra-brace"),
    pytest.param(
        {"staff/S-4.yaml": "---\n" + staff("---\nid: S-5\n")},
        ["staff/S-4.yaml:7: error: a second YAML document starts here ('---'); a records file holds one"],
        id="two-yaml-documents"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "- id: V-1\n  lead: L-0001\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n---\n"},
        ["visits/2026-08/S-1.yaml:5: error: a second YAML document starts here ('---'); a records file holds one"],
        id="a-document-marker-after-a-log"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "---\n# 王芳\n- id: V-1\n  lead: L-0001\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n"},
        [],
        id="a-document-marker-at-the-top-is-fine"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: [王芳\nchannel: inside\n"},
        ["staff/S-4.yaml:2: error: YAML syntax error: unclosed bracket '['"],  # where it opened, not where the text ran on
        id="yaml-unclosed-flow-list"),
    pytest.param(
        {"staff/S-4.yaml": staff("name: 赵六六\n")},
        ["staff/S-4.yaml:6: error: duplicate key 'name'"],
        id="duplicate-key"),
    pytest.param(
        {"staff/S-4.yaml": staff("targets:\n  2026-08: 50000\n  2026-08: 60000\n")},
        ["staff/S-4.yaml:8: error: duplicate key '2026-08'"],
        id="duplicate-nested-key"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: !!python/object:os.system ls\nchannel: inside\njoined: 2025-01-01\n"},
        ["staff/S-4.yaml:2: error: YAML tags (!...) are not allowed in records"],
        id="python-tag"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: 赵六\nchannel: !foo inside\njoined: 2025-01-01\n"},
        ["staff/S-4.yaml:3: error: YAML tags (!...) are not allowed in records"],
        id="custom-tag"),
    pytest.param(
        {"staff/S-4.yaml": staff("notes: 好!不错 # see !foo\n")},
        [],
        id="exclamation-mark-in-text-is-no-tag"),
    pytest.param(
        {"staff/S-4.yaml": b"id: S-4\nname: \xcd\xf5\xb7\xbc\nchannel: inside\njoined: 2025-01-01\n"},  # 王芳 in GBK
        ["staff/S-4.yaml:2: error: not UTF-8 text (byte 14); save the file as UTF-8"],
        id="not-utf8"),
    pytest.param(
        {"staff/S-4.yaml": ""},
        ["staff/S-4.yaml:1: error: a staff file is a mapping of fields (key: value lines)"],
        id="empty-file"),
    pytest.param(
        {"staff/S-4.yaml": "# 还没写\n"},
        ["staff/S-4.yaml:1: error: a staff file is a mapping of fields (key: value lines)"],
        id="only-a-comment"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "id: V-1\nlead: L-0001\n"},
        ["visits/2026-08/S-1.yaml:1: error: a visit file is a list of entries, each starting with '- '"],
        id="log-file-not-a-list"),
    # -- fields -----------------------------------------------------------------------------
    pytest.param(
        {"staff/S-4.yaml": staff("chanel: outside\n")},
        ["staff/S-4.yaml:6: error: unknown field chanel (did you mean channel?)"],
        id="unknown-field"),
    pytest.param(
        {"staff/S-4.yaml": staff("leave:\n  - start: 2026-09-01\n    end: 2026-09-05\n    whyy: 年假\n")},
        ["staff/S-4.yaml:9: error: unknown field leave[1].whyy (did you mean why?)"],
        id="unknown-nested-field"),
    pytest.param(
        {"staff/S-4.yaml": staff("favourite_colour: red\n")},
        ["staff/S-4.yaml:6: error: unknown field favourite_colour"],
        id="unknown-field-nothing-close"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: 赵六\nteam: T-1\njoined: 2025-01-01\n"},
        ["staff/S-4.yaml:1: error: missing required field channel"],
        id="missing-required-field"),
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL + "deposit: {amount: 500, date: 2026-08-01}\n"},
        ["deals/2026-08/D-0001.yaml:7: error: missing required field deposit.taken_by"],
        id="missing-nested-field"),
    pytest.param(
        {"staff/S-4.yaml": staff("weight: heavy\n")},
        ["staff/S-4.yaml:6: error: weight: expected a number, got text"],
        id="wrong-type"),
    pytest.param(
        {"staff/S-4.yaml": staff("leave: 年假\n")},
        ["staff/S-4.yaml:6: error: leave: expected a list, got text"],
        id="wrong-type-list"),
    pytest.param(
        {"staff/S-4.yaml": staff("role: boss\n")},
        ["staff/S-4.yaml:6: error: role: 'boss' is not one of manager, leader, deputy, member"],
        id="not-one-of"),
    pytest.param(
        {"staff/S-4.yaml": staff("weight: 0\n")},
        ["staff/S-4.yaml:6: error: weight: expected a number > 0.0"],
        id="out-of-range"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "- id: V-1\n  lead: L-0001\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n  rating: 6\n"},
        ["visits/2026-08/S-1.yaml:5: error: rating: expected a whole number <= 5"],
        id="rating-out-of-range"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: 赵六\nchannel: inside\njoined: 2026-02-30\n"},
        ["staff/S-4.yaml:4: error: joined: not a date (write YYYY-MM-DD)"],
        id="bad-date-feb-30"),
    pytest.param(
        {"staff/S-4.yaml": "id: S-4\nname: 赵六\nchannel: inside\njoined: 2026-13-01\n"},
        ["staff/S-4.yaml:4: error: joined: not a date (write YYYY-MM-DD)"],
        id="bad-date-month-13"),
    pytest.param(
        {"leads/L-0002.yaml": "id: L-0002\nname: 客户\nsource: web\ncreated: 2026-02-30T10:00:00+08:00\n"},
        ["leads/L-0002.yaml:4: error: created: not a date and time (write 2026-08-01T10:00:00+08:00)"],
        id="bad-datetime"),
    pytest.param(
        {"leads/L-0002.yaml": "id: L-0002\nname: 客户\nsource: web\ncreated: 2026-08-03T10:15:00\n"},
        ["leads/L-0002.yaml:4: error: created: expected a date and time with a timezone, e.g. 2026-08-01T10:00:00+08:00"],
        id="naive-datetime"),
    pytest.param(
        {"leads/L-0002.yaml": lead("L-0002", "log:\n  - when: 2026-08-03T10:15:00\n    by: S-1\n    to: S-1\n")},
        ["leads/L-0002.yaml:6: error: log[1].when: expected a date and time with a timezone, e.g. 2026-08-01T10:00:00+08:00"],
        id="naive-datetime-nested"),
    # -- ids --------------------------------------------------------------------------------
    pytest.param(
        {"leads/2026/L-0001.yaml": lead("L-0001")},
        ["leads/L-0001.yaml:1: error: duplicate lead id L-0001 (first at leads/2026/L-0001.yaml:1)"],
        id="duplicate-id-across-files"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "- id: V-1\n  lead: L-0001\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n",
         "visits/2026-08/S-2.yaml": ("- id: V-2\n  lead: L-0001\n  at: 2026-08-04T11:00:00+08:00\n  kind: call\n"
                                     "- id: V-1\n  lead: L-0001\n  at: 2026-08-05T10:00:00+08:00\n  kind: visit\n")},
        ["visits/2026-08/S-2.yaml:5: error: duplicate visit id V-1 (first at visits/2026-08/S-1.yaml:1)"],
        id="duplicate-visit-id-two-people"),
    pytest.param(
        {"activity/2026-08/S-1.yaml": "- date: 2026-08-03\n  calls: 50\n- date: 2026-08-03\n  calls: 60\n"},
        ["activity/2026-08/S-1.yaml:3: error: duplicate activity date 2026-08-03 (first at activity/2026-08/S-1.yaml:1)"],
        id="duplicate-activity-day"),
    pytest.param(
        {"leads/L-0003.yaml": lead("L-0002")},
        ["leads/L-0003.yaml:1: error: file name L-0003.yaml does not match id L-0002"],
        id="file-name-not-id"),
    pytest.param(
        {"deals/2026-09/D-0001.yaml": DEAL},
        ["deals/2026-09/D-0001.yaml:5: error: deal signed 2026-08-10 belongs in deals/2026-08/, not deals/2026-09/"],
        id="deal-in-wrong-month"),
    pytest.param(
        {"deals/D-0001.yaml": DEAL},
        ["deals/D-0001.yaml:1: error: deal files live in deals/<YYYY-MM>/<id>.yaml"],
        id="deal-outside-month-folder"),
    pytest.param(
        {"attendance/2026-08/S-1.yaml": "- date: 2026-08-03\n  late_minutes: 5\n- date: 2026-09-01\n  absent: full\n"},
        ["attendance/2026-08/S-1.yaml:3: error: attendance of 2026-09-01 is not in the file's month 2026-08"],
        id="log-entry-outside-month"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "- id: V-1\n  lead: L-0001\n  at: 2026-09-04T10:00:00+08:00\n  kind: call\n"},
        ["visits/2026-08/S-1.yaml:1: error: visit of 2026-09-04T10:00:00+08:00 is not in the file's month 2026-08"],
        id="visit-outside-month"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "- id: V-1\n  staff: S-2\n  lead: L-0001\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n"},
        ["visits/2026-08/S-1.yaml:2: error: entry says staff S-2 but the file belongs to S-1"],
        id="log-entry-of-someone-else"),
    pytest.param(
        {"staff/x/S-4.yaml": staff()},
        ["staff/x/S-4.yaml:1: error: staff files live in staff/<id>.yaml"],
        id="staff-in-sub-folder"),
    pytest.param(
        {"leads/x/y/L-0002.yaml": lead("L-0002")},
        ["leads/x/y/L-0002.yaml:1: error: lead files live in leads/<id>.yaml or leads/<YYYY>/<id>.yaml"],
        id="lead-too-deep"),
    pytest.param(
        {"staff/S-4.yaml": staff("notes: 老员工\n").encode("utf-8") + "备注: 王芳\n".encode("gbk")},
        ["staff/S-4.yaml:7: error: not UTF-8 text (byte 83); save the file as UTF-8"],
        id="not-utf8-on-a-later-line"),
    pytest.param(
        {"misc/notes.yaml": "a: 1\n"},
        ["misc/notes.yaml:1: warning: not a records file (known folders: activity, attendance, deals, departments, events, leads, "
         "plans, reviews, staff, teams, trainings, visits); ignored"],
        id="unknown-folder-warning"),
    # -- references -------------------------------------------------------------------------
    pytest.param(
        {"leads/L-0002.yaml": lead("L-0002", "team: T-9\nowner: S-9\nreferred_by: L-9\n"),
         "staff/S-4.yaml": "id: S-4\nname: 赵六\nteam: T-7\nchannel: inside\njoined: 2025-01-01\n"},
        ["leads/L-0002.yaml:5: error: team T-9: no such team",
         "leads/L-0002.yaml:6: error: owner S-9: no such staff",
         "leads/L-0002.yaml:7: error: referred_by L-9: no such lead",
         "staff/S-4.yaml:3: error: team T-7: no such team"],
        id="missing-staff-team-lead"),
    pytest.param(
        {"visits/2026-08/S-1.yaml": "- id: V-1\n  lead: L-0404\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n"},
        ["visits/2026-08/S-1.yaml:2: error: lead L-0404: no such lead"],
        id="visit-of-missing-lead"),
    pytest.param(
        {"attendance/2026-08/S-9.yaml": "- date: 2026-08-03\n  late_minutes: 5\n"},
        ["attendance/2026-08/S-9.yaml:1: error: no staff S-9 (the file name names the person)"],
        id="log-of-missing-staff"),
    pytest.param(
        {"staff/S-4.yaml": LEFT, "leads/L-0002.yaml": lead("L-0002", "owner: S-4\nstatus: contacted\n")},
        ["leads/L-0002.yaml:5: error: owner S-4 (赵六) has left; return the lead to the pool "
         "(salesctl reclaim) or give it to someone"],
        id="owner-has-left"),
    pytest.param(
        {"staff/S-4.yaml": LEFT, "leads/L-0002.yaml": lead("L-0002", "owner: S-4\nstatus: won\n")},
        [],
        id="closed-lead-of-someone-who-left-is-fine"),
    pytest.param(
        {"teams/T-2.yaml": "id: T-2\nname: 会籍二组\nleader: S-2\n"},
        ["teams/T-2.yaml:3: error: team leader S-2 (李雷) is not a member of team T-2 (their team is T-1)"],
        id="leader-not-in-team"),
    pytest.param(
        {"staff/S-4.yaml": LEFT, "teams/T-1.yaml": textwrap.dedent(BASE["teams/T-1.yaml"]).lstrip() + "deputy: S-4\n"},
        ["teams/T-1.yaml:6: warning: team deputy S-4 (赵六) has left"],
        id="deputy-has-left-warning"),
    pytest.param(
        {"staff/S-4.yaml": staff("status: left\n")},
        ["staff/S-4.yaml:6: error: status is left but no left date is given"],
        id="left-without-date"),
    # -- money ------------------------------------------------------------------------------
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL.replace("3680", "3680.005")},
        ["deals/2026-08/D-0001.yaml:4: error: amount: 3680.005 has more than two decimal places"],
        id="money-three-decimals"),
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL.replace("3680", "abc")},
        ["deals/2026-08/D-0001.yaml:4: error: amount: expected an amount of money such as 3680 or 3680.50, got 'abc'"],
        id="money-not-a-number"),
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL.replace("3680", "-3680")},
        ["deals/2026-08/D-0001.yaml:4: error: amount -3680.00 is negative; only an adjustment deal may be "
         "negative (a refund gives the refunded amount as a positive number)"],
        id="negative-amount"),
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL + "deposit: {amount: -500, date: 2026-08-01, taken_by: S-1}\n"},
        ["deals/2026-08/D-0001.yaml:7: error: deposit amount is negative"],
        id="negative-deposit"),
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL.replace("3680", "-100").replace("kind: new", "") + "kind: adjustment\n"},
        [],
        id="negative-adjustment-is-fine"),
    pytest.param(
        {"deals/2026-08/D-0001.yaml": DEAL + "credit:\n  by: S-1\n  why: 两人协商\n  shares:\n"
                                             "    - {staff: S-1, share: 60}\n    - {staff: S-2, share: 30}\n"},
        ["deals/2026-08/D-0001.yaml:10: error: credit override shares add up to 90%, not 100%"],
        id="credit-shares-not-100"),
    pytest.param(
        {"staff/S-4.yaml": LEFT,
         "deals/2026-08/D-0001.yaml": DEAL + "credit:\n  by: S-1\n  why: 两人协商\n  shares:\n"
                                             "    - {staff: S-1, share: 60}\n    - {staff: S-4, share: 40}\n"},
        ["deals/2026-08/D-0001.yaml:12: error: credit override names S-4 (赵六), who left on 2026-07-31, "
         "before the deal was signed on 2026-08-10"],
        id="credit-to-someone-who-left"),
    # -- policy -----------------------------------------------------------------------------
    pytest.param(
        {"salesctl.yaml": "general:\n  timezone: Asia/Shanghai\n  currancy: CNY\n"},
        ["salesctl.yaml:3: error: unknown field general.currancy (did you mean currency?)"],
        id="unknown-policy-setting"),
    pytest.param(
        {"salesctl.yaml": "reclaim:\n  idle_days: lots\n"},
        ["salesctl.yaml:2: error: reclaim.idle_days: expected a whole number, got text"],
        id="bad-policy-value"),
    pytest.param(
        {"salesctl.yaml": "reclaim:\n  idle_days: 0\n"},
        ["salesctl.yaml:2: error: reclaim.idle_days: expected a whole number >= 1"],
        id="policy-value-out-of-range"),
    pytest.param(
        {"salesctl.yaml": "- reclaim\n"},
        ["salesctl.yaml:1: error: the policy must be a mapping of settings"],
        id="policy-not-a-mapping"),
    pytest.param(
        {"salesctl.yaml": "# all defaults\n"},
        [],
        id="empty-policy-takes-defaults"),
]


def test_base_passes_check(tmp_path):
    """The fixtures below add one problem each to BASE, so BASE itself must be clean."""
    result = check(tmp_path, {})
    assert result.stdout == ""
    assert result.exit_code == 0


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_problem(tmp_path, files, expected):
    root = tmp_path / "records"
    write_records(root, {**BASE, **{p: t for p, t in files.items() if isinstance(t, str)}})
    for p, data in files.items():
        if isinstance(data, bytes):
            (root / p).parent.mkdir(parents=True, exist_ok=True)
            (root / p).write_bytes(data)
    result = run("check", records=root)
    assert result.stdout.splitlines() == expected
    errors = any(": error: " in line for line in expected)
    assert result.exit_code == (1 if errors else 0), result.stderr


def test_reports_every_problem_in_a_file_and_across_files(tmp_path):
    result = check(tmp_path, {
        "staff/S-4.yaml": "id: S-4\nname: 赵六\nchanel: inside\njoined: 2026-02-30\nweight: heavy\nrole: boss\n",
        "leads/L-0001.yaml": "id: L-0001\nname: 张三\nsource: web\ncreated: 2026-08-03T10:15:00\n",
        "teams/T-2.yaml": "id: T-2\nname: 二组\nleader: S-9\n",
        "misc/x.yaml": "a: 1\n",
    })
    assert result.stdout.splitlines() == [
        "leads/L-0001.yaml:4: error: created: expected a date and time with a timezone, e.g. 2026-08-01T10:00:00+08:00",
        "misc/x.yaml:1: warning: not a records file (known folders: activity, attendance, deals, departments, events, leads, plans, reviews, "
        "staff, teams, trainings, visits); ignored",
        "staff/S-4.yaml:1: error: missing required field channel",
        "staff/S-4.yaml:3: error: unknown field chanel (did you mean channel?)",
        "staff/S-4.yaml:4: error: joined: not a date (write YYYY-MM-DD)",
        "staff/S-4.yaml:5: error: weight: expected a number, got text",
        "staff/S-4.yaml:6: error: role: 'boss' is not one of manager, leader, deputy, member",
        "teams/T-2.yaml:3: error: leader S-9: no such staff",
    ]
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("7 error(s), 1 warning(s)")


def test_a_syntax_error_in_one_file_does_not_hide_others(tmp_path):
    """The acceptance case: a duplicated lead id and a YAML syntax error in a staff file."""
    result = check(tmp_path, {
        "leads/2026/L-0001.yaml": lead("L-0001"),
        "staff/S-2.yaml": "id: S-2\nname: 李雷\nteam: T-1\n channel: inside\n",
    })
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "leads/L-0001.yaml:1: error: duplicate lead id L-0001 (first at leads/2026/L-0001.yaml:1)" in lines
    assert any(line.startswith("staff/S-2.yaml:4: error: YAML syntax error") for line in lines), lines


@pytest.mark.parametrize(("name", "text"), [
    ("leads/L-0009.yaml", None),                         # a copy of L-0001's file, id left as it was
    ("leads/L-0002.yaml", lead("L-0001")),                # another lead's id typed over this one's
])
def test_a_duplicated_lead_id_is_named_as_such_whatever_the_file_name(tmp_path, name, text):
    """The acceptance case as a user makes it: copy a lead file, or change an id to one in use.
    The file name no longer matches, and the id is in use: both are said, with file and line."""
    root = write_records(tmp_path / "records", BASE)
    (root / name).write_text(text or (root / "leads/L-0001.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", records=root)
    assert result.exit_code == 1
    line = 2 if text is None else 1  # the copy keeps L-0001's comment line
    assert result.stdout.splitlines() == [
        f"{name}:{line}: error: duplicate lead id L-0001 (first at leads/L-0001.yaml:1)",
        f"{name}:{line}: error: file name {name.rsplit('/', 1)[1]} does not match id L-0001",
    ]


def test_a_person_or_lead_whose_file_does_not_load_is_not_also_missing_everywhere(tmp_path):
    """One broken staff file in the demo brought 280 'no such staff' errors (the deals they took,
    the leads they own, their own visits and reviews) that buried the one that matters."""
    owned = "owner: S-2\nlog:\n  - {when: 2026-08-03T10:15:00+08:00, by: salesctl, to: S-2, rule: A1, why: x}\n"
    result = check(tmp_path, {
        "staff/S-2.yaml": "id: S-2\nname: 李雷\nteam: [T-1\nchannel: inside\njoined: 2025-03-01\n",
        "leads/L-0002.yaml": lead("L-0002", owned),
        "leads/L-0003.yaml": "id: L-0003\nname: 客户\nsource web\n",
        "deals/2026-08/D-0001.yaml": DEAL.replace("taken_by: S-1", "taken_by: S-2"),
        "deals/2026-08/D-0002.yaml": DEAL.replace("D-0001", "D-0002").replace("L-0001", "L-0003"),
        "visits/2026-08/S-2.yaml": "- id: V-1\n  lead: L-0003\n  at: 2026-08-04T10:00:00+08:00\n  kind: call\n",
        "reviews/2026-08/S-1.yaml": "self_rating: 80\npeers:\n  - {by: S-2, teamwork: 4}\n",
    })
    assert result.stdout.splitlines() == [
        "leads/L-0003.yaml:3: error: YAML syntax error: simple key expect ':'",
        "staff/S-2.yaml:3: error: YAML syntax error: unclosed bracket '['",
    ]
    assert result.exit_code == 1


def test_only_warnings_exit_zero_and_no_warnings_hides_them(tmp_path):
    result = check(tmp_path, {"misc/x.yaml": "a: 1\n"})
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    quiet = run("check", "--no-warnings", records=tmp_path / "records")
    assert quiet.exit_code == 0
    assert quiet.stdout == ""


def test_json_format(tmp_path):
    root = write_records(tmp_path / "records", {**BASE,
                                                "staff/S-4.yaml": staff("chanel: outside\n"),
                                                "misc/x.yaml": "a: 1\n"})
    (root / "staff/S-5.yaml").write_bytes(b"id: S-5\nname: \xcd\xf5\n")
    result = run("check", "--format", "json", records=root)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {"path": "misc/x.yaml", "line": 1, "level": "warning",
         "message": "not a records file (known folders: activity, attendance, deals, departments, events, leads, plans, reviews, staff, "
                    "teams, trainings, visits); ignored"},
        {"path": "staff/S-4.yaml", "line": 6, "level": "error",
         "message": "unknown field chanel (did you mean channel?)"},
        {"path": "staff/S-5.yaml", "line": 2, "level": "error",
         "message": "not UTF-8 text (byte 14); save the file as UTF-8"},
    ]


def test_json_format_clean_records_is_an_empty_list(tmp_path):
    result = check(tmp_path, {}, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_paths_are_relative_to_the_records_folder(tmp_path, monkeypatch):
    deep = tmp_path / "company" / "sales records"
    write_records(deep, {**BASE, "leads/2026/L-0009.yaml": lead("L-0009", "owner: S-9\n")})
    expected = ["leads/2026/L-0009.yaml:5: error: owner S-9: no such staff"]
    assert run("check", records=deep).stdout.splitlines() == expected
    monkeypatch.chdir(tmp_path / "company")
    assert run("check", records=tmp_path / "company" / "sales records" / ".." / "sales records").stdout.splitlines() == expected
    assert run("check", records=type(deep)("sales records")).stdout.splitlines() == expected
    monkeypatch.setenv("SALESCTL_RECORDS", "sales records")
    assert run("check").stdout.splitlines() == expected


def test_no_records_folder_is_a_usage_error(tmp_path):
    result = run("check", records=tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no records folder at" in result.stderr
