"""What the split rules ask about one deal (S1-S4, A3, A6, L5), worked out once and said in words:
who people are and whether they were still there, the customer's voucher, who owned the lead and
the referring lead at signing, the valid follow-ups before signing, and the roles a share goes to.
The conditions and role fillers of engines/split_conditions.py ask a `Facts`."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from salesctl.domain.calendar import local_date, local_text, zone_of
from salesctl.domain.ownership import owner_on
from salesctl.domain.staffing import left_before
from salesctl.i18n import _
from salesctl.engines.split_conditions import fill_role, or_words
from salesctl.policy import Policy
from salesctl.policy.split import ROLES, Rule
from salesctl.records import Records
from salesctl.schema import Deal, Lead, Staff, Visit


def deal_policy(records: Records, deal: Deal) -> Policy:
    """The policy that credits a deal: that of the rule book of the department of whoever took the
    payment (else the deposit, else the lead's owner); the repository's when one policy runs. The
    same in every rule book's view, so a deal is split once."""
    policies = records.policies
    if not policies.departments:
        return policies.base.policy
    return policies.of(deal_department(records, deal))


def deal_department(records: Records, deal: Deal) -> Optional[str]:
    """The department whose rule book splits a deal (see deal_policy); None when nobody is named."""
    lead = records.leads.get(deal.lead)
    for sid in (deal.payment and deal.payment.taken_by, deal.deposit and deal.deposit.taken_by, lead and lead.owner):
        s = records.staff.get(sid or "")
        if s is not None:
            return records.department_of(s)
    return None


class Facts:
    """What the rules ask about one deal, worked out once and explained in words."""

    def __init__(self, records: Records, deal: Deal):
        self.r = records
        self.deal = deal
        self.lead: Optional[Lead] = records.leads.get(deal.lead)
        self.book = deal_policy(records, deal)
        self.department = deal_department(records, deal) if records.policies.departments else None
        self.policy = self.book.split
        self._fu: dict[tuple, tuple] = {}
        self.tz = zone_of(records.policy)

    # people
    def who(self, sid: Optional[str]) -> str:
        if not sid:
            return _("nobody")
        s = self.r.staff.get(sid)
        return f"{sid} ({s.name}, {s.channel})" if s else _("{staff} (no such staff)").format(staff=sid)

    def channel(self, sid: str) -> Optional[str]:
        s = self.r.staff.get(sid)
        return s.channel if s else None

    def gone(self, sid: str) -> Optional[str]:
        """Why `sid` cannot be credited on this deal's signing date, or None when they can."""
        s: Optional[Staff] = self.r.staff.get(sid)
        if s is None:
            return _("{staff}: no such staff").format(staff=sid)
        if left_before(s, self.deal.signed):
            return _("{who} left on {day}, before signing (O3)").format(who=self.who(sid), day=s.left)
        return None

    # the customer
    @property
    def voucher_state(self) -> str:
        v = self.lead.voucher if self.lead else None
        return v.kind if v else "none"

    @property
    def voucher_words(self) -> str:
        v = self.lead.voucher if self.lead else None
        if v is None:
            return _("none")
        if v.kind == "campaign":
            return _("a campaign voucher (the customer counts as new, A6)")
        if v.staff:
            return _("a consultant's voucher of {who} (designated customer, A3)").format(who=self.who(v.staff))
        return _("a consultant's voucher (designated customer, A3)")

    def owner_of(self, lead: Lead) -> Optional[str]:
        """The lead's owner on the signing date, from its ownership log (L5); the current owner without one."""
        return owner_on(lead, self.deal.signed, self.tz)

    def owner(self) -> tuple[Optional[str], str]:
        if self.lead is None:
            return None, _("lead {lead} not found").format(lead=self.deal.lead)
        sid = self.owner_of(self.lead)
        return (sid, "") if sid else (None, _("the lead had no owner at signing (shared pool)"))

    def referrer_owner(self) -> tuple[Optional[str], str]:
        if self.lead is None:
            return None, _("lead {lead} not found").format(lead=self.deal.lead)
        if not self.lead.referred_by:
            return None, _("not referred by another customer")
        ref = self.r.leads.get(self.lead.referred_by)
        if ref is None:
            return None, _("referring lead {lead} not found").format(lead=self.lead.referred_by)
        sid = self.owner_of(ref)
        if not sid:
            return None, _("the referring customer {lead} ({name}) had no owner at signing").format(lead=ref.id, name=ref.name)
        return sid, ""

    # follow-ups (S3)
    def _walk_in(self) -> Optional[dt.datetime]:
        lead = self.lead
        if lead is None or lead.source not in self.book.assign.walk_in_sources:
            return None
        return lead.created if local_date(lead.created, self.tz) <= self.deal.signed else None

    def follow_up(self, channels: tuple[str, ...]) -> tuple[Optional[Visit], str]:
        """The latest valid follow-up of the lead by someone of `channels` (any when empty), other than
        the payment taker; or None and why there is none."""
        key = tuple(channels)
        if key in self._fu:
            return self._fu[key]
        days = self.policy.follow_up_days
        first = self.deal.signed - dt.timedelta(days=days)
        walk_in = self._walk_in()
        payer = self.deal.payment.taken_by if self.deal.payment else None
        best: Optional[Visit] = None
        rejected: list[str] = []
        for v in self.r.visits_by_lead.get(self.deal.lead, ()):
            if channels and self.channel(v.staff) not in channels:
                continue
            if v.staff == payer:
                continue
            day = local_date(v.at, self.tz)
            if day > self.deal.signed:
                continue  # after signing: never read, so later records cannot change this split
            what = _("{kind} {visit} by {staff} on {day}").format(kind=v.kind, visit=v.id, staff=v.staff, day=day)
            if v.kind not in self.policy.follow_up_kinds:
                rejected.append(what + _(": a {kind} is not a follow-up").format(kind=v.kind))
            elif walk_in is not None and v.at >= walk_in:
                rejected.append(what + _(": not before the customer walked in ({time})").format(time=local_text(walk_in, self.tz)))
            elif day < first:
                rejected.append(what + _(": {n} days before signing, more than follow_up_days {days} (stale)").format(
                    n=(self.deal.signed - day).days, days=days))
            elif (why := self.gone(v.staff) or self.elsewhere(v.staff)) is not None:
                rejected.append(f"{what}: {why}")
            else:
                best = v  # visits are in time order: the latest valid one wins
        if best is not None:
            res = (best, "")
        else:
            why = (_("no valid follow-up by {channels} staff within {days} days before signing").format(channels=or_words(channels), days=days)
                   if channels else _("no valid follow-up by staff within {days} days before signing").format(days=days))
            if rejected:
                why += " (" + "; ".join(rejected[-3:]) + ")"
            res = (None, why)
        self._fu[key] = res
        return res

    def follow_up_words(self, v: Visit) -> str:
        day = local_date(v.at, self.tz)
        return _("valid follow-up: {kind} {visit} by {who} on {day}, {n} days before signing (within {days})").format(
            kind=v.kind, visit=v.id, who=self.who(v.staff), day=day, n=(self.deal.signed - day).days, days=self.policy.follow_up_days)

    # roles
    def elsewhere(self, sid: str) -> Optional[str]:
        """Why sid cannot share this deal's credit: they work under another department's rule book
        (several in one repository: credit never crosses from one book to another); None when they can."""
        s = self.r.staff.get(sid)
        if not self.r.policies.departments or s is None:
            return None
        theirs = self.r.department_of(s)
        if self.r.policies.of(theirs) is self.book:
            return None
        return _("{staff} works in {theirs}, not {ours} whose rule book splits this deal").format(
            staff=sid, theirs=theirs or _('no department'), ours=self.department or _('no department'))

    def fill(self, candidates: tuple[str, ...], rule: Rule) -> tuple[Optional[str], str, str]:
        """(staff id, the candidate that filled it, "") or (None, "", why none could)."""
        whys = []
        for c in candidates:
            sid, why = fill_role(self, c, rule)
            if sid is not None:
                why = self.gone(sid) or self.elsewhere(sid)
                if why is None:
                    return sid, c, ""
            whys.append(f"{c}: {why}" if c in ROLES else why)
        return None, "", " / ".join(whys)
