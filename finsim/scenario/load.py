"""Load a scenario file: safe YAML, ``base:`` inheritance, ``--set`` overrides, validation.

Every problem in a file is collected and raised together as a ``ScenarioError`` so a
user fixes a file in one pass. Files are read and parsed by ``reader`` (a safe loader
with limits). A problem names the file and line a value was written on, and quotes the
value only if the user wrote it in the scenario named or on the command line: a base
file's own text is never echoed (its ids the user wrote too, months and numbers are).
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import pairwise
from os.path import commonprefix
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pydantic
import yaml

from .. import extensions
from ..nouns import counted
from ..registry import ADDED_CATEGORIES, ADDED_RULE_KINDS
from . import caseload, checks, datafiles, limits, loaded, model, raw, reader, written
from .errors import BOUNDS, Problem, Refusal, ScenarioError, error_message, inside, suggest
from .kdu_share import LandShare
from .minimum_wage import MINIMUM_WAGE, table_factor, unpadded
from .paths import (
    PathError,
    bracket_problem,
    deep_merge,
    field_bounds,
    german_month_in,
    get_path,
    in_force,
    item_ids,
    keys_of,
    model_in,
    named_path,
    new_dated_key,
    path_id,
    set_path,
)
from .schedule import (
    EXAMPLE_MONTH,
    Month,
    is_month_key,
    number_or_schedule,
    numbers_list,
    scale,
    schedules_in,
    written_after_later,
)
from .syntax import NBSP_INDENT, non_breaking_keys

CEILINGS = {limits.MAX_MONTHS, limits.MAX_AMOUNT_EUR, limits.MAX_HOURS_PER_WEEK,
            limits.MAX_REPLICATIONS, limits.MAX_SEED, limits.MAX_PROVIDERS, limits.MAX_FUNDERS,
            limits.MAX_MODULES, limits.MAX_FACTOR}
"""Upper bounds of model fields that are finsim's own ceilings, named as such in a refusal."""

def _numeric(annotation: Any) -> bool:
    """Whether a field takes a number alone (``int``, ``float``, ``float | None``)."""
    if annotation in (int, float):
        return True
    if get_origin(annotation) is Annotated:  # a share, a monthly probability
        return _numeric(get_args(annotation)[0])
    kinds = [a for a in get_args(annotation) if a is not type(None)]
    return get_origin(annotation) in (Union, UnionType) and bool(kinds) \
        and all(map(_numeric, kinds))


@dataclass(frozen=True)
class FieldKinds:
    """The format's keys by what they take wherever they appear, for ``raw``'s checks
    before pydantic reads the values: ``numbers`` (``raw.booleans`` says a number goes
    there; text there, ``"78.000"``, is refused), ``texts`` (a name, an id, a month:
    ``raw.booleans`` says text goes there where no YAML reading is to blame) and
    ``flags`` (``public``, ``scale``, ``pro_rata``'s yes, no or ``months``...: the only
    places for ``true`` and ``false``)."""

    names: frozenset[str]
    numbers: frozenset[str]
    texts: frozenset[str]
    flags: frozenset[str]


def field_kinds() -> FieldKinds:
    """The keys of the format as it is now: a category or rule kind registered after
    finsim was imported (``register_category``, ``register_rule_kind``) adds fields to
    the models, and its number fields are to refuse text as the built-in ones do."""
    return _field_kinds(tuple(ADDED_CATEGORIES), tuple(ADDED_RULE_KINDS))


@cache
def _field_kinds(categories: tuple[type, ...], kinds: tuple[type, ...]) -> FieldKinds:
    """``field_kinds`` for the registrations given (the cache's key: the models change
    only when they do)."""
    fields = [(name, info) for cls in _models() for field_name, info in cls.model_fields.items()
              for name in {field_name, info.alias or field_name}]
    names = {name for name, _ in fields}
    return FieldKinds(
        names=frozenset(names),
        numbers=frozenset(names - {n for n, f in fields if not _numeric(f.annotation)}),
        texts=frozenset(names - {n for n, f in fields if f.annotation not in (str, str | None)}),
        flags=frozenset(n for n, f in fields
                        if f.annotation is bool or bool in get_args(f.annotation)))


def _models() -> list[type[pydantic.BaseModel]]:
    """The models of the format: those of ``scenario.model`` and every model a field of
    one holds (a registered category's block and patch), however deep."""
    found = [cls for cls in vars(model).values()
             if isinstance(cls, type) and issubclass(cls, pydantic.BaseModel)]
    for cls in found:  # grows as it goes
        for info in cls.model_fields.values():
            found += [m for m in _held(info.annotation) if m not in found]
    return found


