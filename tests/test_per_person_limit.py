"""A funder's share of qualification up to a sum per person over the spell
(``per_person_limit``, the Jobcenter's 3,000 EUR of Weiterbildung under §16e/§16i SGB II),
to the cent by hand; the rest falls to the funders after it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import finsim
from finsim.analysis.sanity import scenario_warnings, unpaid_share_warnings
from finsim.batch import unstack
from finsim.funding import allocate, check_money_conserved
from finsim.funding.allocate import allocate_many, by_program
from finsim.funding.benefits import avoided_benefits_many
from finsim.funding.invariants import check_money_conserved_many
from finsim.ledger import build_ledger, person_charges
from finsim.ledger.build import (
    build_ledger_many,
    compile_costs,
    person_charges_many,
    spell_cuts_many,
)
from finsim.ledger.persons import SpellCharges
from finsim.montecarlo import RunSpec, run
from finsim.report import tables
from finsim.report.rules import covers_line, rule_words
from finsim.scenario import ScenarioError, load_scenario, scenario_from_dict
from finsim.scenario.checks import unpaid_after_a_limit
from finsim.scenario.model import CATEGORIES
from finsim.simulation import simulate
from finsim.simulation.batch import spell_batch
from tests.test_actuals import SPELLS, actuals, files
from tests.test_batch_funding import ROOT, drawn_programs
from tests.test_ledger_support import DROPOUT, EMPLOYED, scenario, spells

Q = CATEGORIES.index("qualification")
MODULES = [{"id": "assess", "cost": 450, "month": 0},
           {"id": "drive", "cost": 1500, "month": 3},
           {"id": "late", "cost": 900, "month": 14}]  # in tenure year 2
ROWS = [(0, 1.5, 24.0, EMPLOYED),   # 450 in month 1, 1500 in month 4, 900 in month 15
        (0, 2.0, 24.0, EMPLOYED),   # 450 in month 2, 900 in month 16 (no driving)
        (1, 0.0, 10.0, DROPOUT),    # 450 in month 0, 1500 in month 3 (gone by month 14)
        (0, 1.2, 24.0, EMPLOYED)]   # as the first, in the same months
TAKEN = [[True, True, True], [True, False, True], [True, True, False], [True, True, True]]
LIMITED = {"by_tenure_year": [1.0, 0.5], "per_person_limit": 2000}


def qualification_cents(jobcenter: dict[str, Any], *after: dict[str, Any]) -> np.ndarray:
    """Cents of qualification, ``[months, providers, (jc, *after, employers, gap)]``,
    money conserved to the cent on the way."""
    scn = scenario(costs={"qualification": MODULES}, funding=[
        {"id": "jc", **jobcenter}, *after,
        {"id": "employers", "public": False, "covers": "remainder"}])
    people = spells(ROWS, 24, modules=TAKEN)
    led = build_ledger(scn, people)
    result = allocate(scn, led, charges=person_charges(scn, people, ["qualification"]))
    check_money_conserved(led, result)
    return result.cents[:, :, Q, :]


def test_each_person_paid_until_their_sum_reaches_the_limit() -> None:
    """The share is 100 % in tenure year 1 and 50 % in year 2, at most 2,000 EUR a person.
    The first and the fourth: 450 + 1,500 = 1,950 paid in full, then of 900 x 50 % = 450
    only the 50 left (2,000 exactly); the second: 450, then 450 of 900 (900 in all, under
    the limit: every share paid); the third, at provider b: 450 and 1,500 in full."""
    cents = qualification_cents({"covers": {"qualification": LIMITED}})
    a, b = cents[:, 0], cents[:, 1]
    assert a[1].tolist() == [90000, 0, 0]          # two assessments of 450
    assert a[2].tolist() == [45000, 0, 0]
    assert a[4].tolist() == [300000, 0, 0]         # two driving courses of 1,500
    assert a[15].tolist() == [5000 + 5000, 180000 - 10000, 0]  # 50 each of 1,800
    assert a[16].tolist() == [45000, 45000, 0]     # 50 % of 900, the rest to employers
    assert b[0].tolist() == [45000, 0, 0] and b[3].tolist() == [150000, 0, 0]
    assert cents[..., 0].sum() == 2 * 200000 + 90000 + 195000
    assert cents[..., 0].sum() + cents[..., 1].sum() == 2 * 285000 + 135000 + 195000
    assert not cents[..., 2].any()


def test_without_a_limit_the_share_is_paid_in_full() -> None:
    cents = qualification_cents({"covers": {"qualification": {"by_tenure_year": [1.0, 0.5]}}})
    assert cents[15, 0].tolist() == [90000, 90000, 0]  # 50 % of 1,800
    assert cents[..., 0].sum() == 2 * (195000 + 45000) + 90000 + 195000


def test_a_funder_from_a_month_counts_the_limit_from_there() -> None:
    """In force from month 4 (2013-05): the assessments fall to the employers and do not
    count; the first and the fourth then get 1,500 and 450 (1,950, under 2,000)."""
    cents = qualification_cents({"covers": {"qualification": LIMITED}, "from": "2013-05"})
    assert cents[1, 0].tolist() == [0, 90000, 0]
    assert cents[4, 0].tolist() == [300000, 0, 0]
    assert cents[15, 0].tolist() == [90000, 90000, 0]
    assert cents[16, 0].tolist() == [45000, 45000, 0]


def test_a_limit_of_zero_pays_nothing() -> None:
    cents = qualification_cents(
        {"covers": {"qualification": {"by_tenure_year": [1.0], "per_person_limit": 0}}})
    assert not cents[..., 0].any()
    assert cents[..., 1].sum() == 2 * 285000 + 135000 + 195000


def test_a_later_funder_of_the_whole_cost_pays_the_rest_past_the_limit() -> None:
    """The Jobcenter 100 % up to 2,000 EUR a person, ESF+ 100 % after it: ESF+ pays none
    of the modules of the second and the third (1,350 and 1,950, under the limit) nor
    the first and the fourth's first two (1,950), and of their 900 in month 15 exactly
    what is past the limit, 900 - 50 = 850 each: their 2,850 - 2,000. Nothing is left
    to the employers or the gap."""
    cents = qualification_cents(
        {"covers": {"qualification": {"by_tenure_year": [1.0], "per_person_limit": 2000}}},
        {"id": "esf", "covers": {"qualification": 1.0}})
    a, b = cents[:, 0], cents[:, 1]
    assert a[1].tolist() == [90000, 0, 0, 0]
    assert a[2].tolist() == [45000, 0, 0, 0]
    assert a[4].tolist() == [300000, 0, 0, 0]
    assert a[15].tolist() == [10000, 170000, 0, 0]
    assert a[16].tolist() == [90000, 0, 0, 0]     # the second's 900, all under the limit
    assert b[0].tolist() == [45000, 0, 0, 0] and b[3].tolist() == [150000, 0, 0, 0]
    assert cents[..., 1].sum() == 2 * 85000
    assert cents[..., 0].sum() + cents[..., 1].sum() == 2 * 285000 + 135000 + 195000
    assert not cents[..., 2:].any()


def test_a_later_share_stops_at_what_is_still_uncovered() -> None:
    """ESF+ 50 % after the Jobcenter's 100 % up to 2,000: it wants 50 % of each module
    but gets only what the Jobcenter leaves, nothing under the limit and of month 15's
    1,800 its 900 (of 1,700 left); the employers take the other 800. A limit of
    1,999.995 leaves each of the two 49.995, so the Jobcenter's cell is 99.99 and ESF+ at
    100 % pays the cent-exact rest, 1,700.01."""
    limited = {"by_tenure_year": [1.0], "per_person_limit": 2000}
    half = qualification_cents({"covers": {"qualification": limited}},
                               {"id": "esf", "covers": {"qualification": 0.5}})
    assert half[15, 0].tolist() == [10000, 90000, 80000, 0]
    assert half[4, 0].tolist() == [300000, 0, 0, 0]
    assert half[..., 1].sum() == 90000 and half[..., 2].sum() == 80000
    odd = qualification_cents(
        {"covers": {"qualification": {**limited, "per_person_limit": 1999.995}}},
        {"id": "esf", "covers": {"qualification": 1.0}})
    assert odd[15, 0].tolist() == [9999, 170001, 0, 0]


def test_allocation_without_the_charges_says_what_it_needs() -> None:
    scn = scenario(costs={"qualification": MODULES},
                   funding=[{"id": "jc", "covers": {"qualification": LIMITED}}])
    led = build_ledger(scn, spells(ROWS, 24, modules=TAKEN))
    with pytest.raises(ValueError, match="a funder with a per_person_limit on qualification "
                       "needs its charges spell by spell"):
        allocate(scn, led)


SIXTEEN_I = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


def refused(*sets: str) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        load_scenario(SIXTEEN_I, list(sets))
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize(("value", "line"), [
    ("{by_tenure_year: [1.0], per_person_limit: -5}",
     "funding.jobcenter.covers.qualification.per_person_limit: expected at least 0 "
     "(given: -5)"),
    ("{by_tenure_year: [1.0], per_person_limit: abc}",
     "funding.jobcenter.covers.qualification.per_person_limit: expected a number "
     "(given: 'abc')"),
])
def test_a_limit_that_is_no_amount_is_refused(value: str, line: str) -> None:
    lines = refused(f"funding.jobcenter.covers.qualification={value}",
                    "funding.land_esf.covers.qualification=0")
    assert lines == [f"{SIXTEEN_I} (--set): {line}"]


LIMIT_3000 = "{by_tenure_year: [1.0], per_person_limit: 3000}"
SUM_OF_TWO = ("funding.land_esf.covers.qualification: shares of 'qualification' add up to 2 "
              "({when}from 2026-01: jobcenter 1, land_esf 1), more than 1; expected at most 1 "
              "together")


def test_a_share_after_a_limited_one_may_bring_the_sum_past_1() -> None:
    """The Jobcenter up to 3,000 EUR a person, the Land's ESF+ (1.0 in the file) the
    rest: accepted, as the Land pays at most what is still uncovered."""
    scn = load_scenario(SIXTEEN_I, [f"funding.jobcenter.covers.qualification={LIMIT_3000}"])
    shares = {f.id: f.share_of("qualification") for f in scn.funding if f.id in
              ("jobcenter", "land_esf")}
    assert shares["jobcenter"].per_person_limit == 3000 and shares["land_esf"] == 1.0


def test_a_sum_past_1_without_a_limit_before_it_is_refused_and_told_of_one() -> None:
    lines = refused("funding.jobcenter.covers.qualification=1.0")
    assert lines == [f"{SIXTEEN_I}:80 (with --set): " + SUM_OF_TWO.format(when="") + (
        ", or a per_person_limit on jobcenter's share if it pays up to a sum per person "
        "(land_esf then pays at most what jobcenter leaves)")]


def test_a_sum_past_1_is_refused_where_the_limit_comes_after() -> None:
    lines = refused(f"funding.land_esf.covers.qualification={LIMIT_3000}",
                    "funding.jobcenter.covers.qualification=1.0")
    assert lines == [f"{SIXTEEN_I} (--set): " + SUM_OF_TWO.format(when="tenure year 1 ")]


def test_a_later_share_with_a_limit_of_its_own_stays_at_most_1() -> None:
    """Its sum per person would count the modules the Jobcenter paid: refused, saying so."""
    lines = refused(f"funding.jobcenter.covers.qualification={LIMIT_3000}",
                    f"funding.land_esf.covers.qualification={LIMIT_3000}")
    assert lines == [f"{SIXTEEN_I} (--set): " + SUM_OF_TWO.format(when="tenure year 1 ") + (
        "; land_esf may bring them past 1 only without a per_person_limit of its own (its "
        "sum per person would count what jobcenter pays)")]


def test_a_limit_on_a_category_not_charged_person_by_person_is_refused() -> None:
    lines = refused("funding.jobcenter.covers.wages="
                    "{by_tenure_year: [1.0], per_person_limit: 3000}")
    assert lines == [f"{SIXTEEN_I} (--set): funding.jobcenter.covers.wages.per_person_limit: "
                     "a per_person_limit is only for qualification (charged person by person) "
                     "(given: 3000)"]


def test_a_limit_in_covers_by_date_is_refused() -> None:
    lines = refused("funding.jobcenter.covers="
                    "{2026-01: {qualification: {by_tenure_year: [1.0], per_person_limit: 3000}}}")
    assert lines == [f"{SIXTEEN_I} (--set): funding.jobcenter.covers.2026-01.qualification."
                     "per_person_limit: a per_person_limit needs covers that do not change by "
                     "date (a person's sum would run across rule sets): give this funder "
                     "undated covers, with from/until if it pays for a time only (given: 3000)"]


def test_a_drawn_limit_in_a_batch_is_each_replication_alone() -> None:
    """A drawn limit gives every replication its own compiled funding: allocated group by
    group, each with its own spells' charges, the cents of each replication alone."""
    scn = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    data = scn.model_dump(by_alias=True, exclude_none=True)
    data["funding"][1]["covers"]["qualification"] = {"by_tenure_year": [1.0],
                                                     "per_person_limit": 1500}
    del data["funding"][2]["covers"]["qualification"]
    data["uncertainty"] = {"funding.jobcenter.covers.qualification.per_person_limit":
                           {"dist": "uniform", "low": 500, "high": 3000}}
    programs = drawn_programs(scenario_from_dict(data), 5)
    programs[3] = programs[1]  # two replications of one compiled funding
    assert len(by_program([p.funding for p in programs])) == 4
    spells = spell_batch([simulate(p.model, np.random.SeedSequence(i))
                          for i, p in enumerate(programs)])
    cuts = spell_cuts_many(spells, programs[0].costs.months, programs[0].costs.origin)
    ledger = build_ledger_many([p.costs for p in programs], spells, cuts)
    avoided = avoided_benefits_many([p.scenario for p in programs], spells,
                                    [p.benefits for p in programs], cuts)
    charges = person_charges_many([p.costs for p in programs], spells, cuts,
                                  ["qualification"])
    funding = allocate_many([p.funding for p in programs], ledger, avoided, charges)
    check_money_conserved_many(ledger, funding)
    for r, p in enumerate(programs):
        alone = allocate(p.funding, unstack(ledger, r), unstack(avoided, r),
                         {k: v.of_rows(np.array([r])) for k, v in charges.items()})
        assert np.array_equal(funding.cents[r], alone.cents)
    paid = funding.cents[..., Q, 1].sum(axis=(1, 2))  # the jobcenter's
    assert ((paid > 0) & (paid < funding.cost_cents[..., Q].sum(axis=(1, 2)))).all()


