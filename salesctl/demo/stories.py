"""The stories of the period's leads: what brings each lead in, to whom, and how it goes on.

Every month gets its quota of each story (walk-ins shared by rotation A2/A4, designated
customers A3, campaign vouchers A6, friends referred by an outside consultant's customer S4,
credit overrides S5, outside consultants' customers who sign inside S2/S3, inbound phone, web
and company leads A1, sellers' own prospects L1), and in its last days the leads still in the
pool for `salesctl assign`. The stories of a month are played in the order of their times.
"""
from __future__ import annotations

import datetime as dt

from salesctl.demo.leads import contact, give, new_lead, rotation_why
from salesctl.demo.organisation import Club, Person
from salesctl.demo.pursuit import fate, pursue, settle
from salesctl.demo.rules import by_capacity, employed, on_post, rotation, shift, works
from salesctl.demo.sales import aftercare, follow_on, new_deal
from salesctl.demo.scales import AS_OF, AS_OF_DATE, DAY, FOLLOW_UP_DAYS, moment, month_bounds
from salesctl.demo.state import Demo

WALK_IN_WINDOWS = ((9 * 60 + 15, 11 * 60 + 55), (12 * 60 + 35, 17 * 60 + 55), (18 * 60 + 35, 21 * 60 + 30))
WALK_INS = ("walk", "designated", "campaign", "friend", "override")


