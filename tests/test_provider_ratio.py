"""results.xlsx's Träger sheet: a provider's cost per placement as total / placements,
as providers.csv's mean over replications and with the count of replications that
define that mean. The seed's Stadtteil-Schule places someone in 21 of 200 replications:
providers.csv's 48,559.53 EUR (below its own cost per entry) is over those alone. The
sheet's cells hold the means unrounded, as Übersicht's do, and total / count is a formula
over them: the figure a reader computes from the cells before it."""

import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.montecarlo import RunSpec, run
from finsim.report.amounts import fixed, half_up, number

from .conftest import ROOT

SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    for lang in ("de", "en"):
        done = CliRunner().invoke(main, ["run", str(SEED), "--quiet", "--lang", lang,
                                         "--out", str(out / lang)])
        assert done.exit_code == 0, done.output
    return out


def _rows(path, sheet, data_only=True):
    """The sheet's cells, a formula as its saved result (``data_only``) or as written."""
    book = openpyxl.load_workbook(path, data_only=data_only)
    return list(book[sheet].iter_rows(values_only=True))


def _shown(cells):
    """The cells as their number formats show them: money to the cent."""
    return tuple(float(half_up(c, 2)) if isinstance(c, float) else c for c in cells)


@pytest.mark.parametrize(("lang", "sheet", "provider", "head", "subs", "note"), [
    ("de", "Träger", "Träger", "Kosten je Vermittlung",
     ("Summe / Anzahl", "Mittel der Replikationen", "in Replikationen definiert"),
     "Kosten je Vermittlung, Mittel der Replikationen (wie in providers.csv): nur über die "
     "Replikationen, in denen der Träger jemanden vermittelt; die ohne Vermittlung, die "
     "teuersten, fehlen darin, so dass es bei wenigen unter den Kosten je Eintritt liegen "
     "kann. Summe / Anzahl: Quotient der Mittelwerte des Trägers."),
    ("en", "By provider", "Provider", "Cost per placement",
     ("total / count", "mean over replications", "replications that define it"),
     "Cost per placement, mean over replications (as in providers.csv): only over the "
     "replications in which the provider places someone; those without a placement, the "
     "dearest, are left out, so with few it can fall below the cost per entry. Total / "
     "count: the ratio of the provider's means.")])
def test_provider_sheet_says_how_few_define_it(seed_run, lang, sheet, provider, head, subs,
                                               note):
    rows = _rows(seed_run / lang / "results.xlsx", sheet)
    heads = next(r for r in rows if r[0] == provider)
    at = heads.index(head)
    assert rows[rows.index(heads) + 1][at:at + 3] == subs
    by_name = {r[0]: _shown(r[at:at + 3]) for r in rows}
    assert by_name["Stadtteil-Schule Dortmund"] == (587015.2, 48559.53, 21)
    assert by_name["Werkhof Projekt gGmbH"] == (622575.08, 150336.91, 50)
    assert by_name["Caritasverband Dortmund"] == (530789.09, 660035.74, 181)
    total = next(r for r in rows if r[0] in ("Summe", "Total"))
    assert total[at:at + 3] == (None, None, None)  # a ratio does not add up
    assert rows[-1][0] == note
    providers = pd.read_csv(seed_run / lang / "providers.csv")
    mean = providers.set_index(["provider", "metric"])["mean"]
    assert mean[("stadtteilschule", "cost_per_placement")] == 48559.53  # the sheet's


def test_total_over_count_is_the_cells_before_it(seed_run):
    """Summe / Anzahl is a formula over the provider's mean cost and placements on its
    row, saved with its result: dividing the cells gives it to the bit. The cells hold
    the means unrounded (cost 61,636.59575, shown 61.636,60): over the shown cost the
    ratio would read 587.015,24, 4 cents off the ratio of the means."""
    formulas = _rows(seed_run / "de" / "results.xlsx", "Träger", data_only=False)
    values = _rows(seed_run / "de" / "results.xlsx", "Träger")
    heads = next(r for r in values if r[0] == "Träger")
    cost, placements, ratio = (heads.index(h) for h in (
        "Gesamtkosten", "Vermittlungen in Arbeit", "Kosten je Vermittlung"))
    for formula, value in zip(formulas, values, strict=True):
        if value[0] == "Stadtteil-Schule Dortmund":
            row = formulas.index(formula) + 1
            letter = openpyxl.utils.get_column_letter
            assert formula[ratio] == (f"=IF({letter(placements + 1)}{row}=0,0,"
                                      f"{letter(cost + 1)}{row}/{letter(placements + 1)}{row})")
            assert value[ratio] == value[cost] / value[placements] == 587015.1976190476
            assert (value[cost], value[placements]) == (61636.59574999999, 0.105)
    total = next(r for r in values if r[0] == "Summe")
    summary = pd.read_csv(seed_run / "de" / "summary.csv").set_index("metric")["mean"]
    assert float(half_up(total[cost], 2)) == summary["cost_total"] == 9306196.22


def test_the_docs_quote_the_sheet(seed_run):
    """docs/workbooks.md and README quote the Stadtteil-Schule's two figures of the
    sheet as a real run writes them (workbooks.md said 587.015,09 and 48.559,47, README
    48,559 for 48,559.53)."""
    rows = _rows(seed_run / "de" / "results.xlsx", "Träger")
    heads = next(r for r in rows if r[0] == "Träger")
    at = heads.index("Kosten je Vermittlung")
    ratio, mean, defined = next(r for r in rows if r[0] == "Stadtteil-Schule Dortmund")[
        at:at + 3]
    replications = len(pd.read_csv(seed_run / "de" / "replications.csv"))
    page = _words(ROOT / "docs" / "workbooks.md")
    assert (f"the seed's Stadtteil-Schule `{number(ratio, 'de', 2)}` against "
            f"`{number(mean, 'de', 2)}`, defined in `{defined}` of {replications} "
            "replications") in page
    assert "`587.015,20` against `48.559,53`, defined in `21` of 200" in page
    readme = _words(ROOT / "README.md")
    assert (f"the seed's Stadtteil-Schule: {fixed(mean, 2)} EUR, below its cost per entry, "
            f"over {defined} of {replications})") in readme
    assert f"the provider's total / placements ({fixed(ratio, 2)} EUR)" in readme


def _words(path):
    """A page's text with its line breaks and runs of spaces as one space."""
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


def test_defined_counts_agree_with_the_running_moments(small):
    """Within the sample and beyond it the counts are the same."""
    result = run(RunSpec(small, 12, 5), jobs=1)
    moments = result.aggregate.providers.count
    assert np.array_equal(result.provider_defined, moments)
    names = list(result.provider_metric_names)
    placed = result.aggregate.provider_sample[:, :, names.index("exits_placement")] > 0
    assert result.provider_defined[:, names.index("cost_per_placement")].tolist() == \
        placed.sum(axis=0).tolist()
