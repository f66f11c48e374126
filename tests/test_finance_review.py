"""A finance officer's review of the library scenarios, cell by cell, by hand.

Each test takes a library scenario as shipped (only the people are made deterministic:
hand-made spells, or no hazards and no referrals), recomputes one figure from the
scenario's own inputs and compares it with finsim's to the cent. The scenarios' inputs
used here, with their sources in the scenario files and docs/sources.md:

- minimum wage 13.90 EUR (2026), 14.60 (2027) [sources 2.1]; wages uprated 2.5 % a
  year after 2027 [E]; 39 h = 169 h a month; employer contributions 22 % (2026 rates
  held in 2027 [S sources 2.2 + E]);
- subsidisable wage: minimum wage x 1.1985 (RV 9.3 + KV 7.3 + Zusatzbeitrag 1.45 + PV 1.8,
  no ALV) [sources 1.3, 2.2];
- coach 74,675 EUR a year to 2026-04 and 76,766 from the TVöD step of 2026-05, held to
  2027-03 with that table, 78,915 from 2027-04; management 13,500 held to 2027-03, 13,878
  from 2027-04; after 2027 +2.8 % a year each January [E sources 2.5]; 11.5 participants
  per coach; overhead 6.13 % of staff;
- material 65.00 per slot-month and modules in 2026 prices, +2 % a year after 2026 [E].
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import finsim
from finsim.analysis.sizing import move_period
from finsim.ledger import build_ledger
from finsim.scenario.model import CATEGORIES
from tests.test_ledger_support import EMPLOYED, spells

ROOT = Path(__file__).parent.parent
MINIMUM_WAGE = ROOT / "scenarios" / "aktiv-statt-passiv-2026-minimum-wage.yaml"
C = {c: i for i, c in enumerate(CATEGORIES)}


def caritas_2027(scn, entry: float, months: int) -> np.ndarray:
    """Caritas's (the first provider's) cost per month and category, EUR rounded to the
    cent, with one participant in a slot from ``entry`` (months after the period start)
    to the end of the period."""
    n_modules = len(scn.costs.qualification)  # none taken: entry modules fall before 2027
    ledger = build_ledger(scn, spells([(0, entry, float(months), EMPLOYED)], months,
                                      n_modules=n_modules))
    return np.round(ledger.by_category[:, 0, :], 2)


def test_a_plan_from_2027_keeps_the_2026_prices_the_scenario_is_written_in():
    """`finsim size --start 2027-01` on the 2026 minimum-wage file: the file's plain
    money values are in 2026 prices, so January 2027 costs what a run from 2026 says.
    Caritas, 24 slots, one participant who entered in January 2026:

    - material 24 x 65.00 x 1.02 = 1,591.20 (2028: x 1.02^2 = 1,623.024 -> 1,623.02);
    - staff 76,766 / 12 / 11.5 + 13,500 / 12 (both schedules: the TVöD table of May 2026
      holds to 31.03.2027) = 556.2754 + 1,125.00 = 1,681.28;
      overhead 6.13 % of the coaching, 34.0997, + 6.13 % of the management, a fixed
      68.9625 a month to March and 70.89345 from April, booked in whole cents that add up
      to the year's 844.92855 -> 844.93 (68.96 x 3 + 70.89 x 9 = 844.89: the 4 cents left
      to April-July, the larger remainders): 34.0997 + 68.96 = 103.0597 -> 103.06;
    - wages 14.60 x 169 x 1.22 = 3,010.228 -> 3,010.23 (a schedule: it stood already).

    Before the fix the moved period took 2027 as its base year: material 1,560.00 and
    staff 1,675.72 in January 2027, the whole plan about 2-3 % too low."""
    own = finsim.load(MINIMUM_WAGE)
    moved = move_period(own, "2027-01", 24)
    assert moved.period.simulate_from == "2026-01"
    plan = caritas_2027(moved, -12.0, 24)
    jan = plan[0]
    assert jan[C["material"]] == 1591.20
    assert jan[C["staff"]] == 1681.28
    assert jan[C["overhead"]] == 103.06
    assert jan[C["wages"]] == 3010.23
    assert plan[12, C["material"]] == 1623.02
    # the same months of a run from 2026
    run = caritas_2027(own, 0.0, 24)
    assert plan[:12].tolist() == run[12:].tolist()


def test_a_plan_from_2027_of_a_caseload_keeps_the_2026_prices_too(tmp_path):
    """The same plan for a running program whose caseload file says who is there: no
    warm-up from 2026 (the file holds the people), but the prices are still the file's
    2026 prices (kept as prices.base_year), so January 2027 costs the same cents as
    above. Before the fix the caseload's plan re-based the plain numbers to 2027:
    material 24 x 65.00 = 1,560.00 and staff 1,675.72 (at the coach cost of then)."""
    caseload = tmp_path / "caseload.csv"
    caseload.write_text("person,provider,entry,exit,exit_reason\nB1,caritas,2026-09-01,,\n")
    own = finsim.load(MINIMUM_WAGE, {"participants.initial": str(caseload)})
    moved = move_period(own, "2027-01", 24)
    assert moved.period.simulate_from is None and moved.prices.base_year == 2026
    jan = caritas_2027(moved, -4.0, 24)[0]
    assert jan[C["material"]] == 1591.20
    assert jan[C["staff"]] == 1681.28
    assert jan[C["overhead"]] == 103.06


PAT = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml"
NOBODY_MOVES = {"participants.initial": 161, "participants.referrals_per_month": 0,
                "employment.hazards.placement": 0, "employment.hazards.dropout": 0}
"""161 people in the 161 slots from January 2026 to the horizon, nobody else."""
GROSS_2026 = 161 * 12 * 13.90 * 169  # 4,538,461.20 EUR of gross wages in 2026


@pytest.fixture(scope="module")
def pat_run():
    """The §16i PAT file with nobody moving: one replication, values as written."""
    from finsim.report import tables

    run = finsim.run(PAT, NOBODY_MOVES, replications=1, seed=1, uncertainty=False, jobs=1)
    households = tables.structure_table(run.result).query("attribute == 'household'")
    counts = dict(zip(households["value"], households["count_mean"], strict=True))
    fiscal = tables.fiscal_table(run.result).set_index(["budget", "year"])
    return run.summary().set_index("metric")["mean"], counts, fiscal


def test_the_bund_saves_per_household_what_its_parts_say(pat_run):
    """A month of benefits avoided for the Bund (docs/passive-benefits.md, 2026 parts):
    single and not stated 563 + 176.30 + 72.1 % x 600 = 1,171.90; couple (top-up 230 is
    KdU first) 1,012 + 176.30 + 72.1 % x 490 = 1,541.59 (the partner stays insured
    through Buergergeld, so only the participant's flat KV/PV is saved, not 2 x 176.30
    = 1,717.89 as before); single parent (top-up 215)
    896.68 + 176.30 + 72.1 % x 505 = 1,437.085. The City saves the other 27.9 % of the KdU
    avoided: 167.40, 136.71, 140.895. A saving is whole cents per month and provider
    (the single parents' half cents of the Bund and the City round up where a provider
    has an odd number of them): at most half a cent per provider-month from the exact sum.

    The City puts the KdU it saves into the wages (limited_to: benefits_avoided), so it
    pays exactly what it saves: net 0.00 in every year. Before, its money was rounded to
    the cent apart from its saving: it paid 0.24 EUR a year more than it saved here, and
    0.63 EUR over the five years of the file's own run (net_cost_kommune 0.63)."""
    summary, n, fiscal = pat_run
    assert sum(n.values()) == 161
    bund = (1171.90 * (n["single"] + n["not_stated"]) + 1541.59 * n["couple_no_children"]
            + 1437.085 * n["single_parent"])
    kommune = (167.40 * (n["single"] + n["not_stated"]) + 136.71 * n["couple_no_children"]
               + 140.895 * n["single_parent"])
    half_cents = 0.005 * 9 * 12  # providers x months of a year
    assert abs(fiscal.loc[("bund", 2026), "saved"] - 12 * bund) <= half_cents
    assert abs(summary["passive_benefits_avoided_bund"] - 60 * bund) <= 5 * half_cents
    for year in range(2026, 2031):
        city = fiscal.loc[("kommune", year)]
        assert abs(city["saved"] - 12 * kommune) <= half_cents
        assert round(city["paid"], 2) == round(city["saved"], 2)
    assert summary["funding_city"] == summary["passive_benefits_avoided_kommune"]


