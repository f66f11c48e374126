"""People from a file: who is (or was) in the program, and who is waiting for a slot.

One CSV format serves three uses: the caseload a scenario starts from
(``participants.initial: file.csv``), the actual spells of a re-forecast
(``finsim run --actuals``) and the calibration against observed spells. Its columns:

- ``person``: an identifier, unique in the file;
- ``provider``: a provider id of the scenario (empty for someone on the waiting list);
- ``entry``: the first day in the slot, ``YYYY-MM-DD`` or ``YYYY-MM`` (the first of the
  month); empty for someone on the waiting list;
- ``exit``: the first day no longer employed, same forms; empty while in the program;
- ``exit_reason``: ``placement``, ``dropout``, ``max_duration`` or ``other``; empty while
  in the program (``other`` counts with ``dropout`` in the flows);
- ``referral`` (optional column): the day of the Jobcenter's referral; required for
  someone on the waiting list (a row without ``entry``);
- ``months_funded_before`` (optional column): whole months of the same funding this
  person used in earlier spells (empty: 0). §16i SGB II funds at most ``max_months`` in a
  lifetime, so a returner's spell ends at the latest when what remains is used;
- then one column per attribute of ``participants.mix`` (optional: an attribute without a
  column is drawn from the mix), holding one of its values.

Column names are matched in any case and without surrounding spaces (``column_key``), as
a spreadsheet's column titles read; a problem names a column as the file writes it.

Dates become months from an origin month as floats: a whole date counts from that day
within its month (2027-01-16 is 15/31 into January), ``YYYY-MM`` from the first. Every
problem found is reported, one line each (file, line, column, value, what is expected),
as a :class:`ScenarioError` (exit 2).
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..nouns import counted
from . import datafiles
from .errors import Problem, ScenarioError, condensed, suggest
from .reader import UnreadableFile
from .schedule import Month, month_days, months_later
from .written import date_hint, whole_hint, whole_number

REQUIRED = ("person", "provider", "entry", "exit", "exit_reason")
"""Columns every caseload file has, in this order of documentation."""
BEFORE = "months_funded_before"
"""The optional column of months funded in earlier spells (the lifetime maximum)."""
OPTIONAL = ("referral", BEFORE)
REASONS = ("placement", "dropout", "max_duration", "other")
"""Exit reasons a file may give; ``other`` is counted with dropout."""
IN_PROGRAM = -1
"""Reason code of someone still in the program (no exit given)."""
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_LINE_END = re.compile(r"\r\n|\r|\n")
"""What ends a line of a CSV file, as the csv module counts lines."""
REENTRY = ("the file holds one spell per person: give a re-entry an id of its own "
           "(P-011-2, say); its shares by tenure year count from the re-entry, and "
           f"{BEFORE} (the months funded in earlier spells) caps what remains of max_months")
"""How to write someone who left and came back, where a person is one spell."""
MAX_ROWS = 1_000_000
"""More people than any program has: a larger file is refused, not read."""


@dataclass(frozen=True, eq=False)
class Caseload:
    """The people of a caseload file as typed columns (one row per person, file order).

    Times are months from ``origin`` (floats; may be negative). ``provider`` indexes
    ``provider_ids`` and is -1 on the waiting list; ``entry`` and ``exit`` are NaN where
    not given; ``reason`` indexes ``REASONS`` (``IN_PROGRAM`` while in, and on the
    waiting list); ``attributes`` holds codes into each attribute's values, -1 where the
    file has no column for it; ``line`` is each row's line in the file; ``before`` the
    months of the same funding used in earlier spells (``months_funded_before``, 0 where
    not given): the lifetime maximum leaves ``max_months - before`` to this spell.
    """

    file: str
    origin: Month
    person: tuple[str, ...]
    provider: np.ndarray
    entry: np.ndarray
    exit: np.ndarray
    reason: np.ndarray
    referral: np.ndarray
    attributes: np.ndarray
    line: np.ndarray
    before: np.ndarray
    provider_ids: tuple[str, ...]
    attribute_names: tuple[str, ...]
    written: dict[str, str] = field(default_factory=dict)
    """Each column's name as the file's header writes it (``Person_ID``), by its name here."""

    def column(self, name: str) -> str:
        """Column ``name`` as the file writes it: a message names what the user wrote."""
        return self.written.get(name, name)

    @property
    def waiting(self) -> np.ndarray:
        """People referred but not (yet) in a slot."""
        return np.isnan(self.entry)

    def open_at(self, t: float) -> np.ndarray:
        """People in a slot at time ``t``: entered at or before it, not left by then."""
        entered = ~self.waiting & (self.entry <= t)
        return entered & ~(self.exit <= t)

    def waiting_at(self, t: float) -> np.ndarray:
        """People on the waiting list at ``t``: referred by then and not in a slot before
        it (no entry, or an entry at or after ``t``: a re-forecast's forecast decides it).
        At the period start (0) "by then" includes its first day, as a starting caseload's
        waiting list does; at a later ``--as-of`` a referral on that day is the
        forecast's (it simulates that month's referrals), so only earlier ones count."""
        referred = self.referral <= t if t <= 0.0 else self.referral < t
        return referred & ~self.began_before(t)

    def began_before(self, t: float) -> np.ndarray:
        """People in a slot before ``t``: a re-forecast's actual past at ``--as-of`` t.
        At the period start (0) that includes whoever entered on its first day: they are
        the starting caseload, not the forecast's."""
        return ~self.waiting & (self.entry <= t if t <= 0.0 else self.entry < t)

    def subset(self, mask: np.ndarray) -> Caseload:
        """The same caseload with only the rows in ``mask``."""
        keep = np.nonzero(mask)[0]
        return Caseload(
            self.file, self.origin, tuple(self.person[i] for i in keep), self.provider[keep],
            self.entry[keep], self.exit[keep], self.reason[keep], self.referral[keep],
            self.attributes[keep], self.line[keep], self.before[keep], self.provider_ids,
            self.attribute_names, self.written)


def month_time(text: str, origin: Month) -> float:
    """``YYYY-MM-DD`` or ``YYYY-MM`` as months from the start of ``origin``.

    The day counts within its month: day d of a month of n days is (d - 1) / n in.
    Raises ValueError with what is expected.
    """
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError("expected a date YYYY-MM-DD or a month YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError("expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12)")
    day = int(match.group(3) or 1)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"expected a day 01-{days} of {year:04d}-{month:02d}")
    return (Month(year, month) - origin) + (day - 1) / days


