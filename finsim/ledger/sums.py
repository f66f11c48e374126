"""Float sums over one short axis, bit for bit what ``np.sum`` gives, at a fraction of
its cost on the small arrays of one replication.

``a.sum(axis=k)`` over a short axis pays numpy's reduction set-up for every element of
the other axes (10-20 microseconds on a seed replication's ledger); adding the slices
along the axis is a few whole-array additions. Both add in the same order: numpy starts
from 0.0 and adds the elements along the axis one after the other, except along the
innermost axis in memory from 8 elements on, where it sums pairwise. ``added`` takes
arrays laid out in C order (a slice of one is); on any other layout, and along the
last axis (or one followed by axes of length 1 only) from 8 elements on, it leaves
the sum to numpy.
"""

from __future__ import annotations

import math

import numpy as np

PAIRWISE_FROM = 8
"""Along the last axis, numpy sums this many elements or more pairwise."""


def added(a: np.ndarray, axis: int) -> np.ndarray:
    """``a.sum(axis=axis)`` for a float array, bit for bit (a new array)."""
    shape = a.shape
    if axis < 0:
        axis += len(shape)
    n = shape[axis]
    if (n == 0 or (n >= PAIRWISE_FROM and all(k == 1 for k in shape[axis + 1:]))
            or not (a.flags.c_contiguous or _c_ordered(a))):
        return a.sum(axis=axis)
    tail = math.prod(shape[axis + 1:])
    if 1 < tail < PAIRWISE_FROM and a.flags.c_contiguous:
        return _added_by_column(a, axis, tail)
    before = (slice(None),) * axis
    out = a[(*before, 0)] + 0.0  # numpy starts from +0.0 (so -0.0 sums to 0.0)
    for k in range(1, n):
        out += a[(*before, k)]
    return out


def _added_by_column(a: np.ndarray, axis: int, tail: int) -> np.ndarray:
    """``added`` of a C-contiguous array whose axes after ``axis`` hold a few elements
    (a ledger's tenure years): summed one of those positions at a time, each a long
    strided run, where slices along ``axis`` would make numpy step a few elements at a
    time; the same additions in the same order. ``tail``: the elements after ``axis``."""
    shape = a.shape
    columns = a.reshape(*shape[:axis + 1], tail)
    out = np.empty((*shape[:axis], tail), dtype=np.result_type(a.dtype, 0.0))
    for j in range(tail):
        column = out[..., j]
        np.add(columns[..., 0, j], 0.0, out=column)
        for k in range(1, shape[axis]):
            column += columns[..., k, j]
    return out.reshape(*shape[:axis], *shape[axis + 1:])


def _c_ordered(a: np.ndarray) -> bool:
    """Memory steps fall from the first axis to the last (axes of length 1 aside): numpy
    then walks the array in C order, the last axis innermost."""
    steps = [s for s, n in zip(a.strides, a.shape, strict=True) if n > 1]
    return all(s > 0 for s in steps) and all(x >= y for x, y in zip(steps, steps[1:],
                                                                     strict=False))
