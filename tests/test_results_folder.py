"""Results folders: finsim replaces only what it wrote, checks the target before the work,
commits with one rename under a lock, swaps atomically, and stops cleanly on signals."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.commands import folder
from finsim.commands.folder import MANIFEST, OutputError, Target, results_folder

from .conftest import ROOT, SMALL
from .processes import interrupted

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _cli(*args: str):
    return CliRunner().invoke(main, ["run", str(SMALL), "-q", "-j", "1", *args])


def _finsim(*args: str, cwd: Path | None = None, timeout: float = 120):
    """finsim as a user runs it: a real process."""
    return subprocess.run([sys.executable, "-m", "finsim", *args], capture_output=True,
                          text=True, cwd=cwd, env=ENV, timeout=timeout)


def _strays(parent: Path) -> list[str]:
    """What finsim must never leave behind: temporary folders, old folders, lock files."""
    return sorted(p.name for p in parent.iterdir()
                  if p.name.startswith(".") and (".tmp-" in p.name or ".old-" in p.name
                                                 or p.name.endswith(".lock")))


def _results(out: Path) -> None:
    assert _cli("-n", "3", "--out", str(out)).exit_code == 0


# -- the marker and --force ----------------------------------------------------------------


def test_every_results_folder_lists_what_finsim_wrote(tmp_path):
    out = tmp_path / "res"
    _results(out)
    mark = json.loads((out / MANIFEST).read_text())
    assert mark["command"] == "run" and mark["finsim_version"]
    assert sorted(mark["files"]) == sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert folder.would_be_lost(out) == []


def test_force_keeps_a_user_file_inside_and_beside_the_results(tmp_path):
    """A real process: --force on a results folder holding the user's workbook exits 2
    naming it; the workbook and a note beside the folder survive; nothing else changes."""
    out = tmp_path / "res"
    _results(out)
    (out / "budget-2027.xlsx").write_bytes(b"the user's own workbook")
    (tmp_path / "notes.txt").write_text("beside the folder")
    before = (out / "summary.csv").read_bytes()
    done = _finsim("run", str(SMALL), "-n", "4", "-q", "--out", str(out), "--force")
    assert done.returncode == 2, done.stderr
    assert "budget-2027.xlsx" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert (out / "budget-2027.xlsx").read_bytes() == b"the user's own workbook"
    assert (out / "summary.csv").read_bytes() == before
    assert (tmp_path / "notes.txt").read_text() == "beside the folder"
    (out / "budget-2027.xlsx").unlink()
    done = _finsim("run", str(SMALL), "-n", "4", "-q", "--out", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "run.json").read_text())["replications"] == 4
    assert (tmp_path / "notes.txt").read_text() == "beside the folder"
    assert _strays(tmp_path) == []


def test_force_refuses_a_result_file_the_user_changed(tmp_path):
    out = tmp_path / "res"
    _results(out)
    (out / "summary.csv").write_text("edited by hand")
    refused = _cli("-n", "3", "--out", str(out), "--force")
    assert refused.exit_code == 2
    assert "summary.csv (changed since finsim wrote it)" in refused.output
    assert (out / "summary.csv").read_text() == "edited by hand"


def test_without_force_a_foreign_folder_is_not_called_a_results_folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thesis.docx").write_text("years of work")
    for extra in ((), ("--force",)):
        refused = _cli("-n", "3", "--out", str(docs), *extra)
        assert refused.exit_code == 2
        assert "not a finsim results folder" in refused.output
        assert (docs / "thesis.docx").read_text() == "years of work"


@pytest.mark.parametrize("content, why", [
    (b"{broken", "not valid JSON at line 1, column 2"),
    (b"[]", "it is not a JSON object"),
    (b'{"files": 5}', 'its "files" is not a mapping of names'),
    (b"{}", 'it lists no "files"'),
    (b"\xff", "not UTF-8 text"),
])
def test_a_damaged_manifest_is_called_unreadable_not_missing(tmp_path, content, why):
    """The folder is refused (finsim cannot tell what it wrote there), and the line says
    the manifest is there but cannot be read: it said ``(no .finsim-manifest.json)``."""
    out = tmp_path / "forged"
    out.mkdir()
    (out / MANIFEST).write_bytes(content)
    (out / "a.txt").write_text("kept")
    for extra in ((), ("--force",)):
        refused = _cli("-n", "2", "--out", str(out), *extra)
        assert refused.exit_code == 2
        assert refused.output == (f"{out}: exists and is not a finsim results folder "
                                  f"({MANIFEST} cannot be read: {why}); finsim replaces only "
                                  "its own results folders; choose another --out\n")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.txt"]
    assert (out / MANIFEST).read_bytes() == content
    assert sorted(os.listdir(tmp_path)) == ["forged"]


def test_a_folder_without_a_manifest_says_so(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    assert _cli("-n", "2", "--out", str(out)).output == (
        f"{out}: exists and is not a finsim results folder (no {MANIFEST}); finsim replaces "
        "only its own results folders; choose another --out\n")


def test_an_out_name_the_temporary_folder_would_overflow_is_refused_before_the_work(
        tmp_path, monkeypatch):
    """A legal 250-byte --out: the run went to its end, then failed on finsim's own
    ``.<name>.tmp-<pid>-<8 hex>`` (15 bytes and the pid's digits more) over NAME_MAX 255."""
    monkeypatch.setattr("finsim.commands.run.run", lambda *a, **k: pytest.fail("worked"))
    extra = 15 + len(str(os.getpid()))
    out = tmp_path / ("r" * 250)
    result = _cli("--out", str(out))
    assert result.exit_code == 2
    assert result.output == (
        f"{out}: the name is too long: finsim writes a name {extra} bytes longer beside it "
        f"(its temporary files), and {tmp_path} takes names of at most 255 bytes; choose a "
        f"shorter --out (a name of at most {255 - extra} bytes)\n")
    assert os.listdir(tmp_path) == []
    monkeypatch.undo()
    assert _cli("-n", "2", "--out", str(tmp_path / ("r" * (255 - extra)))).exit_code == 0


def test_an_empty_folder_is_used_without_force(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert _cli("-n", "3", "--out", str(out)).exit_code == 0
    assert (out / MANIFEST).exists()


def test_force_skips_only_plain_files_the_system_drops(tmp_path):
    """desktop.ini, Thumbs.db and .DS_Store are skipped as plain files only: a folder of
    that name holding the user's file, or a link of that name, is named and kept."""
    out = tmp_path / "res"
    _results(out)
    (out / ".DS_Store").write_bytes(b"Finder's")
    (out / "desktop.ini").mkdir()
    (out / "desktop.ini" / "thesis.docx").write_text("precious")
    (out / "Thumbs.db").symlink_to(tmp_path / "elsewhere.db")
    refused = _cli("-n", "4", "--out", str(out), "--force")
    assert refused.exit_code == 2
    assert refused.output.splitlines()[-1] == (
        f"{out}: --force would lose what finsim did not write there: Thumbs.db, "
        "desktop.ini/; move it away or choose another --out")
    assert (out / "desktop.ini" / "thesis.docx").read_text() == "precious"
    (out / "Thumbs.db").unlink()
    (out / "desktop.ini" / "thesis.docx").unlink()
    (out / "desktop.ini").rmdir()
    assert _cli("-n", "4", "--out", str(out), "--force").exit_code == 0  # .DS_Store: skipped


def test_out_on_the_scenarios_folder_is_refused_even_with_force(tmp_path):
    """A real process: the folder holding the scenario, with --force, is never replaced,
    even when it looks like a results folder."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    scenario = scenarios / "s.yaml"
    scenario.write_text(SMALL.read_text())
    folder.write_manifest(scenarios, "run")  # even a (forged) marker does not help
    done = _finsim("run", str(scenario), "-n", "3", "-q", "--out", str(scenarios), "--force")
    assert done.returncode == 2, done.stderr
    assert "holds the scenario" in done.stderr and "Traceback" not in done.stderr
    assert scenario.read_text() == SMALL.read_text()


def test_a_folder_above_the_scenarios_names_where_below_it_the_scenario_is(tmp_path,
                                                                          monkeypatch):
    """--out on a parent of the scenario's folder (`--out ..`) names the scenario by its
    path from the folder refused: it is not in that folder itself."""
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "s.yaml").write_text(SMALL.read_text())
    monkeypatch.chdir(deep)
    outs = {"..": "b/s.yaml", str(tmp_path): "a/b/s.yaml"}
    for out, below in outs.items():
        refused = CliRunner().invoke(main, ["run", "s.yaml", "-q", "-n", "3", "--out", out,
                                            "--force"])
        assert refused.exit_code == 2
        assert refused.output.splitlines()[-1] == (
            f"{out}: finsim never writes its results over this folder (it holds the scenario "
            f"in a folder below it: {below}); choose another --out")
    own = CliRunner().invoke(main, ["run", "s.yaml", "-q", "-n", "3", "--out", ".", "--force"])
    assert own.output.splitlines()[-1] == (".: finsim never writes its results over this "
                                           "folder (it holds the scenario s.yaml); choose "
                                           "another --out")


def test_the_folder_of_a_base_file_is_refused_too(tmp_path):
    """The run reads the base file as well: its folder is never replaced either."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "b.yaml").write_text(SMALL.read_text())
    (tmp_path / "mine").mkdir()
    scenario = tmp_path / "mine" / "s.yaml"
    scenario.write_text("base: ../base/b.yaml\nname: Mine\n")
    folder.write_manifest(tmp_path / "base", "run")
    refused = CliRunner().invoke(main, ["run", str(scenario), "-q", "-n", "3", "--out",
                                        str(tmp_path / "base"), "--force"])
    assert refused.exit_code == 2, refused.output
    assert "holds the scenario" in refused.output and "b.yaml" in refused.output
    assert (tmp_path / "base" / "b.yaml").read_text() == SMALL.read_text()


def test_force_replaces_a_results_folder_with_a_read_only_file(tmp_path):
    out = tmp_path / "res"
    _results(out)
    (out / "summary.csv").chmod(0o444)
    done = _cli("-n", "4", "--out", str(out), "--force")
    assert done.exit_code == 0, done.output
    assert json.loads((out / "run.json").read_text())["replications"] == 4
    assert _strays(tmp_path) == []


@pytest.mark.parametrize("where", ["cwd", "parent", "home", "root"])
def test_protected_folders_are_never_replaced(tmp_path, monkeypatch, where):
    work = tmp_path / "project" / "sub"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "project"))
    out = {"cwd": ".", "parent": "..", "home": str(tmp_path / "project"), "root": "/"}[where]
    for path in (work, work.parent):
        folder.write_manifest(path, "run")
    refused = _cli("-n", "3", "--out", out, "--force")
    assert refused.exit_code == 2, refused.output
    assert "choose another --out" in refused.output
    assert work.is_dir() and (work / MANIFEST).exists()


