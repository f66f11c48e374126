"""How amounts and counts read in text (the terminal, the charts' labels, the reports):
no terminal library, so that a process drawing charts needs none."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING

import numpy as np

from ..scenario.written import file_text  # plain text rules, no model

if TYPE_CHECKING:  # the painter's process loads no scenario model
    from ..scenario.model import SetOver


def half_up(value: float, digits: int) -> Decimal:
    """``value`` rounded half up (commercial rounding, away from zero: 16.95 -> 17.0,
    753,442.5 -> 753,443, -2.5 -> -3) to ``digits`` decimals, the rule the docs state for
    every figure shown. The value's 15 significant digits are taken first, as a
    spreadsheet does: a mean of 16.95 is the float 16.9499999..., and the half it stands
    for (summary.csv's 16.95) must not read 16.9. Finite values only."""
    return Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP, WIDE)


WIDE = Context(prec=400)
"""Digits enough for any finite float with its decimals (1e308 to the cent): the default
context's 28 refuse to quantize a value beyond 1e25."""


def fixed(value: float, digits: int, sign: str = "") -> str:
    """``value`` with thousands separators and ``digits`` decimals, rounded half up
    (``half_up``); ``sign`` "+" writes a plus; infinity as Python writes it."""
    if not math.isfinite(value):
        return f"{value:{sign},.{digits}f}"
    return f"{half_up(value, digits):{sign},.{digits}f}"


