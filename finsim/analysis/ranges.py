"""Parameter ranges for sensitivity: parsed from ``--param``, or taken from ``uncertainty``,
checked, and turned into the scenario of one sample point.

``PATH=LOW:HIGH`` sets the value (a schedule becomes the plain value); ``PATH=*LOW:HIGH``
multiplies it (every value of a schedule). Without ``--param`` every method uses the
uncertainty distributions' 10th and 90th percentiles, so unbounded distributions get
finite ranges. A whole-number parameter (slots) is rounded at each point, and so is a
payment term the cash flow takes in whole months (a lag), its ends first taken as the
cash flow takes them (``run_value``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..funding.cashflow import WHOLE_MONTH_TERMS, whole_months
from ..ledger.categories import hourly_priced
from ..program import Program, metric_hint
from ..replication import metric_names
from ..scenario import (
    PathError,
    Scenario,
    ScenarioError,
    datafiles,
    resolved_data,
    scenario_from_dict,
    set_path,
    written,
)
from ..scenario.draws import inverse_cdf, is_whole, rounded
from ..scenario.errors import Problem
from ..scenario.load import RATE_KEYS, held_by_file, held_by_set, share_at
from ..scenario.model import WAGE
from ..scenario.paths import date_months, german_month_in, in_force, new_dated_key
from ..scenario.raw import month_slip, never_thousands
from ..scenario.replace import block_refusal, current, replaced, value_in_force
from ..scenario.schedule import Month, list_refusal, number_or_schedule, numbers_list, scale

RANGE_QUANTILES = (0.1, 0.9)
_DATE = re.compile(r"^\d{4}-\d{2}$")
DATE_REFUSAL = ("a date cannot be varied: sensitivity varies numbers and schedules; run the "
                "scenario once per date (finsim run --set PATH=YYYY-MM) and compare them")
"""Why a date (``funding.land_esf.until``) is refused as a range, either way it is given."""


@dataclass(frozen=True)
class Param:
    """One parameter's range: values to set, or factors to scale by (``scaled``)."""

    path: str
    low: float
    high: float
    scaled: bool = False
    source: str = "--param"
    whole: bool = False  # runs in whole steps (``in_steps``): rounded at each point
    span: tuple[str, str] | None = None
    """A schedule's date: the first and last month its value acts in (``span_of``)."""


def parse_param(text: str) -> Param:
    """``PATH=LOW:HIGH`` or ``PATH=*LOW:HIGH``; a malformed range is the user's mistake."""
    path, sep, rng = text.partition("=")
    scaled = rng.startswith("*")
    low, colon, high = rng.removeprefix("*").partition(":")
    try:
        lo, hi = float(low), float(high)
    except ValueError:
        lo = hi = float("nan")
    if sep and (month := german_month_in(path)):  # 01.2027 read 01 as the base's month
        raise ScenarioError([Problem("--param", path.strip(), month, show_value=False)])
    if sep and colon and all(_DATE.match(end.strip()) for end in (low, high)):
        raise ScenarioError([Problem("--param", path.strip(), DATE_REFUSAL, text)])
    if sep and colon and not scaled and (slip := next(filter(None, (
            month_slip(path.strip(), end) for end in (low, high))), None)):  # 01.2027 ran 1.2027
        raise ScenarioError([Problem("--param", path.strip(), slip, text)])
    factors = scaled or never_thousands(path.strip(), texts=(low, high))  # 1.010:1.025 and
    # a lag's 1.548:3.225 cannot be thousands
    if sep and colon and not factors and (why := written.thousands(low, high)):  # 50.000 ran 50
        raise ScenarioError([Problem("--param", path.strip(), why, text)])
    if not sep or not path.strip() or not colon or not np.isfinite([lo, hi]).all():
        raise ScenarioError([Problem("--param", path.strip(), "expected PATH=LOW:HIGH or "
                                     "PATH=*LOW:HIGH, e.g. costs.material.per_slot_month=40:60",
                                     text, hint=written.comma_hint(rng, factors))])
    if not lo < hi:
        raise ScenarioError([Problem("--param", path.strip(), f"LOW ({lo:g}) must be below "
                                     f"HIGH ({hi:g})", text)])
    return Param(path.strip(), lo, hi, scaled)


