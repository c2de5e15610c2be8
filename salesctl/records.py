"""The loaded records: plain immutable objects with the indexes every engine shares.

Built once per process by the loader. Engines read from it and never change it.
"""
from __future__ import annotations

import copy
from collections import defaultdict
from functools import cached_property
from typing import Iterable

from salesctl.kinds import KINDS
from salesctl.domain.calendar import month_of
from salesctl.policy import Policy
from salesctl.policy.effective import Policies
from salesctl.schema import Activity, Attendance, Deal, Lead, Review, Staff, Visit

OPEN_STATUSES = ("new", "contacted", "visited", "negotiating")


class index:
    """An index of the records (visits by lead, deals by month …): computed once, on first use, and
    shared by every view of the same records (a view differs only in its policy: Records.books)."""

    def __init__(self, fn):
        self.fn, self.name, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        root = obj._root
        got = root.__dict__.get(self.name)
        if got is None:
            got = root.__dict__[self.name] = self.fn(root)
        obj.__dict__[self.name] = got      # not a data descriptor: the next read finds it here
        return got


class Kept:
    """Small results an engine keeps of a records state beyond one run, by a text key (the month
    summaries streaks and the promotion test read of earlier months: engines.indicators.kept). This
    one keeps them for the process only; the loader gives records read through the cache of parsed
    files salesctl.cache.Kept, which keeps them beside that cache for the same state. Values are
    plain data (lists, strings, numbers)."""

    def __init__(self):
        self.values: dict = {}

    def get(self, key: str):
        return self.values.get(key)

    def put(self, key: str, value) -> None:
        self.values[key] = value


