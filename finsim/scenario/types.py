"""Value types shared by the scenario models: numbers or schedules, shares, conditions.

Each validates with its own plain message ("expected a number >= 0 or a schedule
{YYYY-MM: value}") instead of pydantic's per-union-member errors, so a user sees one
line per mistake.
"""

import math
import weakref
from collections.abc import Iterator
from functools import partial
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from .errors import Problem, Refusal, ScenarioError
from .limits import MAX_AMOUNT_EUR, MAX_PERSONS
from .schedule import TimeValue, check_schedule


class Strict(BaseModel):
    """Unknown keys refused; ``nan`` and infinities refused in every float field. Frozen:
    a value assigned to a loaded scenario (``scn.employment.hazards.placement = 0.02``)
    would skip the checks and, if the parameter is drawn, lose to its draw unnoticed."""

    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False,
                              frozen=True)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self).model_fields:
            path = dotted(self, name)
            hint = (f"give the value to finsim.load(scn, {{'{path}': value}})" if path else
                    f"give the value to finsim.load(scn, {{PATH: value}}), PATH the dotted "
                    f"path of {type(self).__name__}.{name} in the scenario")
            raise ScenarioError([Problem(
                path or f"{type(self).__name__}.{name}", "", "a loaded scenario cannot be "
                "changed in place", value, hint=f"{hint}, which checks it and holds it over a "
                "draw of it")])
        super().__setattr__(name, value)


_PATHS: dict[int, tuple[weakref.ref, str]] = {}
"""Where each model of a scenario ``finsim.load`` gave out sits in it
(``employment.hazards``), by the model's id, the model held weakly: a model does not
know where it sits, and a part kept without its scenario
(``finsim.load(FILE).employment.hazards``) still names its full path."""


def remember(scn: BaseModel) -> None:
    """Keep where each model of a scenario given out to Python sits, for ``dotted``."""
    for at, model in _models(scn, ""):
        _PATHS[id(model)] = (weakref.ref(model, partial(_forget, id(model))), at)


def _forget(key: int, _: weakref.ref) -> None:
    """A model gone: its id may be another's next."""
    _PATHS.pop(key, None)


def dotted(model: BaseModel, name: str) -> str | None:
    """The dotted path of ``model``'s field ``name`` in a loaded scenario
    (``employment.hazards.placement``): a field of the scenario itself is its own path,
    one below it where ``remember`` found the model; None if it found it nowhere."""
    field = type(model).model_fields[name]
    key = field.alias or name
    if type(model).__name__ == "Scenario":
        return key
    ref, at = _PATHS.get(id(model), (None, ""))
    return f"{at}.{key}" if ref is not None and ref() is model else None


def _models(node: Any, at: str) -> Iterator[tuple[str, BaseModel]]:
    """Each model below ``node`` (``at``) with its dotted path: keys by field, a list's
    items by id (else position), a mapping's by key."""
    if isinstance(node, BaseModel):
        items = [(f.alias or n, getattr(node, n)) for n, f in type(node).model_fields.items()]
    elif isinstance(node, list | tuple):
        items = [(str(getattr(v, "id", i)), v) for i, v in enumerate(node)]
    elif isinstance(node, dict):
        items = [(str(k), v) for k, v in node.items()]
    else:
        return
    for key, value in items:
        path = f"{at}.{key}" if at else key
        if isinstance(value, BaseModel):
            yield path, value
        yield from _models(value, path)


