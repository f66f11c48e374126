"""A ``--set`` that gives an item another id (probe 5): ``--set funding.land_esf.id=gap``
was blamed on the file's line 165 (``funding:``), and a second line blamed line 235's
draw of ``funding.land_esf`` for what only followed from the rename. The problem is now
named by the ``--set`` itself; a line that only follows from the old id going is left out
where the rename is refused, else said to follow from it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from finsim.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"


def refused(*args: str) -> list[str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr.replace(str(SEED), "seed.yaml").splitlines()


def test_a_reserved_id_given_by_set_is_named_by_the_set(tmp_path: Path) -> None:
    gap = "funding.land_esf.id=gap"
    expected = [f"seed.yaml (--set {gap}): funding.gap: 'gap' cannot be a funder id: the "
                "outputs use it for the funding gap (funder 'gap' in ledger.csv and plan.csv, "
                "metric funding_gap); choose another id"]
    assert refused("size", str(SEED), "--start", "2013-01", "--months", "24", "-n", "2",
                   "--confidence", "0.9", "--set", gap) == expected
    assert refused("run", str(SEED), "-n", "2", "--set", gap, "--out",
                   str(tmp_path / "out")) == expected
    assert refused("run", str(SEED), "-n", "2", "--set", "providers.werkhof.id=Total",
                   "--out", str(tmp_path / "out")) == [
        "seed.yaml (--set providers.werkhof.id=Total): providers.Total: 'Total' cannot be a "
        "provider id: the outputs use it for totals (cost_total, the total row and column "
        "of the plan, covers: {total: ...}); choose another id"]


def test_a_draw_of_the_old_id_is_said_to_follow_from_a_rename_that_stands(tmp_path: Path
                                                                            ) -> None:
    assert refused("run", str(SEED), "-n", "2", "--set", "funding.land_esf.id=esf",
                   "--out", str(tmp_path / "out")) == [
        "seed.yaml:235: uncertainty.funding.land_esf.payment.lag_months: draws on "
        "funding.land_esf, which is not in the scenario's funding (its ids: city, jobcenter, "
        "esf, employers; a list given with !replace takes out its base's items); drop the "
        "draw with uncertainty: {funding.land_esf.payment.lag_months: null} in the file "
        "that gives the list, or name an item the list has — --set funding.land_esf.id=esf "
        "renames it"]


def test_the_renamed_item_s_own_values_keep_their_lines(tmp_path: Path) -> None:
    """A value the file wrote in the item is still named at its line, the path by the new
    id (which the --set gave: ``with --set``)."""
    path = tmp_path / "u.yaml"
    path.write_text(f"base: {SEED}\nproviders:\n  - id: werkhof\n    slots: -3\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--set",
                                       "providers.werkhof.id=hof", "--out",
                                       str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:4 (with --set): providers.hof.slots: expected a whole number from 0 to "
        "1,000,000 or a schedule {YYYY-MM: value} (given: -3)"]
