"""What a signal does to a finsim command, in one place (the standard library only, so
the ``finsim`` program can load it before anything else).

SIGINT (Ctrl-C), SIGTERM (``kill``, ``timeout``, a batch scheduler) and SIGHUP (a closed
terminal) stop every command the same way: the work stops, worker and helper processes
are stopped and reaped, temporary files are removed, an earlier results folder stays as
it was, one line on stderr says so (``finsim: interrupted (SIGINT); nothing was
written.``) and the exit code is 128 + the signal: 130, 143, 129.

In the ``finsim`` process, by phase:

- start-up (``install``, the first thing the entry points do; then the imports and the
  parsing of the command line): nothing has started yet, so the line is printed and the
  process ends at once;
- the command (``command``): the first signal raises ``Stopped`` (a KeyboardInterrupt)
  in the main thread, the clean-up runs on the way out and the CLI prints the line;
  further signals are ignored while the clean-up runs, so it is never cut short;
- after the command (the exit): signals are ignored (blocked, ``blocked_to_the_end``,
  where the exit frees every module), the command's own status stands.

Child processes leave the decision to the parent (a terminal's Ctrl-C reaches the whole
process group, and systemd or a batch scheduler may send SIGTERM to all of it): they
ignore the three signals, and the parent stops them with SIGKILL (a local pool's
workers, the painter and the writer) or closes them (a dask LocalCluster's workers).
Forked ones inherit the handler, which ignores the signals there until ``child`` says
so for good. Processes that threads start afresh (dask's workers) are born with the
signals blocked (``blocked_for_new_threads``), as CPython's own resource tracker is.

A signal that whoever started finsim set to be ignored stays ignored, as Python keeps an
ignored SIGINT: ``nohup finsim run ...`` goes on when the terminal closes (SIGHUP), and
a shell script's background job (``finsim run ... &``) on Ctrl-C at the terminal.

Before the interpreter has run any of finsim (its first few milliseconds), a signal does
what it does to any Python program.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

TYPE_CHECKING = False  # typing's flag, without importing typing before the handler is in
if TYPE_CHECKING:
    from typing import Any

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                if hasattr(signal, name))

_STARTING, _RUNNING, _STOPPING, _DONE = "starting", "running", "stopping", "done"
_state = {"phase": None, "pid": None, "entry": False, "taken": None, "held": 0, "came": None}
"""The phase of this process (None: no finsim handler installed), the process that
installed the handler, whether an entry point did (else a caller from Python), the
signal the last command was stopped by, how many ``held`` blocks run, and the signal
that came during them."""


class Stopped(KeyboardInterrupt):
    """A signal stopped the command; ``signum`` gives the exit code."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def line(signum: int, where: str = "nothing was written") -> str:
    """The one line a stopped command prints."""
    return f"finsim: interrupted ({signal.Signals(signum).name}); {where}."


def exit_code(signum: int) -> int:
    """128 + the signal, as a shell reports a program the signal ended."""
    return 128 + signum


def _handler(signum: int, frame: object) -> None:
    if os.getpid() != _state["pid"]:  # a forked child: the parent decides
        return
    if _state["held"]:  # taken when the last ``held`` block ends
        _state["came"] = _state["came"] or signum
        return
    phase = _state["phase"]
    if phase == _STARTING:  # nothing started, nothing to clean up
        os.write(2, (line(signum) + "\n").encode())
        os._exit(exit_code(signum))
    if phase == _RUNNING:
        _state.update(phase=_STOPPING, taken=signum)
        raise Stopped(signum)
    # stopping or done: the clean-up or the exit goes on


def lost_stop() -> None:
    """Raise ``Stopped`` for a signal taken whose exception Python swallowed: raised while
    a weakref callback or a ``__del__`` ran (an import's module lock has one), it is
    dropped, and the command would go on to write its results. Called as each task of
    replications comes back (``montecarlo.runner.run``) and before results are committed,
    so such a stop still stops there."""
    if _state["phase"] == _STOPPING and _state["pid"] == os.getpid() and _main_thread():
        raise Stopped(_state["taken"])


