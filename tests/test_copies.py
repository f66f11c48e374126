"""``copies.changed`` makes what ``dataclasses.replace`` makes: the same fields and
values, a fresh default for a field outside ``__init__``, a cached property worked out
again, ``__post_init__`` run."""

from __future__ import annotations

import dataclasses
import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finsim.copies import changed


@dataclasses.dataclass(frozen=True, eq=False)
class Plain:
    a: int
    b: tuple[int, ...] = ()
    c: float = 1.5


@dataclasses.dataclass(frozen=True, eq=False)
class Cached:
    a: int
    seen: dict = dataclasses.field(default_factory=dict, init=False)
    mark: str = dataclasses.field(default="new", init=False)

    @functools.cached_property
    def double(self) -> int:
        return 2 * self.a


@dataclasses.dataclass(frozen=True)
class Checked:
    a: int
    b: int = 0

    def __post_init__(self) -> None:
        if self.a < 0:
            raise ValueError("a < 0")
        object.__setattr__(self, "total", self.a + self.b)


@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    a: int
    b: int = 0


def state(obj: object) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


@given(st.integers(), st.tuples(st.integers()), st.floats(allow_nan=False), st.integers())
def test_changed_is_replace(a: int, b: tuple, c: float, new: int) -> None:
    old = Plain(a, b, c)
    for changes in ({"a": new}, {"b": (new,), "c": c / 2}, {}):
        got, want = changed(old, **changes), dataclasses.replace(old, **changes)
        assert type(got) is Plain and got is not old
        assert state(got) == state(want) and vars(got) == vars(want)


def test_a_field_outside_init_starts_afresh_and_a_cached_property_again() -> None:
    old = Cached(3)
    old.seen["x"] = 1
    object.__setattr__(old, "mark", "old")
    assert old.double == 6
    new = changed(old, a=5)
    assert new.seen == {} and new.seen is not old.seen and new.mark == "new"
    assert new.double == 10 and old.double == 6
    assert vars(new).keys() == vars(dataclasses.replace(old, a=5)).keys() | {"double"}


def test_post_init_and_slots_go_through_replace() -> None:
    new = changed(Checked(1, 2), b=5)
    assert new == Checked(1, 5) and new.total == 6
    with pytest.raises(ValueError, match="a < 0"):
        changed(Checked(1), a=-1)
    assert changed(Slotted(1), b=4) == Slotted(1, 4)


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(TypeError, match="no init field 'd'"):
        changed(Plain(1), d=2)
    with pytest.raises(TypeError, match="no init field 'seen'"):
        changed(Cached(1), seen={})
