"""The data files a scenario names go to workers elsewhere with the work, read once.

A re-forecast's spells and booked costs are read again whenever a drawn value makes a
worker compile the model or the costs anew; workers that may not see this machine's
files (``remote``: a cluster, tests/test_cluster.py) read the bytes the run read at its
start (``scenario.datafiles``), never the paths, so a file changed or removed during
the run changes nothing. Here local processes stand in for them, told they are remote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from finsim.montecarlo import RunSpec, run, runner
from finsim.montecarlo.pool import Processes
from finsim.program import compile_program
from finsim.scenario import ScenarioError, datafiles, load_scenario

from .test_actuals import SPELLS, actuals, files

BOOKED = "month,provider,category,amount\n2027-01,cjd,wages,6000\n"


def _drawn_reforecast(tmp_path: Path):
    """As of 2027-07, with booked costs, a drawn dropout hazard (the model with actuals
    is compiled whole: the spells are read) and a drawn wage (costs with bookings are
    compiled whole: the booked costs are read)."""
    return load_scenario(files(tmp_path, SPELLS, BOOKED), [
        *actuals("2027-07", booked=True),
        'uncertainty={"employment.hazards.dropout": {"dist": "uniform", "low": 0.05, '
        '"high": 0.2}, "costs.wages.hourly": {"dist": "uniform", "low": 14.6, '
        '"high": 16}}'])


def test_snapshot_names_every_data_file(tmp_path):
    scn = _drawn_reforecast(tmp_path)
    snap = datafiles.snapshot(scn)
    assert sorted(snap) == [str(tmp_path / "booked.csv"), str(tmp_path / "spells.csv")]
    assert snap[str(tmp_path / "booked.csv")][1] == BOOKED.encode()


class Elsewhere(Processes):
    remote = True


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_drawn_reforecast_reads_its_files_once(tmp_path, monkeypatch, jobs):
    """The files removed once the run has read them: the same bytes as with them."""
    scn = _drawn_reforecast(tmp_path)
    expected = run(RunSpec(scn, 30, 4), jobs=1)

    def read_then_remove(scenario):
        snap = datafiles.snapshot(scenario)
        for path in datafiles.named(scenario):
            Path(path).unlink()
        return snap

    monkeypatch.setattr(runner, "snapshot", read_then_remove)
    result = run(RunSpec(scn, 30, 4), Elsewhere(jobs))
    assert not (tmp_path / "spells.csv").exists()
    assert result.metric_values.tobytes() == expected.metric_values.tobytes()
    assert result.aggregate.ledger.tobytes() == expected.aggregate.ledger.tobytes()
    assert len(set(result.metric("cost_wages"))) > 1  # the draws did reach the costs


def test_a_file_gone_before_the_run_is_one_line(tmp_path):
    """Compiled while the file was there, run after it went: refused before any work."""
    scn = _drawn_reforecast(tmp_path)
    program = compile_program(scn)
    (tmp_path / "booked.csv").unlink()
    with pytest.raises(ScenarioError) as err:
        run(RunSpec(scn, 3, 4, program=program), Elsewhere(1))
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'booked.csv'}: data file does not exist"]


def test_local_processes_read_the_files_themselves(tmp_path, monkeypatch):
    """Nothing is read ahead for local processes: they share this machine's files."""
    monkeypatch.setattr(runner, "snapshot", lambda scn: pytest.fail("read ahead"))
    scn = _drawn_reforecast(tmp_path)
    assert run(RunSpec(scn, 3, 4), 1).metric_values.tobytes() == \
        run(RunSpec(scn, 3, 4), 2).metric_values.tobytes()
