"""Rules that span several fields of a scenario, reported as (dotted path, message).

They run after the type check (``duplicate_ids`` before it, since dotted paths name
list items by id), also where it refused values: on a scenario read apart, each refused
value ``UNREAD`` and the rules that read one left out (``cross_check``), so a user gets
every problem of a file in one pass.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel

from finsim.registry import ADDED_CATEGORIES, ADDED_RULE_KINDS

from ..nouns import counted
from . import written
from .errors import CONTROL
from .kdu_share import LandShare, first_year
from .limits import MAX_PERSONS, MAX_TOTAL_EUR, READ_AS_MISSING, READ_AS_NUMBER, RESERVED_IDS
from .minimum_wage import minimum_wage_problem, minimum_wage_schedule
from .model import (
    BUDGET_SHARE,
    CATEGORIES,
    PER_PERSON_LIMITED,
    Costs,
    Distribution,
    Funder,
    FunderShare,
    Scenario,
    TenureShares,
    by_value,
)
from .paths import PathError, get_path, item_ids
from .schedule import Month, list_refusal, monthly, number_or_schedule, numbers_list, uprated
from .types import ON_DEMAND, allowed_values

LAST_MONTH = Month(9999, 12)
"""Months are written with four-digit years, so no horizon runs past December 9999."""
WEEKS_PER_MONTH = 52.0 / 12.0
"""A monthly wage is hourly x hours_per_week x 52 / 12 (here and in the ledger)."""

ID_LISTS = ("providers", "funding", "costs.qualification")
"""Lists whose items are addressed by id in dotted paths, so ids must be unique."""


def id_items(data: dict, where: str) -> list[tuple[int, dict]]:
    """The items of the id list at ``where`` in raw scenario data that have a plain id
    (text or a number), each with its position in the list: what the checks of raw data
    (``duplicate_ids``, a base's near misses) read, before the model has seen the ids."""
    try:
        items = get_path(data, where)
    except PathError:
        return []
    return [(index, item) for index, item in enumerate(items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("id"), str | int | float)]


def duplicate_ids(data: dict) -> list[tuple[str, str, int]]:
    """Ids used again in an id-list of raw scenario data (checked before anything else,
    since dotted paths name list items by id): the id's path, the message and the
    position of each item that reuses it (where the reuse was written)."""
    problems = []
    for where in ID_LISTS:
        seen: set = set()
        for index, item in id_items(data, where):
            given = item["id"]
            if given in seen:
                problems.append((f"{where}.{given}", f"duplicate id '{given}'", index))
            seen.add(given)
    return problems


def cross_check(scn: Scenario, period_checked: bool = True) -> list[tuple[str, str]]:
    """Rules that span several fields, as (dotted path, message) pairs; without
    ``period_checked`` not those that hang on the period's dates (``load_scenario``). In
    a scenario some of whose blocks were refused (``UNREAD``), the rules that read one
    are left out: their lines would follow from its refusal, the others are said; so is
    the bound on money where the horizon is refused (a start in 9999 uprates every cost
    by centuries: the line would follow from the start alone)."""
    def shares(scn: Scenario) -> list[tuple[str, str]]:
        return _share_problems(scn.funding, scn.period.simulate_from or scn.period.start,
                               added=_added_beside_base(scn), unsure=_netting_refused(scn))

    rules = [_id_problems, _horizon_problems, _condition_problems, shares,
             _uncertainty_problems, _benefit_problems, _size_problems, _budget_share_problems,
             _transfer_problems, _subsidy_base_problems, _kdu_share_problems,
             *([_minimum_wage_problems, _unpaid_share_problems] if period_checked else []),
             _cohort_problems]
    problems: list[tuple[str, str]] = []
    horizon_refused = False
    for rule in rules:
        if rule is _size_problems and horizon_refused:
            continue
        try:
            found = rule(scn)
        except Unchecked:  # it reads a refused block
            continue
        horizon_refused = horizon_refused or (rule is _horizon_problems and bool(found))
        problems += found
    return problems


class Unchecked(Exception):  # noqa: N818 - not an error: a rule that is left out
    """Raised by a rule reading a block of the scenario that was refused (``UNREAD``)."""


class _UnreadType(type):
    """``type(UNREAD).model_fields`` (a block's fields, ``model._patched``) is a use too."""

    def __getattr__(cls, name: str) -> Any:
        raise Unchecked(name)


class Unread(metaclass=_UnreadType):
    """What stands for a refused value in the scenario the rules across fields read where
    others were refused (``load.validate``): any use of it raises ``Unchecked``."""

    def __getattr__(self, name: str) -> Any:
        raise Unchecked(name)

    def _refuse(self, *args: Any) -> Any:
        raise Unchecked

    __iter__ = __len__ = __bool__ = __contains__ = __getitem__ = _refuse
    __float__ = __int__ = __index__ = __round__ = __neg__ = __abs__ = _refuse
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse  # type: ignore[assignment]
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __pow__ = __rpow__ = __str__ = __format__ = _refuse
    __hash__ = object.__hash__


UNREAD = Unread()


class IdsOnly(Unread):
    """What stands for a refused block that is read whole or not at all (a rule across
    its fields: a funder, ``passive_benefits``) where the rules across fields read the
    scenario: its ids as read alone (``load._ids_apart``), for the id rules to say a
    reserved or look-alike one in the same pass; any other use raises ``Unchecked``, as
    of ``UNREAD``, its properties' too (``payers`` would answer from its refused forms)."""

    def __init__(self, ids: dict[str, Any]) -> None:
        vars(self).update(ids)


def unread_blocks(scn: Scenario) -> set[str]:
    """The top-level blocks of ``scn`` that are or hold a refused value (``UNREAD``)."""
    return {name for name, value in vars(scn).items() if _holds_unread(value)}


def _holds_unread(value: Any) -> bool:
    if isinstance(value, Unread):
        return True
    if isinstance(value, BaseModel):
        return any(map(_holds_unread, vars(value).values()))
    if isinstance(value, dict):  # ids read apart, their values not (``load._keys_apart``)
        return any(map(_holds_unread, value.values()))
    return isinstance(value, list) and any(map(_holds_unread, value))


def _minimum_wage_problems(scn: Scenario) -> list[tuple[str, str]]:
    """Every hourly wage or subsidy base written ``minimum_wage`` (the base's default)
    in a period that starts before the statutory minimum wage existed."""
    problem = minimum_wage_problem(scn.period.start_month)
    if problem is None:
        return []
    table = minimum_wage_schedule()
    return [(path, problem) for path, hourly in _hourly_fields(scn) if hourly == table]


def _hourly_fields(scn: Scenario) -> list[tuple[str, Any]]:
    """(dotted path, value) of each ``hourly`` of the wages and subsidy bases written."""
    blocks = [("costs.wages", scn.costs.wages)] + [
        (f"providers.{p.id}.costs.wages", p.costs.wages) for p in scn.providers
        if p.costs is not None and p.costs.wages is not None]
    out = []
    for path, wages in blocks:
        out.append((f"{path}.hourly", wages.hourly))
        if wages.subsidy_base is not None:
            out.append((f"{path}.subsidy_base.hourly", wages.subsidy_base.hourly))
    return out


def _cohort_problems(scn: Scenario) -> list[tuple[str, str]]:
    """A cohort (``initial``: a number) larger than the slots when the program starts:
    the simulation seats at most the slots, so the others would vanish without a word."""
    initial = scn.participants.initial
    if isinstance(initial, bool) or not isinstance(initial, int | float):
        return []
    first = Month.parse(scn.period.simulate_from or scn.period.start)
    slots = int(sum(monthly(p.slots, first, 1)[0] for p in scn.providers))
    if initial <= slots:
        return []
    return [("participants.initial", f"{initial:,g} people at the start, but the providers "
             f"have {counted(f'{slots:,}', 'slot', 'slots')} in {first}: expected at most "
             f"{slots:,} (a waiting list at the start comes from a caseload file, "
             "docs/caseload-format.md)")]


def _kdu_share_problems(scn: Scenario) -> list[tuple[str, str]]:
    """A Land's KdU share table starts in 2024: an earlier period must state the share."""
    parts = scn.passive_benefits.parts
    share = None if parts is None else parts.kdu_federal_share
    if not isinstance(share, LandShare):
        return []
    first = first_year(share)
    if scn.period.start_month.year >= first:
        return []
    return [("passive_benefits.parts.kdu_federal_share",
             f"finsim's table for {share.land} starts in {first}, the period in "
             f"{scn.period.start}: give the share as a number or a schedule "
             f"(e.g. {{2013-01: 0.276, {first}-01: {share[f'{first}-01']}}})")]


def _subsidy_base_problems(scn: Scenario) -> list[tuple[str, str]]:
    """A funder paying on the subsidisable wage needs every provider to have one; a
    provider's own base without ``contributions`` needs the program's to keep."""
    halves = [p.id for p in scn.providers if scn.costs.wages.subsidy_base is None
              and p.costs is not None and p.costs.wages is not None
              and p.costs.wages.subsidy_base is not None
              and p.costs.wages.subsidy_base.contributions is None]
    if halves:
        return [(f"providers.{p}.costs.wages.subsidy_base.contributions",
                 "required here: the program has no costs.wages.subsidy_base whose "
                 "contributions it could keep (e.g. 0.1985)") for p in halves]
    users = [f.id for f in scn.funding if f.basis == "subsidy_base"]
    if not users:
        return []
    missing = [p.id for p in scn.providers if scn.costs_for(p).wages.subsidy_base is None]
    if not missing:
        return []
    return [(f"funding.{f}.basis", f"subsidy_base needs costs.wages.subsidy_base, which "
                                   f"provider(s) {', '.join(missing)} lack") for f in users]


# -- ids: every rule an id of a provider, funder, payer, budget or module follows ---------
# (control characters and bidirectional controls in any text: ``raw.control_characters``)


def _id_problems(scn: Scenario) -> list[tuple[str, str]]:
    """Ids that would take a total's place, read as another id, or mix alphabets. Of two
    ids that read alike, the one a ``--set`` gave is told (after those of the file)."""
    ids = _ids(scn)
    named = [("budget", where, kind, name) for where, kind, name in _default_budgets(scn)]
    named += [(NAMESPACE.get(kind, kind), where, kind, name) for where, kind, name in ids]
    named.sort(key=lambda entry: entry[1] in scn._renamed_by_set)
    return [*_reserved_id_problems(ids), *_unaddressable_id_problems(ids),
            *_mixed_script_problems(ids),
            *_lookalike_id_problems([entry for entry in named
                                     if id_key(entry[3]) not in RESERVED_IDS])]


def _ids(scn: Scenario) -> list[tuple[str, str, str]]:
    """``(where, kind, id)`` of each id the scenario writes that could be read
    (``_readable``); ``where`` is the id's dotted path (a list item's, or the key that
    holds it)."""
    def budgets(f: Funder) -> list[tuple[str, str, str]]:
        if isinstance(f.budget, str) and f.budget:
            return [(f"funding.{f.id}.budget", "budget", f.budget)]
        return [(f"funding.{f.id}.budget.{budget}", "budget", budget)
                for budget in (f.budget if isinstance(f.budget, dict) else ())]

    return [*_readable(lambda: scn.providers, lambda p: [(f"providers.{p.id}", "provider", p.id)]),
            *_readable(lambda: scn.funding, lambda f: [(f"funding.{f.id}", "funder", f.id)]),
            *_readable(lambda: scn.costs.qualification,
                       lambda m: [(f"costs.qualification.{m.id}", "module", m.id)]),
            *_readable(lambda: scn.passive_benefits.by_payer or {},
                       lambda payer: [(f"passive_benefits.by_payer.{payer}", "payer", payer)]),
            *_readable(lambda: scn.funding, budgets),
            *_readable(lambda: scn.returns,
                       lambda budget: [(f"returns.{budget}", "budget", budget)])]


def _readable(items: Callable[[], Any], read: Callable[[Any], list]) -> list:
    """``read`` of each of ``items()`` that can be read: a block or item refused for
    another problem (``UNREAD``) leaves out its own ids alone, so that a reserved or
    look-alike id elsewhere is said in the same pass as that problem."""
    try:
        found = list(items())
    except Unchecked:
        return []
    out = []
    for item in found:
        try:
            out += read(item)
        except Unchecked:
            continue
    return out


def _default_budgets(scn: Scenario) -> list[tuple[str, str, str]]:
    """The budgets no id names (that could be read, ``_readable``): a public funder's
    own id (``Funder.budget_id``) and the payers of the ``parts`` form; they share the
    budgets' names with those written."""
    def parts() -> list[str]:
        return [] if scn.passive_benefits.parts is None else list(scn.passive_benefits.payers)

    return [*_readable(lambda: scn.funding,
                       lambda f: [(f"funding.{f.id}", "funder", f.id)]
                       if f.budget is None and f.public else []),
            *_readable(parts, lambda payer: [("passive_benefits.parts", "payer", payer)])]


def _reserved_id_problems(ids: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Ids (of providers, funders, payers and budgets) that would take the place of a
    total or gap row in the outputs, compared as a reader tells them (``id_key``: the
    look-alike check's key, so a full-width ``ｇａｐ`` is ``gap`` here too)."""
    return [*((where, _reserved_message(kind, name))
              for where, kind, name in ids if kind != "module" and id_key(name) in RESERVED_IDS),
            *((where, message) for where, kind, name in ids
              if (message := _csv_value_message(kind, name)) is not None)]


def _csv_value_message(kind: str, name: str) -> str | None:
    """The line for an id a CSV reader takes for a missing value or a number (``NaN``,
    ``NA``, ``null``, ``inf``: ``READ_AS_MISSING``, ``READ_AS_NUMBER``), or None: every
    output names the item by its id, and pandas' ``read_csv`` drops its rows from each
    group-by (``registered_id_problem``: a cost category's too)."""
    if name in READ_AS_MISSING:
        read = "a missing value"
    elif name.casefold() in READ_AS_NUMBER:
        read = "the number infinity"
    else:
        return None
    return (f"'{name}' cannot be a {kind} id: a CSV reader (pandas' read_csv) reads it in "
            f"every output as {read}, not as an id; choose another id")


def _reserved_message(kind: str, name: str) -> str:
    """The line for an id that is a word the outputs use (``RESERVED_IDS``)."""
    return (f"'{name}'{_read_as(name)} cannot be a {kind} id: "
            f"{RESERVED_IDS[id_key(name)]}; choose another id")


def registered_id_problem(kind: str, name: object, taken: list[str]) -> str | None:
    """Why ``name`` cannot be the id of a ``kind`` registered in Python (a cost category,
    a funding rule kind), or None: the rules a scenario's ids follow, for the same
    reasons (a category id is a key of ``costs``, a step of a dotted path, a column
    ``cost_<id>`` and a row of the plan): not a word the outputs use, no blank, no dot,
    no control character, and not one that reads as an id in ``taken`` (``id_key``)."""
    if not isinstance(name, str) or not name.strip():
        return f"a {kind} id is text with a letter or digit, not {name!r}"
    if id_key(name) in RESERVED_IDS:
        return _reserved_message(kind, name)
    if (csv_value := _csv_value_message(kind, name)) is not None:
        return csv_value
    if any(c.isspace() for c in name) or CONTROL.search(name):
        return (f"{kind} id {name!r} holds a blank or a control character, which the "
                f"outputs and a dotted path cannot show; expected an id like "
                f"'{'_'.join(name.split())}'")
    if "." in name:
        head, _, rest = name.partition(".")
        return (f"{kind} id '{name}' holds a dot: a dotted path (--set, --param, "
                f"uncertainty) reads it as '{head}' followed by '{rest}'; expected an id "
                f"without dots, e.g. '{name.replace('.', '_')}'")
    same = next((t for t in taken if id_key(t) == id_key(name)), None)
    if same is not None:
        return (f"a {kind} '{name}' exists already" if same == name else
                f"{kind} id '{name}' reads as '{same}', a {kind} registered already; "
                "choose another id")
    return None


PATH_ITEMS = ("provider", "funder", "module")
"""Kinds whose ids are a step of a dotted path to a list item (``providers.<id>.slots``),
found by the id whole: a dot in one splits it (a mapping's key, a payer's or budget's,
is matched with its dots)."""


def _unaddressable_id_problems(ids: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Ids with blanks around them (``'sued '`` beside ``sued``: two panels titled
    ``sued``) or, where a dotted path steps through them, with a dot (``--set
    'providers.Süd 2.0.slots=9'`` looks for ``Süd 2``): no output tells the first apart,
    no ``--set``, ``--param`` or ``uncertainty`` path reaches the second."""
    taken = {(kind, name): where for where, kind, name in ids}
    problems = []
    for where, kind, name in dict.fromkeys(ids):
        if name != name.strip():
            problems.append((where, _blank_message(kind, name, taken.get((kind, name.strip())))))
        elif kind in PATH_ITEMS and "." in name:
            head, _, rest = name.partition(".")
            problems.append((where, f"{kind} id '{name}' holds a dot: a dotted path (--set, "
                                    f"--param, uncertainty) reads it as '{head}' followed by "
                                    f"'{rest}', so none reaches it; expected an id without "
                                    f"dots, e.g. '{name.replace('.', '-')}'"))
    return problems


def _blank_message(kind: str, name: str, taken_by: str | None) -> str:
    """The line for an id with blanks around it, and what to write instead: the id
    without them, unless that is another's id (or nothing)."""
    bare = name.strip()
    if not bare:
        return f"{kind} id '{name}' is blank; expected an id with a letter or digit"
    ends = ("begins and ends" if name[:1].isspace() and name[-1:].isspace()
            else "begins" if name[:1].isspace() else "ends")
    fix = (f"expected another id ('{bare}' is the {kind} id of {taken_by})" if taken_by
           else f"expected '{bare}'")
    return (f"{kind} id '{name}' {ends} with a blank, which the outputs do not show (it "
            f"reads as '{bare}' there); {fix}")


def _read_as(name: str) -> str:
    """`` (read as 'gap')`` for an id a reader takes for a reserved word only in its
    compatibility form (full-width ``ｇａｐ``); nothing where case alone differs."""
    key = id_key(name)
    return "" if key == name.casefold() else f" (read as '{key}')"


NAMESPACE = {"payer": "budget", "budget": "budget"}
"""Kinds whose ids name one thing together: a payer is a budget (a funder's own id too,
as its default budget: ``_default_budgets``); the others are each their own."""


def id_key(name: str) -> str:
    """What a reader can tell of an id: its compatibility form (NFKC: ``ü`` written as
    one letter or as ``u`` and a combining diaeresis, a full-width ``ｃ``) without case
    (casefold: ``CJD``, ``cjd``; ``ß``, ``ss``). Two ids with one key read as one."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _lookalike_id_problems(ids: list[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
    """Each id (after the first) that reads as an earlier one where both name one kind
    of thing (``(namespace, where, kind, id)``): ``grünbau`` in two Unicode spellings
    are two providers whose rows no reader can tell apart. A budget written alike twice
    is one budget, not a clash."""
    first: dict[tuple[str, str], tuple[str, str, str]] = {}
    problems = []
    for space, where, kind, name in ids:
        seen = first.setdefault((space, id_key(name)), (where, kind, name))
        if seen[2] == name or space == "budget" and kind == seen[1] == "funder":
            continue  # the same budget; or two funders' ids, said as funder ids already
        hint = space == "budget" and "budget" in (kind, seen[1])
        problems.append((where, _lookalike_message(kind, name, seen, hint)))
    return problems


def _lookalike_message(kind: str, name: str, seen: tuple[str, str, str],
                       same_budget: bool) -> str:
    """The line for ``name`` that reads as ``seen``'s id; ``same_budget``: it may be
    meant as that budget, and then is to be written exactly so."""
    where, other_kind, other = seen
    spelled = "" if name.casefold() == other.casefold() else (
        f" (written out: '{_written_out(name)}' and '{_written_out(other)}')")
    same = f"; for the same budget write '{other}' exactly" if same_budget else ""
    return (f"{kind} id '{name}' reads as the {other_kind} id '{other}' of {where}{spelled}: "
            "ids that differ only in case or in how their letters are encoded cannot be "
            f"told apart in the outputs; expected another id{same}")


def _written_out(name: str) -> str:
    """``name`` with each letter beyond ASCII as its code (``gru\\u0308nbau``)."""
    return name.encode("ascii", "backslashreplace").decode()


SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
"""Alphabets with letters that look alike (Latin ``c``, Cyrillic ``с``, Greek ``ο``)."""


def _mixed_script_problems(ids: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Ids mixing Latin, Greek and Cyrillic letters: ``сjd`` with a Cyrillic ``с`` reads
    as ``cjd`` (the classic look-alike), where a whole word in one alphabet does not."""
    problems = []
    for where, kind, name in dict.fromkeys(ids):
        letters = _letters_by_script(name)
        if len(letters) > 1:
            shown = ", ".join(f"'{ch}' (U+{ord(ch):04X}) is {script.title()}"
                              for script, ch in letters.items())
            problems.append((where, f"{kind} id '{name}' mixes alphabets: {shown}; a letter "
                                    "of one that looks like a letter of another makes the id "
                                    "read as another; expected letters of one alphabet"))
    return problems


def _letters_by_script(name: str) -> dict[str, str]:
    """The first letter of ``name`` (in its compatibility form) of each of ``SCRIPTS``,
    by script (``unicodedata.name``'s first word: ``CYRILLIC SMALL LETTER ES``)."""
    found: dict[str, str] = {}
    for ch in unicodedata.normalize("NFKC", name):
        script = unicodedata.name(ch, "").partition(" ")[0]
        if ch.isalpha() and script in SCRIPTS:
            found.setdefault(script, ch)
    return found


def _horizon_problems(scn: Scenario) -> list[tuple[str, str]]:
    end = scn.period.start_month + (scn.period.months - 1)
    if end > LAST_MONTH:
        return [("period", f"the horizon (start {scn.period.start}, months "
                           f"{scn.period.months:,}) would end in {end.year}-{end.month:02d}, "
                           f"after {LAST_MONTH}, the last month finsim can write; expected at "
                           f"most {_months(LAST_MONTH - scn.period.start_month + 1)} from "
                           f"{scn.period.start}")]
    return []


def _months(n: int) -> str:
    return counted(f"{n:,}", "month", "months")


def _size_problems(scn: Scenario) -> list[tuple[str, str]]:
    """Slots beyond ``MAX_PERSONS`` together, or money that could pass ``MAX_TOTAL_EUR``."""
    slots = scn.slots_in_force()
    total_slots = float(slots.sum(axis=1).max(initial=0))
    if total_slots > MAX_PERSONS:
        most = int(np.argmax(slots.max(axis=0)))
        return [("providers", f"the providers' slots add up to {total_slots:,.0f} in a month "
                              f"(the most: providers.{scn.providers[most].id}.slots, up to "
                              f"{int(slots[:, most].max()):,}), more than finsim's ceiling of "
                              f"{MAX_PERSONS:,} persons; expected at most {MAX_PERSONS:,} "
                              "slots in a month, all providers together")]
    problems = []
    with np.errstate(over="ignore", invalid="ignore"):
        groups = _group_bounds(scn, slots)
        costs = cost_bound(scn, slots, groups)
        benefits = benefit_bound(scn, slots)
    total = sum(costs.values())
    if not total <= MAX_TOTAL_EUR:
        problems += _coach_ratio_problems(scn, slots, groups, costs["qualification"]) \
            or [_costs_refused(scn, slots, groups, costs)]
    if not benefits <= MAX_TOTAL_EUR:
        amounts = ", ".join(f"passive_benefits.{path} {_shown(amount)}"
                            for path, amount in scn.passive_benefits.amounts()
                            if not path.endswith("kdu_federal_share") and _largest(amount))
        problems.append(("passive_benefits", f"the benefits avoided could reach {benefits:.3g} "
                         f"EUR over the horizon, above finsim's ceiling of "
                         f"{MAX_TOTAL_EUR:.0e} EUR: from {amounts} a person-month for up to "
                         f"{total_slots:,.0f} slots over {scn.period.months:,} months; expected "
                         f"amounts whose total stays below {MAX_TOTAL_EUR:.0e} EUR"))
    return problems


DRIVERS = {
    "wages": ("wages.hourly", "wages.hours_per_week", "wages.employer_contributions",
              "wages.annual_increase"),
    "staff": ("staff.participants_per_coach", "staff.coach_cost_per_year",
              "staff.management_cost_per_year", "staff.annual_increase"),
    "overhead": ("overhead.rate_on_staff", "staff.participants_per_coach",
                 "staff.coach_cost_per_year", "staff.management_cost_per_year",
                 "staff.annual_increase"),
    "material": ("material.per_slot_month",),
}
"""The cost parameters (below ``costs``) each built-in category's bound is built from, the
rate first: a refusal of the costs names them with their values (a registered category
names its own, ``drivers``)."""


def _added(category: str) -> Any:
    """The registered category class of ``category`` (None for a built-in one)."""
    return next((c for c in ADDED_CATEGORIES if c.id == category), None)


def _drivers(category: str) -> tuple[str, ...]:
    """The cost parameters ``category``'s bound is built from (``DRIVERS``)."""
    added = _added(category)
    return DRIVERS[category] if added is None else added.drivers


def cost_word(category: str) -> str:
    """``category`` as the word before "costs" in a sentence (``COST_WORDS``)."""
    added = _added(category)
    return COST_WORDS[category] if added is None else (added.word or category)


def _costs_refused(scn: Scenario, slots: np.ndarray, groups: list,
                   costs: dict[str, float]) -> tuple[str, str]:
    """The costs past ``MAX_TOTAL_EUR``: the largest category, and the parameters (with
    their values) of the group of providers it is largest for."""
    def size(value: float) -> float:  # a NaN (inf x 0) is not the cause
        return -1.0 if math.isnan(value) else value

    largest = max(costs, key=lambda k: size(costs[k]))
    if largest == "qualification":
        drivers = [(f"costs.qualification.{m.id}.cost", m.cost, None)
                   for m in scn.costs.qualification]
        scale = f"{_entrants_bound(scn, slots):,.0f} entrants"
    else:
        provider, own, members, _ = max(groups, key=lambda g: size(g[3][largest]))
        if largest == "one_off":
            drivers = [(_path(provider, f"one_off.{o.id}.{field}", "one_off"), value, None)
                       for o in own.one_off for field in ("amount", "share_of_monthly_wage")
                       if (value := getattr(o, field))]
        else:
            keys = [key for key in _drivers(largest)
                    if _value(own, key) or key.endswith("participants_per_coach")]
            drivers = [(_path(provider, key, key.split(".")[0]), _value(own, key),
                        _uprated_top(scn, own, key)) for key in keys]
            members = [i for i, p in enumerate(scn.providers)  # with the same values
                       if all(_value(scn.costs_for(p), key) == _value(own, key) for key in keys)]
        scale = f"{slots[:, members].sum(axis=1).max():,.0f} slots"
    block = f"costs.{largest}"
    if drivers:  # the block of the parameters named, a provider's own if it has one
        block = next((p for p, *_ in drivers if p.startswith("providers.")), drivers[0][0])
        block = block.rsplit(".", 2 if largest in ("one_off", "qualification") else 1)[0]
    named = ", ".join(f"{path} {_shown(value, top)}" for path, value, top in drivers)
    total = sum(v for v in costs.values() if not math.isnan(v))  # inf x 0: not a cost
    return (block, f"the {cost_word(largest)} costs could reach {costs[largest]:.3g} EUR over "
                   f"the horizon ({total:.3g} EUR in all), above finsim's ceiling of "
                   f"{MAX_TOTAL_EUR:.0e} EUR that keeps every cent exact: from {named} for up "
                   f"to {scale} over {scn.period.months:,} months; expected values whose costs "
                   f"stay below {MAX_TOTAL_EUR:.0e} EUR")


def _coach_ratio_problems(scn: Scenario, slots: np.ndarray, groups: list,
                          qualification: float) -> list[tuple[str, str]]:
    """The ratios of participants per coach below 1 that alone take the costs past
    ``MAX_TOTAL_EUR`` (``1e-308`` makes them infinite), each at its own field with the
    least ratio that keeps them within: the costs are the rest plus the coach costs at a
    ratio of 1 divided by the ratio. None where the costs pass it at a ratio of 1 too
    (the general line names every parameter)."""
    tiny = [group for group in groups if group[1].staff.participants_per_coach < 1]
    if not tiny:
        return []
    rest, at_one = (_total_at_ratio(scn, slots, groups, ratio) + qualification
                    for ratio in (math.inf, 1.0))
    if not at_one <= MAX_TOTAL_EUR:
        return []
    least = _rounded_up((at_one - rest) / (MAX_TOTAL_EUR - rest))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        reached = _total_at_ratio(scn, slots, groups, None) + qualification
    amount = f"{reached:.3g} EUR" if math.isfinite(reached) else "infinite amounts"
    ratios = {_path(provider, "staff.participants_per_coach", "staff"):  # once each
              own.staff.participants_per_coach for provider, own, *_ in tiny}
    return [(path, f"{ratio:,.6g} participants per coach would make the costs reach "
                   f"{amount} over the horizon, above finsim's ceiling of {MAX_TOTAL_EUR:.0e} "
                   f"EUR that keeps every cent exact; expected at least {least:g} "
                   "participants per coach") for path, ratio in ratios.items()]


def _total_at_ratio(scn: Scenario, slots: np.ndarray, groups: list,
                    ratio: float | None) -> float:
    """The bound of the costs but qualification, each ratio of participants per coach
    below 1 taken as ``ratio`` (None: as given)."""
    occupied = np.maximum.accumulate(slots, axis=0)
    total = 0.0
    for _, costs, members, _ in groups:
        if ratio is not None and costs.staff.participants_per_coach < 1:
            costs = costs.model_copy(update={"staff": costs.staff.model_copy(
                update={"participants_per_coach": ratio})})
        bound = _group_cost_bound(scn, costs, occupied[:, members].sum(axis=1),
                                  slots[:, members].sum(axis=1), len(members))
        total += sum(v for v in bound.values() if not math.isnan(v))
    return total


def _rounded_up(value: float) -> float:
    """``value`` rounded up to three significant digits: the least ratio said keeps
    the costs within the ceiling."""
    step = 10.0 ** (math.floor(math.log10(value)) - 2)
    return math.ceil(value / step) * step


COST_WORDS = {"wages": "wage", "staff": "staff", "material": "material",
              "qualification": "qualification", "overhead": "overhead", "one_off": "one-off"}
"""Each built-in cost category as the word before "costs" in a sentence (``cost_word``)."""


def _path(provider: Any, key: str, block: str) -> str:
    """The dotted path of a cost parameter: the provider's own where it overrides it."""
    own = provider is not None and provider.costs is not None and getattr(
        provider.costs, block, None) is not None
    if own and (block == "one_off" or _value(provider.costs, key) is not None):
        return f"providers.{provider.id}.costs.{key}"
    return f"costs.{key}"


def _value(costs: Any, key: str) -> Any:
    block, field = key.split(".")
    return getattr(getattr(costs, block, None), field, None)


def _largest(amount: Any) -> float:
    """The largest value of a number, a schedule or amounts by value."""
    if isinstance(amount, dict):
        return max((_largest(v) for v in amount.values()), default=0.0)
    return float(amount or 0.0)


def _shown(value: Any, top: float | None = None) -> str:
    """A parameter's value in a refusal: ``= 1e-308``, or ``up to 15.5`` for a schedule;
    with ``top``, the largest it reaches after uprating, where that is more."""
    largest = _largest(value)
    text = f"up to {largest:,.6g}" if isinstance(value, dict) else f"= {float(value):,.6g}"
    if top is not None and top > largest * (1 + 1e-9):
        text += f" (uprated to {top:,.6g} by the horizon's end)"
    return text


UPRATED = {"wages.hourly": "wages.annual_increase",
           "staff.coach_cost_per_year": "staff.annual_increase",
           "staff.management_cost_per_year": "staff.annual_increase"}
"""Rates the cost bound raises each January, and the increase that raises them."""


def _uprated_top(scn: Scenario, costs: Costs, key: str) -> float | None:
    """The largest value of a rate over the horizon after its annual increase."""
    if key not in UPRATED:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        return float(uprated(_value(costs, key), _value(costs, UPRATED[key]),
                             scn.period.start_month, scn.period.months).max())


def _entrants_bound(scn: Scenario, slots: np.ndarray) -> float:
    """Most persons who can enter over the horizon: everyone in a slot at the start, and
    every referral (or with ``on_demand``, every slot added and every exit at the fastest
    exit rate any group has), bounded 10 standard deviations above the mean count, which
    a Poisson count exceeds with a probability below 1e-20."""
    start, months = scn.period.start_month, scn.period.months
    referrals = scn.participants.referrals_per_month
    if referrals == ON_DEMAND:
        added = np.clip(np.diff(slots, axis=0), 0, None).sum()
        mean = float(added + np.maximum.accumulate(slots, axis=0).sum() * _exit_rate_bound(scn))
    else:
        mean = float(monthly(referrals, start, months).sum())
    return float(slots[0].sum()) + mean + 10.0 * math.sqrt(mean) + 10.0


def _exit_rate_bound(scn: Scenario) -> float:
    """The fastest monthly exit rate of any participant: both hazards with every modifier
    that raises them, plus leaving at the maximum duration."""
    fastest = 0.0
    for provider in scn.providers:
        e = scn.employment_for(provider)
        place = math.prod(max(1.0, m.placement) for m in e.modifiers)
        drop = math.prod(max(1.0, m.dropout) for m in e.modifiers)
        rate = (-math.log1p(-e.hazards.placement) * place - math.log1p(-e.hazards.dropout) * drop
                + 1.0 / e.max_months)
        fastest = max(fastest, rate)
    return fastest


def cost_bound(scn: Scenario, slots: np.ndarray,
               groups: list | None = None) -> dict[str, float]:
    """An upper bound of each cost category over the horizon (EUR): every slot occupied
    from the month it first exists (nobody is dismissed when slots shrink), every entrant
    taking every module. ``groups``: ``_group_bounds`` if already computed."""
    out = dict.fromkeys(CATEGORIES, 0.0)
    for *_, bound in groups if groups is not None else _group_bounds(scn, slots):
        for category, value in bound.items():
            out[category] += value
    module_costs = sum(m.cost for m in scn.costs.qualification)
    out["qualification"] = _entrants_bound(scn, slots) * module_costs if module_costs else 0.0
    return out


def _group_bounds(scn: Scenario,
                  slots: np.ndarray) -> list[tuple[Any, Costs, list[int], dict[str, float]]]:
    """``(provider or None, costs, provider indices, bound by category)`` of each group of
    providers with the same cost parameters: those without overrides together (None),
    then each with its own."""
    occupied = np.maximum.accumulate(slots, axis=0)  # [months, providers]
    own = [p for p, provider in enumerate(scn.providers) if provider.costs is not None]
    shared = [p for p, provider in enumerate(scn.providers) if provider.costs is None]
    groups = [(None, scn.costs, shared)]
    groups += [(scn.providers[p], scn.costs_for(scn.providers[p]), [p]) for p in own]
    return [(provider, costs, members,
             _group_cost_bound(scn, costs, occupied[:, members].sum(axis=1),
                               slots[:, members].sum(axis=1), len(members)))
            for provider, costs, members in groups if members]


def _group_cost_bound(scn: Scenario, costs: Costs, occupied: np.ndarray, slots: np.ndarray,
                      providers: int) -> dict[str, float]:
    """The bound of each category but qualification (``cost_bound``) for one group: the
    built-in ones worked out here, a registered one by its own ``bound``."""
    start, months = scn.period.start_month, scn.period.months
    w, s = costs.wages, costs.staff
    wage = (uprated(w.hourly, w.annual_increase, start, months) * w.hours_per_week
            * WEEKS_PER_MONTH * (1.0 + monthly(w.employer_contributions, start, months)))
    coach = uprated(s.coach_cost_per_year, s.annual_increase, start, months) / 12.0
    management = uprated(s.management_cost_per_year, s.annual_increase, start, months) / 12.0
    staff = float((occupied * coach / s.participants_per_coach + providers * management).sum())
    material = monthly(costs.material.per_slot_month, start, months)
    calendar = (np.arange(months) + start.month - 1) % 12 + 1
    one_off = 0.0
    for o in costs.one_off:
        each = (o.share_of_monthly_wage * wage if o.amount is None else uprated(
            o.amount, w.annual_increase, start, months)
            * (1.0 + monthly(w.employer_contributions, start, months)))
        due = np.flatnonzero(calendar == o.month)
        # the slots on a later entitlement day (occupied only grows here): 1 December's
        # for a payment in November
        day = np.minimum(due + max(o.entitled - o.month, 0), months - 1)
        one_off += float((occupied[day] * np.broadcast_to(each, (months,))[due]).sum())
    return {"wages": float((occupied * wage).sum()), "staff": staff,
            "overhead": staff * costs.overhead.rate_on_staff,
            "material": float((slots * material).sum()), "one_off": one_off,
            **{c.id: float(c.bound(scn, costs, occupied, slots)) for c in ADDED_CATEGORIES}}


def benefit_bound(scn: Scenario, slots: np.ndarray) -> float:
    """An upper bound of the passive benefits avoided over the horizon (EUR): every amount
    given (by household type, the largest) for every slot, occupied all the time."""
    pb = scn.passive_benefits
    start, months = scn.period.start_month, scn.period.months
    rate = np.zeros(months)
    for path, amount in pb.amounts():
        if path.endswith("kdu_federal_share"):  # a share of the KdU, not an amount
            continue
        values = list(amount.values()) if by_value(amount) else [amount]
        rate += np.max([monthly(v, start, months) for v in values], axis=0)
    if not rate.any():  # nothing avoided (and no 0 x inf)
        return 0.0
    persons = np.maximum.accumulate(slots, axis=0).sum(axis=1)
    if pb.after_placement:
        persons = persons + _entrants_bound(scn, slots)
    return float((persons * rate).sum())


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
        for attribute, values in allowed_values(condition).items():
            if attribute not in scn.participants.mix:
                known = ", ".join(scn.participants.mix) or "none"
                problems.append((f"{where}.{attribute}",
                                 f"attribute '{attribute}' is not in participants.mix ({known})"))
                continue
            for value in values:
                if value not in scn.participants.mix[attribute]:
                    known = ", ".join(scn.participants.mix[attribute])
                    problems.append((f"{where}.{attribute}", f"'{value}' is not a value of "
                                     f"participants.mix.{attribute} ({known})"))
    return problems


def _added_beside_base(scn: Scenario) -> dict[str, str]:
    """Each funder a file added over its base without a name whose id is a near miss of
    a base funder's (``load.added_near_base``: ``jobcentre`` beside ``jobcenter``), with
    that id: meant to change the base's funder, its shares come on top of the base's."""
    return {new: meant for where, new, meant, _ in scn._near_base if where == "funding"}


def _share_problems(funders: list[Funder], start: str, top_up: bool = True,
                    added: dict[str, str] | None = None,
                    unsure: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Shares of a category above 1 together; ``start``: the program's first month, from
    which on rules are in force (a month before it is named in no refusal). Categories
    whose shares come from the same written values (two funders' ``total``) are said
    once, at those values. ``top_up``: suggest ``covers: remainder`` where no funder
    covers it (not for a drawn or varied share, which is what went past 1). ``added``:
    funders added over a base beside a base funder of a near id (``_added_beside_base``),
    named as a likely misspelling where their shares are in the sum. ``unsure``: funders
    whose ``net_of`` is refused (``_netting_refused``), whose sums are not said: that
    refusal is their cause."""
    problems = []
    remainders = [f.id for f in funders if f.covers == "remainder"]
    if len(remainders) > 1:
        problems.append(("funding", f"at most one funder covers the remainder, not "
                                    f"{', '.join(remainders)}"))
    # shares are checked in the program's first month and in every later month some
    # funder's rules change (rules by date): the rules in force from the start until then
    # (a funder that stops with ``until`` beside one that goes on); undated rules once
    boundaries = sorted(set().union(*(f.boundaries for f in funders if f.covers != "remainder")),
                        key=Month.parse)
    months = list(dict.fromkeys(max(m, start, key=Month.parse) for m in [start, *boundaries])
                  ) if boundaries else [None]
    said: set[tuple[str, ...]] = set()
    for category in CATEGORIES:
        for month in months:
            over = _category_problem(funders, category, month,
                                     topped_up=bool(remainders) or not top_up,
                                     added=added or {}, unsure=unsure, hint_limit=top_up)
            if over:
                paths, problem = over
                if paths not in said:  # each rule set over 1, once
                    said.add(paths)
                    problems.append(problem)
    return problems


def _category_problem(funders: list[Funder], category: str, month: str | None,
                      topped_up: bool = False, added: dict[str, str] | None = None,
                      unsure: set[str] | frozenset[str] = frozenset(),
                      hint_limit: bool = False
                      ) -> tuple[tuple[str, ...], tuple[str, str]] | None:
    """The dotted paths of the shares written that add up to more than 1 in a category
    (``funding.stadt.covers.total``), and the line about them at the last one's path, or
    None. Shares after one with a ``per_person_limit`` are not added: each of those
    funders pays at most what is still uncovered. ``topped_up``: a funder covers the
    remainder already (the line suggests it otherwise); ``hint_limit``: the line says
    that a limit would allow the sum (not for a draw); ``added``, ``unsure``: as for
    ``_share_problems``."""
    by_id = {f.id: f for f in funders}
    shares = _up_to_a_limit(_effective_shares(funders, category, month), by_id, category,
                            month)
    tenure = any(isinstance(by_id[f].share_of(category, month), TenureShares)
                 for group, _ in shares for f, _ in group)
    longest = max((len(s) for _, s in shares), default=0)
    for year in range(longest):
        total = sum(at_year(s, year) for _, s in shares)
        if total <= 1 + 1e-9:
            continue
        paying = [(group, s) for group, s in shares if at_year(s, year)]
        if unsure & {f for group, _ in paying for f, _ in group}:
            return None
        paths = {f: share_path(by_id[f], category, month) for group, _ in paying
                   for f, own in group if at_year(own, year)}
        keys = {path.rpartition(".")[2] for path in paths.values()}
        subject = "total" if keys == {"total"} else category
        mixed = subject == "wages" and len({by_id[g[0][0]].basis for g, _ in paying}) > 1
        each = ", ".join(f"{_payers(group, year)} {at_year(s, year):.10g}"
                         f"{_key_said(paths, group, subject)}"
                         f"{BASIS_WORDS[by_id[group[0][0]].basis] if mixed else ''}"
                         for group, s in paying)
        when = " ".join(filter(None, (f"tenure year {year + 1}" if tenure else "",
                                      f"from {month}" if month else "")))
        path = list(paths.values())[-1]
        return tuple(paths.values()), (path, (
            f"shares of '{subject}' add up to {total:.10g} ({when + ': ' if when else ''}"
            f"{each}), more than 1{TWO_BASES if mixed else ''}; expected at most "
            f"1 together{_net_of_fix(paying, paths) if mixed else ''}"
            f"{'' if topped_up else _top_up(paying, year)}"
            f"{_limit_hint(paying, by_id, category, month) if hint_limit else ''}"
            f"{_misspelt(list(paths), added or {})}"))
    return None


def _up_to_a_limit(shares: list[tuple[Group, list[float]]], by_id: dict[str, Funder],
                   category: str, month: str | None) -> list[tuple[Group, list[float]]]:
    """``shares`` (in application order) up to the last with a ``per_person_limit`` on
    ``category``: the funders after it may bring the sum past 1, as each pays its share
    at most up to what is still uncovered (the rest of a person's modules past the
    limit; docs/funding-rules.md). A funder with a limit of its own is not among them:
    its sum per person would count the modules the earlier one paid."""
    limited = [k for k, (group, _) in enumerate(shares)
               if any(_limited(by_id[f], category, month) for f, _ in group)]
    return shares[:limited[-1] + 1] if limited else shares


def _limited(funder: Funder, category: str, month: str | None) -> bool:
    """Whether ``funder``'s share of ``category`` in ``month`` stops at a sum per person."""
    share = funder.share_of(category, month)
    return isinstance(share, TenureShares) and share.per_person_limit is not None


def _limit_hint(paying: list[tuple[Group, list[float]]], by_id: dict[str, Funder],
                category: str, month: str | None) -> str:
    """What a ``per_person_limit`` has to do with shares past 1: none among them (where
    one can be), the fix where the first funder is meant to pay up to a sum per person and
    the later ones the rest; the last one's own, why it does not let the sum past 1."""
    limited = [group[0][0] for group, _ in paying
               if any(_limited(by_id[f], category, month) for f, _ in group)]
    first, last = paying[0][0][0][0], paying[-1][0][0][0]
    if len(limited) > 1 and limited[-1] == last:
        return (f"; {last} may bring them past 1 only without a per_person_limit of its own "
                f"(its sum per person would count what {limited[0]} pays)")
    if category not in PER_PERSON_LIMITED or limited:
        return ""
    return (f", or a per_person_limit on {first}'s share if it pays up to a sum per person "
            f"({last} then pays at most what {first} leaves)")


class Unpaid(NamedTuple):
    """A funder's share of a category charged person by person that pays nothing in
    some months (``unpaid_after_a_limit``): after the share with a ``per_person_limit``
    the shares before it take all that is still uncovered."""

    funder: Funder
    category: str
    dead: list[int]
    """The months (indices from the period's start) its share pays nothing in."""
    pays: bool
    """Whether it may pay in another month it has a share in."""
    limited: list[str]
    """The funders before it whose share stops at a ``per_person_limit`` (first dead month)."""
    taking: list[tuple[str, list[float]]]
    """The shares before it that are paid in full, by tenure year (first dead month)."""
    first_full: str
    """The first of ``taking`` with which they add up to 1 (``bund2`` goes before it to
    pay first)."""


def unpaid_after_a_limit(scn: Scenario) -> list[Unpaid]:
    """The funders' shares of a category charged person by person that pay nothing in
    a month of the period as they come after a ``per_person_limit`` (docs/funding-rules.md):
    the funder with the limit may pay nothing of a person already at it, so each later
    share takes what is still uncovered, and where the shares before one (but the limited
    ones) add up to 1 in every tenure year, they leave it nothing, to the cent. Only
    where none before it has a cap or a draw (a capped one leaves a rounding cent) and
    the shares counted are paid as written (no ``net_of``, no ``limited_to``)."""
    order = [f for f in scn.funding if f.covers != "remainder" and pays_shares(f)]
    if not any(_limited(f, c, None) for f in order for c in PER_PERSON_LIMITED):
        return []  # a limit is in undated covers only: none in the first rule set, none
    drawn = _drawn_funders(scn)
    start, months = scn.period.start_month, scn.period.months
    months = min(months, LAST_MONTH - start + 1)
    out = []
    for category in PER_PERSON_LIMITED:
        for k, funder in enumerate(order):
            before = order[:k]
            if any(_capped(g) or g.id in drawn for g in before):
                continue
            found = [_unpaid_in(funder, before, category, str(start + m)) for m in range(months)]
            dead = [m for m, x in enumerate(found) if x]
            if not dead:
                continue
            pays = any(x is None and any(as_years(funder.share_of(category, str(start + m))))
                       for m, x in enumerate(found))
            out.append(Unpaid(funder, category, dead, pays, *found[dead[0]]))
    return out


def _unpaid_in(funder: Funder, before: list[Funder], category: str,
               month: str) -> tuple[list[str], list[tuple[str, list[float]]], str] | None:
    """Why ``funder``'s share of ``category`` pays nothing in ``month``, or None where it
    may pay (or has none): the limited funders before it, the shares before it paid in
    full, and the first with which they reach 1 in every tenure year."""
    if not any(as_years(funder.share_of(category, month))) or _limited(funder, category,
                                                                        month):
        return None
    limited = [g.id for g in before if _limited(g, category, month)]
    if not limited:
        return None
    taking = [(g.id, as_years(g.share_of(category, month))) for g in before
              if not _limited(g, category, month) and not g.net_of and g.limited_to is None
              and any(as_years(g.share_of(category, month)))]
    longest = max((len(s) for _, s in taking), default=1)
    for n in range(1, len(taking) + 1):
        if all(sum(at_year(s, y) for _, s in taking[:n]) >= 1 - 1e-9 for y in range(longest)):
            return limited, taking, taking[n - 1][0]
    return None


def _capped(funder: Funder) -> bool:
    """Whether any of a funder's caps is set (it may pay less than its share)."""
    return (funder.cap_per_person_month is not None or funder.cap_per_year is not None
            or funder.cap_total is not None)


def _drawn_funders(scn: Scenario) -> set[str]:
    """The funders an ``uncertainty`` draw reaches (by id or position; but its payment
    terms), all of them for a draw of the whole list."""
    ids = [f.id for f in scn.funding]
    out: set[str] = set()
    for path in scn.uncertainty:
        keys = path.split(".")
        if keys[0] != "funding" or keys[2:3] == ["payment"]:
            continue
        key = keys[1] if len(keys) > 1 else ""
        out |= ({key} if key in ids else {ids[int(key)]} if key.isdigit()
                and int(key) < len(ids) else set(ids))
    return out


def _unpaid_share_problems(scn: Scenario) -> list[tuple[str, str]]:
    """A share after a ``per_person_limit`` that pays nothing in any month of the period
    it has one in (``unpaid_after_a_limit``): refused as a sum past 1 is, the money in
    the plan not being there. One that pays in some months is warned of
    (``sanity.unpaid_share_warnings``). Not where shares past 1 are refused already:
    this follows from them."""
    never = [unpaid for unpaid in unpaid_after_a_limit(scn) if not unpaid.pays]
    if not never or _share_problems(scn.funding, scn.period.simulate_from
                                    or scn.period.start) or _netting_refused(scn):
        return []
    problems = []
    for unpaid in never:
        funder, category = unpaid.funder, unpaid.category
        first = str(scn.period.start_month + unpaid.dead[0])
        problems.append((share_path(funder, category, first), (
            f"{funder.id} pays nothing of '{category}' in any month: the shares before it "
            f"{unpaid_reason(unpaid, first)}; expected them below 1 together, or "
            f"{funder.id} before {unpaid.first_full} in the funding list if it is to pay "
            "first")))
    return problems


def unpaid_reason(unpaid: Unpaid, first: str) -> str:
    """Why an ``Unpaid`` share pays nothing, as the refusal says it: the shares before it
    but the limited ones add up to 1 (as in force in ``first``), taking all those leave."""
    one, total, every_year, taking = unpaid_terms(unpaid)
    limited = " and ".join(f"{g}'s" for g in unpaid.limited)
    return (f"but {limited}, which {'stops' if one else 'stop'} at a per_person_limit, add "
            f"up to {'at least ' if every_year else ''}{total:.10g}"
            f"{' in every tenure year' if every_year else ''} (from {first}: {taking}), so "
            f"they take all that {' and '.join(unpaid.limited)} "
            f"{'leaves' if one else 'leave'}")


def unpaid_terms(unpaid: Unpaid) -> tuple[bool, float, bool, str]:
    """What a line on an ``Unpaid`` share says, in any language: whether one funder's
    limit is before it, what the shares taking all its money add up to and whether that
    differs by tenure year (``unpaid_total``), and those shares as written."""
    total, every_year = unpaid_total(unpaid)
    taking = ", ".join(f"{f} {share_text(s)}" for f, s in unpaid.taking)
    return len(unpaid.limited) == 1, total, every_year, taking


def unpaid_total(unpaid: Unpaid) -> tuple[float, bool]:
    """What the shares taking all of an ``Unpaid`` share's money add up to: the least of
    their tenure years' sums, and whether those differ (then it is said "at least")."""
    years = max(len(s) for _, s in unpaid.taking)
    sums = {round(sum(at_year(s, y) for _, s in unpaid.taking), 9) for y in range(years)}
    return min(sums), len(sums) > 1


def share_text(share: FunderShare | list[float]) -> str:
    """A share as written: ``0.1``, or ``[0.75, 0.5]`` by tenure year."""
    years = share if isinstance(share, list) else as_years(share)
    return f"{years[0]:g}" if len(years) == 1 else f"[{', '.join(f'{s:g}' for s in years)}]"


def _misspelt(funders: list[str], added: dict[str, str]) -> str:
    """The likely misspelling among ``funders`` whose shares add up past 1: one added
    over a base beside the base's funder of a near id (``_added_beside_base``), whose
    shares, meant to replace that funder's, come on top of them."""
    return "".join(f"; did you mean '{added[f]}'? (a new funder '{f}' was added beside the "
                   "base's)" for f in funders if f in added)


BASIS_WORDS = {"cost": " of the wage line", "subsidy_base": " of the subsidy base"}
"""What a share of ``wages`` is of, by the funder's ``basis``, where the two are added."""


TWO_BASES = ", as the subsidy base may reach the wage line (it is at most that)"
"""Why shares of the subsidy base and of the wage line are added as one sum: the base
may reach the wage line (a wage drawn or set lower, a provider's own), and past 1 the
later funder's share would be cut to what is left without a word."""


def _net_of_fix(paying: list[tuple[Group, list[float]]], paths: dict[str, str]) -> str:
    """The fix for a share of the wage line beside one of the subsidy base: net of the
    others, its share is of what they all pay together and never adds up past 1 (not
    for a ``total``, whose other categories' shares would change with it)."""
    last, others = paying[-1][0], [group[0][0] for group, _ in paying[:-1]]
    if len(last) > 1 or not paths.get(last[0][0], "").endswith(".wages"):
        return ""
    together = "both pay" if len(others) == 1 else "they all pay"
    return (f", or net_of: [{', '.join(others)}] for {last[0][0]} with its share of what "
            f"{together} together (1 for the whole wage line)")


def share_path(funder: Funder, category: str, month: str | None) -> str:
    """The dotted path of the share ``funder`` pays of ``category`` in ``month`` as
    written: its ``total`` or the category's, in the rule set in force then."""
    shares = funder.shares_at(month)
    key = "total" if "total" in shares else category
    dated = [rule for rule, rules in funder.rule_sets if rules is shares and rule is not None]
    return ".".join(["funding", funder.id, "covers", *dated[:1], key])


def _key_said(paths: dict[str, str], group: Group, subject: str) -> str:
    """`` (total)`` after a funder's share written under another key than the line's."""
    key = next((paths[f].rpartition(".")[2] for f, _ in group if f in paths), subject)
    return "" if key == subject else f" ({key})"


def _top_up(paying: list[tuple[Group, list[float]]], year: int) -> str:
    """The fix where the last funder is meant to top up what the others pay: ``covers:
    remainder`` (it pays what they leave, and no more)."""
    last = paying[-1][0]
    if len(last) > 1:  # a funder net of others: its shares are no top-up
        return ""
    others = [_payers(group, year) for group, _ in paying[:-1]]
    return (f", or covers: remainder for {last[0][0]} if it tops up what "
            f"{' and '.join(others)} {'leaves' if len(others) == 1 else 'leave'}")


Group = tuple[tuple[str, list[float]], ...]
"""Funders that pay a share together, each with its own shares by tenure year: a funder
and those it is ``net_of`` (the netting funder first), or one funder alone."""


def _effective_shares(funders: list[Funder], category: str,
                      month: str | None = None) -> list[tuple[Group, list[float]]]:
    """Each share funder's share by tenure year in ``month``; a funder ``net_of`` others
    takes their place with the larger of its share and theirs (together they pay no more)."""
    groups: dict[str, Group] = {f.id: ((f.id, as_years(f.share_of(category, month))),)
                                for f in funders if f.covers != "remainder" and pays_shares(f)}
    by_id = {key: group[0][1] for key, group in groups.items()}
    for f in funders:
        if f.net_of and f.id in by_id:
            others = [o for o in dict.fromkeys(f.net_of)  # a self or a repeat is
                      if o in by_id and o != f.id]  # refused elsewhere
            netted = [by_id.pop(o) for o in others]
            groups[f.id] = groups[f.id] + tuple(m for o in others for m in groups.pop(o))
            own = by_id[f.id]
            years = max(len(s) for s in [own, *netted])
            by_id[f.id] = [max(at_year(own, y), sum(at_year(s, y) for s in netted))
                           for y in range(years)]
    return [(groups[key], shares) for key, shares in by_id.items()]


def pays_shares(funder: Funder) -> bool:
    """Whether ``funder``'s ``covers`` are shares of the cost that must add up to at most
    1 with the others': a registered rule kind that reads ``covers`` another way (which
    categories a lump sum goes to) says ``shares = False``."""
    kind = next((k for k in ADDED_RULE_KINDS if k.matches(funder)), None)
    return kind is None or getattr(kind, "shares", True)


def _payers(group: Group, year: int) -> str:
    """Who pays a group's share in a tenure year: the funders with a share of their own
    (a netting funder without one is not named; ``jobcenter (net of city)`` when both)."""
    (first, own), *netted = group
    paying = [f for f, shares in netted if at_year(shares, year)]
    if not at_year(own, year):
        return " + ".join(paying) or first
    return f"{first} (net of {', '.join(paying)})" if paying else first


def at_year(shares: list[float], year: int) -> float:
    """The share of tenure year ``year`` (from 0): the list's last holds for later years."""
    return shares[min(year, len(shares) - 1)]


def as_years(share: FunderShare) -> list[float]:
    """A share as its list by tenure year (one number: a list of one, for every year)."""
    return share.by_tenure_year if isinstance(share, TenureShares) else [share]


NOT_DRAWN = {
    "simulation": "the seed and the replications are fixed before any draw, so a draw of "
                  "them changes nothing; give them in simulation or with --seed and -n",
    "period": "every replication runs the same months, which the figures are summed "
              "over; give the horizon in period, or compare horizons with finsim "
              "sensitivity --param",
    "uncertainty": "a draw cannot change the distributions it is drawn from",
}
"""Top-level blocks a draw cannot vary, and why: a draw of the seed ran as if drawn and
changed nothing; a drawn horizon stopped the run with an internal error."""


def _uncertainty_problems(scn: Scenario) -> list[tuple[str, str]]:
    from .replace import _reaches_shares, block_refusal  # replace imports this module

    unread = unread_blocks(scn)  # a path into one is not known; a draw reads them all
    data = scn.model_dump(exclude=unread)
    # shares refused as written are said once (``_share_problems``), not again per draw
    shares_refused = not unread and bool(_netting_refused(scn) or _share_problems(
        scn.funding, scn.period.simulate_from or scn.period.start))
    problems = []
    for path, dist in scn.uncertainty.items():
        if why := NOT_DRAWN.get(path.split(".", 1)[0]):
            problems.append((f"uncertainty.{path}", why))
            continue
        if path.split(".", 1)[0] in unread:
            continue
        try:
            value = get_path(data, path)
        except PathError as err:
            problems.append((f"uncertainty.{path}", _missing_item(data, path)
                             or f"not a parameter path: {err}"))
            continue
        applied = "a factor (scale: true) scales" if dist.scale else "a draw sets"
        if block := block_refusal(scn, path, applied):
            problems.append((f"uncertainty.{path}", block))
            continue
        if numbers_list(value) and not dist.scale:
            problems.append((f"uncertainty.{path}", list_refusal(path, value, applied,
                                                                  "scale: true")))
            continue
        if not number_or_schedule(value) and not numbers_list(value):
            problems.append((f"uncertainty.{path}", "the value there is not a number: "
                             "expected the path of a number or a schedule of numbers to draw"))
            continue
        if not unread and not (shares_refused and _reaches_shares(path)):
            problems += _bound_problems(scn, path, dist)
    return problems


def _missing_item(data: dict, path: str) -> str | None:
    """Why a draw names an item its list does not hold, and how to drop the draw: a
    base's draw on a funder that the file's ``funding: !replace`` left out runs on
    nothing; the file's own ``null`` for the draw takes it out (README, Scenarios)."""
    parts, start = path.split("."), 0
    for named in item_ids(path):
        start = parts.index(named, start)
        block = ".".join(parts[:start])
        ids = [str(item["id"]) for item in get_path(data, block)
               if isinstance(item, dict) and item.get("id") is not None]
        if named not in ids:
            return (f"draws on {block}.{named}, which is not in the scenario's {block} "
                    f"(its ids: {', '.join(ids) or 'none'}; a list given with !replace "
                    "takes out its base's items); drop the draw with "
                    f"uncertainty: {{{path}: null}} in the file that gives the list, or "
                    "name an item the list has")
    return None


def _bound_problems(scn: Scenario, path: str, dist: Distribution) -> list[tuple[str, str]]:
    """A bounded distribution's ends must be values the run takes, or some draws would
    stop the run halfway; checked now, before any work, by the run's own check of a draw
    (``draws.refusal``: the field's bounds and the rules across fields a draw
    reaches, a funder's share in ``covers`` with the other funders' shares), once per
    end and without validating the whole scenario again. An unbounded family has no
    ends: it is refused where every run stops (``draws.certain_stop``)."""
    from .draws import certain_stop, refusal  # draws imports the models and replace

    if not dist.bounded:  # no ends: refused only if every run stops (else a warning)
        why = certain_stop(scn, path, dist)
        return [] if why is None else [(f"uncertainty.{path}", why)]
    for name, end in (("low", dist.low), ("high", dist.high)):
        if (why := refusal(scn, path, end)) is not None:
            refused = (_factor_refused(scn, path, end, why) if dist.scale
                       else _bound_refused(path, end, why))
            return [(f"uncertainty.{path}.{name}", refused)]
    return []


def _bound_refused(path: str, end: float, why: str) -> str:
    """An end's refusal as the value's own line in the file body says it: the reason, the
    end given and, where a share is refused, how a share is written (21 meant as 21 %:
    0.21)."""
    percent = written.percent_hint(end) if written.share_refused(path, why) else ""
    return f"not an allowed value of {path}: {why} (given: {end:g}){_dash(percent)}"


def _factor_refused(scn: Scenario, path: str, end: float, why: str) -> str:
    """A factor's refusal (``scale: true``) with the product the run refuses and the
    factor where refusals begin: the reason alone is the parameter's bound, and "expected
    less than 1 (given: 60)" read as a factor below 1, where placement 0.02 takes any
    factor below 50; a factor is no share, so no percent hint."""
    from .draws import edge, refusal
    from .replace import current

    product = _product(current(scn, path), end)
    text = f"not an allowed factor (scale: true) for {path}: {product}, {why} (given: {end:g})"
    if refusal(scn, path, 1.0) is not None:
        return text  # the file's own value refused too: no factor to name
    at = edge(scn, path, 1.0, end, why)[0]
    shown = float(f"{at:g}")
    exact = refusal(scn, path, shown) is None
    most = end > 1
    return (f"{text}; the {'largest' if most else 'smallest'} factor allowed is "
            f"{'' if exact else 'just below ' if most else 'just above '}{shown:g}")


def _product(value: object, factor: float) -> str:
    """What a factor makes of the value it scales: ``0.75 x 1.34 = 1.005``; of a
    schedule or a list, their smallest and largest (``0.5 to 0.75 x 1.5 = 0.75 to
    1.125``)."""
    values = list(value.values()) if isinstance(value, dict) else (
        value if isinstance(value, list) else [value])
    low, high = min(values), max(values)
    if low == high:
        return f"{_plain(low)} x {factor:g} = {_plain(low * factor)}"
    ends = sorted((low * factor, high * factor))
    return (f"{_plain(low)} to {_plain(high)} x {factor:g} = {_plain(ends[0])} to "
            f"{_plain(ends[1])}")


def _plain(value: float) -> str:
    """A number as a reader writes it, ten digits at most, no float noise (0.75 x 1.34
    is 1.005, not 1.0050000000000001) and no exponent below 1e10."""
    return f"{value:,.10g}"


def _benefit_problems(scn: Scenario) -> list[tuple[str, str]]:
    """Amounts by household type need the attribute, and exactly its values."""
    pb = scn.passive_benefits
    mix = scn.participants.mix
    if pb.attribute is not None and pb.attribute not in mix:
        known = ", ".join(mix) or "none"
        return [("passive_benefits.attribute",
                 f"attribute '{pb.attribute}' is not in participants.mix ({known})")]
    amounts = [(f"passive_benefits.{where}", a) for where, a in pb.amounts()]
    amounts += [(f"funding.{f.id}.transfer.per_person_month", f.transfer.per_person_month)
                for f in scn.funding if f.transfer and f.transfer.per_person_month is not None]
    problems = []
    for path, amount in amounts:
        if not by_value(amount):
            continue
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


def budget_key(budget: str) -> str:
    """A budget as compared: as a reader tells it (``id_key``: in any case, in any
    encoding of its letters), since ``Kommune`` and ``kommune`` are one budget to a reader
    (``_lookalike_id_problems`` refuses two spellings)."""
    return id_key(budget)


def near_misses(names: list[str]) -> Callable[[str], str | None]:
    """What tells, of a name, the one of ``names`` it is a near miss of (``lnd`` for
    ``land``, ``hoff`` for ``hof``), compared as a reader tells ids (``id_key``); None
    where it reads as one of them or none is near: a typo that makes a thing of its own,
    not a refusal. The keys of ``names`` are taken once, for every name a check asks of."""
    keys = {id_key(n): n for n in names}
    known = list(keys)

    def meant(name: str) -> str | None:
        key = id_key(name)
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        return None if key in keys or not near else keys[near[0]]

    return meant


SHARE_SUM_TOLERANCE = 1e-9
"""How far a budget mapping's shares may add up from 1 (float noise of decimal shares)."""


def _budget_share_problems(scn: Scenario) -> list[tuple[str, str]]:
    """A budget mapping (``budget: {land: 0.6, eu: 0.4}``) splits each amount over its
    budgets: every share in (0, 1], together 1, so that no cent is lost or won; and a
    funder taking from a budget's saving (``limited_to``, ``transfer``) names that one
    budget, whose saving it takes."""
    problems = []
    low, high = BUDGET_SHARE["exclusiveMinimum"], BUDGET_SHARE["maximum"]
    for f in scn.funding:
        if not isinstance(f.budget, dict):
            continue
        where = f"funding.{f.id}.budget"
        total = sum(f.budget.values())
        whole = abs(total - 1.0) <= SHARE_SUM_TOLERANCE  # {land: 1.2, eu: -0.2}: no percent
        problems += [(f"{where}.{budget}", f"share {share:g} of budget '{budget}' is outside "
                      f"({low:g}, {high:g}]; expected a share above {low:g} and at most "
                      f"{high:g}" + _dash("" if whole else written.percent_hint(share)))
                     for budget, share in f.budget.items() if not low < share <= high]
        if not whole:
            shares = ", ".join(f"{b}: {v:g}" for b, v in f.budget.items())
            problems.append((where, f"the budgets' shares add up to {total:g} ({shares}); "
                             "expected them to add up to 1" + _in_percent(f.budget, total)))
        if f.transfers:
            key = "limited_to" if f.limited_to else "transfer"
            problems.append((where, f"a funder with {key} pays from the one budget whose "
                             "saving it takes; expected one budget id, not a mapping"))
    return problems


def _dash(hint: str) -> str:
    """A hint after a check's message, as ``errors.Problem`` writes one."""
    return f" — {hint}" if hint else ""


def _in_percent(shares: dict[str, float], total: float) -> str:
    """How shares written in percent (``{land: 60, eu: 40}``, together 100) are written."""
    if abs(total - 100) > SHARE_SUM_TOLERANCE * 100:
        return ""
    meant = ", ".join(f"{b}: {written.as_share(v)}" for b, v in shares.items())
    return f" — shares, not percent: {{{meant}}}"


def _transfer_problems(scn: Scenario) -> list[tuple[str, str]]:
    """The Passiv-Aktiv-Transfer and budgets: what each rule needs to be meaningful.
    Budgets are compared as a reader tells them (``budget_key``): two spellings of one are
    refused on their own, and must not also slip past the rules here."""
    problems = []
    payers = {budget_key(p) for p in scn.passive_benefits.payers}
    private = {budget_key(b) for f in scn.funding if not f.public for b in f.budget_shares}
    public = {budget_key(b) for f in scn.funding if f.public for b in f.budget_shares}
    def funders(budget: str, public: bool) -> str:
        return ", ".join(f.id for f in scn.funding if f.public == public
                         and budget in map(budget_key, f.budget_shares))

    for budget in sorted(private & public):
        problems.append(("funding", f"budget '{budget}' holds public funders "
                                    f"({funders(budget, True)}) and non-public ones "
                                    f"({funders(budget, False)}); give them different budgets"))
    for budget in sorted(private & {*payers, *map(budget_key, scn.returns)}):
        problems.append(("funding", f"budget '{budget}' of a non-public funder "
                                    f"({funders(budget, False)}) also saves benefits or "
                                    "receives returns; expected a public budget there"))
    for f in scn.funding:
        where = f"funding.{f.id}"
        # a transfer is money its budget saves on benefits, limited to them or not
        if f.transfers and budget_key(f.budget_id) not in payers:
            known = (", ".join(scn.passive_benefits.payers)
                     or "none: passive_benefits is not split by payer")
            problems.append((f"{where}.budget", f"budget '{f.budget_id}' avoids no benefits, "
                             f"so nothing can be transferred; payers: {known}"))
        if f.limited_to and (f.covers == "remainder" or f.categories != {"wages"}):
            problems.append((f"{where}.limited_to", "limited_to: benefits_avoided is for a "
                             "funder that covers a share of wages only"))
        if f.transfer and f.covers != "remainder" and not {"wages", "total"} & f.categories:
            problems.append((f"{where}.transfer", "a transfer finances wage money: this "
                             "funder covers no wages"))
    return problems + _net_of_problems(scn.funding) + _shared_saving_problems(scn)


def _net_of_problems(funders: list[Funder]) -> list[tuple[str, str]]:
    """Each funder's ``net_of``: share funders listed before it, each once."""
    remainder = {g.id for g in funders if g.covers == "remainder"}
    problems = []
    seen: list[str] = []
    for f in funders:
        where = f"funding.{f.id}"
        for k, other in enumerate(f.net_of):
            if other in f.net_of[:k]:
                problems.append((f"{where}.net_of", f"'{other}' given twice: what it paid "
                                 "would be netted twice"))
            elif other == f.id:
                problems.append((f"{where}.net_of", f"'{other}' is this funder itself: "
                                 "net_of names the funders listed before it whose money "
                                 "counts against its share"))
            elif other in remainder:
                problems.append((f"{where}.net_of", f"'{other}' covers the remainder and is "
                                 "applied last, so nothing of it can be netted"))
            elif other not in seen:
                problems.append((f"{where}.net_of", NOT_BEFORE.format(
                    other=other, funder=f.id, seen=", ".join(seen) or "none")))
        if f.net_of and f.covers == "remainder":
            problems.append((f"{where}.net_of", "the remainder funder already takes only what "
                             "others leave; net_of is for share funders"))
        seen.append(f.id)
    return problems


def _netting_refused(scn: Scenario) -> set[str]:
    """The funders whose ``net_of`` is refused (``_net_of_problems``): what their shares
    add up to with others' is not known until it is fixed."""
    return {path.removeprefix("funding.").removesuffix(".net_of")
            for path, _ in _net_of_problems(scn.funding)}


NOT_BEFORE = "'{other}' is not a funder listed before '{funder}' ({seen})"
"""Why a funder's ``net_of`` names one that comes after it (``load.in_base_order`` says
where a base decided the order)."""


def not_before(message: str) -> tuple[str, str] | None:
    """``(other, funder)`` of a ``NOT_BEFORE`` refusal, else None."""
    pattern = re.escape(NOT_BEFORE).replace(r"\{other\}", "(.+)").replace(
        r"\{funder\}", "(.+)").replace(r"\{seen\}", ".*")
    match = re.fullmatch(pattern, message)
    return (match.group(1), match.group(2)) if match else None


def _takes_saving(f: Funder) -> bool:
    """The funder takes from its budget's benefit saving, at most that saving."""
    return f.limited_to is not None or (f.transfer is not None
                                        and f.transfer.limited_to is not None)


def _overlap(f: Funder, g: Funder) -> bool:
    """Whether two funders are in force in a common month (``from``/``until``)."""
    first = max(f.from_ or "", g.from_ or "")
    return first <= min(f.until or "9999-12", g.until or "9999-12")


def _shared_saving_problems(scn: Scenario) -> list[tuple[str, str]]:
    """A budget saves a person's benefits once. Funders with a ``transfer`` block share
    the saving in list order (``transfer.py``); a funder ``limited_to`` it pays out of it
    in the allocation, where the per-person share left by another would have to be
    carried through caps and dated rules, so it is refused beside another funder of its
    budget taking from the saving in the same months (reported at the later one)."""
    problems = []
    taking = [f for f in scn.funding if _takes_saving(f)]
    for k, f in enumerate(taking):
        budget = budget_key(f.budget_id)
        earlier = [g.id for g in taking[:k] if budget_key(g.budget_id) == budget
                   and _overlap(f, g) and (f.limited_to or g.limited_to)]
        if earlier:
            verb = "takes" if len(earlier) == 1 else "take"
            key = "limited_to" if f.limited_to else "transfer"
            problems.append((f"funding.{f.id}.{key}", f"budget '{f.budget_id}' saves "
                             f"each person's benefits once, and {', '.join(earlier)} "
                             f"already {verb} from that saving in the same months; "
                             "expected a funder limited_to benefits_avoided to be the only "
                             "one of its budget taking from the saving then (merge their "
                             "shares into one funder, or give them different months with "
                             "from/until)"))
    return problems