def test_a_symlink_as_out_with_force_is_a_clear_line(tmp_path):
    real = tmp_path / "real"
    _results(real)
    link = tmp_path / "link"
    link.symlink_to(real)
    refused = _cli("-n", "3", "--out", str(link), "--force")
    assert refused.exit_code == 2
    assert "symbolic link" in refused.output
    assert link.is_symlink() and (real / "summary.csv").exists()


# -- control characters in the paths a line names --------------------------------------------

HOSTILE = "ev\x1b]0;pwned\x07"
SHOWN = "ev\\x1b]0;pwned\\x07"
"""A name with an escape sequence that retitles the terminal, and how a line shows it."""


def test_a_results_line_shows_the_folder_s_control_characters_escaped(tmp_path):
    out = tmp_path / HOSTILE
    done = CliRunner().invoke(main, ["run", str(SMALL), "-n", "2", "-j", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    last = done.output.splitlines()[-1]
    assert last.startswith(f"Results: {tmp_path}/{SHOWN}/  (") and last.endswith(" s on 1 job)")
    assert "\x1b" not in done.output and "\x07" not in done.output
    assert (out / MANIFEST).exists()  # the folder is the name the user gave


def test_a_folder_error_shows_the_control_characters_escaped_and_writes_nothing(tmp_path):
    out = tmp_path / HOSTILE
    _results(out)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir())
    refused = _cli("-n", "2", "--out", str(out))
    assert refused.exit_code == 2
    assert refused.output == (f"{tmp_path}/{SHOWN}: holds earlier finsim results; add --force "
                              "to replace them, or choose another --out\n")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir()) == before
    assert sorted(os.listdir(tmp_path)) == [HOSTILE]


