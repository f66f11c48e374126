"""A slot change that reaches a re-forecast's actual months, said rather than costed
silently.

Material is charged per available slot-month (``ledger.categories.Material``), so slots
that differ in a month before ``actuals.as_of`` re-cost that month, which is a fact
(docs/running-programs.md). The spells file does not record the slots the program had,
so the reference is the scenario the variant is weighed against: BASE for a compared
alternative, the base point for a sensitivity range, the file without ``--set`` for a
run. One line per provider: the slots in the actual months on each side, the material
that moves there, and the schedule that changes the slots from ``as_of`` on only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..funding.cents import to_cents
from ..ledger.categories import Material, ProviderCosts
from ..scenario import CATEGORIES, Scenario
from ..scenario.load import booked_costs
from .words import number


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
    return min(scn.as_of, scn.period.months) if scn.reforecast else 0


def slot_shifts(scn: Scenario, reference: Scenario) -> list[SlotShift]:
    """Each provider of both whose slots in an actual month differ; none where the two do
    not share the period and ``as_of`` (their actual months are not the same months)."""
    months = actual_months(scn)
    if (not months or actual_months(reference) != months
            or scn.period.start != reference.period.start):
        return []
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


def shift_lines(shifts: Sequence[SlotShift], scn: Scenario, against: str, how: str = "",
                lang: str = "en") -> list[str]:
    """One line per provider whose shift moves money: ``against`` names the reference
    (``BASE``), ``how`` how the slots were given (``--set``, ``--param``), said after
    the path; a range (``--param``) is told to vary a schedule's month at ``as_of``."""
    moved = [s for s in shifts if any(s.material)]  # no money moved: no fact changed
    if not moved:
        return []
    first, last = scn.period.start_month, scn.period.start_month + (actual_months(scn) - 1)
    as_of = first + scn.as_of
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
                f"{given} gilt auch für die Ist-Monate: {_slots(s.slots)} Plätze in {first} "
                f"bis {last}, wo {against} {_slots(s.reference)} hat; die Sachkosten dieser "
                f"Monate ändern sich um {_eur(s.material, lang)} EUR. {advice}")
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


def comparison_slot_warnings(scenarios: Sequence[Scenario], files: Sequence[str],
                             lang: str = "en") -> list[str]:
    """Each alternative (``files``: the names compare's warnings give them, BASE first)
    whose slots differ from BASE's in an actual month: the Δ holds the material moved."""
    base = scenarios[0]
    return [f"{file}: {line}"
            for scn, file in zip(scenarios[1:], files[1:], strict=True)
            for line in shift_lines(slot_shifts(scn, base), scn, "BASE", lang=lang)]


def range_slot_warnings(scn: Scenario, params: Sequence, lang: str = "en") -> list[str]:
    """Each sensitivity range (``ranges.Param``) whose ends change a provider's slots in
    an actual month: its swing holds the material moved there, from one end to the other
    (an end at the scenario's own slots moves none)."""
    from .ranges import point_at

    out = []
    for i, param in enumerate(params):
        if param.path.split(".")[0] != "providers":  # only a provider's slots move them
            continue
        ends = [{s.provider: s for s in slot_shifts(point_at(scn, params, {i: end}), scn)}
                for end in (param.low, param.high)]
        merged = [_both_ends(scn, provider, ends)
                  for provider in dict.fromkeys(p for end in ends for p in end)]
        out += shift_lines(merged, scn, "the scenario", param.source, lang)
    return out


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


def set_slot_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A scenario loaded with ``--set`` (``scenario.loaded``) whose slots in an actual
    month differ from its file's with every other override (``--actuals``, ``--as-of``,
    ``--booked`` among them: without them the reference has no actual months): the run
    re-costs those months. The file is loaded again only for a re-forecast given a
    provider's slots by ``--set``."""
    from ..scenario import ScenarioError, load_scenario
    from ..scenario.loaded import loaded_as

    given = loaded_as(scn)
    if not actual_months(scn) or given is None or not any(map(_sets_slots, given.sets)):
        return []
    others = tuple(s for s in given.sets if not _sets_slots(s))
    try:  # the period is the file's; its date checks were made (or waived) on scn
        own = load_scenario(given.file, others, period_checked=False)
    except ScenarioError:  # not valid without the sets: nothing to weigh against
        return []
    name = Path(given.file).name
    return shift_lines(slot_shifts(scn, own), scn, name, "--set", lang)


def _sets_slots(override: str) -> bool:
    """Whether an override (``PATH=VALUE``) may give a provider's slots: ``providers``,
    ``providers.<id>`` or ``providers.<id>.slots[.<month>]``."""
    parts = override.partition("=")[0].strip().split(".")
    return parts[0] == "providers" and (len(parts) < 3 or parts[2] == "slots")
