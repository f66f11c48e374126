"""Numbers in CSV files as people write them (issue 19.5): money with exactly two
decimals from whole cents, counts and shares with at most six (``units.DECIMALS``)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from finsim.cli import main
from finsim.report.amounts import half_up
from finsim.report.files import write_csv
from finsim.report.numbers import formatted, kind, rounded
from finsim.report.terminal import ratio_of_means

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
MONEY = re.compile(r"-?\d+\.\d\d")


def test_float_noise_of_a_mean_is_written_as_cents_and_counts_with_six_decimals():
    """Six decimals of a count and a share: the probe's share_land_esf of 0.259467 was
    written 0.2595, which a reader takes for 26.0 % where the page says 25.9 %."""
    frame = pd.DataFrame({"metric": ["cost_total", "entries", "share_city", "cost_per_entry"],
                          "mean": [7508.058110000002, 73.12345678, 0.2594671234, np.nan],
                          "low": [0.001234567, 0.5, 0.5, 0.5]})
    out = formatted(frame)
    assert list(out["mean"]) == ["7508.06", "73.123457", "0.259467", ""]
    assert list(out["low"]) == [0.001234567, 0.5, 0.5, 0.5]  # a parameter: as computed
    german = formatted(frame, ",")
    assert list(german["mean"]) == ["7508,06", "73,123457", "0,259467", ""]


def test_names_say_the_kind():
    assert [kind(n) for n in ("cost_wages", "funding_gap", "net_cost_city", "amount",
                              "peak_prefinancing", "entries", "months_negative",
                              "share_land_esf", "occupancy_rate", "employment.hazards.x")] == [
        "money", "money", "money", "money", "money", "count", "count", "ratio", "ratio", None]


def test_a_drawn_return_rate_keeps_its_digits_and_returns_metrics_stay_money():
    """``returns.bund`` (a rate drawn under uncertainty) was rounded to cents as if it
    were the money metric ``returns``: 0.022109 was written 0.02."""
    assert [kind(n) for n in ("returns", "returns_bund", "returns.bund",
                              "returns.sozialversicherung")] == ["money", "money", None, None]
    frame = pd.DataFrame({"returns.bund": [0.022109], "returns": [1234.5678],
                          "returns_bund": [12.346]})
    out = formatted(frame)
    assert list(out.iloc[0]) == [0.022109, "1234.57", "12.35"]


def test_a_standard_error_is_in_the_unit_of_its_metric():
    """Sensitivity.noise()'s ``se`` of cost_total was left as computed (132866.184667)
    while ``se_base`` and every other money cell is at the cent."""
    frame = pd.DataFrame({"metric": ["cost_total", "entries"],
                          "se": [132866.184667, 1.23456789], "noise_share": [0.123456789, 0.5]})
    out = rounded(frame)
    assert list(out["se"]) == [132866.18, 1.234568]
    assert list(out["noise_share"]) == [0.123456789, 0.5]  # no metric's unit: as computed


def test_credit_csv_money_has_two_decimals_in_both_locales(tmp_path):
    """credit.csv's credit_line was written as computed (277571.6, German 277571,6):
    its name now says money, as peak_prefinancing_mean's does."""
    from finsim.report.cashflow import CREDIT_COLUMNS

    assert [kind(c) for c in CREDIT_COLUMNS] == [None, "money", None, "money", None]
    frame = pd.DataFrame({"provider": ["cjd", "all"], "peak_prefinancing_mean": [158809.8, 1.0],
                          "quantile_level": [0.9, 0.9], "credit_line": [277571.6, 2.0],
                          "months_negative_mean": [3.5, 4.0]})
    write_csv(frame, tmp_path / "credit.csv")
    rows = list(csv.DictReader((tmp_path / "credit.csv").open()))
    assert [(r["peak_prefinancing_mean"], r["credit_line"]) for r in rows] == [
        ("158809.80", "277571.60"), ("1.00", "2.00")]
    write_csv(frame, tmp_path / "de.csv", "de")
    rows = list(csv.DictReader((tmp_path / "de.csv").open(encoding="utf-8-sig"),
                               delimiter=";"))
    assert [r["credit_line"] for r in rows] == ["277571,60", "2,00"]


def test_negative_money_is_a_number_not_a_neutralised_formula_and_minus_zero_is_zero(tmp_path):
    frame = pd.DataFrame({"budget": ["city", "city"], "net": [-440098.95386059664, -0.001]})
    write_csv(frame, tmp_path / "a.csv")
    rows = list(csv.DictReader((tmp_path / "a.csv").open()))
    assert [r["net"] for r in rows] == ["-440098.95", "0.00"]
    write_csv(frame, tmp_path / "de.csv", "de")  # zero with the German decimal comma too
    rows = list(csv.DictReader((tmp_path / "de.csv").open(encoding="utf-8-sig"),
                               delimiter=";"))
    assert [r["net"] for r in rows] == ["-440098,95", "0,00"]


