"""The cash flow for people: the balance chart (``cashflow.png``) and the peak-need line.

The chart shows each provider's end-of-month balance over the months, mean and the
5-95 % band over replications, the program (all providers together) first; the period's
end is marked, since payments run on past it. The band comes from the balances of the
replications the aggregate keeps for percentiles (every replication up to 10,000; kept as
float32: a chart, not a ledger); the mean line is ``cashflow.csv``'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..montecarlo import RunResult
from ..scenario.schedule import month_labels
from .amounts import money, short_money
from .charts import UNHINTED, glyphs_quiet

if TYPE_CHECKING:
    import pandas as pd

PANELS = 12
"""At most this many panels: the program and the providers with the largest mean need."""
DPI = 100
"""Pixels per inch of ``cashflow.png``, whatever a matplotlibrc says."""
PNG_COMPRESSION = 3
"""zlib level of ``cashflow.png``: the same pixels as matplotlib's default (6) in about
two thirds of the compression time, for a file about 7 % larger."""


def mean_balance(result: RunResult) -> np.ndarray:
    """``[months, providers + 1]``: the running sum of the mean net (as in cashflow.csv)."""
    mean = result.mean(result.aggregate.cashflow)
    return np.cumsum(mean[..., 1:].sum(axis=-1) - mean[..., 0], axis=0)


def peaks(result: RunResult) -> np.ndarray:
    """Peak need per provider, then the program's, ``[sample, P + 1]``, for the first
    replications that the aggregate keeps per provider (all of them up to its sample;
    ``montecarlo.aggregate``): what percentiles are taken over."""
    names = result.provider_metric_names
    per = result.aggregate.provider_sample[:, :, names.index("peak_prefinancing")]
    return np.column_stack([per, result.metric("peak_prefinancing")[:len(per)]])


def mean_of(result: RunResult, name: str) -> np.ndarray:
    """A provider metric's mean over every replication per provider, then the program's
    (the metric of the same name), ``[P + 1]``."""
    per = result.aggregate.provider_mean()[:, result.provider_metric_names.index(name)]
    return np.append(per, result.metric_mean(name))


def panel_order(mean_peak: np.ndarray) -> list[int]:
    """Program first, then providers by mean peak need, largest first."""
    providers = [int(p) for p in np.argsort(-mean_peak[:-1], kind="stable")]
    return [len(mean_peak) - 1, *providers][:PANELS]


def balance_band(result: RunResult, columns: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The 5th and 95th percentiles of the balance over the replications kept, ``[months,
    len(columns)]``, for the given columns only (a chart draws a dozen of 400 providers)."""
    balances = result.aggregate.balances()[:, :, columns]
    low, high = np.percentile(balances, [5, 95], axis=0)
    return low, high


