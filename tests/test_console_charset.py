"""A terminal whose charset lacks ``–``, ``€`` or ``ä`` gets their look-alikes.

In a de_DE.ISO-8859-15 locale (or with ``PYTHONIOENCODING=latin-1`` or ``ascii``) ``run``
and ``compare`` wrote their folders, then stopped at the summary's en dash: "internal
error (UnicodeEncodeError ...)", exit 1, no summary, and a literal ``\\n`` in that line.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from finsim.cli.console import LOOKALIKES

from .conftest import SMALL
from .processes import ENV


def _finsim(args: list[str], encoding: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "finsim", *args], cwd=cwd, timeout=300,
                          env={**ENV, "PYTHONIOENCODING": encoding}, capture_output=True)


def _entries(stdout: bytes, encoding: str) -> str:
    """The interval of the summary's first row, as printed."""
    line = next(line for line in stdout.decode(encoding).splitlines()
                if "People reached" in line)
    return re.search(r"[\d.]+ \S [\d.]+", line).group()


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_run_prints_its_summary_in_the_terminal_s_charset(tmp_path, encoding):
    args = ["run", str(SMALL), "-n", "3", "--jobs", "1", "--out"]
    utf8 = _finsim([*args, "utf8"], "utf-8", tmp_path)
    done = _finsim([*args, "narrow"], encoding, tmp_path)
    assert (done.returncode, utf8.returncode) == (0, 0), done.stderr
    assert done.stderr.decode(encoding) == utf8.stderr.decode()
    interval = _entries(utf8.stdout, "utf-8")
    assert "–" in interval
    assert _entries(done.stdout, encoding) == interval.replace("–", "-")
    done.stdout.decode("ascii")  # the table's boxes too: rich draws them in ASCII here


def test_compare_prints_its_summary_in_ascii(tmp_path):
    done = _finsim(["compare", str(SMALL), str(SMALL), "-n", "2", "--jobs", "1", "-q", "--out",
                    "cmp"], "ascii", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


def test_the_look_alikes_are_ascii():
    assert all(text.isascii() and not char.isascii() for char, text in LOOKALIKES.items())


def test_an_error_handler_of_the_user_s_own_is_kept(tmp_path):
    done = _finsim(["run", str(SMALL), "-n", "3", "--jobs", "1", "--out", "mine"],
                   "ascii:replace", tmp_path)
    assert done.returncode == 0
    assert " ? " in _entries(done.stdout, "ascii")


def test_an_internal_error_is_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from finsim.cli import main
    from finsim.commands import run as run_command

    def failing(*args, **kwargs):
        raise ValueError("first\n*** second ***")

    monkeypatch.setattr(run_command, "run_job", failing)
    done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "--out", str(tmp_path / "x")])
    assert done.exit_code == 1
    assert done.output.splitlines()[0] == (
        "finsim: internal error (ValueError: first *** second ***); nothing was written.")


