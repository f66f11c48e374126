"""Tables that fit the terminal: a figure, a year and an id are never cut.

rich fits a table too wide for the terminal by narrowing every column, and a column
narrower than its figure shows ``1,936,2…``: a budget request cut in a plan kept in a
log. Here a table too wide is split instead, its columns in blocks, each block a table
of its own with the row labels.
"""

from __future__ import annotations

import copy

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Column, Table

LABEL_WIDTH = 16
"""The row labels' width a block keeps at least (their longest word, if shorter, or
their whole text): narrower, they would wrap into a column of syllables."""


def blocks(table: Table, console: Console) -> list[Table]:
    """``table`` itself where it fits ``console``'s width, else its columns in blocks that
    each fit: the row labels (the leading left-justified columns: wrapped, a word longer
    than the column folded, never cut) in every block, and the other columns (figures,
    years as columns) in their order, as many as fit, each as wide as its widest figure;
    the title over the first block, the caption under the last."""
    whole = [_measure(column, console, whole_header=True) for column in table.columns]
    if sum(m.maximum for m in whole) + _frame(len(whole)) <= console.width:
        return [table]  # rich prints it at full widths: nothing narrowed
    measures = [_measure(column, console) for column in table.columns]
    labels = _label_count(table)
    label_widths = [m.maximum if table.columns[i].no_wrap else
                    min(m.maximum, max(m.minimum, LABEL_WIDTH))
                    for i, m in enumerate(measures[:labels])]
    figure_widths = [m.maximum for m in measures[labels:]]
    parts = _packed(figure_widths, console.width - sum(label_widths) - _frame(labels))
    out = []
    for k, part in enumerate(parts):
        block = copy.copy(table)
        block.columns = [_label(column, i) for i, column in enumerate(table.columns[:labels])]
        block.columns += [_figure(table.columns[labels + j], labels + n, figure_widths[j])
                          for n, j in enumerate(part)]
        block.title = table.title if k == 0 else ("(continued)" if table.title else None)
        block.caption = table.caption if k == len(parts) - 1 else None
        out.append(block)
    return out


def _measure(column: Column, console: Console, whole_header: bool = False) -> Measurement:
    """The column's narrowest and widest text (header and cells) without padding; its
    header counts with its longest word, as a figure column of a block wraps its header,
    or ``whole_header`` whole, as rich measures it."""
    cells = [Measurement.get(console, console.options, cell) for cell in column.cells]
    header = Measurement.get(console, console.options, column.header)
    widest = header.maximum if whole_header else header.minimum
    return Measurement(max([header.minimum, *(c.minimum for c in cells)]),
                       max([widest, *(c.maximum for c in cells)]))


def _frame(columns: int) -> int:
    """What a table of ``columns`` columns adds to their texts: a space either side of
    each, a line between two and at both edges."""
    return 2 * columns + columns + 1


def _label_count(table: Table) -> int:
    """The leading left-justified columns: the row labels every block repeats."""
    count = 0
    for column in table.columns:
        if column.justify != "left":
            break
        count += 1
    return count


def _packed(widths: list[int], room: int) -> list[list[int]]:
    """The figure columns' indices in as few blocks as fit ``room`` (a column's width
    with its padding and line: 3 more), in order, one column at least per block; as
    even in count as fit, so that no block holds a lone column."""
    greedy = _filled(widths, room)
    size = -(-len(widths) // len(greedy))  # ceil: even blocks of as many blocks
    even = [list(range(i, min(i + size, len(widths)))) for i in range(0, len(widths), size)]
    fits = all(sum(widths[i] + 3 for i in part) <= room for part in even)
    return even if fits and len(even) == len(greedy) else greedy


def _filled(widths: list[int], room: int) -> list[list[int]]:
    """The figure columns' indices in blocks, each filled up to ``room`` in order."""
    parts: list[list[int]] = [[]]
    used = 0
    for i, width in enumerate(widths):
        if parts[-1] and used + width + 3 > room:
            parts.append([])
            used = 0
        parts[-1].append(i)
        used += width + 3
    return parts


def _label(column: Column, index: int) -> Column:
    """A row-label column of a block: it wraps, a word too long folded, never cut."""
    return _copied(column, index, overflow="fold")


def _figure(column: Column, index: int, width: int) -> Column:
    """A figure column of a block, fixed at its widest figure, which rich never narrows."""
    return _copied(column, index, width=width)


def _copied(column: Column, index: int, **changes: object) -> Column:
    """A copy of ``column`` as a block's ``index``-th, with ``changes``."""
    out = copy.copy(column)
    out._index = index
    for name, value in changes.items():
        setattr(out, name, value)
    return out


def fitted(objects: tuple[RenderableType, ...], console: Console) -> list[RenderableType]:
    """``objects`` to print, each table as its ``blocks``."""
    return [block for o in objects
            for block in (blocks(o, console) if isinstance(o, Table) else [o])]
