"""results.xlsx carries the warnings report.html lists: the workbook is what goes round in
a negotiation, and it said nothing of the minimum wage finsim assumes from 2028."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from finsim.cli import main

SCENARIOS = Path(__file__).parent.parent / "scenarios"
FILE_16I = SCENARIOS / "aktiv-statt-passiv-2026-16i.yaml"
TARIFF = SCENARIOS / "aktiv-statt-passiv-2026-16i-tariff.yaml"
ASSUMED_DE = ("costs.wages.hourly, costs.wages.subsidy_base.hourly: ab Januar 2028 (36 von 60 "
              "Monaten) ist der Mindestlohn eine Annahme von finsim, noch keine gesetzliche "
              "Größe: 14,965 EUR/Stunde im Jahr 2028 = die gesetzlichen 14,60 EUR vom Januar 2027 "
              "+ 2,5 % im Jahr (costs.wages.annual_increase, gezogen von 0 % bis 5 %); um "
              "stattdessen mit einem eigenen Mindestlohn zu planen, ihn in jeden Wert als "
              "Schlüssel nach Datum ab 2028-01 eintragen (--set 'costs.wages.hourly={2026-01: "
              "13.90, 2027-01: 14.60, 2028-01: ...}', ebenso in "
              "costs.wages.subsidy_base.hourly)")


def _first_column(path: Path) -> list[str | None]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [row[0] for row in sheet.iter_rows(max_col=1, values_only=True)]


def test_run_s_workbook_lists_its_warnings_under_a_heading_in_its_language(tmp_path):
    """Übersicht gets a line above the figures that says how many warnings there are,
    and their heading and each of the page's warnings below the figures, the sheet's last
    lines; a run without warnings gets neither (the seed's bytes stay). The minimum wage
    finsim assumes is a note, said as one: ``Anmerkung: ...``, ``Note: ...``, under the
    heading notes alone get, "Anmerkungen" ("Notes"), not "Hinweise" ("Warnings")."""
    for lang, heading in (("de", "Anmerkungen"), ("en", "Notes")):
        out = tmp_path / lang
        said = CliRunner().invoke(main, ["run", str(FILE_16I), "-n", "20", "-j", "1", "-q",
                                         "--lang", lang, "--out", str(out)])
        assert said.exit_code == 0, said.output
        cells = _first_column(out / "results.xlsx")
        below = "unter den Kennzahlen" if lang == "de" else "below the figures"
        pointer = cells.index(f"{heading}: 1 {below}")
        assert cells[pointer + 1] is None and cells[pointer + 2] in ("Kennzahl", "Figure")
        at = cells.index(heading)
        assert at > pointer + 2 and cells[at - 1] is None and len(cells) == at + 2
        if lang == "de":
            assert cells[at + 1] == f"Anmerkung: {ASSUMED_DE}"
        assert cells[at + 1].startswith(f"{'Anmerkung' if lang == 'de' else 'Note'}: "
                                        "costs.wages.hourly, costs.wages.subsidy_base.hourly")
    seed = tmp_path / "seed"
    said = CliRunner().invoke(main, ["run", str(SCENARIOS / "aktiv-statt-passiv-2013.yaml"),
                                     "-n", "20", "-j", "1", "-q", "--out", str(seed)])
    assert said.exit_code == 0, said.output
    assert not {"Hinweise", "Anmerkungen"} & set(_first_column(seed / "results.xlsx"))


def test_compare_s_workbook_names_each_scenario_s_warnings(tmp_path):
    """Vergleich listed the comparison's own warnings only; now each scenario's too,
    after its label, as the page lists them."""
    out = tmp_path / "c"
    said = CliRunner().invoke(main, ["compare", str(FILE_16I), str(TARIFF), "-n", "20", "-j",
                                     "1", "-q", "--lang", "de", "--out", str(out)])
    assert said.exit_code == 0, said.output
    cells = _first_column(out / "results.xlsx")
    assert f"Anmerkung: Aktiv statt passiv! nach § 16i SGB II, 2026-2030: {ASSUMED_DE}" in cells
    assert any(c and c.startswith("Anmerkung: Aktiv statt passiv! nach § 16i SGB II, kirchliche "
                                  "Träger mit Tariflohn, 2026-2030: costs.wages.hourly")
               for c in cells)
