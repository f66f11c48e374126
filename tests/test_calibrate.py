"""``finsim calibrate``'s estimator: hand-worked values, and hazards recovered from spells
that finsim itself simulated with known hazards (censored at the horizon and the cap)."""

from __future__ import annotations

import math
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml

from finsim.analysis.calibrate import (
    CENSORED,
    Aliased,
    NoEstimate,
    Tenures,
    _poisson_mle,
    aalen_johansen,
    calibrate,
    garwood,
)
from finsim.scenario import Scenario
from finsim.simulation import DROPOUT, PLACEMENT, compile_model, simulate

P, D, C = PLACEMENT, DROPOUT, CENSORED


def tenures(tenure, reason, provider=None, attributes=None, cap=12.0, providers=("a",),
            attribute_names=(), attribute_values=()) -> Tenures:
    n = len(tenure)
    return Tenures(
        tenure=np.asarray(tenure, dtype=float), start=np.zeros(n),
        reason=np.asarray(reason, dtype=np.int8),
        provider=np.zeros(n, dtype=np.int64) if provider is None else np.asarray(provider),
        attributes=np.zeros((n, 0), dtype=np.int64) if attributes is None
        else np.asarray(attributes),
        cap=np.full(n, cap), provider_ids=providers, attribute_names=attribute_names,
        attribute_values=attribute_values)


# Five spells, cap 12: placed at 4 and 8, dropped out at 2.5, still in at 6, reached the
# cap at 12 (and one more month recorded past it, which does not count).
HAND = tenures([4.0, 13.0, 2.5, 6.0, 8.0], [P, C, D, C, P])


def test_hand_worked_events_exposure_and_exact_intervals():
    fit = calibrate(HAND)
    assert fit.exposure == pytest.approx(4 + 12 + 2.5 + 6 + 8)  # 32.5 person-months
    assert fit.censored == {"still in or other": 1, "max_duration": 1}
    placement, dropout = fit.fits["placement"].program, fit.fits["dropout"].program
    assert (placement.events, dropout.events) == (2, 1)
    assert placement.value == pytest.approx(2 / 32.5)
    assert placement.probability == pytest.approx(1 - math.exp(-2 / 32.5))
    # Garwood: chi2(0.05; 4) / 65 and chi2(0.95; 6) / 65, from the chi-square table.
    assert placement.low == pytest.approx(0.710723 / 65, rel=1e-5)
    assert placement.high == pytest.approx(12.591587 / 65, rel=1e-6)
    # With 2 degrees of freedom the chi-square quantile is -2 ln(1 - q).
    assert dropout.low == pytest.approx(-2 * math.log(0.95) / 65)
    assert dropout.high == pytest.approx(9.487729 / 65, rel=1e-6)
    assert placement.method == dropout.method == "exact Poisson"
    # Fitted cumulative incidence at the cap: h_p / H (1 - exp(-12 H)), H = 3 / 32.5.
    assert fit.incidence.fitted["placement"][-1] == pytest.approx(
        2 / 3 * (1 - math.exp(-12 * 3 / 32.5)))


def test_no_events_gives_zero_with_an_upper_bound():
    assert garwood(0, 50.0) == (0.0, pytest.approx(-math.log(0.05) / 50))


def test_aalen_johansen_by_hand():
    # Exits at 2.5 (dropout, 5 at risk), 4 (placement, 4 at risk), censored at 6,
    # 8 (placement, 2 at risk), censored at 12.
    cif = aalen_johansen(np.zeros(5), np.array([4.0, 12.0, 2.5, 6.0, 8.0]),
                         np.array([P, C, D, C, P]),
                         np.array([0.0, 3.0, 4.0, 7.0, 12.0]), (P, D))
    np.testing.assert_allclose(cif[D], [0, 0.2, 0.2, 0.2, 0.2])
    np.testing.assert_allclose(cif[P], [0, 0, 0.8 / 4, 0.2, 0.2 + 0.6 / 2])


def test_delayed_entry_counts_exposure_from_the_first_observed_tenure():
    # Observed from tenure 0 to 4 (placed), from 3 to 5 (dropout), from 0 to 6 (still in);
    # one more spell ended before the data began (start 2 > tenure 1): it adds nothing.
    data = tenures([4.0, 5.0, 6.0, 1.0], [P, D, C, P])
    data = Tenures(**{**data.__dict__, "start": np.array([0.0, 3.0, 0.0, 2.0])})
    fit = calibrate(data)
    assert fit.spells == 3 and fit.exposure == pytest.approx(4 + 2 + 6)
    assert fit.fits["placement"].program.events == 1
    # Aalen-Johansen with delayed entry: 3 at risk at 4 (B entered at 3), 2 at 5.
    cif = aalen_johansen(np.array([0.0, 3.0, 0.0]), np.array([4.0, 5.0, 6.0]),
                         np.array([P, D, C]), np.array([4.0, 5.0]), (P, D))
    np.testing.assert_allclose(cif[P], [1 / 3, 1 / 3])
    np.testing.assert_allclose(cif[D], [0, 2 / 3 * 1 / 2])


