"""Customer value grading (客户价值评估, L4) and a company customer's cooperation history (L3).

    l4_grade(lead, deals, grading, month) -> Grading     one customer's grade and why
    regrade(records, month) -> list[Grading]             every graded lead, under its rule book
    l3_history(records, lead) -> list[Cooperation]       the deals and complaints of a customer

Pure: no clock, no files. The figures (policy `leads.grading`, docs/records.md):
- spend: the amounts of the lead's deals signed in the `window_months` months ending with the
  month graded, a refund's amount taken off, an adjustment's added as written;
- frequency (合作频率): how many of those deals are of `deal_kinds` (new, renewal, upgrade, product)
  and not refunded in full;
- potential (潜在价值): high when the recorded company size (its first number, 200-500 is 200) is at
  least `potential_size`, or the lead's status is one of `potential_statuses` (negotiating).
The grade: important (重要) at `important_spend` or `important_deals`; general (一般) at
`general_spend` or `general_deals`, lifted to important when the potential is high and
`potential_lifts`; else potential (潜在). A lead is graded by the rule book of its owner's
department (else its team's), and only where L4 is on.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Sequence

from salesctl.domain.calendar import month_bounds, shift_month
from salesctl.i18n import N_, _
from salesctl.records import Records
from salesctl.schema import Deal, Lead

RULE = "L4"
HISTORY = "L3"


@dataclass(frozen=True)
class Grading:
    """One customer's grade as L4 computes it for a month, with the figures and the reasons."""

    lead: str
    name: str
    company: Optional[str]
    old: Optional[str]            # the grade recorded
    new: str                      # the grade computed
    spend: Decimal
    deals: int
    potential: str                # high or low
    first: dt.date                # the window: deals signed first..last
    last: dt.date
    reasons: tuple[str, ...] = field(default=())
    rule: str = RULE

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def changes(self) -> dict:
        return {"grade": self.new}


def size_of(text: Optional[str]) -> Optional[int]:
    """The number of people a recorded company size says: its first number (50-200 -> 50, 1000+ -> 1000)."""
    m = re.search(r"\d+", text or "")
    return int(m.group()) if m else None


def l4_grade(lead: Lead, deals: Sequence[Deal], grading, month: str) -> Grading:
    """The grade of `lead` for `month` from its deals (all of them; those signed in the window count)
    under the policy's `leads.grading`, with the reasons: the figures, then the threshold that decided."""
    g = grading
    first = month_bounds(shift_month(month, 1 - g.window_months))[0]
    last = month_bounds(month)[1]
    inside = [d for d in deals if d.lead == lead.id and first <= d.signed <= last]
    refunded: dict[str, Decimal] = {}
    for d in deals:
        if d.kind == "refund" and d.refund_of:
            refunded[d.refund_of] = refunded.get(d.refund_of, Decimal(0)) + d.amount
    spend = sum((-d.amount if d.kind == "refund" else d.amount for d in inside), Decimal(0))
    counted = [d for d in inside if d.kind in g.deal_kinds and refunded.get(d.id, Decimal(0)) < d.amount]
    n = len(counted)
    size = size_of(lead.size)
    by_size = size is not None and size >= g.potential_size
    by_status = lead.status in g.potential_statuses
    high = by_size or by_status

    reasons = [_("spend {spend} from the deals signed {first} to {last} ({months} months, refunds taken off)").format(
                   spend=f"{spend:.2f}", first=first, last=last, months=g.window_months),
               _("frequency {n} deal(s) of kinds {kinds}").format(n=n, kinds=", ".join(g.deal_kinds))]
    if by_size:
        reasons.append(_("potential high: company size {size} >= {minimum}").format(size=lead.size, minimum=g.potential_size))
    elif by_status:
        reasons.append(_("potential high: status {status}").format(status=lead.status))
    elif size is not None:
        reasons.append(_("potential low: company size {size} < {minimum}").format(size=lead.size, minimum=g.potential_size))
    else:
        reasons.append(_("potential low: no company size recorded, status {status}").format(status=lead.status))

    general = spend >= g.general_spend or n >= g.general_deals
    level = (_("spend {spend} >= {minimum}").format(spend=f"{spend:.2f}", minimum=f"{g.general_spend:.2f}")
             if spend >= g.general_spend else _("{n} deal(s) >= {minimum}").format(n=n, minimum=g.general_deals))
    if spend >= g.important_spend:
        grade, why = "important", _("important: spend {spend} >= {minimum}").format(spend=f"{spend:.2f}", minimum=f"{g.important_spend:.2f}")
    elif n >= g.important_deals:
        grade, why = "important", _("important: {n} deals >= {minimum}").format(n=n, minimum=g.important_deals)
    elif general and high and g.potential_lifts:
        grade, why = "important", _("important: general level ({level}) and high potential (potential_lifts)").format(level=level)
    elif general:
        grade, why = "general", _("general: {level}; below important ({spend} or {deals} deals)").format(
            level=level, spend=f"{g.important_spend:.2f}", deals=g.important_deals)
    else:
        grade, why = "potential", _("potential: spend {spend} < {spend_min} and {n} deal(s) < {deals_min}").format(
            spend=f"{spend:.2f}", spend_min=f"{g.general_spend:.2f}", n=n, deals_min=g.general_deals)
    reasons.append(why)
    return Grading(lead.id, lead.name, lead.company, lead.grade, grade, spend, n, "high" if high else "low",
                   first, last, tuple(reasons))


