"""The meeting report as one self-contained HTML page (K11): tables, and charts drawn by pygal as
inline SVG — no script or style from the network, so the page opens anywhere, also offline.

    page(meeting, title_note="") -> str

Every figure drawn carries its exact value (`data-value`, to the cent) and every table cell its
field (`data-field`), so a test in a real browser reads the page's numbers back and compares them
with `score` and `payout --format json`. The page is the same for the same records (pygal's random
chart ids and dated comment are replaced), so closing a month again changes nothing.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from salesctl.i18n import N_, _, column, language
from salesctl.render import cell
from salesctl.reports.meeting import FUNNEL, Meeting

GRADES = (N_("excellent"), N_("good"), N_("pass"), N_("fail"))   # K6 grades, shown in the page's language
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
WIDTH = 600


def page(m: Meeting, subtitle: str = "") -> str:
    """The page of a Meeting, in the language in effect (salesctl.i18n)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("salesctl", "templates"), autoescape=True,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    charts = Charts()
    money = ("sales", "target")
    board_cols = ("rank", "staff", "name", "team", "sales", "target", "attainment", "composite", "grade")
    funnel_cols = ("staff", "name", *FUNNEL)
    total = m.funnel_total
    return env.get_template("report.html").render(
        _=_, column=column, cell=cell, lang="zh-CN" if language() == "zh" else "en", m=m,
        title=(_("Team meeting, week {period}") if m.kind == "week" else _("Team meeting, {period}")).format(period=m.period)
        + (f" · {m.team}" if m.team else ""),
        subtitle=subtitle, money=money, board_cols=board_cols, funnel_cols=funnel_cols,
        board=[{c: getattr(s, c) for c in board_cols} for s in m.leaderboard],
        teams_chart=charts.teams(m) if m.teams else "",
        trend_charts=[(team, charts.trend(m, team)) for team in dict.fromkeys(t for _s, _n, t, _v in m.trend)],
        funnel_chart=charts.funnel(total) if m.funnel else "",
        funnel_rows=[{"staff": s, "name": n, **dict(zip(FUNNEL, c))} for s, n, c in m.funnel],
        funnel_total={"staff": _("all"), "name": "", **dict(zip(FUNNEL, total))},
        flags_by_person=_flags_by_person(m), cards=_cards(m),
    )


def _cards(m: Meeting) -> list[tuple[str, str, str]]:
    """The figures at the top of the page: credited sales, target, attainment, people, flags, payout."""
    sales = sum((s.sales for s in m.leaderboard), Decimal(0))
    targets = [s.target for s in m.leaderboard if s.target is not None]
    target = sum(targets, Decimal(0)) if targets else None
    out = [("sales", column("sales"), cell(sales)), ("target", column("target"), cell(target)),
           ("attainment", column("attainment"), cell((sales * 100 / target).quantize(Decimal("0.01")) if target else None)),
           ("people", _("people scored"), str(len(m.leaderboard))), ("flags", column("flags"), str(len(m.flags)))]
    if m.payout:
        out.append(("payout", _("payout total"), cell(sum((r.get("total") or Decimal(0) for r in m.payout), Decimal(0)))))
    return out


def _flags_by_person(m: Meeting) -> list[tuple[str, str, list]]:
    out: dict = {}
    for f in m.flags:
        out.setdefault((f.staff, f.name), []).append(f)
    return [(s, n, fs) for (s, n), fs in out.items()]


class Charts:
    """pygal charts as inline SVG, numbered in the order drawn (ids chart-1, chart-2 …)."""

    def __init__(self):
        self.n = 0

    def _chart(self, cls, **config):
        import pygal
        from pygal.style import Style

        style = Style(font_family=FONTS, background="white", plot_background="white",
                      colors=("#2f6db5", "#e07b39", "#3a9e5c", "#c23b3b", "#7a5bb5", "#8c8c8c", "#d4a72c", "#2aa3a3"))
        return cls(js=[], style=style, disable_xml_declaration=True, width=config.pop("width", WIDTH),
                   height=config.pop("height", 360), explicit_size=False, legend_at_bottom=True, truncate_legend=-1,
                   truncate_label=-1, value_formatter=lambda x: f"{x:,.0f}", **config)

    def _svg(self, chart) -> str:
        self.n += 1
        chart.uuid = str(self.n)
        svg = chart.render(is_unicode=True)
        svg = re.sub(r"(\d\.\d{2})\d+", r"\1", svg)   # coordinates to 1/100 px: shorter, and no run of digits looks like a phone
        return re.sub(r"<!--Generated with pygal[^>]*-->", "", svg)

    def teams(self, m: Meeting) -> str:
        import pygal

        c = self._chart(pygal.Bar, title=_("Attainment by team: credited sales against target"), print_values=False,
                        height=380)
        c.x_labels = [t.name for t in m.teams]
        c.add(column("target"), [_value(t.target, f"{t.team} target", t.name) for t in m.teams])
        c.add(column("sales"), [_value(t.sales, f"{t.team} sales", t.name, t.attainment) for t in m.teams])
        return self._svg(c)

    def trend(self, m: Meeting, team: str) -> str:
        import pygal

        c = self._chart(pygal.Line, title=_("Credited sales by month: team {team}").format(team=team), height=380)
        c.x_labels = list(m.months)
        for sid, name, t, values in m.trend:
            if t == team:
                c.add(f"{name} ({sid})", [_value(v, f"{sid} {mo}", mo) for v, mo in zip(values, m.months)])
        return self._svg(c)

    def funnel(self, total: tuple[int, ...]) -> str:
        import pygal

        c = self._chart(pygal.HorizontalBar, title=_("Telesales funnel: calls, effective, intention, orders"),
                        print_values=True, height=300, width=900, show_legend=True)
        for k, v in reversed(list(zip(FUNNEL, total))):
            c.add(column(k), [_value(Decimal(v), f"funnel {k}", column(k), places=0)])
        return self._svg(c)


def _value(v: Optional[Decimal], key: str, label: str, pct: Optional[Decimal] = None, places: int = 2) -> dict:
    """A point of a chart: drawn as a float, carrying its exact value and a tooltip."""
    if v is None:
        return {"value": None}
    exact = f"{Decimal(v):.{places}f}"
    tip = f"{label}: {exact}" + (f" ({pct}%)" if pct is not None else "")
    return {"value": float(v), "tooltip": tip, "node": {"data-key": key, "data-value": exact}}