def test_the_rule_line_says_the_limit() -> None:
    """The size table's line and plan.xlsx's (German) say the limit after the shares."""
    scn = load_scenario(SIXTEEN_I, [
        "funding.jobcenter.covers.qualification={by_tenure_year: [1.0], "
        "per_person_limit: 3000}", "funding.land_esf.covers.qualification=0"])
    jobcenter = next(f for f in scn.funding if f.id == "jobcenter")
    assert covers_line(jobcenter, scn, "en", by_id=True).split("; ")[1] == (
        "qualification 100% by tenure year up to 3,000 EUR per person")
    assert rule_words(jobcenter, scn, "de").split("; ")[1] == (
        "Qualifizierung 100 % nach Beschäftigungsjahr bis 3.000 € je Person")


# A third funder after the one that pays the rest past a limit: nothing is left for it
# where the shares before it (but the limited one) add up to 1.

LIMIT_1000 = {"covers": {"qualification": {"by_tenure_year": [1.0], "per_person_limit": 1000}}}
BUND2 = {"id": "bund2", "covers": {"qualification": 0.5}}


def test_a_share_after_the_one_paying_the_rest_gets_only_the_months_without_it() -> None:
    """The Jobcenter 100 % up to 1,000 EUR a person, ESF+ 100 % until 2013-12, bund2
    50 %. Jobcenter: 450 + 550 of each of the four (4,000). ESF+ takes all the limit
    leaves in its months: provider b's 1,500 in month 3 less 550, 950; the two 1,500s in
    month 4 less 2 x 550, 1,900; bund2 nothing. From 2014-01 bund2 wants 50 %: of month
    15's 1,800 (both at the limit) 900, the employers the other 900; of month 16's 900
    (450 + 550 = 1,000 reached) 450, but only 350 is left. Each cell's funders and gap
    add up to its cost: 9,000 EUR in all."""
    cents = qualification_cents(LIMIT_1000, {"id": "esf", "until": "2013-12",
                                             "covers": {"qualification": 1.0}}, BUND2)
    a, b = cents[:, 0], cents[:, 1]          # jc, esf, bund2, employers, gap
    assert b[0].tolist() == [45000, 0, 0, 0, 0]
    assert b[3].tolist() == [55000, 95000, 0, 0, 0]
    assert a[1].tolist() == [90000, 0, 0, 0, 0]
    assert a[4].tolist() == [110000, 190000, 0, 0, 0]
    assert a[15].tolist() == [0, 0, 90000, 90000, 0]
    assert a[16].tolist() == [55000, 0, 35000, 0, 0]
    assert cents.sum(axis=(0, 1)).tolist() == [400000, 285000, 125000, 90000, 0]
    assert cents.sum() == 900000


