"""`finsim compare`: common random numbers, paired deltas, comparison.csv, the command."""

import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.analysis.compare import (
    COLUMNS,
    UNSPLIT_NET,
    Comparison,
    Replaced,
    alone,
    compare,
    compare_scenarios,
    interval,
    labels_for,
    paired_differences,
    period_warnings,
    refusal,
    replaced_by_sets,
    values_of,
)
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report.amounts import short_money
from finsim.report.compare import comparison_views
from finsim.scenario import ScenarioError

from .conftest import ROOT, SMALL, variant

N = 30
DELTAS = ["delta_mean", "delta_p05", "delta_p95"]


def _file(tmp_path: Path, name: str, text: str) -> Path:
    """A variant of the small scenario that inherits from it (``base:``)."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"base: {SMALL.resolve()}\n{text}")
    return path


@pytest.fixture(scope="module")
def more_slots(tmp_path_factory) -> Comparison:
    """BASE and a variant with 30 more slots at alpha (30 -> 60), inherited by ``base:``."""
    folder = tmp_path_factory.mktemp("scn")
    alt = _file(folder, "more-slots", "name: More slots\nproviders: [{id: alpha, slots: 60}]\n")
    return compare([SMALL, alt], replications=N, jobs=1)


def test_self_comparison_is_exactly_zero():
    """The same scenario twice: identical runs, every delta exactly 0, no NaN."""
    table = compare([SMALL, SMALL], replications=N, jobs=1).table
    assert list(table.columns) == list(COLUMNS)
    assert table[DELTAS].notna().all().all()
    assert (table[DELTAS] == 0).all().all()
    first, second = (table[table.scenario == s] for s in table.scenario.unique())
    assert np.array_equal(first[["mean", "p05", "p95"]].to_numpy(),
                          second[["mean", "p05", "p95"]].to_numpy(), equal_nan=True)


def test_more_slots_admit_more_people(more_slots):
    """30 more slots: more entries in (nearly) every replication, 90 % interval above 0."""
    row = more_slots.row("entries", "More slots")
    assert row["delta_p05"] > 0 and row["delta_mean"] > 0
    base = more_slots.row("entries", more_slots.labels[0])
    assert row["mean"] - base["mean"] == pytest.approx(row["delta_mean"], rel=1e-9)


def test_material_delta_is_the_extra_slots_times_rate(more_slots):
    """Material is paid per available slot: 30 slots x 50 EUR x 24 months = 36,000, in
    every replication, so the paired interval collapses to that number."""
    row = more_slots.row("cost_material", "More slots")
    for column in DELTAS:
        assert row[column] == pytest.approx(30 * 50 * 24, abs=1e-6)


def test_deltas_are_statistics_of_per_replication_differences(more_slots):
    base, alt = more_slots.results
    for metric in ("entries", "cost_total", "funding_jobcenter", "net_public_cost"):
        diff = alt.metric(metric) - base.metric(metric)
        row = more_slots.row(metric, "More slots")
        assert row["delta_mean"] == pytest.approx(diff.mean(), rel=1e-12)
        assert row["delta_p05"] == pytest.approx(np.percentile(diff, 5), rel=1e-12)
        assert row["delta_p95"] == pytest.approx(np.percentile(diff, 95), rel=1e-12)


@pytest.mark.parametrize("metric", ["entries", "cost_total", "funding_jobcenter",
                                    "net_public_cost"])
def test_paired_interval_narrower_than_unpaired(more_slots, metric):
    """On the same runs, pairing replication i with i cancels the common noise: its 90 %
    interval is narrower than that of the differences with the pairing broken (a fixed
    permutation), and the std of the difference is below sqrt(var A + var B)."""
    base, alt = more_slots.results
    paired = paired_differences(base, alt, metric)
    shuffle = np.random.default_rng(0).permutation(len(paired))
    unpaired = alt.metric(metric) - base.metric(metric)[shuffle]
    _, lo, hi = interval(paired)
    _, ulo, uhi = interval(unpaired)
    assert hi - lo < uhi - ulo
    independent = np.sqrt(base.metric(metric).var(ddof=1) + alt.metric(metric).var(ddof=1))
    assert paired.std(ddof=1) < independent


def test_paired_narrower_than_independent_seeds(more_slots):
    """The alternative run on another seed (no common random numbers) differs from BASE
    by much more noise than the paired run."""
    base, alt = more_slots.results
    other = run(RunSpec(alt.scenario, N, base.spec.seed + 1), jobs=1)
    paired = alt.metric("cost_total") - base.metric("cost_total")
    independent = other.metric("cost_total") - base.metric("cost_total")
    assert np.ptp(np.percentile(paired, [5, 95])) < np.ptp(np.percentile(independent, [5, 95]))


def test_funder_of_one_scenario_counts_zero_in_the_other(small_data):
    """A funder only the alternative has (10 % of wages): BASE pays 0 through it, the delta is its amount.
    A by-payer benefit metric BASE lacks is unknown there (NaN), not 0."""
    alt_funding = [{"id": "city", "name": "City", "public": True, "covers": {"wages": 0.1}},
                   *small_data["funding"]]
    alt = variant(small_data, funding=alt_funding, name="City pays wages")
    base = variant(small_data, passive_benefits={"by_payer": None, "per_person_month": 700})
    comparison = compare_scenarios([base, alt], ["a.yaml", "b.yaml"], 20, 3)
    city_base = comparison.row("funding_city", comparison.labels[0])
    city_alt = comparison.row("funding_city", "City pays wages")
    assert city_base["mean"] == 0 and city_alt["mean"] > 0
    assert city_alt["delta_mean"] == pytest.approx(city_alt["mean"], rel=1e-12)
    payer = comparison.row("passive_benefits_avoided_federal", "City pays wages")
    assert payer["mean"] > 0 and np.isnan(payer["delta_mean"])
    unknown = comparison.row("passive_benefits_avoided_federal", comparison.labels[0])
    assert np.isnan(unknown["mean"])  # BASE's own delta: as unknown as its mean, not 0
    assert all(np.isnan(unknown[k]) for k in DELTAS)


def test_budget_deltas_add_up_to_the_net_public_cost_delta(small_data):
    """A budget BASE lacks (``sozialversicherung``, paying and saving nothing there) and
    the transfer of a funder BASE has but which transfers nothing there are 0 in BASE,
    not blank: each public budget's delta adds up to net_public_cost's."""
    from finsim.funding.fiscal import public_budgets

    funding = [{**f, "budget": "federal", "transfer": {}} if f["id"] == "jobcenter" else f
               for f in small_data["funding"]]
    alt = variant(small_data, funding=funding, returns={"sozialversicherung": 0.2},
                  name="PAT")
    comparison = compare_scenarios([variant(small_data), alt], ["a.yaml", "b.yaml"], 5, 3)
    social = comparison.row("net_cost_sozialversicherung", "PAT")
    assert comparison.row("net_cost_sozialversicherung", comparison.labels[0])["mean"] == 0
    assert social["mean"] < 0 and social["delta_mean"] == pytest.approx(social["mean"])
    moved = comparison.row("transfer_jobcenter", "PAT")
    assert moved["mean"] > 0 and moved["delta_mean"] == pytest.approx(moved["mean"])
    deltas = [comparison.row(f"net_cost_{b}", "PAT")["delta_mean"]
              for b in public_budgets(alt)]
    assert "jobcenter" not in public_budgets(alt)  # its budget is gone from ALT: 0 there
    deltas.append(comparison.row("net_cost_jobcenter", "PAT")["delta_mean"])
    total = comparison.row("net_public_cost", "PAT")["delta_mean"]
    assert sum(deltas) == pytest.approx(total, abs=0.01)


UNSPLIT_YAML = """base: {base}
name: Unsplit
funding:
  - id: city
    limited_to: null
passive_benefits:
  per_person_month: 1339.30
  parts: null
  attribute: null
  after_placement: false
returns: {{bund: 0.03, sozialversicherung: 0.3}}
"""
"""The 2013 seed with its benefits avoided not split by payer, and returns."""


@pytest.fixture(scope="module")
def unsplit_comparison(tmp_path_factory) -> Comparison:
    """The 2013 seed against its variant whose benefits avoided are not split by payer."""
    seed = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
    alt = tmp_path_factory.mktemp("scn") / "unsplit.yaml"
    alt.write_text(UNSPLIT_YAML.format(base=seed.resolve()))
    return compare([seed, alt], replications=3, jobs=1)


def _public_lines(comparison: Comparison) -> list[str]:
    """The net-cost lines the page lists above net_public_cost (``key_rows``)."""
    from finsim.report.html_compare import key_rows

    rows = [metric for _, metric in key_rows(comparison, "en")]
    return [m for m in rows if m.startswith("net_cost_")]


def test_the_unsplit_line_makes_the_budgets_add_up(unsplit_comparison):
    """Benefits avoided not split by payer are saved by no budget: compare gives them the
    line net_cost_not_split_by_payer (minus the benefits avoided, 0 in BASE), so each
    scenario's budgets and that line add up to net_public_cost, and so do the deltas;
    without it the alternative's budgets missed by the whole benefits avoided."""
    c = unsplit_comparison
    lines = _public_lines(c)
    assert lines[-1] == UNSPLIT_NET and "net_cost_sozialversicherung" in lines
    base, alt = c.labels
    avoided = c.results[1].metric("passive_benefits_avoided")
    assert np.array_equal(values_of(c.results[1], UNSPLIT_NET), -avoided)
    assert not values_of(c.results[0], UNSPLIT_NET).any()
    line = c.row(UNSPLIT_NET, alt)
    assert line["mean"] == pytest.approx(-avoided.mean())
    assert line["delta_mean"] == pytest.approx(-avoided.mean())
    assert c.row(UNSPLIT_NET, base)["mean"] == 0
    for label in (base, alt):
        total = c.row("net_public_cost", label)
        assert sum(c.row(m, label)["mean"] for m in lines) == pytest.approx(
            total["mean"], abs=0.01)
    assert sum(c.row(m, alt)["delta_mean"] for m in lines) == pytest.approx(
        c.row("net_public_cost", alt)["delta_mean"], abs=0.01)
    for k, result in enumerate(c.results):  # replication by replication, to the cent
        parts = sum(values_of(result, m) for m in lines)
        assert np.abs(parts - result.metric("net_public_cost")).max() < 0.01, k


