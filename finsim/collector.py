"""Python's cyclic garbage collector paused where finsim makes many objects and no garbage.

A collection traverses every object made so far, so where code makes many objects
that are never garbage, collections find nothing to free and cost the more, the more
exists. Two such places: a command's imports (modules, classes, the scenario models'
validators live as long as the process; numpy, pydantic and the models allocate enough
to trigger about a hundred collections: one after the import instead saves about 1 %,
3 ms, of ``finsim run``'s start-up), and the event loop (``simulation.engine``: an
event and a queue entry per event, none in a reference cycle). After a pause, the
first collection would traverse everything made within it (after ``finsim run``'s
imports about 12 ms, after the painter's 18 ms): ``paused(freeze=True)`` and ``kept``
leave it out of every collection instead, or, in a Python session, move it to the
oldest generation untraversed (``aged``). Only the standard library here: the command
line imports this before anything heavy.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """No collection within (the collector's state is restored after; cycles made
    meanwhile are collected once it runs again). With ``freeze``, what exists at the end
    is left out of every later collection (``gc.freeze``) before the collector runs
    again: for imports, whose objects live as long as the process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


_own = False
"""Whether this process is the ``finsim`` program's own (``own_process``)."""
_kept = False
"""Whether ``kept`` has frozen objects in this process (never undone)."""


def own_process() -> None:
    """This process is the ``finsim`` program (``cli.console``), not a Python session
    that calls finsim: ``kept`` may freeze its objects for good."""
    global _own
    _own = True


def nothing_frozen() -> bool:
    """Whether no object of this process is frozen. ``gc.get_freeze_count`` counts the
    frozen objects one by one (10 ms after ``finsim run``'s imports), so it is asked only
    where ``kept`` has not frozen any."""
    return not _kept and gc.get_freeze_count() == 0


@contextmanager
def kept() -> Iterator[None]:
    """Imports (a command's, the Python API's): ``paused(freeze=True)`` for good in the
    ``finsim`` program (``own_process``); elsewhere (a Python session: a notebook, the
    tests) a freeze would keep the session's own objects out of every collection, so
    what exists is only moved to the oldest generation (``aged``)."""
    global _kept
    own, loaded = _own, len(sys.modules)
    try:
        with paused(freeze=own):
            yield
            if not own and len(sys.modules) > loaded:  # only what an import made: a later
                aged()  # call's young objects (a session's garbage among them) stay young
    finally:
        _kept = _kept or own


def aged() -> None:
    """Every object the collector tracks moved to its oldest generation without a
    collection (``gc.freeze`` then ``gc.unfreeze``). After imports in a Python session,
    the next collections would otherwise traverse all they made, twice (the youngest
    generation, then the middle one: about 90 ms of the 0.7 s from ``import finsim`` to
    a first replication on a machine where the heapq reference's 1,000 replications take
    0.8 s); in the oldest generation they wait for its next collection, which still
    frees what of them is garbage. Nothing is done where objects are frozen already:
    ``gc.unfreeze`` would thaw them too."""
    if nothing_frozen():
        gc.freeze()
        gc.unfreeze()