def _odd_id(pid: str) -> tuple[str, str] | None:
    """Why a person's id is refused, and the fix: a spreadsheet's text formula
    (``="A-0001"``, written to keep leading zeros) or an invisible character (a no-break
    space, a control character). Taken as written, the next export written plainly
    would name other people: the draws a person keeps are keyed by the id."""
    if pid.startswith("="):
        inner = pid[1:].strip().strip('"')
        return "a spreadsheet formula, not an id", f"write the id itself: {inner}"
    if any(ch != " " and (ch.isspace() or not ch.isprintable()) for ch in pid):
        return ("an invisible character (a no-break space, a tab, a control character) in "
                "the id", "write the id with visible characters and plain spaces only")
    return None


def read_caseload(path: str | Path, provider_ids: Sequence[str],
                  mix: dict[str, dict[str, float]], origin: Month,
                  spells: bool = False, files: datafiles.Files | None = None,
                  role: str = "", empty_ok: bool = False) -> Caseload:
    """Read and check a caseload file against the scenario's providers and mix.

    With ``spells`` (a history of spells, as ``finsim calibrate`` reads) a person may
    have several lines, one per spell, as long as the spells do not overlap. ``files``:
    a scenario's data files (``scenario.datafiles``), the file's bytes taken from them,
    or read now and kept there. ``role`` names the file in a refusal (``caseload file``,
    ``spells file``; by default the one ``spells`` reads). A file with a header and no
    row is refused (a failed export) unless ``empty_ok`` (the actual spells of a program
    nobody has entered yet: ``sanity`` warns). Parsed once per content and layout
    (``_CACHE``)."""
    path = Path(path)
    file = str(path)
    what = role or ("spells file" if spells else "caseload file")
    try:  # without blocking on a FIFO, within a size limit; once per scenario
        found = datafiles.fetch(files, path)
        key = ("parsed", file, found.sha256, tuple(provider_ids), _mix_key(mix), origin, spells,
               empty_ok)
        if key not in _CACHE:  # the load's parse serves the compile after it
            datafiles.remember(_CACHE, key, _parsed(file, found.text, provider_ids, mix,
                                                    origin, spells, what, empty_ok))
        return _CACHE[key]
    except UnreadableFile as err:
        raise datafiles.refused(file, what, err) from None


def spell_rows(path: str | Path, provider_ids: Sequence[str],
               mix: dict[str, dict[str, float]], origin: Month) -> tuple[Caseload, list[Problem]]:
    """A spells file's rows as far as they read, with every problem of its rows (their
    own and the overlaps across rows) in the order of the lines, neither condensed nor
    raised: ``finsim calibrate`` reports its own checks of the rows against its options
    (an entry after --as-of) with them, every problem at once. What stops the reading (a
    header without ``entry``, a file that is not UTF-8) is raised."""
    file = str(path)
    try:  # within a size limit, without blocking on a FIFO
        text = datafiles.fetch(None, Path(path)).text
    except UnreadableFile as err:
        raise datafiles.refused(file, "spells file", err) from None
    return _rows(file, text, provider_ids, mix, origin, True, "spells file")


def _parsed(file: str, text: str, provider_ids: Sequence[str],
            mix: dict[str, dict[str, float]], origin: Month, spells: bool,
            what: str, empty_ok: bool = False) -> Caseload:
    caseload, problems = _rows(file, text, provider_ids, mix, origin, spells, what, empty_ok)
    if problems:
        raise ScenarioError(condensed(problems))
    return caseload


def _rows(file: str, text: str, provider_ids: Sequence[str],
          mix: dict[str, dict[str, float]], origin: Month, spells: bool,
          what: str, empty_ok: bool = False) -> tuple[Caseload, list[Problem]]:
    """The file's rows as a caseload and every problem of its rows in the order of the
    lines; what stops the reading is raised."""
    rows, lines = csv_rows(file, text)
    if not rows:
        raise ScenarioError([Problem(file, "", "is empty: expected a header line "
                                     f"{','.join(REQUIRED)},<attributes>", show_value=False)])
    if len(rows) - 1 > MAX_ROWS:
        raise ScenarioError([Problem(file, "", f"has {len(rows) - 1:,} rows; at most "
                                     f"{MAX_ROWS:,} people are read", show_value=False)])
    header = Header.of(rows[0], lines[0])
    columns, problems = _columns(file, header, mix)
    if problems:
        raise ScenarioError(problems)
    if len(rows) == 1 and not empty_ok:
        raise ScenarioError([no_rows(file, what)])
    caseload, problems, dated = _parse(file, rows[1:], lines[1:], header, columns,
                                       list(provider_ids), mix, origin, spells)
    if spells:  # with the rows' own problems: every problem of the file at once
        problems += _overlaps(caseload, dated)
    return caseload, sorted(problems, key=lambda p: p.line or 0)


def no_rows(file: str, what: str) -> Problem:
    """A file with a header and no row: a failed export, not "nobody was there" (a
    program that starts empty says ``initial: 0``) or "nothing was booked"."""
    hint = ("a program that starts empty has participants.initial: 0"
            if what == "caseload file" else "")
    return Problem(file, "", f"{what} has no rows, only a header line: a failed export?",
                   show_value=False, hint=hint)


def column_key(name: str) -> str:
    """A column name as matched: without surrounding spaces and in any case, as a
    spreadsheet user reads column titles (``Person``, ``PERSON `` and ``person`` are one)."""
    return name.strip().casefold()


@dataclass(frozen=True)
class Header:
    """A CSV file's header line: each column's name as written (stripped, for messages)
    and as matched (``column_key``), and the line it stands on."""

    written: tuple[str, ...]
    keys: tuple[str, ...]
    line: int

    @classmethod
    def of(cls, row: Sequence[str], line: int) -> Header:
        """The header of a file whose first row is ``row``, on ``line``."""
        return cls(tuple(c.strip() for c in row), tuple(column_key(c) for c in row), line)

    def index(self, name: str) -> int | None:
        """The first column matching ``name``, or None."""
        key = column_key(name)
        return next((k for k, have in enumerate(self.keys) if have == key), None)

    def twice(self, k: int) -> str | None:
        """Why column ``k`` is refused as a repeat of an earlier column, or None: names
        matched in any case and without surrounding spaces are one column, so both are
        named as written where they differ (``person`` and ``Person``)."""
        first = self.keys.index(self.keys[k])
        if first == k or not self.keys[k]:
            return None
        if self.written[first] == self.written[k]:
            return "column appears twice"
        return (f"column appears twice, as '{self.written[first]}' (column {first + 1}) "
                f"and '{self.written[k]}' (column {k + 1}): names are matched in any case")


