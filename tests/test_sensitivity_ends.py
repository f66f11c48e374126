"""What a sensitivity says of its ranges' ends and its base, and when: a range typed in
percent, an end reaching past the minimum wage table, the range an ``annual_increase``
runs, the notes and warnings before the work, the unset cap on the page."""

from __future__ import annotations

import html
from pathlib import Path

from click.testing import CliRunner

from finsim.analysis.ranges import check_params, parse_param
from finsim.analysis.sanity import scenario_warnings
from finsim.analysis.sensitivity import SensitivitySpec, early_warnings
from finsim.cli import main
from finsim.scenario import load_scenario

SCENARIOS = Path(__file__).parent.parent / "scenarios"
FILE_16I = SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml"
MINIMUM_WAGE = SCENARIOS / "aktiv-statt-passiv-2026-minimum-wage.yaml"
ASSUMED = ("costs.wages.hourly, costs.wages.subsidy_base.hourly: from 2028-01 on (36 of 60 "
           "months) the minimum wage is finsim's assumption, not a statutory figure yet: "
           "14.965 EUR/hour in 2028 = the statutory 14.60 EUR of 2027-01 + 2.5% a year "
           "(costs.wages.annual_increase")
OWN = ("; to plan with a minimum wage of your own instead, write it in each as dated keys "
       "from 2028-01 (--set 'costs.wages.hourly={2026-01: 13.90, 2027-01: 14.60, 2028-01: "
       "...}', the same in costs.wages.subsidy_base.hourly)")
"""``ASSUMED``'s way to a minimum wage of one's own, after its parenthesis."""
UNSET = ("funding.land_esf.cap_per_year is unset in the scenario (none acts): the base "
         "point runs without it, the range's ends set it, and its elasticity is left blank")


def _spec(path: Path, *ranges: str) -> SensitivitySpec:
    scn = load_scenario(path)
    params = check_params(scn, [parse_param(text) for text in ranges])
    return SensitivitySpec(scn, params, ("cost_total",), "oat", 4, 0)


def _dropout_line(value: str, lang: str = "en") -> str:
    """What ``run --set employment.hazards.dropout=VALUE`` warns of the exit hazards."""
    scn = load_scenario(FILE_16I, (("--set", f"employment.hazards.dropout={value}"),))
    return next(line for line in scenario_warnings(scn, 4, False, lang)
                if line.startswith("employment.hazards.placement 0.006 and"))


def test_a_hazard_range_typed_in_percent_warns_at_each_end_as_run_set_does():
    """dropout=0.25:0.75 ran 25-75 % a month without a word, while ``run --set
    employment.hazards.dropout=0.25`` says "if 0.25 % is meant, write 0.0025": each end
    now gets run's line, naming the end; 0.1:0.3 only its high end (0.1 + 0.006 a month
    is under the fast-exit threshold, and run says nothing of it either)."""
    said = early_warnings(_spec(FILE_16I, "employment.hazards.dropout=0.25:0.75"))
    assert said[1:] == [f"at employment.hazards.dropout=0.25: {_dropout_line('0.25')}",
                        f"at employment.hazards.dropout=0.75: {_dropout_line('0.75')}"]
    assert said[1] == (
        "at employment.hazards.dropout=0.25: employment.hazards.placement 0.006 and "
        "employment.hazards.dropout 0.25: each month 0.6% of the people in the slots are "
        "placed and 25% drop out, a mean stay of 3.4 months; 0.2 a month or more together "
        "(a mean stay under 5 months) is unusual, docs/sources.md 3.2 gives up to 2.6% "
        "placed and 1.5% dropping out a month: if 0.25 % is meant, write 0.0025")
    low = early_warnings(_spec(FILE_16I, "employment.hazards.dropout=0.1:0.3"))
    assert low[1:] == [f"at employment.hazards.dropout=0.3: {_dropout_line('0.3')}"]
    german = early_warnings(_spec(FILE_16I, "employment.hazards.dropout=0.1:0.3"), "de")
    assert german[1].endswith(": sind 0.3 % gemeint, 0.003 schreiben")


def test_an_end_past_the_minimum_wage_table_says_the_assumed_minimum_wage_once():
    """period.months=24:48 on a file ending in 2027: its high end runs to 2029-12 on
    finsim's own minimum wage from 2028, which ``run --set period.months=48`` says and
    the sensitivity did not (its base ends in 2027)."""
    said = early_warnings(_spec(MINIMUM_WAGE, "period.months=24:48"))
    assert said == [
        "at period.months=48: costs.wages.hourly: from 2028-01 on (24 of 48 months) the "
        "minimum wage is finsim's assumption, not a statutory figure yet: 14.965 EUR/hour "
        "in 2028 = the statutory 14.60 EUR of 2027-01 + 2.5% a year "
        "(costs.wages.annual_increase); to plan with a minimum wage of your own instead, "
        "write it as dated keys from 2028-01 (--set 'costs.wages.hourly={2026-01: 13.90, "
        "2027-01: 14.60, 2028-01: ...}')"]


