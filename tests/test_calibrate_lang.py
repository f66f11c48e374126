"""calibrate's chart and page in the language asked for: ``--lang de`` wrote the PNG in
English ("Exits by tenure: 500 spells, 2,810.3 person-months", "cumulative incidence")
while the page beside it was German, and the page named the attributes by their codes
("Rate der Referenzgruppe (sex: female, not_stated)", "Faktor sex = male") where
monitoring.md says "Geschlecht: männlich"."""

from __future__ import annotations

import numpy as np
import pytest

from finsim.analysis.calibrate import Calibration, calibrate
from finsim.report.html_calibrate import incidence_png

from .test_calibrate import C, D, P, tenures

SEXES = ("male", "female", "not_stated")


@pytest.fixture(scope="module")
def fit() -> Calibration:
    """300 spells of 10.25 months (3,075.0 person-months), a third each male, female and
    not stated; the men place twice as often, so sex gets a factor for male."""
    sex = np.repeat([0, 1, 2], 100)
    placed = np.r_[np.arange(100) < 40, np.arange(100) < 20, np.arange(100) < 20]
    dropped = np.arange(300) % 5 == 4
    reason = np.where(placed, P, np.where(dropped, D, C))
    return calibrate(tenures(np.full(300, 10.25), reason, attributes=sex[:, None],
                             attribute_names=("sex",), attribute_values=(SEXES,)))


def _texts(fig) -> dict:
    ax = fig.axes[0]
    return {"title": ax.get_title(), "x": ax.get_xlabel(), "y": ax.get_ylabel(),
            "legend": [t.get_text() for t in ax.get_legend().get_texts()]}


def test_the_german_chart_is_german(fit: Calibration):
    assert _texts(incidence_png(fit, "de")) == {
        "title": "Austritte nach Verweildauer: 300 Verläufe, 3.075,0 Personenmonate",
        "x": "Monate seit Eintritt", "y": "kumulierte Inzidenz",
        "legend": ["Vermittlung: beobachtet", "Vermittlung: angepasst",
                   "Abbruch: beobachtet", "Abbruch: angepasst"]}


def test_the_english_chart_is_as_it_was(fit: Calibration):
    assert _texts(incidence_png(fit, "en")) == {
        "title": "Exits by tenure: 300 spells, 3,075.0 person-months",
        "x": "months since entry", "y": "cumulative incidence",
        "legend": ["placement: observed", "placement: fitted", "dropout: observed",
                   "dropout: fitted"]}
