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
import codecs
import contextlib
import os
import sys
import threading
import unicodedata

from .. import collector, interrupts


def console() -> None:
    """Run the ``finsim`` command line and end the process with its exit status."""
    interrupts.install()
    from .. import heap  # after the handler: its ctypes took ~9 ms a Ctrl-C could cut short

    heap.keep_freed_memory()  # this process is finsim's alone (not so where main is called)
    collector.own_process()
    with collector.kept():  # click and the command line's modules: never garbage
        from . import main

    fit_streams()
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


LOOKALIKES = {"–": "-", "—": "--", "−": "-", "€": "EUR", "≥": ">=", "≤": "<=", "…": "...",
              "Δ": "Delta ", "±": "+/-", "×": "x", "·": ".", "“": '"', "”": '"', "„": '"',
              "‘": "'", "’": "'", "‚": "'", "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae",
              "Ö": "Oe", "Ü": "Ue", "ß": "ss", "§": "par.", "‰": "o/oo", "²": "^2"}
"""ASCII for the characters finsim's lines use, where the terminal's charset lacks them."""

LOOKALIKE = "finsim-lookalike"
"""The name of the error handler that writes them (``codecs.register_error``)."""


def _lookalike(err: UnicodeError) -> tuple[str, int]:
    """What a stream writes for characters its encoding lacks: their ASCII look-alikes
    (``LOOKALIKES``, else the letter without its accent), ``?`` for the rest."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return "".join(_ascii(c) for c in err.object[err.start:err.end]), err.end


def _ascii(char: str) -> str:
    if char in LOOKALIKES:
        return LOOKALIKES[char]
    return unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"


def fit_streams() -> None:
    """Let stdout and stderr write every line in a charset without ``–``, ``€`` or ``ä``
    (a server's de_DE.ISO-8859-15 locale, ``PYTHONIOENCODING=ascii``): each such
    character as its look-alike. Python's strict default stopped a run at its summary
    (UnicodeEncodeError, exit 1) after its folder was written. A stream given an error
    handler of its own (``PYTHONIOENCODING=ascii:replace``) keeps it."""
    codecs.register_error(LOOKALIKE, _lookalike)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if (getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure")
                and not codecs.lookup(encoding).name.startswith("utf")):
            stream.reconfigure(errors=LOOKALIKE)
