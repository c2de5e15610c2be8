"""Problems found in records, user errors and the exit statuses they map to.

Data problems are *returned* (a list of Problem), never raised: the loader and the
check passes collect them all. A UserError is raised by the core when a command cannot
go on (bad argument, locked repository, git in a merge); the CLI turns it into a message
on stderr and the exit status it carries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Exit(IntEnum):
    """Documented exit statuses (docs/cli.md, `salesctl --help`)."""

    OK = 0
    RECORDS = 1   # the records have errors (check failed, a write was refused)
    USAGE = 2     # bad command line or argument
    LOCKED = 3    # another salesctl process is writing to these records
    GIT = 4       # git problem: merge/rebase in progress, detached HEAD, no such revision
    NOT_FOUND = 5  # a named record does not exist
    INTERNAL = 70  # a bug in salesctl: please report it


@dataclass(frozen=True, order=True)
class Problem:
    path: str          # relative to the records folder, posix separators
    line: int          # 1-based; 0 when the problem is about the file as a whole
    level: str         # "error" or "warning"
    message: str
    rule: str = ""     # domain.md rule id when a rule made the problem, else ""
    # what kind of problem, for code that acts on it (never match the message text): e.g. "frozen"
    code: str = field(default="", compare=False)
    subject: str = field(default="", compare=False)  # what the code is about: the month of a "frozen"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "level": self.level, "message": self.message}


def error(path: str, line: int, message: str, rule: str = "", code: str = "", subject: str = "") -> Problem:
    return Problem(path, line, "error", message, rule, code, subject)


def warning(path: str, line: int, message: str, rule: str = "") -> Problem:
    return Problem(path, line, "warning", message, rule)


class UserError(Exception):
    """Something the user can fix; carries the exit status."""

    def __init__(self, message: str, status: int = Exit.USAGE, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.status = int(status)
        self.problems = problems or []
