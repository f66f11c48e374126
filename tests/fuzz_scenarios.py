"""Hypothesis strategies for VALID but unusual scenarios (the fuzz tests' generator).

Each example starts from a shipped scenario (the seed, or a 2026 par. 16i scenario with its
base resolved) and edits it the ways real programs are unusual: one provider or a few,
zero referrals or ``on_demand``, one month or a long horizon, slot schedules with empty
months and drops, a starting caseload or actual spells, every uncertainty family with
narrow and wide ranges, dated rules and prices at the horizon's edges, funders with caps,
zero shares and payment lags longer than the horizon. Everything generated is within the
documented format (docs/scenario-format.md), so finsim must run it.

``draws_may_fail`` is set where a distribution is unbounded (normal, lognormal) or wide on
a parameter with a bounded range: finsim refuses an impossible draw (a negative hazard)
with a ScenarioError by design, which is then no bug.
"""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).parent.parent
BASES = ("aktiv-statt-passiv-2013.yaml", "aktiv-statt-passiv-2026-16i.yaml",
         "aktiv-statt-passiv-2026-16i-pat.yaml")
ALL_BASES = (*BASES, "aktiv-statt-passiv-2026-16i-tariff.yaml",
             "aktiv-statt-passiv-2013-fixed-shares.yaml",
             "aktiv-statt-passiv-2026-minimum-wage.yaml")


@cache
def base_data(name: str) -> dict:
    """A shipped scenario as plain data, its base resolved and every default filled in."""
    from finsim.scenario import load_scenario, resolved_data

    return resolved_data(load_scenario(ROOT / "scenarios" / name))


@dataclass
class Generated:
    """A generated scenario, the data files it names, and what the test may expect."""

    data: dict
    files: dict[str, str] = field(default_factory=dict)
    draws_may_fail: bool = False

    def slots(self, provider: dict, month: str) -> int:
        """The provider's slots in force in ``month``."""
        return in_force(provider["slots"], month)


def add(month: str, k: int) -> str:
    """``YYYY-MM`` plus k months."""
    y, m = map(int, month.split("-"))
    t = y * 12 + m - 1 + k
    return f"{t // 12:04d}-{t % 12 + 1:02d}"


def diff(a: str, b: str) -> int:
    """Months from a to b."""
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return (yb - ya) * 12 + mb - ma


def in_force(value: Any, month: str) -> Any:
    """A number or a schedule's value in ``month`` (before the first key: the first value)."""
    if not isinstance(value, dict):
        return value
    keys = sorted(value)
    now = value[keys[0]]
    for key in keys:
        if key <= month:
            now = value[key]
    return now


def edges(start: str, months: int) -> list[str]:
    """Months at and around the horizon's start and end."""
    end = add(start, months - 1)
    return sorted(m for m in {add(start, -1), start, add(start, 1), add(end, -1), end,
                              add(end, 1)} if "1900-01" <= m <= "9999-12")


def _schedule(draw, start: str, months: int, values) -> dict[str, Any]:
    """A schedule whose keys lie at the horizon's edges or inside it."""
    inside = st.integers(0, months - 1).map(lambda k: add(start, k))
    keys = draw(st.lists(st.one_of(st.sampled_from(edges(start, months)), inside),
                         min_size=1, max_size=4, unique=True))
    return {k: draw(values) for k in sorted(keys)}


def _months_value(draw, start, months, values):
    """A plain value or a schedule of such values."""
    return _schedule(draw, start, months, values) if draw(st.booleans()) else draw(values)


