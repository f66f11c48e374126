"""Typed replacement of values in a validated scenario, checking only what changed.

Uncertainty draws and sensitivity points change a few numbers of a scenario that was
already validated as a whole. Re-validating the whole file for each of them costs more
than the replication itself, so ``replaced`` copies only the models on the path to each
value and re-validates only the smallest model that holds it (e.g. ``Hazards`` for
``employment.hazards.placement``): the drawn value's own bounds. The rules that span
several fields and depend on values (funders' shares of a category adding up to at most
1) run again only when a drawn path is in ``funding`` (and not in a funder's payment
terms).
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, PlainValidator, WrapValidator
from pydantic_core import PydanticUndefined

from .checks import _share_problems as share_problems
from .errors import Problem, Refusal, ScenarioError, error_message
from .load import carry_private, resolved_data
from .model import Scenario
from .paths import PathError, get_path, in_force, keys_of, replace_path, set_path, written
from .raw import positive_zeros
from .schedule import number_or_schedule, numbers_list


def replaced(scn: Scenario, values: dict[str, Any], source: str = "uncertainty",
             prefix: str = "", hint: str = "") -> Scenario:
    """``scn`` with each dotted path set to its value; a value its field refuses raises
    ``ScenarioError`` with one line per path (each message after ``prefix``). A
    ``-0.0`` is set as ``0.0`` (``raw.positive_zeros``)."""
    problems: list[Problem] = []
    for path, value in positive_zeros(values).items():
        try:
            target, new = _written(scn, path, value)
            scn = _replace(scn, target.split("."), new)
        except pydantic.ValidationError as err:
            problems.append(Problem(source, path, f"{prefix}{_reason(err, path)}",
                                    value, hint=hint))
        except PathError as err:
            problems.append(Problem(source, path, f"not a parameter path: {err}", value))
    if not problems and any(_reaches_shares(p) for p in values):
        problems = _shares_refused(scn, source, prefix, hint)
    if problems:
        raise ScenarioError(problems)
    return scn


def in_payment_terms(path: str) -> bool:
    """A path in a funder's payment terms (``funding.<funder>.payment...``): they say
    when money arrives, not how much of a category a funder takes or what it costs."""
    keys = path.split(".")
    return keys[0] == "funding" and keys[2:3] == ["payment"]


def _reaches_shares(path: str) -> bool:
    """A path that can change the funders' shares: in ``funding``, not its payment terms."""
    return path.split(".")[0] == "funding" and not in_payment_terms(path)


def _shares_refused(scn: Scenario, source: str, prefix: str, hint: str) -> list[Problem]:
    """The funders' shares of a category adding up to more than 1, one line each."""
    return [Problem(source, p, f"{prefix}{msg}", show_value=False, hint=hint)
            for p, msg in share_problems(scn.funding, scn.period.simulate_from
                                         or scn.period.start, top_up=False)]


def current(scn: Scenario, path: str) -> Any:
    """The value at a dotted path of a validated scenario (a number or a schedule)."""
    node: Any = scn
    parts = path.split(".")
    for i, key in enumerate(parts):
        if isinstance(node, BaseModel):
            if key not in type(node).model_fields:
                raise PathError(f"no key '{key}'")
            node = getattr(node, key)
        elif isinstance(node, list):
            node = _item(node, key)
        elif isinstance(node, dict) and isinstance(node.get(key), BaseModel):
            node = node[key]  # a model within a mapping: a funder's {wages: by_tenure_year}
        else:
            return get_path(node, ".".join(parts[i:]))
    return node


def value_in_force(scn: Scenario, path: str) -> Any:
    """``current``, or where the scenario does not write ``path`` the value in force there
    (``paths.in_force``: a schedule's month, the program's value under a provider)."""
    try:
        return current(scn, path)
    except PathError:
        return in_force(resolved_data(scn), path)


def _written(scn: Scenario, path: str, value: Any) -> tuple[str, Any]:
    """``paths.written`` of ``path`` in ``scn``: as it is where the scenario writes it."""
    try:
        current(scn, path)
    except PathError:
        return written(resolved_data(scn), path, value)
    return path, value


