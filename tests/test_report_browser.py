"""Every command's report page in a real browser (issue 19.2): headless Chromium opens it
from disk with the network off, renders it, and what it shows is checked, with no
console message; a screenshot of each is kept.

Chromium is the Debian package ``chromium`` (``.ci/run`` installs it when it can); without
it these tests skip and say why. The screenshots go to ``$FINSIM_ARTIFACTS`` (``.ci/run``
sets ``outputs/browser-check``), else to the test's temporary folder; the path is printed.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from finsim.report.html import number

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WHY = os.environ.get("FINSIM_CHROMIUM_MISSING", "")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not installed (Debian: apt-get install chromium), so the browser "
           "check of the report pages is skipped" + (f": {WHY}" if WHY else ""))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--proxy-server=127.0.0.1:9", "--enable-logging=stderr",
         "--v=0"]
"""As root in a container: no sandbox, no GPU, nothing fetched in the background; the
proxy points nowhere, so a page that tried to load anything would fail to."""
CONSOLE = re.compile(r":CONSOLE[:(]")
"""How Chromium's log (``--enable-logging=stderr``) marks a page's console message."""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Chromium with a fresh profile of its own."""
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def shown(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The rendered page's text (outside styles), and the console lines it logged."""
    done = chromium(profile, "--dump-dom", page.resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    text = re.sub(r"<style>.*?</style>", " ", done.stdout, flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return text, [line for line in done.stderr.splitlines() if CONSOLE.search(line)]


def summary_of(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "summary.csv").set_index("metric")


def expected(command: str, page: Path) -> list[str]:
    """What the rendered page must say: its title, a figure from the command's own CSV
    files, and the part only that command adds."""
    folder = page.parent
    if command == "run":
        cost = summary_of(folder).loc["cost_total", "mean"]
        return ["Ergebnisbericht: Small test program",
                f"Gesamtkosten (EUR) {number(cost, 'de')}", "Teilnehmende und Warteliste",
                "Personalkosten Beschäftigte"]
    if command == "compare":
        table = pd.read_csv(folder / "comparison.csv")
        row = table[(table.metric == "cost_total") & (table.scenario == "Small, later")].iloc[0]
        return ["Szenarienvergleich: Small test program", "nach Programmmonat ausgerichtet",
                f"Δ +{number(row['delta_mean'], 'de')}", "Programmmonat"]
    if command == "oat":
        return ["Sensitivitätsanalyse: Small test program",
                "Keine der Annahmen bewegt diese Kennzahl", "material.per_slot_month 40–60 EUR/Monat",
                "Ausschlag (oberer − unterer Wert, EUR)"]
    if command == "sobol":
        return ["Sensitivity analysis: Small test program", "Sobol (variance decomposition)",
                "hazards.placement 0.005–0.02 /month", "ST"]
    if command == "size":
        plan = pd.read_csv(folder / "plan.csv")
        asked = plan[~plan.funder.isin(["gap", "employers"])]  # employers: not public
        return ["Kosten- und Finanzierungsplan: Small test program",
                f"Summe: Antrag {number(asked[asked.year == 2013].amount.sum(), 'de')}",
                "Kreditlinie je Träger", "Kassenstand des Programms"]
    table = pd.read_csv(folder / "overlay-tenure.csv")
    first = table.iloc[0]
    return ["Kalibrierung der Austrittsraten: known hazards",
            f"Vermittlung 0 – 6 {number(first['exposure_months'], 'de', 1)} "
            f"{first['observed']}", "Vermittlung: beobachtet", "Likelihood-Quotienten-Test"]


@pytest.fixture(scope="module")
def shots() -> Path:
    keep = os.environ.get("FINSIM_ARTIFACTS")
    folder = Path(keep) if keep else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("command", ["run", "compare", "oat", "sobol", "size", "calibrate"])
def test_the_browser_shows_each_report_and_logs_nothing(command, report_pages, tmp_path,
                                                         shots):
    page = report_pages[command]
    text, console = shown(page, tmp_path / "profile")
    for part in expected(command, page):
        assert part in text, (part, text[:3000])
    assert not console, console
    shot = tmp_path / f"{command}.png"
    done = chromium(tmp_path / "profile-shot", "--window-size=1100,3000",
                    f"--screenshot={shot}", page.resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000  # a page, not a blank
    if shots is not None:
        shot = Path(shutil.copy(shot, shots / f"report-{command}.png"))
    print(f"screenshot of the {command} report: {shot}")


def test_a_console_error_would_be_caught(tmp_path):
    """The console check can fail: a page that logs an error and throws is seen doing so."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><p>shown</p><script>console.error('boom');"
                    "throw new Error('broken')</script></body></html>", encoding="utf-8")
    text, console = shown(page, tmp_path / "profile")
    assert "shown" in text
    assert any("boom" in line for line in console)
    assert any("Uncaught Error: broken" in line for line in console)
