"""Validation passes over loaded records: each a pure function registered by name.

A pass takes a `Checker` (the records plus a way to point at a field's line) and yields
problems. `run(loaded)` returns the loader's problems and every pass's, sorted.
Engines register their own passes (split registers S5's) by importing `check_pass`.
"""
from __future__ import annotations

import importlib
from functools import cached_property
from typing import Callable, Iterable

from salesctl.errors import Problem, error, warning
from salesctl.loader import Locator, Loaded
from salesctl.records import OPEN_STATUSES, Records
from salesctl.kinds import KINDS

PASSES: list[tuple[str, Callable]] = []
# Engine modules that register passes of their own; imported by run().
PASS_MODULES: list[str] = ["salesctl.split_checks", "salesctl.closing", "salesctl.engines.assign"]


def check_pass(name: str):
    def deco(fn):
        PASSES.append((name, fn))
        return fn
    return deco


class Checker:
    """The records being checked, and the line of any field of any record."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.records: Records = loaded.records
        self.policy = loaded.records.policy
        self._locators: dict[str, Locator] = {}

    @cached_property
    def unloaded(self) -> dict[str, set[str]]:
        """Ids (file names) of teams, staff, leads and deals whose file is there but did not load,
        by kind. The file's own errors say why; a reference to one of them is not reported again
        as missing (one bad staff file would otherwise bring hundreds of 'no such staff')."""
        out: dict[str, set[str]] = {name: set() for name in KINDS}
        for path, fr in self.loaded.files.items():
            kind = KINDS.get(fr.kind or "")
            if kind is None or kind.named_by != "id" or fr.records:
                continue
            if any(p.level == "error" for p in fr.problems):
                out[kind.name].add(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        return out

    def line(self, rec, *field: str | int) -> tuple[str, int]:
        path, line = self.records.where(rec)
        if not field or not path:
            return path, line
        _, index = self.records.origin(rec)
        loc = self._locators.get(path)
        if loc is None:
            loc = self._locators[path] = Locator(self.loaded.source.read(path).decode("utf-8-sig"))
        key = ((index,) if index >= 0 else ()) + tuple(field)
        return path, loc.line(key)

    def error(self, rec, field, message: str, rule: str = "") -> Problem:
        path, line = self.line(rec, *((field,) if isinstance(field, (str, int)) else tuple(field or ())))
        return error(path, line, message, rule)

    def warning(self, rec, field, message: str, rule: str = "") -> Problem:
        path, line = self.line(rec, *((field,) if isinstance(field, (str, int)) else tuple(field or ())))
        return warning(path, line, message, rule)


def run(loaded: Loaded) -> list[Problem]:
    for mod in PASS_MODULES:
        importlib.import_module(mod)
    checker = Checker(loaded)
    problems = list(loaded.problems)
    for _, fn in PASSES:
        problems.extend(fn(checker))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.level, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


# ----------------------------------------------------------------------------- references
@check_pass("references")
def references(c: Checker):
    r = c.records
    staff, teams, leads, deals = r.staff, r.teams, r.leads, r.deals

    gone = c.unloaded

    def need(rec, field, value, table, what):
        if value and value not in table and value not in gone.get(what, ()):
            name = ".".join(map(str, field)) if isinstance(field, tuple) else field   # as written: payment.taken_by
            yield c.error(rec, field, f"{name} {value}: no such {what}")

    for t in teams.values():
        yield from need(t, "leader", t.leader, staff, "staff")
        yield from need(t, "deputy", t.deputy, staff, "staff")
        for role, sid in (("leader", t.leader), ("deputy", t.deputy)):
            s = staff.get(sid or "")
            if s is not None and s.team != t.id:
                yield c.error(t, role, f"team {role} {sid} ({s.name}) is not a member of team {t.id} (their team is {s.team or 'none'})", "O1")
            if s is not None and s.status == "left":
                yield c.warning(t, role, f"team {role} {sid} ({s.name}) has left", "O3")
    for s in staff.values():
        yield from need(s, "team", s.team, teams, "team")
        if s.status == "left" and s.left is None:
            yield c.error(s, "status", "status is left but no left date is given", "O3")
        if s.left is not None and s.left < s.joined:
            yield c.error(s, "left", f"left {s.left} is before joined {s.joined}", "O3")
        for day, shift in s.shifts.items():
            if shift not in c.policy.shifts:
                yield c.error(s, ("shifts", day), f"shift {shift!r} is not defined in the policy (defined: {', '.join(c.policy.shifts)})", "O2")
        for i, lv in enumerate(s.leave):
            if lv.end < lv.start:
                yield c.error(s, ("leave", i), f"leave ends {lv.end} before it starts {lv.start}", "A4")
    sources = set(c.policy.leads.sources)
    for lead in leads.values():
        yield from need(lead, "team", lead.team, teams, "team")
        yield from need(lead, "owner", lead.owner, staff, "staff")
        yield from need(lead, "designated", lead.designated, staff, "staff")
        yield from need(lead, "submitted_by", lead.submitted_by, staff, "staff")
        yield from need(lead, "referred_by", lead.referred_by, leads, "lead")
        if lead.referred_by == lead.id:
            yield c.error(lead, "referred_by", "a lead cannot refer itself", "S4")
        if lead.voucher and lead.voucher.staff:
            yield from need(lead, ("voucher", "staff"), lead.voucher.staff, staff, "staff")
        if lead.source not in sources:
            yield c.error(lead, "source", f"source {lead.source!r} is not one of policy leads.sources ({', '.join(sorted(sources))})", "A1")
        owner = staff.get(lead.owner or "")
        if owner is not None and owner.status == "left" and lead.status in OPEN_STATUSES:
            yield c.error(lead, "owner", f"owner {owner.id} ({owner.name}) has left; return the lead to the pool (salesctl reclaim) or give it to someone", "O3")
        for i, ch in enumerate(lead.log):
            for f, v in (("from", ch.from_), ("to", ch.to)):
                if v and v not in staff and v not in gone["staff"]:
                    yield c.error(lead, ("log", i, f), f"log entry {i + 1}: {f} {v}: no such staff", "L5")
        if lead.log and lead.log[-1].to != lead.owner:
            yield c.warning(lead, "owner", f"owner {lead.owner or '(pool)'} differs from the last ownership log entry ({lead.log[-1].to or '(pool)'})", "L5")
    for d in deals.values():
        yield from need(d, "lead", d.lead, leads, "lead")
        if d.deposit:
            yield from need(d, ("deposit", "taken_by"), d.deposit.taken_by, staff, "staff")
        if d.payment:
            yield from need(d, ("payment", "taken_by"), d.payment.taken_by, staff, "staff")
        if d.reported:
            yield from need(d, ("reported", "to"), d.reported.to, staff, "staff")
        if d.kind == "refund":
            if not d.refund_of:
                yield c.error(d, "refund_of", "a refund names the deal it refunds (refund_of)", "S5")
            else:
                orig = deals.get(d.refund_of)
                if orig is None and d.refund_of in gone["deal"]:
                    pass
                elif orig is None:
                    yield c.error(d, "refund_of", f"refund_of {d.refund_of}: no such deal", "S5")
                elif orig.signed > d.signed:
                    yield c.error(d, "refund_of", f"refund signed {d.signed} before the deal it refunds ({orig.signed})", "S5")
                elif d.amount > orig.amount:
                    yield c.error(d, "amount", f"refund of {d.amount} is more than deal {orig.id} ({orig.amount})", "S5")
        elif d.refund_of:
            yield c.error(d, "refund_of", f"refund_of is only for kind refund (this deal is {d.kind})", "S5")
        if d.amount < 0 and d.kind != "adjustment":
            yield c.error(d, "amount", f"amount {d.amount} is negative; only an adjustment deal may be negative (a refund gives the refunded amount as a positive number)", "S5")
        for part, f in ((d.deposit, ("deposit", "amount")), ):
            if part is not None and part.amount < 0:
                yield c.error(d, f, "deposit amount is negative", "S1")
        if d.profit is not None and d.profit > d.amount and d.amount >= 0:
            yield c.warning(d, "profit", f"profit {d.profit} is more than the amount {d.amount}", "K4")
        if d.credit:
            total = sum((s.share for s in d.credit.shares), start=type(d.amount)(0))
            if total != 100:
                yield c.error(d, ("credit", "shares"), f"credit override shares add up to {total}%, not 100%", "S5")
            for i, s in enumerate(d.credit.shares):
                yield from need(d, ("credit", "shares", i, "staff"), s.staff, staff, "staff")
                if s.share < 0 or s.share > 100:
                    yield c.error(d, ("credit", "shares", i, "share"), f"share {s.share}% is not between 0 and 100", "S5")
                person = staff.get(s.staff)
                if person is not None and person.left is not None and person.left < d.signed:
                    yield c.error(d, ("credit", "shares", i, "staff"),
                                  f"credit override names {person.id} ({person.name}), who left on {person.left}, before the deal was signed on {d.signed}", "S5")
            yield from need(d, ("credit", "by"), d.credit.by, staff, "staff")
    for v in r.visits:
        yield from need(v, "lead", v.lead, leads, "lead")
        if v.answered is not None and v.answered < v.at:
            yield c.error(v, "answered", f"answered {v.answered.isoformat()} before the complaint at {v.at.isoformat()}", "T3")
    for rec in (*r.visits, *r.activity, *r.attendance, *r.reviews):
        if rec.staff not in staff and rec.staff not in gone["staff"]:
            path, _ = r.where(rec)
            yield error(path, 1, f"no staff {rec.staff} (the file name names the person)")
    for rv in r.reviews:
        for i, pr in enumerate(rv.peers):
            yield from need(rv, ("peers", i, "by"), pr.by, staff, "staff")


@check_pass("attendance")
def attendance(c: Checker):
    for a in c.records.attendance:
        if a.absent and a.leave:
            yield c.error(a, "absent", "a day cannot be both absent and on leave", "P5")
