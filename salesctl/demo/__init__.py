"""Deterministic demo organisations: `generate(root, scale, seed)` writes record files.

`salesctl demo DIR --scale small|medium|large --seed N` calls `generate` and then writes the
policy file and makes the first commit; this package writes record files only (no policy, no
git). The same scale and seed always give byte-identical files: the only randomness is one
`random.Random(seed)`, the dates are fixed (the period ends 2026-10-31, "today" of the demo),
and every file is written with `salesctl.yamlio.dumps`.

Scales (issue 3, items 7 and 8):

- small: the demo in records/. One club (星河会所) of 17 people: a department manager (部门经理),
  two inside teams (会籍一组/二组: leader, deputy, members; early and late shifts 早班/晚班),
  outside consultants (外销组), a telesales group (电销组) with 电销部's own manager, and an
  outreach specialist (外联), and three months, 2026-08 to 2026-10.
- medium: one large club of 40 people (and 电销部's manager), 20,000 leads, about 100,000 visits,
  12 months (2025-11 to 2026-10).
- large: a chain of 25 such clubs (1,000 people and 25 电销部 managers, 75 departments, 175 teams),
  200,000 leads, about 1,000,000 visits, 12 months.

Every club, at every scale, is made by the same code, so the larger scales carry the same
kinds of cases as the demo (each club gets the scripted people below, and every month of every
club gets at least one of each case), plus more of them by proportion:

- people: a clear top seller (the "star", P2), one who misses target every month (P3), one
  whose customers are often unhappy (K5), one who leaves mid-period (O3; their open leads are
  handed over), one who joins mid-period, one on annual leave (A4), one on long leave at the
  end (status leave, L6), one absent three working days in a row (P5), late arrivals under and
  over 15 minutes, half- and full-day absences, sick days; monthly targets for every seller,
  set after the sales are known so that most sellers are near their target;
- reviews by each department's rule book (cycle): 会籍部 (002) monthly, the manager's stage signed
  at the month's end; 电销部 (003) monthly with self, leader and manager ratings, signed by the
  person, the group leader and 电销部's manager by the 10th of the next month (the last month: by
  its last day), HR's filing and the manager's interview after, and each month one review still
  without the manager's stage (its rating left out); 外联部 (001) quarterly (2026Q3 at small
  scale), posted by the team head, one objection raised and resolved in the window, then filed by
  HR; peer ratings on every review; no nominations (the three books give no nominated award);
- training sessions (K9): one tested session a month for every team (a team of one is trained by
  the club's manager), a second one now and then, test scores (some below 80), notes handed in
  by most, and every month one person expected at a required session who did not come; a
  person-month with a session has no typed training fields in its review;
- improvement plans (K10, 003's fail grade): for each month ended before today, a plan per person
  owed one, submitted in time and reviewed by the manager, but one submitted late and one not
  handed in;
- leads: walk-ins shared by fair rotation among the inside consultants on duty (A2, A4),
  designated customers with a consultant's trial voucher or asking by name (A3), campaign
  voucher holders (A6), an outside consultant's follow-up that ends in an inside consultant's
  sale, within the follow-up window and outside it (S2, S3), a friend referred by an outside
  consultant's customer (S4), members from before the period who renew, transfer, upgrade or
  buy products by deposit (S1), refunds in a later month, credit overrides (S5), deals of
  100,000 or more reported and not reported (T4), late deliveries (T2), late quotes (T1),
  complaints answered late (T3), leads idle for more than 15 days, leads reclaimed to the
  shared pool (L6), and, in the last days of the period, leads still in the pool for
  `salesctl assign` (walk-ins, designated walk-ins, phone, web and company leads without a team);
- a tie for a top-three place in the second month, when the sales allow it naturally (P1).

The thresholds the cases straddle (15 days idle, 30 days follow-up, 2 days to quote, ...) are
read from the policy defaults, so the cases stay on the right side of them.

The package, by idea (each module's docstring says more):

- scales: the sizes of small, medium and large, the fixed period, the policy limits the cases straddle
- vocabulary: names of people, clubs and companies, products and prices, contact outcomes
- rules: the demo's copy of the duty and assignment rules (A1, A2, A4), its one home here
- state: the one random number generator, the id counters and the cases done (`Demo`)
- organisation: teams, staff and shifts, the scripted people of every club
- attendance: attendance and days off (P5), telesales activity, reviews
- leads: a lead's record, its ownership log and its contacts
- sales: deals, deliveries, refunds, follow-on sales by deposit (S1), aftercare and complaints
- pursuit: following a lead up to its fate; hand-over (O3) and return to the pool (L6)
- stories: the period's leads, story by story; members: the customers from before the period
- targets: the top-three tie (P1) and the monthly targets, from an estimate of the credit
- cycle: reviews by each department's rule book, training sessions and improvement plans
- writing: the record files
"""
from __future__ import annotations

