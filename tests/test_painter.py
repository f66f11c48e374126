"""The charts' painter (``report.painter``): a forked process draws ``cashflow.png`` and
``report.html`` with the same bytes as drawing them here, its failures are this process's
failures (same exit code and line, no results folder), and no process outlives a run."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report import files
from finsim.report.painter import Painter, draw_charts, painting
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


def _forked() -> Painter:
    painter = Painter.start()
    assert painter._process is not None  # noqa: SLF001
    return painter


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr("finsim.report.painter._alone", lambda: False)
    with painting() as painter:
        assert painter._process is None  # noqa: SLF001


def test_the_painter_draws_the_same_bytes_as_this_process(result, tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    files.write_run(result, here, ["finsim"])
    with painting() as painter:
        assert painter._process is not None  # noqa: SLF001
        files.write_run(result, there, ["finsim"], painter=painter)
    for name in (*CHARTS, *files.RESULT_TABLES, "results.xlsx", "run.json"):
        assert (here / name).read_bytes() == (there / name).read_bytes(), name
    assert multiprocessing.active_children() == []


def test_a_failure_in_the_painter_is_raised_here_with_its_traceback(result, tmp_path,
                                                                     monkeypatch):
    def broken(*args):
        raise ValueError("no ink")

    monkeypatch.setattr("finsim.report.cashflow.balance_chart", broken)  # the fork has it
    painter = _forked()
    painter.send(draw_charts, result, tmp_path, "de")
    with pytest.raises(ValueError, match="no ink") as caught:
        painter.finish()
    assert any("in the chart painter" in note and "broken" in note
               for note in caught.value.__notes__)
    assert multiprocessing.active_children() == []


def test_a_painter_that_vanished_is_replaced_by_drawing_here(result, tmp_path):
    painter = _forked()
    os.kill(painter._process.pid, signal.SIGKILL)  # noqa: SLF001
    painter._process.join()  # noqa: SLF001
    painter.send(draw_charts, result, tmp_path, "en")
    painter.finish()
    assert all((tmp_path / name).stat().st_size > 1000 for name in CHARTS)
    assert "Results report" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("error", "code", "line"), [
    (RuntimeError("no ink"), 1, "internal error (RuntimeError: no ink)"),
    (OSError(errno.ENOSPC, "No space left on device"), 2,
     "writing the results failed (No space left on device); nothing was written"),
])
def test_a_painter_failure_exits_as_before_and_commits_nothing(error, code, line, tmp_path,
                                                               monkeypatch):
    def broken(*args):
        raise error

    monkeypatch.setattr("finsim.report.html.run_report", broken)
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



def test_a_large_result_goes_to_a_painter_forked_when_it_is_ready(result, tmp_path):
    """Too large to copy through the pipe: the early painter is stopped and one forked
    now inherits the result; same files."""
    here = tmp_path / "here"
    here.mkdir()
    draw_charts(result, here, "de")
    painter = _forked()
    early = painter._process  # noqa: SLF001
    painter.send(draw_charts, result, tmp_path, "de", large=True)
    assert painter._process not in (None, early)  # noqa: SLF001
    painter.finish()
    for name in CHARTS:
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

    monkeypatch.setattr("finsim.report.cashflow.balance_chart", broken)
    painter = _forked()
    painter.send(draw_charts, result, tmp_path, "de")
    with pytest.raises(RuntimeError, match="Picky: no ink"):
        painter.finish()