def _held(annotation: Any) -> list[type[pydantic.BaseModel]]:
    """The models an annotation names (``TravelCosts``, ``TravelPatch | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _held(arg)]


@dataclass(frozen=True)
class Origin:
    """Where a value of the merged scenario was written: file and line, and whether a
    problem with it may quote it (only values the user wrote in the scenario named or on
    the command line; a base file's own text is never echoed: ``_unquoted``)."""

    file: str
    line: int | None
    quote: bool = True
    from_set: bool = False
    """Given on the command line (``--set``), not written in a file."""
    text: str | None = None
    """What a ``--set`` gave after ``=``, to quote as written where it read as null (an
    empty value, ``~``): the value itself would be quoted as Python's ``None``."""
    renamed: tuple[str, str] | None = None
    """(the id it had, the ``--set`` as written) for an item a ``--set`` renamed
    (``providers.werkhof.id=hof``): a line that only follows from its old id going
    (``_after_renames``) says so, or is left out where the rename is refused itself."""
    python: bool = False
    """Given in a Python call's overrides (``PythonOverride``): a null there is the
    ``None`` the user passed, quoted as such, not as the ``null`` of its text."""


SET = " (--set)"
"""After the scenario's file name: a value given on the command line with ``--set``."""
WITH_SET = " (with --set)"
"""After a file and line: a problem whose values come from there and from ``--set``."""

Origins = dict[str, Origin]
"""Dotted path -> where it was written."""

Override = str | tuple[str, str]
"""``PATH=VALUE`` given with ``--set``, or (the option that gave it, ``PATH=VALUE``): a
problem with the value then names that option (``--as-of``), which is what the user
wrote, not ``--set``."""


class PythonOverride(str):
    """``PATH=VALUE`` made from a Python call's overrides (``{"name": None}``): its text
    is finsim's (``name=null``), so a problem quotes the value, not the text."""


def load_scenario(path: str | Path, sets: list[Override] | tuple[Override, ...] = (),
                  period_checked: bool = True) -> model.Scenario:
    """The validated scenario in ``path``, after ``base:`` and the ``--set`` overrides.
    ``period_checked`` False: the caller moves the period and validates the moved
    scenario (``size --start``), so the checks that hang on the period's dates wait for
    that (``minimum_wage`` in a seed from 2013 planned for 2027 is no problem)."""
    path = Path(path)
    data, origins, dropped, moved, near, kept, lone = _read_with_bases(path, ())
    try:
        scn = with_sets(data, sets, str(path), path.parent, origins,
                        period_checked=period_checked, near=near)
    except ScenarioError as err:
        raise _without_extensions(err, path) from None
    scn._folder = path.parent.absolute()
    scn._over_base = moved
    scn._kept_base = kept
    scn._lone_replace = lone
    scn._base_keys = base_keys(origins)
    scn._unordered = unordered_keys(data, origins)
    scn._held_by_file = tuple(p for p in dict.fromkeys(dropped)
                              if p not in scn.uncertainty and p not in scn._held_by_set)
    loaded.mark(scn, str(path), tuple(s[1] if isinstance(s, tuple) else s for s in sets))
    return scn


def with_sets(data: dict, sets: list[Override] | tuple[Override, ...], file: str,
              folder: Path | None, origins: Origins,
              files: datafiles.Files | None = None,
              period_checked: bool = True, near: tuple[NearBase, ...] = ()) -> model.Scenario:
    """The scenario of ``data`` (read from ``file``, or a loaded scenario's) with the
    ``--set`` overrides applied, a relative data-file path meaning one in ``folder``
    (None: as given), validated (``files`` and ``near``: as for ``validate``) and
    ``mark_held``: the steps of ``load_scenario`` and of ``finsim.load`` on a loaded
    scenario alike. ``origins`` (where each value was written; updated) name a refused
    value's place."""
    held = apply_sets(data, sets, file, origins)
    if folder is not None:
        held = caseload.anchored(held, folder)
    return mark_held(validate(held, file, origins, files, period_checked, near,
                              _start_of(data)), data, held, sets)


def scenario_from_dict(data: dict, source: str = "<scenario>",
                       files: datafiles.Files | None = None) -> model.Scenario:
    """Validate plain data (e.g. a scenario with drawn parameters) into a Scenario;
    ``files``: the data files of the scenario it comes from (``datafiles.of``), used for
    the paths it names too, not read again."""
    return validate(data, source, {}, files)


def resolved_data(scn: model.Scenario) -> dict:
    """The scenario as plain data, every default filled in: what ``finsim show`` prints."""
    data = scn.model_dump(mode="json", exclude_none=True)
    data.pop("base", None)
    return data


def reloadable_data(scn: model.Scenario) -> dict:
    """``resolved_data`` to be validated again (a moved period, values set): a Land's KdU
    share stays its Land code, so the new period is checked against the Land's table as
    the file's was (its dump, a schedule, would hold its first year before it)."""
    data = resolved_data(scn)
    parts = scn.passive_benefits.parts
    share = None if parts is None else parts.kdu_federal_share
    if isinstance(share, LandShare):
        data["passive_benefits"]["parts"]["kdu_federal_share"] = share.land
    return data


def sets_on_loaded(scn: model.Scenario, sets: list[Override] | tuple[Override, ...],
                   file: str, period_checked: bool = True) -> model.Scenario:
    """A loaded scenario with ``sets`` applied and validated again, as ``load_scenario``
    would its file: a relative path next to its file, its data files not read again,
    its base's near-miss ids kept; a refused value named by ``file``."""
    return with_sets(reloadable_data(scn), sets, file, datafiles.folder(scn), {},
                     datafiles.of(scn), period_checked, added_near_base(scn))


def parse_set(text: str, source: str = "--set", as_written: bool = True,
              data: dict | None = None) -> tuple[str, Any]:
    """Split ``PATH=VALUE``; VALUE is a YAML scalar or flow collection (``as_written``: as
    ``reader.parse``; not for a Python call's overrides, finsim's JSON of its values).
    A factor (``*0.9``, ``sensitivity --param``'s) is refused with the value it means at
    ``data``'s path (``factor_refusal``)."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise ScenarioError([Problem(source, written.file_text(text), "expected PATH=VALUE, e.g. "
                                     "providers.cjd.slots=45", show_value=False)])
    if as_written and raw.strip().startswith("*"):  # YAML read it as an alias
        raise ScenarioError([factor_refusal(path.strip(), raw.strip(), source, data)])
    try:
        value, node = reader.parse(raw, as_written)
    except yaml.YAMLError as err:
        if as_written and (commas := decimal_commas(reader.composed(raw), raw, path.strip())):
            raise _commas_refused(source, commas, lines=False) from None
        message, line = reader.problem_text(err, raw, "the value")
        where = path.strip()
        if isinstance(err, reader.LimitError):  # at the path into the value, where known
            where, message = ".".join(filter(None, (where, err.path))), err.problem
        else:
            message = f"the value is not valid YAML: {message.removeprefix('YAML syntax error: ')}"
        problem = Problem(source, where, message, show_value=False,
                          hint=_comma_on_line(raw, line) if as_written else "")
        raise ScenarioError([problem]) from None
    if as_written and (commas := decimal_commas(node, raw, path.strip())):  # not JSON's
        raise _commas_refused(source, commas, lines=False)
    return path.strip(), value


FACTOR_SET = ("--set takes a value, not a factor: {factor} scales a value in sensitivity "
              "--param {path}=*LOW:HIGH")
"""Why ``--set PATH=*0.9`` is refused (YAML read it as an alias: "expected alphabetic or
numeric character, but found '.'")."""


def factor_refusal(path: str, factor: str, source: str, data: dict | None) -> Problem:
    """The one line for a factor given to ``--set``: write the value, the value a
    sensitivity point at that factor runs (``factor_value``), in full, with the base
    value it is of, where ``data`` (the scenario before this ``--set``) validates and
    holds a number, a schedule or a list of numbers at ``path``."""
    from .draws import is_whole, rounded

    hint = "write the value"
    try:
        times = float(factor[1:])
    except ValueError:
        times = None
    value = None if times is None or data is None else factor_value(data, path)
    if value is not None:
        product = scale(value, times)
        product = rounded(product) if is_whole(value) else ten_digits(unpadded(product))
        hint = (f"write the value: {path}={written.file_text(product, None)} "
                f"({_word_or_value(value)} x {times:g})")
    return Problem(source, path, FACTOR_SET.format(factor=factor, path=path),
                   show_value=False, hint=hint)


def ten_digits(value: Any) -> Any:
    """``value`` with each float rounded to ten significant digits, so a product reads as
    a reader writes it (76,766 x 0.9 is 69089.4, not 69089.40000000001; 0.713 x 0.9 is
    0.6417): every value of a schedule or a list."""
    if isinstance(value, dict):
        return {key: ten_digits(item) for key, item in value.items()}
    if isinstance(value, list):
        return [ten_digits(item) for item in value]
    return float(f"{value:.10g}") if isinstance(value, float) else value


def factor_value(data: dict, path: str) -> Any:
    """The value a factor scales at ``path`` of ``data``, as a sensitivity point takes it
    (``replace.value_in_force`` of the validated scenario: a table named by a word as its
    schedule, a whole number only where the model holds one, not every integer the file
    writes: 78915 x 0.9 is 71023.5); None where ``data`` does not validate or holds no
    number, schedule or list of numbers there."""
    from .replace import value_in_force

    try:
        value = value_in_force(scenario_from_dict(data, "--set"), path)
    except (ScenarioError, PathError):
        return None
    if isinstance(value, str) or not (number_or_schedule(value) or numbers_list(value)):
        return None
    return value


def _word_or_value(value: Any) -> str:
    """The base value as the file may write it: a table by its word (``minimum_wage``, a
    Land code), any other value as written (cut at 200 characters)."""
    if isinstance(value, LandShare):
        return value.land
    if table_factor(value) == 1:
        return MINIMUM_WAGE
    return written.file_text(value, 200)


def apply_sets(data: dict, sets: list[Override] | tuple[Override, ...], file: str,
               origins: Origins | None = None) -> dict:
    """``data`` with each ``PATH=VALUE`` applied in order; ``origins`` (updated) then
    say that the values each one sets come from the command line.

    A mapping is merged into the value at PATH by the rule of ``base:`` (``_set``), so
    ``providers.cjd={slots: 7}`` is ``providers.cjd.slots=7``.

    A value set on the command line is meant to hold: if the scenario draws that same
    parameter in ``uncertainty`` (replacing it), or one a mapping sets
    (``employment.hazards={placement: ...}``), or the schedule a set month is part of,
    the draw is dropped. A ``scale: true`` draw stays, and multiplies the value set.

    The same path set twice is refused, as a ``--cap`` or ``--param`` given twice is:
    the last value won without a word. So is a path set with a path inside it
    (``employment.hazards`` and ``employment.hazards.placement``): the order decided.
    """
    problems, given = [], {}
    for override in sets:
        option, text = override if isinstance(override, tuple) else (None, override)
        try:
            path, value = parse_set(text, option or f"{file}{SET}",
                                    not isinstance(override, PythonOverride), data)
            if "" in (part.strip() for part in path.split(".")):  # '.a.b' set a key '' at the top
                raise PathError("expected a dotted path without an empty key (a leading, "
                                "trailing or doubled dot), e.g. providers.cjd.slots")
            if month := german_month_in(path):  # 01.2027 read 01 as the base's month
                raise PathError(month)
            if "[" in path and (why := bracket_problem(data, path)):  # set a new key
                raise PathError(why)
            if path.split(".")[0].strip() == "base":  # the bases are read: it would do nothing
                raise PathError("a base is named in the scenario file (base: ...), not with "
                                "--set, which changes values once the bases are read")
            before = data
            data, held = _set(data, path, value)
            data = _without_draws_of(_without_set_nulls(before, data, option or f"{file}{SET}"),
                                     held)
            named = named_path(data, path)
            _refuse_overlap(given, named, written.file_text(text))
            given[named] = written.file_text(text)
        except ScenarioError as err:
            problems += err.problems
            continue
        except PathError as err:
            problems.append(Problem(option or f"{file}{SET}",
                                    written.file_text(text.partition("=")[0]),
                                    str(err), show_value=False))
            continue
        if origins is not None:
            for leaf in held:
                for key in [k for k in origins if k.startswith(leaf + ".")]:
                    del origins[key]
                origins[leaf] = Origin(option or f"{file}{SET}", None, from_set=True,
                                       text=text.partition("=")[2] if leaf == named else None,
                                       python=isinstance(override, PythonOverride))
            if (renamed := _renamed(before, named, value)) is not None:
                _rekeyed(origins, *renamed, written.file_text(text), file)
    if problems:
        raise ScenarioError(problems)
    return data


def _renamed(data: dict, named: str, value: Any) -> tuple[str, str] | None:
    """(the item's path, its path after) where a ``--set`` at the named path ``named``
    gives a list item of ``data`` (before it) another id: ``funding.land_esf.id=gap``."""
    item, _, key = named.rpartition(".")
    within, _, old = item.rpartition(".")
    try:
        renamed = key == "id" and isinstance(get_path(data, within), list) \
            and isinstance(value, str | int | float) and str(value) != old
    except PathError:
        return None
    return (item, f"{within}.{value}") if renamed else None


def _rekeyed(origins: Origins, old: str, new: str, text: str, file: str) -> None:
    """``origins`` of the item at ``old`` moved to its new path ``new`` (its values are
    still where the file wrote them), the item itself now the ``--set`` ``text``'s, as
    written: a problem with its new id names the set that gave it, not the file's line
    (``file (--set funding.land_esf.id=gap): funding.gap: 'gap' cannot be a funder
    id``)."""
    for key in [k for k in origins if k.startswith(old + ".")]:
        origins.setdefault(new + key[len(old):], origins[key])
        del origins[key]
    origins[new] = Origin(f"{file} (--set {text})", None, from_set=True,
                          renamed=(old.rpartition(".")[2], text))


def _after_renames(problems: list[Problem], origins: Origins) -> list[Problem]:
    """``problems`` of the checks across fields, a line that only follows from an id a
    ``--set`` renamed (an uncertainty path through it: ``no item with id 'land_esf'``)
    left out where the rename is refused itself, else said to follow from it."""
    for origin in [o for o in origins.values() if o.renamed is not None]:
        old, text = origin.renamed
        refused = any(p.file == origin.file for p in problems)
        follows = [p for p in problems if f"no item with id '{old}'" in p.message
                   or f".{old}, which is not in the scenario's" in p.message]
        problems = [p for p in problems if p not in follows] if refused else [
            replace(p, hint=f"--set {text} renames it") if p in follows else p
            for p in problems]
    return problems


def _refuse_overlap(given: dict[str, str], named: str, text: str) -> None:
    """Refuse ``text``, which sets the named path ``named``, if a path given before it
    (``given``: named path -> its ``PATH=VALUE``) is the same, lies inside it or holds
    it: the later one won without a word, so the order of the overrides decided."""
    earlier = next((path for path in given if _holds(path, named)), None)
    if earlier is None:
        return
    both = f"({given[earlier]} and {text})"
    if earlier == named:
        raise PathError(f"given twice {both}: set each path once")
    if named.startswith(earlier + "."):
        raise PathError(f"given inside a path also given {both}: set each value once, in "
                        "the mapping or by its own path")
    raise PathError(f"given with a path inside it {both}: set each value once, in the "
                    "mapping or by its own path")


def mark_held(scn: model.Scenario, before: dict, after: dict,
              sets: list[Override] | tuple[Override, ...]) -> model.Scenario:
    """``scn`` (validated from ``after``, the data ``before`` with ``sets`` applied)
    marked with the uncertain parameters whose draws a set dropped (``held_by_set``) and
    with the period start before the sets if they moved it (``moved_start``)."""
    texts = [text[1] if isinstance(text, tuple) else text for text in sets]
    named = [named_path(after, text.partition("=")[0].strip()) for text in texts]
    scn._new_rules = _new_rules(before, texts)
    kept = _uncertain(after)
    scn._held_by_set = tuple(p for p in _uncertain(before) if p not in kept and any(
        _holds(given, named_path(after, p)) for given in named))
    own = _start_of(before)
    if own is not None and str(own) != scn.period.start:
        scn._own_start = str(own)
    scn._set_over = replaced_values(before, sets)
    period = _months_of(before)
    if period is not None and period != _simulated(scn):
        scn._own_period = period
    return scn


def _new_rules(before: dict, texts: list[str]) -> tuple[tuple[Any, str], ...]:
    """The sets among ``texts`` (``PATH=VALUE``) that write a key of a new dated rule in
    ``before`` (``paths.new_dated_key``), each key with its value as written: two sets
    into the same new date (its staff and its material) are both said."""
    out = []
    for text in texts:
        path, _, value = text.partition("=")
        try:
            dated = new_dated_key(before, path.strip())
        except PathError:
            continue
        if dated is not None:
            out.append((dated, written.file_text(value.strip())))
    return _merged_rules((), tuple(out))


def _rule_key(dated: Any) -> str:
    """The path a new dated rule's note is about: its mapping, date and key."""
    return f"{dated.mapping}.{dated.date}.{dated.rest}"


def _merged_rules(old: tuple[tuple[Any, str], ...], new: tuple[tuple[Any, str], ...],
                  sets: tuple[model.SetOver, ...] = ()) -> tuple[tuple[Any, str], ...]:
    """``old``'s new dated rules' keys, then ``new``'s, in order, each key once: a key
    given again (in ``new``, or set again by ``sets`` once its date exists) holds its
    later value in its first place."""
    by_key = {_rule_key(d): (d, v) for d, v in old}
    for dated, value in new:
        by_key[_rule_key(dated)] = (by_key.get(_rule_key(dated), (dated,))[0], value)
    for given in sets:
        if given.path in by_key:
            by_key[given.path] = (by_key[given.path][0], written.file_text(given.typed))
    return tuple(by_key.values())


def new_rule_notes(scn: model.Scenario, lang: str = "en") -> list[str]:
    """A line per new dated rule a ``--set`` made (``_new_rules``): the rule it copies
    and every key the sets change there, said rather than left for a reader of ``show``
    to find."""
    rules: dict[tuple[str, str], list[tuple[Any, str]]] = {}
    for dated, value in scn._new_rules:
        rules.setdefault((dated.mapping, dated.date), []).append((dated, value))
    return [first.note(value, lang) + "".join(f", {d.rest} {v}" for d, v in more)
            for (first, value), *more in rules.values()]


def replaced_values(before: dict, sets: list[Override] | tuple[Override, ...]
                    ) -> tuple[model.SetOver, ...]:
    """Each ``PATH=VALUE`` given as such (``--set``, a Python call's overrides; not an
    option that sets a key, ``--as-of``, which the outputs name themselves) with the value
    ``before`` acts with there (``in_force``): the outputs say what the figures rest on
    beside the file's own description, which the sets made untrue."""
    out = []
    for text in sets:
        if isinstance(text, tuple):
            continue
        path, _, typed = (part.strip() for part in text.partition("="))
        origin = "overrides" if isinstance(text, PythonOverride) else "--set"
        if origin == "overrides":  # its value as a file writes it, not finsim's JSON of it
            typed = written.file_text(json.loads(typed), None)
        try:
            out.append(model.SetOver(path, typed, in_force(before, path), True, origin))
        except PathError:
            out.append(model.SetOver(path, typed, origin=origin))
    return tuple(out)


def carry_private(old: model.Scenario, new: model.Scenario) -> model.Scenario:
    """``new``, rebuilt from ``old``'s data (a moved period, values set on a loaded
    scenario, a value replaced), with everything private of ``old`` that its data does
    not hold: the data files it read (``datafiles.carry``: those ``new`` names, from
    memory), and the marks its loading left: the draws a ``--set`` or a file over its
    base held (unless ``new`` draws them again), the folder of its file, and the file's
    own period start (unless ``new`` starts there again) and its start over its base's.
    Lost, ``size`` planned a moved period at the new year's prices without the warning."""
    datafiles.carry(datafiles.of(old), new)
    again = set(new.uncertainty)
    new._held_by_set = tuple(dict.fromkeys(
        [*(p for p in old._held_by_set if p not in again), *new._held_by_set]))
    new._held_by_file = tuple(p for p in old._held_by_file
                              if p not in again and p not in new._held_by_set)
    new._folder = new._folder or old._folder
    new._ran_from = new._ran_from or old._ran_from
    new._over_base = new._over_base or old._over_base
    new._near_base = new._near_base or old._near_base
    new._kept_base = new._kept_base or old._kept_base
    new._lone_replace = new._lone_replace or old._lone_replace
    new._new_rules = _merged_rules(old._new_rules, new._new_rules, new._set_over)
    new._own_slots = new._own_slots or old._own_slots
    new._set_over = _later_sets(old._set_over, new._set_over)
    new._base_keys = new._base_keys or old._base_keys
    new._unordered = new._unordered or old._unordered
    new._own_period = old._own_period or new._own_period or (
        _simulated(old) if _simulated(old) != _simulated(new) else None)
    own = old._own_start or new._own_start
    new._own_start = own if own != new.period.start else None
    return new


def _later_sets(old: tuple[model.SetOver, ...], new: tuple[model.SetOver, ...]
                ) -> tuple[model.SetOver, ...]:
    """``old``'s sets and ``new``'s, a path set again holding its later value and the one
    the first replaced (``new``'s own was ``old``'s set value)."""
    by_path = {s.path: s for s in old}
    for s in new:
        first = by_path.get(s.path, s)
        by_path[s.path] = replace(s, before=first.before, found=first.found)
    return tuple(by_path.values())


def moved_start(scn: model.Scenario) -> str | None:
    """The scenario file's own ``period.start`` when a ``--set`` moved the period (its
    plain prices then count from the new first year: a sanity warning says so)."""
    return scn._own_start


def moved_over_base(scn: model.Scenario) -> tuple[str, str, str] | None:
    """(the scenario file, the start its bases resolve to, its own start) when the file
    starts the period elsewhere than its bases do: its plain prices, as a ``--set``
    move's, then count from its own first year (a sanity warning says so)."""
    return scn._over_base


def base_keys(origins: Origins) -> frozenset[str]:
    """The dated keys (``path.YYYY-MM``, a price index's ``prices.KIND.YYYY``) that a base
    file wrote (``Scenario._base_keys``): neither the file named (its values are quoted)
    nor a ``--set``."""
    return frozenset(path for path, o in origins.items() if not o.quote and not o.from_set and (
        is_month_key(key := path.rpartition(".")[2])
        or (path.startswith("prices.") and key.isdigit())))


def unordered_keys(data: dict, origins: Origins) -> tuple[tuple[str, str, str, str | None,
                                                                 str], ...]:
    """Each key of a schedule in ``data`` (as read, its keys in the order written) that
    the file named wrote after a later month (``schedule.written_after_later``), with its
    schedule's path, its neighbours as written and its file and line
    (``Scenario._unordered``): not a base file's, nor a key a ``--set`` replaced
    (``origins``, updated by the sets, no longer hold it), nor the uncertainty's."""
    out = []
    for path, schedule in schedules_in(data):
        for key, before, after in written_after_later(schedule):
            origin = origins.get(f"{path}.{key}")
            if origin is not None and origin.quote and origin.line and not origin.from_set \
                    and not path.startswith("uncertainty."):
                out.append((path, key, before, after, f"{origin.file}:{origin.line}"))
    return tuple(out)


def added_near_base(scn: model.Scenario) -> tuple[NearBase, ...]:
    """The items a file added over its base without a name whose id is a near miss of a
    base item's (``_near_base``), still in the scenario (a sanity warning asks)."""
    return scn._near_base


NearBase = tuple[str, str, str, str]
"""(list path, the id added, the base's id it is a near miss of, the base as written)."""


def _near_base(base_data: dict, data: dict, base: str, whole: frozenset[str]
               ) -> tuple[NearBase, ...]:
    """Each item of an id list (``checks.ID_LISTS``) that ``data`` adds over
    ``base_data`` without a name, whose id is a near miss of one the base has
    (``checks.near_misses``: ``hoff`` for ``hof``): written to change the base's item, it
    adds one of its own (a provider with its own slots) while the base's keeps its values.
    A list in ``whole`` (tagged ``!replace``) keeps none of the base's."""
    found = []
    for where in checks.ID_LISTS:
        if where in whole:
            continue
        ids = [str(item["id"]) for _, item in checks.id_items(base_data, where)]
        near_miss = checks.near_misses(ids)
        for _, item in checks.id_items(data, where):
            new = str(item["id"])
            meant = None if item.get("name") or new in ids else near_miss(new)
            if meant is not None:
                found.append((where, new, meant, base))
    return tuple(found)


def kept_from_base(scn: model.Scenario) -> tuple[KeptBase, ...]:
    """The id lists to which a file added items over its base while naming none of the
    base's, so that it kept them all (``_kept_base``; a sanity warning asks)."""
    return scn._kept_base


KeptBase = tuple[str, tuple[str, ...], tuple[str, ...], str]
"""(list path, the ids the file added, the ids of the base's items kept, the base as
written)."""


def _kept_base(base_data: dict, data: dict, base: str, whole: frozenset[str],
               near: tuple[NearBase, ...]) -> tuple[KeptBase, ...]:
    """Each id list (``checks.ID_LISTS``) to which ``data`` adds items over ``base_data``
    while naming none of the base's: a list written as the whole (the providers of a
    program in another city) that keeps every item of the base's, as lists merge by id.
    Not a list tagged ``!replace`` (in ``whole``), nor one with an item added as a near
    miss of a base id (``near``: that warning says what was meant). A file that names
    one of the base's items knows they are there: it adds to them. A single new item is
    warned of too: a program for another city with one provider, written over the
    Dortmund file, would otherwise plan ten in silence; a variant that means to add a
    tenth names one of the base's items, and the warning says so."""
    found = []
    for where in checks.ID_LISTS:
        ids = [str(item["id"]) for _, item in checks.id_items(base_data, where)]
        added = tuple(dict.fromkeys(str(item["id"]) for _, item in checks.id_items(data, where)))
        if (ids and added and not set(added) & set(ids) and where not in whole
                and not any(n[0] == where for n in near)):
            found.append((where, added, tuple(ids), base))
    return tuple(found)


def replaced_without_base(scn: model.Scenario) -> tuple[LoneReplace, ...]:
    """The lists tagged ``!replace`` in a file without ``base:`` (``_lone_replace``; a
    sanity warning says the tag does nothing there)."""
    return scn._lone_replace


LoneReplace = tuple[str, str]
"""(the file and line of a list tagged ``!replace``, its dotted path)."""


def _lone_replace(path: Path, whole: frozenset[str], lines: dict[str, int]
                  ) -> tuple[LoneReplace, ...]:
    """Each list ``!replace`` tags in a file without ``base:``, at its file and line: the
    tag replaces a base's list, so here the list is read as without it; whoever wrote it
    expected a base."""
    return tuple((f"{path}:{lines[at]}" if at in lines else str(path), at)
                 for at in sorted(whole, key=lambda at: lines.get(at, 0)))


def _months_of(data: dict) -> tuple[str, str] | None:
    """The first and last month simulated by the period written in ``data``
    (``simulate_from`` or ``start``, to ``start`` + ``months`` - 1); None if it does not
    say them as months and a number."""
    period = data.get("period")
    start, months = _start_of(data), period.get("months") if isinstance(period, dict) else None
    if start is None or isinstance(months, bool) or not isinstance(months, int):
        return None
    try:
        first = Month.parse(str(period.get("simulate_from") or start))
    except ValueError:
        return None
    return str(first), str(Month.parse(start) + (months - 1))


def _simulated(scn: model.Scenario) -> tuple[str, str]:
    """The first and last month ``scn`` simulates (as ``_months_of`` its data's)."""
    return (scn.period.simulate_from or scn.period.start,
            str(scn.period.start_month + (scn.period.months - 1)))


def own_period(scn: model.Scenario) -> tuple[Month, Month] | None:
    """The first and last month simulated of the file's own period when a ``--set`` or
    ``size`` changed it (``Scenario._own_period``), else None."""
    return None if scn._own_period is None else (Month.parse(scn._own_period[0]),
                                                 Month.parse(scn._own_period[1]))


def _start_of(data: dict) -> str | None:
    """``period.start`` as written in ``data``; None if not there or no month (then a
    ``--set`` or a file over it replaced it, or validation refuses it): a start that
    never ran moved nothing."""
    period = data.get("period")
    start = period.get("start") if isinstance(period, dict) else None
    try:
        return None if start is None else str(Month.parse(str(start)))
    except ValueError:
        return None


def _over_base(file: str, base_start: str | None, start: str | None
               ) -> tuple[str, str, str] | None:
    """``moved_over_base``'s mark for a file starting at ``start`` over bases starting
    at ``base_start`` (``_start_of`` each): None where there is no base or the start
    stays in the same calendar year (then a move made deeper in the chain still holds)."""
    if base_start is None or start is None or base_start[:4] == start[:4]:
        return None
    return file, base_start, start


def held_by_set(scn: model.Scenario) -> tuple[str, ...]:
    """The uncertain parameters a ``--set`` holds at its value (``apply_sets`` dropped
    their draws), in the block's order: sensitivity's default ranges leave them out,
    which it says rather than analyse fewer parameters without a word."""
    return scn._held_by_set


def held_by_file(scn: model.Scenario) -> tuple[str, ...]:
    """The uncertain parameters of a base whose draws the file over it dropped, since it
    sets their values itself (and does not draw them again): as for ``held_by_set``,
    sensitivity says it leaves them out of its default ranges."""
    return scn._held_by_file


def _uncertain(data: dict) -> dict:
    block = data.get("uncertainty")
    return block if isinstance(block, dict) else {}


def _set(data: dict, path: str, value: Any) -> tuple[dict, list[str]]:
    """``data`` with ``value`` set at ``path``, and the named paths of what it sets. A
    mapping over a value is merged into it as a file over its base (``deep_merge``: a
    block key by key, a schedule or a funder's ``covers`` replaced whole), so it sets
    only the keys it gives: ``providers.cjd={slots: 7}`` is ``providers.cjd.slots=7``."""
    try:
        old = get_path(data, path) if isinstance(value, dict) else None
    except PathError:  # a new key: nothing to merge into (set_path says if it cannot be)
        old = None
    if old is None:
        result = set_path(data, path, value)
        return result, [named_path(result, path)]
    held: list[str] = []
    merged = deep_merge(old, value, named_path(data, path), held)
    return set_path(data, path, merged), held


def _without_draws_of(data: dict, given: list[str], again: frozenset[str] = frozenset()
                      ) -> dict:
    """``data`` without the draws (not ``scale: true``) that would replace a value set at
    one of the named paths ``given``, but those drawn ``again`` where it is set."""
    uncertainty = data.get("uncertainty")
    if not isinstance(uncertainty, dict):
        return data

    def replaces(key: object, dist: object) -> bool:
        if not isinstance(key, str) or not isinstance(dist, dict) or dist.get("scale"):
            return False
        drawn = named_path(data, key)
        return drawn not in again and any(_holds(path, drawn) for path in given)

    kept = {key: dist for key, dist in uncertainty.items() if not replaces(key, dist)}
    return data if len(kept) == len(uncertainty) else {**data, "uncertainty": kept}


def _holds(given: str, draw: str) -> bool:
    """Whether a value set at ``given`` holds the parameter drawn at ``draw``: the same
    path, a block that holds it, or a part of it (a month of a drawn schedule)."""
    return given == draw or draw.startswith(given + ".") or given.startswith(draw + ".")


def validate(data: Any, file: str, origins: Origins,
             files: datafiles.Files | None = None,
             period_checked: bool = True, near: tuple[NearBase, ...] = (),
             own_start: str | None = None) -> model.Scenario:
    """The Scenario for ``data``, or a ScenarioError listing every problem. The data
    files it names are read here, once, by the reads that check them (those in
    ``files`` are taken from there), and kept with it (``scenario.datafiles``). ``near``:
    the items its file added over its base as near misses of the base's (``_near_base``),
    kept with it before the checks, whose refusals name the id likely meant.
    ``own_start``: the period start before the overrides (``_start_of``), which an
    ``as_of`` before a moved start is weighed against (``_as_of_way``)."""
    extensions.load_extensions()  # their keys are the format's too
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, "", "expected a mapping of scenario keys "
                                     f"(name, period, participants, ...), not {_kind(data)}",
                                     show_value=False)])
    keys = field_kinds()
    data, written_as = raw.as_written(data, keys.texts, MONTH_KEYS)
    ambiguous = [_problem(file, origins, p, msg, text) for p, msg, text in
                 (*written_as, *raw.numbers_as_text(data, keys.numbers))]
    refused = [_problem(file, origins, p, msg, text)
               for p, msg, text in (*raw.control_characters(data),
                                    *raw.booleans(data, keys.flags, keys.numbers, keys.texts,
                                                  partial(_yaml_read, origins, file)))]
    refused += [_problem(file, origins, p, msg, show_value=False)
                for p, msg in raw.refused_tags(data)]
    data = raw.positive_zeros(data)
    duplicates = [_duplicate(file, origins, p, msg, index)
                  for p, msg, index in checks.duplicate_ids(data)]
    try:
        valid, fields = model.Scenario.model_validate(data), []
    except pydantic.ValidationError as err:  # every problem at once, a duplicate id's too
        valid, fields = None, _beside(refused, _pydantic_problems(err, data, file, origins))
    problems = [*refused, *duplicates, *_one_line_each(ambiguous, fields)]
    # with problems, the checks across fields read the blocks free of them: ids mixed up,
    # 78.000 read as 78 or a refused value would give lines that only follow from them
    scn = _sound_parts(data, problems) if problems or valid is None \
        else datafiles.carry(files or {}, valid)
    scn._near_base = near
    scn._renamed_by_set = frozenset(key for key, o in origins.items() if o.renamed)
    sound = not problems  # the model took every value: the data files can be read
    problems += [_problem(file, origins, p, in_base_order(msg, origins), show_value=False,
                          block=_item(p))
                 for p, msg in checks.cross_check(scn, period_checked)]
    if sound and not {p.path.split(".", 1)[0] for p in problems} & READ_WITH_DATA_FILES:
        problems += _data_file_problems(scn, file, origins, own_start)
    if problems:
        raise ScenarioError(in_line_order(_after_renames(problems, origins)))
    return scn