from pathlib import Path

from salesctl.demo.attendance import plan_attendance
from salesctl.demo.members import make_members
from salesctl.demo.organisation import add_tele_manager, make_people, new_club
from salesctl.demo.scales import SCALES
from salesctl.demo.state import Demo
from salesctl.demo.stories import make_period_leads
from salesctl.demo.targets import credit, make_tie, set_targets
from salesctl.demo.vocabulary import club_name
from salesctl.demo.writing import write_club

__all__ = ["SCALES", "generate", "policy_departments", "policy_file"]


def generate(root: Path, scale: str = "small", seed: int = 1) -> dict[str, int]:
    """Write a demo organisation's record files under root; returns the number of records of
    each kind (team, staff, lead, deal, visit, activity, attendance, review, training, plan) and of files.

    Writes neither the policy file nor anything of git: `salesctl demo` does that.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r} (one of {', '.join(SCALES)})")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    g = Demo(root, SCALES[scale], seed)
    n = g.scale.clubs
    for i in range(n):
        total = g.scale.leads // n + (1 if i < g.scale.leads % n else 0)
        make_club(g, i, club_name(i, n), total)
    return {**g.counts, "files": g.files}


def policy_file(scale: str = "small") -> str:
    """The demo's whole salesctl.yaml: every setting (text written into the records in Chinese,
    general.language: zh, as its rule books are), then each department's rule book."""
    import msgspec

    from salesctl.policy import Policy
    from salesctl.schemadoc import policy_text

    policy = Policy()
    policy = msgspec.structs.replace(policy, general=msgspec.structs.replace(policy.general, language="zh"))
    return policy_text(policy) + policy_departments(scale)


def policy_departments(scale: str = "small") -> str:
    """The `departments:` block of the demo's salesctl.yaml: each department runs its seed's rule book."""
    from salesctl.demo.organisation import rule_books

    books = rule_books(SCALES[scale].clubs)
    return ("\n# Several rule books in one repository (docs/presets.md): each department runs the preset of its\n"
            "# seed and takes from the settings above only `general`; `salesctl policy show --department D` lists them.\n"
            "departments:\n" + "".join(f"  {d}: {{preset: {book}}}\n" for d, book in books.items()))


def make_club(g: Demo, index: int, name: str, total_leads: int) -> None:
    """One club, start to end: people, attendance, leads, the tie, targets, 电销部's manager (after the
    stories, so that nothing drawn before moves), then its files."""
    club = new_club(index, name, g.scale.clubs == 1)
    g.club = club
    make_people(g, club)
    g.staff_by_id = {p.id: p for p in club.staff}
    plan_attendance(g, club)
    members = round(total_leads * g.scale.members)
    make_members(g, club, members)
    make_period_leads(g, club, total_leads - members)
    make_tie(g, club)
    set_targets(g, club)
    club.credit = credit(club)[0]
    add_tele_manager(g, club)
    write_club(g, club)
