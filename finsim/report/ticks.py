"""A tick locator that gives only the ticks matplotlib draws.

matplotlib makes a tick (two lines, a grid line and two labels) for every location a
locator gives, and draws only those within the view; a y axis often gets two more than
it shows, and at the balance chart's dozen panels the ticks cost more than the data.
``ShownMaxN`` leaves out what would not be drawn, by matplotlib's own test (the view
interval, widened by 1e-10 of its length), so the chart is the same, pixel for pixel.
Only for axes whose formatter writes each value on its own (``FuncFormatter``, or
``InLanguage`` on whole euros: no decimals whatever the locations): a formatter that
looks at all locations (``ScalarFormatter``'s decimals) could write the shown ones
differently. Imported where a chart is drawn (it imports matplotlib).
``euro_auto`` is matplotlib's default locator (``AutoLocator``: ``STEPS``, as many
ticks as fit) so trimmed, for an axis of whole euros (``WholeEuros``). ``InLanguage``
writes the tick labels of a page's chart as its language writes numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.ticker import Formatter, MaxNLocator

from .amounts import number

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


class InLanguage(Formatter):
    """Tick labels as the page's language writes numbers (de: 2,5 and 1.000; en: 2.5 and
    1,000), every label of an axis with the decimals its ticks need (0,0 0,5 1,0), as
    matplotlib's default formatter chooses them. That formatter writes 2.5 on a German
    page, and 40000 or an offset like 1e4 where a reader expects 40.000."""

    def __init__(self, lang: str, unit: tuple[float, str] = (1.0, "")) -> None:
        self.lang = lang
        self.unit = unit
        """The unit every label is written in, its size and word (``amounts.money_unit``:
        ``-5 Tsd.`` and ``-10 Tsd.``, never ``-5.000`` beside ``-10 Tsd.``); 0 as 0."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        size, word = self.unit
        scaled = [v / size for v in values]
        digits = decimals(scaled)
        return ["0" if word and v == 0 else number(v, self.lang, digits) + word
                for v in scaled]  # never "-0" (``number``)


def decimals(values: Sequence[float], most: int = 6) -> int:
    """The fewest decimals that write each of ``values`` exactly (to a billionth of
    it): 0 for 0, 5, 10; 1 for 0, 0.5, 1 (and for 0.1, 0.2, 0.30000000000000004)."""
    for digits in range(most):
        if all(abs(v - round(v, digits)) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return digits
    return most