READ_WITH_DATA_FILES = frozenset({"period", "participants", "employment", "providers",
                                  "actuals"})
"""The blocks a caseload file and actual spells are read against (months, mix, slots,
``max_months``): a problem in another (a ``net_of`` typo) does not hold back theirs."""


def _data_file_problems(scn: model.Scenario, file: str, origins: Origins,
                        own_start: str | None) -> list[Problem]:
    """The problems of the data files a sound scenario names (its caseload file, its
    actual spells and booked costs), up to the first check that finds some: each later
    one reads what an earlier one checked."""
    try:
        _check_data_files(scn, file, origins, own_start)
    except ScenarioError as err:
        return err.problems
    return []


def _check_data_files(scn: model.Scenario, file: str, origins: Origins,
                      own_start: str | None) -> None:
    """Raise a ScenarioError for the first of ``_data_file_problems``' checks that finds
    problems."""
    if caseload.is_file_value(scn.participants.initial):
        if scn.period.simulate_from is not None:
            raise ScenarioError([_problem(
                file, origins, "period.simulate_from", "a caseload file already says who is "
                "in the program at the start: leave simulate_from out",
                scn.period.simulate_from)])
        # the file's own problems now; whether it fits the period (nobody after the start,
        # no provider over its slots) when the period is final: `size` moves it
        caseload.file_rows(scn, scn.participants.initial)
        caseload.check_funded_before(scn)
    if scn.actuals is not None:
        past = scn.warm_up() or scn  # with simulate_from: the warm-up's actual spells
        if not 0 <= past.as_of <= past.period.months:
            raise ScenarioError([_problem(file, origins, "actuals.as_of", _as_of_expected(scn),
                                          scn.actuals.as_of, hint=_as_of_way(scn, own_start))])
        caseload.check_actual_maxima(past)  # as loaded: a drawn max_months is not checked
        caseload.actual_people(past, _slot_cut(file, origins, past))
        if scn.actuals.booked is not None:
            booked_costs(past, _as_of_said(origins, scn.actuals.as_of))


