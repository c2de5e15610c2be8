"""Checks that records name what exists and agree with each other: references between teams,
staff, leads, deals, the log files, improvement plans, training sessions and events (O1-O3, A1, A4, L5,
L7, S1, S4, S5, K4, K5, K9, K10, T3), and attendance (P5)."""
from __future__ import annotations

from salesctl.domain.staffing import left_before
from salesctl.checks.context import Context
from salesctl.errors import error
from salesctl.records import OPEN_STATUSES
from salesctl.i18n import _


def references(c: Context):
    """Every reference names a record that exists (or one whose file did not load: its own errors
    say why), and the rules records must meet together."""
    yield from o1_teams(c)
    yield from _staff(c)
    yield from _leads(c)
    yield from _deals(c)
    yield from _logs(c)
    yield from p6_nominations(c)
    yield from _departments(c)
    yield from _plans(c)
    yield from _trainings(c)
    yield from _events(c)


def attendance(c: Context):
    for a in c.records.attendance:
        if a.absent and a.leave:
            yield c.error(a, "absent", _("a day cannot be both absent and on leave"), "P5")
        yield from o4_swap(c, a)
        yield from o4_off_post(c, a)


def _supervisors(records, s) -> set:
    """Who arranges a person's shifts (主管): their team's leader and deputy, and their department's managers."""
    team = records.teams.get(s.team or "")
    dept = records.department_of(s)
    out = {x for x in ((team.leader, team.deputy) if team else ()) if x}
    out |= {m.id for m in records.staff.values() if m.role == "manager" and dept and records.department_of(m) == dept}
    out |= {d.manager for d in records.departments.values() if d.manager and d.name == dept}
    return out


def _approver(c: Context, a, field: tuple, sid: str | None):
    """O4: an approver is staff, not the person themselves (a warning), and one who arranges their shifts (a warning)."""
    staff = c.records.staff
    yield from _need(c, a, field, sid, staff, "staff")
    s = staff.get(a.staff)
    if not sid or s is None:
        return
    if sid == a.staff:
        yield c.warning(a, field, _("approved_by {id}: a person arranges their own swap or time off the post").format(id=sid), "O4")
    elif sid in staff and sid not in _supervisors(c.records, s):
        yield c.warning(a, field, _("approved_by {id}: not the leader, deputy or manager of {staff}").format(id=sid, staff=a.staff), "O4")


def o4_swap(c: Context, a):
    """O4: a swap names a colleague on the staff, a shift of the person's rule book (or off), and its approver."""
    if a.swap is None:
        return
    w = a.swap
    yield from _need(c, a, ("swap", "with"), w.with_, c.records.staff, "staff")
    if w.with_ and w.with_ == a.staff:
        yield c.error(a, ("swap", "with"), _("swap with {id}: a person cannot swap with themselves").format(id=w.with_), "O4")
    s = c.records.staff.get(a.staff)
    shifts = c.records.policies.of(c.records.department_of(s) if s else None).shifts
    if w.shift != "off" and w.shift not in shifts:
        yield c.error(a, ("swap", "shift"), _("swap shift {shift!r} is not defined in the policy (defined: {value}, or off)").format(
            shift=w.shift, value=", ".join(shifts)), "O4")
    yield from _approver(c, a, ("swap", "approved_by"), w.approved_by)


def o4_off_post(c: Context, a):
    """O4: an off-post stretch runs forward (from before to) and does not overlap another; its approver as a swap's."""
    from salesctl.domain.duty import minutes

    seen = []
    for i, op in enumerate(a.off_post):
        lo, hi = minutes(op.from_), minutes(op.to)
        if lo >= hi:
            yield c.error(a, ("off_post", i), _("off_post from {start} is not before to {end}").format(start=op.from_, end=op.to), "O4")
        for j, (plo, phi) in enumerate(seen):
            if lo < phi and plo < hi:
                yield c.error(a, ("off_post", i), _("off_post {start}-{end} overlaps off_post[{n}]").format(start=op.from_, end=op.to, n=j + 1), "O4")
        seen.append((lo, hi))
        yield from _approver(c, a, ("off_post", i, "approved_by"), op.approved_by)


