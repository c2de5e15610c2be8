"""What every command function shares: its Result, its notes, write options, the write flow."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from salesctl.errors import Exit, UserError
from salesctl.i18n import _, using


@dataclass(frozen=True)
class Note:
    """A message for people. `always`: shown even when messages are silenced (a skipped row);
    `after`: a summary, shown after the command's output rather than before it."""

    text: str
    always: bool = False
    after: bool = False


class Notes(list):
    """The notes of one command run, in the order they were made.

    The caller may pass its own Notes to a command to see the notes made before it raised."""

    def add(self, text: str, always: bool = False, after: bool = False) -> None:
        self.append(Note(text, always, after))

    def texts(self) -> list[str]:
        return [n.text for n in self]


@dataclass
class Result:
    """What a command did: data for the CLI to render, notes for people, the exit status."""

    data: Any = None
    notes: Notes = field(default_factory=Notes)
    status: int = Exit.OK

    @classmethod
    def start(cls, notes: Optional[Notes]) -> "Result":
        return cls(notes=notes if notes is not None else Notes())

    def note(self, text: str, always: bool = False, after: bool = False) -> None:
        self.notes.add(text, always, after)


@dataclass(frozen=True)
class WriteOptions:
    """The shared options of a write command (see salesctl.writer.transaction)."""

    no_commit: bool = False
    author: Optional[str] = None
    wait: float = 0.0
    allow_detached: bool = False
    # the loader's and the checks' progress callback (salesctl.loader.Progress), for people at a terminal
    progress: Optional[Callable] = field(default=None, compare=False, repr=False)


@contextlib.contextmanager
def transaction(root: Path, command: str, opts: WriteOptions, notes: Notes):
    """A write transaction on the records folder; the writer's warnings become notes. Refused on
    records no command can use (refuse_unusable: a bad business time zone)."""
    from salesctl import writer

    with writer.transaction(root, command, on_warning=notes.add, no_commit=opts.no_commit,
                            author=opts.author, wait=opts.wait, allow_detached=opts.allow_detached,
                            progress=opts.progress) as tx:
        refuse_unusable(tx.loaded)
        yield tx


def refuse_unusable(loaded) -> None:
    """Exit 1 with the policy's problems when no command can run on it: an unknown business time
    zone (the loader reports it, validated once when the policy loads), or any error in salesctl.yaml
    or the preset it names (the loader then leaves the policy out)."""
    from salesctl.policy import ZONE
    from salesctl.policy.layers import POLICY_FILE

    bad = [p for p in loaded.problems if p.code == ZONE]
    if bad:
        raise UserError(_("{path}: the business time zone is unknown; nothing was done (run salesctl check)").format(path=bad[0].path),
                        Exit.RECORDS, problems=bad)
    bad = [p for p in loaded.problems if p.level == "error" and (p.path == POLICY_FILE or p.path.startswith("templates/presets/"))]
    if bad:   # with the policy left out every rule of every book would run on its defaults
        raise UserError(_("{POLICY_FILE} has errors: no figure is computed with the default policy in its place; nothing was done (run salesctl check)").format(POLICY_FILE=POLICY_FILE), Exit.RECORDS, problems=bad)


def committed(result, message: str) -> str:
    """What a write did, for people (`message`, the commit's, is in the records' language)."""
    if not result.paths:
        return _("nothing to change")
    if result.sha:
        return f"{message} [{result.sha[:8]}]"
    return _("{message} (written, not committed: {n} file(s))").format(message=message, n=len(result.paths))


def records_language(records):
    """Within the block, text is in the language of text written into the records repository (commit
    messages, reasons in ownership logs): the policy's general.language, not the command line's."""
    return using(records.policy.general.language)


