"""What a scenario was loaded as: its file and the overrides given with it.

``compare`` labels a scenario given loaded by this (``analysis.compare.loaded_label``),
so that two variants of one file (or of one scenario not from a file) are told apart by
what differs. It is kept beside the
scenario, not in it: a private attribute would be copied with the model (a sized plan,
a moved period), which then no longer is the file with those overrides, and would take
part in the model's equality. Held weakly, by identity: only the very object loaded
has it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .identity import IdentityMap


@dataclass(frozen=True)
class LoadedAs:
    """The file a scenario was loaded from and the overrides (``PATH=VALUE``) given with it."""

    file: str | None
    """None: the overrides were given to a scenario not loaded from a file (a sized
    plan's, one built from data)."""
    sets: tuple[str, ...] = ()
    """In the order given; a path given again holds its last value, in its first place."""
    name: str = ""
    """Without a file, the ``name`` of the scenario the overrides were given to: its
    variants are that name and what differs."""

    def overrides(self) -> list[str]:
        """The overrides as a user writes them, each value as a file writes it
        (``period.start=2027-01``)."""
        from .load import parse_set  # which loads this module
        from .written import file_text

        return [f"{path}={file_text(value)}" for path, value in map(parse_set, self.sets)]


_GIVEN: IdentityMap[LoadedAs] = IdentityMap()
"""A loaded scenario -> what it was loaded as."""


def mark(scn: BaseModel, file: str, sets: tuple[str, ...] = ()) -> None:
    """Record that ``scn`` is ``file`` with ``sets`` applied."""
    _GIVEN.put(scn, LoadedAs(file, _merged((), sets)))


def mark_more(new: BaseModel, old: BaseModel, sets: tuple[str, ...]) -> None:
    """``new`` is ``old`` with ``sets`` applied: its file's with all the overrides, if
    ``old`` was loaded from a file, else ``old``'s name with them (variants of a sized
    plan's scenario are told apart by their overrides too, not numbered)."""
    given = loaded_as(old) or LoadedAs(None, (), getattr(old, "name", ""))
    _GIVEN.put(new, LoadedAs(given.file, _merged(given.sets, sets), given.name))


def loaded_as(scn: BaseModel) -> LoadedAs | None:
    """What ``scn`` itself was loaded as; None for one built otherwise or changed since."""
    return _GIVEN.get(scn)


def _merged(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[str, ...]:
    """The overrides of both, a path set again holding its later value."""
    by_path: dict[str, str] = {}
    for text in (*before, *after):
        by_path[text.partition("=")[0].strip()] = text
    return tuple(by_path.values())