@st.composite
def scenarios(draw, bases: tuple[str, ...] = BASES, long_horizons: bool = True) -> Generated:
    """A valid, unusual scenario (see the module's docstring)."""
    data = copy.deepcopy(base_data(draw(st.sampled_from(bases))))
    gen = Generated(data)
    data["simulation"]["replications"] = 2
    start0 = data["period"]["start"]
    start = add(start0, draw(st.sampled_from([0, 0, 0, -1, 1, 11, 12, -12])))
    top = 150 if long_horizons else 40
    months = draw(st.one_of(st.sampled_from([1, 1, 2, 3, 11, 12, 13, 24, 60]),
                            st.integers(1, top)))
    if long_horizons and draw(st.integers(0, 30)) == 0:  # the far ends: a century, the end
        months = draw(st.sampled_from([600, 1200]))
        if draw(st.booleans()):
            start = add("9999-12", -months + 1)
        far = True  # no uprating: a century of it passes finsim's money ceiling
        data["costs"]["wages"]["annual_increase"] = data["costs"]["staff"]["annual_increase"] = 0
        data["prices"] = {}
        data["uncertainty"] = {}
    else:
        far = False
    data["period"] = {"start": start, "months": months}
    if draw(st.booleans()) and draw(st.booleans()):
        data["period"]["simulate_from"] = add(start, -draw(st.integers(1, 30)))
    end = add(start, months - 1)
    edge = st.sampled_from(edges(start, months))
    _providers(draw, gen, start, months)
    _employment(draw, gen)  # before the caseload, whose open spells keep within max_months
    _participants(draw, gen, start, months)
    _costs(draw, gen, start, months, far)
    _funding(draw, gen, start, months, edge)
    if not far:
        _prices(draw, gen, start, end)
    _benefits(draw, gen, start)
    if not far:
        _uncertainty(draw, gen)
    if not far and draw(st.integers(0, 5)) == 0 and "simulate_from" not in data["period"]:
        _actuals(draw, gen, start, months)
    return gen


def _providers(draw, gen: Generated, start: str, months: int) -> None:
    data = gen.data
    providers = data["providers"]
    keep = draw(st.lists(st.integers(0, len(providers) - 1), min_size=1,
                         max_size=len(providers), unique=True))
    data["providers"] = providers = [providers[i] for i in sorted(keep)]
    count = st.integers(0, 40)
    for p in providers:
        kind = draw(st.sampled_from(["keep", "keep", "zero", "one", "number", "schedule"]))
        if kind == "zero":
            p["slots"] = 0
        elif kind == "one":
            p["slots"] = 1
        elif kind == "number":
            p["slots"] = draw(count)
        elif kind == "schedule":
            p["slots"] = _schedule(draw, start, months, st.one_of(st.just(0), count))
        if draw(st.integers(0, 5)) == 0:
            own = {}
            if draw(st.booleans()):
                own["max_months"] = draw(st.sampled_from([0.01, 0.5, 1.0, 7.5, 1200.0]))
            if draw(st.booleans()):
                own["refill_delay_months"] = draw(st.sampled_from([0.0, 0.3, 5.0, 200.0]))
            if draw(st.booleans()):
                own["hazards"] = {"placement": draw(st.sampled_from([0.0, 0.5, 0.999])),
                                  "dropout": draw(st.sampled_from([0.0, 0.2, 0.999]))}
            if draw(st.booleans()):
                own["modifiers"] = []
            p["employment"] = own
        if draw(st.integers(0, 5)) == 0:
            p["costs"] = draw(st.sampled_from([
                {"one_off": []},
                {"wages": {"hourly": 0.0}},
                {"staff": {"management_cost_per_year": 0.0, "coach_cost_per_year": 0.0}},
                {"material": {"per_slot_month": 1e5}},
                {"overhead": {"rate_on_staff": 1.0}},
                {"wages": {"hours_per_week": 168.0}},
            ]))


def _total_slots(gen: Generated, month: str) -> int:
    return sum(gen.slots(p, month) for p in gen.data["providers"])


def _participants(draw, gen: Generated, start: str, months: int) -> None:
    part = gen.data["participants"]
    kind = draw(st.sampled_from(["keep", "on_demand", "zero", "number", "schedule"]))
    rate = st.one_of(st.just(0.0), st.floats(0.0, 60.0, allow_subnormal=False),
                     st.sampled_from([1e-6, 0.5, 200.0]))
    if kind == "on_demand":
        part["referrals_per_month"] = "on_demand"
    elif kind == "zero":
        part["referrals_per_month"] = 0.0
    elif kind == "number":
        part["referrals_per_month"] = draw(rate)
    elif kind == "schedule":
        part["referrals_per_month"] = _schedule(draw, start, months, rate)
    part["patience_months"] = draw(st.sampled_from([0.0, 0.001, 0.5, 3.0, 1200.0]))
    part["assignment"] = draw(st.sampled_from(["proportional", "first", "random"]))
    if draw(st.integers(0, 4)) == 0:
        part["mix"] = draw(st.sampled_from([
            {}, {"sex": {"x": 1.0}}, {"household": {"single": 1.0}},
            {"household": {"single": 0.5, "couple_no_children": 0.25, "single_parent": 0.25}}]))
        _fit_mix(gen)
    first = gen.data["period"].get("simulate_from", start)
    init = draw(st.sampled_from(["zero", "zero", "full", "steady", "count", "caseload"]))
    if init == "full" or init == "steady":
        part["initial"] = init
    elif init == "count":
        part["initial"] = draw(st.integers(0, _total_slots(gen, first)))
    elif init == "caseload" and "simulate_from" not in gen.data["period"]:
        part["initial"] = "caseload.csv"
        gen.files["caseload.csv"] = _caseload(draw, gen, start)
    else:
        part["initial"] = 0


