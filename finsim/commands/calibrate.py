"""``finsim calibrate``: exit hazards fitted to a program's spells, as an overlay scenario.

Reads the spells (the caseload file format, one line per spell) against the scenario,
fits the hazards (``finsim.analysis.calibrate``), and writes four files: the overlay
``OUT`` (``base:`` the scenario), ``<OUT stem>-fit.png`` (cumulative incidence, observed
and fitted), ``<OUT stem>-tenure.csv`` (exits by tenure band, observed and expected)
and the page ``<OUT stem>-report.html`` that shows them. The overlay is validated, base
and all, before anything is put in place; all four are
written to temporary files and renamed under the lock a results folder's commit takes
(``folder.locked``), so a failure leaves the folder as it was, and a run that finds
another run's files put there meanwhile leaves them and puts its own beside them
(``<OUT stem>.new``), as run does with its folder. A
hidden manifest beside them (``.<OUT stem>.finsim-manifest.json``, as a results folder
has one) names them with their hashes: ``--force`` replaces only those, unchanged.
"""

from __future__ import annotations

import os
import uuid
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .. import interrupts
from ..analysis.calibrate import (
    LATE_LINES,
    MIN_EVENTS,
    Calibration,
    NoEstimate,
    Tenures,
    calibrate,
    entered_after,
    garwood,
    past_cap_line,
    past_cap_warnings,
)
from ..report.calibration import (
    UNCERTAINTY_LEVEL,
    incidence_chart,
    overlay_yaml,
    tenure_table,
)
from ..report.files import write_csv
from ..report.html_calibrate import calibrate_report
from ..scenario import Month, Problem, Scenario, ScenarioError, load_scenario
from ..scenario.caseload import (
    Caseload,
    max_months,
    month_time,
    past_maximum,
    spell_rows,
    time_date,
    used_up,
)
from ..scenario.errors import condensed
from ..scenario.written import date_hint
from .folder import (
    MANIFEST,
    WRITTEN,
    OutputError,
    check_inside_results,
    check_names,
    check_writable,
    left_alone,
    listing,
    locked,
    make_parents,
    not_written,
    occupied,
    sibling,
    write_manifest_of,
)
from .options import scenario_files


@dataclass(frozen=True)
class CalibrateOptions:
    """What ``finsim calibrate`` takes besides the two files."""

    out: Path
    as_of: str | None = None  # end of the data, YYYY-MM-DD or YYYY-MM; default latest date
    since: str | None = None  # start of the data; default: every spell from its entry
    min_events: int = MIN_EVENTS
    level: float = 0.9
    other: str = "dropout"  # or "censored"
    band_months: float = 6.0
    force: bool = False
    lang: str = "de"
    """Language of the report page."""
    csv_locale: str = "en"
    """The tenure table's CSV dialect (``report.files.write_csv``): ``de`` for German Excel."""
    refused: tuple[Problem, ...] = ()
    """Options the command line refused already (``--level 0,9``), reported first with
    every other problem of the options and the file."""

    def files(self) -> tuple[Path, Path, Path, Path]:
        """The overlay, and beside it the chart, the table and the report page."""
        stem = self.out.with_suffix("")
        return (self.out, stem.with_name(stem.name + "-fit.png"),
                stem.with_name(stem.name + "-tenure.csv"),
                stem.with_name(stem.name + "-report.html"))

    def manifest(self) -> Path:
        """Beside the files, hidden: which of them finsim wrote, with their hashes, so
        ``--force`` replaces only those (``.<OUT stem>.finsim-manifest.json``)."""
        stem = self.out.with_suffix("")
        return stem.with_name(f".{stem.name}{MANIFEST}")


@dataclass(frozen=True)
class CalibrateOutcome:
    calibration: Calibration
    files: tuple[Path, ...]
    as_of: str

    @property
    def warnings(self) -> tuple[str, ...]:
        """About the spells (``Calibration.past_cap``): one line each, for the terminal;
        the overlay and the page carry the same."""
        return tuple(past_cap_line(late) for late in self.calibration.past_cap)