def csv_rows(file: str, text: str) -> tuple[list[list[str]], list[int]]:
    """The rows of a CSV file and the line each begins on (a quoted cell may hold a line
    break, so a row's line is not its index). A line ends with LF, CRLF or CR alone (an
    old Mac spreadsheet's "CSV (Macintosh)"). A blank row (an empty line, or only
    separators, as a spreadsheet writes formatted empty rows), before the header or
    after it, carries no data and is left out. A line the csv module refuses (a cell
    over its limit, in practice an unclosed quote that runs on to the end of a large
    file), or a quote never closed, is one line naming where that row began, not an
    internal error or a last row holding the rest of the file."""
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1  # the line the next row begins on
    try:
        for row in reader:
            if "".join(row).strip():  # not blank; one join, not a strip a cell
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        raise ScenarioError([_unreadable(file, text, start, err)]) from None
    if rows and reader.line_num > lines[-1] and _unclosed(text, lines[-1], delimiter):
        raise ScenarioError([Problem(file, "", "a quote (\") opened on this line is never "
                                     "closed: the rest of the file would be one cell",
                                     line=lines[-1], show_value=False,
                                     hint="close or remove the quote")])
    return rows, lines


def _unclosed(text: str, line: int, delimiter: str) -> bool:
    """Whether the text from ``line`` on ends inside a quoted cell (the csv module,
    unless strict, reads such a cell on to the end without a word)."""
    offset = 0
    for _, end in zip(range(line - 1), _LINE_END.finditer(text), strict=False):
        offset = end.end()
    try:
        for _ in csv.reader(io.StringIO(text[offset:], newline=""), delimiter=delimiter,
                            strict=True):
            pass
    except csv.Error as err:
        return "unexpected end of data" in str(err)
    return False


def misshapen(file: str, names: Sequence[str], line: int,
              row: Sequence[str]) -> list[Problem]:
    """Why the cells of the row beginning on ``line`` are not its columns' values, one
    line each, or nothing: a quoted cell over several lines (``spanning_cells``), else
    more or fewer cells than the header ``names`` (a cell missing or one too many shifts
    the others into the wrong columns). Either way its cells are not checked one by one:
    each would be a second line about the same mistake."""
    if spanning := spanning_cells(file, names, line, row):
        return spanning
    if len(row) != len(names):
        return [Problem(file, "", f"has {len(row)} cells, the header names {len(names)}",
                        ",".join(row), line)]
    return []


def spanning_cells(file: str, names: Sequence[str], line: int,
                   row: Sequence[str]) -> list[Problem]:
    """Quoted cells that run over lines, one line per cell, named at the line its quote
    opens on (the row's ``line`` plus the line breaks of the cells before it). The csv
    module reads a quote left unclosed on line 3 and a quote on line 7 as one cell over
    lines 3 to 7, as it reads a line break typed into a cell (Excel's Alt+Enter): the
    file cannot tell them apart, so the line says both. No id, date, value or amount
    holds a line break, and stripped, ``"cjd<LF>"`` would pass as ``cjd``."""
    joined = "".join(row)  # one look at the row, not two at each cell
    if "\n" not in joined and "\r" not in joined:
        return []
    problems, at = [], line
    for k, cell in enumerate(row):
        if breaks := len(_LINE_END.findall(cell)):
            problems.append(Problem(
                file, names[k] if k < len(names) else f"column {k + 1}",
                f"the quote (\") opened on line {at} runs on to line {at + breaks}: the "
                "quote may be unclosed, or the cell may hold a line break (Alt+Enter in a "
                "spreadsheet)", cell, at, hint="close the quote, or remove the line break: "
                "a cell holds one id, date, value or amount on one line"))
        at += breaks
    return problems


def _unreadable(file: str, text: str, line: int, err: csv.Error) -> Problem:
    """The row the csv module refused, said without quoting it: a cell over its limit is,
    with a quote on its first line, an unclosed quote that ran on through the file."""
    if "field limit" not in str(err):
        return Problem(file, "", f"cannot be read as CSV: {err}", line=line, show_value=False)
    what = f"a cell longer than {csv.field_size_limit():,} characters"
    if '"' in _LINE_END.split(text)[line - 1]:
        return Problem(file, "", f"{what}: an unclosed quote (\") on this line runs on",
                       line=line, show_value=False, hint="close or remove the quote")
    return Problem(file, "", what, line=line, show_value=False,
                   hint="a cell holds one id, date, name or number")