BASE_ORDER = ("; funders are applied in their base's order, which lists '{other}' after "
              "'{funder}': a file with base: keeps the base's funders in the base's order, "
              "whatever order it writes them in (its new funders come after them), so list "
              "'{other}' before '{funder}' in the base file")
"""What a ``net_of`` refused as naming a later funder adds where the user's own file
lists that funder first (``in_base_order``)."""


def in_base_order(message: str, origins: Origins) -> str:
    """``message`` with ``BASE_ORDER`` where it refuses a ``net_of`` naming a funder listed
    after this one (``checks.NOT_BEFORE``) that one file writes before it: the order
    came from that file's base, which the merge by id keeps."""
    named = checks.not_before(message)
    if named is None:
        return message
    other, funder = named
    first, then = origins.get(f"funding.{other}"), origins.get(f"funding.{funder}")
    if first is None or then is None or first.file != then.file or first.from_set \
            or first.line is None or then.line is None or first.line > then.line:
        return message
    return message + BASE_ORDER.format(other=other, funder=funder)


def _duplicate(file: str, origins: Origins, path: str, message: str, index: int) -> Problem:
    """A reused id, named at the item that reuses it (``read_yaml`` keeps its line under
    its position, ``funding.2``) with the line of its first use, where both are lines of
    one file; else at the id's path, as before."""
    first, reuse = _origin(origins, path), origins.get(f"{path.rpartition('.')[0]}.{index}")
    if first is None or reuse is None or reuse.from_set or not (first.line and reuse.line) \
            or first.file != reuse.file:
        return _problem(file, origins, path, f"{message}: ids must be unique", show_value=False)
    return Problem(reuse.file, path, f"{message} (first on line {first.line}): ids must be "
                   "unique", line=reuse.line, show_value=False)


def _slot_cut(file: str, origins: Origins, scn: model.Scenario) -> caseload.SlotCut:
    """``check_capacity``'s line for slots cut in an actual month below the people the
    spells put there (at its start, or just after an entry in it that the uncut slots
    held): the schedule is what is wrong, named where it was written (the month's key:
    file and line, or ``--set``), with one of the people (the spells file's line) and
    what is accepted: the cut from ``as_of`` on."""
    def named(people: caseload.Caseload, p: int, month: int, held: int, row: int,
              present: bool) -> Problem:
        provider, when = people.provider_ids[p], people.origin + month
        path = f"providers.{provider}.slots.{when}"
        slots = int(scn.slots_in_force()[month, p])
        message = (f"{counted(slots, 'slot', 'slots')} from {when}, an actual month, where "
                   f"the spells put {counted(held, 'person', 'people')} at {provider} "
                   f"{caseload.held_where(people, row, present)}: the slots of the actual "
                   "months hold the people actually there, so a cut can start from as_of "
                   f"({scn.actuals.as_of}) on")
        origin = _origin(origins, path)
        return Problem(origin.file if origin else file, path, message,
                       line=origin.line if origin else None, show_value=False)
    return named


def _as_of_said(origins: Origins, month: str) -> str:
    """``actuals.as_of`` as the user gave it, for a booked month it leaves forecast: the
    option (``--as-of 2026-10``), else the key and where it was written (``actuals.as_of
    2026-10 of prog.yaml:7``, ``... of prog.yaml (--set)``): compare and sensitivity have
    no ``--as-of``, and compare's line then says whose as_of it is."""
    origin = _origin(origins, "actuals.as_of")
    if origin is None:
        return f"actuals.as_of {month}"
    if origin.from_set and origin.file.startswith("--"):
        return f"{origin.file} {month}"
    where = f"{origin.file}:{origin.line}" if origin.line else origin.file
    return f"actuals.as_of {month} of {where}"


def _as_of_expected(scn: model.Scenario) -> str:
    """Where ``actuals.as_of`` may lie: in the period (or the month after it), or with a
    warm-up (``period.simulate_from``) in the warm-up, which runs through the spells."""
    period = scn.period
    if scn.reforecast:
        return (f"expected a month from the period start {period.start} to the month after "
                f"its end, {period.start_month + period.months}")
    return (f"expected a month from period.simulate_from {period.simulate_from} to the period "
            f"start {period.start}: the warm-up runs through the actual spells and the period "
            "is simulated from their end state (leave simulate_from out to re-forecast the "
            "period itself)")


def _as_of_way(scn: model.Scenario, own_start: str | None) -> str:
    """The way forward from an ``as_of`` before a re-forecast's start. Where an override
    moved the start past the file's own (``own_start``) and ``as_of`` lies from that on
    (the next funding period of a program running since then): a warm-up through the
    actual spells (``period.simulate_from`` at ``as_of`` or earlier), or ``size --start``
    on the file's own period, which sets it (kept with the moved start, ``size`` would
    refuse the same). Else ``as_of`` lies before the program's start, most likely a typo:
    a warm-up from it would start the program empty and drop the file's own events. A
    later ``as_of`` would count the months up to it as actual, with no events."""
    if not scn.reforecast or scn.as_of >= 0:
        return ""
    period, as_of = scn.period, Month.parse(scn.actuals.as_of)
    own = Month.parse(own_start) if own_start is not None else period.start_month
    if own < period.start_month and own <= as_of:
        return (f"to plan the period from the actual spells, warm up through them: also "
                f"--set period.simulate_from={scn.actuals.as_of} (or a month of the program "
                f"before it), or finsim size --start {period.start} --months {period.months} "
                "--confidence Q with the period as the file has it")
    start = min(own, period.start_month)
    return (f"it lies before the program's start, {start}: give the month after the last "
            f"actual month, from {start} on (a file for a program running since before "
            f"{start} says since when in period.simulate_from)")


def booked_costs(scn: model.Scenario, as_of_said: str | None = None) -> Any:
    """``actuals.booked`` read and checked: ``[months, providers, categories]``, NaN where
    nothing is booked (``as_of_said``: ``booked.read_booked``'s)."""
    from .booked import read_booked

    return read_booked(*_booked_layout(scn), as_of_said)


def booked_lines(scn: model.Scenario) -> Any:
    """The line of ``actuals.booked`` each booked cell is on, 0 where nothing is booked
    (``booked_costs``' shape)."""
    from .booked import read_booked_lines

    return read_booked_lines(*_booked_layout(scn))


def _booked_layout(scn: model.Scenario) -> tuple:
    """What reads ``actuals.booked``: the file, the scenario's layout and its bytes."""
    return (scn.actuals.booked, scn.provider_ids, scn.period.start_month, scn.period.months,
            scn.as_of, datafiles.of(scn))


