"""Parameter labels a reader can take in at a glance: the path's last parts, the range in
plain digits (never scientific notation) and the unit.

The unit follows from the parameter's own name, the way the scenario format names its
fields (``*_per_year`` is EUR a year, ``*_months`` a number of months, ``hazards.*`` a
monthly probability); a name this cannot place gets no unit rather than a wrong one.
A scaled range (``PATH=*LOW:HIGH``) is a factor on the scenario's value: ``×0.8–1.2``.
"""

from __future__ import annotations

import numpy as np

from .amounts import german_digits

PERCENT = ("annual_increase", "rate_on_staff", "employer_contributions", "uptake", "retention",
           "share")
"""Fields that hold a share or rate (0.03 = 3 %): shown in percent."""
UNITS = (
    (("per_year",), "EUR/year"), (("per_person_month", "per_slot_month"), "EUR/month"),
    (("hourly",), "EUR/h"), (("cap_total", "budget", "regelbedarf", "cost", "top_up"), "EUR"),
    (("months",), "months"), (("hours_per_week",), "h/week"), (("slots",), "slots"),
    (("participants_per_coach",), "persons/coach"),
    (("referrals_per_month",), "persons/month"),
)
"""(endings of the field name, unit), first match wins."""
GERMAN_UNITS = {"/month": "/Monat", "EUR/year": "EUR/Jahr", "EUR/month": "EUR/Monat",
                "months": "Monate", "h/week": "h/Woche", "slots": "Plätze",
                "persons/coach": "Personen/Coach", "persons/month": "Personen/Monat"}
"""The units on a German page (``report.html`` with ``--lang de``)."""


def unit(path: str, lang: str = "en") -> str:
    """The unit of the value at ``path`` ("" when the name does not say)."""
    found = _unit(path)
    return GERMAN_UNITS.get(found, found) if lang == "de" else found


def _unit(path: str) -> str:
    parts = path.split(".")
    last = parts[-1]
    if "hazards" in parts[:-1] or last in ("placement", "dropout") and "modifiers" not in parts:
        return "/month"
    if last in PERCENT or last.endswith("_share"):
        return "%"
    for endings, name in UNITS:
        if any(last.endswith(e) for e in endings):
            return name
    return ""


def plain(value: float, lang: str = "en") -> str:
    """A number without scientific notation: thousands grouped, else 4 significant
    digits; German separators on a German page (``53.342``, ``0,005``)."""
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    else:
        text = np.format_float_positional(value, precision=4, unique=False,
                                          fractional=False, trim="-")
    return german_digits(text) if lang == "de" else text


def short_path(path: str, parts: int = 2) -> str:
    """The path's last parts (``costs.staff.coach_cost_per_year`` ->
    ``staff.coach_cost_per_year``): enough to tell parameters apart on an axis."""
    return ".".join(path.split(".")[-parts:])


def parameter_label(path: str, low: float, high: float, scaled: bool = False,
                    lang: str = "en") -> str:
    """``staff.coach_cost_per_year 60,000–80,000 EUR/year``, ``hazards.placement
    0.005–0.02 /month``, ``wages.annual_increase 2–4 %``, ``material.per_slot_month
    ×0.8–1.2``; on a German page ``60.000–80.000 EUR/Jahr``."""
    name = short_path(path)
    if scaled:
        return f"{name} ×{plain(low, lang)}–{plain(high, lang)}"
    what = unit(path, lang)
    if what == "%":
        return f"{name} {plain(100 * low, lang)}–{plain(100 * high, lang)} %"
    return f"{name} {plain(low, lang)}–{plain(high, lang)}" + (f" {what}" if what else "")
