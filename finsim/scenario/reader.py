"""Read a user's file and parse its YAML within limits, so no input can hang or crash finsim.

A scenario file may come from anyone (they travel by e-mail). Reading it must therefore
stop, with one accurate line, on anything that is not a small UTF-8 text file (a folder,
a FIFO, a device, an unreadable or huge file), and parsing must stop on YAML that would
exhaust memory or the stack (an alias bomb, a document nested a thousand deep). The
loader is PyYAML's safe loader (no ``!!python`` tag is ever executed) with these limits
counted while the document is composed, before anything is built from it; libyaml
parses where PyYAML has it (a national scenario reads in a fifth of the time).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import written
from .limits import MAX_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from .syntax import explained


class UnreadableFile(Exception):
    """A file that cannot be read as text; the message completes "<path> ..."."""


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a file of ``mode`` (``os.stat``'s) is, in words: a regular file or one of
    ``_KINDS``."""
    return next((kind for test, kind in _KINDS if test(mode)), "a file")


def read_text(path: Path, limit: int = MAX_FILE_BYTES, what: str = "a scenario file") -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes; ``what`` names the
    kind of file expected in a refusal."""
    return decoded(read_bytes(path, limit, what), what)


class NotUtf8(UnreadableFile):
    """A file that is text in another encoding than UTF-8 (``decoded``): saved again as
    UTF-8, it reads (``remedy``)."""


def decoded(data: bytes, what: str) -> str:
    """``data`` as UTF-8 text; a refusal names the line and the first byte that is not,
    and the letter it is in Windows-1252 (a spreadsheet's "Unicode text" is UTF-16, its
    plain "CSV" and an old editor's text Windows-1252: 0xe4 is its 'ä'). A binary file
    (a workbook, an image: ``BINARY_KINDS``; or, not UTF-8, a NUL byte in its first KiB)
    is refused as one, not as text to save again: ``what`` names the kind of file
    expected. (A NUL in UTF-8 text is a control character, said at its line.)"""
    kind = next((kind for magic, kind in BINARY_KINDS if data.startswith(magic)), None)
    if kind is not None:
        raise UnreadableFile(f"is a binary file{kind}, not {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise NotUtf8("is UTF-16 text, not UTF-8") from None
        if b"\0" in data[:1024]:
            raise UnreadableFile(f"is a binary file, not {what}") from None
        line = len(_LINE_END.findall(data, 0, err.start)) + 1
        byte = data[err.start]
        raise NotUtf8(f"is not UTF-8 text (line {line}: the byte 0x{byte:02x}"
                      f"{_as_character(byte)})") from None


BINARY_KINDS = ((b"PK\x03\x04", " (an Excel workbook?)"),
                (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", " (an old Excel workbook, .xls?)"),
                (b"\x89PNG\r\n\x1a\n", " (a PNG image)"), (b"%PDF-", " (a PDF document)"))
"""The first bytes of the binary files a user likely gives by mistake, and what they
are said to be: a zip file is most likely a workbook (``results.xlsx``). Decoded, a
workbook was told to be saved as UTF-8."""


def _as_character(byte: int) -> str:
    """`` is 'ä' in Windows-1252/Latin-1`` where ``byte`` is a character one can see in
    Windows-1252 (a letter, ``§``, ``€``; the same in Latin-1 from 0xa0 on, below which
    Latin-1 has control characters), else nothing: the character says which word of the
    file to look at and that it was saved in that encoding."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no character
        return ""
    if not char.isprintable() or char.isspace():  # a no-break space, a soft hyphen
        return ""
    return f" is '{char}' in Windows-1252" + ("/Latin-1" if byte >= 0xA0 else "")


def remedy(err: UnreadableFile, saved_as: str = "UTF-8") -> str:
    """How to make a refused file readable, for a refusal's hint: ``save it as UTF-8``
    (``saved_as``: as a spreadsheet names the choice, ``CSV (UTF-8)``) where it is text
    in another encoding, else nothing (a missing file, a folder: no saving helps)."""
    return f"save it as {saved_as}" if isinstance(err, NotUtf8) else ""


_LINE_END = re.compile(rb"\r\n|\r|\n")


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES, what: str = "a scenario file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``what`` names the kind
    of file expected in a refusal.

    The file is opened without blocking and checked on the open descriptor, so a FIFO or
    a device is refused without waiting on it and nothing can change between the check
    and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("does not exist") from None
    except PermissionError:
        raise UnreadableFile("cannot be read: permission denied") from None
    except ValueError:  # a NUL character in the path
        raise UnreadableFile("is not a usable path: it contains a NUL character") from None
    except OSError as err:
        raise UnreadableFile(f"cannot be read: {_reason(err)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(f"is a directory, not {what}")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"is {file_kind(info.st_mode)}, not {what}")
        data = _read_at_most(fd, limit + 1)
    except OSError as err:
        raise UnreadableFile(f"cannot be read: {_reason(err)}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise UnreadableFile(f"is larger than finsim's limit of {limit // 1024 ** 2} MiB "
                             f"({info.st_size:,} bytes)")
    return data


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _reason(err: OSError) -> str:
    text = err.strerror or str(err)
    return text[0].lower() + text[1:]


class LimitError(yaml.MarkedYAMLError):
    """A YAML document beyond finsim's limits (depth, nodes, recursion); ``path``: the
    dotted path where the limit is passed, where known (said before the problem)."""

    def __init__(self, problem: str, mark: yaml.Mark, path: str = "") -> None:
        super().__init__(None, None, problem, mark)
        self.path = path


MERGE_TAG = "tag:yaml.org,2002:merge"

REPLACE_TAG = "!replace"
"""The one tag of finsim's own a scenario may write: ``providers: !replace [...]``
replaces its base's list rather than merging with it by id (``load``); the list itself
is plain data."""

_CORE = "tag:yaml.org,2002:"
ACCEPTED_TAGS = frozenset({REPLACE_TAG, f"{_CORE}str", f"{_CORE}int", f"{_CORE}float"})
"""The tags a scenario may write: ``!replace`` and YAML's own ``!!str``, ``!!int`` and
``!!float`` where the value reads as what the tag says (``!!str 2013`` is the text
2013). Any other (``!!binary``, ``!!set``, ``!!timestamp``, ``!!python/...``, an unknown
``!tag``) is ``Refused``: finsim reads plain data, and a tag it ignored would read as
something else than meant."""

_REFUSED_TAG = "tag:finsim,2024:refused"
"""The tag the loaders give a node whose written tag is not ``ACCEPTED_TAGS``."""

_INSTEAD = {"binary": "write the text itself, without the tag",
            "set": "write a list [a, b] instead",
            "omap": "write a mapping {a: 1, b: 2} instead",
            "pairs": "write a mapping {a: 1, b: 2} instead",
            "timestamp": "write a month as YYYY-MM (2013-01), without the tag"}
"""What to write instead of a YAML tag finsim refuses, where the tag says more than
"write the value without the tag"."""


@dataclass(frozen=True)
class Refused:
    """What stands in the data for a value read with a tag finsim refuses (or
    ``!replace`` before no list): its ``message`` says why and what to write instead;
    ``raw.refused_tags`` names it at its place, with the file's other problems."""

    message: str
    tag: str

    def __repr__(self) -> str:
        return self.tag


def shown_tag(tag: str) -> str:
    """A tag as it is written: ``!!binary`` for YAML's own, else as read (``!merge``)."""
    return f"!!{tag[len(_CORE):]}" if tag.startswith(_CORE) else tag


def tag_refusal(tag: str) -> str:
    """The line for a value written with ``tag``, which finsim does not read."""
    shown = shown_tag(tag)
    if not tag.startswith(_CORE):
        return (f"the YAML tag {shown} is not part of the scenario format, which knows "
                f"{REPLACE_TAG} (before a list that replaces its base's) and no other "
                "tag of its own; write the value without the tag")
    name = tag[len(_CORE):]
    instead = _INSTEAD.get(name, "write the value without the tag")
    return f"the YAML tag {shown} is not part of the scenario format; {instead}"

_SCIENTIFIC = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
"""Numbers in scientific notation that YAML 1.1 reads as text (``1e7``, ``2.5E3``)."""


class _Limits:
    """Limits on depth and nodes, counted while composing (a mixin of the loaders below).

    An alias counts as the whole subtree it stands for, and adds that subtree's height
    to the depth where it is used, so an alias bomb stops after ``MAX_YAML_NODES`` nodes
    instead of a billion, and nothing built from the document nests deeper than
    ``MAX_YAML_DEPTH``. A value nested deeper, or an alias of a collection that holds it,
    is left unbuilt and read as ``Refused`` (``_unbuilt``), so the file's other problems
    are said with it; past the nodes, nothing more is read (``LimitError``).
    """

    as_written = True
    """Keep the plain scalars ``written.kept`` names as their text (``written.Written``):
    a user's YAML; not finsim's own JSON (a record's ``1.025`` is a number)."""

    def _start_counting(self) -> None:
        self._nodes = 0
        self._depth = 0
        self._deepest = 0
        self._size: dict[int, tuple[int, int]] = {}  # composed node -> (nodes, height)
        self._steps: list[str] = []  # the dotted path to the node being composed
        self._skipped: set[str] = set()  # the anchors of values left unbuilt (too deep)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            return self._alias(parent, index)
        event = self.peek_event()
        mark, tag = event.start_mark, getattr(event, "tag", None)
        if self._depth + 1 > MAX_YAML_DEPTH:
            self._skip_node(mark, ".".join(filter(None, (*self._steps, _step(parent, index)))))
            return self._unbuilt(TOO_DEEP, mark, self._depth + 1)
        start, outer = self._nodes, self._deepest
        self._depth += 1
        self._deepest = self._depth
        self._steps.append(_step(parent, index))
        self._count(1, mark)
        node = super().compose_node(parent, index)
        if tag is not None and tag not in ACCEPTED_TAGS:  # "!" too: NON_SPECIFIC
            node.tag, node.written_tag = _REFUSED_TAG, tag
        self._steps.pop()
        self._size[id(node)] = (self._nodes - start, self._deepest - self._depth + 1)
        self._depth -= 1
        self._deepest = max(outer, self._deepest)
        return node

    def _alias(self, parent: Any, index: Any) -> Any:
        """The node an alias stands for, counted in full; ``Refused`` where it would nest
        past the limit, stands for a value left unbuilt, or for a collection holding it
        (a recursive structure)."""
        event = self.peek_event()
        mark = event.start_mark
        if event.anchor in self._skipped:
            self.get_event()
            return self._unbuilt(TOO_DEEP, mark, self._depth + 1)
        node = super().compose_node(parent, index)
        if id(node) not in self._size:
            return self._unbuilt(RECURSIVE, mark, self._depth + 1)
        nodes, height = self._size[id(node)]
        if self._depth + height > MAX_YAML_DEPTH:
            return self._unbuilt(TOO_DEEP, mark, self._depth + 1)
        self._deepest = max(self._deepest, self._depth + height)
        self._steps.append(_step(parent, index))
        self._count(nodes, mark)
        self._steps.pop()
        return node

    def _skip_node(self, mark: yaml.Mark, path: str) -> None:
        """Consume the events of the value about to be composed, at the dotted ``path``,
        without building it (one at a time: no recursion), noting its anchors; past
        ``SKIPPED_DEPTH`` stop reading (``LimitError``)."""
        open_ = 0
        while True:
            event = self.get_event()
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                self._skipped.add(event.anchor)
            if isinstance(event, yaml.CollectionStartEvent):
                open_ += 1
                if self._depth + open_ > SKIPPED_DEPTH:
                    raise LimitError(f"{TOO_DEEP} (and more than {SKIPPED_DEPTH}, where it "
                                     "stops reading)", mark, path)
            elif isinstance(event, yaml.CollectionEndEvent):
                open_ -= 1
            if open_ == 0:
                return

    def _unbuilt(self, message: str, mark: yaml.Mark, depth: int) -> yaml.ScalarNode:
        """A node that stands for a value not built, read as ``Refused`` with
        ``message``, at ``depth`` (counted as one value)."""
        node = yaml.ScalarNode(_REFUSED_TAG, "", mark, mark)
        node.refusal = message
        self._nodes += 1
        self._size[id(node)] = (1, 1)
        self._deepest = max(self._deepest, depth)
        return node

    def _count(self, nodes: int, mark: yaml.Mark) -> None:
        self._nodes += nodes
        if self._nodes > MAX_YAML_NODES:
            path = ".".join(step for step in self._steps if step)
            raise LimitError(f"more than {MAX_YAML_NODES:,} values (aliases counted in full), "
                             "finsim's limit for a scenario", mark, path)


TOO_DEEP = f"nested more than {MAX_YAML_DEPTH} levels deep, finsim's limit for a scenario"
RECURSIVE = ("an alias refers to a collection that contains it (a recursive structure), "
             "which a scenario cannot use")
"""Why a value is left unbuilt (``_Limits._unbuilt``), said at its place."""

SKIPPED_DEPTH = 2 * MAX_YAML_DEPTH
"""How deep a value left unbuilt may nest for the rest of the file to be read: PyYAML's
scanner takes time in the square of the depth (a list 100,000 deep: minutes), libyaml
stops at 1,000 on its own. A value nested deeper stops the reading, at its place."""


def _step(parent: Any, index: Any) -> str:
    """The step of a dotted path to a node composed under ``parent`` at ``index``: a
    mapping value's key (its text), a list item's position; none for the document and
    for a key itself."""
    if isinstance(index, yaml.ScalarNode):
        return index.value
    return str(index) if isinstance(parent, yaml.SequenceNode) else ""


class LimitedLoader(_Limits, yaml.SafeLoader):
    """The safe loader with limits on depth and nodes, counted while composing
    (``_Limits``). A duplicate key is refused (YAML would keep the last silently); a
    merge key (``<<: *defaults``) merges as YAML 1.1 defines it; numbers in scientific
    notation are numbers.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self._start_counting()


_CParser = yaml.cyaml.CParser if yaml.__with_libyaml__ else None
"""libyaml's parser, where PyYAML was built with it."""

if _CParser is not None:
    class FastLoader(_Limits, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor,
                     yaml.resolver.Resolver):
        """``LimitedLoader`` on libyaml's events: the same composing (with the same limits,
        in Python, so that a deep document cannot overflow the C stack), constructing and
        resolving; only reading, scanning and parsing, nine tenths of the time, are C."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._start_counting()
else:  # pragma: no cover - PyYAML without libyaml
    FastLoader = None


UNHASHABLE = "a list or mapping as a key (`? [a]: 1`), which a scenario cannot use"


def _construct_mapping(loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode,
                       deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG:  # merged keys may be overridden: not duplicates
            continue
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):  # `? [a]`: YAML allows it, a dict cannot hold it
            raise yaml.constructor.ConstructorError(None, None, UNHASHABLE,
                                                    key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first on line {seen[key]})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _as_written(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> str:
    """A scalar kept as its text: a date (YAML 1.1 reads ``2013-01-15`` as one, and a
    refusal then quoted ``datetime.date(2013, 1, 15)``; finsim takes months, which stay
    text, and says what a month looks like)."""
    return loader.construct_scalar(node)


def _text(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> str:
    """A text; a plain one (style None, libyaml's "") with thousands points (``1.234.567``,
    which YAML reads as text) kept as written (``written.Written``), to be refused where
    a number goes, and one with a leading zero YAML 1.1 reads as no octal number (``09``)
    kept as ``written.Padded``, to be the number there."""
    text = loader.construct_scalar(node)
    if loader.as_written and not node.style and written.THOUSANDS.fullmatch(text):
        return written.Written(text)
    if loader.as_written and not node.style and written.PADDED.fullmatch(text):
        return written.Padded(text)  # 09: a number where one goes, as 07 is
    return text


def _as_meant(construct: Any) -> Any:
    """YAML 1.1's base-60 numbers (``1:00`` is 60, ``1:30.5`` is 90.5) kept as text, so
    that a value meant as something else is refused rather than read as another number;
    and a whole number with leading zeros read in base 10, as YAML 1.2 reads it (YAML 1.1
    reads ``010`` as octal 8)."""
    def constructed(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> Any:
        if ":" in node.value:
            return loader.construct_scalar(node)
        if loader.as_written and written.kept(node.value):
            return written.Written(node.value)
        if _LEADING_ZEROS.fullmatch(node.value):
            return int(node.value.replace("_", ""), 10)
        return construct(loader, node)
    return constructed


def _replacing(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    """A list tagged ``!replace``, read as any list (the loader finds the tag on its node);
    the tag on anything else is ``Refused``: only a list merges with its base's by id."""
    if not isinstance(node, yaml.SequenceNode):
        return Refused(f"{REPLACE_TAG} goes before a list (providers: {REPLACE_TAG} [...]), "
                       "not before a single value or a mapping", REPLACE_TAG)
    return loader.construct_yaml_seq(node)


def _refused(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Refused:
    """A value written with a tag finsim does not read (``ACCEPTED_TAGS``); nothing in
    it is built."""
    if hasattr(node, "refusal"):  # a value left unbuilt: too deep, recursive
        return Refused(node.refusal, "(not read)")
    if node.written_tag == "!" and isinstance(node, yaml.ScalarNode):
        return Refused(NON_SPECIFIC, "!")
    return Refused(tag_refusal(node.written_tag), shown_tag(node.written_tag))


NON_SPECIFIC = ("the YAML tag ! is not part of the scenario format: YAML reads the value "
                "after it as text, some readers as what it looks like (! 5 as the number "
                "5); write the value without the tag, a number meant as text in quotes ('5')")
"""Why a scalar after YAML's non-specific tag ``!`` is ``Refused``: readers disagree on
what it is, so finsim reads it as neither (a collection after it is refused as after
any other tag, ``tag_refusal``)."""


_AS_TAGGED = {f"{_CORE}str": "a single value (a text)", f"{_CORE}int": "a whole number",
              f"{_CORE}float": "a number"}
"""What a value tagged ``!!str``, ``!!int`` or ``!!float`` must read as."""


def _as_tagged(construct: Any) -> Any:
    """``construct`` of a value tagged (or read as) ``!!str``, ``!!int`` or ``!!float``;
    ``Refused`` where it does not read as that (``!!int 1.5``, ``!!str [a]``): an
    implicit one always does."""
    def constructed(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
        try:
            if isinstance(node, yaml.ScalarNode):
                return construct(loader, node)
        except (ValueError, IndexError):  # int('1.5'), float('abc'); int('') at its [0]
            pass
        shown = shown_tag(node.tag)
        return Refused(f"the YAML tag {shown} goes before {_AS_TAGGED[node.tag]}, which "
                       f"this value is not; write the value without the tag", shown)
    return constructed


_LEADING_ZEROS = re.compile(r"[-+]?0[0-7_]+")
"""What YAML 1.1 reads as an octal number (``010`` is 8); ``09`` it reads as text, kept
as ``written.Padded`` (the number 9 where a number goes; an id ``09`` stays an id)."""


for _loader in (LimitedLoader, FastLoader):
    if _loader is not None:
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                _construct_mapping)
        _loader.add_constructor(REPLACE_TAG, _replacing)
        _loader.add_constructor(_REFUSED_TAG, _refused)
        _loader.add_constructor("tag:yaml.org,2002:timestamp", _as_written)
        _loader.add_constructor("tag:yaml.org,2002:str", _as_tagged(_text))
        _loader.add_constructor("tag:yaml.org,2002:int", _as_tagged(_as_meant(
            yaml.constructor.SafeConstructor.construct_yaml_int)))
        _loader.add_constructor("tag:yaml.org,2002:float", _as_tagged(_as_meant(
            yaml.constructor.SafeConstructor.construct_yaml_float)))
        _loader.add_implicit_resolver("tag:yaml.org,2002:float", _SCIENTIFIC,
                                      list("-+0123456789."))

class Dumper(yaml.SafeDumper):
    """Writes what the loaders above read back as written: a text they read as a number
    in scientific notation (an id ``1e3``) is quoted, as YAML 1.1 quotes ``1.5``; a
    number or text that would read as thousands points (``written.THOUSANDS``: the float
    28.154, the text ``1.234.567``) is written as a decimal (``28.1540``) or quoted, and
    so is a float written as a month (``written.TWO_DIGIT_MONTH``: 10.2027, ``10.20270``),
    which the reader refuses where a number goes."""

    def represent_float(self, data: float) -> yaml.ScalarNode:
        node = super().represent_float(data)
        node.value = written.as_read_back(node.value)
        return node

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if written.THOUSANDS.fullmatch(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _SCIENTIFIC, list("-+0123456789."))
Dumper.add_representer(float, Dumper.represent_float)
Dumper.add_representer(str, Dumper.represent_str)
Dumper.add_representer(written.Written, Dumper.represent_str)
Dumper.add_representer(written.Padded, Dumper.represent_str)
Dumper.add_representer(written.WrittenNumber, Dumper.represent_float)


def dump(data: Any) -> str:
    """``data`` as block YAML in its own key order (``finsim show``)."""
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True)


_PURE_ONLY = (yaml.reader.Reader.NON_PRINTABLE,
              re.compile(r"[\r\x85\u2028\u2029\t]|(?:^|[\s\[\]{},:])!", re.MULTILINE))
"""What only the pure-Python loader reads: characters YAML does not allow (its message
names them), line breaks other than ``\\n`` (the lines it counts are the ones problems
name), tabs, and what may be a tag (a ``!`` that starts a word: ``a: !`` is ``''`` to
libyaml and None to PyYAML; a tab after a value is refused by PyYAML only). A ``!``
inside a word (``Aktiv statt passiv!``) is text to both. Two patterns, the first
PyYAML's own: compiling its long character class again took 2-3 ms of every start."""


def parse(text: str, as_written: bool = True) -> tuple[Any, yaml.Node | None]:
    """The data of a one-document YAML text and its composed node (for line numbers);
    ``as_written``: keep the scalars ``written.kept`` names as their text (a user's YAML,
    not finsim's JSON).

    Read with libyaml where PyYAML has it; a text it refuses is read again by the
    pure-Python loader, so that every refusal says the same, and a text with characters
    only that loader judges is read by it alone. (libyaml, the reference parser, reads a
    few malformed texts PyYAML refuses, such as ``|#``; what PyYAML reads, it reads
    alike.)
    Raises ``yaml.YAMLError`` (``LimitError`` beyond a limit) with a mark where known.
    """
    if FastLoader is not None and not any(p.search(text) for p in _PURE_ONLY):
        try:
            return _parse(FastLoader, text, as_written)
        except yaml.YAMLError:
            pass  # the same text again, for the pure loader's message
    return _parse(LimitedLoader, text, as_written)


def _parse(loader_class: type, text: str, as_written: bool = True
           ) -> tuple[Any, yaml.Node | None]:
    loader = loader_class(text)
    loader.as_written = as_written
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def composed(text: str) -> yaml.Node | None:
    """The composed node of a YAML ``text`` whose data could not be built (a duplicate
    key: ``{a: 5,00, b: 6,00}`` has the key 00 twice), to find what was meant; None where
    it cannot be composed either."""
    try:
        loader = LimitedLoader(text)  # reads the text at once: a control character
    except yaml.YAMLError:
        return None
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def problem_text(err: yaml.YAMLError, text: str = "", what: str = "the file"
                 ) -> tuple[str, int | None]:
    """One line saying what is wrong with a YAML ``text`` (``what``: ``the file``, ``the
    value``), and the line it is on (``problem_at``)."""
    message, line, _ = problem_at(err, text, what)
    return message, line


def problem_at(err: yaml.YAMLError, text: str = "", what: str = "the file"
               ) -> tuple[str, int | None, int | None]:
    """What is wrong with a YAML ``text``, and the line and column it is on: a syntax
    error in plain words with a likely fix, at the line of the slip where it can be told
    (``syntax.explained``), else in YAML's words at the line YAML names."""
    mark = getattr(err, "problem_mark", None)
    line = mark.line + 1 if mark else None
    if isinstance(err, yaml.reader.ReaderError):  # a control character: str(err) is 2 lines
        code = err.character if isinstance(err.character, int) else ord(err.character)
        return (f"contains the control character {code:#04x}, which YAML does not allow",
                text.count("\n", 0, err.position) + 1 if text else None, None)
    problem = " ".join(str(getattr(err, "problem", None) or err).split())
    if isinstance(err, LimitError) and err.path:
        return f"{err.path}: {problem}", line, None
    if isinstance(err, LimitError) or problem.startswith(("duplicate key", UNHASHABLE)):
        return problem, line, None
    if isinstance(err, yaml.MarkedYAMLError) and (slip := explained(err, text, what)):
        return slip.message, slip.line, slip.column
    return f"YAML syntax error: {problem}", line, mark.column + 1 if mark else None