def unit_scenario(*funders: dict[str, Any]) -> Any:
    return scenario(costs={"qualification": MODULES}, funding=[
        {"id": "jc", **LIMIT_1000}, *funders,
        {"id": "employers", "public": False, "covers": "remainder"}])


def test_the_months_a_later_share_gets_nothing_are_warned_of() -> None:
    """The scenario above: bund2's share pays nothing in 2013 (ESF+'s months)."""
    scn = unit_scenario({"id": "esf", "until": "2013-12", "covers": {"qualification": 1.0}},
                        BUND2)
    assert unpaid_share_warnings(scn) == [
        "funding.bund2.covers.qualification: bund2 pays nothing of qualification in "
        "2013-01 to 2013-12, though it has a share of it then: the shares before it but "
        "jc's, which stops at a per_person_limit, add up to 1 (from 2013-01: esf 1), so "
        "they take all that jc leaves; if it is to pay first there, put it before esf in "
        "the funding list, or give it dates that leave those months out if it takes over "
        "only after them"]
    assert unpaid_share_warnings(scn)[0] in scenario_warnings(scn, 1, False)


def test_a_cap_on_the_share_before_lets_the_later_one_pay() -> None:
    """ESF+ with 1,000 EUR in all: 950 in month 3, the 50 left in month 4, where bund2
    takes its 1,500 (50 % of 3,000) of the 1,850 left and the employers 350. No line."""
    esf = {"id": "esf", "covers": {"qualification": 1.0}, "cap_total": 1000}
    cents = qualification_cents(LIMIT_1000, esf, BUND2)
    assert cents[4, 0].tolist() == [110000, 5000, 150000, 35000, 0]
    assert not unpaid_share_warnings(unit_scenario(esf, BUND2))
    assert not unpaid_after_a_limit(unit_scenario(esf, BUND2))


