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

from typing import Any

import pydantic
from pydantic import BaseModel

from .checks import _share_problems as share_problems
from .errors import Problem, ScenarioError
from .model import Scenario
from .paths import PathError, get_path, replace_path


def replaced(scn: Scenario, values: dict[str, Any], source: str = "uncertainty",
             prefix: str = "", hint: str = "") -> Scenario:
    """``scn`` with each dotted path set to its value; a value its field refuses raises
    ``ScenarioError`` with one line per path (each message after ``prefix``)."""
    problems: list[Problem] = []
    for path, value in values.items():
        try:
            scn = _replace(scn, path.split("."), value)
        except pydantic.ValidationError as err:
            problems.append(Problem(source, path, f"{prefix}{_reason(err)}",
                                    value, hint=hint))
        except PathError as err:
            problems.append(Problem(source, path, f"not a parameter path: {err}", value))
    if not problems and any(_reaches_shares(p) for p in values):
        problems = [Problem(source, p, f"{prefix}{msg}", show_value=False,
                            hint=hint)
                    for p, msg in share_problems(scn.funding)]
    if problems:
        raise ScenarioError(problems)
    return scn


def _reaches_shares(path: str) -> bool:
    """A path in ``funding`` other than a funder's payment terms (which say when money
    arrives, not how much of a category a funder takes)."""
    keys = path.split(".")
    return keys[0] == "funding" and keys[2:3] != ["payment"]


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
        else:
            return get_path(node, ".".join(parts[i:]))
    return node


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
    if rest and child is None:
        raise PathError(f"'{rest[0]}' is in a block the scenario does not give")
    if rest and isinstance(child, BaseModel | list) and _holds_model(child):
        return node.model_copy(update={key: _replace(child, rest, value)})
    data = node.model_dump()
    data[key] = replace_path(data[key], ".".join(rest), value) if rest else value
    return type(node).model_validate(data)


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


def _reason(err: pydantic.ValidationError) -> str:
    error = err.errors()[0]
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    where = ".".join(str(x) for x in error["loc"])
    text = message[0].lower() + message[1:] if message else message
    return f"{where}: {text}" if where else text