@pytest.mark.parametrize("name", ["minimum-wage", "16i", "16i-pat", "16i-tariff"])
def test_a_couple_with_a_top_up_saves_only_the_participant_s_flat_kv_pv(name):
    """Every 2026 file: a couple still drawing a 230 EUR top-up stays on Buergergeld, so
    the partner stays insured through it (par. 5(1) no. 2a, par. 10(1) s. 1 no. 2 SGB V
    since 2016) and the Bund saves 1,012 + 176.30 + 72.1 % x 490 = 1,541.59 a month, not
    the 1,717.89 of both adults' 2 x 176.30."""
    from finsim.report.month import resolved_month
    from finsim.scenario import load_scenario

    scn = load_scenario(ROOT / "scenarios" / f"aktiv-statt-passiv-2026-{name}.yaml")
    avoided = resolved_month(scn, "2026-03")["passive_benefits"]["avoided_per_person_month"]
    assert avoided["bund"]["couple_no_children"] == 1541.59


def test_the_pat_flat_rates_by_household(pat_run):
    """The Jobcenter's money from the transfer: 800 a month for a single person (and
    not stated), 1,000 for a single parent, 1,100 for a couple, each below the Bund's
    saving for that household and below the Jobcenter's subsidy: 60 months of them."""
    summary, n, _ = pat_run
    flat = (800 * (n["single"] + n["not_stated"]) + 1000 * n["single_parent"]
            + 1100 * n["couple_no_children"])
    assert summary["transfer_jobcenter"] == 60 * flat


