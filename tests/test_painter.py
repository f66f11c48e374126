"""The results folder's helpers (``report.painter``): a forked painter draws
``cashflow.png`` and ``report.html`` and a forked writer writes the tables,
``results.xlsx`` and ``run.json``, with the same bytes as writing them here; their
failures are this process's failures (same exit code and line, no results folder), no
process outlives a run, and the process that runs the replications never loads pandas,
xlsxwriter or matplotlib."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report import files
from finsim.report.painter import Painter, draw_charts, painting, received, warm_tables
from finsim.scenario import load_scenario

from .conftest import SMALL
from .processes import ENV, started

CHARTS = ("cashflow.png", "report.html")


@pytest.fixture(scope="module")
def result():  # noqa: ANN201 - a RunResult
    return run(RunSpec(load_scenario(SMALL), 6, 3), jobs=1)


@pytest.fixture(autouse=True)
def alone(monkeypatch):  # noqa: ANN001, ANN201
    """Earlier tests (a dask client's) may leave idle threads in this process, and then
    finsim rightly draws in-process; these tests are about the fork, which is safe here."""
    monkeypatch.setattr("finsim.report.painter._alone", lambda: True)


def _forked(**kwargs) -> Painter:
    painter = Painter.start(**kwargs)
    assert painter.forked
    return painter


def _send_charts(painter: Painter, charts, folder) -> None:  # noqa: ANN001
    """The charts' job as ``files.write_run`` hands it over: the png's layout, then the
    charts' data."""
    painter.send(draw_charts, charts.balance.layout, folder)
    painter.post(charts)


def _draw_here(charts, folder) -> None:  # noqa: ANN001
    here = Painter()
    _send_charts(here, charts, folder)
    here.finish()


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr("finsim.report.painter._alone", lambda: False)
    with painting() as painter:
        assert painter._process is None  # noqa: SLF001


def test_the_painter_draws_the_same_bytes_as_this_process(result, tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    files.write_run(result, here, ["finsim"])
    with painting() as painter, painting(warm=warm_tables) as writer:
        assert painter.forked and writer.forked
        files.write_run(result, there, ["finsim"], painter=painter, writer=writer)
    for name in (*CHARTS, *files.RESULT_TABLES, "results.xlsx", "run.json"):
        assert (here / name).read_bytes() == (there / name).read_bytes(), name
    assert multiprocessing.active_children() == []


def _posted_twice() -> tuple:
    """A job that returns what its owner posts after it started, two values."""
    return received(), received()


@pytest.mark.parametrize("fork", [True, False])
def test_a_job_takes_what_is_posted_after_it_started_and_returns_a_value(fork):
    """``post`` gives a running job its values in order (through the pipe, or kept for
    the job run here) and ``finish`` returns what the job returned."""
    painter = Painter.start(fork=fork)
    assert painter.forked == fork
    painter.send(_posted_twice)
    painter.post("first")
    painter.post({"second": 2})
    assert painter.finish() == ("first", {"second": 2})
    painter.stop()
    assert multiprocessing.active_children() == []


def test_a_painter_that_vanished_after_a_post_draws_here_with_the_posted_page(result,
                                                                              tmp_path):
    """The page posted to a painter that then vanished is drawn here all the same."""
    here = tmp_path / "here"
    here.mkdir()
    _draw_here(files.run_charts(result, "en"), here)
    painter = _forked()
    charts = files.run_charts(result, "en", page=False)
    assert charts.page is None
    painter.send(draw_charts, charts.balance.layout, tmp_path)
    painter.post(charts)
    painter.post(files.run_page(result, "en", charts.cash))
    os.kill(painter._process.pid, signal.SIGKILL)  # noqa: SLF001
    painter.finish()
    for name in CHARTS:
        assert (tmp_path / name).read_bytes() == (here / name).read_bytes(), name
    assert multiprocessing.active_children() == []


def test_a_failure_in_the_writer_is_raised_here_with_its_traceback(result, tmp_path,
                                                                    monkeypatch):
    def broken(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("finsim.report.results_book.write_results", broken)
    writer = _forked(warm=warm_tables)
    writer.send(files.write_tables, result, tmp_path, "en", "de")
    with pytest.raises(OSError, match="No space left") as caught:
        writer.finish()
    assert caught.value.errno == errno.ENOSPC
    assert any("in the tables' writer" in note and "broken" in note
               for note in caught.value.__notes__)
    assert (tmp_path / "summary.csv").exists() and not (tmp_path / "results.xlsx").exists()
    assert multiprocessing.active_children() == []


def test_a_writer_that_vanished_is_replaced_by_writing_here(result, tmp_path):
    writer = _forked(warm=warm_tables)
    os.kill(writer._process.pid, signal.SIGKILL)  # noqa: SLF001
    writer._process.join()  # noqa: SLF001
    writer.send(files.write_tables, result, tmp_path, "en", "de")
    writer.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*files.RESULT_TABLES, "results.xlsx"])
    assert multiprocessing.active_children() == []


RUN_WITHOUT = """
import sys
import finsim.commands.run
from finsim.cli import main
finsim.commands.run.available_cpus = lambda: 2  # -j 1 leaves a core idle, on any machine
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(sorted(m for m in ("pandas", "xlsxwriter", "matplotlib") if m in sys.modules))
"""


@pytest.mark.parametrize("quiet", [["-q"], []])
def test_the_process_running_the_replications_never_loads_the_writers_libraries(quiet,
                                                                               tmp_path):
    """pandas, xlsxwriter and matplotlib are loaded by the painter and the writer while the
    replications run, not by finsim itself (the libraries cost as much as the files);
    the summary on the terminal needs none of them either."""
    done = subprocess.run([sys.executable, "-c", RUN_WITHOUT, "run", str(SMALL), *quiet,
                           "-n", "3", "-j", "1", "--out", str(tmp_path / "res")], env=ENV,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert ("Cost: total" in done.stdout) == (not quiet)
    assert (tmp_path / "res" / "results.xlsx").exists()
    assert (tmp_path / "res" / "cashflow.png").exists()


def test_a_failure_in_the_painter_is_raised_here_with_its_traceback(result, tmp_path,
                                                                     monkeypatch):
    def broken(*args):
        raise ValueError("no ink")

    monkeypatch.setattr("finsim.report.drawing.BalanceCanvas.draw", broken)  # the fork has it
    painter = _forked()
    _send_charts(painter, files.run_charts(result, "de"), tmp_path)
    with pytest.raises(ValueError, match="no ink") as caught:
        painter.finish()
    assert any("in the chart painter" in note and "broken" in note
               for note in caught.value.__notes__)
    assert multiprocessing.active_children() == []


def test_a_painter_that_vanished_is_replaced_by_drawing_here(result, tmp_path):
    painter = _forked()
    os.kill(painter._process.pid, signal.SIGKILL)  # noqa: SLF001
    painter._process.join()  # noqa: SLF001
    _send_charts(painter, files.run_charts(result, "en"), tmp_path)
    painter.finish()
    assert all((tmp_path / name).stat().st_size > 1000 for name in CHARTS)
    assert "Results report" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("where", ["finsim.report.drawing.Page.html",
                                   "finsim.report.results_book.write_results"])
@pytest.mark.parametrize(("error", "code", "line"), [
    (RuntimeError("no ink"), 1, "internal error (RuntimeError: no ink)"),
    (OSError(errno.ENOSPC, "No space left on device"), 2,
     "writing the results failed (No space left on device); nothing was written"),
])
def test_a_helper_failure_exits_as_before_and_commits_nothing(error, code, line, where,
                                                              tmp_path, monkeypatch):
    def broken(*args):
        raise error

    monkeypatch.setattr(where, broken)
    out = tmp_path / "res"
    done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "3", "-j", "1",
                                     "--out", str(out)])
    assert done.exit_code == code, done.output
    assert line in done.output and "Traceback" not in done.output
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_sigterm_while_running_leaves_no_process_and_no_folder(tmp_path):
    """The painter is started before the replications: SIGTERM to finsim alone (as a
    batch scheduler sends it) stops the run, and no process of its group is left."""
    out = tmp_path / "res"
    process = subprocess.Popen(
        [sys.executable, "-m", "finsim", "run", str(SMALL), "-n", "100000", "-j", "1",
         "--out", str(out)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True)
    try:
        assert "100,000 replications" in started(process, "100,000 replications")
        time.sleep(1.0)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
        assert process.returncode == 143, err
        time.sleep(0.2)
        with pytest.raises(ProcessLookupError):  # nothing of the group is left
            os.killpg(process.pid, 0)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert list(tmp_path.iterdir()) == []


def test_a_large_result_goes_to_a_writer_forked_when_it_is_ready(result, tmp_path):
    """Too large to copy through the pipe: the early writer is stopped and one forked
    now inherits the result; same files."""
    here = tmp_path / "here"
    here.mkdir()
    files.write_tables(result, here, "en", "de")
    writer = _forked(warm=warm_tables)
    early = writer._process  # noqa: SLF001
    writer.send(files.write_tables, result, tmp_path, "en", "de", large=True)
    assert writer._process not in (None, early)  # noqa: SLF001
    writer.finish()
    for name in (*files.RESULT_TABLES, "results.xlsx"):
        assert (tmp_path / name).read_bytes() == (here / name).read_bytes(), name
    assert multiprocessing.active_children() == []


class Picky(Exception):
    """An exception that cannot travel through a pipe: it cannot be rebuilt from its
    arguments, and it holds what pickle refuses (so also where a library such as tblib,
    which dask imports, pickles exceptions by their attributes instead)."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} {b}")
        self.handle = lambda: None


def test_an_exception_that_cannot_travel_arrives_as_its_text(result, tmp_path, monkeypatch):
    def broken(*args):
        raise Picky("no", "ink")

    monkeypatch.setattr("finsim.report.drawing.BalanceCanvas.draw", broken)
    painter = _forked()
    _send_charts(painter, files.run_charts(result, "de"), tmp_path)
    with pytest.raises(RuntimeError, match="Picky: no ink"):
        painter.finish()


@pytest.mark.parametrize(("cpus", "writer_forks"), [(2, True), (1, False)])
def test_a_writer_is_forked_only_where_the_replications_leave_a_core_idle(cpus, writer_forks,
                                                                         tmp_path,
                                                                         monkeypatch):
    """With every core replicating, loading pandas early would only slow the workers:
    then this process writes the tables after the replications."""
    import finsim.commands.run as command
    from finsim.commands.options import JobOptions

    started_ = []
    real = command.painting

    def spy(job=None, fork=True, warm=None, after=None):  # noqa: ANN001, ANN202
        started_.append((fork, warm))
        return real(job, fork, warm, after)

    monkeypatch.setattr(command, "painting", spy)
    monkeypatch.setattr(command, "available_cpus", lambda: cpus)
    command.run_job(SMALL, JobOptions(replications=3, jobs=1, out=tmp_path / "res"))
    assert started_ == [(True, None), (writer_forks, warm_tables)]
    assert (tmp_path / "res" / "results.xlsx").exists()
    assert multiprocessing.active_children() == []


def _stamp(path):  # noqa: ANN001, ANN202
    """A warm-up that notes when it started and ended (after half a second)."""
    def warm() -> None:
        start = time.monotonic()
        time.sleep(0.5)
        path.write_text(f"{start} {time.monotonic()}")
    return warm


def _noted(path) -> None:  # noqa: ANN001
    path.write_text("done")


def test_a_writer_after_the_painter_warms_up_once_the_painter_is_warm(tmp_path):
    """Where the replications leave one core idle, the two warm-ups take turns on it."""
    first, second = tmp_path / "painter", tmp_path / "writer"
    with painting(warm=_stamp(first)) as painter, \
            painting(warm=_stamp(second), after=painter) as writer:
        deadline = time.monotonic() + 20
        while not second.exists() and time.monotonic() < deadline:  # no job needed
            time.sleep(0.05)
        writer.send(time.sleep, 0.0)
        painter.send(time.sleep, 0.0)
        writer.finish()
        painter.finish()
    painter_end = float(first.read_text().split()[1])
    writer_start = float(second.read_text().split()[0])
    assert writer_start >= painter_end
    assert multiprocessing.active_children() == []


def test_a_writer_after_the_painter_starts_at_once_when_its_job_comes(tmp_path):
    """A short run: the job is there before the painter is warm; the writer takes it at
    once (the sender waits while the job goes through the pipe) and warms up."""
    done = tmp_path / "done"
    with painting(warm=lambda: time.sleep(30)) as painter, \
            painting(warm=lambda: None, after=painter) as writer:
        started_ = time.monotonic()
        writer.send(_noted, done)
        writer.finish()
        assert time.monotonic() - started_ < 10
        painter.stop()
    assert done.read_text() == "done"
    assert multiprocessing.active_children() == []


def test_a_writer_after_a_painter_that_vanished_warms_up_at_once(tmp_path):
    """A painter killed from outside never says it is warm: its end is enough."""
    done = tmp_path / "done"
    with painting(warm=lambda: time.sleep(30)) as painter:
        os.kill(painter._process.pid, signal.SIGKILL)  # noqa: SLF001
        with painting(warm=lambda: done.write_text("warm"), after=painter) as writer:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not (done.exists()
                                                       and done.read_text() == "warm"):
                time.sleep(0.05)
            assert done.read_text() == "warm"
            writer.stop()
    assert multiprocessing.active_children() == []


def _collector_state(path) -> None:
    import gc

    path.write_text(f"{gc.isenabled()} {gc.get_freeze_count() > 0}")


def test_a_painter_runs_its_one_job_without_collections_after_freezing_its_imports(tmp_path):
    """A painter's job makes matplotlib's figures and their garbage, then the process
    ends: it runs with the collector off; what the painter inherited and imported is
    frozen, so a collection after its warm-up does not traverse it."""
    state = tmp_path / "state"
    with painting(warm=lambda: None) as painter:
        painter.send(_collector_state, state)
        painter.finish()
    assert state.read_text() == "False True"
    assert multiprocessing.active_children() == []


def _helper_forked(painter: Painter, seconds: float = 30) -> bool:
    """Whether the forked painter has a child (its helper) within ``seconds`` (/proc)."""
    pid = painter._process.pid  # noqa: SLF001
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + seconds
    while not children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.01)
    return bool(children.read_text().split())


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_the_painter_forks_its_helper_with_the_layout_before_the_data(result, tmp_path):
    """The png's layout comes first: the painter's helper is forked and lays the png
    out while the run's process works the band out; the charts are those drawn here."""
    here = tmp_path / "here"
    here.mkdir()
    _draw_here(files.run_charts(result, "en"), here)
    painter = _forked()
    charts = files.run_charts(result, "en")
    painter.send(draw_charts, charts.balance.layout, tmp_path)
    assert _helper_forked(painter), "no helper forked before the charts' data came"
    painter.post(charts)
    painter.finish()
    for name in CHARTS:
        assert (tmp_path / name).read_bytes() == (here / name).read_bytes(), name
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_a_painter_killed_before_the_data_came_is_replaced_without_waiting_on_its_helper(
        result, tmp_path):
    """The painter is killed once its helper (laying the png out) exists, before it could
    hand the helper the charts' data: the helper, waiting for that data, ends too, and
    the charts are drawn here, the same bytes, rather than everyone waiting for good."""
    here = tmp_path / "here"
    here.mkdir()
    charts = files.run_charts(result, "en")
    _draw_here(charts, here)
    painter = _forked()
    painter.send(draw_charts, charts.balance.layout, tmp_path)
    assert _helper_forked(painter), "no helper forked"
    os.kill(painter._process.pid, signal.SIGKILL)  # noqa: SLF001
    painter.post(charts)
    finished = threading.Thread(target=painter.finish, daemon=True)
    finished.start()
    finished.join(timeout=60)
    assert not finished.is_alive(), "the owner waits for good on the killed painter's helper"
    for name in CHARTS:
        assert (tmp_path / name).read_bytes() == (here / name).read_bytes(), name
    assert multiprocessing.active_children() == []