def test_the_compare_workbook_and_page_carry_the_unsplit_line(unsplit_comparison, tmp_path):
    """The workbook lists the line among the public budgets (not marked non-public),
    before net_public_cost, with its delta on the differences sheet; the page too."""
    from openpyxl import load_workbook

    from finsim.report.html_compare import compare_report
    from finsim.report.results_book import write_comparison_book

    c = unsplit_comparison
    write_comparison_book(tmp_path / "results.xlsx", c, "en")
    book = load_workbook(tmp_path / "results.xlsx")
    side, diff = book["Side by side"], book["Paired differences"]
    ids = [row[-1] for row in side.iter_rows(values_only=True)]
    at = ids.index(UNSPLIT_NET)
    assert ids[at + 1] == "net_public_cost"
    row = next(side.iter_rows(min_row=at + 1, max_row=at + 1, values_only=True))
    avoided = round(float(c.results[1].metric("passive_benefits_avoided").mean()), 2)
    assert row[0] == "Net cost of budget: benefits avoided not split by budget"
    assert row[1:4] == (0, 0, 0) and row[4] == pytest.approx(-avoided, abs=0.005)
    deltas = {r[-1]: r[1] for r in diff.iter_rows(values_only=True)}
    assert deltas[UNSPLIT_NET] == pytest.approx(-avoided, abs=0.005)
    assert "Net cost of budget: benefits avoided not split by budget (EUR)" in \
        compare_report(c, ["a.yaml", "b.yaml"], "en")


def test_a_budget_an_unsplit_scenario_lacks_counts_zero_there(small_data):
    """With benefits not split by payer each budget's net cost is what it pays less its
    returns (the benefits avoided are the unsplit line): a budget the scenario lacks
    (``city``, a payer only where benefits are split) is 0 there, not blank, so the
    deltas add up."""
    base = variant(small_data, passive_benefits={"by_payer": None, "per_person_month": 700})
    comparison = compare_scenarios([base, variant(small_data, name="Split")],
                                   ["a.yaml", "b.yaml"], 3, 3)
    assert comparison.row("net_cost_city", comparison.labels[0])["mean"] == 0
    split = comparison.row("net_cost_city", "Split")
    assert split["delta_mean"] == pytest.approx(split["mean"])
    avoided = comparison.results[0].metric("passive_benefits_avoided").mean()
    line = comparison.row(UNSPLIT_NET, "Split")
    assert line["mean"] == 0 and line["delta_mean"] == pytest.approx(avoided)
    lines = _public_lines(comparison)
    assert sum(comparison.row(m, "Split")["delta_mean"] for m in lines) == pytest.approx(
        comparison.row("net_public_cost", "Split")["delta_mean"], abs=0.01)


def test_a_funder_named_differently_goes_by_all_its_names(small_data):
    """The §16i file names its Jobcenter "(Lohnkostenzuschuss § 16i SGB II)", the 2013
    file "(Lohnkostenzuschuss FAV)": the compare rows once took BASE's name for both
    scenarios' money. A funder named alike everywhere keeps its name."""
    from finsim.report.html_compare import funders

    renamed = [{**f, "name": "Land (new name)"} if f["id"] == "land_esf" else f
               for f in small_data["funding"]]
    alt = variant(small_data, funding=renamed, name="Renamed")
    comparison = compare_scenarios([variant(small_data), alt], ["a.yaml", "b.yaml"], 3, 3)
    named = dict(funders(comparison))
    base_name = next(f.get("name", "land_esf") for f in small_data["funding"]
                     if f["id"] == "land_esf")
    assert named["land_esf"] == f"{base_name} or Land (new name)"
    # not " / ", which names hold themselves ("Land NRW / ESF / Land NRW / ESF+")
    assert dict(funders(comparison, "de"))["land_esf"] == f"{base_name} bzw. Land (new name)"
    same = [f for f in small_data["funding"] if f["id"] != "land_esf"]
    assert all(named[f["id"]] == f.get("name", f["id"]) for f in same)


def test_colliding_names_are_told_apart_by_file_stem(small):
    assert labels_for([small, small], ["x/a.yaml", "y/b.yaml"]) == [
        "Small test program [a]", "Small test program [b]"]
    assert labels_for([small], ["x/a.yaml"]) == ["Small test program"]


def test_every_problem_of_every_file_at_once(tmp_path):
    bad = _file(tmp_path, "bad", "participants: {patience_months: -1}\n")
    with pytest.raises(ScenarioError) as err:
        compare([SMALL, bad, tmp_path / "missing.yaml"], replications=2)
    text = str(err.value)
    assert "bad.yaml" in text and "missing.yaml" in text


def _cli(*args: str):
    return CliRunner().invoke(main, ["compare", "--quiet", *args])


def test_cli_writes_the_folder(tmp_path):
    alt = _file(tmp_path, "alt", "name: Alt\nproviders: [{id: alpha, slots: 40}]\n")
    out = tmp_path / "out"
    result = _cli(str(SMALL), str(alt), "-n", "20", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".finsim-manifest.json", "compare.json", "comparison.csv", "cost_by_funder.png",
        "participants.png", "report.html", "results.xlsx"]
    table = pd.read_csv(out / "comparison.csv")
    assert list(table.columns) == list(COLUMNS)
    assert set(table.scenario) == {"Small test program", "Alt"}
    assert (table.loc[table.scenario == "Small test program", DELTAS] == 0).all().all()
    assert (out / "participants.png").read_bytes()[:4] == b"\x89PNG"
    again = _cli(str(SMALL), str(alt), "-n", "20", "--out", str(out))
    assert again.exit_code == 2 and "--force" in again.output


def test_compare_json_records_each_scenario_as_it_ran(tmp_path):
    """compare.json kept each scenario's path as typed (relative to a folder it did not
    record) and its seconds: no comparison could be rerun or checked from it. It holds
    each scenario resolved as it ran (as run.json does), its data files and the resolved
    path; a run of a recorded scenario gives that scenario's numbers."""
    import json

    from finsim.montecarlo import RunSpec, run
    from finsim.scenario.load import scenario_from_dict

    alt = _file(tmp_path, "alt", "name: Alt\nproviders: [{id: alpha, slots: 40}]\n")
    out = tmp_path / "out"
    assert _cli(str(SMALL), str(alt), "-n", "3", "--out", str(out)).exit_code == 0
    info = json.loads((out / "compare.json").read_text())
    recorded = info["scenarios"][1]
    assert recorded["path"] == str(alt.resolve()) and recorded["data_files"] == []
    assert recorded["scenario"]["simulation"]["replications"] == 3
    again = run(RunSpec(scenario_from_dict(recorded["scenario"]), 3,
                        recorded["scenario"]["simulation"]["seed"]), jobs=1)
    table = pd.read_csv(out / "comparison.csv").set_index(["scenario", "metric"])
    assert again.metric_mean("cost_total") == pytest.approx(
        table.loc[("Alt", "cost_total"), "mean"], abs=0.005)
    assert "versions" in info


def test_cli_bad_scenario_exits_2_without_traceback(tmp_path):
    bad = _file(tmp_path, "bad", "employment: {hazardz: {placement: 0.1}}\n")
    result = _cli(str(SMALL), str(bad), "-n", "2", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "hazardz" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "o").exists()


def test_cli_shows_the_side_by_side_table(tmp_path):
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(SMALL), "-n", "5",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    for label in ("People reached", "Placements", "Cost: total", "Jobcenter", "Land / ESF",
                  "Employers", "Funding gap", "Net public cost", "Cost per placement (mean of ratios)", "Peak pre-financing",
                  "Δ 0"):
        assert label in result.output


def _screen_rows(text: str) -> list[list[str]]:
    """The table's lines as cells: the label as shown (its indent kept), the figures
    stripped of the padding that right-justifies them."""
    rows = []
    for line in text.splitlines():
        if line.startswith("│"):
            label, *figures = line.strip("│").split("│")
            rows.append([label[1:].rstrip(), *(f.strip() for f in figures)])
    return rows


PAT_BUDGETS = ("kommune", "bund", "land", "eu", "sozialversicherung")
"""The public budgets of the §16i file and its PAT child, comparison.csv's order."""