def test_shares_below_1_before_it_leave_the_later_one_something() -> None:
    """ESF+ 100 % in tenure year 1, 50 % later: bund2 may get what year 2's modules
    leave. No line."""
    esf = {"id": "esf", "covers": {"qualification": {"by_tenure_year": [1.0, 0.5]}}}
    assert not unpaid_after_a_limit(unit_scenario(esf, BUND2))


def with_bund2(tmp_path: Path, *lines: str) -> Path:
    """The §16i scenario with the funder bund2 added after the others (its ``lines``)."""
    path = tmp_path / "bund2.yaml"
    path.write_text(f"base: {SIXTEEN_I}\nfunding:\n  - id: bund2\n"
                    + "".join(f"    {line}\n" for line in lines))
    return path


def test_a_share_that_pays_in_no_month_is_refused(tmp_path: Path) -> None:
    """bund2 until 2029-12, the Land's ESF+ 1.0 as long: bund2 could never pay."""
    path = with_bund2(tmp_path, "until: 2029-12", "covers: {qualification: 0.5}")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, [f"funding.jobcenter.covers.qualification={LIMIT_3000}"])
    assert [str(p) for p in err.value.problems] == [
        f"{path}:5 (with --set): funding.bund2.covers.qualification: bund2 pays nothing of "
        "'qualification' in any month: the shares before it but jobcenter's, which stops "
        "at a per_person_limit, add up to 1 (from 2026-01: land_esf 1), so they take all "
        "that jobcenter leaves; expected them below 1 together, or bund2 before land_esf in "
        "the funding list if it is to pay first"]


