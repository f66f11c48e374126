"""The results folder, written by helper processes that loaded their libraries early.

Loading matplotlib costs about as much as drawing a seed run's charts with it. Helpers
are forked when ``finsim run`` starts, before any worker pool or cluster client exists.
The command line forks the painter before it imports finsim's models: the painter
imports matplotlib and warms it up on the core that their import leaves idle, and never
imports them itself, since its job comes as plain data (``report.drawing``). Where the
replications leave a core idle (``--jobs 1`` on two cores), a writer imports XlsxWriter
and the tables' code on it meanwhile (no pandas: a run's tables are written from plain
columns). Where that core is the only one left idle, the writer warms up after the
painter (or when its job comes, if sooner), so that the replications never share a core
with a warm-up. Each waits on a pipe for its job: the painter draws ``cashflow.png`` and
``report.html`` from the charts' data, the writer writes the CSV tables and
``results.xlsx`` from the result, into the temporary results folder, at the same time;
``run.json`` follows here once both are done (its ``command_seconds`` counts the whole
folder), and then the folder is committed.
A failure in a helper is raised here as the same exception (its traceback attached as a
note), so it is reported and exits as if the files had been written here; a helper that
vanished (killed from outside) is replaced by writing here. Stopping (an error, Ctrl-C,
SIGTERM) kills and reaps the helpers before the temporary folder is removed, so nothing
is written after.

Fork only where the worker pool forks too (POSIX) and only while this process runs no
other thread (a dask client, a notebook kernel): otherwise, or if the fork fails, the
files are written in this process. Either way the files are the same, byte for byte.
"""

from __future__ import annotations

import gc
import importlib.machinery
import importlib.util
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import collector, interrupts
from .mplconfig import private_if_unwritable

if TYPE_CHECKING:
    from .drawing import BalanceLayout, RunCharts


SEND_BYTES = 64 * 2**20
"""A result holding more than this is not sent to a writer started earlier (copying it
through a pipe costs time and as much memory again): a writer forked when the result is
ready inherits it instead."""

Job = tuple[Callable[..., Any], tuple]
"""A function and its arguments: what a painter runs (``finish`` returns what it returns)."""
Warm = Callable[[], None]
"""What a helper loads while it waits for its job."""


def draw_charts(layout: BalanceLayout, folder: Path) -> None:
    """``cashflow.png`` and ``report.html`` into ``folder``: the png's layout comes with
    the job, the charts' data (``files.run_charts``) is the next value ``post``ed, the
    page (if it did not come with them) the one after. In a painter (matplotlib warm) a
    helper forked from it at once, which inherits the warm matplotlib, lays the png out
    while the data is made, then draws ``cashflow.png``; the painter draws the page's
    other charts once the page comes (after the owner's tables, when a core is free) and
    then puts the page together. The page's cash chart is drawn by whichever of the two
    is done first (``Claim``): the two end together, where a fixed share left one core
    idle while the other drew it (one or the other came out longer by up to a tenth of a
    second, as the machine's load fell on one or the other). Elsewhere all is drawn
    here, one after the other."""
    with Claim() as cash, painting((_draw_balance, (layout, folder, cash)),
                                   fork=_warm) as balance:
        charts = received()
        balance.post(charts)
        page = charts.page if charts.page is not None else received()

        def cash_svg() -> str:
            """The cash chart's SVG, drawn here if the helper has not taken it, once
            ``cashflow.png`` is drawn (or drawn here if the helper took it and vanished)."""
            mine = charts.cash.svg() if cash.take() else None
            theirs = balance.finish()
            return mine or theirs or charts.cash.svg()

        html = page.html({type(charts.cash): cash_svg})
    (folder / "report.html").write_text(html, encoding="utf-8")


