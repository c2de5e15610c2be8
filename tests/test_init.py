"""`salesctl init DIR --preset NAME`: a records repository for a rule book (issue 11, item 4).

The repository an admin starts from: the policy naming the preset, a README in Chinese and English
whose commands are run here, in order, against a fresh repository; a pre-commit hook running
`salesctl check`; a .gitignore; example records that pass check. `init DIR` without a preset asks
nothing and names the presets.
"""
from __future__ import annotations

import datetime as dt
import shlex
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from helpers import CHECKOUT, GIT_ENV, checkout_env, git, run
from salesctl.initrepo import create, preset_files, preset_path
from salesctl.policy.presets import FOLDER, names as preset_names
from salesctl.loader import load_policy_text
from salesctl.policy import Policy

NOW = dt.datetime(2026, 8, 15, 4, 0, tzinfo=dt.timezone.utc)  # 12:00 in Shanghai: the examples are of 2026-08
EXAMPLE_PATHS = ["leads/L-EXAMPLE.yaml", "staff/S-EXAMPLE1.yaml", "staff/S-EXAMPLE2.yaml",
                 "teams/T-EXAMPLE.yaml", "visits/2026-08/S-EXAMPLE2.yaml"]


def yaml(text: str):
    return YAML(typ="safe").load(text)


def tracked(root: Path) -> list[str]:
    return git(root, "ls-files").split()


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def readme_commands(text: str) -> list[tuple[str, list[str] | None]]:
    """The `$ ` lines of the README's code blocks, in order, each with the output shown under it
    (None when none is shown)."""
    steps: list[tuple[str, list[str] | None]] = []
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and line.startswith("$ "):
            steps.append((line[2:], None))
        elif in_block and steps:
            steps[-1] = (steps[-1][0], (steps[-1][1] or []) + [line])
    return steps


def run_readme(root: Path, text: str) -> list[str]:
    """Run the README's commands in the repository, as the admin would; each must succeed and print
    what the README shows. Returns the commands run."""
    done = []
    for command, shown in readme_commands(text):
        argv = shlex.split(command)
        if argv[0] == "salesctl":
            result = run(*argv[1:], records=root)
            assert result.exit_code == 0, f"{command}\n{result.stderr}"
            stdout = result.stdout
        else:
            assert argv[0] == "git", command
            stdout = git(root, *argv[1:])
        if shown is not None:
            assert stdout.splitlines() == shown, command
        done.append(command)
    return done


def repo_with_examples(root: Path) -> Path:
    """A repository made by `init` without a preset, with the examples of a preset repository added
    and committed: the records of `init --preset` under a policy that loads today."""
    create(root, author="Test Admin <admin@example.com>")
    for rel, text in example_files_of("sales-team").items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the examples")
    return root


def example_files_of(preset: str) -> dict[str, str]:
    files = preset_files(preset, NOW)
    return {rel: text for rel, text in files.items() if rel.split("/")[0] in ("teams", "staff", "leads", "visits")}


# ----------------------------------------------------------------------------- the presets
def test_the_presets_are_the_files_of_templates_presets():
    folder = CHECKOUT / "templates" / "presets"
    assert FOLDER.resolve() == folder.resolve()   # salesctl/templates is a link to the checkout's templates/
    assert preset_names() == sorted(p.stem for p in folder.glob("*.yaml"))
    assert "sales-team" in preset_names()
    assert preset_path("sales-team").resolve() == (folder / "sales-team.yaml").resolve()


def test_an_unknown_preset_names_the_presets_exits_usage_and_creates_nothing(tmp_path):
    result = run("init", str(tmp_path / "club"), "--preset", "gym")
    assert result.exit_code == 2
    assert f"unknown preset 'gym' (the presets: {', '.join(preset_names())})" in result.stderr
    assert not (tmp_path / "club").exists()
    (tmp_path / "empty").mkdir()
    assert run("init", str(tmp_path / "empty"), "--preset", "gym").exit_code == 2
    assert list((tmp_path / "empty").iterdir()) == []


