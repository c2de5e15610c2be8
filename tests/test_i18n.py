"""Chinese and English (issue 13 item 1): the catalogue is complete and compiled, the language is
chosen as documented, tables stay aligned in Chinese, and text written into the records follows the
policy's general.language, not the command line's."""
from __future__ import annotations

import json
import re
import string
import subprocess
import sys

import pytest
import wcwidth

from helpers import BASE, CHECKOUT, checkout_env, git, make_repo, run, write_records
from salesctl import catalog, i18n

CJK = re.compile(r"[\u4e00-\u9fff]")
DEMO = CHECKOUT / "records"
LOCALE_VARS = ("SALESCTL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def _language_of_the_environment_again():
    """A run of the CLI chooses the language for the rest of the process: give it back."""
    yield
    i18n.set_language(None)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ----------------------------------------------------------------------------- the catalogue
def test_every_message_has_both_languages():
    po = catalog.read()
    msgs = catalog.wanted()
    gaps = catalog.missing(po, msgs)
    assert not gaps, f"{len(gaps)} message(s) without Chinese, e.g. " + "; ".join(
        f"{loc[0]}: {m!r}" for m, _, loc in gaps[:10])
    for msgid, context, loc in msgs:
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        m = po.get(msgid, context=context)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strings:
            assert fields(s) == fields(ids[0]), f"{loc[0]}: {ids[0]!r} -> {s!r}: the placeholders differ"


def test_the_committed_mo_is_the_compiled_po():
    mo = (i18n.LOCALEDIR / "zh" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").read_bytes()
    assert catalog.compiled(catalog.read()) == mo, "run: python -m salesctl.catalog update"


# ----------------------------------------------------------------------------- which language
@pytest.mark.parametrize("env, lang", [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),
    ({"SALESCTL_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"SALESCTL_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
])
def test_the_environment_chooses_the_language(env, lang):
    assert i18n.from_environment(env) == lang


def _no_locale(monkeypatch):
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)


def test_lang_beats_salesctl_lang_beats_the_locale(monkeypatch, tmp_path):
    root = write_records(tmp_path / "r", BASE)
    _no_locale(monkeypatch)
    assert "no lead L-NOPE" in run("lead", "show", "L-NOPE", records=root).stderr   # default: English
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "没有" in run("lead", "show", "L-NOPE", records=root).stderr            # the locale
    monkeypatch.setenv("SALESCTL_LANG", "en")
    assert "no lead L-NOPE" in run("lead", "show", "L-NOPE", records=root).stderr   # SALESCTL_LANG beats it
    assert "没有" in run("--lang", "zh", "lead", "show", "L-NOPE", records=root).stderr   # --lang beats both
    monkeypatch.setenv("SALESCTL_LANG", "zh")
    assert "no lead L-NOPE" in run("--lang", "en", "lead", "show", "L-NOPE", records=root).stderr


def test_an_unknown_language_is_a_usage_error(tmp_path):
    root = write_records(tmp_path / "r", BASE)
    r = run("--lang", "xx", "staff", "list", records=root)
    assert r.exit_code == 2
    assert "--lang 'xx'" in r.stderr


# ----------------------------------------------------------------------------- what people read
def test_the_locale_gives_chinese_headers_aligned():
    """The issue's check: `LANG=zh_CN.UTF-8 salesctl score --month 2026-10` on the demo."""
    env = {k: v for k, v in checkout_env().items() if k not in LOCALE_VARS}
    env["LANG"] = "zh_CN.UTF-8"
    p = subprocess.run([sys.executable, "-m", "salesctl", "--records", str(DEMO), "score", "--month", "2026-10"],
                       env=env, capture_output=True, text=True, encoding="utf-8")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.rstrip("\n").split("\n")
    assert CJK.search(lines[0]), f"headers not in Chinese: {lines[0]!r}"
    assert re.fullmatch(r"[- ]+", lines[1])
    widths = {wcwidth.wcswidth(line) for line in lines}
    assert len(widths) == 1, f"lines of display widths {sorted(widths)}: the table is not aligned"


def test_json_keys_stay_english_and_csv_headers_are_chinese():
    args = ["--records", str(DEMO), "payout", "--month", "2026-10", "--by", "staff"]
    en = json.loads(run("--lang", "en", *args, "--format", "json").stdout)
    zh = json.loads(run("--lang", "zh", *args, "--format", "json").stdout)
    assert [list(r) for r in zh] == [list(r) for r in en]
    assert all(not CJK.search(k) for r in zh for k in r)
    csv_en = run("--lang", "en", *args, "--format", "csv").stdout.splitlines()
    csv_zh = run("--lang", "zh", *args, "--format", "csv").stdout.splitlines()
    assert CJK.search(csv_zh[0]) and not CJK.search(csv_en[0])
    assert csv_zh[0].count(",") == csv_en[0].count(",") and csv_zh[1:] == csv_en[1:]


def test_help_is_chinese():
    r = run("--lang", "zh", "--help")
    assert r.exit_code == 0
    assert "Usage:" not in r.stdout and "Show this message and exit." not in r.stdout
    assert len(CJK.findall(r.stdout)) > 50
    assert "--lang" in r.stdout   # option names stay what is typed


def test_a_command_s_error_is_chinese_its_prefix_english(tmp_path):
    root = write_records(tmp_path / "r", BASE)
    r = run("--lang", "zh", "lead", "show", "L-NOPE", records=root)
    assert r.exit_code == 5
    assert r.stderr.startswith("salesctl: error: ") and CJK.search(r.stderr)
    assert "L-NOPE" in r.stderr


def test_a_problem_s_message_is_chinese_its_path_line_level_english(tmp_path):
    bad = BASE["staff/S-3.yaml"].replace("joined: 2025-06-01", "joined: 2025-06-01\n        status: left")
    root = write_records(tmp_path / "r", {**BASE, "staff/S-3.yaml": bad})
    r = run("--lang", "zh", "check", records=root)
    assert r.exit_code == 1
    line = next(ln for ln in r.stdout.splitlines() + r.stderr.splitlines() if "staff/S-3.yaml" in ln)
    assert re.match(r"staff/S-3\.yaml:\d+: error: ", line), line
    assert "离职" in line, line
    en = run("--lang", "en", "check", records=root)
    assert "status is left but no left date is given" in en.stdout + en.stderr


# ----------------------------------------------------------------------------- text written into the records
def _import(tmp_path, policy: str | None, *args: str):
    files = dict(BASE)
    if policy is not None:
        files["salesctl.yaml"] = policy
    root = make_repo(tmp_path / "r", files)
    rows = tmp_path / "new.csv"
    rows.write_text("name,phone,source,team,owner\n赵六,13800000009,walk-in,T-1,S-2\n", encoding="utf-8")
    return root, run(*args, "lead", "import", str(rows), records=root)


def test_a_commit_message_is_in_the_policy_s_language_not_the_command_s(tmp_path):
    root, r = _import(tmp_path, "general:\n  language: zh\n", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    subject = git(root, "log", "-1", "--format=%s").strip()
    assert subject == "lead import: 从 new.csv 导入 1 条线索"
    assert r.stdout.splitlines()[0].split() == ["line", "lead"]   # what the command prints: English
    lead = next((root / "leads").rglob("L-0002.yaml")).read_text(encoding="utf-8")
    assert "why: 负责人来自 new.csv" in lead                         # the ownership log's reason too


def test_an_english_policy_writes_english_whatever_the_command_line(tmp_path):
    root, r = _import(tmp_path, None, "--lang", "zh")
    assert r.exit_code == 0, r.stderr
    assert git(root, "log", "-1", "--format=%s").strip() == "lead import: 1 leads from new.csv"
    assert "why: owner given in new.csv" in next((root / "leads").rglob("L-0002.yaml")).read_text(encoding="utf-8")


def test_errors_of_a_write_stay_in_the_command_s_language(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE, "salesctl.yaml": "general:\n  language: zh\n"})
    r = run("--lang", "en", "lead", "import", str(tmp_path / "missing.csv"), records=root)
    assert r.exit_code == 2
    assert "cannot read" in r.stderr and not CJK.search(r.stderr.split("missing.csv")[0])
