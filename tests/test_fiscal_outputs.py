"""The fiscal balance and the transfer in the outputs: fiscal.csv, ledger.csv's
from_transfer, the terminal, the size workbook, and compare / sensitivity on the new
metrics (issue 15.4)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.analysis.compare import compare
from finsim.analysis.ranges import check_params, parse_param
from finsim.analysis.sensitivity import SensitivitySpec, analyze
from finsim.cli import main
from finsim.scenario import load_scenario

from .conftest import SMALL
from .workbook import computed

PAT_VARIANT = """name: Small with budgets
funding:
  - {id: jobcenter, budget: federal, transfer: {per_person_month: 300, cap_per_year: 50000}}
  - {id: city, name: City, budget: city, covers: {wages: 0.25},
     limited_to: benefits_avoided}
  - {id: land_esf, budget: land}
  - {id: employers, budget: provider}
returns: {federal: 0.03, land: 0.03, sv: 0.35}
"""


@pytest.fixture(scope="module")
def variant_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scn") / "budgets.yaml"
    path.write_text(f"base: {SMALL.resolve()}\n{PAT_VARIANT}")
    return path


@pytest.fixture(scope="module")
def run_folder(variant_file, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("run") / "res"
    done = CliRunner().invoke(main, ["run", str(variant_file), "-n", "8", "-j", "1",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out, done.output


def test_fiscal_csv_adds_up_to_the_net_cost_metrics(run_folder):
    out, _ = run_folder
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    fiscal = pd.read_csv(out / "fiscal.csv")
    assert list(fiscal.columns) == ["budget", "public", "year", "paid", "saved", "returns",
                                    "net", "paid_cash"]
    assert set(fiscal.budget) == {"city", "federal", "land", "provider", "sv"}
    assert sorted(fiscal.year.unique()) == [2013, 2014]
    by_budget = fiscal.groupby("budget")[["paid", "saved", "returns", "net"]].sum()
    years = fiscal.groupby("budget").size()  # each row rounded by itself: half a cent each
    for budget, row in by_budget.iterrows():
        assert row["net"] == pytest.approx(summary[f"net_cost_{budget}"],
                                           abs=0.005 * years[budget] + 1e-6)
        assert row["net"] == pytest.approx(row["paid"] - row["saved"] - row["returns"])
    assert by_budget.loc["federal", "paid"] == pytest.approx(summary["funding_jobcenter"])
    assert by_budget.loc["city", "saved"] == pytest.approx(
        summary["passive_benefits_avoided_city"])
    public = fiscal[fiscal.public].net.sum()
    assert public == pytest.approx(summary["net_public_cost"],
                                   abs=0.005 * int(fiscal.public.sum()) + 1e-6)
    assert not fiscal[fiscal.budget == "provider"].public.any()


def test_ledger_shows_the_transfer_per_funder(run_folder):
    out, _ = run_folder
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    ledger = pd.read_csv(out / "ledger.csv")
    moved = ledger.groupby("funder")["from_transfer"].sum()
    assert moved["city"] == pytest.approx(summary["funding_city"])   # all of its money
    assert moved["jobcenter"] == pytest.approx(summary["transfer_jobcenter"])
    assert summary["transfer_jobcenter"] <= 2 * 50000 + 1e-6          # the yearly ceiling
    assert moved["land_esf"] == 0 and moved["gap"] == 0
    assert (ledger.loc[ledger.category != "wages", "from_transfer"] == 0).all()


def test_terminal_prints_budgets_and_the_fiscal_table(run_folder):
    _, output = run_folder
    assert "  of which Passiv-Aktiv-Transfer (PAT)" in output and "net cost of city" in output
    assert "Fiscal balance by budget" in output and "net cost of Providers' own funds" not in output
    # the budget that is not public is marked, as the workbooks mark it: its net is no part
    # of the net public cost the public rows add up to
    rows = [line.split("│")[1].strip() for line in output.splitlines()
            if line.startswith("│") and " 2013 " in line]
    assert "Providers' own funds (not public)" in rows and "city" in rows
    assert "city (not public)" not in rows  # an id of one's own, as written


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_run_terminal_names_the_budgets_in_english(tmp_path, lang):
    """The terminal's summary and fiscal table named the budgets by their ids (``saved by
    bund``, ``kommune``) where report.html and results.xlsx give their names: now their
    English names (``budget_name``), whatever the page's --lang, as the rest of the
    terminal speaks English."""
    out = tmp_path / "o"
    done = CliRunner().invoke(main, [
        "run", str(Path(__file__).parent.parent / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"),
        "-n", "2", "-j", "1", "--lang", lang, "--out", str(out)])
    assert done.exit_code == 0, done.output
    rows = [line.split("│")[1:3] for line in done.stdout.splitlines() if line.startswith("│")]
    assert [label[1:].rstrip() for label, _ in rows
            if label.startswith(("   saved by", "   net cost of"))] == [
        "  saved by Federal government", "  saved by Municipality",
        "  net cost of Municipality", "  net cost of Federal government", "  net cost of Land",
        "  net cost of EU"]
    fiscal = [label.strip() for label, year in rows if year.strip() == "2026"]
    assert fiscal == ["Municipality", "Federal government", "Land", "EU",
                      "Providers' own funds (not public)"]  # its first year


def test_size_workbook_has_the_fiscal_sheet(variant_file, tmp_path):
    out = tmp_path / "s"
    done = CliRunner().invoke(main, ["size", str(variant_file), "--start", "2013-01",
                                     "--months", "24", "--confidence", "0.9", "-n", "6",
                                     "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    rows = [r for r in computed(out / "plan.xlsx")["Fiskalbilanz"] if r[0]]
    assert ("Haushalt / Position", None, "2013", "2014", "Gesamt") in rows
    labels = [r[0] for r in rows]
    assert "city (öffentlich)" in labels and "Eigenmittel der Träger (nicht öffentlich)" in labels
    net = [r for r in rows if r[0].strip() == "Nettokosten"]
    assert len(net) == 5 and all(r[4] == pytest.approx(r[2] + r[3]) for r in net)


def test_compare_reports_the_net_cost_per_budget(variant_file):
    comparison = compare([variant_file, variant_file], replications=6, jobs=1)
    label = comparison.labels[1]
    row = comparison.row("net_cost_city", label)
    assert row["delta_mean"] == 0 and not pd.isna(row["mean"])
    assert comparison.row("transfer_jobcenter", label)["mean"] > 0


def test_sensitivity_accepts_the_net_cost_metrics():
    """More benefits avoided by the city: its net cost falls, the Jobcenter's is untouched."""
    small = load_scenario(SMALL)
    ranges = check_params(small, [parse_param("passive_benefits.by_payer.city=300:400")])
    spec = SensitivitySpec(small, ranges, ("net_cost_city", "net_cost_jobcenter"), "oat", 8,
                           7, None)
    table = analyze(spec, jobs=1).table.set_index("metric")
    assert table.loc["net_cost_city", "swing"] < 0
    assert table.loc["net_cost_jobcenter", "swing"] == 0