def test_a_preset_into_a_folder_that_is_not_empty_changes_nothing(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("x")
    result = run("init", str(tmp_path / "x"), "--preset", "sales-team")
    assert result.exit_code == 2 and "exists and is not empty" in result.stderr
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["keep.txt"]


def test_init_without_a_preset_asks_nothing_makes_the_repository_as_before_and_names_the_presets(tmp_path):
    root = tmp_path / "records"
    done = subprocess.run([sys.executable, "-m", "salesctl", "init", str(root)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env={**checkout_env(), **GIT_ENV}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"presets (one per rule book): {', '.join(preset_names())}" in done.stderr
    assert "salesctl init DIR --preset NAME" in done.stderr
    policy, problems = load_policy_text((root / "salesctl.yaml").read_text(encoding="utf-8"))
    assert problems == [] and policy == Policy()
    assert commits(root) == 1
    assert not (root / ".pre-commit-config.yaml").exists() and not (root / "teams" / "T-EXAMPLE.yaml").exists()


# ----------------------------------------------------------------------------- what --preset writes
def test_init_with_a_preset_writes_the_repository_in_one_commit(tmp_path):
    root = tmp_path / "club"
    create(root, preset="sales-team", now=NOW, author="Test Admin <admin@example.com>")
    assert commits(root) == 1
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "log", "-1", "--format=%s") == "init: 规则手册 sales-team，附示例记录\n"   # the preset writes in its language (general.language zh)
    files = tracked(root)
    for name in ("salesctl.yaml", "README.md", ".pre-commit-config.yaml", ".gitignore", *EXAMPLE_PATHS):
        assert name in files
    for folder in ("deals", "activity", "attendance", "reviews"):  # the empty folders are kept
        assert f"{folder}/.gitkeep" in files


def test_the_policy_names_the_preset_under_a_header_in_chinese_and_english(tmp_path):
    create(tmp_path / "club", preset="sales-team", now=NOW, git=False)
    text = (tmp_path / "club" / "salesctl.yaml").read_text(encoding="utf-8")
    assert yaml(text) == {"preset": "sales-team"}
    header = text.split("preset:")[0]
    assert all(line.startswith("#") or not line for line in header.splitlines())
    assert "写在下面的设置覆盖规则手册的设置" in header
    assert "Settings written below override the rule book's" in header
    assert "salesctl policy show" in header and "where each comes from" in header


def test_the_pre_commit_hook_runs_check_and_the_gitignore_keeps_caches_out(tmp_path):
    create(tmp_path / "club", preset="sales-team", now=NOW, git=False)
    config = yaml((tmp_path / "club" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["entry"] == "salesctl --records . check"
    assert (hook["language"], hook["pass_filenames"], hook["always_run"]) == ("system", False, True)
    ignored = (tmp_path / "club" / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("*.swp", "*~", ".idea/", ".vscode/", ".salesctl/*", "*.tmp", "__pycache__/"):
        assert pattern in ignored
    assert "!.salesctl/schema/" in ignored   # the editors' JSON Schema is committed (test_schema_json.py)


def test_the_hook_entry_passes_on_the_example_records(tmp_path):
    root = repo_with_examples(tmp_path / "club")
    entry = yaml(preset_files("sales-team", NOW)[".pre-commit-config.yaml"])["repos"][0]["hooks"][0]["entry"]
    argv = [sys.executable, "-m", *shlex.split(entry)]  # the checkout's salesctl, as the installed one
    done = subprocess.run(argv, cwd=root, capture_output=True, text=True, env=checkout_env(), timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_examples_are_marked_to_delete_and_pass_check(tmp_path):
    files = example_files_of("sales-team")
    assert sorted(files) == EXAMPLE_PATHS
    for rel, text in files.items():
        assert text.startswith("# 示例记录，开始前请删除 (见 README.md)"), rel
        assert "An example record: delete it before you start" in text, rel
    for rel in ("teams/T-EXAMPLE.yaml", "staff/S-EXAMPLE1.yaml", "staff/S-EXAMPLE2.yaml", "leads/L-EXAMPLE.yaml"):
        assert yaml(files[rel])["notes"] == "示例，请删除 / example, delete it"
    root = repo_with_examples(tmp_path / "club")
    check = run("check", records=root)
    assert check.exit_code == 0, check.stdout + check.stderr
    assert check.stdout == ""
    assert "6 files checked: 0 error(s), 0 warning(s)" in check.stderr
    assert run("team", "add", "name=会籍一组", "channel=inside", records=root).stdout == "T-0001\n"  # ids stay free


def test_the_readme_is_for_the_admin_in_chinese_and_english():
    text = preset_files("sales-team", NOW)["README.md"]
    assert "@" not in text  # every @NAME@ filled in
    for words in ("示例记录：先删除", "The example records: delete them first", "人员 / People",
                  "客户线索 / Leads", "跟进 / Visits", "成交 / Deals", "月结 / Month-end",
                  "读懂评分和奖金 / Reading scores and payouts", "规则手册的设置在哪里 / Where the rule book's settings are",
                  "**sales-team**", "templates/presets/sales-team.yaml", "salesctl policy show"):
        assert words in text, words
    assert f"$ git rm -q {' '.join(EXAMPLE_PATHS)}" in text
    commands = [c for c, _ in readme_commands(text)]
    for start in ("salesctl team add", "salesctl staff add", "salesctl lead add", "salesctl visit add",
                  "salesctl deal add", "salesctl close --month 2026-08", "salesctl payout --month 2026-08 --by staff",
                  "salesctl score --month 2026-08", "salesctl check"):
        assert any(c.startswith(start) for c in commands), start


def test_the_readme_commands_work_in_order_on_a_fresh_repository(tmp_path):
    root = repo_with_examples(tmp_path / "club")
    done = run_readme(root, preset_files("sales-team", NOW)["README.md"])
    assert len(done) > 20
    assert not any((root / rel).exists() for rel in EXAMPLE_PATHS)
    assert git(root, "tag", "--list", "close/*").split() == ["close/2026-08"]
    assert (root / "reports" / "2026-08" / "payout.csv").is_file()
    assert "S-0002" in (root / "reports" / "2026-08" / "payout.csv").read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain") == ""


# ----------------------------------------------------------------------------- once `preset:` loads
def test_a_preset_repository_passes_check_and_its_readme_works(tmp_path):
    root = tmp_path / "club"
    result = run("init", str(root), "--preset", "sales-team")
    assert result.exit_code == 0, result.stderr
    assert "created" in result.stderr and "README.md" in result.stderr
    check = run("check", records=root)
    assert check.exit_code == 0 and check.stdout == "", check.stdout + check.stderr
    root = tmp_path / "dated"
    create(root, preset="sales-team", now=NOW, author="Test Admin <admin@example.com>")
    run_readme(root, (root / "README.md").read_text(encoding="utf-8"))
    assert git(root, "tag", "--list", "close/*").split() == ["close/2026-08"]


def test_no_git_with_a_preset_writes_the_files_only(tmp_path):
    create(tmp_path / "club", preset="sales-team", now=NOW, git=False)
    assert not (tmp_path / "club" / ".git").exists()
    assert (tmp_path / "club" / "visits" / "2026-08" / "S-EXAMPLE2.yaml").is_file()
