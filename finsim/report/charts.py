"""Charts as PNG files, drawn with matplotlib's object API.

No pyplot: a ``Figure`` renders straight to a file without a GUI backend or global
state, so finsim never changes matplotlib settings for a program that imports it.
matplotlib is imported only when a chart is drawn, keeping ``finsim run`` quick to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def figure(width: float, height: float) -> tuple[Any, Any]:
    """A new figure with one axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def save(fig: Any, path: Path) -> None:
    """Write a figure as a PNG."""
    fig.tight_layout()
    fig.savefig(path, dpi=120)
