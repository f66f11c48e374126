"""The cash flow for people: the balance chart (``cashflow.png``) and the peak-need line.

The chart shows each provider's end-of-month balance over the months, mean and the
5-95 % band over replications, the program (all providers together) first; the period's
end is marked, since payments run on past it. The band comes from the balances of the
replications the aggregate keeps for percentiles (every replication up to 10,000; kept as
float32: a chart, not a ledger); the mean line is ``cashflow.csv``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..analysis.words import level, month_words
from ..funding.cashflow import peak_months
from ..montecarlo import RunResult
from ..nouns import first_few
from ..scenario.schedule import month_labels
from .amounts import money, money_unit, number, percent, short_money
from .drawing import BalanceLayout, BalancePanels

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import pandas as pd

    from ..analysis.compare import Comparison

PANELS = 12
"""At most this many panels: the program and the providers with the largest mean need."""


def mean_balance(result: RunResult) -> np.ndarray:
    """``[months, providers + 1]``: the running sum of the mean net (as in cashflow.csv)."""
    mean = result.mean(result.aggregate.cashflow)
    return np.cumsum(mean[..., 1:].sum(axis=-1) - mean[..., 0], axis=0)


def peaks(result: RunResult) -> tuple[np.ndarray, np.ndarray]:
    """Peak need per provider ``[sample, P]``, over the first replications that the
    aggregate keeps per provider (all of them up to its sample; ``montecarlo.aggregate``),
    and the program's over every replication ``[R]`` (a program metric is kept whole, so
    its percentiles are summary.csv's, beyond the sample too): what percentiles are taken
    over."""
    names = result.provider_metric_names
    per = result.aggregate.provider_sample[:, :, names.index("peak_prefinancing")]
    return per, result.metric("peak_prefinancing")


def peak_start(result: RunResult) -> tuple[int, str | None]:
    """The first month-end balance the peak need is taken over (``cashflow.peak_months``:
    from the first forecast month's or ``RunSpec.peak_from``'s month on, the month
    before's balance carried in), as an index, and in a re-forecast with actual months or
    a comparison with one (``RunSpec.peak_from``) the label of that first month, which
    the words name (None otherwise: the whole cash flow): the need still to finance from
    --as-of on, the balance carried in included."""
    scn = result.scenario
    first = result.spec.peak_counted_from
    if first <= 0:
        return 0, None
    at = peak_months(first, result.aggregate.cashflow.shape[0]).start
    return at, month_labels(scn.period.start_month, first + 1)[-1]


@dataclass(frozen=True)
class LowMonths:
    """When the replications reach a peak need (``low_months``): the month most of them
    reach it in, their share of all replications, and the months 90 % of the lows fall in."""

    most: str
    share: float
    first: str
    """The 5th percentile of the lows' months."""
    last: str
    """... and the 95th."""


def low_months(result: RunResult, column: int = -1) -> LowMonths | None:
    """The months a provider's (``column``; -1: the program's) replications reach their
    peak need in (``Aggregate.lowest``, over every replication); None where none ever
    needs anything. The mean peak is of lows in different months, so a treasurer needs
    them to know when the credit line is drawn."""
    counts = result.aggregate.lowest[:, column]
    if not counts.any():
        return None
    labels = month_labels(result.scenario.period.start_month, len(counts))
    # the lows' months as percentiles (inverted CDF; 1 of 20 is the 5th, not below it)
    rank = np.cumsum(counts) / counts.sum() + 1e-12
    return LowMonths(most=labels[int(np.argmax(counts))],
                     share=float(counts.max()) / result.aggregate.count,
                     first=labels[int(np.argmax(rank >= 0.05))],
                     last=labels[int(np.argmax(rank >= 0.95))])


def lowest_point(mean: np.ndarray, since: int = 0) -> int:
    """The month (index) the mean balance ``mean`` (``mean_balance``'s column) is lowest
    in from ``since`` on (``peak_start``), the first of equal cents: the mean curve's low,
    which cashflow.csv and the page's chart show (a float's last bit would pick a later
    month of the same balance)."""
    return since + int(np.argmin(mean[since:].round(2)))


PEAK_WHAT = {
    "en": {"what": "the mean of each replication's lowest balance",
           "when": "most often in {most} ({share} of replications; 90 % of the lows from "
                   "{first} to {last})",
           "when_one": "most often in {most} ({share} of replications)",
           "curve": "the mean balance (cashflow.csv, the charts' line) is lowest at {low} EUR "
                    "in {month}{since}: each replication reaches its low in a month of its "
                    "own, so the mean of the lows lies deeper",
           "curve_same": "the mean balance (cashflow.csv, the charts' line) is lowest "
                         "there too, at {low} EUR in {month}{since}"},
    "de": {"what": "Mittel des tiefsten Kassenstands jeder Replikation",
           "when": "am häufigsten im {most} (in {share} der Replikationen; 90 % der "
                   "Tiefpunkte von {first} bis {last})",
           "when_one": "am häufigsten im {most} (in {share} der Replikationen)",
           "curve": "der mittlere Kassenstand (cashflow.csv, die Linie der Grafiken) ist "
                    "am tiefsten mit {low} EUR im {month}{since}: jede Replikation erreicht "
                    "ihren Tiefpunkt in einem eigenen Monat, daher liegt das Mittel der "
                    "Tiefpunkte tiefer",
           "curve_same": "der mittlere Kassenstand (cashflow.csv, die Linie der Grafiken) "
                         "ist ebenso am tiefsten mit {low} EUR im {month}{since}"},
}
"""What the peak pre-financing is and when it comes, in every output that gives it: the
mean of the replications' own lows, each in its month, which lies below the mean curve's
low (``peak_what``, ``curve_low``)."""
SINCE_LOW = {"en": ", from {month} on", "de": " ab {month}"}


def peak_when(result: RunResult, lang: str = "en", column: int = -1) -> str:
    """When a provider's (``column``) replications reach their peak need: the month most
    of them reach it in and the months 90 % of the lows fall in (``low_months``); empty
    where there is no need."""
    low, w = low_months(result, column), PEAK_WHAT[lang]
    if low is None:
        return ""
    return w["when_one" if low.first == low.last == low.most else "when"].format(
        most=month_words(low.most, lang), share=percent(low.share, lang),
        first=month_words(low.first, lang), last=month_words(low.last, lang))


def peak_what(result: RunResult, lang: str = "en") -> str:
    """What the program's peak is and when it comes: ``Mittel des tiefsten Kassenstands
    jeder Replikation, am häufigsten im November 2026 (...)``."""
    when = peak_when(result, lang)
    return f"{PEAK_WHAT[lang]['what']}, {when}" if when else PEAK_WHAT[lang]["what"]


def curve_low(result: RunResult, lang: str = "en") -> str:
    """The mean curve's low (``lowest_point``) and why the peak lies deeper: the second
    figure a reader finds (cashflow.csv, the chart), named beside the first; the same
    where they agree (a single replication)."""
    mean = mean_balance(result)[:, -1]
    since, first = peak_start(result)
    at = lowest_point(mean, since)
    labels = month_labels(result.scenario.period.start_month, len(mean))
    deeper = lies_deeper(float(mean_of(result, "peak_prefinancing")[-1]), float(mean[at]))
    return PEAK_WHAT[lang]["curve" if deeper else "curve_same"].format(
        low=number(float(mean[at]), lang),
        month=month_words(labels[at], lang),
        since=SINCE_LOW[lang].format(month=month_words(first, lang)) if first else "")


def lies_deeper(peak: float, low: float) -> bool:
    """Whether the mean peak (``peak``, EUR) lies deeper than the mean curve's ``low``
    (a balance), to the cent: not with a single replication."""
    return round(peak, 2) != round(-low, 2)


def sentence(text: str) -> str:
    """``text`` (a ``PEAK_WHAT``, written to follow a comma) as a sentence's start."""
    return text[:1].upper() + text[1:]


def peak_note(result: RunResult, label: str, lang: str = "en") -> str:
    """``label`` (the peak's name) with what the program's peak is, when it comes and the
    mean curve's low (``peak_what``, ``curve_low``), for a table's notes (results.xlsx);
    empty where no provider ever pre-finances anything."""
    if low_months(result) is None:
        return ""
    return f"{label}: {peak_what(result, lang)}; {curve_low(result, lang)}."


def program_interval(result: RunResult) -> tuple[float, float]:
    """The program's peak need's 90 % interval: summary.csv's 5th and 95th percentiles,
    over every replication (the terminal line and the page say the same)."""
    stats, at = result.summary_stats, result.metric_names.index("peak_prefinancing")
    return float(stats["p05"][at]), float(stats["p95"][at])


def mean_of(result: RunResult, name: str) -> np.ndarray:
    """A provider metric's mean over every replication per provider, then the program's
    (the metric of the same name), ``[P + 1]``."""
    per = result.aggregate.provider_mean()[:, result.provider_metric_names.index(name)]
    return np.append(per, result.metric_mean(name))


def panel_order(mean_peak: np.ndarray) -> list[int]:
    """Program first, then providers by mean peak need, largest first (``panel_count``
    of them)."""
    providers = [int(p) for p in np.argsort(-mean_peak[:-1], kind="stable")]
    return [len(mean_peak) - 1, *providers][:panel_count(len(providers))]


def panel_count(providers: int) -> int:
    """The panels ``cashflow.png`` shows for this many providers: the program's and the
    providers', at most ``PANELS`` in all."""
    return min(providers + 1, PANELS)


def balance_band(result: RunResult, columns: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The 5th and 95th percentiles of the balance over the replications kept, ``[months,
    len(columns)]``, for the given columns only (a chart draws a dozen of 400 providers)."""
    balances = result.aggregate.balances()[:, :, columns]
    low, high = np.percentile(balances, [5, 95], axis=0)
    return low, high


WORDS = {
    "en": {"all": "all providers", "peak": "{name}: mean peak need {amount} EUR",
           "peak_from": "{name}: mean peak need {amount} EUR from {month} on",
           "lows": "\nmean of each replication's low, most often in {month}",
           "actual": "actual months to {month}",
           "shown": " (the {n} largest of {of} providers)",
           "title": "{name}: cash balance at each month's end, EUR{shown}; dashed: end of "
                    "the period"},
    "de": {"all": "alle Träger", "peak": "{name}: höchster Bedarf im Mittel {amount} EUR",
           "peak_from": "{name}: höchster Bedarf ab {month} im Mittel {amount} EUR",
           "lows": "\nMittel der Tiefpunkte je Replikation, meist im {month}",
           "actual": "Ist-Monate bis {month}",
           "shown": " (die {n} größten von {of} Trägern)",
           "title": "{name}: Kassenstand am Monatsende, EUR{shown}; gestrichelt: Ende des "
                    "Zeitraums"},
}
"""``cashflow.png``'s words: the chart is in the run's ``--lang``, as the page and the
other PNGs are (the results folder goes to a committee as a whole)."""

SINCE = {"en": "{text}, from {month} on", "de": "{text}, ab {month}"}
"""The words of a peak in the workbook with the month a re-forecast's peak is taken from
(``peak_start``), as the terminal, the page and ``cashflow.png`` say it."""


EACH = {"en": ("{label}: from {month} on", "{label}: every month"),
        "de": ("{label}: ab {month}", "{label}: alle Monate")}
"""One scenario's months of the peak in a comparison whose scenarios take it from
different months (``with_peak_starts``)."""


def with_peak_start(result: RunResult, text: str, lang: str = "en") -> str:
    """``text`` (the peak's name, "all providers together"), and in a re-forecast the
    month its peak need is taken from: a peak beside a balance that falls lower in the
    actual months must say that those months are not searched. German names the month,
    as the page's sentences do: the label heads a row or column in words, not a value."""
    since = peak_start(result)[1]
    return text if since is None else SINCE[lang].format(text=text,
                                                         month=month_words(since, lang))


def with_peak_starts(results: Sequence[RunResult], labels: Sequence[str], text: str,
                     lang: str = "en") -> str:
    """``with_peak_start`` over the scenarios of a comparison: one month when every
    scenario is a re-forecast from the same month, each scenario's months when they
    differ, ``text`` alone when none is a re-forecast."""
    since = [peak_start(result)[1] for result in results]
    if all(month is None for month in since):
        return text
    if len(set(since)) == 1:
        return SINCE[lang].format(text=text, month=month_words(since[0], lang))
    each = "; ".join(EACH[lang][month is None].format(label=label,
                                                      month=month and month_words(month, lang))
                     for label, month in zip(labels, since, strict=True))
    return f"{text} ({each})"


def with_peak_from(comparison: Comparison) -> pd.DataFrame:
    """comparison.csv's cells, as ``finsim.Comparison.summary`` gives them too: the
    comparison's table with, when a scenario is a re-forecast, a ``peak_from`` column: on
    each peak_prefinancing row the first forecast month its scenario takes the peak from
    (``peak_start``), empty elsewhere; a comparison without re-forecasts is unchanged."""
    table = comparison.table
    since = {label: peak_start(result)[1] for label, result in
             zip(comparison.labels, comparison.results, strict=True)}
    if all(month is None for month in since.values()):
        return table
    peak = table["metric"] == "peak_prefinancing"
    return table.assign(peak_from=[(since[label] or "") if at else ""
                                   for label, at in zip(table["scenario"], peak, strict=True)])


def forecast_from(month: str) -> str:
    """The words the terminal puts after a re-forecast's peak or credit line: the months
    it is taken over (``peak_start``)."""
    return f"from {month} on, the first forecast month, with the balance carried in"


def peak_title(result: RunResult, name: str, amount: float, lang: str = "en",
               unit: tuple[float, str] | None = None, column: int = -1) -> str:
    """A ``cashflow.png`` panel's title: the provider's (``column``) mean peak need in its
    panel's ``unit`` (``money_unit``), from the first forecast month on in a re-forecast
    (``peak_start``), and under it what that is, and the month most of its lows fall in
    (``low_months``)."""
    w, since = WORDS[lang], peak_start(result)[1]
    shown = short_money(amount, lang=lang, unit=unit)
    title = (w["peak"].format(name=name, amount=shown) if since is None else
             w["peak_from"].format(name=name, amount=shown, month=month_words(since, lang)))
    low = low_months(result, column)
    return title if low is None else title + w["lows"].format(month=month_words(low.most, lang))


def panel_unit(mean: np.ndarray, low: np.ndarray, high: np.ndarray,
               lang: str = "en") -> tuple[float, str]:
    """The one unit a panel's axis and title write amounts in (``money_unit``), by the
    largest it shows: its mean balance and band (``[months]`` each)."""
    largest = max(abs(float(min(low.min(), mean.min()))), abs(float(max(high.max(), mean.max()))))
    return money_unit(largest, lang)


def balance_panels(result: RunResult, band: tuple[np.ndarray, np.ndarray] | None = None,
                   lang: str = "en") -> BalancePanels:
    """``cashflow.png``'s data: the panels in ``panel_order``, each a provider's mean
    balance and band (``balance_band`` of those columns, computed here unless given)."""
    scn, w = result.scenario, WORDS[lang]
    mean = mean_balance(result)
    # the providers by name, as the page, the workbook and monitoring.md name them
    names = [*provider_names(scn).values(), w["all"]]
    mean_peak = mean_of(result, "peak_prefinancing")
    panels = panel_order(mean_peak)
    low, high = band if band is not None else balance_band(result, panels)
    mean = mean[:, panels]
    units = [panel_unit(mean[:, i], low[:, i], high[:, i], lang) for i in range(len(panels))]
    return BalancePanels(
        balance_layout(result, lang),
        titles=[peak_title(result, names[p], mean_peak[p], lang, unit, p)
                for p, unit in zip(panels, units, strict=True)],
        mean=mean, low=low, high=high, units=units, names=[names[p] for p in panels],
        everyone=names)


def balance_layout(result: RunResult, lang: str = "en") -> BalanceLayout:
    """``cashflow.png`` before its numbers (``BalancePanels.layout``): what is known
    without the band or the means. A re-forecast's actual months are shaded, up to the
    first forecast month (``Scenario.actual_months``)."""
    scn, w = result.scenario, WORDS[lang]
    count = panel_count(len(scn.provider_ids))
    shown = "" if count > len(scn.provider_ids) else \
        w["shown"].format(n=count - 1, of=len(scn.provider_ids))
    months = month_labels(scn.period.start_month, result.aggregate.cashflow.shape[0])
    actual = max(scn.actual_months, 0)
    return BalanceLayout(
        title=w["title"].format(name=scn.name, shown=shown), months=months, count=count,
        period_months=scn.period.months, lang=lang, actual_months=actual,
        actual_label=w["actual"].format(month=month_words(months[actual - 1], lang))
        if actual else "")


def peak_line(result: RunResult) -> str:
    """The program's peak pre-financing, its interval, and the neediest provider (by its
    name, as size's credit line and the page say it), the month most of its lows fall
    in; under it, what the peak is, when it comes and where the mean curve is lowest
    (``peak_what``, ``curve_low``); ``none`` when no provider ever pre-finances anything
    (the line is always there: a finance officer reads its absence as a figure left out,
    not as zero)."""
    (per, program), mean = peaks(result), mean_of(result, "peak_prefinancing")
    if not per.any() and not program.any() and not mean.any():
        return ("Peak pre-financing (all providers' cash together): none, no provider "
                "pre-finances anything")
    low, high = program_interval(result)
    top = int(np.argmax(mean[:-1]))
    since = peak_start(result)[1]
    over = "" if since is None else f", {forecast_from(since)}"
    return (f"Peak pre-financing (all providers' cash together{over}): {money(mean[-1])} EUR "
            f"(90 % interval {money(low)} – {money(high)}); most in need: "
            f"{provider_names(result.scenario)[result.scenario.provider_ids[top]]}, "
            f"{money(mean[top])} EUR "
            f"(95th percentile {money(np.percentile(per[:, top], 95))}{most_often(result, top)})"
            f"\n  This is {peak_what(result)}.\n  {sentence(curve_low(result))}.")


def most_often(result: RunResult, column: int) -> str:
    """``, most often in 2026-11``: the month most of a provider's lows fall in
    (``low_months``), after its peak on the terminal; empty where it has none."""
    low = low_months(result, column)
    return "" if low is None else f", most often in {low.most}"


CREDIT_COLUMNS = ("provider", "peak_prefinancing_mean", "quantile_level", "credit_line",
                  "months_negative_mean")
"""credit.csv's columns."""


def credit_lines(result: RunResult, q: float) -> pd.DataFrame:
    """The credit line each provider needs at confidence ``q``: the q-quantile of its peak
    pre-financing over replications (numpy's linear quantile, over the replications kept for
    percentiles: every one up to 10,000, see ``montecarlo.aggregate``), so that with probability q
    its balance never falls below minus the line; the last row is the program (``all``),
    whose providers' cash is pooled (over every replication, as summary.csv). A
    re-forecast's lines are taken from its first forecast month on (``peak_start``), and a
    last column ``peak_from`` says which: its balance may fall lower in the actual months."""
    import pandas as pd  # here: the chart painter does not need it

    per, program = peaks(result)
    since = peak_start(result)[1]
    frame = pd.DataFrame({
        "provider": [*result.scenario.provider_ids, "all"],
        "peak_prefinancing_mean": mean_of(result, "peak_prefinancing").round(2),
        "quantile_level": q,
        "credit_line": np.append(np.quantile(per, q, axis=0), np.quantile(program, q)).round(2),
        "months_negative_mean": mean_of(result, "months_negative"),
    }, columns=list(CREDIT_COLUMNS))
    return frame if since is None else frame.assign(peak_from=since)


def provider_names(scn: Any) -> dict[str, str]:  # a Scenario
    """Each provider's id -> its name (the id where it has none), as the run page,
    cashflow.png and the workbooks name it; credit.csv keeps the ids."""
    return {p.id: p.name or p.id for p in scn.providers}


def credit_line(credit: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """One line for the terminal: each provider's credit line at the confidence used, and
    in a re-forecast the months it is taken over (credit.csv's ``peak_from``); each
    provider by its name in ``names`` (``provider_names``), else by credit.csv's id."""
    names = names or {}
    q = float(credit["quantile_level"].iloc[0])
    over = f"; {forecast_from(credit['peak_from'].iloc[0])}" if "peak_from" in credit else ""
    rows = list(credit.itertuples())  # by position: the last row is the program
    parts = [f"{names.get(row.provider, row.provider)} {money(row.credit_line)}"
             for row in rows[:-1]]
    total = rows[-1].credit_line
    return (f"Credit line needed at {level(q)} confidence (EUR{over}): "
            f"{first_few(parts, 'providers', 'credit.csv')}; all providers' cash pooled "
            f"{money(total)}")
