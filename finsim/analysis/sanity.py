"""Sanity warnings: results that are valid but probably not what the user meant.

A warning is printed and recorded in ``run.json``; it stops nothing unless the user asks
``--strict`` (then it is exit 2, one line each, and nothing is written). Each names what
looks wrong, the number behind it, and where to look:

- occupancy under 50 % of the slots in a reported calendar year (a program that empties
  because nobody is referred: the seed scenario moved to a later period, say), several
  such years in one line (``Listed``);
- monthly exit hazards (``employment.hazards``, a provider's own) whose placement and
  dropout add up to ``FAST_EXITS`` or more, a mean stay under 5 months (0.6 and 0.5 typed
  for 0.6 % and 0.5 %): said with the percent reading; the occupancy warning then names
  the fast exits, not the referrals, as what empties the slots; likewise a group whose
  ``modifiers`` raise the hazards to it, and (where the run draws) a hazard draw whose
  upper end reaches it;
- more people at month end than a provider's slots in force that month (a slot
  schedule cut below the people employed, who are not dismissed), the months named;
- a schedule whose last date lies more than 12 months before the period, so its last
  value silently holds (an old wage, an old referral rate);
- a period moved by ``--set period.start`` into another calendar year without
  ``prices.base_year``: the file's plain money values are then in the new year's prices;
- a period moved later by ``--set period.start`` past the dated referrals or slots of a
  program that starts empty (its ramp-up): it starts empty there instead of running, said
  with the ``period.simulate_from`` that keeps it running;
- an hourly wage below the statutory German minimum wage in force in that month
  (``finsim/data/minimum_wage.csv``, sourced; after its last year the ledger's own
  uprating of it, said as finsim's assumption), and a drawn one: an ``uncertainty``
  range of a wage (its hourly or annual increase) whose low end lies below it, with how
  many of the run's replications drew a wage below it;
- a wage at or near the minimum wage (``NEAR_MINIMUM``) that nothing uprates
  (``annual_increase`` 0, no ``prices.wages``) in months after the table's last year:
  held flat there, as if the minimum wage never rose again (the month it is held from,
  the key to set an increase at);
- a subsidy base of ``minimum_wage`` below the wage paid in the months after the table's
  last year, where the base is finsim's assumed minimum wage, not the forecast the wage
  may write (said before the work, with the key to write one's own forecast at);
- a subsidy base counting more contributions than the wage line's
  ``employer_contributions`` in some month (the base's are a part of them: the base is
  capped at the wage line there), said before the work, with the first month and both rates;
- a funder that pays in no month of the period (``until`` before its start, ``from``
  or its first rule set by date after its end: a mistyped year), so what it would
  cover falls to the remainder funder or the gap;
- a funder ``net_of`` others whose share of a category they pay at least as much of in
  every month it covers it (a 0.1 top-up net of ESF+'s 0.9), so it pays nothing of it;
- a share after a funder's ``per_person_limit`` that pays nothing in some months, as the
  shares before it (but the limited ones) add up to 1 there and take all the limit
  leaves, the months named (in no month at all it is refused: ``checks``);
- a funder's budget given again in full to a period the program ran before (a warm-up,
  ``period.simulate_from``; in a plan also a caseload file or actual spells standing for
  those months), as those months book no money: a ``cap_total`` paid from before the
  start, and a ``cap_per_year`` or the PAT's ``transfer.cap_per_year`` at a start in
  mid-year (the whole yearly budget again for the rest of that year, unless the cap is
  dated with the start year's budget keyed in its January below the next year's: the
  advised fix, lowered by what was used);
- a key in the middle of a year in a yearly budget (``cap_per_year``, the PAT's
  ``transfer.cap_per_year``), which counts only from the next January, said before the
  work with the year it takes effect;
- a provider, funder or module a file adds over its base without a name, whose id is a
  near miss of a base item's (``- id: hoff`` for ``hof``): one of its own beside the
  base's, which keeps its values, said before the work with the id likely meant;
- a rule set by date (a ``covers`` key) in force in no month its funder pays: after
  its ``until``, or replaced by a later key by its ``from``, said before the work;
- a ``returns`` budget that no public funder pays from and no payer of passive
  benefits is (right for the social insurance, but a typo ``lnd`` for ``land`` is a
  budget of its own too, whose returns lower ``net_public_cost``), said before the work;
- an ``uncertainty`` draw without ``scale`` on a value that changes by date in the
  months simulated (a slots ramp-up, a dated price, rate or cap): one drawn value
  replaces the whole schedule in every replication, said before the work;
- qualification charged to more than twice what the modules due in the period cost
  (entry modules charged again to people already in the slots): every entrant's modules
  (new entrants, a cohort ``initial: N``, a steady or warmed-up start) and, for the
  people a caseload or actuals file puts in a slot at the start, the modules whose month
  after their real entry lies in the period;
- a caseload file (``participants.initial``) whose latest date (an entry, exit or
  referral) lies more than two months before the period start, or an ``--as-of`` later
  than the month after a spells file's (``actuals.spells``) last month (with the booked
  file's last month where it books none of the months between): the file is taken as
  the state then, as if nobody had entered, left or been referred
  since (months labelled actual that the file says nothing of);
- people whose maximum duration ends exactly at the period's end (the day after its
  last day), wherever the scenario fixes when they entered (``at_horizon``): in the
  slots at the program's start (a caseload file, a cohort ``participants.initial: N`` at
  tenure 0, the slots filled ``on_demand`` then; with a warm-up, at ``simulate_from``),
  or taking a slot ``on_demand`` later (one added, or one freed at a maximum and
  refilled): by finsim's convention they count as exits of the last month, not in
  ``participants_at_end``, though employed through its last day; "up to" where some may
  leave earlier by placement or dropout, with how many are expected to stay that long;
  said with how to read the figures (those employed on the last day are
  ``participants_at_end`` plus these exits; a ``participants_at_end`` target is judged
  without them);
- a spell of a caseload or spells file that runs past what its ``months_funded_before``
  leave of ``max_months`` (§16i SGB II funds at most that in a lifetime): a fact of the
  file, not refused; the person leaves at the start (or at ``--as-of``);
- a booked cell of 0.00 where the ledger has a cost, or wages booked at under half the
  ledger's, in a month with people in that provider's slots (``booked.booked_warnings``):
  a month not posted yet, exported as 0, would take the funders' shares (a month of
  §16i subsidy) out of the year; and a booked file's month between booked months with no
  row, or a provider's category missing in a month that books it for others, where the
  ledger's cost stands in;
- a ``payment.advance`` above 0 and below 1 EUR: an amount in EUR that small is a share
  meant (``advance: 0.3`` for 30 %), paid as 0.30 EUR (said before the work);
- a ``payment.final_after_months`` that would put a funder's final statement before its
  last claim is paid (the terms as written): the statement comes with that claim, later
  than the file says (said before the work, as the draws that may stop a run);
- a funding gap: cost that no funder covers (no remainder funder, or caps and limits
  that leave money open), which nobody can be asked for.

``validate`` says those the scenario alone decides (``scenario_warnings``), before any
run; the rest need the replications' results.

``run`` says two more, of its own outputs (``report.tables.own_warnings``): 90 %
intervals from too few replications (``interval_warnings``; ``Run.warnings`` gives it
too) and a CSV table with more rows than an Excel sheet holds (``row_limit_warnings``).

The terminal, ``run.json`` and ``--strict`` say them in English; the report pages in
the page's language (``lang="de"``: German words, numbers and percentages).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..funding.cashflow import cash_terms, funder_begins, funder_ends, late_statements
from ..ledger.categories import (
    COST_CATEGORIES,
    Qualification,
    base_year,
    hourly_priced,
    minimum_wage_hourly,
    priced_many,
)
from ..montecarlo import RunResult
from ..nouns import counted, noun
from ..replication import FLOW_COLUMNS
from ..scenario import (
    Month,
    PathError,
    Scenario,
    ScenarioError,
    get_path,
    resolved_data,
)
from ..scenario.caseload import (
    actual_people,
    file_rows,
    is_file_value,
    max_months,
    past_lifetime,
    starting_caseload,
    time_date,
)
from ..scenario.checks import (
    Unpaid,
    as_years,
    at_year,
    near_misses,
    pays_shares,
    share_path,
    share_text,
    unpaid_after_a_limit,
    unpaid_reason,
    unpaid_terms,
)
from ..scenario.draws import (
    STOP_CHANCE,
    alone,
    alone_text,
    apply_draws,
    family,
    inverse_cdf,
    refusal,
    sides,
)
from ..scenario.errors import Problem
from ..scenario.kdu_share import LandShare
from ..scenario.load import (
    added_near_base,
    booked_costs,
    kept_from_base,
    moved_over_base,
    moved_start,
    new_rule_notes,
    own_period,
    replaced_without_base,
)
from ..scenario.minimum_wage import (
    MINIMUM_WAGE,
    assumed_from,
    ends_on_the_table,
    minimum_wage_schedule,
    minimum_wages,
    table_factor,
)
from ..scenario.model import (
    CATEGORIES,
    Distribution,
    Funder,
    HazardsPatch,
    Modifier,
    by_value,
)
from ..scenario.replace import current
from ..scenario.schedule import (
    calendar_years,
    distinct_years,
    last_year,
    month_labels,
    monthly,
    schedules_in,
    yearly,
)
from ..scenario.types import ON_DEMAND, STEADY, allowed_values
from ..scenario.written import ADVANCE_IN_EUR, file_text
from ..simulation.compiled import hazard
from .actual_slots import set_recost_warnings
from .at_horizon import AtHorizon, horizon_exits
from .booked import booked_warnings
from .ranges import Param, point_at
from .words import (
    WHERE_EXITS,
    level,
    month_runs,
    month_words,
    number,
    one_draw_line,
    percent,
    share_percent,
    too_few_line,
)

LOW_OCCUPANCY = 0.5
"""Occupancy of a calendar year below this share of the slots is warned about."""
FAST_EXITS = 0.2
"""Monthly placement + dropout from which the exits are warned about: a mean stay under 5
months, five times the highest the sources give (docs/sources.md 3.2: up to 2.6 % placed
and 1.5 % premature exits a month); a percent typed as a share (0.6 for 0.6 %) is far
above it."""
SOURCED_HAZARD = 0.026
"""The highest single monthly hazard the sources give (placement of the more employable
§16e group): a value above it is read as a percent too."""
STALE_MONTHS = 12
"""A schedule whose last date lies more than this many months before the period."""
STALE_FILE_MONTHS = 2.0
"""A caseload file whose latest date lies more than this many months before the period
start it is taken for."""
QUALIFICATION_FACTOR = 2.0
"""Qualification above this many times the new entrants' expected module cost."""
OVER_SLOTS = 0.05
"""Mean people at month end over a provider's slots by at least this are warned about (a
twentieth of a person: one replication in twenty a person over)."""
TENURE_0 = {"en": ", tenure 0", "de": ", Verweildauer 0"}
"""What a cohort's ``initial: N`` is said with: new people, at tenure 0."""
_MONTH_KEY = re.compile(r"^\d{4}-\d{2}$")


def minimum_wage(month: Month) -> tuple[float, Month] | None:
    """The table's row in force in ``month``: its rate and since when; None before 2015.
    After the table's last year the ledger's minimum wage is finsim's own uprating of it
    (``ledger.categories.minimum_wage_hourly``, which the warnings compare against)."""
    known = [(m, eur) for m, eur, _ in minimum_wages() if m <= month]
    return (known[-1][1], known[-1][0]) if known else None


def sanity_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """Every sanity warning of a run, in a fixed order, in ``lang`` (``en`` or ``de``):
    those of the replications' results around those of the scenario alone. Worked out
    once per result and language (they take milliseconds, and a command says them in
    several places) and kept on the result (``RunResult.sanity``)."""
    if lang not in result.sanity:
        result.sanity[lang] = tuple(_sanity_warnings(result, lang))
    return list(result.sanity[lang])


def _sanity_warnings(result: RunResult, lang: str) -> list[str]:
    """``sanity_warnings``, worked out."""
    scn = result.scenario
    return [*occupancy_warnings(result, lang), *over_capacity_warnings(result, lang),
            *scenario_warnings(scn, result.spec.replications, result.spec.draws, lang),
            *drawn_wage_warnings(result, lang), *qualification_warnings(result, lang),
            *gap_warnings(result, lang)]


def interval_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """Replications too few for the 90 % intervals (5 % and 95 % quantiles), said as
    ``size`` says it of its Q: one replication gives intervals of no width, fewer than 20
    put each end between the two most extreme results. Not a sanity warning: ``run``
    says it of its own tables (``report.tables.own_warnings``), the Python API's
    ``Run.warnings`` too (here, not in ``report``, so that a run from Python loads no
    table's code)."""
    n = result.aggregate.count
    if n == 1:
        return [one_draw_line("every 90 % interval has no width, whatever the spread"
                              if lang == "en" else "jedes 90-%-Intervall hat keine Breite, "
                              "wie groß die Streuung auch ist", lang)]
    line = too_few_line(n, 0.95, "the 5 % quantile, about the smallest, overstates its own "
                        "likewise, so each 90 % interval is narrower than the real one"
                        if lang == "en" else "das 5-%-Quantil, etwa das kleinste, überschätzt "
                        "ebenso das seine, also ist jedes 90-%-Intervall schmaler als das "
                        "wahre", lang)
    return [line] if line else []


def scenario_warnings(scn: Scenario, replications: int, draws: bool,
                      lang: str = "en") -> list[str]:
    """The sanity warnings that the scenario alone decides, no replication's result:
    ``validate`` says them (a user validates before a long run), ``run`` says them with
    its results; those of them said before the work too are ``before_work_warnings``."""
    return [*stale_schedules(scn, lang), *early_schedules(scn, lang),
            *price_base_warnings(scn, lang), *moved_past_ramp(scn, lang),
            *exit_hazard_warnings(scn, lang), *(drawn_exit_warnings(scn, lang) if draws else []),
            *wage_warnings(scn, lang), *flat_wage_warnings(scn, lang),
            *assumed_minimum_wage_warnings(scn, draws, lang),
            *before_work_warnings(scn, replications, draws, lang),
            *idle_funders(scn, lang), *netted_out_funders(scn, lang),
            *unpaid_share_warnings(scn, lang),
            *fresh_budget_warnings(scn, lang),
            *stale_file_warnings(scn, lang), *lifetime_warnings(scn, lang),
            *horizon_exit_warnings(scn, lang, draws), *booked_warnings(scn, lang),
            *set_recost_warnings(scn, lang)]


def before_work_warnings(scn: Scenario, replications: int, draws: bool,
                         lang: str = "en") -> list[str]:
    """The warnings of the scenario alone, said before the replications start (``run``,
    ``compare``, ``size``; ``validate`` says them too) and again with the results: a draw
    that may stop the run halfway (with ``draws``), a draw replacing dated values, an
    advance that looks like a share, a final statement moved after its last claim, an
    item added over a base with an id near the base's, a list added to a base's that
    keeps all of the base's items, a list tagged ``!replace`` in a file without a base,
    a budget only ``returns`` name,
    a new dated rule a ``--set`` copied from the one before it, and a dated rule set or
    value of a funder or any schedule that never takes effect."""
    drawn = ([*draw_bound_warnings(scn, replications, lang), *dated_draw_warnings(scn, lang)]
             if draws else [])
    return [*drawn, *new_rule_notes(scn, lang), *advance_warnings(scn, lang),
            *final_statement_warnings(scn, lang),
            *near_base_warnings(scn, lang), *kept_base_warnings(scn, lang),
            *lone_replace_warnings(scn, lang),
            *returns_only_warnings(scn, lang),
            *assumed_base_warnings(scn, lang), *base_contribution_warnings(scn, lang),
            *midyear_cap_warnings(scn, lang), *unused_rule_set_warnings(scn, lang),
            *unordered_key_warnings(scn, lang), *unused_schedule_key_warnings(scn, lang),
            *unused_price_key_warnings(scn, lang)]


def dated_draw_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per draw without ``scale`` on a value that changes by date within the
    months simulated (a slots ramp-up, a dated price, rate or cap): the draw replaces the
    whole schedule with one value in every month, so its changes are lost in every
    replication (``scale: true`` multiplies each dated value instead, keeping them)."""
    first = Month.parse(scn.period.simulate_from or scn.period.start)
    last = scn.period.start_month + (scn.period.months - 1)
    out = []
    for path, dist in scn.uncertainty.items():
        if dist.scale:
            continue
        changes = _dated_values(current(scn, path), first, last)
        if len(changes) < 2:
            continue
        shown = [f"{number(v, _decimals(v), lang)} {'from' if lang == 'en' else 'ab'} {k}"
                 for k, v in changes]
        listed = ", ".join(shown if len(shown) <= 4 else [*shown[:2], "…", shown[-1]])
        out.append(
            f"uncertainty: {path}: one drawn value replaces its dated values ({listed}) in "
            "every month of every replication, so its changes by date are lost; with "
            "`scale: true` the draw is a factor on each value and keeps the dates (e.g. "
            "low: 0.8, mode: 1, high: 1.2)" if lang == "en" else
            f"uncertainty: {path}: ein gezogener Wert ersetzt seine Werte nach Datum "
            f"({listed}) in jedem Monat jeder Replikation, seine Änderungen nach Datum gehen "
            "verloren; mit `scale: true` ist der Zug ein Faktor auf jeden Wert und behält "
            "die Daten (z. B. low: 0.8, mode: 1, high: 1.2)")
    return out


def _dated_values(value: object, first: Month, last: Month) -> list[tuple[str, float]]:
    """(date as written, value) of a schedule by month (``YYYY-MM``) or by year (a price
    index ``{2028: 1.03}``) in force in some month from ``first`` to ``last``: the one in
    force at ``first`` (or the first, which holds before its date) and those dated after
    it; ``[]`` for a number or amounts by value."""
    if not isinstance(value, dict) or not value:
        return []
    if all(isinstance(k, str) and _MONTH_KEY.match(k) for k in value):
        dated = sorted((Month.parse(k), k, v) for k, v in value.items())
    elif all(isinstance(k, int) and not isinstance(k, bool) for k in value):
        dated = sorted((Month(k, 1), str(k), v) for k, v in value.items())
    else:
        return []
    held = [d for d in dated if d[0] <= first][-1:] or dated[:1]
    return [(k, v) for _, k, v in held + [d for d in dated if first < d[0] <= last
                                         and d not in held]]


def returns_only_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per ``returns`` budget that no funder pays from and no payer of passive
    benefits is, and whose name is a near miss of one that is (``lnd`` for ``land``): a
    budget of its own, whose returns lower ``net_public_cost`` while the budget meant
    gets none of them. A budget that only receives under a name of its own (the social
    insurance) is meant so, and said nothing of: fiscal.csv shows it as it is."""
    named = list(dict.fromkeys([b for f in scn.funding if f.public for b in f.budget_shares]
                               + scn.passive_benefits.payers))
    near_miss, out = near_misses(named), []
    for budget, share in scn.returns.items():
        meant = near_miss(budget)
        if meant is None:
            continue
        out.append(
            f"returns.{budget}: the budget '{budget}' receives returns ({share:g} of the "
            f"gross pay) but no public funder's budget and no payer of passive benefits is "
            f"named so: did you mean '{meant}'? As written it is a budget of its own, "
            f"whose returns lower net_public_cost while '{meant}' gets none of them"
            if lang == "en" else
            f"returns.{budget}: der Haushalt '{budget}' erhält Rückflüsse "
            f"({number(share, _decimals(share), lang)} des Bruttolohns), aber kein "
            "öffentlicher Geldgeber und kein Leistungsträger der passiven Leistungen heißt "
            f"so: ist '{meant}' gemeint? So geschrieben ist es ein eigener Haushalt, "
            f"dessen Rückflüsse die Nettokosten der öffentlichen Haushalte senken, während "
            f"'{meant}' keine erhält")
    return out


ADDED_NOUNS = {"providers": ("provider", "einen Träger", "ein eigener Träger"),
               "funding": ("funder", "einen Geldgeber", "ein eigener Geldgeber"),
               "costs.qualification": ("module", "ein Modul", "ein eigenes Modul")}
