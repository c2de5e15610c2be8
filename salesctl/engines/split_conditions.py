"""The conditions (`when`) and roles (`to`) of split rules (S1-S4, A3, A6, L5): two registries.

A split rule of the policy (`split.rules`, policy/split.py) names conditions by field and roles by
name; each is one function here, registered in the order the trace tells them:

    CONDITIONS: `when` field -> condition(facts, value) -> why it fails, or None when it holds
    ROLE_FILLERS: role name -> filler(facts, rule) -> (staff id, "") or (None, why nobody)

`facts` is the split engine's `Facts` of one deal (engines/split_facts.py): the deal, its lead, who owned
it at signing, the follow-ups before signing, each worked out once and said in words. A condition
left unset in the policy (empty list, or no true/false) always holds and is not called.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from salesctl.i18n import _


@dataclass(frozen=True)
class Condition:
    field: str                                       # the `when` field of the policy
    check: Callable[[object, object], Optional[str]]  # (facts, value) -> why it fails, or None
    needs_lead: bool                                  # only asked when the deal's lead is there


def or_words(xs) -> str:
    xs = list(xs)
    return xs[0] if len(xs) == 1 else _("one of {values}").format(values=", ".join(xs))


def s1_kinds(f, kinds) -> Optional[str]:
    """S1: the deal's kind (transfer, renewal, upgrade, product … go by the deposit taker)."""
    return None if f.deal.kind in kinds else _("kind {kind} is not {wanted}").format(kind=f.deal.kind, wanted=or_words(kinds))


def s2_sources(f, sources) -> Optional[str]:
    """S2, S3: the lead's source (walk-in, referral …)."""
    return None if f.lead.source in sources else _("lead source {source} is not {wanted}").format(source=f.lead.source, wanted=or_words(sources))


def a6_voucher(f, states) -> Optional[str]:
    """A6, A3: what the customer showed: none, a campaign voucher (new customer), a consultant's own voucher."""
    return None if f.voucher_state in states else _("voucher: {voucher} (needs {wanted})").format(voucher=f.voucher_words, wanted=or_words(states))


def a3_designated(f, wanted: bool) -> Optional[str]:
    """A3: a designated customer (指定客) or not."""
    lead = f.lead
    if bool(lead.designated) == wanted:
        return None
    return (_("designated customer of {who} (A3)").format(who=f.who(lead.designated)) if lead.designated
            else _("not a designated customer"))


def s4_referred(f, wanted: bool) -> Optional[str]:
    """S4: brought in by another customer (the lead's referred_by) or not."""
    lead = f.lead
    if bool(lead.referred_by) == wanted:
        return None
    return _("referred by lead {lead}").format(lead=lead.referred_by) if lead.referred_by else _("not referred by another customer")


def s4_referrer_owner_channels(f, channels) -> Optional[str]:
    """S4: the referring customer's owner at signing works in one of these channels."""
    sid, why = f.referrer_owner()
    if sid is None:
        return why
    return None if f.channel(sid) in channels else _("the referring customer's owner {who} is not {wanted}").format(who=f.who(sid), wanted=or_words(channels))


def l5_owner_channels(f, channels) -> Optional[str]:
    """L5: the owner at signing (from the ownership log) works in one of these channels."""
    sid, why = f.owner()
    if sid is None:
        return why
    return None if f.channel(sid) in channels else _("the lead's owner {who} is not {wanted}").format(who=f.who(sid), wanted=or_words(channels))


def s1_deposit(f, wanted: bool) -> Optional[str]:
    """S1: a deposit (定金) was taken, or none was."""
    dep = f.deal.deposit
    if (dep is not None) == wanted:
        return None
    return _("deposit taken by {who}").format(who=f.who(dep.taken_by)) if dep else _("no deposit taken")


