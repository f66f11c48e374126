"""Dotted parameter paths: one address for a value in every place that needs one.

``providers.cjd.slots`` reads the ``slots`` of the provider whose ``id`` is ``cjd``;
``funding.jobcenter.covers.wages`` a funder's share; items of a list without ids by
position (``employment.modifiers.0.placement``). The same paths serve
``--set``, ``uncertainty`` and sensitivity ranges, so they work on the plain data
(dicts and lists) a scenario file loads into, before and after validation.
"""

from __future__ import annotations

import copy
import math
import re
from fnmatch import fnmatchcase
from itertools import pairwise
from types import UnionType
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

import pydantic
from pydantic.fields import FieldInfo

from .kdu_share import resolve_kdu_share
from .minimum_wage import MINIMUM_WAGE, resolve_hourly
from .model import Scenario
from .schedule import Month, in_force_at
from .written import german_month

_MONTH_KEY = re.compile(r"^\d{4}-\d{2}$")
_YEAR_KEY = re.compile(r"^\d{4}$")

ONE_VALUE = ("*.covers", "funding.*.budget", "*.when", "participants.mix.*", "uncertainty.*",
             "prices.*", "passive_benefits.per_person_month", "passive_benefits.by_payer.*",
             "passive_benefits.parts.*", "funding.*.transfer.per_person_month")
"""Mappings that are one value, not a block of keys (``*``: any key): a funder's shares,
its budgets' shares (``{land: 0.6, eu: 0.4}``), a condition, an attribute's mix shares, a
distribution, a price index by year, a benefit amount by household value. ``base:``
replaces them whole, as it does every schedule by month, so a child's value never keeps a
stray key (a year, a household value, a budget) of the base's."""
OVERRIDING = ("employment", "costs")
"""A provider's blocks (``providers.<id>.employment``, ``.costs``) that override the
program's block of the same name key by key: a key the provider does not write is the
program's (``Scenario.employment_for``)."""
COLLECTIONS = ("participants.mix", "uncertainty", "returns", "passive_benefits.by_payer")
"""Mappings keyed by the user's own names (attributes, parameter paths, budgets, payers):
merged key by key, but an empty one (``{}``) replaces the base's: none."""


class PathError(KeyError):
    """A dotted path that does not lead to a value."""

    def __str__(self) -> str:
        return str(self.args[0])


def german_month_in(path: str) -> str | None:
    """Why a path with a German month in it (``costs.wages.hourly.01.2027``) is refused,
    or None: its dot parts the path, which then read ``01`` as the month, quoted as no
    month of the base file's schedule."""
    parts = path.split(".")
    for text in (f"{a}.{b}" for a, b in pairwise(parts)):
        if german_month(text):
            try:
                Month.parse(text)
            except ValueError as err:
                return str(err)
    return None


_BRACKETS = re.compile(r"^(?P<name>[^\[\]]+)\[\s*['\"]?(?P<index>[^\[\]'\"]*?)['\"]?\s*\]$")
"""A key written with a list index in brackets, ``qualification[0]`` (``['q1']``)."""


def bracket_problem(data: dict, path: str) -> str | None:
    """Why a path with a list index in brackets (``costs.qualification[0].cost``) names
    nothing, or None: ``--set`` would write a new key of that name, refused then as a
    misspelt copy of ``qualification`` ("remove one"), which helped nobody."""
    node: Any = data
    parts = path.split(".")
    while parts:
        key, parts = _next_key(node, parts)
        if why := _bracketed(node, key, path):
            return why
        try:
            node = _child(node, key, path)
        except PathError:
            return None
    return None


