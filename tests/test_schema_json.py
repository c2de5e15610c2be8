"""The JSON Schema salesctl gives editors (`salesctl schema KIND --json`), checked with a standard
validator (the `jsonschema` package) against every demo record and the demo's policy file: what
an editor with the YAML language server would say of files salesctl itself accepts."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml_rs

from helpers import CHECKOUT, run
from salesctl.kinds import KINDS, by_folder
from salesctl.schemadoc import json_schema

RECORDS = CHECKOUT / "records"


def as_json(value):
    """A value as the YAML language server sees it: dates and times are text, numbers are numbers."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def read(path: Path):
    return as_json(yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=True))


def validator(kind: str):
    return jsonschema.Draft202012Validator(json_schema(kind), format_checker=jsonschema.FormatChecker())


def demo_files():
    folders = by_folder()
    return sorted(p for p in RECORDS.rglob("*.yaml") if p.relative_to(RECORDS).parts[0] in folders)


def test_every_demo_record_validates_against_its_kinds_schema():
    files = demo_files()
    assert len({p.relative_to(RECORDS).parts[0] for p in files}) >= 9  # the demo holds most kinds
    validators = {k: validator(k) for k in KINDS}
    for path in files:
        parts = path.relative_to(RECORDS).parts
        kind = by_folder()[parts[0]]
        data = read(path)
        month = parts[1] if len(parts) == 3 else None
        given = kind.path_values(path.stem, month)   # fields the file's name and folder give
        if kind.is_log:
            data = [{**given, **entry} for entry in data]
        else:
            data = {**given, **data}
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[kind.name].iter_errors(data)]
        assert not errors, f"{path.relative_to(CHECKOUT)}: {errors[:3]}"


def test_the_demo_policy_file_validates_against_the_policy_schema():
    data = read(RECORDS / "salesctl.yaml")
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator("policy").iter_errors(data)]
    assert not errors, errors[:3]


@pytest.mark.parametrize("amount", [5099.15, 0.1, 1799.1, 3000, "5099.15", "3000"])
def test_money_with_cents_is_valid(amount):
    # multipleOf 0.01 rejected 5099.15 (5099.15 / 0.01 = 509914.99999… in binary floating point)
    deposit = {"id": "D-1", "lead": "L-1", "kind": "new", "product": "年卡", "amount": amount, "signed": "2026-10-08"}
    v = validator("deal")
    assert not [e.message for e in v.iter_errors(deposit) if "amount" in e.absolute_path]


@pytest.mark.parametrize("amount", ["50.001", "5,099.15", "abc", True, 1e13])
def test_money_that_is_not_money_is_invalid(amount):
    deal = {"id": "D-1", "lead": "L-1", "kind": "new", "product": "年卡", "amount": amount, "signed": "2026-10-08"}
    assert [e for e in validator("deal").iter_errors(deal) if "amount" in e.absolute_path]


@pytest.mark.parametrize("target", [0, -5, "0.00"])
def test_a_target_of_zero_or_less_is_invalid(target):
    team = {"id": "T-1", "name": "会籍一组", "targets": {"2026-10": target}}
    assert [e for e in validator("team").iter_errors(team) if "targets" in e.absolute_path]


def test_schema_policy_json_is_a_json_schema_with_the_money_defaults():
    result = run("schema", "policy", "--json")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    late = [d["properties"]["late_deduction"] for d in schema["$defs"].values() if "late_deduction" in d.get("properties", {})]
    assert [p["default"] for p in late] == [50]  # Money("50"), the policy's default, as a number


def test_schema_kind_format_json_is_json_only():
    result = run("schema", "deal", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["part"] for r in rows} >= {"Deal", "Deposit", "Payment"}
    assert {"part": "Deal", "field": "amount"}.items() <= next(r for r in rows if r["field"] == "amount").items()


def test_schema_of_an_unknown_kind_is_a_usage_error_naming_the_kinds():
    result = run("schema", "goal", "--json")
    assert result.exit_code == 2
    assert "unknown kind 'goal'" in result.stderr and "lead" in result.stderr and "policy" in result.stderr


def test_schema_write_writes_one_file_per_kind_and_the_policys(tmp_path):
    result = run("schema", "--write", str(tmp_path / "s"))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(f"{k}.schema.json" for k in [*KINDS, "policy"])
    for name in [*KINDS, "policy"]:
        assert json.loads((tmp_path / "s" / f"{name}.schema.json").read_text(encoding="utf-8")) == json.loads(json.dumps(json_schema(name)))
    assert f"wrote {tmp_path / 's' / 'deal.schema.json'}" in result.stderr


