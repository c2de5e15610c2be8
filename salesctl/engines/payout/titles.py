"""P6 titles and awards (payout.titles): one chooser for every title, over any period's figures.

    award(title, facts, nominations=(), teams=None, within="company") -> list[Line]
    nominations_of(records, months) -> tuple[Nominee, ...]     the reviews' nominations of those months
    Figures(person, composite)                                 a person's month as facts (indicators + composite)

`facts` is {staff id: an object with .get(indicator), .team, .department and .channel} (a
PersonMonth, a Figures, or a quarter's or year's figures), so the month's rule (awards.p6_titles)
and a quarter or year rule call the same chooser with their own period's figures.

A ranked title (rank_by) goes, within each group of `within`, to the best `places` of those who
meet every minimum (value at least the minimum); people tied share the place, each with the bonus.
A value of none or zero never wins. A nomination title goes to every nominee meeting the minimum,
unranked. A team's figure is the mean of its members' (those with a value); a team's bonus is split
to the cent among its members there (salesctl.money.allocate, extra cents to the first in staff id
order). When nobody of a group met the minimum, or a nominee did not, a title-withheld line (no
money) names the best of them and the standard they missed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Optional

from salesctl.engines.indicators.context import mean, where
from salesctl.engines.payout.lines import Line, num
from salesctl.i18n import _, column
from salesctl.money import allocate, fmt
from salesctl.records import Records


@dataclass(frozen=True)
class Nominee:
    """One nomination of a review: for `award`, a person (staff) or a whole group (team)."""
    award: str
    staff: Optional[str]
    team: Optional[str]
    evidence: str                  # the review's path:line
    by: Optional[str] = None
    why: Optional[str] = None


def nominations_of(records: Records, months: Iterable[str]) -> tuple[Nominee, ...]:
    """The nominations of the reviews of these months (a string item nominates the reviewed person)."""
    months = set(months)
    out = []
    for rev in records.reviews:
        if rev.month not in months:
            continue
        for item in rev.nominations:
            if isinstance(item, str):
                out.append(Nominee(item, rev.staff, None, where(records, rev)))
            else:
                out.append(Nominee(item.award, None if item.team else rev.staff, item.team, where(records, rev),
                                   item.by, item.why))
    return tuple(out)


@dataclass(frozen=True)
class Figures:
    """A person's month as a title reads it: the indicators (PersonMonth) and the review's composite."""
    person: object
    composite: Optional[Decimal] = None

    def get(self, name: str):
        return self.composite if name == "composite" else self.person.get(name)

    def __getattr__(self, name):          # staff, team, department, channel of the person
        if name in ("person", "composite"):
            raise AttributeError(name)
        return getattr(self.person, name)


@dataclass(frozen=True)
class _Person:
    """A person as one candidate."""
    id: str
    facts: object


@dataclass(frozen=True)
class _Team:
    """A team as one candidate: its figures are the means of its members'."""
    id: str
    members: tuple                        # (staff id, facts), staff id order

    def get(self, name: str):
        return mean(v for _, f in self.members if (v := f.get(name)) is not None)

    def __getattr__(self, name):          # department, channel of its first member
        if name in ("id", "members"):
            raise AttributeError(name)
        return getattr(self.members[0][1], name)


def _group_of(u, within: str) -> str:
    """Who a candidate competes with: its department, team or channel (or everyone)."""
    if within == "company":
        return ""
    if isinstance(u, _Team):
        return u.id if within == "team" else (getattr(u, within) or "")
    return getattr(u.facts, within) or ""


def _missed(title, f) -> list[str]:
    """The minimum standards f does not meet, in words ('attainment 85 < 100')."""
    out = []
    for ind, least in title.minimum.items():
        v = f.get(ind)
        if v is None or v < least:
            out.append(f"{column(ind)} {_('none') if v is None else num(v)} < {num(least)}")
    return out


def _met(title, f) -> str:
    return ", ".join(f"{column(ind)} {num(f.get(ind))} >= {num(least)}" for ind, least in title.minimum.items())


def _facts_words(title, f) -> tuple[str, ...]:
    names = dict.fromkeys((*title.ranking, *title.minimum))
    return tuple(f"{column(n)} {num(v)}" for n in names if (v := f.get(n)) is not None)


def award(title, facts: dict, nominations: Iterable[Nominee] = (), teams: Optional[dict] = None,
          within: str = "company") -> list[Line]:
    """The lines of one title over one period's facts; `teams` ({team id: staff ids there}, default:
    the teams of `facts`) says whose share a team's bonus is; `within` is the P6 scope's, used when
    the title names none."""
    if teams is None:
        teams = defaultdict(list)
        for sid in sorted(facts):
            if facts[sid].team:
                teams[facts[sid].team].append(sid)
    teams = {t: tuple((sid, facts[sid]) for sid in sorted(ms) if sid in facts) for t, ms in teams.items()}
    teams = {t: ms for t, ms in teams.items() if ms}
    if title.nomination is not None:
        return _nominated(title, facts, [n for n in nominations if n.award == title.nomination], teams)
    units = ([_Team(t, ms) for t, ms in sorted(teams.items())] if title.to == "team"
             else [_Person(sid, f) for sid, f in sorted(facts.items())])
    groups = defaultdict(list)
    for u in units:
        groups[_group_of(u, title.within or within)].append(u)
    return [x for g in sorted(groups) for x in _ranked(title, groups[g])]


