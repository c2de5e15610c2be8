"""Credit for a sale (S1-S5, A6): an ordered, named policy of rules; splits to the cent.

INTERFACE (fixed; score and payout build on it):

    split_month(records, month) -> list[DealSplit]     every deal counted in `month`, in (signed, id) order
    credited_by_staff(records, month) -> dict[str, Decimal]   net credited sales per staff id

A refund counts in its own month and reverses the original's credit in the same proportions.

How a deal is credited (`split_deal`):
1. S5: a `credit` override on the deal replaces all rules (its shares must add up to 100%).
2. A refund (kind refund, `refund_of`) reverses the refunded deal's split: the refunded amount is
   allocated over the original's shares (the original's rule and proportions), so a full refund
   nets every person to zero exactly. Several partial refunds are allocated cumulatively (this
   refund's part = allocation of everything refunded so far minus that of the refunds before it),
   so refunds that add up to the deal also net each person to zero.
3. Otherwise the policy's `split.rules` are tried in order; the first whose conditions hold and
   whose roles can all be filled decides. Every rule tried is in the trace, with why it did or did
   not match, so `split --explain` and `check` can say exactly what happened.

Amounts are split with salesctl.money.allocate (largest remainder, ties to the share that comes
first in the rule), so the parts of every deal add up to its amount to the cent. Only the deal,
its lead, the referring lead, the staff, the visits before signing and earlier refunds are read:
records dated after a deal never change its split.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from salesctl.domain.deals import credit_month, pending
from salesctl.i18n import _, language
from salesctl.money import ZERO, allocate, fmt
from salesctl.engines.split_conditions import failures
from salesctl.engines.split_facts import Facts, deal_policy
from salesctl.policy.split import ROLES, Rule
from salesctl.records import Records
from salesctl.schema import Deal


@dataclass(frozen=True)
class CreditLine:
    deal: str            # deal id
    month: str           # YYYY-MM the credit counts in (a refund: the refund's month)
    staff: str           # staff id
    share: Decimal       # percent of the deal, 0-100
    amount: Decimal      # credited amount to the cent; negative for a refund
    rule: str            # domain.md rule id: S1, S2, S3, S4, S5 ...
    rule_name: str       # name of the policy rule that decided it


@dataclass(frozen=True)
class DealSplit:
    deal: Deal
    lines: tuple[CreditLine, ...]      # empty when no rule could credit the deal
    rule: str                          # rule id that decided it ("" when none)
    rule_name: str
    trace: tuple[str, ...]             # each rule tried in order, and why it matched or not
    problem: str | None = None         # why no rule could credit it
    # added beside the fixed interface:
    amount: Decimal = ZERO             # the deal's effect on sales: its amount, negated for a refund
    refund_of: str | None = None       # for a refund: the deal it reverses
    matched: int | None = None         # index in split.rules of the rule that decided (None: override, refund, none)


# --------------------------------------------------------------------------- public functions
def split_month(records: Records, month: str) -> list[DealSplit]:
    """Every deal signed in `month` (refunds included), in (signed, id) order."""
    return [split_deal(records, d) for d in records.deals_by_month.get(month, ())]


def credited_by_staff(records: Records, month: str) -> dict[str, Decimal]:
    """Net credited sales per staff id in `month` (refunds subtract), in staff id order."""
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ds in split_month(records, month):
        for line in ds.lines:
            out[line.staff] += line.amount
    return {k: out[k] for k in sorted(out)}


def split_deal(records: Records, deal: Deal) -> DealSplit:
    """The split of one deal (memoised per Records object: records are immutable; and per language,
    for the words of its trace)."""
    memo = _memo(records)
    got = memo.get(deal.id)
    if got is None or got.deal is not deal:
        got = _split(records, deal)
        memo[deal.id] = got
    return got


@dataclass(frozen=True)
class Match:
    """One rule tried against one deal."""
    ok: bool
    reasons: tuple[str, ...]                       # why not (ok False), or what made it (ok True)
    shares: tuple[tuple[str, Decimal], ...] = ()   # (staff id, percent), merged per person, rule order


def match_rule(records: Records, deal: Deal, rule: Rule) -> Match:
    """Whether `rule` can credit `deal`: every condition holds and every share's role is filled."""
    f = Facts(records, deal)
    fails = failures(f, rule.when)
    said: list[str] = []
    if fails:
        return Match(False, tuple(fails))
    # every condition holds: fill the roles
    merged: dict[str, Decimal] = {}
    for sh in rule.shares:
        if sh.share == 0:
            continue
        sid, role, why = f.fill(sh.candidates, rule)
        if sid is None:
            fails.append(why)
            continue
        said.append(f"{role if role in ROLES else _('named')} {f.who(sid)} {_pct(sh.share)}")
        merged[sid] = merged.get(sid, Decimal(0)) + sh.share
    if fails:
        return Match(False, tuple(fails))
    if rule.when.follow_up_channels:
        fu, _why = f.follow_up(rule.when.follow_up_channels)
        said.insert(0, f.follow_up_words(fu))
    return Match(True, tuple(said), tuple(merged.items()))