class Records:
    """One attribute per record kind (salesctl.kinds: teams, staff, leads, deals, visits, …):
    a dict by id for a kind named by id, else a tuple in file order. Pass each kind's records
    by that attribute name: `Records(policy, staff=[...], leads=[...])`."""

    def __init__(self, policy: Policy, state: dict | None = None, where: dict | None = None,
                 policies: Policies | None = None, **by_kind: Iterable):
        self.policy = policy                # the repository's policy (or, in a view, the department's)
        self.policies = policies if policies is not None else Policies.single(policy)
        unknown = set(by_kind) - {k.attr for k in KINDS.values()}
        if unknown:
            raise TypeError(f"Records() got unknown kind(s) {', '.join(sorted(unknown))}")
        for kind in KINDS.values():
            items = by_kind.get(kind.attr, ())
            # first record wins on a duplicate id; the duplicate is a problem of the loader
            setattr(self, kind.attr, _by_id(items) if kind.keyed else tuple(items))
        self.state: dict = dict(state or {})          # state/<name>.yaml, raw data by name
        self._where: dict[int, tuple[str, int, int]] = where or {}
        self._memos: dict[str, dict] = {}
        self._root = self                     # whose indexes a view shares
        self.kept = Kept()                    # results kept between runs (the loader gives a cache's)
        self.book: str | None = None          # in a view of one rule book: its department ("" for the rest)
        self._books: list[Records] | None = None

    def of(self, kind: str) -> dict | tuple:
        """The records of a kind by its name (team, visit, …), as held (see the class doc)."""
        return getattr(self, KINDS[kind].attr)

    def replace(self, state: dict | None = None, **by_kind: Iterable) -> "Records":
        """New records with some kinds (and the state) replaced, the rest shared; where records
        came from is not carried over."""
        kept = {k.attr: _items(getattr(self, k.attr)) for k in KINDS.values()}
        return Records(self.policy, state=self.state if state is None else state, policies=self.policies,
                       **{**kept, **by_kind})

    # -- rule books (several in one repository: salesctl/policy/layers.py) ----------------
    @property
    def split_books(self) -> bool:
        """Whether some department runs a rule book of its own (and these are the whole records, not a view)."""
        return self.book is None and bool(self.policies.departments)

    def in_book(self, department: str | None) -> bool:
        """Whether a person of this department is one these records (a view, or the whole) compute for."""
        if self.book is None:
            return True
        own = department in self.policies.departments
        return department == self.book if own else self.book == ""

    @property
    def books(self) -> list["Records"]:
        """One view per rule book in force: the same records, the policy of that book, and only its
        people computed (`in_book`): each department with a rule book of its own, then the rest under
        the repository's policy. The records themselves when there is one policy."""
        if not self.split_books:
            return [self]
        if self._books is None:
            self._books = [self._view(d) for d in sorted(self.policies.departments)] + [self._view("")]
        return self._books

    @cached_property
    def in_force(self) -> list[Policy]:
        """The policies someone works under: each rule book's with people in it (the repository's
        too when someone is in no department with a rule book of its own)."""
        if not self.policies.departments:
            return [self.policy]
        used = {self.department_of(s) for s in self.staff.values()}
        own = sorted(d for d in self.policies.departments if d in used)
        rest = any(d not in self.policies.departments for d in used)
        return [self.policies.of(d) for d in own] + ([self.policies.base.policy] if rest or not own else [])

    def any_on(self, rule: str) -> bool:
        """Whether some rule book in force runs the rule (a table keeps its column)."""
        return any(p.on(rule) for p in self.in_force)

    def _view(self, department: str) -> "Records":
        view = copy.copy(self)        # shares every record and index; its own policy and derived results
        view.policy = self.policies.of(department or None)
        view.book, view._books = department, None
        view._memos = {"split": self.memo("split")}   # a deal is split by its own rule book in every view
        return view

    # -- where a record came from ---------------------------------------------------
    def where(self, record) -> tuple[str, int]:
        """(path relative to the records folder, 1-based line where the record starts)."""
        path, line, _unused = self._where.get(id(record), ("", 0, -1))
        return path, line

    def origin(self, record) -> tuple[str, int]:
        """(path, index of the entry in a log file, or -1 for a one-record file)."""
        path, _unused, index = self._where.get(id(record), ("", 0, -1))
        return path, index

    def memo(self, name: str) -> dict:
        """A scratch dict that lives as long as these records, for an engine's derived results
        (the records never change, so what is computed from them once stays right)."""
        got = self._memos.get(name)
        if got is None:
            got = self._memos[name] = {}
        return got

    # -- indexes ----------------------------------------------------------------
    @index
    def visits_by_kind(self) -> dict[str, list[Visit]]:
        """Visits of each kind (need-confirmed, quote, complaint …), in file order."""
        out = defaultdict(list)
        for v in self.visits:
            out[v.kind].append(v)
        return dict(out)

    @index
    def visits_by_lead(self) -> dict[str, list[Visit]]:
        out = defaultdict(list)
        for v in self.visits:
            out[v.lead].append(v)
        for vs in out.values():
            vs.sort(key=lambda v: (v.at, v.id))
        return dict(out)

    @index
    def visits_by_staff(self) -> dict[str, list[Visit]]:
        out = defaultdict(list)
        for v in self.visits:
            out[v.staff].append(v)
        for vs in out.values():
            vs.sort(key=lambda v: (v.at, v.id))
        return dict(out)

    @index
    def leads_by_owner(self) -> dict[str, list[Lead]]:
        out = defaultdict(list)
        for lead in self.leads.values():
            if lead.owner:
                out[lead.owner].append(lead)
        return dict(out)

    @index
    def leads_by_submitter(self) -> dict[str, list[Lead]]:
        """Leads by who found and submitted them (L1), oldest first."""
        out = defaultdict(list)
        for lead in self.leads.values():
            if lead.submitted_by:
                out[lead.submitted_by].append(lead)
        for xs in out.values():
            xs.sort(key=lambda x: (x.created, x.id))
        return dict(out)

    @index
    def leads_by_event(self) -> dict[str, list[Lead]]:
        """Leads by the event they were gained at (L7), oldest first."""
        out = defaultdict(list)
        for lead in self.leads.values():
            if lead.event:
                out[lead.event].append(lead)
        for xs in out.values():
            xs.sort(key=lambda x: (x.created, x.id))
        return dict(out)

    @index
    def referrals(self) -> dict[str, list[Lead]]:
        """Leads by the lead (customer) who referred them (S4, K4 referral rate)."""
        out = defaultdict(list)
        for lead in self.leads.values():
            if lead.referred_by:
                out[lead.referred_by].append(lead)
        return dict(out)

    @index
    def deals_by_month(self) -> dict[str, list[Deal]]:
        """Deals by the month they are credited in (salesctl.domain.deals: the payment's, for one paid
        after the month it was signed), in (that day, id) order."""
        from salesctl.domain.deals import credit_day

        out = defaultdict(list)
        for d in self.deals.values():
            out[month_of(credit_day(d))].append(d)
        for ds in out.values():
            ds.sort(key=lambda d: (credit_day(d), d.id))
        return dict(out)

    @index
    def deals_by_lead(self) -> dict[str, list[Deal]]:
        out = defaultdict(list)
        for d in self.deals.values():
            out[d.lead].append(d)
        for ds in out.values():
            ds.sort(key=lambda d: (d.signed, d.id))
        return dict(out)

    @index
    def members(self) -> dict[str, list[Staff]]:
        """Staff by team id, in id order."""
        out = defaultdict(list)
        for s in self.staff.values():
            if s.team:
                out[s.team].append(s)
        for ss in out.values():
            ss.sort(key=lambda s: s.id)
        return dict(out)

    @index
    def attendance_by_staff(self) -> dict[str, list[Attendance]]:
        out = defaultdict(list)
        for a in self.attendance:
            out[a.staff].append(a)
        for xs in out.values():
            xs.sort(key=lambda a: a.date)
        return dict(out)

    @index
    def activity_by_staff(self) -> dict[str, list[Activity]]:
        out = defaultdict(list)
        for a in self.activity:
            out[a.staff].append(a)
        for xs in out.values():
            xs.sort(key=lambda a: a.date)
        return dict(out)

    @index
    def reviews_by_key(self) -> dict[tuple[str, str], Review]:
        """Review by (staff id, YYYY-MM)."""
        return {(r.staff, r.month): r for r in self.reviews}

    def department_of(self, staff: Staff) -> str | None:
        if staff.department:
            return staff.department
        team = self.teams.get(staff.team or "")
        return team.department if team else None

    def open_leads(self, owner: str) -> list[Lead]:
        return [lead for lead in self.leads_by_owner.get(owner, ()) if lead.status in OPEN_STATUSES]


def _by_id(items) -> dict:
    out = {}
    for x in items:
        out.setdefault(x.id, x)
    return out


def _items(held):
    return held.values() if isinstance(held, dict) else held