def test_social_insurance_returns_are_net_of_the_flat_contributions_the_bund_saves(pat_run):
    """2026 returns: 33.12 % of 4,538,461.20 gross = 1,503,138.35 to the social
    insurance, 2.72 % = 123,446.14 to the Bund. Over the five years the 33.12 % stands for
    39.7 % of the gross wage plus the childless employees' 0.6 pp care surcharge
    (par. 55(3) SGB XI) on the single and childless couples' 69.4611 % of the mix
    (+0.4168 pp; 31.7 % and 32.7 % left it out) less the flat KV/PV of 176.30 per
    participant a month the Bund no longer pays the funds: within 2 % of that (before,
    the full 39.7 % counted these 1.70 M EUR twice, once as the Bund's saving and once as
    the funds' gain; and 31.7 % took a couple's partner's 176.30 off too, which the funds
    still get)."""
    summary, n, fiscal = pat_run
    assert round(fiscal.loc[("sozialversicherung", 2026), "returns"], 2) == round(
        0.3312 * GROSS_2026, 2) == 1_503_138.35
    assert round(fiscal.loc[("bund", 2026), "returns"], 2) == 123_446.14
    returns = fiscal.xs("sozialversicherung", level="budget")["returns"].sum()
    gross = returns / 0.3312
    rate = 0.397 + 0.006 * (0.550898 + 0.143713)
    flat = 60 * 176.30 * 161
    assert abs(returns - (rate * gross - flat)) < 0.02 * (rate * gross - flat)


SLOTS = {"caritas": 24, "cjd": 39, "diakonie": 21, "dobeq": 18, "frauenzentrum": 10,
         "gruenbau": 20, "prompt": 25, "stadtteilschule": 1, "werkhof": 3}
"""The seed's providers and slots, kept by the 2026 files (161 in all)."""


def cents(x: float) -> float:
    """Half a cent up, as finsim rounds every cell (amounts are never negative)."""
    return float(np.floor(x * 100 + 0.5 + 1e-9)) / 100


def whole_cents(months: list[float]) -> list[float]:
    """A fixed amount a month as the ledger books it in the 12 months of a calendar year:
    each month's whole cents, and the cents the year lacks to its sum rounded to the cent
    going to the months with the largest remainders, the earlier month first."""
    exact = [100 * month for month in months]
    whole = [int(np.floor(c + 1e-9)) for c in exact]
    lacking = round(cents(sum(months)) * 100) - sum(whole)
    order = sorted(range(12), key=lambda m: (-round(exact[m] - whole[m], 6), m))
    return [(whole[m] + (m in order[:lacking])) / 100 for m in range(12)]


