"""A tick locator that gives only the ticks matplotlib draws.

matplotlib makes a tick (two lines, a grid line and two labels) for every location a
locator gives, and draws only those within the view; a y axis often gets two more than
it shows, and at the balance chart's dozen panels the ticks cost more than the data.
``ShownMaxN`` leaves out what would not be drawn, by matplotlib's own test (the view
interval, widened by 1e-10 of its length), so the chart is the same, pixel for pixel.
Only for axes whose formatter writes each value on its own (``FuncFormatter``): a
formatter that looks at all locations (``ScalarFormatter``'s decimals) could write the
shown ones differently. Imported where a chart is drawn (it imports matplotlib).
``shown_auto`` is matplotlib's default locator (``AutoLocator``) so trimmed.
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


def shown_auto() -> ShownMaxN:
    """matplotlib's ``AutoLocator`` (as matplotlib sets it up outside its classic mode)
    without the ticks outside the view."""
    return ShownMaxN(nbins="auto", steps=[1, 2, 2.5, 5, 10])
