"""The README's promises, run as tests: its commands and its Python example work."""

import re
import shlex
import shutil
import subprocess
import sys

from click.testing import CliRunner

from finsim.cli import main
from finsim.scenario import load_scenario

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_ci_runs_the_readme_test_command():
    """.ci/run installs and tests exactly as the README's second command says."""
    first_screen = _blocks("bash")[0]
    test_command = [line for line in first_screen.splitlines() if "pytest" in line][0]
    assert test_command.strip() in (ROOT / ".ci" / "run").read_text()


def test_readme_validate_and_show_commands_work(monkeypatch):
    monkeypatch.chdir(ROOT)
    commands = [line for line in _blocks("bash")[1].splitlines()
                if line.startswith(("finsim validate", "finsim show"))]
    assert len(commands) == 3
    for command in commands:
        words = shlex.split(command.split("#")[0])
        args = [a for w in words[1:]
                for a in ([str(p.relative_to(ROOT)) for p in sorted(ROOT.glob(w))]
                          if "*" in w else [w])]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (command, result.output)


def test_readme_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = _blocks("python")[0]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert 8e6 < float(done.stdout) < 11e6  # cost_total of the seed program, EUR


def test_lint_is_clean():
    """ruff (configured in pyproject.toml) finds nothing in the code, tests and benchmarks."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "finsim", "tests",
                           "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


RUNNING = ("run", "compare", "sensitivity", "size")
SMALL_RUN = {"--replications": "4", "--samples": "2"}
"""What the README commands run with here: the commands as written, fewer replications."""


def _readme_commands() -> list[list[str]]:
    """The finsim commands of the first screen and of the Commands section, in order,
    as argument lists (continuation lines joined, comments dropped)."""
    first = [line.split("&&")[-1].strip() for line in _blocks("bash")[0].splitlines()
             if "bin/finsim " in line]
    commands = "\n".join(_blocks("bash")[1:2]).replace("\\\n", " ").splitlines()
    lines = [line.split("/finsim ", 1)[-1] for line in first]
    lines += [line.split("#")[0].strip()[len("finsim "):] for line in commands
              if line.startswith("finsim ")]
    return [shlex.split(line) for line in lines]


def _small(args: list[str], root) -> list[str]:  # noqa: ANN001 - a path
    """The same command with small --replications/--samples and globs expanded."""
    out = []
    for i, word in enumerate(args):
        if i and args[i - 1] in SMALL_RUN:
            out.append(SMALL_RUN[args[i - 1]])
        elif "*" in word and "=" not in word:  # a shell glob, not a scaled range
            out += [str(p.relative_to(root)) for p in sorted(root.glob(word))]
        else:
            out.append(word)
    if out[0] in RUNNING:
        out += [] if "--replications" in out else ["--replications", "4"]
        out += ["--samples", "2"] if "--method" in out and "morris" in out and \
            "--samples" not in out else []
        out += ["--quiet"]
    return out


def test_readme_commands_run_in_order_on_a_fresh_copy(tmp_path, monkeypatch):
    """Copied in order from the README into a fresh copy, every command works: no
    "folder exists" between them (each command and method has its own folder), and the
    last, `calibrate`, reads the example spells the clone ships (it read a spells.csv
    that no clone has, and this test skipped it)."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    monkeypatch.chdir(tmp_path)
    commands = _readme_commands()
    assert [c[0] for c in commands][:2] == ["run", "validate"]
    assert commands[-1][0] == "calibrate"
    for command in commands:
        args = _small(command, tmp_path)
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
    made = sorted(p.name for p in (tmp_path / "outputs").iterdir())
    assert made == [".aktiv-statt-passiv-2013-calibrated.finsim-manifest.json",
                    "aktiv-statt-passiv-2013", "aktiv-statt-passiv-2013-calibrated-fit.png",
                    "aktiv-statt-passiv-2013-calibrated-report.html",
                    "aktiv-statt-passiv-2013-calibrated-tenure.csv",
                    "aktiv-statt-passiv-2013-calibrated.yaml", "aktiv-statt-passiv-2013-compare",
                    "aktiv-statt-passiv-2013-sensitivity-morris",
                    "aktiv-statt-passiv-2013-sensitivity-oat",
                    "aktiv-statt-passiv-2026-minimum-wage-size",
                    "aktiv-statt-passiv-2026-minimum-wage-size-cap"]


