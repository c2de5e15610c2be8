"""The root command: global options, error handling, exit statuses, and the command modules."""
from __future__ import annotations

import contextlib
import importlib
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from salesctl import __version__
from salesctl.cli import term
from salesctl.cli.common import report_commands as _report_commands
from salesctl.errors import Exit, UserError
from salesctl.i18n import LANGUAGES, _, from_environment, normalise, set_language

EXIT_HELP = """Exit status: 0 ok; 1 the records have errors (check failed, a write was refused);
2 usage; 3 locked by another salesctl writer; 4 git problem (merge or rebase in progress,
detached HEAD, unknown revision); 5 no such record; 70 internal error (a bug: please report it)."""

# Command modules, each with register(app). Order is the order of `salesctl --help`.
MODULES = ["check", "policy", "records", "review", "plans", "assign", "pool", "split", "score", "payout", "report", "close", "history", "export", "init", "cache"]


class Group(TyperGroup):
    """Turns a UserError anywhere below into a message on stderr and its exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as e:
            _clear_progress(ctx)
            for p in e.problems:
                term.echo_err(_shown(ctx, str(p)))
            term.echo_err(_shown(ctx, f"salesctl: error: {e.message}"))
            raise typer.Exit(e.status)
        except KeyboardInterrupt:
            _clear_progress(ctx)
            raise typer.Exit(130)
        except BrokenPipeError:
            raise typer.Exit(0)
        except Exception as e:
            if type(e).__module__.split(".")[0] in ("typer", "click"):
                raise  # usage errors, --help, typer.Exit: click's own handling
            _clear_progress(ctx)
            if os.environ.get("SALESCTL_DEBUG"):
                traceback.print_exc()
            term.echo_err(_shown(ctx, f"salesctl: internal error: {type(e).__name__}: {e}") + "\n"
                          + _("This is a bug in salesctl. Run again with SALESCTL_DEBUG=1 for the traceback and report it."))
            raise typer.Exit(Exit.INTERNAL)
        finally:
            _clear_progress(ctx)

    def list_commands(self, ctx):  # keep registration order, not alphabetical
        return list(self.commands)

    def main(self, args=None, *rest, **kwargs):
        """Every run (the console script and tests' CliRunner) starts here: choose the language first,
        so that help, click's own words and every message are in it."""
        argv = list(sys.argv[1:] if args is None else args)
        lang = lang_of(argv) or from_environment()
        set_language(lang)
        if lang != "en":
            translate_help(self)
        with click_language(lang):
            return super().main(global_options_first(self, argv), *rest, **kwargs)


def _shown(ctx, text: str) -> str:
    """An error message as it may be printed (cli.common.shown: masked with --redact, controls escaped)."""
    from salesctl.privacy import scrub
    from salesctl.escapes import visible

    if getattr(getattr(ctx, "obj", None), "redact", False):
        text = scrub(text)
    return visible(text, keep="\n\t")


def _clear_progress(ctx) -> None:
    """A progress line (cli.term) off the terminal before an error is printed or the run ends."""
    obj = getattr(ctx, "obj", None)
    if getattr(obj, "_progress", None):
        obj._progress.clear()


GLOBAL_OPTIONS = {"--records": True, "-R": True, "--at": True, "--lang": True, "--quiet": False, "-q": False,
                  "--redact": False, "--allow-errors": False}  # option -> takes a value


def global_options_first(root, argv: list[str]) -> list[str]:
    """`salesctl split --month 2026-10 --quiet` as `salesctl --quiet split --month 2026-10`: the root's
    options given after the command move before it, unless the command has an option of that name
    (its own wins). Nothing after `--` moves."""
    path_end, cmd, i = None, root, 0
    while i < len(argv):            # the command path: root options, then command names down to the leaf
        a = argv[i]
        if a == "--":
            break
        name = a.split("=", 1)[0]
        if cmd is root and name in GLOBAL_OPTIONS:
            i += 1 if "=" in a or not GLOBAL_OPTIONS[name] else 2
            continue
        if a.startswith("-"):
            break
        sub = getattr(cmd, "commands", {}).get(a)
        if sub is None:
            break
        cmd, i, path_end = sub, i + 1, i + 1
        if not getattr(sub, "commands", None):
            break
    if path_end is None:
        return argv
    own = {o for p in cmd.params for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))}
    moved, kept, j = [], argv[:path_end], path_end
    while j < len(argv):
        a = argv[j]
        if a == "--":
            kept += argv[j:]
            break
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and name not in own:
            takes = GLOBAL_OPTIONS[name] and "=" not in a
            moved += argv[j:j + 2] if takes else [a]
            j += 2 if takes else 1
            continue
        kept.append(a)
        j += 1
    return moved + kept


def lang_of(argv: list[str]) -> str | None:
    """The --lang given anywhere on the command line (before `--`), normalised; None when none is."""
    for i, a in enumerate(argv):
        if a == "--":
            break
        value = a[len("--lang="):] if a.startswith("--lang=") else argv[i + 1] if a == "--lang" and i + 1 < len(argv) else None
        if value is not None:
            return normalise(value)
    return None