def _delimiter(text: str) -> str:
    """Comma, or semicolon where the header (the first line that is not blank) uses it
    (a German spreadsheet's CSV)."""
    first = _LINE_END.split(text.lstrip(" \t;,\r\n"), maxsplit=1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _columns(file: str, header: Header,
             mix: dict[str, dict[str, float]]) -> tuple[dict[str, int], list[Problem]]:
    """Each known column's index by its name here (``REQUIRED``, ``OPTIONAL``, the mix's
    attributes), and the header's problems, one line each, its names as written."""
    known = {column_key(name): name for name in reversed([*REQUIRED, *OPTIONAL, *mix])}
    if missing := [c for c in REQUIRED if header.index(c) is None]:
        return {}, [_not_a_caseload(file, header, known, missing)]
    problems, columns = [], {}
    for k, (name, key) in enumerate(zip(header.written, header.keys, strict=True)):
        if twice := header.twice(k):
            problems.append(Problem(file, name, twice, line=header.line, show_value=False))
        elif not key:  # a spreadsheet's separator at the end of every line
            problems.append(Problem(file, f"column {k + 1}", "a column without a name",
                                    line=header.line, show_value=False,
                                    hint="a separator at the end of the header line? remove "
                                    "it (and the one at the end of each line), or name the "
                                    "column"))
        elif key not in known:
            hint = suggest(key, list(known), header.keys) or (
                f"expected {', '.join(REQUIRED)}, optionally {', '.join(OPTIONAL)}, and "
                f"attributes of participants.mix ({', '.join(mix) or 'none'})")
            problems.append(Problem(file, name, "unknown column", line=header.line,
                                    hint=hint, show_value=False))
        else:
            columns[known[key]] = k
    return columns, problems


def _not_a_caseload(file: str, header: Header, known: dict[str, str],
                    missing: list[str]) -> Problem:
    """A header without the required columns, said without quoting it: a scenario may
    name any .csv file, and a file that is no caseload may hold anything (the line names
    its unknown columns by position)."""
    unknown = [str(k + 1) for k, key in enumerate(header.keys) if key not in known]
    one = len(unknown) == 1
    others = (f"; {'column' if one else 'columns'} {', '.join(unknown)} {'is' if one else 'are'}"
              f" none of these, {', '.join(OPTIONAL)} or an attribute of participants.mix"
              if unknown else "")
    return Problem(file, "", f"missing column(s) {', '.join(missing)}: the header must "
                   f"name {', '.join(REQUIRED)}{others}", line=header.line, show_value=False)


def _parse(file: str, rows: list[list[str]], lines: list[int], header: Header,
           columns: dict[str, int], providers: list[str], mix: dict[str, dict[str, float]],
           origin: Month, repeated: bool = False) -> tuple[Caseload, list[Problem], np.ndarray]:
    """The rows as a caseload, every row's problems, and which rows have a person and
    dates to check across rows (a row with a bad date, say, would show false overlaps).
    ``columns``: each column's index by its name here; a problem names it as written."""
    written = {name: header.written[k] for name, k in columns.items()}
    n = len(rows)
    names = tuple(mix)
    person: list[str] = []
    provider = np.full(n, -1, dtype=np.int64)
    entry = np.full(n, np.nan)
    exit_ = np.full(n, np.nan)
    referral = np.full(n, np.nan)
    before = np.zeros(n)
    reason = np.full(n, IN_PROGRAM, dtype=np.int8)
    codes = np.full((n, len(names)), -1, dtype=np.int64)
    problems: list[Problem] = []
    dated = np.ones(n, dtype=bool)
    seen: dict[str, int] = {}
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):

        def cell(name: str, row: list[str] = row) -> str:
            k = columns.get(name)
            return row[k].strip() if k is not None else ""

        def bad(column: str, value: str, expected: str, hint: str = "", line: int = line,
                i: int = i) -> None:
            problems.append(Problem(file, written.get(column, column), expected, value, line,
                                    hint=hint))
            if column in ("", "person", "entry", "exit"):
                dated[i] = False

        if shape := misshapen(file, header.written, line, row):
            problems.extend(shape)
            dated[i] = False
            person.append("")
            continue
        pid = cell("person")
        if not pid:
            bad("person", pid, "expected an identifier")
        elif why := _odd_id(pid):
            bad("person", pid, why[0], why[1])
        elif pid in seen and not repeated:
            bad("person", pid, f"duplicate person: already on line {seen[pid]}", REENTRY)
        else:
            seen[pid] = line
        person.append(pid)
        times = {}
        for column in ("entry", "exit", "referral"):
            value = cell(column)
            if value:
                try:
                    times[column] = month_time(value, origin)
                except ValueError as err:
                    bad(column, value, str(err), date_hint(value))
        entry[i] = times.get("entry", np.nan)
        exit_[i] = times.get("exit", np.nan)
        referral[i] = times.get("referral", np.nan)
        pid_provider, why = cell("provider"), cell("exit_reason")
        if pid_provider:
            if pid_provider in providers:
                provider[i] = providers.index(pid_provider)
            else:
                hint = suggest(pid_provider, providers) or f"known: {', '.join(providers)}"
                bad("provider", pid_provider, f"unknown provider ({hint})")
        if why:
            if why in REASONS:
                reason[i] = REASONS.index(why)
            else:
                bad("exit_reason", why, f"expected one of {', '.join(REASONS)}, or empty "
                    "while in the program")
        if not cell("entry"):
            _waiting_row(cell, bad)
        else:
            if not pid_provider:
                bad("provider", "", "expected the provider of someone with an entry date")
            if cell("exit") and not why:
                bad("exit_reason", "", f"expected the reason of the exit ({', '.join(REASONS)})")
            if why and not cell("exit"):
                bad("exit", "", "expected the exit date of an exit_reason "
                    "(or leave exit_reason empty while in the program)")
            if "entry" in times and "exit" in times and times["exit"] <= times["entry"]:
                bad("exit", cell("exit"), f"exit must come after the entry {cell('entry')} "
                    "(the exit is the first day no longer employed)")
            if "referral" in times and "entry" in times and times["referral"] > times["entry"]:
                bad("referral", cell("referral"), f"referral must not come after the entry "
                    f"{cell('entry')}")
        if value := cell(BEFORE):
            if (months := whole_number(value)) is not None:
                before[i] = float(months)
            else:
                bad(BEFORE, value, "expected a whole number of months >= 0 (the months of "
                    "this funding used in earlier spells; empty: 0)", whole_hint(value))
        for a, attribute in enumerate(names):
            if attribute not in columns:
                continue
            value = cell(attribute)
            values = list(mix[attribute])
            if value in values:
                codes[i, a] = values.index(value)
            else:
                hint = suggest(value, values) if value else ""
                bad(attribute, value, f"expected one of {', '.join(values)} "
                    f"(participants.mix.{attribute})" + (f"; {hint}" if hint else ""))
    caseload = Caseload(file, origin, tuple(person), provider, entry, exit_, reason, referral,
                        codes, np.array(lines, dtype=np.int64), before, tuple(providers),
                        names, written)
    return caseload, problems, dated


def _overlaps(caseload: Caseload, dated: np.ndarray) -> list[Problem]:
    """Spells of one person that overlap (a spell still open overlaps any later), among
    the rows ``dated`` (a person and dates that parsed)."""
    placed = np.nonzero(~caseload.waiting & dated)[0]
    ids = {pid: k for k, pid in enumerate(dict.fromkeys(caseload.person))}
    who = np.array([ids[caseload.person[i]] for i in placed], dtype=np.int64)
    sort = np.lexsort((caseload.entry[placed], who))
    order, person = placed[sort], who[sort]
    prev, this = order[:-1], order[1:]
    prev_exit = np.where(np.isnan(caseload.exit[prev]), np.inf, caseload.exit[prev])
    clash = (person[1:] == person[:-1]) & (caseload.entry[this] < prev_exit)
    problems = [
        Problem(caseload.file, caseload.column("entry"), _overlap(caseload, i, j),
                show_value=False, line=int(caseload.line[j]))
        for i, j in zip(prev[clash], this[clash], strict=True)]
    return problems


def _overlap(caseload: Caseload, i: int, j: int) -> str:
    """How row ``j``'s spell overlaps row ``i``'s (one person; ``i`` entered first, and
    exits after ``j``'s entry), by the dates: a line given twice (the same provider,
    dates and reason), the earlier one still open, or its exit date, which may come
    before ``j``'s own."""
    line = int(caseload.line[i])
    same = (caseload.provider[i] == caseload.provider[j]
            and caseload.entry[i] == caseload.entry[j]
            and caseload.reason[i] == caseload.reason[j]
            and (caseload.exit[i] == caseload.exit[j]
                 or np.isnan(caseload.exit[i]) and np.isnan(caseload.exit[j])))
    if same:
        return (f"spell of person {caseload.person[j]} repeats the one on line {line} (the "
                "same provider, dates and exit reason): a line given twice?")
    exits = ("is still open" if np.isnan(caseload.exit[i])
             else f"exits only on {time_date(caseload.exit[i], caseload.origin)}")
    return f"spell of person {caseload.person[j]} overlaps the one on line {line} (which {exits})"


def _waiting_row(cell, bad) -> None:  # noqa: ANN001 - the row's closures
    """A row without entry: someone on the waiting list, with a referral date only."""
    if not cell("referral"):
        bad("entry", "", "expected an entry date, or a referral date for someone on the "
            "waiting list (column referral)")
    for column in ("provider", "exit", "exit_reason"):
        if cell(column):
            bad(column, cell(column), "expected empty for someone on the waiting list "
                "(no entry date)")