def test_a_2027_funding_plan_by_hand():
    """`finsim size` of the §16e minimum-wage file for 2027 (--start 2027-01 --months 12),
    the 161 people of January 2026 in their second year all year, nobody moving. Each
    cell is a provider's month, rounded to the cent; the year is 12 equal months.

    - wages: n x 14.60 x 169 x 1.22 (3,010.228 a person);
    - §16e year 2: City and Jobcenter together 50 % of the subsidisable wage,
      n x 14.60 x 169 x 1.1985 x 0.5 (1,478.589 a person);
    - Land/ESF+ (one funder, its money 60 % the Land's budget, 40 % the EU's): staff n /
      11.5 x 76,766 / 12 in 2027-01..03 (the TVöD agreement runs to 31.03.2027), x 78,915
      / 12 from 2027-04, + management 13,500 (2,000 for the two smallest) / 12 to 2027-03
      and x 1.028 from 2027-04, in whole cents that add up to the year (``whole_cents``:
      2,000 / 12 = 166.666... is 166.67 in January to March, 2,056 / 12 = 171.333... is
      171.34 in April and May, 171.33 after: 2,042.00), material 66.30 x slots (65.00 x
      1.02), no modules (all fell due in 2026);
    - employers: the rest of the wages and the overhead 6.13 % of staff, its part on the
      management a fixed amount a month too (6.13 % of 2,042.00 = 125.17 a year).

    No replication differs in money (uncertainty off), so no funder gets a contingency."""
    plan = finsim.size(MINIMUM_WAGE, start="2027-01", months=12, overrides=NOBODY_MOVES,
                       replications=2, uncertainty=False, jobs=1, confidence=0.9).summary()
    got = plan.groupby(["category", "funder"])["amount"].sum()
    wages = subsidy = staff = material = overhead = 0.0
    for provider, n in SLOTS.items():
        year = 2000 if provider in ("stadtteilschule", "werkhof") else 13500
        management = [year / 12] * 3 + [year * 1.028 / 12] * 9  # +2.8 % from 2027-04
        wages += 12 * cents(n * 14.60 * 169 * 1.22)
        subsidy += 12 * cents(n * 14.60 * 169 * 1.1985 * 0.5)
        fixed, on_fixed = whole_cents(management), whole_cents([0.0613 * m for m in management])
        for month in range(12):  # the TVöD table of 2026-05 to 2027-03, then 78,915
            coaching = n / 11.5 * (76766 if month < 3 else 78915) / 12
            staff += cents(coaching + fixed[month])
            overhead += cents(0.0613 * coaching + on_fixed[month])
        material += 12 * cents(n * 65.00 * 1.02)
    wage_rows = got.loc["wages"]
    assert round(wage_rows.sum(), 2) == round(wages, 2) == 5_815_760.40
    assert round(wage_rows["city"] + wage_rows["jobcenter"], 2) == round(subsidy, 2)
    assert round(wage_rows["employers"], 2) == round(wages - subsidy, 2)
    assert round(got.loc[("staff", "land_esf")], 2) == round(staff, 2)
    assert round(got.loc[("material", "land_esf")], 2) == round(material, 2) == 128_091.60
    assert got.loc[("qualification", "land_esf")] == 0
    assert round(got.loc[("overhead", "employers")], 2) == round(overhead, 2)
    assert got.xs("gap", level="funder").sum() == 0
    lift = got.loc["contingency"]
    assert lift["land_esf"] == lift["employers"] == lift["gap"] == 0


I16 = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"


