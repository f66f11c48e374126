"""Shared fixtures: the small test scenario and a way to build variants of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from finsim.scenario import Scenario, scenario_from_dict
from finsim.scenario.paths import deep_merge

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "small.yaml"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def small_data() -> dict:
    return yaml.safe_load(SMALL.read_text())


@pytest.fixture
def small(small_data: dict) -> Scenario:
    return scenario_from_dict(small_data)


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
