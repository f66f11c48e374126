"""Resources before a run: the estimate, the refusal, --yes, --jobs capped, lazy work."""

import itertools
import json
import math
import time
import tracemalloc

import numpy as np
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.montecarlo import estimate as est
from finsim.montecarlo import pool
from finsim.replication import compile_program, replicate
from finsim.scenario import load_scenario

from .conftest import ROOT, SMALL, variant

GiB = 2**30


def _run(*args: str):
    return CliRunner().invoke(main, ["run", str(SMALL), "--quiet", *args])


def test_people_per_replication_is_initial_plus_expected_referrals_plus_a_margin(small_data):
    """small.yaml: 20 a month for 3 months, then 4 a month for 21: 144 referrals;
    the margin is the one the referral draws take (6 sd + 16)."""
    found = est.estimate(variant(small_data), 100, 1)
    assert found.persons == math.ceil(144 + 6 * 12 + 16)
    full = est.estimate(variant(small_data, participants={"initial": "full"}), 100, 1)
    assert full.persons == math.ceil(40 + 144 + 6 * 12 + 16)  # 30 + 10 slots in month 1


def test_memory_grows_with_people_slots_months_and_replications(small_data):
    base = est.estimate(variant(small_data), 1000, 1)
    more_people = est.estimate(variant(small_data, participants={"referrals_per_month": 5000}),
                               1000, 1)
    longer = est.estimate(variant(small_data, period={"months": 240}), 1000, 1)
    many = est.estimate(variant(small_data), 20_000, 1)  # beyond the percentile sample
    more_reps = est.estimate(variant(small_data), 40_000, 1)
    assert more_people.replication_bytes > base.replication_bytes
    assert longer.replication_bytes > base.replication_bytes
    assert longer.fixed_bytes > base.fixed_bytes  # monthly sums and ledger rows
    assert more_reps.total_bytes - many.total_bytes == 20_000 * base.row_bytes * est.ROW_COPIES
    assert more_reps.seconds > many.seconds > base.seconds


def test_the_seed_s_time_is_its_terms_at_the_fitted_constants():
    """The estimate said "3 s on 2 processes" for the seed's 1,000 replications, which
    took about 1 s, and 2 to 3 times a quiet machine's time at national scale: the
    constants are refitted (``benchmarks/fit_estimate.py``). The seed: 272 people, 161
    slots, 12,960 ledger cells with their funders, 0.72 ms of CPU per replication."""
    scn = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    terms = est.time_terms(scn)
    assert (math.ceil(terms.persons), terms.slots, terms.cells) == (272, 161, 12_960)
    per = est.replication_seconds(terms)
    assert per == pytest.approx(terms.persons * 2.0e-6 + 161 * 6.5e-7 + 12_960 * 5.4e-9)
    assert per == pytest.approx(0.000719, abs=1e-6)
    found = est.estimate(scn, 1000, 2)
    assert found.seconds == pytest.approx(1.0 + 1000 * per / 2)
    assert found.summary().endswith(", 1 s on 2 processes")


def test_a_national_replication_costs_a_third_of_a_cpu_second(tmp_path):
    """The 2026 §16i file with 400 providers of 100 slots, 39,000 referrals in three
    months then 2,000 a month (``benchmarks/fit_estimate.py``'s national case): 0.28 CPU
    s per replication measured, estimated 1.28 times that (it was 1.68 s, six times)."""
    terms = est.time_terms(load_scenario(_national(tmp_path)))
    assert (round(terms.persons), terms.slots, terms.cells) == (155_363, 40_000, 4_320_000)
    per = est.replication_seconds(terms)
    assert per == pytest.approx(0.360, abs=0.001)


def _national(folder):
    """``benchmarks/fit_estimate.py``'s national case in ``folder``."""
    sixteen_i = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"
    (folder / "empty.yaml").write_text(f"base: {sixteen_i}\nproviders: []\n")
    providers = "".join(f"  - {{id: p{i:03d}, slots: 100}}\n" for i in range(400))
    (folder / "national.yaml").write_text(
        "base: empty.yaml\nparticipants:\n  referrals_per_month: {2026-01: 15000, "
        "2026-02: 12000, 2026-03: 12000, 2026-04: 2000}\nproviders:\n" + providers)
    return folder / "national.yaml"


