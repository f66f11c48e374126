"""The `finsim` program's exit: status, output and exit handlers as at a normal exit."""

import subprocess
import sys

import pytest

from finsim.cli.console import _status

from .conftest import SMALL

PROGRAM = """
import atexit, sys
atexit.register(lambda: print("exit handler ran", flush=True))
sys.argv = ["finsim", *{args!r}]
from finsim.cli.console import console
console()
print("not reached")
"""


def _program(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROGRAM.format(args=list(args))],
                          capture_output=True, text=True, timeout=120)


def test_done_prints_everything_runs_exit_handlers_and_exits_0():
    done = _program("show", str(SMALL))
    assert done.returncode == 0, done.stderr
    shown = done.stdout.splitlines()
    assert shown[-1] == "exit handler ran" and "not reached" not in done.stdout
    via_module = subprocess.run([sys.executable, "-m", "finsim", "show", str(SMALL)],
                                capture_output=True, text=True, timeout=120)
    assert via_module.stdout.splitlines() == shown[:-1]  # the whole resolved scenario


def test_bad_input_keeps_exit_2_and_its_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    done = _program("validate", str(bad))
    assert done.returncode == 2
    assert str(bad) in done.stderr
    assert done.stdout.splitlines()[-1] == "exit handler ran"


def test_closed_pipe_is_no_error():
    """`finsim show ... | head -1`: the reader leaves; the rest is dropped quietly."""
    shell = f"{sys.executable} -m finsim show {SMALL} | head -1"
    done = subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=120)
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), (130, 130),
                                              ("a message", 1)])
def test_status_as_sys_exit_gives_it(code, status, capsys):
    assert _status(code) == status
    assert capsys.readouterr().err == ("a message\n" if code == "a message" else "")
