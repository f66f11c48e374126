"""The result tables in the docs are what today's code gives (issue 14): each is rendered
again from a run and compared with the doc, so a change of numbers cannot leave them stale.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from finsim.report import doc_tables

ROOT = Path(__file__).resolve().parent.parent
FIX = "python -m finsim.report.doc_tables rewrites them"


@pytest.fixture(scope="module")
def seed():
    return doc_tables.seed_run()


def test_calibration_tables_are_todays(seed):
    held = doc_tables.sections(ROOT / "docs" / "calibration.md")
    assert held["calibration"] == doc_tables.calibration_table(seed), FIX
    assert held["structure"] == doc_tables.structure_table(seed), FIX
    assert held["calibration-facts"] == doc_tables.calibration_facts(seed), FIX


def test_the_prose_quotes_the_calibration_run(seed):
    """The seed's comments and calibration.md §2 quote the run's entries and occupied
    slot-months in prose, outside the rendered sections: they read 168.3, ~3,349 and
    3,343 where the run (and the table beside them) gave 169.1 and 3,352."""
    from finsim.report.amounts import fixed, half_up

    entries = str(half_up(seed.metric("entries").mean(), 1))
    slot_months = fixed(seed.metric("slot_months").mean(), 0)
    assert (entries, slot_months) == ("169.1", "3,352")
    comments = " ".join((ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml").read_text(
        encoding="utf-8").replace("#", " ").split())
    assert f"entries = 167 [deck] (model: {entries}, see docs/calibration.md)" in comments
    assert f"over the model's ~{slot_months} occupied slot-months" in comments
    wages = " ".join((ROOT / "docs" / "calibration.md").read_text(encoding="utf-8").split())
    assert f"6.8 M over the run's {slot_months} occupied slot-months" in wages


def test_library_table_is_todays():
    held = doc_tables.sections(ROOT / "scenarios" / "README.md")
    assert held["library"] == doc_tables.library_table(), FIX


def test_the_library_table_covers_every_file():
    listed = sorted(name for _, name in doc_tables.LIBRARY)
    assert listed == sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def test_rewrite_replaces_only_the_named_section(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text("a\n<!-- results: x -->\nold\nlines\n<!-- /results -->\nb\n")
    doc_tables.rewrite(doc, {"x": "| new |"})
    assert doc.read_text() == "a\n<!-- results: x -->\n| new |\n<!-- /results -->\nb\n"
    assert doc_tables.sections(doc) == {"x": "| new |"}
    with pytest.raises(ValueError, match="no section 'y'"):
        doc_tables.rewrite(doc, {"y": "z"})


def test_share_adds_the_named_funders_and_is_zero_for_absent_ones(seed):
    both = doc_tables.share(seed, ("city", "jobcenter"))
    assert np.allclose(both, seed.metric("share_city") + seed.metric("share_jobcenter"))
    assert np.all(doc_tables.share(seed, ("coaching",)) == 0)
