"""Start-up stays short: ``import finsim`` and a first replication load neither pandas,
matplotlib nor scipy (the start-up budget of ``benchmarks/check.py`` is 0.5 s; pandas
alone takes about a third of it). Tables, charts and analyses import them where used.
The same holds for ``finsim run``: nothing of the results folder's writers is loaded
before the first replication (and so never in a forked worker), nor with ``--quiet`` the
terminal's rich."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
HEAVY = ("pandas", "matplotlib", "scipy", "xlsxwriter", "numpy.ma", "asyncio")
"""numpy.ma: loaded by the first ``np.unique`` (numpy 2.4), about 8 ms; asyncio: only a
dask cluster's address check needs it, about 18 ms."""

API = """
import sys
import finsim
finsim.run({path!r}, replications=1, jobs=1)
print(" ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""

CLI = """
import sys
import finsim.commands.run
from finsim.cli import main
from finsim.montecarlo import runner

finsim.commands.run.available_cpus = lambda: 1  # every core busy: the tables are written here

seen = []
replicate = runner.replicate_many

def first(*args, **kwargs):  # what is loaded when the first replication starts
    if not seen:
        seen.append(sorted(m for m in {heavy!r} + ("rich",) if m in sys.modules))
    return replicate(*args, **kwargs)

runner.replicate_many = first
main(["run", {path!r}, "--quiet", "-n", "1", "-j", "1", "--out", {out!r}],
     standalone_mode=False)
print(" ".join(seen[0]))
print(" ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _output(program: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return done.stdout.splitlines()


def test_a_first_replication_imports_no_heavy_library() -> None:
    assert _output(API.format(path=str(SEED), heavy=HEAVY)) == [""]


def test_finsim_run_loads_no_heavy_library_before_its_first_replication(tmp_path) -> None:
    before, after = _output(CLI.format(path=str(SEED), heavy=HEAVY, out=str(tmp_path / "out")))
    # but numpy.ma, loaded with numpy before the chart painter is forked: the painter's
    # matplotlib needs it as much as this process's percentiles after the replications
    assert before == "numpy.ma"
    # the results folder is written after the replications, with xlsxwriter (here, where
    # the replications use every core; else a writer forked at the start loads it), and
    # without pandas: the CSV tables and results.xlsx are written from numpy columns
    assert "xlsxwriter" in after.split() and "pandas" not in after.split()
    assert (tmp_path / "out" / "ledger.csv").is_file()


PAINTING = """
import sys
from finsim.report.painter import painting
print("numpy.ma" in sys.modules)
with painting(fork=False):
    print("numpy.ma" in sys.modules)
"""


def test_the_painter_is_forked_with_numpy_ma_loaded() -> None:
    """numpy.ma, which the painter's matplotlib and this process's percentiles both need,
    is loaded once before the painter's fork, by ``painting`` itself: for the command line
    and for ``commands.run_job`` called from Python alike (it was imported in each)."""
    assert _output(PAINTING) == ["False", "True"]


WRITER = """
import sys
import finsim.commands.run
from finsim.cli import main
from finsim.report import painter

finsim.commands.run.available_cpus = lambda: {cpus}
start = painter.Painter.start.__func__
seen = []

def started(cls, job=None, fork=True, warm=None, after=None):  # the writer is forked here
    if warm is painter.warm_tables:
        seen.append(" ".join(m for m in ("finsim.report.files", "finsim.report.tables")
                             if m in sys.modules))
    return start(cls, job, fork, warm, after)

painter.Painter.start = classmethod(started)
main(["run", {path!r}, "--quiet", "-n", "1", "-j", "1", "--out", {out!r}],
     standalone_mode=False)
print(seen[0])
"""


@pytest.mark.parametrize(("cpus", "loaded"), [
    (2, "finsim.report.files finsim.report.tables"), (1, "")])
def test_a_writer_inherits_the_folder_modules(tmp_path, cpus, loaded) -> None:
    """Where a writer is forked (a core left idle), this process loads the modules it
    writes the folder with after the replications before the fork, so the writer does
    not load them again; where every core replicates, they wait until the replications
    end."""
    out = str(tmp_path / "out")
    assert _output(WRITER.format(cpus=cpus, path=str(SEED), out=out)) == [loaded]


HELP = """
import sys
from finsim.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print(" ".join(sorted(m for m in {heavy!r} + ("rich",) if m in sys.modules)))
"""


def test_help_loads_no_heavy_library() -> None:
    """``finsim --help`` lists every command (importing each command's module), and
    ``finsim run --help`` its options: neither needs the tables, charts or analyses, nor
    numpy, the scenario models (pydantic) or YAML: help is there in a tenth of a second."""
    light = (*HEAVY, "numpy", "pydantic", "yaml", "simpy", "finsim.scenario.model",
             "finsim.montecarlo")
    for args in (["--help"], ["run", "--help"], ["validate", "--help"], ["show", "--help"],
                 ["compare", "--help"], ["sensitivity", "--help"], ["size", "--help"],
                 ["calibrate", "--help"]):
        assert _output(HELP.format(args=args, heavy=light))[-1] == "", args


def test_the_options_written_out_for_help_are_the_analyses_own() -> None:
    from finsim.analysis import calibrate, sensitivity
    from finsim.cli import calibrate as calibrate_command
    from finsim.cli import sensitivity as sensitivity_command

    assert sensitivity_command.METHODS == sensitivity.METHODS
    assert sensitivity_command.SAMPLED == sensitivity.SAMPLED
    assert calibrate_command.MIN_EVENTS == calibrate.MIN_EVENTS


THREADS = """
import os
from finsim.cli import main
import numpy
print(os.environ.get("OPENBLAS_NUM_THREADS"), len(os.listdir("/proc/self/task")))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_the_command_starts_no_blas_thread_pool():
    """numpy's OpenBLAS starts a thread per CPU that spins after loading (about 60 ms of
    CPU per process); finsim multiplies no large matrices, so the command asks for one
    thread, unless the user chose a number."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True,
                          check=True, cwd=ROOT, env=env)
    assert done.stdout.split() == ["1", "1"]
    done = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**env, "OPENBLAS_NUM_THREADS": "3"})
    assert done.stdout.split()[0] == "3"