def _need(c: Context, rec, field, value, table, what):
    """'no such <what>' when value is given and neither in table nor among the unloaded."""
    if value and value not in table and value not in c.unloaded.get(what, ()):
        name = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in field).lstrip(".") if isinstance(field, tuple) else field   # as written: payment.taken_by, leave[2].approved_by
        yield c.error(rec, field, _("{name} {value}: no such {what}").format(name=name, value=value, what=what))


def o1_teams(c: Context):
    """O1: a team's leader and deputy are staff, members of that team, and still there."""
    staff = c.records.staff
    for t in c.records.teams.values():
        yield from _need(c, t, "leader", t.leader, staff, "staff")
        yield from _need(c, t, "deputy", t.deputy, staff, "staff")
        for role, sid in (("leader", t.leader), ("deputy", t.deputy)):
            s = staff.get(sid or "")
            if s is not None and s.team != t.id:
                yield c.error(t, role, _("team {role} {sid} ({name}) is not a member of team {id} (their team is {value})").format(role=role, sid=sid, name=s.name, id=t.id, value=s.team or 'none'), "O1")
            if s is not None and s.status == "left":
                yield c.warning(t, role, _("team {role} {sid} ({name}) has left").format(role=role, sid=sid, name=s.name), "O3")


def _staff(c: Context):
    for s in c.records.staff.values():
        yield from _need(c, s, "team", s.team, c.records.teams, "team")
        if s.status == "left" and s.left is None:
            yield c.error(s, "status", _("status is left but no left date is given"), "O3")
        if s.left is not None and s.left < s.joined:
            yield c.error(s, "left", _("left {left} is before joined {joined}").format(left=s.left, joined=s.joined), "O3")
        yield from _need(c, s, "referred_by", s.referred_by, c.records.staff, "staff")
        if s.referred_by == s.id:
            yield c.error(s, "referred_by", _("referred_by {id}: a person cannot recommend themselves").format(id=s.id), "P7")
        dept = c.records.department_of(s)
        shifts = c.records.policies.of(dept).shifts   # the shifts of the rule book the person works under
        whose = _("the policy of {department}").format(department=dept) if dept in c.records.policies.departments else _("the policy")
        for day, shift in s.shifts.items():
            if shift not in shifts:
                yield c.error(s, ("shifts", day), _("shift {shift!r} is not defined in {whose} (defined: {value})").format(shift=shift, whose=whose, value=', '.join(shifts)), "O2")
        for i, lv in enumerate(s.leave):
            if lv.end < lv.start:
                yield c.error(s, ("leave", i), _("leave ends {end} before it starts {start}").format(end=lv.end, start=lv.start), "A4")
            yield from _need(c, s, ("leave", i, "approved_by"), lv.approved_by, c.records.staff, "staff")
            if lv.approved_by == s.id:
                yield c.warning(s, ("leave", i, "approved_by"), _("approved_by {id}: a person approves their own leave").format(id=s.id), "O5")
            for j, other in enumerate(s.leave[:i]):
                if lv.start <= other.end and other.start <= lv.end:
                    yield c.error(s, ("leave", i), _("leave {start} to {end} overlaps leave {start2} to {end2}").format(
                        start=lv.start, end=lv.end, start2=other.start, end2=other.end), "A4")


