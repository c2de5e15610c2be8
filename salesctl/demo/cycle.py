"""Reviews by each department's rule book, training sessions and improvement plans (K1-K3, K9, K10).

Each department runs its preset (organisation.DEPARTMENTS); its `review` section says which
periods are reviewed (a month, a quarter, a year), the stages of the cycle and who gives each:
the person (self), the team head (leader, posted; the deputy when the head is the person or
away), the department manager (manager, interview) and HR (filed, by review.hr's name). A stage
is dated by its due days after the period's end (003 「次月上旬」: by the 10th), never after the
demo's today: a stage a review needs to count (review.required) falls due after today is given
on the demo's last day, any other is still owed. The rating values are the monthly draws of
attendance.review; a quarter's or a year's review takes those of its last month in the period.

Scripted cases: in a department whose cycle requires the manager's stage, one review a month
still lacks it (review status shows it owed, and the rating is left out for that person); in a
department whose cycle posts the results (001 公示), one objection per club, resolved before HR
files it; a training session a month in an inside team that someone expected misses; among the
improvement plans owed (K10 fail grade, estimated here from the credit and the target, see
`owes_plan`), one submitted late and one not handed in.

Nothing here draws while the reviews are drawn: training sessions and plans are drawn after all
of a club's reviews, so the rating values stay those of the monthly draws.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from salesctl.demo.organisation import DEPARTMENTS, Club, Person
from salesctl.demo.rules import employed, on_leave, works
from salesctl.demo.scales import AS_OF_DATE, DAY, moment, month_bounds
from salesctl.demo.state import Demo
from salesctl.demo.vocabulary import INTERVIEW_NOTES, PLAN_TEXTS, TOPICS
from salesctl.domain.calendar import month_bounds as period_month_bounds, quarter_of, year_of
from salesctl.loader import load_policy_text
from salesctl.policy import presets

# the order of a cycle's stages in time, and how many days after the period's end each is given
# (capped by review.due_days; a stage due at the period's end is given on its last day)
STAGE_DAYS = {"self": 0, "leader": 2, "posted": 0, "manager": 4, "interview": 5, "filed": 7}
PLAN_FAIL_SHARE = Decimal("0.5")   # owes_plan: under half the target is taken for a fail grade (K6 < 60)


@lru_cache(maxsize=None)
def book_policy(book: str):
    """The Policy of a preset (templates/presets/<book>.yaml)."""
    policy, problems = load_policy_text(presets.path(book).read_text(encoding="utf-8"))
    assert policy is not None and not problems, (book, problems)
    return policy


def policy_of(club: Club, p: Person):
    return book_policy(dict(zip((club.dept, club.dept_out, club.dept_tele), DEPARTMENTS.values()))[p.dept])


def manager_of(club: Club, p: Person) -> Person | None:
    """The department manager of p's department (外联部 has none)."""
    return {club.dept: club.manager, club.dept_tele: club.tele_manager}.get(p.dept)


def head_of(club: Club, p: Person, d: dt.date) -> Person | None:
    """Who gives p's leader stage on day d: the team leader, the deputy when the leader is p or away
    (O1), else the department manager (salesctl.domain.reviews.owed_by)."""
    for who in ((p.team.leader, p.team.deputy) if p.team else ()):
        if who is not None and who is not p and employed(who, d) and not on_leave(who, d):
            return who
    return manager_of(club, p)


# ----------------------------------------------------------------------------- reviews
def periods_of(g: Demo, pol) -> list[tuple[str, tuple[str, ...]]]:
    """(label, the demo's months in it) of every period the book reviews that has ended by today."""
    out = []
    if "month" in pol.review.periods:
        out += [(mk, (mk,)) for mk in g.months]
    for kind, label_of in (("quarter", quarter_of), ("year", year_of)):
        if kind not in pol.review.periods:
            continue
        labels = list(dict.fromkeys(label_of(mk) for mk in g.months))
        for label in labels:
            ms = tuple(mk for mk in g.months if label_of(mk) == label)
            if period_month_bounds(_last_month(label, kind))[1] <= AS_OF_DATE:
                out.append((label, ms))
    return out


def _last_month(label: str, kind: str) -> str:
    return f"{label[:4]}-{int(label[5]) * 3:02d}" if kind == "quarter" else f"{label}-12"


def period_end(label: str) -> dt.date:
    kind = "month" if len(label) == 7 else "quarter" if "Q" in label else "year"
    return period_month_bounds(label if kind == "month" else _last_month(label, kind))[1]