def test_a_run_s_estimate_counts_writing_its_results_folder(tmp_path):
    """A national run of one replication was estimated at "1 s on 1 process" and took 5.2
    to 7.1 s (the seed: 1 s for 1.4 to 2.3 s), most of it the results folder (ledger.csv
    alone 432,000 rows), which the estimate left out. ``finsim run``'s estimate now counts
    its tables' rows (888,060 national, 6,720 for the seed) at the fitted 1.9 µs each:
    3 s national, and the seed's stays 1 s. Other commands write no run folder."""
    national = load_scenario(_national(tmp_path))
    seed = load_scenario(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    assert (est.table_rows(national), est.table_rows(seed)) == (888_060, 6_720)
    per = est.replication_seconds(est.time_terms(national))
    run = est.estimate(national, 1, 1, folder=True)
    assert run.seconds == pytest.approx(1.0 + 888_060 * 1.9e-6 + per)
    assert run.summary() == "about 155,363 people each, 495.2 MiB, 3 s on 1 process"
    assert est.estimate(national, 20, 2, folder=True).summary().endswith("6 s on 2 processes")
    assert est.estimate(national, 1, 1).seconds == pytest.approx(1.0 + per)  # compare's
    assert est.estimate(seed, 1, 1, folder=True).seconds == pytest.approx(
        1.0 + 6_720 * 1.9e-6 + est.replication_seconds(est.time_terms(seed)))
    result = CliRunner().invoke(main, ["run", str(ROOT / "scenarios" /
                                                  "aktiv-statt-passiv-2013.yaml"),
                                       "-n", "1", "-j", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "(about 272 people each, 162.1 MiB, 1 s on 1 process)" in result.output
    said = json.loads((tmp_path / "out" / "run.json").read_text())["resources"]["seconds"]
    assert said == pytest.approx(est.estimate(seed, 1, 1, folder=True).seconds)


def test_estimate_is_an_upper_bound_of_a_replications_measured_memory(small_data):
    """tracemalloc's peak of one replication (numpy included) stays under the estimate,
    and within a factor 8 of it, so the estimate is neither wrong nor useless."""
    cases = [variant(small_data),
             variant(small_data, participants={"referrals_per_month": 400}),
             variant(small_data, participants={"initial": "full"},
                     providers=[{"id": "alpha", "slots": 3000}, {"id": "beta", "slots": 1000}]),
             variant(small_data, period={"months": 240})]
    for scn in cases:
        program = compile_program(scn)  # compiled once per run, outside the measure
        replicate(program, np.random.SeedSequence(1))
        tracemalloc.start()
        replicate(program, np.random.SeedSequence(2))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        bound = est.estimate(scn, 1, 1).replication_bytes
        assert peak <= bound, (scn.participants, peak, bound)
        assert bound <= 8 * peak + 2**20, (scn.participants, peak, bound)


def test_cgroup_v2_limit_is_respected(tmp_path):
    proc, root = _fake_proc(tmp_path, "0::/user/job\n", available_kib=8 * 2**20)
    job = root / "user" / "job"
    job.mkdir(parents=True)
    (job / "memory.max").write_text(f"{GiB}\n")
    (job / "memory.current").write_text(f"{GiB // 4}\n")
    (root / "user" / "memory.max").write_text("max\n")
    room, where = est.available_memory(proc, root)
    assert room == GiB - GiB // 4
    assert where == f"cgroup limit {job}"


def test_cgroup_v1_limit_of_a_parent_group_is_respected(tmp_path):
    proc, root = _fake_proc(tmp_path, "4:memory:/batch/job\n1:cpu:/\n",
                            available_kib=8 * 2**20)
    batch = root / "memory" / "batch"
    (batch / "job").mkdir(parents=True)
    (batch / "job" / "memory.limit_in_bytes").write_text("9223372036854771712\n")
    (batch / "memory.limit_in_bytes").write_text(f"{2 * GiB}\n")
    (batch / "memory.usage_in_bytes").write_text(f"{GiB // 2}\n")
    assert est.available_memory(proc, root)[0] == 2 * GiB - GiB // 2


def test_without_a_cgroup_limit_memavailable_counts(tmp_path):
    proc, root = _fake_proc(tmp_path, "0::/\n", available_kib=3 * 2**20)
    (root / "memory.max").write_text("max\n")
    assert est.available_memory(proc, root) == (3 * GiB, "MemAvailable in /proc/meminfo")


def test_a_billion_slots_is_refused_in_well_under_a_second(tmp_path):
    out = tmp_path / "res"
    started = time.process_time()
    result = _run("--set", "providers.alpha.slots=1000000000", "--out", str(out))
    assert time.process_time() - started < 1.0
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_people_beyond_the_machine_are_refused_before_any_work(tmp_path):
    """A million referrals a month for ten years: within every ceiling of the scenario
    format, but 120 million people per replication."""
    out = tmp_path / "res"
    started = time.process_time()
    result = _run("--set", "participants.referrals_per_month=1000000",
                  "--set", "period.months=120", "--set", "passive_benefits.by_payer.federal=0",
                  "--set", "passive_benefits.by_payer.city=0", "--out", str(out))
    assert time.process_time() - started < 1.0
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert "this run needs about" in lines[0] and "GiB available" in lines[0]
    assert "120,0" in lines[0]  # the people per replication it would simulate
    assert "--yes" in lines[0]
    assert not out.exists()


def test_on_demand_referrals_follow_the_slots(small_data):
    """on_demand: a referral for each of the 40 slots empty at the start, the 10 added in
    2014, and every exit over the 1,080 slot-months at the faster of the hazards
    (0.0221 a month) and one exit per max_months (1/24)."""
    scn = variant(small_data, participants={"referrals_per_month": "on_demand"})
    rate = max(-math.log1p(-0.01) - math.log1p(-0.012), 1 / 24)
    assert rate == 1 / 24
    referrals = 40 + 10 + (30 * 24 + 10 * 12 + 20 * 12) * rate
    assert est.estimate(scn, 10, 1).persons == math.ceil(
        referrals + 6 * math.sqrt(referrals) + 16)


def test_a_trillion_replications_is_refused_before_any_memory_grows(tmp_path):
    tracemalloc.start()
    result = _run("--replications", "1000000000000", "--out", str(tmp_path / "res"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exit_code == 2  # click's range: the scenario format's ceiling
    assert "1000000000000" in result.output
    assert peak < 20 * 2**20


def test_replications_beyond_the_machine_are_refused_by_the_estimate(small):
    """Beyond the scenario format's ceiling too, as a library call may ask for them."""
    found = est.estimate(small, 10**12, 1)
    assert found.total_bytes > 10**12 * found.row_bytes
    with pytest.raises(est.BeyondMachine, match="1,000,000,000,000 replications"):
        est.check(found, "small.yaml")
    est.check(found, "small.yaml", yes=True)  # --yes: no refusal


def test_yes_runs_what_the_estimate_refuses(tmp_path, monkeypatch):
    monkeypatch.setattr(est, "available_memory", lambda: (2**20, "a test"))
    refused = _run("-n", "3", "--out", str(tmp_path / "no"))
    assert refused.exit_code == 2
    assert "the machine has 1.0 MiB available (a test)" in refused.output
    assert not (tmp_path / "no").exists()
    assert _run("-n", "3", "--yes", "--out", str(tmp_path / "yes")).exit_code == 0
    info = json.loads((tmp_path / "yes" / "run.json").read_text())
    assert info["resources"]["replications"] == 3
    assert info["resources"]["total_bytes"] > 2**20


def test_memory_run_out_after_yes_is_the_machine_s_limit_not_a_bug(tmp_path, monkeypatch):
    """--yes past the estimate, then numpy cannot allocate: exit 1 "This is a bug in
    finsim" before; now exit 2 and one line with the estimate's advice."""
    from finsim.commands import run as run_command

    def allocate(*args, **kwargs):
        raise MemoryError("Unable to allocate 366. MiB for an array")

    monkeypatch.setattr(run_command, "run_job", allocate)
    monkeypatch.setattr(est, "available_cpus", lambda: 4)  # --jobs by default: 4 processes
    done = _run("-n", "3", "--yes", "--out", str(tmp_path / "yes"))
    assert done.exit_code == 2
    assert done.output == (
        "finsim: ran out of memory (Unable to allocate 366. MiB for an array); nothing was "
        "written — the run needs more memory than the machine gives it: run on fewer "
        "processes (--jobs 1) or make the scenario smaller; without --yes finsim says what it "
        "would need, and what would need less, before any work\n")
    assert not (tmp_path / "yes").exists()


def test_memory_run_out_on_one_process_does_not_advise_one_process(tmp_path, monkeypatch):
    """After a --jobs 1 run (or on one CPU) the advice was "run on fewer processes (--jobs
    1)", what had been done; and without --yes, that --yes was what skipped the estimate.
    Now the advice fits the run: the scenario smaller, the estimate fell short."""
    from finsim.commands import run as run_command

    def allocate(*args, **kwargs):
        raise MemoryError("Unable to allocate 366. MiB for an array")

    monkeypatch.setattr(run_command, "run_job", allocate)
    monkeypatch.setattr(est, "available_cpus", lambda: 4)
    advice = ("the run needs more memory than the machine gives it: make the scenario "
              "smaller, as it ran on one process already; finsim's estimate before the "
              "work had it fit and fell short\n")
    done = _run("-n", "3", "--jobs", "1", "--out", str(tmp_path / "one"))
    assert (done.exit_code, done.output) == (2, (
        "finsim: ran out of memory (Unable to allocate 366. MiB for an array); nothing was "
        "written — " + advice))
    monkeypatch.setattr(est, "available_cpus", lambda: 1)
    assert _run("-n", "3", "--out", str(tmp_path / "cpu")).output.endswith(" — " + advice)


def test_the_python_calls_say_memory_run_out_as_the_command_does(monkeypatch):
    """numpy's MemoryError left finsim.run after the estimate let the work start (a
    notebook got a traceback ~30 s in, no finsim.ScenarioError); now the command's line,
    in the call's words (jobs=1, yes=True), the advice fitting the processes run."""
    import finsim
    from finsim import api

    def allocate(*args, **kwargs):
        raise MemoryError("Unable to allocate 63.4 MiB for an array")

    monkeypatch.setattr(api, "_run", allocate)
    monkeypatch.setattr(est, "available_cpus", lambda: 4)
    said = {}
    for name, kw in (("one", {"jobs": 1}), ("two", {"jobs": 2}),
                     ("yes", {"jobs": np.int64(2), "yes": True})):
        with pytest.raises(est.BeyondMachine) as caught:
            finsim.run(SMALL, replications=2, **kw)
        said[name] = str(caught.value)
    start = ("finsim.run: ran out of memory (Unable to allocate 63.4 MiB for an array) — the "
             "run needs more memory than the machine gives it: ")
    assert said == {
        "one": start + "make the scenario smaller, as it ran on one process already; "
                       "finsim's estimate before the work had it fit and fell short",
        "two": start + "run on fewer processes (jobs=1) or make the scenario smaller; "
                       "finsim's estimate before the work had it fit and fell short",
        "yes": start + "run on fewer processes (jobs=1) or make the scenario smaller; "
                       "without yes=True finsim says what it would need, and what would "
                       "need less, before any work"}


def test_the_python_calls_refuse_what_the_command_refuses(tmp_path, monkeypatch):
    """finsim.run & co. skipped the estimate: a run too big for the machine died in numpy
    after a while (or took the notebook's kernel with it). The same line as the
    command's, in the call's words; ``yes=True`` runs it, as ``--yes`` does."""
    import finsim
    from finsim import api

    monkeypatch.setattr(est, "available_memory", lambda: (2**20, "a test"))
    cli = _run("-n", "3", "-j", "1", "--out", str(tmp_path / "no")).output.strip()
    line = cli.splitlines()[-1].replace(str(SMALL), "finsim.run").replace(
        "--replications", "replications").replace("pass --yes", "pass yes=True")
    with pytest.raises(est.BeyondMachine) as caught:
        finsim.run(SMALL, replications=3, jobs=1)
    assert str(caught.value) == line
    assert line.endswith("— it needs less with a smaller scenario, or pass yes=True "
                         "to run anyway")
    monkeypatch.setattr(api, "executor", None)  # refused before any work: never reached
    for call, more in ((finsim.compare, {"alternatives": [SMALL]}),
                       (finsim.sensitivity, {}), (finsim.size, {"confidence": 0.9})):
        with pytest.raises(est.BeyondMachine, match=f"^finsim.{call.__name__}: this run "
                           "needs about"):
            call(SMALL, *more.get("alternatives", []), replications=2, jobs=1,
                 **{k: v for k, v in more.items() if k != "alternatives"})
    monkeypatch.undo()
    monkeypatch.setattr(est, "available_memory", lambda: (2**20, "a test"))
    assert finsim.run(SMALL, replications=3, jobs=1, yes=True).metric("entries").size == 3


def test_jobs_above_the_cpus_are_capped_with_one_note(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "available_cpus", lambda: 2)
    out = tmp_path / "res"
    result = CliRunner().invoke(main, ["run", str(SMALL), "-n", "30", "-j", "64",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    note = "--jobs 64 is more than the 2 CPUs available: using 2"
    assert result.output.count(note) == 1
    info = json.loads((out / "run.json").read_text())
    assert info["jobs"] == 2
    assert info["resources"]["notes"] == [note]
    assert pool.worker_count(None, 100) == 2 and pool.worker_count(64, 1) == 1


def _shifted(shared: int, item: int) -> int:
    return shared + abs(item)


def test_ordered_map_takes_work_lazily_and_in_order(monkeypatch):
    """An endless stream of tasks: results still come, in order, each with what the
    tasks share, and nothing is queued beyond a few per process (the pool would
    otherwise never return); ``done`` follows the results taken."""
    monkeypatch.setattr(pool, "available_cpus", lambda: 2)
    done: list[int] = []
    results = pool.Processes(2).ordered_map(_shifted, (-i for i in itertools.count()), 100,
                                           done.append)
    first = list(itertools.islice(results, 25))
    assert first == [100 + i for i in range(25)]
    assert done == [-i for i in range(25)]


def test_sizes_read_as_people_write_them():
    assert est.size(512) == "512 bytes"
    assert est.size(1536) == "1.5 KiB"
    assert est.size(3 * GiB) == "3.0 GiB"
    assert est.size(2**50) == "1,024.0 TiB"
    assert est.duration(30) == "30 s" and est.duration(600) == "10 min"
    assert est.duration(5400) == "90 min" and est.duration(36000) == "10.0 h"


def _fake_proc(tmp_path, cgroup_lines: str, available_kib: int):
    proc, root = tmp_path / "proc", tmp_path / "cgroup"
    (proc / "self").mkdir(parents=True)
    root.mkdir()
    (proc / "meminfo").write_text(f"MemTotal: {2 * available_kib} kB\n"
                                  f"MemAvailable: {available_kib} kB\n")
    (proc / "self" / "cgroup").write_text(cgroup_lines)
    (proc / "self" / "status").write_text("VmSize: 1000 kB\n")
    return proc, root


@pytest.mark.parametrize("command", [
    ["compare", str(SMALL), str(SMALL)],
    ["sensitivity", str(SMALL), "--param", "providers.alpha.slots=20:40"],
    ["size", str(SMALL), "--start", "2014-01", "--months", "120", "--confidence", "0.9"],
])
def test_every_command_refuses_a_run_beyond_the_machine_before_any_work(
        tmp_path, monkeypatch, command):
    """A million referrals a month for ten years: one line, exit 2, no folder, for
    compare, sensitivity and size as for run (the estimate counts the scenarios, design
    points and evaluations they run)."""
    out = tmp_path / "res"
    started = time.process_time()
    months = [] if command[0] == "size" else ["--set", "period.months=120"]  # size's --months
    result = CliRunner().invoke(main, [
        *command, "-n", "5", "--quiet", "--out", str(out),
        "--set", "participants.referrals_per_month=1000000", *months,
        "--set", "passive_benefits.by_payer.federal=0",
        "--set", "passive_benefits.by_payer.city=0"])
    assert time.process_time() - started < 2.0
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "this run needs about" in lines[0], lines
    assert not out.exists()


def test_runs_in_sequence_add_their_time_and_what_they_keep(small_data):
    """compare keeps each scenario's result; a sensitivity design's points keep only their
    metrics; either way one process and one replication's working memory count once."""
    one = est.estimate(variant(small_data), 100, 1)
    kept = one.fixed_bytes + 100 * one.row_bytes * est.ROW_COPIES
    assert one.working_bytes == one.total_bytes - kept
    assert est.in_sequence([one]) == one
    two = est.in_sequence([one, one])
    assert two.total_bytes == one.total_bytes + kept
    assert two.replications == 200
    assert two.seconds == pytest.approx(2 * one.seconds - est.STARTUP_SECONDS)


def test_a_designs_points_count_every_process_that_runs_one(small_data):
    """A sensitivity design was estimated as its points run one after another in one
    process ("1 s on 1 process" for the seed at -n 5) while they ran on 2: the base run
    whole and kept, then each process holding one point's whole run at once."""
    one = est.estimate(variant(small_data), 100, 1)
    kept = one.fixed_bytes + 100 * one.row_bytes * est.ROW_COPIES
    alone = one.total_bytes - est.PROCESS_BYTES
    two = est.over_points(one, one, 10, 2)
    assert two.jobs == 2 and two.replications == 1100
    assert two.total_bytes == (est.PROCESS_BYTES + kept + 1000 * one.row_bytes
                               + 2 * (alone + est.WORKER_BYTES))
    assert two.seconds == pytest.approx(one.seconds + 5 * (one.seconds - est.STARTUP_SECONDS))
    single = est.over_points(one, one, 10, 1)  # in this process: no worker's own pages
    assert single.total_bytes == est.PROCESS_BYTES + kept + 1000 * one.row_bytes + alone
    assert single.summary().endswith(" on 1 process")


def test_the_sensitivity_line_names_the_processes_its_points_run_on(tmp_path, monkeypatch):
    """The seed's OAT design of 11 points at -n 5 on 2 CPUs: the line said "162.2 MiB, 1 s
    on 1 process" (one run's 5 replications fit one process) and sensitivity.json
    "jobs": 2; the points' 10 runs go to 2 processes, each with its whole run."""
    monkeypatch.setattr(pool, "available_cpus", lambda: 2)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "sensitivity", str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"),
        "--method", "oat", "-n", "5", "--metric", "cost_total", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "finsim: Aktiv statt passiv! Dortmund 2013-2014: oat, 11 points x 5 replications "
        "= 55 (about 272 people each, 247.3 MiB, 1 s on 2 processes)")
    assert json.loads((out / "sensitivity.json").read_text())["jobs"] == 2


ON_DEMAND = ("--set", "participants.referrals_per_month=on_demand")
"""On demand, the people simulated grow with the slots: small.yaml's 160 MiB
(both providers' 40 slots at the start) becomes 424 MiB at 300,000 slots of alpha."""


def _reached(*args, **kwargs):
    raise RuntimeError("the work started")


WIDER = "narrower ranges of --param (the largest point needs most)"
TOP = "a lower --max-slots (the search goes up to 300,000 slots)"


@pytest.mark.parametrize(("command", "available", "people", "lever"), [
    (["sensitivity", str(SMALL), "--param", "providers.alpha.slots=200000:300000"],
     300, "604,699", WIDER),
    (["sensitivity", str(SMALL), "--param", "providers.alpha.slots=200000:300000",
      "--param", "providers.beta.slots=200000:300000", "--method", "morris",
      "--samples", "2"], 600, "1,206,589", WIDER),
    (["size", str(SMALL), "--start", "2013-01", "--months", "24", "--confidence", "0.9",
      "--cap", "land_esf=1e12", "--max-slots", "300000"], 300, "717,581", TOP),
])
def test_the_estimate_covers_the_largest_point_and_candidate(tmp_path, monkeypatch, command,
                                                             available, people, lever):
    """The estimate was taken at the base scenario only (40 slots, 160 MiB): a range's
    high end or the search's --max-slots (300,000 slots: 604,699 people, 424 MiB) passed
    it and died in numpy with exit 1. Refused now before any work (the executor is never
    reached), with the people of the largest point: for Morris both ranges at their high
    ends together (1,206,589 people, 685 MiB; each alone would fit in 600 MiB); for the
    search its top, 300,000 slots in the first month's proportions (alpha 225,000, beta
    75,000 then 150,000 in 2014: 717,581 people, 473 MiB)."""
    from finsim.commands import sensitivity, size

    monkeypatch.setattr(est, "available_memory", lambda: (available * 2**20, "a test"))
    for module in (sensitivity, size):
        monkeypatch.setattr(module, "executor", _reached)
    out = tmp_path / "res"
    result = CliRunner().invoke(main, [*command, *ON_DEMAND, "-n", "2", "-j", "1",
                                       "--quiet", "--out", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "this run needs about" in lines[0], lines
    assert f"({people}" in lines[0] and "people per replication" in lines[0]
    assert lines[0].endswith(f"{available}.0 MiB available (a test) — it needs less with "
                             f"{lever} or a smaller scenario, or pass --yes to run anyway")
    assert not out.exists()
    result = CliRunner().invoke(main, [*command, *ON_DEMAND, "-n", "2", "-j", "1", "--yes",
                                       "--quiet", "--out", str(out)])
    assert "the work started" in result.output  # --yes: on to the work (the fake's error)


def test_the_python_estimate_covers_the_largest_point_and_candidate(monkeypatch):
    """finsim.sensitivity and finsim.size raised numpy's bare MemoryError for a range or
    a search far above the base; now the estimate's ScenarioError, and yes=True runs."""
    import finsim
    from finsim import api

    monkeypatch.setattr(est, "available_memory", lambda: (300 * 2**20, "a test"))
    monkeypatch.setattr(api, "executor", _reached)
    on_demand = {"participants.referrals_per_month": "on_demand"}
    calls = {("sensitivity", "423.7 MiB", "604,699",
              "narrower ranges of params"): lambda yes: finsim.sensitivity(
                 SMALL, {"providers.alpha.slots": (200000, 300000)}, overrides=on_demand,
                 replications=2, jobs=1, yes=yes),
             ("size", "472.7 MiB", "717,581", "a lower max_slots"): lambda yes: finsim.size(
                 SMALL, start="2013-01", months=24, caps={"land_esf": 1e12},
                 max_slots=300000, overrides=on_demand, replications=2, jobs=1, yes=yes,
                 confidence=0.9)}
    for (name, need, people, lever), call in calls.items():
        with pytest.raises(est.BeyondMachine, match=f"^finsim.{name}: this run needs about "
                           rf"{need} of memory \({people} people .* it needs less with "
                           rf"{lever} .* pass yes=True to run anyway$"):
            call(False)
        with pytest.raises(RuntimeError, match="the work started"):
            call(True)


def test_fewer_chunks_than_jobs_are_said_not_dropped(tmp_path, monkeypatch):
    """``run -n 8 -j 2`` ran on 1 process without a word (the start line "on 1 process",
    run.json's notes []): 8 replications are one chunk of 10, and a chunk is one
    process's work (fixed, so the sums stay the same whatever --jobs). The start line and
    run.json now say why, and from how many replications the second process takes
    effect; the results are those of -j 1."""
    monkeypatch.setattr(pool, "available_cpus", lambda: 2)
    note = ("8 replications are 1 chunk of 10 and a chunk runs in one process: "
            "2 processes from 11 replications")
    found = est.estimate(load_scenario(SMALL), 8, 2)
    assert found.jobs == 1 and found.notes == (note,)
    assert found.summary().endswith(f" on 1 process; {note}")
    assert est.estimate(load_scenario(SMALL), 8, None).notes == (note,)  # every CPU
    assert est.estimate(load_scenario(SMALL), 8, 1).notes == ()  # as asked
    assert est.estimate(load_scenario(SMALL), 11, 2).notes == ()
    assert est.chunks_note(25, 4) is None  # 3 chunks, capped to the 2 CPUs
    assert est.chunks_note(1, 2) == ("1 replication is 1 chunk of 10 and a chunk runs in "
                                     "one process: 2 processes from 11 replications")
    monkeypatch.setattr(pool, "available_cpus", lambda: 4)
    assert est.chunks_note(25, None) == ("25 replications are 3 chunks of 10 and a chunk "
                                         "runs in one process: 4 processes from 31 "
                                         "replications")
    monkeypatch.setattr(pool, "available_cpus", lambda: 2)
    runs = {}
    for jobs in ("2", "1"):
        out = tmp_path / f"j{jobs}"
        result = CliRunner().invoke(main, ["run", str(SMALL), "-n", "8", "-j", jobs,
                                           "--out", str(out)])
        assert result.exit_code == 0, result.output
        first = result.output.splitlines()[0]
        assert first.endswith(f" on 1 process; {note})") == (jobs == "2"), first
        info = json.loads((out / "run.json").read_text())
        assert info["resources"]["notes"] == ([note] if jobs == "2" else [])
        runs[jobs] = (out / "summary.csv").read_bytes()
    assert runs["2"] == runs["1"]
    assert est.points_note(1, 2) == ("1 point besides the base and a point runs in one "
                                     "process: 2 processes from 3 points")
    assert est.points_note(2, 2) is None


def test_a_design_notes_its_points_not_its_base_run_s_chunks(small_data):
    """Sensitivity's processes are its points' (one each): the base run's chunk note
    ("2 replications are 1 chunk ...") would explain processes it does not report."""
    one = est.estimate(variant(small_data), 2, 2)
    assert one.notes  # the base run alone: 1 chunk
    assert est.over_points(one, one, 10, 2, 2).notes == ()
    assert est.over_points(one, one, 1, 1, 2).notes == (est.points_note(1, 2),)


def test_the_memory_advice_names_what_needs_the_memory(tmp_path, monkeypatch):
    """A national run refused under ``ulimit -v`` was told "make the scenario or
    --replications smaller", where each replication keeps 1.5 KiB: -n 1 was refused at
    the same size. The advice now names the estimate's parts that would shrink: more
    than one process (--jobs 1), compared scenarios (fewer), a search's or design's
    largest step (``test_the_estimate_covers_...``), and the kept rows only where they
    are a tenth of the whole."""
    monkeypatch.setattr(pool, "available_cpus", lambda: 2)
    national = load_scenario(_national(tmp_path))
    assert est.levers(est.estimate(national, 20, 2)) == [
        "--jobs 1 (2 processes, each with a run of its own)"]
    assert est.levers(est.estimate(national, 1, 1)) == []  # 1.5 KiB a replication
    many = est.estimate(load_scenario(SMALL), 2_000_000, 1)
    assert est.levers(many) == [
        f"fewer --replications ({est.size(many.rows_bytes)} kept for 2,000,000)"]
    assert est.levers(est.estimate(national, 4, 1), 3) == [
        "fewer scenarios (3 results kept to compare)"]
    monkeypatch.setattr(est, "available_memory", lambda: (2**20, "a test"))
    result = CliRunner().invoke(main, ["compare", str(SMALL), str(SMALL), "-n", "20",
                                       "-j", "2", "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1].endswith(
        "the machine has 1.0 MiB available (a test) — it needs less with --jobs 1 "
        "(2 processes, each with a run of its own), fewer scenarios (2 results kept to "
        "compare) or a smaller scenario, or pass --yes to run anyway")