def balance_chart(result: RunResult, path: Path,
                  band: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """Small multiples of the balance per provider, mean and 5-95 % band, in EUR.

    ``band`` is ``balance_band`` of ``panel_order``'s columns when the caller has it.
    The panels look alike (the same artists, the months shared), so ONE axes draws them
    all: moved to each panel's place, given that panel's data, limits and title, and
    drawn onto the same canvas (``Figure.draw_artist``, matplotlib's blitting). Building
    an axes (its ticks, spines, texts) cost about as much as drawing it. The layout is
    fixed (margins in inches, titles at a set height, month labels under the lowest
    panel of each column): matplotlib's automatic layout measures every label again."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter

    from .ticks import ShownMaxN

    scn = result.scenario
    mean = mean_balance(result)
    labels = month_labels(scn.period.start_month, mean.shape[0])
    names = [*scn.provider_ids, "all providers"]
    mean_peak = mean_of(result, "peak_prefinancing")
    panels = panel_order(mean_peak)
    low, high = band if band is not None else balance_band(result, panels)
    cols = min(3, len(panels))
    rows = -(-len(panels) // cols)
    width, height = 4.2 * cols, 2.8 * rows + 0.6
    fig = Figure(figsize=(width, height), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.9 / width, right=1 - 0.25 / width, bottom=0.45 / height,
                        top=1 - 0.8 / height, hspace=0.45, wspace=0.32)
    grid = fig.add_gridspec(rows, cols)
    x = np.arange(mean.shape[0])
    step = next((s for s in (3, 6, 12, 24) if len(x) <= 5 * s), 60)  # at most 5 labels
    ticks = x[::step]
    ax = fig.add_subplot(grid[0])
    fill = ax.fill_between(x, low[:, 0], high[:, 0], alpha=0.25, linewidth=0,
                           label="5-95 %")
    (line,) = ax.plot(x, mean[:, panels[0]], linewidth=1.5, label="mean")
    zero = ax.axhline(0, color="black", linewidth=0.6)
    ax.axvline(scn.period.months - 0.5, color="grey", linestyle="--", linewidth=0.8)
    ax.yaxis.set_major_locator(ShownMaxN(nbins=4, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: short_money(v)))
    ax.xaxis.set_label_coords(0.5, 0)  # no axis labels: nothing to place around ticks
    ax.yaxis.set_label_coords(0, 0.5)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([labels[i] for i in ticks])
    ax.set_xlim(x[0] - 0.5, x[-1] + 0.5)
    ax.tick_params(axis="x", labelsize=7)
    handles, names_ = ax.get_legend_handles_labels()  # one legend, above the panels
    legend = fig.legend(handles, names_, fontsize=7, loc="upper right", ncols=2,
                        frameon=False, bbox_to_anchor=(1 - 0.2 / width, 1 - 0.35 / height))
    shown = "" if len(panels) > len(scn.provider_ids) else \
        f" (the {len(panels) - 1} largest of {len(scn.provider_ids)} providers)"
    title = fig.suptitle(f"{scn.name}: cash balance at each month's end, EUR{shown}; "
                         "dashed: end of the period", fontsize=10)
    with glyphs_quiet(), rc_context(UNHINTED):
        fig.draw_artist(fig.patch)
        for i, p in enumerate(panels):
            ax.set_subplotspec(grid[i])
            fill.set_data(x, low[:, i], high[:, i])
            line.set_ydata(mean[:, p])
            _autoscale(ax, zero)
            ax.set_title(f"{names[p]}: mean peak need {short_money(mean_peak[p])}",
                         fontsize=9, y=1, pad=4)
            # month labels under the lowest panel of each column: the months are shared
            ax.tick_params(axis="x", labelbottom=i + cols >= len(panels))
            fig.draw_artist(ax)
        fig.draw_artist(title)  # in the order a whole draw has (by zorder)
        fig.draw_artist(legend)
    _write_png(canvas, path, opaque=fig.patch.get_facecolor()[3] == 1)


def _write_png(canvas: Any, path: Path, opaque: bool) -> None:
    """The canvas as a PNG, by Pillow straight from matplotlib's buffer (``imsave`` copies
    it through a colour map first). Over an opaque background every pixel is opaque: RGB
    holds the same pixels as RGBA in three quarters of the bytes to filter and compress."""
    from PIL import Image

    pixels = canvas.buffer_rgba()  # [height, width, 4]
    image = Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), pixels, "raw",
                             "RGBA", 0, 1)
    if opaque:
        image = image.convert("RGB")
    image.save(path, format="png", dpi=(DPI, DPI), compress_level=PNG_COMPRESSION)


def _autoscale(ax: Any, zero: Any) -> None:
    """The y limits a panel drawn on its own axes gets: from the band and the mean, and
    widened to the zero line only when it lies outside them (``axhline`` asks for a new
    autoscale only then)."""
    zero.set_visible(False)
    ax.relim(visible_only=True)
    ax.autoscale_view()
    zero.set_visible(True)
    low, high = ax.get_ylim()
    if not low <= 0 <= high:
        ax.relim()
        ax.autoscale_view()


def peak_line(result: RunResult) -> str:
    """One line: the program's peak pre-financing, its interval, and the neediest provider;
    empty when no provider ever pre-finances anything."""
    every, mean = peaks(result), mean_of(result, "peak_prefinancing")
    if not every.any() and not mean.any():
        return ""
    peak, per = every[:, -1], every[:, :-1]
    low, high = np.percentile(peak, [5, 95])
    top = int(np.argmax(mean[:-1]))
    return (f"Peak pre-financing (all providers' cash together): {money(mean[-1])} EUR "
            f"(90 % interval {money(low)} – {money(high)}); most in need: "
            f"{result.scenario.provider_ids[top]}, {money(mean[top])} EUR "
            f"(95th percentile {money(np.percentile(per[:, top], 95))})")


CREDIT_COLUMNS = ("provider", "peak_prefinancing_mean", "quantile_level", "credit_line",
                  "months_negative_mean")
"""credit.csv's columns."""


def credit_lines(result: RunResult, q: float) -> pd.DataFrame:
    """The credit line each provider needs at confidence ``q``: the q-quantile of its peak
    pre-financing over replications (numpy's linear quantile, over the replications kept for
    percentiles: every one up to 10,000, see ``montecarlo.aggregate``), so that with probability q
    its balance never falls below minus the line; the last row is the program (``all``),
    whose providers' cash is pooled."""
    import pandas as pd  # here: the chart painter does not need it

    every = peaks(result)
    return pd.DataFrame({
        "provider": [*result.scenario.provider_ids, "all"],
        "peak_prefinancing_mean": mean_of(result, "peak_prefinancing").round(2),
        "quantile_level": q,
        "credit_line": np.quantile(every, q, axis=0).round(2),
        "months_negative_mean": mean_of(result, "months_negative"),
    }, columns=list(CREDIT_COLUMNS))


def credit_line(credit: pd.DataFrame) -> str:
    """One line for the terminal: each provider's credit line at the confidence used."""
    q = float(credit["quantile_level"].iloc[0])
    rows = list(credit.itertuples())  # by position: the last row is the program
    parts = [f"{row.provider} {money(row.credit_line)}" for row in rows[:-1]]
    total = rows[-1].credit_line
    return (f"Credit line needed at {q:.0%} confidence (EUR): {', '.join(parts)}; "
            f"all providers' cash pooled {money(total)}")