def test_a_budget_that_only_pays_has_its_funders_amount_to_the_cent(tmp_path):
    """The Land and the providers save and get back nothing in the seed: their net cost
    is what their funder pays, bit for bit, so every statistic prints the same cents.
    Two replications (seed 5) put the Land's mean on a half cent (2,407,719.705), where
    the months' EUR added up once printed one cent more than the funder's whole cents.
    (Seed 2 did so until management was booked in whole cents per calendar year.)"""
    out = tmp_path / "res"
    done = CliRunner().invoke(main, ["run", "scenarios/aktiv-statt-passiv-2013.yaml",
                                     "-n", "2", "--seed", "5", "-j", "1", "-q",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = pd.read_csv(out / "summary.csv").set_index("metric")
    assert summary.loc["funding_land_esf", "mean"] == pytest.approx(2407719.705, abs=0.0051)
    for funder, budget in (("land_esf", "land"), ("employers", "provider")):
        assert summary.loc[f"net_cost_{budget}"].equals(summary.loc[f"funding_{funder}"])
    fiscal = pd.read_csv(out / "fiscal.csv").set_index(["budget", "year"])
    yearly = pd.read_csv(out / "ledger.csv").query("funder == 'jobcenter'")  # budget bund
    yearly = yearly.groupby(yearly.month.str[:4].astype(int)).amount.agg(["sum", "size"])
    for year, (paid, rows) in yearly.iterrows():  # each row rounded to the cent
        assert fiscal.loc[("bund", year), "paid"] == pytest.approx(paid, abs=0.005 * rows)


def test_returns_are_a_metric_that_makes_the_net_public_cost_add_up(tmp_path):
    """summary.csv, replications.csv and results.xlsx had no line for the taxes and
    contributions flowing back: public funding - benefits avoided came to 821,951.05 in
    the finance officer's two-person run, net_public_cost to 754,783.02. ``returns``
    (public budgets) and ``returns_<budget>`` close it, in every replication."""
    import numpy as np

    from finsim.montecarlo import RunSpec, run

    from .conftest import two_persons
    scn = load_scenario(two_persons(tmp_path))
    for uncertainty in (False, True):
        result = run(RunSpec(scn, 3, 1, uncertainty), jobs=1)
        public = sum(result.metric(f"funding_{f.id}") for f in scn.funding if f.public)
        net = result.metric("net_public_cost")
        back = result.metric("returns")
        assert np.abs(public - result.metric("passive_benefits_avoided") - back
                      - net).max() < 0.005
        assert np.abs(sum(result.metric(f"returns_{b}") for b in scn.returns)
                      - back).max() < 0.005
    fixed = run(RunSpec(scn, 2, 1, False), jobs=1)
    # 36 months of wages and Jahressonderzahlung-free pay; the Bund's 2026 part by hand:
    # 0.0272 x 56,378.40 = 1,533.49 (fiscal.csv); the social insurance's 33.12 % of the
    # 176,294.04 gross pay of the three years = 58,388.59
    assert round(float(fixed.metric_mean("returns")), 2) == 69671.40
    assert round(float(fixed.metric_mean("returns_sozialversicherung")), 2) == 58388.59
    assert round(float(fixed.metric_mean("returns_kommune")), 2) == 1692.42


def test_returns_in_summary_replications_terminal_and_workbook(tmp_path):
    import openpyxl

    from .conftest import two_persons

    out = tmp_path / "res"
    done = CliRunner().invoke(main, ["run", str(two_persons(tmp_path)), "-n", "2",
                                     "--no-uncertainty", "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    summary = pd.read_csv(out / "summary.csv").set_index("metric")["mean"]
    assert summary["returns"] == 69671.40 and summary["returns_bund"] == 4795.20
    assert "returns_land" in pd.read_csv(out / "replications.csv").columns
    assert "Returns (taxes, contributions)" in done.output and "  to Municipality " in done.output
    sheet = openpyxl.load_workbook(out / "results.xlsx")["Übersicht"]
    by = {r[-1]: r for r in sheet.iter_rows(values_only=True) if r and r[-1]}
    # held unrounded (returns are not whole cents), shown to the cent as summary.csv
    assert by["returns"][0] == "Rückflüsse (Steuern, Sozialversicherungsbeiträge)"
    assert by["returns"][1] == pytest.approx(69671.404608, abs=1e-9)
    assert round(by["returns"][1], 2) == summary["returns"]
    assert by["returns_kommune"][0] == "Rückflüsse an Haushalt: Kommune"
    assert by["returns_sozialversicherung"][0] == "Rückflüsse an Haushalt: Sozialversicherung"
    assert round(by["returns_kommune"][1], 2) == 1692.42


PER_PERSON = """passive_benefits:
  attribute: null
  parts: null
  per_person_month: 1339.30
funding:
  - id: city
    limited_to: null
    covers: {wages: 0.0}
  - id: jobcenter
    transfer: null
"""
"""The two-person run with benefits not split by payer (the first form of
docs/passive-benefits.md)."""


def test_benefits_not_split_by_payer_have_their_row_so_the_budgets_add_up(tmp_path):
    """fiscal.csv, the terminal, plan.xlsx's Fiskalbilanz and the page left the unsplit
    benefits avoided out: the public budgets' nets came to 855,709.56 beside a
    net_public_cost of 759,279.96. By hand: 2 people x 12 months x 1,339.30 = 32,143.20
    a year in a row of their own; the rows' nets then add up to net_public_cost."""
    from .conftest import two_persons
    scn = two_persons(tmp_path, PER_PERSON)
    run_out = tmp_path / "run"
    done = CliRunner().invoke(main, ["run", str(scn), "-n", "2", "--no-uncertainty",
                                     "-j", "1", "--out", str(run_out)])
    assert done.exit_code == 0, done.output
    assert "not_split_by_payer" in done.output  # the terminal's fiscal table
    fiscal = pd.read_csv(run_out / "fiscal.csv")
    own = fiscal[fiscal.budget == "not_split_by_payer"]
    # 2029: the last month's costs are paid in January, a year with cash alone
    assert own.year.tolist() == [2026, 2027, 2028, 2029]
    assert own.saved.tolist() == [32143.20] * 3 + [0.0]
    assert own.net.tolist() == [-32143.20] * 3 + [0.0]
    assert (own.paid_cash == 0).all()  # no funder's budget
    assert bool(own.public.all()) and (own.paid == 0).all() and (own.returns == 0).all()
    public = fiscal[fiscal.public]
    # 855,309.16 - 96,429.60, each row in cents: within half a cent a row
    assert public.net.sum() == pytest.approx(758879.56, abs=0.005 * len(public))
    summary = pd.read_csv(run_out / "summary.csv").set_index("metric")["mean"]
    assert summary["net_public_cost"] == 758879.57
    assert summary["passive_benefits_avoided"] == 96429.60
    page = (run_out / "report.html").read_text()
    assert "Nettokosten Haushalt: vermiedene Leistungen ohne Aufteilung auf Haushalte" \
        in page and "-96.430" in page.replace("\u2212", "-")
    out = tmp_path / "size"
    done = CliRunner().invoke(main, [
        "size", str(scn), "--start", "2026-01", "--months", "36", "-n", "2",
        "--no-uncertainty", "--confidence", "0.9", "--jobs", "1", "--quiet",
        "--out", str(out)])
    assert done.exit_code == 0, done.output
    sheet = computed(out / "plan.xlsx")["Fiskalbilanz"]
    row = next(r for r in sheet if r and r[0] == "Öffentliche Nettokosten")
    assert round(row[-1], 2) == 758879.56  # the yearly rows in cents added up
    assert any(r and str(r[0]).startswith("Vermiedene Leistungen ohne Aufteilung")
               for r in sheet)


def test_the_run_summary_and_workbook_carry_the_unsplit_line(tmp_path):
    """The terminal's "net cost of <budget>" lines under the net public cost and
    results.xlsx's Übersicht left the unsplit benefits avoided out, so they missed the
    net public cost by them. By hand: 3 years x 2 people x 12 months x 1,339.30 =
    96,429.60 EUR, a line of -96,429.60 that makes the budgets add up to 758,879.56."""
    import openpyxl

    from finsim.funding.fiscal import public_budgets

    from .conftest import two_persons
    scn = two_persons(tmp_path, PER_PERSON)
    out = tmp_path / "run"
    done = CliRunner().invoke(main, ["run", str(scn), "-n", "2", "--no-uncertainty",
                                     "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "Net public cost" in line)
    assert "758,880" in lines[at]
    nets = [line for line in lines[at + 1:] if line.strip("│ ").startswith(
        ("net cost of", "benefits avoided not split by budget"))]
    assert "benefits avoided not split by budget" in nets[-1] and "-96,430" in nets[-1]
    means = [float(line.split("│")[2].replace(",", "")) for line in nets]
    assert abs(sum(means) - 758880) <= len(means)  # each rounded to the euro
    sheet = openpyxl.load_workbook(out / "results.xlsx")["Übersicht"]
    ids = [r[-1] for r in sheet.iter_rows(values_only=True)]
    by = {r[-1]: r for r in sheet.iter_rows(values_only=True) if r and r[-1]}
    assert ids.index("net_cost_not_split_by_payer") + 1 == ids.index("net_public_cost")
    assert by["net_cost_not_split_by_payer"][:6] == (
        "Nettokosten Haushalt: vermiedene Leistungen ohne Aufteilung auf Haushalte",
        -96429.60, -96429.60, -96429.60, -96429.60, 0)
    budgets = public_budgets(load_scenario(scn))
    total = sum(by[f"net_cost_{b}"][1] for b in budgets) + by["net_cost_not_split_by_payer"][1]
    # held unrounded, shown to the cent; the lines add up to it within float residue
    assert round(by["net_public_cost"][1], 2) == 758879.57
    assert by["net_public_cost"][1] == pytest.approx(758879.565392, abs=1e-6)
    assert total == pytest.approx(758879.56, abs=0.005 * (len(budgets) + 1))


@pytest.mark.parametrize(("employers", "de", "en"), [
    ({}, "Eigenmittel der Träger", "Providers' own funds"),  # finsim's default
    ({"budget": "provider"}, "Eigenmittel der Träger", "Providers' own funds"),  # written
    ({"budget": "eigenmittel"}, "eigenmittel", "eigenmittel"),  # an id of one's own
])
def test_finsim_s_own_budget_is_named_in_each_language_an_own_id_as_written(employers, de, en):
    """German workbooks said "Nettokosten Haushalt: provider (nicht öffentlich)" and
    Fiskalbilanz "provider (nicht öffentlich)" for finsim's default budget of the money
    that is not public: an English word nobody wrote."""
    from finsim.report.budgets import budget_name
    from finsim.report.html import metric_label

    scn = load_scenario(SMALL)
    data = scn.model_dump(mode="json")
    employer = next(f for f in data["funding"] if f["id"] == "employers")
    employer.update(employers)
    scn = type(scn).model_validate(data)
    budget = scn.funding[-1].budget_id
    assert budget_name(budget, "de") == de and budget_name(budget, "en") == en
    assert metric_label(f"net_cost_{budget}", scn, "de") == f"Nettokosten Haushalt: {de}"
    assert budget_name("city", "de") == "city"  # a public funder's id


@pytest.mark.parametrize(("budget", "de", "en"), [
    ("bund", "Bund", "Federal government"), ("land", "Land", "Land"),
    ("kommune", "Kommune", "Municipality"), ("eu", "EU", "EU"),
    ("sozialversicherung", "Sozialversicherung", "Social insurance"),
    ("Kommune", "Kommune", "Municipality"),  # budget ids compare in any case
    ("federal", "federal", "federal"), ("stadt_dortmund", "stadt_dortmund", "stadt_dortmund"),
])
def test_the_standard_budgets_are_named_an_unknown_id_shown_as_written(budget, de, en):
    """German pages and workbooks said "Nettokosten Haushalt: kommune", "Vermiedene
    passive Leistungen: bund" and Fiskalbilanz "eu (öffentlich)": the standard ids of the
    ``budget`` field raw and in lower case, where only ``provider`` had a name."""
    from finsim.report.budgets import budget_name
    from finsim.report.html import metric_label

    scn = load_scenario(SMALL)
    assert budget_name(budget, "de") == de and budget_name(budget, "en") == en
    assert metric_label(f"net_cost_{budget}", scn, "de") == f"Nettokosten Haushalt: {de}"
    assert metric_label(f"passive_benefits_avoided_{budget}", scn, "de") == (
        f"Vermiedene passive Leistungen: {de}")
    assert metric_label(f"returns_{budget}", scn, "en") == f"Returns to budget: {en}"
    assert metric_label(f"paid_{budget}", scn, "en") == f"Paid by budget: {en}"


def test_the_size_workbook_names_the_default_budget_in_german(tmp_path):
    out = tmp_path / "s"
    done = CliRunner().invoke(main, ["size", str(SMALL), "--start", "2013-01", "--months",
                                     "12", "--confidence", "0.9", "-n", "2", "-j", "1", "-q",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    labels = [r[0] for r in computed(out / "plan.xlsx")["Fiskalbilanz"] if r[0]]
    assert "Eigenmittel der Träger (nicht öffentlich)" in labels
    assert "provider (nicht öffentlich)" not in labels
