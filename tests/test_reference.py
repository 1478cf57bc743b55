"""The fast reader against a plain reference reading (PyYAML's BaseLoader node tree).

Every YAML file under tests/cases that reads without findings (the others are judged
in test_cases) must give the same
values, and the same place for every key, value and item, as PyYAML's composer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from inspcheck.yamlread import read_tree
from inspcheck.yamltree import EMPTY, YMap, YSeq, position
from tests.conftest import CASES, REPO


def _readable(path: Path) -> bool:
    tree, findings = read_tree(path.read_bytes(), path.name)
    return isinstance(tree, YMap | YSeq) and not findings


FILES = sorted(
    p for p in [*CASES.rglob("*.yaml"), *(REPO / "data").rglob("*.yaml")]
    if p.is_file() and not p.is_symlink() and _readable(p)
)  # fmt: skip


def _reference(node: yaml.Node) -> Any:
    """Values and places from the composed node tree, in the reader's shapes."""
    place = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        return ("map", place, [(k.value, (k.start_mark.line + 1, k.start_mark.column + 1),
                                _reference(v)) for k, v in node.value])  # fmt: skip
    if isinstance(node, yaml.SequenceNode):
        return ("seq", place, [_reference(v) for v in node.value])
    value = node.value if (node.value or node.style) else EMPTY
    return ("str", place, value)


def _ours(value: Any, place: tuple[int, int]) -> Any:
    if isinstance(value, YMap):
        return ("map", position(value.mark), [
            (k, position(value.key_marks[k]), _ours(v, position(value.value_marks[k])))
            for k, v in value.items()
        ])  # fmt: skip
    if isinstance(value, YSeq):
        return (
            "seq",
            position(value.mark),
            [_ours(v, position(m)) for v, m in zip(value, value.item_marks, strict=True)],
        )
    return ("str", place, value)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_reader_agrees_with_the_reference(path: Path) -> None:
    raw = path.read_bytes()
    tree, _ = read_tree(raw, path.name)
    node = yaml.compose(raw.decode("utf-8-sig"), Loader=yaml.BaseLoader)
    assert _ours(tree, position(tree.mark)) == _reference(node)


def test_enough_files_are_compared() -> None:
    assert len(FILES) >= 100