def test_the_terminal_table_shows_each_budget_s_net_cost_as_the_csv(tmp_path):
    """The terminal table left out the budgets' net costs that the page, the workbook and
    comparison.csv give: who is better or worse off was not on the screen. Now each
    public budget's line follows the net public cost, in comparison.csv's order, with
    comparison.csv's figures (its mean, Δ and interval as the table rounds money); the
    providers' own budget is no part of the net public cost and not shown. The EU's
    ESF+ money (40 % of land_esf's, budget eu) is the same in both: Δ 0, without an
    interval line. Each budget by its English name (Municipality, not kommune). The
    rows above the net public cost that make it up (funding, benefits avoided, returns)
    are there too, so its Δ is explained where it is read."""
    library = ROOT / "scenarios"
    out = tmp_path / "o"
    result = CliRunner().invoke(main, [
        "compare", str(library / "aktiv-statt-passiv-2026-16i.yaml"),
        str(library / "aktiv-statt-passiv-2026-16i-pat.yaml"), "-n", "3", "-j", "1",
        "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _screen_rows(result.stdout)
    at = next(i for i, r in enumerate(rows) if r[0] == "Net public cost")
    assert rows[at + 3:at + 17] == [
        ["  net cost of Municipality", "0", "-226 k"], ["", "[0, 0]", "Δ -226 k"],
        ["", "", "[-228 k, -224 k]"],
        ["  net cost of Federal government", "15.68 M", "15.04 M"], ["", "[15.45 M, 16.03 M]", "Δ -641 k"],
        ["", "", "[-647 k, -634 k]"],
        ["  net cost of Land", "2.43 M", "1.79 M"], ["", "[2.42 M, 2.44 M]", "Δ -641 k"],
        ["", "", "[-647 k, -634 k]"],
        ["  net cost of EU", "1.62 M", "1.62 M"], ["", "[1.61 M, 1.63 M]", "Δ 0"],
        ["  net cost of Social insurance", "0", "-7.80 M"], ["", "[0, 0]", "Δ -7.80 M"],
        ["", "", "[-7.88 M, -7.72 M]"]]
    assert rows[at + 17][0] == "Cost per placement (mean of ratios)"
    # the rows the net public cost is made of, above it: its Δ of -9.31 M is the PAT
    # file's returns (public funding and benefits avoided: Δ 0), and the providers'
    # own money is marked as no part of it, as the page and the workbook mark it
    assert rows[at - 5:at + 3] == [
        ["Passive benefits avoided", "12.93 M", "12.93 M"], ["", "[12.84 M, 13.01 M]", "Δ 0"],
        ["Returns (taxes, contributions)", "0", "9.31 M"], ["", "[0, 0]", "Δ +9.31 M"],
        ["", "", "[+9.21 M, +9.40 M]"],
        ["Net public cost", "19.74 M", "10.43 M"], ["", "[19.49 M, 20.10 M]", "Δ -9.31 M"],
        ["", "", "[-9.40 M, -9.21 M]"]]
    assert ["ISB-Arbeitgeber (die Träger) (not public)", "4.36 M", "4.36 M"] in rows
    csv = pd.read_csv(out / "comparison.csv")
    nets = [m for m in dict.fromkeys(csv.metric) if m.startswith("net_cost_")]
    assert nets == [*(f"net_cost_{b}" for b in PAT_BUDGETS[:4]), "net_cost_provider",
                    "net_cost_sozialversicherung"]  # eu: land_esf's second budget
    base, alt = (csv[csv.scenario == s].set_index("metric") for s in csv.scenario.unique())
    for offset, budget, name in zip(
            (0, 3, 6, 11), ("kommune", "bund", "land", "sozialversicherung"),
            ("Municipality", "Federal government", "Land", "Social insurance"), strict=True):
        b, a = base.loc[f"net_cost_{budget}"], alt.loc[f"net_cost_{budget}"]
        lines = rows[at + 3 + offset:at + 6 + offset]
        assert lines[0] == [f"  net cost of {name}", short_money(b["mean"]),
                            short_money(a["mean"])]
        assert lines[1][1] == f"[{short_money(b['p05'])}, {short_money(b['p95'])}]"
        assert lines[1][2] == f"Δ {short_money(a['delta_mean'], sign=True)}"
        assert lines[2][2] == (f"[{short_money(a['delta_p05'], sign=True)}, "
                               f"{short_money(a['delta_p95'], sign=True)}]")


def test_page_workbook_and_terminal_list_the_same_budgets(unsplit_comparison):
    """One choice of the budgets' lines (``budget_nets``) for every output: the terminal
    lists the page's, in its order, the unsplit line last, worded as ``finsim run``'s
    summary words it; the workbook puts the same lines right above the total."""
    from rich.console import Console

    from finsim.analysis.compare import budget_nets
    from finsim.report.compare import key_rows
    from finsim.report.results_book import book_order

    c = unsplit_comparison
    lines = budget_nets(c)
    assert lines == _public_lines(c) == [m for _, m, _ in key_rows(c)
                                         if m.startswith("net_cost_")]
    assert lines[-1] == UNSPLIT_NET
    order, _ = book_order(c, list(dict.fromkeys(c.table.metric)))
    total = order.index("net_public_cost")
    assert order[total - len(lines):total] == lines
    screen = Console(width=160, record=True, file=io.StringIO())
    for view in comparison_views(c, 160):
        screen.print(view)
    rows = _screen_rows(screen.export_text())
    unsplit = next(i for i, r in enumerate(rows)
                   if r[0] == "  benefits avoided not split by budget")
    alt = c.row(UNSPLIT_NET, c.labels[1])
    assert rows[unsplit][1:] == ["0", short_money(alt["mean"])]
    assert rows[unsplit + 1][2] == f"Δ {short_money(alt['delta_mean'], sign=True)}"


def test_narrow_screens_get_several_tables_with_base_in_each():
    """Three alternatives at 70 characters: one beside BASE per table, none cropped."""
    comparison = compare([SMALL] * 4, replications=3, jobs=1)
    views = comparison_views(comparison, width=70)
    assert [len(v.columns) for v in views] == [3, 3, 3]
    assert all(v.columns[1].header.startswith("BASE: ") for v in views)
    assert len(comparison_views(comparison, width=200)) == 1


def test_the_workbook_names_a_renamed_funder_by_all_its_names(small_data, tmp_path):
    """results.xlsx of compare once labelled the alternative's money with BASE's name for
    the funder (davon Passiv-Aktiv-Transfer: Jobcenter Dortmund (Lohnkostenzuschuss FAV))."""
    import openpyxl

    from finsim.report.results_book import write_comparison_book

    renamed = [{**f, "name": "Land (new name)"} if f["id"] == "land_esf" else f
               for f in small_data["funding"]]
    alt = variant(small_data, funding=renamed, name="Renamed")
    comparison = compare_scenarios([variant(small_data), alt], ["a.yaml", "b.yaml"], 3, 3)
    write_comparison_book(tmp_path / "c.xlsx", comparison, "de")
    cells = {row[-1]: row[0] for row in openpyxl.load_workbook(tmp_path / "c.xlsx")
             .worksheets[0].iter_rows(values_only=True) if row and row[-1]}
    assert cells["funding_land_esf"] == "Finanzierung: Land / ESF bzw. Land (new name)"


def test_the_workbook_s_label_column_fits_its_longest_label(small_data, tmp_path):
    """Column A was 50 characters in either language: "Cost: One-off payments incl.
    employer contributions" (51), its German plan line (60) and "Months with a negative
    balance (...)" (77) were cut by the numbers beside them."""
    from finsim.report.results_book import write_comparison_book

    comparison = compare_scenarios([variant(small_data), variant(small_data, name="B")],
                                   ["a.yaml", "b.yaml"], 3, 3)
    for lang, longest in (("en", "Cost: One-off payments incl. employer contributions"),
                          ("de", "Kosten: Jahressonderzahlungen Beschäftigte (inkl. "
                                 "AG-Anteil)")):
        write_comparison_book(tmp_path / f"{lang}.xlsx", comparison, lang)
        book = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx")
        metrics = set(comparison.table.metric)
        labels = [r[0] for r in book.worksheets[0].iter_rows(values_only=True)
                  if r[-1] in metrics]
        assert longest in labels
        for sheet in book.worksheets[:2]:  # side by side, differences
            assert sheet.column_dimensions["A"].width == max(map(len, labels)) + 2


def test_many_scenarios_lie_as_rows_within_the_page_s_width(small_data):
    """Nine upright bars made the chart 18 inches wide, and the page shrank its text to
    about 5 px: more than four scenarios lie as rows, BASE on top, 10 inches wide."""
    from finsim.report.html_compare import UPRIGHT, cost_by_funder_figure

    scenarios = [variant(small_data, name=f"Variant {k}") for k in range(UPRIGHT + 1)]
    comparison = compare_scenarios(scenarios, [f"{k}.yaml" for k in range(len(scenarios))],
                                   2, 3)
    fig = cost_by_funder_figure(comparison, "de")
    assert fig.get_size_inches()[0] == 10.0
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"Variant {k}"
                                                            for k in range(UPRIGHT + 1)]
    assert ax.yaxis_inverted()  # BASE on top
    few = compare_scenarios(scenarios[:UPRIGHT], [f"{k}.yaml" for k in range(UPRIGHT)], 2, 3)
    assert [t.get_text() for t in cost_by_funder_figure(few, "de").axes[0].get_xticklabels()
            ] == [f"Variant {k}" for k in range(UPRIGHT)]


def test_a_wrapped_legend_name_keeps_a_number_with_its_percent_sign(small_data):
    """cost_by_funder.png's legend broke the Land's name as "(60 % Land, 40" / "% EU
    [E])": a figure and its percent sign on two lines read as two numbers. A number and
    its unit, a section sign and its number and "SGB II" are joined by a non-breaking
    space before the name is wrapped; the lines keep within ``LEGEND_WIDTH``."""
    from finsim.report.html_compare import LEGEND_WIDTH, _wrap, cost_by_funder_figure

    land = "Land NRW / ESF+ (60 % Land, 40 % EU [E])"
    scenarios = [variant(small_data, name=f"Variant {k}", funding=[
        *small_data["funding"][:1], {**small_data["funding"][1], "name": land},
        *small_data["funding"][2:]]) for k in range(2)]
    comparison = compare_scenarios(scenarios, ["0.yaml", "1.yaml"], 2, 3)
    legend = [t.get_text() for t in cost_by_funder_figure(comparison, "de").axes[0]
              .get_legend().get_texts()]
    assert "Land NRW / ESF+ (60\u00a0% Land,\n40\u00a0% EU [E])" in legend
    assert all(len(line) <= LEGEND_WIDTH for text in legend for line in text.split("\n"))
    assert _wrap("Jobcenter Dortmund (§ 16i SGB II wage subsidy)", 30) == (
        "Jobcenter Dortmund (§\u00a016i\nSGB\u00a0II wage subsidy)")
    assert _wrap("Träger A: 1.200 € je Platz, 2 EUR", 10) == (
        "Träger A:\n1.200\u00a0€ je\nPlatz,\n2\u00a0EUR")


def test_four_upright_bars_keep_their_names_apart_beside_a_long_funder(small_data):
    """The four 2026 files: the Jobcenter's names merged into one legend line ("...
    (Lohnkostenzuschuss § 16i SGB II) bzw. Jobcenter Dortmund (§ 16e SGB II)") took half
    the figure, and the bars' names ran into each other. The legend's names are wrapped
    now, and no two names under the bars overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from finsim.report.charts import tidy
    from finsim.report.html_compare import LEGEND_WIDTH, cost_by_funder_figure

    names = ["Aktiv statt passiv! nach § 16i SGB II, 2026-2030",
             "Aktiv statt passiv! nach § 16i SGB II mit Passiv-Aktiv-Transfer, 2026-2030",
             "Aktiv statt passiv! nach § 16i SGB II, kirchliche Träger mit Tariflohn, "
             "2026-2030", "Aktiv statt passiv! nach § 16e SGB II zum Mindestlohn 2026-2027"]
    jobcenter = ["Jobcenter Dortmund (Lohnkostenzuschuss § 16i SGB II)"] * 3 + [
        "Jobcenter Dortmund (§ 16e SGB II)"]
    scenarios = [variant(small_data, name=name, funding=[
        {**small_data["funding"][0], "name": jc}, *small_data["funding"][1:]])
        for name, jc in zip(names, jobcenter, strict=True)]
    comparison = compare_scenarios(scenarios, [f"{k}.yaml" for k in range(4)], 2, 3)
    fig = cost_by_funder_figure(comparison, "de")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == ("Jobcenter Dortmund\n(Lohnkostenzuschuss §\u00a016i\nSGB\u00a0II) "
                         "bzw. Jobcenter\nDortmund (§\u00a016e SGB\u00a0II)")
    assert all(len(line) <= LEGEND_WIDTH for text in legend for line in text.split("\n"))
    tidy(fig)  # laid out as save() lays it out for cost_by_funder.png
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    assert len(boxes) == 4
    assert all(left.x1 < right.x0 for left, right in zip(boxes[:-1], boxes[1:], strict=True))


def test_a_metric_some_replications_leave_undefined_is_counted_and_its_delta_said(tmp_path):
    """Placements are rare: cost_per_placement is undefined in some replications, so its
    mean is over those that define it and Δ over those both define; the note counts
    each, by hand from the per-replication values. A metric all define gets no note."""
    from finsim.analysis.compare import undefined_notes

    low = _file(tmp_path, "low", "name: Low\nemployment: {hazards: {placement: 0.0003}}\n")
    alt = _file(tmp_path, "alt", "name: Alt\nemployment: {hazards: {placement: 0.001}}\n")
    comparison = compare([low, alt], replications=12, uncertainty=False, jobs=1)
    a, b = (r.metric("cost_per_placement") for r in comparison.results)
    defined = [int(np.sum(~np.isnan(a))), int(np.sum(~np.isnan(b)))]
    both = int(np.sum(~np.isnan(a) & ~np.isnan(b)))
    assert any(0 < d < 12 for d in defined)  # the case this is about
    notes = undefined_notes(comparison)
    assert notes == [f"cost_per_placement: defined in “Low” {defined[0]}, “Alt” {defined[1]} "
                     f"of 12 replications; each Δ is over the replications both define "
                     f"(“Alt” {both}), so it is not the difference of the means"]
    assert undefined_notes(compare([SMALL, SMALL], replications=3, jobs=1)) == []


def test_the_run_summary_counts_the_replications_that_define_a_ratio():
    """The terminal's mean of a ratio said nothing of the replications left out."""
    from finsim.report.terminal import defined_note

    assert defined_note([1.0, float("nan"), 3.0, float("nan")]) == \
        " (2 of 4 replications define it)"
    assert defined_note([1.0, 2.0]) == defined_note([float("nan")]) == ""
    assert defined_note([1.0, float("nan")] * 600, "de") == \
        " (in 600 von 1.200 Replikationen definiert)"  # compare's German words


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "replications define it)"), ("de", "Replikationen definiert)")])
def test_the_run_page_and_workbook_count_the_replications_that_define_a_ratio(
        tmp_path, lang, note):
    """report.html and results.xlsx gave the mean of cost per placement over the
    replications with a placement without saying that the others were left out, where
    the terminal said "(195 of 200 replications define it)": all three say it, the same
    count."""
    low = _file(tmp_path, "low", "name: Low\nemployment: {hazards: {placement: 0.0003}}\n")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["run", str(low), "-n", "12", "--no-uncertainty", "-j",
                                     "1", "--lang", lang, "--out", str(out)])
    assert done.exit_code == 0, done.output
    values = pd.read_csv(out / "replications.csv")["cost_per_placement"]
    defined = int(values.notna().sum())
    assert 0 < defined < 12  # the case this is about
    said = (f" ({defined} of 12 {note}" if lang == "en"
            else f" (in {defined} von 12 {note}")
    line = next(t for t in done.output.splitlines() if "mean over replications" in t
                and "define" in t)
    assert f"mean over replications ({defined} of 12 replications define it)" in line
    label = {"en": "Cost per placement: mean over replications (EUR)",
             "de": "Kosten je Vermittlung: Mittel der Replikationen (EUR)"}[lang]
    assert f"<th scope='row'>{label}{said}</th>" in (out / "report.html").read_text(
        encoding="utf-8")
    sheet = openpyxl.load_workbook(out / "results.xlsx").worksheets[0]
    rows = {r[-1]: r for r in sheet.iter_rows(values_only=True) if r and r[-1]}
    assert rows["cost_per_placement"][0].endswith(said)
    assert rows["cost_per_entry"][0] in ("Cost per entry", "Kosten je Eintritt")  # all define


