"""finsim: forecast what a social labour market program does and costs, and who pays.

From Python::

    import finsim
    result = finsim.run("scenarios/aktiv-statt-passiv-2013.yaml", replications=200)
    result.summary()

``load``, ``run``, ``compare``, ``sensitivity`` and ``size`` are imported on first use,
so ``import finsim`` stays light (docs/python-api.md has a worked example); a bad
scenario or argument raises ``finsim.ScenarioError``, one line per problem, and what a
call's result warns about is also issued as a ``finsim.FinsimWarning``, what it notes as a
``finsim.FinsimNote``. The package
is a pipeline, each layer importing only those before it: scenario -> simulation ->
ledger -> funding -> program/replication -> montecarlo -> analysis -> report ->
commands -> cli.
"""

from __future__ import annotations

from types import ModuleType as _ModuleType

__version__ = "0.1.0"
__all__ = ["FinsimNote", "FinsimWarning", "ScenarioError", "compare", "load", "run",
           "sensitivity", "size"]
_LAZY = frozenset(__all__) - {"FinsimNote", "FinsimWarning"}
"""The names ``api`` holds, loaded on first use."""

TYPE_CHECKING = False
"""typing's own flag, without importing typing (about 5 ms): the ``finsim`` program loads
this package before it installs its signal handler (``cli.console``), so less here is
less time in which a Ctrl-C would end it with a traceback."""
if TYPE_CHECKING:
    from typing import Any

    from .api import ScenarioError, compare, load, run, sensitivity, size


class FinsimWarning(UserWarning):
    """What a call's result warns about (``result.warnings``: a wage below the minimum
    wage, an empty year...), issued by ``warnings.warn`` as the call returns, so that a
    notebook shows it; defined here, not in ``api``, so that a filter
    (``warnings.filterwarnings("ignore", category=finsim.FinsimWarning)``) loads nothing."""


class FinsimNote(UserWarning):
    """What a call's result notes (``result.notes``: the minimum wage finsim assumes past
    the statutory table), issued as ``FinsimWarning`` is, but not one: a filter that
    turns finsim's warnings into errors, as ``--strict`` refuses them, lets notes pass."""


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import collector

        with collector.kept():
            from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'finsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    """What a notebook's completion offers after ``finsim.``: the five calls (loaded on
    first use, so not yet in the module), ``FinsimWarning``, ``FinsimNote`` and the
    subpackages imported so far, not the names this file imports for itself."""
    own = {name for name, value in globals().items()
           if name.startswith("__") or isinstance(value, _ModuleType)}
    return sorted(own | set(__all__))
