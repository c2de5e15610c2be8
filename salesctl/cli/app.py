"""The root command: global options, error handling, exit statuses, and the command modules."""
from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from salesctl import __version__
from salesctl.cli.common import report_commands as _report_commands
from salesctl.errors import Exit, UserError

EXIT_HELP = """Exit status: 0 ok; 1 the records have errors (check failed, a write was refused);
2 usage; 3 locked by another salesctl writer; 4 git problem (merge or rebase in progress,
detached HEAD, unknown revision); 5 no such record; 70 internal error (a bug: please report it)."""

# Command modules, each with register(app). Order is the order of `salesctl --help`.
MODULES = ["check", "policy", "records", "review", "plans", "assign", "pool", "split", "score", "payout", "close", "history", "init"]


class Group(TyperGroup):
    """Turns a UserError anywhere below into a message on stderr and its exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as e:
            for p in e.problems:
                typer.echo(str(p), err=True)
            typer.echo(f"salesctl: error: {e.message}", err=True)
            raise typer.Exit(e.status)
        except KeyboardInterrupt:
            raise typer.Exit(130)
        except BrokenPipeError:
            raise typer.Exit(0)
        except Exception as e:
            if type(e).__module__.split(".")[0] in ("typer", "click"):
                raise  # usage errors, --help, typer.Exit: click's own handling
            if os.environ.get("SALESCTL_DEBUG"):
                traceback.print_exc()
            typer.echo(f"salesctl: internal error: {type(e).__name__}: {e}\n"
                       "This is a bug in salesctl. Run again with SALESCTL_DEBUG=1 for the traceback and report it.", err=True)
            raise typer.Exit(Exit.INTERNAL)

    def list_commands(self, ctx):  # keep registration order, not alphabetical
        return list(self.commands)


app = typer.Typer(
    cls=Group,
    name="salesctl",
    help="Run a sales organisation from plain YAML records in git.\n\n"
         "Records: --records DIR, else $SALESCTL_RECORDS, else ./records.\n\n" + EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
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
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
):
    from salesctl.cli.common import Ctx, default_records

    ctx.obj = Ctx(records=records or default_records(), at=at, quiet=quiet)


for _name in MODULES:
    importlib.import_module(f"salesctl.cli.{_name}").register(app)
_report_commands(app)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C: writes are rolled back, the lock released


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except BrokenPipeError:  # `salesctl lead list | head`
        sys.stderr.close()
        sys.exit(0)