def test_rounded_keeps_each_column_type_and_its_missing_values():
    """float32, nullable Float64 with NA and int columns, by the row's metric and by the
    column's name: the same decimals as float64, set back into the column's own type."""
    metric = ["cost_total", "entries", "share_x", "other"]
    values = [1.23456, 7.12345678, 0.12345678, 9.87654321]
    frame = pd.DataFrame({
        "metric": metric,
        "mean": np.array(values, dtype=np.float32),
        "p05": pd.array([1.23456, None, 0.12345678, None], dtype="Float64"),
        "p95": [1, 2, 3, 4],
        "amount": pd.array([1.006, None, 3.14159, 5.0], dtype="Float64"),
        "inflow": np.array([1.006, 2.0049, 3.14159, 5.0], dtype=np.float32),
    })
    out = rounded(frame)
    assert list(out.dtypes) == list(frame.dtypes)
    assert out["mean"].tolist() == np.array([1.23, 7.123457, 0.123457, 9.87654321],
                                            dtype=np.float32).tolist()
    assert out["p05"].isna().tolist() == [False, True, False, True]
    assert out["p05"].dropna().tolist() == [1.23, 0.123457]
    assert out["p95"].tolist() == [1, 2, 3, 4]  # int: whole already
    assert out["amount"].isna().tolist() == [False, True, False, False]
    assert out["amount"].dropna().tolist() == [1.01, 3.14, 5.0]
    assert out["inflow"].tolist() == np.array([1.01, 2.0, 3.14, 5.0],
                                              dtype=np.float32).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["cost_total", "entries", "share_x", "other"]),
                          st.one_of(st.none(), st.floats(-1e12, 1e12))),
                min_size=1, max_size=20))
def test_rounded_float32_and_nullable_are_float64_rounded_then_cast(rows):
    """Whatever the values: a nullable column is the float64 column's rounding with its
    missing values kept; a float32 column is the rounding of its float64 values, cast."""
    metric = [m for m, _ in rows]
    wide = np.array([np.nan if v is None else v for _, v in rows], dtype=np.float64)
    want = rounded(pd.DataFrame({"metric": metric, "mean": wide}))["mean"]
    nullable = rounded(pd.DataFrame({"metric": metric, "mean": pd.array(
        [v for _, v in rows], dtype="Float64")}))["mean"]
    assert str(nullable.dtype) == "Float64"
    assert nullable.isna().tolist() == np.isnan(wide).tolist()
    assert nullable.to_numpy(dtype=np.float64, na_value=np.nan).tobytes() == \
        want.to_numpy().tobytes()
    narrow = wide.astype(np.float32)
    got = rounded(pd.DataFrame({"metric": metric, "mean": narrow}))["mean"]
    again = rounded(pd.DataFrame({"metric": metric, "mean": narrow.astype(np.float64)}))
    assert got.dtype == np.float32
    assert got.to_numpy().tobytes() == again["mean"].to_numpy().astype(np.float32).tobytes()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-10**11, 10**11), min_size=1, max_size=40))
def test_a_mean_of_cent_amounts_is_written_as_the_mean_in_whole_cents(amounts):
    """Replications' amounts are whole cents; the written mean is their mean in cents,
    rounded to a whole cent (half to even), never with float noise."""
    euros = np.array(amounts) / 100.0
    written = formatted(pd.DataFrame({"amount": [euros.mean()]}))["amount"][0]
    assert MONEY.fullmatch(written)
    exact = sum(amounts) / len(amounts)  # cents; within a float's precision of the mean
    assert abs(round(float(written) * 100) - exact) <= 0.5 + 1e-6 * max(1.0, abs(exact))


def test_every_money_cell_of_a_run_has_two_decimals_in_both_locales(tmp_path):
    for locale, sep, mark in (("en", ",", "."), ("de", ";", ",")):
        out = tmp_path / locale
        done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "7", "--jobs", "1",
                                         "--out", str(out), "--csv-locale", locale])
        assert done.exit_code == 0, done.output
        money = re.compile(rf"-?\d+\{mark}\d\d")
        summary = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8-sig"),
                                    delimiter=sep))
        cost = next(r for r in summary if r["metric"] == "cost_total")
        assert all(money.fullmatch(cost[c]) for c in ("mean", "std", "p05", "p50", "p95"))
        entries = next(r for r in summary if r["metric"] == "entries")
        assert len(entries["mean"].partition(mark)[2]) <= 6
        ledger = list(csv.DictReader((out / "ledger.csv").open(encoding="utf-8-sig"),
                                    delimiter=sep))
        assert all(money.fullmatch(r["amount"]) for r in ledger)
        reps = list(csv.DictReader((out / "replications.csv").open(encoding="utf-8-sig"),
                                    delimiter=sep))
        assert all(money.fullmatch(r["funding_gap"]) for r in reps)
        assert all(len(r["occupancy_rate"].partition(mark)[2]) <= 6 for r in reps)


