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
months with no row, and a provider's category missing in a month that books it for others.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..ledger.build import build_ledger
from ..ledger.categories import BY_ID
from ..nouns import noun
from ..scenario.errors import Problem, condensed
from ..scenario.identity import IdentityMap
from ..scenario.load import booked_costs, booked_lines
from ..scenario.model import CATEGORIES, Scenario
from ..scenario.schedule import month_labels
from .words import number

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
    booked at 0 is a line of its own, not one "like the ones above"."""
    if scn.actuals is None or scn.actuals.booked is None or not scn.reforecast:
        return []
    booked, lines = booked_costs(scn), booked_lines(scn)
    own, people = actual_ledger(scn)
    cells = _suspect(booked[: scn.as_of], own, people)
    labels = month_labels(scn.period.start_month, scn.period.months)
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
            *_missing_cells(booked[: scn.as_of], own, scn.provider_ids, labels, name, lang)]


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
                   labels: list[str], name: str, lang: str) -> list[str]:
    """A line per provider and category with no row in a month that books that category
    for other providers, where the ledger has a cost: its months and the ledger's cost
    that stands in for them (a provider's row dropped from an export)."""
    has = ~np.isnan(booked)
    missing = has.any(axis=1, keepdims=True) & ~has & (own >= 0.005)
    lines = []
    for p, c in sorted({(int(p), int(c)) for _, p, c in np.argwhere(missing)}):
        months = np.nonzero(missing[:, p, c])[0]
        said = ", ".join(labels[m] for m in months)
        eur = number(float(own[months, p, c].sum()), 2, lang)
        if lang == "de":
            lines.append(f"actuals.booked: {name} hat keine Zeile für "
                         f"{german_category(CATEGORIES[c])} von {providers[p]} für {said} "
                         f"(für andere Träger gebucht): dort gelten die berechneten Kosten, "
                         f"{eur} EUR; ist das gebucht, "
                         f"{noun(len(months), 'die Zeile', 'die Zeilen')} ergänzen")
        else:
            lines.append(f"actuals.booked: {name} has no row for {providers[p]}'s "
                         f"{CATEGORIES[c]} of {said} (booked for other providers "
                         f"{noun(len(months), 'that month', 'those months')}): the ledger's "
                         f"computed cost, {eur} EUR, stands in for "
                         f"{noun(len(months), 'it', 'them')}; if posted, add "
                         f"{noun(len(months), 'the row', 'the rows')}")
    return lines


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
