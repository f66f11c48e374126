"""Every uncertainty family draws from its distribution, and its quantile function
inverts it: a KS test of 4,000 draws (replications of a run, as the run draws them)
against the family's CDF (fixed seed), and the draws' empirical quantiles against
``inverse_cdf``. ``scale: true`` multiplies. Each parameter keeps its own numbers
whatever the others are (common random numbers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from finsim.montecarlo.uncertainty import Draws, draw_parameters, uniforms
from finsim.scenario import load_scenario
from finsim.scenario.draws import apply_draws, inverse_cdf, quantiles
from finsim.scenario.model import Distribution
from finsim.scenario.replace import current

FAMILIES = {
    "uniform": ({"low": 2.0, "high": 5.0}, stats.uniform(2.0, 3.0)),
    "triangular": ({"low": 1.0, "mode": 2.0, "high": 5.0}, stats.triang(0.25, 1.0, 4.0)),
    "normal": ({"mean": 10.0, "sd": 2.0}, stats.norm(10.0, 2.0)),
    "lognormal": ({"median": 3.0, "sigma": 0.4}, stats.lognorm(0.4, scale=3.0)),
    # PERT(1, 2, 5): alpha = 1 + 4 (2 - 1) / 4 = 2, beta = 1 + 4 (5 - 2) / 4 = 4 on [1, 5]
    "pert": ({"low": 1.0, "mode": 2.0, "high": 5.0}, stats.beta(2.0, 4.0, 1.0, 4.0)),
}


def run_draws(dist: Distribution, n: int, seed: int) -> np.ndarray:
    """Replications 0..n-1's draws of one parameter in a run with ``seed``."""
    return quantiles(dist, uniforms(seed, ("a.path",), range(n))[0])


@pytest.mark.parametrize("family", FAMILIES)
def test_draws_follow_the_distribution(family: str) -> None:
    params, reference = FAMILIES[family]
    dist = Distribution(dist=family, **params)
    values = run_draws(dist, 4000, 20261129)
    assert stats.kstest(values, reference.cdf).pvalue > 0.001
    for q in (0.05, 0.5, 0.95):
        assert inverse_cdf(dist, q) == pytest.approx(reference.ppf(q), rel=1e-9)
        # the empirical quantile of 4,000 draws is within a few standard errors
        se = np.sqrt(q * (1 - q) / 4000) / reference.pdf(reference.ppf(q))
        assert abs(np.quantile(values, q) - reference.ppf(q)) < 4 * se


def test_moments_of_the_pert_draws() -> None:
    """PERT mean (low + 4 mode + high) / 6 = (1 + 8 + 5) / 6 = 2.333."""
    dist = Distribution(dist="pert", low=1.0, mode=2.0, high=5.0)
    values = run_draws(dist, 20000, 7)
    assert values.mean() == pytest.approx(14 / 6, abs=4 * values.std() / np.sqrt(20000))


def test_scale_true_multiplies_every_value_of_a_schedule(small) -> None:
    """``scale: true`` on referrals_per_month {2013-01: 20, 2013-04: 4}: both scaled."""
    scn = small.model_copy(update={"uncertainty": {
        "participants.referrals_per_month": Distribution(dist="uniform", low=0.5, high=1.5,
                                                          scale=True)}})
    drawn = draw_parameters(scn, 3, 0)
    factor = drawn["participants.referrals_per_month"]
    assert 0.5 <= factor <= 1.5
    new = apply_draws(scn, drawn)
    assert new.participants.referrals_per_month == {"2013-01": 20 * factor,
                                                    "2013-04": 4 * factor}


def test_a_draw_without_scale_replaces_a_schedule(small) -> None:
    scn = small.model_copy(update={"uncertainty": {
        "participants.referrals_per_month": Distribution(dist="uniform", low=5, high=6)}})
    new = apply_draws(scn, {"participants.referrals_per_month": 5.5})
    assert new.participants.referrals_per_month == 5.5