def _draw_balance(layout: BalanceLayout, folder: Path, cash: Claim) -> str | None:
    """``cashflow.png``, laid out before its data (the next value ``post``ed: the
    ``RunCharts``) comes, then the SVG of the page's cash chart (the same band as the
    png's first panel), returned, unless the painter took it first (None)."""
    canvas = layout.canvas()
    charts: RunCharts = received()
    canvas.draw(charts.balance, folder / "cashflow.png")
    return charts.cash.svg() if cash.take() else None


class Claim:
    """One piece of work that two processes (a painter and the helper it forked) may
    each do, done by the first to ``take`` it: a pipe holding one byte, read by whoever
    comes first (a pipe's read of one byte is atomic: one reader gets it, the others
    read the end of the pipe). Made before the fork, so both hold it."""

    def __init__(self) -> None:
        self._read, write = os.pipe()
        os.write(write, b"1")
        os.close(write)

    def take(self) -> bool:
        """Whether this process has the work (it had not been taken)."""
        return os.read(self._read, 1) == b"1"

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *_: object) -> None:
        os.close(self._read)


class Painter:
    """Runs a drawing job: in a forked process started by ``start``, or here."""

    def __init__(self) -> None:
        self._process: Any = None
        self._pipe: Any = None
        self._job: Job | None = None
        self._posted: list[Any] = []
        """What ``post`` gave the job, kept for drawing here if the painter vanishes."""
        self._warmed: int | None = None
        """Readable once the forked painter has warmed up (or has ended)."""

    @property
    def forked(self) -> bool:
        """Whether the job runs in another process (else ``finish`` runs it here)."""
        return self._process is not None

    @classmethod
    def start(cls, job: Job | None = None, fork: bool = True, warm: Warm | None = None,
              after: Painter | None = None) -> Painter:
        """A painter in a forked process where that is safe (and ``fork``), else one
        that draws here. Without ``job`` it runs ``warm`` (default: ``warm_charts``) and
        waits for ``send``; with it, it runs the job at once (the job is inherited, not
        sent). With ``after`` (a painter warming up), it warms up only once that one is
        warm (or has ended) or its own job has come: two warm-ups at once would take a
        core from the replications where they leave only one idle."""
        painter = cls()
        painter._job = job
        if not fork or os.name != "posix" or not _alone():
            return painter
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        warmed, told = os.pipe()
        warm = warm or warm_charts
        turn = after._warmed if after is not None else None
        name = "finsim-writer" if warm is warm_tables else "finsim-painter"
        process = context.Process(target=_paint, name=name,  # not a daemon: it may fork
                                  args=(there, job, os.getpid(), warm, told, turn))
        try:
            process.start()
        except OSError:  # no process to spare: draw here
            here.close()
            os.close(warmed)
            return painter
        finally:
            there.close()
            os.close(told)  # the painter holds the only copy: ``warmed`` reads its end
        if not _inside:
            _lead(process.pid)
        painter._process, painter._pipe, painter._warmed = process, here, warmed
        return painter

    def send(self, function: Callable[..., None], *args: Any, large: bool = False) -> None:
        """Hand a job over: the painter starts on it at once (here: at ``finish``). A
        ``large`` job (more than ``SEND_BYTES``) is not copied through the pipe: a painter
        forked now inherits it (and imports matplotlib itself)."""
        self._job = (function, args)
        if self._process is None:
            return
        if large:
            self.stop()
            with interrupts.held():  # named before a stop can come: ``stop`` reaps it
                fresh = Painter.start(self._job)
                self._process, self._pipe, self._warmed = (fresh._process, fresh._pipe,
                                                           fresh._warmed)
            return
        try:
            self._pipe.send(self._job)
        except OSError:  # the painter is gone: ``finish`` draws here
            self.stop()

    def post(self, value: Any) -> None:
        """Give the job a value after it started (it takes it with ``received``): through
        the pipe to a forked painter, else kept for the job run here."""
        self._posted.append(value)
        if self._process is None:
            return
        try:
            self._pipe.send(value)
        except OSError:  # the painter is gone: ``finish`` draws here
            self.stop()

    def finish(self, reap: bool = True) -> Any:
        """Wait until the job is done and return what it returned; raise what it raised.
        Without ``reap``, a forked painter whose job is done is left to end on its own
        (it has written all it writes) and to ``stop`` to reap later: its exit, the
        system freeing its memory (6 to 12 ms), then overlaps what the owner does next."""
        job, self._job = self._job, None
        posted, self._posted = self._posted, []
        if job is None:
            return None
        if self._process is not None:
            try:
                failure, value = self._pipe.recv()
            except (EOFError, OSError):  # the painter vanished: draw here instead
                self.stop()
            else:
                if reap:
                    self.stop()
                if failure is not None:
                    raise failure
                return value
        function, args = job
        _inbox.extend(posted)
        try:
            return function(*args)
        finally:  # what the job did not take is not left for another
            _inbox[:] = [v for v in _inbox if not any(v is p for p in posted)]

    def stop(self) -> None:
        """End the painter whatever it is doing, and reap it."""
        process, self._process = self._process, None
        if process is None:
            return
        self._pipe.close()
        os.close(self._warmed)
        self._warmed = None
        if process.is_alive():  # with the helper it forked, if any (its own group)
            with suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.kill()
        process.join()
        process.close()


