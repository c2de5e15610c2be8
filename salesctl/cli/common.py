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

from salesctl.cli import term
from salesctl.commands.common import refuse_unusable
from salesctl.errors import Exit, UserError
from salesctl.i18n import _, ngettext

FORMAT_HELP = "Output format: table, csv, json, or a tabulate format (github, plain, simple, pipe …)."
Fmt = Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP, metavar="FORMAT")]


@dataclass
class Ctx:
    """Global options, set by the root callback and read by every command."""

    records: Path
    at: Optional[str] = None
    quiet: bool = False
    redact: bool = False             # --redact: contact data masked in every result and message (salesctl.privacy)
    allow_errors: bool = False       # --allow-errors: compute without records that do not load, saying so
    _loaded: object = None
    write: dict = field(default_factory=dict)
    output: Optional[Path] = None    # -o FILE: the result goes there, whole, when the command succeeds
    encoding: str = "utf-8"          # --encoding of the result (stdout or -o FILE)
    _held: Optional[list] = None     # the result's text, held until the command succeeds (-o, --encoding)
    _progress: object = False        # the run's progress reporter (cli.term), made on first use; None: none


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
        raise UserError(_("no records folder at {root} (use --records DIR, SALESCTL_RECORDS, or `salesctl init DIR`)").format(root=root), Exit.USAGE)
    return WorkTree(root)


def load(usable: bool = True):
    """Load the records once per process (the loader's result, with problems). `usable`: refuse
    records whose policy no command can run with (commands.common.refuse_unusable); check passes False."""
    c = ctx()
    if c._loaded is None:
        from salesctl.loader import load as _load

        c._loaded = _load(source(), progress=progress())
    if usable:
        refuse_unusable(c._loaded)
    return c._loaded


def records():
    return load().records


def load_for(period):
    """The records for a report about `period` (a calendar Period or Week, or a month YYYY-MM): at the
    month's close tag when it is closed, so a closed month's figures print exactly as they were closed;
    otherwise (or with --at) as load(). Refused (require_loaded) when a record the period reads does
    not load."""
    label, last = (period, period) if isinstance(period, str) else (period.label, period.months[-1])
    c = ctx()
    src = None
    if not c.at and c.records.is_dir():
        from salesctl.closing import source_for_month

        src = source_for_month(c.records, label)
    if src is None:
        loaded = load()
    else:
        from salesctl.loader import load as _load

        note(f"{label} is closed: computed from the records at {src.rev}")
        loaded = _load(src, progress=progress())
        refuse_unusable(loaded)
    require_loaded(loaded, until=last)
    return loaded


def require_loaded(loaded, kinds=None, until=None, since=None) -> None:
    """Refuse (exit 1, naming them) to compute a result that depends on records that do not load, or
    with --allow-errors compute without them and say so on stderr (even with --quiet: the result is
    short of something). commands.common.refuse_not_loaded decides."""
    from salesctl.commands.common import refuse_not_loaded

    c, names = _current_context(), []
    while c.parent is not None:   # the command's words below the root: "payout", "lead list"
        names.append(c.info_name)
        c = c.parent
    what = " ".join(reversed(names))
    refuse_not_loaded(loaded, what, ctx().allow_errors, lambda text: (clear_progress(), term.echo_err(shown(text))),
                      kinds=kinds, until=until, since=since)


def period_of(month, quarter, year):
    """The one period option given (--month, --quarter, --year), as a calendar Period (usage error otherwise)."""
    from salesctl.domain.calendar import parse_period

    given = [x for x in (month, quarter, year) if x]
    if len(given) != 1:
        raise UserError(_("give exactly one of --month, --quarter, --year"), Exit.USAGE)
    try:
        period = parse_period(given[0])
    except ValueError as e:
        raise UserError(str(e), Exit.USAGE)
    kind = "month" if month else "quarter" if quarter else "year"
    if period.kind != kind:
        raise UserError({"month": _("--month {value!r} is not a month"), "quarter": _("--quarter {value!r} is not a quarter"),
                         "year": _("--year {value!r} is not a year")}[kind].format(value=given[0]), Exit.USAGE)
    return period


def period_or_week(month, week, quarter=None, year=None):
    """The one period option given, as a calendar Period, or a calendar Week for --week (ISO week in
    the business time zone); usage error otherwise."""
    from salesctl.domain.calendar import parse_week

    if week is None:
        return period_of(month, quarter, year)
    if month or quarter or year:
        raise UserError(_("give exactly one of --month, --week, --quarter, --year"), Exit.USAGE)
    try:
        return parse_week(week)
    except ValueError as e:
        raise UserError(f"--week: {e}", Exit.USAGE)


