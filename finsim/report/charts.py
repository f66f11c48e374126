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


def tidy(fig: Any) -> None:
    """Lay the axes out tightly where there is room. A legend beside the axes can leave
    tight_layout none (it then says so and does nothing): the figure is saved cropped to
    what it draws (``bbox_inches="tight"``), so nothing is lost either way."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Tight layout not applied", UserWarning)
        fig.tight_layout()


def save(fig: Any, path: Path) -> None:
    """Write a figure as a PNG, cropped to what it draws: legends sit beside the axes,
    outside the data, and must not be cut off."""
    tidy(fig)
    fig.savefig(path, dpi=120, bbox_inches="tight")
