"""The workbooks read back as a spreadsheet program computes them.

plan.xlsx's formulas (quantity x unit cost + rounding remainder, SUM, shares, the
surcharge) are evaluated by the ``formulas`` package and must give plan.csv's figures to
the cent; the quantity basis has closed forms for the small scenario's slots and
material; the unit cost multiplies out exactly for any amount and quantity.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest
from formulas.functions.math import xround
from hypothesis import given
from hypothesis import strategies as st

from finsim.ledger import BY_ID, COST_CATEGORIES
from finsim.montecarlo import RunSpec, run
from finsim.montecarlo.statistics import quantile
from finsim.report import html_size, plan_book, results_book
from finsim.report.numbers import rounded_cells
from finsim.report.plan import plan_table
from finsim.report.plan_book import write_plan
from finsim.report.quantities import quantity_table, unit_cost
from finsim.units import kind

from .workbook import computed, formula_cells, labelled, saved


def cents(value: float) -> int:
    return round(float(value) * 100)


@pytest.fixture(scope="module")
def planned(small_module, tmp_path_factory):
    result = run(RunSpec(small_module, 12, 3), jobs=1)
    plan = plan_table(result, 0.9)
    path = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    write_plan(path, result, plan, 0.9)
    return result, plan, path


@pytest.fixture(scope="module")
def small_module():
    from finsim.scenario import load_scenario

    from .conftest import SMALL
    return load_scenario(SMALL)


@pytest.mark.parametrize("read", [computed, saved], ids=["computed", "saved"])
def test_plan_formulas_compute_plan_csv_to_the_cent(planned, read):
    """As a spreadsheet program computes the plan, and as a viewer that computes nothing
    shows it (the result saved with each formula): plan.csv's figures to the cent."""
    result, plan, path = planned
    rows = labelled(read(path)["Finanzierungsplan"])
    years = sorted(plan.year.unique())
    spent = plan[plan.category != "contingency"]
    lift = plan[plan.category == "contingency"]
    for k, category in enumerate(COST_CATEGORIES):
        got = rows[f"1.{k + 1} {category.plan_line}"]
        want = spent[spent.category == category.id].groupby("year").amount.sum()
        assert [cents(got[1 + i]) for i in range(len(years))] == [cents(want[y]) for y in years]
        assert cents(got[1 + len(years)]) == cents(want.sum())
    names = {f.id: f.name for f in result.scenario.funding} | {
        "gap": "Finanzierungslücke (ungedeckt)"}
    # block 2 names a funder that is not public as funding: marked, as on the pages
    funding = names | {"employers": "Employers (nicht öffentlich)"}
    for i, funder in enumerate([*result.scenario.funder_ids, "gap"], start=1):
        got = rows[f"2.{i} {funding[funder]}"]
        want = spent[spent.funder == funder].groupby("year").amount.sum()
        assert [cents(got[1 + j]) for j in range(len(years))] == [cents(want[y]) for y in years]
        # the gap and the employers' own money (not public) are no request: no 3.x
        number = "" if funder in ("gap", "employers") else f"3.{i} "
        extra = rows[f"{number}{names[funder]}: Risikozuschlag"]
        more = lift[lift.funder == funder].set_index("year").amount
        assert [cents(extra[1 + j]) for j in range(len(years))] == [cents(more[y]) for y in years]
        total = rows[f"     {names[funder]}: Summe"]
        assert cents(total[1 + len(years)]) == cents(want.sum() + more.sum())
    expected = cents(spent.amount.sum())
    assert cents(rows["Summe Ausgaben (Erwartungswert)"][-2]) == expected
    assert cents(rows["Summe Finanzierung (Erwartungswert)"][-2]) == expected
    assert rows["Differenz Ausgaben - Finanzierung (muss 0 sein)"][1:4] == pytest.approx(
        [0, 0, 0], abs=1e-6)
    assert cents(rows["Risikozuschlag (90-%-Quantil je Geldgeber)"][-2]) == cents(lift.amount.sum())
    public = plan[~plan.funder.isin(["gap", "employers"])]
    assert cents(rows["Summe beantragte Mittel (öffentliche Geldgeber) inkl. Risikozuschlag"]
                 [-2]) == cents(public.amount.sum())
    # the sum of the funders' separate quantiles, and beside it the total's own quantile
    assert cents(rows["Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag"][-2]) \
        == cents(plan.amount.sum())
    own = rows["Gesamtausgaben: 90-%-Quantil"]
    assert cents(own[-2]) == cents(quantile(result.metric("cost_total"), 0.9))
    totals = result.aggregate.yearly_sample.sum(axis=(2, 3))
    assert [cents(own[1 + j]) for j in range(len(years))] == [
        cents(float(np.quantile(totals[:, j], 0.9))) for j in range(len(years))]
    assert cents(own[-2]) <= cents(plan.amount.sum())
    shares = [rows[f"2.{i} {funding[f]}"][-1] for i, f in
              enumerate([*result.scenario.funder_ids, "gap"], start=1)]
    assert sum(shares) == pytest.approx(1.0)
    assert shares[0] == pytest.approx(spent[spent.funder == "jobcenter"].amount.sum()
                                      / spent.amount.sum())


def assert_saved_as_computed(path) -> None:
    """Every formula cell holds a saved result, the one the ``formulas`` package computes
    (to 1e-9 of the amount: the order floats are added in)."""
    shown, want = saved(path), computed(path)
    cells = formula_cells(path)
    assert cells
    for sheet, row, column, formula in cells:
        got, expected = shown[sheet][row][column], want[sheet][row][column]
        assert got is not None, (sheet, row, column, formula)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9), (sheet, formula)


def test_every_plan_formula_is_saved_with_its_result(planned):
    assert_saved_as_computed(planned[2])
    rows = labelled(saved(planned[2])["Finanzierungsplan"])
    assert rows["Differenz Ausgaben - Finanzierung (muss 0 sein)"][1:4] == (0, 0, 0)


def test_plan_amounts_are_live_formulas(planned):
    """Every cost line is quantity x unit cost from the Mengengerüst; sums are SUM."""
    sheet = openpyxl.load_workbook(planned[2])["Finanzierungsplan"]
    cells = {row[0].value: row for row in sheet.iter_rows() if isinstance(row[0].value, str)}
    wages = cells[f"1.1 {COST_CATEGORIES[0].plan_line}"][2].value
    assert wages.startswith("=ROUND('Mengengerüst'!C") and "*'Mengengerüst'!C" in wages
    overhead = cells[f"1.5 {COST_CATEGORIES[4].plan_line}"][2].value
    assert overhead.startswith("=ROUND(C") and "'Mengengerüst'!" in overhead  # rate x staff
    assert cells["Summe Ausgaben (Erwartungswert)"][2].value.startswith("=SUM(C")
    assert cells["Summe Finanzierung (Erwartungswert)"][3].value.startswith("=SUM(D")
    assert cells["Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag"][2].data_type == "f"


def test_quantity_basis_closed_forms(planned):
    """Slots 30 + 10 (2013) and 30 + 20 (2014): 480 and 600 slot-months; material 50 and
    80 EUR per slot-month: 27,600 / 480 = 57.50 and 37,200 / 600 = 62.00 EUR, no
    remainder; coaching FTE-months are participant-months / 12 participants per coach."""
    result, _, path = planned
    q = quantity_table(result)
    assert list(q.index) == [2013, 2014]
    assert list(q.slot_months) == [480.0, 600.0] and list(q.months) == [12, 12]
    np.testing.assert_allclose(q.coach_months, q.participant_months / 12, atol=6e-4)
    sheet = computed(path)["Mengengerüst"]
    rows = labelled(sheet)
    material = [r[1:] for r in sheet if r[0] == "Sachkosten"]
    assert material[0][1:3] == (57.5, 62.0)  # unit costs
    assert material[1][1:3] == (0, 0)  # no remainder
    assert rows["Plätze im Jahresdurchschnitt"][1:4] == pytest.approx([40, 50, 45])
    occupancy = rows["Auslastung der Plätze"][1:3]
    assert occupancy == pytest.approx(list(q.participant_months / q.slot_months), abs=1e-6)


def test_qualification_is_planned_per_new_entry(small_data, tmp_path):
    """Qualification modules are paid per entrant, yet Mengengerüst gave them per
    participant-month (534.26 EUR in a ramp-up year, 54.64 the year after). Now per new
    entry: with one module of 450 EUR at entry and 8 replications (means in eighths, so
    three decimals hold them), each year's unit cost is 450.00 and nothing is left over;
    the years' new entries add up to the terminal's."""
    from finsim.analysis.sizing import people
    from finsim.scenario import scenario_from_dict

    small_data["costs"]["qualification"] = [  # the driving licence (month 3) left out
        {"id": "assessment", "name": "Kompetenzfeststellung", "uptake": 1.0, "cost": 450,
         "month": 0}]
    scn = scenario_from_dict(small_data)
    result = run(RunSpec(scn, 8, 3), jobs=1)
    entries = quantity_table(result)["entries"]
    assert entries.sum() == pytest.approx(people(result)["new_entries"], abs=1e-9)
    path = tmp_path / "plan.xlsx"
    write_plan(path, result, plan_table(result, 0.9), 0.9)
    sheet = computed(path)["Mengengerüst"]
    assert labelled(sheet)["Neue Eintritte"][1:3] == pytest.approx(list(entries))
    unit, remainder = [r[1:4] for r in sheet if r[0] == "Qualifizierung"]
    assert unit == ("€ je neuem Eintritt (Module des Jahres / neue Eintritte des Jahres)",
                    450.0, 450.0)
    assert remainder[1:3] == (0, 0)


@given(st.integers(0, 10**11), st.integers(0, 10**9))
def test_unit_cost_multiplies_out_to_the_cent(amount_cents, quantity_thousandths):
    """ROUND(quantity x unit, 2) + remainder, in a spreadsheet's binary arithmetic, is
    the amount to the cent; the remainder is whole cents and at most half a cent per
    unit of quantity plus a cent per unit cost step."""
    amount, quantity = amount_cents / 100, quantity_thousandths / 1000
    found = unit_cost(amount, quantity)
    computed_ = xround(float(found.quantity) * float(found.unit), 2) + float(found.remainder)
    assert round(computed_ * 100) == amount_cents
    assert found.remainder == found.remainder.quantize(Decimal("0.01"))
    if quantity:
        assert abs(found.remainder) <= Decimal(quantity_thousandths) / 1000 * Decimal(
            "0.035") + Decimal("0.01")


def test_workbook_bytes_do_not_depend_on_the_time(planned, tmp_path):
    result, plan, path = planned
    again = tmp_path / "again.xlsx"
    write_plan(again, result, plan, 0.9)
    assert again.read_bytes() == path.read_bytes()


