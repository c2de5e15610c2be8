"""What every command module shares: the global context, loading, output, write options."""
from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Optional

import typer

from salesctl.commands.common import refuse_unusable
from salesctl.errors import Exit, UserError

FORMAT_HELP = "Output format: table, csv, json, or a tabulate format (github, plain, simple, pipe …)."
Fmt = Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP, metavar="FORMAT")]


@dataclass
class Ctx:
    """Global options, set by the root callback and read by every command."""

    records: Path
    at: Optional[str] = None
    quiet: bool = False
    _loaded: object = None
    write: dict = field(default_factory=dict)


def _current_context():
    try:  # typer >= 0.20 carries its own copy of click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older typer on the real click
        from click import get_current_context
    return get_current_context()


def ctx() -> Ctx:
    c = _current_context().find_root()
    if not isinstance(c.obj, Ctx):
        c.obj = Ctx(records=default_records())
    return c.obj


def default_records() -> Path:
    """./records; or, when there is none and this folder holds a policy file, this folder."""
    env = os.environ.get("SALESCTL_RECORDS")
    if env:
        return Path(env)
    if not Path("records").is_dir() and Path("salesctl.yaml").is_file():
        return Path(".")
    return Path("records")


def source():
    """The source records are read from: the working tree, or git at --at REV."""
    from salesctl import gitops
    from salesctl.source import WorkTree

    c = ctx()
    root = c.records
    if c.at:
        return gitops.tree_source(root, c.at)
    if not root.is_dir():
        raise UserError(f"no records folder at {root} (use --records DIR, SALESCTL_RECORDS, or `salesctl init DIR`)", Exit.USAGE)
    return WorkTree(root)


def load(usable: bool = True):
    """Load the records once per process (the loader's result, with problems). `usable`: refuse
    records whose policy no command can run with (commands.common.refuse_unusable); check passes False."""
    c = ctx()
    if c._loaded is None:
        from salesctl.loader import load as _load

        c._loaded = _load(source())
    if usable:
        refuse_unusable(c._loaded)
    return c._loaded


def records():
    return load().records


def load_for(month: str):
    """The records for a report about `month`: at the month's close tag when it is closed, so a
    closed month's figures print exactly as they were closed; otherwise (or with --at) as load()."""
    c = ctx()
    if c.at or not c.records.is_dir():
        return load()
    from salesctl.closing import source_for_month

    src = source_for_month(c.records, month)
    if src is None:
        return load()
    from salesctl.loader import load as _load

    note(f"{month} is closed: computed from the records at {src.rev}")
    loaded = _load(src)
    refuse_unusable(loaded)
    return loaded


def period_of(month, quarter, year):
    """The one period option given (--month, --quarter, --year), as a calendar Period (usage error otherwise)."""
    from salesctl.domain.calendar import parse_period

    given = [x for x in (month, quarter, year) if x]
    if len(given) != 1:
        raise UserError("give exactly one of --month, --quarter, --year", Exit.USAGE)
    try:
        period = parse_period(given[0])
    except ValueError as e:
        raise UserError(str(e), Exit.USAGE)
    kind = "month" if month else "quarter" if quarter else "year"
    if period.kind != kind:
        raise UserError(f"--{kind} {given[0]!r} is not a {kind}", Exit.USAGE)
    return period


def out(text: str) -> None:
    """A result, on stdout."""
    if text:
        typer.echo(text)


def note(text: str) -> None:
    """A message for people, on stderr; silenced by --quiet."""
    if not ctx().quiet:
        typer.echo(text, err=True)


def emit(rows, columns=None, fmt: str = "table", headers=None) -> None:
    from salesctl.render import render

    check_format(fmt)
    out(render(rows, columns, fmt, headers))


def check_format(fmt: str) -> None:
    from salesctl.render import FORMATS

    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})", Exit.USAGE)


def writes(fn):
    """Give a write command the shared write options (--no-commit, --author, --wait, --allow-detached)."""
    extra = [
        inspect.Parameter("no_commit", inspect.Parameter.KEYWORD_ONLY, default=False,
                          annotation=Annotated[bool, typer.Option("--no-commit", help="Write the files but make no git commit.")]),
        inspect.Parameter("author", inspect.Parameter.KEYWORD_ONLY, default=None,
                          annotation=Annotated[Optional[str], typer.Option("--author", envvar="SALESCTL_AUTHOR", help="Commit author, 'Name <email>' (default: the git user).")]),
        inspect.Parameter("wait", inspect.Parameter.KEYWORD_ONLY, default=0.0,
                          annotation=Annotated[float, typer.Option("--wait", help="Seconds to wait for another salesctl writing here (then exit 3).", min=0)]),
        inspect.Parameter("allow_detached", inspect.Parameter.KEYWORD_ONLY, default=False,
                          annotation=Annotated[bool, typer.Option("--allow-detached", help="Commit even on a detached HEAD.")]),
    ]
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, no_commit=False, author=None, wait=0.0, allow_detached=False, **kwargs):
        if ctx().at:
            raise UserError("--at reads records at a revision; write commands work on the working tree only", Exit.USAGE)
        ctx().write = dict(no_commit=no_commit, author=author, wait=wait, allow_detached=allow_detached)
        return fn(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *extra])
    return wrapper


def write_opts():
    """The write options of this command (see writes), for a command function."""
    from salesctl.commands.common import WriteOptions

    return WriteOptions(**ctx().write)


def clock() -> dt.datetime:
    """Now, the time a command function is given as `now`."""
    return dt.datetime.now(dt.timezone.utc)


def call(command, *args, render=None, **kwargs):
    """Run a command function (salesctl.commands) and show its result: its notes on stderr in the
    order they were made (also those made before it raised), render(result) between the notes
    made for before the output and the summaries made for after it. Notes are silenced by
    --quiet unless marked always."""
    from salesctl.commands.common import Notes

    notes = Notes()
    try:
        result = command(*args, notes=notes, **kwargs)
    except BaseException:
        _show(notes)
        raise
    _show(n for n in notes if not n.after)
    if render is not None:
        render(result)
    _show(n for n in notes if n.after)
    return result


def _show(notes) -> None:
    for n in notes:
        if n.always:
            typer.echo(n.text, err=True)
        else:
            note(n.text)


def fail_on_errors(problems, fmt: str = "table") -> None:
    """Print problems to stderr and exit 1 when any is an error."""
    errs = [p for p in problems if p.level == "error"]
    if errs:
        for p in errs[:50]:
            typer.echo(str(p), err=True)
        if len(errs) > 50:
            typer.echo(f"… and {len(errs) - 50} more (run `salesctl check`)", err=True)
        raise UserError(f"the records have {len(errs)} error(s); nothing was done", Exit.RECORDS)


def is_tty() -> bool:
    return sys.stdin.isatty()
