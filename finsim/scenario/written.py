"""Numbers as a German spreadsheet or letter writes them, which YAML reads as other
numbers without a word.

``78.000`` (a thousands point: 78,000 EUR) is the float 78.0 to YAML, and ``1.234.567``
is text. The scenario reader keeps both as written (``Written``), so that a thousands
point is refused as ambiguous (``thousands``; ``--param`` asks the same).
"""

from __future__ import annotations

import re

THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+")
"""A number with thousands points: a first group of one to three digits (not 0: ``0.750``
is a decimal) and groups of exactly three digits after points (``78.000``, ``1.234.567``)."""


class Written(str):
    """A plain YAML scalar kept as its text (``78.000``), not the number YAML makes of
    it; quoted in a line as written, without quotes."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def kept(text: str) -> bool:
    """Whether a plain scalar YAML reads as a number is kept as written: one with a
    thousands point (its number is 1000 times too small)."""
    return bool(THOUSANDS.fullmatch(text))


def thousands(*texts: str) -> str | None:
    """Why a number (or a range's ends, ``--param``) written with thousands points is
    refused, with both readings (the decimal one written so that it reads as one), or
    None if none has any."""
    ends = [text.strip() for text in texts]
    marked = [bool(THOUSANDS.fullmatch(end)) for end in ends]
    if not any(marked):
        return None
    pairs = list(zip(ends, marked, strict=True))
    whole = ":".join(end.replace(".", "") if mark else end for end, mark in pairs)
    if any(end.count(".") > 1 for end in ends):
        return f"thousands points: write {whole} (a point in a number parts decimals)"
    point = "the points part" if sum(marked) > 1 else "the point parts"
    they = "they part" if sum(marked) > 1 else "it parts"
    meant = ":".join(decimal(end) if mark else end for end, mark in pairs)
    return f"ambiguous: write {whole} if {point} thousands, {meant} if {they} decimals"


def decimal(text: str) -> str:
    """``text`` (one group of three decimals) as a decimal that no reader takes for a
    thousands point: ``78.0`` for ``78.000``, ``1.0250`` for ``1.025``."""
    shown = repr(float(text))
    return shown if shown != text.strip() else shown + "0"
