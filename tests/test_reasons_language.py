"""Reasons written into the records (the ownership log's `why`) are in the policy's general.language,
whatever language the command prints in (issue 13). The Chinese case needs the zh catalogue with the
reasons fragment merged (python -m salesctl.catalog merge /work/tr/reasons.po)."""
import json
import re

import yaml_rs

from helpers import CHECKOUT, make_repo, run
from test_assign import TEAM1, leads

CJK = re.compile(r"[\u4e00-\u9fff]")
STREAM = {**TEAM1, **leads(("L-01", "2026-08-03T09:30:00+08:00"), ("L-02", "2026-08-03T10:00:00+08:00"))}


def whys(root):
    return [e["why"] for lid in ("L-01", "L-02")
            for e in yaml_rs.loads((root / f"leads/{lid}.yaml").read_text(), parse_datetime=True)["log"]]


def test_default_policy_writes_english_reasons(tmp_path):
    root = make_repo(tmp_path / "r", STREAM)
    r = run("assign", "--as-of", "2026-08-05", records=root)
    assert r.exit_code == 0, r.output
    got = whys(root)
    assert got and all("fair rotation in T-1" in w for w in got)


def test_policy_language_zh_writes_chinese_reasons_while_the_command_prints_english(tmp_path):
    root = make_repo(tmp_path / "r", {**STREAM, "salesctl.yaml": "general: {language: zh}\n"})
    r = run("assign", "--as-of", "2026-08-05", records=root)
    assert r.exit_code == 0, r.output
    assert "assign: 2 leads (2 rotation, 0 designated, 0 capacity)" in r.stderr   # English
    got = whys(root)
    assert got and all("fair rotation" not in w and "by route" not in w for w in got)


# --- the payout's words follow the language of the command (issue 13 item 1) --------------------
DEMO = CHECKOUT / "records"
# known lines of the demo's 2026-10 payout: (staff, code) -> English words that must not show in Chinese
KNOWN = {
    ("S-0003", "target-bonus"): ("reached the month's target", "credited sales", "target 23000.00"),
    ("S-0004", "late-complaint"): ("complaint (lead L-00654) not answered within 24 hours", "answered after"),
    ("S-0005", "missed-training"): ("missed the required training TR-0025", "not on leave"),
}


def _payout(lang):
    r = run("--lang", lang, "--records", str(DEMO), "payout", "--month", "2026-10", "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _known(rows):
    got = {}
    for row in rows:
        key = (row["staff"], row["code"])
        if key in KNOWN and key not in got:
            got[key] = row
    assert set(got) == set(KNOWN), f"the demo lost a known line: {set(KNOWN) - set(got)}"
    return got


def test_payout_lines_are_english_in_english():
    got = _known(_payout("en"))
    assert got[("S-0003", "target-bonus")]["what"] == "reached the month's target"
    assert got[("S-0003", "target-bonus")]["evidence"] == ["credited sales 37237.62", "target 23000.00"]
    assert got[("S-0004", "late-complaint")]["what"] == "complaint (lead L-00654) not answered within 24 hours"


def test_payout_lines_are_chinese_in_chinese_and_json_keys_are_unchanged():
    en, zh = _payout("en"), _payout("zh")
    assert [list(r) for r in zh] == [list(r) for r in en]                 # keys: the same, in the same order
    assert all(not CJK.search(k) for r in zh for k in r)
    assert [(r["staff"], r["rule"], r["code"], r["kind"], r["amount"]) for r in zh] == \
        [(r["staff"], r["rule"], r["code"], r["kind"], r["amount"]) for r in en]   # ids, kinds and money stay
    for key, row in _known(zh).items():
        text = " ".join([row["what"], row["arithmetic"], *row["evidence"]])
        assert CJK.search(row["what"]), (key, row["what"])
        for english in KNOWN[key]:
            assert english not in text, (key, english, text)
        assert row["rule"] in ("P8", "T3", "K9")
    assert _known(zh)[("S-0003", "target-bonus")]["evidence"] == ["计入业绩 37237.62", "目标 23000.00"]


def test_statement_headings_and_cli_errors_follow_the_language():
    zh = run("--lang", "zh", "--records", str(DEMO), "payout", "--month", "2026-10", "--statement", "S-0004")
    assert zh.exit_code == 0, zh.output
    assert "Sales credited to you" not in zh.stdout and "计入你名下的业绩" in zh.stdout
    assert "**P2**" in zh.stdout and "**T3**" in zh.stdout                  # rule ids stay
    en = run("--lang", "en", "--records", str(DEMO), "payout", "--month", "2026-10", "--statement", "S-0004")
    assert "## 1. Sales credited to you (split rules S1, S2, S3, S4, S5)" in en.stdout
    bad = run("--lang", "zh", "--records", str(DEMO), "payout", "--month", "2026-10", "--statement", "S-0004", "--format", "json")
    assert bad.exit_code != 0 and "markdown only" not in bad.stderr and "--statement" in bad.stderr


def test_an_owner_set_by_hand_is_logged_in_the_policy_language(tmp_path):
    for lang, policy, want in (("zh", "", "set by hand"), ("en", "general: {language: zh}\n", "手工指定")):
        root = make_repo(tmp_path / lang, {**STREAM, **({"salesctl.yaml": policy} if policy else {})})
        r = run("--lang", lang, "lead", "set", "L-01", "owner=S-2", records=root)
        assert r.exit_code == 0, r.output
        log = yaml_rs.loads((root / "leads/L-01.yaml").read_text(), parse_datetime=True)["log"]
        assert log[-1]["why"] == want
