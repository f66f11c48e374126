"""The ``finsim`` command: parse, call one library function, print.

Each command lives in its own module, registers itself on ``main`` and is imported on
first use (``common.COMMAND_MODULES``). Exit codes: 0 done, 2 the user's input is wrong
(one line per problem), 1 a fault of finsim itself.

``main`` is loaded on first use too: the ``finsim`` program (``console``) installs its
signal handler before it loads click and the rest (``finsim.interrupts``).
"""

import os

# Before numpy is first imported: its OpenBLAS would start a thread per CPU that spins
# for a while after loading (about 60 ms of CPU per process on two cores, as much as
# the rest of numpy's import). No command multiplies large matrices: the simulation,
# the ledger and the funding use no BLAS; parallel work is in processes, not threads.
# A value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# pydantic looks for plugins (in the entry points of every installed package) when it
# builds its first model: about 4 ms of start-up. The command line needs none (they
# observe validation, e.g. for tracing). A value the user set is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__all__ = ["main"]


def __getattr__(name: str) -> object:  # no typing: the script loads this module first
    if name == "main":
        from .common import main

        return main
    raise AttributeError(f"module 'finsim.cli' has no attribute {name!r}")
