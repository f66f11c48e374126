"""finsim's ceilings and reserved ids: refused at validation, one exact line each."""

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.scenario import ScenarioError, checks, limits, load_scenario, scenario_from_dict

INVALID = Path(__file__).parent / "fixtures" / "invalid"
SMALL = INVALID.parent / "small.yaml"


def _lines(name: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(INVALID / name)
    return [str(p).removeprefix(str(INVALID / name)) for p in caught.value.problems]


def test_reserved_ids_are_refused_with_the_reason():
    assert _lines("reserved_ids.yaml") == [
        ":4: providers.all: 'all' cannot be a provider id: the outputs use it for the program "
        "rows (provider 'all' in flows.csv) and for benefits without a payer split; choose "
        "another id",
        ":4: providers.Program: 'Program' cannot be a provider id: the outputs use it for the "
        "whole program; choose another id",
        ":7: funding.gap: 'gap' cannot be a funder id: the outputs use it for the funding gap "
        "(funder 'gap' in ledger.csv and plan.csv, metric funding_gap); choose another id",
        ":8: funding.total: 'total' cannot be a funder id: the outputs use it for totals "
        "(cost_total, the total row and column of the plan, covers: {total: ...}); choose "
        "another id",
        ":8: funding.total.budget: 'Gap' cannot be a budget id: the outputs use it for the "
        "funding gap (funder 'gap' in ledger.csv and plan.csv, metric funding_gap); choose "
        "another id",
        ":9: passive_benefits.by_payer.contingency: 'contingency' cannot be a payer id: the "
        "outputs use it for the contingency rows of plan.csv; choose another id",
        ":9: passive_benefits.by_payer.remainder: 'remainder' cannot be a payer id: it is the "
        "funding rule covers: remainder; choose another id",
        ":10: returns.ALL: 'ALL' cannot be a budget id: the outputs use it for the program rows "
        "(provider 'all' in flows.csv) and for benefits without a payer split; choose another "
        "id",
    ]


RESERVED_BESIDE = """\
period: {start: 2013-01, months: 12}
participants: {referrals_per_month: 5}
providers: [{id: all, slots: 5}, {id: b, slots: 4}, {id: b, slots: 4}]
costs: {wages: {hourly: 9}}
funding:
  - {id: gap, covers: {wages: 0.5}}
  - {id: x, covers: remainder, budget: total}
colour: red
"""


def test_a_reserved_id_is_said_with_the_files_other_problems(tmp_path: Path):
    """A missing name, an unknown key (which leaves every block not written unread) and
    a duplicate provider id hid the reserved ids' lines until they were fixed: each
    readable id is checked now, in the same pass."""
    path = tmp_path / "beside.yaml"
    path.write_text(RESERVED_BESIDE, encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", str(path)])
    assert checked.exit_code == 2
    assert checked.stderr.splitlines() == [
        f"{path}:3: providers.b: duplicate id 'b' (first on line 3): ids must be unique",
        f"{path}:3: providers.all: 'all' cannot be a provider id: the outputs use it for the "
        "program rows (provider 'all' in flows.csv) and for benefits without a payer split; "
        "choose another id",
        f"{path}:6: funding.gap: 'gap' cannot be a funder id: the outputs use it for the "
        "funding gap (funder 'gap' in ledger.csv and plan.csv, metric funding_gap); choose "
        "another id",
        f"{path}:7: funding.x.budget: 'total' cannot be a budget id: the outputs use it for "
        "totals (cost_total, the total row and column of the plan, covers: {total: ...}); "
        "choose another id",
        f"{path}:8: colour: unknown key 'colour' (expected: name, description, base, period, "
        "simulation, participants, employment, providers, costs, funding, prices, "
        "passive_benefits, returns, uncertainty, actuals)",
        f"{path}: name: required key is missing"]


def test_a_reserved_word_in_full_width_letters_is_refused_too(tmp_path: Path):
    """``ｇａｐ`` (full-width letters) passed the reserved-id check, which compared by
    casefold alone, while the look-alike check reads it as ``gap`` (``id_key``): its rows
    would read as the funding gap's. ``finsim validate`` says so, exit 2."""
    from click.testing import CliRunner

    from finsim.cli import main

    path = tmp_path / "wide.yaml"
    path.write_text(SMALL.read_text(encoding="utf-8").replace(
        "{id: employers, name: Employers,", "{id: ｇａｐ, name: Employers,"), encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", str(path)])
    assert checked.exit_code == 2
    assert checked.output.splitlines() == [
        f"{path}:38: funding.ｇａｐ: 'ｇａｐ' (read as 'gap') cannot be a funder id: the "
        "outputs use it for the funding gap (funder 'gap' in ledger.csv and plan.csv, metric "
        "funding_gap); choose another id"]


def test_every_output_word_is_reserved():
    """The words the tables write as row or column names cannot be ids."""
    from finsim.funding import ALL_PAYERS, GAP

    assert {GAP, ALL_PAYERS, "total", "remainder", "contingency"} <= set(limits.RESERVED_IDS)


CEILING = "— finsim's ceiling (README, Errors and limits)"


def test_values_beyond_the_ceilings_are_refused_one_line_each():
    assert _lines("ceilings.yaml") == [
        f":2: period.months: expected at most 1,200 (given: 1201) {CEILING}",
        ":3: simulation.replications: expected at most 1,000,000 "
        f"(given: 1000001) {CEILING}",
        ":4: participants.referrals_per_month: above finsim's ceiling of 1,000,000: expected a "
        "number from 0 to 1,000,000 or a schedule {YYYY-MM: value}, or 'on_demand' (given: 1000001)",
        ":4: participants.patience_months: expected at most 1,200 "
        f"(given: 5000) {CEILING}",
        f":5: employment.max_months: expected at most 1,200 (given: 1300) "
        f"{CEILING}",
        ":6: providers.a.slots.2014-01: above finsim's ceiling of 1,000,000: expected a whole "
        "number from 0 to 1,000,000 in each month of a schedule (given: 2000000)",
        ":8: costs.wages.hourly: above finsim's ceiling of 1,000,000,000,000: expected a number "
        "from 0 to 1,000,000,000,000 or a schedule {YYYY-MM: value} (given: 2000000000000)",
        ":8: costs.wages.hours_per_week: expected at most 168 (given: 169) "
        f"{CEILING}",
        ":9: costs.qualification.m.cost: expected at most 1,000,000,000,000 "
        f"(given: 10000000000000.0) {CEILING}",
        f":9: costs.qualification.m.month: expected at most 1,200 "
        f"(given: 1201) {CEILING}",
        ":10: funding.f.cap_total: expected at most 1,000,000,000,000 "
        f"(given: 1e+17) {CEILING}",
    ]


def test_a_modifier_factor_has_a_ceiling():
    """Factors had none: two of 1e200 multiplied to infinity halfway through a run."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SMALL, ["employment.modifiers=[{when: {sex: male}, placement: 1.0e+200,"
                              " dropout: 1.0e+6}]"])
    assert [str(p) for p in caught.value.problems] == [
        f"{SMALL} (--set): employment.modifiers.0.placement: expected at most 1,000,000 "
        f"(given: 1e+200) {CEILING}"]


def test_non_finite_numbers_are_refused_everywhere():
    assert _lines("non_finite.yaml") == [
        ":3: participants.referrals_per_month.2013-06: nan and infinities are not allowed: "
        "expected a number from 0 to 1,000,000 in each month of a schedule (given: nan)",
        ":3: participants.patience_months: expected a finite number, not nan or an infinity "
        "(given: inf)",
        ":4: employment.hazards.placement: expected a finite number, not nan or an infinity "
        "(given: nan)",
        ":4: employment.modifiers.0.dropout: expected a finite number, not nan or an infinity "
        "(given: inf)",
        ":5: providers.a.slots: nan and infinities are not allowed: expected a whole number "
        "from 0 to 1,000,000 or a schedule {YYYY-MM: value} (given: -inf)",
        ":7: costs.wages.hourly: nan and infinities are not allowed: expected a number from 0 "
        "to 1,000,000,000,000 or a schedule {YYYY-MM: value} (given: inf)",
        ":8: costs.qualification.m.month: expected a finite number, not nan or an infinity "
        "(given: inf)",
        ":9: funding.f.covers.wages: expected a share from 0 to 1, or {by_tenure_year: [...]} "
        "(given: nan)",
        ":9: funding.f.cap_per_year: nan and infinities are not allowed: expected a number from "
        "0 to 1,000,000,000,000 or a schedule {YYYY-MM: value} (given: inf)",
        ":11: uncertainty.costs.wages.hours_per_week.mean: expected a finite number, not nan or "
        "an infinity "
        "(given: nan)",
    ]


@pytest.mark.parametrize("setting", [
    "costs.wages.hours_per_week=.inf", "costs.qualification.assessment.month=.inf",
    "costs.overhead.rate_on_staff=.inf", "funding.land_esf.cap_per_year=.inf",
    "participants.patience_months=.nan", "employment.max_months=-.inf",
    "costs.staff.participants_per_coach=.inf", "passive_benefits.by_payer.city=.nan",
    "uncertainty.costs.wages.annual_increase.high=.inf",
])
def test_non_finite_set_values_are_refused(setting):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SMALL, [setting])
    assert len(caught.value.problems) == 1
    assert setting.partition("=")[0].removesuffix(".high") in str(caught.value.problems[0])


def test_money_that_could_pass_exact_cents_is_refused():
    """1,000 slots for 100 years at 20 EUR/h rising 10 % a year: the bound is the sum over
    the months of 1,000 x 20 x 39 x 52/12 x 1.2 x 1.1**year."""
    monthly_wage = 20 * 39 * 52 / 12 * 1.2
    expected = 1000 * 12 * monthly_wage * sum(1.1 ** y for y in range(100))
    assert _lines("money_too_large.yaml") == [
        f":5: costs.wages: the wage costs could reach {expected:.3g} EUR over the horizon "
        f"({expected:.3g} EUR in all), above finsim's ceiling of 1e+12 EUR that keeps every cent "
        f"exact: from costs.wages.hourly = 20 (uprated to {20 * 1.1 ** 99:,.6g} by the "
        "horizon's end), costs.wages.hours_per_week = 39, "
        "costs.wages.employer_contributions = 0.2, costs.wages.annual_increase = 0.1 for up to "
        "1,000 slots over 1,200 months; expected values whose costs stay below 1e+12 EUR"]


def test_horizon_past_9999_is_refused():
    assert _lines("horizon_after_9999.yaml") == [
        ":2: period: the horizon (start 9999-06, months 12) would end in 10000-05, after "
        "9999-12, the last month finsim can write; expected at most 7 months from 9999-06"]


def _scenario(**changes) -> dict:
    data = {"name": "x", "period": {"start": "2013-01", "months": 24},
            "participants": {"referrals_per_month": 5},
            "providers": [{"id": "a", "slots": 10}, {"id": "b", "slots": {"2013-01": 4,
                                                                           "2013-07": 2}}],
            "costs": {"wages": {"hourly": 10, "hours_per_week": 30,
                                "employer_contributions": 0.2},
                      "staff": {"participants_per_coach": 5, "coach_cost_per_year": 60000,
                                "management_cost_per_year": 12000},
                      "material": {"per_slot_month": 50},
                      "qualification": [{"id": "m", "cost": 100}],
                      "overhead": {"rate_on_staff": 0.1}}}
    data.update(changes)
    return data


def test_cost_bound_by_hand():
    """Slots never fall in the bound (nobody is dismissed): b counts 4 all 24 months."""
    scn = scenario_from_dict(_scenario())
    bound = checks.cost_bound(scn, scn.slots_in_force())
    wage = 10 * 30 * 52 / 12 * 1.2
    staff = 14 * 24 * 60000 / 12 / 5 + 2 * 24 * 1000
    assert bound["wages"] == pytest.approx(14 * 24 * wage)
    assert bound["staff"] == pytest.approx(staff)
    assert bound["overhead"] == pytest.approx(0.1 * staff)
    assert bound["material"] == pytest.approx(50 * (10 * 24 + 4 * 6 + 2 * 18))
    referrals = 5 * 24
    assert bound["qualification"] == pytest.approx(
        100 * (14 + referrals + 10 * np.sqrt(referrals) + 10))


def test_the_one_off_bound_counts_the_slots_on_the_entitlement_day():
    """Paid in November to whoever is in a slot on 1 December: a provider that opens 6 more
    slots in December pays 10 + 6 people in November (b: 4 slots, then 2, never fewer
    in the bound), 500 EUR gross x 1.2 each, in 2013 and 2014."""
    data = _scenario(providers=[{"id": "a", "slots": {"2013-01": 10, "2013-12": 16}},
                                {"id": "b", "slots": {"2013-01": 4, "2013-07": 2}}])
    data["costs"]["one_off"] = [{"id": "x", "month": 11, "entitled_month": 12,
                                 "amount": 500}]
    scn = scenario_from_dict(data)
    assert checks.cost_bound(scn, scn.slots_in_force())["one_off"] == pytest.approx(
        500 * 1.2 * (16 + 4 + 16 + 4))
    data["costs"]["one_off"][0]["entitled_month"] = None  # on 1 November: 10 + 4, then 16 + 4
    scn = scenario_from_dict(data)
    assert checks.cost_bound(scn, scn.slots_in_force())["one_off"] == pytest.approx(
        500 * 1.2 * (10 + 4 + 16 + 4))


def test_no_modules_no_qualification_bound():
    """An unbounded number of entrants (on demand, a stay of 1e-320 months) costs nothing
    in qualification without modules: the bound is 0, not 0 x inf (nan, a refusal)."""
    data = _scenario(participants={"referrals_per_month": "on_demand"},
                     employment={"max_months": 1e-320})
    data["costs"]["qualification"] = []
    scn = scenario_from_dict(data)
    assert checks.cost_bound(scn, scn.slots_in_force())["qualification"] == 0.0


def test_cost_bound_holds_over_a_run(small):
    """The bound is above every replication's actual cost."""
    bound = sum(checks.cost_bound(small, small.slots_in_force()).values())
    result = run(RunSpec(small, replications=20, seed=3), jobs=1)
    assert np.max(result.metric("cost_total")) <= bound


def test_share_totals_are_printed_exactly(small_data):
    """Shares just over 1 are not rounded to "1" in the refusal."""
    small_data["funding"][1]["covers"]["wages"] = 0.25000001
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(small_data)
    assert [str(p) for p in caught.value.problems] == [
        "<scenario>: funding.land_esf.covers.wages: shares of 'wages' add up to 1.00000001 (tenure "
        "year 1: jobcenter 0.75, land_esf 0.25000001), more than 1; expected at most 1 together"]


def test_money_near_the_ceiling_stays_exact():
    """A scenario just under the money ceiling runs, and every cent is accounted for (the
    run checks funders + gap == cost in every cell and raises otherwise)."""
    hourly = 0.9 * limits.MAX_TOTAL_EUR / (10 * 600 * 39 * 52 / 12 * 1.2)
    data = _scenario(period={"start": "2013-01", "months": 600},
                     providers=[{"id": "a", "slots": 10}],
                     funding=[{"id": "f", "covers": {"wages": 0.3}, "cap_total": 1e11},
                              {"id": "g", "covers": "remainder"}])
    data["costs"] = {"wages": {"hourly": hourly}}
    scn = scenario_from_dict(data)
    result = run(RunSpec(scn, replications=1, seed=1), jobs=1)
    total = result.metric("cost_total")[0]
    assert 0.5 * limits.MAX_TOTAL_EUR < total <= 0.9 * limits.MAX_TOTAL_EUR
    paid = result.metric("funding_f")[0] + result.metric("funding_g")[0]
    assert round((paid + result.metric("funding_gap")[0]) * 100) == round(total * 100)
    assert result.metric("funding_f")[0] == 1e11


def test_command_line_replications_and_seed_have_the_same_ceilings(tmp_path):
    from click.testing import CliRunner

    from finsim.cli import main

    for option, said in ((["-n", str(limits.MAX_REPLICATIONS + 1)],
                          "-n/--replications: expected a whole number, 1 to 1,000,000 "
                          "(given: '1000001')"),
                         (["--seed", str(2**128)], f"--seed: expected a whole number, 0 to "
                          f"2^128 - 1 (given: '{2**128}')")):
        result = CliRunner().invoke(main, ["run", str(SMALL), "-q", "--out",
                                           str(tmp_path / "out"), *option])
        assert result.exit_code == 2, result.output
        assert result.output == f"finsim run: {said}\n"
        assert not (tmp_path / "out").exists()


def test_a_warm_up_longer_than_the_longest_horizon_is_refused():
    """It passed validation, then the warm-up's own period crashed the run (exit 1)."""
    data = _scenario(period={"start": "2126-01", "months": 12, "simulate_from": "2025-12"})
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert [p.message for p in err.value.problems] == [
        "simulate_from (2025-12) lies 1,201 months before start (2126-01): expected at most "
        "1,200"]
    data["period"]["simulate_from"] = "2026-01"  # 1,200 months: the longest there is
    assert scenario_from_dict(data).period.warm_up_months == 1200


def test_a_cohort_larger_than_the_slots_is_refused():
    """14 slots in 2013-01 (a: 10, b: 4): a cohort of 20 was cut to 14 without a word."""
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(_scenario(participants={"referrals_per_month": 5, "initial": 20}))
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("participants.initial", "20 people at the start, but the providers have 14 slots "
         "in 2013-01: expected at most 14 (a waiting list at the start comes from a caseload "
         "file, docs/caseload-format.md)")]
    assert scenario_from_dict(_scenario(participants={"referrals_per_month": 5,
                                                      "initial": 14})).participants.initial == 14


# -- ids that read as another ---------------------------------------------------------------

REASON = ("ids that differ only in case or in how their letters are encoded cannot be told "
          "apart in the outputs; expected another id")


def _set_lines(*sets: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SMALL, list(sets))
    return [str(p).removeprefix(str(SMALL)) for p in caught.value.problems]


def test_one_id_in_two_unicode_spellings_is_refused():
    """``grünbau`` with ü as one letter (NFC) and as u + U+0308 (NFD): two provider blocks
    that both read ``grünbau``."""
    assert _set_lines("providers.alpha.id=gr\u00fcnbau", "providers.beta.id=gru\u0308nbau") == [
        " (--set providers.beta.id=gru\u0308nbau): providers.gru\u0308nbau: provider id 'gru\u0308nbau' reads as the provider id "
        "'gr\u00fcnbau' of providers.gr\u00fcnbau (written out: 'gru\\u0308nbau' and "
        f"'gr\\xfcnbau'): {REASON}"]


def test_ids_that_differ_only_in_case_or_width_are_refused():
    assert _set_lines("providers.alpha.id=CJD", "providers.beta.id=cjd") == [
        f" (--set providers.beta.id=cjd): providers.cjd: provider id 'cjd' reads as the provider id 'CJD' of "
        f"providers.CJD: {REASON}"]
    assert _set_lines("funding.land_esf.id=EMPLOYERS2", "funding.employers.id=\uff45mployers2",
                      ) == [
        " (--set funding.employers.id=\uff45mployers2): funding.\uff45mployers2: funder id '\uff45mployers2' reads as the funder id "
        "'EMPLOYERS2' of funding.EMPLOYERS2 (written out: '\\uff45mployers2' and "
        f"'EMPLOYERS2'): {REASON}"]
    assert _set_lines("costs.qualification.driving.id=Assessment") == [
        " (--set costs.qualification.driving.id=Assessment): costs.qualification.Assessment: module id 'Assessment' reads as the module id "
        f"'assessment' of costs.qualification.assessment: {REASON}"]


def test_an_id_set_to_read_as_one_of_the_file_is_told_at_the_set(tmp_path):
    """The clash was told at the file's ``beta`` (``small.yaml:22``), not at the ``--set``
    that made it, although the alpha renamed comes first in the file."""
    result = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "-q",
                                       "--out", str(tmp_path / "out"),
                                       "--set", "providers.alpha.id=Beta"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{SMALL} (--set providers.alpha.id=Beta): providers.Beta: provider id 'Beta' reads "
        f"as the provider id 'beta' of providers.beta: {REASON}\n")


def test_a_budget_that_reads_as_a_funder_s_own_budget_is_refused():
    """A public funder's id is its budget's name: ``budget: Jobcenter`` beside funder
    ``jobcenter`` made two budget rows that read alike; the same name is one budget."""
    assert _set_lines("funding.land_esf.budget=Jobcenter") == [
        " (--set): funding.land_esf.budget: budget id 'Jobcenter' reads as the funder id "
        f"'jobcenter' of funding.jobcenter: {REASON}; for the same budget write 'jobcenter' "
        "exactly"]
    assert load_scenario(SMALL, ["funding.land_esf.budget=jobcenter"]).funding[1].budget_id == (
        "jobcenter")
    assert _set_lines("funding.jobcenter.budget={bund: 0.5, eu: 0.5}",
                      "funding.land_esf.budget={land: 0.6, EU: 0.4}") == [  # two mappings
        " (--set): funding.land_esf.budget.EU: budget id 'EU' reads as the budget id 'eu' "
        f"of funding.jobcenter.budget.eu: {REASON}; for the same budget write 'eu' exactly"]
    one = load_scenario(SMALL, ["funding.jobcenter.budget={bund: 0.5, EU: 0.5}",
                                "funding.land_esf.budget={land: 0.6, EU: 0.4}"])
    assert [f.budget_shares for f in one.funding[:2]] == [{"bund": 0.5, "EU": 0.5},
                                                          {"land": 0.6, "EU": 0.4}]
    assert _set_lines("passive_benefits.by_payer.Federal=1") == [  # beside federal
        " (--set): passive_benefits.by_payer.Federal: payer id 'Federal' reads as the payer id "
        f"'federal' of passive_benefits.by_payer.federal: {REASON}"]


def test_an_id_mixing_alphabets_is_refused():
    """A Cyrillic ``с`` in ``сjd`` (U+0441) reads as ``cjd``; a Greek ``α`` as ``a``."""
    assert _set_lines("providers.beta.id=\u0441jd", "funding.employers.id=\u03b1rbeit") == [
        " (--set providers.beta.id=\u0441jd): providers.\u0441jd: provider id '\u0441jd' mixes alphabets: '\u0441' (U+0441) is "
        "Cyrillic, 'j' (U+006A) is Latin; a letter of one that looks like a letter of another "
        "makes the id read as another; expected letters of one alphabet",
        " (--set funding.employers.id=\u03b1rbeit): funding.\u03b1rbeit: funder id '\u03b1rbeit' mixes alphabets: '\u03b1' (U+03B1) "
        "is Greek, 'r' (U+0072) is Latin; a letter of one that looks like a letter of another "
        "makes the id read as another; expected letters of one alphabet"]
    one_alphabet = load_scenario(SMALL, ["providers.beta.id=\u0441\u043e\u0434",
                                         "providers.alpha.id=gr\u00fcnbau-2"])
    assert [p.id for p in one_alphabet.providers] == ["gr\u00fcnbau-2", "\u0441\u043e\u0434"]


def test_run_refuses_look_alike_ids_before_writing(tmp_path):
    from click.testing import CliRunner

    from finsim.cli import main

    out = tmp_path / "res"
    done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "2", "--out", str(out),
                                     "--set", "providers.alpha.id=CJD",
                                     "--set", "providers.beta.id=cjd"])
    assert done.exit_code == 2
    assert done.output == (f"{SMALL} (--set providers.beta.id=cjd): providers.cjd: provider id 'cjd' reads as the "
                           f"provider id 'CJD' of providers.CJD: {REASON}\n")
    assert list(tmp_path.iterdir()) == []