"""Each id list's item in English, and in German as added and as one of its own."""


def near_base_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per item a file added over its base without a name, whose id is a near
    miss of a base item's (``- id: hoff`` for ``hof``): a provider of its own, with its
    own slots, while ``hof`` keeps the base's, so a larger Hofladen cost slots twice."""
    ids = _listed_ids(scn)
    out = []
    for where, new, meant, base in added_near_base(scn):
        if new not in ids[where]:
            continue
        noun, added, own = ADDED_NOUNS[where]
        out.append(
            f"{where}.{new}: a new {noun} '{new}' without a name, beside the {noun} "
            f"'{meant}' of the base {base}: did you mean '{meant}'? As written it is a "
            f"{noun} of its own, and '{meant}' keeps the base's values; write id: {meant} "
            f"to change them, or give '{new}' a name if it is meant" if lang == "en" else
            f"{where}.{new}: {added} '{new}' ohne Namen neben '{meant}' der Basis {base}: "
            f"ist '{meant}' gemeint? So geschrieben ist es {own}, und '{meant}' behält die "
            f"Werte der Basis; id: {meant} schreiben, um sie zu ändern, oder '{new}' einen "
            "Namen geben, wenn es so gemeint ist")
    return out


LIST_NOUNS = {"providers": ("providers", "Träger"), "funding": ("funders", "Geldgeber"),
              "costs.qualification": ("modules", "Module")}
"""Each id list's items in English and German, as more than one is named."""


def kept_base_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per id list to which a file added items over its base while naming
    none of the base's (``load.kept_from_base``): written as the whole list (the two
    providers of a program in Leipzig on the Dortmund file), it keeps the base's nine
    beside them, and the slots and costs come out several times too high without a word.
    The line says what the merge made of it and what to write for either meaning."""
    ids = _listed_ids(scn)
    out = []
    for where, added, kept, base in kept_from_base(scn):
        if kept[0] not in ids[where]:  # a --set replaced the list
            continue
        en, de = LIST_NOUNS[where]
        shown = ", ".join(added[:3]) + (", ..." if len(added) > 3 else "")
        n, k, first = len(added), len(kept), kept[0]
        if lang == "en":
            head, alone = ((f"{added[0]}, written here, is added to the {k} {en}", "it")
                           if n == 1 else
                           (f"the {n} {en} written here ({shown}) are added to the {k}",
                            f"these {n}"))
            out.append(
                f"{where}: {head} of the base {base}, {n + k} in all, as a list merges with "
                f"its base's by id and this one names none of the base's; for {alone} alone "
                f"write {where}: !replace [...], to keep the base's too name one of them in "
                f"the list (- id: {first})")
            continue
        head, alone = ((f"{added[0]}, hier geschrieben, kommt zu den {k} {de}n", "ihn")
                       if n == 1 else
                       (f"die {n} hier geschriebenen {de} ({shown}) kommen zu den {k}",
                        f"diese {n}"))
        out.append(
            f"{where}: {head} der Basis {base} hinzu, {n + k} insgesamt, da eine Liste mit "
            f"der ihrer Basis nach id zusammengeführt wird und diese keinen der Basis nennt; "
            f"für {alone} allein {where}: !replace [...] schreiben, um die der Basis zu "
            f"behalten, einen davon in der Liste nennen (- id: {first})")
    return out


def lone_replace_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per list tagged ``!replace`` in a file without ``base:``
    (``load.replaced_without_base``), at its file and line: the tag replaces a base's
    list, so whoever wrote it expected a base the file does not name. A warning, not a
    refusal: the list is read as written, which is what the tag asks for."""
    return [f"{place}: {path}: !replace has no effect without base: the file has no base, "
            "so the list is read as written; add base: FILE if it is to replace that "
            "file's list, else leave the tag out" if lang == "en" else
            f"{place}: {path}: !replace wirkt nicht ohne base: die Datei hat keine Basis, "
            "die Liste gilt wie geschrieben; base: DATEI ergänzen, wenn sie deren Liste "
            "ersetzen soll, sonst die Markierung weglassen"
            for place, path in replaced_without_base(scn)]


def _listed_ids(scn: Scenario) -> dict[str, list[str]]:
    """The ids of each id list (``checks.ID_LISTS``) as the scenario holds them."""
    return {"providers": [p.id for p in scn.providers], "funding": [f.id for f in scn.funding],
            "costs.qualification": [m.id for m in scn.costs.qualification]}


def _decimals(value: float) -> int:
    """The decimals ``value`` is written with (``0.0272``: 4), for ``number``."""
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def gap_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """A mean funding gap of a euro or more: money no funder has granted, which a plan's
    sum of requests leaves out and someone has to carry; its share of the cost below 1 %
    with the digits it needs (0.3 %, not 0 %). The advice: a remainder funder, or, where
    the scenario has one, what keeps it from taking the gap (its caps, its dates)."""
    gap, cost = result.metric_mean("funding_gap"), result.metric_mean("cost_total")
    if gap < 1.0:
        return []
    share = share_percent(gap / cost, lang) if cost else "–"
    rest = [f.id for f in result.scenario.funding if f.covers == "remainder"]
    where = gap_place(result, lang)
    if lang == "en":
        advice = (f"the remainder funder {rest[0]} does not take it (its caps, its from/until "
                  "dates): raise them or add a funder" if rest else
                  "a remainder funder: covers: remainder")
        return [f"funding gap {number(gap, 0, lang)} EUR ({share} of the cost, mean{where}): "
                "no funder covers it, so it cannot be requested; the providers carry it or "
                f"it must be settled ({advice})"]
    advice = (f"der Restfinanzierer {rest[0]} übernimmt sie nicht (seine Obergrenzen, seine "
              "from/until-Daten): sie anheben oder einen Geldgeber ergänzen" if rest else
              "ein Restfinanzierer: covers: remainder")
    return [f"Finanzierungslücke {number(gap, 0, lang)} EUR ({share} der Kosten, "
            f"Mittelwert{where}): kein Geldgeber deckt sie, sie kann nicht beantragt werden; "
            f"die Träger tragen sie, oder sie ist zu klären ({advice})"]


GAP_MONTHS = 3
"""Months a gap warning names one by one; a gap in more months is named by its span."""


def gap_place(result: RunResult, lang: str = "en") -> str:
    """Where a funding gap lies: its cost categories, largest first, and its months
    (``GAP_MONTHS`` of them by name, more as first – last and how many), as ``; in
    material, 2029-07`` (in English the categories as ``ledger.csv`` names them, which
    read in a sentence; in German the plan's lines): a one-month hole between two
    funders' dates was lost in a gap of the whole period."""
    gap = result.aggregate.ledger[..., -1]  # whole cents, [months, providers, categories]
    by_category = gap.sum(axis=(0, 1))
    labels = month_labels(result.scenario.period.start_month, gap.shape[0])
    months = [m for m, cents in zip(labels, gap.sum(axis=(1, 2)), strict=True)
              if cents >= 100 * result.aggregate.count]  # a euro or more, mean
    if not months:
        return ""
    names = [COST_CATEGORIES[c].id if lang == "en" else COST_CATEGORIES[c].plan_line
             for c in np.argsort(-by_category, kind="stable") if by_category[c] > 0]
    span = (", ".join(months) if len(months) <= GAP_MONTHS else
            f"{months[0]} – {months[-1]} ({len(months)} {'Monate' if lang == 'de' else 'months'})")
    return f"; {'in' if lang == 'en' else 'bei'} {', '.join(names)}, {span}"


def _no_spells(scn: Scenario, lang: str) -> str:
    """A spells file with a header and no row: nobody has been in the program up to
    ``--as-of`` (it may have started that late), or the export failed. The file is
    named by its path, as a refusal of one of its rows names it: a name alone could be
    any export of that name."""
    name = scn.actuals.spells
    if lang == "en":
        return (f"actuals.spells: {name} has no rows, only a header line: up to --as-of "
                f"{scn.actuals.as_of} nobody is taken to have been referred, in a slot or "
                "waiting; if the export failed, give the full file")
    return (f"actuals.spells: {name} hat keine Zeilen, nur die Kopfzeile: bis zum ersten "
            f"Prognosemonat {month_words(scn.actuals.as_of, lang)} gilt niemand als "
            "zugewiesen, beschäftigt oder wartend; ist der Export fehlgeschlagen, die "
            "vollständige Datei angeben")