def test_ratio_of_means_is_total_over_count_of_the_means():
    means = {"cost_total": 1_000_000.0, "exits_placement": 4.0, "entries": 0.0}
    assert ratio_of_means(means, "cost_per_placement") == 250_000.0
    assert np.isnan(ratio_of_means(means, "cost_per_entry"))


def test_run_summary_shows_ratio_of_means_next_to_mean_of_ratios(tmp_path):
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "9", "--jobs", "1",
                                     "--out", str(tmp_path / "r")])
    assert done.exit_code == 0, done.output
    # worked out from summary.csv, as a reader does: its means of the count and of the
    # total give the terminal's figure to the euro (the count had three decimals,
    # 10.667 for 10.6667, which moved a ratio of 229,852 by about 8 euros)
    summary = pd.read_csv(tmp_path / "r" / "summary.csv").set_index("metric")["mean"]
    expected = summary["cost_total"] / summary["exits_placement"]
    line = next(x for x in done.output.splitlines() if "total / placements" in x)
    shown = line.split("│")[2].strip()
    assert shown == f"{half_up(expected, 0):,}"  # printed in whole euros
    assert "mean over replications" in done.output


def test_coverage_shares_are_cut_not_rounded_as_the_readme_says():
    """README's "Numbers shown" said every figure is rounded half up, and only
    docs/workbooks.md named the exception: a share of replications a plan covers is cut
    to 0.1 %, so one just under the confidence never reads as reaching it."""
    from finsim.report.plan import covered_text

    assert covered_text(29 / 30) == "96.6%" and covered_text(29 / 30, "de") == "96,6 %"
    assert covered_text(0.8996) == "89.9%"
    readme = " ".join((SMALL.parents[2] / "README.md").read_text().split())
    assert ("One exception to half up: a share of replications that a plan covers "
            "(`size`'s row `replications whose cost all rows cover` and each public "
            "funder's coverage of its period total, on the terminal, the page and in "
            "`plan.xlsx`) is cut to 0.1 %, never rounded up, so 29 of 30 replications "
            "(96.67 %) read 96.6 %: a share just under `--confidence` must not read as "
            "reaching it (89.96 % reads 89.9 %, not 90.0 %).") in readme


def test_figures_shown_round_half_up_as_the_docs_say():
    """The terminal and the pages rounded a half to even, from the float: the seed's
    dropouts mean 3390 / 200 = 16.95 (summary.csv's figure, the float 16.9499...) read
    16.9 and a 95 % percentile of 753,442.50 read 753,442; the PAT file's 36.25 and
    224.95 read 36.2 and 224.9. README ("Numbers shown") says half up, away from zero."""
    from finsim.report.amounts import count, money, number, percent, short_money
    from finsim.report.html import figure

    assert count(3390 / 200) == "17.0" and count(36.25) == "36.3" and count(224.95) == "225.0"
    assert money(753_442.5) == "753,443" and money(-2.5) == "-3" and money(0.49) == "0"
    assert number(753_442.5, "de") == "753.443" and number(16.95, "de", 1) == "17,0"
    assert number(-0.04, "en", 1) == "0.0"  # a residue below zero is no "-0.0"
    assert percent(0.12345) == "12.3 %" and percent(0.00125, "de") == "0,1 %"
    assert percent(0.0125) == "1.3 %"  # 1.25 %: the half up
    assert short_money(1_234_565.0) == "1.23 M" and short_money(1_235_000.0) == "1.24 M"
    assert short_money(-15_500.0, sign=True) == "-16 k" and count(0.25, True) == "+0.3"
    assert figure(3390 / 200, "exits_dropout", "de") == "17,0"  # the page's Abbrüche
    assert figure(753_442.5, "cost_qualification", "en") == "753,443"
    assert money(float("inf")) == "inf"


def test_a_count_reads_with_its_decimal_and_a_difference_with_its_sign():
    """compare's terminal wrote a count's bound of 0 as "0" beside "+24.0" and "156.0";
    ``count`` writes every count to one decimal, 0 as "0.0" (never "-0.0"), and a
    difference with a + only above 0, as the pages' ``figure`` does."""
    from finsim.report.amounts import count
    from finsim.report.html import figure

    assert [count(v, True) for v in (0.0, -0.04, 24.0, -3.25)] == \
        ["0.0", "0.0", "+24.0", "-3.3"]
    assert count(1234.56) == "1,234.6" and count(float("nan"), True) == "–"
    assert [figure(v, "entries", "en", True) for v in (0.0, -0.04, 24.0)] == \
        ["0.0", "0.0", "+24.0"]