def _bracketed(node: Any, key: str, path: str) -> str | None:
    """The paths that work for ``key`` written as ``name[index]`` where ``node`` holds
    the list ``name``: by the item's id and by position, as a dotted path names them."""
    found = _BRACKETS.match(key)
    if not (found and isinstance(node, dict) and isinstance(node.get(found["name"]), list)):
        return None
    items, index = node[found["name"]], found["index"]
    head, _, tail = path.partition(key)
    tail = re.sub(r"\[\s*['\"]?([^\[\]'\"]*?)['\"]?\s*\]", r".\1", tail)  # later brackets

    def named(item: str) -> str:
        return f"{head}{found['name']}.{item}{tail}"

    if not re.fullmatch(r"-?\d+", index):
        return f"a list's item is named with a dot, not brackets: {named(index)} (by id)"
    dot = "a list's item is named with a dot, not brackets"
    if not -len(items) <= int(index) < len(items):
        ids = ", ".join(str(item["id"]) for item in items
                        if isinstance(item, dict) and item.get("id") is not None)
        return (f"{dot}: {named('<id>')} or {named('<position>')} (ids: {ids or 'none'}; "
                + (f"positions 0 to {len(items) - 1})" if items else "no items)"))
    position = int(index) % len(items)
    forms = [f"{named(str(position))} (by position)"]
    if isinstance(item := items[position], dict) and item.get("id") is not None:
        forms.insert(0, f"{named(str(item['id']))} (by id)")
    return f"{dot}: {' or '.join(forms)}"


def _child(node: Any, key: str, path: str) -> Any:
    if isinstance(node, dict):
        if key not in node and key.isdigit() and int(key) in node:  # a year of a loaded index
            return node[int(key)]
        if key not in node and (why := _bracketed(node, key, path)):
            raise PathError(why)
        if key not in node:
            known = ", ".join(map(str, node)) or "none"
            raise PathError(f"no key '{key}' (has: {known})")
        return node[key]
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item.get("id") == key:
                return item
        if key.isdigit() and int(key) < len(node):  # a list without ids: by position
            return node[int(key)]
        ids = [str(item["id"]) for item in node if isinstance(item, dict)
               and item.get("id") is not None]
        if key.isdigit() and ids:  # a position past the last (no id is this number)
            raise PathError(f"no item at position {key} (positions 0 to {len(node) - 1}) "
                            f"nor with id '{key}' (ids: {', '.join(ids)})")
        if ids or not node:
            raise PathError(f"no item with id '{key}' (ids: {', '.join(ids) or 'none'})")
        raise PathError(f"no item '{key}': this list's items have no ids; address them by "
                        f"position, 0 to {len(node) - 1}")
    if node is None:
        raise PathError(f"'{key}' is in a block the scenario does not give; write the block "
                        "(e.g. a funder's payment terms) first")
    raise _below_plain(node, key, path)


def _below_plain(node: Any, key: str, path: str) -> PathError:
    """A key asked of a plain value: say which value it is and to set it whole (a
    remainder funder's ``covers.wages``: its covers is ``remainder``, not shares)."""
    cut = path.rfind(f".{key}")
    parent = path[:cut] if cut > 0 else ""
    if not parent:
        return PathError(f"'{key}' is below a plain value")
    return PathError(f"'{key}' is below a plain value: {parent} is {node!r}, not a block of "
                     f"keys; set it whole ({parent}=...)")


def _next_key(node: Any, parts: list[str]) -> tuple[str, list[str]]:
    """The next key of a path and the parts after it. In a dict the longest run of parts
    that is a key wins, so the dotted keys of ``uncertainty`` are addressable too
    (``uncertainty.employment.hazards.placement.high``)."""
    if isinstance(node, dict):
        for n in range(len(parts), 1, -1):
            key = ".".join(parts[:n])
            if key in node:
                return key, parts[n:]
    return parts[0], parts[1:]


def get_path(data: dict, path: str) -> Any:
    """The value at a dotted path."""
    node: Any = data
    parts = path.split(".")
    while parts:
        key, parts = _next_key(node, parts)
        node = _child(node, key, path)
    return node


