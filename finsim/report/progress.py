"""The progress of the work on stderr: what is coming, then a bar on a TTY, or elsewhere
one line with the time still to go. Nothing of the bar reaches a pipe or CI.

rich is imported only when something is shown: ``finsim run --quiet`` starts without it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .consoles import Console


def interactive() -> bool:
    """A person is watching: stderr is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bar(total: int, label: str, enabled: bool) -> Iterator:
    """A callback ``update(done)``: first a line saying how much work is coming, then a bar
    on a TTY, or elsewhere one line with the time still to go after the first chunk.
    ``update(done, label)`` names the step the work is at (a search's candidate): its own
    line in a log, the bar's description on a TTY."""
    if not enabled:
        yield lambda done, label=None: None
        return
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from .consoles import Console

    err = Console(stderr=True, highlight=False)
    err.print(escape(f"finsim: {label}"), soft_wrap=True)  # one line in a log, too
    started = time.perf_counter()
    if not interactive():
        yield _estimate_once(total, started, err)
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
                   TimeRemainingColumn(), console=err, transient=True)
    with bar:
        task = bar.add_task("", total=total, rate="")

        def update(done: int, label: str | None = None) -> None:
            if label is not None:
                bar.update(task, description=escape(label))
                return
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, rate=f"{rate:,.0f}/s")

        yield update


ESTIMATE_FROM = 5.0
"""Seconds of expected work from which the time to go is worth a line."""


def _estimate_once(total: int, started: float, err: Console):
    """Once a second of steady work is done (the first chunk pays for starting the
    processes), say how long the rest will take at that pace."""
    first: tuple[float, int] | None = None
    said = False

    def update(done: int, label: str | None = None) -> None:
        nonlocal first, said
        if label is not None:
            from rich.markup import escape

            err.print(escape(f"finsim: {label}"), soft_wrap=True)
            return
        now = time.perf_counter()
        if said or not 0 < done < total:
            return
        if first is None:
            first = (now, done)
            return
        if now - first[0] < 1.0 or done == first[1]:
            return
        said = True
        left = (now - first[0]) / (done - first[1]) * (total - done)
        if left >= ESTIMATE_FROM:
            err.print(f"finsim: about {duration(left)} to go")

    return update


def duration(seconds: float) -> str:
    """``45 s``, ``3 min``, ``1 h 20 min``: as precise as a wait needs."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")
