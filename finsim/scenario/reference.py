"""Render the scenario format reference (``docs/scenario-format.md``) from the models.

The models' field descriptions are the documentation; this page is generated from them
so the two cannot drift (a test compares). Regenerate with
``python -m finsim.scenario.reference > docs/scenario-format.md``.
"""

from __future__ import annotations

import ast
import inspect

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from . import limits, model
from .paths import stated_bounds, unwrapped

BLOCKS: list[tuple[str, type[BaseModel]]] = [
    ("(top level)", model.Scenario),
    ("period", model.Period),
    ("simulation", model.SimulationSettings),
    ("participants", model.Participants),
    ("employment", model.Employment),
    ("employment.hazards", model.Hazards),
    ("employment.modifiers[]", model.Modifier),
    ("providers[]", model.Provider),
    ("providers[].employment", model.EmploymentPatch),
    ("providers[].employment.hazards", model.HazardsPatch),
    ("providers[].costs", model.CostsPatch),
    ("providers[].costs.wages", model.WagesPatch),
    ("providers[].costs.wages.subsidy_base", model.SubsidyBasePatch),
    ("providers[].costs.staff", model.StaffPatch),
    ("providers[].costs.material", model.MaterialPatch),
    ("costs", model.Costs),
    ("costs.wages", model.Wages),
    ("costs.wages.subsidy_base", model.SubsidyBase),
    ("costs.staff", model.Staff),
    ("costs.material", model.Material),
    ("costs.qualification[]", model.Module),
    ("costs.one_off[]", model.OneOff),
    ("costs.overhead", model.Overhead),
    ("funding[]", model.Funder),
    ("funding[].covers.<category>.by_tenure_year", model.TenureShares),
    ("funding[].transfer", model.Transfer),
    ("funding[].payment", model.Payment),
    ("prices", model.Prices),
    ("passive_benefits", model.PassiveBenefits),
    ("passive_benefits.parts", model.BenefitParts),
    ("uncertainty.<path>", model.Distribution),
    ("actuals", model.ActualsSource),
]

HEADER = """# Scenario format reference

Generated from `finsim/scenario/model.py` by `python -m finsim.scenario.reference`; a test
keeps it in step. Every block refuses unknown keys. "number or schedule" means a plain
number or `{YYYY-MM: value, ...}` (a value holds from its month to the next key; before
the first key the first value holds). Parameter paths are dotted, list items by id
(`providers.cjd.slots`, `funding.jobcenter.covers.wages`).

YAML tags: a scenario may write `!replace` before a list (README, `base:`) and YAML's
standard scalar tags `!!str`, `!!int` and `!!float` where the value reads as what the tag
says (`!!int '12'` is 12, `!!str 24` is the text 24, refused where a number goes;
`!!int 1.5` is refused). Every other tag (`!!binary`, `!!set`, `!!omap`, `!!timestamp`,
`!!python/...`, any other `!tag`, and the bare `!`, which YAML reads as text and PyYAML
as what the value looks like: `! 5` the number 5) is refused at its line and dotted path,
with what to write instead, beside the file's other problems.
"""


def _default(field) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        return "see block"
    if field.default is PydanticUndefined or field.default is None:
        return "none"
    if field.default in ({}, []):
        return "empty"
    return f"`{field.default}`"


def _number(value: float) -> str:
    return f"{value:.3g}" if value >= 1e7 else f"{value:g}"


SYMBOLS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
"""How the range column writes each bound (``paths.stated_bounds``)."""

SCHEMA_BOUNDS = {"minimum": "ge", "exclusiveMinimum": "gt", "maximum": "le",
                 "exclusiveMaximum": "lt"}
"""A JSON schema's bound keywords as ``stated_bounds`` names them."""


def _limits(field, schema: dict) -> str:
    parts = []
    _, metadata = unwrapped(field.annotation, list(field.metadata))  # X | None: X's bounds
    for item in metadata:
        parts += [f"{SYMBOLS[name]} {_number(value)}" for name, value in stated_bounds([item])]
        if getattr(item, "max_length", None) is not None:
            parts.append(f"at most {item.max_length} items")
    if not parts:  # a type its own validator reads states the validator's bounds in its schema
        return "; ".join(dict.fromkeys(_schema_ranges(schema, top=True)))
    return ", ".join(parts)


def _schema_ranges(schema: dict, top: bool = False) -> list[str]:
    """The range of each number a field's JSON schema bounds, in its alternatives, list
    items and mapping values (a schedule's, a share's in ``returns``), after its title
    where it has one of its own (a price kind's rate and index factor)."""
    bounds = [f"{SYMBOLS[SCHEMA_BOUNDS[key]]} {_number(schema[key])}"
              for key in SCHEMA_BOUNDS if key in schema]
    if bounds:
        title = "" if top or "title" not in schema else f"{schema['title']} "
        return [title + ", ".join(bounds)]
    inner = [*schema.get("anyOf", []), *schema.get("oneOf", []),
             *(schema[key] for key in ("items", "additionalProperties")
               if isinstance(schema.get(key), dict))]
    return [found for part in inner for found in _schema_ranges(part)]