def _fit_mix(gen: Generated) -> None:
    """Keep passive benefits and modifiers in step with a replaced mix."""
    data = gen.data
    mix = data["participants"]["mix"]
    data["employment"]["modifiers"] = []
    for p in data["providers"]:
        if "employment" in p:
            p["employment"].pop("modifiers", None)
    for module in data["costs"]["qualification"]:
        module.pop("when", None)
    pb = data["passive_benefits"]
    if pb.get("attribute") and pb["attribute"] not in mix:
        data["passive_benefits"] = {"by_payer": {"bund": 500.0, "kommune": 300.0}}
        for f in data["funding"]:  # amounts by household need the attribute
            if isinstance(f.get("transfer", {}).get("per_person_month"), dict):
                f["transfer"]["per_person_month"] = 800.0
    elif pb.get("attribute"):
        values = mix[pb["attribute"]]
        for part, by_value in pb["parts"].items():
            if isinstance(by_value, dict) and set(values) <= set(by_value):
                pb["parts"][part] = {v: by_value[v] for v in values}
        for f in data["funding"]:
            amounts = f.get("transfer", {}).get("per_person_month")
            if isinstance(amounts, dict) and set(values) <= set(amounts):
                f["transfer"]["per_person_month"] = {v: amounts[v] for v in values}


def _caseload(draw, gen: Generated, start: str, until: str | None = None) -> str:
    """A caseload file: chains of spells per slot that never hold more people than the
    fewest slots in force from the earliest date on, plus a waiting list."""
    data = gen.data
    mix = data["participants"]["mix"]
    attrs = draw(st.lists(st.sampled_from(sorted(mix)), unique=True)) if mix else []
    rows = []
    last = until or start
    n = 0
    for p in data["providers"]:
        slots = p["slots"]
        values = ([slots[k] for k in slots if k <= last] + [in_force(slots, "0000-01")]
                  if isinstance(slots, dict) else [slots])
        chains = min(values + [draw(st.integers(0, 6))])
        cap = p.get("employment", {}).get("max_months", data["employment"]["max_months"])
        cap_days = int(cap * 28)  # an open spell this many days old is within max_months
        for _ in range(chains):
            t = -draw(st.integers(1, 2000))  # days before `last`'s first day
            while True:
                n += 1
                entry = _date(last, t)
                gap = min(draw(st.integers(1, 400)), max(cap_days, 1))  # within max_months
                reason = draw(st.sampled_from(["placement", "dropout", "max_duration",
                                               "other", "open"]))
                at_max = _max_exit(last, t, cap)
                if reason == "max_duration":  # on the day max_months ends, or not at all
                    reason, gap = ("dropout", gap) if at_max is None else (reason, at_max - t)
                exit_t = t + gap
                row = {"person": f"P{n}", "provider": p["id"], "entry": entry,
                       "exit": "", "exit_reason": "", "referral": ""}
                if draw(st.booleans()):
                    row["referral"] = _date(last, t - draw(st.integers(0, 90)))
                given = reason != "open" and (exit_t < 0 or draw(st.booleans()))
                if until is None and exit_t > 0:  # a starting caseload has no later exits
                    given = False
                if not given and (t < -cap_days if at_max is None else at_max < 0):
                    given, reason, exit_t = ((True, "dropout", t + max(cap_days, 1))
                                             if at_max is None  # still in past max_months:
                                             else (True, "max_duration", at_max))  # it left
                if given:
                    row["exit"], row["exit_reason"] = _date(last, exit_t), reason
                for a in attrs:
                    row[a] = draw(st.sampled_from(sorted(mix[a])))
                rows.append(row)
                if not row["exit"] or exit_t >= 0:
                    break
                t = exit_t + draw(st.integers(0, 40))
                if t >= 0:
                    break
    for _ in range(draw(st.integers(0, 3))):
        n += 1
        row = {"person": f"W{n}", "provider": "", "entry": "", "exit": "", "exit_reason": "",
               "referral": _date(last, -draw(st.integers(1, 200)))}
        for a in attrs:
            row[a] = draw(st.sampled_from(sorted(mix[a])))
        rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, ["person", "provider", "entry", "exit", "exit_reason",
                                  "referral", *attrs], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _max_exit(month: str, days: int, cap: float) -> int | None:
    """The day (after ``month``'s first) of the latest exit a whole ``cap`` of months
    allows from an entry ``days`` after it: the entry's day ``cap`` months later, or the
    first of the month after where that month lacks the day. None for a fractional cap."""
    import calendar
    import datetime as dt

    if cap != int(cap) or cap > 1000:
        return None
    y, m = map(int, month.split("-"))
    base = dt.date(y, m, 1)
    entry = base + dt.timedelta(days=days)
    k = entry.year * 12 + entry.month - 1 + int(cap)
    year, mon = divmod(k, 12)
    if entry.day > calendar.monthrange(year, mon + 1)[1]:
        year, mon = divmod(k + 1, 12)
        return (dt.date(year, mon + 1, 1) - base).days
    return (dt.date(year, mon + 1, entry.day) - base).days


