"""A reader that stops reading (``finsim ... | head -1``): finsim stops writing and exits
141 (128 + SIGPIPE) without a word, never 1 or "internal error", which mean a fault in
finsim. A real ``finsim`` process whose stdout is a pipe closed before it writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from finsim.scenario import reader

from .conftest import SMALL
from .processes import ENV
from .test_calibrate_cli import SCENARIO, write_spells


def closed_output(*args: str | Path, stderr_too: bool = False
                  ) -> subprocess.CompletedProcess:
    """``python -m finsim ARGS`` with a stdout whose reader has gone (and its stderr, as
    ``2>&1 | head``, with ``stderr_too``): the pipe's reading end is closed before
    finsim starts, so its first line meets a closed pipe."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "finsim", *map(str, args)], env=ENV,
                              stdout=write, stderr=write if stderr_too else subprocess.PIPE,
                              text=True, timeout=300, check=False)
    finally:
        os.close(write)


def quiet_about_it(stderr: str | None) -> bool:
    """No traceback, no internal error, no error at the exit's flush."""
    return not any(text in (stderr or "") for text in
                   ("Traceback", "internal error", "Broken pipe", "BrokenPipeError",
                    "Exception ignored"))


def test_show_into_a_closed_pipe_exits_141_without_a_word():
    done = closed_output("show", SMALL)
    assert done.returncode == 141
    assert done.stderr == ""


def test_run_into_a_closed_pipe_exits_141_with_its_results_written(tmp_path):
    # the summary is printed after the results folder is written
    out = tmp_path / "res"
    done = closed_output("run", SMALL, "-n", "2", "-j", "1", "--out", out)
    assert done.returncode == 141, done.stderr
    assert quiet_about_it(done.stderr), done.stderr
    assert (out / "summary.csv").is_file() and (out / "cashflow.csv").is_file()


def test_a_run_whose_stderr_is_closed_too_stops_at_its_first_line(tmp_path):
    # `2>&1 | head -0`: the line announcing the work meets the closed pipe, so the run
    # stops there, as SIGPIPE would stop it, and leaves no folder behind
    done = closed_output("run", SMALL, "-n", "2", "-j", "1", "--out", tmp_path / "res",
                         stderr_too=True)
    assert done.returncode == 141
    assert list(tmp_path.iterdir()) == []


def test_calibrate_into_a_closed_pipe_exits_141(tmp_path):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO, sort_keys=False))
    spells = tmp_path / "spells.csv"
    write_spells(spells, scenario, seed=4)
    out = tmp_path / "overlay.yaml"
    done = closed_output("calibrate", spells, "--scenario", scenario, "--out", out)
    assert done.returncode == 141, done.stderr
    assert quiet_about_it(done.stderr), done.stderr
    assert out.is_file()


def test_a_broken_pipe_of_finsims_own_is_still_a_fault(monkeypatch):
    # a pipe to a worker process that breaks is not the reader going: exit 1, one line
    from finsim.cli import main

    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(reader, "dump", broken)  # what show writes its YAML with
    result = CliRunner().invoke(main, ["show", str(SMALL)])
    assert result.exit_code == 1
    assert "finsim: internal error (BrokenPipeError: [Errno 32] Broken pipe)" in result.output


def test_a_numpy_warning_is_not_printed_without_debug(monkeypatch):
    """A RuntimeWarning (an overflow in the modifiers' product) printed a file path and a
    line of finsim's code under -q; --debug still shows it."""
    import warnings

    import numpy as np

    from finsim.cli import main

    def overflow(*args, **kwargs):  # what show writes its YAML with
        np.multiply(np.array([1e200]), 1e200)
        warnings.warn("kept", UserWarning, stacklevel=1)

    monkeypatch.setattr(reader, "dump", overflow)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert CliRunner().invoke(main, ["show", str(SMALL)]).exit_code == 0
        assert [str(w.message) for w in seen] == ["kept"]
        seen.clear()
        CliRunner().invoke(main, ["--debug", "show", str(SMALL)])
        assert [w.category for w in seen] == [RuntimeWarning, UserWarning]
