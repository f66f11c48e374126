"""A `--set` said where a person reads a run: the figures rest on the changed values, not
on the file whose name and description the outputs show, so the terminal, report.html
(run, compare, size, sensitivity), results.xlsx, monitoring.md and plan.xlsx give one
line per --set: the path and value as typed and the value the file had there. Without a
--set none of them changes."""

import openpyxl
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.amounts import set_lines
from finsim.scenario import load_scenario
from finsim.scenario.model import SetOver

from .conftest import SMALL

SETS = ("--set", "providers.alpha.slots=35", "--set", "costs.staff.coach_cost_per_year=70e3")
DE = ["Mit --set geändert: providers.alpha.slots = 35 (in der Datei: 30)",
      "Mit --set geändert: costs.staff.coach_cost_per_year = 70e3 (in der Datei: 55000)"]
EN = ["Changed with --set: providers.alpha.slots = 35 (in the file: 30)",
      "Changed with --set: costs.staff.coach_cost_per_year = 70e3 (in the file: 55000)"]


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "-n", "3", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result.output


def _page(folder) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def _column_a(path, sheet: int = 0) -> list:
    book = openpyxl.load_workbook(path)
    return [row[0] for row in book.worksheets[sheet].iter_rows(values_only=True)]


def test_lines_name_the_value_replaced_or_none():
    scn = load_scenario(SMALL, ["providers.alpha.slots=35", "costs.staff.coach_cost_per_year=70e3",
                                "providers.alpha.costs.material.per_slot_month=60",
                                "funding.jobcenter.cap_total=1000"])
    assert set_lines(scn._set_over, "de") == [
        *DE, "Mit --set geändert: providers.alpha.costs.material.per_slot_month = 60 "
             "(in der Datei: 50)",  # the program's value it acted with
        "Mit --set geändert: funding.jobcenter.cap_total = 1000 (in der Datei: keiner)"]
    assert set_lines((SetOver("a.b", "[1, 2]", {"2013-01": 9.5}, True),), "en") == [
        "Changed with --set: a.b = [1, 2] (in the file: {2013-01: 9.5})"]  # as the file
    assert set_lines((SetOver("a.b", "1", [True, None, 60000.0, (0.5, "x")], True),), "en") == [
        "Changed with --set: a.b = 1 (in the file: [true, none, 60000, [0.5, x]])"]


def test_run_says_each_set_everywhere(tmp_path):
    out = _invoke("run", str(SMALL), *SETS, "--monitoring", "--out", str(tmp_path / "r"))
    lines = out.splitlines()
    title = next(k for k, line in enumerate(lines) if "replications, seed" in line)
    assert lines[title + 1:title + 3] == EN  # the summary's title, as --no-uncertainty
    page = _page(tmp_path / "r")
    assert all(f"<p>{line}</p>" in page for line in DE)
    assert _column_a(tmp_path / "r" / "results.xlsx")[2:4] == DE
    monitoring = (tmp_path / "r" / "monitoring.md").read_text(encoding="utf-8")
    assert f"\n\n{DE[0]}\n\n{DE[1]}\n\n" in monitoring


def test_run_in_english(tmp_path):
    _invoke("run", str(SMALL), *SETS, "--lang", "en", "--out", str(tmp_path / "r"))
    assert all(f"<p>{line}</p>" in _page(tmp_path / "r") for line in EN)
    assert _column_a(tmp_path / "r" / "results.xlsx")[2:4] == EN


def test_no_set_no_line(tmp_path):
    out = _invoke("run", str(SMALL), "--monitoring", "--out", str(tmp_path / "r"))
    assert "--set" not in out
    for name in ("report.html", "monitoring.md"):
        assert "--set" not in (tmp_path / "r" / name).read_text(encoding="utf-8")
    assert not any("--set" in str(cell) for cell in _column_a(tmp_path / "r" / "results.xlsx"))


def test_compare_says_base_files_value(tmp_path):
    out = _invoke("compare", str(SMALL), str(SMALL), SETS[0], SETS[1], "--lang", "en",
                  "--out", str(tmp_path / "c"))
    assert EN[0] in out.splitlines()
    assert f"<p>{EN[0]}</p>" in _page(tmp_path / "c")
    assert EN[0] in _column_a(tmp_path / "c" / "results.xlsx")[:5]


def test_size_says_it_and_marks_plan_xlsx(tmp_path):
    out = _invoke("size", str(SMALL), "--start", "2013-01", "--months", "12",
                  "--confidence", "0.9", SETS[2], SETS[3], "--out", str(tmp_path / "s"))
    assert EN[1] in out.splitlines()
    assert f"<p>{DE[1]}</p>" in _page(tmp_path / "s")
    book = openpyxl.load_workbook(tmp_path / "s" / "plan.xlsx")
    rows = [row[:4] for row in book["Annahmen"].iter_rows(values_only=True)]
    at = rows.index(("Mit --set geändert (diese Werte gelten, nicht die der Datei)",
                     None, None, None))
    assert rows[at + 1] == ("costs.staff.coach_cost_per_year", "70e3", None,
                            "in der Datei: 55000")
    row = next(r for r in rows if r[0] == "costs.staff.coach_cost_per_year" and r[2])
    assert row[1] == 70000
    assert row[3].startswith("Mit --set geändert (in der Datei: 55000). ")


