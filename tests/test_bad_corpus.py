"""The corpus of bad input (issue 15): every case under tests/bad/ run through the real CLI.

A case is a folder tests/bad/<name>/ (see tests/bad/README.md):

    case.yaml     about, base (minimal | none), git (true/false), setup (what files cannot hold:
                  symlinks, FIFOs, big or binary files), run (the arguments after
                  `salesctl --records RECORDS`), exit (the status it must end with),
                  writes (true when the command may change the records)
    records/      files laid over the base, byte for byte
    stdout.txt    what the command must print, exactly ({records} stands for the records folder,
    stderr.txt    {case} for the case's folder); written by `python tests/test_bad_corpus.py --bless`

Each run is a child process with a time limit and a memory limit, so a hang, an alias bomb or a
read of /dev/zero fails the case instead of the suite. Besides its own expectation, every case
must hold what the issue asks of all bad input: never exit 70, every problem line `check` prints
names `path:line`, and nothing outside the records folder changes (nor the records themselves,
unless the case is a write that may change them).
"""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml_rs

sys.path.insert(0, str(Path(__file__).parent))
from helpers import BASE, GIT_ENV, checkout_env, make_repo, write_records  # noqa: E402

CORPUS = Path(__file__).parent / "bad"
TIMEOUT = 30           # seconds a case may take (a FIFO read would hang forever)
MEMORY = 2 << 30       # bytes of address space a case may use (an alias bomb, /dev/zero)
PROBLEM_LINE = r"^[^\s:][^:]*:\d+: (error|warning): "


def cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "case.yaml").is_file()) if CORPUS.is_dir() else []


def spec_of(case: Path) -> dict:
    spec = yaml_rs.loads((case / "case.yaml").read_text(encoding="utf-8")) or {}
    unknown = set(spec) - {"about", "base", "git", "setup", "run", "exit", "writes", "timeout"}
    assert not unknown, f"{case.name}/case.yaml: unknown keys {sorted(unknown)}"
    return spec


def build(case: Path, spec: dict, where: Path) -> Path:
    """The case's records folder under `where` (a fresh temporary folder)."""
    root = where / "records"
    root.mkdir()
    if spec.get("base", "minimal") == "minimal":
        write_records(root, BASE)
    elif spec.get("base") != "none":
        raise AssertionError(f"{case.name}: base must be minimal or none")
    if spec.get("git"):
        make_repo(root)
    over = case / "records"
    if over.is_dir():
        for src in sorted(over.rglob("*")):
            if src.is_file():
                dst = root / src.relative_to(over)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    for step in spec.get("setup") or ():
        _setup(root, case, step)
    if spec.get("git") and (over.is_dir() or spec.get("setup")):
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "--no-verify", "--allow-empty", "-m", "the bad input")  # a FIFO is not committed
    return root