def test_providers_and_groups_get_their_own_only_with_enough_events():
    # Provider a: 10 placements in 100 months; b: 9 in 90; c: 30 in 90.
    tenure = np.r_[np.full(10, 10.0), np.full(9, 10.0), np.full(30, 3.0)]
    provider = np.r_[np.zeros(10), np.ones(9), np.full(30, 2)].astype(int)
    data = tenures(tenure, np.full(tenure.size, P), provider, providers=("a", "b", "c"))
    fit = calibrate(data, min_events=10).fits["placement"]
    # a and c have 10 events or more, but only c's rate differs from the others' at
    # 1 %: exact conditional test, c's 30 of 49 events against its exposure's share
    # 90 / 280, p = 0.00004; a's 10 of 49 against 100 / 280, p = 0.025. a (0.1) is
    # pooled with b (0.1), as it should be: the same rate.
    assert fit.program_from == ("a", "b")
    assert set(fit.providers) == {"c"}
    assert fit.program.value == pytest.approx(19 / 190)
    assert fit.providers["c"].value == pytest.approx(30 / 90)
    assert fit.providers["c"].low == pytest.approx(garwood(30, 90.0)[0])
    # Without b both a and c differ (p = 0.0007), but the pooled rest must carry 10
    # events: the own level with the most spells (c, 30 against a's 10) joins it.
    without_b = tenures(tenure[provider != 1], np.full(40, P), provider[provider != 1],
                        providers=("a", "b", "c"))
    fit = calibrate(without_b, min_events=10).fits["placement"]
    assert fit.program_from == ("c",) and set(fit.providers) == {"a"}
    assert fit.providers["a"].value == pytest.approx(10 / 100)
    # With 31 events needed all would pool at 49 / 280 = 0.175, but c's 30 in 90
    # (0.333, 99 % from 0.197) clearly differ: c keeps its own (``apart``).
    everything = calibrate(data, min_events=31).fits["placement"]
    assert everything.program_from == ("a", "b") and set(everything.providers) == {"c"}
    assert everything.program.value == pytest.approx(19 / 190)
    assert [(ap.provider, ap.pooled) for ap in everything.apart] == [
        ("c", pytest.approx(49 / 280))]


AGES = (("age",), (("young", "mid", "old"),))


def test_a_group_found_at_one_provider_only_is_pooled_and_named():
    """30 spells at a, young and mid alternating; 12 at b, all old: old and b single out
    the same spells, so their factors cannot both be fitted (a singular information
    matrix before). The provider keeps its own hazard; old joins the reference. (b's
    rate, 12 / 12, differs from a's 30 / 150: an equal one would pool b.)"""
    tenure = np.r_[np.full(30, 5.0), np.full(12, 1.0)]
    provider = np.r_[np.zeros(30), np.ones(12)].astype(int)
    age = np.r_[np.arange(30) % 2, np.full(12, 2)][:, None]
    data = tenures(tenure, np.full(42, P), provider, age, providers=("a", "b"),
                   attribute_names=AGES[0], attribute_values=AGES[1])
    fit = calibrate(data).fits["placement"]
    assert fit.aliased == (Aliased("age", "old", ("b",)),)
    assert fit.pooled_attributes == {"age": ("young", "old")}
    assert [m.value for m in fit.modifiers] == ["mid"]
    assert fit.providers["b"].value == pytest.approx(12 / 12)  # b's own D / E
    assert fit.program.value == pytest.approx(15 / 75)  # a's young
    assert not calibrate(data).fits["dropout"].aliased  # no events: nothing fitted


def test_a_group_whose_events_all_lie_at_one_provider_is_pooled():
    """With --min-events 1: b has eight old people placed and one young still in. The
    likelihood rises without end as b's hazard goes to 0 and old's factor to infinity
    (no finite estimate, a singular matrix in Newton's method before): old is pooled.
    b's 8 placements in 10 months differ from a's 30 / 150 at 1 % (exact conditional
    test, p = 0.002), so b has its own level (an equal rate would pool it)."""
    tenure = np.r_[np.full(30, 5.0), np.full(8, 0.5), 6.0]
    provider = np.r_[np.zeros(30), np.ones(9)].astype(int)
    age = np.r_[np.arange(30) % 2, np.full(8, 2), 0][:, None]
    reason = np.r_[np.full(38, P), C]
    data = tenures(tenure, reason, provider, age, providers=("a", "b"),
                   attribute_names=AGES[0], attribute_values=AGES[1])
    fit = calibrate(data, min_events=1).fits["placement"]
    assert fit.aliased == (Aliased("age", "old", ("b",)),)
    assert fit.providers["b"].value == pytest.approx(8 / 10, rel=1e-6)
    assert np.isfinite([fit.program.high, *(m.factor.high for m in fit.modifiers)]).all()


def test_identical_providers_near_the_threshold_give_an_unbiased_pooled_hazard():
    """Nine providers with the same hazards (placement 0.03, dropout 0.02 a month, cap
    24), 300 spells: about 14 placements and 9 dropouts each, near --min-events 10.
    Splitting off every provider with 10 events kept the unlucky ones in the pool: its
    mean over 150 seeded datasets was 12-20 % low and its 90 % interval covered the
    truth in 72-77 % of them. Now a provider splits only when its rate differs from the
    others' at 1 %: the pooled mean lies within 3 % of the truth and the interval
    covers it in at least 85 %."""
    rng = np.random.default_rng(2013)
    truth = {"placement": 0.03, "dropout": 0.02}
    values = {name: [] for name in truth}
    covered = {name: 0 for name in truth}
    datasets = 150
    for _ in range(datasets):
        tenure = rng.exponential(1 / sum(truth.values()), 300)
        reason = np.where(rng.random(300) < 0.6, P, D)  # 0.03 / (0.03 + 0.02)
        data = tenures(tenure, reason, rng.integers(9, size=300), cap=24.0,
                       providers=tuple("abcdefghi"))
        for name, fit in calibrate(data).fits.items():
            values[name].append(fit.program.value)
            covered[name] += fit.program.low <= truth[name] <= fit.program.high
    for name, value in truth.items():
        assert np.mean(values[name]) == pytest.approx(value, rel=0.03), name
        assert covered[name] / datasets >= 0.85, (name, covered[name])


def test_spells_observed_for_no_time_are_counted_by_why():
    """A spell entering on the end of the data (tenure 0) and one that ended before
    --since (tenure 2, observed from 3) add nothing: left out of ``spells`` and named."""
    data = tenures([4.0, 0.0, 2.0], [P, C, D])
    data = Tenures(data.tenure, np.array([0.0, 0.0, 3.0]), data.reason, data.provider,
                   data.attributes, data.cap, data.provider_ids)
    fit = calibrate(data)
    assert (fit.spells, fit.exposure) == (1, 4.0)
    assert fit.unobserved == {"entered on the end of the data": 1, "ended before --since": 1}
    assert calibrate(HAND).unobserved == {}