def test_the_esf_lag_and_retention_in_the_cash_balance():
    """The Land/ESF+ pays per calendar quarter in arrears, 2 months after the quarter
    (the drawn lag's mode, uncertainty off), holding back 10 % of each claim (rounded per
    provider and claim) until the final statement, 6 months after its last month: ESF+
    costs are eligible until 2029-12 (CPR art. 63(2), sources 1.6), so the retention is
    paid in 2030-07, not six months after the horizon's end (2031-07, as before: the
    providers then pre-financed 403 k EUR a year longer and the program's balance stayed
    negative for 66 months instead of 60).

    - January to March 2026: the Land pays nothing; its Q1 claim arrives in June 2026 as
      90 % of the ledger's Land amounts of those months, per provider;
    - the balance at the end of May 2026 is short of the whole Q1 claim and April-May;
    - 2030-07 brings the retained tenth of every 2026-2029 claim."""
    from finsim.report import tables

    run = finsim.run(I16, NOBODY_MOVES, replications=1, seed=1, uncertainty=False, jobs=1)
    ledger = run.ledger()
    land = ledger[ledger.funder == "land_esf"].assign(month=lambda d: d.month.astype(str))
    by_quarter = land.assign(q=lambda d: d.month.str[:4] + "Q" + (
        (d.month.str[5:7].astype(int) - 1) // 3 + 1).astype(str))
    claims = by_quarter.groupby(["q", "provider"], observed=True)["amount"].sum().round(2)
    held = {q: sum(cents(0.1 * c) for c in claims.loc[q]) for q in claims.index.levels[0]}
    cash = tables.cashflow_table(run.result)
    program = cash[cash.provider == "all"].set_index("month")["inflow_land_esf"]
    assert program.loc[["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]].sum() == 0
    assert round(program.loc["2026-06"], 2) == round(claims.loc["2026Q1"].sum()
                                                     - held["2026Q1"], 2)
    retained = sum(v for q, v in held.items() if q < "2030")
    assert held["2030Q1"] == 0 and claims.loc["2030Q4"].sum() == 0
    assert round(program.loc["2030-07"], 2) == round(retained, 2)
    assert program.loc[[m for m in program.index if m > "2030-07"]].sum() == 0
    summary = run.summary().set_index("metric")["mean"]
    assert summary["months_negative"] == 60


def test_the_files_add_up_to_each_other():
    """A finance officer's cross-checks, on the §16i file (two replications, drawn): the
    ledger summed by funder is each funder's mean, by category each cost's, in all the
    cost total; summed by year and budget (a funder's amount at each budget's share) it
    is fiscal.csv's `paid`; the
    funders and the gap are the cost; the providers' means add up to the program's; the
    cash flow pays each funder's amount in full. Means are rounded to the cent per row,
    so a sum of rows may differ by half a cent a row, no more."""
    from finsim.report import tables

    run = finsim.run(I16, replications=2, seed=7, jobs=1)
    summary = run.summary().set_index("metric")["mean"]
    ledger = run.ledger().assign(year=lambda d: d.month.dt.year)
    rows = ledger.groupby("funder", observed=True).size().max()

    def near(a: float, b: float, n: int) -> bool:
        return abs(a - b) <= 0.005 * n + 1e-6

    for funder, amount in ledger.groupby("funder", observed=True)["amount"].sum().items():
        assert near(amount, summary[f"funding_{funder}"], rows)
    for category, amount in ledger.groupby("category", observed=True)["amount"].sum().items():
        assert near(amount, summary[f"cost_{category}"], rows)
    funders = [k for k in summary.index if k.startswith("funding_")]
    assert round(sum(summary[k] for k in funders), 2) == pytest.approx(
        summary["cost_total"], abs=0.005 * len(funders))
    budget = {f.id: f.budget_shares for f in run.scenario.funding}  # land_esf: land, eu
    spent = ledger[ledger.funder != "gap"].assign(funder=lambda d: d.funder.astype(str))
    names = {b for shares in budget.values() for b in shares}
    paid = pd.concat([spent.assign(budget=b, amount=spent.amount * spent.funder.map(
        lambda f, b=b: budget[f].get(b, 0.0))) for b in names]
    ).groupby(["budget", "year"])["amount"].sum()
    fiscal = tables.fiscal_table(run.result).set_index(["budget", "year"])["paid"]
    for key, amount in paid.items():  # and under a cent a cell from the split in cents
        assert near(amount, fiscal.loc[key], 2 * rows)
    providers = run.providers()
    for metric in ("cost_total", "funding_jobcenter", "funding_employers",
                   "passive_benefits_avoided_kommune", "slot_months", "entries"):
        assert near(providers[providers.metric == metric]["mean"].sum(), summary[metric],
                    len(run.scenario.providers))
    cash = tables.cashflow_table(run.result)
    program = cash[cash.provider == "all"]
    for funder in budget:
        assert near(program[f"inflow_{funder}"].sum(), summary[f"funding_{funder}"],
                    len(program))
    assert near(program["outflow"].sum(), summary["cost_total"], len(program))


def test_a_jahressonderzahlung_is_pay_on_which_tax_and_contributions_flow_back():
    """The tariff file (Caritas 24 and Diakonie 21 slots at 15.93 EUR, 16.38 from
    2026-05; the others at the minimum wage 13.90), nobody moving, with a return of 10 %
    of gross pay to the Bund. November 2026, Caritas: 24 x 85 % (TVoeD-VKA from 2026,
    not the 84.51 % of 2022-2025) x 16.38 x 169 x 1.22 = 68,895.46 (the whole year
    worked: no twelfth less). 2026 gross pay: wages
    169 x (116 x 13.90 x 12 + 45 x (4 x 15.93 + 8 x 16.38)) = 4,751,097.00 plus the
    Jahressonderzahlungen 45 x 0.85 x 16.38 x 169 = 105,884.42; returns 485,698.14.
    Before, the returns left the Jahressonderzahlung out (475,109.70)."""
    from finsim.report import tables

    tariff = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-tariff.yaml"
    run = finsim.run(tariff, {**NOBODY_MOVES, "returns": {"bund": 0.1}}, replications=1,
                     seed=1, uncertainty=False, jobs=1)
    ledger = run.ledger()
    november = ledger[(ledger.month.astype(str) == "2026-11") & (ledger.provider == "caritas")
                      & (ledger.category == "one_off")]
    assert round(november["amount"].sum(), 2) == 68_895.46
    fiscal = tables.fiscal_table(run.result).set_index(["budget", "year"])
    gross = 169 * (116 * 13.90 * 12 + 45 * (4 * 15.93 + 8 * 16.38)) + 45 * 0.85 * 16.38 * 169
    assert round(fiscal.loc[("bund", 2026), "returns"], 2) == round(0.1 * gross, 2) == 485_698.14


def test_the_16i_step_down_at_an_anniversary_inside_a_month():
    """The §16i file, one single person at Caritas from t = 3.2 (about 7 April 2026).
    April 2028 (months 27 to 28) holds the second anniversary at 27.2: 0.2 of the month
    in year 2 at 100 %, 0.8 in year 3 at 90 %. 2028 minimum wage as the file uprates it:
    14.60 x 1.025 = 14.965; subsidisable month 14.965 x 169 x 1.1985 = 3,031.1085.

    - City and Jobcenter together: 3,031.1085 x (0.2 + 0.8 x 0.9) = 2,788.62;
    - the City: the KdU it saves for a single person, 27.9 % x 600 = 167.40 (a full
      month employed), the Jobcenter the rest, 2,621.22;
    - the employers: the wage line 14.965 x 169 x 1.22 = 3,085.48 less 2,788.62 = 296.86.
    A year later (April 2029: 0.2 at 90 %, 0.8 at 80 %, on 14.965 x 1.025 = 15.339125):
    3,106.8862 x 0.82 = 2,547.65."""
    from finsim.funding import allocate
    from finsim.funding.benefits import avoided_benefits

    scn = finsim.load(I16)
    single = list(scn.participants.mix["household"]).index("single")
    codes = [0] * len(scn.participants.mix)
    codes[list(scn.participants.mix).index("household")] = single
    people = spells([(0, 3.2, 60.0, EMPLOYED)], 60, n_modules=len(scn.costs.qualification),
                    attributes=[codes])
    ledger = build_ledger(scn, people)
    fund = allocate(scn, ledger, avoided_benefits(scn, people, ledger.cost.shape[-1]))
    wages = {f: fund.of(f)[:, 0, C["wages"]] for f in ("city", "jobcenter", "employers")}
    april_2028, april_2029 = 27, 39
    assert round(wages["city"][april_2028], 2) == 167.40
    assert round(wages["jobcenter"][april_2028], 2) == 2621.22
    assert round(wages["city"][april_2028] + wages["jobcenter"][april_2028], 2) == 2788.62
    assert round(wages["employers"][april_2028], 2) == 296.86
    assert round(wages["city"][april_2029] + wages["jobcenter"][april_2029], 2) == 2547.65


def test_a_one_year_plans_contingency_is_the_quantile_of_the_replications():
    """For a plan of one calendar year, each funder's yearly total is its period total,
    which replications.csv holds per replication: the Risikozuschlag must be its 90 %
    quantile (linear, numpy's default) less its mean, to the cent, and the request the
    quantile itself."""
    plan = finsim.size(MINIMUM_WAGE, start="2027-01", months=12, confidence=0.9,
                       overrides={"participants.referrals_per_month": "on_demand"},
                       replications=20, seed=11, jobs=1)
    table = plan.summary()
    lift = table[table.category == "contingency"].set_index("funder")["amount"]
    mean = table[table.category != "contingency"].groupby("funder")["amount"].sum()
    runs = plan.run.replications()
    for funder in plan.run.scenario.funder_ids:
        values = runs[f"funding_{funder}"].to_numpy()
        expected = max(np.quantile(values, 0.9) - values.mean(), 0.0)
        assert lift[funder] == pytest.approx(expected, abs=0.006)
        assert mean[funder] + lift[funder] == pytest.approx(np.quantile(values, 0.9),
                                                            abs=0.005 * 7 + 0.006)
    assert lift["jobcenter"] > 0  # the draws move it: the check is not of zeros
