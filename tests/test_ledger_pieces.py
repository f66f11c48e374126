"""The fast difference-array occupancy equals the plain piece-by-piece definition, and the
ledger's faster passes equal the ones they replaced, bit for bit."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.ledger import month_pieces, occupancy, tenure_occupancy
from finsim.ledger.categories import Charges, Modules, Qualification
from finsim.ledger.pieces import TenureCuts, tenure_segments

times = st.floats(0, 40, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.lists(st.tuples(times, times, st.integers(0, 2)), max_size=30))
def test_occupancy_matches_month_pieces(months: int, rows: list) -> None:
    start = np.array([min(a, b) for a, b, _ in rows], dtype=float)
    end = np.array([max(a, b) for a, b, _ in rows], dtype=float)
    group = np.array([g for *_, g in rows], dtype=np.int64)
    pieces = month_pieces(start, end, months)
    reference = np.zeros((months, 3))
    np.add.at(reference, (pieces.month, group[pieces.owner]), pieces.length)
    assert np.allclose(occupancy(start, end, group, months, 3), reference, atol=1e-9)
    by_year = tenure_occupancy(start, end, group, months, 3, 4)
    assert np.allclose(by_year.sum(axis=-1), reference, atol=1e-9)


def test_tenure_segments_cut_at_anniversaries() -> None:
    owner, start, end, year = tenure_segments(np.array([0.5, 3.0]), np.array([26.0, 5.0]), 3)
    assert owner.tolist() == [0, 1, 0, 0]  # year by year, spells in order within each
    assert start.tolist() == [0.5, 3.0, 12.5, 24.5]
    assert end.tolist() == [12.5, 5.0, 24.5, 26.0]
    assert year.tolist() == [0, 0, 1, 2]


def test_interval_to_the_horizon_end_and_empty_ones() -> None:
    occ = occupancy(np.array([2.5, 3.0, 1.0]), np.array([4.0, 3.0, 0.5]),
                    np.array([0, 0, 0]), 4, 1)
    assert occ[:, 0].tolist() == [0.0, 0.0, 0.5, 1.0]


def _occupancy_part_by_part(start: np.ndarray, end: np.ndarray, group: np.ndarray,
                            months: int, groups: int) -> np.ndarray:
    """The difference-array occupancy as first written: each part's intervals picked out
    by a mask and summed on their own (the reference ``MonthCuts`` must equal bit for bit)."""
    start, end = np.clip(start, 0.0, months), np.clip(end, 0.0, months)
    keep = end > start
    start, end, group = start[keep], end[keep], group[keep]
    first, last = np.floor(start).astype(np.int64), np.floor(end).astype(np.int64)
    size, same = (months + 1) * groups, first == last

    def add(month, weights, mask):
        return np.bincount(month[mask] * groups + group[mask],
                           weights=None if weights is None else weights[mask], minlength=size)

    partial = (add(first, end - start, same) + add(first, first + 1.0 - start, ~same)
               + add(last, end - last, ~same))
    whole = np.cumsum((add(first + 1, None, ~same) - add(last, None, ~same))
                      .reshape(months + 1, groups), axis=0)
    return (partial.reshape(months + 1, groups) + whole)[:months]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.lists(st.tuples(times, times, st.integers(0, 2),
                                               st.integers(0, 1)), max_size=30))
def test_spells_cut_once_sum_by_each_grouping_exactly_as_cut_for_each(months: int,
                                                                     rows: list) -> None:
    """The ledger (by provider) and the benefits avoided (by provider and household) sum
    one set of cuts: each sum is bit for bit what cutting the spells for it alone gives."""
    start = np.array([min(a, b) - 3.0 for a, b, *_ in rows], dtype=float)  # some before 0
    end = np.array([max(a, b) for a, b, *_ in rows], dtype=float)
    provider = np.array([p for *_, p, _ in rows], dtype=np.int64)
    household = provider * 2 + np.array([h for *_, h in rows], dtype=np.int64)
    cuts = TenureCuts(start, end, months, 4)
    for group, groups in ((provider, 3), (household, 6)):
        # cut spell by spell (each spell's years one after the other): the sums of each
        # (month, group, year) add the same parts in the same order as year by year
        owner, seg_start, seg_end, year = _segments_dense(start, end, 4)
        alone = _occupancy_part_by_part(seg_start, seg_end, group[owner] * 4 + year, months,
                                        groups * 4).reshape(months, groups, 4)
        assert np.array_equal(cuts.summed(group, groups)[0], alone)
        assert np.array_equal(tenure_occupancy(start, end, group, months, groups, 4), alone)


def _modules_one_by_one(rates: Modules, entry, exit_, provider, taken_modules, months,
                        n_prov, years) -> np.ndarray:
    """The qualification charge as first written: one pass per module, in order."""
    out = np.zeros(months * n_prov * years)
    for j, (at, cost) in enumerate(zip(rates.month, rates.cost, strict=True)):
        due = entry + at
        taken = taken_modules[:, j] & (due >= 0) & (due < months)
        if at > 0:
            taken &= due < exit_
        month = np.floor(due[taken]).astype(np.int64)
        index = (month * n_prov + provider[taken]) * years + min(int(at // 12), years - 1)
        weights = None if rates.index is None else rates.index[month]
        out += np.bincount(index, weights=weights, minlength=out.size) * cost
    return out.reshape(months, n_prov, years)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.lists(st.tuples(times, times, st.integers(0, 2),
                                               st.lists(st.booleans(), min_size=4,
                                                        max_size=4)), max_size=25),
       st.lists(st.tuples(st.sampled_from([0.0, 1.0, 5.5, 12.0, 13.0, 30.0]),
                          st.floats(0.01, 5000, allow_nan=False)), min_size=4, max_size=4),
       st.booleans())
def test_modules_charged_in_one_pass_as_one_by_one(months: int, rows: list, modules: list,
                                                   indexed: bool) -> None:
    """All modules counted in one pass, then priced module by module: bit for bit the
    sums of one pass per module (with and without a price index)."""
    entry = np.array([min(a, b) - 2.0 for a, b, *_ in rows], dtype=float)
    exit_ = np.array([max(a, b) for a, b, *_ in rows], dtype=float)
    provider = np.array([p for *_, p, _ in rows], dtype=np.int64)
    taken = np.array([m for *_, m in rows], dtype=bool).reshape(len(rows), 4)
    index = np.linspace(1.0, 1.37, months) if indexed else None
    rates = Modules(tuple(m for m, _ in modules), tuple(c for _, c in modules), index)
    years = 3
    spells = SimpleNamespace(entry=entry, exit=exit_, provider=provider, modules=taken)
    on = Charges(in_slot=np.zeros((1, months, 3, years)), occupied=np.zeros((1, months, 3)),
                 slots=np.zeros((months, 3)), spells=spells,
                 rep=np.zeros(len(rows), dtype=np.int64), earlier={})
    assert np.array_equal(Qualification.charge([rates], on)[0],
                          _modules_one_by_one(rates, entry, exit_, provider, taken, months,
                                              3, years))


def _segments_dense(entry: np.ndarray, exit_: np.ndarray, years: int,
                    by_year: bool = False) -> tuple:
    """Tenure segments as first written: every spell by every tenure year, spell by spell
    (or, ``by_year``, year by year and the spells in order within each)."""
    entry, exit_ = entry[:, None], exit_[:, None]
    k = np.arange(years, dtype=float)[None, :]
    seg_start = entry + 12.0 * k
    seg_end = np.where(k == years - 1, exit_, np.minimum(exit_, entry + 12.0 * (k + 1)))
    if by_year:
        year, owner = np.nonzero((seg_end > seg_start).T)
    else:
        owner, year = np.nonzero(seg_end > seg_start)
    return owner, seg_start[owner, year], seg_end[owner, year], year


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 12), st.lists(st.tuples(
    st.one_of(times, st.sampled_from([-36.0, -12.0, 0.0, 1.0 / 3.0, 12.0, 24.0])),
    st.one_of(st.floats(0, 200, allow_nan=False), st.sampled_from([12.0, 24.0, 36.0, 1e-9]))),
    max_size=30))
def test_tenure_segments_of_each_spell_as_by_every_year(years: int, rows: list) -> None:
    """Each spell cut only as often as its length needs: the same segments, in the same
    order and to the bit, as cutting every spell at every tenure year (lengths at exact
    multiples of a year included)."""
    entry = np.array([a for a, _ in rows], dtype=float)
    exit_ = entry + np.array([d for _, d in rows], dtype=float)
    for got, expected in zip(tenure_segments(entry, exit_, years),
                             _segments_dense(entry, exit_, years, by_year=True),
                             strict=True):
        assert np.array_equal(got, expected)