def _leads(c: Context):
    r = c.records
    staff, leads = r.staff, r.leads
    sources = set(c.policy.leads.sources)
    for lead in leads.values():
        yield from _need(c, lead, "team", lead.team, r.teams, "team")
        yield from _need(c, lead, "owner", lead.owner, staff, "staff")
        yield from _need(c, lead, "designated", lead.designated, staff, "staff")
        yield from _need(c, lead, "submitted_by", lead.submitted_by, staff, "staff")
        yield from _need(c, lead, "referred_by", lead.referred_by, leads, "lead")
        yield from _need(c, lead, "event", lead.event, r.events, "event")
        if lead.referred_by == lead.id:
            yield c.error(lead, "referred_by", _("a lead cannot refer itself"), "S4")
        if lead.voucher and lead.voucher.staff:
            yield from _need(c, lead, ("voucher", "staff"), lead.voucher.staff, staff, "staff")
        if lead.source not in sources:
            yield c.error(lead, "source", _("source {source!r} is not one of policy leads.sources ({value})").format(source=lead.source, value=', '.join(sorted(sources))), "A1")
        owner = staff.get(lead.owner or "")
        if owner is not None and owner.status == "left" and lead.status in OPEN_STATUSES:
            yield c.error(lead, "owner", _("owner {id} ({name}) has left; return the lead to the pool (salesctl reclaim) or give it to someone").format(id=owner.id, name=owner.name), "O3")
        yield from _ownership_log(c, lead)


def _ownership_log(c: Context, lead):
    """L5: the log names real people, and its last entry gives the lead to its owner."""
    for i, ch in enumerate(lead.log):
        for f, v in (("from", ch.from_), ("to", ch.to)):
            if v and v not in c.records.staff and v not in c.unloaded["staff"]:
                yield c.error(lead, ("log", i, f), _("log entry {value}: {f} {v}: no such staff").format(value=i + 1, f=f, v=v), "L5")
    if lead.log and lead.log[-1].to != lead.owner:
        yield c.warning(lead, "owner", _("owner {value} differs from the last ownership log entry ({value2})").format(value=lead.owner or '(pool)', value2=lead.log[-1].to or '(pool)'), "L5")


def _deals(c: Context):
    r = c.records
    staff = r.staff
    for d in r.deals.values():
        yield from _need(c, d, "lead", d.lead, r.leads, "lead")
        if d.deposit:
            yield from _need(c, d, ("deposit", "taken_by"), d.deposit.taken_by, staff, "staff")
        if d.payment:
            yield from _need(c, d, ("payment", "taken_by"), d.payment.taken_by, staff, "staff")
        if d.reported:
            yield from _need(c, d, ("reported", "to"), d.reported.to, staff, "staff")
        if d.negotiation_reported:
            yield from _need(c, d, ("negotiation_reported", "to"), d.negotiation_reported.to, staff, "staff")
        if d.contract_reviewed:
            yield from _need(c, d, ("contract_reviewed", "by"), d.contract_reviewed.by, staff, "staff")
        yield from _refund(c, d)
        if d.deposit is not None and d.deposit.amount < 0:
            yield c.error(d, ("deposit", "amount"), _("deposit amount is negative"), "S1")
        if d.profit is not None and d.profit > d.amount and d.amount >= 0:
            yield c.warning(d, "profit", _("profit {profit} is more than the amount {amount}").format(profit=d.profit, amount=d.amount), "K4")
        if d.credit:
            yield from _credit_override(c, d)


def _refund(c: Context, d):
    """S5: a refund names an existing, earlier deal it does not exceed; only a refund has refund_of."""
    if d.kind == "refund":
        if not d.refund_of:
            yield c.error(d, "refund_of", _("a refund names the deal it refunds (refund_of)"), "S5")
            return
        orig = c.records.deals.get(d.refund_of)
        if orig is None and d.refund_of in c.unloaded["deal"]:
            return
        if orig is None:
            yield c.error(d, "refund_of", _("refund_of {refund_of}: no such deal").format(refund_of=d.refund_of), "S5")
        elif orig.signed > d.signed:
            yield c.error(d, "refund_of", _("refund signed {signed} before the deal it refunds ({signed2})").format(signed=d.signed, signed2=orig.signed), "S5")
        elif d.amount > orig.amount:
            yield c.error(d, "amount", _("refund of {amount} is more than deal {id} ({amount2})").format(amount=d.amount, id=orig.id, amount2=orig.amount), "S5")
    elif d.refund_of:
        yield c.error(d, "refund_of", _("refund_of is only for kind refund (this deal is {kind})").format(kind=d.kind), "S5")


