"""The report pages of compare, sensitivity, size and calibrate (issue 19.1, 19.4, 20.3):
self-contained, their figures are those of the command's own CSV files, charts only
for what moves, one colour per funder, compare aligned by program month when the
starts differ. (The browser check of the same pages: test_report_browser.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.analysis.compare import compare_scenarios
from finsim.cli import main
from finsim.report.html import number
from finsim.report.html_compare import alignment_note, cost_by_funder_figure, funder_parts
from finsim.report.palette import GAP, OKABE_ITO
from finsim.scenario import load_scenario

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"


def _text(page: str) -> str:
    """The page's visible text outside the charts."""
    page = re.sub(r"<svg.*?</svg>|<style>.*?</style>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&amp;", "&")


def _read(report_pages, command: str) -> tuple[Path, str]:
    page = report_pages[command]
    return page.parent, page.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["compare", "oat", "sobol", "size", "calibrate"])
def test_every_page_needs_nothing_from_the_network(report_pages, command):
    _, page = _read(report_pages, command)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|@import", page, flags=re.I)
    assert not re.search(r"url\((?!#)|(src|href)\s*=\s*[\"'](?!#)", page, flags=re.I)
    assert page.count("<svg") == page.count("</svg>") >= 1


def test_every_page_is_in_its_folders_manifest(report_pages):
    for command in ("compare", "oat", "size"):
        folder, _ = _read(report_pages, command)
        assert "report.html" in json.loads((folder / ".finsim-manifest.json").read_text())[
            "files"]


def test_compare_shows_the_paired_differences_of_comparison_csv(report_pages):
    folder, page = _read(report_pages, "compare")
    table = pd.read_csv(folder / "comparison.csv")
    text = _text(page)
    assert "Szenarienvergleich: Small test program" in text
    for metric, label in (("cost_total", "Gesamtkosten (EUR)"),
                          ("funding_jobcenter", "Finanzierung: Jobcenter (EUR)")):
        base = table[(table.metric == metric) & (table.scenario == "Small test program")].iloc[0]
        alt = table[(table.metric == metric) & (table.scenario == "Small, later")].iloc[0]
        lo, hi, delta = (number(alt[c], "de") for c in ("delta_p05", "delta_p95", "delta_mean"))
        sign = lambda v, s: ("+" if v > 0 else "") + s  # noqa: E731
        assert (f"{label} {number(base['mean'], 'de')} [{number(base['p05'], 'de')} – "
                f"{number(base['p95'], 'de')}] {number(alt['mean'], 'de')} "
                f"Δ {sign(alt['delta_mean'], delta)} [{sign(alt['delta_p05'], lo)} – "
                f"{sign(alt['delta_p95'], hi)}]") in text
    # the periods differ (2013-01, 2014-07): flows by month of the program, and it says so
    assert ("Die Szenarien beginnen in verschiedenen Monaten (Small test program Januar 2013, "
            "Small, later Juli 2014)") in text
    assert "Verläufe je Programmmonat" in text and page.count("<svg") == 2
    # each scenario's money by year: the later one runs 2014-07 .. 2016-12
    assert text.count("Jahr Jobcenter") == 2 and "2016 " in text


def test_compare_of_scenarios_with_one_start_goes_by_calendar_month():
    scn = load_scenario(SMALL)
    comparison = compare_scenarios([scn, scn], [SMALL, SMALL], 4, 1, True, 1)
    assert alignment_note(comparison, "en") == ""
    later = load_scenario(SMALL, ('period.start="2015-01"',))
    shifted = compare_scenarios([scn, later], [SMALL, SMALL], 4, 1, True, 1)
    assert "aligned by month of the program" in alignment_note(shifted, "en")


