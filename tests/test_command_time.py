"""The time a command reports is the whole command's, from the job's start to its results
folder written; the replications' alone is labelled as such (and is run.json's
``wall_seconds``). At national scale the line said "(2.7 s, 1 job)" for a command that
took 6.9 s: writing the folder was left out."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.cli.common import timing
from finsim.commands.folder import MANIFEST

from .conftest import SMALL

SECONDS = r"(\d+\.\d) s"


def _invoke(*args: str) -> str:
    done = CliRunner().invoke(main, list(args))
    assert done.exit_code == 0, done.output
    return done.output.splitlines()[-1]


def _record(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_time_reads_the_whole_command_then_the_replications_labelled():
    assert timing(6.94, 2.725, "replications", 4) == \
        "6.9 s in all, replications 2.7 s on 4 jobs"
    assert timing(12.26, 10.14, "replications") == "12.3 s in all, replications 10.1 s"
    assert timing(40.0, 38.04, "points", 1) == "40.0 s in all, points 38.0 s on 1 job"
    assert timing(4.66) == "4.7 s in all"


@pytest.mark.parametrize("monitoring", [(), ("--monitoring",)])
def test_run_says_the_command_s_time_and_run_json_keeps_both(tmp_path, monitoring):
    """One clock reading for both: with --monitoring the line said 1.6 s where run.json
    said 1.2 (monitoring.md was written after run.json, and the clock read again)."""
    out = tmp_path / "res"
    last = _invoke("run", str(SMALL), "-n", "4", "-j", "1", *monitoring, "--out", str(out))
    found = re.fullmatch(rf"Results: {re.escape(str(out))}/  \({SECONDS} in all, "
                         rf"replications {SECONDS} on 1 job\)", last)
    assert found, last
    whole, replications = (float(v) for v in found.groups())
    info = _record(out / "run.json")
    assert list(info)[list(info).index("wall_seconds") + 1] == "command_seconds"
    assert 0 < info["wall_seconds"] <= info["command_seconds"]
    assert replications == pytest.approx(info["wall_seconds"], abs=0.051)
    assert f"{whole:.1f}" == f"{info['command_seconds']:.1f}"


def test_run_json_is_the_folder_s_last_file(tmp_path):
    """Its command_seconds counts the whole folder: every other file was written before
    it (the manifest, written on commit, aside), monitoring.md too."""
    out = tmp_path / "res"
    _invoke("run", str(SMALL), "-n", "2", "-j", "1", "--monitoring", "--out", str(out))
    assert (out / "monitoring.md").is_file()
    others = [p.stat().st_mtime_ns for p in out.iterdir() if p.name not in ("run.json", MANIFEST)]
    assert (out / "run.json").stat().st_mtime_ns >= max(others)


def test_compare_says_the_command_s_time_and_records_it(tmp_path):
    out = tmp_path / "cmp"
    last = _invoke("compare", str(SMALL), str(SMALL), "-n", "3", "-j", "1",
                   "--set", "providers.alpha.slots=20", "--out", str(out))
    found = re.fullmatch(rf"Results: {re.escape(str(out))}/  \(comparison\.csv, charts, "
                         rf"report\.html; {SECONDS} in all, replications {SECONDS}\)", last)
    assert found, last
    info = _record(out / "compare.json")
    replicated = sum(s["seconds"] for s in info["scenarios"])
    assert 0 < replicated <= info["command_seconds"] <= float(found[1]) + 0.05


def test_sensitivity_says_the_command_s_time_and_records_it(tmp_path):
    out = tmp_path / "sens"
    last = _invoke("sensitivity", str(SMALL), "-n", "2", "-j", "1",
                   "--param", "costs.wages.hourly=*0.9:1.1", "--out", str(out))
    found = re.fullmatch(rf"Results: {re.escape(str(out))}/  \({SECONDS} in all, "
                         rf"points {SECONDS} on 1 job\)", last)
    assert found, last
    info = _record(out / "sensitivity.json")
    assert 0 < info["wall_seconds"] <= info["command_seconds"] <= float(found[1]) + 0.05


def test_size_says_the_command_s_time_and_run_json_keeps_both(tmp_path):
    out = tmp_path / "size"
    last = _invoke("size", str(SMALL), "--start", "2013-07", "--months", "12", "--confidence", "0.9", "-n", "4",
                   "-j", "1", "--out", str(out))
    found = re.fullmatch(rf"Results: {re.escape(str(out))}/  \({SECONDS} in all\)", last)
    assert found, last
    info = _record(out / "run.json")
    assert 0 < info["wall_seconds"] <= info["command_seconds"] <= float(found[1]) + 0.05