def test_a_large_finite_group_factor_is_fitted_to_its_closed_form():
    """With --min-events 1: young has 1 placement in 108.86 person-months (4 spells at
    the 24-month cap, one placed at 12.86), old 1 in 1.29; mid has none and joins young
    with it. Two cells, two parameters: the MLE is each cell's D / E, the reference's
    1 / 108.86 and old's factor 108.86 / 1.29 = 84.39, with Wald variances 1/1 and
    1/1 + 1/1 on the log scale. Newton's first full step (factor e^42) ended in a
    singular matrix (exit 1) before."""
    data = tenures([24.0, 24.0, 24.0, 24.0, 12.86, 1.29], [C, C, C, C, P, P],
                   attributes=np.array([[0], [0], [0], [0], [0], [2]]), cap=24.0,
                   attribute_names=AGES[0], attribute_values=AGES[1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow in exp, no invalid value on the way
        fit = calibrate(data, min_events=1).fits["placement"]
    assert fit.pooled_attributes == {"age": ("young", "mid")}
    assert fit.program.value == pytest.approx(1 / 108.86, rel=1e-9)
    (old,) = fit.modifiers
    assert old.value == "old" and old.factor.value == pytest.approx(108.86 / 1.29, rel=1e-9)
    z = 1.6448536269514722  # the normal's 95 % quantile
    assert old.factor.low == pytest.approx(108.86 / 1.29 * math.exp(-z * math.sqrt(2)))
    assert fit.program.high == pytest.approx(math.exp(z) / 108.86)


def test_a_fit_without_a_finite_estimate_is_refused_not_crashed():
    """The reference cell has no event, the group's has one: the likelihood rises without
    end (reference to 0, factor to infinity). The fit says so (the CLI's one line)
    rather than a singular matrix."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NoEstimate, match="no finite estimate"):
            _poisson_mle(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([0.0, 1.0]),
                         np.array([10.0, 1.0]), 1)


def scenario(months: int = 36) -> Scenario:
    """Two providers with different dropout, a group with half the placement hazard; the
    horizon censors the people still in, the 12-month cap censors the long stayers."""
    return Scenario.model_validate({
        "name": "known hazards", "period": {"start": "2020-01", "months": months},
        "participants": {"referrals_per_month": 40, "patience_months": 1.0, "initial": "full",
                         "mix": {"age": {"young": 0.6, "old": 0.4}}},
        "employment": {"max_months": 12, "hazards": {"placement": 0.05, "dropout": 0.03},
                       "modifiers": [{"when": {"age": "old"}, "placement": 0.5}]},
        "providers": [{"id": "a", "slots": 100},
                      {"id": "b", "slots": 60,
                       "employment": {"hazards": {"dropout": 0.06}}}],
        "costs": {"wages": {"hourly": 10.0}},
    })


def h(p: float) -> float:
    return -math.log(1 - p)


def test_known_hazards_are_recovered_in_about_90_percent_of_seeds():
    """300 seeds, not 100: when the maximum came to end by the calendar (the exits of
    February entrants moved by hours, and with them every later event), seeds 0-99
    covered dropout at b in 79 (before: 90); over 300 seeds 85 %, and its mean estimate
    is as unbiased as before (0.0621 for the true 0.0619; 0.0620 before), so a
    realization's luck, which 300 seeds narrow."""
    model = compile_model(scenario())
    truth = {("placement", "program"): h(0.05), ("placement", "b"): h(0.05),
             ("placement", "old"): 0.5, ("dropout", "program"): h(0.03),
             ("dropout", "b"): h(0.06), ("dropout", "old"): 1.0}
    hits = {key: 0 for key in truth}
    seeds = 300  # six hazards x 300 seeds: a per-hazard share is 0.9 +- 0.017
    for seed in range(seeds):
        spells = simulate(model, np.random.SeedSequence(seed))
        assert (spells.reason == 3).any() and (spells.exit - spells.entry >= 12).any()
        fits = calibrate(Tenures.from_simulation(spells, 12.0)).fits
        for (reason, what), value in truth.items():
            fit = fits[reason]
            # b's placement is the program's: pooled unless the data say it differs.
            est = (fit.program if what == "program" else fit.providers.get(what)
                   or next((m.factor for m in fit.modifiers if m.value == what),
                           fit.program))
            hits[reason, what] += est.low <= value <= est.high
    coverage = {key: n / seeds for key, n in hits.items()}
    assert all(0.8 <= c <= 0.97 for c in coverage.values()), str(coverage)
    assert 0.85 <= np.mean(list(coverage.values())) <= 0.95, str(coverage)


def test_exact_intervals_cover_pooled_hazards():
    """Without groups or own providers: crude rates, exact intervals, also at the cap."""
    data = scenario().model_dump()
    data["participants"]["mix"] = {}
    data["employment"]["modifiers"] = []
    data["providers"] = [{"id": "a", "slots": 40}]
    model = compile_model(Scenario.model_validate(data))
    hits = np.zeros(2)
    for seed in range(50):
        fits = calibrate(Tenures.from_simulation(simulate(model, np.random.SeedSequence(seed)),
                                                 12.0), min_events=1000).fits
        for k, (reason, p) in enumerate((("placement", 0.05), ("dropout", 0.03))):
            assert fits[reason].program.method == "exact Poisson"
            hits[k] += fits[reason].program.low <= h(p) <= fits[reason].program.high
    assert np.all((hits / 50 >= 0.8) & (hits / 50 <= 0.98)), hits


def test_constant_hazards_pass_the_band_test_and_a_step_fails_it():
    rng = np.random.default_rng(7)
    n = 4000
    # Constant: Exp(0.05) placement, Exp(0.03) dropout, cap 12.
    tp, td = rng.exponential(1 / 0.05, n), rng.exponential(1 / 0.03, n)
    t = np.minimum(np.minimum(tp, td), 12.0)
    reason = np.where(t >= 12.0, C, np.where(tp < td, P, D))
    constant = calibrate(tenures(t, reason)).fits["placement"].bands
    assert constant.df == 1 and constant.p_value > 0.01
    np.testing.assert_allclose(constant.observed.sum(), constant.expected.sum())
    # Placement hazard 0.02 in the first six months, 0.10 after.
    late = 6.0 + rng.exponential(1 / 0.10, n)
    early = rng.exponential(1 / 0.02, n)
    tp = np.where(early < 6.0, early, late)
    t = np.minimum(np.minimum(tp, td), 12.0)
    reason = np.where(t >= 12.0, C, np.where(tp < td, P, D))
    step = calibrate(tenures(t, reason)).fits["placement"].bands
    assert step.p_value < 1e-6
    assert step.observed[0] < step.expected[0] and step.observed[1] > step.expected[1]


def test_one_band_is_no_test_not_a_pass():
    """--band-months 12 on spells of a 12-month maximum: one band, df 0. No p-value: the
    terminal, the page and the tenure table's empty cell say there is no test (a p of 1
    read as a constant hazard passed)."""
    from finsim.report.calibration import summary_lines, tenure_table
    from finsim.report.html_calibrate import band_test_lines, fit_warnings

    fit = calibrate(HAND, band_months=12.0)
    bands = fit.fits["placement"].bands
    assert (bands.df, bands.p_value, bands.rejects) == (0, None, False)
    assert summary_lines(fit).count(
        "  constant over tenure bands: no test: the exposure lies in one tenure band, with "
        "nothing to compare it with (a smaller --band-months makes more bands)") == 2
    assert band_test_lines(fit, "de")[0] == (
        "Vermittlung: kein Test auf konstante Rate: die Exposition liegt in einem "
        "Verweildauer-Band, es gibt nichts zu vergleichen (ein kleineres --band-months "
        "ergibt mehr Bänder)")
    assert band_test_lines(fit, "en")[1].startswith(
        "dropout: test of a constant hazard: no test: the exposure lies in one tenure band")
    assert not any("reject" in line for line in fit_warnings(fit, "en"))
    csv = tenure_table(fit).to_csv(index=False).splitlines()
    assert csv[1:] == ["placement,0.0,12.0,32.5,2,2.0,", "dropout,0.0,12.0,32.5,1,1.0,"]


def test_fitted_incidence_matches_aalen_johansen_on_finsim_spells():
    spells = simulate(compile_model(scenario()), np.random.SeedSequence(3))
    inc = calibrate(Tenures.from_simulation(spells, 12.0)).incidence
    for reason in ("placement", "dropout"):
        assert np.max(np.abs(inc.observed[reason] - inc.fitted[reason])) < 0.04
    assert inc.grid[-1] == 12.0


def test_the_fitted_incidence_runs_past_a_shorter_maximum_as_the_observed_one_does():
    # The HAND spells, the ones still in at 6 and reaching 12 with a maximum of 6 (a
    # returner funded 6 months before): exposure 4 + 6 + 2.5 + 6 + 8 = 26.5, H = 3 / 26.5.
    # Aalen-Johansen censors at each spell's maximum, so the fitted curve does not stop
    # there either: h_p / H (1 - exp(-12 H)) for every spell, not (1 - exp(-6 H)) for two.
    data = replace(HAND, cap=np.array([12.0, 6.0, 12.0, 6.0, 12.0]))
    fit = calibrate(data)
    assert fit.exposure == pytest.approx(26.5)
    h = 3 / 26.5
    assert fit.incidence.fitted["placement"][-1] == pytest.approx(2 / 3 * -math.expm1(-12 * h))
    assert fit.incidence.fitted["dropout"][-1] == pytest.approx(1 / 3 * -math.expm1(-12 * h))


def test_returners_with_shorter_maxima_show_no_misfit_of_constant_hazards():
    # 4,000 spells of constant hazards (placement 0.02, dropout 0.03 a month), 40 % of
    # them returners whose maximum is 24 less 6 or 12 months: the observed and fitted
    # curves agree to sampling error at 24 months (stopping the fitted curve at each
    # maximum made it 0.04 low there).
    rng = np.random.default_rng(7)
    n = 4000
    cap = 24.0 - np.where(rng.random(n) < 0.4, rng.choice([6.0, 12.0], n), 0.0)
    exit_ = rng.exponential(1 / 0.05, n)
    reason = np.where(exit_ >= cap, C, np.where(rng.random(n) < 0.4, P, D))
    data = Tenures(tenure=np.minimum(exit_, cap), start=np.zeros(n),
                   reason=reason.astype(np.int8), provider=np.zeros(n, dtype=np.int64),
                   attributes=np.zeros((n, 0), dtype=np.int64), cap=cap, provider_ids=("a",))
    inc = calibrate(data).incidence
    assert inc.fitted["placement"][-1] == pytest.approx(0.4 * -math.expm1(-24 * 0.05), abs=0.02)
    for reason in ("placement", "dropout"):
        assert abs(inc.observed[reason][-1] - inc.fitted[reason][-1]) < 0.02


def test_the_observed_curve_and_the_tenure_table_end_where_the_data_end():
    """The HAND spells with a maximum of 24, every one followed at most 12 months: the
    observed curve ends at 12 (drawn flat to 24 it read as a fit far too high), where the
    caption compares it with the fitted one, h_r / H (1 - exp(-12 H)), H = 3 / 32.5:
    placement 0.5 against 2 / 3 x 0.66967 = 0.44645, dropout 0.2 against 0.22323. The
    bands 12-18 and 18-24, which nobody was observed in, are left out of the tenure
    table (0 observed, 0 expected and the test's p read as a fit). Placement 0-6: 24.5
    person-months, 1 observed, 24.5 x 2 / 32.5 = 1.508 expected; 6-12: 8, 1, 0.492; LR
    chi2 0.59614, p 0.440054."""
    from finsim.report.calibration import tenure_table
    from finsim.report.html_calibrate import incidence_caption, incidence_table

    fit = calibrate(tenures([4.0, 12.0, 2.5, 6.0, 8.0], [P, C, D, C, P], cap=24.0))
    inc = fit.incidence
    assert inc.observed_until == 12.0 and inc.grid[-1] == 24.0
    assert np.isnan(inc.observed["placement"][inc.grid > 12.0]).all()
    assert inc.observed["placement"][inc.grid == 12.0].tolist() == [0.5]
    assert incidence_caption(fit, "en").endswith(
        "The observed curve ends at 12 months, the longest tenure observed (nobody is at "
        "risk after it); there: placement observed 0.50, fitted 0.45; dropout observed "
        "0.20, fitted 0.22.")
    assert incidence_caption(fit, "de").endswith(
        "Die beobachtete Kurve endet nach 12 Monaten, der längsten beobachteten "
        "Verweildauer (danach ist niemand mehr unter Risiko); dort: Vermittlung beobachtet "
        "0,50, angepasst 0,45; Abbruch beobachtet 0,20, angepasst 0,22.")
    rows = incidence_table(fit, "en")
    assert ("<tr><th scope='row'>12</th><td>0.500</td><td>0.446</td><td>0.200</td>"
            "<td>0.223</td></tr><tr><th scope='row'>13</th><td>–</td><td>0.466</td>"
            "<td>–</td><td>0.233</td></tr>") in rows
    assert tenure_table(fit).to_csv(index=False).splitlines()[1:] == [
        "placement,0.0,6.0,24.5,1,1.508,0.440054", "placement,6.0,12.0,8.0,1,0.492,0.440054",
        "dropout,0.0,6.0,24.5,1,0.754,0.452199", "dropout,6.0,12.0,8.0,0,0.246,0.452199"]
    # Ended at 12.5 months: a row of its own, said to a tenth.
    half = calibrate(tenures([4.0, 12.5, 2.5, 6.0, 8.0], [P, C, D, C, P], cap=24.0))
    assert "The observed curve ends at 12.5 months" in incidence_caption(half, "en")
    assert ("<tr><th scope='row'>12.5</th><td>0.500</td><td>"
            f"{2 / 3 * -math.expm1(-12.5 * 3 / 33):.3f}</td>") in incidence_table(half, "en")
    # Ended at 11.98 months (a day short of 12): said, and shown in the row, as 12.
    short = calibrate(tenures([4.0, 11.98, 2.5, 6.0, 8.0], [P, C, D, C, P], cap=24.0))
    assert "The observed curve ends at 12 months" in incidence_caption(short, "en")
    table = incidence_table(short, "en")
    assert "<tr><th scope='row'>12</th><td>0.500</td>" in table
    assert table.count("<th scope='row'>12</th>") == 1


@pytest.mark.parametrize("events", [10, 30, 100, 1000])
def test_drawn_hazards_spread_like_the_exact_interval(events):
    """The overlay's pert (mean at the estimate, ends at the 99 % interval) has a 90 %
    range within 8 % of the exact 90 % interval from 10 events on."""
    from finsim.report.calibration import _pert
    from finsim.scenario.draws import inverse_cdf
    from finsim.scenario.model import Distribution

    exposure = 1000.0
    low, high = garwood(events, exposure)
    est = calibrate(tenures(np.full(events, exposure / events), np.full(events, P),
                            cap=2 * exposure)).fits["placement"].program
    dist = Distribution.model_validate(yaml.safe_load(_pert(est, 0.9)))
    p = lambda rate: 1 - math.exp(-rate)  # noqa: E731
    assert inverse_cdf(dist, 0.05) == pytest.approx(p(low), rel=0.08)
    assert inverse_cdf(dist, 0.95) == pytest.approx(p(high), rel=0.08)


def test_an_early_max_duration_is_refused_and_the_fit_names_the_providers_with_spells(
        tmp_path) -> None:
    """P1's max_duration after 5 months contradicts max_months 12: it was censored as
    "still in or other" without a word; now one line naming the row. With P1 leaving at
    12 months the fit runs, and its lines name provider a, whose spells give the value,
    not b, which has none (every provider of the scenario was listed)."""
    from finsim.analysis.calibrate import Tenures
    from finsim.scenario import Month, ScenarioError
    from finsim.scenario.caseload import read_caseload

    scn = scenario()
    path = tmp_path / "spells.csv"

    def read(text: str):
        path.write_text("person,provider,entry,exit,exit_reason\n" + text)
        return read_caseload(path, scn.provider_ids, scn.participants.mix, Month(2020, 1))

    spells = "P2,a,2020-01-01,2020-03-01,placement\nP3,a,2020-02-01,2020-05-01,dropout\n"
    with pytest.raises(ScenarioError) as err:
        Tenures.from_caseload(read("P1,a,2020-01-01,2020-06-01,max_duration\n" + spells),
                              scn, 24.0)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:2: exit_reason: max_duration after 5.0 months, but employment.max_months of "
        "provider a is 12: a data error, or the wrong --scenario?"]
    data = Tenures.from_caseload(read("P1,a,2020-01-01,2021-01-01,max_duration\n" + spells),
                                 scn, 24.0)
    fit = calibrate(data)
    assert fit.censored == {"still in or other": 0, "max_duration": 1}
    assert fit.fits["placement"].program_from == ("a",)


def test_an_exit_on_a_band_edge_belongs_to_the_band_of_its_last_month():
    """Ten people employed January to June drop out (tenure 6.0, all their exposure in
    band 0-6); ten more are still in at 12 months. Their exits are band 0-6's: 10 and 0
    (they were put into 6-12: 0 and 10, p = 3e-06, read as a hazard rising after 6).
    Hand: lambda = 10 / 180; expected 120 lambda = 6.667 and 60 lambda = 3.333;
    LR = 2 (10 ln(10 / 6.667) - 3.333 + 3.333) = 20 ln 1.5 = 8.109, df 1."""
    data = tenures([6.0] * 10 + [12.0] * 10, [D] * 10 + [C] * 10, cap=24.0)
    bands = calibrate(data).fits["dropout"].bands
    np.testing.assert_allclose(bands.exposure, [120.0, 60.0, 0.0, 0.0])
    np.testing.assert_array_equal(bands.observed, [10, 0, 0, 0])
    np.testing.assert_allclose(bands.expected, [120 / 18, 60 / 18, 0.0, 0.0])
    assert bands.statistic == pytest.approx(20 * math.log(1.5))
    assert bands.df == 1
    assert bands.p_value == pytest.approx(0.0044035, rel=1e-4)


def test_a_provider_clearly_apart_from_the_pool_gets_its_own_value_and_a_warning():
    """a: 20 placements in 1,000 person-months; b: none in 1,000. b was pooled with a
    (too few events in the rest) at 20 / 2,000 = 0.01 a month, which both misstate: a's
    is 0.02, and b's exact 99 % interval, 0 to -ln(0.005) / 1,000 = 0.0052983, excludes
    0.01. Now b has its own 0 (with a warning on every output), the program is a's."""
    from finsim.report.calibration import cautions, overlay_yaml, summary_lines

    data = tenures([10.0] * 200, [P] * 20 + [C] * 180, provider=[0] * 100 + [1] * 100,
                   providers=("a", "b"))
    fit = calibrate(data)
    placement = fit.fits["placement"]
    assert placement.program.value == pytest.approx(0.02)
    assert placement.program_from == ("a",)
    b = placement.providers["b"]
    assert (b.events, b.value, b.low) == (0, 0.0, 0.0)
    assert b.high == pytest.approx(-math.log(0.05) / 1000)
    (apart,) = placement.apart
    assert (apart.provider, apart.pooled, apart.split) == ("b", pytest.approx(0.01), True)
    kinds = [(kind, f["reason"], f.get("provider")) for kind, f in cautions(fit)]
    assert ("split", "placement", "b") in kinds and ("zero", "placement", "b") in kinds
    assert ("zero", "dropout", "") in kinds  # no dropout at all: the program's 0, said
    lines = summary_lines(fit)
    assert ("warning: placement at b: own value 0/month from 0 events / 1,000.0 "
            "person-months (fewer than 10 events): its 99 % interval 0-0.00529832 excludes "
            "the pooled 0.01/month it would otherwise get") in lines
    text = overlay_yaml(fit, scenario(), "base.yaml", "s.csv", "2020-12-01")
    assert "# WARNING: placement at b: own value 0/month" in text


def test_a_provider_with_enough_events_split_from_a_thin_pool_is_told_so():
    """a: no placement in 1,500 person-months; b: 22 in 1,000, apart from a (the exact
    test rejects). b joined a's pool all the same, as a's 0 events are fewer than 10, at
    22 / 2,500 = 0.0088 a month, which b's 99 % interval, chi2(0.005; 44) / 2,000 =
    0.0117918 to chi2(0.995; 46) / 2,000 = 0.0372183, excludes: split again. Its warning
    says so, not "fewer than 10 events" (it has 22)."""
    from finsim.report.calibration import cautions, summary_lines
    from finsim.report.html_calibrate import caution_text

    data = tenures([10.0] * 250, [C] * 150 + [P] * 22 + [C] * 78,
                   provider=[0] * 150 + [1] * 100, providers=("a", "b"))
    fit = calibrate(data)
    (apart,) = fit.fits["placement"].apart
    assert (apart.provider, apart.why, apart.rest_events) == ("b", "rest", 0)
    assert apart.pooled == pytest.approx(0.0088)
    assert ("warning: placement at b: own value 0.022/month from 22 events / 1,000.0 "
            "person-months (pooled first: the other providers' 0 events are fewer than 10, "
            "too few for a pool of their own): its 99 % interval 0.0117918-0.0372183 "
            "excludes the pooled 0.0088/month it would otherwise get") in summary_lines(fit)
    f = next(f for kind, f in cautions(fit) if kind == "split")
    assert caution_text("split", f, fit, "de") == (
        "Vermittlung bei b: eigene Rate 0,022 je Monat aus 22 Ereignissen in 1.000,0 "
        "Personenmonaten (zunächst gepoolt, da die übrigen Träger mit nur 0 Ereignissen, "
        "weniger als 10, keinen eigenen Pool bilden): ihr 99-%-Intervall 0,01179 – 0,03722 "
        "schließt die gepoolte Rate 0,0088 aus, die der Träger sonst erhielte.")


def test_with_group_factors_a_provider_apart_from_the_pool_is_named():
    """With group factors a level without events has no finite estimate: b stays pooled,
    and a with it (split off, a would leave the pool b's 0 events), but the fit names
    the providers the pool misstates, with both rates."""
    attrs = np.array([[0]] * 50 + [[1]] * 50 + [[0]] * 50 + [[1]] * 50)
    data = tenures([10.0] * 200, ([P] * 10 + [C] * 40) * 2 + [C] * 100,
                   provider=[0] * 100 + [1] * 100, providers=("a", "b"), attributes=attrs,
                   attribute_names=("sex",), attribute_values=(("f", "m"),))
    fit = calibrate(data).fits["placement"]
    assert fit.modifiers and not fit.providers
    # Both are misstated by the pool's 0.01: a's 0.02 (99 % from 0.0103) and b's 0.
    assert [(ap.provider, ap.own.events, ap.split) for ap in fit.apart] == [
        ("a", 20, False), ("b", 0, False)]
    assert fit.apart[1].pooled == pytest.approx(0.01)
    from finsim.report.calibration import summary_lines

    assert ("warning: placement at b: pooled, but its own 0 events / 1,000.0 person-months "
            "give 0/month (99 % interval 0-0.00529832), which excludes the pooled "
            "0.01/month; with group factors a provider without events has no finite value "
            "of its own, and the pool must keep one with events: read its forecast with "
            "care, or calibrate without the group columns, or on this provider's spells "
            "alone") in summary_lines(calibrate(data))


def test_with_group_factors_a_split_providers_warning_quotes_the_tables_value():
    """a and b: men 10 placements in 100 spells of 5 months (0.02 a month), women 5 in 50
    of 10 (0.01); c: men 4 in 5 spells of 2 months (0.4), women 2 in 5 (0.2). The rates
    are multiplicative (women 0.5 of men at every provider), so the Poisson fit is them:
    c's reference-group (men's) hazard 0.4, p = 1 - exp(-0.4) = 0.32968, what the table
    shows. c's 6 events / 20 person-months, 0.3 observed, have the 99 % interval
    chi2(0.005; 12) / 40 = 0.0768456 to chi2(0.995; 14) / 40 = 0.782984, excluding the
    pool's 36 / 2,020 = 0.0178218: c is split off. The warning quotes both, each named."""
    from finsim.report.calibration import summary_lines
    from finsim.report.html_calibrate import fit_warnings

    provider = ([P] * 10 + [C] * 90) + ([P] * 5 + [C] * 45)
    data = tenures(([5.0] * 100 + [10.0] * 50) * 2 + [2.0] * 10,
                   provider * 2 + [P] * 4 + [C] + [P] * 2 + [C] * 3,
                   provider=[0] * 150 + [1] * 150 + [2] * 10,
                   attributes=np.array(([0] * 100 + [1] * 50) * 2 + [0] * 5 + [1] * 5)[:, None],
                   providers=("a", "b", "c"), attribute_names=("sex",),
                   attribute_values=(("male", "female"),))
    fit = calibrate(data)
    assert fit.fits["placement"].providers["c"].value == pytest.approx(0.4)
    lines = summary_lines(fit)
    assert ("  c: p = 0.32968 for the reference group (sex: male; its 4 events / 10.0 "
            "person-months) (6 events in all groups; 0.18032-0.55275)") in lines
    warning = ("warning: placement at c: own value, fitted with the group factors, "
               "0.4/month (p = 0.32968) for the reference group (sex: male); its 6 events / "
               "20.0 person-months (fewer than 10 events) give 0.3/month observed, whose "
               "99 % interval 0.0768456-0.782984 excludes the pooled 0.0178218/month it "
               "would otherwise get")
    assert warning in lines
    docs = Path(__file__).resolve().parents[1] / "docs" / "calibrate.md"
    assert f"\n{warning}\n" in docs.read_text()  # the page quotes it as it is
    assert ("Vermittlung bei c: eigene Rate, geschätzt mit den Gruppenfaktoren, 0,40000 je "
            "Monat (Wahrscheinlichkeit 0,32968) für die Referenzgruppe (Geschlecht: "
            "männlich); beobachtet ergeben sich aus seinen 6 Ereignissen in 20,0 "
            "Personenmonaten (weniger als 10) 0,3 je Monat, deren 99-%-Intervall 0,07685 – "
            "0,783 die gepoolte Rate 0,01782 ausschließt, die der Träger sonst "
            "erhielte.") in fit_warnings(fit, "de")
    assert ("placement at c: own hazard, fitted with the group factors, 0.40000 a month "
            "(probability 0.32968) for the reference group (sex: male); its 6 events in 20.0 "
            "person-months (fewer than 10) give 0.3 a month observed, whose 99 % interval "
            "0.07685 – 0.783 excludes the pooled 0.01782 it would otherwise "
            "get.") in fit_warnings(fit, "en")


def test_with_group_factors_a_provider_apart_from_the_pool_gets_its_own_baseline():
    """a: men 12 placements in 240 person-months, women 12 in 120; b: men 2 in 400, women
    4 in 400 (every spell 10 months). Women's rate is twice men's at both, so the
    stratified model (provider baseline x sex factor) fits every cell exactly and its
    estimates are closed forms: b, the program (the most spells), 2 / 400 = 0.005 for
    men; a 12 / 240 = 0.05; women x (12 / 120) / (12 / 240) = 2. a and b were pooled
    (b's 6 events are too few for a pool of its own) at 30 / 1,160 a month, which a's
    exact 99 % interval excludes: a is split, as it is without the sex column."""
    sex = [[1]] * 24 + [[0]] * 12 + [[1]] * 40 + [[0]] * 40  # 0 female, 1 male
    reason = [P] * 12 + [C] * 12 + [P] * 12 + [P] * 2 + [C] * 38 + [P] * 4 + [C] * 36
    data = tenures([10.0] * 116, reason, provider=[0] * 36 + [1] * 80,
                   providers=("a", "b"), attributes=np.array(sex),
                   attribute_names=("sex",), attribute_values=(("female", "male"),))
    fit = calibrate(data).fits["placement"]
    assert fit.program_from == ("b",)
    assert fit.program.value == pytest.approx(2 / 400, rel=1e-9)
    assert fit.program.reference == (2, 400.0)
    a = fit.providers["a"]
    assert a.value == pytest.approx(12 / 240, rel=1e-9)
    assert (a.events, a.exposure, a.reference) == (24, 360.0, (12, 240.0))
    (female,) = fit.modifiers
    assert (female.value, female.factor.events) == ("female", 16)
    assert female.factor.value == pytest.approx(2.0, rel=1e-9)
    (apart,) = fit.apart
    assert (apart.provider, apart.split, apart.pooled) == ("a", True,
                                                           pytest.approx(30 / 1160))
    plain = calibrate(replace(data, attributes=np.zeros((116, 0), dtype=np.int64),
                              attribute_names=(), attribute_values=())).fits["placement"]
    assert (plain.program.value, plain.providers["a"].value) == (6 / 800, 24 / 360)


def test_an_exit_on_the_anniversary_reaches_the_maximum_in_day_arithmetic(tmp_path) -> None:
    """Entered 2020-12-06, out on 2021-12-06: 12 months to the day, the maximum. As
    floats (23 + 5/31) - (11 + 5/31) is 11.999999999999998, so the max_duration exit
    counted as "still in or other" and the placement on that day as an event; an exit
    on the anniversary is the cap's, whatever the month's length."""
    from finsim.scenario import Month
    from finsim.scenario.caseload import read_caseload

    scn = scenario()
    path = tmp_path / "spells.csv"
    path.write_text("person,provider,entry,exit,exit_reason\n"
                    "P1,a,2020-12-06,2021-12-06,max_duration\n"
                    "P2,a,2020-12-06,2021-12-06,placement\n"
                    "P3,a,2020-01-01,2020-07-01,dropout\n")
    caseload = read_caseload(path, scn.provider_ids, scn.participants.mix, Month(2020, 1),
                             spells=True)
    fit = calibrate(Tenures.from_caseload(caseload, scn, 24.0))
    assert fit.censored == {"still in or other": 0, "max_duration": 2}
    assert fit.fits["placement"].program.events == 0
    assert fit.fits["dropout"].program.events == 1
    assert fit.exposure == pytest.approx(12 + 12 + 6)


@pytest.mark.parametrize("events", [2, 10, 19, 100])
def test_the_drawn_hazard_has_its_mean_at_the_estimate(events):
    """Caritas: 19 placements in 2,067.842 person-months. With the mode at the estimate
    the pert's mean (low + 4 mode + high) / 6 was 1.04 times it (1.08 at 10 events): a
    calibrated run's exits above the data's. The mode is now (6 p - low - high) / 4."""
    from finsim.report.calibration import _draw, pert_values

    exposure = 2067.842
    low, high = garwood(events, exposure, 0.99)
    est = calibrate(tenures(np.full(events, exposure / events), np.full(events, P),
                            cap=2 * exposure)).fits["placement"].program
    lo, mode, hi, centred = pert_values(est, 0.9)
    assert centred and (lo, hi) == (pytest.approx(1 - math.exp(-low)),
                                    pytest.approx(1 - math.exp(-high)))
    assert (lo + 4 * mode + hi) / 6 == pytest.approx(1 - math.exp(-events / exposure))
    assert mode == pytest.approx((6 * est.probability - lo - hi) / 4)
    assert _draw("x", est, 0.9, "note")[2] == "note"


def test_with_one_event_the_pert_says_its_mean_lies_above_the_estimate():
    """1 event in 32.5 months: (6 p - low - high) / 4 is below the low end, so the mode
    is the low end and the note gives the mean and its ratio to the estimate."""
    from finsim.report.calibration import _draw, pert_values

    est = calibrate(HAND).fits["dropout"].program
    lo, mode, hi, centred = pert_values(est, 0.9)
    assert not centred and mode == lo
    mean = (5 * lo + hi) / 6
    assert _draw("x", est, 0.9, "dropout")[2] == (
        f"dropout; too few events for a mean at the estimate: mode at the low end, mean "
        f"{mean:.6g} ({mean / est.probability:.2f} x the estimate)")


def test_the_summary_names_the_reference_group_whose_hazard_it_prints():
    """With group factors the program's hazard is the reference group's (f, the first of
    two with as many spells: 20 placements in 500 months, 0.04), printed beside all
    groups' events (30): the line says so."""
    from finsim.report.calibration import summary_lines

    attrs = np.array([[0]] * 50 + [[1]] * 50)
    data = tenures([10.0] * 100, [P] * 20 + [C] * 30 + [P] * 10 + [C] * 40,
                   attributes=attrs, attribute_names=("sex",), attribute_values=(("f", "m"),))
    fit = calibrate(data)
    placement = fit.fits["placement"]
    assert [m.value for m in placement.modifiers] == ["m"]
    assert placement.program.value == pytest.approx(0.04)
    line = next(x for x in summary_lines(fit) if x.startswith("placement:"))
    assert line.startswith(
        f"placement: p = {1 - math.exp(-0.04):.5f}/month for the reference group (sex: f; "
        "its 20 events / 500.0 person-months) (30 events in all groups; 90 % ")


def test_probabilities_near_one_are_written_below_one_and_apart():
    """``.6g`` wrote p = 1 - e^-15.5 = 0.99999981 as 1 (refused by the scenario: exit 1),
    and the ends of a pert near 1 as one number. Six digits of 1 - p are kept: e^-15.5 =
    1.85539e-7, so p = 0.999999814461 (12 digits). A pert whose ends are both 1 in a
    float (a hazard of 80 a month from 40 events in half a month: the 99 % interval's
    low end is above 37, e^-37 < 2^-53) is refused, not written."""
    from finsim.analysis.calibrate import Estimate
    from finsim.report.calibration import TooShort, _draw, _texts

    assert _texts(-math.expm1(-15.5)) == ["0.999999814461"]
    assert _texts(0.0398093, 0.5) == ["0.0398093", "0.5"]
    assert _texts(0.99999991, 0.99999994) == ["0.99999991", "0.99999994"]
    est = Estimate("placement", 40, 0.5, 80.0, 60.0, 100.0, "exact Poisson")
    with pytest.raises(TooShort, match="placement at x: 40 events in 0.50 person-months"):
        _draw("providers.x.employment.hazards.placement", est, 0.9, "placement at x")
