"""Reasons written into the records (the ownership log's `why`) are in the policy's general.language,
whatever language the command prints in (issue 13). The Chinese case needs the zh catalogue with the
reasons fragment merged (python -m salesctl.catalog merge /work/tr/reasons.po)."""
import yaml_rs

from helpers import make_repo, run
from test_assign import TEAM1, leads

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
