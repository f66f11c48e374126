"""Booked cells that look like a month not posted yet (``actuals.booked``).

A booked cell replaces the ledger's cost of its month, provider and category, and a wage
subsidy on ``basis: subsidy_base`` rests on the wage booked. An accounting export writes
a month not posted yet as 0: a booked 0.00 in a month with people in the provider's slots
takes every funder's share of that cell out of the year (a month of §16i subsidy), and a
wage booked at under half the ledger's (a month posted in part) lowers it in proportion.
Both are told, a line per cell (condensed beyond ``SAME_SHOWN`` of a provider, category
and kind), with what to do if the month is not posted yet; a low wage in a month with
nobody in the slots (a settlement after an exit) is a fact, not told. So are rows that
look dropped from an export, where the ledger's cost stands in: a month between booked
months with no row, and a provider's category missing in a month that books it for others
(a line per provider and category naming its months as runs; a provider with no row in any
booked month is one line).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..ledger.build import build_ledger
from ..ledger.categories import BY_ID
from ..nouns import listed, noun
from ..scenario import Month
from ..scenario.errors import Problem, condensed
from ..scenario.identity import IdentityMap
from ..scenario.load import booked_costs, booked_lines
from ..scenario.model import CATEGORIES, Scenario
from ..scenario.schedule import month_labels
from .words import month_runs, month_words, number

LOW_BOOKED_WAGE = 0.5
"""A booked wage under this share of the ledger's, with people in the slots, is told."""
_WAGES = CATEGORIES.index("wages")
_LEDGERS: IdentityMap[tuple[np.ndarray, np.ndarray]] = IdentityMap()
"""``actual_ledger`` of each scenario: a run builds its warnings for the terminal,
run.json and the page, and each would simulate the replication again."""


def booked_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per booked cell of 0.00 where the ledger has a cost, and per wage booked at
    under ``LOW_BOOKED_WAGE`` of the ledger's, in a month with people in that provider's
    slots, in the file's order. Only cells alike (the same provider, category and kind,
    0.00 or a low wage) are condensed together: another provider's or category's month
    booked at 0 is a line of its own, not one "like the ones above". German names the
    months, as its sentences do (``month_words``)."""
    if scn.actuals is None or scn.actuals.booked is None or not scn.reforecast:
        return []
    booked, lines = booked_costs(scn), booked_lines(scn)
    own, people = actual_ledger(scn)
    cells = _suspect(booked[: scn.as_of], own, people)
    labels = [month_words(m, lang) for m in month_labels(scn.period.start_month,
                                                         scn.period.months)]
    name = Path(scn.actuals.booked).name
    found = sorted((int(lines[m, p, c]), m, p, c) for m, p, c in cells)
    kinds = {Problem(name, "", _said(labels[m], scn.provider_ids[p], CATEGORIES[c],
                                     float(booked[m, p, c]), float(own[m, p, c]),
                                     int(people[m, p]), lang),
                     line=line, show_value=False): (p, c, bool(booked[m, p, c] == 0))
             for line, m, p, c in found}
    return [*(f"actuals.booked: {p}" for p in condensed(
        list(kinds), key=lambda p: (p.file, kinds.get(p)), lang=lang)),
            *_missing_months(booked[: scn.as_of], labels, name, lang),
            *_missing_cells(booked[: scn.as_of], own, scn.provider_ids, scn.period.start_month,
                           name, lang)]


def _missing_months(booked: np.ndarray, labels: list[str], name: str, lang: str) -> list[str]:
    """A line naming the months between the first and the last booked month that book
    nothing: an export that dropped a month lets the ledger's cost stand in for it, where
    the months around are the accounts'."""
    months = np.nonzero((~np.isnan(booked)).any(axis=(1, 2)))[0]
    missing = sorted(set(range(months[0], months[-1] + 1)) - set(months.tolist()))
    if not missing:
        return []
    said, first, last = ", ".join(labels[m] for m in missing), labels[months[0]], labels[months[-1]]
    if lang == "de":
        return [f"actuals.booked: {name} hat keine Zeile für {said} (zwischen den gebuchten "
                f"Monaten {first} und {last}): dort gelten die berechneten Kosten; "
                f"{noun(len(missing), 'ist der Monat', 'sind die Monate')} gebucht, "
                f"{noun(len(missing), 'seine', 'ihre')} Zeilen ergänzen"]
    return [f"actuals.booked: {name} has no row of {said} (between its booked months {first} "
            f"and {last}): the ledger's computed costs stand in for "
            f"{noun(len(missing), 'that month', 'those months')}; if "
            f"{noun(len(missing), 'it is', 'they are')} posted, add "
            f"{noun(len(missing), 'its', 'their')} rows"]


