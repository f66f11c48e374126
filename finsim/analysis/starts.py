"""Who a run starts with: the line ``finsim run`` prints above its summary and
``finsim compare`` shows per scenario (terminal, page, workbook), in English or German.

A comparison of a running program with a restarted one is exactly this difference: the
people in the slots at the start count as entries and, restarted, enter again at tenure 0
(entry modules, the first §16i year), so each scenario's start is said beside its figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..montecarlo import RunResult
from ..montecarlo.statistics import mean_cents
from ..nouns import counted, listed, noun
from ..scenario.schedule import Month, calendar_years, in_force_at, year_starts
from ..scenario.types import ON_DEMAND
from .words import level_digits, month_words, number

EMPTY = {"en": "Starting with the slots empty (initial: 0)",
         "de": "Start mit leeren Plätzen (initial: 0)"}


def start_line(result: RunResult, lang: str = "en") -> str | None:
    """Who the run starts with, when anyone: the people a file puts in the slots and on
    the waiting list, a cohort, a full start or a warm-up's mean, so a finance officer
    sees that the file was read as meant (``size`` says it in its people line)."""
    from ..scenario.caseload import is_file_value

    scn = result.scenario
    initial = scn.participants.initial
    if scn.actuals is not None:
        return _actuals_line(result, lang) if scn.reforecast else _warm_actuals_line(result, lang)
    if is_file_value(initial):
        return _caseload_line(result, lang)
    if not (scn.period.simulate_from or initial):
        return None  # an empty start: nothing to say
    from .sizing import people

    at = number(people(result)["participants_at_start"], 1, lang)
    de = lang == "de"
    if scn.period.simulate_from:
        return (f"Start mit {at} Personen auf den Plätzen (Mittelwert), fortgeführt vom "
                f"Programmstart {month_words(scn.period.simulate_from, lang)}" if de else
                f"Starting with {at} people in the slots (mean), carried over "
                f"from the program's start {scn.period.simulate_from}")
    if initial == "full":
        return (f"Start mit vollen Plätzen: {at} Personen (Mittelwert, initial: full)" if de
                else f"Starting with the slots full: {at} people (mean, initial: full)")
    return (f"Start mit einer Kohorte von {at} neuen Personen (Mittelwert, initial: "
            f"{initial}, Verweildauer 0)" if de else
            f"Starting with a cohort of {at} new people (mean, initial: {initial}, tenure 0)")


def start_text(result: RunResult, lang: str = "en") -> str:
    """``start_line``, and an empty start said too: beside another scenario's start it is
    the difference."""
    return start_line(result, lang) or EMPTY[lang]


def _caseload_line(result: RunResult, lang: str) -> str:
    from ..scenario.caseload import starting_caseload
    from .sizing import leaving_at_start

    file = starting_caseload(result.scenario)
    leaving = leaving_at_start(result)
    held = int(file.open_at(0.0).sum()) - leaving
    waiting = int(file.waiting_at(0.0).sum())
    name = Path(file.file).name
    if lang == "de":
        line = (f"Start mit {counted(held, 'Person', 'Personen')} auf den Plätzen ({name}), "
                f"{counted(waiting, 'Person wartet', 'Personen warten')} auf einen Platz")
        return line + (f"; {leaving} {noun(leaving, 'erreicht', 'erreichen')} max_months zu "
                       f"Beginn und {noun(leaving, 'tritt', 'treten')} dann aus"
                       if leaving else "")
    line = (f"Starting with {counted(held, 'person', 'people')} in the slots ({name}), "
            f"{waiting} waiting")
    return line + (f"; {leaving} {noun(leaving, 'reaches', 'reach')} max_months at the start "
                   f"and {noun(leaving, 'leaves', 'leave')} then" if leaving else "")


def _at_as_of(scn) -> tuple[str, int, int, int, tuple[int, int, int]]:  # noqa: ANN001
    """Of the actual spells (their re-forecast, ``scn``): the file's name, the people in
    the slots at its start, at ``as_of``, waiting then, and the file's events on or after
    ``as_of`` that the forecast replaces (``_unused``)."""
    from ..scenario.caseload import actual_people, file_rows

    file, k = actual_people(scn), float(scn.as_of)
    in_then = file.open_at(k) & file.began_before(k)
    return (Path(file.file).name, int(file.open_at(0.0).sum()), int(in_then.sum()),
            int(file.waiting_at(k).sum()), _unused(file_rows(scn, scn.actuals.spells), k))


def _unused(file, k: float) -> tuple[int, int, int]:  # noqa: ANN001 - a Caseload
    """Of all the file's rows, the referrals, entries and exits from ``as_of`` (k) on: the
    forecast draws them, so a wrong --as-of would drop known events in silence. A referral
    is used when its person entered before k or waits at k; an exit when it is at or
    before k, whoever made it (a spell wholly after k drops its exit too)."""
    began = file.began_before(k)
    referrals = ~np.isnan(file.referral) & ~began & ~file.waiting_at(k)
    entries = ~file.waiting & ~began
    exits = file.exit > k  # NaN (no exit) compares False
    return int(referrals.sum()), int(entries.sum()), int(exits.sum())


def _warm_actuals_line(result: RunResult, lang: str) -> str:
    """A plan after a warm-up through the actual spells: who it starts with (the mean:
    the months from ``as_of`` to the start are simulated) and where that comes from, that
    the period itself has no actual months, and the file's events from ``as_of`` on that
    the warm-up draws instead, as the re-forecast's line says them (a stale --as-of)."""
    from .sizing import people

    scn = result.scenario
    name, _, held, waiting, unused = _at_as_of(scn.warm_up())
    at = number(people(result)["participants_at_start"], 1, lang)
    as_of, start = scn.actuals.as_of, scn.period.start
    then = _at_forecast_start(held, waiting, as_of, lang)
    if lang == "de":
        return (f"Start mit {at} Personen auf den Plätzen (Mittelwert), fortgeführt aus einem "
                f"Vorlauf durch die Ist-Verläufe ({name}, {ist_until(as_of)}: {then}), von "
                f"dort bis zum Beginn {month_words(start, lang)} simuliert; der Zeitraum hat "
                "keine Ist-Monate"
                + _unused_de(as_of, *unused))
    return (f"Starting with {at} people in the slots (mean), carried over from a warm-up "
            f"through the actual spells ({name}: {then}), simulated from there to the start "
            f"{start}; the period has no actual months" + _unused_en(as_of, *unused))


