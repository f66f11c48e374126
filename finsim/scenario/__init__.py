"""Scenario layer: load, validate and resolve scenario files.

- ``load_scenario`` reads a file (with ``base:`` and ``--set``) into a ``Scenario``.
- ``Scenario`` and its parts are the typed scenario format.
- ``ScenarioError`` carries every problem found in a user's input.
- ``get_path`` / ``set_path`` address any value by a dotted path.
"""

from .errors import Problem, ScenarioError
from .load import load_scenario, resolved_data, scenario_from_dict
from .model import CATEGORIES, Scenario
from .paths import PathError, get_path, set_path
from .schedule import Month

__all__ = [
    "CATEGORIES",
    "Month",
    "PathError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "get_path",
    "load_scenario",
    "resolved_data",
    "scenario_from_dict",
    "set_path",
]