def _number(value: Any, *, integer: bool = False, maximum: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a number")
    if not math.isfinite(value):
        raise ValueError("nan and infinities are not allowed")
    if value < 0:
        raise ValueError("expected a number >= 0")
    if value > maximum:
        raise ValueError(f"above finsim's ceiling of {maximum:,.0f}")
    if integer:
        if value != int(value):
            raise ValueError("expected a whole number >= 0")
        return int(value)
    return float(value)


def _time_value(integer: bool, maximum: float, expected: str | None = None) -> Any:
    """A value from 0 to ``maximum`` or a schedule of them; ``expected`` names the range
    where "a number from 0 to <maximum>" is not the user's word for it (a share: "a share
    from 0 to 1", also for text in a schedule's month, not finsim's money ceiling)."""
    kind = "a whole number" if integer else "a number"

    def words(err: ValueError) -> str:
        if expected is not None:  # finsim's ceiling is the range itself there
            return f"{'' if 'ceiling' in str(err) else _reason(err)}expected {expected}"
        return f"{_reason(err)}expected {kind} from 0 to {maximum:,.0f}"

    def in_month(value: Any) -> float:
        try:
            return _number(value, integer=integer, maximum=maximum)
        except ValueError as err:
            raise Refusal(f"{words(err)} in each month of a schedule") from None

    def validate(value: Any) -> TimeValue:
        if isinstance(value, dict):
            try:
                return check_schedule(value, in_month)
            except Refusal:  # its months and values, each at its own path
                raise
            except ValueError as err:  # an empty schedule
                raise Refusal(str(err), quote=False) from None
        try:
            return _number(value, integer=integer, maximum=maximum)
        except ValueError as err:
            raise ValueError(f"{words(err)} or a schedule {{YYYY-MM: value}}") from None

    item = {"type": "integer" if integer else "number", "minimum": 0, "maximum": maximum}
    schema = {"anyOf": [item, {"type": "object", "additionalProperties": item}]}
    return Annotated[Any, PlainValidator(validate), WithJsonSchema(schema)]


def _reason(err: ValueError) -> str:
    """The reason for a refusal worth putting before the general expectation."""
    text = str(err)
    return f"{text}: " if "nan" in text or "ceiling" in text else ""


Amount = _time_value(integer=False, maximum=MAX_AMOUNT_EUR)
"""A money value (EUR) from 0 to ``MAX_AMOUNT_EUR``, or a schedule of them."""
Persons = _time_value(integer=False, maximum=MAX_PERSONS)
"""A mean number of persons (e.g. referrals a month) up to ``MAX_PERSONS``, or a schedule."""
Count = _time_value(integer=True, maximum=MAX_PERSONS)
"""A whole number of persons (e.g. slots) up to ``MAX_PERSONS``, or a schedule of them."""
ShareValue = _time_value(integer=False, maximum=1.0, expected="a share from 0 to 1")
"""A share from 0 to 1, or a schedule of them (a contribution rate that changes by date)."""
Share = Annotated[float, Field(ge=0.0, le=1.0)]
MonthlyProbability = Annotated[float, Field(ge=0.0, lt=1.0)]
Condition = dict[str, str | list[str]]
"""``{attribute: value or [values]}``: matches a participant whose attributes all match."""


def allowed_values(when: Condition) -> dict[str, list[str]]:
    """Each attribute ``when`` names with the values it lets through (a value written
    alone is a list of one): the one reading of a condition, which the simulation's
    masks (``compiled.matches``), the checks and the sanity warnings share."""
    return {attribute: [wanted] if isinstance(wanted, str) else wanted
            for attribute, wanted in when.items()}


STEADY = ("full", "steady")
"""``initial`` words for a running program in its steady state (synonyms)."""


def _initial(value: Any) -> int | str:
    if value in STEADY:
        return value
    if isinstance(value, str) and value.strip().lower().endswith(".csv"):
        return value.strip()
    try:
        return _number(value, integer=True, maximum=MAX_PERSONS)
    except ValueError as err:
        raise ValueError(f"{_reason(err)}expected a whole number from 0 to {MAX_PERSONS:,}, "
                         "'full' (or 'steady'), or a caseload file ending in .csv") from None


Initial = Annotated[
    Any,
    PlainValidator(_initial),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_PERSONS},
                              {"enum": list(STEADY)},
                              {"type": "string", "pattern": "\\.csv$"}]}),
]

ON_DEMAND = "on_demand"
"""``referrals_per_month`` word: the Jobcenter refills every freed slot."""


def _referrals(value: Any) -> Any:
    if value == ON_DEMAND:
        return value
    try:
        return Persons.__metadata__[0].func(value)
    except ValueError as err:
        if isinstance(value, dict):  # a schedule's own problem
            raise
        raise ValueError(f"{err}, or '{ON_DEMAND}'") from None


Referrals = Annotated[
    Any,
    PlainValidator(_referrals),
    WithJsonSchema({"anyOf": [{"const": ON_DEMAND},
                              {"type": "number", "minimum": 0, "maximum": MAX_PERSONS},
                              {"type": "object", "additionalProperties": {
                                  "type": "number", "minimum": 0, "maximum": MAX_PERSONS}}]}),
]


def _sums_to_one(shares: dict[str, float]) -> dict[str, float]:
    total = sum(shares.values())
    if not shares or abs(total - 1.0) > 1e-9:
        raise ValueError(f"shares sum to {total:.10g}, expected 1")
    return shares


MixShares = Annotated[dict[str, Share], AfterValidator(_sums_to_one)]
"""An attribute's values and their shares among referrals (summing to 1)."""