def ist_until(as_of: str) -> str:
    """The cut-off month in German, "Ist bis Juni 2026, Prognose ab Juli 2026": ``as_of``
    is the first forecast month, and a Kämmerei reads a "Stichtag 2026-07" as the last
    actual day, as if July were Ist."""
    return (f"Ist bis {month_words(Month.parse(as_of) + -1, 'de')}, "
            f"Prognose ab {month_words(as_of, 'de')}")


def _actuals_line(result: RunResult, lang: str) -> str:
    """The actual spells' line; in German with the months of Ist and of the forecast
    (``ist_until``), not the option's name: the line goes onto pages and workbooks a
    committee reads."""
    scn = result.scenario
    name, at_start, held, waiting, unused = _at_as_of(scn)
    as_of = scn.actuals.as_of
    then = _at_forecast_start(held, waiting, as_of, lang)
    if lang == "de":
        return (f"Ist-Verläufe ({name}), {ist_until(as_of)}: "
                f"{counted(at_start, 'Person', 'Personen')} auf den Plätzen zu Beginn, {then}"
                + _free_slots(scn, lang) + _unused_de(as_of, *unused))
    return (f"Actual spells ({name}): {counted(at_start, 'person', 'people')} in the slots "
            f"at the start, {then}" + _free_slots(scn, lang) + _unused_en(as_of, *unused))


def _at_forecast_start(held: int, waiting: int, as_of: str, lang: str) -> str:
    """"144 at the start of the forecast 2027-07, 0 waiting then": whom the actual spells
    hand to the forecast, as a re-forecast's line and a plan's after a warm-up both say
    it (the German without the month: ``ist_until`` before it names it)."""
    if lang == "de":
        return (f"{held} zu Beginn der Prognose, "
                f"{counted(waiting, 'Person wartet', 'Personen warten')} dann auf einen Platz")
    return f"{held} at the start of the forecast {as_of}, {waiting} waiting then"


def free_at_as_of(scn) -> int:  # noqa: ANN001 - a Scenario
    """The slots in force at ``as_of`` that nobody of the actual spells holds then, summed
    over the providers (one over its slots frees none of another's); 0 at the period's
    end, where nothing is simulated."""
    from ..scenario.caseload import actual_people

    if scn.as_of >= scn.period.months:
        return 0
    file, k = actual_people(scn), float(scn.as_of)
    in_then = file.open_at(k) & file.began_before(k)
    held = np.bincount(file.provider[in_then & (file.provider >= 0)],
                       minlength=len(scn.provider_ids))
    return int(np.maximum(scn.slots_in_force()[scn.as_of] - held, 0).sum())


