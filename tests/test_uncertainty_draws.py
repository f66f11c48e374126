"""Every uncertainty family draws from its distribution, and its quantile function
inverts it: a KS test of 4,000 draws against the family's CDF (fixed seed), and the
draws' empirical quantiles against ``inverse_cdf``. ``scale: true`` multiplies."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from finsim.montecarlo.uncertainty import apply_draws, draw, draw_parameters, inverse_cdf
from finsim.scenario.model import Distribution

FAMILIES = {
    "uniform": ({"low": 2.0, "high": 5.0}, stats.uniform(2.0, 3.0)),
    "triangular": ({"low": 1.0, "mode": 2.0, "high": 5.0}, stats.triang(0.25, 1.0, 4.0)),
    "normal": ({"mean": 10.0, "sd": 2.0}, stats.norm(10.0, 2.0)),
    "lognormal": ({"median": 3.0, "sigma": 0.4}, stats.lognorm(0.4, scale=3.0)),
    # PERT(1, 2, 5): alpha = 1 + 4 (2 - 1) / 4 = 2, beta = 1 + 4 (5 - 2) / 4 = 4 on [1, 5]
    "pert": ({"low": 1.0, "mode": 2.0, "high": 5.0}, stats.beta(2.0, 4.0, 1.0, 4.0)),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_draws_follow_the_distribution(family: str) -> None:
    params, reference = FAMILIES[family]
    dist = Distribution(dist=family, **params)
    rng = np.random.default_rng(20261129)
    values = np.array([draw(dist, rng) for _ in range(4000)])
    assert stats.kstest(values, reference.cdf).pvalue > 0.001
    for q in (0.05, 0.5, 0.95):
        assert inverse_cdf(dist, q) == pytest.approx(reference.ppf(q), rel=1e-9)
        # the empirical quantile of 4,000 draws is within a few standard errors
        se = np.sqrt(q * (1 - q) / 4000) / reference.pdf(reference.ppf(q))
        assert abs(np.quantile(values, q) - reference.ppf(q)) < 4 * se


def test_moments_of_the_pert_draws() -> None:
    """PERT mean (low + 4 mode + high) / 6 = (1 + 8 + 5) / 6 = 2.333."""
    dist = Distribution(dist="pert", low=1.0, mode=2.0, high=5.0)
    rng = np.random.default_rng(7)
    values = np.array([draw(dist, rng) for _ in range(20000)])
    assert values.mean() == pytest.approx(14 / 6, abs=4 * values.std() / np.sqrt(20000))


def test_scale_true_multiplies_every_value_of_a_schedule(small) -> None:
    """``scale: true`` on referrals_per_month {2013-01: 20, 2013-04: 4}: both scaled."""
    scn = small.model_copy(update={"uncertainty": {
        "participants.referrals_per_month": Distribution(dist="uniform", low=0.5, high=1.5,
                                                          scale=True)}})
    rng = np.random.default_rng(3)
    drawn = draw_parameters(scn, rng)
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