def make_period_leads(g: Demo, club: Club, n: int) -> None:
    """n leads: a pipeline from before the period, then each month's stories."""
    pipeline = round(n / len(g.months) * 0.45)
    make_pipeline(g, club, pipeline)
    n -= pipeline
    per = [n // len(g.months) + (1 if i < n % len(g.months) else 0) for i in range(len(g.months))]
    for mi, mk in enumerate(g.months):
        play(g, _month_stubs(g, club, mk, per[mi], mi == len(g.months) - 1))


def _month_stubs(g: Demo, club: Club, mk: str, budget: int, last_month: bool) -> list[tuple]:
    """The month's stories as (time, story, argument), the rest of the budget prospects."""
    rng = g.rng
    first, last = month_bounds(mk)
    stubs = []
    quota = {
        "walk": round(0.25 * budget), "designated": max(2, round(0.03 * budget)),
        "campaign": max(1, round(0.02 * budget)), "friend": max(1, round(0.015 * budget)),
        "s3": max(2, round(0.015 * budget)), "stale": 0 if last_month else max(1, round(0.008 * budget)),
        "a6": max(1, round(0.008 * budget)), "override": max(1, round(0.004 * budget)),
        "tele_in": round(0.10 * budget), "company_in": max(1, round(0.01 * budget)),
    }
    pool = {"walk": 3, "designated": 1, "campaign": 1, "tele_in": 2, "company_in": 1} if last_month else {}
    prospects = budget - sum(quota.values()) - sum(pool.values())
    span = (last - first).days
    for story, k in quota.items():
        for _ in range(k):
            if story in ("s3", "a6"):
                day = first + DAY * rng.randint(0, min(span, 22))
            elif story == "stale":
                day = first + DAY * rng.randint(0, min(span, 8))
            elif story == "friend":
                day = first + DAY * rng.randint(min(span, 7), span)
            else:
                day = first + DAY * rng.randint(0, span)
            stubs.append((stub_time(g, story, day), story, False))
    for story, k in pool.items():
        for _ in range(k):
            day = AS_OF_DATE - DAY * rng.randint(0, 5)
            stubs.append((stub_time(g, story, day), story, True))
    sellers = [p for p in club.staff if p.role != "manager" and any(first <= d <= last for d in p.workdays)]
    weights = [sum(1 for d in p.workdays if first <= d <= last) * {"laggard": 0.6, "star": 1.5}.get(p.tag, 1.0)
               for p in sellers]
    for p in rng.choices(sellers, weights=weights, k=max(0, prospects)):
        d = rng.choice([d for d in p.workdays if first <= d <= last])
        span_p = shift(p, d)
        stubs.append((moment(d, rng.randint(span_p.start + 15, span_p.end - 30)), "prospect", p))
    return stubs


def make_pipeline(g: Demo, club: Club, n: int) -> None:
    """Open leads from the weeks before the records begin: their contacts before the period are
    not in the records; they are followed up and closed in the first weeks of the period."""
    rng = g.rng
    sellers = [p for p in club.staff if p.role != "manager" and employed(p, g.start - DAY * 30)]
    stubs = []
    for _ in range(n):
        day = g.start - DAY * rng.randint(1, 28)
        story = rng.choices(("walk", "tele_in", "prospect"), weights=(3, 1, 6))[0]
        if story == "prospect":
            p = rng.choice(sellers)
            while not works(p, day):
                day -= DAY
            span = shift(p, day)
            stubs.append((moment(day, rng.randint(span.start + 15, span.end - 30)), story, p))
        else:
            stubs.append((stub_time(g, story, day), story, False))
    play(g, stubs)


def play(g: Demo, stubs: list[tuple]) -> None:
    """Play the stories in the order of their times (then story names)."""
    stubs.sort(key=lambda x: (x[0], x[1]))
    for created, story, arg in stubs:
        play_one(g, created, story, arg)


def stub_time(g: Demo, story: str, day: dt.date) -> dt.datetime:
    rng = g.rng
    if story in WALK_INS:
        return walk_in_time(g, day)
    if story == "tele_in":
        return moment(day, rng.randint(8 * 60 + 30, 21 * 60 + 30))
    if story == "company_in":
        while day.weekday() >= 5:
            day -= DAY
        return moment(day, rng.randint(9 * 60 + 30, 17 * 60 + 30))
    return moment(day, rng.randint(9 * 60 + 30, 16 * 60 + 30))


def walk_in_time(g: Demo, day: dt.date) -> dt.datetime:
    rng = g.rng
    w = rng.choices(WALK_IN_WINDOWS, weights=(3, 5, 4))[0]
    return moment(day, rng.randint(w[0], w[1]))


def play_one(g: Demo, created: dt.datetime, story: str, arg) -> None:
    """One story; `arg` is the seller of a prospect, else whether the lead stays in the pool."""
    if created > AS_OF:
        created = AS_OF - dt.timedelta(minutes=30)
    if story == "prospect":
        return prospect(g, arg, created)
    if story in WALK_INS:
        return walk_in(g, created, story, pool=arg is True)
    if story in ("s3", "stale", "a6"):
        return outside_then_inside(g, created, story)
    if story == "tele_in":
        return inbound(g, created, company=False, pool=arg is True)
    if story == "company_in":
        return inbound(g, created, company=True, pool=arg is True)
    raise ValueError(story)


def walk_in(g: Demo, created: dt.datetime, story: str, pool: bool = False) -> None:
    """A2 rotation, A3 designated, A6 campaign voucher, S4 referred friend, S5 override."""
    rng = g.rng
    club = g.club
    d = created.date()
    created, story, voucher, designee, referrer = _walk_in_party(g, created, story)
    lead = new_lead(g, created, "referral" if referrer else "walk-in", designated=designee.id if designee else None,
                    voucher=voucher, referred_by=referrer)
    if pool:
        lead["team"] = rng.choice(club.inside_teams).id if rng.random() < 0.5 else None
        settle(g, lead, None, created, set(), "inside")
        return
    owner = _walk_in_owner(g, lead, created, designee, voucher)
    if owner is None:
        lead["team"] = club.inside_teams[0].id
        settle(g, lead, None, created, set(), "inside")
        return
    kinds = {"tour"}
    t = contact(g, lead, owner, d, "tour", at=created + dt.timedelta(minutes=rng.randint(2, 9)),
                next_days=rng.randint(1, 5), rate=0.25)
    helper = _override_helper(g, lead, owner, d, t) if story == "override" else None
    base = 0.6 if designee else 0.5 if referrer else 0.35
    end = "won" if helper else fate(g, base, owner)
    owner, last, deal = pursue(g, lead, owner, t, end, "inside", kinds)
    if deal is not None:
        if helper is not None and deal["payment"]["taken_by"] == owner.id and employed(helper, deal["signed"]):
            share = rng.choice((50, 60))
            deal["credit"] = {"by": club.manager.id, "why": f"{owner.name}与{helper.name}共同接待，经理裁定分成",
                              "shares": [{"staff": owner.id, "share": share}, {"staff": helper.id, "share": 100 - share}]}
            g.got("override")
        after_sale(g, lead, owner, deal)
    settle(g, lead, owner, last, kinds, "inside")


def _walk_in_party(g: Demo, created: dt.datetime, story: str) -> tuple:
    """Who walks in: (time, story, voucher, designee, referrer); a designated customer or a
    friend with nobody to name becomes a plain walk-in."""
    rng = g.rng
    club = g.club
    d = created.date()
    voucher = designee = referrer = None
    if story == "designated":
        cands = [p for t in club.inside_teams for p in t.members
                 if employed(p, d) and p.status == "active" and works(p, d) and p.left is None]
        if cands:
            designee = rng.choice(cands)
            span = shift(designee, d)
            created = moment(d, rng.randint(max(span.start, 9 * 60 + 15) + 5, min(span.end, 21 * 60 + 30) - 30))
            if created > AS_OF:
                created = AS_OF - dt.timedelta(minutes=40)
            if rng.random() < 0.5:
                voucher = {"kind": "consultant", "code": f"TY{rng.randint(10000, 99999)}", "staff": designee.id}
        else:
            story = "walk"
    elif story == "campaign":
        voucher = {"kind": "campaign", "code": f"HD{created.year}-{rng.randint(1000, 9999)}"}
    elif story == "friend":
        cands = [lid for lid in club.outside_owned[-300:] if club.lead_by_id[lid]["created"] < created]
        if cands:
            referrer = rng.choice(cands)
        else:
            story = "walk"
    return created, story, voucher, designee, referrer


def _walk_in_owner(g: Demo, lead: dict, created: dt.datetime, designee: Person | None, voucher) -> Person | None:
    """The designee (A3), else the rotation's consultant on post (A2); None: nobody on post."""
    if designee is not None:
        why = "指定客：持顾问体验券" if voucher else g.rng.choice(("指定客：点名找顾问", "指定客：预约到店"))
        give(lead, designee, created, "A3", why)
        return designee
    owner = rotation(g.club.inside_teams, created)
    if owner is None:
        return None
    give(lead, owner, created, "A2", rotation_why(owner, bool(voucher)))
    return owner


def _override_helper(g: Demo, lead: dict, owner: Person, d: dt.date, t: dt.datetime) -> Person | None:
    """Two consultants served the customer together: the manager will split the credit (S5)."""
    rng = g.rng
    if not (g.need("override") or rng.random() < 0.5):
        return None
    others = [p for p in owner.team.members if p is not owner and on_post(p, t)]
    if not others:
        return None
    helper = rng.choice(others)
    contact(g, lead, helper, d, "tour", at=t + dt.timedelta(minutes=rng.randint(10, 40)),
            outcome="协助讲解私教课程")
    return helper


def after_sale(g: Demo, lead: dict, owner: Person, deal: dict) -> None:
    """Aftercare, and now and then a renewal, an upgrade or a product sale."""
    rng = g.rng
    signed = deal["signed"]
    aftercare(g, lead, owner, signed)
    if deal["product"] in ("月卡", "季卡") and rng.random() < 0.35:
        kind = "renewal" if deal["product"] == "月卡" else "upgrade"
        follow_on(g, lead, owner, kind, signed + DAY * rng.randint(25, 40))
    elif rng.random() < 0.12:
        follow_on(g, lead, owner, "product", signed + DAY * rng.randint(7, 60))


def prospect(g: Demo, p: Person, created: dt.datetime) -> None:
    """A lead a seller found themselves (L1): they own it."""
    rng = g.rng
    club = g.club
    style = {"inside": "inside", "outside": "outside", "telesales": "tele", "outreach": "outreach"}[p.channel]
    if style == "outreach":
        lead = new_lead(g, created, "outreach" if rng.random() < 0.8 else "event", company=True, submitted_by=p.id)
        give(lead, p, created, "manual", "自行开发企业客户", by=p.id)
        base, first = 0.22, rng.choice(("visit", "call"))
    elif style == "tele":
        lead = new_lead(g, created, "phone" if rng.random() < 0.9 else "web", submitted_by=p.id)
        give(lead, p, created, "manual", "电话开发客户", by=p.id)
        base, first = 0.07, "call"
    else:
        r = rng.random()
        referrer = None
        if style == "inside" and r < 0.25 and club.won_by.get(p.id):
            source, referrer = "referral", rng.choice(club.won_by[p.id][-50:])
        elif style == "inside":
            source = rng.choices(("flyer", "event", "phone", "other", "referral"), weights=(3, 2, 2, 1, 1))[0]
        else:
            source = rng.choices(("flyer", "event", "referral", "other"), weights=(45, 35, 10, 10))[0]
        lead = new_lead(g, created, source, submitted_by=p.id, referred_by=referrer)
        give(lead, p, created, "manual", "老会员转介绍" if referrer else "自行开发客户", by=p.id)
        base = 0.10 if style == "inside" else 0.14
        first = "visit" if source == "event" else "call"
    kinds = {first}
    t = contact(g, lead, p, created.date(), first, at=created, next_days=rng.randint(2, 6))
    owner, last, deal = pursue(g, lead, p, t, fate(g, base, p), style, kinds)
    if deal is not None:
        if style != "outreach":
            after_sale(g, lead, owner, deal)
        else:
            aftercare(g, lead, owner, deal["signed"])
    settle(g, lead, owner, last, kinds, style)


def inbound(g: Demo, created: dt.datetime, company: bool, pool: bool) -> None:
    """Phone and web leads (telesales, A1) and company leads (outreach, A1)."""
    rng = g.rng
    club = g.club
    source = rng.choice(("web", "event")) if company else ("phone" if rng.random() < 0.55 else "web")
    lead = new_lead(g, created, source, company=company)
    if pool:
        settle(g, lead, None, created, set(), "tele")
        return
    team = club.outreach_team if company else club.tele_team
    owner = by_capacity(team, created.date())
    if owner is None:
        settle(g, lead, None, created, set(), "tele")
        return
    give(lead, owner, created, "A1", f"按产能分配：{team.name}")
    style = "outreach" if company else "tele"
    kinds = {"call"}
    t = contact(g, lead, owner, created.date(), "call", not_before=created, next_days=rng.randint(1, 5))
    if t is None:
        settle(g, lead, owner, created, set(), style)
        return
    owner, last, deal = pursue(g, lead, owner, t, fate(g, 0.3 if company else 0.12, owner), style, kinds)
    if deal is not None:
        aftercare(g, lead, owner, deal["signed"])
    settle(g, lead, owner, last, kinds, style)


def outside_then_inside(g: Demo, created: dt.datetime, story: str) -> None:
    """An outside consultant's customer walks in and signs with an inside consultant (S2, S3, A6);
    `stale`: after the follow-up window (S3), so the outside consultant gets no credit."""
    rng = g.rng
    d = created.date()
    outs = [p for p in g.club.outside_team.members if works(p, d)]
    if not outs:
        return walk_in(g, walk_in_time(g, d), "walk")
    o = rng.choice(outs)
    span = shift(o, d)
    created = moment(d, rng.randint(span.start + 15, span.end - 60))
    voucher = {"kind": "campaign", "code": f"HD{created.year}-{rng.randint(1000, 9999)}"} if story == "a6" else None
    lead = new_lead(g, created, rng.choice(("flyer", "event")), submitted_by=o.id, voucher=voucher)
    give(lead, o, created, "manual", "自行开发客户" if not voucher else "街头派发活动券", by=o.id)
    kinds = {"visit"}
    last_f = contact(g, lead, o, d, "visit", at=created, next_days=rng.randint(2, 5))
    for _ in range(rng.randint(0, 2)):
        at = contact(g, lead, o, last_f.date() + DAY * rng.randint(2, 5), rng.choice(("call", "message", "visit")),
                     not_before=last_f, next_days=rng.randint(2, 6))
        if at is None:
            break
        last_f = at
    lo, hi = (FOLLOW_UP_DAYS + 5, FOLLOW_UP_DAYS + 20) if story == "stale" else (1, FOLLOW_UP_DAYS - 12)
    walk_day = min(last_f.date() + DAY * rng.randint(lo, hi), AS_OF_DATE)
    if (walk_day - last_f.date()).days < lo:
        settle(g, lead, o, last_f, {"visit", "call"}, "outside")
        return
    found = _walk_in_turn(g, walk_day)
    if found is None:
        settle(g, lead, o, last_f, kinds, "outside")
        return
    _sign_inside(g, lead, o, story, *found, last_f, kinds)


def _walk_in_turn(g: Demo, walk_day: dt.date) -> tuple[dt.date, dt.datetime, Person] | None:
    """The day, time and rotation's consultant of the customer's walk-in, trying six days."""
    for _ in range(6):
        cand = walk_in_time(g, walk_day)
        if cand <= AS_OF:
            p = rotation(g.club.inside_teams, cand)
            if p is not None:
                return walk_day, cand, p
        walk_day = walk_day + DAY if walk_day < AS_OF_DATE else walk_day
    return None


def _sign_inside(g: Demo, lead: dict, o: Person, story: str, walk_day: dt.date, walk_at: dt.datetime, p: Person,
                 last_f: dt.datetime, kinds: set) -> None:
    """The tour and the signing with inside consultant p, when the gap fits the story."""
    rng = g.rng
    t = contact(g, lead, p, walk_day, "tour", at=walk_at + dt.timedelta(minutes=rng.randint(2, 9)),
                next_days=1, rate=0.25)
    sign_day = walk_day + DAY * (0 if rng.random() < 0.6 else rng.randint(1, 2))
    sign_at = contact(g, lead, p, sign_day, "visit", not_before=t, outcome="签约成交")
    gap = (sign_at.date() - last_f.date()).days if sign_at is not None else 0
    if sign_at is None or (story == "stale") != (gap > FOLLOW_UP_DAYS + 2) or (story != "stale" and gap > FOLLOW_UP_DAYS - 3):
        settle(g, lead, o, last_f, kinds | {"tour"}, "outside")
        return
    deal = new_deal(g, lead, p, sign_at, "inside")
    deal["notes"] = {"s3": "外销顾问跟进过的客户到店，由内销顾问收款",
                     "stale": "外销顾问的跟进已超过有效期，客户到店由内销顾问收款",
                     "a6": "客户持公司活动券到店（视为新客），由内销顾问收款"}[story]
    aftercare(g, lead, p, deal["signed"])
    settle(g, lead, o, sign_at, kinds, "outside")
