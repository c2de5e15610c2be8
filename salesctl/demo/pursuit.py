"""Following a lead up to its fate, and what becomes of it afterwards.

`pursue` plays the contacts after a first one (touches, need confirmed, quote — late now and
then, T1 — and the signing or the loss); `settle` gives the lead its status and, while it stays
open, the hand-over of a leaver's lead (O3) and the weekly return to the shared pool (L6).
"""
from __future__ import annotations

import datetime as dt

from salesctl.demo.vocabulary import LOSE_OUT
from salesctl.demo.leads import contact, give, holder
from salesctl.demo.organisation import Person
from salesctl.demo.rules import by_capacity, on_leave, shift, works
from salesctl.demo.sales import new_deal
from salesctl.demo.scales import AS_OF_DATE, DAY, IDLE_DAYS, QUOTE_DAYS, moment
from salesctl.domain.calendar import month_of
from salesctl.demo.state import Demo


def fate(g: Demo, base: float, p: Person) -> str:
    """won, lost or open: p wins with `base` times their performance (at most 0.9)."""
    r = g.rng.random()
    w = min(0.9, base * p.perf)
    return "won" if r < w else "lost" if r < w + (1 - w) * 0.7 else "open"


def status_of(kinds: set) -> str:
    """An open lead's status by the kinds of contact it had."""
    if "quote" in kinds or "need-confirmed" in kinds:
        return "negotiating"
    if kinds & {"tour", "visit"}:
        return "visited"
    return "contacted" if kinds else "new"


def touches(g: Demo, style: str) -> int:
    base = {"inside": (0, 4), "outside": (1, 4), "tele": (0, 3), "outreach": (1, 5)}[style]
    return g.rng.randint(*base)


def touch_kind(g: Demo, style: str) -> str:
    r = g.rng.random()
    if style == "inside":
        return "call" if r < 0.35 else "message" if r < 0.65 else "visit" if r < 0.85 else "tour"
    if style == "outside":
        return "call" if r < 0.35 else "visit" if r < 0.7 else "message"
    if style == "tele":
        return "call" if r < 0.75 else "message"
    return "visit" if r < 0.45 else "call" if r < 0.8 else "message"


def pursue(g: Demo, lead: dict, owner: Person, t: dt.datetime, end: str, style: str,
           kinds_done: set) -> tuple[Person, dt.datetime, dict | None]:
    """Follow the lead up after a first contact at t, to its fate `end` (won, lost, open).
    Returns (owner, last contact, deal)."""
    rng = g.rng
    need_at = None
    prev = t
    for step in _steps(g, end, style):
        if step == "stop":
            break
        gap = _gap(g, step, need_at)
        day = t.date() + DAY * gap
        owner = holder(g, lead, owner, day)
        if step == "sign":
            return _sign(g, lead, owner, day, t, prev, style, kinds_done)
        if step == "lose":
            at = contact(g, lead, owner, day, rng.choice(("call", "message")), not_before=t,
                         outcome=rng.choice(LOSE_OUT))
            if at is not None:
                lead["status"] = "lost"
            return owner, at or t, None
        kind = touch_kind(g, style) if step == "touch" else step
        same_day = _same_day_quote(g, owner, t, step, gap)
        at = contact(g, lead, owner, day, kind, not_before=t, at=same_day, next_days=rng.randint(2, 7),
                     rate=0.2 if kind in ("tour", "visit") else 0.0)
        if at is None:
            return owner, t, None
        if step == "need-confirmed":
            need_at = at
        if step == "quote" and (at.date() - need_at.date()).days > QUOTE_DAYS:
            g.got("T1-late", month_of(need_at.date()))
        kinds_done.add(kind)
        prev, t = t, at
    return owner, t, None


def _steps(g: Demo, end: str, style: str) -> list[str]:
    """The steps of a pursuit: touches, perhaps need-confirmed and quote among them, the end."""
    rng = g.rng
    steps = ["touch"] * touches(g, style)
    negotiate = end == "won" or rng.random() < (0.3 if end == "lost" else 0.25)
    if negotiate:
        i = rng.randint(0, len(steps))
        steps[i:i] = ["need-confirmed", "quote"]
    steps.append({"won": "sign", "lost": "lose", "open": "stop"}[end])
    return steps