def _unraisable(hook: Callable[[Any], None]) -> Callable[[Any], None]:
    """``sys.unraisablehook`` that stays silent for a swallowed ``Stopped`` (``lost_stop``
    takes it up) and leaves every other case to ``hook``."""
    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Stopped):
            hook(unraisable)
    return quiet


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _not_ignored() -> list[int]:
    """The signals this process acts on: not one that whoever started it set to be
    ignored (``nohup`` ignores SIGHUP, so a closed terminal must not stop the run; a
    script's background job ignores SIGINT), as Python itself keeps an ignored SIGINT."""
    return [s for s in SIGNALS if signal.getsignal(s) is not signal.SIG_IGN]


def install() -> None:
    """For the ``finsim`` program, before its imports: a signal ends it cleanly from now
    on (a Python program's own Ctrl-C would print a traceback)."""
    if not _main_thread():
        return
    _state.update(phase=_STARTING, pid=os.getpid(), entry=True)
    sys.unraisablehook = _unraisable(sys.unraisablehook)
    for signum in _not_ignored():
        signal.signal(signum, _handler)


@contextmanager
def command() -> Iterator[None]:
    """A command's work: the first signal raises ``Stopped`` here. Called from Python
    (tests, notebooks), the handlers found are put back afterwards."""
    if not _main_thread():
        yield
        return
    before = {s: signal.getsignal(s) for s in SIGNALS}
    entry = _state["entry"] and _state["pid"] == os.getpid()
    _state.update(phase=_RUNNING, pid=os.getpid(), entry=entry, taken=None, held=0,
                  came=None)
    for signum in _not_ignored():
        signal.signal(signum, _handler)
    try:
        yield
    finally:
        if entry:
            _state["phase"] = _DONE
        else:
            _state["phase"] = None
            for signum, handler in before.items():
                signal.signal(signum, handler)


def taken() -> int | None:
    """The signal that stopped the last command, if one did. What fails after it (an
    import cut short, a library that turned the interrupt into its own error) is the
    stop's doing, and is reported as the stop."""
    return _state["taken"]


@contextmanager
def held() -> Iterator[None]:
    """Signals held back for the few steps that must not be split (a rename that
    commits results, a fork and the name it is kept under): one that comes meanwhile is
    taken at the end. Under finsim's handler this is a count the handler reads, so a
    signal at any instant is either held or taken, never lost; elsewhere (from Python,
    in a helper process) the handlers are swapped for the time."""
    if not _main_thread():
        yield
        return
    if (_state["pid"] != os.getpid()
            or not any(signal.getsignal(s) is _handler for s in SIGNALS)):
        with _swapped():
            yield
        return
    _state["held"] += 1
    try:
        yield
    finally:
        _state["held"] -= 1
        if not _state["held"] and _state["came"]:
            signum, _state["came"] = _state["came"], None
            _handler(signum, None)


@contextmanager
def _swapped() -> Iterator[None]:
    came: list[int] = []
    before = {s: signal.signal(s, lambda signum, frame: came.append(signum))
              for s in _not_ignored()}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        if came:
            signal.raise_signal(came[0])


@contextmanager
def blocked_for_new_threads() -> Iterator[None]:
    """Signals blocked in this thread while it starts threads that must never take one
    (dask's event loop and the threads that start its worker processes): those threads
    keep them blocked for good, and so do the processes they start, so only the parent
    acts on a signal. A signal that came meanwhile is taken as this ends (a LocalCluster
    starts within seconds)."""
    if not hasattr(signal, "pthread_sigmask") or not _main_thread():
        yield
        return
    from multiprocessing import resource_tracker

    before = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    # started here, first, with the signals blocked: CPython's tracker ignores SIGINT and
    # SIGTERM but not SIGHUP (a tracker that died and was started again printed
    # KeyErrors), and the thread that starts it unblocks SIGINT and SIGTERM in itself
    # afterwards, so a dask thread that started it would pass them on to the workers
    resource_tracker.ensure_running()
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def blocked_to_the_end() -> None:
    """The command is done and its status stands: no signal is taken from now on. For an
    exit that frees every module (other threads still run): Python puts the default
    handlers back before it does, and SIGTERM would then end the process with no word.
    Blocked in this thread; dask's threads have them blocked already."""
    if hasattr(signal, "pthread_sigmask") and _main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)


def child() -> None:
    """In a worker or helper process: the parent acts on every signal, and stops this
    process with SIGKILL. On Linux the kernel ends it too when the parent ends however
    it ends (killed with SIGKILL, by the out-of-memory killer): a process that ignores
    signals must not outlive it."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1