SlotCut = Callable[["Caseload", int, int, int, int, bool], Problem]
"""Names a cut of a provider's slots below its people (the schedule's doing, not the
file's): (caseload, provider, month, people, row of one, whether at the month's start:
else just after that row's entry in it)."""


def check_capacity(caseload: Caseload, slots: np.ndarray, cut: SlotCut | None = None) -> None:
    """Refuse a caseload holding more people at a provider than its slots.

    ``slots`` is ``[months, providers]`` from the origin; every month is checked against
    the slots in force then (``slots_needed``). One line per provider and month where an
    excess begins: an entry over the slots (naming the entrant's line), or a month whose
    slots fall below the people already in them at its start (naming one of them); by
    ``cut``, where the caller knows where the slots were written, wherever the month's
    fall causes the excess (``_cut_causes``); the months an excess merely lasts add no
    line.
    """
    problems = []
    for p, month, held, row, present in _over(caseload, slots):
        if cut is not None and _cut_causes(slots[:, p], month):
            problems.append(cut(caseload, p, month, held, row, present))
            continue
        when = caseload.origin + month
        where = f"at the start of {when} ({present_person(caseload, row)})" if present \
            else f"in {when}"
        problems.append(Problem(
            caseload.file, caseload.column("provider"),
            f"{counted(held, 'person', 'people')} at {caseload.provider_ids[p]} {where}, "
            f"which has {counted(int(slots[month, p]), 'slot', 'slots')} then",
            caseload.provider_ids[p], int(caseload.line[row])))
    if problems:
        raise ScenarioError(problems)


def _cut_causes(limit: np.ndarray, month: int) -> bool:
    """Whether a provider's excess in ``month`` is its schedule's cut there: its slots
    fell in that month. The first excess there, at the month's start or just after an
    entry in it, is one over the cut slots, so the month before's would have held it."""
    return month > 0 and bool(limit[month] < limit[month - 1])


def held_where(caseload: Caseload, row: int, present: bool) -> str:
    """Where ``check_capacity``'s people were counted, with the file's line of one of
    them: ``at its start (spells.csv:3: B among them, in a slot since 2026-07-01)`` or
    ``just after an entry in it (spells.csv:66: A-0065, entering 2026-09-12)``."""
    line = f"{caseload.file}:{int(caseload.line[row])}"
    if present:
        return f"at its start ({line}: {present_person(caseload, row)})"
    return (f"just after an entry in it ({line}: {caseload.person[row]}, entering "
            f"{time_date(caseload.entry[row], caseload.origin)})")


def present_person(caseload: Caseload, row: int) -> str:
    """``A-0129 among them, in a slot since 2026-03-02``: one of the people present."""
    return (f"{caseload.person[row]} among them, in a slot since "
            f"{time_date(caseload.entry[row], caseload.origin)}")


def _over(caseload: Caseload,
          slots: np.ndarray) -> Iterator[tuple[int, int, int, int, bool]]:
    """Where people exceed ``slots``, by provider and month, once per (provider, month):
    (provider, month, people, row of a person there, whether at the month's start). A
    month's start is reported only where its slots fell: otherwise the month before was
    over already (the people at a month's start were all there in it), and is reported."""
    months = slots.shape[0]
    for (p, month, held, row), (_, present, who) in zip(
            _entries_held(caseload, months), _present(caseload, months), strict=True):
        limit = slots[:, p]
        cut = np.concatenate([[True], limit[1:] < limit[:-1]])
        starts = np.nonzero(cut & (present > limit))[0]
        entries = np.nonzero(held > limit[month])[0]
        found = [(int(m), 0, k) for k, m in enumerate(starts)]
        found += [(int(month[k]), 1, int(k)) for k in entries]
        reported = set()
        for m, kind, k in sorted(found):
            if m not in reported:
                reported.add(m)
                yield ((p, m, int(present[m]), int(who[m]), True) if kind == 0 else
                       (p, m, int(held[k]), int(row[k]), False))


def slots_needed(caseload: Caseload, months: int) -> np.ndarray:
    """``[months, providers]``: the fewest slots each provider needs in each month for
    the caseload's people, exactly what ``check_capacity`` checks: the most of the people
    present at the month's start (``_present``) and those held just after each entry in
    it. Slots at least this high pass the check; a plan that scales the slots keeps them
    so."""
    needed = np.zeros((months, len(caseload.provider_ids)), dtype=np.int64)
    for p, month, held, _ in _entries_held(caseload, months):
        np.maximum.at(needed[:, p], month, held.astype(np.int64))
    for p, present, _ in _present(caseload, months):
        needed[:, p] = np.maximum(needed[:, p], present)
    return needed


