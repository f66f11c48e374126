"""The scenario format reference is generated from the models and kept in step."""

from finsim.scenario.reference import render

from .conftest import ROOT


def test_reference_page_matches_models():
    """Regenerate with: python -m finsim.scenario.reference > docs/scenario-format.md"""
    assert (ROOT / "docs" / "scenario-format.md").read_text() == render()


def test_every_field_is_documented():
    assert "|  |\n" not in render().replace("| | |", "")


def test_every_block_is_introduced_by_whole_sentences():
    """A class docstring's first sentence that wraps was cut at its first line (the
    transfer block read "... from benefits avoided (the")."""
    from finsim.scenario.reference import BLOCKS, _first_paragraph

    for block, cls in BLOCKS:
        assert _first_paragraph(cls.__doc__ or "").endswith((".", ":")), block