def test_the_assumed_minimum_wage_says_the_range_annual_increase_is_varied_over():
    """The line said the base's 2.5 % only, while the points ran 1.5-3.5 % and moved the
    §16i subsidy base with it: it names the range and the 2028 rates at its ends, once
    (the ends' own lines on the assumption are not said again)."""
    spec = _spec(FILE_16I, "costs.wages.annual_increase=0.015:0.035")
    assert early_warnings(spec) == [
        f"{ASSUMED}, varied from 1.5% to 3.5%: 14.819 to 15.111 EUR/hour in 2028){OWN}"]
    assert early_warnings(spec, "de") == [
        "costs.wages.hourly, costs.wages.subsidy_base.hourly: ab Januar 2028 (36 von 60 "
        "Monaten) ist der Mindestlohn eine Annahme von finsim, noch keine gesetzliche "
        "Größe: 14,965 EUR/Stunde im Jahr 2028 = die gesetzlichen 14,60 EUR vom Januar 2027 "
        "+ 2,5 % im Jahr (costs.wages.annual_increase, variiert von 1,5 % bis 3,5 %: "
        "14,819 bis 15,111 EUR/Stunde im Jahr 2028); um stattdessen mit einem eigenen "
        "Mindestlohn zu planen, ihn in jeden Wert als Schlüssel nach Datum ab 2028-01 "
        "eintragen (--set 'costs.wages.hourly={2026-01: 13.90, 2027-01: 14.60, 2028-01: "
        "...}', ebenso in costs.wages.subsidy_base.hourly)"]
    other = _spec(FILE_16I, "employment.hazards.dropout=0.004:0.008")
    assert early_warnings(other) == [f"{ASSUMED}){OWN}"]


def test_an_end_does_not_repeat_the_assumed_minimum_wage_the_base_says_of_its_path():
    """A scaled subsidy base leaves the table at each end, whose line then names the wage
    alone, with the base's text for it: it was said again per end, as if news, because
    the base's line names both paths. An end whose text differs (24 of 48 months) is
    still said."""
    assert early_warnings(_spec(FILE_16I, "costs.wages.subsidy_base.hourly=*0.95:1.05")) \
        == [f"{ASSUMED}){OWN}"]
    assert early_warnings(_spec(FILE_16I, "period.months=48:60")) == [
        f"{ASSUMED}){OWN}", f"at period.months=48: {ASSUMED.replace('36 of 60', '24 of 48')})"
        f"{OWN}"]


def test_the_notes_and_the_scenario_s_warnings_come_before_the_work(tmp_path):
    """They came after the table and the Results line, after minutes of a Sobol; run
    and compare say theirs before the work. Now before the start line, not again
    after; sensitivity.json keeps them all, the notes under ``notes``. The assumed minimum
    wage is a note."""
    import json

    out = tmp_path / "s"
    said = CliRunner().invoke(main, [
        "sensitivity", str(FILE_16I), "-n", "2", "-j", "1", "--metric", "cost_total",
        "--param", "funding.land_esf.cap_per_year=200000:400000", "--out", str(out)])
    assert said.exit_code == 0, said.output
    lines = said.stderr.splitlines()
    assert lines[:2] == [f"note: {ASSUMED}){OWN}", f"note: {UNSET}"]
    assert lines[2].startswith("finsim: Aktiv statt passiv! nach § 16i SGB II, 2026-2030: oat")
    assert not [line for line in lines[3:] if line.startswith(("note: ", "warning: "))]
    assert said.stdout.splitlines()[-1].startswith(f"Results: {out}/")
    record = json.loads((out / "sensitivity.json").read_text())
    assert record["warnings"] == [] and record["notes"] == [f"{ASSUMED}){OWN}", UNSET]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("costs.wages.annual_increase)") == 1  # once, in the page's language


def test_the_page_says_the_cap_is_unset_at_the_base_point(tmp_path):
    """The terminal and sensitivity.json said the ESF+ cap is unset at the base (its base
    value outside the range, its elasticity blank); report.html left it out. Now among
    its warnings, in the page's language, as the note it is on the terminal."""
    for lang, line in (("de", "funding.land_esf.cap_per_year ist im Szenario nicht gesetzt "
                        "(keine Grenze wirkt): der Basispunkt läuft ohne, die Enden des "
                        "Bereichs setzen den Wert, und seine Elastizität bleibt leer"),
                       ("en", UNSET)):
        out = tmp_path / lang
        said = CliRunner().invoke(main, [
            "sensitivity", str(FILE_16I), "-n", "1", "-j", "1", "--metric", "cost_total",
            "--lang", lang, "-q", "--param", "funding.land_esf.cap_per_year=200000:400000",
            "--out", str(out)])
        assert said.exit_code == 0, said.output
        page = (out / "report.html").read_text(encoding="utf-8")
        assert f"<p class='note'>{html.escape(line)}</p>" in page