def test_shares_by_tenure_year_that_leave_nothing_are_said_at_least(tmp_path: Path) -> None:
    """The Land's ESF+ 0.6 then 1.0, kreis 0.4 after it: 1 and 1.4, at least 1; with
    the Land's alone bund2 could pay in tenure year 1, so it would go before kreis."""
    path = tmp_path / "kreis.yaml"
    path.write_text(f"base: {SIXTEEN_I}\nfunding:\n"
                    "  - {id: kreis, until: 2029-12, covers: {qualification: 0.4}}\n"
                    "  - {id: bund2, until: 2029-12, covers: {qualification: 0.5}}\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, [
            "funding.jobcenter.covers.qualification={by_tenure_year: [0.6], "
            "per_person_limit: 3000}",
            "funding.land_esf.covers.qualification={by_tenure_year: [0.6, 1.0]}"])
    assert [str(p) for p in err.value.problems] == [
        f"{path}:4 (with --set): funding.bund2.covers.qualification: bund2 pays nothing of "
        "'qualification' in any month: the shares before it but jobcenter's, which stops "
        "at a per_person_limit, add up to at least 1 in every tenure year (from 2026-01: "
        "land_esf [0.6, 1], kreis 0.4), so they take all that jobcenter leaves; expected "
        "them below 1 together, or bund2 before kreis in the funding list if it is to pay "
        "first"]


