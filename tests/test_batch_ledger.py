"""The ledger and the benefits avoided of a batch are each replication's own, stacked.

``build_ledger_many`` and ``avoided_benefits_many`` run one set of numpy passes over the
spells of every replication of a batch; the reference is ``finsim.batch.stack`` of each
replication's result alone (cut with the batch's tenure years), compared byte for byte:
with draws from the shipped scenarios, and with every kind of rate made to differ
between the replications by hand (module months, costs and price index, a one-off
payment's month and amount, staff, material, overhead, slots, booked costs).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import finsim
from finsim.batch import stack, unstack
from finsim.funding.benefits import avoided_benefits, avoided_benefits_many, limited_wages
from finsim.ledger.build import build_ledger, build_ledger_many, spell_cuts, spell_cuts_many
from finsim.ledger.categories import Modules, OneOffRate, StaffRates
from finsim.ledger.pieces import MonthCuts, TenureCuts
from finsim.montecarlo.runner import RunSpec, _drawn
from finsim.program import compile_program
from finsim.scenario.model import CATEGORIES
from finsim.scenario.schedule import Month
from finsim.simulation import simulate
from finsim.simulation.batch import ENTRANT_COLUMNS, spell_batch

ROOT = Path(__file__).parent.parent
SCENARIOS = ROOT / "scenarios"
LEAP = Month(2023, 11)
"""Time 0 of the cut spells: a leap February (2024) a few months in, where anniversaries
fall by the calendar."""


def assert_identical(a, b, where: str = "") -> None:
    """Byte for byte: the same fields, arrays of the same dtype, shape and bits."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape, where
        assert a.tobytes() == b.tobytes(), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            assert_identical(a[k], b[k], f"{where}.{k}")
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            assert_identical(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    else:
        assert a == b, where


def _drawn_programs(name: str, count: int, overrides: dict | None = None):
    scn = finsim.load(SCENARIOS / name, overrides)
    program = compile_program(scn)
    spec = RunSpec(scn, count, 5)
    programs = [_drawn(spec, program, i)[0] for i in range(count)]
    parts = [simulate(p.model, np.random.SeedSequence(5, spawn_key=(0, i)))
             for i, p in enumerate(programs)]
    return programs, parts


def _alone_cuts(spells, months: int, years: int, origin: Month) -> TenureCuts:
    return TenureCuts(spells.entry, spells.exit, months, years, origin=origin)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.integers(1, 4), st.lists(st.tuples(
    st.integers(0, 3), st.floats(-40, 40, allow_nan=False), st.floats(0, 60, allow_nan=False),
    st.integers(0, 5)), max_size=40))
def test_cuts_of_a_batch_sum_each_replication_as_alone(months: int, years: int,
                                                        rows: list) -> None:
    """Spells of several replications cut at once: each replication's sums (by any
    grouping, with and without tenure years) are bit for bit its spells cut alone, the
    replications with no spells included."""
    rows = sorted(rows, key=lambda row: row[0])  # replication by replication
    count = 1 + max((row[0] for row in rows), default=0)
    rep = np.array([row[0] for row in rows], dtype=np.int64)
    start = np.array([row[1] for row in rows], dtype=float)
    end = start + np.array([row[2] for row in rows], dtype=float)
    group = np.array([row[3] for row in rows], dtype=np.int64)
    together = TenureCuts(start, end, months, years, rep, count, LEAP)
    placed = MonthCuts(start, end, months, rep, count).summed(group, 6)
    for r in range(count):
        mine = rep == r
        alone = TenureCuts(start[mine], end[mine], months, years,
                           origin=LEAP).summed(group[mine], 6)[0]
        by_month = MonthCuts(start[mine], end[mine], months).summed(group[mine], 6)[0]
        assert_identical(together.summed(group, 6)[r], alone)
        assert_identical(placed[r], by_month)


