"""``report.charts.stacked``: report.html's charts laid out in a fixed layout by the
renderer that then writes their SVG, so that each text is measured once, and nothing
the layout places falls outside the figure or onto the data."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter

from finsim.montecarlo import RunSpec, run
from finsim.report import html
from finsim.report.charts import shown_labels, stacked, svg_figure
from finsim.scenario import load_scenario

from .conftest import SMALL


@pytest.fixture(scope="module")
def result():
    return run(RunSpec(load_scenario(SMALL), 6, 3), jobs=1)


@pytest.mark.parametrize("chart", ["flows", "funding", "balance"])
def test_each_text_of_a_page_chart_is_measured_once(result, chart, monkeypatch):
    """The layout (legend widths, tick label widths) and the draw share the measurements:
    no text is measured twice at one size, and none by a second (Agg) renderer."""
    measured: list[tuple[str, float]] = []
    by_svg = TextToPath.get_text_width_height_descent

    def counted(self, s, prop, ismath):  # noqa: ANN001, ANN202
        measured.append((s, prop.get_size_in_points()))
        return by_svg(self, s, prop, ismath)

    def by_agg(*args):  # noqa: ANN002, ANN202
        raise AssertionError("measured with Agg")

    monkeypatch.setattr(TextToPath, "get_text_width_height_descent", counted)
    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", by_agg)
    draw = {"flows": html.flows_chart, "funding": html.funding_chart,
            "balance": html.balance_svg}[chart]
    svg = draw(result, "de")
    assert measured and len(measured) == len(set(measured)), sorted(
        m for m in measured if measured.count(m) > 1)
    shown = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert shown <= {text for text, _ in measured}  # every text drawn was measured


def test_legends_and_tick_labels_sit_beside_the_axes_inside_the_figure():
    """Long legend entries and wide tick labels: the margins make room for both."""
    fig = svg_figure(9, 6)
    axes = fig.subplots(2, 1, sharex=True)
    legends = []
    for k, ax in enumerate(axes):
        ax.plot(np.arange(24), np.linspace(0, 10 ** (7 + k), 24), label="a rather long "
                "legend entry that needs room " * (k + 1))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: html.number(v, "de")))
        legends.append(ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                                 frameon=False))
    svg = stacked(fig, list(axes), legends)
    assert svg.startswith("<svg") and svg.endswith("</svg>\n")
    assert "legend entry that needs room" in svg and "100.000.000" in svg
    renderer = RendererSVG(*fig.get_size_inches() * 72, io.StringIO())
    right = fig.bbox.x1
    for ax, legend in zip(axes, legends, strict=True):
        box, inside = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert inside.x1 < box.x0 and box.x1 <= right
        labels = [label.get_window_extent(renderer) for label in shown_labels(ax.yaxis)]
        assert labels and all(b.x0 >= 0 and b.x1 < inside.x0 for b in labels)
    assert 0 < axes[1].get_position().y0 < axes[1].get_position().y1 < \
        axes[0].get_position().y0 < axes[0].get_position().y1 < 1


def test_shown_labels_are_the_tick_labels_in_view():
    fig = svg_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0.5, 9.5])  # the view 0.05-9.95: of 0, 2, ... 10 the middle four
    assert [label.get_text() for label in shown_labels(ax.yaxis)] == ["2", "4", "6", "8"]
