"""What a spreadsheet program computes for the formulas finsim writes, so that each
formula is saved with its result: a viewer that does not compute (a mail client's or a
phone's preview, ``pandas.read_excel``, openpyxl's ``data_only``) shows only the result
saved with a formula, and a formula saved without one reads blank there.

The formulas are finsim's own (``excel.Formula``): numbers, cell references (also to
another sheet, ``'Mengengerüst'!C12``), ranges inside ``SUM``, ``+ - * /``, ``=`` inside
``IF``, and the functions ``SUM``, ``ROUND`` and ``IF``; any other is refused (a
programming error: finsim wrote it). They compute as Excel and LibreOffice do: an empty
cell is 0, ``SUM`` skips text, ``ROUND`` rounds half away from zero after taking the
value's 15 significant digits, a sum or difference of two nearly equal amounts of
opposite sign is 0 (not a float residue that a money format would show as "-0,00 €"), a
division by 0 is ``#DIV/0!`` and text in arithmetic ``#VALUE!``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.utility import xl_cell_to_rowcol

from .amounts import half_up

Value = float | str | bool | None
"""A cell's value: a number, a text, a truth value or nothing (an empty cell)."""
Lookup = Callable[[str | None, int, int], Value]
"""A cell's value by sheet (None: the formula's own), row and column (from 1)."""

TOKEN = re.compile(r"\s*(?:(?P<ref>(?:'(?:[^']|'')+'!)?\$?[A-Z]{1,3}\$?\d+)"
                   r"|(?P<number>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?)"
                   r"|(?P<name>[A-Z]+)(?=\()|(?P<op>[-+*/=(),:]))")
NEAR = 2.0 ** -48
"""Two amounts this close (relative) add up to 0 where their signs differ, as
LibreOffice's ``approxAdd`` and Excel's near-zero result have it."""


class CellError(Exception):
    """A spreadsheet error value (``#DIV/0!``, ``#VALUE!``): the formula's result."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Ref:
    """A cell (row and column from 1), on ``sheet`` or, None, the formula's own."""

    sheet: str | None
    row: int
    column: int


def compute(formula: str, lookup: Lookup) -> Value:
    """The result of ``formula`` (``=...``), its cells read by ``lookup`` (which raises
    ``CellError`` for a cell whose formula computes to one); an error as ``CellError``."""
    return _evaluate(parse(formula), lookup)