def read(root: Path, loaded=None, progress=None):
    """The records a dry run decides on: `loaded` when the caller has them (or a function that
    loads them, called only when they are needed), else the working tree of root (`progress`:
    the loader's callback)."""
    if callable(loaded):
        return loaded()
    if loaded is not None:
        return loaded
    from salesctl.loader import load
    from salesctl.source import WorkTree

    if not Path(root).is_dir():
        raise UserError(_("no records folder at {root}").format(root=root), Exit.USAGE)
    return load(WorkTree(Path(root)), progress=progress)


@dataclass
class Applied:
    """A decision made on the records, and the commit that landed it (None: dry run, or nothing to do)."""

    loaded: Any
    decision: Any
    done: Any = None
    message: str = ""


def decide_and_write(root: Path, command: str, decide: Callable, write: Callable, *, dry_run: bool,
                     opts: WriteOptions, notes: Notes, loaded=None) -> Applied:
    """The flow of a command that decides on the records and writes the decision.

    decide(loaded) -> decision; write(tx, decision) -> the commit message (built in the records'
    language: records_language; its first line is the note said when it lands), or None when there is
    nothing to write. A dry run decides on `loaded` (or the working tree) and writes nothing; else
    the decision is made under the writers' lock, on the records the transaction read, and the
    changes land in one commit.
    """
    if dry_run:
        loaded = read(root, loaded, opts.progress)
        return Applied(loaded, decide(loaded))
    with transaction(root, command, opts, notes) as tx:
        loaded = tx.loaded
        decision = decide(loaded)
        message = write(tx, decision)
        done = tx.commit(message) if message is not None else None
    if done is not None:
        notes.add(committed(done, message.split("\n", 1)[0]))   # the subject line; a body lists the changes
    return Applied(loaded, decision, done, message or "")


def moment(text: Optional[str], zone: dt.tzinfo, end_of_day: bool, now: dt.datetime, option: str = "--as-of") -> dt.datetime:
    """A command-line time: ISO date or date-time; no zone takes the policy's; none is `now`.

    A bare date means the end of that day (end_of_day) or its start.
    """
    if text is None:
        return now.astimezone(zone)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            d = dt.date.fromisoformat(text)
            t = dt.datetime.combine(d, dt.time.max if end_of_day else dt.time(), zone)
        else:
            t = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(_("{option} {text!r} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[+08:00])").format(option=option, text=text), Exit.USAGE)
    from salesctl.domain.calendar import MAX_YEAR, MIN_YEAR

    if not MIN_YEAR <= t.year <= MAX_YEAR:   # --as-of 0001-01-01: no month around it can be computed
        raise UserError(_("{option} {text!r}: the year must be from {low} to {high}").format(option=option, text=text, low=MIN_YEAR, high=MAX_YEAR), Exit.USAGE)
    return t if t.tzinfo else t.replace(tzinfo=zone)


def refuse_not_loaded(loaded, what: str, allow: bool, warn: Callable[[str], None], kinds=None, until: Optional[str] = None,
                      since: Optional[str] = None) -> None:
    """A result that depends on records that do not load (loader.Loaded.not_loaded) is not computed:
    exit 1 naming each (`path:line: error: …`). With `allow` (--allow-errors) it is computed without
    them, and `warn` says so, naming each: payroll never gets a file that silently misses a sale."""
    bad = loaded.not_loaded(kinds, until, since)
    if not bad:
        return
    if not allow:
        raise UserError(_("{what}: the result depends on records that do not load (listed above); nothing was computed: "
                          "fix them (salesctl check), or pass --allow-errors to compute without them").format(what=what),
                        Exit.RECORDS, problems=bad)
    for p in bad:
        warn(str(p))
    warn(_("{what}: computed without the records listed above, which do not load (--allow-errors): the result misses them").format(what=what))


def records_errors_note(loaded) -> Optional[str]:
    """The note a command adds when some records were left out because of errors."""
    if any(p.level == "error" for p in loaded.problems):
        return _("the records have errors (some records were left out): run salesctl check")
    return None