def _date(month: str, days: int) -> str:
    """The day ``days`` after ``month``'s first day."""
    import datetime as dt

    y, m = map(int, month.split("-"))
    return (dt.date(y, m, 1) + dt.timedelta(days=days)).isoformat()


def _employment(draw, gen: Generated) -> None:
    emp = gen.data["employment"]
    if draw(st.booleans()):
        emp["max_months"] = draw(st.sampled_from([0.01, 0.5, 1.0, 2.0, 12.0, 24.0, 60.0,
                                                  1200.0]))
    if draw(st.booleans()):
        emp["refill_delay_months"] = draw(st.sampled_from([0.0, 0.01, 1.0, 13.0, 1200.0]))
    if draw(st.booleans()):
        emp["hazards"] = {"placement": draw(st.sampled_from([0.0, 1e-9, 0.01, 0.5, 0.999])),
                          "dropout": draw(st.sampled_from([0.0, 1e-9, 0.05, 0.999]))}


def _costs(draw, gen: Generated, start: str, months: int, far: bool) -> None:
    costs = gen.data["costs"]
    if draw(st.integers(0, 3)) == 0:
        costs["wages"]["hourly"] = _months_value(draw, start, months, st.sampled_from(
            [0.0, 0.01, 12.5, 100.0]))
    if start >= "2015-01" and draw(st.integers(0, 6)) == 0:  # refused before (MiLoG)
        costs["wages"]["hourly"] = "minimum_wage"
    if "subsidy_base" in costs["wages"] and draw(st.integers(0, 4)) == 0:
        costs["wages"]["subsidy_base"]["hourly"] = draw(st.sampled_from(
            ["minimum_wage", "wage", 0.0, 20.0]))
        costs["wages"]["subsidy_base"]["contributions"] = _months_value(
            draw, start, months, st.sampled_from([0.0, 0.1985, 1.0]))
    if draw(st.integers(0, 4)) == 0 and not far:  # a century at +100 % a year: past the ceiling
        costs["wages"]["annual_increase"] = draw(st.sampled_from([-0.5, 0.0, 0.49]))
    if draw(st.integers(0, 4)) == 0:
        costs["staff"]["coach_cost_per_year"] = _months_value(
            draw, start, months, st.sampled_from([0.0, 1.0, 80000.0]))
    if draw(st.integers(0, 5)) == 0:
        costs["staff"]["participants_per_coach"] = draw(st.sampled_from([0.5, 1.0, 1e6]))
    if draw(st.integers(0, 5)) == 0:
        costs["material"]["per_slot_month"] = _months_value(
            draw, start, months, st.sampled_from([0.0, 0.004, 0.005, 49.43]))
    if draw(st.integers(0, 3)) == 0:
        for module in costs["qualification"]:
            module["month"] = draw(st.sampled_from([0.0, 0.5, float(months), 1200.0,
                                                    module["month"]]))
            module["uptake"] = draw(st.sampled_from([0.0, 1.0, module["uptake"]]))
    if draw(st.integers(0, 3)) == 0:
        costs["qualification"] = []
    if draw(st.integers(0, 2)) == 0:
        late = draw(st.booleans())  # payments due in one month are paid together
        costs["one_off"] = [
            {"id": f"bonus{i}", "month": draw(st.integers(1, 12)),
             **({"share_of_monthly_wage": draw(st.sampled_from([0.0, 0.8, 12.0]))}
                if draw(st.booleans()) else
                {"amount": _months_value(draw, start, months, st.sampled_from([0.0, 500.0]))}),
             "pro_rata": draw(st.booleans()), "paid_month_after": late}
            for i in range(draw(st.integers(1, 2)))]
    if draw(st.integers(0, 5)) == 0:
        costs["overhead"]["rate_on_staff"] = draw(st.sampled_from([0.0, 0.5, 1.0]))


