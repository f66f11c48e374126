"""calibrate's chart and page in the language asked for: ``--lang de`` wrote the PNG in
English ("Exits by tenure: 500 spells, 2,810.3 person-months", "cumulative incidence")
while the page beside it was German, and the page named the attributes by their codes
("Rate der Referenzgruppe (sex: female, not_stated)", "Faktor sex = male") where
monitoring.md says "Geschlecht: männlich"."""

from __future__ import annotations

from dataclasses import replace
from html import unescape

import numpy as np
import pytest

from finsim.analysis.calibrate import Calibration, ReasonFit, calibrate
from finsim.report.html_calibrate import hazard_table, incidence_png

from .test_calibrate import C, D, P, tenures

SEXES = ("male", "female", "not_stated")


@pytest.fixture(scope="module")
def fit() -> Calibration:
    """300 spells of 10.25 months (3,075.0 person-months): 60 men, 200 women and 40 who
    did not say; the men place twice as often as the others, and those who did not say
    have fewer than 10 events: the reference group is women and not stated."""
    sex = np.repeat([0, 1, 2], [60, 200, 40])
    placed = np.r_[np.arange(60) < 24, np.arange(240) % 10 < 2]
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


def _cells(page: str) -> list[str]:
    """The table's second column (where each row applies), as the reader sees it."""
    return [unescape(row.split("<td>")[1].split("</td>")[0])
            for row in page.split("<tr>")[2:]]


def test_the_german_page_names_the_attributes_as_monitoring_does(fit: Calibration):
    """The reference group and the factor in the words of ``labels.ATTRIBUTES``."""
    rows = _cells(hazard_table(fit, "90-%", "de"))
    assert rows[:2] == ["Programm (a); Rate der Referenzgruppe (Geschlecht: weiblich, "
                        "keine Angabe)", "Faktor Geschlecht = männlich"]


def test_the_english_page_and_an_own_attribute_keep_the_codes(fit: Calibration):
    assert _cells(hazard_table(fit, "90 %", "en"))[:2] == [
        "program (a); hazard of the reference group (sex: female, not_stated)",
        "factor sex = male"]
    own = replace(fit, fits={r: _renamed(f) for r, f in fit.fits.items()})
    assert _cells(hazard_table(own, "90-%", "de"))[:2] == [
        "Programm (a); Rate der Referenzgruppe (gender: female, not_stated)",
        "Faktor gender = male"]


def _renamed(fit: ReasonFit) -> ReasonFit:
    """``fit`` as if the scenario called the attribute ``gender``: its own name, which
    finsim has no German word for."""
    return replace(fit, modifiers=tuple(replace(m, attribute="gender") for m in fit.modifiers),
                   pooled_attributes={"gender": fit.pooled_attributes["sex"]})
