"""``Program.by_year``: months summed into calendar years in month order, bit for bit what
adding each month in turn gives (``np.add.at``), for floats and whole cents."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from finsim.program import compile_program
from finsim.scenario import scenario_from_dict

from .test_ledger_support import BASE


@pytest.fixture(scope="module", params=[("2013-01", 24), ("2013-08", 30), ("2014-12", 3)])
def program(request):
    start, months = request.param
    return compile_program(scenario_from_dict({**BASE, "period": {"start": start,
                                                                   "months": months}}))


def month_by_month(program, per_month: np.ndarray) -> np.ndarray:
    out = np.zeros((len(program.years), *per_month.shape[1:]), dtype=per_month.dtype)
    np.add.at(out, program.year_index, per_month)
    return out


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_by_year_adds_each_month_in_turn(program, data) -> None:
    months = len(program.year_index)
    trailing = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=5))
    floats = data.draw(st.booleans())
    elements = (st.floats(-1e9, 1e9, allow_nan=False) if floats
                else st.integers(-10**12, 10**12))
    a = data.draw(hnp.arrays(np.float64 if floats else np.int64, (months, *trailing),
                             elements=elements))
    if data.draw(st.booleans()):  # not in C order: the plain way
        a = np.asfortranarray(a)
    got, want = program.by_year(a), month_by_month(program, a)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got.view(np.int64), want.view(np.int64))
