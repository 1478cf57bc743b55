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
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
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
# than tab and line breaks, YAML's exotic line breaks, bidi overrides, zero-width.
_FORBIDDEN_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
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
    findings = _scan(text, file)
    if findings and all(f.rule == TAB_INDENT.id for f in findings):
        # The tab is reported, and the file read on as if it were spaces, so that one
        # run shows every other problem in it too; the file still fails.
        return _build_with_tabs_as_spaces(text, file, findings)
    if findings:
        return None, findings
    return _build(text, file)


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


def _scan(text: str, file: str) -> list[Finding]:
    """Forbidden characters, tabs in indentation, conflict markers: each with its place.
    Each pattern runs only where a cheap test says it can match: this is the hot path."""
    found: list[tuple[int, Rule, str]] = []
    ascii_clean = text.isascii() and not _has_ascii_control(text)
    for m in () if ascii_clean else _FORBIDDEN_CHAR.finditer(text):
        message = f"forbidden character U+{ord(m[0]):04X} (control, invisible or bidi); delete it"
        found.append((m.start(), CONTROL_CHARACTER, message))
        if len(found) >= MAX_FINDINGS_PER_SCAN:
            break
    if "\t" in text:
        message = "tab in indentation; indent with spaces"
        found.extend((offset, TAB_INDENT, message) for offset in indentation_tabs(text))
    if any(hint in text for hint in _CONFLICT_HINTS):
        message = "git conflict marker; resolve the merge conflict and keep one version"
        found.extend((m.start(), CONFLICT_MARKER, message) for m in _CONFLICT.finditer(text))
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
    """Turn the event stream into YMap/YSeq/str, iteratively; report forbidden constructs.

    This loop runs once per event of a whole register, so it is written for speed:
    the open container, whether it is a mapping, and its pending key are locals,
    and the common case (a new plain key, or a value) takes no function call.
    """
    get_event = loader.get_event
    root: Any = None
    documents = 0
    stack: list[tuple[Any, bool, Any]] = []  # the enclosing (container, is_map, key)
    current: Any = None  # the open container, None at the top level
    is_map = False
    key: Any = None  # in a mapping: the key awaiting its value, or None

    def refuse(mark: int, rule: Rule, message: str) -> None:
        line, column = position(mark)
        findings.append(rule.at(file, line, column, message))

    while True:
        event = get_event()
        cls = event.__class__
        if cls is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                _anchor_or_tag(event, refuse)
            value: Any = event.value
            if not value and not event.style:
                value = EMPTY
            elif event.style == '"' or len(value) > MAX_VALUE_CHARS:
                value = _checked_text(value, event, refuse)
            start = event.start_mark
            column = start.column
            place = start.line * COLUMNS + (column if column < COLUMNS else COLUMNS - 1)
            if is_map:
                if key is None:
                    if value in current.key_marks or value == "<<" or value is EMPTY:
                        key = _take_key(current, value, place, event, refuse)
                    else:
                        current.key_marks[value] = place
                        key = value
                else:
                    if key is not _SKIP:
                        current[key] = value
                        current.value_marks[key] = place
                    key = None
            elif current is not None:
                current.append(value)
                current.item_marks.append(place)
            else:
                root = value
            continue
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            current, is_map, key = stack.pop()
            continue
        mark = pack(event.start_mark)
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                _anchor_or_tag(event, refuse)
            if len(stack) >= MAX_DEPTH:
                refuse(mark, TOO_DEEP, f"nested more than {MAX_DEPTH} levels deep")
                return None
            opened: Any = YMap(mark) if cls is MappingStartEvent else YSeq(mark)
            if is_map:
                if key is None:  # a mapping or list used as a key
                    key = _take_key(current, opened, mark, event, refuse)
                    stack.append((current, is_map, key))
                else:
                    if key is not _SKIP:
                        current[key] = opened
                        current.value_marks[key] = mark
                    stack.append((current, is_map, None))
            elif current is not None:
                current.append(opened)
                current.item_marks.append(mark)
                stack.append((current, is_map, None))
            else:
                root = opened
                stack.append((None, False, None))
            current, is_map, key = opened, cls is MappingStartEvent, None
        elif cls is AliasEvent:
            refuse(mark, YAML_ALIAS, "aliases (*name) are not allowed; write the value out")
            value = f"*{event.anchor}"  # reported here; stands in so the entry is not also short
            if is_map:
                if key is None:
                    key = _SKIP
                else:
                    if key is not _SKIP:
                        current[key] = value
                        current.value_marks[key] = mark
                    key = None
            elif current is not None:
                current.append(value)
                current.item_marks.append(mark)
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(mark, MULTIPLE_DOCUMENTS, "only one YAML document per file; remove '---'")
                return root
        elif cls is StreamEndEvent:
            return root


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