def test_the_default_folder_of_a_hostile_file_name_has_no_control_character(
        tmp_path, monkeypatch):
    """The README's example: the default folder was ``outputs/ev<ESC>]0;pwned<BEL>``, and
    validate's ok line sent the name raw too."""
    monkeypatch.chdir(tmp_path)
    scenario = tmp_path / f"{HOSTILE}.yaml"
    scenario.write_text(SMALL.read_text())
    assert _cli_on(scenario).exit_code == 0
    assert os.listdir(tmp_path / "outputs") == ["ev-]0;pwned-"]
    refused = _cli_on(scenario)
    assert refused.exit_code == 2
    assert refused.output == ("outputs/ev-]0;pwned-: holds earlier finsim results; add "
                              "--force to replace them, or choose another --out\n")
    checked = CliRunner().invoke(main, ["validate", scenario.name])
    assert checked.output == f"{SHOWN}.yaml: ok\n"


def _cli_on(scenario: Path):
    return CliRunner().invoke(main, ["run", scenario.name, "-q", "-j", "1", "-n", "2"])


def test_every_output_error_escapes_its_control_characters():
    """calibrate's lines and the folder checks' alike: the class shows them escaped."""
    assert str(OutputError(f"{HOSTILE}.yaml: exists")) == f"{SHOWN}.yaml: exists"


