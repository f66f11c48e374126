"""The 2026 files' Land NRW / ESF+ grant is one funder whose money counts to two budgets
(``budget: {land: 0.6, eu: 0.4}``): one rule, one payment schedule, one cash flow, one
request, as the one funder of budget ``land`` gave; only the fiscal balance splits it,
60 % to the Land and 40 % to the EU, in whole cents that add up in every cell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import finsim
from finsim.funding.fiscal import Budgets, split_paid
from finsim.montecarlo import RunSpec, run
from finsim.program import years_of
from finsim.report import tables
from finsim.report.budgets import funder_year_cents
from finsim.scenario import load_scenario
from finsim.scenario.errors import ScenarioError

ROOT = Path(__file__).parent.parent
SCENARIOS = ROOT / "scenarios"
FILES = ["aktiv-statt-passiv-2026-minimum-wage.yaml", "aktiv-statt-passiv-2026-16i.yaml",
         "aktiv-statt-passiv-2026-16i-pat.yaml", "aktiv-statt-passiv-2026-16i-tariff.yaml"]
ONE_BUDGET = {"funding.land_esf.budget": "land"}
"""The grant as it was booked before the split: all of it the Land's."""


def _run(name: str, overrides: dict | None = None):
    scn = load_scenario(SCENARIOS / name, [f"{k}={v}" for k, v in (overrides or {}).items()])
    return run(RunSpec(scn, 6, scn.simulation.seed), jobs=1)


@pytest.mark.parametrize("name", FILES)
def test_the_grant_pays_as_the_one_funder_and_its_budgets_split_60_40(name: str) -> None:
    """Every metric but the budgets' net costs is the one-budget funder's, bit for bit
    (funding, the cash flow's credit lines, the ledger); net_cost_land + net_cost_eu is
    its net_cost_land, and net_cost_eu is 40 % of the grant to the cent (the EU saves and
    gets back nothing)."""
    split, one = _run(name), _run(name, ONE_BUDGET)
    metrics = list(one.metric_names)
    assert "net_cost_eu" not in metrics and "net_cost_eu" in split.metric_names
    for metric in metrics:
        if metric == "net_public_cost":  # one more budget's net in the float sum: to the cent
            assert cents(split.metric(metric)) == cents(one.metric(metric))
        elif metric != "net_cost_land":
            np.testing.assert_array_equal(split.metric(metric), one.metric(metric),
                                          err_msg=metric)
    assert tables.ledger_table(split).equals(tables.ledger_table(one))
    land, eu = split.metric("net_cost_land"), split.metric("net_cost_eu")
    assert cents(land + eu) == cents(one.metric("net_cost_land"))
    # 40 % of each cell (month, provider) rounded to the cent: half a cent a cell at most
    cells = split.scenario.period.months * len(split.scenario.providers)
    total = np.array(cents(split.metric("funding_land_esf")))
    assert (np.abs(np.array(cents(eu)) - 0.4 * total) <= 0.5 * cells).all()
    fiscal = tables.fiscal_table(split).set_index(["budget", "year"])
    for year in fiscal.loc["eu"].index:  # fiscal.csv: the two budgets' paid, 60/40
        paid = fiscal.loc[("land", year), "paid"], fiscal.loc[("eu", year), "paid"]
        year_cells = 12 * len(split.scenario.providers)  # plus the means' rounding
        assert abs(paid[1] - 0.4 * (paid[0] + paid[1])) <= 0.005 * year_cells + 0.01
    grant = funder_year_cents(split)[:, split.scenario.funder_ids.index("land_esf")]
    years = years_of(split.scenario).tolist()  # each year the grant's mean in whole cents
    assert [round(100 * fiscal.loc[["land", "eu"], "paid"].xs(y, level="year").sum())
            for y in years] == grant.tolist()
    paid = fiscal.loc[["land", "eu"], "paid"].sum()  # each year's mean rounded: half a cent
    assert abs(paid - split.metric("funding_land_esf").mean()) < 0.005 * len(years) + 1e-6


def cents(eur: np.ndarray) -> list[int]:
    """EUR as whole cents (the metrics are whole cents summed, divided by 100 once)."""
    return np.round(np.asarray(eur) * 100).astype(int).tolist()


def test_the_credit_lines_and_the_request_are_the_one_funders() -> None:
    """One grant, one claim: the credit lines (caritas 122,951.72, all 807,425.05 at 90 %;
    the split into two funders with their own drawn delays gave 112,314.89 and
    763,827.70) and the size request are those of the funder of one budget; a
    size asks one funder, land_esf, not two."""
    scenario = SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    ask = {"start": "2027-01", "months": 12, "confidence": 0.9, "replications": 4, "seed": 3,
           "jobs": 1}
    split = finsim.size(scenario, **ask)
    one = finsim.size(scenario, overrides=ONE_BUDGET, **ask)
    assert "esf" not in set(split.summary().funder)
    assert split.summary().equals(one.summary())
    assert split.credit().equals(one.credit())
    assert split.credit().set_index("provider").loc[["caritas", "all"], "credit_line"
                                                    ].tolist() == [122_951.72, 807_425.05]


