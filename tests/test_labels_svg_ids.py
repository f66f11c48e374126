"""Every report page is valid HTML in its ids: the inline charts (matplotlib SVGs) name
their parts alike (``figure_1``, a clip path by its box), so a page with several charts
repeated ids, and a browser could clip one chart with another's clip path. Each page's
ids are unique and every ``url(#x)`` and ``href="#x"`` finds its ``x`` on the page, inside
the same chart."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from finsim.report.htmlpage import own_ids

PAGES = ("run", "compare", "oat", "sobol", "size", "calibrate")


class Ids(HTMLParser):
    """The ids of a page and the references to them, each with the number of the chart
    (the n-th ``<svg>``, 0 outside) it stands in."""

    def __init__(self) -> None:
        super().__init__()
        self.chart = 0
        self.depth = 0
        self.ids: list[tuple[str, int]] = []
        self.references: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.chart += self.depth == 0
            self.depth += 1
        self._attributes(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.depth -= 1

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> None:
        where = self.chart if self.depth else 0
        for name, value in attrs:
            value = value or ""
            if name == "id":
                self.ids.append((value, where))
            if name in ("href", "xlink:href") and value.startswith("#"):
                self.references.append((value[1:], where))
            self.references += [(x, where) for x in re.findall(r"url\(#([^)]+)\)", value)]


def parsed(text: str) -> Ids:
    found = Ids()
    found.feed(text)
    found.close()
    return found


@pytest.mark.parametrize("command", PAGES)
def test_ids_are_unique_and_every_reference_is_to_its_own_chart(report_pages, command):
    text = report_pages[command].read_text(encoding="utf-8")
    found = parsed(text)
    assert found.chart == text.count("<svg") >= 1
    names = [name for name, _ in found.ids]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    owner = dict(found.ids)
    assert found.references  # clip paths and glyphs are referenced
    missing = [(name, chart) for name, chart in found.references if owner.get(name) != chart]
    assert not missing, missing[:5]


def test_two_alike_charts_get_their_own_ids_and_shown_text_is_left_alone():
    chart = ('<svg id="a"><defs><clipPath id="p1"><rect/></clipPath></defs>'
             '<g clip-path="url(#p1)"><use xlink:href="#m1" href="#m1"/></g>'
             '<text>id="p1" url(#p1) href="#p1"</text><path id="m1"/></svg>')
    text = own_ids(f"<p>before</p>{chart}<p>between</p>{chart}")
    assert text == (
        '<p>before</p><svg id="s1-a"><defs><clipPath id="s1-p1"><rect/></clipPath></defs>'
        '<g clip-path="url(#s1-p1)"><use xlink:href="#s1-m1" href="#s1-m1"/></g>'
        '<text>id="p1" url(#p1) href="#p1"</text><path id="s1-m1"/></svg><p>between</p>'
        '<svg id="s2-a"><defs><clipPath id="s2-p1"><rect/></clipPath></defs>'
        '<g clip-path="url(#s2-p1)"><use xlink:href="#s2-m1" href="#s2-m1"/></g>'
        '<text>id="p1" url(#p1) href="#p1"</text><path id="s2-m1"/></svg>')
    found = parsed(text)
    assert [chart for _, chart in found.ids] == [1, 1, 1, 2, 2, 2]


def test_a_page_without_charts_is_unchanged():
    assert own_ids("<p>id=\"x\" <a href=\"#x\">x</a></p>") == "<p>id=\"x\" <a href=\"#x\">x</a></p>"