def test_a_warm_up_is_drawn_from_its_program_s_month_not_from_month_1():
    """A program running since 2013-01 reported from 2013-07 (a warm-up) was drawn from
    "month of the program" 1 = 2013-07, beside a file whose month 1 is 2013-01: six
    months apart. Now its reported months are its program's months 7 to 24, the note
    and caption say so."""
    from finsim.report.html_compare import flows_caption, flows_figure

    scn = load_scenario(SMALL)
    warm = load_scenario(SMALL, ('period.start="2013-07"', "period.months=18",
                                 'period.simulate_from="2013-01"'))
    comparison = compare_scenarios([scn, warm], [SMALL, SMALL], 2, 1, True, 1)
    ax = flows_figure(comparison, "en", ("participants",)).axes[0]
    base, later = (line.get_xdata().tolist() for line in ax.lines)
    assert base == list(range(1, 25)) and later == list(range(7, 25))
    assert ax.get_xlabel() == "month of the program"
    assert alignment_note(comparison, "en") == (
        "The scenarios start in different months (Small test program [small] #1 2013-01, "
        "Small test program [small] #2 2013-07, program since 2013-01): the flows are aligned by month of the "
        "program (month 1 is each program's first month, a warm-up's simulate_from), not "
        "by calendar month.")
    assert "over the months of the program 1 to 24:" in flows_caption(comparison, "en")


def test_each_funder_has_its_palette_colour_in_the_compare_chart():
    """One colour per funder in every chart: the funders in scenario order, the gap red."""
    scn = load_scenario(SMALL)
    comparison = compare_scenarios([scn, scn], [SMALL, SMALL], 4, 1, True, 1)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = cost_by_funder_figure(comparison, "en")
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    colour = {c.get_label(): c.patches[0].get_facecolor() for c in ax.containers}
    from matplotlib.colors import to_rgba

    names = [name for _, name, _ in funder_parts(comparison, "en")]  # the employers marked
    assert names == ["Jobcenter", "Land / ESF", "Employers (not public)"]
    for k, name in enumerate(names):
        assert colour[name] == to_rgba(OKABE_ITO[k])
    assert "Funding gap" not in colour  # 0 in both: no bar, no legend entry
    gap = load_scenario(SMALL, ('funding.employers.covers={"wages": 0.1}',))  # a gap
    with_gap = compare_scenarios([scn, gap], [SMALL, SMALL], 4, 1, True, 1)
    ax = cost_by_funder_figure(with_gap, "en").axes[0]
    colour = {c.get_label(): c.patches[0].get_facecolor() for c in ax.containers}
    assert colour["Funding gap"] == to_rgba(GAP)
    # the legend sits right of the axes, outside the bars
    box = ax.get_legend().get_window_extent(renderer)
    assert box.x0 >= ax.get_window_extent(renderer).x1


def test_sensitivity_says_why_a_constant_metric_has_no_chart(report_pages):
    folder, page = _read(report_pages, "oat")
    text = _text(page)
    info = json.loads((folder / "sensitivity.json").read_text())
    base = {row["metric"]: row["mean"] for row in info["base"]}
    assert "Finanzierungslücke Basiswert: 0 EUR Keine der Annahmen bewegt diese Kennzahl: " \
           "sie ist in jedem Punkt 0 EUR. Daher keine Grafik." in text
    # one tornado (cost_total) and the base run's two charts; funding_gap has none
    assert page.count("<svg") == 3 and "Finanzierungslücke (oat)" not in page
    assert "Gesamtkosten (oat)" in page
    # the base run is the analysis's base point: the same seeds, the same mean
    assert f"Gesamtkosten Basiswert: {number(base['cost_total'], 'de')} EUR " in text
    # the money columns say their unit, as the base run's tables do
    assert ("Annahme am unteren Wert (EUR) am oberen Wert (EUR) Ausschlag (oberer − "
            "unterer Wert, EUR) ± Standardfehler (EUR) Elastizität") in text
    assert f"Gesamtkosten (EUR) {number(base['cost_total'], 'de')} " in text
    table = pd.read_csv(folder / "sensitivity.csv")
    row = table[table.metric == "cost_total"].iloc[0]
    assert (f"material.per_slot_month 40–60 EUR/Monat {number(row['metric_low'], 'de')} "
            f"{number(row['metric_high'], 'de')} {number(row['swing'], 'de')}") in text


