"""One figure, one number across size's outputs: every amount is its cents (plan.csv's,
the cells plan.xlsx holds) or the sum of those cents, rounded once to whole euros where
the page or the terminal shows it (``plan.plan_parts``). A sum shown may then be a euro
from the sum of its parts shown, as in plan.xlsx, never a different figure from it."""

import re
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pandas as pd
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.plan import plan_parts

from .conftest import SMALL


def _plan(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["funder", "year", "category", "amount"])


def test_parts_are_cents_and_their_sums():
    # the city's requests of a 2013 plan: 477,274.62 and 498,626.79; the years rounded
    # one by one, 477,275 + 498,627, read 975,902, plan.xlsx's cents 975,901.41
    plan = _plan([("city", 2013, "wages", 459_937.30), ("city", 2013, "contingency", 17_337.32),
                  ("city", 2014, "wages", 472_632.49), ("city", 2014, "contingency", 25_994.30),
                  ("land", 2013, "staff", 10.50), ("land", 2013, "contingency", 0.0),
                  ("land", 2014, "staff", 0.0), ("land", 2014, "contingency", 0.0)])
    expected, lift = plan_parts(plan)
    assert list(expected.columns) == [2013, 2014, "total"]
    assert expected.loc["city"].round(2).tolist() == [459_937.30, 472_632.49, 932_569.79]
    assert lift.loc["city"].round(2).tolist() == [17_337.32, 25_994.30, 43_331.62]
    assert (expected + lift).loc["city"].round(2).tolist() == [477_274.62, 498_626.79,
                                                               975_901.41]
    assert expected.loc["land"].tolist() == [10.50, 0.0, 10.50]


def _euros(cents: float) -> int:
    """Whole euros as the docs' rule rounds: half up, from 15 significant digits."""
    return int(Decimal(f"{cents:.15g}").quantize(Decimal(1), ROUND_HALF_UP))


def _page_rows(page: str, heading: str) -> dict[str, list[int | None]]:
    """The rows of the table under ``heading``: label to its whole euros (None: empty)."""
    start = page.index("<table", page.index(heading))
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", page[start:page.index("</table>", start)], re.S):
        label, *cells = [re.sub("<[^>]+>", "", c)
                         for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        rows[label] = [int(c.replace(".", "")) if re.fullmatch(r"-?[\d.]+", c) else None
                       for c in cells]
    return rows


def _book_sums(sheet, row: int, columns: str) -> list[float]:
    """A row's data cells (cents) and their sum, which the row's SUM formula shows."""
    cells = [sheet[f"{c}{row}"].value for c in columns]
    assert all(isinstance(v, int | float) for v in cells), cells
    return [*cells, sum(cells)]


def test_page_book_and_csv_give_one_number(tmp_path):
    result = CliRunner().invoke(main, ["size", str(SMALL), "--start", "2013-01", "--months",
                                       "24", "--confidence", "0.9", "-n", "7", "--jobs", "1",
                                       "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "s"
    page = (folder / "report.html").read_text(encoding="utf-8")
    plan = pd.read_csv(folder / "plan.csv")
    sheet = openpyxl.load_workbook(folder / "plan.xlsx")["Finanzierungsplan"]
    labels = {sheet[f"A{r}"].value: r for r in range(1, sheet.max_row + 1)}
    request = _page_rows(page, "<h2>Antrag")
    by_year = _page_rows(page, "Kosten und Finanzierung je Jahr und Geldgeber")
    key = _page_rows(page, "Kennzahlen (Mittelwert")
    years = sorted(plan["year"].unique())
    # funder: its name, plan.xlsx's rows of its mean and contingency, the page's third line
    funders = {"jobcenter": ("Jobcenter", "2.1 Jobcenter", "3.1 Jobcenter: Risikozuschlag",
                             "Antrag"),
               "land_esf": ("Land / ESF", "2.2 Land / ESF", "3.2 Land / ESF: Risikozuschlag",
                            "Antrag"),
               "employers": ("Employers", "2.3 Employers (nicht öffentlich)",
                             "Employers: Risikozuschlag",
                             "Eigenanteil (nicht öffentliche Mittel, kein Antrag)")}
    asked, shares = [0.0] * (len(years) + 1), [0.0] * (len(years) + 1)
    for column, (funder, (name, mean_row, lift_row, third)) in enumerate(funders.items()):
        rows = plan[plan["funder"] == funder]
        mean = [rows[(rows["year"] == y) & (rows["category"] != "contingency")]["amount"].sum()
                for y in years]
        lift = [rows[(rows["year"] == y) & (rows["category"] == "contingency")]["amount"].sum()
                for y in years]
        mean, lift = [*mean, sum(mean)], [*lift, sum(lift)]
        ask = [m + x for m, x in zip(mean, lift, strict=True)]
        shares = [a + b for a, b in zip(shares, ask, strict=True)]
        if funder != "employers":
            asked = [a + b for a, b in zip(asked, ask, strict=True)]
        book_mean = _book_sums(sheet, labels[mean_row], "CD")
        book_lift = _book_sums(sheet, labels[lift_row], "CD")
        assert [round(v, 2) for v in book_mean] == [round(v, 2) for v in mean], funder
        assert [round(v, 2) for v in book_lift] == [round(v, 2) for v in lift], funder
        shown = {k.split(": ", 1)[1]: v for k, v in request.items() if k.startswith(name + ": ")}
        assert shown["erwartet (Mittelwert)"] == [_euros(v) for v in mean], funder
        assert shown["Risikozuschlag (bis zum 90-%-Quantil)"] == [_euros(v) for v in lift]
        assert shown[third] == [_euros(v) for v in ask], funder
        funding = [by_year[str(y)][column] for y in years] + [by_year["Summe"][column]]
        assert funding == shown["erwartet (Mittelwert)"], funder
        private = "" if funder != "employers" else " (nicht öffentlich)"
        assert key[f"Finanzierung: {name}{private} (EUR)"][0] == \
            shown["erwartet (Mittelwert)"][-1], funder
    assert request["Summe: Antrag"] == [_euros(v) for v in asked]
    assert request["Summe aller Finanzierungsanteile, je mit eigenem Risikozuschlag"] == \
        [_euros(v) for v in shares]
    assert by_year["Summe"][-1] == _euros(shares[-1] - sum(  # the total cost's mean
        plan[plan["category"] == "contingency"]["amount"]))
