"""finsim in a real subprocess, stopped by a signal mid-run: the tests of Ctrl-C, SIGTERM
and a cluster's cancellation share how they start, wait for and stop it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def started(process: subprocess.Popen, text: str) -> str:
    """Read the process's stderr up to the line announcing the work (other lines, an
    estimate say, may come first); what was read."""
    seen = ""
    while line := process.stderr.readline():
        seen += line if isinstance(line, str) else line.decode()
        if text in seen:
            return seen
    return seen


def interrupted(args: list[str], announce: str, signum: int, *, timeout: float,
                pause: float = 1.0, group: bool = False) -> tuple[int, str, str]:
    """``python -m finsim ARGS``, stopped by ``signum`` ``pause`` seconds after the line
    ``announce`` (sent to its whole process group with ``group``, as a terminal's Ctrl-C
    reaches the workers too); its exit code, the stderr up to ``announce`` and the rest.
    Never leaves a long run behind, whatever failed."""
    process = subprocess.Popen([sys.executable, "-m", "finsim", *args], env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=group)
    try:
        seen = started(process, announce)
        assert announce in seen, seen
        time.sleep(pause)
        if group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=timeout)
    finally:
        process.kill()
        process.wait()
    return process.returncode, seen, err