def _free_slots(scn, lang: str) -> str:  # noqa: ANN001 - a Scenario
    """"; 17 slots free then, refilled from then on (...)": the slots the actual
    months left empty and what fills them in the forecast, so a jump in the people at the
    seam (``on_demand`` refers someone for each on its first day) is said; or nothing."""
    free = free_at_as_of(scn)
    if not free:
        return ""
    referrals = scn.participants.referrals_per_month
    de = lang == "de"
    if referrals == ON_DEMAND:
        how = (f"ab dann wieder besetzt (referrals_per_month: {ON_DEMAND})" if de else
               f"refilled from then on (referrals_per_month: {ON_DEMAND})")
    elif not (rate := float(in_force_at(referrals, scn.actuals.as_of))):
        how = (f"{noun(free, 'den', 'die')} keine Zuweisung besetzt (referrals_per_month: 0 "
               "zu Beginn der Prognose)" if de else
               "which no referral fills (referrals_per_month: 0 then)")
    else:
        rate = number(rate, 1, lang)
        how = (f"ab dann besetzt, wie Personen zugewiesen werden (referrals_per_month: {rate} "
               "im Monat zu Beginn der Prognose)" if de else
               f"filled from then on as people are referred (referrals_per_month: {rate} a "
               "month then)")
    if de:
        return f"; {counted(free, 'freier Platz', 'freie Plätze')} zu Beginn der Prognose, {how}"
    return f"; {counted(free, 'slot', 'slots')} free then, {how}"


UNUSED = {"en": (("referral", "referrals", "is referred"), ("entry", "entries", "enters"),
                 ("exit", "exits", "leaves")),
          "de": (("Zuweisung", "Zuweisungen", "zugewiesen wird"),
                 ("Eintritt", "Eintritte", "eintritt"), ("Austritt", "Austritte", "austritt"))}
"""Per kind of event the forecast draws from --as-of on: its noun and what the forecast
draws of it ("who leaves")."""


def _unused_kinds(counts: tuple[int, ...], lang: str) -> tuple[str, str]:
    """The counted events not used ("1 entry and 2 exits") and what the forecast draws
    instead ("who enters and who leaves"), in ``lang``."""
    kinds = [(n, *words) for n, words in zip(counts, UNUSED[lang], strict=True) if n]
    word = "und" if lang == "de" else "and"
    wer = "wer" if lang == "de" else "who"
    return (listed([counted(n, one, many) for n, one, many, _ in kinds], word),
            listed([f"{wer} {verb}" for *_, verb in kinds], word))


def _unused_en(as_of: str, referrals: int, entries: int, exits: int) -> str:
    """"; the file's 1 exit from 2027-07 on is not used: ...", or nothing; the month, not
    the option's name: it may come from the file's ``actuals:`` block."""
    if not referrals + entries + exits:
        return ""
    events, drawn = _unused_kinds((referrals, entries, exits), "en")
    one = referrals + entries + exits == 1
    return (f"; the file's {events} from {as_of} on {'is' if one else 'are'} not used: "
            f"the forecast draws {drawn} (a later start of the forecast uses "
            f"{'it' if one else 'them'})")


def _unused_de(as_of: str, referrals: int, entries: int, exits: int) -> str:
    """The German of ``_unused_en``: "ihn" for one Eintritt or Austritt, else "sie"."""
    if not referrals + entries + exits:
        return ""
    events, drawn = _unused_kinds((referrals, entries, exits), "de")
    him = referrals == 0 and entries + exits == 1
    return (f"; {events} der Datei ab {month_words(as_of, 'de')} nicht verwendet: ab dann "
            f"zieht die Prognose, {drawn} (ein späterer Prognosebeginn verwendet "
            f"{'ihn' if him else 'sie'})")


SPAN_MONTHS = 6
"""Booked months up to this many are listed one by one, more as first – last."""