def _problem(file: str, origins: Origins, path: str, message: str, value: Any = None,
             hint: str = "", show_value: bool = True, block: str = "") -> Problem:
    """A problem at ``path``, named by the file and line the value was written on, or by
    ``--set`` if it was given there. A problem with a block some of whose values were
    given with ``--set`` (shares that no longer sum to 1; ``block``, where the problem
    weighs more values than the one at ``path``) names both."""
    origin = _origin(origins, path)
    if origin is None or not origin.from_set:
        given = next((o for key, o in origins.items()
                      if o.from_set and _overlap(key, block or path)), None)
        if given is not None and origin is None:
            origin = given
        elif given is not None:
            where = f"{origin.file}:{origin.line}" if origin.line else origin.file
            origin = replace(origin, file=where + WITH_SET, line=None)
    if origin is None:
        return Problem(file, path, message, value, None, hint, show_value)
    if not origin.quote:
        said = _ids_given(origins, path) | _drawn_ids(path)
        path, message, hint = _unquoted(path, message, value, hint, said)
    exact = value is None and origins.get(path) is origin
    if exact and origin.text is not None and not origin.python:
        value = origin.text  # `--set name=` gave '', not None
    return Problem(origin.file, path, message, value, origin.line, hint,
                   show_value and origin.quote, none_given=exact and origin.python)


def _unquoted(path: str, message: str, value: Any, hint: str,
              given: set[str]) -> tuple[str, str, str]:
    """A base file's problem told without its own text: in the path, every key that is
    neither one of the format's own, an id in ``given`` (one the user wrote too:
    ``_ids_given``), a month nor a number (an id only the base writes, a key the format
    does not know) stands as ``…`` (the line names the place), and the message is said
    only if it quotes neither such a key nor a text written that is none of these (a file
    named as a base by mistake, or on purpose, may hold anything; a rule broken by the
    user's ids, months and numbers, ``until (2029-12) must not lie before from
    (2030-12)``, is said)."""
    parts = path.split(".") if path else []
    plain = {*field_kinds().names, *given}
    hidden = [part for part in parts if part not in plain and not _PLAIN_TEXT.match(part)]
    shown = ".".join("…" if part in hidden else part for part in parts)
    texts = [t for t in _texts(value) if t not in plain and not _PLAIN_TEXT.match(t)]
    if not any(text and (text in message or text in hint) for text in (*hidden, *texts)):
        return shown, message, hint
    said = ("unknown key" if message.startswith("unknown key")
            else "a value finsim cannot use here")
    return (shown, f"{said} (not quoted: a base file's own text never is; `finsim validate` "
                   "on the base file itself shows it)", "")


def _ids_given(origins: Origins, path: str) -> set[str]:
    """The ids in ``path`` (``paths.item_ids``: a funder's, a provider's) that the user
    wrote too, in the scenario named or with ``--set`` (``funding.land_esf.from=...``):
    their own names, said also where a base file's value is the one refused."""
    ids = set(item_ids(path))
    return {part for key, origin in origins.items() if origin.quote
            for part in key.split(".") if part in ids}


def _drawn_ids(path: str) -> set[str]:
    """The ids a base's draw names (``uncertainty.funding.land_esf.payment.lag_months``:
    ``land_esf``): said even where only the base writes them, as the draw's path is
    what the file must name to drop it (``checks._missing_item``)."""
    drawn = path.removeprefix("uncertainty.")
    return set(item_ids(drawn)) if drawn != path else set()


_PLAIN_TEXT = re.compile(r"^(\d{4}(-\d{2})?|-?\d+(\.\d+)?)$")
"""A month (``2029-12``), a year or a number: said as they are from a base file."""


def _texts(value: Any) -> list[str]:
    """Every text in a value, its keys' too (a schedule's months, a mapping's ids)."""
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (*_texts(key), *_texts(item))]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


def _yaml_read(origins: Origins, file: str, path: str) -> bool:
    """Whether the value at ``path`` was read as YAML, which reads yes, no, on and off as
    true or false: from a .yaml file (every base is one) or ``--set``, not a .json
    scenario or record, nor a Python call's overrides (a true there is one on purpose)."""
    origin = _origin(origins, path)
    if origin is None:
        return not file.lower().endswith(".json")
    return not origin.python and (origin.from_set
                                  or not origin.file.lower().endswith(".json"))


def _origin(origins: Origins, path: str) -> Origin | None:
    while path:
        if path in origins:
            return origins[path]
        path = path.rpartition(".")[0]
    return None


def _item(path: str) -> str:
    """The provider or funder a check across its fields is about (``funding.jc.budget``:
    ``funding.jc``, whose ``transfer`` may be what is wrong), else the path itself. A
    funder's share (``funding.land.covers.wages``) is checked with every funder's: any
    funder's ``covers`` (``funding.*.covers``) may be what is wrong."""
    parts = path.split(".")
    if parts[0] == "funding" and parts[2:3] == ["covers"]:
        return "funding.*.covers"
    return ".".join(parts[:2]) if parts[0] in ("funding", "providers") and len(parts) > 2 \
        and parts[1] != "*" else path


def _overlap(given: str, path: str) -> bool:
    """Whether the value at ``given`` lies in the block at ``path`` or holds it. A ``*`` in
    ``path`` stands for every item of a list, each as a whole (``funding.*.covers.wages``:
    the funders' shares, which depend on their dates and ``net_of`` too)."""
    head = path.partition("*")[0].split(".")[:-1] + ["*"] if "*" in path else path.split(".")
    return all(p in ("*", g) for g, p in zip(given.split("."), head, strict=False)) \
        and bool(path)


def _kind(value: Any) -> str:
    """What a value is, in words, without quoting it."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "a " + type(value).__name__


BASE_SUFFIXES = (".yaml", ".yml")


def _read_with_bases(path: Path, chain: tuple[Path, ...]
                     ) -> tuple[dict, Origins, tuple[str, ...], tuple[str, str, str] | None,
                                tuple[NearBase, ...], tuple[KeptBase, ...],
                                tuple[LoneReplace, ...]]:
    """The file's data laid over its bases', where every value was written, the
    bases' draws dropped because a file over them sets the value
    (``_without_overridden_draws``), the last move of the period start in the chain
    (``moved_over_base``: the file that moved it, from what its bases resolve to, to
    its own; None without one): it re-bases plain prices, also for a file over it; and
    the items added without a name as near misses of a base's (``_near_base``), and the
    lists to which a file added items while keeping all of its base's (``_kept_base``).
    A list the file tags ``!replace`` replaces its base's; in the file without a base
    the tag does nothing (``_lone_replace``)."""
    try:
        data, lines, whole = read_yaml(path)
    except reader.UnreadableFile as err:
        if chain:
            raise
        reason = "file does not exist" if str(err) == "does not exist" else str(err)
        raise ScenarioError([Problem(str(path), "", reason, show_value=False,
                                     hint=reader.remedy(err))]) from None
    if not chain:
        _refuse_other_record(path, data)
        if _is_run_record(data):
            data, lines = _recorded(path, data, lines)
    data = caseload.anchored(data, path.parent)
    quote = not chain  # only the scenario named by the user is quoted
    origins = {key: Origin(str(path), line, quote) for key, line in lines.items()}
    if "base" not in data:
        return data, origins, (), None, (), (), _lone_replace(path, whole, lines)
    base = data.pop("base")
    base_path = _base_path(path, base, lines.get("base"), quote)
    if base_path in chain or base_path == path.resolve():
        loop = " -> ".join(str(p) for p in (*chain, path.resolve(), base_path))
        raise ScenarioError([Problem(str(path), "base", f"inheritance loops: {loop}",
                                     line=lines.get("base"), show_value=False)])
    if len(chain) >= limits.MAX_BASE_CHAIN:
        raise ScenarioError([Problem(str(path), "base", f"more than {limits.MAX_BASE_CHAIN} "
                                     "base files in a chain, finsim's limit",
                                     line=lines.get("base"), show_value=False)])
    try:
        base_data, base_origins, dropped, moved, near, all_kept, lone = _read_with_bases(
            base_path, (*chain, path.resolve()))
    except reader.UnreadableFile as err:
        where = " (the path is relative to this file)" if "does not exist" in str(err) else ""
        raise ScenarioError([Problem(str(path), "base", f"base file {base_path} {err}{where}",
                                     base, lines.get("base"), show_value=quote,
                                     hint=reader.remedy(err))]) from None
    merged = _without_nulled_draws(deep_merge(base_data, data, whole=whole), data, base_data,
                                   path, lines)
    kept = _without_overridden_draws(merged, data, lines)
    dropped = (*(p for p in dropped if p not in _uncertain(data)),
               *(p for p in _uncertain(merged) if p not in _uncertain(kept)))
    own = _over_base(str(path), _start_of(base_data), _start_of(kept))
    near_here = _near_base(base_data, data, str(base), whole)
    all_kept = (*all_kept, *_kept_base(base_data, data, str(base), whole, near_here))
    origins = _merged_positions(data, kept, origins)
    return kept, {**base_origins, **origins}, dropped, own or moved, (*near, *near_here), \
        all_kept, lone


def _without_extensions(err: ScenarioError, path: Path) -> ScenarioError:
    """``err`` of a run's record whose unknown keys a missing extension would know: each
    such line says which extensions the record was written with that are not loaded
    here (``run.json``'s ``extensions``). Read again only on this error's way."""
    try:
        record = read_yaml(path)[0]
    except (reader.UnreadableFile, ScenarioError):
        return err
    gone = extensions.missing(record) if isinstance(record, dict) and _is_run_record(record) \
        else []
    if not gone:
        return err
    hint = (f"the run was made with the finsim extension{'s' if len(gone) > 1 else ''} "
            f"{', '.join(gone)}, not installed here: install it to run this record")
    return ScenarioError([replace(p, hint=hint) if p.message.startswith("unknown key") else p
                          for p in err.problems])


def _is_run_record(data: dict) -> bool:
    """Whether a file read as a scenario is a results folder's ``run.json`` (of a run, or
    of the run of ``size``'s plan): the records ``run`` replays."""
    return "finsim_version" in data and isinstance(data.get("scenario"), dict) \
        and "data_files" in data


RECORD_NOUNS = {"compare": "a compare", "sensitivity": "a sensitivity analysis",
                "size": "a size search"}
"""What finsim's record of each command (its ``command``'s second word) is of."""

NOT_REPLAYED = ("--out", "--force")
"""Options of a recorded command left out where it is quoted to run again: the same
``--out`` would replace the folder the record is in."""


def _refuse_other_record(path: Path, data: dict) -> None:
    """Refuse finsim's record of another command than a run (compare.json,
    sensitivity.json, size.json), saying how to reproduce it: read as a scenario, one
    was blamed on YAML's true/false and another ran its base scenario as a plain run."""
    command = data.get("command")
    if "finsim_version" not in data or _is_run_record(data) \
            or not isinstance(command, list) or len(command) < 2 \
            or not all(isinstance(word, str) for word in command) or command[1] == "run":
        return
    what = RECORD_NOUNS.get(command[1], f"a {command[1]}")
    files = "one of its scenarios' files" if command[1] == "compare" else \
        "its scenario's file"
    raise ScenarioError([Problem(
        str(path), "", f"finsim's record of {what}, not a scenario or a run's run.json: "
        f"run the command it recorded again ({shlex.join(_replayable(command))}), or give "
        f"{files} to run", show_value=False, verbatim=True)])


def _replayable(command: list[str]) -> list[str]:
    """``command`` without its ``--out`` (and the folder) and ``--force``."""
    kept: list[str] = []
    words = iter(command)
    for word in words:
        if word == "--out":
            next(words, None)
        elif word not in NOT_REPLAYED and not word.startswith("--out="):
            kept.append(word)
    return kept


def _recorded(path: Path, record: dict, lines: dict[str, int]
              ) -> tuple[dict, dict[str, int]]:
    """The scenario a ``run.json`` recorded (as it ran: every ``--set`` applied, its
    replications and seed), with its lines in the record, to run again: refused where a
    data file it used has changed or gone since, for then the numbers would differ."""
    problems = []
    for used in record.get("data_files") or []:
        if not isinstance(used, dict) or not isinstance(used.get("path"), str):
            continue
        file = used["path"]
        try:  # the one read of a data file: no wait on a FIFO, within the size limit
            what = None if datafiles.read(file).sha256 == used.get("sha256") else \
                "has changed since the run"
        except reader.UnreadableFile as err:
            what = str(err)
        if what is not None:
            problems.append(Problem(str(path), f"data_files.{used.get('key', '')}",
                                    f"{file} {what}: a run from this record would not give "
                                    "its numbers", show_value=False,
                                    hint="run the scenario file itself to use the new data"))
    if problems:
        raise ScenarioError(problems)
    prefix = "scenario."
    return record["scenario"], {k[len(prefix):]: v for k, v in lines.items()
                                if k.startswith(prefix)}


def _without_nulled_draws(merged: dict, own: dict, base: dict, path: Path,
                          lines: dict[str, int]) -> dict:
    """``merged`` without the base's draws the file sets to ``null`` in its own
    ``uncertainty`` (``employment.hazards.placement: null``): a variant drops one draw
    of its base and keeps the others. A ``null`` where the base draws nothing is
    refused: a typo in the path would otherwise drop nothing in silence."""
    return _without_nulls(merged, own, base, lambda key, hint: Problem(
        str(path), f"uncertainty.{key}", "null drops a draw of the base file, and the base "
        "draws no such parameter", line=lines.get(f"uncertainty.{key}"), show_value=False,
        hint=hint))


def _without_set_nulls(before: dict, after: dict, source: str) -> dict:
    """``after`` (``before`` with a ``--set`` applied) without the draws the set made
    ``null`` (``uncertainty.employment.hazards.placement=null``, or ``uncertainty=
    {employment.hazards.placement: null}``), as ``null`` in a file over its base drops
    one (``_without_nulled_draws``), refused where the scenario draws no such parameter."""
    return _without_nulls(after, after, before, lambda key, hint: Problem(
        source, f"uncertainty.{key}", "null drops a draw of the scenario, and it draws no "
        "such parameter", show_value=False, hint=hint))


def _without_nulls(merged: dict, own: dict, base: dict,
                   refused: Callable[[str, str], Problem]) -> dict:
    """``merged`` without the draws ``own`` gives as ``null`` (a draw of ``base``
    dropped); one ``refused`` line (key, hint) per such key ``base`` does not draw."""
    nulled = [key for key, dist in _uncertain(own).items() if dist is None]
    drawn = {key for key, dist in _uncertain(base).items() if dist is not None}
    stray = [key for key in nulled if key not in drawn]
    if stray:
        raise ScenarioError([refused(key, suggest(str(key), [str(k) for k in drawn]))
                             for key in stray])
    if not nulled:
        return merged
    return {**merged, "uncertainty": {key: dist for key, dist in _uncertain(merged).items()
                                      if key not in nulled}}


def _without_overridden_draws(merged: dict, own: dict, lines: dict[str, int]) -> dict:
    """``merged`` (a file laid over its base) without the base's draws (not ``scale:
    true``) of values the file sets itself (its written keys, ``lines``), unless the file
    draws them again in its own ``uncertainty``: a value a file sets over its base holds,
    as one set with ``--set`` does (``_without_draws_of``). Kept, the base's draw
    replaced it in every replication: a variant's placement hazard of 0.009 ran at the
    base's triangular 0.003-0.009, and compare showed the variant no better."""
    written = [k for k in lines if k.split(".")[0] not in ("uncertainty", "base")]
    leaves = [k for k in written if not any(o.startswith(k + ".") for o in written)]
    again = frozenset(named_path(merged, key) for key in _uncertain(own)
                      if isinstance(key, str))
    return _without_draws_of(merged, leaves, again)


def _base_path(path: Path, base: Any, line: int | None, quote: bool) -> Path:
    """The file ``base:`` names, after checks that need not read it."""
    def refuse(message: str) -> ScenarioError:
        return ScenarioError([Problem(str(path), "base", message, base, line,
                                      show_value=quote)])

    if not isinstance(base, str) or not base.strip():
        raise refuse("expected the path of a scenario file (relative to this file)")
    if "\0" in base:
        raise refuse("the path contains a NUL character")
    if not base.strip().lower().endswith(BASE_SUFFIXES):
        raise refuse("a base must be a scenario file ending in .yaml or .yml")
    try:
        resolved = (path.parent / base.strip()).resolve()
    except (OSError, RuntimeError) as err:  # a symlink loop on the way
        raise refuse(f"cannot follow the path: {err}") from None
    if not resolved.name.lower().endswith(BASE_SUFFIXES):  # a link to something else
        raise refuse(f"a base must be a scenario file ending in .yaml or .yml; this one "
                     f"is a link to {resolved.name}")
    return resolved


def read_yaml(path: Path) -> tuple[dict, dict[str, int], frozenset[str]]:
    """The file's data, the line of each dotted path and the lists tagged ``!replace``
    (``_replacing``); refuses anything not a mapping
    (``reader.UnreadableFile`` if it cannot be read as text).

    Nothing of the file's content appears in a refusal: a file named by mistake (or on
    purpose, as a base) may hold anything.
    """
    file = str(path)
    text = reader.read_text(path)
    yaml_text = path.suffix.lower() != ".json"
    try:
        data, node = reader.parse(text, as_written=yaml_text)
    except yaml.YAMLError as err:
        if yaml_text and (commas := decimal_commas(reader.composed(text), text)):
            raise _commas_refused(file, commas) from None  # 563,00 and 1.012,00: keys 00
        message, line, column = reader.problem_at(err, text)
        if isinstance(err, reader.LimitError):  # past the values: nothing more was read
            message += NOT_CHECKED
        hint = _comma_on_line(text, line) if yaml_text else ""  # JSON has no decimal comma
        raise ScenarioError([Problem(file, "", message, line=line, show_value=False,
                                     column=column, hint=hint)]) from None
    if data is None:
        raise ScenarioError([Problem(file, "", "the file is empty: expected a scenario "
                                     "(name, period, participants, ...)", show_value=False)])
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, "", "expected a mapping of scenario keys (name, "
                                     f"period, participants, ...), not {_kind(data)}",
                                     show_value=False)])
    if yaml_text and (commas := decimal_commas(node, text)):
        raise _commas_refused(file, commas)
    if yaml_text and (pasted := non_breaking_keys(node)):
        raise ScenarioError([Problem(file, "", NBSP_INDENT, line=line, show_value=False)
                             for line in pasted])
    return data, _line_map(node), _replacing(node)


