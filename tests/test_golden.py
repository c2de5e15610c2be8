"""A refactor keeps behaviour: the demo's outputs, saved before, are byte-identical after (tests/golden)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from golden.cases import CASES, HERE, run


@pytest.fixture(scope="module")
def outputs():
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(CASES, pool.map(run, CASES.values())))


@pytest.mark.parametrize("name", list(CASES))
def test_output_is_unchanged(outputs, name):
    expected = (HERE / name).read_bytes()
    assert outputs[name] == expected, f"salesctl {' '.join(CASES[name])} changed; if meant: python tests/golden/cases.py --bless"
