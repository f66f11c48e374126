"""The files of a results folder: CSV tables, JSON records, and run's own set of files.

Where the folder goes, and whether it may replace another, is ``finsim.commands.folder``.
A run's tables are written from plain columns (``report.columns``), without pandas;
pandas is loaded only where a DataFrame is asked for (the Python API, ``compare``,
``sensitivity``, ``size``).
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import simpy

from .. import __version__, extensions
from ..analysis.sanity import notes_apart, sanity_warnings
from ..analysis.starts import year_end_record
from ..montecarlo import RunResult
from ..scenario import Scenario, datafiles, resolved_data
from ..scenario.minimum_wage import unpadded
from .cashflow import balance_band, balance_layout, balance_panels, mean_of, panel_order
from .columns import Labels, Table
from .csv_text import neutralised
from .drawing import RunCharts
from .html import balance_data, run_page
from .painter import SEND_BYTES, Painter, draw_charts, finish, frozen, received, uncollected

if TYPE_CHECKING:
    import pandas as pd

MAX_STEM = 80
"""Characters of a file name taken from an id: far below every filesystem's limit (255
bytes), with room for a prefix, a hash and the suffix."""


def file_names(texts: list[str], prefix: str = "", suffix: str = "") -> list[str]:
    """A safe file name for each text (an id, a metric), unique within the list.

    Letters are folded to ASCII (``München`` -> ``Munchen``), anything but letters,
    digits, ``_``, ``.`` and ``-`` becomes ``-``, and the stem is cut to ``MAX_STEM``.
    A name that would collide with an earlier one (compared case-insensitively, as
    macOS and Windows do) gets a short hash of its text.
    """
    names: list[str] = []
    used: set[str] = set()
    for text in texts:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", folded).strip("-.")[:MAX_STEM] or "x"
        name = f"{prefix}{stem}{suffix}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        n = 8
        while name.casefold() in used:
            name = f"{prefix}{stem[:MAX_STEM - n - 1]}-{digest[:n]}{suffix}"
            n += 2
        used.add(name.casefold())
        names.append(name)
    return names


def write_json(path: Path, data: dict) -> None:
    """A JSON record of what ran, readable by people and by scripts."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def versions() -> dict[str, str]:
    """The versions that produced a result (pandas' without loading it: a run writes
    its files without it)."""
    pandas = sys.modules.get("pandas")
    if pandas is None:
        from importlib.metadata import version

    return {"python": platform.python_version(), "numpy": np.__version__,
            "simpy": simpy.__version__,
            "pandas": pandas.__version__ if pandas else version("pandas")}


def _text_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text cells and column names neutralised (a copy if needed);
    columns by position, so that even two columns of one name are handled."""
    import pandas as pd

    risky = [i for i, dtype in enumerate(frame.dtypes)
             if not pd.api.types.is_numeric_dtype(dtype) and _any_formula(frame.iloc[:, i])]
    names = [neutralised(c) for c in frame.columns]
    if not risky and names == list(frame.columns):
        return frame
    frame = frame.copy()
    for i in risky:
        frame.iloc[:, i] = frame.iloc[:, i].map(neutralised)
    frame.columns = names
    return frame


def _any_formula(column: pd.Series) -> bool:
    """Whether some cell would be neutralised; each distinct value looked at once (a
    ledger repeats a few ids and months over many rows)."""
    try:
        values = column.unique()
    except TypeError:  # unhashable cells: look at every one
        values = column.to_numpy()
    return any(neutralised(v) is not v for v in values)


def write_csv(frame: pd.DataFrame, path: Path, locale: str = "en") -> None:
    """CSV with ``.`` decimals, or with ``--csv-locale de`` semicolons and decimal commas
    (and a byte order mark, ``csv_encoding``); money with exactly two decimals, counts
    with at most three (``numbers``). Text cells never start a formula (scenario names
    and ids come from other people)."""
    from .csv_text import csv_text
    from .numbers import formatted

    sep, decimal = _dialect(locale)
    text = csv_text(formatted(_text_safe(_booleans(frame, locale)), decimal), sep, decimal)
    path.write_text(text, encoding=csv_encoding(locale), newline="")


def write_table(table: Table, path: Path, locale: str = "en") -> None:
    """``write_csv`` of the table's ``columns.frame``, byte for byte, mostly without
    making the frame (``csv_text.table_chunks``)."""
    from .csv_text import table_chunks, writable

    table = _boolean_labels(table, locale)
    if not writable(table):
        from .columns import frame

        write_csv(frame(table), path, locale)
        return
    sep, decimal = _dialect(locale)
    with path.open("w", encoding=csv_encoding(locale), newline="") as file:
        file.writelines(table_chunks(table, sep, decimal))


def csv_encoding(locale: str) -> str:
    """UTF-8 for both locales; ``de`` (meant for German Excel) with a byte order mark
    (``utf-8-sig``): without it, Excel opens a double-clicked CSV in the Windows code
    page and ``Größere Träger`` reads ``GrÃ¶ÃŸere TrÃ¤ger``. ``en`` has none: pandas, R
    and Python's csv module would keep it as part of the first column's name."""
    return "utf-8-sig" if locale == "de" else "utf-8"


BOOLEANS = {"de": ("FALSCH", "WAHR")}
"""A locale's words for false and true, as its Excel reads and writes them (German Excel
takes ``WAHR``/``FALSCH`` as booleans and ``True``/``False`` as text); a locale without
an entry writes pandas' ``True``/``False``."""


