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


def test_every_range_cell_states_the_bounds_the_model_holds_to():
    """The range column against the model's own bounds (``paths.field_bounds``, which the
    checks read), not the page's renderer: a provider's own ``hazards.placement`` showed
    an empty range while 1.5 and -0.1 were refused."""
    import re

    from finsim.scenario.paths import field_bounds

    section, checked, wrong = "", [], []
    for line in (ROOT / "docs" / "scenario-format.md").read_text().splitlines():
        if heading := re.fullmatch(r"## `(.+)`", line):
            section = heading.group(1)
        elif row := re.match(r"\| `([^`]+)` \| [^|]* \| [^|]* \| ([^|]*) \|", line):
            key, cell = row.group(1), row.group(2).strip()
            path = key if section == "(top level)" else f"{section}.{key}"
            bounds = field_bounds(re.sub(r"<[^>]+>", "x", path.replace("[]", ".x")))
            if bounds is None:
                continue
            checked.append(path)
            low, high = (f"{v:g}" if v < 1e7 else f"{v:.3g}" for v in bounds)
            if not (re.search(rf"^>=? {re.escape(low)}(,|$)", cell)
                    and re.search(rf"<=? {re.escape(high)}$", cell)):
                wrong.append((path, cell, bounds))
    assert wrong == []
    assert "providers[].employment.hazards.placement" in checked
    assert len(checked) == 33
    assert "| `placement` | number | none | >= 0, < 1 | Overrides the program's. |" \
        in render().split("## `providers[].employment.hazards`")[1]
