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
from finsim.report.charts import Panel, shown_labels, stacked, svg_figure
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
    data = {"flows": html.flows_data, "funding": html.funding_data,
            "balance": html.balance_data}[chart]
    svg = data(result, "de").svg()
    assert measured and len(measured) == len(set(measured)), sorted(
        m for m in measured if measured.count(m) > 1)
    shown = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert shown <= {text for text, _ in measured}  # every text drawn was measured


def test_legends_and_tick_labels_sit_beside_the_axes_inside_the_figure():
    """Long legend entries and wide tick labels: the margins make room for both, in
    each panel."""
    fig = svg_figure(9, 6)
    ax = fig.add_subplot()
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: html.number(v, "de")))
    panels = []
    for k in range(2):
        lines = ax.plot(np.arange(24), np.linspace(0, 10 ** (7 + k), 24),
                        label="a rather long legend entry that needs room " * (k + 1))
        panels.append(Panel(lines, f"panel {k}", ax.legend(
            handles=lines, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
            frameon=False)))
    renderer = RendererSVG(*fig.get_size_inches() * 72, io.StringIO())
    boxes = []
    draw = ax.draw

    def measured(svg_renderer):  # noqa: ANN001, ANN202 - each panel as drawn
        labels = shown_labels(ax.yaxis)
        boxes.append((ax.get_window_extent(renderer).frozen(),
                      ax.get_legend().get_window_extent(renderer).frozen(),
                      [label.get_window_extent(renderer).frozen() for label in labels]))
        return draw(svg_renderer)

    ax.draw = measured
    svg = stacked(fig, ax, panels)
    assert svg.startswith("<svg") and svg.endswith("</svg>\n")
    assert "legend entry that needs room" in svg and "100.000.000" in svg
    assert len(boxes) == 2
    for inside, legend, labels in boxes:
        assert inside.x1 < legend.x0 and legend.x1 <= fig.bbox.x1
        assert labels and all(b.x0 >= 0 and b.x1 < inside.x0 for b in labels)
    (upper, *_), (lower, *_) = boxes
    assert 0 < lower.y0 < lower.y1 < upper.y0 < upper.y1 < fig.bbox.y1


def test_shown_labels_are_the_tick_labels_in_view():
    fig = svg_figure(4, 3)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0.5, 9.5])  # the view 0.05-9.95: of 0, 2, ... 10 the middle four
    assert [label.get_text() for label in shown_labels(ax.yaxis)] == ["2", "4", "6", "8"]


def _bars(ax, stacks: list[list[float]], years: list[str]) -> list:  # noqa: ANN001
    """Stacked bars as the funding chart draws them: a container per stack."""
    bottom = np.zeros(len(years))
    bars = []
    for values in stacks:
        bars.append(ax.bar(years, values, bottom=bottom, width=0.6, label=str(values)))
        bottom += values
    return bars


# panel B's last stack is 0 in 2013: a bar of no height at 10, a sticky edge at the top
# of the data that would stop panel A's upper margin at 10 if it counted while hidden
STACKS = {"A": [[10.0, 8.0]], "B": [[5.0, 5.0], [5.0, 5.0], [0.0, 6.0]]}
YEARS = ["2013", "2014"]


def test_each_panel_has_the_limits_and_ticks_of_an_axes_of_its_own():
    fig = svg_figure(9, 6)
    ax = fig.add_subplot()
    panels = []
    for name, stacks in STACKS.items():
        bars = _bars(ax, stacks, YEARS)
        panels.append(Panel([p for b in bars for p in b], f"panel {name}",
                            ax.legend(handles=bars), ylabel=name))
    lines = ax.plot([0, 1], [3.0, 30.0], label="line")  # a third panel: lines, ymin 0
    panels.append(Panel(lines, "lines", ax.legend(handles=lines), ymin=0))
    drawn = []
    draw = ax.draw

    def recorded(renderer):  # noqa: ANN001, ANN202
        drawn.append((ax.get_xlim(), ax.get_ylim(), list(ax.get_yticks()),
                      ax.get_title(loc="left"), ax.get_ylabel(),
                      ax.get_legend().get_texts()[0].get_text(),
                      sum(a.get_visible() for a in ax.patches + ax.lines),
                      ax.xaxis.get_tick_params()["labelbottom"]))
        return draw(renderer)

    ax.draw = recorded
    svg = stacked(fig, ax, panels)
    assert svg.count('<g id="axes_') == 3
    for k, (name, stacks) in enumerate(STACKS.items()):
        alone = svg_figure(9, 6).add_subplot()
        alone.set_position(ax.get_position().bounds)
        _bars(alone, stacks, YEARS)
        assert drawn[k] == (alone.get_xlim(), alone.get_ylim(), list(alone.get_yticks()),
                            f"panel {name}", name, str(stacks[0]), len(alone.patches), False)
    assert drawn[0][1] == (0.0, 10.5)  # 5 % above the data: B's sticky edge left out
    alone = svg_figure(9, 6).add_subplot()
    alone.set_position(ax.get_position().bounds)
    alone.plot([0, 1], [3.0, 30.0])
    alone.set_ylim(bottom=0)
    assert drawn[2][1:] == ((0.0, alone.get_ylim()[1]), list(alone.get_yticks()), "lines",
                            "", "line", 1, True)
