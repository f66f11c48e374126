"""Problems with a user's scenario, reported one line each and never as a traceback.

A line says what is wrong and where: the file (and line where YAML gives one), the
dotted path, the value given, what is expected, and a likely fix when one exists.
"""

from __future__ import annotations

import difflib
import re
import reprlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from ..nouns import counted, listed


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario."""

    file: str
    path: str
    message: str
    value: Any = field(default=None)
    line: int | None = None
    hint: str = ""
    show_value: bool = True
    none_given: bool = False
    """The value is Python's ``None`` as a call's overrides gave it: quoted ``None``, as
    the user wrote it, not "nothing" (an empty value in YAML)."""
    verbatim: bool = False
    """The message quotes a command line as written (a record's ``finsim compare ... -n 20
    --set ...`` to run again): a Python call's wording (``api._in_words``) leaves it as it
    is, for its options renamed inside it would make it neither a command nor Python."""
    column: int | None = None
    """The column on ``line`` (a YAML syntax error's), said as ``file:line:column``."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.show_value:
            given = "None" if self.value is None and self.none_given else _short(self.value)
            text += f" (given: {given})"
        if self.hint:
            text += f" — {self.hint}"
        return printable(text)


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029"
                     r"\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                     r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                     r"\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                     r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
                     r"\U000e0020-\U000e007f]")
"""C0 and C1 control characters and DEL, the line and paragraph separators (a line break
to ``str.splitlines`` and to editors) and the format characters (Unicode category Cf):
the bidirectional controls reorder the text around them as shown, and the invisible
ones (a zero-width space U+200B, a soft hyphen U+00AD, U+FEFF) show nothing, so an id
could read as another (``al\u200bpha`` as ``alpha``)."""


def printable(text: str) -> str:
    """``text`` on one line with its control characters escaped (``\\x1b``, ``\\r``): a
    value, key or file name quoted in a message cannot move the cursor, recolour or
    retitle the terminal, or split the line."""
    return CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


