"""The data files a scenario names, read once, when it is loaded; their bytes go with it.

A scenario may name CSV files: a starting caseload (``participants.initial``), a
re-forecast's spells (``actuals.spells``) and its booked costs (``actuals.booked``).
Loading the scenario reads each of them once, in the read that checks it, and keeps
its bytes and their SHA-256 on the scenario (``DataFile``). Every later use reads those
bytes, never the path: the point program and the programs of drawn parameters, the
points of a sensitivity and the candidates of a size, in this process, in local
worker processes and on a cluster's workers (the bytes travel with the scenario, which
travels with the compiled program). So a file edited or removed after the load, while
a run goes on or between ``finsim.load`` and ``finsim.run``, changes nothing in the
numbers; run.json names each file the run used with its digest (``used``).

A scenario derived from another (drawn values, ``--set`` on a loaded scenario, another
period) keeps its files (``load.carry_private``); a new path in it (a ``--set`` naming another
file) is read once, when that scenario is checked. A scenario built without loading
(``Scenario.model_validate``) reads a file at its first use and keeps it from then on.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, ScenarioError
from .limits import MAX_CASELOAD_BYTES
from .reader import UnreadableFile, decoded, read_bytes, remedy

if TYPE_CHECKING:
    from .model import Scenario


@dataclass(frozen=True)
class DataFile:
    """One data file as it was read: its path, its bytes and their SHA-256 (hex, what
    ``sha256sum`` prints, to check a file against a run's run.json). Two scenarios
    that read the same bytes from the same path are equal."""

    path: str
    sha256: str
    data: bytes = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        """UTF-8 text, a byte-order mark dropped; ``UnreadableFile`` if not UTF-8."""
        return decoded(self.data, "a CSV file").removeprefix("\ufeff")


Files = dict[str, DataFile]
"""A file's path (``key``) -> the file as read."""


def key(path: str | Path) -> str:
    return str(Path(path))


def read(path: str | Path) -> DataFile:
    """The one read of a data file: without blocking on a FIFO, within the size limit.
    Raises ``UnreadableFile`` saying why not."""
    data = read_bytes(Path(path), MAX_CASELOAD_BYTES, "a CSV file")
    return DataFile(key(path), hashlib.sha256(data).hexdigest(), data)


def refused(file: str, role: str, err: UnreadableFile) -> ScenarioError:
    """A data file that cannot be read, in one wording for every kind (``role``: caseload
    file, spells file, booked costs file), with how to save it where it is not UTF-8."""
    return ScenarioError([Problem(file, "", f"{role} {err}", show_value=False,
                                  hint=remedy(err, "CSV (UTF-8)"))])


def of(scn: Scenario) -> Files:
    """The files ``scn`` has read (filled as it reads them)."""
    return scn._data_files


def folder(scn: Scenario) -> Path | None:
    """The folder of the file ``scn`` was loaded from (None if built from data): a
    relative path set on it later (``finsim.load(scn, {...})``) means a file there, as
    in the scenario file, not in the current folder."""
    return scn._folder


def fetch(files: Files | None, path: str | Path) -> DataFile:
    """``path`` as ``files`` hold it, else read now (and kept in ``files``, if given).
    Raises ``UnreadableFile``."""
    found = files.get(key(path)) if files is not None else None
    if found is None:
        found = read(path)
        if files is not None:
            files[key(path)] = found
    return found


PARSED_KEPT = 8
"""How many parsed data files a cache keeps (a run needs one or two; sensitivity points
and size candidates of other layouts add a few)."""


def remember(cache: dict, key: tuple, parsed: Any) -> None:
    """Keep ``parsed`` (what a data file's bytes gave) under ``key`` in ``cache``, the
    oldest dropped beyond ``PARSED_KEPT``."""
    if len(cache) >= PARSED_KEPT:
        cache.pop(next(iter(cache)))
    cache[key] = parsed


def _named(scn: Scenario) -> list[tuple[str, str]]:
    from .caseload import is_file_value

    initial = scn.participants.initial
    pairs = [("participants.initial", initial)] if is_file_value(initial) else []
    if scn.actuals is not None:
        pairs += [(f"actuals.{name}", p) for name, p in
                  (("spells", scn.actuals.spells), ("booked", scn.actuals.booked))
                  if p is not None]
    return pairs


def named(scn: Scenario) -> list[str]:
    """The data files ``scn`` names, as it names them."""
    return [path for _, path in _named(scn)]


def carry(files: Files, scn: Scenario) -> Scenario:
    """``scn`` (new, derived from a scenario with ``files``) with those of ``files`` it
    names: read from memory, not from their paths."""
    mine = of(scn)
    for path in named(scn):
        if key(path) in files:
            mine.setdefault(key(path), files[key(path)])
    return scn


def used(scn: Scenario) -> list[dict[str, str | int]]:
    """For run.json: each data file ``scn`` names (its key in the scenario, its path)
    with the size and SHA-256 of the bytes the run used."""
    out = []
    for where, path in _named(scn):
        found = of(scn).get(key(path))
        if found is not None:
            out.append({"key": where, "path": found.path, "bytes": len(found.data),
                        "sha256": found.sha256})
    return out