def parsed_params(texts: tuple[str, ...] | list[str]) -> tuple[list[Param], list[Problem]]:
    """Each ``--param`` parsed (``parse_param``), with the problems of all that are
    malformed: two ranges written LOW>HIGH were told one a run."""
    params, problems = [], []
    for text in texts:
        try:
            params.append(parse_param(text))
        except ScenarioError as err:
            problems += err.problems
    return params, problems


def checked_inputs(scn: Scenario, params: list[Param], metrics: tuple[str, ...],
                   problems: list[Problem] | None = None
                   ) -> tuple[tuple[Param, ...], tuple[str, ...]]:
    """``check_params`` and ``check_metrics`` together, with ``problems`` found before (a
    malformed ``--param``: ``parsed_params``): every problem of the input in one refusal,
    a line each (a bad path, a range LOW>HIGH and an unknown metric were told one run at
    a time)."""
    problems = list(problems or [])
    checked: tuple[Param, ...] = ()
    try:
        checked = check_params(scn, params)
    except ScenarioError as err:
        problems += err.problems
    try:
        metrics = check_metrics(scn, metrics)
    except ScenarioError as err:
        problems += err.problems
    if problems:
        raise ScenarioError(problems)
    return checked, metrics


def uncertainty_params(scn: Scenario) -> list[Param]:
    """Ranges from the ``uncertainty`` block: each distribution's 10th to 90th percentile."""
    q_low, q_high = RANGE_QUANTILES
    params = [Param(path, inverse_cdf(dist, q_low), inverse_cdf(dist, q_high), dist.scale,
                    "uncertainty") for path, dist in scn.uncertainty.items()]
    if not params:
        raise ScenarioError([Problem("--param", "", "no parameters to vary: give --param "
                                     "PATH=LOW:HIGH or an 'uncertainty' block in the scenario",
                                     show_value=False)])
    return params


def block_ranges(params: tuple[Param, ...]) -> bool:
    """Whether the ranges are the ``uncertainty`` block's (no ``--param``). On a
    re-forecast their points act from ``as_of`` on only, as a run's draws do
    (``montecarlo.uncertainty.with_actual_months``): their swing is the forecast's, as
    the run's spread is. A ``--param`` range sets the value in every month, as ``--set``
    does (``actual_slots.range_recost_warnings`` says what it re-costs)."""
    return bool(params) and all(p.source == "uncertainty" for p in params)


def held_params(scn: Scenario, params: tuple[Param, ...]) -> tuple[tuple[str, bool], ...]:
    """The uncertain parameters a ``--set`` or the scenario file over its base holds at
    its value, when the ranges are the uncertainty block's: left out of them (the value
    set holds), which the terminal and the page say (``held_note``), so a shorter list
    of parameters is not taken for all. Each with whether the file (not a --set) holds it."""
    if not block_ranges(params):
        return ()
    return (*((p, False) for p in held_by_set(scn)), *((p, True) for p in held_by_file(scn)))


def held_notes(scn: Scenario, params: tuple[Param, ...]) -> list[str]:
    """``held_note`` of each parameter ``held_params`` names: the terminal's ``note:``
    lines (the page lists them among its notes); ``--strict`` lets them pass, as every
    note: the value held is what the user asked for."""
    return [held_note(path, by_file) for path, by_file in held_params(scn, params)]


def held_note(path: str, by_file: bool = False) -> str:
    """The note on a parameter ``held_params`` names, in English (the terminal's)."""
    holds = ("the scenario file sets it over its base's draw" if by_file else
             "--set holds it at the value given")
    return (f"{path} is not varied: {holds}, so its range in the uncertainty block is "
            f"left out; --param {path}=LOW:HIGH varies it")