def stage_day(pol, stage: str, end: dt.date, p: Person) -> dt.date:
    """The day a stage is given: STAGE_DAYS after the period's end (a day or two later for some
    people), within review.due_days; posted on the period's end, filed after the objection window."""
    if stage == "filed" and "posted" in pol.review.stages_of("month") + pol.review.stages_of("quarter") + pol.review.stages:
        return end + DAY * (pol.review.objection_days + 2 + int(p.id[-1]) % 2)
    due = pol.review.due_days.get(stage, 0)
    if not due or not STAGE_DAYS[stage]:
        return end
    return end + DAY * min(due, STAGE_DAYS[stage] + int(p.id[-1]) % 3)


def period_reviews(g: Demo, club: Club, drawn: dict, trained: set, plan_keys: set) -> list[tuple[str, Person, dict]]:
    """(label, person, review) of every review the departments' cycles hold, from the monthly draws
    `drawn` {(staff, month): review}; `trained`: the (staff, month) with a training session, whose
    review carries no typed training fields (the sessions are the one source); `plan_keys`: the
    (staff, month) with an improvement plan, which the interview names (K10 「共同制定改進計劃」)."""
    out = []
    missing_manager = {}           # month -> staff id: the scripted review still without the manager's stage
    objected = False
    for p in club.staff:
        if p.role == "manager":
            continue
        pol = policy_of(club, p)
        for label, ms in periods_of(g, pol):
            mine = [mk for mk in ms if (p.id, mk) in drawn]
            if not mine:
                continue
            rv = dict(drawn[(p.id, mine[-1])])
            if all((p.id, mk) in trained for mk in mine):
                for f in ("training_attended", "training_held", "training_score"):
                    rv[f] = None
            titles = {t.nomination for t in pol.payout.titles if t.nomination}
            rv["nominations"] = [n for n in rv["nominations"] if n in titles]
            end = period_end(label)
            stages = pol.review.stages_of({7: "month", 6: "quarter", 4: "year"}[len(label)])
            skip = ()
            if "manager" in pol.review.required and len(label) == 7 and label not in missing_manager:
                cands = [x for x in club.staff if x.dept == p.dept and x.role == "member" and (x.id, label) in drawn]
                missing_manager[label] = cands[g.months.index(label) % len(cands)].id if cands else None
            if missing_manager.get(label) == p.id:
                skip = ("manager", "interview", "filed")
            signed = {}
            for st in stages:
                d = stage_day(pol, st, end, p)
                if st in skip or (d > AS_OF_DATE and st not in pol.review.required):
                    continue
                d = min(d, AS_OF_DATE)
                who = {"self": p, "leader": head_of(club, p, d), "posted": head_of(club, p, d) or (p.team and p.team.leader),
                       "manager": manager_of(club, p), "interview": manager_of(club, p)}.get(st)
                by = pol.review.hr if st == "filed" else who.id if who is not None else None
                if by is None:
                    continue
                if st == "interview":
                    rv["interview"] = {"date": d, "by": by, "notes": INTERVIEW_NOTES[int(p.id[-1]) % len(INTERVIEW_NOTES)],
                                       "plan": f"{p.id}:{label}" if (p.id, label) in plan_keys else None}
                    continue
                signed[st] = {"by": by, "at": moment(d, 18 * 60 if d == end else 10 * 60 + int(p.id[-1]) * 3)}
                if st == "posted" and not objected and "filed" in stages:
                    objected = True      # one objection per club, raised in the window and resolved before filing
                    rv["objections"] = [{"by": p.id, "at": d + DAY, "text": "本季度一笔企业合作款项未计入业绩，申请复核",
                                         "resolved": d + DAY * pol.review.objection_days}]
            if "manager" in signed and "leader" not in stages:
                # 002: the 销售经理 is the one who rates (「销售经理定期对销售顾问进行考核」): the drawn rating is theirs
                rv["manager_rating"], rv["leader_rating"] = rv["leader_rating"], None
            elif "manager" in pol.review.required and "manager" in signed:
                rv["manager_rating"] = (rv["self_rating"] + rv["leader_rating"]) // 2
            rv["signed"] = signed
            out.append((label, p, rv))
    return out


