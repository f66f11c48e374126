"""The ``finsim`` command: parse, call one library function, print.

Each command lives in its own module, registers itself on ``main`` and is imported on
first use (``common.COMMAND_MODULES``). Exit codes: 0 done, 2 the user's input is wrong
(one line per problem), 1 a fault of finsim itself.
"""

from .common import main

__all__ = ["main"]
