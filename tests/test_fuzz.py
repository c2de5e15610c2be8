"""No tracebacks, proved by fuzzing (issue 15, item 2).

Hypothesis builds a records folder from the small organisation of helpers.BASE (plus a deal, a visit log,
an attendance log and a policy), mutates it (bytes flipped, lines deleted or repeated, indentation changed,
tabs, NUL, control characters, CJK and emoji inserted, a value replaced by a list, a mapping, a huge number,
NaN, 2026-02-30 or "25:00", a key removed or an unknown one added, ids changed, files dropped or copied,
salesctl.yaml corrupted) and runs every read command and a few writes over it, in a real git repository.

The only acceptable outcomes are exit 0 with output, or a documented status (docs/cli.md: 1 records errors,
2 usage, 3 locked, 4 git, 5 no such record) with a message on stderr; never 70 (internal error), never
"Traceback", never an exception out of the CLI, never a hang. A failure prints the files as mutated, the
command and what it printed, so the case can be replayed with `replay(files, command)` below.

SALESCTL_FUZZ_EXAMPLES=N runs N examples (default: what fits the CI budget); SALESCTL_FUZZ_SEED=N repeats a
run (the seed of every run is printed in the failure report). The suite runs a fixed seed, so CI is the same
every time; a long run (`python tests/test_fuzz.py 2000`) draws a new seed, to look where CI does not.
"""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from helpers import BASE, DEAL, git, make_repo, run  # noqa: E402

EXAMPLES = int(os.environ.get("SALESCTL_FUZZ_EXAMPLES") or 30)
_seed = os.environ.get("SALESCTL_FUZZ_SEED") or "20261204"
SEED = random.SystemRandom().randrange(2**32) if _seed == "random" else int(_seed)
HANG = 60   # seconds one command may take before the example counts as a hang

DOCUMENTED = {1, 2, 3, 4, 5}   # docs/cli.md "Exit statuses", less 0 and 70
WRITE_ENV = {"SALESCTL_AUTHOR": "t <t@x>", "SALESCTL_NOW": "2026-08-10T10:00+08:00"}

POLICY_SMALL = """\
# the business
general:
  timezone: Asia/Shanghai
  currency: CNY
shifts:
  early: {start: "09:00", end: "15:30", breaks: ["12:00-12:30"]}
  late: {start: "14:30", end: "22:00"}
"""
POLICY_FULL = (Path(__file__).resolve().parents[1] / "records" / "salesctl.yaml").read_text(encoding="utf-8")

SEED_FILES = {
    **{rel: textwrap.dedent(text).lstrip("\n") for rel, text in BASE.items()},
    "deals/2026-08/D-0001.yaml": DEAL,
    "visits/2026-08/S-1.yaml": (
        "- id: V-0001\n  at: 2026-08-04T10:00:00+08:00\n  lead: L-0001\n  kind: call\n  summary: 约了周六参观\n"),
    "attendance/2026-08/S-2.yaml": "- date: 2026-08-04\n  late_minutes: 20\n- date: 2026-08-05\n  absent: half\n",
}

# What the mutations put in.
INSERTS = ["\t", "\x00", "\x01", "\x08", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\r", "\r\n",
           "客户", "张", "😀", "👨‍👩‍👧", "\"", "'", ": ", "- ", "{", "[", "]", "#", "&a ", "*a", "? ", "|", ">",
           "!!python/object/apply:os.system ['true']", "%YAML 1.1\n", "---\n", "...\n", "\\"]
RAW_INSERTS = [b"\xff", b"\xfe\xff", b"\xed\xa0\x80", b"\xc3", b"\xe5\xae"]   # not UTF-8
VALUES = ["[1, 2]", "[]", "{a: 1}", "{}", "[[[]]]", "99999999999999999999999999999", "-99999999999999999999",
          "1e400", "1e-400", ".nan", "NaN", ".inf", "-.inf", "-1", "-3680", "-0.01", "0", "0.001", "3680.999",
          "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "1900-01-01", "2026-08-03T25:00:00+08:00",
          "2026-08-03T10:15:00+25:00", "2026-08-03T10:15:00", "2026-08-03 10:15", '"25:00"', "25:00", "24:00",
          "10:15", "2026-W32", "2026-W99", "2026Q3", "2026Q9", "null", "~", "''", '""', "true", "no", "0x10",
          "0o17", "1_000", "3,680", "'   '", "S-9", "S-1", "L-9999", "T-9", "D-9", "V-9", '"\\x00"', '"\\u202e"',
          "!!binary aGVsbG8=", "!!timestamp 2026-08-01", "!!int x", "!!str", "*undefined", "&x 1", "|\n  two\n  lines",
          "x" * 5000, "会籍部", "😀", "walk-in", "contacted", "leader", "inside", "outside", "early"]
