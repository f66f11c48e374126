"""Start-up stays short: ``import finsim`` and a first replication load neither pandas,
matplotlib nor scipy (the start-up budget of ``benchmarks/check.py`` is 0.5 s; pandas
alone takes about a third of it). Tables, charts and analyses import them where used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

PROGRAM = """
import sys
import finsim
finsim.run({path!r}, replications=1, jobs=1)
print(" ".join(sorted(m for m in ("pandas", "matplotlib", "scipy", "openpyxl") if m in sys.modules)))
"""


def test_a_first_replication_imports_no_heavy_library() -> None:
    path = str(ROOT / "scenarios" / "aktiv-statt-passiv-2013.yaml")
    done = subprocess.run([sys.executable, "-c", PROGRAM.format(path=path)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == ""