def _missing_cells(booked: np.ndarray, own: np.ndarray, providers: list[str],
                   start: Month, name: str, lang: str) -> list[str]:
    """The cells with no row in a month that books their category for other providers,
    where the ledger has a cost (a provider's rows dropped from an export), with the
    ledger's cost that stands in: a line per provider with no row in any booked month,
    else per provider and category, its months as runs (``2027-04 to 2027-06``), or the
    months that book the category if it has no row in any of them (more than one)."""
    has = ~np.isnan(booked)
    missing = has.any(axis=1, keepdims=True) & ~has & (own >= 0.005)
    absent = ~has.any(axis=(0, 2))
    lines = []
    for p in np.flatnonzero(missing.any(axis=(0, 2))):
        categories = [c for c in range(len(CATEGORIES)) if missing[:, p, c].any()]
        if absent[p]:
            booked_months = month_runs(np.flatnonzero(has.any(axis=(1, 2))), start, lang)
            eur = number(float(own[:, p][missing[:, p]].sum()), 2, lang)
            lines.append(_provider_missing(name, providers[p], categories, booked_months,
                                           eur, lang))
            continue
        for c in categories:
            months = np.flatnonzero(missing[:, p, c])
            eur = number(float(own[months, p, c].sum()), 2, lang)
            if has[:, p, c].any() or len(months) == 1:
                lines.append(_cell_missing(name, providers[p], c, month_runs(months, start, lang),
                                           len(months), eur, lang))
            else:
                booked_months = month_runs(np.flatnonzero(has[..., c].any(axis=1)), start, lang)
                lines.append(_category_missing(name, providers[p], c, booked_months,
                                               len(months), eur, lang))
    return lines


def _provider_missing(name: str, provider: str, categories: list[int], booked_months: str,
                      eur: str, lang: str) -> str:
    """A provider with no row in any booked month: one line, not one per category."""
    keys = [CATEGORIES[c] for c in categories]
    if lang == "de":
        return (f"actuals.booked: {name} hat in keinem gebuchten Monat ({booked_months}) eine "
                f"Zeile für {provider}: dort gelten die berechneten Kosten (category: "
                f"{', '.join(keys)}), {eur} EUR; ist das gebucht, die Zeilen ergänzen")
    return (f"actuals.booked: {name} has no row for {provider} in any booked month "
            f"({booked_months}): the ledger's computed cost of its {listed(keys, 'and')}, "
            f"{eur} EUR, stands in for them; if posted, add its rows")


def _category_missing(name: str, provider: str, c: int, booked_months: str, n: int,
                      eur: str, lang: str) -> str:
    """A provider's category with no row in any month that books it for other providers."""
    if lang == "de":
        return (f"actuals.booked: {name} hat in keinem für andere Träger gebuchten Monat "
                f"({booked_months}) eine Zeile für {german_category(CATEGORIES[c])} von "
                f"{provider}: dort gelten die berechneten Kosten, {eur} EUR; ist das "
                f"gebucht, {noun(n, 'die Zeile', 'die Zeilen')} ergänzen")
    return (f"actuals.booked: {name} has no row for {provider}'s {CATEGORIES[c]} in any month "
            f"that books it for other providers ({booked_months}): the ledger's computed "
            f"cost, {eur} EUR, stands in for {noun(n, 'it', 'them')}; if posted, add "
            f"{noun(n, 'the row', 'the rows')}")


def _cell_missing(name: str, provider: str, c: int, months: str, n: int, eur: str,
                  lang: str) -> str:
    """A provider's category with no row in some of the months that book it for others."""
    if lang == "de":
        return (f"actuals.booked: {name} hat keine Zeile für {german_category(CATEGORIES[c])} "
                f"von {provider} für {months} (für andere Träger gebucht): dort gelten die "
                f"berechneten Kosten, {eur} EUR; ist das gebucht, "
                f"{noun(n, 'die Zeile', 'die Zeilen')} ergänzen")
    return (f"actuals.booked: {name} has no row for {provider}'s {CATEGORIES[c]} of {months} "
            f"(booked for other providers {noun(n, 'that month', 'those months')}): the "
            f"ledger's computed cost, {eur} EUR, stands in for {noun(n, 'it', 'them')}; if "
            f"posted, add {noun(n, 'the row', 'the rows')}")


