"""A painter loads what the charts need and no more: matplotlib without its 3D axes and
without the property lists of its artists' set() signatures and docstrings, finsim's
drawing of plain chart data without finsim's models (pydantic, the scenario) and without
the terminal's rich, and draws no warm-up figure; the files it then draws are those
drawn without that warm-up."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

PAINTER = """
import sys
import warnings
warnings.simplefilter("error")  # the skipped 3D import must not warn
import finsim.cli.run  # what the command line has loaded when it starts the painter
from finsim.report import painter
painter._inside = {inside}
painter.warm_charts()
from matplotlib import projections
print(sorted(m for m in ("rich", "mpl_toolkits.mplot3d", "matplotlib.figure",
                         "matplotlib.backends.backend_svg", "finsim.report.drawing",
                         "finsim.report.html", "finsim.scenario.model", "pydantic")
             if m in sys.modules))
print(type(sys.modules["fontTools.agl"]).__name__)  # imported, not yet loaded
print("3d" in projections.get_projection_names())
import matplotlib.artist
from matplotlib.lines import Line2D
import inspect
print("linewidth:" in (Line2D.set.__doc__ or ""), "linewidth" in str(inspect.signature(Line2D.set)),
      matplotlib.artist.kwdoc.__name__,
      matplotlib.artist.Artist._update_set_signature_and_docstring.__name__)
Line2D([0], [0]).set(linewidth=3, color="red")  # set works without its signature
import fontTools.agl
print(fontTools.agl.toUnicode("Aacute"), type(fontTools.agl).__name__)  # loaded when used
"""


def _run(program: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()


def test_a_painter_loads_matplotlib_without_3d_and_none_of_finsims_models() -> None:
    assert _run(PAINTER.format(inside=True)) == [
        "['finsim.report.drawing', 'matplotlib.backends.backend_svg', 'matplotlib.figure']",
        "_LazyModule",  # fontTools' glyph list: loaded at its first use (TeX's fonts)
        "False", "False False kwdoc _update_set_signature_and_docstring",  # matplotlib's
        "\u00c1 module"]  # own kwdoc and set maker are back after the painter's import


def test_outside_a_painter_matplotlib_keeps_its_3d_axes() -> None:
    """warm_charts where a program may draw charts of its own: matplotlib as usual."""
    modules, glyphs, three_d, docs, _ = _run(PAINTER.format(inside=False))
    assert glyphs == "module"
    assert "mpl_toolkits.mplot3d" in modules
    assert three_d == "True"
    assert docs == "True True kwdoc _update_set_signature_and_docstring"


DRAW = """
import sys
from pathlib import Path
from finsim.montecarlo import RunSpec, run
from finsim.report import files, painter
from finsim.scenario import load_scenario
result = run(RunSpec(load_scenario({path!r}), 4, 7), jobs=1)
if {warm}:
    painter._inside = True
    painter.warm_charts()
charts = files.run_charts(result, "de")
here = painter.Painter()
here.send(painter.draw_charts, charts.balance.layout, Path({out!r}))
here.post(charts)
here.finish()
"""


def test_the_charts_drawn_after_the_warm_up_are_the_charts_drawn_without(tmp_path) -> None:
    """After the painter's warm-up (and with the page drawn by its forked helper) the
    files are those of a process that imports matplotlib when it draws, byte for byte."""
    for warm in (True, False):
        out = tmp_path / str(warm)
        out.mkdir()
        _run(DRAW.format(path=str(ROOT / "tests" / "fixtures" / "small.yaml"), warm=warm,
                         out=str(out)))
    for name in ("cashflow.png", "report.html"):
        assert (tmp_path / "True" / name).read_bytes() == (tmp_path / "False" / name).read_bytes()


AFTER_WARM = """
import sys
from pathlib import Path
from finsim.montecarlo import RunSpec, run
from finsim.report import files, painter
from finsim.scenario import load_scenario
charts = files.run_charts(run(RunSpec(load_scenario({path!r}), 4, 7), jobs=1), "de")
painter._inside = True
painter.warm_charts()
before = set(sys.modules)
charts.balance.png(Path({out!r}) / "cashflow.png")
charts.page.html()
print(sorted(set(sys.modules) - before))
"""


def test_the_charts_import_nothing_after_the_warm_up(tmp_path) -> None:
    """What the charts load (Pillow's plugins at its first save, the tick locator) is
    loaded while the painter waits, not when the charts are drawn."""
    assert _run(AFTER_WARM.format(path=str(ROOT / "tests" / "fixtures" / "small.yaml"),
                                  out=str(tmp_path))) == ["[]"]


EARLY = """
import sys
from finsim.report import painter
real = painter.Painter.start.__func__
seen = []
def start(cls, *args, **kwargs):
    seen.append(sorted(m for m in ("finsim.scenario.model", "pydantic", "simpy")
                       if m in sys.modules))
    return real(cls, *args, **kwargs)
painter.Painter.start = classmethod(start)
from finsim.cli import main
main(sys.argv[1:], standalone_mode=False)
print(seen[0])
"""


def test_the_command_line_starts_the_painter_before_finsims_models_load(tmp_path) -> None:
    """``finsim run`` forks its painter first, so that matplotlib loads on the core the
    import of finsim's models leaves idle."""
    done = subprocess.run([sys.executable, "-c", EARLY, "run", str(ROOT / "tests" / "fixtures"
                           / "small.yaml"), "-q", "-n", "2", "--out", str(tmp_path / "res")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert (tmp_path / "res" / "report.html").stat().st_size > 1000

