"""Text made from the schema: the commented default policy file, field tables, JSON Schema.

Everything here is derived from salesctl/schema.py and salesctl/policy/: there is no second
list of fields to keep in step.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import typing
from decimal import Decimal

import msgspec

from salesctl.convert import _strip
from salesctl.kinds import KINDS
from salesctl.schema import ClockTime, Money, NonNegativeMoney, PositiveMoney, schema_hook
from salesctl.yamlio import dumps, to_plain


def field_meta(struct_type, name: str) -> tuple[str, str]:
    """(description, rule ids) of a struct field, from its Annotated msgspec.Meta."""
    hints = typing.get_type_hints(struct_type, include_extras=True)
    t = hints.get(name)
    desc, rules = "", ""
    while typing.get_origin(t) is typing.Annotated:
        args = typing.get_args(t)
        for m in args[1:]:
            if isinstance(m, msgspec.Meta):
                desc = desc or (m.description or "")
                rules = rules or (m.extra or {}).get("rules", "")
        t = args[0]
    return desc, rules


def type_name(t) -> str:
    origin = typing.get_origin(t)
    if origin is typing.Annotated:
        return type_name(typing.get_args(t)[0])
    if origin is typing.Union:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        return " or ".join(type_name(a) for a in args)
    if origin is typing.Literal:
        return " / ".join(str(a) for a in typing.get_args(t))
    if origin is tuple:
        return f"list of {type_name(typing.get_args(t)[0])}"
    if origin is dict:
        k, v = typing.get_args(t)
        return f"map {type_name(k)} -> {type_name(v)}"
    if t is ClockTime:
        return "HH:MM"
    if t is PositiveMoney:
        return "money > 0"
    if t is NonNegativeMoney:
        return "money >= 0"
    if t is Money:
        return "money"
    if t is Decimal:
        return "decimal"
    if t is dt.datetime:
        return "datetime"
    if t is dt.date:
        return "date"
    if isinstance(t, type) and issubclass(t, msgspec.Struct):
        return t.__name__
    return getattr(t, "__name__", str(t))


def _default_text(f) -> str:
    if f.required:
        return ""
    value = f.default if f.default is not msgspec.NODEFAULT else f.default_factory()
    if value is None or value == () or value == {}:
        return ""
    plain = to_plain(value)
    if isinstance(plain, (dict, list)):
        return "see below" if isinstance(value, msgspec.Struct) else str(plain)
    return dumps(plain).strip()


def field_rows(struct_type) -> list[dict]:
    rows = []
    hints = typing.get_type_hints(struct_type, include_extras=True)
    for f in msgspec.structs.fields(struct_type):
        desc, rules = field_meta(struct_type, f.name)
        rows.append({"field": f.encode_name, "type": type_name(hints[f.name]),
                     "required": "yes" if f.required else "", "default": _default_text(f),
                     "meaning": desc, "rules": rules})
    return rows


def nested_types(struct_type, seen=None) -> list[type]:
    """struct_type and the Struct types it holds, depth first, each once."""
    seen = seen if seen is not None else []
    if struct_type in seen:
        return seen
    seen.append(struct_type)
    for t in typing.get_type_hints(struct_type).values():
        for inner in _structs_in(t):
            nested_types(inner, seen)
    return seen


def _structs_in(t):
    if isinstance(t, type) and issubclass(t, msgspec.Struct):
        yield t
    for a in typing.get_args(t):
        yield from _structs_in(a)


def markdown_tables() -> str:
    """docs/records.md's field tables, one per record kind and nested part."""
    from salesctl.render import render

    out = []
    for kind in KINDS.values():
        for t in nested_types(kind.type):
            title = f"### {kind.name}" if t is kind.type else f"#### {kind.name}: {t.__name__}"
            out.append(title)
            out.append("")
            out.append(render(field_rows(t), ["field", "type", "required", "default", "meaning", "rules"], "github"))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def json_schema(kind: str) -> dict:
    """JSON Schema of a kind's file (a log kind's: a list of entries), or of salesctl.yaml ("policy")."""
    if kind == "policy":
        from salesctl.policy import Policy

        typ = Policy
    else:
        typ = KINDS[kind].type
        if KINDS[kind].is_log:
            typ = tuple[typ, ...]
    with _money_defaults():
        schema = _decimals_as_numbers(msgspec.json.schema(typ, schema_hook=schema_hook))
    return _policy_file_keys(schema) if kind == "policy" else schema


