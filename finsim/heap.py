"""Freed memory kept for the next batch in the processes that finsim owns.

A batch of replications allocates and frees the same few megabytes of arrays over and
over. glibc's malloc gives the top of its heap back to the operating system as soon as
more than a little of it is free, and takes it back at the next batch, one page fault
per 4 KiB page: on the seed scenario about 900 faults per batch of 20 replications, a
sixth of the CPU time of the stages after the simulation. Arrays up to 32 MiB taken
from the heap (not each mapped afresh) and a higher threshold for giving memory back
keep it for reuse; no result depends on it. Set in the processes that are finsim's own:
the ``finsim`` program (and so the workers it forks) and the worker processes of a
local pool, never in a Python session that calls finsim (a notebook's kernel keeps its
C library's policy).
"""

from __future__ import annotations

import ctypes
import functools
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""``mallopt``'s parameter numbers (glibc's malloc.h)."""
KEPT_BYTES = 64 * 2**20
"""Freed memory a process keeps at most at the top of its heap."""
MAPPED_FROM = 32 * 2**20
"""Allocations from this size on are mapped afresh (glibc's largest such threshold):
setting the trim threshold stops glibc raising it by itself, so it is set too."""


@functools.cache
def keep_freed_memory() -> None:
    """Let this process keep up to ``KEPT_BYTES`` of freed memory, and take arrays below
    ``MAPPED_FROM`` from its heap (once; glibc only: another C library keeps its own
    policy)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(M_MMAP_THRESHOLD, MAPPED_FROM)
    mallopt(M_TRIM_THRESHOLD, KEPT_BYTES)
