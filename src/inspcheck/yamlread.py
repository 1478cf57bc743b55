"""Read one YAML file as a tree of plain text, keeping where each value stood.

The files are a strict subset of YAML (SPEC 2.4). Rather than let PyYAML build
typed objects (where `no` becomes False and a duplicate key silently wins),
this walks libyaml's event stream once and builds only dicts, lists and
strings, remembering the mark of every key and value. No node tree is built
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

from inspcheck.findings import Finding, error

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_VALUE_CHARS = 100_000
MAX_FINDINGS_PER_SCAN = 20

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = b"\xef\xbb\xbf"

# Characters no register needs and that hide or forge text: C0/C1 controls other
# than tab and line breaks, YAML's exotic line breaks, bidi overrides, zero-width.
_FORBIDDEN = re.compile(
    r"(?P<char>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff])"
    r"|(?P<tab>^[ ]*\t)"
    r"|(?P<conflict>^(?:<{7}|={7}|>{7}|\|{7})(?: |$))",
    re.MULTILINE,
)


class Mark:
    """Where a value starts: 1-based line and column."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class YMap(dict[str, Any]):
    """A mapping as written, with the marks of its keys and values."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Any] = {}
        self.value_marks: dict[str, Any] = {}


class YSeq(list[Any]):
    """A sequence as written, with the mark of each item."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Any] = []


def position(mark: Any) -> tuple[int, int]:
    """libyaml marks are 0-based; users count from 1."""
    if isinstance(mark, Mark):
        return mark.line, mark.column
    return mark.line + 1, mark.column + 1


_SKIP = object()  # the value of a key already reported (duplicate, merge, complex)


class _Empty:
    """`key:` with nothing after it. Not None, so that no field accepts it: an optional
    key is left out, never left empty (SPEC 2.3)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = _Empty()


def read_tree(raw: bytes, file: str) -> tuple[Any, list[Finding]]:
    """Parse one file's bytes; return its top-level value (None if unusable) and findings."""
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return None, [error(file, 1, 1, "file-too-large", f"file is over {limit} MiB; split it")]
    text, findings = _decode(raw, file)
    if text is None:
        return None, findings
    findings = _scan(text, file)
    if findings:
        return None, findings
    return _build(text, file)


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    if raw.startswith(_BOM):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte {exc.start} is not valid UTF-8; save the file as UTF-8"
        return None, [error(file, line, column, "encoding", message)]


def _scan(text: str, file: str) -> list[Finding]:
    findings: list[Finding] = []
    for m in _FORBIDDEN.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        if m["char"]:
            what = f"U+{ord(m['char']):04X}"
            message = f"forbidden character {what} (control, invisible or bidi); delete it"
            findings.append(error(file, line, column, "control-character", message))
        elif m["tab"]:
            message = "tab in indentation; indent with spaces"
            findings.append(error(file, line, column + len(m["tab"]) - 1, "tab-indent", message))
        else:
            message = "git conflict marker; resolve the merge conflict and keep one version"
            findings.append(error(file, line, column, "conflict-marker", message))
        if len(findings) >= MAX_FINDINGS_PER_SCAN:
            break
    return findings


def _build(text: str, file: str) -> tuple[Any, list[Finding]]:
    findings: list[Finding] = []
    loader = _Loader(text)
    try:
        root = _walk(loader, file, findings)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = position(mark) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "cannot be read"
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            problem += f" ({exc.context} at line {position(exc.context_mark)[0]})"
        message = f"YAML syntax: {problem}; check the indentation and quoting"
        findings.append(error(file, line, column, "yaml-syntax", message))
        return None, findings
    except yaml.YAMLError as exc:  # reader errors carry no mark
        findings.append(error(file, 1, 1, "yaml-syntax", f"YAML syntax: {exc}"))
        return None, findings
    finally:
        loader.dispose()
    return root, findings


def _walk(loader: Any, file: str, findings: list[Finding]) -> Any:
    """Turn the event stream into YMap/YSeq/str, iteratively; report forbidden constructs."""
    get_event = loader.get_event
    root: Any = None
    documents = 0
    stack: list[Any] = []
    keys: list[Any] = []  # for each open mapping: the key awaiting its value, or None

    def refuse(mark: Any, rule: str, message: str) -> None:
        line, column = position(mark)
        findings.append(error(file, line, column, rule, message))

    while True:
        event = get_event()
        cls = type(event)
        mark = event.start_mark
        if cls is ScalarEvent:
            value: Any = event.value
            if event.anchor is not None or event.tag is not None:
                _anchor_or_tag(event, refuse)
            if not event.style:
                if value == "":
                    value = EMPTY
            elif len(value) > MAX_VALUE_CHARS:
                refuse(mark, "value-too-long", f"value is over {MAX_VALUE_CHARS} characters")
                value = value[:MAX_VALUE_CHARS]
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                _anchor_or_tag(event, refuse)
            if len(stack) >= MAX_DEPTH:
                refuse(mark, "too-deep", f"nested more than {MAX_DEPTH} levels deep")
                return None
            value = YMap(mark) if cls is MappingStartEvent else YSeq(mark)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            done = stack.pop()
            keys.pop()
            if stack:
                continue
            root = done
            continue
        elif cls is AliasEvent:
            refuse(mark, "yaml-alias", "aliases (*name) are not allowed; write the value out")
            value = f"*{event.anchor}"  # reported here; stands in so the entry is not also short
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(mark, "multiple-documents", "only one YAML document per file; remove '---'")
                return root
            continue
        elif cls is StreamEndEvent:
            return root
        else:
            continue

        if not stack:
            root = value
        else:
            parent = stack[-1]
            if type(parent) is YSeq:
                if value is not _SKIP:
                    parent.append(value)
                    parent.item_marks.append(mark)
            else:
                key = keys[-1]
                if key is None:
                    keys[-1] = _take_key(parent, value, mark, event, refuse)
                else:
                    keys[-1] = None
                    if key is not _SKIP and value is not _SKIP:
                        parent[key] = value
                        parent.value_marks[key] = mark
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            stack.append(value)
            keys.append(None)


def _take_key(parent: YMap, key: Any, mark: Any, event: Any, refuse: Any) -> Any:
    if type(key) is not str:
        if key is EMPTY:
            refuse(mark, "empty-key", "a key is missing before ':'")
        elif key is not _SKIP:
            refuse(mark, "complex-key", "keys must be plain text")
        return _SKIP
    if key == "<<" and not event.style:
        refuse(mark, "yaml-merge-key", "merge keys (<<) are not allowed; write the keys out")
        return _SKIP
    if key in parent.key_marks:
        first, _ = position(parent.key_marks[key])
        refuse(mark, "duplicate-key", f"duplicate key '{key}' (first at line {first}); keep one")
        return _SKIP
    parent.key_marks[key] = mark
    return key


def _anchor_or_tag(event: Any, refuse: Any) -> None:
    if event.anchor is not None:
        refuse(event.start_mark, "yaml-anchor", "anchors (&name) are not allowed; write it out")
    if event.tag is not None:
        refuse(event.start_mark, "yaml-tag", f"tags ({event.tag}) are not allowed; remove it")
