"""Every citation in the scenarios and the documents resolves to a section of
docs/sources.md, and nothing cites the project's research notes, which the repository
does not hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCES = ROOT / "docs" / "sources.md"
CITING = sorted([*(ROOT / "scenarios").glob("*.yaml"), ROOT / "scenarios" / "README.md",
                 ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
NUMBER = r"\d(?:\.\d)?\b"
CITE = re.compile(rf"\bsources §?({NUMBER})(?:-({NUMBER}))?((?:, {NUMBER})*)")
"""`sources 1.3`, `sources §1.3`, a range `sources 4.1-4.2` or a list `sources 3.1, 3.2`."""


def _sections() -> dict[str, str]:
    """Section number -> the anchor GitHub gives its heading."""
    headings = re.findall(r"^#{2,3} ((\d+(?:\.\d+)?) .*)$", SOURCES.read_text(), flags=re.M)
    return {number: re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
            for heading, number in headings}


def _text(path) -> str:
    """The file with its comment lines joined, so a tag broken over two lines reads whole."""
    return re.sub(r"\n[ \t]*#[ \t]*", " ", path.read_text(encoding="utf-8"))


def _cited(path) -> list[str]:
    numbers = []
    for first, last, rest in CITE.findall(_text(path)):
        numbers += [first, *([last] if last else []), *re.findall(NUMBER, rest)]
    return numbers


def test_sources_has_numbered_sections_and_says_what_the_markers_mean():
    sections = _sections()
    assert {"0", "1.1", "1.3", "1.4", "2.2", "3.2", "4.2"} <= set(sections)
    text = SOURCES.read_text()
    for marker in ("**[S]** sourced", "**[E]** an estimate", "**[D]** derived"):
        assert marker in text


@pytest.mark.parametrize("path", CITING, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_citation_names_a_section_of_sources(path):
    sections = _sections()
    assert [n for n in _cited(path) if n not in sections] == []


def test_the_scenarios_and_the_calibration_cite_sources():
    """The rewrite reached them: the seed alone cites sources some forty times."""
    assert len(_cited(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")) >= 40
    assert len(_cited(ROOT / "docs" / "calibration.md")) >= 30


@pytest.mark.parametrize("path", [ROOT / "docs" / "calibration.md", ROOT / "scenarios" / "README.md"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_a_markdown_citation_links_to_its_own_section(path):
    """`[sources §1.4](sources.md#...)` leads to section 1.4's heading, not another one."""
    sections = _sections()
    links = re.findall(r"\[sources §(\d+(?:\.\d+)?)\]\(([^)]*)\)", path.read_text())
    wrong = [(n, target) for n, target in links
             if target.rpartition("#")[2] != sections.get(n)]
    assert wrong == []
    if path.name == "calibration.md":
        assert len(links) >= 30


# Built from parts so that this file does not name them itself; test_docs_walk.py's list
# of outside names is the other file allowed to hold them.
SEARCHERS = {Path(__file__).resolve(), (ROOT / "tests" / "test_docs_walk.py").resolve()}
NOTES = re.compile("|".join([r"domain" + r"\.md", r"domain" + "-audit", r"domain" + " §",
                             r"audit" + " §", r"\[[SED][^\]\n]*\b(?:domain|audit)\b",
                             r"research" + " notes"]), flags=re.I)


def test_nothing_cites_the_research_notes():
    files = [p for p in ROOT.rglob("*")
             if p.is_file() and p.suffix in {".md", ".yaml", ".yml", ".py", ".toml", ".txt"}
             and not {".git", ".venv", "outputs", "node_modules"} & set(p.relative_to(ROOT).parts)
             and p.resolve() not in SEARCHERS]
    named = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in files for n, line in enumerate(p.read_text(encoding="utf-8",
                                                                  errors="replace").splitlines(), 1)
             if NOTES.search(line)]
    assert named == []


def test_the_16i_subsidy_rule_cites_the_statute_not_a_forum():
    """The rule every §16i number rests on (sources 1.3) cites §16i Abs. 2 SGB II itself,
    which a finance officer can quote in a budget negotiation; it cited a claimant's
    thread on elo-forum.org. No entry cites a discussion forum's thread."""
    text = SOURCES.read_text(encoding="utf-8")
    rule = text[text.index("- [S] Subsidy (§16i Abs. 2)"):]
    rule = rule[:rule.index("\n- ")]
    assert "https://www.gesetze-im-internet.de/sgb_2/__16i.html" in rule
    assert "elo-forum" not in text and "/threads/" not in text
