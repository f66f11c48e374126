"""rich's console for finsim's terminal output, whose reader may stop reading.

``finsim show ... | head -1`` closes the pipe after a line. rich then points stdout at
/dev/null and raises ``SystemExit(1)``, the exit status of a fault in finsim; here the
``BrokenPipeError`` goes on to the command line, which ends every command the same way
when its output is no longer read (``cli.common``).
"""

from __future__ import annotations

from rich.console import Console as RichConsole


class Console(RichConsole):
    """A rich console that leaves a closed pipe to the command line."""

    def on_broken_pipe(self) -> None:
        """Print nothing more here, and raise the ``BrokenPipeError`` being handled."""
        self.quiet = True
        raise  # noqa: PLE0704 - called by rich within its ``except BrokenPipeError``
