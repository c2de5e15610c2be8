"""The one mutable state of a generation: the random draws, the id counters, the cases done.

Every function of the package that draws takes this `Demo` as `g` and draws from `g.rng`, so
the order of the calls is the order of the draws: the same scale and seed give the same files.
"""
from __future__ import annotations

from pathlib import Path
from random import Random

from salesctl.demo.scales import Scale, month_bounds, months


class Demo:
    def __init__(self, root: Path, scale: Scale, seed: int):
        self.root = Path(root)
        self.scale = scale
        self.rng = Random(seed)
        self.months = months(scale.first_month, scale.months)
        self.start = month_bounds(self.months[0])[0]
        self.widths = {**dict(zip("TSLDV", scale.widths)), "TR": scale.widths[1]}
        self.seq = dict.fromkeys((*"TSLDV", "TR"), 0)
        self.counts: dict[str, int] = dict.fromkeys(
            ("team", "staff", "lead", "deal", "visit", "activity", "attendance", "review", "training", "plan"), 0)
        self.files = 0
        self.dirs: set[str] = set()
        self.names: set[str] = set()
        self.done: set = set()          # (case, club, scope) already present
        self.club = None                # the club being made (organisation.Club)
        self.staff_by_id: dict = {}     # of that club
        self.ties: list[tuple] = []     # (month, staff, staff) of each club's top-three tie

    def next_id(self, kind: str) -> str:
        """The next id of a kind: T (team), S (staff), L (lead), D (deal), V (visit), TR (training session)."""
        self.seq[kind] += 1
        return f"{kind}-{self.seq[kind]:0{self.widths[kind]}d}"

    def need(self, case: str, scope: str = "") -> bool:
        """The current club has no `case` yet (in `scope`, e.g. a month)."""
        return (case, self.club.index, scope) not in self.done

    def got(self, case: str, scope: str = "") -> None:
        self.done.add((case, self.club.index, scope))
