"""Wage basis ``minimum_wage`` (issue 14.3): the sourced statutory table by date."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from finsim.ledger import build_ledger
from tests.test_ledger_support import EMPLOYED, scenario, spells

W = 0


def test_minimum_wage_is_the_sourced_table_then_uprated():
    scn = scenario(period={"start": "2026-12", "months": 14},
                   costs={"wages": {"hourly": "minimum_wage", "annual_increase": 0.02}})
    assert scn.costs.wages.hourly["2026-01"] == 13.90
    assert scn.costs.wages.hourly["2027-01"] == 14.60
    led = build_ledger(scn, spells([(0, 0.0, 14.0, EMPLOYED)], 14, modules=[[]]))
    wages = led.cost[:, 0, W, :].sum(axis=-1)
    # x 169 hours x 1.2 employer contributions: 13.90 -> 2818.92; 14.60 -> 2960.88;
    # 2028 (after the table's last year): 2960.88 x 1.02 = 3020.0976
    cents = np.round(wages * 100).astype(np.int64)
    assert cents[[0, 1, 12]].tolist() == [281892, 296088, 296088]
    assert cents[13] == 302010


def test_a_provider_can_pay_the_minimum_wage_while_the_program_pays_more():
    scn = scenario(period={"start": "2026-01", "months": 2},
                   costs={"wages": {"hourly": 16.0}},
                   providers=[{"id": "a", "slots": 1},
                              {"id": "b", "slots": 1,
                               "costs": {"wages": {"hourly": "minimum_wage"}}}])
    assert scn.costs_for(scn.providers[1]).wages.hourly["2026-01"] == 13.90
    led = build_ledger(scn, spells([(0, 0.0, 2.0, EMPLOYED), (1, 0.0, 2.0, EMPLOYED)], 2,
                                   modules=[[], []]))
    # a: 16.00 x 169 x 1.2 = 3244.80; b: 13.90 x 169 x 1.2 = 2818.92
    assert np.round(led.cost[0, :, W, 0] * 100).astype(np.int64).tolist() == [324480, 281892]


def test_minimum_wage_before_2015_is_refused_in_one_line_per_field(tmp_path):
    """No statutory minimum wage before 2015-01 (MiLoG): the table's 0.00 EUR/h made
    wages of 0.00 (``hourly: minimum_wage``) or a subsidy of 0.00 (the subsidy base's
    ``minimum_wage``, also its default) in a 2014 period, exit 0 and no warning. Now
    validation refuses each such field in one line, naming the month; exit 2 on the CLI."""
    from click.testing import CliRunner

    from finsim.cli import main
    from finsim.scenario import ScenarioError, scenario_from_dict
    from tests.test_ledger_support import BASE, deep_update

    data = deep_update(BASE, {
        "period": {"start": "2014-06", "months": 12},
        "costs": {"wages": {"hourly": "minimum_wage",
                            "subsidy_base": {"contributions": 0.1793}}},
        "providers": [{"id": "a", "slots": 10},
                      {"id": "b", "slots": 10, "costs": {"wages": {"hourly": 9.0}}}]})
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)
    expected = ("minimum_wage in 2014-06: there is no statutory minimum wage before 2015-01 "
                "(MiLoG); expected the tariff or local wage, as an hourly wage (EUR) or a "
                "schedule {YYYY-MM: EUR}")
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(f"costs.wages.hourly: {expected}")
    assert lines[1].endswith(f"costs.wages.subsidy_base.hourly: {expected}")
    # from 2015-01 the table holds: 8.50 EUR
    data["period"]["start"] = "2015-01"
    assert scenario_from_dict(data).costs.wages.hourly["2015-01"] == 8.50
    path = tmp_path / "s.yaml"
    data["period"]["start"] = "2014-12"
    path.write_text(yaml.safe_dump(data))
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 2
    assert "costs.wages.hourly: minimum_wage in 2014-12: there is no statutory" in done.output
    assert "Traceback" not in done.output


def test_a_program_from_2013_planned_for_2027_may_pay_the_minimum_wage(tmp_path):
    """``size --start 2027-01`` warns that the seed's 2013 wage is below the 2027 minimum
    wage; its remedy, ``--set costs.wages.hourly=minimum_wage``, was refused for 2013-01
    (the scenario was checked at its own period before the plan moved it: the warm-up
    books no money). The moved scenario is what is checked; the file at its own period
    is still refused."""
    from pathlib import Path

    from click.testing import CliRunner

    import finsim
    from finsim.cli import main

    seed = Path(__file__).parents[1] / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    sets = ["--set", "costs.wages.hourly=minimum_wage"]
    done = CliRunner().invoke(main, [
        "size", str(seed), "--start", "2027-01", "--months", "12", "--confidence", "0.9",
        "-n", "4", "-j", "1", "-q", *sets, "--out", str(tmp_path / "plan")])
    assert done.exit_code == 0, done.output
    assert "below the statutory minimum wage" not in done.output
    planned = finsim.size(seed, overrides={"costs.wages.hourly": "minimum_wage"},
                          start="2027-01", months=12, replications=4, jobs=1, confidence=0.9)
    assert planned.run.scenario.costs.wages.hourly["2027-01"] == 14.60
    refused = CliRunner().invoke(main, ["run", str(seed), *sets, "--out",
                                        str(tmp_path / "run")])
    assert refused.exit_code == 2
    assert "minimum_wage in 2013-01: there is no statutory minimum wage" in refused.output
    assert not (tmp_path / "run").exists()


def test_a_schedule_may_end_in_the_minimum_wage():
    """A local wage of 9.00 from 2014-07 until the statutory one came in 2015-01: the
    schedule's last value ``minimum_wage`` is the table from that date (8.50, then each
    later row); it was refused as "expected a number", and only 8.50 typed by hand worked.
    Before 2015-01, or not last, it is refused in one line."""
    from pathlib import Path

    from finsim.scenario import ScenarioError, load_scenario

    small = Path(__file__).parent / "fixtures" / "small.yaml"
    scn = load_scenario(small, ["period.start=2014-07",
                                "costs.wages.hourly={2014-07: 9.00, 2015-01: minimum_wage}"])
    hourly = scn.costs.wages.hourly
    assert list(hourly.items())[:3] == [("2014-07", 9.0), ("2015-01", 8.5), ("2017-01", 8.84)]
    assert hourly["2027-01"] == 14.60
    for value, message in (
            ("{2014-07: minimum_wage}", "minimum_wage from 2014-07: there is no statutory "
             "minimum wage before 2015-01 (MiLoG); give it from 2015-01 on"),
            ("{2015-01: minimum_wage, 2016-01: 9}", "minimum_wage can only be a schedule's "
             "last value: from its date on the statutory table holds")):
        with pytest.raises(ScenarioError) as refused:
            load_scenario(small, ["period.start=2014-07", f"costs.wages.hourly={value}"])
        assert len(refused.value.problems) == 1
        assert f"costs.wages.hourly: {message}" in str(refused.value)
