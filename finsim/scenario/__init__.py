"""Scenario layer: load, validate and resolve scenario files.

- ``load_scenario`` reads a file (with ``base:`` and ``--set``) into a ``Scenario``.
- ``Scenario`` and its parts are the typed scenario format.
- ``ScenarioError`` carries every problem found in a user's input.
- ``get_path`` / ``set_path`` address any value by a dotted path.

Each name is imported on first use: the light modules (``errors``, ``limits``) can be
used without building the pydantic models (``finsim --help`` needs only those).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Problem, ScenarioError
    from .load import load_scenario, reloadable_data, resolved_data, scenario_from_dict
    from .model import CATEGORIES, Scenario
    from .paths import PathError, get_path, set_path
    from .schedule import Month

_MODULES = {
    "CATEGORIES": "model",
    "Month": "schedule",
    "PathError": "paths",
    "Problem": "errors",
    "Scenario": "model",
    "ScenarioError": "errors",
    "get_path": "paths",
    "load_scenario": "load",
    "reloadable_data": "load",
    "resolved_data": "load",
    "scenario_from_dict": "load",
    "set_path": "paths",
}
"""Each exported name and the module that defines it."""

__all__ = [
    "CATEGORIES",
    "Month",
    "PathError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "get_path",
    "load_scenario",
    "reloadable_data",
    "resolved_data",
    "scenario_from_dict",
    "set_path",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
        globals()[name] = value  # once: the next look-up is a plain attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
