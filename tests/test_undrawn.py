"""`--no-uncertainty` said where a person reads a run: its intervals leave the uncertainty
block's ranges out, so the terminal, report.html, results.xlsx and monitoring.md say it
in plan.xlsx's words; a scenario without a block (nothing left out) and a drawn run do
not."""

import openpyxl
import yaml
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.amounts import undrawn_line
from finsim.report.plan_book import words as plan_words

from .conftest import SMALL

DE = ("Unsicherheit: nicht angewandt (--no-uncertainty), nichts gezogen; die "
      "90-%-Intervalle enthalten die Bereiche des uncertainty-Blocks nicht")
EN = ("Uncertainty: not applied (--no-uncertainty), nothing drawn; the 90 % intervals "
      "leave out the ranges of the uncertainty block")


def _run(scenario, out, *args: str):
    result = CliRunner().invoke(main, ["run", str(scenario), "-n", "3", "--jobs", "1",
                                       "--monitoring", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _heads(path) -> list[list]:
    """The first three cells of column A of each sheet."""
    book = openpyxl.load_workbook(path)
    return [[sheet.cell(r, 1).value for r in (1, 2, 3)] for sheet in book]


def test_words_are_plan_xlsx_words():
    assert undrawn_line(True, "de") == DE
    assert undrawn_line(True, "en") == EN
    assert undrawn_line(False, "de") == ""
    assert plan_words("de")["uncertainty_off"] == (
        "Unsicherheit: nicht angewandt (--no-uncertainty), nichts gezogen; es gelten die "
        "Werte oben")
    assert plan_words("en")["uncertainty_off"] == (
        "Uncertainty: not applied (--no-uncertainty), nothing drawn; the values above hold")


def test_run_says_it_everywhere_in_german(tmp_path):
    out = _run(SMALL, tmp_path / "r", "--no-uncertainty")
    title = next(line for line in out.splitlines() if "replications, seed" in line)
    assert title.endswith(f": 3 replications, seed 7; {EN}")
    assert f"<p>{DE}</p>" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert f"\n\n{DE}.\n\n" in (tmp_path / "r" / "monitoring.md").read_text(encoding="utf-8")
    for head in _heads(tmp_path / "r" / "results.xlsx"):  # Übersicht, Jahre, Träger
        assert head[2] == DE


def test_run_says_it_in_english(tmp_path):
    _run(SMALL, tmp_path / "r", "--no-uncertainty", "--lang", "en")
    assert f"<p>{EN}</p>" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert f"\n\n{EN}.\n\n" in (tmp_path / "r" / "monitoring.md").read_text(encoding="utf-8")
    assert _heads(tmp_path / "r" / "results.xlsx")[0][2] == EN


def _silent(out, folder) -> None:
    assert "not applied" not in out
    for name in ("report.html", "monitoring.md"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "nicht angewandt" not in text and "not applied" not in text, name
    assert all(head[2] != DE for head in _heads(folder / "results.xlsx"))


def test_drawn_run_does_not(tmp_path):
    _silent(_run(SMALL, tmp_path / "r"), tmp_path / "r")


def test_nothing_to_leave_out_is_not_said(tmp_path):
    """plan.xlsx's rule: the line only where the scenario has an uncertainty block."""
    data = yaml.safe_load(SMALL.read_text())
    del data["uncertainty"]
    plain = tmp_path / "plain.yaml"
    plain.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _silent(_run(plain, tmp_path / "r", "--no-uncertainty"), tmp_path / "r")


def test_compare_says_it(tmp_path):
    folder = tmp_path / "c"
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(SMALL), "-n", "3",
                                       "--jobs", "1", "--no-uncertainty", "--out",
                                       str(folder)])
    assert result.exit_code == 0, result.output
    assert f"of it; {EN}" in result.output
    assert f"<p>{DE}</p>" in (folder / "report.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook(folder / "results.xlsx").worksheets[0]["A3"].value == DE
