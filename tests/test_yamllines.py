"""The line reader against the full reader: whatever it accepts, it reads the same.

yamllines.read_common may decline any file (the full reader then reads it); it may
never read one differently. Every test file, generated registers in every style the
line reader knows, and random mutations of them are read both ways, and wherever
the line reader gives a tree, the full reader must give the same values and places,
and no finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspcheck.yamllines import read_common
from inspcheck.yamlread import (
    MAX_DEPTH,
    MAX_VALUE_CHARS,
    _build_from_events,
    _decode,
    _scan,
    conflict_markers,
)
from inspcheck.yamltree import YMap, YSeq
from tests.conftest import CASES, REPO
from tests.test_properties import MUTATION, _mutate


def _shape(value: Any, place: int) -> Any:
    """Values and every place, as one comparable value."""
    if isinstance(value, YMap):
        items = [(k, value.key_marks[k], _shape(v, value.value_marks[k])) for k, v in value.items()]
        return ("map", place, value.mark, items)
    if isinstance(value, YSeq):
        marks = value.item_marks
        return ("seq", place, value.mark, [_shape(v, m) for v, m in zip(value, marks, strict=True)])
    return ("str", place, value)


def _agree(text: str) -> bool:
    """True if the line reader read text (and read it as the full reader does)."""
    if _scan(text):
        return False  # the character scan runs first; the line reader never sees such text
    fast = read_common(text, MAX_DEPTH, MAX_VALUE_CHARS)
    if fast is None:
        return False
    # read_tree looks for conflict markers only in what the line reader declines
    assert conflict_markers(text) == []
    full, findings = _build_from_events(text, "f")
    assert findings == []
    assert _shape(fast, 0) == _shape(full, 0)
    return True


def _text(path: Path) -> str | None:
    """The file as the readers get it; None where decoding refuses it (no reader sees it)."""
    return _decode(path.read_bytes(), path.name)[0]


TEST_FILES = sorted(
    p for p in [*CASES.rglob("*.yaml"), *(REPO / "data").rglob("*.yaml")]
    if p.is_file() and not p.is_symlink() and _text(p) is not None
)  # fmt: skip


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_test_file_is_read_the_same_or_declined(path: Path) -> None:
    _agree(_text(path) or "")


# Shapes at the edge of what the line reader knows: each is read the same or declined.
EDGES = [
 "key: value  # comment\n", "key: 'a' # c\n", 'key: "a\\"b"\n', "a: |\n  x\n # c\nb: 1\n",
 "a: >-\n  x  \n  y\nb: 1\n", "a: >-\n\n  text\n", "a: [a,b]\n", "a: [ a ]\n", "a: [a , b]\n",
 "a:    value\n", "- key: v\n  - x\n", "a: 50% done!\n", "ké: v\n", "# only\n", "a: b",
 "é: x\nb: é ü v\n",
 "a: x\n  # c\nb: v\n", "a: |\n  x\n\n", "a: >\n  x\n\n\n  y\n", "a:\n  - b\n  -\n  - c\n",
 "a: |-\n  #x\n  y\n", "- a\n-\n", "a: 'it''s'\n", "a: ''\n", 'a: ""\n', "a: []\n", "a: [ ]\n",
 "a: x:y\n", "a: x :y\n", "a: -x\n", "a: x-\n", "a: >-\n   x\n  y\n", "a: |\n  x\n   y\nb: 2\n",
 "a: {}\n", "a: b\n---\n", "a: b\n...\n", "- - a\n", "-  a: 1\n   b: 2\n", "a:\n- b\nc: d\n",
 "a: b\r\nc: d\r\n", "a: |\r\n  x\r\n  y\r\nb: 1\r\n", "a: 'x\r\n  y'\r\n", "a:  \nb: 2\n",
 "a: # c\n  b: 1\n", "- # c\n  - x\n", "a: x\n\n  y\n", "a: 1\n b: 2\n", "a: [x]y\n", "a: [x] #c\n",
 "a: \"x\" #c\n", "a: \"x\"#c\n", "a: 'x'y\n", "a: \\x\n", "a: \"\\\\\"\n", "a: \"\\t\\n\"\n",
 "a: x #\n", "a: x#y\n", "a: ~\n", "a: [a:b]\n", "a: [a: b]\n", "a: [a:]\n", "a: [x, ]\n",
 "a: x\ufffe\n", "a: x\uffff\n", "a: x\U0010ffff\n", "a: \xa0x\n", "- x\u0085y\n",
 "a: >\n  x\n  #y\nb: 1\n", "a: |\n  x\n  \n  y\n", "a: |\n  x\n   \n  y\n", "a: |\n  x\n \n  y\n",
 "a: >-\n  x\nb: |\n  y\n", "a:\n  b:\n    c: >\n      deep\n  d: e\n",
 "---\na: 1\n", "--- # c\na: 1\n", "# c\n\n---  \na: 1\n", "---\n---\na: 1\n", "--- a: 1\n",
 "---a: 1\n", "---\n", "---\n- x\n", " ---\na: 1\n", "a: 1\n---\nb: 2\n",
 "a: 1\n...\n"]  # fmt: skip


@pytest.mark.parametrize("text", EDGES)
def test_edge_shapes_are_read_the_same_or_declined(text: str) -> None:
    _agree(text)


def test_edge_shapes_mostly_take_the_line_reader() -> None:
    assert sum(map(_agree, EDGES)) >= 50


@pytest.mark.parametrize("style", ["plain", "'quoted'", '"quoted"', ">-", "|", "[list]"])
def test_a_value_over_the_limit_goes_to_the_full_reader(style: str) -> None:
    long = "x" * (MAX_VALUE_CHARS + 1)
    value = {"plain": long, ">-": f">-\n  {long}", "|": f"|\n  {long}"}.get(style)
    value = value or style.replace(style[1:-1], long)
    for text in (f"a: {value}\n", f"- {value}\n"):
        assert not _agree(text)


def test_a_line_longer_than_a_place_can_hold_goes_to_the_full_reader() -> None:
    assert not _agree("a: [" + "x, " * 22_000 + "y]\n")
    assert not _agree("- " + "x" * 70_000 + "\n")


def test_the_bundled_register_takes_the_line_reader() -> None:
    files = sorted((REPO / "data").rglob("*.yaml"))
    assert files and all(_agree(path.read_text(encoding="utf-8")) for path in files)


def test_most_valid_test_files_take_the_line_reader() -> None:
    valid = [p for p in TEST_FILES if "/valid/" in str(p) or "/report/" in str(p)]
    taken = [p for p in valid if _agree(p.read_text(encoding="utf-8"))]
    assert len(taken) >= 0.8 * len(valid)


# --- Generated files: a tree written in any of the styles a person or a tool might use ---

SAFE_WORD = st.sampled_from(
    ["force", "Plan", "it's", 'say "yes"', "a:b", "kind:police", "no", "1.10", "2024-06-30",
     "30 June 2024", "é ü", "a, b", "x[1]", "a  b", "~", "null", "end.", "50%", "Q&A"]
)  # fmt: skip
TRICKY_WORD = st.sampled_from(
    ["x #1", "a: b", "[1]", "{x}", "- item", "#tag", "?", "&a", "*b", "!t", "%p", "@a", "`q`",
     "|", ">", "-", ":", "'", '"', "\\", "\\n", "tail ", " lead", "end:", "", "<<"]
)  # fmt: skip
WORD = st.one_of(SAFE_WORD, SAFE_WORD, SAFE_WORD, TRICKY_WORD)
ANY_WORD = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=4)
TEXT = st.lists(st.one_of(WORD, ANY_WORD), min_size=1, max_size=4).map(" ".join)
SAFE_KEY = st.sampled_from(["id", "note", "a", "b_c", "due-date", "x1"])
KEY = st.one_of(SAFE_KEY, SAFE_KEY, SAFE_KEY, st.sampled_from(["<<", "key with space", "1st"]))
LEAF = st.one_of(TEXT, st.lists(TEXT, max_size=3))
TREE = st.recursive(
    LEAF,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(KEY, inner, min_size=1, max_size=4),
    ),
    max_leaves=12,
)
STYLE = st.fixed_dictionaries(
    {
        "scalar": st.sampled_from(["plain", "single", "double", "folded", "literal", "mixed"]),
        "indent": st.sampled_from([2, 3, 4]),
        "compact": st.booleans(),
        "dash_gap": st.sampled_from([" ", "  "]),
        "colon_gap": st.sampled_from([" ", "  "]),
        "comments": st.booleans(),
        "blank_lines": st.booleans(),
        "crlf": st.booleans(),
        "chomp": st.sampled_from(["-", ""]),
        "flow_lists": st.booleans(),
        "final_newline": st.booleans(),
    }
)


def _scalar(text: str, style: dict[str, Any], column: int, salt: int, item: bool) -> list[str]:
    """The lines of a scalar value, its first line to follow `key: ` or `- `."""
    kind = style["scalar"]
    if kind == "mixed":
        kind = ["plain", "single", "double", "folded", "literal"][salt % 5]
    if item and kind in ("folded", "literal") and salt % 4:
        kind = "double"  # the line reader declines a block scalar as a list item
    if kind == "plain":
        return [text]
    if kind == "single":
        return ["'" + text.replace("'", "''") + "'"]
    if kind == "double":
        return ['"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"']
    pad = " " * (column + style["indent"])
    words = text.split(" ")
    half = max(1, len(words) // 2)
    body = [pad + " ".join(words[:half]), pad + " ".join(words[half:])]
    if style["blank_lines"]:
        body.insert(1, "")
    return [(">" if kind == "folded" else "|") + style["chomp"], *body]


def _write(value: Any, style: dict[str, Any], column: int, salt: int = 0) -> list[str]:
    """Lines for a mapping or list whose block starts at column."""
    pad = " " * column
    out: list[str] = []
    pairs = value.items() if isinstance(value, dict) else [(None, v) for v in value]
    for n, (key, item) in enumerate(pairs):
        lead = f"{pad}{key}:" if key is not None else f"{pad}-"
        gap = style["colon_gap"] if key is not None else style["dash_gap"]
        if style["comments"] and n == 1:
            out.append(pad + "# a comment")
        if style["blank_lines"] and n == 2:
            out.append("")
        if isinstance(item, list) and style["flow_lists"] and all(isinstance(x, str) for x in item):
            out.append(f"{lead}{gap}[{', '.join(item)}]")
        elif isinstance(item, dict | list) and item:
            if key is None and isinstance(item, dict):  # "- key: value" on the dash's line
                inner = _write(item, style, column + 1 + len(gap), salt + n)
                out.append(f"{lead}{gap}{inner[0].lstrip(' ')}")
                out.extend(inner[1:])
                continue
            compact = style["compact"] and isinstance(item, list)
            deeper = column if compact else column + style["indent"]
            out.append(lead)
            out.extend(_write(item, style, deeper, salt + n))
        elif isinstance(item, dict | list):
            out.append(f"{lead}{gap}{'{}' if isinstance(item, dict) else '[]'}")
        else:
            first, *rest = _scalar(item, style, column, salt + n, key is None)
            out.append(f"{lead}{gap}{first}" if first else lead)
            out.extend(rest)
    return out


def _document(tree: Any, style: dict[str, Any]) -> str:
    if not isinstance(tree, dict | list) or not tree:
        tree = {"root": tree}
    lines = (["# header comment"] if style["comments"] else []) + _write(tree, style, 0)
    newline = "\r\n" if style["crlf"] else "\n"
    return newline.join(lines) + (newline if style["final_newline"] else "")


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(TREE, STYLE)
def test_generated_files_are_read_the_same_or_declined(tree: Any, style: dict[str, Any]) -> None:
    _agree(_document(tree, style))


@SETTINGS
@given(TREE, STYLE, st.lists(MUTATION, min_size=1, max_size=3))
def test_mutated_files_are_read_the_same_or_declined(
    tree: Any, style: dict[str, Any], mutations: list[Any]
) -> None:
    text = _document(tree, style)
    for mutation in mutations:
        text = _mutate(text, *mutation)
    _agree(text)


def test_a_register_written_in_the_generated_styles_takes_the_line_reader() -> None:
    """The generator's styles are shapes the line reader knows, so the tests above
    compare the two readers rather than watch the line reader decline."""
    style = {"scalar": "mixed", "indent": 2, "compact": True, "dash_gap": " ", "colon_gap": " ",
             "comments": True, "blank_lines": True, "crlf": True, "chomp": "-",
             "flow_lists": True, "final_newline": True}  # fmt: skip
    tree = {"version": "1", "responses": [{"recommendation": f"r{n}", "updates": [
        {"date": "30 June 2024", "status": "complete", "note": "it's done; see [1]"}],
        "themes": ["cse", "kind:police"]} for n in range(20)]}  # fmt: skip
    assert _agree(_document(tree, style))


# Three places where an external run of the YAML test suite found the readers and libyaml
# (or YAML itself) disagreeing at their limits.


def test_a_key_over_1024_characters_goes_to_the_full_reader() -> None:
    assert _agree("k" * 1024 + ": v\n")
    text = "k" * 1025 + ": v\n"
    assert read_common(text, MAX_DEPTH, MAX_VALUE_CHARS) is None
    assert [f.rule for f in _build_from_events(text, "f")[1]] == ["yaml-syntax"]


@pytest.mark.parametrize("shape", ["- []", "- k: []"])
def test_a_flow_list_counts_in_the_depth(shape: str) -> None:
    text = "".join(" " * i + "-\n" for i in range(31)) + " " * 31 + shape + "\n"
    assert read_common(text, MAX_DEPTH, MAX_VALUE_CHARS) is None
    assert [f.rule for f in _build_from_events(text, "f")[1]] == ["too-deep"]
    shallower = "".join(" " * i + "-\n" for i in range(30)) + " " * 30 + "- []\n"
    assert _agree(shallower)


def test_a_tab_inside_a_block_scalar_is_text_not_indentation() -> None:
    from inspcheck.yamlread import read_tree

    text = "note: |\n  literal\n  \ttext\nnext: >-\n  folded\n  \t  text\n"
    read = {"note": "literal\n\ttext\n", "next": "folded\n\t  text"}
    assert read_tree(text.encode(), "f") == (read, [])
    assert _build_from_events(text, "f") == (read, [])
    tabbed = "note: |\n\tliteral\n"  # the block's own indentation is a tab: refused
    assert [f.rule for f in read_tree(tabbed.encode(), "f")[1]][:1] == ["tab-indent"]


# Each marker at the start of a line, where a register's lines start: among keys, among
# items, inside a block scalar's text (where a marker at column 0 ends the text), and in
# a value running on from the line above.
MARKER_SHAPES = ["a: 1\n{m}\nb: 2\n", "a:\n  - x\n{m}\n  - y\n", "a: |\n  x\n{m}\n  y\nb: 1\n",
                 "- a: 1\n{m}\n  b: 2\n", "a: x\n{m}\n", "{m}\na: 1\n"]  # fmt: skip


@pytest.mark.parametrize("marker", ["<<<<<<< HEAD", "=======", ">>>>>>> theirs", "||||||| base"])
@pytest.mark.parametrize("shape", MARKER_SHAPES)
def test_the_line_reader_never_takes_a_conflict_marker(marker: str, shape: str) -> None:
    """So read_tree may look for markers only in what the line reader declines."""
    from inspcheck.yamlread import read_tree

    text = shape.format(m=marker)
    assert read_common(text, MAX_DEPTH, MAX_VALUE_CHARS) is None
    assert "conflict-marker" in [f.rule for f in read_tree(text.encode(), "f")[1]]