def calibrate_job(spells: str | Path, scenario: str | Path,
                  options: CalibrateOptions) -> CalibrateOutcome:
    """Fit, write the overlay, chart and table, return what was fitted."""
    _check_targets(options, [Path(spells), *scenario_files(Path(scenario))])
    scn = load_scenario(scenario)
    caseload, as_of, label, since = _read(spells, scn, options)
    _check_open_spells(caseload, scn, as_of, label, options.as_of is None)
    data = Tenures.from_caseload(caseload, scn, as_of, options.other, since)
    if not np.any(np.minimum(data.tenure, data.cap) > data.start):
        raise ScenarioError([Problem(str(spells), "", f"no spell is observed for any time "
                                     f"between {options.since or 'the entries'} and {label}",
                                     show_value=False)])
    try:
        cal = calibrate(data, min_events=options.min_events, level=options.level,
                        band_months=options.band_months)
    except NoEstimate as err:
        raise ScenarioError([Problem(str(spells), "", f"{err}: a group factor runs off to 0 "
                                     "or infinity; give --min-events higher, so that fewer "
                                     "groups get a factor", show_value=False)]) from None
    _check_bounded(cal, spells)
    cal = replace(cal, past_cap=tuple(past_cap_warnings(caseload, scn, as_of, options.other)))
    overlay, chart, table, report = options.files()
    text = overlay_yaml(cal, scn, base_relative(Path(scenario), overlay), Path(spells).name,
                        label, str(scenario))
    tag = uuid.uuid4().hex[:8]
    temps = [f.with_name(f".{f.stem}.tmp-{tag}{f.suffix}")
             for f in (*options.files(), options.manifest())]
    placed: list[Path] = []
    made: list[Path] = []
    try:
        with interrupts.held():
            make_parents(overlay, made)
        temps[0].write_text(text, encoding="utf-8")
        _check_overlay(temps[0])
        incidence_chart(cal, temps[1], options.lang)
        write_csv(tenure_table(cal), temps[2], options.csv_locale)
        temps[3].write_text(calibrate_report(cal, scn.name, Path(spells).name, label,
                                             options.lang), encoding="utf-8")
        interrupts.lost_stop()  # a Ctrl-C that Python swallowed still stops here
        with interrupts.held(), locked(options.out.with_suffix("")):
            files = _put_in_place(options, temps, placed)  # all four, or none
    except OSError as err:
        raise OutputError(unwritten(options.out, err, tuple(placed))) from None
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
        if not placed:  # the folders this command made for OUT go with a failure
            for parent in reversed(made):
                with suppress(OSError):
                    parent.rmdir()
    return CalibrateOutcome(cal, files, label)


def _put_in_place(options: CalibrateOptions, temps: list[Path],
                  placed: list[Path]) -> tuple[Path, ...]:
    """The commit, under the lock: look again at what is there now. Without --force,
    files another run put in place meanwhile stay, and this run's go beside them under
    the first free stem ``<OUT stem>.new``, ``.new-2``, ... (exit 2, as run's folder);
    with it, files finsim did not write are still refused. The manifest goes last: it
    names what is in place. Each file put in place is added to ``placed``."""
    files = options.files()
    if not options.force and any(occupied(f) for f in files):
        stem = sibling(options.out.with_suffix(""), lambda s: any(
            occupied(f) for f in (*_named(options, s).files(), _named(options, s).manifest())))
        _place(_named(options, stem), temps, placed)
        raise left_alone(options.out, placed)
    if options.force:
        _check_foreign(options)  # what is there now, not what was there at the start
    _place(options, temps, placed)
    WRITTEN.extend(files)
    return files


def _named(options: CalibrateOptions, stem: Path) -> CalibrateOptions:
    """``options`` writing under another stem (``c.new`` for ``--out c.yaml``)."""
    return replace(options, out=stem.with_name(stem.name + options.out.suffix))


def _place(options: CalibrateOptions, temps: list[Path], placed: list[Path]) -> None:
    """Put ``temps`` (the four files, then the manifest) in place under ``options``'
    names; the manifest, naming the four under those names, goes last. Each file put in
    place is added to ``placed``."""
    files = options.files()
    write_manifest_of(temps[4], {f.name: t for f, t in zip(files, temps, strict=False)},
                      "calibrate")
    for temp, final in zip(temps, files, strict=False):
        os.replace(temp, final)
        placed.append(final)
    os.replace(temps[4], options.manifest())


def unwritten(out: Path, err: OSError, placed: tuple[Path, ...] = ()) -> str:
    """The one line for a write that failed: it names OUT, the file the user asked for
    (not the temporary file finsim was writing), and why."""
    done = (f"put in place before the failure: {', '.join(str(p) for p in placed)}" if placed
            else "nothing was written")
    return f"{out}: cannot be written: {err.strerror or err}; {done}"