def _gap(g: Demo, step: str, need_at: dt.datetime | None) -> int:
    """Days from the last contact to this step; a quote is late once a month at least (T1)."""
    rng = g.rng
    if step == "quote":
        late = g.need("T1-late", month_of(need_at.date())) or rng.random() < 0.05
        return rng.randint(QUOTE_DAYS + 1, QUOTE_DAYS + 4) if late else (0 if rng.random() < 0.7 else 1)
    if step == "need-confirmed":
        return rng.randint(0, 3)
    return rng.randint(1, 6)


def _same_day_quote(g: Demo, owner: Person, t: dt.datetime, step: str, gap: int) -> dt.datetime | None:
    """A quote the same day as the need: a little after it, if still in the owner's shift."""
    if not (step == "quote" and gap == 0 and t.date() >= g.start):
        return None
    same_day = t + dt.timedelta(minutes=g.rng.randint(20, 90))
    if not works(owner, same_day.date()) or same_day.hour * 60 + same_day.minute > shift(owner, same_day.date()).end:
        return None
    return same_day


def _sign(g: Demo, lead: dict, owner: Person, day: dt.date, t: dt.datetime, prev: dt.datetime, style: str,
          kinds_done: set) -> tuple[Person, dt.datetime, dict | None]:
    deal_at = contact(g, lead, owner, day, "visit" if style != "tele" else "call", not_before=t,
                      outcome="签约成交" if style != "outreach" else "签订企业合作协议")
    if deal_at is None:
        return owner, t, None
    kinds_done.add("visit")
    deal = new_deal(g, lead, owner, deal_at, style, deposit_at=prev)
    return owner, deal_at, deal


def settle(g: Demo, lead: dict, owner: Person | None, last: dt.datetime, kinds: set, style: str) -> None:
    """After the story: status, hand-over of a leaver's open lead, the pool (L6), aftercare."""
    club = g.club
    if lead["status"] not in ("won", "lost"):
        lead["status"] = status_of(kinds)
    open_ = lead["status"] not in ("won", "lost")
    if open_ and owner is not None:
        owner, last = hand_over_open(g, lead, owner, last, style, kinds)
    if open_:
        owner, last = _reclaim(g, lead, owner, last, kinds, style)
    if open_ and owner is not None:
        owner, last = hand_over_open(g, lead, owner, last, style, kinds)
    if lead.get("owner"):
        p = g.staff_by_id[lead["owner"]]
        club.owner_channel[lead["id"]] = p.channel
        if p.channel == "outside":
            club.outside_owned.append(lead["id"])


def _reclaim(g: Demo, lead: dict, owner: Person | None, last: dt.datetime, kinds: set,
             style: str) -> tuple[Person | None, dt.datetime]:
    """L6: the pool job ran weekly, last a week before the end, so leads idle for more than 15
    days at the end are those that became idle since (salesctl reclaim has them to do). Half of
    the reclaimed leads are given again by capacity (A1)."""
    rng = g.rng
    while owner is not None:
        back = last.date() + DAY * (IDLE_DAYS + 1)
        if back > AS_OF_DATE - DAY * 7 or (owner.status == "leave" and on_leave(owner, back)):
            break
        if owner.left is not None and owner.left < back:
            owner, last = hand_over_open(g, lead, owner, last, style, kinds)
            continue
        give(lead, None, moment(back, 2 * 60), "L6", f"{IDLE_DAYS} 天未跟进，回收公海")
        old, owner = owner, None
        if rng.random() < 0.5:
            break
        d = back + DAY * rng.randint(1, 5)
        new = by_capacity(old.team, d, exclude=old)
        if new is None:
            break
        give(lead, new, moment(d, 9 * 60 + 5), "A1", f"公海再分配：{new.team.name}按产能")
        owner, last = new, moment(d, 9 * 60 + 5)
        at = contact(g, lead, new, d, touch_kind(g, style), next_days=rng.randint(3, 10))
        if at is not None:
            kinds.add("call")
            last = at
    return owner, last


def hand_over_open(g: Demo, lead: dict, owner: Person, last: dt.datetime, style: str,
                   kinds: set) -> tuple[Person, dt.datetime]:
    """An open lead of someone who has left goes to a colleague, who calls the customer (O3)."""
    if owner.left is None or owner.left >= AS_OF_DATE:
        return owner, last
    left = owner.left
    owner = holder(g, lead, owner, left + DAY)
    last = max(last, lead["log"][-1]["when"])
    at = contact(g, lead, owner, left + DAY * g.rng.randint(1, 4), touch_kind(g, style),
                 outcome="交接后首次联系", next_days=g.rng.randint(3, 10))
    if at is not None:
        kinds.add("call")
        last = at
    return owner, last
