"""The strict reader: text stays the text the user wrote, and every position is kept."""

from __future__ import annotations

from inspcheck.yamlread import read_tree
from inspcheck.yamltree import EMPTY, YMap, position


def _tree(text: str) -> YMap:
    tree, findings = read_tree(text.encode(), "t.yaml")
    assert findings == []
    assert isinstance(tree, YMap)
    return tree


def test_no_implicit_typing() -> None:
    tree = _tree("a: no\nb: 1.10\nc: 010\nd: 12:30\ne: 2024-12-31\nf: ~\ng: null\nh: 0x1F\n")
    assert dict(tree) == {
        "a": "no", "b": "1.10", "c": "010", "d": "12:30", "e": "2024-12-31",
        "f": "~", "g": "null", "h": "0x1F",
    }  # fmt: skip


def test_empty_value_is_not_text_and_not_none() -> None:
    tree = _tree("due:\nref: ''\n")
    assert tree["due"] is EMPTY
    assert tree["ref"] == ""


def test_positions_of_keys_values_and_items() -> None:
    tree = _tree("version: 1\nitems:\n  - first\n  -   second\n")
    assert position(tree.key_marks["items"]) == (2, 1)
    assert position(tree.value_marks["version"]) == (1, 10)
    assert [position(m) for m in tree["items"].item_marks] == [(3, 5), (4, 7)]


def test_byte_order_mark_at_start_is_allowed() -> None:
    tree, findings = read_tree(b"\xef\xbb\xbfa: b\n", "t.yaml")
    assert (findings, tree) == ([], {"a": "b"})


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    tree, findings = read_tree(b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "t.yaml")
    assert tree is None
    assert [(f.rule, f.line, f.column) for f in findings] == [("too-deep", 1, 35)]
    tree, findings = read_tree(b"a: " + b"[" * 100_000, "t.yaml")
    assert tree is None
    assert len(findings) == 1


def test_huge_file_is_refused_before_parsing() -> None:
    tree, findings = read_tree(b"a: b\n" * (4 * 1024 * 1024), "t.yaml")
    assert tree is None
    assert [(f.rule, f.line) for f in findings] == [("file-too-large", 1)]
