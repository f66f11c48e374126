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


PROBED_AS = {
    "returns": lambda v: {"bund": v},
    "passive_benefits.by_payer": lambda v: {"bund": v},
    "participants.mix": lambda v: {"sex": {"m": v, "f": 1 - v}},
    "funding[].covers": lambda v: {"staff": v},
    "funding[].covers.<category>.by_tenure_year.by_tenure_year": lambda v: [v],
    "an index factor": lambda v: {2027: v},
}
"""How a number is put where a cell's range bounds it (a mapping's value, a list's item),
by the field's path or the range's title; any other field takes the number itself."""


def _schema_cells() -> list[tuple[str, type, str, str, str]]:
    """(path, model, field, type, range) of each cell the page fills from a field's JSON
    schema: a type its own validator reads (``reference._schema_ranges``)."""
    from finsim.scenario.paths import stated_bounds, unwrapped
    from finsim.scenario.reference import BLOCKS, _limits, _type

    cells = []
    for block, cls in BLOCKS:
        properties = cls.model_json_schema()["properties"]
        for key, field in cls.model_fields.items():
            name = field.alias or key
            cell = _limits(field, properties[name])
            if "<" in cell and not stated_bounds(
                    unwrapped(field.annotation, list(field.metadata))[1]):
                path = name if block == "(top level)" else f"{block}.{name}"
                cells.append((path, cls, key, _type(properties[name]), cell))
    return cells


def _taken(cls: type, key: str, value: object) -> bool:
    """Whether the model's field takes ``value`` (its type's validator and the field's)."""
    import pydantic

    try:
        cls.__pydantic_validator__.validate_assignment(cls.model_construct(), key, value)
    except pydantic.ValidationError:
        return False
    return True


def test_every_range_from_a_validator_is_the_one_it_holds_to():
    """Each range the page reads from a field's schema, against the field's validator: a
    number at each bound taken where the bound includes it, one step beyond refused and
    one step within taken (a budget's share, which the checks refuse, on its own below).
    Sixteen such cells were empty: a price kind's rate and index factor, a funder's shares,
    each benefit amount, the shares of ``returns``, ``mix`` and ``by_tenure_year``."""
    import math
    import re

    wrong, checked = [], []
    for path, cls, key, kind, cell in _schema_cells():
        if path == "funding[].budget":
            continue
        for part in cell.split("; "):
            title, bounds = re.fullmatch(r"([a-z ]*?) ?((?:[<>]=? \S+(?:, )?)+)", part).groups()
            put = PROBED_AS.get(title) or PROBED_AS.get(path) or (lambda v: v)
            for op, number in re.findall(r"([<>]=?) (\S+?)(?:,|$)", bounds):
                bound, up = float(number), op.startswith("<")
                step = (lambda v, d: v + d) if "whole" in kind else (
                    lambda v, d: math.nextafter(v, d * math.inf))
                cases = [(bound, "=" in op), (step(bound, 1 if up else -1), False),
                         (step(bound, -1 if up else 1), True)]
                wrong += [(path, part, v) for v, meant in cases
                          if _taken(cls, key, put(v)) != meant]
            checked.append(path)
    assert wrong == []
    assert {"prices.wages", "funding[].covers", "passive_benefits.parts.kdu", "returns",
            "participants.mix", "funding[].transfer.per_person_month"} <= set(checked)


def test_a_budget_share_s_range_is_the_one_the_checks_hold_it_to():
    from types import SimpleNamespace

    from finsim.scenario.checks import _budget_share_problems

    cell = dict((p, c) for p, _, _, _, c in _schema_cells())["funding[].budget"]
    assert cell == "> 0, <= 1"

    def refused(share: float) -> list[str]:
        funder = SimpleNamespace(id="land_esf", budget={"land": share, "eu": 1 - share},
                                 transfers=False)
        return [p for p, _ in _budget_share_problems(SimpleNamespace(funding=[funder]))
                if p == "funding.land_esf.budget.land"]

    assert [bool(refused(v)) for v in (0.0, 1e-9, 0.6, 1.0, 1 + 1e-9)] == [
        True, False, False, False, True]