def block_refusal(scn: Scenario, path: str, applied: str) -> str | None:
    """Why ``path`` cannot be drawn or ranged when it holds a block (``employment.hazards``,
    ``costs.material``): its numbers look like a schedule's, but no value stands for the
    block and no factor multiplies it. The message names its keys, what ``applied`` (``a
    factor scales``) takes, and one of its numbers to name instead; None for a value."""
    try:
        node = current(scn, path)
    except PathError:
        return None
    if not isinstance(node, BaseModel):
        return None
    keys = keys_of(type(node))
    more = ", ..." if len(keys) > 6 else ""
    block = f"holds a block of its keys ({', '.join(keys[:6])}{more}), not a number"
    example = _a_number_in(node, path)
    if example is None and (listed := _a_list_in(node, path)):
        at, n = listed  # a share by tenure year: one year's, or the list for a factor
        return (f"{block}; name one of its numbers, {at}.0 to {at}.{n - 1}, or its list, "
                f"{at}, which a factor scales whole")
    instead = f"; name one of its numbers, e.g. {example}" if example else ""
    return f"{block}: {applied} a number or a schedule only{instead}"


def _a_number_in(node: BaseModel, path: str) -> str | None:
    """The path of the first number or schedule of numbers in a block, blocks within it
    searched in order."""
    for name in type(node).model_fields:
        value, at = getattr(node, name), f"{path}.{name}"
        found = _a_number_in(value, at) if isinstance(value, BaseModel) else (
            at if number_or_schedule(value) else None)
        if found:
            return found
    return None


def _a_list_in(node: BaseModel, path: str) -> tuple[str, int] | None:
    """The path and length of the first list of numbers in a block (``by_tenure_year``),
    blocks within it searched in order."""
    for name in type(node).model_fields:
        value, at = getattr(node, name), f"{path}.{name}"
        found = _a_list_in(value, at) if isinstance(value, BaseModel) else (
            (at, len(value)) if numbers_list(value) else None)
        if found:
            return found
    return None


def _replace(node: Any, parts: list[str], value: Any) -> Any:
    """``node`` with the value at ``parts`` replaced; the innermost model is validated."""
    if isinstance(node, list):
        item = _item(node, parts[0])
        new = _replace(item, parts[1:], value) if parts[1:] else value
        return [new if i is item else i for i in node]
    key, rest = parts[0], parts[1:]
    if key not in type(node).model_fields:
        raise PathError(f"no key '{key}'")
    child = getattr(node, key)
    if rest and isinstance(child, BaseModel | list) and _holds_model(child):
        return node.model_copy(update={key: _replace(child, rest, value)})
    data = node.model_dump()
    if rest and child is None:  # a block not given (a provider's override): made, as --set
        data[key] = set_path({}, ".".join(rest), value)
    else:
        data[key] = replace_path(data[key], ".".join(rest), value) if rest else value
    new = type(node).model_validate(data)
    if isinstance(node, Scenario):
        return carry_private(node, new)
    return new


def _holds_model(child: Any) -> bool:
    return isinstance(child, BaseModel) or any(isinstance(i, BaseModel) for i in child)


def _item(items: list, key: str) -> Any:
    for item in items:
        if getattr(item, "id", None) == key:
            return item
    if key.isdigit() and int(key) < len(items):  # a list without ids: by position
        return items[int(key)]
    ids = ", ".join(str(getattr(i, "id", "?")) for i in items)
    raise PathError(f"no item with id '{key}' (ids: {ids or 'none'})")


def _reason(err: pydantic.ValidationError, path: str) -> str:
    """The first error's message, after where in the value at ``path`` it lies when that
    is deeper than ``path`` itself (``by_tenure_year.1`` of a share replaced whole)."""
    error = err.errors()[0]
    refusal = (error.get("ctx") or {}).get("error")
    keys = refusal.keys if isinstance(refusal, Refusal) else ()
    where = ".".join(str(x) for x in (*error["loc"], *keys))
    text = error_message(error)
    if not where or path == where or path.endswith("." + where):
        return text
    return f"{where}: {text}"