def _booleans(frame: pd.DataFrame, locale: str) -> pd.DataFrame:
    """``frame`` with its true/false columns in the locale's words (``BOOLEANS``)."""
    words = BOOLEANS.get(locale)
    flags = [name for name in frame.columns if frame[name].dtype == bool] if words else []
    if not flags:
        return frame
    out = frame.copy()
    for name in flags:
        out[name] = np.where(frame[name].to_numpy(), words[1], words[0]).astype(object)
    return out


def _boolean_labels(table: Table, locale: str) -> Table:
    """``table`` with its true/false columns as text columns of the locale's words
    (``BOOLEANS``), as ``_booleans`` writes a frame's."""
    words = BOOLEANS.get(locale)
    if not words:
        return table
    return {name: Labels(words, column.astype(np.int64))
            if isinstance(column, np.ndarray) and column.dtype == np.bool_ else column
            for name, column in table.items()}


def _dialect(locale: str) -> tuple[str, str]:
    """The separator and decimal mark of a CSV locale."""
    return (";", ",") if locale == "de" else (",", ".")


def ran_data(scn: Scenario, replications: int, seed: int, draws: bool = True) -> dict:
    """The resolved scenario with the replications and seed the run used (``-n`` and
    ``--seed`` override the file's) and, for a run that drew nothing (``draws`` False:
    ``--no-uncertainty``), an empty ``uncertainty``: run again from it, it gives the same
    numbers (with the file's draws it drew them again). The minimum wage table without
    its zero pad (``unpadded``), which read as a statutory minimum wage of 0 EUR."""
    data = unpadded(resolved_data(scn))
    data["simulation"] = {**data.get("simulation", {}), "replications": replications,
                          "seed": seed}
    if not draws:
        data["uncertainty"] = {}
    return data


def run_info(result: RunResult, command: list[str], started: float | None = None,
             more: list[str] | None = None, before: list[str] | None = None) -> dict:
    """Enough to rerun the same job and to know what produced it. ``wall_seconds`` is the
    replications' time alone; ``command_seconds`` the job's from ``started`` (its
    ``time.perf_counter``) to now: write run.json as the folder's last file. ``more``:
    warnings of the command's own files after the sanity warnings (run's tables too long
    for Excel, size's plan); ``before``: those said before them (size's search's). The
    notes among them apart (``said``)."""
    return {
        "finsim_version": __version__,
        "command": command,
        "scenario": ran_data(result.scenario, result.spec.replications, result.spec.seed,
                             result.spec.draws),
        "data_files": datafiles.used(result.scenario),
        "seed": result.spec.seed,
        "replications": result.spec.replications,
        "uncertainty": result.spec.draws,
        "jobs": result.jobs,
        "wall_seconds": round(result.seconds, 3),
        "command_seconds": seconds_since(started),
        **said([*(before or []), *sanity_warnings(result), *(more or [])]),
        "resources": result.resources,
        "percentiles": result.aggregate.percentile_note(),
        "versions": versions(),
        "extensions": extensions.recorded(),
    }


def said(lines: list[str]) -> dict[str, list[str]]:
    """A record's ``warnings`` of ``lines``, then its ``notes`` (a ``sanity.Note``: what the
    terminal says as ``note:``), the key left out where there are none: a reader of the
    warnings, as ``--strict``, is not stopped by a note, and a record without one is
    written as before."""
    warnings, notes = notes_apart(lines)
    return {"warnings": warnings, **({"notes": notes} if notes else {})}


def seconds_since(started: float | None) -> float | None:
    """The job's seconds from ``started`` (``time.perf_counter``) to now, for a record
    written as its folder's last file (``command_seconds``); None where the start is
    unknown (a folder written outside a command)."""
    return None if started is None else round(time.perf_counter() - started, 3)


RESULT_TABLES: dict[str, str] = {
    "summary.csv": "summary_columns",
    "providers.csv": "providers_columns",
    "flows.csv": "flows_columns",
    "ledger.csv": "ledger_columns",
    "replications.csv": "replications_columns",
    "structure.csv": "structure_columns",
    "cashflow.csv": "cashflow_columns",
    "fiscal.csv": "fiscal_columns",
}
"""The CSV tables of a run's results folder, each with the function of ``report.tables``
that makes its columns (``*_table`` makes its DataFrame)."""