def _spans(caseload: Caseload, months: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of the people in a slot at some time within ``months``, their start
    (the entry, the origin for an earlier one) and end (the exit, inf while open)."""
    rows = np.nonzero(~caseload.waiting)[0]
    start = np.maximum(caseload.entry[rows], 0.0)
    end = caseload.exit[rows]
    end = np.where(np.isnan(end), np.inf, end)
    keep = (end > start) & (start < months)
    return rows[keep], start[keep], end[keep]


def _present(caseload: Caseload,
             months: int) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """Per provider with people (as ``_entries_held``): the people present at the start
    of each month (entered before it, not left by then: an exit on its first day leaves
    first; an entry on it is the month's own) and the row of one of them, -1 where none:
    of those who entered before the month, one who stays longest (the later entrant on a
    tie), present whenever anyone is."""
    rows, start, end = _spans(caseload, months)
    grid = np.arange(months, dtype=float)
    provider = caseload.provider[rows]
    for p in np.unique(provider):  # a loop over providers, not persons
        mine = np.nonzero(provider == p)[0]
        mine = mine[np.argsort(start[mine], kind="stable")]
        begun, ends = start[mine], end[mine]
        entered = np.searchsorted(begun, grid, side="left")
        present = entered - np.searchsorted(np.sort(ends), grid, side="right")
        longest = np.maximum.accumulate(
            np.where(ends >= np.maximum.accumulate(ends), np.arange(ends.size), 0))
        who = np.where(entered > 0, rows[mine][longest[np.maximum(entered - 1, 0)]], -1)
        yield int(p), present.astype(np.int64), who


def _entries_held(caseload: Caseload,
                  months: int) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """Per provider with people: each entry's month (from the origin, within ``months``),
    the people it holds just after that entry, and the entrant's row. People who entered
    before the origin are counted at the origin; exits come before entries at the same
    time."""
    rows, start, end = _spans(caseload, months)
    times = np.concatenate([start, end])
    delta = np.concatenate([np.ones(rows.size), -np.ones(rows.size)])
    owner = np.concatenate([rows, rows])
    provider = caseload.provider[owner]
    order = np.lexsort((delta, times, provider))
    for p in np.unique(provider):  # a loop over providers, not persons
        mine = order[provider[order] == p]
        held = np.cumsum(delta[mine])
        entering = delta[mine] > 0
        month = np.clip(np.floor(np.minimum(times[mine], months)).astype(np.int64),
                        0, months - 1)
        yield int(p), month[entering], held[entering], owner[mine[entering]]


def carried_over(people: Caseload, caps: Sequence[float], t: float) -> Caseload:
    """The people in a slot at ``t`` (a re-forecast's ``as_of``, entered before it; the
    period start 0, on or before it), each leaving at their maximum exit (``max_months``
    less the months funded before, ``_maxima``): the simulation ends no spell when the
    slots fall below the people there, so a plan keeps a slot for each while they may
    still be employed."""
    still = people.began_before(t) & ~(people.exit <= t)
    rows, _, latest = _maxima(people, caps, still, lifetime=True)
    kept = people.subset(np.isin(np.arange(people.entry.size), rows))
    return replace(kept, exit=latest, reason=np.full(rows.size, IN_PROGRAM,
                                                     dtype=people.reason.dtype))


def check_carried(carried: Caseload, slots: np.ndarray, since: str) -> None:
    """Refuse ``slots`` below the people ``carried_over`` keeps, one line per provider
    (its first month short), naming one of them and their maximum exit: ``since`` says
    when they were in (``actuals.as_of 2026-11``)."""
    problems = []
    for p, present, who in _present(carried, slots.shape[0]):
        short = np.nonzero(present > slots[:, p])[0]
        if short.size:
            m, row = int(short[0]), int(who[short[0]])
            problems.append(Problem(
                carried.file, carried.column("provider"),
                f"{counted(int(present[m]), 'person', 'people')} at "
                f"{carried.provider_ids[p]} in {carried.origin + m} who were in a slot at "
                f"{since} and may stay up to their maximum duration ({carried.person[row]} "
                f"among them, latest exit {time_date(carried.exit[row], carried.origin)}), "
                "which has "
                f"{counted(int(slots[m, p]), 'slot', 'slots')} then",
                carried.provider_ids[p], int(carried.line[row])))
    if problems:
        raise ScenarioError(problems)


def is_file_value(value: object) -> bool:
    """``participants.initial`` names a caseload file (not a number, not ``full``)."""
    return isinstance(value, str) and value.strip().lower().endswith(".csv")


def anchored(data: dict, folder: Path) -> dict:
    """Scenario data whose caseload path is made absolute from ``folder`` (the folder of
    the file that names it), so it means the same file from any working directory."""
    for block, key in (("participants", "initial"), ("actuals", "spells"),
                       ("actuals", "booked")):
        part = data.get(block)
        value = part.get(key) if isinstance(part, dict) else None
        named = is_file_value(value) if block == "participants" else isinstance(value, str)
        if named and value and not Path(value).is_absolute():
            data = {**data, block: {**part, key: str((folder / value).absolute())}}
    return data


_CACHE: dict[tuple, Caseload] = {}
"""Parsed and checked caseloads by the bytes read and the scenario's layout: the compile
after a load, and a worker compiling a drawn program again, parse nothing again (a
forked worker starts with this)."""


def _mix_key(mix: dict[str, dict[str, float]]) -> tuple:
    return tuple((a, tuple(v)) for a, v in mix.items())


def _cached(scn, path: Path, layout: tuple, check) -> Caseload:  # noqa: ANN001
    """``check(path, scn)`` once per file content (as ``scn`` read it) and layout."""
    found = datafiles.of(scn).get(datafiles.key(path))
    if found is None:  # a scenario not loaded from a file: read (and kept) now
        checked = check(path, scn)
        found = datafiles.of(scn)[datafiles.key(path)]
        datafiles.remember(_CACHE, (str(path), found.sha256, *layout), checked)
        return checked
    key = (str(path), found.sha256, *layout)
    if key not in _CACHE:
        datafiles.remember(_CACHE, key, check(path, scn))
    return _CACHE[key]


def max_months(scn) -> tuple[float, ...]:  # noqa: ANN001 - a Scenario
    """Each provider's maximum time in a slot (``employment.max_months``, its own if set)."""
    return tuple(scn.employment_for(p).max_months for p in scn.providers)


def time_date(t: float, origin: Month) -> str:
    """Months from ``origin`` as the date ``YYYY-MM-DD`` they fall on (``month_time``'s
    inverse, to the day)."""
    month = origin + int(np.floor(t))
    days = calendar.monthrange(month.year, month.month)[1]
    day = int(np.floor((t - np.floor(t)) * days + 1e-9)) + 1
    return f"{month}-{min(day, days):02d}"


def maximum_exit(entry: np.ndarray, cap: np.ndarray, origin: Month) -> np.ndarray:
    """The latest exit (the first day no longer employed) that ``cap`` months from
    ``entry`` allow, as months from ``origin``: ``months_later``, the entry's day ``cap``
    months later (2025-01-16 + 24: 2027-01-16, employed through the 15th), or the first
    of the month after where that month lacks the day (2025-01-31 + 1: 2025-03-01,
    employed through 28 February; BGB §188), the rule the simulation ends a spell by. A
    fractional ``cap`` ends between the whole months around it, rounded up to a whole
    day: an exit date is a day, so the boundary is not a float's."""
    end = months_later(entry, np.asarray(cap, dtype=float), origin)
    month = np.floor(end + 1e-9)
    days = month_days(month, origin)
    return month + np.ceil((end - month) * days - 1e-6) / days


def _maxima(people: Caseload, caps: Sequence[float], chosen: np.ndarray,
            lifetime: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of the people in ``chosen`` (a mask, waiting list left out), their
    maximum duration and the latest exit it allows (``maximum_exit``): what each check of
    the maxima below compares. ``lifetime``: the maximum less the months funded before
    (``months_funded_before``), what this spell may use."""
    rows = np.nonzero(~people.waiting & chosen)[0]
    cap = np.array(caps, dtype=float)[people.provider[rows]]
    if lifetime:
        cap = cap - people.before[rows]
    return rows, cap, maximum_exit(people.entry[rows], cap, people.origin)


def _maximum_words(people: Caseload, i: int, cap: float, lifetime: bool = True) -> str:
    """``employment.max_months (24 months from the entry 2025-01-16)``, the months funded
    before named where they shorten it (``lifetime``, as ``_maxima`` took them): a line
    says which maximum it means."""
    less = (f" less {people.before[i]:g} months funded before"
            if lifetime and people.before[i] else "")
    return (f"employment.max_months{less} ({cap:g} months from the entry "
            f"{time_date(people.entry[i], people.origin)})")


def used_up(people: Caseload, caps: Sequence[float], chosen: np.ndarray) -> list[Problem]:
    """People in ``chosen`` whose months funded before already reach their maximum
    duration (§16i SGB II: at most ``max_months`` in a lifetime, spells added up):
    nothing is left to fund. One line each. Someone waiting has no provider yet, so the
    largest maximum of the scenario's providers is theirs."""
    top = max(caps)
    cap = np.where(people.waiting, top, np.array(caps, dtype=float)[people.provider])
    return [Problem(people.file, people.column(BEFORE),
                    f"person {people.person[i]} has used {people.before[i]:g} months of "
                    f"employment.max_months ({cap[i]:g}) in earlier spells: nothing is left "
                    "to fund", int(people.before[i]), int(people.line[i]),
                    hint="a lifetime holds at most max_months of funding (§16i SGB II: 5 "
                    "years); leave the person out, or correct the months")
            for i in np.nonzero(chosen & (people.before >= cap))[0]]


def past_lifetime(people: Caseload, caps: Sequence[float], t: float) -> list[tuple]:
    """Spells that run past what the months funded before left them (``max_months -
    months_funded_before``), up to ``t`` (the period start, or ``--as-of``): facts of the
    file, warned about, not refused. Each as (person, line, months funded before, entry
    date, the latest exit the maximum allows, the date the spell runs to)."""
    rows, _, latest = _maxima(people, caps, (people.before > 0) & ~(people.exit <= 0.0),
                              lifetime=True)
    end = np.fmin(people.exit[rows], t)  # NaN (still in): up to t
    return [(people.person[i], int(people.line[i]), f"{people.before[i]:g}",
             time_date(people.entry[i], people.origin), time_date(e, people.origin),
             time_date(x, people.origin))
            for i, e, x in zip(rows, latest, end, strict=True) if x > e + 1e-9]


def still_in_maxima(people: Caseload, caps: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the people still in a slot (no exit) and the latest exit their maximum
    duration, less the months funded before, allows (``maximum_exit``): when each leaves
    at the latest, and their slot frees."""
    rows, _, latest = _maxima(people, caps, np.isnan(people.exit), lifetime=True)
    return rows, latest


def reaching_at(people: Caseload, caps: Sequence[float], t: float) -> np.ndarray:
    """The rows of the people still in a slot (no exit) whose maximum duration, less the
    months funded before, ends exactly at ``t`` (their latest exit, ``maximum_exit``, is
    ``t``): at the horizon they count as exits of its last month, not as participants at
    the end, though employed through the period's last day."""
    rows, latest = still_in_maxima(people, caps)
    return rows[np.abs(latest - t) < 1e-9]


MISSING_EXIT = "is the exit date missing? Give it (exit_reason max_duration if they reached it)"
"""``past_maximum``'s advice for a file read at its own date: the exit was left out."""


def past_maximum(people: Caseload, caps: Sequence[float], t: float,
                 when: str, lifetime: bool = False, advice: str = MISSING_EXIT
                 ) -> list[Problem]:
    """People still in a slot (no exit) whose maximum duration ended before ``t`` (its
    latest exit, ``maximum_exit``, lies before it): nobody stays past it, so their exit
    date is most likely missing (``advice``: what else to do where the cause is known,
    a caseload moved to a later start). One line each. (Ending at ``t`` itself is the
    simulation's: they leave then, ``max_duration``.) ``lifetime``: the maximum less the
    months funded before (``finsim calibrate``: a returner past it would be counted as
    reaching it); a caseload or actual spells warn about that instead (``past_lifetime``)."""
    rows, cap, ended = _maxima(people, caps, np.isnan(people.exit), lifetime)
    return [Problem(people.file, people.column("exit"),
                    f"person {people.person[i]} has no exit, but "
                    f"{_maximum_words(people, i, c, lifetime)} ended on "
                    f"{time_date(e, people.origin)}, before {when}: {advice}",
                    show_value=False, line=int(people.line[i]))
            for i, c, e in zip(rows, cap, ended, strict=True) if e < t]


def moved_caseload(scn) -> str | None:  # noqa: ANN001 - a Scenario
    """``past_maximum``'s advice for a caseload file read at a later start than the
    scenario's own (``size --start``, or ``--set period.start``): the file is right for
    its own date, and people who reached their maximum in between are the move's doing,
    so it names the move and what gives the state at the new start. None unmoved."""
    start = scn.period.start_month
    own, how = ((scn._ran_from, "--start ") if scn._ran_from else
                (scn._own_start, "--set period.start="))
    if own is None or Month.parse(own) >= start:
        return None
    months = counted(start - Month.parse(own), "month", "months")
    return (f"the caseload is the state at the scenario's own start {own}, and {how}"
            f"{start} moves it {months} on, past their maximum; give a caseload file of "
            f"{start} (participants.initial), or plan from the actual spells (--actuals "
            "FILE --as-of YYYY-MM)")


def exit_past_maximum(people: Caseload, caps: Sequence[float]) -> list[Problem]:
    """Spells whose exit lies after the latest exit their maximum duration allows
    (``maximum_exit``; an exit on that day, employed through the day before, is fine):
    the ledger would cost months the law does not fund. One line each. A spell that
    ended by the origin costs nothing from there and is history (perhaps under another
    maximum then), so it is not checked, as a starting caseload skips it."""
    rows, cap, latest = _maxima(people, caps, people.exit > 0.0)
    return [Problem(people.file, people.column("exit"), f"person {people.person[i]} exits on "
                    f"{time_date(people.exit[i], people.origin)}, after employment.max_months "
                    f"({c:g} months from the entry {time_date(people.entry[i], people.origin)}"
                    f") ended: the exit is at the latest {time_date(e, people.origin)} "
                    "(the first day no longer employed); is the entry or the exit date wrong?",
                    show_value=False, line=int(people.line[i]))
            for i, c, e in zip(rows, cap, latest, strict=True) if people.exit[i] > e + 1e-9]


EARLY_SLACK = 0.1
"""Months (about 3 days) a ``max_duration`` exit may come before (or, for ``finsim
calibrate``'s warning, after) the end of ``max_months``: exports date exits a day or two
apart."""


def beyond_maximum(people: Caseload, caps: Sequence[float], chosen: np.ndarray,
                   slack: float = 0.0) -> np.ndarray:
    """The rows in ``chosen`` whose exit lies more than ``slack`` months after the latest
    exit their maximum less the months funded before allows (``maximum_exit``; an exit on
    that day is fine): what they did after it the maximum cut off."""
    rows, _, latest = _maxima(people, caps, chosen & (people.exit > -np.inf), lifetime=True)
    return rows[people.exit[rows] > latest + slack + 1e-9]


def early_max_duration(people: Caseload, caps: Sequence[float]) -> list[Problem]:
    """Spells that exit with ``max_duration`` well before their maximum duration ends (by
    more than ``EARLY_SLACK``): the flows would count a maximum reached that was not; the
    reason or a date is wrong. One line each, over the spells that exit after the origin
    (history is not checked, as in ``exit_past_maximum``)."""
    marked = people.reason == REASONS.index("max_duration")
    rows, cap, latest = _maxima(people, caps, marked & (people.exit > 0.0), lifetime=True)
    return [Problem(people.file, people.column("exit_reason"),
                    f"person {people.person[i]} exits on "
                    f"{time_date(people.exit[i], people.origin)} with max_duration, but "
                    f"{_maximum_words(people, i, c)} ends with an exit on "
                    f"{time_date(e, people.origin)}: is the reason (placement, dropout, other) "
                    "or a date wrong?", show_value=False, line=int(people.line[i]))
            for i, c, e in zip(rows, cap, latest, strict=True)
            if people.exit[i] < e - EARLY_SLACK]


def actual_people(scn, cut: SlotCut | None = None) -> Caseload:  # noqa: ANN001 - a Scenario
    """The people of ``actuals.spells`` who matter to a re-forecast at ``actuals.as_of``
    (in a slot at some time from the period start to it, or waiting then), checked: no
    provider over its slots before ``as_of`` (``cut``: ``check_capacity``'s). Their
    maximum durations are checked once, against the scenario as loaded
    (``check_actual_maxima``), not here: a drawn ``max_months`` compiles this again and
    is a forecast's assumption, not a fact."""
    layout = ("actuals", tuple(scn.provider_ids), _mix_key(scn.participants.mix),
              scn.period.start, scn.period.months, scn.actuals.as_of,
              scn.slots_in_force().tobytes())
    return _cached(scn, Path(scn.actuals.spells), layout,
                   lambda path, scn: _checked_actuals(path, scn, cut))


def file_rows(scn, path: str | Path) -> Caseload:  # noqa: ANN001 - a Scenario
    """Every row of a caseload or spells file ``scn`` names, checked against its providers
    and mix, times in months from its period start (who left before it too): the bytes
    the scenario read, parsed once (``read_caseload``)."""
    actual = scn.actuals is not None and datafiles.key(path) == datafiles.key(
        scn.actuals.spells)
    return read_caseload(path, scn.provider_ids, scn.participants.mix,
                         scn.period.start_month, files=datafiles.of(scn),
                         role="spells file" if actual else "caseload file", empty_ok=actual)


def actual_rows(path: Path, scn) -> Caseload:  # noqa: ANN001
    """The file's people in a slot before ``as_of`` or waiting then (parsed once)."""
    as_of = scn.as_of  # within the period (``load.validate`` checked it)
    people = file_rows(scn, path)
    return people.subset(people.began_before(as_of) | people.waiting_at(as_of))


def _checked_actuals(path: Path, scn, cut: SlotCut | None = None) -> Caseload:  # noqa: ANN001
    people = actual_rows(path, scn)
    check_capacity(people, scn.slots_in_force()[: max(scn.as_of, 1)], cut)
    return people


def check_actual_maxima(scn) -> None:  # noqa: ANN001 - a Scenario as loaded
    """Refuse actual spells that contradict the scenario's own ``max_months``: nobody
    still in past their maximum duration at ``as_of``, no exit past it, no
    ``max_duration`` exit well before it; one line each. Called on the scenario as
    loaded (with its ``--set``), not on a replication's drawn program: the spells are
    the past, and a drawn maximum applies to the forecast's exits of the people still
    in (whoever has reached it by ``as_of`` leaves then)."""
    people = actual_rows(Path(scn.actuals.spells), scn)
    caps = max_months(scn)
    problems = past_maximum(people, caps, scn.as_of,
                            f"the first month forecast (as_of) {scn.actuals.as_of}")
    problems += exit_past_maximum(people, caps) + early_max_duration(people, caps)
    problems += used_up(people, caps, ~(people.exit <= 0.0))
    if problems:
        raise ScenarioError(condensed(sorted(problems, key=lambda p: p.line or 0)))


def check_funded_before(scn) -> None:  # noqa: ANN001 - a Scenario as loaded
    """Refuse the people of ``participants.initial``'s file (who left by the period start
    aside: history) whose months funded before leave nothing of ``max_months``; one line
    each. At the load, with the scenario's own ``max_months`` (and any ``--set``)."""
    people = file_rows(scn, scn.participants.initial)
    if problems := used_up(people, max_months(scn), ~(people.exit <= 0.0)):
        raise ScenarioError(problems)


def starting_caseload(scn) -> Caseload:  # noqa: ANN001 - a Scenario (imports model lazily)
    """The people of ``participants.initial``'s file in a slot at the period start
    (entered on or before it, not left by then) or waiting for one, checked against the
    scenario; parsed once per file content and scenario layout."""
    layout = (tuple(scn.provider_ids), _mix_key(scn.participants.mix), scn.period.start,
              scn.slots_in_force()[0].tobytes(), max_months(scn))
    return _cached(scn, Path(scn.participants.initial), layout, _checked_start)


def starting_exits(scn) -> Caseload:  # noqa: ANN001 - a Scenario
    """The spells of ``participants.initial``'s file that ended at or before the period
    start: when its free slots were freed (``simulation.initial.freed_slots``). Read
    after ``starting_caseload`` has checked the file (the parse is cached)."""
    caseload = file_rows(scn, scn.participants.initial)
    return caseload.subset(~caseload.waiting & (caseload.exit <= 0.0))


def _checked_start(path: Path, scn) -> Caseload:  # noqa: ANN001
    """The file's people at the start; refused, a line each: a date after the start (an
    entry, a referral, an exit of someone in a slot then: the simulation decides who
    leaves; later spells are actuals) and anyone past their maximum duration by then."""
    caseload = file_rows(scn, path)
    start = scn.period.start
    placed = ~caseload.waiting
    late = (placed & (caseload.entry > 0)) | (caseload.waiting & (caseload.referral > 0))
    leaving = placed & (caseload.entry <= 0) & (caseload.exit > 0)
    column = np.where(leaving, "exit", np.where(placed, "entry", "referral"))
    why = ("holds the people in the program at the start, and the simulation decides who "
           "leaves after it: leave the exit empty, or give the later spells as actuals",
           "holds the people in (or waiting for) the program at the start; later spells are "
           "actuals")
    problems = [Problem(caseload.file, caseload.column(str(column[i])),
                        f"after the period start {start}: a starting caseload "
                        f"{why[0] if leaving[i] else why[1]} (finsim run --actuals --as-of)",
                        show_value=False, line=int(caseload.line[i]))
                for i in np.nonzero(late | leaving)[0]]
    moved = moved_caseload(scn)
    ended = past_maximum(caseload, max_months(scn), 0.0, f"the period start {start}",
                         advice=moved or MISSING_EXIT)
    problems += condensed(ended, key=lambda p: (p.file, p.path)) if moved else ended
    if problems:
        raise ScenarioError(problems)
    check_capacity(caseload, scn.slots_in_force()[:1])  # the file's month: the start
    return caseload.subset(caseload.open_at(0.0) | caseload.waiting_at(0.0))
