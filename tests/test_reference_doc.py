"""The scenario format reference is generated from the models and kept in step."""

from finsim.scenario.reference import render

from .conftest import ROOT


def test_reference_page_matches_models():
    """Regenerate with: python -m finsim.scenario.reference > docs/scenario-format.md"""
    assert (ROOT / "docs" / "scenario-format.md").read_text() == render()


def test_every_field_is_documented():
    assert "|  |\n" not in render().replace("| | |", "")
