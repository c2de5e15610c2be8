"""Both cores for a cold load (salesctl.workers, issue 16 item 4): a load that shares its files with a
worker process gives exactly what a load in one process gives — the same files, records, lines and
problems, in the same order — and a worker that dies leaves its files to be parsed here."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salesctl import workers
from salesctl.loader import load, parse_file
from salesctl.source import WorkTree

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path) -> Path:
    """The demo records and a file of every kind of trouble: bad YAML, not UTF-8, a duplicate id,
    an unknown folder, a state file."""
    root = tmp_path / "records"
    shutil.copytree(REPO / "records", root, ignore=shutil.ignore_patterns("reports"))
    leads = root / "leads" / "2026"
    (leads / "L-BAD.yaml").write_text("id: L-BAD\nname: [不闭合\n", encoding="utf-8")
    (leads / "L-GBK.yaml").write_bytes("id: L-GBK\nname: 王五\n".encode("gbk"))
    dup = leads / "L-00002.yaml"
    (root / "leads" / "2025" / "L-00002.yaml").write_text(dup.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "misc").mkdir()
    (root / "misc" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "state").mkdir(exist_ok=True)
    (root / "state" / "note.yaml").write_text("备注: 一\n", encoding="utf-8")
    return root


def _load(root: Path, jobs: str, mp):
    mp.setenv("SALESCTL_CACHE", "off")
    mp.setenv("SALESCTL_JOBS", jobs)
    return load(WorkTree(root))


def _same(a, b) -> None:
    assert list(a.files) == list(b.files)
    assert a.files == b.files
    assert a.problems == b.problems
    assert a.records.state == b.records.state
    for kind in ("teams", "staff", "leads", "deals", "visits", "activity", "attendance", "reviews"):
        x, y = getattr(a.records, kind, None), getattr(b.records, kind, None)
        assert (list(x.items()) if isinstance(x, dict) else list(x or ())) == (list(y.items()) if isinstance(y, dict) else list(y or ()))
    assert sorted(a.records._where.values()) == sorted(b.records._where.values())


def test_a_load_shared_with_a_worker_equals_a_load_in_one_process(folder, monkeypatch):
    monkeypatch.setattr(workers, "MIN_FILES", 10)
    one = _load(folder, "1", monkeypatch)
    two = _load(folder, "2", monkeypatch)
    three = _load(folder, "3", monkeypatch)
    assert any(p.path == "leads/2026/L-BAD.yaml" for p in one.problems)
    assert any(p.path == "leads/2026/L-GBK.yaml" for p in one.problems)
    _same(one, two)
    _same(one, three)


def test_few_files_are_parsed_in_this_process(folder, monkeypatch):
    monkeypatch.setenv("SALESCTL_JOBS", "2")
    paths = WorkTree(folder).files()
    shares = workers.share(WorkTree(folder), paths[:workers.MIN_FILES - 1], parse_file)
    assert shares.theirs == [] and len(shares.mine) == min(len(paths), workers.MIN_FILES - 1)


def die(path: str, data: bytes):
    os._exit(3)   # the worker process ends without a word


def test_a_worker_that_dies_leaves_its_files_to_this_process(folder, monkeypatch):
    monkeypatch.setattr(workers, "MIN_FILES", 10)
    monkeypatch.setenv("SALESCTL_JOBS", "2")
    paths = WorkTree(folder).files()
    shares = workers.share(WorkTree(folder), paths, die)
    assert shares.theirs and shares.results() == {}


def test_salesctl_check_with_one_and_two_processes_says_the_same(folder):
    env = {**os.environ, "SALESCTL_CACHE": "off", "SALESCTL_NOW": "2026-11-05T10:00+08:00", "NO_COLOR": "1"}
    runs = [subprocess.run([sys.executable, "-m", "salesctl", "--records", str(folder), "check", "-f", "json"], cwd=REPO,
                           env={**env, "SALESCTL_JOBS": j}, capture_output=True, text=True, timeout=120) for j in ("1", "2")]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr
