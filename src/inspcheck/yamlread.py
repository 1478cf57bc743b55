"""Read one YAML file as a tree of plain text, keeping where each value stood.

The files are a strict subset of YAML (SPEC 2.4). Rather than let PyYAML build
typed objects (where `no` becomes False and a duplicate key silently wins),
this walks libyaml's event stream once and builds only dicts, lists and
strings, remembering the place of every key, value and item. No node tree is built
and the walk is iterative, so depth costs no recursion.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from inspcheck.findings import Finding
from inspcheck.registry import (
    COMPLEX_KEY,
    CONFLICT_MARKER,
    CONTROL_CHARACTER,
    DUPLICATE_KEY,
    EMPTY_KEY,
    ENCODING,
    FILE_TOO_LARGE,
    MULTIPLE_DOCUMENTS,
    TAB_INDENT,
    TOO_DEEP,
    VALUE_TOO_LONG,
    YAML_ALIAS,
    YAML_ANCHOR,
    YAML_MERGE_KEY,
    YAML_SYNTAX,
    YAML_TAG,
    Rule,
)
from inspcheck.yamllines import read_common
from inspcheck.yamltree import COLUMNS, EMPTY, YMap, YSeq, pack, position

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_VALUE_CHARS = 100_000
MAX_FINDINGS_PER_SCAN = 20

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = b"\xef\xbb\xbf"

# Characters no register needs and that hide or forge text: C0/C1 controls other
# than tab and line breaks, YAML's exotic line breaks, bidi marks, overrides and
# isolates, zero-width and other invisible format characters, and the tag
# characters that can carry a hidden message. The soft hyphen stays: text pasted
# from Word carries it, and it shows where it breaks a line.
_FORBIDDEN_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_BLOCK_SCALAR = re.compile(r"(?:^|[:-])[ ]*[|>][-+0-9]*[ ]*(?:#.*)?$")
TAB_WIDTHS = (8, 4, 2)  # what a tab in indentation is read as, the first that parses
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_CONFLICT_HINTS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


_SKIP = object()  # the value of a key already reported (duplicate, merge, complex)


def read_tree(raw: bytes, file: str) -> tuple[Any, list[Finding]]:
    """Parse one file's bytes; return its top-level value (None if unusable) and findings."""
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return None, [FILE_TOO_LARGE.at(file, 1, 1, f"file is over {limit} MiB; split it")]
    text, findings = _decode(raw, file)
    if text is None:
        return None, findings
    found = _scan(text)
    if not found:
        tree = read_common(text, MAX_DEPTH, MAX_VALUE_CHARS)
        if tree is not None:
            # No line the line reader takes can start with a conflict marker, so the look
            # for them (a tenth of the time it takes to read a register) waits until here.
            return tree, []
    findings = _placed(text, file, found + conflict_markers(text))
    if findings and all(f.rule == TAB_INDENT.id for f in findings):
        # The tab is reported, and the file read on as if it were spaces, so that one
        # run shows every other problem in it too; the file still fails.
        return _build_with_tabs_as_spaces(text, file, findings)
    if findings:
        return None, findings
    return _build_from_events(text, file)


def _build_with_tabs_as_spaces(
    text: str, file: str, tabs: list[Finding]
) -> tuple[Any, list[Finding]]:
    offsets = indentation_tabs(text)
    tried: tuple[Any, list[Finding]] = (None, [])
    for width in TAB_WIDTHS:
        spaced = _spaces_for_tabs(text, offsets, width)
        tried = _build(spaced, file)
        if tried[0] is not None and not any(f.rule == YAML_SYNTAX.id for f in tried[1]):
            break
    return tried[0], tabs + tried[1]


def _spaces_for_tabs(text: str, offsets: list[int], width: int) -> str:
    """Each tab at offsets becomes spaces up to the next multiple of width in its line."""
    parts, start = [], 0
    for offset in offsets:
        column = offset - (text.rfind("\n", 0, offset) + 1)
        parts += [text[start:offset], " " * (width - column % width)]
        start = offset + 1
    return "".join(parts) + text[start:]


def indentation_tabs(text: str) -> list[int]:
    """Offsets of the tabs in indentation. A tab inside a block scalar's text, after the
    block's own indentation, is text (YAML allows it there), and so is a blank line's."""
    found: list[int] = []
    offset = 0
    block: tuple[int, int | None] | None = None  # (its key's column, its text's column)
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        stripped = line.lstrip(" ")
        if not stripped.strip(" \t\r"):
            continue  # a blank line: no indentation, and no end to a block
        spaces = len(line) - len(stripped)
        if block is not None:
            parent, column = block
            if column is None and spaces > parent:
                block = (parent, column := spaces)
            if column is not None and spaces >= column:
                continue  # the block's text
            block = None
        if stripped.startswith("\t"):
            found.append(start + spaces)
        elif _BLOCK_SCALAR.search(line):
            block = (spaces, None)
    return found


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    if raw.startswith(_BOM):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte {exc.start} is not valid UTF-8; save the file as UTF-8"
        return None, [ENCODING.at(file, line, column, message)]