def test_the_workbook_s_net_costs_above_the_total_add_up_to_it(small_data, tmp_path):
    """BASE without returns, ALT with returns to a budget only it has and the Jobcenter's
    transfer: the union put ``net_cost_sozialversicherung`` and ``transfer_jobcenter``
    after the total, and the non-public ``employers`` budget sat unmarked right above
    it. Now public funding - benefits avoided - returns = the total, and the public
    budgets' net costs directly above it add up to it, in each scenario's column and in
    each difference; the employers' budget (``provider``) comes after the total, marked not public."""
    import openpyxl

    from finsim.report.results_book import write_comparison_book

    funding = [{**f, "budget": "federal", "transfer": {}} if f["id"] == "jobcenter" else f
               for f in small_data["funding"]]
    alt = variant(small_data, funding=funding, returns={"sozialversicherung": 0.2},
                  name="PAT")
    comparison = compare_scenarios([variant(small_data), alt], ["a.yaml", "b.yaml"], 5, 3)
    write_comparison_book(tmp_path / "c.xlsx", comparison, "de")
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    for sheet, columns in ((book.worksheets[0], (1, 4)), (book.worksheets[1], (1,))):
        rows = [r for r in sheet.iter_rows(values_only=True) if r and r[-1]]
        ids = [r[-1] for r in rows]
        total = ids.index("net_public_cost")
        assert ids[total - 5:total] == [f"net_cost_{b}" for b in (
            "jobcenter", "land_esf", "federal", "city", "sozialversicherung")]
        nets = rows[total - 5:total]
        assert ids[total + 1] == "net_cost_provider"  # the employers' budget
        assert rows[total + 1][0].endswith("Eigenmittel der Träger (nicht öffentlich)")
        assert "transfer_jobcenter" in ids[:ids.index("funding_gap")]
        assert ids.index("returns") < ids.index("net_cost_jobcenter")
        by_id = dict(zip(ids, rows, strict=True))
        for c in columns:
            assert sum(r[c] for r in nets) == pytest.approx(rows[total][c], abs=0.02)
            public = by_id["funding_jobcenter"][c] + by_id["funding_land_esf"][c]
            assert public - by_id["passive_benefits_avoided"][c] - by_id["returns"][c] \
                == pytest.approx(rows[total][c], abs=0.02)
    side = {r[-1]: r[0] for r in book.worksheets[0].iter_rows(values_only=True) if r[-1]}
    assert side["funding_employers"] == "Finanzierung: Employers (nicht öffentlich)"


def _stub(values: dict[str, list[float]]):
    """A run with the given per-replication metric values (all ``values_of`` reads)."""
    from types import SimpleNamespace

    return SimpleNamespace(metric_names=list(values), spec=SimpleNamespace(replications=3),
                           metric=lambda m: np.array(values[m]), scenario=None,
                           aggregate=SimpleNamespace(count=3))


def test_money_float_noise_is_no_difference():
    """A budget that is exactly 0 carries +-1e-9 EUR from float sums of cents: its Δ is 0
    in every replication, and the page says so, instead of "Δ +0 [0 – +0]". Half a cent
    or more stays; a share's 0.004 is no money and stays."""
    from finsim.analysis.compare import Comparison, comparison_table
    from finsim.report.html_compare import WORDS, _cell

    base = _stub({"net_cost_kommune": [1e-9, -2e-9, 0.0], "cost_total": [100.0, 200.0, 300.0],
                  "share_city": [0.5, 0.5, 0.5]})
    alt = _stub({"net_cost_kommune": [-3e-9, 5e-9, 1e-9], "cost_total": [100.004, 200.006,
                                                                          299.99],
                 "share_city": [0.504, 0.5, 0.5]})
    assert paired_differences(base, alt, "net_cost_kommune").tolist() == [0.0, 0.0, 0.0]
    assert paired_differences(base, alt, "cost_total") == pytest.approx([0.0, 0.006, -0.01])
    assert paired_differences(base, alt, "share_city") == pytest.approx([0.004, 0.0, 0.0])
    table = comparison_table([base, alt], ["BASE", "ALT"])
    row = table[(table.metric == "net_cost_kommune") & (table.scenario == "ALT")].iloc[0]
    comparison = Comparison([base, alt], ["BASE", "ALT"], table)
    assert _cell(comparison, row, "de", False) == \
        f"0<br><small>{WORDS['de']['same']}</small>"


def test_the_page_shows_counts_and_rates_as_the_run_page_does():
    """The page rounded people to whole numbers (``number``'s digits 0): placements
    16.67 and 24.47 with Δ 7.8 read "17", "24" and "Δ +8" (17 + 8 is not 24), and a Δ of
    0.3 people "Δ +0" beside two different means. Now counts to one decimal and rates in
    percent, as the run page and the terminal; money to the euro, as before."""
    from finsim.analysis.compare import comparison_table
    from finsim.report.html_compare import _cell

    base = _stub({"exits_placement": [10.0, 12.0, 28.0], "entries": [169.0, 169.0, 169.0],
                  "occupancy_rate": [0.80, 0.82, 0.84],
                  "cost_total": [1000.4, 2000.0, 3000.0]})
    alt = _stub({"exits_placement": [18.0, 20.0, 35.4], "entries": [169.0, 169.0, 169.9],
                 "occupancy_rate": [0.85, 0.87, 0.89],
                 "cost_total": [1100.4, 2100.0, 3100.0]})
    comparison = Comparison([base, alt], ["BASE", "ALT"],
                            comparison_table([base, alt], ["BASE", "ALT"]))

    def cells(metric: str) -> tuple[str, str]:
        return tuple(_cell(comparison, comparison.row(metric, label), "de", label == "BASE")
                     for label in ("BASE", "ALT"))

    # means 50 / 3 and 73.4 / 3; Δ 8, 8, 7.4: mean 7.8, 5th percentile 7.4 + 0.1 x 0.6
    assert cells("exits_placement") == (
        "16,7<br><small>[10,2 – 26,4]</small>",
        "24,5<br><b>Δ +7,8</b><br><small>[+7,5 – +8,0]</small>")
    # Δ 0, 0, 0.9: mean 0.3, 95th percentile 0.9 x 0.9
    assert cells("entries") == ("169,0<br><small>[169,0 – 169,0]</small>",
                                "169,3<br>Δ +0,3<br><small>[0,0 – +0,8]</small>")
    assert cells("occupancy_rate")[1] == \
        "87,0 %<br><b>Δ +5,0 %</b><br><small>[+5,0 % – +5,0 %]</small>"
    # 5th percentile 1000.4 + 0.1 x 999.6 = 1100.36, 95th 2000 + 0.9 x 1000
    assert cells("cost_total") == (
        "2.000<br><small>[1.100 – 2.900]</small>",
        "2.100<br><b>Δ +100</b><br><small>[+100 – +100]</small>")