def default_metrics(scn: Scenario) -> tuple[str, ...]:
    """What a finance officer asks first: the total, who pays it, the gap, the public net,
    and the peak pre-financing: the one figure the funders' payment terms move (a drawn
    payment lag showed no effect on all the others, the largest driver of the cash a
    provider must advance)."""
    return ("cost_total", *(f"funding_{f}" for f in scn.funder_ids), "funding_gap",
            "net_public_cost", "peak_prefinancing")


def check_metrics(scn: Scenario, metrics: tuple[str, ...]) -> tuple[str, ...]:
    """The metrics, or a ScenarioError naming the known ones and those given twice (a
    metric's rows would be written twice, and the tables are indexed by metric)."""
    known = metric_names(scn)
    problems = [Problem("--metric", m, f"unknown metric; known: {', '.join(known)}", m,
                        hint=metric_hint(scn, m, known)) for m in metrics if m not in known]
    problems += [Problem("--metric", m, "given twice", show_value=False)
                 for m, n in Counter(metrics).items() if n > 1 and m in known]
    if problems:
        raise ScenarioError(problems)
    return metrics or default_metrics(scn)


def check_params(scn: Scenario, params: list[Param]) -> tuple[Param, ...]:
    """Each path exists and holds a number, and the scenario is valid at each end."""
    data, problems, seen = resolved_data(scn), [], set()
    for param in params:
        if param.path in seen:
            problems.append(Problem(param.source, param.path, "given twice", show_value=False))
        seen.add(param.path)
        if why := _not_varied(param.path):
            problems.append(Problem(param.source, param.path, why, show_value=False))
            continue
        try:
            value = in_force(data, param.path)
        except PathError as err:  # the line --set gives for the same path
            problems.append(Problem(param.source, param.path, str(err), show_value=False))
            continue
        if why := budget_split(param, data):
            problems.append(Problem(param.source, param.path, why, show_value=False))
            continue
        applied = "a factor scales" if param.scaled else "a range sets"
        if block := block_refusal(scn, param.path, applied):
            problems.append(Problem(param.source, param.path, block, show_value=False))
        elif value is None:
            if param.scaled:
                problems.append(Problem(param.source, param.path, UNSET_SCALED.format(
                    path=param.path, low=param.low, high=param.high), show_value=False))
        elif isinstance(value, str) and _DATE.match(value):
            problems.append(Problem(param.source, param.path, DATE_REFUSAL, value))
        elif numbers_list(value) and not param.scaled:
            problems.append(Problem(param.source, param.path, list_refusal(
                param.path, value, applied, f"{param.path}=*LOW:HIGH"), value))
        elif not number_or_schedule(value) and not numbers_list(value):
            problems.append(Problem(param.source, param.path, "the value there is not a "
                                    "number or a schedule", value))
        elif param.scaled and _all_zero(value):
            problems.append(Problem(param.source, param.path, "the base value is 0, so a "
                                    f"factor (*{param.low:g}:{param.high:g}) runs both ends "
                                    "at 0 and would show no effect; give absolute ends, "
                                    f"{param.path}=LOW:HIGH", show_value=False))
    if problems:
        raise ScenarioError(problems)
    checked = tuple(_with_span(scn, data, _with_whole(data, p)) for p in params)
    problems = [Problem(p.source, p.path, _same_ends(p, ends[0]), show_value=False)
                for p in checked
                if p.whole and (ends := _run_ends(in_force(data, p.path), p))[0] == ends[1]]
    problems += [Problem(p.source, p.path, _no_month(scn), show_value=False)
                 for p in checked if p.span == ("", "")]
    if problems:
        raise ScenarioError(problems)
    data = {k: v for k, v in data.items() if k != "uncertainty"}  # not drawn at a point
    for i, param in enumerate(checked):
        for end in (param.low, param.high):
            point_scenario(data, checked, {i: end}, datafiles.of(scn))
    return checked


