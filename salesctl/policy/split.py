"""The `split` policy section: who gets the credit for a sale (S1-S5, A6).

`split.rules` is an ordered list; the first rule whose conditions (`when`) all hold for a deal
decides its credit, and its `shares` say who gets what percent. A `credit` override on the
deal itself (S5) replaces all rules and is not a rule of this list.

In salesctl.yaml:

    split:
      follow_up_days: 30
      rules:
        - name: deposit
          rule: S1
          when: {kinds: [transfer, renewal, upgrade, product]}
          shares:
            - {to: [deposit_taker, payment_taker], share: 100}
        - name: payment
          rule: S2
          shares:
            - {to: payment_taker, share: 100}
"""
from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

import msgspec

from salesctl.policy.base import Section
from salesctl.schema import Channel, DealKind, VisitKind, meta
from salesctl.i18n import _

# The roles a share can go to; any other word in `to` is a staff id.
ROLES = ("deposit_taker", "payment_taker", "follow_up", "referrer_owner", "owner")
VoucherState = Literal["none", "campaign", "consultant"]


class When(Section, kw_only=True):
    """Conditions of a rule; every condition given must hold. An empty condition always holds."""

    kinds: Annotated[tuple[DealKind, ...], meta("The deal's kind is one of these (new, renewal, transfer, upgrade, product, refund, adjustment).", "S1")] = ()
    sources: Annotated[tuple[str, ...], meta("The lead's source is one of these (e.g. walk-in, referral).", "S2, S3")] = ()
    voucher: Annotated[tuple[VoucherState, ...], meta(
        "What the customer showed is one of these: none (no voucher or card), campaign (a gift voucher or free "
        "card the company handed out: the holder counts as a new customer, A6), consultant (a consultant's own "
        "trial voucher or card: the holder is that consultant's designated customer, A3).", "S3, A3, A6")] = ()
    designated: Annotated[Optional[bool], meta("true: the customer is designated (指定客: asked for a consultant by name or booked); false: not designated.", "A3, S3")] = None
    deposit: Annotated[Optional[bool], meta("true: a deposit (定金) was taken; false: none was.", "S1")] = None
    referred: Annotated[Optional[bool], meta("true: another customer brought this one (the lead has referred_by); false: nobody did.", "S4")] = None
    referrer_owner_channels: Annotated[tuple[Channel, ...], meta("The owner (at signing) of the referring customer's lead works in one of these channels.", "S4")] = ()
    owner_channels: Annotated[tuple[Channel, ...], meta("The owner (at signing) of the customer's own lead works in one of these channels.", "L5")] = ()
    payment_taker_channels: Annotated[tuple[Channel, ...], meta("Whoever took the payment works in one of these channels (inside: the customer signed with an inside consultant).", "S2, S3")] = ()
    follow_up_channels: Annotated[tuple[Channel, ...], meta(
        "Someone of one of these channels, other than the payment taker, has a valid follow-up of the lead: a contact "
        "of a follow_up_kinds kind logged within follow_up_days before signing, and, for a walk-in lead, before the "
        "customer walked in. That person (the latest such contact) is the rule's follow_up role.", "S3")] = ()


class RuleShare(Section, kw_only=True):
    to: Annotated[Union[str, tuple[str, ...]], meta(
        "Who gets this share: a role (deposit_taker, payment_taker, follow_up, referrer_owner, owner) or a staff id; "
        "a list is tried in order and the first that can be filled gets it (e.g. [deposit_taker, payment_taker]).", "S1-S4")]
    share: Annotated[Decimal, meta("Percent of the deal, exact (e.g. 70 or 33.34); a rule's shares add up to 100.", "S3, S5")]

    def __post_init__(self):
        if not self.share.is_finite() or self.share < 0 or self.share > 100:
            raise ValueError(_("share {share} is not between 0 and 100").format(share=self.share))
        if isinstance(self.to, tuple) and not self.to:
            raise ValueError(_("to names nobody"))
        if isinstance(self.to, str) and not self.to:
            raise ValueError(_("to names nobody"))

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.to,) if isinstance(self.to, str) else self.to