def test_different_periods_and_price_bases_are_shown_and_warned(tmp_path):
    """A 24-month 2013 program against a 12-month 2015 one: the terminal showed no
    period and the page said "Keine Hinweise" while each Δ was mostly the horizon. Now
    each scenario's period and price base is on the terminal, the page and the workbook,
    and a warning on stderr, the page and the workbook says what to --set."""
    import openpyxl

    later = _file(tmp_path, "later", "name: Later\nperiod: {start: 2015-01, months: 12}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(later), "-n", "3",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # lines wrapped at the terminal's width
    assert ("BASE: Small test program: 2013-01 – 2014-12 (24 months, prices of 2013); "
            "Starting with the slots empty (initial: 0)") in text
    assert "Later: 2015-01 – 2015-12 (12 months, prices of 2015)" in text
    assert ("warning: the scenarios cover different periods (Small test program: 2013-01 – "
            "2014-12 (24 months, prices of 2013); Later: 2015-01 – 2015-12 (12 months, "
            "prices of 2015))") in text
    # files of different years: a --set of the period would run each in years it is
    # not written for (the 2013 deck against the 2026 files failed on finsim's tables)
    assert "give each scenario the same period: in a file of its own (base: ...)" in text
    assert "--set period.start" not in text
    assert ("warning: the scenarios have different price bases (prices of 2013, 2015)"
            in text)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert ("Die Szenarien decken verschiedene Zeiträume ab (Small test program: Januar 2013 "
            "– Dezember 2014 (24 Monate, Preise 2013); Later: Januar 2015 – Dezember 2015 (12 "
            "Monate, Preise 2015))") in page
    assert "Keine Hinweise" not in page and "<th scope='col'>Preisbasis (Jahr)</th>" in page
    cells = [r[0] for r in openpyxl.load_workbook(out / "results.xlsx").worksheets[0]
             .iter_rows(values_only=True) if r and r[0]]
    assert "Later: 2015-01 – 2015-12 (12 Monate, Preise 2015); Start mit leeren Plätzen " \
        "(initial: 0)" in cells
    assert any(c.startswith("Hinweis: Die Szenarien decken verschiedene Zeiträume ab")
               for c in cells)
    from finsim.api import Comparison as InPython

    said = InPython(compare([SMALL, later], replications=2, jobs=1)).warnings
    assert len(said) == 6 and "the same period: in a file of its own" in said[0]
    assert said[1].startswith("the scenarios have different price bases")
    assert all(line.startswith("Later: ") for line in said[2:])  # the run's, after its label
    assert "--set" not in said[0]
    same = CliRunner().invoke(main, ["compare", str(SMALL), str(SMALL), "-n", "3",
                                     "--out", str(tmp_path / "same")])
    assert "warning:" not in same.output


def test_each_scenario_s_start_is_said(tmp_path):
    """Running (full) against restarted (empty) and a cohort: compare dropped run's
    "Starting with" line, so the Δ in people reached and cost went unexplained."""
    full = _file(tmp_path, "full", "name: Full\nparticipants: {initial: full}\n")
    cohort = _file(tmp_path, "cohort", "name: Cohort\nparticipants: {initial: 5}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(full), str(cohort),
                                       "-n", "2", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Full: 2013-01 – 2014-12 (24 months, prices of 2013); Starting with the slots " \
        "full: 40.0 people (mean, initial: full)" in text
    assert "Starting with a cohort of 5.0 new people (mean, initial: 5, tenure 0)" \
        in text
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<td>Starting with the slots empty (initial: 0)</td>" in page
    assert "<td>Starting with the slots full: 40.0 people (mean, initial: full)</td>" in page
    german = compare([SMALL, full], replications=2, jobs=1)
    from finsim.report.html_compare import scenario_table

    assert "<td>Start mit vollen Plätzen: 40,0 Personen (Mittelwert, initial: full)</td>" \
        in scenario_table(german, ["a", "b"], "de")


def test_participants_chart_keeps_its_width_with_long_names(small_data):
    """Five scenarios with 60-character names: the legend beside the 5-inch panel
    squeezed the plot to about 1.5 cm and its month labels ran together. With the legend
    below, the axes keep most of the figure's width and no two month labels overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from finsim.report.charts import tidy
    from finsim.report.html_compare import flows_figure

    names = [f"Scenario {k}: a program with a long and descriptive name, as they are" for k in range(5)]
    assert all(len(n) >= 60 for n in names)
    scenarios = [variant(small_data, name=n) for n in names]
    comparison = compare_scenarios(scenarios, [f"{k}.yaml" for k in range(5)], 2, 3)
    fig = flows_figure(comparison, "en", ("participants",))
    FigureCanvasAgg(fig)  # a renderer to measure the labels with
    tidy(fig)
    ax = fig.axes[0]
    assert ax.get_position().width > 0.8  # of the figure's width
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert len(boxes) >= 4
    assert all(a.x1 < b.x0 for a, b in zip(boxes[:-1], boxes[1:], strict=True))  # apart
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < min(b.y0 for b in boxes)  # below the month labels


def test_each_scenario_s_sanity_warnings_go_to_stderr(tmp_path):
    """compare showed the scenarios' sanity warnings only on the page, while run prints
    them on stderr: each is now on stderr too, after its scenario's name, as the page
    lists it. 600 slots for the small program's referrals: occupancy far below half."""
    from finsim.analysis.sanity import sanity_warnings

    empty = _file(tmp_path, "empty", "name: Empty\nproviders: [{id: alpha, slots: 600}]\n")
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(empty), "-n", "3",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    said = sanity_warnings(compare([SMALL, empty], replications=3, jobs=1).results[1])
    assert said and any(w.startswith("occupancy in 2 years is under 50% ") for w in said)
    for warning in said:
        assert f"warning: Empty: {warning}" in result.stderr
    assert "warning: Small test program:" not in result.stderr
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Empty: Auslastung in 2 Jahren unter 50 %" in page


def test_a_shorter_period_of_the_same_year_is_aligned_by_set(tmp_path):
    """Periods that differ in length only, prices of one year: the warning's --set runs
    both over the BASE's months, and that command works."""
    shorter = _file(tmp_path, "shorter", "name: Shorter\nperiod: {start: 2013-01, months: 12}\n")
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(shorter), "-n", "2",
                                       "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    advice = "--set period.start=2013-01 --set period.months=24"
    assert advice in text
    aligned = CliRunner().invoke(main, ["compare", str(SMALL), str(shorter), "-n", "2",
                                        *advice.split(), "--out", str(tmp_path / "b")])
    assert aligned.exit_code == 0, aligned.output
    assert "cover different periods" not in aligned.output
    # the advice followed drew "shorter.yaml: --set period.months=24 replaces its own 12
    # (BASE has 24): this difference between the scenarios is gone"
    assert "warning:" not in aligned.stderr


def test_the_period_advice_followed_on_the_shipped_files_warns_no_more(tmp_path):
    """The 2026 §16e file (24 months) against the §16i file (60 months): the period
    warning's --set, followed as printed, drew a new warning that it "replaces its own
    60 (BASE has 24)". Setting BASE's own period is that advice, not a lost difference:
    nothing is said on the terminal, nor by finsim.compare with the overrides it names.
    Another --set over a value the alternative writes itself is still said."""
    import finsim

    files = [str(ROOT / "scenarios" / f"aktiv-statt-passiv-2026-{name}.yaml")
             for name in ("minimum-wage", "16i")]
    first = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1",
                                      "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    advice = "--set period.start=2026-01 --set period.months=24"
    assert f"to compare the same months, {advice}\n" in first.stderr
    followed = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1",
                                         *advice.split(), "--out", str(tmp_path / "b")])
    assert followed.exit_code == 0, followed.output
    assert "warning:" not in followed.stderr
    overrides = {"period.start": "2026-01", "period.months": 24}
    assert finsim.compare(*files, replications=2, jobs=1, overrides=overrides).warnings == []
    other = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1", "--set",
                                      "employment.max_months=24", "--out", str(tmp_path / "c")])
    assert other.exit_code == 0, other.output
    assert ("warning: aktiv-statt-passiv-2026-16i.yaml: --set employment.max_months=24 replaces "
            "its own 60 (BASE has 24): this difference between the scenarios is gone"
            in " ".join(other.stderr.split()))


def test_the_period_advice_says_where_it_runs_a_shorter_scenario_past_its_plan(tmp_path):
    """The §16i file (60 months) against the §16e file (24): the advice --set
    period.months=60 ran the §16e program 36 months past its last planned month, its
    people gone after their 24 months and 0.3 referrals a month to refill 161 slots
    (occupancy about 39 % over the 60 months), as if that compared like with like. The
    line says so and gives the months both plan as the other choice, which, followed,
    warns no more."""
    files = [str(ROOT / "scenarios" / f"aktiv-statt-passiv-2026-{name}.yaml")
             for name in ("16i", "minimum-wage")]
    first = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1",
                                      "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    label = "Aktiv statt passiv! nach § 16e SGB II zum Mindestlohn 2026-2027"
    assert (f"; to compare the same months, --set period.start=2026-01 --set "
            f"period.months=60; but “{label}” is planned only to 2027-12 "
            "(participants.referrals_per_month 0.3 there): this runs it past then with its "
            "last values, which its file does not plan, so those months do not compare like "
            "with like; or compare the months all plan: --set period.months=24\n"
            in first.stderr)
    assert period_warnings(compare(files, replications=2, jobs=1), "de")[0].endswith(
        f"; für einen Vergleich über dieselben Monate --set period.start=2026-01 --set "
        f"period.months=60; “{label}” ist aber nur bis Dezember 2027 geplant "
        "(participants.referrals_per_month dann 0.3): so läuft es danach mit seinen letzten "
        "Werten weiter, was seine Datei nicht plant, und diese Monate vergleichen nicht "
        "Gleiches mit Gleichem; oder die Monate vergleichen, die alle planen: --set "
        "period.months=24")
    chosen = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1", "--set",
                                       "period.months=24", "--out", str(tmp_path / "b")])
    assert chosen.exit_code == 0, chosen.output
    assert "warning:" not in chosen.stderr


def test_the_price_base_advice_followed_warns_no_more_and_base_s_default_is_named(tmp_path):
    """The 2013 file (no prices.base_year: prices of 2013) against the 2026 minimum-wage
    file (base_year 2026): the price-base warning's --set prices.base_year=2013, followed
    as printed, drew "replaces its own 2026 (BASE has none)". Setting BASE's own price
    base is that advice: nothing more is said. Another year is still said, with the
    2013 BASE runs with, not "none"."""
    import finsim

    files = [str(ROOT / "scenarios" / f"aktiv-statt-passiv-{name}.yaml")
             for name in ("2013", "2026-minimum-wage")]
    own = [alone(f) for f in files]
    names = ["aktiv-statt-passiv-2013.yaml", "aktiv-statt-passiv-2026-minimum-wage.yaml"]
    assert replaced_by_sets(own, names, ["prices.base_year=2013"]) == ()
    assert replaced_by_sets(own, names, ["prices.base_year=2020"]) == (
        Replaced(names[1], "prices.base_year=2020", 2026, 2013),)
    first = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1",
                                      "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert ("if all amounts are meant in one year's prices, --set prices.base_year=2013\n"
            in first.stderr)
    followed = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1", "--set",
                                         "prices.base_year=2013", "--out", str(tmp_path / "b")])
    assert followed.exit_code == 0, followed.output
    assert "replaces its own" not in followed.stderr
    assert "different price bases" not in followed.stderr
    other = finsim.compare(*files, replications=2, jobs=1,
                           overrides={"prices.base_year": 2020})
    assert other.warnings[0] == (
        "aktiv-statt-passiv-2026-minimum-wage.yaml: the override {'prices.base_year': 2020} "
        "replaces its own 2026 (BASE has 2013): this difference between the scenarios is "
        "gone")
    assert not any("replaces its own" in w for w in other.warnings[1:])


MINIMUM_WAGE_2013 = ("Aktiv statt passiv! Dortmund 2013-2014: 2013-01 – 2014-12 (24 months, "
                     "prices of 2013); Aktiv statt passiv! nach § 16e SGB II zum "
                     "Mindestlohn 2026-2027: 2026-01 – 2027-12 (24 months, prices of 2013)")