def _funding(draw, gen: Generated, start: str, months: int, edge) -> None:
    data = gen.data
    funders = data["funding"]
    if draw(st.integers(0, 4)) == 0:
        keep = draw(st.lists(st.integers(0, len(funders) - 1), max_size=len(funders),
                             unique=True))
        funders = [funders[i] for i in sorted(keep)]
        ids = {f["id"] for f in funders}
        for f in funders:
            f["net_of"] = [n for n in f.get("net_of", []) if n in ids]
        data["funding"] = funders
    share = st.sampled_from([0.0, 0.0, 1e-9, 0.3333333, 0.5, 1.0])
    changed = []
    for f in funders:
        if "limited_to" in f or "transfer" in f:  # a share of wages only, as the format asks
            if draw(st.integers(0, 3)) == 0:
                f["covers"] = {"wages": draw(share)}
                changed.append(f)
        elif f["covers"] != "remainder" and draw(st.integers(0, 3)) == 0:
            covers = {c: draw(share) for c in draw(st.lists(st.sampled_from(
                ["wages", "staff", "material", "qualification", "overhead", "one_off"]),
                min_size=1, max_size=3, unique=True))}
            if draw(st.integers(0, 4)) == 0:
                covers = {"total": draw(share)}
            if draw(st.integers(0, 3)) == 0:  # rule sets by date
                covers = {k: {c: draw(share) for c in covers}
                          for k in sorted(draw(st.lists(edge, min_size=1, max_size=3,
                                                        unique=True)))}
            f["covers"] = covers
            changed.append(f)
    for f in changed:
        _fit_shares(f, funders)
    for f in funders:
        if draw(st.integers(0, 3)) == 0:
            a, b = sorted(draw(st.lists(edge, min_size=2, max_size=2)))
            f.pop("from", None)
            f.pop("until", None)
            if draw(st.booleans()):
                f["from"] = a
            if draw(st.booleans()):
                f["until"] = b
        if draw(st.integers(0, 3)) == 0:
            cap = draw(st.sampled_from(["cap_per_person_month", "cap_per_year", "cap_total"]))
            amount = st.sampled_from([0.0, 0.01, 100.0, 1e4, 1e6])
            f[cap] = (draw(amount) if cap == "cap_total"
                      else _months_value(draw, start, months, amount))
        if draw(st.integers(0, 3)) == 0:
            f["payment"] = {
                "every": draw(st.sampled_from(["month", "quarter", "year"])),
                "timing": draw(st.sampled_from(["advance", "arrears"])),
                "lag_months": draw(st.sampled_from([0.0, 0.5, 2.99, float(min(months, 120)),
                                                    min(months + 5.5, 120.0), 120.0])),
                "retention": draw(st.sampled_from([0.0, 0.1, 1.0])),
                "final_after_months": draw(st.sampled_from([0.0, 6.0, 120.0])),
                "advance": draw(st.sampled_from([0.0, 1.0, 5e4, 1e9])),
            }


CATEGORIES = ("wages", "staff", "material", "qualification", "overhead", "one_off")