def department_of_lead(records: Records, lead: Lead) -> Optional[str]:
    """The department whose rule book a lead is graded by: its owner's, else its team's."""
    owner = records.staff.get(lead.owner or "")
    if owner is not None:
        return records.department_of(owner)
    team = records.teams.get(lead.team or "")
    return team.department if team else None


def regrade(records: Records, month: str, only: Sequence[str] = ()) -> list[Grading]:
    """Every lead of a status `leads.grading.statuses` graded for `month` (only the ids in `only`, when
    given), each by the rule book of its department and none where L4 is off; in lead id order."""
    out = []
    for view in records.books:
        if not view.policy.on(RULE):
            continue
        g = view.policy.leads.grading
        for lead in view.leads.values():
            if only and lead.id not in only:
                continue
            if lead.status not in g.statuses or not view.in_book(department_of_lead(view, lead)):
                continue
            out.append(l4_grade(lead, records.deals_by_lead.get(lead.id, ()), g, month))
    out.sort(key=lambda x: x.lead)
    return out


# ----------------------------------------------------------------------------- L3
@dataclass(frozen=True)
class Cooperation:
    """One line of a customer's cooperation history (合作历史): a deal, or a complaint (feedback)."""

    date: dt.date
    what: str                     # deal or complaint
    id: str
    item: str                     # the product or project; a complaint's category and summary
    amount: Optional[Decimal] = None
    term: Optional[str] = None    # the contract term (合作期限)
    status: str = ""              # a deal's kind; a complaint answered / resolved / open


def l3_history(records: Records, lead: Lead, zone) -> Optional[list[Cooperation]]:
    """The cooperation history of a company customer (L3): its deals (project or product, date,
    amount, contract term) and its complaints (category, what was said, answered or resolved), by
    date. None for a lead without a company, or where L3 is off in its rule book."""
    if not lead.company or not records.policies.of(department_of_lead(records, lead)).on(HISTORY):
        return None
    out = []
    for d in records.deals_by_lead.get(lead.id, ()):
        term = None
        if d.term is not None:
            term = f"{d.term.start} ~ {d.term.end}" if d.term.end else f"{d.term.start} ~"
            if d.term.months:
                term += " " + _("({n} months)").format(n=d.term.months)
        out.append(Cooperation(d.signed, N_("deal"), d.id, d.product or "", d.amount, term, d.kind))
    for v in records.visits_by_lead.get(lead.id, ()):
        if v.kind != "complaint":
            continue
        said = " ".join(x for x in (v.category and f"[{v.category}]", v.outcome or v.summary) if x)
        state = _("resolved") if v.resolved else _("answered, not resolved") if v.answered else _("not answered")
        out.append(Cooperation(v.at.astimezone(zone).date(), N_("complaint"), v.id, said, status=state))
    out.sort(key=lambda c: (c.date, c.what, c.id))
    return out