def translate_help(command) -> None:
    """Help of `command` and everything below it in the language in effect (the English text is the msgid)."""
    if command.help:
        command.help = _(command.help)
    if getattr(command, "short_help", None):
        command.short_help = _(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    try:  # -h/--help is made (and cached) by the command on first use: make it now, in the language
        from typer._click.core import Context

        helper = command.get_help_option(Context(command, help_option_names=["-h", "--help"]))
        if helper is not None and helper.help:
            helper.help = _(helper.help)
    except ImportError:  # pragma: no cover - older typer on the real click, which translates it itself
        pass
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


@contextlib.contextmanager
def click_language(lang: str):
    """click's own words ("Usage:", "Options", "No such option") through the standard gettext it
    calls, from salesctl's catalogue (their msgids are in it), for the duration of one run."""
    import gettext

    from salesctl.i18n import DOMAIN, LOCALEDIR

    old_domain, old_env = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALEDIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(old_domain)
        if old_env is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = old_env


def is_example(line: str) -> bool:
    """A help line that is one example command line ("Example: salesctl …", in English or the language in effect)."""
    return line.lstrip().startswith(("Example:", _("Example:")))


def examples_kept(text: str) -> str:
    """Help text with its example lines marked for click not to rewrap: each example stays one line
    (however long), one per line, and a paragraph's text before its examples is wrapped as usual."""
    out: list[str] = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        first = next((i for i, line in enumerate(lines) if is_example(line)), None)
        if first is None:
            out.append(para)
            continue
        if first:
            out.append("\n".join(lines[:first]))
        out.append("\n".join(["\b", *lines[first:]]))
    return "\n\n".join(out)


def _usage_in_language() -> None:
    """typer's copy of click writes "Usage: " without gettext: the help formatter every context makes
    asks the catalogue for it instead (the one word of click's help that needs this)."""
    try:
        from typer._click import core as click_core, formatting
    except ImportError:  # pragma: no cover - older typer on the real click, which translates it itself
        return

    class Formatter(formatting.HelpFormatter):
        def write_usage(self, prog, args="", prefix=None):
            super().write_usage(prog, args, prefix if prefix is not None else _("Usage:") + " ")

        def write_text(self, text):
            super().write_text(examples_kept(text))

    click_core.Context.formatter_class = Formatter


_usage_in_language()

app = typer.Typer(
    cls=Group,
    name="salesctl",
    help="Run a sales organisation from plain YAML records in git.\n\n"
         "Records: --records DIR, else $SALESCTL_RECORDS, else ./records.\n\n" + EXIT_HELP,
    no_args_is_help=True,
    add_completion=True,     # --install-completion / --show-completion (bash, zsh, fish, powershell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        typer.echo(f"salesctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    records: Annotated[Optional[Path], typer.Option("--records", "-R", envvar="SALESCTL_RECORDS", help="The records folder.", show_default="./records")] = None,
    at: Annotated[Optional[str], typer.Option("--at", help="Read the records as they were at a git revision (commit, tag, branch), without checking out.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No messages on stderr, only results and errors.")] = False,
    redact: Annotated[bool, typer.Option("--redact", help="Mask personal data in every result and message: a phone keeps its last 4 digits (*******2484), an email its first letter and the domain's last label (h***@***.cn), a WeChat id its first 2 characters (wx***); phone-looking numbers and emails in notes too. See docs/security.md.")] = False,
    allow_errors: Annotated[bool, typer.Option("--allow-errors", help="Compute a result even when records it depends on do not load: without them, each named on stderr. Without it such a result is exit 1, naming them (docs/cli.md, Records that do not load).")] = False,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of headers, messages, help and reports: zh or en (default: $SALESCTL_LANG, else the locale, e.g. LANG=zh_CN.UTF-8, else en).", metavar="zh|en")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
):
    from salesctl.cli.common import Ctx, default_records

    if lang is not None and normalise(lang) is None:
        raise UserError(_("--lang {lang!r}: use one of {choices}").format(lang=lang, choices=", ".join(LANGUAGES)), Exit.USAGE)
    ctx.obj = Ctx(records=records or default_records(), at=at, quiet=quiet, redact=redact, allow_errors=allow_errors)
    if not ctx.resilient_parsing:   # the one place every command passes before it reads the records
        from salesctl.writer import recover

        recover(ctx.obj.records, term.echo_err)


for _name in MODULES:
    importlib.import_module(f"salesctl.cli.{_name}").register(app)
_report_commands(app)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: writes are rolled back, the lock released


def top_level_help(argv: list[str]) -> bool:
    """Whether the command line asks for the root's help alone (`salesctl`, `salesctl --help`, with
    global options such as --lang): no command's options are needed to show it."""
    rest, i = [], 0
    while i < len(argv):
        name = argv[i].split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            i += 1 if "=" in argv[i] or not GLOBAL_OPTIONS[name] else 2
            continue
        rest.append(argv[i])
        i += 1
    return rest in ([], ["--help"], ["-h"])


def shallow(typer_app: typer.Typer) -> typer.Typer:
    """A copy of the app whose commands keep their names and help but none of their parameters, and
    whose groups list nothing below them: what the root's help shows, built without reading every
    command's signature (the most of `salesctl --help`'s time)."""
    import copy

    def stub_of(info):
        def stub():
            pass
        stub.__doc__ = getattr(info.callback, "__doc__", None)
        info = copy.copy(info)
        info.callback = stub
        return info

    def group_of(info):
        info = copy.copy(info)
        info.typer_instance = sub = copy.copy(info.typer_instance)
        sub.registered_commands, sub.registered_groups = [], []
        return info

    root = copy.copy(typer_app)
    root.registered_commands = [stub_of(c) for c in typer_app.registered_commands]
    root.registered_groups = [group_of(g) for g in typer_app.registered_groups]
    return root


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    try:
        (shallow(app) if top_level_help(sys.argv[1:]) else app)()
    except BrokenPipeError:  # `salesctl lead list | head`
        sys.stderr.close()
        sys.exit(0)
    finally:
        if "salesctl.cache" in sys.modules:   # what engines kept of the records state (month summaries)
            sys.modules["salesctl.cache"].flush()