def check_ledgers(costs, parts) -> None:
    batch = spell_batch(parts)
    months, origin = costs[0].months, costs[0].origin
    cuts = spell_cuts_many(batch, months, origin)
    assert cuts.years == max(spell_cuts(p, months, origin).years for p in parts)
    batched = build_ledger_many(costs, batch, cuts)
    alone = [build_ledger(c, p, _alone_cuts(p, months, cuts.years, origin))
             for c, p in zip(costs, parts, strict=True)]
    assert_identical(batched, stack(alone))
    assert_identical(batched.by_category, np.stack([a.by_category for a in alone]))
    for r, ledger in enumerate(alone):  # and each replication's part is its own
        assert_identical(unstack(batched, r).cost, ledger.cost)


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml")))
def test_drawn_ledgers_batched_are_each_alone(name: str) -> None:
    programs, parts = _drawn_programs(name, 4)
    check_ledgers([p.costs for p in programs], parts)


def test_a_ledger_alone_is_a_batch_of_one() -> None:
    programs, parts = _drawn_programs("aktiv-statt-passiv-2013.yaml", 1)
    costs, spells = programs[0].costs, parts[0]
    alone = build_ledger(costs, spells)
    batched = build_ledger_many([costs], spell_batch([spells]),
                                spell_cuts_many(spell_batch([spells]), costs.months,
                                                costs.origin))
    assert_identical(stack([alone]), batched)


def _varied(costs, r: int):
    """``costs`` with every rate changed for replication ``r`` (r = 0: as compiled)."""
    if r == 0:
        return costs
    rates = dict(zip(CATEGORIES, costs.rates, strict=True))
    staff: StaffRates = rates["staff"]
    modules: Modules = rates["qualification"]
    months = costs.months
    rates["wages"] = rates["wages"] * (1.0 + 0.013 * r)
    rates["staff"] = StaffRates(coach=staff.coach * (1 + 0.1 * r),
                                per_coach=staff.per_coach + r,
                                management=staff.management * (1 - 0.05 * r))
    rates["material"] = rates["material"] + 3.0 * r
    rates["overhead"] = rates["overhead"] + 0.01 * r
    rates["qualification"] = Modules(
        tuple(m + 13.0 * r if k % 2 else m for k, m in enumerate(modules.month)),
        tuple(c * (1 + 0.2 * r) for c in modules.cost),
        None if r == 1 else np.linspace(1.0, 1.0 + 0.1 * r, months))
    rates["one_off"] = tuple(
        tuple(dataclasses.replace(o, month=(o.month + 3 * r - 1) % 12 + 1,
                                  amount=o.amount * (1 + 0.1 * r), pro_rata=r != 2)
              for o in own) for own in rates["one_off"])
    booked = np.full((months, len(costs.provider_ids), len(CATEGORIES)), np.nan)
    booked[2 * r, 0, :] = 1000.0 * r
    booked[2 * r + 1, -1, 0] = 0.0
    return dataclasses.replace(costs, rates=tuple(rates[c] for c in CATEGORIES),
                               slots=costs.slots + r, booked=booked)


@pytest.mark.parametrize("name", ["aktiv-statt-passiv-2026-16i-tariff.yaml",
                                  "aktiv-statt-passiv-2013.yaml"])
def test_ledgers_of_replications_with_different_rates(name: str) -> None:
    """Every category's rates made to differ by replication, the booked costs too: each
    replication's ledger in the batch is its own (the tariff file pays a one-off; its
    month, amount and pro rata differ by replication here)."""
    programs, parts = _drawn_programs(name, 4)
    costs = [_varied(p.costs, r) for r, p in enumerate(programs)]
    assert any(costs[1].rates[CATEGORIES.index("one_off")]) == (name.endswith("tariff.yaml"))
    check_ledgers(costs, parts)
    same = [programs[0].costs] * 2 + [costs[1]]  # shared objects and a differing one
    check_ledgers(same, parts[:3])


