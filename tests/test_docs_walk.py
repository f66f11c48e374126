"""A new reader's walk through the documents: every link leads somewhere in the
repository, nothing names a file the repository does not hold, and the examples a
reader copies work with the library's scenarios."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import finsim

from .conftest import ROOT

DOCS = sorted([ROOT / "README.md", ROOT / "scenarios" / "README.md",
               *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"\]\(([^)\s]*)\)")


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(h) for h in re.findall(r"^#+ (.*)$", path.read_text(), flags=re.M)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_leads_into_the_repository(doc):
    broken = []
    for target in LINK.findall(doc.read_text()):
        if target.startswith(("http://", "https://")):
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        inside = path.is_relative_to(ROOT) and path.exists()
        if not inside or (anchor and anchor not in _anchors(path)):
            broken.append(target)
    assert broken == []


OUTSIDE = re.compile(r"SPEC\.md|\bSPEC\b|/work/|domain-audit|code-review-20|reliability-probe"
                     r"|domain research §|audit §")
"""Names of the project's own notes, which the repository does not hold."""


def test_nothing_names_a_file_outside_the_repository():
    files = [*DOCS, *(ROOT / "finsim").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
             *(ROOT / "tests").glob("*.py")]
    here = Path(__file__).resolve()
    named = [f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
             for f in files if f.resolve() != here
             for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
             if OUTSIDE.search(line) and "SPEC_NAMES" not in line]
    assert named == []


def test_every_repository_path_the_docs_name_exists():
    named = {m.rstrip(".,)") for doc in DOCS
             for m in re.findall(r"(?<![\w/-])(?:finsim|tests|benchmarks|scenarios|docs|\.ci)/[\w./*-]+",
                                 doc.read_text())}
    missing = sorted(p for p in named if not any(ROOT.glob(p)))
    assert missing == []


def test_the_caseload_example_runs_with_a_library_scenario(tmp_path):
    """docs/caseload-format.md's example file, as written, is a caseload the library's
    2026 scenarios take: its providers and attribute values are theirs."""
    text = (ROOT / "docs" / "caseload-format.md").read_text()
    example = re.search(r"```csv\n(.*?)```", text, flags=re.S).group(1)
    (tmp_path / "caseload.csv").write_text(example)
    scenario = tmp_path / "running.yaml"
    base = ROOT / "scenarios" / "aktiv-statt-passiv-2026-16i.yaml"
    scenario.write_text(f"base: {base}\nperiod: {{start: 2027-01, months: 12}}\n"
                        "participants: {initial: caseload.csv}\n")
    result = finsim.run(scenario, replications=2, jobs=1)
    flows = result.flows()
    first = flows[flows.month == flows.month.min()].set_index("provider")
    # A-0012 is in cjd's slot at the start; A-0031 left in 2026 (history); A-0057 waits
    # and takes a free slot first.
    assert first.loc["cjd", "entries"] >= 1
    assert first.loc["all", "entries"] >= 2


@pytest.mark.parametrize(("method", "samples", "points"),
                         [("morris", 3, (2 + 1) * 3 + 1), ("sobol", 4, 4 * (2 + 2) + 1)])
def test_sensitivity_help_counts_the_points_the_design_has(method, samples, points):
    """`sensitivity --help` says how many points a method runs (the base point too), as
    the line that starts the work prints it."""
    from click.testing import CliRunner

    from finsim.analysis import sensitivity as sa
    from finsim.analysis.ranges import Param, check_metrics, check_params
    from finsim.cli import main

    scn = finsim.load(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    params = [Param("costs.wages.hourly", 0.9, 1.1, True, "params"),
              Param("employment.hazards.placement", 0.8, 1.2, True, "params")]
    spec = sa.SensitivitySpec(scn, check_params(scn, params), check_metrics(scn, ()),
                              method, 2, 1, samples)
    assert len(sa.design(spec)) == points
    helped = " ".join(CliRunner().invoke(main, ["sensitivity", "--help"]).output.split())
    assert "Morris trajectories (default 10: (parameters + 1) x 10 + 1 points)" in helped
    assert "N x (parameters + 2) + 1 points" in helped
