"""The effective policy: defaults -> preset -> the file's settings -> a department's overrides.

    resolve(raw, locator) -> (Policies or None, [(path, line, message, code)])

salesctl.yaml may name a rule book (`preset: telesales`, a file of templates/presets/) and, under
`departments:`, a rule book and overrides for each department that runs its own:

    preset: membership-consultant
    departments:
      外联部: {preset: club-outreach, payout: {top3: [1000, 500, 300]}}

A department that names its own rule book takes from the top of the file only what is the same for
the whole repository (`general`: time zone, currency): defaults -> its preset -> general -> its
overrides. A department listed without a preset runs the repository's: defaults -> the file's preset
-> the file's settings -> its overrides. So a salesctl.yaml written out in full (`salesctl init`)
never hides a department's rule book.

Each layer is a partial policy. Layers merge setting by setting: a section (general, payout …)
merges field by field, a map (shifts, score.items, grade_bonus …) key by key with each key's value
replaced whole, a `rules` entry field by field (so `P1: on` keeps P1's default scope), a list is
replaced whole. Every value keeps where it came from (`Source`) for `salesctl policy show`.
The time zone and currency (`general`) belong to the whole repository: a department cannot set them.
"""
from __future__ import annotations

import typing
from typing import Any, Optional

import msgspec

from salesctl.convert import convert
from salesctl.policy import Policy, policy_problems
from salesctl.policy import presets
from salesctl.policy.effective import Effective, Policies, Source, nearest
from salesctl.policy.rules import RULE_IDS, RuleScope
from salesctl.i18n import _

POLICY_FILE = "salesctl.yaml"
LAYER_KEYS = ("preset", "departments")     # keys of salesctl.yaml that are not settings
REPOSITORY_WIDE = ("general",)             # sections a department cannot override


# ----------------------------------------------------------------------------- resolving
def resolve(raw: dict, loc, path: str = POLICY_FILE) -> tuple[Optional[Policies], list[tuple[str, int, str, str]]]:
    """The policy file's raw mapping (and its Locator, for lines) -> the Policies, or the problems
    as (path, line, message, code). A problem in any layer stops the whole policy."""
    problems: list[tuple[str, int, str, str]] = []
    settings = {k: v for k, v in raw.items() if k not in LAYER_KEYS}
    own = _Layer("salesctl.yaml", path, settings, lambda keys: loc.line(keys))
    file_preset = _preset_layer(raw.get("preset"), ("preset",), path, loc, problems)
    depts = raw.get("departments") or {}
    if not isinstance(depts, dict):
        problems.append((path, loc.line(("departments",)), _("departments: a mapping of department name -> its rule book and settings"), ""))
        depts = {}
    layers_of: dict[Optional[str], list[_Layer]] = {None: [file_preset, own]}
    for name, body in depts.items():
        where = ("departments", name)
        if not isinstance(body, dict):
            problems.append((path, loc.line(where), _("departments.{name}: a mapping (preset: and settings to override)").format(name=name), ""))
            continue
        for key in REPOSITORY_WIDE:
            if key in body:
                problems.append((path, loc.line(where + (key,)), _("departments.{name}.{key}: {key} is the same for the whole repository; set it at the top of salesctl.yaml").format(name=name, key=key), ""))
        over = _Layer(f"department {name}", path, {k: v for k, v in body.items() if k != "preset" and k not in REPOSITORY_WIDE},
                      lambda keys, w=where: loc.line(w + keys), prefix=f"departments.{name}: ")
        if "preset" in body:   # its own rule book: nothing of the file's other settings but the repository-wide ones
            preset = _preset_layer(body["preset"], where + ("preset",), path, loc, problems, f"departments.{name}.")
            shared = _Layer("salesctl.yaml", path, {k: v for k, v in settings.items() if k in REPOSITORY_WIDE},
                            lambda keys: loc.line(keys))
            layers_of[str(name)] = [preset, shared, over]
        else:                  # the repository's rule book and settings, with its own overrides
            layers_of[str(name)] = [file_preset, own, over]
    for layer in {id(x): x for ls in layers_of.values() for x in ls if x is not None}.values():
        problems.extend(layer.problems())
    if problems:
        return None, problems
    built: dict[Optional[str], Effective] = {}
    for name, layers in layers_of.items():
        eff, errs = _combine([x for x in layers if x is not None], path)
        preset_layer = layers[0]
        built[name] = Effective(eff.policy, preset_layer.name if preset_layer else None, eff.sources) if eff else None
        problems.extend(errs)
    if problems:
        return None, problems
    return Policies(built.pop(None), built), []


class _Layer:
    """A partial policy: its raw settings, the file it is in and how to find a key's line."""

    def __init__(self, label: str, path: str, raw: dict, line_of, name: Optional[str] = None, prefix: str = ""):
        self.label, self.path, self.raw, self.line_of, self.name = label, path, _normalise(raw), line_of, name
        self.prefix = prefix      # before each message: "departments.外联部: " for a department's settings

    def problems(self) -> list[tuple[str, int, str, str]]:
        """The layer on its own as a policy: unknown settings and bad values, at their lines (a
        `rules` entry's id and form in words of their own)."""
        out, raw = [], self.raw
        rules = raw.get("rules")
        if isinstance(rules, dict):
            kept = {}
            for rid, value in rules.items():
                keys = ("rules", rid)
                if rid not in RULE_IDS:
                    out.append((self.path, self.line_of(keys), _("rules.{rid}: unknown rule id {rid!r} (the ids of docs/domain.md: {ids})").format(rid=rid, ids=", ".join(RULE_IDS)), ""))
                elif not isinstance(value, dict):
                    out.append((self.path, self.line_of(keys), _("rules.{rid}: {value!r} is not on, off or a mapping of {fields}").format(
                                    rid=rid, value=value, fields=", ".join(f.encode_name for f in msgspec.structs.fields(RuleScope))), ""))
                else:
                    kept[rid] = value
            raw = {**raw, "rules": kept}
        _unused, errs = convert(raw, Policy)
        out += [(self.path, self.line_of(keys), message, "") for keys, message in errs]
        return [(p, n, self.prefix + m, c) for p, n, m, c in out]

    def source(self, keys: tuple) -> Source:
        return Source(self.label, self.path, keys, self.line_of)