UNKNOWN_KEYS = ["bogus", "Id", "名字", "__proto__", "owner2", "id", "log", "when", "x.y", "1", "true"]
IDS = ["S-1", "S-2", "S-3", "T-1", "L-0001", "D-0001", "V-0001"]
NEW_IDS = ["S-9", "S-2", "S-1", "T-2", "L-0002", "L-1", "D-0002", "s-1", "S-01", "", "S", "S-1 ", "L-0001/../x",
           "Ｓ-１", "S-١", "L-00000000000000000001", "T-1\x00", "😀"]
COPY_TO = ["leads/L-0002.yaml", "staff/S-4.yaml", "teams/T-2.yaml", "deals/2026-08/D-0002.yaml",
           "visits/2026-08/S-2.yaml", "attendance/2026-08/S-1.yaml", "leads/2026/L-0001.yaml", "staff/sub/S-1.yaml",
           "deals/2026-13/D-0001.yaml", "visits/2026-08/S-9.yaml", "staff/S-1.yml", "notes.yaml", "staff/.S-1.yaml"]
POLICIES = ["bogus: 1\n", "general:\n  timezone: Mars/Olympus\n", "general:\n  timezone: ''\n",
            "general:\n  timezone: 8\n", "general:\n  timezone: [Asia/Shanghai]\n", "general:\n  timezone: UTC+8\n",
            "general:\n  timezone: ../../../etc/localtime\n", "general:\n  timezone: Asia/Shanghai\n  bogus: 1\n",
            "general:\n  timezone: null\n", "general:\n  currency: 😀\n", "general: 1\n", "rules: {Z9: on}\n",
            "rules: {P1: {roles: [wizard]}}\n", "rules: {P1: maybe}\n", "[]\n", "", "null\n", "- 1\n",
            "shifts: {early: {start: '25:00', end: '09:00'}}\n", "shifts: {early: {start: '15:00', end: '09:00'}}\n",
            "shifts: []\n", "leads:\n  phone_pattern: '1[3-9'\n", "general:\n  language: xx\n"]

LINE_KEY = re.compile(rb"^([ ]*(?:- )?)([A-Za-z_][\w.]*):(.*)$")


# One mutation: a function of (data, files) that changes files (path -> bytes; a dropped file is absent)
# and returns a one-line account of what it did.

def _pick_file(data, files):
    return data.draw(st.sampled_from(sorted(files)), label="file")


def _lines(content: bytes) -> list[bytes]:
    return content.splitlines(keepends=True) or [b""]


def m_flip(data, files):
    f = _pick_file(data, files)
    b = bytearray(files[f] or b"\0")
    i = data.draw(st.integers(0, len(b) - 1))
    x = data.draw(st.integers(1, 255))
    b[i] ^= x
    files[f] = bytes(b)
    return f"{f}: byte {i} xor {x:#x}"


def m_truncate(data, files):
    f = _pick_file(data, files)
    i = data.draw(st.integers(0, len(files[f])))
    files[f] = files[f][:i]
    return f"{f}: truncated to {i} bytes"


def _pick_line(data, files):
    """A file, its lines and the index of one of them."""
    f = _pick_file(data, files)
    lines = _lines(files[f])
    return f, lines, data.draw(st.integers(0, len(lines) - 1))


def m_delete_line(data, files):
    f, lines, i = _pick_line(data, files)
    del lines[i]
    files[f] = b"".join(lines)
    return f"{f}: line {i + 1} deleted"


