"""The processes finsim owns keep freed memory for the next batch: a batch's arrays come
back from the heap instead of being faulted in afresh, page by page."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

FAULTS = """
import resource, sys
import numpy as np
from finsim.heap import keep_freed_memory
if {keep}:
    keep_freed_memory()
    keep_freed_memory()  # once is enough: the second call does nothing
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):  # a batch's arrays, made and freed again and again
    a = np.ones(300_000); b = np.ones(200_000); c = a[:200_000] + b
    del a, b, c
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(keep: bool) -> int:
    done = subprocess.run([sys.executable, "-c", FAULTS.format(keep=keep)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="glibc only: elsewhere finsim leaves the C library's policy")
def test_kept_memory_spares_the_page_faults_of_each_batch() -> None:
    assert _faults(True) * 10 < _faults(False)


MAIN = """
import sys
from finsim.heap import keep_freed_memory
from finsim.cli import main
main(["run", {path!r}, "-q", "-n", "2", "-j", "1", "--out", {out!r}], standalone_mode=False)
print(keep_freed_memory.cache_info().currsize)
"""


def test_a_python_session_calling_finsim_keeps_its_own_policy(tmp_path) -> None:
    """Only the ``finsim`` program and its pool's workers change the C library's policy:
    replications run in a Python session's own process leave it as it was."""
    done = subprocess.run([sys.executable, "-c", MAIN.format(
        path=str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"),
        out=str(tmp_path / "res"))], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0"
