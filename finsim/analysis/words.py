"""Numbers in the words of a report page: English or German (``lang``: ``en``, ``de``).

Warnings are made here, in the analyses, and shown on pages in either language; the
terminal and the JSON records keep English.
"""

from __future__ import annotations

import math

WHERE_EXITS = (", which finsim run writes to flows.csv and finsim size prints on its "
               "People line")
"""Where the horizon-exit warning (``sanity``) finds the last month's ``max_duration``
exits: validate, size, compare and sensitivity write no flows.csv; the Python API says
its own words for it (``api._PHRASES``)."""


def number(value: float, decimals: int, lang: str) -> str:
    """``1,234.5`` in English, ``1.234,5`` in German."""
    text = f"{value:,.{decimals}f}"
    return text if lang == "en" else text.translate(str.maketrans(",.", ".,"))


def percent(share: float, decimals: int, lang: str) -> str:
    """``4%`` in English, ``4 %`` in German (DIN 5008)."""
    return f"{share:.{decimals}%}" if lang == "en" else f"{number(100 * share, decimals, lang)} %"


def share_percent(share: float, lang: str) -> str:
    """``percent`` in whole percent from 1 % up, and below it with the decimals its first
    significant digit needs (0.0029 as ``0.3%``): whole percent would print a share of a
    small but real amount as ``0%``, as if there were none."""
    small = 0 < abs(share) < 0.01
    return percent(share, math.ceil(-math.log10(100 * abs(share))) if small else 0, lang)


def level(share: float, lang: str = "en") -> str:
    """A probability as a percentage with the decimals it needs: ``90%``, ``97.5%`` in
    English, ``97,5 %`` in German; whole percent would print 0.975 as 98%, not the level
    asked for."""
    digits = level_digits(share, lang)
    return f"{digits}%" if lang == "en" else f"{digits} %"


def level_digits(share: float, lang: str) -> str:
    """The percentage of a probability with the decimals it needs, no sign: ``97.5``,
    German ``97,5``."""
    digits = format(round(100 * share, 9), "f").rstrip("0").rstrip(".")
    return digits if lang == "en" else digits.replace(".", ",")
