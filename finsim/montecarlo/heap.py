"""Freed memory kept for the next batch in a process that runs replications.

A batch of replications allocates and frees the same few megabytes of arrays over and
over. glibc's malloc gives the top of its heap back to the operating system as soon as
more than a little of it is free, and takes it back at the next batch, one page fault
per 4 KiB page: on the seed scenario about 900 faults per batch of 20 replications, a
sixth of the CPU time of the stages after the simulation. Raising the threshold keeps
that memory for reuse; no result depends on it, and the peak memory of a process is
the same (what is kept was in use at the peak).
"""

from __future__ import annotations

import ctypes
import functools
import sys

M_TRIM_THRESHOLD = -1
"""``mallopt``'s parameter number (glibc's malloc.h)."""
KEPT_BYTES = 64 * 2**20
"""Freed memory a process keeps at most at the top of its heap."""


@functools.cache
def keep_freed_memory() -> None:
    """Let this process keep up to ``KEPT_BYTES`` of freed memory (once; glibc only:
    another C library keeps its own policy)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(M_TRIM_THRESHOLD, KEPT_BYTES)
    except (OSError, AttributeError):  # not glibc
        pass
