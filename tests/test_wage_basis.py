"""The subsidisable wage of §16i/§16e (``costs.wages.subsidy_base`` and a funder's
``basis: subsidy_base``), worked by hand to the cent as in docs/wage-basis.md.

2026: minimum wage 13.90, 39 h: 13.90 x 169 = 2,349.10 gross a month. Wage line with 22 %
employer contributions 2,865.902; subsidisable base with the flat 19.85 % (pension 9.3 +
health 7.3 + additional health 1.45 + care 1.8, no unemployment insurance):
2,349.10 x 1.1985 = 2,815.39635.
"""

from __future__ import annotations

import pytest

from finsim.funding import allocate
from finsim.ledger import build_ledger
from finsim.scenario import ScenarioError
from finsim.scenario.load import scenario_from_dict
from finsim.scenario.model import CATEGORIES
from tests.test_ledger_support import BASE, EMPLOYED, deep_update, scenario, spells

W = CATEGORIES.index("wages")
BASE_2026 = {"hourly": "minimum_wage", "contributions": 0.1985}
TAAM = [{"id": "jobcenter", "basis": "subsidy_base",
         "covers": {"wages": {"by_tenure_year": [1.0, 1.0, 0.9, 0.8, 0.7]}}},
        {"id": "employer", "public": False, "covers": "remainder"}]


def job(providers: list[dict], wages: dict | None = None, funding=None):
    wage = {"hourly": "minimum_wage", "hours_per_week": 39, "employer_contributions": 0.22,
            "subsidy_base": BASE_2026, **(wages or {})}
    return scenario(period={"start": "2026-01", "months": 24}, costs={"wages": wage},
                    providers=providers, funding=TAAM if funding is None else funding)


def cents(scn, rows):
    fund = allocate(scn, build_ledger(scn, spells(rows, 24)))
    return fund.cents[:, :, W]  # [months, providers, jobcenter/employer/gap]


