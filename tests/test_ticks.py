"""``report.ticks.ShownMaxN``: the ticks matplotlib draws, and no others, so a chart
drawn with it is the same, pixel for pixel, as with ``MaxNLocator``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from finsim.report.ticks import ShownMaxN

STEPS = [1, 2, 2.5, 5, 10]


def _pixels(locator_class: type, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    fig = Figure(figsize=(2, 1.5), dpi=50)
    ax = fig.add_subplot()
    ax.plot([0, 1], [low, high])
    locator = locator_class(nbins=4, steps=STEPS)
    ax.yaxis.set_major_locator(locator)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy(), np.asarray(locator())


def test_the_ticks_outside_the_view_are_left_out():
    """Data 0.5-9.5 with matplotlib's 5 % margins: the view is 0.05-9.95, and of
    MaxNLocator's 0, 2.5, 5, 7.5, 10 only the middle three are drawn."""
    every_pixel, every = _pixels(MaxNLocator, 0.5, 9.5)
    shown_pixel, shown = _pixels(ShownMaxN, 0.5, 9.5)
    assert every.tolist() == [0.0, 2.5, 5.0, 7.5, 10.0]
    assert shown.tolist() == [2.5, 5.0, 7.5]
    assert np.array_equal(every_pixel, shown_pixel)


@settings(max_examples=40, deadline=None)
@given(st.floats(-1e9, 1e9), st.floats(1e-3, 1e9))
def test_the_chart_is_the_same_pixel_for_pixel(low: float, length: float):
    every_pixel, every = _pixels(MaxNLocator, low, low + length)
    shown_pixel, shown = _pixels(ShownMaxN, low, low + length)
    assert set(shown.tolist()) <= set(every.tolist())
    assert np.array_equal(every_pixel, shown_pixel)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_pages_charts_with_shown_ticks_are_those_with_matplotlibs_auto_ticks(
        lang, monkeypatch):
    """report.html's funding bars and balance: the same SVG, byte for byte, as with the
    untrimmed locator (``euro_auto``'s ``MaxNLocator``), ticks out of view gone."""
    from finsim.montecarlo import RunSpec, run
    from finsim.report import html, ticks
    from finsim.scenario import load_scenario

    from .conftest import SMALL

    result = run(RunSpec(load_scenario(SMALL), 6, 3), jobs=1)

    def charts() -> tuple[str, str]:
        return (html.funding_data(result, lang).svg(),
                html.balance_data(result, lang).svg())

    shown = charts()
    made = []

    class Untrimmed(ticks.WholeEuros):
        __call__ = MaxNLocator.__call__

    monkeypatch.setattr(ticks, "euro_auto",
                        lambda: made.append(1) or Untrimmed(nbins="auto", steps=STEPS))
    assert charts() == shown
    assert len(made) == 2  # the bar panels' one axes and the balance