UNSET_SCALED = ("the scenario leaves it unset (none acts: no cap, no payment terms), so a "
                "factor (*{low:g}:{high:g}) has no value to scale; give absolute ends, "
                "{path}=LOW:HIGH")
"""Why a factor range over a value the scenario leaves unset is refused."""


def unset_params(scn: Scenario, params: tuple[Param, ...]) -> list[str]:
    """The parameters the scenario leaves unset (``in_force`` is None: a funder without a
    cap or payment terms): the base point runs without them, so their elasticity, a
    change relative to the base value, is blank."""
    data = resolved_data(scn)
    return [p.path for p in params if in_force(data, p.path) is None]


def unset_note(path: str, lang: str = "en") -> str:
    """The note on a parameter ``unset_params`` names (the terminal's in English; the
    page's in its language, where a base value outside the range reads as a fault)."""
    return (f"{path} is unset in the scenario (none acts): the base point runs without it, "
            "the range's ends set it, and its elasticity is left blank" if lang == "en" else
            f"{path} ist im Szenario nicht gesetzt (keine Grenze wirkt): der Basispunkt "
            "läuft ohne, die Enden des Bereichs setzen den Wert, und seine Elastizität "
            "bleibt leer")


def param_notes(scn: Scenario, params: tuple[Param, ...], method: str) -> list[str]:
    """The terminal's ``note:`` lines on the parameters: the new dated rules a range
    makes (``range_rule_notes``), those held (``held_notes``), then, for ``oat`` (the one
    method with a base point and elasticities), those unset (``unset_note``). Those a
    ``--set`` makes are the base point's warnings (``sanity.before_work_warnings``)."""
    return [*range_rule_notes(scn, params), *held_notes(scn, params),
            *unset_notes(scn, params, method), *capped_notes(scn, params)]


def capped_notes(scn: Scenario, params: tuple[Param, ...], lang: str = "en") -> list[str]:
    """A line per range end of a wage block's value (``costs.wages.subsidy_base.hourly``
    raised, ``costs.wages.hourly`` lowered) at which its subsidy base exceeds the wage
    paid in more months than at the base: there the base is capped at the wage paid (the
    law subsidises the wage actually paid), so the end moves the subsidy less than its
    factor says, or not at all; read as "the minimum wage +5 % costs the Jobcenter
    nothing" it misleads. Scaling the wage paid too lifts the cap."""
    out = []
    for i, param in enumerate(params):
        keys = param.path.split(".")
        if "wages" not in keys[:-1]:
            continue
        block = ".".join(keys[:keys.index("wages") + 1])
        before = capped_months(scn, block)
        for end in (param.low, param.high):
            capped = capped_months(point_at(scn, params, {i: end}), block)
            if capped > before:
                at = f"{param.path}={'*' if param.scaled else ''}{end:g}"
                other = (f"{block}.hourly" if param.path.endswith("subsidy_base.hourly")
                         else f"{block}.subsidy_base.hourly")
                out.append(_capped_note(at, block, capped, scn.period.months, other, lang))
    return out


def capped_months(scn: Scenario, block: str) -> int:
    """The months of the period in which the subsidy base of the wage block at ``block``
    (``costs.wages``) lies above its wage paid, so the ledger caps it at that wage
    (``categories.subsidy_base``); 0 for a block without a base of its own."""
    try:
        wages = current(scn, block)
    except PathError:
        return 0
    base = getattr(wages, "subsidy_base", None)
    if base is None or base.hourly == WAGE:
        return 0
    paid, based = (hourly_priced(scn, hourly, wages) for hourly in (wages.hourly, base.hourly))
    return int(np.sum((based > paid) & ~np.isclose(based, paid, rtol=1e-12, atol=0)))