def test_a_share_that_pays_only_after_the_others_end_is_warned_of(tmp_path: Path) -> None:
    """bund2 for the whole period: nothing while ESF+ pays (until 2029-12), its share of
    what the Jobcenter leaves in 2030. English for the terminal, German for the pages."""
    scn = load_scenario(with_bund2(tmp_path, "covers: {qualification: 0.5}"),
                        [f"funding.jobcenter.covers.qualification={LIMIT_3000}"])
    assert unpaid_share_warnings(scn) == [
        "funding.bund2.covers.qualification: bund2 pays nothing of qualification in "
        "2026-01 to 2029-12, though it has a share of it then: the shares before it but "
        "jobcenter's, which stops at a per_person_limit, add up to 1 (from 2026-01: "
        "land_esf 1), so they take all that jobcenter leaves; if it is to pay first there, "
        "put it before land_esf in the funding list, or give it dates that leave those "
        "months out if it takes over only after them"]
    assert unpaid_share_warnings(scn, "de") == [
        "funding.bund2.covers.qualification: bund2 zahlt von Januar 2026 bis Dezember 2029 "
        "nichts bei qualification, obwohl er dann einen Anteil daran hat: die Anteile vor "
        "ihm ohne den von jobcenter, der bei einem per_person_limit endet, ergeben zusammen "
        "1 (ab Januar 2026: land_esf 1), sie nehmen also alles, was jobcenter übrig lässt; "
        "soll bund2 dort zuerst zahlen, ihn in der funding-Liste vor land_esf stellen, oder "
        "ihm Daten geben, die diese Monate auslassen, falls er erst danach übernimmt"]


