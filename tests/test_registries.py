"""Cost categories and funding rule kinds each live in one registry that every output
reads, so adding one is one class plus its tests (docs/design.md says how)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from finsim.funding import RULE_KINDS, allocate, compile_funding
from finsim.funding.rules import Remainder, Shares
from finsim.ledger import COST_CATEGORIES, build_ledger
from finsim.scenario.model import CATEGORIES, PERSON_CATEGORIES
from tests.test_ledger_support import EMPLOYED, scenario, spells

ROOT = Path(__file__).parent.parent


def test_the_registry_is_the_scenario_formats_categories_in_order() -> None:
    assert tuple(c.id for c in COST_CATEGORIES) == CATEGORIES
    assert tuple(c.id for c in COST_CATEGORIES if c.person) == PERSON_CATEGORIES
    for c in COST_CATEGORIES:
        assert c.label and c.monitoring and c.plan_line and c.parameters


def test_no_module_outside_the_registry_and_the_format_lists_categories() -> None:
    """Reports, commands and analyses take categories from the registry: a list of
    categories written out anywhere else is a place a new category would be missed (a
    KeyError in ``--monitoring`` and ``size`` before the registry). A rule about one
    category (the Passiv-Aktiv-Transfer finances wages) may name it. The scenario layer
    is searched too: its format (``model.py``: the built-in categories' blocks) and the
    built-in categories' cost ceilings (``checks.py``, which runs before the ledger is
    loaded; a registered category brings its own ``bound``, tests/test_registry_extension.py)
    are the only other places."""
    pattern = re.compile(r"""["'](wages|staff|material|qualification|overhead)["']""")
    allowed = {ROOT / "finsim" / "ledger" / "categories.py",
               ROOT / "finsim" / "scenario" / "model.py",
               ROOT / "finsim" / "scenario" / "checks.py"}
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "finsim").rglob("*.py")
                 if p not in allowed
                 and len(set(pattern.findall(p.read_text(encoding="utf-8")))) > 1]
    assert offenders == []


def test_the_ledger_charges_each_category_in_its_column() -> None:
    """One participant for 2 months, 1 slot each at two providers, every rate set:
    wages 2028.00/month; staff 12,000/year coach at 1 per coach plus 1,200/year
    management (100/month) while there are slots; material 50 a slot-month; overhead
    10 % of staff; one 300 EUR module at entry; a one-off of half a monthly wage due in
    January (0.5 x 1,690.00 x 1.2 = 1,014.00)."""
    scn = scenario(costs={
        "wages": {"hourly": 10, "hours_per_week": 39, "employer_contributions": 0.2},
        "staff": {"participants_per_coach": 1, "coach_cost_per_year": 12000,
                  "management_cost_per_year": 1200},
        "material": {"per_slot_month": 50},
        "qualification": [{"id": "m", "cost": 300, "month": 0}],
        "overhead": {"rate_on_staff": 0.1},
        "one_off": [{"id": "bonus", "month": 1, "share_of_monthly_wage": 0.5}]},
        providers=[{"id": "a", "slots": 1}, {"id": "b", "slots": 1}])
    led = build_ledger(scn, spells([(0, 0.0, 2.0, EMPLOYED)], 24,
                                   modules=[[True]]))
    month0 = led.by_category[0, 0]
    expected = {"wages": 2028.0, "staff": 1000.0 + 100.0, "material": 50.0,
                "qualification": 300.0, "overhead": 110.0, "one_off": 1014.0}
    assert dict(zip(CATEGORIES, month0.round(2).tolist(), strict=True)) == expected
    assert led.by_category[0, 1].round(2).tolist() == [0, 100.0, 50.0, 0, 10.0, 0]


def test_every_funder_compiles_to_a_registered_rule_kind() -> None:
    scn = scenario(funding=[
        {"id": "jc", "covers": {"wages": {"by_tenure_year": [0.75, 0.5]}}},
        {"id": "rest", "covers": "remainder"},
        {"id": "land", "covers": {"total": 0.1}}])
    program = compile_funding(scn)
    kinds = [type(f.rule) for f in program.funders]
    assert kinds == [Shares, Shares, Remainder]  # the remainder is applied last
    assert [f.index for f in program.funders] == [0, 2, 1]
    assert all(k in RULE_KINDS for k in kinds)


def test_a_new_rule_kind_is_one_class(monkeypatch) -> None:
    """A made-up kind (a flat 100 EUR per cell, for this test only) plugs in by being
    appended to RULE_KINDS: allocate applies it, caps and the gap work as for any kind."""
    from finsim.funding import rules

    class Flat:
        kind = "flat"
        last = False

        @staticmethod
        def matches(funder) -> bool:
            return funder.id == "flat"

        @classmethod
        def compile(cls, funder, tenure_years, months=()):
            return cls()

        def wanted(self, state) -> np.ndarray:
            return np.minimum(np.full_like(state.uncovered, 10_000), state.uncovered)

    monkeypatch.setattr(rules, "RULE_KINDS", (Flat, *rules.RULE_KINDS))
    scn = scenario(funding=[{"id": "flat", "covers": "remainder"}])
    led = build_ledger(scn, spells([(0, 0.0, 1.0, EMPLOYED)], 24))
    fund = allocate(scn, led)
    assert fund.cents[0, 0, 0].tolist() == [10_000, 202_800 - 10_000]  # flat, then the gap


@pytest.mark.parametrize("category", COST_CATEGORIES, ids=lambda c: c.id)
def test_every_output_shows_every_category(category, small, tmp_path) -> None:
    """The monitoring view, the summary rows, the metrics and the workbook's plan."""
    import openpyxl

    from finsim.montecarlo import RunSpec, run
    from finsim.report.monitoring import monitoring_markdown
    from finsim.report.plan import plan_table
    from finsim.report.plan_book import write_plan
    from finsim.report.terminal import summary_rows

    result = run(RunSpec(small, 2, 1), jobs=1)
    write_plan(tmp_path / "plan.xlsx", result, plan_table(result, 0.9), 0.9)
    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Finanzierungsplan"]
    assert any(str(row[0]).endswith(category.plan_line) for row in sheet.values)
    assert category.monitoring in monitoring_markdown(result)
    assert f"cost_{category.id}" in [metric for _, metric, _ in summary_rows(result)]
    assert f"cost_{category.id}" in result.metric_names
