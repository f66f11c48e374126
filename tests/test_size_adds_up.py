"""size's request tables add up as shown: a funder's yearly requests to its sum of years,
expected + contingency to the request, the funders to the sum rows, on the page and the
terminal. Each request and expected amount is rounded half up to whole euros, the
contingency is their difference, and every total is the sum of the figures shown."""

import re

import pandas as pd
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.plan import shown_parts, shown_requests

from .conftest import SMALL


def _plan(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["funder", "year", "category", "amount"])


def test_parts_round_the_request_and_sum_the_shown():
    # plan.csv of the probe's 2013 plan: the city's requests 477,274.62 and 498,626.79
    # (975,901.41): the rows shown 477,275 + 498,627 read 975,901 before
    plan = _plan([("city", 2013, "wages", 459_937.30), ("city", 2013, "contingency", 17_337.32),
                  ("city", 2014, "wages", 472_632.49), ("city", 2014, "contingency", 25_994.30),
                  ("land", 2013, "staff", 10.50), ("land", 2013, "contingency", 0.0),
                  ("land", 2014, "staff", 0.0), ("land", 2014, "contingency", 0.0)])
    expected, lift = shown_parts(plan)
    assert expected.loc["city"].tolist() == [459_937, 472_632]
    assert lift.loc["city"].tolist() == [17_338, 25_995]  # 477,275 - 459,937; 498,627 - ...
    requests = shown_requests(expected, lift)
    assert requests.loc["city"].tolist() == [477_275, 498_627, 975_902]
    assert requests.loc["land"].tolist() == [11, 0, 11]  # 10.50 half up


def _cells(text: str) -> list[list[str]]:
    return [[re.sub("<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", text, re.S)]


def _euros(text: str) -> int:
    return int(text.replace(".", "").replace(",", "")) if text else 0


def test_page_and_terminal_add_up(tmp_path):
    result = CliRunner().invoke(main, ["size", str(SMALL), "--start", "2013-01", "--months",
                                       "24", "--confidence", "0.9", "-n", "7", "--jobs", "1",
                                       "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "s" / "report.html").read_text(encoding="utf-8")
    start = page.index("<table", page.index("<h2>Antrag"))
    rows = _cells(page[start:page.index("</table>", start)])[1:]
    figures = {label: [_euros(c) for c in cells] for label, *cells in rows
               if not any(w in label for w in ("Bewilligung", "Gesamtausgaben", "Replikationen"))}
    for label, values in figures.items():
        assert sum(values[:-1]) == values[-1], label
    funders = {label.split(": ")[0] for label in figures if ": " in label} - {"Summe"}
    requests = [v for k, v in figures.items() if k.endswith(": Antrag") and k != "Summe: Antrag"]
    for funder in funders:
        parts = [v for k, v in figures.items() if k.startswith(funder + ": ")]
        assert [a + b for a, b in zip(parts[0], parts[1], strict=True)] == parts[2], funder
    assert [sum(col) for col in zip(*requests, strict=True)] == figures["Summe: Antrag"]
    shares = [v for k, v in figures.items() if k.split(": ")[0] in funders and k.endswith(
        ("Antrag", "Eigenanteil (nicht öffentliche Mittel, kein Antrag)"))]
    assert [sum(col) for col in zip(*shares, strict=True)] == figures[
        "Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag"]
    table = [line.split("│")[1:-1] for line in result.output.splitlines()
             if line.startswith("│") and "quantile" not in line and "cover" not in line]
    terminal = {cells[0].strip(): [_euros(c.strip()) for c in cells[1:]] for cells in table}
    for label, values in terminal.items():
        if label != "sum of all rows":
            assert sum(values[:2]) == values[2], label
    rows = {k: v for k, v in terminal.items() if not k.startswith("sum")}
    asked = [v for k, v in rows.items() if "not requested" not in k]
    assert [sum(c) for c in zip(*rows.values(), strict=True)][:3] == \
        terminal["sum of all rows"][:3]
    assert [sum(c) for c in zip(*asked, strict=True)][:4] == \
        terminal["sum of requests (public funders)"][:4]  # its period mean too
