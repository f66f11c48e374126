"""Numbers in the words of a report page: English or German (``lang``: ``en``, ``de``).

Warnings are made here, in the analyses, and shown on pages in either language; the
terminal and the JSON records keep English.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..scenario import Month

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


TAIL_WANTED = 10
"""Replications beyond a quantile that ``too_few_line`` names as enough."""


def one_draw_line(what: str, lang: str) -> str:
    """What ``run`` and ``size`` say of one replication: every quantile is that draw, so
    ``what`` (the command's consequence, in ``lang``)."""
    if lang == "en":
        return f"one replication: each quantile is that one draw, so {what}; use -n 2 or more"
    return (f"eine Replikation: jedes Quantil ist diese eine Ziehung, {what}; -n 2 oder "
            "mehr verwenden")


def too_few_line(n: int, q: float, what: str, lang: str) -> str | None:
    """What ``run`` and ``size`` say of replications too few for the Q-quantile (n x (1 -
    Q) < 1, n x Q for Q below one half): less than one lies beyond it, so it lies between
    the two most extreme results and understates the real one; ``what`` the command's
    consequence. None where enough (or one: ``one_draw_line``)."""
    tail = min(q, 1.0 - q)
    beyond = n * tail
    if n < 2 or round(beyond, 9) >= 1:
        return None
    needed = math.ceil(round(TAIL_WANTED / tail, 6))
    share = level(q, lang)
    if lang == "en":
        end = "largest" if q > 0.5 else "smallest"
        return (f"{n} replications are too few for a {share} quantile: "
                f"{number(beyond, 2, lang)} of them lie beyond it, less than one, so each "
                f"{share} quantile is about the {end} of the {n} results and understates the "
                f"real one; {what}; rerun with more --replications: about "
                f"{number(needed, 0, lang)} put {TAIL_WANTED} beyond it")
    end = "größte" if q > 0.5 else "kleinste"
    compound = share.replace(" %", "-%")
    return (f"{n} Replikationen reichen für ein {compound}-Quantil nicht: "
            f"{number(beyond, 2, lang)} von ihnen liegen jenseits davon, weniger als eine, "
            f"also ist jedes {compound}-Quantil etwa das {end} der {n} Ergebnisse und "
            f"unterschätzt das wahre; {what}; mit mehr --replications erneut rechnen: etwa "
            f"{number(needed, 0, lang)} legen {TAIL_WANTED} jenseits davon")


GERMAN_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                 "September", "Oktober", "November", "Dezember")
"""The months' German names, January first (``month_words``)."""


def month_words(month: object, lang: str = "en") -> str:
    """A ``YYYY-MM`` month (text or ``Month``) as a sentence names it: German ``Januar
    2026``, as ``im 2026-01`` reads as a code to a German reader; English as written,
    ``in 2026-01``. A heading in words names it too (``Höchste Vorfinanzierung, ab Juli
    2027``); table cells, the period head, CSV and JSON keep ``YYYY-MM``."""
    text = str(month)
    if lang == "en":
        return text
    year, calendar = text.split("-")
    return f"{GERMAN_MONTHS[int(calendar) - 1]} {year}"


def month_runs(months: np.ndarray, start: Month, lang: str = "en", shown: int = 3,
               adverbial: bool = False) -> str:
    """Months (indices from ``start``, ascending) as runs: ``2026-12 to 2027-05, 2030-12``,
    German by name as a sentence gives them, ``Dezember 2026 bis Mai 2027, Dezember
    2030``, with ``adverbial`` as a German sentence's time (``zahlt von Januar 2026 bis
    Dezember 2029, im Juli 2030 nichts``); past ``shown`` runs the count of all months,
    so a line stays a line."""
    breaks = np.flatnonzero(np.diff(months) > 1) + 1
    runs = [(int(r[0]), int(r[-1])) for r in np.split(months, breaks)]
    word = "to" if lang == "en" else "bis"
    single, span = ("im ", "von ") if adverbial and lang == "de" else ("", "")
    text = ", ".join(f"{single}{month_words(start + a, lang)}" if a == b else
                     f"{span}{month_words(start + a, lang)} {word} "
                     f"{month_words(start + b, lang)}"
                     for a, b in runs[:shown])
    if len(runs) > shown:
        text += (f", … ({len(months)} months in all)" if lang == "en" else
                 f", … ({len(months)} Monate insgesamt)")
    return text