def m_duplicate_line(data, files):
    f, lines, i = _pick_line(data, files)
    j = data.draw(st.integers(0, len(lines)))
    lines.insert(j, lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\n")
    files[f] = b"".join(lines)
    return f"{f}: line {i + 1} repeated before line {j + 1}"


def m_indent(data, files):
    f, lines, i = _pick_line(data, files)
    body = lines[i].lstrip(b" \t")
    how = data.draw(st.sampled_from(["spaces", "tab", "swap"]))
    if how == "swap":
        j = data.draw(st.integers(0, len(lines) - 1))
        ind_i, ind_j = lines[i][:len(lines[i]) - len(body)], lines[j][:len(lines[j]) - len(lines[j].lstrip(b" \t"))]
        lines[i], lines[j] = ind_j + body, ind_i + lines[j].lstrip(b" \t")
        files[f] = b"".join(lines)
        return f"{f}: indentation of lines {i + 1} and {j + 1} swapped"
    new = b"\t" * data.draw(st.integers(1, 2)) if how == "tab" else b" " * data.draw(st.sampled_from([0, 1, 2, 3, 4, 6, 8]))
    lines[i] = new + body
    files[f] = b"".join(lines)
    return f"{f}: line {i + 1} indented by {new!r}"


def m_insert(data, files):
    f = _pick_file(data, files)
    what = data.draw(st.one_of(st.sampled_from(INSERTS).map(str.encode), st.sampled_from(RAW_INSERTS),
                               st.text(max_size=4).map(lambda s: s.encode("utf-8", "surrogatepass"))))
    i = data.draw(st.integers(0, len(files[f])))
    files[f] = files[f][:i] + what + files[f][i:]
    return f"{f}: {what!r} inserted at byte {i}"


def _key_lines(data, files):
    """A file with key lines, and the index of one of them (or None)."""
    f = _pick_file(data, files)
    lines = _lines(files[f])
    keyed = [i for i, line in enumerate(lines) if LINE_KEY.match(line.rstrip(b"\r\n"))]
    return f, lines, (data.draw(st.sampled_from(keyed), label="line") if keyed else None)


def m_replace_value(data, files):
    f, lines, i = _key_lines(data, files)
    if i is None:
        return f"{f}: no key to replace a value of"
    m = LINE_KEY.match(lines[i].rstrip(b"\r\n"))
    value = data.draw(st.one_of(st.sampled_from(VALUES), st.text(max_size=8).map(lambda s: '"%s"' % s.encode(
        "unicode_escape").decode().replace('"', '\\"'))), label="value")
    indent = b" " * len(m.group(1))
    lines[i] = m.group(1) + m.group(2) + b": " + value.encode().replace(b"\n", b"\n" + indent + b"  ") + b"\n"
    files[f] = b"".join(lines)
    return f"{f}: line {i + 1} {m.group(2).decode()}: {value[:40]!r}"


def m_remove_key(data, files):
    f, lines, i = _key_lines(data, files)
    if i is None:
        return f"{f}: no key to remove"
    m = LINE_KEY.match(lines[i].rstrip(b"\r\n"))
    depth = len(m.group(1))
    end = i + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip(b" ")) > depth or not lines[end].strip()):
        end += 1
    if m.group(1).endswith(b"- "):   # the first key of a list item: keep the dash for the next key
        lines[i:end] = [m.group(1)[:-2] + b"-\n"]
    else:
        del lines[i:end]
    files[f] = b"".join(lines)
    return f"{f}: key {m.group(2).decode()} (line {i + 1}) removed"


def m_add_key(data, files):
    f, lines, i = _key_lines(data, files)
    key = data.draw(st.sampled_from(UNKNOWN_KEYS)).encode()
    value = data.draw(st.sampled_from(["1", "x", "[a]", "{a: 1}", "null", "2026-08-01"])).encode()
    if i is None:
        lines.insert(0, key + b": " + value + b"\n")
        files[f] = b"".join(lines)
        return f"{f}: {key.decode()}: {value.decode()} added at the top"
    m = LINE_KEY.match(lines[i].rstrip(b"\r\n"))
    new = b" " * len(m.group(1)) + key + b": " + value + b"\n"
    if m.group(1).endswith(b"- "):
        lines.insert(i + 1, new)
    else:
        lines.insert(i, new)
    files[f] = b"".join(lines)
    return f"{f}: {key.decode()}: {value.decode()} added by line {i + 1}"


def m_change_id(data, files):
    f = _pick_file(data, files)
    old = data.draw(st.sampled_from(IDS))
    new = data.draw(st.sampled_from([n for n in NEW_IDS if n != old]))
    every = data.draw(st.booleans())
    files[f] = files[f].replace(old.encode(), new.encode(), -1 if every else 1)
    return f"{f}: {'every' if every else 'the first'} {old} -> {new!r}"


def m_drop_file(data, files):
    f = _pick_file(data, files)
    del files[f]
    return f"{f}: dropped"