def test_sensitivity_says_it(tmp_path):
    out = _invoke("sensitivity", str(SMALL), SETS[2], SETS[3], "--lang", "en",
                  "--out", str(tmp_path / "t"))
    assert EN[1] in out.splitlines()
    assert f"<p>{EN[1]}</p>" in _page(tmp_path / "t")


def test_plan_xlsx_marks_a_set_given_by_list_index(tmp_path):
    """``--set providers.0.slots=35`` left the ``providers.alpha.slots`` row unmarked (the
    rows name providers by id, the set was matched as typed): it is marked as by id."""
    _invoke("size", str(SMALL), "--start", "2013-01", "--months", "12", "--confidence",
            "0.9", "--set", "providers.0.slots=35", "--out", str(tmp_path / "s"))
    book = openpyxl.load_workbook(tmp_path / "s" / "plan.xlsx")
    rows = [row[:4] for row in book["Annahmen"].iter_rows(values_only=True)]
    marked = [r for r in rows if str(r[3]).startswith("Mit --set geändert (in der Datei: 30). ")]
    assert [(r[1], r[3].split(". ", 1)[1]) for r in marked] == [(35, "Träger-Kennung alpha")]


OVERRIDES = {"providers.alpha.slots": 35, "providers.beta.slots": {"2013-01": 12, "2014-01": 20}}
"""A Python call's overrides: a number, and a schedule (a dict) the file writes flow-style."""
BY_API = {"de": ["Geändert durch overrides: providers.alpha.slots = 35 (in der Datei: 30)",
                 "Geändert durch overrides: providers.beta.slots = {2013-01: 12, 2014-01: 20} "
                 "(in der Datei: {2013-01: 10, 2014-01: 20})"],
          "en": ["Changed by overrides: providers.alpha.slots = 35 (in the file: 30)",
                 "Changed by overrides: providers.beta.slots = {2013-01: 12, 2014-01: 20} "
                 "(in the file: {2013-01: 10, 2014-01: 20})"]}


@pytest.mark.filterwarnings("ignore::finsim.FinsimWarning")  # 2 replications: few
def test_python_overrides_are_said_as_overrides_not_as_set(tmp_path):
    """``finsim.run(path, overrides=...)``: nobody typed a --set, so the outputs name the
    call's overrides, their values written as the file writes them (not JSON)."""
    import finsim
    from finsim.report.files import write_tables
    from finsim.report.monitoring import monitoring_markdown

    result = finsim.run(SMALL, overrides=OVERRIDES, replications=2, jobs=1).result
    for lang, lines in BY_API.items():
        assert set_lines(result.scenario._set_over, lang) == lines
    assert f"\n\n{BY_API['de'][0]}\n\n{BY_API['de'][1]}\n\n" in monitoring_markdown(result, "de")
    write_tables(result, tmp_path, "de", "de")
    assert _column_a(tmp_path / "results.xlsx")[2:4] == BY_API["de"]
    loaded = finsim.load(finsim.load(SMALL), OVERRIDES)  # a loaded scenario: the same
    assert set_lines(loaded._set_over, "en") == BY_API["en"]


@pytest.mark.filterwarnings("ignore::finsim.FinsimWarning")
def test_plan_xlsx_heads_each_way_the_values_came(tmp_path):
    """A scenario loaded with a --set, then given overrides: plan.xlsx heads each group by
    how it came and marks each row so."""
    import finsim
    from finsim.report.plan import plan_table
    from finsim.report.plan_book import write_plan

    scn = finsim.load(load_scenario(SMALL, ["costs.staff.coach_cost_per_year=70e3"]),
                      {"providers.alpha.slots": 35})
    assert set_lines(scn._set_over, "de") == [DE[1], BY_API["de"][0]]
    result = finsim.run(scn, replications=2, jobs=1).result
    write_plan(tmp_path / "plan.xlsx", result, plan_table(result, 0.9), 0.9)
    rows = [row[:4] for row in openpyxl.load_workbook(tmp_path / "plan.xlsx")["Annahmen"]
            .iter_rows(values_only=True)]
    at = rows.index(("Mit --set geändert (diese Werte gelten, nicht die der Datei)",
                     None, None, None))
    assert rows[at + 1:at + 4] == [
        ("costs.staff.coach_cost_per_year", "70e3", None, "in der Datei: 55000"),
        ("Geändert durch overrides (diese Werte gelten, nicht die der Datei)", None, None, None),
        ("providers.alpha.slots", "35", None, "in der Datei: 30")]
    marks = {r[0]: r[3].split(". ")[0] for r in rows
             if r[2] and str(r[3]).startswith(("Mit --set", "Geändert durch"))}
    assert marks == {"costs.staff.coach_cost_per_year": "Mit --set geändert (in der Datei: 55000)",
                     "Plätze Alpha e.V.": "Geändert durch overrides (in der Datei: 30)"}