@contextmanager
def painting(job: Job | None = None, fork: bool = True, warm: Warm | None = None,
             after: Painter | None = None) -> Iterator[Painter]:
    """A painter (``Painter.start``) that is always stopped and reaped at the end.
    ``numpy.ma`` is loaded first, once for both sides of the fork: the painter's
    matplotlib needs it, and so do this process's percentiles after the replications
    (numpy's, which load it), as does a writer's tables."""
    painter = None
    private_if_unwritable()  # here, in the process that outlives the painters
    with collector.kept():
        import numpy.ma  # noqa: F401
    try:
        with interrupts.held():  # a stop waits until the painter exists and is named
            painter = Painter.start(job, fork, warm, after)
        yield painter
    finally:
        if painter is not None:
            painter.stop()


def finish(*painters: Painter, reap: bool = True) -> None:
    """Wait for each painter's job, raising the first failure: the jobs that run here
    first, so that the forked ones work meanwhile (``reap``: ``Painter.finish``)."""
    for painter in sorted(painters, key=lambda p: p.forked):
        painter.finish(reap)


def _alone() -> bool:
    """Whether this process runs no thread but this one: only then is a fork safe (a
    thread may hold a lock the child would wait on forever)."""
    return threading.active_count() == 1


_inside = False
"""Whether this process is a painter (or a painter's helper)."""
_owner: Any = None
"""In a painter (or a helper): the pipe from the process that started it."""
_owner_pid = 0
"""In a painter (or a helper): the process that started it."""
_inbox: list[Any] = []
"""What ``post`` gave a job that runs in this process (``received``)."""
_warm = False
"""Whether this process has matplotlib imported and warmed up (a painter's helper has)."""


def received() -> Any:
    """In a painter's job: the next value its owner ``post``ed (it waits for it). A
    helper whose owner ended first raises ``EOFError``: it holds both ends of its own
    pipe (forked with them), so the pipe alone would never say so, and the helper would
    keep its owner's owner waiting on the pipe it also holds."""
    if _inbox:
        return _inbox.pop(0)
    if not _wait(_owner_pid, _owner):
        raise EOFError("the painter's owner ended before it posted the job's value")
    return _owner.recv()


