"""A count with its noun, singular or plural as the number reads: ``1 replication``,
``2 replications``, ``1.0 months``; ``1 Replikation``, ``24 Monate``.

English and German both take the singular for exactly one and the plural otherwise
(zero, fractions, ``1.0``, ``1,5``), so the rule is the number *as shown*: a count is
singular when it is written ``1``. Every layer writes counts, and lists of them or of
choices (``a, b or c``), into text people read (terminal lines, pages, workbooks,
messages), hence a module of its own with no imports.
"""

from __future__ import annotations


def noun(n: int | float | str, one: str, many: str) -> str:
    """``one`` when ``n`` (a number, or a number as written) reads ``1``, else ``many``."""
    return one if _written(n) == "1" else many


def counted(n: int | float | str, one: str, many: str) -> str:
    """``n`` and its noun: ``counted(1, "slot", "slots")`` is ``1 slot``. A number is
    written as ``str`` writes it; one formatted by the caller (``f"{n:,}"``, German
    digits) is passed as that text."""
    return f"{_written(n)} {noun(n, one, many)}"


def listed(parts: list[str] | tuple[str, ...], last: str = "or") -> str:
    """``a, b or c`` (``last="and"``: ``a, b and c``; ``"oder"``, ``"und"`` in German):
    the one way every message lists its choices, without a serial comma."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def _written(n: int | float | str) -> str:
    return n if isinstance(n, str) else str(n)


SHOWN = 12
"""Items a terminal line lists in full (a city's nine providers, each with its credit
line); at more, the first few and how many more."""


def first_few(parts: list[str], many: str, where: str, shown: int = SHOWN) -> str:
    """``parts`` joined, or the first few and ``… 395 more providers (all in size.json)``:
    a national program's 400 providers would make a line of thousands of characters."""
    if len(parts) <= shown:
        return ", ".join(parts)
    head = shown - 3
    return ", ".join(parts[:head]) + f", … {len(parts) - head} more {many} (all in {where})"
