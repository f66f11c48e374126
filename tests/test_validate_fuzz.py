"""Fuzzing ``finsim validate`` and ``--set``: whatever a scenario file or a value holds,
finsim answers with exit 0 or 2 and one line per problem, never a traceback.

The shipped scenarios are mutated the ways files go wrong: keys dropped, values replaced
by odd ones (nan, infinities, huge or negative numbers, long and unicode text, formulas,
deep nesting), types changed, unknown keys added, and raw text edits that break the YAML.
"""

from __future__ import annotations

import copy
import itertools
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsim.cli import main

EXAMPLES = int(os.environ.get("FINSIM_FUZZ_EXAMPLES", "120"))
"""Examples per fuzz test; raise it for a deep run (FINSIM_FUZZ_EXAMPLES=5000 pytest ...)."""

ROOT = Path(__file__).parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
WORK = Path(tempfile.mkdtemp(prefix="finsim-fuzz-"))
shutil.copytree(ROOT / "scenarios", WORK, dirs_exist_ok=True)  # bases resolve beside them
_NAMES = itertools.count()

ODD_NUMBERS = [math.nan, math.inf, -math.inf, -1, -0.0, 0, 1e308, -1e308, 10**30, 2**63,
               1e-308, 0.5, 1.0000001, 10**6 + 1, 1e12 + 1]
ODD_TEXT = ["", " ", "nan", ".inf", "1e7", "2.5E-3", "full", "remainder", "gap", "all",
            "total", "=HYPERLINK(\"http://evil.example\",\"x\")", "[/bold]", "../../etc/passwd",
            "/etc/passwd", "a\x00b", "2013-13", "9999-12", "0000-00", "x" * 5000, "🚀träger",
            "λ" * 300, "\u202e", "on_demand", "steady", "caseload.csv", "a.b.c", "--"]
odd_scalar = st.one_of(st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_TEXT),
                       st.none(), st.booleans(), st.integers(), st.floats(),
                       st.text(max_size=30))


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


odd_value = st.one_of(
    odd_scalar,
    st.lists(odd_scalar, max_size=4),
    st.dictionaries(st.text(max_size=8), odd_scalar, max_size=4),
    st.sampled_from([_deep(40), _deep(70), {"2013-01": math.nan}, {"2013-01": -1},
                     {"not-a-month": 1}, {}, [], {"by_tenure_year": []}]),
)


def _containers(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a dict or list in ``data``."""
    found = [path]
    items = data.items() if isinstance(data, dict) else enumerate(data) \
        if isinstance(data, list) else []
    for key, value in items:
        if isinstance(value, dict | list):
            found += _containers(value, (*path, key))
    return found


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def mutated(draw) -> tuple[Path, str]:
    """A shipped scenario, mutated, as (the file it started from, the new text)."""
    source = draw(st.sampled_from(SCENARIOS))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        paths = _containers(data)
        node = _at(data, draw(st.sampled_from(paths)))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        action = draw(st.sampled_from(["drop", "replace", "retype", "add"]))
        if action == "add" or not keys:
            key = draw(st.one_of(st.sampled_from(["id", "slots", "covers", "base", "extra"]),
                                 st.text(max_size=10)))
            if isinstance(node, dict):
                node[key] = copy.deepcopy(draw(odd_value))
            else:
                node.append(copy.deepcopy(draw(odd_value)))
            continue
        key = draw(st.sampled_from(keys))
        if action == "drop":
            del node[key]
        elif action == "replace":
            node[key] = copy.deepcopy(draw(odd_value))
        else:
            old = node[key]
            node[key] = draw(st.sampled_from([str(old), [old], {"value": old}]))  # fresh
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # a raw edit: a stray character somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\t", ":", "&", "*", "!", "{", "]", "'",
                                                 "\x00", "<<: ", "- ", "\n  "])) + text[at:]
    return source, text


def _write(text: str) -> Path:
    path = WORK / f"fuzz-{next(_NAMES)}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_clean(result, args) -> None:
    assert result.exit_code in (0, 2), (args, result.output, result.exception)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.strip(), "a refusal says why"


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated())
def test_validate_never_crashes(case):
    _, text = case
    path = _write(text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    _assert_clean(result, text)


def _dotted_paths(data: Any, prefix: str = "") -> list[str]:
    out = []
    items = data.items() if isinstance(data, dict) else (
        ((i.get("id", n) if isinstance(i, dict) else n), i) for n, i in enumerate(data)) \
        if isinstance(data, list) else []
    for key, value in items:
        path = f"{prefix}{key}"
        out.append(path)
        out += _dotted_paths(value, path + ".")
    return out


SEED = ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml"
SEED_PATHS = _dotted_paths(yaml.safe_load(SEED.read_text(encoding="utf-8")))
set_value = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=40),
                      st.sampled_from([".nan", ".inf", "-.inf", "1e400", "-1", "[", "{a: [",
                                       "&a [*a]", "!!python/name:os.system", "{<<: 1}",
                                       "[" * 100, "2013-01: 5", "{2013-01: .nan}", "0x10"]))


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.one_of(st.sampled_from(SEED_PATHS), st.text(max_size=20)),
                          set_value), min_size=1, max_size=3))
def test_set_never_crashes(settings_given):
    args = ["show", str(SEED)]
    for path, value in settings_given:
        args += ["--set", f"{path}={value}"]
    result = CliRunner().invoke(main, args)
    _assert_clean(result, args)


CASES = [
    "name: [unclosed\n",
    "period: {start: 2013-01, months: .inf}\n",
    "base: aktiv-statt-passiv-2013.yaml\nproviders: [{id: gap, slots: 1e9}]\n",
    "base: aktiv-statt-passiv-2013.yaml\ncosts: {qualification: [{id: m, month: .nan}]}\n",
    "base: aktiv-statt-passiv-2013.yaml\nparticipants: {referrals_per_month: 1e7}\n",
]


@pytest.mark.parametrize("text", CASES)
def test_validate_subprocess_exit_2_without_traceback(text):
    """A few real processes: the same answer as in-process, through the installed entry."""
    path = _write(text)
    done = subprocess.run([sys.executable, "-m", "finsim", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert all(line.startswith(str(path)) for line in done.stderr.splitlines()), done.stderr
