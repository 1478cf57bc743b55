"""The common shape of a register file, read line by line, without libyaml.

Register files are nearly all written one way: block mappings and `- ` lists, one
value a line (plain, quoted, or an `[a, b]` list), the odd `>-` paragraph, perhaps
a `---` before the first key.
`read_common` reads exactly that shape with one regular expression a line, faster than
walking libyaml's events (docs/performance.md), and builds the same tree with the same
places as yamlread's full reader. Anything else it declines by returning None, and the
file is read by the full reader: a value running over several lines (other than
a block scalar), anchors, tags, flow mappings, `? ` keys, tabs, a duplicate key, and
anything libyaml would report. Declining is always safe; reading differently never
is, so every shape accepted here is checked against the full reader in
tests/test_yamllines.py, on every test file and on generated and mutated ones.

The rules it relies on (YAML 1.1 as libyaml reads it, block context):
- a plain value ends at the end of its line when the next line is not indented
  deeper than the block it belongs to; ` #` starts a comment; `: ` cannot occur;
- a key line's block is the column of its key; a `- ` item's, the column of its dash;
  a `- ` list may stand at its key's own column ("compact"), and ends at the next key;
- `key:` followed by nothing deeper is the empty value, placed just after the colon.
"""

from __future__ import annotations

import re
from typing import Any

from inspcheck.yamltree import COLUMNS, EMPTY, YMap, YSeq

# indentation, an optional "- ", an optional plain key and its colon, then the rest:
# every part may be empty, so it matches every line
# (a key of more than 1024 characters is no key to libyaml: such a line is declined)
_LINE = re.compile(r"( *)(?:(-)(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]{0,1023}):(?: +|$))?(.*)")
# first characters a one-line plain value may not start with (YAML's indicators),
# and the few this reader handles itself: quotes, flow lists, block scalars
_NOT_PLAIN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: *$| +#)")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\nt])*)"(?: *$| +#)')
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
_FLOW = re.compile(r"\[([^\[\]{}#]*)\](?: *$| +#)")
_FLOW_ITEM = re.compile(r"( *)([A-Za-z0-9_](?:[A-Za-z0-9 _./()&'-]|:(?! ))*?) *")
_BLOCK_HEADER = re.compile(r"([|>])(-?) *$")
_ITEM = "- "  # pending in a list: a dash with its item on the lines below
_DOCUMENT_START = re.compile(r"---(?: *$| +#)")


class _Decline(Exception):
    """The text is not of the common shape: the full reader reads it."""


def read_common(text: str, max_depth: int, max_chars: int) -> YMap | YSeq | None:
    """The tree of text if it has the common shape (a block mapping or list at
    column 0), else None. text has already passed yamlread's character scan."""
    lines = _lines(text)
    if lines is None:
        return None
    try:
        return _Reader(lines, max_depth, max_chars).read()
    except _Decline:
        return None


def _lines(text: str) -> list[str] | None:
    """text's lines, a `---` before the first key blanked; None for what the line reader
    never takes: a tab, a character libyaml refuses and the scan lets through, a CR that
    is not part of a CR LF, or a line too long for a place's column (yamltree)."""
    if "\t" in text or "\ufffe" in text or "\uffff" in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")  # libyaml reads a CR LF as one line break
    lines = text.split("\n")
    if len(text) >= COLUMNS and max(map(len, lines)) >= COLUMNS:
        return None
    _drop_document_start(lines)
    return lines