class Rule(Section, kw_only=True):
    name: Annotated[str, meta("Short name of the rule, shown beside its id in every split (e.g. outside-follow-up).", "S1-S4")]
    rule: Annotated[str, meta("The domain rule id it implements (S1, S2, S3, S4, or your own).", "S1-S4")]
    note: Annotated[Optional[str], meta("Free text: where the rule comes from.")] = None
    when: Annotated[When, meta("Conditions over the deal and its lead; all must hold.", "S1-S4, A3, A6")] = msgspec.field(default_factory=When)
    shares: Annotated[tuple[RuleShare, ...], meta("Who gets what percent; they add up to 100.", "S1-S5")]

    def __post_init__(self):
        if not self.shares:
            raise ValueError(_("rule {name}: no shares").format(name=self.name))
        total = sum((s.share for s in self.shares), Decimal(0))
        if total != 100:
            raise ValueError(_("rule {name}: shares add up to {total}%, not 100%").format(name=self.name, total=total))


def default_rules() -> tuple:
    return (
        Rule(name="deposit", rule="S1",
             note="转卡、再开卡、购买产品等以交付定金为准: transfers, renewals, upgrades and products belong to whoever took the deposit (or the payment, when there was no deposit).",
             when=When(kinds=("transfer", "renewal", "upgrade", "product")),
             shares=(RuleShare(to=("deposit_taker", "payment_taker"), share=Decimal(100)),)),
        Rule(name="outside-follow-up", rule="S3",
             note="客人未拿试用券或名片…外销人员有此客人的有效跟踪记录,则外销得业绩70%,内销得业绩30%. A campaign voucher makes the customer new (A6), a consultant's voucher designated (A3): neither case is S3.",
             when=When(voucher=("none",), designated=False, payment_taker_channels=("inside",), follow_up_channels=("outside",)),
             shares=(RuleShare(to="follow_up", share=Decimal(70)), RuleShare(to="payment_taker", share=Decimal(30)))),
        Rule(name="referred-friend", rule="S4",
             note="外销的跟踪客人甲带其朋友客人乙到俱乐部,由其他销售接待… (cut off in the seed): our reading, half to the referring customer's outside owner, half to whoever took the payment.",
             when=When(voucher=("none",), designated=False, referred=True, referrer_owner_channels=("outside",)),
             shares=(RuleShare(to="referrer_owner", share=Decimal(50)), RuleShare(to="payment_taker", share=Decimal(50)))),
        Rule(name="payment", rule="S2",
             note="内销顾问跟散客以付款为准: the consultant who took the payment; a follow-up log alone never moves credit.",
             shares=(RuleShare(to="payment_taker", share=Decimal(100)),)),
    )


DEFAULT_FOLLOW_UP_KINDS = ("call", "visit", "tour", "message", "return-visit", "need-confirmed", "quote")


class Split(Section, kw_only=True):
    follow_up_days: Annotated[int, meta("A follow-up counts as valid when logged within this many days before signing (and before the walk-in).", "S3", ge=0, le=36500)] = 30
    follow_up_kinds: Annotated[tuple[VisitKind, ...], meta("Kinds of logged contact that count as a follow-up (跟踪记录).", "S3")] = DEFAULT_FOLLOW_UP_KINDS
    credit_when_paid: Annotated[bool, meta(
        "A deal signed with a deposit only (定金, no payment yet) is credited nothing until its payment is recorded, and "
        "then in the payment's month (a refund of it takes nothing back); false: credited when signed, to whom the rules "
        "name (the deposit taker under S1; the 002 preset, 「以交付定金为准」).", "S1, S2")] = True
    rules: Annotated[tuple[Rule, ...], meta("The credit rules, in order: the first whose conditions hold decides a deal's credit. A deal's own credit override (S5) comes before all of them.", "S1-S5, A6")] = msgspec.field(default_factory=default_rules)

    def __post_init__(self):
        seen = set()
        for r in self.rules:
            if r.name in seen:
                raise ValueError(_("two rules are named {name}").format(name=r.name))
            seen.add(r.name)