def test_a_drawn_share_before_it_is_not_said(tmp_path: Path) -> None:
    """A draw of the Land's share may leave bund2 something: no refusal, no warning."""
    path = with_bund2(tmp_path, "until: 2029-12", "covers: {qualification: 0.5}")
    scn = load_scenario(path, [
        f"funding.jobcenter.covers.qualification={LIMIT_3000}",
        "uncertainty.funding.land_esf.covers.qualification="
        "{dist: uniform, low: 0.5, high: 1.0}"])
    assert not unpaid_after_a_limit(scn)


def test_in_booked_months_the_limit_counts_the_booked_cost(tmp_path: Path) -> None:
    """A re-forecast as of 2027-08 (test_actuals' two people): the Jobcenter pays
    qualification up to 600 EUR a person, the employers the remainder. A's entry module
    of 500 in 2027-01 is booked at 200: A's charge is scaled to the 200 booked, which the
    Jobcenter pays (under the limit), nothing left. B's month-12 module of 700 in 2027-07
    is booked at 900: B's charge is scaled to 900, the Jobcenter pays 600, its limit, the
    employers the 300 past it."""
    path = files(tmp_path, SPELLS, "month,provider,category,amount\n"
                 "2027-01,cjd,qualification,200\n2027-07,cjd,qualification,900\n")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["funding"] = [{"id": "jobcenter", "covers": {
        "wages": 1.0, "qualification": {"by_tenure_year": [1.0], "per_person_limit": 600}}},
        {"id": "employers", "public": False, "covers": "remainder"}]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run(RunSpec(load_scenario(path, actuals("2027-08", booked=True)), 2, 9), jobs=1)
    ledger = tables.ledger_table(result).set_index(["month", "category", "funder"]).amount
    paid = [(ledger[m, "qualification", "jobcenter"], ledger[m, "qualification", "employers"])
            for m in ("2027-01", "2027-07")]
    assert paid == [(200.0, 0.0), (600.0, 300.0)]
    assert result.metric("cost_qualification").tolist() == [1100.0] * 2


def booked_cents(modules: list[dict[str, Any]], rows: list[tuple], taken: list[list[bool]],
                 booked: dict[tuple[int, int], float], jobcenter: dict[str, Any]) -> np.ndarray:
    """Cents of qualification, ``[months, providers, (jc, employers, gap)]``, with the
    cells ``booked`` (``(month, provider)``: EUR) as a re-forecast's ``actuals.booked``
    books them; money conserved to the cent on the way."""
    scn = scenario(costs={"qualification": modules}, funding=[
        {"id": "jc", **jobcenter}, {"id": "employers", "public": False, "covers": "remainder"}])
    costs = compile_costs(scn)
    cells = np.full((costs.months, len(costs.provider_ids), len(CATEGORIES)), np.nan)
    for (month, provider), eur in booked.items():
        cells[month, provider, Q] = eur
    costs = dataclasses.replace(costs, booked=cells)
    people = spells(rows, 24, modules=taken)
    led = build_ledger(costs, people)
    result = allocate(scn, led, charges=person_charges(costs, people, ["qualification"]))
    check_money_conserved(led, result)
    return result.cents[:, :, Q, :]


UP_TO_3000 = {"covers": {"qualification": {"by_tenure_year": [1.0], "per_person_limit": 3000}}}


def test_a_booked_cell_is_paid_as_booked_where_nobody_reaches_the_limit() -> None:
    """A module of 500 in month 1, booked at 800, a limit of 3,000 far off: the funder
    pays its share of the booking, all 800, nothing left to the remainder."""
    cents = booked_cents([{"id": "m", "cost": 500, "month": 0}], [(0, 1.0, 24.0, EMPLOYED)],
                         [[True]], {(1, 0): 800.0}, UP_TO_3000)
    assert cents[1, 0].tolist() == [80000, 0, 0]
    assert cents[..., 1].sum() == 0