def m_copy_file(data, files):
    f = _pick_file(data, files)
    to = data.draw(st.sampled_from(COPY_TO))
    files[to] = files[f]
    return f"{f}: copied to {to}"


def m_policy(data, files):
    text = data.draw(st.sampled_from(POLICIES)).encode()
    if data.draw(st.booleans()) and "salesctl.yaml" in files:
        files["salesctl.yaml"] = files["salesctl.yaml"] + b"\n" + text
        return f"salesctl.yaml: {text!r} appended"
    files["salesctl.yaml"] = text
    return f"salesctl.yaml: is {text!r}"


def m_encoding(data, files):
    f = _pick_file(data, files)
    how = data.draw(st.sampled_from(["gbk", "utf-16", "utf-8-sig", "crlf", "latin-1"]))
    try:
        text = files[f].decode("utf-8")
        files[f] = text.replace("\n", "\r\n").encode() if how == "crlf" else text.encode(how, "replace")
    except UnicodeDecodeError:
        return f"{f}: not UTF-8, left as is"
    return f"{f}: written as {how}"


MUTATIONS = [m_flip, m_truncate, m_delete_line, m_duplicate_line, m_indent, m_insert, m_replace_value,
             m_replace_value, m_remove_key, m_add_key, m_change_id, m_drop_file, m_copy_file, m_policy, m_encoding]


# The commands: every read command, over the month and week of the BASE records, then a few writes.
READS = [
    ["check"], ["lead", "list"], ["lead", "show", "L-0001"], ["split", "--month", "2026-08"],
    ["score", "--month", "2026-08"], ["payout", "--month", "2026-08"], ["report", "--month", "2026-08"],
    ["assign", "--dry-run", "--as-of", "2026-08-10"], ["close", "--month", "2026-07", "--dry-run"],
    ["history", "L-0001"], ["diff"],
]
MORE_READS = [
    ["check", "--at", "HEAD"], ["policy", "show"], ["staff", "list"], ["team", "list"], ["deal", "list"], ["visit", "list"],
    ["attendance", "list"], ["staff", "show", "S-1"], ["deal", "show", "D-0001"], ["split", "--month", "2026-08",
    "--by", "staff", "--explain"], ["score", "--week", "2026-W32"], ["score", "--quarter", "2026Q3"],
    ["score", "--month", "2026-08", "--explain", "S-1"], ["payout", "--week", "2026-W32"],
    ["payout", "--month", "2026-08", "--by", "staff", "-f", "csv"], ["payout", "--month", "2026-08", "--statement", "S-1"],
    ["payout", "--quarter", "2026Q3"], ["report", "--week", "2026-W32"], ["assign", "--report", "--month", "2026-08"],
    ["assign", "--dry-run", "--explain"], ["close", "--month", "2026-08", "--dry-run"], ["history", "S-1"],
    ["history", "S-2:2026-08-04"], ["history", "V-0001"], ["lead", "list", "-f", "json"], ["lead", "show", "L-0001", "-f", "json"],
    ["department", "list"], ["--redact", "lead", "list"], ["--lang", "zh", "check"],
]
LEAD_FIELDS = ["status", "grade", "owner", "team", "name", "phone", "source", "note"]
FIELD_VALUES = ["visited", "important", "S-2", "S-9", "T-1", "李四", "13800000002", "web", "", "😀", "x" * 300,
                "2026-02-30", "-1", "[1]", "{a: 1}", "null", "1e400"]


def _arg(s: str) -> str:
    return s.replace("\x00", "")   # a real argv cannot hold NUL


def writes(data):
    field = data.draw(st.sampled_from(LEAD_FIELDS), label="lead field")
    value = data.draw(st.one_of(st.sampled_from(FIELD_VALUES), st.text(max_size=6)), label="lead value")
    summary = data.draw(st.one_of(st.just("约了周六参观"), st.text(max_size=8)), label="visit summary")
    amount = data.draw(st.sampled_from(["3680", "0", "-1", "3680.001", "1e3", "NaN", "99999999999999"]), label="amount")
    return [
        ["lead", "set", "L-0001", _arg(f"{field}={value}")],
        ["visit", "add", "staff=S-1", "at=2026-08-04T11:00+08:00", "lead=L-0001", "kind=call", _arg(f"summary={summary}")],
        ["deal", "add", "lead=L-0001", "product=年卡", f"amount={amount}", "signed=2026-08-10",
         "payment.date=2026-08-10", "payment.taken_by=S-1"],
    ]


