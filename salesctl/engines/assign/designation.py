"""Designated customers (指定客, A3), campaign vouchers (A6) and off-duty consultants (A7): whom
a customer asked for, whether that designation counts when the lead is decided, and whether an
off-duty designee may take them. Pure functions of a lead, a time and the records.

Seed 002, 争单管理制度: 「新客户出示试用券或销售名片或叫出销售顾问的名字,此类客人视为该销售的当日指定客」
(A3: a *new* customer, designated *for that day*); 「持有公司派送礼品券或赠送卡类的客人视为新客」 (A6);
纪律制度 9: 「已下班顾问不得在公司接单,与客户事先预约好除外」 (A7).
"""
from __future__ import annotations

import datetime as dt

from salesctl.domain.duty import Duty
from salesctl.schema import Lead, Staff


def a3_designee(lead: Lead) -> tuple[str | None, str]:
    """A3: the consultant a customer is designated to (asked for by name or booked, or showed
    that consultant's own trial voucher), and how; (None, "") for a customer nobody asked for."""
    if lead.designated:
        return lead.designated, ("booked" if lead.booked else "asked for by name or booked")
    v = lead.voucher
    if v and v.kind == "consultant" and v.staff:
        return v.staff, "showed their consultant voucher" + (f" {v.code}" if v.code else "")
    return None, ""


def a3_lapsed(lead: Lead, t: dt.datetime, clock: Duty, deals=()) -> str | None:
    """A3: why a designation does not count when the lead is decided at t, or None when it does
    (policy assign.designated_same_day). 「视为该销售的当日指定客」: only a new customer — never
    owned before and no deal of the lead signed before the day — and only on the day the customer
    came (the lead's `created` day in the business time zone)."""
    before = next((e.to for e in lead.log if e.to), None)
    if before:
        return f"not a new customer (owned by {before} before)"
    day = clock.day(t)
    deal = next((d for d in deals if d.signed < day), None)
    if deal is not None:
        return f"not a new customer (deal {deal.id} signed {deal.signed})"
    came = clock.day(lead.created)
    if day != came:
        return f"designated for {came} only (当日指定客), decided on {day}"
    return None


def a6_campaign_voucher(lead: Lead) -> bool:
    """A6: a holder of a voucher or free card the company handed out is a new customer, not designated."""
    return bool(lead.voucher and lead.voucher.kind == "campaign")


def booked_in_advance(lead: Lead) -> bool:
    """Whether the customer booked this visit before arriving (lead.booked earlier than lead.created)."""
    return lead.booked is not None and lead.booked < lead.created


def a7_off_duty(s: Staff, lead: Lead, t: dt.datetime, clock: Duty) -> str | None:
    """A7: why an off-duty designee may not take a walk-in at t, or None (policy
    rules.A7). 「已下班顾问不得在公司接单,与客户事先预约好除外」: a consultant who
    works shifts and has none covering t (day off, before or after their shift; a meal break is
    still on duty) takes the customer only when the customer booked in advance. Someone without
    shifts in their record (outside sales) is never judged off duty."""
    if not s.shifts:
        return None
    lt = clock.local(t)
    span, why = clock.shift_at(s, lt.date(), lt.hour * 60 + lt.minute)
    if span is not None or booked_in_advance(lead):
        return None
    booked = (f"booked only at {clock.local(lead.booked):%Y-%m-%d %H:%M}, not in advance"
              if lead.booked is not None else "not booked in advance")
    return f"is off duty, {why}, and the customer was {booked} (A7: 已下班顾问不得在公司接单,与客户事先预约好除外)"


def a7_booked_note(s: Staff, lead: Lead, t: dt.datetime, clock: Duty) -> str:
    """The words for an off-duty designee who takes a customer booked in advance (A7's exception), or ""."""
    if not s.shifts or not booked_in_advance(lead):
        return ""
    lt = clock.local(t)
    span, why = clock.shift_at(s, lt.date(), lt.hour * 60 + lt.minute)
    if span is not None:
        return ""
    return f"; off duty ({why}) but booked in advance at {clock.local(lead.booked):%Y-%m-%d %H:%M} (A7: 与客户事先预约好除外)"
