"""Checks of credit splits (S1-S5).

- every deal can be credited: a deal no rule can credit (e.g. no payment taker recorded) is an
  error naming the deal and each rule tried with why it did not match;
- the policy's split rules name only known staff and known lead sources.

Overrides (S5) whose shares do not add up to 100% or that name someone who had left by the
signing date, and refunds of missing deals, are reported by the `references` check.
"""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.engines.split import split_deal
from salesctl.errors import error, warning
from salesctl.loader import POLICY_FILE
from salesctl.policy.split import ROLES
from salesctl.i18n import _


def splits(c: Context):
    r = c.records
    unloaded = any(c.unloaded[k] for k in ("staff", "lead"))
    for d in r.deals.values():
        if d.credit is not None:
            continue  # references checks overrides
        if unloaded and _needs_unloaded(c, d):
            continue  # a person or lead of the deal did not load: their file's errors say why
        if d.kind == "refund":
            orig = r.deals.get(d.refund_of or "")
            if orig is None or (orig.kind != "refund" and split_deal(r, orig).problem):
                continue  # missing refund_of: references; original not credited: reported on the original
        ds = split_deal(r, d)
        if ds.problem:
            field = "refund_of" if d.kind == "refund" else ("payment" if d.payment is not None else None)
            msg = ds.problem
            if d.kind != "refund" and ds.trace:
                msg = _("no split rule can credit deal {id}; rules tried: {tried}").format(id=d.id, tried="; ".join(ds.trace))
            yield c.error(d, field, msg, "S5")


def split_policy(c: Context):
    r = c.records
    sources = set(c.policy.leads.sources)
    for i, rule in enumerate(c.policy.split.rules):
        where = f"split.rules[{i}] ({rule.rule} {rule.name})"
        line = c.locations.line_in(POLICY_FILE, ("split", "rules", i))
        for sh in rule.shares:
            for who in sh.candidates:
                if who not in ROLES and who not in r.staff:
                    yield error(POLICY_FILE, line, _("{where}: share to {who!r}: not a role ({value}) nor a staff id").format(where=where, who=who, value=', '.join(ROLES)), "S5")
        for s in rule.when.sources:
            if s not in sources:
                yield warning(POLICY_FILE, line, _("{where}: source {s!r} is not one of policy leads.sources").format(where=where, s=s), "S1-S4")


def _needs_unloaded(c: Context, d) -> bool:
    """Whether the split of deal d reads a lead or a person whose file did not load."""
    gone, r = c.unloaded, c.records
    people = {p.taken_by for p in (d.deposit, d.payment) if p is not None}
    lead = r.leads.get(d.lead)
    if d.lead in gone["lead"]:
        return True
    if lead is not None:
        people |= {lead.owner, lead.designated, lead.submitted_by, lead.voucher.staff if lead.voucher else None}
        if lead.referred_by in gone["lead"]:
            return True
        referrer = r.leads.get(lead.referred_by or "")
        if referrer is not None:
            people.add(referrer.owner)
    return bool(people & gone["staff"])