NOT_CHECKED = "; the file's other keys were not checked"
"""What a refusal that stops the reading of a file adds (``reader.LimitError``: past the
values finsim reads): no other problem of it can be said."""


def _commas_refused(file: str, commas: list[tuple[str, int, str, str]], lines: bool = True
                    ) -> ScenarioError:
    """The refusal of the decimal commas YAML parted (``decimal_commas``), a line each;
    ``lines``: name the line (a file's, not a --set's)."""
    return ScenarioError([Problem(file, path, message, line=line if lines else None,
                                  show_value=False, hint=hint)
                          for path, line, message, hint in commas])


def _line_map(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """The line of each dotted path. Aliases are followed (the loader bounded the nodes
    they stand for); merged keys have been laid into their mapping by the loader. A list
    item whose id an earlier item has is kept under its position (``funding.2``), where
    its reuse of the id is named."""
    lines: dict[str, int] = {}
    stack = [(node, prefix)]
    while stack:
        current, at = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                path = f"{at}{key.value}"
                lines.setdefault(path, key.start_mark.line + 1)
                stack.append((value, path + "."))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                for key in _item_keys(item, index):
                    path = f"{at}{key}"
                    path = f"{at}{index}" if path in lines else path
                    lines.setdefault(path, item.start_mark.line + 1)
                    stack.append((item, path + "."))
    return lines


def decimal_commas(node: yaml.Node | None, text: str, at: str = ""
                   ) -> list[tuple[str, int, str, str]]:
    """``(dotted path, line, message, hint)`` of each comma between digits that YAML
    takes for a separator where it is a decimal comma. In a flow mapping (``{staff:
    0,5}``) YAML parts the entries there, so ``0,5`` is the two plain scalars 0 and 5 with
    nothing but the comma between them, read as a value and a key (refused as no month, a
    duplicate key, or a key nobody wrote); so are ``19,85%`` (19 and a key ``85%``) and
    German money, ``1.012,00`` (``1.012`` and a key ``00``), each told what it reads as.
    In a list (``[1,1,0.9,0.8,0.7]``, ``[1,0]``) a compact comma parts entries as YAML and
    JSON write them, and is left so; but in a list whose entries are parted by a comma
    and a space (``[1, 1, 0,9]``, ``[1,0, 1,0]``), a bare comma between digits is a
    decimal comma. ``at``: the path of ``node`` (a --set's)."""
    scalars = sorted(_plain_scalars(node, at), key=lambda found: found[0].start_mark.index)
    found = []
    for (first, path, listed), (second, _, also) in pairwise(scalars):
        if text[first.end_mark.index:second.start_mark.index] != ",":
            continue
        typed = f"{first.value},{second.value}"
        if listed is not None and listed is also:
            if _spaced(listed, text) and first.value.isdigit() and second.value.isdigit():
                found.append((path, first.start_mark.line + 1, LIST_COMMA,
                              f"write {first.value}.{second.value}"))
        elif first.value.isdigit() and second.value.isdigit():
            found.append((path, first.start_mark.line + 1, FLOW_COMMA, ""))
        elif meant := _comma_meant(typed):
            found.append((path, first.start_mark.line + 1, FLOW_COMMA, meant))
    return found


def _comma_meant(typed: str) -> str:
    """What a decimal comma that YAML parted in a flow mapping means, where it is a
    percent (``19,85%``: ``write 0.1985 for 19.85 %``) or German money (``1.012,00``:
    ``write 1012.00``, ``written.grouped_cents``); else nothing."""
    if re.fullmatch(r"\d+,\d+\s*%", typed):
        return written.percent_hint(typed)
    cents = written.grouped_cents(typed) if "." in typed else None
    return f"write {cents}" if cents else ""


def _spaced(listed: yaml.SequenceNode, text: str) -> bool:
    """Whether a flow list parts any two of its entries by a comma and a blank."""
    return any(re.fullmatch(r"\s*,\s+", text[a.end_mark.index:b.start_mark.index])
               for a, b in pairwise(listed.value))


FLOW_COMMA = ("a comma between digits parts two entries in {...} (YAML reads 0,5 "
              "as 0 and 5): write a number with a decimal point and no thousands comma "
              "(0.5, 78000), or a space after a comma between entries")
"""Why a decimal comma in a flow collection is refused; the file's text is not quoted
(a base may be any file named by mistake)."""
LIST_COMMA = ("a comma between digits in a list whose entries are parted by ', ' is a "
              "decimal comma (YAML reads 0,9 as the entries 0 and 9): write a number with "
              "a decimal point")
"""Why a decimal comma in a list written with ``, `` between its entries is refused."""
_FLOW_COMMA = re.compile(r"\{.*?(?<![\w.,])(?:\d+,\d+(?![\w.,])|\d+,\d+\s*%"
                         r"|[1-9]\d{0,2}(?:\.\d{3})+,\d\d(?![\w.,]))")
"""Digits, a comma and digits after a ``{`` on a line, a percent sign after them or
thousands points before them (a list's compact comma parts its entries,
``decimal_commas``)."""


def _comma_on_line(text: str, line: int | None) -> str:
    """``FLOW_COMMA`` if the line of a YAML error holds a comma between digits in a flow
    mapping (``{male: 0,5, female: 0,5}`` is refused as a duplicate key '5' before
    the paths are known), else nothing."""
    lines = text.splitlines()
    if line is None or not 0 < line <= len(lines):
        return ""
    return FLOW_COMMA if _FLOW_COMMA.search(lines[line - 1]) else ""


def _plain_scalars(node: yaml.Node | None, at: str = ""
                   ) -> list[tuple[yaml.Node, str, yaml.SequenceNode | None]]:
    """Each plain scalar under ``node`` (at the dotted path ``at``) with its dotted path
    (a list item: the list's) and the list it is an item of (else None), walked as
    ``_line_map`` walks, without recursion."""
    found: list[tuple[yaml.Node, str, yaml.SequenceNode | None]] = []
    stack: list[tuple[yaml.Node | None, str, yaml.SequenceNode | None]] = [(node, at, None)]
    while stack:
        current, at, listed = stack.pop()
        if isinstance(current, yaml.ScalarNode) and not current.style:
            found.append((current, at, listed))
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                path = f"{at}.{key.value}" if at else str(key.value)
                stack += [(key, path, None), (value, path, None)]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(item, at, current) if isinstance(item, yaml.ScalarNode)
                      else (item, f"{at}.{_item_keys(item, index)[0]}", None)
                      for index, item in enumerate(current.value)]
    return found


