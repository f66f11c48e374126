"""Parameter labels a reader can take in at a glance: the path's last parts, the range in
plain digits (never scientific notation) and the unit.

The unit follows from the parameter's own name, the way the scenario format names its
fields (``*_per_year`` is EUR a year, ``*_months`` a number of months, ``hazards.*`` a
monthly probability, ``returns.<budget>`` a share of the gross pay); a name this cannot
place gets no unit rather than a wrong one.
Keys below a field (a schedule's date, a household or payer, a list position) are not
its name: ``costs.wages.hourly.2027-01`` is an hourly wage, ``kdu.single`` a monthly
amount, and ``by_tenure_year.2`` the share of tenure year 3.
A scaled range (``PATH=*LOW:HIGH``) is a factor on the scenario's value: ``×0.8–1.2``.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from .amounts import fixed, german_digits

PERCENT = ("annual_increase", "rate_on_staff", "employer_contributions", "contributions",
           "uptake", "retention", "share", "by_tenure_year", "covers")
"""Fields that hold a share or rate (0.03 = 3 %): shown in percent."""
UNITS = (
    (("per_year",), "EUR/year"),
    (("per_person_month", "per_slot_month", "regelbedarf", "kdu", "top_up", "by_payer"),
     "EUR/month"),
    (("hourly", "minimum_wage"), "EUR/h"),
    (("cap_total", "budget", "cost", "per_person_limit"), "EUR"),
    (("months",), "months"), (("hours_per_week",), "h/week"), (("slots",), "slots"),
    (("participants_per_coach",), "persons/coach"),
    (("referrals_per_month",), "persons/month"),
)
"""(endings of the field name, unit), first match wins."""
GERMAN_UNITS = {"/month": "/Monat", "EUR/year": "EUR/Jahr", "EUR/month": "EUR/Monat",
                "months": "Monate", "h/week": "h/Woche", "slots": "Plätze",
                "persons/coach": "Personen/VZÄ", "persons/month": "Personen/Monat"}
"""The units on a German page (``report.html`` with ``--lang de``)."""


def unit(path: str, lang: str = "en") -> str:
    """The unit of the value at ``path`` ("" when the name does not say)."""
    found = _unit(path)
    return GERMAN_UNITS.get(found, found) if lang == "de" else found


TENURE_YEAR = {"en": "tenure year", "de": "Beschäftigungsjahr"}
"""A ``by_tenure_year`` position named as the year it is for (position 0 = year 1)."""
_KEY = re.compile(r"^(\d{4}-\d{2}|\d+)$")
"""A schedule's date (``2027-01``), a year or a list position: a key, not a field name."""


def _unit(path: str) -> str:
    """The unit of the path's field: its last part that is not a date or position; a
    part without a unit whose parent has one is a key of the parent's (a household
    ``kdu.single``, a payer ``by_payer.federal``, a cost type ``covers.staff``)."""
    parts = [p for p in path.split(".") if not _KEY.match(p)]
    if not parts:
        return ""
    if parts[0] == "returns":  # budget -> share of the gross pay, whatever the budget's id
        return "%"
    return _field_unit(parts) or (_field_unit(parts[:-1]) if len(parts) > 1 else "")


def _field_unit(parts: list[str]) -> str:
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
        text = fixed(value, 0)
    else:
        text = np.format_float_positional(value, precision=4, unique=False,
                                          fractional=False, trim="-")
    return german_digits(text) if lang == "de" else text


def short_path(path: str, parts: int = 2, lang: str = "en") -> str:
    """The path's last ``parts`` names with the keys after them
    (``costs.staff.coach_cost_per_year`` -> ``staff.coach_cost_per_year``,
    ``costs.wages.hourly.2027-01`` -> ``wages.hourly.2027-01``), of two names without the
    scenario's block where a key follows (``participants.referrals_per_month.2026-06``
    -> ``referrals_per_month.2026-06``: the whole path left the bars a third of the
    chart); a ``by_tenure_year`` position reads as its tenure year
    (``wages.by_tenure_year (tenure year 3)``)."""
    split = path.split(".")
    names, start = 0, len(split)
    while start > 0 and names < parts:
        start -= 1
        names += not _KEY.match(split[start])
    if start == 0 and parts == 2 and _KEY.match(split[-1]):
        start = 1  # the block's name: the key says which value
    shown = split[start:]
    if len(shown) > 1 and shown[-2] == "by_tenure_year" and shown[-1].isdigit():
        year = f"({TENURE_YEAR[lang]} {int(shown[-1]) + 1})"
        return ".".join(shown[:-1]) + " " + year
    return ".".join(shown)


def short_paths(paths: list[str], lang: str = "en") -> dict[str, str]:
    """Each path's ``short_path``, lengthened (one name at a time) where two would read
    the same (``wages.hourly.2027-01`` and ``subsidy_base.hourly.2027-01``; the two
    funders' ``land_esf.payment.lag_months`` and ``jobcenter.payment.lag_months``), so
    every parameter keeps its own label and bar."""
    parts = dict.fromkeys(paths, 2)
    while True:
        names = {p: short_path(p, n, lang) for p, n in parts.items()}
        twice = Counter(names.values())
        clash = [p for p in paths if twice[names[p]] > 1 and names[p] != p]
        if not clash:
            return names
        for p in clash:
            parts[p] += 1


