"""salesctl init DIR, salesctl demo DIR: new records repositories; salesctl schema: field docs; salesctl new KIND."""
from pathlib import Path
from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, emit, note, out
from salesctl.i18n import _


def init(directory: Annotated[Path, typer.Argument(help="A new (or empty) folder.")],
         preset: Annotated[Optional[str], typer.Option("--preset", help="The rule book to run (templates/presets/NAME.yaml); without it, every setting at its default.", metavar="NAME")] = None,
         no_git: Annotated[bool, typer.Option("--no-git", help="Do not make it a git repository.")] = False,
         author: Annotated[Optional[str], typer.Option("--author", envvar="SALESCTL_AUTHOR", help="Author of the first commit.")] = None):
    """Create a records repository; with --preset NAME, for that rule book: the policy naming it, a README
    for the admin (Chinese and English), a pre-commit hook running check, .gitignore and example records
    to delete. Without --preset: the policy file with every setting at its default; it lists the presets.

    Example: salesctl init ~/sales-records --preset membership-consultant
    """
    from salesctl.cli.common import author_option, clock
    from salesctl.initrepo import create, presets_note

    create(directory, git=not no_git, author=author_option(author), preset=preset, now=clock())
    if preset:
        note(f"created {directory} for the rule book {preset}: read {directory}/README.md, "
             f"delete the example records, then add teams and staff (salesctl --records {directory} team add …)")
        return
    note(f"created {directory}: edit {directory}/salesctl.yaml, then add teams and staff (salesctl --records {directory} team add …)")
    note(presets_note())


def demo(directory: Annotated[Path, typer.Argument(help="A new (or empty) folder.")],
         scale: Annotated[str, typer.Option("--scale", help="small (the demo club), medium (40 staff, 20,000 leads), large (1,000 staff, 200,000 leads).")] = "small",
         seed: Annotated[int, typer.Option("--seed", help="Same seed, same files.")] = 1,
         no_git: Annotated[bool, typer.Option("--no-git", help="Do not make it a git repository.")] = False,
         author: Annotated[Optional[str], typer.Option("--author", envvar="SALESCTL_AUTHOR", help="Author of the first commit.")] = None):
    """Create a records repository filled with a generated demo organisation, to try salesctl on.

    Example: salesctl demo /tmp/club && salesctl --records /tmp/club check
    """
    from salesctl.cli.common import author_option
    from salesctl.errors import Exit, UserError
    from salesctl.initrepo import create

    if scale not in ("small", "medium", "large"):
        raise UserError(_("--scale is small, medium or large, not {scale!r}").format(scale=scale), Exit.USAGE)
    counts = create(directory, scale=scale, seed=seed, git=not no_git, author=author_option(author))
    emit([{"kind": k, "records": n} for k, n in counts.items()], ["kind", "records"], "table")
    note(f"demo records in {directory}: try  salesctl --records {directory} lead list")


def schema(kind: Annotated[Optional[str], typer.Argument(help="A record kind, or policy. Empty: all kinds.")] = None,
           json: Annotated[bool, typer.Option("--json", help="JSON Schema (for editors).")] = False,
           policy_file: Annotated[bool, typer.Option("--policy-file", help="The default policy file, commented.")] = False,
           write: Annotated[Optional[Path], typer.Option("--write", help="Write DIR/KIND.schema.json for every kind and DIR/policy.schema.json (salesctl init puts them in .salesctl/schema/).", metavar="DIR")] = None,
           fmt: Fmt = "github"):
    """Describe the record fields (the tables of docs/records.md), JSON Schema, or the default policy.

    Example: salesctl schema lead --json > lead.schema.json
    Example: salesctl schema --write .salesctl/schema
    """
    from salesctl import schemadoc
    from salesctl.errors import Exit, UserError
    from salesctl.render import to_json
    from salesctl.kinds import KINDS

    if policy_file:
        out(schemadoc.policy_text().rstrip())
        return
    if write is not None:
        if kind:
            raise UserError(_("--write writes every kind's schema: give no KIND"), Exit.USAGE)
        if write.exists() and not write.is_dir():
            raise UserError(_("--write {folder}: not a folder").format(folder=write), Exit.USAGE)
        for path in schemadoc.write_schemas(write):
            note(f"wrote {path}")
        return
    if kind and kind != "policy" and kind not in KINDS:
        raise UserError(_("unknown kind {kind!r} (one of {kinds})").format(kind=kind, kinds=', '.join(KINDS) + ', policy'), Exit.USAGE)
    if json:
        if not kind:
            raise UserError(_("--json needs a kind"), Exit.USAGE)
        out(to_json(schemadoc.json_schema(kind)))
        return
    if kind == "policy":
        emit(schemadoc.policy_rows(), ["setting", "default", "meaning", "rules"], fmt)
    elif kind and fmt in ("json", "csv"):  # one document for a program: the part as a column, no headings
        rows = [{"part": t.__name__, **row} for t in schemadoc.nested_types(KINDS[kind].type) for row in schemadoc.field_rows(t)]
        emit(rows, ["part", "field", "type", "required", "default", "meaning", "rules"], fmt)
    elif kind:
        for t in schemadoc.nested_types(KINDS[kind].type):
            out(f"{t.__name__}:")
            emit(schemadoc.field_rows(t), ["field", "type", "required", "default", "meaning", "rules"], fmt)
    else:
        out(schemadoc.markdown_tables().rstrip())


def new(kind: Annotated[str, typer.Argument(help="A record kind: team, staff, lead, deal, visit ….")]):
    """Print a new record to fill in by hand: every field with a comment saying what it means, after a
    `# yaml-language-server: $schema=` line so an editor completes and validates it (against the
    repository's .salesctl/schema/, written by salesctl init or salesctl schema --write).

    Example: salesctl new team > teams/T-09.yaml
    """
    from salesctl.errors import Exit, UserError
    from salesctl.kinds import KINDS
    from salesctl.schemadoc import record_template

    if kind not in KINDS:
        raise UserError(_("unknown kind {kind!r} (one of {kinds})").format(kind=kind, kinds=', '.join(KINDS)), Exit.USAGE)
    out(record_template(kind).rstrip("\n"))


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)
    app.command("schema")(schema)
    app.command("new")(new)
