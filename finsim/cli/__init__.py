"""The ``finsim`` command: parse, call one library function, print.

Each command lives in its own module, registers itself on ``main`` and is imported on
first use (``common.COMMAND_MODULES``). Exit codes: 0 done, 2 the user's input is wrong
(one line per problem), 1 a fault of finsim itself.
"""

import os

# Before numpy is first imported: its OpenBLAS would start a thread per CPU that spins
# for a while after loading (about 60 ms of CPU per process on two cores, as much as
# the rest of numpy's import). No command multiplies large matrices: the simulation,
# the ledger and the funding use no BLAS; parallel work is in processes, not threads.
# A value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .common import main  # noqa: E402 - after the thread setting, which must come first

__all__ = ["main"]
