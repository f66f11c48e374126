"""Sensitivity results for people: sensitivity.csv, tornado charts, a terminal table.

Influence orders everything: for one-at-a-time the larger distance of either end from
the base (``reach``), ``mu_star`` for Morris, the total index ``ST`` for Sobol. Charts
put the largest influence on top, as a tornado should, so the first bar answers "which
assumption moves our budget most".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from rich.table import Table

from .. import __version__
from ..analysis.actual_slots import actual_span
from ..analysis.ranges import RANGE_QUANTILES, Param, block_ranges
from ..analysis.sensitivity import SensitivityResult, settled
from ..analysis.words import month_words
from ..montecarlo import RunResult
from ..nouns import counted
from ..scenario import Scenario
from ..scenario.schedule import Month
from .amounts import count, fixed, number
from .charts import figure, save
from .files import file_names, ran_data, said, seconds_since, versions, write_csv, write_json
from .html import digits, metric_label
from .labels import parameter_label, plain, range_text, short_paths, span_text
from .numbers import cents, kind, rounded
from .palette import OKABE_ITO

FIGURES = {"oat": ("low", "high", "metric_low", "metric_high", "swing"),
           "morris": ("mu_star", "sigma"),
           "sobol": ("S1", "S1_conf", "ST", "ST_conf")}
"""the documented columns after ``method,parameter,metric``; extra columns follow them."""


def sensitivity_table(result: SensitivityResult) -> pd.DataFrame:
    """the documented columns first, then the extras (noise, elasticity, ranges)."""
    table = result.table
    first = ["method", "parameter", "metric", *FIGURES[result.spec.method]]
    extra = [c for c in table.columns if c not in first]
    frame = table[first + extra].copy()
    base = result.base.set_index("metric")
    for column in ("noise_share", "noise_share_crn"):
        frame[column] = frame["metric"].map(base[column])
    if result.spec.method == "oat":
        frame["swing"] = written_swing(frame)
    return frame


def written_swing(frame: pd.DataFrame) -> pd.Series:
    """OAT's swing as the file writes it: for a money metric, the high end less the low
    end each to the cent, so the row adds up (from the unrounded means 10,022,740.27 less
    8,653,018.92 read 1,369,721.34); any other metric's as computed."""
    money = (frame["metric"].map(kind) == "money").to_numpy()
    ends = cents(frame["metric_high"]) - cents(frame["metric_low"])
    return frame["swing"].where(~money, cents(ends))


def influence(frame: pd.DataFrame, method: str) -> pd.Series:
    """How much a parameter moves a metric, comparable within one metric: OAT's
    ``reach``, Morris's mu*, Sobol's ST."""
    if method == "oat":
        return reach(frame)
    return frame[{"morris": "mu_star", "sobol": "ST"}[method]].abs()


def reach(frame: pd.DataFrame) -> pd.Series:
    """OAT's influence: the larger distance of the metric at either end from its base,
    what the tornado's bars show. The swing (high minus low) ranked an effect both ends
    share as none: referrals cutting the total from 9.2 M to 0.5 M and 0.7 M (swing
    0.15 M) came after a coach cost of swing 0.29 M. Undefined where the swing is (an
    end undefined: listed last); the swing's size where only the base is undefined."""
    base = frame["metric_base"]
    far = np.maximum((frame["metric_low"] - base).abs(), (frame["metric_high"] - base).abs())
    return far.fillna(frame["swing"].abs()).where(frame["swing"].notna())


def from_base(row: pd.Series) -> tuple[float, float]:
    """OAT's effect of one row as the tornado draws it: the metric at the low and at the
    high end, less the base (signed)."""
    base = float(row["metric_base"])
    return float(row["metric_low"]) - base, float(row["metric_high"]) - base


def ranked(result: SensitivityResult, metric: str) -> pd.DataFrame:
    """One metric's rows, most influential first (stable: ties keep parameter order)."""
    frame = sensitivity_table(result)
    rows = frame[frame["metric"] == metric]
    # an undefined influence is no number, not the smallest: listed after every one that
    # is, and shown as undefined (``UNDEFINED``)
    order = influence(rows, result.spec.method).fillna(-np.inf).to_numpy()
    return rows.iloc[np.argsort(-order, kind="stable")]


