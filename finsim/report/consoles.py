"""rich's console for finsim's terminal output, whose reader may stop reading.

``finsim show ... | head -1`` closes the pipe after a line. rich then points stdout at
/dev/null and raises ``SystemExit(1)``, the exit status of a fault in finsim; here the
``BrokenPipeError`` goes on to the command line, which ends every command the same way
when its output is no longer read (``cli.common``).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console as RichConsole
from rich.console import RenderableType

from .table_blocks import fitted


class Console(RichConsole):
    """A rich console that leaves a closed pipe to the command line, and prints a table
    too wide for its width in blocks of columns (``table_blocks``), never a figure cut."""

    def print(self, *objects: RenderableType, **options: Any) -> None:  # noqa: ANN401
        """rich's ``print``, each table in blocks that fit the width."""
        super().print(*fitted(objects, self), **options)

    def on_broken_pipe(self) -> None:
        """Print nothing more here, and raise the ``BrokenPipeError`` being handled."""
        self.quiet = True
        raise  # noqa: PLE0704 - called by rich within its ``except BrokenPipeError``
