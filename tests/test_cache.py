"""The cache of parsed record files (salesctl.cache, issue 16 item 1): only an optimisation.

Every read command prints the same bytes with the cache, without it, after deleting it and after
corrupting it; an edit that keeps a file's size and mtime is seen; a cache from another version or
cut short is ignored with one notice and made again; two processes writing it at once leave it whole;
and, for random edits to a records folder, a load through the cache equals a load without it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from helpers import BASE, DEAL, git, make_repo  # noqa: E402

from salesctl import cache  # noqa: E402
from salesctl.loader import load  # noqa: E402
from salesctl.source import WorkTree  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "SALESCTL_NOW": "2026-11-05T10:00+08:00", "SALESCTL_AUTHOR": "t <t@x>", "NO_COLOR": "1"}
ENV.pop("SALESCTL_CACHE", None)
NOTICE = "salesctl: the cache "   # the start of each notice about the cache
READS = [["check"], ["lead", "list"], ["split", "--month", "2026-10"], ["score", "--month", "2026-10"],
         ["payout", "--month", "2026-10", "-f", "csv"], ["close", "--month", "2026-10", "--dry-run"],
         ["assign", "--dry-run"], ["deal", "list", "-f", "json"]]


def salesctl(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "salesctl", "--records", str(root), *args], cwd=REPO,
                          env=env or ENV, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cache") / "records"
    shutil.copytree(REPO / "records", root, ignore=shutil.ignore_patterns("reports"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-q", "-m", "demo")
    return root


def outputs(root: Path, env: dict | None = None) -> list[tuple]:
    return [(c, r.returncode, r.stdout, r.stderr) for c in READS for r in [salesctl(root, *c, env=env)]]


def test_every_read_command_prints_the_same_with_without_deleted_and_corrupted_cache(demo):
    off = outputs(demo, {**ENV, "SALESCTL_CACHE": "off"})
    assert not cache.location(demo).exists()
    cold = outputs(demo)                      # makes the cache
    assert cache.location(demo).is_file()
    warm = outputs(demo)                      # reads it
    assert cold == off and warm == off
    cache.clear(demo)
    assert outputs(demo) == off               # deleted: made again
    path = cache.location(demo)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])   # cut short
    first = salesctl(demo, "check")
    assert first.stderr.count(NOTICE) == 1 and "damaged" in first.stderr
    assert (first.returncode, first.stdout) == off[0][1:3]
    assert outputs(demo) == off               # made again on that run: no notice since


def test_a_cache_of_another_version_is_ignored_with_one_notice(demo):
    salesctl(demo, "check")
    path = cache.location(demo)
    body = json.loads(path.read_bytes())
    body["header"]["version"] = "0.0.0-other"
    path.write_text(json.dumps(body))
    r = salesctl(demo, "check")
    assert r.returncode == 0 and "another version of salesctl" in r.stderr
    assert NOTICE not in salesctl(demo, "check").stderr


def test_garbage_in_the_cache_is_ignored(demo):
    for junk in (b"", b"\0" * 100, b"[1,2,3]", b'{"header": 1}', "不是缓存".encode()):
        salesctl(demo, "check")
        cache.location(demo).write_bytes(junk)
        r = salesctl(demo, "lead", "show", "L-00001")
        assert r.returncode in (0, 5) and "Traceback" not in r.stderr
        assert NOTICE in r.stderr


def _edit_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    st = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)


def test_an_edit_keeping_size_and_mtime_is_seen(tmp_path):
    root = make_repo(tmp_path / "r", {**BASE, "deals/2026-08/D-0001.yaml": DEAL})
    env = {**ENV, "SALESCTL_NOW": "2026-08-10T10:00+08:00"}
    before = salesctl(root, "staff", "show", "S-2", "-f", "json", env=env)
    assert "李雷" in before.stdout
    # make the cache, and let its run be more than a second after the file's time (no racy rule)
    past = (root / "staff" / "S-2.yaml").stat().st_mtime_ns - 5_000_000_000
    os.utime(root / "staff" / "S-2.yaml", ns=(past, past))
    salesctl(root, "check", env=env)
    assert salesctl(root, "check", env=env).returncode == 0
    _edit_keeping_size_and_mtime(root / "staff" / "S-2.yaml", "李雷".encode(), "韩梅".encode())
    after = salesctl(root, "staff", "show", "S-2", "-f", "json", env=env)
    assert "韩梅" in after.stdout and "李雷" not in after.stdout
    _edit_keeping_size_and_mtime(root / "staff" / "S-2.yaml", b"joined: 2025-03-01", b"joined: 2025-02-30")
    bad = salesctl(root, "check", env=env)
    assert bad.returncode == 1 and "staff/S-2.yaml:" in bad.stdout


def test_a_file_changed_in_the_second_before_the_cache_was_written_is_checked_by_its_bytes(tmp_path):
    """The racy-timestamp rule: the key of a file this recent is not trusted (a second edit in the same
    clock tick would leave it alone), so the file is read again and compared by its digest."""
    root = make_repo(tmp_path / "r", BASE)
    fc = cache.FileCache(root)
    loaded = load(WorkTree(root))
    rel = "staff/S-2.yaml"
    st = os.stat(root / rel)
    fc2 = cache.FileCache(root)
    assert rel in fc2.entries
    if max(st.st_mtime_ns, st.st_ctime_ns) >= fc2.written_ns - cache.RACY_NS:
        assert fc2.lookup(rel, st) is None          # recent: not trusted on its key
        assert fc2.by_digest(rel, loaded.files[rel].digest, st).records == loaded.files[rel].records
    old = st.st_mtime_ns - 10_000_000_000
    os.utime(root / rel, ns=(old, old))
    load(WorkTree(root))                             # a new key: stored
    fc3 = cache.FileCache(root)
    st3 = os.stat(root / rel)
    if st3.st_ctime_ns < fc3.written_ns - cache.RACY_NS:
        assert fc3.lookup(rel, st3).records == loaded.files[rel].records
    del fc


def test_two_processes_writing_the_cache_at_once_leave_it_whole(demo):
    for _ in range(5):
        cache.clear(demo)
        procs = [subprocess.Popen([sys.executable, "-m", "salesctl", "--records", str(demo), "check"], cwd=REPO,
                                  env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0 and NOTICE not in err
        r = salesctl(demo, "check")
        assert r.returncode == 0 and NOTICE not in r.stderr
        leftovers = [p.name for p in cache.location(demo).parent.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []


def _kept(root: Path) -> Path:
    return cache.location(root).with_suffix(".kept.json")


def test_month_summaries_are_kept_for_one_records_state(demo, tmp_path):
    """Issue 16 item 2: the earlier months' summaries streaks (P2, P3) and the promotion test (P8) read
    are kept beside the cache; they are used (a tampered one shows), and only for the same state."""
    root = tmp_path / "records"
    shutil.copytree(demo, root, symlinks=True)
    args = ("payout", "--month", "2026-10", "-f", "csv")
    off = salesctl(root, *args, env={**ENV, "SALESCTL_CACHE": "off"}).stdout
    assert salesctl(root, *args).stdout == off
    body = json.loads(_kept(root).read_bytes())
    assert {k.split(":")[0] for k in body["value"]} == {"basics", "grades"}
    assert "basics:会籍部:2026-09" in body["value"]
    assert salesctl(root, *args).stdout == off          # read back: the same figures
    for key, rows in body["value"].items():             # every earlier month: nobody there, all excellent
        if not key.endswith("2026-10"):
            for row in rows:
                row[-1 if key.startswith("grades") else 5] = "excellent" if key.startswith("grades") else False
    _kept(root).write_text(json.dumps(body, ensure_ascii=False))
    tampered = salesctl(root, *args).stdout
    assert tampered != off and "P2 raise" in off and "P2 raise" not in tampered
    git(root, "commit", "-q", "--allow-empty", "-m", "nothing")   # the files are the same: still that state
    assert salesctl(root, *args).stdout == tampered
    path = root / "salesctl.yaml"                                   # another state: the kept values are not read
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert salesctl(root, *args).stdout == off
    _kept(root).write_bytes(b"\0garbage")                          # cannot be read: computed again
    assert salesctl(root, *args).stdout == off


def test_cache_info_and_clear(demo):
    salesctl(demo, "check")
    info = json.loads(salesctl(demo, "cache", "info", "-f", "json").stdout)
    got = {row["what"]: row["value"] for row in info}
    assert got["path"] == str(cache.location(demo)) and int(got["files"].replace(",", "")) > 100
    assert got["derived"] == "check"
    r = salesctl(demo, "cache", "clear")
    assert r.returncode == 0 and "removed 2 cache file(s)" in r.stderr
    assert not cache.location(demo).exists()
    assert "no cache" in salesctl(demo, "cache", "clear").stderr
    got = {row["what"]: row["value"] for row in json.loads(salesctl(demo, "cache", "info", "-f", "json").stdout)}
    assert got["state"].startswith("none yet")


def test_records_not_in_git_keep_their_cache_under_xdg_cache_home(tmp_path):
    root = tmp_path / "plain"
    for rel, text in BASE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(__import__("textwrap").dedent(text).lstrip("\n"), encoding="utf-8")
    env = {**ENV, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert salesctl(root, "check", env=env).returncode == 0
    made = list((tmp_path / "xdg" / "salesctl").iterdir())
    assert made and all(p.suffix == ".json" for p in made)
    assert sorted(p.name for p in root.rglob("*") if "cache" in p.name) == []


# ------------------------------------------------------------------------- the invariant, by hypothesis
EDITS = st.lists(st.tuples(st.sampled_from(sorted(BASE) + ["deals/2026-08/D-0001.yaml", "leads/L-0002.yaml"]),
                           st.sampled_from(["append", "value", "delete", "copy", "break", "touch"])), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_a_load_through_the_cache_equals_a_load_without_it(tmp_path_factory, edits):
    root = make_repo(tmp_path_factory.mktemp("prop") / "r", {**BASE, "deals/2026-08/D-0001.yaml": DEAL})
    load(WorkTree(root))   # makes the cache
    for i, (rel, how) in enumerate(edits):
        p = root / rel
        if how == "delete":
            p.unlink(missing_ok=True)
        elif how == "copy":
            src = root / "leads" / "L-0001.yaml"
            if src.exists():
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(src.read_bytes())
        elif p.exists():
            data = p.read_bytes()
            if how == "append":
                p.write_bytes(data + f"# note {i}\n".encode())
            elif how == "value":
                p.write_bytes(data.replace(b"2026", b"2025", 1))
            elif how == "break":
                p.write_bytes(data + b"  bad: [\n")
            else:
                os.utime(p)
        with_cache = load(WorkTree(root))
        os.environ[cache.ENV] = "off"
        try:
            without = load(WorkTree(root))
        finally:
            del os.environ[cache.ENV]
        assert with_cache.files == without.files
        assert with_cache.problems == without.problems
        assert with_cache.records.leads == without.records.leads and with_cache.records.staff == without.records.staff


def test_at_rev_reads_through_a_cache_keyed_by_blob_id(demo, tmp_path):
    """`--at REV` reads git's objects; their parsed files are cached by blob id, one cache for every
    revision: the same bytes as without the cache, for HEAD, for a later commit and for the one before."""
    root = tmp_path / "records"
    subprocess.run(["git", "clone", "-q", str(demo), str(root)], check=True)
    off = {**ENV, "SALESCTL_CACHE": "off"}
    argv = ["payout", "--month", "2026-10", "--by", "staff", "-f", "csv"]
    first = salesctl(root, "--at", "HEAD", *argv, env=off)
    assert first.returncode == 0
    for _ in range(2):   # cold, then warm
        r = salesctl(root, "--at", "HEAD", *argv)
        assert (r.returncode, r.stdout, r.stderr) == (first.returncode, first.stdout, first.stderr)
    trees = [p for p in cache.location(root).parent.iterdir() if p.name.startswith("tree-")]
    assert len(trees) == 1
    deal = sorted((root / "deals" / "2026-10").glob("*.yaml"))[0]
    text = deal.read_text(encoding="utf-8")
    amount = next(ln for ln in text.splitlines() if ln.startswith("amount:"))
    deal.write_text(text.replace(amount, "amount: 99999", 1), encoding="utf-8")
    git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "a bigger deal")
    for rev in ("HEAD", "HEAD~1"):
        want = salesctl(root, "--at", rev, *argv, env=off)
        got = salesctl(root, "--at", rev, *argv)
        assert (got.returncode, got.stdout) == (want.returncode, want.stdout), rev
    assert salesctl(root, "--at", "HEAD", *argv).stdout != first.stdout
    assert salesctl(root, "--at", "HEAD~1", *argv).stdout == first.stdout
