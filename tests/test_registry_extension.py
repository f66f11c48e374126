"""Adding a cost category or a funding rule kind is one class (and one line registering
it): a category and a rule kind defined here only, registered for these tests and taken
out again, reach validate (and its cost ceiling), run in both languages, show --month,
the plan workbook and the monitoring view, and the money still adds up to the cent."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from pydantic import Field

import finsim
from finsim.cli import main
from finsim.funding import register_rule_kind, unregister_rule_kind
from finsim.funding.rules import Allocation, share_matrix, span
from finsim.ledger import CostCategory, register_category, unregister_category
from finsim.ledger.categories import Charges, per_provider, per_replication, priced
from finsim.ledger.cents import to_cents
from finsim.scenario.model import CATEGORIES, MAX_AMOUNT_EUR, Costs, Funder, Scenario
from finsim.scenario.types import Amount, Strict
from tests.conftest import SMALL

RATE, LUMP, CAP = 60.0, 40.0, 3_000.0
"""Travel per participant-month, the lump sum per occupied slot-month, its yearly cap."""


class TravelCosts(Strict):
    """Travel costs per participant and month."""

    per_participant_month: Amount = Field(
        0.0, description="Travel cost per participant-month (EUR), pro rata.")


class TravelPatch(Strict):
    """A provider's own travel rate; unset, the program's `costs.travel`."""

    per_participant_month: Amount | None = Field(
        None, description="As `costs.travel.per_participant_month`.")


class Travel(CostCategory):
    """Travel per participant-month (occupied slot-month), pro rata."""

    id = "travel"
    label = "Travel"
    monitoring = "Fahrtkosten"
    plan_line = "Fahrtkosten Beschäftigte"
    quantity = "participant_months"
    unit = "€ je Teilnehmermonat"
    unit_en = "€ per participant-month"
    parameters = ("costs.travel",)
    reads = ("costs.travel",)
    block = TravelCosts
    patch = TravelPatch
    price_kind = "travel"
    price_about = "Travel per participant-month: a yearly rate or an index by year."
    word = "travel"
    drivers = ("travel.per_participant_month",)
    german: ClassVar[dict[str, str]] = {
        "Costs.travel": "Fahrtkosten je Teilnehmerin und Monat.",
        "TravelCosts.per_participant_month": "Fahrtkosten je Teilnehmermonat (€), anteilig.",
        "Prices.travel": "Fahrtkosten je Teilnehmermonat: eine Jahresrate oder ein Index."}
    units: ClassVar[dict[str, dict[str, str]]] = {
        "de": {"per_participant_month": "€ je Teilnehmermonat"},
        "en": {"per_participant_month": "€ per participant-month"}}

    @classmethod
    def rates(cls, scn: Scenario, each: Sequence[Costs]) -> np.ndarray:
        return per_provider(scn, each, lambda c: priced(
            scn, c.travel.per_participant_month, "travel"), "travel")

    @classmethod
    def charge(cls, rates: Sequence[np.ndarray], on: Charges) -> np.ndarray:
        return on.occupied * per_replication(rates, 2)

    @classmethod
    def bound(cls, scn: Scenario, costs: Costs, occupied: np.ndarray,
              slots: np.ndarray) -> float:
        return float((occupied * priced(scn, costs.travel.per_participant_month,
                                        "travel")).sum())

    @classmethod
    def month(cls, scn: Scenario, costs: Costs, rates: Any, m: int, p: int) -> dict[str, Any]:
        return {"travel_per_participant_month": round(float(rates[m, p]), 2)}


@dataclass(frozen=True, eq=False)
class LumpSum:
    """A lump sum per occupied slot-month towards the categories ``covers`` names (in
    table order), at most what they leave uncovered; its caps apply as to any funder."""

    kind: ClassVar[str] = "lump_sum"
    last: ClassVar[bool] = False
    shares: ClassVar[bool] = False
    fields: ClassVar[dict[str, Any]] = {"lump_sum_per_occupied_slot": (float | None, Field(
        None, ge=0, le=MAX_AMOUNT_EUR, description="A lump sum (EUR) per occupied "
        "slot-month towards the categories `covers` names."))}
    german: ClassVar[dict[str, str]] = {"Funder.lump_sum_per_occupied_slot": "Eine "
                                        "Pauschale (€) je besetztem Platzmonat."}
    units: ClassVar[dict[str, dict[str, str]]] = {
        "de": {"lump_sum_per_occupied_slot": "€ je besetztem Platzmonat"},
        "en": {"lump_sum_per_occupied_slot": "€ per occupied slot-month"}}
    rate: float
    covered: np.ndarray
    """``[categories]`` bool."""

    @staticmethod
    def matches(funder: Funder) -> bool:
        return getattr(funder, "lump_sum_per_occupied_slot", None) is not None

    @classmethod
    def compile(cls, funder: Funder, tenure_years: int, months: Sequence[str] = ()
                ) -> LumpSum:
        return cls(float(funder.lump_sum_per_occupied_slot), share_matrix(funder, 1)[:, 0] > 0)

    @staticmethod
    def month(scn: Scenario, funder: Funder, m: int) -> dict[str, Any]:
        return {"covers": f"lump sum towards {', '.join(funder.covers)}",
                "lump_sum_per_occupied_slot": funder.lump_sum_per_occupied_slot}

    @functools.cached_property
    def moves(self) -> np.ndarray:
        return self.covered

    @functools.cached_property
    def columns(self) -> slice:
        return span(self.moves)

    def wanted(self, state: Allocation) -> np.ndarray:
        """The lump sum, spent on its categories in table order (a running total over
        the few categories, every cell of the batch at once)."""
        uncovered = np.where(self.covered[self.columns], state.uncovered[..., self.columns], 0)
        budget = to_cents(self.rate * state.occupied)[..., None]
        before = np.cumsum(uncovered, axis=-1) - uncovered  # what earlier categories take
        return np.clip(budget - before, 0, uncovered)


@pytest.fixture
def registered() -> Iterator[None]:
    register_category(Travel)
    register_rule_kind(LumpSum)
    try:
        yield
    finally:
        unregister_rule_kind(LumpSum)
        unregister_category(Travel)


def _scenario(tmp_path: Path, rate: float = RATE) -> Path:
    data = yaml.safe_load(SMALL.read_text())
    data.pop("uncertainty")
    data["costs"]["travel"] = {"per_participant_month": rate}
    data["funding"][1]["covers"]["travel"] = 0.5
    data["funding"].insert(2, {"id": "mobility", "name": "Mobilitätsfonds", "public": True,
                               "covers": {"travel": 1.0}, "cap_per_year": CAP,
                               "lump_sum_per_occupied_slot": LUMP})
    path = tmp_path / "travel.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_registering_and_undoing_leaves_the_format_as_it_was(registered) -> None:
    assert CATEGORIES[-1] == "travel" and "travel" in Costs.model_fields
    unregister_rule_kind(LumpSum)
    unregister_category(Travel)
    try:
        assert "travel" not in CATEGORIES and "travel" not in Costs.model_fields
        assert "lump_sum_per_occupied_slot" not in Funder.model_fields
    finally:
        register_category(Travel)
        register_rule_kind(LumpSum)


def test_validate_takes_the_new_category_and_its_ceiling(registered, tmp_path) -> None:
    ok = CliRunner().invoke(main, ["validate", str(_scenario(tmp_path))])
    assert ok.exit_code == 0, ok.output
    huge = CliRunner().invoke(main, ["validate", str(_scenario(tmp_path, 9e11))])
    assert huge.exit_code == 2
    assert huge.output.split(": ", 1)[1] == (
        "costs.travel: the travel costs could reach 9.72e+14 EUR over the horizon (9.72e+14 "
        "EUR in all), above finsim's ceiling of 1e+12 EUR that keeps every cent exact: from "
        "costs.travel.per_participant_month = 9e+11 for up to 50 slots over 24 months; "
        "expected values whose costs stay below 1e+12 EUR\n")


def test_a_lump_sum_beside_a_share_is_no_share_above_one(registered, tmp_path) -> None:
    """land_esf pays half of travel, the lump sum goes to the other half: sound."""
    shown = CliRunner().invoke(main, ["show", str(_scenario(tmp_path))])
    assert shown.exit_code == 0, shown.output


def test_show_month_says_the_rate_and_the_lump_sum(registered, tmp_path) -> None:
    shown = CliRunner().invoke(main, ["show", str(_scenario(tmp_path)), "--month", "2014-03"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("travel_per_participant_month: 60.0\n") == 2  # both providers
    assert "covers: lump sum towards travel\n" in shown.output
    assert "lump_sum_per_occupied_slot: 40.0\n" in shown.output


def test_run_pays_travel_to_the_cent(registered, tmp_path) -> None:
    """One replication (ledger.csv is then its own cents): travel = 60 EUR a
    participant-month; land_esf pays half of each cell, to the cent; the lump sum takes
    the other half, at most 40 EUR an occupied slot-month and 3,000 EUR a calendar year;
    the employers pay the rest, and nothing is left as a gap."""
    run = finsim.run(_scenario(tmp_path), replications=1, jobs=1, uncertainty=False)
    ledger = run.ledger()
    cells = ledger[ledger["category"] == "travel"].pivot_table(
        index=["month", "provider"], columns="funder", values="amount", aggfunc="sum",
        fill_value=0.0)
    assert sorted(cells.columns) == ["employers", "gap", "land_esf", "mobility"]
    assert (cells["gap"] == 0).all()
    cost = cells.sum(axis=1)
    summary = run.summary().set_index("metric")
    assert round(cost.sum(), 2) == round(summary.loc["cost_travel", "mean"], 2) > 0
    assert (cells["land_esf"] - cost / 2).abs().max() <= 0.005 + 1e-9
    assert (cells["mobility"] <= cost * LUMP / RATE + 0.005).all()
    years = cells["mobility"].groupby(cells.index.get_level_values("month").year).sum()
    assert years.round(2).tolist() == [CAP, CAP]  # 30 EUR of 540 slot-months a year: capped
    rest = cost - cells["land_esf"] - cells["mobility"] - cells["gap"]
    assert (cells["employers"] - rest).abs().max() < 1e-6


def test_run_monitoring_and_plan_name_it_in_both_languages(registered, tmp_path) -> None:
    """``run --lang de|en --monitoring`` and the plan workbook (``size``'s) in both."""
    path = _scenario(tmp_path)
    for lang in ("de", "en"):
        out = tmp_path / f"out-{lang}"
        done = CliRunner().invoke(main, ["run", str(path), "-q", "-n", "2", "-j", "1",
                                         "--lang", lang, "--monitoring", "--out", str(out)])
        assert done.exit_code == 0, done.output
        monitoring = (out / "monitoring.md").read_text(encoding="utf-8")
        assert "| Fahrtkosten | 61.620 |" in monitoring if lang == "de" else (
            "| Fahrtkosten (Travel) | 61,620 |" in monitoring)
        summary = pd.read_csv(out / "summary.csv").set_index("metric")
        assert summary.loc["cost_travel", "mean"] == 61620.0


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_plan_workbook_explains_it(registered, tmp_path, lang) -> None:
    """The plan's line and unit, and the assumptions sheet's description and unit of the
    new fields, in the workbook's language (no English text or empty unit in German)."""
    from finsim.montecarlo import RunSpec, run
    from finsim.report.plan import plan_table
    from finsim.report.plan_book import write_plan

    result = run(RunSpec(finsim.load(_scenario(tmp_path)), 2, 1), jobs=1)
    write_plan(tmp_path / "plan.xlsx", result, plan_table(result, 0.9), 0.9, lang)
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    rows = [[c for c in row if c is not None] for sheet in book.worksheets
            for row in sheet.values]
    line = Travel.plan_line if lang == "de" else Travel.label
    assert any(str(row[0]).endswith(line) for row in rows if row)
    travel = next(row for row in rows if "costs.travel.per_participant_month" in row)
    lump = next(row for row in rows if "funding.mobility.lump_sum_per_occupied_slot" in row)
    covers = next(row for row in rows if "funding.land_esf.covers.travel" in row)
    assert "`overhead`, `one_off`, `travel`: " in covers[-1]  # the categories it lists
    if lang == "de":
        assert Travel.german["TravelCosts.per_participant_month"] in travel
        assert "€ je Teilnehmermonat" in travel
        assert lump[-1] == "Mobilitätsfonds: Eine Pauschale (€) je besetztem Platzmonat."
        assert "€ je besetztem Platzmonat" in lump
    else:
        assert "Travel cost per participant-month (EUR), pro rata." in travel
        assert "€ per participant-month" in travel
        assert "€ per occupied slot-month" in lump


def test_a_registered_number_field_refuses_text_as_a_built_in_one(registered, tmp_path) -> None:
    """``"78.000"`` in a registered rule kind's number field, in the file or with --set,
    is refused as in a built-in one: read, it was 78 (or 1.5) EUR in silence."""
    text = _scenario(tmp_path).read_text()
    text = text.replace("lump_sum_per_occupied_slot: 40.0",
                        "lump_sum_per_occupied_slot: '78.000'")
    text = text.replace("per_participant_month: 60.0", "per_participant_month: '2.000'")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    lines = {n: line for n, line in enumerate(text.splitlines(), 1) if "'" in line}
    done = CliRunner().invoke(main, ["validate", str(bad)])
    assert done.exit_code == 2
    travel = next(n for n, line in lines.items() if "per_participant_month" in line)
    lump = next(n for n, line in lines.items() if "lump_sum" in line)
    assert done.output.splitlines() == [
        f"{bad}:{travel}: costs.travel.per_participant_month: expected a number from 0 to "
        "1,000,000,000,000 or a schedule {YYYY-MM: value} (given: '2.000')",  # as wages'

        f"{bad}:{lump}: funding.mobility.lump_sum_per_occupied_slot: ambiguous: write 78000 "
        "if the point parts thousands, 78.0 if it parts decimals (given: '78.000')"]
    set_text = CliRunner().invoke(main, ["show", str(_scenario(tmp_path)), "--set",
                                         'funding.mobility.lump_sum_per_occupied_slot="1.500"'])
    assert set_text.exit_code == 2
    assert set_text.output == (f"{tmp_path / 'travel.yaml'} (--set): funding.mobility."
                               "lump_sum_per_occupied_slot: ambiguous: write 1500 if "
                               "the point parts thousands, 1.5 if it parts decimals (given: "
                               "'1.500')\n")
    quoted = CliRunner().invoke(main, ["show", str(_scenario(tmp_path)), "--set",
                                       'funding.mobility.lump_sum_per_occupied_slot="2000"'])
    assert quoted.output == (f"{tmp_path / 'travel.yaml'} (--set): funding.mobility."
                             "lump_sum_per_occupied_slot: expected a number, not text: write "
                             "it without quotes (given: '2000')\n")


@pytest.mark.parametrize(("name", "message"), [
    ("contingency", "'contingency' cannot be a cost category id: the outputs use it for the "
                    "contingency rows of plan.csv; choose another id"),
    ("Total", "'Total' cannot be a cost category id: the outputs use it for totals "
              "(cost_total, the total row and column of the plan, covers: {total: ...}); "
              "choose another id"),
    ("ｇａｐ", "'ｇａｐ' (read as 'gap') cannot be a cost category id: the outputs use it for "
             "the funding gap (funder 'gap' in ledger.csv and plan.csv, metric funding_gap); "
             "choose another id"),
    ("travel.local", "cost category id 'travel.local' holds a dot: a dotted path (--set, "
                     "--param, uncertainty) reads it as 'travel' followed by 'local'; "
                     "expected an id without dots, e.g. 'travel_local'"),
    ("cost travel", "cost category id 'cost travel' holds a blank or a control character, "
                    "which the outputs and a dotted path cannot show; expected an id like "
                    "'cost_travel'"),
    ("Wages", "cost category id 'Wages' reads as 'wages', a cost category registered "
              "already; choose another id"),
    ("wages", "a cost category 'wages' exists already"),
])
def test_a_category_id_follows_the_rules_of_ids(name, message) -> None:
    """A category id is a key of ``costs``, a column ``cost_<id>`` and a plan row: the
    words the outputs use (in any case or width), blanks, dots and an id that reads as
    another's are refused with one line, and nothing is registered."""
    before = (tuple(CATEGORIES), dict(Costs.model_fields))
    with pytest.raises(ValueError) as refused:
        register_category(type("Other", (Travel,), {"id": name}))
    assert str(refused.value) == message
    assert (tuple(CATEGORIES), dict(Costs.model_fields)) == before


@pytest.mark.parametrize(("name", "message"), [
    ("all", "'all' cannot be a funding rule kind id: the outputs use it for the program rows "
            "(provider 'all' in flows.csv) and for benefits without a payer split; choose "
            "another id"),
    ("Shares", "funding rule kind id 'Shares' reads as 'shares', a funding rule kind "
               "registered already; choose another id"),
])
def test_a_rule_kind_id_follows_the_rules_of_ids(name, message) -> None:
    other = type("Other", (LumpSum,), {"kind": name})
    with pytest.raises(ValueError) as refused:
        register_rule_kind(other)
    assert str(refused.value) == message
    assert "lump_sum_per_occupied_slot" not in Funder.model_fields


def test_show_month_keeps_a_registered_kinds_funder_to_its_dates(registered, tmp_path) -> None:
    """Outside its ``until`` a funder of a registered kind pays nothing (the run's
    cents), and ``show --month`` says so, as of a built-in funder: the kind's own terms
    (``month``) are asked only for a month within its dates."""
    path = _scenario(tmp_path)
    path.write_text(path.read_text().replace("lump_sum_per_occupied_slot: 40.0",
                                              "lump_sum_per_occupied_slot: 40.0\n  until: 2013-12"))
    after = CliRunner().invoke(main, ["show", str(path), "--month", "2014-02"])
    assert after.exit_code == 0, after.output
    assert ("  mobility:\n    covers: nothing this month\n    until: 2013-12\n"
            "    cap_per_year: 3000.0\n  employers:\n") in after.output
    within = CliRunner().invoke(main, ["show", str(path), "--month", "2013-12"])
    assert "covers: lump sum towards travel\n" in within.output