def test_one_off_in_the_batch_charged_as_alone_by_hand() -> None:
    """A one-off payment due in a month a replication names: its cost appears there only
    in that replication (a hand-computed amount: 1000 EUR to the one person in a slot)."""
    programs, parts = _drawn_programs("aktiv-statt-passiv-2026-16i-tariff.yaml", 2)
    costs = programs[0].costs
    one_off = CATEGORIES.index("one_off")
    months = costs.months
    rates = [tuple((OneOffRate(m, np.full(months, 1000.0), False),) for _ in costs.provider_ids)
             for m in (2, 5)]
    each = [dataclasses.replace(costs, rates=tuple(rates[r] if c == one_off else x
                                                   for c, x in enumerate(costs.rates)))
            for r in range(2)]
    one = parts[0]
    first = {c: getattr(one, c)[:1] for c in ENTRANT_COLUMNS}
    spells = dataclasses.replace(one, **{**first, "provider": np.array([0]),
                                         "entry": np.array([0.0]),
                                         "exit": np.array([float(months)])})
    batch = spell_batch([spells, spells])
    ledger = build_ledger_many(each, batch, spell_cuts_many(batch, months, costs.origin))
    charged = ledger.cost[:, :, 0, one_off, :].sum(axis=-1)  # [R, months]
    start = costs.first_month
    for r, month in enumerate((2, 5)):
        due = [m for m in range(months) if (m + start - 1) % 12 + 1 == month]
        expected = np.zeros(months)
        expected[due] = 1000.0
        assert charged[r].tolist() == expected.tolist()


def check_avoided(programs, parts) -> None:
    batch = spell_batch(parts)
    months, origin = programs[0].costs.months, programs[0].costs.origin
    cuts = spell_cuts_many(batch, months, origin)
    scenarios = [p.scenario for p in programs]
    batched = avoided_benefits_many(scenarios, batch, [p.benefits for p in programs], cuts)
    alone = [avoided_benefits(p.scenario, s, cuts.years, p.benefits,
                              _alone_cuts(s, months, cuts.years, origin))
             for p, s in zip(programs, parts, strict=True)]
    assert_identical(batched, stack(alone))
    ledger = build_ledger_many([p.costs for p in programs], batch, cuts)
    share = np.linspace(0.3, 0.9, len(CATEGORIES) * cuts.years).reshape(len(CATEGORIES), -1)
    for payer in [*programs[0].benefits.by_payer, "nobody"]:
        assert_identical(batched.rate(payer), np.stack([a.rate(payer) for a in alone]))
        assert_identical(batched.while_employed(payer),
                         np.stack([a.while_employed(payer) for a in alone]))
        assert_identical(limited_wages(share, ledger.cost, batched, payer), np.stack(
            [limited_wages(share, unstack(ledger, r).cost, a, payer)
             for r, a in enumerate(alone)]))
        shares = np.stack([share * (1 - 0.1 * r) for r in range(len(alone))])
        assert_identical(limited_wages(shares, ledger.cost, batched, payer), np.stack(
            [limited_wages(shares[r], unstack(ledger, r).cost, a, payer)
             for r, a in enumerate(alone)]))


@pytest.mark.parametrize("name", ["aktiv-statt-passiv-2013.yaml",
                                  "aktiv-statt-passiv-2026-16i.yaml",
                                  "aktiv-statt-passiv-2026-minimum-wage.yaml"])
@pytest.mark.parametrize("after_placement", [False, True])
def test_benefits_avoided_batched_are_each_alone(name: str, after_placement: bool) -> None:
    programs, parts = _drawn_programs(
        name, 4, {"passive_benefits.after_placement": after_placement})
    check_avoided(programs, parts)


def test_benefits_avoided_with_rates_differing_by_replication() -> None:
    """A drawn benefit rate (each replication its own rate tables), and replications
    that credit benefits after a placement beside ones that do not."""
    programs, parts = _drawn_programs("aktiv-statt-passiv-2013.yaml", 3)
    later, _ = _drawn_programs("aktiv-statt-passiv-2013.yaml", 3,
                               {"passive_benefits.after_placement": True})
    mixed = []
    for r, (p, q) in enumerate(zip(programs, later, strict=True)):
        chosen = q if r == 1 else p
        rates = dataclasses.replace(chosen.benefits, by_payer={
            k: v * (1.0 + 0.07 * r) for k, v in chosen.benefits.by_payer.items()})
        mixed.append(dataclasses.replace(chosen, benefits=rates))
    check_avoided(mixed, parts)
    assert not np.array_equal(avoided_benefits(later[1].scenario, parts[1], 2).by_payer["kommune"],
                              avoided_benefits(programs[1].scenario, parts[1], 2)
                              .by_payer["kommune"])
