"""The ``finsim`` command: parse, call one library function, print.

Each command lives in its own module and registers itself on ``main``.
Exit codes: 0 done, 2 the user's input is wrong (one line per problem), 1 a fault of
finsim itself.
"""

from . import compare, run, scenario, sensitivity, size  # noqa: F401  (register commands)
from .common import main

__all__ = ["main"]
