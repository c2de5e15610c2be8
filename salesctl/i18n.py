"""Chinese and English: the language in effect and the message catalogue.

The catalogue is gettext's: `salesctl/locale/zh/LC_MESSAGES/salesctl.po` (the text people edit) and
its compiled `salesctl.mo` (what is read, with the standard library's `gettext`; no dependency at run
time). English is the source language: a message's English text is its id, so English needs no file.
`python -m salesctl.catalog update` extracts the messages (Babel) into the `.po` and compiles the `.mo`;
tests/test_i18n.py fails when a message has no Chinese or the `.mo` is stale.

The language: `--lang zh|en`, else `SALESCTL_LANG`, else the locale (`LANGUAGE`, `LC_ALL`,
`LC_MESSAGES`, `LANG`, as gettext reads them: `zh_CN.UTF-8` is Chinese), else English. Text written
into records (reasons in an ownership log, the month-end reports) is in the policy's
`general.language` when it sets one: `with using(lang): ...`.

In code:

    from salesctl.i18n import _, N_, column
    raise UserError(_("no team {team}").format(team=team))
    GRADE_WORDS = {"A": N_("excellent")}     # marked for the catalogue, translated where shown: _(GRADE_WORDS[g])
    column("staff")                          # a table or csv header; json keys stay the English ids

Field names, ids, json keys, rule ids and record values stay English: they are what scripts read.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import os
from pathlib import Path

LANGUAGES = ("en", "zh")
DOMAIN = "salesctl"
LOCALEDIR = Path(__file__).parent / "locale"
COLUMN = "column"   # msgctxt of table and csv headers

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("salesctl_language", default=None)


def from_environment(env=None) -> str:
    """The language the environment asks for: SALESCTL_LANG, else the locale variables; English otherwise."""
    env = os.environ if env is None else env
    asked = env.get("SALESCTL_LANG")
    if asked:
        return normalise(asked) or "en"
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:   # gettext's order: the first one set decides (LANGUAGE may list several, ':'-separated)
            for part in value.split(":"):
                lang = normalise(part)
                if lang:
                    return lang
            return "en"
    return "en"


def normalise(value: str) -> str | None:
    """'zh', 'zh_CN.UTF-8', 'zh-Hans', 'en_US' -> 'zh' / 'en'; None for a language salesctl has not."""
    base = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if base in ("c", "posix"):
        return "en"
    return base if base in LANGUAGES else None


def language() -> str:
    """The language in effect: the one set (set_language, using), else the environment's."""
    return _chosen.get() or from_environment()


def set_language(lang: str | None) -> None:
    """Choose the language for the rest of this process (None: the environment decides again)."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
    _chosen.set(lang)


@contextlib.contextmanager
def using(lang: str | None):
    """Within the block, text is in `lang` (None: as it is now)."""
    if lang is None:
        yield
        return
    token = _chosen.set(lang)
    try:
        yield
    finally:
        _chosen.reset(token)


@functools.lru_cache(maxsize=None)
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, str(LOCALEDIR), languages=[lang], fallback=True)


def _(message: str) -> str:
    """`message` (its English text) in the language in effect."""
    lang = language()
    if lang == "en" or not message:
        return message
    return _catalogue(lang).gettext(message)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it here: translate it where it is shown, _(x)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    lang = language()
    if lang == "en":
        return singular if n == 1 else plural
    return _catalogue(lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    lang = language()
    if lang == "en" or not message:
        return message
    return _catalogue(lang).pgettext(context, message)


_COLUMNS_ASKED: dict | None = None   # while salesctl.catalog records them: every column id asked for


def column(name: str) -> str:
    """A column's header in the language in effect (its English id when it has no translation)."""
    if _COLUMNS_ASKED is not None:
        _COLUMNS_ASKED.setdefault(name)
    return pgettext(COLUMN, name)


@contextlib.contextmanager
def columns_asked():
    """Within the block, the column ids column() is asked for gather in the dict yielded (the
    catalogue's upkeep runs the reports on the demo to find every header)."""
    global _COLUMNS_ASKED
    before, _COLUMNS_ASKED = _COLUMNS_ASKED, {}
    try:
        yield _COLUMNS_ASKED
    finally:
        _COLUMNS_ASKED = before


def translated(lang: str, message: str, context: str | None = None) -> bool:
    """Whether the catalogue of `lang` has `message` (tests and `salesctl.catalog`)."""
    if lang == "en":
        return True
    cat = _catalogue(lang)
    key = f"{context}\x04{message}" if context else message
    return key in getattr(cat, "_catalog", {})
