"""The message catalogue's upkeep (for developers; needs Babel, in the test extra).

    python -m salesctl.catalog update            extract every message, keep the translations, compile the .mo
    python -m salesctl.catalog merge FILE.po...  take the translations of FILE.po into the catalogue, then update
    python -m salesctl.catalog missing           print the messages that have no Chinese (exit 1 when any)

What is a message (salesctl.i18n):
  - text in `_()`, `N_()`, `ngettext()`, `pgettext()` calls anywhere in the package (Babel's extractor);
  - the help of every command and option (read off the live command tree, as --help shows it);
  - the description of every record field (the comments of `salesctl new KIND`);
  - the words of click that salesctl's help and usage errors show (CLICK_MESSAGES);
  - table and csv headers (msgctxt "column"): the columns of every report in REPORTS, run on the
    demo records, plus those already in the catalogue.
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from salesctl.i18n import COLUMN, DOMAIN, LOCALEDIR

PACKAGE = Path(__file__).parent
PERIOD_LABEL = re.compile(r"^\d{4}(-\d{2}|Q\d|-W\d{2})?$")   # 2026-07, 2026Q3, 2026-W43: column ids that are their own label
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}

# click's own words as salesctl's help and usage errors show them (click calls gettext for these;
# typer's copy of click writes "Usage:" itself, untranslatable).
CLICK_MESSAGES = (
    "Usage:", "Options", "Commands", "Arguments", "Show this message and exit.", "Error", "Aborted!",
    "Try {command!r} for help.", "No such option: {name}", "No such command {name!r}.",
    "Missing option {param_hint!r}.", "Missing argument {param_hint!r}.", "Missing parameter: {param_name}",
    "Invalid value for {param_hint}: {message}", "Invalid value: {message}",
    "Option {name!r} requires an argument.", "Got unexpected extra argument ({args})",
    "{value!r} is not a valid {number_type}.", "{value!r} is not one of {choices}.",
    "Did you mean {possibility}?", "env var", "default", "default: {default}", "required",
)

# Report commands whose headers the catalogue must hold: run on the demo records (read only).
REPORTS = (
    ["check"], ["staff", "list"], ["team", "list"], ["department", "list"], ["lead", "list"], ["deal", "list"],
    ["visit", "list"], ["activity", "list"], ["attendance", "list"], ["review", "list"], ["plan", "list"],
    ["training", "list"], ["event", "list"], ["split", "--month", "2026-10"],
    ["score", "--month", "2026-10"], ["score", "--quarter", "2026Q3"], ["score", "--month", "2026-10", "--explain", "S-0004"],
    ["score", "--quarter", "2026Q3", "--explain", "S-0001"],
    ["payout", "--month", "2026-10"], ["payout", "--month", "2026-10", "--by", "staff"],
    ["payout", "--quarter", "2026Q3"], ["payout", "--year", "2026", "--by", "staff"], ["payout", "--quarter", "2026Q3", "--by", "staff"], ["payout", "--month", "2026-10", "--explain", "S-0001"],
    ["assign", "--dry-run"], ["review", "status", "--month", "2026-10"], ["history"], ["diff", "HEAD~3"],
    ["policy", "show"], ["schema", "lead"], ["lead", "show", "L-00001", "--format", "table"],
    ["lead", "grade", "--month", "2026-10", "--dry-run"],
)


# The meeting report (no --format): its summary, and its page with --html.
PAGES = (["report", "--month", "2026-10"], ["report", "--week", "2026-W43"])


def _po_path(lang: str = "zh") -> Path:
    return LOCALEDIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def code_messages():
    """(msgid, context, location) of every marked message in the package's code."""
    from babel.messages.extract import extract_from_dir

    found = []
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        ids = message if isinstance(message, tuple) else (message,)
        if ids and ids[0]:
            found.append((message, context, (f"salesctl/{filename}", lineno)))
    # the page templates (salesctl/templates is a link to templates/, which the walk above does not follow)
    for filename, lineno, message, comments, context in extract_from_dir(
            str((PACKAGE / "templates").resolve()), method_map=[("*.html", "jinja2")], keywords=KEYWORDS,
            options_map={"*.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}):
        ids = message if isinstance(message, tuple) else (message,)
        if ids and ids[0]:
            found.append((message, context, (f"templates/{filename}", lineno)))
    return found


def help_messages():
    """The help of every command and option, as the live command tree holds it."""
    import typer

    from salesctl.cli.app import app

    found = []

    def walk(cmd, path):
        for text in (cmd.help, getattr(cmd, "short_help", None)):
            if text:
                found.append((text, None, (f"help:{path}", 0)))
        for p in cmd.params:
            if getattr(p, "help", None):
                found.append((p.help, None, (f"help:{path} {p.opts[0] if getattr(p, 'opts', None) else p.name}", 0)))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "salesctl")
    return found


def schema_messages():
    """The description of every record field (`salesctl new KIND --lang zh` comments each field with it)."""
    import msgspec

    from salesctl.kinds import KINDS
    from salesctl.schemadoc import field_meta, nested_types

    found = []
    for kind, k in KINDS.items():
        for t in nested_types(k.type):
            for f in msgspec.structs.fields(t):
                desc, _rules = field_meta(t, f.name)
                if desc:
                    found.append((desc, None, (f"schema:{kind}.{t.__name__}.{f.name}", 0)))
    return found


def report_columns(records: Path | None = None):
    """The headers of every REPORTS command run on the demo records (or `records`), and of the meeting
    report's page and summary (PAGES)."""
    import tempfile

    from typer.testing import CliRunner

    from salesctl import i18n
    from salesctl.cli.app import app

    records = records or PACKAGE.parent / "records"
    with i18n.columns_asked() as seen, tempfile.TemporaryDirectory() as tmp:
        for argv in REPORTS:
            for fmt in ("table", "csv"):
                CliRunner().invoke(app, ["--records", str(records), "--lang", "en", *argv, "--format", fmt])
        for argv in PAGES:
            for extra in ((), ("--html", str(Path(tmp) / "page.html"))):
                CliRunner().invoke(app, ["--records", str(records), "--lang", "en", *argv, *extra])
    return [(c, COLUMN, (f"column:{c}", 0)) for c in seen if not PERIOD_LABEL.match(c)]


def wanted(with_columns: bool = True):
    """Every message the catalogue must hold, as (msgid, context, location), the first location of each."""
    msgs = code_messages() + help_messages() + schema_messages() + [(m, None, ("click", 0)) for m in CLICK_MESSAGES]
    if with_columns:
        msgs += report_columns()
    return msgs


def read(lang: str = "zh"):
    from babel.messages.pofile import read_po

    path = _po_path(lang)
    if not path.exists():
        from babel.messages.catalog import Catalog

        return Catalog(locale=lang, domain=DOMAIN, project="salesctl")
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def build(old, msgs):
    """A new catalogue of `msgs`, with the translations `old` has; column headers `old` has are kept."""
    from babel.messages.catalog import Catalog

    new = Catalog(locale=old.locale, domain=DOMAIN, project="salesctl", version=None,
                  copyright_holder="salesctl", msgid_bugs_address="", fuzzy=False)
    new.header_comment = "# Chinese (zh) messages of salesctl. English is the source: each msgid is the English text."
    for m in old:
        if m.id and m.context == COLUMN and not PERIOD_LABEL.match(m.id):
            msgs = [(m.id, COLUMN, ("column:" + (m.id if isinstance(m.id, str) else m.id[0]), 0))] + msgs
    for msgid, context, loc in msgs:
        key = msgid
        have = new.get(key, context=context)
        if have is not None:
            if loc not in have.locations and len(have.locations) < 3:
                have.locations.append(loc)
            continue
        was = old.get(key, context=context)
        string = was.string if was is not None else ("", "") if isinstance(msgid, tuple) else ""
        new.add(msgid, string, locations=[loc], context=context,
                flags=("python-brace-format",) if "{" in (msgid if isinstance(msgid, str) else msgid[0]) else ())
    return new


def write(catalog, lang: str = "zh") -> None:
    from babel.messages.pofile import write_po

    path = _po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)
    path.write_bytes(buf.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(catalog))


