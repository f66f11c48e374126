"""The README's speed figures are what ``python benchmarks/check.py`` prints (format-wise:
timings differ between runs and machines, so they are not repeated here)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _check_module():
    spec = importlib.util.spec_from_file_location("check", ROOT / "benchmarks" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_printed_lines_match_the_pattern() -> None:
    check = _check_module()
    assert check.PATTERN.match(check.text("run", 5.1, "   1.700 s", 3.0, 3.0, "x"))
    assert check.PATTERN.match(check.text("start-up", 0.41, " " * 10, 0.41, 0.5, " s"))
    assert check.PATTERN.match(check.split_text(2.25, 3.5, 999, 0.42))
    assert check.PATTERN.match(check.cpu_text(4.61, 1.94, 1.05, 2))
    assert check.PATTERN.match(check.cpu_text(4.61, 1.94, 1.05, 1))


def test_a_ratio_over_its_budget_is_said_even_within_the_tolerance() -> None:
    """3.33x against a 3x budget passes the check (the tolerance is 25 %) but is not
    printed as ``ok``; beyond 3.75x it is ``OVER`` and the check exits 1."""
    check = _check_module()
    verdicts = [check.text("run", 1.0, "   0.300 s", v, 3.0, "x").rsplit("x  ", 1)[1]
                for v in (2.99, 3.0, 3.33, 3.75, 3.76)]
    assert verdicts == ["ok", "ok", "over, within 25 %", "over, within 25 %", "OVER"]
    assert all(check.PATTERN.match(check.text("run", 1.0, "   0.300 s", v, 3.0, "x"))
               for v in (2.99, 3.33, 3.76))


def test_the_readme_holds_one_line_per_check() -> None:
    check = _check_module()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\$ python benchmarks/check\.py\n(.*?)```", readme, re.S)
    assert block, "the README shows the output of python benchmarks/check.py"
    lines = [ln for ln in block.group(1).splitlines() if ln.strip()]
    matches = [check.PATTERN.match(ln) for ln in lines]
    assert all(matches), [ln for ln, m in zip(lines, matches, strict=True) if not m]
    names = [m.group("name") or m.group("reuse") or m.group("split") or m.group("cpu")
             for m in matches]
    assert names == ["run", "split", "cpu", "national", "start-up", "reuse"]
