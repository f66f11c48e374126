"""Shared fixtures: the small test scenario and a way to build variants of it."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from finsim.scenario import Scenario, scenario_from_dict
from finsim.scenario.paths import deep_merge

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small.yaml"
ROOT = Path(__file__).parent.parent

# The tests play a user at a terminal, whose Ctrl-C, kill and closed terminal reach
# finsim. finsim keeps a signal ignored that whoever started it ignored (nohup, a
# script's background job), and so would every command these tests start if the test
# run itself were started that way (`nohup pytest`, `pytest &` in a script).
for _signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    if signal.getsignal(_signum) is signal.SIG_IGN:
        signal.signal(_signum, signal.default_int_handler if _signum == signal.SIGINT
                      else signal.SIG_DFL)


@pytest.fixture
def small_data() -> dict:
    return yaml.safe_load(SMALL.read_text())


@pytest.fixture
def small(small_data: dict) -> Scenario:
    return scenario_from_dict(small_data)


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``'s workers: the cores this process may run on (not the machine's whole
    count, which a container can overstate), at most 8 (each worker holds its files'
    fixtures and starts commands of its own)."""
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def variant(data: dict, **override) -> Scenario:
    """The scenario ``data`` with nested overrides laid over it."""
    return scenario_from_dict(deep_merge(data, override))

# CI explores the same examples every run (a red CI must be reproducible); locally,
# hypothesis explores new ones each time.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def report_pages(tmp_path_factory) -> dict[str, Path]:
    """Every command's report.html, made once (``tests/report_pages.py``)."""
    from .report_pages import make_pages

    return make_pages(tmp_path_factory.mktemp("pages"))


def without_root_override() -> list[str]:
    """A command prefix that takes root's power to write anywhere, for tests of
    permissions (chmod alone does not stop root); empty for other users; skips as root
    without setpriv."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root writes into read-only folders and setpriv is missing")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


TWO_PERSONS = """base: {base}
name: deterministic two persons
period: {{start: 2026-01, months: 36}}
simulation: {{replications: 2, seed: 1}}
participants:
  referrals_per_month: 0
  initial: caseload.csv
employment:
  hazards: {{placement: 0.0, dropout: 0.0}}
"""
"""The par. 16i PAT file with two people in work for three years and nobody else: a run
whose every figure is computed by hand (a finance officer's check)."""

TWO_PERSONS_CASELOAD = """person,provider,entry,exit,exit_reason,referral,household
P1,caritas,2025-07-16,,,,single
P2,cjd,2025-01-01,,,,single_parent
"""


def two_persons(folder: Path, extra: str = "") -> Path:
    """``TWO_PERSONS`` (with ``extra`` YAML merged on top) written into ``folder``."""
    (folder / "caseload.csv").write_text(TWO_PERSONS_CASELOAD)
    base = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i-pat.yaml"
    path = folder / "two.yaml"
    path.write_text(TWO_PERSONS.format(base=base) + extra)
    return path


def compared_output(out: Path, *scenarios: Path, lang: str = "en", width: int = 200) -> str:
    """What ``finsim compare`` of ``scenarios`` on 2 replications, its results in
    ``out``, prints (a terminal ``width`` wide); it must succeed."""
    from click.testing import CliRunner

    from finsim.cli import main

    result = CliRunner().invoke(main, ["compare", *map(str, scenarios), "-n", "2", "--jobs",
                                       "1", "--out", str(out), "--lang", lang],
                                terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.output