def _credit_override(c: Context, d):
    """S5: override shares add up to 100%, each between 0 and 100, to people there when it was signed."""
    staff = c.records.staff
    total = sum((s.share for s in d.credit.shares), start=type(d.amount)(0))
    if total != 100:
        yield c.error(d, ("credit", "shares"), _("credit override shares add up to {total}%, not 100%").format(total=total), "S5")
    for i, s in enumerate(d.credit.shares):
        yield from _need(c, d, ("credit", "shares", i, "staff"), s.staff, staff, "staff")
        if s.share < 0 or s.share > 100:
            yield c.error(d, ("credit", "shares", i, "share"), _("share {share}% is not between 0 and 100").format(share=s.share), "S5")
        person = staff.get(s.staff)
        if person is not None and left_before(person, d.signed):
            yield c.error(d, ("credit", "shares", i, "staff"),
                          _("credit override names {id} ({name}), who left on {left}, before the deal was signed on {signed}").format(id=person.id, name=person.name, left=person.left, signed=d.signed), "S5")
    yield from _need(c, d, ("credit", "by"), d.credit.by, staff, "staff")


def _logs(c: Context):
    """Visits, activity, attendance and reviews: their person exists (the file name names them)."""
    r = c.records
    for v in r.visits:
        yield from _need(c, v, "lead", v.lead, r.leads, "lead")
        if v.answered is not None and v.answered < v.at:
            yield c.error(v, "answered", _("answered {value} before the complaint at {value2}").format(value=v.answered.isoformat(), value2=v.at.isoformat()), "T3")
        if v.resolved is not None and v.resolved < v.at:
            yield c.error(v, "resolved", _("resolved {value} before the complaint at {value2}").format(value=v.resolved.isoformat(), value2=v.at.isoformat()), "T3")
        yield from _need(c, v, "responsible", v.responsible, r.staff, "staff")
        if v.kind != "complaint" and (v.responsible or v.resolved or v.category):
            yield c.warning(v, "responsible" if v.responsible else "resolved" if v.resolved else "category",
                            _("responsible, resolved and category are a complaint's; this entry is a {kind}").format(kind=v.kind), "T3")
    for rec in (*r.visits, *r.activity, *r.attendance, *r.reviews, *r.plans):
        if rec.staff not in r.staff and rec.staff not in c.unloaded["staff"]:
            path = c.locations.of(rec).path
            yield error(path, 1, _("no staff {staff} (the file name names the person)").format(staff=rec.staff))
    for rv in r.reviews:
        for i, pr in enumerate(rv.peers):
            yield from _need(c, rv, ("peers", i, "by"), pr.by, r.staff, "staff")
        yield from _review_people(c, rv)


def _review_people(c: Context, rv):
    """K1-K3: who signed a stage is a staff id (HR's filing may be review.hr's name); the interviewer and
    whoever objected are staff ids."""
    r = c.records
    s = r.staff.get(rv.staff)
    hr = r.policies.of(r.department_of(s)).review.hr if s is not None else r.policy.review.hr
    for stage, got in rv.signed.items():
        if not (stage == "filed" and got.by == hr):
            yield from _need(c, rv, ("signed", stage, "by"), got.by, r.staff, "staff")
    if rv.interview is not None:
        yield from _need(c, rv, ("interview", "by"), rv.interview.by, r.staff, "staff")
    for i, o in enumerate(rv.objections):
        yield from _need(c, rv, ("objections", i, "by"), o.by, r.staff, "staff")