class Hang(BaseException):
    """Raised by the alarm in a command that takes too long (a BaseException: the CLI's handler lets it by)."""


@contextmanager
def time_limit(seconds):
    def alarm(signum, frame):
        raise Hang(f"no end after {seconds}s")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def changed(files: dict[str, bytes]) -> str:
    """The files that differ from the seed folder, as a Python literal to paste into a test."""
    seed_bytes = {k: v.encode() for k, v in SEED_FILES.items()}
    out = [f"    {k!r}: {v!r}," for k, v in sorted(files.items()) if seed_bytes.get(k) != v]
    gone = [k for k in sorted(seed_bytes) if k not in files]
    return "{\n" + "\n".join(out) + "\n}" + (f"\ndropped: {gone}" if gone else "")


def verdict(result) -> str | None:
    """Why this outcome is not acceptable, or None."""
    text = (result.stdout or "") + (result.stderr or "")
    if "Traceback" in text:
        return "a traceback"
    if result.exit_code == 0:
        return None if text.strip() else "exit 0 and no output"
    if result.exit_code in DOCUMENTED:
        return None if (result.stderr or "").strip() else f"exit {result.exit_code} and no message on stderr"
    return f"exit {result.exit_code}" + (" (internal error)" if result.exit_code == 70 else " (not a documented status)")


def replay(files: dict[str, bytes], command: list[str], commit: bool = True, root: Path | None = None):
    """Build the folder of a failure report and run its command: files as the report prints them."""
    root = Path(root or tempfile.mkdtemp()) / "records"
    build(root, files, commit)
    return run(*command, records=root)


def build(root: Path, files: dict[str, bytes], commit: bool) -> None:
    """The seed folder committed, then the mutated files laid over it; with commit, committed too."""
    make_repo(root, SEED_FILES)
    for rel in SEED_FILES:
        if rel not in files:
            (root / rel).unlink()
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content)
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", "mutated")


@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_no_command_ends_in_an_internal_error_on_any_records(data):
    policy = data.draw(st.sampled_from([None, POLICY_SMALL, POLICY_FULL]), label="policy")
    files = {k: v.encode() for k, v in SEED_FILES.items()}
    if policy is not None:
        files["salesctl.yaml"] = policy.encode()
    done = []
    for _ in range(data.draw(st.integers(0, 4), label="mutations")):
        if not files:
            break
        done.append(data.draw(st.sampled_from(MUTATIONS), label="mutation")(data, files))
    commit = data.draw(st.booleans(), label="commit the mutated files")
    commands = READS + data.draw(st.lists(st.sampled_from(MORE_READS), max_size=3, unique_by=tuple), label="more")
    commands = [(["diff", "HEAD~1", "HEAD"] if commit and c == ["diff"] else c) for c in commands] + writes(data)

    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        for k, v in WRITE_ENV.items():
            mp.setenv(k, v)
        root = Path(tmp) / "records"
        build(root, files, commit)
        for command in commands:
            try:
                with time_limit(HANG):
                    result = run(*command, records=root)
                why = verdict(result)
                if command == ["check"]:
                    event(f"check exit {result.exit_code}")
                out, err = result.stdout, result.stderr
            except (Exception, Hang) as e:   # out of the CLI: worse than exit 70
                why, out, err = f"{type(e).__name__}: {e}", "", ""
            if why:
                pytest.fail(
                    f"salesctl --records RECORDS {' '.join(command)}: {why}\n"
                    f"seed {SEED} (SALESCTL_FUZZ_SEED={SEED} to repeat this run)\n"
                    f"mutations: {done or 'none'}; committed: {commit}; policy: "
                    f"{'none' if policy is None else 'small' if policy is POLICY_SMALL else 'records/salesctl.yaml'}\n"
                    f"files changed from the seed folder:\n{changed(files)}\n"
                    f"replay: replay(FILES, {command!r}, commit={commit})\n"
                    f"--- stdout\n{out[-3000:]}\n--- stderr\n{err[-3000:]}", pytrace=False)


if __name__ == "__main__":   # a long run: python tests/test_fuzz.py [EXAMPLES]
    env = {"SALESCTL_FUZZ_SEED": "random", **os.environ,
           "SALESCTL_FUZZ_EXAMPLES": sys.argv[1] if len(sys.argv) > 1 else "2000"}
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__], env=env))