def _preset_layer(name, keys: tuple, path: str, loc, problems: list, prefix: str = "") -> Optional[_Layer]:
    if name is None:
        return None
    found = presets.path(name) if isinstance(name, str) else None
    if found is None:
        problems.append((path, loc.line(keys), prefix + _("preset: {name!r} is not a rule book salesctl knows (presets: {presets})").format(name=name, presets=", ".join(presets.names())), ""))
        return None
    import yaml_rs

    from salesctl.locations import Locator

    text = found.read_text(encoding="utf-8")
    raw = {k: v for k, v in (yaml_rs.loads(text, parse_datetime=True) or {}).items() if k != "preset"}   # its own name
    ploc = Locator(text)
    return _Layer(f"preset {name}", presets.shown_path(name), raw, ploc.line, name)


def _normalise(raw: dict) -> dict:
    """A layer with each `rules` entry as a mapping (on/off/true/false -> {enabled: …}), so
    entries merge field by field."""
    rules = raw.get("rules")
    if not isinstance(rules, dict):
        return raw
    out = {}
    for k, v in rules.items():
        if v in ("on", "off") or isinstance(v, bool):
            v = {"enabled": v in ("on", True)}
        elif isinstance(v, dict) and "enabled" not in v:
            v = {"enabled": True, **v}      # a scope is the rule on, for those it names
        out[k] = v
    return {**raw, "rules": out}


def _combine(layers: list[_Layer], path: str) -> tuple[Optional[Effective], list]:
    merged = defaults_plain()
    sources: dict[tuple, Source] = {}
    for layer in layers:
        _merge(merged, layer.raw, Policy, (), layer, sources)
    policy, errs = convert(merged, Policy)
    problems = []
    for keys, message in errs:   # only checks across layers can fail here (each layer was valid alone)
        src = nearest(sources, keys)
        problems.append((src.path or path, src.line or 1, _("{message} (the settings of {layers} combined)").format(message=message, layers=", ".join(x.label for x in layers)), ""))
    if policy is not None and not problems:
        for keys, message, code in policy_problems(policy):
            src = nearest(sources, keys)
            problems.append((src.path or path, src.line or 1, message, code))
    return (Effective(policy, None, sources) if policy is not None and not problems else None), problems



def _merge(into: dict, layer: dict, typ, prefix: tuple, src: _Layer, sources: dict) -> None:
    """Merge one layer's raw settings into `into` (the plain merged policy so far), by the schema's
    shape: sections field by field, maps key by key, rules entries field by field."""
    hints = _fields(typ)
    for key, value in layer.items():
        keys = prefix + (key,)
        sub = hints.get(key)
        inner = _struct_type(sub) if sub is not None else None
        if inner is not None and isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, inner, keys, src, sources)
            continue
        value_type = _map_value_type(sub) if sub is not None else None
        if value_type is not None and isinstance(value, dict) and isinstance(into.get(key), dict):
            for k, v in value.items():
                if keys == ("rules",) and isinstance(v, dict) and isinstance(into[key].get(k), dict):
                    into[key][k] = {**into[key][k], **v}
                    for field_name in v:
                        sources.pop(keys + (k, field_name), None)   # re-inserted: the latest set is last
                        sources[keys + (k, field_name)] = src.source(keys + (k, field_name))
                else:
                    into[key][k] = v
                    _forget(sources, keys + (k,))
                    sources.pop(keys + (k,), None)
                    sources[keys + (k,)] = src.source(keys + (k,))
            continue
        into[key] = value
        _forget(sources, keys)
        sources.pop(keys, None)
        sources[keys] = src.source(keys)


def _forget(sources: dict, keys: tuple) -> None:
    for k in [k for k in sources if k[:len(keys)] == keys and len(k) > len(keys)]:
        del sources[k]


def _fields(typ) -> dict:
    """encode name -> type hint of a Struct's fields."""
    hints = typing.get_type_hints(typ)
    return {f.encode_name: hints[f.name] for f in msgspec.structs.fields(typ)}


def _struct_type(t):
    t = _bare(t)
    return t if isinstance(t, type) and issubclass(t, msgspec.Struct) else None


def _map_value_type(t):
    t = _bare(t)
    return typing.get_args(t)[1] if typing.get_origin(t) is dict else None


def _bare(t):
    while typing.get_origin(t) is typing.Annotated:
        t = typing.get_args(t)[0]
    return t


def defaults_plain() -> dict:
    """The default policy as plain data, every setting written out (the first layer)."""
    return _plain(Policy())


def _plain(obj) -> Any:
    from salesctl.yamlio import to_plain

    if isinstance(obj, msgspec.Struct):
        return {f.encode_name: _plain(getattr(obj, f.name)) for f in msgspec.structs.fields(type(obj))}
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return to_plain(obj)

