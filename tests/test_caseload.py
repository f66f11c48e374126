"""The caseload file: parsed into typed columns, every mistake one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from finsim.scenario import Month, ScenarioError
from finsim.scenario.caseload import (
    IN_PROGRAM,
    REASONS,
    check_capacity,
    month_time,
    read_caseload,
    slots_needed,
)

PROVIDERS = ["alpha", "beta"]
MIX = {"sex": {"male": 0.6, "female": 0.4}, "age": {"25-49": 0.7, "50-59": 0.3}}
ORIGIN = Month(2013, 1)


def write(tmp_path: Path, text: str, name: str = "caseload.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, slots: np.ndarray | None = None) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        caseload = read_caseload(path, PROVIDERS, MIX, ORIGIN)
        if slots is not None:
            check_capacity(caseload, slots)
    return [str(p) for p in err.value.problems]


def test_dates_count_from_their_day_within_the_month() -> None:
    assert month_time("2013-01", ORIGIN) == 0.0
    assert month_time("2013-01-01", ORIGIN) == 0.0
    assert month_time("2013-01-16", ORIGIN) == 15 / 31
    assert month_time("2012-02-15", ORIGIN) == -11 + 14 / 29  # 2012 is a leap year
    assert month_time("2014-03", ORIGIN) == 14.0


def test_a_caseload_is_parsed_into_typed_columns(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "person,provider,entry,exit,exit_reason,referral,sex\n"
        "p1,beta,2012-07-16,,,2012-06,female\n"
        "p2,alpha,2011-03,2013-02-01,placement,,male\n"
        "w1,,,,,2012-12-03,male\n"))
    c = read_caseload(path, PROVIDERS, MIX, ORIGIN)
    assert c.person == ("p1", "p2", "w1")
    assert c.provider.tolist() == [1, 0, -1]
    assert c.entry[0] == pytest.approx(-6 + 15 / 31) and c.entry[1] == -22.0
    assert np.isnan(c.entry[2]) and np.isnan(c.exit[0]) and c.exit[1] == 1.0
    assert c.reason.tolist() == [IN_PROGRAM, REASONS.index("placement"), IN_PROGRAM]
    assert c.referral[0] == -7.0 and c.referral[2] == pytest.approx(-1 + 2 / 31)
    # sex is given, age is not (drawn from the mix later): code -1
    assert c.attributes.tolist() == [[1, -1], [0, -1], [0, -1]]
    assert c.waiting.tolist() == [False, False, True]
    assert c.open_at(0.0).tolist() == [True, True, False]
    assert c.open_at(1.0).tolist() == [True, False, False]
    assert c.line.tolist() == [2, 3, 4]


def test_semicolons_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "de.csv"
    path.write_bytes("\ufeffperson;provider;entry;exit;exit_reason\nx;alpha;2012-05;;\n"
                     .encode())
    assert read_caseload(path, PROVIDERS, MIX, ORIGIN).entry.tolist() == [-8.0]


def test_every_problem_is_one_line_with_file_line_column_and_value(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "person,provider,entry,exit,exit_reason,sex\n"
        "p1,alpha,2012-07-16,,,male\n"
        "p2,gamma,2012-03,2013-02-01,placement,female\n"
        "p3,alpha,2013-01,2012-12,dropout,x\n"
        "p1,beta,2013-13,,retired,male\n"
        "p4,beta,2012-02-30,2013-01,,male\n"))
    lines = problems(path)
    f = str(path)
    assert lines == [
        f"{f}:3: provider: unknown provider (known: alpha, beta) (given: 'gamma')",
        f"{f}:4: exit: exit must come after the entry 2013-01 (the exit is the first day "
        "no longer employed) (given: '2012-12')",
        f"{f}:4: sex: expected one of male, female (participants.mix.sex) (given: 'x')",
        f"{f}:5: person: duplicate person: already on line 2 (given: 'p1') — the file holds "
        "one spell per person: give a re-entry an id of its own (P-011-2, say); its shares "
        "by tenure year count from the re-entry, and months_funded_before (the months "
        "funded in earlier spells) caps what remains of max_months",
        f"{f}:5: entry: expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12) "
        "(given: '2013-13')",
        f"{f}:5: exit_reason: expected one of placement, dropout, max_duration, other, or "
        "empty while in the program (given: 'retired')",
        f"{f}:5: exit: expected the exit date of an exit_reason (or leave exit_reason empty "
        "while in the program) (given: '')",
        f"{f}:6: entry: expected a day 01-29 of 2012-02 (given: '2012-02-30')",
        f"{f}:6: exit_reason: expected the reason of the exit (placement, dropout, "
        "max_duration, other) (given: '')",
    ]


def test_header_problems_are_reported_before_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "person,provider,entry,exit_reason,gender\nx,alpha,2012-01,,m\n")
    assert problems(path) == [
        f"{path}:1: missing column(s) exit: the header must name person, provider, entry, "
        "exit, exit_reason; column 5 is none of these, referral, months_funded_before or an "
        "attribute of participants.mix"]
    path = write(tmp_path, "person,provider,entry,exit,exit_reason,gender\nx,alpha,2012-01,,,m\n")
    assert problems(path) == [
        f"{path}:1: gender: unknown column — expected person, provider, entry, exit, "
        "exit_reason, optionally referral, months_funded_before, and attributes of "
        "participants.mix (sex, age)"]


def test_a_file_without_a_caseload_header_is_not_quoted(tmp_path: Path) -> None:
    """A scenario may name any .csv file as participants.initial (an absolute path, or
    ../..): its header and cells were printed, so a scenario could make finsim show a
    credentials file. Cells are quoted once the header names the required columns."""
    path = write(tmp_path, "aws_secret_access_key=hunter2\nrow=hunter3\n")
    assert problems(path) == [
        f"{path}:1: missing column(s) person, provider, entry, exit, exit_reason: the header "
        "must name person, provider, entry, exit, exit_reason; column 1 is none of these, "
        "referral, months_funded_before or an attribute of participants.mix"]


def test_a_waiting_row_needs_its_referral_and_nothing_else(tmp_path: Path) -> None:
    path = write(tmp_path, "person,provider,entry,exit,exit_reason,referral\n"
                           "w1,,,,,\nw2,alpha,,,,2012-11\n")
    assert problems(path) == [
        f"{path}:2: entry: expected an entry date, or a referral date for someone on the "
        "waiting list (column referral) (given: '')",
        f"{path}:3: provider: expected empty for someone on the waiting list (no entry "
        "date) (given: 'alpha')",
    ]


def test_a_missing_or_empty_file_is_one_line(tmp_path: Path) -> None:
    assert problems(tmp_path / "none.csv") == [
        f"{tmp_path / 'none.csv'}: caseload file does not exist"]
    assert problems(write(tmp_path, "")) == [
        f"{tmp_path / 'caseload.csv'}: is empty: expected a header line "
        "person,provider,entry,exit,exit_reason,<attributes>"]


def test_a_cell_over_the_csv_limit_is_one_line_naming_its_row(tmp_path: Path) -> None:
    """A stray quote on line 3 of a 5,000-line waiting list ran on past the csv module's
    131,072 characters: "field larger than field limit", exit 1 "a bug in finsim" (a
    smaller file got a date problem). Said without quoting the row."""
    head = "person,provider,entry,exit,exit_reason,referral,sex,age\n"
    wait = "".join(f"W{i},,,,,2012-12-01,male,25-49\n" for i in range(5000))
    quote = write(tmp_path, head + "P0,alpha,2012-06-01,,,,male,25-49\n"
                  'P1,alpha,"2012-06-01,,,,male,25-49\n' + wait)
    assert problems(quote) == [
        f"{quote}:3: a cell longer than 131,072 characters: an unclosed quote (\") on this "
        "line runs on — close or remove the quote"]
    long = write(tmp_path, head + "P" + "x" * 140_000 + ",alpha,2012-06-01,,,,male,25-49\n")
    assert problems(long) == [f"{long}:2: a cell longer than 131,072 characters — a cell "
                              "holds one id, date, name or number"]


PRESENT = ("person,provider,entry,exit,exit_reason\n"
           "a1,alpha,2012-06-01,,\na2,alpha,2013-01-15,,\na3,alpha,2013-01-20,2013-03-01,dropout\n"
           "b1,beta,2013-02-10,2013-04-01,dropout\nb2,beta,2013-04-01,,\n")
"""alpha: three in January (a1 from before the origin), a3 leaving on 1 March; beta: b1
from February, b2 entering the day b1 leaves (1 April)."""


def test_the_slots_needed_count_everyone_present_in_every_month(tmp_path: Path) -> None:
    """Not only in a month with an entry (before: [[3, 0], [0, 1], [0, 0], [0, 0],
    [0, 1]]): alpha's three are there through February, two from March (a3's exit on its
    first day leaves first); beta's b1 from February, b2 taking its slot on 1 April, the
    day b1 leaves."""
    caseload = read_caseload(write(tmp_path, PRESENT), PROVIDERS, MIX, ORIGIN)
    assert slots_needed(caseload, 5).tolist() == [[3, 0], [3, 1], [2, 1], [2, 1], [2, 1]]


def test_slots_cut_below_the_people_present_are_refused_where_the_cut_falls(
        tmp_path: Path) -> None:
    """A month without entries whose slots fall below the people already there is refused
    (before, only entries were checked, and this schedule passed), once where the excess
    begins: alpha's 1 slot in May is the same excess as April's."""
    path = write(tmp_path, PRESENT)
    slots = np.array([[3, 1], [3, 1], [2, 0], [1, 1], [1, 1]])
    assert problems(path, slots) == [
        f"{path}:3: provider: 2 people at alpha at the start of 2013-04 (a2 among them, in a "
        "slot since 2013-01-15), which has 1 slot then (given: 'alpha')",
        f"{path}:5: provider: 1 person at beta at the start of 2013-03 (b1 among them, in a "
        "slot since 2013-02-10), which has 0 slots then (given: 'beta')",
    ]
    check_capacity(read_caseload(path, PROVIDERS, MIX, ORIGIN),
                   np.array([[3, 1], [3, 1], [2, 1], [2, 1], [2, 1]]))


def test_more_people_than_slots_is_refused_per_provider_and_month(tmp_path: Path) -> None:
    rows = "".join(f"a{i},alpha,2012-0{i + 1},,\n" for i in range(3))
    rows += "b1,beta,2012-01,2013-02,dropout\nb2,beta,2013-02,,\nb3,beta,2013-03-05,,\n"
    path = write(tmp_path, "person,provider,entry,exit,exit_reason\n" + rows)
    slots = np.array([[2, 1], [2, 1], [3, 1], [3, 1]])
    assert problems(path, slots) == [
        f"{path}:4: provider: 3 people at alpha in 2013-01, which has 2 slots then "
        "(given: 'alpha')",
        f"{path}:7: provider: 2 people at beta in 2013-03, which has 1 slot then "
        "(given: 'beta')",
    ]
    # b2 enters the day b1 leaves: exits come first, so 1 slot is enough then
    ok = write(tmp_path, "person,provider,entry,exit,exit_reason\n"
                         "b1,beta,2012-01,2013-02,dropout\nb2,beta,2013-02,,\n", "ok.csv")
    check_capacity(read_caseload(ok, PROVIDERS, MIX, ORIGIN), slots)


def test_overlaps_and_row_problems_of_spells_are_reported_together(tmp_path: Path) -> None:
    """An overlap (line 3) and a bad exit_reason (line 4) in one file: both lines, in
    the file's order (only line 4 before, line 3 after it was fixed). A row whose date
    does not parse is left out of the overlap check (it would look still open)."""
    path = write(tmp_path, "person,provider,entry,exit,exit_reason\n"
                           "p1,alpha,2013-01,2013-06,dropout\n"
                           "p1,beta,2013-05,2013-09,placement\n"
                           "p2,alpha,2013-01,2013-03,retired\n"
                           "p3,alpha,2013-01,2013-13,dropout\n"
                           "p3,beta,2013-05,,\n")
    with pytest.raises(ScenarioError) as err:
        read_caseload(path, PROVIDERS, MIX, ORIGIN, spells=True)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:3: entry: spell of person p1 overlaps the one on line 2 (which exits only "
        "on 2013-06-01)",
        f"{path}:4: exit_reason: expected one of placement, dropout, max_duration, other, or "
        "empty while in the program (given: 'retired')",
        f"{path}:5: exit: expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12) "
        "(given: '2013-13')"]


def test_an_overlap_is_told_by_its_dates_and_a_line_given_twice_as_such(
        tmp_path: Path) -> None:
    """"(which exits later)" was said of a line given twice (the same exit) and of a spell
    exiting before the one it overlaps."""
    path = write(tmp_path, "person,provider,entry,exit,exit_reason\n"
                           "p1,alpha,2013-01-01,2013-05-01,placement\n"
                           "p1,alpha,2013-01-01,2013-05-01,placement\n"
                           "p2,alpha,2013-01-01,2013-05-01,placement\n"
                           "p2,beta,2013-03-01,2013-09-01,dropout\n"
                           "p3,alpha,2013-02,,\n"
                           "p3,alpha,2013-02,,\n")
    with pytest.raises(ScenarioError) as err:
        read_caseload(path, PROVIDERS, MIX, ORIGIN, spells=True)
    twice = "(the same provider, dates and exit reason): a line given twice?"
    assert [str(p) for p in err.value.problems] == [
        f"{path}:3: entry: spell of person p1 repeats the one on line 2 {twice}",
        f"{path}:5: entry: spell of person p2 overlaps the one on line 4 (which exits only "
        "on 2013-05-01)",
        f"{path}:7: entry: spell of person p3 repeats the one on line 6 {twice}"]


def test_the_maximum_ends_on_the_entry_s_day_or_the_month_s_last() -> None:
    """The latest exit (first day no longer employed) max_months allows: the entry's day
    that many months later (2025-01-16 + 24: 2027-01-16), the first of the next month
    where that month lacks the day (2026-12-31 + 2: 2027-03-01, BGB §188), and for a
    fractional maximum its month fraction rounded up to a day (2027-01-01 + 0.5: 15.5 of
    January's 31 days, so 2027-01-17)."""
    from finsim.scenario.caseload import maximum_exit, month_time, time_date

    origin = Month(2027, 1)
    entries = [month_time(d, origin) for d in ("2025-01-16", "2026-12-31", "2027-01-01")]
    latest = maximum_exit(np.array(entries), np.array([24.0, 2.0, 0.5]), origin)
    assert [time_date(t, origin) for t in latest] == ["2027-01-16", "2027-03-01",
                                                      "2027-01-17"]
    assert latest[0] == month_time("2027-01-16", origin)  # exact: the boundary is no float's


def test_a_line_break_inside_a_cell_is_named_and_later_lines_keep_their_numbers(
        tmp_path: Path) -> None:
    """A quoted cell holding a line break (Excel's Alt+Enter) was read as the text before
    it (``"alpha<LF>"`` as ``alpha``), and every line named after it was one too early."""
    path = write(tmp_path, (
        "person,provider,entry,exit,exit_reason\n"
        'p1,"alpha\n",2012-07,,\n'
        "p2,beta,2012-13,,\n"))
    assert problems(path) == [
        f'{path}:2: provider: the quote (") opened on line 2 runs on to line 3: the quote may '
        "be unclosed, or the cell may hold a line break (Alt+Enter in a spreadsheet) (given: "
        "'alpha\\n') — close the quote, or remove the line break: a cell holds one id, date, "
        "value or amount on one line",
        f"{path}:4: entry: expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12) "
        "(given: '2012-13')"]
    path.write_text("person,provider,entry,exit,exit_reason\n"
                    'p1,alpha,2012-07,,\n"p\n2",beta,2012-08,,\np3,alpha,2012-09,,\n')
    assert problems(path)[0].startswith(f'{path}:3: person: the quote (") opened on line 3 '
                                        "runs on to line 4")


def test_a_quote_a_later_quote_closes_is_named_where_it_opens(tmp_path: Path) -> None:
    """``"Träger A`` on line 3, its quote closed by the quote of ``"beta"`` on line 7: the
    csv module reads lines 3 to 7 as one row, and it was told as a line break in a cell
    (plus an unknown provider for the same cell), or, where the cells no longer matched
    the header, as a row of the wrong number of cells. One line now, at the line the
    quote opens on, saying it may be unclosed; the lines after it keep their numbers."""
    rows = "p4,alpha,2012-07,,\np5,alpha,2012-07,,\np6,alpha,2012-07,,\n"
    path = write(tmp_path, "person,provider,entry,exit,exit_reason\np1,alpha,2012-07,,\n"
                 'p2,"Träger A,2012-07,,\n' + rows + 'p7,"beta",2012-07,,\np8,beta,2012-13,,\n')
    assert problems(path) == [
        f'{path}:3: provider: the quote (") opened on line 3 runs on to line 7: the quote may '
        "be unclosed, or the cell may hold a line break (Alt+Enter in a spreadsheet) (given: "
        "'Träger A,2012-07,,\\np4,alpha,2012-07,...012-07,,\\np6,alp...) — close the quote, "
        "or remove the line break: a cell holds one id, date, value or amount on one line",
        f"{path}:8: entry: expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12) "
        "(given: '2012-13')"]
    shifted = write(tmp_path, "person,provider,entry,exit,exit_reason\n"
                    '"p2,alpha,2012-07,,\np3,alpha,2012-07,,\np4,"alpha",2012-07,,\n',
                    "shifted.csv")  # 4 cells where the header names 5: the quote, still
    assert [p.split(": the quote may")[0] for p in problems(shifted)] == [
        f'{shifted}:2: person: the quote (") opened on line 2 runs on to line 4']
    later = write(tmp_path, "person,provider,entry,exit,exit_reason\n"
                  '"p\n1","alpha\n",2012-07,,\n', "later.csv")  # a row of two such cells
    assert [p.split(": the quote may")[0] for p in problems(later)] == [
        f'{later}:2: person: the quote (") opened on line 2 runs on to line 3',
        f'{later}:3: provider: the quote (") opened on line 3 runs on to line 4']


def test_lines_ended_by_cr_alone_are_lines(tmp_path: Path) -> None:
    """An old Mac spreadsheet's CSV ends its lines with CR alone: it was refused with the
    csv module's "do you need to open the file in universal-newline mode?"."""
    path = write(tmp_path, "person;provider;entry;exit;exit_reason\rp1;alpha;2012-07;;\r"
                 "p2;beta;2012-13;;\r")
    assert problems(path) == [f"{path}:3: entry: expected a date YYYY-MM-DD or a month "
                              "YYYY-MM (month 01-12) (given: '2012-13')"]
    path.write_text("person;provider;entry;exit;exit_reason\rp1;alpha;2012-07;;\r")
    assert read_caseload(path, PROVIDERS, MIX, ORIGIN).person == ("p1",)


def test_a_row_with_fewer_cells_than_the_header_is_one_line(tmp_path: Path) -> None:
    """A row one cell short got a line per column quoting its neighbour's value, and a
    row of three cells passed without a word (its missing cells read as empty)."""
    path = write(tmp_path, (
        "person,provider,entry,exit,exit_reason,sex,age\n"
        "p1,alpha,2012-07,2013-02,placement,female\n"
        "p2,beta,2012-08\n"
        "p3,beta,2012-09,,,male,50-59\n"))
    assert problems(path) == [
        f"{path}:2: has 6 cells, the header names 7 (given: "
        "'p1,alpha,2012-07,2013-02,placement,female')",
        f"{path}:3: has 3 cells, the header names 7 (given: 'p2,beta,2012-08')"]


def test_a_quote_never_closed_is_named_where_it_opens(tmp_path: Path) -> None:
    """A quote never closed read the rest of the file into one cell, refused as the
    missing columns of that line, without a word of the quote."""
    path = write(tmp_path, (
        "person,provider,entry,exit,exit_reason\n"
        "p1,alpha,2012-07,,\n"
        '"p2,beta,2012-08,,\n'
        "p3,beta,2012-09,,\n"))
    assert problems(path) == [f'{path}:3: a quote (") opened on this line is never closed: '
                              "the rest of the file would be one cell — close or remove the "
                              "quote"]
    path.write_text('person,provider,entry,exit,exit_reason\np1,alpha,2012-07,,\n'
                    '"p""2",beta,2012-08,,\n')  # closed, with a quote inside
    assert read_caseload(path, PROVIDERS, MIX, ORIGIN).person == ("p1", 'p"2')


def test_german_dates_are_hinted_and_a_flood_of_the_same_problem_is_counted(
        tmp_path: Path) -> None:
    """A 50,000-row export with German dates (31.12.2016) printed 100,001 lines, none
    saying what was meant: each column's first five show with a hint, the rest are one
    line with their count and lines; a date with its time is hinted too."""
    rows = "".join(f"p{i},alpha,{i + 1:02d}.01.2012,,,male\n" for i in range(8))
    path = write(tmp_path, "person,provider,entry,exit,exit_reason,sex\n" + rows
                 + "p9,beta,2012-01-05 00:00:00,,,male\n")
    lines = problems(path)
    f = str(path)
    assert lines[0] == (f"{f}:2: entry: expected a date YYYY-MM-DD or a month YYYY-MM "
                        "(given: '01.01.2012') — did you mean '2012-01-01'? (a German date, "
                        "DD.MM.YYYY)")
    assert lines[5:] == [f"{f}: entry: 4 more rows like the ones above (lines 7–10)"]
    assert "did you mean" in lines[4] and len(lines) == 6
    only_time = write(tmp_path, "person,provider,entry,exit,exit_reason,sex\n"
                      "p9,beta,2012-01-05 00:00:00,,,male\n", "t.csv")
    assert problems(only_time)[0].endswith(
        "(given: '2012-01-05 00:00:00') — did you mean '2012-01-05'? (the date without its "
        "time)")
    no_date = write(tmp_path, "person,provider,entry,exit,exit_reason,sex\n"
                    "p9,beta,31.02.2012,,,male\n", "n.csv")
    assert problems(no_date)[0].endswith("(given: '31.02.2012')")  # no such day: no hint


def test_a_separator_at_the_end_of_the_header_is_said_as_such(tmp_path: Path) -> None:
    """A spreadsheet that ends every line with a separator gave "column 6: unknown column"
    (an empty name): the line now says what it is and what to do."""
    path = write(tmp_path, "person;provider;entry;exit;exit_reason;\np1;alpha;2012-07;;;\n")
    assert problems(path) == [
        f"{path}:1: column 6: a column without a name — a separator at the end of the header "
        "line? remove it (and the one at the end of each line), or name the column"]


def test_a_spreadsheet_formula_or_an_invisible_character_in_an_id_is_refused(
        tmp_path: Path) -> None:
    """``="A-0001"`` (a spreadsheet keeping leading zeros) and ``B<no-break space>002``
    were taken as ids as written: in a re-forecast the draws a person keeps are keyed by
    the id, so next month's export written plainly gave other numbers for the same
    people. Both are refused with the fix; a plain space inside an id stays allowed."""
    path = write(tmp_path, "person,provider,entry,exit,exit_reason,sex\n"
                           '="A-0001",alpha,2012-07,,,male\n'
                           "B\u00a0002,alpha,2012-07,,,male\n"
                           "C 3,alpha,2012-07,,,male\n")
    f = str(path)
    assert problems(path) == [
        f"{f}:2: person: a spreadsheet formula, not an id (given: '=\"A-0001\"') — write "
        "the id itself: A-0001",
        f"{f}:3: person: an invisible character (a no-break space, a tab, a control "
        "character) in the id (given: 'B\\xa0002') — write the id with visible characters "
        "and plain spaces only"]


def test_column_names_match_in_any_case_and_without_surrounding_spaces(
        tmp_path: Path) -> None:
    """A Jobcenter export's ``Person;Provider;ENTRY; Exit ;Exit_Reason`` was refused as
    five missing columns (with a hint that the names are lower case): a header is
    matched as a spreadsheet user reads column titles, and a problem names the column
    as the file writes it."""
    path = write(tmp_path, "Person;Provider;ENTRY; Exit ;Exit_Reason;SEX\n"
                           "p1;alpha;2012-07;;;female\n")
    c = read_caseload(path, PROVIDERS, MIX, ORIGIN)
    assert c.person == ("p1",) and c.provider.tolist() == [0]
    assert c.entry.tolist() == [-6.0] and c.attributes.tolist() == [[1, -1]]
    path.write_text("Person;Provider;ENTRY; Exit ;Exit_Reason;SEX\n"
                    "p1;gamma;2012-13;;;female\n")
    assert problems(path) == [
        f"{path}:2: ENTRY: expected a date YYYY-MM-DD or a month YYYY-MM (month 01-12) "
        "(given: '2012-13')",
        f"{path}:2: Provider: unknown provider (known: alpha, beta) (given: 'gamma')"]
    spells = write(tmp_path, "Person,Provider,Entry,Exit,Exit_Reason\n"
                   "p1,alpha,2013-01,2013-06,dropout\np1,beta,2013-05,,\n", "spells.csv")
    with pytest.raises(ScenarioError) as err:  # a check across rows names it as written too
        read_caseload(spells, PROVIDERS, MIX, ORIGIN, spells=True)
    assert [str(p) for p in err.value.problems] == [
        f"{spells}:3: Entry: spell of person p1 overlaps the one on line 2 (which exits only "
        "on 2013-06-01)"]


def test_two_columns_of_one_name_in_another_case_are_one_line_naming_both(
        tmp_path: Path) -> None:
    """Matched in any case, ``person`` and ``Person `` are one column twice: refused in
    one line naming both as written; a near miss is suggested whatever its case."""
    path = write(tmp_path, "person,provider,entry,exit,exit_reason,Person \n")
    assert problems(path) == [
        f"{path}:1: Person: column appears twice, as 'person' (column 1) and 'Person' "
        "(column 6): names are matched in any case"]
    path.write_text("person,provider,entry,exit,exit_reason,Sexx\n")
    assert problems(path) == [f"{path}:1: Sexx: unknown column — did you mean 'sex'?"]


def test_blank_lines_before_the_header_are_skipped_and_its_line_is_named(
        tmp_path: Path) -> None:
    """A blank line before the header read as "is empty: expected a header line"; blank
    rows are skipped before the header as after it, and a header problem names the
    header's own line."""
    path = write(tmp_path, "\n;;;\nperson;provider;entry;exit;exit_reason;sex\n"
                           "p1;alpha;2012-07;;;male\n")
    assert read_caseload(path, PROVIDERS, MIX, ORIGIN).person == ("p1",)
    wrong = write(tmp_path, "\n\nperson,provider,entry,exit,exit_reason,sex,sex\n", "w.csv")
    assert problems(wrong) == [f"{wrong}:3: sex: column appears twice"]