# -- a folder inside another results folder -------------------------------------------------


def _inside(out: Path, results: Path) -> str:
    return (f"{out}: lies inside the finsim results folder {results} (it holds {MANIFEST}), "
            "which --force could then no longer replace; choose another --out, outside it\n")


def _listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in folder.rglob("*"))


def test_an_out_through_a_link_into_a_results_folder_is_refused(tmp_path):
    """``sd/inner`` links to the results folder r1: ``--out sd/inner/sub`` wrote into
    ``r1/sub/``, and --force on r1 was refused from then on for ``sub/``."""
    r1 = tmp_path / "r1"
    _results(r1)
    before = _listing(r1)
    (tmp_path / "sd").mkdir()
    (tmp_path / "sd" / "inner").symlink_to(r1)
    for out in (tmp_path / "sd" / "inner" / "sub", r1 / "a" / "b", r1 / "sub"):
        refused = _cli("-n", "2", "--out", str(out))
        assert refused.exit_code == 2
        assert refused.output == _inside(out, r1)
    assert _listing(r1) == before
    assert _cli("-n", "2", "--out", str(r1), "--force").exit_code == 0


def test_links_earlier_in_out_are_followed_to_a_plain_folder(tmp_path):
    """A user's outputs/ (or macOS' /tmp) may be a link: the results go where it leads."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "outputs").symlink_to(real)
    assert _cli("-n", "2", "--out", str(tmp_path / "outputs" / "res")).exit_code == 0
    assert (real / "res" / MANIFEST).is_file()


def test_calibrate_refuses_an_overlay_inside_a_results_folder(tmp_path):
    r1 = tmp_path / "r1"
    _results(r1)
    before = _listing(r1)
    spells = tmp_path / "spells.csv"
    spells.write_text("person,provider,entry,exit,exit_reason\n"
                      "P1,alpha,2013-01-01,2013-06-30,placement\n")
    out = r1 / "fit" / "x.yaml"
    done = CliRunner().invoke(main, ["calibrate", str(spells), "--scenario", str(SMALL),
                                     "--out", str(out), "-q"])
    assert done.exit_code == 2
    assert done.output == _inside(out, r1)
    assert _listing(r1) == before


# -- checks before the work ----------------------------------------------------------------


def test_a_target_under_a_file_is_refused_before_the_simulation(tmp_path):
    """A real process with a million replications (half an hour of work): refused in
    seconds, before the first replication (the work's first line never appears)."""
    (tmp_path / "README.md").write_text("a file")
    started = time.perf_counter()
    done = _finsim("run", str(SMALL), "-n", "1000000", "--out",
                   str(tmp_path / "README.md" / "results"), timeout=60)
    seconds = time.perf_counter() - started
    assert done.returncode == 2, done.stderr
    assert "README.md, which is a file" in done.stderr
    assert "replications" not in done.stderr and "Traceback" not in done.stderr
    assert seconds < 15  # start-up only, on a loaded machine; the work would take minutes
    assert (tmp_path / "README.md").read_text() == "a file"


def test_a_file_as_target_is_refused(tmp_path):
    target = tmp_path / "results"
    target.write_text("x")
    for extra in ((), ("--force",)):
        refused = _cli("-n", "3", "--out", str(target), *extra)
        assert refused.exit_code == 2
        assert "is a file, not a folder" in refused.output
    assert target.read_text() == "x"


def test_a_device_as_target_is_called_what_it_is():
    refused = _cli("-n", "3", "--out", os.devnull)
    assert refused.exit_code == 2
    assert refused.output.strip() == (f"{os.devnull}: exists and is a character device, not "
                                      "a folder; choose another --out")


def test_an_unwritable_place_is_refused_before_the_work(tmp_path, monkeypatch):
    """Where finsim may not create a folder (permissions, a read-only filesystem):
    one line, exit 2, before the work."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("finsim.commands.folder.tempfile.mkdtemp", refuse)
    monkeypatch.setattr("finsim.commands.run.run", lambda *a: pytest.fail("worked"))
    refused = _cli("-n", "3", "--out", str(tmp_path / "res"))
    assert refused.exit_code == 2
    assert refused.output.strip() == (f"{tmp_path / 'res'}: cannot write in {tmp_path}: "
                                      "Permission denied; choose another --out")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_for_real(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        refused = _cli("-n", "3", "--out", str(parent / "res"))
        assert refused.exit_code == 2 and "cannot write in" in refused.output
    finally:
        parent.chmod(0o755)


def test_a_read_only_old_folder_with_force_is_a_clear_line(tmp_path, monkeypatch):
    out = tmp_path / "res"
    _results(out)
    monkeypatch.setattr("finsim.commands.folder.os.access",
                        lambda path, mode: not mode & os.W_OK)  # as for a non-root user
    refused = _cli("-n", "3", "--out", str(out), "--force")
    assert refused.exit_code == 2
    assert "is read-only" in refused.output and "Traceback" not in refused.output


def test_too_little_room_is_refused_before_the_work(tmp_path, monkeypatch):
    monkeypatch.setattr("finsim.commands.folder.shutil.disk_usage",
                        lambda path: SimpleNamespace(free=1000))
    monkeypatch.setattr("finsim.commands.run.run", lambda *a: pytest.fail("worked"))
    refused = _cli("-n", "3", "--out", str(tmp_path / "res"))
    assert refused.exit_code == 2
    assert "1,000 bytes free" in refused.output


# -- failures while writing ----------------------------------------------------------------


def test_disk_full_while_writing_leaves_the_earlier_results_whole(tmp_path, monkeypatch):
    out = tmp_path / "res"
    _results(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(result, folder_, *args, **kwargs):
        (folder_ / "summary.csv").write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("finsim.report.files.write_run", full)
    failed = _cli("-n", "3", "--out", str(out), "--force")
    assert failed.exit_code == 2
    assert "No space left on device" in failed.output
    assert "the earlier results are unchanged" in failed.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _strays(tmp_path) == []
    new = tmp_path / "new"
    assert _cli("-n", "3", "--out", str(new)).exit_code == 2
    assert not new.exists() and _strays(tmp_path) == []


def test_a_finsim_fault_is_exit_1_with_a_pointer_to_debug(tmp_path, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError("a finsim bug")

    monkeypatch.setattr("finsim.report.files.write_run", bug)
    failed = _cli("-n", "3", "--out", str(tmp_path / "res"))
    assert failed.exit_code == 1
    assert "internal error (ZeroDivisionError: a finsim bug)" in failed.output
    assert "--debug" in failed.output and "Traceback" not in failed.output
    debug = CliRunner().invoke(main, ["--debug", "run", str(SMALL), "-q", "-n", "3",
                                      "--out", str(tmp_path / "res")])
    assert isinstance(debug.exception, ZeroDivisionError)
    assert _strays(tmp_path) == [] and not (tmp_path / "res").exists()


# -- the commit: lock, no silent replacement, atomic swap ------------------------------------


def _pair(out: Path, force: bool) -> list[subprocess.CompletedProcess]:
    extra = ["--force"] if force else []
    processes = [subprocess.Popen([sys.executable, "-m", "finsim", "run", str(SMALL), "-n", "3",
                                   "-j", "1", "-q", "--seed", str(seed), "--out", str(out),
                                   *extra], env=ENV, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for seed in (1, 2)]
    return [(p, *p.communicate(timeout=120)) for p in processes]


def _seed(out: Path) -> int:
    assert folder.would_be_lost(out) == []  # complete: every file as the marker says
    return json.loads((out / "run.json").read_text())["seed"]


def test_two_runs_into_one_target_never_replace_each_other(tmp_path):
    """Two real processes started together, many rounds, without --force: one gets the
    target; the other exits 2 and says where its results are, or was refused before
    the work. Never both exit 0, never a mixed folder, nothing left behind."""
    for round_ in range(6):
        out = tmp_path / f"r{round_}"
        runs = _pair(out, force=False)
        codes = sorted(p.returncode for p, _, _ in runs)
        assert codes == [0, 2], [err for _, _, err in runs]
        winner = next(i for i, (p, _, _) in enumerate(runs) if p.returncode == 0)
        assert _seed(out) == winner + 1
        loser_err = runs[1 - winner][2]
        if "results are in" in loser_err:
            sibling = Path(loser_err.split("results are in ")[1].split()[0].rstrip(";."))
            assert sibling.name == f"r{round_}.new" and _seed(sibling) == 2 - winner
        else:
            assert "holds earlier finsim results" in loser_err
        assert _strays(tmp_path) == []


def test_two_forced_runs_leave_one_complete_folder(tmp_path):
    out = tmp_path / "res"
    _results(out)
    for _ in range(4):
        runs = _pair(out, force=True)
        assert [p.returncode for p, _, _ in runs] == [0, 0], [e for _, _, e in runs]
        assert _seed(out) in (1, 2)
        assert _strays(tmp_path) == []


def _write_tiny(target: Target, text: str) -> None:
    with results_folder(target) as temp:
        (temp / "a.txt").write_text(text)
        (temp / "b.txt").write_text(text)


@pytest.mark.parametrize("exchange", [True, False])
def test_force_swap_always_shows_a_complete_folder(tmp_path, monkeypatch, exchange):
    """While --force replaces a folder again and again, a reader polling the target finds
    a folder at every look, never none; the last one wins whole."""
    if not exchange:
        monkeypatch.setattr(folder, "_exchange", lambda a, b: False)
    target = Target(tmp_path / "res", force=True)
    _write_tiny(target, "0")
    seen, stop = [], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                seen.append(sorted(p.name for p in target.path.iterdir()))
            except FileNotFoundError:
                seen.append(None)

    watcher = threading.Thread(target=watch)
    watcher.start()
    for i in range(1, 40):
        _write_tiny(target, str(i))
    stop.set()
    watcher.join()
    assert (target.path / "a.txt").read_text() == "39"
    assert seen
    if exchange:  # (two renames, where the system has no exchange, leave a short gap)
        assert None not in seen
    assert _strays(tmp_path) == []


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)
    return int(done.stdout)


def test_a_swap_cut_short_is_rolled_back_by_the_next_run(tmp_path):
    """Killed between the two renames: the target is gone, the earlier results sit in
    ``.res.old-*``, the new ones in ``.res.tmp-*``. The next run puts the earlier ones
    back, says so, removes the rest, and then treats the folder as usual."""
    out = tmp_path / "res"
    _results(out)
    before = (out / "summary.csv").read_bytes()
    pid = _dead_pid()
    out.rename(tmp_path / f".res.old-{pid}-0badcafe")
    _abandoned(tmp_path / f".res.tmp-{pid}-0badbeef")
    again = _cli("-n", "4", "--out", str(out))
    assert again.exit_code == 2
    assert "put the earlier results back in place" in again.output
    assert "holds earlier finsim results" in again.output
    assert (out / "summary.csv").read_bytes() == before
    assert _strays(tmp_path) == []


def test_an_old_folder_left_after_a_finished_swap_is_removed(tmp_path):
    out = tmp_path / "res"
    _results(out)
    stale = tmp_path / f".res.old-{_dead_pid()}-0badcafe"
    stale.mkdir()
    assert _cli("-n", "4", "--out", str(out), "--force").exit_code == 0
    assert not stale.exists()


def _abandoned(temp: Path) -> None:
    """A temporary folder as a killed run leaves it: its lock file, locked by no one."""
    temp.mkdir()
    (temp / "summary.csv").write_text("half written")
    (temp / folder.LIVE).touch()


def test_a_live_run_whose_pid_is_not_visible_keeps_its_temporary_folder(tmp_path):
    """A run in another PID namespace (a container, another host on shared storage) has a
    pid that means nothing here, or another process's: its temporary folder stays as long
    as its lock is held (here by this process), a dead run's goes, and one from a finsim
    that took no lock stays (it may be alive elsewhere)."""
    out = tmp_path / "res"
    dead = _dead_pid()
    live = tmp_path / f".res.tmp-{dead}-0000aaaa"
    live.mkdir()
    (live / "summary.csv").write_text("a live run's work")
    fd = os.open(live / folder.LIVE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    gone = tmp_path / f".res.tmp-{dead}-0000bbbb"
    _abandoned(gone)
    older = tmp_path / f".res.tmp-{dead}-0000cccc"
    older.mkdir()
    try:
        assert _cli("-n", "3", "--out", str(out)).exit_code == 0
        assert (live / "summary.csv").read_text() == "a live run's work"
        assert not gone.exists() and older.is_dir()
    finally:
        os.close(fd)
    assert _cli("-n", "3", "--out", str(out), "--force").exit_code == 0
    assert not live.exists() and older.is_dir()  # its lock released: the run died


def test_a_run_whose_temporary_folder_another_run_saw_keeps_its_results(tmp_path, monkeypatch):
    """The probe's case: run A (its pid invisible to B) works, run B into the same --out
    starts and finishes meanwhile. A's work survives B's sweep and, the target taken,
    goes to res.new."""
    out = tmp_path / "res"
    dead = _dead_pid()
    monkeypatch.setattr(folder, "_stray", lambda path, kind: path.parent
                        / f".{path.name}.{kind}-{dead}-0000aaaa")
    with pytest.raises(OutputError) as late, results_folder(Target(out)) as temp:
        (temp / "summary.csv").write_text("run A's work")
        monkeypatch.undo()  # run B names its own folders
        assert _cli("-n", "3", "--out", str(out)).exit_code == 0
    assert str(late.value) == (f"{out}: appeared while this run worked (another run?) and "
                               f"was left as it is; this run's results are in {out}.new")
    assert (tmp_path / "res.new" / "summary.csv").read_text() == "run A's work"
    assert sorted(p.name for p in (tmp_path / "res.new").iterdir()) == [MANIFEST,
                                                                        "summary.csv"]
    assert _strays(tmp_path) == []


def test_a_target_that_appears_during_the_work_is_kept(tmp_path, monkeypatch):
    """Without --force the commit checks again: a folder that appeared meanwhile stays,
    and the results go to a sibling named in the message."""
    out = tmp_path / "res"
    real_write = folder.write_manifest

    def meanwhile(temp: Path, command: str) -> None:
        out.mkdir()
        (out / "theirs.txt").write_text("another run's")
        real_write(temp, command)

    monkeypatch.setattr(folder, "write_manifest", meanwhile)
    late = _cli("-n", "3", "--out", str(out))
    assert late.exit_code == 2
    assert f"this run's results are in {tmp_path / 'res.new'}" in late.output
    assert (out / "theirs.txt").read_text() == "another run's"
    assert (tmp_path / "res.new" / "summary.csv").exists()


def test_force_keeps_the_results_when_the_target_changed_during_the_work(tmp_path, monkeypatch):
    """--force checks the target again at the commit: a file the user put there meanwhile
    stays, the earlier results too, and the finished results go to res.new, which the
    line names (exit 2), rather than being thrown away."""
    out = tmp_path / "res"
    _results(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_write = folder.write_manifest

    def meanwhile(temp: Path, command: str) -> None:
        (out / "added.txt").write_text("mine")
        real_write(temp, command)

    monkeypatch.setattr(folder, "write_manifest", meanwhile)
    late = _cli("-n", "4", "--out", str(out), "--force")
    assert late.exit_code == 2
    assert late.output.splitlines()[-1] == (
        f"{out}: changed while this run worked (--force would lose what finsim did not "
        f"write there: added.txt) and was left as it is; this run's results are in "
        f"{out}.new")
    assert (out / "added.txt").read_text() == "mine"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != "added.txt"} == before
    kept = tmp_path / "res.new"
    assert folder.would_be_lost(kept) == [] and (kept / "summary.csv").exists()
    assert (kept / "summary.csv").read_bytes() != before["summary.csv"]  # -n 4, not 3
    assert _strays(tmp_path) == []


def test_the_lock_serialises_commits(tmp_path):
    """While one process holds the lock, a commit into the same target waits for it."""
    target = Target(tmp_path / "res")
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with folder.locked(target.path):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    writer = threading.Thread(target=_write_tiny, args=(target, "x"))
    writer.start()
    time.sleep(0.5)
    assert not target.path.exists()  # waiting for the lock
    release.set()
    writer.join(10)
    holder.join(10)
    assert (target.path / "a.txt").read_text() == "x"
    assert _strays(tmp_path) == []


def test_output_error_on_a_target_under_a_file_is_raised_by_the_library(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="which is a file"):
        folder.check_target(Target(tmp_path / "f" / "g" / "h"))


def test_dotdot_after_a_missing_folder_gives_the_true_reason(tmp_path):
    """``empty/newsub/..`` was "exists and is a file, not a folder": abspath dropped the
    missing ``newsub``, the system cannot."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "f").write_text("x")
    for given, blocked, what in [
            (tmp_path / "empty" / "newsub" / "..", tmp_path / "empty" / "newsub",
             "does not exist"),
            (tmp_path / "nope" / ".." / "new", tmp_path / "nope", "does not exist"),
            (tmp_path / "f" / ".." / "new", tmp_path / "f", "is a file")]:
        with pytest.raises(OutputError) as refused:
            folder.check_target(Target(given))
        assert str(refused.value) == (f"{given}: cannot go through '..' there: {blocked} "
                                      f"{what}; choose another --out, without '..'")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "f"]  # nothing made
    folder.check_target(Target(tmp_path / "empty" / ".." / "empty"))  # through folders: fine