def progress():
    """The progress callback for the loader and the checks (salesctl.cli.term): one for the run, made
    when the work starts; None when stderr is not a terminal or with --quiet."""
    c = ctx()
    if c._progress is False:
        c._progress = term.progress(c.quiet)
    return c._progress


def clear_progress() -> None:
    """Take a progress line off the terminal before anything else is printed on it."""
    c = ctx()
    if c._progress:
        c._progress.clear()


def colour() -> bool:
    """Whether a result printed now gets colour (cli.term.colour_on: stdout a terminal, and the result
    not held for -o FILE or --encoding)."""
    return term.colour_on(sys.stdout, held=ctx()._held is not None)


def redacting() -> bool:
    """Whether this run masks contact data (--redact), for a command that renders data itself."""
    return ctx().redact


def shown(text: str) -> str:
    """Text as it may be printed: with --redact what looks like contact data masked
    (privacy.scrub), and control characters other than newline and tab escaped (render.visible)."""
    from salesctl.escapes import visible

    if ctx().redact:
        from salesctl.privacy import scrub

        text = scrub(text)
    return visible(text, keep="\n\t")


def out(text: str, shown_already: bool = False) -> None:
    """A result, on stdout (or held for -o FILE / --encoding until the command succeeds), as
    shown() shows it (unless the caller did: a text coloured after that, as check's)."""
    if text:
        if not shown_already:
            text = shown(text)
        c = ctx()
        if c._held is not None:
            c._held.append(text)
        else:
            typer.echo(text)


ENCODINGS = ("utf-8", "utf-8-sig", "gbk")
ENCODING_HELP = ("Encoding of the output: utf-8 (default), utf-8-sig (with a BOM: Excel opens it right) or gbk "
                 "(Excel on Chinese Windows).")


def encode(text: str, encoding: str, where: str) -> bytes:
    """text in `encoding`; a character the encoding has no code for is a usage error naming it and its line."""
    if encoding not in ENCODINGS:
        raise UserError(_("--encoding {encoding!r}: use one of {encodings}").format(encoding=encoding, encodings=', '.join(ENCODINGS)), Exit.USAGE)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as e:
        bad = text[e.start]
        line = text.count("\n", 0, e.start) + 1
        raise UserError(_("{where}:{line}: --encoding {encoding} cannot encode {char!r} (U+{code}); "
                          "nothing was written (use --encoding utf-8 or utf-8-sig)").format(
                            where=where, line=line, encoding=encoding, char=bad, code=f"{ord(bad):04X}"), Exit.USAGE)


def write_output(path: Path, text: str, encoding: str | None = None) -> None:
    """A result file (-o FILE, payout --totals FILE) in the command's --encoding, written whole or not
    at all (the writer's temporary file and rename)."""
    from salesctl.files import atomic_write

    data = encode(text if text.endswith("\n") or not text else text + "\n", encoding or ctx().encoding, str(path))
    try:
        atomic_write(path, data)
    except OSError as e:
        raise UserError(_("{path}: cannot write: {why}").format(path=path, why=e.strerror or e), Exit.USAGE)


def outputs(fn):
    """Give a report command -o/--output FILE and --encoding: its result (what out() prints) is held
    and, when the command succeeds, printed or written to FILE whole (nothing when it fails)."""

    @functools.wraps(fn)
    def wrapper(*args, output=None, encoding="utf-8", **kwargs):
        c = ctx()
        encode("", encoding, "--encoding")   # an unknown encoding: a usage error before any work
        c.output, c.encoding = output, encoding
        held = c._held = [] if (output is not None or encoding != "utf-8") else None
        done = None
        try:
            result = fn(*args, **kwargs)
        except typer.Exit as e:   # `raise typer.Exit(status)` (check, plan overdue): 0 is a success too
            if e.exit_code != 0:
                raise
            result, done = None, e
        finally:
            c._held = None
        if held is not None:
            text = "\n".join(held)
            if output is not None:
                write_output(output, text, encoding)
            elif text:
                data = encode(text + "\n", encoding, "<stdout>")
                typer.echo(data, nl=False)
        if done is not None:
            raise done
        return result

    return _Signed(wrapper, fn)