UNDEFINED = {"en": "undefined", "de": "undefiniert"}
"""An influence that cannot be computed (the metric undefined at a point it needs)."""


def computable(result: SensitivityResult, metric: str) -> bool:
    """Some parameter's influence on the metric is a number (not every one undefined)."""
    rows = sensitivity_table(result)
    return bool(influence(rows[rows["metric"] == metric], result.spec.method).notna().any())


DIFFERENCES = frozenset({"swing", "se_swing", "mu_star", "mu_star_conf", "sigma"})
"""The columns that are differences of a metric (OAT's swing, Morris's elementary
effects) rather than its values: a rate's or share's in percentage points (``POINTS``)."""
POINTS = {"en": " pp", "de": " %-Punkte"}
"""A difference of two rates or shares: occupancy 88.0 % -> 85.3 % is -2.7 percentage
points, where "-2.7 %" reads as a relative change (which would be -3.1 %)."""


def metric_cell(value: float, metric: str, lang: str = "en", column: str = "") -> str:
    """A figure in the unit of ``metric`` as the run page writes it (``html.DIGITS``: EUR
    whole, counts to one decimal, rates and shares in percent, or in percentage points
    for a difference, a ``column`` in ``DIFFERENCES``; others to three), with more
    decimals where those would show a figure that is not 0 as 0: under common seeds 0
    means no effect at all, so float residue (``settled``) is 0."""
    if value is None or pd.isna(value):
        return "–"
    value = settled(float(value), metric)
    percent = POINTS[lang] if column in DIFFERENCES else " %"
    value, unit = (100 * value, percent) if kind(metric) == "ratio" else (value, "")
    places = digits(metric)
    for _ in range(4):
        if value == 0 or round(abs(value), places) > 0:
            break
        places += 1
    return number(value, lang, places) + unit


def write_sensitivity(result: SensitivityResult, folder: Path, command: list[str] | None = None,
                      locale: str = "en", base: RunResult | None = None,
                      lang: str = "de", started: float | None = None,
                      ran_on: str | None = None) -> None:
    """sensitivity.csv, one tornado PNG per metric (``chart_names``), sensitivity.json,
    and report.html when the base point's run ``base`` is given; the PNGs and the page
    in ``lang``, as people copy both into the committee's slides. sensitivity.json comes
    last: its ``command_seconds`` counts from ``started`` (``files.seconds_since``)."""
    from .html_sensitivity import said_lines, sensitivity_report

    write_csv(sensitivity_table(result), folder / "sensitivity.csv", locale)
    for metric, name in chart_names(result).items():
        tornado(result, metric, folder / name, lang)
    if base is not None:
        (folder / "report.html").write_text(sensitivity_report(result, base, lang),
                                            encoding="utf-8")
    before, notes, after = said_lines(result)
    write_json(folder / "sensitivity.json",
               _info(result, command if command is not None else sys.argv, started,
                     [*before, *notes, *after], ran_on))


def chart_names(result: SensitivityResult) -> dict[str, str]:
    """Each metric's tornado file: ``tornado-<metric>.png``, made safe and unique (a
    metric named after a 300-character funder id still fits a file name). A metric that
    no parameter moves (``funding_gap`` of a fully funded program) gets no chart: its
    bars would all be zero."""
    metrics = list(result.spec.metrics)
    names = dict(zip(metrics, file_names(metrics, "tornado-", ".png"), strict=True))
    return {m: name for m, name in names.items() if moved(result, m)}


def moved(result: SensitivityResult, metric: str) -> bool:
    """Some parameter changes the metric: its influence is more than float residue
    somewhere (``settled``: a swing of 4e-14 EUR, sums that cancel exactly, drew a chart
    of empty bars). An OAT swing and Morris's mu* are in the metric's unit, Sobol's ST
    is an index."""
    rows = sensitivity_table(result)
    unit = None if result.spec.method == "sobol" else metric
    influence_of = influence(rows[rows["metric"] == metric], result.spec.method)
    return any(settled(float(value), unit) != 0 for value in influence_of.dropna())


