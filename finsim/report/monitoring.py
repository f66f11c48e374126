"""The monitoring view in the deck's own form, so its readers recognise their tables.

Participants by attribute (the deck's "Integrationsbeschäftigte"), slots and entrants
per provider ("Partner"), costs by category and financing by funder ("Kosten /
Finanzierung"). Means over replications; above them a re-forecast's lines on its actual
spells, booked costs and years (as the terminal and report.html say them) and the run's
warnings, since the tables go to funders. Written as ``monitoring.md`` in the run's
language (``--lang``): German words and numbers (``9.314.340``, ``10,0 %``) by default,
English with English numbers. The cost categories keep the deck's terms in both (on the
English page with the category's label after them), which the file says, since the page
and the workbooks name them as the plan does. Participant attributes and values finsim
knows (``labels.ATTRIBUTES``) read in the page's words, German or English; the user's own
stay as written.
"""

from __future__ import annotations

import numpy as np

from ..analysis.sanity import Note
from ..analysis.starts import actuals_lines, year_end_lines
from ..ledger import COST_CATEGORIES, CostCategory
from ..montecarlo import RunResult
from ..nouns import counted
from ..scenario.schedule import monthly
from .amounts import number, percent, set_lines, undrawn_line
from .html import funder_names, period_span, warnings_heading
from .labels import attribute_label, attribute_value
from .tables import run_warnings, structure_table

WORDS = {
    "de": {
        "means": "Mittelwerte über {replications}, {period}.",
        "terms": "Überschriften und Kostenarten in den Begriffen der Monitoring-Tabellen; "
                 "report.html und die Arbeitsmappen nennen die Kostenarten wie der Kosten- "
                 "und Finanzierungsplan (z. B. Personalkosten Anleitung, Betreuung, Leitung "
                 "für Personalausgaben).",
        "participants": "## Integrationsbeschäftigte", "in_all": "Insgesamt",
        "value": "Wert", "count": "Anzahl", "share": "Anteil",
        "providers": "## Partner", "provider": "Träger", "slots": "Plätze",
        "entrants": "Eintritte", "money": "## Kosten / Finanzierung",
        "total": "Gesamtkosten", "category": "Kostenart", "funder": "Geldgeber",
        "gap": "nicht gedeckt (Finanzierungslücke)",
        "replication": ("Replikation", "Replikationen"),
        "note": "Anmerkung",
    },
    "en": {
        "means": "Means over {replications}, {period}.",
        "terms": "Headings and cost categories in the terms of the monitoring tables; "
                 "report.html and the workbooks name the categories as the funding plan "
                 "does (e.g. Staff for guidance, coaching and management for "
                 "Personalausgaben).",
        "participants": "## Integrationsbeschäftigte (participants)",
        "in_all": "Insgesamt (in all)", "value": "value", "count": "count", "share": "share",
        "providers": "## Partner (providers)", "provider": "provider", "slots": "slots",
        "entrants": "entrants", "money": "## Kosten / Finanzierung (costs / financing)",
        "total": "Gesamtkosten (total)", "category": "category", "funder": "funder",
        "gap": "not covered (gap)",
        "replication": ("replication", "replications"),
        "note": "Note",
    },
}


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def monitoring_markdown(result: RunResult, lang: str = "en") -> str:
    """The whole monitoring page as Markdown, in ``lang`` (``de`` or ``en``)."""
    scn = result.scenario
    w = WORDS[lang]
    means = w["means"].format(
        replications=counted(number(result.aggregate.count, lang), *w["replication"]),
        period=period_span(scn, lang))
    lines = [f"# Monitoring: {scn.name}", "", means, ""]
    for line in set_lines(scn._set_over, lang):  # the figures are not the file's
        lines += [line, ""]
    if undrawn := undrawn_line(result.spec.undrawn, lang):  # the tables go to funders
        lines += [undrawn + ".", ""]
    for line in [*actuals_lines(result, lang), *year_end_lines(result, lang)]:
        lines += [line, ""]  # a paragraph each, as the terminal prints them
    lines += [w["terms"], ""] + _warnings(result, lang)
    lines += (_participants(result, lang) + [""] + _providers(result, lang) + [""]
              + _money(result, lang))
    return "\n".join(lines) + "\n"


def _warnings(result: RunResult, lang: str) -> list[str]:
    """The run's warnings (``run_warnings``, as report.html shows them), a paragraph
    each under their heading (a list item is cut at the width where ``--monitoring``
    prints the file to a pipe); nothing where there are none: the tables go to funders,
    who must not read figures a warning qualifies without it. A note (``sanity.Note``)
    says it is one (``Note: ...``), as the terminal's ``note:``."""
    warnings = run_warnings(result, lang)
    if not warnings:
        return []
    lines = [f"## {warnings_heading(warnings, lang)}", ""]
    for line in warnings:
        lines += [f"{WORDS[lang]['note']}: {line}" if isinstance(line, Note) else line, ""]
    return lines


def _participants(result: RunResult, lang: str) -> list[str]:
    w = WORDS[lang]
    entries = float(np.mean(result.metric("entries")))
    lines = [w["participants"], "", f"{w['in_all']}: {number(entries, lang, 1)}", ""]
    structure = structure_table(result)
    for attribute, group in structure.groupby("attribute", sort=False):
        lines += [f"### {attribute_label(attribute, lang)}", ""]
        lines += _table([w["value"], w["count"], w["share"]],
                        [[attribute_value(attribute, r.value, lang),
                          number(r.count_mean, lang, 1),
                          percent(r.share_mean, lang)] for r in group.itertuples()])
        lines.append("")
    return lines


def category_term(category: type[CostCategory], lang: str) -> str:
    """The deck's term of a cost type; on an English page with the category's own label
    after it (``Personalausgaben (Staff for guidance, coaching and management)``), never
    on a German one."""
    return category.monitoring if lang == "de" else f"{category.monitoring} ({category.label})"


def _providers(result: RunResult, lang: str) -> list[str]:
    scn = result.scenario
    w = WORDS[lang]
    names = list(result.provider_metric_names)
    entrants = result.aggregate.provider_mean()[:, names.index("entries")]
    rows = []
    for p, provider in enumerate(scn.providers):
        slots = monthly(provider.slots, scn.period.start_month, scn.period.months)
        shown = number(slots[0], lang) if slots.min() == slots.max() else \
            f"{number(slots.min(), lang)}–{number(slots.max(), lang)}"
        rows.append([provider.name or provider.id, shown, number(entrants[p], lang, 1)])
    return [w["providers"], ""] + _table([w["provider"], w["slots"], w["entrants"]], rows)


def _money(result: RunResult, lang: str) -> list[str]:
    scn = result.scenario
    w = WORDS[lang]
    mean = {name: result.metric_mean(name) for name in result.metric_names}
    total = mean["cost_total"]
    costs = [[category_term(c, lang), number(mean[f"cost_{c.id}"], lang)]
             for c in COST_CATEGORIES]
    funders = [[name, number(mean[f"funding_{f.id}"], lang),  # "(nicht öffentlich)" too
                percent(mean[f"share_{f.id}"], lang)]
               for f, name in zip(scn.funding, funder_names(scn, lang), strict=True)]
    if mean["funding_gap"]:
        funders.append([w["gap"], number(mean["funding_gap"], lang),
                        percent(mean["funding_gap"] / total, lang) if total else "–"])
    return ([w["money"], "", f"{w['total']}: {number(total, lang)} EUR", ""]
            + _table([w["category"], "EUR"], costs) + [""]
            + _table([w["funder"], "EUR", w["share"]], funders))
