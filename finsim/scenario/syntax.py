"""A YAML syntax error said in a reader's words: the line and column of the slip, what
YAML found there in plain words, and a likely fix.

PyYAML says where its reading broke down, which is often not where the slip is: a key
dedented out of its block (``placement`` under ``hazards:``) makes the *next* line read
as more of that key's value, and PyYAML names that next line. Where the text tells which
line broke the block, that line is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from ..nouns import counted


@dataclass(frozen=True)
class Slip:
    """A syntax error: what YAML found (and the fix after `` — ``), its line and column."""

    message: str
    line: int | None
    column: int | None


_KEY = re.compile(r"\s*(?:-\s+)?([^:#]+?)\s*:(?:\s|$)")
"""A line's key: the text before its first ``: `` (after a list item's ``- ``)."""


def explained(err: yaml.MarkedYAMLError, text: str, what: str = "the file") -> Slip | None:
    """The syntax error ``err`` of ``text`` in plain words with a likely fix, at the line
    where the slip is; ``what`` names the text (``the file``, ``the value``). None for an
    error these rules do not know, which is said in YAML's words."""
    mark = err.problem_mark
    if mark is None or not err.problem:
        return None
    lines = text.split("\n")
    for rule in _RULES:
        slip = rule(err, lines, what)
        if slip is not None:
            return slip
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> str:
    """The line without its comment and trailing blanks (roughly: a ``#`` after a blank)."""
    return re.sub(r"(^|\s)#.*$", "", line).rstrip()