def _capped_note(at: str, block: str, capped: int, months: int, other: str,
                 lang: str) -> str:
    """``capped_notes``' line for the end ``at``, ``other`` the value to scale with it."""
    if lang == "en":
        return (f"at {at}: the subsidy base ({block}.subsidy_base.hourly) exceeds the wage "
                f"paid ({block}.hourly) in {capped} of {months} months and is capped at it "
                "(the subsidy rests on the wage actually paid), so this end moves the "
                f"subsidy less or not at all; scale {other} with it")
    return (f"bei {at}: die Förderbasis ({block}.subsidy_base.hourly) liegt in {capped} von "
            f"{months} Monaten über dem gezahlten Lohn ({block}.hourly) und wird auf ihn "
            "begrenzt (gefördert wird der tatsächlich gezahlte Lohn); dieses Ende bewegt den "
            f"Zuschuss daher weniger oder gar nicht; {other} mitskalieren")


def unset_notes(scn: Scenario, params: tuple[Param, ...], method: str,
                lang: str = "en") -> list[str]:
    """``unset_note`` of each parameter the scenario leaves unset (``unset_params``), for
    ``oat``, the one method with a base point and elasticities: the base point runs
    without it, so its base value lies outside the range and its elasticity is blank."""
    if method != "oat":
        return []
    return [unset_note(path, lang) for path in unset_params(scn, params)]


def range_rule_notes(scn: Scenario, params: tuple[Param, ...], lang: str = "en") -> list[str]:
    """A line per range over a key of a date its rules by date do not write
    (``paths.new_dated_key``): each point copies the rule in force before that date and
    changes that key alone, as ``--set`` of the same path does; in ``lang`` (the
    terminal's English, the page's language)."""
    data = resolved_data(scn)
    return [dated.note(f"{'*' if p.scaled else ''}{p.low:g}:{p.high:g}", lang)
            for p in params if (dated := new_dated_key(data, p.path)) is not None]


def _all_zero(value: float | dict | list) -> bool:
    """Every value is 0: any factor of it is 0 again."""
    values = value.values() if isinstance(value, dict) else (
        value if isinstance(value, list) else [value])
    return all(v == 0 for v in values)


NOT_VARIED = {
    "uncertainty": "sensitivity points never draw, so the uncertainty block changes "
                   "nothing at a point; vary the parameter itself (--param PATH=LOW:HIGH), "
                   "or change the block with --set for run",
    "simulation": "every point runs with the command's seed and replications, so "
                  "the simulation block changes nothing at a point; give --seed or -n",
}
"""Top-level blocks a point does not read, and why: a range over them would run the same
point again and again and show no effect, as if the parameter did not matter."""


def _not_varied(path: str) -> str | None:
    return NOT_VARIED.get(path.split(".", 1)[0])


def budget_split(param: Param, data: dict) -> str | None:
    """Why a range over a funder's budget mapping (``funding.land_esf.budget.land``, or
    the whole mapping scaled) is refused before its ends, and what works instead; None
    for any other range (a funder of one budget, ``budget: bund``). The shares must add
    up to 1, so every end but the base is refused however narrow the range (it was told
    to narrow it). The example split gives the named budget the range's low end and the
    others the rest in their proportion."""
    keys = param.path.split(".")
    if keys[0] != "funding" or keys[2:3] != ["budget"] or len(keys) > 4:
        return None
    mapping = ".".join(keys[:3])
    shares = in_force(data, mapping)
    if not isinstance(shares, dict):  # one budget named (budget: bund): no shares
        return None
    example = ""
    if len(keys) == 4 and not param.scaled and keys[3] in shares and len(shares) > 1 \
            and 0 < param.low < 1:
        rest = sum(v for k, v in shares.items() if k != keys[3])
        split = {k: param.low if k == keys[3] else v * (1 - param.low) / rest
                 for k, v in shares.items()}
        written_split = ", ".join(f"{k}: {format(round(v, 10), '.10g')}"
                                  for k, v in split.items())
        example = f" (budget: {{{written_split}}})"
    return (f"the shares of {mapping} add up to 1, so one cannot be varied alone (nor all "
            f"scaled): write each split in a scenario of its own{example} and compare them "
            "with finsim compare; the split moves only the budgets' net costs "
            "(net_cost_<budget>)")


