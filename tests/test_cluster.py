"""--scheduler: the same work on a dask.distributed cluster, the same bytes as --jobs 1.

One LocalCluster of two single-threaded worker processes serves the whole module; the
commands reach it by its tcp address, as they would reach a real cluster.
"""

import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from finsim import api
from finsim.analysis.ranges import check_metrics, check_params, parse_param
from finsim.analysis.sensitivity import SensitivitySpec, analyze
from finsim.cli import main
from finsim.commands.folder import MANIFEST
from finsim.montecarlo import RunSpec, run, runner
from finsim.montecarlo import cluster as cluster_module
from finsim.montecarlo.cluster import ClusterError, connect
from finsim.scenario import datafiles, load_scenario

from .conftest import ROOT, SMALL
from .processes import interrupted, started

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
RECORD_KEYS = {"wall_seconds", "command_seconds", "seconds", "jobs", "command", "resources",
               "ran_on"}
"""What the JSON files record about the run itself rather than its results: its
replications' and its whole command's time, processes, command line, the estimate
made for this machine and where it ran."""


@pytest.fixture(scope="module")
def cluster():
    with connect("local:2") as started_cluster:
        # bounded: a worker that never comes up (a loaded machine) fails, not hangs
        started_cluster.client.wait_for_workers(2, timeout=120)
        yield started_cluster


@pytest.fixture
def address(cluster) -> str:
    cluster.client.wait_for_workers(2, timeout=120)
    return cluster.client.scheduler.address


def _finsim(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [*args, "--quiet"], env=env)


def _same_files(one: Path, two: Path) -> list[str]:
    """The files of two results folders byte for byte; the JSON records but for what
    they say about the run itself (``RECORD_KEYS``); the names of those compared."""
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    compared = [n for n in names if not n.endswith(".json")]
    for name in compared:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    for name in (n for n in names if n.endswith(".json") and n != MANIFEST):
        assert _results(one / name) == _results(two / name), name
    return compared


def _results(path: Path) -> object:
    def drop(value: object) -> object:
        if isinstance(value, dict):
            return {k: drop(v) for k, v in value.items() if k not in RECORD_KEYS}
        if isinstance(value, list):
            return [drop(v) for v in value]
        return value

    return drop(json.loads(path.read_text(encoding="utf-8")))


def test_run_folder_identical_to_jobs_1(tmp_path, address):
    one, two = tmp_path / "one", tmp_path / "two"
    assert _finsim("run", str(SMALL), "-n", "35", "-j", "1", "--out", str(one)).exit_code == 0
    done = _finsim("run", str(SMALL), "-n", "35", "--scheduler", address, "--out", str(two))
    assert done.exit_code == 0, done.output
    assert {"replications.csv", "ledger.csv", "summary.csv"} <= set(_same_files(one, two))
    records = [json.loads((f / "run.json").read_text()) for f in (one, two)]
    ran_on = [r["resources"]["ran_on"] for r in records]
    assert ran_on[0] == "1 local process"  # on the cluster, the workers that computed
    assert re.fullmatch(rf"{address} \(2 workers, 2 threads(; computed on 1 worker, 1 "
                        r"thread)?\)", ran_on[1])
    # this machine's estimate of time and processes only where it ran the replications
    assert records[0]["resources"]["jobs"] == records[0]["jobs"] == 1
    assert "jobs" not in records[1]["resources"] and "seconds" not in records[1]["resources"]
    assert records[1]["jobs"] == 2 and records[1]["resources"]["total_bytes"] > 0


def test_scheduler_from_the_environment(tmp_path, address):
    one, two = tmp_path / "one", tmp_path / "two"
    assert _finsim("run", str(SMALL), "-n", "12", "-j", "1", "--out", str(one)).exit_code == 0
    done = _finsim("run", str(SMALL), "-n", "12", "--out", str(two),
                   env={"FINSIM_SCHEDULER": address})
    assert done.exit_code == 0, done.output
    _same_files(one, two)


def test_sensitivity_folder_identical_to_jobs_1(tmp_path, address):
    args = ["sensitivity", str(SMALL), "--method", "morris", "--samples", "2", "-n", "3",
            "--param", "costs.wages.hourly=*0.9:1.1",
            "--param", "employment.hazards.dropout=0.01:0.02"]
    one, two = tmp_path / "one", tmp_path / "two"
    assert _finsim(*args, "-j", "1", "--out", str(one)).exit_code == 0
    done = _finsim(*args, "--scheduler", address, "--out", str(two))
    assert done.exit_code == 0, done.output
    assert "sensitivity.csv" in _same_files(one, two)
    records = [_record(f / "sensitivity.json") for f in (one, two)]
    assert [r["jobs"] for r in records] == [1, 2]  # beside jobs, where they ran
    assert records[0]["ran_on"] == "1 local process"
    assert _on_the_cluster(records[1]["ran_on"], address)