def _suspect(booked: np.ndarray, own: np.ndarray, people: np.ndarray) -> np.ndarray:
    """``(month, provider, category)`` of the cells booked at 0.00 where the ledger has a
    cost, or wages under ``LOW_BOOKED_WAGE`` of the ledger's, with anyone in the slots."""
    with np.errstate(invalid="ignore"):  # NaN: not booked, never suspect
        zero = (booked == 0) & (own >= 0.005)
        low = np.zeros_like(zero)
        low[..., _WAGES] = (booked[..., _WAGES] > 0) & (
            booked[..., _WAGES] < LOW_BOOKED_WAGE * own[..., _WAGES])
    return np.argwhere((zero | low) & (people > 0)[..., None])


def actual_ledger(scn: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """The ledger's own cost of the actual months, without the booked costs, EUR
    ``[as_of, providers, categories]``, and the people in each provider's slots in each
    of them, ``[as_of, providers]``: the actual spells are the same in every replication
    (at the scenario's values, which a run's draws keep there), so one replication gives
    them. Simulated once per scenario object (a loaded scenario is not changed in place;
    a changed one is a copy), read-only."""
    found = _LEDGERS.get(scn)
    if found is None:
        found = _simulated_ledger(scn)
        for array in found:
            array.setflags(write=False)
        _LEDGERS.put(scn, found)
    return found


def _simulated_ledger(scn: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """``actual_ledger`` from one replication of ``scn`` without its booked costs."""
    from ..simulation import simulate

    plain = scn.model_copy(update={"actuals": scn.actuals.model_copy(update={"booked": None})})
    spells = simulate(plain, np.random.SeedSequence(0))
    k = scn.as_of
    own = build_ledger(plain, spells).by_category[:k]
    month = np.arange(k)[:, None]
    people = np.zeros((k, len(scn.provider_ids)), dtype=np.int64)
    for p in range(len(scn.provider_ids)):
        at = spells.provider == p
        people[:, p] = ((spells.entry[at][None, :] < month + 1)
                        & (spells.exit[at][None, :] > month)).sum(axis=1)
    return own, people


def _said(month: str, provider: str, category: str, amount: float, own: float, people: int,
          lang: str) -> str:
    """One cell's line: what is booked against what the ledger has, what the booking does
    (to a wage subsidy too) and what to do if the month is not posted yet."""
    eur, ledger = number(amount, 2, lang), number(own, 2, lang)
    zero, wages = amount == 0, category == "wages"
    if lang == "de":
        who = f"{people} {'Person' if people == 1 else 'Personen'}"
        against = (f"wo die Berechnung {ledger} EUR für {who} auf den Plätzen hat" if zero
                   else f"unter der Hälfte der berechneten {ledger} EUR für {who} auf den "
                   "Plätzen")
        subsidy = ", ein Lohnkostenzuschuss auf basis: subsidy_base mit," if wages else ""
        falls = "auf 0" if zero else "im selben Verhältnis"
        return (f"{german_category(category)} von {provider} für {month} mit {eur} EUR gebucht, "
                f"{against}: eine gebuchte Zelle ersetzt die berechneten Kosten, so sinkt, was "
                f"die Geldgeber darauf zahlen{subsidy} {falls}; "
                f"ist {month} noch nicht gebucht, die Zeile weglassen: dann gelten die "
                "berechneten Kosten")
    who = f"{people} {'person' if people == 1 else 'people'}"
    there = f"for the {who} in its slots that month"
    against = (f"where the ledger has {ledger} EUR {there}" if zero else
               f"under half the ledger's {ledger} EUR {there}")
    subsidy = ", a wage subsidy on basis: subsidy_base with it," if wages else ""
    return (f"{provider}'s {category} of {month} booked at {eur} EUR, {against}: a booked "
            f"cell replaces the ledger's cost, so what the funders pay on it{subsidy} falls "
            f"{'to 0' if zero else 'in proportion'}; if {month} is not posted yet, leave the "
            "row out: the ledger's cost is then used")


def german_category(category: str) -> str:
    """A cost type as German tables name it (its plan line), with the file's column and
    key after it, so the reader finds the cell: ``„Sachkosten“ (category: material)``."""
    return f"„{BY_ID[category].plan_line}“ (category: {category})"
