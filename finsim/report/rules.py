"""What a funder's rule covers, in one line: under size's request table (the terminal,
the page) and above its values on plan.xlsx's ``Annahmen``.

A request table gives each funder's amount per year, but not why a year is 0 (ESF+
ends 2029-12) nor which costs an amount pays for; ``Annahmen`` lists the rule's values
one per row. This line says the rule as a funder reads it: each category
with its share as the rule gives it (by tenure year where it says so; rule sets by date
each from its month), its dates, what it is net of and its limit. The terminal names
funders and categories by id, as its table does; a page by their names, in its language.
"""

from __future__ import annotations

from ..analysis.words import month_words, percent
from ..ledger import BY_ID
from ..scenario import Scenario
from ..scenario.model import Funder, TenureShares
from .amounts import number
from .html import category_label

WORDS = {
    "de": {"covers": "{funder} trägt: {rule}", "from": "ab", "until": "bis",
           "remainder": "den Rest (was die Geldgeber vor ihm nicht tragen)",
           "total": "Gesamtkosten", "by_tenure": " nach Beschäftigungsjahr",
           "of_base": " der Zuschussbasis", "net_of": "abzüglich der Beträge von {ids}",
           "per_person": " bis {eur} € je Person",
           "limited": "höchstens die Leistungen, die sein Haushalt vermeidet"},
    "en": {"covers": "{funder} covers: {rule}", "from": "from", "until": "until",
           "remainder": "the remainder (what the funders before it leave)",
           "total": "total cost", "by_tenure": " by tenure year",
           "of_base": " of the subsidy base", "net_of": "net of the amounts of {ids}",
           "per_person": " up to {eur} EUR per person",
           "limited": "at most the benefits its budget avoids"},
}


def covers_line(funder: Funder, scn: Scenario, lang: str, by_id: bool = False) -> str:
    """``Land NRW / ESF+ trägt: Sachkosten 100 %; bis Dezember 2029``; ``by_id``: the
    terminal's, ``land_esf covers: material 100%; until 2029-12``."""
    name = funder.id if by_id else funder.name or funder.id
    return WORDS[lang]["covers"].format(funder=name, rule=rule_words(funder, scn, lang, by_id))


def rule_words(funder: Funder, scn: Scenario, lang: str, by_id: bool = False) -> str:
    """The rule of ``covers_line``: its shares (rule sets by date each from its month, in
    brackets), then ``from``/``until``, ``net_of`` and ``limited_to`` where given; the
    months as a sentence in ``lang`` names them (``bis Dezember 2029``, ``month_words``)."""
    w = WORDS[lang]
    sets = funder.rule_sets
    if funder.covers == "remainder":
        parts = [w["remainder"]]
    elif len(sets) == 1 and sets[0][0] is None:
        parts = [_shares(sets[0][1], funder, lang, by_id)]
    else:
        parts = [", ".join(f"{w['from']} {month_words(month, lang)} "
                           f"({_shares(shares, funder, lang, by_id)})" for month, shares in sets)]
    parts += [f"{w[key]} {month_words(month, lang)}"
              for key, month in (("from", funder.from_), ("until", funder.until)) if month]
    if funder.net_of:
        names = {f.id: f.id if by_id else f.name or f.id for f in scn.funding}
        parts.append(w["net_of"].format(ids=", ".join(names[f] for f in funder.net_of)))
    if funder.limited_to:
        parts.append(w["limited"])
    return "; ".join(parts)


def _shares(shares: dict, funder: Funder, lang: str, by_id: bool) -> str:
    """Each category with its share (``Sachkosten 100 %``), a share by tenure year as
    its years' shares in turn; of wages on the subsidy base said so, a per-person limit
    after it (``bis 3.000 € je Person``)."""
    w, out = WORDS[lang], []
    for key, share in shares.items():
        label = key if by_id else w["total"] if key == "total" else category_label(
            BY_ID[key], lang)
        by_tenure = isinstance(share, TenureShares)
        text = (", ".join(_percent(s, lang) for s in share.by_tenure_year) if by_tenure
                else _percent(share, lang))
        base = w["of_base"] if key == "wages" and funder.basis == "subsidy_base" else ""
        limit = share.per_person_limit if by_tenure else None
        upto = "" if limit is None else w["per_person"].format(eur=number(limit, lang, 2 if
                                                                           limit % 1 else 0))
        out.append(f"{label} {text}{base}{w['by_tenure'] if by_tenure else ''}{upto}")
    return "; ".join(out)


def _percent(share: float, lang: str) -> str:
    """A share in percent with the decimals it has (``72.5%``, ``50 %``), at most two."""
    decimals = next(d for d in (0, 1, 2) if round(100 * share, d) == round(100 * share, 2))
    return percent(share, decimals, lang)