def s2_payment_taker_channels(f, channels) -> Optional[str]:
    """S2, S3: whoever took the payment works in one of these channels."""
    pay = f.deal.payment
    if pay is None:
        return _("no payment taker recorded")
    return (None if f.channel(pay.taken_by) in channels
            else _("payment taken by {who}, not {wanted}").format(who=f.who(pay.taken_by), wanted=or_words(channels)))


def s3_follow_up_channels(f, channels) -> Optional[str]:
    """S3: someone of these channels has a valid follow-up of the lead within follow_up_days before signing."""
    fu, why = f.follow_up(channels)
    return why if fu is None else None


CONDITIONS: tuple[Condition, ...] = (
    Condition("kinds", s1_kinds, needs_lead=False),
    Condition("sources", s2_sources, needs_lead=True),
    Condition("voucher", a6_voucher, needs_lead=True),
    Condition("designated", a3_designated, needs_lead=True),
    Condition("referred", s4_referred, needs_lead=True),
    Condition("referrer_owner_channels", s4_referrer_owner_channels, needs_lead=True),
    Condition("owner_channels", l5_owner_channels, needs_lead=True),
    Condition("deposit", s1_deposit, needs_lead=False),
    Condition("payment_taker_channels", s2_payment_taker_channels, needs_lead=False),
    Condition("follow_up_channels", s3_follow_up_channels, needs_lead=True),
)


def given(value) -> bool:
    """A condition is given when it is set: a non-empty list, or true/false."""
    return value is not None and value != ()


def needs_lead(when) -> bool:
    """Whether a rule's conditions ask about the deal's lead."""
    return any(c.needs_lead and given(getattr(when, c.field)) for c in CONDITIONS)


def failures(f, when) -> list[str]:
    """Why the conditions of `when` do not all hold for the deal of `f`, in registry order (none: they hold).

    A missing lead is said once, right after the deal's kind (the one condition before it that is
    about the deal alone), when any condition needs the lead; those conditions are then not asked."""
    fails: list[str] = []
    for c in CONDITIONS:
        value = getattr(when, c.field)
        if given(value) and not (c.needs_lead and f.lead is None):
            why = c.check(f, value)
            if why is not None:
                fails.append(why)
    if f.lead is None and needs_lead(when):
        after_kind = 1 if given(when.kinds) and f.deal.kind not in when.kinds else 0
        fails.insert(after_kind, _("lead {lead} not found").format(lead=f.deal.lead))
    return list(dict.fromkeys(fails))


# --------------------------------------------------------------------------- roles
def s1_deposit_taker(f, rule):
    """S1: whoever took the deposit."""
    d = f.deal
    return (d.deposit.taken_by, "") if d.deposit else (None, _("no deposit taken"))


def s2_payment_taker(f, rule):
    """S2: whoever took the payment (signed the customer)."""
    d = f.deal
    return (d.payment.taken_by, "") if d.payment else (None, _("no payment taker recorded"))


def s3_follow_up(f, rule):
    """S3: the latest valid follow-up of the lead by someone of the rule's follow_up_channels."""
    if f.lead is None:
        return None, _("lead {lead} not found").format(lead=f.deal.lead)
    v, why = f.follow_up(rule.when.follow_up_channels)
    return (v.staff, "") if v else (None, why)


def s4_referrer_owner(f, rule):
    """S4: the owner at signing of the customer who brought this one."""
    return f.referrer_owner()


def l5_owner(f, rule):
    """L5: the lead's owner at signing, from its ownership log."""
    return f.owner()


ROLE_FILLERS: dict[str, Callable] = {
    "deposit_taker": s1_deposit_taker,
    "payment_taker": s2_payment_taker,
    "follow_up": s3_follow_up,
    "referrer_owner": s4_referrer_owner,
    "owner": l5_owner,
}


def fill_role(f, name: str, rule):
    """(staff id, "") or (None, why); a name that is no role is a staff id."""
    filler = ROLE_FILLERS.get(name)
    return filler(f, rule) if filler else (name, "")
