"""matplotlib's folder for its settings and font cache, where HOME cannot hold it.

matplotlib keeps them in ``~/.config/matplotlib`` and ``~/.cache/matplotlib`` (on Linux,
or where ``XDG_CONFIG_HOME``/``XDG_CACHE_HOME`` say; ``~/.matplotlib`` elsewhere). Where
it can neither make nor write them (a service account, ``HOME=/nonexistent``, a
read-only home) it prints two warnings on stderr, before finsim's own output, and makes
a temporary folder of its own, which a painter (``report.painter``) that is killed at
the end leaves behind. finsim makes that folder instead, in the process that starts the
painters and outlives them, and removes it as that process exits.

``charts`` calls ``private_if_unwritable`` as it is imported, and every module that
draws imports ``charts`` before matplotlib; ``painter.painting`` calls it before it forks.
The standard library only, and nothing imported unless the default folders are unusable.
"""

from __future__ import annotations

import os
import sys


def private_if_unwritable() -> None:
    """Point ``MPLCONFIGDIR`` at a private temporary folder when matplotlib's default
    folders cannot be made or written, before matplotlib is imported; a value the user
    set is kept. The folder is removed when this process exits (not by its children)."""
    if os.environ.get("MPLCONFIGDIR") or sys.platform == "win32":
        return
    if all(_usable(folder) for folder in _defaults()):
        return
    import atexit
    import tempfile

    from .. import interrupts

    with interrupts.held():  # never the folder without its removal at the exit
        try:
            folder = tempfile.mkdtemp(prefix="finsim-matplotlib-")
        except OSError:
            return  # no temporary folder either: matplotlib says so
        os.environ["MPLCONFIGDIR"] = folder
        atexit.register(_remove, folder, os.getpid())


def _defaults() -> list[str | None]:
    """matplotlib's folders when ``MPLCONFIGDIR`` is not set (``get_configdir``,
    ``get_cachedir``); None for one under a home folder that is unknown."""
    home = os.path.expanduser("~")
    home = None if home == "~" else home
    if not sys.platform.startswith(("linux", "freebsd")):
        return [home and os.path.join(home, ".matplotlib")]
    bases = [os.environ.get(variable) or (home and os.path.join(home, default))
             for variable, default in (("XDG_CONFIG_HOME", ".config"),
                                       ("XDG_CACHE_HOME", ".cache"))]
    return [base and os.path.join(base, "matplotlib") for base in bases]


def _usable(folder: str | None) -> bool:
    """Whether matplotlib can keep its files in ``folder``, asked as matplotlib asks it
    (``_get_config_or_cache_dir``): the folder made if missing, then writable. Asking
    ``os.access`` of the nearest parent alone said yes to ``/proc`` for root, where
    the folder cannot be made."""
    if not folder:
        return False
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.path.isdir(folder) and os.access(folder, os.W_OK)


def _remove(folder: str, owner: int) -> None:
    """The exit handler: the folder goes with the process that made it (a forked child
    inherits the handler, and may exit while the owner still draws)."""
    if os.getpid() == owner:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