def parse(formula: str) -> tuple:
    """``formula`` as a tree of tuples: ``("num", x)``, ``("ref", Ref)``, ``("range", Ref,
    Ref)``, ``("op", symbol, left, right)``, ``("neg", x)``, ``("call", NAME, args)``."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    tokens = _tokens(formula[1:])
    tree, at = _comparison(tokens, 0)
    if at != len(tokens):
        raise ValueError(f"unexpected {tokens[at][1]!r} in {formula!r}")
    return tree


def _tokens(text: str) -> list[tuple[str, str]]:
    out, at = [], 0
    while at < len(text.rstrip()):
        match = TOKEN.match(text, at)
        if not match:
            raise ValueError(f"cannot read {text[at:]!r} in ={text}")
        out.append((match.lastgroup or "", match.group(match.lastgroup or 0)))
        at = match.end()
    return out


def _comparison(tokens: list, at: int) -> tuple[tuple, int]:
    left, at = _binary(tokens, at, "+-")
    if at < len(tokens) and tokens[at] == ("op", "="):
        right, at = _binary(tokens, at + 1, "+-")
        left = ("op", "=", left, right)
    return left, at


def _binary(tokens: list, at: int, symbols: str) -> tuple[tuple, int]:
    """Operators of one precedence (``+-`` over ``*/``), left to right."""
    def operand(i: int) -> tuple[tuple, int]:
        return _binary(tokens, i, "*/") if symbols == "+-" else _unary(tokens, i)

    left, at = operand(at)
    while at < len(tokens) and tokens[at][0] == "op" and tokens[at][1] in symbols:
        right, after = operand(at + 1)
        left, at = ("op", tokens[at][1], left, right), after
    return left, at


def _unary(tokens: list, at: int) -> tuple[tuple, int]:
    if at >= len(tokens):
        raise ValueError("a formula ends where a value is expected")
    kind, text = tokens[at]
    if (kind, text) == ("op", "-"):
        inner, at = _unary(tokens, at + 1)
        return ("neg", inner), at
    if (kind, text) == ("op", "("):
        inner, at = _comparison(tokens, at + 1)
        return inner, _expect(tokens, at, ")")
    if kind == "number":
        return ("num", float(text)), at + 1
    if kind == "ref":
        first = _ref(text)
        if at + 1 < len(tokens) and tokens[at + 1] == ("op", ":"):
            last = _ref(tokens[at + 2][1])
            return ("range", first, last), at + 3
        return ("ref", first), at + 1
    if kind == "name":
        return _call(tokens, at)
    raise ValueError(f"unexpected {text!r}")


def _call(tokens: list, at: int) -> tuple[tuple, int]:
    name, args, at = tokens[at][1], [], at + 2  # the name and its "("
    if name not in FUNCTIONS:
        raise ValueError(f"no function {name} among finsim's formulas")
    while True:
        arg, at = _comparison(tokens, at)
        args.append(arg)
        if tokens[at] == ("op", ")"):
            return ("call", name, args), at + 1
        at = _expect(tokens, at, ",")


def _expect(tokens: list, at: int, symbol: str) -> int:
    if at >= len(tokens) or tokens[at] != ("op", symbol):
        raise ValueError(f"{symbol!r} expected")
    return at + 1


def _ref(text: str) -> Ref:
    sheet, _, cell = text.rpartition("!")
    row, column = xl_cell_to_rowcol(cell)
    return Ref(sheet[1:-1].replace("''", "'") if sheet else None, row + 1, column + 1)


def _evaluate(tree: tuple, lookup: Lookup) -> Value:
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "ref":
        ref = tree[1]
        return lookup(ref.sheet, ref.row, ref.column)
    if kind == "neg":
        return -_number(_evaluate(tree[1], lookup))
    if kind == "op":
        return _operate(tree[1], _evaluate(tree[2], lookup), _evaluate(tree[3], lookup))
    if kind == "call":
        return FUNCTIONS[tree[1]](tree[2], lookup)
    raise ValueError("a range outside SUM")


def _number(value: Value) -> float:
    """A value in arithmetic: an empty cell is 0, a text ``#VALUE!``."""
    if value is None:
        return 0.0
    if isinstance(value, str):
        raise CellError("#VALUE!")
    return float(value)


def _operate(symbol: str, left: Value, right: Value) -> Value:
    if symbol == "=":
        return _number(left) == _number(right)
    a, b = _number(left), _number(right)
    if symbol == "/":
        if b == 0.0:
            raise CellError("#DIV/0!")
        return a / b
    if symbol == "*":
        return a * b
    return near_sum(a, b if symbol == "+" else -b)


def near_sum(a: float, b: float) -> float:
    """``a + b``, 0 where they nearly cancel (``NEAR``): a difference of two sums of the
    same cents is 0, as the spreadsheet shows it, not a residue of the floats' bits."""
    if (a < 0.0 < b or b < 0.0 < a) and abs(a + b) < min(abs(a), abs(b)) * NEAR:
        return 0.0
    return a + b


def _sum(args: list, lookup: Lookup) -> float:
    """SUM: numbers of its ranges and cells, text and empty cells skipped."""
    values: list[float] = []
    for arg in args:
        if arg[0] == "range":
            first, last = arg[1], arg[2]
            for row in range(first.row, last.row + 1):
                for column in range(first.column, last.column + 1):
                    value = lookup(first.sheet, row, column)
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        values.append(float(value))
        else:
            values.append(_number(_evaluate(arg, lookup)))
    return math.fsum(values)


def _round(args: list, lookup: Lookup) -> float:
    """ROUND: half away from zero, on the value's 15 significant digits (``half_up``)."""
    value, digits = (_number(_evaluate(a, lookup)) for a in args)
    return float(half_up(value, int(digits))) if math.isfinite(value) else value


def _if(args: list, lookup: Lookup) -> Value:
    """IF: only the branch taken is computed (a guarded division is no error)."""
    test = _evaluate(args[0], lookup)
    if test if isinstance(test, bool) else _number(test) != 0.0:
        return _evaluate(args[1], lookup)
    return _evaluate(args[2], lookup) if len(args) > 2 else False


FUNCTIONS: dict[str, Callable[[list, Lookup], Value]] = {"SUM": _sum, "ROUND": _round,
                                                          "IF": _if}