def test_sobol_page_lists_the_indices_of_sensitivity_csv(report_pages):
    folder, page = _read(report_pages, "sobol")
    text = _text(page)
    table = pd.read_csv(folder / "sensitivity.csv")
    for _, row in table.iterrows():
        label = {"costs.material.per_slot_month": "material.per_slot_month 40–60 EUR/month",
                 "employment.hazards.placement": "hazards.placement 0.005–0.02 /month"}[
            row["parameter"]]
        cells = " ".join(number(row[c], "en", 3) for c in ("S1", "S1_conf", "ST", "ST_conf"))
        assert f"{label} {cells}" in text
    assert not re.search(r"\d e[+-]?\d|\de-\d", text)  # no scientific notation


def test_size_page_requests_what_plan_csv_plans(report_pages):
    folder, page = _read(report_pages, "size")
    plan = pd.read_csv(folder / "plan.csv")
    credit = pd.read_csv(folder / "credit.csv")
    text = _text(page)
    asked = plan[~plan.funder.isin(["gap", "employers"])]  # employers: own, not public
    per_year = asked.groupby("year")["amount"].sum()
    lift = plan[plan.category == "contingency"].groupby("funder")["amount"].sum()
    expected = plan[plan.category != "contingency"].groupby("funder")["amount"].sum()
    assert ("Summe: Antrag " + " ".join(number(v, "de") for v in
                                        [*per_year, per_year.sum()])) in text
    assert (f"Jobcenter: erwartet (Mittelwert) "
            f"{number(plan[(plan.funder == 'jobcenter') & (plan.category != 'contingency') & (plan.year == 2013)].amount.sum(), 'de')}"  # noqa: E501
            ) in text
    assert f"{number(expected['jobcenter'] + lift['jobcenter'], 'de')}" in text
    assert "Risikozuschlag (bis zum 90-%-Quantil)" in text
    own = plan[plan.funder == "employers"].amount.sum()
    assert "Employers: Eigenanteil (nicht öffentliche Mittel, kein Antrag) " in text
    assert number(own, "de") in text
    assert "Gesamtausgaben: 90-%-Quantil (der Summe selbst)" in text
    # the coverage row counts the sum of all shares (own money and gap too): it is shown
    # under the requests' sum, above the cost quantile and the coverage row
    every = plan.groupby("year")["amount"].sum()
    shares = ("Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag "
              + " ".join(number(v, "de") for v in [*every, every.sum()]))
    assert shares in text
    assert text.index("Summe: Antrag ") < text.index(shares) \
        < text.index("Gesamtausgaben: 90-%-Quantil") \
        < text.index("Anteil der Replikationen, in denen die Summe aller "
                     "Finanzierungsanteile die Jahresausgaben deckt")
    assert f"alle Träger zusammen {number(credit.iloc[-1]['peak_prefinancing_mean'], 'de')} " \
           f"{number(credit.iloc[-1]['credit_line'], 'de')}" in text
    assert "Kassenstand des Programms" in text and page.count("<svg") == 3


def test_calibrate_page_shows_the_fit_of_the_tenure_table(report_pages):
    folder, page = _read(report_pages, "calibrate")
    table = pd.read_csv(folder / "overlay-tenure.csv")
    text = _text(page)
    for _, row in table.iterrows():
        reason = {"placement": "Vermittlung", "dropout": "Abbruch"}[row["reason"]]
        low, high = (number(row[f"band_{end}_months"], "de", 0) for end in ("from", "to"))
        assert (f"{reason} {low} – {high} {number(row['exposure_months'], 'de', 1)} "
                f"{row['observed']} {number(row['expected'], 'de', 1)}") in text
    for reason, p in table.groupby("reason")["constant_hazard_test_p"].first().items():
        name = {"placement": "Vermittlung", "dropout": "Abbruch"}[reason]
        assert f"{name}: Likelihood-Quotienten-Test auf konstante Rate" in text
        assert f"p = {number(p, 'de', 3)}" in text
        if p < 0.05:  # a rejected constant hazard is a warning
            assert f"{name}: die Daten sprechen gegen eine über die Verweildauer" in text
    assert "Vermittlung: beobachtet" in page and "Abbruch: angepasst" in page  # the chart


