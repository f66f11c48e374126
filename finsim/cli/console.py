"""The ``finsim`` program's entry point: ``main``, then an exit that skips the teardown.

When a command is done, every file is written and closed and every line printed. A
normal interpreter exit would then free each module's objects one by one: about 0.15 s
of CPU once pandas and openpyxl are loaded, a tenth of a one-replication run, spent
after the work. Here the exit handlers (``atexit``: multiprocessing's, logging's,
dask's) run and the standard streams are flushed as at a normal exit, then the process
ends at once. With another thread still running, or when ``main`` is called from Python
(tests, notebooks), the exit is the ordinary one.

This module loads nothing but the standard library: the console script imports it
before it calls ``console``, which installs the signal handler (``finsim.interrupts``)
before it loads the command line's modules.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading

from .. import collector, interrupts


def console() -> None:
    """Run the ``finsim`` command line and end the process with its exit status."""
    interrupts.install()
    from .. import heap  # after the handler: its ctypes took ~9 ms a Ctrl-C could cut short

    heap.keep_freed_memory()  # this process is finsim's alone (not so where main is called)
    collector.own_process()
    with collector.kept():  # click and the command line's modules: never garbage
        from . import main

    try:
        main()
    except SystemExit as done:
        status = _status(done.code)
    else:  # click ends with SystemExit; without one, it is 0
        status = 0
    if threading.active_count() > 1:
        interrupts.blocked_to_the_end()
        sys.exit(status)  # a thread may still have work: the ordinary exit joins it
    atexit._run_exitfuncs()  # noqa: SLF001 - what a normal exit runs first
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (`finsim show ... | head -1`) or stream: nothing left to say
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def _status(code: object) -> int:
    """The exit status ``sys.exit(code)`` would give: a message is printed, status 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
