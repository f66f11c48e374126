"""``SideLegend`` draws what matplotlib's legend beside an axes draws, byte for byte in
an SVG: the same handles and labels at the same places, and the same box."""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

from finsim.report.charts import SVG_METADATA, SVG_SETTINGS
from finsim.report.legends import SideLegend

LABELS = ["Participants", "Waiting list (persons) yg", "Stadt Dortmund (KdU saved)", "é"]


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
    legend = SideLegend(ax, handles, fontsize=8) if ours else ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
        frameon=False)
    written = io.StringIO()
    with mpl.rc_context(SVG_SETTINGS):
        renderer = RendererSVG(*fig.get_size_inches() * 72, written, metadata=SVG_METADATA)
        box = legend.get_window_extent(renderer).bounds
        legend.draw(renderer)
        renderer.finalize()
    return written.getvalue(), box


@pytest.mark.parametrize("kind", ["lines", "bars"])
def test_a_side_legend_draws_what_matplotlibs_legend_draws(kind):
    assert _drawn(kind, ours=True) == _drawn(kind, ours=False)


@pytest.mark.parametrize("kind", ["lines", "bars"])
def test_a_side_legend_follows_the_rc_settings(kind):
    with mpl.rc_context({"legend.labelspacing": 1.5, "legend.handlelength": 3,
                         "legend.borderpad": 1, "legend.borderaxespad": 2,
                         "legend.handleheight": 1.4, "legend.handletextpad": 0.3}):
        assert _drawn(kind, ours=True) == _drawn(kind, ours=False)
