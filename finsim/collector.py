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
leave it out of every collection instead. Only the standard library here: the command
line imports this before anything heavy.
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
    """A command's imports: ``paused(freeze=True)`` for good in the ``finsim`` program
    (``own_process``); elsewhere (a Python session calling the command line, as tests
    do) only ``paused``: a freeze there would keep the session's own objects out of
    every collection."""
    global _kept
    own = _own
    try:
        with paused(freeze=own):
            yield
    finally:
        _kept = _kept or own
