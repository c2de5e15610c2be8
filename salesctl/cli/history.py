"""salesctl history ID, salesctl diff [A] [B]: record changes, field by field, from git."""
from typing import Annotated, Optional

import typer

from salesctl.cli.common import Fmt, call, ctx, emit, out, records, redacting


def history(key: Annotated[str, typer.Argument(help="A record id (L-0042, S-0003, D-00017, V-000123), or STAFF:DATE / STAFF:MONTH.")],
            fmt: Fmt = "table"):
    """Every commit that changed a record: date, author, message, and each field as old -> new.

    Example: salesctl history L-00049 --format json
    """
    from salesctl.changes import show
    from salesctl.commands.history import history as command

    entries = call(command, ctx().records, records(), key).data
    if fmt == "json":
        from salesctl.render import to_json

        out(to_json([{k: (v.as_dict()["fields"] if k == "changes" else v) for k, v in e.items()} for e in entries], redacting()))
        return
    rows = []
    for e in entries:
        c = e["changes"]
        base = {k: e[k] for k in ("commit", "date", "author", "message")}
        if c.status != "changed":
            rows.append({**base, "field": f"({c.status})", "old": "", "new": c.note})
        for f, old, new in c.fields:
            rows.append({**base, "field": f, "old": show(old), "new": show(new)})
    emit(rows, ["commit", "date", "author", "message", "field", "old", "new"], fmt)


def diff(a: Annotated[str, typer.Argument(help="The old revision.")] = "HEAD",
         b: Annotated[Optional[str], typer.Argument(help="The new revision (default: the working tree).")] = None,
         fmt: Annotated[str, typer.Option("--format", "-f", help="markdown (default, for a pull request), json, or table/csv/… (one row per field).")] = "markdown"):
    """Records added, removed and changed between two revisions, grouped by kind, with a one-line summary.

    Example: salesctl lead set L-00049 status=contacted && salesctl diff HEAD~1 HEAD
    """
    from salesctl.changes import show, summary
    from salesctl.commands.history import diff as command

    changes = call(command, ctx().records, a, b).data
    if fmt == "json":
        from salesctl.render import to_json

        out(to_json({"from": a, "to": b or "working tree", "summary": summary(changes),
                     "changes": [c.as_dict() for c in changes]}, redacting()))
        return
    if fmt in ("markdown", "md"):
        if redacting():
            from salesctl.privacy import redact

            changes = redact(changes)
        out(markdown(changes, a, b))
        return
    rows = []
    for c in changes:
        base = {"kind": c.kind, "record": c.key, "name": c.name, "status": c.note or c.status}
        if not c.fields:
            rows.append({**base, "field": "", "old": "", "new": ""})
        for f, old, new in c.fields:
            rows.append({**base, "field": f, "old": show(old), "new": show(new)})
    emit(rows, ["kind", "record", "name", "status", "field", "old", "new"], fmt)


def markdown(changes, a: str, b) -> str:
    from salesctl.changes import show, summary

    lines = [f"**{summary(changes)}** ({a} → {b or 'working tree'})", ""]
    from salesctl.changes import kind_rank

    kinds = sorted(dict.fromkeys(c.kind for c in changes), key=kind_rank)
    for kind in kinds:
        lines.append(f"### {kind}")
        lines.append("")
        for c in (c for c in changes if c.kind == kind):
            status = c.note or c.status
            name = f" {c.name}" if c.name else ""
            lines.append(f"- `{c.key}`{name}: {status} ({c.path})")
            for f, old, new in c.fields:
                lines.append(f"  - {f}: {show(old)} -> {show(new)}")
            if c.lines:
                lines.append("")
                lines.append("  ```diff")
                lines.extend(f"  {ln}" for ln in c.lines)
                lines.append("  ```")
        lines.append("")
    return "\n".join(lines).rstrip()


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("diff")(diff)