def test_one_tenure_year_s_share_can_be_drawn(tmp_path):
    """A draw of ``...by_tenure_year.0`` stopped the run with an internal error (exit 1),
    though --set and sensitivity took the same path. One person, two months of the
    2,028.00 EUR wage: the Jobcenter pays the drawn share of both, to the cent."""
    import pandas as pd
    from click.testing import CliRunner

    from finsim.cli import main

    scenario = tmp_path / "drawn.yaml"
    scenario.write_text(
        "name: f\nperiod: {start: 2013-12, months: 2}\n"
        "participants: {referrals_per_month: 0, initial: 1}\n"
        "providers: [{id: p1, slots: 1}]\n"
        "costs: {wages: {hourly: 10, hours_per_week: 39, employer_contributions: 0.2}}\n"
        "funding: [{id: jc, covers: {wages: {by_tenure_year: [1.0, 0.9]}}}]\n"
        "uncertainty: {funding.jc.covers.wages.by_tenure_year.0: "
        "{dist: uniform, low: 0.8, high: 1.0}}\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["run", str(scenario), "-n", "3", "-j", "1", "-q",
                                     "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    rows = pd.read_csv(tmp_path / "out" / "replications.csv")
    share = rows["funding.jc.covers.wages.by_tenure_year.0"]
    assert share.between(0.8, 1.0).all() and share.nunique() == 3
    expected = [round(float(s) * 2028.0, 2) * 2 for s in share]
    assert rows["funding_jc"].tolist() == pytest.approx(expected, abs=0.011)


SEED_SCENARIO = Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2013.yaml"
PLACEMENT = "employment.hazards.placement"


def drawn(scn, uncertainty: dict) -> list[dict[str, float]]:
    """Twenty replications' draws (seed 2013) of ``scn`` with ``uncertainty``."""
    scn = scn.model_copy(update={"uncertainty": uncertainty})
    return [draw_parameters(scn, 2013, index) for index in range(20)]


def test_adding_a_parameter_leaves_the_others_draws() -> None:
    """The parameters drew from one stream in list order: one more (listed first) moved
    all five. Now each keeps its numbers, in every replication."""
    scn = load_scenario(SEED_SCENARIO)
    base = drawn(scn, scn.uncertainty)
    more = drawn(scn, {"participants.patience_months": Distribution(dist="uniform", low=2,
                                                                    high=4),
                       **scn.uncertainty})
    assert [{p: v for p, v in d.items() if p in scn.uncertainty} for d in more] == base
    assert len({d["participants.patience_months"] for d in more}) == 20


def test_triangular_to_pert_keeps_the_others_draws_and_the_uniform() -> None:
    """Placement triangular(0.003, 0.006, 0.009) -> PERT of the same range and mode: a
    PERT drew from ``rng.beta`` (more numbers than the triangular's one), which moved
    every other parameter in every replication. Now the others are the same, and the
    placement hazard is the PERT quantile of the triangular's uniform: triangular and
    PERT are symmetric here, so u = 0.5 gives 0.006 in both, and either is on the same
    side of the mode as the other."""
    scn = load_scenario(SEED_SCENARIO)
    tri, pert = scn.uncertainty[PLACEMENT], Distribution(dist="pert", low=0.003, mode=0.006,
                                                           high=0.009)
    base, alt = drawn(scn, scn.uncertainty), drawn(scn, {**scn.uncertainty, PLACEMENT: pert})
    others = [p for p in scn.uncertainty if p != PLACEMENT]
    assert [{p: d[p] for p in others} for d in alt] == [{p: d[p] for p in others} for d in base]
    u = uniforms(2013, (PLACEMENT,), range(20))[0]
    assert [d[PLACEMENT] for d in base] == quantiles(tri, u).tolist()
    assert [d[PLACEMENT] for d in alt] == quantiles(pert, u).tolist()
    assert inverse_cdf(tri, 0.5) == pytest.approx(0.006) == inverse_cdf(pert, 0.5)
    assert all((b - 0.006) * (a - 0.006) > 0 for b, a in
               zip([d[PLACEMENT] for d in base], [d[PLACEMENT] for d in alt], strict=True))


def test_a_chunks_draws_are_each_drawn_alone() -> None:
    """Replication i takes the i-th number of each parameter's stream, whatever the
    chunk (the stream advanced to its first)."""
    scn = load_scenario(SEED_SCENARIO)
    draws = Draws(scn, lambda path: current(scn, path))
    assert draws.many(2013, range(7, 13)) == [draws.many(2013, range(i, i + 1))[0]
                                              for i in range(7, 13)]