def _replacing(node: yaml.Node | None) -> frozenset[str]:
    """The dotted paths of the lists tagged ``!replace`` (``reader.REPLACE_TAG``), each
    named as ``deep_merge`` names it (an item by its id): the lists that replace their
    base's rather than merging with it by id."""
    found = set()
    stack = [(node, "")]
    while stack:
        current, at = stack.pop()
        if isinstance(current, yaml.SequenceNode):
            if current.tag == reader.REPLACE_TAG:
                found.add(at)
            stack += [(item, f"{at}.{_item_keys(item, index)[0]}")
                      for index, item in enumerate(current.value)]
        elif isinstance(current, yaml.MappingNode):
            stack += [(value, f"{at}.{key.value}" if at else str(key.value))
                      for key, value in current.value]
    return frozenset(found)


def _item_keys(item: yaml.Node, index: int) -> list[str]:
    """A list item's keys in the line map: its id where a path names it by that
    (``paths.path_id``: text YAML reads as text), else its position (``_dotted`` names
    an item whose id is ``-1``, ``true`` or blank by position), and an id that is text
    but no path's (``' x'``, ``a.b``) as well, where the checks of ids name it."""
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                text = value.tag == "tag:yaml.org,2002:str"
                if text and path_id({"id": value.value}) is not None:
                    return [value.value]
                return [str(index), value.value] if text and value.value else [str(index)]
    return [str(index)]


def _merged_positions(data: dict, merged: dict, origins: Origins) -> Origins:
    """``origins`` of a file laid over its base, each item of an id list that its id
    cannot name (kept under its position in the file: ``_item_keys``) moved to its
    position in the merged list, where ``_dotted`` names it: the base's items come
    first, so the file's second funder, id ``-1``, is ``funding.4`` over four."""
    moved: dict[str, str] = {}
    for where in checks.ID_LISTS:
        mine, theirs = (_list_at(d, where) for d in (data, merged))
        for k, item in enumerate(mine):
            j = next((j for j, other in enumerate(theirs) if other == item), k)
            if path_id(item) is None and j != k:
                moved[f"{where}.{k}"] = f"{where}.{j}"
    if not moved:
        return origins
    out = {}
    for path, origin in origins.items():
        head = next((h for h in moved if path == h or path.startswith(h + ".")), None)
        out[path if head is None else moved[head] + path[len(head):]] = origin
    return out


def _list_at(data: dict, where: str) -> list:
    """The list at ``where`` in raw data (``[]`` if none there)."""
    try:
        found = get_path(data, where)
    except PathError:
        return []
    return found if isinstance(found, list) else []


def _beside(refused: list[Problem], fields: list[Problem]) -> list[Problem]:
    """The model's refusals but those that follow from a value ``raw`` refused already
    (``yes`` where a number goes, a control character), which its own line says: the
    model's refusal of that value, of a value holding it (shares that do not sum to 1
    with it; not that the key holding it is unknown), or of a key refused at the block
    that has it (unknown, or not text)."""
    return [p for p in fields if not any(
        _about(p, at) or (_within(at.path, p.path) and not UNKNOWN.match(p.message))
        for at in refused)]


def _about(line: Problem, refused: Problem) -> bool:
    """Whether the model's ``line`` is about the value or key ``refused``."""
    key = line.path.rpartition(".")[0] == refused.path and (
        line.path.endswith(f".{refused.value}") or repr(line.value) == repr(refused.value))
    return line.path == refused.path or key


def _sound_parts(data: dict, problems: list[Problem]) -> model.Scenario:
    """The scenario of ``data`` for the checks across fields where ``problems`` were
    found: each value a problem is in (or holds) is ``checks.UNREAD``, so a check that
    reads it is left out and the others are said with the problems."""
    return _read_apart(model.Scenario, data, [p.path for p in problems], "")


def _read_apart(cls: type[pydantic.BaseModel], data: Any, refused: list[str], at: str
                ) -> Any:
    """``data`` as a ``cls`` with the values at ``refused`` (dotted paths) and those
    holding them ``checks.UNREAD``, each other field validated on its own; where a key
    is refused as unknown, the fields not written are UNREAD too (it may be meant as any
    of them). A model with a rule across its fields (a model validator) is read whole or
    not at all but for its ids (``_ids_apart``), and so is a field with a validator of
    its own."""
    if not isinstance(data, dict) or any(_within(at, path) for path in refused):
        return checks.UNREAD
    if cls.__pydantic_decorators__.model_validators:
        return _ids_apart(cls, data, refused, at)
    read = cls.model_construct()
    checked = {name for v in cls.__pydantic_decorators__.field_validators.values()
               for name in v.info.fields}
    keys = {info.alias or name for name, info in cls.model_fields.items()}
    unknown = any(key not in keys for key in data)  # refused: the models take no others
    for name, info in cls.model_fields.items():
        key = info.alias or name
        where = f"{at}.{key}" if at else key
        if where in refused and _by_rule(info.annotation) is not None:
            vars(read)[name] = _ids_apart(_by_rule(info.annotation), data.get(key),
                                          [path for path in refused if path != where], where)
        elif any(_within(where, path) for path in refused) or (key not in data and (
                unknown or info.is_required())) or (
                name in checked and any(_within(path, where) for path in refused)):
            vars(read)[name] = checks.UNREAD
        elif any(_within(path, where) for path in refused):
            vars(read)[name] = (_keys_apart(data.get(key)) if name in ID_FIELDS
                                else _read_field(info.annotation, data.get(key), refused,
                                                 where))
        elif key in data:  # no problem in it: it validates (else UNREAD all the same)
            try:
                cls.__pydantic_validator__.validate_assignment(read, name, data[key])
            except pydantic.ValidationError:
                vars(read)[name] = checks.UNREAD
    return read


ID_FIELDS = frozenset({"id", "budget", "by_payer", "returns"})
"""The fields that hold ids (a list item's; budgets, payers as keys): read apart also in
a block read whole or not at all, or a mapping with a value refused, so that a reserved
or look-alike id is said in the same pass as a problem beside it (``checks._ids``)."""


def _by_rule(annotation: Any) -> type[pydantic.BaseModel] | None:
    """The model of a field that holds one block (not a list) with a rule across its
    fields, which refuses the block at its own path (``passive_benefits: give one of
    ...``); else None."""
    held = model_in(annotation)
    if held is None or annotation not in (held, held | None):
        return None
    return held if held.__pydantic_decorators__.model_validators else None


def _ids_apart(cls: type[pydantic.BaseModel], data: Any, refused: list[str], at: str
               ) -> Any:
    """``data``, of a ``cls`` with a rule across its fields (read whole or not at all),
    where it or a value in it is refused: its ids alone (``ID_FIELDS``, each read on its
    own; a mapping's keys where a value in it is refused), any other use of it left out
    as of ``checks.UNREAD`` (``checks.IdsOnly``)."""
    if not isinstance(data, dict):
        return checks.UNREAD
    ids = {}
    for name, info in cls.model_fields.items():
        key = info.alias or name
        where = f"{at}.{key}"
        if name not in ID_FIELDS or key not in data \
                or any(_within(where, path) for path in refused):
            continue
        if any(_within(path, where) for path in refused):
            ids[name] = _keys_apart(data[key])
            continue
        alone = cls.model_construct()  # the defaults: no rule across fields refuses them
        try:
            cls.__pydantic_validator__.validate_assignment(alone, name, data[key])
        except pydantic.ValidationError:
            continue
        ids[name] = vars(alone)[name]
    return checks.IdsOnly(ids)


def _keys_apart(value: Any) -> Any:
    """A mapping of ids with a value refused (``by_payer: {kommune: -5}``) as its keys,
    each with its value ``checks.UNREAD``; anything else UNREAD (a key that is not text
    is refused as such)."""
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        return checks.UNREAD
    return dict.fromkeys(value, checks.UNREAD)


def _read_field(annotation: Any, value: Any, refused: list[str], at: str) -> Any:
    """A field's ``value`` read apart (``_read_apart``): a block's fields, or a list's
    items, each named as a problem names it (by id, or position); else UNREAD."""
    held = model_in(annotation)
    if held is None or (get_origin(annotation) is not list and annotation not in (
            held, held | None)):
        return checks.UNREAD
    if get_origin(annotation) is not list:
        return _read_apart(held, value, refused, at)
    if not isinstance(value, list):
        return checks.UNREAD
    items = []
    for index, item in enumerate(value):
        where = f"{at}.{_dotted((index,), value, '')}"
        if any(_within(path, where) for path in refused):
            items.append(_read_apart(held, item, refused, where))
            continue
        try:
            items.append(held.model_validate(item))
        except pydantic.ValidationError:  # no problem in it: not expected
            items.append(checks.UNREAD)
    return items


def _within(path: str, at: str) -> bool:
    """Whether the dotted ``path`` is ``at`` or lies inside it."""
    return path == at or path.startswith(f"{at}.")


def _one_line_each(ambiguous: list[Problem], refused: list[Problem]) -> list[Problem]:
    """The thousands points (``ambiguous``) and the model's refusals, one line for each
    wrong value: a value refused as ambiguous is not refused again as "expected a
    number", and one inside a value the model refuses whole (``[76.000]`` where a number
    goes) is said by that value's line."""
    said = {p.path for p in ambiguous}
    refused = [p for p in refused if p.path not in said]
    wholes = tuple(p.path + "." for p in refused)
    return [*(p for p in ambiguous if not p.path.startswith(wholes)), *refused]


def _pydantic_problems(err: pydantic.ValidationError, data: dict, file: str,
                       origins: Origins) -> list[Problem]:
    by_path: dict[str, Problem] = {}
    missing: set[str] = set()
    for error, refusal in _each_refusal(err):
        path = _dotted(error["loc"], data, error["type"])
        message = error_message(error)
        value, quote = error.get("input"), error["type"] != "missing"
        block = ""  # the field, where a part of its value is refused
        if refusal is not None:  # a part of the field's value: its own path
            block = path  # a --set elsewhere in it may be what clashes (``_problem``)
            path = ".".join(filter(None, (path, *refusal.keys)))
            message = refusal.message
            found, value = inside(value, refusal.keys)
            quote = refusal.quote and found
        hint = ""
        if refusal is not None and refusal.hint:  # an unknown key inside a field's value
            hint = refusal.hint
        elif refusal is not None and UNKNOWN.match(message):  # a key known elsewhere?
            hint = _placed(refusal.keys[-1], (*error["loc"], *refusal.keys[:-1]), data)
        elif error["type"] == "extra_forbidden":
            message, hint = _unknown_key(error["loc"], data, origins, path)
            quote = False  # the key is what is wrong, not the value under it
        elif (mapping := _mapping_expected(error)) is not None:
            message = mapping
        elif error["type"] == "missing" and path in MISSING_ACTUALS:
            hint = MISSING_ACTUALS[path]
        elif _ceiling(error) is not None:
            hint = "finsim's ceiling (README, Errors and limits)"
        elif error["type"] in BOUNDS and path.rsplit(".", 1)[-1] in RATE_KEYS:
            hint = model.YEARLY_RATE
        elif error["type"] == "string_type" and path.rsplit(".", 1)[-1] in MONTH_KEYS:
            message = f"expected a month, YYYY-MM, e.g. {EXAMPLE_MONTH}"  # YAML: 2013_01 is 201301
        elif path.endswith(ADVANCE_KEY) and (advance := written.advance_hint(value)):
            hint = advance  # '30 %': EUR go
        elif share_at(path, message) and (percent := written.percent_hint(value)):
            hint = percent  # 21 or '21 %' where a share or a rate goes
        elif isinstance(value, str):  # 65,50 where a number goes
            hint = written.comma_hint(value, raw.never_thousands(path, texts=[value]))
        message = in_period(message, data)
        if path in by_path:  # one line per place: alternatives of a union join
            old = by_path[path]
            if message not in old.message:
                by_path[path] = replace(old, message=f"{old.message}, or {message}")
            continue
        by_path[path] = _problem(file, origins, path, message, value, hint,
                                 show_value=quote, block=block)
        if error["type"] == "missing":
            missing.add(path)
    said = missing & _meant(by_path.values())
    return in_line_order([p for path, p in by_path.items() if path not in said])