_ASCII_OK = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _has_ascii_control(text: str) -> bool:
    """For ASCII text: bytes.translate deletes every allowed byte at memory speed."""
    return bool(text.encode("ascii").translate(None, _ASCII_OK))


# A finding of the character scan, before its place is worked out: (offset, rule, message).
_Found = tuple[int, Rule, str]


def _scan(text: str) -> list[_Found]:
    """Forbidden characters and tabs in indentation. Each pattern runs only where a cheap
    test says it can match: this is the hot path."""
    found: list[_Found] = []
    ascii_clean = text.isascii() and not _has_ascii_control(text)
    for m in () if ascii_clean else _FORBIDDEN_CHAR.finditer(text):
        message = f"forbidden character U+{ord(m[0]):04X} (control, invisible or bidi); delete it"
        found.append((m.start(), CONTROL_CHARACTER, message))
        if len(found) >= MAX_FINDINGS_PER_SCAN:
            break
    if "\t" in text:
        message = "tab in indentation; indent with spaces"
        found.extend((offset, TAB_INDENT, message) for offset in indentation_tabs(text))
    return found


def conflict_markers(text: str) -> list[_Found]:
    """git's conflict markers, each at the start of a line."""
    if not any(hint in text for hint in _CONFLICT_HINTS):
        return []
    message = "git conflict marker; resolve the merge conflict and keep one version"
    return [(m.start(), CONFLICT_MARKER, message) for m in _CONFLICT.finditer(text)]


def _placed(text: str, file: str, found: list[_Found]) -> list[Finding]:
    """The scan's findings with their lines and columns, the first few in file order."""
    findings = []
    for offset, rule, message in sorted(found)[:MAX_FINDINGS_PER_SCAN]:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        findings.append(rule.at(file, line, column, message))
    return findings


def _build(text: str, file: str) -> tuple[Any, list[Finding]]:
    tree = read_common(text, MAX_DEPTH, MAX_VALUE_CHARS)
    if tree is not None:
        return tree, []
    return _build_from_events(text, file)


def _build_from_events(text: str, file: str) -> tuple[Any, list[Finding]]:
    findings: list[Finding] = []
    loader = _Loader(text)
    try:
        root = _walk(loader, file, findings)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = position(pack(mark)) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "cannot be read"
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
        message = f"YAML syntax: {problem}; check the indentation and quoting"
        findings.append(YAML_SYNTAX.at(file, line, column, message))
        return None, findings
    except yaml.YAMLError as exc:  # reader errors carry no mark
        findings.append(YAML_SYNTAX.at(file, 1, 1, f"YAML syntax: {exc}"))
        return None, findings
    finally:
        loader.dispose()
    return root, findings


def _walk(loader: Any, file: str, findings: list[Finding]) -> Any:
    """Turn the event stream into YMap/YSeq/str, iteratively; report forbidden constructs."""
    walker = _Walker(file, findings)
    get_event = loader.get_event
    on = walker.on_event
    try:
        while True:
            event = get_event()
            on[event.__class__](event)
    except _Finished:
        return walker.root


class _Finished(Exception):
    """The stream has ended, or the rest of it is refused."""


