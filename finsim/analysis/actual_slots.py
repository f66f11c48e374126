"""A change that re-costs a re-forecast's actual months, said rather than costed silently.

The actual spells are facts, but the ledger costs them at the scenario's prices and
ratios, so a variant that changes one (a coaching ratio, a coach's cost, an overhead
rate, the slots that material is charged on) rewrites months that already happened
(docs/running-programs.md). The reference is the scenario the variant is weighed
against: BASE for a compared alternative, the base point for a sensitivity range, the
file without ``--set`` for a run. Slots get a line per provider: the slots in the actual
months on each side, the material that moves there, and the schedule that changes the
slots from ``as_of`` on only. Any other move of the actual months' cost (``cost_moves``)
gets one line per scenario with the amount by category.

A run's ``uncertainty`` draws need no line: a draw applies from the first forecast month
on (``montecarlo.uncertainty.with_actual_months``), and so does a sensitivity range taken
from the ``uncertainty`` block (``ranges.block_ranges``). A ``--param`` range does
need one: its point is the scenario with that value in every month, so its swing holds
what the value would have made of the months already past.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ledger.categories import Material, ProviderCosts
from ..ledger.cents import to_cents
from ..scenario import CATEGORIES, Scenario
from ..scenario.load import booked_costs
from ..scenario.loaded import LoadedAs, loaded_as
from .booked import actual_ledger, german_category
from .words import month_words, number


@dataclass(frozen=True)
class SlotShift:
    """A provider whose slots differ from the reference's in an actual month."""

    provider: str
    slots: tuple[int, ...]
    """The variant's slots in force in each actual month (one variant, or each end)."""
    reference: tuple[int, ...]
    material: tuple[float, ...]
    """EUR of material the difference moves in the actual months, each month's cell in
    whole cents as the ledger keeps it (booked cells stand): one amount, or one per end
    of a range."""
    schedule: str
    """The variant's slots from ``as_of`` on, the reference's before: a schedule."""


def actual_months(scn: Scenario) -> int:
    """The months of the period before ``actuals.as_of`` (0 without a re-forecast)."""
    return scn.actual_months


def same_actual_months(scn: Scenario, reference: Scenario) -> bool:
    """Whether both have actual months and they are the same months (the period's start
    and ``as_of``): only then can their actual months be weighed against each other."""
    months = actual_months(scn)
    return bool(months) and actual_months(reference) == months and (
        scn.period.start == reference.period.start)


def slot_shifts(scn: Scenario, reference: Scenario) -> list[SlotShift]:
    """Each provider of both whose slots in an actual month differ; none where the two do
    not share the period and ``as_of`` (their actual months are not the same months)."""
    if not same_actual_months(scn, reference):
        return []
    months = actual_months(scn)
    mine, theirs = scn.slots_in_force(), reference.slots_in_force()
    ids = reference.provider_ids
    rates = _material_rates(scn)[:months]
    out = []
    for p, provider in enumerate(scn.provider_ids):
        if provider not in ids:
            continue
        own, ref = mine[:months, p], theirs[:months, ids.index(provider)]
        if np.array_equal(own, ref):
            continue
        moved = int(np.sum(to_cents(own * rates[:, p]) - to_cents(ref * rates[:, p])))
        out.append(SlotShift(provider, tuple(int(s) for s in own),
                             tuple(int(s) for s in ref), (moved / 100,),
                             _schedule(scn, theirs[:, ids.index(provider)], mine[:, p])))
    return out


def _material_rates(scn: Scenario) -> np.ndarray:
    """EUR per slot-month ``[months, providers]`` as the ledger charges them, 0 where a
    booked material cell replaces the ledger's (a slot changes nothing there)."""
    rates = np.array(Material.rates(scn, ProviderCosts(scn)), dtype=float)  # [months, p]
    if scn.actuals.booked is not None:
        booked = booked_costs(scn)[:, :, CATEGORIES.index("material")]
        rates[~np.isnan(booked)] = 0.0
    return rates