def test_assumptions_are_a_table_not_json(planned):
    rows = [r for r in openpyxl.load_workbook(planned[2])["Annahmen"].iter_rows(values_only=True)]
    assert rows[2] == ("Parameter", "Wert", "Einheit",
                       "Erläuterung (Beschreibung im Szenarioformat)")
    by = {r[0]: r[1:] for r in rows if r[0]}
    assert by["costs.wages.hourly"][:2] == ("ab 2013-01: 8,62", "€ je Stunde")
    assert by["costs.staff.participants_per_coach"][:2] == (12, "Teilnehmende je VZÄ")
    assert by["costs.qualification.driving.cost"][:2] == (1500, "€ je Person")
    assert by["Plätze Beta gGmbH"][0] == "ab 2013-01: 10; ab 2014-01: 20"
    assert not any(isinstance(v, str) and v.lstrip().startswith(("{", "[")) for r in rows
                   for v in r)
    assert pd.notna(by["costs.overhead.rate_on_staff"][2])


def _assumptions(path) -> dict:
    """Annahmen (or Assumptions), parameter -> (value, unit, explanation)."""
    sheet = openpyxl.load_workbook(path).worksheets[-1]
    return {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}


def test_assumptions_say_each_funder_s_rule_in_one_row_as_the_size_page(planned, planned_en):
    """Above a funder's values one by one, its rule in the line the size page and the
    terminal give under the request table (``rules.rule_words``)."""
    de, en = _assumptions(planned[2]), _assumptions(planned_en)
    assert de["funding.land_esf"] == (
        "Personalkosten Anleitung, Betreuung, Leitung 100 %; Sachkosten 100 %; "
        "Qualifizierung 100 %; Verwaltungs- und Gemeinkosten 100 %", None,
        "Land / ESF: was die Regel trägt, und wann (die Zeilen darunter im Einzelnen)")
    assert de["funding.jobcenter"][0] == (
        "Personalkosten Beschäftigte (Lohn inkl. AG-Anteil) 75 %, 50 % nach "
        "Beschäftigungsjahr")
    assert en["funding.employers"][:2] == (
        "the remainder (what the funders before it leave)", None)


def test_assumptions_list_mix_assignment_modifiers_prices_and_providers_own_values(
        planned, planned_en):
    """The small scenario's participant mix, assignment, hazard modifiers, the year its
    prices are in and beta's own dropout and material rate each have a row; the
    program's rows that beta replaces say so."""
    by = _assumptions(planned[2])
    assert by["participants.assignment"][0] == "proportional"
    assert by["participants.mix.sex.male"][:2] == (0.6, "Anteil")
    assert by["participants.mix.age.50-59"][:2] == (0.3, "Anteil")
    assert by["employment.modifiers.0.when.age"][0] == "50-59"
    assert by["employment.modifiers.0.placement"][:2] == (0.6, "Faktor")
    assert by["employment.modifiers.0.placement"][2] == "Faktor auf die Vermittlungsrate (>= 0)."
    assert by["prices.base_year"][:2] == (2013, "Kalenderjahr")  # the default: the first year
    assert by["providers.beta.costs.material.per_slot_month"] == (
        80, "€ je Platzmonat",
        "Beta gGmbH: Sachkosten je verfügbarem Platz und Monat, besetzt oder nicht (€).")
    assert by["providers.beta.employment.hazards.dropout"][:2] == (
        0.02, "Wahrscheinlichkeit je Monat")
    assert by["costs.material.per_slot_month"][0] == 50
    assert by["costs.material.per_slot_month"][2].startswith(
        "Programmweit; eigene Werte: beta (unten). Sachkosten je")
    assert not by["costs.staff.participants_per_coach"][2].startswith("Programmweit")
    assert not any(k.startswith("providers.alpha") for k in by)  # alpha has none of its own
    en = _assumptions(planned_en)
    assert en["employment.modifiers.0.placement"][:2] == (0.6, "factor")
    assert en["costs.material.per_slot_month"][2] == (
        "Program-wide; own values: beta (below). Material cost per available slot and month, "
        "occupied or not (EUR).")
    assert en["employment.modifiers.0.placement"][2] == "Factor on the placement hazard (>= 0)."
    assert "Providers' own values (replace the program's for their slots)" in en