def test_the_example_spells_are_the_seed_s_simulated_run():
    """scenarios/aktiv-statt-passiv-2013-spells-example.csv is what tests/spells_example.py
    writes (`python -m tests.spells_example`): synthetic, reproducible, not edited by hand."""
    from .spells_example import EXAMPLE, spells_csv

    assert EXAMPLE.read_text(encoding="utf-8") == spells_csv()
    rows = [line.split(",") for line in spells_csv().splitlines()]
    assert rows[0] == ["person", "provider", "entry", "exit", "exit_reason", "sex", "age"]
    assert len({row[1] for row in rows[1:]}) == 9  # the seed's nine providers


def test_the_re_forecast_examples_are_the_16i_file_s_simulated_run():
    """The §16i spells export of 2027-06 and its booked costs, which
    docs/running-programs.md's re-forecast commands read, are what tests/spells_example.py
    writes: no entry and no exit on or after 2027-07-01, the people still in without one."""
    from . import spells_example as ex

    spells = ex.spells_csv(ex.SCENARIO_16I, ex.SEED_16I, ex.AS_OF_16I)
    assert ex.SPELLS_16I.read_text(encoding="utf-8") == spells
    rows = [line.split(",") for line in spells.splitlines()[1:]]
    assert max(row[2] for row in rows) < "2027-07-01"
    assert max(row[3] for row in rows) < "2027-07-01"
    assert sum(row[3] == "" for row in rows) == 144  # in the slots at --as-of 2027-07
    assert ex.BOOKED_16I.read_text(encoding="utf-8") == ex.booked_csv()
    assert ex.BOOKED_16I.read_text().splitlines()[:2] == ["month,provider,category,amount",
                                                       "2027-04,caritas,material,1557.70"]


