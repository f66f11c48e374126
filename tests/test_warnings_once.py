"""A run's warnings are worked out once per result and language: ``finsim run`` says them
on the terminal, refuses them with --strict, and writes them into run.json, report.html,
results.xlsx (in a forked writer too) and monitoring.md, and the Python API's results
give them in their ``repr``, ``warnings`` and ``notes``; each time took milliseconds."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import finsim
from finsim.analysis import sanity
from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report import files, tables
from finsim.report.painter import painting, warm_tables
from finsim.scenario import load_scenario

from .conftest import SMALL


@pytest.fixture
def worked_out(monkeypatch, tmp_path) -> Path:
    """A file with a line (the language) each time a run's sanity warnings are worked
    out, in this process or in a helper forked from it (the tables' writer)."""
    log = tmp_path / "worked-out.txt"
    log.touch()
    work = sanity._sanity_warnings

    def logged(result, lang):  # noqa: ANN001, ANN202
        with log.open("a", encoding="utf-8") as file:
            file.write(f"{lang}\n")
        return work(result, lang)

    monkeypatch.setattr(sanity, "_sanity_warnings", logged)
    return log


@pytest.fixture
def forking(monkeypatch) -> None:
    """The painter and the writer forked, on any machine (-j 1 leaves a core idle)."""
    monkeypatch.setattr("finsim.report.painter._alone", lambda: True)
    monkeypatch.setattr("finsim.commands.run.available_cpus", lambda: 4)


@pytest.mark.parametrize(("lang", "once"), [("de", ["de", "en"]), ("en", ["en"])])
def test_run_works_them_out_once_per_language(worked_out, forking, tmp_path, lang, once):
    """--strict, run.json and the terminal in English, the page, the workbook and
    monitoring.md in --lang: before, six times (three in each language)."""
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "20", "--jobs", "1", "--strict",
                                     "--monitoring", "--lang", lang,
                                     "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert sorted(worked_out.read_text(encoding="utf-8").split()) == once


@pytest.mark.parametrize("large", [False, True])
def test_the_writer_gets_the_page_s_warnings_instead_of_working_them_out(
        worked_out, forking, tmp_path, monkeypatch, large):
    """A writer forked before the result is ready (or, for a ``large`` result, forked
    when it is) writes the workbook with the warnings this process works out for the
    page (posted to it): the same bytes as written here."""
    if large:
        monkeypatch.setattr(files, "SEND_BYTES", 0)
    result = run(RunSpec(load_scenario(SMALL), 6, 3), jobs=1)
    with painting() as painter, painting(warm=warm_tables) as writer:
        assert painter.forked and writer.forked
        files.write_run(result, tmp_path, ["finsim"], painter=painter, writer=writer)
    assert sorted(worked_out.read_text(encoding="utf-8").split()) == ["de", "en"]
    assert tables.run_warnings(result, "de")  # 6 replications: too few, warned of
    here = tmp_path / "here"
    here.mkdir()
    files.write_tables(result, here, "en", "de")
    assert (here / "results.xlsx").read_bytes() == (tmp_path / "results.xlsx").read_bytes()


def _calls(monkeypatch, target: str) -> list[None]:
    """A list that grows by one at each call of ``target`` (``module.function``)."""
    calls: list[None] = []
    module, name = target.rsplit(".", 1)
    real = getattr(__import__(module, fromlist=[name]), name)

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(None)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, counted)
    return calls


def _read_all(result: object) -> list[str]:
    """What a result says, read as a notebook would, twice over."""
    return [repr(result), repr(result), *result.warnings, *result.warnings,
            *result.notes, *result.notes]


def test_a_run_works_out_what_it_says_once(monkeypatch):
    calls = _calls(monkeypatch, "finsim.analysis.sanity.interval_warnings")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ran = finsim.run(SMALL, replications=2, jobs=1)
    _read_all(ran)
    assert len(calls) == 1
    assert ran.warnings == [w for w in ran._issued if not isinstance(w, sanity.Note)]
    ran.warnings.append("changed by the caller")  # a new list each time
    assert "changed by the caller" not in ran.warnings


def test_a_comparison_works_out_what_it_says_once(monkeypatch):
    calls = _calls(monkeypatch, "finsim.analysis.compare.comparison_warnings")
    notes = _calls(monkeypatch, "finsim.analysis.compare.undefined_notes")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = finsim.compare(SMALL, SMALL, replications=2, jobs=1)
    _read_all(comparison)
    assert (len(calls), len(notes)) == (1, 1)


def test_a_sensitivity_works_out_what_it_says_once(monkeypatch):
    calls = _calls(monkeypatch, "finsim.report.html_sensitivity.said_lines")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sens = finsim.sensitivity(SMALL, {"employment.hazards.placement": (0.008, 0.012)},
                                  replications=2, jobs=1)
    _read_all(sens)
    assert len(calls) == 1


def test_a_size_works_out_what_it_says_once(monkeypatch):
    calls = _calls(monkeypatch, "finsim.report.plan.plan_warnings")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = finsim.size(SMALL, confidence=0.9, replications=2, jobs=1)
    _read_all(plan)
    assert len(calls) == 1