def _policy_file_keys(schema: dict) -> dict:
    """salesctl.yaml is the policy's settings plus its layers (salesctl/policy/layers.py): `preset:`
    and `departments:`, each department a preset and the settings it overrides (not general)."""
    from salesctl.policy import presets
    from salesctl.policy.layers import REPOSITORY_WIDE

    ref = schema["$ref"].rsplit("/", 1)[-1]
    top = schema["$defs"][ref]
    preset = {"description": "The rule book to run: a preset of templates/presets/.", "enum": presets.names()}
    settings = {k: v for k, v in top["properties"].items() if k not in REPOSITORY_WIDE}
    top["properties"] = {"preset": preset, **top["properties"], "departments": {
        "description": "Departments that run their own rule book or settings: name -> preset and overrides.",
        "type": "object",
        "additionalProperties": {"type": "object", "properties": {"preset": preset, **settings},
                                 "additionalProperties": False}}}
    return schema


def _decimals_as_numbers(node):
    """msgspec writes a Decimal (e.g. a credit share, 70) as text only; a record writes it as a YAML
    number, which the loader takes: a number or that text."""
    if isinstance(node, list):
        return [_decimals_as_numbers(v) for v in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "string" and node.get("format") == "decimal":
        rest = {k: v for k, v in node.items() if k not in ("type", "format")}
        return {**rest, "anyOf": [{"type": "number"}, {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}]}
    return {k: _decimals_as_numbers(v) for k, v in node.items()}


@contextlib.contextmanager
def _money_defaults():
    """msgspec writes each field's default into the schema with to_builtins, which takes no enc_hook
    and refuses Money (a Decimal subclass; the policy's amounts default to Money): let it write
    Money as a JSON number, as the YAML files write it. msgspec has no public hook for this; tests/test_schema_json.py
    fails if its internals move."""
    import msgspec._json_schema as gen

    plain = gen.to_builtins

    def to_builtins(obj, **kw):
        return plain(obj, enc_hook=_money_number, **kw)

    gen.to_builtins = to_builtins
    try:
        yield
    finally:
        gen.to_builtins = plain


def _money_number(value):
    if isinstance(value, Money):
        return int(value) if value == value.to_integral_value() else float(value)
    raise NotImplementedError(f"cannot write a default of type {type(value).__name__}")


SCHEMA_FOLDER = ".salesctl/schema"   # in a records repository (salesctl init), committed for editors


def schema_names() -> list[str]:
    """The JSON Schema files `schema --write` makes: one per kind, and the policy's."""
    return [*KINDS, "policy"]


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def write_schemas(directory) -> list:
    """Write DIR/<kind>.schema.json for every kind and DIR/policy.schema.json; the paths written."""
    from pathlib import Path

    from salesctl.render import to_json

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in schema_names():
        path = directory / schema_file(name)
        path.write_text(to_json(json_schema(name)) + "\n", encoding="utf-8")
        written.append(path)
    return written


def schema_ref(kind: str) -> str:
    """The repository's schema of a kind, relative to where that kind's files live (the writer's
    place: deals/<YYYY-MM>/, leads/<YYYY>/, teams/ …), for a `# yaml-language-server: $schema=` line."""
    k = KINDS[kind]
    depth = 2 if (k.by_month or k.year_folder) else 1
    return "../" * depth + f"{SCHEMA_FOLDER}/{schema_file(kind)}"


# ----------------------------------------------------------------------------- a new record by hand
def record_template(kind: str) -> str:
    """A new record of a kind to fill in by hand (`salesctl new KIND`): every field with a comment
    (its meaning, rule ids, type), after a `# yaml-language-server: $schema=` line naming the
    repository's schema. Required fields are written with no value (check names each one left
    empty); optional ones are commented out at their default. Fields the file's path gives
    (a log's staff, a review's month) are left out: the header says where the file goes."""
    from salesctl.i18n import _

    k = KINDS[kind]
    lines = [f"# yaml-language-server: $schema={schema_ref(kind)}",
             "# " + _("A new {kind}: save it as {where}. Fill in the fields with no value;").format(kind=kind, where=_where(k)),
             "# " + _("uncomment (delete '# ') an optional field to set it. Then: salesctl check")]
    if k.is_log:
        lines.append("# " + _("The file is a list: one entry per {what}, each starting with '-'.").format(what=k.id_field or "record"))
        lines.append("-")
        _template(k.type, 2, lines, skip=k.path_fields)
    else:
        _template(k.type, 0, lines, skip=k.path_fields)
    return "\n".join(lines) + "\n"


def _where(k) -> str:
    if k.is_log or (k.by_month and k.takes_month):
        folder = "<YYYY-MM>" + (" (or <YYYYQn>, <YYYY>)" if k.periods else "")
        return f"{k.folder}/{folder}/<{k.named_by}>.yaml"
    if k.by_month:
        return f"{k.folder}/<YYYY-MM of {k.month_field}>/<id>.yaml"
    if k.year_folder:
        return f"{k.folder}/<YYYY of {k.year_folder}>/<id>.yaml"
    return f"{k.folder}/<id>.yaml"


def _template(struct_type, indent: int, lines: list[str], skip=()) -> None:
    """A struct's fields at indent, each after its comment line; an optional field's lines (a part's
    whole block) commented out at its column, so deleting that '# ' (an editor's toggle comment)
    sets it, with the part's own optional fields still commented."""
    from salesctl.i18n import _

    hints = typing.get_type_hints(struct_type, include_extras=True)
    pad = " " * indent
    for f in msgspec.structs.fields(struct_type):
        if f.name in skip:
            continue
        desc, rules = field_meta(struct_type, f.name)
        desc = _(desc)   # the record's field descriptions are in the catalogue (salesctl.catalog.schema_messages)
        what = type_name(hints[f.name]) + (_(", required") if f.required else "")
        lines.append(f"{pad}# {desc}{f' [{rules}]' if rules else ''} ({what})".replace("#  (", "# ("))
        inner = _strip(hints[f.name])
        block: list[str] = []
        if _is_struct(inner):
            block.append(f"{pad}{f.encode_name}:")
            _template(inner, indent + 2, block)
        elif typing.get_origin(inner) is tuple and _is_struct(typing.get_args(inner)[0]):
            block += [f"{pad}{f.encode_name}:", f"{pad}  -"]
            _template(_strip(typing.get_args(inner)[0]), indent + 4, block)
        elif f.required:
            block.append(f"{pad}{f.encode_name}:")
        else:
            value = f.default if f.default is not msgspec.NODEFAULT else f.default_factory()
            text = dumps({f.encode_name: to_plain(value)}).rstrip("\n") if value is not None else f"{f.encode_name}:"
            block.extend(pad + line for line in text.split("\n"))
        lines.extend(block if f.required else [line[:indent] + "# " + line[indent:] for line in block])


def _is_struct(t) -> bool:
    t = _strip(t)
    return isinstance(t, type) and issubclass(t, msgspec.Struct)


# ----------------------------------------------------------------------------- policy file
def policy_text(policy=None) -> str:
    """The policy as a commented YAML file: every setting, its meaning and rule ids."""
    from salesctl.policy import Policy

    policy = policy if policy is not None else Policy()
    lines = [
        "# salesctl policy (销售管理制度 as settings).",
        "# Every number of the rule books is a setting here; a missing setting takes its default,",
        "# an unknown one is an error (salesctl check). Rule ids refer to docs/domain.md.",
        "",
    ]
    _emit_struct(policy, 0, lines)
    return "\n".join(lines).rstrip() + "\n"


def _emit_struct(obj, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for f in msgspec.structs.fields(type(obj)):
        value = getattr(obj, f.name)
        desc, rules = field_meta(type(obj), f.name)
        if desc or rules:
            lines.append(f"{pad}# {desc}{f' [{rules}]' if rules else ''}")
        if isinstance(value, msgspec.Struct):
            lines.append(f"{pad}{f.encode_name}:")
            _emit_struct(value, indent + 2, lines)
            if indent == 0:
                lines.append("")
            continue
        text = dumps({f.encode_name: to_plain(value)}).rstrip("\n")
        lines.extend(pad + line for line in text.split("\n"))
        if indent == 0:
            lines.append("")


def flow(plain) -> str:
    """A value in YAML flow style, for one table cell: [a, b], {k: v}."""
    from salesctl.yamlio import scalar

    if isinstance(plain, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in plain) + "]"
    if isinstance(plain, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in plain.items()) + "}"
    return scalar(plain)


def policy_rows(policy=None, prefix: str = "") -> list[dict]:
    """Every setting as a row: setting, value, meaning, rules (for docs/policy.md)."""
    from salesctl.policy import Policy

    policy = policy if policy is not None else Policy()
    rows = []
    for f in msgspec.structs.fields(type(policy)):
        value = getattr(policy, f.name)
        desc, rules = field_meta(type(policy), f.name)
        name = f"{prefix}{f.encode_name}"
        if isinstance(value, msgspec.Struct):
            rows.extend(policy_rows(value, name + "."))
        else:
            plain = to_plain(value)
            shown = flow(plain)
            rows.append({"setting": name, "default": shown if len(shown) < 80 else "(see salesctl.yaml)", "meaning": desc, "rules": rules})
    return rows




REGIONS = {"fields": lambda: markdown_tables(), "policy": lambda: policy_markdown()}


def policy_markdown() -> str:
    from salesctl.render import render

    return render(policy_rows(), ["setting", "default", "meaning", "rules"], "github") + "\n"


def refresh_fields(text: str) -> str:
    """A doc with its generated regions (<!-- fields:begin --> …, <!-- policy:begin --> …) brought up to date."""
    for name, make in REGIONS.items():
        begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
        if begin in text:
            a, b = text.index(begin) + len(begin), text.index(end)
            text = text[:a] + "\n" + make() + text[b:]
    return text


if __name__ == "__main__":  # python -m salesctl.schemadoc docs/records.md docs/policy.md
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        p = Path(name)
        p.write_text(refresh_fields(p.read_text(encoding="utf-8")), encoding="utf-8")