def test_a_booking_is_spread_over_the_persons_and_uses_their_limit_up() -> None:
    """Two persons' entry modules of 300 and 200 in month 1 (500), booked at 1,000:
    scaled to 600 and 400. Against a limit of 500 the funder pays 500 + 400 = 900, the
    remainder 100. Each takes a module of 100 in month 4 (not booked): the first is at
    the limit already (600 counted, not 300), so the funder pays only the second's 100
    (its 400 + 100 = 500), the remainder the first's."""
    modules = [{"id": "x", "cost": 300, "month": 0}, {"id": "y", "cost": 200, "month": 0},
               {"id": "z", "cost": 100, "month": 3}]
    rows = [(0, 1.0, 24.0, EMPLOYED), (0, 1.0, 24.0, EMPLOYED)]
    cents = booked_cents(modules, rows, [[True, False, True], [False, True, True]],
                         {(1, 0): 1000.0},
                         {"covers": {"qualification": {"by_tenure_year": [1.0],
                                                       "per_person_limit": 500}}})
    assert cents[1, 0].tolist() == [90000, 10000, 0]
    assert cents[4, 0].tolist() == [10000, 10000, 0]
    assert cents[..., 0].sum() == 100000


def test_a_booking_below_the_modules_pays_it_and_counts_only_it() -> None:
    """The module of 500 booked at 200: the funder pays 200, and of a limit of 600 the
    person has 400 left for the module of 700 in month 13 (not booked): 400 of it."""
    modules = [{"id": "m", "cost": 500, "month": 0}, {"id": "n", "cost": 700, "month": 12}]
    cents = booked_cents(modules, [(0, 1.0, 24.0, EMPLOYED)], [[True, True]],
                         {(1, 0): 200.0},
                         {"covers": {"qualification": {"by_tenure_year": [1.0],
                                                       "per_person_limit": 600}}})
    assert cents[1, 0].tolist() == [20000, 0, 0]
    assert cents[13, 0].tolist() == [40000, 30000, 0]


@pytest.mark.parametrize(("since", "booked", "module"), [({}, 250000, 25000),
                                                         ({"from": "2013-04"}, 250000, 0),
                                                         ({"from": "2013-08"}, 0, 0)])
def test_a_booking_where_nobody_is_charged_is_paid_as_nobodys_sum(
        since: dict[str, str], booked: int, module: int) -> None:
    """5,000 booked at provider b in month 6 (2013-07), where nobody is charged a module:
    no person to count it against, so the funder (50 % up to 3,000 a person) pays its
    share of all of it, 2,500 (also from 2013-04 on), the remainder the rest; a funder
    only from 2013-08 on pays none of it. The person at provider a keeps the limit for
    their 500 in month 1 (half of it paid where the funder is in force)."""
    jobcenter = {"covers": {"qualification": {"by_tenure_year": [0.5],
                                              "per_person_limit": 3000}}, **since}
    cents = booked_cents([{"id": "m", "cost": 500, "month": 0}], [(0, 1.0, 24.0, EMPLOYED)],
                         [[True]], {(6, 1): 5000.0}, jobcenter)
    assert cents[6, 1].tolist() == [booked, 500000 - booked, 0]
    assert cents[1, 0].tolist() == [module, 50000 - module, 0]


def test_each_replication_of_a_batch_keeps_its_own_booking() -> None:
    """Two replications, one person each at provider 0 charged 500 in month 1; the first
    books it at 800, the second books 300 at provider 1 where nobody is charged. Taken
    apart (``of_rows``), each wants (share 1.0, limit 3,000) what it booked, where."""
    charges = SpellCharges(np.array([[500.0], [500.0]]), np.array([[1], [1]]),
                           np.zeros((2, 1), dtype=np.int64), np.array([0, 0]),
                           np.array([0, 1]), 2, 3, 2)
    booked = np.full((2, 3, 2), np.nan)
    booked[0, 1, 0], booked[1, 1, 1] = 800.0, 300.0
    scaled = charges.as_booked(booked)
    first = scaled.of_rows(np.array([0])).limited(np.array([1.0]), 3000.0)
    second = scaled.of_rows(np.array([1])).limited(np.array([1.0]), 3000.0)
    assert first[0].tolist() == [[0.0, 0.0], [800.0, 0.0], [0.0, 0.0]]
    assert second[0].tolist() == [[0.0, 0.0], [500.0, 300.0], [0.0, 0.0]]