class _Reader:
    """One text's read, a line at a time: the open block, the blocks enclosing it, and
    the key (or `- `) still waiting for its value.

    A line is either skipped (blank, a comment), a `key:` line or a `- ` line. Before
    either, `_align` settles a key left waiting by the line above and closes the
    blocks the line stands outside of; then `_entry` or `_item` reads the line itself.
    Anything outside the common shape raises _Decline."""

    __slots__ = ("block", "compact", "indent", "is_map", "lines", "max_chars", "max_depth",
                 "pending", "pending_place", "root", "stack")  # fmt: skip

    def __init__(self, lines: list[str], max_depth: int, max_chars: int) -> None:
        self.lines = lines
        self.max_depth = max_depth
        self.max_chars = max_chars
        self.root: YMap | YSeq | None = None
        self.stack: list[tuple[Any, bool, int, bool]] = []  # the enclosing blocks' state
        self.block: Any = None  # the innermost open block: a YMap, or a YSeq
        self.is_map = False
        self.indent = -1  # its column; -1 before the first line, which opens the root
        self.compact = False  # a "- " list at its key's own column, ended by the next key
        self.pending: str | None = None  # a key of `block` (or _ITEM) awaiting its value
        self.pending_place = 0

    def read(self) -> YMap | YSeq | None:
        match = _LINE.match
        for i, line in enumerate(self.lines):
            spaces, dash, key, rest = match(line).groups()  # type: ignore[union-attr]
            if dash or key:
                at = len(spaces)
                base = i * COLUMNS
                if at != self.indent or self.pending is not None or self.compact:
                    self._align(at, dash, base)
                if dash:
                    self._item(i, base, line, at, key, rest)
                else:
                    self._entry(i, base, at, key, rest, len(line) - len(rest))
            elif rest and rest[0] != "#":
                raise _Decline  # a value on a line of its own
        if self.pending is not None:
            self._put(EMPTY, self.pending_place)
        return self.root

    def _align(self, at: int, dash: str | None, base: int) -> None:
        """Ready the block a line at column `at` belongs to: the value of a key left
        waiting, the first block of the file, the blocks the line closes."""
        if self.pending is not None:
            self._settle(at, dash, base)
        elif self.root is None:
            if at:
                raise _Decline
            self.root = self.block = YSeq(base) if dash else YMap(base)
            self.is_map, self.indent = not dash, 0
        while at < self.indent or (self.compact and at == self.indent and not dash):
            self.block, self.is_map, self.indent, self.compact = self.stack.pop()
        if at != self.indent:
            raise _Decline  # deeper than its block: a value running on, or misaligned

    def _settle(self, at: int, dash: str | None, base: int) -> None:
        """The waiting key's value: a block opening on this line (deeper, or a compact
        `- ` list at the key's own column), or else the empty value."""
        if at > self.indent or (at == self.indent and dash and self.is_map):
            opened = YSeq(base + at) if dash else YMap(base + at)
            self._put(opened, base + at)
            self._enter(opened, not dash, at, at == self.indent)
        else:
            self._put(EMPTY, self.pending_place)
        self.pending = None

    def _enter(self, block: YMap | YSeq, is_map: bool, indent: int, compact: bool) -> None:
        self.stack.append((self.block, self.is_map, self.indent, self.compact))
        if len(self.stack) >= self.max_depth:
            raise _Decline  # the full reader reports it too deep
        self.block, self.is_map, self.indent, self.compact = block, is_map, indent, compact

    def _put(self, value: Any, place: int) -> None:
        """A value that waited for the next line: under its key, or as the next item."""
        if self.is_map:
            self.block[self.pending] = value
            self.block.value_marks[self.pending] = place
        else:
            self.block.append(value)
            self.block.item_marks.append(place)

    def _item(self, i: int, base: int, line: str, at: int, key: str | None, rest: str) -> None:
        """A `- ` line: a mapping item opened by its first key, an item on the lines
        below, or a one-line value."""
        if self.is_map:
            raise _Decline
        if key:
            at = line.index(key, at + 1)  # only spaces stand between the dash and key
            item = YMap(base + at)
            self.block.append(item)
            self.block.item_marks.append(base + at)
            self._enter(item, True, at, False)
            self._entry(i, base, at, key, rest, len(line) - len(rest))
        elif not rest or rest[0] == "#":
            self.pending = _ITEM
            self.pending_place = base + at + 1
        elif rest[0] == "|" or rest[0] == ">":
            raise _Decline  # a block scalar as an item: the full reader reads it
        else:
            rest_at = len(line) - len(rest)
            if rest[0] in _NOT_PLAIN:
                value = self._indicated(i, base, at, rest, rest_at)
            else:
                value = _plain(rest, self.max_chars)
            self.block.append(value)
            self.block.item_marks.append(base + rest_at)

    def _entry(self, i: int, base: int, at: int, key: str, rest: str, rest_at: int) -> None:
        """A `key:` line: its value on the line, or awaited from the lines below."""
        block = self.block
        if not self.is_map or key in block.key_marks:
            raise _Decline  # a key in a list; a duplicate key, which the full reader reports
        block.key_marks[key] = base + at
        if not rest or rest[0] == "#":
            self.pending = key
            self.pending_place = base + at + len(key) + 1
            return
        if rest[0] in _NOT_PLAIN:
            value = self._indicated(i, base, at, rest, rest_at)
        else:
            value = _plain(rest, self.max_chars)
        block[key] = value
        block.value_marks[key] = base + rest_at

    def _indicated(self, i: int, base: int, at: int, rest: str, rest_at: int) -> str | YSeq:
        """A value led by one of YAML's indicators: a block scalar, a quoted value or a
        flow list; any other indicator is declined."""
        if rest[0] == "|" or rest[0] == ">":
            value: str | YSeq | None = _block_scalar(self.lines, i, rest, at)
        else:
            room = len(self.stack) + 1 < self.max_depth
            value = _value(rest, rest_at, base, self.max_chars, room)
        if value is None or len(value) > self.max_chars:
            raise _Decline
        return value