def test_calibrate_page_in_english(tmp_path, report_pages):
    folder, _ = _read(report_pages, "calibrate")
    out = tmp_path / "en" / "o.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(folder.parent / "spells.csv"),
                                     "--scenario", str(folder.parent / "known.yaml"),
                                     "--out", str(out), "--lang", "en", "-q"])
    assert done.exit_code == 0, done.output
    text = _text((tmp_path / "en" / "o-report.html").read_text(encoding="utf-8"))
    assert "Calibration of the exit hazards: known hazards" in text
    assert "likelihood-ratio test of a constant hazard" in text


def _row(text: str, label: str) -> str:
    """A key-table line's cells as text: from its label to the next line."""
    start = text.index(label + " ")
    return text[start + len(label) + 1:text.index("</tr>", start)]


def test_compare_key_figures_add_up_to_the_net_public_cost(tmp_path):
    """The returns and each public budget's net cost are on the page, as on the run page:
    public funding - benefits avoided - returns = net public cost, and the budgets' net
    costs add up to it, per scenario and in Δ; the figures are comparison.csv's."""
    from finsim.analysis.compare import compare
    from finsim.report.budgets import fiscal_rows
    from finsim.report.html_compare import compare_report

    from .test_fiscal_outputs import PAT_VARIANT

    alt = tmp_path / "budgets.yaml"
    alt.write_text(f"base: {SMALL.resolve()}\n{PAT_VARIANT}")
    comparison = compare([SMALL, alt], replications=4, jobs=1)
    base, other = comparison.labels
    rows = [[r["returns"] for r in fiscal_rows(result) if r["public"]]
            for result in comparison.results]
    returns = [sum(r) for r in rows]
    assert returns[0] == 0 and returns[1] > 0  # sv's 35 % of the wages and more
    # fiscal.csv's cells are each rounded to the cent: half a cent each at most
    assert comparison.row("returns", other)["mean"] == pytest.approx(
        returns[1], abs=0.005 * len(rows[1]))
    assert comparison.row("returns", base)["mean"] == 0  # none: known to be 0
    means = {(m, s): v for m, s, v in comparison.table[["metric", "scenario", "mean"]]
             .itertuples(index=False)}
    for k, label in enumerate(comparison.labels):  # the figures the page adds up
        public = sum(means.get((f"funding_{f}", label), 0)
                     for f in ("jobcenter", "land_esf", "city"))
        net = means[("net_public_cost", label)]
        assert public - means[("passive_benefits_avoided", label)] - returns[k] == \
            pytest.approx(net, abs=0.01)
        budgets = ("jobcenter", "land_esf", "federal", "city", "land", "sv")
        assert sum(means[(f"net_cost_{b}", label)] for b in budgets) == \
            pytest.approx(net, abs=0.01)
    sign = lambda v, lang: ("+" if v > 0 else "") + number(v, lang)  # noqa: E731
    for lang, words in (("de", ("Rückflüsse (Steuern, Sozialversicherungsbeiträge)",
                                "Öffentliche Nettokosten", "Nettokosten Haushalt",
                                "Finanzierung: Employers (nicht öffentlich)")),
                        ("en", ("Returns (taxes, social insurance contributions)",
                                "Net public cost", "Net cost of budget",
                                "Funding: Employers (not public)"))):
        page = compare_report(comparison, [str(SMALL), str(alt)], lang)
        text = re.sub(r"\s+", " ", re.sub(r"<(?!/tr>)[^>]+>", " ", page))
        assert f"{words[3]} (EUR)" in text
        for metric, label in (("returns", words[0]), ("net_public_cost", words[1]),
                              ("net_cost_sv", f"{words[2]}: sv"),
                              ("net_cost_federal", f"{words[2]}: federal")):
            b, a = comparison.row(metric, base), comparison.row(metric, other)
            f = [number(b[c], lang) for c in ("mean", "p05", "p95")]
            d = [sign(a[c], lang) for c in ("delta_mean", "delta_p05", "delta_p95")]
            assert _row(text, f"{label} (EUR)").split() == [
                f[0], f"[{f[1]}", "–", f"{f[2]}]", number(a["mean"], lang), "Δ", d[0],
                f"[{d[1]}", "–", f"{d[2]}]"]