def whole_month_term(path: str) -> bool:
    """A payment term the cash flow takes in whole months (``funding.<id>.payment.
    lag_months``, ``final_after_months``: ``cashflow.WHOLE_MONTH_TERMS``)."""
    parts = path.split(".")
    return (len(parts) == 4 and parts[0] == "funding" and parts[2] == "payment"
            and parts[3] in WHOLE_MONTH_TERMS)


def in_steps(path: str, value: Any) -> bool:
    """The parameter runs in whole steps: a whole-number field (slots, an int) or a
    payment term the cash flow takes in whole months (``whole_month_term``)."""
    return is_whole(value) or whole_month_term(path)


def run_value(path: str, value: float | dict) -> float | dict:
    """The value a parameter acts with: a payment term in whole months as the cash flow
    takes it (``cashflow.whole_months``: a lag of 1.548 months is paid as one of 1),
    any other as it is."""
    return float(whole_months(value)) if whole_month_term(path) else value


def _same_ends(param: Param, end: Any) -> str:
    """Why a range in whole steps whose two ends run alike is refused: what becomes of
    its ends (the cash flow's whole months, or rounding half up)."""
    ends = f"{'*' if param.scaled else ''}{param.low:g}:{param.high:g}"
    if whole_month_term(param.path):
        becomes = (f"act as the same {end} months: the cash flow takes "
                   f"{param.path.rsplit('.', 1)[1]} in whole months (a payment lands in the "
                   "month in which its months end: a fractional count acts as its whole "
                   "months)")
    else:
        becomes = f"round to the same whole number of {end}"
    return f"both ends of {ends} {becomes}, so the range would show no effect; widen it"


def _with_whole(data: dict, param: Param) -> Param:
    """The range as it runs: a parameter in whole steps (``in_steps``) is rounded half
    up at each point, so its ends become the values run (a payment term's first as the
    cash flow takes them, ``run_value``; for a scaled plain number, the factors of those
    values), which the labels and OAT's elasticity then use."""
    value = in_force(data, param.path)
    whole = in_steps(param.path, value)
    low, high = param.low, param.high
    if whole and not isinstance(value, dict):
        lo, hi = _run_ends(value, param)
        if lo != hi:
            low, high = (lo / value, hi / value) if param.scaled else (lo, hi)
    return Param(param.path, low, high, param.scaled, param.source, whole)


def horizon(scn: Scenario) -> tuple[Month, int]:
    """The first month simulated (``period.simulate_from``, else ``start``) and how many."""
    period = scn.period
    first = Month.parse(period.simulate_from) if period.simulate_from else period.start_month
    return first, period.warm_up_months + period.months


def span_of(scn: Scenario, data: dict, path: str) -> tuple[str, str] | None:
    """The first and last month a schedule's date (``participants.referrals_per_month.
    2026-06``) acts in: a date is a step, so its value holds until the schedule's next
    date (``paths.date_months``); ``("", "")`` where it acts in none, None for any other
    path. A range over it varies all those months, which every label says."""
    months = date_months(data, path, *horizon(scn))
    if months is None:
        return None
    return (str(months[0]), str(months[-1])) if months else ("", "")


def _with_span(scn: Scenario, data: dict, param: Param) -> Param:
    """The range with the months it sets (``span_of``)."""
    return replace(param, span=span_of(scn, data, param.path))


def _no_month(scn: Scenario) -> str:
    """Why a schedule's date that acts in no simulated month is refused as a range."""
    first, months = horizon(scn)
    return (f"sets no month simulated ({first} to {first + (months - 1)}): a schedule's date "
            "holds from its month until the schedule's next date, and this one holds in none, "
            "so the range would show no effect; name a date within the period")


def _run_ends(value: Any, param: Param) -> tuple[Any, Any]:
    """The values a range in whole steps runs at its two ends (``value``: the parameter's
    own, a number or a schedule), each rounded half up; a payment term's as the cash
    flow takes it (``run_value``: whole months, so rounding leaves it)."""
    low, high = (rounded(run_value(param.path, scale(value, end) if param.scaled else end))
                 for end in (param.low, param.high))
    return low, high