def limit_rows() -> list[tuple[str, str, str]]:
    """(name, value, why) of every ceiling in ``limits``, the why from its docstring."""
    tree = ast.parse(inspect.getsource(limits))
    rows = []
    for node, after in zip(tree.body, tree.body[1:], strict=False):
        if (isinstance(node, ast.Assign) and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant) and node.targets[0].id.isupper()):
            name = node.targets[0].id
            value = getattr(limits, name)
            if isinstance(value, int | float):
                why = " ".join(after.value.value.split())
                shown = "2^128 - 1" if value == 2**128 - 1 else (
                    f"{value:,}" if isinstance(value, int) else _number(value))
                rows.append((name, shown, why))
    return rows


def _limits_section() -> list[str]:
    lines = ["## Limits", "", "finsim refuses, at validation and with one line, a scenario "
             "beyond these ceilings (`finsim/scenario/limits.py`). Besides the single values, "
             "the costs a scenario could reach over its horizon (every slot always occupied, "
             "every entrant taking every module) must stay within `MAX_TOTAL_EUR`, and the "
             "horizon must end by 9999-12.", "",
             "| limit | value | why |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {value} | {why} |" for name, value, why in limit_rows()]
    lines += ["", "## Reserved ids", "", "These words cannot be provider, funder, payer or "
              "budget ids "
              "(in any case, and in any encoding of their letters: a full-width `ｇａｐ` too), "
              "because the outputs use them as row, column or metric names; such an id is "
              "refused beside the other problems of its block, in one pass (a funder `gap` "
              "whose `covers` holds a wrong value: both lines):", "",
              "| id | why |", "| --- | --- |"]
    lines += [f"| `{word}` | {why} |" for word, why in limits.RESERVED_IDS.items()]
    lines += ["", "Nor can any id be a text that a CSV reader takes for a missing value or a "
              "number, as pandas' `read_csv` does by default (its `na_values`), for every "
              "output names the item by its id and its rows would drop out of a group-by: "
              + ", ".join(f"`{word}`" if word else "`''` (blank)"
                          for word in sorted(limits.READ_AS_MISSING))
              + "; and `inf`, `-inf`, `infinity` (in any case)."]
    lines += ["", "## Ids that read as another", "", "All id rules are checked together "
              "(`finsim/scenario/checks.py`, beside the reserved ids). Two provider ids, two "
              "funder ids or two module ids may not be equal after Unicode NFKC normalisation "
              "and case folding (`CJD` and `cjd`; `grünbau` written with one `ü` and with `u` "
              "and a combining diaeresis; a full-width `ｃ`); nor may two budgets: a payer is "
              "a budget, and so is a public funder's own id when it names no `budget`, and "
              "each key of a `budget` mapping (`{land: 0.6, EU: 0.4}` beside another "
              "funder's `{land: 0.6, eu: 0.4}` is refused; a budget written exactly alike "
              "twice is one budget). An id may not mix Latin, "
              "Greek and Cyrillic letters (`сjd` with a Cyrillic `с` reads as `cjd`). Each "
              "such id is refused with one line naming the id it reads as, or the letters "
              "and their alphabets. No id may begin or end with a blank (`'sued '` beside "
              "`sued` would make two panels titled `sued`), and a provider, funder or module "
              "id may hold no dot (a dotted path such as `--set providers.<id>.slots=9` "
              "would read `Süd 2.0` as `Süd 2` followed by `0`). Control characters and "
              "bidirectional controls are refused in every text, ids too (README, No control "
              "characters)."]
    return [*lines, ""]


def _type(schema: dict) -> str:
    """A short readable type from a field's JSON schema."""
    for union in ("anyOf", "oneOf"):  # oneOf: a union told apart by a discriminator
        if union in schema:
            kinds = [_type(s) for s in schema[union] if s.get("type") != "null"]
            return " or ".join(dict.fromkeys(kinds))
    if "$ref" in schema:
        return "block"
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return " or ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object":
        inner = schema.get("additionalProperties")
        return f"mapping to {_type(inner)}" if isinstance(inner, dict) else "mapping"
    return {"number": "number", "integer": "whole number", "string": "text",
            "boolean": "true/false"}.get(kind, kind)


def _first_paragraph(doc: str) -> str:
    """A docstring's first paragraph on one line (a first sentence may wrap)."""
    return " ".join(doc.strip().split("\n\n")[0].split())


def render() -> str:
    """The whole reference page as Markdown."""
    lines = [HEADER]
    for block, cls in BLOCKS:
        lines += [f"## `{block}`", "", _first_paragraph(cls.__doc__ or ""), ""]
        lines += ["| key | type | default | range | meaning |", "| --- | --- | --- | --- | --- |"]
        properties = cls.model_json_schema()["properties"]
        for key, field in cls.model_fields.items():
            name = field.alias or key  # `from` is `from_` in Python
            kind = _type(properties[name])
            lines.append(f"| `{name}` | {kind} | {_default(field)} | "
                         f"{_limits(field, properties[name])} | "
                         f"{field.description or ''} |")
        lines.append("")
    lines += _limits_section()
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