def booked_line(scn, lang: str = "en") -> str | None:  # noqa: ANN001 - a Scenario
    """A re-forecast's booked costs, when given: the file, how many cells of the ledger it
    replaced, in which months and for how much, so a reader can tell booked Ist from
    Ist the ledger costed from the spells (``--booked``)."""
    if scn.actuals is None or scn.actuals.booked is None:
        return None
    if not scn.reforecast:
        return _unused_booked_line(scn, lang)
    from ..scenario.load import booked_costs
    from ..scenario.schedule import month_labels

    booked = booked_costs(scn)  # [months, providers, categories], NaN: not booked
    cells = ~np.isnan(booked)
    months = np.nonzero(cells.any(axis=(1, 2)))[0]
    labels = [month_words(m, lang) for m in month_labels(scn.period.start_month,
                                                         scn.period.months)]
    span = (", ".join(labels[m] for m in months) if len(months) <= SPAN_MONTHS
            else f"{labels[months[0]]} – {labels[months[-1]]}")
    name, count = Path(scn.actuals.booked).name, int(cells.sum())
    total = number(float(np.nansum(booked)), 2, lang)
    if lang == "de":
        return (f"Gebuchte Kosten ({name}): {counted(count, 'Zelle', 'Zellen')} (Monat, Träger, "
                f"Kostenart) in "
                f"{counted(len(months), 'Monat', 'Monaten')} ({span}), {total} EUR, "
                f"{noun(count, 'ersetzt', 'ersetzen')} die aus den Ist-Verläufen berechneten "
                "Kosten")
    return (f"Booked costs ({name}): {counted(count, 'cell', 'cells')} (month, provider, "
            f"category) in "
            f"{counted(len(months), 'month', 'months')} ({span}), {total} EUR, "
            f"{noun(count, 'replaces', 'replace')} the costs the ledger computes from the "
            "actual spells")


def _unused_booked_line(scn, lang: str) -> str:  # noqa: ANN001 - a Scenario
    """Booked costs before a plan's start: they replace nothing, as the warm-up through
    the actual spells books no money; said, not dropped silently."""
    name = Path(scn.actuals.booked).name
    if lang == "de":
        return (f"Gebuchte Kosten ({name}): nicht verwendet, ihre Monate liegen vor dem "
                f"Beginn {month_words(scn.period.start, lang)}; der Vorlauf bucht kein Geld")
    return (f"Booked costs ({name}): not used, their months lie before the start "
            f"{scn.period.start}; the warm-up books no money")


def actuals_lines(result: RunResult, lang: str = "en") -> list[str]:
    """What a re-forecast's actual months rest on: the spells' line (``start_line``) and
    the booked costs' (``booked_line``); the terminal, page and workbooks say both."""
    return start_lines(result, lang) if result.scenario.actuals is not None else []


def start_lines(result: RunResult, lang: str = "en") -> list[str]:
    """What ``run`` says a run starts with, on the terminal, page and workbook alike: who
    is in the slots at the start (``start_line``: a re-forecast's spells), then a
    re-forecast's booked costs (``booked_line``); nothing for an empty start."""
    return [line for line in (start_line(result, lang), booked_line(result.scenario, lang))
            if line]


def compared_start(result: RunResult, lang: str = "en") -> str:
    """A scenario's start as ``compare`` says it (terminal, page, workbook): ``start_text``
    and a re-forecast's booked costs, so booked Ist is told apart from Ist costed from
    the spells there too."""
    booked = booked_line(result.scenario, lang)
    return start_text(result, lang) + (f"; {booked}" if booked else "")


def actual_months(scn) -> list[tuple[int, int, int]]:  # noqa: ANN001 - a Scenario
    """Each calendar year of the period: (year, its actual months, its months in the
    period); no month is actual without ``actuals``."""
    years = calendar_years(scn.period.start_month, scn.period.months)
    actual = np.arange(scn.period.months) < (scn.as_of if scn.reforecast else 0)
    return [(int(year), int((actual & (years == year)).sum()), int((years == year).sum()))
            for year in np.unique(years)]


def closed_years(scn) -> set[int]:  # noqa: ANN001 - a Scenario
    """The calendar years whose months in the period are all actual: their amounts are
    facts, so a plan asks for them without a contingency."""
    if not scn.reforecast:
        return set()
    return {year for year, known, months in actual_months(scn) if known == months}


def year_bases(scn, lang: str = "en") -> list[tuple[int, str]]:  # noqa: ANN001 - a Scenario
    """Each calendar year of a re-forecast's period with what its figure is
    (``year_basis``): the terminal's year-end lines, the page's and workbook's years."""
    return [(year, year_basis(known, months, lang))
            for year, known, months in actual_months(scn)]


YEAR_END = {"en": "Year-end {year} ({basis}): cost {mean} EUR, {level}% interval {low} – {high}",
            "de": "Jahresende {year} ({basis}): Kosten {mean} EUR, {level}-%-Intervall "
                  "{low} – {high}"}


@dataclass(frozen=True)
class YearEnd:
    """A re-forecast's figure for one calendar year (a Hochrechnung): its total cost's
    mean over every replication and its interval over the replications kept for
    percentiles, with how many of its months are actual of those the period covers."""

    year: int
    actual_months: int
    months: int
    mean: float
    low: float
    high: float


