"""report.html in a real browser (issue 19.2): headless Chromium opens the page from disk
with the network off, renders it, and what it shows is checked; a screenshot is kept.

Chromium is the Debian package ``chromium`` (``.ci/run`` tries to install it); without it
the tests skip and say so. Set ``FINSIM_ARTIFACTS`` to a folder to keep the screenshot.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from finsim.cli import main
from finsim.report.html import number

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not installed (Debian: apt-get install chromium): the browser check "
           "of report.html is skipped")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-extensions", "--no-first-run", "--proxy-server=127.0.0.1:9",
         "--enable-logging=stderr", "--v=0"]
"""The proxy points nowhere: a page that tried to load anything would fail to."""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "res"
    done = CliRunner().invoke(main, ["run", str(SMALL), "-q", "-n", "8", "--jobs", "1",
                                     "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


def test_the_browser_shows_the_key_figures_and_logs_no_console_error(folder, tmp_path):
    page = (folder / "report.html").resolve().as_uri()
    shown = _chromium(tmp_path, "--dump-dom", page)
    assert shown.returncode == 0, shown.stderr[-2000:]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(
        r"<style>.*?</style>", " ", shown.stdout, flags=re.S)))
    summary = pd.read_csv(folder / "summary.csv").set_index("metric")
    assert "Ergebnisbericht: Small test program" in text
    assert f"Gesamtkosten (EUR) {number(summary.loc['cost_total', 'mean'], 'de')}" in text
    assert "Teilnehmende und Warteliste" in text  # the flow chart's own text, as SVG text
    assert "Personalkosten Beschäftigte" in text  # the category chart's legend (registry plan line)
    assert not re.search(r"CONSOLE.*(Error|error)|Uncaught", shown.stderr), shown.stderr[-2000:]


def test_a_screenshot_of_the_report_is_kept(folder, tmp_path):
    shot = tmp_path / "report.png"
    done = _chromium(tmp_path, "--window-size=1100,2400", f"--screenshot={shot}",
                     (folder / "report.html").resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000  # a page, not a blank
    if keep := os.environ.get("FINSIM_ARTIFACTS"):
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