def _setup(root: Path, case: Path, step: dict) -> None:
    """One setup step: {symlink: REL, to: TARGET} ({case}/{records} expanded; a relative TARGET
    stays relative), {fifo: REL}, {socket: REL}, {gitlink: REL} (a nested repository),
    {repeat: REL, text: T, times: N} (a big file), {bytes: REL, hex: H}."""
    (kind, rel), *rest = step.items()
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    opts = dict(rest)
    if kind == "symlink":
        os.symlink(opts["to"].format(case=case, records=root), path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        os.mknod(path, 0o600 | stat.S_IFSOCK)
    elif kind == "gitlink":   # a git repository of its own inside the records: committed as a gitlink (160000)
        make_repo(path, {"README.md": "a submodule\n"})
    elif kind == "repeat":
        with open(path, "wb") as f:
            f.write(opts.get("head", "").encode("utf-8"))
            chunk = opts["text"].encode("utf-8")
            for _unused in range(int(opts["times"])):
                f.write(chunk)
    elif kind == "bytes":
        path.write_bytes(bytes.fromhex(opts["hex"]))
    else:
        raise AssertionError(f"{case.name}: unknown setup step {kind!r}")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def fingerprint(top: Path, skip: Path | None = None) -> dict[str, str]:
    """Every entry under top (not following symlinks) and a digest of each regular file's bytes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(top):
        d = Path(dirpath)
        if skip is not None and d == skip:
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            p = d / name
            rel = p.relative_to(top).as_posix()
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_file() and name != "index" and not rel.startswith("records/.git/logs"):
                out[rel] = hashlib.blake2b(p.read_bytes(), digest_size=8).hexdigest() if p.stat().st_size < 1 << 24 else str(p.stat().st_size)
            elif not p.is_dir():
                out[rel] = "special"
    return out


def run_case(case: Path, spec: dict, tmp: Path):
    root = build(case, spec, tmp)
    args = [a.format(case=case, records=root) for a in spec.get("run", ["check"])]
    env = {**checkout_env(), **GIT_ENV, "NO_COLOR": "1", "COLUMNS": "120"}
    for var in ("LANGUAGE", "LANG", "LC_ALL", "LC_MESSAGES", "SALESCTL_DEBUG", "SALESCTL_AUTHOR"):
        env.pop(var, None)
    work = tmp / "cwd"
    work.mkdir()
    before = fingerprint(tmp, skip=root / ".git")
    try:
        proc = subprocess.run([sys.executable, "-m", "salesctl", "--records", str(root), *args], cwd=work, env=env,
                              capture_output=True, timeout=spec.get("timeout", TIMEOUT), preexec_fn=_limits)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: no answer within {spec.get('timeout', TIMEOUT)} s (a hang)")
    after = fingerprint(tmp, skip=root / ".git")

    def shown(data: bytes) -> str:
        text = data.decode("utf-8", "replace")
        return text.replace(str(root), "{records}").replace(str(case), "{case}")

    return proc.returncode, shown(proc.stdout), shown(proc.stderr), before, after, root


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_bad_input(case: Path, tmp_path):
    spec = spec_of(case)
    status, out, err, before, after, root = run_case(case, spec, tmp_path)
    assert status != 70, f"{case.name}: internal error\n{err}"
    assert status == spec["exit"], f"{case.name}: exit {status}, want {spec['exit']}\n--- stdout\n{out}--- stderr\n{err}"
    # nothing outside the records folder changes; the records only when the case is a write
    outside = {k: v for k, v in after.items() if not k.startswith("records/")}
    assert outside == {k: v for k, v in before.items() if not k.startswith("records/")}, f"{case.name}: wrote outside the records"
    if not spec.get("writes"):
        assert after == before, f"{case.name}: changed the records: {sorted(set(after.items()) ^ set(before.items()))}"
    if spec.get("run", ["check"])[0] == "check":
        import re

        for line in out.splitlines():
            assert re.match(PROBLEM_LINE, line), f"{case.name}: a check line that names no path:line: {line!r}"
    assert out == (case / "stdout.txt").read_text(encoding="utf-8"), f"{case.name}: stdout differs"
    assert err == (case / "stderr.txt").read_text(encoding="utf-8"), f"{case.name}: stderr differs"


def test_the_corpus_is_big_enough():
    """Issue 15 asks for at least 60 cases of bad input."""
    assert len(cases()) >= 60, f"{len(cases())} cases under tests/bad/"


def bless(names: list[str]) -> int:
    """Write stdout.txt and stderr.txt of the named cases (all when none) from what they print now;
    refuse a case whose exit status is not the one its case.yaml states."""
    import tempfile

    bad = 0
    for case in cases():
        if names and case.name not in names:
            continue
        spec = spec_of(case)
        with tempfile.TemporaryDirectory() as tmp:
            status, out, err, *_unused = run_case(case, spec, Path(tmp))
        if status != spec.get("exit"):
            print(f"{case.name}: exit {status}, case.yaml says {spec.get('exit')}; not blessed\n{out}{err}", file=sys.stderr)
            bad += 1
            continue
        (case / "stdout.txt").write_text(out, encoding="utf-8")
        (case / "stderr.txt").write_text(err, encoding="utf-8")
        print(f"{case.name}: exit {status}, {len(out.splitlines())} + {len(err.splitlines())} line(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["--bless"]:
        sys.exit("usage: python tests/test_bad_corpus.py --bless [CASE...]")
    sys.exit(bless(sys.argv[2:]))
