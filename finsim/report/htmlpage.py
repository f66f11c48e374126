"""The frame of every finsim page: head, styles, the closing note, each chart's own ids.

Plain Python: the chart painter writes ``report.html`` with it and never loads finsim's
models (``report.painter``)."""

from __future__ import annotations

import html
import re

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}.wide{overflow-x:auto;max-width:100%}
td,th{padding:.2rem .4rem;border-bottom:1px solid #eee;text-align:right}
th[scope=col]{font-size:.85rem;vertical-align:bottom;hyphens:auto}
td:first-child,th:first-child{text-align:left}th[scope=row]{font-weight:normal}
caption,figcaption{color:#555;font-size:.9rem;text-align:left}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.note{color:#555;font-size:.9rem}.warn{background:#fff4e5;padding:.3rem .6rem}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
@media print{body{max-width:none;margin:0;padding:0}.wide{overflow:visible}
table{font-size:.75rem}td,th{padding:.1rem .3rem}th[scope=col]{font-size:.7rem}
tr{break-inside:avoid}}
"""
"""A table scrolls inside its ``.wide`` box on a narrow screen (the page keeps its width,
nothing is cut off); column heads are smaller than the figures and wrap. Printed, the
page's full width and a smaller font fit a year x funder table of five funders with long
names on A4 or Letter: a box cannot scroll on paper, and what overflows it is lost."""

MADE = {"de": "Erstellt mit finsim", "en": "Made with finsim"}
"""The note at the foot of every page."""


def page(title: str, body: list[str], lang: str) -> str:
    """A whole page: the title, the sections, the styles; nothing fetched. Each chart's
    element ids get the chart's number as a prefix (``own_ids``)."""
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{own_ids(''.join(body))}"
            f"<p class='note'>{MADE[lang]}</p></body></html>\n")


def figure(svg: str, name: str, caption: str) -> str:
    """A chart on a page: its SVG named for a screen reader (``role="img"``, ``name`` as its
    ``aria-label``), ``caption`` under it saying in words what it shows: a chart's ticks
    and legend alone read as a list of bare numbers."""
    labelled = svg.replace("<svg", f'<svg role="img" aria-label="{html.escape(name)}"', 1)
    return f"<figure>{labelled}<figcaption>{html.escape(caption)}</figcaption></figure>"


def table(caption: str, head: list[str], rows: list[tuple[str, list[str]]],
          shown: bool = False) -> str:
    """A table a screen reader can walk: ``caption`` names it (hidden from sight unless
    ``shown``: a heading above already says it), the column heads are ``<th scope="col">``,
    each row's label a ``<th scope="row">``. ``head``, labels and cells are HTML already
    (escaped by the caller); ``head``'s first entry heads the labels' column. The table
    sits in a ``.wide`` box (``STYLE``): too wide for the window, it scrolls there."""
    hidden = "" if shown else " class='hidden'"
    heads = "".join(f"<th scope='col'>{h}</th>" for h in head)
    body = "".join(f"<tr><th scope='row'>{label}</th>" + "".join(f"<td>{c}</td>" for c in cells)
                   + "</tr>" for label, cells in rows)
    return (f"<div class='wide'><table><caption{hidden}>{html.escape(caption)}</caption>"
            f"<tr>{heads}</tr>{body}</table></div>")


SVG = re.compile(r"<svg\b.*?</svg>", re.S)
TAG = re.compile(r"<[^>]+>")
REFERENCE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def own_ids(text: str) -> str:
    """``text`` with the ids inside its n-th inline SVG prefixed ``s<n>-``, and the
    references to them (``url(#id)``, ``href="#id"``) with them. matplotlib names the
    parts of every figure alike (``figure_1``, ``axes_1``, a clip path by its box): two
    charts on one page would repeat ids, which HTML forbids, and a browser may clip one
    chart with the other's clip path. Only tags are rewritten, never text a chart shows."""
    count = 0

    def one_chart(chart: re.Match) -> str:
        nonlocal count
        count += 1
        prefix = f"s{count}-"

        def tag(found: re.Match) -> str:
            return REFERENCE.sub(lambda m: m.group(1) + prefix + m.group(2), found.group(0))

        return TAG.sub(tag, chart.group(0))

    return SVG.sub(one_chart, text)
