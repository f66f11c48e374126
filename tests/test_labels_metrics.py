"""People read a metric by its label, programs by its id: the sensitivity terminal table,
its page (headings, warnings) and its tornado charts (PNG and inline) named metrics by
their ids (``funding_land_esf``, ``cost_per_placement``) where finsim has a label for
them; sensitivity.csv keeps the ids (its contract). The terminal's ranges are plain
digits (``53,342:56,658``, not ``5.33e+04:5.67e+04``)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from rich.console import Console

from finsim.analysis.ranges import parse_param
from finsim.analysis.sensitivity import SensitivitySpec, analyze
from finsim.cli import main
from finsim.report.html import metric_label
from finsim.report.sensitivity import terminal_view, tornado_figure
from finsim.scenario import load_scenario

from .conftest import SMALL

SEED = "scenarios/aktiv-statt-passiv-2013.yaml"


@pytest.mark.parametrize(("metric", "en", "de"), [
    ("cost_total", "Total cost", "Gesamtkosten"),
    ("cost_per_placement", "Cost per placement", "Kosten je Vermittlung"),
    ("funding_land_esf", "Funding: Land NRW / ESF", "Finanzierung: Land NRW / ESF"),
    ("funding_city", "Funding: Stadt Dortmund (eingesparte KdU, Passiv-Aktiv-Transfer)",
     "Finanzierung: Stadt Dortmund (eingesparte KdU, Passiv-Aktiv-Transfer)"),
    ("share_jobcenter", "Share: Jobcenter Dortmund (Lohnkostenzuschuss FAV)",
     "Anteil: Jobcenter Dortmund (Lohnkostenzuschuss FAV)"),
    ("cost_wages", "Cost: Wages incl. employer contributions",
     "Kosten: Personalkosten Beschäftigte (Lohn inkl. AG-Anteil)"),
    ("cost_staff", "Cost: Staff for guidance, coaching and management",
     "Kosten: Personalkosten Anleitung, Betreuung, Leitung"),
    ("cost_one_off", "Cost: One-off payments incl. employer contributions",
     "Kosten: Jahressonderzahlungen Beschäftigte (inkl. AG-Anteil)"),
    ("cost_material", "Cost: Material", "Kosten: Sachkosten"),
    ("funding_gap", "Funding gap", "Finanzierungslücke"),
    ("peak_prefinancing", "Peak pre-financing", "Höchste Vorfinanzierung"),
    ("exits_max_duration", "Exits: maximum duration", "Austritte: Höchstdauer"),
    # those who gave up waiting or were turned away, not every referral without an entry
    # (who still waits at the end never entered either)
    ("referrals_lost", "Referrals lost (gave up waiting or turned away)",
     "Verlorene Zuweisungen (Warten aufgegeben oder abgewiesen)"),
    ("no_such_metric", "no_such_metric", "no_such_metric"),
])
def test_a_metric_has_its_label_in_either_language(metric, en, de):
    scn = load_scenario(SEED)
    assert metric_label(metric, scn, "en") == en
    assert metric_label(metric, scn, "de") == de


@pytest.fixture(scope="module")
def oat():
    scn = load_scenario(SMALL)
    params = tuple(parse_param(p) for p in ("costs.staff.coach_cost_per_year=50000:60000",
                                            "employment.hazards.placement=0.005:0.02"))
    spec = SensitivitySpec(scn, params, ("funding_land_esf", "cost_per_placement"), "oat", 2,
                           7)
    return analyze(spec, jobs=1)


def test_the_terminal_table_names_metrics_by_their_labels(oat):
    buffer = io.StringIO()
    Console(file=buffer, width=200).print(terminal_view(oat))
    text = buffer.getvalue()
    assert "Small test program: oat, 5 points x 2 replications, seed 7" in text
    rows = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
    assert [r for r in rows if r] == ["Funding: Land / ESF", "Cost per placement"]
    assert "funding_land_esf" not in text and "cost_per_placement" not in text
    assert "50,000:60,000" in text and "0.005:0.02" in text and "e+04" not in text


@pytest.mark.parametrize(("lang", "title"), [("en", "Funding: Land / ESF (oat)"),
                                              ("de", "Finanzierung: Land / ESF (oat)")])
def test_the_tornado_is_titled_with_the_label(oat, lang, title):
    fig = tornado_figure(oat, "funding_land_esf", lang=lang)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == title
    assert re.fullmatch(r"(base|Basiswert) [\d.,]+ EUR", ax.get_xlabel())


def test_the_page_and_the_png_use_labels_and_the_csv_keeps_ids(tmp_path):
    out = tmp_path / "oat"
    done = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-q", "-n", "2", "-j", "1",
                                     "--param", "costs.staff.coach_cost_per_year=50000:60000",
                                     "--metric", "funding_land_esf", "--metric",
                                     "cost_per_placement", "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = (out / "report.html").read_text(encoding="utf-8")
    effects = page.split("<h2>Wirkung je Kennzahl</h2>")[1].split("<h2>")[0]
    headings = re.findall(r"<h3>(.*?)</h3>", effects)  # the base point's run has its own
    assert headings == ["Finanzierung: Land / ESF", "Kosten je Vermittlung"]
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert any("Finanzierung: Land / ESF (oat)" in c for c in charts)
    assert not any("funding_land_esf" in c or "cost_per_placement" in c for c in charts)
    table = pd.read_csv(out / "sensitivity.csv")
    assert list(table["metric"].unique()) == ["funding_land_esf", "cost_per_placement"]
    assert sorted(p.name for p in out.glob("*.png")) == [
        "tornado-cost_per_placement.png", "tornado-funding_land_esf.png"]