def compiled(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def missing(catalog, msgs):
    out, seen = [], set()
    for msgid, context, loc in msgs:
        if (msgid, context) in seen:
            continue
        seen.add((msgid, context))
        m = catalog.get(msgid, context=context)
        s = None if m is None else m.string
        if not s or (isinstance(s, tuple) and not all(s)):
            out.append((msgid, context, loc))
    return out


def merge(catalog, fragments):
    """Translations of the fragment files into `catalog` (adding messages it does not have yet)."""
    from babel.messages.pofile import read_po

    n = 0
    for frag in fragments:
        with open(frag, "rb") as f:
            other = read_po(f, locale=catalog.locale, domain=DOMAIN)
        for m in other:
            if not m.id or not m.string:
                continue
            have = catalog.get(m.id, context=m.context)
            if have is None:
                catalog.add(m.id, m.string, context=m.context, locations=m.locations)
            else:
                have.string = m.string
            n += 1
    return n


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = argv[0] if argv else "update"
    if verb not in ("update", "merge", "missing"):
        print(__doc__)
        return 2
    old = read()
    if verb == "merge":
        print(f"merged {merge(old, argv[1:])} translations", file=sys.stderr)
    msgs = wanted()
    if verb == "missing":
        gaps = missing(old, msgs)
        for msgid, context, loc in gaps:
            print(f"{loc[0]}: {context + ': ' if context else ''}{msgid!r}")
        return 1 if gaps else 0
    new = build(old, msgs)
    write(new)
    gaps = missing(new, msgs)
    print(f"{len(new)} messages, {len(gaps)} without Chinese; wrote {_po_path()} and .mo", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