class _Signed:
    """A command function whose signature (fn's and outputs' two options) is worked out when typer
    first asks for it, not when the command is registered: `salesctl --help` never asks."""

    def __init__(self, wrapper, fn):
        functools.update_wrapper(self, fn)
        del self.__wrapped__          # inspect.signature must stop here and read __signature__
        self.__globals__ = fn.__globals__   # typing.get_type_hints resolves fn's annotations in its module
        self._call, self._fn, self._sig = wrapper, fn, None

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    @property
    def __signature__(self):
        if self._sig is None:
            extra = [
                inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY, default=None,
                                  annotation=Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the result to FILE (whole, or nothing on an error) instead of stdout.", metavar="FILE")]),
                inspect.Parameter("encoding", inspect.Parameter.KEYWORD_ONLY, default="utf-8",
                                  annotation=Annotated[str, typer.Option("--encoding", help=ENCODING_HELP, metavar="|".join(ENCODINGS))]),
            ]
            sig = inspect.signature(self._fn, eval_str=True)
            self._sig = sig.replace(parameters=[*sig.parameters.values(), *extra])
        return self._sig


def report_commands(app) -> None:
    """-o/--output and --encoding (outputs) on every command that takes --format: one place, not per command."""
    for info in app.registered_commands:
        code = getattr(info.callback, "__code__", None)
        if code is not None and "fmt" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
            info.callback = outputs(info.callback)
    for group in app.registered_groups:
        report_commands(group.typer_instance)


def note(text: str) -> None:
    """A message for people, on stderr; silenced by --quiet."""
    if not ctx().quiet:
        term.echo_err(shown(text))


def emit(rows, columns=None, fmt: str = "table", headers=None) -> None:
    from salesctl.render import render

    check_format(fmt)
    out(render(rows, columns, fmt, headers, redact=ctx().redact))


def check_format(fmt: str) -> None:
    from salesctl.render import FORMATS

    if fmt not in FORMATS:
        raise UserError(_("unknown format {format!r} (one of {formats})").format(format=fmt, formats=', '.join(FORMATS)), Exit.USAGE)


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
            raise UserError(_("--at reads records at a revision; write commands work on the working tree only"), Exit.USAGE)
        ctx().write = dict(no_commit=no_commit, author=author_option(author), wait=wait, allow_detached=allow_detached)
        return fn(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *extra])
    return wrapper


def author_option(author: Optional[str]) -> Optional[str]:
    """The command's --author (or SALESCTL_AUTHOR, where the option was not given), checked to be
    'Name <email>': the author and committer of its commits, with no git configuration needed."""
    from salesctl.gitops import parse_author

    if author is None:
        return None
    try:
        parse_author(author)
    except ValueError:
        source = _current_context().get_parameter_source("author")
        where = "SALESCTL_AUTHOR" if source is not None and source.name == "ENVIRONMENT" else "--author"
        raise UserError(_("{where} {value!r} is not 'Name <email>' (e.g. 'cron <cron@club.example>')").format(where=where, value=author),
                        Exit.USAGE) from None
    return author


def write_opts():
    """The write options of this command (see writes), for a command function."""
    from salesctl.commands.common import WriteOptions

    return WriteOptions(**ctx().write, progress=progress())


def clock() -> dt.datetime:
    """Now, the time a command function is given as `now`: the system clock, or SALESCTL_NOW (an ISO
    date-time with its zone, e.g. 2026-11-01T06:00+08:00) to run a command as of another moment —
    tests, and a rerun of what a cron job did. The one place a command reads the clock."""
    text = os.environ.get("SALESCTL_NOW")
    if not text:
        return dt.datetime.now(dt.timezone.utc)
    try:
        t = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        t = None
    if t is None or t.tzinfo is None:
        raise UserError(_("SALESCTL_NOW {value!r} is not a date-time with its zone (e.g. 2026-11-01T06:00+08:00)").format(value=text), Exit.USAGE)
    return t.astimezone(dt.timezone.utc)


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
        clear_progress()
        _show(notes)
        raise
    clear_progress()
    _show(n for n in notes if not n.after)
    if render is not None:
        render(result)
    _show(n for n in notes if n.after)
    return result


def _show(notes) -> None:
    for n in notes:
        if n.always:
            term.echo_err(shown(n.text))
        else:
            note(n.text)


def fail_on_errors(problems, fmt: str = "table") -> None:
    """Print problems to stderr and exit 1 when any is an error."""
    errs = [p for p in problems if p.level == "error"]
    if errs:
        for p in errs[:50]:
            term.echo_err(shown(str(p)))
        if len(errs) > 50:
            typer.echo(_("… and {n} more (run `salesctl check`)").format(n=len(errs) - 50), err=True)
        raise UserError(ngettext("the records have {n} error(s); nothing was done", "the records have {n} error(s); nothing was done",
                                 len(errs)).format(n=len(errs)), Exit.RECORDS)


def is_tty() -> bool:
    return sys.stdin.isatty()
