"""``finsim show SCENARIO --month YYYY-MM``: the values in force that month, as the
ledger and the funding rules use them, checked by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from finsim.report.month import resolved_month
from finsim.scenario import ScenarioError, load_scenario
from tests.conftest import variant

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
MINIMUM_WAGE = SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml"


def test_the_2026_file_in_march_2027_after_prices():
    """14.60 x 169 = 2,467.40 gross; x 1.22 = 3,010.228; §16e base: the wage paid x 1.1985
    = 2,957.1789. Coach 76,766 / 12 = 6,397.17 a month (the TVöD table of May 2026 holds
    to 31.03.2027; 78,915 / 12 = 6,576.25 from 2027-04); management 13,500 / 12 = 1,125.00
    (held with that table; 13,878 / 12 = 1,156.50 from 2027-04); material 65 x 1.02 =
    66.30; the assessment module 660 x 1.02 = 673.20."""
    values = resolved_month(load_scenario(MINIMUM_WAGE), "2027-03")
    cjd = values["providers"]["cjd"]
    assert cjd["wages"] == {"hourly": 14.60, "hours_per_week": 39.0, "gross_per_month": 2467.40,
                            "employer_contributions": 0.22, "cost_per_month": 3010.23,
                            "subsidy_base": {
                                "hourly": "14.60 (the wage paid, wages.hourly = "
                                          "gross_per_month / 169 h)",
                                "contributions": 0.1985, "per_month": 2957.18}}
    assert cjd["staff"]["coach_per_fte_month"] == 6397.17
    april = resolved_month(load_scenario(MINIMUM_WAGE), "2027-04")["providers"]["cjd"]["staff"]
    assert april["coach_per_fte_month"] == 6576.25
    assert cjd["staff"]["management_per_month"] == 1125.00
    assert april["management_per_month"] == 1156.50
    assert cjd["material_per_slot_month"] == 66.30
    assert values["qualification"]["assessment"] == 673.20
    jobcenter = values["funding"]["jobcenter"]
    assert jobcenter["covers"] == {"wages": {"by_tenure_year": [0.75, 0.5]}}
    assert jobcenter["basis"] == "subsidy_base"
    # 2026's values held over into 2027, and marked so: BBFestV 2025 sets NW's share for
    # 2025 and 2026 only; the file gives the Regelbedarf of 2026 alone
    assert values["passive_benefits"]["parts.kdu_federal_share"] == \
        "0.721 (2026's value held over; 2027's not yet known to finsim)"
    assert values["passive_benefits"]["parts.regelbedarf"]["single"] == \
        "563.00 (2026's value held over; the scenario gives none for 2027)"
    assert values["passive_benefits"]["parts.health_care"]["single"] == \
        "176.30 (2026's value held over; the scenario gives none for 2027)"
    december = resolved_month(load_scenario(MINIMUM_WAGE), "2026-12")["passive_benefits"]
    assert december["parts.kdu_federal_share"] == 0.721  # in force by the BBFestV 2025
    assert december["parts.regelbedarf"]["single"] == 563.00


def test_esf_is_out_of_force_after_2029_and_one_off_payments_and_caps_show(small_data):
    scn = load_scenario(SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml")
    assert resolved_month(scn, "2030-01")["funding"]["land_esf"]["covers"] == \
        "nothing this month"
    assert resolved_month(scn, "2029-12")["funding"]["land_esf"]["until"] == "2029-12"
    # the small program: 8.62 x 169 = 1,456.78 gross; 80 % of it x 1.2 = 1,398.5088
    small = variant(small_data, costs={"one_off": [{"id": "jsz", "month": 11,
                                                    "share_of_monthly_wage": 0.8}]},
                    funding=[{"id": "jobcenter", "budget": "federal", "covers": {"wages": 0.75},
                              "cap_per_person_month": {"2013-01": 2000, "2013-11": 2100},
                              "transfer": {"limited_to": None, "cap_per_year": {
                                  "2013-01": 500, "2013-06": 600, "2014-01": 700.25}}}])
    november = resolved_month(small, "2013-11")
    assert november["providers"]["alpha"]["one_off_due_per_person"] == {"jsz": 1398.51}
    assert november["funding"]["jobcenter"]["cap_per_person_month"] == 2100.0
    # a year's transfer ceiling is the value in force in its January: mid-2013's 600 never counts
    assert november["funding"]["jobcenter"]["transfer_cap_per_year"] == 500.0
    assert resolved_month(small, "2014-02")["funding"]["jobcenter"][
        "transfer_cap_per_year"] == 700.25
    october = resolved_month(small, "2013-10")
    assert "one_off_due_per_person" not in october["providers"]["alpha"]
    assert october["funding"]["jobcenter"]["cap_per_person_month"] == 2000.0


@pytest.mark.parametrize(("month", "message"), [
    ("2031-01", "2031-01 lies outside the period 2026-01 to 2027-12"),
    ("2027-13", "is not a month: expected YYYY-MM"),
])
def test_a_month_outside_the_period_is_refused(month, message):
    with pytest.raises(ScenarioError, match=message):
        resolved_month(load_scenario(MINIMUM_WAGE), month)


def test_the_command_prints_yaml_and_refuses_a_bad_month_with_exit_2():
    def show(month: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "finsim", "show", str(MINIMUM_WAGE),
                               "--month", month], capture_output=True, text=True, check=False)

    done = show("2026-01")
    assert done.returncode == 0, done.stderr
    printed = yaml.safe_load(done.stdout)
    assert printed["month"] == "2026-01"
    assert printed["providers"]["cjd"]["wages"]["cost_per_month"] == 2865.90
    bad = show("2025-12")
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("finsim show: --month: 2025-12 lies outside the period "
                                  "2026-01 to 2027-12")


def test_the_subsidy_base_shows_the_hourly_in_force_and_says_what_capped_it():
    """A local wage of 16.00 as the base, 15.00 paid: 15.00 x 169 = 2,535.00 x 1.1985 =
    3,038.1975 -> 3,038.20 (wage line x 1.23 = 3,118.05). With 10 % contributions the
    wage line 2,788.50 caps it too."""
    sets = ["costs.wages.hourly=15.00", "costs.wages.subsidy_base.hourly=16.00"]
    wages = resolved_month(load_scenario(MINIMUM_WAGE, [
        *sets, "costs.wages.employer_contributions=0.23"]), "2026-03")["providers"]["cjd"]["wages"]
    assert wages["cost_per_month"] == 3118.05
    assert wages["subsidy_base"] == {
        "hourly": 15.0, "contributions": 0.1985, "per_month": 3038.20,
        "note": "base hourly 16.00 given; at most the wage paid, 15.00"}
    low = resolved_month(load_scenario(MINIMUM_WAGE, [
        *sets, "costs.wages.employer_contributions=0.10"]), "2026-03")["providers"]["cjd"]["wages"]
    assert low["subsidy_base"]["per_month"] == 2788.50
    assert low["subsidy_base"]["note"].endswith(
        "; 3,038.20 capped at the wage line, 2,788.50")


PAT = SCENARIOS / "aktiv-statt-passiv-2026-16i-pat.yaml"


def test_the_rate_is_the_ledger_s_and_money_rounds_half_a_cent_up():
    """2028-01, the minimum wage of 2027 (14.60) x 1.025: 14.965 EUR an hour, as the
    ledger multiplies it (not 14.96). 14.965 x 39 x 52 / 12 = 2,529.085 gross: 2,529.09,
    half a cent up as the ledger rounds (``to_cents``), not Python's 2,529.08. With the
    contributions 2,529.085 x 1.22 = 3,085.4837 (3,085.48); the §16i base x 1.1985 =
    3,031.1084 (3,031.11)."""
    wages = resolved_month(load_scenario(PAT), "2028-01")["providers"]["cjd"]["wages"]
    # finsim's uprating of the last statutory rate (14.60 of 2027-01), marked as such
    assert wages["hourly"] == "14.965 (assumed, 14.60 + 2.5 % a year; not a statutory figure)"
    assert wages["gross_per_month"] == 2529.09
    assert wages["cost_per_month"] == 3085.48
    assert wages["subsidy_base"]["per_month"] == 3031.11


def test_each_payer_s_saving_per_household_and_the_transfer_s_rates_show():
    """docs/prices.md: "the passive benefits avoided per person", per payer and household,
    2028-01 (parts of 2026, KdU federal share 0.721). Single: Bund 563 + 176.30 + 0.721 x
    600 = 1,171.90, Kommune 0.279 x 600 = 167.40. Single parent (top-up 215 paid out of
    the KdU of 720, 505 avoided): Bund 896.68 + 176.30 + 0.721 x 505 = 1,437.085, Kommune
    0.279 x 505 = 140.895, shown as the ledger books them: the household's 1,577.98, the
    Kommune 140.90 (half up), the Bund 1,577.98 - 140.90 = 1,437.08 (shown as 1,437.085
    and 140.895 before, which a reader rounds to 1,437.09 + 140.90, a cent too many). Couple
    (top-up 230, 490 avoided): 1,012 + 176.30 (the participant's; the partner stays
    insured through Buergergeld) + 353.29 = 1,541.59 and 136.71. The
    Jobcenter's PAT flat rates 800 / 1,000 / 1,100, at most the Bund's saving; the City
    at most the Kommune's. The printed YAML loads back to the same values."""
    values = resolved_month(load_scenario(PAT), "2028-01")
    assert values["passive_benefits"]["avoided_per_person_month"] == {
        "bund": {"single": 1171.9, "couple_no_children": 1541.59, "single_parent": 1437.08,
                 "not_stated": 1171.9},
        "kommune": {"single": 167.4, "couple_no_children": 136.71, "single_parent": 140.9,
                    "not_stated": 167.4}}
    avoided = values["passive_benefits"]["avoided_per_person_month"]
    assert round(avoided["bund"]["single_parent"] + avoided["kommune"]["single_parent"],
                 2) == 1577.98  # the household's benefit, 1,577.98 (to_cents(1,577.98))
    jobcenter, city = values["funding"]["jobcenter"], values["funding"]["city"]
    assert jobcenter["transfer_per_person_month"] == {
        "single": 800.0, "single_parent": 1000.0, "couple_no_children": 1100.0,
        "not_stated": 800.0}
    assert (jobcenter["transfer_limited_to"], jobcenter["budget"]) == ("benefits_avoided", "bund")
    assert (city["limited_to"], city["budget"]) == ("benefits_avoided", "kommune")
    assert "budget" not in values["funding"]["land_esf"]  # no saving limits it
    done = subprocess.run([sys.executable, "-m", "finsim", "show", str(PAT), "--month",
                           "2028-01"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(done.stdout) == values


TARIFF = SCENARIOS / "aktiv-statt-passiv-2026-16i-tariff.yaml"


@pytest.mark.parametrize(("month", "hourly", "base", "coach"), [
    ("2026-04", 15.93, 3226.57, 6222.92),      # the April-2025 table: 74,675 / 12
    ("2027-02", 16.38, 3317.71, 6397.17),      # the May-2026 table, in force to 31.03.2027
    ("2027-05", 16.7895, 3400.65, 6576.25),    # 16.38 x 1.025 [E] from 2027-04; coach x 1.028
    ("2028-01", 17.2092375, 3485.67, 6760.39),  # x 1.025 and x 1.028 each January after 2027
])
def test_the_church_tariff_wage_holds_until_the_tvoed_agreement_ends(month, hourly, base,
                                                                     coach):
    """The TVöD agreement of 6.4.2025 runs to 31.03.2027: the tariff file's church wage
    (16.38 from 2026-05) and the coaches' cost hold to 2027-03, the estimated increase
    starts 2027-04. 16.38 x 169 = 2,768.22 gross, x 1.1985 = 3,317.71 subsidisable;
    16.7895 x 169 x 1.1985 = 3,400.65; before the May-2026 step 15.93 x 169 x 1.1985 =
    3,226.5657. The coach: 74,675 / 12 = 6,222.92 before the step, 76,766 / 12 = 6,397.17
    after it, 78,915 / 12 = 6,576.25 from 2027-04, x 1.028 = 6,760.385 in 2028."""
    caritas = resolved_month(load_scenario(TARIFF), month)["providers"]["caritas"]
    assert caritas["wages"]["hourly"] == hourly
    assert caritas["wages"]["subsidy_base"]["per_month"] == base
    assert caritas["staff"]["coach_per_fte_month"] == coach


def test_a_tariff_base_shows_the_wage_paid_in_force_and_where_it_comes_from():
    """The church providers' base is ``hourly: wage`` (bound by the AVR: the wage paid);
    show printed ``hourly: wage``, no rate, where the others print theirs. In 2027-04 the
    wage paid is 16.38 x 1.025 = 16.7895 (the estimated tariff increase from 2027-04):
    16.7895 x 39 x 52 / 12 = 2,837.4255 gross (2,837.43), the base x 1.1985 = 3,400.65.
    The minimum-wage providers' base is the minimum wage of 2027, 14.60."""
    done = subprocess.run([sys.executable, "-m", "finsim", "show", str(TARIFF), "--month",
                           "2027-04"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for provider in ("  caritas:", "  diakonie:"):
        at = lines.index(provider)
        assert lines[at + 3:at + 13] == [
            "      hourly: 16.7895",
            "      hours_per_week: 39.0",
            "      gross_per_month: 2837.43",
            "      employer_contributions: 0.22",
            "      cost_per_month: 3461.66",
            "      subsidy_base:",
            "        hourly: 16.7895 (the wage paid, wages.hourly = gross_per_month / 169 h)",
            "        contributions: 0.1985",
            "        per_month: 3400.65",
            "    staff:"], provider
    cjd = lines.index("  cjd:")
    assert lines[cjd + 8:cjd + 10] == ["      subsidy_base:", "        hourly: 14.6"]


def test_show_marks_the_assumed_minimum_wage_and_the_values_held_over():
    """The lines a reader sees: in 2028-11 the tariff file's minimum-wage providers earn
    finsim's uprated 14.60 (14.965, the §16i base too), not a statutory figure; the church
    providers' own tariff wage is not marked; in 2027-12 the minimum wage is the statutory
    14.60, unmarked, while the 2026 benefit parts are held over."""
    done = subprocess.run([sys.executable, "-m", "finsim", "show", str(TARIFF), "--month",
                           "2028-11"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    cjd = lines.index("  cjd:")
    assert lines[cjd + 3] == ("      hourly: 14.965 (assumed, 14.60 + 2.5 % a year; not a "
                              "statutory figure)")
    assert lines[cjd + 9] == ("        hourly: 14.965 (assumed, 14.60 + 2.5 % a year; not a "
                              "statutory figure)")
    assert "      hourly: 17.2092375\n" in done.stdout  # caritas: 16.7895 x 1.025, unmarked
    assert ("  parts.kdu_federal_share: 0.721 (2026's value held over; 2028's not yet known to"
            in done.stdout)
    december = resolved_month(load_scenario(TARIFF), "2027-12")
    assert december["providers"]["cjd"]["wages"]["hourly"] == 14.60
    assert december["passive_benefits"]["parts.kdu"]["single"] == \
        "600.00 (2026's value held over; the scenario gives none for 2027)"