def test_the_advice_followed_one_after_another_never_ends_in_a_refusal(tmp_path):
    """2013 deck against the 2026 minimum-wage file: after the price-base advice --set
    prices.base_year=2013 both ran in 2013's prices, so the period warning judged them
    files of one year and advised --set period.start=2013-01 --set period.months=24,
    which the 2026 file refused (its KdU table for NW starts in 2024). The years are the
    files' own: the advice is the file of its own, no --set, in Python too."""
    import finsim

    files = [str(ROOT / "scenarios" / f"aktiv-statt-passiv-{name}.yaml")
             for name in ("2013", "2026-minimum-wage")]
    followed = CliRunner().invoke(main, ["compare", *files, "-n", "2", "--jobs", "1", "--set",
                                         "prices.base_year=2013", "--out", str(tmp_path / "a")])
    assert followed.exit_code == 0, followed.output
    assert _warnings(followed.stderr) == [
        f"warning: the scenarios cover different periods ({MINIMUM_WAGE_2013}): cost, funding "
        "and counts add up over different months and years, so each Δ holds the difference "
        "of the periods, not only of the scenarios; the files are written for different "
        "years (prices of 2013, 2026): to compare the same months, give each scenario the "
        "same period: in a file of its own (base: ...) where its prices and rules hold; "
        "setting the period with --set would also run each file in years it is not written "
        "for"]
    said = finsim.compare(*files, replications=2, jobs=1,
                          overrides={"prices.base_year": 2013}).warnings
    assert len(said) == 1 and "'period." not in said[0]
    assert said[0].endswith("setting the period with overrides would also run each file "
                            "in years it is not written for")


