"""``legends.PlacedLegend`` draws what matplotlib's legend draws, in an SVG: the same
handles and labels at the same places (to a ten-thousandth of a point: sums taken in
another order), and the same box."""

from __future__ import annotations

import io
import re

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

from finsim.report.charts import SVG_METADATA, SVG_SETTINGS
from finsim.report.legends import PlacedLegend, side_legend

LABELS = ["Participants", "Waiting list (persons) yg", "Stadt Dortmund (KdU saved)", "é"]


def _rounded(svg: str) -> str:
    """The SVG with its numbers to four decimals."""
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group()):.4f}", svg)


def _drawn(kind: str, ours: bool) -> tuple[str, tuple]:
    """A legend of three entries (lines or stacked bars), drawn alone as SVG, and its
    window extent."""
    fig = Figure(figsize=(9, 6), dpi=72)
    ax = fig.add_axes((0.1, 0.3, 0.5, 0.4))
    if kind == "lines":
        handles = [ax.plot([0, 1], [0, k], color=f"C{k}", linewidth=1.5, label=label)[0]
                   for k, label in enumerate(LABELS)]
    else:
        bottom = np.zeros(2)
        handles = []
        for k, label in enumerate(LABELS):
            handles.append(ax.bar(["2013", "2014"], [1, 2], bottom=bottom, color=f"C{k}",
                                  label=label, width=0.6))
            bottom += [1, 2]
    legend = side_legend(ax, handles, fontsize=8) if ours else ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
        frameon=False)
    written = io.StringIO()
    with mpl.rc_context(SVG_SETTINGS):
        renderer = RendererSVG(*fig.get_size_inches() * 72, written, metadata=SVG_METADATA)
        box = legend.get_window_extent(renderer).bounds
        legend.draw(renderer)
        renderer.finalize()
    return _rounded(written.getvalue()), box


def _same(ours: tuple[str, tuple], theirs: tuple[str, tuple]) -> None:
    """The same SVG (``_rounded``) and the same window extent."""
    assert ours[0] == theirs[0]
    assert ours[1] == pytest.approx(theirs[1], abs=1e-9)


@pytest.mark.parametrize("kind", ["lines", "bars"])
def test_a_side_legend_draws_what_matplotlibs_legend_draws(kind):
    _same(_drawn(kind, ours=True), _drawn(kind, ours=False))


@pytest.mark.parametrize("kind", ["lines", "bars"])
def test_a_side_legend_follows_the_rc_settings(kind):
    with mpl.rc_context({"legend.labelspacing": 1.5, "legend.handlelength": 3,
                         "legend.borderpad": 1, "legend.borderaxespad": 2,
                         "legend.handleheight": 1.4, "legend.handletextpad": 0.3}):
        _same(_drawn(kind, ours=True), _drawn(kind, ours=False))


@pytest.mark.parametrize("ncols", [1, 2, 3])
def test_a_legend_in_columns_left_of_its_anchor_draws_what_matplotlibs_draws(ncols):
    """As cashflow.png's legend: a band and lines, in columns, its upper right corner
    at a point of the figure."""
    drawn = []
    for ours in (True, False):
        fig = Figure(figsize=(9, 6), dpi=72)
        ax = fig.add_axes((0.1, 0.3, 0.5, 0.4))
        handles = [ax.fill_between([0, 1], [0, 1], [1, 2], alpha=0.25, linewidth=0,
                                   label="5-95 %"),
                   *(ax.plot([0, 1], [0, k], label=label)[0] for k, label in enumerate(LABELS))]
        place = {"loc": "upper right", "ncols": ncols, "fontsize": 7}
        legend = PlacedLegend(fig, handles, transform=fig.transFigure, anchor=(0.95, 0.9),
                              **place) if ours else fig.legend(
            handles, [h.get_label() for h in handles], frameon=False,
            bbox_to_anchor=(0.95, 0.9), **place)
        written = io.StringIO()
        with mpl.rc_context(SVG_SETTINGS):
            renderer = RendererSVG(648, 432, written, metadata=SVG_METADATA)
            box = legend.get_window_extent(renderer).bounds
            legend.draw(renderer)
            renderer.finalize()
        drawn.append((_rounded(written.getvalue()), box))
    _same(*drawn)
