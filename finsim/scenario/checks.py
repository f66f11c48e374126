"""Rules that span several fields of a scenario, reported as (dotted path, message).

They run after the type check (``duplicate_ids`` before it, since dotted paths name
list items by id), so a user still gets every problem of a file in one pass.
"""

from __future__ import annotations

from pydantic import ValidationError

from .model import (
    CATEGORIES,
    Distribution,
    Funder,
    FunderShare,
    Scenario,
    TenureShares,
    by_value,
)
from .paths import PathError, get_path, set_path

ID_LISTS = ("providers", "funding", "costs.qualification")
"""Lists whose items are addressed by id in dotted paths, so ids must be unique."""


def duplicate_ids(data: dict) -> list[tuple[str, str]]:
    """Ids used twice in an id-list of raw scenario data (checked before anything else,
    since dotted paths name list items by id)."""
    problems = []
    for where in ID_LISTS:
        try:
            items = get_path(data, where)
        except PathError:
            continue
        ids = [i.get("id") for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        seen: set = set()
        dupes = [i for i in ids if i is not None and (i in seen or seen.add(i))]
        problems += [(f"{where}.{d}", f"duplicate id '{d}': ids must be unique")
                     for d in dict.fromkeys(dupes)]
    return problems


def cross_check(scn: Scenario) -> list[tuple[str, str]]:
    """Rules that span several fields, as (dotted path, message) pairs."""
    return [
        *_condition_problems(scn),
        *_share_problems(scn.funding),
        *_uncertainty_problems(scn),
        *_benefit_problems(scn),
    ]


def _condition_problems(scn: Scenario) -> list[tuple[str, str]]:
    conditions = [(f"employment.modifiers.{i}.when", m.when)
                  for i, m in enumerate(scn.employment.modifiers)]
    conditions += [(f"costs.qualification.{m.id}.when", m.when)
                   for m in scn.costs.qualification if m.when]
    for p in scn.providers:
        if p.employment and p.employment.modifiers:
            conditions += [(f"providers.{p.id}.employment.modifiers.{i}.when", m.when)
                           for i, m in enumerate(p.employment.modifiers)]
    problems = []
    for where, condition in conditions:
        for attribute, values in condition.items():
            if attribute not in scn.participants.mix:
                known = ", ".join(scn.participants.mix) or "none"
                problems.append((f"{where}.{attribute}",
                                 f"attribute '{attribute}' is not in participants.mix ({known})"))
                continue
            for value in [values] if isinstance(values, str) else values:
                if value not in scn.participants.mix[attribute]:
                    known = ", ".join(scn.participants.mix[attribute])
                    problems.append((f"{where}.{attribute}", f"'{value}' is not a value of "
                                     f"participants.mix.{attribute} ({known})"))
    return problems


def _share_problems(funders: list[Funder]) -> list[tuple[str, str]]:
    problems = []
    remainders = [f.id for f in funders if f.covers == "remainder"]
    if len(remainders) > 1:
        problems.append(("funding", f"at most one funder covers the remainder, not "
                                    f"{', '.join(remainders)}"))
    for category in CATEGORIES:
        shares = [_as_years(f.share_of(category)) for f in funders if f.covers != "remainder"]
        longest = max((len(s) for s in shares), default=0)
        for year in range(longest):
            total = sum(s[min(year, len(s) - 1)] for s in shares)
            if total > 1 + 1e-9:
                problems.append((f"funding.*.covers.{category}",
                                 f"shares of '{category}' add up to {total:.4g} "
                                 f"(tenure year {year + 1}), more than 1"))
                break
    return problems


def _as_years(share: FunderShare) -> list[float]:
    return share.by_tenure_year if isinstance(share, TenureShares) else [share]


def _uncertainty_problems(scn: Scenario) -> list[tuple[str, str]]:
    data = scn.model_dump()
    problems = []
    for path in scn.uncertainty:
        try:
            value = get_path(data, path)
        except PathError as err:
            problems.append((f"uncertainty.{path}", f"not a parameter path: {err}"))
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | dict):
            problems.append((f"uncertainty.{path}", "the value there is not a number"))
            continue
        problems += _bound_problems(data, path, scn.uncertainty[path])
    return problems


def _bound_problems(data: dict, path: str, dist: Distribution) -> list[tuple[str, str]]:
    """A bounded distribution's ends must be valid values, or some draws would stop the
    run halfway; checked now, before any work."""
    if dist.scale or dist.dist not in ("uniform", "triangular", "pert"):
        return []
    for name, end in (("low", dist.low), ("high", dist.high)):
        try:
            Scenario.model_validate(set_path(data, path, end))
        except ValidationError as err:
            reason = err.errors()[0]["msg"].removeprefix("Value error, ")
            return [(f"uncertainty.{path}.{name}", f"{end} is not an allowed value of "
                     f"{path}: {reason[0].lower()}{reason[1:]}")]
    return []


def _benefit_problems(scn: Scenario) -> list[tuple[str, str]]:
    """Amounts by household type need the attribute, and exactly its values."""
    pb = scn.passive_benefits
    mix = scn.participants.mix
    if pb.attribute is not None and pb.attribute not in mix:
        known = ", ".join(mix) or "none"
        return [("passive_benefits.attribute",
                 f"attribute '{pb.attribute}' is not in participants.mix ({known})")]
    problems = []
    for where, amount in pb.amounts():
        if not by_value(amount):
            continue
        path = f"passive_benefits.{where}"
        if pb.attribute is None:
            problems.append((path, "amounts by value need passive_benefits.attribute "
                                   "(e.g. household); or give one number for everyone"))
            continue
        values = list(mix[pb.attribute])
        if unknown := [v for v in amount if v not in values]:
            problems.append((path, f"{', '.join(unknown)}: not a value of participants.mix."
                                   f"{pb.attribute} ({', '.join(values)})"))
        if missing := [v for v in values if v not in amount]:
            problems.append((path, f"no amount for {', '.join(missing)}: give every value of "
                                   f"participants.mix.{pb.attribute}, or one number for all"))
    return problems