def test_size_folder_identical_to_jobs_1(tmp_path, address):
    """A bisection: each candidate's replications are tasks, candidates in turn."""
    args = ["size", str(SMALL), "--start", "2013-07", "--months", "12", "-n", "8",
            "--cap", "land_esf=200000", "--max-slots", "40", "--confidence", "0.9"]
    one, two = tmp_path / "one", tmp_path / "two"
    first = _finsim(*args, "-j", "1", "--out", str(one))
    assert first.exit_code == 0, first.output
    done = _finsim(*args, "--scheduler", address, "--out", str(two))
    assert done.exit_code == 0, done.output
    assert "plan.csv" in _same_files(one, two)
    for folder, where in ((one, "1 local process"), (two, None)):  # the search's as its run's
        ran_on = _record(folder / "size.json")["ran_on"]
        assert ran_on == _record(folder / "run.json")["resources"]["ran_on"]
        assert ran_on == where if where else _on_the_cluster(ran_on, address)


def test_compare_folder_identical_to_jobs_1(tmp_path, address):
    args = ["compare", str(SMALL), str(SMALL), "-n", "12", "--set",
            "providers.alpha.slots=20"]
    one, two = tmp_path / "one", tmp_path / "two"
    assert _finsim(*args, "-j", "1", "--out", str(one)).exit_code == 0
    done = _finsim(*args, "--scheduler", address, "--out", str(two))
    assert done.exit_code == 0, done.output
    assert "comparison.csv" in _same_files(one, two)
    assert _record(one / "compare.json")["ran_on"] == "1 local process"
    assert _on_the_cluster(_record(two / "compare.json")["ran_on"], address)


def test_records_name_a_scheduler_from_the_environment(tmp_path, address):
    """With ``$FINSIM_SCHEDULER`` the command line does not show the cluster: compare.json
    said nothing of where it ran, and sensitivity.json's ``"jobs": 2`` read as a local
    ``--jobs 2``. Each record names the scheduler now, as run.json does."""
    env = {"FINSIM_SCHEDULER": address}
    compared = _finsim("compare", str(SMALL), str(SMALL), "-n", "12", "--set",
                       "providers.alpha.slots=20", "--out", str(tmp_path / "c"), env=env)
    assert compared.exit_code == 0, compared.output
    analysed = _finsim("sensitivity", str(SMALL), "-n", "3", "--param",
                       "costs.wages.hourly=*0.9:1.1", "--out", str(tmp_path / "s"), env=env)
    assert analysed.exit_code == 0, analysed.output
    for record in (_record(tmp_path / "c" / "compare.json"),
                   _record(tmp_path / "s" / "sensitivity.json")):
        assert address not in " ".join(record["command"])
        assert _on_the_cluster(record["ran_on"], address)


