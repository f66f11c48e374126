"""``dataclasses.replace`` for the frozen dataclasses a drawn replication copies.

Every replication that draws its parameters copies a few compiled dataclasses (the
program, its model, cost program, payment terms) with a field or two changed.
``dataclasses.replace`` calls ``__init__`` with every field, which costs a few
microseconds per copy on a model of twenty-odd fields, several times per replication;
``changed`` copies the instance's ``__dict__`` instead and makes the same object.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def changed(obj: T, **changes: Any) -> T:
    """``dataclasses.replace(obj, **changes)``: the same fields, the same values. A class
    with a ``__post_init__`` or ``__slots__`` goes through ``replace`` itself."""
    plan = _plan(type(obj))
    if plan is None:
        return dataclasses.replace(obj, **changes)
    fields, fresh, dropped = plan
    if not fields.issuperset(changes):
        name = next(name for name in changes if name not in fields)
        raise TypeError(f"{type(obj).__name__} has no init field {name!r}")
    new = object.__new__(type(obj))
    values = new.__dict__
    values.update(obj.__dict__)
    values.update(changes)
    for name in dropped:
        values.pop(name, None)
    for name, make in fresh:
        values[name] = make()
    return new


@functools.cache
def _plan(cls: type) -> tuple[frozenset[str], tuple[tuple[str, Callable[[], Any]], ...],
                              tuple[str, ...]] | None:
    """What ``replace`` does beyond copying the fields: the fields it takes (its
    ``__init__``'s, checked at once, not name by name: a program's copy names seven), the
    fields outside ``__init__`` with a default factory (made afresh) and those with a
    plain default, and the cached properties (not carried over: the class's default, the
    property worked out again); None if ``replace`` must run (a ``__post_init__``,
    ``__slots__``, a field outside ``__init__`` without a default)."""
    if hasattr(cls, "__post_init__") or not cls.__dictoffset__:  # no ``__dict__``: slots
        return None
    fields, fresh, dropped = [], [], []
    for f in dataclasses.fields(cls):
        if f.init:
            fields.append(f.name)
        elif f.default_factory is not dataclasses.MISSING:
            fresh.append((f.name, f.default_factory))
        elif f.default is not dataclasses.MISSING:
            dropped.append(f.name)
        else:
            return None
    dropped += [name for k in cls.__mro__ for name, v in vars(k).items()
                if isinstance(v, functools.cached_property)]
    return frozenset(fields), tuple(fresh), tuple(dropped)
