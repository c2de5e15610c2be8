"""Terminal behaviour, decided here and nowhere else: progress on stderr and colour.

Progress: the loader and the checks take an optional callback `progress(stage, done, total)`
(stage "read" or "check"; pure code knows nothing of terminals). `Progress` is such a callback:
it writes "reading records… 12034/26538" with a carriage return on stderr, only when stderr is
a terminal, only once PROGRESS_DELAY seconds have passed since the command started its work
($SALESCTL_PROGRESS_DELAY overrides it: 0 shows it at once), and it clears the line when a stage
ends, so whatever is printed next starts on a clean line. Never in a pipe, a file or under cron,
and not with --quiet.

Colour: `error:` red, `warning:` yellow, only on a terminal, never with NO_COLOR set (any
non-empty value, https://no-color.org) or TERM=dumb. Results held for -o FILE or --encoding
never get colour (the caller says so: colour_on(stream, held)).
"""
from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from typing import Callable, Optional, TextIO

import typer

from salesctl.i18n import N_, _

PROGRESS_DELAY = 1.0     # seconds of silence before progress shows
REDRAW = 0.1             # at most this often, in seconds

STAGES = {"read": N_("reading records"), "check": N_("checking records")}
LEVEL_COLOURS = {"error": "red", "warning": "yellow"}


def progress_delay() -> float:
    """PROGRESS_DELAY, or $SALESCTL_PROGRESS_DELAY when it is a number of seconds."""
    try:
        return max(0.0, float(os.environ["SALESCTL_PROGRESS_DELAY"]))
    except (KeyError, ValueError):
        return PROGRESS_DELAY


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False


class Progress:
    """A progress callback for the loader and the checks, writing on a terminal's stream."""

    def __init__(self, stream: TextIO, delay: float, clock: Callable[[], float] = time.monotonic):
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.delay = delay
        self.width = 0            # of the line shown now (0: none)
        self.drawn = float("-inf")

    def __call__(self, stage: str, done: int, total: int) -> None:
        if done >= total:
            self.clear()
            return
        now = self.clock()
        if now - self.start < self.delay or now - self.drawn < REDRAW:
            return
        self.drawn = now
        label = _(STAGES[stage]) if stage in STAGES else stage
        self._write(f"{label}… {done}/{total}")

    def _write(self, text: str) -> None:
        width = columns(text)
        pad = " " * max(0, self.width - width)
        try:
            self.stream.write("\r" + text + pad)
            self.stream.flush()
        except (OSError, ValueError):
            return
        self.width = width

    def clear(self) -> None:
        """Take the progress line off the terminal (nothing when none is shown); the next stage shows at once."""
        self.drawn = float("-inf")
        if self.width:
            try:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.width = 0


def columns(text: str) -> int:
    """How many terminal columns text takes (a Chinese character two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def progress(quiet: bool = False, stream: Optional[TextIO] = None) -> Optional[Progress]:
    """The progress callback of a command: a Progress on stderr when it is a terminal (and not --quiet), else None."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not is_terminal(stream):
        return None
    return Progress(stream, progress_delay())


# ----------------------------------------------------------------------------- colour
def colour_on(stream, held: bool = False) -> bool:
    """Whether text written to `stream` gets colour: a terminal, no NO_COLOR, TERM not dumb, not held for a file."""
    if held or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


LEVEL_RE = re.compile(r"(^|: )(error|warning)(:)")


def levels(text: str, colour: bool) -> str:
    """`text` with its first `error:` or `warning:` (at the start, or after a path:line) in colour."""
    if not colour:
        return text
    return LEVEL_RE.sub(lambda m: m.group(1) + typer.style(m.group(2) + m.group(3), fg=LEVEL_COLOURS[m.group(2)], bold=True),
                        text, count=1)


def echo_err(text: str) -> None:
    """A line on stderr, its level in colour when stderr is a terminal that takes colour."""
    typer.echo(levels(text, colour_on(sys.stderr)), err=True)
