"""`salesctl policy show`: every effective setting of a rule book, its value and where it came from."""
from __future__ import annotations

import msgspec

from salesctl.policy.effective import Effective
from salesctl.policy.rules import RULE_IDS, RuleScope

COLUMNS = ["setting", "value", "source", "file", "line"]


def rows(eff: Effective) -> list[dict]:
    """One row per setting (a map's entries one each: rules.P1, shifts.early, score.items.inside):
    its value in YAML flow style and the layer that set it (default, preset, salesctl.yaml, department)."""
    out: list[dict] = []
    _walk(eff, eff.policy, (), out)
    return out


def _walk(eff: Effective, obj, keys: tuple, out: list) -> None:
    for f in msgspec.structs.fields(type(obj)):
        value = getattr(obj, f.name)
        here = keys + (f.encode_name,)
        if isinstance(value, msgspec.Struct):
            _walk(eff, value, here, out)
        elif here == ("rules",):      # every rule, on or off, named or not
            out.extend(_row(eff, here + (rid,), eff.policy.scope(rid)) for rid in RULE_IDS)
        elif isinstance(value, dict) and value:
            for k, v in value.items():
                out.append(_row(eff, here + (k,), v))
        else:
            out.append(_row(eff, here, value))


def _row(eff: Effective, keys: tuple, value) -> dict:
    src = eff.source_under(keys)
    return {"setting": ".".join(str(k) for k in keys), "value": shown(value), "source": src.layer,
            "file": src.path or None, "line": src.line or None}


def shown(value) -> str:
    """A value as one cell: YAML flow style; a rule as on / off / on, with its scope."""
    from salesctl.policy.rules import as_scope
    from salesctl.schemadoc import flow
    from salesctl.yamlio import to_plain

    if isinstance(value, (RuleScope, bool)) or value in ("on", "off"):
        scope = as_scope(value)
        if not scope.enabled:
            return "off"
        parts = [scope.words()] + ([f"within {scope.within}"] if scope.within else [])
        return "; ".join(["on"] + [p for p in parts if p])
    return flow(_cents(to_plain(value)))


def _cents(plain):
    """Money as money (50.00), whichever layer set it."""
    from decimal import Decimal

    from salesctl.schema import Money

    if isinstance(plain, Money):
        return Decimal(plain).quantize(Decimal("0.01"))
    if isinstance(plain, list):
        return [_cents(v) for v in plain]
    if isinstance(plain, dict):
        return {k: _cents(v) for k, v in plain.items()}
    return plain