# --------------------------------------------------------------------------- by staff
@dataclass(frozen=True)
class StaffTotal:
    staff: str
    deals: int                        # deals (not refunds) credited to the person this month
    credited: Decimal                 # net: by_rule plus refunds
    by_rule: dict[str, Decimal]       # rule id -> credited by that rule (refunds not included)
    refunds: Decimal                  # refunds reversed this month (negative or zero)


def rule_ids(records: Records) -> list[str]:
    """The rule ids the by-staff report has a column for: the policy's rules in order, then S5."""
    out: list[str] = []
    for policy in records.in_force:
        for r in policy.split.rules:
            if r.rule not in out and policy.on(r.rule):
                out.append(r.rule)
    if "S5" not in out and any(p.on("S5") for p in records.in_force):
        out.append("S5")
    return out


def staff_totals(records: Records, month: str) -> list[StaffTotal]:
    """Per person credited in `month`: most credited first, then by staff id."""
    ids = rule_ids(records)
    acc: dict[str, dict] = {}
    for ds in split_month(records, month):
        for line in ds.lines:
            a = acc.setdefault(line.staff, {"deals": set(), "by_rule": {k: ZERO for k in ids}, "refunds": ZERO})
            if ds.deal.kind == "refund":
                a["refunds"] += line.amount
            else:
                a["deals"].add(line.deal)
                a["by_rule"][line.rule] = a["by_rule"].get(line.rule, ZERO) + line.amount
    out = [StaffTotal(sid, len(a["deals"]), sum(a["by_rule"].values(), ZERO) + a["refunds"], a["by_rule"], a["refunds"])
           for sid, a in acc.items()]
    out.sort(key=lambda t: (-t.credited, t.staff))
    return out


def explain(records: Records, ds: DealSplit) -> list[str]:
    """The trace of one deal as lines of text (for --explain)."""
    d = ds.deal
    lead = records.leads.get(d.lead)
    head = f"{d.id} {d.signed} {lead.name if lead else d.lead} {d.kind} {fmt(ds.amount)}"
    head += f": {ds.rule} {ds.rule_name}" if ds.rule else _(": NOT CREDITED")
    out = [head]
    out += [f"  {t}" for t in ds.trace]
    for line in ds.lines:
        s = records.staff.get(line.staff)
        out.append(f"  -> {line.staff} {s.name if s else ''} {_pct(line.share)} = {fmt(line.amount)}")
    if ds.problem:
        out.append(f"  !! {ds.problem}")
    return out


# --------------------------------------------------------------------------- the split itself
def _memo(records: Records) -> dict:
    return records.memo(f"split.{language()}")


def _month(d: Deal) -> str:
    return credit_month(d)


def _effect(d: Deal) -> Decimal:
    return -d.amount if d.kind == "refund" else d.amount


def _lines(deal: Deal, amount: Decimal, shares, rule: str, name: str) -> tuple[CreditLine, ...]:
    parts = allocate(amount, list(shares))
    pct = dict(shares)
    month = _month(deal)
    return tuple(CreditLine(deal.id, month, sid, pct[sid], amt, rule, name) for sid, amt in parts)


def _split(records: Records, deal: Deal) -> DealSplit:
    amount = _effect(deal)
    refund_of = deal.refund_of if deal.kind == "refund" else None
    policy = deal_policy(records, deal)
    if deal.credit is not None and policy.on("S5"):
        return s5_override(records, deal, amount, refund_of)
    if deal.kind == "refund":
        return _refund(records, deal, amount)
    if pending(deal, policy.split.credit_when_paid):
        return DealSplit(deal, (), "", "", ("deposit only: credited nothing until the payment is recorded (S2)",), None,
                         ZERO, refund_of)
    trace: list[str] = []
    rules = policy.split.rules
    for i, rule in enumerate(rules):
        if not policy.on(rule.rule):
            continue   # the rule book does not run this rule (rules.<id>: off)
        m = match_rule(records, deal, rule)
        label = f"{i + 1}. {rule.rule} {rule.name}"
        if m.ok:
            trace.append(_("{rule}: yes: {reasons}").format(rule=label, reasons='; '.join(m.reasons)))
            return DealSplit(deal, _lines(deal, amount, m.shares, rule.rule, rule.name), rule.rule, rule.name,
                             tuple(trace), None, amount, refund_of, i)
        trace.append(_("{rule}: no: {reasons}").format(rule=label, reasons='; '.join(m.reasons)))
    tried = ", ".join(f"{r.rule} {r.name}" for r in rules if policy.on(r.rule)) or _("none: split.rules is empty or every rule is off")
    return DealSplit(deal, (), "", "", tuple(trace), _("no split rule can credit deal {deal} (rules tried: {tried})").format(deal=deal.id, tried=tried),
                     amount, refund_of)