def _record(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _on_the_cluster(ran_on: str, address: str) -> bool:
    """``ran_on`` names the module's cluster: both its workers, and the one that computed
    where the tasks went to one alone (how few tasks spread varies)."""
    return re.fullmatch(rf"{re.escape(address)} \(2 workers, 2 threads(; computed on 1 "
                        r"worker, 1 thread)?\)", ran_on) is not None


def test_python_api_takes_a_scheduler(small, address):
    local = api.run(small, replications=15, seed=4, jobs=1)
    remote = api.run(small, replications=15, seed=4, scheduler=address)
    assert remote.replications().equals(local.replications())
    spec = SensitivitySpec(small, check_params(small, [parse_param("costs.wages.hourly=*0.9:1.1")]),
                           check_metrics(small, ("cost_total",)), "oat", 3, 5)
    with connect(address) as cluster:
        on_cluster = analyze(spec, cluster)
    assert on_cluster.table.equals(analyze(spec, jobs=1).table)


def test_python_api_reads_the_environment(small, address, monkeypatch):
    monkeypatch.setenv("FINSIM_SCHEDULER", address)
    assert cluster_module.scheduler_address(None) == address
    assert cluster_module.scheduler_address("local:3") == "local:3"  # the argument first
    assert cluster_module.scheduler_address("") is None  # "" keeps it local
    remote = api.size(small, replications=6, seed=2, caps={"land_esf": 400_000},
                      max_slots=40, confidence=0.9)
    local = api.size(small, replications=6, seed=2, caps={"land_esf": 400_000},
                     max_slots=40, jobs=1, scheduler="", confidence=0.9)
    assert remote.slots == local.slots
    assert remote.summary().equals(local.summary())


def _worker_pids(cluster) -> dict[str, int]:
    return cluster.client.run(os.getpid)


def test_a_worker_killed_mid_run_changes_nothing(small, cluster, monkeypatch):
    """dask reruns the lost worker's tasks; the merge order is unchanged. Tasks of one
    chunk each: the pace, which follows the chunks' measured CPU, would otherwise group
    them on a quick machine and report several at once."""
    spec = RunSpec(small, 80, 11)
    expected = run(spec, jobs=1)
    monkeypatch.setattr(runner._Pace, "size", lambda self: 1)
    before = _worker_pids(cluster)
    seen: list[int] = []

    def progress(done: int) -> None:
        if not seen:  # the first chunk is back, the others are running: kill a worker
            os.kill(next(iter(before.values())), signal.SIGKILL)
        seen.append(done)

    result = run(spec, cluster, progress)
    cluster.client.wait_for_workers(2, timeout=120)
    assert set(_worker_pids(cluster).values()) != set(before.values())  # one was replaced
    assert seen == list(range(10, 81, 10))  # every chunk once, as it finished
    np.testing.assert_array_equal(result.metric_values, expected.metric_values)
    np.testing.assert_array_equal(result.aggregate.ledger, expected.aggregate.ledger)
    np.testing.assert_array_equal(result.aggregate.flows, expected.aggregate.flows)
    assert result.aggregate.indices.tolist() == list(range(80))


def test_tasks_of_several_chunks_on_the_cluster_change_nothing(small, cluster, monkeypatch):
    """The cluster gets tasks of several chunks (``runner._Pace``, 3 here) as the local
    processes do; the chunks come back one by one and merge in order: the same bytes."""
    spec = RunSpec(small, 70, 5)
    expected = run(spec, jobs=1)
    monkeypatch.setattr(runner._Pace, "size", lambda self: 3)
    seen: list[int] = []
    result = run(spec, cluster, seen.append)
    assert len(seen) == 3 and seen[-1] == 70  # tasks of 30, 30 and 10, in any order
    for name in ("metrics", "indices", "flows", "ledger", "cashflow", "yearly"):
        assert getattr(result.aggregate, name).tobytes() == \
            getattr(expected.aggregate, name).tobytes(), name


def _with_caseload(tmp_path: Path) -> Path:
    """The small scenario starting from a caseload file, with a drawn patience (a
    participants value: every draw compiles the model again, and so reads the file)."""
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["participants"]["initial"] = "caseload.csv"
    data["uncertainty"]["participants.patience_months"] = {"dist": "uniform", "low": 1,
                                                           "high": 3}
    (tmp_path / "caseload.csv").write_text("person,provider,entry,exit,exit_reason,sex\n"
                                           "A-1,alpha,2012-06,,,female\n"
                                           "A-2,alpha,2011-11-15,,,male\n"
                                           "B-1,beta,2012-10,,,male\n", encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_workers_need_no_data_files(tmp_path, cluster):
    """The data files a scenario names go to the workers with the program: with the
    caseload file gone once the scenario is loaded, the cluster's workers (which compile
    the model again for every draw and every sensitivity point) give the very numbers
    of one process that had the file throughout."""
    scn = load_scenario(_with_caseload(tmp_path))
    spec = RunSpec(scn, 40, 3)
    sens = SensitivitySpec(scn, check_params(scn, [parse_param(
        "participants.patience_months=1:3")]), ("cost_total", "entries"), "oat", 3, 5)
    expected, expected_table = run(spec, jobs=1), analyze(sens, jobs=1).table
    (tmp_path / "caseload.csv").unlink()
    result = run(spec, cluster)
    assert result.metric_values.tobytes() == expected.metric_values.tobytes()
    assert result.aggregate.ledger.tobytes() == expected.aggregate.ledger.tobytes()
    assert len(set(result.metric("cost_total"))) > 1  # the draws did reach the model
    assert analyze(sens, cluster).table.equals(expected_table)
    assert [f["key"] for f in datafiles.used(result.scenario)] == ["participants.initial"]


def test_few_tasks_in_flight_results_in_order(cluster):
    """Memory stays flat: at most AHEAD tasks per worker thread are out at once, however
    many items there are; results come back in input order whatever order they finish."""
    taken, out = [], []

    def items():
        for i in range(60):
            taken.append(i)
            yield i

    def done(item: int) -> None:
        out.append(len(taken) - len(out))  # submitted and not yet back, this one included

    results = list(cluster.ordered_map(lambda shared, i: shared + i * i, items(), 1000, done))
    assert results == [1000 + i * i for i in range(60)]
    assert max(out) == cluster_module.AHEAD * cluster.threads


def test_a_task_that_kills_every_worker_is_one_line(cluster):
    """A task whose workers die in turn (out of memory, say) ends the job with a
    ClusterError (exit 2), not a traceback; the cluster recovers."""
    scheduler = cluster.client.run_on_scheduler
    allowed = scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures)
    scheduler(lambda dask_scheduler: setattr(dask_scheduler, "allowed_failures", 0))
    try:
        with pytest.raises(ClusterError, match=r"^--scheduler: a task killed the worker "
                                               r"running it 1 time\(s\) in a row \(.+\); do "
                                               r"the workers have enough memory"):
            list(cluster.ordered_map(lambda shared, i: os._exit(1), [0], None))
    finally:
        scheduler(lambda dask_scheduler: setattr(dask_scheduler, "allowed_failures", allowed))
        cluster.client.wait_for_workers(2, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_one_line_exit_2(tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    began = time.monotonic()
    assert _refusal(address, tmp_path / "res", timeout=120) == [
        f"finsim run: --scheduler: cannot reach the dask scheduler within "
        f"{cluster_module.CONNECT_TIMEOUT} s ([Errno 111] Connection refused); start it "
        f"(dask scheduler) or check the address (given: '{address}')"]
    assert time.monotonic() - began < cluster_module.CONNECT_TIMEOUT + 25


def _refusal(address: str, out: Path, timeout: float) -> list[str]:
    """The lines of ``finsim run --scheduler address``, which must refuse (exit 2,
    nothing at ``out``)."""
    process = _finsim_process(address, out)
    try:
        _, err = process.communicate(timeout=timeout)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 2
    assert not out.exists()
    return err.splitlines()


class _NotDask:
    """A TCP service that accepts connections but is no dask scheduler: silent (a web
    server, a proxy) or with a greeting (SSH); ``accepted`` is set at the first one."""

    def __init__(self, greeting: bytes = b"") -> None:
        self.greeting = greeting
        self.accepted = threading.Event()
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.address = f"tcp://127.0.0.1:{self.socket.getsockname()[1]}"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with suppress(OSError):
            while True:
                connection, _ = self.socket.accept()
                self.held.append(connection)  # open, never answered
                connection.sendall(self.greeting)
                self.accepted.set()

    def close(self) -> None:
        for connection in [*self.held, self.socket]:
            connection.close()


@pytest.fixture
def silent():
    service = _NotDask()
    yield service
    service.close()


def _finsim_process(address: str, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "finsim", "run", str(SMALL), "-n", "3",
                             "-q", "--scheduler", address, "--out", str(out)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_a_service_that_never_answers_is_no_scheduler(silent, tmp_path):
    """It used to hang for good, Ctrl-C and SIGTERM blocked: one line within the time."""
    began = time.monotonic()
    assert _refusal(silent.address, tmp_path / "res", timeout=30) == [
        "finsim run: --scheduler: not a dask scheduler: something accepts the connection there "
        f"but did not answer within {cluster_module.CONNECT_TIMEOUT} s; check the address (a "
        f"dask scheduler listens on port 8786 by default) (given: '{silent.address}')"]
    # the wait itself plus a process's start-up, which a loaded machine stretches to
    # several seconds; a hang would run into the 30 s timeout above
    assert time.monotonic() - began < cluster_module.CONNECT_TIMEOUT + 12


def test_sigterm_stops_the_wait_for_a_silent_service(silent, tmp_path):
    process = _finsim_process(silent.address, tmp_path / "res")
    try:
        assert silent.accepted.wait(20)
        time.sleep(0.3)
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
        assert time.monotonic() - began < 2  # at once, not when the wait times out
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 143
    assert err.splitlines() == ["finsim: interrupted (SIGTERM); nothing was written."]


def test_a_service_that_greets_is_no_scheduler(tmp_path):
    """dask read an SSH greeting as a length: MemoryError, exit 1, a traceback."""
    service = _NotDask(b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n")
    try:
        lines = _refusal(service.address, tmp_path / "res", timeout=30)
    finally:
        service.close()
    assert lines == [
        "finsim run: --scheduler: not a dask scheduler: what answers there does not speak dask's "
        "protocol; check the address (a dask scheduler listens on port 8786 by default) "
        f"(given: '{service.address}')"]


def test_a_worker_address_is_no_scheduler(cluster):
    worker = next(iter(cluster.client.scheduler_info()["workers"]))
    with pytest.raises(ClusterError) as refused, connect(worker):
        pass
    assert str(refused.value) == ("--scheduler: not a dask scheduler but a dask Worker; "
                                  f"give the scheduler's address (given: '{worker}')")


@pytest.mark.parametrize(("given", "expected"), [
    ("", "an empty value names no scheduler; give one, e.g. --scheduler tcp://host:8786 "
         "or local:2, or leave out --scheduler to run on this machine"),  # ran here, silent
    ("local:0", "expected local:N with N worker processes, e.g. local:2"),
    ("LOCAL:0", "expected local:N with N worker processes, e.g. local:2"),  # was host LOCAL
    ("tcp://127.0.0.1:99999", "not a scheduler address (port 99999 is not in 1..65535); "
                              "expected e.g. tcp://host:8786 or local:2"),  # was 5 s, refused
    ("local:two", "expected local:N with N worker processes, e.g. local:2"),
    ("local", "expected local:N with N worker processes, e.g. local:2"),
    ("head", "not a scheduler address (missing port number in address 'head'); expected "
             "e.g. tcp://host:8786 or local:2"),
    ("localhost", "not a scheduler address (missing port number in address 'localhost'); "
                  "expected e.g. tcp://host:8786 or local:2"),
    ("http://head:8786", "not a scheduler address (scheme http://); expected one of tcp, "
                         "tls, ws, wss, ucx, e.g. tcp://host:8786, or local:2"),
    ("tls://head:8786", "tls:// needs TLS certificates in dask's configuration "
                        "(distributed.comm.tls.ca-file, .client.cert, .client.key)"),
    pytest.param("ucx://head:8786", "ucx:// needs UCX-Py (the package ucx-py) on this "
                 "machine; use tcp://host:8786 otherwise",  # was an internal error (exit 1)
                 marks=pytest.mark.skipif(importlib.util.find_spec("ucp") is not None,
                                          reason="UCX-Py is installed here")),
])
def test_what_cannot_be_a_scheduler_is_refused_at_once(given, expected, tmp_path):
    done = _finsim("run", str(SMALL), "--scheduler", given, "--out", str(tmp_path / "r"))
    assert done.exit_code == 2
    # click's refusal (the empty value) and the address's alike, as of every option
    assert done.output.strip() == f"finsim run: --scheduler: {expected} (given: '{given}')"


def test_an_empty_scheduler_does_not_pass_over_the_environment(tmp_path):
    """``--scheduler "$UNSET"`` ran locally without a word, over $FINSIM_SCHEDULER too."""
    done = _finsim("run", str(SMALL), "--scheduler", "", "--out", str(tmp_path / "r"),
                   env={"FINSIM_SCHEDULER": "tcp://127.0.0.1:1"})
    assert done.exit_code == 2
    assert done.output.startswith("finsim run: --scheduler: an empty value names no "
                                  "scheduler; ")
    assert not (tmp_path / "r").exists()


def test_a_bad_address_from_the_environment_is_named_so(tmp_path):
    """A user who never typed --scheduler sees where the address came from."""
    done = _finsim("run", str(SMALL), "--out", str(tmp_path / "r"),
                   env={"FINSIM_SCHEDULER": "local:0"})
    assert done.exit_code == 2
    assert done.output.strip() == ("finsim run: $FINSIM_SCHEDULER: expected local:N with N worker "
                                   "processes, e.g. local:2 (given: 'local:0')")
    typed = _finsim("run", str(SMALL), "--scheduler", "local:0", "--out", str(tmp_path / "r"),
                    env={"FINSIM_SCHEDULER": "tcp://elsewhere:8786"})
    assert typed.output.strip().startswith("finsim run: --scheduler: expected local:N")


def test_local_workers_are_at_most_the_cpus(monkeypatch):
    """local:N as --jobs N: more workers than CPUs only slow a run down (hundreds never
    finish starting), so it uses the CPUs and says so where the run starts (run.json)."""
    monkeypatch.setattr("finsim.montecarlo.pool.available_cpus", lambda: 1)
    assert cluster_module.local_workers(1) == (1, None)
    assert cluster_module.local_workers(1000) == (
        1, "local:1000 is more than the 1 CPU available: using 1")
    with connect("local:3") as capped:
        capped.client.wait_for_workers(1, timeout=120)
        assert len(capped.client.nthreads()) == 1
        assert capped.describe() == ("local:1 (1 worker, 1 thread; local:3 is more "
                                     "than the 1 CPU available: using 1)")


def test_without_dask_the_option_says_what_to_install(monkeypatch):
    monkeypatch.setattr(cluster_module, "_installed", lambda: False)
    with pytest.raises(ClusterError) as refused, connect("tcp://127.0.0.1:8786"):
        pass
    # by name, not finsim: `pip install finsim` fetches another project from PyPI
    assert "pip install 'dask[distributed]'" in str(refused.value)
    assert "finsim[" not in str(refused.value)


def _fake_fingerprint(client, workers: list[str], value: str | None) -> None:
    """Make the given workers report another finsim (``value``), or their own (None)."""
    def swap() -> None:
        from finsim.montecarlo import cluster as on_worker

        real = on_worker.__dict__.setdefault("_real_fingerprint", on_worker.fingerprint)
        on_worker.fingerprint = real if value is None else (lambda: value)

    client.run(swap, workers=workers)


def test_workers_with_another_finsim_are_refused(cluster, address):
    """Another checkout (the same __version__, other code) could give other numbers:
    refused before any work, naming the worker and both fingerprints."""
    mine = cluster_module.fingerprint()
    assert re.fullmatch(r"[0-9a-f]{12}", mine)
    worker = sorted(cluster.client.nthreads())[0]
    _fake_fingerprint(cluster.client, [worker], "0123456789ab")
    try:
        with pytest.raises(ClusterError, match=rf"^--scheduler: workers run another finsim "
                                               rf"\(source fingerprint: {worker} has "
                                               rf"0123456789ab; this is {mine}\); install the "
                                               "same checkout everywhere"), connect(address):
            pass
    finally:
        _fake_fingerprint(cluster.client, [worker], None)


def test_a_worker_with_another_finsim_joining_later_is_refused(cluster):
    """A worker that passed no check at connect time (it joined later) refuses every
    task: the run stops with one line, before any of its results is used."""
    mine = cluster_module.fingerprint()
    workers = sorted(cluster.client.nthreads())
    _fake_fingerprint(cluster.client, workers, "0123456789ab")
    try:
        with pytest.raises(ClusterError, match=rf"^--scheduler: worker tcp://\S+ runs another "
                                               rf"finsim \(source fingerprint 0123456789ab, "
                                               rf"this is {mine}\); install the same "
                                               "checkout on every worker; nothing was written"):
            list(cluster.ordered_map(lambda shared, i: i, range(4), None))
    finally:
        _fake_fingerprint(cluster.client, workers, None)
    assert list(cluster.ordered_map(lambda shared, i: shared + i, range(4), 10)) == \
        [10, 11, 12, 13]


def test_ran_on_counts_the_workers_that_computed(cluster):
    used = sorted(cluster.client.nthreads())[:1]  # tasks restricted to one of the two
    real = cluster.client.submit
    cluster.computed.clear()  # what the module's other tests computed

    def one_worker(*args, **kwargs):
        return real(*args, workers=used, **kwargs)

    cluster.client.submit = one_worker
    try:
        assert list(cluster.ordered_map(lambda shared, i: i, range(3), None)) == [0, 1, 2]
    finally:
        del cluster.client.submit
        described = cluster.describe()
        cluster.computed.clear()
    assert described == "local:2 (2 workers, 2 threads; computed on 1 worker, 1 thread)"


def test_ran_on_keeps_the_start_lines_words_beside_the_workers_that_computed(cluster):
    """`-n 30 --scheduler local:8` on 2 CPUs: the terminal said "local:2 (2 workers, 2
    threads; local:8 is more than the 2 CPUs available: using 2)" and run.json's ran_on,
    its 3 tasks all done by one worker, "local:2 (1 worker, 1 thread; ... using 2)". Now
    ran_on says what the start line said, then which workers computed, where that differs.
    Whether one worker did all 3 varies from run to run: docs/cluster.md shows both."""
    note = "local:8 is more than the 2 CPUs available: using 2"
    worker, threads = sorted(cluster.client.nthreads().items())[0]
    before = cluster.note, dict(cluster.computed)
    cluster.note, cluster.computed = note, {}
    try:
        start = cluster.describe()
        cluster.computed = {worker: threads}
        after = cluster.describe()
        cluster.computed = dict(cluster.client.nthreads())
        everywhere = cluster.describe()
    finally:
        cluster.note, cluster.computed = before
    assert start == f"local:2 (2 workers, 2 threads; {note})"
    assert after == f"local:2 (2 workers, 2 threads; {note}; computed on 1 worker, 1 thread)"
    assert everywhere == start
    docs = " ".join((ROOT / "docs" / "cluster.md").read_text(encoding="utf-8").split())
    assert f"(`{start}`)" in docs  # the start line's words, then the two outcomes
    assert ("which one worker may do alone (`computed on 1 worker, 1 thread`) or both "
            "share (no `computed on`)") in docs


@pytest.fixture(scope="module")
def solo():
    """A cluster of one worker process (its nanny restarts it), for losing the only
    worker."""
    with connect("local:1") as started_cluster:
        started_cluster.client.wait_for_workers(1, timeout=120)
        yield started_cluster


def test_the_only_worker_killed_mid_run_changes_nothing(small, solo, monkeypatch):
    """The program is a task dask can compute again (scattered data it could not, and
    cancelled every task: an internal error, exit 1): the restarted worker finishes the
    run with the same numbers."""
    spec = RunSpec(small, 40, 11)
    expected = run(spec, jobs=1)
    monkeypatch.setattr(runner._Pace, "size", lambda self: 1)
    before = _worker_pids(solo)
    seen: list[int] = []

    def progress(done: int) -> None:
        if not seen:
            os.kill(next(iter(before.values())), signal.SIGKILL)
        seen.append(done)

    result = run(spec, solo, progress)
    assert set(_worker_pids(solo).values()).isdisjoint(before.values())  # restarted
    assert sorted(seen) == list(range(10, 41, 10))
    assert result.metric_values.tobytes() == expected.metric_values.tobytes()
    assert result.aggregate.ledger.tobytes() == expected.aggregate.ledger.tobytes()


def test_cancelled_tasks_are_one_line(solo):
    """dask cancels the tasks whose input is lost for good (or the client's whole work
    when the scheduler goes): one line, not the exception object taken as a result
    (TypeError, exit 1)."""
    from distributed import Future

    def cancel_everything(item: int) -> None:  # as dask does, after the first result
        solo.client.cancel([Future(key, solo.client) for key in list(solo.client.futures)])

    def slow(shared, i):
        time.sleep(0.3)
        return i

    with pytest.raises(ClusterError, match=r"^--scheduler: dask cancelled the tasks: the "
                                           r"workers holding their inputs were lost"):
        list(solo.ordered_map(slow, range(3), None, cancel_everything))


def test_workers_paused_for_memory_are_one_line(solo, monkeypatch):
    """A paused worker never runs a task again while its memory stays high: dask waits
    for good; finsim says so once no worker has run for STALL seconds."""
    monkeypatch.setattr(cluster_module, "STALL", 1.0)
    monkeypatch.setattr(cluster_module, "POLL", 0.2)

    def pause_at(dask_worker, fraction):  # dask's memory monitor pauses it, as for memory
        manager = dask_worker.memory_manager
        before, manager.memory_pause_fraction = manager.memory_pause_fraction, fraction
        return before

    usual = solo.client.run(pause_at, fraction=1e-9)
    deadline = time.monotonic() + 30
    while set(solo.states().values()) != {"paused"} and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with pytest.raises(ClusterError, match=r"^--scheduler: no task finished for 1 s and "
                                               r"every worker is paused \(tcp://\S+\): dask "
                                               r"pauses a worker whose memory use passes"):
            list(solo.ordered_map(lambda shared, i: i, range(2), None))
    finally:
        solo.client.run(pause_at, fraction=next(iter(usual.values())))


def test_a_scheduler_lost_mid_run_is_one_line():
    """The scheduler stopped mid-run: dask cancels the client's tasks (an internal
    error, exit 1, before); one line saying so."""
    from distributed import Client, LocalCluster

    local = LocalCluster(n_workers=1, processes=False, protocol="tcp",
                         dashboard_address=None)
    try:
        with Client(local.scheduler_address, timeout=1, set_as_default=False) as client:
            cluster = cluster_module.Cluster(client, local.scheduler_address)

            def stop_the_scheduler(item: int) -> None:
                if item == 0:
                    local.sync(local.scheduler.close)

            def slow(shared, i):
                time.sleep(0.2)
                return i

            with pytest.raises(ClusterError, match=r"^--scheduler: lost the connection to "
                                                   r"the dask scheduler mid-run"):
                list(cluster.ordered_map(slow, range(20), None, stop_the_scheduler))
    finally:
        with suppress(TimeoutError):  # its worker waits 30 s for the scheduler otherwise
            local.close(timeout=2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask(*args: str) -> subprocess.Popen:
    """``dask ARGS`` in a process group of its own (a worker's nannies with it)."""
    return subprocess.Popen([sys.executable, "-m", "dask", *args, "--no-dashboard"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
"""Its replications are tasks of a second or less: results are gathered all the time."""


def test_a_scheduler_process_stopped_mid_run_leaves_one_line(tmp_path):
    """A real scheduler process stopped with SIGTERM mid-run: tornado's ``Exception in
    callback`` and two of dask's CommClosedError tracebacks (45 lines) reached stderr
    before finsim's line. Now its stderr is the start line, the progress and that line."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    scheduler = _dask("scheduler", "--port", address.rsplit(":", 1)[1])
    worker = _dask("worker", address, "--nworkers", "2", "--nthreads", "1")
    run = None
    try:
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        out = tmp_path / "res"
        run = subprocess.Popen([sys.executable, "-m", "finsim", "run", str(SEED), "-n",
                                "3000", "--scheduler", address, "--out", str(out)],
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
        seen = started(run, "3,000 replications on")
        time.sleep(2)
        scheduler.send_signal(signal.SIGTERM)
        _, err = run.communicate(timeout=120)
    finally:  # never a run or a dask process left behind
        if run is not None:
            run.kill()
            run.wait()
        for process in (worker, scheduler):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
    lines = [line for line in (seen + err).splitlines() if "to go" not in line]
    assert run.returncode == 2, err
    assert lines == [f"finsim: Aktiv statt passiv! Dortmund 2013-2014: 3,000 replications on "
                     f"{address} "
                     "(2 workers, 2 threads)",
                     "finsim run: --scheduler: lost the connection to the dask scheduler mid-run "
                     "(it stopped, or the network failed); nothing was written (given: "
                     f"'{address}')"]
    assert not out.exists()


LOOP_ERROR = """
import sys, threading, time
from distributed.comm.core import CommClosedError
from finsim.montecarlo.cluster import connect

async def gather():
    raise CommClosedError("in <TCP (closed) ConnectionPool.gather>: Stream is closed")

with connect(sys.argv[1]) as cluster:
    ran = threading.Event()
    cluster.client.loop.add_callback(gather)
    cluster.client.loop.add_callback(ran.set)
    ran.wait(10)
    time.sleep(0.5)  # tornado logs once the failed future is done
print("done", file=sys.stderr)
"""
"""What a lost scheduler does to the client, made certain: a gather in flight fails in
a callback on the client's event loop."""


def test_an_error_on_the_client_s_event_loop_prints_nothing(address):
    """A lost scheduler fails the gathers in flight on the client's event loop, and
    tornado logged ``Exception in callback`` with dask's CommClosedError traceback. While
    finsim holds the cluster, nothing of it reaches stderr (finsim's one line says what
    happened)."""
    done = subprocess.run([sys.executable, "-c", LOOP_ERROR, address], env=ENV,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "done\n")


def test_dask_s_loggers_are_quiet_only_while_finsim_holds_a_cluster():
    """The levels finsim raises (tornado's ``tornado.application`` among them, which
    distributed sets to ERROR) are back as they were once the cluster is closed."""
    import logging

    import distributed  # noqa: F401 - sets its loggers' levels

    names = ("distributed", "distributed.client", "tornado", "tornado.application",
             "asyncio")
    before = {name: logging.getLogger(name).level for name in names}
    with cluster_module._quiet_logs():
        assert {name: logging.getLogger(name).getEffectiveLevel() for name in names} == \
            dict.fromkeys(names, logging.CRITICAL + 1)
        assert not logging.getLogger("tornado.application").isEnabledFor(logging.CRITICAL)
    assert {name: logging.getLogger(name).level for name in names} == before


def test_a_scheduler_without_workers(monkeypatch, capsys):
    """Batch jobs not started yet: finsim waits WORKERS_WAIT seconds, saying so, then one
    line (it was an internal error, and the start line said 0 workers, 1 thread)."""
    from distributed import LocalCluster

    monkeypatch.setattr(cluster_module, "WORKERS_WAIT", 0.5)
    with LocalCluster(n_workers=0, processes=False, protocol="tcp",
                      dashboard_address=None) as empty:
        address = empty.scheduler_address
        with pytest.raises(ClusterError, match=r"^--scheduler: the scheduler has no workers "
                                               r"\(none joined within 0.5 s\); start them "
                                               rf"\(dask worker {address}\)"), \
                connect(address):
            pass
    assert capsys.readouterr().err == (f"finsim: {address} has no workers yet; waiting up "
                                       "to 0.5 s for one to join\n")


def test_default_run_does_not_import_dask(tmp_path):
    """The default install stays light: dask is loaded only for --scheduler."""
    code = ("import sys\nfrom finsim.cli import main\n"
            f"main(['run', {str(SMALL)!r}, '-n', '2', '-q', '--out', {str(tmp_path / 'r')!r}],"
            " standalone_mode=False)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_cancels_the_tasks_and_writes_nothing(tmp_path, cluster, address, signum):
    """Ctrl-C, or SIGTERM (a batch scheduler's end of a job): cancelled, nothing written."""
    out = tmp_path / "res"
    returncode, _, err = interrupted(
        ["run", str(SMALL), "-n", "100000", "--scheduler", address, "--out", str(out)],
        "100,000 replications on", signum, timeout=60, pause=1.5)
    assert returncode == 128 + signum, err
    assert f"interrupted ({signal.Signals(signum).name}); nothing was written" in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temporary folder either
    deadline = time.monotonic() + 20
    while (left := _scheduler_tasks(cluster)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left == 0  # the tasks were cancelled, not left running on the cluster


def test_ctrl_c_at_a_terminal_stops_a_local_cluster_quietly(tmp_path):
    """A terminal sends SIGINT to the whole process group, the workers included: they
    leave it to finsim, which cancels, closes the cluster and says so in one line."""
    out = tmp_path / "res"
    returncode, seen, err = interrupted(
        ["run", str(SMALL), "-n", "100000", "--scheduler", "local:2", "--out", str(out)],
        "on local:2", signal.SIGINT, timeout=60, pause=1.5, group=True)
    assert "on local:2 (2 workers" in seen
    assert returncode == 130, err
    lines = [line for line in err.splitlines() if "to go" not in line]  # the progress
    assert lines == ["finsim: interrupted (SIGINT); nothing was written."]
    assert not out.exists()


def _scheduler_tasks(cluster) -> int:
    return cluster.client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))


def _bench():
    spec = importlib.util.spec_from_file_location("bench_cluster",
                                                  ROOT / "benchmarks" / "bench_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_figures_in_the_docs_add_up():
    """docs/cluster.md shows what benchmarks/bench_cluster.py printed (timings differ
    between runs, so they are not repeated here): every line in its format, each rate
    the replications over the seconds, each efficiency from the rates."""
    bench = _bench()
    text = (ROOT / "docs" / "cluster.md").read_text(encoding="utf-8")
    block = re.search(r"\$ python benchmarks/bench_cluster\.py\n(.*?)```", text, re.S)
    assert block, "docs/cluster.md shows the output of benchmarks/bench_cluster.py"
    lines = block.group(1).splitlines()
    total = int(re.search(r"= (\d+) replications$", lines[0]).group(1))
    rates, seconds_of = {}, {}
    for match in filter(None, map(bench.RATE.match, lines)):
        rate, seconds = float(match["rate"]), float(match["seconds"])
        assert rate == pytest.approx(total / seconds, abs=0.0006)
        rates[match["where"], int(match["n"])] = rate
        seconds_of[match["where"], int(match["n"])] = seconds
    assert sorted(rates) == [("cluster", 1), ("cluster", 2), ("pool", 1), ("pool", 2)]
    shown = {m["where"]: int(m["percent"]) for m in filter(None, map(bench.EFFICIENCY.match,
                                                                     lines))}
    assert sorted(shown) == ["cluster", "pool"]
    for where, percent in shown.items():
        assert 100 * bench.efficiency(rates[where, 1], rates[where, 2]) == pytest.approx(
            percent, abs=1)
    relative = re.search(r"^cluster vs pool, 2 workers: (\d+)% of the pool's rate$",
                         block.group(1), re.M)
    assert 100 * rates["cluster", 2] / rates["pool", 2] == pytest.approx(
        int(relative.group(1)), abs=1)
    assert lines[-1] == "tables identical on pool and cluster: True"
    share = re.search(r"one cluster worker took (\d+) % of\s+the time of one local process",
                      text)
    assert 100 * seconds_of["cluster", 1] / seconds_of["pool", 1] == pytest.approx(
        int(share.group(1)), abs=1)


def test_a_script_without_the_main_guard_gets_one_line_not_dask_s_tracebacks(tmp_path):
    """Each worker of local:N imports the script again; unguarded, its finsim call tried
    to start a cluster of its own while the worker bootstrapped: 326 lines of dask
    tracebacks. The worker now stops quietly and the script's call says why, once."""
    script = tmp_path / "unguarded.py"
    script.write_text("import finsim\n"
                      f"finsim.run({str(SMALL)!r}, replications=2, scheduler='local:1')\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=ENV, timeout=120, check=False)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()
    assert last[-1] == (
        "finsim.montecarlo.cluster.ClusterError: finsim.run: scheduler: the worker processes "
        "did not start; from a script, make the finsim calls under `if __name__ == "
        "\"__main__\":` (each worker process imports the script again) (given: 'local:1')")
    assert done.stderr.count("Traceback") == 1 and len(last) < 15


class _GoneClient:
    """A dask client whose scheduler stopped as the workers' versions were asked for."""

    def run(self, function):
        from distributed.comm.core import CommClosedError

        raise CommClosedError("in <TCP (closed) ConnectionPool.run>: Stream is closed")


class _NoFinsimClient:
    """A client whose workers cannot unpickle finsim's function."""

    def run(self, function):
        raise ModuleNotFoundError("No module named 'finsim'")


def test_a_scheduler_lost_while_the_versions_are_checked_is_said_so() -> None:
    """A scheduler killed about five seconds into a run, while finsim asked the workers
    for their finsim, was reported as "the workers cannot run finsim (CommClosedError:
    ...)": the connection is what was lost, as it is said mid-run."""
    with pytest.raises(ClusterError) as lost:
        cluster_module._check_versions(_GoneClient(), "tcp://127.0.0.1:18787")
    assert str(lost.value.problems[0].message) == (
        "lost the connection to the dask scheduler before the run (it stopped, or the "
        "network failed); nothing was written")
    with pytest.raises(ClusterError) as other:
        cluster_module._check_versions(_NoFinsimClient(), "tcp://127.0.0.1:18787")
    assert other.value.problems[0].message.startswith(
        "the workers cannot run finsim (ModuleNotFoundError: No module named 'finsim'); ")
