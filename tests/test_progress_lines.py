"""Before the work: how much is coming; after a second of steady work: how long is left."""

from __future__ import annotations

import io
import itertools
import re

from click.testing import CliRunner
from rich.console import Console

from finsim.cli import main
from finsim.commands.options import in_steps
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
    # at most 2 ends + ceil(log2(500 - 1)) = 9 steps + 1 neighbour of the answer; the
    # estimate is of one candidate, the largest (500 slots: 10 x the 50 of 2026)
    assert lines[0].startswith("finsim: Small test program: a search over the slots, 3 "
                               "replications for each number of slots tried, at most 12 "
                               "of them (the largest one: about ")
    assert lines[1] == "finsim: 1 slot" and lines[2].endswith(" slots")  # the first try


def test_a_search_s_candidates_add_up_to_one_time_to_go(monkeypatch):
    """Each candidate had a progress of its own (total: its replications), so the time
    to go was never said; under one progress their work adds up: 100 done in the second
    after the first chunk, 1,000 left of 1,150 at 100/s is 10 s."""
    clock = iter([3.0, 3.5, 4.0, 4.5])
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    buffer = io.StringIO()
    step = in_steps(progress._estimate_once(1150, 0.0, Console(file=buffer, width=200)))
    for slots in (100, 200):
        with step(100, f"{slots} slots") as update:
            for done in (50, 100):
                update(done)
    assert buffer.getvalue().splitlines() == [
        "finsim: 100 slots", "finsim: 200 slots", "finsim: about 10 s to go"]


def test_a_size_search_says_its_time_to_go(tmp_path, monkeypatch):
    """A clock a second further at every look: after the second candidate the search
    says how long its rest will take (it never did)."""
    ticks = itertools.count()
    monkeypatch.setattr(progress.time, "perf_counter", lambda: float(next(ticks)))
    done = CliRunner().invoke(main, ["size", str(SMALL), "-n", "3", "-j", "1",
                                     "--start", "2026-01", "--months", "12",
                                     "--confidence", "0.9", "--cap", "jobcenter=200000",
                                     "--out", str(tmp_path / "s")])
    assert done.exit_code == 0, done.output
    lines = [line for line in done.output.splitlines() if line.startswith("finsim: ")]
    assert lines[1:3] == ["finsim: 1 slot", "finsim: 500 slots"]
    assert any(re.fullmatch(r"finsim: about \d+ (s|min) to go", line) for line in lines)