MEANT = re.compile(r"did you mean '(.+)'\?")
"""A near-miss hint (``errors.suggest``), the key meant."""


def _meant(problems: Iterable[Problem]) -> set[str]:
    """The paths of the keys that unknown keys among ``problems`` were likely meant as: a
    required key missing there is said by the unknown key's line (its cause)."""
    return {f"{p.path.rpartition('.')[0]}.{meant[1]}".lstrip(".") for p in problems
            if UNKNOWN.match(p.message) and (meant := MEANT.fullmatch(p.hint))}


def _each_refusal(err: pydantic.ValidationError) -> list[tuple[dict, Refusal | None]]:
    """Each pydantic error with the refusal of a part of its field's value, once for each
    part a validator refused (every bad month of a schedule, each on its own line)."""
    out: list[tuple[dict, Refusal | None]] = []
    for error in err.errors():
        refusal = (error.get("ctx") or {}).get("error")
        parts = refusal.each() if isinstance(refusal, Refusal) else [None]
        out.extend((error, part) for part in parts)
    return out


def in_line_order(problems: list[Problem]) -> list[Problem]:
    """Problems of a file in the order of its lines (pydantic reports them field by
    field, so a file's typos read 11, 9, 5, 7, 6), the files in the order first named;
    those without a line (a --set, a missing key) after a file's lines."""
    files = {p.file: i for i, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (files[p.file], p.line is None, p.line or 0))


MISSING_ACTUALS = {
    "actuals.spells": "a re-forecast needs the actual spells: --actuals SPELLS.csv, or "
                      "spells in the scenario's actuals block",
    "actuals.as_of": "a re-forecast needs its first month forecast: --as-of YYYY-MM, or "
                     "as_of in the scenario's actuals block"}
"""What to give for a key a re-forecast lacks: ``--as-of`` or ``--booked`` alone uses the
rest of the scenario's ``actuals`` block, and a scenario without one needs both."""

RATE_KEYS = frozenset({"annual_increase"})
"""The format's keys that take a yearly rate: a bound refused there says how a rate is
written (``annual_increase: 1``, meant as 1 %, is 100 % a year)."""

ADVANCE_KEY = ".payment.advance"
"""The end of a funder's advance's path: an amount in EUR, which a user may write as a
share of the funder's money (``written.advance_hint``)."""

MONTH_KEYS = frozenset({"start", "simulate_from", "from", "until", "as_of"})
"""The format's keys that take a month (``YYYY-MM``, text)."""


def in_period(message: str, data: dict) -> str:
    """``message`` with its example month (``e.g. 2013-01``, given where the scenario is
    not known) the first month of the scenario's period, where it has one: a 2027 file
    is shown a 2027 month."""
    start = data.get("period", {}).get("start") if isinstance(data.get("period"), dict) \
        else None
    example = f"e.g. {EXAMPLE_MONTH}"
    if example not in message or not isinstance(start, str):
        return message
    try:
        month = str(Month.parse(start))
    except ValueError:
        return message
    return message.replace(example, f"e.g. {month}")


def share_at(path: str, message: str) -> bool:
    """Whether the value refused at ``path`` is a share or a rate, which a user may have
    written in percent (``retention: 10%``, refused as "expected a number"): a share by
    the refusal or the place (``written.share_refused``), or a field bounded by 1 at most
    (a monthly probability, a yearly rate, ``returns.<budget>``)."""
    if written.share_refused(path, message):
        return True
    bounds = field_bounds(path)  # walks the model: only where the refusal did not say
    return bounds is not None and bounds[1] <= 1


def _block(loc: tuple, data: Any) -> list[str]:
    """The keys written in the mapping at ``loc`` (a union's tags, not in the data,
    passed over): a key the block has is no near miss of another of its keys."""
    node = data
    for key in loc:
        listed = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if listed or (isinstance(node, dict) and key in node):
            node = node[key]
    return [str(k) for k in node] if isinstance(node, dict) else []


def _written_beside(origins: Origins, path: str, keys: list[str]) -> list[str]:
    """Those of ``keys`` (the block's of the unknown key at ``path``) written in the same
    file as it: a key written beside it is not the one it misspells. Keys of a base, or
    any where the unknown key came with ``--set``, may be what it was meant to set."""
    own = _origin(origins, path)
    if own is None or own.from_set:
        return []
    block = path.rpartition(".")[0]
    beside = [(key, _origin(origins, f"{block}.{key}" if block else key)) for key in keys]
    return [key for key, origin in beside
            if origin is not None and not origin.from_set and origin.file == own.file]


UNKNOWN = re.compile(r"unknown (key|category) '")
"""A refusal of a key inside a field's value (a category of ``covers``): one that may
belong elsewhere in the format (``basis`` is the funder's own)."""


def _unknown_key(loc: tuple, data: dict, origins: Origins, path: str) -> tuple[str, str]:
    """The message and hint of a key the model at ``loc[:-1]`` does not take: a near miss
    of its keys (a distribution's: of its family's parameters), else where the format
    takes the key (written one level off: ``employment.placement``), else the keys it
    takes there."""
    key, block = path.rsplit(".", 1)[-1], loc[:-1]
    message, cls = f"unknown key '{key}'", _model_at(block)
    if cls is model.Distribution:
        return message, _parameter_hint(key, inside(data, tuple(map(str, block)))[1])
    keys = keys_of(cls) if cls is not None else sorted(field_kinds().names)
    hint = (suggest(key, keys, _written_beside(origins, path, _block(block, data)))
            or _placed(key, block, data))
    if hint or cls is None:
        return message, hint
    return f"{message} (expected: {', '.join(keys)})", ""


def _parameter_hint(key: str, dist: Any) -> str:
    """A near miss of ``key`` among the parameters of the distribution's family (all
    families' where it names none the format has), never the ``scale`` flag (``shape:
    2`` is no misspelt true or false); else what the family takes."""
    dist = dist if isinstance(dist, dict) else {}
    family = model.PARAMETERS.get(dist.get("dist"))
    if near := suggest(key, list(family or model.ALL_PARAMETERS)):
        return near
    if family:
        return f"{dist['dist']} takes {', '.join(family)}"
    return "expected the parameters of its family: " + ", ".join(
        f"{name}({', '.join(taken)})" for name, taken in model.PARAMETERS.items())


def _placed(key: str, block: tuple, data: dict) -> str:
    """Where the format takes ``key``, a key refused at ``block`` (a pydantic location):
    the blocks that hold it nearest to ``block`` (sharing most of its path, then the
    shortest), said with ``block``'s own ids (``providers.hof.costs.wages``); empty if
    no block of the format has it."""
    here = _segments(block, data)
    pattern = [part for part, _ in here]

    def nearness(place: tuple[str, ...]) -> tuple[int, int]:
        return len(commonprefix([list(place), pattern])), -len(place)

    places = _places().get(key, [])
    if not places:
        return ""
    best = max(map(nearness, places))
    said = [".".join([shown for _, shown in here[:best[0]]] + list(place[best[0]:]))
            .replace(".[]", "[]") for place in places if nearness(place) == best]
    where = " or ".join(f"under {s}" if s else "at the top level" for s in said)
    return f"'{key}' belongs {where}"


@cache
def _places() -> dict[str, list[tuple[str, ...]]]:
    """Each key of the format and the blocks that take it, as paths of keys with ``[]``
    for a list's item: the documented blocks (``reference.BLOCKS``; not a distribution,
    whose keys a parameter path leads to) and the categories of a funder's ``covers``."""
    from .reference import BLOCKS  # the page's renderer: loaded when a key is refused

    blocks = [(where, keys_of(cls)) for where, cls in BLOCKS if "<" not in where]
    blocks.append(("funding[].covers", [*model.CATEGORIES, "total"]))
    places: dict[str, list[tuple[str, ...]]] = {}
    for where, keys in blocks:
        parts = () if where == "(top level)" else tuple(where.replace("[]", ".[]").split("."))
        for key in keys:
            places.setdefault(key, []).append(parts)
    return places


def _model_at(loc: tuple) -> type[pydantic.BaseModel] | None:
    """The model at ``loc`` (a pydantic location), or None where it cannot be told."""
    cls: type[pydantic.BaseModel] = model.Scenario
    keyed = False  # the next key is a mapping's own (a distribution's parameter path)
    for key in loc:
        if isinstance(key, int) or keyed:  # an item of a list or mapping of models
            keyed = False
            continue
        field = next((f for name, f in cls.model_fields.items() if key in (name, f.alias)),
                     None)
        inner = model_in(field.annotation) if field is not None else None
        if inner is None:
            return None
        keyed = get_origin(field.annotation) is dict
        cls = inner
    return cls


MAPPINGS = {
    "mix": "attributes, each with its values' shares, e.g. {sex: {male: 0.6, female: 0.4}}",
    "when": "attributes and the values that match, e.g. {age: [50-59, 60-65]}",
    "by_payer": "amounts by payer, e.g. {bund: 500, kommune: 300}",
    "returns": "shares of the gross wage by budget, e.g. {bund: 0.03}",
    "uncertainty": "parameter paths and their distributions, e.g. "
                   "{employment.hazards.placement: {dist: uniform, low: 0.005, high: 0.01}}",
}
"""What a mapping that is not a model holds, by its key, for a refusal of another value."""


def _mapping_expected(error: dict) -> str | None:
    """What a value that should be a mapping holds: a model's keys, or by the key it is
    written under (an attribute of ``mix`` holds its values' shares)."""
    if error["type"] in ("model_type", "model_attributes_type"):
        cls = getattr(model, (error.get("ctx") or {}).get("class_name", ""), None)
        if not (isinstance(cls, type) and issubclass(cls, pydantic.BaseModel)):
            return None
        keys = keys_of(cls)
        more = ", ..." if len(keys) > 6 else ""
        return f"expected a mapping of its keys ({', '.join(keys[:6])}{more})"
    if error["type"] != "dict_type":
        return None
    keys = [k for k in error["loc"] if isinstance(k, str)]
    if len(keys) >= 2 and keys[-2] == "mix":
        return "expected the attribute's values and their shares, e.g. {male: 0.6, female: 0.4}"
    held = MAPPINGS.get(keys[-1]) if keys else None
    return f"expected a mapping of {held}" if held else None


def _ceiling(error: dict) -> float | None:
    """The finsim ceiling an error is about, if any."""
    ctx = error.get("ctx") or {}
    bound = ctx.get("le", ctx.get("max_length"))
    return bound if error["type"] in ("less_than_equal", "too_long") and bound in CEILINGS \
        else None


def _dotted(loc: tuple, data: Any, kind: str) -> str:
    """The user's dotted path for a pydantic location: list items by id (by position
    where an earlier item has the id: ``_line_map`` keeps its line there, or where the id
    cannot name it: ``paths.path_id``), union tags dropped."""
    return ".".join(shown for _, shown in _segments(loc, data, kind))


def _segments(loc: tuple, data: Any, kind: str = "") -> list[tuple[str, str]]:
    """``_dotted``'s keys, each with the key of the format it stands for: ``[]`` for a
    list's item (shown by its id), a key for itself."""
    parts, node = [], data
    for i, key in enumerate(loc):
        if isinstance(node, dict) and key in node:
            node = node[key]
            parts.append((str(key), str(key)))
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            earlier = [item.get("id") for item in node[:key] if isinstance(item, dict)]
            node, ident = node[key], path_id(node[key])
            parts.append(("[]", ident if ident is not None and ident not in earlier
                          else str(key)))
        elif kind == "missing" and i == len(loc) - 1:
            parts.append((str(key), str(key)))
    return parts