def _paint(pipe: Any, job: Job | None, parent: int, warm: Warm, told: int,
           turn: int | None) -> None:
    """A painter: ``warm`` (import and warm up; with ``turn``, once that is readable or
    the job has come), say so on ``told``, then run the one job it has or is sent, and
    send back ``(failure, value)``: the exception it raised or None, and what it
    returned (``Painter.finish``). It ends when its parent does (the
    parent's worker processes share the pipe, so the end of the pipe may come late)."""
    global _inside, _owner, _owner_pid
    _owner, _owner_pid = pipe, parent
    _inbox.clear()  # a helper forked by a job run in its owner: its values come by the pipe
    interrupts.child()  # the parent acts on Ctrl-C and SIGTERM: it stops the painter
    if not _inside:  # a painter's own helper stays in the painter's group
        _lead(os.getpid())
    _inside = True
    gc.freeze()  # what the parent made is never traversed here (``frozen``)
    if job is None:
        try:
            if turn is not None:
                if not _wait(parent, pipe, turn):
                    return
                if pipe.poll():  # the job came first: take it (its sender waits) and go
                    job = pipe.recv()
            with uncollected():
                warm()
            os.write(told, b"w")
            if job is None:
                if not _wait(parent, pipe):
                    return
                job = pipe.recv()
        except (EOFError, OSError):  # stopped before there was anything to draw
            return
    function, args = job
    value = None
    try:
        with collector.paused():  # it ends after one job: its garbage goes with it
            value = function(*args)
    except BaseException as err:  # noqa: BLE001 - raised again in the parent
        failure = _portable(err, "the tables' writer" if warm is warm_tables
                            else "the chart painter")
    else:
        failure = None
    with suppress(OSError):  # the owner stopped waiting (killed meanwhile): nobody to tell
        pipe.send((failure, value))


@contextmanager
def frozen() -> Iterator[None]:
    """What exists now is left out of Python's cyclic garbage collection until the end
    (``gc.freeze``): modules, a scenario, a result live that long anyway, and each
    collection of the oldest generation would traverse them all again (about a tenth of
    the time of importing matplotlib, a twentieth of a worker's replications);
    a process forked meanwhile does not traverse them either, and so does not copy their
    memory page by page. Undone at the end, unless objects were frozen before (then by
    whoever froze them)."""
    first = collector.nothing_frozen()
    gc.freeze()
    try:
        yield
    finally:
        if first:
            gc.unfreeze()


@contextmanager
def uncollected() -> Iterator[None]:
    """No collection while libraries are imported (an import makes only long-lived
    objects, nothing to collect), and what they made frozen before the collector runs
    again: only in a helper or within ``frozen``, which undoes it."""
    with collector.paused(freeze=True):
        yield


def _lead(pid: int) -> None:
    """Make a painter the leader of a process group of its own (both the painter and
    its parent say so, whichever runs first): ``stop`` ends it and the helper it may
    have forked in one step."""
    with suppress(OSError):  # ended already, or the other side was first
        os.setpgid(pid, pid)


def _wait(parent: int, *sources: Any) -> bool:
    """Wait until one of ``sources`` (pipes) can be read; False if the parent ended."""
    while not multiprocessing.connection.wait(sources, timeout=1.0):
        if os.getppid() != parent:
            return False
    return True


def _portable(err: BaseException, where: str) -> BaseException:
    """The exception as the parent can receive it, with the helper's traceback."""
    import pickle

    err.add_note(f"in {where}:\n" + "".join(traceback.format_exception(err)))
    try:
        pickle.loads(pickle.dumps(err))  # some exceptions pickle but cannot be rebuilt
    except Exception:  # noqa: BLE001 - an exception that cannot travel: its text does
        plain = RuntimeError(f"{type(err).__name__}: {err}")
        plain.__notes__ = err.__notes__
        return plain
    return err


def warm_tables() -> None:
    """Import XlsxWriter and the code that writes the tables (no pandas: they are
    written from numpy columns)."""
    from . import csv_text, files, results_book, tables  # noqa: F401 - and xlsxwriter


