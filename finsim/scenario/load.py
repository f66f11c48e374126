"""Load a scenario file: safe YAML, ``base:`` inheritance, ``--set`` overrides, validation.

Every problem in a file is collected and raised together as a ``ScenarioError`` so a
user fixes a file in one pass. YAML is read with a safe loader only: a ``!!python``
tag is refused, never executed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import yaml

from . import caseload, checks, limits, model
from .errors import Problem, ScenarioError, suggest
from .paths import PathError, deep_merge, get_path, set_path

CEILINGS = {limits.MAX_MONTHS, limits.MAX_AMOUNT_EUR, limits.MAX_HOURS_PER_WEEK,
            limits.MAX_REPLICATIONS, limits.MAX_SEED, limits.MAX_PROVIDERS, limits.MAX_FUNDERS,
            limits.MAX_MODULES}
"""Upper bounds of model fields that are finsim's own ceilings, named as such in a refusal."""

_FIELD_NAMES = {
    name
    for cls in vars(model).values()
    if isinstance(cls, type) and issubclass(cls, pydantic.BaseModel)
    for name in cls.model_fields
}


class _SafeLoader(yaml.SafeLoader):
    """The safe loader, refusing duplicate keys (YAML would silently keep the last)."""


def _construct_mapping(loader: _SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first on line {seen[key]})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_scenario(path: str | Path, sets: list[str] | tuple[str, ...] = ()) -> model.Scenario:
    """The validated scenario in ``path``, after ``base:`` and the ``--set`` overrides."""
    path = Path(path)
    data, lines = _read_with_bases(path, ())
    data = caseload.anchored(apply_sets(data, sets, str(path)), path.parent)
    return validate(data, str(path), lines)


def scenario_from_dict(data: dict, source: str = "<scenario>") -> model.Scenario:
    """Validate plain data (e.g. a scenario with drawn parameters) into a Scenario."""
    return validate(data, source, {})


def resolved_data(scn: model.Scenario) -> dict:
    """The scenario as plain data, every default filled in: what ``finsim show`` prints."""
    data = scn.model_dump(mode="json", exclude_none=True)
    data.pop("base", None)
    return data


def parse_set(text: str, source: str = "--set") -> tuple[str, Any]:
    """Split ``PATH=VALUE``; VALUE is a YAML scalar or flow collection."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise ScenarioError([Problem(source, text, "expected PATH=VALUE, e.g. "
                                     "providers.cjd.slots=45", show_value=False)])
    try:
        value = yaml.load(raw, Loader=_SafeLoader)
    except yaml.YAMLError as err:
        problem = Problem(source, path, f"value is not valid YAML: {err}", raw)
        raise ScenarioError([problem]) from None
    return path.strip(), value


def apply_sets(data: dict, sets: list[str] | tuple[str, ...], file: str) -> dict:
    """``data`` with each ``PATH=VALUE`` applied in order.

    A value set on the command line is meant to hold: if the scenario draws that same
    parameter in ``uncertainty`` (replacing it), the draw is dropped. A ``scale: true``
    draw stays, and multiplies the value set.
    """
    problems = []
    for text in sets:
        try:
            path, value = parse_set(text)
            data = set_path(data, path, value)
            data = _without_replacing_draw(data, path)
        except ScenarioError as err:
            problems += err.problems
        except PathError as err:
            problems.append(Problem(f"{file} (--set)", text.partition("=")[0], str(err),
                                    show_value=False))
    if problems:
        raise ScenarioError(problems)
    return data


def _without_replacing_draw(data: dict, path: str) -> dict:
    uncertainty = data.get("uncertainty")
    if not isinstance(uncertainty, dict) or not isinstance(uncertainty.get(path), dict):
        return data
    if uncertainty[path].get("scale"):
        return data
    kept = {key: dist for key, dist in uncertainty.items() if key != path}
    return {**data, "uncertainty": kept}


def validate(data: Any, file: str, lines: dict[str, int]) -> model.Scenario:
    """The Scenario for ``data``, or a ScenarioError listing every problem."""
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, "", "expected a mapping of scenario keys "
                                     "(name, period, participants, ...)", data)])
    duplicates = [Problem(file, p, msg, line=lines.get(p), show_value=False)
                  for p, msg in checks.duplicate_ids(data)]
    if duplicates:
        raise ScenarioError(duplicates)
    try:
        scn = model.Scenario.model_validate(data)
    except pydantic.ValidationError as err:
        raise ScenarioError(_pydantic_problems(err, data, file, lines)) from None
    problems = [Problem(file, p, msg, _value_at(data, p), lines.get(p), show_value=False)
                for p, msg in checks.cross_check(scn)]
    if problems:
        raise ScenarioError(problems)
    if caseload.is_file_value(scn.participants.initial):
        if scn.period.simulate_from is not None:
            raise ScenarioError([Problem(
                file, "period.simulate_from", "a caseload file already says who is in the "
                "program at the start: leave simulate_from out", scn.period.simulate_from,
                lines.get("period.simulate_from"))])
        caseload.starting_caseload(scn)  # its problems are the user's, one line each
    return scn


def _read_with_bases(path: Path, chain: tuple[Path, ...]) -> tuple[dict, dict[str, int]]:
    data, lines = read_yaml(path)
    data = caseload.anchored(data, path.parent)
    base = data.pop("base", None)
    if base is None:
        return data, lines
    base_path = (path.parent / str(base)).resolve()
    if base_path in chain or base_path == path.resolve():
        loop = " -> ".join(str(p) for p in (*chain, path.resolve(), base_path))
        raise ScenarioError([Problem(str(path), "base", f"inheritance loops: {loop}", base,
                                     lines.get("base"))])
    if not base_path.is_file():
        raise ScenarioError([Problem(str(path), "base", f"base file {base_path} does not exist "
                                     "(the path is relative to this file)", base,
                                     lines.get("base"))])
    base_data, _ = _read_with_bases(base_path, (*chain, path.resolve()))
    return deep_merge(base_data, data), lines


def read_yaml(path: Path) -> tuple[dict, dict[str, int]]:
    """The file's data and the line of each dotted path; refuses anything not a mapping."""
    file = str(path)
    if not path.exists():
        raise ScenarioError([Problem(file, "", "file does not exist", show_value=False)])
    if not path.is_file():
        raise ScenarioError([Problem(file, "", "is a directory, not a scenario file",
                                     show_value=False)])
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_SafeLoader)
        data = yaml.load(text, Loader=_SafeLoader)
    except UnicodeDecodeError:
        raise ScenarioError([Problem(file, "", "is not UTF-8 text", show_value=False)]) from None
    except yaml.YAMLError as err:
        raise ScenarioError([_yaml_problem(file, err)]) from None
    if data is None:
        raise ScenarioError([Problem(file, "", "the file is empty: expected a scenario "
                                     "(name, period, participants, ...)", show_value=False)])
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, "", "expected a mapping of scenario keys", data)])
    return data, _line_map(node)


