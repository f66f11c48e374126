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


def _block_path(block: str, name: str, kind: str) -> str:
    """The section a block-typed key of ``block`` would have (``providers[]``, ``x.<path>``)."""
    path = name if block == "(top level)" else f"{block}.{name}"
    if kind.startswith("list of"):
        return f"{path}[]"
    return f"{path}.<path>" if kind.startswith("mapping") else path


def test_every_block_listed_has_a_section():
    """A key the page lists as a block has a section of its own, or its meaning names the
    section of its keys (``keys as `costs.overhead```): `actuals` and a provider's `staff`
    and `material` were listed as blocks whose keys the page never gave."""
    from finsim.scenario.reference import BLOCKS, _type

    sections = [block for block, _ in BLOCKS]
    missing = []
    for block, cls in BLOCKS:
        properties = cls.model_json_schema()["properties"]
        for key, field in cls.model_fields.items():
            name = field.alias or key
            kind = _type(properties[name])
            named = any(f"keys as `{s}`" in (field.description or "") for s in sections)
            if "block" in kind and _block_path(block, name, kind) not in sections and not named:
                missing.append(_block_path(block, name, kind))
    assert missing == []
    page = render()
    for block in ("actuals", "providers[].costs.staff", "providers[].costs.material"):
        assert f"## `{block}`\n" in page
    assert "| `booked` | text | none |" in page
    assert "| `management_cost_per_year` | number or mapping to number | none |" in page
