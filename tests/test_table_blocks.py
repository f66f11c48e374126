"""A table too wide for the terminal is printed in blocks of columns, each with the row
labels: rich would narrow every column and cut a figure (``1,936,2…`` in size's request
table on a 160-column pipe, years and ids at 80 columns)."""

from __future__ import annotations

import io

from rich.table import Table

from finsim.report.consoles import Console
from finsim.report.terminal import fiscal_view


def _printed(table: Table, width: int) -> list[str]:
    """The lines ``table`` prints on a console ``width`` columns wide, as a pipe gets them."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, soft_wrap=True).print(table)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def _requests(years: range) -> Table:
    """A request table as size's: a funder per row, a column per year, then the period."""
    table = Table(title="Request per funder (EUR)", title_justify="left",
                  caption="Quantiles do not add up.", caption_justify="left")
    table.add_column("funder")
    for year in years:
        table.add_column(str(year), justify="right")
    table.add_column("period 90 % quantile", justify="right")
    table.add_row("land (own contribution, not requested)",
                  *(f"{100_317_456 + k:,}" for k in range(len(years))), "1,088,070,123")
    table.add_row("city", *("0" for _ in years), "1,936,234")
    return table


def test_a_table_too_wide_prints_in_blocks_each_with_the_row_labels() -> None:
    """60 columns: 4 years and the period quantile (11 and 13 characters) need 89; in
    blocks of two columns (a block with a label of 16 characters holds two), the funder
    in each, its label wrapped; the title over the first, the caption under the last."""
    assert _printed(_requests(range(2026, 2030)), 60) == [
        "Request per funder (EUR)",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓",
        "┃ funder                       ┃        2026 ┃        2027 ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩",
        "│ land (own contribution, not  │ 100,317,456 │ 100,317,457 │",
        "│ requested)                   │             │             │",
        "│ city                         │           0 │           0 │",
        "└──────────────────────────────┴─────────────┴─────────────┘",
        "(continued)",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓",
        "┃ funder                       ┃        2028 ┃        2029 ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩",
        "│ land (own contribution, not  │ 100,317,458 │ 100,317,459 │",
        "│ requested)                   │             │             │",
        "│ city                         │           0 │           0 │",
        "└──────────────────────────────┴─────────────┴─────────────┘",
        "(continued)",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
        "┃                                        ┃   period 90 % ┃",
        "┃ funder                                 ┃      quantile ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
        "│ land (own contribution, not requested) │ 1,088,070,123 │",
        "│ city                                   │     1,936,234 │",
        "└────────────────────────────────────────┴───────────────┘",
        "Quantiles do not add up."]


def test_ten_years_of_requests_keep_every_figure_whole_at_80_and_160_columns() -> None:
    """Ten years of 100 million and the period's billion: every figure, year and label
    word printed whole, no ``…``, no line wider than the terminal."""
    table = _requests(range(2026, 2036))
    figures = [f"{100_317_456 + k:,}" for k in range(10)] + ["1,088,070,123", "1,936,234"]
    for width in (80, 160):
        lines = _printed(table, width)
        text = "\n".join(lines)
        assert "…" not in text
        assert max(len(line) for line in lines) <= width
        cells = {cell.strip() for line in lines for cell in line.strip("│┃").split("│")}
        assert set(figures) <= cells
        assert {str(y) for y in range(2026, 2036)} <= {
            cell.strip() for line in lines for cell in line.strip("┃").split("┃")}
        blocks = text.count("┏")
        assert blocks == (3 if width == 80 else 2)  # 198 characters at full widths


def test_a_table_that_fits_prints_as_it_is() -> None:
    """A table that fits at its full widths is rich's own, unchanged, in one block."""
    assert _printed(_requests(range(2026, 2027)), 160)[1:4] == [
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┓",
        "┃ funder                                 ┃        2026 ┃ period 90 % quantile ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━┩"]


def _fiscal(budget: str, year: int, paid: float, cash: float) -> dict:
    return {"budget": budget, "public": True, "year": year, "paid": paid, "saved": 0.0,
            "returns": 0.0, "net": paid, "paid_cash": cash}


def test_the_fiscal_table_leaves_out_rows_of_nothing_and_says_so() -> None:
    """A budget's year 0.00 in every column is left out of the terminal's table (fiscal.csv
    keeps it), a year with cash alone stays; at 80 columns its five figures of up to 100
    million go in two blocks, budget and year in each, no figure cut."""
    rows = [_fiscal("bund", 2035, 106_906_123.45, 106_906_123.45),
            _fiscal("bund", 2036, 0.0, 0.0),
            _fiscal("eu", 2035, 0.0, 4_527_399.0), _fiscal("eu", 2036, 0.004, -0.003)]
    lines = _printed(fiscal_view(rows), 80)
    assert [line for line in lines if line[0] in "┃│"] == [
        "┃ budget             ┃ year ┃        paid ┃ saved ┃ returns ┃",
        "│ Federal government │ 2035 │ 106,906,123 │     0 │       0 │",
        "│ EU                 │ 2035 │           0 │     0 │       0 │",
        "┃ budget             ┃ year ┃         net ┃   paid_cash ┃",
        "│ Federal government │ 2035 │ 106,906,123 │ 106,906,123 │",
        "│ EU                 │ 2035 │           0 │   4,527,399 │"]
    assert lines[-1].endswith("Left out: 2 rows of 0.00 in every column (fiscal.csv has "
                              "every row).")
    assert "…" not in "\n".join(lines)
    whole = fiscal_view(rows[:1])
    assert whole.caption.endswith("money by month: cashflow.csv.")
