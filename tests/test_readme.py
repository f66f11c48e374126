"""The README's promises, run as tests: its commands and its Python example work."""

import re
import shlex
import subprocess
import sys

from click.testing import CliRunner

from finsim.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_ci_runs_the_readme_test_command():
    """.ci/run installs and tests exactly as the README's second command says."""
    first_screen = _blocks("bash")[0]
    test_command = [line for line in first_screen.splitlines() if "pytest" in line][0]
    assert test_command.strip() in (ROOT / ".ci" / "run").read_text()


def test_readme_validate_and_show_commands_work(monkeypatch):
    monkeypatch.chdir(ROOT)
    commands = [line for line in _blocks("bash")[1].splitlines()
                if line.startswith(("finsim validate", "finsim show"))]
    assert len(commands) == 2
    for command in commands:
        words = shlex.split(command.split("#")[0])
        args = [a for w in words[1:]
                for a in ([str(p.relative_to(ROOT)) for p in sorted(ROOT.glob(w))]
                          if "*" in w else [w])]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (command, result.output)


def test_readme_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = _blocks("python")[0]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert 8e6 < float(done.stdout) < 11e6  # cost_total of the seed program, EUR


def test_lint_is_clean():
    """ruff (configured in pyproject.toml) finds nothing in the code, tests and benchmarks."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "finsim", "tests",
                           "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