def _check_targets(options: CalibrateOptions, inputs: list[Path]) -> None:
    """Refuse before any work: a wrong suffix, a place under a file, a file this command
    reads (the scenario, a base file, the spells: never replaced, even with --force),
    files that exist without --force, and, even with it, files finsim did not write (the
    user's own, beside OUT under the companions' names)."""
    if options.out.suffix not in (".yaml", ".yml"):
        raise OutputError(f"{options.out}: the overlay is a scenario file: name it "
                          "*.yaml or *.yml")
    parent = options.out.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{options.out}: cannot be written: {parent} is a file, not a folder")
    check_inside_results(options.out)
    check_names(options.out, parent, [*(f".{f.stem}.tmp-{'0' * 8}{f.suffix}"
                                        for f in options.files()), options.manifest().name])
    check_writable(options.out, parent)  # before the work: a read-only folder, say
    read = {p.resolve() for p in inputs}
    for path in options.files():
        if path.resolve() in read:
            raise OutputError(f"{path}: is a file this command reads (the scenario, a base "
                              "file or the spells); choose another --out")
        if path.is_dir():
            raise OutputError(f"{path}: exists and is a folder")
    _check_foreign(options)
    for path in options.files():
        if path.exists() and not options.force:
            raise OutputError(f"{path}: exists; use --force to replace it or --out to "
                              "choose another name")


def _check_foreign(options: CalibrateOptions) -> None:
    """Refuse to replace, even with --force, a file under one of the four names that
    finsim did not write there, or that was changed since."""
    foreign = not_written(list(options.files()), options.manifest())
    if foreign:
        raise OutputError(f"{options.out}: finsim would replace files it did not write: "
                          f"{listing(foreign)}; --force replaces only calibrate's own "
                          "files; move them away or choose another --out")


def _check_open_spells(caseload: Caseload, scn: Scenario, as_of: float, label: str,
                       default: bool) -> None:
    """Refuse what would count someone as having served the maximum duration without
    exit: an end of the data (by default the latest date in the file) after every
    maximum that began with an entry had ended (a mistyped exit year moves it decades
    on), and spells with no exit whose maximum ended before it (the exit date is most
    likely missing, as the caseload format says). Censoring them at the maximum would
    cut every hazard. Before them, a returner whose months funded before leave nothing of
    the maximum (``used_up``, as ``finsim validate`` refuses it): no time of the spell
    could be observed. The maxima are less the months funded before, as the fit has them."""
    caps = max_months(scn)
    spelled = ~caseload.waiting
    if used := used_up(caseload, caps, spelled):
        raise ScenarioError(condensed(used, key=lambda p: (p.file, p.path)))
    last = float(np.nanmax(caseload.entry))
    if default and as_of > last + max(caps):
        dates = np.where(spelled, np.fmax(caseload.entry, np.nan_to_num(caseload.exit,
                                                                         nan=-np.inf)), -np.inf)
        line = int(caseload.line[int(np.argmax(dates))])
        raise ScenarioError([Problem(
            caseload.file, caseload.column("exit"),
            f"the end of the data, the latest date in the file "
            f"({label}, line {line}), lies more than employment.max_months after the last "
            f"entry ({time_date(last, caseload.origin)}): a mistyped exit date? Correct it, "
            "or give --as-of", show_value=False)])
    problems = past_maximum(caseload, caps, as_of, f"the end of the data ({label})",
                            lifetime=True)
    if len(problems) > LATE_LINES:  # one line, not hundreds
        raise ScenarioError([Problem(
            caseload.file, caseload.column("exit"),
            f"{len(problems):,} spells have no exit, but their "
            f"employment.max_months ended before the end of the data ({label}), the first "
            f"on line {problems[0].line}: are the exit dates missing, or is --as-of wrong? "
            "Give the exits (exit_reason max_duration if they reached it) or --as-of",
            show_value=False)])
    if problems:
        raise ScenarioError(problems)


MAX_ZERO_BOUND = 0.05
"""The largest monthly probability the data may leave open for a program's hazard without
events: its exact 99 % upper bound, the top of the overlay's draw (a pert with its mode
at 0, so a mean of a sixth of it). Above it the forecast would rest on the interval's
width, not on the data: 1 person-month without an exit draws 0 to 0.995, mean 0.17."""


