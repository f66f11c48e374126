"""Python's cyclic garbage collector paused where finsim makes many objects and no garbage.

A collection traverses every object made so far, so where code makes many objects
that are never garbage, collections find nothing to free and cost the more, the more
exists. Two such places: a command's imports (modules, classes, the scenario models'
validators live as long as the process; numpy, pydantic and the models allocate enough
to trigger about a hundred collections: one after the import instead saves about 1 %,
3 ms, of ``finsim run``'s start-up), and the event loop (``simulation.engine``: an
event and a queue entry per event, none in a reference cycle). After a pause, the
first collection would traverse everything made within it (after ``finsim run``'s
imports about 12 ms, after the painter's 18 ms): ``kept`` leaves it out of every
collection instead. Only the standard library here: the command line imports this
before anything heavy.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection within (the collector's state is restored after; cycles made
    meanwhile are collected once it runs again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def kept() -> Iterator[None]:
    """``paused``, and what exists at its end left out of every later collection
    (``gc.freeze``, before the collector runs again): for the imports of a process that
    is finsim's own (the command line, its helpers), whose modules live as long as it.
    Not in a Python session: it would keep the session's own objects out too."""
    with paused():
        try:
            yield
        finally:
            gc.freeze()