def test_the_command_list_shows_each_command_whole() -> None:
    """``finsim --help`` names what each command does in a whole sentence, not the first
    45 characters of its description cut with '...'."""
    from click.testing import CliRunner

    from finsim.cli import main

    listed = CliRunner().invoke(main, ["--help"]).output.split("Commands:\n", 1)[1]
    rows = [line.split(None, 1) for line in listed.splitlines() if line.strip()]
    assert [name for name, _ in rows] == ["calibrate", "compare", "run", "sensitivity",
                                          "show", "size", "validate"]
    assert all(text.endswith(".") and "..." not in text for _, text in rows), rows


PLUGINS = """
import os
import finsim.cli
import finsim.scenario.model
from pydantic.plugin import _loader
print(os.environ.get("PYDANTIC_DISABLE_PLUGINS"), _loader._plugins is None)
"""


def test_the_command_looks_for_no_pydantic_plugins():
    """pydantic would read the entry points of every installed package for plugins when
    it builds the first scenario model (about 4 ms of start-up); the command line needs
    none, unless the user says otherwise."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", PLUGINS], capture_output=True, text=True,
                          check=True, cwd=ROOT, env=env)
    assert done.stdout.split() == ["__all__", "True"]  # never looked for
    done = subprocess.run([sys.executable, "-c", PLUGINS], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**env, "PYDANTIC_DISABLE_PLUGINS": "x"})
    assert done.stdout.split() == ["x", "False"]


COLLECTIONS = """
import gc
import sys
from finsim import collector
seen = []
gc.callbacks.append(lambda phase, info: seen.append(phase))
if sys.argv[1] == "off":
    gc.disable()
if sys.argv[1] == "plain":
    import finsim.commands.run
    during = len(seen)
else:
    with collector.paused():
        import finsim.commands.run
        during = len(seen)
print(during, gc.isenabled())
"""


def test_the_commands_modules_load_without_a_garbage_collection():
    """An import makes only objects that live as long as the process: the command loads
    its modules with the collector off (a plain import of the same runs collections by
    the dozen), then turns it on again, unless it was off before."""
    def collections(how: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", COLLECTIONS, how], capture_output=True,
                              text=True, check=True, cwd=ROOT).stdout.split()

    assert collections("importing") == ["0", "True"]
    assert collections("off") == ["0", "False"]
    count, enabled = collections("plain")
    assert int(count) > 20 and enabled == "True"  # a start and a stop each


KEPT = """
import gc
import sys
from finsim import collector
if sys.argv[1] == "kept":
    collector.own_process()  # as the finsim program is
pause = collector.kept if sys.argv[1] == "kept" else collector.paused
with pause():
    import finsim.commands.run
print(len(gc.get_objects()), gc.get_freeze_count(), gc.isenabled())
"""


def test_the_command_line_leaves_its_modules_out_of_the_next_collection():
    """After a pause, the next collection would traverse every object the imports made
    (the youngest generation holds them all): the command line freezes them first, so
    that no collection sees them again."""
    def collected(how: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", KEPT, how], capture_output=True,
                              text=True, check=True, cwd=ROOT).stdout.split()

    seen, frozen, enabled = collected("kept")
    assert int(seen) < 1_000 and int(frozen) > 50_000 and enabled == "True"
    seen, frozen, enabled = collected("paused")
    assert int(seen) > 20_000 and int(frozen) == 0 and enabled == "True"