def money(value: float) -> str:
    """EUR with thousands separators and no cents (a summary, not a ledger); never "-0"
    from a rounding residue."""
    if _missing(value):
        return "–"
    return "0" if abs(value) < 0.5 else fixed(value, 0)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number as the language writes it (de: 1.234,5; en: 1,234.5); NaN as a dash; a
    value that rounds to zero from below as 0, never -0 (an interval's -0.02 EUR)."""
    if _missing(value):
        return "–"
    text = fixed(value, digits)
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return german_digits(text) if lang == "de" else text


GERMAN = str.maketrans(",.", ".,")
"""English digit grouping and decimal point swapped for German's."""


def german_digits(text: str) -> str:
    """``1,234.5`` as German writes it: ``1.234,5``."""
    return text.translate(GERMAN)


DEFINED = {"en": " ({defined} of {n} replications define it)",
           "de": " (in {defined} von {n} Replikationen definiert)"}
"""A figure's count of the replications that define it, beside its label (the German
words of ``compare``'s note)."""


def defined_note(values: Sequence[float], lang: str = "en") -> str:
    """`` (24 of 50 replications define it)`` where some replications leave a metric
    undefined (``cost_per_placement`` with no placement): its statistics are over those
    alone, and the ones left out are the extreme ones (no placement: no finite cost per
    placement), so the count belongs beside the figure, in the terminal, on the page and
    in the workbook alike; empty where all define it, or none (its dash says so)."""
    defined = len(values) - int(np.count_nonzero(np.isnan(np.asarray(values, dtype=float))))
    if defined in (0, len(values)):
        return ""
    return DEFINED[lang].format(defined=number(defined, lang), n=number(len(values), lang))


UNDRAWN = {"de": "Unsicherheit: nicht angewandt (--no-uncertainty), nichts gezogen",
           "en": "Uncertainty: not applied (--no-uncertainty), nothing drawn"}
"""The words of a run whose uncertainty block is left out, as plan.xlsx's heading starts."""
LEFT_OUT = {"de": "die 90-%-Intervalle enthalten die Bereiche des uncertainty-Blocks nicht",
            "en": "the 90 % intervals leave out the ranges of the uncertainty block"}


def undrawn_line(undrawn: bool, lang: str = "en") -> str:
    """What ``--no-uncertainty`` changed, for a run's outputs (``RunSpec.undrawn``): its
    intervals are narrower than a drawn run's, and a reader handed them must be able to
    tell; empty where everything was drawn or there was nothing to draw."""
    return f"{UNDRAWN[lang]}; {LEFT_OUT[lang]}" if undrawn else ""


SET_BY = {"--set": {"de": "Mit --set geändert", "en": "Changed with --set"},
          "overrides": {"de": "Geändert durch overrides", "en": "Changed by overrides"}}
"""How a value the figures rest on came, by ``SetOver.origin``: the command line's
``--set``, or a Python call's ``overrides`` (which the user never typed as a --set)."""
SET_LINE = "{by}: {path} = {typed} ({was})"
"""One ``--set``: the figures rest on it, not on the file (whose description the page
still shows), so every output that names the run says it, beside ``UNDRAWN``."""
SET_WAS = {"de": "in der Datei: {before}", "en": "in the file: {before}"}
NO_VALUE = {"de": "keiner", "en": "none"}


def set_lines(sets: Sequence[SetOver], lang: str = "en") -> list[str]:
    """One ``SET_LINE`` per ``--set`` or override (``Scenario._set_over``), in the order
    given: how it came, the path and value as given, and the value the file acted with
    there."""
    return [SET_LINE.format(by=set_by(s, lang), path=s.path, typed=s.typed,
                            was=set_was(s, lang)) for s in sets]


def set_by(given: SetOver, lang: str) -> str:
    """``SET_BY``'s words for how ``given`` came (``Mit --set geändert``)."""
    return SET_BY[given.origin][lang]


def set_was(given: SetOver, lang: str) -> str:
    """``SET_WAS``: the value a ``--set`` replaced, whole and as the file writes it
    (``file_text``: ``{2013-01: 9.5}``, the form the --set beside it is typed in), or
    none."""
    found = given.found and given.before is not None
    return SET_WAS[lang].format(before=file_text(given.before, None) if found
                                else NO_VALUE[lang])


def count(value: float, sign: bool = False) -> str:
    """A count (people, events, their means) with one decimal, 0 too: ``0.0`` beside a
    bound of ``24.0``, as the pages write it (``html.figure``), never ``-0.0``;
    ``sign``: a difference (``signed``)."""
    return "–" if _missing(value) else signed(number(value, "en", 1), value, sign)


def signed(text: str, value: float, sign: bool) -> str:
    """``value`` as ``text`` writes it, and where ``sign`` says it is a difference a +
    where it is above 0: a difference of 0 takes no sign."""
    return f"+{text}" if sign and value > 0 else text


def percent(value: float, lang: str = "en") -> str:
    """A share or rate (0.253) as a percentage with one decimal and a spaced sign, as the
    language writes it (en ``25.3 %``, de ``25,3 %``): the one form of the terminal, the
    report pages and monitoring.md; NaN as a dash, without a sign."""
    return "–" if _missing(value) else number(100 * value, lang, 1) + " %"


def _missing(value: float) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


SHORT_UNITS = {"en": (" M", " k"), "de": (" Mio.", " Tsd.")}
"""Millions and thousands after a short amount, as each language writes them."""


def money_unit(largest: float, lang: str = "en") -> tuple[float, str]:
    """The unit amounts up to ``largest`` (EUR, its size) are written in, its size and
    its word: millions from 1 million, thousands from 10,000, else EUR (no word):
    ``short_money``'s, and one per ``cashflow.png`` panel, its title and axis alike."""
    million, thousand = SHORT_UNITS[lang]
    if largest >= 1e6:
        return 1e6, million
    return (1e3, thousand) if largest >= 1e4 else (1.0, "")


def short_money(value: float, sign: bool = False, lang: str = "en",
                unit: tuple[float, str] | None = None) -> str:
    """EUR compactly (k, M) so that several scenarios fit side by side; in German digits
    and words (``1,25 Mio.``, ``547 Tsd.``) for a German chart; in a given ``unit``
    (``money_unit``'s) with three digits at least (``9,9 Tsd.`` for 9,913 EUR)."""
    if _missing(value):
        return "–"
    if abs(value) < 0.5:
        return "0"  # and never "-0" from a rounding residue
    size, word = unit or money_unit(abs(value), lang)
    digits = 2 if size == 1e6 else int(size > 1 and abs(value) < 10 * size)
    text = fixed(value / size, digits, "+" if sign else "")
    return (german_digits(text) if lang == "de" else text) + word


def all_zero(values: Iterable[float]) -> bool:
    """Whether every value shows as 0.00 (a mean of -0.004 too): a row of nothing."""
    return all(round(float(v), 2) == 0 for v in values)