@pytest.fixture(scope="module")
def tariff_plan(tmp_path_factory):
    """``finsim size`` of the par. 16i file whose church providers pay their own tariff
    wage and a Jahressonderzahlung, for 2029-2030 (the tester's command, fewer runs)."""
    from click.testing import CliRunner

    from finsim.cli import main

    from .conftest import ROOT
    out = tmp_path_factory.mktemp("tariff") / "size"
    done = CliRunner().invoke(main, [
        "size", str(ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-tariff.yaml"),
        "--start", "2029-01", "--months", "24", "--confidence", "0.9", "-n", "6",
        "--jobs", "1", "--quiet", "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


def test_assumptions_state_the_tariff_wage_and_one_off_payments_the_plan_charges(
        tariff_plan):
    """The plan charges Caritas' and Diakonie's Jahressonderzahlung at their tariff wage;
    Annahmen said ``costs.one_off: keine`` and showed the minimum wage alone."""
    from finsim.scenario import load_scenario, resolved_data

    from .conftest import ROOT
    plan = pd.read_csv(tariff_plan / "plan.csv")
    assert plan[plan.category == "one_off"].amount.sum() > 0  # the plan charges them
    by = _assumptions(tariff_plan / "plan.xlsx")
    for provider in ("caritas", "diakonie"):
        own = f"providers.{provider}.costs"
        assert by[f"{own}.wages.hourly"][:2] == ("ab 2026-01: 15,93; ab 2026-05: 16,38; ab 2027-04: 16,7895",
                                                 "€ je Stunde")
        assert by[f"{own}.wages.subsidy_base.hourly"][0] == "wage"
        payment = f"{own}.one_off.jahressonderzahlung"
        assert by[f"{payment}.share_of_monthly_wage"][:2] == (0.85,
                                                              "Anteil am Bruttomonatslohn")
        assert by[f"{payment}.month"][:2] == (11, "Monat des Jahres (1-12)")
        assert by[f"{payment}.entitled_month"][0] == 12
        assert by[f"{payment}.pro_rata"][0] == "months"  # as written, as `wage`
    assert by["costs.one_off"][0] not in ("keine", "none")
    assert by["costs.one_off"][0] == "keine programmweit; eigene: caritas, diakonie"
    assumed = ("Ab Januar 2029 (24 von 24 Monaten) ist der Mindestlohn eine Annahme von finsim, "
               "noch keine gesetzliche Größe: 15,339125 EUR/Stunde im Jahr 2029 = die "
               "gesetzlichen 14,60 EUR vom Januar 2027 + 2,5 % im Jahr "
               "(costs.wages.annual_increase, gezogen von 0 % bis 5 %). ")
    assert by["costs.wages.hourly"][2].startswith(
        f"{assumed}Programmweit; eigene Werte: caritas, diakonie (unten).")
    assert by["costs.wages.subsidy_base.hourly"][2].startswith(assumed)
    assert by["providers.werkhof.costs.staff.management_cost_per_year"][0] == \
        "ab 2026-01: 2.000; ab 2027-04: 2.056"  # held with the TVöD table to 2027-03
    # the prices that uprate material (65 EUR in 2026 prices) and modules after 2026
    assert by["prices.base_year"][0] == 2026
    assert by["prices.material"][:2] == (0.02, "Anteil je Jahr")
    assert by["prices.qualification"][:2] == (0.02, "Anteil je Jahr")
    assert by["participants.mix.age.50-59"][:2] == (0.377246, "Anteil")
    assert by["participants.assignment"][0] == "proportional"
    assert by["employment.modifiers.0.when.age"][0] == "50-59; 60-65"
    assert by["employment.modifiers.0.placement"][:2] == (0.6, "Faktor")
    # every value the scenario gives in these blocks has a row
    data = resolved_data(load_scenario(
        ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-tariff.yaml"))
    for block in ("participants", "employment", "costs", "prices", "passive_benefits"):
        for key in data[block]:
            path = f"{block}.{key}"
            assert any(k == path or k.startswith(path + ".") for k in by), path


def test_a_price_index_is_a_schedule_of_index_values():
    """``prices.material: {2027: 1.02, 2028: 1.05}``: its unit is an index, not a rate."""
    index = {"2027": 1.02, "2028": 1.05}
    units = plan_book.UNITS["de"]
    assert plan_book._unit("prices.material", index, units) == "Index je Kalenderjahr"
    assert plan_book._unit("prices.material", 0.02, units) == "Anteil je Jahr"
    assert plan_book._value(index, plan_book.words("de")) == "ab 2027: 1,02; ab 2028: 1,05"


# -- plan.xlsx in English, and the German bytes ----------------------------------------------

GERMAN_PLAN_PARTS = "4aacfef588b6934b"
"""sha256 (first 16 hex digits) of the German plan.xlsx's parts, uncompressed, in order,
for the small scenario, 12 replications, seed 3, confidence 0.9: recorded at 2a7a973,
before plan.xlsx learned English (--lang en must not move a byte of the German workbook),
and again when a distribution's ``scale: False`` on Annahmen became ``scale: nein`` (the
one change, compared cell by cell), and in the finance review (compared cell by cell:
Fiskalbilanz C22 171,580.13 -> .14, the benefits avoided in whole cents per month and
provider; Annahmen D47, the description of `returns`, which now names one-off pay), and
again when plan.xlsx took results.xlsx's and the pages' German terms: "Replikationen" for
"Wiederholungen", "Startwert" for "Seed" and "90-%-Quantil" (as "90-%-Intervall") for
"90%-Quantil" (thirteen text cells on Finanzierungsplan, Mengengerüst and Annahmen;
nothing else, compared cell by cell).
And again when XlsxWriter replaced openpyxl as the writer (ad84dd2ab495a72b before):
other XML for the same workbook (shared strings instead of inline ones, column ranges),
compared cell by cell with openpyxl's file: every value, type, number format, font,
column width, frozen pane, document property and computed formula the same.
The zip's own bytes also depend on zlib, so the parts are hashed; a new XlsxWriter that
writes its XML differently is the one other reason to record this again (say so here).
And again when Annahmen came to list every value the plan rests on (bef55eb3da78f1c4
before; compared cell by cell with the workbook of the commit before): Finanzierungsplan,
Mengengerüst and Fiskalbilanz the same; on Annahmen every earlier row kept, in order, with
its value and unit; added the rows of participants.assignment and .mix, employment.modifiers,
prices.base_year and beta's own dropout and material rate (under their own heading); the
explanations of employment.hazards.dropout and costs.material.per_slot_month, which beta
replaces, now begin "Programmweit; eigene Werte: beta (unten).". The pin had already
failed since 7fbb334, whose new description of participants.initial (" at most the
slots of the first month") is the one other cell that moved (D19); that commit did not
record it again.
And again when Finanzierungsplan gained its block 4 below the requests, each funder's
quantile of its period total and a note (d7256fe8ca58b6f9 before): rows added after the
last row, no earlier cell moved.
And again when the gap left the requests (d09ea01cb54b816d before): block 3 numbers only
the funders; the gap's two lines, no longer "3.4", follow the "Summe beantragte Mittel"
row under a heading "Nicht beantragt: Finanzierungslücke ...", which sums the funders'
requests only (the same value here: the small scenario's gap is 0).
And again when Fiskalbilanz gained its last row (d0dc079f640964eb before): A2's note in
German words ("Öffentliche Nettokosten = Summe der Nettokosten der öffentlichen
Haushalte", no longer the id net_public_cost), a blank row and "Öffentliche
Nettokosten", the public budgets' Nettokosten rows added; no other cell moved.
And again when the own contribution left the requests and the total cost's own quantile
came beside the sum (d3d6b0a3cde6ed01 before): "Gesamtausgaben inkl. Risikozuschlag" is
now "Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag" (same value), with
the row "Gesamtausgaben: 90-%-Quantil" and a note below it; the employers (public: false)
are no longer "3.3" but follow the requests' sum under "Nicht beantragt: Eigenanteil",
and the sum (now "... (öffentliche Geldgeber) ...") leaves them out; rows below move down.
And again when a benefit amount's unit on Annahmen became "€ je Teilnehmermonat (für die
Bedarfsgemeinschaft)" (86de46e8724b57e4 before; "€ je Person und Monat" read as each
person's): the two unit cells of passive_benefits.by_payer; no other cell moved.
And again when each attribute and module drew from its own keyed stream (common random
numbers by name; cda896e984e39fc8 before): other draws of the same distributions, so
the run's numbers move (the workbook's code is unchanged; not compared cell by cell).
And again when block 4 kept the public funders only (3575554ca46a070d before): its
heading ends "je öffentlichem Geldgeber", and the lines of the employers (4.3) and of
the gap (4.4) are gone (nobody grants own money or the gap); rows below move up.
And again when Annahmen's explanation column said its descriptions are English
(785a1778605374a8 before): the one heading cell "Erläuterung (Beschreibung im
Szenarioformat, englisch)".
And again when the plan stopped claiming that quantiles add up to more (f8ccbea2400fddfd
before): below "Gesamtausgaben: 90-%-Quantil" a row "Anteil der Replikationen, deren
Jahresausgaben die Summe aller Finanzierungsanteile deckt" (its share per year; rows
below move down), the note under it ("kann ... auch unter ... liegen") and block 4's note
(the share of replications whose period total each funder's yearly requests cover) in
new words; no number moved.
And again when `minimum_wage` before 2015 came to be refused (84825868a6d2800c before;
compared cell by cell): the one cell Annahmen!D32, the wage's description ("sourced from
2015-01; refused for a period starting earlier, which had none", not "0 before 2015").
And again when plan.xlsx took the pages' term and marker (f003fe8100382115 before;
compared cell by cell): Fiskalbilanz A2 and its five benefit rows say "vermiedene" /
"Vermiedene passive Leistungen" (not "eingesparte"), and Finanzierungsplan A23 "2.3
Employers (nicht öffentlich)"; no other cell moved.
And again when Annahmen's explanations came to be German (7d078e3de0a8cf55 before;
compared cell by cell): the 58 explanation cells in column D that quote the scenario
format's description say it in German (``descriptions.GERMAN``), and the heading D3 reads
"Erläuterung (Beschreibung im Szenarioformat)" without "englisch"; no other cell, number
format or font moved.
And again when the description of `referrals_per_month` said that under `on_demand` a
waiting list from a caseload or the actual spells waits (b5777ef8fd0d371c before): its
one explanation cell on Annahmen.
And again when a German reviewer's wording came into the descriptions (bb46e4f1defcff5c
before; compared cell by cell): on Annahmen the explanation cells D32 (the minimum wage
refused "vor 2015-01"), D36, D37 and D50 (the staff line "Anleitung/Betreuung", "Anleitung,
Betreuung und Leitung") and D44, D48 (a module's month, charged once); no other cell.
And again when Annahmen's € values took the money format (51aed2b434004aef before;
compared cell by cell): the number format of B37, B38, B40, B43, B47, B53, B54, B59 and
B63 (General -> ``#,##0.00 "€"``, same values), and the new unit C63 of the Jobcenter's
cap_per_person_month ("€ je Teilnehmermonat"); no other cell.
And again when the coverage row came to read subject-first (bb46e4f1defcff5c before;
compared cell by cell): the one cell Finanzierungsplan!A17, "Anteil der Replikationen, in
denen die Summe aller Finanzierungsanteile die Jahresausgaben deckt".
And again when the staff line came to say "Anleitung und Betreuung" throughout
(1ad9025c85addc2c before; compared cell by cell): Mengengerüst F9 "... je VZÄ
Anleitung/Betreuung, je Träger", A13 "Fachkräfte für Anleitung und Betreuung im
Jahresdurchschnitt", B17 "€ je VZÄ-Monat Anleitung/Betreuung (Leitung anteilig)" and B20
"Gemeinkostensatz auf die Personalkosten Anleitung, Betreuung, Leitung"; no other cell.
And again when finsim's own default budget came to be named in German (10fe0a30d5547a29
before; compared cell by cell): the one cell Fiskalbilanz!A15, "Eigenmittel der Träger
(nicht öffentlich)" for "provider (nicht öffentlich)" (the small scenario's employers
write no budget).
The two sets of changes above were made side by side and merged: the pin after both
(04cbfa365ab3f7ee with the first, 56ca326a3a1a03d8 with the second) holds every cell
named in both, and no other (ecfc583332ec5f36; compared cell by cell with each branch's plan).
And again when Annahmen's uncertainty rows took their parameter's unit (ecfc583332ec5f36
before; compared cell by cell): C78 "Wahrscheinlichkeit je Monat" and C79 "Anteil je
Jahr", empty before; no other cell.
And again when the contingency line came to say that it sums every contingency of block 3,
the own contribution's and the gap's too (42087c81dfe4f5a6 before; compared cell by
cell): the one cell Finanzierungsplan!B14, "Summe aller Zuschläge in Block 3 (auch
Eigenanteil, Lücke)".
And again when the scenario format came to refuse mix attributes that differ only in case
and to take a returner's earlier months (5674cbee32e1e6f0 before; compared cell by cell):
the explanation cells Annahmen!D21 to D24 (the mix's attributes: "Zwei Merkmale dürfen
sich nicht nur in Groß- und Kleinschreibung unterscheiden ...") and D25 (`max_months`:
"§16i SGB II fördert eine Person höchstens 60 Monate (5 Jahre) im Leben ..."); no other
cell.
And again when the coverage row came to hold the share cut to 0.1 %, as the terminal, the
page and the plan's note give it (cd04dcb3ff3fa174 before; compared cell by cell):
Finanzierungsplan!C17 0.91666... -> 0.916 and the number format of C17 and D17 ``0.00 %``
-> ``0.0 %`` (D17's value 1.0 kept); no other cell, width or font moved.
And again when Annahmen's shares took the percent format (0b86d409cc1637eb before;
compared cell by cell): the number format of B8 (the confidence), B21 to B24 (the mix),
B34, B35, B39 (employer contributions, annual increases), B42, B46 (uptakes), B50
(overhead rate) and B67 to B70 (Land/ESF's covers), General -> ``0.00## %``, the values
unchanged; no other cell.
And again when max_months came to say it counts by the calendar (d722e8c77f10354c before;
compared cell by cell): Annahmen D25, the German description of employment.max_months, is
the one cell that moved.
And again when Mengengerüst's column B (the units) came to be as wide as its longest unit
(64ed0b35a478ccbe before; compared part by part): the one ``<col>`` of
xl/worksheets/sheet2.xml, width 46 -> 71; every other part, cell, style and width the same.
And again when every label column came to be as wide as its longest label beside a filled
cell (15b6c3ead62df43b before; compared part by part): only ``<col>`` widths moved,
Finanzierungsplan A 60 -> 98 and B 34 -> 60, Mengengerüst A 58 -> 62, Annahmen B 40 -> 67
and C 28 -> 52; every other part, cell and style the same.
And again when a label column came to stop at 72 characters, a longer label wrapping in
it (978d7c6abb48523d before; compared part by part and cell by cell): in
xl/worksheets/sheet1.xml Finanzierungsplan's column A 98 -> 72 and row 17 30 points high
(ht="30" customHeight="1"), its label A17 (96 characters) in a new wrapping format; in
xl/styles.xml that one format added (cellXfs 11 -> 12), so the style numbers of the
formats made after it move up by one (s="5" -> s="6" ...) in sheet1, sheet2 and sheet4
with every cell's number format and font the same; xl/sharedStrings.xml's count 402 ->
403 (A17 is written a second time with its wrap; the strings themselves the same).
And again when `employer_contributions` could be dated (401c30237942aa49 before): its
description on Annahmen D34 says so, the one cell changed (compared cell by cell).
And again when the fiscal balance came to say its years are those the cost arises in
(363ae7c15959a292 before; compared part by part and cell by cell): Fiskalbilanz A1
"Fiskalbilanz je Haushalt (Erwartungswert)" -> "... (Erwartungswert, dem Jahr zugerechnet,
in dem die Kosten entstehen)", xl/sharedStrings.xml the one part that moved.
And again when a yearly rate of 0.5 or more came to be refused (15877073c6f10eab before, with the fiscal balance's words;
compared cell by cell): the German descriptions of the two annual increases, Annahmen D35
and D39, add "eine jährliche Rate, 0,01 für 1 %"; no other cell.
And again when management and its overhead were booked in whole cents per calendar year
(c159ec3e8acac768 before; compared cell by cell): only money of staff and overhead moved,
Finanzierungsplan C16 1,060,046.68 -> .63 and E16 2,456,189.99 -> .89 (the total's
quantile), C22 282,807.97 -> .91 (Land/ESF, which pays staff), C31 5,864.21 -> .23, E43
638,699.52 -> .47; Mengengerüst's remainders C25 0.17 -> 0.11 (staff) and C28 0.01 -> 0.02
(overhead); Fiskalbilanz C11 282,807.97 -> .91.
And again when each formula came to be saved with its result (ef7107ae99e9bbcd before;
compared part by part): in xl/worksheets/sheet1.xml to sheet3.xml each ``<f>`` cell's
``<v></v>`` holds its result; no other byte of any part.
And again when qualification came to be planned per new entry and Annahmen to give each
funder's rule in one row (e369be131707e044 before; compared cell by cell): Mengengerüst
gains row 10 "Neue Eintritte" (49.083, 23.75), so the rows below move down by one and
Finanzierungsplan's formulas of 1.1 to 1.6 (rows 7 to 12) point one row lower, their
values the same; the unit of Qualifizierung (B20) is "€ je neuem Eintritt (Module des
Jahres / neue Eintritte des Jahres)", 880.40 and 944.75 (100.43 and 38.27 per
participant-month before), its remainders C28:D28 -0.17 and -0.31 (-0.72 and -2.27);
Annahmen gains the rows funding.jobcenter, funding.land_esf and funding.employers (the
rule in one line) above each funder's values; no other cell moved.
And again when the share column's header came to say its two denominators (12fe546642254741
before; compared cell by cell, values and number formats, and the column widths):
Finanzierungsplan F5 "Anteil" is "Anteil (2.x: an der Summe Finanzierung, 3.x: an der
Summe beantragte Mittel)"; no other cell moved.
And again when German prose came to name the months (b0cb8302549e4363 before; compared
cell by cell, values, number formats, fonts, alignment and column widths): the one cell
Annahmen!D32, the wage's description ("belegt ab Januar 2015", "vor Januar 2015", not
"2015-01"); no other cell moved.
"""


def parts_digest(path) -> str:
    import hashlib
    import zipfile

    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as book:
        for entry in book.infolist():
            digest.update(entry.filename.encode() + b"\0" + book.read(entry) + b"\0")
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def planned_en(planned, tmp_path_factory):
    result, plan, _ = planned
    path = tmp_path_factory.mktemp("plan-en") / "plan.xlsx"
    write_plan(path, result, plan, 0.9, "en")
    return path


def test_german_plan_is_the_same_bytes_as_before_it_spoke_english(planned):
    assert parts_digest(planned[2]) == GERMAN_PLAN_PARTS


def test_the_coverage_row_is_cut_to_a_tenth_of_a_percent_as_the_page_says(planned,
                                                                          planned_en):
    """Row 17 held the raw share (11 of 12 replications: 0.91666...) as ``0.00 %``,
    91.67 %, where the terminal, the page and the plan's own note cut it to 91.6 % (a
    share just under the confidence must never read as reaching it): the cut value, with
    one decimal."""
    from finsim.report.plan import coverage, covered_cut, covered_text

    result, plan, path = planned
    shares = list(coverage(result, plan).years.values())
    assert shares == [11 / 12, 1.0]
    assert [covered_cut(v) for v in shares] == [0.916, 1.0]
    assert covered_text(11 / 12, "de") == "91,6 %"
    for book, sheet, percent in ((path, "Finanzierungsplan", "0.0 %"),
                                 (planned_en, "Funding plan", "0.0%")):
        row = openpyxl.load_workbook(book)[sheet][17]
        assert [c.value for c in row[2:4]] == [0.916, 1.0]
        assert [c.number_format for c in row[2:4]] == [percent, percent]


def test_assumptions_show_shares_as_percentages(planned, planned_en):
    """Annahmen showed the employer contributions as 0.2 and a funder's share as 1 where
    docs/workbooks.md says shares are percentages in every workbook: a share (its unit
    says so) has the percent format, its value unchanged; a probability, a factor and
    money keep theirs."""
    for book, sheet, percent, eur in ((planned[2], "Annahmen", "0.00## %", '#,##0.00 "€"'),
                                      (planned_en, "Assumptions", "0.00##%", '"€"#,##0.00')):
        rows: dict[str, tuple] = {}
        for r in openpyxl.load_workbook(book)[sheet].iter_rows():
            if isinstance(r[0].value, str):  # the value's row, not its uncertainty's below
                rows.setdefault(r[0].value, r)
        for path, value, shown in (
                ("costs.wages.employer_contributions", 0.2, percent),
                ("costs.wages.annual_increase", 0.02, percent),
                ("costs.overhead.rate_on_staff", 0.15, percent),
                ("participants.mix.sex.male", 0.6, percent),
                ("funding.land_esf.covers.staff", 1, percent),
                ("employment.hazards.placement", 0.01, "General"),
                ("employment.modifiers.0.placement", 0.6, "General"),
                ("costs.staff.coach_cost_per_year", 55000, eur)):
            assert (rows[path][1].value, rows[path][1].number_format) == (value, shown), path
        confidence = next(r for label, r in rows.items() if label.startswith(("Konfidenz",
                                                                             "Confidence")))
        assert (confidence[1].value, confidence[1].number_format) == (0.9, percent)


def test_assumptions_say_yes_and_no_in_words(planned, planned_en):
    """A distribution's ``scale`` flag in the language's words, not Python's False."""
    for path, no in ((planned[2], "scale: nein"), (planned_en, "scale: no")):
        cells = [str(c) for r in openpyxl.load_workbook(path).worksheets[-1]
                 .iter_rows(values_only=True) for c in r if c is not None]
        assert any(no in c for c in cells)
        assert not any("True" in c or "False" in c for c in cells)


def test_english_plan_speaks_english(planned, planned_en):
    """Sheet names, headings, labels, units, the gap, schedules and number formats."""
    book = openpyxl.load_workbook(planned_en)
    assert book.sheetnames == ["Funding plan", "Quantities", "Fiscal balance", "Assumptions"]
    plan = book["Funding plan"]
    assert plan["A1"].value == "Funding plan"
    cells = {row[0].value: row for row in plan.iter_rows() if isinstance(row[0].value, str)}
    wages = cells["1.1 Wages incl. employer contributions"]
    assert wages[1].value == "quantity x unit cost"
    assert cells["1.5 Overhead"][1].value == "line 1.2 x rate"
    assert "1.2 Staff for guidance, coaching and management" in cells
    assert "1.6 One-off payments incl. employer contributions" in cells
    assert wages[2].value.startswith("=ROUND('Quantities'!C")
    assert cells["Total expenditure (expected value)"][2].value.startswith("=SUM(C")
    assert "Funding gap (uncovered): contingency" in cells  # no request: no 3.x
    assert cells["2.1 Jobcenter"][2].number_format == '"€"#,##0.00'
    assert cells["2.1 Jobcenter"][5].number_format == "0.00%"
    basis = {r[0].value: r for r in book["Quantities"].iter_rows()
             if isinstance(r[0].value, str)}
    assert basis["Occupancy of the slots"][2].number_format == "0.00%"
    units = [r for r in book["Quantities"].iter_rows(values_only=True)
             if r[0] == "Wages incl. employer contributions"]
    assert units[0][1] == "€ per participant-month (wage incl. employer contributions)"
    rows = {r[0]: r[1:] for r in book["Assumptions"].iter_rows(values_only=True) if r[0]}
    assert rows["costs.wages.hourly"][:2] == ("from 2013-01: 8.62", "€ per hour")
    assert rows["Slots Beta gGmbH"] == ("from 2013-01: 10; from 2014-01: 20", "slots",
                                        "provider id beta")
    assert rows["Parameter uncertainty"][0] == "yes"  # the small scenario draws
    fiscal = [r[0] for r in book["Fiscal balance"].iter_rows(values_only=True)]
    assert "  Net cost" in fiscal and "Budget / line" in fiscal
    german = {v for lang_words in (plan_book.WORDS, plan_book.UNITS)
              for k, v in lang_words["de"].items() if v != lang_words["en"][k]}
    german.discard(",")  # the decimal mark is no word
    german |= {c.plan_line for c in COST_CATEGORIES} | {c.unit for c in COST_CATEGORIES}
    texts = {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)}
    assert not texts & german
    assert not any(word in text for text in texts for word in german if len(word) > 8)


def test_english_plan_computes_what_the_german_one_computes(planned, planned_en):
    """The same layout: every cell that holds a number (a value or a formula's result)
    holds the same number in both languages, and the formulas are the same but for the
    quantity sheet's name."""
    german, english = computed(planned[2]), computed(planned_en)
    numbers = 0
    for (de_name, de_rows), (en_name, en_rows) in zip(german.items(), english.items(),
                                                       strict=True):
        assert len(de_rows) == len(en_rows), (de_name, en_name)
        for de_row, en_row in zip(de_rows, en_rows, strict=True):
            for de, en in zip(de_row, en_row, strict=True):
                if isinstance(de, int | float) and not isinstance(de, bool):
                    assert en == de
                    numbers += 1
                else:
                    assert isinstance(en, str) == isinstance(de, str)
    assert numbers > 100
    de_book, en_book = (openpyxl.load_workbook(p) for p in (planned[2], planned_en))
    for de_sheet, en_sheet in zip(de_book.worksheets, en_book.worksheets, strict=True):
        for de_row, en_row in zip(de_sheet.iter_rows(), en_sheet.iter_rows(), strict=True):
            for de, en in zip(de_row, en_row, strict=True):
                if de.data_type == "f":
                    assert en.value == de.value.replace("'Mengengerüst'!", "'Quantities'!")


def test_plan_words_are_the_same_keys_in_both_languages_and_shadow_no_shared_word():
    for table in (plan_book.WORDS, plan_book.UNITS):
        assert table["de"].keys() == table["en"].keys()
    for lang in ("de", "en"):
        shared = {**results_book.words(lang),
                  **{k: html_size.WORDS[lang][k] for k in plan_book.SHARED}}
        assert not plan_book.WORDS[lang].keys() & shared.keys()


# -- results.xlsx of run and compare ---------------------------------------------------------


@pytest.fixture(scope="module")
def run_folders(tmp_path_factory):
    """The small scenario run twice into two folders (German), and once in English."""
    from click.testing import CliRunner

    from finsim.cli import main

    from .conftest import SMALL
    base = tmp_path_factory.mktemp("runs")
    for name, extra in (("a", []), ("b", []), ("en", ["--lang", "en"])):
        done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "6", "-j", "1",
                                         "--out", str(base / name), *extra])
        assert done.exit_code == 0, done.output
    return base


def test_run_workbook_matches_the_csv_files(run_folders):
    out = run_folders / "a"
    book = computed(out / "results.xlsx")
    assert list(book) == ["Übersicht", "Jahre und Geldgeber", "Träger", "Fiskalbilanz"]
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    rows = {r[-1]: r for r in book["Übersicht"] if isinstance(r[-1], str)}
    for metric, row in summary.iterrows():  # held unrounded, shown as the CSV writes them
        shown = rounded_cells(np.array(rows[metric][1:6], dtype=float), kind(metric))
        expected = row[["mean", "p05", "p50", "p95", "std"]].to_numpy(dtype=float)
        np.testing.assert_array_equal(shown, expected, err_msg=metric)
    assert rows["cost_per_placement"][6] == "Mittel der Quotienten je Replikation"
    # total / count over the unrounded means: the terminal's and the page's figure, to
    # the cent (not over a count rounded as summary.csv writes it)
    replications = pd.read_csv(out / "replications.csv")
    for metric, count in (("cost_per_entry", "entries"),
                          ("cost_per_placement", "exits_placement")):
        exact = replications["cost_total"].mean() / replications[count].mean()
        assert round(rows[f"{metric}_ratio_of_means"][1], 2) == round(exact, 2), metric
    ratio = rows["cost_per_placement_ratio_of_means"]
    assert ratio[6] == "Quotient der Mittelwerte (Formel)"
    # the program's cash figures are of one balance, all providers' cash netted, which is
    # not the sum of each provider's peak: the summary says so beside them
    assert rows["peak_prefinancing"][6] == rows["months_negative"][6] == "alle Träger zusammen"
    assert rows["cost_total"][6] is None

    sheet = book["Jahre und Geldgeber"]
    totals = [r for r in sheet if r[0] == "Summe"]
    by_funder, by_category = totals
    funders = ["jobcenter", "land_esf", "employers", "gap"]
    for value, funder in zip(by_funder[1:], funders, strict=False):
        assert abs(cents(value) - cents(summary.loc[f"funding_{funder}", "mean"])) <= 2
    for value, category in zip(by_category[1:], COST_CATEGORIES, strict=False):
        assert abs(cents(value) - cents(summary.loc[f"cost_{category.id}", "mean"])) <= 2
    assert abs(cents(by_funder[len(funders) + 1]) - cents(summary.loc["cost_total", "mean"])) <= 2
    years = [r for r in sheet if r[0] in ("2013", "2014")]
    assert len(years) == 4  # two years in each block
    ledger = pd.read_csv(out / "ledger.csv")
    ledger["year"] = ledger.month.str[:4]
    per_year = ledger.groupby(["year", "funder"]).amount.sum()
    assert years[0][1] == pytest.approx(per_year[("2013", "jobcenter")], abs=0.01 * 24 * 2)

    providers = pd.read_csv(out / "providers.csv").set_index(["provider", "metric"])
    sheet = book["Träger"]
    mine = [r for r in sheet if r[0] == "Summe"][0]
    # the SUM of the held means: summary.csv's figure as the format shows it
    assert rounded_cells(np.array([mine[1]]), "count")[0] == summary.loc["entries", "mean"]
    assert mine[1] == pytest.approx(providers.xs("entries", level="metric")["mean"].sum(),
                                    abs=0.0005 * len(providers.xs("entries", level="metric")))
    alpha = [r for r in sheet if r[0] == "Alpha e.V."][0]  # held unrounded, as Übersicht
    shown = rounded_cells(np.array(alpha[1:4], dtype=float), "count")
    assert shown.tolist() == list(providers.loc[("alpha", "entries"), ["mean", "p05", "p95"]])


def test_money_cells_hold_the_mean_as_computed_and_show_it_to_the_cent(run_folders):
    """README ("The tables' money") said the workbooks' cells are rounded to the cent;
    Übersicht and Träger hold the mean over the replications as computed, shown with two
    decimals, so a sum or ratio over them in the spreadsheet is the computed one; the
    tables by year hold whole cents (plan.csv's cells). README and docs/workbooks.md say so."""
    from finsim.report.amounts import half_up

    from .conftest import ROOT

    out = run_folders / "a"
    book = openpyxl.load_workbook(out / "results.xlsx")
    mean = pd.read_csv(out / "replications.csv")["cost_total"].mean()
    overview = {r[-1].value: r for r in book["Übersicht"].iter_rows() if r[-1].value}
    cell = overview["cost_total"][1]
    assert (cell.value, cell.number_format) == (mean, '#,##0.00 "€"')
    assert cell.value != round(cell.value, 2)  # not cut to the cent: 6 replications' mean
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    # 2,451,495.235 reads 2.451.495,24 €, as summary.csv writes it (the format rounds half up)
    assert float(half_up(cell.value, 2)) == summary["cost_total"] == 2451495.24
    years = [r for r in book["Jahre und Geldgeber"].iter_rows(values_only=True)
             if r[0] in ("2013", "2014")]
    money = [v for r in years for v in r[1:] if isinstance(v, float)]
    assert money and all(v == round(v, 2) for v in money)  # whole cents
    readme = " ".join((ROOT / "README.md").read_text().split())
    docs = " ".join((ROOT / "docs" / "workbooks.md").read_text().split())
    said = ("`results.xlsx`'s `Übersicht` and `Träger` (and compare's workbook) hold the mean "
            "as computed, shown to the cent by the cell's number format")
    assert said in readme and said in docs


def test_every_run_workbook_formula_is_saved_with_its_result(run_folders):
    """The sums of Jahre und Geldgeber and Träger and total / count on Übersicht show in a
    viewer that computes nothing (pandas reads them too)."""
    assert_saved_as_computed(run_folders / "a" / "results.xlsx")
    out = run_folders / "a"
    sheet = pd.read_excel(out / "results.xlsx", "Jahre und Geldgeber", header=None)
    totals = sheet[sheet[0] == "Summe"]
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    assert cents(totals.iloc[0, 1]) == cents(summary.loc["funding_jobcenter", "mean"])
    ratio = pd.read_excel(out / "results.xlsx", "Übersicht", header=None).set_index(7)
    replications = pd.read_csv(out / "replications.csv")
    assert cents(ratio.loc["cost_per_entry_ratio_of_means", 1]) == cents(
        replications.cost_total.mean() / replications.entries.mean())


def test_run_workbook_is_reproducible_and_speaks_english(run_folders):
    assert (run_folders / "a" / "results.xlsx").read_bytes() == \
        (run_folders / "b" / "results.xlsx").read_bytes()
    book = openpyxl.load_workbook(run_folders / "en" / "results.xlsx")
    assert book.sheetnames == ["Summary", "By year and funder", "By provider", "Fiscal balance"]
    labels = [r[0] for r in book["Summary"].iter_rows(values_only=True)]
    assert "Total cost" in labels and "Cost per placement: total / count" in labels
    how = {r[-1]: r[6] for r in book["Summary"].iter_rows(values_only=True)}
    assert how["peak_prefinancing"] == "all providers together"


def test_run_workbook_numbers_in_the_language_s_formats(run_folders):
    """German: ``1.234,56 €`` and ``12,50 %``; English: ``€1,234.56`` and ``12.50%``."""
    for lang, money, share in (("a", '#,##0.00 "€"', "0.00 %"), ("en", '"€"#,##0.00', "0.00%")):
        book = openpyxl.load_workbook(run_folders / lang / "results.xlsx")
        summary, by_year, by_provider, _ = book.worksheets
        cells = {r[-1].value: r for r in summary.iter_rows() if isinstance(r[-1].value, str)}
        assert cells["cost_total"][1].number_format == money
        assert cells["cost_per_placement_ratio_of_means"][1].number_format == money
        assert cells["occupancy_rate"][1].number_format == share
        assert cells["entries"][1].number_format == "#,##0.000"
        totals = [r for r in by_year.iter_rows() if r[1].data_type == "f"]
        assert totals and all(r[1].number_format == money for r in totals)
        formats = {c.number_format for r in by_provider.iter_rows(min_row=6) for c in r[1:]
                   if c.value is not None}
        assert {money, share} <= formats


def test_compare_workbook_side_by_side_and_paired_differences(tmp_path):
    from click.testing import CliRunner

    from finsim.cli import main

    from .conftest import SMALL
    more = tmp_path / "more.yaml"
    more.write_text(f"base: {SMALL.resolve()}\nname: More slots\n"
                    "providers:\n  - {id: alpha, slots: 40}\n")
    out = tmp_path / "c"
    done = CliRunner().invoke(main, ["compare", str(SMALL), str(more), "-q", "-n", "6",
                                     "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    book = computed(out / "results.xlsx")
    assert list(book) == ["Vergleich", "Differenzen"]
    table = pd.read_csv(out / "comparison.csv")
    side = {r[-1]: r for r in book["Vergleich"] if isinstance(r[-1], str)}
    diff = {r[-1]: r for r in book["Differenzen"] if isinstance(r[-1], str)}
    def shown(cells: tuple, metric: str) -> np.ndarray:  # held unrounded, shown as the CSV
        return rounded_cells(np.array(cells, dtype=float), kind(metric))

    for row in table.itertuples():
        k = 0 if row.scenario == "Small test program" else 1
        np.testing.assert_array_equal(shown(side[row.metric][1 + 3 * k: 4 + 3 * k], row.metric),
                                      [row.mean, row.p05, row.p95], err_msg=row.metric)
        if k == 1:
            np.testing.assert_array_equal(
                shown(diff[row.metric][1:4], row.metric),
                [row.delta_mean, row.delta_p05, row.delta_p95], err_msg=row.metric)
    ratio = side["cost_per_placement_ratio_of_means"]
    # total / count's label as run's Übersicht writes it, how it is computed beside it
    # in Berechnung (it read "... Summe / Anzahl (Quotient der Mittelwerte (Formel))")
    assert side["Kennung"][-2] == diff["Kennung"][-2] == "Berechnung"
    assert (ratio[0], ratio[-2]) == ("Kosten je Vermittlung: Summe / Anzahl",
                                     "Quotient der Mittelwerte (Formel)")
    assert side["cost_per_placement"][-2] == diff["cost_per_placement"][-2] == \
        "Mittel der Quotienten je Replikation"
    assert side["peak_prefinancing"][-2] == "alle Träger zusammen"
    assert side["cost_total"][-2] is None
    means = table.set_index(["metric", "scenario"])["mean"]
    # over the unrounded placement mean (6 replications: a whole count over 6), not the
    # CSV's rounded count
    placements = round(means[("exits_placement", "More slots")] * 6) / 6
    assert ratio[4] == pytest.approx(means[("cost_total", "More slots")] / placements, abs=0.01)
    assert diff["cost_total"][1] > 0  # ten more slots cost more
    assert_saved_as_computed(out / "results.xlsx")  # total / count shows without computing


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_compare_workbook_s_key_figures_add_up(tmp_path, lang):
    """§16i with the Passiv-Aktiv-Transfer (returns: taxes and contributions) against §16i
    without: in each scenario and in each difference, public funding - benefits avoided
    - returns = net public cost, and the public budgets' net costs add up to it, as on the
    page; the returns' line has the page's words. Means to the cent: a cent of rounding
    per line."""
    from click.testing import CliRunner

    from finsim.cli import main
    from finsim.funding.fiscal import public_budgets
    from finsim.report.html import TEXT
    from finsim.scenario import load_scenario

    from .conftest import ROOT
    files = [ROOT / "scenarios" / f"aktiv-statt-passiv-2026-16i{s}.yaml" for s in ("-pat", "")]
    out = tmp_path / "c"
    done = CliRunner().invoke(main, ["compare", *map(str, files), "-q", "-n", "4", "-j", "1",
                                     "--lang", lang, "--out", str(out)])
    assert done.exit_code == 0, done.output
    book = computed(out / "results.xlsx")
    side = {r[-1]: r for r in book[results_book.words(lang)["side_by_side"]]
            if isinstance(r[-1], str)}
    diff = {r[-1]: r for r in book[results_book.words(lang)["differences"]]
            if isinstance(r[-1], str)}
    assert side["returns"][0] == diff["returns"][0] == TEXT[lang]["returns"]
    scenarios = [load_scenario(f) for f in files]
    public = [f.id for f in scenarios[0].funding if f.public]
    assert public == [f.id for f in scenarios[1].funding if f.public]
    budgets = dict.fromkeys(b for scn in scenarios for b in public_budgets(scn))
    assert side["returns"][1] > 1_000_000 and side["returns"][4] == 0  # only §16i PAT has any
    for rows, columns in ((side, (1, 4)), (diff, (1,))):
        for c in columns:
            net = rows["net_public_cost"][c]
            funding = sum(rows[f"funding_{f}"][c] for f in public)
            assert funding - rows["passive_benefits_avoided"][c] - rows["returns"][c] \
                == pytest.approx(net, abs=0.03)
            assert sum(rows[f"net_cost_{b}"][c] for b in budgets) == pytest.approx(net,
                                                                                 abs=0.03)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_libreoffice_computes_the_same_plan(lang, planned, planned_en, tmp_path):
    """Where LibreOffice is installed (Debian: libreoffice-calc-nogui), a real spreadsheet
    program opens plan.xlsx, computes every formula on load and gives plan.csv's cents,
    in German and in English."""
    import csv
    import shutil
    import subprocess

    from finsim.report.html import category_label

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (the formulas package checks the same)")
    _, plan, path = planned
    path = path if lang == "de" else planned_en
    w = plan_book.words(lang)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
                    "false,1", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    sheet = next(tmp_path.glob(f"*{w['sheet_plan']}.csv"))
    rows = {r[0]: r[1:] for r in csv.reader(sheet.open(encoding="utf-8")) if r}
    spent = plan[plan.category != "contingency"]
    years = sorted(plan.year.unique())
    for k, category in enumerate(COST_CATEGORIES):
        want = spent[spent.category == category.id].groupby("year").amount.sum()
        got = rows[f"1.{k + 1} {category_label(category, lang)}"]
        assert [cents(float(got[1 + i])) for i in range(len(years))] == \
            [cents(want[y]) for y in years]
    asked = plan[~plan.funder.isin(["gap", "employers"])].amount.sum()
    assert cents(float(rows[w["requested_sum"]][1 + len(years)])) == cents(asked)


def test_the_plan_states_each_funder_s_period_quantile(planned, planned_en):
    """A grant for the whole period is held at the quantile of the period total, which is
    below the sum of the yearly requests (quantiles do not add up): the workbook said
    only the sum, above a --cap it was sized to keep. Only public funders are granted:
    the employers' own money and the gap had a line too."""
    import numpy as np
    import openpyxl

    result = planned[0]
    for path, title, note in ((planned[2], "4. Für eine Bewilligung", "Quantile addieren"),
                              (planned_en, "4. For a grant", "Quantiles do not add up")):
        rows = [r for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(
            values_only=True)]
        start = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith(title))
        ids = [f.id for f in result.scenario.funding if f.public]  # no own money, no gap
        lines = rows[start + 1:start + 1 + len(ids)]
        for k, (line, fid) in enumerate(zip(lines, ids, strict=True), start=1):
            assert str(line[0]).startswith(f"4.{k} ")
            value = [v for v in line[2:] if v is not None]
            expected = np.quantile(result.metric(f"funding_{fid}"), 0.9)
            assert value == [pytest.approx(round(expected, 2), abs=0.005)]
        assert str(rows[start + len(ids) + 1][0]).startswith(note)


def test_fiscal_sheet_ends_with_the_net_public_cost(planned):
    """The sheet's note promised the public budgets' sum under an English id, and no row
    held it: the last row, "Öffentliche Nettokosten", adds the public budgets' Nettokosten
    and is summary's net_public_cost (the small scenario splits its benefits by payer)."""
    result, _, path = planned
    sheet = computed(path)["Fiskalbilanz"]
    assert "net_public_cost" not in str(sheet[1][0])
    assert "Öffentliche Nettokosten = Summe der Nettokosten" in str(sheet[1][0])
    public_nets, budget = [], ""
    for row in sheet:
        if row and str(row[0]).endswith("öffentlich)"):
            budget = str(row[0])
        elif row and row[0] == "  Nettokosten" and budget.endswith("(öffentlich)"):
            public_nets.append(row[-1])
    assert len(public_nets) == 4   # jobcenter, land_esf, federal, city; not employers
    last = sheet[-1]
    assert last[0] == "Öffentliche Nettokosten"
    assert last[-1] == pytest.approx(sum(public_nets))
    assert round(last[-1], 2) == pytest.approx(result.metric_mean("net_public_cost"), abs=0.02)


def test_long_headings_wrap_and_long_funder_lines_fit(small_data, tmp_path):
    """Two Jobcenter funders both showed as "Finanzierung: Jobc" on Träger (18 wide, no
    wrap, every neighbour filled), and plan labels lost "Risikozuschlag"/"Summe": the
    heading rows wrap and are tall enough for their longest heading, and the plan's
    funder line wraps within column A (72 wide at most), its row tall enough."""
    from .conftest import variant

    long = "Jobcenter Dortmund (coaching, own staff or contracted third party)"
    funding = [{**f, "name": long} if f["id"] == "jobcenter" else f
               for f in small_data["funding"]]
    result = run(RunSpec(variant(small_data, funding=funding), 2, 3), jobs=1)
    results_book.write_results(tmp_path / "r.xlsx", result, "de")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    sheet = book["Träger"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Träger")
    heading = next(c for c in row if c.value == f"Finanzierung: {long}")
    assert heading.alignment.wrap_text
    lines = -(-len(heading.value) // 17)  # 18 characters wide, a character's margin
    assert sheet.row_dimensions[heading.row].height == 15 * lines == 75
    by_year = book["Jahre und Geldgeber"]
    cell = next(c for r in by_year.iter_rows() for c in r if c.value == long)
    assert cell.alignment.wrap_text and by_year.row_dimensions[cell.row].height == 15 * 4

    write_plan(tmp_path / "p.xlsx", result, plan_table(result, 0.9), 0.9)
    plan = openpyxl.load_workbook(tmp_path / "p.xlsx")["Finanzierungsplan"]
    label = f"3.1 {long}: Risikozuschlag"
    cell = next(r[0] for r in plan.iter_rows() if r[0].value == label)
    assert len(label) == 86 and plan.column_dimensions["A"].width == 72
    # 70 characters a line (a margin of two), broken between words: two lines
    assert cell.alignment.wrap_text and plan.row_dimensions[cell.row].height == 15 * 2


def _column_width(sheet, column: int) -> float:
    """A column's width as the file states it (a ``<col>`` may span several columns)."""
    return next(d.width for d in sheet.column_dimensions.values()
                if d.min and d.min <= column <= d.max)


def _labels_beside_filled_cells(sheet) -> dict[int, str]:
    """Per column, its longest text with a filled cell to its right (a spreadsheet
    program cuts it at the column's edge); a title or note alone in its row runs on."""
    longest: dict[int, str] = {}
    for row in sheet.iter_rows():
        filled = {c.column: c for c in row if c.value not in (None, "")}
        for column, cell in filled.items():
            if cell.data_type == "s" and column + 1 in filled \
                    and len(cell.value) > len(longest.get(column, "")):
                longest[column] = cell.value
    return longest


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_label_of_the_plan_shows_whole(planned, planned_en, lang):
    """Labels beside numbers were cut in Excel: Finanzierungsplan's column B (34 wide)
    held "Summe aller Zuschläge in Block 3 (auch Eigenanteil, Lücke)" (58), Mengengerüst's
    column A (58) "Fachkräfte für Anleitung und Betreuung im Jahresdurchschnitt" (60).
    On every sheet, in either language, each column is as wide as its longest text
    beside a filled cell and a margin of two, or its floor, but at most 72: the coverage
    row's label made column A 98 wide (German; English 78), and now wraps in two lines,
    the one label that does."""
    book = openpyxl.load_workbook(planned[2] if lang == "de" else planned_en)
    w = plan_book.words(lang)
    widths, texts, wrapped = {}, {}, {}
    for sheet in book.worksheets:
        for column, text in _labels_beside_filled_cells(sheet).items():
            assert _column_width(sheet, column) >= min(len(text) + 2, 72), \
                (sheet.title, column, text)
        widths[sheet.title] = [_column_width(sheet, c) for c in (1, 2, 3)]
        texts[sheet.title] = _labels_beside_filled_cells(sheet)
        wrapped.update({(sheet.title, c.coordinate): (c.value, sheet.row_dimensions[c.row].height)
                        for row in sheet.iter_rows() for c in row if c.alignment.wrap_text})
    assert wrapped == {(w["sheet_plan"], "A17"): (
        {"de": "Anteil der Replikationen, in denen die Summe aller Finanzierungsanteile "
               "die Jahresausgaben deckt",
         "en": "Share of replications whose year's cost the sum of all funding shares "
               "covers"}[lang], 30)}
    plan, basis = texts[w["sheet_plan"]], texts[w["sheet_basis"]]
    assert (plan[2], basis[1], basis[2]) == {
        "de": ("Summe aller Zuschläge in Block 3 (auch Eigenanteil, Lücke)",
               "Fachkräfte für Anleitung und Betreuung im Jahresdurchschnitt",
               "Gemeinkostensatz auf die Personalkosten Anleitung, Betreuung, Leitung"),
        "en": ("sum of every contingency in block 3 (also own contribution, gap)",
               "One-off payments incl. employer contributions",
               "€ per new entry (the year's modules / the year's new entries)")}[lang]
    assert widths == {
        "de": {"Finanzierungsplan": [72, 60, 18], "Mengengerüst": [62, 71, 16],
               "Fiskalbilanz": [55, 4, 18], "Annahmen": [55, 67, 52]},
        "en": {"Funding plan": [72, 66, 18], "Quantities": [58, 63, 16],
               "Fiscal balance": [55, 4, 18], "Assumptions": [55, 65, 45]}}[lang]


def test_assumptions_say_uncertainty_was_not_applied_and_household_amounts_per_month(
        tmp_path):
    """With --no-uncertainty nothing is drawn: Annahmen headed the scenario's
    distributions "drawn per replication"; a household type's benefit (a couple's
    Regelbedarf 1,012) read "€ je Person und Monat", as if each person got it."""
    from click.testing import CliRunner

    from finsim.cli import main

    from .conftest import two_persons
    scn = two_persons(tmp_path)
    for lang, off, unit in (
            ("de", "Unsicherheit: nicht angewandt (--no-uncertainty)",
             "€ je Teilnehmermonat (für die Bedarfsgemeinschaft)"),
            ("en", "Uncertainty: not applied (--no-uncertainty)",
             "€ per participant-month (for the household)")):
        out = tmp_path / lang
        done = CliRunner().invoke(main, [
            "size", str(scn), "--start", "2026-01", "--months", "36", "-n", "2",
            "--no-uncertainty", "--confidence", "0.9", "--jobs", "1", "--quiet",
            "--lang", lang, "--out", str(out)])
        assert done.exit_code == 0, done.output
        by = _assumptions(out / "plan.xlsx")
        assert any(k.startswith(off) for k in by)
        assert not any(k.startswith(("Unsicherheit (je", "Uncertainty (drawn")) for k in by)
        assert "employment.hazards.placement" in by  # still listed, under that heading
        assert by["passive_benefits.parts.regelbedarf.couple_no_children"][:2] == (1012, unit)
    drawn = CliRunner().invoke(main, [
        "size", str(scn), "--start", "2026-01", "--months", "36", "-n", "2",
        "--confidence", "0.9", "--jobs", "1", "--quiet", "--out", str(tmp_path / "drawn")])
    assert drawn.exit_code == 0, drawn.output
    assert "Unsicherheit (je Replikation gezogen)" in _assumptions(tmp_path / "drawn" /
                                                                   "plan.xlsx")


def test_assumptions_give_a_drawn_value_its_unit(planned, tmp_path):
    """Annahmen's uncertainty rows had an empty unit column: a reader saw ``low: 0.005;
    high: 0.02`` with no word of what it counts. A drawn value has its parameter's unit,
    a ``scale: true`` draw is a factor."""
    from finsim.scenario import load_scenario
    from finsim.scenario.model import Distribution

    from .conftest import SMALL
    sheet = openpyxl.load_workbook(planned[2]).worksheets[-1]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0]]
    heading = next(i for i, r in enumerate(rows) if r[0].startswith("Unsicherheit (je"))
    drawn = {r[0]: r[2] for r in rows[heading + 1:]}
    assert drawn == {"employment.hazards.placement": "Wahrscheinlichkeit je Monat",
                     "costs.wages.annual_increase": "Anteil je Jahr"}
    scaled = load_scenario(SMALL).model_copy(update={"uncertainty": {
        "employment.hazards.placement": Distribution(dist="uniform", low=0.9, high=1.1,
                                                     scale=True)}})
    result = run(RunSpec(scaled, 2, 3), jobs=1)
    path = tmp_path / "plan.xlsx"
    write_plan(path, result, plan_table(result, 0.9), 0.9, lang="en")
    rows = [r for r in openpyxl.load_workbook(path).worksheets[-1].iter_rows(values_only=True)
            if r[0]]
    heading = next(i for i, r in enumerate(rows) if r[0].startswith("Uncertainty (drawn"))
    assert [(r[0], r[2]) for r in rows[heading + 1:]] == [
        ("employment.hazards.placement", "factor")]


def test_the_overview_marks_money_that_is_not_public(tmp_path):
    """results.xlsx's Übersicht listed the providers' net cost among the public budgets'
    just above Öffentliche Nettokosten, unmarked, as if it were part of it; it and the
    employers' funding and share are marked "nicht öffentlich", as compare's sheets do."""
    from finsim.scenario import load_scenario

    result = run(RunSpec(load_scenario("scenarios/aktiv-statt-passiv-2013.yaml"), 2, 1),
                 jobs=1)
    results_book.write_results(tmp_path / "r.xlsx", result, "de")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Übersicht"]
    label = {row[-1]: row[0] for row in sheet.iter_rows(values_only=True) if row[0]}
    for metric in ("net_cost_provider", "funding_employers", "share_employers"):
        assert label[metric].endswith("(nicht öffentlich)"), metric
    for metric in ("net_cost_kommune", "net_cost_land", "funding_jobcenter",
                   "net_public_cost"):
        assert "öffentlich)" not in label[metric], metric


def test_the_overview_s_net_costs_above_the_total_add_up_to_it(tmp_path):
    """Übersicht put the providers' net cost among the public budgets' above Öffentliche
    Nettokosten, so the block as shown added up to more than the total, and no sentence
    said which rows make it. Now the net costs just above the total add up to it (to the
    cent, each row rounded), the providers' comes after it, as in compare's workbook, and
    the page's sentence says so; "Jahre und Geldgeber" and "Träger" mark the employers'
    money too."""
    from finsim.funding.fiscal import public_budgets
    from finsim.scenario import load_scenario

    scn = load_scenario("scenarios/aktiv-statt-passiv-2013.yaml")
    result = run(RunSpec(scn, 2, 1), jobs=1)
    results_book.write_results(tmp_path / "r.xlsx", result, "de")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    rows = [row for row in book["Übersicht"].iter_rows(values_only=True) if row[0]]
    ids = [row[-1] for row in rows]
    total = ids.index("net_public_cost")
    above = []
    for row in reversed(rows[:total]):
        if not str(row[-1]).startswith("net_cost_"):
            break
        above.append(row)
    assert {r[-1] for r in above} == {f"net_cost_{b}" for b in public_budgets(scn)}
    cents = sum(round(r[1] * 100) for r in above)
    assert abs(cents - round(rows[total][1] * 100)) <= len(above)  # each row rounded
    assert ids[total + 1] == "net_cost_provider"
    assert rows[total + 1][0] == ("Nettokosten Haushalt: Eigenmittel der Träger "
                                  "(nicht öffentlich)")
    assert any(str(r[0]).startswith("Öffentliche Nettokosten = Finanzierung der "
                                    "öffentlichen Geldgeber") for r in rows)
    employers = next(f.name or f.id for f in scn.funding if not f.public)
    by_year = [c for row in book["Jahre und Geldgeber"].iter_rows(values_only=True)
               for c in row if c]
    assert f"{employers} (nicht öffentlich)" in by_year
    assert sum("nicht öffentlich" in str(c) for c in by_year) == 1
    by_provider = [c for row in book["Träger"].iter_rows(values_only=True) for c in row if c]
    assert f"Finanzierung: {employers} (nicht öffentlich)" in by_provider
    assert sum("nicht öffentlich" in str(c) for c in by_provider) == 1


def test_a_re_forecast_workbook_says_what_is_actual(tmp_path):
    """results.xlsx of a run with actuals: each sheet's head gives the actual spells'
    line, the years their actual months (as of 2028-01 all of 2027: 44,413.20 EUR wages
    for the Jobcenter, 1,200.00 modules for the Land, see test_report_html)."""
    from finsim.scenario import load_scenario

    from .test_actuals import SPELLS, actuals, files

    result = run(RunSpec(load_scenario(files(tmp_path, SPELLS), actuals("2028-01")), 2, 9),
                 jobs=1)
    results_book.write_results(tmp_path / "r.xlsx", result, "en")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    line = ("Actual spells (spells.csv): 2 people in the slots at the start, 1 at the start "
            "of the forecast 2028-01, 0 waiting then")
    for sheet in book:
        assert (line,) in [row[:1] for row in sheet.iter_rows(values_only=True)]
        assert not any("Booked" in str(row[0]) for row in sheet.iter_rows(values_only=True))
    (tmp_path / "b").mkdir()
    booked = files(tmp_path / "b", SPELLS, "month,provider,category,amount\n"
                   "2027-01,cjd,wages,6000\n2027-02,cjd,wages,6000.50\n")
    again = run(RunSpec(load_scenario(booked, actuals("2028-01", booked=True)), 2, 9), jobs=1)
    results_book.write_results(tmp_path / "b.xlsx", again, "en")
    said = ("Booked costs (booked.csv): 2 cells (month, provider, category) in 2 months "
            "(2027-01, 2027-02), 12,000.50 EUR, replace the costs the ledger computes from "
            "the actual spells")
    for sheet in openpyxl.load_workbook(tmp_path / "b.xlsx"):
        assert (said,) in [row[:1] for row in sheet.iter_rows(values_only=True)]
    funders, categories, year_end = [row[1:] for row in book["By year and funder"].iter_rows(
        values_only=True) if row[0] == "2027 (12 of 12 months actual)"]
    assert funders[:4] == (44413.20, 1200.0, 0.0, 0.0)  # Jobcenter, Land, employers, gap
    assert year_end[:3] == (45613.20, 45613.20, 45613.20)  # the year-end table: a fact
    assert (categories[COST_CATEGORIES.index(BY_ID["wages"])],
            categories[COST_CATEGORIES.index(BY_ID["qualification"])]) == (44413.20, 1200.0)


def _described_fields() -> list[tuple[type, str, str]]:
    """(model, field, English description) of every described field the Annahmen sheet
    can quote: the models under its blocks (``parameter_blocks``, the funders; a
    provider's own values quote the program's)."""
    from typing import get_args

    from pydantic import BaseModel

    from finsim.scenario import Scenario

    def models(annotation) -> list[type]:  # noqa: ANN001 - any annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in get_args(annotation) for m in models(arg)]

    found, seen = [], set()

    def walk(model: type) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            if field.description:
                found.append((model, name, field.description.strip()))
            for inner in models(field.annotation):
                walk(inner)

    for block in {p.split(".")[0] for p in plan_book.parameter_blocks()} | {"funding"}:
        field = Scenario.model_fields[block]
        found.append((Scenario, block, field.description.strip()))
        for inner in models(field.annotation):
            walk(inner)
    return found


def test_every_field_the_assumptions_quote_has_a_german_description():
    """A field the format gains must get its German text, or the German plan would quote
    it in English (docs/workbooks.md)."""
    from finsim.report.descriptions import GERMAN

    fields = _described_fields()
    assert len(fields) > 90  # the walk reaches the blocks' models
    missing = [f"{m.__name__}.{n}" for m, n, _ in fields if f"{m.__name__}.{n}" not in GERMAN]
    assert missing == []
    assert not [k for m, n, english in fields if GERMAN[k := f"{m.__name__}.{n}"] == english]


def test_german_descriptions_name_the_staff_line_anleitung_und_betreuung(planned):
    """The staff line is coaching (Betreuung, which par. 16i(4) funds) and work supervision
    (Anleitung, which it does not): a description saying "VZÄ Anleitung" alone read, in a
    par. 16i plan, as if the Jobcenter paid for Anleitung. Every German description of the
    staff line names both, in the words of the cost line."""
    from finsim.report.descriptions import GERMAN

    staff = {k: v for k, v in GERMAN.items() if "Anleitung" in v}
    assert set(staff) >= {"Costs.staff", "Staff.participants_per_coach",
                          "Staff.coach_cost_per_year", "Overhead.rate_on_staff",
                          "Prices.staff"}
    assert [k for k, v in staff.items() if "Betreuung" not in v] == []
    by = _assumptions(planned[2])
    assert by["costs.staff.participants_per_coach"][2] == (
        "Teilnehmende je Vollzeitstelle (VZÄ) Anleitung/Betreuung (> 0).")
    assert by["costs.staff.coach_cost_per_year"][2] == (
        "Arbeitgeberkosten einer Vollzeitstelle (VZÄ) Anleitung/Betreuung (€ je Jahr); Zahl "
        "oder Zeitplan.")
    assert by["costs.overhead.rate_on_staff"][2] == (
        "Verwaltungs- und Gemeinkosten als Anteil der Personalkosten für Anleitung, "
        "Betreuung und Leitung.")
    assert GERMAN["Prices.staff"].startswith(
        "Personalkosten für Anleitung, Betreuung und Leitung: ")


def test_german_descriptions_say_what_the_english_ones_mean():
    """A reviewer's findings: a planned payment lag is no "Verzug" (default, par. 286 BGB)
    but a Zahlungsfrist, its fractions "Bruchteile"; the minimum wage's refusal, a module's
    month (charged once, k months after entry, not in several months) and a one-off
    payment paid a month later read as the English says."""
    from finsim.report.descriptions import GERMAN

    assert [k for k, v in GERMAN.items() if "Verzug" in v or "gebrochen" in v] == []
    assert GERMAN["Funder.payment"] == (
        "Zahlungsbedingungen (Abrechnung, Zeitpunkt, Zahlungsfrist, Einbehalt, Vorschuss); "
        "ohne sie zahlt der Geldgeber im Monat, in dem die Kosten entstehen.")
    assert GERMAN["Payment.lag_months"] == (
        "Zahlungsfrist in Monaten vom Beginn (advance) bzw. Ende (arrears) des "
        "Abrechnungszeitraums bis zum Geldeingang (>= 0; Bruchteile: die Zahlung fällt in "
        "den Monat, in dem die Frist endet, also 2,5 nach einem im März endenden Quartal im "
        "Juni).")
    assert GERMAN["Wages.hourly"].endswith(
        "abgelehnt für einen Zeitraum, der vor Januar 2015 beginnt (damals gab es keinen)).")
    assert GERMAN["Module.month"] == (
        "Zahl der Monate nach dem Eintritt, nach der das Modul einmal berechnet wird "
        "(0 = bei Eintritt); nur wenn die Person dann noch beschäftigt ist.")
    assert "verschiebt sich um einen Monat nach hinten" in GERMAN["OneOff.paid_month_after"]


def test_the_flat_contribution_rate_names_employer_halves_and_has_a_unit(tariff_plan):
    """2026's 0.1985 is the employer's halves: 1.45 is half the average Zusatzbeitrag of
    2.9 %, not the average (both languages said "average additional ... 1.45"); the share
    had no unit on Annahmen."""
    from finsim.report.descriptions import GERMAN
    from finsim.scenario.model import SubsidyBase

    english = SubsidyBase.model_fields["contributions"].description
    assert english.endswith("e.g. 0.1985 in 2026 (employer halves: pension 9.3 + health 7.3 "
                            "+ half the average additional health contribution 1.45 + care "
                            "1.8 %).")
    assert GERMAN["SubsidyBase.contributions"].endswith(
        "z. B. 0,1985 im Jahr 2026 (Arbeitgeberhälften: Rente 9,3 + Kranken 7,3 + halber "
        "durchschnittlicher Zusatzbeitrag 1,45 + Pflege 1,8 %).")
    row = _assumptions(tariff_plan / "plan.xlsx")["costs.wages.subsidy_base.contributions"]
    assert row[:2] == (0.1985, "Anteil")
    assert row[2].endswith(GERMAN["SubsidyBase.contributions"])
    assert _assumptions(tariff_plan / "plan.xlsx")[
        "providers.caritas.costs.wages.subsidy_base.contributions"][:2] == (0.1985, "Anteil")
    assert plan_book._unit("costs.wages.subsidy_base.contributions", 0.1985,
                           plan_book.UNITS["en"]) == "share"


def _value_cells(path) -> dict:
    """Annahmen (or Assumptions), parameter -> its value cell (value and number format)."""
    sheet = openpyxl.load_workbook(path).worksheets[-1]
    return {r[0].value: r[1] for r in sheet.iter_rows() if r[0].value}


def test_assumptions_money_is_in_the_money_format_and_has_a_unit(planned, planned_en):
    """Annahmen wrote its € values in General format (German Excel showed ``76000`` and
    ``176,3``, not ``76.000,00 €``; docs/workbooks.md promises the money format in every
    workbook), and a funder's caps had no unit."""
    de, en = _value_cells(planned[2]), _value_cells(planned_en)
    for path, value in (("costs.staff.coach_cost_per_year", 55000),
                        ("costs.staff.management_cost_per_year", 10000),
                        ("costs.material.per_slot_month", 50),
                        ("costs.qualification.driving.cost", 1500),
                        ("funding.jobcenter.cap_per_person_month", 2000)):
        assert (de[path].value, de[path].number_format) == (value, '#,##0.00 "€"'), path
        assert (en[path].value, en[path].number_format) == (value, '"€"#,##0.00'), path
    for path in ("costs.staff.participants_per_coach", "employment.hazards.dropout"):
        assert de[path].number_format == "General", path  # not money
    assert de["costs.overhead.rate_on_staff"].number_format == "0.00## %"  # a share
    assert _assumptions(planned[2])["funding.jobcenter.cap_per_person_month"][1] == (
        "€ je Teilnehmermonat")
    units = plan_book.UNITS["de"]
    assert plan_book._unit("funding.land_esf.cap_per_year", 700000, units) == "€ je Kalenderjahr"
    assert plan_book._unit("funding.coaching.cap_total", 2000000, units) == "€ im Zeitraum"
    assert plan_book._unit("funding.coaching.cap_total", 2000000,
                           plan_book.UNITS["en"]) == "€ over the period"


def test_numbers_inside_german_assumption_texts_are_german():
    """A distribution read ``low: 72000; mode: 76000`` and the wage index ``{2027: 1.02}``
    beside ``0,03``: in German text a number has its decimal comma and thousands points
    (as the pages write ``53.342``); English stays as it was."""
    import re

    from finsim.report.descriptions import GERMAN

    dist = {"dist": "triangular", "low": 72000.0, "mode": 76000.0, "high": 80000.0,
            "scale": False}
    assert plan_book._value(dist, plan_book.words("de")) == (
        "dist: triangular; low: 72.000; mode: 76.000; high: 80.000; scale: nein")
    assert plan_book._value(dist, plan_book.words("en")) == (
        "dist: triangular; low: 72000; mode: 76000; high: 80000; scale: no")
    assert plan_book._value({"2026-01": 1234.5, "2027-01": 0.713, "2028-01": 2000000},
                            plan_book.words("de")) == (
        "ab 2026-01: 1.234,5; ab 2027-01: 0,713; ab 2028-01: 2.000.000")
    assert plan_book._value([1.0, 1.0, 0.9], plan_book.words("de")) == "1; 1; 0,9"
    prose = {k: re.sub(r"`[^`]*`", "", v) for k, v in GERMAN.items()}  # code stays YAML
    assert [k for k, v in prose.items() if re.search(r"\d\.\d", v)] == []
    assert "ein Index je Jahr (ab 2027: 1,02)" in GERMAN["Prices.wages"]


def test_numbers_inside_assumption_texts_have_no_exponent():
    """A yearly budget of 2,000,000 in an English schedule read ``from 2026-01: 2e+06``
    and a hazard of 0.00001 ``1e-05`` (Python's ``:g``, which also cut 1234567.891 to six
    digits): a text cell now writes every digit, without an exponent, in both languages."""
    schedule = {"2026-01": 2e6, "2027-01": 1e-05, "2028-01": 1234567.891}
    assert plan_book._value(schedule, plan_book.words("en")) == (
        "from 2026-01: 2000000; from 2027-01: 0.00001; from 2028-01: 1234567.891")
    assert plan_book._value(schedule, plan_book.words("de")) == (
        "ab 2026-01: 2.000.000; ab 2027-01: 0,00001; ab 2028-01: 1.234.567,891")
    assert plan_book._value([-1234.5, 0.5], plan_book.words("de")) == "-1.234,5; 0,5"


def test_no_explanation_on_the_german_assumptions_is_the_english_one(planned, planned_en,
                                                                      tariff_plan):
    """Annahmen in German quoted the scenario format's English descriptions (and said so
    in its heading): no cell of the German sheets (the small scenario's, and the tariff
    plan's with providers' own wages and one-off payments) contains one; the English
    sheet keeps them."""
    english = {text for _, _, text in _described_fields()}
    for path in (planned[2], tariff_plan / "plan.xlsx"):
        cells = [str(c) for r in openpyxl.load_workbook(path)["Annahmen"]
                 .iter_rows(values_only=True) for c in r if c is not None]
        assert [c for c in cells for text in english if text in c] == []
        assert "Erläuterung (Beschreibung im Szenarioformat)" in cells
    by = _assumptions(tariff_plan / "plan.xlsx")
    assert by["providers.caritas.costs.one_off.jahressonderzahlung.entitled_month"][2] \
        .startswith("Caritasverband Dortmund: Monat des Jahres, an dessen erstem Tag")
    assert by["funding.jobcenter.basis"][2].endswith(
        "Wovon sein Anteil an `wages` ein Anteil ist: `cost` (die Lohnzeile) oder "
        "`subsidy_base` (ein Lohnkostenzuschuss nach §16i/§16e: das berücksichtigungsfähige "
        "Arbeitsentgelt aus `costs.wages.subsidy_base`, höchstens die Lohnzeile; "
        "docs/wage-basis.md). Andere Kostenarten sind immer Anteile ihrer Kosten.")
    en = _assumptions(planned_en)
    assert en["costs.overhead.rate_on_staff"][2] == "Overhead as a share of staff costs."
    assert en["participants.assignment"][2] in english


def test_a_yearly_budget_schedule_is_shown_by_the_years_it_applies_to(tmp_path):
    """``cap_per_year: {2026-01: 7000, 2027-07: 50000}``: a year's budget is the one in
    force in its January, so 50,000 applies from 2028 (as the plan's yearly rows apply
    it); Annahmen read "ab 2027-07: 50.000", which a reviewer takes for July 2027. A
    schedule by month (cap_per_person_month) keeps its months."""
    from finsim.scenario import load_scenario

    from .conftest import SMALL
    scn = load_scenario(SMALL, ["funding.land_esf.cap_per_year={2026-01: 7000, 2027-07: 50000}",
                                "funding.jobcenter.cap_per_person_month="
                                "{2026-01: 2000, 2027-07: 2100}"])
    result = run(RunSpec(scn, 2, 3), jobs=1)
    shown = {}
    for lang in ("de", "en"):
        path = tmp_path / f"plan-{lang}.xlsx"
        write_plan(path, result, plan_table(result, 0.9), 0.9, lang=lang)
        by = _assumptions(path)
        shown[lang] = (by["funding.land_esf.cap_per_year"][0],
                       by["funding.jobcenter.cap_per_person_month"][0])
    assert shown == {"de": ("2026–2027: 7.000; ab 2028: 50.000",
                            "ab 2026-01: 2.000; ab 2027-07: 2.100"),
                     "en": ("2026–2027: 7000; from 2028: 50000",
                            "from 2026-01: 2000; from 2027-07: 2100")}
    # the transfer's ceiling likewise; one year alone by itself; of two keys that meet in
    # 2028, the later holds; the first key counts from its own year (before it, it holds)
    w = plan_book.words("de")
    assert plan_book._funder_value("funding.city.transfer.cap_per_year", {
        "2026-07": 7000, "2027-01": 8000, "2027-03": 9000, "2027-09": 10000}, w) == (
        "2026: 7.000; 2027: 8.000; ab 2028: 10.000")


@pytest.mark.parametrize(("folder", "sheet", "p05", "p95"),
                         [("a", "Träger", "5-%-Perzentil", "95-%-Perzentil"),
                          ("en", "By provider", "5th percentile", "95th percentile")])
def test_each_provider_column_says_what_it_holds(run_folders, folder, sheet, p05, p95):
    """On Träger a metric's name stood over the first of its three columns only: the
    others read "5-%-Perzentil" of nothing once scrolled or filtered. Each name now spans
    its columns (merged), and the header rows and the providers' names stay in view on
    every data sheet (frozen)."""
    book = openpyxl.load_workbook(run_folders / folder / "results.xlsx")
    providers = book[sheet]
    head = next(r[0].row for r in providers.iter_rows() if r[0].value in ("Träger", "Provider"))
    merged = sorted((str(m), providers.cell(m.min_row, m.min_col).value)
                    for m in providers.merged_cells.ranges)
    entries, placed, cost = (
        ("Erreichte Personen (Eintritte)", "Vermittlungen in Arbeit", "Gesamtkosten")
        if folder == "a" else ("People reached (entries)", "Placements into work", "Total cost"))
    assert merged[:2] == [(f"B{head}:D{head}", entries), (f"E{head}:G{head}", placed)]
    assert (f"L{head}:N{head}", cost) in merged
    assert [providers.cell(head + 1, c).value for c in (2, 3, 4)] == \
        ["Mittelwert" if folder == "a" else "Mean", p05, p95]
    assert all(m.min_row == m.max_row == head for m in providers.merged_cells.ranges)
    spans = {providers.cell(m.min_row, m.min_col).value: m.max_col - m.min_col + 1
             for m in providers.merged_cells.ranges}
    peak = "Höchste Vorfinanzierung" if folder == "a" else "Peak pre-financing"
    assert spans.pop(peak) == 4  # mean, p05, p95 and the month most lows fall in
    assert set(spans.values()) == {3}  # mean, p05, p95: three each
    assert providers.freeze_panes == f"B{head + 2}"
    summary, by_year = book.worksheets[:2]
    metric = next(r[0].row for r in summary.iter_rows() if r[-1].value in ("ID", "Id", "id")
                  or r[0].value in ("Kennzahl", "Metric"))
    assert summary.freeze_panes == f"B{metric + 1}"
    assert by_year.freeze_panes == "B1"