# ----------------------------------------------------------------------------- training sessions
def sessions(g: Demo, club: Club, drawn: dict) -> list[dict]:
    """A tested session a month for every team of two or more (held by its head, the drawn training
    scores of its attendees), a second one, untested, now and then, and in every month of the first
    inside team a second session that one member expected misses (K9)."""
    rng = g.rng
    out = []
    for mi, mk in enumerate(g.months):
        first, last = month_bounds(mk)
        for team in club.teams:
            head = team.leader or team.deputy
            if head is None:
                continue
            if not any(m is not head and employed(m, last) for m in team.members):
                head = club.manager        # a team of one: the club's manager trains its one specialist
            days = [first + DAY * k for k in range((last - first).days + 1)]
            days = [d for d in days if d.weekday() < 5 and works(head, d)
                    and not any(m.attendance.get(d, {}).get("absent") for m in team.members)]
            if not days:
                continue
            scripted = team is club.inside_teams[0]
            n = 2 if scripted or rng.random() < 0.4 else 1
            for k, d in enumerate(sorted(rng.sample(days, min(n, len(days))))):
                came = [m for m in team.members if m is not head and employed(m, d) and not on_leave(m, d)]
                if k == 1 and scripted and len(came) > 1:
                    came.pop(mi % len(came))          # expected, not on leave, did not come (K9)
                tested = k == 0
                out.append({
                    "date": d, "topic": rng.choice(TOPICS[team.channel]), "held_by": head.id, "team": team.id,
                    "attendees": [m.id for m in came],
                    "scores": {m.id: drawn[(m.id, mk)]["training_score"] for m in came if tested and (m.id, mk) in drawn},
                    "notes_from": [m.id for m in came if rng.random() < 0.85]})
    out.sort(key=lambda s: (s["date"], s["team"]))
    return out


def trained(club: Club, sessions_: list[dict]) -> set:
    """(staff, month) of everyone a session of the month is for (salesctl.engines.training: the members of
    its team employed in the month but its holder, who keeps the review's typed values, and its attendees)."""
    out = set()
    by_id = {t.id: t for t in club.teams}
    for s in sessions_:
        mk = f"{s['date']:%Y-%m}"
        first, last = month_bounds(mk)
        out |= {(m.id, mk) for m in by_id[s["team"]].members
                if m.id != s["held_by"] and m.joined <= last and (m.left is None or m.left >= first)}
        out |= {(sid, mk) for sid in s["attendees"]}
    return out


# ----------------------------------------------------------------------------- improvement plans
def owes_plan(club: Club, p: Person, mk: str, credit: dict) -> bool:
    """An estimate of a fail grade (K6 under 60, K10): a seller of a book that opens plans for a fail
    grade, credited less than half the month's target (the engines decide: `salesctl plan open`)."""
    pol = policy_of(club, p)
    target = p.targets.get(mk)
    return (pol.on("K10") and "fail-grade" in pol.limits.plan_reasons and p.role != "manager"
            and target is not None and credit.get((p.id, mk), Decimal(0)) < PLAN_FAIL_SHARE * Decimal(target))


def plans(g: Demo, club: Club, credit: dict) -> list[tuple[str, Person, dict]]:
    """(month, person, plan) of the plans owed for each month that has ended by today: opened the
    next day, submitted within the due days and reviewed by the department manager; the last but
    one submitted after its due date, the last one not handed in (K10's overdue flag)."""
    rng = g.rng
    owed = [(mk, p) for mk in g.months if month_bounds(mk)[1] < AS_OF_DATE
            for p in club.staff if employed(p, month_bounds(mk)[1]) and owes_plan(club, p, mk, credit)]
    out = []
    for i, (mk, p) in enumerate(owed):
        pol = policy_of(club, p)
        end = month_bounds(mk)[1]
        due = end + DAY * pol.limits.plan_due_days
        plan = {"reasons": [{"rule": "K10", "why": "grade fail (不合格)"}], "opened": end + DAY, "due": due}
        late = i == len(owed) - 2
        if i < len(owed) - 1:
            submitted = min(due + DAY * rng.randint(3, 6) if late else end + DAY * rng.randint(3, pol.limits.plan_due_days),
                            AS_OF_DATE)
            reviewer = manager_of(club, p)
            plan.update({"submitted": submitted, "content": rng.choice(PLAN_TEXTS)})
            if reviewer is not None and submitted + DAY <= AS_OF_DATE:
                plan.update({"reviewed_by": reviewer.id, "reviewed": submitted + DAY})
        out.append((mk, p, plan))
    return out