def _info(result: SensitivityResult, command: list[str], started: float | None,
          warnings: list[str], ran_on: str | None = None) -> dict:
    """sensitivity.json: how to reproduce the analysis, its base point, the warnings and
    notes the terminal gave (``warnings``, kept apart as run.json keeps a run's:
    ``files.said``), and where it ran (``ran_on``, as run.json's ``resources.ran_on``:
    ``jobs`` alone reads the same on a cluster as a local ``--jobs``)."""
    spec = result.spec
    return {"finsim_version": __version__, "command": command, "method": spec.method,
            "parameters": [{"path": p.path, "low": p.low, "high": p.high,
                            "scaled": p.scaled, "from": p.source,
                            "months": list(p.span) if p.span else None}
                           for p in spec.params],
            "metrics": list(spec.metrics), "charts": chart_names(result),
            "replications": spec.replications,
            "seed": spec.seed, "samples": spec.samples, "points": result.points,
            "jobs": result.jobs, "ran_on": ran_on, "wall_seconds": round(result.seconds, 3),
            "command_seconds": seconds_since(started),
            "base": json.loads(rounded(result.base).to_json(orient="records")),
            **said(warnings),
            "scenario": ran_data(spec.scenario, spec.replications, spec.seed),
            "versions": versions()}


def tornado(result: SensitivityResult, metric: str, path: Path, lang: str = "en") -> None:
    """The tornado of one metric as a PNG, in ``lang`` (the run's ``--lang``)."""
    save(tornado_figure(result, metric, lang=lang), path)


CHART_WORDS = {"en": {"at_low": "at low", "at_high": "at high", "base": "base"},
               "de": {"at_low": "am unteren Wert", "at_high": "am oberen Wert",
                      "base": "Basiswert"}}
"""The tornado's own words, in the run's language (PNG files and report.html alike)."""


def parameter_labels(result: SensitivityResult, lang: str = "en") -> dict[str, str]:
    """Each parameter's label (``labels.parameter_label``) by path, every one different:
    two paths ending alike (``costs.wages.hourly.2027-01`` and
    ``costs.wages.subsidy_base.hourly.2027-01``) get longer names (``short_paths``)."""
    params = result.spec.params
    names = short_paths([p.path for p in params], lang)
    return {p.path: parameter_label(p.path, p.low, p.high, p.scaled, lang, names[p.path],
                                    p.span) for p in params}


def tornado_figure(result: SensitivityResult, metric: str, xlabel: str | None = None,  # noqa: ANN201
                   lang: str = "en"):
    """A horizontal bar chart, largest influence on top (``influence``); OAT bars span
    base..low and base..high (``_oat_bars``). Bars are labelled with the parameter's
    short path, its range and unit (``labels``), the title with the metric's label
    (``html.metric_label``) and the method. Each bar has its own row (placed by
    position: bars placed by label would share a row wherever two labels read the
    same); a share or rate metric is drawn in percent, as the tables write it."""
    rows = ranked(result, metric).iloc[::-1]  # barh draws bottom-up
    names = parameter_labels(result, lang)
    labels = [names[path] for path in rows["parameter"]]
    longest = max((len(label) for label in labels), default=0)
    fig, ax = figure(max(8.0, 5.5 + 0.08 * longest), 1.2 + 0.45 * len(rows))
    at = np.arange(len(rows))
    percent = 100.0 if kind(metric) == "ratio" else 1.0
    if result.spec.method == "oat":
        _oat_bars(ax, at, rows, xlabel, lang, percent, money=kind(metric) == "money")
    else:
        value, conf = ("mu_star", "mu_star_conf") if result.spec.method == "morris" else (
            "ST", "ST_conf")
        scale = percent if result.spec.method == "morris" else 1.0  # ST has no unit
        ax.barh(at, rows[value] * scale, xerr=rows[conf] * scale, color=LOW, capsize=3)
        ax.set_xlabel(xlabel or index_title(result.spec.method, metric, lang))
        ax.xaxis.set_major_formatter(tick_format(ax, lang))  # the unit is in the title
    ax.set_yticks(at, labels)
    ax.set_title(f"{metric_label(metric, result.spec.scenario, lang)} ({result.spec.method})",
                 loc="left")
    return fig