def test_a_cell_splits_in_whole_cents_that_add_up() -> None:
    """Cumulative rounding over the budgets: 1,560.01 EUR is 936.01 land and 624.00 eu
    (60 % is 936.006, the running 100 % the whole), -0.05 EUR -0.03 and -0.02; a funder
    of one budget keeps its cents; the gap is no budget's."""
    budgets = Budgets(names=("land", "eu", "bund"), funder=(((0, 0.6), (1, 0.4)), ((2, 1.0),)),
                      payer=(), returns=(), public=(0, 1, 2))
    cents = np.array([[156_001, 7, 99], [-5, 3, 1], [1, 0, 0]])  # funders + gap
    parts = split_paid(budgets, cents)
    assert parts.tolist() == [[93_601, 62_400, 7], [-3, -2, 3], [1, 0, 0]]
    assert (parts.sum(axis=1) == cents[:, :2].sum(axis=1)).all()


@pytest.mark.parametrize("budget, lines", [
    ({"land": 0.6, "eu": 0.5},
     ["funding.land_esf.budget: the budgets' shares add up to 1.1 (land: 0.6, eu: 0.5); "
      "expected them to add up to 1"]),
    ({"land": 1.2, "eu": -0.2},
     ["funding.land_esf.budget.land: share 1.2 of budget 'land' is outside (0, 1]; expected "
      "a share above 0 and at most 1",
      "funding.land_esf.budget.eu: share -0.2 of budget 'eu' is outside (0, 1]; expected a "
      "share above 0 and at most 1"]),
    ({"land": 0.6, "gap": 0.4},
     ["funding.land_esf.budget.gap: 'gap' cannot be a budget id"]),
])
def test_a_bad_budget_mapping_is_one_line_each(budget: dict, lines: list[str]) -> None:
    with pytest.raises(ScenarioError) as err:
        finsim.load(SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml",
                    {"funding.land_esf.budget": budget})
    said = [line.split(": ", 1)[1] for line in str(err.value).splitlines()]
    assert [s for s in said if any(s.startswith(x.split(";")[0]) for x in lines)] == said
    for expected in lines:
        assert any(s.startswith(expected) for s in said), (expected, said)
    assert not any("%" in s for s in said)  # 1.2 beside -0.2 (together 1) is no percent


def test_a_budget_mapping_for_a_transfer_is_refused() -> None:
    with pytest.raises(ScenarioError) as err:
        finsim.load(SCENARIOS / "aktiv-statt-passiv-2026-16i-pat.yaml",
                    {"funding.jobcenter.budget": {"bund": 0.5, "kommune": 0.5}})
    assert ("funding.jobcenter.budget: a funder with transfer pays from the one budget whose "
            "saving it takes; expected one budget id, not a mapping") in str(err.value)


def test_an_empty_budget_mapping_is_one_line_also_for_a_transfer_funder() -> None:
    """The seed's city takes the Passiv-Aktiv-Transfer: its budget was read from the
    mapping's first key by the transfer checks (StopIteration, exit 1)."""
    with pytest.raises(ScenarioError) as err:
        finsim.load(SCENARIOS / "aktiv-statt-passiv-2013.yaml", {"funding.city.budget": {}})
    assert str(err.value).splitlines()[-1].endswith(
        "funding.city.budget: expected at least 1 item (given: {})")


def test_a_budget_split_by_date_says_it_cannot_and_what_to_write(tmp_path: Path) -> None:
    """``budget={2026-01: {land: 0.6, eu: 0.4}, 2028-01: {land: 0.4, eu: 0.6}}`` was read
    as budgets named 2026-01 and 2028-01: "funding.land_esf.budget.2026-01: expected a
    number", a line per month, never saying that a split does not change by date. One
    line now says so and what to write: a second funder with from/until."""
    from click.testing import CliRunner

    from finsim.cli import main

    line = ("funding.land_esf.budget: a budget split cannot change by date: give one split "
            "({land: 0.6, eu: 0.4}); for a split that changes on a date write a second "
            "funder with the same covers and from/until (this one until 2027-12, the other "
            "from 2028-01 with its split)")
    done = CliRunner().invoke(main, [
        "run", str(SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml"), "-n", "2",
        "--set", "funding.land_esf.budget={2026-01: {land: 0.6, eu: 0.4}, 2028-01: "
        "{land: 0.4, eu: 0.6}}", "--out", str(tmp_path / "r")])
    assert done.exit_code == 2 and not (tmp_path / "r").exists()
    said = [row for row in done.output.splitlines() if "funding.land_esf" in row]
    assert len(said) == 1 and said[0].endswith(f": {line}"), done.output
    with pytest.raises(ScenarioError) as err:
        finsim.load(SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml",
                    {"funding.land_esf.budget": {"2026-01": "land"}})
    assert str(err.value).endswith(
        "funding.land_esf.budget: a budget split cannot change by date: give one split "
        "({land: 0.6, eu: 0.4}); for a split that changes on a date write a second funder "
        "with the same covers and from/until")