def p6_nominations(c: Context):
    """P6: a nomination names a team that exists, and, where the person's rule book gives awards by
    nomination (payout.titles' nomination, P6 on), one of those awards (another name is a warning: no
    title reads it). Where the book gives none, nominations are notes."""
    r = c.records
    for rv in r.reviews:
        s = r.staff.get(rv.staff)
        policy = c.records.policies.of(r.department_of(s) if s else None)
        awards = {t.nomination: t for t in policy.payout.titles if t.nomination} if policy.on("P6") else {}
        for i, item in enumerate(rv.nominations):
            name, team = (item, None) if isinstance(item, str) else (item.award, item.team)
            field = ("nominations", i) if isinstance(item, str) else ("nominations", i, "award")
            if not isinstance(item, str):
                yield from _need(c, rv, ("nominations", i, "team"), team, r.teams, "team")
                yield from _need(c, rv, ("nominations", i, "by"), item.by, r.staff, "staff")
            if not awards:
                continue
            if name not in awards:
                known = ", ".join(sorted(awards)) or "none"
                yield c.warning(rv, field, _("nomination {name}: no title of the policy is given for it (payout.titles' nominations: {known})").format(name=name, known=known), "P6")
            if not isinstance(item, str):
                t = awards.get(name)
                if t is not None and team and t.to == "person":
                    yield c.error(rv, ("nominations", i, "team"), _("nomination {name}: the title {name2} goes to a person, not a team (to: person)").format(name=name, name2=t.name), "P6")
                if t is not None and not team and t.to == "team":
                    yield c.error(rv, ("nominations", i), _("nomination {name}: the title {name2} goes to a team: name it (team: …)").format(name=name, name2=t.name), "P6")
            elif name in awards and awards[name].to == "team":
                yield c.error(rv, field, _("nomination {name}: the title {name2} goes to a team: name it ({{award: {name}, team: …}})").format(name=name, name2=awards[name].name), "P6")


def _departments(c: Context):
    """O1, K11: a department's manager is staff; two department records do not share a name."""
    seen: dict[str, str] = {}
    for d in sorted(c.records.departments.values(), key=lambda d: d.id):
        yield from _need(c, d, "manager", d.manager, c.records.staff, "staff")
        if d.name in seen:
            yield c.error(d, "name", _("department {name} is also {value}: one record per department").format(name=d.name, value=seen[d.name]), "O1")
        seen.setdefault(d.name, d.id)


def _plans(c: Context):
    """K5, K10: an improvement plan's reviewer is staff; it is submitted and reviewed after it was opened."""
    for p in c.records.plans:
        yield from _need(c, p, "reviewed_by", p.reviewed_by, c.records.staff, "staff")
        for f in ("submitted", "reviewed"):
            when = getattr(p, f)
            if when is not None and p.opened is not None and when < p.opened:
                yield c.error(p, f, _("{f} {when} is before the plan was opened ({opened})").format(f=f, when=when, opened=p.opened), "K10")


def _trainings(c: Context):
    """K9: a session names staff and a team that exist; scores and notes come from people who attended."""
    r = c.records
    for t in r.trainings.values():
        yield from _need(c, t, "held_by", t.held_by, r.staff, "staff")
        yield from _need(c, t, "team", t.team, r.teams, "team")
        for f in ("invited", "attendees", "notes_from"):
            for i, sid in enumerate(getattr(t, f)):
                yield from _need(c, t, (f, i), sid, r.staff, "staff")
        for sid in t.scores:
            yield from _need(c, t, ("scores", sid), sid, r.staff, "staff")
        came = set(t.attendees)
        for sid in t.scores:
            if sid not in came:
                yield c.warning(t, ("scores", sid), _("a test score for {sid}, who is not among the attendees").format(sid=sid), "K9")
        for i, sid in enumerate(t.notes_from):
            if sid not in came:
                yield c.warning(t, ("notes_from", i), _("training notes from {sid}, who is not among the attendees").format(sid=sid), "K9")


def _events(c: Context):
    """L7: an event's organisers are staff, each named once; a report handed in is dated on or after the event."""
    r = c.records
    for ev in r.events.values():
        seen = set()
        for i, sid in enumerate(ev.organisers):
            yield from _need(c, ev, ("organisers", i), sid, r.staff, "staff")
            if sid in seen:
                yield c.error(ev, ("organisers", i), _("organiser {sid} is named twice").format(sid=sid), "L7")
            seen.add(sid)
        if ev.reported is not None and ev.reported < ev.date:
            yield c.error(ev, "reported", _("report handed in {reported}, before the event ({date})").format(
                reported=ev.reported, date=ev.date), "L7")
