"""Before the work: how much is coming; after a second of steady work: how long is left."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console

from finsim.cli import main
from finsim.report import progress

from .conftest import SMALL


def test_duration_reads_as_a_wait():
    assert [progress.duration(s) for s in (4.2, 89, 150, 3599, 3600, 4800)] == [
        "4 s", "89 s", "2 min", "1 h", "1 h", "1 h 20 min"]


def test_the_time_to_go_is_said_once_from_the_steady_pace(monkeypatch):
    """Chunks of 10 every 0.5 s after a slow first chunk (starting the processes): the
    estimate ignores the first chunk, 980 left at 20/s is 49 s."""
    clock = iter([0.0, 3.0, 3.5, 4.0, 4.5, 5.0])
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    buffer = io.StringIO()
    update = progress._estimate_once(1000, progress.time.perf_counter(),
                                     Console(file=buffer, width=200))
    for done in (10, 20, 30, 40, 50):
        update(done)
    assert buffer.getvalue() == "finsim: about 48 s to go\n"


def test_the_work_is_announced_unless_quiet(tmp_path):
    loud = CliRunner().invoke(main, ["sensitivity", str(SMALL), "-n", "3", "-j", "1",
                                     "--param", "costs.material.per_slot_month=40:60",
                                     "--out", str(tmp_path / "a")])
    assert loud.exit_code == 0, loud.output
    assert "finsim: Small test program: oat, 3 points x 3 replications = 9" in loud.output
    quiet = CliRunner().invoke(main, ["run", str(SMALL), "-n", "3", "-j", "1", "-q",
                                      "--out", str(tmp_path / "b")])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_a_size_search_announces_its_work(tmp_path):
    """size --cap runs the replications once for every number of slots it tries: the
    first line says so, with the estimate of one of them, before the candidates' lines."""
    done = CliRunner().invoke(main, ["size", str(SMALL), "-n", "3", "-j", "1",
                                     "--start", "2026-01", "--months", "12",
                                     "--confidence", "0.9", "--cap", "jobcenter=200000",
                                     "--out", str(tmp_path / "s")])
    assert done.exit_code == 0, done.output
    lines = [line for line in done.output.splitlines() if line.startswith("finsim: ")]
    assert lines[0].startswith("finsim: Small test program: a search over the slots, 3 "
                               "replications for each number of slots tried (about ")
    assert lines[1] == "finsim: 1 slot" and lines[2].endswith(" slots")  # the first try