def stale_file_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A caseload or spells file older than the state it is taken for: a caseload as of
    the period start (``STALE_FILE_MONTHS``), actual spells up to ``--as-of``
    (``unrecorded_months``). Its people are placed there with the tenure of their real
    entries, so whoever left or entered in between is missing."""
    if scn.actuals is not None:
        return unrecorded_months(scn, lang)
    if not is_file_value(scn.participants.initial):
        return []
    people = file_rows(scn, scn.participants.initial)
    last = latest_date(people)
    if last is None or -last <= STALE_FILE_MONTHS:
        return []
    name, date = Path(people.file).name, time_date(last, people.origin)
    months = int(np.ceil(-last))  # 2026-10-16 to 2027-01: 3 months
    if lang == "en":
        return [f"participants.initial: the latest date in {name} (entry, exit or referral) "
                f"is {date}, {counted(months, 'month', 'months')} before the period start "
                f"{scn.period.start}: its people are placed there as if nobody had left, "
                "entered or been referred since; give a caseload file of the period start "
                "(or re-forecast the months between: finsim run --actuals --as-of)"]
    return [f"participants.initial: das letzte Datum in {name} (Eintritt, Austritt oder "
            f"Zuweisung) ist {date}, {counted(months, 'Monat', 'Monate')} vor dem "
            f"Zeitraumbeginn {month_words(scn.period.start, lang)}: ihre Personen werden dort "
            "eingesetzt, als sei seitdem niemand ausgetreten, eingetreten oder zugewiesen "
            "worden; eine Bestandsdatei zum Zeitraumbeginn angeben (oder die Monate dazwischen "
            "hochrechnen: finsim run --actuals --as-of)"]


def latest_date(people) -> float | None:  # noqa: ANN001 - a Caseload
    """The file's latest entry, exit or referral, in months from the period start; None
    where it has no date."""
    times = np.concatenate([people.entry, people.exit, people.referral])
    return float(np.nanmax(times)) if np.isfinite(times).any() else None


def unrecorded_months(scn: Scenario, lang: str = "en") -> list[str]:
    """The actual months after the spells file's last month: ``--as-of`` takes every month
    before it as actual, so those are "actual" with nobody entering, leaving or referred
    and the people in the slots costed as still there, a month made up. Said from the
    first such month (``--as-of`` at most the month after the file's last month), with
    the booked file's last month where it books none of them either."""
    people = file_rows(scn, scn.actuals.spells)
    if not len(people.person):
        return [_no_spells(scn, lang)]
    last = latest_date(people)
    if last is None:
        return []
    first = max(int(np.floor(last)) + 1, 0)  # the month after the file's last month
    if first >= scn.as_of:
        return []
    start, de = scn.period.start_month, lang == "de"
    name, date = Path(people.file).name, time_date(last, people.origin)
    count = scn.as_of - first
    begins, ends = (month_words(start + m, lang) for m in (first, scn.as_of - 1))
    span = (begins if count == 1 else
            f"{begins} {'bis' if de else 'to'} {ends} "
            f"({counted(count, 'Monat', 'Monate') if de else counted(count, 'month', 'months')})")
    booked = _booked_before(scn, count, lang)
    if not de:
        return [f"actuals.spells: the latest date in {name} (entry, exit or referral) is "
                f"{date}, but --as-of {scn.actuals.as_of} takes every month before it as "
                f"actual: {span} {noun(count, 'counts', 'count')} as actual without any "
                f"record in the file: nobody enters, leaves or is referred in "
                f"{noun(count, 'it', 'them')}, and whoever was in a slot is costed as still "
                f"there{booked}; give a newer spells file, or an --as-of at most the month "
                f"after the file's last month ({start + first})"]
    return [f"actuals.spells: das letzte Datum in {name} (Eintritt, Austritt oder Zuweisung) "
            f"ist {date}, doch der erste Prognosemonat {month_words(scn.actuals.as_of, lang)} "
            "macht alle Monate "
            f"davor zu Ist: {span} {noun(count, 'gilt', 'gelten')} als Ist ohne jeden Eintrag "
            "in der Datei: niemand tritt ein, tritt aus oder wird zugewiesen, und wer auf "
            f"einem Platz war, wird als weiter beschäftigt berechnet{booked}; eine neuere "
            "Datei angeben oder einen ersten Prognosemonat (--as-of) höchstens im Monat nach "
            f"ihrem letzten Datum (`{start + first}`)"]


def _booked_before(scn: Scenario, count: int, lang: str) -> str:
    """"; booked.csv books no month after 2027-06, ..." where the booked costs end before
    the last actual month, so the ledger costs the ``count`` made-up months too; else
    nothing."""
    if scn.actuals.booked is None or not scn.reforecast:
        return ""
    last = int(np.nonzero((~np.isnan(booked_costs(scn))).any(axis=(1, 2)))[0].max())
    if last >= scn.as_of - 1:
        return ""
    name, month = Path(scn.actuals.booked).name, scn.period.start_month + last
    if lang == "de":
        return (f"; {name} bucht keinen Monat nach {month_words(month, lang)}, so gelten dort "
                "die berechneten Kosten")
    return (f"; {name} books no month after {month}, so the ledger's computed costs stand "
            f"for {noun(count, 'it', 'them')} too")


def lifetime_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per person whose spell in a caseload or spells file runs past what their
    months funded before leave of ``max_months`` (§16i SGB II: at most that in a
    lifetime), up to the period start or ``--as-of``: a fact of the file, so warned
    about, not refused. A caseload's person leaves at the start; actual months are
    costed as the file has them, and whoever is still in leaves at ``--as-of``."""
    if scn.actuals is not None:
        past = scn.warm_up() or scn  # with simulate_from: the warm-up's actual spells
        people, at, key = actual_people(past), float(past.as_of), "actuals.spells"
    elif is_file_value(scn.participants.initial):
        past, key = scn, "participants.initial"
        people, at = starting_caseload(scn), 0.0
    else:
        return []
    name = Path(people.file).name
    found = past_lifetime(people, max_months(past), at)
    if lang == "en":
        then = ("the actual months are costed as the file has them, and whoever is still in "
                "leaves at --as-of" if scn.actuals is not None else
                "they leave at the period start (max_duration)")
        return [f"{key}: person {who} ({name}:{line}) has {before} months funded before, so "
                f"employment.max_months ends the spell entered {entry} with an exit on "
                f"{latest} at the latest (§16i SGB II: at most max_months in a lifetime), but "
                f"the file has it run to {end}: {then}; are months_funded_before and the "
                "dates right?" for who, line, before, entry, latest, end in found]
    then = ("die Ist-Monate werden wie in der Datei berechnet, und wer noch beschäftigt ist, "
            "scheidet zum ersten Prognosemonat aus" if scn.actuals is not None else
            "die Person scheidet zum Zeitraumbeginn aus (Höchstdauer)")
    return [f"{key}: Person {who} ({name}:{line}) hat {before} Monate Förderung aus früheren "
            f"Beschäftigungen, so endet die am {entry} begonnene nach employment.max_months "
            f"spätestens mit einem Austritt am {latest} (§16i SGB II: höchstens max_months im "
            f"Leben), doch die Datei führt sie bis {end}: {then}; stimmen "
            "months_funded_before und die Daten?"
            for who, line, before, entry, latest, end in found]


def horizon_exit_warnings(scn: Scenario, lang: str = "en", draws: bool = True) -> list[str]:
    """``horizon_exits`` said with how to read the figures, a line per group; the
    convention itself stays. No period counts them at the end that also holds their
    exit: a longer one only moves it into its own last months. With ``draws``, the
    hazard draws of ``uncertainty`` the expected stays leave out are named."""
    drawn = hazard_draws(scn) if draws else []
    return [_horizon_exit_line(found, lang, drawn) for found in horizon_exits(scn)]


def _horizon_who(found: AtHorizon, lang: str) -> tuple[str, str]:
    """The dotted path a group of ``horizon_exits`` is said on, and who they are."""
    n = number(found.count, 0, lang)
    cohort = found.source.startswith(("initial: ", "referrals_per_month: "))  # tenure 0
    source = f"{found.source}{TENURE_0[lang] if cohort else ''}"
    up_to = ("up to " if lang == "en" else "bis zu ") if found.up_to else ""
    if found.later:
        dates = ", ".join(found.later if len(found.later) <= 3
                          else [*found.later[:2], "…", found.later[-1]])
        if lang == "en":
            return "participants.referrals_per_month", (
                f"{up_to}{n} {noun(found.count, 'person', 'people')} who "
                f"{noun(found.count, 'takes', 'take')} a slot on demand after the start "
                f"(entered {dates}{TENURE_0[lang]}) "
                f"{noun(found.count, 'reaches', 'reach')}")
        return "participants.referrals_per_month", (
            f"{up_to}{n} {noun(found.count, 'Person, die', 'Personen, die')} nach dem Beginn "
            f"auf Abruf einen Platz {noun(found.count, 'erhält', 'erhalten')} (Eintritt "
            f"{dates}{TENURE_0[lang]}), {noun(found.count, 'erreicht', 'erreichen')}")
    if lang == "en":
        at, source = ((f"the program's start in {found.since}",
                       f"period.simulate_from; {source}") if found.since else ("the start", source))
        return "participants.initial", (
            f"{up_to}{n} {noun(found.count, 'person', 'people')} in the slots at {at} "
            f"({source}) {noun(found.count, 'reaches', 'reach')}")
    at, source = ((f"zu Beginn des Programms im {month_words(found.since, lang)}",
                   f"period.simulate_from; {source}") if found.since else ("zu Beginn", source))
    return "participants.initial", (
        f"{up_to}{n} {noun(found.count, 'Person, die', 'Personen, die')} {at} auf den "
        f"Plätzen {noun(found.count, 'ist', 'sind')} ({source}), "
        f"{noun(found.count, 'erreicht', 'erreichen')}")


def _horizon_exit_line(found: AtHorizon, lang: str, drawn: list[str]) -> str:
    """One group of ``horizon_exits`` as a warning line, with where the people employed
    on the last day are found (the flows of the last month) and what a target of
    ``participants_at_end`` leaves out (``horizon_note``); ``drawn``: the hazard draws
    the expected stays leave out."""
    key, who = _horizon_who(found, lang)
    staying = _horizon_staying(found, lang, drawn)
    if lang == "en":
        return (f"{key}: {who} employment.max_months with an exit on "
                f"{found.date}{staying}, exactly at the period's end: they count as max_duration "
                f"exits in {found.last} and not in participants_at_end (an exit at the "
                "period's end is an exit, though they are employed through its last day); "
                "those employed on its last day are participants_at_end plus these exits "
                f"(among {found.last}'s exits_max_duration{WHERE_EXITS}), and a target "
                "of participants_at_end (size --target) is judged without them")
    count, are = (noun(found.count, one, many) for one, many in (("zählt", "zählen"),
                                                                  ("ist", "sind")))
    return (f"{key}: {who} employment.max_months mit einem Austritt am "
            f"{found.date}{staying}, genau am Ende des Zeitraums: sie {count} als Austritte "
            f"(max_duration) im {month_words(found.last, lang)} und nicht in "
            "participants_at_end (ein "
            "Austritt am Ende des Zeitraums ist ein Austritt, obwohl sie bis zu seinem letzten "
            f"Tag beschäftigt {are}); an seinem letzten Tag beschäftigt sind "
            "participants_at_end und diese Austritte (unter den exits_max_duration im "
            f"{month_words(found.last, lang)}, die finsim run in flows.csv schreibt und finsim "
            "size bei den Personen (Mittelwert) nennt), und ein Ziel für participants_at_end (size "
            "--target) wird ohne sie beurteilt")


def _horizon_staying(found: AtHorizon, lang: str, drawn: list[str]) -> str:
    """How many of a group of ``horizon_exits`` are expected to stay to their maximum
    (``AtHorizon.expected``), in brackets; "" where it is not known or all of them do.
    It is worked out at the scenario's own hazards: where ``uncertainty`` draws them
    (``drawn``), the line says so and names the draws, around which a run scatters."""
    if found.expected is None:
        return ""
    n = number(found.expected, 1, lang)
    both = " and " if lang == "en" else " und "
    if lang == "en":
        return (f" (about {n} expected to stay that long{_own_hazards(drawn, lang)}: the "
                "others leave earlier by placement or dropout" + (
                    f"; uncertainty draws {both.join(drawn)}, so a run's exits scatter "
                    "around it" if drawn else "") + ")")
    return (f" (erwartet bleiben etwa {n} so lange{_own_hazards(drawn, lang)}: die anderen "
            "scheiden vorher durch Vermittlung oder Abbruch aus" + (
                f"; uncertainty zieht {both.join(drawn)}, die Austritte eines Laufs streuen "
                "darum" if drawn else "") + ")")


def _own_hazards(drawn: list[str], lang: str) -> str:
    """`` at the scenario's own hazards`` where ``uncertainty`` draws them, else ""."""
    if not drawn:
        return ""
    return " at the scenario's own hazards" if lang == "en" else \
        " bei den eigenen Raten des Szenarios"


def horizon_note(scn: Scenario, metric: str, draws: bool = True) -> str:
    """What a ``size --target participants_at_end`` line adds where ``horizon_exits``
    finds people: the target is judged without them (the answer may ask for slots they
    fill), the terminal's words beside its quantile (the expected stays at the scenario's
    own hazards, said so where uncertainty draws them: with ``draws``, as
    ``horizon_exit_warnings``); "" for any other metric."""
    found = horizon_exits(scn) if metric == "participants_at_end" else []
    if not found:
        return ""
    count = sum(group.count for group in found)
    up_to = "up to " if any(group.up_to for group in found) else ""
    where = " or ".join("who take a slot on demand" if group.later else
                        "in the slots at the program's start" if group.since else
                        "in the slots at the start" for group in found)
    keys = " and ".join(_horizon_who(group, "en")[0] for group in found)
    expected = [group.count if not group.up_to else group.expected for group in found]
    own = _own_hazards(hazard_draws(scn) if draws else [], "en")
    about = (f" (about {number(sum(expected), 1, 'en')} expected{own})"
             if up_to and None not in expected else "")
    return (f"; without the {up_to}{counted(count, 'person', 'people')}{about} {where} whose "
            f"employment.max_months ends on {found[0].date}, the period's end: they count "
            f"as exits (see the warning on {keys})")


def fresh_budget_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per funder whose budget the period gives again in full though the program
    ran before its start (``period.simulate_from``, or the caseload file or actual spells
    that stand for those months in a plan): the months before the start book no money, so
    they have used none of it. A ``cap_total`` (a grant for the whole program) is given
    whole to the period; a ``cap_per_year`` (or the PAT's ``transfer.cap_per_year``), at
    a start in mid-year, gives its whole yearly budget to the rest of that year. Silent,
    the money of a grant already spent looks funded again."""
    period = scn.period
    ran = period.simulate_from or scn._ran_from
    if ran is None:
        return []
    start, ran_from = period.start_month, Month.parse(ran)
    last = start + (period.months - 1)
    out = []
    for funder in scn.funding:
        began = max(ran_from, Month.parse(funder.from_)) if funder.from_ else ran_from
        if funder.until and Month.parse(funder.until) < began:
            continue
        if funder.cap_total is not None and began < start:
            out.append(_whole_grant_line(funder.id, began, start, lang))
        first = max(began, Month(start.year, 1))
        cap = funder.cap_per_year
        if cap is not None and first < start and not lowered_start_year(cap, start):
            out.append(_fresh_year_line(funder.id, "cap_per_year", cap, first, start, last,
                                        lang))
        ceiling = funder.transfer.cap_per_year if funder.transfer else None
        if ceiling is not None and first < start and not lowered_start_year(ceiling, start):
            out.append(  # the PAT's yearly ceiling likewise
                _fresh_year_line(funder.id, "transfer.cap_per_year", ceiling, first, start,
                                 last, lang))
    return out


def lowered_start_year(cap: object, start: Month) -> bool:
    """Whether a yearly budget reads as already lowered by what the months of the start
    year before ``start`` used, as ``_fresh_year_line`` advises: a dated cap with a key
    of its own in the start year's January whose budget is below the year after's. A
    plain number, or a start year's budget as high as the next one's, is the grant
    letter's whole budget still (the warning stays)."""
    if not isinstance(cap, dict):
        return False
    january = Month(start.year, 1)
    if all(Month.parse(str(key)) != january for key in cap):
        return False
    return float(yearly(cap, january, 1)[0]) < float(yearly(cap, Month(start.year + 1, 1),
                                                            1)[0])


def midyear_cap_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per key in the middle of a year in a yearly budget (a funder's
    ``cap_per_year``, the PAT's ``transfer.cap_per_year``) whose year reaches into the
    period: a year's budget is the value in force in its January (``yearly``), so the
    key takes effect only from the next January (or never, where a later key takes that
    year), as documented but easily missed: a grant cut from July that starts in the next
    year silently pays the old budget for the rest of the year. A key whose year lies
    outside the funder's ``from`` and ``until`` is ``unused_rule_set_warnings``' to say."""
    start = scn.period.start_month
    last = start + (scn.period.months - 1)
    out = []
    for funder in scn.funding:
        caps = {"cap_per_year": funder.cap_per_year,
                "transfer.cap_per_year": funder.transfer.cap_per_year if funder.transfer
                else None}
        for key, cap in caps.items():
            if not isinstance(cap, dict):
                continue
            keys = sorted(cap, key=Month.parse)
            unused = _never_in_force(funder, DatedField(key, keys, yearly=True))
            for key_month in keys[1:]:
                month = Month.parse(key_month)
                if month.month != 1 and start <= Month(month.year, 12) and month <= last \
                        and key_month not in unused:
                    out.append(_midyear_line(f"funding.{funder.id}.{key}", cap, key_month,
                                             keys, lang))
    return out


class DatedField(NamedTuple):
    """A funder's field written by date: its path under the funder, its keys in date
    order, whether its first value holds before its first key (a schedule; not
    ``covers``, whose funder pays nothing before its first rule set) and whether it is a
    yearly budget (a key in mid-year counts from the next January: ``yearly``)."""

    path: str
    keys: list[str]
    first_holds: bool = True
    yearly: bool = False


def _dated_fields(funder: Funder) -> list[DatedField]:
    """Every field of ``funder`` written by date: ``covers``' rule sets, its caps and its
    transfer's flat rate (each household value's schedule) and ceiling."""
    transfer = funder.transfer
    rate = transfer.per_person_month if transfer else None
    schedules = {"cap_per_person_month": (funder.cap_per_person_month, False),
                 "cap_per_year": (funder.cap_per_year, True),
                 **({f"transfer.per_person_month.{value}": (amount, False)
                     for value, amount in rate.items()} if by_value(rate) else
                    {"transfer.per_person_month": (rate, False)}),
                 "transfer.cap_per_year": (transfer.cap_per_year if transfer else None, True)}
    rules = [key for key, _ in funder.rule_sets if key is not None]
    fields = [DatedField("covers", rules, first_holds=False)] if rules else []
    return fields + [DatedField(path, sorted(value, key=Month.parse), yearly=yearly)
                     for path, (value, yearly) in schedules.items() if isinstance(value, dict)]


def _takes_effect(field: DatedField) -> list[Month]:
    """The month each key of ``field`` takes effect: its own, or for a yearly budget's
    key in mid-year the next January (the first key's value holds before it anyway)."""
    months = [Month.parse(key) for key in field.keys]
    return [m if not field.yearly or k == 0 or m.month == 1 else Month(m.year + 1, 1)
            for k, m in enumerate(months)]


def _never_in_force(funder: Funder, field: DatedField) -> dict[str, tuple[str, str]]:
    """Each key of ``field`` whose value is in force in no month the funder pays, with
    why: (``until``, the key whose value holds to the end) for one that takes effect
    after it, or (``from``, the key in force by then) for one a later key replaces by its
    ``from``. Keys that meet in one year of a yearly budget are ``midyear_cap_warnings``'."""
    return _outside(field, Month.parse(funder.from_) if funder.from_ else None,
                    Month.parse(funder.until) if funder.until else None)


def _outside(field: DatedField, start: Month | None,
             until: Month | None) -> dict[str, tuple[str, str]]:
    """Each key of ``field`` whose value is in force in no month from ``start`` to
    ``until`` (None: open), with why: (``until``, the key whose value holds to the end)
    for one that takes effect after ``until``, or (``from``, the key in force by
    ``start``) for one a later key replaces by then. The window is a funder's months
    (``_never_in_force``) or the period's (``unused_schedule_key_warnings``): one rule."""
    effects = _takes_effect(field)
    dated = list(zip(field.keys, effects, strict=True))
    out = {}
    for k, (key, effect) in enumerate(dated):
        after = effects[k + 1] if k + 1 < len(effects) else None
        if until is not None and effect > until and not (field.first_holds and k == 0):
            held = [x for x, e in dated if e <= until]
            held = held or field.keys[:1] if field.first_holds else held
            if held:  # none: it pays under no rule set at all (``idle_funders``)
                out[key] = ("until", held[-1])
        elif start is not None and after is not None and effect < after <= start:
            out[key] = ("from", [x for x, e in dated if e <= start][-1])
    return out


def unused_rule_set_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per key of a funder's field written by date (``covers``' rule sets, its
    caps, its transfer's rate and ceiling: ``_dated_fields``) whose value is in force in
    no month the funder pays: a key after its ``until`` (the ESF+ rates or budget of a
    next call written into the funder that ends before it), or one before its ``from``
    that a later key replaces by then. Like a yearly cap's key that never takes effect
    (``midyear_cap_warnings``), it reads as a change that is not made; a funder that pays
    under none of its rule sets is ``idle_funders``' to say."""
    unordered = _unordered_unused(scn)
    out = []
    for funder in scn.funding:
        for field in _dated_fields(funder):
            effects = dict(zip(field.keys, _takes_effect(field), strict=True))
            out += [_unused_rule_line(funder, field, key, effects[key], why, held, lang)
                    for key, (why, held) in _never_in_force(funder, field).items()
                    if f"funding.{funder.id}.{field.path}.{key}" not in unordered]
    return out


def unordered_key_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per key of a dated schedule the user wrote after a later month that never
    takes effect (``_unordered_unused``), at its file and line: ``2012-03`` written
    between 2013-02 and 2013-04 is a year mistyped for 2013-03, and silent, 2013-02's
    value held through March. Said however far before the period the key lies (in date
    order, a key before the period is history: ``unused_schedule_key_warnings``)."""
    window, out = _key_window(scn), []
    for (path, key, before, after, place), keys in _unordered_unused(scn).values():
        meant = _typo_between(key, before, after, keys, window)
        if lang == "en":
            fix = f": a typo for {meant}? Else leave the key out" if meant else \
                "; leave the key out"
            out.append(f"{place}: {path}: {key} is written after {before} and never takes "
                       f"effect{fix}")
        else:
            fix = f": ein Tippfehler für {meant}? Sonst den Schlüssel weglassen" if meant \
                else "; den Schlüssel weglassen"
            out.append(f"{place}: {path}: {key} steht nach {before} und gilt nie{fix}")
    return out


def _unordered_unused(scn: Scenario) -> dict[str, tuple[tuple, list[str]]]:
    """The keys written after a later month (``Scenario._unordered``) in force in no month
    simulated, or none their funder pays: dotted path -> (the entry, its schedule's keys
    in date order). Their line is ``unordered_key_warnings``'; the lines of a key out of
    the period or a funder's months leave them to it."""
    if not scn._unordered:
        return {}
    window = _key_window(scn)
    fields = {path: (field, said) for path, field, said in _period_fields(scn)}
    out = {}
    for entry in scn._unordered:
        path, key = entry[0], entry[1]
        field, said = fields.get(path, (None, set()))
        if field is not None and (key in said or key in _outside(field, *window)):
            out[f"{path}.{key}"] = (entry, field.keys)
    return out


def _typo_between(key: str, before: str, after: str | None, keys: list[str],
                  window: tuple[Month, Month]) -> str | None:
    """The one month ``key`` likely meant: its month in a year a slip of one digit makes
    of its year (``_near_years``) that lies between the keys written ``before`` and
    ``after`` it and in ``window``, not a key already; None unless just one."""
    low, high = Month.parse(before), Month.parse(after) if after else None
    meant = [f"{year}{key[4:]}" for year in _near_years(key[:4])
             if low < (month := Month(int(year), int(key[5:]))) and (high is None or month < high)
             and window[0] <= month <= window[1] and f"{year}{key[4:]}" not in keys]
    return meant[0] if len(meant) == 1 else None


TYPO_YEARS = 10
"""A schedule's key more than this many years after the period is likely a mistyped year
(2206-04 for 2026-04): ``unused_schedule_key_warnings`` names the month likely meant. One
more than this many years before the start that a later key replaces by then is warned
(1926-03 for 2026-03); a nearer one is history (last year's wage), not a typo."""


def unused_schedule_key_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per key of a dated schedule (the referrals, a provider's slots, a wage or
    cost, a funder's field) whose value is in force in no month simulated: one after the
    period (a year mistyped, 2206-04 for 2026-04), or one more than ``TYPO_YEARS`` before
    it that a later key replaces by its start (1926-03 for 2026-03; 2024-01's wage before
    2026-01's is history). Silent, the key is dropped and the value before it holds on.
    Only the user's own keys: a base file's later keys are written for its own period,
    and finsim's built-in tables reach far back; a funder's key outside its ``from`` and
    ``until`` is ``unused_rule_set_warnings``' to say."""
    window = _key_window(scn)
    skipped = scn._base_keys | set(_unordered_unused(scn))  # a base's; said out of order
    out = []
    for path, field, said in _period_fields(scn):
        for key, (why, held) in _outside(field, *window).items():
            if key in said or f"{path}.{key}" in skipped or (
                    why == "until" and Month.parse(key) <= window[1]) or (  # a yearly
                    why == "from" and _history(key, window[0])):  # budget's key in mid-year
                continue  # of the last year: ``midyear_cap_warnings``'
            out.append(_unused_key_line(scn, f"{path}.{key}", field, (why, held), window,
                                        lang))
    return out


def _key_window(scn: Scenario) -> tuple[Month, Month]:
    """The first and last month simulated, or of the file's own period where a --set or
    ``size`` moved or cut it (its keys were written for that one)."""
    first = Month.parse(scn.period.simulate_from or scn.period.start)
    last = scn.period.start_month + (scn.period.months - 1)
    own = own_period(scn)
    return (first, last) if own is None else (min(first, own[0]), max(last, own[1]))


def unused_price_key_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per year of a price index by year (``prices.material: {2206: 1.03}``) that
    no factor reads, as ``unused_schedule_key_warnings`` says a month's: a year after the
    last year simulated and the base year (2206 for 2026, with the year likely meant), or
    one more than ``TYPO_YEARS`` before the first year read that a later year replaces by
    then. The years read are those simulated, the base year (a plain number's prices) and
    each money schedule's last year (a schedule is uprated from it). Silent, the index
    stays at the year before (1.0 before its first), and the prices do not move. Only the
    user's own years, not a base file's."""
    first, last = _key_window(scn)
    own = base_year(scn)
    data = resolved_data(scn)
    known = [max(Month.parse(k) for k in s).year for path, s in schedules_in(data)
             if path.startswith(("costs.", "providers."))]
    reads = (min(first.year, own, *known), max(last.year, own))
    out = []
    for kind in [k for k in type(scn.prices).model_fields if k != "base_year"]:  # in order
        index = getattr(scn.prices, kind)
        if not isinstance(index, dict):
            continue
        for year, why in _unread_years(sorted(index), reads).items():
            if f"prices.{kind}.{year}" not in scn._base_keys:
                out.append(_unused_year_line(scn, f"prices.{kind}.{year}", sorted(index), why,
                                             (first, last), lang))
    return out


def _unread_years(years: list[int], reads: tuple[int, int]) -> dict[int, str]:
    """Each of an index's ``years`` (in order) whose factor no year from ``reads[0]`` to
    ``reads[1]`` takes: ``until``, after them; ``from``, a later year replaces it by the
    first, and it lies more than ``TYPO_YEARS`` before (nearer: history, not a typo)."""
    out = {}
    for k, year in enumerate(years):
        if year > reads[1]:
            out[year] = "until"
        elif k + 1 < len(years) and years[k + 1] <= reads[0] and reads[0] - year > TYPO_YEARS:
            out[year] = "from"
    return out


def _unused_year_line(scn: Scenario, path: str, years: list[int], why: str,
                      period: tuple[Month, Month], lang: str) -> str:
    """``unused_price_key_warnings``' line for the year ending ``path``: after the last
    year read (the year before it, or 1.0, holds to the end) or replaced before the
    first (``from``: the year in force then)."""
    year, (first, last) = int(path.rpartition(".")[2]), period
    if why == "from":
        held = [y for y in years if y <= first.year][-1]
        return _never_line(scn, path, ("index", "Index"), why, str(held), None, period, lang)
    earlier = [y for y in years if y < year]
    meant = _typo_year(year, years, first.year, last.year)
    return _never_line(scn, path, ("index", "Index"), why,
                       str(earlier[-1]) if earlier else None, meant, period, lang,
                       stays=("the index stays 1.0, as before its first year",
                              "der Index bleibt 1,0, wie vor seinem ersten Jahr"))


def _period_words(scn: Scenario, lang: str) -> str:
    """What the keys are held against: the months simulated (a warm-up's too) or the
    period."""
    if scn.period.simulate_from:
        return "the months simulated" if lang == "en" else "die simulierten Monate"
    return "the period" if lang == "en" else "der Zeitraum"


def _history(key: str, start: Month) -> bool:
    """``key``, replaced before ``start``, is no more than ``TYPO_YEARS`` before it: an
    earlier value kept in the file (last year's wage), not a mistyped year."""
    return start - Month.parse(key) <= 12 * TYPO_YEARS


def _period_fields(scn: Scenario) -> list[tuple[str, DatedField, set[str]]]:
    """Each dated schedule of ``scn`` (path, its keys, the keys a funder's warning says
    already): the funders' by ``_dated_fields`` (a yearly budget's keys count from a
    January), the others by their data; not the uncertainty's or finsim's built-in
    tables (the minimum wage, a Land's KdU share)."""
    fields = [(f"funding.{f.id}.{field.path}", field, set(_never_in_force(f, field)))
              for f in scn.funding for field in _dated_fields(f)]
    data = resolved_data(scn)
    tables = _builtin_tables(scn, data)
    return fields + [(path, DatedField(path, sorted(s, key=Month.parse)), set())
                     for path, s in schedules_in(data)
                     if not path.startswith(("funding.", "uncertainty.")) and path not in tables]


def _unused_key_line(scn: Scenario, path: str, field: DatedField, why: tuple[str, str],
                     period: tuple[Month, Month], lang: str) -> str:
    """``unused_schedule_key_warnings``' line for the key ending ``path``: after the last
    month simulated (``why`` ``until``: ``held``'s value holds to the end) or replaced
    before the first (``from``: ``held``'s is in force then)."""
    (reason, held), (first, last) = why, period
    noun = ("rule set", "Regelsatz") if field.path.endswith("covers") else ("value", "Wert")
    meant = None if reason == "from" else _typo_for(path.rpartition(".")[2], field.keys,
                                                    first, last)
    return _never_line(scn, path, noun, reason, held, meant, period, lang)


def _never_line(scn: Scenario, path: str, noun: tuple[str, str], reason: str,
                held: str | None, meant: object, period: tuple[Month, Month], lang: str,
                stays: tuple[str, str] = ("", "")) -> str:
    """The line for a dated key ``path`` (of a ``noun``, en and de: a value, a rule set, a
    price index) that never takes effect: ``reason`` ``from``, replaced before the first
    month by ``held``'s, in force then; else after the last, ``held``'s holding to the
    end (``stays`` where none before it does), with the key likely ``meant`` if any."""
    (first, last), simulated = period, bool(scn.period.simulate_from)
    months, (en, de) = _period_words(scn, lang), noun
    if reason == "from":
        return (f"{path}: {months} start{'' if simulated else 's'} in {first}, "
                f"when {held}'s {en} is in force already, so this one never takes effect; "
                "leave the key out" if lang == "en" else
                f"{path}: {months} beginn{'en' if simulated else 't'} im "
                f"{month_words(first, lang)}, wenn schon der {de} von {held} gilt, dieser gilt "
                "also nie; den Schlüssel weglassen")
    if lang == "en":
        holds = f"{held}'s holds to the end" if held is not None else stays[0]
        fix = (f": a typo for {meant}? Else leave the key out" if meant else
               "; leave the key out")
        return (f"{path}: {months} run{'' if simulated else 's'} {first} to "
                f"{last}, so this {en} never takes effect ({holds}){fix}, "
                "or lengthen the period")
    holds = f"{held} gilt bis zum Ende" if held is not None else stays[1]
    fix = (f": ein Tippfehler für {meant}? Sonst den Schlüssel weglassen" if meant else
           "; den Schlüssel weglassen")
    return (f"{path}: {months} {'laufen' if simulated else 'läuft'} von "
            f"{month_words(first, lang)} bis {month_words(last, lang)}, dieser {de} gilt also "
            f"nie ({holds}){fix}, oder den Zeitraum verlängern")


def _typo_for(key: str, keys: list[str], first: Month, last: Month) -> str | None:
    """The one month ``key`` (more than ``TYPO_YEARS`` after ``last``) likely meant: its
    month in a year from ``first`` to ``last`` whose digits are those of ``key``'s year
    with one changed or two neighbours swapped, not a key already; None unless just one."""
    month = Month.parse(key)
    if month - last <= 12 * TYPO_YEARS:
        return None
    meant = [f"{y}{key[4:]}" for y in _near_years(key[:4])
             if first <= Month(int(y), month.month) <= last and f"{y}{key[4:]}" not in keys]
    return meant[0] if len(meant) == 1 else None


def _typo_year(year: int, years: list[int], first: int, last: int) -> int | None:
    """``_typo_for`` of a price index's year: the one year from ``first`` to ``last``
    (more than ``TYPO_YEARS`` before ``year``) it likely meant, not a year given."""
    if year - last <= TYPO_YEARS:
        return None
    meant = [int(y) for y in _near_years(str(year))
             if first <= int(y) <= last and int(y) not in years]
    return meant[0] if len(meant) == 1 else None


def _near_years(year: str) -> list[str]:
    """The years a slip of one digit makes of ``year`` (one changed, two neighbours
    swapped), in order."""
    near = {year[:i] + d + year[i + 1:] for i in range(4) for d in "0123456789"}
    near |= {year[:i] + year[i + 1] + year[i] + year[i + 2:] for i in range(3)}
    return sorted(near)


def _unused_rule_line(funder: Funder, field: DatedField, key: str, effect: Month, why: str,
                      held: str, lang: str) -> str:
    """``unused_rule_set_warnings``' line for the key ``key`` of ``field``, taking effect
    in ``effect``, in force in no month the funder pays: after its ``until`` (``why``),
    where ``held``'s value holds to the end, or before its ``from``, when ``held``'s is."""
    path = f"funding.{funder.id}.{field.path}.{key}"
    rules = field.path == "covers"
    what, was = ("rule set", "Regelsatz") if rules else ("value", "Wert")
    later = "" if str(effect) == key else (
        f"a yearly budget's key counts from the next January, {effect}; " if lang == "en"
        else f"der Schlüssel eines Jahresbudgets gilt ab dem nächsten Januar, also ab "
        f"{month_words(effect, lang)}; ")
    if why == "until":
        year = key[:4]  # a yearly budget's key written in a month it pays: meant for its year
        fix = ((f"key it {year}-01 for {year}'s budget" if lang == "en" else
                f"den Schlüssel {year}-01 für das Budget {year} setzen")
               if later and Month.parse(key) <= Month.parse(str(funder.until)) else
               "set until to the last month it pays" if lang == "en" else
               "until auf den letzten Monat setzen, in dem er zahlt")
        return (f"{path}: the funder pays until {funder.until}, so this {what} never takes "
                f"effect ({later}{held}'s holds to the end); {fix}, or leave the key out"
                if lang == "en" else
                f"{path}: der Geldgeber zahlt bis {month_words(funder.until, lang)}, dieser "
                f"{was} gilt also "
                f"nie ({later}{held} gilt bis zum Ende); {fix}, oder den Schlüssel weglassen")
    return (f"{path}: the funder pays from {funder.from_}, when {held}'s {what} is in force "
            "already, so this one never takes effect; set from to the first month it pays, "
            "or leave the key out" if lang == "en" else
            f"{path}: der Geldgeber zahlt ab {month_words(funder.from_, lang)}, wenn schon "
            f"der {was} von "
            f"{held} gilt, dieser gilt also nie; from auf den ersten Monat setzen, in dem "
            "er zahlt, oder den Schlüssel weglassen")


def _midyear_line(path: str, cap: dict, key_month: str, keys: list[str], lang: str) -> str:
    """``midyear_cap_warnings``' line of the key ``key_month`` of ``cap`` (at ``path``;
    ``keys`` in date order): the year it takes effect, or the later key that takes that
    year instead, and the budget its own year keeps."""
    month = Month.parse(key_month)
    year = month.year
    kept = number(float(yearly(cap, Month(year, 1), 1)[0]), 2, lang)
    value = number(float(cap[key_month]), 2, lang)
    later = [k for k in keys if month < Month.parse(k) <= Month(year + 1, 1)]
    if lang == "en":
        effect, other = ((f"never takes effect ({later[-1]} gives {year + 1}'s budget)",
                          "or leave it out") if later else
                         (f"takes effect from {year + 1}-01",
                          f"or {year + 1}-01 to say what it does"))
        return (f"{path}.{key_month}: a yearly budget is the value in force in each January, "
                f"so {value} EUR {effect}, and {year} keeps {kept} EUR; key it {year}-01 "
                f"for {year}'s budget, {other}")
    effect, other = ((f"gelten {value} EUR nie ({later[-1]} gibt das Budget {year + 1})",
                      "oder ihn weglassen") if later else
                     (f"gelten {value} EUR erst ab {year + 1}-01",
                      f"oder {year + 1}-01, um zu sagen, was er tut"))
    return (f"{path}.{key_month}: ein Jahresbudget ist der Wert, der im Januar gilt, also "
            f"{effect}, und {year} behält {kept} EUR; den Schlüssel {year}-01 für das "
            f"Budget {year} setzen, {other}")


def _whole_grant_line(funder: str, began: Month, start: Month, lang: str) -> str:
    path = f"funding.{funder}.cap_total"
    if lang == "en":
        return (f"{path}: the program ran from {began}, and the period from {start} gives "
                f"{funder} its whole cap_total: what {began} to {start + -1} already used "
                "of the grant is not deducted, as the months before the start book no "
                f"money; set what is left of it (--set {path}=...)")
    began, start, before = (month_words(m, lang) for m in (began, start, start + -1))
    return (f"{path}: das Programm lief ab {began}, und der Zeitraum ab {start} gibt "
            f"{funder} den ganzen cap_total: was {began} bis {before} davon schon "
            "verbraucht haben, ist nicht abgezogen, da die Monate vor dem Beginn kein Geld "
            f"buchen; den Rest der Bewilligung setzen (--set {path}=...)")


def _fresh_year_line(funder: str, key: str, cap: object, first: Month, start: Month,
                     last: Month, lang: str) -> str:
    """``funding.<funder>.<key>``, a yearly budget (``cap``), given whole to the rest of
    the year the period starts in (which ends in ``last``)."""
    budget = number(float(yearly(cap, start, 1)[0]), 2, lang)
    path = f"funding.{funder}.{key}"
    fix = _start_year_set(path, cap, start, last) + (
        ", every year written out, as one number would replace the later years' budgets "
        "too" if lang == "en" else ", jedes Jahr ausgeschrieben, da eine Zahl auch die "
        "Budgets der späteren Jahre ersetzen würde")
    ceiling = key != "cap_per_year"  # the PAT's: how much of its money may be transfer
    if lang == "en":
        before = f"{first} to {start + -1}"
        return (f"{path}: the period starts in {start}, in mid-year, and gives "
                f"{funder} its whole {start.year} "
                f"{'transfer ceiling' if ceiling else 'budget'} ({budget} EUR) for "
                f"{start} to {start.year}-12 (a fresh yearly budget): what {before} "
                "already used of it is not deducted, as the months before the start "
                "book no money; lower that year's budget by what was used "
                f"({fix}) or start the period in {start.year}-01")
    begins, december = month_words(start, lang), month_words(f"{start.year}-12", lang)
    return (f"{path}: der Zeitraum beginnt im {begins}, im laufenden Jahr, und gibt "
            f"{funder} {'die ganze Transferobergrenze' if ceiling else 'das ganze Budget'} "
            f"{start.year} ({budget} EUR) für "
            f"{begins} bis {december} (ein frisches Jahresbudget): was "
            f"{month_words(first, lang)} bis {month_words(start + -1, lang)} davon schon "
            "verbraucht haben, ist nicht abgezogen, da die "
            "Monate vor dem Beginn kein Geld buchen; das Budget des "
            f"Jahres um das Verbrauchte senken ({fix}) oder ab "
            f"`{start.year}-01` rechnen")


def _start_year_set(path: str, cap: object, start: Month, last: Month) -> str:
    """The ``--set`` that gives the start year's budget alone (``...`` for the user's
    figure), in the dated form for one number too (``path=...`` cut the later years'
    budgets to what was left of the start year's): each calendar year's budget from the
    start year to ``last`` written where it changes, the year after the start year's
    always (else ``...`` would hold on into it, and ``lowered_start_year`` reads the
    start year's below it as lowered)."""
    entries, before = [f"{start.year}-01: ..."], None
    for year in range(start.year + 1, max(last.year, start.year + 1) + 1):
        value = float(yearly(cap, Month(year, 1), 1)[0])
        if year == start.year + 1 or value != before:
            entries.append(f"{year}-01: {value:.2f}".rstrip("0").rstrip("."))
        before = value
    return f"--set '{path}={{{', '.join(entries)}}}'"


class Note(str):
    """A line that states an assumption finsim makes, not a fault of the scenario (the
    minimum wage past the statutory table): listed among the warnings, but said as one on
    every output (``note:`` on the terminal, ``notes`` in the records and the Python
    results, a plain line on the page) and never refused by ``--strict``, which would
    otherwise refuse a shipped scenario with no way to accept it. A line made from it
    stays one (``reworded``)."""


def reworded(line: str, text: str) -> str:
    """``text``, ``line`` said another way (after a label, in a Python call's words), a
    note still if ``line`` is one: the outputs tell notes from warnings by their type."""
    return Note(text) if isinstance(line, Note) else text


def labelled(label: str, line: str) -> str:
    """``line`` after ``label`` (a compared scenario's, a range end's), a note still one,
    a ``Listed`` line still one."""
    if isinstance(line, Listed):
        return _listed(label + line, label + line.brief)
    return reworded(line, label + line)


def notes_apart(lines: list[str]) -> tuple[list[str], list[str]]:
    """``lines`` as (warnings, notes), each in its order: the records and the Python API
    keep the notes apart (``notes``), so that a reader or a filter of the warnings is
    not stopped by a note."""
    return ([line for line in lines if not isinstance(line, Note)],
            [line for line in lines if isinstance(line, Note)])


def said_as(line: str) -> str:
    """``line`` as the terminal says it: ``note: ...`` for a ``Note``, else ``warning:``;
    a ``Listed`` line by its brief."""
    return f"{'note' if isinstance(line, Note) else 'warning'}: {getattr(line, 'brief', line)}"


def strict(warnings: list[str], source: str) -> None:
    """``--strict``: the warnings as problems (exit 2), before anything is written."""
    strict_each([(source, w) for w in warnings])


def strict_each(warnings: list[tuple[str, str]]) -> None:
    """``strict`` over (source, warning) pairs: a command of several files (``compare``)
    names each warning's own file, not the first one's. A ``Note`` is not refused."""
    refused = [placed(source, w) for source, w in warnings if not isinstance(w, Note)]
    if refused:
        raise ScenarioError([Problem(where, "", f"--strict: {w}", show_value=False)
                             for where, w in refused])


def placed(source: str, line: str) -> tuple[str, str]:
    """(where ``line`` is, what it says): the file ``source``, or the line of it that
    ``line`` begins with (``unordered_key_warnings``: ``file:31: ...``)."""
    number, _, rest = line[len(source) + 1:].partition(": ")
    if line.startswith(f"{source}:") and number.isdigit() and rest:
        return f"{source}:{number}", rest
    return source, line


def occupancy_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """The years whose forecast months keep under half the slots filled: one alone in its
    own line, several in one (``_low_years_line``; a program moved to a later period gave a
    line per year, each the same but its figures). Actual months (before ``--as-of``) are
    facts from the spells file, not the referral setting's consequence: a year of them
    alone is not told, a year partly actual is told over its forecast months. The advice
    names only keys that would change something. Measured against the slots each
    replication ran with (drawn ones too, as ``over_capacity_warnings``): the file's slots
    called a run of drawn-down slots, full in every replication, a third occupied."""
    low = _low_years(result, lang)
    if not low:
        return []
    advice = _occupancy_advice(result.scenario, lang)
    if len(low) > 1:
        return [_low_years_line(low, advice, lang)]
    [(year, share, held, slots)] = low
    return [f"occupancy in {year} is {share} of the slots (participants at month end, mean "
            f"{held} of {slots}): {advice}" if lang == "en" else
            f"Auslastung {year}: {share} der Plätze (Teilnehmende am Monatsende, im Mittel "
            f"{held} von {slots}): {advice}"]


def _low_years(result: RunResult, lang: str) -> list[tuple[str, str, str, str]]:
    """Each year under ``LOW_OCCUPANCY`` over its forecast months, said in ``lang``: the
    year (with the month its forecast starts if it is partly actual), its occupancy, its
    mean participants at month end and its mean slots."""
    scn = result.scenario
    flows = result.mean(result.aggregate.flows)  # [months, providers + 1, columns]
    held = flows[:, -1, FLOW_COLUMNS.index("participants")]
    slots = result.mean(result.aggregate.slots).sum(axis=1)
    years = calendar_years(scn.period.start_month, scn.period.months)
    forecast = np.arange(scn.period.months) >= (scn.as_of or 0)
    out = []
    for year in distinct_years(scn.period.start_month, scn.period.months):
        mine = (years == year) & forecast
        if slots[mine].sum() <= 0:
            continue
        share = held[mine].sum() / slots[mine].sum()
        if share >= LOW_OCCUPANCY:
            continue
        first = month_words(scn.period.start_month + int(np.argmax(mine)), lang)
        partly = (f" ({'forecast from' if lang == 'en' else 'Prognose ab'} {first})"
                  if ((years == year) & ~forecast).any() else "")
        out.append((f"{year}{partly}", percent(share, 0, lang),
                    number(held[mine].mean(), 1, lang), number(slots[mine].mean(), 0, lang)))
    return out


def _low_years_line(low: list[tuple[str, str, str, str]], advice: str, lang: str) -> str:
    """The years under ``LOW_OCCUPANCY`` in one line, each with its occupancy and its
    participants of slots, the advice once (``listed_line``)."""
    under = percent(LOW_OCCUPANCY, 0, lang)
    if lang == "en":
        head = (f"occupancy in {len(low)} years is under {under} of the slots (participants "
                "at month end, mean; each year with its occupancy, then participants of "
                "slots): ")
        items = [f"{year} {share} ({held} of {slots})" for year, share, held, slots in low]
    else:
        head = (f"Auslastung in {len(low)} Jahren unter {under} der Plätze (Teilnehmende am "
                "Monatsende, im Mittel; je Jahr die Auslastung, dann Teilnehmende von "
                "Plätzen): ")
        items = [f"{year} {share} ({held} von {slots})" for year, share, held, slots in low]
    return listed_line(head, items, f": {advice}", lang)


def over_capacity_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """The months in which a provider held more people at month end than it had slots in
    force (a slot schedule cut below the people employed: nobody is dismissed, so
    occupancy read 263 % without a word): their wages and coaching go on, material follows
    the slots, management (a fixed amount per provider with any slot) stops only at 0
    slots. Month by month, as flows.csv counts
    them: a year's sums hide a cut late in it under the slots of its earlier months.
    Means over the replications, each with its own slots (drawn ones too)."""
    scn, agg = result.scenario, result.aggregate
    held = result.mean(agg.flows)[:, :-1, FLOW_COLUMNS.index("participants")]
    slots = agg.slots / agg.count  # [months, providers]
    over = []  # (provider id, its months, the month most over, people, slots)
    for p, provider in enumerate(scn.providers):
        months = np.flatnonzero(held[:, p] - slots[:, p] >= OVER_SLOTS)
        if not len(months):
            continue
        worst = int(months[np.argmax(held[months, p] - slots[months, p])])
        over.append((provider.id, month_runs(months, scn.period.start_month, lang),
                     month_words(scn.period.start_month + worst, lang),
                     number(held[worst, p], 2, lang),
                     _count(slots[worst, p], lang)))
    if len(over) > 1:
        return [_over_capacity_line(over, lang)]
    return [f"providers.{pid}: more people than slots in {when} (people at month end, mean; "
            f"most over in {most}: {people} people in {room} slots): {CUT_SLOTS['en']}"
            if lang == "en" else
            f"providers.{pid}: mehr Teilnehmende als Plätze in {when} (Teilnehmende am "
            f"Monatsende, Mittelwert; am meisten darüber {most}: {people} Teilnehmende auf "
            f"{room} Plätzen): {CUT_SLOTS['de']}" for pid, when, most, people, room in over]


CUT_SLOTS = {
    "en": "a cut slot schedule dismisses nobody, so occupancy passes 100 % and their wages "
          "and coaching go on; material follows the slots, management stops only at 0 "
          "slots; cut the slots as people leave (a later date) if that is meant",
    "de": "gekürzte Plätze entlassen niemanden, die Auslastung liegt über 100 %, Löhne und "
          "Betreuung laufen weiter; die Sachkosten folgen den Plätzen, die Leitung entfällt "
          "erst bei 0 Plätzen; die Plätze später kürzen, wenn Teilnehmende ausscheiden, "
          "falls das gemeint ist"}
"""Why people over the slots cost what they do, and what to do: said once per warning."""


def _over_capacity_line(over: list[tuple], lang: str) -> str:
    """The providers over their slots in one line, each with its months and the month
    most over (people in slots), the advice once: a cut of every provider's schedule
    gave 25 lines of 400 characters each, one cause."""
    items = [f"{pid} {when} ({most}: {people} {'in' if lang == 'en' else 'auf'} {room})"
             for pid, when, most, people, room in over]
    head = (f"providers: more people than slots at {len(over)} providers (people at month "
            "end, mean; each with its months, then the month most over: people in slots): "
            if lang == "en" else
            f"providers: mehr Teilnehmende als Plätze bei {len(over)} Trägern (Teilnehmende "
            "am Monatsende, Mittelwert; je Träger die Monate, dann der Monat am meisten "
            "darüber: Teilnehmende auf Plätzen): ")
    return listed_line(head, items, f": {CUT_SLOTS[lang]}", lang)


LISTED = 5
"""The places of a ``Listed`` warning the terminal names; the page and the records name all."""


class Listed(str):
    """A warning of one cause at many places (providers, years), every place listed: the
    page, the workbooks and the records say it whole, the terminal (``said_as``) its
    ``brief``, the first ``LISTED`` places and how many more. A line made from it stays
    one (``labelled``)."""

    brief: str


def listed_line(head: str, items: list[str], tail: str, lang: str) -> str:
    """``head``, the ``items`` apart by ``; ``, ``tail``: a ``Listed`` past ``LISTED``
    items, whose brief ends the list with how many more."""
    line = f"{head}{'; '.join(items)}{tail}"
    if len(items) <= LISTED:
        return line
    more = len(items) - LISTED
    shown = "; ".join(items[:LISTED])
    return _listed(line, f"{head}{shown}; {'and' if lang == 'en' else 'und'} {more} "
                   f"{'more' if lang == 'en' else 'weitere'}{tail}")


def _listed(line: str, brief: str) -> Listed:
    out = Listed(line)
    out.brief = brief
    return out


def _count(value: float, lang: str) -> str:
    """A count of slots: whole as given, a mean of drawn ones with two decimals."""
    return number(value, 0 if float(value).is_integer() else 2, lang)


def _occupancy_advice(scn: Scenario, lang: str) -> str:
    """What to change for fuller slots: referrals on demand and a full start where the
    scenario has not set them (``initial`` plays no part beside actual spells); where
    the exit hazards are fast (``fast_exits``), those: they empty the slots, and more
    referrals would not fill them (0.6 and 0.5 a month were blamed on the referrals)."""
    if fast := fast_exits(scn):
        return _fast_exit_advice(fast, lang)
    keys = [key for key, unset in (
        ("referrals_per_month: on_demand",
         scn.participants.referrals_per_month != ON_DEMAND),
        ("initial: full", scn.actuals is None and scn.participants.initial not in STEADY))
        if unset]
    if not keys:
        return ("referrals are on demand, yet the slots stay empty: check "
                "employment.refill_delay_months and the slots in force" if lang == "en" else
                "Zuweisungen nach Bedarf, und doch bleiben Plätze leer: "
                "employment.refill_delay_months und die Platzzahlen prüfen")
    return ("too few referrals for the slots? A program that keeps going: "
            f"{', '.join(keys)} (docs/running-programs.md)" if lang == "en" else
            "zu wenige Zuweisungen für die Plätze? Ein Programm, das weiterläuft: "
            f"{', '.join(keys)} (docs/running-programs.md)")


class FastExits(NamedTuple):
    """Exit hazards that add up to ``FAST_EXITS`` or more, each as (the path that sets it,
    its value): a provider's own, else the program's."""

    placement: tuple[str, float]
    dropout: tuple[str, float]

    @property
    def total(self) -> float:
        return self.placement[1] + self.dropout[1]

    @property
    def stay(self) -> float:
        """The mean stay in months at these hazards (before ``max_months`` ends it)."""
        return 1.0 / (hazard(self.placement[1]) + hazard(self.dropout[1]))


def fast_exits(scn: Scenario) -> list[FastExits]:
    """The exit hazards in force, the program's (where a provider runs with one of its
    keys) and each provider's own over them, that add up to ``FAST_EXITS`` or more; the
    same pair once."""
    program = scn.employment.hazards
    own = [(f"providers.{p.id}.employment.hazards", p.employment.hazards)
           for p in scn.providers if p.employment and p.employment.hazards]
    kept = len(own) < len(scn.providers) or any(
        h.placement is None or h.dropout is None for _, h in own)
    out: list[FastExits] = []
    for where, given in [*([("employment.hazards", program)] if kept else []), *own]:
        found = FastExits(*(_hazard_at(where, given, program, key)
                            for key in ("placement", "dropout")))
        if found.total >= FAST_EXITS and found not in out:
            out.append(found)
    return out


def _hazard_at(where: str, given: object, program: object, key: str) -> tuple[str, float]:
    """A hazard as (path, value): ``given``'s own at ``where``, else the program's."""
    value = getattr(given, key)
    if value is None:
        return f"employment.hazards.{key}", float(getattr(program, key))
    return f"{where}.{key}", float(value)


def exit_hazard_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """Exit hazards that empty the slots within months (``fast_exits``): valid shares,
    yet five times the sources' highest; typed without the percent (0.6 for 0.6 %) they
    ran 89 placements and 85 dropouts into 6 % occupancy, which was blamed on the
    referrals. Each with its paths, the share a month, the mean stay and the percent
    reading; then a group whose ``modifiers`` raise hazards below it to it
    (``modifier_exit_warnings``)."""
    out = []
    for fast in fast_exits(scn):
        (pp, pv), (dp, dv) = fast
        out.append(
            f"{pp} {file_text(pv)} and {dp} {file_text(dv)}: "
            f"{_exits_said(pv, dv, fast.stay, '', lang)}{_percent_reading(fast, lang)}"
            if lang == "en" else
            f"{pp} {file_text(pv)} und {dp} {file_text(dv)}: "
            f"{_exits_said(pv, dv, fast.stay, '', lang)}{_percent_reading(fast, lang)}")
    return out + modifier_exit_warnings(scn, lang)


def _exits_said(placed: float, dropped: float, stay: float, whom: str, lang: str) -> str:
    """What a fast-exit line says after what sets the hazards: the shares placed and
    dropping out a month (of the people in the slots ``whom``: `` with age old``), the
    mean stay, and how far that is from the sources."""
    months = number(stay, 1, lang)
    if lang == "en":
        return (f"each month {share_percent(placed, lang)} of the people in the slots{whom} "
                f"are placed and {share_percent(dropped, lang)} drop out, a mean stay of "
                f"{months} months; {file_text(FAST_EXITS)} a month or more together (a mean "
                "stay under 5 months) is unusual, docs/sources.md 3.2 gives up to 2.6% placed "
                "and 1.5% dropping out a month")
    return (f"jeden Monat werden {share_percent(placed, lang)} der Teilnehmenden{whom} "
            f"vermittelt und {share_percent(dropped, lang)} brechen ab, im Mittel bleiben sie "
            f"{months} Monate; zusammen {number(FAST_EXITS, 1, lang)} im Monat oder mehr "
            "(unter 5 Monaten im Mittel) ist ungewöhnlich, docs/sources.md 3.2 nennt bis "
            "2,6 % Vermittlung und 1,5 % Abbruch im Monat")


class GroupExits(NamedTuple):
    """The fastest exits a provider's people run with: its hazards as (path, value), the
    modifiers that raise them for its fastest group as (path, modifier), that group's
    attributes the modifiers name, and the shares placed and dropping out a month."""

    placement: tuple[str, float]
    dropout: tuple[str, float]
    modifiers: tuple[tuple[str, Modifier], ...]
    group: tuple[tuple[str, str], ...]
    placed: float
    dropped: float

    @property
    def total(self) -> float:
        return self.placed + self.dropped

    @property
    def stay(self) -> float:
        """The mean stay in months of the group (before ``max_months`` ends it)."""
        return 1.0 / (hazard(self.placed) + hazard(self.dropped))


def fastest_groups(scn: Scenario) -> list[GroupExits]:
    """Each provider's fastest exits: its exit rule's hazards times the factors of the
    modifiers a group of ``participants.mix`` matches (all that match multiply, as the
    replications apply them), for the group placed and dropping out most together."""
    out = []
    for provider in scn.providers:
        patch = provider.employment
        where = f"providers.{provider.id}.employment"
        given = patch.hazards if patch is not None and patch.hazards is not None \
            else HazardsPatch()
        pair = tuple(_hazard_at(f"{where}.hazards", given, scn.employment.hazards, key)
                     for key in ("placement", "dropout"))
        listed = (f"{where}.modifiers" if patch is not None and patch.modifiers is not None
                  else "employment.modifiers")
        modifiers = [(f"{listed}.{k}", m) for k, m in
                     enumerate(scn.employment_for(provider).modifiers)
                     if m.placement != 1.0 or m.dropout != 1.0]
        out.append(max((_group_exits(pair, modifiers, group)
                        for group in _groups(scn, modifiers)), key=lambda g: g.total))
    return out


def _groups(scn: Scenario, modifiers: list[tuple[str, Modifier]]) -> list[dict[str, str]]:
    """Every combination of the values of the attributes the modifiers name (``{}``
    alone without any): the groups whose hazards can differ."""
    names = list(dict.fromkeys(a for _, m in modifiers for a in m.when
                               if a in scn.participants.mix))
    return [dict(zip(names, values, strict=True)) for values in
            itertools.product(*(list(scn.participants.mix[a]) for a in names))]


def _group_exits(pair: tuple[tuple[str, float], ...], modifiers: list[tuple[str, Modifier]],
                 group: dict[str, str]) -> GroupExits:
    """The exits of ``group`` at the hazards ``pair`` with the modifiers it matches."""
    applied = tuple((path, m) for path, m in modifiers
                    if all(group.get(a) in wanted for a, wanted in allowed_values(m.when).items()))
    named = dict.fromkeys(a for _, m in applied for a in m.when)
    shares = [-math.expm1(-min(hazard(value) * math.prod(getattr(m, key) for _, m in applied),
                               MAX_EXIT_RATE))
              for key, (_, value) in zip(("placement", "dropout"), pair, strict=True)]
    return GroupExits(*pair, applied, tuple((a, group[a]) for a in named), *shares)


MAX_EXIT_RATE = 700.0
"""A hazard a month past which every share placed is 1 to float precision (a product of
factors may reach 1e400)."""


def modifier_exit_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A group whose ``modifiers`` raise hazards below ``FAST_EXITS`` to it or more (a
    factor of 12 on a placement of 2 %): the replications run that group with those
    exits, which the hazards alone do not show. The line names the hazards, the
    modifiers and the group; hazards fast by themselves are ``exit_hazard_warnings``'."""
    out: list[str] = []
    for found in fastest_groups(scn):
        (pp, pv), (dp, dv) = found.placement, found.dropout
        if found.total < FAST_EXITS or pv + dv >= FAST_EXITS:
            continue
        times = (" and " if lang == "en" else " und ").join(
            f"{path} ({_factors(m, lang)})" for path, m in found.modifiers)
        line = (f"{pp} {file_text(pv)} {'and' if lang == 'en' else 'und'} {dp} {file_text(dv)}"
                f", {'times' if lang == 'en' else 'mal'} {times}: "
                f"{_exits_said(found.placed, found.dropped, found.stay, _whom(found, lang), lang)}")
        if line not in out:
            out.append(line)
    return out


def _factors(modifier: Modifier, lang: str) -> str:
    """A modifier's factors other than 1: ``placement x 12``."""
    times = "x" if lang == "en" else "mal"
    return ", ".join(f"{key} {times} {file_text(getattr(modifier, key))}"
                     for key in ("placement", "dropout") if getattr(modifier, key) != 1.0)


def _whom(found: GroupExits, lang: str, paths: bool = False) -> str:
    """`` with age old`` (the group's attributes the modifiers name), with the modifiers'
    paths in brackets if ``paths``; "" for everyone."""
    if not found.group:
        return ""
    said = ", ".join(f"{a} {v}" for a, v in found.group)
    named = f" ({', '.join(path for path, _ in found.modifiers)})" if paths else ""
    return f" {'with' if lang == 'en' else 'mit'} {said}{named}"


HAZARD_DRAW = re.compile(
    r"^(providers\.[^.]+\.)?employment\.(hazards|modifiers\.\d+)\.(placement|dropout)$")
"""An ``uncertainty`` path that draws an exit hazard or a modifier's factor."""


def hazard_draws(scn: Scenario) -> list[str]:
    """The ``uncertainty`` paths that draw exit hazards (or a modifier's factor on one)."""
    return [path for path in scn.uncertainty if HAZARD_DRAW.match(path)]


def drawn_exit_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """Exit hazards whose draw reaches ``FAST_EXITS`` a month (with the hazards and
    modifiers beside it) at its upper end, where the scenario's own stay below it: the
    replications near that end run with those exits. A line per provider's fastest
    group (the same line once), naming the draws and the value each reaches."""
    found = _drawn_top(scn)
    if found is None:
        return []
    top, ends = found
    out: list[str] = []
    for own, high in zip(fastest_groups(scn), fastest_groups(top), strict=True):
        if own.total >= FAST_EXITS or high.total < FAST_EXITS:
            continue
        used = {own.placement[0], own.dropout[0], *(f"{p}.{k}" for p, _ in high.modifiers
                                                    for k in ("placement", "dropout"))}
        drawn = [(path, end) for path, end in ends.items() if path in used] or list(ends.items())
        line = _drawn_line(scn, top, drawn, high, lang)
        if line not in out:
            out.append(line)
    return out


def _drawn_top(scn: Scenario) -> tuple[Scenario, dict[str, tuple[bool, float]]] | None:
    """The scenario with each hazard draw at its upper end (a bounded family's high, an
    unbounded one's ``1 - STOP_CHANCE`` quantile), and whether that is a high with the
    end's value, by path; a draw the run refuses there is left out (``draw_bound_warnings`` says it
    may stop the run). None without such draws."""
    ends = {}
    for path in hazard_draws(scn):
        dist = scn.uncertainty[path]
        top = dist.high if dist.bounded else inverse_cdf(dist, 1 - STOP_CHANCE)
        if refusal(scn, path, top) is None:
            ends[path] = (dist.bounded, top)
    if not ends:
        return None
    try:
        return apply_draws(scn, {path: top for path, (_, top) in ends.items()}), ends
    except ScenarioError:  # together refused: each is warned of by its own bounds
        return None


def _drawn_line(scn: Scenario, top: Scenario, drawn: list[tuple[str, tuple[bool, float]]],
                found: GroupExits, lang: str) -> str:
    """``drawn_exit_warnings``' line: each draw with the value it reaches (a ``scale``
    draw as its end times the file's value), then the exits there."""
    parts = []
    share = round(100 * (1 - STOP_CHANCE))
    for path, (high, at) in drawn:
        end = "high" if high else f"{share}% quantile" if lang == "en" else f"{share}-%-Quantil"
        if scn.uncertainty[path].scale:
            end += f" {at:.4g} x {file_text(current(scn, path))}"
        reached = f"{float(current(top, path)):.4g}"
        parts.append(f"{path} draws up to {reached} (its {end})" if lang == "en" else
                     f"{path} zieht bis zu {reached} (sein {end})")
    said = _exits_said(found.placed, found.dropped, found.stay, _whom(found, lang, True), lang)
    if lang == "en":
        return (f"uncertainty: {' and '.join(parts)}; where a replication draws "
                f"{'it' if len(parts) == 1 else 'them'} there, {said}")
    return (f"uncertainty: {' und '.join(parts)}; zieht eine Replikation "
            f"{'ihn' if len(parts) == 1 else 'sie'} dort, gilt: {said}")


def _percent_reading(fast: FastExits, lang: str) -> str:
    """The values above the sources' highest (``SOURCED_HAZARD``) read as percent: ``: if
    0.6 % and 0.5 % are meant, write 0.006 and 0.005``."""
    high = [value for _, value in fast if value > SOURCED_HAZARD]
    both = " und " if lang == "de" else " and "
    meant = both.join(f"{file_text(v)} %" for v in high)
    shares = both.join(file_text(round(v / 100, 12)) for v in high)
    return (f": sind {meant} gemeint, {shares} schreiben" if lang == "de" else
            f": if {meant} {'is' if len(high) == 1 else 'are'} meant, write {shares}")


def _fast_exit_advice(found: list[FastExits], lang: str) -> str:
    """The occupancy warning's cause where the exit hazards are fast: people leave
    within months of entering, whatever the referrals."""
    each = "; ".join(f"{pp} {file_text(pv)} + {dp} {file_text(dv)}"
                     for (pp, pv), (dp, dv) in found)
    stay = number(min(f.stay for f in found), 1, lang)
    return (f"people leave faster than the slots refill: {each} a month, a mean stay of "
            f"{stay} months (see the warning on the exit hazards)" if lang == "en" else
            f"Teilnehmende scheiden schneller aus, als Plätze nachbesetzt werden: {each} im "
            f"Monat, im Mittel {stay} Monate Verweildauer (siehe die Warnung zu den "
            "Austrittsraten)")


def _program_schedules(scn: Scenario) -> list[tuple[str, dict]]:
    """The dated schedules that make the program (the referrals and each provider's
    slots), by dotted path; read from the data, not looked up by a dotted path: a
    provider's id may hold a dot."""
    data = resolved_data(scn)
    schedules = [("participants.referrals_per_month",
                  data["participants"].get("referrals_per_month")),
                 *((f"providers.{p['id']}.slots", p.get("slots")) for p in data["providers"])]
    return _as_written(scn, [(path, s) for path, s in schedules if isinstance(s, dict) and s])


def _as_written(scn: Scenario, schedules: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """``schedules`` (path, schedule) with a search candidate's slots replaced by the
    user's (``with_slots``' ``_own_slots``): the search's split month by month (caritas
    ``{2026-01: 24, 2026-11: 23, 2026-12: 24}`` beside ``slots: 24``) is no schedule the
    user wrote, so a warning on it asked them to check one that exists in no file; a
    schedule of theirs the candidate made one number still counts."""
    own = scn._own_slots
    if not own:
        return schedules
    found = dict(schedules)
    out = [(path, own.get(path, s)) for path, s in schedules]
    out += [(path, s) for path, s in own.items() if path not in found]
    return [(path, dict(s)) for path, s in out if isinstance(s, dict) and s]


def cut_ramp(scn: Scenario, start: Month) -> list[str]:
    """The program's dated values a period from ``start`` would leave out, of a scenario
    that starts empty (``initial: 0``, no warm-up, no actual spells: those seat their
    people at the start, whatever the referrals before it): the dates before ``start``
    but the one in force then, as "path (first to last)". A ramp-up moved before the start is lost
    whole: the program starts empty with its later value (the §16i file's 70, 55 and 45
    referrals of 2026-01 to 2026-03 at a start of 2027-01: 2 a month into empty slots)."""
    if scn.period.simulate_from or scn.participants.initial != 0 or scn.actuals is not None:
        return []
    out = []
    for path, schedule in _program_schedules(scn):
        before = sorted(m for m in map(Month.parse, schedule) if m < start)
        if before and start not in map(Month.parse, schedule):
            before = before[:-1]  # its value holds at the start
        if before:
            out.append(f"{path} ({before[0]})" if len(before) == 1 else
                       f"{path} ({before[0]} – {before[-1]})")
    return out


def moved_past_ramp(scn: Scenario, lang: str = "en") -> list[str]:
    """A ``--set period.start`` that moves the period past the dated values of the
    program (``cut_ramp``): run from the file's own start, it would be running at the new
    one; moved, it starts empty there with its later values. One line, with the warm-up
    (``period.simulate_from``) that keeps the program as the file has it."""
    own = moved_start(scn)
    start = scn.period.start_month
    if own is None or Month.parse(own) >= start:
        return []
    cut = cut_ramp(scn, start)
    if not cut:
        return []
    if lang == "de":
        since, begins = month_words(own, lang), month_words(start, lang)
        return [f"period.start: mit --set von {since} auf {begins} verschoben, hinter die "
                f"datierten Werte von {' und '.join(cut)}: das Programm beginnt im {begins} "
                f"mit leeren Plätzen, nicht so, wie es seit {since} liefe; um es seit "
                f"{since} laufen zu lassen, zusätzlich --set period.simulate_from={own}"]
    return [f"period.start: moved from {own} to {start} by --set, past the dated values of "
            f"{' and '.join(cut)}: the program starts at {start} with the slots empty, not "
            f"running as it would since {own}; to keep it running since {own}, also --set "
            f"period.simulate_from={own}"]


def early_schedules(scn: Scenario, lang: str = "en") -> list[str]:
    """The referrals' or a provider's slots schedule whose first date lies after the first
    month simulated: before it its first value holds (a ramp-up's 70 referrals a month of
    2026-01 ran through all of 2025 when ``size --start 2025-01`` planned a file starting
    2026-01), so those months describe a program the file does not."""
    first = Month.parse(scn.period.simulate_from or scn.period.start)
    out = []
    for path, schedule in _program_schedules(scn):
        begins = min(Month.parse(k) for k in schedule)
        if begins <= first:
            continue
        value = f"{schedule[str(begins)]:g}"
        out.append(
            f"{path}: the schedule's first date {begins} lies {begins - first} months after "
            f"the first month simulated ({first}), so its first value {value} holds from "
            f"{first} on: is that the program then? Give the months before, or start the "
            f"period at {begins}" if lang == "en" else
            f"{path}: das erste Datum des Zeitplans, {begins}, liegt {begins - first} Monate "
            f"nach dem ersten simulierten Monat ({month_words(first, lang)}); sein erster "
            f"Wert {value} gilt also ab {month_words(first, lang)}: war das Programm damals "
            f"so? Die Monate davor angeben oder den Zeitraum mit `{begins}` beginnen")
    return out


def stretched_ramp(scn: Scenario, start: Month) -> list[str]:
    """The program's dated values a period from ``start`` would stretch back, of a
    scenario that starts empty (``initial: 0``, no warm-up): each schedule whose first
    date lies after ``start``, as "path (first date)". Moved back there, its first value
    holds from ``start`` on (``early_schedules``): the late file's 70 referrals and 8 slots
    of 2026-07 ran from 2026-01, 757 people instead of 272."""
    if scn.period.simulate_from or scn.participants.initial != 0:
        return []
    return [f"{path} ({begins})" for path, schedule in _program_schedules(scn)
            if (begins := min(map(Month.parse, schedule))) > start]


def stale_schedules(scn: Scenario, lang: str = "en") -> list[str]:
    """A schedule whose last date lies long before the period; one the file names by a
    word (a Land code, ``minimum_wage``) is told as finsim's built-in table, so the user
    does not look for dates the file never held. Schedules of the file that end on the
    same date and are carried on alike (held, or uprated by the same rate) are one line
    (``_stale_line``): the 2026 files' coach and three managements all end in 2027-04."""
    start = scn.period.start_month
    data = resolved_data(scn)
    tables = _builtin_tables(scn, data)
    alike: dict[tuple, list[tuple[str, object]]] = {}  # (last, rate) -> held, file order
    for path, schedule in _as_written(scn, schedules_in(data)):
        if path.startswith("uncertainty"):
            continue
        last = max(Month.parse(k) for k in schedule)
        if start - last > STALE_MONTHS:
            rate = _annual_increase(data, path)
            key = (last, rate, path if path in tables else None)  # a table on its own
            alike.setdefault(key, []).append((path, schedule[str(last)]))
    return [_stale_line(held, last, start, rate, tables.get(table), lang)
            for (last, rate, table), held in alike.items()]


def _stale_line(held: list[tuple[str, object]], last: Month, start: Month, rate: float,
                table: tuple[str, str, str] | None, lang: str) -> str:
    """The line of ``stale_schedules`` for the schedules ``held`` (path, last value) that
    end in ``last``, ``rate`` the increase a year that carries them on."""
    def said(value: object) -> str:  # a number, or a dated rule set's shares
        if not isinstance(value, int | float):
            return file_text(value)
        return f"{value:g}" if lang == "en" else f"{value:g}".replace(".", ",")

    months = start - last
    if len(held) > 1:
        named = [f"{path} ({said(value)})" for path, value in held]
        paths = (", ".join(named[:-1]) + (" and " if lang == "en" else " und ") + named[-1])
        if lang == "en":
            carried = (f"uprates each from its last value by {rate:.1%} a year" if rate
                       else "holds each at its last value throughout")
            return (f"{paths}: the schedules' last date {last} lies {months} months before "
                    f"the period ({start}), so the period {carried}: are they still right?")
        carried = (f"wird jeder ab seinem letzten Wert um {percent(rate, 1, lang)} im Jahr "
                   "fortgeschrieben" if rate else "gilt durchweg jeweils der letzte Wert")
        return (f"{paths}: das letzte Datum der Zeitpläne, `{last}`, liegt {months} Monate vor "
                f"dem Zeitraum ({month_words(start, lang)}); im Zeitraum {carried}: stimmt das "
                "noch?")
    path, value = held[0]
    if lang == "en":
        carried = (f"is uprated from its last value {said(value)} by {rate:.1%} a year"
                   if rate else f"holds its last value {said(value)} throughout")
        if table is None:
            return (f"{path}: the schedule's last date {last} lies {months} months before the "
                    f"period ({start}), so the period {carried}: is it still right?")
        word, what, instead = table
        return (f"{path}: {word} is finsim's built-in {what}, whose last date {last} lies "
                f"{months} months before the period ({start}), so the period {carried}: is it "
                f"still right? Give {instead} in place of {word} to set it.")
    carried = (f"wird der letzte Wert {said(value)} um {percent(rate, 1, lang)} im Jahr "
               "fortgeschrieben" if rate else f"gilt durchweg der letzte Wert {said(value)}")
    if table is None:
        return (f"{path}: das letzte Datum des Zeitplans, `{last}`, liegt {months} Monate vor "
                f"dem Zeitraum ({month_words(start, lang)}); im Zeitraum {carried}: stimmt das "
                "noch?")
    word = table[0]
    return (f"{path}: {word} ist die in finsim eingebaute Tabelle; ihr letztes Datum, "
            f"{month_words(last, lang)}, "
            f"liegt {months} Monate vor dem Zeitraum ({month_words(start, lang)}); im Zeitraum "
            f"{carried}: stimmt "
            f"das noch? Eine Zahl oder ein Zeitplan {{JJJJ-MM: Wert}} an Stelle von {word} "
            "legt ihn fest.")


def _builtin_tables(scn: Scenario, data: dict) -> dict[str, tuple[str, str, str]]:
    """The schedules that are finsim's sourced tables, named by a word in the file:
    path -> (the word, what the table is, what the user gives instead)."""
    out = {}
    parts = scn.passive_benefits.parts
    share = None if parts is None else parts.kdu_federal_share
    if isinstance(share, LandShare):
        out["passive_benefits.parts.kdu_federal_share"] = (
            share.land, f"table of the federal KdU share for {share.land} (BBFestV)",
            "the share as a number or a schedule {YYYY-MM: share}")
    for path, schedule in schedules_in(data):  # scaled too: a factor range's end
        if path.endswith(".hourly") and table_factor(schedule) is not None:
            out[path] = (MINIMUM_WAGE, "statutory minimum wage table",
                         "an hourly wage or a schedule {YYYY-MM: EUR}")
    return out


def idle_funders(scn: Scenario, lang: str = "en") -> list[str]:
    """The funders that pay in no month of the period, for their dates alone (a share of
    0 written as such is meant)."""
    start, months = scn.period.start_month, scn.period.months
    first, last = start, start + (months - 1)
    out = []
    for funder in scn.funding:
        if any(funder.pays_in(str(start + m)) for m in range(months)):
            continue
        dates = funder.dates_said
        out.append(
            f"funding.{funder.id}: pays in no month of the period {first} to {last} "
            f"({dates}), so what it would cover falls to the remainder funder or the gap: "
            "is the date right?" if lang == "en" else
            f"funding.{funder.id}: zahlt in keinem Monat des Zeitraums von "
            f"{month_words(first, lang)} bis {month_words(last, lang)} "
            f"({dates}); was er tragen würde, fällt an den Restfinanzierer oder die Lücke: "
            "stimmt das Datum?")
    return out


def netted_out_funders(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per category a funder ``net_of`` others writes a share of (its own key, or
    ``total`` where that leaves it nothing at all) that those others pay at least as much
    of in every month it covers it: netted, its share is always 0 (a Kreis 0.1 net of
    ESF+'s 0.9, meant as a top-up, paid nothing in 216 ledger rows without a word). Only
    where what the others pay is their written share: none of them drawn, capped, itself
    netted, limited to benefits or a rule kind of its own, nor a share of the subsidy base
    beside a share of the wage line."""
    by_id = {f.id: f for f in scn.funding}
    drawn = {p.split(".")[1] for p in scn.uncertainty if p.startswith("funding.")}
    months = [str(scn.period.start_month + m) for m in range(scn.period.months)]
    out = []
    for funder in scn.funding:
        netted = [by_id[o] for o in dict.fromkeys(funder.net_of) if o in by_id and o != funder.id]
        if (not netted or funder.id in drawn or not pays_shares(funder)
                or not all(_pays_its_shares(g, drawn) for g in netted)):
            continue
        for key in _netted_out_keys(funder, netted, months):
            out.append(_netted_out_line(funder, netted, key, months, lang))
    return out


def _pays_its_shares(funder: Funder, drawn: set[str]) -> bool:
    """Whether what ``funder`` pays of a cell is always its written share of the cost."""
    return (funder.id not in drawn and pays_shares(funder) and not funder.net_of
            and funder.limited_to is None and funder.covers != "remainder"
            and funder.cap_per_person_month is None and funder.cap_per_year is None
            and funder.cap_total is None)


def _left_share(funder: Funder, netted: list[Funder], category: str,
                month: str) -> list[float] | None:
    """``funder``'s share of ``category`` in ``month`` by tenure year less what those it
    is net of pay (None where it has no share then); a share of the subsidy base of
    another counts nothing against one of the wage line, which it may fall short of."""
    own = as_years(funder.share_of(category, month))
    if not any(own):
        return None
    others = [as_years(g.share_of(category, month)) for g in netted
              if category != "wages" or g.basis == "cost" or g.basis == funder.basis]
    years = max(len(s) for s in [own, *others])
    return [at_year(own, y) - sum(at_year(s, y) for s in others) for y in range(years)]


def _netted_out_keys(funder: Funder, netted: list[Funder], months: list[str]) -> list[str]:
    """The keys of ``funder``'s ``covers`` (a category, or ``total``) whose share is
    always used up by those it is net of, in the months of the period it covers them."""
    keys = []
    for key in dict.fromkeys(k for _, shares in funder.rule_sets for k in shares):
        cells = [_left_share(funder, netted, category, month) for month in months
                 for category in (CATEGORIES if key == "total" else [key])
                 if key in funder.shares_at(month)]
        left = [c for c in cells if c is not None]
        if left and all(s <= 1e-12 for c in left for s in c):
            keys.append(key)
    return keys


def _netted_out_line(funder: Funder, netted: list[Funder], key: str, months: list[str],
                     lang: str) -> str:
    """``netted_out_funders``' line for ``key``: its share, and those it is net of with
    theirs in the first month it covers ``key``."""
    first = next(m for m in months if key in funder.shares_at(m))
    path = share_path(funder, "wages" if key == "total" else key, first)
    category = "wages" if key == "total" else key
    own = share_text(funder.share_of(category, first))
    names = ", ".join(g.id for g in netted)
    theirs = ", ".join(f"{g.id} {share_text(share)}" for g in netted
                       if any(as_years(share := g.share_of(category, first))))
    if lang == "en":
        return (f"{path}: {funder.id} pays nothing of {key} in any month: its share {own} is "
                f"net of {names}, who pay at least as much of {key} in every month it covers "
                f"it ({theirs} in {first}), so net_of leaves nothing of it; for a top-up "
                f"beside their money leave out net_of, or give as its share what they and "
                f"{funder.id} pay together (1 for the whole cost)")
    return (f"{path}: {funder.id} zahlt in keinem Monat etwas bei {key}: sein Anteil {own} "
            f"wird um das Geld von {names} gemindert, die in jedem Monat, in dem er {key} "
            f"trägt, mindestens so viel davon zahlen ({theirs} im {month_words(first, lang)}), "
            "net_of lässt ihm "
            f"also nichts; für eine Aufstockung neben ihrem Geld net_of weglassen, oder als "
            f"Anteil angeben, was sie und {funder.id} zusammen zahlen (1 für die ganzen "
            "Kosten)")


def unpaid_share_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per share after a ``per_person_limit`` that pays nothing in some months of
    the period it has one in, and may in others (``checks.unpaid_after_a_limit``; one
    that pays in none is refused): the shares before it take all the limit leaves there,
    so the money it would give is not in the plan then, without a word in the ledger."""
    start = scn.period.start_month
    return [_unpaid_line(u, start, lang) for u in unpaid_after_a_limit(scn) if u.pays]


def _unpaid_line(unpaid: Unpaid, start: Month, lang: str) -> str:
    """``unpaid_share_warnings``' line: the months, the shares that take it all in the
    first of them, and the two fixes (pay first, or dates that leave the months out)."""
    funder, category = unpaid.funder.id, unpaid.category
    first = str(start + unpaid.dead[0])
    path = share_path(unpaid.funder, category, first)
    if lang == "en":
        return (f"{path}: {funder} pays nothing of {category} in "
                f"{month_runs(np.array(unpaid.dead), start, lang)}, though it has a share of "
                f"it then: the shares before it {unpaid_reason(unpaid, first)}; if it is to "
                f"pay first there, put it before {unpaid.first_full} in the funding list, or "
                "give it dates that leave those months out if it takes over only after them")
    one, total, every_year, taking = unpaid_terms(unpaid)
    dead = month_runs(np.array(unpaid.dead), start, lang, adverbial=True)
    return (f"{path}: {funder} zahlt {dead} nichts bei "
            f"{category}, obwohl er dann einen Anteil daran hat: die Anteile vor ihm ohne "
            f"{' und '.join(f'den von {g}' for g in unpaid.limited)}, "
            f"{'der' if one else 'die'} bei einem per_person_limit "
            f"{'endet' if one else 'enden'}, ergeben zusammen "
            f"{'in jedem Beschäftigungsjahr mindestens ' if every_year else ''}"
            f"{number(total, _decimals(total), lang)} (ab {month_words(first, lang)}: "
            f"{taking}), sie nehmen also alles, was {' und '.join(unpaid.limited)} übrig "
            f"{'lässt' if one else 'lassen'}; soll {funder} dort zuerst zahlen, ihn in der "
            f"funding-Liste vor {unpaid.first_full} stellen, oder ihm Daten geben, die diese "
            "Monate auslassen, falls er erst danach übernimmt")


def uprates(scn: Scenario) -> bool:
    """Whether any money value moves with the calendar year (a ``prices`` kind or an
    ``annual_increase``): only then does the year plain numbers are priced in matter."""
    kinds = (scn.prices.wages, scn.prices.staff, scn.prices.material, scn.prices.qualification)
    increases = [scn.costs.wages.annual_increase, scn.costs.staff.annual_increase]
    for p in scn.providers:
        if p.costs is not None:
            increases += [getattr(p.costs.wages, "annual_increase", None),
                          getattr(p.costs.staff, "annual_increase", None)]
    return any(k is not None for k in kinds) or any(increases)


def price_base_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A period moved into another calendar year, by a scenario file over its bases
    (``moved_over_base``) or by a ``--set`` (``moved_start``), re-bases plain money
    values to the new first year (docs/prices.md) unless ``prices.base_year`` says
    otherwise: each move said once, with how to keep the prices before it."""
    if scn.prices.base_year is not None or scn.period.simulate_from or not uprates(scn):
        return []
    out = []
    over = moved_over_base(scn)
    if over is not None:
        file, before, after = over
        out += _rebased(before, after, lang, lambda old: _by_file(file, old, lang))
    own = moved_start(scn)
    if own is not None:
        out += _rebased(own, scn.period.start, lang, lambda old: _by_set(old, lang))
    return out


def _by_file(file: str, old: int, lang: str) -> tuple[str, str, str]:
    """``_rebased``'s words for a file that moved its bases' start."""
    if lang == "en":
        return (f"{file} over its base", "base's",
                f"add prices: {{base_year: {old}}} to {file}")
    return (f"durch {file} gegenüber seiner Basis", "der Basis",
            f"prices: {{base_year: {old}}} in {file} angeben")


def _by_set(old: int, lang: str) -> tuple[str, str, str]:
    """``_rebased``'s words for a ``--set period.start``."""
    if lang == "en":
        return "--set", "file's", f"--set prices.base_year={old}"
    return "mit --set", "der Datei", f"--set prices.base_year={old}"


def _rebased(before: str, after: str, lang: str,
             route: Callable[[int], tuple[str, str, str]]) -> list[str]:
    """The line for a period start moved from ``before`` to ``after``, if that changes
    the calendar year: one wording for every way to move it, ``route`` saying for the
    old year (by what, whose prices they were, what keeps them) in ``lang``."""
    old, new = Month.parse(before).year, Month.parse(after).year
    if old == new:
        return []
    by, whose, keep = route(old)
    if lang == "en":
        return [f"period.start: moved from {before} to {after} by {by}, so plain money "
                f"values are read as prices of {new}, not of {old}; to keep the {whose} "
                f"{old} prices, also {keep}"]
    return [f"period.start: {by} von {before} auf {after} verschoben, daher gelten "
            f"einfache Geldbeträge als Preise von {new}, nicht von {old}; um die Preise "
            f"{old} {whose} zu behalten, zusätzlich {keep}"]


def _annual_increase(data: dict, path: str) -> float:
    """The ``annual_increase`` beside an uprated parameter (wages, staff costs; a
    provider's own, else the program's), or 0."""
    parent, _, name = path.rpartition(".")
    if name not in ("hourly", "coach_cost_per_year", "management_cost_per_year"):
        return 0.0
    parent = parent.removesuffix(".subsidy_base")  # the base hourly moves with the wage
    block = parent.rpartition(".")[2]  # wages or staff
    for where in (parent, f"costs.{block}"):
        try:
            return float(get_path(data, f"{where}.annual_increase"))
        except PathError:
            continue
    return 0.0


def wage_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """The first month of the period where an hourly wage, priced as the ledger prices it
    (``prices.wages``, the base year of a moved period), lies below the minimum wage the
    ledger prices for its block then (``minimum_wage_hourly``), per wage parameter, with
    how many months are below it: those after the table's last year are below finsim's
    assumed uprating of the minimum wage, not a statutory figure, and the line says so."""
    start, months = scn.period.start_month, scn.period.months
    out = []
    for block, w in _wage_blocks(scn).items():
        hourly = hourly_priced(scn, w.hourly, w)
        floors = minimum_wage_hourly(scn, w)
        below = [start + m for m in range(months) if hourly[m] < floors[m] - 1e-9]
        if below:
            m = below[0] - start
            out.append(_wage_line(scn, block, below, months,
                                  (hourly[m], floors[m]), lang))
    return out


def _wage_line(scn: Scenario, block: str, below: list[Month], months: int,
               pair: tuple[float, float], lang: str) -> str:
    """``wage_warnings``' line of one wage block: its first month below, the wage and
    minimum wage then (``pair``), and ``below`` counted, the assumed months among them
    told as such."""
    first, (paid, floor) = below[0], pair
    wage, least = _apart(paid, floor, lang)
    assumed = assumed_from()
    later = sum(1 for month in below if month >= assumed)
    en = lang == "en"
    if first < assumed:
        since = minimum_wage(first)[1]
        head = (f"the statutory minimum wage of {least} EUR in force since {since}" if en
                else f"dem gesetzlichen Mindestlohn von {least} EUR, gültig seit "
                f"{month_words(since, lang)}")
    else:
        head = (f"finsim's assumed minimum wage of {least} EUR in {first.year}" if en else
                f"dem von finsim angenommenen Mindestlohn von {least} EUR im Jahr {first.year}")
    count = (f"{len(below)} of {counted(months, 'month', 'months')} below it" if en else
             f"{len(below)} von {counted(months, 'Monat', 'Monaten')} darunter")
    if later:
        count += "; " + _assumed_note(scn, block, later == len(below), later, assumed, lang)
    return (f"{block}.hourly: {wage} EUR/hour in {first} is below {head} ({count})" if en
            else f"{block}.hourly: {wage} EUR/Stunde im {month_words(first, lang)} liegen "
            f"unter {head} "
            f"({count})")


NEAR_MINIMUM = 0.05
"""A wage at most this share above the last statutory minimum wage counts as a minimum-wage
job for ``flat_wage_warnings`` (a wage the minimum wage will overtake in a year or two)."""


def flat_wage_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per wage block at or near the minimum wage (at most ``NEAR_MINIMUM`` above
    the table's last rate) that nothing uprates (``annual_increase`` 0, no
    ``prices.wages``) in months after the table's last year: the ledger holds its wage
    flat there, so those years' costs assume the minimum wage never rises again, which
    only ``show --month`` told (the wage is not below that flat assumption, so
    ``wage_warnings`` says nothing)."""
    start, months = scn.period.start_month, scn.period.months
    if scn.prices.wages is not None or start + (months - 1) < assumed_from():
        return []
    rate = minimum_wages()[-1][1]
    out = []
    for block, w in _wage_blocks(scn).items():
        since = max(_held_from(w.hourly), assumed_from(), start)
        if w.annual_increase or since > start + (months - 1):
            continue
        wage = float(hourly_priced(scn, w.hourly, w)[since - start])
        if wage <= rate * (1 + NEAR_MINIMUM) + 1e-9:
            out.append(_flat_wage_line(scn, block, since, wage, lang))
    return list(dict.fromkeys(out))  # providers inheriting the program's wage say its line


def _held_from(hourly: object) -> Month:
    """The first month the ledger prices ``hourly`` past what it says: January after the
    year of a schedule's last date (up to it the schedule stands as given), or the
    table's first month for a plain number (held from the start)."""
    if isinstance(hourly, dict) and hourly:  # the year uprated() holds as given
        return Month(last_year(tuple(map(str, hourly))) + 1, 1)
    return minimum_wages()[0][0]


def _flat_wage_line(scn: Scenario, block: str, since: Month, wage: float,
                    lang: str) -> str:
    """``flat_wage_warnings``' line of one block: the wage, the months it is held flat,
    the last statutory rate, and the keys that uprate it (the provider's own where it
    writes one, else the program's)."""
    last, rate, _ = minimum_wages()[-1]
    end = scn.period.start_month + (scn.period.months - 1)
    held = end - since + 1
    increase = _base_path(scn, block, "annual_increase")
    money, statutory = number(wage, 2, lang), number(rate, 2, lang)
    fix = f"--set '{increase}=0.03'"
    if lang == "en":
        at = "at" if abs(wage - rate) < 5e-3 else "near"
        return (f"{block}.hourly: {money} EUR/hour is held flat from {since} on ({held} of "
                f"{counted(scn.period.months, 'month', 'months')}), {at} the last statutory "
                f"minimum wage ({statutory} EUR from {last}), with no uprating "
                f"({increase} 0%, no prices.wages): those months' wages assume the minimum "
                f"wage never rises again; set an increase ({fix} for 3% a year, or "
                "prices.wages) or write your forecast as dated hourly wages")
    at = "beim" if abs(wage - rate) < 5e-3 else "nahe am"
    return (f"{block}.hourly: {money} EUR/Stunde bleiben ab {month_words(since, lang)} "
            f"unverändert ({held} von "
            f"{counted(scn.period.months, 'Monat', 'Monaten')}), {at} letzten gesetzlichen "
            f"Mindestlohn ({statutory} EUR ab {month_words(last, lang)}), ohne Fortschreibung "
            f"({increase} 0 %, kein prices.wages): die Löhne dieser Monate nehmen an, dass der "
            f"Mindestlohn nie mehr steigt; eine Steigerung angeben ({fix} für 3 % im Jahr "
            "oder prices.wages) oder die eigene Prognose als datierte Stundenlöhne schreiben")


def _apart(paid: float, floor: float, lang: str) -> tuple[str, str]:
    """The wage and the minimum wage to the cent, or with the decimals that tell them
    apart (an uprated minimum wage of 14.965 over a wage of 14.96 is not "14.96 below
    14.96")."""
    for decimals in range(2, 7):
        pair = number(paid, decimals, lang), number(floor, decimals, lang)
        if pair[0] != pair[1]:
            return pair
    return pair


def _assumed_note(scn: Scenario, block: str, every: bool, later: int, assumed: Month,
                  lang: str) -> str:
    """How many of the months below lie from ``assumed`` on, where the minimum wage is the
    table's last rate uprated like the wage of ``block`` (finsim's assumption), not a
    statutory one."""
    last, rate, _ = minimum_wages()[-1]
    increase = _wage_blocks(scn)[block].annual_increase
    how = ("prices.wages" if scn.prices.wages is not None else
           f"{block}.annual_increase, {level(increase, lang)} " +
           ("a year" if lang == "en" else "im Jahr"))
    if lang == "en":
        many = "all" if every else f"{later} of them"
        return (f"{many} from {assumed} on, below finsim's assumed uprating of the minimum "
                f"wage, not a statutory figure: the statutory {number(rate, 2, lang)} EUR "
                f"of {last} uprated by {how}")
    many = "alle" if every else f"{later} davon"
    return (f"{many} ab {month_words(assumed, lang)}, unter der von finsim angenommenen "
            f"Fortschreibung des Mindestlohns, keiner gesetzlichen Größe: die gesetzlichen "
            f"{number(rate, 2, lang)} EUR vom {month_words(last, lang)}, fortgeschrieben mit "
            f"{how}")


def assumed_base_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per wage block whose subsidy base is the minimum wage (``minimum_wage``, the
    default) and lies below the wage paid in some month from ``assumed_from`` on: there
    the base is finsim's assumed uprating of the last statutory rate, not the minimum-wage
    forecast the user may have written into the wage, and the funders with ``basis:
    subsidy_base`` pay a share of the lower figure. Silent, a forecast of 15.20 in the
    wage moves the difference from the funder to the employer."""
    if not any(f.basis == "subsidy_base" for f in scn.funding):
        return []
    start, months = scn.period.start_month, scn.period.months
    assumed = assumed_from()
    out = []
    for block, w in _wage_blocks(scn).items():
        if w.subsidy_base is None or not ends_on_the_table(w.subsidy_base.hourly):
            continue
        paid = hourly_priced(scn, w.hourly, w)
        base = hourly_priced(scn, w.subsidy_base.hourly, w)
        above = [m for m in range(max(0, assumed - start), months)
                 if paid[m] > base[m] + 1e-9]
        if above:
            out.append(_assumed_base_line(scn, block, above, months, (paid, base), lang))
    return out


def _base_path(scn: Scenario, block: str, field: str = "subsidy_base.hourly") -> str:
    """The key that sets ``field`` (dotted, below the wage block) of ``block``: a
    provider's own where it writes one, else the program's (which it inherits)."""
    own = f"{block}.{field}"
    if block == "costs.wages":
        return own
    provider = next(p for p in scn.providers if block == f"providers.{p.id}.costs.wages")
    value: object = provider.costs.wages
    for key in field.split("."):
        value = getattr(value, key, None) if value is not None else None
    return own if value is not None else f"costs.wages.{field}"


def base_contribution_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per wage block whose subsidy base counts more contributions than the wage
    line in some month of the period: the base's are a part of the employer's (without
    unemployment insurance), so the input contradicts itself, and the base is capped at
    the wage line there (only ``show --month`` said so): typically the base's rates were
    dated for a new year and ``employer_contributions`` not."""
    start, months = scn.period.start_month, scn.period.months
    out = []
    for block, w in _wage_blocks(scn).items():
        if w.subsidy_base is None:
            continue
        base = monthly(w.subsidy_base.contributions, start, months)
        line = monthly(w.employer_contributions, start, months)
        over = np.flatnonzero(base > line + 1e-12)
        if over.size:
            out.append(_contribution_line(scn, block, over, (base, line), lang))
    return list(dict.fromkeys(out))  # providers inheriting both rates say the program's


def _contribution_line(scn: Scenario, block: str, over: np.ndarray,
                       rates: tuple[np.ndarray, np.ndarray], lang: str) -> str:
    """``base_contribution_warnings``' line of one block: the first month of ``over``,
    both rates then, how many months, each rate by the key that sets it (a provider's
    own, else the program's: a provider inheriting both says the program's line)."""
    m, (base, line) = int(over[0]), rates
    first, months = scn.period.start_month + m, scn.period.months
    ours = _base_path(scn, block, "subsidy_base.contributions")
    theirs = _base_path(scn, block, "employer_contributions")
    high, low = level(float(base[m]), lang), level(float(line[m]), lang)
    keyed = _dated_values(_wage_blocks(scn)[block].employer_contributions,
                          scn.period.start_month, first + -1)
    dated = [f"{k}: {v:g}" for k, v in keyed] or [f"{scn.period.start_month}: {line[0]:g}"]
    fix = f"--set '{theirs}={{{', '.join([*dated, f'{first}: ...'])}}}'"
    if lang == "en":
        return (f"{ours}: {high} in {first} is above {theirs}, {low} then "
                f"({over.size} of {counted(months, 'month', 'months')}), though the base's "
                "contributions are a part of the employer's: the subsidy base is capped at "
                f"the wage line there; date {theirs} too ({fix}) or check the base's "
                "rate")
    return (f"{ours}: {high} im {month_words(first, lang)} liegen über {theirs}, dann {low} "
            f"({over.size} von {counted(months, 'Monat', 'Monaten')}), obwohl die Beiträge "
            "der Bemessungsgrundlage ein Teil der Arbeitgeberbeiträge sind: die "
            f"Bemessungsgrundlage ist dort auf die Lohnzeile gekappt; {theirs} auch nach "
            f"Datum angeben ({fix}) oder den Satz der Bemessungsgrundlage prüfen")


def _assumed_base_line(scn: Scenario, block: str, above: list[int], months: int,
                       series: tuple[np.ndarray, np.ndarray], lang: str) -> str:
    """``assumed_base_warnings``' line of one block: the first month of ``above`` (month
    indices where the wage paid exceeds the assumed base), both rates then, how many
    months, and the key to write one's own forecast at, the statutory rows in the
    period already filled in."""
    start, (paid, base), m = scn.period.start_month, series, above[0]
    first, path = start + m, _base_path(scn, block)
    wage, floor = _exact(paid[m], lang), _exact(base[m], lang)
    last, rate, _ = minimum_wages()[-1]
    increase = _wage_blocks(scn)[block].annual_increase
    how = ("prices.wages" if scn.prices.wages is not None else
           f"{block}.annual_increase, {level(increase, lang)} " +
           ("a year" if lang == "en" else "im Jahr"))
    rows = [f"{k}: {v:.2f}" for k, v, _ in _rows_from(start)]
    fix = f"--set '{path}={{{', '.join([*rows, f'{first}: ...'])}}}'"
    subject = "" if path.startswith(block) else f" ({block})"
    if lang == "en":
        return (f"{path}{subject}: the subsidy base is finsim's assumed minimum wage from "
                f"{first}, {floor} EUR/hour (the statutory {number(rate, 2, lang)} EUR of "
                f"{last} uprated by {how}), not a statutory figure, below the wage paid of "
                f"{wage} EUR/hour in {len(above)} of {counted(months, 'month', 'months')}: "
                "funders with basis: subsidy_base pay their share of the lower figure and "
                "the employer the rest; write your own minimum-wage forecast there "
                f"({fix})")
    return (f"{path}{subject}: die Bemessungsgrundlage ist ab {month_words(first, lang)} der "
            f"von finsim angenommene Mindestlohn, {floor} EUR/Stunde (die gesetzlichen "
            f"{number(rate, 2, lang)} EUR vom {month_words(last, lang)}, fortgeschrieben mit "
            f"{how}), keine gesetzliche Größe, unter dem gezahlten Lohn von {wage} EUR/Stunde in "
            f"{len(above)} von {counted(months, 'Monat', 'Monaten')}: Geldgeber mit basis: "
            "subsidy_base zahlen ihren Anteil an der niedrigeren Zahl, der Arbeitgeber den "
            f"Rest; die eigene Mindestlohn-Prognose dort eintragen ({fix})")


def _exact(value: float, lang: str) -> str:
    """``value`` with the decimals it has, at least 2 and at most 6 (an uprated 14.965 is
    not 14.96 or 14.97: the base is priced with it)."""
    decimals = next((d for d in range(2, 6) if abs(round(value, d) - value) < 1e-9), 6)
    return number(value, decimals, lang)


def _rows_from(start: Month) -> list[tuple[Month, float, str]]:
    """The statutory table's rows in force from ``start`` on (the one in force then and
    the later ones)."""
    rows = minimum_wages()
    held = [r for r in rows if r[0] <= start][-1:]
    return [*held, *[r for r in rows if r[0] > start]]


def assumed_minimum_wage_warnings(scn: Scenario, draws: bool = True, lang: str = "en",
                                  varied: Varied | None = None) -> list[str]:
    """A line per uprating of the minimum wage the period reaches past the statutory
    table with: each wage or subsidy base that follows the table (``minimum_wage``, or its
    rates written out) is, from ``assumed_from`` on, finsim's uprating of the last
    statutory rate, not a statutory figure, and the plan's costs and funders' shares rest
    on it (drawn too, where ``annual_increase`` is). Only ``show --month`` said so. The
    paths ``flat_wage_warnings`` (held flat) and ``assumed_base_warnings`` (a base below
    the wage) already name are left to their lines. ``varied``: the ``annual_increase``
    ranges a sensitivity sweeps, each line naming the range its points run
    (``assumed_minimum_wages``)."""
    notes = assumed_minimum_wages(scn, draws, lang, varied)
    paths: dict[str, list[str]] = {}
    for path, note in notes.items():
        paths.setdefault(note, []).append(path)
    return [Note(f"{', '.join(named)}: {note}{_own_wage_way(scn, named, lang)}")
            for note, named in paths.items()]


def _own_wage_way(scn: Scenario, paths: list[str], lang: str) -> str:
    """How to plan with a minimum wage of one's own instead of the assumed one, for
    ``assumed_minimum_wage_warnings``: dated keys from the first assumed month in each
    of ``paths`` (the statutory rows in the period filled in), which end the schedule
    past the table, so the line is not said again."""
    since = max(assumed_from(), scn.period.start_month)
    rows = [f"{k}: {v:.2f}" for k, v, _ in _rows_from(scn.period.start_month)]
    fix = f"--set '{paths[0]}={{{', '.join([*rows, f'{since}: ...'])}}}'"
    rest = ", ".join(paths[1:])
    if lang == "en":
        return (f"; to plan with a minimum wage of your own instead, write it "
                f"{'in each ' if rest else ''}as dated keys from {since} ({fix}"
                f"{f', the same in {rest}' if rest else ''})")
    return (f"; um stattdessen mit einem eigenen Mindestlohn zu planen, ihn "
            f"{'in jeden Wert ' if rest else ''}als Schlüssel nach Datum ab {since} eintragen "
            f"({fix}{f', ebenso in {rest}' if rest else ''})")


Varied = dict[str, tuple[Scenario, Scenario]]
"""The ``annual_increase`` paths a sensitivity varies, each with the scenarios at its
range's low and high end (``analysis.sensitivity.varied_increases``)."""


def assumed_minimum_wages(scn: Scenario, draws: bool = True, lang: str = "en",
                          varied: Varied | None = None) -> dict[str, str]:
    """``assumed_minimum_wage_warnings``' text by the dotted path of each hourly wage or
    subsidy base it is about (the plan's Assumptions sheet puts it beside the value); with
    the range of a ``varied`` ``annual_increase`` and the rates at its ends."""
    start, months = scn.period.start_month, scn.period.months
    since = max(assumed_from(), start)
    if since > start + (months - 1):
        return {}
    said = {line.split(":")[0].split(" (")[0] for line in
            [*flat_wage_warnings(scn, lang), *assumed_base_warnings(scn, lang)]}
    out: dict[str, str] = {}
    for block, w in _wage_blocks(scn).items():
        base = w.subsidy_base.hourly if w.subsidy_base is not None else None
        for field, value in (("hourly", w.hourly), ("subsidy_base.hourly", base)):
            path = _base_path(scn, block, field)
            if path in said or path in out or not ends_on_the_table(value):
                continue
            note = _assumed_wage_note(scn, block, hourly_priced(scn, value, w)[since - start],
                                      draws, lang, _varied_ends(scn, block, field, varied))
            if note:
                out[path] = note
    return out


def _varied_ends(scn: Scenario, block: str, field: str,
                 varied: Varied | None) -> tuple[tuple[float, float], ...] | None:
    """The block's ``annual_increase`` and the wage ``field``'s rate in the first assumed
    month at the low and the high end of a range ``varied`` sweeps over it, as
    ``(increase, rate)`` each; None where no range varies it."""
    ends = (varied or {}).get(_base_path(scn, block, "annual_increase"))
    if ends is None:
        return None
    out = []
    for point in ends:
        w = _wage_blocks(point)[block]
        since = max(assumed_from(), point.period.start_month) - point.period.start_month
        value = w.subsidy_base.hourly if field == "subsidy_base.hourly" else w.hourly
        out.append((w.annual_increase, hourly_priced(point, value, w)[since]))
    return tuple(out)


def _assumed_wage_note(scn: Scenario, block: str, rate: float, draws: bool,
                       lang: str, ends: tuple[tuple[float, float], ...] | None = None
                       ) -> str | None:
    """``assumed_minimum_wages``' text of one wage block: the first assumed month, how
    many, the rate then and how it follows from the last statutory one (by
    ``prices.wages``, or the block's ``annual_increase`` and its drawn range, or the
    range a sensitivity varies it over, ``ends``); None where nothing uprates it
    (``flat_wage_warnings``' case: held flat)."""
    start, months = scn.period.start_month, scn.period.months
    since = max(assumed_from(), start)
    last, statutory, _ = minimum_wages()[-1]
    key = _base_path(scn, block, "annual_increase")
    dist = scn.uncertainty.get(key) if draws else None
    increase = _wage_blocks(scn)[block].annual_increase
    if scn.prices.wages is None and not increase and dist is None:
        return None
    en = lang == "en"
    how = (("uprated by prices.wages" if en else "fortgeschrieben mit prices.wages")
           if scn.prices.wages is not None else
           f"+ {level(increase, lang)} {'a year' if en else 'im Jahr'} ({key}"
           f"{_drawn_increase(dist, increase, lang)}{_varied_increase(ends, since, lang)})")
    assumed = months - (since - start)
    money, base = _exact(rate, lang), number(statutory, 2, lang)
    if en:
        return (f"from {since} on ({assumed} of {counted(months, 'month', 'months')}) the "
                "minimum wage is finsim's assumption, not a statutory figure yet: "
                f"{money} EUR/hour in {since.year} = the statutory {base} EUR of {last} "
                f"{how}")
    return (f"ab {month_words(since, lang)} ({assumed} von "
            f"{counted(months, 'Monat', 'Monaten')}) ist der "
            "Mindestlohn eine Annahme von finsim, noch keine gesetzliche Größe: "
            f"{money} EUR/Stunde im Jahr {since.year} = die gesetzlichen {base} EUR vom "
            f"{month_words(last, lang)} {how}")


def _varied_increase(ends: tuple[tuple[float, float], ...] | None, since: Month,
                     lang: str) -> str:
    """The range a sensitivity varies ``annual_increase`` over and the minimum wage its
    ends reach in the first assumed year, for ``_assumed_wage_note``: the base's rate
    alone read as the one the swings rest on. Nothing where it is not varied."""
    if ends is None:
        return ""
    (low, at_low), (high, at_high) = ends
    rates = f"{_exact(at_low, lang)} {'to' if lang == 'en' else 'bis'} {_exact(at_high, lang)}"
    return (f", varied from {level(low, lang)} to {level(high, lang)}: {rates} EUR/hour in "
            f"{since.year}" if lang == "en" else
            f", variiert von {level(low, lang)} bis {level(high, lang)}: {rates} EUR/Stunde "
            f"im Jahr {since.year}")


def _drawn_increase(dist: Distribution | None, increase: float, lang: str) -> str:
    """How ``annual_increase`` is drawn, for ``_assumed_wage_note``: its range (a factor's
    times the value), or its family where it has no ends; nothing where it is not."""
    if dist is None:
        return ""
    if not dist.bounded:
        return (f", drawn: {family(dist)}" if lang == "en"
                else f", gezogen: {german_family(dist)}")
    factor = increase if dist.scale else 1.0
    low, high = level(dist.low * factor, lang), level(dist.high * factor, lang)
    return (f", drawn from {low} to {high}" if lang == "en"
            else f", gezogen von {low} bis {high}")


def wage_warnings_at(scn: Scenario, params: tuple[Param, ...], values: dict[int, float],
                     lang: str = "en") -> list[str]:
    """``wage_warnings`` of the scenario at a point (``ranges.point_at``: ``values`` by
    parameter index) beyond the lines the scenario has as written: a range end the
    sensitivity sweeps or a run draws."""
    base = set(wage_warnings(scn, lang))
    return [line for line in wage_warnings(point_at(scn, params, values), lang)
            if line not in base]


def _wage_blocks(scn: Scenario) -> dict[str, object]:
    """Each wage block ``wage_warnings`` checks, by its dotted path."""
    blocks = {"costs.wages": scn.costs.wages}
    blocks.update({f"providers.{p.id}.costs.wages": scn.costs_for(p).wages
                   for p in scn.providers if p.costs is not None and p.costs.wages is not None})
    return blocks


def drawn_wage_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """A wage's ``uncertainty`` range (hourly or annual increase) whose low end puts the
    wage below the minimum wage in some month, the other values as written: the month
    and wage said as ``wage_warnings`` says them, and how many replications drew a wage
    below it in some month (both draws of the block together)."""
    scn, agg = result.scenario, result.aggregate
    blocks = _wage_blocks(scn)
    out = []
    for i, path in enumerate(agg.drawn_names):
        block, _, name = path.rpartition(".")
        if block not in blocks or name not in ("hourly", "annual_increase"):
            continue
        dist = scn.uncertainty[path]
        drawn = agg.drawn[:, i]
        low = dist.low if dist.bounded else float(drawn.min())  # a normal's: the lowest draw
        param = Param(path, low, low, dist.scale, "uncertainty")
        try:
            lines = wage_warnings_at(scn, (param,), {0: low}, lang)
        except ScenarioError:  # an end the scenario refuses was never drawn
            continue
        if not lines:
            continue
        below = _drew_below(result, block, blocks[block])
        out += [_drawn_wage_line(path, dist, low, line, (below, agg.count), lang)
                for line in lines]
    return out


def _drawn_wage_line(path: str, dist: Distribution, low: float, line: str,
                     below: tuple[int, int], lang: str) -> str:
    """``drawn_wage_warnings``' line of one wage check at the range's low end ``low``:
    the family and its range (or lowest draw) with the language's decimal mark, so the
    German line does not mix ``12.5`` with the ``12,50`` of the wage check it quotes."""
    star = "*" if dist.scale else ""
    if lang == "en":
        ends = (f"{star}{dist.low:g} to {star}{dist.high:g}" if dist.bounded
                else f"lowest draw {star}{low:g}")
        runs = counted(below[1], "replication", "replications")
        return (f"uncertainty: {path} draws {dist.dist} {ends}; at {star}{low:g}: {line}; "
                f"{below[0]} of {runs} drew a wage below it: narrow the range to lawful wages")
    ends = (f"von {star}{_german_g(dist.low)} bis {star}{_german_g(dist.high)}"
            if dist.bounded else f"(niedrigster Zug {star}{_german_g(low)})")
    runs = counted(below[1], "Replikation", "Replikationen")
    return (f"uncertainty: {path} zieht aus einer {_GERMAN_FAMILIES[dist.dist]} {ends}; bei "
            f"{star}{_german_g(low)}: {line}; {below[0]} von {runs} zogen einen Lohn "
            "darunter: den Bereich auf zulässige Löhne einengen")


def advance_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per funder whose ``advance`` is above 0 and below 1 EUR: an amount in EUR
    that small is a share meant (``advance: 0.3`` for 30 %), which the cash flow would
    take as 0.30 EUR without a word. Its total is known only after the run, so the line
    says where to read it (summary.csv's ``funding_<id>``)."""
    start, begins, out = scn.period.start_month, funder_begins(scn), []
    for f, funder in enumerate(scn.funding):
        advance = funder.payment.advance if funder.payment else 0.0
        if not 0 < advance < 1:
            continue
        path, month = f"funding.{funder.id}.payment.advance", start + begins[f]
        share, meant = file_text(advance), level(advance, lang)
        out.append(
            f"{path}: {share} is {ADVANCE_IN_EUR}, so {number(advance, 2, lang)} EUR is paid "
            f"ahead in {month}: for {meant} of the funder's money write "
            f"{meant} of its total in EUR (funding_{funder.id} in "
            "summary.csv): is the value right?" if lang == "en" else
            f"{path}: {share} ist ein Betrag in EUR, kein Anteil; vorausgezahlt werden also "
            f"{number(advance, 2, lang)} EUR in {month}: für {meant} des "
            f"Geldes des Geldgebers {meant} seiner Summe in EUR "
            f"schreiben (funding_{funder.id} in summary.csv): stimmt der Wert?")
    return out


def final_statement_warnings(scn: Scenario, lang: str = "en") -> list[str]:
    """A line per funder whose ``final_after_months`` would put its final statement
    before its last claim is paid (``cashflow.late_statements``, the terms as written):
    the statement settles the last claim, so it comes with it, later than the file says."""
    start, out = scn.period.start_month, []
    late = late_statements(cash_terms(scn), scn.period.months)
    ends = funder_ends(scn) if late else None
    for f, given, actual in late:
        funder = scn.funding[f]
        value = f"{funder.payment.final_after_months:g}"
        ended = start + (ends[f] - 1)
        out.append(
            f"funding.{funder.id}.payment.final_after_months: {value} months after the "
            f"funder's last month ({ended}) puts the final statement in {start + given}, "
            f"before its last claim is paid in {start + actual}, so it comes in "
            f"{start + actual}, with the last claim: is the value right?" if lang == "en" else
            f"funding.{funder.id}.payment.final_after_months: {value.replace('.', ',')} "
            f"Monate nach dem letzten Monat des Geldgebers ({ended}) legen die "
            f"Schlusszahlung in {start + given}, bevor seine letzte Abrechnung in "
            f"{start + actual} gezahlt wird; sie kommt daher in {start + actual}, mit der "
            "letzten Abrechnung: stimmt der Wert?")
    return out


def draw_bound_warnings(scn: Scenario, replications: int, lang: str = "en") -> list[str]:
    """A line per uncertain parameter that an unbounded family (normal, lognormal) draws
    where the run refuses it often enough to stop a run of ``replications`` in 1 of 100
    runs or more: the family, the edge, the probability of a draw beyond it and the
    replications expected to meet one. The edges are found by the run's own check of a
    draw (``apply_draws``), so every rule validation holds a drawn value to counts: a
    field's bounds, a funder's share in ``covers``, an amount by household, a mix's shares
    summing to 1 (no value but the file's own: it cannot be drawn alone). A draw out of
    bounds stops the run: clipping it to the bound would pile the whole tail on the
    bound, a value the distribution does not mean, and shift the mean. Bounded families
    are checked at their ends by validation (``checks._bound_problems``)."""
    least = 1 - (1 - STOP_CHANCE) ** (1 / replications)  # a rarer refusal says nothing
    out = []
    for path, dist in scn.uncertainty.items():
        if not dist.bounded:
            out += _refused_draws(scn, path, dist, least, replications, lang)
    return out


def _refused_draws(scn: Scenario, path: str, dist: Distribution, least: float,
                   replications: int, lang: str) -> list[str]:
    """The lines of one parameter: a side where a draw as rare as ``least`` is refused,
    its edge and the probability beyond it; one line if only the median is taken (or not
    even it)."""
    median = inverse_cdf(dist, 0.5)
    if (why := refusal(scn, path, median)) is not None:
        return [_alone_line(path, dist, median, why, 1 - 0.5 ** replications, lang, False)]
    found = sides(scn, path, dist, median, least)
    if alone(found):
        return [_alone_line(path, dist, median, found[1][3], 1.0, lang, True)]
    out = []
    for lower, edge, p, why in found:
        chance = 1 - (1 - p) ** replications
        if chance >= STOP_CHANCE:
            out.append(_bound_line(path, dist, lower, edge, why, p, chance, replications,
                                   lang))
    return out


def _alone_line(path: str, dist: Distribution, median: float, why: str, chance: float,
                lang: str, taken: bool) -> str:
    """A parameter whose draws are refused nearly always: only its median is taken (a
    mix share: any other value breaks the sum of 1), or not even that."""
    return f"uncertainty: {path}: {_alone_text(dist, median, why, chance, lang, taken)}"


def _alone_text(dist: Distribution, median: float, why: str, chance: float,
                lang: str, taken: bool) -> str:
    """``_alone_line`` after the path (English: ``draws.alone_text``, as validation
    refuses a certain stop, with the chance that the run stops)."""
    if lang == "en":
        return alone_text(dist, median, why, taken,
                          f", a chance of {share_percent(chance, lang)} that the run stops")
    what = "einen Faktor" if dist.scale else "einen Wert"
    only = (f"jeder Zug außer {_german_g(median)} selbst wird abgelehnt" if taken
            else f"schon sein Median {_german_g(median)} wird abgelehnt")
    return (f"{german_family(dist)} zieht {what}, den der Lauf ablehnt: {only} "
            f"({german_reason(why)}), "
            f"{share_percent(chance, lang)} Wahrscheinlichkeit, dass der Lauf abbricht" +
            ("; dieser Parameter kann nicht allein gezogen werden: ihn aus uncertainty "
             "nehmen (seine Werte mit finsim sensitivity oder --set vergleichen)" if taken
             else "; ihn innerhalb seiner Grenzen ziehen"))


def _bound_line(path: str, dist: Distribution, lower: bool, edge: float, why: str,
                p: float, chance: float, replications: int, lang: str) -> str:
    en = lang == "en"
    side = ("below" if en else "unter") if lower else ("above" if en else "über")
    at = f"{edge:g}" if en else _german_g(edge)
    crossed = (f"a factor {side} {at}" if en else f"einen Faktor {side} {at}") \
        if dist.scale else f"{side} {at}"
    expected = p * replications
    count = number(expected, 1 if expected >= 0.1 else 2, lang)
    if en:
        return (f"uncertainty: {path}: {family(dist)} draws {crossed} (refused there: "
                f"{why}) with probability {share_percent(p, lang)}: expected in {count} "
                f"of the run's {replications} replications, a chance of "
                f"{share_percent(chance, lang)} that the run stops (a draw out of bounds "
                "stops it, it is not clipped); use a bounded family (triangular, pert or "
                "uniform) within the bounds")
    return (f"uncertainty: {path}: {german_family(dist)} zieht {crossed} (dort abgelehnt: "
            f"{german_reason(why)}) "
            f"mit Wahrscheinlichkeit {share_percent(p, lang)}: erwartet in {count} der "
            f"{replications} Replikationen des Laufs, {share_percent(chance, lang)} "
            "Wahrscheinlichkeit, dass der Lauf abbricht (ein Zug außerhalb der Grenzen "
            "bricht ihn ab, er wird nicht abgeschnitten); eine begrenzte Verteilung "
            "(Dreiecks-, PERT- oder Gleichverteilung: dist triangular, pert oder uniform) "
            "innerhalb der Grenzen wählen")


_GERMAN_FAMILIES = {"uniform": "Gleichverteilung", "triangular": "Dreiecksverteilung",
                    "pert": "PERT-Verteilung", "normal": "Normalverteilung",
                    "lognormal": "Lognormalverteilung"}
"""Each ``dist`` family by its German name, for the German lines (the file's key stays)."""


def german_family(dist: Distribution) -> str:
    """An unbounded family and its parameters in German (``draws.family`` in English):
    ``Normalverteilung (Mittelwert 0,006, Standardabweichung 0,004)``."""
    name = _GERMAN_FAMILIES[dist.dist]
    if dist.dist == "normal":
        return (f"{name} (Mittelwert {_german_g(dist.mean)}, Standardabweichung "
                f"{_german_g(dist.sd)})")
    return f"{name} (Median {_german_g(dist.median)}, Sigma {_german_g(dist.sigma)})"


def _german_g(value: float) -> str:
    """A value as the English lines write it (``:g``, ``0.006``) with the German decimal
    comma (``0,006``)."""
    return _german_digits(f"{value:g}")


_GERMAN_BOUNDS = {"at least": "mindestens", "at most": "höchstens", "more than": "mehr als",
                  "less than": "weniger als"}
_GERMAN_KINDS = {"a number": "eine Zahl", "a whole number": "eine ganze Zahl",
                 "a share": "einen Anteil"}
_GERMAN_TAILS = {"": "", " or a schedule {YYYY-MM: value}": " oder einen Zeitplan {YYYY-MM: Wert}",
                 " in each month of a schedule": " in jedem Monat eines Zeitplans"}
_BOUND = re.compile(r"expected (at least|at most|more than|less than) (-?[\d,]*\.?\d+)")
_RANGE = re.compile(r"expected (a number|a whole number|a share) from (-?[\d,]*\.?\d+) to "
                    r"(-?[\d,]*\.?\d+)( or a schedule \{YYYY-MM: value\}| in each month of a "
                    r"schedule)?")


_SHARES = re.compile(r"shares of '(?P<category>[^']*)' add up to (?P<total>\S+) \((?:(?:tenure "
                     r"year (?P<year>\d+))? ?(?:from (?P<month>\d{4}-\d{2}))?: )?(?P<each>.*)\), "
                     r"more than 1; expected at most 1 together")
"""The rule across fields a draw of a funder's share reaches (``checks._category_problem``;
a draw's line suggests no ``covers: remainder``): the tenure year where a funder writes
shares by tenure year, the month where rules change by date."""
_SHARE_NUMBER = re.compile(r"(?<= )-?\d[\d.e+-]*(?=, |$)")
"""A funder's share after its name in ``_SHARES``' list (``land_esf 0.5, coaching 0.9``)."""


def german_reason(why: str) -> str:
    """A draw's refusal (validation's English message, ``draws.refusal``) in German: a
    field's bound, the reason a draw out of bounds nearly always has (``expected at least
    0`` reads ``erwartet: mindestens 0``), and the rule across fields a drawn funder's
    share meets (the shares of a category adding up to more than 1), whose keys and ids
    stay as the file writes them. Anything else keeps validation's words."""
    if bound := _BOUND.fullmatch(why):
        return f"erwartet: {_GERMAN_BOUNDS[bound[1]]} {_german_digits(bound[2])}"
    if range_ := _RANGE.fullmatch(why):
        return (f"erwartet: {_GERMAN_KINDS[range_[1]]} von {_german_digits(range_[2])} bis "
                f"{_german_digits(range_[3])}{_GERMAN_TAILS[range_[4] or '']}")
    if shares := _SHARES.fullmatch(why):
        return _german_shares(shares)
    return why


def _german_shares(found: re.Match) -> str:
    """``_SHARES``' line in German: the funders' shares with German decimal commas, a
    funder paying net of others (``jobcenter (net of city)``) as ``abzüglich``."""
    when = " ".join(filter(None, (found["year"] and f"Beschäftigungsjahr {found['year']}",
                                  found["month"] and f"ab {found['month']}")))
    each = _SHARE_NUMBER.sub(lambda n: _german_digits(n[0]),
                             found["each"].replace(" (net of ", " (abzüglich "))
    return (f"die Anteile an '{found['category']}' summieren sich auf "
            f"{_german_digits(found['total'])} ({when + ': ' if when else ''}{each}), mehr "
            "als 1; erwartet: zusammen höchstens 1")


def _german_digits(text: str) -> str:
    """A number as validation writes it (``1,000.5``) with German marks (``1.000,5``)."""
    return text.translate(str.maketrans(",.", ".,"))


def _drew_below(result: RunResult, block: str, wages: object) -> int:
    """How many replications' wage of ``block`` (its hourly and annual increase as drawn,
    else as written) lies below its minimum wage (``minimum_wage_hourly``) in some month."""
    scn, agg = result.scenario, result.aggregate
    n = agg.count

    def column(name: str) -> np.ndarray | None:
        path = f"{block}.{name}"
        return (agg.drawn[:, agg.drawn_names.index(path)]
                if path in agg.drawn_names else None)

    hourly, increase = column("hourly"), column("annual_increase")
    scaled = hourly is not None and scn.uncertainty[f"{block}.hourly"].scale
    values = [wages.hourly] * n if hourly is None or scaled else hourly.tolist()
    increases = [wages.annual_increase] * n if increase is None else increase.tolist()
    paid = priced_many(scn, values, "wages", increases)
    if scaled:
        paid = paid * hourly[:, None]  # a factor scales every month's wage alike
    # each replication's minimum_wage_hourly (priced_many: priced's values, bit for bit):
    # the table, uprated after its last year by the increase that replication drew
    floors = priced_many(scn, [minimum_wage_schedule()] * n, "wages", increases)
    return int(np.count_nonzero((paid < floors - 1e-9).any(axis=1)))


def module_costs(scn: Scenario) -> list[tuple[float, float]]:
    """Each module's month after entry and mean cost per entrant: uptake x cost x the
    share of the mix it is meant for."""
    mix = scn.participants.mix
    out = []
    for module in scn.costs.qualification:
        share = 1.0
        for attribute, wanted in allowed_values(module.when or {}).items():
            share *= sum(mix[attribute][v] for v in wanted)
        out.append((float(module.month), module.uptake * module.cost * share))
    return out


def expected_module_cost(scn: Scenario) -> float:
    """Mean cost of the modules one entrant takes: uptake x cost x share matching."""
    return sum(cost for _, cost in module_costs(scn))


def file_starters(scn: Scenario) -> np.ndarray:
    """Entry times (months from the period start, <= 0) of the people a file (the actual
    spells, else ``participants.initial``'s caseload) puts in a slot at the start."""
    if scn.reforecast:  # (a warm-up through the spells carries its people over)
        placed = actual_people(scn)
    elif is_file_value(scn.participants.initial):
        placed = starting_caseload(scn)
    else:
        return np.zeros(0)
    return placed.entry[placed.open_at(0.0)]


def expected_qualification(result: RunResult) -> float:
    """What the modules legitimately due in the period cost, in the mean, at the prices in
    force (``prices.qualification``, as the ledger raises them): every entrant's (new
    entrants, a cohort ``initial: N`` at tenure 0, a steady or warmed-up start, counted
    in full at the period's mean price factor: an upper bound) and, for the people a file
    puts in a slot at the start, only the modules whose month after their real entry lies
    in the period (the ledger charges those alone), at that month's factor. Unraised, a
    century at 2 % a year read as modules charged three times over."""
    scn = result.scenario
    modules = module_costs(scn)
    factor = module_price_factor(scn)
    starters = file_starters(scn)
    others = result.metric_mean("entries") - starters.size
    due = sum(cost * float(factor[_months_in(starters + k, scn.period.months)].sum())
              for k, cost in modules)
    return others * expected_module_cost(scn) * float(factor.mean()) + due


def _months_in(at: np.ndarray, months: int) -> np.ndarray:
    """The month index of each time ``at`` (months from the start) inside the period."""
    return np.floor(at[(at >= 0) & (at < months)]).astype(np.int64)


def module_price_factor(scn: Scenario) -> np.ndarray:
    """The price factor of a module charged in each month of the period: the ledger's
    (``Qualification.rates``: ``prices.qualification`` from the base year), else 1."""
    index = Qualification.rates(scn, ()).index
    return np.ones(scn.period.months) if index is None else np.asarray(index, dtype=float)


def qualification_warnings(result: RunResult, lang: str = "en") -> list[str]:
    """Qualification above twice what the modules due to the people in the period cost:
    entry modules charged again to people already in (the ledger keeps their tenure)."""
    if expected_module_cost(result.scenario) <= 0:
        return []
    charged = result.metric_mean("cost_qualification")
    expected = expected_qualification(result)
    if charged <= QUALIFICATION_FACTOR * expected:
        return []
    amount, due = number(charged, 0, lang), number(expected, 0, lang)
    times = number(charged / expected, 1, lang) if expected > 0 else None
    if lang == "en":
        ratio = f"{times} times" if times else "more than"
        return [f"qualification of {amount} EUR is {ratio} the {due} EUR the modules due in "
                "the period cost (the entrants' and those a caseload's people reach in it): "
                "are people already in the slots charged their entry modules again?"]
    ratio = f"das {times}-Fache" if times else "mehr als"
    return [f"Qualifizierung von {amount} EUR: {ratio} der {due} EUR, die die im Zeitraum "
            "fälligen Module kosten (die der Eintritte und die, die Personen aus einer "
            "Bestandsdatei darin erreichen): werden Personen, die schon auf den Plätzen sind, "
            "ihre Eintrittsmodule erneut berechnet?"]