class Replacer:
    """``replaced`` for a fixed set of paths, planned once per scenario (a run's drawn
    paths, a sensitivity's parameters): each value lands in its innermost model, whose
    fields are dumped once here, so a replacement validates that one small model and
    copies the models above it once, however many paths share them. The values, the
    checks and the messages are those of ``replaced``, which handles paths this plan
    cannot (a whole schedule's month, a top-level field)."""

    def __init__(self, scn: Scenario, paths: list[str]) -> None:
        self.scenario = scn
        self.leaves: dict[str, tuple[tuple[str, ...], str, BaseModel]] = {}
        """path -> (keys to its innermost model, its field there, that model)."""
        try:  # a path this plan cannot take: ``replaced`` refuses or handles it
            for path in paths:
                *above, key = path.split(".")
                leaf = current(scn, ".".join(above)) if above else None
                if not isinstance(leaf, BaseModel) or key not in type(leaf).model_fields \
                        or not _plain_keys(scn, above):
                    raise PathError(path)
                self.leaves[path] = (tuple(above), key, leaf)
        except Exception:  # noqa: BLE001 - ``replaced`` says what is wrong with it
            self.leaves = {}
        chains = {above for above, _, _ in self.leaves.values()}
        nested = any(a != b and a == b[:len(a)] for a in chains for b in chains)
        self.fast = bool(self.leaves) and len(self.leaves) == len(paths) and not nested
        """False if a path's model holds another path's (``employment.max_months`` and
        ``employment.hazards.dropout``): one is validated with the other in it."""
        self._data = {above: leaf.model_dump() for above, _, leaf in self.leaves.values()}
        self._shares = any(_reaches_shares(p) for p in paths)
        self._current: dict[str, Any] = {}
        self._alone = all(_checked_alone(type(leaf)) for _, _, leaf in self.leaves.values())
        """Every planned value can be checked on its own (``_checked_alone``)."""
        self._inner = _above(scn, chains) if self.fast else []
        self._fields = {above: tuple(type(leaf).model_fields)
                        for above, _, leaf in self.leaves.values()}

    def current(self, path: str) -> Any:
        """``current(scenario, path)``, looked up once (a scaled draw multiplies it)."""
        if path not in self._current:
            self._current[path] = current(self.scenario, path)
        return self._current[path]

    def replaced(self, values: dict[str, Any], source: str = "uncertainty",
                 prefix: str = "", hint: str = "") -> Scenario:
        """``replaced(scenario, values, ...)``, for values at the planned paths."""
        values = positive_zeros(values)
        if not self.fast or values.keys() != self.leaves.keys():
            return replaced(self.scenario, values, source, prefix, hint)
        models = (self._assigned(values) if self._alone else None) or self._validated(
            values, source, prefix, hint)
        scn = _rebuilt(self._inner, models)
        if self._shares and (problems := _shares_refused(scn, source, prefix, hint)):
            raise ScenarioError(problems)
        return scn

    def _validated(self, values: dict[str, Any], source: str, prefix: str,
                   hint: str) -> dict[tuple[str, ...], BaseModel]:
        """Each value's innermost model validated again with it (and the values before
        it in the same model); a refused value raises, one line per value."""
        data = dict(self._data)
        models: dict[tuple[str, ...], BaseModel] = {}
        problems: list[Problem] = []
        for path, value in values.items():
            above, key, leaf = self.leaves[path]
            new = {**data[above], key: value}
            try:
                models[above] = type(leaf).model_validate(new)
            except pydantic.ValidationError as err:
                problems.append(Problem(source, path, f"{prefix}{_reason(err, path)}",
                                        value, hint=hint))
                continue
            data[above] = new
        if problems:
            raise ScenarioError(problems)
        return models

    def _assigned(self, values: dict[str, Any]) -> dict[tuple[str, ...], BaseModel] | None:
        """``_validated``'s models, each value checked on its own in a copy of its model
        (pydantic's ``validate_assignment``); None if one is refused (``_validated`` then
        says which, as ``replaced`` does)."""
        models: dict[tuple[str, ...], BaseModel] = {}
        for path, value in values.items():
            above, key, leaf = self.leaves[path]
            model = models.get(above)
            if model is None:  # every field set, as validating the whole model sets them
                model = models[above] = _copied(leaf, {}, self._fields[above])
            try:
                leaf.__pydantic_validator__.validate_assignment(model, key, value)
            except pydantic.ValidationError:
                return None
        return models


_VALIDATORS = {AfterValidator: "after", BeforeValidator: "before", PlainValidator: "plain",
               WrapValidator: "wrap"}


