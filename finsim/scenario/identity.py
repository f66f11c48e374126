"""Values kept beside an object, by its identity and held weakly.

A scenario's model takes part in equality by its fields, and a copy (a sized plan, a
moved period, a drawn program) is equal or nearly so but not the same scenario: what is
known of one object (the file it was loaded from, a replication simulated for it) is
kept by ``id`` beside it, not in it, and goes when the object goes.
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityMap(Generic[V]):
    """``object -> value`` by identity: an entry is found by that very object only, and
    is dropped when the object is collected (its ``id`` may then be reused)."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[weakref.ref, V]] = {}

    def put(self, obj: object, value: V) -> None:
        """Keep ``value`` for ``obj`` (replacing any kept for it)."""
        key = id(obj)

        def gone(ref: weakref.ref) -> None:
            if key in self._entries and self._entries[key][0] is ref:
                del self._entries[key]

        self._entries[key] = (weakref.ref(obj, gone), value)

    def get(self, obj: object) -> V | None:
        """The value kept for ``obj`` itself; None for any other object, an equal one too."""
        entry = self._entries.get(id(obj))
        return entry[1] if entry is not None and entry[0]() is obj else None

    def __len__(self) -> int:
        return len(self._entries)
