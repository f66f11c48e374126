"""German words name a month where a line reads as words, as a sentence does: a row or
column label with "ab", a list of months in a warning, a funder's rule, a period in a
warning; English keeps ``YYYY-MM`` there, as its sentences do (README, ``--lang``)."""

from __future__ import annotations

import numpy as np
import pytest

from finsim.analysis.words import month_runs
from finsim.report import cashflow
from finsim.scenario.schedule import Month


@pytest.fixture
def peak_from(monkeypatch):
    """Each "result" is the month its peak is taken from (None: every month)."""
    monkeypatch.setattr(cashflow, "peak_start", lambda result: (0, result))


@pytest.mark.parametrize("lang, text, label", [
    ("de", "alle Träger zusammen", "alle Träger zusammen, ab Juli 2027"),
    ("en", "all providers together", "all providers together, from 2027-07 on")])
def test_a_reforecast_s_peak_label_names_its_first_month(peak_from, lang, text, label):
    assert cashflow.with_peak_start("2027-07", text, lang) == label
    assert cashflow.with_peak_start(None, text, lang) == text


def test_a_comparison_s_peak_label_names_each_scenario_s_month(peak_from):
    """Two re-forecasts as of 2027-07: one month; a plan beside a re-forecast as of
    2027-12: each scenario's."""
    both = cashflow.with_peak_starts(["2027-07", "2027-07"], ["plan", "rf"],
                                     "Höchste Vorfinanzierung", "de")
    assert both == "Höchste Vorfinanzierung, ab Juli 2027"
    each = cashflow.with_peak_starts([None, "2027-12"], ["plan", "rf"],
                                     "Höchste Vorfinanzierung", "de")
    assert each == "Höchste Vorfinanzierung (plan: alle Monate; rf: ab Dezember 2027)"
    assert cashflow.with_peak_starts([None, "2027-12"], ["plan", "rf"], "Peak pre-financing",
                                     "en") == (
        "Peak pre-financing (plan: every month; rf: from 2027-12 on)")


def test_months_in_runs_by_name_in_german_and_as_written_in_english():
    """December 2026 and January 2027, May, August and September 2027, November 2027:
    four runs, three shown, then the count of all six months."""
    months = np.array([0, 1, 5, 8, 9, 11])
    assert month_runs(months, Month(2026, 12), "de") == (
        "Dezember 2026 bis Januar 2027, Mai 2027, August 2027 bis September 2027, … "
        "(6 Monate insgesamt)")
    assert month_runs(months, Month(2026, 12), "en") == (
        "2026-12 to 2027-01, 2027-05, 2027-08 to 2027-09, … (6 months in all)")
    assert month_runs(np.array([3]), Month(2026, 12), "de") == "März 2027"
