"""T4: a major customer need is reported to the team leader (团队负责人): a deal's `reported` entry names
the leader of the customer's team or of the seller's, or their department's manager (部门经理), and
not the seller themselves (a leader who sells reports to the manager).
Anyone else is a warning at `reported.to`: the report went to someone who cannot act on it."""
from __future__ import annotations

from salesctl.checks.context import Context
from salesctl.records import Records
from salesctl.i18n import _


def t4_reported_to(c: Context):
    """T4: `reported.to` is a team leader or department manager the deal answers to (report_receivers)."""
    r = c.records
    for d in r.deals.values():
        if d.reported is None or d.reported.to not in r.staff:
            continue   # no report, or no such staff (the references check says so)
        ok = report_receivers(r, d)
        if d.reported.to not in ok:
            s = r.staff[d.reported.to]
            yield c.warning(d, ("reported", "to"),
                            _("reported.to {id} ({name}) is not the team leader or department manager of this deal (T4: reported to the team leader, 团队负责人, or the department manager: {value})").format(id=s.id, name=s.name, value=', '.join(sorted(ok)) or 'none recorded'), "T4")


def report_receivers(r: Records, deal) -> set[str]:
    """Who may receive a deal's T4 report: the leader of the lead's team and of the team of each person who
    owns the lead or took its payment or deposit, and the managers of those teams' departments (any
    manager when those departments have none); never the seller (who took the payment or deposit)."""
    lead = r.leads.get(deal.lead)
    people = [x for x in (lead.owner if lead else None,
                          deal.payment.taken_by if deal.payment else None,
                          deal.deposit.taken_by if deal.deposit else None) if x]
    teams = {lead.team} if lead is not None and lead.team else set()
    teams |= {r.staff[p].team for p in people if p in r.staff and r.staff[p].team}
    out, depts = set(), set()
    for tid in teams:
        t = r.teams.get(tid)
        if t is not None:
            if t.leader:
                out.add(t.leader)
            if t.department:
                depts.add(t.department)
    depts |= {r.department_of(r.staff[p]) for p in people if p in r.staff} - {None}
    managers = {s.id for s in r.staff.values() if s.role == "manager"}
    mine = {m for m in managers if r.department_of(r.staff[m]) in depts}
    out |= mine or managers        # a department with no manager of its own reports to a manager
    sellers = {deal.payment.taken_by if deal.payment else None, deal.deposit.taken_by if deal.deposit else None}
    return out - sellers           # a leader who sold it reports to their manager, not to themselves
