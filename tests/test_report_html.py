"""The meeting report (K11) in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright opens the page `salesctl report --html` wrote, with the network cut off; the page must
raise no console error, ask for nothing from the network, and draw the same figures `score` and
`payout --format json` print.

Needs the `chromium` package (`.ci/run` installs it when it can): skipped, saying why, without it.
"""
from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.helpers import CHECKOUT, run

DEMO = CHECKOUT / "records"
MONTH = "2026-10"


def chromium() -> str:
    path = os.environ.get("SALESCTL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no Chromium here (apt-get install chromium fonts-noto-cjk; .ci/run does it when run as root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    return path


@pytest.fixture(scope="module")
def browser():
    path = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield b
        b.close()


def open_page(browser, html: Path):
    """The page loaded, with every request that is not the file itself refused and counted."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    problems, asked = [], []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def route(r):
        if r.request.url == html.as_uri():
            r.continue_()
        else:
            asked.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return page, problems, asked


def report(tmp_path, *args) -> Path:
    out = tmp_path / "report.html"
    res = run("report", *args, "--html", str(out), records=DEMO)
    assert res.exit_code == 0, res.output + res.stderr
    return out


def as_json(*args):
    res = run(*args, "--format", "json", records=DEMO)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout, parse_float=D)


def test_the_month_page_opens_offline_without_errors_and_draws_the_score_and_payout_figures(tmp_path, browser):
    html = report(tmp_path, "--month", MONTH)
    page, problems, asked = open_page(browser, html)
    assert problems == [] and asked == []
    scores = {r["staff"]: r for r in as_json("score", "--month", MONTH)}
    payroll = {r["staff"]: r for r in as_json("payout", "--month", MONTH, "--by", "staff")}
    lines = as_json("payout", "--month", MONTH, "--by", "line")

    # the leaderboard: everyone scored, each person's figures those of `score`, best composite first
    board = page.eval_on_selector_all("table.leaderboard tbody tr", """rows => rows.map(r => Object.fromEntries(
        [...r.querySelectorAll('td')].map(td => [td.dataset.field, td.textContent])))""")
    assert {r["staff"] for r in board} == set(scores)
    for r in board:
        s = scores[r["staff"]]
        assert D(r["sales"]) == s["sales"] and D(r["composite"]) == s["composite"], r
        assert (D(r["target"]) if r["target"] else None) == s["target"]
    composites = [D(r["composite"]) for r in board]
    assert composites == sorted(composites, reverse=True)

    # the payout table: one row per person of the payroll file, every money cell equal
    pay = page.eval_on_selector_all("table.payout tbody tr", """rows => rows.map(r => Object.fromEntries(
        [...r.querySelectorAll('td')].map(td => [td.dataset.field, td.textContent])))""")
    assert [r["staff"] for r in pay] == list(payroll)
    for r in pay:
        for col in ("sales", "total", "commission", "deductions"):
            if col in r:
                assert D(r[col]) == payroll[r["staff"]][col], (r["staff"], col)

    # the team bars: each team's drawn sales is the sum of its people's credited sales
    drawn = dict(page.eval_on_selector_all("[data-key$=' sales']", "ns => ns.map(n => [n.dataset.key, n.dataset.value])"))
    teams: dict = {}
    for s in scores.values():
        teams[s["team"]] = teams.get(s["team"], D(0)) + s["sales"]
    assert {k.split()[0]: D(v) for k, v in drawn.items()} == teams

    # the funnel: calls, effective, intention, orders of the telesales people
    funnel = dict(page.eval_on_selector_all("[data-key^='funnel ']", "ns => ns.map(n => [n.dataset.key, n.dataset.value])"))
    tele = [s for s in scores.values() if s["channel"] == "telesales"]
    assert tele, "the demo has a telesales team"
    assert {k.split()[1]: int(v) for k, v in funnel.items()} == {k: sum(s[k] for s in tele) for k in ("calls", "effective", "intention", "orders")}

    # the flags: every flag line of the month, under its person
    shown = page.eval_on_selector_all("ul.flags li[data-rule]", "ns => ns.map(n => [n.closest('li[data-staff]').dataset.staff, n.dataset.rule, n.dataset.code])")
    assert sorted(map(tuple, shown)) == sorted((x["staff"], x["rule"], x["code"]) for x in lines if x["kind"] == "flag")

    # the trend: a line per person, the last point this month's credited sales
    last = dict(page.eval_on_selector_all(f"[data-key$=' {MONTH}']", "ns => ns.map(n => [n.dataset.key, n.dataset.value])"))
    assert {k.split()[0]: D(v) for k, v in last.items()} == {k: s["sales"] for k, s in scores.items()}


def test_the_page_is_in_chinese_with_lang_zh_and_the_same_for_the_same_records(tmp_path, browser):
    a = report(tmp_path, "--month", MONTH)
    first = a.read_text(encoding="utf-8")
    again = report(tmp_path, "--month", MONTH)
    assert again.read_text(encoding="utf-8") == first          # close writes it: closing again changes nothing
    res = run("--lang", "zh", "report", "--month", MONTH, "--html", str(tmp_path / "zh.html"), records=DEMO)
    assert res.exit_code == 0, res.stderr
    page, problems, asked = open_page(browser, tmp_path / "zh.html")
    assert problems == [] and asked == []
    assert page.locator("h2#leaderboard").inner_text().startswith("排行榜")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "业绩" in page.locator("table.leaderboard thead").inner_text()


def test_the_week_page_has_the_weeks_figures_and_no_payout(tmp_path, browser):
    html = report(tmp_path, "--week", "2026-W43", "--team", "T-04")
    page, problems, asked = open_page(browser, html)
    assert problems == [] and asked == []
    scores = {r["staff"]: r for r in as_json("score", "--week", "2026-W43", "--team", "T-04")}
    rows = page.eval_on_selector_all("table.leaderboard tbody tr", "rs => rs.map(r => [r.dataset.staff, r.querySelector('td[data-field=sales]').textContent])")
    assert {s: D(v) for s, v in rows} == {k: s["sales"] for k, s in scores.items()}
    assert page.locator("table.payout").count() == 0
    assert "month" in page.locator("#payout + p").inner_text()
