"""A note (``sanity.Note``: a fact to know, never refused) stays a note on every output:
the Python calls give it in ``notes`` and issue it as a ``finsim.FinsimNote``, not a
``FinsimWarning``; run.json, compare.json and sensitivity.json keep it under ``notes``;
report.html lists it in plain type, results.xlsx and monitoring.md as ``Anmerkung:``;
and sensitivity's page says a range's new dated rule in its own language."""

from __future__ import annotations

import html
import json
import warnings
from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner

import finsim
from finsim.cli import main
from tests.test_assumed_minimum_wage import BASE, PILOT, deep_update
from tests.test_param_paths import _dated_covers
from tests.test_workbook_warnings import ASSUMED_DE

SCENARIOS = Path(__file__).parent.parent / "scenarios"
FILE_16I = SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml"
MINIMUM_WAGE = SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml"
LABEL_16I = "Aktiv statt passiv! nach § 16i SGB II, 2026-2030"
ASSUMED = ("costs.wages.hourly, costs.wages.subsidy_base.hourly: from 2028-01 on (36 of 60 "
           "months) the minimum wage is finsim's assumption, not a statutory figure yet: "
           "14.965 EUR/hour in 2028 = the statutory 14.60 EUR of 2027-01 + 2.5% a year "
           "(costs.wages.annual_increase, drawn from 0% to 5%); to plan with a minimum wage "
           "of your own instead, write it in each as dated keys from 2028-01 ")
"""The 16i file's note on the minimum wage past the statutory table, to its way out."""
EN = (ASSUMED + "(--set 'costs.wages.hourly={2026-01: 13.90, 2027-01: 14.60, 2028-01: ...}', "
      "the same in costs.wages.subsidy_base.hourly)")
PYTHON = (ASSUMED + "(add {'costs.wages.hourly': {'2026-01': 13.9, '2027-01': 14.6, "
          "'2028-01': ...}} to the overrides, the same in costs.wages.subsidy_base.hourly)")
"""``EN`` in a Python call's words."""
RULE = "funding.land_esf.covers.2014-01.staff"
RULE_EN = ("funding.land_esf.covers.2014-01: a new dated rule, copied from 2013-07's with "
           "staff 0.3:0.5")
RULE_DE = ("funding.land_esf.covers.2014-01: ein neuer Regelsatz ab diesem Datum, kopiert von "
           "dem ab 2013-07, mit staff 0.3:0.5")