INDEX_TITLES = {"en": {"morris": "mu*, mean absolute effect",
                       "sobol": "ST, total-order index"},
                "de": {"morris": "mu*, mittlere absolute Wirkung",
                       "sobol": "ST, Totaleffekt-Index"}}
"""The axis title of a sampled method's tornado, in the run's language."""


def index_title(method: str, metric: str, lang: str = "en") -> str:
    """The x-axis title of a Morris or Sobol tornado: the index in words and, for
    Morris's mu* (a difference of the metric), its unit, ``EUR`` or percentage points
    (``POINTS``). The unit stands here and not on each tick: German ticks read
    "0,0 %-Punkte0,2 %-Punkte..." and ran into each other."""
    unit = {"money": "EUR", "ratio": POINTS[lang].strip()}.get(kind(metric), "")
    return INDEX_TITLES[lang][method] + (f" ({unit})" if method == "morris" and unit else "")


def _oat_bars(ax, at: np.ndarray, rows: pd.DataFrame, xlabel: str | None,  # noqa: ANN001
              lang: str = "en", percent: float = 1.0, money: bool = False) -> None:
    """The bars from the base to the metric at low and at high, at the rows ``at``;
    ``percent`` 100 draws a share in percent; ``money``: the base says EUR (the PNGs
    go into slides without the page's table). Where both ends lie on the same side of
    the base each gets half the row (``same_side``), the low above: drawn over each
    other the longer one hid the shorter."""
    words = CHART_WORDS[lang]
    base = float(rows["metric_base"].iloc[0]) * percent if len(rows) else 0.0
    low, high = rows["metric_low"] * percent - base, rows["metric_high"] * percent - base
    split = same_side(low.to_numpy(), high.to_numpy())
    height = np.where(split, BAR / 2, BAR)
    shift = np.where(split, BAR / 4, 0.0)
    ax.barh(at + shift, low, height=height, left=base, color=LOW, label=words["at_low"])
    ax.barh(at - shift, high, height=height, left=base, color=HIGH, label=words["at_high"])
    ax.axvline(base, color="black", linewidth=0.8)
    unit = " %" if percent == 100.0 else " EUR" if money else ""
    ax.set_xlabel(xlabel or f"{words['base']} {plain(base, lang)}{unit}")
    ax.locator_params(axis="x", nbins=5)
    ax.xaxis.set_major_formatter(tick_format(ax, lang, percent == 100.0))
    # beside the bars, never over them
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)


LOW, HIGH = OKABE_ITO[0], OKABE_ITO[1]
BAR = 0.8
"""A tornado row's bar height (matplotlib's default), shared by two bars on one side."""


