"""How compare labels scenarios given loaded: by their file's stem and the overrides given
to ``finsim.load``, so that variants of one file are told apart by what differs; a path
keeps the label the command gives it."""

from __future__ import annotations

from pathlib import Path

import finsim
from finsim.analysis.compare import labels_for
from finsim.scenario.loaded import loaded_as

ROOT = Path(__file__).parent.parent
S = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
NAME = "Aktiv statt passiv! Dortmund 2013-2014"
FIFTY = "aktiv-statt-passiv-2013 [providers.cjd.slots=50]"
SIXTY = "aktiv-statt-passiv-2013 [providers.cjd.slots=60]"


def _compare(*scenarios, **kw) -> finsim.Comparison:
    return finsim.compare(*scenarios, replications=2, seed=1, jobs=1, **kw)


def test_two_variants_of_one_file_are_labelled_by_their_overrides() -> None:
    """Were ``NAME [NAME] #1`` and ``#2``: nothing said which had 50 slots."""
    c = _compare(finsim.load(S, {"providers.cjd.slots": 50}),
                 finsim.load(S, {"providers.cjd.slots": 60}))
    assert c.comparison.labels == [FIFTY, SIXTY]
    assert list(c.runs) == [FIFTY, SIXTY]
    assert list(c.summary().scenario.unique()) == [FIFTY, SIXTY]
    assert repr(c) == (f"<finsim.Comparison of 2 scenarios (base '{FIFTY}'), "
                       "2 replications each>")


def test_a_path_keeps_its_label_beside_a_loaded_variant() -> None:
    """Were ``NAME [aktiv-statt-passiv-2013]`` and ``NAME [NAME]``."""
    c = _compare(S, finsim.load(S, {"providers.cjd.slots": 60}))
    assert list(c.runs) == [f"{NAME} [aktiv-statt-passiv-2013]", SIXTY]
    assert labels_for([finsim.load(S)] * 2, [S, S]) == [
        f"{NAME} [aktiv-statt-passiv-2013] #1", f"{NAME} [aktiv-statt-passiv-2013] #2"]


def test_the_same_file_and_overrides_twice_are_numbered() -> None:
    fifty = finsim.load(S, {"providers.cjd.slots": 50})
    c = _compare(fifty, finsim.load(S, {"providers.cjd.slots": 50}))
    assert list(c.runs) == [f"{FIFTY} #1", f"{FIFTY} #2"]
    assert list(_compare(finsim.load(S), finsim.load(S)).runs) == [
        "aktiv-statt-passiv-2013 #1", "aktiv-statt-passiv-2013 #2"]


def test_overrides_on_a_loaded_scenario_add_up_and_compare_s_own_are_not_shown() -> None:
    """A path given again holds its last value, in its place; a text is written as in a
    file; the ``overrides`` of compare apply to all alike, so they tell nothing apart."""
    moved = finsim.load(S, {"period.start": "2013-04", "providers.cjd.slots": 50})
    again = finsim.load(moved, {"providers.cjd.slots": 55, "period.months": 12})
    c = _compare(finsim.load(S), again, overrides={"period.months": 9})
    assert list(c.runs) == [
        "aktiv-statt-passiv-2013",
        "aktiv-statt-passiv-2013 [period.start=2013-04, providers.cjd.slots=55, "
        "period.months=12]"]


def test_warnings_name_a_loaded_scenario_by_its_label() -> None:
    """Named ``Aktiv statt passiv! Dortmund 2013-2014.yaml`` before: a file that is not."""
    c = finsim.compare(S, finsim.load(S, {"simulation.seed": 7}),
                       finsim.load(S, {"costs.staff.participants_per_coach": 9}),
                       overrides={"costs.staff.participants_per_coach": 10}, replications=2,
                       jobs=1)
    assert c.warnings == [
        "aktiv-statt-passiv-2013 [costs.staff.participants_per_coach=9]: the override "
        "{'costs.staff.participants_per_coach': 10} replaces its own 9 (BASE has 11.5): "
        "this difference between the scenarios is gone",
        "aktiv-statt-passiv-2013 [simulation.seed=7]: its simulation block (seed 7) is not "
        "used: compare runs every scenario with BASE's seed 2013, so that they share random "
        "numbers; replications/seed set both"]


def test_a_changed_copy_is_no_longer_its_file_s() -> None:
    """A copy (a sized plan, a moved period) is labelled by its name, not as the file it
    no longer is; the record takes no part in a scenario's equality."""
    scn = finsim.load(S, {"providers.cjd.slots": 50})
    assert loaded_as(scn).sets == ("providers.cjd.slots=50",)
    copy = scn.model_copy()
    assert loaded_as(copy) is None and copy == scn
    assert list(_compare(S, copy).runs) == [f"{NAME} [aktiv-statt-passiv-2013]", NAME]
    assert finsim.load(S) == finsim.load(S)


def test_variants_of_a_scenario_not_from_a_file_are_labelled_by_their_overrides() -> None:
    """A sized plan's scenario and two variants of it were ``NAME #1``, ``#2`` and
    ``#3``: nothing said which wage each row had. The variants carry the overrides as a
    file's do, after the scenario's name; the overrides of a variant's variant add up."""
    small = ROOT / "tests" / "fixtures" / "small.yaml"
    sc = finsim.size(small, start="2025-01", months=12, replications=2, jobs=1,
                     confidence=0.9).run.scenario
    fifteen = finsim.load(sc, {"costs.wages.hourly": 15})
    c = _compare(sc, fifteen, finsim.load(sc, {"costs.wages.hourly": 16}))
    labels = ["Small test program", "Small test program [costs.wages.hourly=15]",
              "Small test program [costs.wages.hourly=16]"]
    assert list(c.runs) == labels
    assert list(c.summary().scenario.unique()) == labels
    again = finsim.load(fifteen, {"providers.alpha.slots": 12, "costs.wages.hourly": 17})
    assert list(_compare(sc, again).runs) == [
        "Small test program",
        "Small test program [costs.wages.hourly=17, providers.alpha.slots=12]"]
    assert list(_compare(fifteen, finsim.load(sc, {"costs.wages.hourly": 15})).runs) == [
        "Small test program [costs.wages.hourly=15] #1",
        "Small test program [costs.wages.hourly=15] #2"]