def _key(title, f):
    return tuple(f.get(ind) if f.get(ind) is not None else Decimal("-Infinity") for ind in title.ranking)


def _ranked(title, units) -> list[Line]:
    first = title.ranking[0]
    candidates = [u for u in units if (v := _facts(u).get(first)) is not None and v > 0]
    if not candidates:
        return []
    qualified = sorted((u for u in candidates if not _missed(title, _facts(u))), key=lambda u: _key(title, _facts(u)), reverse=True)
    if not qualified:
        best = max(candidates, key=lambda u: _key(title, _facts(u)))     # the first in id order among ties
        return [_withheld(title, best, _("nobody met its minimum standard (the best by {indicator}, {whom} with {value}, missed it)").format(
            indicator=column(first), whom=_whom(best), value=num(_facts(best).get(first))))]
    cut = _key(title, _facts(qualified[min(title.places, len(qualified)) - 1]))
    out = []
    for u in qualified:
        k = _key(title, _facts(u))
        if k < cut:
            break
        place = 1 + sum(1 for o in qualified if _key(title, _facts(o)) > k)
        tied = sum(1 for o in qualified if _key(title, _facts(o)) == k)
        why = (f"{column(first)} {num(k[0])}" + (_(", place {place}").format(place=place) if title.places > 1 else "")
               + (_(" ({n} tied)").format(n=tied) if tied > 1 else ""))
        met = _met(title, _facts(u))
        out.extend(_given(title, u, _("highest {indicator}").format(indicator=column(first)) if title.places == 1
                          else _("place {place} by {indicator}").format(place=place, indicator=column(first)),
                          why + (_("; minimum {met}").format(met=met) if met else ""), ()))
    return out


def _facts(u):
    return u if isinstance(u, _Team) else u.facts


def _nominated(title, facts, noms, teams) -> list[Line]:
    by_nominee = defaultdict(list)
    for n in noms:
        if n.team is not None and title.to in ("team", "either") and n.team in teams:
            by_nominee[("team", n.team)].append(n)
        elif n.team is None and title.to in ("person", "either") and n.staff in facts:
            by_nominee[("person", n.staff)].append(n)
    out = []
    for (kind, who), ns in sorted(by_nominee.items()):
        u = _Team(who, teams[who]) if kind == "team" else _Person(who, facts[who])
        ev = tuple(dict.fromkeys(n.evidence for n in ns))
        said = "; ".join(dict.fromkeys(_("nominated by {by}").format(by=n.by) + (f": {n.why}" if n.why else "") for n in ns if n.by))
        if _missed(title, _facts(u)):
            out.append(_withheld(title, u, _("the nominee ({whom}) missed its minimum standard").format(whom=_whom(u)), ev))
            continue
        met = _met(title, _facts(u))
        words = "; ".join(x for x in (said or _("nominated"), _("minimum {met}").format(met=met) if met else "") if x)
        out.extend(_given(title, u, _("nominated ({award})").format(award=title.nomination), words, ev))
    return out


def _given(title, u, what: str, why: str, evidence: tuple) -> list[Line]:
    """The title's lines for one winner: the person, or each member of the team with a share of the bonus."""
    bonus = Decimal(title.bonus)
    if isinstance(u, _Person):
        return [Line(u.id, "title", _("title: {title}, {what}").format(title=title.name, what=what), bonus, f"{why}: {fmt(bonus)}",
                     evidence + _facts_words(title, u.facts))]
    shares = allocate(bonus, [(sid, Decimal(1)) for sid, _f in u.members])
    n = len(u.members)
    return [Line(sid, "title", _("title: {title} to team {team}, {what}").format(title=title.name, team=u.id, what=what), amt,
                 _("{why}; {bonus} shared by the {n} members of {team}: {amount}").format(
                     why=why, bonus=fmt(bonus), n=n, team=u.id, amount=fmt(amt))
                 + (_(" (cents shared out in staff id order)") if amt * n != bonus else ""),
                 evidence + _facts_words(title, u))
            for sid, amt in shares]


def _whom(u) -> str:
    return u.id if isinstance(u, _Person) else _("team {team}").format(team=u.id)


def _withheld(title, u, why: str, evidence: tuple = ()) -> Line:
    """No title: the best (or the nominee) missed the minimum standard. On the person, or the team's first member."""
    f = _facts(u)
    sid = u.id if isinstance(u, _Person) else u.members[0][0]
    return Line(sid, "title-withheld", _("title {title} withheld: {why}").format(title=title.name, why=why),
                arithmetic="; ".join(_missed(title, f)), evidence=evidence + _facts_words(title, f))
