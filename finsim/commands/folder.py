"""Results folders that finsim alone may replace, checked before the work, swapped atomically.

A results folder carries ``.finsim-manifest.json``: the finsim version, the command and
every file finsim wrote with its SHA-256. ``--force`` replaces a folder only when it has
that marker and nothing else than those files, unchanged; anything else would be lost,
so it is refused with the names. A few folders are never replaced whatever they hold:
filesystem roots, the home folder, the current folder and its parents, and the folders
holding the scenarios a run reads, and their parents. Nor is a folder made inside another
results folder (where the system's links lead): ``--force`` there would then refuse it.

The files are written into a temporary folder beside the target, which holds a lock
file (``.finsim-live.lock``) its run keeps locked for as long as it lives: a later run
removes a temporary folder left behind only when it can take that lock, so a live run in
another container or on another host sharing the folder keeps its work. The final rename
is the only commit point. It runs under an exclusive lock file beside the target (so two
runs into one target are serialised) and with SIGINT, SIGTERM and SIGHUP held back (so
an interrupt cannot split it). Without ``--force`` it never replaces a folder: when the
target appeared meanwhile, the results go to a sibling and the run says where; so they
do with ``--force`` when replacing the target would now lose something. With
``--force`` the old and new folders are exchanged in one step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux), so at every instant either the old or the new complete
folder is at the target; elsewhere two renames are used, and a swap cut short by a
crash is rolled back by the next run into that target.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, interrupts
from ..scenario.errors import CONTROL, printable

MANIFEST = ".finsim-manifest.json"
LIVE = ".finsim-live.lock"
"""Inside a temporary folder: the file its run holds an exclusive ``flock`` on while it
lives. The system drops the lock when the process ends, whatever its PID namespace or
host (a pid in a folder's name proves nothing there), so a free lock means a dead run."""
HARMLESS = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files the operating system drops into folders; losing them loses nothing."""
NOTES: list[str] = []
"""What finsim repaired beside a target (an interrupted swap), for the command to say."""
WRITTEN: list[Path] = []
"""The folders (and calibrate's files) this process committed, so a message after an
interrupt says where."""


class OutputError(Exception):
    """The results cannot go where the user asked: one line, exit 2, nothing lost.

    The line quotes paths the user (or another organisation's file name) chose: its
    control characters are shown escaped (``\\x1b``), as a scenario's problem lines show
    them, so a name cannot retitle or recolour the terminal."""

    def __str__(self) -> str:
        return printable(super().__str__())


class Refused(OutputError):
    """A target finsim may not replace as it is: ``what`` is wrong there, then the advice.
    At the commit (``--force``, the target changed meanwhile) ``what`` says why the
    results went elsewhere."""

    def __init__(self, path: Path, what: str, advice: str = "choose another --out") -> None:
        super().__init__(f"{path}: {what}; {advice}")
        self.what = what


@dataclass(frozen=True)
class Target:
    """Where a command writes, and what it must never replace."""

    path: Path
    force: bool = False
    command: str = "run"
    inputs: tuple[Path, ...] = ()
    """The scenario files this run reads: their folders are never replaced."""


def default_out(scenario_path: str | Path, command: str = "run", mode: str = "") -> Path:
    """``outputs/<stem>/`` for run, ``outputs/<stem>-<command>[-<mode>]/`` for the others,
    so that each command (and each sensitivity method, each kind of size question) has a
    folder of its own and the README's commands can run one after another."""
    stem = folder_name(Path(scenario_path).stem)
    parts = [stem] + ([] if command == "run" else [command]) + ([mode] if mode else [])
    return Path("outputs") / "-".join(parts)


UNSAFE_IN_NAME = re.compile(r'[<>:"\\|?*]')
"""Characters Windows and macOS' Finder do not take in a folder name (a ``/`` never
reaches a stem)."""


def folder_name(stem: str) -> str:
    """``stem`` as a folder name: each control character (an escape sequence in a file
    name sent by another organisation would otherwise sit in the folder's name and in
    every line naming it) and each character a folder name elsewhere cannot hold becomes
    ``-``; letters of any alphabet, digits, spaces and the rest stay as written."""
    return UNSAFE_IN_NAME.sub("-", CONTROL.sub("-", stem))


# -- what is in a folder ------------------------------------------------------------------


def manifest(folder: Path) -> dict | None:
    """The folder's marker, or None when finsim did not write the folder."""
    return read_manifest(folder / MANIFEST)


def read_manifest(path: Path) -> dict | None:
    """A manifest file's content, or None when there is none that finsim wrote."""
    return _parsed_manifest(path)[0]


def _parsed_manifest(path: Path) -> tuple[dict | None, str]:
    """A manifest file's content, or None and why it is none finsim wrote (a refusal
    must not say a damaged manifest is missing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"no {MANIFEST}"
    except OSError as err:
        return None, f"{MANIFEST} cannot be read: {_reason(err)}"
    except ValueError as err:  # a JSONDecodeError, or bytes that are no UTF-8
        why = (f"not valid JSON at line {err.lineno}, column {err.colno}"
               if isinstance(err, json.JSONDecodeError) else "not UTF-8 text")
        return None, f"{MANIFEST} cannot be read: {why}"
    if not isinstance(data, dict):
        return None, f"{MANIFEST} cannot be read: it is not a JSON object"
    if "files" not in data:
        return None, f"{MANIFEST} cannot be read: it lists no \"files\""
    if not isinstance(data["files"], dict):
        return None, f"{MANIFEST} cannot be read: its \"files\" is not a mapping of names"
    return data, ""


def write_manifest(folder: Path, command: str) -> None:
    """Name every file in ``folder`` with its hash; written last, so a folder with a
    marker is complete."""
    files = {p.name: p for p in sorted(folder.iterdir())
             if p.name not in (MANIFEST, LIVE) and p.is_file()}
    write_manifest_of(folder / MANIFEST, files, command)


def write_manifest_of(path: Path, files: dict[str, Path], command: str) -> None:
    """A manifest at ``path`` naming each file (its name, then where it is now) with its
    hash."""
    hashes = {name: _sha256(file) for name, file in files.items()}
    data = {"finsim_version": __version__, "command": command, "files": hashes}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def would_be_lost(folder: Path) -> list[str]:
    """What replacing ``folder`` would lose: files finsim did not write, or changed since."""
    mark = manifest(folder)
    listed = mark["files"] if mark else {}
    lost = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        name = entry.name
        if name == MANIFEST and mark or _dropped_by_the_system(entry):
            continue
        if (why := _foreign(entry, listed)) is not None:
            lost.append(name + ("/" if entry.is_dir() and not entry.is_symlink() else "") + why)
    return lost


def _dropped_by_the_system(entry: Path) -> bool:
    """A ``HARMLESS`` file: a regular one only. A folder or link of that name is the
    user's (a folder ``desktop.ini/`` may hold a thesis)."""
    return entry.name in HARMLESS and entry.is_file() and not entry.is_symlink()


def _foreign(path: Path, listed: dict[str, str]) -> str | None:
    """Why replacing ``path`` would lose what finsim did not write: "" for a file (or
    link, or folder) the manifest ``listed`` does not hold, " (changed ...)" for one that
    differs from it; None for a file finsim wrote as it is."""
    if path.is_symlink() or not path.is_file() or path.name not in listed:
        return ""
    if _sha256(path) != listed[path.name]:
        return " (changed since finsim wrote it)"
    return None


def not_written(files: list[Path], mark: Path) -> list[str]:
    """Those of ``files`` (all in one folder) that exist and that finsim did not write as
    the manifest ``mark`` lists them, or changed since: ``--force`` must not replace them."""
    listed = (read_manifest(mark) or {"files": {}})["files"]
    lost = []
    for path in files:
        if (path.exists() or path.is_symlink()) and (why := _foreign(path, listed)) is not None:
            lost.append(f"{path}{why}")
    return lost


def listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# -- checks before the work ---------------------------------------------------------------


def _protected(target: Target) -> dict[Path, str]:
    """Folders never replaced, with the reason to name."""
    places: dict[Path, str] = {}

    def add(folder: Path, why: str) -> None:
        for p in (folder, *folder.parents):
            places.setdefault(p, why)

    for scenario in target.inputs:
        file = Path(scenario).resolve()
        for p in file.parents:
            places.setdefault(p, _holds_scenario(p, file))
    add(Path.cwd().resolve(), "it is the current folder or one of its parents")
    places.setdefault(Path.home().resolve(), "it is the home folder")
    return places


def _holds_scenario(folder: Path, file: Path) -> str:
    """Why ``folder`` is never replaced: it holds the scenario ``file``, in it or in a
    folder below it (named from ``folder``, so the line never says a folder holds a file
    it does not)."""
    if file.parent == folder:
        return f"it holds the scenario {file.name}"
    return f"it holds the scenario in a folder below it: {file.relative_to(folder)}"


def _existing_ancestor(path: Path) -> Path:
    """The nearest part of ``path`` that exists (``path`` itself when it does)."""
    for p in (path, *path.parents):
        if p.exists() or p.is_symlink():
            return p
    return Path(path.anchor)


def _before_dotdot(path: Path) -> Path | None:
    """The first part of ``path`` that a ``..`` after it cannot climb out of, for it is no
    folder (``new/..``: ``new`` does not exist), or None. The system resolves ``..`` only
    through folders that exist, not by dropping the name before it as ``abspath`` does."""
    for i, part in enumerate(path.parts):
        if part == ".." and i and not Path(*path.parts[:i]).is_dir():
            return Path(*path.parts[:i])
    return None


def results_around(path: Path) -> Path | None:
    """The finsim results folder ``path`` would lie in (the nearest folder above it that
    holds a manifest, where the system's links lead), or None. Results written there
    sit where the user did not name them, and ``--force`` on that folder then refuses
    to lose them: the one place finsim never writes. Links earlier in the path are
    followed (a user's outputs/ or macOS' /tmp may be one); ``path``'s last part is not
    resolved (a link there is refused on its own)."""
    absolute = Path(os.path.abspath(path))
    above = Path(os.path.realpath(absolute.parent))
    for folder in (above, *above.parents):
        if (folder / MANIFEST).is_file():
            return folder
    return None


def check_inside_results(path: Path) -> None:
    """Refuse a ``path`` inside another finsim results folder (``results_around``)."""
    folder = results_around(path)
    if folder is not None:
        raise OutputError(f"{path}: lies inside the finsim results folder {folder} (it "
                          f"holds {MANIFEST}), which --force could then no longer replace; "
                          "choose another --out, outside it")


def check_target(target: Target, needed_bytes: int = 0) -> None:
    """Refuse, before any work, a target the results cannot go to or may not replace."""
    path = target.path
    blocked = _before_dotdot(path)
    if blocked is not None:
        what = "is a file" if blocked.exists() else "does not exist"
        raise OutputError(f"{path}: cannot go through '..' there: {blocked} {what}; "
                          f"choose another --out, without '..'")
    check_inside_results(path)
    sweep(target)
    absolute = Path(os.path.abspath(path))
    if absolute == Path(absolute.anchor):
        raise OutputError(f"{path}: a filesystem root is never a results folder; "
                          "choose another --out")
    ancestor = _existing_ancestor(absolute)
    if ancestor != absolute and not ancestor.is_dir():
        raise OutputError(f"{path}: cannot create a folder under {ancestor}, which is a "
                          "file; choose another --out")
    if ancestor == absolute:
        _check_existing(target)
        ancestor = absolute.parent
    check_names(path, ancestor, [_stray(path, "tmp").name])
    check_writable(path, ancestor)
    _check_space(path, ancestor, needed_bytes)


def _check_existing(target: Target) -> None:
    path = target.path
    if path.is_symlink():
        raise Refused(path, f"is a symbolic link (to {os.readlink(path)}); finsim writes "
                      "results only to real folders")
    if not path.is_dir():
        from ..scenario.reader import file_kind  # here: the reader imports yaml

        raise Refused(path, f"exists and is {file_kind(path.stat().st_mode)}, not a folder")
    why = _protected(target).get(path.resolve())
    if why is not None:
        raise Refused(path, f"finsim never writes its results over this folder ({why})")
    lost = would_be_lost(path)
    if not lost and not any(path.iterdir()):
        return  # an empty folder: nothing to lose
    mark, why = _parsed_manifest(path / MANIFEST)
    if mark is None:
        raise Refused(path, f"exists and is not a finsim results folder ({why}); finsim "
                      "replaces only its own results folders")
    if not target.force:
        raise Refused(path, "holds earlier finsim results",
                      "add --force to replace them, or choose another --out")
    if lost:
        raise Refused(path, "--force would lose what finsim did not write there: "
                      f"{listing(lost)}", "move it away or choose another --out")
    _check_removable(path)


def _check_removable(path: Path) -> None:
    """The old results can be deleted once replaced (a read-only folder cannot)."""
    for folder in (path, path.parent):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise Refused(path, f"cannot replace it, {folder} is read-only",
                          "make it writable or choose another --out")


def check_names(path: Path, ancestor: Path, beside: list[str]) -> None:
    """Refuse, before the work, a ``path`` whose names the filesystem cannot hold: each
    part still to be made, and the names finsim makes beside it (``beside``: its
    temporary folder, 19 bytes longer than --out's name, failed after the whole run)."""
    try:
        most = os.pathconf(ancestor, "PC_NAME_MAX")
    except (OSError, ValueError):
        most = 255
    for part in Path(os.path.abspath(path)).relative_to(ancestor).parts:
        if len(os.fsencode(part)) > most:
            raise OutputError(f"{path}: a name in it is longer than the {most} bytes "
                              f"{ancestor} takes; choose a shorter --out")
    extra = max(len(os.fsencode(name)) for name in beside) - len(os.fsencode(path.name))
    if len(os.fsencode(path.name)) + extra > most:
        raise OutputError(f"{path}: the name is too long: finsim writes a name {extra} bytes "
                          f"longer beside it (its temporary files), and {ancestor} takes "
                          f"names of at most {most} bytes; choose a shorter --out (a name "
                          f"of at most {most - extra} bytes)")


def check_writable(path: Path, ancestor: Path) -> None:
    """Really create (and remove) a folder where the results will go: permissions,
    read-only filesystems and quotas all answer here."""
    try:
        with interrupts.held():  # never a stop between the two
            os.rmdir(tempfile.mkdtemp(prefix=".finsim-probe-", dir=ancestor))
    except OSError as err:
        raise OutputError(f"{path}: cannot write in {ancestor}: {_reason(err)}; choose "
                          "another --out") from None


def _check_space(path: Path, ancestor: Path, needed: int) -> None:
    free = shutil.disk_usage(ancestor).free
    if needed and free < needed:
        raise OutputError(f"{path}: the results need about {_size(needed)}, and {ancestor} "
                          f"has {_size(free)} free; free some space or choose another --out")


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return ""


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


# -- temporary folders, the lock, the commit ----------------------------------------------


def _stray_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.(tmp|old)-(\d+)-[0-9a-f]+")


def sweep(target: Target) -> None:
    """Finish what a killed run left beside the target: an old folder whose swap was cut
    short goes back into place (or away, if the new one made it), temporary folders of
    dead runs go."""
    path, parent = target.path, target.path.parent
    if not parent.is_dir():
        return
    pattern = _stray_pattern(path.name)
    if not any(pattern.fullmatch(p.name) for p in parent.iterdir()):
        return
    try:
        with interrupts.held(), locked(path):  # a stop leaves no lock file behind
            _sweep(path, pattern)
    except OSError:
        return  # cannot lock or repair here; the writability check says why


def _sweep(path: Path, pattern: re.Pattern[str]) -> None:
    """Under the target's lock. An old folder is made and removed only under that lock,
    so one seen here belongs to a run that died in its commit; a temporary folder is
    judged by its own lock (``_remove_if_abandoned``)."""
    for entry in sorted(path.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if not match or entry.is_symlink() or not entry.is_dir():
            continue
        if match[1] == "tmp":
            _remove_if_abandoned(entry)
        elif not path.exists():
            os.replace(entry, path)
            NOTES.append(f"{path}: put the earlier results back in place (a replacement "
                         "was cut short)")
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _remove_if_abandoned(temp: Path) -> None:
    """Remove a temporary folder whose run is gone: one whose ``LIVE`` lock this process
    can take. One without that file (written by a finsim before the lock, perhaps alive
    in another container) or whose lock cannot be tried is left alone: losing a live
    run's work costs more than a stale hidden folder."""
    try:
        fd = os.open(temp / LIVE, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pass  # held: its run lives
    else:
        shutil.rmtree(temp, ignore_errors=True)
    finally:
        os.close(fd)


def _claim(temp: Path, path: Path) -> int:
    """Make the temporary folder with its ``LIVE`` file locked, under the target's lock
    (a sweep, under that lock too, never sees it without); the descriptor to close once
    the folder is committed or removed."""
    with locked(path):
        temp.mkdir()
        fd = os.open(temp / LIVE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise
        return fd


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock file ``.<name>.lock`` beside ``path``, removed after use: every
    commit into ``path`` (a results folder, calibrate's files) happens under it, so two
    runs take turns."""
    lock = path.parent / f".{path.name}.lock"
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # another run removed it while we waited: lock the new one
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def occupied(path: Path) -> bool:
    """Something (a file, a folder, a link, even a broken one) is at ``path``."""
    return path.exists() or path.is_symlink()


def sibling(path: Path, taken: Callable[[Path], bool] = occupied) -> Path:
    """The first free ``<name>.new``, ``<name>.new-2``, ... beside ``path``; ``taken``
    says whether a name is in use (for calibrate, a stem: whether any of its files is)."""
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.name}.new" + (f"-{n}" if n > 1 else ""))
        if not taken(candidate):
            return candidate
    raise OutputError(f"{path}: no free name beside it")


def left_alone(path: Path, placed: list[Path],
               why: str = "appeared while this run worked (another run?)") -> OutputError:
    """The later of two runs into one target, which it found taken at the commit (or,
    with ``--force``, changed so that replacing it would lose something: ``why``): it
    left the target as it is and put its results at ``placed`` (recorded as written).
    The error to raise: exit 2, so a script does not take the target for its results."""
    WRITTEN.extend(placed)
    return OutputError(f"{path}: {why} and was left as it is; this run's results are in "
                       + ", ".join(str(p) for p in placed))


def _stray(path: Path, kind: str) -> Path:
    return path.parent / f".{path.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@contextmanager
def results_folder(target: Target) -> Iterator[Path]:
    """Yield a temporary folder beside the target; on success mark it and commit it.

    Any failure (an exception, Ctrl-C, SIGTERM) removes the temporary folder and the
    parent folders this run made for the target, and leaves the target as it was. Signals
    are held while a folder is made or removed: a stop comes before a folder is made or
    after it is recorded for removal, never in between. An OSError while writing (disk
    full, permissions) becomes an ``OutputError`` naming the target.
    """
    path = target.path
    temp = _stray(path, "tmp")
    made: list[Path] = []
    live: int | None = None
    try:
        try:
            with interrupts.held():
                make_parents(path, made)
                live = _claim(temp, path)
        except OSError as err:
            raise OutputError(f"{path}: cannot create the results folder: "
                              f"{_reason(err)}") from None
        try:
            yield temp
            write_manifest(temp, target.command)
        except OSError as err:
            raise OutputError(f"{path}: writing the results failed ({_reason(err)}); nothing "
                              "was written, "
                              + ("the earlier results are unchanged" if path.exists()
                                 else "no folder was created")) from None
        _commit(temp, target)
    finally:
        with interrupts.held():
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)
            if live is not None:
                os.close(live)  # after the removal: no sweep takes the folder meanwhile
            for parent in reversed(made):  # emptied unless the results went in
                with suppress(OSError):
                    parent.rmdir()


def make_parents(path: Path, made: list[Path]) -> None:
    """Make the missing folders above ``path``, outermost first, each recorded in ``made``
    (one that another run made meanwhile is theirs)."""
    for parent in reversed(path.parents):
        if parent.is_dir():
            continue
        try:
            parent.mkdir()
        except FileExistsError:
            if not parent.is_dir():
                raise
            continue
        made.append(parent)


def _commit(temp: Path, target: Target) -> None:
    """Put the results in place and remove the earlier ones, with signals held and under
    the target's lock: a stop can come before or after, never in between (nothing is
    left beside the target), and a sweep never meets an old folder still in use."""
    path = target.path
    interrupts.lost_stop()  # a Ctrl-C that Python swallowed still stops before the commit
    with interrupts.held():
        try:
            with locked(path):
                (temp / LIVE).unlink()  # the lock itself stays held until the end
                old = _put_in_place(temp, target)
                if old is not None:
                    _remove_replaced(path, old)
        except OSError as err:
            raise OutputError(f"{path}: could not put the results in place "
                              f"({_reason(err)}); nothing was written") from None


def _remove_replaced(path: Path, old: Path) -> None:
    try:
        shutil.rmtree(old)
    except OSError as err:
        raise OutputError(f"{path}: the new results are in place, but the earlier ones "
                          f"could not be removed ({_reason(err)}); they are in {old}") from None


def _put_in_place(temp: Path, target: Target) -> Path | None:
    """The commit, under the target's lock: rename; where the old folder went."""
    path = target.path
    there = occupied(path)
    if there and not target.force and (path.is_symlink() or not path.is_dir()
                                       or any(path.iterdir())):
        raise left_alone(path, [_beside(temp, path)])
    old = None
    if there and target.force:
        try:
            _check_existing(target)  # what is there now, not what was there at the start
        except Refused as refused:
            raise left_alone(path, [_beside(temp, path)],
                             f"changed while this run worked ({refused.what})") from None
        old = _replace(temp, path)
    else:
        os.rename(temp, path)
    WRITTEN.append(path)
    return old


def _beside(temp: Path, path: Path) -> Path:
    """Keep the results of a run that may not replace ``path`` in its first free
    sibling; where they are."""
    place = sibling(path)
    os.rename(temp, place)
    return place


def _replace(temp: Path, path: Path) -> Path:
    """Put ``temp`` at ``path``; return where the earlier folder now is."""
    if _exchange(temp, path):
        old = _stray(path, "old")
        os.rename(temp, old)  # temp now holds the earlier results
        return old
    old = _stray(path, "old")
    os.rename(path, old)
    try:
        os.rename(temp, path)
    except OSError:
        os.rename(old, path)  # roll back
        raise
    return old