def _check_bounded(cal: Calibration, spells: str | Path) -> None:
    """Refuse a reason whose program value has no event and an exact 99 % upper bound
    above ``MAX_ZERO_BOUND``: the summary would say p = 0 while the run draws a mean of a
    sixth of that bound. One line per reason, with the person-months it would take."""
    hazard = -np.log1p(-MAX_ZERO_BOUND)  # the bound as a hazard per month
    need = garwood(0, 1.0, UNCERTAINTY_LEVEL)[1] / hazard  # person-months, no event
    problems = []
    for reason, fit in cal.fits.items():
        est = fit.program
        high = float(-np.expm1(-garwood(0, est.exposure, UNCERTAINTY_LEVEL)[1]))
        if est.events == 0 and high > MAX_ZERO_BOUND:
            problems.append(Problem(str(spells), "", (
                f"{reason}: no event in {est.exposure:,.1f} person-months: too little data "
                f"to calibrate; they bound the program's probability per month only below "
                f"{high:.5f} (99 % upper end; the overlay would draw a mean of {high / 6:.5f} "
                f"where the fit says 0); bounding it below {MAX_ZERO_BOUND:g} takes at least "
                f"{need:,.1f} person-months, or events"),
                show_value=False))
    if problems:
        raise ScenarioError(problems)


def base_relative(scenario: Path, overlay: Path) -> str:
    """The overlay's ``base:``: the path from its folder to the scenario as both were
    given, so a folder reached through a link stays that link and the pair moves with
    the checkout; the real paths only where the given ones lead elsewhere (a ``..``
    after a link goes up from the link's target)."""
    given = os.path.relpath(os.path.abspath(scenario), os.path.abspath(overlay.parent))
    if (overlay.parent / given).resolve() == scenario.resolve():
        return Path(given).as_posix()
    return Path(os.path.relpath(scenario.resolve(), overlay.resolve().parent)).as_posix()


def _check_overlay(path: Path) -> None:
    """The overlay must load with its base; if it does not, that is finsim's fault."""
    try:
        load_scenario(path)
    except ScenarioError as err:
        raise RuntimeError(f"the fitted overlay does not validate: {err}") from None


def _read(spells: str | Path, scn: Scenario, options: CalibrateOptions
          ) -> tuple[Caseload, float, str, float | None]:
    """The spells file, the end of the data (months from the scenario's start, and as
    said) and its start (``--since``), with every problem of the options and the file at
    once, the options' first, then the file's in the order of its lines: a bad --as-of
    hid the file's problems, and an entry after --as-of showed only once the file's
    others were fixed. The checks against max_months follow once these are right
    (``_check_open_spells``), as the caseload format has it."""
    origin = scn.period.start_month
    try:
        caseload, in_file = spell_rows(spells, scn.provider_ids, scn.participants.mix, origin)
    except ScenarioError as err:  # the reading stopped; the options are checked still
        caseload, in_file = None, list(err.problems)
    problems: list[Problem] = []
    entries = np.array([]) if caseload is None else caseload.entry[~caseload.waiting]
    as_of, label = None, options.as_of or ""
    if options.as_of is not None:
        as_of = _date("--as-of", options.as_of, origin, problems)
    elif entries.size:
        as_of = float(np.nanmax(np.concatenate([caseload.entry, caseload.exit])))
        label = time_date(as_of, origin)
    since = None if options.since is None else _date("--since", options.since, origin, problems)
    too_early = as_of is not None and entries.size and as_of <= entries.min()
    if too_early:  # one line, not one per spell that entered after it
        problems.append(Problem("--as-of", "", f"must come after the first entry in {spells} "
                                f"({time_date(entries.min(), origin)}): nothing is observed "
                                "before it", options.as_of))
    elif caseload is not None and options.as_of is not None and as_of is not None:
        in_file += entered_after(caseload, as_of)
    if as_of is not None and since is not None and since >= as_of:
        problems.append(Problem("--since", "", f"must come before the end of the data "
                                f"({label})", options.since))
    if caseload is not None and not in_file and caseload.waiting.all():
        in_file.append(Problem(str(spells), "", "has no spells (every line is on the "
                               "waiting list): nothing to fit", show_value=False))
    problems += [*options.refused, *condensed(sorted(in_file, key=lambda p: p.line or 0))]
    if problems:
        raise ScenarioError(problems)
    return caseload, as_of, label, since


def _date(option: str, text: str, origin: Month, problems: list[Problem]) -> float | None:
    """``--as-of`` or ``--since`` as months from ``origin``; ``None``, with the problem
    added to ``problems``, where it is no date, with the hint a date in the file gets
    (``26.12.2014``: ``did you mean '2014-12-26'?``)."""
    try:
        return month_time(text, origin)
    except ValueError as err:
        problems.append(Problem(option, "", str(err), text, hint=date_hint(text)))
        return None