def test_compare_page_says_which_replications_define_a_ratio(tmp_path):
    """Placements are rare: cost_per_placement is undefined in some replications; the
    page says so in its language, with the counts of the command's ``note:`` (taken by
    hand from the per-replication values); a comparison where all define it says nothing."""
    from finsim.analysis.compare import compare
    from finsim.report.html_compare import compare_report

    files = []
    for name, hazard in (("Low", 0.0003), ("Alt", 0.001)):
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_text(f"base: {SMALL.resolve()}\nname: {name}\n"
                             f"employment: {{hazards: {{placement: {hazard}}}}}\n")
    comparison = compare(files, replications=12, uncertainty=False, jobs=1)
    a, b = (r.metric("cost_per_placement") for r in comparison.results)
    low, alt = int((~np.isnan(a)).sum()), int((~np.isnan(b)).sum())
    both = int((~np.isnan(a) & ~np.isnan(b)).sum())
    assert 0 < low < 12  # the case this is about
    de = _text(compare_report(comparison, files, "de"))
    assert (f"Kosten je Vermittlung (Mittel der Replikationen) (EUR): in „Low“ {low}, "
            f"„Alt“ {alt} von 12 Replikationen definiert; jedes Δ ist über die Replikationen "
            f"gebildet, die beide definieren („Alt“ {both}), und ist daher nicht die "
            "Differenz der Mittelwerte.") in de
    en = _text(compare_report(comparison, files, "en"))
    assert (f"Cost per placement (mean over replications) (EUR): defined in “Low” {low}, "
            f"“Alt” {alt} of 12 replications; each Δ is over the replications both define "
            f"(“Alt” {both}), so it is not the difference of the means.") in en
    from finsim.report.results_book import write_comparison_book

    from .workbook import computed

    write_comparison_book(tmp_path / "c.xlsx", comparison, "en")  # the workbook says it too
    assert [(f"Cost per placement: defined in “Low” {low}, “Alt” "
             f"{alt} of 12 replications; each Δ is over the replications both define (“Alt” "
             f"{both}), so it is not the difference of the means.",)] == [
        r[:1] for r in list(computed(tmp_path / "c.xlsx").values())[1]
        if r and isinstance(r[0], str) and "replications both define" in r[0]]
    scn = load_scenario(SMALL)
    every = compare_scenarios([scn, scn], [SMALL, SMALL], 4, 1, True, 1)
    assert "Replikationen definiert" not in _text(compare_report(every, [SMALL, SMALL]))
    assert "replications both define" not in _text(compare_report(every, [SMALL, SMALL],
                                                                  "en"))


def test_run_size_and_compare_pages_mark_the_funder_that_is_not_public(report_pages):
    """run's and size's key figures marked the employers' funding "(nicht öffentlich)"
    but not their share right below it; compare's funder bars named them plainly where
    the run page's bars mark them. Every key figure of theirs and every name in the
    charts says it now (size's request table says "Eigenanteil (nicht öffentliche
    Mittel, kein Antrag)" on each funder's own lines)."""
    for command in ("run", "size"):
        rows = re.findall(r"<th scope='row'>(.*?)</th>", _read(report_pages, command)[1])
        at = rows.index("Finanzierung: Employers (nicht öffentlich) (EUR)")
        assert rows[at + 1] == "Anteil: Employers (nicht öffentlich)", command
    for command in ("run", "compare"):
        page = _read(report_pages, command)[1]
        drawn = re.findall(r"<text[^>]*>([^<]*Employers[^<]*)</text>", page)
        assert drawn == ["Employers (nicht öffentlich)"], command
        assert re.findall(r"Employers(?! \(nicht öffentlich\))", page) == [], command
