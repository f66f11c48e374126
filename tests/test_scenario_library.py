"""The 2026 scenario library carries today's rules (issue 14): par. 16e pays 75 % / 50 %,
par. 16i 100/100/90/80/70 % of the subsidisable wage, coaching is the Jobcenter's own
funder, and the abolished FAV share (72.5 %) is gone. Every library file validates and
runs (the checksums of tests/test_results_unchanged.py run each one too)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from finsim.montecarlo import RunSpec, run
from finsim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SUBSIDISABLE = 1.1985 / 1.22  # wage + flat SV without ALV, over our wage line with levies
CELL = 0.005  # each (month, provider) cell rounds to at most half a cent


def _run(name: str, replications: int = 4):
    scn = load_scenario(SCENARIOS / name)
    return scn, run(RunSpec(scn, replications, scn.simulation.seed), jobs=1)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_library_file_runs_and_pays_every_cost(path):
    scn, result = _run(path.name, 3)
    assert result.aggregate.count == 3
    # fixed shares of the total (no remainder funder) leave only cents of rounding
    cells = scn.period.months * len(scn.providers) * 5
    assert np.all(np.abs(result.metric("funding_gap")) <= CELL * cells)
    assert np.all(result.metric("cost_total") > 0)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*2026*.yaml")), ids=lambda p: p.stem)
def test_no_2026_file_keeps_the_abolished_fav_share(path):
    scn = load_scenario(path)
    for funder in scn.funding:
        if isinstance(funder.covers, dict):
            assert funder.covers.get("wages") != 0.725, funder.id
    assert scn.costs.wages.hourly == {"2026-01": 13.90, "2027-01": 14.60}


def test_16e_pays_75_then_50_percent_of_the_subsidisable_wage():
    scn, result = _run("aktiv-statt-passiv-2026-minimum-wage.yaml")
    assert scn.employment.max_months == 24
    paid = result.metric("funding_jobcenter") + result.metric("funding_city")
    wages = result.metric("cost_wages")
    # every person-month is paid at 75 % or 50 % of the subsidisable wage (1.1985 / 1.22 of
    # the wage line), so the total lies between
    assert np.all(paid <= 0.75 * SUBSIDISABLE * wages + 1)
    assert np.all(paid >= 0.50 * SUBSIDISABLE * wages - 1)


def test_16i_coaching_is_its_own_funder_and_the_wage_subsidy_steps_down():
    scn, result = _run("aktiv-statt-passiv-2026-16i.yaml")
    cells = scn.period.months * len(scn.providers)
    staff = result.metric("cost_staff")
    coaching = result.metric("funding_coaching")
    assert np.all(np.abs(coaching - 0.5 * staff) <= CELL * cells)
    jobcenter = next(f for f in scn.funding if f.id == "jobcenter")
    assert set(jobcenter.covers) == {"wages"}  # no share of the employers' own staff
    assert jobcenter.covers["wages"].by_tenure_year == [1.0, 1.0, 0.9, 0.8, 0.7]
    assert jobcenter.basis == "subsidy_base"  # of the minimum wage + flat SV without ALV
    base = scn.costs.wages.subsidy_base.hourly  # the sourced minimum wage table
    assert (base["2026-01"], base["2027-01"]) == (13.90, 14.60) and max(base) == "2027-01"
    assert scn.costs.wages.subsidy_base.contributions == 0.1985


def test_2026_files_cost_staff_material_and_modules_at_2026_prices():
    scn = load_scenario(SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml")
    seed = load_scenario(SCENARIOS / "aktiv-statt-passiv-2013.yaml")
    # 2026 prices: the TVöD step of May 2026 (72.5 k x 1.03, then x 1.028), that table held
    # to 31.03.2027, +2.8 % [E] from 2027-04; management held to 2027-03 the same way
    assert scn.costs.staff.coach_cost_per_year == {"2026-01": 74675, "2026-05": 76766,
                                                   "2027-04": 78915}
    assert scn.costs.staff.management_cost_per_year == {"2026-01": 13500, "2027-04": 13878}
    assert scn.costs.material.per_slot_month == 65.0
    costs = {m.id: m.cost for m in scn.costs.qualification}
    old = {m.id: m.cost for m in seed.costs.qualification}
    assert costs.keys() == old.keys()
    assert costs["training"] == 3000  # the par. 16e/16i training budget caps it
    assert all(costs[k] > old[k] for k in costs)


def test_esf_ends_in_2029_and_the_employers_take_over():
    scn, result = _run("aktiv-statt-passiv-2026-16i.yaml")
    land = next(f for f in scn.funding if f.id == "land_esf")
    assert land.until == "2029-12"
    open_ended = scn.model_copy(update={"funding": [
        f.model_copy(update={"until": None}) if f.id == "land_esf" else f
        for f in scn.funding]})
    longer = run(RunSpec(open_ended, 4, scn.simulation.seed), jobs=1)
    # same people and costs; only who pays in 2030 differs, and it adds up
    assert np.array_equal(result.metric("cost_total"), longer.metric("cost_total"))
    moved = longer.metric("funding_land_esf") - result.metric("funding_land_esf")
    assert np.all(moved > 0)
    gained = result.metric("funding_employers") - longer.metric("funding_employers")
    assert np.allclose(moved, gained, atol=0.01 * scn.period.months * len(scn.providers))


def test_tariff_bound_providers_are_subsidised_on_their_wage_but_not_their_one_offs():
    """The tariff file: the Jahressonderzahlung falls due in November only, at Caritas and
    Diakonie only, and no public funder pays any of it: the employers (remainder) do."""
    from finsim.report import tables

    scn, result = _run("aktiv-statt-passiv-2026-16i-tariff.yaml", 2)
    ledger = tables.ledger_table(result)
    one_off = ledger[(ledger["category"] == "one_off") & (ledger["amount"] > 0)]
    assert set(one_off["provider"]) == {"caritas", "diakonie"}
    assert {m[-2:] for m in one_off["month"]} == {"11"}
    assert set(one_off["funder"]) == {"employers"}
    assert np.all(result.metric("cost_one_off") > 0)
    caritas = next(p for p in scn.providers if p.id == "caritas")
    assert scn.costs_for(caritas).wages.subsidy_base.hourly == "wage"


CITY = "Stadt Dortmund (eingesparte KdU, Passiv-Aktiv-Transfer)"
LAND = "Land NRW / ESF+ (60 % Land, 40 % EU, geschätzt)"
EMPLOYERS = "ISB-Arbeitgeber (die Träger)"
JOBCENTER_16I = "Jobcenter Dortmund (Lohnkostenzuschuss § 16i SGB II)"
COACHING = "Jobcenter Dortmund (Coaching durch eigenes Personal oder beauftragte Dritte)"
SEED_FUNDERS = [CITY, "Jobcenter Dortmund (Lohnkostenzuschuss FAV)", "Land NRW / ESF",
                EMPLOYERS]


@pytest.mark.parametrize("name, names", [
    *((f"aktiv-statt-passiv-2013{suffix}.yaml", SEED_FUNDERS)
      for suffix in ("", "-better-coaching", "-double-slots", "-esf-halved")),
    ("aktiv-statt-passiv-2013-fixed-shares.yaml",
     [CITY, "Jobcenter Dortmund", "Land NRW / ESF", EMPLOYERS]),
    ("aktiv-statt-passiv-2026-minimum-wage.yaml",
     [CITY, "Jobcenter Dortmund (§ 16e SGB II)", LAND, EMPLOYERS]),
    *((f"aktiv-statt-passiv-2026-16i{suffix}.yaml",
       [CITY, JOBCENTER_16I, LAND, EMPLOYERS, COACHING])
      for suffix in ("", "-pat", "-tariff"))])
def test_the_shipped_files_name_their_funders_in_german(name, names):
    """The shipped programs are German programs, read on German pages (--lang de): their
    funders were named in English prose ("... wage subsidy", "coaching, own staff or
    contracted third party", "(the providers)", "KdU saved"), so a key figure read
    "Finanzierung: Jobcenter Dortmund (FAV wage subsidy)". The ids, and so every
    figure, stay the same."""
    from finsim.report.html import metric_label

    scn = load_scenario(SCENARIOS / name)
    assert [f.name for f in scn.funding] == names
    assert [f.id for f in scn.funding] == ["city", "jobcenter", "land_esf", "employers",
                                           "coaching"][:len(names)]
    assert metric_label("funding_jobcenter", scn, "de") == f"Finanzierung: {names[1]}"


def test_the_seed_cites_the_law_with_the_section_sign():
    """The seed's description (shown on report.html) and comments wrote "par. 16e" where a
    German reader writes "§ 16e"."""
    text = (SCENARIOS / "aktiv-statt-passiv-2013.yaml").read_text(encoding="utf-8")
    assert "par. " not in text
    assert "(Lohnkostenzuschuss, FAV, alter § 16e SGB II)" in load_scenario(
        SCENARIOS / "aktiv-statt-passiv-2013.yaml").description


@pytest.mark.parametrize("name, title", [
    ("aktiv-statt-passiv-2013.yaml", "Aktiv statt passiv! Dortmund 2013-2014"),
    ("aktiv-statt-passiv-2013-better-coaching.yaml",
     "Aktiv statt passiv! 2013-2014, intensiveres Coaching"),
    ("aktiv-statt-passiv-2013-double-slots.yaml",
     "Aktiv statt passiv! 2013-2014, doppelte Platzzahl"),
    ("aktiv-statt-passiv-2013-esf-halved.yaml",
     "Aktiv statt passiv! 2013-2014, ESF-Anteil halbiert"),
    ("aktiv-statt-passiv-2013-fixed-shares.yaml",
     "Aktiv statt passiv! 2013-2014 (feste Anteile an den Gesamtkosten)"),
    ("aktiv-statt-passiv-2026-minimum-wage.yaml",
     "Aktiv statt passiv! nach § 16e SGB II zum Mindestlohn 2026-2027"),
    ("aktiv-statt-passiv-2026-16i.yaml", "Aktiv statt passiv! nach § 16i SGB II, 2026-2030"),
    ("aktiv-statt-passiv-2026-16i-pat.yaml",
     "Aktiv statt passiv! nach § 16i SGB II mit Passiv-Aktiv-Transfer, 2026-2030"),
    ("aktiv-statt-passiv-2026-16i-tariff.yaml",
     "Aktiv statt passiv! nach § 16i SGB II, kirchliche Träger mit Tariflohn, 2026-2030")])
def test_the_shipped_files_are_named_in_german(name, title):
    """A scenario's name heads every page and sheet as written ("Ergebnisse: ..."): the
    German workbooks read "Ergebnisse: Aktiv statt passiv! as § 16i SGB II, 2026-2030"
    and "..., better coaching". The file names and ids stay."""
    assert load_scenario(SCENARIOS / name).name == title


ENGLISH_WORDS = {"the", "and", "of", "instead", "with", "by", "per", "shows", "pays"}
"""Words of an English sentence that a German one does not hold."""


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_a_shipped_scenario_with_a_german_name_is_described_in_german(path):
    """report.html in German (the default --lang) showed each shipped scenario's German
    name over an English description ("The seed program as published: ..."): its
    description is German too, the figures and ids kept."""
    scn = load_scenario(path)
    words = set(re.findall(r"[a-zäöüß]+", scn.description.lower()))
    assert scn.name.startswith("Aktiv statt passiv!")
    assert not words & ENGLISH_WORDS, (path.name, sorted(words & ENGLISH_WORDS))


def test_every_key_path_of_the_city_checklist_is_in_the_2026_file():
    """The README's "A program for another city" names where each Dortmund or NRW value
    of the 2026 file is; a path renamed or moved in the file would send a planner to a
    key that is not there."""
    from finsim.scenario import resolved_data
    from finsim.scenario.paths import get_path

    readme = (SCENARIOS / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- city checklist -->")[1].split("<!-- /city checklist -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    paths = [path for row in rows for path in re.findall(r"`([^`]+)`", row.split(" | ")[0])]
    assert paths == [
        "name", "description", "providers", "participants.referrals_per_month",
        "participants.mix", "employment.hazards", "passive_benefits.parts.kdu",
        "passive_benefits.parts.top_up", "passive_benefits.parts.kdu_federal_share",
        "funding.city.limited_to", "funding.city.name", "funding.jobcenter.name",
        "funding.land_esf.name", "funding.land_esf.covers", "funding.land_esf.budget",
        "funding.employers.name"]
    data = resolved_data(load_scenario(SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml"))
    for path in paths:
        assert get_path(data, path) not in (None, "", [], {}), path
    assert get_path(data, "funding.city.limited_to") == "benefits_avoided"
    assert get_path(data, "funding.land_esf.budget") == {"land": 0.6, "eu": 0.4}