class Refusal(ValueError):
    """A validator's refusal of a value *inside* the field it checks (a funder's share
    ``wages`` in ``covers``, a month of a schedule): ``keys`` lead from the field to that
    value, so the line names its own dotted path and quotes that value alone, not the
    whole mapping. ``quote=False``: quote nothing (the message names what is wrong, e.g.
    a key that is no month). ``also``: the refusals of other parts of the same value
    (every bad month of a schedule, not the first alone), each said on its own line.
    ``hint``: a likely fix (an unknown key's near miss)."""

    def __init__(self, message: str, *keys: Any, quote: bool = True,
                 also: tuple[Refusal, ...] = (), hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.keys = tuple(str(k) for k in keys)
        self.quote = quote
        self.also = also
        self.hint = hint

    def within(self, *keys: Any) -> Refusal:
        """The same refusal seen from a field that holds this one under ``keys``."""
        return Refusal(self.message, *keys, *self.keys, quote=self.quote,
                       also=tuple(other.within(*keys) for other in self.also), hint=self.hint)

    def each(self) -> list[Refusal]:
        """This refusal and those it carries, one for each line."""
        return [self, *(part for other in self.also for part in other.each())]


def refused_all(first: Refusal, *more: Refusal) -> Refusal:
    """One refusal that carries ``first`` and ``more`` (a validator that found several
    bad parts raises it, to have each said on its own line)."""
    parts = [part for refusal in (first, *more) for part in refusal.each()]
    return Refusal(parts[0].message, *parts[0].keys, quote=parts[0].quote, hint=parts[0].hint,
                   also=tuple(Refusal(p.message, *p.keys, quote=p.quote, hint=p.hint)
                              for p in parts[1:]))


def refusal_of(err: Any, *keys: Any, known: Collection[str] = ()) -> Refusal:
    """The errors of a pydantic ``ValidationError`` raised by a model or type that a
    validator checks a part of its value with, as one ``Refusal`` (carrying each) at
    ``keys`` below the field (followed by where in that part pydantic found it).
    ``known``: the model's keys, which an unknown key is told its near miss of, as a
    scenario's other unknown keys are (``by_tenure_years``: ``by_tenure_year``)."""
    refusals = []
    for error in err.errors():
        own = (error.get("ctx") or {}).get("error")
        if isinstance(own, Refusal):
            refusals.append(own.within(*keys, *error["loc"]))
        elif error["type"] == "extra_forbidden":
            name = str(error["loc"][-1])
            refusals.append(Refusal(f"unknown key '{name}'", *keys, *error["loc"],
                                    quote=False, hint=suggest(name, set(known))))
        else:
            refusals.append(Refusal(error_message(error), *keys, *error["loc"],
                                    quote=error["type"] != "missing"))
    return refused_all(*refusals)


PYDANTIC_WORDS = {
    "missing": "required key is missing",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "dict_type": "expected a mapping, e.g. {key: value}",
    "list_type": "expected a list, e.g. [a, b]",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "int_parsing_size": "expected a whole number; this one is too large",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number, not nan or an infinity",
}
"""Pydantic's messages that speak of its own types ("a valid dictionary or instance of
Provider"), said in the words of a scenario file."""


BOUNDS = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
          "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}
"""Pydantic's bound errors: the words before the bound, and the bound's key in ``ctx``."""


def bound_text(bound: Any) -> str:
    """A bound as a reader writes it: 1,200; 0.5; 1,000,000,000,000; 2^128 - 1."""
    if bound == 2**128 - 1:  # the largest seed
        return "2^128 - 1"
    if isinstance(bound, float) and bound.is_integer() and abs(bound) <= 1e15:
        bound = int(bound)
    return f"{bound:,}" if isinstance(bound, int) else f"{bound:g}"


def error_message(error: dict) -> str:
    """One pydantic error's message in a scenario's words: a validator's own text, or
    pydantic's without its prefixes and its own type names."""
    refusal = (error.get("ctx") or {}).get("error")
    if isinstance(refusal, Refusal):
        return refusal.message
    if error["type"] in PYDANTIC_WORDS:
        return PYDANTIC_WORDS[error["type"]]
    if error["type"] in ("too_short", "too_long"):
        word, key = ("at least", "min_length") if error["type"] == "too_short" \
            else ("at most", "max_length")
        count = error["ctx"][key]
        return f"expected {word} {counted(f'{count:,}', 'item', 'items')}"
    if error["type"] == "string_too_short":
        return "expected a text of at least one character"
    if error["type"] == "literal_error":
        return f"expected {error['ctx']['expected']}"
    if error["type"] in BOUNDS:
        word, key = BOUNDS[error["type"]]
        return f"expected {word} {bound_text(error['ctx'][key])}"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[0].lower() + message[1:] if message else message


def inside(value: Any, keys: tuple[str, ...]) -> tuple[bool, Any]:
    """``(found, the value at keys below value)``: mappings by key, lists by position."""
    for key in keys:
        if isinstance(value, dict):
            match = [k for k in value if str(k) == key]
            if not match:
                return False, None
            value = value[match[0]]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return False, None
    return True, value


class ScenarioError(Exception):
    """A scenario the user must fix; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


SAME_SHOWN = 5
"""Rows of a data file shown with the same problem in the same column; the rest are
counted in one line (a 50,000-row export with German dates gave 100,001 lines)."""


def condensed(problems: list[Problem], keep: int = SAME_SHOWN,
              key: Callable[[Problem], tuple] | None = None, lang: str = "en") -> list[Problem]:
    """``problems`` with at most ``keep`` of each (file, column, message), in order; the
    others of each counted in one line after its last one shown, with their lines.
    ``key``: what makes problems the same, where their messages differ (warnings that
    name each row's values); ``lang``: the words of the counted line."""
    def same(problem: Problem) -> tuple:
        return problem.file, problem.path, problem.message

    key = key or same
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(key(problem), []).append(problem)
    shown: dict[tuple, int] = {}
    out = []
    for problem in problems:
        group = groups[key(problem)]
        n = shown[key(problem)] = shown.get(key(problem), 0) + 1
        if n <= keep:
            out.append(problem)
        if n == keep < len(group):
            out.append(_more(group[keep:], lang))
    return out


MORE = {"en": ("more row", "more rows", "like the ones above", "line", "lines", ",", "and",
               "more up to"),
        "de": ("weitere Zeile", "weitere Zeilen", "wie die obigen", "Zeile", "Zeilen", ".",
               "und", "weitere bis")}
"""The counted line's words, the thousands separator of its numbers, and the words of
its list of lines."""

RUNS_SHOWN = 8
"""Runs of consecutive lines the counted line lists in full; at more, the first few, how
many lines more and the last (a scattered 50,000-row file must not make a line of
thousands of numbers)."""


def _more(rest: list[Problem], lang: str = "en") -> Problem:
    one, many, like, line, lines, *_ = MORE[lang]
    at = sorted({p.line for p in rest if p.line})
    where = (f" ({lines} {line_list(at, lang)})" if len(at) > 1 else
             f" ({line} {_digits(at[0], lang)})" if at else "")
    first = rest[0]
    return Problem(first.file, first.path,
                   f"{counted(_digits(len(rest), lang), one, many)} {like}{where}",
                   show_value=False)


def _digits(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", MORE[lang][5])


def line_list(at: list[int], lang: str = "en") -> str:
    """Sorted line numbers as read: a range only over consecutive lines, ``7–8 and 10``
    (a range ``7–10`` took in line 9, which another warning told of)."""
    also, beyond = MORE[lang][6:]
    runs: list[list[int]] = []
    for n in at:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = [_digits(a, lang) + ("" if a == b else f"–{_digits(b, lang)}") for a, b in runs]
    if len(runs) > RUNS_SHOWN:
        head = RUNS_SHOWN - 1
        left = sum(b - a + 1 for a, b in runs[head:])
        return (f"{', '.join(shown[:head])} {also} {_digits(left, lang)} {beyond} "
                f"{_digits(at[-1], lang)}")
    return listed(shown, also)


def suggest(word: str, candidates: list[str] | set[str],
            present: Collection[str] = ()) -> str:
    """'did you mean ...?' for a near miss, else an empty string. ``present``: the keys
    the block already has, never suggested: where the nearest is one of them
    (``coach_cost_per_yer`` beside ``coach_cost_per_year``) the key is a misspelt copy
    of it, and the next nearest (``management_cost_per_year``) would set another value.
    A key with the same words in another order or number (``coaches_per_participant``),
    or a shortening of one (``hours`` for ``hours_per_week``), is taken before a merely
    similar spelling."""
    written = {str(key) for key in present}
    close = _nearest(str(word), sorted(c for c in candidates if c != word))
    if close in written:
        return f"a misspelt copy of '{close}', which is written already? remove one"
    return f"did you mean '{close}'?" if close else ""


def _nearest(word: str, candidates: list[str]) -> str | None:
    """The candidate ``suggest`` names: by words first, else by spelling; or None."""
    close = _by_words(word, candidates) or difflib.get_close_matches(
        word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


SUFFIXES = ("ings", "ing", "ers", "er", "s")
"""Endings dropped to compare two keys' words: ``funders`` and ``funding`` are both
``fund``, ``coaches`` and ``coach`` both ``coach``."""


def _stem(word: str) -> str:
    """A word without the first of ``SUFFIXES`` it ends in, kept at three letters or more
    (``es`` only after ``ch``/``sh``/``x``, as ``wages`` is ``wage``)."""
    word = word.lower()
    for ending in ("ches", "shes", "xes"):
        if word.endswith(ending):
            return word[:-2]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _words(key: str) -> list[str]:
    return [_stem(part) for part in re.split(r"[_\W]+", key) if part]


def _by_words(word: str, candidates: list[str]) -> list[str]:
    """The candidate that has ``word``'s words: the same in any order or number, else
    ``word``'s words first (an abbreviation), else starting with its words (a key
    written with a word more: ``placement_rate``); the most similar spelling of those
    that qualify alike. Empty where none does."""
    own = _words(word)
    if not own:
        return []
    tests = (lambda theirs: sorted(theirs) == sorted(own),
             lambda theirs: theirs[: len(own)] == own,
             lambda theirs: own[: len(theirs)] == theirs)
    for test in tests:
        fitting = [c for c in candidates if _words(c) and test(_words(c))]
        if fitting:
            return [max(fitting, key=lambda c: (_similarity(word, c), -len(c)))]
    return []


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxstring, _REPR.maxother = 3, 6, 6, 80, 80
"""A repr that stops early, so quoting a huge value costs no more than a short one."""


def _short(value: Any, limit: int = 60) -> str:
    """The value as quoted in a line; an empty value (YAML's ``slots:``, ``~``, ``null``)
    is "nothing", not Python's ``None``, which nobody wrote."""
    text = "nothing" if value is None else _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
