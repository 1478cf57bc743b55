"""The common shape of a register file, read line by line, without libyaml.

Register files are nearly all written one way: block mappings and `- ` lists, one
value a line (plain, quoted, or an `[a, b]` list), the odd `>-` paragraph, perhaps
a `---` before the first key.
`read_common` reads exactly that shape with one regular expression a line, 1.7 times
as fast as walking libyaml's events (docs/performance.md), and builds the same tree
with the same places as yamlread's full reader. Anything else it declines by returning None, and
the file is read by the full reader: a value running over several lines (other than
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


def read_common(text: str, max_depth: int, max_chars: int) -> Any:
    """The tree of text if it has the common shape (a block mapping or list at
    column 0), else None. text has already passed yamlread's character scan.

    This loop runs once per line of a whole register: the open block and what it
    awaits are locals, and a `key: plain value` line takes no function call."""
    if "\t" in text or "\ufffe" in text or "\uffff" in text:
        return None  # a tab, or a character libyaml refuses and the scan lets through
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")  # libyaml reads a CR LF as one line break
    lines = text.split("\n")
    if len(text) >= COLUMNS and max(map(len, lines)) >= COLUMNS:
        return None  # a place's column would pass its cap (yamltree)
    _drop_document_start(lines)
    match = _LINE.match
    root: Any = None
    stack: list[tuple[Any, bool, int, bool]] = []  # enclosing (block, is_map, indent, compact)
    block: Any = None  # the innermost open block
    is_map = False
    indent = 0  # its column
    compact = False  # a "- " list at its key's own column, ended by the next key
    pending: str | None = None  # a key of `block` (or _ITEM) still awaiting its value
    pending_place = 0
    resume = 0  # the first line not yet read by a block scalar
    for i, line in enumerate(lines):
        if i < resume:
            continue  # a line of a block scalar
        spaces, dash, key, rest = match(line).groups()  # type: ignore[union-attr]
        if not (key or dash):
            if not rest or rest[0] == "#":
                continue  # blank, or a comment
            return None  # a value on a line of its own
        at = len(spaces)
        base = i * COLUMNS
        if pending is not None:
            if at > indent or (at == indent and dash and is_map):
                opened: Any = YSeq(base + at) if dash else YMap(base + at)
                _put(block, is_map, pending, opened, base + at)
                stack.append((block, is_map, indent, compact))
                if len(stack) >= max_depth:
                    return None
                compact = at == indent
                block, is_map, indent = opened, not dash, at
            else:
                _put(block, is_map, pending, EMPTY, pending_place)
            pending = None
        elif block is None:
            if at:
                return None
            root = block = YSeq(base) if dash else YMap(base)
            is_map = not dash
        while at < indent or (compact and at == indent and not dash):
            block, is_map, indent, compact = stack.pop()
        if at != indent:
            return None  # deeper than its block: a value running on, or misaligned
        rest_at = len(line) - len(rest)
        if dash:
            if is_map:
                return None
            if key:
                at = line.index(key, at + 1)  # only spaces stand between the dash and key
                item = YMap(base + at)
                block.append(item)
                block.item_marks.append(base + at)
                stack.append((block, False, indent, compact))
                if len(stack) >= max_depth:
                    return None
                block, is_map, indent, compact = item, True, at, False
            elif not rest or rest[0] == "#":
                pending = _ITEM
                pending_place = base + at + 1
                continue
            else:
                plain = rest[0] not in _NOT_PLAIN
                value = _plain(rest) if plain else _value(rest, rest_at, base, max_chars,
                                                          len(stack) + 1 < max_depth)  # fmt: skip
                if value is None or len(value) > max_chars:
                    return None
                block.append(value)
                block.item_marks.append(base + rest_at)
                continue
        elif not is_map:
            return None
        marks = block.key_marks
        if key in marks:
            return None  # a duplicate key: the full reader reports it
        marks[key] = base + at
        first = rest[:1]
        if not first or first == "#":  # nothing after the colon but perhaps a comment
            pending = key
            pending_place = base + at + len(key) + 1
            continue
        if first not in _NOT_PLAIN:  # a plain value, _plain() inline: nine lines in ten
            cut = rest.find(" #")
            value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
            if ": " in value or value[-1] == ":" or len(value) > max_chars:
                return None
        elif first == "|" or first == ">":
            value, resume = _block_scalar(lines, i, rest, indent)
            if value is None or len(value) > max_chars:
                return None
        else:
            value = _value(rest, rest_at, base, max_chars, len(stack) + 1 < max_depth)
            if value is None or len(value) > max_chars:
                return None
        block[key] = value
        block.value_marks[key] = base + rest_at
    if pending is not None:
        _put(block, is_map, pending, EMPTY, pending_place)
    return root


def _drop_document_start(lines: list[str]) -> None:
    """A `---` before the first key starts the one document: blank it, as it holds
    nothing. Any later one is a second document, and declined as a line of its own."""
    for i, line in enumerate(lines):
        content = line.strip(" ")
        if content and content[0] != "#":
            if _DOCUMENT_START.match(line):
                lines[i] = ""
            return


def _put(block: Any, is_map: bool, key: str, value: Any, place: int) -> None:
    """A value that waited for the next line: under its key, or as the next item."""
    if is_map:
        block[key] = value
        block.value_marks[key] = place
    else:
        block.append(value)
        block.item_marks.append(place)


def _plain(rest: str) -> str | None:
    """A one-line plain value: up to a comment, without trailing spaces."""
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        return None
    return value


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


def _block_scalar(lines: list[str], i: int, rest: str, indent: int) -> tuple[str | None, int]:
    """A `|` or `>` value, with `-` or no chomping indicator, and the index of the line
    after it. Declines leading blank lines, lines deeper than the first (in `>`), blank
    lines holding spaces beyond the text's column, and a file's unfinished last line."""
    header = _BLOCK_HEADER.match(rest)
    if header is None:
        return None, i
    first = i + 1
    if first >= len(lines) or not lines[first].strip(" "):
        return None, i
    column = len(lines[first]) - len(lines[first].lstrip(" "))
    if column <= indent:
        return None, i
    folded = header[1] == ">"
    texts: list[str] = []
    j = first
    while j < len(lines):
        line = lines[j]
        content = line.lstrip(" ")
        at = len(line) - len(content)
        if not content:
            if at > column:
                return None, i
            texts.append("")
        elif at < column:
            break
        elif at > column and folded:
            return None, i
        else:
            texts.append(line[column:])
        j += 1
    if j == len(lines) and texts[-1]:
        return None, i  # the file ends without a line break
    while not texts[-1]:
        texts.pop()
    value = _fold(texts) if folded else "\n".join(texts)
    return (value if header[2] else value + "\n"), j


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
