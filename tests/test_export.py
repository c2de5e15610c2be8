"""`salesctl export --format parquet`: two clubs' records and figures, read back with DuckDB.

The issue's check: the exported Parquet of two clubs, queried with DuckDB, gives the same payout
totals as salesctl — to the cent, month by month and club by club.
"""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from helpers import GIT_ENV, checkout_env, write_records

duckdb = pytest.importorskip("duckdb", reason="duckdb is a test dependency (pip install -e '.[test]')")
pytest.importorskip("pyarrow", reason="pyarrow is the export's dependency (pip install -e '.[test]')")


def salesctl(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "salesctl", *args], cwd=cwd, env={**checkout_env(), **GIT_ENV},
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def clubs(tmp_path_factory):
    top = tmp_path_factory.mktemp("chain")
    for name, seed in (("north", "1"), ("south", "2")):
        r = salesctl("demo", str(top / name), "--seed", seed)
        assert r.returncode == 0, r.stderr
    out = top / "export"
    r = salesctl("export", "--format", "parquet", str(out), "--records", str(top / "north"), "--club", "北店",
                 "--records", str(top / "south"), "--club", "南店")
    assert r.returncode == 0, r.stderr
    return top, out


def test_two_clubs_payout_totals_match_salesctl_to_the_cent(clubs):
    top, out = clubs
    got = {(club, month): total for club, month, total in duckdb.execute(
        f"select club, month, sum(total) from '{out}/payout.parquet' group by all").fetchall()}
    want = {}
    for club, folder in (("北店", "north"), ("南店", "south")):
        for month in sorted({m for c, m in got if c == club}):
            rows = json.loads(salesctl("--records", str(top / folder), "payout", "--month", month, "--by", "staff",
                                       "--format", "json").stdout)
            want[(club, month)] = sum((Decimal(str(r["total"])) for r in rows), Decimal("0.00"))
    assert got == want
    assert {m for _c, m in got} >= {"2026-08", "2026-09", "2026-10"}
    # and the query docs/scale.md shows: the chain's total per month
    chain = dict(duckdb.execute(f"select month, sum(total) from '{out}/payout.parquet' group by month").fetchall())
    for month, total in chain.items():
        assert total == want[("北店", month)] + want[("南店", month)]


def test_every_record_kind_is_a_table_with_its_club(clubs):
    top, out = clubs
    from salesctl.kinds import KINDS
    from salesctl.loader import load
    from salesctl.source import WorkTree

    for club, folder in (("北店", "north"), ("南店", "south")):
        records = load(WorkTree(top / folder)).records
        for name in KINDS:
            held = records.of(name)
            n = duckdb.execute(f"select count(*) from '{out}/{name}.parquet' where club = '{club}'").fetchone()[0]
            assert n == len(held), (club, name)
    types = dict(duckdb.execute(f"select column_name, column_type from (describe select * from '{out}/deal.parquet')").fetchall())
    assert types["amount"] == "DECIMAL(18,2)" and types["signed"] == "DATE" and types["club"] == "VARCHAR"
    types = dict(duckdb.execute(f"select column_name, column_type from (describe select * from '{out}/lead.parquet')").fetchall())
    assert types["created"] == "TIMESTAMP WITH TIME ZONE" and types["log"] == "VARCHAR"


def test_split_lines_add_up_to_the_split_command(clubs):
    top, out = clubs
    rows = json.loads(salesctl("--records", str(top / "north"), "split", "--month", "2026-10", "--format", "json").stdout)
    want = sum((Decimal(str(r["credited"])) for r in rows), Decimal("0.00"))
    got = duckdb.execute(f"select sum(credited) from '{out}/split.parquet' where club = '北店' and month = '2026-10'").fetchone()[0]
    assert got == want


def test_records_with_an_error_are_not_exported(tmp_path):
    from helpers import BASE

    root = write_records(tmp_path / "records", {**BASE, "deals/2026-08/D-0001.yaml": "id: D-0001\nlead: L-0001\namount: [\n"})
    r = salesctl("--records", str(root), "export", "--format", "parquet", str(tmp_path / "out"))
    assert r.returncode == 1
    assert "deals/2026-08/D-0001.yaml:3: error: YAML syntax error" in r.stderr
    assert "nothing was exported" in r.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "csv"], "--format 'csv': export writes parquet"),
    (["--club", "A", "--club", "B"], "--club given 2 time(s) for 1 --records folder(s)"),
    (["--month", "2026-13"], "--month '2026-13' is not YYYY-MM"),
])
def test_bad_options(tmp_path, args, message):
    from helpers import BASE

    root = write_records(tmp_path / "records", BASE)
    r = salesctl("--records", str(root), "export", str(tmp_path / "out"), *args)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert not (tmp_path / "out").exists()


def test_two_clubs_with_one_name_are_refused(tmp_path):
    from helpers import BASE

    a = write_records(tmp_path / "a" / "records", BASE)
    b = write_records(tmp_path / "b" / "records", BASE)
    r = salesctl("export", "--format", "parquet", str(tmp_path / "out"), "--records", str(a), "--records", str(b),
                 "--club", "X", "--club", "X")
    assert r.returncode == 2
    assert "two clubs have the same name (X, X)" in r.stderr
