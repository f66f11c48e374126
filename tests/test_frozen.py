"""Python's cyclic garbage collection during a run (``report.painter.frozen``): what
exists is frozen for the run and the run undoes it; a freeze made before is left alone;
a helper's imports are frozen where the helper made them."""

from __future__ import annotations

import gc

import pytest

from finsim.commands import JobOptions, run_job
from finsim.report import painter
from finsim.report.painter import Painter, frozen, uncollected

from .conftest import SMALL


@pytest.fixture(autouse=True)
def thawed():  # noqa: ANN201
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_frozen_freezes_what_exists_and_undoes_it():
    kept = [object() for _ in range(3)]  # noqa: F841 - alive while frozen
    with frozen():
        assert gc.get_freeze_count() > 0
        with frozen(), uncollected():  # nested: the outer one undoes it all
            assert not gc.isenabled()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_before_is_left_as_it_is():
    gc.freeze()
    before = gc.get_freeze_count()
    with frozen():
        pass
    assert gc.get_freeze_count() >= before > 0


def test_after_the_command_lines_freeze_frozen_neither_counts_nor_undoes(monkeypatch):
    """The command line freezes its imports for good (``collector.kept``); counting the
    frozen objects then walks them all, so ``frozen`` does not count them, and leaves
    them frozen."""
    from finsim import collector

    monkeypatch.setattr(collector, "_kept", False)
    monkeypatch.setattr(collector, "_own", True)
    with collector.kept():
        kept = [object() for _ in range(3)]  # noqa: F841 - frozen for good

    def counted() -> int:
        raise AssertionError("counted the frozen objects")

    monkeypatch.setattr(gc, "get_freeze_count", counted)
    with frozen():
        pass
    monkeypatch.undo()
    assert gc.get_freeze_count() > 0


def test_a_run_leaves_nothing_frozen(tmp_path, monkeypatch):
    monkeypatch.setattr(painter, "_alone", lambda: True)  # forks as the command does
    seen = []
    real = Painter.send

    def send(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(gc.get_freeze_count())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Painter, "send", send)
    run_job(SMALL, JobOptions(replications=3, jobs=1, out=tmp_path / "res"))
    assert seen and min(seen) > 0  # the run froze what it had
    assert gc.get_freeze_count() == 0
    assert (tmp_path / "res" / "cashflow.png").exists()


def test_a_helper_collects_only_what_it_made(monkeypatch):
    """A helper freezes what it inherited and what its warm-up imported: its collections
    then traverse only what its job makes."""
    monkeypatch.setattr(painter, "_alone", lambda: True)
    with painter.painting(warm=lambda: None) as helper:
        assert helper.forked
        helper.send(_report_frozen, [])
        with pytest.raises(RuntimeError, match="frozen [1-9]"):
            helper.finish()


def _report_frozen(_: list) -> None:
    raise RuntimeError(f"frozen {gc.get_freeze_count()}")


def test_the_command_line_called_from_python_freezes_nothing(monkeypatch):
    """Only the ``finsim`` program freezes its imports for good: called from a Python
    session (tests, a notebook), a command's imports are only paused, so a later run
    still undoes its own freeze."""
    from finsim import collector

    monkeypatch.setattr(collector, "_own", False)
    monkeypatch.setattr(collector, "_kept", False)
    with collector.kept():
        pass
    assert gc.get_freeze_count() == 0 and collector.nothing_frozen()


def test_a_python_sessions_imports_are_aged_not_frozen(monkeypatch):
    """In a Python session (a notebook, the Python API's first call), what the imports
    made goes to the collector's oldest generation untraversed (``collector.aged``): the
    next collections of the young generations find nothing of it, and a full collection
    still frees what of it is garbage; nothing stays frozen. Where nothing was imported (a
    later call) or something is frozen already (an unfreeze would thaw it), nothing moves."""
    import sys
    import types

    from finsim import collector

    def imported() -> None:  # a module loaded anew, as a first call's imports are
        name = f"_finsim_aged_{len(sys.modules)}"
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))

    monkeypatch.setattr(collector, "_own", False)
    monkeypatch.setattr(collector, "_kept", False)
    with collector.kept():
        imported()
        made = [[] for _ in range(1000)]  # tracked containers, as an import makes
    assert gc.get_freeze_count() == 0 and gc.get_count()[0] < 100
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(o) in oldest for o in made)
    cycle: list = []
    cycle.append(cycle)
    with collector.kept():
        imported()  # the cycle is aged with the rest ...
    del cycle
    assert gc.collect() >= 1  # ... and still collected

    with collector.kept():  # nothing imported (a later call): nothing aged
        young = [[] for _ in range(10)]
    assert not any(id(o) in {id(x) for x in gc.get_objects(generation=2)} for o in young)
    gc.freeze()
    with collector.kept():
        imported()
        young = [[] for _ in range(10)]
    assert gc.get_freeze_count() > 0
    assert not any(id(o) in {id(x) for x in gc.get_objects(generation=2)} for o in young)