def _issued(call, *args, strict: bool = True, **kwargs
            ) -> tuple[object, list[tuple[str, str]]]:
    """The call's result and what it issued (category, line); ``strict``: finsim's
    warnings made errors, as a user mirroring ``--strict`` does, whom a note must pass."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if strict:
            warnings.simplefilter("error", finsim.FinsimWarning)
        result = call(*args, **kwargs)
    return result, [(c.category.__name__, str(c.message)) for c in caught]


def test_a_python_run_gives_the_note_as_a_note_not_a_warning():
    """``finsim.run`` issued the assumed minimum wage as a ``FinsimWarning``: a notebook
    that makes those errors (as ``--strict`` refuses warnings) was stopped by a note."""
    assert issubclass(finsim.FinsimNote, UserWarning)
    assert not issubclass(finsim.FinsimNote, finsim.FinsimWarning)
    run, issued = _issued(finsim.run, FILE_16I, replications=20, jobs=1)
    assert issued == [("FinsimNote", PYTHON)]
    assert run.notes == [PYTHON] and run.warnings == []
    assert repr(run).endswith("mean cost 36,664,783.74 EUR, 1 note>")


def test_size_and_compare_give_each_run_s_note_as_a_note():
    plan, issued = _issued(finsim.size, FILE_16I, start="2027-01", months=36,
                           confidence=0.9, replications=20, jobs=1)
    moved = ("costs.wages.hourly, costs.wages.subsidy_base.hourly: from 2028-01 on (24 of 36 "
             "months) the minimum wage is finsim's assumption, not a statutory figure yet: "
             "14.965 EUR/hour in 2028 = the statutory 14.60 EUR of 2027-01 + 2.5% a year "
             "(costs.wages.annual_increase, drawn from 0% to 5%); to plan with a minimum "
             "wage of your own instead, write it in each as dated keys from 2028-01 (add "
             "{'costs.wages.hourly': {'2027-01': 14.6, '2028-01': ...}} to the overrides, "
             "the same in costs.wages.subsidy_base.hourly)")
    assert plan.notes == plan.run.notes == [moved]
    assert moved not in plan.warnings and ("FinsimNote", moved) in issued
    comparison, issued = _issued(finsim.compare, FILE_16I, MINIMUM_WAGE, replications=2,
                                 jobs=1, strict=False)
    assert comparison.runs[LABEL_16I].notes == [PYTHON]
    assert [line for kind, line in issued if kind == "FinsimNote"] == [
        f"{LABEL_16I}: {PYTHON}"]
    assert not any("finsim's assumption" in line for kind, line in issued
                   if kind == "FinsimWarning")


def test_run_s_records_and_pages_keep_the_note_a_note(tmp_path):
    """run.json listed the note under ``warnings``, the page highlighted it as one, and
    results.xlsx and monitoring.md set it as one: now ``notes``, a plain line on the
    page, ``Anmerkung: ...`` in plain type in the workbook and the monitoring file."""
    out = tmp_path / "run"
    done = CliRunner().invoke(main, ["run", str(FILE_16I), "-n", "20", "-j", "1", "--strict",
                                     "--monitoring", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert f"note: {EN}\n" in done.stderr
    record = json.loads((out / "run.json").read_text("utf-8"))
    assert record["warnings"] == [] and record["notes"] == [EN]
    page = (out / "report.html").read_text("utf-8")
    assert f"<h2>Anmerkungen</h2><p class='note'>{html.escape(ASSUMED_DE)}</p><h2>" in page
    said = f"Anmerkung: {ASSUMED_DE}"
    assert f"## Anmerkungen\n\n{said}\n\n##" in (out / "monitoring.md").read_text("utf-8")
    cells = [c for row in openpyxl.load_workbook(out / "results.xlsx").worksheets[0]
             .iter_rows(max_col=1) for c in row if c.value == said]
    assert len(cells) == 1 and not cells[0].font.b


def test_compare_s_records_and_pages_keep_a_run_s_note_a_note(tmp_path):
    """A compared run's note after its label (``compare``'s labelled lines): compare.json
    listed it under ``warnings``, the page and results.xlsx as warnings."""
    out = tmp_path / "compare"
    done = CliRunner().invoke(main, ["compare", str(FILE_16I), str(MINIMUM_WAGE), "-n", "2",
                                     "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert f"note: {LABEL_16I}: {EN}\n" in done.stderr
    record = json.loads((out / "compare.json").read_text("utf-8"))
    assert record["notes"] == [f"{LABEL_16I}: {EN}"]
    assert not any("finsim's assumption" in line for line in record["warnings"])
    page = (out / "report.html").read_text("utf-8")
    assert f"<p class='note'>{html.escape(f'{LABEL_16I}: {ASSUMED_DE}')}</p>" in page
    said = f"Anmerkung: {LABEL_16I}: {ASSUMED_DE}"
    cells = [c for row in openpyxl.load_workbook(out / "results.xlsx")["Vergleich"]
             .iter_rows(max_col=1) for c in row if c.value == said]
    assert len(cells) == 1 and not cells[0].font.b


def test_a_range_s_new_dated_rule_is_a_note_on_the_page_in_its_language(tmp_path):
    """``--param`` over a key of a date the rules do not write: the terminal's ``note:``
    was English only and missing from the page; now the page says it, in German by
    default and in English with ``--lang en``, as its other notes, and sensitivity.json
    and ``Sensitivity.notes`` keep it apart from the warnings."""
    scenario = _dated_covers(tmp_path)
    for lang, line in (("de", RULE_DE), ("en", RULE_EN)):
        out = tmp_path / lang
        done = CliRunner().invoke(main, ["sensitivity", str(scenario), "-n", "2", "-j", "1",
                                         "--lang", lang, "--param", f"{RULE}=0.3:0.5",
                                         "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert f"note: {RULE_EN}\n" in done.stderr
        heading = "Anmerkungen" if lang == "de" else "Notes"
        assert (f"<h2>{heading}</h2><p class='note'>{html.escape(line)}</p><h2>"
                in (out / "report.html").read_text("utf-8"))
        record = json.loads((out / "sensitivity.json").read_text("utf-8"))
        assert record["warnings"] == [] and record["notes"] == [RULE_EN]
    sens, issued = _issued(finsim.sensitivity, scenario, {RULE: (0.3, 0.5)}, replications=2,
                           jobs=1)
    assert sens.notes == [RULE_EN] and sens.warnings == []
    assert issued == [("FinsimNote", RULE_EN)]


def test_a_range_end_s_note_stays_a_note(tmp_path):
    """A range's end reaching past the statutory table (``at period.months=24: ...``, a
    sensitivity's range-end line): the page listed it as a warning."""
    path = tmp_path / "pilot.yaml"
    path.write_text(yaml.safe_dump(deep_update(deep_update(BASE, PILOT),
                                               {"period": {"months": 12}})), "utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["sensitivity", str(path), "-n", "2", "-j", "1",
                                     "--param", "period.months=12:24", "--out", str(out)])
    assert done.exit_code == 0, done.output
    end = ("bei period.months=24: costs.wages.hourly, costs.wages.subsidy_base.hourly: ab "
           "Januar 2028 (12 von 24 Monaten) ist der Mindestlohn eine Annahme von finsim, noch "
           "keine gesetzliche Größe: 14,965 EUR/Stunde im Jahr 2028 = die gesetzlichen 14,60 "
           "EUR vom Januar 2027 + 2,5 % im Jahr (costs.wages.annual_increase); um stattdessen "
           "mit einem eigenen Mindestlohn zu planen, ihn in jeden Wert als Schlüssel nach "
           "Datum ab 2028-01 eintragen (--set 'costs.wages.hourly={2027-01: 14.60, 2028-01: "
           "...}', ebenso in costs.wages.subsidy_base.hourly)")
    assert (f"<h2>Hinweise und Anmerkungen</h2><p class='note'>{html.escape(end)}</p>"
            "<p class='warn'>"
            in (out / "report.html").read_text("utf-8"))
    record = json.loads((out / "sensitivity.json").read_text("utf-8"))
    [note] = record["notes"]
    assert note.startswith("at period.months=24: costs.wages.hourly, ") and len(
        record["warnings"]) == 2


def test_the_warnings_heading_says_what_the_section_holds():
    """Notes alone were headed "Warnings" ("Hinweise"), as if the scenario had a fault:
    now the heading of every page's, the workbook's and monitoring.md's section names what
    it holds, warnings, notes or both; with nothing in it, the warnings it would hold."""
    from finsim.analysis.sanity import Note
    from finsim.report.html import warnings_heading

    warned, noted = "providers.cjd: ...", Note("costs.wages.hourly: ...")
    said = {lang: [warnings_heading(lines, lang)
                   for lines in ([], [warned], [noted, noted], [noted, warned])]
            for lang in ("en", "de")}
    assert said == {"en": ["Warnings", "Warnings", "Notes", "Warnings and notes"],
                    "de": ["Hinweise", "Hinweise", "Anmerkungen", "Hinweise und Anmerkungen"]}
