"""Problems with a user's scenario, reported one line each and never as a traceback.

A line says what is wrong and where: the file (and line where YAML gives one), the
dotted path, the value given, what is expected, and a likely fix when one exists.
"""

from __future__ import annotations

import difflib
import reprlib
from dataclasses import dataclass, field
from typing import Any


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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.show_value:
            text += f" (given: {_short(self.value)})"
        if self.hint:
            text += f" — {self.hint}"
        return text


class ScenarioError(Exception):
    """A scenario the user must fix; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def suggest(word: str, candidates: list[str] | set[str]) -> str:
    """'did you mean ...?' for a near miss, else an empty string."""
    others = sorted(c for c in candidates if c != word)  # the word is known, just misplaced
    close = difflib.get_close_matches(str(word), others, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxstring, _REPR.maxother = 3, 6, 6, 80, 80
"""A repr that stops early, so quoting a huge value costs no more than a short one."""


def _short(value: Any, limit: int = 60) -> str:
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