def in_force(data: dict, path: str) -> Any:
    """The value that acts at a dotted path, written there or not: the one grammar of
    ``--set`` and ``--param``, so a sensitivity point can be run on its own. A month a
    schedule does not write (``participants.referrals_per_month.2026-06``) or a month of a
    named series (``costs.wages.hourly.2027-01`` of ``minimum_wage``) is the schedule's
    value in force that month; a key a provider's override does not write
    (``providers.cjd.employment.hazards.placement``) is the program's value it would
    override; a field of the format the file does not write is the model's default
    (``_unwritten``), None where it acts as none (a funder's ``cap_total``, or
    ``payment.lag_months`` of a funder without payment terms). A key the format does not
    know below such a block raises a ``PathError`` naming it (``_default_below``); any
    other path missing raises ``get_path``'s."""
    try:
        return get_path(data, path)
    except PathError as err:
        missing = err
    if (dated := new_dated_key(data, path)) is not None:
        return get_path(dated.copied, dated.rest)
    parent, _, key = path.rpartition(".")
    if parent and _MONTH_KEY.match(key) and (schedule := _schedule_at(data, parent)):
        return in_force_at(schedule, key)
    if (program := _program_path(data, path)) is not None:
        return in_force(data, program)
    found, value = _unwritten(data, path)
    if found:
        return value
    raise missing


def _unwritten(data: dict, path: str) -> tuple[bool, Any]:
    """Whether ``path`` leads through the blocks ``data`` writes to a field of the format
    it leaves out, and that field's value then: its default, or below a block left out,
    the block's default's (None below a block that is none by default, as a funder's
    ``payment`` or ``transfer``: none of its terms act). Ids and positions of list items
    are looked up in ``data``; a path that names no field is (False, None)."""
    node: Any = data
    cls: type[pydantic.BaseModel] | None = Scenario
    parts = path.split(".")
    while parts and cls is not None:
        key, parts = _next_key(node, parts)
        named = _field(cls, key)
        if named is None:
            return False, None
        if not isinstance(node, dict) or key not in node:
            return _default_below(named[1], parts)
        node, cls = node[key], model_in(named[1].annotation)
        if cls is not None and _holds_items(named[1].annotation) and parts:
            try:  # a list of models: the next key is an item's id or position
                key, parts = _next_key(node, parts)
                node = _child(node, key, path)
            except PathError:
                return False, None
    return False, None


def _default_below(field: FieldInfo, parts: list[str]) -> tuple[bool, Any]:
    """The default of ``field``, or of the field ``parts`` name below it, descending
    through the defaults of the blocks it holds (None below a block that is None). A key
    no field of such a block names raises ``PathError`` with the keys the block takes:
    the key is what is wrong, not the block the file leaves out
    (``funding.<id>.payment.bogus`` of a funder without payment terms)."""
    value = None if field.is_required() else field.get_default(call_default_factory=True)
    for key in parts:
        cls = model_in(field.annotation)
        if cls is None or _holds_items(field.annotation):
            return False, None
        named = _field(cls, key)
        if named is None:
            raise PathError(f"unknown key '{key}' (expected: {', '.join(keys_of(cls))})")
        name, field = named
        value = getattr(value, name, None)
    return True, value


def keys_of(cls: type[pydantic.BaseModel]) -> list[str]:
    """The keys a model takes, as a file writes them, in the order of its page."""
    return [f.alias or name for name, f in cls.model_fields.items()]


def _field(cls: type[pydantic.BaseModel], key: str) -> tuple[str, FieldInfo] | None:
    """The attribute name and field of ``cls`` that ``key`` names (by name or alias:
    ``from``)."""
    return next(((name, f) for name, f in cls.model_fields.items() if key in (name, f.alias)),
                None)


def _holds_items(annotation: Any, kinds: tuple[type, ...] = (list, dict)) -> bool:
    """A field of several models (``list[Provider]``, ``dict[str, Distribution]``; only
    those of ``kinds``)."""
    return get_origin(annotation) in kinds or any(
        _holds_items(arg, kinds) for arg in get_args(annotation))


def item_ids(path: str) -> list[str]:
    """The keys of ``path`` that name an item of a list of the format's blocks by its id
    (``funding.land_esf.until``: ``land_esf``), found by the model's fields, not by the
    data: what names a funder or a provider, never a key of the user's mapping."""
    cls: type[pydantic.BaseModel] | None = Scenario
    parts, ids = path.split("."), []
    while parts and cls is not None and (named := _field(cls, parts[0])) is not None:
        annotation = named[1].annotation
        cls, parts = model_in(annotation), parts[1:]
        if _holds_items(annotation, (list,)) and parts:
            ids.append(parts.pop(0))
        elif _holds_items(annotation, (dict,)):
            break  # a mapping's keys are the user's own names
    return ids