def s5_override(records: Records, deal: Deal, amount: Decimal, refund_of) -> DealSplit:
    """S5: a `credit` override on the deal replaces all rules; its shares must add up to 100%."""
    c = deal.credit
    f = Facts(records, deal)
    total = sum((s.share for s in c.shares), Decimal(0))
    trace = [_("S5 override set by {who}: {why} (replaces all rules)").format(who=f.who(c.by), why=c.why)]
    bad = [s for s in c.shares if not s.share.is_finite() or s.share < 0 or s.share > 100]
    problem = None
    if not c.shares:
        problem = _("the credit override names nobody")
    elif bad:
        problem = _("the credit override gives {staff} {share}%, not between 0 and 100").format(staff=bad[0].staff, share=bad[0].share)
    elif total != 100:
        problem = _("the credit override's shares add up to {total}%, not 100%").format(total=total)
    if problem:
        trace.append(f"S5: {problem}")
        return DealSplit(deal, (), "", "", tuple(trace), _("deal {deal}: {problem}").format(deal=deal.id, problem=problem), amount, refund_of)
    merged: dict[str, Decimal] = {}
    for s in c.shares:
        if s.share:
            merged[s.staff] = merged.get(s.staff, Decimal(0)) + s.share
    trace.append("S5: " + "; ".join(f"{f.who(k)} {_pct(v)}" for k, v in merged.items()))
    return DealSplit(deal, _lines(deal, amount, tuple(merged.items()), "S5", "override"), "S5", "override",
                     tuple(trace), None, amount, refund_of)


def _refund(records: Records, deal: Deal, amount: Decimal) -> DealSplit:
    def fail(why: str) -> DealSplit:
        return DealSplit(deal, (), "", "", (_("refund: {why}").format(why=why),), _("refund {deal}: {why}").format(deal=deal.id, why=why),
                         amount, deal.refund_of)

    if not deal.refund_of:
        return fail(_("names no deal it refunds (refund_of)"))
    orig = records.deals.get(deal.refund_of)
    if orig is None:
        return fail(_("refund_of {deal}: no such deal").format(deal=deal.refund_of))
    if orig.kind == "refund":
        return fail(_("refund_of {deal} is itself a refund").format(deal=orig.id))
    o = split_deal(records, orig)
    if not o.lines and o.problem is None and pending(orig, deal_policy(records, orig).split.credit_when_paid):
        return DealSplit(deal, (), "", "", (_("refund of {deal}, a deposit never credited (S2): nothing to take back").format(
            deal=orig.id),), None, ZERO, deal.refund_of)
    if not o.lines:
        return fail(_("the refunded deal {deal} could not be credited ({problem})").format(deal=orig.id, problem=o.problem))
    weights = [(ln.staff, ln.share) for ln in o.lines]
    # refunds of the same deal before this one (by signing date, then id): allocated cumulatively
    before = sum((d.amount for d in _refunds_of(records).get(orig.id, ())
                  if (d.signed, d.id) < (deal.signed, deal.id) and d.credit is None), ZERO)
    upto = dict(allocate(-(before + deal.amount), weights))
    prev = dict(allocate(-before, weights)) if before else {k: ZERO for k, _w in weights}
    pct = dict(weights)
    lines = tuple(CreditLine(deal.id, _month(deal), sid, pct[sid], upto[sid] - prev[sid], o.rule, o.rule_name)
                  for sid, _w in weights)
    shares = ", ".join(f"{ln.staff} {_pct(ln.share)}" for ln in o.lines)
    trace = (_("refund of {deal} (signed {signed}, {amount}): reverses its split in the same "
               "proportions, in the month of the refund ({month}): {rule} {rule_name}: {shares}").format(
                 deal=orig.id, signed=orig.signed, amount=fmt(orig.amount), month=_month(deal), rule=o.rule, rule_name=o.rule_name,
                 shares=shares),)
    if before:
        trace += (_("{amount} of {deal} was refunded before this refund; this one takes the cents that "
                    "keep the running total of refunds in proportion").format(amount=fmt(before), deal=orig.id),)
    return DealSplit(deal, lines, o.rule, o.rule_name, trace, None, amount, orig.id)


def _refunds_of(records: Records) -> dict[str, list[Deal]]:
    memo = records.memo("split.refunds")
    if "by_original" not in memo:
        got = defaultdict(list)
        for d in records.deals.values():
            if d.kind == "refund" and d.refund_of:
                got[d.refund_of].append(d)
        memo["by_original"] = dict(got)
    return memo["by_original"]


# --------------------------------------------------------------------------- small words
def _pct(p: Decimal) -> str:
    return f"{p.normalize():f}%"