def _plain(rest: str, max_chars: int) -> str:
    """A one-line plain value: up to a comment, without trailing spaces."""
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":" or len(value) > max_chars:
        raise _Decline  # a mapping on one line, or a key with nothing after it
    return value


def _drop_document_start(lines: list[str]) -> None:
    """A `---` before the first key starts the one document: blank it, as it holds
    nothing. Any later one is a second document, and declined as a line of its own."""
    for i, line in enumerate(lines):
        content = line.strip(" ")
        if content and content[0] != "#":
            if _DOCUMENT_START.match(line):
                lines[i] = ""
            return


def _value(rest: str, rest_at: int, base: int, max_chars: int, room: bool) -> Any:
    """A quoted value or a flow list on one line; None for anything else. `room`: whether a
    flow list, a level of its own, fits under the depth limit (else the full reader says
    too deep)."""
    first = rest[0]
    if first == "'":
        m = _SINGLE.match(rest)
        return None if m is None else m[1].replace("''", "'")
    if first == '"':
        m = _DOUBLE.match(rest)
        if m is None:
            return None
        value = m[1]
        return _ESCAPE.sub(lambda e: _ESCAPED[e[1]], value) if "\\" in value else value
    if first == "[":  # no item is longer than the line: the limit on values holds
        return _flow_list(rest, rest_at, base) if room and len(rest) <= max_chars else None
    return None


def _flow_list(rest: str, rest_at: int, base: int) -> YSeq | None:
    m = _FLOW.match(rest)
    if m is None:
        return None
    inner = m[1]
    found = YSeq(base + rest_at)
    if not inner:
        return found
    column = rest_at + 1
    for part in inner.split(","):
        item = _FLOW_ITEM.fullmatch(part)
        if item is None or item[2][-1] == ":":
            return None  # an empty item, a quoted one, or one of YAML's indicators
        found.append(item[2])
        found.item_marks.append(base + column + item.end(1))
        column += len(part) + 1
    return found


def _block_scalar(lines: list[str], i: int, rest: str, indent: int) -> str:
    """A `|` or `>` value, with `-` or no chomping indicator; its lines are then blanked,
    so that the line reader passes over them. Declines leading blank lines, lines deeper
    than the first (in `>`), blank lines holding spaces beyond the text's column, and a
    file's unfinished last line."""
    header = _BLOCK_HEADER.match(rest)
    if header is None:
        raise _Decline  # "+" chomping, an explicit indentation, or text after the header
    folded = header[1] == ">"
    texts, end = _block_lines(lines, i + 1, _text_column(lines, i + 1, indent), folded)
    lines[i + 1 : end] = [""] * (end - i - 1)
    value = _fold(texts) if folded else "\n".join(texts)
    return value if header[2] else value + "\n"


def _text_column(lines: list[str], first: int, indent: int) -> int:
    """The column of a block scalar's text: its first line's, deeper than its key."""
    if first >= len(lines) or not lines[first].strip(" "):
        raise _Decline  # no text, or a leading blank line
    column = len(lines[first]) - len(lines[first].lstrip(" "))
    if column <= indent:
        raise _Decline
    return column


def _block_lines(lines: list[str], first: int, column: int, folded: bool) -> tuple[list[str], int]:
    """A block scalar's lines from `first`, less its indentation and the blank lines
    after the text, and the index of the line after them."""
    texts: list[str] = []
    j = first
    while j < len(lines):
        line = lines[j]
        content = line.lstrip(" ")
        at = len(line) - len(content)
        if at < column and content:
            break
        if at > column and (folded or not content):
            raise _Decline  # a deeper line in `>`, or spaces past the text on a blank line
        texts.append(line[column:])
        j += 1
    if j == len(lines) and texts[-1]:
        raise _Decline  # the file ends without a line break
    while not texts[-1]:
        texts.pop()
    return texts, j


def _fold(texts: list[str]) -> str:
    """Folded lines: a line break between two lines of text is a space; each blank line
    between them is a line break."""
    out = texts[0]
    blanks = 0
    for text in texts[1:]:
        if not text:
            blanks += 1
            continue
        out += ("\n" * blanks if blanks else " ") + text
        blanks = 0
    return out