def point_program(program: Program, params: tuple[Param, ...],
                  values: dict[int, float]) -> Program:
    """The compiled program with ``values`` (by parameter index) applied: only the changed
    values are checked and only the parts of the program they touch are recompiled."""
    new = point_at(program.scenario, params, values)
    return program.recompiled(new, [params[i].path for i in values])


def point_at(scn: Scenario, params: tuple[Param, ...], values: dict[int, float]) -> Scenario:
    """The scenario at a sample point: ``values`` (by parameter index) set, or scaling
    the value there, whole numbers rounded; only the changed values are checked."""
    chosen = {}
    for i, v in values.items():
        param = params[i]
        value = scale(value_in_force(scn, param.path), float(v)) if param.scaled else float(v)
        chosen[param.path] = rounded(value) if param.whole else value
    at = ", ".join(f"{params[i].path}={'*' if params[i].scaled else ''}{v:g}"
                   for i, v in values.items())
    source = params[next(iter(values))].source if values else "--param"
    return replaced(scn, chosen, source, f"not allowed at {at}: ", hint="narrow the range")


def point_scenario(data: dict, params: tuple[Param, ...], values: dict[int, float],
                   files: datafiles.Files | None = None) -> Scenario:
    """The base data with ``values`` (by parameter index) applied, validated (the data
    files from ``files``, those of the scenario of ``data``)."""
    new = data
    for i, v in values.items():
        param = params[i]
        value = scale(in_force(new, param.path), float(v)) if param.scaled else float(v)
        new = set_path(new, param.path, rounded(value) if param.whole else value)
    try:
        return scenario_from_dict(new, "--param", files)
    except ScenarioError as err:
        at = ", ".join(f"{params[i].path}={'*' if params[i].scaled else ''}{v:g}"
                       for i, v in values.items())
        param = params[next(iter(values))]
        end = float(values[next(iter(values))])
        raise ScenarioError([_at_point(p, param.source, at, _fix(p, param, end))
                             for p in err.problems]) from None


def _fix(problem: Problem, param: Param, end: float) -> str:
    """What mends a range whose ``end`` is refused: a range written in percent where a
    share or a rate goes (``50:60``, ``2:4``) is written as shares or rates, which
    narrowing cannot reach; any other range is narrowed (a budget share, which no range
    mends, is refused before its ends: ``budget_split``)."""
    if _in_percent(problem, param, end):
        noun = "yearly rates" if param.path.rsplit(".", 1)[-1] in RATE_KEYS else "shares"
        return (f"write the range as {noun}: {written.as_share(param.low)}:"
                f"{written.as_share(param.high)} for {param.low:g} to {param.high:g} %")
    return "narrow the range"


def _in_percent(problem: Problem, param: Param, end: float) -> bool:
    """The range reads as percent where a share or a rate goes, as ``--set`` tells a
    value (``load.share_at``, ``written.percent_hint``): a range of values (not factors)
    refused at a share or rate, its refused end one the percent hint reads as percent
    and its other ends within 0 to 100 (``0.5:60`` is no range in percent, ``0:15`` is)."""
    return (not param.scaled and share_at(problem.path, problem.message)
            and bool(written.percent_hint(end))
            and (param.low == 0 or param.low >= 1) and param.high <= 100)


def _at_point(problem: Problem, source: str, at: str, fix: str = "narrow the range"
              ) -> Problem:
    """A range end's refusal: a value of the scenario named by the range's source; a row
    of a data file (the actual spells holding more people than the slots at the end) by
    its file and line, as ``run --set`` names it, the point and ``fix`` in the hint."""
    if problem.file != "--param":
        hint = f"at {at} ({source}): {fix}"
        return replace(problem, hint=f"{problem.hint}; {hint}" if problem.hint else hint)
    return Problem(source, problem.path, f"not allowed at {at}: {problem.message}",
                   problem.value, hint=fix, show_value=problem.show_value)