def same_side(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Per row: both ends moved the metric the same way from the base (both above or
    both below it), so their bars from the base would lie over each other."""
    return (np.sign(low) == np.sign(high)) & (low != 0)


def tick_format(ax, lang: str = "en", percent: bool = False):  # noqa: ANN001, ANN201
    """Tick labels with the decimals the ticks need (``ticks.decimals``: 2.5 reads 2.5,
    where the spacing's power of ten wrote it 2), in k or M from five or seven digits on:
    distinct labels even when the bars span 0.1 % of the base, and short enough not to
    run into each other; in the page's language (9,2 Mio., 930 Tsd.); ``percent``: the
    values are percent, and say so (an OAT bar's ends: a rate or share)."""
    from matplotlib.ticker import FuncFormatter

    from .ticks import decimals

    def label(value: float, _: int) -> str:
        ticks = ax.get_xticks()
        top = float(np.max(np.abs(ticks))) if len(ticks) else 0.0
        scale, suffix = (1e6, " M") if top >= 1e6 else (1e3, " k") if top >= 1e4 else (1, "")
        text = number(value / scale, lang, decimals(ticks / scale))
        if percent:
            return text + " %"
        if lang == "de":
            return text + {" M": " Mio.", " k": " Tsd.", "": ""}[suffix]
        return text + suffix

    return FuncFormatter(label)


def terminal_view(result: SensitivityResult) -> Table:
    """Every metric (by its label, ``html.metric_label``) with its parameters, most
    influential first, their ranges in plain digits, and the noise beside them."""
    method = result.spec.method
    table = Table(title=f"{result.spec.scenario.name}: {method}, "
                  f"{counted(result.points, 'point', 'points')} x "
                  f"{counted(result.spec.replications, 'replication', 'replications')}, "
                  f"seed {result.spec.seed}",
                  title_justify="left")
    # the metric's label wraps between words first: a path split mid-word is hard to read
    longest = max((len(p.path) for p in result.spec.params), default=0)
    table.add_column("metric", overflow="fold")
    table.add_column("parameter", overflow="fold", min_width=min(longest, 48))
    table.add_column("range", no_wrap=True)
    for name in _view_columns(method):
        table.add_column(name, justify="right", no_wrap=True)
    names = {p.path: p.path + (f" ({span_text(p.span)})" if p.span else "")
             for p in result.spec.params}
    for metric in result.spec.metrics:
        label = metric_label(metric, result.spec.scenario, "en")
        for i, (_, row) in enumerate(ranked(result, metric).iterrows()):
            table.add_row(label if i == 0 else "", names[row["parameter"]], _range_cell(row),
                          *_view_cells(method, row, first=i == 0))
        table.add_section()
    return table


def _range_cell(row: pd.Series) -> str:
    """A parameter's range as the page writes it (``labels.range_text``: a share in
    percent, ``1.118:3.882 %``, a value with its unit, ``52,000:58,000 EUR/year``) with
    ``--param``'s marks (``*0.8:1.2``)."""
    return range_text(row["parameter"], row["low"], row["high"], row["scaled"],
                      marks=("*", ":"))


RANGE_SOURCE = {
    "en": ("the scenario's uncertainty block: each distribution's {low}th to {high}th "
           "percentile, the middle {middle} % of its draws", "; a parameter in whole "
           "steps (slots, a payment lag) at the whole values those act as"),
    "de": ("uncertainty-Block des Szenarios: {low}. bis {high}. Perzentil jeder "
           "Verteilung, die mittleren {middle} % ihrer Ziehungen", "; eine Annahme in "
           "ganzen Schritten (Plätze, eine Zahlungsfrist) mit den ganzen Werten, mit "
           "denen diese wirken")}
"""Where the default ranges come from, in words: ``uncertainty`` alone read as a label,
not as the percentiles of each draw (``ranges.RANGE_QUANTILES``)."""
SOURCE_CELL = {"en": "uncertainty block, {low}th–{high}th percentile",
               "de": "uncertainty-Block, {low}.–{high}. Perzentil"}
"""A default range's source in the page's table of ranges (``RANGE_SOURCE`` below it)."""


def _quantiles() -> dict[str, int]:
    low, high = (round(100 * q) for q in RANGE_QUANTILES)
    return {"low": low, "high": high, "middle": high - low}


FROM_AS_OF = {
    "en": "; on this re-forecast they act from as_of ({as_of}) on, as a run's draws do: the "
          "actual months {first} to {last} cost the scenario's values at every point",
    "de": "; in dieser Hochrechnung wirken sie ab as_of ({as_of}), wie die Ziehungen eines "
          "Laufs: die Ist-Monate {first} bis {last} kosten an jedem Punkt die Werte des "
          "Szenarios"}
"""Which months the default ranges' swing covers on a re-forecast (``ranges.block_ranges``)."""


def range_source(params: tuple[Param, ...], lang: str = "en",
                 scn: Scenario | None = None) -> str | None:
    """Where default ranges come from (``RANGE_SOURCE``), saying so of the whole values a
    parameter in whole steps shows, and on a re-forecast (``scn`` with actual months)
    that they act from ``as_of`` on (``FROM_AS_OF``); None for ranges given with
    ``--param``."""
    if not block_ranges(params):
        return None
    text, whole = RANGE_SOURCE[lang]
    text = text.format(**_quantiles()) + (whole if any(p.whole for p in params) else "")
    if scn is None or not scn.actual_months:
        return text
    first, last, as_of = actual_span(scn)
    return text + FROM_AS_OF[lang].format(as_of=as_of, first=month_words(first, lang),
                                          last=month_words(last, lang))


def source_cell(param: Param, lang: str = "en") -> str:
    """A range's source as the page's table names it: ``--param``, or the uncertainty
    block's percentiles (``SOURCE_CELL``)."""
    if param.source != "uncertainty":
        return param.source
    return SOURCE_CELL[lang].format(**_quantiles())


SPAN_NOTE = {
    "en": "{path}: a schedule's date holds from its month until the schedule's next date "
          "(to the end if none), so the range sets {months}, {span}",
    "de": "{path}: ein Datum eines Zeitplans gilt von seinem Monat bis zum nächsten Datum "
          "des Zeitplans (ohne ein solches bis zum Ende), daher setzt der Bereich {months}, "
          "{span}"}
"""What a range over a schedule's date sets: every month until the next date, not one."""
MONTHS = {"en": ("month", "months"), "de": ("Monat", "Monate")}


def span_note(param: Param, lang: str = "en") -> str:
    """``SPAN_NOTE`` of a schedule's date (``Param.span``): the months its range sets."""
    first, last = (Month.parse(m) for m in param.span)
    return SPAN_NOTE[lang].format(path=param.path, span=span_text(param.span, lang),
                                  months=counted(last - first + 1, *MONTHS[lang]))


def terminal_notes(method: str, params: tuple[Param, ...] = (),
                   scn: Scenario | None = None) -> list[str]:
    """The lines under the terminal table that say what its columns are: where default
    ranges come from and, on a re-forecast (``scn``), which months they act in
    (``range_source``), the noise, and for Morris and Sobol their ± (OAT's header says
    its own: ``± se``)."""
    source = range_source(params, "en", scn)
    notes = [] if source is None else [f"range = {source}"]
    notes += [span_note(p) for p in params if p.span]
    notes.append("noise = replication noise over the variance of the point means: the "
                 "base point's SE^2 (as if each point ran on its own seeds: usually more, "
                 "but less where the noise differs between points; can exceed 100%) / "
                 "what common seeds leave (above 10% the page warns)")
    if method != "oat":
        notes.append("± conf = half-width of a 95 % confidence interval (SALib's "
                     "bootstrap over the samples)")
    return notes


def _view_columns(method: str) -> tuple[str, ...]:
    return {"oat": ("at low", "at high", "swing", "± se", "elasticity", "noise"),
            "morris": ("mu*", "± conf", "sigma", "noise"),
            "sobol": ("S1", "± conf", "ST", "± conf", "noise")}[method]


def _view_cells(method: str, row: pd.Series, first: bool) -> tuple[str, ...]:
    noise = f"{_pct(row['noise_share'])} / {_pct(row['noise_share_crn'])}" if first else ""
    metric = row["metric"]
    if method == "oat":
        swing = (UNDEFINED["en"] if pd.isna(row["swing"])
                 else metric_cell(row["swing"], metric, column="swing"))
        return (*_cells(row, ("metric_low", "metric_high"), metric), swing,
                *_cells(row, ("se_swing",), metric), _fixed(row["elasticity"]), noise)
    if method == "morris":
        return (*_cells(row, ("mu_star", "mu_star_conf", "sigma"), metric), noise)
    return (_fixed(row["S1"]), _fixed(row["S1_conf"]), _fixed(row["ST"]),
            _fixed(row["ST_conf"]), noise)


def _cells(row: pd.Series, columns: tuple[str, ...], metric: str) -> tuple[str, ...]:
    """The row's ``columns`` in the metric's unit (``metric_cell``), in English."""
    return tuple(metric_cell(row[c], metric, column=c) for c in columns)


def _pct(value: float) -> str:
    return "–" if pd.isna(value) else f"{fixed(100 * value, 1)}%"


def _fixed(value: float) -> str:
    return count(value) if pd.isna(value) else f"{settled(value):.3f}"
