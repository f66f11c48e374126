"""Ctrl-C and SIGTERM at any moment of any finsim command, probed from outside.

Each probe starts one command as a real process in a session of its own (as a terminal
starts a job), sends SIGINT, SIGTERM or SIGHUP after a delay, to the command alone or to its
whole process group (a terminal's Ctrl-C reaches the workers too), and checks what must
hold whatever the delay:

- the exit code is 0 (the signal came after the work: nothing to stop) or 128 + the
  signal, with exactly one line ``finsim: interrupted (SIG...); ...`` on stderr;
- no traceback (nor click's ``Aborted!``) from any process;
- no process of the session left once the command has ended;
- nothing left beside the results (temporary folders, lock files);
- the earlier results folder is as it was, unless the line says the new one was written
  (then it is complete: its manifest lists exactly its files).

``python -m tests.interrupt_probe --probes 12`` probes every command at delays spread
from a few milliseconds to its end (the tests in test_interrupt.py run a few of these).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parent.parent
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
ALTERNATIVE = ROOT / "scenarios" / "aktiv-statt-passiv-2013-double-slots.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"}
"""PYTHONFAULTHANDLER: a command that hangs is sent SIGABRT, and says where it hung."""
ENV.pop("FINSIM_SCHEDULER", None)
JOBS = ["-n", "12", "--seed", "7", "--force", "--quiet"]

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", str(SEED)],
    "show": ["show", str(SEED)],
    "run-j1": ["run", str(SEED), *JOBS, "--jobs", "1", "--out", "outs/out"],
    "run-j2": ["run", str(SEED), *JOBS, "--jobs", "2", "--out", "outs/out"],
    "run-local2": ["run", str(SEED), *JOBS, "--scheduler", "local:2", "--out", "outs/out"],
    "compare": ["compare", str(SEED), str(ALTERNATIVE), *JOBS, "--jobs", "2",
                "--out", "outs/out"],
    "sensitivity": ["sensitivity", str(SEED), *JOBS, "-n", "2", "--jobs", "2",
                    "--out", "outs/out"],
    "size": ["size", str(SEED), "--start", "2013-01", "--months", "24", "--confidence", "0.9",
             *JOBS, "--jobs", "2", "--out", "outs/out"],
    "calibrate": ["calibrate", "spells.csv", "--scenario", str(SEED), "--out",
                  "outs/over.yaml", "--force"],
}
"""Each command on the seed scenario, small enough to end within seconds; every path
relative to the probe's own folder."""

SPELLS = """person,provider,entry,exit,exit_reason
{rows}"""


def write_spells(path: Path) -> None:
    """A spells file for the seed scenario's providers: entries over 2013, exits after."""
    providers = ["caritas", "cjd", "diakonie", "dobeq", "frauenzentrum", "gruenbau",
                 "prompt", "stadtteilschule", "werkhof"]
    rows = []
    for i in range(160):
        entry = f"2013-{1 + i % 3:02d}-{1 + i % 27:02d}"
        if i % 4 == 3:
            rows.append(f"P{i},{providers[i % 9]},{entry},,")
            continue
        month = 4 + (i * 7) % 20
        exit_ = f"{2013 + month // 12}-{1 + month % 12:02d}-{1 + i % 25:02d}"
        rows.append(f"P{i},{providers[i % 9]},{entry},{exit_},"
                    f"{'placement' if i % 3 else 'dropout'}")
    path.write_text(SPELLS.format(rows="\n".join(rows)) + "\n", encoding="utf-8")


SCRIPT = Path(sys.executable).with_name("finsim")
"""The installed console script, which imports ``finsim.cli.console`` before it runs."""


def command(name: str, script: bool = False) -> list[str]:
    """The command line: ``python -m finsim ...`` or, with ``script``, ``finsim ...``."""
    return [str(SCRIPT) if script else sys.executable, *([] if script else ["-m", "finsim"]),
            *COMMANDS[name]]


def session(sid: int) -> list[tuple[int, str]]:
    """The processes of session ``sid`` still running (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[3]) != sid or fields[0] == "Z":
                continue
            args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
        except (OSError, ValueError, IndexError):
            continue
        found.append((int(entry.name), args))
    return found


def handling(pid: int) -> bool:
    """Whether finsim's handler is installed in process ``pid``: it catches SIGTERM,
    which a Python program does not (it catches SIGINT only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines()
                  if line.startswith("SigCgt:"))
    return bool(int(caught, 16) >> (signal.SIGTERM - 1) & 1)


