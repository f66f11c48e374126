"""Python's cyclic garbage collector paused where finsim makes many objects and no garbage.

A collection traverses every object made so far, so where code makes many objects
that are never garbage, collections find nothing to free and cost the more, the more
exists. Two such places: a command's imports (modules, classes, the scenario models'
validators live as long as the process; numpy, pydantic and the models allocate enough
to trigger about a hundred collections: one after the import instead saves about 1 %,
3 ms, of ``finsim run``'s start-up), and the event loop (``simulation.engine``: an
event and a queue entry per event, none in a reference cycle). After a pause, the
first collection would traverse everything made within it (after ``finsim run``'s
imports about 12 ms, after the painter's 18 ms): ``paused(freeze=True)`` and
``kept`` leave it out of every collection instead. Only the standard library here: the command line imports this
before anything heavy.
"""

from __future__ import annotations

import gc
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


_kept = False
"""Whether ``kept`` has frozen objects in this process (never undone)."""


def nothing_frozen() -> bool:
    """Whether no object of this process is frozen. ``gc.get_freeze_count`` counts the
    frozen objects one by one (10 ms after ``finsim run``'s imports), so it is asked only
    where ``kept`` has not frozen any."""
    return not _kept and gc.get_freeze_count() == 0


@contextmanager
def kept() -> Iterator[None]:
    """``paused(freeze=True)`` for good: for the imports of a process that is finsim's
    own (the command line), whose freezes are never undone. Not in a Python session: it
    would keep the session's own objects out of collections too."""
    global _kept
    try:
        with paused(freeze=True):
            yield
    finally:
        _kept = True