@functools.cache
def _checked_alone(cls: type[BaseModel]) -> bool:
    """Whether a value of one of ``cls``'s fields checked on its own (pydantic's
    ``validate_assignment``: that field's checks, then the model's checks after its
    fields) is checked as by validating the whole model again: no model check runs
    before or around the fields, and no field's check reads another field's value (its
    ``info``). Validating a drawn coach cost's whole block again read every other value
    of it again, a schedule's months too."""
    decorators = cls.__pydantic_decorators__
    if any(d.info.mode != "after" for d in decorators.model_validators.values()):
        return False
    checks = [(d.func, d.info.mode) for d in decorators.field_validators.values()]
    checks += [(m.func, _VALIDATORS[type(m)]) for f in cls.model_fields.values()
               for m in f.metadata if type(m) in _VALIDATORS]
    return not any(_takes_info(func, mode) for func, mode in checks)


def _takes_info(check: Any, mode: str) -> bool:
    """Whether a field check takes pydantic's ``info`` (the other fields' values): more
    positional parameters without a default than the value (and a wrapping check's
    handler); True if its signature cannot be read."""
    try:
        parameters = inspect.signature(check).parameters.values()
    except (TypeError, ValueError):
        return True
    required = [p for p in parameters if p.default is p.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(required) > (2 if mode == "wrap" else 1)


def _plain_keys(scn: Scenario, keys: list[str]) -> bool:
    """Every step of ``keys`` is a model's field or a list's item (no mapping): the
    models on the way can be copied with the one below replaced."""
    node: Any = scn
    for key in keys:
        if isinstance(node, list):
            node = _item(node, key)
        elif isinstance(node, BaseModel) and key in type(node).model_fields:
            node = getattr(node, key)
        else:
            return False
    return isinstance(node, BaseModel)


Inner = list[tuple[tuple[str, ...], Any, list[tuple[str, tuple[str, ...], list[int]]]]]
"""The models and lists above a plan's innermost models, deepest first: each one's keys
from the scenario, the scenario's own object there, and its children on the way
(key, the child's keys, and in a list the child's positions)."""


def _above(scn: Scenario, chains: set[tuple[str, ...]]) -> Inner:
    """``Inner`` of the innermost models at ``chains`` (none holds another)."""
    kids: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}
    for chain in chains:
        for n in range(len(chain)):
            kids.setdefault(chain[:n], {})[chain[n]] = chain[:n + 1]
    inner: Inner = []
    for keys in sorted(kids, key=len, reverse=True):
        node = current(scn, ".".join(keys)) if keys else scn
        inner.append((keys, node, [
            (key, child, [j for j, i in enumerate(node) if i is _item(node, key)]
             if isinstance(node, list) else [])
            for key, child in kids[keys].items()]))
    return inner


def _rebuilt(inner: Inner, models: dict[tuple[str, ...], BaseModel]) -> Any:
    """The scenario with ``models`` in their places: each model and list above them
    copied once, with its new children (``Inner``, deepest first)."""
    new: dict[tuple[str, ...], Any] = dict(models)
    for keys, node, children in inner:
        if isinstance(node, list):
            items = list(node)
            for _, child, positions in children:
                for j in positions:
                    items[j] = new[child]
            new[keys] = items
        else:
            new[keys] = _copied(node, {key: new[child] for key, child, _ in children})
    return new[()]


def _copied(node: BaseModel, update: dict[str, Any],
            fields_set: tuple[str, ...] | None = None) -> BaseModel:
    """``node.model_copy(update=update)``, as pydantic makes it, without its generic
    copies (a drawn scenario copies four models: half of its cost was theirs); with
    ``fields_set`` as its fields set instead of the node's and ``update``'s."""
    new = object.__new__(type(node))
    put = object.__setattr__
    put(new, "__dict__", {**node.__dict__, **update})
    put(new, "__pydantic_fields_set__", node.__pydantic_fields_set__.union(update)
        if fields_set is None else set(fields_set))
    extra, private = node.__pydantic_extra__, node.__pydantic_private__
    put(new, "__pydantic_extra__", None if extra is None else dict(extra))
    put(new, "__pydantic_private__", None if private is None else {
        k: v for k, v in private.items() if v is not PydanticUndefined})
    return new
