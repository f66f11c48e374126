"""The data files a scenario names, read once and sent with the work.

A scenario may name CSV files: a starting caseload (``participants.initial``), a
re-forecast's spells (``actuals.spells``) and its booked costs (``actuals.booked``).
Compiling the parts of a program that hold them reads them, and a worker compiles those
parts again whenever a drawn parameter or a sensitivity point reaches them. The workers
of a cluster need not see this machine's files: so a run on a cluster reads each file
once (``snapshot``), sends the bytes with the compiled program, and the workers read
them from memory (``pinned``), never from a path; a file edited while the run goes on
changes nothing in it. The caches of the files' parsed contents key a pinned file by
its content, not by its path's modification time. (Local processes read the files
themselves, and start with what this process has parsed already.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ScenarioError
from .limits import MAX_CASELOAD_BYTES
from .reader import UnreadableFile, decoded, read_bytes

if TYPE_CHECKING:
    from .model import Scenario

Files = dict[str, tuple[str, bytes]]
"""A file's path as the scenario names it -> (a digest of its bytes, its bytes)."""

_PINNED: ContextVar[Files | None] = ContextVar("finsim_pinned_files", default=None)
"""Per thread: a dask worker may run several tasks at once."""


def named(scn: Scenario) -> list[str]:
    """The data files ``scn`` names, as it names them."""
    from .caseload import is_file_value

    paths = [scn.participants.initial] if is_file_value(scn.participants.initial) else []
    if scn.actuals is not None:
        paths += [p for p in (scn.actuals.spells, scn.actuals.booked) if p is not None]
    return paths


def snapshot(scn: Scenario) -> Files:
    """The bytes of every data file ``scn`` names, read now; one line per file that can
    no longer be read (it was read when the scenario was loaded)."""
    files, problems = {}, []
    for path in named(scn):
        try:
            data = read_bytes(Path(path), MAX_CASELOAD_BYTES, "a CSV file")
        except UnreadableFile as err:
            problems.append(Problem(path, "", f"data file {err}", show_value=False))
            continue
        files[str(Path(path))] = (hashlib.blake2b(data, digest_size=16).hexdigest(), data)
    if problems:
        raise ScenarioError(problems)
    return files


@contextmanager
def pinned(files: Files) -> Iterator[None]:
    """Within: the files of ``files`` are read from memory, not from their paths."""
    if not files:
        yield
        return
    token = _PINNED.set(files)
    try:
        yield
    finally:
        _PINNED.reset(token)


def pinned_file(path: str | Path) -> tuple[str, bytes] | None:
    """(digest, bytes) of ``path`` if it is pinned here, else None."""
    files = _PINNED.get()
    return files.get(str(Path(path))) if files else None


def data_text(path: Path) -> str:
    """The text of a data file (a caseload, spells or booked costs): from memory if it
    is pinned here, else read without blocking on a FIFO and within the size limit;
    UTF-8, a byte-order mark dropped. Raises ``UnreadableFile`` saying why not."""
    pinned = pinned_file(path)  # sent with the work: not read again
    data = pinned[1] if pinned else read_bytes(path, MAX_CASELOAD_BYTES, "a CSV file")
    return decoded(data).removeprefix("\ufeff")