class _Walker:
    """One file's events made into a tree: the open container, the containers enclosing
    it, and in a mapping the key awaiting its value.

    Each kind of event has its method (`on_event` maps event classes to them); every
    value, whatever its kind, is placed by `_place`. A construct the register forbids is
    reported where it stands, and the walk goes on, so that one run shows every problem
    in the file."""

    __slots__ = ("current", "documents", "file", "findings", "is_map", "key",
                 "on_event", "root", "stack")  # fmt: skip

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = findings
        self.root: Any = None
        self.documents = 0
        self.stack: list[tuple[Any, bool, Any]] = []  # the enclosing (container, is_map, key)
        self.current: Any = None  # the open container, None at the top level
        self.is_map = False
        self.key: Any = None  # in a mapping: the key awaiting its value, or None
        self.on_event: dict[type, Any] = {
            ScalarEvent: self._scalar,
            MappingStartEvent: self._start,
            SequenceStartEvent: self._start,
            MappingEndEvent: self._end,
            SequenceEndEvent: self._end,
            AliasEvent: self._alias,
            DocumentStartEvent: self._document,
            StreamEndEvent: self._stream_end,
        }
        for ignored in (StreamStartEvent, DocumentEndEvent):
            self.on_event[ignored] = _ignore

    def refuse(self, mark: int, rule: Rule, message: str) -> None:
        line, column = position(mark)
        self.findings.append(rule.at(self.file, line, column, message))

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            _anchor_or_tag(event, self.refuse)
        value: Any = event.value
        if not value and not event.style:
            value = EMPTY
        elif event.style == '"' or len(value) > MAX_VALUE_CHARS:
            value = _checked_text(value, event, self.refuse)
        start = event.start_mark  # pack(start), written out: this runs for every scalar
        column = start.column if start.column < COLUMNS else COLUMNS - 1
        self._place(value, start.line * COLUMNS + column, event)

    def _start(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            _anchor_or_tag(event, self.refuse)
        mark = pack(event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            self.refuse(mark, TOO_DEEP, f"nested more than {MAX_DEPTH} levels deep")
            self.root = None
            raise _Finished
        is_map = event.__class__ is MappingStartEvent
        opened = YMap(mark) if is_map else YSeq(mark)
        self._place(opened, mark, event)
        self.stack.append((self.current, self.is_map, self.key))
        self.current, self.is_map, self.key = opened, is_map, None

    def _end(self, event: Any) -> None:
        self.current, self.is_map, self.key = self.stack.pop()

    def _alias(self, event: Any) -> None:
        mark = pack(event.start_mark)
        self.refuse(mark, YAML_ALIAS, "aliases (*name) are not allowed; write the value out")
        if self.is_map and self.key is None:
            self.key = _SKIP  # an alias as a key: reported, and its value skipped
        elif self.current is not None:
            # stands in for the value, so that the entry is not also reported short of it
            self._place(f"*{event.anchor}", mark, event)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            mark = pack(event.start_mark)
            self.refuse(mark, MULTIPLE_DOCUMENTS, "only one YAML document per file; remove '---'")
            raise _Finished

    def _stream_end(self, event: Any) -> None:
        raise _Finished

    def _place(self, value: Any, place: int, event: Any) -> None:
        """A value where the walk stands: a key, or a key's value, in a mapping; the next
        item in a list; or the file's top-level value. After it, in a mapping, `key` is
        the key awaiting its value, or None."""
        current = self.current
        if not self.is_map:
            if current is not None:
                current.append(value)
                current.item_marks.append(place)
            else:
                self.root = value
        elif self.key is None:
            if type(value) is str and value not in current.key_marks and value != "<<":
                current.key_marks[value] = place
                self.key = value
            else:  # an empty, complex, merge or duplicate key, which _take_key reports
                self.key = _take_key(current, value, place, event, self.refuse)
        else:
            if self.key is not _SKIP:
                current[self.key] = value
                current.value_marks[self.key] = place
            self.key = None


def _ignore(event: Any) -> None:
    """Events that hold nothing the tree needs."""


def _checked_text(value: str, event: Any, refuse: Any) -> str:
    """The rare scalars that need a second look: escapes, and great length."""
    if event.style == '"' and _FORBIDDEN_CHAR.search(value):
        message = "an escape here makes a control, invisible or bidi character; delete it"
        refuse(pack(event.start_mark), CONTROL_CHARACTER, message)
        value = _FORBIDDEN_CHAR.sub("", value)
    if len(value) > MAX_VALUE_CHARS:
        refuse(pack(event.start_mark), VALUE_TOO_LONG, f"over {MAX_VALUE_CHARS} characters")
        value = value[:MAX_VALUE_CHARS]
    return value


def _take_key(parent: YMap, key: Any, mark: int, event: Any, refuse: Any) -> Any:
    if type(key) is not str:
        if key is EMPTY:
            refuse(mark, EMPTY_KEY, "a key is missing before ':'")
        elif key is not _SKIP:
            refuse(mark, COMPLEX_KEY, "keys must be plain text")
        return _SKIP
    if key == "<<" and not event.style:
        refuse(mark, YAML_MERGE_KEY, "merge keys (<<) are not allowed; write the keys out")
        return _SKIP
    if key in parent.key_marks:
        first, _ = position(parent.key_marks[key])
        refuse(mark, DUPLICATE_KEY, f"duplicate key '{key}' (first at line {first}); keep one")
        return _SKIP
    parent.key_marks[key] = mark
    return key


def _anchor_or_tag(event: Any, refuse: Any) -> None:
    if event.anchor is not None:
        refuse(pack(event.start_mark), YAML_ANCHOR, "anchors (&name) are not allowed")
    if event.tag is not None:
        refuse(pack(event.start_mark), YAML_TAG, f"tags ({event.tag}) are not allowed; remove it")