def year_ends(result: RunResult, width: float = 0.9) -> list[YearEnd]:
    """Each calendar year of a re-forecast (``actual_months``) with its cost's mean and
    ``width`` interval: what the terminal, monitoring.md, report.html, results.xlsx and
    run.json give as the year-end figures. None for a plain run."""
    scn = result.scenario
    if not scn.reforecast:
        return []
    totals = result.aggregate.yearly_sample.sum(axis=(2, 3))  # [sample, years]
    mean = cost_year_cents(result) / 100  # every replication
    tail = (1 - width) / 2
    return [YearEnd(year, known, months, float(mean[i]),
                    *(float(q) for q in np.quantile(totals[:, i], [tail, 1 - tail])))
            for i, (year, known, months) in enumerate(actual_months(scn))]


def yearly_cents(result: RunResult) -> np.ndarray:
    """``[years, categories, F+1]`` the ledger's whole cents summed over the replications
    and providers, by calendar year (int64: exact)."""
    scn = result.scenario
    starts = year_starts(scn.period.start_month, scn.period.months)
    return np.add.reduceat(result.aggregate.ledger.sum(axis=1), starts, axis=0)


def cost_year_cents(result: RunResult) -> np.ndarray:
    """``[years]`` whole cents of the cost each year on average: the ledger's whole cents
    summed over the replications, rounded half a cent up once (``mean_cents``): the
    year-end figures and compare's cost by year. The sum of the funders' means, each
    rounded so (results.xlsx's years), can be a cent or two off it."""
    return mean_cents(yearly_cents(result).sum(axis=(1, 2)), result.aggregate.count)


def year_end_lines(result: RunResult, lang: str = "en", width: float = 0.9) -> list[str]:
    """A re-forecast's figure per calendar year (``year_ends``) in words, with how much of
    the year is actual (``year_basis``): the terminal, monitoring.md and report.html say
    them, so what goes to funders tells Ist from Prognose. None for a plain run."""
    return [YEAR_END[lang].format(
        year=end.year, basis=year_basis(end.actual_months, end.months, lang),
        mean=number(end.mean, 0, lang), level=level_digits(width, lang),
        low=number(end.low, 0, lang), high=number(end.high, 0, lang))
        for end in year_ends(result, width)]


def year_end_record(result: RunResult, width: float = 0.9) -> list[dict]:
    """run.json's ``year_end``: the year-end figures (``year_ends``) as numbers, EUR to
    the cent, the interval's level beside them."""
    return [{"year": end.year, "actual_months": end.actual_months, "months": end.months,
             "cost_mean": round(end.mean, 2), "interval": width,
             "cost_low": round(end.low, 2), "cost_high": round(end.high, 2)}
            for end in year_ends(result, width)]


def year_titles(scn, lang: str = "en") -> list[str]:  # noqa: ANN001 - a Scenario
    """The calendar years of the period as a table's headings; a re-forecast's with what
    each figure is ("2026 (12 of 12 months actual)", ``year_bases``)."""
    if not scn.reforecast:
        return [str(year) for year, _, _ in actual_months(scn)]
    return [f"{year} ({basis})" for year, basis in year_bases(scn, lang)]


YEAR_MARKS = {"de": ("Ist", "Prognose", "Ist + Prognose"),
              "en": ("actual", "forecast", "actual + forecast")}
"""What a re-forecast's figure of a year is, as a budget table marks it."""


def year_mark(known: int, months: int, lang: str = "en") -> str:
    """A re-forecast's year in one word (``YEAR_MARKS``): all its ``months`` actual, none
    (``known``: the actual ones), or both: compare's years, negotiated one by one."""
    actual, forecast, both = YEAR_MARKS[lang]
    return forecast if not known else actual if known == months else both


def year_basis(known: int, months: int, lang: str = "en") -> str:
    """How much of a calendar year a figure covers and how much of it is actual:
    "6 of 12 months actual", "forecast", or "9 months, forecast" for a year the period
    covers only in part (a partial year must not read as a whole one)."""
    if lang == "de":
        if known:
            return f"{known} von {months} {'Monat' if months == 1 else 'Monaten'} Ist"
        return ("Prognose" if months == 12
                else f"{counted(months, 'Monat', 'Monate')}, Prognose")
    if known:
        return f"{known} of {counted(months, 'month', 'months')} actual"
    return "forecast" if months == 12 else f"{counted(months, 'month', 'months')}, forecast"