def _max_shares(covers: Any) -> dict[str, float]:
    """A funder's largest share of each category over its dated rule sets and tenure years."""
    if covers == "remainder":
        return {}
    sets = list(covers.values()) if covers and all(
        isinstance(v, dict) and "by_tenure_year" not in v for v in covers.values()) else [covers]
    out: dict[str, float] = {}
    for rules in sets:
        for cat, value in rules.items():
            share = max(value["by_tenure_year"]) if isinstance(value, dict) else value
            for c in CATEGORIES if cat == "total" else (cat,):
                out[c] = max(out.get(c, 0.0), share)
    return out


def _fit_shares(funder: dict, funders: list[dict]) -> None:
    """Lower a changed funder's shares so no category's shares can add up to more than 1
    (counting every other funder's largest share, net_of or not: on the safe side)."""
    others: dict[str, float] = {}
    for f in funders:
        if f is not funder:
            for c, v in _max_shares(f["covers"]).items():
                others[c] = others.get(c, 0.0) + v

    def fit(rules: dict) -> dict:
        out = {}
        for cat, value in rules.items():
            room = max(0.0, 1.0 - max(others.get(c, 0.0)
                                      for c in (CATEGORIES if cat == "total" else (cat,))))
            out[cat] = min(value, room)
        return out

    covers = funder["covers"]
    if covers and all(isinstance(v, dict) for v in covers.values()):
        funder["covers"] = {k: fit(v) for k, v in covers.items()}
    else:
        funder["covers"] = fit(covers)


def _prices(draw, gen: Generated, start: str, end: str) -> None:
    if draw(st.integers(0, 3)):
        return
    y0, y1 = int(start[:4]), int(end[:4])
    years = st.sampled_from(sorted({y0 - 1, y0, y0 + 1, y1 - 1, y1, y1 + 1}))
    prices: dict[str, Any] = {}
    for kind in draw(st.lists(st.sampled_from(["wages", "staff", "material",
                                               "qualification"]), unique=True)):
        if draw(st.booleans()):
            prices[kind] = draw(st.sampled_from([-0.5, 0.0, 0.02, 0.49]))
        else:
            prices[kind] = {y: draw(st.sampled_from([0.5, 1.0, 1.02, 3.0]))
                            for y in draw(st.lists(years, min_size=1, max_size=3, unique=True))}
    if draw(st.booleans()):
        prices["base_year"] = draw(years)
    gen.data["prices"] = prices


def _benefits(draw, gen: Generated, start: str) -> None:
    pb = gen.data["passive_benefits"]
    if draw(st.integers(0, 3)) == 0:
        pb["after_placement"] = True
    if draw(st.integers(0, 6)) == 0:
        gen.data["passive_benefits"] = {}
        for f in gen.data["funding"]:  # nothing avoided: nothing to transfer
            f.pop("limited_to", None)
            f.pop("transfer", None)
    if draw(st.integers(0, 5)) == 0:
        gen.data["returns"] = {"bund": 0.2, "land": draw(st.sampled_from([0.0, 1.0]))}
    parts = gen.data["passive_benefits"].get("parts")
    if parts and draw(st.integers(0, 3)) == 0:  # finsim's table of the Laender from 2024
        parts["kdu_federal_share"] = draw(st.sampled_from(
            ["NW", "BY", "BE", 0.0, 1.0] if start >= "2024-01" else [0.0, 1.0]))
    for f in gen.data["funding"]:
        if "transfer" in f and draw(st.integers(0, 2)) == 0:
            f["transfer"]["cap_per_year"] = draw(st.sampled_from([0.0, 1.0, 1e5]))
            if draw(st.booleans()):
                f["transfer"]["limited_to"] = None
            if draw(st.booleans()):
                f["transfer"].pop("per_person_month", None)


UNCERTAIN = [
    # path, low, high (the valid range of a draw), scalable
    ("employment.hazards.placement", 0.0, 0.99, False),
    ("employment.hazards.dropout", 0.0, 0.99, False),
    ("employment.max_months", 0.05, 1200.0, False),
    ("employment.refill_delay_months", 0.0, 1200.0, False),
    ("participants.patience_months", 0.0, 1200.0, False),
    ("costs.wages.annual_increase", -0.5, 0.49, False),
    ("costs.wages.hourly", 0.0, 200.0, True),
    ("costs.wages.employer_contributions", 0.0, 1.0, False),
    ("costs.staff.coach_cost_per_year", 0.0, 2e5, True),
    ("costs.staff.participants_per_coach", 0.1, 100.0, False),
    ("costs.material.per_slot_month", 0.0, 1e3, True),
    ("costs.overhead.rate_on_staff", 0.0, 1.0, False),
]


