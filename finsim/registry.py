"""Registries: the cost categories and funding rule kinds, as lists every module sees grow.

A tuple bound at import (``from finsim.scenario.model import CATEGORIES``) would keep the
categories of the moment the importing module was loaded; a :class:`Registry` is one
object, so a category or rule kind registered later (``finsim.ledger.register_category``,
``finsim.funding.register_rule_kind``) is seen by every table, check and rule at once.

It also adds a registered class's scenario fields to the pydantic models (``add_field``),
so the scenario format, its reference and its validation pick a new one up too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

T = TypeVar("T")


class Registry(list[T]):
    """A list that compares, hashes and adds like the tuple it replaces: ``CATEGORIES ==
    ("wages", ...)`` holds, and ``CATEGORIES + ("total",)`` is a tuple."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self))

    def __add__(self, other: Iterable[T]) -> tuple[T, ...]:  # type: ignore[override]
        return (*self, *other)

    def __radd__(self, other: Iterable[T]) -> tuple[T, ...]:
        return (*other, *self)

    def __getitem__(self, index: Any) -> Any:
        out = super().__getitem__(index)
        return tuple(out) if isinstance(index, slice) else out


def add_field(model: type[BaseModel], name: str, annotation: Any, info: FieldInfo) -> None:
    """Give ``model`` the field ``name`` (a registered category's parameter block, a rule
    kind's key): rebuild its validator with it (``rebuild`` the models that hold it)."""
    if name in model.model_fields:
        raise ValueError(f"{model.__name__} has a field '{name}' already")
    info.annotation = annotation
    model.__pydantic_fields__[name] = info
    model.model_rebuild(force=True)


def drop_field(model: type[BaseModel], name: str) -> None:
    """Take a field ``add_field`` gave back out (a test's registration undone)."""
    del model.__pydantic_fields__[name]
    model.model_rebuild(force=True)


def rebuild(models: Iterable[type[BaseModel]]) -> None:
    """Rebuild each model's validator, in the order given (inner models first): a model
    embeds the validators of the models it holds as they were when it was built."""
    for model in models:
        model.model_rebuild(force=True)


ADDED_CATEGORIES: Registry[Any] = Registry()
"""The cost categories registered after the built-in ones (``register_category``): the
scenario layer, which validation runs in before the ledger is loaded, asks these for their
bounds, words and texts (the built-in ones' are its own)."""
ADDED_RULE_KINDS: Registry[Any] = Registry()
"""The funding rule kinds registered after the built-in ones (``register_rule_kind``)."""


def texts(attribute: str) -> dict[str, Any]:
    """The ``german`` or ``units`` dicts of every registered category and rule kind, merged
    (a field's own text and unit travel with its class)."""
    out: dict[str, Any] = {}
    for kind in (*ADDED_CATEGORIES, *ADDED_RULE_KINDS):
        for key, value in getattr(kind, attribute, {}).items():
            out[key] = {**out.get(key, {}), **value} if isinstance(value, dict) else value
    return out
