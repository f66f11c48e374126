"""finsim's ceilings on what a scenario may ask for, and the ids the outputs reserve.

Every number here is a named limit with the reason it sits where it does. Validation
refuses a value beyond a limit with one line naming the limit, so a mistyped or hostile
scenario stops before any work instead of exhausting memory or losing cents.

The money arithmetic behind the ceilings: money is kept in whole cents. An int64 holds
9.2e18 cents (9.2e16 EUR), and a float64 holds every whole number of cents exactly up to
2**53 = 9.0e15 cents (9.0e13 EUR), which matters wherever cents pass through floats (the
ledger's per-cell EUR, the summaries). finsim therefore refuses, before any work, a
scenario whose costs *could* exceed ``MAX_TOTAL_EUR`` = 1e12 EUR over its horizon (an
upper bound computed from the parameters: every slot always occupied, every referral
taking every module). That keeps every total 90 times inside exact float cents and
92,000 times inside int64 cents. A single money value is capped at ``MAX_AMOUNT_EUR``
= 1e12 EUR as well, so no intermediate product of the ceilings below overflows a float
(1e12 EUR x 168 hours x 4.33 weeks x 2 x 1e6 persons x 1,200 months is 1.7e27).
"""

from __future__ import annotations

MAX_MONTHS = 1_200
"""Longest horizon, and longest duration in months anywhere in a scenario (100 years).
A budget forecast beyond a century says nothing; the ledger grows with the months."""

MAX_AMOUNT_EUR = 1e12
"""Largest single money value (EUR): a wage, a cost rate, a cap, a benefit rate. One
trillion euros is about twice the German federal budget of a year."""

MAX_TOTAL_EUR = 1e12
"""Largest total the costs (or the benefits avoided) may reach over the horizon, as an
upper bound from the parameters (EUR). 90x below 2**53 cents, the limit of exact cents
in a float64; 92,000x below the int64 limit of 9.2e16 EUR."""

MAX_PERSONS = 1_000_000
"""Most persons in one place: slots of all providers together in any month, participants
at the start, mean referrals a month. More than all long-term unemployed people in
Germany (about one million); each person simulated costs memory."""

MAX_HOURS_PER_WEEK = 168.0
"""Contract hours a week cannot exceed the hours a week has."""

MAX_FACTOR = 1e6
"""Largest hazard factor of a modifier. A million times a hazard of 0.1 % a month has the
group leave within the first hour; a larger factor says nothing more, and the product of
the factors a person matches stays finite (the simulation caps that product's hazard at
1e12 a month: gone within microseconds)."""

MAX_REPLICATIONS = 1_000_000
"""Most Monte Carlo replications. At a million the Monte Carlo error of a mean is a
thousandth of the spread between replications; more buys nothing but time."""

MAX_POINTS = 100_000
"""Most sample points of a sensitivity design (each runs the replications). Sobol with the
default 16 samples and five parameters has 113; a design past this would take weeks and
its sampling alone gigabytes before the work could be estimated."""

MAX_SEED = 2**128 - 1
"""Largest seed: numpy's SeedSequence keeps 128 bits of entropy; a longer seed adds none."""

MAX_PROVIDERS = 1_000
"""Most providers in one scenario (Germany has about 400 Jobcenters)."""

MAX_FUNDERS = 100
"""Most funders in one scenario; every funder multiplies the ledger's size."""

MAX_MODULES = 100
"""Most qualification modules in one scenario."""

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest scenario file (2 MiB). The seed scenario is 13 KiB; a national scenario with a
slot schedule for each of 400 providers stays well below 1 MiB."""

MAX_CASELOAD_BYTES = 64 * 1024 * 1024
"""Largest caseload file (64 MiB): a line per spell of about 60 bytes, so about a million
spells, more than Germany's subsidised jobs of a decade."""

MAX_YAML_DEPTH = 64
"""Deepest nesting of YAML collections. A scenario nests about 7 deep; the YAML parser
recurses per level, so a bound keeps a hostile file from exhausting the stack. A value
nested deeper is refused at its place beside the file's other problems; one nested more
than twice as deep stops the reading."""

MAX_YAML_NODES = 200_000
"""Most YAML nodes in one document, counting every alias as the whole subtree it stands
for (so a 'billion laughs' alias bomb stops after 200,000, not a billion). The seed
scenario has a few hundred; a national one with a schedule per provider a few ten thousand."""

MAX_BASE_CHAIN = 20
"""Longest chain of ``base:`` files; real scenarios inherit one or two levels deep."""

RESERVED_IDS: dict[str, str] = {
    "gap": "the outputs use it for the funding gap (funder 'gap' in ledger.csv and plan.csv, "
           "metric funding_gap)",
    "all": "the outputs use it for the program rows (provider 'all' in flows.csv) and for "
           "benefits without a payer split",
    "total": "the outputs use it for totals (cost_total, the total row and column of the plan, "
             "covers: {total: ...})",
    "remainder": "it is the funding rule covers: remainder",
    "program": "the outputs use it for the whole program",
    "contingency": "the outputs use it for the contingency rows of plan.csv",
}
"""Words the outputs use as a row, column or metric name, refused as a provider, funder,
payer or budget id (compared as ``checks.id_key`` reads them: in any case, a full-width
``ｇａｐ`` too) so that no id can take a total's place."""


READ_AS_MISSING = frozenset({
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"})
"""The texts pandas' ``read_csv`` reads as a missing value by default (its ``na_values``,
``pandas._libs.parsers.STR_NA_VALUES``; written out so that loading a scenario does not
import pandas, compared with pandas' own in the tests): an id written so loses it in
every CSV a pandas analysis reads, and its rows drop out of each group-by."""

READ_AS_NUMBER = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})
"""Ids (in any case) a CSV reader takes for the number infinity, not for text."""