def _uncertainty(draw, gen: Generated) -> None:
    data = gen.data
    unc = {} if draw(st.integers(0, 3)) == 0 else dict(data.get("uncertainty", {}))
    for path in list(unc):  # funders or providers an edit removed
        parts = path.split(".")
        if parts[0] == "funding" and (parts[1] not in {f["id"] for f in data["funding"]}
                                      or "payment" not in next(f for f in data["funding"]
                                                               if f["id"] == parts[1])):
            del unc[path]
    paths = list(UNCERTAIN)
    for f in data["funding"]:
        if isinstance(f["covers"], dict) and "wages" in f["covers"] \
                and isinstance(f["covers"]["wages"], float):
            paths.append((f"funding.{f['id']}.covers.wages", 0.0, 1.0, False))
        if "payment" in f:
            paths.append((f"funding.{f['id']}.payment.lag_months", 0.0, 120.0, False))
    referrals = data["participants"]["referrals_per_month"]
    if referrals != "on_demand":
        paths.append(("participants.referrals_per_month", 0.0, 100.0, True))
    for p in data["providers"]:
        paths.append((f"providers.{p['id']}.slots", 0.0, 50.0, True))
    for path, lo, hi, scalable in draw(st.lists(st.sampled_from(paths), max_size=4,
                                                unique_by=lambda t: t[0])):
        family = draw(st.sampled_from(["uniform", "triangular", "normal", "lognormal",
                                       "pert"]))
        scaled = scalable and draw(st.booleans())
        if scaled:
            lo, hi = 0.0, 3.0
        wide = draw(st.booleans())
        a = draw(st.floats(lo, hi, allow_nan=False))
        width = (hi - a) * draw(st.sampled_from([1e-9, 1e-3, 0.5, 1.0])) if wide \
            else (hi - a) * 1e-6
        b = a + width
        if path.endswith(".slots") and not scaled:  # a whole number: whole bounds
            a, b = float(round(a)), float(round(a) + round(width) + 1)
        if not b > a:
            continue
        mode = a + (b - a) * draw(st.sampled_from([0.0, 0.5, 1.0]))
        dist: dict[str, Any] = {"dist": family}
        if family == "uniform":
            dist |= {"low": a, "high": b}
        elif family in ("triangular", "pert"):
            dist |= {"low": a, "mode": mode, "high": b}
        elif family == "normal":
            dist |= {"mean": (a + b) / 2, "sd": max(b - a, 1e-12)}
            gen.draws_may_fail = True
        else:
            if a <= 0:
                continue
            dist |= {"median": a, "sigma": draw(st.sampled_from([1e-6, 0.1, 2.0]))}
            gen.draws_may_fail = True
        if scaled:
            dist["scale"] = True
        if path == "employment.max_months" and data["participants"]["initial"] == "caseload.csv":
            gen.draws_may_fail = True  # a drawn max_months may end someone's before the start
        unc[path] = dist
    data["uncertainty"] = unc


def _actuals(draw, gen: Generated, start: str, months: int) -> None:
    as_of = draw(st.sampled_from(sorted({start, add(start, 1), add(start, months - 1),
                                         add(start, months // 2)})))
    gen.data["participants"]["initial"] = 0
    gen.files.pop("caseload.csv", None)
    gen.files["spells.csv"] = _caseload(draw, gen, start, until=as_of)
    gen.data["actuals"] = {"spells": "spells.csv", "as_of": as_of}
    if "employment.max_months" in gen.data.get("uncertainty", {}):
        gen.draws_may_fail = True  # a drawn max_months may end an open spell before as_of
    if as_of > start and draw(st.booleans()):
        rows = ["month,provider,category,amount"]
        for k in range(min(diff(start, as_of), 3)):
            for p in gen.data["providers"][:2]:
                category = draw(st.sampled_from(["wages", "staff", "material", "qualification",
                                                 "overhead", "one_off"]))
                amount = draw(st.sampled_from([0, 0.01, 1234.56, 1e6]))
                rows.append(f"{add(start, k)},{p['id']},{category},{amount}")
        gen.files["booked.csv"] = "\n".join(rows) + "\n"
        gen.data["actuals"]["booked"] = "booked.csv"