def test_schema_write_refuses_a_kind_or_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    for args, said in [(("deal", "--write", str(tmp_path / "s")), "give no KIND"), (("--write", str(tmp_path / "f")), "not a folder")]:
        result = run("schema", *args)
        assert result.exit_code == 2 and said in result.stderr
    assert not (tmp_path / "s").exists() and (tmp_path / "f").read_text() == "x"


@pytest.mark.parametrize("preset", [None, "telesales"])
def test_init_commits_the_schema_files_for_editors(tmp_path, preset):
    from helpers import git

    root = tmp_path / "r"
    result = run("init", str(root), *(["--preset", preset] if preset else []))
    assert result.exit_code == 0, result.stderr
    tracked = git(root, "ls-files", ".salesctl/schema").split()
    assert sorted(tracked) == sorted(f".salesctl/schema/{k}.schema.json" for k in [*KINDS, "policy"])
    assert git(root, "status", "--porcelain") == ""
    if preset:  # its .gitignore still keeps salesctl's caches out
        (root / ".salesctl" / "cache").write_text("x")
        assert git(root, "status", "--porcelain") == ""
    policy = json.loads((root / ".salesctl/schema/policy.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(policy).iter_errors(read(root / "salesctl.yaml")))
    assert not errors, [e.message for e in errors[:3]]


FILLED = [  # kind, where the file goes, the required fields' values
    ("team", "teams/T-9.yaml", {"id": "T-9", "name": "会籍九组"}),
    ("staff", "staff/S-9.yaml", {"id": "S-9", "name": "赵六", "channel": "inside", "joined": "2026-08-01"}),
    ("deal", "deals/2026-08/D-9.yaml", {"id": "D-9", "lead": "L-0001", "amount": "5099.15", "signed": "2026-08-10",
                                        "payment": "", "date": "2026-08-10", "taken_by": "S-2"}),  # S2 credits the payment taker
    ("attendance", "attendance/2026-08/S-2.yaml", {"date": "2026-08-10"}),
]


def fill(text: str, values: dict) -> str:
    """Each field's empty line given its value; an optional part named with the value "" uncommented
    with its lines (as an admin deletes the '# ')."""
    import re

    for name in [n for n, v in values.items() if v == ""]:
        lines, inside = text.split("\n"), False
        for i, line in enumerate(lines):
            if line == f"# {name}:":
                lines[i], inside = f"{name}:", True
            elif inside and line.startswith("#   "):
                lines[i] = line[2:]
            elif inside:
                break
        text = "\n".join(lines)
    for name, value in values.items():
        if value == "":
            continue
        text, n = re.subn(rf"^(\s*){name}:[ ]*$", rf"\g<1>{name}: {value}", text, count=1, flags=re.M)
        assert n == 1, name
    return text


@pytest.mark.parametrize("kind,rel,values", FILLED, ids=[k for k, _, _ in FILLED])
def test_a_new_record_filled_in_passes_check_and_its_schema(tmp_path, kind, rel, values):
    from helpers import BASE, make_repo

    root = make_repo(tmp_path / "r", BASE)
    assert run("schema", "--write", str(root / ".salesctl/schema")).exit_code == 0
    result = run("new", kind)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    unfilled = run("check", records=root)   # as printed: it loads, and check names each empty field at its line
    assert unfilled.exit_code == 1
    assert f"{rel}:" in unfilled.stdout + unfilled.stderr
    path.write_text(fill(text, values), encoding="utf-8")
    filled = run("check", records=root)
    assert filled.exit_code == 0, filled.stdout + filled.stderr
    # the $schema line names the repository's schema relative to the file, as the editor resolves it
    schema_path = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema_path == (root / ".salesctl/schema" / f"{kind}.schema.json").resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = read(path)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_new_record_has_every_field_with_a_comment(kind):
    import typing

    import msgspec

    text = run("new", kind).stdout
    yaml_rs.loads(text, parse_datetime=True)   # it loads as printed
    lines = text.splitlines()
    k = KINDS[kind]
    for f in msgspec.structs.fields(k.type):
        if f.name in k.path_fields:
            continue
        at = next(i for i, line in enumerate(lines) if line.lstrip("# -").startswith(f"{f.encode_name}:"))
        assert lines[at - 1].lstrip().startswith("# ") and len(lines[at - 1].strip()) > 4, (kind, f.name)
    assert typing.get_type_hints(k.type)


def test_new_of_an_unknown_kind_is_a_usage_error_naming_the_kinds():
    result = run("new", "goal")
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown kind 'goal'" in result.stderr and all(k in result.stderr for k in KINDS)