def wait_until_handling(pid: int, timeout: float = 60.0) -> bool:
    """Wait until finsim's handler is installed in ``pid`` (or the process ended)."""
    deadline = time.perf_counter() + timeout
    while not handling(pid) and time.perf_counter() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return False
        time.sleep(0.002)
    return handling(pid)


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash: what "untouched" compares."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Outcome:
    name: str
    signum: int
    group: bool
    delay: float
    returncode: int = 0
    seconds: float = 0.0
    err: str = ""
    sent: float | None = None
    """When the signal was sent, and when the command ended (``time.perf_counter``)."""
    ended: float = 0.0
    early: bool = False
    """The signal came before finsim's code ran (the interpreter's start-up)."""
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        how = "group" if self.group else "parent"
        early = " (before finsim's code ran)" if self.early else ""
        return (f"{self.name} {signal.Signals(self.signum).name}->{how} at "
                f"{self.delay * 1000:.0f} ms{early}: exit {self.returncode} after "
                f"{self.seconds:.2f} s")


class Probe:
    """A folder with the inputs and, per command, the results of a good run."""

    def __init__(self, base: Path, script: bool = False, grace: float = 3.0) -> None:
        self.base = base
        self.script = script
        self.grace = grace
        """Seconds the command's processes may take to go once it has ended."""
        write_spells(base / "spells.csv")
        self.good: dict[str, Path] = {}

    def prepare(self, name: str) -> float:
        """A good run's results (the earlier folder each probe must leave intact); how
        long the command takes."""
        where = self.base / f"good-{name}"
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir()
        shutil.copy(self.base / "spells.csv", where / "spells.csv")
        (where / "outs").mkdir()
        start = time.perf_counter()
        done = subprocess.run(command(name), cwd=where, env=ENV, capture_output=True,
                              text=True, timeout=300)
        seconds = time.perf_counter() - start
        assert done.returncode == 0, done.stderr
        self.good[name] = where
        return seconds

    def one(self, name: str, signum: int, delay: float, group: bool,
            after_handler: bool = False, again: float | None = None) -> Outcome:
        """One command stopped ``delay`` seconds after it started (or, with
        ``after_handler``, after finsim's handler was installed), and with ``again``
        signalled once more that much later (a user pressing Ctrl-C twice); what went
        wrong."""
        outcome = Outcome(name, signum, group, delay)
        where = self.base / "probe"
        shutil.rmtree(where, ignore_errors=True)
        shutil.copytree(self.good[name], where)
        before = digest(where / "outs")
        start = time.perf_counter()
        process = subprocess.Popen(command(name, self.script), cwd=where, env=ENV, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            if after_handler:
                wait_until_handling(process.pid)
                start = time.perf_counter()
            time.sleep(max(0.0, delay - (time.perf_counter() - start)))
            for pause in (0.0,) if again is None else (0.0, again):
                time.sleep(pause)
                if process.poll() is not None:
                    break
                outcome.early = outcome.early or not handling(process.pid)
                outcome.sent = outcome.sent or time.perf_counter()
                with _gone():
                    if group:
                        os.killpg(process.pid, signum)
                    else:
                        process.send_signal(signum)
            try:
                _, outcome.err = process.communicate(timeout=90)
                outcome.ended = time.perf_counter()
            except subprocess.TimeoutExpired:
                outcome.problems.append("still running 90 s after the signal")
                for pid, _ in session(process.pid):
                    with _gone():
                        os.kill(pid, signal.SIGABRT)
                with _gone():
                    _, outcome.err = process.communicate(timeout=30)
        finally:
            outcome.seconds = time.perf_counter() - start
            left = _ended(process.pid, self.grace)
            if left:
                outcome.problems.append(f"processes left: {left}")
            with _gone():
                os.killpg(process.pid, signal.SIGKILL)
            process.kill()
            process.wait()
        outcome.returncode = process.returncode
        outcome.problems += _judged(outcome, before, where / "outs",
                                    set(os.listdir(self.good[name] / "outs")))
        return outcome


class _gone:
    """Ignore that a process is already gone."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, tb) -> bool:  # noqa: ANN001
        return kind is ProcessLookupError


def _ended(sid: int, grace: float) -> list[tuple[int, str]]:
    """The session's processes still there ``grace`` seconds after the command ended."""
    deadline = time.perf_counter() + grace
    while (left := session(sid)) and time.perf_counter() < deadline:
        time.sleep(0.05)
    return left


INTERRUPTED = "finsim: interrupted ("


def _judged(outcome: Outcome, before: dict[str, str], outs: Path, names: set[str]) -> list[str]:
    """What is wrong with how the command ended (empty: all is well)."""
    problems = []
    err, code = outcome.err, outcome.returncode
    stopped = 128 + outcome.signum
    lines = [line for line in err.splitlines() if line.startswith(INTERRUPTED)]
    if "Traceback" in err or "Aborted!" in err or "Exception ignored" in err:
        problems.append("traceback")
    if code not in (0, stopped):
        problems.append(f"exit code {code}, expected 0 or {stopped}")
    if code == 0 and outcome.sent is not None and outcome.ended - outcome.sent > 2.0:
        problems.append("went on after the signal as if none had come")
    if code == stopped:
        name = signal.Signals(outcome.signum).name
        if len(lines) != 1 or not lines[0].startswith(f"{INTERRUPTED}{name})"):
            problems.append(f"{len(lines)} interrupt line(s) for {name}")
    elif lines:
        problems.append("an interrupt line, and yet exit 0")
    if outs.exists():
        extra = sorted(set(os.listdir(outs)) - names)
        if extra:
            problems.append(f"left beside the results: {extra}")
        after = digest(outs)
        if after != before:
            written = code == 0 or any("written to" in line for line in lines)
            if not written:
                problems.append("the earlier results changed, and the line says nothing "
                                "was written")
            elif (outs / "out").is_dir():
                problems += _incomplete(outs / "out")
    return problems


def _incomplete(folder: Path) -> list[str]:
    """A new results folder must be whole: its manifest names exactly its files."""
    sys.path.insert(0, str(ROOT))
    from finsim.commands.folder import manifest, would_be_lost

    if manifest(folder) is None or would_be_lost(folder):
        return [f"{folder.name} is incomplete"]
    return []


def delays(seconds: float, count: int, rng: random.Random) -> list[float]:
    """``count`` delays spread log-uniformly from 5 ms to a bit past ``seconds``."""
    low, high = math.log(0.005), math.log(seconds * 1.1)
    step = (high - low) / max(1, count - 1)
    return [math.exp(low + step * (i + rng.random() * 0.9)) for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=int, default=10, help="Probes per command.")
    parser.add_argument("--only", nargs="*", default=None, help="Commands to probe.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", type=Path, default=None)
    parser.add_argument("--script", action="store_true",
                        help="Start the console script finsim, not python -m finsim.")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = args.base or Path(os.environ.get("TMPDIR", "/tmp")) / f"finsim-probe-{os.getpid()}"
    base.mkdir(parents=True, exist_ok=True)
    probe = Probe(base, args.script and SCRIPT.exists())
    total = failed = tracebacks = early = early_failed = 0
    for name in args.only or COMMANDS:
        if name == "run-local2" and not _has_dask():
            continue
        seconds = probe.prepare(name)
        print(f"{name}: a good run takes {seconds:.2f} s", flush=True)
        for delay in delays(seconds, args.probes, rng):
            signum = rng.choices([signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                                 [0.45, 0.45, 0.1])[0]
            group = rng.random() < 0.6
            outcome = probe.one(name, signum, delay, group)
            total += 1
            early += outcome.early
            if outcome.problems and outcome.early:
                early_failed += 1
                print(f"  early {outcome.describe()}: {'; '.join(outcome.problems)}")
            elif outcome.problems:
                failed += 1
                tracebacks += "traceback" in outcome.problems
                print(f"  FAIL {outcome.describe()}: {'; '.join(outcome.problems)}")
                lines = [line for line in outcome.err.splitlines() if line.strip()]
                tail = lines[-6:] if "still running" not in outcome.problems[0] else lines
                print("".join(f"      | {line}\n" for line in tail), end="", flush=True)
            else:
                print(f"  ok   {outcome.describe()}", flush=True)
    print(f"{total} probes; {total - early} after finsim's handler was installed: {failed} "
          f"with a problem, {tracebacks} with a traceback; {early} in the interpreter's "
          f"start-up: {early_failed} with a problem")
    shutil.rmtree(base, ignore_errors=True)


def _has_dask() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


if __name__ == "__main__":
    main()