def test_a_period_a_scenario_refuses_is_not_advised(tmp_path):
    """A child of the 2026 file that writes its amounts in 2013's prices is a file of
    2013's prices like the deck, but BASE's period 2013-01 is refused there (its KdU
    table starts in 2024): the warning gives the file of its own and quotes the refusal
    instead of a --set that ends in exit 2. A period every scenario takes is advised."""
    dated = tmp_path / "dated.yaml"
    dated.write_text(f"name: Dated\nbase: {ROOT / 'scenarios'}/aktiv-statt-passiv-2026-"
                     "minimum-wage.yaml\nprices: {base_year: 2013}\n")
    deck = str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    first = CliRunner().invoke(main, ["compare", deck, str(dated), "-n", "2", "--jobs", "1",
                                      "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert _warnings(first.stderr)[0].endswith(
        "to compare the same months, give each scenario the same period: in a file of its "
        "own (base: ...) where its prices and rules hold; setting BASE's period with --set "
        "is refused: dated.yaml: passive_benefits.parts.kdu_federal_share: finsim's table "
        "for NW starts in 2024, "
        "the period in 2013-01: give the share as a number or a schedule (e.g. {2013-01: "
        "0.276, 2024-01: 0.713})")
    assert "--set period." not in first.stderr
    comparison = compare([deck, dated], replications=2, jobs=1)
    assert refusal(comparison, ("period.start=2026-01", "period.months=24")) is None
    assert refusal(comparison, ("period.start=2013-01", "period.months=24")).startswith(
        "dated.yaml: passive_benefits.parts.kdu_federal_share: finsim's table for NW ")


def test_the_period_advice_leaves_out_a_path_already_set(tmp_path):
    """With --set period.start=2013-01 given, a 12-month file against the 24-month BASE
    was advised --set period.start=2013-01 --set period.months=24; followed as printed,
    period.start was given twice and refused. The advice now names what is left to set,
    and followed it runs without a warning."""
    shorter = _file(tmp_path, "shorter", "name: Shorter\nperiod: {start: 2013-01, months: 12}\n")
    args = ["compare", str(SMALL), str(shorter), "-n", "2", "-j", "1",
            "--set", "period.start=2013-01"]
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert ("; to compare the same months, --set period.months=24; but “Shorter” is planned "
            "only to 2013-12 (participants.referrals_per_month 4 there): this runs it past "
            "then with its last values, which its file does not plan, so those months do not "
            "compare like with like; or compare the months all plan: --set period.months=12\n"
            in first.stderr)
    followed = CliRunner().invoke(main, [*args, "--set", "period.months=24",
                                         "--out", str(tmp_path / "b")])
    assert followed.exit_code == 0, followed.output
    assert "warning:" not in followed.stderr


def test_the_period_advice_keeps_a_dated_ramp_up(tmp_path):
    """A warm-up program reported from 2027-01 against the §16i file (2026-01, a ramp-up
    of 70, 55 and 45 referrals): the advice --set period.start=2027-01 moved the ramp-up
    before the period, and the §16i program started empty (93.6 entries, not 244.9,
    cost -20 M) in silence. The advice now says the file of its own that keeps it, and a
    --set that moves the start past it says so too; the file of its own then runs the
    same program as the warm-up (Δ 0)."""
    sixteen_i = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"
    warm = tmp_path / "warm.yaml"
    warm.write_text(f"name: Warm\nbase: {sixteen_i}\n"
                    "period: {start: 2027-01, months: 48, simulate_from: 2026-01}\n")
    args = ["compare", str(warm), str(sixteen_i), "-n", "2", "--jobs", "1"]
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    label = "Aktiv statt passiv! nach § 16i SGB II, 2026-2030"
    assert (f"to compare the same months, --set period.start=2027-01 --set period.months=48, "
            f"but first give “{label}” period: {{start: 2027-01, months: 48, simulate_from: "
            "2026-01} in a file of its own (base: ...): else dated values fall before the "
            f"period (“{label}”: participants.referrals_per_month (2026-01 – 2026-03)), and "
            "the program starts empty instead of running since its start\n") in first.stderr
    moved = CliRunner().invoke(main, [*args, "--set", "period.start=2027-01", "--set",
                                      "period.months=48", "--out", str(tmp_path / "b")])
    assert moved.exit_code == 0, moved.output
    assert (f"warning: {label}: period.start: moved from 2026-01 to 2027-01 by --set, past "
            "the dated values of participants.referrals_per_month (2026-01 – 2026-03): the "
            "program starts at 2027-01 with the slots empty, not running as it would since "
            "2026-01; to keep it running since 2026-01, also --set "
            "period.simulate_from=2026-01\n") in moved.stderr
    kept = tmp_path / "kept.yaml"
    kept.write_text(f"base: {sixteen_i}\n"
                    "period: {start: 2027-01, months: 48, simulate_from: 2026-01}\n")
    same = compare([warm, kept], replications=2, jobs=1)
    assert period_warnings(same) == []
    assert (values_of(same.results[1], "entries") == values_of(same.results[0], "entries")).all()


def test_the_period_advice_keeps_a_later_start_before_its_dated_ramp_up(tmp_path):
    """An alternative from 2026-07 (a ramp of 70, 55 and 45 referrals, caritas's slots
    from 2026-07) against the 2026 file from 2026-01: the advice was a bare --set
    period.start=2026-01, which ran its 70 referrals and 8 slots from 2026-01 (757
    people, not 272) and was refused under --strict. The advice now gives the file of its
    own with nothing before 2026-07; built from the printed line and followed, it runs
    under --strict, its months before 2026-07 cost nothing and it enters the same."""
    import yaml

    base = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
    late = tmp_path / "late.yaml"
    late.write_text(f"name: Late\nbase: {base}\nperiod: {{start: 2026-07, months: 24}}\n"
                    "participants:\n  referrals_per_month: {2026-07: 70, 2026-08: 55, "
                    "2026-09: 45, 2026-10: 0.3}\n"
                    "providers:\n  - {id: caritas, slots: {2026-07: 8, 2026-10: 16}}\n")
    args = ["compare", str(base), str(late), "-n", "2", "--jobs", "1"]
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    body = ("{period: {start: 2026-01, months: 24}, participants: {referrals_per_month: "
            "{2026-01: 0, 2026-07: 70, 2026-08: 55, 2026-09: 45, 2026-10: 0.3}}, providers: "
            "[{id: caritas, slots: {2026-01: 0, 2026-07: 8, 2026-10: 16}}, {id: cjd, slots: "
            "{2026-01: 0, 2026-07: 39}}, {id: diakonie, slots: {2026-01: 0, 2026-07: 21}}, "
            "{id: dobeq, slots: {2026-01: 0, 2026-07: 18}}, {id: frauenzentrum, slots: "
            "{2026-01: 0, 2026-07: 10}}, {id: gruenbau, slots: {2026-01: 0, 2026-07: 20}}, "
            "{id: prompt, slots: {2026-01: 0, 2026-07: 25}}, {id: stadtteilschule, slots: "
            "{2026-01: 0, 2026-07: 1}}, {id: werkhof, slots: {2026-01: 0, 2026-07: 3}}]}")
    line = ("to compare the same months, --set period.start=2026-01 --set period.months=24, "
            f"but first give “Late” {body} in a file of its own (base: ...), with no "
            "referrals and no slots before its own start: else dated values hold before "
            "their first date (“Late”: participants.referrals_per_month (2026-07) and "
            "providers.caritas.slots (2026-07)), from 2026-01 on, and the program runs "
            "months before it starts\n")
    assert line in first.stderr
    comparison = compare([base, late], replications=2, jobs=1)
    assert period_warnings(comparison, "de")[0].endswith(
        f", zuvor aber “Late” {body} in einer eigenen Datei (base: ...) geben, ohne "
        "Zuweisungen und Plätze vor seinem eigenen Start: sonst gelten datierte Werte schon "
        "vor ihrem ersten Datum (“Late”: participants.referrals_per_month (2026-07) und "
        "providers.caritas.slots (2026-07)), ab Januar 2026, und das Programm läuft Monate vor "
        "seinem Start")
    # followed as printed: the file of its own from the line, then the --sets
    printed = line.split("but first give “Late” ")[1].split(" in a file of its own")[0]
    kept = tmp_path / "kept.yaml"
    kept.write_text(yaml.safe_dump({"base": str(late), **yaml.safe_load(printed)}))
    sets = line.split("to compare the same months, ")[1].split(", but")[0].split()
    followed = CliRunner().invoke(main, ["compare", str(base), str(kept), "-n", "2", "--jobs",
                                         "1", *sets, "--strict", "--out", str(tmp_path / "b")])
    assert followed.exit_code == 0, followed.output
    assert "warning:" not in followed.stderr
    alone_kept, alone_late = compare([kept, late], replications=2, jobs=1).results
    assert alone_kept.mean(alone_kept.aggregate.flows)[:6].sum() == 0  # 2026-01 to 06
    assert abs(values_of(alone_kept, "entries").mean() - values_of(alone_late, "entries").mean()) < 10


def test_scenarios_counting_different_returns_are_warned(tmp_path):
    """The §16i file (no ``returns:``) against its PAT child (with them) showed a bold
    "Öffentliche Nettokosten Δ -8.818.521" that was only the returns the child counts:
    0 in BASE means "not counted". Now stderr, the page, the workbook and
    ``Comparison.warnings`` say which scenario counts which returns."""
    import openpyxl

    from finsim.api import Comparison as InPython

    counted = _file(tmp_path, "counted", "name: Counted\n"
                    "returns: {federal: 0.03, sozialversicherung: 0.2}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(counted), "-n", "2",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    english = ("the scenarios count returns to different budgets (Small test program: none; "
               "Counted: federal, sozialversicherung): where none are counted, 0 here means "
               "'not computed', not 'no returns'; so the Δ of the net costs (each budget's "
               "and net_public_cost) hold the difference of what is counted, not only of the "
               "scenarios; to compare like with like, give every file the same `returns:` "
               "block")
    assert f"warning: {english}" in " ".join(result.output.split())
    german = ("Die Szenarien zählen Rückflüsse (returns) an verschiedene Haushalte (Small "
              "test program: keine; Counted: federal, sozialversicherung): wo keine gezählt "
              "werden, heißt 0 hier ‚nicht gerechnet‘, nicht ‚keine Rückflüsse‘; ")
    assert "jeder Datei denselben Block `returns:` geben" in (out / "report.html").read_text(
        encoding="utf-8")
    assert german in (out / "report.html").read_text(encoding="utf-8")
    cells = [r[0] for r in openpyxl.load_workbook(out / "results.xlsx").worksheets[0]
             .iter_rows(values_only=True) if r and r[0]]
    assert any(c.startswith(f"Hinweis: {german}") for c in cells)
    comparison = compare([SMALL, counted], replications=2, jobs=1)
    assert InPython(comparison).warnings == [english]
    # the Δ of the net public cost is exactly the returns counted in one file only
    assert comparison.row("net_public_cost", "Counted")["delta_mean"] == pytest.approx(
        -comparison.row("returns", "Counted")["mean"], abs=0.01)


def test_scenarios_counting_benefits_avoided_for_different_budgets_are_warned(small_data):
    """Benefits avoided split by payer in BASE, not split in ALT, none in a third: each Δ
    of the net costs holds that difference, said with what each scenario counts."""
    from finsim.analysis.compare import counting_warnings

    unsplit_ = variant(small_data, name="Unsplit",
                       passive_benefits={"by_payer": None, "per_person_month": 762})
    none = variant(small_data, name="None", passive_benefits={"by_payer": None})
    comparison = compare_scenarios([variant(small_data), unsplit_, none],
                                   ["a.yaml", "b.yaml", "c.yaml"], 2, 3)
    said = counting_warnings(comparison, "de")
    assert len(said) == 1 and said[0].startswith(
        "Die Szenarien zählen vermiedene Leistungen (passive_benefits) für verschiedene "
        "Haushalte (Small test program: federal, city; Unsplit: nicht nach Zahler "
        "aufgeteilt; None: keine): wo keine gezählt werden, heißt 0 hier ‚nicht "
        "gerechnet‘, nicht ‚keine vermiedenen Leistungen‘; ")
    assert said[0].endswith("jeder Datei denselben Block `passive_benefits:` geben")
    assert counting_warnings(compare_scenarios([variant(small_data), variant(small_data)],
                                               ["a.yaml", "b.yaml"], 2, 3)) == []


def test_the_compare_pngs_speak_the_page_s_language(small_data, tmp_path, monkeypatch):
    """cost_by_funder.png and participants.png were drawn in English ("EUR million",
    "36.44") beside a German page; people copy them into a committee's slides."""
    import finsim.report.compare as report_compare

    drawn = {}
    monkeypatch.setattr(report_compare, "save",
                        lambda fig, path: drawn.__setitem__(path.name, fig))
    later = variant(small_data, name="Later", period={"start": "2013-07", "months": 24})
    comparison = compare_scenarios([variant(small_data), later], ["a.yaml", "b.yaml"], 2, 3)

    def texts(fig) -> str:
        return " ".join(t.get_text() for t in fig.findobj(
            lambda o: hasattr(o, "get_text") and o.get_text()))

    report_compare.cost_by_funder_chart(comparison, tmp_path / "cost_by_funder.png", "de")
    report_compare.participants_chart(comparison, tmp_path / "participants.png", "de")
    assert "Mio. EUR" in texts(drawn["cost_by_funder.png"])
    assert "EUR million" not in texts(drawn["cost_by_funder.png"])
    assert "Nach Programmmonat ausgerichtet" in texts(drawn["participants.png"])
    report_compare.participants_chart(comparison, tmp_path / "participants.png", "en")
    assert "Aligned by month of the program" in texts(drawn["participants.png"])


def test_the_compare_pngs_say_what_they_draw(small_data, tmp_path, monkeypatch):
    """cost_by_funder.png did not say its bars are means nor over which months (24 against
    60 per scenario); participants.png gave neither its unit nor what the band is. Away
    from the page (in slides) each now says so in its title, the bars their periods."""
    import finsim.report.compare as report_compare

    drawn = {}
    monkeypatch.setattr(report_compare, "save",
                        lambda fig, path: drawn.__setitem__(path.name, fig))
    later = variant(small_data, name="Later", period={"start": "2013-07", "months": 36})
    comparison = compare_scenarios([variant(small_data), later], ["a.yaml", "b.yaml"], 2, 3)
    report_compare.cost_by_funder_chart(comparison, tmp_path / "cost_by_funder.png", "de")
    report_compare.participants_chart(comparison, tmp_path / "participants.png", "en")
    bars, people = drawn["cost_by_funder.png"], drawn["participants.png"]
    assert bars.texts[0].get_text() == (
        "Kosten nach Geldgeber je Szenario: Mittelwert über 2 Replikationen, Summe über den "
        "Zeitraum des Szenarios (unter seinem Balken)")
    ticks = [t.get_text() for t in bars.axes[0].get_xticklabels()]
    assert ticks[1].endswith("Later\n2013-07 – 2016-06\n(36 Monate, Preise\n2013)"), ticks
    assert "(24 Monate, Preise" in ticks[0]
    assert people.texts[0].get_text() == (
        "Participants at each month's end (persons): line the mean, band the 5th–95th "
        "percentile over 2 replications\nAligned by month of the program: the scenarios "
        "start in different months")
    assert people.axes[0].get_ylabel() == "persons"


def test_a_re_forecast_s_booked_costs_are_said_beside_its_spells(tmp_path):
    """compare said a re-forecast's actual spells but not its booked costs, as run and
    size do: 6,000.00 + 1,234.56 = 7,234.56 EUR of its Ist came from the accounts, not
    the ledger, unsaid on the terminal, the page and the workbook."""
    import openpyxl

    from .test_actuals import SPELLS, files

    booked = ("month,provider,category,amount\n2027-01,cjd,wages,6000\n"
              "2027-03,cjd,qualification,1234.56\n")
    plain = files(tmp_path, SPELLS, booked)
    again = tmp_path / "again.yaml"
    again.write_text(f"base: {plain}\nname: Again\n"
                     "actuals: {spells: spells.csv, as_of: 2027-07, booked: booked.csv}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(plain), str(again), "-n", "2",
                                       "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    english = ("Booked costs (booked.csv): 2 cells (month, provider, category) in 2 months "
               "(2027-01, 2027-03), 7,234.56 EUR, replace the costs the ledger computes "
               "from the actual spells")
    text = " ".join(result.output.split())
    assert "(referrals_per_month: 0 then); " + english in text
    german = ("Gebuchte Kosten (booked.csv): 2 Zellen (Monat, Träger, Kostenart) in 2 "
              "Monaten (Januar 2027, März 2027), 7.234,56 EUR, ersetzen die aus den "
              "Ist-Verläufen berechneten Kosten")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count(german) == 1 and "Start mit leeren Plätzen (initial: 0)</td>" in page
    cells = [r[0] for r in openpyxl.load_workbook(out / "results.xlsx").worksheets[0]
             .iter_rows(values_only=True) if r and r[0]]
    assert any(c.startswith("Again: ") and c.endswith("; " + german) for c in cells)


def test_one_replication_marks_no_difference_as_standing_out(tmp_path):
    """-n 1 gave every Δ an interval of no width, so each read bold ("its interval excludes
    0") under "no warnings": now none is bold and a line says why."""
    more = tmp_path / "more.yaml"
    more.write_text(f"base: {SMALL}\nname: more slots\nproviders:\n"
                    "  - {id: alpha, slots: 60}\n", encoding="utf-8")
    one = CliRunner().invoke(main, ["compare", str(SMALL), str(more), "-n", "1", "-j", "1",
                                    "--out", str(tmp_path / "one")])
    assert one.exit_code == 0, one.output
    assert ("warning: one replication: each Δ is one draw's difference, its interval has no "
            "width, and none is marked as standing out; use -n 2 or more") in one.output
    page = (tmp_path / "one" / "report.html").read_text()
    assert "eine Replikation: jedes Δ ist die Differenz einer Ziehung" in page
    assert "<b>Δ" not in page
    five = CliRunner().invoke(main, ["compare", str(SMALL), str(more), "-n", "5", "-j", "1",
                                     "--out", str(tmp_path / "five")])
    assert "one replication" not in five.output
    assert "<b>Δ" in (tmp_path / "five" / "report.html").read_text()


def test_compare_warns_of_an_out_of_bounds_draw_before_the_work(tmp_path):
    """`compare` stopped at a draw out of bounds with only the refusal, after the work
    had started (only run and validate warned): the warning is now given before the
    work, named by the scenario's label, once (not again after a finished run).
    normal(0.05, 0.02) below 0:
    Phi(-2.5) = 0.62 %, 0.2 of 30 replications, 1 - 0.99379^30 = 17 %."""
    from .test_uncertainty_bounds import TAIL

    scenario = tmp_path / "s.yaml"
    scenario.write_text(TAIL, encoding="utf-8")
    line = ("warning: normal tail [s] #1: uncertainty: employment.hazards.dropout: normal(mean "
            "0.05, sd 0.02) draws below 0 (refused there: expected at least 0) with "
            "probability 0.6%: expected in 0.2 of the run's 30 replications, a chance of 17% "
            "that the run stops")
    out = tmp_path / "o"
    done = CliRunner().invoke(main, ["compare", str(scenario), str(scenario), "-n", "30",
                                     "--jobs", "1", "--out", str(out)])
    warned = [w for w in done.stderr.splitlines() if "employment.hazards.dropout" in w]
    assert warned[0].startswith(line) and len(warned) == 2  # each scenario's, before
    assert done.stderr.index(warned[1]) < done.stderr.index("finsim: compare")
    assert done.exit_code == 0 and out.exists()


SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def _variant_of(base: Path, folder: Path, name: str, text: str) -> Path:
    """A variant file in ``folder`` over ``base`` (``base:``), as a planner writes one."""
    path = folder / f"{name}.yaml"
    path.write_text(f"base: {base.resolve()}\nname: {name}\n{text}")
    return path


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_a_set_over_an_alternative_s_own_change_is_said(tmp_path):
    """--set applies to every compared scenario: over the value an alternative changes,
    it ran as BASE did, every Δ 0 under its name, without a word. Now one line per
    alternative and --set that erases its difference to BASE, on stderr, the page, the
    workbook and Comparison.warnings; none for a --set where no one differs from BASE,
    nor for an alternative that does not change that value."""
    v3 = _variant_of(SEED, tmp_path, "v3-coach", "costs: {staff: {participants_per_coach: 8}}\n")
    v4 = _variant_of(SEED, tmp_path, "v4-cjd", "providers: [{id: cjd, slots: 59}]\n")
    v5 = _variant_of(SEED, tmp_path, "v5-esf", "costs: {material: {per_slot_month: 40}}\n")
    sets = ["costs.staff.participants_per_coach=10", "providers.cjd.slots=45",
            "providers.diakonie.slots=30"]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", str(SEED), str(v3), str(v4), str(v5),
                                       "-n", "2", "--lang", "en", "--out", str(out),
                                       *(a for s in sets for a in ("--set", s))])
    assert result.exit_code == 0, result.output
    lines = [
        "v3-coach.yaml: --set costs.staff.participants_per_coach=10 replaces its own 8 "
        "(BASE has 11.5): this difference between the scenarios is gone",
        "v4-cjd.yaml: --set providers.cjd.slots=45 replaces its own 59 (BASE has 39): this "
        "difference between the scenarios is gone"]
    assert _warnings(result.stderr) == [f"warning: {line}" for line in lines]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert all(f"<p class='warn'>{line}</p>" in page for line in lines)
    cells = [r[0] for r in openpyxl.load_workbook(out / "results.xlsx").worksheets[0]
             .iter_rows(values_only=True) if r and r[0]]
    assert [c for c in cells if "replaces its own" in c] == [f"Warning: {line}" for line in lines]
    from finsim import compare as in_python

    said = in_python(SEED, v3, overrides={"costs.staff.participants_per_coach": 10},
                     replications=2, jobs=1).warnings
    assert said == ["v3-coach.yaml: the override {'costs.staff.participants_per_coach': 10} "
                    "replaces its own 8 (BASE has 11.5): this difference between the "
                    "scenarios is gone"]


