"""``ledger.sums.added``: the same bits as ``np.sum`` over one axis, for every axis,
length and sign of zero (a replication's results must stay byte-identical)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from finsim.ledger.sums import PAIRWISE_FROM, added

values = st.one_of(st.floats(-1e12, 1e12, allow_nan=False, width=64), st.just(-0.0),
                   st.just(0.0), st.floats(1e-3, 1e3))


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=4, min_side=0,
                                                max_side=11), elements=values),
       st.data())
def test_added_is_numpys_sum_bit_for_bit(a, data):
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    got, want = added(a, axis), a.sum(axis=axis)
    assert got.shape == want.shape
    assert np.array_equal(np.atleast_1d(got).view(np.int64),
                          np.atleast_1d(want).view(np.int64))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=4, min_side=1,
                                                max_side=10), elements=values),
       st.data())
def test_added_of_views_is_numpys_sum_bit_for_bit(a, data):
    # slices (C-ordered views), transposes and reversed axes: other layouts than C order
    view = a
    for k in range(a.ndim):
        how = data.draw(st.sampled_from(["all", "step", "one", "reverse"]))
        index = [slice(None)] * a.ndim
        index[k] = {"all": slice(None), "step": slice(None, None, 2), "one": slice(0, 1),
                    "reverse": slice(None, None, -1)}[how]
        view = view[tuple(index)]
    if data.draw(st.booleans()):
        view = np.moveaxis(view, 0, -1)
    axis = data.draw(st.integers(0, view.ndim - 1))
    got, want = added(view, axis), view.sum(axis=axis)
    assert np.array_equal(np.atleast_1d(got).view(np.int64),
                          np.atleast_1d(want).view(np.int64))


def test_added_of_negative_zeros_is_positive_zero_as_numpys():
    a = np.full((3, 2, 4), -0.0)
    for axis in range(3):
        assert not np.signbit(added(a, axis)).any()
        assert not np.signbit(a.sum(axis=axis)).any()


def test_added_adds_in_order_where_numpy_does():
    # 1 + 1e16 - 1e16 ... : the order of the additions shows in the result
    row = np.array([1.0, 1e16, -1e16, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    for n in range(2, len(row) + 1):
        a = np.tile(row[:n], (2, 1))
        assert np.array_equal(added(a, -1), a.sum(axis=-1))
        assert np.array_equal(added(a.T, 0), a.T.sum(axis=0))
    assert PAIRWISE_FROM == 8