SPAN = {"en": ("{first} to {last}", "{first} only"), "de": ("{first} bis {last}", "nur {first}")}
"""The months a schedule's date acts in: from it until the schedule's next date."""


def span_text(span: tuple[str, str], lang: str = "en") -> str:
    """``2026-06 to 2030-12`` (``nur 2026-06`` for one month on a German page)."""
    several, one = SPAN[lang]
    first, last = span
    return (one if first == last else several).format(first=first, last=last)


def parameter_label(path: str, low: float, high: float, scaled: bool = False,
                    lang: str = "en", name: str | None = None,
                    span: tuple[str, str] | None = None) -> str:
    """``staff.coach_cost_per_year 60,000–80,000 EUR/year``, ``hazards.placement
    0.005–0.02 /month``, ``wages.annual_increase 2–4 %``, ``material.per_slot_month
    ×0.8–1.2``; on a German page ``60.000–80.000 EUR/Jahr``. ``name``: the path's short
    name among the others' (``short_paths``), by default its own ``short_path``. A
    schedule's date with the months it acts in (``span``), since its value holds until
    the schedule's next date: ``referrals_per_month.2026-06 (2026-06 to 2030-12) 0–10
    persons/month``."""
    name = name or short_path(path, lang=lang)
    if span is not None:
        name = f"{name} ({span_text(span, lang)})"
    return f"{name} {range_text(path, low, high, scaled, lang)}"


def range_text(path: str, low: float, high: float, scaled: bool = False, lang: str = "en",
               marks: tuple[str, str] = ("×", "–")) -> str:
    """A range in plain digits with the unit of its field (``60,000–80,000 EUR/year``), a
    share in percent (``2–4 %``), factors without a unit (``×0.8–1.2``); ``marks``: the
    factor's sign and the one between the ends (the terminal's ``*`` and ``:``, as
    ``--param`` writes them)."""
    factor, to = marks
    if scaled:
        return f"{factor}{plain(low, lang)}{to}{plain(high, lang)}"
    what = unit(path, lang)
    if what == "%":
        return f"{plain(100 * low, lang)}{to}{plain(100 * high, lang)} %"
    return f"{plain(low, lang)}{to}{plain(high, lang)}" + (f" {what}" if what else "")


ATTRIBUTES = {
    "de": {
        "sex": ("Geschlecht", {"male": "männlich", "female": "weiblich",
                               "not_stated": "keine Angabe"}),
        "age": ("Alter", {"not_stated": "keine Angabe"}),
        "household": ("Haushaltstyp", {"single": "alleinstehend", "couple_no_children":
                                       "Paar ohne Kinder", "single_parent": "alleinerziehend",
                                       "not_stated": "keine Angabe"}),
        "nationality": ("Staatsangehörigkeit", {"german": "deutsch", "eu": "EU",
                                                "non_eu": "außerhalb der EU",
                                                "non_european": "außereuropäisch",
                                                "not_stated": "keine Angabe"}),
    },
    "en": {
        "sex": ("Sex", {"not_stated": "not stated"}),
        "age": ("Age", {"not_stated": "not stated"}),
        "household": ("Household type", {"couple_no_children": "couple without children",
                                         "single_parent": "single parent",
                                         "not_stated": "not stated"}),
        "nationality": ("Nationality", {"german": "German", "eu": "EU",
                                        "non_eu": "outside the EU",
                                        "non_european": "outside Europe",
                                        "not_stated": "not stated"}),
    },
}
"""The words for the participant attributes and values the shipped scenarios use
(``participants.mix``), by language: a German page must not read "sex: male", an English
one not "non_eu". ``non_eu`` takes the words of the deck it counts ("Außerhalb EU", the
seed's "outside the EU 8"), so that the row reads as the figure it is compared with;
"Europa ohne EU" said less than the deck does. The household is a "Haushaltstyp": a
"Haushalt" in a Kreistag paper is the public budget. A value not listed reads as written
(``male``, ``25-49``)."""
CODES = "codes"
"""The ``lang`` that names attributes and values by their codes, as the scenario writes
them: calibrate's English page and its overlay's comments, which a user copies into a
scenario's ``modifiers``."""


def attribute_label(attribute: str, lang: str = CODES) -> str:
    """An attribute of ``participants.mix`` as a page in ``lang`` names it; a name finsim
    does not know (the user's own) stays as written."""
    return ATTRIBUTES.get(lang, {}).get(attribute, (attribute, {}))[0]


def attribute_value(attribute: str, value: object, lang: str = CODES) -> str:
    """One of the attribute's values as a page in ``lang`` writes it (``household``
    ``single`` -> ``alleinstehend``); unknown values stay as written."""
    text = str(value)
    return ATTRIBUTES.get(lang, {}).get(attribute, ("", {}))[1].get(text, text)