def _yaml_problem(file: str, err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(err, "problem", None) or str(err)
    if "constructor for the tag" in problem:
        tag = problem.split("'")[1] if "'" in problem else problem
        return Problem(file, "", f"YAML tag {tag} is not allowed: finsim reads plain data only",
                       line=line, show_value=False)
    return Problem(file, "", f"YAML syntax error: {problem}", line=line, show_value=False)


def _line_map(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}{key.value}"
            lines[path] = key.start_mark.line + 1
            lines.update(_line_map(value, path + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{_item_key(item, index)}"
            lines[path] = item.start_mark.line + 1
            lines.update(_line_map(item, path + "."))
    return lines


def _item_key(item: yaml.Node, index: int) -> str:
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value.value
    return str(index)


def _pydantic_problems(err: pydantic.ValidationError, data: dict, file: str,
                       lines: dict[str, int]) -> list[Problem]:
    by_path: dict[str, Problem] = {}
    for error in err.errors():
        path = _dotted(error["loc"], data, error["type"])
        message = _message(error)
        hint = ""
        if error["type"] == "extra_forbidden":
            key = path.rsplit(".", 1)[-1]
            message = f"unknown key '{key}'"
            hint = suggest(key, _FIELD_NAMES)
        elif _ceiling(error) is not None:
            hint = "finsim's ceiling (README, Errors and limits)"
        if path in by_path:  # one line per place: alternatives of a union join
            old = by_path[path]
            if message not in old.message:
                by_path[path] = Problem(file, path, f"{old.message}, or {message}", old.value,
                                        old.line, old.hint)
            continue
        missing = error["type"] == "missing"
        by_path[path] = Problem(file, path, message, error.get("input"),
                                _line(lines, path), hint, show_value=not missing)
    return list(by_path.values())


def _ceiling(error: dict) -> float | None:
    """The finsim ceiling an error is about, if any."""
    ctx = error.get("ctx") or {}
    bound = ctx.get("le", ctx.get("max_length"))
    return bound if error["type"] in ("less_than_equal", "too_long") and bound in CEILINGS \
        else None


def _dotted(loc: tuple, data: Any, kind: str) -> str:
    """The user's dotted path for a pydantic location: list items by id, union tags dropped."""
    parts, node = [], data
    for i, key in enumerate(loc):
        if isinstance(node, dict) and key in node:
            node = node[key]
            parts.append(str(key))
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            parts.append(str(node["id"]) if isinstance(node, dict) and "id" in node else str(key))
        elif kind == "missing" and i == len(loc) - 1:
            parts.append(str(key))
    return ".".join(parts)


def _message(error: dict) -> str:
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] == "missing":
        return "required key is missing"
    return message[0].lower() + message[1:] if message else message


def _line(lines: dict[str, int], path: str) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return None


def _value_at(data: dict, path: str) -> Any:
    try:
        return get_path(data, path)
    except PathError:
        return None
