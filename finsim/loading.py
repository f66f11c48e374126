"""Importing finsim's working modules without garbage collection meanwhile.

An import makes objects that live as long as the process (modules, classes, the
scenario models' validators), so a collection during it finds nothing to free; yet
numpy, pydantic and the scenario models allocate enough to trigger about a hundred,
each traversing what was made so far. One collection after the import instead: about
1 % (3 ms) of ``finsim run``'s start-up saved. Only the standard library here: the
command line imports this before anything heavy.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def importing() -> Iterator[None]:
    """No collection within (the collector's state is restored after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
