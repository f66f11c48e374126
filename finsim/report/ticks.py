"""A tick locator that gives only the ticks matplotlib draws.

matplotlib makes a tick (two lines, a grid line and two labels) for every location a
locator gives, and draws only those within the view; a y axis often gets two more than
it shows, and at the balance chart's dozen panels the ticks cost more than the data.
``ShownMaxN`` leaves out what would not be drawn, by matplotlib's own test (the view
interval, widened by 1e-10 of its length), so the chart is the same, pixel for pixel.
Only for axes whose formatter writes each value on its own (``FuncFormatter``): a
formatter that looks at all locations (``ScalarFormatter``'s decimals) could write the
shown ones differently. Imported where a chart is drawn (it imports matplotlib).
``euro_auto`` is matplotlib's default locator (``AutoLocator``: ``STEPS``, as many
ticks as fit) so trimmed, for an axis of whole euros (``WholeEuros``).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

SLACK = 1e-10
"""How far beyond the view (relative to its length) a tick is still drawn, as matplotlib
has it (``transforms._interval_contains_close``)."""


class ShownMaxN(MaxNLocator):
    """``MaxNLocator`` without the ticks outside the view."""

    def __call__(self) -> np.ndarray:
        low, high = sorted(self.axis.get_view_interval())
        slack = (high - low) * SLACK
        locations = np.asarray(super().__call__())
        return locations[(locations >= low - slack) & (locations <= high + slack)]


class WholeEuros(ShownMaxN):
    """``ShownMaxN`` for an axis of EUR labelled without cents: ticks on whole euros and a
    view at least 2 EUR high. A chart of zeros (a program that employs nobody) would get
    matplotlib's view of +-0.05 and ticks 0.02 apart that all read "0" (or "-0"). Beyond a
    few euros the ticks are ``ShownMaxN``'s."""

    def __init__(self, nbins: int | str, steps: list[float]) -> None:
        super().__init__(nbins=nbins, steps=steps, integer=True)

    def nonsingular(self, v0: float, v1: float) -> tuple[float, float]:
        v0, v1 = super().nonsingular(v0, v1)
        middle = (v0 + v1) / 2
        return (v0, v1) if abs(v1 - v0) >= 2 else (middle - 1, middle + 1)


STEPS = [1, 2, 2.5, 5, 10]
"""``AutoLocator``'s steps."""


def euro_auto() -> WholeEuros:
    """matplotlib's ``AutoLocator`` (as matplotlib sets it up outside its classic mode)
    without the ticks outside the view, for an axis of whole euros."""
    return WholeEuros(nbins="auto", steps=STEPS)