def test_the_readme_calibrate_command_fits_the_example_as_it_says(tmp_path, monkeypatch):
    """The README's calibrate command on the example spells: no warning, and the counts
    and hazards the README quotes are the ones it prints."""
    monkeypatch.chdir(ROOT)
    command = _readme_commands()[-1]
    out = tmp_path / "calibrated.yaml"
    done = CliRunner().invoke(main, [*command[:command.index("--out")], "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "warning" not in done.output.lower()
    lines = done.output.splitlines()
    assert lines[1] == ("174 spells, 3,463.6 person-months; censored: 142 still in or other, "
                        "0 max_duration")
    placement = re.match(r"placement: p = ([\d.]+)/month \((\d+) events;", lines[2]).groups()
    dropout = re.match(r"dropout: p = ([\d.]+)/month \((\d+) events;", lines[5]).groups()
    text = " ".join(README.split())
    assert (f"174 spells of its nine providers, {placement[1]} placements and {dropout[1]} "
            "dropouts by 2015-01-01") in text
    assert (f"one hazard per reason for all providers and groups, {placement[0]} (placement) "
            f"and {dropout[0]} (dropout) a month, and says that sex and age are pooled") in text
    library = " ".join((ROOT / "scenarios" / "README.md").read_text().split())
    assert (f"174 spells, {placement[1]} placements and {dropout[1]} dropouts by the "
            "program's end (2015-01-01)") in library
    assert [line.strip() for line in lines if line.startswith("  pooled")] == [
        "pooled over sex, age (no group with 10 events of its own and as many in the rest)"] * 2


def test_readme_mean_of_ratios_figures_are_a_run_s(tmp_path):
    """The README's example of a mean of ratios below the ratio of means ("50
    replications at a placement hazard of 0.0003: 8.3 M against 14.7 M", "(25 of 50
    replications define it)") is what that run prints: a change to the random streams
    that moves it fails here, not in a reader's hands."""
    quoted = re.search(r"50 replications\s+at a placement hazard of 0\.0003: ([\d.]+) M "
                       r"against ([\d.]+) M\).*?\((\d+) of 50\s+replications define it\)",
                       README, flags=re.S)
    assert quoted, "the README's mean-of-ratios example moved; update this test"
    done = CliRunner().invoke(main, [
        "run", str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"), "-n", "50", "-j",
        "1", "--set", "employment.hazards.placement=0.0003", "--out", str(tmp_path / "r")])
    assert done.exit_code == 0, done.output
    ratio = re.search(r"total / placements\s*│\s*([\d,]+)", done.output)
    mean = re.search(r"\((\d+) of 50 replications define it\)\s*│\s*([\d,]+)", done.output)
    millions = [round(int(x.replace(",", "")) / 1e6, 1)
                for x in (mean.group(2), ratio.group(1))]
    assert millions == [float(quoted.group(1)), float(quoted.group(2))]
    assert mean.group(1) == quoted.group(3)


def test_readme_management_swing_is_a_run_s(tmp_path):
    """The README's management swing ("swings `cost_staff` by 141,750.00 EUR, the
    management cost alone 141,750.00 by hand") is the run's, repeated here with the
    seed's replications and seed, and the hand figure 7 providers x 10,000 x 1.025 less.
    It was 141,750.13 while each month of the management (833.33) was rounded together
    with the coaching in its cell; a fixed amount a year is now booked in whole cents
    that add up to the year's amount, so the coaching's rounding is the same at both
    ends and the swing is the hand figure."""
    quoted = re.search(r"`(costs\.staff\.management_cost_per_year=[^`]+)` swings "
                       r"`(\w+)` by ([\d,.]+) EUR,\s+the management cost alone ([\d,.]+) "
                       r"by hand", README)
    assert quoted, "the README's management swing example moved; update this test"
    param, metric, swing, by_hand = quoted.groups()
    out = tmp_path / "s"
    done = CliRunner().invoke(main, [
        "sensitivity", str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"),
        "--param", param, "--metric", metric, "--quiet", "--out", str(out)])
    assert done.exit_code == 0, done.output
    row = (out / "sensitivity.csv").read_text().splitlines()[1].split(",")
    assert row[:3] == ["oat", "costs.staff.management_cost_per_year", "cost_staff"]
    assert row[7] == swing.replace(",", "") == "141750.00"
    assert by_hand == "141,750.00" == f"{7 * 10_000 * (1 + 1.025):,.2f}"


def test_readme_clashing_sets_example_is_refused_on_the_seed():
    """The README's example of a path set together with a path inside it read
    `providers.0={...}` and `providers.cjd.slots=...`, but the seed's providers.0 is
    caritas: copied, the pair was accepted. Now the example names cjd's index, and run
    as written on the seed it is refused with the one line naming both."""
    quoted = re.search(r"on the seed, whose second provider is cjd,\s+`(--set [^`]+)`",
                       README)
    assert quoted, "the README's clashing --set example moved; update this test"
    seed = "scenarios/aktiv-statt-passiv-2013.yaml"
    assert load_scenario(ROOT / seed).providers[1].id == "cjd"
    done = CliRunner().invoke(main, ["show", str(ROOT / seed), *shlex.split(quoted[1])])
    assert done.exit_code == 2
    assert done.output == (
        f"{ROOT / seed} (--set): providers.cjd.slots: given inside a path also given "
        "(providers.1={slots: 3} and providers.cjd.slots=4): set each value once, in the "
        "mapping or by its own path\n")