def test_a_set_over_an_alternative_s_own_change_in_german(tmp_path):
    """The page and the workbook in German say it in German; the values as written."""
    v3 = _variant_of(SEED, tmp_path, "v3-coach", "costs: {staff: {participants_per_coach: 8}}\n")
    comparison = compare([SEED, v3], ["costs.staff.participants_per_coach=10"],
                         replications=1, jobs=1)
    from finsim.analysis.compare import replaced_warnings

    assert replaced_warnings(comparison, "de") == [
        "v3-coach.yaml: --set costs.staff.participants_per_coach=10 ersetzt seinen eigenen "
        "Wert 8 (BASE hat 11.5): dieser Unterschied zwischen den Szenarien entfällt"]


def test_an_alternative_s_own_simulation_block_is_said(tmp_path):
    """compare runs every scenario with BASE's replications and seed: an alternative's
    own simulation block was ignored without a word, and its numbers differed from
    `finsim run` of it. Now a line names what it asked for and what ran, only where they
    differ and came from BASE (-n and --seed apply to its run too): on stderr and the
    page (German there); --help says whose block -n and --seed default to."""
    base = _variant_of(SEED, tmp_path, "base", "simulation: {replications: 3, seed: 4711}\n")
    v7 = _variant_of(base, tmp_path, "v7-seed", "simulation: {replications: 2, seed: 99}\n")
    v8 = _variant_of(base, tmp_path, "v8-reps", "simulation: {replications: 4}\n")
    same = _variant_of(base, tmp_path, "v9-same", "providers: [{id: cjd, slots: 45}]\n")
    files = [str(p) for p in (base, v7, v8, same)]

    def said(*options: str) -> list[str]:
        result = CliRunner().invoke(main, ["compare", *files, "--out", str(tmp_path / "out"),
                                           "--force", *options])
        assert result.exit_code == 0, result.output
        return _warnings(result.stderr)

    assert said() == [
        "warning: v7-seed.yaml: its simulation block (2 replications, seed 99) is not used: "
        "compare runs every scenario with BASE's 3 replications and seed 4711, so that they "
        "share random numbers; -n/--seed set both",
        "warning: v8-reps.yaml: its simulation block (4 replications) is not used: compare "
        "runs every scenario with BASE's 3 replications, so that they share random numbers; "
        "-n/--seed set both"]
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert ("<p class='warn'>v7-seed.yaml: sein Block simulation (2 Replikationen, Startwert "
            "99) wird nicht verwendet: compare rechnet jedes Szenario mit den 3 Replikationen "
            "und dem Startwert 4711 von BASE, damit sie dieselben Zufallszahlen teilen; "
            "-n/--seed setzen beides</p>") in page
    assert said("-n", "2") == [
        "warning: v7-seed.yaml: its simulation block (seed 99) is not used: compare runs "
        "every scenario with BASE's seed 4711, so that they share random numbers; "
        "-n/--seed set both"]
    assert said("-n", "2", "--seed", "5") == []
    refused = CliRunner().invoke(main, ["compare", *files, "--out", str(tmp_path / "s"),
                                        "--strict"])
    assert refused.exit_code == 2  # each alternative's block: its own file first
    assert [line.split(": ")[0] for line in refused.stderr.splitlines()[1:]] == [
        str(v7), str(v8)]
    text = " ".join(CliRunner().invoke(main, ["compare", "--help"]).output.split())
    assert "Replications (default: BASE's simulation.replications, for every scenario)" in text
    assert "Seed (default: BASE's simulation.seed, for every scenario)" in text


def test_strict_refuses_compare_s_warnings_and_writes_nothing(tmp_path):
    """``compare --strict`` was "No such option" though the README promised it: now each
    warning (an override over an alternative's own value, an alternative's low occupancy)
    is a line of exit 2, after the work and before anything is written, after the file of
    the scenario it belongs to (an alternative's low occupancy, and the override over its
    value, named BASE's file); without it the same lines are warnings and the folder is
    written."""
    alt = _file(tmp_path, "alt", "name: Alt\nproviders: [{id: alpha, slots: 300}]\n"
                "costs: {staff: {participants_per_coach: 8}}\n")
    args = ["compare", str(SMALL), str(alt), "-n", "2", "-j", "1",
            "--set", "costs.staff.participants_per_coach=10"]
    lines = ["alt.yaml: --set costs.staff.participants_per_coach=10 replaces its own 8 (BASE "
             "has 12): this difference between the scenarios is gone",
             "Alt: occupancy in 2 years is under 50% of the slots (participants at month "
             "end, mean; each year with its occupancy, then participants of slots): 2013 21% "
             "(65.8 of 310); 2014 32% (101.5 of 320): too few referrals for the slots? A "
             "program that keeps going: referrals_per_month: on_demand, initial: full "
             "(docs/running-programs.md)"]
    said = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "said")])
    assert said.exit_code == 0 and (tmp_path / "said" / "comparison.csv").exists()
    assert [f"warning: {line}" for line in lines] == _warnings(said.stderr)[:2]
    refused = CliRunner().invoke(main, [*args, "--strict", "--out", str(tmp_path / "s")])
    assert refused.exit_code == 2 and not (tmp_path / "s").exists()
    # the override is over alt.yaml's value, the low occupancy Alt's: alt.yaml's file,
    # not BASE's, before each
    assert [f"{alt}: --strict: {lines[0]}", f"{alt}: --strict: {lines[1]}"] == \
        refused.stderr.splitlines()[1:3]
    one = CliRunner().invoke(main, ["compare", str(SMALL), str(SMALL), "-n", "1", "-j", "1",
                                    "--strict", "--out", str(tmp_path / "one")])
    assert one.exit_code == 2 and not (tmp_path / "one").exists()
    assert one.stderr.splitlines()[-1] == (
        f"{SMALL}: --strict: one replication: each Δ is one draw's difference, its interval "
        "has no width, and none is marked as standing out; use -n 2 or more")


def test_compare_json_keeps_the_warnings_the_terminal_prints(tmp_path):
    """compare.json recorded no warning at all (run.json keeps its run's): an archived
    comparison gave no hint that its Δs mix 36- and 24-month periods. It now holds the
    lines the terminal prints, in its order: each scenario's said before the work after
    its label, the comparison's own (a --set over an alternative's value, the periods),
    then each scenario's after its label."""
    import json

    alt = _file(tmp_path, "alt", "name: Alt\nperiod: {start: 2013-01, months: 36}\n"
                "providers: [{id: alpha, slots: 300}]\n"
                "costs: {staff: {participants_per_coach: 8}}\nuncertainty:\n"
                "  providers.beta.slots: {dist: pert, low: 8, mode: 10, high: 12}\n")
    args = [str(SMALL), str(alt), "-n", "2", "-j", "1",
            "--set", "costs.staff.participants_per_coach=10"]
    said = CliRunner().invoke(main, ["compare", *args, "--out", str(tmp_path / "said")])
    assert said.exit_code == 0, said.output
    printed = [line.removeprefix("warning: ") for line in _warnings(said.stderr)]
    recorded = json.loads((tmp_path / "said" / "compare.json").read_text())["warnings"]
    assert recorded == printed
    quiet = _cli(*args, "--out", str(tmp_path / "quiet"))  # prints none, records them
    assert quiet.exit_code == 0 and not _warnings(quiet.stderr)
    assert json.loads((tmp_path / "quiet" / "compare.json").read_text())["warnings"] == printed
    assert recorded[:3] == [
        "Alt: uncertainty: providers.beta.slots: one drawn value replaces its dated values "
        "(10 from 2013-01, 20 from 2014-01) in every month of every replication, so its "
        "changes by date are lost; with `scale: true` the draw is a factor on each value "
        "and keeps the dates (e.g. low: 0.8, mode: 1, high: 1.2)",
        "alt.yaml: --set costs.staff.participants_per_coach=10 replaces its own 8 (BASE "
        "has 12): this difference between the scenarios is gone",
        "the scenarios cover different periods (Small test program: 2013-01 – 2014-12 (24 "
        "months, prices of 2013); Alt: 2013-01 – 2015-12 (36 months, prices of 2013)): "
        "cost, funding and counts add up over different months and years, so each Δ holds "
        "the difference of the periods, not only of the scenarios; to compare the same "
        "months, --set period.start=2013-01 --set period.months=24"]
    assert any(line.startswith("Alt: occupancy in 3 years is under 50% of the slots")
               for line in recorded[3:])


def test_terminal_and_page_write_a_count_s_bound_of_0_alike():
    """A Δ of entries 0, 0 and 0.9 has its 5th percentile at 0: the terminal wrote
    "[0, +0.8]" beside "[156.0, 177.0]" while the page wrote "[0,0 – +0,8]". A count's
    bound reads with its decimal in both, 0 as 0.0; the same Δ in every replication
    still reads "Δ 0"."""
    from finsim.analysis.compare import comparison_table
    from finsim.report import compare as terminal
    from finsim.report import html_compare as page
    from finsim.report.amounts import count

    base = _stub({"entries": [169.0, 169.0, 169.0], "exits_dropout": [3.0, 4.0, 5.0]})
    alt = _stub({"entries": [169.0, 169.0, 169.9], "exits_dropout": [3.0, 4.0, 5.0]})
    comparison = Comparison([base, alt], ["BASE", "ALT"],
                            comparison_table([base, alt], ["BASE", "ALT"]))
    row = comparison.row("entries", "ALT")
    assert terminal._cell(comparison, row, count, False) == \
        "169.3\nΔ +0.3\n[dim][0.0, +0.8][/dim]"
    assert page._cell(comparison, row, "en", False) == \
        "169.3<br>Δ +0.3<br><small>[0.0 – +0.8]</small>"
    assert terminal._cell(comparison, comparison.row("exits_dropout", "ALT"), count,
                          False) == "4.0\n[dim]Δ 0[/dim]"