def model_in(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The model class a field's type holds (``Costs``, ``list[Provider]``, ``X | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    return next(filter(None, map(model_in, get_args(annotation))), None)


def field_bounds(path: str) -> tuple[float, float] | None:
    """The lowest and highest number the format's field at ``path`` takes by its own
    constraints (``funding.esf.payment.lag_months``: 0 to 120; ``returns.<budget>``: 0
    to 1), list items named by id or position, a mapping's items by their keys; None
    where it has no upper bound or ``path`` names no such field (a schedule's month, a
    draw). A value the bounds refuse in one reading can only be meant in the other."""
    annotation: Any = Scenario
    metadata: list[Any] = []
    for key in path.split("."):
        annotation, metadata = _below(annotation, key)
        if annotation is None:
            return None
    bounds = stated_bounds(metadata)
    low = max((v for name, v in bounds if name in ("ge", "gt")), default=-math.inf)
    high = min((v for name, v in bounds if name in ("le", "lt")), default=None)
    return None if high is None else (low, high)


def takes_number(path: str) -> bool:
    """Whether the format's field at ``path`` takes a number: its type holds an int or a
    float, or its own validator reads it (``Any``: a schedule, a funder's ``covers``), and
    what lies inside one (a schedule's month, a share of ``budget``); an ``uncertainty``
    draw's bound too. Not a text, a yes/no, a block, or a key the format does not know
    (refused as such, not as a number)."""
    keys = path.split(".")
    if keys[0] == "uncertainty" and len(keys) > 2:  # the draw's key is a dotted path
        keys = [keys[0], ".".join(keys[1:-1]), keys[-1]]
    return _number_below(Scenario, keys)


def _number_below(annotation: Any, keys: list[str]) -> bool:
    """Whether the value that ``keys`` name below a value of ``annotation`` may be a
    number (``takes_number``)."""
    origin = get_origin(annotation)
    if annotation is Any:
        return True
    if origin is Annotated:
        return _number_below(get_args(annotation)[0], keys)
    if origin in (Union, UnionType):
        return any(_number_below(kind, keys) for kind in get_args(annotation))
    if not keys:
        return annotation in (int, float)
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        named = _field(annotation, keys[0])
        return named is not None and _number_below(named[1].annotation, keys[1:])
    return origin in (list, dict) and _number_below(get_args(annotation)[-1], keys[1:])


def stated_bounds(metadata: list[Any]) -> list[tuple[str, float]]:
    """The bounds a field's constraints state, in their order, as (``ge``, ``gt``,
    ``le`` or ``lt``, the number): the one reading of them, for the checks
    (``field_bounds``) and the format's reference page (its range column)."""
    return [(name, getattr(item, name)) for item in metadata
            for name in ("ge", "gt", "le", "lt") if getattr(item, name, None) is not None]


def _below(annotation: Any, key: str) -> tuple[Any, list[Any]]:
    """The type ``key`` names below a value of ``annotation`` (a model's field, a list's
    or a mapping's item) with the constraints on it; (None, []) where it names none."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        named = _field(annotation, key)
        return (None, []) if named is None else unwrapped(named[1].annotation,
                                                           list(named[1].metadata))
    if get_origin(annotation) in (list, dict):
        return unwrapped(get_args(annotation)[-1], [])
    return None, []


def unwrapped(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """``annotation`` without ``| None`` and its ``Annotated`` layers, whose constraints
    join ``metadata`` (a ``Share``'s 0 to 1)."""
    kinds = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) not in (list, dict, Annotated) and len(kinds) == 1:
        annotation = kinds[0]  # X | None
    if get_origin(annotation) is not Annotated:
        return annotation, metadata
    inner, *extra = get_args(annotation)
    for item in extra:
        metadata = [*metadata, *(item.metadata if isinstance(item, FieldInfo) else [item])]
    return unwrapped(inner, metadata)


class NewDated(NamedTuple):
    """A path through a date its mapping of blocks by date does not write
    (``funding.land_esf.covers.2029-01.staff``): the mapping's path, the new date, the
    key it copies (the one in force just before it), that block and the path inside it."""

    mapping: str
    date: str
    since: str
    copied: dict
    rest: str

    def note(self, value: str, lang: str = "en") -> str:
        """The line that says so, with what the path is given (``0.2``, ``0.3:0.5``)."""
        if lang == "en":
            return (f"{self.mapping}.{self.date}: a new dated rule, copied from "
                    f"{self.since}'s with {self.rest} {value}")
        return (f"{self.mapping}.{self.date}: ein neuer Regelsatz ab diesem Datum, kopiert "
                f"von dem ab {self.since}, mit {self.rest} {value}")


def new_dated_key(data: dict, path: str) -> NewDated | None:
    """``NewDated`` of ``path`` where a part of it is a date that a mapping of blocks by
    date (a funder's ``covers`` rule sets) does not write, and a key inside it follows:
    a new dated rule starts from the one in force just before its date with only that
    key changed, for ``--set`` and ``--param`` alike (made from nothing, it covered
    nothing else: the Land's material and qualification fell to the employers in
    silence). None for any other path; a date before the mapping's first is refused, as
    no rule is in force there to start from."""
    parts = path.split(".")
    for at in range(1, len(parts) - 1):
        if not _MONTH_KEY.match(parts[at]):
            continue
        mapping = ".".join(parts[:at])
        try:
            held = get_path(data, mapping)
        except PathError:
            return None
        if not (_is_schedule(held) and all(isinstance(v, dict) for v in held.values())) \
                or parts[at] in held:
            return None
        return _copied_rule(held, mapping, parts[at], ".".join(parts[at + 1:]))
    return None


def _copied_rule(held: dict, mapping: str, date: str, rest: str) -> NewDated:
    """``new_dated_key``'s answer for the date ``date`` new in ``held`` (at ``mapping``)."""
    try:
        at = Month.parse(date)
    except ValueError as err:
        raise PathError(str(err)) from None
    earlier = sorted((k for k in held if Month.parse(str(k)) < at), key=Month.parse)
    if not earlier:
        first = min(map(str, held), key=Month.parse)
        raise PathError(f"'{date}' is a new date before the first, {first}, when no rule is "
                        f"in force to start from: write the whole rule ({mapping}.{date}="
                        "{...})")
    return NewDated(mapping, date, str(earlier[-1]), copy.deepcopy(held[earlier[-1]]), rest)


def written(data: dict, path: str, value: Any) -> tuple[str, Any]:
    """Where to write ``value`` so that ``path`` holds it and every other value stays in
    force (``in_force``): a month of a named series, or of a schedule only the program
    writes (a provider's override without it), is the whole schedule in force with that
    month set, written at the schedule's own path; a key in a new date of a mapping of
    blocks by date is the block in force before it with that key set (``new_dated_key``);
    any other path as it is (``set_path`` makes the blocks it needs, a provider's
    override too)."""
    if (dated := new_dated_key(data, path)) is not None:
        return (f"{dated.mapping}.{dated.date}",
                set_path(dated.copied, dated.rest, value))
    parent, _, key = path.rpartition(".")
    if not parent or not _MONTH_KEY.match(key) or parent.split(".")[0] == "uncertainty":
        return path, value
    try:
        own = get_path(data, parent)
    except PathError:
        own = None
    if isinstance(own, dict) and _series(own, parent) is None:
        return path, value  # a schedule written there: the month joins it
    schedule = _schedule_at(data, parent)
    return (parent, {**schedule, key: value}) if schedule else (path, value)


def _schedule_at(data: dict, path: str) -> dict | None:
    """The schedule in force at ``path`` (a named series as the schedule it stands for);
    None if no schedule is (a plain number, a block, nothing)."""
    try:
        value = in_force(data, path)
    except PathError:
        return None
    series = _series(value, path)
    if series is not None:
        return series
    if isinstance(value, dict) and value and all(_MONTH_KEY.match(str(k)) for k in value):
        return value
    return None


YEARLY = ("cap_per_year",)
"""Schedules read once a calendar year, in its January (``schedule.yearly``): a date in
the middle of a year counts from the next year."""


def date_months(data: dict, path: str, first: Month, months: int) -> list[Month] | None:
    """The months of the horizon (``months`` from ``first``) in which the value written at a
    schedule's date acts (``participants.referrals_per_month.2026-06``): a date is a step,
    so from its month until the schedule's next date, to the end if none (and before the
    schedule's first date, where it is the first); a yearly cap's from the January of the
    year it counts for. None where ``path`` is no date of a schedule."""
    parent, _, key = path.rpartition(".")
    if not parent or not _MONTH_KEY.match(key) or parent.split(".")[0] == "uncertainty":
        return None
    schedule = _schedule_at(data, parent)
    if schedule is None:
        return None
    try:
        at, dates = Month.parse(key), {Month.parse(str(k)) for k in schedule}
    except ValueError:  # not a month (2026-13): validation names it
        return None
    dates = sorted(dates | {at})
    yearly = parent.rsplit(".", 1)[-1] in YEARLY
    out = []
    for month in (first + i for i in range(months)):
        read = Month(month.year, 1) if yearly else month
        if max((d for d in dates if d <= read), default=dates[0]) == at:
            out.append(month)
    return out


def _series(value: Any, path: str) -> dict | None:
    """The schedule a word stands for: ``minimum_wage`` (or a schedule ending in it) at an
    hourly wage, a Land code at the federal KdU share; None for any other value."""
    try:
        if path.rsplit(".", 1)[-1] == "hourly" and (value == MINIMUM_WAGE or (
                isinstance(value, dict) and MINIMUM_WAGE in value.values())):
            return dict(resolve_hourly(value))
        if path.endswith(".kdu_federal_share") and isinstance(value, str):
            return dict(resolve_kdu_share(value))
    except ValueError:  # not the word: validation says what is expected
        return None
    return None


def _program_path(data: dict, path: str) -> str | None:
    """The program's path a provider's override stands over (``providers.cjd.costs.X`` ->
    ``costs.X``) where the provider does not write it; None for any other path."""
    parts = path.split(".")
    if len(parts) < 4 or parts[0] != "providers" or parts[2] not in OVERRIDING:
        return None
    try:
        node = get_path(data, ".".join(parts[:2]))
    except PathError:
        return None
    for key in parts[2:]:
        if not isinstance(node, dict):
            return None  # a value the provider writes (a list, a number): its own
        if node.get(key) is None:
            return ".".join(parts[2:])
        node = node[key]
    return None


def path_id(item: Any) -> str | None:
    """The id a dotted path names the list item ``item`` by (``providers.cjd``), or None
    where its id cannot name it (none, not text, blank, blanks around it, a dot): its
    position does then, as a refused id in its place misleads (``funding.-1.id`` reads
    as index -1, ``funding..id`` as a typo, ``funding.True.id`` as a key)."""
    ident = item.get("id") if isinstance(item, dict) else None
    return (ident if isinstance(ident, str) and ident and ident == ident.strip()
            and "." not in ident else None)


def named_path(data: Any, path: str) -> str:
    """``path`` with each list item named by its id where it has one (``providers.0.slots``
    -> ``providers.cjd.slots``): the form problems name paths in."""
    node, named, parts = data, [], path.split(".")
    while parts:
        key, parts = _next_key(node, parts)
        try:
            child = _child(node, key, path)
        except PathError:
            return ".".join([*named, key, *parts])
        if isinstance(node, list) and path_id(child) is not None:
            key = path_id(child)
        named.append(key)
        node = child
    return ".".join(named)


def set_path(data: dict, path: str, value: Any) -> dict:
    """A copy of ``data`` with the value at ``path`` replaced (the last key may be new;
    a month of a named series or of the program's schedule under a provider: ``written``).
    A new entry of ``uncertainty`` is keyed by the whole parameter path after it
    (``uncertainty.costs.wages.hourly``), as in the file, not nested blocks."""
    path, value = written(data, path, value)
    result = copy.deepcopy(data)
    head, _, rest = path.partition(".")
    block = result.get(head, {}) if isinstance(result, dict) else None
    if head == "uncertainty" and rest and isinstance(block, dict | None):
        block = block or {}
        if _next_key(block, rest.split("."))[0] not in block:
            result[head] = {**block, rest: value}
            return result
    node: Any = result
    parts = path.split(".")
    while True:
        key, parts = _next_key(node, parts)
        if not parts:
            break
        if isinstance(node, dict) and key not in node:
            node[key] = {}  # a new block; validation refuses it if the key is unknown
        node = _child(node, key, path)
    if isinstance(node, dict):
        node[key] = value
    elif isinstance(node, list):
        item = _child(node, key, path)
        if isinstance(item, dict) and item.get("id") == key:  # an item named by its id
            if not isinstance(value, dict):
                raise PathError(f"'{key}' is an item of a list: give a mapping of its keys "
                                f"(e.g. {{id: {key}, ...}}) or set one key ({path}.KEY=VALUE)")
            value = {"id": key, **value}  # the item keeps the id it is named by
        node[node.index(item)] = value
    else:
        raise _below_plain(node, key, path)
    return result


def replace_path(data: Any, path: str, value: Any) -> Any:
    """``data`` with the value at ``path`` replaced, copying only the containers on the
    path: untouched branches are shared, so a draw per replication stays cheap."""
    key, rest = _next_key(data, path.split("."))
    if isinstance(data, list):
        item = _child(data, key, path)
        new = replace_path(item, ".".join(rest), value) if rest else value
        return [new if i is item else i for i in data]
    if not rest:
        return {**data, key: value}
    return {**data, key: replace_path(_child(data, key, path), ".".join(rest), value)}


def deep_merge(base: Any, override: Any, path: str = "",
               replaced: list[str] | None = None, whole: frozenset[str] = frozenset()) -> Any:
    """``override`` laid over ``base``: dicts merge key by key, id-lists merge by id, and
    anything else (a plain value, a schedule, ``[]``) replaces the base's, as does a value
    at a path in ``whole`` (a list the file tagged ``!replace``). ``replaced`` (if given)
    collects the dotted paths (items named by id) whose values the override replaced or
    added: what it sets, for a ``--set`` of a mapping to hold those alone."""
    if path in whole:
        return _added(override, path, replaced)
    if isinstance(base, dict) and isinstance(override, dict) and not _replaced_whole(
        path, base, override
    ):
        merged = dict(base)
        for key, value in override.items():
            child = f"{path}.{key}" if path else str(key)
            merged[key] = deep_merge(base[key], value, child, replaced, whole) if key in base \
                else _added(value, child, replaced)
        return merged
    if _is_id_list(base) and _is_id_list(override):
        merged_items = {item["id"]: item for item in base}
        for item in override:
            old, child = merged_items.get(item["id"]), f"{path}.{item['id']}"
            merged_items[item["id"]] = (deep_merge(old, item, child, replaced, whole) if old
                                        else _added(item, child, replaced))
        return list(merged_items.values())
    return _added(override, path, replaced)


def _added(value: Any, path: str, replaced: list[str] | None) -> Any:
    """A copy of ``value``, which replaces or adds the value at ``path`` (noted there)."""
    if replaced is not None:
        replaced.append(path)
    return copy.deepcopy(value)


def _replaced_whole(path: str, base: dict, override: dict) -> bool:
    """Dicts an override replaces rather than merges (``ONE_VALUE``, schedules, an empty
    collection), so an override never leaves stray base keys behind."""
    return any(fnmatchcase(path, pattern) for pattern in ONE_VALUE) \
        or _is_schedule(base) or _is_schedule(override) \
        or (not override and path in COLLECTIONS)


def _is_schedule(value: dict) -> bool:
    """Keyed by months (``2026-01``) or years (``2027``, an index by year)."""
    return bool(value) and (all(_MONTH_KEY.match(str(key)) for key in value)
                            or all(_YEAR_KEY.match(str(key)) for key in value))


def _is_id_list(value: Any) -> bool:
    """A list of items with plain ids (an id that is a list or mapping is the validation's
    to refuse, not a key to merge by); not an empty list, which means none."""
    return isinstance(value, list) and bool(value) and all(
        isinstance(i, dict) and isinstance(i.get("id"), str | int | float) for i in value)
