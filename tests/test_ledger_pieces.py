"""The fast difference-array occupancy equals the plain piece-by-piece definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.ledger import month_pieces, occupancy, tenure_occupancy
from finsim.ledger.pieces import tenure_segments

times = st.floats(0, 40, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.lists(st.tuples(times, times, st.integers(0, 2)), max_size=30))
def test_occupancy_matches_month_pieces(months: int, rows: list) -> None:
    start = np.array([min(a, b) for a, b, _ in rows], dtype=float)
    end = np.array([max(a, b) for a, b, _ in rows], dtype=float)
    group = np.array([g for *_, g in rows], dtype=np.int64)
    pieces = month_pieces(start, end, months)
    reference = np.zeros((months, 3))
    np.add.at(reference, (pieces.month, group[pieces.owner]), pieces.length)
    assert np.allclose(occupancy(start, end, group, months, 3), reference, atol=1e-9)
    by_year = tenure_occupancy(start, end, group, months, 3, 4)
    assert np.allclose(by_year.sum(axis=-1), reference, atol=1e-9)


def test_tenure_segments_cut_at_anniversaries() -> None:
    owner, start, end, year = tenure_segments(np.array([0.5, 3.0]), np.array([26.0, 5.0]), 3)
    assert owner.tolist() == [0, 0, 0, 1]
    assert start.tolist() == [0.5, 12.5, 24.5, 3.0]
    assert end.tolist() == [12.5, 24.5, 26.0, 5.0]
    assert year.tolist() == [0, 1, 2, 0]


def test_interval_to_the_horizon_end_and_empty_ones() -> None:
    occ = occupancy(np.array([2.5, 3.0, 1.0]), np.array([4.0, 3.0, 0.5]),
                    np.array([0, 0, 0]), 4, 1)
    assert occ[:, 0].tolist() == [0.0, 0.0, 0.5, 1.0]