def write_run(result: RunResult, folder: Path, command: list[str] | None = None,
              locale: str = "en", lang: str = "de", painter: Painter | None = None,
              writer: Painter | None = None, started: float | None = None,
              monitoring: bool = False) -> float | None:
    """Every file of the results folder (README) into ``folder``: the CSV tables,
    ``report.html`` and ``results.xlsx`` in ``lang`` (and ``monitoring.md``, the
    deck-style view, if asked, written while the painter draws). The charts (``cashflow.png``,
    ``report.html``) are drawn by ``painter`` and the tables and ``results.xlsx``
    written by ``writer`` (``report.painter``: processes that loaded
    matplotlib and XlsxWriter while finsim loaded and the replications ran), or here; the
    painter gets the png's layout first (its helper lays the png out while the band is
    worked out here), then the charts' data (``run_charts``), the writer the result, then
    the run's warnings in ``lang``, worked out here once the charts' data is sent, for the
    workbook (the writer writes the CSV tables meanwhile) and the page. The
    page's data goes to the painter after the tables where they are written here: the
    painter's helper draws ``cashflow.png`` as its data comes, and the page's charts (but
    its cash chart, drawn after the png) once this process's core is free
    (``painter.draw_charts``). ``run.json`` comes last, here, once the others are written:
    its ``command_seconds`` counts from ``started`` to then, and is returned: the
    terminal's time is this one reading, not a later one. The rest of it is made while
    the painter draws, not after. Nothing is written into ``folder`` once this returns
    or raises: where it returns, the helpers are done (their processes ending, reaped
    by whoever stops them: their ``painting``, after the folder's commit), else they
    are stopped here."""
    painter, writer = painter or Painter(), writer or Painter()
    command = command if command is not None else sys.argv
    large = result.aggregate.nbytes > SEND_BYTES
    done = False
    try:  # the png's layout first: the painter's helper lays it out meanwhile
        painter.send(draw_charts, balance_layout(result, lang), folder)
        writer.send(write_tables, result, folder, locale, lang, True, large=large)
        charts = run_charts(result, lang, page=False)
        painter.post(charts)
        with frozen():  # the result, and the libraries a job here imports (``uncollected``)
            with uncollected():  # loaded here unless a writer loaded them earlier
                from .tables import own_warnings, run_warnings

            warnings = run_warnings(result, lang)  # once, for the workbook and the page
            writer.post(warnings)
            if not writer.forked:
                writer.finish()
            painter.post(run_page(result, lang, charts.cash, warnings))

            info = run_info(result, command, None, own_warnings(result))
            if ends := year_end_record(result):  # a re-forecast's year-end figures
                info["year_end"] = ends
            if monitoring:  # before run.json, which counts the whole folder
                from .monitoring import monitoring_markdown

                (folder / "monitoring.md").write_text(monitoring_markdown(result, lang),
                                                      encoding="utf-8")
            finish(painter, writer, reap=False)
        info["command_seconds"] = seconds = seconds_since(started)
        write_json(folder / "run.json", info)
        done = True
    finally:
        if not done:
            writer.stop()
            painter.stop()
    return seconds


def run_charts(result: RunResult, lang: str, page: bool = True) -> RunCharts:
    """What the painter draws (``cashflow.png`` and ``report.html``), as plain data: the
    balance band computed once for both (the program's band is the chart's first panel
    and the page's cash chart); without ``page``, the page is left to make later."""
    panels = panel_order(mean_of(result, "peak_prefinancing"))
    low, high = balance_band(result, panels)
    cash = balance_data(result, lang, (low[:, 0], high[:, 0]))
    return RunCharts(balance_panels(result, (low, high), lang), cash,
                     run_page(result, lang, cash) if page else None)


def write_tables(result: RunResult, folder: Path, locale: str, lang: str,
                 posted: bool = False) -> None:
    """The results folder's CSV tables and ``results.xlsx``. With ``posted``, the run's
    warnings in ``lang`` (``tables.run_warnings``) for the workbook are the next value
    posted to this job (``painter.received``): ``write_run`` works them out once, for the
    page too, while the tables are written, where a writer process would work them out
    again for itself."""
    with uncollected():  # loaded here unless a writer loaded them earlier
        from . import tables
        from .results_book import write_results  # XlsxWriter: load it late

    for name, make in RESULT_TABLES.items():
        write_table(getattr(tables, make)(result), folder / name, locale)
    warnings = received() if posted else tables.run_warnings(result, lang)
    write_results(folder / "results.xlsx", result, lang, warnings)
