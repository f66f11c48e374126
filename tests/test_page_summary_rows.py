"""report.html's key figures of a run are the terminal's summary rows, in the page's
words: the page left out the referrals lost (36.3 [2.0–69.1] people turned away on the
§16i PAT file), the cost by category, the funders' shares and the benefits avoided and
returns per budget, which the terminal and results.xlsx give."""

import re

from click.testing import CliRunner

from finsim.cli import main

from .conftest import SMALL


def _run(tmp_path, lang: str) -> tuple[list[list[str]], list[list[str]]]:
    """The terminal's summary rows (label, mean, interval) and the page's key figures."""
    result = CliRunner().invoke(main, ["run", str(SMALL), "-n", "5", "--jobs", "1",
                                       "--lang", lang, "--out", str(tmp_path / lang)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("┡"))
    end = next(k for k in range(start, len(lines)) if lines[k].startswith("└"))
    terminal = [[c.strip() for c in line.split("│")[1:-1]] for line in lines[start + 1:end]]
    page = (tmp_path / lang / "report.html").read_text(encoding="utf-8")
    first = page.index("<table")
    rows = re.findall(r"<tr>(.*?)</tr>", page[first:page.index("</table>", first)], re.S)
    cells = [[re.sub("<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
             for r in rows[1:]]
    return terminal, cells


def test_the_page_gives_the_terminals_rows_and_figures(tmp_path):
    terminal, page = _run(tmp_path, "en")
    assert len(page) == len(terminal)
    for (label, mean, interval), (name, shown, between) in zip(terminal, page, strict=True):
        assert shown.replace(" %", "%") == mean.replace(" %", "%"), (label, name)
        assert between.replace(" %", "%") == interval.replace(" %", "%"), (label, name)
    assert [name for name, *_ in page[:5]] == [
        "People reached (entries)", "Placements into work", "Dropouts",
        "Referrals lost (gave up waiting or turned away)", "Occupancy of the slots"]
    assert terminal[3][0] == "Referrals lost"
    # the providers' own money marked on the terminal as on the page (``html.marked``):
    # adding up the funders shown to get public funding must leave it out
    marked = [(row[0], name) for row, (name, *_) in zip(terminal, page, strict=True)
              if "not public" in row[0] + name]
    assert marked == [("Employers (not public)", "Funding: Employers (not public) (EUR)"),
                      ("share of total (not public)", "Share: Employers (not public)")]


def test_referrals_lost_in_german(tmp_path):
    terminal, page = _run(tmp_path, "de")
    lost = next(row for row in page if row[0].startswith("Verlorene Zuweisungen"))
    assert lost[0] == "Verlorene Zuweisungen (Warten aufgegeben oder abgewiesen)"
    assert lost[1:] == [terminal[3][1].replace(".", ","),
                        terminal[3][2].replace(".", ",")]
