"""A home folder matplotlib cannot write to (a service account, HOME=/nonexistent, a
read-only home): finsim's output alone, no matplotlib warning before it, and no
temporary folder of matplotlib's left behind; an MPLCONFIGDIR the user set is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from finsim.report import mplconfig

from .conftest import ROOT, SMALL, without_root_override


def _finsim(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """finsim as a user without a writable home runs it (read-only HOME, root's power
    to write anywhere taken away), its temporary files in a folder of the test's."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir(mode=0o555)
    temp.mkdir()
    variables = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home),
                 "TMPDIR": str(temp), **env}
    for name in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        if name not in env:
            variables.pop(name, None)
    return subprocess.run([*without_root_override(), sys.executable, "-m", "finsim", *args],
                          capture_output=True, text=True, env=variables, timeout=120)


@pytest.mark.parametrize("command", [["run"], ["sensitivity", "--param",
                                               "costs.material.per_slot_month=40:60"]])
def test_an_unwritable_home_gets_no_matplotlib_warning(tmp_path: Path, command) -> None:
    """run (charts drawn by a forked painter) and sensitivity (drawn here)."""
    out = tmp_path / "out"
    done = _finsim(tmp_path, command[0], str(SMALL), *command[1:], "-n", "2", "-j", "1",
                   "-q", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (out / "report.html").exists()
    assert list((tmp_path / "tmp").iterdir()) == []  # the private folder went at the exit
    assert list((tmp_path / "home").iterdir()) == []


def test_the_users_mplconfigdir_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    done = _finsim(tmp_path, "run", str(SMALL), "-n", "2", "-j", "1", "-q", "--out",
                   str(tmp_path / "out"), MPLCONFIGDIR=str(mine))
    assert done.returncode == 0 and done.stderr == ""
    assert any(p.name.startswith("fontlist") for p in mine.iterdir())  # matplotlib's cache


def test_a_writable_home_is_left_to_matplotlib(tmp_path: Path, monkeypatch) -> None:
    """No variable set where matplotlib can make its folders itself (they are made as
    matplotlib would make them); a private folder where one cannot be made: under a
    file, or under ``/proc``, which ``os.access`` calls writable for root."""
    monkeypatch.setenv("MPLCONFIGDIR", "")  # unset, as matplotlib reads it; put back after
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "not" / "yet"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    mplconfig.private_if_unwritable()
    assert os.environ["MPLCONFIGDIR"] == ""
    assert (tmp_path / "not" / "yet" / "matplotlib").is_dir()
    assert (tmp_path / "matplotlib").is_dir()
    unmakeable = [tmp_path / "a file" / "x"]
    (tmp_path / "a file").write_text("a file where a folder would go")
    if Path("/proc/self").is_dir():
        unmakeable.append(Path("/proc/finsim-test"))
    for config in unmakeable:
        monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
        mplconfig.private_if_unwritable()
        folder = Path(os.environ["MPLCONFIGDIR"])
        assert folder.is_dir() and folder.name.startswith("finsim-matplotlib-")
        mplconfig._remove(str(folder), os.getpid())
        assert not folder.exists()
        monkeypatch.setenv("MPLCONFIGDIR", "")