def _schedule(scn: Scenario, reference: np.ndarray, own: np.ndarray) -> str:
    """``{2026-01: 39, 2026-11: 45}``: the reference's slots before ``as_of``, the
    variant's from then on; a key at the start, at ``as_of`` (a month a sensitivity
    range can name) and where the value changes."""
    merged = np.concatenate([reference[:scn.as_of], own[scn.as_of:]])
    start = scn.period.start_month
    keys = [m for m in range(len(merged))
            if m in (0, scn.as_of) or merged[m] != merged[m - 1]]
    return "{" + ", ".join(f"{start + m}: {int(merged[m])}" for m in keys) + "}"


def _slots(values: Sequence[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low} to {high}"


def _eur(values: Sequence[float], lang: str) -> str:
    def one(value: float) -> str:
        return ("+" if value > 0 else "") + number(value, 2, lang)

    low, high = min(values), max(values)
    if low == high:
        return one(low)
    return f"{one(low)} bis {one(high)}" if lang == "de" else f"{one(low)} to {one(high)}"


def cost_moves(scn: Scenario, reference: Scenario,
               told: Sequence[SlotShift] = ()) -> dict[str, float]:
    """EUR by category (in ``CATEGORIES``' order, only those that move) that the actual
    months of ``scn`` cost more than the reference's, each cell in whole cents as the
    ledger keeps it, a booked cell standing for its cell; less the material ``told`` by
    slot lines (a slot change's own line says it). At the scenarios' values: a run's
    draws apply from the first forecast month on and move none of it. Empty where the
    two do not share their actual months."""
    if not same_actual_months(scn, reference):
        return {}
    mine, theirs = _actual_costs(scn), _actual_costs(reference)
    moved = mine - theirs
    moved[CATEGORIES.index("material")] -= sum(to_cents(s.material[0]) for s in told)
    return {category: int(cents) / 100
            for category, cents in zip(CATEGORIES, moved, strict=True) if cents}


def _actual_costs(scn: Scenario) -> np.ndarray:
    """Whole cents by category that the actual months cost: the ledger's own cost of
    each cell (``booked.actual_ledger``), a booked cell's amount where there is one."""
    own = actual_ledger(scn)[0]
    if scn.actuals.booked is not None:
        booked = booked_costs(scn)[: own.shape[0]]
        own = np.where(np.isnan(booked), own, booked)
    return to_cents(own).sum(axis=(0, 1))


def actual_span(scn: Scenario) -> tuple[str, str, str]:
    """The first and last actual month and ``as_of``, as lines name them."""
    first = scn.period.start_month
    return (str(first), str(first + (actual_months(scn) - 1)), str(first + scn.as_of))


def cost_lines(moves: Mapping[str, float | Sequence[float]], scn: Scenario, against: str,
               how: str = "", lang: str = "en", ranged: str = "") -> list[str]:
    """One line for ``cost_moves``, if any: the actual months, what they cost otherwise
    than in ``against`` by category, and how to keep them: a change dated from
    ``as_of`` on, or the months' costs booked (``how``: ``--set`` where they moved by it).
    A category's amount may be several (a range's ends, ``range_recost_warnings``): said
    from the least to the most; ``ranged``, the path of a ``--param`` range, is told to
    range the schedule's month at ``as_of``."""
    if not moves:
        return []
    first, last, as_of = actual_span(scn)
    each = {c: v if isinstance(v, Sequence) else [v] for c, v in moves.items()}
    if lang == "de":
        amounts = ", ".join(f"{german_category(c)} {_eur(v, lang)} EUR"
                            for c, v in each.items())
        given = f" mit {how}" if how else ""
        month = f" und diesen Monat variieren (--param {ranged}.{as_of}=LOW:HIGH)" \
            if ranged else ""
        return [f"die Ist-Monate {month_words(first, lang)} bis {month_words(last, lang)} "
                f"kosten{given} anders als in {against}: "
                f"{amounts}, obwohl sie schon vergangen sind; Kosten nur ab as_of ändern: "
                f"als Zeitplan mit einem Monat {as_of} (wo der Schlüssel einen nimmt){month}, oder "
                f"die Kosten dieser Monate buchen (actuals.booked): gebuchte Zellen ersetzen "
                f"die berechneten Kosten"]
    amounts = ", ".join(f"{c} {_eur(v, lang)} EUR" for c, v in each.items())
    given = f" with {how}" if how else ""
    month = f" and range that month (--param {ranged}.{as_of}=LOW:HIGH)" if ranged else ""
    return [f"the actual months {first} to {last} cost otherwise{given} than in {against}: "
            f"{amounts}, though they already happened; to change a cost from as_of on "
            f"only, give it as a schedule with a month {as_of} (where the key takes one){month}, "
            f"or book those months' costs (actuals.booked): booked cells replace the "
            f"computed ones"]


def moved_lines(scn: Scenario, reference: Scenario, against: str, how: str = "",
                lang: str = "en") -> list[str]:
    """Every line on what re-costs the actual months of ``scn`` against ``reference``:
    a line per provider whose slots do, then one for what else moves their cost."""
    shifts = slot_shifts(scn, reference)
    return [*shift_lines(shifts, scn, against, how, lang),
            *cost_lines(cost_moves(scn, reference, shifts), scn, against, how, lang)]


def shift_lines(shifts: Sequence[SlotShift], scn: Scenario, against: str, how: str = "",
                lang: str = "en") -> list[str]:
    """One line per provider whose shift moves money: ``against`` names the reference
    (``BASE``), ``how`` how the slots were given (``--set``, ``--param``), said after
    the path; a range (``--param``) is told to vary a schedule's month at ``as_of``."""
    moved = [s for s in shifts if any(s.material)]  # no money moved: no fact changed
    if not moved:
        return []
    first, last, as_of = actual_span(scn)
    out = []
    for s in moved:
        path = f"providers.{s.provider}.slots"
        given = f"{path} ({how})" if how else path
        ranged = how == "--param"
        if lang == "de":
            advice = (f"Nur ab as_of variieren: die Plätze als Zeitplan mit einem Monat "
                      f"{as_of} ({path}: {s.schedule}), und diesen Monat: --param "
                      f"{path}.{as_of}=LOW:HIGH" if ranged else
                      f"Nur ab as_of ändern: ein Zeitplan, {path}: {s.schedule}")
            out.append(
                f"{given} gilt auch für die Ist-Monate: {_slots(s.slots)} Plätze von "
                f"{month_words(first, lang)} bis {month_words(last, lang)}, wo {against} "
                f"{_slots(s.reference)} hat; die Sachkosten dieser Monate ändern sich um "
                f"{_eur(s.material, lang)} EUR. {advice}")
        else:
            advice = (f"to vary the slots from as_of on only, give them as a schedule with "
                      f"a month {as_of} ({path}: {s.schedule}) and range that month: "
                      f"--param {path}.{as_of}=LOW:HIGH" if ranged else
                      f"to change the slots from as_of on only, give a schedule: "
                      f"{path}: {s.schedule}")
            out.append(
                f"{given} applies to the actual months too: {_slots(s.slots)} slots in "
                f"{first} to {last} where {against} has {_slots(s.reference)}, so their "
                f"material moves by {_eur(s.material, lang)} EUR; {advice}")
    return out


def comparison_recost_warnings(scenarios: Sequence[Scenario], files: Sequence[str],
                             lang: str = "en") -> list[str]:
    """Each alternative (``files``: the names compare's warnings give them, BASE first)
    whose actual months cost otherwise than BASE's (``moved_lines``): the Δ holds it."""
    base = scenarios[0]
    return [f"{file}: {line}"
            for scn, file in zip(scenarios[1:], files[1:], strict=True)
            for line in moved_lines(scn, base, "BASE", lang=lang)]


def range_recost_warnings(scn: Scenario, params: Sequence, lang: str = "en") -> list[str]:
    """Each sensitivity range (``ranges.Param``) whose ends re-cost the actual months of a
    re-forecast: its swing holds that cost, from one end to the other (an end at the
    scenario's own value moves none). A line per provider whose slots an end changes,
    with the material moved there (``shift_lines``), then one per range for what else
    moves (``cost_lines``: each category at the two ends, less that material)."""
    from .ranges import block_ranges, point_at

    if not actual_months(scn) or block_ranges(tuple(params)):
        return []  # the uncertainty block's ranges act from as_of on: nothing re-costed
    against = ("das Szenario", "dem Szenario") if lang == "de" else ("the scenario",) * 2
    out = []
    for i, param in enumerate(params):
        points = [point_at(scn, params, {i: end}) for end in (param.low, param.high)]
        shifts = [slot_shifts(point, scn) for point in points]
        ends = [{s.provider: s for s in found} for found in shifts]
        merged = [_both_ends(scn, provider, ends)
                  for provider in dict.fromkeys(p for end in ends for p in end)]
        out += shift_lines(merged, scn, against[0], param.source, lang)
        moves = [cost_moves(point, scn, found) for point, found in zip(points, shifts,
                                                                      strict=True)]
        out += cost_lines(_at_ends(moves), scn, against[1], f"{param.path} ({param.source})",
                          lang, param.path if param.source == "--param" else "")
    return out


def _at_ends(moves: Sequence[dict[str, float]]) -> dict[str, tuple[float, ...]]:
    """``cost_moves`` at each end of a range as one: each category that moves at either
    end (in ``CATEGORIES``' order), with its amount at each (0 where it does not move)."""
    return {c: tuple(end.get(c, 0.0) for end in moves)
            for c in CATEGORIES if any(c in end for end in moves)}


def _both_ends(scn: Scenario, provider: str, ends: list[dict[str, SlotShift]]) -> SlotShift:
    """A provider's shifts at a range's two ends as one: the slots and material of both
    (an end without a shift at the scenario's slots, no material moved); the schedule
    keeps the scenario's own slots, with a month at ``as_of`` for the range to name."""
    own = scn.slots_in_force()[:, scn.provider_ids.index(provider)]
    reference = tuple(int(v) for v in own[:actual_months(scn)])
    found = [end.get(provider) for end in ends]
    return SlotShift(provider,
                     tuple(v for s in found for v in (s.slots if s else reference)),
                     reference, tuple(s.material[0] if s else 0.0 for s in found),
                     _schedule(scn, own, own))


def set_recost_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A scenario loaded with ``--set`` (``scenario.loaded``) whose actual months cost
    otherwise than its file's: the run re-costs months that already happened. Slots are
    weighed against the file with every other override, the rest of the cost against
    the file with only those that say which months are actual (``--actuals``,
    ``--as-of``, ``--booked``, ``period``: without them the reference has no actual
    months), the slots' material already said. The file is loaded again only for a
    re-forecast given a ``--set`` that may re-cost."""
    given = loaded_as(scn)
    if not actual_months(scn) or given is None or given.file is None:  # no file to weigh
        return []
    name = Path(given.file).name
    shifts = []
    if any(map(_sets_slots, given.sets)):
        own = _file_with(given, [s for s in given.sets if not _sets_slots(s)])
        shifts = [] if own is None else slot_shifts(scn, own)
    lines = shift_lines(shifts, scn, name, "--set", lang)
    kept = [s for s in given.sets if _places_months(s)]
    if len(kept) < len(given.sets):
        own = _file_with(given, kept)
        if own is not None:
            lines += cost_lines(cost_moves(scn, own, shifts), scn, name, "--set", lang)
    return lines


def _file_with(given: LoadedAs, sets: Sequence[str]) -> Scenario | None:
    """The scenario's file loaded with ``sets`` only; None where it is not valid without
    the others (nothing to weigh against). Its period is the file's: its date checks
    were made (or waived) on the scenario itself."""
    from ..scenario import ScenarioError, load_scenario

    try:
        return load_scenario(given.file, tuple(sets), period_checked=False)
    except ScenarioError:
        return None


def _places_months(override: str) -> bool:
    """Whether an override (``PATH=VALUE``) says which months are actual and what they
    cost as booked (``actuals``, ``period``) rather than what the ledger charges."""
    return override.partition("=")[0].strip().split(".")[0] in ("actuals", "period")


def _sets_slots(override: str) -> bool:
    """Whether an override (``PATH=VALUE``) may give a provider's slots: ``providers``,
    ``providers.<id>`` or ``providers.<id>.slots[.<month>]``."""
    parts = override.partition("=")[0].strip().split(".")
    return parts[0] == "providers" and (len(parts) < 3 or parts[2] == "slots")
