"""Extensions: installed packages that register cost categories or funding rule kinds.

A package declares an entry point in the group ``finsim.extensions`` (its
``pyproject.toml``: ``[project.entry-points."finsim.extensions"] travel =
"finsim_travel"``) naming a module that registers its classes when imported
(``register_category``, ``register_rule_kind``), or a function of no arguments that does.
finsim loads every such entry point once per process, before a scenario is validated
(``load_scenario``, ``finsim.load``, every command), and again in a worker that receives
a compiled program by pickle (spawned, or on a dask cluster: ``Program.__reduce__``), so
the ``finsim`` command and its workers know the extension's keys with no launcher. A
run's ``run.json`` records the extensions loaded (``recorded``), and a record replayed
without one says which (``missing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType
from typing import Any

GROUP = "finsim.extensions"
"""The entry-point group finsim loads extensions from."""


@dataclass(frozen=True)
class Extension:
    """An extension loaded: its entry point's name and value, and the version of the
    package that declares it (None where no installed package does)."""

    name: str
    value: str
    version: str | None

    def said(self) -> str:
        """``'travel' 1.2 (finsim_travel)``: how a message names it."""
        version = f" {self.version}" if self.version else ""
        return f"'{self.name}'{version} ({self.value})"


LOADED: dict[str, Extension] = {}
"""The extensions this process has loaded, by entry-point name, in the order loaded."""
_SCANNED: list[bool] = []
"""Whether this process has looked for installed extensions yet (once: the look takes a
few milliseconds)."""


class ExtensionError(Exception):
    """An installed extension failed to load: one line naming it and the error."""


def load_extensions() -> tuple[Extension, ...]:
    """Load every installed extension not loaded yet (the installed ones are looked up
    once per process), in the order of their names; the extensions loaded. A failing
    one raises ``ExtensionError`` (a line for each that failed) after the others are
    loaded: a scenario read without its keys would be refused key by key, or run without
    its costs. The look counts as done only when all loaded, so a second call raises
    again instead of running without the failed one."""
    if not _SCANNED:
        failed: list[str] = []
        for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
            if point.name not in LOADED:
                try:
                    _load(point)
                except ExtensionError as err:
                    failed.append(str(err))
        if failed:
            raise ExtensionError("\n".join(failed))
        _SCANNED.append(True)
    return tuple(LOADED.values())


def _load(point: EntryPoint) -> None:
    """Import one entry point's module (calling it, if it names a function) and note it."""
    try:
        loaded: Any = point.load()
        if callable(loaded) and not isinstance(loaded, ModuleType | type):
            loaded()
    except Exception as err:  # noqa: BLE001 - any fault of the extension, said in one line
        raise ExtensionError(f"finsim extension '{point.name}' ({point.value}) failed to "
                             f"load: {type(err).__name__}: {err}") from err
    dist = getattr(point, "dist", None)
    LOADED[point.name] = Extension(point.name, point.value, dist.version if dist else None)


def recorded() -> list[dict[str, str | None]]:
    """The extensions loaded, as run.json records them (name, module, version)."""
    return [{"name": e.name, "value": e.value, "version": e.version} for e in LOADED.values()]


def missing(record: Any) -> list[str]:
    """Each extension a run.json's ``extensions`` names that is not loaded here, as a
    message names it (``said``)."""
    entries = record.get("extensions") if isinstance(record, dict) else None
    return [Extension(str(e.get("name")), str(e.get("value")), e.get("version")).said()
            for e in entries or [] if isinstance(e, dict) and e.get("name") not in LOADED]


class Loader:
    """Pickled first with a compiled program: unpickled (in a spawned or cluster
    worker), it loads the installed extensions before the program's parts are restored."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return load_extensions, ()