# -- signals ----------------------------------------------------------------------------------

SLOW_WRITER = """
import sys, time
import finsim.report.files as job  # commands.run imports it after the replications
real = job.write_run
def slow(result, folder, *args, **kwargs):
    real(result, folder, *args, **kwargs)
    print("WRITING", flush=True)
    time.sleep(60)
job.write_run = slow
from finsim.cli import main
main(sys.argv[1:], prog_name="finsim")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_the_write_phase_leaves_the_earlier_results_and_no_temp(tmp_path, signum):
    """SIGTERM (batch schedulers, timeout) or SIGHUP while the files are being written:
    one line, exit 128+signal, no temporary folder, the earlier results untouched."""
    out = tmp_path / "res"
    _results(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "run", str(SMALL), "-n", "3", "-j", "1", "-q",
         "--out", str(out), "--force"], env=ENV, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "WRITING"
        assert any(".tmp-" in p.name for p in tmp_path.iterdir())  # in the write phase
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert err.strip() == f"finsim: interrupted ({name}); nothing was written."
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _strays(tmp_path) == []


def _signal_after(monkeypatch, made: str) -> None:
    """Ctrl-C the instant ``Path.mkdir`` has made the folder named ``made`` (or starting
    so): a real SIGINT, taken by finsim's handler at the next instruction."""
    real = Path.mkdir

    def mkdir(self: Path, *args, **kwargs) -> None:
        real(self, *args, **kwargs)
        if self.name.startswith(made):
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.parametrize(("out", "made"), [("res", ".res.tmp-"), ("deep/a/b/res", "deep"),
                                           ("deep/a/b/res", "b"),
                                           ("deep/a/b/res", ".res.tmp-")])