def warm_charts() -> None:
    """Import matplotlib's figure, PNG and SVG machinery, Pillow's image plugins (which
    it loads at its first save) and what the charts need of finsim, and load the font:
    once here, for the balance chart and the page's helper forked from here. No figure
    is drawn: drawing one cost more CPU (about a tenth of a second) than it spared the
    real charts. The page's SVG figures and their axes are made, blank, while there is
    a core to spare (``charts.make_ahead``). In a painter, matplotlib is imported lean
    (``_lean_matplotlib``)."""
    global _warm
    if _warm:
        return
    _warm = True
    with _lean_matplotlib() if _inside else nullcontext():
        from matplotlib.backends import backend_agg, backend_svg  # noqa: F401
        from matplotlib.figure import Figure  # noqa: F401
        from matplotlib.font_manager import FontProperties
        from PIL import Image

        from . import drawing, legends, ticks  # noqa: F401 - what the charts need of finsim
    Image.preinit()
    with suppress(Exception):
        backend_agg.RendererAgg(1, 1, 100).get_text_width_height_descent(
            "Äg", FontProperties(), ismath=False)
    from .charts import make_ahead

    make_ahead(drawing.RUN_PAGE)
    drawing.png_ahead()


THREE_D = "mpl_toolkits.mplot3d"


@contextmanager
def _lean_matplotlib() -> Iterator[None]:
    """matplotlib imported without what a painter never uses, about half the CPU of
    importing it (some 0.15-0.2 s):

    - the signatures and docstrings of the artists' ``set`` methods, which list every
      property: matplotlib makes them for each artist class as the class is defined,
      inspecting each of its setters (``Artist._update_set_signature_and_docstring``,
      ``matplotlib.artist.kwdoc``); meanwhile the first only marks ``set`` as made (its
      subclasses' ``set`` are made the same way; ``set`` itself works as before) and
      ``kwdoc`` (which other docstrings quote) gives "";
    - the 3D axes: matplotlib's projections import them if they can (a failed import
      leaves the 3D projection out, with a warning); the module is marked missing
      meanwhile;
    - fontTools' glyph list (``fontTools.agl``, about 13 ms of CPU): matplotlib's DVI
      reader imports it for TeX's fonts, which finsim's charts never use; it is loaded
      lazily (``importlib.util.LazyLoader``: at its first use, if any).

    Only in a painter, which draws finsim's charts and nothing else (its charts are the
    same, byte for byte): all is undone after, but the artist classes defined meanwhile
    keep their plain ``set`` and the 3D projection stays unregistered. Where matplotlib's
    figure is imported already, nothing changes; whatever a matplotlib lacks of this is
    left alone."""
    if "matplotlib.figure" in sys.modules:
        yield
        return
    import matplotlib.artist as artist

    kwdoc = getattr(artist, "kwdoc", None)
    artist.kwdoc = lambda _: ""
    signature = vars(artist.Artist).get("_update_set_signature_and_docstring")
    if signature is not None:
        artist.Artist._update_set_signature_and_docstring = classmethod(_set_made)
    three_d = THREE_D not in sys.modules
    if three_d:
        sys.modules[THREE_D] = None  # type: ignore[assignment] - the import system's "missing"
    sys.meta_path.insert(0, _LazyGlyphList)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Unable to import Axes3D", UserWarning)
            yield
    finally:
        sys.meta_path.remove(_LazyGlyphList)
        if kwdoc is None:
            del artist.kwdoc
        else:
            artist.kwdoc = kwdoc
        if signature is not None:
            artist.Artist._update_set_signature_and_docstring = signature
        if three_d and sys.modules.get(THREE_D, 0) is None:
            del sys.modules[THREE_D]


class _LazyGlyphList:
    """An import finder for ``_lean_matplotlib``: ``LAZY``'s module is loaded at its first
    use rather than when imported."""

    LAZY = "fontTools.agl"

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        """The module's own spec, its loader made lazy; None for any other module."""
        if name != cls.LAZY:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def _set_made(cls: type) -> None:
    """What matplotlib checks of an artist class's ``set`` (that it was made for the
    class, so that its subclasses get theirs), without the signature and docstring."""
    cls.set._autogenerated_signature = True  # type: ignore[attr-defined]