def _above(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above ``index`` with content, else None."""
    for i in range(index - 1, -1, -1):
        if _content(lines[i]).strip():
            return i
    return None


def _key(line: str) -> str:
    match = _KEY.match(line)
    return match.group(1) if match else line.strip()


def _colon_in_value(err: yaml.MarkedYAMLError, lines: list[str], what: str) -> Slip | None:
    """``name: Ziel: Arbeit``: a second ``: `` in a value, which YAML takes for a key."""
    if err.problem != "mapping values are not allowed here":
        return None
    row, column = err.problem_mark.line, err.problem_mark.column
    line = lines[row] if row < len(lines) else ""
    first = _KEY.match(line)
    if first is None or first.end() > column + 1:
        return None
    value = line[first.end():].strip()
    quoted = value.replace("'", "''")
    return Slip(f"YAML syntax error: a second ': ' in a value ({line.strip()}), which YAML "
                f"reads as a key inside it — quote the value: {first.group(1)}: '{quoted}'",
                row + 1, column + 1)


def _duplicate_block_key(err: yaml.MarkedYAMLError, lines: list[str], what: str
                         ) -> Slip | None:
    """A key written twice in one block, the second time with a value on its line
    (``providers:`` then ``providers: abc`` above the first block's items): YAML breaks
    on the item below it as more of that value (``_more_of_the_value``' case), but the
    slip is the second key, named as a plain duplicate key is (``reader``)."""
    if err.problem != "mapping values are not allowed here":
        return None
    row = err.problem_mark.line
    above = _above(lines, row) if row < len(lines) else None
    if above is None or _indent(lines[row]) <= _indent(lines[above]) \
            or _KEY.match(lines[above]) is None:
        return None
    first = _earlier_key(lines, above)
    if first is None:
        return None
    return Slip(f"duplicate key '{_key(lines[above])}' (first on line {first + 1})",
                above + 1, _indent(lines[above]) + 1)


def _earlier_key(lines: list[str], index: int) -> int | None:
    """The index of the line above ``index`` in its block (the same indentation, none
    less between) with the same key, else None."""
    depth, key = _indent(lines[index]), _key(lines[index])
    for i in range(index - 1, -1, -1):
        if not _content(lines[i]).strip() or _indent(lines[i]) > depth:
            continue
        if _indent(lines[i]) < depth:
            return None
        if _KEY.match(lines[i]) is not None and _key(lines[i]) == key:
            return i
    return None


def _more_of_the_value(err: yaml.MarkedYAMLError, lines: list[str], what: str
                       ) -> Slip | None:
    """A key indented more than the ``key: value`` line above it, which YAML reads as
    more of that value, then finds its ``:``. Where the line above is not indented under
    the block the line before it opens (``hazards:`` then ``placement: 0.02`` at the same
    indentation), that line broke the block and is named; else the deeper one. YAML
    breaks at the deeper line's ``:``, or, where a comment ends the value above
    (``placement: 0.006  # ...``), at its start, as a block where none may begin."""
    if err.problem not in ("mapping values are not allowed here",
                           "expected <block end>, but found '<block mapping start>'"):
        return None
    row = err.problem_mark.line
    above = _above(lines, row) if row < len(lines) else None
    if above is None or _indent(lines[row]) <= _indent(lines[above]):
        return None
    opener = _above(lines, above)
    if opener is not None and _content(lines[opener]).endswith(":") \
            and _indent(lines[above]) <= _indent(lines[opener]):
        return Slip(f"YAML syntax error: line {above + 1} ({_key(lines[above])}) is not "
                    f"indented under line {opener + 1} ({_content(lines[opener]).strip()}), "
                    f"so YAML reads line {row + 1} as more of its value — check the "
                    f"indentation of line {above + 1} against the line above: indent it "
                    f"like line {row + 1}", above + 1, _indent(lines[above]) + 1)
    return Slip(f"YAML syntax error: line {row + 1} ({_key(lines[row])}) is indented more "
                f"than line {above + 1} above it ({_spaces(_indent(lines[row]))}, not "
                f"{_indent(lines[above])}), so YAML reads it as more of line {above + 1}'s "
                f"value — check the indentation of line {row + 1} against the line above",
                row + 1, _indent(lines[row]) + 1)


def _between_blocks(err: yaml.MarkedYAMLError, lines: list[str], what: str) -> Slip | None:
    """A line indented to no block's depth: less than the keys above it, more than the
    keys of the block those lie in (``contributions`` at 5 between 6 and 4)."""
    if not err.problem.startswith("expected <block end>, but found") or err.context_mark is None:
        return None
    row, block = err.problem_mark.line, err.context_mark
    above = _above(lines, row) if row < len(lines) else None
    if above is None:
        return None
    here = _indent(lines[row])
    if not block.column < here < _indent(lines[above]):
        return None
    return Slip(f"YAML syntax error: line {row + 1} ({_key(lines[row])}) is indented "
                f"{_spaces(here)}: less than line {above + 1} above it "
                f"({_spaces(_indent(lines[above]))}), more than the block that starts on line "
                f"{block.line + 1} ({_spaces(block.column)}), so it belongs to neither — check "
                f"the indentation of line {row + 1} against the line above", row + 1, here + 1)


def _spaces(n: int) -> str:
    return counted(n, "space", "spaces")


_CLOSING = re.compile(r"expected ',' or '([\]}])', but got '?(.*?)'?$")


def _unclosed(err: yaml.MarkedYAMLError, lines: list[str], what: str) -> Slip | None:
    """A flow list or mapping (``[12``, ``{a: 1``) not closed where YAML needed it."""
    match = _CLOSING.match(err.problem)
    if match is None or err.context_mark is None:
        return None
    close, got = match.groups()
    opened = err.context_mark
    until = (f"the end of {what}" if got == "<stream end>"
             else f"line {err.problem_mark.line + 1}, column {err.problem_mark.column + 1}")
    return Slip(f"YAML syntax error: this '{'[' if close == ']' else '{'}' is not "
                f"closed before {until} — close it with '{close}' (or put a comma between "
                "its items)", opened.line + 1, opened.column + 1)


def _unclosed_quote(err: yaml.MarkedYAMLError, lines: list[str], what: str) -> Slip | None:
    """A quoted text whose closing quote is missing."""
    if err.context != "while scanning a quoted scalar" or err.context_mark is None:
        return None
    opened = err.context_mark
    row = lines[opened.line] if opened.line < len(lines) else ""
    quote = row[opened.column] if opened.column < len(row) else "'"
    return Slip(f"YAML syntax error: this quote ({quote}) is never closed — close it with "
                f"{quote} at the end of its text", opened.line + 1, opened.column + 1)


def _tab(err: yaml.MarkedYAMLError, lines: list[str], what: str) -> Slip | None:
    """A tab where YAML reads indentation or a token: in the indentation, or after the
    text of its line (``name: Small<TAB>test``, where a space was meant)."""
    if not err.problem.startswith("found character '\\t'"):
        return None
    mark = err.problem_mark
    before = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
    if before.strip():
        return Slip(f"YAML syntax error: a tab after '{before.strip()}', which YAML does "
                    "not allow between the words of a value — write a space instead",
                    mark.line + 1, mark.column + 1)
    return Slip("YAML syntax error: a tab, which YAML does not allow for indentation — "
                "indent with spaces", mark.line + 1, mark.column + 1)


_NBSP_INDENT = re.compile(r"[ \t]*\u00a0")
"""A line whose indentation holds a non-breaking space (pasted from a mail or Word)."""

NBSP_INDENT = "indented with non-breaking spaces (U+00A0); use plain spaces"


def non_breaking_keys(node: yaml.Node | None) -> list[int]:
    """The lines of the plain keys that begin with a non-breaking space: a line indented
    with them that YAML read without a syntax error, as a key of the block above it
    (``\u00a0\u00a0patience_months``), which would be an unknown key."""
    lines, stack = [], [node] if node is not None else []
    while stack:
        here = stack.pop()
        if isinstance(here, yaml.MappingNode):
            for key, value in here.value:  # a block's key: a flow mapping's is not indented
                if isinstance(key, yaml.ScalarNode) and not key.style and not here.flow_style \
                        and key.value.startswith("\u00a0"):
                    lines.append(key.start_mark.line + 1)
                stack += [key, value]
        elif isinstance(here, yaml.SequenceNode):
            stack += here.value
    return sorted(lines)


def _non_breaking_indent(err: yaml.MarkedYAMLError, lines: list[str], what: str
                         ) -> Slip | None:
    """A line up to the one YAML broke on indented with non-breaking spaces: YAML reads
    them as text, not indentation, so it breaks on a later line for another reason."""
    last = min(err.problem_mark.line, len(lines) - 1)
    row = next((i for i in range(last + 1) if _NBSP_INDENT.match(lines[i])), None)
    if row is None:
        return None
    return Slip(NBSP_INDENT, row + 1, None)


def _alias(err: yaml.MarkedYAMLError, lines: list[str], what: str) -> Slip | None:
    """``*name`` where no ``&name`` was defined above."""
    match = re.match(r"found undefined alias '(.*)'$", err.problem)
    if match is None:
        return None
    name, mark = match.group(1), err.problem_mark
    return Slip(f"YAML syntax error: *{name} refers to no anchor &{name} above it — define "
                f"&{name} before it, or quote the value if the * is text",
                mark.line + 1, mark.column + 1)


_RULES: tuple[Callable[[yaml.MarkedYAMLError, list[str], str], Slip | None], ...] = (
    _non_breaking_indent, _colon_in_value, _duplicate_block_key, _more_of_the_value,
    _between_blocks, _unclosed, _unclosed_quote, _tab, _alias)