def test_ctrl_c_as_a_folder_is_made_leaves_nothing_made(tmp_path, monkeypatch, out, made):
    """The probe's window: a stop right after the temporary folder (or one of the parents
    --out needs) was made, before finsim had it down for removal."""
    _signal_after(monkeypatch, made)
    stopped = _cli("-n", "3", "--out", str(tmp_path / out))
    assert stopped.exit_code == 130
    assert stopped.output == "finsim: interrupted (SIGINT); nothing was written.\n"
    assert list(tmp_path.iterdir()) == []


def test_a_stop_while_writing_removes_the_parents_it_made(tmp_path, monkeypatch):
    """Parents made for --out go with the temporary folder; one that was there stays."""
    (tmp_path / "deep").mkdir()

    def stop(*args, **kwargs) -> None:
        signal.raise_signal(signal.SIGTERM)

    monkeypatch.setattr("finsim.report.files.write_run", stop)
    stopped = _cli("-n", "3", "--out", str(tmp_path / "deep" / "a" / "b" / "res"))
    assert stopped.exit_code == 143
    assert [p.name for p in tmp_path.iterdir()] == ["deep"]
    assert list((tmp_path / "deep").iterdir()) == []


def test_a_failure_keeps_a_parent_that_holds_something_else(tmp_path, monkeypatch):
    """A parent made for --out that something else was put into meanwhile stays, as that
    other thing does."""
    def fail(result, folder_, *args, **kwargs) -> None:
        (tmp_path / "a" / "theirs.txt").write_text("another program's")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("finsim.report.files.write_run", fail)
    failed = _cli("-n", "3", "--out", str(tmp_path / "a" / "b" / "res"))
    assert failed.exit_code == 2
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "theirs.txt"]


def test_sigterm_during_the_replications_stops_the_workers_quietly(tmp_path):
    out = tmp_path / "res"
    returncode, _, err = interrupted(
        ["run", str(SMALL), "-n", "100000", "-j", "2", "--out", str(out)],
        "100,000 replications", signal.SIGTERM, timeout=30)
    assert returncode == 143
    assert "interrupted (SIGTERM); nothing was written." in err
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert list(tmp_path.iterdir()) == []


def test_calibrate_never_writes_over_the_scenario_it_reads(tmp_path):
    """--force replaces an earlier overlay, never the scenario (or its base) it fits."""
    base = tmp_path / "base.yaml"
    base.write_text(SMALL.read_text())
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: base.yaml\nname: Mine\n")
    (tmp_path / "spells.csv").write_text("person,provider,entry,exit,exit_reason\n")
    for out in (scenario, base):
        refused = CliRunner().invoke(main, ["calibrate", str(tmp_path / "spells.csv"),
                                            "--scenario", str(scenario), "--out", str(out),
                                            "--force"])
        assert refused.exit_code == 2
        assert "is a file this command reads" in refused.output
    assert base.read_text() == SMALL.read_text()
    assert scenario.read_text() == "base: base.yaml\nname: Mine\n"