def test_16i_pays_the_minimum_wage_with_flat_contributions_without_unemployment_insurance():
    """January 2026: base 2,815.39635 -> 281,540 cents; the wage line 286,590; the employer
    the rest, 5,050. January 2027 at 14.60: 14.60 x 169 = 2,467.40, x 1.1985 = 2,957.1789
    -> 295,718; wage line 2,467.40 x 1.22 = 3,010.228 -> 301,023."""
    paid = cents(job([{"id": "a", "slots": 1}]), [(0, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [281_540, 286_590 - 281_540, 0]
    assert paid[12, 0].tolist() == [295_718, 301_023 - 295_718, 0]


def test_a_tariff_bound_employer_is_subsidised_on_the_wage_it_owes():
    """Caritas under AVR at 15.20: base 15.20 x 169 = 2,568.80 x 1.1985 = 3,078.7068 ->
    307,871; wage line 2,568.80 x 1.22 = 3,133.936 -> 313,394. Paying 15.20 of its own
    accord, without a tariff, is subsidised on the minimum wage: 281,540."""
    providers = [{"id": "caritas", "slots": 1, "costs": {"wages": {
                     "hourly": 15.20, "subsidy_base": {"hourly": "wage", "contributions": 0.1985}}}},
                 {"id": "voluntary", "slots": 1, "costs": {"wages": {"hourly": 15.20}}}]
    paid = cents(job(providers), [(0, 0.0, 24.0, EMPLOYED), (1, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [307_871, 313_394 - 307_871, 0]
    assert paid[0, 1].tolist() == [281_540, 313_394 - 281_540, 0]


def test_a_tariff_table_by_date_and_part_time():
    """A tariff schedule (15.10 from 2026-01, 15.60 from 2026-07) at 30 hours:
    15.10 x 130 = 1,963.00 x 1.1985 = 2,352.6555 -> 235,266 (wage line 1,963.00 x 1.22 =
    2,394.86);
    15.60 x 130 = 2,028.00 x 1.1985 = 2,430.558 -> 243,056 (wage line 2,474.16)."""
    tariff = {"2026-01": 15.10, "2026-07": 15.60}
    scn = job([{"id": "a", "slots": 1}], {"hourly": tariff, "hours_per_week": 30,
                                          "subsidy_base": {"hourly": tariff,
                                                           "contributions": 0.1985}})
    paid = cents(scn, [(0, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [235_266, 239_486 - 235_266, 0]
    assert paid[6, 0].tolist() == [243_056, 247_416 - 243_056, 0]


def test_the_step_down_applies_to_the_base():
    """In the third year of employment (entry two years before the period): 90 % of
    2,815.39635 = 2,533.856715 -> 253,386 cents."""
    paid = cents(job([{"id": "a", "slots": 1}]), [(0, -24.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [253_386, 286_590 - 253_386, 0]


def test_the_base_never_exceeds_the_wage_line():
    """An employer paying below the base (contributions of 10 % only): the subsidy is the
    whole wage line, 13.90 x 169 x 1.10 = 2,584.01 -> 258,401."""
    paid = cents(job([{"id": "a", "slots": 1}], {"employer_contributions": 0.10}),
                 [(0, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [258_401, 0, 0]


SECTION_16E = [{"id": "jobcenter", "basis": "subsidy_base",
                "covers": {"wages": {"by_tenure_year": [0.75, 0.5]}}},
               {"id": "employer", "public": False, "covers": "remainder"}]


def test_the_base_hourly_is_at_most_the_wage_paid():
    """§16e with §91 SGB III: the wage paid (15.00), at most the local wage named as the
    base (16.00). 15.00 x 169 = 2,535.00 x 1.1985 = 3,038.1975; 75 % = 2,278.648125 ->
    227,865 cents (not 16.00 x 169 x 1.1985 = 3,240.744 capped at the wage line with its
    levies, 2,535.00 x 1.23 = 3,118.05, whose 75 % is 233,854). Year 2, 50 %:
    1,519.09875 -> 151,910. A provider paying 17.00 is subsidised on the 16.00:
    16.00 x 169 x 1.1985 x 0.75 = 2,430.558 -> 243,056 of a wage line of
    17.00 x 169 x 1.23 = 3,533.79."""
    local = {"hourly": 16.00, "contributions": 0.1985}
    providers = [{"id": "below", "slots": 1, "costs": {"wages": {"hourly": 15.00}}},
                 {"id": "above", "slots": 1, "costs": {"wages": {"hourly": 17.00}}}]
    scn = job(providers, {"employer_contributions": 0.23, "subsidy_base": local},
              SECTION_16E)
    paid = cents(scn, [(0, 0.0, 24.0, EMPLOYED), (1, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [227_865, 311_805 - 227_865, 0]
    assert paid[12, 0].tolist() == [151_910, 311_805 - 151_910, 0]
    assert paid[0, 1].tolist() == [243_056, 353_379 - 243_056, 0]


def test_a_provider_s_own_base_keeps_the_keys_it_leaves_out():
    """A provider giving only its base hourly (14.00 paid, 14.00 base) keeps the program's
    contributions: 14.00 x 169 = 2,366.00 x 1.1985 = 2,835.651 -> 283,565 (wage line
    2,366.00 x 1.22 = 2,886.52). One giving only contributions (0.2035) keeps the minimum
    wage: 2,349.10 x 1.2035 = 2,827.14185 -> 282,714."""
    providers = [{"id": "a", "slots": 1, "costs": {"wages": {
                     "hourly": 14.00, "subsidy_base": {"hourly": 14.00}}}},
                 {"id": "b", "slots": 1, "costs": {"wages": {
                     "subsidy_base": {"contributions": 0.2035}}}}]
    scn = job(providers)
    assert scn.costs_for(scn.providers[0]).wages.subsidy_base.contributions == 0.1985
    paid = cents(scn, [(0, 0.0, 24.0, EMPLOYED), (1, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [283_565, 288_652 - 283_565, 0]
    assert paid[0, 1].tolist() == [282_714, 286_590 - 282_714, 0]


def test_a_provider_s_own_base_without_a_program_base_needs_its_contributions():
    data = deep_update(BASE, {"costs": {"wages": {"hourly": 13.90}}, "funding": TAAM,
                              "providers": [{"id": "a", "slots": 1, "costs": {"wages": {
                                  "subsidy_base": {"hourly": 14.00}}}}]})
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert str(err.value).count("\n") == 0
    assert "providers.a.costs.wages.subsidy_base.contributions" in str(err.value)
    assert "the program has no costs.wages.subsidy_base" in str(err.value)


def test_contributions_as_a_schedule():
    """19.85 % in 2026, 20.35 % from 2027: 2,467.40 x 1.2035 = 2,969.5159 -> 296,952."""
    scn = job([{"id": "a", "slots": 1}], {"subsidy_base": {
        "hourly": "minimum_wage", "contributions": {"2026-01": 0.1985, "2027-01": 0.2035}}})
    paid = cents(scn, [(0, 0.0, 24.0, EMPLOYED)])
    assert paid[12, 0, 0] == 296_952


def test_a_funder_on_the_subsidy_base_needs_one_for_every_provider():
    data = deep_update(BASE, {"costs": {"wages": {"hourly": 13.90}}, "funding": TAAM,
                              "providers": [{"id": "a", "slots": 1}, {"id": "b", "slots": 1,
                                            "costs": {"wages": {"subsidy_base": BASE_2026}}}]})
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert "funding.jobcenter.basis" in str(err.value)
    assert "provider(s) a lack" in str(err.value)


def test_the_base_hourly_says_what_it_accepts():
    with pytest.raises(ValueError, match="expected minimum_wage, wage, an hourly wage"):
        job([{"id": "a", "slots": 1}], {"subsidy_base": {"hourly": "tarif",
                                                         "contributions": 0.2}})


@pytest.mark.parametrize(("saved", "expected"), [(5000.0, 281_540), (100.0, 10_000)])
def test_a_funder_limited_to_the_benefits_it_saves_pays_on_the_base(saved, expected):
    """A City putting in what it saves, on the §16i base: at most the base (281,540 cents
    when it saves 5,000 a month), at most what it saves (100.00 a month)."""
    from finsim.funding.benefits import avoided_benefits

    city = [{"id": "city", "basis": "subsidy_base", "budget": "kommune",
             "limited_to": "benefits_avoided", "covers": {"wages": 1.0}}]
    scn = job([{"id": "a", "slots": 1}], funding=city).model_copy(update={
        "passive_benefits": job([{"id": "a", "slots": 1}]).passive_benefits.model_validate(
            {"by_payer": {"kommune": saved}})})
    sp = spells([(0, 0.0, 24.0, EMPLOYED)], 24)
    ledger = build_ledger(scn, sp)
    fund = allocate(scn, ledger, avoided_benefits(scn, sp, ledger.cost.shape[-1]))
    assert fund.cents[0, 0, W, 0] == expected


ON_TWO_BASES = [{"id": "jobcenter", "basis": "subsidy_base", "covers": {"wages": 0.75}},
                {"id": "traeger", "public": False, "covers": {"wages": 0.4}}]


def test_shares_on_two_bases_are_refused_with_how_to_write_them():
    """§16e's 0.75 of the subsidy base beside a provider's 0.4 of the wage line: at 20.00
    EUR an hour they pay 0.75 x 2,815.40 + 0.4 x 4,123.60 = 94 % of the wage line, but
    the base may reach the wage line (a lower wage, drawn or a provider's own), where 1.15
    would cut the provider's share to what is left without a word. Still refused; the
    line says the shares are on two bases and how to write the top-up: net of the
    Jobcenter, its share is of what both pay together (0.94: 387,618 cents of 412,360)."""
    wages = {"hourly": 20.00}
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(job([{"id": "a", "slots": 1}], wages, ON_TWO_BASES).model_dump())
    assert [(p.path, p.message) for p in err.value.problems] == [(
        "funding.traeger.covers.wages",
        "shares of 'wages' add up to 1.15 (jobcenter 0.75 of the subsidy base, traeger 0.4 "
        "of the wage line), more than 1, as the subsidy base may reach the wage line (it is "
        "at most that); expected at most 1 together, or net_of: [jobcenter] for traeger "
        "with its share of what both pay together (1 for the whole wage line), or covers: "
        "remainder for traeger if it tops up what jobcenter leaves")]
    netted = [ON_TWO_BASES[0], {**ON_TWO_BASES[1], "covers": {"wages": 0.94},
                                "net_of": ["jobcenter"]}]
    paid = cents(job([{"id": "a", "slots": 1}], wages, netted), [(0, 0.0, 24.0, EMPLOYED)])
    assert paid[0, 0].tolist() == [211_155, 387_618 - 211_155, 412_360 - 387_618]
